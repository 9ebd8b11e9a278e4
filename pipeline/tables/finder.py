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

from pipeline.model import BBox, Column, ColumnKind, DocumentContent, PageContent, Rule, Ruling, TableRegion
from pipeline.tables.blocks import Block, clip, content_floor, find_blocks, side_bands, text_columns
from pipeline.tables.cells import TEXT, YEAR_CELL, LineInfo, line_info
from pipeline.tables.columns import find_columns, overlaps
from pipeline.tables.geometry import slots as column_slots
from pipeline.tables.header import Header, read_header
from pipeline.tables.numbers import find_price_base, find_unit
from pipeline.tables.overleaf import continue_overleaf, rules_in
from pipeline.tables.settings import DEFAULT, ReaderSettings
from pipeline.tables.vocabulary import CAPTION, CATEGORY_COLUMN, CATEGORY_HEADER, CATEGORY_WORDS, PAGE_NUMBER


# ---------------------------------------------------------------- the whole table
def _ruling(rules: list[Rule], s: ReaderSettings) -> Ruling:
    """How the table is ruled: a full grid, horizontal rules only, or none."""
    horizontal = sum(1 for r in rules if r.horizontal)
    vertical = sum(1 for r in rules if r.vertical)
    if vertical >= s.ruling_min_rules and horizontal >= s.ruling_min_rules:
        return Ruling.GRID
    if horizontal >= s.ruling_min_rules:
        return Ruling.HORIZONTAL
    return Ruling.NONE


def _category_column(header: Header, block: Block, columns: list[Column], s: ReaderSettings) -> Column | None:
    """A `Styringsområde` column: a header saying so, or category words at one x, apart from
    the label by a column gap, on most rows with figures."""
    zone_x0 = min(c.x0 for c in columns)
    heads = [c for ln in header.lines for c in ln.cells if c.x1 <= zone_x0 and CATEGORY_HEADER.search(c.text)]
    # a column of its own has the labels left of it; a head over the labels themselves
    # (`Udvalg / bevillingsområde`) names the label column
    labels_x0 = [ln.cells[0].x0 for ln in block.figure_lines if ln.cells and ln.cells[0].kind == TEXT]
    if heads and labels_x0 and min(c.x0 for c in heads) <= statistics.median(labels_x0) + s.category_align_pt:
        heads = []
    if heads:
        return Column(CATEGORY_COLUMN, min(c.x0 for c in heads) - 2, zone_x0 - 1, kind=ColumnKind.CATEGORY)
    xs = []
    value_lines = block.figure_lines
    for ln in value_lines:
        for i, c in enumerate(ln.cells):
            if i and c.kind == TEXT and c.text.lower().strip("*") in CATEGORY_WORDS and c.x1 <= zone_x0:
                xs.append(c.x0)
    if len(xs) >= s.category_min_rows:
        x0 = statistics.median(xs)
        if sum(1 for x in xs if abs(x - x0) < s.category_align_pt) >= max(s.category_min_rows, len(value_lines) // 2):
            return Column(CATEGORY_COLUMN, x0 - 2, zone_x0 - 1, kind=ColumnKind.CATEGORY)
    return None


def _marker_columns(header: Header, columns: list[Column], s: ReaderSettings) -> list[Column]:
    """Header words right of the value columns (`Investeringspuljen (sæt X)`): not values."""
    right = columns[-1].x1
    words = [w for ln in header.lines for w in ln.line.words if w.x0 > right + s.marker_gap_pt]
    if not words:
        return []
    x0, x1 = min(w.x0 for w in words), max(w.x1 for w in words)
    text = " ".join(w.text for w in sorted(words, key=lambda w: (round(w.top), w.x0)))
    text = re.sub(r"(\w)- (\w)", r"\1\2", text)
    return [Column(text, x0 - 2, x1 + 40, kind=ColumnKind.MARKER)]


def _cell_unit(block: Block) -> str | None:
    units = [f.amount.unit for f in block.figures() if f.amount is not None and f.amount.unit]
    return statistics.mode(units) if units else None


@dataclass
class PageSteps:
    """What the steps of finding the tables did on one page (facts for `pipeline inspect --debug`)."""

    blocks: list[BBox] = field(default_factory=list)  # step 2: runs of figure lines, taken as tables or not
    candidates: list[BBox] = field(default_factory=list)  # step 3: the columns of figures found in each block
    headers: list[BBox] = field(default_factory=list)  # step 4: the header lines read
    columns: list[tuple[BBox, str]] = field(default_factory=list)  # the value columns kept, with their labels


def _box(items: list[LineInfo]) -> BBox:
    return (min(i.line.x0 for i in items), min(i.top for i in items), max(i.line.x1 for i in items),
            max(i.bottom for i in items))


def _region(page: PageContent, pages: list[PageContent], pi: int, block: Block, s: ReaderSettings,
            infos: list[LineInfo], previous: tuple[PageContent, list[LineInfo]] | None = None,
            steps: dict[int, PageSteps] | None = None) -> TableRegion | None:
    guesses = find_columns(block.figures(), s)
    if steps is not None:
        seen = steps.setdefault(page.number, PageSteps())
        seen.blocks.append(_box(block.lines))
        seen.candidates += [(g.x0, min(m.top for m in g.members), g.x1, max(m.bottom for m in g.members))
                            for g in guesses]
    if not any(c.money for c in guesses):
        return None
    header = read_header(page, infos, block, guesses, s, previous)
    if steps is not None:
        for ln in header.lines:
            steps.setdefault(ln.page, PageSteps()).headers.append(_box([ln]))
    columns = header.columns
    caption = next((t for t in header.title_lines if CAPTION.match(t.line.text)), None)
    category = _category_column(header, block, columns, s)
    markers = _marker_columns(header, columns, s)
    texts = [header.label_text, header.group_text] + [ln.line.text for ln in header.lines]
    header_text = " ".join(texts)
    title_text = " ".join(t.line.text for t in header.title_lines)
    unit = find_unit(header_text) or find_unit(title_text)
    unit_text = unit.text if unit else (_cell_unit(block) or "")
    price = find_price_base(header_text) or find_price_base(title_text)
    slots = column_slots(columns, s)
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
        tail = [ln for ln in pages[pi - 1].lines if not PAGE_NUMBER.search(ln.text)][-s.caption_tail_lines:]
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
        rules={page.number: rules_in(page, x0, top, x1, bottom + s.rules_margin_pt, s)},
        bbox={page.number: (x0, top, x1, bottom)},
    )
    region.ruling = _ruling(region.rules[page.number], s)
    region.page_heights[page.number] = page.height
    region.rotated = bool(page.rotation)
    region.header_lines = [ln.line for ln in header.lines]
    region.band = (block.x0, block.x1)
    region.label_x0 = _note_column_end(block, s)
    return region


