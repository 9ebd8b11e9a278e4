"""Stage 8b: the reports people read — `report.html` (with a page per document) and crops.

`report.html` lists every document (status, tables, findings, errors) and links to
`report/<document>.html`, which shows each table as it was read with the wrong totals
highlighted (stated and recomputed figure, the rows that were added), and for each table
with findings one picture of that part of the PDF page: the total rows and the rows they
add, the wrong figures ringed.  Pictures are bounded: rendered at `PICTURE_DPI` (at most
`PICTURE_MAX_WIDTH` pixels wide), as small palette PNGs, each page rendered once, at most
`MAX_PICTURES` per document; a document with more than `MANY_FINDINGS` table findings (a
misreading, most likely) is summarised table by table instead of listed finding by finding,
and at most `MAX_TABLES_SHOWN` of its tables are shown as read.
Every page is self-contained (inline style, pictures as data URIs): it opens from a file,
offline, and can be forwarded.  All text from the documents is escaped.
"""
from __future__ import annotations

import base64
import html
import io
import re
from pathlib import Path

from pipeline.isolation import Limits, WorkerFailed, call_isolated
from pipeline.model import DocumentResult, Finding, Kind, Status, Table
from pipeline.report.files import short_name, write_atomic
from pipeline.tables.numbers import format_danish
from pipeline.text.messages import (
    check_sentence,
    error_sentence,
    finding_place,
    note_sentence,
    proposal_label,
    status_sentence,
    table_label,
    word,
)

TEXTS = {
    "da": {
        "title": "Kontrol af budgetforslag", "documents": "Dokumenter", "document": "Dokument",
        "status": "Status", "pages": "Sider", "tables": "Tabeller", "findings": "Fejl i tabeller",
        "narrative": "Tekst mod tabel", "error": "Fejl", "ok": "i orden", "flagged": "fejl fundet",
        "unreadable": "kan ikke læses", "summary": "{n} dokumenter: {ok} i orden, {flagged} med fejl, {unchecked} ikke kontrolleret "
                   "(ingen total at genberegne), {err} kan ikke læses.", "checks": "Totaler genberegnet",
        "validation": "Validering af de udtrukne data (Great Expectations)", "valid_ok": "alle {n} forventninger opfyldt",
        "valid_bad": "{bad} af {n} forventninger ikke opfyldt", "back": "Til oversigten", "label": "Række",
        "category": "Styringsområde", "role": "Rolle", "stated": "Opgjort", "recomputed": "Genberegnet",
        "difference": "Forskel", "added": "Lagt sammen", "kind": "Type", "page": "Side",
        "no_findings": "Alle totaler stemmer (inden for afrunding).", "notes": "Bemærkninger",
        "unit": "Enhed", "price": "Prisniveau", "table_findings": "Fejl i tabellerne", "text_findings":
        "Beløb i teksten, der ikke stemmer med tabellen", "tables_read": "Tabellerne som de er læst",
        "second": "Anden læser (camelot): {agreed} af {compared} tal ens", "picture": "Udsnit af siden",
        "no_tables": "Ingen økonomiske tabeller fundet.", "checked": "{n} totaler genberegnet",
        "many": "{n} fejl i tabellerne — for mange til at vise én for én: sandsynligvis en fejllæsning. Se tabellerne "
                "selv; alle fejl står i findings.csv.", "table": "Tabel", "count": "Antal fejl", "first": "Første fejl",
        "more_tables": "{n} tabeller mere står i result.json.",
        "more_pictures": "Udsnit vises for de første {n} tabeller med fejl.",
    },
    "en": {
        "title": "Budget proposal check", "documents": "Documents", "document": "Document",
        "status": "Status", "pages": "Pages", "tables": "Tables", "findings": "Table findings",
        "narrative": "Text vs table", "error": "Error", "ok": "ok", "flagged": "flagged",
        "unreadable": "unreadable", "summary": "{n} documents: {ok} ok, {flagged} flagged, {unchecked} unchecked (nothing to recompute), "
                   "{err} unreadable.", "checks": "Totals recomputed",
        "validation": "Validation of the extracted data (Great Expectations)", "valid_ok": "all {n} expectations met",
        "valid_bad": "{bad} of {n} expectations not met", "back": "Back to the index", "label": "Row",
        "category": "Budget area", "role": "Role", "stated": "Stated", "recomputed": "Recomputed",
        "difference": "Difference", "added": "Rows added", "kind": "Kind", "page": "Page",
        "no_findings": "Every total agrees (within rounding).", "notes": "Notes",
        "unit": "Unit", "price": "Price base", "table_findings": "Findings in the tables", "text_findings":
        "Amounts in the text that disagree with the table", "tables_read": "The tables as read",
        "second": "Second reader (camelot): {agreed} of {compared} figures the same", "picture": "Part of the page",
        "no_tables": "No financial tables found.", "checked": "{n} totals recomputed",
        "many": "{n} findings in the tables — too many to show one by one: probably a misreading. Look at the tables "
                "yourself; every finding is in findings.csv.", "table": "Table", "count": "Findings", "first": "First finding",
        "more_tables": "{n} more tables are in result.json.",
        "more_pictures": "Pictures are shown for the first {n} tables with findings.",
    },
}

