"""Stage 2, step 2 of finding the tables: runs of lines with figures right of their label, whose
figures fall in the same columns, with the label, heading and text-cell lines between them.
Running text across the columns, a caption, a change of type size or a wide gap ends a block;
figures in other columns start a new one.  Side-by-side tables are kept apart: a text column
between figure columns splits the lines.
"""
from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field
from itertools import pairwise

from pipeline.model import Column, PageContent, TextLine
from pipeline.tables.cells import NIL, NUMBER, TEXT, YEAR_CELL, LineInfo, Segment, line_info
from pipeline.tables.columns import ColumnGuess, find_columns, is_axis, overlaps, split_over_columns
from pipeline.tables.geometry import slots as column_slots
from pipeline.tables.settings import DEFAULT, ReaderSettings
from pipeline.tables.vocabulary import CAPTION, PAGE_NUMBER, YEAR


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


def is_prose(info: LineInfo, columns: list[ColumnGuess], label_x1: float, s: ReaderSettings = DEFAULT) -> bool:
    """Running text across the columns: a text cell that runs from the label area over the
    first column, or a long one crossing a column boundary.  A short cell spanning columns
    is a header cell (`1.000 kr. 2027 p/l`); a bold line may be a heading row that spans the
    table, judged by the caller."""
    if not columns:
        return False
    bounds = column_slots([Column("", c.x0, c.x1) for c in columns], s)
    for t in split_over_columns(info.texts, columns, s):
        if t.x1 <= bounds[0][0] or t.x0 >= bounds[-1][1]:
            continue
        touched = [i for i, (a, b) in enumerate(bounds) if t.x0 < b and t.x1 > a]
        from_label = t.x0 < label_x1 - s.prose_label_depth * t.size  # starts well inside the label column
        if from_label and t.x1 > (columns[0].x0 + columns[0].x1) / 2 and len(t.words) >= s.prose_words:
            return True
        if len(touched) >= 2 and (from_label or len(t.words) >= s.prose_cross_words):
            return True
    return False