def _note_column_end(block: Block, s: ReaderSettings) -> float:
    """Where the labels start, when words left of them are not label: a column of note
    references (`6, 7`, `29,30`, `12`: short cells with digits, a column gap before the
    label), or the running text of the page's other text column (a table set in the right
    one).  Returns 0 when the labels start at the table's left edge."""
    starts = []
    for ln in block.lines:
        cells = ln.cells
        if len(cells) >= 2 and cells[1].kind == TEXT and len(cells[0].text) <= s.note_ref_max_chars and \
                any(ch.isdigit() for ch in cells[0].text) and cells[0].kind != YEAR_CELL:
            starts.append((cells[0].x1, cells[1].x0))
    if len(starts) >= 2 and len(starts) * s.note_ref_share >= len(block.figure_lines):
        ref_x1 = max(a for a, _ in starts)
        label_x0 = min(b for _, b in starts)
        if ref_x1 < label_x0:
            return label_x0 - s.note_ref_margin_pt
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
    if singles[-1] - singles[0] > s.note_label_spread * outside[0][2] or left - min(singles) > s.note_label_align_pt:
        return 0.0
    if all(abs(x0 - left) <= size and left - x1 >= s.note_text_gap * size for x1, x0, size in outside):
        return left - s.note_ref_margin_pt
    return 0.0


# ---------------------------------------------------------------- all pages
def page_lines(page: PageContent, s: ReaderSettings = DEFAULT) -> list[LineInfo]:
    return [line_info(page, k, s) for k in range(len(page.lines))]


def find_tables(doc: DocumentContent, s: ReaderSettings = DEFAULT) -> list[TableRegion]:
    """Every financial table in the document, in reading order, continuations joined (what
    the steps found is not kept: `TableFinder` keeps it, for `pipeline inspect --debug`)."""
    return _find_tables(doc, s, None)


