"""Hostile and odd input, contained: each document costs at most its time and memory limit,
gets its row and its code, and the rest of the batch is read.  Workers die with their run.
Every PDF here is built by the test (tests/hostile.py)."""
from __future__ import annotations

import csv
import json
import os
import re
import signal
import subprocess
import time
from pathlib import Path

import hostile
import pytest

from conftest import build, cli_command, run_cli, simple_doc
from pdfgen.synth import SynthRow
from pipeline.errors import ExitCode

QUICK = ("--no-reports", "--no-validate", "--no-second-reader", "-q")
MEMORY = "600"  # MB per worker in these tests (without the second reader the libraries need about 60 MB)


def rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def wrong_doc():
    return simple_doc(rows=[SynthRow("Besparelse", [-500, -1000, -1000]), SynthRow("Drift", [200, 400, 400]),
                            SynthRow("Samlet varig ændring", [-300, -700, -600], role="total")])


def children(pid: int) -> set[int]:
    """The live (not zombie) child processes of `pid`."""
    found = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found |= {int(c) for c in (task / "children").read_text().split()}
        except OSError:
            pass
    return {c for c in found if alive(c)}


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


def wait_for(condition, seconds: float):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    return condition()


# ---------------------------------------------------------------- hostile PDFs
def test_hostile_pdfs_cost_at_most_their_limits_and_the_rest_is_read(tmp_path):
    folder = tmp_path / "in"
    build(simple_doc(), folder / "good.pdf")
    build(wrong_doc(), tmp_path / "wrong.pdf")
    hostile.decompression_bomb(folder / "bomb.pdf")  # 1.5 MB that inflates to 1.5 GB
    hostile.huge_page_count(folder / "pages.pdf")  # 50 000 pages
    hostile.page_tree_loop(folder / "loop.pdf")
    hostile.deeply_nested(folder / "nested.pdf")  # an array nested 200 000 deep
    hostile.pathological_content(folder / "slow.pdf")  # three million text showings
    hostile.huge_media_box(tmp_path / "wrong.pdf", folder / "hugepage.pdf")  # a finding on a giant page
    # a limit the good documents keep even on a busy machine (what each hostile one costs is its
    # verdict, not a measure of the wall clock)
    timeout = 30
    proc = run_cli("run", folder, "--out", tmp_path / "out", "--timeout", timeout, "--memory-limit", MEMORY,
                   "--jobs", "2", "--no-validate", "--no-second-reader", "-q", timeout=900)
    assert proc.returncode == ExitCode.UNREADABLE, proc.stderr
    docs = {d["document"]: (d["status"], d["error"]) for d in rows(tmp_path / "out" / "documents.csv")}
    assert docs["good.pdf"] == ("ok", "")
    assert docs["hugepage.pdf"] == ("flagged", "")  # its picture could not be drawn; the report still is
    assert docs["bomb.pdf"] == ("error", "too-large")
    assert docs["pages.pdf"] == ("error", "too-large")
    # three million text showings: PDFium needs more than the memory cap, pdfplumber more than the time
    assert docs["slow.pdf"] in {("error", "too-large"), ("error", "timeout")}
    assert docs["loop.pdf"] in {("unchecked", ""), ("error", "corrupt")}
    assert docs["nested.pdf"] in {("unchecked", ""), ("error", "corrupt")}
    summary = json.loads((tmp_path / "out" / "summary.json").read_text())
    assert summary["worker_peak_mb"] <= int(MEMORY)  # no worker ever held more than its cap
    page = (tmp_path / "out" / "report" / "hugepage.pdf.html").read_text(encoding="utf-8")
    assert "Samlet varig ændring" in page
    # its picture, if drawn, is drawn at a bounded resolution: small, whatever the page's size
    pictures = re.findall(r"data:image/png;base64,([A-Za-z0-9+/=]+)", page)
    assert all(len(p) * 3 / 4 < 200_000 for p in pictures), [len(p) for p in pictures]


def test_a_worker_enforces_its_memory_cap(tmp_path):
    folder = tmp_path / "in"
    build(simple_doc(), folder / "good.pdf")
    build(simple_doc(title="Tabel 1. Et andet forslag"), folder / "greedy.pdf")  # other bytes: not a copy of good
    env = dict(os.environ, PIPELINE_FAULT_MEMORY="greedy.pdf")  # its worker allocates without end
    proc = run_cli("run", folder, "--out", tmp_path / "out", "--memory-limit", MEMORY, *QUICK, env=env)
    assert proc.returncode == ExitCode.UNREADABLE, proc.stderr
    docs = {d["document"]: (d["status"], d["error"]) for d in rows(tmp_path / "out" / "documents.csv")}
    assert docs == {"good.pdf": ("ok", ""), "greedy.pdf": ("error", "too-large")}
    assert "mere hukommelse end grænsen på 600 MB" in proc.stderr
    assert json.loads((tmp_path / "out" / "summary.json").read_text())["worker_peak_mb"] <= int(MEMORY)


def test_sizes_are_checked_before_hashing(tmp_path):
    folder = tmp_path / "in"
    build(simple_doc(), folder / "good.pdf")
    with open(folder / "huge.pdf", "wb") as f:  # 20 GB, sparse: nothing on disk, but 20 GB to read
        f.write(b"%PDF-1.7\n")
        f.truncate(20 * 1024 ** 3)
    proc = run_cli("run", folder, "--out", tmp_path / "out", *QUICK)
    assert proc.returncode == ExitCode.UNREADABLE
    docs = {d["document"]: d for d in rows(tmp_path / "out" / "documents.csv")}
    assert (docs["huge.pdf"]["status"], docs["huge.pdf"]["error"], docs["huge.pdf"]["sha256"]) == \
        ("error", "too-large", "")  # refused, never read whole
    assert "mere end grænsen på 210 MB" in proc.stderr


