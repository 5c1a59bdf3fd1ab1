"""Machine and paste formats: SARIF against the OASIS schema, JUnit counts, escaping, streaming."""
from __future__ import annotations

import importlib
import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import REPO, SHARED_DATA
from linter.cli import Format, app
from linter.finding import Finding
from linter.report import FORMATS, ReportContext, render, stream
from linter.runner import FileResult

SARIF_SCHEMA = Path(os.environ.get("COPYDESK_SARIF_SCHEMA",
                                   SHARED_DATA.parent / "schemas" / "sarif-schema-2.1.0.json"))


def invoke(*args: str):
    return CliRunner().invoke(app, list(args))


def finding(code="CD501", line=1, column=1, text="the the", message="msg", severity="warning",
            category="typography", offset=0) -> Finding:
    return Finding(code=code, name="doubled-word", category=category, severity=severity, message=message,
                   line=line, column=column, end_line=line, end_column=column + len(text), offset=offset,
                   end_offset=offset + len(text), text=text)


@pytest.fixture(scope="session")
def sarif_validator():
    if not SARIF_SCHEMA.is_file():
        pytest.skip(f"SARIF schema not found at {SARIF_SCHEMA} (set COPYDESK_SARIF_SCHEMA)")
    from jsonschema import Draft4Validator

    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    Draft4Validator.check_schema(schema)
    return Draft4Validator(schema)


def assert_valid(validator, document: dict) -> None:
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(document)]
    assert errors == []


def json_and(fmt: str, *args: str) -> tuple[dict, str]:
    """The JSON contract and another format's output for the same run."""
    return json.loads(invoke("lint", *args, "--format", "json").stdout), invoke("lint", *args, "--format", fmt).stdout


def test_cli_format_choices_are_the_registry():
    assert [f.value for f in Format] == list(FORMATS)
    for name, spec in FORMATS.items():
        module = importlib.import_module(spec.module)
        assert callable(module.render), name
        assert callable(getattr(module, "stream", None)) == spec.streams, name


