"""Garbled-output findings per 1,000 words: the professional reference (refA) against each MT system.

Every WMT23 uk/ru->en news document of every system is linted as an article (one segment a line,
as ``benchmarks.wmt23 build`` writes them). A detector of broken translation should flag MT
several times more often than refA; the ratio MT/refA per system says how much more.

    python -m benchmarks.garbled_wmt                       # built-in rules, default selection
    python -m benchmarks.garbled_wmt --config copydesk.toml --select CD2,CD8
    python -m benchmarks.garbled_wmt --category garbled --category grammar --examples 3
    python -m benchmarks.garbled_wmt --select CD2,CD7,CD85 --category style --by-rule   # + PolNeAR

``--by-rule`` prints, for each rule, its findings on refA, on all MT systems together and in how
many of them, and on PolNeAR (native US political news, one sentence a line): a rule that fires on
MT far more than on refA, and not on native English, is what a translation calque looks like.
"""
from __future__ import annotations

import argparse
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

from benchmarks.attribution_polnear import POLNEAR, polnear_articles
from benchmarks.wmt23 import SEGMENTS, article_text, documents, load_segments
from linter.api import lint_text
from linter.config import Settings, load_settings
from linter.document import word_count
from linter.engine import Linter

REFERENCE = "refA"


def make_linter(config: Path | None, select: str | None) -> Linter:
    """The linter a user would get with ``--config FILE --select CODES``."""
    settings = load_settings(config) if config else Settings()
    if select:
        settings = settings.with_overrides(select=tuple(s.strip() for s in select.split(",") if s.strip()))
    return Linter(settings)


def add_linter_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", type=Path, help="a copydesk.toml (or pyproject.toml) passed to the linter, "
                                                    "e.g. one that turns LanguageTool on")
    parser.add_argument("--select", help="rule codes, prefixes or names to run (comma-separated)")


def measure(segments, linter: Linter, categories: set[str]) -> dict:
    """Per system: words, findings per category, findings per code, seconds, example findings."""
    out: dict[str, dict] = defaultdict(lambda: {"words": 0, "findings": Counter(), "codes": Counter(),
                                                "seconds": 0.0, "examples": []})
    for (_, doc_id, system), segs in sorted(documents(segments).items()):
        text = article_text(segs)
        row = out[system]
        row["words"] += word_count(text)
        began = time.perf_counter()
        findings = lint_text(text, f"{doc_id}.txt", linter=linter)
        row["seconds"] += time.perf_counter() - began
        for f in findings:
            row["findings"][f.category] += 1
            if f.category in categories:
                row["codes"][f.code] += 1
                row["examples"].append((doc_id, f))
    return dict(out)


def per_thousand(count: int, words: int) -> float:
    return 1000.0 * count / words if words else 0.0


def table(results: dict, categories: set[str]) -> str:
    """The report: findings of ``categories`` per 1,000 words and the ratio to refA, per system."""
    ref = results.get(REFERENCE)
    ref_rate = per_thousand(sum(ref["findings"][c] for c in categories), ref["words"]) if ref else 0.0
    lines = [f"{'system':<15} {'words':>7} {'findings':>8} {'per 1k':>7} {'x refA':>7} {'ms/1k':>6}  by rule"]
    systems = sorted(results, key=lambda s: (s != REFERENCE, s))
    for system in systems:
        row = results[system]
        count = sum(row["findings"][c] for c in categories)
        rate = per_thousand(count, row["words"])
        ratio = "-" if system == REFERENCE else (f"{rate / ref_rate:.1f}" if ref_rate else ("inf" if rate else "-"))
        codes = " ".join(f"{c}:{n}" for c, n in sorted(row["codes"].items()))
        ms = 1000.0 * per_thousand(row["seconds"], row["words"])
        lines.append(f"{system:<15} {row['words']:>7} {count:>8} {rate:>7.2f} {ratio:>7} {ms:>6.0f}  {codes}")
    mt = [results[s] for s in systems if s != REFERENCE]
    if mt and ref:
        count = sum(sum(r["findings"][c] for c in categories) for r in mt)
        rate = per_thousand(count, sum(r["words"] for r in mt))
        ratio = f"{rate / ref_rate:.1f}" if ref_rate else ("inf" if rate else "-")
        lines.append(f"{'all MT':<15} {sum(r['words'] for r in mt):>7} {count:>8} {rate:>7.2f} {ratio:>7}")
    return "\n".join(lines)


def native_codes(linter: Linter, categories: set[str], path: Path = POLNEAR) -> tuple[Counter, list]:
    """Findings per code on PolNeAR's native-English articles, and the findings themselves."""
    codes: Counter = Counter()
    found = []
    for name, rows in sorted(polnear_articles(path).items()):
        text = "\n".join(r["sentence"].replace("\n", " ") for r in rows) + "\n"
        for f in lint_text(text, f"{name}.txt", linter=linter):
            if f.category in categories:
                codes[f.code] += 1
                found.append((name, f))
    return codes, found


def rule_table(results: dict, native: Counter | None) -> str:
    """Per rule: findings on refA, on all MT systems (and in how many), on native English."""
    mt = [s for s in sorted(results) if s != REFERENCE]
    codes = sorted({c for r in results.values() for c in r["codes"]} | set(native or ()))
    lines = [f"{'rule':<6} {'refA':>5} {'MT':>5} {'systems':>7} {'native':>6}  per MT system"]
    for code in codes:
        ref = results[REFERENCE]["codes"][code] if REFERENCE in results else 0
        per = {s: results[s]["codes"][code] for s in mt if results[s]["codes"][code]}
        nat = "-" if native is None else str(native[code])
        spread = " ".join(f"{s}:{n}" for s, n in per.items())
        lines.append(f"{code:<6} {ref:>5} {sum(per.values()):>5} {len(per):>3}/{len(mt):<3} {nat:>6}  {spread}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_linter_options(parser)
    parser.add_argument("--category", action="append", help="finding categories to count (default: garbled)")
    parser.add_argument("--examples", type=int, default=0, help="print this many findings per system")
    parser.add_argument("--segments", type=Path, default=SEGMENTS, help="the WMT23 segments.tsv")
    parser.add_argument("--by-rule", action="store_true",
                        help="a table per rule: refA, MT, and PolNeAR native English (if present)")
    parser.add_argument("--native", type=Path, default=POLNEAR, help="the PolNeAR dev.tsv for --by-rule")
    args = parser.parse_args(argv)
    if not args.segments.is_file():
        print(f"error: {args.segments} not found (set COPYDESK_SHARED_DATA)", file=sys.stderr)
        return 2
    categories = set(args.category or ["garbled"])
    linter = make_linter(args.config, args.select)
    results = measure(load_segments(args.segments), linter, categories)
    print(f"{', '.join(sorted(categories))} findings per 1,000 words, WMT23 uk/ru->en news")
    print(table(results, categories))
    for system in sorted(results):
        for doc_id, f in results[system]["examples"][:args.examples]:
            print(f"  {system} {doc_id}:{f.line}: {f.code} {f.text[:100]!r}")
    if args.by_rule:
        native, found = native_codes(linter, categories, args.native) if args.native.is_file() else (None, [])
        print("\nfindings per rule (native = PolNeAR dev, US political news)")
        print(rule_table(results, native))
        for name, f in found[:args.examples]:
            print(f"  native {name}:{f.line}: {f.code} {f.text[:100]!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
