"""The engine: selected rules, grouped by check kind, run over a document; hits become findings.

Each kind runs once per document with all of its rules. Hits are in article coordinates; the
engine maps them to the decoded file, formats messages, builds fixes, applies per-file ignores,
severity overrides and inline suppressions, and returns findings in document order.
"""
from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from linter import suppress
from linter.checks import get_kind
from linter.checks.base import Context
from linter.checks.pattern import _Missing
from linter.config import (Settings, check_selectors, ignored_for_file, select_rules, severity_for,
                           _specificity)
from linter.document import Document
from linter.finding import Edit, Finding, Fix, Hit
from linter.rulepack import RulePack, load_rules


class Linter:
    """Rules selected by one configuration, compiled once, applied to many documents."""

    def __init__(self, settings: Settings | None = None, pack: RulePack | None = None):
        self.settings = settings or Settings()
        pack = pack or load_rules(self.settings.rule_dirs)
        self.all_rules = pack.rules
        where = self.settings.label
        prefix = "tool.copydesk." if self.settings.path and self.settings.path.name == "pyproject.toml" else ""
        for name, selectors in (("select", self.settings.select or ()), ("ignore", self.settings.ignore),
                                ("extend-select", self.settings.extend_select),
                                ("severity", tuple(k for k, _ in self.settings.severity))):
            check_selectors(tuple(selectors), pack.rules, f"{where}: {prefix}{name}")
        for glob, selectors in self.settings.per_file_ignores:
            check_selectors(selectors, pack.rules, f"{where}: {prefix}per-file-ignores.{glob!r}")
        self.rules = select_rules(pack.rules, self.settings)
        self.severity = {r.code: severity_for(r, self.settings) for r in self.rules}
        context = Context(options=dict(self.settings.options))
        by_kind: dict[str, list] = defaultdict(list)
        for rule in self.rules:
            by_kind[rule.kind].append(rule)
        self.kinds = [get_kind(kind)(rules, context) for kind, rules in sorted(by_kind.items())]

    def lint(self, doc: Document, path: Path | None = None) -> list[Finding]:
        ignored = ignored_for_file(path, self.settings)
        findings: dict[tuple, Finding] = {}
        for kind in self.kinds:
            for hit in kind.run(doc):
                if ignored and any(_specificity(s, hit.rule) for s in ignored):
                    continue
                finding = self._finding(doc, hit)
                # one finding per span and category: two rules saying the same thing about the
                # same text (a "Read also:" line that is also the article's last line) is noise
                key = (finding.category, finding.offset, finding.end_offset)
                kept = findings.get(key)
                if kept is None or finding.code < kept.code:
                    findings[key] = finding
        result = sorted(findings.values(), key=lambda f: f.sort_key)
        result, warnings = suppress.apply(doc.source, result, self.all_rules, self.rules)
        doc.warnings.extend(warnings)
        return result

    def _finding(self, doc: Document, hit: Hit) -> Finding:
        rule = hit.rule
        start, end = doc.to_source(hit.start, hit.end)
        line, column = doc.source_lines.position(start)
        end_line, end_column = doc.source_lines.position(end)
        message = hit.message or rule.message.format_map(_Missing(hit.args))
        return Finding(
            code=rule.code, name=rule.name, category=rule.category, severity=self.severity[rule.code],
            message=message, line=line, column=column, end_line=end_line, end_column=end_column,
            offset=start, end_offset=end, text=doc.source[start:end], suggestion=hit.suggestion,
            fix=self._fix(doc, hit),
        )

    def _fix(self, doc: Document, hit: Hit) -> Fix | None:
        spec = hit.rule.fix
        if not spec:
            return None
        edits = hit.edits
        if edits is None:
            edits = _edits_for(doc, hit, spec["action"])
        if not edits:
            return None
        mapped = []
        for edit in edits:
            s, e = doc.to_source(edit.start, edit.end)
            mapped.append(Edit(s, e, edit.replacement))
        return Fix(tuple(mapped), spec["safe"], spec.get("description", ""))


def _edits_for(doc: Document, hit: Hit, action: str) -> tuple[Edit, ...] | None:
    """The edits a rule's declared fix action means for this hit, in article coordinates."""
    if action == "replace":
        return None if hit.suggestion is None else (Edit(hit.start, hit.end, hit.suggestion),)
    if action == "delete":
        end = hit.end
        start = hit.start
        if end < len(doc.text) and doc.text[end] == " ":
            end += 1
        elif start > 0 and doc.text[start - 1] == " ":
            start -= 1
        return (Edit(start, end, ""),)
    if action == "delete-block":
        block = doc.block_at(hit.start)
        if block is not None:
            previous = doc.blocks[block.index - 1] if block.index > 0 else None
            following = doc.blocks[block.index + 1] if block.index + 1 < len(doc.blocks) else None
            if previous is not None:
                return (Edit(previous.end, block.end, ""),)
            return (Edit(block.start, following.start if following else len(doc.text), ""),)
    return None
