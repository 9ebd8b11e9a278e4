"""The default parser: characters and painted paths of each page, from PDFium (pypdfium2).

Delivers `read.chars.Char` and `read.chars.Shape` in pdfplumber's page coordinates (points, origin at
the top-left of the page as displayed, /Rotate applied exactly as pdfminer applies it, the
MediaBox as pdfplumber uses it), so `pipeline.read.words` builds the same words, lines and rules
from it as from pdfplumber.

A character's box is computed the way pdfminer computes it: from its origin, the font's
advance width of the glyph, the type size, the descent of the font and the text matrix
(horizontal scaling, rotation and the page's transformation included).  The descent is
PDFium's (the font descriptor's, or the font program's when the descriptor gives none), or
for the standard fonts PDF viewers substitute, the Adobe metrics pdfminer uses.

Speed: PDFium does the parsing in C; per character this module makes four calls into it
through plain ctypes pointers without argument conversion (about 0.25 µs each) and a
little arithmetic.  Each page is loaded, read and closed before the next one.
"""
from __future__ import annotations

import ctypes
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from pipeline.read.chars import Char, RawPage, Shape, font_name, is_white, shape_from_points


class PageError(ValueError):
    """PDFium could not load a page."""


def parse_errors() -> tuple[type[BaseException], ...]:
    """The exceptions that mean PDFium could not parse the file (`read_document` calls it damage)."""
    return (pdfium.PdfiumError, PageError, ValueError, OSError)

# Descents (per 1000 units of type size) pdfminer takes from the Adobe metrics of the
# standard fonts when a PDF names them without embedding them.
STANDARD_DESCENT = {
    **{name: -194.0 for name in ("Courier", "Courier-Bold", "Courier-BoldOblique", "Courier-Oblique", "CourierNew",
                                 "CourierNew,Italic", "CourierNew,Bold", "CourierNew,BoldItalic")},
    **{name: -207.0 for name in ("Helvetica", "Helvetica-Bold", "Helvetica-BoldOblique", "Helvetica-Oblique", "Arial",
                                 "Arial,Italic", "Arial,Bold", "Arial,BoldItalic")},
    **{name: -217.0 for name in ("Times-Bold", "Times-BoldItalic", "Times-Italic", "Times-Roman", "TimesNewRoman",
                                 "TimesNewRoman,Italic", "TimesNewRoman,Bold", "TimesNewRoman,BoldItalic")},
    "Symbol": 0.0, "ZapfDingbats": 0.0,
}
# ... and the names pdfminer gives such fonts (the metrics' own): "Arial" is shown as Helvetica.
STANDARD_NAME = {
    "Arial": "Helvetica", "Arial,Italic": "Helvetica-Oblique", "Arial,Bold": "Helvetica-Bold",
    "Arial,BoldItalic": "Helvetica-BoldOblique", "CourierNew": "Courier", "CourierNew,Italic": "Courier-Oblique",
    "CourierNew,Bold": "Courier-Bold", "CourierNew,BoldItalic": "Courier-BoldOblique", "TimesNewRoman": "Times-Roman",
    "TimesNewRoman,Italic": "Times-Italic", "TimesNewRoman,Bold": "Times-Bold",
    "TimesNewRoman,BoldItalic": "Times-BoldItalic",
}

_NOT_TEXT = {0, 0xFFFE, 0xFFFF}


def _bare(function, restype):
    """The same C function without ctypes' argument conversion (3-4× cheaper per call);
    handles are passed as c_void_p, numbers as ctypes scalars, out-parameters by reference."""
    bare = type(function)(ctypes.cast(function, ctypes.c_void_p).value)
    bare.restype = restype
    return bare


