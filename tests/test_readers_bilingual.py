"""Bilingual readers (XLIFF 1.2/2.x, PO, TMX, TSV): target documents, aligned pairs, clear errors."""
from __future__ import annotations

import pytest

from linter.api import lint_text
from linter.errors import ReadError
from linter.readers import read_documents


def _docs(text: str, filename: str):
    return list(read_documents(filename, text.encode("utf-8")))


def _pairs(doc):
    return [(p.source, p.target, p.block, p.missing) for p in doc.meta["pairs"]]


XLIFF12 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file source-language="uk" target-language="en" datatype="plaintext" original="article.txt">
    <body>
      <trans-unit id="1"><source>КНДР і Росія підписали пакт</source><target>The DPRK and Russia sign pact</target></trans-unit>
      <group id="g">
        <trans-unit id="2">
          <source>Україна отримає <g id="b">60 млн</g> доларів &amp; більше.</source>
          <target>Ukraine will receive <g id="b">$60 billion</g> &amp; more<x id="x1"/>.</target>
        </trans-unit>
        <trans-unit id="3" translate="no"><source>Skip me</source><target>Skip me</target></trans-unit>
        <trans-unit id="4"><source>Одеса</source></trans-unit>
        <trans-unit id="5"><source>Харків</source><target/></trans-unit>
      </group>
    </body>
  </file>
</xliff>
"""

XLIFF20 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="2.0" srcLang="ru" trgLang="en" xmlns="urn:oasis:names:tc:xliff:document:2.0">
  <file id="doc-a">
    <unit id="1"><segment><source>Заголовок статьи</source><target>Article headline</target></segment></unit>
    <unit id="2">
      <segment id="s1"><source>Первое предложение.</source><target>First <pc id="p">sentence</pc>.<ph id="ph1"/></target></segment>
      <segment id="s2"><source>Второе, 6,4%.</source><target><![CDATA[Second & 6.4%.]]></target></segment>
    </unit>
  </file>
  <file id="doc-b">
    <unit id="1"><segment><source>Один</source><target>One</target></segment></unit>
  </file>
</xliff>
"""


def test_xliff_1_2_segments_and_inline_markup():
    [doc] = _docs(XLIFF12, "a.xlf")
    assert _pairs(doc) == [
        ("КНДР і Росія підписали пакт", "The DPRK and Russia sign pact", 0, False),
        ("Україна отримає 60 млн доларів & більше.", "Ukraine will receive $60 billion & more.", 1, False),
        ("Одеса", "", None, True),
        ("Харків", "", None, False),
    ]
    assert [b.kind for b in doc.blocks] == ["headline", "paragraph"]
    start = doc.text.index("&")
    assert XLIFF12[slice(*doc.to_source(start, start + 1))] == "&amp;"


def test_xliff_findings_point_into_the_file():
    findings = lint_text(XLIFF12, "a.xlf", select=["CD901", "CD902"])
    lines = XLIFF12.splitlines()
    assert [(f.code, f.line, f.text) for f in findings] == [
        ("CD901", 9, "60 billion"), ("CD902", 12, "Одеса"), ("CD902", 13, "Харків")]
    for f in findings:
        assert lines[f.line - 1][f.column - 1:].startswith(f.text)
    assert findings[1].message == "No translation (missing target) for “Одеса”; translate the segment."
    assert findings[2].message == "No translation (empty target) for “Харків”; translate the segment."


def test_xliff_2_each_file_is_a_document():
    docs = _docs(XLIFF20, "b.xliff")
    assert [d.meta["display"] for d in docs] == ["b.xliff#doc-a", "b.xliff#doc-b"]
    assert _pairs(docs[0]) == [("Заголовок статьи", "Article headline", 0, False),
                               ("Первое предложение.", "First sentence.", 1, False),
                               ("Второе, 6,4%.", "Second & 6.4%.", 2, False)]
    assert docs[0].meta["source_language"] == "ru"
    assert not lint_text(XLIFF20, "b.xliff", select=["CD901"])


def test_xliff_target_text_is_linted_by_monolingual_rules():
    text = XLIFF20.replace("Article headline", "Article headline").replace("First <pc", "First first <pc")
    [finding] = lint_text(text, "b.xliff", select=["CD501"])
    assert (finding.line, finding.text) == (6, "First first")


