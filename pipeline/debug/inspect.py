"""`pipeline inspect`: a picture of what was read on each page, in pdfplumber's visual-debugging style.

Each financial table is outlined in blue, each rebuilt row in green, each figure read in
orange (filled), and each figure behind a table finding in red, so a person can check at a
glance that rows and columns were put together the way a reader would.

`--debug` draws each step of finding a table as well (pdfplumber's `debug_tablefinder`):
the candidate columns (figures standing under one another, dashed grey), the header lines
read (purple), the value columns kept with their labels (cyan bands), and the hierarchy:
each row's level and role at its left (`0 item`, `1 sub`, `total`) and, for each total,
a bracket from the rows it adds to the total (dark green).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pipeline.checks.structure import levels
from pipeline.model import BBox, ColumnKind, DocumentContent, DocumentResult, Kind, Role, TableRegion
from pipeline.tables.settings import DEFAULT, ReaderSettings

TABLE = (31, 119, 180)
ROW = (44, 160, 44)
CELL = (255, 127, 14)
WRONG = (214, 39, 40)
CANDIDATE = (127, 127, 127)
HEADER = (148, 103, 189)
COLUMN = (23, 190, 207)
HIERARCHY = (0, 100, 0)


@dataclass
class PageSteps:
    """What each step of finding tables saw on one page (facts for the picture, no drawing)."""

    candidates: list[BBox] = field(default_factory=list)  # figures standing under one another
    headers: list[BBox] = field(default_factory=list)  # header lines of the tables found
    columns: list[tuple[BBox, str]] = field(default_factory=list)  # value columns kept, with their labels


def table_steps(doc: DocumentContent, regions: list[TableRegion], s: ReaderSettings = DEFAULT) -> dict[int, PageSteps]:
    """The intermediate results of `locate.find_tables`, per page."""
    from pipeline.tables.columns import find_columns
    from pipeline.tables.finder import page_lines

    steps: dict[int, PageSteps] = {}
    for page in doc.pages:
        st = steps.setdefault(page.number, PageSteps())
        figures = [seg for info in page_lines(page, s) for seg in info.figures]
        for col in find_columns(figures, s):
            st.candidates.append((col.x0, min(m.top for m in col.members), col.x1, max(m.bottom for m in col.members)))
    for region in regions:
        for line in region.header_lines:
            at = next((p for p, b in region.bbox.items() if b[1] - 1 <= line.top <= b[3] + 1), region.page)
            steps.setdefault(at, PageSteps()).headers.append((line.x0, line.top, line.x1, line.bottom))
        for at, b in region.bbox.items():
            for kept in region.columns:
                if kept.kind == ColumnKind.VALUE:
                    steps.setdefault(at, PageSteps()).columns.append(((kept.x0, b[1], kept.x1, b[3]), kept.label))
    return steps


def render(path: Path, result: DocumentResult, out: Path, pages: list[int] | None = None,
           resolution: int = 110, steps: dict[int, PageSteps] | None = None) -> list[Path]:
    """Render the pages (as displayed, /Rotate applied) with PDFium and draw what was read;
    with `steps` (from `table_steps`), also how the tables were found and their hierarchy."""
    import pypdfium2 as pdfium
    from PIL import Image, ImageDraw

    out.mkdir(parents=True, exist_ok=True)
    wrong = {(f.table, f.row, f.column) for f in result.findings if f.kind != Kind.NARRATIVE}
    wanted = set(pages) if pages else {p for t in result.tables for p in t.bbox}
    scale = resolution / 72
    written: list[Path] = []
    adds: dict[tuple[str, int], set[int]] = {}  # (table, total row) -> the rows it adds
    for c in result.checks:
        if c.kind in (Kind.COLUMN_TOTAL, Kind.CATEGORY_TOTAL, Kind.GRAND_TOTAL) and c.row is not None and \
                not c.detail.get("other_table"):
            adds.setdefault((c.table, c.row), set()).update(a.row for a in c.addends if a.row is not None)
    pdf = pdfium.PdfDocument(str(path))
    try:
        for number in sorted(wanted):
            if not 1 <= number <= len(pdf):
                continue
            base = pdf[number - 1].render(scale=scale).to_pil().convert("RGBA")
            overlay = Image.new("RGBA", base.size, (0, 0, 0, 0))
            draw = ImageDraw.Draw(overlay)

            def box(b, pad=0.0):
                return [(b[0] - pad) * scale, (b[1] - pad) * scale, (b[2] + pad) * scale, (b[3] + pad) * scale]

            page_steps = (steps or {}).get(number)
            if page_steps is not None:
                for b in page_steps.candidates:
                    x0, y0, x1, y1 = box(b, 2)
                    for dash in range(int(y0), int(y1), 8):  # dashed: a guess, not a decision
                        draw.line([(x0, dash), (x0, min(dash + 4, y1))], fill=CANDIDATE + (220,), width=1)
                        draw.line([(x1, dash), (x1, min(dash + 4, y1))], fill=CANDIDATE + (220,), width=1)
                for b, label in page_steps.columns:
                    draw.rectangle(box(b, 1), fill=COLUMN + (28,))
                    draw.text(((b[0] - 1) * scale, (b[1] - 1) * scale - 11), label[:18], fill=COLUMN + (255,))
                for b in page_steps.headers:
                    draw.rectangle(box(b, 1), outline=HEADER + (255,), width=2)
            for table in result.tables:
                if number not in table.bbox:
                    continue
                draw.rectangle(box(table.bbox[number], 4), outline=TABLE + (255,), width=3)
                level = levels(table) if page_steps is not None else {}
                for row in table.rows:
                    if row.page == number:
                        draw.rectangle(box(row.bbox), outline=ROW + (200,), width=1)
                        if page_steps is not None:
                            tag = "total" if row.role == Role.TOTAL else f"{level.get(row.index, 0)} {row.role}"
                            draw.text((max(row.bbox[0] * scale - 62, 0), row.bbox[1] * scale), tag,
                                      fill=HIERARCHY + (255,))
                    for column, cell in row.cells.items():
                        if cell.page != number or cell.value is None:
                            continue
                        if (table.id, row.index, column) in wrong:
                            draw.rectangle(box(cell.bbox, 3), fill=WRONG + (60,), outline=WRONG + (255,), width=3)
                        else:
                            draw.rectangle(box(cell.bbox), fill=CELL + (70,), outline=CELL + (255,), width=1)
                if page_steps is None:
                    continue
                for (tid, total), terms in adds.items():  # a bracket: the rows a total adds, to the total
                    rows = [table.rows[i] for i in sorted(terms | {total}) if i < len(table.rows)]
                    rows = [r for r in rows if r.page == number]
                    if tid != table.id or len(rows) < 2:
                        continue
                    x = (table.bbox[number][0] - 8) * scale
                    top, bottom = rows[0].bbox[1] * scale, rows[-1].bbox[3] * scale
                    draw.line([(x, top), (x, bottom)], fill=HIERARCHY + (255,), width=2)
                    for r in rows:
                        y = (r.bbox[1] + r.bbox[3]) / 2 * scale
                        draw.line([(x, y), (x + 5, y)], fill=HIERARCHY + (255,), width=2 if r.index == total else 1)
            target = out / f"{Path(result.document).stem}-page-{number}.png"
            Image.alpha_composite(base, overlay).convert("RGB").save(target, format="PNG")
            written.append(target)
    finally:
        pdf.close()
    return written
