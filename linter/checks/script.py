"""Kind ``script``: letters of the wrong writing system in an English article.

Three modes, because each calls for a different fix:

- ``homoglyph``: a Latin word with Cyrillic or Greek look-alike letters inside ("Ukrаine" with
  U+0430). It reads fine and defeats search, spell-checking and links. When every foreign letter
  has a Latin twin in ``confusables`` the suggestion is the word retyped in Latin.
- ``foreign-run``: words in a source-language script (``scripts``, Unicode script names) left in
  an English paragraph ("worth доларів 10 billion", "Shchedрик"). A quoted original given in
  parentheses right after its translation ("the Verkhovna Rada (Верховна Рада)") is the house
  convention and passes, with or without a short label ("(Ukrainian: ...)").
- ``foreign-block``: a paragraph that is mostly in such a script: the translation is missing.
  Runs inside such blocks are left to this mode, so a Russian paragraph is one finding, not ten.
"""
from __future__ import annotations

import unicodedata

import regex

from linter.checks.base import CheckKind
from linter.errors import RulePackError
from linter.finding import Hit

_WORD = regex.compile(r"[\p{L}\p{M}]+")
_LATIN = regex.compile(r"\p{Latin}")
_LETTER = regex.compile(r"\p{L}")
# "(«" or "(Ukrainian: «" before a run, "»)" after it: an original quoted after its translation
_LABEL = r"\p{Latin}[\p{Latin}.]*(?:\s+\p{Latin}[\p{Latin}.]*){0,2}\s*[:.,]\s*"
_OPEN_PAREN = regex.compile(rf"[\p{{Latin}}\d\"'”’»)]\s*\(\s*(?:{_LABEL})?[«\"“„'‘]*$")
_CLOSE_PAREN = regex.compile(r"[»\"”“'’.]*\s*\)")


class AnyOf:
    """``search(text)``: whether ``text`` holds a character of a one-character class. Each distinct
    character is tried once and remembered (``regex`` would try the class at every position: a
    tenth of this kind's time went into finding that an article has no Cyrillic letter)."""

    def __init__(self, char_class: regex.Pattern):
        self.char_class = char_class
        self.known: dict[str, bool] = {}

    def search(self, text: str) -> bool:
        chars = set(text)
        known = self.known
        if len(known) > 100_000:  # a corpus of every script: keep memory bounded
            known.clear()
        for char in chars.difference(known):
            known[char] = self.char_class.match(char) is not None
        return any(map(known.__getitem__, chars))


def script_class(scripts: list[str], where: str) -> regex.Pattern:
    try:
        return regex.compile("[" + "".join(rf"\p{{Script={s}}}" for s in scripts) + "]")
    except regex.error as exc:
        raise RulePackError(f"{where}: params.scripts: unknown Unicode script ({exc})") from None


def script_name(text: str, scripts: list[str]) -> str:
    """The first of the rule's scripts that ``text`` is written in ("Cyrillic", "Han")."""
    return next((s for s in scripts if regex.search(rf"\p{{Script={s}}}", text)), "Foreign")


def _quoted_original(text: str, start: int, end: int, block_start: int, block_end: int) -> bool:
    """Whether text[start:end] is the parenthesised original after a translation: "Rada (Рада)"."""
    return bool(_OPEN_PAREN.search(text, max(block_start, start - 80), start)
                and _CLOSE_PAREN.match(text, end, block_end))


