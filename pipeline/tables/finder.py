"""Stage 2: find the financial tables on the pages by their geometry, and the proposals.

A financial table is found by what makes it one — figures aligned in columns beside their
labels — whatever its header says.  The steps, each a function whose result `pipeline
inspect --debug` draws:

1. `cut_cells`: every text line is cut into cells at gaps wider than a word space
   (`settings.cell_gap`); a cell is a figure (`-5.090`, `-62 079`, `500.000 kr.`,
   `4,5 %`), a nil dash, a bare year, or text.
2. `find_blocks`: runs of lines with figures right of their label, whose figures fall in
   the same columns, with the label, heading and text-cell lines between them.  Running
   text across the columns, a caption, a change of type size or a wide gap ends a block;
   figures in other columns start a new one.  Side-by-side tables are kept apart: a text
   column between figure columns splits the lines.
3. `find_columns`: figures whose boxes overlap from line to line make a column; a column
   of bare years (a list of names and birth years) is not money.
4. `read_header`: the lines just above the body with text or years over the columns.
   Cells stacked over one column are that column's label (`Budget-` / `avvikelse`); a cell
   spanning several columns, or a header row set apart, is a group label used only to
   tell equal labels apart (`Kapitalprocent 2020`).  Caption (`Tabel 1.`), unit
   (`1.000 kr.`, `tkr`, `Mio. kr.`, a unit in the cells) and price base (`2027 p/l`).
5. `continue_overleaf`: a table that reaches the foot of its page goes on when the next
   page (running headers skipped, a repeated header skipped) opens with figures in the
   same columns, maybe after lines of its label text.

Text tables (goals, hearings, dates) have no column of money figures and are never taken.
"""
from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field

from pipeline.tables.geometry import slots as column_slots
from pipeline.model import (Column, DocumentContent, Note, NoteCode, PageContent, Proposal, Rule, TableRegion,
                    TextLine, Word, WordGroup)
from pipeline.tables.numbers import Amount, find_price_base, find_unit, parse_any
from pipeline.tables.settings import DEFAULT, ReaderSettings
from pipeline.tables.vocabulary import CAPTION, CATEGORY_HEADER, CATEGORY_WORDS, PAGE_NUMBER

YEAR = re.compile(r"^(19|20)\d{2}$")
NUMBERED = re.compile(r"\b\d+\s*/\s*\d+\b|\b(?:side|sid|sida|page)\s+\d+", re.IGNORECASE)

NUMBER, NIL, YEAR_CELL, TEXT = "number", "nil", "year", "text"


# ---------------------------------------------------------------- 1. cells
@dataclass
class Segment(WordGroup):
    """A cell of a text line: words no further apart than a word space."""

    words: list[Word]
    amount: Amount | None = None

    @property
    def size(self) -> float:
        return super().size or 8.0

    @property
    def kind(self) -> str:
        if self.amount is None:
            return TEXT
        if self.amount.nil:
            return NIL
        if YEAR.match(self.text.strip()):
            return YEAR_CELL
        return NUMBER

    @property
    def is_figure(self) -> bool:
        return self.kind in (NUMBER, NIL)


def _em(a: Word, b: Word) -> float:
    return max(a.size, b.size, 4.0)


def cut_cells(line: TextLine, s: ReaderSettings = DEFAULT) -> list[Segment]:
    """The line's cells, left to right."""
    groups: list[list[Word]] = []
    for w in sorted(line.words, key=lambda w: w.x0):
        if groups and w.x0 - groups[-1][-1].x1 <= s.cell_gap * _em(groups[-1][-1], w):
            groups[-1].append(w)
        else:
            groups.append([w])
    out: list[Segment] = []
    for g in groups:
        out.extend(_figures_apart(g, s))
    return out


def _numeric_word(text: str) -> bool:
    return bool(re.fullmatch(r"[-–−+(]?[\d.,]+[)%*]?|[-–−]", text))


def _figures_apart(words: list[Word], s: ReaderSettings) -> list[Segment]:
    """A cell of words; figures that nearly touch (a tight table) are cut apart."""
    text = " ".join(w.text for w in words)
    amount = parse_any(text)
    if amount is not None:
        return [Segment(words, amount)]
    if len(words) > 1 and all(_numeric_word(w.text) for w in words):
        runs: list[list[Word]] = [[words[0]]]
        for w in words[1:]:
            if w.x0 - runs[-1][-1].x1 <= s.number_join_gap * _em(runs[-1][-1], w):
                runs[-1].append(w)
            else:
                runs.append([w])
        parsed = [parse_any(" ".join(w.text for w in r)) for r in runs]
        if len(runs) > 1 and all(p is not None for p in parsed):
            return [Segment(r, p) for r, p in zip(runs, parsed)]
        singles = [parse_any(w.text) for w in words]
        if all(p is not None for p in singles):
            return [Segment([w], p) for w, p in zip(words, singles)]
    return [Segment(words, None)]


@dataclass
class LineInfo:
    """A text line with its cells, and the figures that stand right of its label."""

    page: int
    index: int
    line: TextLine
    cells: list[Segment]
    figures: list[Segment] = field(default_factory=list)

    @property
    def top(self) -> float:
        return self.line.top

    @property
    def bottom(self) -> float:
        return self.line.bottom

    @property
    def height(self) -> float:
        return max(self.line.bottom - self.line.top, 1.0)

    @property
    def texts(self) -> list[Segment]:
        return [c for c in self.cells if c.kind == TEXT]


def _line_info(page: PageContent, index: int, s: ReaderSettings) -> LineInfo:
    line = page.lines[index]
    cells = cut_cells(line, s)
    info = LineInfo(page.number, index, line, cells)
    first_text = next((i for i, c in enumerate(cells) if c.kind == TEXT), None)
    if first_text is None:
        # a line of figures with no label; a leading year is a row's label (`2025  1.234  5.678`)
        figures = [c for c in cells if c.is_figure]
        if cells and cells[0].kind == YEAR_CELL and figures:
            figures = [c for c in cells[1:] if c.is_figure]
        info.figures = figures
    else:
        info.figures = [c for c in cells[first_text + 1:] if c.is_figure]
    return info


# ---------------------------------------------------------------- 3. columns
@dataclass
class ColumnGuess:
    """Figures that stand under one another: one column of a table."""

    members: list[Segment]

    @property
    def x0(self) -> float:
        return min(m.x0 for m in self.members)

    @property
    def x1(self) -> float:
        return max(m.x1 for m in self.members)

    @property
    def centre(self) -> float:
        return statistics.median((m.x0 + m.x1) / 2 for m in self.members)

    @property
    def money(self) -> bool:
        """Figures, not only years (a list of names with birth years is no table)."""
        return any(m.kind == NUMBER for m in self.members)


