"""``--format gitlab``: a GitLab code quality report (the Code Climate issue subset GitLab reads).

Each finding: ``description``, ``check_name`` (the code), ``fingerprint`` (stable across unrelated
edits: the baseline key, see :mod:`linter.baseline`), ``severity`` and ``location.path/lines``.
Files that could not be linted are not code quality issues; the exit code reports them.
"""
from __future__ import annotations

import json

from linter.baseline import fingerprints

SEVERITIES = {"error": "major", "warning": "minor", "info": "info"}


def render(results, context) -> str:
    issues = []
    for result in results:
        if not result.findings:
            continue
        for f, fingerprint in zip(result.findings, fingerprints(result)):
            issues.append({
                "type": "issue",
                "description": f"{f.code} {f.message}",
                "check_name": f.code,
                "fingerprint": fingerprint,
                "severity": SEVERITIES[f.severity],
                "location": {"path": result.path, "lines": {"begin": f.line, "end": f.end_line}},
            })
    return json.dumps(issues, ensure_ascii=False, indent=1) + "\n"
