"""Temporal (CD45x): stale events, relative days without a dateline, relative years; datelines."""
from __future__ import annotations

import datetime

import pytest

from linter.api import lint_text, make_linter
from linter.checks.temporal import find_dateline, quoted_spans
from linter.readers import read_documents

from benchmarks.consistency_wmt import system_articles
from conftest import SEED

TEMPORAL = make_linter(("CD45",))


def found(text: str, linter=TEMPORAL) -> list[tuple[str, int, int, str]]:
    return [(f.code, f.line, f.column, f.text) for f in lint_text(text, linter=linter)]


def document(text: str, meta: dict | None = None):
    doc = next(iter(read_documents("article.txt", text.encode("utf-8"), suffix=".txt")))
    doc.meta.update(meta or {})
    return doc


# --- the seed -------------------------------------------------------------------------------

def test_seed_flags_only_the_visit_spoken_of_as_future():
    findings = lint_text(SEED.read_text(encoding="utf-8"), linter=TEMPORAL)
    assert [(f.code, f.line, f.column, f.text) for f in findings] == [
        ("CD450", 27, 106, "when he soon visits Pyongyang")]
    assert findings[0].message == (
        '"when he soon visits Pyongyang" speaks of the visit as still to come, but line 11 reports it as '
        'done ("during Russian President Vladimir Putin’s visit to Pyongyang"); this passage may predate '
        'the event.')


# --- datelines ------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "dateline", "year"), [
    ("Quake toll rises - DW - 08.02.2023\nRescuers dug all night.\n", "- DW - 08.02.2023", 2023),
    ("Quake toll rises\nFebruary 8, 2023\nRescuers dug all night.\n", "February 8, 2023", 2023),
    ("Quake toll rises\nWednesday, 8 February 2023, 12:30\nRescuers dug.\n", "Wednesday, 8 February 2023, 12:30", 2023),
    ("Quake toll rises\nKYIV, Feb 8 (Reuters) - Rescuers dug all night.\n", "KYIV, Feb 8 (Reuters) -", None),
    ("Quake toll rises\nMOSCOW, February 8. /TASS/. Rescuers dug all night.\n", "MOSCOW, February 8. /TASS/.", None),
    ("Quake toll rises\nNEW YORK (AP) — Rescuers dug all night.\n", "NEW YORK (AP) —", None),
])
def test_datelines_are_found(text, dateline, year):
    found_dateline = find_dateline(document(text))
    assert (found_dateline.text, found_dateline.year) == (dateline, year)


@pytest.mark.parametrize("text", [
    "Quake toll rises\nRescuers dug all night on February 8, 2023, officials said.\n",
    "Quake toll rises\nNATO (North Atlantic Treaty Organization) - the alliance met.\n",
    "The 1961 treaty\nThe treaty was signed in 1961.\n",
])
def test_no_dateline(text):
    assert find_dateline(document(text)) is None


def test_a_dateline_given_by_the_reader_wins():
    assert find_dateline(document("Rescuers dug.\n", {"dateline": datetime.date(2022, 5, 1)})).year == 2022
    assert find_dateline(document("Rescuers dug.\n", {"dateline": "2021-03-04T10:00"})).year == 2021


def test_quoted_spans_include_open_and_continued_quotations():
    assert quoted_spans('He said: “We left today.” Then “more') == [(9, 25), (31, 36)]
    assert quoted_spans('we left today,” Sunak said.') == [(0, 15)]
    assert quoted_spans('"One" and "two"') == [(0, 5), (10, 15)]


# --- relative days --------------------------------------------------------------------------

def test_relative_day_without_dateline_is_flagged_with_its_message():
    findings = lint_text("Power cuts\nRescuers worked through the night, officials said yesterday.\n",
                         linter=TEMPORAL)
    assert [(f.code, f.line, f.column, f.text, f.severity) for f in findings] == [
        ("CD451", 2, 51, "yesterday", "info")]
    assert findings[0].message == ('"yesterday" is relative to a publication day the article does not give '
                                   '(no dateline); name the day ("on Feb. 8") or add a dateline.')


