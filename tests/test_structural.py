"""The structural rules (duplication, boilerplate, typography) on the seed and on real MT articles."""
from __future__ import annotations

import re

from conftest import SEED
from linter.api import lint_text, make_linter

STRUCTURAL = {"duplication", "boilerplate", "typography"}
LINTER = make_linter()


def structural(findings):
    return [(f.code, f.line, f.text) for f in findings if f.category in STRUCTURAL]


def test_seed_structural_findings_are_exactly_the_labelled_ones():
    findings = lint_text(SEED.read_text(encoding="utf-8"), "seed.txt", linter=LINTER)
    assert structural(findings) == [
        ("CD101", 3, "The DPRK and Russia sign mutual defense pact"),
        ("CD110", 5, "Asia North Korea (DPRK) Russia World"),
        ("CD102", 31, "Asia North Korea (DPRK) Russia World"),
        ("CD110", 31, "Asia North Korea (DPRK) Russia World"),
    ]


def test_repeated_headlines_of_wmt_articles_27_and_28(shared_data):
    articles = shared_data / "wmt23-news-toen" / "articles"
    for name in ("27_ru-en_tumentoday.ru.19485_GPT4-5shot.txt", "28_ru-en_tumentoday.ru.19509_ZengHuiMT.txt"):
        text = (articles / name).read_text(encoding="utf-8")
        found = [(f.code, f.line) for f in lint_text(text, name, linter=LINTER) if f.code == "CD101"]
        assert found == [("CD101", 2)], name


def test_every_read_also_line_of_the_wmt_articles_is_found(shared_data):
    articles = sorted((shared_data / "wmt23-news-toen" / "articles").glob("*.txt"))
    expected, found = set(), set()
    for path in articles:
        text = path.read_text(encoding="utf-8")
        for number, line in enumerate(text.split("\n"), start=1):
            if re.match(r"(Read|See) also:", line):
                expected.add((path.name, number))
        found |= {(path.name, f.line) for f in lint_text(text, path.name, linter=LINTER) if f.code == "CD111"}
    assert len(expected) == 19
    assert expected <= found