class TableFinder:
    """`find_tables` keeping what its steps found (pdfplumber's `TableFinder`): `tables`, the
    regions found, and `steps`, per page, the blocks, the candidate columns of each, the header
    lines read and the value columns kept: what `pipeline inspect --debug` draws."""

    def __init__(self, doc: DocumentContent, settings: ReaderSettings = DEFAULT) -> None:
        self.doc = doc
        self.settings = settings
        self.steps: dict[int, PageSteps] = {}
        self.tables = _find_tables(doc, settings, self.steps)
        for region in self.tables:
            for at, b in region.bbox.items():
                self.steps.setdefault(at, PageSteps()).columns += [
                    ((kept.x0, b[1], kept.x1, b[3]), kept.label)
                    for kept in region.columns if kept.kind == ColumnKind.VALUE]


def _find_tables(doc: DocumentContent, s: ReaderSettings,
                 steps: dict[int, PageSteps] | None) -> list[TableRegion]:
    regions: list[TableRegion] = []
    consumed: dict[int, set[int]] = {}
    all_infos = {p.number: page_lines(p, s) for p in doc.pages}
    pages = doc.pages
    floor = content_floor(pages, s)
    for pi, page in enumerate(pages):
        infos_page = all_infos[page.number]
        areas = [(ax0, ax1, top, bottom, [c for i in infos_page if top <= (i.top + i.bottom) / 2 <= bottom
                                          and (c := clip(i, ax0, ax1, page, s)) is not None])
                 for ax0, ax1, top, bottom in text_columns(page, infos_page, s)]
        bands = [(bx0, bx1, area) for ax0, ax1, _, _, area in areas
                 for bx0, bx1 in side_bands(page, area, s, ax0, ax1)]
        for x0, x1, area in bands:
            infos = [c for i in area if i.index not in consumed.get(page.number, set())
                     and (c := clip(i, x0, x1, page, s)) is not None]
            previous = (pages[pi - 1], all_infos[pages[pi - 1].number]) if pi else None
            for block in find_blocks(page, infos, s, x0, x1, floor):
                if any(ln.index in consumed.get(page.number, set()) for ln in block.lines):
                    continue
                region = _region(page, pages, pi, block, s, infos, previous, steps)
                if region is None:
                    continue
                pages_before = len(region.bbox)
                continue_overleaf(region, pages, pi, block, all_infos, consumed, s, floor)
                if block.provisional and len(region.bbox) == pages_before:
                    continue  # a lone row of figures that goes on nowhere: no table
                consumed.setdefault(page.number, set()).update(ln.index for ln in block.lines)
                regions.append(region)
    _inherit_headers(regions, s)
    # reading order: by the page the table starts on (its caption may end the page before)
    regions.sort(key=lambda r: (r.page, r.bbox[r.page][1] if r.page in r.bbox else float("inf"),
                                r.band[0] if r.band else 0))
    return regions


def _inherit_headers(regions: list[TableRegion], s: ReaderSettings) -> None:
    """A table printed without a header under the same columns as the table before it (an
    annual report's notes under one `Mio. kr. 2020 2019` per page) takes that header's
    labels and unit.  Columns still without a label are numbered, so no two share a name."""
    by_page: dict[int, list[TableRegion]] = {}
    for r in sorted(regions, key=lambda r: (r.page, min(b[1] for b in r.bbox.values()))):
        by_page.setdefault(r.page, []).append(r)
    previous: TableRegion | None = None
    for page in sorted(by_page):
        for r in by_page[page]:
            cols = [c for c in r.columns if c.kind == ColumnKind.VALUE]
            if previous is not None and all(not c.label for c in cols):
                before = [c for c in previous.columns if c.kind == ColumnKind.VALUE]
                slack = s.inherit_slack_pt
                if len(before) == len(cols) and previous.page >= r.page - 1 and \
                        all(overlaps(a.x0, a.x1, b.x0, b.x1, slack) for a, b in zip(cols, before, strict=True)):
                    for a, b in zip(cols, before, strict=True):
                        a.label, a.header = b.label, b.header
                    r.unit_text = r.unit_text or previous.unit_text
            labels = [c.label for c in cols]
            if len(set(labels)) < len(labels):
                for i, c in enumerate(cols):
                    if labels.count(c.label) > 1:
                        c.label = f"{c.label} ({i + 1})".strip()
            previous = r
