"""Kind ``translation``: the checks of the translation-QA trade, on source/target pairs.

Pairs come from a bilingual reader (``doc.meta["pairs"]``: XLIFF, PO, TMX, TSV) or from a
paragraph-aligned source text (``doc.meta["source_text"]``: ``--source``, rule examples). A rule
picks one ``check``:

- ``numbers``: a number in digits on one side that the other side does not express (see
  ``linter/checks/numbers.py`` for what counts as the same number);
- ``missing-target``: no translation, or an empty one;
- ``same-as-source``: the target is the source, copied;
- ``source-script``: the target is still mostly in the source's script (Cyrillic in an English text);
- ``length``: the target is suspiciously short or long for its source (Okapi CheckMate's defaults);
- ``identifiers``: URLs, e-mail addresses and @handles that differ between source and target;
- ``latin-names``: a name the source already writes in Latin letters (Bloomberg, Scania, SpaceX,
  a quoted «Nord Stream») that the translation lost or misspelt. Names in the source's own script
  are not checked: they are transliterated or translated, and no spelling can be expected.

A document without pairs gets no findings from this kind.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache

from linter import regexcache
from linter.checks.base import CheckKind
from linter.checks.numbers import Lexicon, extract, unmatched
from linter.finding import Hit

CHECKS = ("numbers", "missing-target", "same-as-source", "source-script", "length", "identifiers", "latin-names")
_IDENTIFIER = regexcache.compile(r"https?://[^\s<>\"'«»“”]+|www\.[^\s<>\"'«»“”]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
                         r"|(?<![\w.@/])@[A-Za-z0-9_]{2,32}\b")
_TRAILING = ".,;:!?)]}»”’"
_WORDS = regexcache.compile(r"[^\W\d_]{2,}")
_LATIN_NAME = regexcache.compile(r"(?<![\w@/.])[A-Z][A-Za-z0-9&'’.-]*[A-Za-z0-9]")
_ROMAN_NUMERAL = regexcache.compile(r"[IVXLCDM]+")
_NOT_ALNUM = regexcache.compile(r"[\W_]+")
_SPACE = regexcache.compile(r"\s+")


@lru_cache(maxsize=4096)
def script_of(ch: str) -> str:
    """The script of a letter, from its Unicode name (LATIN, CYRILLIC, GREEK, CJK, ...)."""
    try:
        return unicodedata.name(ch).split()[0]
    except ValueError:
        return "UNKNOWN"


def letter_scripts(text: str) -> Counter:
    return Counter(script_of(ch) for ch in text if ch.isalpha())


def identifiers(text: str) -> dict[str, tuple[int, int]]:
    """Normalised identifier -> span of its first occurrence."""
    found: dict[str, tuple[int, int]] = {}
    for match in _IDENTIFIER.finditer(text):
        raw = match.group().rstrip(_TRAILING)
        key = raw.lower().rstrip("/")
        found.setdefault(key, (match.start(), match.start() + len(raw)))
    return found


def _normal(text: str) -> str:
    return _SPACE.sub(" ", text).strip().casefold()


def pairs_of(doc) -> list:
    """The document's pairs: from its reader, or aligned from ``meta["source_text"]`` once."""
    pairs = doc.meta.get("pairs")
    if pairs is None and doc.meta.get("source_text") is not None:
        from linter.readers.bilingual import align_source_text

        pairs, warning = align_source_text(doc, doc.meta["source_text"])
        if warning:
            doc.warnings.append(warning)
        doc.meta["pairs"] = pairs = pairs or []
    return pairs or []


