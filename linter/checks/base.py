"""What every check kind shares: the interface, scopes, and regex compilation with clear errors."""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from linter.document import Document
from linter.errors import RulePackError
from linter.finding import Hit


@dataclass
class Context:
    """What a kind may need beyond its rules: per-kind options from the configuration."""

    options: dict = field(default_factory=dict)

    def for_kind(self, kind: str) -> dict:
        return self.options.get(kind, {})


class CheckKind:
    """Base of every kind. Subclasses set ``name``, ``params_schema`` and ``default_scope``."""

    name = ""
    params_schema: dict = {"type": "object"}
    default_scope = "sentence"

    def __init__(self, rules: list, context: Context | None = None):
        self.rules = list(rules)
        self.context = context or Context()

    @classmethod
    def validate_rule(cls, data: dict, params: dict, path: str) -> None:
        """Checks a schema cannot express (regexes compile, lists agree); raise RulePackError."""

    def run(self, doc: Document) -> Iterable[Hit]:
        raise NotImplementedError

    def scope_of(self, rule) -> str:
        return rule.scope or self.default_scope


def compile_regex(pattern: str, flags: int, where: str) -> re.Pattern:
    """``re.compile``, served from the compiled-regex cache across runs (start-up time)."""
    from linter import regexcache

    try:
        return regexcache.compile(pattern, flags)
    except re.error as exc:
        raise RulePackError(f"{where}: invalid regular expression {pattern!r}: {exc}") from None


def scope_spans(doc: Document, scope: str) -> Iterator[tuple[int, int]]:
    """The spans of ``doc.text`` a rule of this scope looks at."""
    if scope == "document":
        yield 0, len(doc.text)
    elif scope == "sentence":
        for s in doc.sentences:
            yield s.start, s.end
    else:
        for block in doc.blocks:
            if scope == "headline" and block.kind != "headline":
                continue
            if scope == "body" and block.kind == "headline":
                continue
            if scope == "line" and block.kind != "line":
                continue
            if scope == "paragraph" and block.kind != "paragraph":
                continue
            yield block.start, block.end


def literal_alternation(phrases: Iterable[str]) -> str:
    """One regex alternative per phrase, longest first, spaces matching any whitespace run."""
    parts = sorted({p for p in phrases if p}, key=lambda p: (-len(p), p))  # deterministic: cacheable
    return "|".join(r"\s+".join(re.escape(w) for w in p.split()) for p in parts)


def match_case(template: str, original: str) -> str:
    """Give a replacement the capitalisation of the text it replaces (first letter, or all caps)."""
    if original.isupper() and len(original) > 1:
        return template.upper()
    if original[:1].isupper():
        return template[:1].upper() + template[1:]
    return template
