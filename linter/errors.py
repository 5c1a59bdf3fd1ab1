"""Errors that end up in front of the user: each names where the problem is."""
from __future__ import annotations


class CopydeskError(Exception):
    """A problem the user must fix (exit code 2). ``str()`` is the full message."""


class ReadError(CopydeskError):
    """A file that cannot be read as an article; ``line`` when the place is known."""

    def __init__(self, message: str, *, line: int | None = None, column: int | None = None):
        super().__init__(message)
        self.line = line
        self.column = column

    def located(self) -> str:
        where = ""
        if self.line is not None:
            where = f"line {self.line}" + (f", column {self.column}" if self.column is not None else "") + ": "
        return where + str(self)


class ConfigError(CopydeskError):
    """A broken configuration file or option: message is ``file: field: what is wrong``."""


class RulePackError(CopydeskError):
    """A broken rule YAML or word list: message is ``file: field: what is wrong``."""