# ---------------------------------------------------------------- workers die with their run
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_workers_die_with_their_run(tmp_path, sig):
    folder = tmp_path / "in"
    build(simple_doc(), folder / "hangs.pdf")
    env = dict(os.environ, PIPELINE_FAULT_HANG="hangs.pdf")
    proc = subprocess.Popen(cli_command() + ["run", str(folder), "--out", str(tmp_path / "out"), "--timeout", "120",
                                             *QUICK], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        workers = wait_for(lambda: children(proc.pid), 60)
        assert workers, "no worker started"
        os.kill(proc.pid, sig)  # the run only, not its process group
        proc.wait(30)
        assert wait_for(lambda: not any(alive(w) for w in workers), 60), "a worker outlived its run"
    finally:
        proc.kill()
        proc.wait()


def test_a_worker_stops_itself_at_its_time_limit(tmp_path):
    """Even when its run cannot stop it (here: the run is frozen), a worker ends at its limit."""
    folder = tmp_path / "in"
    build(simple_doc(), folder / "hangs.pdf")
    env = dict(os.environ, PIPELINE_FAULT_HANG="hangs.pdf")
    proc = subprocess.Popen(cli_command() + ["run", str(folder), "--out", str(tmp_path / "out"), "--timeout", "2",
                                             *QUICK], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True)
    try:
        workers = wait_for(lambda: children(proc.pid), 60)
        assert workers
        os.kill(proc.pid, signal.SIGSTOP)
        assert wait_for(lambda: not any(alive(w) for w in workers), 60), "the worker outlived its time limit"
        os.kill(proc.pid, signal.SIGCONT)
        assert proc.wait(60) == ExitCode.UNREADABLE
        assert "hangs.pdf: KAN IKKE LÆSES (tog for lang tid)" in proc.stderr.read()
    finally:
        proc.kill()
        proc.wait()


# ---------------------------------------------------------------- every *.pdf entry, any name
def test_every_pdf_entry_gets_a_row_and_links_out_are_not_followed(tmp_path):
    folder, outside = tmp_path / "in", tmp_path / "outside"
    build(simple_doc(), folder / "good.pdf")
    build(wrong_doc(), outside / "secret.pdf")
    os.mkfifo(folder / "pipe.pdf")
    os.symlink(tmp_path / "nowhere.pdf", folder / "dangling.pdf")
    os.symlink(outside / "secret.pdf", folder / "escape.pdf")
    os.symlink(folder / "good.pdf", folder / "alias.pdf")  # inside the folder: read
    proc = run_cli("run", folder, "--out", tmp_path / "out", *QUICK)  # a FIFO opened would block: run_cli's guard
    assert proc.returncode == ExitCode.UNREADABLE, proc.stderr
    docs = {d["document"]: (d["status"], d["error"]) for d in rows(tmp_path / "out" / "documents.csv")}
    assert docs == {"alias.pdf": ("ok", ""), "dangling.pdf": ("error", "not-a-file"),
                    "escape.pdf": ("error", "not-a-file"), "good.pdf": ("ok", ""), "pipe.pdf": ("error", "not-a-file")}
    assert "Et link ud af inputmappen" in proc.stderr and "FIFO" in proc.stderr
    assert not [c for c in rows(tmp_path / "out" / "cells.csv") if c["document"] == "escape.pdf"]


def test_any_file_name_is_stored_safely(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    build(wrong_doc(), tmp_path / "wrong.pdf")
    data = (tmp_path / "wrong.pdf").read_bytes()
    names = {
        b"plan\xe6.pdf": "plan\\xe6.pdf",  # Latin-1 from an SMB share: not UTF-8
        b"budget\x07bell.pdf": "budget\\x07bell.pdf",  # a control character
        b"<img src=x onerror=alert(1)>.pdf": "<img src=x onerror=alert(1)>.pdf",
        ("a" * 240 + ".pdf").encode(): "a" * 240 + ".pdf",  # near the file system's limit of 255 bytes
    }
    for raw in names:
        with open(os.path.join(os.fsencode(folder), raw), "wb") as f:
            f.write(data)
    deep = folder / ("kapitel-" * 12) / ("underafsnit-" * 12)
    deep.mkdir(parents=True)
    (deep / ("b" * 200 + ".pdf")).write_bytes(data)
    (folder / "x").mkdir()
    (folder / "y").mkdir()
    (folder / "x" / ("c" * 230 + ".pdf")).write_bytes(data)  # the same long name in two folders
    (folder / "y" / ("c" * 230 + ".pdf")).write_bytes(data)
    out = tmp_path / "out"
    proc = run_cli("run", folder, "--out", out, "--no-second-reader", "-q")
    assert proc.returncode == ExitCode.FINDINGS, proc.stderr
    docs = rows(out / "documents.csv")
    assert len(docs) == 7 and all(d["status"] == "flagged" for d in docs)
    assert set(names.values()) <= {d["document"] for d in docs}
    assert "Validering: alle" in proc.stdout
    results = [json.loads(p.read_text(encoding="utf-8")) for p in (out / "docs").rglob("result.json")]
    assert sorted(r["document"] for r in results) == sorted(d["document"] for d in docs)  # none overwrote another
    from openpyxl import load_workbook

    sheet = load_workbook(out / "report.xlsx")["Dokumenter"]
    assert {c.value for c in sheet["A"]} >= set(names.values())
    index = (out / "report.html").read_text(encoding="utf-8")
    assert "<img src=x" not in index and "&lt;img src=x onerror=alert(1)&gt;.pdf" in index
    assert len(list((out / "report").glob("*.html"))) == 7
