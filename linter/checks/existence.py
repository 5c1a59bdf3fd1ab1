"""Kind ``existence``: any of a list of words or phrases (usually a word list in ``rules/lists``).

Phrases are matched as whole words, whitespace-insensitive, longest first; all of a rule's phrases
compile into one regex.
"""
from __future__ import annotations



from linter.checks.base import CheckKind, literal_alternation
from linter.checks.pattern import REGEX_LIST, CompiledPattern, needle_automaton, scoped_hits


def phrase_regex(phrases, *, boundary: bool = True) -> str:
    body = literal_alternation(phrases)
    return rf"(?<!\w)(?:{body})(?!\w)" if boundary else f"(?:{body})"


class Check(CheckKind):
    name = "existence"
    default_scope = "sentence"
    params_schema = {
        "type": "object",
        "required": ["tokens"],
        "additionalProperties": False,
        "properties": {
            "tokens": {"type": "array", "minItems": 1, "items": {"type": "string", "minLength": 1}},
            "ignore_case": {"type": "boolean"},
            "unless": REGEX_LIST,
            "exceptions": REGEX_LIST,
            "at_start": {"type": "boolean", "description": "only at the start of the scope"},
        },
    }

    def __init__(self, rules, context=None):
        super().__init__(rules, context)
        self.compiled = []
        for rule in rules:
            pattern = phrase_regex(rule.params["tokens"])
            if rule.params.get("at_start"):
                pattern = rf"^[\"“«'‘(]?(?P<phrase>{pattern})"
            params = dict(rule.params, group="phrase") if rule.params.get("at_start") else rule.params
            self.compiled.append((CompiledPattern(rule, [pattern], params), self.scope_of(rule)))
        self.automaton = needle_automaton(self.compiled)

    def run(self, doc):
        return scoped_hits(self.compiled, doc, self.automaton)



