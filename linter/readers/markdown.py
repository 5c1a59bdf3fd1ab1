"""Markdown articles: CommonMark blocks from markdown-it-py, inline markup stripped.

Front matter, code blocks, raw HTML blocks and images are not article text. Headings, paragraphs,
list items and block quotes are blocks; container markers (``>``, ``-``, ``1.``, ``#``) and inline
markup (emphasis, link targets, inline HTML) are removed from the text checks see, and a
:class:`SpanMap` keeps every character tied to its place in the file.
"""
from __future__ import annotations

import re
from functools import lru_cache

from linter.document import Block, Document, Run, SpanMap, classify_block

_FRONT_MATTER = re.compile(r"\A(?:\ufeff)?(---|\+\+\+)[ \t]*\r?\n.*?^(?:\1|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S | re.M)
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")
_CONTAINER = re.compile(r"^[ \t]*(?:>[ \t]?)*[ \t]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)?(?:#{1,6}(?:[ \t]+|$))?")
_CLOSING_HASHES = re.compile(r"[ \t]+#+[ \t]*$")
# Inline constructs: (pattern, which group is kept; None drops the match entirely)
_INLINE = re.compile(
    r"(?P<image>!\[[^\]]*\]\([^)]*\))"
    r"|\[(?P<link>[^\]]+)\](?:\([^)]*\)|\[[^\]]*\])"
    r"|<(?P<auto>https?://[^>\s]+)>"
    r"|(?P<html></?[A-Za-z][^>]*>)"
    r"|`(?P<code>[^`]+)`"
    r"|\\(?P<escaped>[\\`*_{}\[\]()#+\-.!])"
    r"|(?P<emph>\*{1,3}(?=\S)|(?<=\S)\*{1,3}|(?<![\w])_{1,3}(?=\S)|(?<=\S)_{1,3}(?!\w))"
)


@lru_cache(maxsize=1)
def _parser():
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark")


def _blank_front_matter(text: str) -> str:
    """Front matter replaced by blank lines, so the parser's line numbers stay the file's."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return text
    return re.sub(r"[^\r\n]", " ", match.group()) + text[match.end():]


def _strip_inline(source: str, start: int, end: int, runs: list[Run], out: list[str], a_pos: int) -> int:
    """Append the visible text of source[start:end] to ``out``; record runs; return the new length."""
    pos = start
    for match in _INLINE.finditer(source, start, end):
        if match.start() > pos:
            piece = source[pos:match.start()]
            runs.append(Run(a_pos, a_pos + len(piece), pos, match.start()))
            out.append(piece)
            a_pos += len(piece)
        kept = next((g for g in ("link", "auto", "code", "escaped") if match.group(g) is not None), None)
        if kept:
            piece = match.group(kept)
            g_start = match.start(kept)
            runs.append(Run(a_pos, a_pos + len(piece), g_start, g_start + len(piece)))
            out.append(piece)
            a_pos += len(piece)
        pos = match.end()
    if end > pos:
        runs.append(Run(a_pos, a_pos + end - pos, pos, end))
        out.append(source[pos:end])
        a_pos += end - pos
    return a_pos


def read_markdown(path: str, source: str) -> Document:
    parseable = _blank_front_matter(source)
    line_spans = [(m.start(), m.end()) for m in _LINE.finditer(parseable)]
    tokens = _parser().parse(parseable)
    runs: list[Run] = []
    out: list[str] = []
    blocks: list[Block] = []
    a_pos = 0
    for i, token in enumerate(tokens):
        if token.type != "inline" or token.map is None or i == 0:
            continue
        opener = tokens[i - 1].type
        if opener not in ("paragraph_open", "heading_open"):
            continue
        if blocks:
            out.append("\n\n")
            a_pos += 2
        block_start = a_pos
        first_line, last_line = token.map
        for n in range(first_line, last_line):
            if n >= len(line_spans):
                break
            l_start, l_end = line_spans[n]
            line = parseable[l_start:l_end].rstrip("\r\n")
            c_start = l_start + _CONTAINER.match(line).end()
            c_end = l_start + len(line.rstrip())
            if opener == "heading_open":
                closing = _CLOSING_HASHES.search(parseable, c_start, c_end)
                c_end = closing.start() if closing else c_end
            if c_start >= c_end:
                continue
            if a_pos > block_start:
                out.append(" ")
                a_pos += 1
            a_pos = _strip_inline(parseable, c_start, c_end, runs, out, a_pos)
        text_so_far = "".join(out)
        if a_pos == block_start or not text_so_far[block_start:a_pos].strip():
            continue
        if opener == "heading_open":
            kind = "headline" if not blocks else "heading"
        else:
            kind = classify_block(text_so_far[block_start:a_pos], len(blocks), first=not blocks)
        blocks.append(Block(len(blocks), kind, block_start, a_pos))
    text = "".join(out)
    return Document(path=path, source=source, text=text, blocks=blocks, span_map=SpanMap(runs))
