"""``--format junit``: JUnit XML, read by CI test-report views (GitLab, Jenkins, Azure).

One ``<testcase>`` per file (its name is the path), one ``<failure>`` per finding, an ``<error>``
for a file that could not be linted. The ``failures`` counts are findings, not failing files.
Characters XML 1.0 cannot hold (stray control characters in a scraped article) are dropped.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text)


def _counts(results) -> dict[str, str]:
    return {"tests": str(len(results)), "failures": str(sum(len(r.findings) for r in results)),
            "errors": str(sum(1 for r in results if r.error)), "skipped": "0"}


def render(results, context) -> str:
    root = ET.Element("testsuites", {"name": "copydesk", **_counts(results)})
    suite = ET.SubElement(root, "testsuite", {"name": "copydesk", **_counts(results)})
    for result in results:
        case = ET.SubElement(suite, "testcase", {"classname": "copydesk", "name": _clean(result.path),
                                                 "file": _clean(result.path)})
        if result.error:
            ET.SubElement(case, "error", {"type": "ReadError", "message": _clean(result.error)})
        for f in result.findings:
            failure = ET.SubElement(case, "failure", {
                "type": f.code, "message": _clean(f"{f.line}:{f.column} {f.code} [{f.severity}] {f.message}")})
            body = [f"{result.path}:{f.line}:{f.column}: {f.code} {f.name} [{f.severity}] "
                    f"({f.category}) {f.message}", f"| {f.text}"]
            if f.suggestion:
                body.append(f"= suggestion: {f.suggestion}")
            failure.text = _clean("\n".join(body))
        if result.warnings:
            ET.SubElement(case, "system-out").text = _clean("\n".join(f"warning: {w}" for w in result.warnings))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