class _C:
    """The PDFium functions called per character or per path segment."""

    def __init__(self):
        c = pdfium_c
        vp, i, u = ctypes.c_void_p, ctypes.c_int, ctypes.c_uint
        self.load_page = _bare(c.FPDF_LoadPage, vp)
        self.close_page = _bare(c.FPDF_ClosePage, None)
        self.text_load = _bare(c.FPDFText_LoadPage, vp)
        self.text_close = _bare(c.FPDFText_ClosePage, None)
        self.count_chars = _bare(c.FPDFText_CountChars, i)
        self.text_object = _bare(c.FPDFText_GetTextObject, vp)
        self.unicode = _bare(c.FPDFText_GetUnicode, u)
        self.origin = _bare(c.FPDFText_GetCharOrigin, i)
        self.loose_box = _bare(c.FPDFText_GetLooseCharBox, i)
        self.char_matrix = _bare(c.FPDFText_GetMatrix, i)
        self.obj_font = _bare(c.FPDFTextObj_GetFont, vp)
        self.obj_font_size = _bare(c.FPDFTextObj_GetFontSize, i)
        self.font_name = _bare(c.FPDFFont_GetBaseFontName, ctypes.c_size_t)
        self.font_descent = _bare(c.FPDFFont_GetDescent, i)
        self.font_embedded = _bare(c.FPDFFont_GetIsEmbedded, i)
        self.glyph_width = _bare(c.FPDFFont_GetGlyphWidth, i)
        self.count_objects = _bare(c.FPDFPage_CountObjects, i)
        self.get_object = _bare(c.FPDFPage_GetObject, vp)
        self.object_type = _bare(c.FPDFPageObj_GetType, i)
        self.object_matrix = _bare(c.FPDFPageObj_GetMatrix, i)
        self.bounds = _bare(c.FPDFPageObj_GetBounds, i)
        self.form_count = _bare(c.FPDFFormObj_CountObjects, i)
        self.form_object = _bare(c.FPDFFormObj_GetObject, vp)
        self.count_segments = _bare(c.FPDFPath_CountSegments, i)
        self.segment = _bare(c.FPDFPath_GetPathSegment, vp)
        self.segment_type = _bare(c.FPDFPathSegment_GetType, i)
        self.segment_point = _bare(c.FPDFPathSegment_GetPoint, i)
        self.segment_close = _bare(c.FPDFPathSegment_GetClose, i)
        self.draw_mode = _bare(c.FPDFPath_GetDrawMode, i)
        self.fill_color = _bare(c.FPDFPageObj_GetFillColor, i)
        self.media_box = _bare(c.FPDFPage_GetMediaBox, i)
        self.bounding_box = _bare(c.FPDF_GetPageBoundingBox, i)
        self.rotation = _bare(c.FPDFPage_GetRotation, i)


_c: _C | None = None


def _lib() -> _C:
    global _c
    if _c is None:
        _c = _C()
    return _c


def metadata_of(doc: pdfium.PdfDocument) -> dict:
    """The document information dictionary (Title, Author, Producer, …), empty values left out."""
    return {k: v for k, v in doc.get_metadata_dict(skip_empty=True).items()}


REOPEN_PAGES = 200  # PDFium keeps what it parsed until the document is closed: reopen it this often


def raw_pages(path: Path, only: set[int] | None = None) -> Iterator[RawPage]:
    """Each page's characters and shapes (or those of the pages numbered in `only`); one page
    in memory at a time, and the document reopened every `REOPEN_PAGES` pages, so that
    memory does not grow with the length of the document."""
    c = _lib()
    index = 0
    while True:
        doc = pdfium.PdfDocument(str(path))
        try:
            count = len(doc)
            handle = ctypes.c_void_p(ctypes.cast(doc.raw, ctypes.c_void_p).value)
            first, stop = index, min(count, index + REOPEN_PAGES)
            for index in range(first, stop):
                if only is not None and index + 1 not in only:
                    continue
                page = c.load_page(handle, index)
                if not page:
                    raise PageError(f"page {index + 1} could not be loaded")
                page = ctypes.c_void_p(page)
                try:
                    yield _read_page(c, page, index + 1)
                finally:
                    c.close_page(page)
            index = stop
        finally:
            doc.close()
        _release_memory()
        if index >= count:
            return


def _release_memory() -> None:
    """Hand memory PDFium and Python freed back to the system (glibc keeps it otherwise)."""
    global _trim
    if _trim is None:
        try:
            _trim = ctypes.CDLL("libc.so.6").malloc_trim
        except (OSError, AttributeError):
            _trim = False
    if _trim:
        _trim(0)


_trim: Any = None  # libc's malloc_trim, False where there is none, None before the first look