def test_sarif_of_the_seed_validates_and_matches_the_json_findings(sarif_validator, monkeypatch):
    monkeypatch.chdir(REPO)
    contract, out = json_and("sarif", "seeds/dprk-russia-pact.txt", "nope.txt")
    sarif = json.loads(out)
    assert_valid(sarif_validator, sarif)
    run = sarif["runs"][0]
    findings = contract["files"][0]["findings"]
    assert [(r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in run["results"]] \
        == [(f["code"], f["line"]) for f in findings]
    rule_ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert rule_ids == sorted({f["code"] for f in findings})
    assert all(rule_ids[r["ruleIndex"]] == r["ruleId"] for r in run["results"])
    assert all(rule["help"]["text"].startswith(f"{rule['id']} ") for rule in run["tool"]["driver"]["rules"])
    notification = run["invocations"][0]["toolExecutionNotifications"][0]
    assert notification["level"] == "error" and notification["message"]["text"] == "no such file or directory"
    assert run["invocations"][0]["executionSuccessful"] is False
    headline_repeat = run["results"][0]
    assert headline_repeat["fixes"][0]["artifactChanges"][0]["replacements"] == [
        {"deletedRegion": {"charOffset": 44, "charLength": 46}, "insertedContent": {"text": ""}}]


def test_sarif_of_the_wmt23_articles_validates(sarif_validator, shared_data, monkeypatch):
    monkeypatch.chdir(shared_data)  # relative URIs, as a CI checkout has them
    sarif = json.loads(invoke("lint", "wmt23-news-toen/articles", "--format", "sarif").stdout)
    assert_valid(sarif_validator, sarif)
    results = sarif["runs"][0]["results"]
    assert results
    for result in results:
        location = result["locations"][0]["physicalLocation"]
        region = location["region"]
        text = Path(location["artifactLocation"]["uri"]).read_text(encoding="utf-8")
        assert text[region["charOffset"]:region["charOffset"] + region["charLength"]] == region["snippet"]["text"]
    fingerprints = [r["partialFingerprints"]["copydeskFinding/v1"] for r in results]
    assert len(set(fingerprints)) == len(fingerprints)


def test_junit_parses_and_its_counts_match_the_json(monkeypatch):
    monkeypatch.chdir(REPO)
    contract, out = json_and("junit", "seeds/dprk-russia-pact.txt", "nope.txt")
    root = ET.fromstring(out.encode("utf-8"))
    suite = root.find("testsuite")
    cases = suite.findall("testcase")
    assert [c.get("name") for c in cases] == ["seeds/dprk-russia-pact.txt", "nope.txt"]
    seed_findings = contract["files"][0]["findings"]
    assert [f.get("type") for f in cases[0].findall("failure")] == [f["code"] for f in seed_findings]
    assert cases[1].findall("failure") == [] and cases[1].find("error").get("message") == "no such file or directory"
    for element in (root, suite):
        assert (element.get("tests"), element.get("failures"), element.get("errors")) == \
            ("2", str(len(seed_findings)), "1")


def test_junit_drops_characters_xml_cannot_hold():
    result = FileResult("a.txt", [finding(text="bad\x0bchar", message="m\x01")])
    root = ET.fromstring(render("junit", [result], ReportContext()))
    failure = root.find("testsuite/testcase/failure")
    assert failure.get("message") == "1:1 CD501 [warning] m"
    assert failure.text.endswith("| badchar")


def test_github_annotations_escape_values_and_map_levels():
    results = [FileResult("dir,with:odd/a%b.md", [finding(severity="info", message="line one\nline two 100%")],
                          warnings=["decoded as cp1251"]),
               FileResult("gone.txt", error="no such file or directory")]
    assert render("github", results, ReportContext()).splitlines() == [
        "::warning file=dir%2Cwith%3Aodd/a%25b.md,title=copydesk::decoded as cp1251",
        "::notice file=dir%2Cwith%3Aodd/a%25b.md,line=1,col=1,endLine=1,endColumn=8,"
        "title=CD501 doubled-word::line one%0Aline two 100%25",
        "::error file=gone.txt,title=copydesk%3A cannot lint::no such file or directory",
        "Found 1 finding (0 error, 0 warning, 1 info) in 2 files; 1 file(s) could not be linted.",
    ]


def test_markdown_escapes_article_text_and_counts_clean_files():
    results = [FileResult("a.md", [finding(text="<script>x|y</script>", message="Use *this* | not that")]),
               FileResult("clean.md"), FileResult("clean2.md")]
    out = render("markdown", results, ReportContext())
    row = next(line for line in out.splitlines() if line.startswith("| 1:1"))
    assert row == (r"| 1:1 | CD501 doubled-word | warning | Use \*this\* \| not that "
                   r"| \<script\>x\|y\</script\> |")
    assert "2 files without findings." in out
    assert out.startswith("## copydesk: 1 finding in 3 files\n")


def test_jsonl_streams_one_chunk_per_file_as_results_arrive():
    consumed = []

    def results():
        for name in ("a.txt", "b.txt"):
            consumed.append(name)
            yield FileResult(name, [finding()])

    chunks = stream("jsonl", results(), ReportContext())
    first = next(chunks)
    assert consumed == ["a.txt"]
    assert json.loads(first) == {"type": "finding", "path": "a.txt", **finding().to_dict()}
    assert len(list(chunks)) == 1 and consumed == ["a.txt", "b.txt"]


def test_jsonl_from_the_cli_has_every_finding_and_error(monkeypatch):
    monkeypatch.chdir(REPO)
    contract, out = json_and("jsonl", "seeds/dprk-russia-pact.txt", "nope.txt")
    rows = [json.loads(line) for line in out.splitlines()]
    assert rows[-1] == {"type": "error", "path": "nope.txt", "message": "no such file or directory"}
    assert rows[:-1] == [{"type": "finding", "path": "seeds/dprk-russia-pact.txt", **f}
                         for f in contract["files"][0]["findings"]]


def test_gitlab_issues_carry_unique_fingerprints_and_lines(monkeypatch):
    monkeypatch.chdir(REPO)
    contract, out = json_and("gitlab", "seeds/dprk-russia-pact.txt")
    issues = json.loads(out)
    assert [(i["check_name"], i["location"]["lines"]["begin"]) for i in issues] == \
        [(f["code"], f["line"]) for f in contract["files"][0]["findings"]]
    assert len({i["fingerprint"] for i in issues}) == len(issues)
    assert {i["severity"] for i in issues} <= {"info", "minor", "major"}
