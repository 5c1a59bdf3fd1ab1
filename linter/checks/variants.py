"""Kind ``name-variants``: one name spelled two ways in the same article (Kim Jong-un / Kim Jong-Un).

Names are runs of capitalised words; every run yields its words and its last 2..``max_words``
words as mentions, so "Kim Jong Un" (three words) can meet "Kim Jong-un" (two). Mentions are
grouped by keys, never compared all against all:

- ``form``: case, hyphens, spaces, apostrophes and diacritics folded away;
- ``transliteration``: each folded word reduced to a skeleton by an ordered list of alternations
  (y/i endings, kh/h, zh/j, ts/tz, double letters, ...);
- ``spelling``: skeletons one edit apart, for single rare words only, found through a deletion
  index (a skeleton and its one-letter deletions are its keys, as in SymSpell), so the work stays
  linear in the number of distinct names.

Each group's most frequent form (the first one, on a tie) is the article's spelling; every other
form is flagged by the rule of the closest key it shares with that form. Groups of two-word names
are decided first, then longer ones, then single words, and a decided mention claims its words:
"Kim Jong-Un" is reported once, not again as "Jong-Un".
"""
from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

from linter import regexcache
from linter.checks.base import CheckKind, compile_regex
from linter.document import Document
from linter.errors import RulePackError
from linter.finding import Hit

METHODS = ("form", "transliteration", "spelling")
# A word is letters joined by hyphens or apostrophes. Names are looked for only among words that
# do not begin with a-z: a word begins at a letter that no earlier word reaches (no letter, nor a
# letter and a joiner, before it), so skipping lower-case words in C finds the same capitalised ones.
_CAPITALISED = r"[^\W\d_a-z](?<![^\W\d_].)(?<![^\W\d_][-'’ʼ].){skip}[^\W\d_]*(?:[-'’ʼ][^\W\d_]+)*"
_POSSESSIVES = ("'s", "’s", "ʼs")
_PARTS = regexcache.compile(r"[\s-]+")
_NOT_LETTER = regexcache.compile(r"[\W\d_]+")
_LOWER_WORD = regexcache.compile(r"[a-z](?<![\w-][a-z])[a-z'’-]*")  # (?<![\w-])[a-z]..., scanned faster
_OPENERS = frozenset("\"“«‘'([{:—–-•*")
_MAX_LINES = 3
_UNSEEN = object()


@dataclass(slots=True)
class Mention:
    """A word or the end of a run of capitalised words, and where it stands."""

    form: str
    start: int
    end: int
    words: int
    initial: bool  # begins with the first word of a sentence (or of a quotation)
    after: str | None  # the capitalised word that follows it in its run


@dataclass
class Form:
    """One spelling and all its mentions, with its group keys."""

    text: str
    fold: str
    skeleton: str
    mentions: list[Mention] = field(default_factory=list)

    @property
    def words(self) -> int:
        return self.mentions[0].words

    @property
    def named(self) -> bool:
        """A name, not an ordinary word capitalised at a sentence's start: it has several words,
        or it stands inside a sentence somewhere."""
        return self.words > 1 or any(not m.initial for m in self.mentions)


@lru_cache(maxsize=1 << 16)  # names recur across a desk's articles
def fold(text: str) -> str:
    """Case, diacritics, hyphens, spaces and apostrophes removed: "Kim Jong-Un" -> "kimjongun"."""
    folded = text.casefold()
    if not folded.isascii():
        folded = unicodedata.normalize("NFKD", folded)  # accents become combining marks, not \w
    return _NOT_LETTER.sub("", folded)


class Skeleton:
    """Reduces a name word by word with ordered ``[regex, replacement]`` alternations (data)."""

    def __init__(self, alternations: list, where: str):
        self.steps = []
        for i, pair in enumerate(alternations):
            if not (isinstance(pair, list) and len(pair) == 2 and all(isinstance(p, str) for p in pair)):
                raise RulePackError(f"{where}[{i}]: an alternation is a [regex, replacement] pair")
            self.steps.append((compile_regex(pair[0], 0, f"{where}[{i}]"), pair[1]))
        self._cache: dict[str, str] = {}

    def __call__(self, text: str) -> str:
        return "".join(self._word(w) for w in _PARTS.split(text))

    def _word(self, word: str) -> str:
        skeleton = self._cache.get(word)
        if skeleton is None:
            skeleton = fold(word)
            for regex, replacement in self.steps:
                if regex.search(skeleton):  # most steps change nothing; sub() with \1 is slow
                    skeleton = regex.sub(replacement, skeleton)
            self._cache[word] = skeleton
        return skeleton


