"""Typography and duplication rules for MT punctuation faults (CD511-CD517, CD106, CD107): exact
findings on lines taken from WMT23 MT output, and their counts on refA, MT and native English."""
from __future__ import annotations

from collections import Counter

import pytest

from benchmarks import garbled_wmt
from benchmarks.wmt23 import load_segments
from linter.api import lint_text, make_linter

NEW_CODES = ("CD511", "CD512", "CD513", "CD514", "CD515", "CD516", "CD517", "CD106", "CD107")
CATEGORIES = {"typography", "duplication"}


@pytest.fixture(scope="module")
def linter():
    return make_linter(NEW_CODES + ("CD507",))


def found(text, linter):
    return [(f.code, f.line, f.column, f.text) for f in lint_text(text, "article.txt", linter=linter)]


# ---- exact findings on real MT lines ----------------------------------------------------------

def test_dialogue_dashes_of_a_russian_quotation(linter):
    text = ("Serpukhov residents complained about dirty entrances\n"
            "The addresses with the most complaints were checked first.\n"
            "- Many remarks are quite justified and concern the cleaning of entrances.\n"
            "The residents themselves fight vandalism.\n"
            "We will work on the issue taking into account the Safe Region cameras, - said the head "
            "of the municipality, Sergei Nikitenko.\n")
    assert found(text, linter) == [("CD512", 3, 1, "-"), ("CD511", 5, 71, " - ")]


def test_dialogue_dash_closed_by_a_quotation_mark_alone(linter):
    text = ("Sunak promises jets\n"
            "We started this process today\", Sunak said about the pilots.\n"
            "- Nothing is off the agenda, and our leadership on this issue is something to be proud of\".\n")
    assert found(text, linter) == [("CD512", 3, 1, "-")]


def test_a_bulleted_list_is_not_dialogue(linter):
    text = ("Poland buys rocket launchers\n"
            "In total, Poland has submitted a request to purchase the following equipment:\n"
            "- 18 M142 HIMARS launchers;\n"
            "- 45 M57 Army TACtical Missile System (ATACMS);\n"
            "The agreement also includes spare and repair parts.\n")
    assert found(text, linter) == []


def test_spaced_possessive_apostrophes(linter):
    text = ("Activity has increased over the past week, analysts ' report for February 8 said, and "
            "the country ' s authorities agree.\n")
    assert found(text, linter) == [("CD513", 1, 52, " '"), ("CD513", 1, 98, " ' s")]


def test_quotation_marks_glued_to_a_word_and_moved_past_the_space(linter):
    text = ("A meeting in the so-called \"Ramstein\"format is held on Tuesday.\n"
            "This will make it possible to ban their concerts in the EU. \"\n"
            "But we never wanted them to use it for offensive purposes, \"Reuters quoted the director.\n"
            "He recalled, \"Trump said he would win.\"\n")
    assert found(text, linter) == [("CD514", 1, 37, "\""), ("CD507", 2, 60, " \""),
                                   ("CD515", 3, 58, ", \"")]


def test_semicolon_before_a_new_sentence_and_percent_after_a_word(linter):
    text = ("Columnist on vaccines\n"
            "It is not good-hearted philanthropy; This is arrogance.\n"
            "Almost 40% of Belarusian researchers are women%\n"
            "The talks were held in Kyiv; Russia did not attend.\n")
    assert found(text, linter) == [("CD516", 2, 36, "; This"), ("CD517", 3, 42, "women%")]


def test_words_joined_to_themselves(linter):
    text = ("Among the vice-rectors for scientific, educational and educational work, one in three is a woman.\n"
            "Accidents in Astana: February 11, 2023, 14:10, 14:10, in Astana.\n"
            "More and more women, and bigger and bigger teams, work among senior teachers and teachers.\n")
    assert found(text, linter) == [("CD106", 1, 40, "educational and educational"),
                                   ("CD106", 2, 41, "14:10, 14:10")]


def test_attribution_repeated_across_a_quotation_mark(linter):
    text = "\"We will not allow this, \" the President of Ukraine stressed, \"the President of Ukraine stressed.\n"
    codes = [(c, t) for c, _, _, t in found(text, linter)]
    assert ("CD107", "the President of Ukraine stressed, \"the President of Ukraine stressed") in codes


# ---- on the real corpora (skipped, visibly, without ../shared/data) ---------------------------

@pytest.mark.slow
def test_new_rules_never_fire_on_refa_or_native_english_and_do_on_mt(shared_data, linter):
    results = garbled_wmt.measure(load_segments(shared_data / "wmt23-news-toen" / "segments.tsv"),
                                  linter, CATEGORIES)
    native, _ = garbled_wmt.native_codes(linter, CATEGORIES, shared_data / "polnear" / "dev.tsv")
    new = lambda counts: {c: n for c, n in counts.items() if c in NEW_CODES}  # noqa: E731
    assert new(results["refA"]["codes"]) == {}
    assert new(native) == {}
    mt = sum((r["codes"] for s, r in results.items() if s != "refA"), Counter())
    # Every MT finding read by hand: each is wrong English (see the rule descriptions).
    assert new(mt) == {"CD511": 83, "CD512": 26, "CD513": 7, "CD514": 10, "CD515": 21, "CD516": 2,
                       "CD517": 1, "CD106": 28, "CD107": 13}