class Check(CheckKind):
    name = "script"
    default_scope = "block"
    params_schema = {
        "type": "object",
        "required": ["mode"],
        "additionalProperties": False,
        "properties": {
            "mode": {"enum": ["homoglyph", "foreign-run", "foreign-block"]},
            "scripts": {"type": "array", "minItems": 1, "items": {"type": "string", "minLength": 1},
                        "description": "Unicode script names counted as foreign (Cyrillic, Greek, Han, ...)"},
            "confusables": {"type": "object", "additionalProperties": {"type": "string", "minLength": 1},
                            "description": "foreign letter -> the Latin letter it looks like"},
            "min_letters": {"type": "integer", "minimum": 1},
            "block_share": {"type": "number", "exclusiveMinimum": 0, "maximum": 1,
                            "description": "share of foreign letters that makes a block foreign"},
        },
    }

    @classmethod
    def validate_rule(cls, data, params, path):
        mode = params["mode"]
        if mode == "homoglyph" and not params.get("confusables"):
            raise RulePackError(f"{path}: params.confusables: required for mode homoglyph")
        if mode != "homoglyph":
            if not params.get("scripts"):
                raise RulePackError(f"{path}: params.scripts: required for mode {mode}")
            script_class(params["scripts"], path)
        for key in params.get("confusables", {}):
            if len(key) != 1:
                raise RulePackError(f"{path}: params.confusables: {key!r} is not a single letter")

    def __init__(self, rules, context=None):
        super().__init__(rules, context)
        self.foreign = {r.code: script_class(r.params["scripts"], r.path)
                        for r in rules if r.params.get("scripts")}
        # the letters a rule looks for: a document or block without any has nothing for it
        self.wanted = {r.code: AnyOf(self.foreign.get(r.code) or regex.compile(
            "[" + "".join(regex.escape(c) for c in r.params["confusables"]) + "]")) for r in rules}

    def run(self, doc):
        text = doc.text
        for rule in self.rules:
            mode = rule.params["mode"]
            wanted = self.wanted[rule.code]
            if not wanted.search(text):
                continue
            for block in doc.blocks:
                if not wanted.search(text[block.start:block.end]):
                    continue
                if mode == "homoglyph":
                    yield from self._homoglyphs(doc, block, rule)
                else:
                    yield from self._foreign(doc, block, rule, mode)

    def _homoglyphs(self, doc, block, rule):
        table = rule.params["confusables"]
        for word in _WORD.finditer(doc.text, block.start, block.end):
            fixed = self._latinised(word.group(), table)
            if fixed is not None:
                odd = sorted({c for c in word.group() if c in table})
                letters = ", ".join(f"U+{ord(c):04X} {unicodedata.name(c, '?')}" for c in odd)
                args = {"match": word.group(), "suggestion": fixed, "letters": letters}
                yield Hit(rule, word.start(), word.end(), args, suggestion=fixed)

    @staticmethod
    def _latinised(word: str, table: dict[str, str]) -> str | None:
        """The word in Latin letters, when it mixes Latin with look-alikes only; else None."""
        if not _LATIN.search(word) or not any(c in table for c in word):
            return None
        if any(_LETTER.match(c) and not _LATIN.match(c) and c not in table for c in word):
            return None
        return "".join(table.get(c, c) for c in word)

    def _foreign(self, doc, block, rule, mode):
        foreign, scripts = self.foreign[rule.code], rule.params["scripts"]
        text = doc.text
        letters = _LETTER.findall(text, block.start, block.end)
        share = sum(1 for c in letters if foreign.match(c)) / max(1, len(letters))
        mostly_foreign = bool(letters) and share >= rule.params.get("block_share", 0.5)
        if mode == "foreign-block":
            if mostly_foreign:
                block_text = doc.block_text(block)
                args = {"match": block_text, "script": script_name(block_text, scripts), "share": f"{share:.0%}"}
                yield Hit(rule, block.start, block.end, args)
            return
        if mostly_foreign:
            return  # the whole block is one CD602-style finding, not a finding per run
        twins = rule.params.get("confusables", {})
        for start, end in self._runs(text, block.start, block.end, foreign, twins):
            run = text[start:end]
            if sum(1 for c in run if foreign.match(c)) < rule.params.get("min_letters", 2):
                continue
            if not _quoted_original(text, start, end, block.start, block.end):
                yield Hit(rule, start, end, {"match": run, "script": script_name(run, scripts)})

    def _runs(self, text: str, start: int, end: int, foreign: regex.Pattern, twins: dict[str, str]):
        """Spans of consecutive foreign words (a Latin word ends a run); look-alike-only words
        inside Latin words are homoglyphs, not untranslated text."""
        run: list[int] | None = None
        for word in _WORD.finditer(text, start, end):
            token = word.group()
            if foreign.search(token) and self._latinised(token, twins) is None:
                if run is None:
                    run = [word.start(), word.end()]
                else:
                    run[1] = word.end()
            elif run is not None:
                yield tuple(run)
                run = None
        if run is not None:
            yield tuple(run)
