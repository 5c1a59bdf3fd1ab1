"""Golden files: the exact bytes of every report format on the seed.

The seed is linted with a pinned selection (duplication and boilerplate rules CD101, CD102, CD110),
so that new rules elsewhere do not change these files; the version is pinned too. Paths are
relative (the run starts in the repository root) and no format writes a timestamp.

After an intended change, regenerate and review the diff:

    COPYDESK_UPDATE_GOLDEN=1 python -m pytest -q tests/test_report_golden.py
    git diff tests/golden/
"""
from __future__ import annotations

import os
import re

import pytest
from typer.testing import CliRunner

from conftest import REPO
from linter.cli import app

GOLDEN = REPO / "tests" / "golden"
SELECTION = "CD101,CD102,CD110"
FORMATS = {"html": "html", "markdown": "md", "sarif": "sarif", "github": "txt", "junit": "xml",
           "gitlab": "json", "jsonl": "jsonl"}
UPDATE = os.environ.get("COPYDESK_UPDATE_GOLDEN") == "1"


def lint_seed(fmt: str, monkeypatch) -> str:
    monkeypatch.chdir(REPO)
    monkeypatch.setattr("linter.cli.__version__", "0.0.0-golden")
    result = CliRunner().invoke(app, ["lint", "seeds/dprk-russia-pact.txt", "--select", SELECTION,
                                      "--format", fmt])
    assert result.exit_code == 1, result.output  # the seed has an error-level finding (CD101)
    return result.stdout


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_format_matches_its_golden_file(fmt, monkeypatch):
    golden = GOLDEN / f"seed.{FORMATS[fmt]}"
    output = lint_seed(fmt, monkeypatch)
    if UPDATE:
        golden.write_bytes(output.encode("utf-8"))
    assert golden.is_file(), f"{golden} is missing; run with COPYDESK_UPDATE_GOLDEN=1 to create it"
    expected = golden.read_bytes().decode("utf-8")
    assert output == expected, f"{fmt} output differs from {golden.name}; see the module docstring"


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_golden_output_has_no_absolute_paths_or_timestamps(fmt):
    text = (GOLDEN / f"seed.{FORMATS[fmt]}").read_text(encoding="utf-8")
    assert str(REPO) not in text
    assert "file://" not in text
    assert not re.search(r"\d{4}-\d\d-\d\dT\d\d:\d\d", text)  # no ISO timestamps
