"""What a check reports (:class:`Hit`, in article coordinates) and what the user sees (:class:`Finding`)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}
CATEGORIES = (
    "duplication", "boilerplate", "garbled", "attribution", "consistency", "temporal", "typography",
    "untranslated", "style", "grammar", "readability", "translation",
)


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace [start, end) with ``replacement``; offsets into whatever text the owner names."""

    start: int
    end: int
    replacement: str


@dataclass(frozen=True, slots=True)
class Fix:
    edits: tuple[Edit, ...]
    safe: bool
    description: str = ""


@dataclass(slots=True)
class Hit:
    """A check's raw report: a span of ``doc.text`` and the values its rule's message names."""

    rule: Any  # linter.rulepack.Rule
    start: int
    end: int
    args: dict = field(default_factory=dict)
    suggestion: str | None = None
    edits: tuple[Edit, ...] | None = None  # article coordinates; the engine maps them to the file
    message: str | None = None  # overrides the rule's message template (LanguageTool's own text)


@dataclass(slots=True)
class Finding:
    code: str
    name: str
    category: str
    severity: str
    message: str
    line: int
    column: int
    end_line: int
    end_column: int
    offset: int
    end_offset: int
    text: str
    suggestion: str | None = None
    fix: Fix | None = None

    def to_dict(self) -> dict:
        """The JSON contract of DESIGN.md (field names and order), plus ``fix`` when there is one."""
        out = {
            "code": self.code, "name": self.name, "category": self.category, "severity": self.severity,
            "message": self.message, "line": self.line, "column": self.column,
            "end_line": self.end_line, "end_column": self.end_column,
            "offset": self.offset, "end_offset": self.end_offset, "text": self.text,
            "suggestion": self.suggestion,
        }
        if self.fix is not None:
            out["fix"] = {
                "safe": self.fix.safe,
                "description": self.fix.description,
                "edits": [{"offset": e.start, "end_offset": e.end, "replacement": e.replacement}
                          for e in self.fix.edits],
            }
        return out

    @property
    def sort_key(self) -> tuple:
        return (self.offset, self.end_offset, self.code, self.message)
