"""Stage 9: tell the people responsible — compose the nightly e-mail and deliver it.

Settings come from a TOML file and the environment (the environment wins):

    [mail]                              PIPELINE_MAIL_TO (comma-separated), PIPELINE_MAIL_FROM,
    to = ["budget@kommune.dk"]          PIPELINE_MAIL_SUBJECT_PREFIX, PIPELINE_MAIL_MAX_MESSAGE_BYTES
    from = "budgetkontrol@kommune.dk"
    subject_prefix = "[Budgetkontrol]"
    max_message_bytes = 9000000

    [smtp]                              PIPELINE_SMTP_HOST, PIPELINE_SMTP_PORT,
    host = "smtp.kommune.dk"            PIPELINE_SMTP_SECURITY, PIPELINE_SMTP_USER,
    port = 587                          PIPELINE_SMTP_PASSWORD (only ever from the environment),
    security = "starttls"               PIPELINE_SMTP_CA_FILE, PIPELINE_SMTP_TIMEOUT
    username = "budgetkontrol"
    timeout = 30

Every key is checked: an unknown key or a value of the wrong type is an error that names the
key and the file (or the variable).  `security` is `starttls` unless set: `none` (the password
and the report in clear) must be chosen explicitly and is refused together with a username.

Without an SMTP host the message is written as an `.eml` file to `<out>/outbox/`, so the
nightly check works with no server at all.  A password is never read from the file and
never printed; it may hold any characters (it is sent as UTF-8).

Delivery is per recipient: each recipient's answer is recorded; a permanent refusal (5xx)
of one recipient is reported and does not hold back the others.  The message is made to fit
the smaller of `max_message_bytes` and the size the server announces: first the inline
pictures go, then the workbook, then the lists are cut short (the report's folder is named).
"""
from __future__ import annotations

import base64
import csv
import hashlib
import html
import io
import json
import os
import re
import smtplib
import ssl
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from email import policy as email_policy
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

from pipeline.errors import SettingsError
from pipeline.model import DocumentResult, Finding
from pipeline.report.files import check_from_json, check_json, write_atomic
from pipeline.tables.numbers import format_danish
from pipeline.text.messages import check_sentence, error_sentence, finding_place, settings_line, table_numbers, word

DEFAULT_MAX_MESSAGE_BYTES = 9_000_000  # under Postfix's default limit of 10 240 000 bytes
SECURITIES = ("starttls", "ssl", "none")

# Every setting: section -> key -> (type(s), environment variable)
SETTINGS: dict[str, dict[str, tuple[tuple[type, ...], str]]] = {
    "mail": {
        "to": ((list,), "PIPELINE_MAIL_TO"),
        "from": ((str,), "PIPELINE_MAIL_FROM"),
        "subject_prefix": ((str,), "PIPELINE_MAIL_SUBJECT_PREFIX"),
        "max_message_bytes": ((int,), "PIPELINE_MAIL_MAX_MESSAGE_BYTES"),
    },
    "smtp": {
        "host": ((str,), "PIPELINE_SMTP_HOST"),
        "port": ((int,), "PIPELINE_SMTP_PORT"),
        "security": ((str,), "PIPELINE_SMTP_SECURITY"),
        "username": ((str,), "PIPELINE_SMTP_USER"),
        "ca_file": ((str,), "PIPELINE_SMTP_CA_FILE"),
        "timeout": ((int, float), "PIPELINE_SMTP_TIMEOUT"),
    },
}
PASSWORD_VARIABLE = "PIPELINE_SMTP_PASSWORD"


@dataclass
class MailConfig:
    to: list[str] = field(default_factory=list)
    sender: str = "budgetkontrol@localhost"
    subject_prefix: str = "[Budgetkontrol]"
    host: str = ""
    port: int = 0
    security: str = "starttls"  # starttls | ssl | none
    username: str = ""
    password: str = field(default="", repr=False)
    ca_file: str = ""
    timeout: float = 30.0
    max_message_bytes: int = DEFAULT_MAX_MESSAGE_BYTES

    @property
    def uses_smtp(self) -> bool:
        return bool(self.host)

    @property
    def recipients(self) -> list[str]:
        """Who is told: the addresses, or the outbox when there is no SMTP server."""
        return list(self.to) if self.uses_smtp else ["outbox"]

    def describe(self) -> str:
        """For the terminal: never the password."""
        if not self.uses_smtp:
            return "no SMTP server configured: messages go to the outbox folder"
        auth = f" as {self.username}" if self.username else ""
        return f"SMTP {self.host}:{self.port} ({self.security}){auth}, to {', '.join(self.to) or '(nobody)'}"


