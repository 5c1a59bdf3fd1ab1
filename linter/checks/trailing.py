"""Kind ``trailing-title``: title-like lines after the article's last paragraph.

News pages end with teasers for related stories and videos ("Earthquake in Turkey and Syria",
"Zelensky in London: Ukraine will win"). A title needs a body after it; one that ends the
article, unpunctuated and short, is page furniture. Measured on the WMT23 human references: every
non-DW article ends with a punctuated sentence, every DW article with one or two such titles.
A name alone (a byline) and credit lines ("Reporting by ...") are not flagged.
"""
from __future__ import annotations

import re

from linter import regexcache
from linter.checks.base import CheckKind, compile_regex
from linter.document import word_count
from linter.finding import Hit

_ENDS_SENTENCE = regexcache.compile(r"[.!…][\"'”»)\]]*\s*$")
_ENDS_QUESTION = regexcache.compile(r"\?[\"'”»)\]]*\s*$")
_NAME_ONLY = regexcache.compile(r"^(?:[A-ZА-ЯІЇЄҐ][\w'’.-]*\s*){1,4}$")


class Check(CheckKind):
    name = "trailing-title"
    default_scope = "block"
    params_schema = {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "max_words": {"type": "integer", "minimum": 1},
            "max_lines": {"type": "integer", "minimum": 1},
            "min_paragraphs": {"type": "integer", "minimum": 1},
            "exceptions": {"type": "array", "items": {"type": "string"}},
        },
    }

    def __init__(self, rules, context=None):
        super().__init__(rules, context)
        self.exceptions = {r.code: [compile_regex(e, re.IGNORECASE, r.path) for e in r.params.get("exceptions", [])]
                           for r in rules}

    def run(self, doc):
        for rule in self.rules:
            max_words = rule.params.get("max_words", 16)
            max_lines = rule.params.get("max_lines", 3)
            body = [b for b in doc.blocks if b.kind != "headline"]
            if sum(1 for b in body if b.kind == "paragraph") < rule.params.get("min_paragraphs", 4):
                continue
            trailing = []
            for block in reversed(body[-max_lines:]):
                text = doc.block_text(block)
                last = block is body[-1]  # an article may end on a question, a teaser run may hold one
                if (_ENDS_SENTENCE.search(text) or (last and _ENDS_QUESTION.search(text))
                        or word_count(text) > max_words or _NAME_ONLY.match(text)
                        or any(e.search(text) for e in self.exceptions[rule.code])):
                    break
                trailing.append(block)
            for block in reversed(trailing):
                yield Hit(rule, block.start, block.end, {})
