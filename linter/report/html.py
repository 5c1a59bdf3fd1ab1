"""``--format html``: the editor's report, one self-contained page for one or many articles.

Each article is shown line by line with every finding highlighted in place (colour by severity,
messages on hover and in a side list that links to the place), counts by severity and category,
Flesch reading ease and grade (textstat), and filters by severity and category. No network: CSS
and JavaScript are inline, and a Content-Security-Policy admits only those two blocks (by hash),
so even a slip in escaping could not run a script from an article. All article text is escaped.
"""
from __future__ import annotations

import base64
import bisect
import hashlib
import re
from collections import Counter
from html import escape
from importlib import resources

from linter.document import LineIndex
from linter.finding import SEVERITIES, SEVERITY_RANK
from linter.report import summary

_TAG = re.compile(r"<!--.*?-->|<[^>]*>", re.S)
_EXCERPT = 160
_EASE_BANDS = ((90, "very easy"), (80, "easy"), (70, "fairly easy"), (60, "plain English"),
               (50, "fairly difficult"), (30, "difficult"), (float("-inf"), "very difficult"))


def _asset(name: str) -> str:
    return resources.files("linter.report").joinpath("assets", name).read_text(encoding="utf-8")


def _csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def readability(source: str) -> tuple[float, float] | None:
    """(Flesch reading ease, Flesch-Kincaid grade) of the text with markup tags removed."""
    plain = _TAG.sub(" ", source)
    if len(plain.split()) < 3:
        return None
    import textstat

    return round(textstat.flesch_reading_ease(plain), 1), round(textstat.flesch_kincaid_grade(plain), 1)


def _ease_label(ease: float) -> str:
    return next(label for bound, label in _EASE_BANDS if ease >= bound)


def _mark(classes: str, covering: list[int], findings, text: str) -> str:
    title = "\n".join(f"{findings[i].code} [{findings[i].severity}] {findings[i].message}" for i in covering)
    worst = max((findings[i].severity for i in covering), key=SEVERITY_RANK.__getitem__)
    return (f'<mark class="hl {worst}{classes}" data-f="{" ".join(map(str, covering))}" '
            f'title="{escape(title)}">{escape(text)}</mark>')


def highlighted_lines(source: str, findings, prefix: str) -> list[str]:
    """One ``<div class="ln">`` per line of ``source``; findings marked, anchors where they start."""
    lines = LineIndex(source)
    cuts = sorted({f.offset for f in findings} | {f.end_offset for f in findings})
    order = sorted(range(len(findings)), key=lambda i: findings[i].offset)
    active: list[int] = []
    next_i = 0
    out = []
    for n, start in enumerate(lines.starts, 1):
        following = lines.starts[n] if n < len(lines.starts) else len(source)
        end = start + len(source[start:following].rstrip("\r\n"))
        points = [start, *cuts[bisect.bisect_right(cuts, start):bisect.bisect_left(cuts, end)], end]
        html = []
        for a, b in zip(points, points[1:] + [None]):
            while next_i < len(order) and (findings[order[next_i]].offset <= a
                                           or (b is None and findings[order[next_i]].offset < following)):
                i = order[next_i]
                html.append(f'<span class="anchor" id="{prefix}-f{i}"></span>')
                if findings[i].end_offset == findings[i].offset:
                    html.append(_mark(" point", [i], findings, ""))
                else:
                    active.append(i)
                next_i += 1
            if b is None:
                break
            active = [i for i in active if findings[i].end_offset > a]
            piece = source[a:b]
            html.append(_mark("", sorted(active), findings, piece) if active and piece else escape(piece))
        out.append(f'<div class="ln" id="{prefix}-L{n}"><span class="no">{n}</span>'
                   f'<span class="tx">{"".join(html)}</span></div>')
    return out


def _finding_item(i: int, f, prefix: str) -> str:
    excerpt = " ".join(f.text.split())
    excerpt = excerpt if len(excerpt) <= _EXCERPT else excerpt[: _EXCERPT - 1] + "…"
    parts = [f'<li class="finding {f.severity}" data-index="{i}" data-severity="{f.severity}" '
             f'data-category="{escape(f.category)}"><a href="#{prefix}-f{i}">'
             f'<span class="pos">{f.line}:{f.column}</span> <span class="badge {f.severity}">{f.severity}</span> '
             f'<span class="rule">{escape(f.code)} {escape(f.name)}</span> <span class="cat">{escape(f.category)}'
             f'</span></a><p class="msg">{escape(f.message)}</p>']
    if excerpt:
        parts.append(f'<p class="excerpt">{escape(excerpt)}</p>')
    if f.suggestion:
        parts.append(f'<p class="suggestion">Suggestion: <b>{escape(f.suggestion)}</b></p>')
    return "".join(parts) + "</li>"


