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
    """Render the pages (as displayed, /Rotate applied) with PDFium and draw what was read."""
    import pypdfium2 as pdfium
    from PIL import Image, ImageDraw

    out.mkdir(parents=True, exist_ok=True)
    wrong = {(f.table, f.row, f.column) for f in result.findings if f.kind != "narrative"}
    wanted = set(pages) if pages else {p for t in result.tables for p in t.bbox}
    scale = resolution / 72
    written: list[Path] = []
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

            for table in result.tables:
                if number not in table.bbox:
                    continue
                draw.rectangle(box(table.bbox[number], 4), outline=TABLE + (255,), width=3)
                for row in table.rows:
                    if row.page == number:
                        draw.rectangle(box(row.bbox), outline=ROW + (200,), width=1)
                    for column, cell in row.cells.items():
                        if cell.page != number or cell.value is None:
                            continue
                        if (table.id, row.index, column) in wrong:
                            draw.rectangle(box(cell.bbox, 3), fill=WRONG + (60,), outline=WRONG + (255,), width=3)
                        else:
                            draw.rectangle(box(cell.bbox), fill=CELL + (70,), outline=CELL + (255,), width=1)
            target = out / f"{Path(result.document).stem}-page-{number}.png"
            Image.alpha_composite(base, overlay).convert("RGB").save(target, format="PNG")
            written.append(target)
    finally:
        pdf.close()
    return written
