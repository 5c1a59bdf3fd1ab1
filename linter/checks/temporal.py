"""Kind ``temporal``: time references that go stale in a translated, republished article.

One kind, three checks (``params.check``):

- ``stale-event``: an event the article reports as done ("the agreement was concluded during
  Putin's visit to Pyongyang") referred to later as still to come ("when he soon visits
  Pyongyang"): a paragraph written before the event, pasted after it. Events are data (verbs and
  nouns per event); the same event is the same kind of event with the same named object.
- ``relative-day``: "yesterday", "last night", "on Monday", "last week" in an article with no
  dateline, outside quotations: the reader cannot tell which day, week or year is meant. A
  quotation of a few words inside the reporter's sentence ("would arrive "next month"") is the
  reporter's time reference and does not shield it (``quote_min_words``).
- ``relative-year``: "this year (2022)" or "last year, 2021" next to a year that does not agree
  with the dateline's.

The dateline is found in the document's ``meta["dateline"]`` (a reader may set it), a date tag at
the end of the headline ("- DW - 08.02.2023", "Starlink-DW-09.02.2023", ": February 11, 2:10
P.M."), a line near the top that is only a date, perhaps with a time and a byline ("February 8,
2023", "08.02.2023", "February 11, 2023, 15:12 Elena Sokolova"), or a wire dateline opening the
first paragraph ("KYIV, Feb 8 (Reuters) -", "MOSCOW (AP) —", "ASTANA. KAZINFORM -").
"""
from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple

from linter import regexcache
from linter.checks.base import CheckKind, compile_regex, literal_alternation
from linter.checks.numformat import overlaps
from linter.checks.pattern import REGEX_LIST
from linter.checks.prefilter import AsciiRegexSet, lower_for_ascii
from linter.document import Document, word_count
from linter.errors import RulePackError
from linter.finding import Hit

MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
         r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?")
_YEAR = r"(?:19|20)\d{2}"
_A_YEAR = regexcache.compile(rf"(?<!\d){_YEAR}(?!\d)")
_NUMERIC = rf"\d{{1,2}}\s?[./]\s?\d{{1,2}}(?:\s?[./]\s?|\s){_YEAR}|{_YEAR}-\d{{2}}-\d{{2}}"  # "08. 02 2023" too
_SPELLED = rf"{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+{_YEAR}|\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTH},?\s+{_YEAR}"
_CLOCK = r"\d{1,2}[:.]\d{2}(?:\s*[AaPp]\.?[Mm]\.?)?"
_STAMP = rf"(?:{MONTH}\s+\d{{1,2}}|\d{{1,2}}\s+{MONTH}),?\s+{_CLOCK}"  # a page's time stamp, no year
_WEEKDAY = r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?"
_TIME = rf"(?:,?\s+{_CLOCK})?"
_BYLINE = r"(?:\s+[A-Z][\w'’.-]*){0,3}"
_DATE_LINE = regexcache.compile(rf"^(?P<date>{_WEEKDAY}(?:{_NUMERIC}|{_SPELLED}){_TIME}){_BYLINE}\s*$")
_HEADLINE_TAG = regexcache.compile(
    rf"(?:\s[-–—|:]|[-–—|:](?=\s|[A-Z\d]))\s*(?:[^-–—|:]{{1,40}}?\s*[-–—|]\s*)?"
    rf"(?:{_NUMERIC}|{_SPELLED}|{_STAMP}){_TIME}\s*$")
_AGENCY = r"(?:\([A-Z][\w.-]*(?:\s[A-Z][\w.-]*)?\)|/[A-Z]+/)"
_WIRE = regexcache.compile(
    rf"^[A-ZÀ-Ý][A-ZÀ-Ý .'’-]+(?:,\s+[A-Z][\w.]*(?:\s[A-Z][\w.]*)?)?"
    rf"(?:,\s+{MONTH}\s+\d{{1,2}}(?:,\s+{_YEAR})?\s*{_AGENCY}?"
    rf"|\s*{_AGENCY})\s*(?:[-–—]|\.(?:\s*/[A-Z]+/\.)?\s)")
