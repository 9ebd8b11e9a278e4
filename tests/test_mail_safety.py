"""Issue 19, item 5 (delivery): the e-mail's findings CSV, made for Excel, never carries a
formula; a server's reply is never shown or stored with the AUTH data in it; the state that
holds replies is for the run's user only; workers that parse PDFs start without secrets.
A real SMTP server on loopback, real runs in subprocesses."""
from __future__ import annotations

import base64
import csv
import dataclasses
import io
import os
import re
import sqlite3
import stat
import subprocess
import sys

from mailserver import Server, free_port, make_certificate

from conftest import run_cli
from pdfgen.samples import FORLOEB
from pdfgen.synth import build_pdf
from pipeline.errors import ExitCode

QUICK = ("--no-validate", "--no-second-reader", "--jobs", "1")
HOSTILE = '=HYPERLINK("javascript:alert(1)","x").pdf'


def clean_env(**extra) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIPELINE_")}
    env.update(extra)
    return env


def smtp_env(port: int, **extra) -> dict[str, str]:
    return clean_env(PIPELINE_SMTP_HOST="127.0.0.1", PIPELINE_SMTP_PORT=str(port),
                     PIPELINE_MAIL_TO="budget@example.org", PIPELINE_MAIL_FROM="checker@example.org", **extra)


def test_the_mails_findings_csv_never_carries_a_formula_and_keeps_negative_figures(tmp_path):
    folder, out, port = tmp_path / "in", tmp_path / "out", free_port()
    build_pdf(dataclasses.replace(FORLOEB, title="@SUM(1+1)*cmd|' /C calc'!A0"), folder / HOSTILE)
    with Server(port) as inbox:
        proc = run_cli("nightly", folder, "--out", out, *QUICK, env=smtp_env(port, PIPELINE_SMTP_SECURITY="none"))
    assert proc.returncode == ExitCode.FINDINGS, proc.stdout + proc.stderr
    (msg,) = inbox.messages
    attached = next(p for p in msg.walk() if p.get_filename() == "fund.csv").get_content()
    rows = list(csv.reader(io.StringIO(attached.lstrip("\ufeff")), delimiter=";"))  # Danish Excel's dialect
    head, body = rows[0], rows[1:]
    assert body
    formula = ("=", "+", "-", "@", "\t", "\r")
    for row in body:
        cells = dict(zip(head, row, strict=True))
        assert cells["dokument"] == "'" + HOSTILE
        assert cells["forslagets titel"] == "'@SUM(1+1)*cmd|' /C calc'!A0"
        for name, cell in cells.items():  # figures stay figures; no text begins like a formula
            assert not cell.startswith(formula) or re.fullmatch(r"-\d+(,\d+)?", cell), (name, cell)
    stated = [dict(zip(head, row, strict=True))["opgjort"] for row in body]
    assert "-8800" in stated  # a negative figure is not spoiled
    # the contract files stay exact data
    with open(out / "findings.csv", encoding="utf-8", newline="") as f:
        assert {r["document"] for r in csv.DictReader(f)} == {HOSTILE}


def test_a_server_quoting_the_auth_data_in_its_refusal_never_shows_it_and_the_state_is_private(tmp_path):
    folder, out, port = tmp_path / "in", tmp_path / "out", free_port()
    build_pdf(FORLOEB, folder / "forloebsprogram.pdf")
    cert, key = make_certificate(tmp_path / "tls")
    secret = "Æbleskiver-på-Ålborg"
    blob = base64.b64encode(b"\0kontrol\0" + secret.encode()).decode("ascii")
    env = smtp_env(port, PIPELINE_SMTP_USER="kontrol", PIPELINE_SMTP_PASSWORD=secret, PIPELINE_SMTP_CA_FILE=str(cert))
    with Server(port, users={"kontrol": "another password"}, tls=(cert, key), quote_auth=True) as inbox:
        proc = run_cli("nightly", folder, "--out", out, *QUICK, env=env)
    assert proc.returncode == ExitCode.UNDELIVERED, proc.stdout + proc.stderr
    assert inbox.messages == [] and "535" in proc.stdout + proc.stderr
    shown = proc.stdout + proc.stderr
    assert blob not in shown and blob[:12] not in shown and secret not in shown
    details = [d for (d,) in sqlite3.connect(out / "state.sqlite").execute("SELECT detail FROM attempts")]
    assert details and all(blob[:12] not in d and "535" in d for d in details), details
    for name in ("state.sqlite", "state.sqlite-wal", "state.sqlite-shm"):
        if (out / name).exists():
            assert stat.S_IMODE((out / name).stat().st_mode) == 0o600, name


WORKER = """
import os, sys
from pipeline.isolation import call_isolated

def look():
    with open("/proc/self/environ", "rb") as f:
        raw = f.read()
    return sorted(n for n in ("PIPELINE_SMTP_PASSWORD", "BACKUP_SECRET", "HOME") if n in os.environ), raw

names, raw = call_isolated(look)
with open(f"/proc/{os.getpid()}/environ", "rb") as f:
    parent = f.read()
print(names, b"s3cret-pw" in raw, b"s3cret-bk" in raw, b"s3cret-pw" in parent)
"""


def test_a_worker_that_parses_pdfs_starts_without_the_environments_secrets(tmp_path):
    env = clean_env(PIPELINE_SMTP_PASSWORD="s3cret-pw", BACKUP_SECRET="s3cret-bk", HOME=str(tmp_path))
    proc = subprocess.run([sys.executable, "-c", WORKER], capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    # gone from the worker's environment and from what /proc shows of it; the run itself still has them
    assert proc.stdout.split() == ["['HOME']", "False", "False", "True"], proc.stdout


def test_the_mails_findings_csv_opens_as_numbers_in_the_run_languages_excel():
    """Danish Excel splits a CSV at semicolons and reads `4,823` as a number (a file with commas
    and `4.823` opens as one column and a wrong figure); English Excel the other way round."""
    from decimal import Decimal

    from pipeline.model import Check, Kind
    from pipeline.notify.changes import Change
    from pipeline.notify.message import _findings_csv

    f = Check(Kind.COLUMN_TOTAL, "plan.pdf", 0, "p1-t1", 2, 5, "Total projektbudget", "2027", Decimal("4.823"),
              Decimal("4.8"), Decimal("0.0005"), "mio. kr.", decimals=3)
    rows = [Change("new", "k", "plan.pdf", "finding", "", f)]
    da, en = _findings_csv(rows, "da", {}), _findings_csv(rows, "en", {})
    [head, row] = list(csv.reader(io.StringIO(da), delimiter=";"))
    cells = dict(zip(head, row, strict=True))
    assert (cells["opgjort"], cells["genberegnet"], cells["forskel"]) == ("4,823", "4,8", "0,023")
    assert da.endswith("\r\n") and ";" in da.splitlines()[0]
    [head, row] = list(csv.reader(io.StringIO(en)))
    assert dict(zip(head, row, strict=True))["stated"] == "4.823"
