"""Issue 19, items 2 and 3: the output folder is the run's own only when it carries the run's
mark; pruning removes only what a set's own run.json lists, inside the set; nothing the run
writes or removes in its folder goes through a link.  Real runs in subprocesses, real files."""
from __future__ import annotations

import json
import os
import sqlite3
import stat
from pathlib import Path

import pytest

from conftest import build, run_cli, simple_doc
from pdfgen.synth import SynthRow
from pipeline.errors import EnvironmentFailure, ExitCode
from pipeline.notify.state import State
from pipeline.run.outputs import remove_set

QUICK = ("--no-reports", "--no-validate", "--no-second-reader", "-q", "--lang", "en", "--jobs", "1")


def snapshot(folder: Path) -> dict[str, tuple]:
    return {p.relative_to(folder).as_posix(): (p.is_symlink(), p.is_dir() or p.read_bytes())
            for p in sorted(folder.rglob("*"))}


def outbox_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("PIPELINE_")}


@pytest.fixture
def folder(tmp_path) -> Path:
    f = tmp_path / "in"
    build(simple_doc(), f / "ok.pdf")
    return f


def test_a_users_folder_holding_runs_is_refused_and_keeps_every_file(folder, tmp_path):
    out = tmp_path / "mine"
    for month in ("2024-01", "2024-02", "2024-03"):
        (out / "runs" / month).mkdir(parents=True)
        (out / "runs" / month / "results.csv").write_text(f"my results of {month}\n")
        (out / "runs" / month / "run.json").write_text(json.dumps(
            {"run": month, "files": {"results.csv": {}, "../../beside.txt": {}}}))
    (tmp_path / "beside.txt").write_text("beside the output folder")
    before, beside = snapshot(out), snapshot(tmp_path / "in")
    proc = run_cli("run", folder, "--out", out, *QUICK)
    assert proc.returncode == ExitCode.USAGE, proc.stderr
    assert "holds files this program did not write" in proc.stderr
    assert snapshot(out) == before and snapshot(tmp_path / "in") == beside
    assert (tmp_path / "beside.txt").read_text() == "beside the output folder"


def test_a_folder_with_a_link_for_its_mark_is_not_taken_for_the_runs_own(folder, tmp_path):
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    out.mkdir()
    elsewhere.write_text("{}")
    (out / ".pipeline-output").symlink_to(elsewhere)
    (out / "notes.txt").write_text("mine")
    proc = run_cli("run", folder, "--out", out, *QUICK)
    assert proc.returncode == ExitCode.ENVIRONMENT, proc.stderr
    assert f"{out / '.pipeline-output'} is a link" in proc.stderr
    assert (out / "notes.txt").read_text() == "mine" and elsewhere.read_text() == "{}"


def _set(runs: Path, name: str, files: dict[str, str], listed: list[str], run: str | None = None) -> Path:
    folder = runs / name
    for rel, text in files.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_text(text)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "run.json").write_text(json.dumps({"run": name if run is None else run,
                                                 "files": {rel: {} for rel in listed}}))
    return folder


def test_pruning_removes_only_listed_files_inside_the_set_and_never_through_a_link(tmp_path):
    runs, user = tmp_path / "out" / "runs", tmp_path / "user"
    (user / "ok.pdf").mkdir(parents=True)
    (user / "ok.pdf" / "result.json").write_text("the user's")
    runs.mkdir(parents=True)
    (tmp_path / "out" / "beside.txt").write_text("beside")
    (tmp_path / "abs.txt").write_text("absolute")
    old = _set(runs, "20240101T000000Z-a", {"documents.csv": "x", "extra.txt": "someone's"},
               ["documents.csv", "../../beside.txt", "../../../abs.txt", os.fspath(tmp_path / "abs.txt"),
                "docs/ok.pdf/result.json", "docs/../../../beside.txt"])
    (old / "docs").symlink_to(user, target_is_directory=True)  # a link inside the set: not followed
    assert remove_set(old) is False  # extra.txt and the link stay, so does the folder
    assert not (old / "documents.csv").exists() and not (old / "run.json").exists()
    assert (old / "extra.txt").read_text() == "someone's" and (old / "docs").is_symlink()
    assert (user / "ok.pdf" / "result.json").read_text() == "the user's"
    assert (tmp_path / "out" / "beside.txt").read_text() == "beside" and (tmp_path / "abs.txt").is_file()
    # a run.json that is not the set's own (it names another run) removes nothing
    other = _set(runs, "20240102T000000Z-b", {"documents.csv": "y"}, ["documents.csv"], run="20240101T000000Z-z")
    assert remove_set(other) is False and (other / "documents.csv").read_text() == "y"
    # a set that is a link is not entered
    target = _set(tmp_path / "linked", "20240103T000000Z-c", {"documents.csv": "z"}, ["documents.csv"])
    (runs / "20240103T000000Z-c").symlink_to(target, target_is_directory=True)
    assert remove_set(runs / "20240103T000000Z-c") is False and (target / "documents.csv").read_text() == "z"
    # the set's own files, listed: removed with their folders
    mine = _set(runs, "20240104T000000Z-d", {"documents.csv": "1", "docs/a.pdf/result.json": "2"},
                ["documents.csv", "docs/a.pdf/result.json"])
    assert remove_set(mine) is True and not mine.exists()


