"""Stage 8b: the reports people read — `report.html`, with a page per document.

`report.html` lists every document (status, tables, findings, errors) and links to
`report/<document>.html`, which shows each table as it was read with the wrong totals
highlighted (stated and recomputed figure, the rows that were added), and for each table
with findings one picture of that part of the PDF page (`report.pictures`).  A document
with more than `MANY_FINDINGS` table findings (a misreading, most likely) is summarised
table by table instead of listed finding by finding, and at most `MAX_TABLES_SHOWN` of its
tables are shown as read.
Every page is self-contained (inline style, pictures as data URIs): it opens from a file,
offline, and can be forwarded.  All text from the documents is escaped.
"""
from __future__ import annotations

import base64
import html
import re
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from pipeline.isolation import Limits, WorkerFailed, call_isolated
from pipeline.model import DocumentResult, Finding, Kind, NoteCode, Status, Table, withheld
from pipeline.report.files import in_document_order, short_name, write_atomic
from pipeline.report.pictures import MANY_FINDINGS, MAX_PICTURES, table_pictures
from pipeline.tables.numbers import format_danish
from pipeline.text.messages import (
    REPORT_HTML,
    accepted_sentence,
    check_sentence,
    error_sentence,
    finding_place,
    note_sentence,
    picture_failed,
    picture_why,
    proposal_label,
    status_sentence,
    table_label,
    word,
    worked_sum,
)
from pipeline.text.shown import shown

STYLE = """
body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:24px;color:#1f2328;max-width:1200px}
h1{font-size:24px} h2{font-size:19px;margin-top:28px} h3{font-size:16px;margin-bottom:4px}
table{border-collapse:collapse;margin:8px 0 16px} th,td{border:1px solid #d0d7de;padding:3px 8px;font-size:13px}
th{background:#f6f8fa;text-align:left} td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tr.total td{font-weight:600} tr.section td{font-style:italic;background:#f6f8fa} tr.other td{color:#57606a}
td.wrong{background:#ffd7d5;color:#82071e;font-weight:700;outline:2px solid #cf222e}
.st-ok{color:#1a7f37;font-weight:600} .st-flagged{color:#cf222e;font-weight:700} \
.st-error{color:#9a6700;font-weight:700} .st-unchecked{color:#8250df;font-weight:700}
.st-reviewed{color:#57606a;font-weight:700}
.finding.accepted{border-left-color:#8c959f;background:#f6f8fa} .accepted-by{color:#1f2328;font-style:italic}
td.wrong.accepted{background:#eaeef2;color:#57606a;outline:2px dashed #8c959f}
.finding{border:1px solid #d0d7de;border-left:5px solid #cf222e;padding:8px 12px;margin:12px 0;display:flex;\
gap:16px;flex-wrap:wrap}
.finding.narrative{border-left-color:#bf8700} .finding .text{flex:1 1 380px} \
.finding img{max-width:560px;border:1px solid #d0d7de}
.picture{margin:8px 0 14px} .picture img{max-width:100%;border:1px solid #d0d7de}
.muted{color:#57606a;font-size:13px} a{color:#0969da}
"""


def _e(text) -> str:
    """Text for the page: HTML escaped, and characters that act unseen (bidi overrides,
    zero-width, control characters) shown escaped (`text.shown`)."""
    return html.escape(shown("" if text is None else str(text)), quote=True)


def slug(document: str) -> str:
    """The file name of a document's page: its path flattened, shortened with a hash when long."""
    return short_name(re.sub(r"[^\w.-]+", "_", document), document) + ".html"


MAX_TABLES_SHOWN = 60  # tables shown as read on a document's page; the rest are in result.json


def _data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def _fmt(value: Decimal | None, decimals: int = 0) -> str:
    return "" if value is None else format_danish(value, decimals)


def _status(result: DocumentResult, lang: str) -> str:
    return f'<span class="st-{result.status}">{_e(word(result.status, lang))}</span>'


def _picture_block(table: Table, png: bytes, t: dict, page: int, lang: str) -> str:
    name = table_label(table.id, lang, capital=True)
    return (f'<div class="picture"><div class="muted">{_e(t["picture"])}: {_e(name)} ({_e(t["page"])} {page})</div>'
            f'<img class="crop" alt="{_e(name)} {_e(table.title)}" src="{_data_uri(png)}"></div>')


