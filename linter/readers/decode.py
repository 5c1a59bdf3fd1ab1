"""Bytes -> text, never guessing silently.

UTF-8 (with or without BOM) and UTF-16/32 with a BOM decode silently. Anything else is handed to
charset-normalizer, restricted to the legacy encodings this trade meets (Cyrillic code pages and
Western Latin); a detected encoding is used with a warning that names it. Binary or undecodable
input raises :class:`ReadError` naming the place.
"""
from __future__ import annotations

import codecs

from linter.errors import ReadError

BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
LEGACY_ENCODINGS = ["cp1251", "koi8_r", "koi8_u", "cp866", "mac_cyrillic", "iso8859_5", "cp1252", "latin_1"]
NUL = b"\x00"
_CONTROL_OK = {"\t", "\n", "\r", "\f", "\v"}


def decode(data: bytes, *, encoding: str | None = None) -> tuple[str, list[str]]:
    """Return (text, warnings). ``encoding`` forces a codec (from configuration or the CLI)."""
    if encoding:
        try:
            return data.decode(encoding), []
        except (UnicodeDecodeError, LookupError) as exc:
            raise ReadError(f"cannot decode as {encoding}: {exc}") from None
    for bom, codec in BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(codec), []
            except UnicodeDecodeError as exc:
                raise ReadError(f"invalid {codec} after its byte-order mark at byte {exc.start + len(bom)}") from None
    if NUL in data:
        raise ReadError(f"binary file (NUL byte at byte {data.index(NUL)}); not a text article")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return _legacy(data, exc)
    _reject_control(text)
    return text, []


def _legacy(data: bytes, exc: UnicodeDecodeError) -> tuple[str, list[str]]:
    from charset_normalizer import from_bytes

    line = data.count(b"\n", 0, exc.start) + 1
    best = from_bytes(data, cp_isolation=LEGACY_ENCODINGS).best()
    if best is None or best.chaos > 0.2:
        raise ReadError(f"not UTF-8 (invalid byte at line {line}) and no known encoding fits; "
                        "convert it to UTF-8 or set `encoding` in the configuration", line=line)
    text = str(best)
    _reject_control(text)
    name = best.encoding.replace("_", "-")
    return text, [f"not UTF-8 (invalid byte at line {line}); decoded as {name}. "
                  f"Convert the file to UTF-8 to silence this"]


def _reject_control(text: str) -> None:
    """Text full of C0 control characters is a binary file that happens to decode."""
    sample = text[:65536]
    bad = sum(1 for ch in sample if ch < " " and ch not in _CONTROL_OK)
    if sample and bad > max(8, len(sample) // 100):
        raise ReadError(f"binary file ({bad} control characters in the first {len(sample)}); not a text article")
