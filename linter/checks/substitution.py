"""Kind ``substitution``: a word or phrase with a preferred replacement (``swap: {wrong: right}``).

The suggestion keeps the capitalisation of the flagged text. All of a rule's entries compile into
one regex; the message can name ``{match}`` and ``{suggestion}``.
"""
from __future__ import annotations

import re

from linter import regexcache
from linter.checks.base import CheckKind, literal_alternation, match_case, scope_spans
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
            unless = [re.compile(u, flags) for u in rule.params.get("unless", [])]
            self.compiled.append((rule, regex, swap, ignore_case, unless))

    def run(self, doc):
        for rule, regex, swap, ignore_case, unless in self.compiled:
            for start, end in scope_spans(doc, self.scope_of(rule)):
                text = doc.text[start:end]
                if any(u.search(text) for u in unless):
                    continue
                for match in regex.finditer(text):
                    found = match.group()
                    key = " ".join(found.split())
                    target = swap.get(key.lower() if ignore_case else key)
                    if target is None:
                        continue
                    suggestion = match_case(target, found)
                    args = {"match": found, "suggestion": suggestion}
                    yield Hit(rule, start + match.start(), start + match.end(), args,
                              rule.suggestion.format_map(_Missing(args)) if rule.suggestion else suggestion)
