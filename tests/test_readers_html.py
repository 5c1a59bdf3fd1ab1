"""HTML reader: the article and not the page, and every finding at its line and column in the HTML."""
from __future__ import annotations

import html

import pytest

from conftest import SEED
from linter.api import lint_text, make_linter
from linter.readers.html import read_html


def _blocks(doc):
    return [(b.kind, doc.block_text(b)) for b in doc.blocks]


def seed_page() -> str:
    """The seed article inside a page with navigation, a cookie banner, scripts, an aside and a footer."""
    paragraphs = [p for p in SEED.read_text(encoding="utf-8").split("\n") if p.strip()]
    body = "\n".join(f"    <p>{html.escape(p, quote=False)}</p>" for p in paragraphs[1:])
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{paragraphs[0]} | Militarnyi</title>
<script>var x = "<p>The DPRK and Russia sign mutual defense pact</p>";</script>
<style>p {{ color: red }}</style></head>
<body>
<header class="site-header"><a href="/">Militarnyi</a>
  <nav><ul><li>Home</li><li>World</li><li>Asia North Korea (DPRK) Russia World</li></ul></nav></header>
<div id="cookie-banner" class="cookie-consent">We use cookies to improve your experience. <button>Accept all</button></div>
<main>
  <article>
    <h1>{paragraphs[0]}</h1>
{body}
  </article>
  <aside class="related"><h3>Related news</h3><p>Russia and the DPRK have signed a strategic partnership agreement.</p></aside>
</main>
<footer><p>Asia North Korea (DPRK) Russia World</p><p>© 2024 Militarnyi. All rights reserved.</p></footer>
<script>console.log("The Russian media announced this.")</script>
</body></html>
"""


def test_seed_page_yields_the_same_findings_as_the_seed_text():
    linter = make_linter()
    page = seed_page()
    from_text = lint_text(SEED.read_text(encoding="utf-8"), "seed.txt", linter=linter)
    from_html = lint_text(page, "seed.html", linter=linter)
    assert [(f.code, f.text) for f in from_html] == [(f.code, f.text) for f in from_text]
    assert from_text  # the seed has findings, so the comparison means something
    lines = page.splitlines()
    for finding in from_html:  # positions are the HTML file's
        assert lines[finding.line - 1][finding.column - 1:].startswith(finding.text)


def test_page_furniture_is_not_article_text():
    doc = read_html("p.html", seed_page())
    assert doc.blocks[0].kind == "headline"
    text = doc.text
    for furniture in ("cookies", "Accept all", "Home", "Related news", "All rights reserved", "console.log",
                      "color: red", "Militarnyi</a>", "| Militarnyi"):
        assert furniture not in text
    assert text.count("Asia North Korea (DPRK) Russia World") == 2  # the tag lines inside the article stay


def test_entities_and_whitespace_map_back_to_the_file():
    source = "<h1>Caf&eacute; &amp; bar</h1>\n<p>The  the\n   minister said it&#8217;s done.</p>"
    doc = read_html("x.html", source)
    assert _blocks(doc) == [("headline", "Café & bar"), ("paragraph", "The the minister said it’s done.")]
    start = doc.text.index("&")
    assert source[slice(*doc.to_source(start, start + 1))] == "&amp;"
    start = doc.text.index("’")
    assert source[slice(*doc.to_source(start, start + 1))] == "&#8217;"
    [finding] = lint_text(source, "x.html", select=["CD501"])
    assert (finding.line, finding.column, finding.end_line, finding.end_column) == (2, 4, 2, 12)
    assert finding.text == "The  the"


def test_title_is_the_headline_when_there_is_no_h1():
    doc = read_html("x.html", "<html><head><title>Fire in Kyiv</title></head><body><p>Crews put out a fire "
                              "on Monday, officials said.</p></body></html>")
    assert _blocks(doc) == [("headline", "Fire in Kyiv"),
                            ("paragraph", "Crews put out a fire on Monday, officials said.")]


def test_article_element_narrows_the_body_and_keeps_its_own_header():
    source = ("<body><p>Site-wide teaser paragraph that is not the story.</p>"
              "<article><header><h1>Fire in Kyiv</h1><p class=byline>By Staff</p></header>"
              "<p>Crews put out a fire on Monday.</p><div class='share-bar'>Share on Facebook</div></article></body>")
    doc = read_html("x.html", source)
    assert _blocks(doc) == [("headline", "Fire in Kyiv"), ("line", "By Staff"),
                            ("paragraph", "Crews put out a fire on Monday.")]


def test_h1_in_the_site_header_is_the_headline_and_the_rest_of_the_header_is_not_text():
    source = ("<body><header><a href='/'>Site name</a><h1>Fire in Kyiv</h1></header>"
              "<p>Crews put out a fire on Monday.</p><footer>Contacts</footer></body>")
    assert _blocks(read_html("x.html", source)) == [("headline", "Fire in Kyiv"),
                                                    ("paragraph", "Crews put out a fire on Monday.")]


def test_item_prop_article_body_counts_as_the_article():
    source = ("<body><div class=teaser><p>Other story.</p></div><h1>Title here</h1>"
              "<div itemprop='articleBody'><p>First paragraph of the story.</p></div></body>")
    assert _blocks(read_html("x.html", source)) == [("headline", "Title here"),
                                                    ("paragraph", "First paragraph of the story.")]


def test_malformed_html_is_read_as_a_browser_reads_it():
    source = ("<html><body><h1>Fire in Kyiv<p>Crews put out a fire.<p>Two people were hurt, <b>officials said."
              "</div></span><p>Unclosed <i>italic text continues.")
    assert _blocks(read_html("x.html", source)) == [
        ("headline", "Fire in Kyiv"), ("paragraph", "Crews put out a fire."),
        ("paragraph", "Two people were hurt, officials said."), ("paragraph", "Unclosed italic text continues.")]


def test_breaks_and_list_items_separate_blocks_and_pre_keeps_spacing():
    source = "<body><p>Line one<br>Line two</p><ul><li>Item one</li><li>Item two</li></ul><pre>a  b</pre></body>"
    assert [t for _, t in _blocks(read_html("x.html", source))] == ["Line one", "Line two", "Item one", "Item two",
                                                                   "a  b"]


@pytest.mark.parametrize("hidden", ['<div hidden>Secret text.</div>', '<div aria-hidden="true">Secret text.</div>',
                                    '<div role="navigation">Secret text.</div>', '<form>Secret text.</form>',
                                    '<noscript>Secret text.</noscript>'])
def test_hidden_and_interactive_elements_are_skipped(hidden):
    doc = read_html("x.html", f"<body><p>Visible paragraph here.</p>{hidden}<p>Second visible one.</p></body>")
    assert "Secret" not in doc.text
    assert doc.text == "Visible paragraph here.\n\nSecond visible one."


def test_shareholders_is_not_a_share_bar():
    doc = read_html("x.html", "<body><div class='shareholders-report'><p>Shareholders met on Monday.</p></div></body>")
    assert doc.text == "Shareholders met on Monday."


def test_directory_walk_takes_html(tmp_path):
    from linter.runner import Runner

    (tmp_path / "a.html").write_text("<p>Rescuers searched for for survivors.</p>", encoding="utf-8")
    (tmp_path / "a.labels.json").write_text('{"file": "a.html", "expected": []}', encoding="utf-8")
    results = list(Runner(overrides=None).run([str(tmp_path)]))
    assert [r.path for r in results] == [str(tmp_path / "a.html")]