STYLE = """
body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:24px;color:#1f2328;max-width:1200px}
h1{font-size:24px} h2{font-size:19px;margin-top:28px} h3{font-size:16px;margin-bottom:4px}
table{border-collapse:collapse;margin:8px 0 16px} th,td{border:1px solid #d0d7de;padding:3px 8px;font-size:13px}
th{background:#f6f8fa;text-align:left} td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tr.total td{font-weight:600} tr.section td{font-style:italic;background:#f6f8fa} tr.other td{color:#57606a}
td.wrong{background:#ffd7d5;color:#82071e;font-weight:700;outline:2px solid #cf222e}
.st-ok{color:#1a7f37;font-weight:600} .st-flagged{color:#cf222e;font-weight:700} .st-error{color:#9a6700;font-weight:700} .st-unchecked{color:#8250df;font-weight:700}
.finding{border:1px solid #d0d7de;border-left:5px solid #cf222e;padding:8px 12px;margin:12px 0;display:flex;gap:16px;flex-wrap:wrap}
.finding.narrative{border-left-color:#bf8700} .finding .text{flex:1 1 380px} .finding img{max-width:560px;border:1px solid #d0d7de}
.picture{margin:8px 0 14px} .picture img{max-width:100%;border:1px solid #d0d7de}
.muted{color:#57606a;font-size:13px} a{color:#0969da}
"""


def _e(text) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def slug(document: str) -> str:
    """The file name of a document's page: its path flattened, shortened with a hash when long."""
    return short_name(re.sub(r"[^\w.-]+", "_", document), document) + ".html"


MAX_PICTURES = 6  # pictures per document (one per table with findings)
MANY_FINDINGS = 40  # more table findings than this in a document: summarised per table, not listed
MAX_TABLES_SHOWN = 60  # tables shown as read on a document's page; the rest are in result.json
PICTURE_DPI = 110  # resolution of the pictures ...
PICTURE_MAX_WIDTH = 1000  # ... and their largest width in pixels
PICTURE_COLOURS = 64  # palette PNG: text and rules need few colours, and it keeps the e-mail small
MARGIN = 6.0  # points around the rows shown
WRONG = (207, 34, 46)
ADDED = (255, 214, 10, 70)  # translucent yellow over the rows that were added


