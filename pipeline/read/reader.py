"""Stage 1: read a PDF into pages of words, text lines, rules and shaded areas.

Two parsers feed the same building blocks:

* `pdfium` (the default, `pipeline.read.pdfium`): PDFium through pypdfium2, about ten
  times faster than pdfminer's layout parsing;
* `pdfplumber` (`pipeline.read.plumber`): pdfplumber/pdfminer, the reference reader
  (`pipeline run --reader pdfplumber`).

Each parser only delivers *characters* (text, box, font, size, upright or not) and
*painted path pieces* (lines, rectangles) in pdfplumber's page coordinates (points, origin
at the top-left of the page as displayed).  Everything after that is shared and lives
here: duplicate characters dropped, characters grouped into words with tolerances relative
to the type size (`words_from_chars`), words into lines (`group_lines`), path pieces into
rules and shaded areas (`shape_from_points`, `rules_and_shades`).  So both readers give
the same words, lines and rules; what can still differ, and by how much, is in
tests/test_readers.py (PDFium places glyphs with its own arithmetic in single precision,
measures fonts whose descriptor gives no descent, and maps some glyphs to Unicode that
pdfminer leaves as `(cid:N)`).

Pages are parsed one at a time and closed before the next is opened: memory holds the
words and rules of the document, never a parser's page objects.

Also the gatekeeper: a file that cannot be read raises a typed `InputError` whose
`code` is the contract's error code (empty, not-pdf, corrupt, encrypted, no-text-layer,
too-large).  Nothing after this stage touches the PDF parser's objects.
"""
from __future__ import annotations

import hashlib
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import NamedTuple

from pipeline.errors import CorruptPdf, EmptyFile, EncryptedPdf, NoTextLayer, NotPdf, TooLarge
from pipeline.model import BBox, DocumentContent, PageContent, Rule, TextLine, Word

MAX_BYTES = 200 * 1024 * 1024
MAX_PAGES = 2000

READERS = ("pdfium", "pdfplumber")
DEFAULT_READER = "pdfium"

# Word building, relative to the type size of the characters compared (pdfplumber's fixed
# 3 pt is 0.3 of 10 pt type).
WORD_GAP = 0.3  # a gap wider than this × size between two letters starts a new word
LINE_SHIFT = 0.3  # letters whose tops differ by more than this × size are on different lines
DUPLICATE_SHIFT = 0.1  # the same letter drawn again within this × size ("fake bold") is dropped
BLANK_SIZE = 0.2  # a blank parts the words of a line when its size is within this × theirs
SQUARE_TOLERANCE = 0.01  # points: how far a corner may be off for a path to count as a rectangle
WHITE = 0.98  # a fill whose red, green and blue are all at least this (0..1) is white

LIGATURES = {"ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl", "ﬁ": "fi", "ﬂ": "fl", "ﬆ": "st", "ﬅ": "st"}
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


# ---------------------------------------------------------------- gatekeeping
def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def check_file(path: Path, max_bytes: int = MAX_BYTES) -> None:
    """Cheap checks before any parser sees the file."""
    size = path.stat().st_size
    if size == 0:
        raise EmptyFile("the file is empty (0 bytes)")
    if size > max_bytes:
        raise TooLarge(f"the file is {size / 1e6:.0f} MB, more than the limit of {max_bytes / 1e6:.0f} MB")
    with path.open("rb") as f:
        head = f.read(1024)
    if b"%PDF-" not in head:
        kind = "text" if _looks_like_text(head) else "binary data"
        raise NotPdf(f"not a PDF: the file holds {kind}, not a PDF header")


def _looks_like_text(head: bytes) -> bool:
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _open_pdfium(path: Path):
    """Open with PDFium, which tells a password apart from damage."""
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        text = str(exc).lower()
        if "password" in text:
            raise EncryptedPdf("the PDF is encrypted and needs a password to open") from None
        raise CorruptPdf(f"the PDF is damaged or truncated ({exc})") from None


