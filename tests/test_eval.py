"""``copydesk eval``: scoring against labels, label validation, gates, and the seed."""
from __future__ import annotations

import json

from typer.testing import CliRunner

from conftest import REPO
from linter.cli import app

runner = CliRunner()
ARTICLE = ("Same headline here\nSame headline here\nRead also: another story\n"
           "Asia Russia World Europe\nThe ministry said the talks would go on.\n")


def write_case(tmp_path, expected, must_not_flag, name="a"):
    (tmp_path / f"{name}.txt").write_text(ARTICLE, encoding="utf-8")
    labels = {"file": f"{name}.txt", "method": "written for the test", "expected": expected,
              "must_not_flag": must_not_flag}
    path = tmp_path / f"{name}.labels.json"
    path.write_text(json.dumps(labels), encoding="utf-8")
    return path


def run_eval(*args):
    return runner.invoke(app, ["eval", *args])


def test_scores_recall_false_alarms_and_unlabelled(tmp_path):
    write_case(tmp_path,
               expected=[{"category": "duplication", "excerpt": "Same headline here", "line": 2},
                         {"category": "garbled", "excerpt": "talks would go on", "line": 5, "note": "made up"}],
               must_not_flag=[{"category": "boilerplate", "excerpt": "Read also", "line": 3,
                               "note": "pretend it is fine"}])
    result = run_eval(str(tmp_path), "--format", "json", "--select", "CD1")
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert report["categories"]["duplication"] == {
        "expected": 1, "matched": 1, "recall": 1.0, "found": 1, "traps": 0, "false_alarms": 0,
        "unlabelled": 0, "precision": 1.0}
    assert report["categories"]["garbled"]["recall"] == 0.0
    assert report["categories"]["boilerplate"] == {
        "expected": 0, "matched": 0, "recall": None, "found": 2, "traps": 1, "false_alarms": 1,
        "unlabelled": 1, "precision": 0.0}
    assert [(m["line"], m["excerpt"]) for m in report["misses"]] == [(5, "talks would go on")]
    assert [(f["line"], f["code"]) for f in report["false_alarms"]] == [(3, "CD111")]
    assert [(u["line"], u["code"]) for u in report["unlabelled"]] == [(4, "CD110")]


def test_text_report_lists_misses_and_false_alarms(tmp_path):
    write_case(tmp_path,
               expected=[{"category": "garbled", "excerpt": "talks would go on", "line": 5}],
               must_not_flag=[{"category": "boilerplate", "excerpt": "Read also", "line": 3}])
    out = run_eval(str(tmp_path), "--select", "CD1").stdout
    assert "Missed (expected, not found):" in out
    assert f"{tmp_path / 'a.txt'}:5: [garbled] 'talks would go on'" in out
    assert "False alarms (must not flag):" in out
    assert f"{tmp_path / 'a.txt'}:3: CD111 [boilerplate] 'Read also: another story'" in out


def test_a_list_of_categories_matches_any(tmp_path):
    write_case(tmp_path, expected=[{"category": ["boilerplate", "duplication"], "excerpt": "Asia", "line": 4}],
               must_not_flag=[])
    report = json.loads(run_eval(str(tmp_path), "--format", "json", "--select", "CD110").stdout)
    assert report["categories"]["boilerplate"]["matched"] == 1


def test_wrong_excerpt_is_a_clear_error_and_other_label_files_still_run(tmp_path):
    bad = write_case(tmp_path, expected=[{"category": "duplication", "excerpt": "Not there", "line": 2}],
                     must_not_flag=[], name="bad")
    write_case(tmp_path, expected=[{"category": "duplication", "excerpt": "Same headline here", "line": 2}],
               must_not_flag=[], name="good")
    result = run_eval(str(tmp_path), "--format", "json", "--select", "CD1")
    assert result.exit_code == 2
    message = (f"{bad}: expected[0].excerpt: 'Not there' is not on line 2 of bad.txt "
               "(line 2 reads 'Same headline here')")
    assert f"copydesk: error: {message}" in result.stderr
    report = json.loads(result.stdout)
    assert report["errors"] == [message]
    assert report["categories"]["duplication"]["matched"] == 1


def test_label_schema_and_missing_article_errors(tmp_path):
    path = tmp_path / "x.labels.json"
    path.write_text(json.dumps({"file": "x.txt", "expected": [{"category": "nonsense", "excerpt": "a",
                                                                "line": 1}], "must_not_flag": []}))
    result = run_eval(str(path))
    assert result.exit_code == 2
    assert f"{path}: expected.0.category:" in result.stderr
    path.write_text(json.dumps({"file": "missing.txt", "expected": [], "must_not_flag": []}))
    result = run_eval(str(path))
    assert f"{path}: file: article 'missing.txt' not found" in result.stderr
    path.write_text("{not json")
    assert f"{path}: line 1, column 2: invalid JSON" in run_eval(str(path)).stderr


def test_bounds_gate_the_exit_code(tmp_path):
    write_case(tmp_path,
               expected=[{"category": "duplication", "excerpt": "Same headline here", "line": 2},
                         {"category": "garbled", "excerpt": "talks would go on", "line": 5}],
               must_not_flag=[{"category": "boilerplate", "excerpt": "Read also", "line": 3}])
    assert run_eval(str(tmp_path), "--select", "CD1", "--min-recall", "duplication=1.0").exit_code == 0
    failed = run_eval(str(tmp_path), "--select", "CD1", "--min-recall", "garbled=0.5")
    assert failed.exit_code == 1
    assert "bound failed: recall of garbled is 0.00, below the bound 0.5" in failed.stderr
    failed = run_eval(str(tmp_path), "--select", "CD1", "--max-false-alarms", "0")
    assert failed.exit_code == 1
    assert "1 false alarms, more than the bound 0" in failed.stderr
    assert run_eval(str(tmp_path), "--min-recall", "bogus=1").exit_code == 2


def test_markdown_table(tmp_path):
    write_case(tmp_path, expected=[{"category": "duplication", "excerpt": "Same headline here", "line": 2}],
               must_not_flag=[])
    out = run_eval(str(tmp_path), "--select", "CD101", "--format", "markdown").stdout
    assert "| category | expected | matched | recall |" in out
    assert "| duplication | 1 | 1 | 1.00 | 1 | 0 | 0 | 0 | 1.00 |" in out


def test_seed_structural_labels_are_all_found(monkeypatch):
    monkeypatch.chdir(REPO)
    report = json.loads(run_eval("seeds/", "--format", "json").stdout)
    assert report["categories"]["duplication"]["recall"] == 1.0
    assert report["categories"]["boilerplate"]["recall"] == 1.0
    assert report["total"]["false_alarms"] == 0
