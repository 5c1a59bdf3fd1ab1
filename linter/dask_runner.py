"""``--dask SCHEDULER``: lint an archive on a Dask cluster, results streamed back in input order.

This process walks the inputs, reads every file (so the cluster needs no access to it) and sends
documents in batches (:class:`linter.parallel.DocBatch`, up to 16 documents: never one task per
article). The rule pack is validated here and broadcast to the workers once, so house rules need
not exist on them either; a worker needs only copydesk installed. At most 16 batches per worker
thread are in flight, and results come back in submission order: the output is that of a local
run, written as it arrives. Unchanged files are answered from the local result cache.

``--dask local`` starts a ``distributed.LocalCluster`` (one single-threaded worker process per
``--jobs``); any other value is a scheduler address such as ``tcp://10.0.0.5:8786``. Dask is an
optional dependency (``pip install 'copydesk[dask]'``), imported only here.
"""
from __future__ import annotations

import logging

from linter.errors import CopydeskError
from linter.parallel import WINDOW_PER_WORKER, DocBatch, ParallelRunner, RunnerSpec, lint_batch

CONNECT_TIMEOUT = "30s"


class DaskRunner(ParallelRunner):
    """A runner whose work goes to a Dask cluster."""

    ships_files = False  # the workers need not see our files: this process reads, they lint

    def __init__(self, scheduler: str, *args, jobs: int | None = None, **kwargs):
        super().__init__(*args, jobs=jobs, **kwargs)
        self.scheduler = scheduler

    def spreads(self, head: list) -> bool:
        return self.pair_source is None  # --source: one file and its source text, linted here

    def backend(self):
        return DaskBackend(self)


def _distributed():
    try:
        import distributed
    except ImportError:
        raise CopydeskError("--dask needs Dask: pip install 'copydesk[dask]' (dask[distributed])") from None
    return distributed


class DaskBackend:
    """A Dask client (and, for ``local``, its cluster); submits batches with the broadcast pack."""

    def __init__(self, runner: DaskRunner):
        distributed = _distributed()
        self.cluster = None
        try:
            if runner.scheduler == "local":
                self.cluster = distributed.LocalCluster(n_workers=runner.jobs, threads_per_worker=1,
                                                        processes=True, dashboard_address=":0",
                                                        silence_logs=logging.ERROR)
                self.client = distributed.Client(self.cluster)
            else:
                self.client = distributed.Client(runner.scheduler, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError, ValueError) as exc:
            self.close()
            raise CopydeskError(f"--dask {runner.scheduler}: cannot reach the Dask scheduler ({exc}); "
                                "start one with `dask scheduler`, or use --dask local") from None
        threads = sum(self.client.nthreads().values()) or runner.jobs
        self.window = max(threads, 1) * WINDOW_PER_WORKER
        self.spec = RunnerSpec.of(runner, cache=False)  # the results are cached here, not there
        self._packs: dict = {}

    def submit(self, work: DocBatch):
        return self.client.submit(lint_batch, self.spec, work, self._pack(work.settings), pure=False)

    def _pack(self, settings):
        """The validated rule pack for these settings, sent to every worker once."""
        from linter.rulepack import load_rules

        dirs = settings.rule_dirs
        if dirs not in self._packs:
            self._packs[dirs] = self.client.scatter(load_rules(dirs), broadcast=True, hash=False)
        return self._packs[dirs]

    def close(self) -> None:
        client = getattr(self, "client", None)
        if client is not None:
            client.close()
        if self.cluster is not None:
            self.cluster.close()
