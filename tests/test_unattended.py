"""Runs nobody watches: exit codes that never lie, one clear line per failure, an output
folder that is the run's own and is replaced as a whole.  Real subprocesses, real files."""
from __future__ import annotations

import csv
import json
import os
import resource
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from conftest import build, cli_command, run_cli, simple_doc
from pdfgen.synth import SynthRow
from pipeline.errors import ExitCode

QUICK = ("--no-reports", "--no-validate", "--no-second-reader", "-q", "--lang", "en")  # Danish: test_cli


def rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def wrong_doc():
    return simple_doc(rows=[SynthRow("Besparelse", [-500, -1000, -1000]), SynthRow("Drift", [200, 400, 400]),
                            SynthRow("Samlet varig ændring", [-300, -700, -600], role="total")])


@pytest.fixture
def folder(tmp_path) -> Path:
    f = tmp_path / "in"
    build(simple_doc(), f / "ok.pdf")
    build(wrong_doc(), f / "wrong.pdf")
    return f


def one_line_error(proc) -> str:
    """The run failed with exactly one line on standard error and no traceback."""
    assert "Traceback" not in proc.stderr, proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, proc.stderr
    return lines[0]


def snapshot(folder: Path) -> dict[str, tuple]:
    return {p.relative_to(folder).as_posix(): (p.is_symlink(), p.is_dir() or p.read_bytes())
            for p in sorted(folder.rglob("*"))}


# ---------------------------------------------------------------- exit codes and options
def test_output_folder_that_is_a_file_is_bad_usage_not_a_crash(folder, tmp_path):
    (tmp_path / "a-file").write_text("x")
    proc = run_cli("run", folder, "--out", tmp_path / "a-file", *QUICK)
    assert proc.returncode == ExitCode.USAGE
    assert "is a file, not a folder" in one_line_error(proc)
    assert (tmp_path / "a-file").read_text() == "x"


@pytest.mark.parametrize("option", [("--jobs", "0"), ("--jobs", "-3"), ("--timeout", "0"), ("--timeout", "-1"),
                                    ("--timeout-per-page", "-1"),
                                    ("--memory-limit", "10")])
def test_bad_option_values_are_refused(folder, tmp_path, option):
    proc = run_cli("run", folder, "--out", tmp_path / "out", *QUICK, *option)
    assert proc.returncode == ExitCode.USAGE
    assert option[0] in one_line_error(proc)
    assert not (tmp_path / "out").exists()  # refused before anything was written


def test_an_empty_input_folder_is_an_error_unless_allowed(tmp_path):
    empty = tmp_path / "mnt"
    empty.mkdir()
    (empty / "readme.txt").write_text("no proposals here")
    proc = run_cli("run", empty, "--out", tmp_path / "out", *QUICK)
    assert proc.returncode == ExitCode.USAGE
    assert "no PDF in" in one_line_error(proc)
    allowed = run_cli("run", empty, "--out", tmp_path / "out", *QUICK, "--allow-empty")
    assert allowed.returncode == ExitCode.OK, allowed.stderr
    assert rows(tmp_path / "out" / "documents.csv") == []


def test_a_bug_in_a_stage_is_the_error_internal_for_that_document_only(folder, tmp_path):
    env = dict(os.environ, PIPELINE_FAULT_CRASH="ok.pdf")  # this document's stages raise
    proc = run_cli("run", folder, "--out", tmp_path / "out", "--no-reports", "--no-second-reader", env=env)
    assert proc.returncode == ExitCode.UNREADABLE, proc.stderr
    docs = {d["document"]: d for d in rows(tmp_path / "out" / "documents.csv")}
    assert (docs["ok.pdf"]["status"], docs["ok.pdf"]["error"]) == ("error", "internal")
    assert docs["wrong.pdf"]["status"] == "flagged"  # the rest of the batch was read
    result = json.loads((tmp_path / "out" / "docs" / "ok.pdf" / "result.json").read_text(encoding="utf-8"))
    assert "Traceback" in result["traceback"] and "injected fault" in result["traceback"]
    assert "ok.pdf: KAN IKKE LÆSES (intern fejl) En fejl i programmet under læsningen (RuntimeError" in proc.stderr
    assert "Validering: alle" in proc.stdout  # `internal` is a valid error code


