"""Page flow for the realistic generator: documents laid out the way Word lays them out.

A `Document` is a `PageStyle` (page size, margins, body font, running header and footer)
and a list of blocks: headings, paragraphs, bullet lists, tables (`TableBlock`), two
tables side by side (`SideBySide`), a section set in two text columns (`TwoColumns`), a
cover page, a table of contents, lists of names with years that are not tables. `render()`
lays it out twice with the same decisions: first with a `NullPen` to learn page numbers
(the table of contents, `SID 3 (36)` footers), then with a real producer. While drawing it
records on each table cell the page it was printed on, which is where the truth says the
total is.

Tables (`sheet.Table`) are drawn with a `TableLook`: ruling (grid, horizontal rules,
booktabs, none), a filled header band, zebra rows, one- or two-level headers whose words
wrap and hyphenate in narrow columns, labels that wrap with the figures on the first or
the last line, sub-rows indented in a smaller italic, bold totals with a rule above, a
leading note-reference column, figures right-aligned. A table longer than the frame
breaks to the next column or page, with or without its header repeated; the header may
be left alone at the foot of a page, as Word does without "keep with next".
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .pens import PENS, SANS, Font, NullPen, measure
from .sheet import BLANK, GRAND, SECTION, SUB, SUBTOTAL, TEXTROW, TOTAL, Table

A4 = (595.28, 841.89)
BLACK = (0.0, 0.0, 0.0)
WHITE = (1.0, 1.0, 1.0)


# ---------------------------------------------------------------- styles and blocks


@dataclass
class PageStyle:
    family: str = SANS
    body_size: float = 10.0
    size: tuple[float, float] = A4
    margins: tuple[float, float, float, float] = (62.0, 64.0, 62.0, 64.0)  # left, top, right, bottom
    running_header: str = ""
    running_header_right: str = ""
    header_rule: bool = False
    footer: str = "Side {n}"  # {n}: printed page number, {N}: printed page count
    footer_align: str = "right"
    footer_left: str = ""
    number_offset: int = 0  # printed page number = PDF page - number_offset
    plain_first_page: bool = False  # a cover: no running header or footer
    heading_color: tuple[float, float, float] = BLACK
    heading_family: str | None = None
    line_gap: float = 1.3


@dataclass
class TableLook:
    font_size: float = 8.5
    ruling: str = "horizontal"  # grid | horizontal | booktabs | none
    header_fill: tuple | None = None
    header_color: tuple = BLACK
    zebra: tuple | None = None  # fill of every other body row
    section_fill: tuple | None = None
    valign: str = "bottom"  # which line of a wrapped label holds the figures: top | bottom
    repeat_header: bool = False
    keep_header_with_rows: bool = True  # False: a header may stay alone at the foot of a page
    label_share: float = 0.46  # the label column's share of the table width (at least)
    width_share: float = 1.0  # the table's share of the frame width
    indent_step: float = 9.0
    sub_size_delta: float = -0.8  # sub-rows in a smaller type
    padding: float = 2.6
    lead: float = 1.25
    total_rules: bool = True  # a rule above total rows (and below a grand total)
    bold_header: bool = True
    caption_size: float = 10.0
    continued: str = ""  # printed above a continuation, e.g. "(fortsat)"


@dataclass
class Heading:
    text: str
    level: int = 1
    anchor: str = ""
    new_page: bool = False
    size: float | None = None
    color: tuple | None = None


@dataclass
class Para:
    text: str
    size: float | None = None
    italic: bool = False
    bold: bool = False
    gap: float = 5.0


@dataclass
class Bullets:
    items: list[str]


@dataclass
class TableBlock:
    table: Table


@dataclass
class SideBySide:
    tables: list[Table]
    gap: float = 18.0


@dataclass
class TwoColumns:
    blocks: list
    gap: float = 20.0


@dataclass
class PageBreak:
    pass


@dataclass
class Spacer:
    height: float


@dataclass
class Cover:
    title: str
    subtitle: str = ""
    lines: list[str] = field(default_factory=list)


@dataclass
class Contents:
    title: str
    entries: list[tuple[str, str]]  # text, anchor


@dataclass
class NameList:
    """People with years (`Født 1961`, `Indtrådt 2014`) in aligned fields: not a table."""

    entries: list[list[str]]
    tabs: list[float]  # left edge of each field as a share of the frame width


@dataclass
class Document:
    title: str
    style: PageStyle
    blocks: list
    author: str = "pdfgen.realistic"


# ---------------------------------------------------------------- text


def wrap(text: str, width: float, font: Font, hyphenate: bool = False) -> list[str]:
    """Greedy line breaking; a word too long for the line is hyphenated when asked (`forløbspro-`/`gram`)."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        trial = f"{current} {word}".strip()
        if measure(trial, font) <= width:
            current = trial
            continue
        if hyphenate and len(word) >= 8 and word.isalpha():
            for cut in range(len(word) - 3, 3, -1):
                head = f"{current} {word[:cut]}-".strip()
                if measure(head, font) <= width:
                    lines.append(head)
                    word = word[cut:]
                    current = ""
                    break
        if current:
            lines.append(current)
        while hyphenate and measure(word, font) > width and len(word) > 6:
            cut = max(3, len(word) - 3)
            while cut > 3 and measure(word[:cut] + "-", font) > width:
                cut -= 1
            lines.append(word[:cut] + "-")
            word = word[cut:]
        current = word
    if current:
        lines.append(current)
    return lines or [""]


