"""Stage 9: tell the people responsible — compose the nightly e-mail.

Settings are `notify.config`'s, what changed is `notify.changes`'s, delivery is `notify.smtp`'s.
The message is made to fit a size limit (`fitted`): first the inline pictures go, then the
workbook, then the lists are cut short (the report's folder is named).
"""
from __future__ import annotations

import csv
import html
import io
import re
from collections.abc import Callable
from decimal import Decimal
from email import policy as email_policy
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path
from typing import cast

from pipeline.notify.changes import Change
from pipeline.notify.config import MailConfig
from pipeline.report.files import for_spreadsheet
from pipeline.tables.numbers import format_danish
from pipeline.text.messages import MAIL, MAIL_CSV_HEAD, check_sentence, settings_line, table_numbers, word
from pipeline.text.shown import shown

XLSX_TYPE = "vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FIT_SHARE = 0.98  # of the size limit, a message may use ...
FIT_RESERVE = 2048  # ... less these bytes (the envelope's own headers)
FIRST_CUT = 1000  # the longest lists tried when the message must be cut short (halved until it fits)

# The sections of the message, in order, and the colour of each one's mark in the HTML part.
COLOURS = {"new": "#cf222e", "changed": "#cf222e", "broken": "#9a6700", "gone": "#1a7f37",
           "removed": "#57606a", "mended": "#1a7f37", "accepted": "#8c959f"}

Section = tuple[str, str, list[Change]]  # key, title, lines


def header_text(text: str) -> str:
    """A header field's value on one line: CR, LF and other control characters become spaces;
    format characters (bidi overrides, zero-width) are shown escaped (`text.shown`)."""
    return shown(re.sub(r"[\x00-\x1f\x7f\u2028\u2029]+", " ", str(text)).strip())


def _e(text: str) -> str:
    """Text for the HTML part: escaped, and characters that act unseen shown escaped."""
    return html.escape(shown(text))


def _fmt(value: Decimal | None) -> str:
    return format_danish(value) if value is not None and value == value.to_integral_value() else str(value)


def _sections(found: list[Change], t: dict[str, str]) -> list[Section]:
    new = [c for c in found if c.status in ("new", "changed") and c.what == "finding"]
    gone = [c for c in found if c.status == "gone" and c.what == "finding"]
    removed = [c for c in found if c.status == "removed"]
    broken = [c for c in found if c.what == "error" and c.status in ("new", "changed")]
    mended = [c for c in found if c.what == "error" and c.status == "gone"]
    return [("new", t["new"], [c for c in new if c.status == "new"]),
            ("changed", t["changed"], [c for c in new if c.status == "changed"]),
            ("broken", t["unreadable"], broken), ("gone", t["gone"], gone), ("removed", t["removed"], removed),
            ("mended", t["fixed_files"], mended),
            ("accepted", t["accepted"], [c for c in found if c.status == "accepted"])]


def _subject(cfg: MailConfig, found: list[Change], t: dict[str, str]) -> str:
    new = sum(c.status in ("new", "changed") and c.what == "finding" for c in found)
    gone = sum(c.status == "gone" and c.what == "finding" for c in found)
    removed = sum(c.status == "removed" for c in found)
    subject = t["subject"].format(new=new, gone=gone)
    if removed:
        subject += t["removed_subject"].format(removed=removed)
    accepted = sum(c.status == "accepted" for c in found)
    if accepted:
        subject += t["accepted_subject"].format(accepted=accepted)
    return header_text(f"{cfg.subject_prefix} {subject}")


def _plain(sections: list[Section], notes: list[str], intro: str, attached: str, t: dict[str, str],
           limit: int | None) -> str:
    lines = [intro, ""] + notes + ([""] if notes else [])
    for _, title, items in sections:
        if items:
            lines.append(f"{title}:")
            listed = items if limit is None else items[:limit]
            lines += [f"  - {c.document}{', ' + c.place if c.place else ''}: {c.text}" for c in listed]
            if len(listed) < len(items):
                lines.append("  " + t["cut"].format(n=len(items) - len(listed)))
            lines.append("")
    lines.append(attached)
    return shown("\n".join(lines))


