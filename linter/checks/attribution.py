"""Kind ``attribution``: figures and quantity claims that nobody is quoted for.

A rule picks what a claim is (``claims: figure`` or ``quantity``, see :mod:`linter.checks.claims`);
the cue words and back-reference patterns are word lists in ``rules/lists``. The policy:

- A claim is **attributed** when its sentence carries a cue: an active reporting, perception,
  measurement or stance verb ("the ministry said", "intelligence has detected", "Clinton wants"),
  or an attributing phrase ("according to", "citing", "data from X", "reported by", "X's data").
  A pronoun subject counts ("He added that ..."): it names a source the reader has just met.
- It is attributed when it sits inside a quotation whose speaker is given: a cue outside the
  quotation, in a sentence the quotation overlaps or in the sentence just before or after it
  (a quotation left open at the end of a paragraph runs on into the next ones, as in news copy).
- It is attributed by a **back-reference** ("The Russian media announced this.", "This was
  reported by the General Staff."): one attributes the sentences before it in its paragraph, or,
  when it opens a paragraph (wire copy often puts it on its own line), the whole paragraph before.
- It is attributed when it **continues** an attributed sentence of the same paragraph ("The
  ministry said three died. Another 12 were injured."), or is an item of a list that an attributed
  line introduces ("The package includes:" followed by "- 18 HIMARS launchers").
- Nothing else counts: a source in another paragraph does not (files with one sentence a line
  are one paragraph a line). Vague sources ("the media", "it is reported") count as attributions
  here; the ``vague-`` rules flag them.
- Headlines and headings are not checked: a headline states the article's claim, the body gives
  its source. Nor are sentences mostly in a non-Latin script (untranslated text).

The finding covers the clause of the claim (from the clause boundary before the first claim to the
one after the last), one per sentence. Every step reads each sentence a bounded number of times,
so the work is linear in the length of the document.
"""
from __future__ import annotations

import bisect
import json
import re
from collections.abc import Iterator

from linter.checks.base import CheckKind, compile_regex, literal_alternation
from linter.checks.claims import FigureFinder, QuantityFinder
from linter.checks.pattern import REGEX_LIST
from linter.checks.prefilter import PrefixScanner, RegexSet, fold
from linter.document import Document
from linter.errors import RulePackError
from linter.finding import Hit

_STRINGS = {"type": "array", "minItems": 1, "items": {"type": "string", "minLength": 1}}
_NOT_CHECKED = ("headline", "heading")
# Before a verb: a form of "be" makes it passive ("was reported"), an article an adjective or noun.
_PASSIVE = re.compile(r"\b(?:is|are|was|were|be|been|being|am)\s+(?:(?:\w+ly|not|also|now|then)\s+)?$", re.I)
_DETERMINER = re.compile(r"\b(?:the|a|an)\s+$", re.I)
_CLAUSE_BREAK = re.compile(r"[,;:]\s|\s[—–-]\s|[()\[\]]|[—―]")
_TRAILING = ".!?…\"'”’»)] \t\n"
_LEADING = "\"'“‘«(["
_QUOTE = re.compile(r"[\"“”«»]")
_LIST_ITEM = re.compile(r"\s*(?:[-–—•*·▪]|\d{1,2}[.)])\s")
_NON_LATIN = re.compile("[\u024f-\U0010ffff]")  # what _mostly_latin does not count as Latin
_MAX_QUOTE_BLOCKS = 12  # paragraphs a quotation may run over without a closing mark


class Attributor:
    """Decides, for one document, which sentences and quotations have a source."""

    def __init__(self, cues: dict, back_references: list[str], where: str):
        verbs = cues.get("verbs") or []
        if not verbs and not cues.get("phrases"):
            raise RulePackError(f"{where}.cues: needs `verbs` or `phrases`")
        self.verbs = (compile_regex(rf"(?<![\w-])(?:{literal_alternation(verbs)})(?![\w-])", re.I, f"{where}.cues.verbs")
                      if verbs else None)
        self.phrases = RegexSet(compile_regex(p, re.I, f"{where}.cues.phrases") for p in cues.get("phrases") or [])
        self._verbs = PrefixScanner(self.verbs) if self.verbs is not None else None
        self.back_references = [compile_regex(p, re.I, f"{where}.back_references") for p in back_references]

    def cue_spans(self, text: str) -> list[tuple[int, int]]:
        """Where ``text`` names a source: active cue verbs and attributing phrases."""
        folded = fold(text)
        spans = [m.span() for regex in self.phrases.candidates(text, folded) for m in regex.finditer(text)]
        if self._verbs is not None:
            for match in self._verbs.finditer(text, folded):
                before = text[max(0, match.start() - 30):match.start()]
                passive = not match.group().endswith("ing") and _PASSIVE.search(before)
                if not passive and not _DETERMINER.search(before):
                    spans.append(match.span())
        return spans

    def is_back_reference(self, text: str) -> bool:
        return any(regex.search(text) for regex in self.back_references)


