"""XLIFF 1.2 and 2.x: each ``<file>`` is a document of its segments' targets, sources beside them.

XLIFF 1.2: ``file > body > (group >)* trans-unit > source, target``. XLIFF 2.x:
``file > (group >)* unit > segment > source, target``. Inline markup is read for its text
(``g``, ``mrk``, ``pc``); inline codes (``x``, ``bx``, ``ex``, ``ph``, ``bpt``, ``ept``, ``it``, ``sc``,
``ec``, ``cp``, ``sub``) are not text. Units marked ``translate="no"`` are skipped. A unit without a
target is kept as a pair whose target is missing (the pair checks report it); an unsupported
version or malformed XML is an error with its line.
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping

from linter.document import Document
from linter.errors import ReadError
from linter.readers.bilingual import BilingualBuilder
from linter.readers.xmltree import Element, Text, parse

VERSIONS = {"1.0", "1.1", "1.2", "2.0", "2.1", "2.2"}
TEXT_CONTAINERS = {"g", "mrk", "pc"}


def pieces(element: Element) -> list[tuple[str, int, int]]:
    """Text of a source/target element with its file positions, inline codes left out."""
    out: list[tuple[str, int, int]] = []
    for child in element.children:
        if isinstance(child, Text):
            out.append((child.text, child.start, child.end))
        elif child.tag in TEXT_CONTAINERS:
            out.extend(pieces(child))
    return out


def plain(element: Element | None) -> str:
    return "".join(text for text, _, _ in pieces(element)) if element is not None else ""


def anchor(source: Element | None, target: Element | None, unit: Element) -> tuple[int, int]:
    """Where a finding about an empty or missing target points: the source text, else the element."""
    for element in (source, target):
        found = pieces(element) if element is not None else []
        if found and "".join(t for t, _, _ in found).strip():
            return found[0][1], found[-1][2]
    element = target if target is not None else (source if source is not None else unit)
    return element.start, max(element.start, element.end)


def _units(element: Element, unit_tag: str) -> Iterator[Element]:
    for child in element.children:
        if isinstance(child, Element):
            if child.tag == unit_tag:
                yield child
            elif child.tag in ("group", "body"):
                yield from _units(child, unit_tag)


def _translatable(element: Element) -> bool:
    return (element.attr("translate") or "yes").lower() != "no"


def read_xliff(path: str, text: str, options: Mapping) -> Iterator[Document]:
    root = parse(text)
    if root.tag != "xliff":
        raise ReadError(f"not an XLIFF file: the root element is <{root.tag}>, not <xliff>", line=root.line)
    version = root.attr("version")
    if version not in VERSIONS:
        raise ReadError(f"unsupported XLIFF version {version!r} on <xliff>; copydesk reads 1.2 and 2.x"
                        if version else "<xliff> has no version attribute; copydesk reads 1.2 and 2.x",
                        line=root.line)
    files = root.findall("file")
    if not files:
        raise ReadError("XLIFF file has no <file> element", line=root.line)
    two = version.startswith("2")
    warnings: list[str] = []
    for index, element in enumerate(files, 1):
        builder = BilingualBuilder()
        if two:
            for unit in _units(element, "unit"):
                if not _translatable(unit):
                    continue
                segments = unit.findall("segment")
                if not segments:
                    warnings.append(f"line {unit.line}: <unit id={unit.attr('id')!r}> has no <segment>; skipped")
                for segment in segments:
                    _add(builder, segment, unit, f"{unit.attr('id')}/{segment.attr('id') or ''}".rstrip("/"),
                         warnings)
        else:
            for unit in _units(element, "trans-unit"):
                if _translatable(unit):
                    _add(builder, unit, unit, unit.attr("id"), warnings)
        name = element.attr("id") or element.attr("original") or str(index)
        display = f"{path}#{name}" if len(files) > 1 else path
        language = (root.attr("srcLang") if two else element.attr("source-language")) or options.get("source-language")
        doc = builder.document(display, text, {"display": display, "source_language": language})
        doc.warnings.extend(warnings)
        warnings = []
        yield doc


def _add(builder: BilingualBuilder, holder: Element, unit: Element, seg_id: str | None, warnings: list[str]) -> None:
    source, target = holder.find("source"), holder.find("target")
    if source is None:
        warnings.append(f"line {holder.line}: <{holder.tag} id={seg_id!r}> has no <source>; its target is linted "
                        "but not compared")
    builder.add(plain(source), pieces(target) if target is not None else None, anchor(source, target, holder),
                seg_id=seg_id, line=holder.line)
