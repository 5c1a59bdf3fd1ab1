"""Plain-text articles: the first short line is the headline, each line or paragraph a block.

News exports put one paragraph on a line (the seed, the WMT articles); some wrap paragraphs at a
fixed width with blank lines between them. A line joins the next one only when it is visibly
wrapped: it does not end a sentence and the next line goes on in lower case, or the whole file is
hard-wrapped (blank-line paragraphs of short, even lines).
"""
from __future__ import annotations

import re

from linter.document import Document, make_blocks

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")
_ENDS_SENTENCE = re.compile(r"[.!?…:;]['\"’”»)\]]*$")
_WRAP_WIDTH = 100


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line's content, without the line break and surrounding space."""
    spans = []
    for match in _LINE.finditer(text):
        if match.start() == len(text) and match.group() == "":
            break
        line = match.group().rstrip("\r\n")
        stripped = line.strip()
        if stripped:
            start = match.start() + (len(line) - len(line.lstrip()))
            spans.append((start, start + len(stripped)))
        else:
            spans.append((match.start(), match.start()))
    return spans


def _hard_wrapped(text: str, lines: list[tuple[int, int]]) -> bool:
    """Blank-line paragraphs whose inner lines mostly stop mid-sentence: text wrapped at a width."""
    if not any(start == end for start, end in lines):
        return False
    inner = [text[a:b] for (a, b), (c, d) in zip(lines, lines[1:]) if a != b and c != d]
    if len(inner) < 2 or max(b - a for a, b in lines) > _WRAP_WIDTH:
        return False
    open_ended = sum(1 for line in inner if not _ENDS_SENTENCE.search(line))
    return open_ended >= 0.6 * len(inner)


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Block spans of a plain text (see the module docstring for when lines join)."""
    lines = _lines(text)
    wrapped = _hard_wrapped(text, lines)
    spans: list[tuple[int, int]] = []
    open_block: list[int] | None = None
    for start, end in lines:
        if start == end:
            open_block = None
            continue
        if open_block is not None:
            previous = text[open_block[0]:open_block[1]]
            following = text[start:end]
            if wrapped or (not _ENDS_SENTENCE.search(previous) and following[:1].islower()):
                open_block[1] = end
                spans[-1] = (open_block[0], end)
                continue
        open_block = [start, end]
        spans.append((start, end))
    return spans


def read_text(path: str, text: str) -> Document:
    return Document(path=path, source=text, text=text, blocks=make_blocks(text, paragraph_spans(text)))