@pytest.mark.parametrize(("broken", "message"), [
    (XLIFF12.replace("</trans-unit>\n      <group", "\n      <group", 1),
     "line 15, column 7: malformed XML: mismatched tag; <trans-unit> opened on line 5 is not closed"),
    (XLIFF12.replace('version="1.2"', 'version="3.0"'),
     "line 2: unsupported XLIFF version '3.0' on <xliff>; copydesk reads 1.2 and 2.x"),
    (XLIFF12.replace(' version="1.2"', ""), "line 2: <xliff> has no version attribute; copydesk reads 1.2 and 2.x"),
    ("<?xml version='1.0'?>\n<tmx version='1.4'/>", "line 2: not an XLIFF file: the root element is <tmx>, not <xliff>"),
    (XLIFF20.replace("</xliff>\n", ""),
     "line 13, column 1: malformed XML: no element found; <xliff> opened on line 2 is not closed"),
])
def test_broken_xliff_is_an_error_with_its_line(broken, message):
    with pytest.raises(ReadError) as error:
        _docs(broken, "a.xlf")
    assert error.value.located() == message


def test_broken_xliff_does_not_stop_the_run(tmp_path):
    from linter.runner import Overrides, Runner

    (tmp_path / "bad.xlf").write_text(XLIFF12.replace('version="1.2"', 'version="3.0"'), encoding="utf-8")
    (tmp_path / "good.xlf").write_text(XLIFF12, encoding="utf-8")
    results = list(Runner(overrides=Overrides(select=("CD902",))).run([str(tmp_path / "bad.xlf"),
                                                                        str(tmp_path / "good.xlf")]))
    assert results[0].error.startswith("line 2: unsupported XLIFF version")
    assert [f.text for f in results[1].findings] == ["Одеса", "Харків"]


def test_xml_declared_legacy_encoding_is_honoured():
    text = XLIFF20.replace('encoding="UTF-8"', 'encoding="windows-1251"')
    [doc, _] = list(read_documents("c.xlf", text.encode("cp1251")))
    assert doc.meta["pairs"][0].source == "Заголовок статьи"
    assert doc.warnings == []


PO = r'''# Ukrainian to English
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\n"
"Language: en\n"

#: article.txt:1
msgid "Україна отримає 60 млн доларів"
msgstr "Ukraine will receive $60 billion"

msgid "Понад 10 000 людей"
msgstr ""
"More than 10,000 "
"people \"were\" evacuated"

msgid "Порожній рядок"
msgstr ""

msgctxt "files"
msgid "%d файл"
msgid_plural "%d файли"
msgstr[0] "%d file"
msgstr[1] "%d files"

#~ msgid "Старе"
#~ msgstr "Old"
'''


def test_po_entries_plurals_and_escapes():
    [doc] = _docs(PO, "t.po")
    assert _pairs(doc) == [
        ("Україна отримає 60 млн доларів", "Ukraine will receive $60 billion", 0, False),
        ("Понад 10 000 людей", 'More than 10,000 people "were" evacuated', 1, False),
        ("Порожній рядок", "", None, False),
        ("%d файл", "%d file", 2, False),
        ("%d файли", "%d files", 3, False),
    ]
    findings = lint_text(PO, "t.po", select=["CD901", "CD902"])
    assert [(f.code, f.line, f.column, f.text) for f in findings] == [
        ("CD901", 9, 31, "60 billion"), ("CD902", 16, 8, "Порожній рядок")]
    start = doc.text.index('"were"')
    assert PO[slice(*doc.to_source(start, start + 6))] == '\\"were\\"'


@pytest.mark.parametrize(("broken", "message"), [
    (PO.replace('"Language: en\\n"', '"Language en\\n"'),
     "line 5: broken PO header: field 'Language en' has no ':' (expected 'Name: value')"),
    (PO.replace('"Language: en\\n"', '"Language: en\\n'),
     "line 5: unterminated string (a \" is missing at the end of the line)"),
    (PO.replace("charset=UTF-8", "charset=NOPE-8"), "line 4: broken PO header: unknown charset 'NOPE-8'"),
    (PO.replace('msgstr "Ukraine', 'msgstrr "Ukraine'), "line 9: unexpected text 'msgstrr \"Ukraine will receive $60 billio'; "
                                                        "expected a keyword or a string"),
])
def test_broken_po_is_an_error_with_its_line(broken, message):
    with pytest.raises(ReadError) as error:
        _docs(broken, "t.po")
    assert error.value.located() == message


TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4">
  <header srclang="uk" datatype="plaintext" segtype="sentence" adminlang="en" o-tmf="x" creationtool="t" creationtoolversion="1"/>
  <body>
    <tu tuid="1"><tuv xml:lang="en"><seg>Kyiv is the capital</seg></tuv><tuv xml:lang="uk"><seg>Київ — столиця</seg></tuv></tu>
    <tu tuid="2"><tuv xml:lang="uk-UA"><seg>Понад <hi>5 млн</hi> снарядів<ph>&lt;br/&gt;</ph></seg></tuv><tuv xml:lang="en-GB"><seg>Over 5 billion shells</seg></tuv></tu>
    <tu tuid="3"><tuv xml:lang="uk"><seg>Без перекладу</seg></tuv></tu>
  </body>
</tmx>
"""


def test_tmx_source_language_from_the_header():
    [doc] = _docs(TMX, "m.tmx")
    assert _pairs(doc) == [("Київ — столиця", "Kyiv is the capital", 0, False),
                           ("Понад 5 млн снарядів", "Over 5 billion shells", 1, False),
                           ("Без перекладу", "", None, True)]
    assert [(f.code, f.line, f.text) for f in lint_text(TMX, "m.tmx", select=["CD901", "CD902"])] == [
        ("CD901", 6, "5 billion"), ("CD902", 7, "Без перекладу")]


def test_tsv_pairs_header_and_errors():
    text = "uk\ten\nКиїв\tKyiv\n\nСім днів\t8 days\nХарків\n"
    [doc] = _docs(text, "p.tsv")
    assert _pairs(doc) == [("Київ", "Kyiv", 0, False), ("Сім днів", "8 days", 1, False), ("Харків", "", None, True)]
    assert doc.meta["source_language"] == "uk"
    assert [(f.code, f.line, f.column, f.text) for f in lint_text(text, "p.tsv", select=["CD901", "CD902"])] == [
        ("CD901", 4, 10, "8"), ("CD902", 5, 1, "Харків")]
    with pytest.raises(ReadError) as error:
        _docs("Київ\tKyiv\textra\n", "p.tsv")
    assert error.value.located().startswith("line 1: 3 tab-separated fields; a bilingual TSV line has two")


def test_source_option_pairs_paragraphs(tmp_path):
    from linter.runner import Overrides, Runner

    (tmp_path / "uk.txt").write_text("Україна отримає 60 млн доларів\n\nЗустріч пройшла 13 лютого.\n", encoding="utf-8")
    (tmp_path / "en.txt").write_text("Ukraine will receive $60 billion\n\nThe meeting was held.\n", encoding="utf-8")
    (tmp_path / "short.txt").write_text("Ukraine will receive $60 million\n", encoding="utf-8")
    runner = Runner(overrides=Overrides(select=("CD901",)), pair_source=tmp_path / "uk.txt")
    [result] = runner.run([str(tmp_path / "en.txt")])
    assert [(f.line, f.text) for f in result.findings] == [(1, "60 billion"), (3, "The meeting was held.")]
    [result] = runner.run([str(tmp_path / "short.txt")])
    assert result.findings == []
    assert result.warnings == ["--source has 2 paragraphs and the translation 1; pair checks need one source "
                               "paragraph per translated paragraph, so they did not run"]


def test_source_option_on_the_command_line(tmp_path):
    from typer.testing import CliRunner

    from linter.cli import app

    (tmp_path / "uk.txt").write_text("Україна отримає 60 млн доларів\n", encoding="utf-8")
    (tmp_path / "en.txt").write_text("Ukraine will receive $60 billion\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["lint", str(tmp_path / "en.txt"), "--source", str(tmp_path / "uk.txt"),
                                      "--select", "CD901", "--format", "json"])
    assert result.exit_code == 0, result.output
    import json

    [finding] = json.loads(result.stdout)["files"][0]["findings"]
    assert (finding["code"], finding["line"], finding["column"], finding["text"]) == ("CD901", 1, 23, "60 billion")
    result = CliRunner().invoke(app, ["lint", str(tmp_path), "--source", str(tmp_path / "uk.txt")])
    assert result.exit_code == 2
    assert "name exactly one file" in result.output


def test_bilingual_files_are_not_walked(tmp_path):
    from linter.runner import Runner

    (tmp_path / "a.xlf").write_text(XLIFF12, encoding="utf-8")
    (tmp_path / "b.po").write_text(PO, encoding="utf-8")
    (tmp_path / "c.txt").write_text("Fine text.\n", encoding="utf-8")
    assert [r.path for r in Runner().run([str(tmp_path)])] == [str(tmp_path / "c.txt")]
