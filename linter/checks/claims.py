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

from linter.checks.base import compile_regex, literal_alternation
from linter.checks.pattern import expand_terms
from linter.checks.prefilter import PrefixScanner, RegexSet, fold

# A number in digits: "5", "10,000", "10 000", "1.27", "3,5"; letters glued to it are read apart.
_DIGITS = re.compile(r"(?<![\w.,/:\-‑])(?:\d{1,3}(?:,\d{3})+(?!\d)|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d,.]\d)|\d+)"
                     r"(?:[.,]\d+)?(?P<suffix>[^\W\d_]*)")
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
             "currency_after", "counted")

    def __init__(self, numbers: dict, not_claims: list[str], where: str):
        flags = re.IGNORECASE
        terms = {name: list(numbers.get(name) or ()) for name in self.LISTS}
        scales, counted = _alt(terms["scales"]), _alt(terms["counted"])
        self.scale_set = {s.casefold() for s in terms["scales"]}
        lead = rf"{_RANGE}\s*(?:(?:{scales})\b\.?\s*)?"
        self.after = {  # what follows a number makes it a claim of this kind
            "percent": rf"{lead}(?:{_alt(terms['percent'])})(?!\w)",
            "money": rf"{lead}(?:of\s+)?(?:{_alt(terms['currency_after'])})(?!\w)",
            "number": rf"\s*(?:(?:{scales})(?!\w)|times\s+(?:more|less|fewer|higher|lower|as|the|bigger|larger|greater|smaller))",
            "count": rf"{lead}(?:of\s+(?:the|them|those|whom|which)\s+)?(?:[\w’'-]+\s+){{0,2}}?(?:{counted})(?!\w)",
        }
        self.after = {kind: compile_regex(p, flags, where) for kind, p in self.after.items()}
        self.money_before = compile_regex(rf"(?:{_alt(terms['currency_before'])})\s?$", 0, where)
        self.spelled = compile_regex(rf"(?<![\w-])(?:{_alt(terms['words'])})(?:-(?:{'|'.join(_UNITS)}))?(?![\w-])",
                                     flags, where)
        self.phrases = compile_regex(rf"(?<![\w-])(?:(?:{_alt(terms['vague_counts'])}|{_alt(terms['fractions'])})\s+of"
                                     rf"|{_alt(terms['ratios'])})(?!\w)", flags, where)
        self._spelled, self._phrases = PrefixScanner(self.spelled), PrefixScanner(self.phrases)
        self.not_claims = RegexSet(compile_regex(expand_terms(p, terms, where), flags, where) for p in not_claims)

    def find(self, text: str) -> list[Claim]:
        candidates = [(m.start(), m.end() - len(m.group("suffix")), m.group("suffix"), True)
                      for m in _DIGITS.finditer(text)]
        folded = fold(text)
        candidates += [(m.start(), m.end(), "", False) for m in self._spelled.finditer(text, folded)]
        phrases = list(self._phrases.finditer(text, folded))
        if not candidates and not phrases:
            return []  # most sentences: the exclusion patterns need not run
        excluded = _Spans(m.span() for regex in self.not_claims.candidates(text) for m in regex.finditer(text))
        claims = [Claim(m.start(), m.end(), "count") for m in phrases if not excluded.covers(m.start())]
        for start, end, suffix, digits in candidates:
            if not excluded.covers(start):
                kind = self._kind(text, start, end, suffix, digits=digits)
                if kind:
                    claims.append(Claim(start, end, kind))
        claims.sort(key=lambda c: c.start)
        return claims

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
        self._scanner = PrefixScanner(self.regex)

    def find(self, text: str) -> list[Claim]:
        return [Claim(m.start(), m.end(), "quantity") for m in self._scanner.finditer(text)]


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
