"""The HTML report without a browser: escaping, the content policy, highlight placement, figures."""
from __future__ import annotations

import base64
import hashlib
import html
import re

import textstat

from conftest import SEED
from linter.finding import Finding
from linter.report import ReportContext, render
from linter.report.html import highlighted_lines
from linter.runner import FileResult

HOSTILE = ("Headline <b>bold</b>\n<script>window.__pwned = 1</script>\n"
           "<img src=x onerror=\"window.__pwned = 2\"> & </body></html> \"quoted\" 'single'\n")


def finding(offset: int, end: int, source: str, code="CD501", severity="warning", category="typography"):
    before = source[:offset]
    line, column = before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1
    upto = source[:end]
    return Finding(code=code, name="rule-name", category=category, severity=severity, message=f"{code} says <no>",
                   line=line, column=column, end_line=upto.count("\n") + 1,
                   end_column=end - (upto.rfind("\n") + 1) + 1, offset=offset, end_offset=end, text=source[offset:end])


def line_texts(rendered: list[str]) -> list[str]:
    """The visible text of each rendered line (tags dropped, entities decoded, line number removed)."""
    out = []
    for line in rendered:
        body = re.search(r'<span class="tx">(.*)</span></div>$', line, re.S).group(1)
        out.append(html.unescape(re.sub(r"<[^>]+>", "", body)))
    return out


def marks(rendered: list[str]) -> list[tuple[str, str, str]]:
    """(classes, data-f, text) of every highlight, in order."""
    return [(c, f, html.unescape(t)) for c, f, t in
            re.findall(r'<mark class="hl ([^"]*)" data-f="([^"]*)" title="[^"]*">([^<]*)</mark>', "".join(rendered))]


def test_article_text_is_escaped_and_only_the_report_script_exists():
    source = HOSTILE
    start = source.index("<script>")
    page = render("html", [FileResult("evil<x>.txt", [finding(start, start + 8, source)], source=source)],
                  ReportContext(version="1"))
    assert page.count("<script") == 1 and page.count("</script>") == 1  # the report's own, at the end
    assert "<img" not in page and "<b>bold" not in page
    assert page.count("</body>") == 1 and page.rstrip().endswith("</body></html>")
    shown = line_texts(re.findall(r'<div class="ln".*?</span></div>', page))
    assert shown == source.split("\n")
    assert "onerror=&quot;window.__pwned = 2&quot;" in page
    assert "evil&lt;x&gt;.txt" in page and "CD501 says &lt;no&gt;" in page


def test_content_security_policy_admits_exactly_the_inline_style_and_script():
    page = render("html", [FileResult("a.txt", [], source="Some text here.\n")], ReportContext())
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
    for tag, directive in (("style", "style-src"), ("script", "script-src")):
        body = re.search(rf"<{tag}>(.*?)</{tag}>", page, re.S).group(1)
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert f"{directive} 'sha256-{digest}';" in policy
    assert "default-src 'none'" in policy
    assert not re.search(r'(?:src|href)="(?!#)', page), "no external resources or links"


def test_overlapping_multiline_and_empty_findings_are_placed_exactly():
    source = "Title line\r\nthe the cat sat\nand ran far\n"
    both = source.index("the the")
    findings = [finding(both, both + 7, source, severity="info"),                 # 0: "the the"
                finding(both + 4, both + 11, source, severity="error"),          # 1: "the cat", overlaps 0
                finding(source.index("sat"), source.index("ran"), source),      # 2: "sat\nand " across lines
                finding(source.index("far"), source.index("far"), source)]      # 3: empty, before "far"
    rendered = highlighted_lines(source, findings, "a1")
    assert line_texts(rendered) == ["Title line", "the the cat sat", "and ran far", ""]
    assert marks(rendered) == [("info", "0", "the "), ("error", "0 1", "the"), ("error", "1", " cat"),
                               ("warning", "2", "sat"), ("warning", "2", "and "), ("warning point", "3", "")]
    for i, f in enumerate(findings):
        line = rendered[f.line - 1]
        before_anchor = line_texts([line.split(f'<span class="anchor" id="a1-f{i}">')[0] + "</span></div>"])[0]
        assert before_anchor == source.split("\n")[f.line - 1].rstrip("\r")[: f.column - 1]


def test_seed_report_shows_readability_figures_and_counts():
    source = SEED.read_text(encoding="utf-8")
    result = FileResult("seeds/dprk-russia-pact.txt", [finding(46, 90, source, code="CD101", severity="error",
                                                               category="duplication")], source=source)
    page = render("html", [result], ReportContext())
    ease = round(textstat.flesch_reading_ease(source), 1)
    grade = round(textstat.flesch_kincaid_grade(source), 1)
    assert f'Flesch reading ease <b class="ease">{ease}</b> (difficult)' in page
    assert f'Flesch-Kincaid grade <b class="grade">{grade}</b>' in page
    assert '<span class="shown">1</span> of 1 finding: 1 error · 0 warning · 0 info (duplication 1)' in page
    assert '<input type="checkbox" data-filter="category" value="duplication" checked> duplication (1)' in page


def test_many_articles_get_a_file_table_and_errors_are_shown():
    results = [FileResult("a.txt", [], source="Clean text here.\n"), FileResult("b.txt", error="binary file")]
    page = render("html", results, ReportContext())
    assert '<td><a href="#a1">a.txt</a></td><td class="n">0</td>' in page
    assert '<td><a href="#a2">b.txt</a></td><td class="n">could not be linted</td>' in page
    assert '<p class="error-text">Could not be linted: binary file</p>' in page
    assert '<section class="article" id="a1" data-path="a.txt"><details><summary>' in page  # clean: closed
