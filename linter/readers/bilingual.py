"""The document of a bilingual file: the target side as an article, the source side beside it.

Every reader of translation files (XLIFF, PO, TMX, TSV, and ``--source`` for plain texts) produces
the same thing: ``doc.text`` holds the target segments, one block each (the first is the headline
when it is short, as in a plain-text article), so every monolingual rule reads the translation;
``doc.meta["pairs"]`` lists a :class:`Pair` per segment, in order, for the pair checks
(``linter/checks/translation.py``).

A segment whose target is missing or empty has no block. So that a finding about it can still
point at the file, its pair's anchor is the two-character separator before where its block would
be, mapped to the place in the file that shows the problem (the source text, or the empty target).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from linter.document import Block, Document, Run, SpanMap, classify_block

_FOLD = re.compile(r"[ \t]*[\r\n][\s]*|\t")  # line breaks and tabs inside a segment read as a space


@dataclass(frozen=True)
class Pair:
    """One segment: its source text and where its translation is (or should be) in the document."""

    source: str
    target: str  # "" when the target is missing or empty
    start: int  # article span of the target block, or of the anchor for a missing target
    end: int
    block: int | None  # index into doc.blocks; None when there is no target text
    missing: bool = False  # no target element at all (not merely empty)
    id: str | None = None
    line: int | None = None  # line of the segment in the file, for messages


class BilingualBuilder:
    """Collects segments in file order and builds the target document."""

    def __init__(self):
        self.out: list[str] = []
        self.runs: list[Run] = []
        self.spans: list[tuple[int, int]] = []
        self.pairs: list[dict] = []
        self.length = 0

    def add(self, source: str, target: list[tuple[str, int, int]] | None, anchor: tuple[int, int],
            seg_id: str | None = None, line: int | None = None) -> None:
        """``target``: pieces (text, file start, file end) of the target, None when it is missing;
        ``anchor``: the file span a finding about a missing or empty target points at."""
        pieces = _fold(target or [])
        if self.out or (not pieces and self.length == 0):
            self._separator(anchor if not pieces else None)
        if not pieces:
            self.pairs.append(dict(source=source.strip(), target="", start=self.length - 2, end=self.length,
                                   block=None, missing=target is None, id=seg_id, line=line))
            return
        start = self.length
        for text, s_start, s_end in pieces:
            self.runs.append(Run(self.length, self.length + len(text), s_start, s_end))
            self.out.append(text)
            self.length += len(text)
        self.pairs.append(dict(source=source.strip(), target="".join(self.out[-len(pieces):]), start=start,
                               end=self.length, block=len(self.spans), id=seg_id, line=line))
        self.spans.append((start, self.length))

    def _separator(self, anchor: tuple[int, int] | None) -> None:
        if anchor is not None:
            self.runs.append(Run(self.length, self.length + 2, *anchor))
        self.out.append("\n\n")
        self.length += 2

    def document(self, path: str, source: str, meta: dict | None = None) -> Document:
        text = "".join(self.out)
        headline = len(self.spans) > 1
        blocks = [Block(i, classify_block(text[a:b], i, first=headline and i == 0), a, b)
                  for i, (a, b) in enumerate(self.spans)]
        doc = Document(path=path, source=source, text=text, blocks=blocks, span_map=SpanMap(self.runs),
                       meta=dict(meta or {}))
        doc.meta["pairs"] = [Pair(**p) for p in self.pairs]
        return doc


def _fold(pieces: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """Pieces with line breaks folded to spaces and the ends trimmed; positions kept."""
    out: list[tuple[str, int, int]] = []
    for text, s_start, s_end in pieces:
        if text.isspace() and _FOLD.search(text):
            out.append((" ", s_start, s_end))
            continue
        if len(text) != s_end - s_start:  # an entity or escape: one unit, kept whole
            out.append((text, s_start, s_end))
            continue
        position = 0
        for match in _FOLD.finditer(text):
            if match.start() > position:
                out.append((text[position:match.start()], s_start + position, s_start + match.start()))
            out.append((" ", s_start + match.start(), s_start + match.end()))
            position = match.end()
        if position < len(text):
            out.append((text[position:], s_start + position, s_end))
    while out and not out[0][0].strip():
        out.pop(0)
    while out and not out[-1][0].strip():
        out.pop()
    if out:
        text, s_start, s_end = out[0]
        lead = len(text) - len(text.lstrip())
        if lead and len(text) == s_end - s_start:
            out[0] = (text[lead:], s_start + lead, s_end)
        text, s_start, s_end = out[-1]
        trail = len(text) - len(text.rstrip())
        if trail and len(text) == s_end - s_start:
            out[-1] = (text[:-trail], s_start, s_end - trail)
    return out


def align_source_text(doc: Document, source_text: str) -> tuple[list[Pair] | None, str | None]:
    """Pairs for a target article and its paragraph-aligned source (``--source``): the n-th block
    translates the n-th source paragraph. Returns (pairs, None), or (None, warning) when the
    paragraph counts differ and an alignment would be a guess."""
    from linter.readers.text import paragraph_spans

    spans = paragraph_spans(source_text)
    if len(spans) != len(doc.blocks):
        return None, (f"--source has {len(spans)} paragraphs and the translation {len(doc.blocks)}; "
                      "pair checks need one source paragraph per translated paragraph, so they did not run")
    pairs = [Pair(source_text[a:b], doc.block_text(block), block.start, block.end, block.index)
             for (a, b), block in zip(spans, doc.blocks)]
    return pairs, None
