"""Kind ``house-spelling``: the desk's preferred spelling of a name (Kyiv, not Kiev).

The rule's list (``params.spellings``, a word list) merges with the newsroom's
``[tool.copydesk.house-spellings]`` table: the configuration adds entries and overrides the list,
and an entry that maps a form to itself removes it. Forms match as written and in capitals
(``Kiev``, ``KIEV``), never in lower case, which is how they appear in web addresses; the suggestion
keeps the capitals. ``params.keep`` lists contexts where the old form stays (Chicken Kiev, Kievan
Rus, Odessa, Texas): a match inside one of them is not reported.
"""
from __future__ import annotations

import re

from linter import regexcache
from linter.checks.base import CheckKind, compile_regex, literal_alternation, match_case, scope_spans
from linter.checks.pattern import REGEX_LIST, _Missing
from linter.finding import Hit

SECTION = "house-spellings"


def merged_spellings(listed: dict[str, str], configured: dict[str, str]) -> dict[str, str]:
    """The rule's list updated by the configuration; ``X = X`` removes ``X``."""
    spellings = {**listed, **configured}
    return {wrong: right for wrong, right in spellings.items() if wrong != right}


class Check(CheckKind):
    name = "house-spelling"
    default_scope = "block"
    params_schema = {
        "type": "object",
        "required": ["spellings"],
        "additionalProperties": False,
        "properties": {
            "spellings": {"type": "object", "additionalProperties": {"type": "string", "minLength": 1}},
            "keep": {**REGEX_LIST, "description": "contexts in which the listed form is kept"},
        },
    }

    @classmethod
    def validate_rule(cls, data, params, path):
        for i, keep in enumerate(params.get("keep", [])):
            compile_regex(keep, 0, f"{path}: params.keep[{i}]")

    def __init__(self, rules, context=None):
        super().__init__(rules, context)
        configured = self.context.options.get(SECTION, {})
        self.compiled = []
        for rule in rules:
            spellings = merged_spellings(rule.params["spellings"], configured)
            lookup = {**spellings, **{w.upper(): r for w, r in spellings.items()}}
            regex = regexcache.compile(rf"(?<!\w)(?:{literal_alternation(lookup)})(?!\w)") if lookup else None
            keep = [re.compile(k) for k in rule.params.get("keep", [])]
            self.compiled.append((rule, regex, lookup, keep))

    def run(self, doc):
        for rule, regex, lookup, keep in self.compiled:
            if regex is None:
                continue
            for start, end in scope_spans(doc, self.scope_of(rule)):
                text = doc.text[start:end]
                kept = [m.span() for k in keep for m in k.finditer(text)]
                for match in regex.finditer(text):
                    if any(s <= match.start() and match.end() <= e for s, e in kept):
                        continue
                    found = match.group()
                    suggestion = match_case(lookup[" ".join(found.split())], found)
                    args = {"match": found, "suggestion": suggestion}
                    if rule.suggestion:
                        suggestion = rule.suggestion.format_map(_Missing(args))
                    yield Hit(rule, start + match.start(), start + match.end(), args, suggestion)
