"""Build article files from the WMT23 segments table, so measurements read real text from ../shared.

The article layout matches ``../shared/data/wmt23-news-toen/articles/``: one segment per line, the first
segment (the headline) on line 1. Nothing built here is committed: it is regenerated on demand.

    python -m benchmarks.wmt23 build OUTDIR --system refA [--system ONLINE-B ...]
    python -m benchmarks.wmt23 mixed OUTDIR --seed 1
"""
from __future__ import annotations

import argparse
import csv
import os
import random
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED_DATA = Path(os.environ.get("COPYDESK_SHARED_DATA", REPO.parent / "shared" / "data"))
SEGMENTS = SHARED_DATA / "wmt23-news-toen" / "segments.tsv"


@dataclass(frozen=True)
class Segment:
    langpair: str
    doc_id: str
    seg_id: int
    system: str
    source: str
    target: str


def load_segments(path: Path = SEGMENTS) -> list[Segment]:
    """Every row of segments.tsv (CSV quoting, tab-separated)."""
    csv.field_size_limit(1 << 30)
    with open(path, encoding="utf-8", newline="") as handle:
        return [
            Segment(r["langpair"], r["doc_id"], int(r["seg_id"]), r["system"], r["source"], r["target"])
            for r in csv.DictReader(handle, delimiter="\t")
        ]


def documents(segments: list[Segment]) -> dict[tuple[str, str, str], list[Segment]]:
    """Segments grouped by (langpair, doc_id, system), in segment order."""
    docs: dict[tuple[str, str, str], list[Segment]] = defaultdict(list)
    for seg in segments:
        docs[(seg.langpair, seg.doc_id, seg.system)].append(seg)
    for segs in docs.values():
        segs.sort(key=lambda s: s.seg_id)
    return dict(docs)


def article_name(langpair: str, doc_id: str, system: str) -> str:
    return f"{langpair}_{doc_id}_{system}.txt"


def article_text(segs: list[Segment], side: str = "target") -> str:
    return "\n".join(getattr(s, side).replace("\n", " ") for s in segs) + "\n"


def build(outdir: Path, systems: list[str], segments: list[Segment] | None = None) -> list[Path]:
    """Write one article file per document of each named system; return the paths."""
    outdir.mkdir(parents=True, exist_ok=True)
    written = []
    for (lp, doc, system), segs in sorted(documents(segments or load_segments()).items()):
        if system in systems:
            path = outdir / article_name(lp, doc, system)
            path.write_text(article_text(segs), encoding="utf-8")
            written.append(path)
    return written


def mixed(outdir: Path, seed: int = 1, segments: list[Segment] | None = None) -> list[Path]:
    """Write each document assembled segment by segment from randomly chosen MT systems (not refA).

    This is how edited copy often ends up: paragraphs from different MT runs, with the name
    spellings of each.
    """
    rng = random.Random(seed)
    by_doc: dict[tuple[str, str], dict[str, list[Segment]]] = defaultdict(dict)
    for (lp, doc, system), segs in documents(segments or load_segments()).items():
        if system != "refA":
            by_doc[(lp, doc)][system] = segs
    outdir.mkdir(parents=True, exist_ok=True)
    written = []
    for (lp, doc), systems in sorted(by_doc.items()):
        names = sorted(systems)
        n = min(len(s) for s in systems.values())
        lines = [systems[rng.choice(names)][i].target.replace("\n", " ") for i in range(n)]
        path = outdir / article_name(lp, doc, "mixed")
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="one article file per document of each system")
    b.add_argument("outdir", type=Path)
    b.add_argument("--system", action="append", required=True)
    m = sub.add_parser("mixed", help="documents assembled from random MT systems")
    m.add_argument("outdir", type=Path)
    m.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    if not SEGMENTS.exists():
        print(f"error: {SEGMENTS} not found (set COPYDESK_SHARED_DATA)", file=sys.stderr)
        return 2
    paths = build(args.outdir, args.system) if args.command == "build" else mixed(args.outdir, args.seed)
    print(f"wrote {len(paths)} articles to {args.outdir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
