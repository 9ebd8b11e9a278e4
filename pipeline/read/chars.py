"""The parser contract: what a parser (`pipeline.read.pdfium`, `pipeline.read.plumber`) delivers.

Each parser only delivers *characters* (`Char`: text, box, font, size, upright or not) and
*painted path pieces* (`Shape`: lines, rectangles) of each page (`RawPage`) in pdfplumber's
page coordinates (points, origin at the top-left of the page as displayed).  The helpers
both parsers share to make them (`font_name`, `shape_from_points`, `is_white`) live here;
everything built from them (words, lines, rules) is `pipeline.read.words`.
"""
from __future__ import annotations

import re
from typing import NamedTuple

READERS = ("pdfium", "pdfplumber")
DEFAULT_READER = "pdfium"

SQUARE_TOLERANCE = 0.01  # points: how far a corner may be off for a path to count as a rectangle
WHITE = 0.98  # a fill whose red, green and blue are all at least this (0..1) is white

SUBSET_PREFIX = re.compile(r"^[A-Z]{6}\+")


class Char(NamedTuple):
    """One character as a parser saw it, in page coordinates (top-left origin, as displayed)."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float  # the type size as displayed: its box's height, or width for text set vertically
    font: str  # the font's name as the PDF gives it (a subset prefix is removed later)
    upright: bool = True


class Shape(NamedTuple):
    """A painted straight line or axis-aligned rectangle (a path with curves is no shape)."""

    kind: str  # line | rect
    x0: float
    top: float
    x1: float
    bottom: float
    stroke: bool
    fill: bool
    shaded: bool  # filled with a colour that is not white


class RawPage(NamedTuple):
    number: int  # 1-based
    width: float
    height: float
    rotation: int
    chars: list[Char]
    shapes: list[Shape]

# ---------------------------------------------------------------- text made safe where it enters
UNREADABLE = "\ufffd"  # what a code point no file can hold becomes (U+FFFD REPLACEMENT CHARACTER)


def safe_text(text: str) -> str:
    """Text from a PDF as every file and terminal can hold it: a surrogate pair given as two
    code points joined into one character, each lone surrogate (`<D800>`, `<DC00>`, an
    unpaired `<D83D>` in a font's ToUnicode), which no encoding can write, made U+FFFD."""
    if text.isascii():
        return text
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    return text


# ---------------------------------------------------------------- fonts
def font_name(name: str) -> str:
    """The font's name without a subset prefix: "ABCDEF+Calibri-Bold" -> "Calibri-Bold"."""
    return SUBSET_PREFIX.sub("", name)


def shape_from_points(points: list[tuple[float, float]], closed: bool, stroke: bool, fill: bool,
                      shaded: bool) -> Shape | None:
    """A straight subpath (no curves) as a line or an axis-aligned rectangle, else None.

    `points` are the subpath's points in page coordinates; a closed subpath ends where it
    began (the closing point included), as pdfminer records `h`."""
    if closed and len(points) > 2 and _near(points[-1], points[0]) and _near(points[-2], points[0]):
        points = points[:-1]  # a redundant last line back to the start
    n = len(points)
    if n == 2 or (n == 3 and closed and _near(points[2], points[0])):
        (xa, ya), (xb, yb) = points[0], points[1]
        return Shape("line", min(xa, xb), min(ya, yb), max(xa, xb), max(ya, yb), stroke, fill, shaded)
    if n == 5 and _near(points[4], points[0]):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3) = points[:4]
        t = SQUARE_TOLERANCE
        square = (abs(x0 - x1) <= t and abs(y1 - y2) <= t and abs(x2 - x3) <= t and abs(y3 - y0) <= t) or \
                 (abs(y0 - y1) <= t and abs(x1 - x2) <= t and abs(y2 - y3) <= t and abs(x3 - x0) <= t)
        if square:
            xs, ys = (x0, x1, x2, x3), (y0, y1, y2, y3)
            return Shape("rect", min(xs), min(ys), max(xs), max(ys), stroke, fill, shaded)
    return None


def _near(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return abs(a[0] - b[0]) <= SQUARE_TOLERANCE and abs(a[1] - b[1]) <= SQUARE_TOLERANCE


def is_white(rgb: tuple[float, float, float]) -> bool:
    return all(v >= WHITE for v in rgb)
