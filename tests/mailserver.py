"""A real SMTP server on loopback (aiosmtpd) for the nightly tests: plain, with STARTTLS
(a self-signed certificate made here), a login, a size limit, recipients it refuses for good
(550), messages it refuses for now (451) a given number of times, and a refused login whose
reply quotes the AUTH data (`quote_auth`)."""
from __future__ import annotations

import base64
import datetime
import email
import os
import socket
import ssl
from email import policy
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Inbox:
    def __init__(self, refuse: set[str] = frozenset(), busy: int = 0):
        self.messages: list[email.message.EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []  # (from, recipients) of each accepted message
        self.tried: list[str] = []  # Message-ID of every DATA the server saw, accepted or not
        self.logins: list[tuple[str, str]] = []
        self.refuse, self.busy = set(refuse), busy

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        msg = email.message_from_bytes(envelope.content, policy=policy.default)
        self.tried.append(msg["Message-ID"])
        if self.busy > 0:
            self.busy -= 1
            return "451 4.3.0 Try again later"
        self.messages.append(msg)
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        return "250 OK"


def make_certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 and its key (PEM files)."""
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=2))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
            .sign(key, hashes.SHA256()))
    folder.mkdir(parents=True, exist_ok=True)
    cert_file, key_file = folder / "cert.pem", folder / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_file, key_file


class Server:
    """`with Server(port, …) as inbox:` a running server; `tls=(cert, key)` offers STARTTLS."""

    def __init__(self, port: int, users: dict[str, str] | None = None, tls: tuple[Path, Path] | None = None,
                 refuse: set[str] = frozenset(), busy: int = 0, size_limit: int | None = None,
                 quote_auth: bool = False):
        self.inbox = Inbox(refuse, busy)
        self.port = port
        kwargs: dict = {}
        if users is not None:
            def authenticate(server, session, envelope, mechanism, auth_data):
                login, password = auth_data.login.decode("utf-8"), auth_data.password.decode("utf-8")
                ok = users.get(login) == password
                if ok:
                    self.inbox.logins.append((login, mechanism))
                elif quote_auth:  # a careless server: its refusal quotes the AUTH data it got
                    blob = base64.b64encode(b"\0" + auth_data.login + b"\0" + auth_data.password).decode("ascii")
                    refusal = f"535 5.7.8 Authentication failed for {blob}"
                    return AuthResult(success=False, handled=False, message=refusal)
                return AuthResult(success=ok)
            kwargs.update(authenticator=authenticate, auth_require_tls=tls is not None)
        if tls is not None:
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            context.load_cert_chain(*map(str, tls))
            kwargs.update(tls_context=context, require_starttls=True)
        if size_limit is not None:
            kwargs.update(data_size_limit=size_limit)
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=port, **kwargs)

    def __enter__(self):
        self.controller.start()
        return self.inbox

    def __exit__(self, *exc):
        self.controller.stop()


def env_for(port: int, **extra) -> dict[str, str]:
    """The environment of a nightly run against the server on `port` (plain SMTP, chosen explicitly)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIPELINE_")}
    env.update(PIPELINE_SMTP_HOST="127.0.0.1", PIPELINE_SMTP_PORT=str(port), PIPELINE_MAIL_TO="budget@example.org",
               PIPELINE_MAIL_FROM="checker@example.org", PIPELINE_SMTP_SECURITY="none")
    env.update(extra)
    return env


def text_of(msg) -> str:
    return msg.get_body(preferencelist=("plain",)).get_content()
