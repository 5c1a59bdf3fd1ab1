"""Garbled output, calques and translation filler: exact findings, the seed, and the measurements."""
from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from benchmarks import garbled_mqm, garbled_wmt
from benchmarks.wmt23 import Segment, load_segments
from linter.api import lint_text, make_linter
from linter.checks.repetition import find_loops

SEED = Path(__file__).resolve().parent.parent / "seeds" / "dprk-russia-pact.txt"

MINE = ("garbled", "style", "untranslated")


@pytest.fixture(scope="module")
def linter():
    return make_linter(("CD2", "CD6", "CD7", "CD510"))


def spans(findings, code=None):
    return [(f.code, f.line, f.column, f.text) for f in findings if code is None or f.code == code]


# ---- the seed -------------------------------------------------------------------------------

def test_seed_gives_exactly_the_calque_and_the_two_fillers():
    findings = [f for f in lint_text(SEED.read_text(encoding="utf-8"), SEED.name) if f.category in MINE]
    assert spans(findings) == [
        ("CD701", 19, 1, "It should be noted that"),
        ("CD201", 21, 22, "on South Korean media"),
        ("CD702", 23, 1, "First of all"),
    ]
    calque = findings[1]
    assert calque.category == "garbled" and "according to" in calque.message
    assert calque.suggestion == "according to South Korean media"
    assert [f.category for f in findings] == ["style", "garbled", "style"]


# ---- repetition loops -----------------------------------------------------------------------

def test_find_loops_returns_token_ranges_and_skips_numbers_and_allowed_words():
    words = "a b c b c b c d 1 1 1 ha ha ha x x x".split()
    assert list(find_loops(words, 6, 3, frozenset({"ha"}))) == [(1, 7, 2), (14, 17, 1)]


def test_loop_is_flagged_with_its_unit_count_and_suggestion(linter):
    text = "The prime minister visited the University of Bern, Bern, Bern, Bern, Bern."
    (f,) = [f for f in lint_text(text, linter=linter) if f.code == "CD220"]
    assert (f.column, f.text, f.suggestion) == (46, "Bern, Bern, Bern, Bern, Bern", "Bern")
    assert f.message.startswith('"Bern" repeats 5 times in a row')
    assert f.fix is not None and not f.fix.safe


@pytest.mark.parametrize(("text", "flagged"), [
    ('"Jobs, jobs, jobs," the candidate said.', False),          # rhetoric: three, commas
    ('"Jobs, jobs, jobs, jobs," the candidate said.', True),     # a fourth copy is a loop
    ("TIME - TIME - TIME.", True),                               # other separators
    ("The score was 1:0 (0:0) at half time.", False),
])
def test_epizeuxis_and_numbers(linter, text, flagged):
    assert bool(spans(lint_text(text, linter=linter), "CD220")) is flagged


def test_a_long_loop_is_one_finding(linter):
    text = "He visited " + ", ".join(["Bern"] * 2000) + "."
    assert len(spans(lint_text(text, linter=linter), "CD220")) == 1


# ---- sentence shape -------------------------------------------------------------------------

def test_truncated_paragraph_and_stub_but_not_headline_or_ui_label(linter):
    text = ("Talks resume in Geneva\n\n"
            "During the seminar, all participants carefully studied the\n\n"
            "Revenue will reach 14.3 billion dollars in 2022. Ret\n\n"
            "Show more\n")
    assert spans(lint_text(text, linter=linter), "CD221") == [
        ("CD221", 3, 1, "During the seminar, all participants carefully studied the"),
        ("CD221", 5, 50, "Ret"),
    ]


def test_lowercase_start_after_full_stop(linter):
    text = "The state gave 100 billion rubles to airlines. and to capitalize Aeroflot. eBay grew. It is 5 p.m. now."
    (f,) = [f for f in lint_text(text, linter=linter) if f.code == "CD222"]
    assert (f.column, f.text, f.suggestion) == (48, "and", "And")


def _sentence(words: int, commas: int) -> str:
    parts = [f"w{i}" for i in range(words)]
    for i in range(commas):
        parts[2 + i * 3] += ","
    return " ".join(parts) + "."


@pytest.mark.parametrize(("words", "commas", "flagged"), [(58, 8, True), (57, 8, False), (58, 7, False)])
def test_run_on_thresholds_are_the_refa_percentiles(linter, words, commas, flagged):
    assert bool(spans(lint_text(_sentence(words, commas), linter=linter), "CD224")) is flagged