def _check_type(value, kinds: tuple[type, ...], setting: str, path: Path | None = None):
    if isinstance(value, bool) or not isinstance(value, kinds):
        raise SettingsError(key="setting-type", setting=setting, path=os.fspath(path) if path else "",
                            kinds=[k.__name__ for k in kinds], value=repr(value))
    return value


def _from_env(text: str, kinds: tuple[type, ...], variable: str):
    if list in kinds:
        return [a.strip() for a in text.split(",") if a.strip()]
    if int in kinds or float in kinds:
        try:
            return int(text) if int in kinds and float not in kinds else float(text)
        except ValueError:
            raise SettingsError(key="setting-number", variable=variable, value=repr(text)) from None
    return text


def load_config(path: Path | None, env: dict[str, str] | None = None) -> MailConfig:
    """The settings, every key checked (`SettingsError` names the key and the file)."""
    env = dict(os.environ if env is None else env)
    data: dict = {}
    if path is not None:
        if not path.is_file():
            raise SettingsError(key="config-missing", path=os.fspath(path))
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise SettingsError(key="config-toml", path=os.fspath(path), detail=str(exc)) from None
    values: dict[tuple[str, str], object] = {}
    for section, content in data.items():
        if section not in SETTINGS:
            raise SettingsError(key="config-section", section=section, path=os.fspath(path), known=", ".join(SETTINGS))
        if not isinstance(content, dict):
            raise SettingsError(key="config-not-section", section=section, path=os.fspath(path))
        for key, value in content.items():
            if key == "password":
                raise SettingsError(key="config-password", section=section, path=os.fspath(path),
                                    variable=PASSWORD_VARIABLE)
            if key not in SETTINGS[section]:
                raise SettingsError(key="config-unknown", setting=f"{section}.{key}", path=os.fspath(path),
                                    known=", ".join(SETTINGS[section]))
            kinds = SETTINGS[section][key][0]
            _check_type(value, kinds, f"{section}.{key}", path)
            if list in kinds and not all(isinstance(a, str) for a in value):
                raise SettingsError(key="config-addresses", setting=f"{section}.{key}", path=os.fspath(path))
            values[section, key] = value
    known_vars = {var for keys in SETTINGS.values() for _, var in keys.values()} | {PASSWORD_VARIABLE}
    for variable in env:
        if variable.startswith(("PIPELINE_MAIL_", "PIPELINE_SMTP_")) and variable not in known_vars:
            raise SettingsError(key="env-unknown", variable=variable, known=", ".join(sorted(known_vars)))
    for section, keys in SETTINGS.items():
        for key, (kinds, variable) in keys.items():
            if variable in env:
                values[section, key] = _from_env(env[variable], kinds, variable)
    where = os.fspath(path) if path else ""  # the file the settings came from, named in their errors

    def get(section, key, default):
        return values.get((section, key), default)

    cfg = MailConfig(
        to=list(get("mail", "to", [])),
        sender=str(get("mail", "from", MailConfig.sender)),
        subject_prefix=str(get("mail", "subject_prefix", MailConfig.subject_prefix)),
        host=str(get("smtp", "host", "")).strip(),
        security=str(get("smtp", "security", "starttls")).strip().lower(),
        username=str(get("smtp", "username", "")),
        password=env.get(PASSWORD_VARIABLE, ""),
        ca_file=str(get("smtp", "ca_file", "")),
        timeout=float(get("smtp", "timeout", 30)),
        max_message_bytes=int(get("mail", "max_message_bytes", DEFAULT_MAX_MESSAGE_BYTES)),
    )
    if cfg.security not in SECURITIES:
        raise SettingsError(key="smtp-security", path=where, value=repr(cfg.security))
    if cfg.security == "none" and cfg.username:
        raise SettingsError(key="smtp-clear", path=where)
    if cfg.timeout <= 0:
        raise SettingsError(key="smtp-timeout", path=where)
    if cfg.max_message_bytes < 20_000:
        raise SettingsError(key="mail-size", path=where)
    default_port = {"none": 25, "starttls": 587, "ssl": 465}[cfg.security]
    cfg.port = int(get("smtp", "port", default_port))
    if not 0 < cfg.port < 65536:
        raise SettingsError(key="smtp-port", path=where, value=cfg.port)
    if cfg.ca_file and not Path(cfg.ca_file).is_file():
        raise SettingsError(key="smtp-ca", path=where, file=cfg.ca_file)
    if cfg.uses_smtp and not cfg.to:
        raise SettingsError(key="no-recipients", path=where)
    return cfg


