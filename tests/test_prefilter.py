"""Prefilters skip work, never findings: each is checked against the work it skips."""
from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from linter.checks import prefilter
from linter.checks.prefilter import PrefixScanner, RegexSet, fold, needles, prefixes, spans_with
from linter.checks.repetition import find_loops, may_loop


@pytest.mark.parametrize("pattern, flags, expected", [
    (r"\bit\s+(?:is|was)\s+reported\b", re.I, ("reported",)),
    (r"\b(?:according\s+to|citing)\s+(?:the\s+)?media", re.I, ("according", "citing")),
    (r"(?<![\w-])(?:Kyiv|Kiev)(?![\w-])", 0, ("iev", "yiv")),  # re factors out the "K"
    (r"(?P<mark>[“«(\[])[ \u00a0]+(?=\w)", 0, ("(", "[", "«", "“")),
    (r"(?<=\d)\s*(?=per\s+cent)", 0, ("cent",)),  # a lookahead's text is in the string too
    (r"(?:foo)+barx", 0, ("barx",)),
    (r"Ünïcode", re.I, ("ünïcode",)),
])
def test_needles_are_what_every_match_contains(pattern, flags, expected):
    assert needles(pattern, flags) == expected


@pytest.mark.parametrize("pattern", [
    r"(?P<word>[^\W\d_]+)\s+(?P=word)",  # nothing literal
    r"(?:maybe)?\d+",  # optional literal
    r"(?:alpha|\d+)",  # one branch without a literal
    r"(?!never)\w+",  # a negative lookahead requires nothing
    r"[^abc]+xy",  # too short to be worth it
    r"a\s+b",
])
def test_no_needles_when_a_match_needs_no_literal(pattern):
    assert needles(pattern, 0) is None


def test_fold_keeps_offsets_and_folds_as_ignorecase_matches():
    sample = [chr(c) for c in range(0x3400)] + ["\U00010400", "\U0001d400", "ſ", "K", "ẞ", "İ", "ı"]
    text = "".join(sample)
    folded = fold(text)
    assert len(folded) == len(text)
    for char, low in zip(sample, folded):
        assert re.fullmatch(re.escape(low), char, re.IGNORECASE), (char, low)
        for other in {char.upper(), char.lower(), char.title(), char.casefold()}:
            if len(other) == 1 and re.fullmatch(re.escape(char), other, re.IGNORECASE):
                assert fold(other) == low, (char, other)
    assert fold("İSTANBUL ſtate") == "istanbul state"


def test_no_other_character_lowers_to_several():
    assert [c for c in range(0x110000) if len(chr(c).lower()) != 1] == [0x130]


def test_spans_with_needs_the_needle_inside_the_span():
    text = "Said the minister. The media rep orted it. Reported."
    spans = [(0, 18), (19, 42), (43, 52)]
    assert spans_with(fold(text), ("reported",), spans, [s for s, _ in spans]) == {2}
    assert spans_with(fold(text), ("d the", "media"), spans, [s for s, _ in spans]) == {0, 1}


def test_regex_set_keeps_order_and_drops_only_what_cannot_match():
    regexes = [re.compile(p, re.I) for p in (r"\bsaid\b", r"\d+", r"according\s+to", r"\bwrote\b")]
    regex_set = RegexSet(regexes, labels=["a", "b", "c", "d"])
    text = "He SAID 5 things, according to them."
    assert [label for label, _ in regex_set.candidates(text)] == ["a", "b", "c"]
    assert [label for label, regex in regex_set.candidates(text) if regex.search(text)] == ["a", "b", "c"]
    assert list(RegexSet(regexes).candidates("nothing here")) == [regexes[1]]


def test_no_ftfy_pattern_can_match_clean_english_punctuation():
    """mojibake.SUSPECT: a block of only these characters cannot match ftfy's BADNESS_RE, so the
    check may skip it (and not import ftfy). Walks every branch of the parsed regex."""
    from re import _constants as c, _parser

    from ftfy.badness import BADNESS_RE

    from linter.checks.mojibake import SUSPECT

    clean = [chr(i) for i in range(0x3000) if not SUSPECT.match(chr(i))]
    clean_set = set(clean)
    assert "a" in clean_set and "“" in clean_set and "é" not in clean_set and "Ã" not in clean_set

    def possible(seq) -> bool:  # can this sequence match a string of clean characters only?
        return all(item_possible(op, av) for op, av in seq)

    def item_possible(op, av) -> bool:
        if op is c.LITERAL:
            return chr(av) in clean_set
        if op is c.IN:
            return any(_class_regex(av, BADNESS_RE.flags).fullmatch(ch) for ch in clean)
        if op in (c.MAX_REPEAT, c.MIN_REPEAT):
            return av[0] == 0 or possible(av[2])
        if op is c.SUBPATTERN:
            return possible(av[-1])
        if op is c.BRANCH:
            return any(possible(b) for b in av[1])
        return True  # anchors, lookarounds, any character: assume the worst

    tree = _parser.parse(BADNESS_RE.pattern, BADNESS_RE.flags)
    branches = tree[0][1][1] if tree[0][0] is c.BRANCH else [tree]
    assert len(branches) > 20
    assert [b for b in branches if possible(b)] == []


