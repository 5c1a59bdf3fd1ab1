"""Kind ``balance``: quotation marks and brackets that open and never close, or close and never opened.

Brackets must close in their own block. Quotations may legitimately run on: a quote left open at a
paragraph's end is fine when the next paragraph opens with a quotation mark (the newspaper
convention for multi-paragraph quotes) or closes it (a quote split across segments). German-style
„…“ pairs are understood; straight quotes pair by count, across a block boundary when both blocks
have an odd number.
"""
from __future__ import annotations

from linter import regexcache
from linter.checks.base import CheckKind
from linter.finding import Hit

_QUOTE_CHARS = regexcache.compile(r"[“”«»„\"]")
_BRACKETS = {"(": ")", "[": "]", "{": "}"}
_BRACKET_CHARS = regexcache.compile(r"[()\[\]{}]")
_ENUMERATOR = regexcache.compile(r"(?:^|[\s(])(?:[a-zA-Z]|\d{1,2}|[ivx]{1,4})\)$")
_EMOTICON = regexcache.compile(r"[:;=8][-']?[()\[\]]$")


class Check(CheckKind):
    name = "balance"
    default_scope = "block"
    params_schema = {
        "type": "object",
        "required": ["marks"],
        "additionalProperties": False,
        "properties": {"marks": {"enum": ["quotes", "brackets"]}},
    }

    def run(self, doc):
        for rule in self.rules:
            if rule.params["marks"] == "brackets":
                for block in doc.blocks:
                    for offset, char in self._brackets(doc.text, block.start, block.end):
                        yield Hit(rule, offset, offset + 1, {"mark": char})
            else:
                for offset, char in self._quotes(doc):
                    yield Hit(rule, offset, offset + 1, {"mark": char})

    @staticmethod
    def _brackets(text: str, start: int, end: int):
        stack: list[tuple[int, str]] = []
        for match in _BRACKET_CHARS.finditer(text, start, end):
            char, pos = match.group(), match.start()
            if char in _BRACKETS:
                stack.append((pos, char))
            elif stack and _BRACKETS[stack[-1][1]] == char:
                stack.pop()
            elif stack and any(_BRACKETS[c] == char for _, c in stack):
                while stack and _BRACKETS[stack[-1][1]] != char:
                    yield stack.pop()
                stack.pop()
            else:
                before = text[max(start, pos - 4):pos + 1]
                if not (_ENUMERATOR.search(before) or _EMOTICON.search(before)):
                    yield pos, char
        yield from stack

    def _quotes(self, doc):
        """Unmatched quotation marks, carrying an open quote across paragraphs until it closes."""
        text = doc.text
        pending: tuple[int, str] | None = None
        for block in doc.blocks:
            if block.kind == "headline":
                if pending is not None:
                    yield pending
                pending = None
            stack: list[tuple[int, str]] = []
            if pending is not None:
                if _STARTS_QUOTED.match(text, block.start, block.end):
                    pending = None  # the quotation runs on: each paragraph reopens it
                else:
                    stack.append(pending)
                    pending = None
            for match in _QUOTE_CHARS.finditer(text, block.start, block.end):
                pos, char = match.start(), match.group()
                top = stack[-1][1] if stack else None
                role = _role(text, pos, char, top, block.start, block.end)
                if role == "open":
                    stack.append((pos, char))
                elif stack:
                    stack.pop()
                else:
                    yield pos, char
            if stack:
                yield from stack[:-1]
                pending = stack[-1]
                if block.kind == "headline":
                    yield pending
                    pending = None
        if pending is not None:
            yield pending


_STARTS_QUOTED = regexcache.compile(r"\s*[“«„\"]")


def _role(text: str, pos: int, char: str, top: str | None, start: int, end: int) -> str:
    """Whether a quotation mark opens or closes, from its shape and, for straight quotes, its neighbours."""
    if char == "„":
        return "open"
    if char in "”»":
        return "close"
    if char == "«":
        return "open"
    if char == "“":
        return "close" if top in ("„", "“") else "open"
    before = text[pos - 1] if pos > start else " "
    after = text[pos + 1] if pos + 1 < end else " "
    if top == '"' and before.isspace() and pos - 2 >= start and text[pos - 2] in ",.!?…":
        return "close"  # 'purposes, "Reuters quoted': a closing quote typed with the space before it
    if (before.isspace() or before in "([{—–-/") and not after.isspace():
        return "open"
    if not before.isspace() and (after.isspace() or after in ".,;:!?)]}—–-"):
        return "close"
    return "close" if top == '"' else "open"