class _Transform:
    """User space → pdfplumber's coordinates (x, top), via pdfminer's page matrix for /Rotate
    and pdfplumber's handling of the MediaBox."""

    def __init__(self, c: _C, page):
        media = (ctypes.c_float * 4)()
        box: tuple[float, float, float, float]
        if c.media_box(page, *(ctypes.byref(media, offset) for offset in (0, 4, 8, 12))):
            box = (media[0], media[1], media[2], media[3])
        else:
            rect = (ctypes.c_float * 4)()  # inherited: PDFium's own page box (MediaBox ∩ CropBox)
            c.bounding_box(page, ctypes.byref(rect))
            box = (rect[0], rect[3], rect[2], rect[1])  # FS_RECTF is left, top, right, bottom
        x0, x1 = sorted((float(box[0]), float(box[2])))
        y0, y1 = sorted((float(box[1]), float(box[3])))
        self.rotation = (int(c.rotation(page)) % 4) * 90
        rot = self.rotation
        # pdfminer's matrix from user space to its layout space (a, b, c, d, e, f)
        if rot == 90:
            m = (0.0, -1.0, 1.0, 0.0, -y0, x1)
        elif rot == 180:
            m = (-1.0, 0.0, 0.0, -1.0, x1, y1)
        elif rot == 270:
            m = (0.0, 1.0, -1.0, 0.0, y1, -x0)
        else:
            m = (1.0, 0.0, 0.0, 1.0, -x0, -y0)
        raw = (y0, x0, y1, x1) if rot in (90, 270) else (x0, y0, x1, y1)
        self.width = raw[2] - raw[0]
        self.height = raw[3] - raw[1]
        shift_x = raw[0]
        shift_top = self.height - raw[3]
        self.m = m
        # (x, y) in user space → X = ax*x + cx*y + ex ; T (top-down) = at*x + ct*y + et
        a, b, cc, d, e, f = m
        self.ax, self.cx, self.ex = a, cc, e + shift_x
        self.at, self.ct, self.et = -b, -d, self.height - f + shift_top
        self.plain = rot == 0

    def point(self, x: float, y: float) -> tuple[float, float]:
        return (self.ax * x + self.cx * y + self.ex, self.at * x + self.ct * y + self.et)


def _read_page(c: _C, page, number: int) -> RawPage:
    t = _Transform(c, page)
    fonts: dict[int, tuple[str, float]] = {}
    chars, seen = _chars(c, page, t, fonts)
    shapes, texts = _shapes(c, page, t)
    chars += _blank_objects(c, t, [(obj, m) for obj, m in texts if obj not in seen], fonts)
    return RawPage(number, t.width, t.height, t.rotation, chars, shapes)


def _font_info(c: _C, font, fonts: dict) -> tuple[str, float]:
    info = fonts.get(font)
    if info is None:
        buf = ctypes.create_string_buffer(256)
        n = c.font_name(ctypes.c_void_p(font), buf, ctypes.c_size_t(256))
        name = buf.raw[: max(0, min(n, 256) - 1)].decode("utf-8", "replace")
        bare = font_name(name)
        if not c.font_embedded(ctypes.c_void_p(font)) and bare in STANDARD_DESCENT:
            descent = STANDARD_DESCENT[bare] / 1000
            name = STANDARD_NAME.get(bare, bare)
        else:
            value = ctypes.c_float(0.0)
            c.font_descent(ctypes.c_void_p(font), ctypes.c_float(1.0), ctypes.byref(value))
            descent = min(0.0, value.value)
        info = fonts[font] = (name, descent)
    return info


_new_char = tuple.__new__
_EPS = 0.01  # points