def _class_regex(items, flags) -> re.Pattern:
    """A compiled regex of one parsed character class."""
    from re import _compiler, _constants as c, _parser

    parsed = _parser.parse("[a]", flags)
    parsed.data = [(c.IN, items)]
    return _compiler.compile(parsed, flags)


VERBS = ["said", "says", "pointed out", "acknowledged", "acknowledges", "told", "reported"]


def test_prefixes_are_where_a_match_can_start():
    from linter.checks.base import literal_alternation

    pattern = rf"(?<![\w-])(?:{literal_alternation(VERBS)})(?![\w-])"
    assert prefixes(pattern, re.I) == ("acknowledged", "acknowledges", "pointed", "reported", "said", "says", "told")
    assert prefixes(r"\d+ people", 0) is None
    assert prefixes(r"(?:the)?\s+media", 0) is None


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["He", "SAID", "said,", "pointed", "out", "Pointed\n out", "resaid", "told-off",
                                 "-told", "says.", "ACKNOWLEDGES", "x", "İ", "ſays"]), max_size=25))
def test_prefix_scanner_finds_what_finditer_finds(words):
    from linter.checks.base import literal_alternation

    regex = re.compile(rf"(?<![\w-])(?:{literal_alternation(VERBS)})(?![\w-])", re.I)
    text = " ".join(words)
    assert [m.span() for m in PrefixScanner(regex).finditer(text)] == [m.span() for m in regex.finditer(text)]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["a", "b", "the", "of", "7"]), max_size=40), st.integers(2, 4), st.integers(1, 6))
def test_may_loop_is_true_whenever_find_loops_finds_one(words, min_repeats, max_ngram):
    if list(find_loops(words, max_ngram, min_repeats, frozenset())):
        assert may_loop(words, max_ngram, min_repeats)


def test_may_loop_rejects_sentences_without_a_recurring_word():
    assert not may_loop("the minister said the talks went well".split(), 6, 3)
    assert may_loop("talks talks talks".split(), 6, 3)
    assert may_loop("in the the in the the in the the".split(), 6, 3)


def test_prefilters_change_no_finding_on_real_articles(shared_data, monkeypatch):
    """Every rule, on the WMT23 articles: the same findings with every prefilter switched off."""
    import regex

    import linter.checks.attribution as attribution
    import linter.checks.mojibake as mojibake
    import linter.checks.repetition as repetition
    from linter.api import make_linter
    from linter.checks.pattern import CompiledPattern
    from linter.readers import read_documents

    articles = sorted((shared_data / "wmt23-news-toen" / "articles").glob("*.txt"))
    assert len(articles) >= 20

    def findings(linter):
        out = []
        for path in articles:
            for doc in read_documents(path.name, path.read_bytes()):
                out.append([(f.code, f.offset, f.end_offset, f.message, f.suggestion) for f in linter.lint(doc)])
        return out

    with_prefilters = findings(make_linter(["ALL"]))
    everything = re.compile(r"(?s).|^")
    monkeypatch.setattr(prefilter.RegexSet, "candidates", lambda self, text, folded=None: [e for e, _ in self.items])
    monkeypatch.setattr(mojibake, "SUSPECT", everything)
    monkeypatch.setattr(attribution, "_NON_LATIN", everything)
    monkeypatch.setattr(repetition.Check, "_candidates", staticmethod(lambda spans, *a: range(len(spans.spans))))
    monkeypatch.setattr(prefilter.PrefixScanner, "finditer", lambda self, text, folded=None: self.regex.finditer(text))
    linter = make_linter(["ALL"])
    for kind in linter.kinds:
        for compiled, *_ in getattr(kind, "compiled", None) or []:
            if isinstance(compiled, CompiledPattern):
                compiled.needles = [None] * len(compiled.needles)
        if kind.name == "script":
            kind.wanted = {code: regex.compile(r"(?s).|^") for code in kind.wanted}
    without = findings(linter)
    assert sum(map(len, without)) > 50
    assert with_prefilters == without
