"""Numbers in a segment, normalised so that a source and its translation can be compared.

"5 млн", "5 million", "$5m" and "5,000,000" are all 5000000; "10 000" and "10,000" are 10000; a
decimal comma ("6,4") is a decimal; "двадцять п'ять", "twenty-five" and "25" are 25. A number
written in digits is a *mention*, which the pair check may flag; every number the text expresses
(digits, number words, month names, Roman numerals, clock hours) is *evidence* that a mention on
the other side is there. Words are never flagged: translators write "two" for "2" and "both" for
"обидва", and a rule that flags those cries wolf.

Ambiguous notations give a mention several candidate values ("1,500" in a Russian source may be
1.5 or 1500; "3 p.m." is 3 or 15); a mention matches when any candidate is evidence on the other
side. Dates (13.02.2023) and clock times (14:30) are taken apart into their numbers, since a
translation writes "February 13, 2023" and "2:30 p.m.". URLs, e-mail addresses and handles are
left to the identifier check.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from linter import regexcache

_GROUP_SPACE = "[ \u00a0\u202f\u2009]"
_NUMBER = rf"\d{{1,3}}(?:{_GROUP_SPACE}\d{{3}})+(?![\d])(?:,\d+)?|\d+(?:[.,]\d+)*"
_TOKEN = regexcache.compile(rf"(?P<num>{_NUMBER})|(?P<word>[^\W\d_]+(?:['’ʼ`][^\W\d_]+)*)")
_NORMAL = str.maketrans({"’": "'", "ʼ": "'", "`": "'", "ё": "е"})
_JOINER = regexcache.compile(r"[ \t\u00a0\u202f\u2009]*(?:-[ \t]*)?")  # what may stand between parts of one number
_CLOCK = regexcache.compile(r"(?<![\d:.,])(\d{1,2}):(\d\d)(?![\d:])")
_DATE = regexcache.compile(r"(?<![\d.,/])(\d{1,2})([./])(\d{1,2})\2(\d{4}|\d{2})(?![\d.,/]\d)")
_SHORT_DOTTED = regexcache.compile(r"(?<![\d.,])(\d{1,2})\.(\d\d)(?![\d,]|\.\d)")
_MERIDIEM = regexcache.compile(r"\s*(?:(a)\.?\s?m\b\.?|(p)\.?\s?m\b\.?)", re.I)
_SUFFIX_SCALE = regexcache.compile(r"(k|m|mn|bn|b|tn)(?![^\W\d_])", re.I)
_ROMAN = regexcache.compile(r"[IVXLC]{2,7}")
_IDENTIFIERS = regexcache.compile(r"https?://\S+|www\.\S+|[\w.+-]+@[\w-]+\.[\w.-]+|(?<!\w)[@#]\w+")
_SUFFIX_VALUES = {"k": 1e3, "m": 1e6, "mn": 1e6, "bn": 1e9, "b": 1e9, "tn": 1e12}
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_IMPERIAL = regexcache.compile(r"\s*-?\s*(?:miles?|feet|foot|ft|inch(?:es)?|yards?|pounds?|lbs?|acres?|gallons?|"
                       r"(?:degrees\s+)?fahrenheit|°\s*F)\b", re.I)
_CONVERSIONS = (0.621371, 3.28084, 0.393701, 1.09361, 2.20462, 2.47105, 0.264172)  # km, m, cm, m, kg, ha, l


def _key(value: float) -> float:
    return float(f"{value:.9g}")


@dataclass(frozen=True)
class Mention:
    """A number written with digits: its candidate values and its span in the text."""

    values: frozenset
    start: int
    end: int
    text: str
    imperial: bool = False  # followed by miles, feet, pounds...: may convert a metric figure

    @property
    def zero(self) -> bool:
        """A lone zero (a score, an agency's "-0-" end mark) is never flagged on its own."""
        return self.values == {0.0}


@dataclass(frozen=True)
class Numbers:
    mentions: tuple[Mention, ...]
    evidence: frozenset


class Lexicon:
    """Number words of the configured languages: word -> (role, value). Roles: ``cardinal``
    (adds up: twenty five), ``multiplier`` (English hundred), ``scale`` (thousand, млн), ``month``."""

    def __init__(self, word_lists: list[dict]):
        self.words: dict[str, tuple[str, float]] = {}
        for word_list in word_lists:
            for role in ("cardinal", "multiplier", "scale", "month"):
                for value, forms in (word_list.get(role) or {}).items():
                    for form in forms:
                        self.words.setdefault(str(form).lower().translate(_NORMAL), (role, float(value)))

    def lookup(self, word: str) -> tuple[str, float] | None:
        found = self.words.get(word.lower().translate(_NORMAL))
        if found and found[0] == "month" and word.isascii() and not word[:1].isupper():
            return None  # English months are capitalised; "may" and "march" are verbs
        return found


def digit_values(raw: str, *, source_side: bool) -> set[float]:
    """Candidate values of a digit string. On the source side (Ukrainian, Russian) a comma is a
    decimal comma; in English a comma before exactly three digits groups thousands."""
    plain = re.sub(_GROUP_SPACE, "", raw)
    if plain.isdigit():
        return {float(plain)}
    groups = re.split(r"[.,]", plain)
    separators = set(re.findall(r"[.,]", plain))
    if len(separators) == 2:  # 1,234.5 or 1.234,5: the last separator is the decimal one
        decimal = plain[max(plain.rfind("."), plain.rfind(","))]
        whole, _, fraction = plain.rpartition(decimal)
        return {float(re.sub(r"[.,]", "", whole) + "." + fraction)}
    separator = separators.pop()
    grouped = len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])
    if len(groups) > 2:
        return {float("".join(groups))} if grouped else set()
    decimal = float(f"{groups[0]}.{groups[1]}")
    if not grouped:
        return {decimal}
    if separator == "," and not source_side:
        return {float("".join(groups))}  # English 10,000
    return {decimal, float("".join(groups))}  # 1,500 in a Russian source; 1.500 anywhere


