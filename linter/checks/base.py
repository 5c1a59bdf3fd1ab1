"""What every check kind shares: the interface, scopes, and regex compilation with clear errors."""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from linter.document import Document
from linter.errors import RulePackError
from linter.finding import Hit


@dataclass
class Context:
    """What a kind may need beyond its rules: per-kind options from the configuration."""

    options: dict = field(default_factory=dict)

    def for_kind(self, kind: str) -> dict:
        return self.options.get(kind, {})


class CheckKind:
    """Base of every kind. Subclasses set ``name``, ``params_schema`` and ``default_scope``."""

    name = ""
    params_schema: dict = {"type": "object"}
    default_scope = "sentence"

    def __init__(self, rules: list, context: Context | None = None):
        self.rules = list(rules)
        self.context = context or Context()

    @classmethod
    def validate_rule(cls, data: dict, params: dict, path: str) -> None:
        """Checks a schema cannot express (regexes compile, lists agree); raise RulePackError."""

    def run(self, doc: Document) -> Iterable[Hit]:
        raise NotImplementedError

    def scope_of(self, rule) -> str:
        return rule.scope or self.default_scope


def compile_regex(pattern: str, flags: int, where: str) -> re.Pattern:
    """``re.compile``, served from the compiled-regex cache across runs (start-up time)."""
    from linter import regexcache

    try:
        return regexcache.compile(pattern, flags)
    except re.error as exc:
        raise RulePackError(f"{where}: invalid regular expression {pattern!r}: {exc}") from None


def scope_spans(doc: Document, scope: str) -> Iterator[tuple[int, int]]:
    """The spans of ``doc.text`` a rule of this scope looks at."""
    if scope == "document":
        yield 0, len(doc.text)
    elif scope == "sentence":
        for s in doc.sentences:
            yield s.start, s.end
    else:
        for block in doc.blocks:
            if scope == "headline" and block.kind != "headline":
                continue
            if scope == "body" and block.kind == "headline":
                continue
            if scope == "line" and block.kind != "line":
                continue
            if scope == "paragraph" and block.kind != "paragraph":
                continue
            yield block.start, block.end


def compile_joined(regex: re.Pattern) -> re.Pattern | None:
    """``regex`` for spans joined by the separator (see :class:`ScopeSpans`), from the cache; the
    regex itself when it needs no change, None when it cannot run joined."""
    from linter import regexcache
    from linter.checks.prefilter import joined_pattern

    rewritten = regexcache.memo("joined", regex.pattern, regex.flags, joined_pattern)
    if rewritten is None:
        return None
    if rewritten == (regex.pattern, regex.flags):
        return regex
    return regexcache.compile(*rewritten)


def folded_text(doc: Document) -> str:
    """``prefilter.fold`` of the document's text, made once for every kind that looks for needles."""
    from linter.checks.prefilter import fold

    return doc.derived("folded", lambda: fold(doc.text))


def regex_needles(regex: re.Pattern) -> tuple[str, ...] | None:
    """``prefilter.needles`` of a compiled regex, from the cache."""
    from linter import regexcache
    from linter.checks.prefilter import needles

    return regexcache.memo("needles", regex.pattern, regex.flags, needles)


