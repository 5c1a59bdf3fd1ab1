"""Kind ``tag-line``: a site's category/tag line scraped into the article ("Asia North Korea (DPRK)
Russia World", "Home > News > Politics").

A short unpunctuated block is a tag line when section or place names from the rule's vocabulary
cover most of it and everything left is a capitalised word, a parenthesised acronym or a
separator. A lower-case word ("Earthquake in Turkey") means prose, and no finding. Capitalised
segments joined by arrows ("Saint Petersburg → Society") are a breadcrumb whatever their words.
"""
from __future__ import annotations

import re

from linter import regexcache
from linter.checks.base import CheckKind, literal_alternation
from linter.document import word_count
from linter.finding import Hit

_TOKEN = regexcache.compile(r"\([^()\s]{1,12}\)|[\w][\w.'’&-]*|[|>/•·:»›→,]")
_SEPARATOR = regexcache.compile(r"^[|>/•·:»›→,]$")
# "Saint Petersburg → Society", "Home > News > Politics": capitalised segments joined by arrows
_BREADCRUMB = regexcache.compile(r"^[A-Z][\w.'’&-]*(?:\s+[\w.'’&-]+){0,3}(?:\s*[>»›→]\s*[A-Z][\w.'’&-]*(?:\s+[\w.'’&-]+){0,3}){1,5}$")
_ACRONYM = regexcache.compile(r"^\([A-Z0-9][A-Za-z0-9.&-]*\)$")


class Check(CheckKind):
    name = "tag-line"
    default_scope = "line"
    params_schema = {
        "type": "object",
        "required": ["vocabulary"],
        "additionalProperties": False,
        "properties": {
            "vocabulary": {"type": "array", "minItems": 1, "items": {"type": "string", "minLength": 1}},
            "min_terms": {"type": "integer", "minimum": 1},
            "min_coverage": {"type": "number", "minimum": 0, "maximum": 1},
            "max_words": {"type": "integer", "minimum": 1},
        },
    }

    def __init__(self, rules, context=None):
        super().__init__(rules, context)
        self.compiled = [
            (rule, regexcache.compile(rf"(?<!\w)(?:{literal_alternation(rule.params['vocabulary'])})(?!\w)"))
            for rule in rules]

    def run(self, doc):
        for rule, vocabulary in self.compiled:
            min_terms = rule.params.get("min_terms", 2)
            min_coverage = rule.params.get("min_coverage", 0.6)
            max_words = rule.params.get("max_words", 12)
            for block in doc.blocks:
                if block.kind != "line":
                    continue
                text = doc.block_text(block)
                if not 2 <= word_count(text) <= max_words:
                    continue
                if self._is_tag_line(text, vocabulary, min_terms, min_coverage):
                    yield Hit(rule, block.start, block.end, {})

    @staticmethod
    def _is_tag_line(text: str, vocabulary: re.Pattern, min_terms: int, min_coverage: float) -> bool:
        if _BREADCRUMB.match(text):
            return True
        terms = list(vocabulary.finditer(text))
        if len(terms) < min_terms:
            return False
        covered = sum(m.end() - m.start() for m in terms)
        rest = vocabulary.sub(" ", text)
        letters = 0
        for token in _TOKEN.findall(rest):
            if _SEPARATOR.match(token) or _ACRONYM.match(token):
                continue
            if not token[0].isupper():
                return False
            letters += len(token)
        return covered / max(1, covered + letters) >= min_coverage