class _Pages:
    """Renders a PDF's pages once each (at `PICTURE_DPI`), for several pictures."""

    def __init__(self, pdf: Path):
        import pypdfium2 as pdfium

        self.doc = pdfium.PdfDocument(str(pdf))
        self.rendered: dict[int, tuple] = {}

    def page(self, number: int):
        if number not in self.rendered:
            page = self.doc[number - 1]
            width, _ = page.get_size()
            scale = min(PICTURE_DPI / 72, PICTURE_MAX_WIDTH / max(width, 1.0))
            self.rendered[number] = (page.render(scale=scale).to_pil().convert("RGB"), scale)
            page.close()
        return self.rendered[number]

    def close(self) -> None:
        self.rendered.clear()
        self.doc.close()


def crop_png(pages: _Pages, page: int, area, marks=(), bands=()) -> bytes:
    """A PNG of `area` (x0, top, x1, bottom in points) of a page; `marks` (boxes) ringed in
    red, `bands` (top, bottom) tinted yellow across the area."""
    from PIL import Image, ImageDraw

    image, scale = pages.page(page)
    x0, top, x1, bottom = area
    box = (max(0, int((x0 - MARGIN) * scale)), max(0, int((top - MARGIN) * scale)),
           min(image.width, int((x1 + MARGIN) * scale) + 1), min(image.height, int((bottom + MARGIN / 3) * scale) + 1))
    crop = image.crop(box).convert("RGBA")
    tint = Image.new("RGBA", crop.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(tint)
    for band_top, band_bottom in bands:
        draw.rectangle((0, band_top * scale - box[1], crop.width, band_bottom * scale - box[1]), fill=ADDED)
    crop = Image.alpha_composite(crop, tint).convert("RGB")
    draw = ImageDraw.Draw(crop)
    for mx0, mtop, mx1, mbottom in marks:
        draw.rectangle(((mx0 - 3) * scale - box[0], (mtop - 2) * scale - box[1],
                        (mx1 + 3) * scale - box[0], (mbottom + 2) * scale - box[1]), outline=WRONG, width=3)
    small = crop.quantize(colors=PICTURE_COLOURS, method=Image.Quantize.MEDIANCUT)
    buf = io.BytesIO()
    small.save(buf, format="PNG", optimize=True)
    return buf.getvalue()


def _table_picture(pages: _Pages, table: Table, findings: list[Finding]) -> bytes | None:
    """The rows behind a table's findings: from the table's head down to its lowest total or
    added row on the page of the first wrong total, the wrong figures ringed."""
    page = next((f.page for f in findings if f.bbox is not None and f.page in table.bbox), None)
    if page is None:
        return None
    rows = {r.index: r for r in table.rows}
    involved = {f.row for f in findings if f.page == page} | {
        a.row for f in findings if f.page == page for a in f.addends if a.row is not None}
    boxes = [rows[i].bbox for i in involved if i in rows and rows[i].page == page]
    x0, top, x1, bottom = table.bbox[page]
    if boxes:
        bottom = min(bottom, max(b[3] for b in boxes))
    added = [(rows[a.row].bbox[1], rows[a.row].bbox[3]) for f in findings if f.page == page for a in f.addends
             if a.row is not None and a.row in rows and rows[a.row].page == page]
    marks = [f.bbox for f in findings if f.page == page and f.bbox is not None]
    return crop_png(pages, page, (x0, top, x1, bottom), marks, added)


def table_pictures(result: DocumentResult, pdf: Path, findings: list[Finding] | None = None,
                   limit: int = MAX_PICTURES) -> dict[str, bytes]:
    """Table id -> PNG, one picture for each table with findings (of `findings`, by default
    all of the document's table findings), the first `limit` tables; none when the document
    has more than `MANY_FINDINGS` table findings, or when the PDF cannot be opened."""
    chosen = [f for f in (result.findings if findings is None else findings) if f.kind != Kind.NARRATIVE and f.table]
    if not chosen or len([f for f in result.findings if f.kind != Kind.NARRATIVE]) > MANY_FINDINGS:
        return {}
    tables = {t.id: t for t in result.tables}
    by_table: dict[str, list[Finding]] = {}
    for f in chosen:
        if f.table in tables:
            by_table.setdefault(f.table, []).append(f)
    try:
        pages = _Pages(pdf)
    except Exception:  # the file changed or vanished since it was read
        return {}
    out: dict[str, bytes] = {}
    try:
        for table_id, found in list(by_table.items())[:limit]:
            png = _table_picture(pages, tables[table_id], found)
            if png:
                out[table_id] = png
    finally:
        pages.close()
    return out


def _data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def _fmt(value, decimals: int = 0) -> str:
    return "" if value is None else format_danish(value, decimals)


def _status(result: DocumentResult, lang: str) -> str:
    return f'<span class="st-{result.status}">{_e(word(result.status, lang))}</span>'


def _picture_block(table: Table, png: bytes, t: dict, page: int, lang: str) -> str:
    name = table_label(table.id, lang, capital=True)
    return (f'<div class="picture"><div class="muted">{_e(t["picture"])}: {_e(name)} ({_e(t["page"])} {page})</div>'
            f'<img class="crop" alt="{_e(name)} {_e(table.title)}" src="{_data_uri(png)}"></div>')


def _finding_block(f: Finding, t: dict, lang: str, titles: dict[int, str] | None = None) -> str:
    cls = "finding narrative" if f.kind == Kind.NARRATIVE else "finding"
    added = "".join(f"<li>{_e(a.label)}: {_e(_fmt(a.value))}</li>" for a in f.addends)
    return (f'<div class="{cls}"><div class="text"><p><strong>{_e(check_sentence(f, lang))}</strong></p>'
            f'<p class="muted">{_e(finding_place(f, titles or {}, lang))} · {_e(t["page"])} {f.page} · '
            f'{_e(t["kind"])}: {_e(word(f.kind, lang))}</p>'
            f'<table><tr><th>{_e(t["stated"])}</th><th>{_e(t["recomputed"])}</th><th>{_e(t["difference"])}</th></tr>'
            f'<tr><td class="num">{_e(_fmt(f.stated, _dec(f.stated)))}</td><td class="num">{_e(_fmt(f.recomputed, _dec(f.recomputed)))}</td>'
            f'<td class="num">{_e(_fmt(f.difference, _dec(f.difference)))}</td></tr></table>'
            + (f'<div class="muted">{_e(t["added"])}:</div><ul>{added}</ul>' if added else "")
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


def _dec(value) -> int:
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
                cells.append(f'<td class="num wrong" title="{_e(tip)}">{_e(text)}<br><span class="muted">→ {_e(_fmt(f.recomputed))}</span></td>')
            else:
                cells.append(f'<td class="num">{_e(text)}</td>')
        rows.append(f'<tr class="{_e(row.role)}"><td>{_e(row.label)}</td><td>{_e(row.category or "")}</td>'
                    f'<td>{_e(word(row.role, lang))}</td>{"".join(cells)}</tr>')
    cc = table.crosscheck or {}
    second = (f'<p class="muted">{_e(t["second"].format(agreed=cc.get("agreed", 0), compared=cc.get("compared", 0)))}</p>'
              if cc.get("compared") else "")
    notes = "".join(f"<li>{_e(note_sentence(n, lang))}</li>" for n in table.notes)
    proposal = proposal_label(table.proposal, (titles or {}).get(table.proposal), lang, capital=True)
    return (f'<h3 id="{_e(table.id)}">{_e(table_label(table.id, lang, capital=True))}: {_e(table.title or "—")}</h3>'
            f'<p class="muted">{_e(proposal)} · {_e(t["page"])} {table.page} · {_e(t["unit"])}: {_e(table.unit or "?")} · '
            f'{_e(t["price"])}: {_e(table.price_base or "—")}</p>'
            f'<table><tr><th>{_e(t["label"])}</th><th>{_e(t["category"])}</th><th>{_e(t["role"])}</th>{head}</tr>'
            + "".join(rows) + "</table>" + second + (f"<ul class=\"muted\">{notes}</ul>" if notes else ""))


def _page(title: str, body: str, lang: str) -> str:
    return (f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{_e(title)}</title>'
            f"<style>{STYLE}</style></head><body>{body}</body></html>\n")


def document_page(result: DocumentResult, pdf: Path, lang: str, pictures: bool = True) -> str:
    t = TEXTS[lang]
    tables = {tb.id: tb for tb in result.tables}
    parts = [f'<p><a href="../report.html">← {_e(t["back"])}</a></p><h1>{_e(result.document)}</h1>',
             f"<p>{_status(result, lang)} · {_e(t['pages'])}: {_e(result.pages or '—')} · {_e(t['tables'])}: {len(result.tables)}"
             f" · {_e(t['checked'].format(n=len(result.checks)))}</p>"]
    if result.status == Status.ERROR:
        parts.append(f"<p><strong>{_e(t['error'])}: {_e(word(result.error, lang))}</strong> — "
                     f"{_e(error_sentence(result.error, result.error_params, lang))}</p>")
    else:
        parts.append(f'<p class="st-{result.status}"><strong>'
                     f'{_e(status_sentence(result.status, lang, len(result.checks), len(result.findings)))}</strong></p>')
    titles = {p.index: p.title for p in result.proposals}
    for p in result.proposals:
        parts.append(f'<p class="muted">{_e(proposal_label(p.index, p.title, lang, capital=True))} '
                     f'({_e(t["pages"]).lower()} {p.first_page}–{p.last_page})</p>')
    table_findings = [f for f in result.findings if f.kind != Kind.NARRATIVE]
    narrative = [f for f in result.findings if f.kind == Kind.NARRATIVE]
    if result.status != "error":
        if table_findings:
            parts.append(f"<h2>{_e(t['table_findings'])}</h2>")
        if len(table_findings) > MANY_FINDINGS:
            parts.append(_summary_block(table_findings, t, lang))
        else:
            drawn = table_pictures(result, pdf) if pictures else {}
            by_table: dict[str, list[Finding]] = {}
            for f in table_findings:
                by_table.setdefault(f.table, []).append(f)
            for table_id, found in by_table.items():
                if table_id in drawn:
                    page = next(f.page for f in found if f.bbox is not None and f.page in tables[table_id].bbox)
                    parts.append(_picture_block(tables[table_id], drawn[table_id], t, page, lang))
                parts += [_finding_block(f, t, lang, titles) for f in found]
            if len(by_table) > MAX_PICTURES:
                parts.append(f'<p class="muted">{_e(t["more_pictures"].format(n=MAX_PICTURES))}</p>')
        if narrative:
            parts.append(f"<h2>{_e(t['text_findings'])}</h2>")
            for f in narrative:
                parts.append(_finding_block(f, t, lang, titles))
        if result.notes:
            parts.append(f"<h2>{_e(t['notes'])}</h2><ul>"
                         + "".join(f"<li>{_e(note_sentence(n, lang))}</li>" for n in result.notes) + "</ul>")
        parts.append(f"<h2>{_e(t['tables_read'])}</h2>")
        if not result.tables:
            parts.append(f"<p>{_e(t['no_tables'])}</p>")
        for table in result.tables[:MAX_TABLES_SHOWN]:
            wrong = {(f.row, f.column): f for f in table_findings if f.table == table.id and f.row is not None}
            parts.append(_table_block(table, wrong, t, lang, titles))
        if len(result.tables) > MAX_TABLES_SHOWN:
            parts.append(f'<p class="muted">{_e(t["more_tables"].format(n=len(result.tables) - MAX_TABLES_SHOWN))}</p>')
    return _page(f"{t['title']}: {result.document}", "".join(parts), lang)


def index_page(results: list[DocumentResult], pages: dict[str, str], lang: str, validation=None) -> str:
    t = TEXTS[lang]
    ok = sum(r.status == Status.OK for r in results)
    flagged = sum(r.status == Status.FLAGGED for r in results)
    unchecked = sum(r.status == Status.UNCHECKED for r in results)
    err = sum(r.status == Status.ERROR for r in results)
    rows = []
    for r in results:
        tf = sum(f.kind != Kind.NARRATIVE for f in r.findings)
        nf = len(r.findings) - tf
        proposals = "".join(f'<br><span class="muted">{_e(proposal_label(p.index, p.title, lang, capital=True))}</span>'
                            for p in r.proposals if p.title)
        rows.append(f'<tr><td><a href="report/{_e(pages[r.document])}">{_e(r.document)}</a>{proposals}</td><td>{_status(r, lang)}</td>'
                    f'<td class="num">{_e(r.pages or "")}</td><td class="num">{len(r.tables)}</td>'
                    f'<td class="num">{len(r.checks) if r.status != Status.ERROR else ""}</td>'
                    f'<td class="num">{tf or ""}</td><td class="num">{nf or ""}</td>'
                    f'<td>{_e(word(r.error, lang) + ": " + error_sentence(r.error, r.error_params, lang) if r.status == Status.ERROR else "")}</td></tr>')
    valid = ""
    if validation is not None:
        n = sum(len(o.results) for o in validation)
        bad = sum(not x["success"] for o in validation for x in o.results)
        verdict = t["valid_ok"].format(n=n) if not bad else t["valid_bad"].format(bad=bad, n=n)
        cls = "st-ok" if not bad else "st-flagged"
        valid = f'<p>{_e(t["validation"])}: <a class="{cls}" href="validation.html">{_e(verdict)}</a></p>'
    summary = t["summary"].format(n=len(results), ok=ok, flagged=flagged, unchecked=unchecked, err=err)
    body = (f"<h1>{_e(t['title'])}</h1><p>{_e(summary)}</p>"
            f"{valid}<h2>{_e(t['documents'])}</h2><table><tr><th>{_e(t['document'])}</th><th>{_e(t['status'])}</th>"
            f"<th>{_e(t['pages'])}</th><th>{_e(t['tables'])}</th><th>{_e(t['checks'])}</th><th>{_e(t['findings'])}</th><th>{_e(t['narrative'])}</th>"
            f"<th>{_e(t['error'])}</th></tr>" + "".join(rows) + "</table>")
    return _page(t["title"], body, lang)


def _document_page_isolated(result: DocumentResult, pdf: Path, lang: str, limits) -> str:
    """A document's page, drawn in a worker with the reader's limits: a picture that would
    need too much memory or time costs that document its pictures, never the run."""
    if not any(f.kind != Kind.NARRATIVE for f in result.findings):
        return document_page(result, pdf, lang)  # nothing to draw
    try:
        return call_isolated(document_page, result, pdf, lang, limits=limits)
    except WorkerFailed:
        return document_page(result, pdf, lang, pictures=False)


def write_html(out: Path, input_dir: Path, results: list[DocumentResult], lang: str = "da", validation=None,
               paths: dict[str, Path] | None = None, limits=None) -> Path:
    """report.html and report/<document>.html in `out` (a run's new output folder).
    `paths` maps a document to the file it was read from (default: input_dir / document)."""
    limits = limits or Limits()
    results = sorted(results, key=lambda r: r.document)
    pages: dict[str, str] = {}
    used: set[str] = set()
    for r in results:
        name = slug(r.document)
        while name in used:
            name = "_" + name
        used.add(name)
        pages[r.document] = name
        pdf = (paths or {}).get(r.document, input_dir / r.document)
        write_atomic(out / "report" / name, _document_page_isolated(r, pdf, lang, limits).encode("utf-8"))
    target = out / "report.html"
    write_atomic(target, index_page(results, pages, lang, validation).encode("utf-8"))
    return target
