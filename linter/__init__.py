"""copydesk: a rule-based text-quality and translation-review linter for translated news."""

__version__ = "0.1.0"