def _finding_block(f: Finding, t: dict, lang: str, titles: dict[int, str] | None = None) -> str:
    cls = "finding narrative" if f.kind == Kind.NARRATIVE else "finding"
    accepted = ""
    if f.accepted is not None:  # shown apart: greyed, with who accepted it, why and when
        cls += " accepted"
        accepted = f'<p class="accepted-by">{_e(accepted_sentence(f.accepted, lang))}</p>'
    working = "".join(f'<div class="muted">{_e(t[head])}:</div><ul>' + "".join(f"<li>{_e(x)}</li>" for x in terms)
                      + "</ul>" for head, terms in zip(("added", "subtracted"), worked_sum(f.addends), strict=True)
                      if terms)
    return (f'<div class="{cls}"><div class="text"><p><strong>{_e(check_sentence(f, lang))}</strong></p>'
            f'<p class="muted">{_e(finding_place(f, titles or {}, lang))} · {_e(t["page"])} {f.page} · '
            f'{_e(t["kind"])}: {_e(word(f.kind, lang))}</p>{accepted}'
            f'<table><tr><th>{_e(t["stated"])}</th><th>{_e(t["recomputed"])}</th><th>{_e(t["difference"])}</th></tr>'
            f'<tr><td class="num">{_e(_fmt(f.stated, _dec(f.stated)))}</td>'
            f'<td class="num">{_e(_fmt(f.recomputed, _dec(f.recomputed)))}</td>'
            f'<td class="num">{_e(_fmt(f.difference, _dec(f.difference)))}</td></tr></table>'
            + working
            + "</div></div>")


def _summary_block(findings: list[Finding], t: dict, lang: str) -> str:
    """A misreading's thousands of findings: how many in each table, and the first one of each."""
    by_table: dict[str, list[Finding]] = {}
    for f in findings:
        by_table.setdefault(f.table, []).append(f)
    rows = "".join(f'<tr><td>{_e(table_label(table, lang, capital=True))}</td><td class="num">{len(found)}</td>'
                   f'<td>{_e(check_sentence(found[0], lang))}</td></tr>' for table, found in by_table.items())
    return (f'<p><strong>{_e(t["many"].format(n=len(findings)))}</strong></p>'
            f'<table><tr><th>{_e(t["table"])}</th><th>{_e(t["count"])}</th><th>{_e(t["first"])}</th></tr>{rows}</table>')


def _dec(value: Decimal | None) -> int:
    exponent = value.normalize().as_tuple().exponent if value is not None else 0
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _table_block(table: Table, wrong: dict, t: dict, lang: str, titles: dict[int, str] | None = None) -> str:
    head = "".join(f'<th class="num">{_e(c)}</th>' for c in table.columns)
    rows = []
    for row in table.rows:
        cells = []
        for column in table.columns:
            cell = row.cells.get(column)
            text = cell.raw if cell else ""
            key = (row.index, column)
            if key in wrong:
                f = wrong[key]
                tip = f"{t['stated']} {_fmt(f.stated)}, {t['recomputed']} {_fmt(f.recomputed)}"
                if f.accepted is not None:
                    tip += f" ({accepted_sentence(f.accepted, lang)})"
                accepted = " accepted" if f.accepted is not None else ""
                cells.append(f'<td class="num wrong{accepted}" title="{_e(tip)}">{_e(text)}<br>'
                             f'<span class="muted">→ {_e(_fmt(f.recomputed))}</span></td>')
            else:
                cells.append(f'<td class="num">{_e(text)}</td>')
        rows.append(f'<tr class="{_e(row.role)}"><td>{_e(row.label)}</td><td>{_e(row.category or "")}</td>'
                    f'<td>{_e(word(row.role, lang))}</td>{"".join(cells)}</tr>')
    cc = table.crosscheck or {}
    agreement = t["second"].format(agreed=cc.get("agreed", 0), compared=cc.get("compared", 0))
    second = f'<p class="muted">{_e(agreement)}</p>' if cc.get("compared") else ""
    notes = "".join(f"<li>{_e(note_sentence(n, lang))}</li>" for n in table.notes)
    proposal = proposal_label(table.proposal, (titles or {}).get(table.proposal), lang, capital=True)
    return (f'<h3 id="{_e(table.id)}">{_e(table_label(table.id, lang, capital=True))}: {_e(table.title or "—")}</h3>'
            f'<p class="muted">{_e(proposal)} · {_e(t["page"])} {table.page} · '
            f'{_e(t["unit"])}: {_e(table.unit or "?")} · '
            f'{_e(t["price"])}: {_e(table.price_base or "—")}</p>'
            f'<table><tr><th>{_e(t["label"])}</th><th>{_e(t["category"])}</th><th>{_e(t["role"])}</th>{head}</tr>'
            + "".join(rows) + "</table>" + second + (f"<ul class=\"muted\">{notes}</ul>" if notes else ""))


