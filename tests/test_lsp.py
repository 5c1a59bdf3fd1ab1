"""The language server, driven through the real protocol: a ``python -m linter lsp`` subprocess.

Plus unit tests of what the protocol cannot show cheaply: positions in every encoding, carrying
LanguageTool's findings over edits, and which kinds run as you type.
"""
from __future__ import annotations

import json
import os
import random
import shutil

import pytest
from lsprotocol import types
from typer.testing import CliRunner

from conftest import SEED
from linter.api import lint_text, make_linter
from linter.cli import app
from linter.finding import Edit, Finding, Fix
from linter.lsp import CopydeskServer, _Linters, _Open
from linter.lsp_convert import PositionMap, carry_over, code_actions, common_ends
from lsp_client import LspClient, apply_text_edits

DIAGNOSTICS = "textDocument/publishDiagnostics"


@pytest.fixture
def client():
    started = LspClient()
    yield started
    started.kill()


@pytest.fixture(scope="module")
def shared():
    """One server (UTF-16, default options) for the tests that only open documents of their own."""
    started = LspClient()
    started.initialize()
    yield started
    started.kill()


def open_document(client: LspClient, path, text: str, language: str = "plaintext", version: int = 1) -> str:
    uri = path.as_uri()
    client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": language,
                                                            "version": version, "text": text}})
    return uri


def spans(diagnostics: list[dict]) -> list[tuple]:
    return [(d["code"], d["range"]["start"]["line"], d["range"]["start"]["character"],
             d["range"]["end"]["line"], d["range"]["end"]["character"]) for d in diagnostics]


def test_seed_round_trip(client, tmp_path, monkeypatch):
    """initialise, open the seed, same findings as the CLI's JSON, apply a code action, close, exit."""
    seed = tmp_path / SEED.name
    shutil.copyfile(SEED, seed)
    text = seed.read_text(encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    cli = json.loads(CliRunner().invoke(app, ["lint", SEED.name, "--format", "json"]).stdout)
    expected = [(f["code"], f["line"] - 1, f["column"] - 1, f["end_line"] - 1, f["end_column"] - 1)
                for f in cli["files"][0]["findings"]]
    assert ("CD101", 2, 0, 2, 44) in expected

    capabilities = client.initialize(capabilities={"workspace": {"workspaceEdit": {"documentChanges": True}}})
    assert capabilities["capabilities"]["positionEncoding"] == "utf-16"
    assert capabilities["capabilities"]["textDocumentSync"]["change"] == 1  # full text on every change
    uri = open_document(client, seed, text)
    published = client.diagnostics(uri, version=1)
    assert spans(published["diagnostics"]) == expected
    headline = next(d for d in published["diagnostics"] if d["code"] == "CD101")
    assert headline["source"] == "copydesk"
    assert headline["severity"] == 1
    assert headline["message"].endswith("[duplication]")
    assert headline["data"]["category"] == "duplication"
    assert headline["codeDescription"]["href"].endswith("/rules/duplication/CD101-duplicate-headline.yml")

    actions = client.request("textDocument/codeAction", {
        "textDocument": {"uri": uri}, "range": headline["range"],
        "context": {"diagnostics": [headline], "only": ["quickfix"]}})
    assert [a["title"] for a in actions] == ["CD101: delete the repeated headline"]
    change = actions[0]["edit"]["documentChanges"][0]
    assert change["textDocument"] == {"uri": uri, "version": 1}
    fixed = apply_text_edits(text, change["edits"])
    assert fixed == text.replace("\n\n" + SEED.read_text(encoding="utf-8").split("\n")[2], "", 1)

    client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2},
                                             "contentChanges": [{"text": fixed}]})
    after = client.diagnostics(uri, version=2)
    assert "CD101" not in [d["code"] for d in after["diagnostics"]]
    assert len(after["diagnostics"]) == len(expected) - 1

    client.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
    assert client.diagnostics(uri, version=None)["diagnostics"] == []
    assert client.close() == 0


def test_fix_all_applies_every_safe_fix(shared, tmp_path):
    client = shared
    text = SEED.read_text(encoding="utf-8")
    uri = open_document(client, tmp_path / "seed.txt", text)
    client.diagnostics(uri, version=1)
    actions = client.request("textDocument/codeAction", {
        "textDocument": {"uri": uri}, "range": {"start": {"line": 0, "character": 0},
                                                "end": {"line": 0, "character": 0}},
        "context": {"diagnostics": [], "only": ["source.fixAll"]}})
    assert [a["kind"] for a in actions] == ["source.fixAll.copydesk"]
    fixed = apply_text_edits(text, actions[0]["edit"]["changes"][uri])
    lines = text.split("\n")
    assert fixed == "\n".join(lines[:1] + lines[5:29])


