"""The reference parser (`--reader pdfplumber`): characters and painted paths from pdfplumber.

pdfplumber (pdfminer.six) gives every character with its box and font, and every line,
rectangle and curve; this module hands them to `pipeline.read.words` as `Char` and `Shape`, which
builds words, lines and rules exactly as for the PDFium parser.  Curves are looked at again:
a straight path pdfminer did not call a rectangle only because a corner is off by a rounding
error is one (the same rule the PDFium parser applies).
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from pipeline.read.chars import UNREADABLE, Char, RawPage, Shape, is_white, shape_from_points


def parse_errors() -> tuple[type[BaseException], ...]:
    """The exceptions that mean pdfminer could not parse the file (`read_document` calls it damage).
    pdfplumber is imported only when this reader is used (it costs a second at start-up)."""
    from pdfplumber.utils.exceptions import PdfminerException

    return (PdfminerException, ValueError, KeyError, TypeError, AttributeError, IndexError, AssertionError)


def metadata(path: Path) -> dict:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return {k: str(v) for k, v in (pdf.metadata or {}).items() if isinstance(v, (str, int, float))}


def raw_pages(path: Path, only: set[int] | None = None) -> Iterator[RawPage]:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            if only is not None and number not in only:
                continue
            try:
                yield _read_page(page, number)
            finally:
                page.close()


def _shaded(colour) -> bool:
    """A fill colour as pdfminer records it (gray, RGB or CMYK numbers; a pattern's name)."""
    if isinstance(colour, (int, float)):
        colour = (colour,)
    if not isinstance(colour, (tuple, list)) or not colour or not all(isinstance(v, (int, float)) for v in colour):
        return True
    if len(colour) == 1:
        rgb = (colour[0],) * 3
    elif len(colour) == 3:
        rgb = tuple(colour)
    elif len(colour) == 4:
        c, m, y, k = colour
        rgb = ((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))
    else:
        return True
    return not is_white(rgb)


def _read_page(page, number: int) -> RawPage:
    chars = []
    for c in page.chars:
        upright = bool(c.get("upright", True))
        x0, x1 = float(c["x0"]), float(c["x1"])
        # the type size as displayed: pdfminer's size is the box's height, also for text set
        # vertically, where the size shows across the line, as the box's width
        size = float(c["size"]) if upright else x1 - x0
        # pdfminer drops what a font's ToUnicode maps to a lone surrogate (an empty text):
        # a glyph whose text could not be read, as PDFium gives it (`chars.safe_text`)
        chars.append(Char(c["text"] or UNREADABLE, x0, float(c["top"]), x1, float(c["bottom"]), size,
                          str(c.get("fontname") or ""), upright))
    shapes: list[Shape] = []
    for obj in page.lines:
        shapes.append(Shape("line", float(obj["x0"]), float(obj["top"]), float(obj["x1"]), float(obj["bottom"]),
                            bool(obj.get("stroke")), bool(obj.get("fill")), False))
    for obj in page.rects:
        fill = bool(obj.get("fill"))
        shapes.append(Shape("rect", float(obj["x0"]), float(obj["top"]), float(obj["x1"]), float(obj["bottom"]),
                            bool(obj.get("stroke")), fill, fill and _shaded(obj.get("non_stroking_color"))))
    for obj in page.curves:
        path = obj.get("path") or []
        if not path or any(op[0] not in ("m", "l", "h") for op in path):
            continue
        fill = bool(obj.get("fill"))
        points = [(float(x), float(y)) for x, y in obj["pts"]]
        closed = path[-1][0] == "h"
        shape = shape_from_points(points, closed, bool(obj.get("stroke")), fill,
                                  fill and _shaded(obj.get("non_stroking_color")))
        if shape is not None:
            shapes.append(shape)
    rotation = int(page.rotation or 0) % 360
    return RawPage(number, float(page.width), float(page.height), rotation, chars, shapes)
