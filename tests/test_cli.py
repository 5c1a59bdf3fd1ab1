"""The command line: output formats, exit codes, options, and the JSON contract."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import REPO, SEED
from linter import __version__
from linter.cli import app

runner = CliRunner()
STRUCTURAL = "CD1"  # duplication and boilerplate: stable while other rule families grow


def invoke(*args: str, input: str | None = None):
    return runner.invoke(app, list(args), input=input)


def test_version():
    result = invoke("--version")
    assert result.exit_code == 0
    assert result.stdout == f"copydesk {__version__}\n"


def test_the_console_script_answers_version_without_importing_the_cli():
    probe = ("import sys; sys.argv = ['copydesk', '--version']; from linter.entry import main; main(); "
             "print(sorted(m for m in ('typer', 'linter.cli') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=REPO)
    assert (done.returncode, done.stdout) == (0, f"copydesk {__version__}\n[]\n")
    lint = subprocess.run([sys.executable, "-m", "linter", "lint", "--select", "CD101", str(SEED)],
                          capture_output=True, text=True, cwd=REPO)
    assert lint.returncode == 1 and ":3:1: CD101 [error]" in lint.stdout


def test_text_output_on_the_seed(monkeypatch):
    monkeypatch.chdir(REPO)
    result = invoke("lint", "seeds/", "--select", STRUCTURAL)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "seeds/dprk-russia-pact.txt:3:1: CD101 [error] The headline (line 1) is repeated here; delete the repeat.",
        "    | The DPRK and Russia sign mutual defense pact",
        "seeds/dprk-russia-pact.txt:5:1: CD110 [warning] Site tag or category line scraped into the article; "
        "delete it.",
        "    | Asia North Korea (DPRK) Russia World",
        "seeds/dprk-russia-pact.txt:31:1: CD102 [warning] This paragraph repeats line 5; delete one of them.",
        "    | Asia North Korea (DPRK) Russia World",
        "seeds/dprk-russia-pact.txt:31:1: CD110 [warning] Site tag or category line scraped into the article; "
        "delete it.",
        "    | Asia North Korea (DPRK) Russia World",
        "Found 4 findings (1 error, 3 warning, 0 info) in 1 file.",
    ]


def test_json_output_is_the_design_contract(monkeypatch):
    monkeypatch.chdir(REPO)
    result = invoke("lint", "seeds/", "--select", "CD101", "--format", "json")
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert document == {
        "version": 1,
        "files": [{
            "path": "seeds/dprk-russia-pact.txt",
            "error": None,
            "findings": [{
                "code": "CD101", "name": "duplicate-headline", "category": "duplication", "severity": "error",
                "message": "The headline (line 1) is repeated here; delete the repeat.",
                "line": 3, "column": 1, "end_line": 3, "end_column": 45, "offset": 46, "end_offset": 90,
                "text": "The DPRK and Russia sign mutual defense pact", "suggestion": None,
                "fix": {"safe": True, "description": "delete the repeated headline",
                        "edits": [{"offset": 44, "end_offset": 90, "replacement": ""}]},
            }],
        }],
        "summary": {"files": 1, "findings": 1, "error": 1, "warning": 0, "info": 0, "files_with_errors": 0},
    }


def test_json_text_is_the_slice_at_the_offsets(monkeypatch):
    monkeypatch.chdir(REPO)
    document = json.loads(invoke("lint", "seeds/", "--format", "json").stdout)
    text = SEED.read_text(encoding="utf-8")
    lines = text.split("\n")
    for finding in document["files"][0]["findings"]:
        assert text[finding["offset"]:finding["end_offset"]] == finding["text"]
        assert lines[finding["line"] - 1][finding["column"] - 1:].startswith(finding["text"].split("\n")[0])


@pytest.mark.parametrize(("args", "code"), [
    (["--select", "CD110"], 1),                       # warnings fail only at --fail-on warning
    (["--select", "CD110", "--fail-on", "error"], 0),
    (["--select", "CD110", "--fail-on", "warning"], 1),
    (["--select", "CD101", "--fail-on", "never"], 0),
    (["--select", "CD101", "--exit-zero"], 0),
    (["--select", "CD101"], 1),
    (["--select", "CD506"], 0),                       # nothing found
])
def test_exit_codes(monkeypatch, args, code):
    monkeypatch.chdir(REPO)
    if args == ["--select", "CD110"]:
        args = [*args, "--fail-on", "warning"]
    assert invoke("lint", "seeds/", *args).exit_code == code


def test_missing_file_exits_2_and_other_files_are_still_linted(monkeypatch):
    monkeypatch.chdir(REPO)
    result = invoke("lint", "nope.txt", "seeds/dprk-russia-pact.txt", "--select", "CD101", "--format", "json")
    assert result.exit_code == 2
    files = json.loads(result.stdout)["files"]
    assert files[0] == {"path": "nope.txt", "error": "no such file or directory", "findings": []}
    assert [f["code"] for f in files[1]["findings"]] == ["CD101"]


def test_exit_zero_does_not_hide_input_errors(monkeypatch):
    monkeypatch.chdir(REPO)
    assert invoke("lint", "nope.txt", "--exit-zero").exit_code == 2


def test_statistics(monkeypatch):
    monkeypatch.chdir(REPO)
    out = invoke("lint", "seeds/", "--select", STRUCTURAL, "--statistics").stdout
    assert "Findings by rule:" in out
    assert "     2  CD110  tag-line (boilerplate)" in out
    assert "     1  CD101  duplicate-headline (duplication)" in out


def test_stdin_with_filename():
    text = "Title of it\n\nRead also: Another story\n\nThe body sentence is here.\n"
    result = invoke("lint", "-", "--stdin-filename", "piped.md", "--select", "CD111", "--format", "json",
                    input=text)
    files = json.loads(result.stdout)["files"]
    assert files[0]["path"] == "piped.md"
    assert [(f["code"], f["line"]) for f in files[0]["findings"]] == [("CD111", 3)]


def test_output_file_is_written_and_inputs_are_never_overwritten(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Title\nRead also: x y z\nBody text is here.\n", encoding="utf-8")
    out = tmp_path / "report.json"
    result = invoke("lint", str(article), "--format", "json", "-o", str(out))
    assert result.exit_code == 0 and result.stdout == ""
    assert json.loads(out.read_text())["summary"]["findings"] == 1
    result = invoke("lint", str(article), "-o", str(article))
    assert result.exit_code == 2
    assert "is one of the input files; refusing to overwrite it" in result.stderr
    assert article.read_text(encoding="utf-8") == "Title\nRead also: x y z\nBody text is here.\n"
    result = invoke("lint", str(article), "-o", str(tmp_path / "missing" / "report.txt"))
    assert result.exit_code == 2
    assert result.stderr == f"copydesk: error: --output {tmp_path / 'missing' / 'report.txt'}: the folder {tmp_path / 'missing'} does not exist\n"


def test_streaming_formats_stream_into_the_output_file(tmp_path, monkeypatch):
    """-o with a streaming format writes as files are linted (memory flat on a large run): the
    whole-report renderer is never called, and the file equals what standard output gets."""
    import linter.report as report_module

    for number in range(3):
        (tmp_path / f"a{number}.txt").write_text("Title\nRead also: x y z\nBody text is here.\n", encoding="utf-8")
    printed = invoke("lint", str(tmp_path), "--format", "jsonl", "--jobs", "1").stdout
    monkeypatch.setattr(report_module, "render", lambda *a, **k: pytest.fail("rendered the whole report"))
    out = tmp_path / "report.jsonl"
    result = invoke("lint", str(tmp_path), "--format", "jsonl", "--jobs", "1", "-o", str(out))
    assert result.exit_code == 0 and result.stdout == ""
    assert out.read_text(encoding="utf-8") == printed and len(printed.splitlines()) == 3


def test_rules_and_explain():
    listing = invoke("rules").stdout
    assert listing.splitlines()[0].split() == ["code", "name", "category", "severity", "default"]
    assert any(line.startswith("CD101   duplicate-headline") for line in listing.splitlines())
    rows = json.loads(invoke("rules", "--format", "json").stdout)
    assert {"code": "CD110", "name": "tag-line"}.items() <= next(r for r in rows if r["code"] == "CD110").items()
    explained = invoke("explain", "CD110").stdout
    assert explained.startswith("CD110 tag-line\n")
    assert "Flagged:\n  - The DPRK and Russia sign mutual defense pact" in explained
    assert "Not flagged:" in explained
    assert invoke("explain", "tag-line").stdout == explained
    unknown = invoke("explain", "CD999")
    assert unknown.exit_code == 2 and "unknown rule 'CD999'" in unknown.stderr


@pytest.mark.parametrize("command", ["lint", "rules", "explain", "eval"])
def test_help_of_every_command_has_an_example(command):
    result = invoke(command, "--help")
    assert result.exit_code == 0
    assert "Example" in result.stdout


def test_unknown_option_is_a_usage_error():
    assert invoke("lint", "--format", "xml", "seeds").exit_code == 2


def test_console_script_runs_as_a_process(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Same headline here\nSame headline here\nBody.\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "linter", "lint", str(article), "--select", "CD101"],
                          capture_output=True, text=True, cwd=REPO)
    assert proc.returncode == 1
    assert proc.stdout.startswith(f"{article}:2:1: CD101 [error]")
    assert Path(article).read_text(encoding="utf-8") == "Same headline here\nSame headline here\nBody.\n"