class Analysis:
    """Which sentences of a document are attributed, and which quotations have a speaker."""

    def __init__(self, attributor: Attributor, doc: Document):
        sentences = doc.sentences
        self.cues = [[(s.start + a, s.start + b) for a, b in attributor.cue_spans(doc.sentence_text(s))]
                     for s in sentences]
        self.attributed = [bool(c) for c in self.cues]
        # a back-reference covers the sentences before it in its block, or the block before it
        covered_until: dict[int, int] = {}  # block -> sentences before this index are attributed
        first_of_block: dict[int, int] = {}
        for s in sentences:
            first_of_block.setdefault(s.block, s.index)
            if attributor.is_back_reference(doc.sentence_text(s)):
                opens = first_of_block[s.block] == s.index
                block, until = (s.block - 1, s.index) if opens else (s.block, s.index)
                covered_until[block] = max(covered_until.get(block, 0), until)
        for s in sentences:
            if s.index < covered_until.get(s.block, 0):
                self.attributed[s.index] = True
        self._carry_on(doc)
        self._sentence_starts = [s.start for s in sentences]
        self.quotes = [(a, b) for a, b in quotation_spans(doc) if self._has_speaker(a, b)]
        self._quote_starts = [a for a, _ in self.quotes]

    def _carry_on(self, doc: Document) -> None:
        """An attributed sentence covers the rest of its paragraph and the list it introduces."""
        sentences = doc.sentences
        for prev, s in zip(sentences, sentences[1:]):
            if self.attributed[prev.index] and not self.attributed[s.index] and (
                    prev.block == s.block or (s.block == prev.block + 1 and _list_follows(doc, prev.block))):
                self.attributed[s.index] = True

    def _has_speaker(self, start: int, end: int) -> bool:
        first = max(0, bisect.bisect_right(self._sentence_starts, start) - 2)
        last = min(len(self.cues) - 1, bisect.bisect_left(self._sentence_starts, end))
        return any(b <= start or a >= end for i in range(first, last + 1) for a, b in self.cues[i])

    def quoted(self, offset: int) -> bool:
        """``offset`` lies inside a quotation whose speaker is given."""
        i = bisect.bisect_right(self._quote_starts, offset) - 1
        return i >= 0 and offset < self.quotes[i][1]


def _mostly_latin(text: str) -> bool:
    """At least half the letters are Latin (up to Latin Extended-B)."""
    if not any(c.isalpha() for c in _NON_LATIN.findall(text)):
        return True  # no letter beyond Latin (most sentences): no need to count them all
    letters = [c for c in text if c.isalpha()]
    return sum(c < "ɏ" for c in letters) * 2 >= len(letters)


def _list_follows(doc: Document, block: int) -> bool:
    """The block after ``block`` is an item of a list that ``block`` introduces or belongs to."""
    this, following = doc.blocks[block], doc.blocks[block + 1]
    return doc.block_text(this).rstrip().endswith(":") or bool(_LIST_ITEM.match(doc.block_text(following)))


def quotation_spans(doc: Document) -> list[tuple[int, int]]:
    """[start, end) of every quotation.

    One left open at a paragraph's end runs on to its close (news copy opens each paragraph of a
    long quotation and closes only the last), or to the end of the text; but never over more than
    ``_MAX_QUOTE_BLOCKS`` paragraphs.
    """
    text, blocks = doc.text, doc.blocks
    spans: list[tuple[int, int]] = []
    open_at: int | None = None
    open_block = 0
    for block in blocks:
        if open_at is not None and block.index - open_block >= _MAX_QUOTE_BLOCKS:
            spans.append((open_at, blocks[block.index - 1].end))
            open_at = None
        for match in _QUOTE.finditer(text, block.start, block.end):
            pos, char = match.start(), match.group()
            if char in "“«" or (char == '"' and _opens(text, pos, block.start, block.end)):
                if open_at is None:
                    open_at, open_block = pos, block.index
                elif open_block != block.index:
                    spans.append((open_at, blocks[block.index - 1].end))  # a new paragraph of a long quotation
                    open_at, open_block = pos, block.index
            elif open_at is not None:
                spans.append((open_at, pos + 1))
                open_at = None
    if open_at is not None:
        spans.append((open_at, blocks[-1].end))
    return spans


