"""One regex over all of a scope's spans at once (ScopeSpans, joined_pattern) finds exactly what the
regex finds span by span; the one-pass repetition and script prefilters skip no span with a finding."""
from __future__ import annotations

import re

import pytest
import regex as uregex
from hypothesis import given, settings
from hypothesis import strategies as st

from linter.checks.base import ScopeSpans, compile_joined
from linter.checks.prefilter import joined_pattern
from linter.checks.repetition import Check as Repetition, find_loops, loop_starts
from linter.checks.script import AnyOf
from linter.readers import read_documents

# what a separator between spans could change: anchors, lookarounds, classes that match \x00,
# ".", empty matches, backreferences, inline flags, and a span's end
PATTERNS = [
    (r"^\w+", 0), (r"\w+$", 0), (r"^\w+", re.M), (r"\w+$", re.M), (r"\A\w", 0), (r"\w\Z", 0),
    (r"(?<!\w)said(?!\w)", re.I), (r"(?<=\s)\w+", 0), (r"(?<![^\s])\w+", 0), (r"\w+(?![^.])", 0),
    (r"[^a]+", 0), (r"\W+", 0), (r"[\W]+", 0), (r"\S+", 0), (r".{3}", 0), (r".{3}", re.S), (r"[^\w\s]", 0),
    (r"\s*", 0), (r"(?:x)?", 0), (r"\b", 0), (r"\B.", 0), (r"(?P<w>\w+)\s+(?P=w)", re.I),
    (r"(\w)\1", 0), (r"(?i:A)b", 0), (r"(?-i:A)b", re.I), (r"a|(?=\.)", 0), (r"\.$", 0), (r"[^.]*?\.", 0),
    (r"(?>\w+)\.", 0), (r"\w++\.", 0), (r"\d{2,}+", 0), (r"(a)?(?(1)b|c)", 0), (r"\u00e9+", re.I),
]
WORDS = ["a", "b", "ab", "A", "said", "Said", "c", "the", "the the", "é", "É", "1999", ".", "!", ",", "\n",
         " ", "  ", "\t", "x.", "_", "-", "Mr.", "Kim", "(", ")", "\"", "'"]


def _document(text: str):
    return next(iter(read_documents("a.txt", text.encode())))


def _per_span(spans: ScopeSpans, pattern: re.Pattern) -> list:
    return [(i, start + m.start(), start + m.end(), m.groupdict())
            for i, (start, end) in enumerate(spans.spans) for m in pattern.finditer(spans.text[start:end])]


def _joined(spans: ScopeSpans, pattern: re.Pattern, indexes=None) -> list:
    return [(i, shift + m.start(), shift + m.end(), m.groupdict())
            for i, m, shift in spans.finditer(pattern, compile_joined(pattern), indexes)]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=40), st.sampled_from(["sentence", "paragraph"]))
def test_joined_matches_are_the_matches_of_each_span(words, scope):
    doc = _document("Headline here\n\n" + " ".join(words).replace("  ", "\n\n"))
    spans = ScopeSpans(doc, scope)
    assert spans.joined is not None
    for pattern, flags in PATTERNS:
        compiled = re.compile(pattern, flags)
        assert compile_joined(compiled) is not None, pattern
        assert _joined(spans, compiled) == _per_span(spans, compiled), pattern


def test_a_subset_of_spans_gives_the_matches_of_those_spans():
    doc = _document("Title\n\nOne said. Two spoke. Three said.\n\nFour said it.")
    spans = ScopeSpans(doc, "sentence")
    said = re.compile(r"\w+ said")
    assert [(i, doc.text[s:e]) for i, s, e, _ in _joined(spans, said, [1, 3, 4])] == [
        (1, "One said"), (3, "Three said"), (4, "Four said")]


def test_patterns_that_need_no_change_are_kept_and_others_rewritten():
    assert joined_pattern(r"(?<!\w)said\b", re.I) == (r"(?<!\w)said\b", re.I)
    assert joined_pattern(r"[^a]+", 0) == (r"(?:[^a\x00]){1,}", re.UNICODE)
    assert joined_pattern(r"^\W", 0) == (r"(?<![^\x00])[^\w\x00]", re.UNICODE)


def test_a_document_holding_the_separator_is_matched_span_by_span():
    doc = _document("Title\n\nOne said.")
    doc.text = doc.text.replace("One", "O\x00e")
    spans = ScopeSpans(doc, "sentence")
    assert spans.joined is None
    anything = re.compile(r"[^.]+")
    assert _joined(spans, anything) == _per_span(spans, anything)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["a", "b", "the", "of", "7"]), max_size=40), st.integers(2, 4), st.integers(1, 6))
def test_every_loop_starts_where_loop_starts_says(words, min_repeats, max_ngram):
    starts = set(loop_starts(words, max_ngram, min_repeats))
    assert {first for first, _, _ in find_loops(words, max_ngram, min_repeats, frozenset())} <= starts


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["talks", "Talks", "the", "of", "the the the", "we, we, we", ".", "\n\n"]),
                min_size=1, max_size=40))
def test_repetition_candidates_hold_every_span_with_a_loop(words):
    doc = _document("Headline\n\n" + " ".join(words))
    spans = ScopeSpans(doc, "sentence")
    candidates = set(Repetition._candidates(spans, 6, 3))
    for i, (start, end) in enumerate(spans.spans):
        tokens = re.findall(r"\w+(?:['’-]\w+)*", doc.text[start:end])
        if list(find_loops([t.casefold() for t in tokens], 6, 3, frozenset())):
            assert i in candidates


@pytest.mark.parametrize("text, expected", [("plain English", False), ("Москва", True), ("a ѕ b", True), ("", False)])
def test_any_of_is_a_class_search(text, expected):
    cyrillic = uregex.compile(r"[\p{Script=Cyrillic}]")
    any_of = AnyOf(cyrillic)
    assert any_of.search(text) is expected
    assert any_of.search(text) is (cyrillic.search(text) is not None)  # and again, from what it remembers


def test_needle_prefilters_of_the_regex_kinds_change_no_finding(shared_data, monkeypatch):
    """pattern, existence, substitution and house-spelling on WMT23 articles: the same findings when
    every regex runs on every span (no needles, no per-document needle scan)."""
    import linter.checks.base as base
    from linter.api import make_linter

    articles = sorted((shared_data / "wmt23-news-toen" / "articles").glob("*.txt"))[:200]
    kinds = {"pattern", "existence", "substitution", "house-spelling"}

    def findings():
        linter = make_linter(["ALL"])
        linter.kinds = [k for k in linter.kinds if k.name in kinds]
        return [[(f.code, f.offset, f.end_offset, f.message) for f in linter.lint(doc)]
                for path in articles for doc in read_documents(path.name, path.read_bytes())]

    prefiltered = findings()
    monkeypatch.setattr(base, "regex_needles", lambda regex: None)
    monkeypatch.setattr("linter.checks.substitution.regex_needles", lambda regex: None)
    monkeypatch.setattr("linter.checks.house.regex_needles", lambda regex: None)
    monkeypatch.setattr("linter.checks.pattern.needle_automaton", lambda compiled: None)
    monkeypatch.setattr("linter.checks.existence.needle_automaton", lambda compiled: None)
    everywhere = findings()
    assert sum(map(len, everywhere)) > 50
    assert prefiltered == everywhere
