"""`pipeline inspect`: a picture of what was read on each page, in pdfplumber's visual-debugging style.

Each financial table is outlined in blue, each rebuilt row in green, each figure read in
orange (filled), and each figure behind a table finding in red, so a person can check at a
glance that rows and columns were put together the way a reader would.

`--debug` draws what each step of finding a table did as well (pdfplumber's
`debug_tablefinder`), as `tables.finder.TableFinder` kept it: the blocks of figure lines
(thin dotted blue), the candidate columns found in each (figures standing under one another,
dashed grey), the header lines read (purple), the value columns kept with their labels (cyan
bands), and the hierarchy:
each row's level and role at its left (`0 item`, `1 sub`, `total`) and, for each total,
a bracket from the rows it adds to the total (dark green).
"""
from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageDraw

from pipeline.checks.structure import levels
from pipeline.model import BBox, DocumentResult, Kind, Role, Table
from pipeline.tables.finder import PageSteps

TABLE = (31, 119, 180)
ROW = (44, 160, 44)
CELL = (255, 127, 14)
WRONG = (214, 39, 40)
CANDIDATE = (127, 127, 127)
BLOCK = (31, 119, 180)
HEADER = (148, 103, 189)
COLUMN = (23, 190, 207)
HIERARCHY = (0, 100, 0)


class _Canvas:
    """A page's overlay, drawn in PDF points scaled to the picture."""

    def __init__(self, size: tuple[int, int], scale: float) -> None:
        self.image = Image.new("RGBA", size, (0, 0, 0, 0))
        self.draw = ImageDraw.Draw(self.image)
        self.scale = scale

    def box(self, b: BBox, pad: float = 0.0) -> list[float]:
        s = self.scale
        return [(b[0] - pad) * s, (b[1] - pad) * s, (b[2] + pad) * s, (b[3] + pad) * s]

    def dashed(self, b: BBox, colour: tuple[int, int, int], pad: float, step: int) -> None:
        """The box's left and right edges, dashed: a guess, not a decision."""
        x0, y0, x1, y1 = self.box(b, pad)
        for dash in range(int(y0), int(y1), step):
            for x in (x0, x1):
                self.draw.line([(x, dash), (x, min(dash + step // 2, y1))], fill=colour + (220,), width=1)


def _draw_steps(canvas: _Canvas, steps: PageSteps) -> None:
    for b in steps.blocks:
        canvas.dashed(b, BLOCK, 6, 4)
    for b in steps.candidates:
        canvas.dashed(b, CANDIDATE, 2, 8)
    for b, label in steps.columns:
        canvas.draw.rectangle(canvas.box(b, 1), fill=COLUMN + (28,))
        canvas.draw.text(((b[0] - 1) * canvas.scale, (b[1] - 1) * canvas.scale - 11), label[:18], fill=COLUMN + (255,))
    for b in steps.headers:
        canvas.draw.rectangle(canvas.box(b, 1), outline=HEADER + (255,), width=2)


def _draw_table(canvas: _Canvas, table: Table, number: int, wrong: set[tuple[str, int | None, str]],
                debug: bool) -> None:
    """The table's box, its rows (with level and role when debugging) and its figures."""
    draw, scale = canvas.draw, canvas.scale
    draw.rectangle(canvas.box(table.bbox[number], 4), outline=TABLE + (255,), width=3)
    level = levels(table) if debug else {}
    for row in table.rows:
        if row.page == number:
            draw.rectangle(canvas.box(row.bbox), outline=ROW + (200,), width=1)
            if debug:
                tag = "total" if row.role == Role.TOTAL else f"{level.get(row.index, 0)} {row.role}"
                draw.text((max(row.bbox[0] * scale - 62, 0), row.bbox[1] * scale), tag, fill=HIERARCHY + (255,))
        for column, cell in row.cells.items():
            if cell.page != number or cell.value is None:
                continue
            if (table.id, row.index, column) in wrong:
                draw.rectangle(canvas.box(cell.bbox, 3), fill=WRONG + (60,), outline=WRONG + (255,), width=3)
            else:
                draw.rectangle(canvas.box(cell.bbox), fill=CELL + (70,), outline=CELL + (255,), width=1)


def _draw_brackets(canvas: _Canvas, table: Table, number: int, adds: dict[tuple[str, int], set[int]]) -> None:
    """For each total, a bracket from the rows it adds to the total."""
    scale = canvas.scale
    for (tid, total), terms in adds.items():
        rows = [table.rows[i] for i in sorted(terms | {total}) if i < len(table.rows)]
        rows = [r for r in rows if r.page == number]
        if tid != table.id or len(rows) < 2:
            continue
        x = (table.bbox[number][0] - 8) * scale
        top, bottom = rows[0].bbox[1] * scale, rows[-1].bbox[3] * scale
        canvas.draw.line([(x, top), (x, bottom)], fill=HIERARCHY + (255,), width=2)
        for r in rows:
            y = (r.bbox[1] + r.bbox[3]) / 2 * scale
            canvas.draw.line([(x, y), (x + 5, y)], fill=HIERARCHY + (255,), width=2 if r.index == total else 1)


def _totals_adds(result: DocumentResult) -> dict[tuple[str, int], set[int]]:
    """(table, total row) -> the rows it adds."""
    adds: dict[tuple[str, int], set[int]] = {}
    for c in result.checks:
        if c.kind in (Kind.COLUMN_TOTAL, Kind.CATEGORY_TOTAL, Kind.GRAND_TOTAL) and c.row is not None and \
                not c.detail.get("other_table"):
            adds.setdefault((c.table, c.row), set()).update(a.row for a in c.addends if a.row is not None)
    return adds


def render(path: Path, result: DocumentResult, out: Path, pages: list[int] | None = None,
           resolution: int = 110, steps: dict[int, PageSteps] | None = None) -> list[Path]:
    """Render the pages (as displayed, /Rotate applied) with PDFium and draw what was read;
    with `steps` (`TableFinder(doc).steps`), also how the tables were found and their hierarchy."""
    out.mkdir(parents=True, exist_ok=True)
    wrong = {(f.table, f.row, f.column) for f in result.findings if f.kind != Kind.NARRATIVE}
    wanted = set(pages) if pages else {p for t in result.tables for p in t.bbox}
    scale = resolution / 72
    written: list[Path] = []
    adds = _totals_adds(result)
    pdf = pdfium.PdfDocument(str(path))
    try:
        for number in sorted(wanted):
            if not 1 <= number <= len(pdf):
                continue
            base = pdf[number - 1].render(scale=scale).to_pil().convert("RGBA")
            canvas = _Canvas(base.size, scale)
            page_steps = (steps or {}).get(number)
            if page_steps is not None:
                _draw_steps(canvas, page_steps)
            for table in result.tables:
                if number not in table.bbox:
                    continue
                _draw_table(canvas, table, number, wrong, page_steps is not None)
                if page_steps is not None:
                    _draw_brackets(canvas, table, number, adds)
            target = out / f"{Path(result.document).stem}-page-{number}.png"
            Image.alpha_composite(base, canvas.image).convert("RGB").save(target, format="PNG")
            written.append(target)
    finally:
        pdf.close()
    return written
