"""Stage 2, step 4 of finding the tables: the lines just above the body with text or years over
the columns.  Cells stacked over one column are that column's label (`Budget-` / `avvikelse`);
a cell spanning several columns, or a header row set apart, is a group label used only to tell
equal labels apart (`Kapitalprocent 2020`).  Caption (`Tabel 1.`), unit (`1.000 kr.`, `tkr`,
`Mio. kr.`, a unit in the cells) and price base (`2027 p/l`).
"""
from __future__ import annotations

import statistics
from dataclasses import dataclass

from pipeline.model import Column, PageContent
from pipeline.tables.blocks import Block, is_money_line, is_prose, label_x1_of
from pipeline.tables.cells import NUMBER, TEXT, YEAR_CELL, LineInfo, Segment
from pipeline.tables.columns import ColumnGuess, overlaps, split_over_columns
from pipeline.tables.rows import join_label
from pipeline.tables.settings import DEFAULT, ReaderSettings
from pipeline.tables.vocabulary import CAPTION, PAGE_NUMBER, YEAR


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


def column_pads(columns: list[ColumnGuess], s: ReaderSettings = DEFAULT) -> list[tuple[float, float]]:
    out = _Pads()
    out.middles = [(c.x0 + c.x1) / 2 for c in columns]
    for i, c in enumerate(columns):
        em = statistics.median(m.size for m in c.members)
        left = (columns[i - 1].x1 + c.x0) / 2 if i else c.x0 - s.header_pad_left * em
        right = (c.x1 + columns[i + 1].x0) / 2 if i + 1 < len(columns) else c.x1 + em
        out.append((left, right))
    return out


def over_pads(seg: Segment, pads: list[tuple[float, float]]) -> list[int]:
    """The columns a header cell stands over: the one its middle is over, and every column
    whose middle it covers (a cell spanning several columns)."""
    mid = (seg.x0 + seg.x1) / 2
    hit = {i for i, (a, b) in enumerate(pads) if a <= mid < b}
    hit |= {i for i, (a, b) in enumerate(pads) if seg.x0 <= _pad_middle(pads, i) <= seg.x1}
    return sorted(hit)


def _pad_middle(pads: list[tuple[float, float]], i: int) -> float:
    return getattr(pads, "middles", [(a + b) / 2 for a, b in pads])[i]


def is_header_line(info: LineInfo, columns: list[ColumnGuess], pads, label_x1: float,
                   s: ReaderSettings = DEFAULT) -> bool:
    """Text or years over the columns (cells that start at the columns, not labels running
    over them), and no money figures."""
    # a cell cut into pieces that each line up with a column of their own (`Regnskab 2027
    # Regnskab 2026` set tight) stands over the columns wherever its first piece starts
    cells = split_over_columns(info.cells, columns, s)
    whole = {id(c) for c in info.cells}
    # ... and so does a first cell set flush right over a column (`Forbrug tidl.` / `år`), if it is
    # no wider than a few of the column's widths (a long row label that happens to end there is none)
    over = [c for i, c in enumerate(cells)
            if c.x1 > label_x1 and (i > 0 or id(c) not in whole or c.x0 >= label_x1 - s.header_cell_reach * c.size
                                    or any(abs(c.x1 - g.x1) <= s.home_tolerance * c.size
                                           and c.x1 - c.x0 <= s.flush_header_width * (g.x1 - g.x0) for g in columns))
            and over_pads(c, pads)]
    if not over:
        return False
    if any(c.kind == NUMBER and not _year_label(c.text) for c in over):
        return False
    return not is_prose(info, columns, label_x1, s) or all(len(over_pads(c, pads)) <= 1 for c in over)


def _year_label(text: str) -> bool:
    return bool(YEAR.match(text.strip()))


