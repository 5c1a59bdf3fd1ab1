"""``--format markdown``: a summary and one table per file, to paste into a ticket or pull request.

Article text is escaped (Markdown and HTML punctuation), so a scraped ``<script>`` or ``|`` cannot
break the table or the page it is pasted into. Files without findings are counted, not listed.
"""
from __future__ import annotations

import re
from collections import Counter

from linter.report import summary

_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&#])")
_EXCERPT = 80


def escape(text: str, limit: int | None = None) -> str:
    flat = " ".join(text.split())
    if limit is not None and len(flat) > limit:
        flat = flat[: limit - 1] + "…"
    return _SPECIAL.sub(r"\\\1", flat)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def render(results, context) -> str:
    s = summary(results)
    out = [f"## copydesk: {_plural(s['findings'], 'finding')} in {_plural(s['files'], 'file')}", "",
           f"{s['error']} error · {s['warning']} warning · {s['info']} info", ""]
    categories = Counter(f.category for r in results for f in r.findings)
    if categories:
        out += ["| Category | Findings |", "|---|---:|"]
        out += [f"| {c} | {n} |" for c, n in sorted(categories.items(), key=lambda kv: (-kv[1], kv[0]))]
        out.append("")
    clean = 0
    for result in results:
        if not (result.findings or result.error or result.warnings):
            clean += 1
            continue
        out += [f"### {escape(result.path)}", ""]
        if result.error:
            out += [f"**Could not be linted:** {escape(result.error)}", ""]
        out += [f"- warning: {escape(w)}" for w in result.warnings]
        if result.warnings:
            out.append("")
        if result.findings:
            out += ["| Line | Rule | Severity | Message | Text |", "|---:|---|---|---|---|"]
            for f in result.findings:
                message = f.message if not f.suggestion else f"{f.message} Suggestion: {f.suggestion}"
                out.append(f"| {f.line}:{f.column} | {f.code} {f.name} | {f.severity} | {escape(message)} "
                           f"| {escape(f.text, _EXCERPT)} |")
            out.append("")
    if clean:
        out += [f"{_plural(clean, 'file')} without findings.", ""]
    return "\n".join(out)
