"""LanguageTool (CD801–CD807, CD899): the map, the request batches and their offsets, selection, the one
warning when the server is missing, and exact findings from the real server (started once)."""
from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest
from typer.testing import CliRunner

from languagetool_fixture import languagetool_url, require_java  # noqa: F401 - the fixture
from linter.api import lint_text, make_linter
from linter.checks.languagetool import Batch, Check, Piece, RuleMap, batches, code_point_span
from linter.cli import app
from linter.config import Settings, select_rules
from linter.errors import RulePackError
from linter.languagetool_server import LocalServer, ServerError, main as server_main
from linter.readers import read_documents
from linter.rulepack import load_rule, load_rules

RULES = load_rules().rules
LT_RULES = [r for r in RULES if r.kind == "languagetool"]
SHIPPED_MAP = RuleMap(LT_RULES[0].params["map"])


def _doc(text: str, name: str = "a.txt"):
    return next(iter(read_documents(name, text.encode("utf-8"), suffix=Path(name).suffix)))


def _settings(**languagetool) -> Settings:
    return Settings(options=(("languagetool", languagetool),))


def _closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


# ---- the map ---------------------------------------------------------------------------------

def test_map_lookup_order_exact_then_longest_glob_then_category_then_other():
    rule_map = RuleMap({"rules": {"A_B": "CD801", "A_*": "CD802", "A_B_*": "off", "X": "off"},
                        "categories": {"GRAMMAR": "CD803", "NOISE": "off"}, "other": "CD899"})
    assert rule_map.code_for("A_B", "TYPOS") == "CD801"
    assert rule_map.code_for("A_C", "GRAMMAR") == "CD802"
    assert rule_map.code_for("A_B_C", "GRAMMAR") is None
    assert rule_map.code_for("X", "GRAMMAR") is None
    assert rule_map.code_for("Y", "GRAMMAR") == "CD803"
    assert rule_map.code_for("Y", "NOISE") is None
    assert rule_map.code_for("Y", "UNKNOWN") == "CD899"
    assert rule_map.off_ids() == {"X"}


def test_shipped_map_and_rules_agree():
    assert {r.code for r in LT_RULES} == SHIPPED_MAP.codes()
    assert all(not r.default for r in LT_RULES)
    assert all(r.params["map"] == LT_RULES[0].params["map"] for r in LT_RULES)


@pytest.mark.parametrize(("rule_id", "category", "code"), [
    ("MORFOLOGIK_RULE_EN_US", "TYPOS", None),  # transliterated names
    ("EN_DIACRITICS_REPLACE_ORTHOGRAPHY_CHISINAU", "TYPOS", None),
    ("EN_DATE_WEEKDAY_CURRENTYEAR", "SEMANTICS", None),  # depends on the day the linter runs
    ("SHIP_COMPOUNDS", "GRAMMAR", None),
    ("EN_COMPOUNDS_YEAR_ON_YEAR", "MISC", None),
    ("EN_UNPAIRED_QUOTES", "PUNCTUATION", None),  # CD505 does it
    ("AGREEMENT_SENT_START", "GRAMMAR", "CD801"),
    ("EN_A_VS_AN", "MISC", "CD801"),
    ("AFFECT_EFFECT", "CONFUSED_WORDS", "CD802"),
    ("EN_DATE_WEEKDAY", "SEMANTICS", "CD807"),
    ("EN_WORD_COHERENCY", "MISC", "CD899"),
])
def test_shipped_map_decisions(rule_id, category, code):
    assert SHIPPED_MAP.code_for(rule_id, category) == code


def test_a_rule_its_map_never_names_is_refused(tmp_path):
    source = Path(LT_RULES[0].path).read_text(encoding="utf-8").replace("code: CD801", "code: CD898")
    path = tmp_path / "CD898.yml"
    path.write_text(source.replace("name: languagetool-grammar", "name: orphan"), encoding="utf-8")
    rules_dir = Path(LT_RULES[0].path).parent.parent
    with pytest.raises(RulePackError, match="never names this rule's code CD898"):
        load_rule(path, [rules_dir])


