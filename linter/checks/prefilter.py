"""Literal prefilters: run a rule's regex only on the sentences that could match it.

Most rule regexes need some literal text: ``\\bit\\s+(?:is|was)\\s+reported`` cannot match a
sentence without "reported". :func:`needles` reads that off the parsed regex (a set of strings, one
of which every match contains), and :func:`spans_with` finds the scope spans (sentences, blocks)
that contain one, with a few ``str.find`` calls over the whole document instead of running the
regex on every sentence. It is exact, never a heuristic: a span without a needle cannot match.

Case: texts and needles are compared after :func:`fold`, which maps every character to one
character so that two characters fold alike whenever ``re.IGNORECASE`` would let one match the
other (``str.lower`` plus the engine's extra equivalences such as ``ſ``/``s`` and ``ı``/``i``).
Without IGNORECASE folding only widens the search, so it stays exact.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from itertools import accumulate, compress, count
from operator import eq, not_

try:
    from re import _casefix, _compiler, _constants as _c, _parser
except ImportError:  # another Python: no prefilter, every regex runs everywhere
    _parser = None

MIN_SCORE = 3  # see _score: a three-letter word, or one uncommon punctuation mark
_SMALL_CLASS = 8  # a character class of up to this many characters gives one needle per character
_COMMON = set(" \t\n.,;:'-")


def _fold_tables() -> tuple[dict, dict]:
    """``str.translate`` tables: before ``lower()`` (its only multi-character result) and after
    (each set of IGNORECASE-equivalent characters to one representative)."""
    before = {0x130: "i"}  # "İ".lower() is "i̇"; the engine lowers it to "i"
    parent: dict[int, int] = {}

    def find(c: int) -> int:
        while parent.get(c, c) != c:
            c = parent[c]
        return c

    for lower, others in getattr(_casefix, "_EXTRA_CASES", {}).items():
        for other in others:
            a, b = find(lower), find(other)
            if a != b:
                parent[max(a, b)] = min(a, b)
    after = {c: chr(find(c)) for c in parent}
    return before, after


_BEFORE, _AFTER = _fold_tables() if _parser is not None else ({}, {})


def fold(text: str) -> str:
    """``text`` with case (as IGNORECASE sees it) folded away; same length, offsets unchanged."""
    return text.translate(_BEFORE).lower().translate(_AFTER)


def _parsed(pattern: str, flags: int) -> list | None:
    """The parsed pattern's top-level items, or None when it cannot be read safely (no parser,
    a syntax error, or LOCALE, whose case folding depends on the machine)."""
    if _parser is None or flags & re.LOCALE:
        return None
    try:
        parsed = _parser.parse(pattern, flags)
    except (re.error, RecursionError):
        return None
    return None if parsed.state.flags & re.LOCALE else list(parsed)


@lru_cache(maxsize=4096)
def needles(pattern: str, flags: int = 0) -> tuple[str, ...] | None:
    """Folded strings one of which every match of ``pattern`` contains, or None (no useful set)."""
    parsed = _parsed(pattern, flags)
    if parsed is None:
        return None
    best = _required(parsed)
    if best is None or _score(best) < MIN_SCORE:
        return None
    return tuple(sorted({fold(s) for s in best}))


def _score(requirement: frozenset) -> int:
    """How rarely the weakest needle occurs, roughly: its length, plus two when it is only
    uncommon punctuation or symbols (a bracket, a quotation mark)."""
    def one(needle: str) -> int:
        if not needle.strip():
            return 0
        return len(needle) + (2 if not any(c.isalnum() or c in _COMMON for c in needle) else 0)

    return min(map(one, requirement))


def _better(a: frozenset | None, b: frozenset | None) -> frozenset | None:
    """The more selective of two requirements: the best weakest needle, then fewer needles."""
    if a is None or b is None:
        return a or b
    return max((a, b), key=lambda r: (_score(r), -len(r)))


def _required(items: list) -> frozenset | None:
    """The best requirement of a sequence of parsed items."""
    best: frozenset | None = None
    run: list[str] = []
    for op, arg in items:
        if op is _c.LITERAL:
            run.append(chr(arg))
            continue
        if run:
            best = _better(best, frozenset(["".join(run)]))
            run = []
        best = _better(best, _item(op, arg))
    if run:
        best = _better(best, frozenset(["".join(run)]))
    return best


def _item(op, arg) -> frozenset | None:
    if op is _c.SUBPATTERN:
        return _required(list(arg[-1]))
    if op is getattr(_c, "ATOMIC_GROUP", None):
        return _required(list(arg))
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)):
        low, _high, body = arg
        return _required(list(body)) if low >= 1 else None
    if op is _c.IN:
        return _class_chars(arg)
    if op is _c.ASSERT:  # a lookahead or lookbehind must find its text inside the string too
        return _required(list(arg[1]))
    if op is _c.BRANCH:
        union: set[str] = set()
        for branch in arg[1]:
            required = _required(list(branch))
            if required is None:
                return None
            union |= required
        return frozenset(union)
    return None  # classes, anchors, lookarounds, backreferences: no literal required


def _class_chars(items) -> frozenset | None:
    """The characters of a small class of literals and ranges (not negated, no categories)."""
    chars: set[str] = set()
    for op, arg in items:
        if op is _c.LITERAL:
            chars.add(chr(arg))
        elif op is _c.RANGE and arg[1] - arg[0] < _SMALL_CLASS:
            chars.update(map(chr, range(arg[0], arg[1] + 1)))
        else:
            return None
    return frozenset(chars) if 0 < len(chars) <= _SMALL_CLASS else None


def spans_with(folded: str, found: tuple[str, ...], spans: list[tuple[int, int]],
               starts: list[int]) -> set[int]:
    """Indexes of ``spans`` (sorted, disjoint; ``starts`` their starts) containing a needle."""
    hit: set[int] = set()
    if not spans:
        return hit
    low, high = spans[0][0], spans[-1][1]
    for needle in found:
        size = len(needle)
        at = folded.find(needle, low, high)
        while at >= 0:
            i = bisect.bisect_right(starts, at) - 1
            if i >= 0 and at + size <= spans[i][1]:
                hit.add(i)
            at = folded.find(needle, at + 1, high)
    return hit


class RegexSet:
    """Compiled regexes with their needles; ``candidates(text)`` keeps, in order, those that can
    match ``text`` (the others cannot: skipping them changes no result). All needles are found in
    one pass (Aho-Corasick, in C), however many regexes there are."""

    def __init__(self, regexes, labels: list | None = None):
        """``labels``: a value to hand back with each regex, as ``(label, regex)`` pairs."""
        from linter import regexcache

        regexes = list(regexes)
        found = [regexcache.memo("needles", r.pattern, r.flags, needles) for r in regexes]
        ids: dict[str, int] = {}
        entries = regexes if labels is None else list(zip(labels, regexes))
        self.items = [(e, None if f is None else frozenset(ids.setdefault(n, len(ids)) for n in f))
                      for e, f in zip(entries, found)]
        self.automaton = aho_corasick(ids) if ids else None

    def __iter__(self):
        return (entry for entry, _ in self.items)

    def candidates(self, text: str, folded: str | None = None) -> list:
        if self.automaton is None:
            return [entry for entry, _ in self.items]
        present = {i for _, i in self.automaton.iter(fold(text) if folded is None else folded)}
        return [entry for entry, need in self.items if need is None or not need.isdisjoint(present)]


class AsciiRegexSet:
    """A :class:`RegexSet` whose ``candidates`` fold the text with ``str.lower`` when every needle
    is ASCII: much cheaper than the prefilter's per-character tables, and as exact, because for
    ASCII letters IGNORECASE equates only "ı", "İ" (lower-cased to "i" and a combining dot) and "ſ"
    beyond what ``lower`` does, and those are mapped too."""

    def __init__(self, regexes, labels: list | None = None):
        self.regexes = RegexSet(regexes, labels)
        automaton = self.regexes.automaton
        self.ascii = automaton is None or all(key.isascii() for key in automaton.keys())
        self.sizes = {i: len(key) for key, i in automaton.items()} if automaton is not None else {}

    def __iter__(self):
        return iter(self.regexes)

    def candidates(self, text: str, low: str | None = None) -> list:
        """``low``: ``lower_for_ascii(text)``, when the caller has it."""
        if not self.ascii:
            return self.regexes.candidates(text)
        return self.regexes.candidates(text, folded=lower_for_ascii(text) if low is None else low)

    def anywhere(self, text: str, low: str | None) -> bool:
        """Whether ``candidates(text)`` is not empty: every needle is some regex's, so the first
        needle found answers."""
        items, automaton = self.regexes.items, self.regexes.automaton
        if automaton is None or any(need is None for _, need in items):
            return bool(items)
        if not self.ascii:
            return bool(self.regexes.candidates(text))
        return next(automaton.iter(lower_for_ascii(text) if low is None else low), None) is not None

    def by_span(self, text: str, low: str | None, spans: list[tuple[int, int]]) -> list[list]:
        """``candidates`` of each of ``spans`` (sorted, disjoint) of ``text``, found in one pass
        over the whole text instead of one call per span (most of the time was in the calls).
        ``low``: ``lower_for_ascii(text)``, or None when folding changed its length (offsets would drift)."""
        items, automaton = self.regexes.items, self.regexes.automaton
        if automaton is None:
            return [[entry for entry, _ in items] for _ in spans]
        if low is None or not self.ascii:
            return [self.candidates(text[s:e]) for s, e in spans]
        starts = [s for s, _ in spans]
        present: dict[int, set[int]] = {}
        for end, ident in automaton.iter(low):
            at = end - self.sizes[ident] + 1
            i = bisect.bisect_right(starts, at) - 1
            if i >= 0 and end < spans[i][1]:
                present.setdefault(i, set()).add(ident)
        always = [entry for entry, need in items if need is None]
        return [[entry for entry, need in items if need is None or not need.isdisjoint(present[i])]
                if i in present else always for i in range(len(spans))]


def lower_for_ascii(text: str) -> str:
    """``text`` folded for ASCII needles (see :class:`AsciiRegexSet`)."""
    low = text.lower()
    if not low.isascii() and ("ı" in low or "ſ" in low or "\u0307" in low):
        low = low.translate(_ODD_CASES)
    return low


_ODD_CASES = str.maketrans({"ı": "i", "ſ": "s", "\u0307": None})


def aho_corasick(ids: dict):
    """An Aho-Corasick automaton of the strings ``ids`` maps to values: ``iter(text)`` yields
    ``(end, value)`` for every occurrence, in one pass in C."""
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for needle, i in ids.items():
        automaton.add_word(needle, i)
    automaton.make_automaton()
    return automaton


@lru_cache(maxsize=4096)
def prefixes(pattern: str, flags: int = 0) -> tuple[str, ...] | None:
    """Folded strings one of which every match of ``pattern`` *starts* with (after lookarounds and
    anchors), or None: what lets :class:`PrefixScanner` try the regex only where a match can begin."""
    parsed = _parsed(pattern, flags)
    if parsed is None:
        return None
    found = _leading(parsed)
    if not found or "" in found:
        return None
    return tuple(sorted({fold(s) for s in found}))


def _leading(items: list) -> set[str] | None:
    """The literal texts a match of this sequence can start with (None: anything)."""
    run: list[str] = []
    for op, arg in items:
        if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT) and not run:
            continue  # zero-width before the first character
        if op is _c.LITERAL:
            run.append(chr(arg))
            continue
        if run:
            return {"".join(run)}
        if op is _c.SUBPATTERN:
            return _leading(list(arg[-1]))
        if op is _c.BRANCH:
            found: set[str] = set()
            for branch in arg[1]:
                lead = _leading(list(branch))
                if not lead:
                    return None
                found |= lead
            return found
        return None
    return {"".join(run)} if run else None


class PrefixScanner:
    """``regex.finditer`` for a regex whose matches start with one of a few literal texts (word
    lists as alternations): the places where one starts are found in one pass (Aho-Corasick) and
    the regex is tried only there, in order, skipping what a match covers, as ``finditer`` would."""

    def __init__(self, regex: re.Pattern):
        from linter import regexcache

        self.regex = regex
        starts = regexcache.memo("prefixes", regex.pattern, regex.flags, prefixes)
        useful = starts and min(map(len, starts)) >= MIN_SCORE  # "a", "in": everywhere, no gain
        self.automaton = aho_corasick({s: len(s) for s in starts}) if useful else None

    def finditer(self, text: str, folded: str | None = None):
        if self.automaton is None:
            yield from self.regex.finditer(text)
            return
        folded = fold(text) if folded is None else folded
        starts = sorted({end - size + 1 for end, size in self.automaton.iter(folded)})
        yield from matches_at(self.regex, text, starts)


def matches_at(regex: re.Pattern, text: str, starts: Iterable[int]) -> Iterator[re.Match]:
    """``regex.finditer(text)`` when every match starts at one of the sorted ``starts`` and none
    is empty: the regex is tried only there, skipping what a match covers."""
    after = 0
    for start in starts:
        if start < after:
            continue
        match = regex.match(text, start)
        if match is not None:
            yield match
            after = max(match.end(), start + 1)


# ---- words that recur: where a doubled word or phrase can start -------------------------------

_WORD_RUN = re.compile(r"([^\W_]+)")


class WordRuns:
    """The words (runs of letters and digits) of a text, made once for every rule that looks for
    doubled words or phrases in it: their keys (ASCII words lowered, as an ``re.IGNORECASE``
    backreference compares them), the indexes of the words with other characters, and where
    each word starts."""

    def __init__(self, text: str):
        self.parts = _WORD_RUN.split(text)  # separator, word, separator, ..., word, separator
        words = self.parts[1::2]
        self.keys = list(map(str.lower, words))
        self.others = list(compress(count(), map(not_, map(str.isascii, words))))
        self._starts: list[int] | None = None

    def start(self, k: int) -> int:
        if self._starts is None:
            self._starts = list(accumulate(map(len, self.parts)))  # [2 * k]: where word k begins
        return self._starts[2 * k]


def repeated_word_starts(runs: WordRuns, within: int) -> list[int]:
    """Offsets, in order, of the words that recur as one of the next ``within`` words, ignoring
    case: where a doubled word or phrase (an ``re.IGNORECASE`` backreference to whole words) can
    start. A word with a non-ASCII character counts as recurring near every word (its case rules
    are left to the regex), so no start is missed. The key list is compared with itself shifted
    by each step, in C."""
    keys = runs.keys
    found: set[int] = set()
    for step in range(1, within + 1):
        found.update(compress(count(), map(eq, keys, keys[step:])))
    for i in runs.others:
        found.update(range(max(0, i - within), i + 1))
    return [runs.start(k) for k in sorted(found)]


# ---- one regex over many spans: the spans joined by a separator no match can cross ------------

SEPARATOR = "\x00"  # a document that holds one (JSON "\u0000", an editor buffer) is linted span by span
_CATEGORY_TEXT = {} if _parser is None else {
    _c.CATEGORY_DIGIT: r"\d", _c.CATEGORY_NOT_DIGIT: r"\D", _c.CATEGORY_SPACE: r"\s",
    _c.CATEGORY_NOT_SPACE: r"\S", _c.CATEGORY_WORD: r"\w", _c.CATEGORY_NOT_WORD: r"\W"}
_AT_TEXT = {} if _parser is None else {
    _c.AT_BEGINNING: "^", _c.AT_BEGINNING_STRING: r"\A", _c.AT_BOUNDARY: r"\b",
    _c.AT_NON_BOUNDARY: r"\B", _c.AT_END: "$", _c.AT_END_STRING: r"\Z"}
_FLAG_LETTERS = ((re.IGNORECASE, "i"), (re.MULTILINE, "m"), (re.DOTALL, "s"), (re.UNICODE, "u"), (re.ASCII, "a"))
_CHAR_FLAGS = re.IGNORECASE | re.DOTALL | re.ASCII | re.UNICODE


def joined_pattern(pattern: str, flags: int = 0) -> tuple[str, int] | None:
    """``pattern`` rewritten for a text of spans joined by :data:`SEPARATOR`, with its flags: over
    that text it finds exactly the matches it finds in each span alone, shifted (or None: unknown
    syntax). Every element that could match the separator is made not to, so no match crosses it
    and lookarounds and ``\\b`` see it as the edge of the text; ``^``, ``$``, ``\\A`` and ``\\Z``
    also hold beside it. The rewriting goes through a printer of the parsed pattern, which is
    checked first: unchanged, the printed pattern must compile to the very same engine code."""
    if _parser is None:
        return None
    try:
        parsed = _parser.parse(pattern, flags)
        state = parsed.state
        out_flags = state.flags & ~re.VERBOSE
        names = {index: name for name, index in state.groupdict.items()}
        printed = _Printer(names, rewrite=False).sequence(list(parsed), state.flags)
        again = _parser.parse(printed, out_flags)
        if (again.state.groupdict != state.groupdict
                or _compiler._code(again, out_flags) != _compiler._code(parsed, state.flags)):
            return None
        rewritten = _Printer(names, rewrite=True).sequence(list(parsed), state.flags)
        if rewritten == printed:
            return pattern, flags  # nothing to change: the same compiled regex serves both
        re.compile(rewritten, out_flags)
    except (re.error, RecursionError, ValueError, OverflowError):
        return None
    return rewritten, out_flags


def _char(code: int) -> str:
    char = chr(code)
    if char.isascii() and char.isalnum():
        return char
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


class _Printer:
    """Parsed regex -> pattern text; with ``rewrite``, for spans joined by the separator."""

    def __init__(self, names: dict[int, str], rewrite: bool):
        self.names = names
        self.rewrite = rewrite

    def sequence(self, items, flags: int) -> str:
        return "".join(self.item(op, arg, flags) for op, arg in items)

    def item(self, op, arg, flags: int) -> str:
        if op in (_c.LITERAL, _c.NOT_LITERAL, _c.ANY, _c.IN):
            return self.char(op, arg, flags)
        if op is _c.BRANCH:
            return "(?:" + "|".join(self.sequence(b, flags) for b in arg[1]) + ")"
        if op is _c.SUBPATTERN:
            group, add, delete, body = arg
            inner = self.sequence(body, (flags | add) & ~delete)
            if group is not None:
                name = self.names.get(group)
                return f"(?P<{name}>{inner})" if name else f"({inner})"
            on = "".join(letter for bit, letter in _FLAG_LETTERS if add & bit)
            off = "".join(letter for bit, letter in _FLAG_LETTERS if delete & bit)
            return f"(?{on}{'-' + off if off else ''}:{inner})"
        if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
            low, high, body = arg
            count = f"{{{low},}}" if high is _c.MAXREPEAT else f"{{{low},{high}}}"
            lazy = {_c.MAX_REPEAT: "", _c.MIN_REPEAT: "?", _c.POSSESSIVE_REPEAT: "+"}[op]
            return f"(?:{self.sequence(body, flags)}){count}{lazy}"
        if op in (_c.ASSERT, _c.ASSERT_NOT):
            direction, body = arg
            kind = ("=" if op is _c.ASSERT else "!") if direction == 1 else ("<=" if op is _c.ASSERT else "<!")
            return f"(?{kind}{self.sequence(body, flags)})"
        if op is _c.AT:
            return self.anchor(arg, flags)
        if op is _c.GROUPREF:
            name = self.names.get(arg)
            return f"(?P={name})" if name else f"(?:\\{arg})"
        if op is _c.GROUPREF_EXISTS:
            group, yes, no = arg
            return f"(?({group}){self.sequence(yes, flags)}|{'' if no is None else self.sequence(no, flags)})"
        if op is _c.ATOMIC_GROUP:
            return f"(?>{self.sequence(arg, flags)})"
        raise ValueError(f"cannot print {op}")

    def char(self, op, arg, flags: int) -> str:
        if op is _c.LITERAL:
            text = _char(arg)
        elif op is _c.NOT_LITERAL:
            text = f"[^{_char(arg)}]"
        elif op is _c.ANY:
            text = "."
        else:
            negate = bool(arg) and arg[0][0] is _c.NEGATE
            text = self.char_class(arg[1:] if negate else arg, negate)
        if not self.rewrite or not re.fullmatch(text, SEPARATOR, flags & _CHAR_FLAGS):
            return text
        if op is _c.NOT_LITERAL:
            return f"[^{_char(arg)}\\x00]"
        if op is _c.ANY:
            return "[^\\x00]" if flags & re.DOTALL else "[^\\n\\x00]"
        if op is _c.IN and arg[0][0] is _c.NEGATE:
            return text[:-1] + "\\x00]"
        if op is _c.IN and len(arg) == 1 and arg[0][0] is _c.CATEGORY and text[2].isupper():
            return f"[^\\{text[2].lower()}\\x00]"  # [\W] becomes [^\w\x00]: still one fast class
        return f"(?:(?!\\x00){text})"

    @staticmethod
    def char_class(items, negate: bool) -> str:
        parts = []
        for op, arg in items:
            if op is _c.LITERAL:
                parts.append(_char(arg))
            elif op is _c.RANGE:
                parts.append(f"{_char(arg[0])}-{_char(arg[1])}")
            elif op is _c.CATEGORY and arg in _CATEGORY_TEXT:
                parts.append(_CATEGORY_TEXT[arg])
            else:
                raise ValueError(f"cannot print {op} {arg}")
        return "[" + ("^" if negate else "") + "".join(parts) + "]"

    def anchor(self, at, flags: int) -> str:
        if at not in _AT_TEXT:
            raise ValueError(f"cannot print {at}")
        if not self.rewrite or at in (_c.AT_BOUNDARY, _c.AT_NON_BOUNDARY):
            return _AT_TEXT[at]  # the separator is no word character: a word edge, as the text's edge is
        line = bool(flags & re.MULTILINE)
        if at is _c.AT_BEGINNING or at is _c.AT_BEGINNING_STRING:
            return "(?<![^\\x00\\n])" if line and at is _c.AT_BEGINNING else "(?<![^\\x00])"
        if at is _c.AT_END and line:
            return "(?![^\\x00\\n])"
        return "(?=\\n?(?![^\\x00]))" if at is _c.AT_END else "(?![^\\x00])"
