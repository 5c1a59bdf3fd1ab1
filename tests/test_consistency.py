"""Consistency (CD40x-CD43x): name variants, house spellings, number/date/percent styles."""
from __future__ import annotations

import pytest

from linter.api import lint_text, make_linter
from linter.checks.numformat import digit_need
from linter.checks.variants import Skeleton, capitalised_words, fold, mentions, near_pairs
from linter.config import Settings, load_settings
from linter.readers import read_documents
from linter.rulepack import load_rules

from benchmarks.consistency_wmt import synthetic_names, system_articles
from conftest import SEED

VARIANTS = make_linter(("CD401", "CD402", "CD403"))
CONSISTENCY = make_linter(("CD40", "CD42", "CD43"))
ALTERNATIONS = load_rules().by_code()["CD402"].params["alternations"]


def found(text: str, linter=CONSISTENCY) -> list[tuple[str, int, int, str, str | None]]:
    return [(f.code, f.line, f.column, f.text, f.suggestion) for f in lint_text(text, linter=linter)]


def document(text: str):
    return next(iter(read_documents("article.txt", text.encode("utf-8"), suffix=".txt")))


# --- the seed -------------------------------------------------------------------------------

def test_seed_flags_only_kim_jong_un_with_the_majority_spelling():
    findings = lint_text(SEED.read_text(encoding="utf-8"), linter=CONSISTENCY)
    assert [(f.code, f.line, f.column, f.text, f.suggestion) for f in findings] == [
        ("CD401", 27, 163, "Kim Jong-Un", "Kim Jong-un")]
    assert findings[0].message == ('"Kim Jong-Un" is written "Kim Jong-un" elsewhere in this article '
                                   '(lines 11 and 19); spell the name one way.')
    assert [(e.start, e.end, e.replacement) for e in findings[0].fix.edits] == [
        (findings[0].offset, findings[0].end_offset, "Kim Jong-un")]
    assert findings[0].fix.safe is False


# --- keys -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("a", "b"), [
    ("Zelenskyy", "Zelenskyi"), ("Zelensky", "Zelenskiy"), ("Yuriy", "Iurii"), ("Yuri", "Yury"),
    ("Zaporizhzhya", "Zaporizhzhia"), ("Seyyed", "Seyed"), ("Kharkiv", "Harkiv"), ("Minaj", "Minai"),
    ("Alexei", "Aleksey"), ("Yevgeny", "Evgeny"), ("Kravtzov", "Kravtsov"),
])
def test_transliteration_skeletons_meet(a, b):
    skeleton = Skeleton(ALTERNATIONS, "test")
    assert skeleton(a) == skeleton(b)


@pytest.mark.parametrize(("a", "b"), [
    ("Kim Jong-un", "Kim Yo-jong"), ("Kim Jong-nam", "Kim Yong-nam"), ("Navalny", "Navalnaya"),
    ("Zelensky", "Zelenska"), ("Kyiv", "Kiev"), ("Austria", "Australia"),
])
def test_different_names_keep_different_skeletons(a, b):
    skeleton = Skeleton(ALTERNATIONS, "test")
    assert skeleton(a) != skeleton(b)


def test_fold_removes_case_hyphens_spaces_apostrophes_and_accents():
    assert fold("Kim Jong-Un") == fold("Kim Jong un") == "kimjongun"
    assert fold("Erdoğan") == "erdogan"
    assert fold("O'Brien") == "obrien"


def test_mentions_are_words_and_run_endings_without_stopwords_or_acronyms():
    doc = document("The agreement was concluded during the visit of DPRK Supreme Leader Kim Jong-un’s aide.")
    assert [m.form for m in mentions(doc, frozenset({"the"}), 4)] == [
        "Supreme", "Leader", "Kim", "Jong-un", "Kim Jong-un", "Leader Kim Jong-un", "Supreme Leader Kim Jong-un"]


def test_capitalised_words_skip_exactly_the_ascii_stopwords():
    # "İn" folds to "i̇n", not the stopword "in": the regex leaves it to the Python check
    words = capitalised_words(frozenset({"the", "a", "in", "its"}))
    assert words.findall("The Kim A's Its In Inna THE Theo A-b İn Ab the") == [
        "Kim", "Inna", "Theo", "A-b", "İn", "Ab"]


def test_a_skipped_stopword_ends_a_run_as_before():
    text = ("Minister Ivanov's aide met The Hague officials. In Kyiv, Petro Poroshenko spoke to NATO's "
            "Jens Stoltenberg. “Its Ab İn Ivanov")
    got = [(m.form, m.start, m.initial, m.after)
           for m in mentions(document(text), frozenset({"the", "in", "its", "to"}), 4)]
    assert got == [
        ("Minister", 0, True, "Ivanov"), ("Ivanov", 9, False, None), ("Minister Ivanov", 0, True, None),
        ("Hague", 31, False, None), ("Kyiv", 51, False, None),
        ("Petro", 57, False, "Poroshenko"), ("Poroshenko", 63, False, None), ("Petro Poroshenko", 57, False, None),
        ("Jens", 90, False, "Stoltenberg"), ("Stoltenberg", 95, False, None), ("Jens Stoltenberg", 90, False, None),
        ("Ab", 113, False, "İn"), ("İn", 116, False, "Ivanov"), ("Ivanov", 119, False, None),
        ("İn Ivanov", 116, False, None), ("Ab İn Ivanov", 113, False, None)]


