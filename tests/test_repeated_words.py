"""``repeated_word_within``: a doubled-word or doubled-phrase regex tried only at words that recur
finds exactly what ``finditer`` finds (the rules' own regexes, generated texts, joined spans)."""
from __future__ import annotations

import re
from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st

from linter.checks.base import ScopeSpans, compile_joined
from linter.checks.pattern import CompiledPattern
from linter.checks.prefilter import WordRuns, matches_at, repeated_word_starts
from linter.readers import read_documents
from linter.rulepack import load_rules

# the doubled-phrase (CD104) and doubled-word (CD501) regexes and the step each needs
RULES = {"CD104": 6, "CD501": 1}
# case pairs, a non-ASCII word whose lower case is ASCII ("İ", the Kelvin sign), digits, joiners
WORDS = ["the", "The", "THE", "in", "1993", "to", "help", "Turkey", "turkey", "İ", "i", "\u212a", "k",
         "café", "CAFÉ", "a", "had", ",", ", ", " ,", "-", "_", ".", "\n", "  ", "\u00a0", "x-ray", "é"]


def _rule_regexes() -> dict[str, re.Pattern]:
    rules = load_rules(()).by_code()
    return {code: re.compile(rules[code].params["patterns"][0], re.IGNORECASE) for code in RULES}


REGEXES = _rule_regexes()


def _spans(matches) -> list[tuple[int, int, dict]]:
    return [(m.start(), m.end(), m.groupdict()) for m in matches]


def test_starts_are_the_words_that_recur_within_the_step():
    text = "Help Turkey to help turkey, in 1993 in 1993"
    runs = WordRuns(text)
    assert runs.keys == ["help", "turkey", "to", "help", "turkey", "in", "1993", "in", "1993"]
    assert repeated_word_starts(runs, 3) == [0, 5, 28, 31]  # Help, Turkey, in, 1993
    assert repeated_word_starts(runs, 1) == []
    assert repeated_word_starts(WordRuns("the the end"), 1) == [0]


def test_a_non_ascii_word_recurs_near_every_word():
    # "İ" lowers to "i" in the engine, so "İ i" is a doubled word: the filter must not drop it
    runs = WordRuns("a İ i b")
    assert runs.others == [1]
    assert repeated_word_starts(runs, 1) == [0, 2]  # "a" (next word is "İ"), "İ" itself
    assert _spans(matches_at(REGEXES["CD501"], "a İ i b", repeated_word_starts(runs, 1))) == \
        _spans(REGEXES["CD501"].finditer("a İ i b"))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=50), st.sampled_from(sorted(RULES)))
def test_trying_only_recurring_words_finds_every_match(words, code):
    text = " ".join(words)
    regex = REGEXES[code]
    starts = repeated_word_starts(WordRuns(text), RULES[code])
    assert _spans(matches_at(regex, text, starts)) == _spans(regex.finditer(text))


def _hits(text: str, code: str, within: int | None, joined: bool = True) -> list[tuple[int, int, str]]:
    doc = next(iter(read_documents("a.txt", text.encode())))
    params = {"patterns": [REGEXES[code].pattern], "ignore_case": True}
    if within:
        params["repeated_word_within"] = within
    rule = SimpleNamespace(path="test", suggestion="{match}")
    pattern = CompiledPattern(rule, params["patterns"], params)
    spans = ScopeSpans(doc, "sentence")
    if not joined:
        spans.joined = None  # what a document holding the separator gets: one span at a time
    return [(h.start, h.end, h.suggestion) for h in pattern.hits_in(spans, doc.text)]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(WORDS + [". The", ". the", "!"]), min_size=1, max_size=60),
       st.sampled_from(sorted(RULES)), st.booleans())
def test_a_rule_with_the_param_finds_what_it_finds_without(words, code, joined):
    text = "Headline here\n\n" + " ".join(words)
    assert compile_joined(REGEXES[code]) is not None
    assert _hits(text, code, RULES[code], joined) == _hits(text, code, None, joined)


def test_the_doubled_phrase_of_a_sentence_is_found_at_its_first_word():
    text = "Title\n\nGreece was among the first to help Turkey to help Turkey after the quake. In 1993 in 1993 too."
    hits = _hits(text, "CD104", 6)
    assert [(text[s:e], suggestion) for s, e, suggestion in hits] == [
        ("to help Turkey to help Turkey", "to help Turkey to help Turkey"), ("In 1993 in 1993", "In 1993 in 1993")]