# ---- requests and offsets --------------------------------------------------------------------

def test_paragraphs_are_sent_as_paragraphs_and_offsets_map_back():
    doc = _doc("Headline here\n\nFirst paragraph.\nSecond paragraph.\n\nAsia Russia World\n")
    assert [b.kind for b in doc.blocks] == ["headline", "paragraph", "paragraph", "line"]
    (batch,) = batches(doc)
    assert batch.text == "First paragraph.\n\nSecond paragraph."
    assert batch.pieces == [Piece(0, 15, 16), Piece(18, 32, 17)]
    assert doc.text[batch.to_doc(18):batch.to_doc(24, is_end=True)] == "Second"
    assert batch.to_doc(16, is_end=True) == 31  # the end of "First paragraph."
    assert batch.to_doc(17) is None  # inside the separator


def test_long_documents_go_in_batches_of_whole_paragraphs():
    doc = _doc("Headline\n\nAaaa.\n\nBbbb bbbb.\n\nCccc.\n")
    assert [(b.text, [p.start for p in b.pieces]) for b in batches(doc, limit=12)] == [
        ("Aaaa.", [10]), ("Bbbb bbbb.", [17]), ("Cccc.", [29])]
    assert [b.text for b in batches(doc, limit=20)] == ["Aaaa.\n\nBbbb bbbb.", "Cccc."]


def test_a_match_spanning_a_separator_ends_at_its_block():
    batch = Batch("ab\n\ncd", [Piece(0, 10, 2), Piece(4, 20, 2)])
    assert batch.to_doc(3, is_end=True) == 12
    assert batch.to_doc(4, is_end=True) == 12
    assert batch.to_doc(4) == 20


def test_utf16_lengths_become_code_points():
    text = "a 🔥🔥 b"
    assert code_point_span(text, 2, 4) == (2, 4)  # two emoji, two UTF-16 units each
    assert code_point_span(text, 0, 1) == (0, 1)
    assert code_point_span(text, 5, 9) == (5, 6)  # clamped at the end


# ---- selection -------------------------------------------------------------------------------

def _selected(settings: Settings) -> set[str]:
    return {r.code for r in select_rules(RULES, settings) if r.kind == "languagetool"}


def test_languagetool_rules_are_off_by_default_and_switched_on_by_enabled_or_cd8():
    every = {r.code for r in LT_RULES}
    assert _selected(Settings()) == set()
    assert _selected(Settings(select=("ALL",))) == set()
    assert _selected(Settings(extend_select=("CD8",))) == every
    assert _selected(_settings(enabled=True)) == every
    assert _selected(Settings(ignore=("CD806",), options=(("languagetool", {"enabled": True}),))) == every - {"CD806"}
    assert _selected(Settings(extend_select=("CD8",), options=(("languagetool", {"enabled": False}),))) == set()


# ---- one warning when LanguageTool is missing, and the other rules still run -----------------