def _page(title: str, body: str, lang: str) -> str:
    return (f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{_e(title)}</title>'
            f"<style>{STYLE}</style></head><body>{body}</body></html>\n")


def _head(result: DocumentResult, t: dict[str, str], lang: str) -> list[str]:
    """A document's page down to its findings: name, status, counts, why it cannot be read, its proposals."""
    parts = [f'<p><a href="../report.html">← {_e(t["back"])}</a></p><h1>{_e(result.document)}</h1>',
             f"<p>{_status(result, lang)} · {_e(t['pages'])}: {_e(result.pages or '—')} · "
             f"{_e(t['tables'])}: {len(result.tables)}"
             f" · {_e(t['checked'].format(n=len(result.checks)))}</p>"]
    if result.status == Status.ERROR:
        parts.append(f"<p><strong>{_e(t['error'])}: {_e(word(result.error, lang))}</strong> — "
                     f"{_e(error_sentence(result.error, result.error_params, lang))}</p>")
    else:
        verdict = status_sentence(result.status, lang, len(result.checks), len(result.findings),
                                  withheld(result))
        parts.append(f'<p class="st-{result.status}"><strong>{_e(verdict)}</strong></p>')
    for p in result.proposals:
        parts.append(f'<p class="muted">{_e(proposal_label(p.index, p.title, lang, capital=True))} '
                     f'({_e(t["pages"]).lower()} {p.first_page}–{p.last_page})</p>')
    return parts


def _table_findings(result: DocumentResult, found: list[Finding], pdf: Path, pictures: bool, t: dict[str, str],
                    lang: str, titles: dict[int, str], unpictured: str = "") -> list[str]:
    """The findings in the tables: each table's picture and its findings, or a summary of too
    many; `unpictured` says why the pictures could not be drawn."""
    parts = [f"<h2>{_e(t['table_findings'])}</h2>"] if found else []
    if found and unpictured:
        parts.append(f'<p class="st-flagged">{_e(picture_failed("page", unpictured, lang))}</p>')
    if len(found) > MANY_FINDINGS:
        return parts + [_summary_block(found, t, lang)]
    tables = {tb.id: tb for tb in result.tables}
    drawn = table_pictures(result, pdf) if pictures else {}
    by_table: dict[str, list[Finding]] = {}
    for f in found:
        by_table.setdefault(f.table, []).append(f)
    for table_id, in_table in by_table.items():
        if table_id in drawn:
            page = next(f.page for f in in_table if f.bbox is not None and f.page in tables[table_id].bbox)
            parts.append(_picture_block(tables[table_id], drawn[table_id], t, page, lang))
        parts += [_finding_block(f, t, lang, titles) for f in in_table]
    if len(by_table) > MAX_PICTURES:
        parts.append(f'<p class="muted">{_e(t["more_pictures"].format(n=MAX_PICTURES))}</p>')
    return parts