# ---------------------------------------------------------------- tables


@dataclass
class _Plan:
    label_w: float
    note_w: float
    col_x: list[float]  # left edge of each figure column
    col_w: list[float]
    width: float
    header_h: float
    header: list  # (x, baseline offset, text, font, align) relative to the header's top
    rules: list  # header rules (x0, y_off, x1)
    rows: list  # per row: (height, label lines, font, cell lines)


def _row_font(look: TableLook, family: str, row) -> Font:
    size = look.font_size + (look.sub_size_delta if row.kind == SUB or row.small else 0)
    return Font(family, size, bold=row.is_bold, italic=row.is_italic)


def plan_table(t: Table, width: float, family: str) -> _Plan:
    look: TableLook = t.look or TableLook()
    fs = look.font_size
    lead = fs * look.lead
    pad = look.padding
    base = Font(family, fs)
    bold = base.but(bold=True)
    hfont = Font(family, fs, bold=look.bold_header, color=look.header_color)
    width = width * look.width_share
    note_w = measure("14,19,20", base) + 2 * pad if t.note_column else 0.0
    need = []
    for i, col in enumerate(t.columns):
        widest = max([measure(r.cells[i].text, bold) for r in t.rows if r.cells[i] is not None and r.cells[i].text
                      and r.kind != TEXTROW and r.cells[i].literal is None] + [0.0])
        head_words = max([measure(w, hfont) for w in col.header.split()] + [0.0]) if t.header else 0.0
        need.append(max(widest, min(head_words, 58.0), 22.0) + 2 * pad + 4)
    label_w = max(width * look.label_share, 70.0)
    spare = width - note_w - label_w - sum(need)
    if spare < 0:
        label_w += spare
        spare = 0.0
    if label_w < 60:
        raise ValueError(f"table {t.title!r} is too wide for {width:.0f} pt")
    col_w = [w + spare / len(need) for w in need] if need else []
    x = note_w + label_w
    col_x = []
    for w in col_w:
        col_x.append(x)
        x += w

    # header: stub and column headers bottom-aligned, group titles above
    header, rules = [], []
    header_h = 0.0
    if t.header:
        col_lines = [wrap(c.header, w - 2 * pad, hfont, hyphenate=True) if c.header else []
                     for c, w in zip(t.columns, col_w)]
        stub_lines = wrap(t.stub, label_w - 2 * pad, hfont) if t.stub else []
        groups = []  # (first, last, text)
        for i, c in enumerate(t.columns):
            if c.group and groups and groups[-1][2] == c.group and groups[-1][1] == i - 1:
                groups[-1][1] = i
            elif c.group:
                groups.append([i, i, c.group])
        group_lines = [wrap(g[2], col_x[g[1]] + col_w[g[1]] - col_x[g[0]] - 2 * pad, hfont) for g in groups]
        g_rows = max([len(x) for x in group_lines] + [0])
        c_rows = max([len(x) for x in col_lines] + [len(stub_lines), 1])
        g_h = g_rows * lead + (pad if g_rows else 0)
        header_h = pad + g_h + c_rows * lead + pad
        for g, lines in zip(groups, group_lines):
            x0, x1 = col_x[g[0]], col_x[g[1]] + col_w[g[1]]
            for k, text in enumerate(lines):
                header.append(((x0 + x1) / 2, pad + (k + 1) * lead - (lead - fs) - 1, text, hfont, "center"))
            rules.append((x0 + pad, pad + g_rows * lead + pad / 2, x1 - pad))
        bottom = header_h - pad
        for lines, c, x0, w in zip(col_lines, t.columns, col_x, col_w):
            for k, text in enumerate(lines):
                y = bottom - (len(lines) - 1 - k) * lead - (lead - fs) - 1
                header.append((x0 + w - pad if c.align == "right" else x0 + pad, y, text, hfont, c.align))
        for k, text in enumerate(stub_lines):
            y = bottom - (len(stub_lines) - 1 - k) * lead - (lead - fs) - 1
            header.append((note_w + pad, y, text, hfont, "left"))
        if t.note_column:
            header.append((pad, bottom - (lead - fs) - 1, t.note_column, hfont, "left"))

    rows = []
    for r in t.rows:
        font = _row_font(look, family, r)
        rlead = font.size * look.lead
        indent = r.indent * look.indent_step
        span = width - note_w if r.kind == SECTION else label_w
        lines = wrap(r.label, span - 2 * pad - indent, font, hyphenate=True) if r.label else [""]
        cell_lines = []
        for c, w in zip(r.cells, col_w):
            if c is not None and c.literal is not None:
                cell_lines.append(wrap(c.literal, w - 2 * pad, font))
            else:
                cell_lines.append(None)
        n = max([len(lines)] + [len(x) for x in cell_lines if x])
        height = n * rlead + 2 * pad
        if r.kind == BLANK:
            height = rlead
        rows.append((height, lines, font, cell_lines))
    return _Plan(label_w, note_w, col_x, col_w, width, header_h, header, rules, rows)