def _files(tmp_path: Path, config: str, count: int) -> list[str]:
    (tmp_path / "copydesk.toml").write_text(config, encoding="utf-8")
    for i in range(count):
        (tmp_path / f"{i:02}.txt").write_text("Fierce battles is ongoing.\n\nThe the war goes on.\n", encoding="utf-8")
    return [str(tmp_path / f"{i:02}.txt") for i in range(count)]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_unreachable_server_gives_one_warning_for_the_run_in_text_and_json(tmp_path, jobs):
    """Twenty files: with --jobs 2 they are linted by two worker processes, still one warning."""
    url = _closed_port_url()
    files = _files(tmp_path, f'[languagetool]\nenabled = true\nurl = "{url}"\n', 20)
    text = CliRunner().invoke(app, ["lint", *files, "--no-color", "--no-cache", "--jobs", jobs])
    assert text.exit_code == 0
    warnings = [line for line in text.stdout.splitlines() if ": warning: " in line]
    assert len(warnings) == 1
    assert warnings[0].endswith(f": warning: LanguageTool is not reachable at {url} ([Errno 111] Connection "
                                "refused); LanguageTool rules (CD801–CD807, CD899) were skipped; the other rules ran. Start the "
                                "server or correct [tool.copydesk.languagetool] url.")
    assert text.stdout.count("CD501") == 20
    report = json.loads(CliRunner().invoke(app, ["lint", *files, "--format", "json", "--no-cache",
                                                 "--jobs", jobs]).stdout)
    assert sum(len(f.get("warnings", [])) for f in report["files"]) == 1
    assert all([x["code"] for x in f["findings"]] == ["CD501"] for f in report["files"])


def test_no_server_and_no_jars_gives_one_warning(tmp_path, monkeypatch):
    monkeypatch.setenv("COPYDESK_LANGUAGETOOL_JARS", str(tmp_path / "no-jars"))
    linter = make_linter(("CD80", "CD899", "CD501"), settings=_settings(enabled=True))
    docs = [_doc("Fierce battles is ongoing.\n\nThe the war goes on.\n") for _ in range(2)]
    findings = [linter.lint(doc) for doc in docs]
    assert [[f.code for f in fs] for fs in findings] == [["CD501"], ["CD501"]]
    assert len(docs[0].warnings) == 1 and docs[1].warnings == []
    assert docs[0].warnings[0].startswith("LanguageTool rules are on but no LanguageTool server is configured: "
                                          "set [tool.copydesk.languagetool] url, or fetch the jars with "
                                          "`make languagetool`")


def test_server_refuses_to_start_without_jars_or_java(tmp_path, monkeypatch):
    with pytest.raises(ServerError, match="no LanguageTool jars in"):
        LocalServer(tmp_path, java="java").start()
    monkeypatch.setattr("linter.languagetool_server.find_java", lambda: None)
    with pytest.raises(ServerError, match="Java is not installed"):
        LocalServer(tmp_path).start()


def test_a_server_that_exits_at_once_is_reported_with_its_output(tmp_path):
    require_java()
    (tmp_path / "languagetool-server-0.jar").write_bytes(b"not a jar")
    with pytest.raises(ServerError, match=r"did not start \(it exited; .*(ClassNotFoundException|Could not find "
                                          r"or load main)"):
        LocalServer(tmp_path).start(timeout=60)


def test_server_command_line_says_what_is_missing(tmp_path, capsys):
    assert server_main(["--jars", str(tmp_path)]) == 2
    assert capsys.readouterr().err == (f"error: no LanguageTool jars in {tmp_path}; fetch them with "
                                       "`make languagetool`\n")


# ---- the real server -------------------------------------------------------------------------

ARTICLE = ("Battles in Donbas 🔥 continue\n\n"
           "Shelling 🔥 went on overnight. Fierce battles is ongoing near Vuhledar.\r\n\r\n"
           "The ship sank 🚢 and it's crew survived. Recep Tayyip Erdogan said space ship travel is safe.\n")


def _lt(url: str, select=("CD80", "CD899"), **options):
    return make_linter(select, settings=_settings(url=url, **options))


def _rows(findings):
    return [(f.code, f.line, f.column, f.end_column, f.text, f.suggestion) for f in findings]


def test_exact_findings_across_emoji_and_crlf(languagetool_url):
    findings = lint_text(ARTICLE, linter=_lt(languagetool_url))
    assert _rows(findings) == [("CD801", 3, 46, 48, "is", "are"), ("CD803", 5, 21, 25, "it's", "its")]
    assert findings[0].message == ("It seems that the correct verb form here is “are”. "
                                   "(LanguageTool AGREEMENT_SENT_START_2)")
    assert findings[0].category == "grammar" and findings[0].severity == "warning"
    assert not findings[0].fix.safe and findings[0].fix.edits[0].replacement == "are"