# ---------------------------------------------------------------- what changed
@dataclass
class Change:
    """One line of the report: a finding or an unreadable file that is new, changed, gone
    (the document is still there: it was corrected) or removed (the file is no longer there)."""

    status: str  # new | changed | gone | removed
    identity: str
    document: str
    what: str  # finding | error
    text: str
    finding: Finding | None = None
    place: str = ""  # where the finding is, for people: its proposal (from 1, with its title) and table


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
    present = {r.document: r for r in results}
    titles = {r.document: {p.index: p.title for p in r.proposals} for r in results}
    for r in results:
        for f in r.findings:
            by_identity[finding_identity(f)] = f
    out: list[Change] = []
    for identity in sorted(set(current) | set(confirmed)):
        now, before = current.get(identity), confirmed.get(identity)
        if now == before:
            continue
        what, document = identity.split("|")[:2]
        if now is None:
            status = "gone" if document in present else "removed"
        else:
            status = "new" if before is None else "changed"
        value = now if now is not None else before
        place = ""
        if what == "finding":
            stored = check_from_json(json.loads(value))
            text = check_sentence(stored, lang)
            place = finding_place(stored, titles.get(document, {}), lang)
        else:  # error|<code>|<the reader's words>: the code's sentence, with the facts of the current result
            code = value.split("|", 1)[0]
            facts = present[document].error_params if document in present and now is not None else {}
            text = f"{word(code, lang)}: {error_sentence(code, facts, lang)}"
        out.append(Change(status, identity, document, what, text, by_identity.get(identity), place))
    return out


def digest(items: dict[str, str]) -> str:
    return hashlib.sha256("\n".join(f"{k}={v}" for k, v in sorted(items.items())).encode()).hexdigest()[:16]


def report_message_id(state_id: str, told_key: str, current_key: str, sender: str) -> str:
    """The same report (from what a recipient was told to what is now) always has the same
    Message-ID, however often it is tried: mail systems drop a copy they have seen."""
    domain = re.sub(r"[^A-Za-z0-9.-]", "", sender.rpartition("@")[2]) or "localhost"
    token = hashlib.sha256(f"{state_id}|{told_key}|{current_key}".encode()).hexdigest()[:32]
    return f"<budgetkontrol.{token}@{domain}>"


# ---------------------------------------------------------------- the message
TEXTS = {
    "da": {"subject": "{new} nye eller ændrede fund, {gone} rettet", "removed_subject": ", {removed} fjernet",
           "intro": "Natlig kontrol af budgetforslagene i {folder}.",
           "new": "Nye fund", "changed": "Ændrede fund", "gone": "Rettet siden sidste rapport (fundet er væk)",
           "removed": "Fjernet fra mappen siden sidste rapport",
           "unreadable": "Filer der ikke kan læses", "fixed_files": "Filer der nu kan læses igen",
           "attached": "Fundene er vedhæftet som CSV og hele rapporten som Excel. Den fulde rapport: {report}",
           "no_pictures": "Billederne af tallene er udeladt, så beskeden kan sendes; de står i rapporten.",
           "no_workbook": "Excel-rapporten er ikke vedhæftet (for stor til e-mail); den ligger i {folder}.",
           "cut": "… og {n} mere (se den fulde rapport).",
           "page": "side", "test_subject": "Testbesked fra budgetkontrollen", "test_body": "Indstillingerne for e-mail virker: {how}."},
    "en": {"subject": "{new} new or changed findings, {gone} fixed", "removed_subject": ", {removed} removed",
           "intro": "Nightly check of the budget proposals in {folder}.",
           "new": "New findings", "changed": "Changed findings", "gone": "Fixed since the last report (the finding is gone)",
           "removed": "Removed from the folder since the last report",
           "unreadable": "Files that cannot be read", "fixed_files": "Files that can be read again",
           "attached": "The findings are attached as CSV and the whole report as Excel. The full report: {report}",
           "no_pictures": "The pictures of the figures are left out so that the message can be sent; see the report.",
           "no_workbook": "The Excel report is not attached (too large for e-mail); it is in {folder}.",
           "cut": "… and {n} more (see the full report).",
           "page": "page", "test_subject": "Test message from the budget checker", "test_body": "The e-mail settings work: {how}."},
}