def test_an_unexpected_exception_exits_4_with_one_line_and_the_traceback_with_v(folder, tmp_path):
    env = dict(os.environ, PIPELINE_FAULT_RAISE="written")
    proc = run_cli("run", folder, "--out", tmp_path / "out", *QUICK, env=env)
    assert proc.returncode == ExitCode.INTERNAL
    line = one_line_error(proc)
    assert "internal error: RuntimeError: injected fault" in line and "-v" in line
    verbose = run_cli("run", folder, "--out", tmp_path / "out", *QUICK, "-v", env=env)
    assert verbose.returncode == ExitCode.INTERNAL
    assert "Traceback (most recent call last)" in verbose.stderr


# ---------------------------------------------------------------- the output folder is the run's own
def test_an_output_folder_holding_the_input_is_refused_and_untouched(folder, tmp_path):
    (folder / "report").mkdir()
    (folder / "report" / "minutes.html").write_text("<p>our minutes</p>")
    (folder / "docs").mkdir()
    build(simple_doc(), folder / "docs" / "plan.pdf")
    before = snapshot(folder)
    same = run_cli("run", folder, "--out", folder, *QUICK)
    assert same.returncode == ExitCode.USAGE and "is the input folder" in one_line_error(same)
    inner = run_cli("run", folder / "docs", "--out", folder, *QUICK)
    assert inner.returncode == ExitCode.USAGE and "contains the input folder" in one_line_error(inner)
    assert snapshot(folder) == before  # nothing deleted, renamed or moved


def test_a_folder_holding_files_the_run_did_not_write_is_refused(folder, tmp_path):
    out = tmp_path / "shared"
    (out / "report").mkdir(parents=True)
    (out / "report" / "budget.html").write_text("<p>someone's page</p>")
    (out / "notes.txt").write_text("mine")
    before = snapshot(out)
    proc = run_cli("run", folder, "--out", out, *QUICK)
    assert proc.returncode == ExitCode.USAGE
    assert "holds files this program did not write" in one_line_error(proc)
    assert snapshot(out) == before


def test_files_put_into_an_output_folder_later_are_never_deleted(folder, tmp_path):
    out = tmp_path / "out"
    assert run_cli("run", folder, "--out", out, *QUICK).returncode == ExitCode.FINDINGS
    assert (out / ".pipeline-output").is_file()  # the marker: this folder is the run's own
    mine = out / "my-notes.txt"
    mine.write_text("keep me")
    inside = out / "current" / "docs" / "ok.pdf" / "comment.txt"  # inside a set the run wrote
    inside.write_text("and me")
    for _ in range(3):  # the set holding comment.txt is pruned after two more runs
        assert run_cli("run", folder, "--out", out, *QUICK).returncode == ExitCode.FINDINGS
    assert mine.read_text() == "keep me"
    assert [p.read_text() for p in (out / "runs").rglob("comment.txt")] == ["and me"]
    assert len([p for p in (out / "runs").iterdir() if (p / "run.json").is_file()]) == 2  # older sets removed


def test_files_respect_the_umask(folder, tmp_path):
    for umask, want_file, want_dir in ((0o022, 0o644, 0o755), (0o002, 0o664, 0o775)):
        out = tmp_path / f"out{umask:o}"
        proc = subprocess.run(cli_command() + ["run", str(folder), "--out", str(out), "--no-validate",
                                               "--no-second-reader", "-q"], capture_output=True, text=True,
                              preexec_fn=lambda m=umask: os.umask(m), timeout=300)
        assert proc.returncode == ExitCode.FINDINGS, proc.stderr
        for path in [out / "documents.csv", out / "report.html", out / "report.xlsx",
                     out / "docs" / "ok.pdf" / "result.json", out / "summary.json"]:
            assert stat.S_IMODE(path.stat().st_mode) == want_file, path
        for path in [out / "docs", out / "docs" / "ok.pdf", out / "report"]:
            assert stat.S_IMODE(path.stat().st_mode) == want_dir, path


