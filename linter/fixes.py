"""Applying fixes: choose the allowed ones, resolve overlaps, apply, lint again until stable, diff.

A finding's fix is a set of edits in file coordinates, marked safe or unsafe. As in ruff, a fix is
applied whole or not at all. When edits of two fixes collide, the fix that starts first wins (on a
tie: safe before unsafe, then the lower code); an edit identical to one already taken is shared,
so two rules asking for the same deletion both count as fixed. A fix that lost is tried again on
the next pass, after the text has been linted again. The loop stops when no fix is left (so a
second run changes nothing) or after ``MAX_PASSES``.

Only formats whose edits map cleanly onto the file are fixed: plain text always; Markdown and HTML
when the edit lies in text the reader copied verbatim (no tag, entity or emphasis marker inside);
Markdown also when it deletes whole blocks (widened to whole lines, so no emphasis marker is left
dangling). HTML block deletions are refused: a deleted paragraph would leave its tags behind. Other
formats (JSON, bilingual files) are not fixed at all.
"""
from __future__ import annotations

import bisect
import difflib
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from linter.document import Document
from linter.errors import CopydeskError, ReadError
from linter.finding import Edit, Finding

MAX_PASSES = 10
FIXABLE_FORMATS = ("text", "markdown", "html")
NOT_FIXABLE = "not fixed: fixes apply to .txt, .md and .html files only"

Lint = Callable[[str], list[Finding]]


# ---- choosing and applying -------------------------------------------------------------------

def conflicts(a: Edit, b: Edit) -> bool:
    """Two edits collide when they overlap, or when an insertion sits where the other starts."""
    if a.start < b.end and b.start < a.end:
        return True
    return a.start == b.start and (a.start == a.end or b.start == b.end)


@dataclass
class Selection:
    findings: list[Finding] = field(default_factory=list)  # whose fixes are applied
    edits: list[Edit] = field(default_factory=list)  # sorted, pairwise free of conflicts


def _priority(finding: Finding) -> tuple:
    edits = finding.fix.edits
    return (min(e.start for e in edits), not finding.fix.safe, finding.code,
            tuple((e.start, e.end, e.replacement) for e in edits))


def choose(findings: Iterable[Finding], *, unsafe: bool = False, length: int | None = None) -> Selection:
    """The fixes to apply in one pass: allowed (safe, or any with ``unsafe``), in bounds, no collisions."""
    candidates = [f for f in findings if f.fix is not None and f.fix.edits and (f.fix.safe or unsafe)]
    chosen = Selection()
    keys: list[tuple[int, int]] = []
    taken: set[Edit] = set()
    for finding in sorted(candidates, key=_priority):
        new = sorted(set(finding.fix.edits) - taken, key=lambda e: (e.start, e.end))
        if any(e.start > e.end or e.start < 0 or (length is not None and e.end > length) for e in new):
            continue
        if any(conflicts(a, b) for a, b in zip(new, new[1:])) or any(_collides(e, chosen.edits, keys) for e in new):
            continue
        for edit in new:
            i = bisect.bisect_left(keys, (edit.start, edit.end))
            keys.insert(i, (edit.start, edit.end))
            chosen.edits.insert(i, edit)
            taken.add(edit)
        chosen.findings.append(finding)
    return chosen


def _collides(edit: Edit, accepted: list[Edit], keys: list[tuple[int, int]]) -> bool:
    """Whether ``edit`` collides with the accepted edits (sorted and pairwise conflict-free)."""
    i = bisect.bisect_left(keys, (edit.start, edit.end))
    return any(conflicts(edit, accepted[j]) for j in (i - 1, i, i + 1) if 0 <= j < len(accepted))


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """``text`` with conflict-free ``edits`` applied (offsets refer to the original text)."""
    pieces, position = [], 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        pieces += [text[position:edit.start], edit.replacement]
        position = edit.end
    pieces.append(text[position:])
    return "".join(pieces)


