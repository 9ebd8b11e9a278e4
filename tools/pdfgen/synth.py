"""Build budget-proposal PDFs the way Word lays them out, for the samples in raw/ and the tests.

A `SynthDoc` is a title, paragraphs and tables; `build_pdf` draws it with reportlab,
wrapping long labels over several lines (hyphenating long words like Word does), placing
the figures on the first, middle or last line of a wrapped row, ruling the table as a full
grid, with horizontal rules only, or not at all, and breaking a table across pages.
`build_pdf` returns what it drew (`DrawnTable`), so a test can compare what was read with
what was printed, cell by cell.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from pipeline.tables.numbers import format_danish

FONT, BOLD = "Vera", "VeraBd"


@dataclass
class SynthRow:
    label: str
    values: list = field(default_factory=list)  # Decimal | int | float | str (printed as is) | None (blank)
    category: str | None = None
    role: str = "item"  # item | total | heraf | section | other (totals and sections are bold)


@dataclass
class SynthTable:
    title: str
    unit: str = "1.000 kr."
    price_base: str | None = None
    columns: list[str] = field(default_factory=list)
    rows: list[SynthRow] = field(default_factory=list)
    ruling: str = "horizontal"  # grid | horizontal | none
    valign: str = "bottom"  # top | middle | bottom: which line of a wrapped row holds the figures
    category_column: bool = False
    marker_column: str | None = None  # e.g. "Investeringspuljen (sæt X)"
    markers: list[str] = field(default_factory=list)  # the marker cell per row
    decimals: int = 0
    label_width: float = 150.0
    minus: str = "-"  # "-", "\u2212" (minus sign), "\u2013" (en dash) or "()" for parentheses
    font_size: float = 8.5
    repeat_header: bool = False  # on a page break
    repeat_last_row: bool = False  # on a page break, the row above it is printed again (a template's habit)


@dataclass
class SynthDoc:
    title: str
    blocks: list = field(default_factory=list)  # str paragraphs, ("h", heading) tuples and SynthTables
    landscape: bool = False
    running_header: str = ""
    author: str = "pdfgen.synth"
    rotate: int = 0  # /Rotate of every page (0, 90, 180, 270)


@dataclass
class DrawnCell:
    column: str
    text: str
    page: int


@dataclass
class DrawnTable:
    """What the generator printed: the truth a reader must give back."""

    title: str
    unit: str
    columns: list[str]
    rows: list[tuple[str, str | None, str, dict[str, DrawnCell]]]  # label, category, role, cells
    first_page: int


def printed(value, decimals: int, minus: str) -> str:
    """The text a cell shows for a value."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    value = Decimal(str(value))
    text = format_danish(abs(value), decimals)
    if value < 0:
        if minus == "()":
            return f"({text})"
        return minus + text
    return text


def _font_path(name: str) -> str:
    import reportlab

    return os.path.join(os.path.dirname(reportlab.__file__), "fonts", name)


def _register_fonts() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, _font_path("Vera.ttf")))
        pdfmetrics.registerFont(TTFont(BOLD, _font_path("VeraBd.ttf")))