def is_aligned(info: LineInfo, columns: list[ColumnGuess], s: ReaderSettings, young: bool = False) -> bool:
    """Do the line's figures fall in the block's columns?  (Half of them, or one while the
    block has only a line or two of figures to say where its columns are.)"""
    if not columns:
        return True
    hits = sum(1 for f in info.figures if any(overlaps(f.x0, f.x1, c.x0, c.x1, s.column_slack * f.size)
                                              for c in columns))
    return hits >= (1 if young else max(1, (len(info.figures) + 1) // 2))


def label_x1_of(columns: list[ColumnGuess]) -> float:
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
        if cur is not None and _ends_block(page, cur, (pending or cur.lines)[-1], info, columns, s):
            close()
        if info.figures and columns and all(f.x1 < label_x1_of(columns) for f in info.figures):
            info.figures = []  # a number in the label column (`(6014)` on a wrapped label line)
        if info.figures and is_money_line(info):
            if cur is not None and not is_aligned(info, columns, s, young=len(cur.figure_lines) < s.young_block_lines):
                close()
            if cur is None:
                cur = Block(page, [], x0, x1)
            cur.lines += pending + [info]
            pending = []
            columns = find_columns(cur.figures(), s)
        elif cur is not None:
            pending.append(info)
    close()
    return _kept(page, blocks, s, floor)


def _ends_block(page: PageContent, cur: Block, last: LineInfo, info: LineInfo, columns: list[ColumnGuess],
                s: ReaderSettings) -> bool:
    """Does `info` end the block (`last` its line above)?  A wide gap not bridged by a grid, a
    caption, running text, a heading or footnote in another type size, another table's header."""
    gap = info.top - last.bottom
    if gap > s.max_line_gap * cur.line_height() and not ruled_across(page, last, info, columns, s) \
            or CAPTION.match(info.line.text):
        return True
    if info.figures:
        return False
    if is_prose(info, columns, label_x1_of(columns), s) and not info.line.bold:
        return True
    if abs(info.line.size - cur.body_size()) > s.max_size_change:
        return True  # a heading or a footnote in another type size
    return _new_header(info, columns)


def _kept(page: PageContent, blocks: list[Block], s: ReaderSettings, floor: Floor | None) -> list[Block]:
    """The blocks that are tables: a column of money (not a chart's axis) with enough figures, or
    a table's first row at the foot of a page (provisional: kept if it goes on overleaf)."""
    out = []
    for b in blocks:
        columns = find_columns(b.figures(), s)
        if not any(c.money and not is_axis(c, s) for c in columns):
            continue  # no column of money: years, or the tick labels of a chart's axis
        if len(columns) == 1 and not any(c.kind == TEXT and c.x1 <= ln.figures[0].x0
                                         for ln in b.figure_lines for c in ln.cells):
            continue  # one column of figures with no label beside any: a piece of a chart's axis
        if len(b.figure_lines) >= s.min_figure_lines and \
                any(c.money and len(c.members) >= s.min_column_figures for c in columns):
            out.append(b)
        elif ends_page(page, b, s, floor):
            b.provisional = True  # a table's first row at the foot of a page: kept if it goes on overleaf
            out.append(b)
    return out


def ruled_across(page: PageContent, above: LineInfo, below: LineInfo, columns: list[ColumnGuess],
                 s: ReaderSettings = DEFAULT) -> bool:
    """A grid goes on through the gap: a vertical rule beside the figures runs from the line
    above to the line below (a ruled table's tall cell, not the end of the table)."""
    if not columns:
        return False
    x0, x1 = label_x1_of(columns) - s.rule_reach_pt, max(c.x1 for c in columns) + s.rule_reach_pt
    return any(x0 <= x <= x1 and top <= above.bottom and bottom >= below.top for x, top, bottom in verticals(page, s))


def verticals(page: PageContent, s: ReaderSettings = DEFAULT) -> list[tuple[float, float, float]]:
    """The page's vertical rules joined end to end (Word draws a grid cell by cell): (x, top, bottom)."""
    spans: list[list[float]] = []
    for r in sorted((r for r in page.rules if r.vertical), key=lambda r: (round(r.x0), r.top)):
        if spans and abs(spans[-1][0] - r.x0) <= s.rule_join_x_pt and r.top <= spans[-1][2] + s.rule_join_gap_pt:
            spans[-1][2] = max(spans[-1][2], r.bottom)
        else:
            spans.append([r.x0, r.top, r.bottom])
    return [(x, t, b) for x, t, b in spans]


def _new_header(info: LineInfo, columns: list[ColumnGuess]) -> bool:
    """A header line of another table: years, or bold words, over two or more columns."""
    if not columns:
        return False
    x1 = label_x1_of(columns)
    over = [c for c in info.cells if c.x0 >= x1 - c.size]
    years = [c for c in over if c.kind == YEAR_CELL or YEAR.search(c.text.split()[-1] if c.text.split() else "")]
    bold = [c for c in over if c.kind == TEXT and all(w.bold for w in c.words)]
    return len(over) >= 2 and (len(years) >= 2 or (len(bold) >= 2 and info.line.bold))


def is_money_line(info: LineInfo) -> bool:
    return any(f.kind in (NUMBER, NIL) for f in info.figures)


def _in_label_area(info: LineInfo, columns: list[ColumnGuess]) -> bool:
    return bool(columns) and info.line.x1 < label_x1_of(columns)


def _trailing(block: Block, pending: list[LineInfo], s: ReaderSettings) -> list[LineInfo]:
    """Lines after the last figure line that still belong to the table: label lines close
    below, in the table's type size and style (the rest of a wrapped label, a last row
    without figures such as a payback time printed in words)."""
    out: list[LineInfo] = []
    last = block.lines[-1]
    columns = find_columns(block.figures(), s)
    for info in pending[:s.trailing_lines]:
        if info.top - last.bottom > s.trailing_gap * block.line_height() or \
                abs(info.line.size - block.body_size()) > s.trailing_size_change:
            break
        if not _in_label_area(info, columns) or info.line.bold != last.line.bold:
            break
        out.append(info)
        last = info
    return out


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


def content_floor(pages: list[PageContent], s: ReaderSettings = DEFAULT) -> Floor:
    counts: dict[tuple[str, int], int] = {}
    for p in pages:
        for k in {Floor.key(ln) for ln in p.lines}:
            counts[k] = counts.get(k, 0) + 1
    limit = max(s.running_min_pages, s.running_share * len(pages))
    floor = Floor(0.0, frozenset(k for k, n in counts.items() if n >= limit))
    bottoms = []
    for p in pages:
        body = [ln.bottom for ln in p.lines if not floor.is_running(ln)]
        if body:
            bottoms.append(max(body))
    if bottoms:
        bottoms.sort()
        floor.bottom = bottoms[min(len(bottoms) - 1, int(s.floor_quantile * len(bottoms)))]
    return floor


def ends_page(page: PageContent, block: Block, s: ReaderSettings, floor: Floor | None = None) -> bool:
    """Nothing but footnotes and footers after the block, and the text reaches as low as the
    document's text usually does (a table that ends higher up ends there)."""
    last = block.lines[-1]
    rest = [ln for ln in page.lines[last.index + 1:]
            if (ln.x0 + ln.x1) / 2 >= block.x0 and (ln.x0 + ln.x1) / 2 < block.x1]
    if any(ln.top < page.height * s.page_bottom or CAPTION.match(ln.text) for ln in rest):
        return False
    if floor is None or not floor.bottom:
        return last.bottom > page.height * s.floorless_page_end
    end = max([last.bottom] + [ln.bottom for ln in rest if not floor.is_running(ln)])
    return end >= floor.bottom - s.page_end_lines * block.line_height()


def last_on_page(page: PageContent, block: Block, floor: Floor | None = None) -> bool:
    """Nothing but running headers, footers and page numbers after the block in its band: the
    page ends with the table, however high up (a long list broken early, `Transport`)."""
    last = block.lines[-1]
    rest = [ln for ln in page.lines[last.index + 1:]
            if (ln.x0 + ln.x1) / 2 >= block.x0 and (ln.x0 + ln.x1) / 2 < block.x1]
    return all(PAGE_NUMBER.search(ln.text) or (floor is not None and floor.is_running(ln)) for ln in rest)


# ---------------------------------------------------------------- text columns
def _prose(c: Segment, width: float, s: ReaderSettings) -> bool:
    """A stretch of running text: four words or more, across a fifth of the page or more."""
    return c.kind == TEXT and len(c.words) >= s.prose_min_words and c.x1 - c.x0 >= s.prose_width * width


def text_columns(page: PageContent, infos: list[LineInfo], s: ReaderSettings = DEFAULT
                 ) -> list[tuple[float, float, float, float]]:
    """The page cut into areas (x0, x1, top, bottom) along the gutters of a two-column layout:
    a vertical strip that no line crosses over a run of lines, with running text on both
    sides of it on several lines.  Table columns leave such strips too, but with figures,
    not running text, on their right."""
    # where a gutter may run: left of right-hand lines (tried first: where a text column
    # starts), then in wide gaps
    starts: list[float] = []
    gaps: list[float] = []
    for info in infos:
        for a, b in pairwise(info.cells):
            if b.x0 - a.x1 >= s.gutter_gap * max(a.size, b.size):
                gaps.append((a.x1 + b.x0) / 2)
                if b.kind == TEXT and b.x0 > page.width * s.gutter_line_start:
                    starts.append(b.x0 - s.gutter_margin * b.size)
        if info.cells and info.cells[0].x0 > page.width * s.gutter_line_start:
            starts.append(info.cells[0].x0 - s.gutter_margin * info.cells[0].size)
    found: list[tuple[float, float, float, float]] = []  # (x, top, bottom, width of the empty strip)
    tried: list[float] = []
    prose = [[(c.x0, c.x1) for c in info.cells if _prose(c, page.width, s)] for info in infos]
    spans = [[(c.x0, c.x1) for c in info.cells] for info in infos] + [[(float("-inf"), float("inf"))]]
    # a row of a table across the page (a label, figures further right, no running text) is
    # no line of a text column: a gutter does not run between its label and its figures
    rows = [[] if prose[k] or not any(c.is_figure for c in info.cells) else
            [(c.x0, c.x1, c.is_figure, c.size) for c in info.cells if c.is_figure or c.kind == TEXT]
            for k, info in enumerate(infos)] + [[]]
    for x in sorted(starts) + sorted(gaps):
        if any(abs(x - t) < s.gutter_tried_pt for t in tried):
            continue
        tried.append(x)
        run: list[int] = []
        best: list[int] = []
        for k, cells in enumerate(spans):  # the last one crosses everything: it ends the run
            if any(x0 < x < x1 for x0, x1 in cells) or _row_across(rows[k], x, s):
                left = sum(1 for j in run if any(x1 <= x for _, x1 in prose[j]))
                right = sum(1 for j in run if any(x0 >= x for x0, _ in prose[j]))
                if left >= s.gutter_prose_lines and right >= s.gutter_prose_lines and len(run) > len(best):
                    best = run
                run = []
                continue
            run.append(k)
        if best:
            lines = [infos[k] for k in best]
            strip = min((x0 for k in best for x0, _ in spans[k] if x0 >= x), default=page.width) - \
                max((x1 for k in best for _, x1 in spans[k] if x1 <= x), default=0.0)
            found.append((x, min(ln.top for ln in lines), max(ln.bottom for ln in lines), strip))
    # overlapping runs: the longest wins (a gutter that a short run of lines leaves beside a
    # line that ends early is no gutter of the page), then the widest empty strip
    chosen: list[tuple[float, float, float, float]] = []
    for f in sorted(found, key=lambda f: (f[1] - f[2], -f[3], f[1])):
        if all(f[2] < c[1] or f[1] > c[2] for c in chosen):
            chosen.append(f)
    areas: list[tuple[float, float, float, float]] = []
    y = float("-inf")
    for x, top, bottom, _ in sorted(chosen, key=lambda f: f[1]):
        margin = s.area_margin_pt
        areas.append((0.0, page.width, y, top - margin))
        areas += [(0.0, x, top - margin, bottom + margin), (x, page.width, top - margin, bottom + margin)]
        y = bottom + margin
    areas.append((0.0, page.width, y, float("inf")))
    return [a for a in areas if any(a[2] <= (i.top + i.bottom) / 2 <= a[3] for i in infos)]


def _row_across(cells: list[tuple[float, float, bool, float]], x: float, s: ReaderSettings) -> bool:
    """Does a table row (text and figure cells, left to right) run across `x`: a label left of
    it and the first figure after the label well right of it (not the first cell of the column
    beyond the gutter: a side-by-side list's number)?"""
    label = None
    for x0, x1, figure, size in cells:
        if not figure:
            label = x1
            continue
        if label is not None and label <= x and x0 - x > s.prose_label_depth * size:
            return True
        label = None  # past the label's first figure
    return False


# ---------------------------------------------------------------- side by side
def side_bands(page: PageContent, infos: list[LineInfo], s: ReaderSettings, x0: float = 0.0,
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
            elif c.kind == TEXT and seen_figure and len(c.text) >= s.side_band_label_chars and \
                    any(ch.isalpha() for ch in c.text):
                if any(d.is_figure for d in info.cells if d.x0 > c.x1):
                    starts.append(c.x0)
                    break
    x1 = page.width if x1 is None else x1
    if len(starts) < s.side_band_lines:
        return [(x0, x1)]
    starts.sort()
    cut = statistics.median(starts)
    near = [x for x in starts if abs(x - cut) < s.side_band_spread_pt]
    if len(near) < s.side_band_lines:
        return [(x0, x1)]
    cut = min(near) - s.side_band_margin_pt
    return [(x0, cut), (cut, x1)]


def clip(info: LineInfo, x0: float, x1: float, page: PageContent, s: ReaderSettings) -> LineInfo | None:
    words = [w for w in info.line.words if x0 <= (w.x0 + w.x1) / 2 < x1]
    if not words:
        return None
    if len(words) == len(info.line.words):
        return info
    clipped = TextLine(words)
    shadow = PageContent(page.number, page.width, page.height, [clipped], [], page.rotation)
    out = line_info(shadow, 0, s)
    out.index = info.index
    out.line = clipped
    return out
