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

import bisect
import re
from collections.abc import Iterable
from itertools import compress, count
from operator import and_, eq

from linter.checks.base import CheckKind, ScopeSpans
from linter.checks.prefilter import SEPARATOR
from linter.finding import Hit

_TOKEN = re.compile(r"\w+(?:['’-]\w+)*")
_TOKEN_OR_SEPARATOR = re.compile(_TOKEN.pattern + "|" + SEPARATOR)
_COMMA = re.compile(r"\s*,\s*")


def find_loops(words: list[str], max_ngram: int, min_repeats: int, allow: frozenset[str]):
    """(first, end, size) token ranges where an n-gram repeats ``min_repeats`` times in a row.
    Only the places :func:`loop_starts` finds are tried: no loop starts anywhere else."""
    i = 0
    for candidate in loop_starts(words, max_ngram, min_repeats):
        if candidate < i:
            continue
        i = candidate
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


def loop_starts(words: list[str], max_ngram: int, min_repeats: int) -> list[int]:
    """Positions where a word recurs ``min_repeats`` times at one step of at most ``max_ngram``
    words: where a loop can start (every loop's first word does). The list is compared with itself
    shifted, in C (``map``), rather than word by word."""
    found: set[int] = set()
    for step in range(1, max_ngram + 1):
        same = list(map(eq, words, words[step:]))  # same[p]: words[p] == words[p + step]
        run = same
        for k in range(2, min_repeats):
            run = list(map(and_, run, same[(k - 1) * step:]))
        found.update(compress(count(), run))
    return sorted(found)


def may_loop(words: list[str], max_ngram: int, min_repeats: int) -> bool:
    """Whether a word recurs ``min_repeats`` times at one step of at most ``max_ngram`` words, as
    every loop's first word must: :func:`loop_starts` for one sentence, the condition the kind's
    one-pass filter relies on (the tests check :func:`find_loops` never finds a loop without it)."""
    return bool(loop_starts(words, max_ngram, min_repeats))


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
            spans = ScopeSpans.of(doc, self.scope_of(rule))
            for i in self._candidates(spans, max_ngram, min_repeats):
                start, end = spans.spans[i]
                tokens = list(_TOKEN.finditer(doc.text, start, end))
                words = [t.group().casefold() for t in tokens]
                for first, last, size in find_loops(words, max_ngram, min_repeats, allow):
                    if size == 1 and last - first <= epizeuxis_max and _comma_list(doc.text, tokens[first:last]):
                        continue
                    a, b = tokens[first].start(), tokens[last - 1].end()
                    unit = doc.text[a:tokens[first + size - 1].end()]
                    args = {"match": doc.text[a:b], "unit": unit, "count": (last - first) // size}
                    yield Hit(rule, a, b, args, suggestion=unit)

    @staticmethod
    def _candidates(spans: ScopeSpans, max_ngram: int, min_repeats: int) -> Iterable[int]:
        """The spans where a loop can be: the words of all spans, a marker between spans, are
        looked at in one pass (:func:`loop_starts`), not span by span."""
        if spans.joined is None:
            return range(len(spans.spans))
        items = _TOKEN_OR_SEPARATOR.findall(spans.joined)
        words = " ".join(items).casefold().split(" ")  # words hold no space: one casefold for all
        markers = list(compress(count(), map(SEPARATOR.__eq__, words)))
        return sorted({bisect.bisect_left(markers, p) for p in loop_starts(words, max_ngram, min_repeats)
                       if words[p] != SEPARATOR})