def _lines_above(infos: list[LineInfo], start: int, top: float, line_h: float, columns, pads, label_x1,
                 s: ReaderSettings) -> list[LineInfo]:
    """Lines going up from line `start` that may be the table's header, sections or title."""
    by_index = {i.index: i for i in infos}
    above: list[LineInfo] = []
    k, prev_top = start, top
    while k >= 0 and len(above) < s.max_header_lines + s.title_lines:
        info = by_index.get(k)
        k -= 1
        if info is None or PAGE_NUMBER.search(info.line.text):
            continue
        if prev_top - info.bottom > s.header_gap * line_h or CAPTION.match(info.line.text):
            if CAPTION.match(info.line.text) and prev_top - info.bottom <= s.caption_gap * s.header_gap * line_h:
                above.append(info)
            break
        if info.figures and is_money_line(info) and not is_header_line(info, columns, pads, label_x1, s):
            break
        above.append(info)
        prev_top = info.top
    return above


def _classify_above(above: list[LineInfo], columns, pads, label_x1: float, s: ReaderSettings
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
        is_head = is_header_line(info, columns, pads, label_x1, s)
        if not header and not is_head:
            if info.line.bold and not info.figures or not is_prose(info, columns, label_x1, s) \
                    and info.line.x1 <= label_x1 + s.section_reach_pt:
                sections.append(info)
                continue
            break
        if is_head:
            header += tentative + [info]
            tentative = []
            continue
        if is_prose(info, columns, label_x1, s) or len(tentative) >= s.max_tentative_lines:
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
    pads = column_pads(columns, s)
    label_x1 = label_x1_of(columns)
    first = block.lines[0]
    line_h = block.line_height()
    above = _lines_above(infos, first.index - 1, first.top, line_h, columns, pads, label_x1, s)
    sections, header, titles = _classify_above(above, columns, pads, label_x1, s)
    if not header and previous is not None and first.top - (sections[0].top if sections else first.top) < line_h \
            and (sections[0] if sections else first).top < page.height * s.page_top:
        prev_page, prev_infos = previous
        tail = [i for i in prev_infos if not PAGE_NUMBER.search(i.line.text)]
        if tail:
            last = tail[-1]
            up = _lines_above(prev_infos, last.index, last.bottom + 1, line_h, columns, pads, label_x1, s)
            p_sections, p_header, p_titles = _classify_above(up, columns, pads, label_x1, s)
            if p_header and not p_sections:
                header, titles = p_header, p_titles
    if not header:
        # no header: the lines above are titles, not sections
        titles = [ln for ln in sections if ln.line.size >= block.body_size() + s.title_size_step_pt or ln.line.bold]
        titles, sections = titles[:s.max_title_lines], []
    block.lines = sections + block.lines
    extra = _columns_only_in_header(header, columns, label_x1, s)
    if extra:
        columns = sorted(columns + extra, key=lambda c: c.x0)
        pads = column_pads(columns, s)
        label_x1 = label_x1_of(columns)
    return _header_labels(header, columns, pads, label_x1, titles, s)


def _columns_only_in_header(header: list[LineInfo], columns: list[ColumnGuess], label_x1: float,
                            s: ReaderSettings) -> list[ColumnGuess]:
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
        if not any(overlaps(c.x0, c.x1, g.x0, g.x1, s.header_year_slack * c.size) for g in columns):
            out.append(ColumnGuess([Segment(c.words, None)]))
    return out


def _header_rows(lines: list[LineInfo], s: ReaderSettings) -> list[list[LineInfo]]:
    rows: list[list[LineInfo]] = []
    for ln in lines:
        if rows and ln.top - rows[-1][-1].bottom <= s.header_row_gap * ln.height:
            rows[-1].append(ln)
        else:
            rows.append([ln])
    return rows


def _header_labels(header: list[LineInfo], columns: list[ColumnGuess], pads, label_x1: float,
                   titles: list[LineInfo], s: ReaderSettings) -> Header:
    own: list[list[str]] = [[] for _ in columns]
    groups: list[list[str]] = [[] for _ in columns]
    label_parts: list[str] = []
    group_parts: list[str] = []
    rows = _header_rows(header, s)
    for r_i, row in enumerate(rows):
        lowest = r_i == len(rows) - 1
        for info in row:
            for c in split_over_columns(info.cells, columns, s):
                hit = over_pads(c, pads) if c.x1 > label_x1 - s.header_label_margin_pt else []
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
            if c.x1 > label_x1 - s.header_label_margin_pt:
                for i in over_pads(c, pads):
                    overhead[i].append(c.text)
    labels = _told_apart(labels, groups, header, columns, pads, label_x1, s)
    cols = [Column(labels[i], c.x0, c.x1, header=join_label(overhead[i])) for i, c in enumerate(columns)]
    return Header(header, cols, " ".join(label_parts), " ".join(group_parts), titles)


def _told_apart(labels: list[str], groups: list[list[str]], header: list[LineInfo], columns: list[ColumnGuess],
                pads, label_x1: float, s: ReaderSettings) -> list[str]:
    """Equal labels (`2020 2019 | 2020 2019` under two groups) told apart by their group: by
    the blocks of a repeated run of years (`_repeated_years`), else by each column's group."""
    if len(set(labels)) == len(labels):
        return labels
    labels = _repeated_years(header, columns, pads, label_x1, s) or list(labels)
    for i, label in enumerate(labels):
        if labels.count(label) > 1 and groups[i]:
            labels[i] = f"{join_label(groups[i])} {label}".strip()
    return labels


def _period(texts: list[str]) -> int | None:
    """The length of the run that `texts` repeat (`2020 2019 2020 2019`: 2), if they repeat it
    at least twice and it holds no text twice."""
    for p in range(2, len(texts) // 2 + 1):
        if len(texts) % p == 0 and len(set(texts[:p])) == p and all(t == texts[i % p] for i, t in enumerate(texts)):
            return p
    return None


def _repeated_years(header: list[LineInfo], columns: list[ColumnGuess], pads, label_x1: float,
                    s: ReaderSettings) -> list[str] | None:
    """Years repeated under groups (`Udlån og garantier` / `Nedskriv-` `ningsprocent` over
    `2020 2019 2020 2019`): the header's lowest line is one year over each column, repeating a
    run; each run of columns is one block, and every header cell above whose middle stands over
    the block and that stays within it is the block's group label, its lines joined top to
    bottom (a word hyphenated over two lines is one word) — also where the label is set flush
    right over the block's last column.  None when the header is not of that shape."""
    if len(header) < 2:
        return None
    low = [c for c in header[-1].cells if c.x1 > label_x1 - s.header_label_margin_pt]
    if len(low) != len(columns) or any(c.kind != YEAR_CELL or over_pads(c, pads) != [i] for i, c in enumerate(low)):
        return None
    years = [c.text.strip() for c in low]
    p = _period(years)
    if p is None:
        return None
    labels: list[str] = []
    for start in range(0, len(columns), p):
        left, right = pads[start][0], pads[start + p - 1][1]
        parts: list[list[str]] = [[] for _ in range(p)]
        for info in header[:-1]:
            inside = [c for c in sorted(info.cells, key=lambda c: c.x0)
                      if c.x1 > label_x1 - s.header_label_margin_pt and left <= (c.x0 + c.x1) / 2 < right
                      and c.x0 >= left - c.size and c.x1 <= right + c.size]
            homes = [over_pads(c, pads) for c in inside]
            if len(inside) == p and homes == [[start + k] for k in range(p)]:
                for k, c in enumerate(inside):  # one cell over each column: the columns' own labels
                    parts[k].append(c.text)
            else:
                for k in range(p):
                    parts[k] += [c.text for c in inside]
        if not any(parts):
            return None
        labels += [f"{join_label(parts[k])} {year}".strip() for k, year in enumerate(years[start:start + p])]
    return labels
