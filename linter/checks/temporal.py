"""Kind ``temporal``: time references that go stale in a translated, republished article.

One kind, three checks (``params.check``):

- ``stale-event``: an event the article reports as done ("the agreement was concluded during
  Putin's visit to Pyongyang") referred to later as still to come ("when he soon visits
  Pyongyang"): a paragraph written before the event, pasted after it. Events are data (verbs and
  nouns per event); the same event is the same kind of event with the same named object.
- ``relative-day``: "yesterday", "tomorrow", "last night" in an article with no dateline, outside
  quotations: the reader cannot tell which day is meant.
- ``relative-year``: "this year (2022)" or "last year, 2021" next to a year that does not agree
  with the dateline's.

The dateline is found in the document's ``meta["dateline"]`` (a reader may set it), a date tag at
the end of the headline ("- DW - 08.02.2023"), a line that is only a date near the top
("February 8, 2023", "08.02.2023"), or a wire dateline opening the first paragraph ("KYIV,
Feb 8 (Reuters) -", "MOSCOW (AP) —").
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
from linter.checks.prefilter import RegexSet
from linter.document import Document
from linter.errors import RulePackError
from linter.finding import Hit

MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
         r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?")
_YEAR = r"(?:19|20)\d{2}"
_A_YEAR = re.compile(rf"(?<!\d){_YEAR}(?!\d)")
_NUMERIC = rf"\d{{1,2}}[./]\d{{1,2}}[./]{_YEAR}|{_YEAR}-\d{{2}}-\d{{2}}"
_SPELLED = rf"{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+{_YEAR}|\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTH},?\s+{_YEAR}"
_WEEKDAY = r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?"
_TIME = r"(?:,?\s+\d{1,2}[:.]\d{2}(?:\s*[AaPp]\.?[Mm]\.?)?)?"
_DATE_LINE = re.compile(rf"^{_WEEKDAY}(?:{_NUMERIC}|{_SPELLED}){_TIME}\s*$")
_HEADLINE_TAG = re.compile(
    rf"\s[-–—|]\s(?:[^-–—|]{{1,40}}\s[-–—|]\s)?(?:{_NUMERIC}|{_SPELLED}){_TIME}\s*$")
_AGENCY = r"(?:\([A-Z][\w.-]*(?:\s[A-Z][\w.-]*)?\)|/[A-Z]+/)"
_WIRE = re.compile(
    rf"^[A-ZÀ-Ý][A-ZÀ-Ý .'’-]+(?:,\s+[A-Z][\w.]*(?:\s[A-Z][\w.]*)?)?"
    rf"(?:,\s+{MONTH}\s+\d{{1,2}}(?:,\s+{_YEAR})?\s*{_AGENCY}?"
    rf"|\s*{_AGENCY})\s*(?:[-–—]|\.(?:\s*/[A-Z]+/\.)?\s)")
_QUOTES = {"“": "”", "«": "»", "„": "“", '"': '"'}
_CLOSERS = ("”", "»")
_OPENER = re.compile("[" + "".join(map(re.escape, _QUOTES)) + "]")
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


def find_dateline(doc: Document, search_blocks: int = 3) -> Dateline | None:
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
            match = _WIRE.match(text)
        if match is not None:
            year = _A_YEAR.search(match.group())
            return Dateline(match.group().strip(), int(year.group()) if year else None)
    return None


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Spans of quotations in one block. A quotation left open runs to the block's end, and a
    closing mark with no opening one closes a quotation begun in an earlier block."""
    spans = []
    i = 0
    first_close = min((p for p in (text.find(c) for c in _CLOSERS) if p >= 0), default=-1)
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
            "needs_event": {"type": "array", "items": {"type": "string"},
                            "description": "relative-day: terms flagged only in a sentence that tells an event"},
            "event_marker": {"type": "string",
                             "description": "relative-day: a verb telling a past or future event"},
            "patterns": {**REGEX_LIST,
                         "description": "relative-year: regexes with groups `year` and `which`"},
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
                  "relative-day": ("terms",), "relative-year": ("patterns", "offsets")}[params["check"]]
        missing = [k for k in needed if k not in params]
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
        for rule, compiled in self.compiled:
            check = rule.params["check"]
            if check == "relative-day" and dateline is None:
                yield from self._relative_day(doc, rule, compiled)
            elif check == "relative-year" and dateline is not None and dateline.year is not None:
                yield from self._relative_year(doc, rule, compiled, dateline)
            elif check == "stale-event":
                yield from self._stale_events(doc, rule, compiled)

    def _relative_day(self, doc, rule, compiled) -> Iterator[Hit]:
        needs_event = {t.casefold() for t in rule.params.get("needs_event", ())}
        for block in doc.blocks:
            text = doc.block_text(block)
            if not compiled["has_terms"].candidates(text):
                continue  # most blocks: no relative day, so no quotations or exceptions to find
            quoted = quoted_spans(text)
            vetoed = [m.span() for x in compiled["exceptions"] for m in x.finditer(text)]
            for sentence in doc.sentences_of(block):
                start, end = sentence.start - block.start, sentence.end - block.start
                for match in compiled["terms"].finditer(text, start, end):
                    if overlaps(match.span(), quoted) or overlaps(match.span(), vetoed):
                        continue
                    told = compiled["event"].search(text, start, end)
                    if match.group().casefold() in needs_event and not told:
                        continue
                    yield Hit(rule, block.start + match.start(), block.start + match.end(),
                              {"match": match.group()})

    def _relative_year(self, doc, rule, compiled, dateline) -> Iterator[Hit]:
        offsets = {k.casefold(): v for k, v in rule.params["offsets"].items()}
        for block in doc.blocks:
            text = doc.block_text(block)
            for regex in compiled["patterns"]:
                for match in regex.finditer(text):
                    offset = offsets.get(match.group("which").casefold())
                    if offset is None:
                        continue
                    expected = dateline.year + offset
                    if int(match.group("year")) != expected:
                        yield Hit(rule, block.start + match.start(), block.start + match.end(),
                                  {"match": match.group(), "year": match.group("year"),
                                   "expected": expected, "dateline": dateline.text})

    def _stale_events(self, doc, rule, compiled) -> Iterator[Hit]:
        done: dict[tuple[str, str], _Done] = {}  # (event, folded object) -> its first past mention
        for sentence in doc.sentences:
            text = doc.sentence_text(sentence)
            if any(x.search(text) for x in compiled["exceptions"].candidates(text)):
                continue
            futures = []
            for event, regex in compiled["futures"].candidates(text):
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
            if futures or compiled["future_marker"].search(text):
                continue
            for event, regexes in compiled["events"]:
                for match in regexes["past"].finditer(text):
                    if compiled["negation"].search(text[max(0, match.start() - 30):match.start()]):
                        continue
                    done.setdefault((event, _fold(match.group("object"))),
                                    _Done(sentence.start + match.start(), match.group(), text.casefold()))
                if compiled["past_marker"].search(text):
                    for match in regexes["noun"].finditer(text):
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
        out["terms"] = regexcache.compile(rf"(?<![\w.]){'(?:' + literal_alternation(params['terms']) + ')'}(?!\w)",
                                  re.IGNORECASE)
        out["event"] = compile_regex(params.get("event_marker", "$^"), 0, f"{where}: params.event_marker")
        out["has_terms"] = RegexSet([out["terms"]])
    elif check == "relative-year":
        out["patterns"] = [compile_regex(p, re.IGNORECASE, f"{where}: params.patterns")
                           for p in params["patterns"]]
        for regex in out["patterns"]:
            if not {"year", "which"} <= set(regex.groupindex):
                raise RulePackError(f"{where}: params.patterns: {regex.pattern!r} needs groups "
                                    "`year` and `which`")
    else:
        future = "|".join(f"(?:{f})" for f in params["future"])
        upcoming = "|".join(f"(?:{u})" for u in params["upcoming"])
        for key in ("past_marker", "future_marker", "negation"):
            out[key] = compile_regex(params[key], re.IGNORECASE, f"{where}: params.{key}")
        out["events"] = []
        for i, event in enumerate(params["events"]):
            at = f"{where}: params.events[{i}]"
            past, present, base, nouns = (_alternation(event[k], f"{at}.{k}")
                                          for k in ("past", "present", "base", "nouns"))
            regexes = {
                "past": compile_regex(rf"\b(?:{past})\s+{_OBJECT}", 0, at),
                "noun": compile_regex(rf"\b(?:{_DURING})\s+(?:[\w'’-]+\s+){{0,5}}?(?:{nouns})\s+{_OBJECT}",
                                      0, at),
                "future": [
                    compile_regex(rf"(?:\bwhen\s+)?{_SUBJECT}?(?:{future})\s+(?:\w+ly\s+)?(?:soon\s+)?"
                                  rf"(?:{base})\s+{_OBJECT}", 0, at),
                    compile_regex(rf"(?:\bwhen\s+)?{_SUBJECT}?soon\s+(?:{present}|{base})\s+{_OBJECT}", 0, at),
                    compile_regex(rf"\b(?:{upcoming})\s+(?:{nouns})\s+{_OBJECT}", 0, at),
                ],
            }
            out["events"].append((event["name"], regexes))
        # every event's future regexes in one set: a sentence runs only those it could match
        out["futures"] = RegexSet([regex for _, r in out["events"] for regex in r["future"]],
                                  labels=[name for name, r in out["events"] for _ in r["future"]])
    out["exceptions"] = RegexSet(out["exceptions"])
    return out


def _fold(name: str) -> str:
    return re.sub(r"[^\w]", "", name.casefold())
