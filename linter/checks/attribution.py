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
  reported by the General Staff."), which covers the sentences before it in its paragraph, or,
  when it opens a paragraph (wire copy often puts it on its own line), the whole paragraph before.
- It is attributed when it **continues** an attributed sentence of the same paragraph ("The
  ministry said three died. Another 12 were injured."), or is an item of a list that an attributed
  line introduces ("The package includes:" followed by "- 18 HIMARS launchers").
- A source in another paragraph does not count. Vague sources ("the media", "it is reported")
  count as attributions here; the ``vague-`` rules flag them.
- Headlines, headings and headline-like lines (short, unpunctuated: crossheads, captions,
  teasers) are not checked: a headline states a claim whose source the body gives. Nor are
  sentences mostly in a non-Latin script (untranslated text).

**Layout.** Machine-translation output, bilingual files and many CMS exports put one sentence (a
translation segment) on each line, with no blank lines: there a line is not a paragraph, and "a
source in another paragraph" would be the sentence just before. A document is read that way when
no blank line separates its lines and at least ``_SEGMENT_SHARE`` of its body lines hold one
sentence (a bilingual file's blocks are segments whatever the spacing). Its consecutive lines form
**passages**, which a headline-like line (a crosshead, a caption, a teaser) ends. Inside a passage:

- a line with a source of its own covers the **next line** (news copy names the source once and
  goes on: "According to the data of the Syrian government, 2,662 people died." / "More than
  10,000 were injured.");
- a line that **continues** the line before ("Thus, the total ...", "Of them, ...", "Another 12
  ...", "For comparison: ...", "This is 3000 more ...": ``continuations``, a word list) is
  attributed when that line is, so a run of them goes on as far as it is explicit;
- a back-reference covers up to ``_BACKWARD`` lines before it ("This was reported by the traffic
  police." after the lede);
- a list is covered by an attributed line that introduces it, as in paragraphs.

Nothing else reaches further: a bare next-but-one line is a new statement. Measured with
``benchmarks/attribution_polnear.py`` (PolNeAR, rebuilt one sentence a line; its gold marks a
sentence attributed only inside an attribution, stricter than news practice): the next-line rule
removes 10 false alarms and 17 true findings there (precision 0.79 -> 0.86), and on the
development set it removes the false alarms of wire copy that names its source once and goes on.
A back-reference window of one line or of four gives the same PolNeAR figures. Plain text with
blank lines between paragraphs, Markdown and HTML keep the paragraph rules above.

The finding covers the clause of the claim (from the clause boundary before the first claim to the
one after the last), one per sentence. Everything is computed on demand: one pass over the
document finds where claims can be (digits, the words number words and quantity phrases need), so
other sentences are never read; a claim sentence with a cue of its own costs one look; and the
costly non-claim patterns run only on the claims left without a source. Each sentence is read a
bounded number of times, so the work is linear in the length of the document.
"""
from __future__ import annotations

import bisect
import json
import math
import re
from collections.abc import Iterator

from linter import regexcache
from linter.checks.base import CheckKind, compile_regex, folded_text, literal_alternation
from linter.checks.claims import FigureFinder, QuantityFinder
from linter.checks.pattern import REGEX_LIST
from linter.checks.prefilter import PrefixScanner, RegexSet, fold
from linter.document import Document
from linter.errors import RulePackError
from linter.finding import Hit

_STRINGS = {"type": "array", "minItems": 1, "items": {"type": "string", "minLength": 1}}
_NOT_CHECKED = ("headline", "heading", "line")  # also what ends a passage
# Before a verb: a form of "be" makes it passive ("was reported"), an article an adjective or noun.
_PASSIVE = regexcache.compile(r"\b(?:is|are|was|were|be|been|being|am)\s+(?:(?:\w+ly|not|also|now|then)\s+)?$", re.I)
_DETERMINER = regexcache.compile(r"\b(?:the|a|an)\s+$", re.I)
_CLAUSE_BREAK = regexcache.compile(r"[,;:]\s|\s[—–-]\s|[()\[\]]|[—―]")
_TRAILING = ".!?…\"'”’»)] \t\n"
_LEADING = "\"'“‘«(["
_QUOTE = regexcache.compile(r"``|''|[\"“”«»]")  # `` and '' are the typewriter pair of “ and ”
_LIST_ITEM = regexcache.compile(r"\s*(?:[-–—•*·▪]|\d{1,2}[.)])\s")
_NON_LATIN = regexcache.compile("[\u024f-\U0010ffff]")  # what _mostly_latin does not count as Latin
_MAX_QUOTE_BLOCKS = 12  # paragraphs a quotation may run over without a closing mark
_SEGMENT_SHARE = 0.75  # lines holding one sentence, of all body lines, in a one-segment-a-line file
_MIN_SEGMENT_LINES = 3
_BACKWARD = 4  # lines before a back-reference that it covers, in a one-segment-a-line file


class Attributor:
    """Decides whether a sentence names a source, or points back to the sentences before it."""

    def __init__(self, cues: dict, back_references: list[str], where: str, continuations: list[str] = ()):
        verbs = cues.get("verbs") or []
        if not verbs and not cues.get("phrases"):
            raise RulePackError(f"{where}.cues: needs `verbs` or `phrases`")
        self.verbs = (compile_regex(rf"(?<![\w-])(?:{literal_alternation(verbs)})(?![\w-])", re.I, f"{where}.cues.verbs")
                      if verbs else None)
        self.phrases = RegexSet(compile_regex(p, re.I, f"{where}.cues.phrases") for p in cues.get("phrases") or [])
        self._verbs = PrefixScanner(self.verbs) if self.verbs is not None else None
        self.back_references = RegexSet(compile_regex(p, re.I, f"{where}.back_references") for p in back_references)
        self.continuations = RegexSet(compile_regex(p, re.I, f"{where}.continuations") for p in continuations)

    def cue_spans(self, text: str, folded: str | None = None) -> list[tuple[int, int]]:
        """Where ``text`` names a source: active cue verbs and attributing phrases."""
        folded = fold(text) if folded is None else folded
        spans = [m.span() for regex in self.phrases.candidates(text, folded) for m in regex.finditer(text)]
        if self._verbs is not None:
            for match in self._verbs.finditer(text, folded):
                before = text[max(0, match.start() - 30):match.start()]
                passive = not match.group().endswith("ing") and _PASSIVE.search(before)
                if not passive and not _DETERMINER.search(before):
                    spans.append(match.span())
        return spans

    def is_back_reference(self, text: str, folded: str | None = None) -> bool:
        return any(regex.search(text) for regex in self.back_references.candidates(text, folded))

    def is_continuation(self, text: str, folded: str | None = None) -> bool:
        return any(regex.search(text) for regex in self.continuations.candidates(text, folded))


class Analysis:
    """Which sentences of a document are attributed, and which quotations have a speaker.

    Computed on demand, sentence by sentence, and remembered: a document whose claims all have a
    cue of their own costs one look at each claim sentence.
    """

    def __init__(self, attributor: Attributor, doc: Document, folded: str):
        self.attributor, self.doc, self.folded = attributor, doc, folded
        self.sentences = doc.sentences
        self._segments: bool | None = None
        self._passage: list[int | None] = []
        self._cues: dict[int, list[tuple[int, int]]] = {}
        self._back: dict[int, bool] = {}
        self._attributed: dict[int, bool] = {}
        self._list_carry: dict[int, bool] = {}
        self._carry: dict[int, bool] = {}
        self._quotes: list[tuple[int, int]] | None = None
        self._speaker: dict[int, bool] = {}
        self._cue_scan: dict[int, tuple[int, float]] = {}  # block -> (next to look at, first cue)
        self._back_scan: dict[int, tuple[int, float]] = {}  # block -> (next to look at, last back-reference)

    # --- one sentence ----------------------------------------------------------------------

    def cues(self, i: int) -> list[tuple[int, int]]:
        """Cue spans of sentence ``i``, in document offsets."""
        if i not in self._cues:
            s = self.sentences[i]
            spans = self.attributor.cue_spans(self.doc.sentence_text(s), self.folded[s.start:s.end])
            self._cues[i] = [(s.start + a, s.start + b) for a, b in spans]
        return self._cues[i]

    def back_reference(self, i: int) -> bool:
        if i not in self._back:
            s = self.sentences[i]
            self._back[i] = self.attributor.is_back_reference(self.doc.sentence_text(s), self.folded[s.start:s.end])
        return self._back[i]

    @property
    def segments(self) -> bool:
        """The document puts one segment on each line (asked only of claims a sentence's own
        paragraph leaves without a source)."""
        if self._segments is None:
            self._segments = lines_are_segments(self.doc)
            self._passage = _passages(self.doc) if self._segments else []
        return self._segments

    # --- attribution -----------------------------------------------------------------------

    def attributed(self, i: int) -> bool:
        if i not in self._attributed:
            self._attributed[i] = self._decide(i)
        return self._attributed[i]

    def _decide(self, i: int) -> bool:
        block = self.doc.blocks[self.sentences[i].block]
        own = self.doc.sentences_of(block)
        # a cue in this sentence or an earlier one of its block; a back-reference after the block's
        # first sentence attributes the sentences before it, and what follows continues them
        if (self._first_cue(block.index, own[0].index, i) <= i
                or self._last_back_reference(block.index, own[-1].index, own[0].index) > own[0].index):
            return True
        return self._covered(block.index) or self._list_item_of_attributed(block.index)

    def _first_cue(self, block: int, first: int, upto: int) -> float:
        """Index of the first sentence of ``block`` with a cue, looking no further than ``upto``
        (infinity if none there). Sentences are asked in text order, so each is looked at once."""
        scanned, found = self._cue_scan.get(block, (first, math.inf))
        while found == math.inf and scanned <= upto:
            if self.cues(scanned):
                found = scanned
            scanned += 1
        self._cue_scan[block] = (scanned, found)
        return found

    def _last_back_reference(self, block: int, last: int, after: int) -> float:
        """Index of the last back-reference of ``block``, looking back no further than past
        ``after`` (minus infinity if none there); each sentence is looked at once."""
        scanned, found = self._back_scan.get(block, (last, -math.inf))
        while found == -math.inf and scanned > after:
            if self.back_reference(scanned):
                found = scanned
            scanned -= 1
        self._back_scan[block] = (scanned, found)
        return found

    def _covered(self, block: int) -> bool:
        """Attributed from outside the block: in a one-segment-a-line file by the lines around it
        (see the module docstring), else by a back-reference that opens the next paragraph."""
        if self.segments:
            return self._back_reference_after(block) or self._carried(block)
        following = block + 1
        return following < len(self.doc.blocks) and self._opens_with_back_reference(following)

    def _opens_with_back_reference(self, block: int) -> bool:
        sentences = self.doc.sentences_of(self.doc.blocks[block])
        return bool(sentences) and self.back_reference(sentences[0].index)

    def _back_reference_after(self, block: int) -> bool:
        """A line of the passage at most ``_BACKWARD`` lines on opens with a back-reference."""
        for other in range(block + 1, min(len(self.doc.blocks), block + 1 + _BACKWARD)):
            if self._passage[other] != self._passage[block]:
                return False
            if self._opens_with_back_reference(other):
                return True
        return False

    def _carried(self, block: int) -> bool:
        """The line before, in the same passage, names a source; or this line continues the one
        before ("Of them, ...", "Thus, the total ...") and that one names a source or is carried
        in turn. Walks back over a run of continuing lines once, remembering the answer for each."""
        walked, answer = [], False
        line = block
        while line not in self._carry:
            walked.append(line)
            previous = line - 1
            if previous < 0 or self._passage[previous] is None or self._passage[previous] != self._passage[line]:
                break
            if self._cue_in(previous):
                answer = True
                break
            if not self._continues(line):
                break
            line = previous
        else:
            answer = self._carry[line]
        for line in walked:
            self._carry[line] = answer
        return answer

    def _cue_in(self, block: int) -> bool:
        return any(self.cues(s.index) for s in self.doc.sentences_of(self.doc.blocks[block]))

    def _continues(self, block: int) -> bool:
        sentences = self.doc.sentences_of(self.doc.blocks[block])
        if not sentences:
            return False
        first = sentences[0]
        return self.attributor.is_continuation(self.doc.sentence_text(first), self.folded[first.start:first.end])

    def _list_item_of_attributed(self, block: int) -> bool:
        """``block`` is an item of a list that an attributed line introduces (or that goes on
        after one): walk back over the items to the introduction, remembering the answer."""
        chain, carried = [], False
        item = block
        while item > 0 and _list_follows(self.doc, item - 1):
            if item in self._list_carry:
                carried = self._list_carry[item]
                break
            chain.append(item)
            if self._has_source(item - 1):
                carried = True
                break
            item -= 1
        for item in chain:
            self._list_carry[item] = carried
        return carried

    def _has_source(self, block: int) -> bool:
        return self._cue_in(block) or self._covered(block)

    # --- quotations ------------------------------------------------------------------------

    def quoted(self, offset: int) -> bool:
        """``offset`` lies inside a quotation whose speaker is given."""
        if self._quotes is None:
            self._quotes = quotation_spans(self.doc)
            self._quote_starts = [a for a, _ in self._quotes]
            self._sentence_starts = [s.start for s in self.sentences]
        i = bisect.bisect_right(self._quote_starts, offset) - 1
        if i < 0 or offset >= self._quotes[i][1]:
            return False
        if i not in self._speaker:
            self._speaker[i] = self._has_speaker(*self._quotes[i])
        return self._speaker[i]

    def _has_speaker(self, start: int, end: int) -> bool:
        first = max(0, bisect.bisect_right(self._sentence_starts, start) - 2)
        last = min(len(self.sentences) - 1, bisect.bisect_left(self._sentence_starts, end))
        return any(b <= start or a >= end for i in range(first, last + 1) for a, b in self.cues(i))


def lines_are_segments(doc: Document) -> bool:
    """The document puts one segment on each line: a bilingual file, or plain text with no blank
    line in its body and one sentence on most of its lines (see the module docstring)."""
    body = [b for b in doc.blocks if b.kind == "paragraph"]
    if len(body) < _MIN_SEGMENT_LINES:
        return False
    if not doc.meta.get("pairs"):
        text = doc.text
        for before, after in zip(doc.blocks, doc.blocks[1:]):
            gap = text[before.end:after.start]
            if gap.count("\n") + gap.count("\r") - gap.count("\r\n") > 1:
                return False
    single = sum(1 for b in body if len(doc.sentences_of(b)) == 1)
    return single >= _SEGMENT_SHARE * len(body)


def _passages(doc: Document) -> list[int | None]:
    """For each block, the number of its passage: a run of lines that no headline-like line breaks."""
    passage, out = 0, []
    for block in doc.blocks:
        if block.kind in _NOT_CHECKED:
            passage += 1
            out.append(None)
        else:
            out.append(passage)
    return out


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
    ``_MAX_QUOTE_BLOCKS`` paragraphs. A closing mark with no opening one before it in its paragraph
    ends a quotation that began with the paragraph (its opening mark lost, or on a line before).
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
            if char in ("“", "«", "``") or (char == '"' and _opens(text, pos, block.start, block.end)):
                if open_at is None:
                    open_at, open_block = pos, block.index
                elif open_block != block.index:
                    spans.append((open_at, blocks[block.index - 1].end))  # a new paragraph of a long quotation
                    open_at, open_block = pos, block.index
            elif open_at is not None:
                spans.append((open_at, match.end()))
                open_at = None
            elif not spans or spans[-1][1] <= block.start:
                spans.append((block.start, match.end()))
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
            "continuations": {**REGEX_LIST, "description": "how a line that goes on with the line before begins"},
        },
    }

    @classmethod
    def validate_rule(cls, data, params, path):
        _finder(params, f"{path}: params")
        _attributor(params, f"{path}: params")

    def __init__(self, rules, context=None):
        super().__init__(rules, context)
        attributors: dict[str, Attributor] = {}
        self.compiled = []
        for rule in rules:
            where = f"{rule.path}: params"
            key = json.dumps([rule.params.get(k) for k in ("cues", "back_references", "continuations")], sort_keys=True)
            if key not in attributors:
                attributors[key] = _attributor(rule.params, where)
            self.compiled.append((rule, _finder(rule.params, where), attributors[key]))

    def run(self, doc: Document) -> Iterator[Hit]:
        checked = {b.index for b in doc.blocks if b.kind not in _NOT_CHECKED}
        sentences = [(s, doc.sentence_text(s)) for s in doc.sentences if s.block in checked]
        sentences = [(s, text) for s, text in sentences if _mostly_latin(text)]  # untranslated: another rule's
        if not sentences:
            return
        folded = folded_text(doc)  # shared with the pattern kinds
        analyses: dict[int, Analysis] = {}
        for rule, finder, attributor in self.compiled:
            analysis = analyses.get(id(attributor))
            anchors = finder.anchors(doc.text, folded)
            for sentence, text in sentences:
                if anchors is not None:
                    at = bisect.bisect_left(anchors, sentence.start)
                    if at == len(anchors) or anchors[at] >= sentence.end:
                        continue  # nothing a claim needs lies in this sentence
                own_folded = folded[sentence.start:sentence.end]
                claims = finder.candidates(text, own_folded)
                if not claims:
                    continue
                if analysis is None:
                    analysis = analyses[id(attributor)] = Analysis(attributor, doc, folded)
                if analysis.attributed(sentence.index):
                    continue
                claims = [c for c in finder.drop_non_claims(text, claims, own_folded)
                          if not analysis.quoted(sentence.start + c.start)]
                if not claims:
                    continue
                start, end = clause_span(text, claims[0].start, claims[-1].end)
                figure = text[claims[0].start:claims[0].end]
                yield Hit(rule, sentence.start + start, sentence.start + end,
                          {"figure": figure, "match": text[start:end], "kind": claims[0].kind})


def _attributor(params: dict, where: str) -> Attributor:
    return Attributor(params["cues"], params["back_references"], where, params.get("continuations") or ())


def _finder(params: dict, where: str):
    if params["claims"] == "figure":
        if "numbers" not in params:
            raise RulePackError(f"{where}.numbers: required when claims is `figure`")
        return FigureFinder(params["numbers"], params.get("not_claims", []), f"{where}.numbers")
    if "phrases" not in params:
        raise RulePackError(f"{where}.phrases: required when claims is `quantity`")
    return QuantityFinder(params["phrases"], f"{where}.phrases")