# The attached findings (for people: proposals and tables counted from 1, the proposal's title).
CSV_HEAD = {
    "da": ["dokument", "forslag", "forslagets titel", "tabel", "side", "række", "kolonne", "opgjort", "genberegnet",
           "forskel", "type", "forklaring"],
    "en": ["document", "proposal", "proposal title", "table", "page", "row", "column", "stated", "recomputed",
           "difference", "kind", "message"],
}


def header_text(text: str) -> str:
    """A header field's value on one line: CR, LF and other control characters become spaces."""
    return re.sub(r"[\x00-\x1f\x7f\u2028\u2029]+", " ", str(text)).strip()


def _fmt(value) -> str:
    return format_danish(value) if value is not None and value == value.to_integral_value() else str(value)


def compose(cfg: MailConfig, found: list[Change], out: Path, input_dir: Path, lang: str = "da",
            crops: dict[str, bytes] | None = None, message_id: str | None = None, *,
            pictures: bool = True, workbook: bool = True, limit: int | None = None,
            to: list[str] | None = None, titles: dict[str, dict[int, str]] | None = None) -> EmailMessage:
    """The report; `pictures`/`workbook` False leave those out and `limit` cuts each list to
    that many lines (the rest is counted), for a message that must fit a size limit."""
    t = TEXTS[lang]
    crops = (crops or {}) if pictures else {}
    new = [c for c in found if c.status in ("new", "changed") and c.what == "finding"]
    gone = [c for c in found if c.status == "gone" and c.what == "finding"]
    removed = [c for c in found if c.status == "removed"]
    broken = [c for c in found if c.what == "error" and c.status in ("new", "changed")]
    mended = [c for c in found if c.what == "error" and c.status == "gone"]
    msg = EmailMessage()
    subject = t["subject"].format(new=len(new), gone=len(gone))
    if removed:
        subject += t["removed_subject"].format(removed=len(removed))
    msg["Subject"] = header_text(f"{cfg.subject_prefix} {subject}")
    msg["From"] = header_text(cfg.sender)
    msg["To"] = header_text(", ".join(to if to is not None else cfg.to) or cfg.sender)
    msg["Date"] = formatdate(localtime=True)
    msg["Message-ID"] = header_text(message_id or make_msgid(domain=cfg.sender.split("@")[-1] or "localhost"))
    report = (out / "report.html").absolute()

    sections = [("new", t["new"], [c for c in new if c.status == "new"]),
                ("changed", t["changed"], [c for c in new if c.status == "changed"]),
                ("broken", t["unreadable"], broken), ("gone", t["gone"], gone), ("removed", t["removed"], removed),
                ("mended", t["fixed_files"], mended)]
    notes = []
    if not pictures:
        notes.append(t["no_pictures"])
    if not workbook:
        notes.append(t["no_workbook"].format(folder=out.absolute()))
    lines = [t["intro"].format(folder=input_dir), ""] + notes + ([""] if notes else [])
    for _, title, items in sections:
        if items:
            lines.append(f"{title}:")
            shown = items if limit is None else items[:limit]
            lines += [f"  - {c.document}{', ' + c.place if c.place else ''}: {c.text}" for c in shown]
            if len(shown) < len(items):
                lines.append("  " + t["cut"].format(n=len(items) - len(shown)))
            lines.append("")
    lines.append(t["attached"].format(report=report))
    msg.set_content("\n".join(lines))

    e = html.escape
    parts = [f"<p>{e(t['intro'].format(folder=input_dir))}</p>"] + [f"<p><em>{e(n)}</em></p>" for n in notes]
    cids: dict[str, str] = {}
    for key, title, items in sections:
        if not items:
            continue
        parts.append(f"<h3 style=\"margin:18px 0 6px\">{e(title)}</h3>")
        shown = items if limit is None else items[:limit]
        for c in shown:
            colour = {"new": "#cf222e", "changed": "#cf222e", "broken": "#9a6700", "gone": "#1a7f37",
                      "removed": "#57606a", "mended": "#1a7f37"}[key]
            figure = ""
            if c.finding is not None and c.status not in ("gone", "removed"):
                f = c.finding
                figure = (f"<div style=\"color:#57606a;font-size:13px\">{e(word(f.kind, lang))} · "
                          f"{e(t['page'])} {e(str(f.page))} · {e(_fmt(f.stated))} → {e(_fmt(f.recomputed))}</div>")
                if c.identity in crops:
                    cid = make_msgid(domain="pipeline.local")
                    cids[c.identity] = cid
                    figure += (f"<img src=\"cid:{e(cid[1:-1])}\" alt=\"{e(f.label)}\" "
                               f"style=\"max-width:560px;border:1px solid #d0d7de;margin-top:6px\">")
            parts.append(f"<div style=\"border-left:4px solid {colour};padding:4px 10px;margin:8px 0\">"
                         f"<strong>{e(c.document)}</strong>{e(' · ' + c.place if c.place else '')}: {e(c.text)}"
                         f"{figure}</div>")
        if len(shown) < len(items):
            parts.append(f"<p>{e(t['cut'].format(n=len(items) - len(shown)))}</p>")
    parts.append(f"<p style=\"color:#57606a\">{e(t['attached'].format(report=report))}</p>")
    body = ("<!doctype html><html><body style=\"font-family:system-ui,sans-serif;color:#1f2328;max-width:900px\">"
            + "".join(parts) + "</body></html>")
    msg.add_alternative(body, subtype="html")
    html_part = msg.get_payload()[1]
    for identity, cid in cids.items():
        html_part.add_related(crops[identity], maintype="image", subtype="png", cid=cid)

    rows = [c for c in new if c.finding is not None]
    if limit is not None:
        rows = rows[:limit]
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(CSV_HEAD[lang])  # for people: proposals and tables counted from 1, the proposal's title
    for c in rows:
        f = c.finding
        numbers = table_numbers(f.table)
        writer.writerow([f.document, f.proposal + 1, (titles or {}).get(f.document, {}).get(f.proposal, ""),
                         numbers[1] if numbers else "", f.page, f.label, f.column, f.stated, f.recomputed,
                         f.difference, word(f.kind, lang), check_sentence(f, lang)])
    # UTF-8 with a byte-order mark, said in the part's header: Excel and mail programs show æøå as written
    msg.add_attachment("\ufeff" + buf.getvalue(), subtype="csv", charset="utf-8",
                       filename="fund.csv" if lang == "da" else "findings.csv")
    xlsx = out / "report.xlsx"
    if workbook and xlsx.is_file():
        msg.add_attachment(xlsx.read_bytes(), maintype="application",
                           subtype="vnd.openxmlformats-officedocument.spreadsheetml.sheet", filename="rapport.xlsx" if lang == "da" else "report.xlsx")
    return msg


