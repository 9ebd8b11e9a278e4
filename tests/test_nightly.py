"""The nightly check against a real SMTP server on loopback (aiosmtpd), and a real SQLite state."""
from __future__ import annotations

import dataclasses
import email
import os
import signal
import sqlite3
import subprocess
import time
from email import policy
from pathlib import Path

import pytest

from pipeline.errors import ExitCode
from pdfgen.samples import FORLOEB, GRUPPETILBUD
from pdfgen.synth import build_pdf

from conftest import cli_command, run_cli
from mailserver import Server, env_for, free_port, make_certificate, text_of


def nightly(folder: Path, out: Path, env: dict, *args, validate: bool = False) -> subprocess.CompletedProcess:
    quick = () if validate else ("--no-validate",)  # validation is tested once, in the first test
    return run_cli("nightly", folder, "--out", out, "--jobs", "1", "--no-second-reader", *quick, *args, env=env)


def wrong_gruppetilbud():
    table = GRUPPETILBUD.blocks[0]
    rows = [dataclasses.replace(r, values=[-250, -700, -900, -1000]) if r.label == "Samlet ændring (Netto)" else r
            for r in table.rows]
    return dataclasses.replace(GRUPPETILBUD, blocks=[dataclasses.replace(table, rows=rows)] + GRUPPETILBUD.blocks[1:])


def corrected_forloeb():
    table = next(b for b in FORLOEB.blocks if hasattr(b, "rows"))
    rows = [dataclasses.replace(r, values=[2725, 5447, -562, -6885, -10480, -11960])
            if r.label == "Samlet økonomisk påvirkning" else r for r in table.rows]
    blocks = [dataclasses.replace(b, rows=rows) if b is table else b for b in FORLOEB.blocks]
    return dataclasses.replace(FORLOEB, blocks=blocks)


@pytest.fixture
def folder(tmp_path):
    f = tmp_path / "in"
    build_pdf(FORLOEB, f / "forloebsprogram.pdf")
    build_pdf(GRUPPETILBUD, f / "gruppetilbud.pdf")
    return f


def test_sends_once_then_only_what_changed(folder, tmp_path):
    out, port = tmp_path / "out", free_port()
    with Server(port) as inbox:
        first = nightly(folder, out, env_for(port), validate=True)
        assert first.returncode == ExitCode.FINDINGS, first.stdout + first.stderr  # as `pipeline run`: flagged
        assert (out / "validation.json").is_file()
        assert len(inbox.messages) == 1
        msg = inbox.messages[0]
        assert msg["To"] == "budget@example.org" and msg["Subject"].startswith("[Budgetkontrol] 4 nye")
        assert msg.get_body(preferencelist=("html",)) is not None and msg.get_body(preferencelist=("plain",)) is not None
        parts = [(p.get_content_type(), p.get_filename()) for p in msg.walk()]
        assert ("text/csv", "fund.csv") in parts
        assert ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "rapport.xlsx") in parts
        images = [p for p in msg.walk() if p.get_content_type() == "image/png"]
        assert len(images) == 1 and all(p.get_content()[:4] == b"\x89PNG" for p in images)  # one per table
        html = msg.get_body(preferencelist=("html",)).get_content()
        assert all(f"cid:{p['Content-ID'].strip('<>')}" in html for p in images)
        assert "forloebsprogram.pdf" in text_of(msg) and "-8.800" in text_of(msg)
        # each finding names its proposal by title and number from 1, and its table as people count it
        title = "Forløbsprogram for unge på midlertidigt botilbud"
        assert f"  - forloebsprogram.pdf, Forslag 1: {title}, tabel 1: Samlet økonomisk påvirkning 2030" in text_of(msg)
        assert f"Forslag 1: {title}, tabel 1" in html and "p1-t1" not in text_of(msg) + html
        attached = next(p for p in msg.walk() if p.get_filename() == "fund.csv").get_content()
        # for Danish Excel: UTF-8 with a byte-order mark, semicolons, decimal comma, CRLF
        assert attached.startswith("\ufeffdokument;forslag;forslagets titel;tabel;side;række;")
        assert f"forloebsprogram.pdf;1;{title};1;1;Samlet økonomisk påvirkning;2030;-8800;-10480;1680;" in attached

        # nothing changed: nothing sent, nothing read again
        second = nightly(folder, out, env_for(port))
        assert second.returncode == ExitCode.FINDINGS and "0 læst på ny" in second.stdout
        assert len(inbox.messages) == 1

        # one proposal changes: only its changes are reported
        build_pdf(wrong_gruppetilbud(), folder / "gruppetilbud.pdf")
        third = nightly(folder, out, env_for(port))
        assert "1 læst på ny" in third.stdout
        assert len(inbox.messages) == 2
        body = text_of(inbox.messages[1])
        assert "gruppetilbud.pdf" in body and "forloebsprogram.pdf" not in body and "2028" in body

        # a proposal is corrected: its findings are reported as gone
        build_pdf(corrected_forloeb(), folder / "forloebsprogram.pdf")
        nightly(folder, out, env_for(port))
        assert len(inbox.messages) == 3
        body = text_of(inbox.messages[2])
        assert "Rettet siden sidste rapport" in body and "Samlet økonomisk påvirkning 2030" in body
        assert "Nye fund" not in body

        # a file turns unreadable: reported once
        (folder / "referat.pdf").write_text("ikke en pdf", encoding="utf-8")
        nightly(folder, out, env_for(port))
        nightly(folder, out, env_for(port))
        assert len(inbox.messages) == 4
        assert "referat.pdf: ikke en PDF: Filen er ikke en PDF" in text_of(inbox.messages[3])
    # the contract files describe the whole folder, as `pipeline run` would write them
    assert len((out / "documents.csv").read_text().splitlines()) == 4
    db = sqlite3.connect(out / "state.sqlite")
    assert [s for (s,) in db.execute("SELECT status FROM attempts")] == ["sent"] * 4


