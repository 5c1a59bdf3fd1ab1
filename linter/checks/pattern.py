"""Kind ``pattern``: regular expressions matched in a scope (sentence, block, headline, ...).

The flagged span is the whole match or the named group ``params.group``; named groups fill the
message and suggestion templates. ``unless`` vetoes a match when the scope text matches it;
``exceptions`` vetoes a match whose flagged text matches one of them entirely.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from linter.checks.base import CheckKind, compile_regex, literal_alternation, scope_spans
from linter import regexcache
from linter.checks.prefilter import fold, needles, spans_with
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

    def hits(self, text: str, offset: int, regexes: list[re.Pattern] | None = None) -> Iterator[Hit]:
        if self.unless and any(u.search(text) for u in self.unless):
            return
        for regex in self.regexes if regexes is None else regexes:
            for match in regex.finditer(text):
                group = self.group if self.group and self.group in regex.groupindex else 0
                start, end = match.span(group)
                if start < 0 or start == end:
                    continue
                flagged = text[start:end]
                if any(e.fullmatch(flagged) for e in self.exceptions):
                    continue
                args = {k: v for k, v in match.groupdict().items() if v is not None}
                args["match"] = flagged
                suggestion = (self.rule.suggestion.format_map(_Missing(args))
                              if self.rule.suggestion is not None else None)
                yield Hit(self.rule, offset + start, offset + end, args, suggestion)

    def hits_in(self, doc, spans: list[tuple[int, int]], folded: Callable[[], str]) -> Iterator[Hit]:
        """Hits in each span, in order; a regex runs only where its needles are (prefilter)."""
        if not spans:
            return
        starts = [start for start, _ in spans]
        where = [None if found is None else spans_with(folded(), found, spans, starts) for found in self.needles]
        every = all(w is None for w in where)
        text = doc.text
        for i, (start, end) in enumerate(spans):
            regexes = self.regexes if every else [r for r, w in zip(self.regexes, where) if w is None or i in w]
            if regexes:
                yield from self.hits(text[start:end], start, regexes)


def scoped_hits(compiled: list[tuple[CompiledPattern, str]], doc) -> Iterator[Hit]:
    """The hits of several rules' patterns, each in its scope; the document is folded once."""
    folded: list[str] = []

    def fold_once() -> str:
        if not folded:
            folded.append(fold(doc.text))
        return folded[0]

    spans: dict[str, list[tuple[int, int]]] = {}
    for pattern, scope in compiled:
        if scope not in spans:
            spans[scope] = list(scope_spans(doc, scope))
        yield from pattern.hits_in(doc, spans[scope], fold_once)


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

    def run(self, doc):
        return scoped_hits(self.compiled, doc)


class _Shim:
    """Stands in for a rule while a pack is validated (only ``path`` and ``suggestion`` are read)."""

    def __init__(self, path: str):
        self.path = path
        self.suggestion = None
