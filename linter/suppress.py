"""Inline suppression comments, as editors write them in Markdown and HTML articles.

    <!-- copydesk-disable CD101, CD2 -->   ...   <!-- copydesk-enable -->
    <!-- copydesk-disable-next-line CD201 -->

Selectors are rule codes, code prefixes or rule names (commas or spaces between them); none means
every rule. A ``disable`` region runs from its comment to the next ``copydesk-enable`` that names
it or names nothing (``copydesk-enable CD101`` inside a wider region switches just CD101 back on),
or to the end of the file. ``disable-next-line`` covers findings that start on the next non-blank
line. Directives are found by scanning the decoded file, so they work whatever the reader (and
in plain text too). A directive that suppressed nothing, names no rule or closes nothing becomes
a file warning, so stale comments do not pile up.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from linter.document import LineIndex

_DIRECTIVE = re.compile(r"<!--\s*copydesk-(?P<verb>[A-Za-z-]*)(?P<args>[^<>]*?)\s*-->")
_SPLIT = re.compile(r"[\s,]+")
_CODE_PREFIX = re.compile(r"CD\d{0,3}", re.I)
VERBS = ("disable", "enable", "disable-next-line")


def _covers(selector: str, code_or_name: str) -> bool:
    """Whether ``selector`` (a code, code prefix or rule name) takes in ``code_or_name``."""
    return selector == code_or_name or bool(_CODE_PREFIX.fullmatch(selector)
                                            and code_or_name.upper().startswith(selector.upper()))


def _names(selectors, code: str, name: str) -> bool:
    return any(_covers(s, code) or s == name for s in selectors)


@dataclass
class Directive:
    verb: str
    selectors: tuple[str, ...]
    line: int
    used: int = 0

    def applies_to(self, code: str, name: str) -> bool:
        return not self.selectors or _names(self.selectors, code, name)

    def label(self) -> str:
        return " ".join((f"copydesk-{self.verb}", *self.selectors))


@dataclass
class Region:
    """Findings starting in [start, end) that the directive names (and ``exclude`` does not)."""

    directive: Directive
    start: int
    end: int
    exclude: set[str] = field(default_factory=set)  # re-enabled by a narrower copydesk-enable

    def covers(self, finding) -> bool:
        return (self.start <= finding.offset < self.end
                and self.directive.applies_to(finding.code, finding.name)
                and not _names(self.exclude, finding.code, finding.name))


def _next_content_line(source: str, lines: LineIndex, line: int) -> int | None:
    for n in range(line + 1, len(lines.starts) + 1):
        start = lines.starts[n - 1]
        end = lines.starts[n] if n < len(lines.starts) else len(source)
        if source[start:end].strip():
            return n
    return None


def parse(source: str, rules) -> tuple[list[Region], dict[int, list[Directive]], list[Directive], list]:
    """(regions, next-line directives by target line, all directives, (line, warning) pairs)."""
    lines = LineIndex(source)
    regions: list[Region] = []
    open_regions: list[Region] = []
    next_line: dict[int, list[Directive]] = {}
    directives: list[Directive] = []
    warnings: list[tuple[int, str]] = []
    for match in _DIRECTIVE.finditer(source):
        line = lines.position(match.start())[0]
        verb = match.group("verb").lower()
        selectors = tuple(s for s in _SPLIT.split(match.group("args").strip()) if s)
        if verb not in VERBS:
            warnings.append((line, f"unknown directive 'copydesk-{verb}'; use "
                             + ", ".join(f"copydesk-{v}" for v in VERBS)))
            continue
        unknown = [s for s in selectors if not any(_names((s,), r.code, r.name) for r in rules)]
        if unknown:
            warnings.append((line, f"copydesk-{verb}: {', '.join(map(repr, unknown))} names no rule "
                                   "(see `copydesk rules`)"))
        directive = Directive(verb, selectors, line)
        if verb == "disable":
            directives.append(directive)
            region = Region(directive, match.end(), len(source))
            regions.append(region)
            open_regions.append(region)
        elif verb == "disable-next-line":
            directives.append(directive)
            target = _next_content_line(source, lines, lines.position(match.end())[0])
            if target is not None:
                next_line.setdefault(target, []).append(directive)
        else:
            if not open_regions:
                warnings.append((line, "copydesk-enable with no copydesk-disable open before it"))
            open_regions = _enable(open_regions, selectors, match.start(), regions)
    return regions, next_line, directives, warnings


def _enable(open_regions: list[Region], selectors: tuple[str, ...], at: int, regions: list[Region]) -> list[Region]:
    """Close the open regions at ``at``; what ``selectors`` does not switch on goes on in a new region."""
    still_open = []
    for region in open_regions:
        end, region.end = region.end, at
        include = region.directive.selectors
        if not selectors or (include and all(any(_covers(s, i) for s in selectors) for i in include)):
            continue
        still_open.append(Region(region.directive, at, end, region.exclude | set(selectors)))
    regions.extend(still_open)
    return still_open


def apply(source: str, findings: list, rules, enabled) -> tuple[list, list[str]]:
    """(findings not suppressed, warnings) for one file; ``rules`` known, ``enabled`` those that ran."""
    if "copydesk-" not in source:
        return findings, []
    regions, next_line, directives, warnings = parse(source, rules)
    kept = []
    for finding in findings:
        hits = [r.directive for r in regions if r.covers(finding)]
        hits += [d for d in next_line.get(finding.line, ()) if d.applies_to(finding.code, finding.name)]
        for directive in hits:
            directive.used += 1
        if not hits:
            kept.append(finding)
    for directive in directives:
        if not directive.used and any(directive.applies_to(r.code, r.name) for r in enabled):
            warnings.append((directive.line, f"<!-- {directive.label()} --> suppressed nothing; remove it"))
    return kept, [f"line {line}: {text}" for line, text in sorted(warnings, key=lambda w: w[0])]
