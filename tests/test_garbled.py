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
NEW_CODES = ("CD209", "CD210", "CD211", "CD212", "CD213", "CD214", "CD215", "CD216", "CD217",
             "CD706", "CD707", "CD708", "CD850", "CD851", "CD852", "CD853", "CD854", "CD855", "CD856", "CD857", "CD858")


@pytest.fixture(scope="module")
def linter():
    return make_linter(("CD2", "CD6", "CD7", "CD85", "CD510"))


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


def test_sports_and_agency_calques_name_the_english(linter):
    text = ("Milan win at home\n\n"
            'Football players of "Milan" in his field minimally beat "Torino" (1:0) in the match of the 22nd round.\n\n'
            "Thus, the wards of Stefano Pioli won their first victory in the last six games, and Jacob Trouba, "
            "who converted the majority, scored again.\n\n"
            "This is reported by TASS with reference to the TV channel Todo Noticias.\n\n"
            "It is similar to what happened with our ship (Soyuz MS-22 - approx. TASS) in mid-December. "
            "The Progress MS-21 truck was launched from Baikonur.\n\n"
            "This year, there were 11 facts of collisions with pedestrians. "
            "Yes, two drivers did not have the right to drive.\n")
    assert [(f.code, f.line, f.column, f.text, f.suggestion) for f in lint_text(text, linter=linter)] == [
        ("CD216", 3, 29, "in his field", "at home"),
        ("CD209", 3, 42, "minimally beat", "narrowly beat"),
        ("CD708", 5, 1, "Thus,", None),
        ("CD211", 5, 7, "the wards of Stefano Pioli", "Stefano Pioli's team"),
        ("CD210", 5, 103, "converted the majority", None),
        ("CD214", 7, 26, "with reference to", "citing"),
        ("CD212", 9, 61, "approx. TASS", None),
        ("CD217", 9, 111, "truck", "cargo ship"),
        ("CD213", 11, 23, "11 facts of", None),
        ("CD215", 11, 64, "Yes,", None),
    ]


def test_grammar_slips_and_filler_exact_findings(linter):
    text = ("Talks resume\n\n"
            "President Duda said that sending F-16 aircrafts would create a problem. "
            "Among the injuries are a broken toe and a suspected bruised ribs.\n\n"
            "The new week began with another Russian missile strikes on energy infrastructure. "
            "NATO's chief called the U.S. to be prepared for a long war.\n\n"
            '"We never wanted that," the director was quoted as saying by Reuters. '
            "The regulator informs that such securities will be withdrawn.\n\n"
            "The ship is scheduled to be sank on February 18. There were much more Ukrainians at the hotel. "
            "How the U.S. reacts?\n\n"
            "At the same time, inflationary risks have increased. "
            "Zelensky, in turn, noted that Ukraine is on the path to EU membership.\n")
    findings = lint_text(text, linter=linter)
    assert [(f.code, f.line, f.column, f.text, f.suggestion) for f in findings] == [
        ("CD850", 3, 39, "aircrafts", "aircraft"),
        ("CD851", 3, 113, "a suspected bruised ribs", None),
        ("CD852", 5, 25, "another Russian missile strikes", None),
        ("CD853", 5, 96, "called the U.S. to", "called on the U.S. to"),
        ("CD854", 7, 42, "quoted as saying by Reuters", "quoted by Reuters as saying"),
        ("CD855", 7, 85, "informs", "reports"),
        ("CD856", 9, 26, "be sank", None),
        ("CD857", 9, 61, "much more Ukrainians", None),
        ("CD858", 9, 96, "How the U.S. reacts?", None),
        ("CD706", 11, 1, "At the same time,", None),
        ("CD707", 11, 62, ", in turn,", None),
    ]
    by_code = {f.code: f for f in findings}
    assert [by_code[c].category for c in ("CD850", "CD706", "CD707")] == ["grammar", "style", "style"]
    assert (by_code["CD850"].severity, by_code["CD706"].severity) == ("warning", "info")
    assert '"be"' in by_code["CD856"].message and '"sank"' in by_code["CD856"].message


