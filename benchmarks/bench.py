"""``make bench``: copydesk against proselint and textlint on the same WMT23 articles, alternating.

    python -m benchmarks.bench [--size-mb 20] [--rounds 3] [--memory-mb 200] [--memory-select CD1]
                               [--parts startup,throughput,languagetool,memory,kinds] [--output FILE]

The corpus is every system's articles from ``../shared/data/wmt23-news-toen/segments.tsv`` (one
file per document and system, built by :mod:`benchmarks.wmt23`), repeated into ``rNN/`` folders
(hard links) until it holds ``--size-mb``. Each round runs every tool once on the same folder, in
turn, so that a busy machine slows them all alike; the tables give the median round. Measured per
run: wall time; CPU time (user + system of the tool and every process it waited for, from
``wait4``); peak memory (the largest single process, ``ru_maxrss``, and the whole process tree's
resident set, sampled every 50 ms from /proc); MB/s and articles/s (of wall time).

The tools: copydesk (default rules, LanguageTool off, ``--jobs 1`` and ``--jobs 2``), copydesk
with LanguageTool on (a local server from ``vendor/languagetool``, on a part of the corpus: it is
another order of speed), proselint 0.16 (``proselint check``) and textlint 15 with
textlint-rule-write-good (``benchmarks/node_modules``, installed by ``npm ci``). Also timed: the
start-up cases of a pre-commit hook (``copydesk --version``, linting the seed article) and, for
memory, copydesk streaming JSONL over ``--size-mb`` and ``--memory-mb`` of articles; and, in this
process, the CPU time of each check kind (where the time goes). ``--parts`` picks among them.
Child processes run with ``PYTHONDONTWRITEBYTECODE`` unset, as an installed copydesk runs.
"""
from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks import wmt23

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
TEXTLINT = HERE / "node_modules" / ".bin" / "textlint"
SEED = REPO / "seeds" / "dprk-russia-pact.txt"
MB = 1_000_000


@dataclass
class Run:
    wall: float
    cpu: float
    max_rss_kb: int  # the largest single process
    tree_rss_kb: int  # all processes of the tool at once, sampled
    returncode: int


@dataclass
class Tool:
    name: str
    argv: list[str]
    runs: list[Run] = field(default_factory=list)
    ok_codes: tuple[int, ...] = (0, 1)


# ---- measuring ---------------------------------------------------------------------------------