# --- variants -------------------------------------------------------------------------------

def test_minority_forms_point_at_the_majority_and_its_lines():
    text = ("Zelenskyy spoke in London\n"
            "President Zelenskyy thanked Britain.\n"
            "In Paris, Zelenskyi asked for jets.\n"
            "Later Zelenskyy flew to Brussels.\n")
    findings = lint_text(text, linter=VARIANTS)
    assert [(f.code, f.line, f.column, f.text, f.suggestion) for f in findings] == [
        ("CD402", 3, 11, "Zelenskyi", "Zelenskyy")]
    assert findings[0].message == ('"Zelenskyi" is transliterated "Zelenskyy" elsewhere in this article '
                                   '(lines 1, 2 and 4); spell the name one way.')


def test_on_a_tie_the_first_form_is_the_articles_spelling():
    assert found("Officials met Yuriy Ushakov on Monday. On Tuesday, Yuri Ushakov left.", VARIANTS) == [
        ("CD402", 1, 52, "Yuri Ushakov", "Yuriy Ushakov")]


def test_a_name_of_several_words_is_reported_once_not_again_word_by_word():
    text = "Kim Jong-un arrived. Aides to Kim Jong-un spoke. Kim Jong Un then left."
    assert found(text, VARIANTS) == [("CD401", 1, 50, "Kim Jong Un", "Kim Jong-un")]


@pytest.mark.parametrize("text", [
    "Kim Jong-un met his sister Kim Yo-jong. Kim Jong-un later thanked Kim Yo-jong.",
    "Presidential aide Yuriy Ushakov met blogger Yuri Podolyaka. Yuriy Ushakov left.",
    "Alexei Navalny was jailed. His wife Yulia Navalnaya spoke for Navalny.",
    "Officials in Russia and Russian-flagged ships met. Russia-flagged ships left.",
    "KYIV, Feb 8 (Reuters) - Officials in Kyiv said power was back. Kyiv is calm.",
    "Later the talks resumed. Latter points were agreed.",
    "Officials met Yuriy Ushakov on Monday.",
])
def test_different_names_and_ordinary_words_are_not_merged(text):
    assert found(text, VARIANTS) == []


def test_variants_leave_house_spellings_to_the_house_rule():
    text = "Kiev is calm. Officials in Kiev said so. Kiev has power. Kyiv residents agreed."
    assert [(c, t, s) for c, _, _, t, s in found(text)] == [
        ("CD420", "Kiev", "Kyiv"), ("CD420", "Kiev", "Kyiv"), ("CD420", "Kiev", "Kyiv")]


def test_spelling_variant_needs_a_rare_word_edited_inside():
    text = "Strikes hit Bakhmut on Monday. Fighting near Bakhmut went on. Troops left Bakhmout."
    assert found(text, VARIANTS) == [("CD403", 1, 75, "Bakhmout", "Bakhmut")]
    assert found("The bakhmout word. Strikes hit Bakhmut. Near Bakhmut, troops left Bakhmout.", VARIANTS) == []


# --- blocking: the work stays linear in the number of names -----------------------------------

def test_near_pairs_compares_a_tiny_fraction_of_all_pairs():
    keys = sorted({m.form.casefold() for m in mentions(document(synthetic_names(5000)), frozenset(), 1)})
    pairs, compared = near_pairs(keys)
    assert len(keys) == 5002  # 5000 names, "officials" and the headline
    assert compared < len(keys) // 10  # all pairs would be 12,502,501 comparisons
    assert all(sum(a != b for a, b in zip(keys[i], keys[j])) <= 1 or len(keys[i]) != len(keys[j])
               for i, j in pairs)


def test_mentions_grow_linearly_with_the_number_of_names():
    small = len(list(mentions(document(synthetic_names(1000)), frozenset(), 4)))
    large = len(list(mentions(document(synthetic_names(4000)), frozenset(), 4)))
    assert small == 2 * 1000 + 1 and large == 2 * 4000 + 1


def test_five_thousand_distinct_names_give_no_finding():
    assert lint_text(synthetic_names(5000), linter=VARIANTS) == []


# --- house spellings ------------------------------------------------------------------------

def test_house_spelling_keeps_capitals_and_fixes_safely():
    findings = lint_text("KIEV, Feb 8 (Reuters) - Power returned to Kharkov's suburbs.",
                         linter=make_linter(("CD420",)))
    assert [(f.text, f.suggestion, f.fix.safe) for f in findings] == [
        ("KIEV", "KYIV", True), ("Kharkov", "Kharkiv", True)]