def test_a_set_whose_docs_became_a_link_is_pruned_without_touching_the_target(folder, tmp_path):
    out, user = tmp_path / "out", tmp_path / "user"
    assert run_cli("run", folder, "--out", out, *QUICK).returncode == ExitCode.OK
    (first,) = [p for p in (out / "runs").iterdir() if (p / "run.json").is_file()]
    (user / "ok.pdf").mkdir(parents=True)
    for name in json.loads((first / "run.json").read_text())["files"]:
        if name.startswith("docs/ok.pdf/"):
            (user / "ok.pdf" / name.split("/", 2)[2]).parent.mkdir(parents=True, exist_ok=True)
            (user / "ok.pdf" / name.split("/", 2)[2]).write_text("the user's own")
    (first / "docs").rename(tmp_path / "set-docs")
    (first / "docs").symlink_to(user, target_is_directory=True)
    before = snapshot(user)
    assert before
    for _ in range(2):  # the first set is pruned by the second run after it
        assert run_cli("run", folder, "--out", out, *QUICK).returncode == ExitCode.OK
    assert not (first / "run.json").exists()  # it was pruned ...
    assert snapshot(user) == before  # ... and the folder the link points to lost nothing


def test_a_link_for_the_nightly_lock_is_an_error_and_its_target_is_untouched(folder, tmp_path):
    out, victim = tmp_path / "out", tmp_path / "precious.txt"
    first = run_cli("nightly", folder, "--out", out, *QUICK, "--outbox", out / "outbox", env=outbox_env())
    assert first.returncode == ExitCode.OK, first.stderr
    victim.write_text("do not truncate me")
    (out / "nightly.lock").unlink()
    (out / "nightly.lock").symlink_to(victim)
    proc = run_cli("nightly", folder, "--out", out, *QUICK, "--outbox", out / "outbox", env=outbox_env())
    assert proc.returncode == ExitCode.ENVIRONMENT, proc.stdout + proc.stderr
    assert f"{out / 'nightly.lock'} is a link" in proc.stderr
    assert victim.read_text() == "do not truncate me"


def test_a_link_for_the_state_database_is_an_error_and_its_target_is_untouched(folder, tmp_path):
    out, theirs = tmp_path / "out", tmp_path / "theirs.sqlite"
    first = run_cli("nightly", folder, "--out", out, *QUICK, "--outbox", out / "outbox", env=outbox_env())
    assert first.returncode == ExitCode.OK, first.stderr
    db = sqlite3.connect(theirs)
    db.execute("CREATE TABLE mine(x)")
    db.commit()
    db.close()
    before = theirs.read_bytes()
    for name in ("state.sqlite", "state.sqlite-wal", "state.sqlite-shm"):
        (out / name).unlink(missing_ok=True)
    (out / "state.sqlite").symlink_to(theirs)
    proc = run_cli("nightly", folder, "--out", out, *QUICK, "--outbox", out / "outbox", env=outbox_env())
    assert proc.returncode == ExitCode.ENVIRONMENT, proc.stdout + proc.stderr
    assert f"{out / 'state.sqlite'} is a link" in proc.stderr
    assert theirs.read_bytes() == before
    # the same at the level of the state itself, for the database's companions too
    (out / "state.sqlite").unlink()
    (out / "state.sqlite-wal").symlink_to(tmp_path / "wal")
    with pytest.raises(EnvironmentFailure) as caught:
        State(out / "state.sqlite")
    assert caught.value.params["path"] == os.fspath(out / "state.sqlite-wal")
    assert not (tmp_path / "wal").exists()


def test_a_link_for_the_outbox_is_an_error_and_its_target_gets_nothing(tmp_path):
    folder, out, user = tmp_path / "in", tmp_path / "out", tmp_path / "user"
    build(simple_doc(), folder / "ok.pdf")
    build(simple_doc(rows=[SynthRow("Drift", [200, 400, 400]), SynthRow("Løn", [100, 100, 100]),
                           SynthRow("Samlet varig ændring", [300, 600, 600], role="total")]), folder / "wrong.pdf")
    assert run_cli("run", folder, "--out", out, *QUICK).returncode == ExitCode.FINDINGS  # marked, no state yet
    user.mkdir()
    (out / "outbox").symlink_to(user, target_is_directory=True)
    proc = run_cli("nightly", folder, "--out", out, *QUICK, "--outbox", out / "outbox", env=outbox_env())
    assert proc.returncode == ExitCode.ENVIRONMENT, proc.stdout + proc.stderr
    assert f"{out / 'outbox'} is a link" in proc.stderr
    assert list(user.iterdir()) == []


def test_the_state_database_is_for_the_runs_user_only(tmp_path):
    state = State(tmp_path / "state.sqlite")
    state.close()
    for name in ("state.sqlite", "state.sqlite-wal", "state.sqlite-shm"):
        path = tmp_path / name
        if path.exists():
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, name
    # an older database, 0644, is made private when opened
    os.chmod(tmp_path / "state.sqlite", 0o644)
    State(tmp_path / "state.sqlite").close()
    assert stat.S_IMODE((tmp_path / "state.sqlite").stat().st_mode) == 0o600


def test_a_link_for_runs_is_an_error_and_its_target_is_untouched(folder, tmp_path):
    out, user = tmp_path / "out", tmp_path / "user"
    assert run_cli("run", folder, "--out", out, *QUICK).returncode == ExitCode.OK
    (out / "runs").rename(tmp_path / "old-runs")
    user.mkdir()
    (user / "keep.txt").write_text("mine")
    (out / "runs").symlink_to(user, target_is_directory=True)
    proc = run_cli("run", folder, "--out", out, *QUICK)
    assert proc.returncode == ExitCode.ENVIRONMENT, proc.stderr
    assert f"{out / 'runs'} is a link" in proc.stderr
    assert snapshot(user) == {"keep.txt": (False, b"mine")}
