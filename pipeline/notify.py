"""Stage 9: tell the people responsible — compose the nightly e-mail and deliver it.

Settings come from a TOML file and the environment (the environment wins):

    [mail]                              PIPELINE_MAIL_TO (comma-separated), PIPELINE_MAIL_FROM,
    to = ["budget@kommune.dk"]          PIPELINE_MAIL_SUBJECT_PREFIX
    from = "budgetkontrol@kommune.dk"
    subject_prefix = "[Budgetkontrol]"

    [smtp]                              PIPELINE_SMTP_HOST, PIPELINE_SMTP_PORT,
    host = "smtp.kommune.dk"            PIPELINE_SMTP_SECURITY, PIPELINE_SMTP_USER,
    port = 587                          PIPELINE_SMTP_PASSWORD (only ever from the environment),
    security = "starttls"               PIPELINE_SMTP_CA_FILE
    username = "budgetkontrol"

Without an SMTP host the message is written as an `.eml` file to `<out>/outbox/`, so the
nightly check works with no server at all.  A password is never read from the file and
never printed.
"""
from __future__ import annotations

import csv
import hashlib
import html
import io
import json
import os
import smtplib
import ssl
import tomllib
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

from .errors import PipelineError, UsageError
from .messages import check_sentence
from .model import DocumentResult, Finding
from .numbers import format_danish
from .report import check_from_json, check_json, write_atomic


class DeliveryError(PipelineError):
    """The mail server could not be reached or refused the message."""


@dataclass
class MailConfig:
    to: list[str] = field(default_factory=list)
    sender: str = "budgetkontrol@localhost"
    subject_prefix: str = "[Budgetkontrol]"
    host: str = ""
    port: int = 0
    security: str = "none"  # none | starttls | ssl
    username: str = ""
    password: str = field(default="", repr=False)
    ca_file: str = ""
    timeout: float = 30.0

    @property
    def uses_smtp(self) -> bool:
        return bool(self.host)

    def describe(self) -> str:
        """For the terminal: never the password."""
        if not self.uses_smtp:
            return "no SMTP server configured: messages go to the outbox folder"
        auth = f" as {self.username}" if self.username else ""
        return f"SMTP {self.host}:{self.port} ({self.security}){auth}, to {', '.join(self.to) or '(nobody)'}"


def load_config(path: Path | None, env: dict[str, str] | None = None) -> MailConfig:
    env = dict(os.environ if env is None else env)
    data: dict = {}
    if path is not None:
        if not path.is_file():
            raise UsageError(f"config file {path} does not exist")
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise UsageError(f"config file {path} is not valid TOML: {exc}") from None
    mail, smtp = data.get("mail", {}), data.get("smtp", {})
    if "password" in smtp or "password" in mail:
        raise UsageError("put the SMTP password in the environment (PIPELINE_SMTP_PASSWORD), not in the config file")
    to = env.get("PIPELINE_MAIL_TO")
    cfg = MailConfig(
        to=[a.strip() for a in to.split(",") if a.strip()] if to else list(mail.get("to", [])),
        sender=env.get("PIPELINE_MAIL_FROM", mail.get("from", MailConfig.sender)),
        subject_prefix=env.get("PIPELINE_MAIL_SUBJECT_PREFIX", mail.get("subject_prefix", MailConfig.subject_prefix)),
        host=env.get("PIPELINE_SMTP_HOST", smtp.get("host", "")),
        security=env.get("PIPELINE_SMTP_SECURITY", smtp.get("security", "none")).lower(),
        username=env.get("PIPELINE_SMTP_USER", smtp.get("username", "")),
        password=env.get("PIPELINE_SMTP_PASSWORD", ""),
        ca_file=env.get("PIPELINE_SMTP_CA_FILE", smtp.get("ca_file", "")),
        timeout=float(smtp.get("timeout", 30)),
    )
    if cfg.security not in ("none", "starttls", "ssl"):
        raise UsageError(f"smtp security must be none, starttls or ssl, not {cfg.security!r}")
    default_port = {"none": 25, "starttls": 587, "ssl": 465}[cfg.security]
    try:
        cfg.port = int(env.get("PIPELINE_SMTP_PORT", smtp.get("port", default_port)))
    except ValueError:
        raise UsageError("the SMTP port must be a number") from None
    if cfg.uses_smtp and not cfg.to:
        raise UsageError("no recipients: set mail.to in the config file or PIPELINE_MAIL_TO")
    return cfg


# ---------------------------------------------------------------- what changed
@dataclass
class Change:
    """One line of the report: a finding or an unreadable file that is new, changed or gone."""

    status: str  # new | changed | gone
    identity: str
    document: str
    what: str  # finding | error
    text: str
    finding: Finding | None = None


