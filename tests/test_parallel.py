"""--jobs: the same output as one process, in the same order, with errors where they were."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import SEED
from linter.cli import app
from linter.errors import CopydeskError, ReadError
from linter.parallel import DOCS_PER_BATCH, FILES_PER_BATCH, Done, FileBatch, ParallelRunner, default_jobs
from linter.runner import Runner, Target

cli = CliRunner()

ARTICLE = """The ministry signed the agreement on Tuesday
The ministry signed the agreement on Tuesday
It should be noted that the agreement was signed in Kyiv. First of all, the parties agreed on prices.
Asia Ukraine World
"""


def _corpus(root: Path) -> Path:
    """Enough files for several batches, a corpus spread record by record, and broken inputs."""
    articles = root / "articles"
    articles.mkdir()
    for i in range(2 * FILES_PER_BATCH + 3):
        (articles / f"a{i:02d}.txt").write_text(ARTICLE.replace("Tuesday", f"day {i}"), encoding="utf-8")
    (articles / "b-binary.txt").write_bytes(b"\x00\x01\x02 not text \xff\xfe")
    (articles / "c-empty.md").write_text("", encoding="utf-8")
    (articles / "d-seed.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    records = [json.dumps({"id": i, "title": f"Headline {i}", "body": ARTICLE}) for i in range(2 * DOCS_PER_BATCH + 5)]
    records[DOCS_PER_BATCH + 1] = "{broken"
    (root / "corpus.jsonl").write_text("\n".join(records) + "\n", encoding="utf-8")
    return articles


@pytest.fixture
def corpus(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COPYDESK_CACHE_DIR", str(tmp_path / "cache"))
    _corpus(tmp_path)
    return ["articles", "missing.txt", "corpus.jsonl", "articles/a00.txt"]


@pytest.mark.parametrize("fmt", ["text", "json", "jsonl"])
def test_jobs_output_is_byte_identical_to_one_process(corpus, fmt):
    one = cli.invoke(app, ["lint", *corpus, "--format", fmt, "--jobs", "1", "--no-cache"])
    two = cli.invoke(app, ["lint", *corpus, "--format", fmt, "--jobs", "2", "--no-cache"])
    assert one.exit_code == two.exit_code == 2  # the missing and unreadable files
    assert two.stdout == one.stdout
    if fmt == "text":
        assert "missing.txt: error: no such file or directory" in two.stdout
    if fmt == "json":
        paths = [f["path"] for f in json.loads(two.stdout)["files"]]
        assert paths[:3] == ["articles/a00.txt", "articles/a01.txt", "articles/a02.txt"]
        assert paths[-1] == "articles/a00.txt"
        assert "missing.txt" in paths and sum(p.startswith("corpus.jsonl#") for p in paths) == 2 * DOCS_PER_BATCH + 4


def test_results_come_in_input_order_with_records_spread(corpus):
    sequential = [r.to_dict() for r in Runner().run(corpus)]
    parallel = [r.to_dict() for r in ParallelRunner(jobs=2).run(corpus)]
    assert parallel == sequential
    broken = [r for r in parallel if r["error"] and r["path"].startswith("corpus.jsonl")]
    assert len(broken) == 1 and broken[0]["error"].startswith("line 18")


def test_a_failing_record_ends_its_corpus_as_in_one_process(corpus, monkeypatch):
    """An error while linting a record (not reading it) ends that file in one process: the same
    happens when its records are spread over workers (forked workers inherit the patch)."""
    original = Runner._result

    def failing(self, doc, linter, target, settings):
        if getattr(doc, "meta", {}).get("display") == "corpus.jsonl#3":
            raise CopydeskError("record 3 cannot be linted")
        return original(self, doc, linter, target, settings)

    monkeypatch.setattr(Runner, "_result", failing)
    sequential = [(r.path, r.error) for r in Runner().run(corpus)]
    parallel = [(r.path, r.error) for r in ParallelRunner(jobs=2).run(corpus)]
    assert parallel == sequential
    assert ("corpus.jsonl", "record 3 cannot be linted") in parallel
    assert not any(path.startswith("corpus.jsonl#") and path > "corpus.jsonl#3" for path, _ in parallel)


def test_a_read_error_midway_keeps_the_records_before_it(corpus, monkeypatch):
    """The records read before a reading error are linted and reported before it, as in one process."""
    original = Runner._stream

    def breaking(self, target, settings, suffix, options):
        for i, doc in enumerate(original(self, target, settings, suffix, options)):
            if i == DOCS_PER_BATCH + 3:
                raise ReadError("the disk went away", line=i + 1)
            yield doc

    monkeypatch.setattr(Runner, "_stream", breaking)
    sequential = [(r.path, r.error) for r in Runner().run(corpus)]
    parallel = [(r.path, r.error) for r in ParallelRunner(jobs=2).run(corpus)]
    assert parallel == sequential
    at = parallel.index(("corpus.jsonl", f"line {DOCS_PER_BATCH + 4}: the disk went away"))
    assert parallel[at - 1][0] == f"corpus.jsonl#{DOCS_PER_BATCH + 2}"


def test_one_file_starts_no_workers(monkeypatch):
    def no_pool(self):
        raise AssertionError("a pool was started for one file")

    monkeypatch.setattr(ParallelRunner, "backend", no_pool)
    results = list(ParallelRunner(jobs=2).run([str(SEED)]))
    assert [r.path for r in results] == [str(SEED)] and results[0].findings


class _Future:
    def __init__(self, value, ready):
        self.value, self.ready = value, ready

    def done(self):
        return self.ready

    def result(self):
        return self.value


class _Backend:
    """A stand-in pool: every other item finishes early, the others late."""

    window = 3

    def __init__(self, ready=lambda n: n % 2 == 0):
        self.submitted = []
        self.ready = ready

    def submit(self, work):
        self.submitted.append(work)
        return _Future(([[t.display] for t in work.targets], False), self.ready(len(self.submitted)))


def _items():
    items = [FileBatch([Target(f"f{i}a", None, True), Target(f"f{i}b", None, True)]) for i in range(10)]
    items.insert(5, Done(["here"]))
    return items


def test_ordered_yields_in_submission_order_whatever_finishes_first():
    out = list(ParallelRunner(jobs=2).ordered(_Backend(), iter(_items())))
    assert out == [name for i in range(10) for name in ([f"f{i}a", f"f{i}b"] + (["here"] if i == 4 else []))]


def test_ordered_keeps_at_most_a_window_in_flight():
    backend = _Backend(ready=lambda n: False)
    results = ParallelRunner(jobs=2).ordered(backend, iter(_items()))
    assert next(results) == "f0a"
    assert len(backend.submitted) == backend.window + 1  # the first was taken out to make room
    assert list(results)[-1] == "f9b" and len(backend.submitted) == 10


def test_default_jobs_is_the_usable_cores():
    assert default_jobs() >= 1
    assert ParallelRunner().jobs == default_jobs()


def test_directories_are_walked_in_sorted_order_one_listing_at_a_time(tmp_path, monkeypatch):
    """An archive's file list is never held whole (memory stays flat), in the order of sorted paths."""
    import os

    from linter.runner import expand

    for name in ["b/z.txt", "a.txt", "a/b.txt", "a/c/d.md", "B.txt", "a-b/x.txt", ".hidden/x.txt",
                 "a/.x.txt", "node_modules/y.txt", "a/notes.pdf"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("Text.\n", encoding="utf-8")
    listed: list[str] = []
    scandir = os.scandir
    monkeypatch.setattr(os, "scandir", lambda folder: (listed.append(Path(folder).name), scandir(folder))[1])
    targets = expand([str(tmp_path)])
    assert next(targets).path == tmp_path / "B.txt" and listed == [tmp_path.name]
    rest = [t.path.relative_to(tmp_path).as_posix() for t in targets]
    assert rest == ["a/b.txt", "a/c/d.md", "a-b/x.txt", "a.txt", "b/z.txt"]
    walked = [tmp_path / "B.txt", *(tmp_path / r for r in rest)]
    assert walked == sorted(walked)
