"""Fault injection: `pipeline nightly` killed with SIGKILL at each step; the next run sends
exactly one message with everything and loses no row.  And a batch of 300 PDFs with every
kind of hostile input still gives one row per file and its e-mail."""
from __future__ import annotations

import csv
import dataclasses
import os
import signal
import subprocess
import time
from pathlib import Path

import hostile
import pytest
from mailserver import Server, env_for, free_port, text_of
from test_hostile import alive, children, wait_for

from conftest import build, cli_command, run_cli, simple_doc
from pdfgen.samples import FORLOEB, GRUPPETILBUD
from pdfgen.synth import build_pdf
from pipeline.errors import ExitCode


def rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def wrong_gruppetilbud():
    table = GRUPPETILBUD.blocks[0]
    changed = [dataclasses.replace(r, values=[-250, -700, -900, -1000]) if r.label == "Samlet ændring (Netto)" else r
               for r in table.rows]
    return dataclasses.replace(GRUPPETILBUD,
                               blocks=[dataclasses.replace(table, rows=changed)] + GRUPPETILBUD.blocks[1:])


@pytest.mark.parametrize("step", ["reading", "written", "sending", "accepted"])
def test_killed_at_any_step_the_next_run_sends_one_message_with_everything(tmp_path, step):
    folder, out, port = tmp_path / "in", tmp_path / "out", free_port()
    build_pdf(FORLOEB, folder / "forloebsprogram.pdf")
    build_pdf(wrong_gruppetilbud(), folder / "gruppetilbud.pdf")
    (folder / "referat.pdf").write_text("ikke en pdf", encoding="utf-8")
    quick = ["--no-validate", "--no-second-reader", "--jobs", "2"]
    with Server(port) as inbox:
        env = env_for(port, PIPELINE_FAULT_PAUSE=step, PYTHONUNBUFFERED="1")
        proc = subprocess.Popen(cli_command() + ["nightly", str(folder), "--out", str(out), *quick], env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        try:
            deadline, line = time.monotonic() + 120, ""
            while f"fault-pause: {step}" not in line and time.monotonic() < deadline:
                line = proc.stdout.readline()
                assert line or proc.poll() is None, f"the run ended before the step {step}"
            workers = children(proc.pid)
        finally:
            proc.send_signal(signal.SIGKILL)  # the run, not its process group
            proc.wait()
        assert wait_for(lambda: not any(alive(w) for w in workers), 10), "a worker outlived the run"
        assert len(inbox.messages) == (1 if step == "accepted" else 0)
        after = run_cli("nightly", folder, "--out", out, *quick, env=env_for(port))
        assert after.returncode == ExitCode.UNREADABLE, after.stdout + after.stderr  # the lock was no obstacle
        again = run_cli("nightly", folder, "--out", out, *quick, env=env_for(port))
        assert "Intet nyt at rapportere." in again.stdout
    # exactly one message: re-sent once with the same Message-ID when the kill came after acceptance
    assert len({m["Message-ID"] for m in inbox.messages}) == 1
    assert len(inbox.messages) == (2 if step == "accepted" else 1)
    body = text_of(inbox.messages[-1])
    for text in ("forloebsprogram.pdf", "-8.800", "gruppetilbud.pdf", "referat.pdf: ikke en PDF"):
        assert text in body, text
    assert inbox.messages[-1]["Subject"].endswith("5 nye eller ændrede fund, 0 rettet")
    assert sorted(d["document"] for d in rows(out / "documents.csv")) == \
        ["forloebsprogram.pdf", "gruppetilbud.pdf", "referat.pdf"]


@pytest.mark.slow
def test_300_pdfs_with_every_hostile_input_give_one_row_each_and_the_e_mail(tmp_path):
    folder, out, port = tmp_path / "in", tmp_path / "out", free_port()
    build(simple_doc(), tmp_path / "template.pdf")
    template = (tmp_path / "template.pdf").read_bytes()
    for i in range(291):  # each file its own bytes: a comment after the end
        sub = folder / f"udvalg-{i % 7}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"forslag-{i:03d}.pdf").write_bytes(template + b"%% copy %d\n" % i)
    build_pdf(FORLOEB, folder / "forloebsprogram.pdf")  # the findings
    hostile.decompression_bomb(folder / "bomb.pdf")
    hostile.huge_page_count(folder / "pages.pdf")
    hostile.page_tree_loop(folder / "loop.pdf")
    hostile.deeply_nested(folder / "nested.pdf")
    hostile.pathological_content(folder / "slow.pdf")
    (folder / "hang.pdf").write_bytes(template + b"%% hangs\n")  # its worker hangs (fault injection)
    os.mkfifo(folder / "pipe.pdf")
    (folder / "notes.pdf").write_text("ikke en pdf", encoding="utf-8")
    with Server(port) as inbox:
        proc = run_cli("nightly", folder, "--out", out, "--no-second-reader", "--jobs", "2", "--timeout", "60",
                       "--memory-limit", "600", "-q", env=env_for(port, PIPELINE_FAULT_HANG="hang.pdf"), timeout=600)
    assert proc.returncode == ExitCode.UNREADABLE, proc.stdout + proc.stderr
    docs = {d["document"]: d for d in rows(out / "documents.csv")}
    assert len(docs) == 300
    assert sum(d["status"] == "ok" for d in docs.values()) == 291
    assert {k: docs[k]["error"] for k in ("bomb.pdf", "pages.pdf", "hang.pdf", "pipe.pdf", "notes.pdf")} == {
        "bomb.pdf": "too-large", "pages.pdf": "too-large", "hang.pdf": "timeout", "pipe.pdf": "not-a-file",
        "notes.pdf": "not-pdf"}
    # three million text showings: PDFium needs more than the memory cap, pdfplumber more than the time
    assert docs["slow.pdf"]["error"] in {"too-large", "timeout"}
    (msg,) = inbox.messages
    body = text_of(msg)
    for name in ("forloebsprogram.pdf", "bomb.pdf: for stor: ",
                 "hang.pdf: tog for lang tid: Læsningen tog mere end 60 s",
                 "pipe.pdf: ikke en almindelig fil: En navngiven pipe (FIFO)"):
        assert name in body, name