def find_columns(figures: list[Segment], s: ReaderSettings = DEFAULT) -> list[ColumnGuess]:
    """Cluster figures into columns: boxes that overlap (or nearly touch) share a column;
    where that would put two figures of one line together, right (or left) edges decide."""
    ordered = sorted(figures, key=lambda f: (f.x0, f.x1))
    groups: list[list[Segment]] = []
    right = float("-inf")
    for f in ordered:
        if groups and f.x0 <= right + s.column_slack * f.size:
            groups[-1].append(f)
            right = max(right, f.x1)
        else:
            groups.append([f])
            right = f.x1
    out: list[ColumnGuess] = []
    for g in groups:
        out.extend(ColumnGuess(part) for part in _split_by_edges(g, s))
    return out


def _axis(col: ColumnGuess) -> bool:
    """A chart's axis, not a column of a table: five or more figures one after another in
    even steps (`0 500 1.000 1.500 2.000`), evenly spaced down the page."""
    ms = sorted((m for m in col.members if m.amount is not None and not m.amount.nil), key=lambda m: m.top)
    run = 1
    for i in range(2, len(ms)):
        a, b, c = ms[i - 2], ms[i - 1], ms[i]
        same_step = b.amount.value - a.amount.value == c.amount.value - b.amount.value != 0
        gap1, gap2 = b.top - a.top, c.top - b.top
        even = abs(gap1 - gap2) <= 0.15 * max(gap1, gap2)
        run = run + 1 if same_step and even else 1
        if run >= 4:  # five figures: four equal steps
            return True
    return False


def _same_line_twice(group: list[Segment]) -> bool:
    seen = set()
    for f in group:
        key = round(f.top, 1)
        if key in seen:
            return True
        seen.add(key)
    return False


def _split_by_edges(group: list[Segment], s: ReaderSettings) -> list[list[Segment]]:
    if not _same_line_twice(group):
        return [group]
    for edge in (lambda f: f.x1, lambda f: f.x0, lambda f: (f.x0 + f.x1) / 2):
        parts: list[list[Segment]] = []
        for f in sorted(group, key=edge):
            if parts and edge(f) - edge(parts[-1][-1]) <= s.column_slack * 2 * f.size:
                parts[-1].append(f)
            else:
                parts.append([f])
        if not any(_same_line_twice(p) for p in parts):
            return sorted(parts, key=lambda p: min(f.x0 for f in p))
    return [group]


def _overlaps(a0: float, a1: float, b0: float, b1: float, slack: float = 0.0) -> bool:
    return a0 <= b1 + slack and b0 <= a1 + slack


# ---------------------------------------------------------------- 2. blocks
@dataclass
class Block:
    """Lines of one table on one page, before its header is read."""

    page: PageContent
    lines: list[LineInfo] = field(default_factory=list)  # body lines, top to bottom
    x0: float = 0.0  # the horizontal band of the page the table lives in
    x1: float = 0.0
    tail: list[LineInfo] = field(default_factory=list)  # label lines after the last figures (kept if it goes on)
    provisional: bool = False  # too short to be a table unless it continues on the next page

    @property
    def figure_lines(self) -> list[LineInfo]:
        return [ln for ln in self.lines if ln.figures]

    def figures(self) -> list[Segment]:
        return [f for ln in self.lines for f in ln.figures]

    def line_height(self) -> float:
        return statistics.median(ln.height for ln in self.lines) if self.lines else 10.0

    def body_size(self) -> float:
        sizes = [ln.line.size for ln in self.figure_lines] or [ln.line.size for ln in self.lines]
        return statistics.median(sizes) if sizes else 10.0


def _is_prose(info: LineInfo, columns: list[ColumnGuess], label_x1: float) -> bool:
    """Running text across the columns: a text cell that runs from the label area over the
    first column, or a long one crossing a column boundary.  A short cell spanning columns
    is a header cell (`1.000 kr. 2027 p/l`); a bold line may be a heading row that spans the
    table, judged by the caller."""
    if not columns:
        return False
    bounds = column_slots([Column("", c.x0, c.x1) for c in columns])
    for t in _split_over_columns(info.texts, columns):
        if t.x1 <= bounds[0][0] or t.x0 >= bounds[-1][1]:
            continue
        touched = [i for i, (a, b) in enumerate(bounds) if t.x0 < b and t.x1 > a]
        from_label = t.x0 < label_x1 - 4 * t.size  # starts well inside the label column
        if from_label and t.x1 > (columns[0].x0 + columns[0].x1) / 2 and len(t.words) >= 3:
            return True
        if len(touched) >= 2 and (from_label or len(t.words) >= 6):
            return True
    return False