def table_height(t: Table, width: float, family: str) -> float:
    p = plan_table(t, width, family)
    look = t.look or TableLook()
    caption = look.caption_size * 1.9 if t.caption else 0.0
    unit = look.font_size * 1.6 if t.unit_line else 0.0
    notes = len(t.footnotes) * (look.font_size - 1) * 1.35 + (4 if t.footnotes else 0)
    return caption + unit + p.header_h + sum(h for h, *_ in p.rows) + notes + 8


# ---------------------------------------------------------------- the flow


class Flow:
    def __init__(self, pen, doc: Document, anchors: dict[str, int], pages_total: int):
        self.pen, self.doc, self.st = pen, doc, doc.style
        self.anchors_in, self.anchors = anchors, {}
        self.pages_total = pages_total
        self.page = 0
        self.columns, self.col_gap = 1, 20.0
        self.frames: list[tuple[float, float]] = []
        self.fi = 0
        self.y = self.frame_top = 0.0

    # -- pages and frames
    @property
    def top(self) -> float:
        return self.st.margins[1]

    @property
    def bottom(self) -> float:
        return self.st.size[1] - self.st.margins[3]

    @property
    def x0(self) -> float:
        return self.frames[self.fi][0]

    @property
    def width(self) -> float:
        return self.frames[self.fi][1] - self.frames[self.fi][0]

    def font(self, size=None, **kw) -> Font:
        return Font(self.st.family, size or self.st.body_size, **kw)

    def start_page(self, plain: bool = False) -> None:
        self.pen.new_page()
        self.page += 1
        if not plain:
            self._running()
        self.frame_top = self.y = self.top
        self._split()

    def _split(self) -> None:
        left, right = self.st.margins[0], self.st.size[0] - self.st.margins[2]
        if self.columns == 1:
            self.frames = [(left, right)]
        else:
            w = (right - left - self.col_gap) / 2
            self.frames = [(left, left + w), (right - w, right)]
        self.fi = 0

    def _running(self) -> None:
        st, pen = self.st, self.pen
        small = Font(st.family, 7.5, color=(0.3, 0.3, 0.3))
        left, right = st.margins[0], st.size[0] - st.margins[2]
        if st.running_header:
            pen.text(left, 34, st.running_header, small)
        if st.running_header_right:
            pen.text_right(right, 34, st.running_header_right, small)
        if st.header_rule:
            pen.line(left, 40, right, 40, 0.6, (0.2, 0.45, 0.45))
        n = self.page - st.number_offset
        if st.footer and n >= 1:
            text = st.footer.format(n=n, N=max(self.pages_total - st.number_offset, n))
            y = st.size[1] - 30
            if st.footer_align == "center":
                pen.text((left + right - measure(text, small)) / 2, y, text, small)
            elif st.footer_align == "left":
                pen.text(left, y, text, small)
            else:
                pen.text_right(right, y, text, small)
        if st.footer_left:
            pen.text(left, st.size[1] - 30, st.footer_left, small)

    def next_frame(self) -> None:
        if self.fi + 1 < len(self.frames):
            self.fi += 1
            self.y = self.frame_top
        else:
            self.start_page()

    def need(self, height: float) -> None:
        if self.y + height > self.bottom and self.y > self.frame_top + 0.1:
            self.next_frame()

    # -- blocks
    def run(self) -> None:
        blocks = self.doc.blocks
        plain = bool(blocks) and isinstance(blocks[0], Cover) or self.st.plain_first_page
        self.start_page(plain=plain)
        for block in blocks:
            self.block(block)

    def block(self, b) -> None:
        if isinstance(b, Heading):
            self.heading(b)
        elif isinstance(b, Para):
            self.para(b)
        elif isinstance(b, Bullets):
            for item in b.items:
                self.lines(wrap(item, self.width - 16, self.font()), self.font(), indent=16, bullet=True)
            self.y += 4
        elif isinstance(b, TableBlock):
            self.table(b.table)
        elif isinstance(b, SideBySide):
            self.side_by_side(b)
        elif isinstance(b, TwoColumns):
            self.two_columns(b)
        elif isinstance(b, PageBreak):
            self.start_page()
        elif isinstance(b, Spacer):
            self.y += b.height
        elif isinstance(b, Cover):
            self.cover(b)
        elif isinstance(b, Contents):
            self.contents(b)
        elif isinstance(b, NameList):
            self.name_list(b)
        elif isinstance(b, str):
            self.para(Para(b))
        else:
            raise TypeError(f"unknown block {b!r}")

    def lines(self, lines: list[str], font: Font, indent: float = 0.0, bullet: bool = False) -> None:
        lead = font.size * self.st.line_gap
        for k, line in enumerate(lines):
            self.need(lead)
            self.y += lead
            if bullet and k == 0:
                self.pen.text(self.x0 + indent - 10, self.y - (lead - font.size) - 1, "\u2022", font)
            self.pen.text(self.x0 + indent, self.y - (lead - font.size) - 1, line, font)

    def para(self, p: Para) -> None:
        font = self.font(p.size, italic=p.italic, bold=p.bold)
        self.lines(wrap(p.text, self.width, font), font)
        self.y += p.gap

    def heading(self, h: Heading) -> None:
        if h.new_page and self.y > self.frame_top + 0.1:
            self.start_page()
        size = h.size or {1: 16.0, 2: 12.5, 3: 10.5}.get(h.level, 10.5)
        family = self.st.heading_family or self.st.family
        font = Font(family, size, bold=True, color=h.color or self.st.heading_color)
        lines = wrap(h.text, self.width, font)
        lead = size * 1.25
        self.need(len(lines) * lead + size * 0.6 + 4 * self.st.body_size * self.st.line_gap)  # keep with next
        if self.y > self.frame_top + 0.1:
            self.y += size * 0.6
        if h.anchor:
            self.anchors[h.anchor] = self.page
        for line in lines:
            self.y += lead
            self.pen.text(self.x0, self.y - (lead - size) - 1, line, font)
        self.y += size * 0.35

    def cover(self, c: Cover) -> None:
        st = self.st
        left = st.margins[0]
        self.y = st.size[1] * 0.3
        big = Font(st.heading_family or st.family, 28, bold=True, color=st.heading_color)
        for line in wrap(c.title, self.width, big):
            self.y += 34
            self.pen.text(left, self.y, line, big)
        if c.subtitle:
            sub = Font(st.family, 16)
            self.y += 12
            for line in wrap(c.subtitle, self.width, sub):
                self.y += 21
                self.pen.text(left, self.y, line, sub)
        plain = Font(st.family, 12)
        self.y += 30
        for line in c.lines:
            self.y += 17
            self.pen.text(left, self.y, line, plain)
        self.start_page()

    def contents(self, c: Contents) -> None:
        self.heading(Heading(c.title, 1))
        font = self.font()
        lead = font.size * 1.5
        for text, anchor in c.entries:
            page = self.anchors_in.get(anchor, 0) - self.st.number_offset
            number = str(max(page, 0))
            lines = wrap(text, self.width - 40, font)
            for k, line in enumerate(lines):
                self.need(lead)
                self.y += lead
                base = self.y - (lead - font.size) - 1
                self.pen.text(self.x0, base, line, font)
                if k == len(lines) - 1:
                    end = self.x0 + measure(line, font) + 4
                    right = self.x0 + self.width - measure(number, font) - 4
                    dots = "." * max(int((right - end) / measure(".", font)), 0)
                    if dots:
                        self.pen.text(end, base, dots, font)
                    self.pen.text_right(self.x0 + self.width, base, number, font)
        self.y += 8

    def name_list(self, n: NameList) -> None:
        font = self.font(self.st.body_size - 0.5)
        lead = font.size * 1.45
        for entry in n.entries:
            self.need(lead)
            self.y += lead
            for text, tab in zip(entry, n.tabs):
                self.pen.text(self.x0 + tab * self.width, self.y - (lead - font.size) - 1, text, font)
        self.y += 6

    def side_by_side(self, b: SideBySide) -> None:
        w = (self.width - b.gap * (len(b.tables) - 1)) / len(b.tables)
        height = max(table_height(t, w, self.st.family) for t in b.tables)
        self.need(height)
        top, ends = self.y, []
        for k, t in enumerate(b.tables):
            self.y = top
            self.table(t, self.x0 + k * (w + b.gap), w, atomic=True)
            ends.append(self.y)
        self.y = max(ends)

    def two_columns(self, b: TwoColumns) -> None:
        self.columns, self.col_gap = 2, b.gap
        self.frame_top = self.y
        self._split()
        for block in b.blocks:
            self.block(block)
        self.columns = 1
        self.start_page()

    # -- a table
    def table(self, t: Table, x0: float | None = None, width: float | None = None, atomic: bool = False) -> None:
        """Draw `t` in the current frame, breaking across frames and pages; `atomic`: at (x0, width), unbroken."""
        look: TableLook = t.look or TableLook()
        fam = self.st.family
        plan = plan_table(t, width if atomic else self.width, fam)
        pen = self.pen
        fs = look.font_size
        pad = look.padding
        first_h = plan.rows[0][0] if plan.rows else 0.0
        cap_font = Font(fam, look.caption_size, bold=True)
        intro = (look.caption_size * 1.9 if t.caption else 0) + (fs * 1.6 if t.unit_line else 0)
        if not atomic:
            self.need(intro + plan.header_h + (first_h if look.keep_header_with_rows else 0))
            x0 = self.x0
        if t.caption:
            for line in wrap(t.caption, plan.width, cap_font):
                self.y += look.caption_size * 1.35
                pen.text(x0, self.y - 2, line, cap_font)
            self.y += look.caption_size * 0.5
        if t.unit_line:
            self.y += fs * 1.4
            pen.text(x0 + plan.note_w + pad, self.y - 2, t.unit_line, Font(fam, fs))
            self.y += fs * 0.2

        def xs() -> float:
            return self.x0 if not atomic else x0

        def hline(y: float, w: float = 0.5) -> None:
            pen.line(xs(), y, xs() + plan.width, y, w)

        def vlines(y0: float, y1: float) -> None:
            x = xs()
            edges = [0.0] + ([plan.note_w] if plan.note_w else []) + [plan.note_w + plan.label_w] + \
                [cx + cw for cx, cw in zip(plan.col_x, plan.col_w)]
            for e in edges:
                pen.line(x + e, y0, x + e, y1, 0.5)

        def header() -> None:
            if not t.header:
                return
            top = self.y
            x = xs()
            if look.header_fill:
                pen.box(x, top, plan.width, plan.header_h, look.header_fill)
            for hx, hy, text, font, align in plan.header:
                if align == "right":
                    pen.text_right(x + hx, top + hy, text, font)
                elif align == "center":
                    pen.text(x + hx - measure(text, font) / 2, top + hy, text, font)
                else:
                    pen.text(x + hx, top + hy, text, font)
            for rx0, ry, rx1 in plan.rules:
                pen.line(x + rx0, top + ry, x + rx1, top + ry, 0.4, look.header_color)
            if look.ruling in ("grid", "horizontal", "booktabs"):
                hline(top, 0.8 if look.ruling == "booktabs" else 0.5)
            if look.ruling == "grid":
                vlines(top, top + plan.header_h)
            self.y = top + plan.header_h
            if look.ruling in ("grid", "horizontal", "booktabs") or look.header_fill is None:
                hline(self.y, 0.5)

        def close() -> None:
            if look.ruling in ("grid", "horizontal", "booktabs"):
                hline(self.y, 0.8 if look.ruling == "booktabs" else 0.5)

        header()
        body_index = 0
        forced = False  # the row before ended its page (`break_after`)
        for r, (h, lines, font, cell_lines) in zip(t.rows, plan.rows):
            if self.y + h > self.bottom or (forced and not atomic):
                if atomic:
                    raise ValueError(f"table {t.title!r} does not fit beside the other")
                close()
                self.next_frame()
                if look.continued:
                    self.y += fs * 1.5
                    pen.text(xs(), self.y - 2, look.continued, Font(fam, fs, italic=True))
                if look.repeat_header:
                    header()
            top = self.y
            x = xs()
            lead = font.size * look.lead
            if r.kind == SECTION and look.section_fill:
                pen.box(x, top, plan.width, h, look.section_fill)
            elif look.zebra and r.kind != BLANK and body_index % 2 == 1:
                pen.box(x, top, plan.width, h, look.zebra)
            body_index += 1
            if look.ruling == "grid":
                hline(top)
                vlines(top, top + h)
            elif look.total_rules and r.rule_above is not False and (
                    r.rule_above or r.kind in (TOTAL, GRAND, SUBTOTAL) and look.ruling != "grid"):
                hline(top, 0.5)
            indent = r.indent * look.indent_step
            lx = x + plan.note_w + pad + indent
            for k, text in enumerate(lines):
                tx = lx if r.label_align != "right" else x + plan.note_w + plan.label_w - pad - measure(text, font)
                pen.text(tx, top + pad + (k + 1) * lead - (lead - font.size) - 1, text, font)
            n_lines = max([len(lines)] + [len(cl) for cl in cell_lines if cl])
            at = 0 if look.valign == "top" else n_lines - 1
            base = top + pad + (at + 1) * lead - (lead - font.size) - 1
            if r.note_ref:
                pen.text(x + pad, base, r.note_ref, Font(fam, font.size))
            for _c, (cell, cx, cw, cl) in enumerate(zip(r.cells, plan.col_x, plan.col_w, cell_lines)):
                if cell is None:
                    continue
                cell.page = self.page
                if cl is not None:  # words in a cell, right-aligned like the figures, on the figures' lines
                    first = 0 if look.valign == "top" else n_lines - len(cl)
                    for k, text in enumerate(cl):
                        y = top + pad + (first + k + 1) * lead - (lead - font.size) - 1
                        pen.text_right(x + cx + cw - pad, y, text, font.but(italic=False))
                    continue
                if cell.text:
                    pen.text_right(x + cx + cw - pad, base, cell.text, font.but(italic=r.is_italic))
            self.y = top + h
            forced = r.break_after
            if r.kind == GRAND and look.total_rules and look.ruling != "grid":
                hline(self.y, 0.5)
                hline(self.y + 1.5, 0.5)
                self.y += 1.5
            elif r.rule_below:
                hline(self.y, 0.5)
        close()
        if t.footnotes:
            small = Font(fam, fs - 1)
            self.y += 3
            for note in t.footnotes:
                for line in wrap(note, plan.width, small):
                    self.y += small.size * 1.35
                    pen.text(xs(), self.y - 1, line, small)
        self.y += 8


def render(doc: Document, path: Path, producer: str = "reportlab") -> int:
    """Lay `doc` out and write it with `producer`; returns the page count. Table cells learn their pages."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    probe = Flow(NullPen(None, doc.style.size, doc.title, doc.author), doc, {}, 0)
    probe.run()
    pen = PENS[producer](path, doc.style.size, doc.title, doc.author)
    flow = Flow(pen, doc, probe.anchors, probe.page)
    flow.run()
    if flow.page != probe.page:
        raise AssertionError("the two layout passes disagree")
    pen.save()
    return flow.page
