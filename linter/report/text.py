"""``--format text``: ``path:line:col: CODE [severity] message`` and the flagged text under it."""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from linter.report import summary

_COLORS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m"}
_BOLD, _DIM, _RESET = "\033[1m", "\033[2m", "\033[0m"


def _excerpt(text: str, limit: int = 100) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def stream(results, context) -> Iterator[str]:
    """The report, file by file as results arrive; the closing lines need only a tally."""
    tally = Tally()
    for result in results:
        tally.add(result)
        lines = result_lines(result, context)
        if lines:
            yield "\n".join(lines) + "\n"
    closing = statistics(tally, context) if context.statistics else []
    yield "\n".join([*closing, summary_line(tally)]) + "\n"


def render(results, context) -> str:
    return "".join(stream(results, context))


def result_lines(result, context) -> list[str]:
    color = context.color
    lines: list[str] = [f"{result.path}: warning: {warning}" for warning in result.warnings]
    if result.error:
        lines.append(f"{result.path}: error: {result.error}")
        return lines
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
    return lines


class Tally:
    """What the closing lines count, kept while results stream past (memory stays flat)."""

    def __init__(self):
        self.files = self.files_with_errors = 0
        self.severities: Counter = Counter()
        self.rules: Counter = Counter()

    def add(self, result) -> None:
        self.files += 1
        self.files_with_errors += bool(result.error)
        for f in result.findings:
            self.severities[f.severity] += 1
            self.rules[(f.code, f.name, f.category)] += 1

    def summary(self) -> dict:
        counts = self.severities
        return {"files": self.files, "findings": sum(counts.values()), "error": counts.get("error", 0),
                "warning": counts.get("warning", 0), "info": counts.get("info", 0),
                "files_with_errors": self.files_with_errors}


def _tally(results) -> Tally:
    if isinstance(results, Tally):
        return results
    tally = Tally()
    for result in results:
        tally.add(result)
    return tally


def statistics(results, context) -> list[str]:
    counts = _tally(results).rules
    rows = [f"{n:6d}  {code}  {name} ({category})" for (code, name, category), n in
            sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    return ["", "Findings by rule:", *rows] if rows else ["", "Findings by rule: none"]


def summary_line(results) -> str:
    s = results.summary() if isinstance(results, Tally) else summary(results)
    files = s["files"]
    parts = f"{s['error']} error, {s['warning']} warning, {s['info']} info"
    tail = f"; {s['files_with_errors']} file(s) could not be linted" if s["files_with_errors"] else ""
    noun = "finding" if s["findings"] == 1 else "findings"
    return f"Found {s['findings']} {noun} ({parts}) in {files} file{'s' if files != 1 else ''}{tail}."
