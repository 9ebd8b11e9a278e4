"""Settings checked, and the e-mail delivered whatever the server says: a real SMTP server on
loopback (aiosmtpd) that refuses a recipient (550), refuses for now (451), limits the size
(552) or speaks only STARTTLS."""
from __future__ import annotations

import email
import os
from email import policy
from pathlib import Path

import pytest
from mailserver import Server, env_for, free_port, make_certificate, text_of

from conftest import run_cli
from pdfgen.samples import FORLOEB, GRUPPETILBUD
from pdfgen.synth import build_pdf
from pipeline.errors import ExitCode

QUICK = ("--no-validate", "--no-second-reader", "--jobs", "1")


@pytest.fixture
def folder(tmp_path) -> Path:
    f = tmp_path / "in"
    build_pdf(FORLOEB, f / "forloebsprogram.pdf")
    build_pdf(GRUPPETILBUD, f / "gruppetilbud.pdf")
    return f


def nightly(folder: Path, out: Path, env: dict, *args):
    return run_cli("nightly", folder, "--out", out, *QUICK, *args, env=env)


def clean_env(**extra) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIPELINE_")}
    env.update(extra)
    return env


# ---------------------------------------------------------------- settings
@pytest.mark.parametrize("text, named", [
    ('[smtp]\nhots = "smtp.example.org"\n', "unknown setting smtp.hots in"),
    ('[smtp]\nhost = "smtp.example.org"\nport = "587"\n', "smtp.port in"),
    ('[mail]\nto = "budget@example.org"\n', "mail.to in"),
    ('[mial]\nto = ["budget@example.org"]\n', "unknown section [mial] in"),
    ('[smtp]\nhost = "smtp.example.org"\nsecurity = "none"\nusername = "checker"\n[mail]\nto = ["a@example.org"]\n',
     "the password would cross the network in clear"),
])
def test_settings_are_checked_naming_the_key_and_the_file(folder, tmp_path, text, named):
    config = tmp_path / "budgetkontrol.toml"
    config.write_text(text, encoding="utf-8")
    proc = run_cli("nightly", folder, "--out", tmp_path / "out", "--config", config, "--lang", "en", env=clean_env())
    assert proc.returncode == ExitCode.USAGE
    assert named in proc.stderr and (str(config) in proc.stderr or "network" in named), proc.stderr
    assert not (tmp_path / "out").exists()


def test_an_unknown_setting_in_the_environment_is_an_error(folder, tmp_path):
    proc = run_cli("nightly", folder, "--out", tmp_path / "out", env=clean_env(PIPELINE_SMTP_HOTS="smtp.example.org"))
    assert proc.returncode == ExitCode.USAGE and "PIPELINE_SMTP_HOTS" in proc.stderr


def test_a_test_message_without_an_smtp_host_is_not_sent(tmp_path):
    proc = run_cli("nightly", "--out", tmp_path / "out", "--send-test-email", env=clean_env())
    assert proc.returncode != ExitCode.OK
    assert "ikke sendt: ingen SMTP-server angivet" in proc.stdout
    assert "leveret" not in proc.stdout


# ---------------------------------------------------------------- transport security
def test_starttls_is_the_default_and_a_server_without_it_gets_nothing(folder, tmp_path):
    port = free_port()
    env = clean_env(PIPELINE_SMTP_HOST="127.0.0.1", PIPELINE_SMTP_PORT=str(port), PIPELINE_MAIL_TO="budget@example.org")
    with Server(port) as inbox:  # plain SMTP only
        proc = nightly(folder, tmp_path / "out", env)
    assert proc.returncode == ExitCode.UNDELIVERED
    assert "does not offer STARTTLS" in proc.stdout
    assert inbox.messages == [] and inbox.tried == []


def test_a_password_with_any_characters_logs_in_over_starttls(folder, tmp_path):
    port = free_port()
    cert, key = make_certificate(tmp_path / "tls")
    secret = "Æbleskiver-på-Ålborg-€-ß"
    env = clean_env(PIPELINE_SMTP_HOST="127.0.0.1", PIPELINE_SMTP_PORT=str(port), PIPELINE_MAIL_TO="budget@example.org",
                    PIPELINE_SMTP_USER="kontrol", PIPELINE_SMTP_PASSWORD=secret, PIPELINE_SMTP_CA_FILE=str(cert))
    with Server(port, users={"kontrol": secret}, tls=(cert, key)) as inbox:
        proc = nightly(folder, tmp_path / "out", env)
    assert proc.returncode == ExitCode.FINDINGS, proc.stdout + proc.stderr
    assert inbox.logins == [("kontrol", "PLAIN")] and len(inbox.messages) == 1
    assert secret not in proc.stdout + proc.stderr