def test_markdown_findings_point_into_the_source(languagetool_url):
    md = "# Battles go on\n\nFierce **battles** is ongoing near [Vuhledar](https://example.com).\n"
    assert _rows(lint_text(md, "a.md", linter=_lt(languagetool_url))) == [("CD801", 3, 20, 22, "is", "are")]


def test_batches_give_the_same_findings_as_one_request(languagetool_url):
    linter = _lt(languagetool_url)
    (check,) = [k for k in linter.kinds if isinstance(k, Check)]
    check.max_request_chars = 40
    assert len(list(batches(_doc(ARTICLE), 40))) == 2
    assert _rows(lint_text(ARTICLE, linter=linter)) == [("CD801", 3, 46, 48, "is", "are"),
                                                        ("CD803", 5, 21, 25, "it's", "its")]


def test_disabled_rules_and_ignored_codes_are_dropped(languagetool_url):
    disabled = _lt(languagetool_url, **{"disabled-rules": ["AGREEMENT_SENT_START_2"]})
    assert [f.code for f in lint_text(ARTICLE, linter=disabled)] == ["CD803"]
    ignored = make_linter(None, settings=Settings(extend_select=("CD80", "CD899"), ignore=("CD803",),
                                                  options=(("languagetool", {"url": languagetool_url}),)))
    assert [f.code for f in lint_text(ARTICLE, linter=ignored) if f.code.startswith("CD80")] == ["CD801"]


def test_headlines_are_not_checked(languagetool_url):
    headline = "Army likely to suffer biggest losses since war began"
    text = f"{headline}\n\nThe army is likely to suffer biggest losses since the war began.\n"
    assert _rows(lint_text(text, linter=_lt(languagetool_url))) == [("CD801", 3, 30, 37, "biggest", "the biggest")]


def test_date_and_style_rules(languagetool_url):
    text = ("Talks in Kyiv\n\nThe meeting took place on Friday, February 11, 2023 in Kyiv.\n\n"
            "A large number of people came.\n")
    assert [(f.code, f.category, f.text) for f in lint_text(text, linter=_lt(languagetool_url))] == [
        ("CD807", "temporal", "Friday, February 11"), ("CD806", "style", "A large number of")]


def test_mother_tongue_is_sent_from_the_source_language(languagetool_url, monkeypatch):
    linter = make_linter(("CD801",), settings=Settings(options=(
        ("languagetool", {"url": languagetool_url}), ("source-language", "uk-UA"))))
    (check,) = linter.kinds
    sent = []
    linter.lint(_doc("Fierce battles is ongoing.\n"))
    original = check._client._create_params
    monkeypatch.setattr(check._client, "_create_params", lambda text: sent.append(original(text)) or sent[-1])
    linter.lint(_doc("Fierce battles is ongoing.\n"))
    zh = _doc("Fierce battles is ongoing.\n")
    zh.meta["source_language"] = "zh-CN"
    linter.lint(zh)
    unknown = _doc("Fierce battles is ongoing.\n")
    unknown.meta["source_language"] = "xx"
    linter.lint(unknown)
    assert [p.get("motherTongue") for p in sent] == ["uk-UA", "zh-CN", None]
    assert {p["language"] for p in sent} == {"en"}


def test_language_tool_python_never_downloads(languagetool_url, monkeypatch):
    import language_tool_python.download_lt as download

    def refuse(*args, **kwargs):
        raise AssertionError("language-tool-python tried to download LanguageTool")

    monkeypatch.setattr(download.LocalLanguageTool, "from_version_name", classmethod(refuse))
    monkeypatch.setattr(download, "http_get", refuse)
    assert [f.code for f in lint_text(ARTICLE, linter=_lt(languagetool_url))] == ["CD801", "CD803"]


