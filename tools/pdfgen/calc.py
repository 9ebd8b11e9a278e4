"""A third producer for some families: the tables as a spreadsheet, printed to PDF by LibreOffice Calc.

Issue 17 asks for five families also printed from a spreadsheet (`CALC_FAMILIES`). Each
table goes on its own sheet of an .xlsx written with openpyxl: the caption and unit line
above, the header row (repeated on every printed page), figures as numbers with a number
format (`#,##0`, `#,##0.00`, `#,##0 "kr."`, negatives in parentheses where the table prints
them so), totals in bold, sections as label-only rows, gridlines printed, landscape where
the family is. `soffice --headless --convert-to pdf` prints it with a Danish locale (a
profile of its own with `da-DK`), so `1234567,5` prints `1.234.567,50`.

Calc decides the page breaks, so the page of each row is read back from the PDF
(pdfplumber: the first page, from the previous row's on, whose text holds the row's label
and its first figure). The figures written are the printed (rounded) figures of the
table, so the truth is that of the other producers.

Optional: `available()` is False when `soffice` is not on PATH, and callers skip it.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from .sheet import BLANK, GRAND, SECTION, SUBTOTAL, TOTAL, Table

CALC_FAMILIES = ("summary", "budget-followup", "investments", "spreadsheet", "ten-year")
LANDSCAPE_FAMILIES = ("budget-followup", "ten-year")
PROFILE_XCU = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse">
<value>da-DK</value></prop></item>
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooLocale" oor:op="fuse"><value>da-DK</value></prop></item>
</oor:items>
"""


def available() -> bool:
    return shutil.which("soffice") is not None


def number_format(table: Table, col: int, decimals: int) -> str:
    body = "#,##0" + ("." + "0" * decimals if decimals else "")
    suffix = table.columns[col].suffix.strip()
    tail = f' "{suffix}"' if suffix else ""
    if table.style.minus == "()":
        return f"{body}{tail};({body}){tail}"  # as NumberStyle prints it: `(1.500) kr.`
    return f"{body}{tail};-{body}{tail}"


def write_xlsx(tables: list[Table], path: Path, landscape: bool, font_size: float) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    wb.remove(wb.active)
    for k, table in enumerate(tables, 1):
        ws = wb.create_sheet(f"Ark{k}")
        size = max(7.0, font_size)
        plain, bold = Font(name="Liberation Sans", size=size), Font(name="Liberation Sans", size=size, bold=True)
        r = 1
        if table.caption:
            ws.cell(r, 1, table.caption).font = Font(name="Liberation Sans", size=size + 2, bold=True)
            r += 1
        if table.unit_line:
            ws.cell(r, 1, table.unit_line).font = plain
            r += 1
        header_row = r
        ws.cell(r, 1, table.stub or "").font = bold
        for c, col in enumerate(table.columns, 2):
            cell = ws.cell(r, c, col.header)
            cell.font = bold
            cell.alignment = Alignment(horizontal="right", wrap_text=True)
        r += 1
        for row in table.rows:
            if row.kind == BLANK:
                r += 1
                continue
            strong = row.kind in (SECTION, SUBTOTAL, TOTAL, GRAND) if row.bold is None else row.bold
            label = ws.cell(r, 1, row.label)
            label.font = bold if strong else plain
            label.alignment = Alignment(indent=row.indent)
            for c, cell in enumerate(row.cells):
                if cell is None:
                    continue
                target = ws.cell(r, c + 2)
                if cell.value is None:
                    target.value = cell.text or None
                else:
                    decimals = row.decimals if row.decimals is not None else table.columns[c].decimals
                    target.value = float(cell.value) if decimals else int(cell.value)
                    target.number_format = number_format(table, c, decimals)
                target.font = bold if strong else plain
            r += 1
        widest = max([len(row.label) for row in table.rows] + [len(table.stub), 12])
        ws.column_dimensions["A"].width = min(60, widest * 1.05 * size / 10 + 2)
        for c, col in enumerate(table.columns, 2):
            texts = [row.cells[c - 2].text for row in table.rows if row.cells[c - 2] is not None]
            need = max([len(t) for t in texts] + [min(len(col.header), 14), 6])
            ws.column_dimensions[ws.cell(1, c).column_letter].width = need * 1.15 * size / 10 + 2
        ws.print_options.gridLines = True
        ws.print_title_rows = f"{header_row}:{header_row}"
        ws.page_setup.orientation = "landscape" if landscape else "portrait"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
    wb.save(path)


def convert(xlsx: Path, out_dir: Path, timeout: float = 180) -> Path:
    """Print `xlsx` to PDF in `out_dir` with a Danish LibreOffice profile of its own."""
    with tempfile.TemporaryDirectory(prefix="pdfgen-calc-") as profile:
        user = Path(profile) / "user"
        user.mkdir()
        (user / "registrymodifications.xcu").write_text(PROFILE_XCU, encoding="utf-8")
        subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
                        "--convert-to", "pdf", "--outdir", str(out_dir), str(xlsx)],
                       check=True, capture_output=True, timeout=timeout)
    pdf = out_dir / (xlsx.stem + ".pdf")
    if not pdf.exists():
        raise RuntimeError(f"LibreOffice wrote no PDF for {xlsx.name}")
    return pdf


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


def assign_pages(tables: list[Table], pdf: Path) -> int:
    """Give every drawn cell the page it is printed on; returns the page count."""
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        pages = [_squash(p.extract_text() or "") for p in doc.pages]
    at = 0
    for table in tables:
        for row in table.rows:
            cells = [c for c in row.cells if c is not None]
            if not cells:
                continue
            label = _squash(row.label)
            first = _squash(next((c.text for c in cells if c.text), ""))
            for p in range(at, len(pages)):
                if label in pages[p] and first in pages[p]:
                    at = p
                    break
            else:
                raise AssertionError(f"row {row.label!r} ({first}) not found in the printed sheet")
            for c in cells:
                c.page = at + 1
    return len(pages)


def render_calc(tables: list[Table], pdf: Path, landscape: bool, font_size: float) -> int:
    """Print `tables` (evaluated) through LibreOffice Calc to `pdf`; returns the page count."""
    with tempfile.TemporaryDirectory(prefix="pdfgen-xlsx-") as tmp:
        xlsx = Path(tmp) / (pdf.stem + ".xlsx")
        write_xlsx(tables, xlsx, landscape, font_size)
        made = convert(xlsx, Path(tmp))
        shutil.move(str(made), pdf)
    return assign_pages(tables, pdf)
