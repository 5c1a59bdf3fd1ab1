"""Readers: a file -> documents. One module per format; this registry picks by extension.

A reader is ``read(path, text, options) -> Document | Iterable[Document | RecordError]`` over the
decoded file, or, for formats that can be larger than memory (JSONL), a streaming reader
``stream(path, handle, options, encoding, max_record) -> Iterable[Document | RecordError]`` over
a binary file handle. ``options`` are the configuration's sections (``json``, ``source-language``).

A directory walk takes the article formats only (``article=True``); corpora and bilingual files are
read when named on the command line or matched by the configuration's ``include`` globs, so that a
``NAME.labels.json`` beside an article is never linted as one.
"""
from __future__ import annotations

import importlib
import io
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import BinaryIO

from linter.document import Document
from linter.errors import ReadError
from linter.finding import Edit
from linter.readers.decode import decode


class RecordError(ReadError):
    """One record of a multi-document file is broken; the others are still linted."""

    def __init__(self, display: str, message: str, *, line: int | None = None, column: int | None = None):
        super().__init__(message, line=line, column=column)
        self.display = display


@dataclass(frozen=True)
class Format:
    name: str
    reader: str  # "module:function", imported on first use
    article: bool = False  # taken by a directory walk
    streaming: bool = False  # reads a binary handle record by record

    def load(self):
        module, _, function = self.reader.partition(":")
        return getattr(importlib.import_module(module), function)


_TEXT = Format("text", "linter.readers:_text", article=True)
_MARKDOWN = Format("markdown", "linter.readers:_markdown", article=True)
_HTML = Format("html", "linter.readers.html:read_html_file", article=True)
_XLIFF = Format("xliff", "linter.readers.xliff:read_xliff")

FORMATS: dict[str, Format] = {
    ".txt": _TEXT, ".text": _TEXT,
    ".md": _MARKDOWN, ".markdown": _MARKDOWN,
    ".html": _HTML, ".htm": _HTML, ".xhtml": _HTML,
    ".json": Format("json", "linter.readers.jsonrecords:read_json"),
    ".jsonl": Format("jsonl", "linter.readers.jsonrecords:stream_jsonl", streaming=True),
    ".ndjson": Format("jsonl", "linter.readers.jsonrecords:stream_jsonl", streaming=True),
    ".xlf": _XLIFF, ".xliff": _XLIFF,
    ".po": Format("po", "linter.readers.po:read_po"),
    ".pot": Format("po", "linter.readers.po:read_po"),
    ".tmx": Format("tmx", "linter.readers.tmx:read_tmx"),
    ".tsv": Format("tsv", "linter.readers.tsv:read_tsv"),
}
ARTICLE_EXTENSIONS = {ext for ext, fmt in FORMATS.items() if fmt.article}


def _text(path: str, text: str, options: Mapping) -> Document:
    from linter.readers.text import read_text

    return read_text(path, text)


def _markdown(path: str, text: str, options: Mapping) -> Document:
    from linter.readers.markdown import read_markdown

    return read_markdown(path, text)


def format_for(suffix: str) -> Format | None:
    """The format of an extension such as ``.md`` (case-insensitive)."""
    return FORMATS.get(suffix.lower())


def _unsupported(suffix: str) -> ReadError:
    return ReadError(f"unsupported file type {suffix or '(no extension)'!r}; "
                     f"supported: {', '.join(sorted(FORMATS))}")


def _as_documents(result: Document | Iterable) -> Iterator[Document | RecordError]:
    if isinstance(result, Document):
        yield result
    else:
        yield from result


def read_documents(display: str, data: bytes, *, suffix: str | None = None, encoding: str | None = None,
                   options: Mapping | None = None) -> Iterator[Document | RecordError]:
    """Decode ``data`` and parse it with the reader for its extension; warnings ride on the documents.

    A multi-document file yields :class:`RecordError` for a broken record and goes on.
    """
    suffix = suffix if suffix is not None else Path(display).suffix
    fmt = format_for(suffix)
    if fmt is None:
        raise _unsupported(suffix)
    options = options or {}
    if fmt.streaming:
        yield from stream_documents(display, io.BytesIO(data), suffix=suffix, encoding=encoding,
                                    options=options, max_record=max(len(data), 1))
        return
    text, warnings = decode(data, encoding=encoding, kind=fmt.name)
    if not text.strip():
        raise ReadError("empty file: nothing to lint")
    for doc in _as_documents(fmt.load()(display, text, options)):
        if isinstance(doc, Document):
            doc.warnings[:0] = warnings
        yield doc


def stream_documents(display: str, handle: BinaryIO, *, suffix: str, encoding: str | None,
                     options: Mapping | None, max_record: int) -> Iterator[Document | RecordError]:
    """Documents of a streaming format, read from a binary handle one record at a time."""
    fmt = format_for(suffix)
    if fmt is None or not fmt.streaming:
        raise _unsupported(suffix)
    yield from fmt.load()(display, handle, options or {}, encoding, max_record)


def relocate(findings: list, doc: Document) -> list:
    """Findings of a document that is one region of a larger file, moved to file positions.

    A streamed record carries ``meta["origin"] = (offset, line)``: the code-point offset and 1-based
    line where its ``source`` starts in the file (records are single lines, so columns stay).
    ``meta["escape"]`` re-escapes fix replacements for the file's syntax (JSON string values).
    """
    offset, line = doc.meta.get("origin", (0, 1))
    escape = doc.meta.get("escape")
    if (offset, line) == (0, 1) and escape is None:
        return findings
    for f in findings:
        f.offset += offset
        f.end_offset += offset
        f.line += line - 1
        f.end_line += line - 1
        if f.fix is not None:
            edits = tuple(Edit(e.start + offset, e.end + offset, escape(e.replacement) if escape else e.replacement)
                          for e in f.fix.edits)
            f.fix = replace(f.fix, edits=edits)
    return findings
