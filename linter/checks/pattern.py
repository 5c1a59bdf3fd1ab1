"""Kind ``pattern``: regular expressions matched in a scope (sentence, block, headline, ...).

The flagged span is the whole match or the named group ``params.group``; named groups fill the
message and suggestion templates. ``unless`` vetoes a match when the scope text matches it;
``exceptions`` vetoes a match whose flagged text matches one of them entirely.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from linter.checks.base import CheckKind, compile_regex, literal_alternation, scope_spans
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

    def hits(self, text: str, offset: int) -> Iterator[Hit]:
        if self.unless and any(u.search(text) for u in self.unless):
            return
        for regex in self.regexes:
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
        for compiled, scope in self.compiled:
            for start, end in scope_spans(doc, scope):
                yield from compiled.hits(doc.text[start:end], start)


class _Shim:
    """Stands in for a rule while a pack is validated (only ``path`` and ``suggestion`` are read)."""

    def __init__(self, path: str):
        self.path = path
        self.suggestion = None
