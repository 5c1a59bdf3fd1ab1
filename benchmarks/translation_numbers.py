"""Number-mismatch findings (CD901) per system on WMT23 written out as XLIFF 2.0 and as TSV.

Each system's documents become one XLIFF file per language pair (a ``<file>`` per document) and one
TSV per document, built in a temporary directory from ``../shared/data/wmt23-news-toen/segments.tsv``;
both are linted with the pair rules selected, and the counts must agree between the two formats.
``--sample N`` prints N findings drawn at random (fixed seed), with source and target, for checking
by hand.

    python -m benchmarks.translation_numbers [--system refA --system ONLINE-B ...] [--sample 30]
"""
from __future__ import annotations

import argparse
import random
import sys
import tempfile
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SYSTEMS = ["refA", "ONLINE-B", "NLLB_Greedy"]


def lint_file(path: Path, linter) -> list[tuple[str, object, object]]:
    """(display, finding, pair) for every finding of a bilingual file."""
    from linter.readers import read_documents

    out = []
    for doc in read_documents(str(path), path.read_bytes()):
        pairs = doc.meta.get("pairs", [])
        for finding in linter.lint(doc, path):
            pair = next((p for p in pairs if doc.to_source(p.start, p.end)[0] <= finding.offset
                         < max(doc.to_source(p.start, p.end)[1], doc.to_source(p.start, p.end)[0] + 1)), None)
            out.append((doc.meta.get("display", doc.path), finding, pair))
    return out


def measure(systems: list[str], codes: tuple[str, ...] = ("CD901",)) -> dict[str, dict]:
    sys.path.insert(0, str(REPO / "tests"))
    from fixtures.bilingual import system_documents, write_tsv, write_xliff2

    from benchmarks.wmt23 import load_segments
    from linter.api import make_linter

    segments = load_segments()
    linter = make_linter(codes)
    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for system in systems:
            xliff_findings, tsv_findings, pairs = [], [], 0
            for langpair in ("uk-en", "ru-en"):
                docs = system_documents(segments, system, langpair)
                if not docs:
                    continue  # some systems translated one language pair only
                pairs += sum(len(s) for s in docs.values())
                xliff = write_xliff2(Path(tmp) / f"{system}.{langpair}.xlf", docs, langpair[:2])
                xliff_findings += lint_file(xliff, linter)
                for doc_id, segs in docs.items():
                    tsv = write_tsv(Path(tmp) / f"{system}.{doc_id}.tsv", segs)
                    tsv_findings += lint_file(tsv, linter)
            results[system] = {"pairs": pairs, "xliff": xliff_findings, "tsv": tsv_findings}
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--system", action="append", help=f"systems (default: {' '.join(DEFAULT_SYSTEMS)})")
    parser.add_argument("--code", action="append", help="rule codes (default: CD901)")
    parser.add_argument("--sample", type=int, default=0, help="print this many findings at random")
    parser.add_argument("--seed", type=int, default=8)
    args = parser.parse_args(argv)
    from benchmarks.wmt23 import SEGMENTS

    if not SEGMENTS.exists():
        print(f"error: {SEGMENTS} not found (set COPYDESK_SHARED_DATA)", file=sys.stderr)
        return 2
    results = measure(args.system or DEFAULT_SYSTEMS, tuple(args.code or ["CD901"]))
    print(f"{'system':14} {'pairs':>6} {'XLIFF':>6} {'TSV':>6}  by code (XLIFF)")
    everything = []
    for system, r in results.items():
        by_code = Counter(f.code for _, f, _ in r["xliff"])
        print(f"{system:14} {r['pairs']:6} {len(r['xliff']):6} {len(r['tsv']):6}  "
              + " ".join(f"{c}={n}" for c, n in sorted(by_code.items())))
        everything += [(system, *item) for item in r["xliff"]]
    if args.sample:
        rng = random.Random(args.seed)
        for system, display, finding, pair in rng.sample(everything, min(args.sample, len(everything))):
            print(f"\n[{system}] {display}:{finding.line} {finding.code} {finding.message}")
            print(f"  flagged: {finding.text[:200]!r}")
            if pair is not None:
                print(f"  source:  {pair.source[:300]}")
                print(f"  target:  {pair.target[:300]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
