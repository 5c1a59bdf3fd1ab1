"""The attribution kind: which figures are claims, which claims have a source, and linear work."""
from __future__ import annotations

import time

import pytest

from linter.api import lint_text, make_linter
from linter.checks.attribution import clause_span, lines_are_segments
from linter.checks.claims import FigureFinder
from linter.checks.prefilter import fold
from linter.errors import RulePackError
from linter.readers import read_documents
from linter.rulepack import builtin_rules_dir, load_rules

from conftest import SEED

LINTER = make_linter(("CD3",))
FIGURE = load_rules().by_code()["CD301"]


def found(text: str, filename: str = "article.txt") -> list[tuple[str, int, str]]:
    return [(f.code, f.line, f.text) for f in lint_text(text, filename, linter=LINTER)]


def claims(sentence: str) -> list[str]:
    finder = FigureFinder(FIGURE.params["numbers"], FIGURE.params["not_claims"], "test")
    return [sentence[c.start:c.end] for c in finder.find(sentence)]


# --- the seed -------------------------------------------------------------------------------

def test_seed_findings_are_exactly_the_labelled_ones():
    text = SEED.read_text(encoding="utf-8")
    assert found(text) == [
        ("CD310", 9, "The Russian media announced this"),
        ("CD302", 23, "the DPRK ships ballistic missiles and artillery shells to Russia in large quantities"),
        ("CD310", 27, "According to the media"),
    ]


# --- claims ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("sentence", "expected"), [
    ("North Korea sent about 5 million artillery shells.", ["5"]),
    ("At least 10,000 containers and 10 000 wagons were sent.", ["10,000", "10 000"]),
    ("Prices rose by 40% and by 3.5 percent.", ["40", "3.5"]),
    ("The deal is worth $2 billion, or 150 mln rubles.", ["2", "150"]),
    ("Three soldiers and two civilians were killed.", ["Three", "two"]),
    ("Dozens of people and a third of the residents left.", ["Dozens of", "a third of"]),
    ("Prices are three times higher than last year.", ["three"]),
])
def test_figures_are_claims(sentence, expected):
    assert claims(sentence) == expected


@pytest.mark.parametrize("sentence", [
    "The new treaty is an update of the 1961 treaty.",
    "The USSR collapsed in 1991, and in the 1990s the economy shrank.",
    "The talks began on June 16 and ended on 20 February at 10:30.",
    "Rubio, 45, met the 68-year-old senator on his 44th birthday.",
    "Article 5 of the treaty and Resolution 2231 apply to School No. 3.",
    "They live at 15 Baker Street; call 8-800-555-35-35 for details.",
    "Milan beat Torino 1:0 after the 80-19 vote.",
    "Ukraine asked for F-16 jets, Leopard 2 tanks and Su-25 aircraft.",
    "The two leaders met, one of the 27 members said nothing.",
    "The explosion was heard dozens of kilometers away after 30 minutes.",
    "One of them came here two years ago.",
    # ages as a condition or a rule's value; readings of one case; values a rule sets
    "Children under 14 may not travel alone.",
    "The law raises the retirement age from 62 to 64.",
    "The driver had 0.51 mg of alcohol per liter of exhaled air.",
    "The price ceiling was set at $60/barrel in December.",
    "Violators face a fine of 10,000 rubles.",
    # questions ask, conditions suppose, teasers name another article
    "How many thousands of dollars did she raise?",
    "Nobody asked how many thousands of dollars she raised.",
    "If blocked securities account for more than 10% of a fund, trading stops.",
    "Read also: 23 countries will join the lawsuit",
])
def test_non_claims_are_not_claims(sentence):
    assert claims(sentence) == []


# --- attribution ----------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Militarnyi reported that, according to Bloomberg, North Korea sent 5 million shells to Russia.",
    "South Korean intelligence has detected at least 10,000 shipping containers.",
    "Twelve drones were shot down overnight, the air force said.",
    "He added that 300 people had been evacuated.",
    "Twelve drones were shot down by air defence forces, data from the General Staff show.",
    "Rosstat's figures put inflation at 12%.",
    "“We shot down 12 drones,” Ihnat said.",
    "Ihnat said: “We shot down 12 drones. Another 5 were jammed.”",
    "Overnight, 12 drones were shot down. This was reported by the Air Force Command.",
    # what follows a back-reference continues the sentences it attributed
    "The army lost 300 tanks. This was confirmed. Another 500 soldiers were killed in the region.",
    "Overnight, 12 drones were shot down.\n\nThe Air Force Command reported this.",
    "The air force said the night was quiet. Overnight, 12 drones were shot down.",
    "The Pentagon said the package includes:\n- 18 HIMARS launchers;\n- 45 missiles.",
    "12 drones shot down over Kyiv\n\nThe night was quiet, the air force said.",
])
def test_attributed_claims_are_not_flagged(text):
    assert found(text) == []


