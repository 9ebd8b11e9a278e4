"""Stage 8c: `report.xlsx` for people who work in Excel.

The workbook has a sheet listing the findings, a sheet of documents, and one sheet per
table with its cells as numbers (shown the Danish way: `-5.090`, `2,5`); a wrong total is
filled red and carries a comment with the recomputed figure and the rows that were added.
openpyxl is imported where a workbook is written, not with the module: it takes a third of a
second, which every run and `pipeline --help` would pay.
"""
from __future__ import annotations

import io
import re
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from pipeline.model import DocumentResult, Finding, Kind, Role, Status, Table
from pipeline.report.files import in_document_order, write_atomic
from pipeline.text.messages import (
    WORKBOOK,
    WORKBOOK_HEADS,
    check_sentence,
    status_sentence,
    table_numbers,
    table_place,
    word,
)

RED = "FFD7D5"


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
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # what a spreadsheet may take for a formula


def clean_text(text: str) -> str:
    """Text as a workbook can hold it: each control character becomes U+FFFD."""
    return ILLEGAL.sub("\ufffd", text)


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
    name = re.sub(r"[\[\]:*?/\\\x00-\x1f\x7f]", "_", text)[:31].strip("'") or "_"
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
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    ws.title = _sheet_name(t["findings"], used)
    append_row(ws, heads["head"])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for r in results:
        titles = {p.index: p.title for p in r.proposals}
        for f in r.findings:
            numbers = table_numbers(f.table)
            at = append_row(ws, [f.document, f.proposal + 1, titles.get(f.proposal, ""),
                                 numbers[1] if numbers else None, f.page, f.label, f.column, _number(f.stated),
                                 _number(f.recomputed), _number(f.difference), word(f.kind, lang),
                                 check_sentence(f, lang)])
            for col in (8, 9, 10):
                ws.cell(at, col).number_format = number_format(max(_decimals(f.stated), _decimals(f.recomputed)))
    for i, width in enumerate([28, 8, 30, 6, 6, 40, 8, 11, 11, 10, 14, 70], start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    for row in ws.iter_rows(min_row=2):
        row[2].alignment = row[5].alignment = row[11].alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"


def _documents_sheet(docs: Any, results: Sequence[DocumentResult], heads: dict[str, list[str]], lang: str) -> None:
    from openpyxl.styles import Font

    append_row(docs, heads["dochead"])
    for cell in docs[1]:
        cell.font = Font(bold=True)
    for r in results:
        append_row(docs, [r.document, word(r.status, lang), word(r.error, lang) if r.error else "", r.pages,
                          len(r.tables), len(r.findings), len(r.checks) if r.status != Status.ERROR else None,
                          status_sentence(r.status, lang, len(r.checks), len(r.findings))])
    docs.column_dimensions["A"].width = 40


def _mark_wrong(target: Any, wrong_total: Finding, t: dict[str, str]) -> None:
    """A wrong total: filled red, with the recomputed figure and the rows added in a comment."""
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill

    target.fill = PatternFill("solid", fgColor=RED)
    target.font = Font(bold=True, color="82071E")
    added = " + ".join(f"{a.label} ({a.value})" for a in wrong_total.addends[:12])
    note = f"{t['recomputed']}: {_number(wrong_total.recomputed)}\n{t['added']}: {added}"
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
    for cell in ws[5]:
        cell.font = bold
        if cell.column > 3:
            cell.alignment = Alignment(horizontal="right")
    for row in table.rows:
        values = [row.value(c) for c in table.columns]
        excel_row = append_row(ws, [row.label, row.category or "", row.role] + [_number(v) for v in values])
        if row.role in (Role.TOTAL, Role.SECTION):
            ws.cell(excel_row, 1).font = bold
        for j, column in enumerate(table.columns, start=4):
            cell_data = row.cells.get(column)
            target = ws.cell(excel_row, j)
            if cell_data is not None and cell_data.value is not None:
                target.number_format = number_format(cell_data.decimals)
            wrong_total = wrong.get((table.id, row.index, column))
            if wrong_total is not None:
                _mark_wrong(target, wrong_total, t)
    ws.column_dimensions["A"].width = 60
    ws.column_dimensions["B"].width = 14
    for j in range(4, 4 + len(table.columns)):
        ws.column_dimensions[get_column_letter(j)].width = 11
    ws.freeze_panes = "D6"


def write_xlsx(out: Path, results: Sequence[DocumentResult], lang: str = "da") -> Path:
    from openpyxl import Workbook

    t, heads = WORKBOOK[lang], WORKBOOK_HEADS[lang]
    results = in_document_order(results)
    wb = Workbook()
    used: set[str] = set()
    _findings_sheet(wb.active, results, t, heads, lang, used)
    _documents_sheet(wb.create_sheet(_sheet_name(t["documents"], used)), results, heads, lang)
    for r in results:
        wrong = {(f.table, f.row, f.column): f for f in r.findings if f.kind != Kind.NARRATIVE and f.row is not None}
        for table in r.tables:
            ws = wb.create_sheet(_sheet_name(f"{Path(r.document).stem[:22]} {table.id}", used))
            _table_sheet(ws, r, table, wrong, t, heads, lang)
    for sheet in wb.worksheets:  # printable: landscape, one page wide
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
    buf = io.BytesIO()
    wb.save(buf)
    target = out / "report.xlsx"
    write_atomic(target, buf.getvalue())
    return target
