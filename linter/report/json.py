"""``--format json``: the contract of DESIGN.md, one object for the whole run."""
from __future__ import annotations

import json

from linter.report import summary


def document(results) -> dict:
    return {"version": 1, "files": [r.to_dict() for r in results], "summary": summary(results)}


def render(results, context) -> str:
    return json.dumps(document(results), ensure_ascii=False, indent=1) + "\n"
