"""How well copydesk's garbled/grammar/untranslated findings agree with expert MQM ratings.

WMT23 zh->en news, 10 MT systems, every segment rated by 3 professional translators
(``../shared/data/mqm-zhen-news/dev.tsv``). Each (document, system) is linted as one article, one
segment a line (headline first), exactly as a newsroom would receive it; a finding is mapped back
to the segment(s) of the lines it spans. Linting whole documents rather than lone segments keeps
what the rules need to see: the headline, and the sentence before a lower-case start.

Reported:
  (a) precision: of the segments with a finding in the counted categories, the share that at least
      one rater marked with a major error (``has_major_error``; in this file it is exactly
      ``n_raters_with_major >= 1``). One rater is enough because MQM raters miss errors far more
      often than they invent them (Freitag et al. 2021), and the base rate is reported beside it.
  (b) recall of the segments with a major fluency error (``has_major_fluency``).
  (c) the share of the segments that all three raters found error-free (no error of any
      severity) that get a finding: false alarms on text experts call clean.

    python -m benchmarks.garbled_mqm
    python -m benchmarks.garbled_mqm --config copydesk.toml --select CD2,CD6,CD8 --examples 10
"""
from __future__ import annotations

import argparse
import csv
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from benchmarks.garbled_wmt import add_linter_options, make_linter
from benchmarks.wmt23 import SHARED_DATA
from linter.api import lint_text
from linter.document import word_count
from linter.engine import Linter

MQM = SHARED_DATA / "mqm-zhen-news" / "dev.tsv"
COUNTED = ("garbled", "grammar", "untranslated")


@dataclass(frozen=True)
class Rated:
    doc_id: str
    seg_id: int
    system: str
    target: str
    major: bool
    major_fluency: bool
    clean: bool


def load(path: Path = MQM) -> list[Rated]:
    csv.field_size_limit(1 << 30)
    with open(path, encoding="utf-8", newline="") as handle:
        return [Rated(r["doc_id"], int(r["seg_id"]), r["system"], r["target"].replace("\n", " "),
                      r["has_major_error"] == "1", r["has_major_fluency"] == "1",
                      int(r["n_major_errors"]) + int(r["n_minor_errors"]) == 0)
                for r in csv.DictReader(handle, delimiter="\t")]


def flag_segments(rows: list[Rated], linter: Linter, categories=COUNTED):
    """{segment: codes of the findings on it}, the words linted, and the seconds spent linting."""
    by_doc: dict[tuple[str, str], list[Rated]] = defaultdict(list)
    for row in rows:
        by_doc[(row.doc_id, row.system)].append(row)
    flagged: dict[Rated, set[str]] = defaultdict(set)
    examples: dict[Rated, list] = defaultdict(list)
    words, seconds = 0, 0.0
    for segs in by_doc.values():
        segs.sort(key=lambda r: r.seg_id)
        text = "\n".join(s.target for s in segs) + "\n"
        words += word_count(text)
        began = time.perf_counter()
        findings = lint_text(text, "article.txt", linter=linter)
        seconds += time.perf_counter() - began
        for f in findings:
            if f.category not in categories:
                continue
            for line in range(f.line, f.end_line + 1):
                if line <= len(segs):
                    flagged[segs[line - 1]].add(f.code)
                    examples[segs[line - 1]].append(f)
    return flagged, examples, words, seconds


def scores(rows: list[Rated], flagged) -> dict:
    hits = [r for r in rows if r in flagged]
    fluency = [r for r in rows if r.major_fluency]
    clean = [r for r in rows if r.clean]
    return {
        "segments": len(rows),
        "base_rate": sum(r.major for r in rows) / len(rows) if rows else 0.0,
        "flagged": len(hits),
        "precision": sum(r.major for r in hits) / len(hits) if hits else None,
        "fluency_segments": len(fluency),
        "fluency_recall": sum(r in flagged for r in fluency) / len(fluency) if fluency else None,
        "clean_segments": len(clean),
        "clean_flagged": sum(r in flagged for r in clean) / len(clean) if clean else None,
    }


def per_code(rows: list[Rated], flagged) -> dict[str, tuple[int, int, int]]:
    """code -> (segments flagged, of which with a major error, of which rated clean)."""
    out: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for row in rows:
        for code in flagged.get(row, ()):
            out[code][0] += 1
            out[code][1] += row.major
            out[code][2] += row.clean
    return {c: tuple(v) for c, v in sorted(out.items())}


def _fmt(value) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_linter_options(parser)
    parser.add_argument("--data", type=Path, default=MQM, help="the MQM dev.tsv")
    parser.add_argument("--examples", type=int, default=0, help="print this many flagged segments")
    args = parser.parse_args(argv)
    if not args.data.is_file():
        print(f"error: {args.data} not found (set COPYDESK_SHARED_DATA)", file=sys.stderr)
        return 2
    rows = load(args.data)
    flagged, examples, words, seconds = flag_segments(rows, make_linter(args.config, args.select))
    s = scores(rows, flagged)
    print(f"MQM zh->en news: {s['segments']} segments, base rate of a major error {s['base_rate']:.3f}")
    print(f"counted categories: {', '.join(COUNTED)}")
    print(f"(a) precision          {_fmt(s['precision'])}  ({s['flagged']} segments flagged)")
    print(f"(b) major-fluency recall {_fmt(s['fluency_recall'])}  (of {s['fluency_segments']})")
    print(f"(c) clean flagged      {_fmt(s['clean_flagged'])}  (of {s['clean_segments']} error-free segments)")
    print(f"lint time: {1000.0 * seconds / words * 1000:.0f} ms per 1,000 words ({words} words)")
    print("per rule: segments flagged / with a major error / rated error-free")
    for code, (n, major, clean) in per_code(rows, flagged).items():
        print(f"  {code}  {n:>4} {major:>4} {clean:>4}")
    for row in list(examples)[:args.examples]:
        mark = "major" if row.major else ("clean" if row.clean else "minor")
        for f in examples[row]:
            print(f"  [{mark}] {row.system} {row.doc_id}#{row.seg_id} {f.code}: {f.text[:100]!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