def test_the_files_of_a_run_are_replaced_as_one_set(folder, tmp_path):
    out = tmp_path / "out"
    assert run_cli("run", folder, "--out", out, *QUICK).returncode == ExitCode.FINDINGS
    old = {name: (out / name).read_bytes() for name in ("documents.csv", "cells.csv", "checks.csv", "findings.csv")}
    build(wrong_doc(), folder / "another.pdf")
    env = dict(os.environ, PIPELINE_FAULT_PAUSE="switching", PYTHONUNBUFFERED="1")
    proc = subprocess.Popen(cli_command() + ["run", str(folder), "--out", str(out), *QUICK], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert "fault-pause: switching" in proc.stdout.readline()
        # the new set is written in full; readers still see the old one, whole
        assert {name: (out / name).read_bytes() for name in old} == old
    finally:
        proc.kill()  # killed just before the switch
        proc.wait()
    assert {name: (out / name).read_bytes() for name in old} == old
    valid = run_cli("validate", out)
    assert valid.returncode == ExitCode.OK, valid.stdout
    assert run_cli("run", folder, "--out", out, *QUICK).returncode == ExitCode.FINDINGS
    assert [d["document"] for d in rows(out / "documents.csv")] == ["another.pdf", "ok.pdf", "wrong.pdf"]
    assert not list((out / "runs").glob(".incomplete-*"))  # the killed run's half set is gone


def test_validate_tells_when_the_contract_files_are_not_from_one_run(folder, tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    run_cli("run", folder, "--out", first, *QUICK)
    (folder / "wrong.pdf").unlink()
    run_cli("run", folder, "--out", second, *QUICK)
    mixed = tmp_path / "mixed"
    shutil.copytree(first, mixed, symlinks=True)
    (mixed / "documents.csv").unlink()
    shutil.copy(second / "documents.csv", mixed / "documents.csv")  # a new documents.csv beside old files
    proc = run_cli("validate", mixed, "--lang", "en")
    assert proc.returncode == ExitCode.INVALID
    assert "do not describe one run" in proc.stdout
    assert "documents.csv is not the file its run wrote" in proc.stdout
    assert "findings.csv has rows of documents documents.csv does not list (wrong.pdf)" in proc.stdout


# ---------------------------------------------------------------- the environment fails
def test_a_full_disk_is_one_line_and_exit_8_and_the_last_set_stays(folder, tmp_path):
    out = tmp_path / "out"
    assert run_cli("run", folder, "--out", out, *QUICK).returncode == ExitCode.FINDINGS
    before = (out / "documents.csv").read_bytes()
    build(wrong_doc(), folder / "third.pdf")

    def small_disk():  # every file this process writes may hold 2 kB: as a disk that fills up
        resource.setrlimit(resource.RLIMIT_FSIZE, (2048, 2048))

    proc = subprocess.run(cli_command() + ["run", str(folder), "--out", str(out), *QUICK], capture_output=True,
                          text=True, preexec_fn=small_disk, timeout=300)
    assert proc.returncode == ExitCode.ENVIRONMENT
    line = one_line_error(proc)
    assert "could not write the results" in line and "File too large" in line
    assert (out / "documents.csv").read_bytes() == before
    assert not list((out / "runs").glob(".incomplete-*"))


def _without_file_override():
    """Root reads and writes anywhere: drop the capabilities that let it (from the bounding set,
    so the command run next has them no more), so a folder's mode bites as for any user."""
    if os.geteuid() != 0:
        return
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    PR_CAPBSET_DROP = 24
    for capability in (1, 2, 3):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER
        if libc.prctl(PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
            os._exit(99)


def test_a_read_only_output_folder_is_one_line_and_exit_8(folder, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    os.chmod(out, 0o555)
    try:
        proc = subprocess.run(cli_command() + ["run", str(folder), "--out", str(out), *QUICK],
                              capture_output=True, text=True, preexec_fn=_without_file_override, timeout=300)
        if proc.returncode == 99:
            pytest.skip("cannot drop root's capabilities here")
        assert proc.returncode == ExitCode.ENVIRONMENT, proc.stderr
        assert "Permission denied" in one_line_error(proc)
    finally:
        os.chmod(out, 0o755)


def test_a_damaged_state_database_is_one_line_and_exit_8(folder, tmp_path):
    out = tmp_path / "out"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIPELINE_")}
    first = run_cli("nightly", folder, "--out", out, "--outbox", out / "outbox", *QUICK, env=env)
    assert first.returncode == ExitCode.FINDINGS
    (out / "state.sqlite").write_bytes(b"this is not a database" * 100)
    for suffix in ("-wal", "-shm"):
        Path(f"{out / 'state.sqlite'}{suffix}").unlink(missing_ok=True)
    proc = run_cli("nightly", folder, "--out", out, "--outbox", out / "outbox", *QUICK, env=env)
    assert proc.returncode == ExitCode.ENVIRONMENT
    line = one_line_error(proc)
    assert "state.sqlite cannot be used" in line and "move it away" in line
