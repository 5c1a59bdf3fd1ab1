"""HTML pages: the article, not the page.

Python's tolerant ``html.parser`` reads the page (malformed markup never stops it; unclosed elements
run on as a browser would let them) and reports where every tag, text run and character reference
starts, so each character of the article text is tied to its place in the file through a
:class:`SpanMap` (an entity is a run whose lengths differ; collapsed whitespace likewise).

What is article text: an ``<h1>`` (the article's first, else the page's; else ``<title>``) is the
headline; the body is the ``<article>`` element when the page has one (else ``<main>``, else
``<body>``). Page furniture is not: scripts, styles, navigation, site headers (but for an ``<h1>``
in them), footers, asides, forms, dialogs, hidden elements, and elements whose class, id or role
name a cookie banner, share bar, menu, related links and the like. Text that sits in a body
paragraph (a scraped tag line) stays: that is what the boilerplate rules are for.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser

from linter.document import Block, Document, Run, SpanMap, classify_block

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
        "track", "wbr", "keygen"}
BLOCK = {"address", "article", "aside", "blockquote", "br", "caption", "dd", "details", "dialog", "div", "dl",
         "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
         "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td",
         "tfoot", "th", "thead", "title", "tr", "ul"}
FURNITURE = {"script", "style", "noscript", "template", "nav", "footer", "aside", "form", "button", "select",
             "textarea", "iframe", "svg", "canvas", "object", "video", "audio", "dialog", "menu"}
FURNITURE_ROLES = {"navigation", "banner", "contentinfo", "complementary", "dialog", "alertdialog", "menu",
                   "menubar", "search", "toolbar"}
# Words in class/id that mark page furniture; matched as whole tokens ("share", not "shareholders").
FURNITURE_WORDS = {"cookie", "cookies", "consent", "gdpr", "newsletter", "subscribe", "subscription", "share",
                   "sharing", "social", "related", "breadcrumb", "breadcrumbs", "navbar", "nav", "navigation",
                   "menu", "sidebar", "advert", "advertisement", "ad", "ads", "promo", "comments", "popup",
                   "modal", "paywall", "masthead", "toolbar", "skip"}
_TOKEN = re.compile(r"[a-z0-9]+")
_REFERENCE = re.compile(r"&(?:#[xX][0-9a-fA-F]+|#[0-9]+|[A-Za-z][A-Za-z0-9]*);?")
_PIECE = re.compile(r"\S+|\s+")
_SCOPES = {"article": "article", "main": "main", "body": "body", "pre": "pre"}


@dataclass
class _Block:
    tag: str  # the element that opened it
    scope: frozenset  # which of article/main/body it lies in
    pieces: list = field(default_factory=list)  # (text, s_start, s_end)


def _is_furniture(tag: str, attrs: dict) -> bool:
    if tag in FURNITURE or "hidden" in attrs or attrs.get("aria-hidden") == "true":
        return True
    if (attrs.get("role") or "").lower() in FURNITURE_ROLES:
        return True
    words = set(_TOKEN.findall(f"{attrs.get('class') or ''} {attrs.get('id') or ''}".lower()))
    return bool(words & FURNITURE_WORDS)


class _PageParser(HTMLParser):
    """Collects text blocks with source positions; skips furniture; remembers article scopes."""

    def __init__(self, source: str):
        super().__init__(convert_charrefs=False)
        self.source = source
        self._newlines = [0] + [m.end() for m in re.finditer("\n", source)]
        self.blocks: list[_Block] = []
        self._open: list[tuple[str, str | None]] = []  # (tag, scope it opens) of open block elements
        self._skip: tuple[str, int] | None = None  # (tag, nesting depth) of the furniture being skipped
        self._current: _Block | None = None

    def _here(self) -> int:
        """Offset of the current event: html.parser counts lines by "\n" alone, and so do we."""
        line, column = self.getpos()
        return self._newlines[line - 1] + column

    def _scope(self) -> frozenset:
        return frozenset(scope for _, scope in self._open if scope)

    def _enclosing(self) -> str:
        return self._open[-1][0] if self._open else "body"

    def _flush(self) -> None:
        if self._current is not None and self._current.pieces:
            self.blocks.append(self._current)
        self._current = None

    def handle_starttag(self, tag, attrs):
        attrs = {k: (v or "") for k, v in attrs}
        if self._skip is not None:
            if tag == self._skip[0] and tag not in VOID:
                self._skip = (tag, self._skip[1] + 1)
            return
        scope = _SCOPES.get(tag)
        if attrs.get("itemprop") == "articleBody":
            scope = "article"
        elif (attrs.get("role") or "").lower() == "main":
            scope = "main"
        elif tag == "header" and not self._scope() & {"article", "main"}:
            scope = "chrome"  # a site header: not article text, though it may hold the story's <h1>
        if _is_furniture(tag, attrs):
            self._flush()
            if tag not in VOID:
                self._skip = (tag, 1)
            return
        if tag in BLOCK:
            self._flush()
        if (tag in BLOCK or scope) and tag not in VOID:
            self._open.append((tag, scope))

    def handle_startendtag(self, tag, attrs):
        if self._skip is None and tag in BLOCK:
            self._flush()

    def handle_endtag(self, tag):
        if self._skip is not None:
            if tag == self._skip[0]:
                depth = self._skip[1] - 1
                self._skip = None if depth == 0 else (tag, depth)
            return
        if any(open_tag == tag for open_tag, _ in self._open):
            while self._open.pop()[0] != tag:
                pass  # an end tag closes the elements left open inside it, as in a browser
        if tag in BLOCK:
            self._flush()

    def _add(self, text: str, start: int, end: int) -> None:
        if self._current is None:
            self._current = _Block(self._enclosing(), self._scope())
        self._current.pieces.append((text, start, end))

    def handle_data(self, data):
        if self._skip is not None:
            return
        start = self._here()
        for match in _PIECE.finditer(data):
            self._add(match.group(), start + match.start(), start + match.end())

    def _reference(self) -> None:
        if self._skip is not None:
            return
        start = self._here()
        match = _REFERENCE.match(self.source, start)
        raw = match.group() if match else "&"
        self._add(unescape(raw), start, start + len(raw))

    def handle_entityref(self, name):
        self._reference()

    def handle_charref(self, name):
        self._reference()

    def close(self):
        super().close()
        self._flush()


def _chosen(blocks: list[_Block]) -> list[_Block]:
    """Headline first (an <h1> in the article, else outside the site header, else in it, else the
    <title>), then the body blocks of the narrowest scope the page has."""
    h1s = [b for b in blocks if b.tag == "h1"]
    headline = next((b for b in h1s if b.scope & {"article", "main"}), None) or next(
        (b for b in h1s if "chrome" not in b.scope), None) or next(iter(h1s), None) or next(
        (b for b in blocks if b.tag == "title"), None)
    body = [b for b in blocks if b.tag != "title" and b is not headline and "chrome" not in b.scope]
    for scope in ("article", "main"):
        if any(scope in b.scope for b in body):
            body = [b for b in body if scope in b.scope]
            break
    return ([headline] if headline else []) + body


def read_html(path: str, source: str) -> Document:
    parser = _PageParser(source)
    parser.feed(source)
    parser.close()
    runs: list[Run] = []
    out: list[str] = []
    blocks: list[Block] = []
    a_pos = 0
    for raw in _chosen(parser.blocks):
        pieces: list[str] = []
        position = block_start = a_pos + (2 if blocks else 0)
        pending_space: tuple[int, int] | None = None
        keep_space = "pre" in raw.scope
        for text, s_start, s_end in raw.pieces:
            if not keep_space and text.isspace():
                if pieces:
                    pending_space = pending_space or (s_start, s_end)
                continue
            if pending_space is not None:
                runs.append(Run(position, position + 1, *pending_space))
                pieces.append(" ")
                position += 1
                pending_space = None
            runs.append(Run(position, position + len(text), s_start, s_end))
            pieces.append(text)
            position += len(text)
        if not pieces:
            continue
        chunk = "".join(pieces)
        if blocks:
            out.append("\n\n")
        out.append(chunk)
        a_pos = position
        if not blocks and raw.tag in ("h1", "title"):
            kind = "headline"
        elif raw.tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            kind = "heading"
        else:
            kind = classify_block(chunk, len(blocks), first=not blocks)
        blocks.append(Block(len(blocks), kind, block_start, a_pos))
    return Document(path=path, source=source, text="".join(out), blocks=blocks, span_map=SpanMap(runs))


def read_html_file(path: str, text: str, options) -> Document:
    return read_html(path, text)
