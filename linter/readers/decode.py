"""Bytes -> text, never guessing silently.

UTF-8 (with or without BOM) and UTF-16/32 with a BOM decode silently, and so does an encoding the
file declares itself (an XML declaration, an HTML ``<meta charset>``, a PO header), when the bytes
fit it. Anything else is handed to charset-normalizer, restricted to the legacy encodings this trade
meets (Cyrillic code pages and Western Latin); a detected encoding is used with a warning that names
it. UTF-16 without a BOM is recognised by its zero bytes, also with a warning. A UTF-8 file with a
few broken bytes is an error (a code page would turn its other non-ASCII text into mojibake), and
binary or undecodable input raises :class:`ReadError` naming the place.
"""
from __future__ import annotations

import codecs
import re

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
_SNIFF = 2048
# Where a format declares its encoding in its first bytes (ASCII-compatible encodings only).
_DECLARATIONS = {
    "xliff": re.compile(rb"\A\s*<\?xml[^>]*?\bencoding\s*=\s*[\"']([A-Za-z0-9._-]+)"),
    "tmx": re.compile(rb"\A\s*<\?xml[^>]*?\bencoding\s*=\s*[\"']([A-Za-z0-9._-]+)"),
    "html": re.compile(rb"<meta[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9._-]+)", re.I),
    "po": re.compile(rb"Content-Type:[^\"\n]*?charset\s*=\s*([A-Za-z0-9._-]+)", re.I),
}
_MIXED_WORD = re.compile(r"\b(?=\w*[A-Za-z])(?=\w*[\u0400-\u04FF])\w+\b")
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def decode(data: bytes, *, encoding: str | None = None, kind: str | None = None) -> tuple[str, list[str]]:
    """Return (text, warnings). ``encoding`` forces a codec (configuration or CLI); ``kind`` is the
    reader's format name, whose own encoding declaration is honoured."""
    if encoding:
        return _forced(data, encoding), []
    for bom, codec in BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(codec), []
            except UnicodeDecodeError as exc:
                raise ReadError(f"invalid {codec} after its byte-order mark at byte {exc.start + len(bom)}") from None
    if NUL in data:
        return _nul_bytes(data)
    declared = _declared(data, kind)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if declared:
            return _forced(data, declared), []
        return _legacy(data, exc)
    _reject_control(text)
    return text, []


def _forced(data: bytes, encoding: str) -> str:
    try:
        codec = codecs.lookup(encoding).name
    except LookupError:
        raise ReadError(f"unknown encoding {encoding!r}") from None
    codec = {"utf-8": "utf-8-sig", "utf-16": "utf-16", "utf-32": "utf-32"}.get(codec, codec)
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ReadError(f"cannot decode as {encoding}: invalid byte {data[exc.start]:#04x} at byte {exc.start}",
                        line=line) from None


def _declared(data: bytes, kind: str | None) -> str | None:
    """The encoding the file names in its header, when it is a real, non-UTF-8 codec."""
    pattern = _DECLARATIONS.get(kind or "")
    match = pattern.search(data[:_SNIFF]) if pattern else None
    if not match:
        return None
    try:
        codec = codecs.lookup(match.group(1).decode("ascii")).name
    except LookupError:
        return None
    return None if codec.startswith("utf") else codec


def _nul_bytes(data: bytes) -> tuple[str, list[str]]:
    """Zero bytes: UTF-16 without a byte-order mark (zeros in the high bytes only), else binary."""
    sample = data[:4096]
    for codec, high, low in (("utf-16-le", sample[1::2], sample[0::2]), ("utf-16-be", sample[0::2], sample[1::2])):
        if len(data) % 2 == 0 and low.count(0) == 0 and high.count(0) >= 0.1 * len(high):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                break
            _reject_control(text)
            return text, [f"no byte-order mark; decoded as {codec} from its zero bytes. "
                          "Convert the file to UTF-8 to silence this"]
    raise ReadError(f"binary file (NUL byte at byte {data.index(NUL)}); not a text article")


def _legacy(data: bytes, exc: UnicodeDecodeError) -> tuple[str, list[str]]:
    from charset_normalizer import from_bytes

    line = data.count(b"\n", 0, exc.start) + 1
    column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
    invalid = _invalid_utf8_count(data)
    if len(_UTF8_MULTIBYTE.findall(data)) >= 4 * invalid:
        raise ReadError(f"broken UTF-8: invalid byte {data[exc.start]:#04x} at line {line}, byte column {column} "
                        f"({invalid} invalid byte{'s' if invalid > 1 else ''} in a file that is otherwise UTF-8); "
                        "repair the file or set `encoding` in the configuration", line=line)
    matches = [m for m in from_bytes(data, cp_isolation=LEGACY_ENCODINGS) if m.chaos <= 0.2]
    if not matches:
        raise ReadError(f"not UTF-8 (invalid byte at line {line}) and no known encoding fits; "
                        "convert it to UTF-8 or set `encoding` in the configuration", line=line)
    # A code page that turns Latin words into Latin-Cyrillic hybrids ("cafй") is the wrong one.
    best = next((m for m in matches if not _MIXED_WORD.search(str(m))), matches[0])
    text = str(best)
    _reject_control(text)
    name = best.encoding.replace("_", "-")
    return text, [f"not UTF-8 (invalid byte at line {line}); decoded as {name}. "
                  f"Convert the file to UTF-8 to silence this"]


def _count_invalid(err: UnicodeDecodeError) -> tuple[str, int]:
    _count_invalid.total += err.end - err.start
    return "", err.end


codecs.register_error("copydesk-count-invalid", _count_invalid)


def _invalid_utf8_count(data: bytes) -> int:
    _count_invalid.total = 0
    data.decode("utf-8", errors="copydesk-count-invalid")
    return _count_invalid.total


def _reject_control(text: str) -> None:
    """Text full of C0 control characters is a binary file that happens to decode."""
    sample = text[:65536]
    bad = sum(1 for ch in sample if ch < " " and ch not in _CONTROL_OK)
    if sample and bad > max(8, len(sample) // 100):
        raise ReadError(f"binary file ({bad} control characters in the first {len(sample)}); not a text article")
