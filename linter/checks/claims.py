"""Claims: the figures and quantity phrases of a sentence that somebody has to vouch for.

What counts is data, in ``rules/lists``: number words, scales, currencies and counted nouns
(``attribution-numbers.yml``), the contexts in which a number is not a claim (years, dates, ages,
ordinals, law and model numbers: ``attribution-non-claims.txt``) and quantity phrases without a
number (``attribution-quantity-phrases.txt``). Each regex runs once over a sentence and each number
looks only at a bounded window around itself, so the work is linear in the sentence's length.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from linter import regexcache
from linter.checks.base import compile_regex, literal_alternation
from linter.checks.pattern import expand_terms
from linter.checks.prefilter import PrefixScanner, RegexSet, fold

# A number in digits: "5", "10,000", "10 000", "1.27", "3,5"; letters glued to it are read apart.
_DIGITS = regexcache.compile(r"(?<![\w.,/:\-‑])(?:\d{1,3}(?:,\d{3})+(?!\d)|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d,.]\d)|\d+)"
                     r"(?:[.,]\d+)?(?P<suffix>[^\W\d_]*)")
_DIGIT_RUN = regexcache.compile(r"\d+")
_UNITS = ("one two three four five six seven eight nine").split()
_RANGE = r"(?:\s*(?:[-–‑]|to|or|and)\s*[\d.,]+)?"  # "5-10 people", "from 600,000 to 800,000 demonstrators"
_AFTER = 80   # characters after a number that its classification may read
_BEFORE = 12  # characters before it (a currency sign or code)


@dataclass(frozen=True, slots=True)
class Claim:
    """A figure or quantity phrase at [start, end) of the sentence text."""

    start: int
    end: int
    kind: str  # money, percent, number, count, fraction, quantity


def _alt(entries) -> str:
    """An alternation of the phrases, or a pattern that never matches when there are none."""
    return literal_alternation(entries) or "(?!)"


class FigureFinder:
    """Numbers that assert a figure: money, percentages, large or scaled numbers, counts of things."""

    LISTS = ("words", "scales", "vague_counts", "fractions", "ratios", "percent", "currency_before",
             "currency_after", "counted", "not_between")

    def __init__(self, numbers: dict, not_claims: list[str], where: str):
        flags = re.IGNORECASE
        terms = {name: list(numbers.get(name) or ()) for name in self.LISTS}
        scales, counted = _alt(terms["scales"]), _alt(terms["counted"])
        # up to two words between a number and its noun ("5 Russian tanks"), not "2015 went to men"
        between = rf"(?:(?!(?:{_alt(terms['not_between'])})\b)[\w’'-]+\s+){{0,2}}?"
        self.scale_set = {s.casefold() for s in terms["scales"]}
        lead = rf"{_RANGE}\s*(?:(?:{scales})\b\.?\s*)?"
        self.after = {  # what follows a number makes it a claim of this kind
            "percent": rf"{lead}(?:{_alt(terms['percent'])})(?!\w)",
            "money": rf"{lead}(?:of\s+)?(?:{_alt(terms['currency_after'])})(?!\w)",
            "number": rf"\s*(?:(?:{scales})(?!\w)|times\s+(?:more|less|fewer|higher|lower|as|the|bigger|larger|greater|smaller))",
            "count": rf"{lead}(?:of\s+(?:the|them|those|whom|which)\s+)?{between}(?:{counted})(?!\w)",
        }
        self.after = {kind: compile_regex(p, flags, where) for kind, p in self.after.items()}
        self.money_before = compile_regex(rf"(?:{_alt(terms['currency_before'])})\s?$", 0, where)
        self.spelled = compile_regex(rf"(?<![\w-])(?:{_alt(terms['words'])})(?:-(?:{'|'.join(_UNITS)}))?(?![\w-])",
                                     flags, where)
        self.phrases = compile_regex(rf"(?<![\w-])(?:(?:{_alt(terms['vague_counts'])}|{_alt(terms['fractions'])})\s+of"
                                     rf"|{_alt(terms['ratios'])})(?!\w)", flags, where)
        self._spelled, self._phrases = Scanner(self.spelled), Scanner(self.phrases)
        self.not_claims = RegexSet(compile_regex(expand_terms(p, terms, where), flags, where) for p in not_claims)

    def find(self, text: str) -> list[Claim]:
        return self.drop_non_claims(text, self.candidates(text))

    def anchors(self, text: str, folded: str) -> list[int] | None:
        """Offsets of a whole text (``folded``: its :func:`fold`) where some claim of a sentence
        must lie: digits, and the words that number words and phrases need. A sentence with none
        of them has no candidates, found with one pass over the document instead of one a
        sentence (None: no such offsets are known)."""
        spelled, phrases = self._spelled.anchors(folded), self._phrases.anchors(folded)
        if spelled is None or phrases is None:
            return None
        return sorted([m.start() for m in _DIGIT_RUN.finditer(text)] + spelled + phrases)

    def candidates(self, text: str, folded: str | None = None) -> list[Claim]:
        """Figures by their shape and what follows them, before :meth:`drop_non_claims` (the costly
        part, which a sentence with a source never needs)."""
        folded = fold(text) if folded is None else folded
        claims = [Claim(m.start(), m.end(), "count") for m in self._phrases.finditer(text, folded)]
        for m in _DIGITS.finditer(text):
            suffix = m.group("suffix")
            kind = self._kind(text, m.start(), m.end() - len(suffix), suffix, digits=True)
            if kind:
                claims.append(Claim(m.start(), m.end() - len(suffix), kind))
        for m in self._spelled.finditer(text, folded):
            kind = self._kind(text, m.start(), m.end(), "", digits=False)
            if kind:
                claims.append(Claim(m.start(), m.end(), kind))
        return claims

    def drop_non_claims(self, text: str, claims: list[Claim], folded: str | None = None) -> list[Claim]:
        """The claims that no non-claim pattern (a year, a date, an age ...) covers, in text order."""
        if not claims:
            return []
        excluded = _Spans(m.span() for regex in self.not_claims.candidates(text, folded) for m in regex.finditer(text))
        return sorted((c for c in claims if not excluded.covers(c.start)), key=lambda c: c.start)

    def _kind(self, text: str, start: int, end: int, suffix: str, *, digits: bool) -> str | None:
        after = text[end:end + _AFTER]
        if self.money_before.search(text[max(0, start - _BEFORE):start]):
            return "money"
        if suffix and suffix.casefold() not in self.scale_set:
            return None  # "5G", "2A6": a name, not a figure
        for kind, regex in self.after.items():
            if regex.match(after):
                return kind
        if suffix:
            return "number"  # "5bn", "10k"
        if digits:
            number = text[start:end].replace(",", "").replace(" ", "").replace("\u00a0", "").replace("\u202f", "")
            if "." in number or int(number.split(".")[0] or 0) >= 10:
                return "number"
        return None


class QuantityFinder:
    """Quantity claims without a number: "in large quantities", "a record number of"."""

    def __init__(self, phrases: list[str], where: str):
        self.regex = compile_regex(rf"(?<![\w-])(?:{literal_alternation(phrases)})(?![\w-])",
                                   re.IGNORECASE, where)
        self._scanner = Scanner(self.regex)

    def anchors(self, text: str, folded: str) -> list[int] | None:
        """See :meth:`FigureFinder.anchors`."""
        return self._scanner.anchors(folded)

    def candidates(self, text: str, folded: str | None = None) -> list[Claim]:
        return [Claim(m.start(), m.end(), "quantity") for m in self._scanner.finditer(text, folded)]

    def drop_non_claims(self, text: str, claims: list[Claim], folded: str | None = None) -> list[Claim]:
        return claims


class Scanner:
    """``regex.finditer`` for a word-list regex, tried only where it can match: where one of its
    literal starts stands (:class:`PrefixScanner`) or, when those are too short to help ("a
    hundred", "in large quantities"), on texts that hold one of the literals every match needs."""

    def __init__(self, regex: re.Pattern):
        self.regex = regex
        self._starts = PrefixScanner(regex)
        self._needles = RegexSet([regex]) if self._starts.automaton is None else None

    def finditer(self, text: str, folded: str | None = None):
        if self._needles is None:
            return self._starts.finditer(text, folded)
        return (m for regex in self._needles.candidates(text, folded) for m in regex.finditer(text))

    def anchors(self, folded: str) -> list[int] | None:
        """Offsets in the folded text inside every match (where a literal start begins, or where a
        needed literal ends), or None when the regex has neither."""
        if self._needles is None:
            return [end - size + 1 for end, size in self._starts.automaton.iter(folded)]
        [(_, needles)] = self._needles.items
        if needles is None or self._needles.automaton is None:
            return None
        return [end for end, _ in self._needles.automaton.iter(folded)]


class _Spans:
    """Sorted, merged spans; ``covers(i)`` in logarithmic time."""

    def __init__(self, spans):
        merged: list[list[int]] = []
        for start, end in sorted(spans):
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            elif end > start:
                merged.append([start, end])
        self.starts = [s for s, _ in merged]
        self.ends = [e for _, e in merged]

    def covers(self, offset: int) -> bool:
        i = bisect.bisect_right(self.starts, offset) - 1
        return i >= 0 and offset < self.ends[i]