@lru_cache(maxsize=8)
def capitalised_words(stopwords: frozenset[str]) -> re.Pattern:
    """The regex of the words that may be names: those that do not begin with a-z, less the ASCII
    stopwords (spelled with explicit letter classes, so that the regex skips exactly the words
    ``casefold`` makes a stopword; IGNORECASE would also equate "İ" and "i"). A skipped word ends
    a run as a stopword does: the text between its neighbours is then more than one space."""
    by_first: dict[str, list[str]] = defaultdict(list)
    for word in sorted(w for w in stopwords if w.isascii() and w[:1].isalpha()):
        by_first[word[0]].append("".join(f"[{c.upper()}{c}]" if c.isalpha() else re.escape(c) for c in word[1:]))
    # the regex reads this after the word's first letter: the letter is looked behind at
    alternatives = "|".join(f"(?<=[{first.upper()}{first}])(?:{'|'.join(rests)})" for first, rests in by_first.items())
    skip = rf"(?!(?:{alternatives})(?:['’ʼ]s)?(?![^\W\d_]|[-'’ʼ][^\W\d_]))" if alternatives else ""
    return regexcache.compile(_CAPITALISED.format(skip=skip))


def mentions(doc: Document, stopwords: frozenset[str], max_words: int) -> list[Mention]:
    """The words of each run of capitalised words and its last 2..max_words words, sentence by
    sentence (see ``_add_sub_runs``), in order.

    A run is capitalised words joined by single spaces; a stopword, a possessive or any other
    separator ends it. Words that are all capitals (acronyms, datelines) are not names here.
    """
    words = capitalised_words(stopwords)
    source = doc.text
    found: list[Mention] = []
    for sentence in doc.sentences:
        offset = sentence.start
        text = source[offset:sentence.end]
        run: list[tuple[str, int, int, bool]] = []
        open_end = -1  # where the run may go on (-1: it may not)
        for match in words.finditer(text):
            word = match.group()
            start, end = match.span()
            possessive = len(word) > 2 and word.endswith(_POSSESSIVES)  # "ʼs" alone is a word
            if possessive:
                word, end = word[:-2], end - 2
            if not (word[0].isupper() and not (len(word) > 1 and word.isupper())
                    and word.casefold() not in stopwords):  # not name-like: it ends the run
                if run:
                    _add_sub_runs(run, offset, max_words, found)
                    run = []
                open_end = -1
                continue
            # a run goes on only across one space: a lower-case word between ends it too
            if run and (open_end < 0 or text[open_end:start] != " "):
                _add_sub_runs(run, offset, max_words, found)
                run = []
            before = text[start - 1] if start else ""
            initial = not before or before in _OPENERS or (before.isspace() and _starts_sentence(text, start))
            run.append((word, start, end, initial))
            open_end = -1 if possessive else end
        if run:
            _add_sub_runs(run, offset, max_words, found)
    return found


def _starts_sentence(text: str, start: int) -> bool:
    """Whether only space or an opening mark stands between the sentence's start and ``start``."""
    i = start - 1
    while i >= 0 and text[i].isspace():
        i -= 1
    return i < 0 or text[i] in _OPENERS


def _add_sub_runs(run: list, offset: int, max_words: int, found: list[Mention]) -> None:
    """Each word of a run, and the run's last 2..max_words words: English puts titles before a
    name ("Supreme Leader Kim Jong-un"), so a name of several words ends its run."""
    if len(run) == 1:  # most runs
        word, start, end, initial = run[0]
        found.append(Mention(word, offset + start, offset + end, 1, initial, None))
        return
    for i, (word, start, end, initial) in enumerate(run):
        after = run[i + 1][0] if i + 1 < len(run) else None
        found.append(Mention(word, offset + start, offset + end, 1, initial, after))
    for n in range(2, min(max_words, len(run)) + 1):
        words = run[-n:]
        found.append(Mention(" ".join(w[0] for w in words), offset + words[0][1], offset + words[-1][2],
                             n, words[0][3], None))


class _UnionFind:
    def __init__(self, size: int):
        self.parent = list(range(size))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        a, b = self.find(i), self.find(j)
        if a != b:
            self.parent[max(a, b)] = min(a, b)