def _tree_rss_kb(root: int) -> int:
    """Resident memory of ``root`` and its descendants, from /proc (0 where /proc is missing)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc") if os.path.isdir("/proc") else ():
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as handle:
                fields = handle.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        pid = int(entry)
        children.setdefault(int(fields[1]), []).append(pid)  # ppid
        rss[pid] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE") // 1024
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, ()))
    return total


def measure(argv: list[str], env: dict, cwd: Path | None = None, stdout=subprocess.DEVNULL) -> Run:
    start = time.perf_counter()
    process = subprocess.Popen(argv, env=env, cwd=cwd, stdout=stdout, stderr=subprocess.DEVNULL)
    peak = [0]
    done = threading.Event()

    def sample():
        while not done.wait(0.05):
            peak[0] = max(peak[0], _tree_rss_kb(process.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    done.set()
    sampler.join()
    process.returncode = os.waitstatus_to_exitcode(status)
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, max(peak[0], usage.ru_maxrss),
               process.returncode)


def child_env(cache: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["COPYDESK_CACHE_DIR"] = str(cache)
    env["NO_COLOR"] = "1"
    return env


def copydesk(*args: str) -> list[str]:
    return [sys.executable, "-m", "linter", *args]


# ---- the corpus --------------------------------------------------------------------------------

def build_corpus(workdir: Path, size_mb: float) -> tuple[Path, int, int]:
    """``workdir/corpus-N`` with the articles of every system, repeated to ``size_mb``."""
    base = workdir / "base"
    if not base.is_dir():
        segments = wmt23.load_segments()
        systems = sorted({s.system for s in segments})
        wmt23.build(base, systems, segments)
    articles = sorted(base.glob("*.txt"))
    unit = sum(p.stat().st_size for p in articles)
    copies = max(1, -(-int(size_mb * MB) // unit))
    target = workdir / f"corpus-{size_mb:g}mb"
    if not target.is_dir():
        partial = workdir / f".{target.name}.partial"
        shutil.rmtree(partial, ignore_errors=True)
        for n in range(copies):
            folder = partial / f"r{n:03d}"
            folder.mkdir(parents=True)
            for article in articles:
                try:
                    os.link(article, folder / article.name)
                except OSError:
                    shutil.copyfile(article, folder / article.name)
        partial.rename(target)
    return target, unit * copies, len(articles) * copies


# ---- the report --------------------------------------------------------------------------------

def machine() -> list[str]:
    model = next((line.split(":", 1)[1].strip() for line in _read("/proc/cpuinfo").splitlines()
                  if line.startswith("model name")), platform.processor() or "?")
    memory = next((line.split()[1] for line in _read("/proc/meminfo").splitlines() if line.startswith("MemTotal")),
                  "0")
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return [f"- CPU: {model}, {cores} usable cores; RAM {int(memory) / 1048576:.1f} GiB",
            f"- OS: {platform.platform()}; Python {platform.python_version()}; "
            f"Node {_output(['node', '--version'])}",
            f"- copydesk {_output(copydesk('--version')).split()[-1]}; proselint "
            f"{_output(['proselint', 'version'])}; textlint {_output([str(TEXTLINT), '--version'])} with "
            f"textlint-rule-write-good {_npm_version('textlint-rule-write-good')}"]


def _read(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def _output(argv: list[str]) -> str:
    try:
        return subprocess.run(argv, capture_output=True, text=True, timeout=60).stdout.strip() or "?"
    except (OSError, subprocess.TimeoutExpired):
        return "not installed"


def _npm_version(package: str) -> str:
    import json

    manifest = HERE / "node_modules" / package / "package.json"
    return json.loads(manifest.read_text(encoding="utf-8"))["version"] if manifest.is_file() else "not installed"


def median_run(tool: Tool) -> Run:
    by_wall = sorted(tool.runs, key=lambda r: r.wall)
    return by_wall[len(by_wall) // 2]


def throughput_table(tools: list[Tool], size: int, files: int, reference: str) -> list[str]:
    ref = {t.name: median_run(t) for t in tools if t.runs}
    rows = ["| tool | wall s | CPU s | peak RSS MB (largest process / tree) | MB/s | articles/s | "
            f"{reference} speed ÷ tool speed (wall / CPU) | runs |", "|---|---|---|---|---|---|---|---|"]
    mine = ref.get(reference)
    for tool in tools:
        if not tool.runs:
            continue
        run = ref[tool.name]
        ratio = (f"{run.wall / mine.wall:.2f} / {run.cpu / mine.cpu:.2f}" if mine and tool.name != reference
                 else "")
        codes = ",".join(str(r.returncode) for r in tool.runs)
        rows.append(f"| {tool.name} | {run.wall:.1f} | {run.cpu:.1f} | {run.max_rss_kb / 1024:.0f} / "
                    f"{run.tree_rss_kb / 1024:.0f} | {size / MB / run.wall:.3f} | {files / run.wall:.1f} | "
                    f"{ratio} | {len(tool.runs)} (exit {codes}) |")
    return rows


def startup_table(cases: list[Tool]) -> list[str]:
    rows = ["| case | median wall s | min wall s | median CPU s | runs |", "|---|---|---|---|---|"]
    for case in cases:
        walls = [r.wall for r in case.runs]
        rows.append(f"| {case.name} | {statistics.median(walls):.3f} | {min(walls):.3f} | "
                    f"{statistics.median(r.cpu for r in case.runs):.3f} | {len(case.runs)} |")
    return rows


NOTES = "<!-- notes: kept when the benchmark rewrites the tables above -->"


def write_results(path: Path, lines: list[str]) -> None:
    """The measured tables, then whatever notes follow the marker in the existing file."""
    notes = ""
    if path.is_file():
        text = path.read_text(encoding="utf-8")
        notes = text[text.index(NOTES):] if NOTES in text else ""
    path.write_text("\n".join(lines) + "\n" + (notes or NOTES + "\n"), encoding="utf-8")


# ---- the benchmark -----------------------------------------------------------------------------

def run_rounds(tools: list[Tool], rounds: int, env: dict, log) -> None:
    for n in range(rounds):
        for tool in tools:
            run = measure(tool.argv, env, cwd=REPO)
            tool.runs.append(run)
            status = "" if run.returncode in tool.ok_codes else f"  UNEXPECTED EXIT {run.returncode}"
            log(f"round {n + 1}/{rounds} {tool.name}: {run.wall:.1f} s wall, {run.cpu:.1f} s CPU, "
                f"{run.tree_rss_kb / 1024:.0f} MB{status}")


def kind_profile(folder: Path) -> list[str]:
    """CPU seconds per check kind, in this process, over the articles of ``folder`` (all default
    rules): where a run's time goes."""
    from linter.api import make_linter
    from linter.readers import read_documents

    linter = make_linter()
    seconds: dict[str, float] = {kind.name: 0.0 for kind in linter.kinds}
    start = time.process_time()
    docs = [doc for path in sorted(folder.glob("*.txt")) for doc in read_documents(path.name, path.read_bytes())]
    reading = time.process_time() - start
    start = time.process_time()
    for doc in docs:
        doc.sentences
    segmenting = time.process_time() - start
    for doc in docs:
        for kind in linter.kinds:
            start = time.process_time()
            for _ in kind.run(doc):
                pass
            seconds[kind.name] += time.process_time() - start
    rows = ["| part | CPU s |", "|---|---|", f"| reading and decoding | {reading:.2f} |",
            f"| sentence segmentation (nupunkt) | {segmenting:.2f} |"]
    rows += [f"| kind `{name}` | {value:.2f} |" for name, value in sorted(seconds.items(), key=lambda kv: -kv[1])]
    return rows + [f"| all | {reading + segmenting + sum(seconds.values()):.2f} |"]