# ---------------------------------------------------------------- fonts
def font_name(name: str) -> str:
    """The font's name without a subset prefix: "ABCDEF+Calibri-Bold" -> "Calibri-Bold"."""
    return SUBSET_PREFIX.sub("", name)


def is_bold(font: str) -> bool:
    name = font.lower()
    return "bold" in name or "black" in name or "heavy" in name or name.endswith(",b")


def is_italic(font: str) -> bool:
    """From the name, as for bold: "Arial-ItalicMT", "Verdana,Italic", "AkzidenzGroteskBE-MdIt"."""
    name = font.lower()
    if "italic" in name or "oblique" in name or "kursiv" in name:
        return True
    style = re.split(r"[-,]", name)[-1] if re.search(r"[-,]", name) else ""
    return style.endswith("it") or style in ("i", "bi")


# ---------------------------------------------------------------- characters -> words -> lines
def words_from_chars(chars: Iterable[Char]) -> list[Word]:
    """Group characters into words.

    As pdfplumber's `extract_words` with `extra_attrs=["size", "fontname"]` does, a word has
    one font and one size: the characters of each font (subset prefixes aside) and size are
    split into lines (tops within `LINE_SHIFT` × size of each other), each line is sorted left
    to right and cut at a blank of about the same size, at a gap wider than `WORD_GAP` × size and where the text
    steps backwards.  Unlike pdfplumber, the result does not depend on the order the page
    draws its text in, and the tolerances follow the type size instead of a fixed 3 pt.
    The same letter drawn again at (almost) the same place, a common way to fake bold type,
    counts once.
    """
    groups: dict[tuple, list[Char]] = {}
    blanks: list[Char] = []
    names: dict[str, str] = {}
    sizes: dict[float, float] = {}  # size → size to two decimals (a page has few sizes)
    for c in chars:
        text = c[0]
        if not text:
            continue
        if text.isspace():
            blanks.append(c)
            continue
        font = c[6]
        name = names.get(font)
        if name is None:
            name = names[font] = font_name(font)
        size = sizes.get(c[5])
        if size is None:
            size = sizes[c[5]] = round(c[5], 2)
        key = (c[7], size, name)
        group = groups.get(key)
        if group is None:
            groups[key] = [c]
        else:
            group.append(c)
    words: list[Word] = []
    upright_blanks = sorted((b for b in blanks if b.upright), key=lambda b: b.top)
    turned_blanks = sorted((_turn(b) for b in blanks if not b.upright), key=lambda b: b.top)
    for (upright, _, name), group in groups.items():
        style = (name, is_bold(name), is_italic(name))
        if upright:
            _group_to_words(group, upright_blanks, style, words, None)
        else:
            _group_to_words([_turn(c) for c in group], turned_blanks, style, words, _turn)
    return words


def _turn(c: Char) -> Char:
    """Text set vertically, with the axes swapped, so that it reads like a line (and back)."""
    return c._replace(x0=c.top, x1=c.bottom, top=c.x0, bottom=c.x1)