def _figure(c: Change, crops: dict[str, bytes], cids: dict[str, str], t: dict[str, str], lang: str) -> str:
    """A finding's kind, page and figures, and its picture when there is one (its Content-ID put in `cids`)."""
    if c.finding is None or c.status in ("gone", "removed", "accepted"):
        return ""
    e = _e
    f = c.finding
    figure = (f"<div style=\"color:#57606a;font-size:13px\">{e(word(f.kind, lang))} · "
              f"{e(t['page'])} {e(str(f.page))} · {e(_fmt(f.stated))} → {e(_fmt(f.recomputed))}</div>")
    if c.identity in crops:
        cid = make_msgid(domain="pipeline.local")
        cids[c.identity] = cid
        figure += (f"<img src=\"cid:{e(cid[1:-1])}\" alt=\"{e(f.label)}\" "
                   f"style=\"max-width:560px;border:1px solid #d0d7de;margin-top:6px\">")
    return figure


def _html(sections: list[Section], notes: list[str], intro: str, attached: str, t: dict[str, str], lang: str,
          crops: dict[str, bytes], cids: dict[str, str], limit: int | None) -> str:
    e = _e
    parts = [f"<p>{e(intro)}</p>"] + [f"<p><em>{e(n)}</em></p>" for n in notes]
    for key, title, items in sections:
        if not items:
            continue
        parts.append(f"<h3 style=\"margin:18px 0 6px\">{e(title)}</h3>")
        shown = items if limit is None else items[:limit]
        for c in shown:
            figure = _figure(c, crops, cids, t, lang)
            parts.append(f"<div style=\"border-left:4px solid {COLOURS[key]};padding:4px 10px;margin:8px 0\">"
                         f"<strong>{e(c.document)}</strong>{e(' · ' + c.place if c.place else '')}: {e(c.text)}"
                         f"{figure}</div>")
        if len(shown) < len(items):
            parts.append(f"<p>{e(t['cut'].format(n=len(items) - len(shown)))}</p>")
    parts.append(f"<p style=\"color:#57606a\">{e(attached)}</p>")
    return ("<!doctype html><html><body style=\"font-family:system-ui,sans-serif;color:#1f2328;max-width:900px\">"
            + "".join(parts) + "</body></html>")


# The attachment is made to be opened in Excel by double-clicking it: in the run's language the
# way that language's Excel reads a CSV file (Danish: fields apart by semicolons, decimal comma;
# English: commas and a decimal point), UTF-8 with a byte-order mark.
EXCEL_DIALECT = {"da": (";", ","), "en": (",", ".")}


def _excel_figure(value, decimal_mark: str) -> str:
    """A figure as that Excel reads a number: no thousands separator, its own decimal mark."""
    return "" if value is None else str(value).replace(".", decimal_mark)


def _findings_csv(rows: list[Change], lang: str, titles: dict[str, dict[int, str]]) -> str:
    """The attached findings, for people: proposals and tables counted from 1, the proposal's title;
    made to be opened in Excel (`EXCEL_DIALECT`), so text that begins like a formula is
    neutralised (`for_spreadsheet`) and figures are written as that Excel reads numbers."""
    delimiter, decimal_mark = EXCEL_DIALECT[lang]
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(MAIL_CSV_HEAD[lang])
    for c in rows:
        f = c.finding
        if f is None:
            continue
        numbers = table_numbers(f.table)
        figures = [_excel_figure(v, decimal_mark) for v in (f.stated, f.recomputed, f.difference)]
        writer.writerow([for_spreadsheet(v) for v in (
            f.document, f.proposal + 1, titles.get(f.document, {}).get(f.proposal, ""), numbers[1] if numbers else "",
            f.page, f.label, f.column, *figures, word(f.kind, lang), check_sentence(f, lang))])
    return buf.getvalue()


