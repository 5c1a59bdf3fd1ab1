"""Kind ``duplicate-block``: the headline repeated in the body; a block or sentence said twice.

Texts are compared after normalisation (case, punctuation, whitespace). Near repeats are found
without comparing all pairs: the headline is compared with each body unit once, and blocks or
sentences only with others in the same bucket (their first normalised words), so the work stays
linear in the article's length.
"""
from __future__ import annotations

import re
from collections import defaultdict

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from linter.checks.base import CheckKind, compile_regex
from linter.finding import Hit

_WORDS = re.compile(r"\w+")
_NEAR_WINDOW = 32  # near repeats are looked for among this many earlier units of the same bucket


def normalise(text: str) -> str:
    """The words of ``text``, case-folded, one space between: what repeats are compared on."""
    return " ".join(_WORDS.findall(text.casefold()))


def normalised(doc, start: int, end: int) -> str:
    """``normalise`` of a span of the document, made once for the three rules that compare it."""
    done = doc.derived("normalised", dict)
    key = (start, end)
    if key not in done:
        done[key] = normalise(doc.text[start:end])
    return done[key]


def near(a: str, b: str, similarity: float, max_word_edits: int) -> bool:
    """Equal after normalisation, a few characters apart, or a word or two changed."""
    if a == b:
        return True
    if not a or not b:
        return False
    words_a, words_b = a.count(" ") + 1, b.count(" ") + 1
    fewer = min(words_a, words_b)
    if (200 * min(len(a), len(b)) < (similarity - 1e-6) * (len(a) + len(b))
            and (fewer < 5 or abs(words_a - words_b) > min(max_word_edits, max(1, fewer // 4)))):
        return False  # lengths too far apart for any test below: both ratios are at most 200*min/sum
    if fuzz.ratio(a, b) >= similarity or fuzz.token_sort_ratio(a, b) >= max(similarity, 95):
        return True  # the same words, or the same words reordered ("In one night, 19 drivers ...")
    wa, wb = a.split(), b.split()
    if min(len(wa), len(wb)) < 5:
        return False
    allowed = min(max_word_edits, max(1, min(len(wa), len(wb)) // 4))
    return Levenshtein.distance(wa, wb, score_cutoff=allowed) <= allowed


class Check(CheckKind):
    name = "duplicate-block"
    params_schema = {
        "type": "object",
        "required": ["unit"],
        "additionalProperties": False,
        "properties": {
            "unit": {"enum": ["headline", "block", "sentence"]},
            "min_words": {"type": "integer", "minimum": 1},
            "similarity": {"type": "number", "minimum": 50, "maximum": 100},
            "max_word_edits": {"type": "integer", "minimum": 0},
            "strip": {"type": "array", "items": {"type": "string"},
                      "description": "regexes removed from the headline before comparing (outlet tags)"},
            "first_sentences_of": {"type": "integer", "minimum": 0,
                                   "description": "also compare the first sentence of this many body blocks"},
        },
    }

    def __init__(self, rules, context=None):
        super().__init__(rules, context)
        self.strips = {r.code: [compile_regex(s, re.IGNORECASE, r.path) for s in r.params.get("strip", [])]
                       for r in rules}

    def run(self, doc):
        for rule in self.rules:
            unit = rule.params["unit"]
            if unit == "headline":
                yield from self._headline(doc, rule)
            else:
                yield from self._repeats(doc, rule, unit)

    def _headline(self, doc, rule):
        headline = doc.headline
        if headline is None:
            return
        text = doc.block_text(headline)
        for strip in self.strips[rule.code]:
            text = strip.sub("", text)
        target = normalise(text)
        if len(target.split()) < rule.params.get("min_words", 3):
            return
        similarity = rule.params.get("similarity", 90)
        edits = rule.params.get("max_word_edits", 2)
        first_sentences = rule.params.get("first_sentences_of", 3)
        for block in doc.blocks[1:]:
            candidates = [(block.start, block.end)]
            if block.index <= first_sentences:
                sentences = doc.sentences_of(block)
                if len(sentences) > 1:
                    candidates.append((sentences[0].start, sentences[0].end))
            for start, end in candidates:
                if near(target, normalised(doc, start, end), similarity, edits):
                    line = doc.source_lines.position(doc.to_source(headline.start, headline.end)[0])[0]
                    yield Hit(rule, start, end, {"line": line, "headline": doc.block_text(headline)})
                    break

    def _units(self, doc, unit):
        if unit == "block":
            return [(b.start, b.end, b.index) for b in doc.blocks if b.kind != "headline"]
        whole_blocks = {(b.start, b.end) for b in doc.blocks}
        return [(s.start, s.end, s.block) for s in doc.sentences
                if doc.blocks[s.block].kind != "headline" and (s.start, s.end) not in whole_blocks]

    def _repeats(self, doc, rule, unit):
        min_words = rule.params.get("min_words", 3)
        similarity = rule.params.get("similarity", 95)
        edits = rule.params.get("max_word_edits", 0)
        exact: dict[str, tuple[str, int, int]] = {}
        buckets: dict[str, list[tuple[str, int, int]]] = defaultdict(list)
        for start, end, _ in self._units(doc, unit):
            norm = normalised(doc, start, end)
            words = norm.split()
            if len(words) < min_words:
                continue
            first = exact.get(norm)
            if first is None:
                bucket = buckets[" ".join(words[:2])]
                first = next((b for b in bucket[-_NEAR_WINDOW:] if near(norm, b[0], similarity, edits)), None)
                if first is None:
                    exact[norm] = (norm, start, end)
                    bucket.append((norm, start, end))
                    continue
            line = doc.source_lines.position(doc.to_source(first[1], first[2])[0])[0]
            yield Hit(rule, start, end, {"line": line})
