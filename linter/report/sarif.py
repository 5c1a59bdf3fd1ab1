"""``--format sarif``: SARIF 2.1.0, for GitHub code scanning and other static-analysis viewers.

Rules carry their documentation (what ``copydesk explain`` prints) as help text; results carry
regions in code points (``columnKind: unicodeCodePoints``), the flagged text as the snippet, fixes
as replacements, and ``partialFingerprints`` from the baseline key so that an alert survives
unrelated edits. Files that could not be linted are tool execution notifications.
"""
from __future__ import annotations

import json
from pathlib import PurePath
from urllib.parse import quote

from linter.baseline import fingerprints

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
FINGERPRINT = "copydeskFinding/v1"


def uri(path: str) -> str:
    pure = PurePath(path)
    return pure.as_uri() if pure.is_absolute() else quote(pure.as_posix())


def _descriptor(code: str, finding, rule) -> dict:
    out = {"id": code, "name": finding.name,
           "defaultConfiguration": {"level": LEVELS[rule.severity if rule else finding.severity]},
           "properties": {"category": finding.category, "tags": ["copydesk", finding.category]}}
    if rule is None:
        out["shortDescription"] = {"text": finding.message}
        return out
    from linter.cli import explain_text

    description = " ".join(rule.description.split())
    out["shortDescription"] = {"text": description.split(". ")[0].rstrip(".") + "."}
    out["fullDescription"] = {"text": description}
    out["help"] = {"text": explain_text(rule)}
    return out


def _location(path: str, f) -> dict:
    return {"physicalLocation": {
        "artifactLocation": {"uri": uri(path)},
        "region": {"startLine": f.line, "startColumn": f.column, "endLine": f.end_line, "endColumn": f.end_column,
                   "charOffset": f.offset, "charLength": f.end_offset - f.offset, "snippet": {"text": f.text}},
    }}


def _fix(path: str, fix) -> dict:
    return {"description": {"text": fix.description or "apply the suggested edit"},
            "artifactChanges": [{"artifactLocation": {"uri": uri(path)}, "replacements": [
                {"deletedRegion": {"charOffset": e.start, "charLength": e.end - e.start},
                 "insertedContent": {"text": e.replacement}} for e in fix.edits]}]}


def _notification(level: str, path: str, text: str) -> dict:
    return {"level": level, "message": {"text": text},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri(path)}}}]}


def document(results, context) -> dict:
    known = context.rules_by_code()
    rules: dict[str, dict] = {}
    sarif_results = []
    for result in results:
        marks = fingerprints(result) if result.findings else []
        for f, mark in zip(result.findings, marks):
            if f.code not in rules:
                rules[f.code] = _descriptor(f.code, f, known.get(f.code))
            message = f.message if not f.suggestion else f"{f.message} Suggestion: {f.suggestion}"
            item = {"ruleId": f.code, "level": LEVELS[f.severity], "message": {"text": message},
                    "locations": [_location(result.path, f)], "partialFingerprints": {FINGERPRINT: mark}}
            if f.fix is not None:
                item["fixes"] = [_fix(result.path, f.fix)]
            sarif_results.append(item)
    index = {code: i for i, code in enumerate(sorted(rules))}
    for item in sarif_results:
        item["ruleIndex"] = index[item["ruleId"]]
    notifications = [_notification("warning", r.path, w) for r in results for w in r.warnings]
    notifications += [_notification("error", r.path, r.error) for r in results if r.error]
    driver = {"name": "copydesk", "rules": [rules[code] for code in index]}
    if context.version:
        driver.update(version=context.version, semanticVersion=context.version)
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [{
        "tool": {"driver": driver},
        "invocations": [{"executionSuccessful": not any(r.error for r in results),
                         "toolExecutionNotifications": notifications}],
        "columnKind": "unicodeCodePoints",
        "results": sarif_results,
    }]}


def render(results, context) -> str:
    return json.dumps(document(results, context), ensure_ascii=False, indent=1) + "\n"