def near_pairs(keys: list[str]) -> tuple[list[tuple[int, int]], int]:
    """Index pairs of distinct ``keys`` one edit apart, and how many pairs were compared.

    Strings one edit apart share a key among themselves and their one-letter deletions, so only
    strings sharing such a key are compared: blocking, not all pairs.
    """
    index: dict[str, list[int]] = {}
    shared: list[list[int]] = []  # the buckets of two keys or more (few): only they are read
    for i, key in enumerate(keys):
        for variant in _deletions(key):
            bucket = index.get(variant)
            if bucket is None:
                index[variant] = [i]
            else:
                if len(bucket) == 1:
                    shared.append(bucket)
                bucket.append(i)
    compared: set[tuple[int, int]] = set()
    pairs = []
    for bucket in shared:
        for x in range(len(bucket)):
            for y in range(x + 1, len(bucket)):
                pair = (bucket[x], bucket[y])
                if pair not in compared:
                    compared.add(pair)
                    if Levenshtein.distance(keys[pair[0]], keys[pair[1]], score_cutoff=1) == 1:
                        pairs.append(pair)
    return pairs, len(compared)


@lru_cache(maxsize=1 << 14)
def _deletions(key: str) -> frozenset[str]:
    """``key`` and every string one letter shorter."""
    return frozenset({key} | {key[:j] + key[j + 1:] for j in range(len(key))})


class Check(CheckKind):
    name = "name-variants"
    default_scope = "document"
    params_schema = {
        "type": "object",
        "required": ["match"],
        "additionalProperties": False,
        "properties": {
            "match": {"enum": list(METHODS), "description": "which key joins the forms this rule reports"},
            "alternations": {"type": "array", "items": {"type": "array"},
                             "description": "[regex, replacement] pairs applied in order to each folded word"},
            "stopwords": {"type": "array", "items": {"type": "string"},
                          "description": "capitalised words that are never part of a name"},
            "house_spellings": {"type": "object", "additionalProperties": {"type": "string"},
                                "description": "forms the house-spelling rule decides; skipped here"},
            "max_words": {"type": "integer", "minimum": 1, "maximum": 6},
            "min_length": {"type": "integer", "minimum": 1,
                           "description": "shortest skeleton a spelling edit may join"},
        },
    }

    @classmethod
    def validate_rule(cls, data, params, path):
        Skeleton(params.get("alternations", []), f"{path}: params.alternations")

    def __init__(self, rules, context=None):
        super().__init__(rules, context)
        self.by_method = {r.params["match"]: r for r in rules}
        fuzzy = self.by_method.get("transliteration") or self.by_method.get("spelling")
        self.skeleton = Skeleton(fuzzy.params.get("alternations", []) if fuzzy else [], "params.alternations")
        self.stopwords = frozenset(w.casefold() for r in rules for w in r.params.get("stopwords", ()))
        house = {k: v for r in rules for k, v in r.params.get("house_spellings", {}).items()}
        house.update(self.context.options.get("house-spellings", {}))
        self.house_forms = frozenset(fold(w) for wrong, right in house.items() if wrong != right
                                     for w in (wrong, right))
        self.max_words = max((r.params.get("max_words", 4) for r in rules), default=4)
        spelling = self.by_method.get("spelling")
        self.min_length = spelling.params.get("min_length", 6) if spelling else 0
        self._keys = lru_cache(maxsize=1 << 16)(self._form_keys)  # names recur across articles

    def run(self, doc: Document) -> list[Hit]:
        if not self.rules:
            return []
        forms = self._forms(doc)
        groups = _UnionFind(len(forms))
        if "form" in self.by_method:
            self._join_on_key(forms, groups, lambda f: f.fold)
        if "transliteration" in self.by_method:
            self._join_on_key(forms, groups, lambda f: f.skeleton, named=True)
        if "spelling" in self.by_method:
            self._join_near(forms, groups, doc)
        return self._report(forms, groups, doc)

    def _forms(self, doc: Document) -> list[Form]:
        by_text: dict[str, Form | None] = {}  # None: a form that is not compared (short, house)
        for mention in mentions(doc, self.stopwords, self.max_words):
            form = by_text.get(mention.form, _UNSEEN)
            if form is _UNSEEN:
                form = by_text[mention.form] = self._form(mention.form)
            if form is not None:
                form.mentions.append(mention)
        return [form for form in by_text.values() if form is not None]

    def _form(self, text: str) -> Form | None:
        keys = self._keys(text)
        return None if keys is None else Form(text, *keys)

    def _form_keys(self, text: str) -> tuple[str, str] | None:
        """A form's fold and skeleton, or None for a form that is not compared (short, house)."""
        folded = fold(text)
        if len(folded) < 3 or folded in self.house_forms \
                or any(fold(w) in self.house_forms for w in _PARTS.split(text)):
            return None
        return folded, self.skeleton(text)

    def _join_on_key(self, forms: list[Form], groups: _UnionFind, key_of: Callable[[Form], str],
                     named: bool = False) -> None:
        """Forms sharing a key are one name; with ``named``, one of the two must be a name."""
        buckets: dict[str, list[int]] = defaultdict(list)
        for i, form in enumerate(forms):
            buckets[key_of(form)].append(i)
        for bucket in buckets.values():
            if len(bucket) < 2:
                continue  # most forms: nothing to join
            for i in bucket:
                for j in bucket:
                    if i < j and (not named or forms[i].named or forms[j].named) \
                            and self._same_name(forms[i], forms[j]):
                        groups.union(i, j)

    def _join_near(self, forms: list[Form], groups: _UnionFind, doc: Document) -> None:
        """Single rare words one edit apart: inside a sentence somewhere, never written in lower
        case in this article, long enough, and the edit not in the ending."""
        rare = [i for i, f in enumerate(forms) if f.words == 1 and len(f.skeleton) >= self.min_length and f.named]
        pairs, _ = near_pairs([forms[i].skeleton for i in rare])
        if not pairs:
            return
        # pairs of the words never written in lower case: those of all words, filtered (few)
        lower = set(_LOWER_WORD.findall(doc.text))  # ASCII lower case: already case-folded
        for a, b in pairs:
            x, y = forms[rare[a]], forms[rare[b]]
            if x.fold not in lower and y.fold not in lower and _edit_inside(x, y, self.skeleton) \
                    and self._same_name(x, y):
                groups.union(rare[a], rare[b])

    def _same_name(self, a: Form, b: Form) -> bool:
        """Not two people: first names followed by different surnames are different names."""
        if a.fold == b.fold:
            return True
        after_a = {self.skeleton(m.after) for m in a.mentions if m.after}
        after_b = {self.skeleton(m.after) for m in b.mentions if m.after}
        return not (after_a and after_b and not after_a & after_b)

    def _report(self, forms: list[Form], groups: _UnionFind, doc: Document) -> list[Hit]:
        members: dict[int, list[Form]] = defaultdict(list)
        for i, form in enumerate(forms):
            members[groups.find(i)].append(form)
        clusters = [m for m in members.values() if len(m) > 1]
        clusters.sort(key=lambda m: (_rank(min(f.words for f in m)), -max(len(f.fold) for f in m)))
        claimed = bytearray(len(doc.text))
        hits = []
        for cluster in clusters:
            live = [(f, [m for m in f.mentions if 1 not in claimed[m.start:m.end]]) for f in cluster]
            live = [(f, ms) for f, ms in live if ms]
            if len(live) < 2:
                continue
            majority, majority_mentions = max(live, key=lambda fm: (len(fm[1]), -fm[1][0].start))
            lines = sorted({doc.source_lines.position(doc.to_source(m.start, m.end)[0])[0]
                            for m in majority_mentions})
            for form, ms in live:
                for m in ms:
                    claimed[m.start:m.end] = b"\x01" * (m.end - m.start)
                rule = None if form is majority else self.by_method.get(self._method(form, majority))
                for m in ms if rule else ():
                    args = {"match": m.form, "majority": majority.text, "lines": _lines(lines)}
                    hits.append(Hit(rule, m.start, m.end, args, majority.text))
        return hits

    @staticmethod
    def _method(form: Form, majority: Form) -> str:
        if form.fold == majority.fold:
            return "form"
        if form.skeleton == majority.skeleton:
            return "transliteration"
        return "spelling"