def test_a_server_that_stops_answering_warns_once_and_the_run_goes_on(languagetool_url, monkeypatch):
    from language_tool_python.exceptions import LanguageToolError

    linter = _lt(languagetool_url, select=("CD80", "CD899", "CD501"))
    (check,) = [k for k in linter.kinds if isinstance(k, Check)]
    assert [f.code for f in linter.lint(_doc("Fierce battles is ongoing.\n"))] == ["CD801"]

    def gone(text):
        raise LanguageToolError("connection reset") from ConnectionResetError(104, "Connection reset by peer")

    monkeypatch.setattr(check._client, "check", gone)
    docs = [_doc("Fierce battles is ongoing. The the end.\n") for _ in range(2)]
    assert [[f.code for f in linter.lint(doc)] for doc in docs] == [["CD501"], ["CD501"]]
    assert docs[0].warnings == [f"LanguageTool at {languagetool_url}/v2/ stopped answering ([Errno 104] Connection "
                                "reset by peer) while checking this file; LanguageTool rules (CD801–CD807, CD899) were skipped; "
                                "the other rules ran."]
    assert docs[1].warnings == []


def test_a_document_the_server_refuses_is_reported_on_that_file_only(languagetool_url, monkeypatch):
    from language_tool_python.exceptions import LanguageToolError

    linter = _lt(languagetool_url)
    (check,) = linter.kinds
    linter.lint(_doc("Fierce battles is ongoing.\n"))
    real_check = check._client.check

    def refuse_long(text):
        if len(text) > 30:
            raise LanguageToolError("Error: Your text exceeds the limit of 30 characters") from ValueError("not JSON")
        return real_check(text)

    monkeypatch.setattr(check._client, "check", refuse_long)
    long_doc = _doc("Fierce battles is ongoing near the town of Vuhledar.\n")
    short_doc = _doc("Fierce battles is ongoing.\n")
    assert [f.code for f in linter.lint(long_doc)] == []
    assert long_doc.warnings == ["LanguageTool could not check this file: "
                                 "Error: Your text exceeds the limit of 30 characters"]
    assert [f.code for f in linter.lint(short_doc)] == ["CD801"] and short_doc.warnings == []


def test_a_language_the_server_does_not_know_is_one_warning(languagetool_url):
    linter = _lt(languagetool_url, language="xx-YY")
    docs = [_doc("Fierce battles is ongoing.\n") for _ in range(2)]
    assert [linter.lint(doc) for doc in docs] == [[], []]
    assert docs[0].warnings == [f"LanguageTool at {languagetool_url} cannot check this language: unsupported "
                                "language: 'xx-YY'; set [tool.copydesk.languagetool] language (e.g. \"en-US\"). "
                                "LanguageTool rules (CD801–CD807, CD899) were skipped; the other rules ran."]
    assert docs[1].warnings == []


@pytest.mark.slow
def test_professional_translations_stay_nearly_quiet(languagetool_url, shared_data):
    """refA of WMT23 uk->en (half the refA words, to keep the test short): six grammar findings in
    10,192 words, all real slips ("aircrafts", "battles is"). Dictionary spelling alone would add
    over 20 per 1,000 words; benchmarks.languagetool_rules measures every rule on all of refA."""
    from benchmarks.wmt23 import article_text, documents, load_segments
    from linter.document import word_count

    linter = _lt(languagetool_url)
    words = findings = 0
    segments = load_segments(shared_data / "wmt23-news-toen" / "segments.tsv")
    for (langpair, _, system), segs in documents(segments).items():
        if system == "refA" and langpair == "uk-en":
            text = article_text(segs)
            words += word_count(text)
            findings += sum(f.category == "grammar" for f in lint_text(text, linter=linter))
    assert words > 10_000
    assert 1000 * findings / words < 1.0