def message_size(msg: EmailMessage) -> int:
    """The bytes the server receives (CRLF line ends)."""
    return len(msg.as_bytes(policy=email_policy.SMTP))


def fitted(build: Callable[..., EmailMessage], limit: int) -> EmailMessage:
    """The fullest version of the message that fits in `limit` bytes: pictures go first,
    then the workbook, then the lists are cut shorter and shorter."""
    margin = int(limit * 0.98) - 2048
    msg = build(pictures=True, workbook=True, limit=None)
    if message_size(msg) <= margin:
        return msg
    msg = build(pictures=False, workbook=True, limit=None)
    if message_size(msg) <= margin:
        return msg
    msg = build(pictures=False, workbook=False, limit=None)
    cut = 1000
    while message_size(msg) > margin and cut > 0:
        msg = build(pictures=False, workbook=False, limit=cut)
        cut //= 2
    return msg


def test_message(cfg: MailConfig, lang: str = "da") -> EmailMessage:
    t = TEXTS[lang]
    msg = EmailMessage()
    msg["Subject"] = header_text(f"{cfg.subject_prefix} {t['test_subject']}")
    msg["From"] = header_text(cfg.sender)
    msg["To"] = header_text(", ".join(cfg.to) or cfg.sender)
    msg["Date"] = formatdate(localtime=True)
    msg["Message-ID"] = make_msgid(domain=cfg.sender.split("@")[-1] or "localhost")
    msg.set_content(t["test_body"].format(how=settings_line(cfg, lang)))
    return msg


