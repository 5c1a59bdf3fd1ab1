"""``--format jsonl``: one JSON object a line, written as each file is linted (for very large runs).

A finding is ``{"type": "finding", "path": ..., <the JSON contract's finding fields>}``; a file that
could not be linted is ``{"type": "error", "path", "message"}`` and a file warning
``{"type": "warning", "path", "message"}``, so a pipeline never loses them. No summary line:
count the lines.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator


def _line(obj: dict) -> str:
    return json.dumps(obj, ensure_ascii=False) + "\n"


def stream(results: Iterable, context) -> Iterator[str]:
    for result in results:
        chunk = [_line({"type": "warning", "path": result.path, "message": w}) for w in result.warnings]
        if result.error:
            chunk.append(_line({"type": "error", "path": result.path, "message": result.error}))
        chunk += [_line({"type": "finding", "path": result.path, **f.to_dict()}) for f in result.findings]
        if chunk:
            yield "".join(chunk)


def render(results, context) -> str:
    return "".join(stream(results, context))
