"""Configuration: discovery, selection by code/prefix/name, severities, per-file ignores, house rules."""
from __future__ import annotations

import json
import textwrap

from typer.testing import CliRunner

from linter.cli import app

runner = CliRunner()
ARTICLE = "Same headline here\nSame headline here\nRead also: another story\nBody text is here.\n"


def lint_json(*args: str):
    result = runner.invoke(app, ["lint", "--format", "json", *args])
    return result, (json.loads(result.stdout) if result.stdout.startswith("{") else None)


def codes(document) -> list[str]:
    return [f["code"] for f in document["files"][0]["findings"]]


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_copydesk_toml_is_found_upward_from_the_file(tmp_path):
    write(tmp_path / "copydesk.toml", 'select = ["CD111"]\n')
    article = write(tmp_path / "desk" / "today" / "a.txt", ARTICLE)
    _, doc = lint_json(str(article))
    assert codes(doc) == ["CD111"]


def test_pyproject_tool_table_and_nearest_wins(tmp_path):
    write(tmp_path / "pyproject.toml", '[tool.copydesk]\nselect = ["CD101"]\n')
    write(tmp_path / "wires" / "pyproject.toml", '[project]\nname = "x"\n')  # no table: skipped
    write(tmp_path / "desk" / "copydesk.toml", 'select = ["CD111"]\n')
    wire = write(tmp_path / "wires" / "a.txt", ARTICLE)
    desk = write(tmp_path / "desk" / "b.txt", ARTICLE)
    _, doc = lint_json(str(wire), str(desk))
    assert [[f["code"] for f in file["findings"]] for file in doc["files"]] == [["CD101"], ["CD111"]]


def test_explicit_config_overrides_discovery(tmp_path):
    write(tmp_path / "copydesk.toml", 'select = ["CD111"]\n')
    other = write(tmp_path / "elsewhere.toml", 'select = ["CD101"]\n')
    article = write(tmp_path / "a.txt", ARTICLE)
    _, doc = lint_json(str(article), "--config", str(other))
    assert codes(doc) == ["CD101"]


def test_prefix_selection_and_most_specific_wins(tmp_path):
    write(tmp_path / "copydesk.toml", 'select = ["CD1"]\nignore = ["CD11"]\nextend-select = ["CD111"]\n')
    article = write(tmp_path / "a.txt", ARTICLE)
    _, doc = lint_json(str(article))
    assert codes(doc) == ["CD101", "CD111"]


def test_selection_by_rule_name_and_cli_override(tmp_path):
    article = write(tmp_path / "a.txt", ARTICLE)
    _, doc = lint_json(str(article), "--select", "related-link")
    assert codes(doc) == ["CD111"]
    _, doc = lint_json(str(article), "--select", "CD1", "--ignore", "duplicate-headline")
    assert codes(doc) == ["CD111"]


def test_severity_override_changes_severity_and_exit_code(tmp_path):
    write(tmp_path / "copydesk.toml", 'select = ["CD111"]\n[severity]\nCD111 = "error"\n')
    article = write(tmp_path / "a.txt", ARTICLE)
    result, doc = lint_json(str(article))
    assert [f["severity"] for f in doc["files"][0]["findings"]] == ["error"]
    assert result.exit_code == 1


def test_fail_on_from_config(tmp_path):
    write(tmp_path / "copydesk.toml", 'select = ["CD111"]\nfail-on = "warning"\n')
    article = write(tmp_path / "a.txt", ARTICLE)
    result, _ = lint_json(str(article))
    assert result.exit_code == 1


def test_per_file_ignores(tmp_path):
    write(tmp_path / "copydesk.toml", 'select = ["CD1"]\n[per-file-ignores]\n"wires/*.txt" = ["CD101"]\n')
    wire = write(tmp_path / "wires" / "a.txt", ARTICLE)
    desk = write(tmp_path / "desk" / "a.txt", ARTICLE)
    _, doc = lint_json(str(wire), str(desk))
    assert [[f["code"] for f in file["findings"]] for file in doc["files"]] == [["CD111"], ["CD101", "CD111"]]


