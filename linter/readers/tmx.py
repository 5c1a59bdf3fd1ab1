"""TMX translation memories: ``tmx > body > tu > tuv[xml:lang] > seg``, one document per file.

The source variant of each unit is the one in the header's ``srclang`` (or the configuration's
``source-language`` when the header says ``*all*``); the target is the first other variant.
Inline codes (``bpt``, ``ept``, ``ph``, ``it``, ``ut``) are not text; ``hi`` and ``sub`` are.
"""
from __future__ import annotations

from collections.abc import Mapping

from linter.document import Document
from linter.errors import ReadError
from linter.readers.bilingual import BilingualBuilder
from linter.readers.xmltree import Element, Text, parse


def _pieces(element: Element) -> list[tuple[str, int, int]]:
    out: list[tuple[str, int, int]] = []
    for child in element.children:
        if isinstance(child, Text):
            out.append((child.text, child.start, child.end))
        elif child.tag in ("hi", "sub"):
            out.extend(_pieces(child))
    return out


def _same_language(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return False
    a, b = a.lower().replace("_", "-"), b.lower().replace("_", "-")
    return a == b or a.split("-")[0] == b.split("-")[0]


def read_tmx(path: str, text: str, options: Mapping) -> Document:
    root = parse(text)
    if root.tag != "tmx":
        raise ReadError(f"not a TMX file: the root element is <{root.tag}>, not <tmx>", line=root.line)
    header, body = root.find("header"), root.find("body")
    if body is None:
        raise ReadError("TMX file has no <body>", line=root.line)
    srclang = header.attr("srclang") if header is not None else None
    if not srclang or srclang == "*all*":
        srclang = options.get("source-language")
    builder = BilingualBuilder()
    warnings: list[str] = []
    for tu in body.findall("tu"):
        variants = tu.findall("tuv")
        source = next((v for v in variants if _same_language(v.attr("lang"), srclang)), None)
        if source is None:
            if srclang:
                warnings.append(f"line {tu.line}: <tu> has no variant in the source language {srclang!r}; skipped")
                continue
            source = variants[0] if variants else None
        if source is None:
            warnings.append(f"line {tu.line}: <tu> has no <tuv>; skipped")
            continue
        target = next((v for v in variants if v is not source and not _same_language(v.attr("lang"), srclang)), None)
        source_seg = source.find("seg")
        target_seg = target.find("seg") if target is not None else None
        source_pieces = _pieces(source_seg) if source_seg is not None else []
        anchor = (source_pieces[0][1], source_pieces[-1][2]) if source_pieces else (tu.start, tu.end)
        builder.add("".join(t for t, _, _ in source_pieces), _pieces(target_seg) if target_seg is not None else None,
                    anchor, seg_id=tu.attr("tuid"), line=tu.line)
    doc = builder.document(path, text, {"source_language": srclang})
    doc.warnings.extend(warnings)
    return doc
