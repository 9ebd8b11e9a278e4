"""Pictures of the rows behind a table's findings, cut from the PDF page: the total rows and
the rows they add, the wrong figures ringed in red and the added rows tinted yellow.

Pictures are bounded: rendered at `PICTURE_DPI` (at most `PICTURE_MAX_WIDTH` pixels wide), as
small palette PNGs, each page rendered once, at most `MAX_PICTURES` per document, none for a
document with more than `MANY_FINDINGS` table findings (a misreading, most likely).  Used by
the document pages of report.html and by the nightly e-mail.
"""
from __future__ import annotations

import io
from pathlib import Path

from pipeline.model import DocumentResult, Finding, Kind, Table

MAX_PICTURES = 6  # pictures per document (one per table with findings)
MANY_FINDINGS = 40  # more table findings than this in a document: summarised per table, not listed
PICTURE_DPI = 110  # resolution of the pictures ...
PICTURE_MAX_WIDTH = 1000  # ... and their largest width in pixels
PICTURE_COLOURS = 64  # palette PNG: text and rules need few colours, and it keeps the e-mail small
MARGIN = 6.0  # points around the rows shown
WRONG = (207, 34, 46)
ADDED = (255, 214, 10, 70)  # translucent yellow over the rows that were added


class Pages:
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


def crop_png(pages: Pages, page: int, area, marks=(), bands=()) -> bytes:
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


def _table_picture(pages: Pages, table: Table, findings: list[Finding]) -> bytes | None:
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
        pages = Pages(pdf)
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