@pytest.mark.parametrize("text", [
    "The embassy served chicken Kiev and Chicken Kiev.",
    "Kievan Rus and Kiev Rus are medieval states.",
    "She moved to Odessa, Texas, in 2010.",
    "The Battle of Kiev ended in 1941.",
    "Composer Yuri Nikolaev died in Moscow.",
    "See kiev.example.org for the timetable.",
])
def test_house_spelling_keeps_fixed_expressions_and_other_places(text):
    assert found(text, make_linter(("CD420",))) == []


def test_newsroom_configuration_extends_and_overrides_the_list(tmp_path):
    config = tmp_path / "pyproject.toml"
    config.write_text('[tool.copydesk.house-spellings]\n"Zelensky" = "Zelenskyy"\n"Odessa" = "Odessa"\n',
                      encoding="utf-8")
    linter = make_linter(("CD420",), settings=load_settings(config))
    text = "Zelensky visited Odessa and Kiev."
    assert [(f.text, f.suggestion) for f in lint_text(text, linter=linter)] == [
        ("Zelensky", "Zelenskyy"), ("Kiev", "Kyiv")]
    assert [f.text for f in lint_text(text, linter=make_linter(("CD420",), settings=Settings()))] == [
        "Odessa", "Kiev"]


# --- number, percent and date styles --------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("At least 10,000 people fled. Another 25 000 left later. Over 40,000 remain.", [("CD430", "25 000")]),
    ("About 8,574 people died and 49,000 were injured; 15000 are missing.", [("CD430", "15000")]),
    ("The army lost 12.500 men and 3.000 tanks; the enemy lost 14,000 men.", [("CD430", "14,000")]),
    ("Inflation was 3.125% in 2023, up from 2.5%. Some 12,000 firms closed.", []),
    ("On March 8 500 people rallied. Police counted 1,200.", []),
    ("Prices rose 5% in January and 7.5% in February, but 2 percent in March.", [("CD431", "2 percent")]),
    ("Turnout was 62 per cent; 3 percent spoiled ballots, 4 per cent abstained.", [("CD431", "3 percent")]),
    ("Protests began on February 7 and resumed on February 11 and 16 February.", [("CD432", "16 February")]),
    ("The law passed on 8 February. It was signed on 08.02.2023 and takes effect on 1 March.",
     [("CD432", "08.02.2023")]),
    ("The talks began on June 16, 2023, and ended on June 20.", []),
])
def test_style_mixes(text, expected):
    assert [(c, t) for c, _, _, t, _ in found(text)] == expected


@pytest.mark.parametrize(("pattern", "need"), [
    (r"(?<![\d.,])\d{1,3}(?:,\d{3})+", "first"),  # tried only at the digits
    (r"[0-9]+", "first"),
    (r"(?:January|March)\.? \d{1,2}", "some"),  # skipped in a block with no digit
    (r"(?:\d|x)\d", "some"),
    (r"\d+|percent", None),  # run everywhere
    (r"[0-9a]+", None),
    (r"\d*%", None),
])
def test_digit_need_is_read_off_the_regex(pattern, need):
    assert digit_need(pattern) == need


def test_style_mix_message_names_the_majority_model():
    findings = lint_text("At least 10,000 fled; 25 000 left; 40,000 stayed.", linter=make_linter(("CD430",)))
    assert [f.message for f in findings] == [
        '"25 000" groups digits differently from the rest of the article (2 like "10,000"); '
        'write large numbers one way.']


def test_date_styles_are_not_read_in_the_headline():
    text = "Quake toll rises - DW - 08.02.2023\nThe quake struck on February 6. Aid arrived on February 8.\n"
    assert found(text, make_linter(("CD432",))) == []


# --- real data: professional translations stay nearly quiet -----------------------------------

@pytest.mark.slow
def test_refa_consistency_findings_are_the_explained_few(shared_data):
    from benchmarks.wmt23 import load_segments

    articles = system_articles(load_segments(shared_data / "wmt23-news-toen" / "segments.tsv"), "refA")
    got = sorted((name, f.code, f.text) for name, text in articles.items()
                 for f in lint_text(text, name, linter=CONSISTENCY))
    assert got == sorted([
        # the translator spelled the Cypriot negotiator two ways (Mavroyianis on line 3)
        ("uk-en_ukrainian.dw.com.15605_refA.txt", "CD402", "Mavroyanis"),
        # RT's own Russian-style spellings, kept by its translator; house style says otherwise
        *(("ru-en_rt-russian.115506_refA.txt", "CD420", t)
          for t in ("Kiev", "Vyshgorod", "Kiev", "Kharkov", "Odessa", "Ivano-Frankovsk")),
        ("uk-en_ukrainian.dw.com.15542_refA.txt", "CD420", "Kupyansk"),
        ("uk-en_ukrainian.dw.com.15614_refA.txt", "CD420", "Zaporizhzhya"),
    ])
