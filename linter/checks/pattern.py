"""Kind ``pattern``: regular expressions matched in a scope (sentence, block, headline, ...).

The flagged span is the whole match or the named group ``params.group``; named groups fill the
message and suggestion templates. ``unless`` vetoes a match when the scope text matches it;
``exceptions`` vetoes a match whose flagged text matches one of them entirely.
"""
from __future__ import annotations

import re
from collections.abc import Iterator, Set as AbstractSet
from functools import partial
from operator import itemgetter

from linter.checks.base import (CheckKind, ScopeSpans, compile_joined, compile_regex, folded_text,
                                literal_alternation)
from linter import regexcache
from linter.checks.prefilter import aho_corasick, needles, repeated_word_starts
from linter.errors import RulePackError
from linter.finding import Hit

REGEX_LIST = {"type": "array", "items": {"type": "string", "minLength": 1}}


class CompiledPattern:
    """One rule's regexes, ready to run on a text."""

    def __init__(self, rule, patterns: list[str], params: dict):
        flags = re.IGNORECASE if params.get("ignore_case") else 0
        where = f"{rule.path}: params"
        self.rule = rule
        patterns = [expand_terms(p, params.get("terms", {}), f"{where}.patterns") for p in patterns]
        self.regexes = [compile_regex(p, flags, f"{where}.patterns") for p in patterns]
        self.unless = [compile_regex(p, flags, f"{where}.unless") for p in params.get("unless", [])]
        self.exceptions = [compile_regex(p, flags | re.IGNORECASE, f"{where}.exceptions")
                           for p in params.get("exceptions", [])]
        self.group = params.get("group")
        self.needles = [regexcache.memo("needles", p, flags, needles) for p in patterns]
        self.joined = [compile_joined(r) for r in self.regexes]
        within = params.get("repeated_word_within")
        self.starts_of = partial(repeated_word_starts, within=within) if within else None

    def hit(self, match: re.Match, shift: int) -> Hit | None:
        """The hit of one match (None: an empty span or an exception); offsets plus ``shift``."""
        group = self.group if self.group and self.group in match.re.groupindex else 0
        start, end = match.span(group)
        if start < 0 or start == end:
            return None
        flagged = match.string[start:end]
        if any(e.fullmatch(flagged) for e in self.exceptions):
            return None
        args = {k: v for k, v in match.groupdict().items() if v is not None}
        args["match"] = flagged
        suggestion = (self.rule.suggestion.format_map(_Missing(args))
                      if self.rule.suggestion is not None else None)
        return Hit(self.rule, shift + start, shift + end, args, suggestion)

    def hits_in(self, spans: ScopeSpans, folded: str, present: AbstractSet[str] | None = None) -> Iterator[Hit]:
        """Hits in each span, in order (span, then regex, then match); a regex runs only on the
        spans that hold one of its needles (prefilter), and over runs of them at once. ``folded``:
        the document's folded text; ``present``: the needles it holds, when known."""
        if not spans.spans:
            return
        found: list[tuple[int, re.Match, int]] = []
        for regex, joined, wanted in zip(self.regexes, self.joined, self.needles):
            if wanted is None and self.starts_of is not None:
                found.extend(spans.match_at(regex, joined, self.starts_of))
                continue
            if wanted is not None and present is not None:
                wanted = tuple(n for n in wanted if n in present)
                if not wanted:
                    continue
            where = None if wanted is None else spans.containing(folded, wanted)
            if where is None or where:
                found.extend(spans.finditer(regex, joined, where))
        if len(self.regexes) > 1:
            found.sort(key=itemgetter(0))  # by span; stable: within a span, regex by regex as listed
        for i, match, shift in spans.unvetoed(found, self.unless):
            hit = self.hit(match, shift)
            if hit is not None:
                yield hit


def scoped_hits(compiled: list[tuple[CompiledPattern, str]], doc, automaton=None) -> Iterator[Hit]:
    """The hits of several rules' patterns, each in its scope; the document is folded once and,
    with ``automaton`` (:func:`needle_automaton` of ``compiled``), searched once for all needles."""
    folded = folded_text(doc)
    present = None if automaton is None else {needle for _, needle in automaton.iter(folded)}
    spans: dict[str, ScopeSpans] = {}
    for pattern, scope in compiled:
        if scope not in spans:
            spans[scope] = ScopeSpans.of(doc, scope)
        yield from pattern.hits_in(spans[scope], folded, present)


def needle_automaton(compiled: list[tuple[CompiledPattern, str]]):
    """One Aho-Corasick automaton of every needle of ``compiled`` (None: no needles): a document is
    scanned once to learn which it holds, instead of once per needle."""
    found = {n for pattern, _ in compiled for needles in pattern.needles if needles for n in needles}
    return aho_corasick({n: n for n in found}) if found else None


_TERM = re.compile(r"\{\{(\w+)\}\}")


def expand_terms(pattern: str, terms: dict, where: str) -> str:
    """Replace ``{{name}}`` with an alternation of the word list ``params.terms.name``."""
    def sub(match: re.Match) -> str:
        name = match.group(1)
        if name not in terms:
            raise RulePackError(f"{where}: {{{{{name}}}}} names no list in params.terms")
        return f"(?:{literal_alternation(terms[name])})"

    return _TERM.sub(sub, pattern)


class _Missing(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


class Check(CheckKind):
    name = "pattern"
    default_scope = "sentence"
    params_schema = {
        "type": "object",
        "required": ["patterns"],
        "additionalProperties": False,
        "properties": {
            "patterns": {**REGEX_LIST, "minItems": 1},
            "ignore_case": {"type": "boolean"},
            "unless": REGEX_LIST,
            "exceptions": REGEX_LIST,
            "group": {"type": "string"},
            "repeated_word_within": {
                "type": "integer", "minimum": 1,
                "description": "every match starts at a word that recurs (ignoring case) as one of the next N "
                               "words, and none is empty (a doubled word or phrase): the regexes that need "
                               "no literal text are tried only at such words"},
            "terms": {"type": "object", "additionalProperties": {
                "type": "array", "minItems": 1, "items": {"type": "string", "minLength": 1}}},
        },
    }

    @classmethod
    def validate_rule(cls, data, params, path):
        CompiledPattern(_Shim(path), params["patterns"], params)

    def __init__(self, rules, context=None):
        super().__init__(rules, context)
        self.compiled = [(CompiledPattern(r, r.params["patterns"], r.params), self.scope_of(r)) for r in rules]
        self.automaton = needle_automaton(self.compiled)

    def run(self, doc):
        return scoped_hits(self.compiled, doc, self.automaton)


class _Shim:
    """Stands in for a rule while a pack is validated (only ``path`` and ``suggestion`` are read)."""

    def __init__(self, path: str):
        self.path = path
        self.suggestion = None
