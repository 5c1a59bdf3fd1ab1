"""--dask: the same findings from a Dask cluster (worker processes) as from a local run.

Needs the ``dask`` extra (``pip install -e '.[dask]'``); skipped, visibly, without it.
"""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

pytest.importorskip("distributed", reason="Dask is optional: pip install -e '.[dask]' to run these tests")

from linter.cli import app  # noqa: E402
from linter.dask_runner import DaskRunner  # noqa: E402
from linter.runner import Runner  # noqa: E402
from test_parallel import _corpus  # noqa: E402

cli = CliRunner()


@pytest.fixture(scope="module")
def cluster():
    import logging

    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0",
                      silence_logs=logging.ERROR) as local:
        yield local


@pytest.fixture
def corpus(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COPYDESK_CACHE_DIR", str(tmp_path / "cache"))
    _corpus(tmp_path)
    return ["articles", "missing.txt", "corpus.jsonl"]


def test_cluster_findings_equal_a_local_run(cluster, corpus):
    local = [r.to_dict() for r in Runner().run(corpus)]
    remote = [r.to_dict() for r in DaskRunner(cluster.scheduler_address).run(corpus)]
    assert remote == local
    assert sum(len(r["findings"]) for r in remote) > 20


def test_cli_dask_output_equals_local_output(cluster, corpus):
    local = cli.invoke(app, ["lint", *corpus, "--format", "json", "--jobs", "1", "--no-cache"])
    remote = cli.invoke(app, ["lint", *corpus, "--format", "json", "--dask", cluster.scheduler_address,
                              "--no-cache"])
    assert remote.exit_code == local.exit_code == 2
    assert remote.stdout == local.stdout
    assert json.loads(remote.stdout)["summary"]["files"] == len(json.loads(local.stdout)["files"])


def test_cluster_results_are_cached_locally(cluster, corpus, monkeypatch):
    first = cli.invoke(app, ["lint", "articles", "--format", "json", "--dask", cluster.scheduler_address])
    monkeypatch.setattr("linter.dask_runner.DaskBackend.submit",
                        lambda self, work: pytest.fail("an unchanged file was sent to the cluster"))
    again = cli.invoke(app, ["lint", "articles/a00.txt", "articles/a01.txt", "--format", "json",
                             "--dask", cluster.scheduler_address])
    assert again.exit_code == 1
    assert json.loads(again.stdout)["files"] == json.loads(first.stdout)["files"][:2]


def test_an_unreachable_scheduler_is_a_clear_error(corpus, monkeypatch):
    monkeypatch.setattr("linter.dask_runner.CONNECT_TIMEOUT", "1s")
    result = cli.invoke(app, ["lint", *corpus, "--dask", "tcp://127.0.0.1:9"])
    assert result.exit_code == 2
    assert result.stderr.startswith("copydesk: error: --dask tcp://127.0.0.1:9: cannot reach the Dask scheduler")
