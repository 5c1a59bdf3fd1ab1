"""Kind ``style-mix``: one article writing the same thing two ways (10,000 and 10 000; 5% and 5
per cent; February 8 and 8 February).

A rule names its styles, each a list of regexes. When the article (the rule's scope) uses more
than one style, the most frequent one (the first one, on a tie) is the article's style and every
use of another is flagged with the majority style's first example as the model. ``exclude``
regexes mark text that looks like a style but is not (a date before a number: "March 8 500").

Speed: most blocks of an article hold no digit. A style whose every match holds one (read off
the parsed regex) is not run there, and one whose every match begins with one is tried only at the
block's digits; ``exclude`` regexes run only on a block where some style matched.
"""
from __future__ import annotations

import bisect
import re
from collections import defaultdict

from linter import regexcache
from linter.checks.base import CheckKind, compile_regex, scope_spans
from linter.checks.prefilter import matches_at
from linter.checks.pattern import REGEX_LIST
from linter.finding import Hit

try:
    from re import _constants as _c, _parser
except ImportError:  # another Python: no regex is known to need a digit, every one runs everywhere
    _parser = None

_DIGIT = re.compile(r"\d")


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
        """``[(style, regex, needs)]`` in the rule's order (``needs``: see :func:`digit_need`), and
        the exclude regexes."""
        styles = [(name, regex, regexcache.memo("digit_need", regex.pattern, regex.flags, digit_need))
                  for name, patterns in params["styles"].items()
                  for regex in (compile_regex(p, 0, f"{where}: params.styles.{name}") for p in patterns)]
        exclude = [compile_regex(p, 0, f"{where}: params.exclude") for p in params.get("exclude", [])]
        return styles, exclude

    def __init__(self, rules, context=None):
        super().__init__(rules, context)
        self.compiled = [(rule, *self._compile(rule.params, rule.path)) for rule in rules]

    def run(self, doc):
        digits = [m.start() for m in _DIGIT.finditer(doc.text)]
        for rule, styles, exclude in self.compiled:
            uses: dict[str, list[tuple[int, int]]] = defaultdict(list)
            for start, end in scope_spans(doc, self.scope_of(rule)):
                here = digits[bisect.bisect_left(digits, start):bisect.bisect_left(digits, end)]
                active = [(name, regex, need) for name, regex, need in styles if here or need is None]
                if not active:
                    continue
                text = doc.text[start:end]
                here = [d - start for d in here]
                excluded = None  # found when a style first matches
                taken: list[tuple[int, int]] = []
                for name, regex, need in active:
                    for match in (matches_at(regex, text, here) if need == "first" else regex.finditer(text)):
                        span = match.span()
                        if excluded is None:
                            excluded = [m.span() for x in exclude for m in x.finditer(text)]
                        if overlaps(span, excluded) or overlaps(span, taken):
                            continue
                        taken.append(span)
                        uses[name].append((start + span[0], start + span[1]))
            if len(uses) < 2:
                continue
            order = list(rule.params["styles"])
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


def digit_need(pattern: str, flags: int = 0) -> str | None:
    """"first" when every match of ``pattern`` begins with a decimal digit (``\\d``, after
    lookarounds), "some" when every match holds one, None when not (or unsure: None only costs
    time). Read off the parsed regex."""
    if _parser is None:
        return None
    try:
        items = list(_parser.parse(pattern, flags))
    except (re.error, RecursionError):
        return None
    if _sequence_needs_digit(items, leading=True):
        return "first"
    return "some" if _sequence_needs_digit(items, leading=False) else None


def _sequence_needs_digit(items: list, leading: bool) -> bool:
    if not leading:
        return any(_item_needs_digit(op, arg, leading) for op, arg in items)
    for op, arg in items:
        if op not in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):  # zero width: the match begins after
            return _item_needs_digit(op, arg, leading)
    return False


def _item_needs_digit(op, arg, leading: bool) -> bool:
    if op is _c.LITERAL:
        return chr(arg).isdecimal()
    if op is _c.IN:
        return all(_digit_class_member(o, a) for o, a in arg)
    if op is _c.SUBPATTERN:
        return _sequence_needs_digit(list(arg[-1]), leading)
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)):
        return arg[0] >= 1 and _sequence_needs_digit(list(arg[2]), leading)
    if op is _c.BRANCH:
        return all(_sequence_needs_digit(list(branch), leading) for branch in arg[1])
    if op is getattr(_c, "ATOMIC_GROUP", None):
        return _sequence_needs_digit(list(arg), leading)
    return False  # lookarounds, backreferences, any other class


def _digit_class_member(op, arg) -> bool:
    if op is _c.CATEGORY:
        return arg is _c.CATEGORY_DIGIT
    if op is _c.LITERAL:
        return chr(arg).isdecimal()
    if op is _c.RANGE:
        return all(chr(c).isdecimal() for c in range(arg[0], arg[1] + 1))
    return False  # NEGATE and the rest
