"""The document model: blocks, sentences, positions, and the readers that build them."""
from __future__ import annotations

from linter.document import LineIndex, Run, SpanMap
from linter.readers.markdown import read_markdown
from linter.readers.text import read_text


def kinds_and_texts(doc):
    return [(b.kind, doc.block_text(b)) for b in doc.blocks]


def test_line_index_counts_code_points_and_all_line_breaks():
    index = LineIndex("aé\r\nb\rc\nд")
    assert index.position(0) == (1, 1)
    assert index.position(2) == (1, 3)
    assert index.position(4) == (2, 1)
    assert index.position(6) == (3, 1)
    assert index.position(8) == (4, 1)
    assert index.offset(4, 1) == 8


def test_plain_text_blocks_one_per_line_with_headline_and_tag_line():
    doc = read_text("a.txt", "Headline here\n\nAsia Russia World\n\nThe first paragraph. It has two sentences.\n")
    assert kinds_and_texts(doc) == [("headline", "Headline here"), ("line", "Asia Russia World"),
                                    ("paragraph", "The first paragraph. It has two sentences.")]
    assert [doc.sentence_text(s) for s in doc.sentences] == [
        "Headline here", "Asia Russia World", "The first paragraph.", "It has two sentences."]


def test_plain_text_joins_a_line_that_continues_in_lower_case():
    doc = read_text("a.txt", "Title\nThe minister said that the talks\nwould continue next week.\nNext line.\n")
    assert kinds_and_texts(doc)[1] == ("paragraph", "The minister said that the talks\nwould continue next week.")


def test_hard_wrapped_text_is_read_as_paragraphs():
    text = ("Title of the story\n\nThe minister said on Monday that the talks with\n"
            "Moscow would continue next week in Geneva and\nthat both sides were ready.\n\n"
            "Officials in Kyiv did not comment on the\nreport, which was published by\nReuters.\n")
    doc = read_text("a.txt", text)
    assert [b.kind for b in doc.blocks] == ["headline", "paragraph", "paragraph"]
    assert doc.block_text(doc.blocks[2]).endswith("by\nReuters.")


def test_single_block_document_has_no_headline():
    doc = read_text("a.txt", "Just one sentence here.")
    assert [b.kind for b in doc.blocks] == ["paragraph"]


def test_crlf_blocks_exclude_the_carriage_return():
    doc = read_text("a.txt", "Title\r\nBody text here.\r\n")
    assert kinds_and_texts(doc) == [("headline", "Title"), ("paragraph", "Body text here.")]


def test_markdown_skips_front_matter_and_code_and_strips_markup():
    source = ("---\ntitle: The story\n---\n# The *real* headline\n\nA [linked](http://x.org) word and **bold**.\n\n"
              "```\ncode is not article text\n```\n\n> Quoted paragraph.\n\n- item one\n")
    doc = read_markdown("a.md", source)
    assert kinds_and_texts(doc) == [("headline", "The real headline"),
                                    ("paragraph", "A linked word and bold."),
                                    ("paragraph", "Quoted paragraph."), ("line", "item one")]
    linked = doc.text.index("linked")
    start, end = doc.to_source(linked, linked + len("linked"))
    assert source[start:end] == "linked"
    bold = doc.text.index("bold")
    start, end = doc.to_source(bold, bold + 4)
    assert source[start:end] == "bold"
    assert doc.source_lines.position(start)[0] == 6


def test_span_map_maps_replacements_whole():
    spans = SpanMap([Run(0, 3, 10, 13), Run(3, 4, 13, 18), Run(4, 6, 18, 20)])  # "abc" "&" (entity) "de"
    assert spans.to_source(1) == 11
    assert spans.to_source(3) == 13
    assert spans.to_source(4, is_end=True) == 18
    assert spans.to_source(5) == 19