@dataclass
class FixOutcome:
    before: str
    after: str
    applied: list[Finding]  # every finding whose fix went in, over all passes
    remaining: list[Finding]  # the findings of the fixed text
    passes: int
    converged: bool  # False: fixes were still pending after MAX_PASSES

    @property
    def changed(self) -> bool:
        return self.after != self.before


def fix_text(text: str, lint: Lint, *, unsafe: bool = False, max_passes: int = MAX_PASSES) -> FixOutcome:
    """Lint, apply the chosen fixes, and lint again until nothing is left to apply."""
    current, applied, passes = text, [], 0
    findings = lint(current)
    while passes < max_passes:
        chosen = choose(findings, unsafe=unsafe, length=len(current))
        fixed = apply_edits(current, chosen.edits)
        if fixed == current:
            return FixOutcome(text, current, applied, findings, passes, True)
        current, passes = fixed, passes + 1
        applied += chosen.findings
        findings = lint(current)
    settled = not choose(findings, unsafe=unsafe, length=len(current)).edits
    return FixOutcome(text, current, applied, findings, passes, settled)


def unified_diff(path: str, before: str, after: str) -> str:
    """A unified diff (``patch -p0`` applies it); lines end at ``\\n`` only, as in the file."""
    if before == after:
        return ""
    out = []
    for line in difflib.unified_diff(_lines(before), _lines(after), fromfile=path, tofile=path):
        out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out)


def _lines(text: str) -> list[str]:
    return re.findall(r"[^\n]*\n|[^\n]+\Z", text)


# ---- which edits map cleanly onto the file ---------------------------------------------------

class EditMapper:
    """Decides, for one document, whether a fix's file edits are safe to apply in its format."""

    def __init__(self, doc: Document, format_name: str):
        self.doc = doc
        self.format = format_name
        runs = sorted(doc.span_map.runs, key=lambda r: r.s_start) if doc.span_map else []
        self.runs = [r for r in runs if r.s_end > r.s_start]
        self.starts = [r.s_start for r in self.runs]

    def fix_of(self, finding: Finding) -> Finding:
        """The finding, with its fix's edits as they apply to the file, or with no fix at all."""
        if finding.fix is None or self.doc.span_map is None:
            return finding
        edits = [self._mapped(e) for e in finding.fix.edits]
        fix = replace(finding.fix, edits=tuple(edits)) if all(edits) else None
        return replace(finding, fix=fix)

    def _mapped(self, edit: Edit) -> Edit | None:
        if self._verbatim(edit):
            return edit
        if self.format == "markdown" and edit.replacement == "":
            return self._whole_lines(edit)
        return None

    def _run_at(self, offset: int):
        i = bisect.bisect_right(self.starts, offset) - 1
        return self.runs[i] if i >= 0 else None

    def _verbatim(self, edit: Edit) -> bool:
        """Inside a stretch the reader copied verbatim: runs of equal length, back to back in both texts."""
        i = bisect.bisect_right(self.starts, edit.start) - 1
        if i < 0 or not _copied(run := self.runs[i]) or edit.start > run.s_end:
            return False
        while edit.end > run.s_end:
            i += 1
            if i == len(self.runs):
                return False
            following = self.runs[i]
            if not _copied(following) or following.s_start != run.s_end or following.a_start != run.a_end:
                return False
            run = following
        return True

    def _has_text(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self.starts, end) - 1
        return i >= 0 and self.runs[i].s_end > start and start < end

    def _splits_run(self, offset: int) -> bool:
        run = self._run_at(offset)
        return run is not None and run.s_start < offset < run.s_end

    def _line_start(self, offset: int) -> int:
        lines = self.doc.source_lines
        return lines.starts[lines.position(offset)[0] - 1]

    def _line_end(self, offset: int) -> int:
        """Where the line holding ``offset`` ends, before its line break."""
        lines, source = self.doc.source_lines, self.doc.source
        line = lines.position(offset)[0]
        following = lines.starts[line] if line < len(lines.starts) else len(source)
        tail = source[max(0, following - 2):following]
        return following - (2 if tail == "\r\n" else 1 if tail[-1:] in ("\r", "\n") else 0)

    def _whole_lines(self, edit: Edit) -> Edit | None:
        """A block deletion widened to line boundaries over markup only; None if it cuts text."""
        start, end = edit.start, edit.end
        if self._splits_run(start) or self._splits_run(end):
            return None
        if not self._has_text(start, self._line_end(start)) and not self._has_text(end, self._line_end(end)):
            start, end = self._line_end(start), self._line_end(end)  # from the break before the block
        elif not self._has_text(self._line_start(start), start) and not self._has_text(self._line_start(end), end):
            start = self._line_start(start)  # a first block, up to the start of the next one
            end = self._line_start(end) if end < len(self.doc.source) else end
        else:
            return None
        if start >= end or self._splits_run(start) or self._splits_run(end):
            return None
        return Edit(start, end, "")