# "ASTANA. KAZINFORM - The police ...", "TASS – KAZINFORM – Roscosmos ...": a city or agency in
# capitals, then an agency, then a sentence (not a scraped "TIME - TIME - TIME.")
_WIRE_AGENCY = regexcache.compile(r"^[A-ZÀ-Ý][A-ZÀ-Ý'’-]+(?:\s[A-ZÀ-Ý][A-ZÀ-Ý'’-]+)?(?:\.\s?|\s[-–—]\s)"
                          r"[A-Z]{2,}(?:\s[A-Z]{2,})?\s*[-–—]\s(?=[A-Z][a-z])")
_QUOTES = {"“": "”", "«": "»", "„": "“", '"': '"'}
_CLOSERS = ("”", "»")
_OPENER = regexcache.compile("[" + "".join(map(re.escape, _QUOTES)) + "]")
_PRONOUNS = {"he", "she", "they", "it", "we", "i"}


@dataclass(frozen=True)
class Dateline:
    text: str
    year: int | None


class _Done(NamedTuple):
    """An event the article has told as done: where, in what words, and its sentence (folded)."""

    offset: int
    text: str
    sentence: str


def find_dateline(doc: Document, search_blocks: int = 5) -> Dateline | None:
    """The article's dateline, if it has one (see the module docstring for where it is looked for)."""
    given = doc.meta.get("dateline")
    if given:
        if isinstance(given, (_dt.date, _dt.datetime)):
            return Dateline(given.isoformat(), given.year)
        year = _A_YEAR.search(str(given))
        return Dateline(str(given), int(year.group()) if year else None)
    for block in doc.blocks[:search_blocks]:
        text = doc.block_text(block)
        match = None
        if block.kind == "headline":
            match = _HEADLINE_TAG.search(text)
        if match is None and block.kind in ("line", "headline"):
            match = _DATE_LINE.match(text)
        if match is None:
            match = _WIRE.match(text) or _WIRE_AGENCY.match(text)
        if match is not None:
            found = match.groupdict().get("date") or match.group()  # without a byline
            year = _A_YEAR.search(found)
            return Dateline(found.strip(), int(year.group()) if year else None)
    return None


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Spans of quotations in one block. A quotation left open runs to the block's end, and a
    closing mark before any opening one closes a quotation begun in an earlier block. A straight
    quote closes when it follows a word and is not followed by one (`today", Sunak said`)."""
    spans = []
    i = 0
    closers = [p for p in (text.find(c) for c in _CLOSERS) if p >= 0]
    straight = text.find('"')
    if straight > 0 and not text[straight - 1].isspace() \
            and (straight + 1 == len(text) or not text[straight + 1].isalnum()):
        closers.append(straight)
    first_close = min(closers, default=-1)
    first_open = min((p for p in (text.find(o) for o in _QUOTES if o != '"') if p >= 0), default=len(text))
    if 0 <= first_close < first_open:
        spans.append((0, first_close + 1))
        i = first_close + 1
    while i < len(text):
        opener = _OPENER.search(text, i)  # the next quotation mark, found in C
        if opener is None:
            break
        i = opener.start()
        closer = _QUOTES[text[i]]
        end = text.find(closer, i + 1)
        end = len(text) if end < 0 else end + 1
        spans.append((i, end))
        i = end
    return spans


class Check(CheckKind):
    name = "temporal"
    default_scope = "document"
    params_schema = {
        "type": "object",
        "required": ["check"],
        "additionalProperties": False,
        "properties": {
            "check": {"enum": ["stale-event", "relative-day", "relative-year"]},
            "terms": {"type": "array", "items": {"type": "string", "minLength": 1},
                      "description": "relative-day: the words that need a dateline"},
            "anchors": {**REGEX_LIST, "description": "relative-day: a date that tells which day the words "
                                                     "near it mean (see `anchor_blocks`)"},
            "anchor_blocks": {"type": "integer", "minimum": 0,
                              "description": "relative-day: how many blocks before or after an anchor "
                                             "it covers (default 0: its own block)"},
            "quote_min_words": {"type": "integer", "minimum": 1,
                                "description": "relative-day: a quotation shields its words when it has "
                                               "at least this many (default 1: every quotation)"},
            "needs_event": {"type": "array", "items": {"type": "string"},
                            "description": "relative-day: terms flagged only in a sentence that tells an event"},
            "event_marker": {"type": "string",
                             "description": "relative-day: a verb telling a past or future event"},
            "patterns": {**REGEX_LIST,
                         "description": "relative-day: regexes for expressions that need a dateline (with "
                                        "or instead of `terms`); relative-year: regexes with groups `year` "
                                        "and `which` (and `flag`, the part to flag, when not all of it)"},
            "offsets": {"type": "object", "additionalProperties": {"type": "integer"},
                        "description": "relative-year: `which` word -> years from the dateline's"},
            "events": {
                "type": "array", "minItems": 1,
                "items": {
                    "type": "object",
                    "required": ["name", "past", "present", "base", "nouns"],
                    "additionalProperties": False,
                    "properties": {k: {"type": "array" if k != "name" else "string"}
                                   for k in ("name", "past", "present", "base", "nouns")},
                },
            },
            "future": {**REGEX_LIST, "description": "stale-event: auxiliaries before the base verb"},
            "upcoming": {**REGEX_LIST, "description": "stale-event: adjectives before the event noun"},
            "past_marker": {"type": "string", "description": "stale-event: a sentence told in the past"},
            "future_marker": {"type": "string", "description": "stale-event: a sentence about the future"},
            "negation": {"type": "string",
                         "description": "stale-event: before a past verb, it did not happen"},
            "exceptions": {**REGEX_LIST, "description": "contexts that veto a finding (stale-event: the "
                                                        "whole sentence is skipped)"},
        },
    }

    @classmethod
    def validate_rule(cls, data, params, path):
        needed = {"stale-event": ("events", "future", "upcoming", "past_marker", "future_marker", "negation"),
                  "relative-day": (), "relative-year": ("patterns", "offsets")}[params["check"]]
        missing = [k for k in needed if k not in params]
        if params["check"] == "relative-day" and not ({"terms", "patterns"} & set(params)):
            missing = ["terms or patterns"]
        if missing:
            raise RulePackError(f"{path}: params: check {params['check']!r} needs {', '.join(missing)}")
        _compiled(params, path)

    def __init__(self, rules, context=None):
        super().__init__(rules, context)
        self.compiled = [(rule, _compiled(rule.params, rule.path)) for rule in rules]

    def run(self, doc):
        dateline = None
        if any(r.params["check"] != "stale-event" for r in self.rules):
            dateline = find_dateline(doc)
        low = lower_for_ascii(doc.text)
        if len(low) != len(doc.text):
            low = None  # a combining dot of the text's own was dropped: fold span by span
        for rule, compiled in self.compiled:
            if not compiled["needed"].anywhere(doc.text, low):
                continue  # the article holds none of what the check starts from
            check = rule.params["check"]
            if check == "relative-day" and dateline is None:
                yield from self._relative_day(doc, rule, compiled, low)
            elif check == "relative-year" and dateline is not None and dateline.year is not None:
                yield from self._relative_year(doc, rule, compiled, dateline, low)
            elif check == "stale-event":
                yield from self._stale_events(doc, rule, compiled, low)

    def _relative_day(self, doc, rule, compiled, low) -> Iterator[Hit]:
        needs_event = {t.casefold() for t in rule.params.get("needs_event", ())}
        min_words = rule.params.get("quote_min_words", 1)
        anchored = None  # blocks near a date, found when a block first holds a relative word
        possible = compiled["needed"].by_span(doc.text, low, [(b.start, b.end) for b in doc.blocks])
        for block, regexes in zip(doc.blocks, possible):
            if not regexes:
                continue  # most blocks: no relative day, so no quotations or exceptions to find
            if block.kind == "headline" and self.scope_of(rule) == "body":
                continue
            text = doc.block_text(block)
            found = [(match, start, end) for start, end in
                     ((s.start - block.start, s.end - block.start) for s in doc.sentences_of(block))
                     for match in compiled["terms"].finditer(text, start, end)]
            if not found:
                continue  # a needle but no expression: no quotations, dates or exceptions to find
            if anchored is None:
                anchored = _anchored_blocks(doc, compiled["anchors"], rule.params.get("anchor_blocks", 0), low)
            if block.index in anchored:
                continue
            quoted = [(s, e) for s, e in quoted_spans(text) if word_count(text[s:e]) >= min_words]
            vetoed = [m.span() for x in compiled["exceptions"] for m in x.finditer(text)]
            for match, start, end in found:
                if overlaps(match.span(), quoted) or overlaps(match.span(), vetoed):
                    continue
                if match.group().casefold() in needs_event and not compiled["event"].search(text, start, end):
                    continue
                yield Hit(rule, block.start + match.start(), block.start + match.end(), {"match": match.group()})

    def _relative_year(self, doc, rule, compiled, dateline, low) -> Iterator[Hit]:
        offsets = {k.casefold(): v for k, v in rule.params["offsets"].items()}
        possible = compiled["needed"].by_span(doc.text, low, [(b.start, b.end) for b in doc.blocks])
        for block, regexes in zip(doc.blocks, possible):
            text = doc.block_text(block)
            for regex in regexes:
                for match in regex.finditer(text):
                    offset = offsets.get(match.group("which").casefold())
                    if offset is None:
                        continue
                    expected = dateline.year + offset
                    if int(match.group("year")) != expected:
                        flagged = "flag" if "flag" in regex.groupindex else 0
                        start, end = match.span(flagged)
                        yield Hit(rule, block.start + start, block.start + end,
                                  {"match": match.group(flagged), "year": match.group("year"),
                                   "expected": expected, "dateline": dateline.text})

    def _stale_events(self, doc, rule, compiled, low) -> Iterator[Hit]:
        """Sentence by sentence: a future mention is flagged when an earlier sentence told the same
        event as done. Past mentions matter only before the last sentence that could hold a future
        one, and a sentence's markers are read only when it holds a past mention."""
        spans = [(s.start, s.end) for s in doc.sentences]
        future_regexes = compiled["futures"].by_span(doc.text, low, spans)
        last = max((i for i, regexes in enumerate(future_regexes) if regexes), default=-1)
        if last < 0:
            return
        spans = spans[:last + 1]
        past_regexes = compiled["pasts"].by_span(doc.text, low, spans)
        exceptions = compiled["exceptions"].by_span(doc.text, low, spans)
        done: dict[tuple[str, str], _Done] = {}  # (event, folded object) -> its first past mention
        for sentence, regexes, pasts, vetoes in zip(doc.sentences, future_regexes, past_regexes, exceptions):
            text = doc.sentence_text(sentence)
            if any(x.search(text) for x in vetoes):
                continue
            futures = []
            for event, regex in regexes:
                futures.extend((event, m) for m in regex.finditer(text))
            for event, match in futures:
                key = (event, _fold(match.group("object")))
                past = done.get(key)
                subject = (match.groupdict().get("subject") or "").casefold()
                if past is None or (subject and subject not in _PRONOUNS and subject not in past.sentence):
                    continue  # not told as done, or someone else's
                line = doc.source_lines.position(doc.to_source(past.offset, past.offset)[0])[0]
                yield Hit(rule, sentence.start + match.start(), sentence.start + match.end(),
                          {"match": match.group(), "event": event, "object": match.group("object"),
                           "line": line, "past": past.text})
            if futures or not pasts or compiled["future_marker"].search(text):
                continue
            told_in_past = None  # the past marker, read once a noun needs it
            for (event, form), regex in pasts:
                if form == "noun":
                    if told_in_past is None:
                        told_in_past = compiled["past_marker"].search(text) is not None
                    if not told_in_past:
                        continue
                for match in regex.finditer(text):
                    if form == "verb" and compiled["negation"].search(text[max(0, match.start() - 30):match.start()]):
                        continue
                    done.setdefault((event, _fold(match.group("object"))),
                                    _Done(sentence.start + match.start(), match.group(), text.casefold()))


