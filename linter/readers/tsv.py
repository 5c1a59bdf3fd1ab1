"""Two-column bilingual TSV: ``source<TAB>target`` on each line, an optional header line.

Fields are literal text (IANA text/tab-separated-values: no quoting, no tabs or line breaks in a
field), so every character maps straight to the file. A header is recognised when its two cells
are column names (``source``/``target``, ``src``/``tgt``) or language codes (``uk``/``en``). A line
with one field has a missing target; a line with more than two is an error naming the line.
"""
from __future__ import annotations

import re
from collections.abc import Mapping

from linter.document import Document
from linter.errors import ReadError
from linter.readers.bilingual import BilingualBuilder

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")
_NAMES = {"source", "target", "src", "tgt", "trg", "original", "translation", "source text", "target text"}
_LANGUAGE = re.compile(r"[a-z]{2,3}(?:[-_][a-z0-9]{2,8})?")


def _is_header(cells: list[str]) -> bool:
    names = [c.strip().lower() for c in cells]
    return len(names) == 2 and (all(n in _NAMES for n in names) or all(_LANGUAGE.fullmatch(n) for n in names))


def read_tsv(path: str, text: str, options: Mapping) -> Document:
    builder = BilingualBuilder()
    language = options.get("source-language")
    first = True
    for number, match in enumerate(_LINE.finditer(text), 1):
        line = match.group().rstrip("\r\n")
        if match.start() == len(text):
            break
        if not line.strip():
            continue
        cells = line.split("\t")
        if first:
            first = False
            if _is_header(cells):
                name = cells[0].strip().lower()
                language = name if _LANGUAGE.fullmatch(name) and name not in _NAMES else language
                continue
        if len(cells) > 2:
            raise ReadError(f"{len(cells)} tab-separated fields; a bilingual TSV line has two (source, target). "
                            "A tab inside a segment must be written as a space", line=number)
        start = match.start()
        source_end = start + len(cells[0])
        target = None
        if len(cells) == 2:
            target = [(cells[1], source_end + 1, source_end + 1 + len(cells[1]))]
        builder.add(cells[0], target, (start, source_end), seg_id=str(number), line=number)
    return builder.document(path, text, {"source_language": language})