def _lines(lines: list[int]) -> str:
    """"line 3", "lines 3 and 5", "lines 1, 2 and 4", "lines 1, 2, 4 and 2 more"."""
    if len(lines) == 1:
        return f"line {lines[0]}"
    if len(lines) <= _MAX_LINES:
        return f"lines {', '.join(map(str, lines[:-1]))} and {lines[-1]}"
    return f"lines {', '.join(map(str, lines[:_MAX_LINES]))} and {len(lines) - _MAX_LINES} more"


def _rank(words: int) -> int:
    """Names of two words are decided first, then longer ones, single words last: "Kim Jong-Un"
    rather than "Jong-Un", and "Seyyed Ali Khamenei" rather than "Revolution Seyyed Ali Khamenei"."""
    return 1_000 if words == 1 else words


def _edit_inside(a: Form, b: Form, skeleton: Skeleton) -> bool:
    """Endings carry gender and grammar (Navalny / Navalnaya, Zelensky / Zelenska, Russia /
    Russian, Yaroslavl / Yaroslavs), also inside compounds (Russia-flagged / Russian-flagged): an
    edit at the end of a part, or a part that begins the other, is not a spelling variant."""
    parts_a, parts_b = a.text.split("-"), b.text.split("-")
    if len(parts_a) != len(parts_b):
        return False
    for x, y in zip(map(skeleton, parts_a), map(skeleton, parts_b)):
        if x == y:
            continue
        if not x or not y or x[-1] != y[-1] or x.startswith(y) or y.startswith(x):
            return False
    return True