def _chars(c: _C, page, t: _Transform, fonts: dict) -> tuple[list[Char], set[int]]:
    """The page's characters, and the text objects they come from.

    Per character: its text object, its Unicode value, its origin and PDFium's loose box.
    The advance width is the font's width of the glyph for that Unicode value (cached per
    font); where PDFium's loose box, which reaches at least to the end of the advance, ends
    before it (a font may give two glyphs one Unicode value), the box gives the width."""
    textpage = c.text_load(page)
    if not textpage:
        return [], set()
    textpage = ctypes.c_void_p(textpage)
    out: list[Char] = []
    objects: dict[int, tuple] = {}
    try:
        n = c.count_chars(textpage)
        ox, oy = ctypes.c_double(), ctypes.c_double()
        p_ox, p_oy = ctypes.byref(ox), ctypes.byref(oy)
        loose = (ctypes.c_float * 4)()  # left, top, right, bottom
        p_loose = ctypes.byref(loose)
        width_value = ctypes.c_float()
        p_width = ctypes.byref(width_value)
        one = ctypes.c_float(1.0)
        widths: dict[int, dict[int, float]] = {}
        get_object, get_unicode, get_origin, get_loose = c.text_object, c.unicode, c.origin, c.loose_box
        height = t.height
        append = out.append
        current = last_x = last_y = None
        wmap: dict[int, float] = {}
        for i in range(n):
            obj = get_object(textpage, i)
            if not obj:  # a space or line break PDFium inserted: not in the PDF
                current = None
                continue
            code = get_unicode(textpage, i)
            if code == 2:  # PDFium's mark for a hyphen at the end of a line
                code = 45
            elif code in _NOT_TEXT:
                continue
            get_origin(textpage, i, p_ox, p_oy)
            x, y = ox.value, oy.value
            if obj != current:
                info = objects.get(obj)
                if info is None:
                    info = objects[obj] = _object_info(c, textpage, i, obj, t, fonts)
                fp, name, descent, a, b, cc, d, fs, upright, fast, axis, scale = info
                wmap = widths.setdefault(fp, {})
                current = obj
            elif x == last_x and y == last_y and code != 32 and out and not out[-1][0].isspace():
                # one glyph for several letters ("ﬁ" given as "f", "i"): one character, as
                # pdfminer has it, as wide as the glyph
                prev = out[-1]
                get_loose(textpage, i, p_loose)
                right = max(prev[3], float(loose[2])) if fast else prev[3]
                out[-1] = _new_char(Char, (prev[0] + chr(code), prev[1], prev[2], right, *prev[4:8]))
                continue
            last_x, last_y = x, y
            width = wmap.get(code)
            if width is None:
                if fp and c.glyph_width(ctypes.c_void_p(fp), ctypes.c_uint(code), one, p_width):
                    width = float(width_value.value)
                else:
                    width = 0.0
                wmap[code] = width
            if axis is not None and code != 32:
                get_loose(textpage, i, p_loose)
                far = _far(axis, loose, x, y)
                if far < width * fs * scale - _EPS or (width <= 0.0 and far > 0.0):
                    # the box, which reaches at least to the end of the advance, ends before
                    # it: the width belongs to another glyph with the same Unicode value
                    width = far / (fs * scale or 1.0)
            if fast:
                low = y + d * fs * descent
                append(_new_char(Char, (chr(code), x, height - (low + d * fs), x + width * fs * a, height - low,
                                        d * fs, name, upright)))
                continue
            adv = width * fs
            lo, hi = descent * fs, (descent + 1.0) * fs
            xs, ts = [], []
            for tx, ty in ((0.0, lo), (adv, lo), (adv, hi), (0.0, hi)):
                X, T = t.point(x + a * tx + cc * ty, y + b * tx + d * ty)
                xs.append(X)
                ts.append(T)
            top, bottom, left, right = min(ts), max(ts), min(xs), max(xs)
            # the type size as displayed: across the line, whichever way the line runs
            append(_new_char(Char, (chr(code), left, top, right, bottom, (bottom - top) if upright else right - left,
                                    name, upright)))
    finally:
        c.text_close(textpage)
    return out, set(objects)


def _far(axis: int, box, x: float, y: float) -> float:
    """How far the box (left, top, right, bottom) reaches from the origin along the advance."""
    if axis == 0:
        return box[2] - x
    if axis == 1:
        return box[1] - y
    if axis == 2:
        return x - box[0]
    return y - box[3]


def _object_info(c: _C, textpage, i: int, obj: int, t: _Transform, fonts: dict) -> tuple:
    matrix = (ctypes.c_float * 6)()
    size_value = ctypes.c_float()
    c.char_matrix(textpage, i, ctypes.byref(matrix))
    fp = c.obj_font(ctypes.c_void_p(obj))
    c.obj_font_size(ctypes.c_void_p(obj), ctypes.byref(size_value))
    name, descent = _font_info(c, fp, fonts) if fp else ("", 0.0)
    a, b, cc, d = (float(v) for v in matrix[:4])
    fs = float(size_value.value)
    m = t.m  # the character's matrix in pdfminer's layout space decides `upright`
    ka, kb = a * m[0] + b * m[2], a * m[1] + b * m[3]
    kc, kd = cc * m[0] + d * m[2], cc * m[1] + d * m[3]
    upright = ka * kd > 0 and kb * kc <= 0
    fast = t.plain and b == 0.0 and cc == 0.0 and a > 0 and d > 0
    # the direction of the advance in user space, when it runs along an axis: 0 right, 1 up,
    # 2 left, 3 down (then PDFium's loose box shows where the advance ends)
    axis = None
    if b == 0.0 and a != 0.0:
        axis = 0 if a > 0 else 2
    elif a == 0.0 and b != 0.0:
        axis = 1 if b > 0 else 3
    scale = (a * a + b * b) ** 0.5
    return (fp, name, descent, a, b, cc, d, fs, upright, fast, axis, scale)