def _opens(text: str, pos: int, block_start: int, block_end: int) -> bool:
    """A straight double quote opens before a word and after a space, a bracket or the paragraph start."""
    if pos + 1 >= block_end or text[pos + 1].isspace() or text[pos + 1] in ".,;:!?)]}":
        return False
    return pos == block_start or text[pos - 1].isspace() or text[pos - 1] in "([{—–-:"


def clause_span(text: str, start: int, end: int) -> tuple[int, int]:
    """From the clause boundary before ``start`` to the one after ``end`` (within ``text``)."""
    left = 0
    for match in _CLAUSE_BREAK.finditer(text, 0, start):
        left = match.end()
    right = len(text)
    for match in _CLAUSE_BREAK.finditer(text, end):
        if len(text[end:match.start()].split()) >= 2:  # "More than 400 new, small-scale ..." runs on
            right = match.start()
            break
    while right > end and text[right - 1] in _TRAILING:
        right -= 1
    if right < len(text) and text[right] == ")" and text.count("(", left, right) > text.count(")", left, right):
        right += 1  # keep "(8%)" whole
    while left < start and (text[left].isspace() or text[left] in _LEADING):
        left += 1
    if left > 0 and text[left - 1] == "(" and text.count(")", left, right) > text.count("(", left, right):
        left -= 1  # keep "(54%)" whole
    return left, right


class Check(CheckKind):
    name = "attribution"
    default_scope = "body"
    params_schema = {
        "type": "object",
        "required": ["claims", "cues", "back_references"],
        "additionalProperties": False,
        "properties": {
            "claims": {"enum": ["figure", "quantity"], "description": "what a claim is"},
            "numbers": {"type": "object", "description": "figure: attribution-numbers.yml"},
            "not_claims": {**REGEX_LIST, "description": "figure: numbers that are not claims"},
            "phrases": {**_STRINGS, "description": "quantity: quantity phrases"},
            "cues": {
                "type": "object",
                "additionalProperties": False,
                "properties": {"verbs": {"type": "array", "items": {"type": "string", "minLength": 1}},
                               "phrases": REGEX_LIST},
            },
            "back_references": REGEX_LIST,
        },
    }

    @classmethod
    def validate_rule(cls, data, params, path):
        _finder(params, f"{path}: params")
        Attributor(params["cues"], params["back_references"], f"{path}: params")

    def __init__(self, rules, context=None):
        super().__init__(rules, context)
        attributors: dict[str, Attributor] = {}
        self.compiled = []
        for rule in rules:
            where = f"{rule.path}: params"
            key = json.dumps([rule.params["cues"], rule.params["back_references"]], sort_keys=True)
            if key not in attributors:
                attributors[key] = Attributor(rule.params["cues"], rule.params["back_references"], where)
            self.compiled.append((rule, _finder(rule.params, where), attributors[key]))

    def run(self, doc: Document) -> Iterator[Hit]:
        analyses: dict[int, Analysis] = {}
        checked = {b.index for b in doc.blocks if b.kind not in _NOT_CHECKED}
        for rule, finder, attributor in self.compiled:
            analysis = analyses.get(id(attributor))
            for sentence in doc.sentences:
                if sentence.block not in checked:
                    continue
                text = doc.sentence_text(sentence)
                if not _mostly_latin(text):
                    continue  # the word lists are English; untranslated text is another rule's business
                claims = finder.find(text)
                if not claims:
                    continue
                if analysis is None:
                    analysis = analyses[id(attributor)] = Analysis(attributor, doc)
                if analysis.attributed[sentence.index]:
                    continue
                claims = [c for c in claims if not analysis.quoted(sentence.start + c.start)]
                if not claims:
                    continue
                start, end = clause_span(text, claims[0].start, claims[-1].end)
                figure = text[claims[0].start:claims[0].end]
                yield Hit(rule, sentence.start + start, sentence.start + end,
                          {"figure": figure, "match": text[start:end], "kind": claims[0].kind})


def _finder(params: dict, where: str):
    if params["claims"] == "figure":
        if "numbers" not in params:
            raise RulePackError(f"{where}.numbers: required when claims is `figure`")
        return FigureFinder(params["numbers"], params.get("not_claims", []), f"{where}.numbers")
    if "phrases" not in params:
        raise RulePackError(f"{where}.phrases: required when claims is `quantity`")
    return QuantityFinder(params["phrases"], f"{where}.phrases")
