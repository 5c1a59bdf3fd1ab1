"""Output formats: one module per format, each a ``render(results, context) -> str``."""
from __future__ import annotations

import importlib
from collections import Counter
from dataclasses import dataclass, field

FORMATS = {
    "text": "linter.report.text",
    "json": "linter.report.json",
}


@dataclass
class ReportContext:
    """What a format may need besides the results: the rules, options, the tool version."""

    rules: list = field(default_factory=list)
    statistics: bool = False
    color: bool = False
    show_source: bool = True
    version: str = ""


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


def render(fmt: str, results, context: ReportContext) -> str:
    return importlib.import_module(FORMATS[fmt]).render(results, context)
