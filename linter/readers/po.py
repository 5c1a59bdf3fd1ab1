"""Gettext PO files: polib reads the entries; a scan of the string literals places them in the file.

polib is the authority on what the entries are (contexts, plurals, obsolete entries). It reports
where an entry starts but not where its strings are, so this module scans the ``msgid``/``msgstr``
literals itself to tie each target character to the file. polib accepts some broken headers
without a word (an unterminated string, a field without ``:``, an unknown charset); those are
errors here, with their line, because a reviewer must fix them before the file goes anywhere.
"""
from __future__ import annotations

import codecs
import re
from collections.abc import Mapping

from linter.document import Document
from linter.errors import ReadError
from linter.readers.bilingual import BilingualBuilder

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")
_KEYWORD = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)(?=[\s\"])[ \t]*")
_ESCAPE = re.compile(r'\\(?:[0-7]{1,3}|x[0-9a-fA-F]+|.)|[^\\]+')
_SIMPLE = {"n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v", "\\": "\\", '"': '"',
           "'": "'", "?": "?"}
_POLIB_LINE = re.compile(r"\(line (\d+)\)")

Piece = tuple[str, int, int]


def _literal(text: str, quote: int, line: int) -> tuple[list[Piece], int]:
    """The string literal whose opening quote is at ``text[quote]``: pieces with runs, and its end."""
    position = quote + 1
    pieces: list[Piece] = []
    while True:
        if position >= len(text) or text[position] in "\r\n":
            raise ReadError("unterminated string (a \" is missing at the end of the line)", line=line)
        if text[position] == '"':
            return pieces, position + 1
        match = _ESCAPE.match(text, position)
        raw = match.group()
        if raw[0] != "\\":
            raw = raw.split('"', 1)[0].split("\n", 1)[0].split("\r", 1)[0]
            pieces.append((raw, position, position + len(raw)))
        else:
            pieces.append((_unescape(raw), position, position + len(raw)))
        position += len(raw)


def _unescape(raw: str) -> str:
    body = raw[1:]
    if body in _SIMPLE:
        return _SIMPLE[body]
    if body[0] == "x":
        return chr(int(body[1:], 16))
    if body[0].isdigit():
        return chr(int(body, 8))
    return body


def scan(text: str) -> list[dict[str, list[Piece]]]:
    """Every entry's fields (keyword -> pieces of its concatenated literals), obsolete entries left out."""
    entries: list[dict[str, list[Piece]]] = []
    current: dict[str, list[Piece]] = {}
    field_name: str | None = None
    for number, match in enumerate(_LINE.finditer(text), 1):
        line = match.group().rstrip("\r\n")
        stripped = line.lstrip()
        start = match.start() + len(line) - len(stripped)
        if not stripped or stripped.startswith("#"):
            if not stripped and any(k.startswith("msgstr") for k in current):
                entries.append(current)
                current, field_name = {}, None
            continue
        keyword = _KEYWORD.match(stripped)
        if keyword:
            field_name = keyword.group(1)
            if field_name in ("msgctxt", "msgid") and any(k.startswith("msgstr") for k in current):
                entries.append(current)
                current = {}
            current[field_name] = []
            quote = start + keyword.end()
        elif stripped.startswith('"') and field_name is not None:
            quote = start
        else:
            raise ReadError(f"unexpected text {stripped[:40]!r}; expected a keyword or a string", line=number)
        if quote >= len(text) or text[quote] != '"':
            raise ReadError(f"{field_name} must be followed by a string in double quotes", line=number)
        pieces, end = _literal(text, quote, number)
        if text[end:match.start() + len(line)].strip():
            raise ReadError("text after the closing quote", line=number)
        current[field_name].extend(pieces)
        if match.end() == len(text):
            break
    if current:
        entries.append(current)
    return entries


def _joined(pieces: list[Piece]) -> str:
    return "".join(p for p, _, _ in pieces)


def _check_header(entry: dict[str, list[Piece]], text: str) -> None:
    """Every header line is ``Name: value`` and a declared charset exists; else an error at its line."""
    header = entry.get("msgstr", [])
    starts, joined = [], []
    for piece, file_start, _ in header:
        starts.append((sum(map(len, joined)), file_start))
        joined.append(piece)
    offset = 0
    for field_text in "".join(joined).split("\n"):
        if field_text.strip():
            file_offset = next(s for j, s in reversed(starts) if j <= offset)
            line = text.count("\n", 0, file_offset) + 1
            name, colon, value = field_text.partition(":")
            if not colon:
                raise ReadError(f"broken PO header: field {field_text[:50]!r} has no ':' (expected 'Name: value')",
                                line=line)
            charset = re.search(r"charset\s*=\s*([^\s;]+)", value) if name.strip().lower() == "content-type" else None
            if charset and charset.group(1) != "CHARSET":
                try:
                    codecs.lookup(charset.group(1))
                except LookupError:
                    raise ReadError(f"broken PO header: unknown charset {charset.group(1)!r}", line=line) from None
        offset += len(field_text) + 1


def read_po(path: str, text: str, options: Mapping) -> Document:
    import polib

    scanned = scan(text)
    try:
        entries = polib.pofile(text, wrapwidth=0)
    except (OSError, ValueError) as exc:
        found = _POLIB_LINE.search(str(exc))
        raise ReadError(f"PO syntax error: {str(exc).split(' (line')[0]}",
                        line=int(found.group(1)) if found else None) from None
    positions: dict[tuple[str | None, str], dict[str, list[Piece]]] = {}
    for entry in scanned:
        context = _joined(entry["msgctxt"]) if "msgctxt" in entry else None
        msgid = _joined(entry.get("msgid", []))
        if msgid == "" and context is None:
            _check_header(entry, text)
        positions[(context, msgid)] = entry
    builder = BilingualBuilder()
    for entry in entries:
        if entry.obsolete:
            continue
        fields = positions.get((entry.msgctxt, entry.msgid))
        if fields is None:
            raise ReadError(f"cannot place the entry for {entry.msgid[:40]!r} in the file", line=entry.linenum)
        source_span = _span(fields.get("msgid", []), entry.linenum, text)
        if entry.msgid_plural:
            forms = sorted(k for k in fields if k.startswith("msgstr["))
            for form in forms or ["msgstr[0]"]:
                source = entry.msgid if form == "msgstr[0]" else entry.msgid_plural
                builder.add(source, fields.get(form), source_span, seg_id=f"{entry.msgid[:30]}[{form[7:-1]}]",
                            line=entry.linenum)
        else:
            builder.add(entry.msgid, fields.get("msgstr"), source_span, seg_id=entry.msgctxt, line=entry.linenum)
    language = entries.metadata.get("Language") or None
    return builder.document(path, text, {"source_language": options.get("source-language"),
                                         "target_language": language})


def _span(pieces: list[Piece], line: int, text: str) -> tuple[int, int]:
    """The file span of an entry's msgid text (or the start of its line when the msgid is empty)."""
    if pieces:
        return pieces[0][1], pieces[-1][2]
    match = next(m for number, m in enumerate(_LINE.finditer(text), 1) if number == line)
    return match.start(), match.start()
