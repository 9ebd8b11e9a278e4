"""Drawing back ends for the realistic generator: one small interface, two independent PDF producers.

A `Pen` draws text, rules and filled boxes on pages in the coordinates pdfplumber reports
(points, origin at the top left, y downwards), so what the layout code decides is what a
reader later finds at the same numbers. `ReportlabPen` and `FpdfPen` write real PDFs with
their own content streams, font subsetting and text encoding; `NullPen` only counts pages
(the first of the two layout passes, which learns the page numbers a table of contents
and `SID n (N)` footers print).

Fonts: two families.

* ``sans`` is Bitstream Vera (shipped inside reportlab, so a fresh clone has it), rebuilt
  once per machine under a new family name (`GenSans`, as Vera's licence asks of modified
  copies) with three spaces Vera lacks: thin space U+2009, narrow no-break space U+202F and
  figure space U+2007. Budget tables print thousands with them (`-62 049`).
* ``serif`` is the PDF core font Times (Bokslut-style documents). Core fonts encode
  Latin-1 only, so no minus sign U+2212, en dash or thin space in a serif document; the
  pens refuse such text with a clear error instead of drawing a wrong glyph.

Every measurement comes from reportlab's font metrics, for both producers, so the two
PDFs of a document have the same layout.
"""
from __future__ import annotations

import datetime
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

SANS, SERIF = "sans", "serif"
_GEN_FAMILY = "GenSans"
_STYLES = {(False, False): "", (True, False): "B", (False, True): "I", (True, True): "BI"}
_VERA_FILES = {"": "Vera.ttf", "B": "VeraBd.ttf", "I": "VeraIt.ttf", "BI": "VeraBI.ttf"}
_TIMES = {"": "Times-Roman", "B": "Times-Bold", "I": "Times-Italic", "BI": "Times-BoldItalic"}
# extra space glyphs: code point -> advance width in units of the em (Vera: 2048 units)
_EXTRA_SPACES = {0x2009: 0.2, 0x202F: 0.2, 0x2007: None}  # None: the width of a digit
_FONT_VERSION = "1"  # bump when the derived fonts change


@dataclass(frozen=True)
class Font:
    family: str = SANS
    size: float = 9.0
    bold: bool = False
    italic: bool = False
    color: tuple[float, float, float] = (0.0, 0.0, 0.0)

    def but(self, **changes) -> Font:
        return Font(**{**self.__dict__, **changes})

    @property
    def style(self) -> str:
        return _STYLES[(self.bold, self.italic)]

    @property
    def rl_name(self) -> str:
        """The font's name as registered with reportlab."""
        if self.family == SERIF:
            return _TIMES[self.style]
        return f"{_GEN_FAMILY}-{self.style or 'R'}"


def _vera_path(name: str) -> Path:
    import reportlab

    return Path(reportlab.__file__).parent / "fonts" / name


def derived_font_files() -> dict[str, Path]:
    """Style -> path of the GenSans TTF (Vera plus three space glyphs), built once per machine."""
    folder = Path(tempfile.gettempdir()) / f"pdfgen-fonts-v{_FONT_VERSION}"
    files = {style: folder / f"{_GEN_FAMILY}-{style or 'R'}.ttf" for style in _VERA_FILES}
    if all(p.exists() for p in files.values()):
        return files
    from fontTools.ttLib import TTFont
    from fontTools.ttLib.tables._g_l_y_f import Glyph

    folder.mkdir(parents=True, exist_ok=True)
    for style, vera in _VERA_FILES.items():
        font = TTFont(str(_vera_path(vera)), recalcTimestamp=False)
        em = font["head"].unitsPerEm
        order = font.getGlyphOrder()
        digit_width = font["hmtx"]["zero"][0]
        for cp, share in _EXTRA_SPACES.items():
            name = f"uni{cp:04X}"
            if name in order:
                continue
            order.append(name)
            font["glyf"].glyphs[name] = Glyph()
            font["hmtx"][name] = (digit_width if share is None else int(em * share), 0)
            for table in font["cmap"].tables:
                if table.isUnicode():
                    table.cmap[cp] = name
        font.setGlyphOrder(order)
        font["maxp"].numGlyphs = len(order)
        for record in font["name"].names:
            text = record.toUnicode()
            if "Vera" in text or "Bitstream" in text:
                record.string = text.replace("Bitstream Vera Sans", _GEN_FAMILY) \
                    .replace("BitstreamVeraSans", _GEN_FAMILY).replace("Bitstream", "pdfgen").replace("Vera", "Gen")
        tmp = files[style].with_suffix(f".{os.getpid()}.tmp")
        font.save(str(tmp))
        os.replace(tmp, files[style])  # atomic: parallel test workers never read half a font
    return files


