"""``--jobs N``: lint in N processes; output identical to ``--jobs 1``, in the same order.

The parent walks the inputs in order and turns them into work items. A batch of files is read and
linted by a worker exactly as :meth:`Runner.lint_target` does it; the records of a streaming corpus
(JSONL) are read here and sent as documents, so one large corpus is spread too. What needs no
worker (a missing path, the cached results of an unchanged file, a read error) is answered here.
At most ``window`` items are in flight and results are handed on item by item in submission
order: the output does not depend on which worker finishes first, and memory stays bounded
however large the run.

:mod:`linter.dask_runner` sends the same items to a Dask cluster.
"""
from __future__ import annotations

import os
import pickle
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain, islice
from pathlib import Path

from linter.errors import CopydeskError, ReadError
from linter.readers import RecordError, format_for
from linter.runner import FileResult, Overrides, Runner, Target, _cacheable, expand

FILES_PER_BATCH = 8  # ~50-300 ms of work: worth a round trip, small enough to balance the load
DOCS_PER_BATCH = 16
WINDOW_PER_WORKER = 16  # items in flight per worker: slack for a slow batch at the head of the line


def default_jobs() -> int:
    """The cores this process may use (its CPU affinity, where the system tells)."""
    if hasattr(os, "process_cpu_count"):
        return os.process_cpu_count() or 1
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


@dataclass(frozen=True)
class RunnerSpec:
    """How to build, in another process, a runner that lints exactly as this one."""

    config: Path | None = None
    overrides: Overrides = field(default_factory=Overrides)
    stdin_filename: str | None = None
    keep_source: bool = False
    cache_root: Path | None = None  # None: no result cache in the worker

    @classmethod
    def of(cls, runner: Runner, *, cache: bool = True) -> "RunnerSpec":
        root = runner.cache.store.root if cache and runner.cache is not None else None
        return cls(runner._forced, runner.overrides, runner.stdin_filename, runner.keep_source, root)

    def build(self) -> Runner:
        from linter.cache import ResultCache

        cache = ResultCache(self.cache_root) if self.cache_root is not None else None
        return Runner(config=self.config, overrides=self.overrides, stdin_filename=self.stdin_filename,
                      keep_source=self.keep_source, cache=cache)


@dataclass
class FileBatch:
    """Files a worker reads and lints itself."""

    targets: list[Target]


@dataclass
class DocBatch:
    """Documents the parent read from one target: records of a corpus, or a whole file."""

    target: Target
    settings: object  # linter.config.Settings, as the parent resolved it
    docs: list  # Documents, and the results of broken records (already known here)
    serial: int  # which target: once its linting fails, the rest of it is dropped
    cache_key: str | None = None  # set when this batch is the whole target and may be cached


@dataclass
class Done:
    """Results the parent already has (``serial``: of a target whose documents went to workers)."""

    results: list[FileResult]
    serial: int | None = None

    def done(self) -> bool:
        return True

    def result(self) -> tuple[list[list[FileResult]], bool]:
        return [self.results], False


# ---- the worker side -------------------------------------------------------------------------

_worker: dict = {}


def init_worker(spec: RunnerSpec, runner: Runner | None = None) -> None:
    """Pool initializer: a forked worker keeps the parent's runner (and its compiled linters);
    a spawned one builds its own from the spec."""
    _worker.clear()
    _worker["spec"], _worker["runner"] = spec, runner if runner is not None else spec.build()


def lint_batch(spec: RunnerSpec, batch: FileBatch | DocBatch, pack=None) -> tuple[list[list[FileResult]], bool]:
    """Lint one item in a worker: the results of each target, and whether linting stopped on an
    error (a single process would drop the rest of that target too)."""
    if _worker.get("spec") != spec:
        init_worker(spec)
    runner = _worker["runner"]
    if isinstance(batch, FileBatch):
        return [list(runner.lint_target(target)) for target in batch.targets], False
    results: list[FileResult] = []
    target = batch.target
    try:  # the loop and the error handling of Runner.lint_target
        linter = _linter(runner, batch.settings, pack)
        for doc in batch.docs:
            results.append(doc if isinstance(doc, FileResult) else runner._result(doc, linter, target, batch.settings))
    except ReadError as exc:
        return [results + [FileResult(target.display, error=exc.located())]], True
    except CopydeskError as exc:
        return [results + [FileResult(target.display, error=str(exc))]], True
    except OSError as exc:
        return [results + [FileResult(target.display, error=f"cannot read: {exc.strerror or exc}")]], True
    return [results], False


def _linter(runner: Runner, settings, pack):
    """The linter for these settings: the runner's, or one built from a rule pack the parent
    shipped (a remote worker need not see the parent's rule files)."""
    if pack is None:
        return runner.linter_for(settings)
    from linter.engine import Linter

    linters = _worker.setdefault("shipped", {})
    key = repr(settings)
    if key not in linters:
        linters[key] = Linter(settings, pack=pack)
    return linters[key]


# ---- the parent side -------------------------------------------------------------------------

