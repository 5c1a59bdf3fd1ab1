"""Measure the attribution rules (CD3xx) on real text.

``polnear`` (default): PolNeAR dev (US political news, every sentence labelled attributed or not).
Articles are rebuilt from their sentences in order, one sentence a line (the first is the headline),
and linted. For the sentences that contain a figure (a digit), an ``unattributed-`` finding on the
sentence is a prediction of ``attributed == 0``; precision and recall are printed, and ``--show``
lists the false alarms and the misses.

``wmt23``: counts of findings per rule on the WMT23 news articles of every system (``refA`` is the
professional human translation), and ``--sample N`` random ``unattributed-`` findings on refA.

    python -m benchmarks.attribution_polnear [--show]
    python -m benchmarks.attribution_polnear wmt23 [--sample 10 --seed 4]
"""
from __future__ import annotations

import argparse
import csv
import random
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

from benchmarks.wmt23 import SHARED_DATA, SEGMENTS, article_text, documents, load_segments
from linter.api import lint_text
from linter.engine import Linter
from linter.rulepack import RulePack, builtin_rules_dir, load_rule, rule_files

POLNEAR = SHARED_DATA / "polnear" / "dev.tsv"
_DIGIT = re.compile(r"\d")


def polnear_articles(path: Path = POLNEAR) -> dict[str, list[dict]]:
    """Rows of each article, in sentence order."""
    articles: dict[str, list[dict]] = defaultdict(list)
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            articles[row["article"]].append(row)
    for rows in articles.values():
        rows.sort(key=lambda r: int(r["sent_idx"]))
    return dict(articles)


def attribution_linter() -> Linter:
    """A linter with the rules of ``rules/attribution`` alone (other rule families cannot break it)."""
    builtin = builtin_rules_dir()
    return Linter(pack=RulePack([load_rule(p, [builtin]) for p in rule_files(builtin / "attribution")]))


def flagged_lines(text: str, linter) -> dict[int, str]:
    """1-based lines that carry an ``unattributed-`` finding, with the finding's code and text."""
    return {f.line: f"{f.code} {f.text!r}" for f in lint_text(text, "article.txt", linter=linter)
            if f.name.startswith("unattributed-")}


def evaluate_polnear(path: Path = POLNEAR) -> dict:
    """Confusion counts over sentences with a digit; ``attributed == 0`` is the positive class."""
    linter = attribution_linter()
    counts = Counter()
    false_alarms, misses = [], []
    for name, rows in sorted(polnear_articles(path).items()):
        text = "\n".join(r["sentence"].replace("\n", " ") for r in rows) + "\n"
        flagged = flagged_lines(text, linter)
        for line, row in enumerate(rows, start=1):
            if not _DIGIT.search(row["sentence"]):
                continue
            predicted, gold = line in flagged, row["attributed"] == "0"
            counts[(predicted, gold)] += 1
            if predicted and not gold:
                false_alarms.append((name, line, row["sentence"], f"{flagged[line]}; cues: {row['cue_texts']}"))
            elif gold and not predicted:
                misses.append((name, line, row["sentence"], ""))
    tp, fp, fn = counts[(True, True)], counts[(True, False)], counts[(False, True)]
    return {"sentences": sum(counts.values()), "unattributed": tp + fn, "flagged": tp + fp,
            "tp": tp, "fp": fp, "fn": fn,
            "precision": tp / (tp + fp) if tp + fp else 0.0, "recall": tp / (tp + fn) if tp + fn else 0.0,
            "false_alarms": false_alarms, "misses": misses}


def wmt23_counts(segments=None) -> tuple[dict[str, Counter], list[tuple[str, object]]]:
    """Findings per rule for each system; and every CD3xx finding on refA with its article name."""
    linter = attribution_linter()
    per_system: dict[str, Counter] = defaultdict(Counter)
    articles: Counter = Counter()
    refa = []
    for (lp, doc, system), segs in sorted(documents(segments or load_segments()).items()):
        articles[system] += 1
        for finding in lint_text(article_text(segs), "article.txt", linter=linter):
            per_system[system][finding.code] += 1
            if system == "refA":
                refa.append((f"{lp}/{doc}", finding))
    for system in articles:
        per_system[system]["articles"] = articles[system]
    return dict(per_system), refa


def _print_polnear(result: dict, show: bool) -> None:
    print(f"PolNeAR dev, sentences with a digit: {result['sentences']} "
          f"({result['unattributed']} with attributed == 0)")
    print(f"unattributed- findings: {result['flagged']}  TP {result['tp']}  FP {result['fp']}  FN {result['fn']}")
    print(f"precision {result['precision']:.3f}  recall {result['recall']:.3f}")
    if show:
        for title, rows in (("false alarms", result["false_alarms"]), ("misses", result["misses"])):
            print(f"\n## {title} ({len(rows)})")
            for name, line, sentence, cues in rows:
                print(f"- {name}:{line}: {sentence[:220]}" + (f"  [{cues}]" if cues else ""))


def _print_wmt23(per_system: dict[str, Counter], refa: list, sample: int, seed: int) -> None:
    codes = sorted({c for counts in per_system.values() for c in counts if c != "articles"})
    print("system".ljust(16) + "articles".rjust(9) + "".join(c.rjust(7) for c in codes))
    for system in sorted(per_system, key=lambda s: (s != "refA", s)):
        counts = per_system[system]
        print(system.ljust(16) + str(counts["articles"]).rjust(9) + "".join(str(counts[c]).rjust(7) for c in codes))
    unattributed = [(doc, f) for doc, f in refa if f.name.startswith("unattributed-")]
    if sample and unattributed:
        print(f"\n{sample} random unattributed- findings on refA (seed {seed}, of {len(unattributed)}):")
        for doc, f in random.Random(seed).sample(unattributed, min(sample, len(unattributed))):
            print(f"- {doc}:{f.line} {f.code} \"{f.text}\"")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", nargs="?", choices=("polnear", "wmt23"), default="polnear")
    parser.add_argument("--show", action="store_true", help="polnear: list false alarms and misses")
    parser.add_argument("--sample", type=int, default=10, help="wmt23: random refA findings to list")
    parser.add_argument("--seed", type=int, default=4)
    args = parser.parse_args(argv)
    needed = POLNEAR if args.corpus == "polnear" else SEGMENTS
    if not needed.exists():
        print(f"error: {needed} not found (set COPYDESK_SHARED_DATA)", file=sys.stderr)
        return 2
    if args.corpus == "polnear":
        _print_polnear(evaluate_polnear(), args.show)
    else:
        _print_wmt23(*wmt23_counts(), args.sample, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
