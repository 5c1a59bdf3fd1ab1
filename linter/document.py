"""The document model every check reads: article text, blocks, sentences, and positions.

A reader turns a file into a :class:`Document`. Checks see ``doc.text`` (the article text: for plain
text the file itself, for markup the text a reader sees) and the blocks and sentences inside it. A
:class:`SpanMap` carries every article position back to the decoded file (``doc.source``), so that
findings point at the right line and column of the file the user opened.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cached_property

from linter.sentences import sentence_spans

BLOCK_KINDS = ("headline", "heading", "paragraph", "line")
_TERMINAL = re.compile(r"[.!?…:;]['\"’”»)\]]*\s*$")
_WORD = re.compile(r"\w+(?:[-'’]\w+)*")


@dataclass(frozen=True, slots=True)
class Block:
    """A headline, heading, paragraph, or single short line (tag line, byline, caption)."""

    index: int
    kind: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Sentence:
    index: int
    block: int
    start: int
    end: int


class LineIndex:
    """Offset <-> (line, column) for one text; both 1-based, columns count code points.

    Line breaks are ``\\n``, ``\\r\\n`` and a lone ``\\r``, as editors and the LSP count them.
    """

    def __init__(self, text: str):
        self.length = len(text)
        starts = [0]
        for match in re.finditer(r"\r\n|\r|\n", text):
            starts.append(match.end())
        self.starts = starts

    def position(self, offset: int) -> tuple[int, int]:
        offset = max(0, min(offset, self.length))
        line = bisect.bisect_right(self.starts, offset) - 1
        return line + 1, offset - self.starts[line] + 1

    def offset(self, line: int, column: int) -> int:
        return self.starts[line - 1] + column - 1


@dataclass(frozen=True, slots=True)
class Run:
    """Article text [a_start, a_end) came from source [s_start, s_end)."""

    a_start: int
    a_end: int
    s_start: int
    s_end: int


class SpanMap:
    """Maps article offsets to source offsets through runs of copied or replaced text.

    Equal-length runs map character by character; a run whose lengths differ (an HTML entity,
    a stripped link target) maps its interior to its start, so a span never splits a replacement.
    Positions between runs (the separators a reader inserts) snap to the nearest run edge.
    """

    def __init__(self, runs: list[Run]):
        self.runs = sorted(runs, key=lambda r: r.a_start)
        self._starts = [r.a_start for r in self.runs]

    def to_source(self, offset: int, *, is_end: bool = False) -> int:
        if not self.runs:
            return 0
        i = bisect.bisect_right(self._starts, offset) - 1
        if is_end and i > 0 and offset == self.runs[i].a_start:
            i -= 1  # an end offset belongs to the run it closes
        if i < 0:
            return self.runs[0].s_start
        run = self.runs[i]
        if offset >= run.a_end:
            return run.s_end
        if run.a_end - run.a_start == run.s_end - run.s_start:
            return run.s_start + offset - run.a_start
        return run.s_end if (is_end and offset > run.a_start) else run.s_start


@dataclass
class Document:
    """One article, decoded. ``text`` is what checks read; ``source`` is the file as decoded."""

    path: str
    source: str
    text: str
    blocks: list[Block]
    span_map: SpanMap | None = None
    meta: dict = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    _derived: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    @cached_property
    def sentences(self) -> list[Sentence]:
        """Sentences of every block, from the segmenter, trimmed of surrounding space."""
        out: list[Sentence] = []
        for block in self.blocks:
            chunk = self.text[block.start:block.end]
            for start, end in sentence_spans(chunk):
                out.append(Sentence(len(out), block.index, block.start + start, block.start + end))
        return out

    @cached_property
    def source_lines(self) -> LineIndex:
        return LineIndex(self.source)

    @property
    def headline(self) -> Block | None:
        return self.blocks[0] if self.blocks and self.blocks[0].kind == "headline" else None

    def block_text(self, block: Block) -> str:
        return self.text[block.start:block.end]

    def sentence_text(self, sentence: Sentence) -> str:
        return self.text[sentence.start:sentence.end]

    @cached_property
    def _sentences_by_block(self) -> list[list[Sentence]]:
        grouped: list[list[Sentence]] = [[] for _ in self.blocks]
        for sentence in self.sentences:
            grouped[sentence.block].append(sentence)
        return grouped

    def sentences_of(self, block: Block) -> list[Sentence]:
        return self._sentences_by_block[block.index]

    def block_at(self, offset: int) -> Block | None:
        """The block containing ``offset`` (binary search; blocks are in text order)."""
        i = bisect.bisect_right(self._block_starts, offset) - 1
        if i >= 0 and offset <= self.blocks[i].end:
            return self.blocks[i]
        return None

    @cached_property
    def _block_starts(self) -> list[int]:
        return [b.start for b in self.blocks]

    def derived(self, key, compute):
        """``compute()``, once per document: what several kinds derive from the text (a scope's
        joined spans, the folded text) is made by the first that asks."""
        if key not in self._derived:
            self._derived[key] = compute()
        return self._derived[key]

    def to_source(self, start: int, end: int) -> tuple[int, int]:
        """Article span -> source span."""
        if self.span_map is None:
            return start, end
        s = self.span_map.to_source(start)
        e = self.span_map.to_source(end, is_end=True)
        return s, max(s, e)


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


def classify_block(text: str, index: int, *, first: bool) -> str:
    """Headline for a short first block; ``line`` for a short unpunctuated block; else paragraph."""
    words = word_count(text)
    if first and 0 < words <= 30 and "\n" not in text.strip():
        return "headline"
    if words <= 12 and not _TERMINAL.search(text):
        return "line"
    return "paragraph"


def make_blocks(text: str, spans: list[tuple[int, int]], *, headline: bool = True) -> list[Block]:
    """Blocks from (start, end) spans of ``text``; the first may be the headline when more follow."""
    headline = headline and len(spans) > 1
    blocks = []
    for start, end in spans:
        kind = classify_block(text[start:end], len(blocks), first=headline and not blocks)
        blocks.append(Block(len(blocks), kind, start, end))
    return blocks