def compose(cfg: MailConfig, found: list[Change], out: Path, input_dir: Path, lang: str = "da",
            crops: dict[str, bytes] | None = None, message_id: str | None = None, *,
            pictures: bool = True, workbook: bool = True, limit: int | None = None,
            to: list[str] | None = None, titles: dict[str, dict[int, str]] | None = None,
            remarks: list[str] | None = None) -> EmailMessage:
    """The report; `pictures`/`workbook` False leave those out and `limit` cuts each list to
    that many lines (the rest is counted), for a message that must fit a size limit.
    `remarks` are said first (a failed validation, pictures that could not be drawn)."""
    t = MAIL[lang]
    crops = (crops or {}) if pictures else {}
    msg = EmailMessage()
    msg["Subject"] = _subject(cfg, found, t)
    msg["From"] = header_text(cfg.sender)
    msg["To"] = header_text(", ".join(to if to is not None else cfg.to) or cfg.sender)
    msg["Date"] = formatdate(localtime=True)
    msg["Message-ID"] = header_text(message_id or make_msgid(domain=cfg.sender.split("@")[-1] or "localhost"))
    intro = t["intro"].format(folder=input_dir)
    attached = t["attached"].format(report=(out / "report.html").absolute())
    sections = _sections(found, t)
    notes = list(remarks or [])
    if not pictures:
        notes.append(t["no_pictures"])
    if not workbook:
        notes.append(t["no_workbook"].format(folder=out.absolute()))
    msg.set_content(_plain(sections, notes, intro, attached, t, limit))

    cids: dict[str, str] = {}
    msg.add_alternative(_html(sections, notes, intro, attached, t, lang, crops, cids, limit), subtype="html")
    html_part = cast(EmailMessage, msg.get_payload(1))  # the part just added
    for identity, cid in cids.items():
        html_part.add_related(crops[identity], maintype="image", subtype="png", cid=cid)

    rows = [c for c in found if c.status in ("new", "changed") and c.what == "finding" and c.finding is not None]
    if limit is not None:
        rows = rows[:limit]
    # UTF-8 with a byte-order mark, said in the part's header: Excel and mail programs show æøå as written
    msg.add_attachment("\ufeff" + _findings_csv(rows, lang, titles or {}), subtype="csv", charset="utf-8",
                       filename=t["csv_name"])
    xlsx = out / "report.xlsx"
    if workbook and xlsx.is_file():
        msg.add_attachment(xlsx.read_bytes(), maintype="application", subtype=XLSX_TYPE, filename=t["xlsx_name"])
    return msg


def message_size(msg: EmailMessage) -> int:
    """The bytes the server receives (CRLF line ends)."""
    return len(msg.as_bytes(policy=email_policy.SMTP))


def fitted(build: Callable[..., EmailMessage], limit: int) -> EmailMessage:
    """The fullest version of the message that fits in `limit` bytes: pictures go first,
    then the workbook, then the lists are cut shorter and shorter."""
    margin = int(limit * FIT_SHARE) - FIT_RESERVE
    msg = build(pictures=True, workbook=True, limit=None)
    if message_size(msg) <= margin:
        return msg
    msg = build(pictures=False, workbook=True, limit=None)
    if message_size(msg) <= margin:
        return msg
    msg = build(pictures=False, workbook=False, limit=None)
    cut = FIRST_CUT
    while message_size(msg) > margin and cut > 0:
        msg = build(pictures=False, workbook=False, limit=cut)
        cut //= 2
    return msg


def test_message(cfg: MailConfig, lang: str = "da") -> EmailMessage:
    t = MAIL[lang]
    msg = EmailMessage()
    msg["Subject"] = header_text(f"{cfg.subject_prefix} {t['test_subject']}")
    msg["From"] = header_text(cfg.sender)
    msg["To"] = header_text(", ".join(cfg.to) or cfg.sender)
    msg["Date"] = formatdate(localtime=True)
    msg["Message-ID"] = make_msgid(domain=cfg.sender.split("@")[-1] or "localhost")
    msg.set_content(t["test_body"].format(how=settings_line(cfg, lang)))
    return msg
