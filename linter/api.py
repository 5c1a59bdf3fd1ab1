"""A small programmatic API: lint a string or a file without the command line.

Used by the tests, the evaluator and the language server; stable enough for newsroom scripts.
"""
from __future__ import annotations

from pathlib import Path

from linter.config import Settings
from linter.engine import Linter
from linter.finding import Finding
from linter.readers import RecordError, read_documents, relocate


def make_linter(select: tuple[str, ...] | list[str] | None = None, *, settings: Settings | None = None,
                **overrides) -> Linter:
    settings = settings or Settings()
    if select is not None:
        settings = settings.with_overrides(select=tuple(select))
    if overrides:
        settings = settings.with_overrides(**overrides)
    return Linter(settings)


def lint_text(text: str, filename: str = "article.txt", *, select=None, linter: Linter | None = None,
              settings: Settings | None = None, meta: dict | None = None) -> list[Finding]:
    """Findings for ``text`` read as a file called ``filename`` (its extension picks the reader)."""
    linter = linter or make_linter(select, settings=settings)
    findings: list[Finding] = []
    for doc in read_documents(filename, text.encode("utf-8"), suffix=Path(filename).suffix or ".txt"):
        if isinstance(doc, RecordError):
            raise doc
        if meta:
            doc.meta.update(meta)
        findings.extend(relocate(linter.lint(doc, Path(filename)), doc))
    return findings