@pytest.mark.parametrize("text", [
    "Power cuts - DW - 08.02.2023\nOfficials said yesterday that power was back.\n",
    "Power cuts\nKYIV, Feb 8 (Reuters) - Officials said yesterday that power was back.\n",
    "Power cuts\n“We fixed it yesterday,” the engineer said.\n",
    "Power cuts\n“The crews worked all night.\nWe fixed it last night,” the engineer said.\n",
    "Docking\nProgress MS-22 docked to the ISS today, February 11, officials said.\n",
    "Farms\nToday, the farm has about 150 cattle.\n",
    "Media\nThe potential flood was reported by the Neva.Today outlet.\n",
])
def test_relative_day_is_not_flagged(text):
    assert found(text) == []


@pytest.mark.parametrize(("text", "flagged"), [
    ("Farms\nThe governor visited three farms today.\n", "today"),
    ("Talks\nThe delegations will meet again tomorrow.\n", "tomorrow"),
    ("Arrests\nAll were arrested last night.\n", "last night"),
])
def test_relative_days_flagged(text, flagged):
    assert [t for c, _, _, t in found(text)] == [flagged]


# --- relative years -------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "flagged"), [
    ("Budget - DW - 08.02.2023\nSpending this year (2022) will rise.\n", ["this year (2022)"]),
    ("Budget - DW - 08.02.2023\nIn the current 2022 year the deficit will shrink.\n", ["current 2022 year"]),
    ("Budget - DW - 08.02.2023\nLast year, 2021, the deficit grew.\n", ["Last year, 2021"]),
    ("Budget - DW - 08.02.2023\nThis year (2023) spending rises, after last year, 2022.\n", []),
    ("Budget\nSpending this year (2022) will rise.\n", []),
])
def test_relative_year_against_the_dateline(text, flagged):
    assert [t for c, _, _, t in found(text)] == flagged


def test_relative_year_message_names_the_expected_year():
    findings = lint_text("Budget - DW - 08.02.2023\nLast year, 2021, the deficit grew.\n", linter=TEMPORAL)
    assert [f.message for f in findings] == [
        '"Last year, 2021": the dateline (- DW - 08.02.2023) makes that 2022; one of them is stale.']


# --- stale events ---------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "flagged"), [
    ("Pact\nThe pact was signed during Putin's visit to Pyongyang.\nPutin will visit Pyongyang in June.\n",
     "Putin will visit Pyongyang"),
    ("Talks\nBlinken visited Beijing on Sunday.\nAides say he is expected to visit Beijing.\n",
     "he is expected to visit Beijing"),
    ("Talks\nThe chancellor met with Zelenskyy in Kyiv.\nHis upcoming meeting with Zelenskyy matters.\n",
     "upcoming meeting with Zelenskyy"),
])
def test_stale_event_flagged(text, flagged):
    assert [t for c, _, _, t in found(text)] == [flagged]


@pytest.mark.parametrize("text", [
    "Visit\nPutin visited Pyongyang in 2000.\nHe will visit Pyongyang again next week.\n",
    "Visit\nPutin has never visited Pyongyang.\nHe will soon visit Pyongyang.\n",
    "Visit\nLavrov visited Pyongyang last month.\nShoigu will visit Pyongyang in June.\n",
    "Visit\nPutin will soon visit Pyongyang.\nThe pact was signed during Putin's visit to Pyongyang.\n",
    "Visit\nKirby refused to announce Biden's possible trip to Ukraine.\nBiden will visit Ukraine.\n",
    "Visit\nPutin visited Seoul.\nHe will visit Pyongyang next.\n",
])
def test_stale_event_not_flagged(text):
    assert found(text) == []


# --- real data ------------------------------------------------------------------------------

@pytest.mark.slow
def test_refa_temporal_findings_are_the_explained_few(shared_data):
    from benchmarks.wmt23 import load_segments

    articles = system_articles(load_segments(shared_data / "wmt23-news-toen" / "segments.tsv"), "refA")
    got = sorted((name, f.code, f.line, f.text) for name, text in articles.items()
                 for f in lint_text(text, name, linter=TEMPORAL))
    assert got == [
        # "worked today in the villages": a day relative to a publication date the article lacks
        ("ru-en_ogirk.ru.8559_refA.txt", "CD451", 2, "today"),
        # "All were arrested ... last night": the same
        ("ru-en_tumentoday.ru.19485_refA.txt", "CD451", 5, "last night"),
    ]
