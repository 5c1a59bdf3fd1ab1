"""Kind ``mojibake``: text decoded with the wrong encoding ("CafÃ©", "Ð¿Ñ€Ð¸", "itâ€™s").

Detection and repair are ftfy's (``ftfy.badness`` finds the character sequences that UTF-8
read as Latin-1/cp1252 produces; ``ftfy.fix_encoding`` undoes them), applied word by word so
that the finding points at the broken words and the suggestion is their repaired form.
"""
from __future__ import annotations

import re

from linter.checks.base import CheckKind
from linter.finding import Hit

_NON_SPACE = re.compile(r"\S+")
# Every pattern of ftfy's BADNESS_RE needs a character outside this set (ASCII, the punctuation of
# clean English copy, and what ftfy itself calls common): a block without one cannot be mojibake,
# and ftfy (a tenth of a second to import) is not even loaded. tests/test_prefilter.py proves it.
_CLEAN = "\x00-\x7f\xa0\xad·´–—―…‘’‚“”„•‹›«»™®"
SUSPECT = re.compile(f"[^{_CLEAN}]")


class Check(CheckKind):
    name = "mojibake"
    default_scope = "block"
    params_schema = {"type": "object", "additionalProperties": False, "properties": {}}

    def run(self, doc):
        text = doc.text
        if not SUSPECT.search(text):
            return
        import ftfy
        from ftfy.badness import BADNESS_RE

        for rule in self.rules:
            for block in doc.blocks:
                if not SUSPECT.search(text, block.start, block.end) or not BADNESS_RE.search(
                        text, block.start, block.end):
                    continue
                for start, end in self._broken_spans(text, block.start, block.end):
                    broken = text[start:end]
                    fixed = ftfy.fix_encoding(broken)
                    suggestion = fixed if fixed != broken else None
                    repair = f'; it should read "{fixed}"' if suggestion else "; re-export the source as UTF-8"
                    yield Hit(rule, start, end, {"match": broken, "repair": repair}, suggestion=suggestion)

    @staticmethod
    def _broken_spans(text: str, start: int, end: int):
        """Whitespace-separated words that ftfy finds bad, neighbours merged into one span."""
        from ftfy.badness import is_bad

        span: list[int] | None = None
        for word in _NON_SPACE.finditer(text, start, end):
            if is_bad(word.group()):
                if span is not None and not text[span[1]:word.start()].strip(" \t"):
                    span[1] = word.end()
                    continue
                if span is not None:
                    yield tuple(span)
                span = [word.start(), word.end()]
        if span is not None:
            yield tuple(span)