def test_server_down_then_up_sends_exactly_one_message_with_everything(folder, tmp_path):
    out, port = tmp_path / "out", free_port()
    down = nightly(folder, out, env_for(port))  # nobody listens on the port
    assert down.returncode == ExitCode.UNDELIVERED
    assert "IKKE leveret" in down.stdout and "bliver i køen" in down.stdout
    build_pdf(wrong_gruppetilbud(), folder / "gruppetilbud.pdf")  # and something new meanwhile
    with Server(port) as inbox:
        up = nightly(folder, out, env_for(port))
        assert up.returncode == ExitCode.FINDINGS
        again = nightly(folder, out, env_for(port))
        assert again.returncode == ExitCode.FINDINGS
    assert len(inbox.messages) == 1
    body = text_of(inbox.messages[0])
    assert "forloebsprogram.pdf" in body and "gruppetilbud.pdf" in body


def test_killed_before_sending_then_exactly_one_message(folder, tmp_path):
    out, port = tmp_path / "out", free_port()
    with Server(port) as inbox:
        env = env_for(port, PIPELINE_FAULT_PAUSE="sending", PYTHONUNBUFFERED="1")
        proc = subprocess.Popen(cli_command() + ["nightly", str(folder), "--out", str(out), "--jobs", "1",
                                                 "--no-second-reader", "--no-validate"],
                                env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
        try:
            deadline = time.monotonic() + 120
            line = ""
            while "fault-pause: sending" not in line and time.monotonic() < deadline:
                line = proc.stdout.readline()
                assert line or proc.poll() is None, proc.stderr.read()
            assert "fault-pause: sending" in line
            # while it holds the lock, a second run stops at once
            busy = nightly(folder, out, env_for(port))
            assert busy.returncode == ExitCode.BUSY and "en anden natlig kørsel er i gang" in busy.stderr
        finally:
            os.killpg(proc.pid, signal.SIGKILL)  # killed between processing and sending
            proc.wait()
        assert inbox.messages == []
        after = nightly(folder, out, env_for(port))  # the stale lock is no obstacle
        assert after.returncode == ExitCode.FINDINGS, after.stdout + after.stderr
        assert "0 læst på ny" in after.stdout  # the killed run's results were kept
        nightly(folder, out, env_for(port))
    assert len(inbox.messages) == 1


def test_without_smtp_nightly_is_refused_unless_an_outbox_is_asked_for(folder, tmp_path):
    out = tmp_path / "out"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIPELINE_")}
    # a cron line that lacks its settings: refused before anything is read, not "delivered" to no one
    for lang, words in (("da", "ingen SMTP-server angivet"), ("en", "no SMTP server configured")):
        refused = nightly(folder, out, env, "--lang", lang)
        assert refused.returncode == ExitCode.USAGE, refused.stdout + refused.stderr
        assert words in refused.stderr and "--outbox" in refused.stderr and "Traceback" not in refused.stderr
        assert not out.exists() and refused.stdout == ""
    # asked for: the message is written to the outbox and said to be written there, never delivered
    outbox = tmp_path / "udbakke"
    proc = nightly(folder, out, env, "--lang", "en", "--outbox", outbox)
    assert proc.returncode == ExitCode.FINDINGS, proc.stdout + proc.stderr
    (eml,) = list(outbox.glob("*.eml"))
    assert f"put in the outbox, NOT sent to anyone: {eml}" in proc.stdout and "delivered" not in proc.stdout
    msg = email.message_from_bytes(eml.read_bytes(), policy=policy.default)
    assert msg["Subject"].endswith("4 new or changed findings, 0 fixed")
    assert "New findings" in text_of(msg)
    again = nightly(folder, out, env, "--outbox", outbox)
    assert again.returncode == ExitCode.FINDINGS and "leveret" not in again.stdout
    assert len(list(outbox.glob("*.eml"))) == 1
    # --outbox also when a server is set: written, not sent
    port = free_port()
    with Server(port) as inbox:
        elsewhere = tmp_path / "udbakke2"
        fresh = nightly(folder, tmp_path / "out2", env_for(port), "--outbox", elsewhere)
    assert fresh.returncode == ExitCode.FINDINGS, fresh.stdout + fresh.stderr
    assert inbox.messages == [] and len(list(elsewhere.glob("*.eml"))) == 1
    assert "lagt i udbakken, IKKE sendt til nogen" in fresh.stdout


def test_password_comes_only_from_the_environment_and_is_never_printed(folder, tmp_path):
    out, port = tmp_path / "out", free_port()
    cert, key = make_certificate(tmp_path / "tls")
    config = tmp_path / "nightly.toml"
    config.write_text('[mail]\nto = ["budget@example.org"]\nfrom = "checker@example.org"\n'
                      f'[smtp]\nhost = "127.0.0.1"\nport = {port}\nusername = "checker"\nca_file = "{cert}"\n'
                      'password = "x"\n', encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIPELINE_")}
    refused = run_cli("nightly", folder, "--out", out, "--config", config, env=env)
    assert refused.returncode == ExitCode.USAGE and "PIPELINE_SMTP_PASSWORD" in refused.stderr
    config.write_text(config.read_text(encoding="utf-8").replace('password = "x"\n', ""), encoding="utf-8")
    secret = "hemmeligt-kodeord-42"
    with Server(port, users={"checker": secret}, tls=(cert, key)) as inbox:  # STARTTLS, the default
        test = run_cli("nightly", "--out", out, "--config", config, "--send-test-email",
                       env=dict(env, PIPELINE_SMTP_PASSWORD=secret))
        assert test.returncode == ExitCode.OK, test.stdout + test.stderr
        assert "som checker" in test.stdout and "(starttls)" in test.stdout and "leveret" in test.stdout
        wrong = run_cli("nightly", folder, "--out", out, "--config", config, "--no-validate",
                        env=dict(env, PIPELINE_SMTP_PASSWORD="forkert"))
        assert wrong.returncode == ExitCode.UNDELIVERED
        good = run_cli("nightly", folder, "--out", out, "--config", config, "--no-validate",
                       env=dict(env, PIPELINE_SMTP_PASSWORD=secret))
        assert good.returncode == ExitCode.FINDINGS, good.stdout + good.stderr
    assert [m["Subject"] for m in inbox.messages][0].endswith("Testbesked fra budgetkontrollen")
    assert len(inbox.messages) == 2 and inbox.logins[0][0] == "checker"
    for proc in (test, wrong, good):
        assert secret not in proc.stdout + proc.stderr and "forkert" not in proc.stdout + proc.stderr