def _tables_read(result: DocumentResult, found: list[Finding], t: dict[str, str], lang: str,
                 titles: dict[int, str]) -> list[str]:
    """The tables as read, the wrong figures marked, at most `MAX_TABLES_SHOWN` of them."""
    parts = [f"<h2>{_e(t['tables_read'])}</h2>"]
    if not result.tables:
        parts.append(f"<p>{_e(t['no_tables'])}</p>")
    for table in result.tables[:MAX_TABLES_SHOWN]:
        wrong = {(f.row, f.column): f for f in found if f.table == table.id and f.row is not None}
        parts.append(_table_block(table, wrong, t, lang, titles))
    if len(result.tables) > MAX_TABLES_SHOWN:
        more = t["more_tables"].format(n=len(result.tables) - MAX_TABLES_SHOWN)
        parts.append(f'<p class="muted">{_e(more)}</p>')
    return parts


def document_page(result: DocumentResult, pdf: Path, lang: str, pictures: bool = True, unpictured: str = "") -> str:
    """A document's report page; with `pictures` False and `unpictured` (why), the page says
    that its pictures could not be drawn and why."""
    t = REPORT_HTML[lang]
    parts = _head(result, t, lang)
    titles = {p.index: p.title for p in result.proposals}
    found = sorted(result.findings, key=lambda f: f.accepted is not None)  # what is still to do first
    table_findings = [f for f in found if f.kind != Kind.NARRATIVE]
    narrative = [f for f in found if f.kind == Kind.NARRATIVE]
    if result.status != "error":
        parts += _table_findings(result, table_findings, pdf, pictures, t, lang, titles, unpictured)
        if narrative:
            parts.append(f"<h2>{_e(t['text_findings'])}</h2>")
            for f in narrative:
                parts.append(_finding_block(f, t, lang, titles))
        if result.notes:
            parts.append(f"<h2>{_e(t['notes'])}</h2><ul>"
                         + "".join(f"<li>{_e(note_sentence(n, lang))}</li>" for n in result.notes) + "</ul>")
        parts += _tables_read(result, table_findings, t, lang, titles)
    return _page(f"{t['title']}: {result.document}", "".join(parts), lang)


# the overview lists what needs a person first: flagged, then unchecked, unreadable, reviewed, ok
OVERVIEW_ORDER = {Status.FLAGGED: 0, Status.UNCHECKED: 1, Status.ERROR: 2, Status.REVIEWED: 3, Status.OK: 4}
def _aside(result: DocumentResult, t: dict[str, str], lang: str) -> str:
    """What the overview says beside a readable document: a copy's original, the findings accepted."""
    copy = [note_sentence(n, lang) for n in result.notes if n.code == NoteCode.COPY_OF]
    accepted = sum(f.accepted is not None for f in result.findings)
    return " ".join(copy + ([t["accepted_count"].format(n=accepted)] if accepted else []))