def _copied(run) -> bool:
    return run.a_end - run.a_start == run.s_end - run.s_start


# ---- files -----------------------------------------------------------------------------------

def read_article(display: str, text: str, options: dict | None = None,
                 suffix: str | None = None) -> tuple[Document, str]:
    """The document of an article file's decoded text, and its format's name (by extension)."""
    from linter.readers import format_for

    suffix = suffix or Path(display).suffix or ".txt"
    fmt = format_for(suffix)
    if fmt is None or not fmt.article:
        raise ReadError(f"unsupported article type {suffix!r}")
    doc = fmt.load()(display, text, options or {})
    if not isinstance(doc, Document):
        raise ReadError(f"{suffix} files hold more than one document")
    return doc, fmt.name


def article_lint(linter, display: str, path: Path | None, options: dict | None = None,
                 suffix: str | None = None) -> Lint:
    """Lint the text of one article, with only the fixes that map cleanly onto its format."""
    def lint(text: str) -> list[Finding]:
        if not text.strip():
            return []
        doc, format_name = read_article(display, text, options, suffix)
        mapper = EditMapper(doc, format_name)
        return [mapper.fix_of(f) for f in linter.lint(doc, path)]

    return lint


@dataclass
class FileFix:
    path: str
    before: str = ""
    after: str = ""
    applied: int = 0
    unsafe_left: int = 0  # findings whose only fix is unsafe and was not allowed
    converged: bool = True
    error: str | None = None  # could not be read, fixed or written (exit 2)
    unreadable: bool = False  # the error is the file's own, which the lint report names too
    notice: str | None = None  # skipped on purpose

    @property
    def changed(self) -> bool:
        return self.after != self.before

    def diff(self) -> str:
        return unified_diff(self.path, self.before, self.after)


def fix_paths(runner, paths: Iterable[str], *, unsafe: bool, write: bool) -> Iterator[FileFix]:
    """Fix every article the command line names (as ``Runner.run`` would lint it); write if asked."""
    from linter.runner import FileResult, expand

    for item in expand(paths, runner.stdin_filename):
        if isinstance(item, FileResult):
            yield FileFix(item.path, error=item.error, unreadable=True)
        elif (result := fix_target(runner, item, unsafe=unsafe, write=write)) is not None:
            yield result