def _blank_objects(c: _C, t: _Transform, texts: list, fonts: dict) -> list[Char]:
    """Text objects PDFium leaves out of the page's text because nothing in them has a
    shape: spaces drawn on their own.  pdfminer keeps them, and they part words."""
    out: list[Char] = []
    size_value = ctypes.c_float()
    box = (ctypes.c_float * 4)()
    p_box = [ctypes.byref(box, k * 4) for k in range(4)]
    for obj, (a, b, cc, d, e, f) in texts:
        if not c.bounds(ctypes.c_void_p(obj), *p_box) or box[2] - box[0] >= 0.01:
            continue  # left out for another reason (drawn twice, say)
        font = c.obj_font(ctypes.c_void_p(obj))
        if not font or not c.obj_font_size(ctypes.c_void_p(obj), ctypes.byref(size_value)):
            continue
        name, descent = _font_info(c, font, fonts)
        fs = float(size_value.value)
        m = t.m
        ka, kb = a * m[0] + b * m[2], a * m[1] + b * m[3]
        kc, kd = cc * m[0] + d * m[2], cc * m[1] + d * m[3]
        points = [t.point(e + cc * ty, f + d * ty) for ty in (descent * fs, (descent + 1.0) * fs)]
        xs, ts = [p[0] for p in points], [p[1] for p in points]
        top, bottom = min(ts), max(ts)
        upright = ka * kd > 0 and kb * kc <= 0
        out.append(Char(" ", min(xs), top, max(xs), bottom, (bottom - top) if upright else max(xs) - min(xs), name,
                        upright))
    return out


_IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
PATH, FORM = pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_FORM
MOVE, LINE = pdfium_c.FPDF_SEGMENT_MOVETO, pdfium_c.FPDF_SEGMENT_LINETO


def _compose(inner, outer):
    """The matrix applying `inner` first, then `outer` (PDF convention: x' = a x + c y + e)."""
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


TEXT = pdfium_c.FPDF_PAGEOBJ_TEXT


def _shapes(c: _C, page, t: _Transform) -> tuple[list[Shape], list[tuple[int, tuple]]]:
    """The page's lines and rectangles, and every text object with its matrix."""
    out: list[Shape] = []
    texts: list[tuple[int, tuple]] = []
    matrix = (ctypes.c_float * 6)()

    def own_matrix(obj) -> tuple:
        if not c.object_matrix(obj, ctypes.byref(matrix)):
            return _IDENTITY
        return tuple(float(v) for v in matrix)

    def walk(objects, parent):
        for obj in objects:
            kind = c.object_type(obj)
            if kind == PATH:
                _path(c, obj, _compose(own_matrix(obj), parent), t, out)
            elif kind == TEXT:
                texts.append((obj.value, _compose(own_matrix(obj), parent)))
            elif kind == FORM:
                form = _compose(own_matrix(obj), parent)
                walk((ctypes.c_void_p(c.form_object(obj, ctypes.c_ulong(j))) for j in range(c.form_count(obj))), form)

    walk((ctypes.c_void_p(c.get_object(page, i)) for i in range(c.count_objects(page))), _IDENTITY)
    return out, texts


def _path(c: _C, obj, m, t: _Transform, out: list[Shape]) -> None:
    fill_mode, stroke = ctypes.c_int(0), ctypes.c_int(0)
    if not c.draw_mode(obj, ctypes.byref(fill_mode), ctypes.byref(stroke)):
        return
    fill, stroked = fill_mode.value != 0, bool(stroke.value)
    if not fill and not stroked:
        return
    shaded = False
    if fill:
        rgba = (ctypes.c_uint * 4)()
        if c.fill_color(obj, *(ctypes.byref(rgba, offset) for offset in (0, 4, 8, 12))):
            shaded = not is_white((rgba[0] / 255, rgba[1] / 255, rgba[2] / 255))
        else:
            shaded = True  # a pattern or shading: not white
    n = c.count_segments(obj)
    x, y = ctypes.c_float(), ctypes.c_float()
    a, b, cc, d, e, f = m
    points: list[tuple[float, float]] = []
    closed = curved = False

    def flush():
        if len(points) > 1 and not curved:
            shape = shape_from_points(points, closed, stroked, fill, shaded)
            if shape is not None:
                out.append(shape)

    for k in range(n):
        seg = ctypes.c_void_p(c.segment(obj, k))
        kind = c.segment_type(seg)
        c.segment_point(seg, ctypes.byref(x), ctypes.byref(y))
        px, py = float(x.value), float(y.value)
        point = t.point(a * px + cc * py + e, b * px + d * py + f)
        if kind == MOVE:
            flush()
            points, closed, curved = [point], False, False
        else:
            if kind != LINE:
                curved = True
            points.append(point)
        if c.segment_close(seg):
            closed = True
            if points and points[-1] != points[0]:
                points.append(points[0])
    flush()
