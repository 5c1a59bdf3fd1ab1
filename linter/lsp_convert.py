"""From findings to LSP values: positions in the negotiated encoding, diagnostics, code actions.

Findings count code points; LSP positions count UTF-16 code units unless client and server agreed
on ``utf-32`` (or ``utf-8``) at initialisation. Lines end at ``\\n``, ``\\r\\n`` or ``\\r`` in both
(the document model's :class:`LineIndex`), unlike ``str.splitlines``, which also breaks at U+2028
and friends and would shift every position after one.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace

from lsprotocol import types

from linter.document import LineIndex
from linter.finding import Finding

SOURCE = "copydesk"
FIX_ALL_KIND = f"{types.CodeActionKind.SourceFixAll.value}.copydesk"
SEVERITY = {"error": types.DiagnosticSeverity.Error, "warning": types.DiagnosticSeverity.Warning,
            "info": types.DiagnosticSeverity.Information}


class PositionMap:
    """Code-point offsets of one text <-> LSP positions in ``encoding`` (utf-8, utf-16, utf-32)."""

    def __init__(self, text: str, encoding: str = "utf-16"):
        self.text = text
        self.encoding = str(getattr(encoding, "value", encoding))  # PositionEncodingKind or its value
        self.lines = LineIndex(text)

    def _units(self, segment: str) -> int:
        if self.encoding == "utf-32":
            return len(segment)
        if self.encoding == "utf-8":
            return len(segment.encode("utf-8", "surrogatepass"))
        return len(segment) + sum(1 for ch in segment if ch > "\uffff")

    def position(self, offset: int) -> types.Position:
        line, column = self.lines.position(offset)
        start = self.lines.starts[line - 1]
        return types.Position(line=line - 1, character=self._units(self.text[start:start + column - 1]))

    def range(self, start: int, end: int) -> types.Range:
        return types.Range(start=self.position(start), end=self.position(end))

    def _line_bounds(self, line: int) -> tuple[int, int]:
        starts = self.lines.starts
        start = starts[line]
        end = starts[line + 1] if line + 1 < len(starts) else len(self.text)
        while end > start and self.text[end - 1] in "\r\n":
            end -= 1
        return start, end

    def offset(self, position: types.Position) -> int:
        """The code-point offset of a client position (clamped to its line, as the spec asks)."""
        if position.line >= len(self.lines.starts):
            return len(self.text)
        start, end = self._line_bounds(max(position.line, 0))
        if self.encoding == "utf-32":
            return min(start + max(position.character, 0), end)
        units = 0
        for i in range(start, end):
            if units >= position.character:
                return i
            units += self._units(self.text[i])
        return end


def diagnostic(finding: Finding, positions: PositionMap, docs_href: Callable[[str], str | None]) -> types.Diagnostic:
    href = docs_href(finding.code)
    return types.Diagnostic(
        range=positions.range(finding.offset, finding.end_offset),
        severity=SEVERITY.get(finding.severity, types.DiagnosticSeverity.Warning),
        code=finding.code,
        code_description=types.CodeDescription(href=href) if href else None,
        source=SOURCE,
        message=f"{finding.message} [{finding.category}]",
        data={"name": finding.name, "category": finding.category,
              "fix": None if finding.fix is None else ("safe" if finding.fix.safe else "unsafe")},
    )


def _text_edits(edits, positions: PositionMap) -> list[types.TextEdit]:
    return [types.TextEdit(range=positions.range(e.start, e.end), new_text=e.replacement)
            for e in sorted(edits, key=lambda e: (e.start, e.end))]


def _workspace_edit(uri: str, version: int | None, edits: list[types.TextEdit],
                    document_changes: bool) -> types.WorkspaceEdit:
    if document_changes:
        identifier = types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=version)
        return types.WorkspaceEdit(document_changes=[types.TextDocumentEdit(text_document=identifier, edits=edits)])
    return types.WorkspaceEdit(changes={uri: edits})


def code_actions(uri: str, version: int | None, findings: list[Finding], positions: PositionMap,
                 start: int, end: int, *, docs_href: Callable[[str], str | None], only: Iterable[str] | None = None,
                 document_changes: bool = True) -> list[types.CodeAction]:
    """Quick fixes for the fixable findings touching [start, end], and one action fixing all safe ones."""
    from linter.fixes import choose

    wanted = list(only or ())

    def allowed(kind: str) -> bool:
        return not wanted or any(kind == w or kind.startswith(w + ".") for w in wanted)

    actions = []
    if allowed(types.CodeActionKind.QuickFix.value):
        for f in findings:
            if f.fix is None or not (f.offset <= end and start <= f.end_offset):
                continue
            title = f"{f.code}: {f.fix.description or 'apply the fix'}" + ("" if f.fix.safe else " (unsafe)")
            actions.append(types.CodeAction(
                title=title, kind=types.CodeActionKind.QuickFix, is_preferred=f.fix.safe,
                diagnostics=[diagnostic(f, positions, docs_href)],
                edit=_workspace_edit(uri, version, _text_edits(f.fix.edits, positions), document_changes)))
    safe = choose(findings, length=len(positions.text))
    if safe.edits and allowed(FIX_ALL_KIND):
        count = len(safe.findings)
        actions.append(types.CodeAction(
            title=f"copydesk: fix all safe problems ({count})", kind=FIX_ALL_KIND,
            edit=_workspace_edit(uri, version, _text_edits(safe.edits, positions), document_changes)))
    return actions


def common_ends(old: str, new: str) -> tuple[int, int]:
    """Lengths of the longest common prefix and (not overlapping it) suffix of two texts."""
    def longest(same: Callable[[int], bool], limit: int) -> int:
        lo, hi = 0, limit
        while lo < hi:
            mid = (lo + hi + 1) // 2
            lo, hi = (mid, hi) if same(mid) else (lo, mid - 1)
        return lo

    limit = min(len(old), len(new))
    prefix = longest(lambda n: old[:n] == new[:n], limit)
    suffix = longest(lambda n: old[len(old) - n:] == new[len(new) - n:], limit - prefix)
    return prefix, suffix


def carry_over(findings: list[Finding], old: str, new: str) -> list[Finding]:
    """Findings of ``old`` that the edit to ``new`` left untouched, moved to their new offsets.

    Used for LanguageTool's findings, which are computed on save only: typing keeps the ones
    before and after the edited region (only their offsets count here, not line and column) and
    drops the ones inside it. A fix reaching into the edited region is dropped.
    """
    if old == new or not findings:
        return findings
    prefix, suffix = common_ends(old, new)
    changed_end, shift = len(old) - suffix, len(new) - len(old)

    def side(start: int, end: int) -> int | None:
        return 0 if end <= prefix else shift if start >= changed_end else None

    kept = []
    for f in findings:
        delta = side(f.offset, f.end_offset)
        if delta is None:
            continue
        fix = f.fix
        if fix is not None:
            moved = [e for e in fix.edits if side(e.start, e.end) == delta]
            fix = None if len(moved) != len(fix.edits) else replace(fix, edits=tuple(
                replace(e, start=e.start + delta, end=e.end + delta) for e in moved))
        kept.append(replace(f, offset=f.offset + delta, end_offset=f.end_offset + delta, fix=fix))
    return kept
