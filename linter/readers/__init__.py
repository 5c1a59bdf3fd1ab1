"""Readers: a file's bytes -> documents. One module per format; this registry picks by extension."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from linter.document import Document
from linter.errors import ReadError
from linter.readers.decode import decode

TextReader = Callable[[str, str], Document]


def _text(path: str, text: str) -> Document:
    from linter.readers.text import read_text

    return read_text(path, text)


def _markdown(path: str, text: str) -> Document:
    from linter.readers.markdown import read_markdown

    return read_markdown(path, text)


# Extension -> reader. Walked directories take ARTICLE_EXTENSIONS; others only when named.
READERS: dict[str, TextReader] = {
    ".txt": _text,
    ".text": _text,
    ".md": _markdown,
    ".markdown": _markdown,
}
ARTICLE_EXTENSIONS = {".txt", ".text", ".md", ".markdown"}


def reader_for(suffix: str) -> TextReader | None:
    """The reader for an extension such as ``.md`` (case-insensitive)."""
    return READERS.get(suffix.lower())


def read_documents(display: str, data: bytes, *, suffix: str | None = None,
                   encoding: str | None = None) -> Iterator[Document]:
    """Decode ``data`` and parse it with the reader for its extension; warnings ride on the document."""
    suffix = suffix if suffix is not None else Path(display).suffix
    reader = reader_for(suffix)
    if reader is None:
        raise ReadError(f"unsupported file type {suffix or '(no extension)'!r}; "
                        f"supported: {', '.join(sorted(READERS))}")
    text, warnings = decode(data, encoding=encoding)
    if not text.strip():
        raise ReadError("empty file: nothing to lint")
    doc = reader(display, text)
    doc.warnings.extend(warnings)
    yield doc