def finding_identity(f: Finding) -> str:
    """What makes a finding the same finding from night to night: where it is, not its figures."""
    return f"finding|{f.document}|{f.kind}|{f.table}|{f.row}|{f.label}|{f.column}"


def items_of(results: list[DocumentResult]) -> dict[str, str]:
    """Everything worth telling about the folder, as facts (no sentences): identity -> value."""
    items: dict[str, str] = {}
    for r in results:
        if r.status == "error":
            items[f"error|{r.document}"] = f"{r.error}|{r.message}"
        for f in r.findings:
            items[finding_identity(f)] = json.dumps(check_json(f), sort_keys=True, ensure_ascii=False)
    return items


def changes(current: dict[str, str], confirmed: dict[str, str], results: list[DocumentResult],
            lang: str = "da") -> list[Change]:
    by_identity: dict[str, Finding] = {}
    for r in results:
        for f in r.findings:
            by_identity[finding_identity(f)] = f
    out: list[Change] = []
    for identity in sorted(set(current) | set(confirmed)):
        now, before = current.get(identity), confirmed.get(identity)
        if now == before:
            continue
        status = "new" if before is None else "gone" if now is None else "changed"
        parts = identity.split("|")
        what, document = parts[0], parts[1]
        value = now if now is not None else before
        text = check_sentence(check_from_json(json.loads(value)), lang) if what == "finding" \
            else value.replace("|", ": ", 1)
        out.append(Change(status, identity, document, what, text, by_identity.get(identity)))
    return out


def digest(items: dict[str, str]) -> str:
    return hashlib.sha256("\n".join(f"{k}={v}" for k, v in sorted(items.items())).encode()).hexdigest()[:16]


# ---------------------------------------------------------------- the message
TEXTS = {
    "da": {"subject": "{new} nye eller ændrede fund, {gone} rettet", "intro": "Natlig kontrol af budgetforslagene i {folder}.",
           "new": "Nye fund", "changed": "Ændrede fund", "gone": "Rettet siden sidste rapport (fundet er væk)",
           "unreadable": "Filer der ikke kan læses", "fixed_files": "Filer der nu kan læses igen",
           "attached": "Fundene er vedhæftet som CSV og hele rapporten som Excel. Den fulde rapport: {report}",
           "page": "side", "test_subject": "Testbesked fra budgetkontrollen", "test_body": "Indstillingerne for e-mail virker: {how}."},
    "en": {"subject": "{new} new or changed findings, {gone} fixed", "intro": "Nightly check of the budget proposals in {folder}.",
           "new": "New findings", "changed": "Changed findings", "gone": "Fixed since the last report (the finding is gone)",
           "unreadable": "Files that cannot be read", "fixed_files": "Files that can be read again",
           "attached": "The findings are attached as CSV and the whole report as Excel. The full report: {report}",
           "page": "page", "test_subject": "Test message from the budget checker", "test_body": "The e-mail settings work: {how}."},
}


def _fmt(value) -> str:
    return format_danish(value) if value is not None and value == value.to_integral_value() else str(value)


