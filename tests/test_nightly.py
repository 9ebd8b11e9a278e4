"""The nightly check against a real SMTP server on loopback (aiosmtpd), and a real SQLite state."""
from __future__ import annotations

import dataclasses
import email
import os
import signal
import socket
import sqlite3
import subprocess
import time
from email import policy
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from pipeline.errors import ExitCode
from pdfgen.samples import FORLOEB, GRUPPETILBUD
from pdfgen.synth import build_pdf

from conftest import cli_command, run_cli



def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Inbox:
    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []
        self.logins: list[tuple[str, str]] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


class Server:
    def __init__(self, port: int, users: dict[str, str] | None = None):
        self.inbox = Inbox()
        self.port = port
        kwargs = {}
        if users is not None:
            def authenticate(server, session, envelope, mechanism, auth_data):
                ok = users.get(auth_data.login.decode()) == auth_data.password.decode()
                if ok:
                    self.inbox.logins.append((auth_data.login.decode(), mechanism))
                return AuthResult(success=ok)
            kwargs = dict(authenticator=authenticate, auth_require_tls=False)
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=port, **kwargs)

    def __enter__(self):
        self.controller.start()
        return self.inbox

    def __exit__(self, *exc):
        self.controller.stop()


def env_for(port: int, **extra) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIPELINE_")}
    env.update(PIPELINE_SMTP_HOST="127.0.0.1", PIPELINE_SMTP_PORT=str(port), PIPELINE_MAIL_TO="budget@example.org",
               PIPELINE_MAIL_FROM="checker@example.org")
    env.update(extra)
    return env


def nightly(folder: Path, out: Path, env: dict, *args) -> subprocess.CompletedProcess:
    return run_cli("nightly", folder, "--out", out, "--jobs", "1", *args, env=env)


def text_of(msg) -> str:
    return msg.get_body(preferencelist=("plain",)).get_content()


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
        first = nightly(folder, out, env_for(port))
        assert first.returncode == ExitCode.OK, first.stdout + first.stderr
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

        # nothing changed: nothing sent, nothing read again
        second = nightly(folder, out, env_for(port))
        assert second.returncode == ExitCode.OK and "0 read anew" in second.stdout
        assert len(inbox.messages) == 1

        # one proposal changes: only its changes are reported
        build_pdf(wrong_gruppetilbud(), folder / "gruppetilbud.pdf")
        third = nightly(folder, out, env_for(port))
        assert "1 read anew" in third.stdout
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
        assert "referat.pdf: not-pdf" in text_of(inbox.messages[3])
    # the contract files describe the whole folder, as `pipeline run` would write them
    assert len((out / "documents.csv").read_text().splitlines()) == 4
    db = sqlite3.connect(out / "state.sqlite")
    assert [s for (s,) in db.execute("SELECT status FROM deliveries")] == ["sent"] * 4


def test_server_down_then_up_sends_exactly_one_message_with_everything(folder, tmp_path):
    out, port = tmp_path / "out", free_port()
    down = nightly(folder, out, env_for(port))  # nobody listens on the port
    assert down.returncode == ExitCode.UNDELIVERED
    assert "NOT delivered" in down.stdout and "stays queued" in down.stdout
    build_pdf(wrong_gruppetilbud(), folder / "gruppetilbud.pdf")  # and something new meanwhile
    with Server(port) as inbox:
        up = nightly(folder, out, env_for(port))
        assert up.returncode == ExitCode.OK
        again = nightly(folder, out, env_for(port))
        assert again.returncode == ExitCode.OK
    assert len(inbox.messages) == 1
    body = text_of(inbox.messages[0])
    assert "forloebsprogram.pdf" in body and "gruppetilbud.pdf" in body


def test_killed_before_sending_then_exactly_one_message(folder, tmp_path):
    out, port = tmp_path / "out", free_port()
    with Server(port) as inbox:
        env = env_for(port, PIPELINE_FAULT_PAUSE_BEFORE_SEND="60", PYTHONUNBUFFERED="1")
        proc = subprocess.Popen(cli_command() + ["nightly", str(folder), "--out", str(out), "--jobs", "1"],
                                env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
        try:
            deadline = time.monotonic() + 120
            line = ""
            while "ready to send" not in line and time.monotonic() < deadline:
                line = proc.stdout.readline()
                assert line or proc.poll() is None, proc.stderr.read()
            assert "ready to send" in line
            # while it holds the lock, a second run stops at once
            busy = nightly(folder, out, env_for(port))
            assert busy.returncode == ExitCode.BUSY and "another nightly run is in progress" in busy.stderr
        finally:
            os.killpg(proc.pid, signal.SIGKILL)  # killed between processing and sending
            proc.wait()
        assert inbox.messages == []
        after = nightly(folder, out, env_for(port))  # the stale lock is no obstacle
        assert after.returncode == ExitCode.OK, after.stdout + after.stderr
        assert "0 read anew" in after.stdout  # the killed run's results were kept
        nightly(folder, out, env_for(port))
    assert len(inbox.messages) == 1


def test_without_smtp_the_message_goes_to_the_outbox(folder, tmp_path):
    out = tmp_path / "out"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIPELINE_")}
    proc = nightly(folder, out, env, "--lang", "en")
    assert proc.returncode == ExitCode.OK
    (eml,) = list((out / "outbox").glob("*.eml"))
    msg = email.message_from_bytes(eml.read_bytes(), policy=policy.default)
    assert msg["Subject"].endswith("4 new or changed findings, 0 fixed")
    assert "New findings" in text_of(msg)
    assert nightly(folder, out, env).returncode == ExitCode.OK
    assert len(list((out / "outbox").glob("*.eml"))) == 1


def test_password_comes_only_from_the_environment_and_is_never_printed(folder, tmp_path):
    out, port = tmp_path / "out", free_port()
    config = tmp_path / "nightly.toml"
    config.write_text('[mail]\nto = ["budget@example.org"]\nfrom = "checker@example.org"\n'
                      f'[smtp]\nhost = "127.0.0.1"\nport = {port}\nusername = "checker"\npassword = "x"\n', encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIPELINE_")}
    refused = run_cli("nightly", folder, "--out", out, "--config", config, env=env)
    assert refused.returncode == ExitCode.USAGE and "PIPELINE_SMTP_PASSWORD" in refused.stderr
    config.write_text(config.read_text(encoding="utf-8").replace('password = "x"\n', ""), encoding="utf-8")
    secret = "hemmeligt-kodeord-42"
    with Server(port, users={"checker": secret}) as inbox:
        test = run_cli("nightly", "--out", out, "--config", config, "--send-test-email",
                       env=dict(env, PIPELINE_SMTP_PASSWORD=secret))
        assert test.returncode == ExitCode.OK, test.stdout + test.stderr
        assert "as checker" in test.stdout and "delivered" in test.stdout
        wrong = run_cli("nightly", folder, "--out", out, "--config", config, env=dict(env, PIPELINE_SMTP_PASSWORD="forkert"))
        assert wrong.returncode == ExitCode.UNDELIVERED
        good = run_cli("nightly", folder, "--out", out, "--config", config, env=dict(env, PIPELINE_SMTP_PASSWORD=secret))
        assert good.returncode == ExitCode.OK
    assert [m["Subject"] for m in inbox.messages][0].endswith("Testbesked fra budgetkontrollen")
    assert len(inbox.messages) == 2 and inbox.logins[0][0] == "checker"
    for proc in (test, wrong, good):
        assert secret not in proc.stdout + proc.stderr and "forkert" not in proc.stdout + proc.stderr