def languagetool_config(workdir: Path, log) -> tuple[Path | None, object]:
    """A configuration that switches LanguageTool on, and the started server (or None, None)."""
    from linter.languagetool_server import LocalServer, ServerError, find_jars

    jars = find_jars()
    if jars is None:
        log("LanguageTool jars not found (make languagetool): the LanguageTool-on run is skipped")
        return None, None
    server = LocalServer(jars)
    try:
        url = server.start()
    except ServerError as exc:
        log(f"LanguageTool server did not start: {exc}")
        return None, None
    config = workdir / "languagetool-on.toml"
    config.write_text(f'[languagetool]\nenabled = true\nurl = "{url}"\ntimeout = 120\n', encoding="utf-8")
    return config, server


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "copydesk-bench")
    parser.add_argument("--size-mb", type=float, default=20.0, help="throughput corpus size (default 20)")
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds (default 3)")
    parser.add_argument("--languagetool-mb", type=float, default=1.0,
                        help="corpus for the LanguageTool-on run (0: skip; default 1)")
    parser.add_argument("--memory-mb", type=float, default=200.0, help="large corpus of the memory check (0: skip)")
    parser.add_argument("--memory-select", default=None,
                        help="rules for the memory runs (default: all default rules)")
    parser.add_argument("--startup-runs", type=int, default=10)
    parser.add_argument("--parts", default="startup,throughput,languagetool,memory,kinds",
                        help="which measurements to run (comma-separated; default: all)")
    parser.add_argument("--output", type=Path, default=HERE / "RESULTS.md")
    args = parser.parse_args(argv)
    parts = set(args.parts.split(","))

    def log(message: str) -> None:
        print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)

    args.workdir.mkdir(parents=True, exist_ok=True)
    env = child_env(args.workdir / "cache")
    load_before = os.getloadavg()
    corpus, size, files = build_corpus(args.workdir, args.size_mb)
    log(f"corpus {corpus}: {size / MB:.1f} MB, {files} articles")
    subprocess.run(copydesk("lint", str(SEED), "--no-cache", "-q"), env=env, cwd=REPO,
                   stdout=subprocess.DEVNULL)  # warms the rule-pack and regex caches, writes .pyc

    # pre-commit: one article, process start included
    startup = [] if "startup" not in parts else [Tool("copydesk --version", copydesk("--version")),
               Tool("copydesk lint seed (cache off)", copydesk("lint", str(SEED), "--no-cache")),
               Tool("copydesk lint seed (result cached)", copydesk("lint", str(SEED))),
               Tool("proselint check seed", ["proselint", "check", str(SEED)]),
               Tool("textlint write-good seed", [str(TEXTLINT), "--rule", "write-good", str(SEED)])]
    for n in range(args.startup_runs):
        for case in startup:
            case.runs.append(measure(case.argv, env, cwd=REPO))
    if startup:
        log("start-up cases done")

    tools = [Tool("copydesk --jobs 1", copydesk("lint", str(corpus), "--jobs", "1", "--no-cache", "-f", "jsonl")),
             Tool("copydesk --jobs 2", copydesk("lint", str(corpus), "--jobs", "2", "--no-cache", "-f", "jsonl")),
             Tool("proselint 0.16", ["proselint", "check", "-o", "compact", str(corpus)]),
             Tool("textlint + write-good", [str(TEXTLINT), "--rule", "write-good", "-f", "compact", str(corpus)])]
    tools = tools if "throughput" in parts else []
    run_rounds(tools, args.rounds, env, log)

    lt_rows: list[str] = []
    if args.languagetool_mb > 0 and "languagetool" in parts:
        config, server = languagetool_config(args.workdir, log)
        if config is not None:
            try:
                lt_corpus, lt_size, lt_files = build_corpus(args.workdir, args.languagetool_mb)
                lt_tools = [Tool("copydesk, LanguageTool off", copydesk("lint", str(lt_corpus), "--jobs", "1",
                                                                        "--no-cache", "-f", "jsonl")),
                            Tool("copydesk, LanguageTool on", copydesk("lint", str(lt_corpus), "--jobs", "1",
                                                                       "--no-cache", "-f", "jsonl", "--config",
                                                                       str(config)))]
                run_rounds(lt_tools, 1, env, log)
                lt_rows = [f"On {lt_size / MB:.1f} MB ({lt_files} articles); the server (started before, its "
                           "memory not counted) checks each article over HTTP:", "",
                           *throughput_table(lt_tools, lt_size, lt_files, "copydesk, LanguageTool off")]
            finally:
                server.stop()

    memory_rows: list[str] = []
    if args.memory_mb > 0 and "memory" in parts:
        select = ["--select", args.memory_select] if args.memory_select else []
        memory_rows = ["| corpus | wall s | CPU s | peak RSS MB (largest process / tree) | MB/s |",
                       "|---|---|---|---|---|"]
        for mb in (args.size_mb, args.memory_mb):
            folder, msize, mfiles = build_corpus(args.workdir, mb)
            tool = Tool(f"{msize / MB:.0f} MB, {mfiles} articles",
                        copydesk("lint", str(folder), "--jobs", "2", "--no-cache", "-f", "jsonl", *select))
            run_rounds([tool], 1, env, log)
            run = tool.runs[0]
            memory_rows.append(f"| {tool.name} | {run.wall:.1f} | {run.cpu:.1f} | {run.max_rss_kb / 1024:.0f} / "
                               f"{run.tree_rss_kb / 1024:.0f} | {msize / MB / run.wall:.3f} |")

    kind_rows = kind_profile(args.workdir / "base") if "kinds" in parts else []
    load_after = os.getloadavg()
    command = " ".join(["python -m benchmarks.bench", *(argv if argv is not None else sys.argv[1:])])
    lines = ["# copydesk benchmark", "", f"Written by `{command}` on {time.strftime('%Y-%m-%d %H:%M %Z')}.", "",
             "## Machine", "", *machine(),
             f"- load average (1/5/15 min) before: {load_before[0]:.2f} / {load_before[1]:.2f} / "
             f"{load_before[2]:.2f}, after: {load_after[0]:.2f} / {load_after[1]:.2f} / {load_after[2]:.2f}",
             ""]
    if startup:
        lines += ["## Pre-commit: one article, process start included", "", *startup_table(startup), ""]
    if tools:
        lines += [f"## Throughput: {size / MB:.1f} MB, {files} articles (all WMT23 systems), {args.rounds} "
                  "alternating round(s), median", "", *throughput_table(tools, size, files, "copydesk --jobs 1"), ""]
    if lt_rows:
        lines += ["## LanguageTool on", "", *lt_rows, ""]
    if memory_rows:
        lines += ["## Memory as the corpus grows (streamed JSONL output, --jobs 2"
                  + (f", --select {args.memory_select}" if args.memory_select else "") + ")", "", *memory_rows, ""]
    if kind_rows:
        lines += ["## Where the time goes: CPU per check kind, one process, the 1014 base articles", "",
                  *kind_rows, ""]
    write_results(args.output, lines)
    log(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
