"""CI integration files: the pre-commit hook runs as declared; the composite action is consistent."""
from __future__ import annotations

import re
import shlex
import subprocess
import sys

import yaml

from conftest import REPO
from linter.report import FORMATS


def test_pre_commit_hook_selects_articles_and_its_entry_lints_them():
    (hook,) = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "copydesk" and hook["language"] == "python"
    files = re.compile(hook["files"])
    assert [bool(files.search(p)) for p in ("a.md", "news/b.html", "c.txt", "setup.py", "d.json")] == \
        [True, True, True, False, False]
    command, *entry_args = shlex.split(hook["entry"])
    assert command == "copydesk"
    proc = subprocess.run([sys.executable, "-m", "linter", *entry_args, *hook["args"], "--select", "CD101",
                           "seeds/dprk-russia-pact.txt"], capture_output=True, text=True, cwd=REPO)
    assert proc.returncode == 1  # pre-commit fails the commit
    assert proc.stdout.splitlines()[0].startswith("seeds/dprk-russia-pact.txt:3:1: CD101 [error]")


def test_action_declares_every_input_it_uses_and_uploads_sarif():
    text = (REPO / "action.yml").read_text(encoding="utf-8")
    action = yaml.safe_load(text)
    assert action["runs"]["using"] == "composite"
    used = set(re.findall(r"inputs\.([a-z-]+)", text))
    assert used == set(action["inputs"])
    steps = action["runs"]["steps"]
    assert all(step.get("shell") == "bash" for step in steps if "run" in step)
    assert any(step.get("uses", "").startswith("github/codeql-action/upload-sarif@") for step in steps)
    lint = next(step for step in steps if step.get("id") == "lint")["run"]
    assert set(re.findall(r"--format (\w+)", lint)) == {"sarif", "github"} <= set(FORMATS)
    assert "${{" not in lint  # inputs reach the shell through env, never spliced into the script