def compose(cfg: MailConfig, found: list[Change], out: Path, input_dir: Path, lang: str = "da",
            crops: dict[str, bytes] | None = None, message_id: str | None = None) -> EmailMessage:
    t = TEXTS[lang]
    crops = crops or {}
    new = [c for c in found if c.status in ("new", "changed") and c.what == "finding"]
    gone = [c for c in found if c.status == "gone" and c.what == "finding"]
    broken = [c for c in found if c.what == "error" and c.status in ("new", "changed")]
    mended = [c for c in found if c.what == "error" and c.status == "gone"]
    msg = EmailMessage()
    msg["Subject"] = f"{cfg.subject_prefix} {t['subject'].format(new=len(new), gone=len(gone))}".strip()
    msg["From"] = cfg.sender
    msg["To"] = ", ".join(cfg.to) or cfg.sender
    msg["Date"] = formatdate(localtime=True)
    msg["Message-ID"] = message_id or make_msgid(domain=cfg.sender.split("@")[-1] or "localhost")
    report = (out / "report.html").resolve()

    sections = [("new", t["new"], [c for c in new if c.status == "new"]),
                ("changed", t["changed"], [c for c in new if c.status == "changed"]),
                ("broken", t["unreadable"], broken), ("gone", t["gone"], gone), ("mended", t["fixed_files"], mended)]
    lines = [t["intro"].format(folder=input_dir), ""]
    for _, title, items in sections:
        if items:
            lines.append(f"{title}:")
            lines += [f"  - {c.document}: {c.text}" for c in items]
            lines.append("")
    lines.append(t["attached"].format(report=report))
    msg.set_content("\n".join(lines))

    e = html.escape
    parts = [f"<p>{e(t['intro'].format(folder=input_dir))}</p>"]
    cids: dict[str, str] = {}
    for key, title, items in sections:
        if not items:
            continue
        parts.append(f"<h3 style=\"margin:18px 0 6px\">{e(title)}</h3>")
        for c in items:
            colour = {"new": "#cf222e", "changed": "#cf222e", "broken": "#9a6700", "gone": "#1a7f37", "mended": "#1a7f37"}[key]
            figure = ""
            if c.finding is not None and c.status != "gone":
                f = c.finding
                figure = (f"<div style=\"color:#57606a;font-size:13px\">{e(f.kind)} · {e(f.table or '')} · {e(t['page'])} {f.page} · "
                          f"{e(_fmt(f.stated))} → {e(_fmt(f.recomputed))}</div>")
                if c.identity in crops:
                    cid = make_msgid(domain="pipeline.local")
                    cids[c.identity] = cid
                    figure += f"<img src=\"cid:{cid[1:-1]}\" alt=\"{e(f.label)}\" style=\"max-width:560px;border:1px solid #d0d7de;margin-top:6px\">"
            parts.append(f"<div style=\"border-left:4px solid {colour};padding:4px 10px;margin:8px 0\">"
                         f"<strong>{e(c.document)}</strong>: {e(c.text)}{figure}</div>")
    parts.append(f"<p style=\"color:#57606a\">{e(t['attached'].format(report=report))}</p>")
    body = ("<!doctype html><html><body style=\"font-family:system-ui,sans-serif;color:#1f2328;max-width:900px\">"
            + "".join(parts) + "</body></html>")
    msg.add_alternative(body, subtype="html")
    html_part = msg.get_payload()[1]
    for identity, cid in cids.items():
        html_part.add_related(crops[identity], maintype="image", subtype="png", cid=cid)

    rows = [c.finding for c in new if c.finding is not None]
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["document", "proposal", "table", "page", "label", "column", "stated", "recomputed", "difference", "kind", "message"])
    for f in rows:
        writer.writerow([f.document, f.proposal, f.table, f.page, f.label, f.column, f.stated, f.recomputed, f.difference, f.kind,
                         check_sentence(f, lang)])
    msg.add_attachment(buf.getvalue().encode("utf-8"), maintype="text", subtype="csv", filename="fund.csv" if lang == "da" else "findings.csv")
    xlsx = out / "report.xlsx"
    if xlsx.is_file():
        msg.add_attachment(xlsx.read_bytes(), maintype="application",
                           subtype="vnd.openxmlformats-officedocument.spreadsheetml.sheet", filename="rapport.xlsx" if lang == "da" else "report.xlsx")
    return msg


def test_message(cfg: MailConfig, lang: str = "da") -> EmailMessage:
    t = TEXTS[lang]
    msg = EmailMessage()
    msg["Subject"] = f"{cfg.subject_prefix} {t['test_subject']}".strip()
    msg["From"] = cfg.sender
    msg["To"] = ", ".join(cfg.to) or cfg.sender
    msg["Date"] = formatdate(localtime=True)
    msg["Message-ID"] = make_msgid(domain=cfg.sender.split("@")[-1] or "localhost")
    msg.set_content(t["test_body"].format(how=cfg.describe()))
    return msg


# ---------------------------------------------------------------- delivery
def deliver(cfg: MailConfig, msg: EmailMessage, outbox: Path) -> str:
    """Send through SMTP, or write to the outbox; return where it went.  Raises DeliveryError."""
    if not cfg.uses_smtp:
        name = msg["Message-ID"].strip("<>").replace("@", "_").replace("/", "_") + ".eml"
        target = outbox / name
        write_atomic(target, bytes(msg))
        return f"outbox:{target}"
    context = ssl.create_default_context(cafile=cfg.ca_file or None)
    try:
        if cfg.security == "ssl":
            server = smtplib.SMTP_SSL(cfg.host, cfg.port, timeout=cfg.timeout, context=context)
        else:
            server = smtplib.SMTP(cfg.host, cfg.port, timeout=cfg.timeout)
        with server:
            if cfg.security == "starttls":
                server.starttls(context=context)
            if cfg.username:
                server.login(cfg.username, cfg.password)
            refused = server.send_message(msg)
        if refused:
            raise DeliveryError(f"the server refused some recipients: {', '.join(refused)}")
    except (OSError, smtplib.SMTPException, ssl.SSLError) as exc:
        reason = str(exc).replace(cfg.password, "***") if cfg.password else str(exc)
        raise DeliveryError(f"could not deliver via {cfg.host}:{cfg.port}: {type(exc).__name__}: {reason}") from None
    return f"smtp:{cfg.host}:{cfg.port}"