_OBJECT = r"(?P<object>[A-Z][\w'’-]*(?:\s[A-Z][\w'’-]*){0,2})"
_DURING = r"during|after|following|since|in the course of|at the end of"
_SUBJECT = r"(?:(?P<subject>\b(?:[A-Z][\w'’-]+|he|she|they|it|we|I))\s+)"


def _alternation(items, where: str) -> str:
    if not items or not all(isinstance(i, str) and i for i in items):
        raise RulePackError(f"{where}: a list of words or phrases is needed")
    return literal_alternation(items)


def _compiled(params: dict, where: str) -> dict:
    """The check's regexes, compiled once per rule."""
    out: dict = {"exceptions": [compile_regex(x, re.IGNORECASE, f"{where}: params.exceptions")
                                for x in params.get("exceptions", [])]}
    check = params["check"]
    if check == "relative-day":
        alternatives = [literal_alternation(params["terms"])] if params.get("terms") else []
        alternatives += [f"(?:{p})" for p in params.get("patterns", [])]
        out["terms"] = compile_regex(rf"(?<![\w.])(?:{'|'.join(alternatives)})(?!\w)", re.IGNORECASE,
                                     f"{where}: params.patterns")
        out["event"] = compile_regex(params.get("event_marker", "$^"), 0, f"{where}: params.event_marker")
        out["needed"] = AsciiRegexSet([out["terms"]])
    elif check == "relative-year":
        out["patterns"] = [compile_regex(p, re.IGNORECASE, f"{where}: params.patterns")
                           for p in params["patterns"]]
        for regex in out["patterns"]:
            if not {"year", "which"} <= set(regex.groupindex):
                raise RulePackError(f"{where}: params.patterns: {regex.pattern!r} needs groups "
                                    "`year` and `which`")
        out["needed"] = AsciiRegexSet(out["patterns"])
    else:
        future = "|".join(f"(?:{f})" for f in params["future"])
        upcoming = "|".join(f"(?:{u})" for u in params["upcoming"])
        for key in ("past_marker", "future_marker", "negation"):
            out[key] = compile_regex(params[key], re.IGNORECASE, f"{where}: params.{key}")
        futures, pasts = [], []  # ((event, form), regex), in the events' order
        for i, event in enumerate(params["events"]):
            at = f"{where}: params.events[{i}]"
            past, present, base, nouns = (_alternation(event[k], f"{at}.{k}")
                                          for k in ("past", "present", "base", "nouns"))
            name = event["name"]
            pasts.append(((name, "verb"), compile_regex(rf"\b(?:{past})\s+{_OBJECT}", 0, at)))
            pasts.append(((name, "noun"), compile_regex(
                rf"\b(?:{_DURING})\s+(?:[\w'’-]+\s+){{0,5}}?(?:{nouns})\s+{_OBJECT}", 0, at)))
            futures += [
                (name, compile_regex(rf"(?:\bwhen\s+)?{_SUBJECT}?(?:{future})\s+(?:\w+ly\s+)?(?:soon\s+)?"
                                     rf"(?:{base})\s+{_OBJECT}", 0, at)),
                (name, compile_regex(rf"(?:\bwhen\s+)?{_SUBJECT}?soon\s+(?:{present}|{base})\s+{_OBJECT}", 0, at)),
                (name, compile_regex(rf"\b(?:{upcoming})\s+(?:{nouns})\s+{_OBJECT}", 0, at)),
            ]
        # a sentence runs only the regexes whose literal text it holds (AsciiRegexSet)
        out["futures"] = AsciiRegexSet([regex for _, regex in futures], labels=[name for name, _ in futures])
        out["pasts"] = AsciiRegexSet([regex for _, regex in pasts], labels=[label for label, _ in pasts])
        out["needed"] = out["futures"]
    out["exceptions"] = AsciiRegexSet(out["exceptions"])
    out["anchors"] = AsciiRegexSet([compile_regex(x, 0, f"{where}: params.anchors") for x in params.get("anchors", [])])
    return out


def _anchored_blocks(doc: Document, anchors: AsciiRegexSet, reach: int, low: str | None) -> set[int]:
    """Indexes of the blocks within ``reach`` blocks of one holding an anchor (a date)."""
    anchored: set[int] = set()
    possible = anchors.by_span(doc.text, low, [(b.start, b.end) for b in doc.blocks])
    for block, regexes in zip(doc.blocks, possible):
        if regexes and any(x.search(doc.block_text(block)) for x in regexes):
            anchored.update(range(block.index - reach, block.index + reach + 1))
    return anchored


def _fold(name: str) -> str:
    return re.sub(r"[^\w]", "", name.casefold())
