"""Inline suppression comments: regions, next-line, selectors, and warnings for useless ones."""
from __future__ import annotations

import json
from functools import lru_cache

import pytest
from typer.testing import CliRunner

from linter.api import make_linter
from linter.cli import app
from linter.readers import read_documents

@lru_cache(maxsize=1)
def linter():
    """CD501 doubled word, CD111 "Read also:" line, CD503 space before punctuation: stable rules."""
    return make_linter(("CD501", "CD111", "CD503"))


def lint(text: str, filename: str = "article.md") -> tuple[list[tuple[str, int]], list[str]]:
    doc = next(read_documents(filename, text.encode("utf-8")))
    findings = linter().lint(doc)
    return [(f.code, f.line) for f in findings], doc.warnings


def test_disable_next_line_suppresses_only_the_named_rule_on_the_next_line():
    text = ("# Talks resume\n\n"
            "<!-- copydesk-disable-next-line CD501 -->\n"
            "The the minister said talks would resume , officials said.\n\n"
            "Rescuers searched for for survivors.\n")
    assert lint(text) == ([("CD503", 4), ("CD501", 6)], [])


@pytest.mark.parametrize("filename", ["article.html", "article.txt"])
def test_disable_next_line_skips_blank_lines_and_applies_in_html(filename):
    text = ("<h1>Talks resume</h1>\n<!-- copydesk-disable-next-line -->\n\n"
            "<p>The the minister said talks would resume , officials said.</p>\n"
            "<p>Rescuers searched for for survivors.</p>\n")
    assert lint(text, filename) == ([("CD501", 5)], [])


def test_disable_region_by_prefix_until_enable():
    text = ("# Talks resume\n\n<!-- copydesk-disable CD5 -->\n"
            "The the minister said talks would resume.\n\nRead also: another story here\n\n"
            "<!-- copydesk-enable -->\n\nRescuers searched for for survivors.\n")
    assert lint(text) == ([("CD111", 6), ("CD501", 10)], [])


def test_disable_without_enable_runs_to_the_end_and_names_work_as_selectors():
    text = ("# Talks resume\n\n<!-- copydesk-disable doubled-word, related-link -->\n"
            "The the minister said talks would resume.\n\nRead also: another story here\n\n"
            "Rescuers searched for for survivors.\n")
    assert lint(text) == ([], [])


def test_enable_of_one_rule_inside_a_blanket_disable():
    text = ("# Talks resume\n\n<!-- copydesk-disable -->\n"
            "The the minister said talks would resume.\n\n<!-- copydesk-enable CD501 -->\n\n"
            "Read also: another story here\n\nRescuers searched for for survivors.\n")
    assert lint(text) == ([("CD501", 10)], [])


def test_warnings_for_directives_that_do_nothing():
    text = ("# Talks resume\n\n<!-- copydesk-disable-next-line CD111 -->\n"
            "The the minister said talks would resume.\n\n"
            "<!-- copydesk-disable CD9999 -->\n<!-- copydesk-enable -->\n<!-- copydesk-enable -->\n"
            "<!-- copydesk-disabel CD501 -->\n")
    findings, warnings = lint(text)
    assert findings == [("CD501", 4)]
    assert warnings == [
        "line 3: <!-- copydesk-disable-next-line CD111 --> suppressed nothing; remove it",
        "line 6: copydesk-disable: 'CD9999' names no rule (see `copydesk rules`)",
        "line 8: copydesk-enable with no copydesk-disable open before it",
        "line 9: unknown directive 'copydesk-disabel'; use copydesk-disable, copydesk-enable, "
        "copydesk-disable-next-line",
    ]


def test_no_warning_for_a_directive_about_a_rule_that_did_not_run():
    text = "# Talks resume\n\n<!-- copydesk-disable-next-line CD101 -->\nThe minister said talks would resume.\n"
    assert lint(text) == ([], [])


def test_unused_suppression_warning_is_in_text_and_json_output(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.md").write_text("# Talks resume\n\n<!-- copydesk-disable CD501 -->\n"
                                   "The minister said talks would resume.\n", encoding="utf-8")
    runner = CliRunner()
    text = runner.invoke(app, ["lint", "a.md", "--select", "CD501"])
    assert text.exit_code == 0
    assert text.stdout.splitlines()[0] == \
        "a.md: warning: line 3: <!-- copydesk-disable CD501 --> suppressed nothing; remove it"
    document = json.loads(runner.invoke(app, ["lint", "a.md", "--select", "CD501", "--format", "json"]).stdout)
    assert document["files"][0]["warnings"] == [
        "line 3: <!-- copydesk-disable CD501 --> suppressed nothing; remove it"]


def test_a_stray_letter_is_not_a_code_prefix_and_a_narrower_enable_splits_a_prefix_region():
    text = ("# Talks resume\n\n<!-- copydesk-disable c -->\n<!-- copydesk-disable CD5 -->\n"
            "The the minister said talks would resume , officials said.\n\n<!-- copydesk-enable CD501 -->\n\n"
            "Rescuers searched for for survivors , officials said.\n")
    assert lint(text) == ([("CD501", 9)], [
        "line 3: copydesk-disable: 'c' names no rule (see `copydesk rules`)",
    ])