def test_mojibake_is_repaired_by_ftfy(linter):
    (f,) = [f for f in lint_text("They met at the CafÃ© Central.", linter=linter) if f.code == "CD223"]
    assert (f.text, f.suggestion) == ("CafÃ©", "Café")
    assert [(e.start, e.end, e.replacement) for e in f.fix.edits] == [(16, 21, "Café")]


# ---- calques and filler ---------------------------------------------------------------------

def test_translationese_substitution_keeps_capitals(linter):
    found = [(f.text, f.suggestion) for f in lint_text(
        "At the moment, talks continue within the framework of the Ramstein format.", linter=linter)
        if f.code == "CD705"]
    assert found == [("At the moment", "Currently"), ("within the framework of", "as part of")]


def test_false_friends_name_the_intended_english(linter):
    findings = lint_text("The confectionery fabric closed. Be accurate on the roads. The topic remains actual.",
                         linter=linter)
    assert [(f.code, f.text, f.suggestion) for f in findings] == [
        ("CD205", "fabric", "factory"), ("CD207", "accurate", "careful"), ("CD204", "actual", None)]
    assert "topical" in findings[2].message


# ---- the measurement scripts ----------------------------------------------------------------

def _seg(system: str, seg_id: int, target: str) -> Segment:
    return Segment("uk-en", "doc1", seg_id, system, "", target)


def test_wmt_measure_counts_per_system_and_ratio():
    segments = [_seg("refA", 1, "Talks resume"), _seg("refA", 2, "The minister visited Bern, Geneva and Basel."),
                _seg("MT-1", 1, "Talks resume"), _seg("MT-1", 2, "The minister visited Bern, Bern, Bern, Bern.")]
    results = garbled_wmt.measure(segments, garbled_wmt.make_linter(None, "CD220"), {"garbled"})
    assert (results["refA"]["words"], sum(results["refA"]["findings"].values())) == (9, 0)
    assert (results["MT-1"]["words"], results["MT-1"]["codes"]) == (9, Counter({"CD220": 1}))
    table = garbled_wmt.table(results, {"garbled"})
    assert table.splitlines()[2].split()[:5] == ["MT-1", "9", "1", "111.11", "inf"]


def test_config_file_and_select_reach_the_linter(tmp_path):
    config = tmp_path / "copydesk.toml"
    config.write_text('select = ["CD221"]\n', encoding="utf-8")
    assert [r.code for r in garbled_wmt.make_linter(config, None).rules] == ["CD221"]
    assert [r.code for r in garbled_wmt.make_linter(config, "CD220,CD223").rules] == ["CD220", "CD223"]


def test_mqm_scores_map_findings_to_segments(tmp_path):
    header = ["doc_id", "seg_id", "system", "target", "n_major_errors", "n_minor_errors",
              "has_major_error", "has_major_fluency"]
    rows = [["d", "1", "S", "Talks resume", "0", "0", "0", "0"],
            ["d", "2", "S", "He visited Bern, Bern, Bern, Bern.", "3", "0", "1", "1"],
            ["d", "3", "S", "It rained. and it snowed.", "0", "1", "0", "0"],
            ["d", "4", "S", "The weather was fine.", "1", "0", "1", "1"]]
    path = tmp_path / "dev.tsv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t")
        writer.writerow(header)
        writer.writerows(rows)
    data = garbled_mqm.load(path)
    flagged, _, words, _ = garbled_mqm.flag_segments(data, garbled_wmt.make_linter(None, "CD220,CD222"))
    assert sorted((r.seg_id, sorted(c)) for r, c in flagged.items()) == [(2, ["CD220"]), (3, ["CD222"])]
    s = garbled_mqm.scores(data, flagged)
    assert (s["flagged"], s["precision"], s["fluency_recall"], s["clean_flagged"]) == (2, 0.5, 0.5, 0.0)
    assert words == 17


# ---- on the real corpora (skipped, visibly, without ../shared/data) -------------------------

@pytest.mark.slow
def test_refa_has_one_garbled_finding_only(shared_data, linter):
    refa = [s for s in load_segments(shared_data / "wmt23-news-toen" / "segments.tsv") if s.system == "refA"]
    results = garbled_wmt.measure(refa, linter, {"garbled"})
    assert results["refA"]["codes"] == Counter({"CD224": 1})  # a 71-word, 9-comma refA sentence


@pytest.mark.slow
def test_mqm_precision_and_clean_rate_meet_the_aim(shared_data, linter):
    data = garbled_mqm.load(shared_data / "mqm-zhen-news" / "dev.tsv")
    flagged, _, _, _ = garbled_mqm.flag_segments(data, linter)
    s = garbled_mqm.scores(data, flagged)
    assert s["precision"] >= 0.85 and s["clean_flagged"] < 0.05 and s["flagged"] >= 50
