"""Pair checks (kind ``translation``): number normalisation, each check's exact findings, and real
WMT23 segments written out as XLIFF 2.0 and TSV at test time."""
from __future__ import annotations

import sys
from functools import lru_cache

import pytest

from conftest import REPO
from linter.api import lint_text, make_linter
from linter.checks.numbers import Lexicon, digit_values, extract, unmatched
from linter.rulepack import load_rules


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    rule = load_rules().by_code()["CD901"]
    return Lexicon(rule.params["number_words"])


def _compare(source: str, target: str) -> tuple[list[str], list[str]]:
    lost, added = unmatched(extract(source, lexicon(), source_side=True), extract(target, lexicon(), source_side=False))
    return [m.text for m in lost], [m.text for m in added]


@pytest.mark.parametrize(("raw", "source_side", "values"), [
    ("10 000", True, {10000.0}), ("10\u00a0000", False, {10000.0}), ("6,4", True, {6.4}), ("6,4", False, {6.4}),
    ("10,000", False, {10000.0}), ("1,500", True, {1.5, 1500.0}), ("1.500", False, {1.5, 1500.0}),
    ("1,234,567.5", False, {1234567.5}), ("1.234.567,5", True, {1234567.5}), ("007", True, {7.0}),
    ("12.5", False, {12.5}),
])
def test_digit_values(raw, source_side, values):
    assert digit_values(raw, source_side=source_side) == values


@pytest.mark.parametrize(("source", "target"), [
    ("5 млн снарядів", "5 million shells"), ("5 млн снарядів", "5,000,000 shells"), ("5 млн", "$5m"),
    ("понад 10 000 людей", "more than 10,000 people"), ("інфляція 6,4%", "inflation of 6.4%"),
    ("3,5 млрд гривень", "UAH 3.5bn"), ("1,5 тыс. писем", "1,500 letters"), ("півтори тисячі", "1,500"),
    ("двадцять п'ять людей", "25 people"), ("25 людей", "twenty-five people"), ("п'ятеро загиблих", "5 dead"),
    ("13 лютого 2023 року", "February 13, 2023"), ("13.02.2023", "on 13 February 2023"),
    ("о 14:30", "at 2:30 p.m."), ("в 22.00 по Москве", "at 10 P.M. Moscow time"), ("о 21.55", "at 9:55 p.m."),
    ("у 90-х роках", "in the 1990s"), ("XXI століття", "the 21st century"), ("за сутки 181 ДТП", "181 crashes in 24 hours"),
    ("на відстані 24 км", "15 miles away"), ("рівень 16 метрів", "16 meters (52 feet)"),
    ("https://t.me/abc/123", "see the channel"), ("рахунок 2:0", "a 2-0 win"), ("-0-", "end"),
    ("шостої години вечора", "at 6 p.m."), ("Коефіцієнт 6.10", "odds of 6.10"),
])
def test_same_numbers_written_differently_match(source, target):
    assert _compare(source, target) == ([], [])


@pytest.mark.parametrize(("source", "target", "lost", "added"), [
    ("60 млн доларів", "$60 billion", ["60 млн"], ["60 billion"]),
    ("понад 16 тисяч порушень", "26,000 violations", ["16 тисяч"], ["26,000"]),
    ("39.6 млн евро", "39.6 min euros", ["39.6 млн"], ["39.6"]),
    ("заявив у неділю, 12 лютого", "said on Sunday", ["12"], []),
    ("13,8 метра", "13.8 meters (43 feet)", [], ["43"]),
    ("сім разів", "8 times", [], ["8"]),
    ("7 разів", "seven times", [], []),
])
def test_changed_numbers_do_not_match(source, target, lost, added):
    assert _compare(source, target) == (lost, added)


def test_words_are_evidence_never_mentions():
    numbers = extract("двоє людей і п'ять машин", lexicon(), source_side=True)
    assert numbers.mentions == ()
    assert {2.0, 5.0} <= numbers.evidence


def test_english_months_must_be_capitalised():
    assert 5.0 not in extract("it may rain", lexicon(), source_side=False).evidence
    assert 5.0 in extract("in May", lexicon(), source_side=False).evidence


def _findings(text: str, source: str, code: str):
    return [(f.text, f.message) for f in lint_text(text, "a.txt", select=[code], meta={"source_text": source})]


def test_number_finding_on_the_changed_number_names_the_source_number():
    assert _findings("Ukraine will receive $60 billion.", "Україна отримає 60 млн доларів.", "CD901") == [
        ("60 billion", "“60 billion” in the translation does not match the source: the source has “60 млн” "
                       "instead. Check the number.")]


def test_a_number_broken_apart_is_one_finding():
    assert _findings("About 2, 500 kg and 20, 000 people.", "Близько 2 500 кг і 20 тисяч людей.", "CD901") == [
        ("2, 500", "“2, 500” in the translation does not match the source: it is one number broken apart "
                   "(the source has it whole); write it as one number. Check the number."),
        ("20, 000", "“20, 000” in the translation does not match the source: it is one number broken apart "
                    "(the source has it whole); write it as one number. Check the number.")]


