"""Kind ``house-spelling``: the desk's preferred spelling of a name (Kyiv, not Kiev).

The rule's list (``params.spellings``, a word list) merges with the newsroom's
``[tool.copydesk.house-spellings]`` table: the configuration adds entries and overrides the list,
and an entry that maps a form to itself removes it. Forms match as written and in capitals
(``Kiev``, ``KIEV``), never in lower case, which is how they appear in web addresses; the suggestion
keeps the capitals. ``params.keep`` lists contexts where the old form stays (Chicken Kiev, Kievan
Rus, Odessa, Texas): a match inside one of them is not reported.
"""
from __future__ import annotations

from linter import regexcache
from linter.checks.base import (CheckKind, ScopeSpans, compile_joined, compile_regex, folded_text,
                                literal_alternation, match_case, regex_needles)
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
            keep = [regexcache.compile(k) for k in rule.params.get("keep", [])]
            prefilter = (compile_joined(regex), regex_needles(regex)) if regex else (None, None)
            self.compiled.append((rule, regex, *prefilter, lookup, keep))

    def run(self, doc):
        for rule, regex, joined, needles, lookup, keep in self.compiled:
            if regex is None:
                continue
            spans = ScopeSpans.of(doc, self.scope_of(rule))
            where = None if needles is None else spans.containing(folded_text(doc), needles)
            kept: dict[int, list[tuple[int, int]]] = {}  # the kept contexts of a span with a match
            for i, match, shift in spans.finditer(regex, joined, where):
                if i not in kept:
                    text = spans.span_text(i)
                    kept[i] = [m.span() for k in keep for m in k.finditer(text)]
                start = spans.spans[i][0]
                begin, end = shift + match.start() - start, shift + match.end() - start
                if any(s <= begin and end <= e for s, e in kept[i]):
                    continue
                found = match.group()
                suggestion = match_case(lookup[" ".join(found.split())], found)
                args = {"match": found, "suggestion": suggestion}
                if rule.suggestion:
                    suggestion = rule.suggestion.format_map(_Missing(args))
                yield Hit(rule, shift + match.start(), shift + match.end(), args, suggestion)