class Check(CheckKind):
    name = "translation"
    default_scope = "document"
    params_schema = {
        "type": "object",
        "required": ["check"],
        "additionalProperties": False,
        "properties": {
            "check": {"enum": list(CHECKS)},
            "number_words": {"type": "array", "items": {"type": "object"},
                             "description": "number-word lists (@number-words-xx) of both languages"},
            "long_source": {"type": "integer", "minimum": 1,
                            "description": "a source longer than this many characters is 'long'"},
            "long_ratio": {"type": "array", "items": {"type": "number"}, "minItems": 2, "maxItems": 2},
            "short_ratio": {"type": "array", "items": {"type": "number"}, "minItems": 2, "maxItems": 2},
            "min_share": {"type": "number", "minimum": 0, "maximum": 1},
            "min_words": {"type": "integer", "minimum": 1},
        },
    }

    def __init__(self, rules, context=None):
        super().__init__(rules, context)
        self.lexicons = {r.code: Lexicon(r.params.get("number_words", [])) for r in rules}

    def run(self, doc):
        pairs = pairs_of(doc)
        if not pairs:
            return
        for rule in self.rules:
            check = getattr(self, "_" + rule.params["check"].replace("-", "_"))
            for pair in pairs:
                if pair.source.strip():  # a segment without a source has nothing to compare with
                    yield from check(rule, pair)

    def _missing_target(self, rule, pair):
        if pair.block is None:
            yield Hit(rule, pair.start, pair.end, {"state": "missing" if pair.missing else "empty",
                                                   "source": _short(pair.source)})

    def _numbers(self, rule, pair):
        if pair.block is None:
            return
        lexicon = self.lexicons[rule.code]
        source = extract(pair.source, lexicon, source_side=True)
        target = extract(pair.target, lexicon, source_side=False)
        lost, added = unmatched(source, target)
        lost_text = ", ".join(f"“{m.text}”" for m in lost)
        for start, end, broken in _merge_broken(pair.target, added, source.evidence):
            number = pair.target[start:end]
            if broken:
                detail = "it is one number broken apart (the source has it whole); write it as one number"
            else:
                detail = f"the source has {lost_text} instead" if lost else "the source has no such number"
            yield Hit(rule, pair.start + start, pair.start + end, {"number": number, "detail": detail, "match": number})
        if lost and all(m.zero for m in added):
            yield Hit(rule, pair.start, pair.end, {"match": pair.target},
                      message=f"The source has {lost_text}; the translation does not. Check the number.")

    def _same_as_source(self, rule, pair):
        if pair.block is None or _normal(pair.source) != _normal(pair.target):
            return
        if len(_WORDS.findall(pair.target)) >= rule.params.get("min_words", 2):
            yield Hit(rule, pair.start, pair.end, {"match": pair.target})

    def _source_script(self, rule, pair):
        if pair.block is None or _normal(pair.source) == _normal(pair.target):
            return
        source_scripts = letter_scripts(pair.source)
        if not source_scripts:
            return
        script = source_scripts.most_common(1)[0][0]
        if script == "LATIN":
            return
        target_scripts = letter_scripts(pair.target)
        letters = sum(target_scripts.values())
        if letters and target_scripts[script] / letters >= rule.params.get("min_share", 0.5):
            yield Hit(rule, pair.start, pair.end, {"script": script.title(), "match": pair.target,
                                                   "share": f"{target_scripts[script] / letters:.0%}"})

    def _length(self, rule, pair):
        if pair.block is None or _normal(pair.source) == _normal(pair.target):
            return
        source_length, target_length = len(pair.source.strip()), len(pair.target.strip())
        if not source_length:
            return
        long = source_length > rule.params.get("long_source", 20)
        low, high = rule.params.get("long_ratio" if long else "short_ratio", [0.45, 2.0] if long else [0.3, 3.5])
        ratio = target_length / source_length
        if not low <= ratio <= high:
            yield Hit(rule, pair.start, pair.end, {
                "ratio": f"{ratio:.0%}", "bounds": f"{low:.0%}–{high:.0%}", "match": pair.target,
                "direction": "short" if ratio < low else "long", "source_length": source_length})

    def _identifiers(self, rule, pair):
        if pair.block is None:
            return
        source, target = identifiers(pair.source), identifiers(pair.target)
        lost = [k for k in source if k not in target]
        for key, (start, end) in target.items():
            if key not in source:
                detail = f"the source has {', '.join(lost)}" if lost else "the source does not have it"
                yield Hit(rule, pair.start + start, pair.start + end, {"identifier": pair.target[start:end],
                                                                       "detail": detail})
        if lost and all(k in source for k in target):
            yield Hit(rule, pair.start, pair.end, {"match": pair.target},
                      message=f"The source has {', '.join(lost)}; the translation does not. Copy it across.")

    def _latin_names(self, rule, pair):
        scripts = letter_scripts(pair.source).most_common(1)
        if pair.block is None or not scripts or scripts[0][0] == "LATIN":
            return
        target = _squeezed(pair.target)
        lost = []
        for match in _LATIN_NAME.finditer(_IDENTIFIER.sub(" ", pair.source)):
            name = match.group()
            if not _ROMAN_NUMERAL.fullmatch(name) and _squeezed(name) not in target and name not in lost:
                lost.append(name)
        if lost:
            yield Hit(rule, pair.start, pair.end, {"name": "”, “".join(lost), "match": pair.target})


_BROKEN_GAP = regexcache.compile(r"[,.]?\s+")


def _merge_broken(text: str, added: list, evidence: frozenset) -> list[tuple[int, int, bool]]:
    """Spans of unmatched target numbers; "2, 500" for a source's 2 500 is one span, marked broken."""
    spans: list[tuple[int, int, bool]] = []
    i = 0
    while i < len(added):
        first = added[i]
        if i + 1 < len(added):
            second = added[i + 1]
            gap = text[first.end:second.start]
            joined = re.sub(r"\D", "", first.text) + re.sub(r"\D", "", second.text)
            if _BROKEN_GAP.fullmatch(gap) and joined.isdigit() and float(joined) in evidence:
                spans.append((first.start, second.end, True))
                i += 2
                continue
        if not first.zero:
            spans.append((first.start, first.end, False))
        i += 1
    return spans


def _squeezed(text: str) -> str:
    return _NOT_ALNUM.sub("", text).casefold()


def _short(text: str, limit: int = 60) -> str:
    text = _SPACE.sub(" ", text).strip()
    return text if len(text) <= limit else text[:limit - 1] + "…"
