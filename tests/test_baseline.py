"""Baselines: accept today's findings; after edits elsewhere (lines moved), report only new ones."""
from __future__ import annotations

import json
import shutil

import pytest
from typer.testing import CliRunner

from conftest import SEED
from linter.baseline import Baseline, finding_keys
from linter.cli import app
from linter.finding import Finding
from linter.runner import FileResult

INSERTED = "Both leaders spoke to reporters after the ceremony."  # a new paragraph at the top of the body
# (new sentence, the finding it must bring, the flagged text)
NEW_SENTENCES = [
    ("The two leaders then signed the the documents.", "CD501", "the the"),
    ("Read also: Seoul reacts to the treaty", "CD111", "Read also: Seoul reacts to the treaty"),
]


def invoke(*args: str):
    return CliRunner().invoke(app, list(args))


def findings_of(result) -> list[tuple[str, int, str]]:
    return [(f["code"], f["line"], f["text"]) for f in json.loads(result.stdout)["files"][0]["findings"]]


def edited_seed(sentence: str) -> str:
    """The seed with a paragraph inserted after the headline and ``sentence`` added before line 29.

    Seed lines 3-28 move down by two, lines 29-31 by four; the new sentence is line 31.
    """
    lines = SEED.read_text(encoding="utf-8").split("\n")
    lines[28:28] = [sentence, ""]
    lines[2:2] = [INSERTED, ""]
    return "\n".join(lines)


def moved(line: int) -> int:
    return line if line < 3 else line + 2 if line < 29 else line + 4


@pytest.mark.parametrize(("sentence", "code", "flagged"), NEW_SENTENCES)
def test_baseline_for_the_seed_reports_only_the_new_finding_after_edits(tmp_path, monkeypatch, sentence, code,
                                                                       flagged):
    monkeypatch.chdir(tmp_path)
    shutil.copy(SEED, tmp_path / "article.txt")
    before = findings_of(invoke("lint", "article.txt", "--format", "json"))
    written = invoke("lint", "article.txt", "--write-baseline", "baseline.json")
    assert written.exit_code == 0
    assert written.stdout.splitlines()[-1] == "Found 0 findings (0 error, 0 warning, 0 info) in 1 file."
    assert f"wrote {len(before)} finding(s) to baseline.json" in written.stderr

    (tmp_path / "article.txt").write_text(edited_seed(sentence), encoding="utf-8")
    after = findings_of(invoke("lint", "article.txt", "--format", "json"))
    new_line = 31
    assert sorted(after) == sorted([(c, moved(line), text) for c, line, text in before] + [(code, new_line, flagged)])

    result = invoke("lint", "article.txt", "--baseline", "baseline.json", "--format", "json")
    assert findings_of(result) == [(code, new_line, flagged)]
    assert result.stderr == ""  # every accepted finding was met again


def test_an_edited_sentence_makes_its_finding_new_and_a_fixed_one_is_reported_stale(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    article = tmp_path / "a.txt"
    article.write_text("Talks resume\n\nThe minister said the the talks would resume. Nothing else was said.\n\n"
                       "Read also: another story here\n", encoding="utf-8")
    assert invoke("lint", "a.txt", "--select", "CD501,CD111", "--write-baseline", "b.json").exit_code == 0
    # other sentence of the paragraph edited: the doubled word's sentence is unchanged, still accepted
    article.write_text("Talks resume\n\nThe minister said the the talks would resume. Officials said more.\n\n"
                       "Read also: another story here\n", encoding="utf-8")
    assert findings_of(invoke("lint", "a.txt", "--select", "CD501,CD111", "--baseline", "b.json",
                              "--format", "json")) == []
    # its own sentence edited: new; the related link deleted: reported stale on stderr
    article.write_text("Talks resume\n\nThe minister said the the talks might resume. Officials said more.\n",
                       encoding="utf-8")
    result = invoke("lint", "a.txt", "--select", "CD501,CD111", "--baseline", "b.json", "--format", "json")
    assert findings_of(result) == [("CD501", 3, "the the")]
    assert result.stderr == ("copydesk: 2 baselined finding(s) no longer occur; refresh the baseline with "
                             "--write-baseline b.json\n")


def test_identical_findings_are_counted():
    source = "Tag Line\n\nAsia World\n\nAsia World\n"
    finding = lambda offset, line: Finding("CD110", "tag-line", "boilerplate", "warning", "m", line, 1, line, 11,  # noqa: E731
                                           offset, offset + 10, "Asia World")
    both = FileResult("a.txt", [finding(10, 3), finding(22, 5)], source=source)
    assert finding_keys(both) == [("CD110", "Asia World", "Asia World")] * 2
    baseline = Baseline.from_results([FileResult("a.txt", [finding(10, 3)], source=source)])
    assert [f.line for f in baseline.filter(both).findings] == [5]
    assert json.loads(baseline.dumps()) == {"version": 1, "tool": "copydesk", "files": {"a.txt": [
        {"code": "CD110", "text": "Asia World", "context": "Asia World", "count": 1}]}}


def test_bad_baseline_files_and_option_conflicts_exit_2(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copy(SEED, tmp_path / "a.txt")
    (tmp_path / "broken.json").write_text("{not json", encoding="utf-8")
    (tmp_path / "other.json").write_text('{"version": 1, "files": {"a.txt": [{"code": "CD101"}]}}', encoding="utf-8")
    cases = {
        ("--baseline", "missing.json"): "--baseline missing.json: cannot read: No such file or directory",
        ("--baseline", "broken.json"): "--baseline broken.json: not a copydesk baseline (invalid JSON:",
        ("--baseline", "other.json"): "--baseline other.json: files.'a.txt'[0]: expected an object with code, text,",
        ("--baseline", "broken.json", "--write-baseline", "x.json"): "--baseline and --write-baseline exclude",
    }
    for args, message in cases.items():
        result = invoke("lint", "a.txt", *args)
        assert result.exit_code == 2, args
        assert result.stderr.startswith(f"copydesk: error: {message}"), result.stderr
    assert not (tmp_path / "x.json").exists()