def test_thus_opener_is_a_style_note_at_sentence_start_only(linter):
    text = ("Quake toll rises\n\n"
            "Rescue work goes on. Thus, 102 hours after the quake, a family of six was freed.\n\n"
            "The law was passed, thus ending a decade of debate.\n")
    assert [(f.code, f.line, f.column, f.text, f.severity) for f in lint_text(text, linter=linter)
            if f.code == "CD708"] == [("CD708", 3, 22, "Thus,", "info")]


def test_native_english_lookalikes_pass(linter):
    text = ("The Democrats are in the majority in the Senate, and in the majority of cases bills pass. "
            "Progress was slow as trucks queued at the border. "
            "With reference to your letter, the ministry informs the public that another 50 people were evacuated. "
            "A series of talks, a crisis and a means of protest followed. "
            "Nurses on the wards of the hospital said the facts of the case are clear. "
            "She called the police to report the theft, and he called an early election to end the deadlock. "
            "Much more needs to be done, which in turn raised prices. Why the delay? "
            "The Saints have Drew Brees; the ministry cut rates while at the same time raising taxes. "
            "Yes, he seems to have other rules. The minister said with reference to the budget that cuts were needed.")
    assert [(f.code, f.text) for f in lint_text(text, linter=linter) if f.code in NEW_CODES] == []


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


def test_rule_table_counts_refa_mt_and_native(tmp_path):
    segments = [_seg("refA", 1, "Talks resume"), _seg("refA", 2, "Milan minimally beat Torino."),
                _seg("MT-1", 1, "Talks resume"), _seg("MT-1", 2, "Milan minimally beat Torino."),
                _seg("MT-2", 1, "Talks resume"), _seg("MT-2", 2, "He informs that Milan narrowly beat Torino.")]
    linter = garbled_wmt.make_linter(None, "CD209,CD855")
    results = garbled_wmt.measure(segments, linter, {"garbled", "grammar"})
    native = tmp_path / "dev.tsv"
    native.write_text("article\tsent_idx\tsentence\n"
                      "a1\t2\tThe agency informs that rates rose.\n"
                      "a1\t1\tTalks resume\n", encoding="utf-8")
    codes, found = garbled_wmt.native_codes(linter, {"grammar"}, native)
    assert codes == Counter({"CD855": 1}) and [(n, f.line) for n, f in found] == [("a1", 2)]
    assert garbled_wmt.rule_table(results, codes).splitlines()[1:] == [
        "CD209      1     1   1/2        0  MT-1:1",
        "CD855      0     1   1/2        1  MT-2:1",
    ]


# ---- on the real corpora (skipped, visibly, without ../shared/data) -------------------------

@pytest.mark.slow
def test_refa_garbled_and_grammar_findings_are_the_known_slips(shared_data, linter):
    refa = [s for s in load_segments(shared_data / "wmt23-news-toen" / "segments.tsv") if s.system == "refA"]
    results = garbled_wmt.measure(refa, linter, {"garbled", "grammar"})
    # Each one read and confirmed in the reference text: a 71-word, 9-comma sentence (CD224); hockey
    # jargon kept ("converted the majority", "in the minority", "in the majority": CD210), "minimally
    # beat" (CD209), "with reference to the Pentagon's ... Agency" (CD214), "aircrafts" three times
    # (CD850), "another Russian missile strikes" (CD852), "How the US react?" (CD858).
    assert results["refA"]["codes"] == Counter({"CD224": 1, "CD210": 3, "CD209": 1, "CD214": 1,
                                                "CD850": 3, "CD852": 1, "CD858": 1})


@pytest.mark.slow
def test_new_rules_on_native_english(shared_data, linter):
    codes, found = garbled_wmt.native_codes(linter, {"garbled", "grammar", "style"},
                                            shared_data / "polnear" / "dev.tsv")
    # The one sentence of calque shape, a rhetorical "Yes, he seems to ...", is excepted by CD215.
    assert {c: n for c, n in codes.items() if c in NEW_CODES} == {}


@pytest.mark.slow
def test_mqm_precision_and_clean_rate_meet_the_aim(shared_data, linter):
    data = garbled_mqm.load(shared_data / "mqm-zhen-news" / "dev.tsv")
    flagged, _, _, _ = garbled_mqm.flag_segments(data, linter)
    s = garbled_mqm.scores(data, flagged)
    assert s["precision"] >= 0.85 and s["clean_flagged"] < 0.05 and s["flagged"] >= 50
