"""Stage 8c: `report.xlsx` for people who work in Excel.

The workbook has a sheet listing the findings, a sheet of documents, an index of the tables
(each a link to its sheet), and one sheet per table, named as people name it (`Forslag 1,
tabel 2`, numbered when two documents share it), with its cells as numbers (shown the
Danish way: `-5.090`, `2,5`) and each row's role in the run's language; a wrong total is
filled red and carries a comment with the recomputed figure and the rows that were added,
printed as the document prints them.  Every list has an autofilter; columns are as wide as
their heading, and wrapped text gets the row height it needs (LibreOffice does not grow a
row for wrapped text by itself).
openpyxl is imported where a workbook is written, not with the module: it takes a third of a
second, which every run and `pipeline --help` would pay.
"""
from __future__ import annotations

import io
import math
import re
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from pipeline.model import DocumentResult, Finding, Kind, NoteCode, Role, Status, Table, withheld
from pipeline.report.files import FORMULA_START, in_document_order, write_atomic
from pipeline.text.messages import (
    WORKBOOK,
    WORKBOOK_HEADS,
    accepted_sentence,
    check_sentence,
    fmt,
    note_sentence,
    status_sentence,
    table_label,
    table_numbers,
    table_place,
    word,
    worked_sum,
)
from pipeline.text.shown import shown

RED = "FFD7D5"
LINE_HEIGHT = 15.0  # points per line of wrapped text
CHARS_PER_WIDTH = 1.15  # characters of body text per unit of column width (Calibri 11, with margin)


def fit_rows(ws: Any, wrapped: dict[int, float], first: int = 2) -> None:
    """Give each row from `first` the height its wrapped cells need (`wrapped` maps a column
    number to its width; a cell's text is as many lines as its length fills at that width),
    and align every cell of it to the top."""
    from openpyxl.styles import Alignment

    for row in ws.iter_rows(min_row=first):
        lines = 1
        for cell in row:
            if cell.alignment.vertical != "top":  # one row reads from its top, wrapped or not
                cell.alignment = Alignment(horizontal=cell.alignment.horizontal, vertical="top",
                                           wrap_text=cell.alignment.wrap_text)
            width = wrapped.get(cell.column)
            if width and isinstance(cell.value, str):
                lines = max(lines, sum(max(1, math.ceil(len(part) / (width * CHARS_PER_WIDTH)))
                                       for part in cell.value.split("\n")))
        if lines > 1:
            ws.row_dimensions[row[0].row].height = LINE_HEIGHT * lines


def heading_row(ws: Any, row: int, widths: dict[int, float]) -> None:
    """A bold, wrapped heading row whose columns are at least as wide as their heading's words."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    for cell in ws[row]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        longest = max((len(w) for w in str(cell.value or "").split()), default=0)
        width = max(widths.get(cell.column, 8.0), longest * 1.1 + 2)
        ws.column_dimensions[get_column_letter(cell.column)].width = width
        widths[cell.column] = width
GREY = "EAEEF2"  # a finding a person accepted: shown apart


def number_format(decimals: int) -> str:
    """Danish display whatever the reader's Excel locale: `[$-406]` is Danish (Denmark)."""
    return "[$-406]#,##0" + ("." + "0" * decimals if decimals else "")