def _counts_text(findings) -> str:
    by_severity = Counter(f.severity for f in findings)
    by_category = Counter(f.category for f in findings)
    severities = " · ".join(f"{by_severity[s]} {s}" for s in SEVERITIES)
    categories = ", ".join(f"{c} {n}" for c, n in sorted(by_category.items(), key=lambda kv: (-kv[1], kv[0])))
    return severities + (f" ({categories})" if categories else "")


def _article(index: int, result) -> str:
    prefix = f"a{index}"
    findings = result.findings
    head = [f'<section class="article" id="{prefix}" data-path="{escape(result.path)}">',
            f'<details{" open" if findings or result.error else ""}><summary><h2>{escape(result.path)}</h2>']
    if result.error:
        head += ['</summary>', f'<p class="error-text">Could not be linted: {escape(result.error)}</p>',
                 "</details></section>"]
        return "".join(head)
    stats = [f'<span class="shown">{len(findings)}</span> of {_plural(len(findings), "finding")}: '
             f'{escape(_counts_text(findings))}']
    figures = readability(result.source or "")
    if figures:
        ease, grade = figures
        stats.append(f'Flesch reading ease <b class="ease">{ease}</b> ({_ease_label(ease)}) · '
                     f'Flesch-Kincaid grade <b class="grade">{grade}</b>')
    head.append("".join(f'<div class="stats">{s}</div>' for s in stats) + "</summary>")
    if result.warnings:
        head.append('<ul class="warnings">' + "".join(f"<li>warning: {escape(w)}</li>" for w in result.warnings)
                    + "</ul>")
    text = "".join(highlighted_lines(result.source or "", findings, prefix))
    items = "".join(_finding_item(i, f, prefix) for i, f in enumerate(findings))
    listing = f'<ol class="findings">{items}</ol>' if findings else '<p class="none">No findings.</p>'
    head.append(f'<div class="cols"><div class="text">{text}</div><aside><h3>Findings</h3>{listing}</aside></div>')
    return "".join(head) + "</details></section>"


def _filters(results) -> str:
    findings = [f for r in results for f in r.findings]
    by_severity = Counter(f.severity for f in findings)
    by_category = Counter(f.category for f in findings)

    def box(kind: str, value: str, n: int) -> str:
        return (f'<label><input type="checkbox" data-filter="{kind}" value="{escape(value)}" checked> '
                f'{escape(value)} ({n})</label>')

    severities = "".join(box("severity", s, by_severity[s]) for s in SEVERITIES)
    categories = "".join(box("category", c, n) for c, n in sorted(by_category.items()))
    return (f'<form class="filters"><fieldset><legend>Severity</legend>{severities}</fieldset>'
            f'<fieldset><legend>Category</legend>{categories or "none"}</fieldset></form>')


def _file_table(results) -> str:
    rows = []
    for i, r in enumerate(results, 1):
        counts = Counter(f.severity for f in r.findings)
        status = "could not be linted" if r.error else str(len(r.findings))
        rows.append(f'<tr><td><a href="#a{i}">{escape(r.path)}</a></td><td class="n">{status}</td>'
                    + "".join(f'<td class="n">{counts[s]}</td>' for s in SEVERITIES) + "</tr>")
    head = "".join(f"<th>{s}</th>" for s in SEVERITIES)
    return f'<table class="files"><tr><th>file</th><th>findings</th>{head}</tr>{"".join(rows)}</table>'


def render(results, context) -> str:
    s = summary(results)
    css, js = _asset("report.css"), _asset("report.js")
    csp = (f"default-src 'none'; style-src {_csp_hash(css)}; script-src {_csp_hash(js)}; "
           "img-src 'none'; form-action 'none'; base-uri 'none'")
    totals = (f"{_plural(s['findings'], 'finding')} in {_plural(s['files'], 'file')}: {s['error']} error · "
              f"{s['warning']} warning · {s['info']} info"
              + (f" · {s['files_with_errors']} could not be linted" if s["files_with_errors"] else ""))
    articles = "\n".join(_article(i, r) for i, r in enumerate(results, 1))
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>copydesk report: {escape(totals)}</title>\n<style>{css}</style></head>\n<body>\n"
        f'<header><h1>copydesk report</h1><p class="totals">{escape(totals)}</p>\n{_filters(results)}\n'
        f'{_file_table(results) if len(results) > 1 else ""}</header>\n'
        f"<main>\n{articles}\n</main>\n"
        f"<footer>copydesk {escape(context.version)}</footer>\n<script>{js}</script>\n</body></html>\n"
    )