def wrap(text: str, width: float, font: str, size: float, hyphenate: bool = True) -> list[str]:
    """Greedy wrap; a long word that does not fit is hyphenated like Word does (`forløbspro-`/`gram`)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines: list[str] = []
    current = ""
    for word in text.split():
        trial = f"{current} {word}".strip()
        if stringWidth(trial, font, size) <= width:
            current = trial
            continue
        # try to hyphenate the word into the remaining space
        if hyphenate and "-" not in word and len(word) >= 8 and word.isalpha():
            for cut in range(len(word) - 3, 3, -1):
                head = f"{current} {word[:cut]}-".strip()
                if stringWidth(head, font, size) <= width:
                    lines.append(head)
                    word = word[cut:]
                    current = ""
                    break
        if current:
            lines.append(current)
        current = word
    if current:
        lines.append(current)
    return lines or [""]


class _FpdfCanvas:
    """The few reportlab canvas calls the layout uses, drawn by fpdf2: a second, independent
    PDF producer (its own content streams, font embedding and text encoding)."""

    def __init__(self, path: Path, size: tuple[float, float]):
        from fpdf import FPDF

        self.path = path
        self.size = size
        self.pdf = FPDF(orientation="L" if size[0] > size[1] else "P", unit="pt", format=(min(size), max(size)))
        self.pdf.set_auto_page_break(False)
        self.pdf.set_creation_date(__import__("datetime").datetime(2026, 1, 1, tzinfo=__import__("datetime").timezone.utc))
        self.pdf.add_font(FONT, "", _font_path("Vera.ttf"))
        self.pdf.add_font(FONT, "B", _font_path("VeraBd.ttf"))
        self.pdf.add_page()
        self._rotation = 0

    def setAuthor(self, text):
        self.pdf.set_author(text)

    def setTitle(self, text):
        self.pdf.set_title(text)

    def setCreator(self, text):
        self.pdf.set_creator(text)
        self.pdf.set_producer("fpdf2")

    def setPageRotation(self, angle):
        self._rotation = angle  # fpdf2 has no /Rotate for pages: not used with this producer

    def setFont(self, name, size):
        self.pdf.set_font(FONT, "B" if name == BOLD else "", size)

    def drawString(self, x, y, text):
        self.pdf.text(x, self.size[1] - y, text)

    def drawRightString(self, x, y, text):
        self.pdf.text(x - self.pdf.get_string_width(text), self.size[1] - y, text)

    def setLineWidth(self, w):
        self.pdf.set_line_width(w)

    def line(self, x1, y1, x2, y2):
        self.pdf.line(x1, self.size[1] - y1, x2, self.size[1] - y2)

    def setFillColorRGB(self, r, g, b):
        self.pdf.set_fill_color(int(r * 255), int(g * 255), int(b * 255))
        self.pdf.set_text_color(int(r * 255), int(g * 255), int(b * 255))

    def rect(self, x, y, w, h, stroke=0, fill=1):
        self.pdf.rect(x, self.size[1] - y - h, w, h, style="F" if fill and not stroke else "DF" if fill else "D")

    def showPage(self):
        self.pdf.add_page()

    def save(self):
        # reportlab's protocol ends with showPage(); drop the empty page that leaves
        self.pdf.pages.pop(self.pdf.page)
        self.pdf.page -= 1
        self.pdf.output(str(self.path))


class _Canvas:
    def __init__(self, path: Path, doc: SynthDoc, producer: str = "reportlab"):
        from reportlab.lib.pagesizes import A4, landscape
        from reportlab.pdfgen import canvas

        _register_fonts()
        self.size = landscape(A4) if doc.landscape or doc.rotate else A4  # the page as displayed
        if doc.rotate not in (0, 90):
            raise ValueError("rotate must be 0 or 90")
        if producer == "fpdf2":
            if doc.rotate:
                raise ValueError("the fpdf2 producer does not rotate pages")
            self.c = _FpdfCanvas(path, self.size)
        else:
            # rotate=90: a portrait page turned by /Rotate 90, its content drawn sideways so
            # that it reads upright (landscape) on screen, as Word does for landscape sections
            media = self.size  # reportlab writes the MediaBox turned back for a rotated page
            self.c = canvas.Canvas(str(path), pagesize=media, invariant=1, pageCompression=1)
        self.c.setAuthor(doc.author)
        self.c.setTitle(doc.title)
        self.c.setCreator("pdfgen.synth")
        self.doc = doc
        self.page = 1
        self.margin = 57.0
        self.y = self.size[1] - self.margin  # distance from the bottom, reportlab style
        self._start_page()

    @property
    def width(self) -> float:
        return self.size[0] - 2 * self.margin

    def _start_page(self) -> None:
        if self.doc.rotate:
            self.c.setPageRotation(self.doc.rotate)
            # displayed (X, Y) is drawn at media (width - Y, X): upright after a clockwise turn
            self.c.transform(0, 1, -1, 0, self.size[1], 0)
        if self.doc.running_header:
            self.c.setFont(FONT, 8)
            self.c.drawString(self.margin, self.size[1] - 30, self.doc.running_header)
        self.c.setFont(FONT, 8)
        self.c.drawRightString(self.size[0] - self.margin, 30, f"Side {self.page}")

    def new_page(self) -> None:
        self.c.showPage()
        self.page += 1
        self.y = self.size[1] - self.margin
        self._start_page()

    def ensure(self, height: float) -> None:
        if self.y - height < self.margin:
            self.new_page()

    def text(self, text: str, size: float = 10.0, bold: bool = False, gap: float = 4.0) -> None:
        font = BOLD if bold else FONT
        for line in wrap(text, self.width, font, size, hyphenate=False):
            self.ensure(size * 1.3)
            self.y -= size * 1.3
            self.c.setFont(font, size)
            self.c.drawString(self.margin, self.y, line)
        self.y -= gap

    def save(self) -> None:
        self.c.showPage()
        self.c.save()


def _draw_table(cv: _Canvas, t: SynthTable) -> DrawnTable:
    c = cv.c
    fs = t.font_size
    lead = fs * 1.3
    pad = 2.5
    x0 = cv.margin
    label_w = t.label_width
    cat_w = 60.0 if t.category_column else 0.0
    marker_w = 70.0 if t.marker_column else 0.0
    n = len(t.columns)
    col_w = (cv.width - label_w - cat_w - marker_w) / max(n, 1)
    col_w = min(col_w, 62.0)
    from reportlab.pdfbase.pdfmetrics import stringWidth

    widest = max([stringWidth(printed(v, t.decimals, t.minus), BOLD, fs) for r in t.rows for v in r.values] + [0])
    col_w = max(col_w, widest + 8)  # figures never touch, even if the table grows past the margin
    x_cat = x0 + label_w
    x_vals = x_cat + cat_w
    x_marker = x_vals + n * col_w
    x1 = x_marker + marker_w

    def right(i: int) -> float:
        return x_vals + (i + 1) * col_w - 4

    def hline(y: float) -> None:
        c.setLineWidth(0.5)
        c.line(x0, y, x1, y)

    def vlines(top: float, bottom: float) -> None:
        c.setLineWidth(0.5)
        for x in [x0, x_cat] + ([x_vals] if cat_w else []) + [x_vals + i * col_w for i in range(1, n + 1)] + \
                 ([x1] if marker_w else []):
            c.line(x, top, x, bottom)

    if t.title:
        cv.ensure(lead * 4)
        cv.y -= 14
        c.setFont(BOLD, 10.5)
        c.drawString(x0 + 4, cv.y, t.title)
        cv.y -= 6

    def header() -> None:
        head_unit = " ".join(p for p in [t.unit, t.price_base or ""] if p)
        lines = 2 if (t.category_column or t.marker_column) else 1
        h = lines * lead + 2 * pad
        cv.ensure(h + lead * 2)
        top = cv.y
        c.setFillColorRGB(0.85, 0.89, 0.95)
        c.rect(x0, top - h, x1 - x0, h, stroke=0, fill=1)
        c.setFillColorRGB(0, 0, 0)
        base = top - pad - lines * lead + (lead - fs)
        c.setFont(BOLD, fs)
        c.drawString(x0 + 4, base, head_unit)
        if t.category_column:
            c.drawString(x_cat + 3, base + lead, "Styringsom-")
            c.drawString(x_cat + 3, base, "råde")
        for i, col in enumerate(t.columns):
            c.drawRightString(right(i), base, col)
        if t.marker_column:
            words = t.marker_column.split(" ", 1)
            c.drawString(x_marker + 3, base + lead, words[0])
            c.drawString(x_marker + 3, base, words[1] if len(words) > 1 else "")
        if t.ruling != "none":
            hline(top)
            hline(top - h)
        if t.ruling == "grid":
            vlines(top, top - h)
        cv.y = top - h

    def layout(row: SynthRow) -> tuple[str, list[str], float]:
        font = BOLD if row.role in ("total", "section", "heraf") else FONT
        span = x1 - x0 - 8 if row.role == "section" else label_w - 8
        lines = wrap(row.label, span, font, fs)
        return font, lines, len(lines) * lead + 2 * pad

    def draw_row(r_i: int, row: SynthRow) -> dict[str, DrawnCell]:
        font, lines, h = layout(row)
        top = cv.y
        c.setFont(font, fs)
        for k, text in enumerate(lines):
            c.drawString(x0 + 4, top - pad - (k + 1) * lead + (lead - fs), text)
        at = {"top": 0, "bottom": len(lines) - 1, "middle": (len(lines) - 1) // 2}[t.valign]
        base = top - pad - (at + 1) * lead + (lead - fs)
        cells: dict[str, DrawnCell] = {}
        if row.role != "section":
            if t.category_column and row.category:
                c.drawString(x_cat + 3, base, row.category)
            for i, col in enumerate(t.columns):
                value = row.values[i] if i < len(row.values) else None
                text = printed(value, t.decimals, t.minus)
                if text:
                    c.drawRightString(right(i), base, text)
                    cells[col] = DrawnCell(col, text, cv.page)
            if t.marker_column and r_i < len(t.markers) and t.markers[r_i]:
                c.drawString(x_marker + 25, base, t.markers[r_i])
        if t.ruling != "none":
            hline(top)
        if t.ruling == "grid":
            vlines(top, top - h)
        cv.y = top - h
        return cells

    header()
    drawn_rows = []
    first_page = cv.page
    for r_i, row in enumerate(t.rows):
        _, _, h = layout(row)
        if cv.y - h < cv.margin:
            if t.ruling != "none":
                hline(cv.y)
            cv.new_page()
            if t.repeat_header:
                header()
            if t.repeat_last_row and r_i:
                draw_row(r_i - 1, t.rows[r_i - 1])  # a template repeating the row above the break
        cells = draw_row(r_i, row)
        drawn_rows.append((row.label, row.category, row.role, cells))
    if t.ruling != "none":
        hline(cv.y)
    cv.y -= 10
    return DrawnTable(t.title, t.unit, list(t.columns), drawn_rows, first_page)


def build_pdf(doc: SynthDoc, path: Path, producer: str = "reportlab") -> list[DrawnTable]:
    """Draw `doc` into `path` with `producer` (reportlab or fpdf2); return the tables as drawn."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    cv = _Canvas(path, doc, producer)
    cv.text(doc.title, size=17, bold=True, gap=10)
    drawn: list[DrawnTable] = []
    for block in doc.blocks:
        if isinstance(block, SynthTable):
            drawn.append(_draw_table(cv, block))
        elif isinstance(block, tuple) and block[0] == "h":
            cv.y -= 6
            cv.text(block[1], size=12, bold=True)
        elif isinstance(block, tuple) and block[0] == "pagebreak":
            cv.new_page()
        elif isinstance(block, tuple) and block[0] == "title":  # the next proposal in the same PDF
            cv.new_page()
            cv.text(block[1], size=17, bold=True, gap=10)
        elif isinstance(block, tuple) and block[0] == "space":
            cv.y -= block[1]
        else:
            cv.text(str(block))
    cv.save()
    return drawn
