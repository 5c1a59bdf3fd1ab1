"""A small element tree from expat that remembers where every piece of text stands in the file.

ElementTree drops positions; the bilingual readers need the file offset of each character of a
segment (findings point into the XLIFF or TMX file) and the line of each element (messages name
it). Expat reports the line and column (in characters) of every event; a text event ends where
the next event starts, so an entity such as ``&amp;`` is one character of text and five of file.
Malformed XML raises :class:`ReadError` with expat's line and column.
"""
from __future__ import annotations

import re
import xml.parsers.expat as expat
from dataclasses import dataclass, field

from linter.errors import ReadError


@dataclass
class Text:
    text: str
    start: int  # file offsets (code points) of the raw text, entity references included
    end: int


@dataclass
class Element:
    tag: str  # local name, namespace prefix dropped
    attrs: dict[str, str]
    line: int
    start: int
    children: list = field(default_factory=list)  # Element | Text, in document order
    end: int = -1  # offset just past the end tag

    def find(self, tag: str) -> "Element | None":
        return next((c for c in self.children if isinstance(c, Element) and c.tag == tag), None)

    def findall(self, tag: str) -> list["Element"]:
        return [c for c in self.children if isinstance(c, Element) and c.tag == tag]

    def iter(self, tag: str):
        for child in self.children:
            if isinstance(child, Element):
                if child.tag == tag:
                    yield child
                else:
                    yield from child.iter(tag)

    def attr(self, name: str) -> str | None:
        """An attribute by local name (``xml:lang`` is ``lang``)."""
        if name in self.attrs:
            return self.attrs[name]
        return next((v for k, v in self.attrs.items() if k.rsplit(":", 1)[-1] == name), None)


def _local(name: str) -> str:
    return name.rsplit(":", 1)[-1]


def parse(source: str) -> Element:
    """The root element of ``source``; raises ReadError on malformed XML."""
    newlines = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", source)]
    parser = expat.ParserCreate()
    parser.buffer_text = False
    stack: list[Element] = []
    root: list[Element] = []
    pending: list[Text] = []

    def here() -> int:
        return newlines[parser.CurrentLineNumber - 1] + parser.CurrentColumnNumber

    def close_pending() -> int:
        position = here()
        for piece in pending:
            piece.end = position
        pending.clear()
        return position

    def start(name, attrs):
        position = close_pending()
        element = Element(_local(name), attrs, parser.CurrentLineNumber, position)
        if stack:
            stack[-1].children.append(element)
        else:
            root.append(element)
        stack.append(element)

    def end(name):
        close_pending()
        element = stack.pop()
        element.end = _after_tag(source, here())

    def text(data):
        close_pending()
        if stack:
            piece = Text(data, here(), -1)
            stack[-1].children.append(piece)
            pending.append(piece)

    def other(*_):
        close_pending()

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    parser.CommentHandler = other
    parser.ProcessingInstructionHandler = other
    parser.StartCdataSectionHandler = other
    parser.EndCdataSectionHandler = other
    try:
        parser.Parse(source, True)
    except expat.ExpatError as exc:
        unclosed = f"; <{stack[-1].tag}> opened on line {stack[-1].line} is not closed" if stack and exc.code in (
            expat.errors.codes[expat.errors.XML_ERROR_TAG_MISMATCH],
            expat.errors.codes[expat.errors.XML_ERROR_NO_ELEMENTS]) else ""
        raise ReadError(f"malformed XML: {expat.ErrorString(exc.code)}{unclosed}", line=exc.lineno,
                        column=exc.offset + 1) from None
    return root[0]


def _after_tag(source: str, position: int) -> int:
    """Offset just past the tag that starts at ``position`` (an end tag or an empty element's)."""
    close = source.find(">", position)
    return close + 1 if close >= 0 else position