def _number(value: Decimal | None):
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _decimals(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # not allowed in the workbook's XML


def clean_text(text: str) -> str:
    """Text as a workbook can hold it: each control character XML does not allow becomes
    U+FFFD, and characters that act unseen (bidi overrides, zero-width) are shown escaped
    (`text.shown`)."""
    return shown(ILLEGAL.sub("\ufffd", text))


def append_row(ws, values: list) -> int:
    """Append a row and return its number: numbers stay numbers; text is cleaned and text that
    begins like a formula (`=`, `+`, `-`, `@`) is stored as plain text shown as typed (quote
    prefix), never evaluated.  (Rows are counted here: openpyxl's `max_row` looks at every
    cell of the sheet, which made a long report quadratic.)"""
    row = getattr(ws, "_pipeline_rows", 0) + 1
    ws._pipeline_rows = row
    cleaned = [clean_text(v) if isinstance(v, str) else v for v in values]
    ws.append(cleaned)
    for j, v in enumerate(cleaned, start=1):
        if isinstance(v, str) and v.startswith(FORMULA_START):
            cell = ws.cell(row, j)
            cell.data_type = "s"  # openpyxl took a leading "=" for a formula
            cell.quotePrefix = True
    return row


def _sheet_name(text: str, used: set[str]) -> str:
    name = re.sub(r"[\[\]:*?/\\\x00-\x1f\x7f]", "_", shown(text))[:31].strip("'") or "_"
    base, n = name, 2
    while name in used:
        suffix = f" ({n})"
        name = base[: 31 - len(suffix)] + suffix
        n += 1
    used.add(name)
    return name


def _findings_sheet(ws: Any, results: Sequence[DocumentResult], t: dict[str, str], heads: dict[str, list[str]],
                    lang: str, used: set[str]) -> None:
    """Every finding, a row each: proposals and tables counted from 1, as people count them (the
    contract's are in the CSVs)."""
    from openpyxl.styles import Alignment, PatternFill
    from openpyxl.utils import get_column_letter

    ws.title = _sheet_name(t["findings"], used)
    append_row(ws, heads["head"])
    for r in results:
        titles = {p.index: p.title for p in r.proposals}
        for f in r.findings:
            numbers = table_numbers(f.table)
            at = append_row(ws, [f.document, f.proposal + 1, titles.get(f.proposal, ""),
                                 numbers[1] if numbers else None, f.page, f.label, f.column, _number(f.stated),
                                 _number(f.recomputed), _number(f.difference), word(f.kind, lang),
                                 check_sentence(f, lang),
                                 accepted_sentence(f.accepted, lang) if f.accepted is not None else ""])
            for col in (8, 9, 10):
                ws.cell(at, col).number_format = number_format(max(_decimals(f.stated), _decimals(f.recomputed)))
            if f.accepted is not None:  # shown apart: the whole row grey
                for col in range(1, 14):
                    ws.cell(at, col).fill = PatternFill("solid", fgColor=GREY)
    widths = dict(enumerate([28.0, 8, 30, 6, 6, 40, 8, 11, 11, 10, 14, 70, 40], start=1))
    heading_row(ws, 1, widths)
    for row in ws.iter_rows(min_row=2):
        row[2].alignment = row[5].alignment = row[11].alignment = row[12].alignment = \
            Alignment(wrap_text=True, vertical="top")
    fit_rows(ws, {3: widths[3], 6: widths[6], 12: widths[12], 13: widths[13]})
    ws.auto_filter.ref = f"A1:{get_column_letter(len(heads['head']))}{max(1, ws._pipeline_rows)}"
    ws.freeze_panes = "A2"


def _documents_sheet(docs: Any, results: Sequence[DocumentResult], heads: dict[str, list[str]], lang: str) -> None:
    from openpyxl.styles import Alignment
    from openpyxl.utils import get_column_letter

    append_row(docs, heads["dochead"])
    for r in results:
        at = append_row(docs, [r.document, word(r.status, lang), word(r.error, lang) if r.error else "", r.pages,
                               len(r.tables), len(r.findings), len(r.checks) if r.status != Status.ERROR else None,
                               " ".join([status_sentence(r.status, lang, len(r.checks), len(r.findings),
                                                         withheld(r))]
                                        + [note_sentence(n, lang) for n in r.notes if n.code == NoteCode.COPY_OF])])
        docs.cell(at, 8).alignment = Alignment(wrap_text=True, vertical="top")
    widths = {1: 40.0, 2: 16.0, 3: 16.0, 8: 60.0}
    heading_row(docs, 1, widths)
    fit_rows(docs, {8: widths[8]})
    docs.auto_filter.ref = f"A1:{get_column_letter(len(heads['dochead']))}{max(1, docs._pipeline_rows)}"
    docs.freeze_panes = "A2"


def _index_sheet(ws: Any, entries: list[tuple[str, DocumentResult, Table]], heads: dict[str, list[str]],
                 lang: str) -> None:
    """One row per table: a link to its sheet, the document, the table as people name it, its
    page, title and findings."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.hyperlink import Hyperlink

    append_row(ws, heads["indexhead"])
    for name, r, table in entries:
        found = sum(1 for f in r.findings if f.table == table.id)
        at = append_row(ws, [name, r.document, table_label(table.id, lang, capital=True), table.page, table.title,
                             found])
        link = ws.cell(at, 1)
        link.hyperlink = Hyperlink(ref=link.coordinate, location="'" + name.replace("'", "''") + "'!A1")
        link.font = Font(color="0563C1", underline="single")
    widths = {1: 26.0, 2: 36.0, 3: 20.0, 4: 6.0, 5: 60.0, 6: 6.0}
    heading_row(ws, 1, widths)
    ws.auto_filter.ref = f"A1:{get_column_letter(len(heads['indexhead']))}{max(1, ws._pipeline_rows)}"
    ws.freeze_panes = "A2"


def _mark_wrong(target: Any, wrong_total: Finding, t: dict[str, str], lang: str) -> None:
    """A wrong total: filled red, with the recomputed figure and the rows added in a comment."""
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill

    accepted = wrong_total.accepted
    target.fill = PatternFill("solid", fgColor=GREY if accepted is not None else RED)
    target.font = Font(bold=True, color="57606A" if accepted is not None else "82071E")
    decimals = max(_decimals(wrong_total.stated), _decimals(wrong_total.recomputed))
    added, subtracted = worked_sum(wrong_total.addends, limit=12)
    note = f"{t['recomputed']}: {fmt(wrong_total.recomputed, decimals)}"
    for head, terms in (("added", added), ("subtracted", subtracted)):
        if terms:
            note += f"\n{t[head]}: " + "; ".join(terms)
    if accepted is not None:
        note += "\n" + accepted_sentence(accepted, lang)
    target.comment = Comment(clean_text(note), "pipeline", width=320, height=140)


def _table_sheet(ws: Any, r: DocumentResult, table: Table, wrong: dict[tuple[str, int, str], Finding],
                 t: dict[str, str], heads: dict[str, list[str]], lang: str) -> None:
    """A table as read, its cells as numbers, the wrong totals marked."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    bold = Font(bold=True)
    titles = {p.index: p.title for p in r.proposals}
    append_row(ws, [r.document, table_place(table.proposal, table.id, titles, lang)])
    append_row(ws, [t["title"], table.title])
    append_row(ws, [t["unit"], table.unit, table.price_base or ""])
    append_row(ws, [])
    append_row(ws, heads["tablehead"] + table.columns)
    for row in table.rows:
        values = [row.value(c) for c in table.columns]
        excel_row = append_row(ws, [row.label, row.category or "", word(row.role, lang)] + [_number(v) for v in values])
        if row.role in (Role.TOTAL, Role.SECTION):
            ws.cell(excel_row, 1).font = bold
        for j, column in enumerate(table.columns, start=4):
            cell_data = row.cells.get(column)
            target = ws.cell(excel_row, j)
            if cell_data is not None and cell_data.value is not None:
                target.number_format = number_format(cell_data.decimals)
            wrong_total = wrong.get((table.id, row.index, column))
            if wrong_total is not None:
                _mark_wrong(target, wrong_total, t, lang)
    widths = {1: 60.0, 2: 14.0, 3: 11.0} | {j: 11.0 for j in range(4, 4 + len(table.columns))}
    heading_row(ws, 5, widths)
    for cell in ws[5]:
        if cell.column > 3:
            cell.alignment = Alignment(horizontal="right", wrap_text=True, vertical="top")
    ws.auto_filter.ref = f"A5:{get_column_letter(3 + len(table.columns))}{ws._pipeline_rows}"
    ws.freeze_panes = "D6"


def write_xlsx(out: Path, results: Sequence[DocumentResult], lang: str = "da") -> Path:
    from openpyxl import Workbook

    t, heads = WORKBOOK[lang], WORKBOOK_HEADS[lang]
    results = in_document_order(results)
    wb = Workbook()
    used: set[str] = set()
    _findings_sheet(wb.active, results, t, heads, lang, used)
    _documents_sheet(wb.create_sheet(_sheet_name(t["documents"], used)), results, heads, lang)
    index = wb.create_sheet(_sheet_name(t["tables"], used))
    entries: list[tuple[str, DocumentResult, Table]] = []
    for r in results:
        wrong = {(f.table, f.row, f.column): f for f in r.findings if f.kind != Kind.NARRATIVE and f.row is not None}
        for table in r.tables:
            ws = wb.create_sheet(_sheet_name(table_label(table.id, lang, capital=True), used))
            _table_sheet(ws, r, table, wrong, t, heads, lang)
            entries.append((ws.title, r, table))
    _index_sheet(index, entries, heads, lang)
    for sheet in wb.worksheets:  # printable: landscape, one page wide
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
    buf = io.BytesIO()
    wb.save(buf)
    target = out / "report.xlsx"
    write_atomic(target, _steady(buf.getvalue()))
    return target


STEADY_TIME = "2000-01-01T00:00:00Z"  # the workbook's created/modified: the clock never enters a report


def _steady(data: bytes) -> bytes:
    """The workbook with no trace of the clock (the dates in docProps/core.xml and each zip
    entry's time fixed), so the same results give the same bytes."""
    import zipfile

    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>" + STEADY_TIME.encode(), body)
            dst.writestr(zipfile.ZipInfo(info.filename, date_time=(2000, 1, 1, 0, 0, 0)), body,
                         compress_type=zipfile.ZIP_DEFLATED)
    return buf.getvalue()
