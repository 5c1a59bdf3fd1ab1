"""Measurement scripts and data builders; not shipped in the wheel."""