# ---------------------------------------------------------------- delivery
@dataclass
class Delivered:
    """One recipient's answer: sent, refused (a permanent 5xx: not tried again with this
    report) or failed (for now: tried again with the next run)."""

    recipient: str
    status: str  # sent | refused | failed
    code: int | None = None
    detail: str = ""  # the server and what it or the connection said (its own words): no sentence of ours
    channel: str = ""


def _reply(resp) -> str:
    return resp.decode("utf-8", "replace") if isinstance(resp, bytes) else str(resp)


def _login(server: smtplib.SMTP, username: str, password: str) -> None:
    """AUTH PLAIN or LOGIN with the name and password as UTF-8 (smtplib's own login only takes ASCII)."""
    server.ehlo_or_helo_if_needed()
    if not server.has_extn("auth"):
        raise smtplib.SMTPNotSupportedError("the server offers no login (AUTH) on this connection")
    mechanisms = server.esmtp_features["auth"].upper().split()
    user, secret = username.encode("utf-8"), password.encode("utf-8")
    if "PLAIN" in mechanisms:
        code, resp = server.docmd("AUTH", "PLAIN " + base64.b64encode(b"\0" + user + b"\0" + secret).decode("ascii"))
    elif "LOGIN" in mechanisms:
        code, resp = server.docmd("AUTH", "LOGIN " + base64.b64encode(user).decode("ascii"))
        if code == 334:
            code, resp = server.docmd(base64.b64encode(secret).decode("ascii"))
    else:
        raise smtplib.SMTPNotSupportedError(f"the server offers no login this program knows ({' '.join(mechanisms)})")
    if code != 235:
        raise smtplib.SMTPAuthenticationError(code, resp)


def _hide(text: str, cfg: MailConfig) -> str:
    return text.replace(cfg.password, "***") if cfg.password else text


def deliver(cfg: MailConfig, build: Callable[[int], EmailMessage] | EmailMessage, outbox: Path,
            recipients: list[str] | None = None) -> list[Delivered]:
    """Send to each recipient through SMTP, or write to the outbox; one answer per recipient.
    `build(limit)` makes the message to fit `limit` bytes (the smaller of max_message_bytes and
    the server's announced SIZE).  Never raises for a server's answer: it is in the result."""
    make = build if callable(build) else (lambda limit: build)
    recipients = cfg.recipients if recipients is None else recipients
    if not cfg.uses_smtp:
        msg = make(cfg.max_message_bytes)
        name = re.sub(r"[^A-Za-z0-9._-]", "_", msg["Message-ID"].strip("<>")) + ".eml"
        target = outbox / name
        write_atomic(target, bytes(msg))
        return [Delivered(r, "sent", channel=f"outbox:{target}") for r in recipients]
    channel = f"smtp:{cfg.host}:{cfg.port}"
    try:
        context = ssl.create_default_context(cafile=cfg.ca_file or None)
        if cfg.security == "ssl":
            server = smtplib.SMTP_SSL(cfg.host, cfg.port, timeout=cfg.timeout, context=context)
        else:
            server = smtplib.SMTP(cfg.host, cfg.port, timeout=cfg.timeout)
        with server:
            server.ehlo()
            if cfg.security == "starttls":
                if not server.has_extn("starttls"):
                    raise smtplib.SMTPNotSupportedError("the server does not offer STARTTLS (smtp.security = "
                                                        "\"starttls\"); set security explicitly if it must be none")
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
                refused = server.send_message(msg, from_addr=cfg.sender, to_addrs=recipients)
            except smtplib.SMTPRecipientsRefused as exc:
                refused = exc.recipients
            except (smtplib.SMTPDataError, smtplib.SMTPSenderRefused) as exc:
                if exc.smtp_code != 552:
                    raise
                server.rset()  # too large after all (no SIZE announced): the smallest version
                msg = make(20_000)
                refused = server.send_message(msg, from_addr=cfg.sender, to_addrs=recipients)
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
