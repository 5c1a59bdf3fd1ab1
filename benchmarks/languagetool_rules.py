"""What each LanguageTool rule fires on: professional translations, MT, and expert-rated MT.

The evidence behind ``rules/lists/languagetool-map.yml``. Every LanguageTool match is counted by
its rule id, with nothing switched off, on
  - WMT23 uk/ru->en news: refA (professional translations) against all MT systems, per 1,000 words;
  - MQM zh->en news: segments flagged, of which a rater marked a major error, of which all three
    raters found error-free;
and the last column says what the shipped map makes of the rule (a copydesk code, or off).
Documents are sent exactly as the ``languagetool`` check kind sends them (blocks as paragraphs).

    python -m benchmarks.languagetool_rules                 # starts a local server from the jars
    python -m benchmarks.languagetool_rules --url http://127.0.0.1:8081 --min 3
"""
from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

from benchmarks.garbled_mqm import MQM, load as load_mqm
from benchmarks.wmt23 import SEGMENTS, article_text, documents, load_segments
from linter.checks.base import Context
from linter.checks.languagetool import Check, RuleMap
from linter.document import word_count
from linter.readers import read_documents
from linter.rulepack import load_rules

REFERENCE = "refA"


def raw_checker(url: str | None, language: str) -> Check:
    """The check kind with one catch-all rule and nothing off: every match comes back."""
    rule = next(r for r in load_rules().rules if r.kind == "languagetool")
    everything = dataclasses.replace(rule, params={"map": {"other": rule.code}})
    options = {"language": language, **({"url": url} if url else {})}
    return Check([everything], Context(options={"languagetool": options}))


def matches_by_line(check: Check, text: str) -> list[tuple[str, str, int]]:
    """(rule id, category, 1-based line) of every match in a one-segment-a-line article."""
    doc = next(iter(read_documents("article.txt", text.encode("utf-8"), suffix=".txt")))
    hits = list(check.run(doc))
    if doc.warnings:
        raise SystemExit(f"error: {doc.warnings[0]}")
    return [(h.args["lt_rule"], h.args["lt_category"], text.count("\n", 0, h.start) + 1) for h in hits]


def wmt(check: Check, path: Path) -> tuple[Counter, Counter, int, int, float]:
    """Matches per rule on refA and on all MT, the words of each, and the seconds spent."""
    ref, mt = Counter(), Counter()
    ref_words = mt_words = 0
    seconds = 0.0
    for (_, _, system), segs in sorted(documents(load_segments(path)).items()):
        text = article_text(segs)
        began = time.perf_counter()
        found = matches_by_line(check, text)
        seconds += time.perf_counter() - began
        counts = ref if system == REFERENCE else mt
        counts.update((rule, category) for rule, category, _ in found)
        if system == REFERENCE:
            ref_words += word_count(text)
        else:
            mt_words += word_count(text)
    return ref, mt, ref_words, mt_words, seconds


def mqm(check: Check, path: Path) -> dict[tuple[str, str], list[int]]:
    """(rule, category) -> [segments flagged, with a major error, rated error-free]."""
    by_doc = defaultdict(list)
    for row in load_mqm(path):
        by_doc[(row.doc_id, row.system)].append(row)
    out: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    for segs in by_doc.values():
        segs.sort(key=lambda r: r.seg_id)
        text = "\n".join(s.target for s in segs) + "\n"
        seen = {(rule, category, line) for rule, category, line in matches_by_line(check, text)}
        for rule, category, line in seen:
            row = segs[line - 1]
            out[(rule, category)][0] += 1
            out[(rule, category)][1] += row.major
            out[(rule, category)][2] += row.clean
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", help="a running LanguageTool server (default: start one from the jars)")
    parser.add_argument("--language", default="en", help="LanguageTool language (default: en)")
    parser.add_argument("--min", type=int, default=2, help="show rules with at least this many matches")
    args = parser.parse_args(argv)
    for path in (SEGMENTS, MQM):
        if not path.is_file():
            print(f"error: {path} not found (set COPYDESK_SHARED_DATA)", file=sys.stderr)
            return 2
    check = raw_checker(args.url, args.language)
    rule_map = RuleMap(next(r for r in load_rules().rules if r.kind == "languagetool").params["map"])
    ref, mt, ref_words, mt_words, seconds = wmt(check, SEGMENTS)
    rated = mqm(check, MQM)
    print(f"LanguageTool ({args.language}), every rule on. WMT23 uk/ru->en: refA {ref_words} words, "
          f"MT {mt_words} words; {1000 * seconds / (ref_words + mt_words) * 1000:.0f} ms per 1,000 words")
    print(f"{'rule':<46} {'category':<20} {'refA/1k':>7} {'MT/1k':>6} {'MQM n':>6} {'major':>5} "
          f"{'clean':>5}  map")
    keys = set(ref) | set(mt) | set(rated)
    for key in sorted(keys, key=lambda k: -(ref[k] + mt[k] + rated.get(k, [0])[0])):
        n, major, clean = rated.get(key, [0, 0, 0])
        if ref[key] + mt[key] + n < args.min:
            continue
        rule, category = key
        code = rule_map.code_for(rule, category) or "off"
        print(f"{rule[:46]:<46} {category[:20]:<20} {1000 * ref[key] / ref_words:>7.2f} "
              f"{1000 * mt[key] / mt_words:>6.2f} {n:>6} {major:>5} {clean:>5}  {code}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