ASTRAL = "Talks resume\n\nMinisters 😀 said the the talks would resume in Kyiv.\n"


def check_astral_positions(client: LspClient, uri: str, encoding: str, column: int) -> dict:
    doubled = [d for d in client.diagnostics(uri, version=1)["diagnostics"] if d["code"] == "CD501"]
    assert [d["range"] for d in doubled] == [{"start": {"line": 2, "character": column},
                                              "end": {"line": 2, "character": column + 7}}]
    actions = client.request("textDocument/codeAction", {"textDocument": {"uri": uri}, "range": doubled[0]["range"],
                                                         "context": {"diagnostics": doubled, "only": ["quickfix"]}})
    assert apply_text_edits(ASTRAL, actions[0]["edit"]["changes"][uri], encoding) == ASTRAL.replace("the the", "the")
    return doubled[0]


def test_utf16_positions_after_an_astral_character(shared, tmp_path):
    check_astral_positions(shared, open_document(shared, tmp_path / "emoji.txt", ASTRAL), "utf-16", 18)


def test_utf32_is_used_when_the_client_offers_it(client, tmp_path):
    result = client.initialize(capabilities={"general": {"positionEncodings": ["utf-32", "utf-16"]}},
                               options={"ruleDocsUrl": "https://copydesk.example/rules/{code}"})
    assert result["capabilities"]["positionEncoding"] == "utf-32"
    uri = open_document(client, tmp_path / "emoji.txt", ASTRAL)
    doubled = check_astral_positions(client, uri, "utf-32", 17)
    assert doubled["codeDescription"] == {"href": "https://copydesk.example/rules/CD501"}


def test_configuration_comes_from_the_document_folder(shared, tmp_path):
    client = shared
    (tmp_path / "desk").mkdir()
    (tmp_path / "desk" / "copydesk.toml").write_text('select = ["CD110"]\n', encoding="utf-8")
    text = SEED.read_text(encoding="utf-8")
    inside = open_document(client, tmp_path / "desk" / "seed.txt", text)
    outside = open_document(client, tmp_path / "seed.txt", text)
    limited = client.diagnostics(inside, version=1)["diagnostics"]
    assert [d["code"] for d in limited] == ["CD110", "CD110"]
    assert "CD101" in [d["code"] for d in client.diagnostics(outside, version=1)["diagnostics"]]


def test_markdown_and_an_unknown_language(shared, tmp_path):
    client = shared
    markdown = open_document(client, tmp_path / "notes", "# Talks resume\n\nThe the minister said so.\n",
                             language="markdown")
    assert spans(client.diagnostics(markdown, version=1)["diagnostics"]) == [("CD501", 2, 0, 2, 7)]
    open_document(client, tmp_path / "script.py", "print('the the')\n", language="python")
    log = client.wait_for(lambda m: m.get("method") == "window/logMessage" and "script.py" in m["params"]["message"])
    assert "not linting" in log["params"]["message"]


WORDS = ("rescuers governor aid workers police mayor engineers doctors volunteers searched inspected cleared "
         "reached surveyed reopened supplied mapped market schools bridge hospital depot shelters city region "
         "north south river valley road convoy trucks water blankets tents food fuel power lines families "
         "children buildings streets officials ministry agency report survey damage losses costs budget plan "
         "week month morning evening night winter cold snow rain wind storm quake aftershock").split()


def news_text(size: int) -> str:
    """News-like paragraphs of random words: no two sentences alike, so duplication rules stay quiet."""
    rng = random.Random(7)
    paragraphs, length = [], 0
    while length < size:
        sentences = [" ".join(rng.sample(WORDS, k=rng.randint(8, 20))).capitalize() + "." for _ in range(3)]
        paragraphs.append(" ".join(sentences))
        length += len(paragraphs[-1]) + 2
    return "\n\n".join(paragraphs)