def _group_to_words(group: list[Char], blanks: list[Char], style: tuple, out: list[Word], back) -> None:
    """Words of one font and size: lines, then cuts at blanks, gaps and backward steps."""
    size = max(group[0].size, 1.0)
    line_tol, gap, same = LINE_SHIFT * size, WORD_GAP * size, DUPLICATE_SHIFT * size
    # lines: cluster the tops as pdfplumber does (sorted, each within tolerance of the last)
    cluster: dict[float, int] = {}
    index, last = 0, None
    for v in sorted({c[2] for c in group}):
        if last is not None and v > last + line_tol:
            index += 1
        cluster[v] = index
        last = v
    lines: dict[int, list[Char]] = {}
    for c in group:
        line = lines.get(cluster[c[2]])
        if line is None:
            lines[cluster[c[2]]] = [c]
        else:
            line.append(c)
    tops = [b[2] for b in blanks]
    for line in lines.values():
        line.sort(key=_x0)
        near: list[float] = []
        if blanks:
            low = min(c[2] for c in line) - line_tol
            high = max(c[2] for c in line) + line_tol
            near = sorted(b[1] for b in blanks[bisect_left(tops, low):bisect_right(tops, high)]
                          if abs(b[5] - size) <= BLANK_SIZE * size)
        j, n_near = 0, len(near)
        word = [line[0]]
        for c in line[1:]:
            p = word[-1]
            x0, top = c[1], c[2]
            if c[0] == p[0] and x0 - p[1] <= same and abs(top - p[2]) <= same:
                continue  # drawn twice
            # a blank parts p and c when it starts after p's beginning, not within p's
            # first three quarters (a stray space drawn over a word), and by c's beginning
            lim = p[3] - 0.25 * (p[3] - p[1])
            while j < n_near and (near[j] <= p[1] or near[j] < lim):
                j += 1
            if x0 > p[3] + gap or abs(top - p[2]) > line_tol or (j < n_near and near[j] <= x0):
                out.append(_word(word, style, back))
                word = [c]
            else:
                word.append(c)
        out.append(_word(word, style, back))


def _x0(c: Char) -> float:
    return c[1]


_LIGATURES = str.maketrans(LIGATURES)


def _word(chars: list[Char], style: tuple, back=None) -> Word:
    if back is not None:
        chars = [back(c) for c in chars]
    first = chars[0]
    x0, top, x1, bottom = first[1], first[2], first[3], first[4]
    for c in chars[1:]:
        if c[1] < x0:
            x0 = c[1]
        if c[2] < top:
            top = c[2]
        if c[3] > x1:
            x1 = c[3]
        if c[4] > bottom:
            bottom = c[4]
    name, bold, italic = style
    return Word("".join([c[0] for c in chars]).translate(_LIGATURES), x0, top, x1, bottom,
                round(first[5], 2), bold, italic, name)


def group_lines(words: list[Word], tolerance: float = 0.45) -> list[TextLine]:
    """Words whose vertical middles lie within `tolerance` × height of each other form a line."""
    lines: list[list[Word]] = []
    for word in sorted(words, key=lambda w: ((w.top + w.bottom) / 2, w.x0)):
        mid = (word.top + word.bottom) / 2
        height = max(word.bottom - word.top, 1.0)
        if lines:
            last = lines[-1]
            lmid = sum((w.top + w.bottom) / 2 for w in last) / len(last)
            if abs(mid - lmid) <= tolerance * height:
                last.append(word)
                continue
        lines.append([word])
    return [TextLine(sorted(ws, key=lambda w: w.x0)) for ws in lines]


# ---------------------------------------------------------------- paths -> rules and shades
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


def rules_and_shades(shapes: Iterable[Shape]) -> tuple[list[Rule], list[BBox]]:
    """Lines and thin rectangles are rules; a stroked box gives its four edges; a filled,
    non-white rectangle that is not a rule is a shaded area (row shading)."""
    rules: list[Rule] = []
    shades: list[BBox] = []
    for s in shapes:
        rule = Rule(s.x0, s.top, s.x1, s.bottom)
        if rule.horizontal or rule.vertical:
            rules.append(rule)
            continue
        if s.kind != "rect":
            continue
        if s.stroke:
            x0, top, x1, bottom = s.x0, s.top, s.x1, s.bottom
            rules += [Rule(x0, top, x1, top), Rule(x0, bottom, x1, bottom),
                      Rule(x0, top, x0, bottom), Rule(x1, top, x1, bottom)]
        if s.fill and s.shaded and s.x1 - s.x0 > 2.0 and s.bottom - s.top > 2.0:
            shades.append((s.x0, s.top, s.x1, s.bottom))
    # in reading order, whatever order the page draws them in (to a tenth of a point, so that
    # rounding errors do not reorder them)
    rules.sort(key=lambda r: (round(r.top, 1), round(r.x0, 1), round(r.bottom, 1), round(r.x1, 1)))
    shades.sort(key=lambda b: (round(b[1], 1), round(b[0], 1), round(b[3], 1), round(b[2], 1)))
    return rules, shades