def _aligned(info: LineInfo, columns: list[ColumnGuess], s: ReaderSettings, young: bool = False) -> bool:
    """Do the line's figures fall in the block's columns?  (Half of them, or one while the
    block has only a line or two of figures to say where its columns are.)"""
    if not columns:
        return True
    hits = sum(1 for f in info.figures if any(_overlaps(f.x0, f.x1, c.x0, c.x1, s.column_slack * f.size)
                                              for c in columns))
    return hits >= (1 if young else max(1, (len(info.figures) + 1) // 2))


def _label_x1(columns: list[ColumnGuess]) -> float:
    return min(c.x0 for c in columns) if columns else float("inf")


def find_blocks(page: PageContent, infos: list[LineInfo], s: ReaderSettings = DEFAULT,
                x0: float = 0.0, x1: float | None = None, floor: Floor | None = None) -> list[Block]:
    """Runs of figure lines whose figures share columns, with the lines between them."""
    x1 = page.width if x1 is None else x1
    blocks: list[Block] = []
    cur: Block | None = None
    columns: list[ColumnGuess] = []
    pending: list[LineInfo] = []  # lines without figures after the last figure line

    def close() -> None:
        nonlocal cur, columns, pending
        if cur is not None:
            kept = _trailing(cur, pending, s)
            cur.lines += kept
            cur.tail = [p for p in pending[len(kept):] if not PAGE_NUMBER.search(p.line.text)
                        and (_in_label_area(p, columns) or p.line.bold)]
            blocks.append(cur)
        cur, columns, pending = None, [], []

    for info in infos:
        if not info.line.words:
            continue
        if cur is not None:
            last = (pending or cur.lines)[-1]
            gap = info.top - last.bottom
            if gap > s.max_line_gap * cur.line_height() and not _ruled_across(page, last, info, columns) \
                    or CAPTION.match(info.line.text):
                close()
            elif not info.figures and _is_prose(info, columns, _label_x1(columns)) and not info.line.bold:
                close()
            elif not info.figures and abs(info.line.size - cur.body_size()) > s.max_size_change:
                close()  # a heading or a footnote in another type size
            elif not info.figures and _new_header(info, columns):
                close()
        if info.figures and columns and all(f.x1 < _label_x1(columns) for f in info.figures):
            info.figures = []  # a number in the label column (`(6014)` on a wrapped label line)
        if info.figures and _is_money_line(info):
            if cur is not None and not _aligned(info, columns, s, young=len(cur.figure_lines) < 3):
                close()
            if cur is None:
                cur = Block(page, [], x0, x1)
            cur.lines += pending + [info]
            pending = []
            columns = find_columns(cur.figures(), s)
        elif cur is not None:
            pending.append(info)
    close()
    out = []
    for b in blocks:
        if not any(c.money and not _axis(c) for c in find_columns(b.figures(), s)):
            continue  # no column of money: years, or the tick labels of a chart's axis
        if len(b.figure_lines) >= s.min_figure_lines and \
                any(c.money and len(c.members) >= s.min_column_figures for c in find_columns(b.figures(), s)):
            out.append(b)
        elif _ends_page(page, b, s, floor):
            b.provisional = True  # a table's first row at the foot of a page: kept if it goes on overleaf
            out.append(b)
    return out


def _ruled_across(page: PageContent, above: LineInfo, below: LineInfo, columns: list[ColumnGuess]) -> bool:
    """A grid goes on through the gap: a vertical rule beside the figures runs from the line
    above to the line below (a ruled table's tall cell, not the end of the table)."""
    if not columns:
        return False
    x0, x1 = _label_x1(columns) - 40, max(c.x1 for c in columns) + 40
    return any(x0 <= x <= x1 and top <= above.bottom and bottom >= below.top for x, top, bottom in _verticals(page))


def _verticals(page: PageContent) -> list[tuple[float, float, float]]:
    """The page's vertical rules joined end to end (Word draws a grid cell by cell): (x, top, bottom)."""
    spans: list[list[float]] = []
    for r in sorted((r for r in page.rules if r.vertical), key=lambda r: (round(r.x0), r.top)):
        if spans and abs(spans[-1][0] - r.x0) <= 1 and r.top <= spans[-1][2] + 2:
            spans[-1][2] = max(spans[-1][2], r.bottom)
        else:
            spans.append([r.x0, r.top, r.bottom])
    return [(x, t, b) for x, t, b in spans]


def _new_header(info: LineInfo, columns: list[ColumnGuess]) -> bool:
    """A header line of another table: years, or bold words, over two or more columns."""
    if not columns:
        return False
    x1 = _label_x1(columns)
    over = [c for c in info.cells if c.x0 >= x1 - c.size]
    years = [c for c in over if c.kind == YEAR_CELL or YEAR.search(c.text.split()[-1] if c.text.split() else "")]
    bold = [c for c in over if c.kind == TEXT and all(w.bold for w in c.words)]
    return len(over) >= 2 and (len(years) >= 2 or (len(bold) >= 2 and info.line.bold))


def _is_money_line(info: LineInfo) -> bool:
    return any(f.kind in (NUMBER, NIL) for f in info.figures)


def _in_label_area(info: LineInfo, columns: list[ColumnGuess]) -> bool:
    return bool(columns) and info.line.x1 < _label_x1(columns)


def _trailing(block: Block, pending: list[LineInfo], s: ReaderSettings) -> list[LineInfo]:
    """Lines after the last figure line that still belong to the table: label lines close
    below, in the table's type size and style (the rest of a wrapped label, a last row
    without figures such as a payback time printed in words)."""
    out: list[LineInfo] = []
    last = block.lines[-1]
    columns = find_columns(block.figures(), s)
    for info in pending[:4]:
        if info.top - last.bottom > 0.9 * block.line_height() or abs(info.line.size - block.body_size()) > 0.6:
            break
        if not _in_label_area(info, columns) or info.line.bold != last.line.bold:
            break
        out.append(info)
        last = info
    return out


# ---------------------------------------------------------------- text columns
def _prose(c: Segment, width: float = 595.0) -> bool:
    """A stretch of running text: four words or more, across a fifth of the page or more."""
    return c.kind == TEXT and len(c.words) >= 4 and c.x1 - c.x0 >= 0.2 * width


def text_columns(page: PageContent, infos: list[LineInfo], s: ReaderSettings = DEFAULT
                 ) -> list[tuple[float, float, float, float]]:
    """The page cut into areas (x0, x1, top, bottom) along the gutters of a two-column layout:
    a vertical strip that no line crosses over a run of lines, with running text on both
    sides of it on several lines.  Table columns leave such strips too, but with figures,
    not running text, on their right."""
    candidates: list[float] = []  # where a gutter may run: in wide gaps, left of right-hand lines
    for info in infos:
        for a, b in zip(info.cells, info.cells[1:]):
            if b.x0 - a.x1 >= 1.2 * max(a.size, b.size):
                candidates.append((a.x1 + b.x0) / 2)
        if info.cells and info.cells[0].x0 > page.width * 0.3:
            candidates.append(info.cells[0].x0 - 0.6 * info.cells[0].size)
    found: list[tuple[float, float, float]] = []  # (x, top, bottom)
    tried: list[float] = []
    prose = [[(c.x0, c.x1) for c in info.cells if _prose(c, page.width)] for info in infos]
    spans = [[(c.x0, c.x1) for c in info.cells] for info in infos] + [[(float("-inf"), float("inf"))]]
    for x in sorted(candidates):
        if any(abs(x - t) < 12 for t in tried):
            continue
        tried.append(x)
        run: list[int] = []
        best: list[int] = []
        for k, cells in enumerate(spans):  # the last one crosses everything: it ends the run
            if any(x0 < x < x1 for x0, x1 in cells):
                left = sum(1 for j in run if any(x1 <= x for _, x1 in prose[j]))
                right = sum(1 for j in run if any(x0 >= x for x0, _ in prose[j]))
                if left >= 3 and right >= 3 and len(run) > len(best):
                    best = run
                run = []
                continue
            run.append(k)
        if best:
            lines = [infos[k] for k in best]
            found.append((x, min(ln.top for ln in lines), max(ln.bottom for ln in lines)))
    areas: list[tuple[float, float, float, float]] = []
    y = float("-inf")
    for x, top, bottom in sorted(found, key=lambda f: f[1]):
        if top < y:
            continue  # overlapping runs: the first one wins
        areas.append((0.0, page.width, y, top - 0.01))
        areas += [(0.0, x, top - 0.01, bottom + 0.01), (x, page.width, top - 0.01, bottom + 0.01)]
        y = bottom + 0.01
    areas.append((0.0, page.width, y, float("inf")))
    return [a for a in areas if any(a[2] <= (i.top + i.bottom) / 2 <= a[3] for i in infos)]


# ---------------------------------------------------------------- side by side
def _bands(page: PageContent, infos: list[LineInfo], s: ReaderSettings, x0: float = 0.0,
           x1: float | None = None) -> list[tuple[float, float]]:
    """Horizontal bands of the page that hold separate tables or text columns: a text cell
    standing between figure columns on most figure lines starts a new band."""
    starts: list[float] = []
    fig_lines = [i for i in infos if len(i.cells) >= 3]
    for info in fig_lines:
        seen_label = seen_figure = False  # a label, then figures, then another label: two tables
        for c in info.cells:
            if c.is_figure:
                seen_figure = seen_label
            elif c.kind == TEXT and not seen_figure:
                seen_label = seen_label or any(ch.isalpha() for ch in c.text)
            elif c.kind == TEXT and seen_figure and len(c.text) >= 4 and any(ch.isalpha() for ch in c.text):
                if any(d.is_figure for d in info.cells if d.x0 > c.x1):
                    starts.append(c.x0)
                    break
    x1 = page.width if x1 is None else x1
    if len(starts) < 3:
        return [(x0, x1)]
    starts.sort()
    cut = statistics.median(starts)
    near = [x for x in starts if abs(x - cut) < 30]
    if len(near) < 3:
        return [(x0, x1)]
    cut = min(near) - 2
    return [(x0, cut), (cut, x1)]


def _clip(info: LineInfo, x0: float, x1: float, page: PageContent, s: ReaderSettings) -> LineInfo | None:
    words = [w for w in info.line.words if x0 <= (w.x0 + w.x1) / 2 < x1]
    if not words:
        return None
    if len(words) == len(info.line.words):
        return info
    clipped = TextLine(words)
    shadow = PageContent(page.number, page.width, page.height, [clipped], [], page.rotation)
    out = _line_info(shadow, 0, s)
    out.index = info.index
    out.line = clipped
    return out


# ---------------------------------------------------------------- 4. header
@dataclass
class Header:
    lines: list[LineInfo]
    columns: list[Column]
    label_text: str  # header text over the label column ("Verksamheter (tkr)", "Mio. kr.")
    group_text: str  # spanning header cells ("1.000 kr. 2027 p/l", "Varav årets investeringar")
    title_lines: list[LineInfo]  # caption / title lines above the header


class _Pads(list):
    """Column pads (the x-range a header cell over a column may take) and the columns' middles."""

    middles: list[float]


def _column_pads(columns: list[ColumnGuess]) -> list[tuple[float, float]]:
    out = _Pads()
    out.middles = [(c.x0 + c.x1) / 2 for c in columns]
    for i, c in enumerate(columns):
        em = statistics.median(m.size for m in c.members)
        left = (columns[i - 1].x1 + c.x0) / 2 if i else c.x0 - 4 * em
        right = (c.x1 + columns[i + 1].x0) / 2 if i + 1 < len(columns) else c.x1 + em
        out.append((left, right))
    return out


def _over(seg: Segment, pads: list[tuple[float, float]]) -> list[int]:
    """The columns a header cell stands over: the one its middle is over, and every column
    whose middle it covers (a cell spanning several columns)."""
    mid = (seg.x0 + seg.x1) / 2
    hit = {i for i, (a, b) in enumerate(pads) if a <= mid < b}
    hit |= {i for i, (a, b) in enumerate(pads) if seg.x0 <= _pad_middle(pads, i) <= seg.x1}
    return sorted(hit)


def _pad_middle(pads: list[tuple[float, float]], i: int) -> float:
    return getattr(pads, "middles", [(a + b) / 2 for a, b in pads])[i]


def _is_header_line(info: LineInfo, columns: list[ColumnGuess], pads, label_x1: float) -> bool:
    """Text or years over the columns (cells that start at the columns, not labels running
    over them), and no money figures."""
    over = [c for i, c in enumerate(info.cells)
            if c.x1 > label_x1 and (i > 0 or c.x0 >= label_x1 - 2 * c.size) and _over(c, pads)]
    if not over:
        return False
    if any(c.kind == NUMBER and not _year_label(c.text) for c in over):
        return False
    return not _is_prose(info, columns, label_x1) or all(len(_over(c, pads)) <= 1 for c in over)


def _year_label(text: str) -> bool:
    return bool(YEAR.match(text.strip()))


def _lines_above(infos: list[LineInfo], start: int, top: float, line_h: float, columns, pads, label_x1,
                 s: ReaderSettings) -> list[LineInfo]:
    """Lines going up from line `start` that may be the table's header, sections or title."""
    by_index = {i.index: i for i in infos}
    above: list[LineInfo] = []
    k, prev_top = start, top
    while k >= 0 and len(above) < s.max_header_lines + 3:
        info = by_index.get(k)
        k -= 1
        if info is None or PAGE_NUMBER.search(info.line.text):
            continue
        if prev_top - info.bottom > s.header_gap * line_h or CAPTION.match(info.line.text):
            if CAPTION.match(info.line.text) and prev_top - info.bottom <= 3 * s.header_gap * line_h:
                above.append(info)
            break
        if info.figures and _is_money_line(info) and not _is_header_line(info, columns, pads, label_x1):
            break
        above.append(info)
        prev_top = info.top
    return above


def _classify_above(above: list[LineInfo], columns, pads, label_x1: float
                    ) -> tuple[list[LineInfo], list[LineInfo], list[LineInfo]]:
    """Bottom-up: section lines (label area, or bold across the table), then header lines,
    then title lines; a label-area line between two header lines is a header line
    (`Styringsom-` / `råde`).  Returned top to bottom."""
    sections: list[LineInfo] = []
    header: list[LineInfo] = []
    tentative: list[LineInfo] = []
    titles: list[LineInfo] = []
    for info in above:
        if CAPTION.match(info.line.text):
            titles.append(info)
            break
        is_head = _is_header_line(info, columns, pads, label_x1)
        if not header and not is_head:
            if info.line.bold and not info.figures or not _is_prose(info, columns, label_x1) \
                    and info.line.x1 <= label_x1 + 2:
                sections.append(info)
                continue
            break
        if is_head:
            header += tentative + [info]
            tentative = []
            continue
        if _is_prose(info, columns, label_x1) or len(tentative) >= 2:
            break
        tentative.append(info)
    titles = tentative + titles
    return sections[::-1], header[::-1], titles[::-1]


def read_header(page: PageContent, infos: list[LineInfo], block: Block, columns: list[ColumnGuess],
                s: ReaderSettings = DEFAULT, previous: tuple[PageContent, list[LineInfo]] | None = None) -> Header:
    """The header lines above the block's first line, the section lines between header and
    body (moved into the body), and the title lines above the header.  A table that opens
    its page without a header may have left its header (and caption) at the foot of the
    page before."""
    pads = _column_pads(columns)
    label_x1 = _label_x1(columns)
    first = block.lines[0]
    line_h = block.line_height()
    above = _lines_above(infos, first.index - 1, first.top, line_h, columns, pads, label_x1, s)
    sections, header, titles = _classify_above(above, columns, pads, label_x1)
    if not header and previous is not None and first.top - (sections[0].top if sections else first.top) < line_h \
            and (sections[0] if sections else first).top < page.height * s.page_top:
        prev_page, prev_infos = previous
        tail = [i for i in prev_infos if not PAGE_NUMBER.search(i.line.text)]
        if tail:
            last = tail[-1]
            up = _lines_above(prev_infos, last.index, last.bottom + 1, line_h, columns, pads, label_x1, s)
            p_sections, p_header, p_titles = _classify_above(up, columns, pads, label_x1)
            if p_header and not p_sections:
                header, titles = p_header, p_titles
    if not header:
        # no header: the lines above are titles, not sections
        titles, sections = [ln for ln in sections if ln.line.size >= block.body_size() + 0.5 or ln.line.bold][:2], []
    block.lines = sections + block.lines
    extra = _columns_only_in_header(header, columns, label_x1)
    if extra:
        columns = sorted(columns + extra, key=lambda c: c.x0)
        pads = _column_pads(columns)
        label_x1 = _label_x1(columns)
    return _header_labels(header, columns, pads, label_x1, titles)


def _columns_only_in_header(header: list[LineInfo], columns: list[ColumnGuess], label_x1: float
                            ) -> list[ColumnGuess]:
    """Years in the header's lowest line that stand over no column of figures: columns left
    blank on this page (`2034` filled only further down), not to be lost."""
    if not header:
        return []
    low = header[-1]
    out = []
    texts = [c for c in low.cells if c.kind == TEXT]
    start = texts[0].x1 if texts and texts[0].x0 < label_x1 else 0.0  # right of the label's header cell
    for c in low.cells:
        if c.kind != YEAR_CELL or c.x0 < start:
            continue
        if not any(_overlaps(c.x0, c.x1, g.x0, g.x1, 0.5 * c.size) for g in columns):
            out.append(ColumnGuess([Segment(c.words, None)]))
    return out


def _split_over_columns(cells: list[Segment], columns: list[ColumnGuess]) -> list[Segment]:
    """Cells of a tight table run together (`Ack. Avvikelse`, `Ej aktuellt Ej aktuellt`): a
    text cell whose pieces — words more than a word space apart — each line up with a
    different column (by right edge, left edge or middle) is cut into them.  A cell spanning
    columns with ordinary spaces (`1.000 kr. 2027 p/l`) stays whole: a group label."""
    out: list[Segment] = []
    for c in cells:
        if c.kind != TEXT or len(c.words) < 2 or len(columns) < 2:
            out.append(c)
            continue
        pieces: list[list[Word]] = [[c.words[0]]]
        for w in c.words[1:]:
            prev = pieces[-1][-1]
            if w.x0 - prev.x1 >= 0.4 * _em(prev, w):
                pieces.append([w])
            else:
                pieces[-1].append(w)
        if len(pieces) < 2:
            out.append(c)
            continue
        homes = [_home(Segment(p), columns) for p in pieces]
        if all(h is not None for h in homes) and len(set(homes)) == len(homes):
            out.extend(Segment(p, parse_any(" ".join(w.text for w in p))) for p in pieces)
        else:
            out.append(c)
    return out


def _home(seg: Segment, columns: list[ColumnGuess]) -> int | None:
    """The column a piece of text lines up with, if any."""
    tol = seg.size
    for i, col in enumerate(columns):
        if abs(seg.x1 - col.x1) <= tol or abs(seg.x0 - col.x0) <= tol or \
                abs((seg.x0 + seg.x1) / 2 - (col.x0 + col.x1) / 2) <= tol:
            return i
    return None


def _header_rows(lines: list[LineInfo]) -> list[list[LineInfo]]:
    rows: list[list[LineInfo]] = []
    for ln in lines:
        if rows and ln.top - rows[-1][-1].bottom <= 0.5 * ln.height:
            rows[-1].append(ln)
        else:
            rows.append([ln])
    return rows


def _header_labels(header: list[LineInfo], columns: list[ColumnGuess], pads, label_x1: float,
                   titles: list[LineInfo]) -> Header:
    from pipeline.tables.rows import join_label

    own: list[list[str]] = [[] for _ in columns]
    groups: list[list[str]] = [[] for _ in columns]
    label_parts: list[str] = []
    group_parts: list[str] = []
    rows = _header_rows(header)
    for r_i, row in enumerate(rows):
        lowest = r_i == len(rows) - 1
        for info in row:
            for c in _split_over_columns(info.cells, columns):
                hit = _over(c, pads) if c.x1 > label_x1 - 1 else []
                if not hit:
                    label_parts.append(c.text)
                elif len(hit) == 1 and (lowest or not any(own)):
                    own[hit[0]].append(c.text)
                else:
                    group_parts.append(c.text)
                    for i in hit:
                        groups[i].append(c.text)
        if not lowest and any(own):
            # an upper header row whose cells fit single columns is still a group row
            for i, parts in enumerate(own):
                groups[i] += parts
                group_parts += parts
            own = [[] for _ in columns]
    labels = [join_label(p) for p in own]
    overhead: list[list[str]] = [[] for _ in columns]  # every header cell touching the column's pad
    for info in header:
        for c in info.cells:
            if c.x1 > label_x1 - 1:
                for i in _over(c, pads):
                    overhead[i].append(c.text)
    # equal labels (`2020 2019 | 2020 2019` under two groups) are told apart by their group
    for i, label in enumerate(labels):
        if labels.count(label) > 1 and groups[i]:
            labels[i] = f"{join_label(groups[i])} {label}".strip()
    cols = [Column(labels[i], c.x0, c.x1, header=join_label(overhead[i])) for i, c in enumerate(columns)]
    return Header(header, cols, " ".join(label_parts), " ".join(group_parts), titles)


# ---------------------------------------------------------------- the whole table
def _rules_in(page: PageContent, x0: float, top: float, x1: float, bottom: float) -> list[Rule]:
    return [r for r in page.rules
            if r.x1 >= x0 - 2 and r.x0 <= x1 + 2 and r.bottom >= top - 2 and r.top <= bottom + 2]


def _ruling(rules: list[Rule]) -> str:
    """How the table is ruled: a full grid, horizontal rules only, or none."""
    horizontal = sum(1 for r in rules if r.horizontal)
    vertical = sum(1 for r in rules if r.vertical)
    if vertical >= 3 and horizontal >= 3:
        return "grid"
    if horizontal >= 3:
        return "horizontal"
    return "none"


def _category_column(header: Header, block: Block, columns: list[Column]) -> Column | None:
    """A `Styringsområde` column: a header saying so, or category words at one x, apart from
    the label by a column gap, on most rows with figures."""
    zone_x0 = min(c.x0 for c in columns)
    heads = [c for ln in header.lines for c in ln.cells if c.x1 <= zone_x0 and CATEGORY_HEADER.search(c.text)]
    if heads:
        return Column("Styringsområde", min(c.x0 for c in heads) - 2, zone_x0 - 1, kind="category")
    xs = []
    value_lines = block.figure_lines
    for ln in value_lines:
        for i, c in enumerate(ln.cells):
            if i and c.kind == TEXT and c.text.lower().strip("*") in CATEGORY_WORDS and c.x1 <= zone_x0:
                xs.append(c.x0)
    if len(xs) >= 2:
        x0 = statistics.median(xs)
        if sum(1 for x in xs if abs(x - x0) < 3) >= max(2, len(value_lines) // 2):
            return Column("Styringsområde", x0 - 2, zone_x0 - 1, kind="category")
    return None


def _marker_columns(header: Header, columns: list[Column]) -> list[Column]:
    """Header words right of the value columns (`Investeringspuljen (sæt X)`): not values."""
    right = columns[-1].x1
    words = [w for ln in header.lines for w in ln.line.words if w.x0 > right + 2]
    if not words:
        return []
    x0, x1 = min(w.x0 for w in words), max(w.x1 for w in words)
    text = " ".join(w.text for w in sorted(words, key=lambda w: (round(w.top), w.x0)))
    text = re.sub(r"(\w)- (\w)", r"\1\2", text)
    return [Column(text, x0 - 2, x1 + 40, kind="marker")]


def _cell_unit(block: Block) -> str | None:
    units = [f.amount.unit for f in block.figures() if f.amount is not None and f.amount.unit]
    return statistics.mode(units) if units else None


def _region(page: PageContent, pages: list[PageContent], pi: int, block: Block, s: ReaderSettings,
            infos: list[LineInfo], previous: tuple[PageContent, list[LineInfo]] | None = None) -> TableRegion | None:
    guesses = find_columns(block.figures(), s)
    if not any(c.money for c in guesses):
        return None
    header = read_header(page, infos, block, guesses, s, previous)
    columns = header.columns
    caption = next((t for t in header.title_lines if CAPTION.match(t.line.text)), None)
    category = _category_column(header, block, columns)
    markers = _marker_columns(header, columns)
    texts = [header.label_text, header.group_text] + [ln.line.text for ln in header.lines]
    header_text = " ".join(texts)
    title_text = " ".join(t.line.text for t in header.title_lines)
    unit = find_unit(header_text) or find_unit(title_text)
    unit_text = unit.text if unit else (_cell_unit(block) or "")
    price = find_price_base(header_text) or find_price_base(title_text)
    slots = column_slots(columns)
    label_x1 = slots[0][0]
    if category is not None:
        label_x1 = min(label_x1, category.x0)
    body = block.lines
    top_line = header.lines[0] if header.lines else body[0]
    x0 = min([ln.line.x0 for ln in body + header.lines] + [c.x0 for c in columns])
    x1 = max([slots[-1][1]] + [m.x1 for m in markers])
    bottom = max(ln.bottom for ln in body)
    start_page = min([page.number] + [ln.page for ln in header.lines + header.title_lines])
    if caption is not None and caption.page != page.number:
        caption_text = caption.line.text
    elif caption is None and pi > 0 and top_line.top < page.height * s.page_top:
        # Word may leave the caption at the foot of the previous page
        tail = [ln for ln in pages[pi - 1].lines if not PAGE_NUMBER.search(ln.text)][-3:]
        prev_caption = next((ln for ln in reversed(tail) if CAPTION.match(ln.text)), None)
        if prev_caption is not None:
            caption_text, start_page = prev_caption.text, pages[pi - 1].number
        else:
            caption_text = ""
    else:
        caption_text = caption.line.text if caption else ""
    top = caption.top if caption is not None and caption.page == page.number else \
        (top_line.top if top_line.page == page.number else body[0].top)
    region = TableRegion(
        page=start_page,
        title=caption_text.strip(),
        unit_text=unit_text,
        price_base=price,
        columns=([category] if category else []) + columns + markers,
        label_x1=label_x1,
        body=[(page.number, ln.line) for ln in body],
        rules={page.number: _rules_in(page, x0, top, x1, bottom + 3)},
        bbox={page.number: (x0, top, x1, bottom)},
    )
    region.ruling = _ruling(region.rules[page.number])
    region.page_heights[page.number] = page.height
    region.rotated = bool(page.rotation)
    region.header_lines = [ln.line for ln in header.lines]
    region.band = (block.x0, block.x1)
    region.label_x0 = _note_column_end(block)
    return region


def _note_column_end(block: Block) -> float:
    """Where the labels start, when words left of them are not label: a column of note
    references (`6, 7`, `29,30`, `12`: short cells with digits, a column gap before the
    label), or the running text of the page's other text column (a table set in the right
    one).  Returns 0 when the labels start at the table's left edge."""
    starts = []
    for ln in block.lines:
        cells = ln.cells
        if len(cells) >= 2 and cells[1].kind == TEXT and len(cells[0].text) <= 6 and \
                any(ch.isdigit() for ch in cells[0].text) and cells[0].kind != YEAR_CELL:
            starts.append((cells[0].x1, cells[1].x0))
    if len(starts) >= 2 and len(starts) * 3 >= len(block.figure_lines):
        ref_x1 = max(a for a, _ in starts)
        label_x0 = min(b for _, b in starts)
        if ref_x1 < label_x0:
            return label_x0 - 0.5
    # labels of lines with a single label cell all start at L; other lines carry text left of L
    singles, outside = [], []
    for ln in block.figure_lines:
        labels = [c for c in ln.cells if c.kind == TEXT and c.x1 <= ln.figures[0].x0]
        if len(labels) == 1:
            singles.append(labels[0].x0)
        elif len(labels) >= 2:
            outside.append((labels[-2].x1, labels[-1].x0, labels[-1].size))
    if len(singles) < 2 or not outside:
        return 0.0
    singles.sort()
    left = singles[len(singles) // 2]
    if singles[-1] - singles[0] > 2 * outside[0][2] or left - min(singles) > 2:
        return 0.0
    if all(abs(x0 - left) <= size and left - x1 >= 1.5 * size for x1, x0, size in outside):
        return left - 0.5
    return 0.0


# ---------------------------------------------------------------- 5. overleaf
def _strip_running(page: PageContent, previous: PageContent, s: ReaderSettings) -> int:
    """How many lines at the top of `page` are running headers: printed on the previous page
    too, at the same height (with another page number, if any), or a bare page number."""
    def key(line: TextLine, mask: bool) -> tuple[str, int]:
        return (re.sub(r"\d+", "#", line.text) if mask else line.text, round(line.top))

    exact = {key(ln, False) for ln in previous.lines}
    masked = {key(ln, True) for ln in previous.lines if NUMBERED.search(ln.text)}
    k = 0
    while k < len(page.lines) and page.lines[k].top < page.height * s.page_top:
        line = page.lines[k]
        if key(line, False) in exact or key(line, True) in masked or PAGE_NUMBER.search(line.text):
            k += 1
        else:
            break
    return k


@dataclass
class Floor:
    """How low the document's text usually reaches (the 80th percentile over its pages of
    the last line's bottom), and its running headers and footers: the same text, page
    numbers masked, at the same height on many pages."""

    bottom: float = 0.0
    running: frozenset = frozenset()

    @staticmethod
    def key(ln: TextLine) -> tuple[str, int]:
        return re.sub(r"\d+", "#", ln.text), round(ln.top)

    def is_running(self, ln: TextLine) -> bool:
        return self.key(ln) in self.running or bool(PAGE_NUMBER.search(ln.text))


def content_floor(pages: list[PageContent]) -> Floor:
    counts: dict[tuple[str, int], int] = {}
    for p in pages:
        for k in {Floor.key(ln) for ln in p.lines}:
            counts[k] = counts.get(k, 0) + 1
    limit = max(3, 0.3 * len(pages))
    floor = Floor(0.0, frozenset(k for k, n in counts.items() if n >= limit))
    bottoms = []
    for p in pages:
        body = [ln.bottom for ln in p.lines if not floor.is_running(ln)]
        if body:
            bottoms.append(max(body))
    if bottoms:
        bottoms.sort()
        floor.bottom = bottoms[min(len(bottoms) - 1, int(0.8 * len(bottoms)))]
    return floor


def _ends_page(page: PageContent, block: Block, s: ReaderSettings, floor: Floor | None = None) -> bool:
    """Nothing but footnotes and footers after the block, and the text reaches as low as the
    document's text usually does (a table that ends higher up ends there)."""
    last = block.lines[-1]
    rest = [ln for ln in page.lines[last.index + 1:]
            if (ln.x0 + ln.x1) / 2 >= block.x0 and (ln.x0 + ln.x1) / 2 < block.x1]
    if any(ln.top < page.height * s.page_bottom or CAPTION.match(ln.text) for ln in rest):
        return False
    if floor is None or not floor.bottom:
        return last.bottom > page.height * 0.5
    end = max([last.bottom] + [ln.bottom for ln in rest if not floor.is_running(ln)])
    return end >= floor.bottom - s.page_end_lines * block.line_height()


def continue_overleaf(region: TableRegion, pages: list[PageContent], pi: int, block: Block,
                      all_infos: dict[int, list[LineInfo]], consumed: dict[int, set[int]],
                      s: ReaderSettings = DEFAULT, floor: Floor | None = None) -> None:
    """Join the table's continuation on the following page(s) to `region` (in place)."""
    value_cols = [c for c in region.columns if c.kind == "value"]
    guesses = [ColumnGuess([Segment([Word("", c.x0, 0, c.x1, 1, 8.0)], None)]) for c in value_cols]
    cur, cur_pi, cur_block = pages[pi], pi, block
    body_size = block.body_size()
    labels = [c.label for c in value_cols]
    while cur_pi + 1 < len(pages) and _ends_page(cur, cur_block, s, floor):
        nxt = pages[cur_pi + 1]
        infos = [i for i in all_infos[nxt.number] if i.index not in consumed.get(nxt.number, set())]
        k = _strip_running(nxt, cur, s)
        infos = [i for i in infos if i.index >= k]
        pads = _column_pads(guesses)
        label_x1 = region.label_x1
        # a repeated header: lines with the same column labels over the same columns (and the
        # label-area lines of that header, such as `Styringsom-`)
        repeated = False
        start = 0
        for j, info in enumerate(infos[:8]):
            if info.figures and _is_money_line(info) or CAPTION.match(info.line.text):
                break
            if _is_header_line(info, guesses, pads, label_x1):
                value_x0 = min(c.x0 for c in value_cols)
                words = [c.text for c in info.cells if c.x1 > value_x0 and _over(c, pads)]
                if words and all(any(part in lab for lab in labels) for w in words[:3] for part in w.split()[:1]):
                    repeated, start = True, j + 1
        lines: list[LineInfo] = []
        seen_figures = False
        for info in infos[start:]:
            if info.figures and _is_money_line(info):
                if not _aligned(info, guesses, s):
                    break
                seen_figures = True
                lines.append(info)
                continue
            if CAPTION.match(info.line.text) or (not info.line.bold and _is_prose(info, guesses, label_x1)):
                break
            if abs(info.line.size - body_size) > s.max_size_change and not seen_figures:
                break
            if lines and info.top - lines[-1].bottom > s.max_line_gap * statistics.median(
                    ln.height for ln in lines) and not _ruled_across(nxt, lines[-1], info, guesses):
                break
            if not seen_figures and (info.line.x1 > label_x1 and not info.line.bold):
                break
            if len(lines) > s.continuation_lines and not seen_figures:
                break
            lines.append(info)
        while lines and not lines[-1].figures:
            lines.pop()
        if not lines or not seen_figures:
            return
        nb = Block(nxt, lines, block.x0, block.x1)
        if cur_block.tail and not PAGE_NUMBER.search(cur_block.tail[-1].line.text):
            # label lines left at the foot of the page (a heading row) belong to the table after all
            region.body += [(cur.number, ln.line) for ln in cur_block.tail]
            consumed.setdefault(cur.number, set()).update(ln.index for ln in cur_block.tail)
        region.body += [(nxt.number, ln.line) for ln in lines]
        bx0, bx1 = min(ln.line.x0 for ln in lines), region.bbox[pages[pi].number][2]
        region.bbox[nxt.number] = (bx0, lines[0].top, bx1, lines[-1].bottom)
        region.rules[nxt.number] = _rules_in(nxt, bx0, lines[0].top - 3, bx1, lines[-1].bottom + 3)
        region.page_heights[nxt.number] = nxt.height
        region.notes.append(Note(NoteCode.CONTINUES_REPEATED if repeated else NoteCode.CONTINUES,
                                 {"page": nxt.number}, page=nxt.number))
        consumed.setdefault(nxt.number, set()).update(ln.index for ln in lines)
        cur, cur_pi, cur_block = nxt, cur_pi + 1, nb


# ---------------------------------------------------------------- all pages
def page_lines(page: PageContent, s: ReaderSettings = DEFAULT) -> list[LineInfo]:
    return [_line_info(page, k, s) for k in range(len(page.lines))]


def find_tables(doc: DocumentContent, s: ReaderSettings = DEFAULT) -> list[TableRegion]:
    """Every financial table in the document, in reading order, continuations joined."""
    regions: list[TableRegion] = []
    consumed: dict[int, set[int]] = {}
    all_infos = {p.number: page_lines(p, s) for p in doc.pages}
    pages = doc.pages
    floor = content_floor(pages)
    for pi, page in enumerate(pages):
        infos_page = all_infos[page.number]
        areas = [(ax0, ax1, top, bottom, [c for i in infos_page if top <= (i.top + i.bottom) / 2 <= bottom
                                          and (c := _clip(i, ax0, ax1, page, s)) is not None])
                 for ax0, ax1, top, bottom in text_columns(page, infos_page, s)]
        bands = [(bx0, bx1, area) for ax0, ax1, _, _, area in areas
                 for bx0, bx1 in _bands(page, area, s, ax0, ax1)]
        for x0, x1, area in bands:
            infos = [c for i in area if i.index not in consumed.get(page.number, set())
                     and (c := _clip(i, x0, x1, page, s)) is not None]
            previous = (pages[pi - 1], all_infos[pages[pi - 1].number]) if pi else None
            for block in find_blocks(page, infos, s, x0, x1, floor):
                if any(ln.index in consumed.get(page.number, set()) for ln in block.lines):
                    continue
                region = _region(page, pages, pi, block, s, infos, previous)
                if region is None:
                    continue
                pages_before = len(region.bbox)
                continue_overleaf(region, pages, pi, block, all_infos, consumed, s, floor)
                if block.provisional and len(region.bbox) == pages_before:
                    continue  # a lone row of figures that goes on nowhere: no table
                consumed.setdefault(page.number, set()).update(ln.index for ln in block.lines)
                regions.append(region)
    _inherit_headers(regions)
    # reading order: by the page the table starts on (its caption may end the page before)
    regions.sort(key=lambda r: (r.page, r.bbox[r.page][1] if r.page in r.bbox else float("inf"),
                                r.band[0] if r.band else 0))
    return regions


def _inherit_headers(regions: list[TableRegion]) -> None:
    """A table printed without a header under the same columns as the table before it (an
    annual report's notes under one `Mio. kr. 2020 2019` per page) takes that header's
    labels and unit.  Columns still without a label are numbered, so no two share a name."""
    by_page: dict[int, list[TableRegion]] = {}
    for r in sorted(regions, key=lambda r: (r.page, min(b[1] for b in r.bbox.values()))):
        by_page.setdefault(r.page, []).append(r)
    previous: TableRegion | None = None
    for page in sorted(by_page):
        for r in by_page[page]:
            cols = [c for c in r.columns if c.kind == "value"]
            if previous is not None and all(not c.label for c in cols):
                before = [c for c in previous.columns if c.kind == "value"]
                if len(before) == len(cols) and all(_overlaps(a.x0, a.x1, b.x0, b.x1, 4) for a, b in zip(cols, before)) \
                        and previous.page >= r.page - 1:
                    for a, b in zip(cols, before):
                        a.label, a.header = b.label, b.header
                    r.unit_text = r.unit_text or previous.unit_text
            labels = [c.label for c in cols]
            if len(set(labels)) < len(labels):
                for i, c in enumerate(cols):
                    if labels.count(c.label) > 1:
                        c.label = f"{c.label} ({i + 1})".strip()
            previous = r


# ---------------------------------------------------------------- proposals
def find_proposals(doc: DocumentContent, regions: list[TableRegion]) -> list[Proposal]:
    """Split a document into proposals (a booklet holds many).  A proposal starts where its
    title starts, mid-page or not: titles are set in the document's largest heading style
    that is used more than once (a cover page's type, a table of contents and running
    headers do not count), and where no heading style repeats, a table numbering that starts
    again (`Tabel 1` after `Tabel 3`) marks the start.  One proposal otherwise."""
    floor = content_floor(doc.pages)
    body_sizes = [ln.size for p in doc.pages for ln in p.lines if len(ln.text) > 60]
    body = statistics.median(body_sizes) if body_sizes else 10.0
    in_tables = {(pg, round(ln.top, 1)) for r in regions for pg, ln in r.body} | \
        {(r.page, round(ln.top, 1)) for r in regions for ln in r.header_lines}
    styles: dict[tuple[float, bool], list[tuple[int, float, str]]] = {}
    for page in doc.pages:
        prev_key = None
        for ln in page.lines:
            heading = (ln.size >= body + 1.5 or (ln.bold and ln.size >= body + 0.5)) and len(ln.text) <= 160
            if not heading or floor.is_running(ln) or CAPTION.match(ln.text) or \
                    (page.number, round(ln.top, 1)) in in_tables:
                prev_key = None
                continue
            key = (round(ln.size * 2) / 2, ln.bold)
            marks = styles.setdefault(key, [])
            if prev_key == key and marks and marks[-1][0] == page.number:
                pg, top, text = marks[-1]
                marks[-1] = (pg, top, f"{text} {ln.text}")  # a title wrapped over two lines
            else:
                marks.append((page.number, ln.top, ln.text))
            prev_key = key
    # the title style is the largest heading style (a cover page's own type aside); it must
    # recur to split anything (a document's title used once is just its title)
    cover = len(doc.pages) > 2 and len(doc.pages[0].lines) <= 12
    candidates = {k: v for k, v in styles.items() if not (cover and all(m[0] == 1 for m in v))}
    starts: list[tuple[int, float, str]] = []
    if candidates:
        title_style = max(candidates, key=lambda k: (k[0], k[1]))
        if len(candidates[title_style]) >= 2:
            starts = candidates[title_style]
    restarts = _numbering_restarts(regions)
    if len(starts) < 2 and restarts:
        # a recurring heading style whose headings each open one numbering of the tables
        at = [(r.page, r.bbox[r.page][1] if r.page in r.bbox else 0.0) for r in restarts]
        for key in sorted(candidates, key=lambda k: (k[0], k[1]), reverse=True):
            marks = candidates[key]
            if len(marks) >= 2 and _each_opens_one(marks, at):
                starts = marks
                break
        else:
            starts = [(r.page, pos[1], r.title) for r, pos in zip(restarts, at)]
    if len(starts) >= 2:
        proposals = []
        for i, (first, top, title) in enumerate(starts):
            nxt = starts[i + 1] if i + 1 < len(starts) else None
            last = (nxt[0] if nxt[1] > doc.pages[nxt[0] - 1].height * 0.15 else nxt[0] - 1) if nxt \
                else len(doc.pages)
            if i == 0:
                first, top = 1, 0.0  # a cover and contents belong to the first proposal
            proposals.append(Proposal(i, title.strip(), first, max(first, last), top))
        return proposals
    return [Proposal(0, _document_title(doc), 1, len(doc.pages))]


def _each_opens_one(marks: list[tuple[int, float, str]], restarts: list[tuple[int, float]]) -> bool:
    """Does exactly one heading come before each restart of the numbering (after the one before)?"""
    if len(marks) != len(restarts):
        return False
    previous = (0, float("-inf"))
    for (page, top, _), start in zip(marks, restarts):
        if not previous <= (page, top) <= start:
            return False
        previous = start
    return True


def _numbering_restarts(regions: list[TableRegion]) -> list[TableRegion]:
    """Tables whose caption number starts again (`Tabel 1` after `Tabel 2`): each begins a
    proposal, and so does the first numbered table."""
    out: list[TableRegion] = []
    last = None
    for r in regions:
        m = re.match(r"^(?:Tabel|Tabell|Table)\s+(\d+)", r.title, re.IGNORECASE)
        if not m:
            continue
        n = int(m.group(1))
        if last is None or n <= last:
            out.append(r)
        last = n
    return out if len(out) >= 2 else []


TITLE_FIELD = re.compile(r"^(?:overskrift|forslagets titel|titel|forslag)\s*:?\s+(?P<title>\S.{3,})$", re.IGNORECASE)


def _document_title(doc: DocumentContent) -> str:
    """A form's title field (`Overskrift …`, `Forslagets titel: …`), else the largest type on page 1."""
    lines = [ln for ln in doc.pages[0].lines if ln.top < doc.pages[0].height * 0.4] if doc.pages else []
    if not lines:
        return ""
    for ln in lines:
        m = TITLE_FIELD.match(ln.text)
        if m:
            return m.group("title").strip()
    biggest = max(ln.size for ln in lines)
    return " ".join(ln.text for ln in lines if abs(ln.size - biggest) < 0.6)


def assign_proposals(regions: list[TableRegion], proposals: list[Proposal]) -> None:
    """Each table belongs to the last proposal that starts before it (page, then height)."""
    for r in regions:
        top = r.bbox[r.page][1] if r.page in r.bbox else 0.0
        for p in proposals:
            if (p.first_page, p.start_top) <= (r.page, top):
                r.proposal = p.index
