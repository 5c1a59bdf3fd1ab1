"""Kind ``substitution``: a word or phrase with a preferred replacement (``swap: {wrong: right}``).

The suggestion keeps the capitalisation of the flagged text. All of a rule's entries compile into
one regex; the message can name ``{match}`` and ``{suggestion}``.
"""
from __future__ import annotations

import re

from linter import regexcache
from linter.checks.base import (CheckKind, ScopeSpans, compile_joined, folded_text, literal_alternation,
                                match_case, regex_needles)
from linter.checks.pattern import REGEX_LIST, _Missing
from linter.finding import Hit


class Check(CheckKind):
    name = "substitution"
    default_scope = "sentence"
    params_schema = {
        "type": "object",
        "required": ["swap"],
        "additionalProperties": False,
        "properties": {
            "swap": {"type": "object", "minProperties": 1,
                     "additionalProperties": {"type": "string", "minLength": 1}},
            "ignore_case": {"type": "boolean"},
            "unless": REGEX_LIST,
        },
    }

    def __init__(self, rules, context=None):
        super().__init__(rules, context)
        self.compiled = []
        for rule in rules:
            ignore_case = rule.params.get("ignore_case", True)
            swap = {(k.lower() if ignore_case else k): v for k, v in rule.params["swap"].items()}
            flags = re.IGNORECASE if ignore_case else 0
            regex = regexcache.compile(rf"(?<!\w)(?:{literal_alternation(swap)})(?!\w)", flags)
            unless = [regexcache.compile(u, flags) for u in rule.params.get("unless", [])]
            self.compiled.append((rule, regex, compile_joined(regex), regex_needles(regex), swap, ignore_case, unless))

    def run(self, doc):
        for rule, regex, joined, needles, swap, ignore_case, unless in self.compiled:
            spans = ScopeSpans.of(doc, self.scope_of(rule))
            where = None if needles is None else spans.containing(folded_text(doc), needles)
            for _, match, shift in spans.unvetoed(spans.finditer(regex, joined, where), unless):
                found = match.group()
                key = " ".join(found.split())
                target = swap.get(key.lower() if ignore_case else key)
                if target is None:
                    continue
                suggestion = match_case(target, found)
                args = {"match": found, "suggestion": suggestion}
                yield Hit(rule, shift + match.start(), shift + match.end(), args,
                          rule.suggestion.format_map(_Missing(args)) if rule.suggestion else suggestion)