def test_a_burst_of_changes_to_a_200_kb_document_is_linted_once_more(client, tmp_path):
    """50 changes in a row: the final diagnostics are for the final version, with no backlog.

    The structural rules keep the test quick; COPYDESK_LSP_ALL_RULES=1 measures with every default rule.
    """
    if not os.environ.get("COPYDESK_LSP_ALL_RULES"):
        (tmp_path / "copydesk.toml").write_text('select = ["CD1", "CD5"]\n', encoding="utf-8")
    text = "Earthquake rescue goes on\n\n" + news_text(200_000)
    assert len(text.encode("utf-8")) > 200_000
    client.initialize()
    uri = open_document(client, tmp_path / "big.txt", text)
    for version in range(2, 52):
        text += f" Update {version}."
        if version == 51:
            text = text.replace("Earthquake rescue goes on\n\n", "Earthquake rescue goes on\n\nThe the end.\n\n")
        last = client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version},
                                                        "contentChanges": [{"text": text}]})
    final = client.wait_for(lambda m: m.get("method") == DIAGNOSTICS and m["params"].get("version") == 51, 120)
    assert ("CD501", 2, 0, 2, 7) in spans(final["params"]["diagnostics"])  # only the last version has it
    latency = final["_received"] - last
    client.close()
    messages = client.drain()
    runs = [m["params"]["message"] for m in messages if m.get("method") == "window/logMessage"
            and m["params"]["message"].startswith(("copydesk: linted", "copydesk: cancelled", "copydesk: dropped"))]
    published = [m["params"]["version"] for m in [*messages, final] if m.get("method") == DIAGNOSTICS]
    print(f"\n200 KB, 50 changes: {len(runs)} lint runs, final diagnostics {latency:.2f} s after the last change")
    assert len(runs) <= 8, runs  # far below 50: no backlog of outdated versions
    assert published == sorted(set(published)) and published[-1] == 51, published  # never an older version


# ---- units -------------------------------------------------------------------------------------

@pytest.mark.parametrize("encoding, z, w", [("utf-16", 4, 6), ("utf-32", 3, 5), ("utf-8", 6, 10)])
def test_position_map_counts_code_units(encoding, z, w):
    text = "ab\r\nx😀yz\u2028w\rlast"  # U+2028 is not a line break in LSP (str.splitlines says it is)
    positions = PositionMap(text, encoding)
    assert positions.position(text.index("z")) == types.Position(line=1, character=z)
    assert positions.offset(types.Position(line=1, character=z)) == text.index("z")
    assert positions.position(text.index("w")) == types.Position(line=1, character=w)
    assert positions.position(text.index("last")) == types.Position(line=2, character=0)
    assert positions.offset(types.Position(line=0, character=99)) == 2  # clamped to the line
    assert positions.offset(types.Position(line=9, character=0)) == len(text)


def lt_finding(start: int, end: int) -> Finding:
    return Finding(code="CD801", name="grammar", category="grammar", severity="warning", message="",
                   line=1, column=1, end_line=1, end_column=1, offset=start, end_offset=end, text="",
                   fix=Fix((Edit(start, end, "x"),), True))


def test_carry_over_keeps_findings_outside_the_edit_and_moves_the_later_ones():
    old = "alpha beta gamma delta"
    new = "alpha beta NEW gamma delta"
    assert common_ends(old, new) == (11, 11)
    before, after, inside = lt_finding(0, 5), lt_finding(17, 22), lt_finding(6, 16)
    kept = carry_over([before, inside, after], old, new)
    assert [(f.offset, f.end_offset) for f in kept] == [(0, 5), (21, 26)]
    assert kept[1].fix.edits == (Edit(21, 26, "x"),)
    assert new[21:26] == old[17:22]


def test_languagetool_runs_only_when_full(monkeypatch):
    class Kind:
        def __init__(self, name, hits):
            self.name, self.hits = name, hits

        def run(self, doc):
            yield from self.hits

    linter = make_linter(["CD501"])
    grammar = Kind("languagetool", [])
    linter.kinds = [*linter.kinds, grammar]
    linters = _Linters(linter.settings, linter, frozenset({"CD801"}), {})
    assert "languagetool" in [k.name for k in linters.for_run(full=True, stale=lambda: False).kinds]
    assert "languagetool" not in [k.name for k in linters.for_run(full=False, stale=lambda: False).kinds]
    server = CopydeskServer()
    monkeypatch.setattr(server, "linters_for", lambda path: linters)
    state = _Open("file:///a.txt", None, "a.txt")
    state.slow, state.slow_text = [lt_finding(0, 5)], "Alpha the the beta."
    findings, _ = server.lint(state, "Alpha the the beta gamma.", full=False)
    assert [f.code for f in findings] == ["CD801", "CD501"]  # carried over, not recomputed
    findings, _ = server.lint(state, "Alpha the the beta gamma.", full=True)
    assert [f.code for f in findings] == ["CD501"]  # the grammar kind ran and found nothing
    assert state.slow == []


def test_quick_fixes_only_for_findings_in_the_range():
    text = "Talks resume\n\nThe the minister said  talks would resume.\n"
    findings = lint_text(text, "a.txt", select=["CD501", "CD502"])
    positions = PositionMap(text)
    actions = code_actions("file:///a.txt", 1, findings, positions, 14, 15, docs_href=lambda code: None)
    assert [a.title for a in actions] == ["CD501: delete the repeated word", "copydesk: fix all safe problems (2)"]
    only_fix_all = code_actions("file:///a.txt", 1, findings, positions, 14, 15, docs_href=lambda code: None,
                                only=["source"])
    assert [a.kind for a in only_fix_all] == ["source.fixAll.copydesk"]
