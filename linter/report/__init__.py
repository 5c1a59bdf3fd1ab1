"""Output formats: one module per format, each a ``render(results, context) -> str``.

A streaming format (``streams=True``) also defines ``stream(results, context) -> Iterator[str]``,
so that its output is written while files are still being linted (jsonl, for very large runs).
``FORMATS`` is the registry the command line takes its ``--format`` choices from.
"""
from __future__ import annotations

import importlib
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field


@dataclass(frozen=True)
class OutputFormat:
    module: str
    help: str
    needs_source: bool = False  # reads the article text (highlights, fingerprints): Runner keep_source
    streams: bool = False  # the module has ``stream``: output is written while files are linted


FORMATS: dict[str, OutputFormat] = {
    "text": OutputFormat("linter.report.text", "path:line:col lines for a terminal", streams=True),
    "json": OutputFormat("linter.report.json", "one JSON object for the run (the documented contract)"),
    "jsonl": OutputFormat("linter.report.jsonl", "one JSON object a line, streamed, for very large runs",
                          streams=True),
    "html": OutputFormat("linter.report.html", "self-contained HTML page: each article with its findings "
                         "highlighted", needs_source=True),
    "markdown": OutputFormat("linter.report.markdown", "tables to paste into a ticket or pull request"),
    "sarif": OutputFormat("linter.report.sarif", "SARIF 2.1.0 for code scanning", needs_source=True),
    "github": OutputFormat("linter.report.github", "GitHub Actions workflow annotations"),
    "junit": OutputFormat("linter.report.junit", "JUnit XML: a test case per file, a failure per finding"),
    "gitlab": OutputFormat("linter.report.gitlab", "GitLab code quality report", needs_source=True),
}


@dataclass
class ReportContext:
    """What a format may need besides the results: the rules, options, the tool version."""

    rules: list = field(default_factory=list)
    statistics: bool = False
    color: bool = False
    show_source: bool = True
    version: str = ""

    def rules_by_code(self) -> dict:
        """Rule objects by code; a format falls back to what a finding says for codes not here."""
        return {r.code: r for r in self.rules}


def summary(results) -> dict:
    counts = Counter(f.severity for r in results for f in r.findings)
    return {
        "files": len(results),
        "findings": sum(counts.values()),
        "error": counts.get("error", 0),
        "warning": counts.get("warning", 0),
        "info": counts.get("info", 0),
        "files_with_errors": sum(1 for r in results if r.error),
    }


def _module(fmt: str):
    return importlib.import_module(FORMATS[fmt].module)


def render(fmt: str, results, context: ReportContext) -> str:
    return _module(fmt).render(results, context)


def stream(fmt: str, results: Iterable, context: ReportContext) -> Iterator[str]:
    """Output chunks as results arrive (formats registered with ``streams=True``)."""
    return _module(fmt).stream(results, context)
