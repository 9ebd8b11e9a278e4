"""`pipeline inspect`: a picture of what was read on each page, in pdfplumber's visual-debugging style.

Each financial table is outlined in blue, each rebuilt row in green, each figure read in
orange (filled), and each figure behind a table finding in red, so a person can check at a
glance that rows and columns were put together the way a reader would.
"""
from __future__ import annotations

from pathlib import Path

from .model import DocumentResult

TABLE = (31, 119, 180)
ROW = (44, 160, 44)
CELL = (255, 127, 14)
WRONG = (214, 39, 40)


def render(path: Path, result: DocumentResult, out: Path, pages: list[int] | None = None,
           resolution: int = 110) -> list[Path]:
    import pdfplumber

    out.mkdir(parents=True, exist_ok=True)
    wrong = {(f.table, f.row, f.column) for f in result.findings if f.kind != "narrative"}
    wanted = set(pages) if pages else {p for t in result.tables for p in t.bbox}
    written: list[Path] = []
    with pdfplumber.open(path) as pdf:
        for number in sorted(wanted):
            if not 1 <= number <= len(pdf.pages):
                continue
            page = pdf.pages[number - 1]
            image = page.to_image(resolution=resolution)
            for table in result.tables:
                if number not in table.bbox:
                    continue
                x0, top, x1, bottom = table.bbox[number]
                image.draw_rect((x0 - 4, top - 4, x1 + 4, bottom + 4), fill=None, stroke=TABLE + (255,), stroke_width=3)
                for row in table.rows:
                    if row.page == number:
                        image.draw_rect(row.bbox, fill=None, stroke=ROW + (200,), stroke_width=1)
                    for column, cell in row.cells.items():
                        if cell.page != number or cell.value is None:
                            continue
                        if (table.id, row.index, column) in wrong:
                            x0, top, x1, bottom = cell.bbox
                            image.draw_rect((x0 - 3, top - 3, x1 + 3, bottom + 3), fill=WRONG + (60,),
                                            stroke=WRONG + (255,), stroke_width=3)
                        else:
                            image.draw_rect(cell.bbox, fill=CELL + (70,), stroke=CELL + (255,), stroke_width=1)
            target = out / f"{Path(result.document).stem}-page-{number}.png"
            image.save(target, format="PNG")
            written.append(target)
            page.close()
    return written