def register_reportlab_fonts() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    registered = pdfmetrics.getRegisteredFontNames()
    for style, path in derived_font_files().items():
        name = Font(bold="B" in style, italic="I" in style).rl_name
        if name not in registered:
            pdfmetrics.registerFont(TTFont(name, str(path)))


def measure(text: str, font: Font) -> float:
    """Width of `text` in points."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    register_reportlab_fonts()
    return stringWidth(text, font.rl_name, font.size)


def check_encodable(text: str, font: Font) -> None:
    if font.family == SERIF:
        try:
            text.encode("latin-1")
        except UnicodeEncodeError as exc:
            raise ValueError(f"the serif (core Times) font has no glyph for {text[exc.start]!r} in {text!r}") from None


class Pen:
    """Interface; coordinates in points from the top left of the page."""

    producer = "none"

    def __init__(self, path: Path | None, size: tuple[float, float], title: str, author: str):
        self.path, self.size, self.title, self.author = path, size, title, author
        self.pages = 0

    def new_page(self) -> None:
        self.pages += 1

    def text(self, x: float, baseline: float, text: str, font: Font) -> None:
        pass

    def text_right(self, x_right: float, baseline: float, text: str, font: Font) -> None:
        self.text(x_right - measure(text, font), baseline, text, font)

    def line(self, x0: float, y0: float, x1: float, y1: float, width: float = 0.5,
             color: tuple[float, float, float] = (0, 0, 0)) -> None:
        pass

    def box(self, x: float, y: float, w: float, h: float, fill: tuple[float, float, float]) -> None:
        pass

    def save(self) -> None:
        pass


class NullPen(Pen):
    """Draws nothing: the measuring pass."""


class ReportlabPen(Pen):
    producer = "reportlab"

    def __init__(self, path, size, title, author):
        super().__init__(path, size, title, author)
        from reportlab.pdfgen import canvas

        register_reportlab_fonts()
        self.c = canvas.Canvas(str(path), pagesize=size, invariant=1, pageCompression=1)
        self.c.setTitle(title)
        self.c.setAuthor(author)
        self.c.setCreator("pdfgen.realistic (reportlab)")
        self._started = False

    def new_page(self) -> None:
        if self._started:
            self.c.showPage()
        self._started = True
        super().new_page()

    def text(self, x, baseline, text, font):
        check_encodable(text, font)
        self.c.setFillColorRGB(*font.color)
        self.c.setFont(font.rl_name, font.size)
        self.c.drawString(x, self.size[1] - baseline, text)

    def line(self, x0, y0, x1, y1, width=0.5, color=(0, 0, 0)):
        self.c.setStrokeColorRGB(*color)
        self.c.setLineWidth(width)
        self.c.line(x0, self.size[1] - y0, x1, self.size[1] - y1)

    def box(self, x, y, w, h, fill):
        self.c.setFillColorRGB(*fill)
        self.c.rect(x, self.size[1] - y - h, w, h, stroke=0, fill=1)

    def save(self):
        self.c.showPage()
        self.c.save()


class FpdfPen(Pen):
    producer = "fpdf2"

    def __init__(self, path, size, title, author):
        super().__init__(path, size, title, author)
        from fpdf import FPDF

        self.pdf = FPDF(orientation="P", unit="pt", format=size)
        self.pdf.set_auto_page_break(False)
        self.pdf.set_margins(0, 0, 0)
        self.pdf.set_creation_date(datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC))
        self.pdf.set_title(title)
        self.pdf.set_author(author)
        self.pdf.set_creator("pdfgen.realistic (fpdf2)")
        self.pdf.set_producer("fpdf2")
        for style, path_ in derived_font_files().items():
            self.pdf.add_font(_GEN_FAMILY, style, str(path_))

    def new_page(self):
        self.pdf.add_page()
        super().new_page()

    def _font(self, font: Font):
        family = "Times" if font.family == SERIF else _GEN_FAMILY
        self.pdf.set_font(family, font.style, font.size)
        self.pdf.set_text_color(*(int(round(c * 255)) for c in font.color))

    def text(self, x, baseline, text, font):
        check_encodable(text, font)
        self._font(font)
        self.pdf.text(x, baseline, text)

    def line(self, x0, y0, x1, y1, width=0.5, color=(0, 0, 0)):
        self.pdf.set_draw_color(*(int(round(c * 255)) for c in color))
        self.pdf.set_line_width(width)
        self.pdf.line(x0, y0, x1, y1)

    def box(self, x, y, w, h, fill):
        self.pdf.set_fill_color(*(int(round(c * 255)) for c in fill))
        self.pdf.rect(x, y, w, h, style="F")

    def save(self):
        self.pdf.output(str(self.path))


PENS = {"reportlab": ReportlabPen, "fpdf2": FpdfPen}
