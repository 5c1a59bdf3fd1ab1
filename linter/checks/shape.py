"""Kind ``sentence-shape``: sentences whose outline shows that translation broke them.

- ``truncated``: a paragraph or line that stops mid-sentence: no closing punctuation and a last
  word that cannot end an English sentence ("... carefully studied the"), a trailing comma after
  a real clause, or a one- or two-word stub after the last full stop ("... in 2021. Ret").
- ``lowercase-start``: a sentence after a full stop that starts with a lower-case word ("...
  to airlines. and to capitalise ..."): a segment joined or split in the wrong place.
- ``long-spliced``: a sentence with both more words and more comma-joined clauses than nearly
  any professional translation has (thresholds measured on WMT23 refA; see the rule).
"""
from __future__ import annotations

from collections import defaultdict

from linter import regexcache
from linter.checks.base import CheckKind
from linter.document import word_count
from linter.finding import Hit

_TERMINAL = regexcache.compile(r"[.!?…:;]['\"’”»)\]]*$")
_LAST_WORD = regexcache.compile(r"([^\W\d_][\w'’-]*)$")
_ENDS_SENTENCE = regexcache.compile(r"[.!?…]['\"’”»)\]]*$")
_FIRST_WORD = regexcache.compile(r"^['\"“‘«(\[]*([^\W\d_][\w'’.-]*)")
_ABBREVIATION_END = regexcache.compile(r"(?:\b[^\W\d_]{1,3}|\b(?:[^\W\d_]\.){2,}|\d)\.$")
_SPLICE = regexcache.compile(r",\s")


def sentences_by_block(doc) -> list[list]:
    """The sentences of each block that has any, in one pass over the document."""
    grouped: dict[int, list] = defaultdict(list)
    for sentence in doc.sentences:
        grouped[sentence.block].append(sentence)
    return [grouped[b] for b in sorted(grouped)]


class Check(CheckKind):
    name = "sentence-shape"
    default_scope = "block"
    params_schema = {
        "type": "object",
        "required": ["mode"],
        "additionalProperties": False,
        "properties": {
            "mode": {"enum": ["truncated", "lowercase-start", "long-spliced"]},
            "dangling_words": {"type": "array", "items": {"type": "string", "minLength": 1},
                               "description": "truncated: words no English sentence ends with"},
            "min_comma_words": {"type": "integer", "minimum": 1,
                                "description": "truncated: a trailing comma counts from this many words"},
            "max_stub_words": {"type": "integer", "minimum": 0,
                               "description": "truncated: most words of a stub after the last full stop"},
            "allow": {"type": "array", "items": {"type": "string", "minLength": 1},
                      "description": "lowercase-start: words that may start a sentence in lower case"},
            "min_words": {"type": "integer", "minimum": 1},
            "min_commas": {"type": "integer", "minimum": 1},
        },
    }

    def run(self, doc):
        for rule in self.rules:
            mode = rule.params["mode"]
            if mode == "truncated":
                yield from self._truncated(doc, rule)
            elif mode == "lowercase-start":
                yield from self._lowercase_starts(doc, rule)
            else:
                yield from self._long_spliced(doc, rule)

    def _truncated(self, doc, rule):
        dangling = {w.casefold() for w in rule.params.get("dangling_words", ())}
        for sentences in sentences_by_block(doc):
            last = sentences[-1]
            reason = self._truncation(doc, sentences, dangling, rule.params)
            if reason:
                yield Hit(rule, last.start, last.end, {"match": doc.sentence_text(last), "reason": reason})

    @staticmethod
    def _truncation(doc, sentences, dangling: set[str], params: dict) -> str | None:
        """Why the block's last sentence looks cut off, or None."""
        text = doc.sentence_text(sentences[-1])
        if _TERMINAL.search(text):
            return None
        word = _LAST_WORD.search(text)
        if text.endswith(",") and word_count(text) >= params.get("min_comma_words", 6):
            return "ends with a comma"
        if word and word.group(1).casefold() in dangling:
            return f'ends with "{word.group(1)}"'
        stub = 0 < word_count(text) <= params.get("max_stub_words", 2) and text[0].isalpha() and text[-1].isalpha()
        if stub and len(sentences) > 1 and _ENDS_SENTENCE.search(doc.sentence_text(sentences[-2])):
            return "stops after a fragment"
        return None

    def _lowercase_starts(self, doc, rule):
        allow = {w.casefold() for w in rule.params.get("allow", ())}
        for sentences in sentences_by_block(doc):
            for previous, sentence in zip(sentences, sentences[1:]):
                before = doc.sentence_text(previous)
                if not _ENDS_SENTENCE.search(before) or _ABBREVIATION_END.search(before):
                    continue
                first = _FIRST_WORD.match(doc.sentence_text(sentence))
                if first is None:
                    continue
                word = first.group(1)
                if not word[0].islower() or word.casefold() in allow or not word.islower():
                    continue  # upper case, an allowed word, or a brand such as "iPhone"
                start = sentence.start + first.start(1)
                yield Hit(rule, start, start + len(word), {"match": word}, suggestion=word[0].upper() + word[1:])

    def _long_spliced(self, doc, rule):
        min_words = rule.params.get("min_words", 58)
        min_commas = rule.params.get("min_commas", 8)
        for sentence in doc.sentences:
            text = doc.sentence_text(sentence)
            commas = len(_SPLICE.findall(text))
            if commas >= min_commas:
                words = word_count(text)
                if words >= min_words:
                    yield Hit(rule, sentence.start, sentence.end,
                              {"match": text, "words": words, "commas": commas})
