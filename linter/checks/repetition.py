"""Kind ``repetition``: a word or phrase repeated back to back ("Bern, Bern, Bern, ...").

Greedy MT decoders (NLLB_Greedy is the classic) fall into loops and emit the same n-gram until
the length limit. A loop is ``min_repeats`` or more consecutive copies of an n-gram of up to
``max_ngram`` words, compared case-insensitively with punctuation ignored. Numbers take part in
the comparison but a unit made only of numbers is not a loop ("1:0 (0:0)"); words in ``allow``
may repeat on their own ("ha ha ha"), and any single word may be said up to ``epizeuxis_max``
times with commas between ("jobs, jobs, jobs": rhetoric, not a loop). The work is linear in the
text's length.
"""
from __future__ import annotations

import re

from linter.checks.base import CheckKind, scope_spans
from linter.finding import Hit

_TOKEN = re.compile(r"\w+(?:['’-]\w+)*")
_COMMA = re.compile(r"\s*,\s*")


def find_loops(words: list[str], max_ngram: int, min_repeats: int, allow: frozenset[str]):
    """(first, end, size) token ranges where an n-gram repeats ``min_repeats`` times in a row."""
    i = 0
    while i < len(words):
        for size in range(1, max_ngram + 1):
            if i + size * min_repeats > len(words):
                break
            unit = words[i:i + size]
            if all(w.isdigit() for w in unit) or (size == 1 and unit[0] in allow):
                continue
            end = i + size
            while words[end:end + size] == unit:
                end += size
            if (end - i) // size >= min_repeats:
                yield i, end, size
                i = end - 1
                break
        i += 1


def may_loop(words: list[str], max_ngram: int, min_repeats: int) -> bool:
    """Whether a word recurs ``min_repeats`` times at one step of at most ``max_ngram`` words: every
    loop needs its first word to, so a sentence without one (nearly all) skips ``find_loops``."""
    positions: dict[str, list[int]] = {}
    for i, word in enumerate(words):
        positions.setdefault(word, []).append(i)
    for found in positions.values():
        if len(found) < min_repeats:
            continue
        at = set(found)
        for p in found:
            for step in range(1, max_ngram + 1):
                if all(p + k * step in at for k in range(1, min_repeats)):
                    return True
    return False


def _comma_list(text: str, tokens: list[re.Match]) -> bool:
    """Only commas (and spaces) between the tokens: "jobs, jobs, jobs"."""
    return all(_COMMA.fullmatch(text, a.end(), b.start()) for a, b in zip(tokens, tokens[1:]))


class Check(CheckKind):
    name = "repetition"
    default_scope = "sentence"
    params_schema = {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "max_ngram": {"type": "integer", "minimum": 1, "maximum": 20},
            "min_repeats": {"type": "integer", "minimum": 2},
            "allow": {"type": "array", "items": {"type": "string", "minLength": 1},
                      "description": "words that may repeat on their own (emphasis, laughter)"},
            "epizeuxis_max": {"type": "integer", "minimum": 0,
                              "description": "a word said up to this many times, commas between, is rhetoric"},
        },
    }

    def run(self, doc):
        for rule in self.rules:
            max_ngram = rule.params.get("max_ngram", 6)
            min_repeats = rule.params.get("min_repeats", 3)
            allow = frozenset(w.casefold() for w in rule.params.get("allow", ()))
            epizeuxis_max = rule.params.get("epizeuxis_max", 0)
            for start, end in scope_spans(doc, self.scope_of(rule)):
                tokens = list(_TOKEN.finditer(doc.text, start, end))
                words = [t.group().casefold() for t in tokens]
                if not may_loop(words, max_ngram, min_repeats):
                    continue
                for first, last, size in find_loops(words, max_ngram, min_repeats, allow):
                    if size == 1 and last - first <= epizeuxis_max and _comma_list(doc.text, tokens[first:last]):
                        continue
                    a, b = tokens[first].start(), tokens[last - 1].end()
                    unit = doc.text[a:tokens[first + size - 1].end()]
                    args = {"match": doc.text[a:b], "unit": unit, "count": (last - first) // size}
                    yield Hit(rule, a, b, args, suggestion=unit)
