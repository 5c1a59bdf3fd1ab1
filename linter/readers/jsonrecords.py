"""JSON and JSONL corpora: one document per record, findings placed in the file.

A record is a JSON object with a headline field and a body field (names from the configuration's
``[json]`` section; defaults below; a dotted name reaches into nested objects). A body is a string
(paragraphs separated by line breaks, as in a plain-text article; HTML when it holds block tags) or
a list of paragraph strings. A ``.json`` file is one record, an array of records, or an object with
one array of records; a ``.jsonl`` file has one record a line and is streamed, so a file of any
size is read in memory bounded by its longest line.

Where findings point: at the raw characters of the JSON string value in the file, so ``line`` and
``column`` are the file's (an escape such as ``\\"`` or ``\\u00e9`` is one character of the article
and its whole escape in the file). The result of each record is named ``PATH#ID`` when the record
has an id field, else ``PATH:LINE`` with the line where the record starts. For a JSONL record the
document's ``source`` is its own line and ``meta["origin"]`` says where that line starts, so the
runner can report file offsets without holding the file.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from json.decoder import scanstring
from typing import BinaryIO

from linter.document import Block, Document, Run, SpanMap, classify_block
from linter.errors import ReadError
from linter.readers import RecordError
from linter.readers.text import paragraph_spans

DEFAULT_FIELDS = {
    "headline-fields": ["headline", "title", "heading"],
    "body-fields": ["body", "text", "content", "article", "article_body", "articleBody"],
    "id-fields": ["id", "_id", "guid", "uuid", "slug", "url"],
}
_WS = re.compile(r"[ \t\n\r]*")
_ESCAPES = re.compile(r"\\u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}|\\u[0-9a-fA-F]{4}|\\.|[^\\]+")
_HTML_BODY = re.compile(r"<(?:p|div|br|h[1-6]|ul|ol|li|blockquote|figure|section)\b[^>]*>", re.I)
_DECODER = json.JSONDecoder()


def json_escape(text: str) -> str:
    """Text as the inside of a JSON string literal (fix replacements go back into the file)."""
    return json.dumps(text, ensure_ascii=False)[1:-1]


class _Fields:
    def __init__(self, options: Mapping):
        configured = options.get("json") or {}
        self.headline = configured.get("headline-fields") or DEFAULT_FIELDS["headline-fields"]
        self.body = configured.get("body-fields") or DEFAULT_FIELDS["body-fields"]
        self.id = configured.get("id-fields") or DEFAULT_FIELDS["id-fields"]

    def missing(self) -> str:
        return (f"record has no headline field ({', '.join(self.headline)}) and no body field "
                f"({', '.join(self.body)}); name its fields in the configuration's [json] section")


# ---- positions of values in the raw JSON ----------------------------------------------------

def _skip(s: str, i: int) -> int:
    return _WS.match(s, i).end()


def _member(s: str, i: int, key: str) -> int | None:
    """Start of the value of ``key`` in the (valid) JSON object starting at ``s[i]``."""
    i = _skip(s, i + 1)
    while s[i] != "}":
        name, i = scanstring(s, i + 1)
        i = _skip(s, _skip(s, i) + 1)  # past ':'
        if name == key:
            return i
        _, i = _DECODER.raw_decode(s, i)
        i = _skip(s, i)
        if s[i] == ",":
            i = _skip(s, i + 1)
    return None


def _items(s: str, i: int) -> Iterator[tuple[object, int, int]]:
    """(value, start, end) of each element of the (valid) JSON array starting at ``s[i]``."""
    i = _skip(s, i + 1)
    while s[i] != "]":
        value, end = _DECODER.raw_decode(s, i)
        yield value, i, end
        i = _skip(s, end)
        if s[i] == ",":
            i = _skip(s, i + 1)


def _value_start(s: str, i: int, dotted: str) -> int | None:
    for part in dotted.split("."):
        if s[i] != "{":
            return None
        i = _member(s, i, part)
        if i is None:
            return None
    return i


def _lookup(record: dict, dotted: str):
    value = record
    for part in dotted.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def _string_runs(s: str, start: int) -> tuple[str, list[Run]]:
    """The JSON string literal at ``s[start]``: its text and runs tying each character to the file."""
    _, end = scanstring(s, start + 1)
    out: list[str] = []
    runs: list[Run] = []
    a_pos = 0
    for match in _ESCAPES.finditer(s, start + 1, end - 1):
        piece = match.group()
        text = piece if piece[0] != "\\" else json.loads(f'"{piece}"')
        runs.append(Run(a_pos, a_pos + len(text), match.start(), match.end()))
        out.append(text)
        a_pos += len(text)
    return "".join(out), runs


# ---- one record -> one document ---------------------------------------------------------------

class _Builder:
    """Accumulates article text, runs (into the file) and blocks."""

    def __init__(self):
        self.out: list[str] = []
        self.runs: list[Run] = []
        self.blocks: list[Block] = []
        self.length = 0

    def add_block(self, text: str, runs: list[Run], a_start: int, a_end: int, kind: str | None = None) -> None:
        """Article text[a_start:a_end] of a value whose runs map its characters to the file."""
        chunk = text[a_start:a_end]
        if not chunk.strip():
            return
        if self.blocks:
            self.out.append("\n\n")
            self.length += 2
        base = self.length - a_start
        for run in runs:
            lo, hi = max(run.a_start, a_start), min(run.a_end, a_end)
            if lo >= hi:
                continue
            if run.a_end - run.a_start == run.s_end - run.s_start:
                self.runs.append(Run(lo + base, hi + base, run.s_start + lo - run.a_start, run.s_start + hi - run.a_start))
            else:
                self.runs.append(Run(run.a_start + base, run.a_end + base, run.s_start, run.s_end))
        self.out.append(chunk)
        self.length += len(chunk)
        kind = kind or classify_block(chunk, len(self.blocks), first=False)
        self.blocks.append(Block(len(self.blocks), kind, self.length - len(chunk), self.length))


def _add_body(builder: _Builder, text: str, runs: list[Run]) -> None:
    if _HTML_BODY.search(text):
        from linter.readers.html import read_html

        fragment = read_html("", text)
        to_file = SpanMap(runs)
        for block in fragment.blocks:
            inner = [Run(r.a_start, r.a_end, *_map_span(to_file, r.s_start, r.s_end)) for r in fragment.span_map.runs
                     if block.start <= r.a_start < block.end]
            builder.add_block(fragment.text, inner, block.start, block.end,
                              kind=block.kind if block.kind in ("heading", "line") else None)
        return
    for start, end in paragraph_spans(text):
        builder.add_block(text, runs, start, end)


def _map_span(span: SpanMap, start: int, end: int) -> tuple[int, int]:
    """A span of a decoded string value -> its span in the file."""
    s = span.to_source(start)
    return s, max(s, span.to_source(end, is_end=True))


def record_document(s: str, start: int, record: object, fields: _Fields, display: str) -> Document | RecordError:
    """The document of the record whose object starts at ``s[start]`` (positions into ``s``)."""
    if not isinstance(record, dict):
        return RecordError(display, f"record is a JSON {type(record).__name__}, not an object")
    builder = _Builder()
    found = False
    for names, is_headline in ((fields.headline, True), (fields.body, False)):
        name = next((n for n in names if isinstance(_lookup(record, n), (str, list))), None)
        if name is None:
            continue
        found = True
        at = _value_start(s, start, name)
        literals = [at] if s[at] == '"' else [i for v, i, _ in _items(s, at) if isinstance(v, str)]
        for literal in literals[:1] if is_headline else literals:
            text, runs = _string_runs(s, literal)
            if is_headline:
                builder.add_block(text, runs, len(text) - len(text.lstrip()), len(text.rstrip()), kind="headline")
            else:
                _add_body(builder, text, runs)
    if not found:
        return RecordError(display, fields.missing())
    return Document(path=display, source=s, text="".join(builder.out), blocks=builder.blocks,
                    span_map=SpanMap(builder.runs), meta={"display": display, "escape": json_escape})


def _display(path: str, record: object, fields: _Fields, line: int) -> str:
    if isinstance(record, dict):
        for name in fields.id:
            value = _lookup(record, name)
            if isinstance(value, (str, int)) and not isinstance(value, bool) and str(value).strip():
                return f"{path}#{value}"
    return f"{path}:{line}"


# ---- files ----------------------------------------------------------------------------------

def read_json(path: str, text: str, options: Mapping) -> Iterator[Document | RecordError]:
    """A ``.json`` file: a record, an array of records, or an object holding one array of them."""
    fields = _Fields(options)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ReadError(f"invalid JSON: {exc.msg}", line=exc.lineno, column=exc.colno) from None
    root = _skip(text, 0)
    if isinstance(data, dict) and not any(isinstance(_lookup(data, n), (str, list)) for n in fields.headline + fields.body):
        key = next((k for k, v in data.items() if isinstance(v, list) and v and all(isinstance(x, dict) for x in v)), None)
        if key is None:
            raise ReadError(fields.missing() + ", or hold an array of such records")
        root = _member(text, root, key)
    if text[root] == "[":
        records = _items(text, root)
    else:
        records = iter([(data, root, len(text))])
    newlines = _LineCounter(text)
    for record, start, _ in records:
        display = _display(path, record, fields, newlines.line_at(start))
        yield record_document(text, start, record, fields, display)


class _LineCounter:
    """Line numbers of increasing offsets, counted incrementally."""

    def __init__(self, text: str):
        self.text, self.offset, self.line = text, 0, 1

    def line_at(self, offset: int) -> int:
        self.line += self.text.count("\n", self.offset, offset)
        self.offset = offset
        return self.line


def stream_jsonl(path: str, handle: BinaryIO, options: Mapping, encoding: str | None,
                 max_record: int) -> Iterator[Document | RecordError]:
    """A ``.jsonl`` file, one record a line, read line by line: memory is bounded by the longest line."""
    fields = _Fields(options)
    offset = 0  # code points before the current line
    line_no = 0
    while True:
        raw = handle.readline(max_record + 1)
        if not raw:
            return
        line_no += 1
        if len(raw) > max_record and not raw.endswith(b"\n"):
            while raw and not raw.endswith(b"\n"):
                raw = handle.readline(1 << 20)  # skip the rest of the oversized line
            yield RecordError(f"{path}:{line_no}", f"record over the {max_record / 1048576:.1f} MB limit; "
                              "raise `max-file-size` in the configuration to lint it", line=line_no)
            continue
        if line_no == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        try:
            line = raw.decode(encoding or "utf-8")
        except (UnicodeDecodeError, LookupError) as exc:
            yield RecordError(f"{path}:{line_no}", f"not {encoding or 'UTF-8'} ({exc.reason}); JSON Lines "
                              "files must be UTF-8", line=line_no)
            continue
        start, offset = offset, offset + len(line)
        content = line.rstrip("\r\n")
        if not content.strip():
            continue
        try:
            record = json.loads(content)
        except json.JSONDecodeError as exc:
            yield RecordError(f"{path}:{line_no}", f"invalid JSON: {exc.msg}", line=line_no, column=exc.colno)
            continue
        doc = record_document(content, _skip(content, 0), record, fields, _display(path, record, fields, line_no))
        if isinstance(doc, Document):
            doc.meta["origin"] = (start, line_no)
        yield doc