def test_house_rule_directory_adds_a_rule_without_python(tmp_path):
    write(tmp_path / "house" / "CD090-no-sources-say.yml", """\
        code: CD090
        name: no-sources-say
        category: attribution
        severity: warning
        kind: existence
        message: "Name the source instead of \\"{match}\\"."
        description: House style - never write "sources say" without naming them.
        params:
          tokens: ["sources say", "sources said"]
          ignore_case: true
        examples:
          flag: ["Sources say the deal is done.", "The deal is done, sources said."]
          pass: ["The ministry said the deal is done.", "Two officials said so."]
        """)
    write(tmp_path / "copydesk.toml", 'rule-dirs = ["house"]\nselect = ["CD090"]\n')
    article = write(tmp_path / "a.txt", "Title\nSources say the deal is done.\n")
    result, doc = lint_json(str(article))
    assert codes(doc) == ["CD090"]
    assert doc["files"][0]["findings"][0]["message"] == 'Name the source instead of "Sources say".'
    listing = runner.invoke(app, ["rules", "--config", str(tmp_path / "copydesk.toml")]).stdout
    assert "CD090   no-sources-say" in listing


def test_unknown_rule_code_in_config_is_an_error_naming_file_and_field(tmp_path):
    config = write(tmp_path / "pyproject.toml", '[tool.copydesk]\nignore = ["CD999"]\n')
    article = write(tmp_path / "a.txt", ARTICLE)
    result, doc = lint_json(str(article))
    assert result.exit_code == 2
    assert doc["files"][0]["error"] == (f"{config}: tool.copydesk.ignore: unknown rule code, prefix or name "
                                        "'CD999' (see `copydesk rules`)")


def test_unknown_key_and_bad_value_are_errors(tmp_path):
    article = write(tmp_path / "a.txt", ARTICLE)
    config = write(tmp_path / "copydesk.toml", 'selct = ["CD1"]\n')
    result, doc = lint_json(str(article))
    assert result.exit_code == 2
    assert doc["files"][0]["error"] == f"{config}: (table): unknown key 'selct'"
    write(tmp_path / "copydesk.toml", 'fail-on = "sometimes"\n')
    result, doc = lint_json(str(article))
    assert result.exit_code == 2
    assert doc["files"][0]["error"].startswith(f"{config}: fail-on: 'sometimes' is not one of")


def test_broken_toml_is_reported_with_its_place(tmp_path):
    config = write(tmp_path / "copydesk.toml", 'fail-on = "error"\nselect = CD1\n')
    article = write(tmp_path / "a.txt", ARTICLE)
    result, doc = lint_json(str(article))
    assert result.exit_code == 2
    assert doc["files"][0]["error"] == f"{config}: TOML syntax error: Invalid value (at line 2, column 10)"


def test_a_broken_config_does_not_stop_files_under_another_config(tmp_path):
    write(tmp_path / "bad" / "copydesk.toml", 'select = [\n')
    write(tmp_path / "good" / "copydesk.toml", 'select = ["CD101"]\n')
    bad = write(tmp_path / "bad" / "a.txt", ARTICLE)
    good = write(tmp_path / "good" / "a.txt", ARTICLE)
    result, doc = lint_json(str(bad), str(good))
    assert result.exit_code == 2
    assert doc["files"][0]["error"] is not None
    assert codes({"files": doc["files"][1:]}) == ["CD101"]


def test_exclude_skips_walked_files_but_not_named_ones(tmp_path):
    write(tmp_path / "copydesk.toml", 'select = ["CD101"]\nexclude = ["drafts/*"]\n')
    write(tmp_path / "drafts" / "a.txt", ARTICLE)
    kept = write(tmp_path / "final" / "a.txt", ARTICLE)
    _, doc = lint_json(str(tmp_path))
    assert [f["path"] for f in doc["files"]] == [str(kept)]
    _, doc = lint_json(str(tmp_path / "drafts" / "a.txt"))
    assert codes(doc) == ["CD101"]
