"""Consistency and temporal findings (CD4xx) on the WMT23 news documents: professional (refA) against
machine translation, per rule, with every finding listed for reading by hand.

    python -m benchmarks.consistency_wmt                      # refA, each MT system, and mixed
    python -m benchmarks.consistency_wmt --systems refA --list
    python -m benchmarks.consistency_wmt --systems mixed --seed 1 --list
    python -m benchmarks.consistency_wmt --names 5000          # time variant grouping on synthetic names

refA is what clean copy looks like, so its findings are (near) false alarms to explain one by one;
"mixed" documents are assembled segment by segment from random MT systems (benchmarks.wmt23), which
is where one name gets spelled two ways.
"""
from __future__ import annotations

import argparse
import random
import string
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from benchmarks.wmt23 import SEGMENTS, build, load_segments, mixed
from linter.api import lint_text, make_linter

SELECT = ("CD4",)


def system_articles(segments, system: str, seed: int = 1) -> dict[str, str]:
    """Article name -> text for one system, or for "mixed" documents (benchmarks.wmt23's draw)."""
    with tempfile.TemporaryDirectory() as tmp:
        paths = mixed(Path(tmp), seed, segments) if system == "mixed" else build(Path(tmp), [system], segments)
        return {path.name: path.read_text(encoding="utf-8") for path in paths}


def lint_system(articles: dict[str, str], linter) -> list[tuple[str, object]]:
    return [(name, f) for name, text in articles.items() for f in lint_text(text, name, linter=linter)]


def synthetic_names(n: int, seed: int = 0) -> str:
    """An article naming ``n`` distinct made-up people, one sentence each."""
    rng = random.Random(seed)
    names: set[str] = set()
    while len(names) < n:
        names.add("".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(5, 10))).capitalize())
    return "Names\n" + "\n".join(f"Officials said {name} arrived." for name in sorted(names)) + "\n"


def time_names(n: int) -> None:
    linter = make_linter(("CD401", "CD402", "CD403"))
    for size in (n // 4, n):
        text = synthetic_names(size)
        lint_text(text, linter=linter)  # warm up: segmenter, regexes
        started = time.perf_counter()
        findings = lint_text(text, linter=linter)
        print(f"{size} distinct names: {time.perf_counter() - started:.3f} s lint (CD401-CD403), "
              f"{len(findings)} findings")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--systems", nargs="*", help="systems to lint (default: refA, every MT system, mixed)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the mixed documents")
    parser.add_argument("--list", action="store_true", help="print every finding")
    parser.add_argument("--names", type=int, help="time variant grouping on this many synthetic names")
    args = parser.parse_args(argv)
    if args.names:
        time_names(args.names)
        return 0
    if not SEGMENTS.exists():
        print(f"error: {SEGMENTS} not found (set COPYDESK_SHARED_DATA)", file=sys.stderr)
        return 2
    segments = load_segments()
    systems = args.systems or ["refA", *sorted({s.system for s in segments} - {"refA"}), "mixed"]
    linter = make_linter(SELECT)
    codes = sorted(r.code for r in linter.rules)
    print("system".ljust(22) + "docs " + " ".join(c.rjust(6) for c in codes))
    for system in systems:
        articles = system_articles(segments, system, args.seed)
        found = lint_system(articles, linter)
        counts = Counter(f.code for _, f in found)
        print(system.ljust(22) + str(len(articles)).rjust(4) + " " + " ".join(str(counts[c]).rjust(6) for c in codes))
        if args.list:
            for name, f in found:
                print(f"    {name}:{f.line}:{f.column} {f.code} {f.text!r} -> {f.suggestion!r}  {f.message}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
