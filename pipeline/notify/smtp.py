"""Deliver the nightly e-mail: through SMTP, one answer per recipient, or to the outbox folder.

Delivery is per recipient: each recipient's answer is recorded; a permanent refusal (5xx)
of one recipient is reported and does not hold back the others.  The message is made to fit
the smaller of `max_message_bytes` and the size the server announces.
"""
from __future__ import annotations

import base64
import os
import re
import smtplib
import ssl
from collections.abc import Callable
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

from pipeline.notify.config import SMALLEST_MESSAGE_BYTES, MailConfig
from pipeline.report.files import write_atomic
from pipeline.text.messages import SMTP_PROBLEMS

TOO_LARGE = 552  # the server's answer to a message over its size limit


@dataclass
class Delivered:
    """One recipient's answer: sent, refused (a permanent 5xx: not tried again with this
    report) or failed (for now: tried again with the next run)."""

    recipient: str
    status: str  # sent | written (to the outbox: not sent) | refused | failed
    code: int | None = None
    detail: str = ""  # the server and what it or the connection said (its own words): no sentence of ours
    channel: str = ""


def _reply(resp: bytes | str) -> str:
    return resp.decode("utf-8", "replace") if isinstance(resp, bytes) else str(resp)


def _login(server: smtplib.SMTP, username: str, password: str) -> None:
    """AUTH PLAIN or LOGIN with the name and password as UTF-8 (smtplib's own login only takes ASCII)."""
    server.ehlo_or_helo_if_needed()
    if not server.has_extn("auth"):
        raise smtplib.SMTPNotSupportedError(SMTP_PROBLEMS["no-auth"])
    mechanisms = server.esmtp_features["auth"].upper().split()
    user, secret = username.encode("utf-8"), password.encode("utf-8")
    if "PLAIN" in mechanisms:
        code, resp = server.docmd("AUTH", "PLAIN " + base64.b64encode(b"\0" + user + b"\0" + secret).decode("ascii"))
    elif "LOGIN" in mechanisms:
        code, resp = server.docmd("AUTH", "LOGIN " + base64.b64encode(user).decode("ascii"))
        if code == 334:
            code, resp = server.docmd(base64.b64encode(secret).decode("ascii"))
    else:
        raise smtplib.SMTPNotSupportedError(SMTP_PROBLEMS["unknown-auth"].format(mechanisms=" ".join(mechanisms)))
    if code != 235:
        raise smtplib.SMTPAuthenticationError(code, resp)


def _hide(text: str, cfg: MailConfig) -> str:
    return text.replace(cfg.password, "***") if cfg.password else text


def _to_outbox(cfg: MailConfig, make: Callable[[int], EmailMessage], outbox: Path,
               recipients: list[str]) -> list[Delivered]:
    msg = make(cfg.max_message_bytes)
    name = re.sub(r"[^A-Za-z0-9._-]", "_", msg["Message-ID"].strip("<>")) + ".eml"
    target = outbox / name
    write_atomic(target, bytes(msg))
    return [Delivered(r, "written", channel=os.fspath(target)) for r in recipients]


def _connect(cfg: MailConfig, context: ssl.SSLContext) -> smtplib.SMTP:
    """A connection to the server: SSL from the start, or plain (STARTTLS follows in `_send` when set)."""
    server: smtplib.SMTP
    if cfg.security == "ssl":
        server = smtplib.SMTP_SSL(cfg.host, cfg.port, timeout=cfg.timeout, context=context)
    else:
        server = smtplib.SMTP(cfg.host, cfg.port, timeout=cfg.timeout)
    return server


def _send(server: smtplib.SMTP, cfg: MailConfig, context: ssl.SSLContext, make: Callable[[int], EmailMessage],
          recipients: list[str]) -> dict[str, tuple[int, bytes]]:
    """Say hello, secure and log in as the settings say, send; the recipients refused."""
    server.ehlo()
    if cfg.security == "starttls":
        if not server.has_extn("starttls"):
            raise smtplib.SMTPNotSupportedError(SMTP_PROBLEMS["no-starttls"])
        server.starttls(context=context)
        server.ehlo()
    if cfg.username:
        _login(server, cfg.username, cfg.password)
    limit = cfg.max_message_bytes
    announced = server.esmtp_features.get("size", "").strip()
    if announced.isdigit() and int(announced) > 0:
        limit = min(limit, int(announced))
    msg = make(limit)
    try:
        return server.send_message(msg, from_addr=cfg.sender, to_addrs=recipients)
    except smtplib.SMTPRecipientsRefused as exc:
        return exc.recipients
    except (smtplib.SMTPDataError, smtplib.SMTPSenderRefused) as exc:
        if exc.smtp_code != TOO_LARGE:
            raise
        server.rset()  # too large after all (no SIZE announced): the smallest version
        return server.send_message(make(SMALLEST_MESSAGE_BYTES), from_addr=cfg.sender, to_addrs=recipients)


def deliver(cfg: MailConfig, build: Callable[[int], EmailMessage] | EmailMessage,
            recipients: list[str] | None = None) -> list[Delivered]:
    """Send to each recipient through SMTP, or write to the outbox (`cfg.outbox`); one answer per
    recipient: an outbox's is `written`, never `sent`.
    `build(limit)` makes the message to fit `limit` bytes (the smaller of max_message_bytes and
    the server's announced SIZE).  Never raises for a server's answer: it is in the result."""
    make: Callable[[int], EmailMessage] = build if callable(build) else (lambda limit: build)
    recipients = cfg.recipients if recipients is None else recipients
    if not cfg.uses_smtp:
        if cfg.outbox is None:
            raise ValueError("no SMTP host and no outbox: nowhere to deliver")  # run_nightly refuses first
        return _to_outbox(cfg, make, cfg.outbox, recipients)
    channel = f"smtp:{cfg.host}:{cfg.port}"
    try:
        context = ssl.create_default_context(cafile=cfg.ca_file or None)
        with _connect(cfg, context) as server:
            refused = _send(server, cfg, context, make, recipients)
    except smtplib.SMTPRecipientsRefused as exc:
        refused = exc.recipients
    except smtplib.SMTPResponseException as exc:
        status = "refused" if 500 <= exc.smtp_code < 600 and not isinstance(exc, smtplib.SMTPAuthenticationError) \
            else "failed"
        why = _hide(f"{type(exc).__name__}: {exc.smtp_code} {_reply(exc.smtp_error)}", cfg)
        return [Delivered(r, status, exc.smtp_code, f"{cfg.host}:{cfg.port}: {why}") for r in recipients]
    except (OSError, smtplib.SMTPException, ssl.SSLError, UnicodeError) as exc:
        why = _hide(f"{type(exc).__name__}: {exc}", cfg)
        return [Delivered(r, "failed", None, f"{cfg.host}:{cfg.port}: {why}") for r in recipients]
    answers = []
    for r in recipients:
        if r in refused:
            code, resp = refused[r]
            status = "refused" if 500 <= code < 600 else "failed"
            answers.append(Delivered(r, status, code, _hide(f"{code} {_reply(resp)}", cfg)))
        else:
            answers.append(Delivered(r, "sent", channel=channel))
    return answers