def test_lost_number_is_reported_on_the_segment():
    assert _findings("Netanyahu said on Sunday.", "Нетаньяху заявив у неділю, 12 лютого.", "CD901") == [
        ("Netanyahu said on Sunday.", "The source has “12”; the translation does not. Check the number.")]


def test_identifiers():
    assert _findings("Details at https://example.com/news and @kyivpost.",
                     "Подробиці на https://example.org/news і @kyivindependent.", "CD906") == [
        ("https://example.com/news", "“https://example.com/news” differs from the source: the source has "
         "https://example.org/news, @kyivindependent. URLs, addresses and handles must be copied exactly."),
        ("@kyivpost", "“@kyivpost” differs from the source: the source has https://example.org/news, "
         "@kyivindependent. URLs, addresses and handles must be copied exactly.")]


def test_length_ratio_bounds():
    source = "Сторони підтвердили, що йшлося про бійку на території готелю."  # 61 characters
    assert _findings("x" * 28, source, "CD905") == []  # 46%
    assert _findings("x" * 122, source, "CD905") == []  # 200%
    [(_, message)] = _findings("x" * 27, source, "CD905")  # 44%
    assert message.startswith("The translation is suspiciously short: 44% of the source's length (expected 45%–200%)")
    [(_, message)] = _findings("x" * 123, source, "CD905")
    assert message.startswith("The translation is suspiciously long: 202% of the source's length")


def test_latin_names():
    assert _findings("Lithuania sent Bosfors guns and a Lada car.", "Литва передала гармати Bofors і Lada.",
                     "CD907") == [("Lithuania sent Bosfors guns and a Lada car.",
                                   "“Bofors” is in the source but not in the translation; copy the name exactly as "
                                   "the source writes it.")]


def test_pair_checks_need_a_source():
    assert lint_text("Ukraine will receive $60 billion.", "a.txt", select=["CD9"]) == []


# ---- real segments: WMT23 written out as XLIFF 2.0 and TSV ------------------------------------

@pytest.fixture(scope="module")
def refa_files(shared_data, tmp_path_factory):
    sys.path.insert(0, str(REPO / "tests"))
    from fixtures.bilingual import system_documents, write_tsv, write_xliff2

    from benchmarks.wmt23 import load_segments

    segments = load_segments(shared_data / "wmt23-news-toen" / "segments.tsv")
    out = tmp_path_factory.mktemp("wmt23")
    files = {"xliff": [], "tsv": [], "docs": {}}
    for langpair in ("uk-en", "ru-en"):
        docs = system_documents(segments, "refA", langpair)
        files["docs"].update(docs)
        files["xliff"].append(write_xliff2(out / f"refA.{langpair}.xlf", docs, langpair[:2]))
        files["tsv"] += [write_tsv(out / f"{doc}.tsv", segs) for doc, segs in docs.items()]
    return files


def _lint(paths, codes):
    from linter.readers import read_documents

    linter = make_linter(codes)
    out = []
    for path in paths:
        for doc in read_documents(str(path), path.read_bytes()):
            name = doc.meta.get("display", doc.path).rsplit("#", 1)[-1].rsplit("/", 1)[-1].removesuffix(".tsv")
            out += [(name, f.code, f.text) for f in linter.lint(doc, path)]
    return sorted(out)


def test_wmt_xliff_and_tsv_read_every_segment(refa_files):
    from linter.readers import read_documents

    docs = {d.meta["display"].rsplit("#", 1)[-1]: d for path in refa_files["xliff"]
            for d in read_documents(str(path), path.read_bytes())}
    assert set(docs) == set(refa_files["docs"])
    for doc_id, segments in refa_files["docs"].items():
        pairs = docs[doc_id].meta["pairs"]
        assert [p.source for p in pairs] == [" ".join(s.source.split()) for s in segments]
        assert [" ".join(p.target.split()) for p in pairs] == [" ".join(s.target.split()) for s in segments]


def test_wmt_refa_number_findings_are_the_same_in_xliff_and_tsv(refa_files):
    xliff = _lint(refa_files["xliff"], ("CD901",))
    assert xliff == _lint(refa_files["tsv"], ("CD901",))
    assert [(doc, text[:40]) for doc, _, text in xliff] == [
        ("eg-online.ru.3506", '"Despite the sanctions pressure on the R'),  # "25,3 млрд руб." left out
        ("kazinform-ru.76595", "26,000"),  # the source says 16 тысяч
        ("kazinform-ru.76595", "More than 180 traffic accidents in one d"),  # the year 2023 left out
        ("sport-express.ru.219853", "39.6"),  # "39.6 min euros" for 39.6 млн
        ("versia.ru.35881", "1 million"),  # "города-миллионники": a false alarm
    ]


def test_wmt_refa_copied_segments_are_found(refa_files):
    copied = _lint(refa_files["xliff"], ("CD902", "CD903", "CD904", "CD906"))
    assert {(doc, code) for doc, code, _ in copied} == {("infox.ru.36099", "CD903")}
    assert len(copied) == 15  # this refA document was left in Russian
