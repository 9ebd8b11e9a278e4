"""`pipeline run --dask`: documents read on a real Dask cluster give the same contract files."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import run_cli
from pipeline.report.files import write_contract
from pipeline.run.batch import run_documents
from pipeline.run.discover import discover

pytest.importorskip("distributed")

CONTRACT = ("documents.csv", "cells.csv", "checks.csv", "findings.csv")


def _files(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in CONTRACT}


def test_a_local_cluster_of_two_workers_writes_the_same_files(sample_folder, tmp_path):
    plain, dask = tmp_path / "plain", tmp_path / "dask"
    quick = ("--no-validate", "--no-reports", "--no-second-reader")
    first = run_cli("run", sample_folder, "--out", plain, *quick)
    # one document hangs: the cluster stops it after --timeout, as a local run does, and reads the rest
    env = dict(os.environ, PIPELINE_FAULT_HANG="gruppetilbud.pdf")
    # (a limit the other documents keep even on a busy machine: only the hanging one can reach it)
    hung = run_cli("run", sample_folder, "--out", tmp_path / "hung", "--dask", "local", "--jobs", "2",
                   "--timeout", "30", *quick, env=env)
    second = run_cli("run", sample_folder, "--out", dask, "--dask", "local", "--jobs", "2", *quick)
    assert first.returncode == second.returncode == 3, second.stderr  # the bad inputs
    assert _files(dask) == _files(plain)
    assert "gruppetilbud.pdf: KAN IKKE LÆSES (tog for lang tid)" in hung.stderr
    rows = {r.split(",")[0]: r for r in (tmp_path / "hung" / "documents.csv").read_text(encoding="utf-8").splitlines()}
    want = {r.split(",")[0]: r for r in (plain / "documents.csv").read_text(encoding="utf-8").splitlines()}
    assert rows.pop("gruppetilbud.pdf").split(",")[3:5] == ["error", "timeout"]
    del want["gruppetilbud.pdf"]
    assert rows == want


def test_documents_go_to_remote_workers_as_bytes(sample_folder, tmp_path):
    """A scheduler address, as for `dask scheduler` and `dask worker` on other machines: the
    workers get each PDF's bytes, not its path, and give the same results."""
    from distributed import LocalCluster

    from pipeline.run import distributed

    items = discover(sample_folder)
    local = run_documents(items, jobs=2, second_reader=False)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        remote = distributed.run_documents(items, address=cluster.scheduler_address, second_reader=False, ship=True)
    assert [r.document for r in remote] == [i.name for i in items]
    write_contract(tmp_path / "local", local, "da")
    write_contract(tmp_path / "remote", remote, "da")
    assert _files(tmp_path / "remote") == _files(tmp_path / "local")


def test_no_scheduler_is_a_usage_error(sample_folder, monkeypatch):
    from pipeline.errors import ExitCode, UsageError
    from pipeline.run import distributed

    monkeypatch.setattr(distributed, "CONNECT_TIMEOUT", "1s")
    from pipeline.text.messages import error_of

    with pytest.raises(UsageError) as caught:
        distributed.run_documents(discover(sample_folder), address="tcp://127.0.0.1:9")
    assert caught.value.exit_code == ExitCode.USAGE
    assert "no Dask scheduler answers at tcp://127.0.0.1:9" in error_of(caught.value, "en")