def fix_target(runner, target, *, unsafe: bool, write: bool) -> FileFix | None:
    """One file: read it, fix it, and (``write``) replace it atomically if it did not change meanwhile."""
    from linter.config import is_excluded
    from linter.readers import format_for
    from linter.readers.decode import decode

    result = FileFix(target.display)
    try:
        settings = runner.settings_for(target)
        if target.path is not None and not target.explicit and is_excluded(target.path, settings):
            return None
        suffix = Path(target.display).suffix or ".txt"
        if format_for(suffix) is None and target.path is None:
            suffix = ".txt"  # standard input of an unknown type is read as plain text, as when linting
        fmt = format_for(suffix)
        if fmt is None or fmt.name not in FIXABLE_FORMATS:
            result.notice = NOT_FIXABLE
            return result
        if write and target.path is None:
            result.error = "standard input cannot be fixed in place; use --diff"
            return result
        linter = runner.linter_for(settings)
        data = runner._read_bytes(target, settings)
        text, _ = decode(data, encoding=settings.encoding, kind=fmt.name)
    except (CopydeskError, OSError) as exc:
        result.error, result.unreadable = _problem(exc, "cannot read"), True
        return result
    try:
        lint = article_lint(linter, target.display, target.path, dict(settings.options), suffix)
        outcome = fix_text(text, lint, unsafe=unsafe)
        result.before, result.after = text, outcome.after
        result.applied, result.converged = len(outcome.applied), outcome.converged
        result.unsafe_left = 0 if unsafe else sum(1 for f in outcome.remaining if f.fix and not f.fix.safe)
        if write and result.changed:
            _write_back(target.path, data, text, outcome.after, settings.encoding)
    except (CopydeskError, OSError) as exc:
        result.error, result.after = _problem(exc, "not fixed"), text
    return result


def _problem(exc: Exception, doing: str) -> str:
    if isinstance(exc, ReadError):
        return exc.located()
    if isinstance(exc, OSError):
        return f"{doing}: {exc.strerror or exc}"
    return str(exc)


def _write_back(path: Path, original: bytes, text: str, fixed: str, forced: str | None) -> None:
    """Replace the file atomically in its own encoding, unless it changed since it was read."""
    from linter.fileio import atomic_write

    codec, bom = _round_trip(original, text, forced)
    if codec is None:
        raise CopydeskError("not fixed: its encoding cannot be reproduced byte for byte; convert it to UTF-8")
    try:
        (bom + fixed).encode(codec)
    except UnicodeEncodeError as exc:
        raise CopydeskError(f"not fixed: the fix adds {exc.object[exc.start]!r}, which {codec} cannot "
                            "encode; convert the file to UTF-8") from None
    if path.read_bytes() != original:
        raise CopydeskError("not fixed: the file changed on disk while it was being fixed; run again")
    atomic_write(path, bom + fixed, encoding=codec)


def _round_trip(data: bytes, text: str, forced: str | None) -> tuple[str | None, str]:
    """(codec, BOM text) that turn ``text`` back into exactly ``data``; (None, "") if none does."""
    from linter.readers.decode import BOMS, LEGACY_ENCODINGS

    for bom, codec in BOMS:
        if data.startswith(bom):
            return (codec, "\ufeff") if data == ("\ufeff" + text).encode(codec) else (None, "")
    for codec in ([forced] if forced else []) + ["utf-8", "utf-16-le", "utf-16-be", *LEGACY_ENCODINGS]:
        try:
            if text.encode(codec) == data:
                return codec, ""
        except (UnicodeEncodeError, LookupError):
            continue
    return None, ""


def fix_messages(results: list[FileFix], *, write: bool, unsafe: bool) -> Iterator[str]:
    """What a fixing run tells the user on standard error."""
    for r in results:
        if r.error and not (r.unreadable and write):  # when writing, the lint that follows names it
            yield f"copydesk: error: {r.path}: {r.error}"
        elif r.notice:
            yield f"copydesk: warning: {r.path}: {r.notice}"
        elif not r.converged:
            yield (f"copydesk: warning: {r.path}: fixes were still pending after {MAX_PASSES} passes; "
                   "check the result")
    changed = [r for r in results if r.changed]
    count = sum(r.applied for r in changed)
    if changed:
        verb = "fixed" if write else "would fix"
        yield (f"copydesk: {verb} {count} finding{'s' * (count != 1)} in {len(changed)} "
               f"file{'s' * (len(changed) != 1)}")
    else:
        yield "copydesk: nothing to fix"
    left = sum(r.unsafe_left for r in results)
    if left and not unsafe:
        yield (f"copydesk: {left} more fix{'es' * (left != 1)} {'are' if left != 1 else 'is'} unsafe: "
               "review with --diff --unsafe-fixes, apply with --fix --unsafe-fixes")