class _Group:
    """Consecutive number tokens that make one number ("двадцять п'ять тисяч", "5 million")."""

    def __init__(self, start: int, end: int, values: set[float] | None = None):
        self.start, self.end = start, end
        self.digits = values is not None
        self.values = values or set()
        self.total = self.current = 0.0
        self.last_word: float | None = None

    def scale(self, factor: float, *, multiplier: bool) -> None:
        if self.digits:
            self.values = {v * factor for v in self.values}
        elif multiplier:
            self.current = (self.current or 1) * factor
        else:
            self.total += (self.current or 1) * factor
            self.current = 0

    def candidates(self) -> set[float]:
        return {_key(v) for v in self.values} if self.digits else {_key(self.total + self.current)}


def extract(text: str, lexicon: Lexicon, *, source_side: bool) -> Numbers:
    """Mentions and evidence of one segment."""
    masked = _IDENTIFIERS.sub(lambda m: " " * len(m.group()), text)
    mentions: list[Mention] = []
    evidence: set[float] = set()

    def mention(values: set[float], start: int, end: int) -> None:
        values = {_key(v) for v in values}
        imperial = _IMPERIAL.match(masked, end) is not None
        mentions.append(Mention(frozenset(values), start, end, text[start:end], imperial))
        evidence.update(values)

    def blank(start: int, end: int) -> str:
        return masked[:start] + " " * (end - start) + masked[end:]

    for match in list(_CLOCK.finditer(masked)):
        hour, minute = int(match.group(1)), int(match.group(2))
        mention({hour, hour - 12 if hour > 12 else hour + 12}, match.start(1), match.end(1))
        if minute:
            mention({minute}, match.start(2), match.end(2))
        masked = blank(match.start(), match.end())
    for match in list(_DATE.finditer(masked)):
        day, month = int(match.group(1)), int(match.group(3))
        if not (1 <= day <= 31 and 1 <= month <= 12):
            continue
        for group in (1, 3, 4):
            value = float(match.group(group))
            mention({value, value + 2000} if group == 4 and value < 100 else {value},
                    match.start(group), match.end(group))
        masked = blank(match.start(), match.end())
    if source_side:  # "6.10" in a Russian source: odds 6.10, 6 October, or ten past six (21.55 is 9:55 p.m.)
        for match in list(_SHORT_DOTTED.finditer(masked)):
            whole, part = int(match.group(1)), int(match.group(2))
            mention({float(match.group()), whole}, match.start(), match.end())
            evidence.update(_key(v) for v in (part, whole - 12 if whole > 12 else whole + 12))
            masked = blank(match.start(), match.end())

    groups: list[_Group] = []
    group: _Group | None = None
    for match in _TOKEN.finditer(masked):
        adjacent = group is not None and _JOINER.fullmatch(masked, group.end, match.start()) is not None
        if match.group("num"):
            group = _Group(match.start(), match.end(), digit_values(match.group(), source_side=source_side))
            groups.append(group)
            suffix = _SUFFIX_SCALE.match(masked, match.end())
            if suffix and not source_side:
                factor = _SUFFIX_VALUES[suffix.group(1).lower()]
                ambiguous = suffix.group(1).lower() in ("m", "k")  # 100m may be metres
                group.values = group.values | {v * factor for v in group.values} if ambiguous \
                    else {v * factor for v in group.values}
                group.end = suffix.end()
            meridiem = _MERIDIEM.match(masked, group.end)
            if meridiem and meridiem.group(2):
                group.values |= {v + 12 for v in group.values if v < 12}
            continue
        word = match.group("word")
        found = lexicon.lookup(word)
        if found is None:
            if _ROMAN.fullmatch(word):
                evidence.add(_key(_roman(word)))
            group = None
            continue
        role, value = found
        if role == "month":
            evidence.add(_key(value))
            group = None
        elif role in ("scale", "multiplier"):
            if adjacent:
                group.scale(value, multiplier=role == "multiplier")
                group.end = match.end()
        else:
            if not adjacent or group.digits or group.last_word is None or value >= group.last_word:
                group = _Group(match.start(), match.end())
                groups.append(group)
            group.current += value
            group.last_word = value
            group.end = match.end()
    for g in groups:
        if g.digits:
            mention(g.candidates(), g.start, g.end)
        else:
            evidence.update(g.candidates())
    for value in list(evidence):  # '90s and 1990s; 2023 and '23
        if value == int(value) and 0 <= value < 100:
            evidence.update((1900 + value, 2000 + value))
        elif value == int(value) and 1900 <= value < 2100:
            evidence.add(value % 100)
    mentions.sort(key=lambda m: m.start)
    return Numbers(tuple(mentions), frozenset(evidence))


def _roman(numeral: str) -> int:
    total = 0
    for a, b in zip(numeral, numeral[1:] + " "):
        total += -_ROMAN_VALUES[a] if b != " " and _ROMAN_VALUES[a] < _ROMAN_VALUES[b] else _ROMAN_VALUES[a]
    return total


def _converts(mention: Mention, values) -> bool:
    """A figure in imperial units that converts one of ``values`` ("24 км" -> "15 miles"), to 3%."""
    return bool(mention.imperial) and any(abs(v - e * factor) <= 0.03 * v for v in mention.values if v
                                          for e in values for factor in _CONVERSIONS)


def unmatched(source: Numbers, target: Numbers) -> tuple[list[Mention], list[Mention]]:
    """(source mentions the target lacks, target mentions the source lacks); unit conversions match.
    Unmatched target zeros are returned too, so that "27, 000" can be seen as one broken number."""
    imperial = [m for m in target.mentions if m.imperial]
    lost = [m for m in source.mentions if not m.zero
            and not m.values & target.evidence and not any(_converts(i, m.values) for i in imperial)]
    added = [m for m in target.mentions if not m.values & source.evidence and not _converts(m, source.evidence)]
    return lost, added
