"""Encodings: silent for UTF-8/UTF-16 with BOM and declared encodings, a named warning for a detected
legacy code page, an error naming the file for binary or undecodable input. Never a silent guess."""
from __future__ import annotations

import codecs

import pytest

from linter.errors import ReadError
from linter.readers.decode import decode

UK = "Сторони підтвердили, що йшлося про бійку на території місцевого готелю, де поселилися обидві команди.\n"
RU = "Президент России заявил, что переговоры продолжатся на следующей неделе в Москве.\n"
FR = "Le président a déclaré que les négociations reprendraient à Genève la semaine prochaine.\n"
EN = "The “deal” — as the minister called it — was signed on Monday.\n"


@pytest.mark.parametrize(("data", "text"), [
    (UK.encode("utf-8"), UK), (codecs.BOM_UTF8 + UK.encode("utf-8"), UK), (UK.encode("utf-16"), UK),
    (UK.encode("utf-32"), UK), (codecs.BOM_UTF16_BE + UK.encode("utf-16-be"), UK), (EN.encode("utf-8"), EN),
    (b"plain ascii\n", "plain ascii\n"),
])
def test_unicode_reads_silently(data, text):
    assert decode(data) == (text, [])


@pytest.mark.parametrize(("text", "codec", "named"), [
    (UK, "cp1251", "cp1251"), (RU, "cp1251", "cp1251"), (RU, "koi8_r", "koi8-r"), (UK, "koi8_u", "koi8-u"),
    (FR, "latin_1", "cp1252"), (FR, "cp1252", "cp1252"), ("Café owners met.\n", "latin_1", "cp1252"),
])
def test_legacy_code_pages_are_detected_and_named(text, codec, named):
    decoded, warnings = decode(text.encode(codec))
    assert decoded == text
    assert warnings == [f"not UTF-8 (invalid byte at line 1); decoded as {named}. "
                        "Convert the file to UTF-8 to silence this"]


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_recognised_with_a_warning(codec):
    decoded, warnings = decode(UK.encode(codec))
    assert decoded == UK
    assert warnings == [f"no byte-order mark; decoded as {codec} from its zero bytes. "
                        "Convert the file to UTF-8 to silence this"]


def test_declared_encoding_is_used_silently_and_only_when_it_fits():
    xml = '<?xml version="1.0" encoding="windows-1251"?><a>Київ</a>'
    assert decode(xml.encode("cp1251"), kind="xliff") == (xml, [])
    page = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=koi8-r"></head><p>Да</p>'
    assert decode(page.encode("koi8_r"), kind="html") == (page, [])
    po = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=CP1251\\n"\n\nmsgid "Київ"\nmsgstr "Kyiv"\n'
    assert decode(po.encode("cp1251"), kind="po") == (po, [])
    # a UTF-8 file whose declaration is wrong is read as what it is
    assert decode(xml.encode("utf-8"), kind="xliff") == (xml, [])


def test_forced_encoding():
    assert decode(codecs.BOM_UTF8 + b"abc", encoding="utf8") == ("abc", [])
    assert decode(RU.encode("koi8_r"), encoding="koi8-r") == (RU, [])
    with pytest.raises(ReadError) as error:
        decode(b"abc\n\xff", encoding="utf-8")
    assert error.value.located() == "line 2: cannot decode as utf-8: invalid byte 0xff at byte 4"
    with pytest.raises(ReadError, match="unknown encoding 'nope'"):
        decode(b"abc", encoding="nope")


def test_utf8_with_a_stray_byte_is_an_error_not_mojibake():
    data = ("Київ і Харків. " * 20).encode("utf-8") + b"\n\xe9 here\n"
    with pytest.raises(ReadError) as error:
        decode(data)
    assert error.value.located() == ("line 2: broken UTF-8: invalid byte 0xe9 at line 2, byte column 1 (1 invalid "
                                     "byte in a file that is otherwise UTF-8); repair the file or set `encoding` "
                                     "in the configuration")


@pytest.mark.parametrize(("data", "message"), [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary file (NUL byte at byte 8); not a text article"),
    (b"\x1f\x8b\x08\x00" + bytes(range(1, 256)) * 4, "binary file (NUL byte at byte 3); not a text article"),
    (codecs.BOM_UTF8 + b"abc\xff", "invalid utf-8 after its byte-order mark at byte 6"),
    (bytes(range(1, 9)) * 200, "binary file (1600 control characters in the first 1600); not a text article"),
])
def test_binary_and_undecodable_input_is_an_error(data, message):
    with pytest.raises(ReadError) as error:
        decode(data)
    assert error.value.located() == message


def test_random_bytes_are_never_silently_decoded():
    import random

    rng = random.Random(8)
    for _ in range(20):
        data = bytes(rng.randrange(1, 256) for _ in range(2000))
        try:
            _, warnings = decode(data)
        except ReadError:
            continue
        assert warnings, "a legacy decoding must always say which encoding it chose"


def test_error_names_the_file_through_the_runner(tmp_path):
    from linter.runner import Runner

    (tmp_path / "img.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (tmp_path / "ok.txt").write_text("Fine.\n", encoding="utf-8")
    (tmp_path / "cp.txt").write_bytes(UK.encode("cp1251"))
    results = {r.path.rsplit("/", 1)[-1]: r for r in Runner().run([str(tmp_path)])}
    assert results["img.txt"].error == "binary file (NUL byte at byte 8); not a text article"
    assert results["ok.txt"].error is None
    assert results["cp.txt"].warnings == ["not UTF-8 (invalid byte at line 1); decoded as cp1251. "
                                          "Convert the file to UTF-8 to silence this"]