def index_page(results: Sequence[DocumentResult], pages: dict[str, str], lang: str, validation=None) -> str:
    """report.html: the counts, the validation, every document (those that need a person
    first) and every finding, one line each with a link to its document's page."""
    t = REPORT_HTML[lang]
    ok = sum(r.status == Status.OK for r in results)
    flagged = sum(r.status == Status.FLAGGED for r in results)
    unchecked = sum(r.status == Status.UNCHECKED for r in results)
    err = sum(r.status == Status.ERROR for r in results)
    results = sorted(results, key=lambda r: (OVERVIEW_ORDER.get(r.status, len(OVERVIEW_ORDER)), r.document))
    rows, lines = [], []
    for r in results:
        titles = {p.index: p.title for p in r.proposals}
        for f in sorted(r.findings, key=lambda f: f.accepted is not None):  # what is still to do first
            apart = (f' <span class="accepted-by">({_e(accepted_sentence(f.accepted, lang))})</span>'
                     if f.accepted is not None else "")
            item = '<li class="accepted">' if apart else "<li>"
            lines.append(f'{item}<a href="report/{_e(pages[r.document])}">'
                         f'{_e(r.document)}</a>, {_e(finding_place(f, titles, lang))}, {_e(t["page"])} {f.page}: '
                         f'{_e(check_sentence(f, lang))}{apart}</li>')
        tf = sum(f.kind != Kind.NARRATIVE for f in r.findings)
        nf = len(r.findings) - tf
        proposals = "".join(f'<br><span class="muted">{_e(proposal_label(p.index, p.title, lang, capital=True))}</span>'
                            for p in r.proposals if p.title)
        why = (word(r.error, lang) + ": " + error_sentence(r.error, r.error_params, lang)
               if r.status == Status.ERROR else _aside(r, t, lang))
        rows.append(f'<tr><td><a href="report/{_e(pages[r.document])}">{_e(r.document)}</a>{proposals}</td>'
                    f'<td>{_status(r, lang)}</td>'
                    f'<td class="num">{_e(r.pages or "")}</td><td class="num">{len(r.tables)}</td>'
                    f'<td class="num">{len(r.checks) if r.status != Status.ERROR else ""}</td>'
                    f'<td class="num">{tf or ""}</td><td class="num">{nf or ""}</td>'
                    f'<td>{_e(why)}</td></tr>')
    valid = ""
    if validation is not None:
        n = sum(len(o.results) for o in validation)
        bad = sum(not x["success"] and x.get("severity") != "warning" for o in validation for x in o.results)
        verdict = t["valid_ok"].format(n=n) if not bad else t["valid_bad"].format(bad=bad, n=n)
        cls = "st-ok" if not bad else "st-flagged"
        valid = f'<p>{_e(t["validation"])}: <a class="{cls}" href="validation.html">{_e(verdict)}</a></p>'
    summary = t["summary"].format(n=len(results), ok=ok, flagged=flagged, unchecked=unchecked, err=err)
    reviewed = sum(r.status == Status.REVIEWED for r in results)
    if reviewed:
        summary += " " + t["summary_reviewed"].format(n=reviewed)
    body = (f"<h1>{_e(t['title'])}</h1><p>{_e(summary)}</p>"
            f"{valid}<h2>{_e(t['documents'])}</h2><table><tr><th>{_e(t['document'])}</th><th>{_e(t['status'])}</th>"
            f"<th>{_e(t['pages'])}</th><th>{_e(t['tables'])}</th><th>{_e(t['checks'])}</th><th>{_e(t['findings'])}</th><th>{_e(t['narrative'])}</th>"
            f"<th>{_e(t['error'])}</th></tr>" + "".join(rows) + "</table>")
    if lines:
        body += f"<h2>{_e(t['all_findings'].format(n=len(lines)))}</h2><ul class=\"findings\">{''.join(lines)}</ul>"
    return _page(t["title"], body, lang)


def _document_page_isolated(result: DocumentResult, pdf: Path, lang: str, limits) -> tuple[str, str]:
    """A document's page, drawn in a worker with the reader's limits: a picture that would
    need too much memory or time costs that document its pictures, never the run, and the
    page says so.  Returns the page and, when its pictures could not be drawn, why (the
    worker's code: too-large, timeout, internal)."""
    if not any(f.kind != Kind.NARRATIVE for f in result.findings):
        return document_page(result, pdf, lang), ""  # nothing to draw
    try:
        return call_isolated(document_page, result, pdf, lang, limits=limits), ""
    except WorkerFailed as exc:
        why = picture_why(exc.code, lang, limits.memory_mb, limits.timeout)
        return document_page(result, pdf, lang, pictures=False, unpictured=why), str(exc.code)


def write_html(out: Path, input_dir: Path, results: Sequence[DocumentResult], lang: str = "da", validation=None,
               paths: dict[str, Path] | None = None, limits=None) -> dict[str, str]:
    """report.html and report/<document>.html in `out` (a run's new output folder).
    `paths` maps a document to the file it was read from (default: input_dir / document).
    Returns the documents whose pictures could not be drawn, and why (too-large, timeout,
    internal); their pages say so."""
    limits = limits or Limits()
    results = in_document_order(results)
    pages: dict[str, str] = {}
    used: set[str] = set()
    missing: dict[str, str] = {}
    for r in results:
        name = slug(r.document)
        while name in used:
            name = "_" + name
        used.add(name)
        pages[r.document] = name
        pdf = (paths or {}).get(r.document, input_dir / r.document)
        page, why = _document_page_isolated(r, pdf, lang, limits)
        if why:
            missing[r.document] = why
        write_atomic(out / "report" / name, page.encode("utf-8"))
    write_atomic(out / "report.html", index_page(results, pages, lang, validation).encode("utf-8"))
    return missing
