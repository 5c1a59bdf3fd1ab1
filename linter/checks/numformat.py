"""Kind ``style-mix``: one article writing the same thing two ways (10,000 and 10 000; 5% and 5
per cent; February 8 and 8 February).

A rule names its styles, each a list of regexes. When the article (the rule's scope) uses more
than one style, the most frequent one (the first one, on a tie) is the article's style and every
use of another is flagged with the majority style's first example as the model. ``exclude``
regexes mark text that looks like a style but is not (a date before a number: "March 8 500").
"""
from __future__ import annotations

from collections import defaultdict

from linter.checks.base import CheckKind, compile_regex, scope_spans
from linter.checks.pattern import REGEX_LIST
from linter.finding import Hit


class Check(CheckKind):
    name = "style-mix"
    default_scope = "body"
    params_schema = {
        "type": "object",
        "required": ["styles"],
        "additionalProperties": False,
        "properties": {
            "styles": {
                "type": "object", "minProperties": 2,
                "additionalProperties": {**REGEX_LIST, "minItems": 1},
                "description": "style name -> regexes that find a use of the style",
            },
            "exclude": {**REGEX_LIST, "description": "text that is none of the styles"},
        },
    }

    @classmethod
    def validate_rule(cls, data, params, path):
        cls._compile(params, path)

    @staticmethod
    def _compile(params: dict, where: str):
        styles = {name: [compile_regex(p, 0, f"{where}: params.styles.{name}") for p in patterns]
                  for name, patterns in params["styles"].items()}
        exclude = [compile_regex(p, 0, f"{where}: params.exclude") for p in params.get("exclude", [])]
        return styles, exclude

    def __init__(self, rules, context=None):
        super().__init__(rules, context)
        self.compiled = [(rule, *self._compile(rule.params, rule.path)) for rule in rules]

    def run(self, doc):
        for rule, styles, exclude in self.compiled:
            uses: dict[str, list[tuple[int, int]]] = defaultdict(list)
            for start, end in scope_spans(doc, self.scope_of(rule)):
                text = doc.text[start:end]
                excluded = [m.span() for x in exclude for m in x.finditer(text)]
                taken: list[tuple[int, int]] = []
                for name, regexes in styles.items():
                    for regex in regexes:
                        for match in regex.finditer(text):
                            span = match.span()
                            if overlaps(span, excluded) or overlaps(span, taken):
                                continue
                            taken.append(span)
                            uses[name].append((start + span[0], start + span[1]))
            if len(uses) < 2:
                continue
            order = list(styles)
            majority = max(uses, key=lambda n: (len(uses[n]), -min(uses[n])[0], -order.index(n)))
            model = doc.text[slice(*min(uses[majority]))]
            for name, spans in uses.items():
                if name == majority:
                    continue
                for s, e in spans:
                    args = {"match": doc.text[s:e], "style": name, "majority": majority, "example": model,
                            "count": len(uses[majority])}
                    yield Hit(rule, s, e, args)


def overlaps(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    """Whether ``span`` overlaps any of ``spans`` (few per block: a linear scan)."""
    return any(span[0] < e and s < span[1] for s, e in spans)