@pytest.mark.parametrize(("text", "line", "excerpt"), [
    ("Overnight, 12 drones were shot down over Kyiv.", 1, "12 drones were shot down over Kyiv"),
    ("An estimated 10,000 people fled the city.", 1, "An estimated 10,000 people fled the city"),
    # a source in another paragraph does not count
    ("The air force said the night was quiet.\n\nOvernight, 12 drones were shot down.", 3,
     "12 drones were shot down"),
    # a back-reference covers the paragraph just before it, not the one before that
    ("Night attack\n\nOvernight, 12 drones were shot down.\n\nThe city was quiet.\n\nThe mayor reported this.", 3,
     "12 drones were shot down"),
    # a quotation with nobody named as its speaker
    ("The city was quiet.\n\n“Twelve drones were shot down.”\n\nThe night was long.", 3,
     "Twelve drones were shot down"),
])
def test_unattributed_claims_are_flagged(text, line, excerpt):
    assert found(text) == [("CD301", line, excerpt)]


def test_finding_covers_the_clause_and_says_what_is_missing():
    [finding] = lint_text("First of all, 300 people were evacuated, the town was empty.", linter=LINTER)
    assert (finding.code, finding.column, finding.text) == ("CD301", 15, "300 people were evacuated")
    assert finding.message.startswith('No source for the figure "300"')
    assert finding.severity == "warning" and finding.category == "attribution"


def test_clause_runs_on_past_a_comma_inside_a_noun_phrase():
    text = "More than 400 new, small clubs may open."
    assert clause_span(text, 10, 13) == (0, len(text) - 1)


def test_headline_is_not_checked():
    assert found("Ukraine shot down 12 drones\n\nThe night was quiet in Kyiv.") == []


# --- one segment a line ---------------------------------------------------------------------

SEGMENTS_HEAD = "Earthquake in Syria\n"  # the first line is the headline


@pytest.mark.parametrize("body", [
    # the source named on one line covers the next
    "According to the Syrian government, 2,662 people died.\nMore than 10,000 were injured.\nRescuers worked.\n",
    # lines that continue the line before go on as far as they are explicit
    "According to the ministry, 3 people died.\nAnother 12 were injured.\nOf them, 5 are children.\n"
    "Thus, the total reached 15.\n",
    # a back-reference covers the lines before it
    "Overnight, 12 drones were shot down.\nThe night was cold.\nFires broke out in two districts.\n"
    "This was reported by the Air Force Command.\n",
    # a list that an attributed line introduces
    "The Pentagon said the package includes:\n- 18 HIMARS launchers;\n- 45 missiles.\nDelivery is due in May.\n",
])
def test_a_source_covers_the_lines_of_its_passage(body):
    assert found(SEGMENTS_HEAD + body) == []


@pytest.mark.parametrize(("body", "line", "excerpt"), [
    # the next-but-one line is a new statement
    ("According to the Syrian government, 2,662 people died.\nRescuers worked through the night.\n"
     "More than 10,000 buildings were destroyed.\n", 4, "More than 10,000 buildings were destroyed"),
    # a headline-like line (a crosshead) ends the passage
    ("According to the Syrian government, 2,662 people died.\nRescue work\n"
     "More than 10,000 buildings were destroyed.\n", 4, "More than 10,000 buildings were destroyed"),
    # a back-reference reaches four lines back, not five
    ("Overnight, 12 drones were shot down.\nThe night was cold.\nFires broke out.\nWater was cut.\n"
     "Power was cut too.\nThis was reported by the Air Force Command.\n", 2, "12 drones were shot down"),
])
def test_a_source_does_not_reach_past_its_passage(body, line, excerpt):
    assert found(SEGMENTS_HEAD + body) == [("CD301", line, excerpt)]


@pytest.mark.parametrize(("text", "line"), [
    # blank lines between paragraphs: a line is a paragraph
    ("Earthquake in Syria\n\nAccording to the Syrian government, 2,662 people died.\n\n"
     "More than 10,000 buildings were destroyed.\n\nRescuers worked.\n", 5),
    # lines of several sentences are paragraphs too
    ("Earthquake in Syria\nThe government said the night was calm. The rescuers went home.\n"
     "More than 10,000 buildings were destroyed. Fires broke out.\nRescuers worked. It was cold.\n", 3),
])
def test_paragraph_layout_keeps_the_paragraph_rule(text, line):
    [doc] = read_documents("article.txt", text.encode("utf-8"), suffix=".txt")
    assert not lines_are_segments(doc)
    assert found(text) == [("CD301", line, "More than 10,000 buildings were destroyed")]