def page_content(raw: RawPage) -> PageContent:
    rules, shades = rules_and_shades(raw.shapes)
    return PageContent(raw.number, raw.width, raw.height, group_lines(words_from_chars(raw.chars)), rules,
                       raw.rotation, shades)


# ---------------------------------------------------------------- the stage
def _parser(reader: str):
    if reader == "pdfium":
        from pipeline.read import pdfium as read_pdfium

        return read_pdfium
    if reader == "pdfplumber":
        from pipeline.read import plumber as read_plumber

        return read_plumber
    raise ValueError(f"unknown reader {reader!r}; choose one of {', '.join(READERS)}")


def iter_pages(path: Path, reader: str = DEFAULT_READER, pages: Iterable[int] | None = None) -> Iterator[PageContent]:
    """Each page's content (or only those numbered in `pages`), parsed and released one page
    at a time (no checks: see `read_document`)."""
    parser = _parser(reader)
    for raw in parser.raw_pages(path, None if pages is None else set(pages)):
        yield page_content(raw)


_STREAM = re.compile(rb"(?<!end)stream\r?\n")


def inflates_beyond(path: Path, limit: int) -> bool:
    """Do the PDF's compressed streams inflate to more than `limit` bytes?  (A decompression
    bomb.)  Each stream is inflated in bounded steps and dropped; it stops at the limit, so
    it costs at most that much work and little memory."""
    import zlib

    try:
        data = Path(path).read_bytes()
    except OSError:
        return False
    total = 0
    for m in _STREAM.finditer(data):
        start = m.end()
        end = data.find(b"endstream", start)
        if end < 0:
            break
        inflater = zlib.decompressobj()
        chunk = data[start:end]
        try:
            while chunk:
                out = inflater.decompress(chunk, 1 << 20)
                total += len(out)
                if total > limit:
                    return True
                chunk = inflater.unconsumed_tail
                if inflater.eof or not out:  # the stream's end (trailing bytes are not data), or no progress
                    break
        except zlib.error:
            continue  # not a Flate stream
    return False


def read_document(path: Path, name: str | None = None, max_bytes: int = MAX_BYTES,
                  max_pages: int = MAX_PAGES, reader: str = DEFAULT_READER) -> DocumentContent:
    """Read every page's words and rules; raise an `InputError` for a file that cannot be read.

    `reader` is `pdfium` (the default) or `pdfplumber` (the reference); both give the same
    content (see the module's docstring)."""
    parser = _parser(reader)
    check_file(path, max_bytes)
    doc = _open_pdfium(path)  # either way: PDFium tells a password from damage, and counts pages
    pages: list[PageContent] = []
    try:
        n_pages = len(doc)
        if n_pages > max_pages:
            raise TooLarge(f"the PDF has {n_pages} pages, more than the limit of {max_pages}")
        metadata = parser.metadata_of(doc) if reader == "pdfium" else parser.metadata(path)
        doc.close()
        for raw in parser.raw_pages(path):
            pages.append(page_content(raw))
    except parser.ParseErrors as exc:
        raise CorruptPdf(f"the PDF could not be parsed ({type(exc).__name__}: {exc})") from None
    finally:
        doc.close()
    if pages and not any(p.lines for p in pages):
        raise NoTextLayer(f"no text layer on any of the {len(pages)} page(s): scanned images need OCR first")
    if not pages:
        raise CorruptPdf("the PDF has no pages")
    return DocumentContent(name or path.name, pages, metadata)
