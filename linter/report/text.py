"""``--format text``: ``path:line:col: CODE [severity] message`` and the flagged text under it."""
from __future__ import annotations

from collections import Counter

from linter.report import summary

_COLORS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m"}
_BOLD, _DIM, _RESET = "\033[1m", "\033[2m", "\033[0m"


def _excerpt(text: str, limit: int = 100) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def render(results, context) -> str:
    color = context.color
    lines: list[str] = []
    for result in results:
        for warning in result.warnings:
            lines.append(f"{result.path}: warning: {warning}")
        if result.error:
            lines.append(f"{result.path}: error: {result.error}")
            continue
        for f in result.findings:
            severity = f"[{f.severity}]"
            code = f.code
            if color:
                severity = f"{_COLORS[f.severity]}{severity}{_RESET}"
                code = f"{_BOLD}{code}{_RESET}"
            lines.append(f"{result.path}:{f.line}:{f.column}: {code} {severity} {f.message}")
            if context.show_source and f.text.strip():
                shown = _excerpt(f.text)
                lines.append(f"    {_DIM if color else ''}| {shown}{_RESET if color else ''}")
            if f.suggestion is not None and f.suggestion != "":
                lines.append(f"    = suggestion: {f.suggestion}")
    if context.statistics:
        lines.extend(statistics(results, context))
    lines.append(summary_line(results))
    return "\n".join(lines) + "\n"


def statistics(results, context) -> list[str]:
    counts = Counter((f.code, f.name, f.category) for r in results for f in r.findings)
    rows = [f"{n:6d}  {code}  {name} ({category})" for (code, name, category), n in
            sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    return ["", "Findings by rule:", *rows] if rows else ["", "Findings by rule: none"]


def summary_line(results) -> str:
    s = summary(results)
    files = s["files"]
    parts = f"{s['error']} error, {s['warning']} warning, {s['info']} info"
    tail = f"; {s['files_with_errors']} file(s) could not be linted" if s["files_with_errors"] else ""
    noun = "finding" if s["findings"] == 1 else "findings"
    return f"Found {s['findings']} {noun} ({parts}) in {files} file{'s' if files != 1 else ''}{tail}."