def test_one_sentence_lines_without_blank_lines_are_segments():
    text = SEGMENTS_HEAD + "Rescuers worked.\nIt was cold.\nThe city was quiet. Shops were closed.\nWater was cut.\n"
    [doc] = read_documents("article.txt", text.encode("utf-8"), suffix=".txt")
    assert lines_are_segments(doc)  # three of the four body lines hold one sentence


def test_sentences_without_anchors_have_no_candidates():
    """The per-document prefilter of the claim finders skips only sentences that cannot hold a claim."""
    finder = FigureFinder(FIGURE.params["numbers"], FIGURE.params["not_claims"], "test")
    for sentence in SEED.read_text(encoding="utf-8").splitlines() + [
            "Dozens of people and a third of the residents left.", "Three soldiers were killed.",
            "The city was quiet and nobody left."]:
        anchors = finder.anchors(sentence, fold(sentence))
        assert bool(anchors) or not finder.candidates(sentence), sentence


# --- vague sources --------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "code", "excerpt"), [
    ("Local media report that the bridge was closed.", "CD310", "Local media report"),
    ("This was reported by Turkish and Armenian mass media.", "CD310", "reported by Turkish and Armenian mass media"),
    ("It is noted that the earthquake is the strongest since 1939.", "CD311", "It is noted"),
    ("On February 9 it emerged that the women were stuck.", "CD311", "it emerged"),
    ("According to sources, the deal is close.", "CD311", "According to sources"),
])
def test_vague_sources_are_flagged(text, code, excerpt):
    assert found(text) == [(code, 1, excerpt)]


def test_vague_attribution_is_an_attribution():
    assert found("According to the media, 500 people were evacuated.") == [("CD310", 1, "According to the media")]


# --- rule validation ------------------------------------------------------------------------

def test_broken_cue_regex_is_reported_with_its_place():
    from linter.checks.attribution import Check

    params = dict(FIGURE.params, cues={"verbs": ["said"], "phrases": ["(unclosed"]})
    with pytest.raises(RulePackError, match=r"rule\.yml: params\.cues\.phrases: invalid regular expression"):
        Check.validate_rule({}, params, "rule.yml")


def test_quantity_rule_needs_its_phrases():
    from linter.checks.attribution import Check

    params = {k: v for k, v in FIGURE.params.items() if k not in ("numbers",)}
    with pytest.raises(RulePackError, match=r"params\.numbers: required"):
        Check.validate_rule({}, params, "rule.yml")


def test_attribution_word_lists_ship_with_the_rules():
    lists = {p.name for p in (builtin_rules_dir() / "lists").glob("attribution-*")}
    assert {"attribution-cues.yml", "attribution-numbers.yml", "attribution-non-claims.txt",
            "attribution-back-references.txt", "attribution-quantity-phrases.txt",
            "attribution-media-nouns.txt", "attribution-continuations.txt"} <= lists


# --- linear work ----------------------------------------------------------------------------

def _lint_seconds(text: str) -> float:
    [doc] = read_documents("big.txt", text.encode("utf-8"), suffix=".txt")
    doc.sentences  # segmentation is the document model's work, not these rules'
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        LINTER.lint(doc)
        best = min(best, time.perf_counter() - start)
    return best


@pytest.mark.parametrize(("make", "size"), [
    # a claim sentence of 5,000 words
    (lambda n: "Officials fear that " + " ".join(f"{i % 90 + 10} soldiers and" for i in range(n // 3)) + " more died.",
     5000),
    # a paragraph of 2,000 numbers
    (lambda n: " ".join(f"In {i} cases {i * 7} people were hurt." for i in range(n // 2)), 2000),
    # 5,000 words without any sentence punctuation
    (lambda n: " ".join(("the media reported that" if i % 9 == 0 else f"{i} tanks") for i in range(n // 2)), 5000),
], ids=["long-sentence", "many-numbers", "no-punctuation"])
def test_work_grows_linearly(make, size):
    small, large = _lint_seconds(make(size // 8)), _lint_seconds(make(size))
    # 8x the text: linear work takes about 8x as long, quadratic 64x; the bound leaves room for noise
    assert large / max(small, 1e-4) < 24, (small, large)