class ScopeSpans:
    """The spans of one scope of a document, and their texts joined once by a separator that no
    rule regex can match (:func:`compile_joined`), so that a regex runs over all of them, or a run
    of them, in one call: the Python work per span and per rule goes away, the matches stay those
    of each span alone. A document holding the separator is matched span by span."""

    def __init__(self, doc: Document, scope: str):
        from linter.checks.prefilter import SEPARATOR

        self.text = doc.text
        self.spans = list(scope_spans(doc, scope))
        self.starts = [start for start, _ in self.spans]
        self.joined: str | None = None
        self._word_runs: dict[str, object] = {}
        if SEPARATOR not in self.text:
            self.joined = SEPARATOR.join([self.text[s:e] for s, e in self.spans])
            self.offsets, at = [], 0
            for start, end in self.spans:
                self.offsets.append(at)
                at += end - start + 1

    @classmethod
    def of(cls, doc: Document, scope: str) -> ScopeSpans:
        return doc.derived(("scope-spans", scope), lambda: cls(doc, scope))

    def containing(self, folded: str, needles: tuple[str, ...]) -> list[int]:
        """Indexes, in order, of the spans holding one of ``needles`` (in ``folded``, the folded
        text): a few ``str.find`` calls per needle, however many spans."""
        from linter.checks.prefilter import spans_with

        if len(self.spans) <= 2:  # a headline, a line or two: look inside them only
            return [i for i, (start, end) in enumerate(self.spans)
                    if any(folded.find(needle, start, end) >= 0 for needle in needles)]
        return sorted(spans_with(folded, needles, self.spans, self.starts))

    def span_text(self, i: int) -> str:
        start, end = self.spans[i]
        return self.text[start:end]

    def finditer(self, regex: re.Pattern, joined: re.Pattern | None,
                 indexes: Iterable[int] | None = None) -> Iterator[tuple[int, re.Match, int]]:
        """``(i, match, shift)`` for each match of ``regex`` in span ``i`` (every span, or the
        sorted ``indexes``), in span order: ``match`` offsets plus ``shift`` are offsets into
        ``doc.text``. ``joined`` is ``compile_joined(regex)``."""
        spans = self.spans
        if indexes is None:
            indexes = range(len(spans))
        if self.joined is None or joined is None:
            for i in indexes:
                start, end = spans[i]
                for match in regex.finditer(self.text[start:end]):
                    yield i, match, start
            return
        for first, last in _runs(indexes):
            stop = self.offsets[last] + spans[last][1] - spans[last][0]
            yield from self._located(joined.finditer(self.joined, self.offsets[first], stop), first)

    def _located(self, matches: Iterable[re.Match], i: int = 0) -> Iterator[tuple[int, re.Match, int]]:
        """``(i, match, shift)`` for matches over the joined text, in order, from span ``i`` on."""
        spans, offsets = self.spans, self.offsets
        end = offsets[i] + spans[i][1] - spans[i][0]
        for match in matches:
            while match.start() > end:  # an empty match at a span's end belongs to that span
                i += 1
                end = offsets[i] + spans[i][1] - spans[i][0]
            yield i, match, spans[i][0] - offsets[i]

    def word_runs(self, text: str):
        """``prefilter.WordRuns`` of ``text`` (the joined spans, or one span), made once."""
        from linter.checks.prefilter import WordRuns

        runs = self._word_runs.get(text)
        if runs is None:
            runs = self._word_runs[text] = WordRuns(text)
        return runs

    def match_at(self, regex: re.Pattern, joined: re.Pattern | None,
                 starts_of: Callable[[object], list[int]]) -> Iterator[tuple[int, re.Match, int]]:
        """:meth:`finditer` over every span for a regex whose matches all start at one of the
        offsets ``starts_of(word_runs(text))`` gives and are never empty: tried only there."""
        from linter.checks.prefilter import matches_at

        spans = self.spans
        if self.joined is None or joined is None:
            for i, (start, end) in enumerate(spans):
                text = self.text[start:end]
                for match in matches_at(regex, text, starts_of(self.word_runs(text))):
                    yield i, match, start
            return
        if spans:
            yield from self._located(matches_at(joined, self.joined, starts_of(self.word_runs(self.joined))))

    def unvetoed(self, found: Iterable[tuple[int, re.Match, int]],
                 unless: list[re.Pattern]) -> Iterator[tuple[int, re.Match, int]]:
        """The ``(i, match, shift)`` of ``found`` whose span no ``unless`` regex matches (each span
        is tried once, and only when it has a match)."""
        if not unless:
            yield from found
            return
        vetoed: dict[int, bool] = {}
        for i, match, shift in found:
            if i not in vetoed:
                text = self.span_text(i)
                vetoed[i] = any(u.search(text) for u in unless)
            if not vetoed[i]:
                yield i, match, shift


def _runs(indexes: Iterable[int]) -> Iterator[tuple[int, int]]:
    """(first, last) of each run of consecutive numbers in sorted ``indexes``."""
    first = last = None
    for i in indexes:
        if last is not None and i == last + 1:
            last = i
            continue
        if first is not None:
            yield first, last
        first = last = i
    if first is not None:
        yield first, last


def literal_alternation(phrases: Iterable[str]) -> str:
    """One regex alternative per phrase, longest first, spaces matching any whitespace run."""
    parts = sorted({p for p in phrases if p}, key=lambda p: (-len(p), p))  # deterministic: cacheable
    return "|".join(r"\s+".join(re.escape(w) for w in p.split()) for p in parts)


def match_case(template: str, original: str) -> str:
    """Give a replacement the capitalisation of the text it replaces (first letter, or all caps)."""
    if original.isupper() and len(original) > 1:
        return template.upper()
    if original[:1].isupper():
        return template[:1].upper() + template[1:]
    return template