class ParallelRunner(Runner):
    """A :class:`Runner` whose ``run`` spreads the work over ``jobs`` processes."""

    ships_files = True  # workers read regular files themselves: they share our filesystem

    def __init__(self, *args, jobs: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.jobs = jobs or default_jobs()
        self._serial = 0
        self._dropped: set[int] = set()

    def run(self, inputs: Iterable[str]) -> Iterator[FileResult]:
        items = expand(inputs, self.stdin_filename, self._included)
        head = list(islice(items, 2))
        items = chain(head, items)
        if not self.spreads(head):
            yield from self.lint_items(items)
            return
        backend = self.backend()
        try:
            yield from self.ordered(backend, self.plan(items))
        finally:
            backend.close()

    def spreads(self, head: list) -> bool:
        """Whether to start workers: not for one file (a pre-commit hook), nor for ``--source``."""
        return self.jobs > 1 and len(head) > 1 and self.pair_source is None

    def backend(self):
        return LocalPool(self)

    def ordered(self, backend, items: Iterable) -> Iterator[FileResult]:
        """Submit items, at most ``backend.window`` in flight; yield results in submission order."""
        pending: deque = deque()
        for work in items:
            pending.append((work, work if isinstance(work, Done) else backend.submit(work)))
            while pending and (len(pending) > backend.window or pending[0][1].done()):
                yield from self._drain(*pending.popleft())
        while pending:
            yield from self._drain(*pending.popleft())

    def _drain(self, work, future) -> Iterator[FileResult]:
        per_target, stopped = future.result()
        if isinstance(work, (DocBatch, Done)) and work.serial in self._dropped:
            return  # linting this target already stopped on an error
        if isinstance(work, DocBatch):
            if stopped:
                self._dropped.add(work.serial)
            elif work.cache_key is not None and self.cache is not None:
                self.cache.put(work.cache_key, [pickle.dumps(r, pickle.HIGHEST_PROTOCOL) for r in per_target[0]])
        for results in per_target:
            yield from results

    def plan(self, items: Iterable[Target | FileResult]) -> Iterator:
        """Work items in input order: Done results, FileBatch and DocBatch."""
        files: list[Target] = []
        for item in items:
            here = self._here(item)
            if here is None:
                files.append(item)
                if len(files) >= FILES_PER_BATCH:
                    yield FileBatch(files)
                    files = []
                continue
            if files:
                yield FileBatch(files)
                files = []
            yield from here
        if files:
            yield FileBatch(files)

    def _here(self, item: Target | FileResult) -> Iterable | None:
        """Items to answer or read in this process, or None: a worker reads this file itself."""
        if isinstance(item, FileResult):
            return [Done([item])]
        fmt = format_for(Path(item.display).suffix or ".txt")
        if not self.ships_files or item.path is None or (fmt is not None and fmt.streaming):
            return self._read_here(item)
        cached = self.cached_results(item) if self.cache is not None else None
        return None if cached is None else [Done(cached)]

    def _read_here(self, target: Target) -> Iterator:
        """A target read in this process: its cached results, its documents, and its error."""
        self._serial += 1
        serial = self._serial
        batch: list = []
        settings = None
        try:
            opened = self.open_target(target)
            if opened is None:
                return
            if isinstance(opened, list):
                yield Done(opened)
                return
            settings, linter, documents, key = opened
            whole = True
            for doc in documents:
                if serial in self._dropped:
                    return
                if isinstance(doc, RecordError):  # already a result (and exceptions pickle badly)
                    doc = self._result(doc, linter, target, settings)
                batch.append(doc)
                if len(batch) >= DOCS_PER_BATCH:
                    yield DocBatch(target, settings, batch, serial)
                    batch, whole = [], False
            yield DocBatch(target, settings, batch, serial, key if whole and _cacheable(linter) else None)
            return
        except ReadError as exc:
            error = exc.located()
        except CopydeskError as exc:
            error = str(exc)
        except OSError as exc:
            error = f"cannot read: {exc.strerror or exc}"
        if batch:  # the documents read before the error are linted first, as in one process
            yield DocBatch(target, settings, batch, serial)
        yield Done([FileResult(target.display, error=error)], serial)

    def warm(self, work) -> None:
        """Build the linter the first item needs here, before workers fork: they inherit it."""
        target = work.targets[0] if isinstance(work, FileBatch) else work.target
        try:
            self.linter_for(self.settings_for(target))
        except CopydeskError:
            pass  # the worker reports it for the file, in order


class LocalPool:
    """A process pool, started at the first item; forked workers share the parent's linters."""

    def __init__(self, runner: ParallelRunner):
        self.runner = runner
        self.spec = RunnerSpec.of(runner)
        self.window = runner.jobs * WINDOW_PER_WORKER
        self.pool = None

    def submit(self, work):
        if self.pool is None:
            self.pool = self._start(work)
        return self.pool.submit(lint_batch, self.spec, work)

    def _start(self, first):
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        fork = "fork" in multiprocessing.get_all_start_methods() and sys.platform != "darwin"
        if not fork:
            return ProcessPoolExecutor(self.runner.jobs, initializer=init_worker, initargs=(self.spec,))
        self.runner.warm(first)
        return ProcessPoolExecutor(self.runner.jobs, mp_context=multiprocessing.get_context("fork"),
                                   initializer=init_worker, initargs=(self.spec, self.runner))

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