# ---------------------------------------------------------------- each recipient, each answer
def test_a_refused_recipient_is_reported_and_the_others_get_exactly_one_copy(folder, tmp_path):
    out, port = tmp_path / "out", free_port()
    env = env_for(port, PIPELINE_MAIL_TO="budget@example.org,gone@example.org")
    with Server(port, refuse={"gone@example.org"}) as inbox:
        first = nightly(folder, out, env)
        second = nightly(folder, out, env)
        third = nightly(folder, out, env)
    assert first.returncode == ExitCode.UNDELIVERED
    assert "IKKE leveret til gone@example.org: afvist for godt (550" in first.stdout
    assert "leveret (budget@example.org" in first.stdout
    for later in (second, third):  # not retried forever, and not counted as a failure again
        assert later.returncode == ExitCode.FINDINGS, later.stdout
        assert "gone@example.org har afvist denne rapport for godt" in later.stdout
    assert [rcpts for _, rcpts in inbox.envelopes] == [["budget@example.org"]]
    # something new: the next report goes to everyone again (the address may have been fixed)
    build_pdf(FORLOEB, folder / "kopi.pdf")
    with Server(port, refuse={"gone@example.org"}) as inbox:
        fourth = nightly(folder, out, env)
    assert fourth.returncode == ExitCode.UNDELIVERED
    body = text_of(inbox.messages[0])
    assert "kopi.pdf" in body and "forloebsprogram.pdf" not in body  # budget@ knew the rest already


def test_one_message_id_per_report_across_retries(folder, tmp_path):
    out, port = tmp_path / "out", free_port()
    with Server(port, busy=2) as inbox:  # "451 try again later", twice, then accepted
        codes = [nightly(folder, out, env_for(port)).returncode for _ in range(4)]
    assert codes == [ExitCode.UNDELIVERED, ExitCode.UNDELIVERED, ExitCode.FINDINGS, ExitCode.FINDINGS]
    assert len(inbox.tried) == 3 and len(set(inbox.tried)) == 1  # the same message each time
    assert len(inbox.messages) == 1


def test_the_message_is_made_to_fit_the_servers_size_limit(folder, tmp_path):
    out, port = tmp_path / "out", free_port()
    with Server(port, size_limit=20_000) as inbox:  # announces SIZE 20000, answers 552 above it
        proc = nightly(folder, out, env_for(port))
    assert proc.returncode == ExitCode.FINDINGS, proc.stdout
    (msg,) = inbox.messages
    assert len(msg.as_bytes(policy=policy.SMTP)) <= 20_000
    body = text_of(msg)
    assert "forloebsprogram.pdf" in body and "-8.800" in body  # the findings are all there
    assert "Excel-rapporten er ikke vedhæftet" in body and "Billederne af tallene er udeladt" in body
    assert not [p for p in msg.walk()
                if p.get_content_type().startswith("image/") or p.get_filename() == "rapport.xlsx"]


def test_max_message_bytes_bounds_the_message(folder, tmp_path):
    out = tmp_path / "out"
    config = tmp_path / "k.toml"
    config.write_text("[mail]\nmax_message_bytes = 30000\n", encoding="utf-8")
    proc = run_cli("nightly", folder, "--out", out, "--outbox", out / "outbox", "--config", config, *QUICK,
                   env=clean_env())
    assert proc.returncode == ExitCode.FINDINGS, proc.stdout + proc.stderr
    (eml,) = (out / "outbox").glob("*.eml")
    assert eml.stat().st_size <= 30000
    msg = email.message_from_bytes(eml.read_bytes(), policy=policy.default)
    assert "Samlet økonomisk påvirkning" in text_of(msg)
    parts = [p.get_content_type() for p in msg.walk()]  # the pictures went, the workbook fitted
    assert "image/png" not in parts and "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" in parts


def test_header_fields_never_carry_a_line_break(folder, tmp_path):
    out, port = tmp_path / "out", free_port()
    env = env_for(port, PIPELINE_MAIL_SUBJECT_PREFIX="[Budget]\r\nBcc: spy@example.org")
    with Server(port) as inbox:
        proc = nightly(folder, out, env)
    assert proc.returncode == ExitCode.FINDINGS, proc.stdout + proc.stderr
    (msg,) = inbox.messages
    assert msg["Bcc"] is None and msg["Subject"].startswith("[Budget] Bcc: spy@example.org 4 nye")
    assert inbox.envelopes == [("checker@example.org", ["budget@example.org"])]


def test_file_names_are_escaped_in_the_e_mail(tmp_path):
    folder, out, port = tmp_path / "in", tmp_path / "out", free_port()
    build_pdf(FORLOEB, folder / "<img src=x onerror=alert(1)>.pdf")
    with Server(port) as inbox:
        nightly(folder, out, env_for(port))
    html = inbox.messages[0].get_body(preferencelist=("html",)).get_content()
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;.pdf" in html
