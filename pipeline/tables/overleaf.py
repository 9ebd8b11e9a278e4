"""Stage 2, step 5 of finding the tables: a table that reaches the foot of its page goes on when
the next page (running headers skipped, a repeated header skipped) opens with figures in the
same columns, maybe after lines of its label text.
"""
from __future__ import annotations

import re
import statistics

from pipeline.model import Column, ColumnKind, Note, NoteCode, PageContent, Rule, TableRegion, TextLine, Word
from pipeline.tables.blocks import (
    Block,
    Floor,
    ends_page,
    is_aligned,
    is_money_line,
    is_prose,
    last_on_page,
    ruled_across,
)
from pipeline.tables.cells import LineInfo, Segment
from pipeline.tables.columns import ColumnGuess
from pipeline.tables.header import column_pads, is_header_line, over_pads
from pipeline.tables.settings import DEFAULT, ReaderSettings
from pipeline.tables.vocabulary import CAPTION, NUMBERED, PAGE_NUMBER


# ---------------------------------------------------------------- 5. overleaf
def rules_in(page: PageContent, x0: float, top: float, x1: float, bottom: float,
             s: ReaderSettings = DEFAULT) -> list[Rule]:
    slack = s.rule_slack_pt
    return [r for r in page.rules
            if r.x1 >= x0 - slack and r.x0 <= x1 + slack and r.bottom >= top - slack and r.top <= bottom + slack]


def _strip_running(page: PageContent, previous: PageContent, s: ReaderSettings) -> int:
    """How many lines at the top of `page` are running headers: printed on the previous page
    too, at the same height (with another page number, if any), or a bare page number."""
    def key(line: TextLine, mask: bool) -> tuple[str, int]:
        # only the page number is masked: `Overført fra forrige side 25.836` carries other figures
        text = NUMBERED.sub(lambda m: re.sub(r"\d+", "#", m.group(0)), line.text) if mask else line.text
        return (text, round(line.top))

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


def _repeated_header(infos: list[LineInfo], guesses: list[ColumnGuess], pads: list[tuple[float, float]],
                     label_x1: float, value_cols: list[Column], labels: list[str], s: ReaderSettings
                     ) -> tuple[bool, int]:
    """A repeated header: lines with the same column labels over the same columns (and the
    label-area lines of that header, such as `Styringsom-`).  Whether there is one, and the
    index of the first line after it."""
    repeated = False
    start = 0
    for j, info in enumerate(infos[:s.repeated_header_lines]):
        if info.figures and is_money_line(info) or CAPTION.match(info.line.text):
            break
        if is_header_line(info, guesses, pads, label_x1, s):
            value_x0 = min(c.x0 for c in value_cols)
            words = [c.text for c in info.cells if c.x1 > value_x0 and over_pads(c, pads)]
            if words and all(any(part in lab for lab in labels) for w in words[:3] for part in w.split()[:1]):
                repeated, start = True, j + 1
    return repeated, start


def _continued_lines(nxt: PageContent, infos: list[LineInfo], guesses: list[ColumnGuess], label_x1: float,
                     body_size: float, s: ReaderSettings) -> tuple[list[LineInfo], bool]:
    """The lines of the next page that go on with the table (label lines first, perhaps), and
    whether any of them has figures."""
    lines: list[LineInfo] = []
    seen_figures = False
    for info in infos:
        if info.figures and is_money_line(info):
            if not is_aligned(info, guesses, s):
                break
            seen_figures = True
            lines.append(info)
            continue
        if CAPTION.match(info.line.text) or (not info.line.bold and is_prose(info, guesses, label_x1, s)):
            break
        if abs(info.line.size - body_size) > s.max_size_change and not seen_figures:
            break
        if lines and info.top - lines[-1].bottom > s.max_line_gap * statistics.median(
                ln.height for ln in lines) and not ruled_across(nxt, lines[-1], info, guesses, s):
            break
        if not seen_figures and (info.line.x1 > label_x1 and not info.line.bold):
            break
        if len(lines) > s.continuation_lines and not seen_figures:
            break
        lines.append(info)
    return lines, seen_figures


def continue_overleaf(region: TableRegion, pages: list[PageContent], pi: int, block: Block,
                      all_infos: dict[int, list[LineInfo]], consumed: dict[int, set[int]],
                      s: ReaderSettings = DEFAULT, floor: Floor | None = None) -> None:
    """Join the table's continuation on the following page(s) to `region` (in place)."""
    value_cols = [c for c in region.columns if c.kind == ColumnKind.VALUE]
    guesses = [ColumnGuess([Segment([Word("", c.x0, 0, c.x1, 1, s.segment_size_pt)], None)]) for c in value_cols]
    cur, cur_pi, cur_block = pages[pi], pi, block
    body_size = block.body_size()
    labels = [c.label for c in value_cols]
    while cur_pi + 1 < len(pages):
        at_foot = ends_page(cur, cur_block, s, floor)
        if not at_foot and not last_on_page(cur, cur_block, floor):
            return
        nxt = pages[cur_pi + 1]
        infos = [i for i in all_infos[nxt.number] if i.index not in consumed.get(nxt.number, set())]
        k = _strip_running(nxt, cur, s)
        infos = [i for i in infos if i.index >= k]
        pads = column_pads(guesses, s)
        label_x1 = region.label_x1
        repeated, start = _repeated_header(infos, guesses, pads, label_x1, value_cols, labels, s)
        lines, seen_figures = _continued_lines(nxt, infos[start:], guesses, label_x1, body_size, s)
        while lines and not lines[-1].figures:
            lines.pop()
        if not lines or not seen_figures:
            return
        if not at_foot and (repeated or not lines[0].figures or lines[0] is not infos[0]):
            # a table ending high on its page goes on only where the next page opens with its
            # figures, no header (an annual report's next note repeats `Mio. kr. 2020 2019`)
            return
        nb = Block(nxt, lines, block.x0, block.x1)
        if cur_block.tail and not PAGE_NUMBER.search(cur_block.tail[-1].line.text):
            # label lines left at the foot of the page (a heading row) belong to the table after all
            region.body += [(cur.number, ln.line) for ln in cur_block.tail]
            consumed.setdefault(cur.number, set()).update(ln.index for ln in cur_block.tail)
        region.body += [(nxt.number, ln.line) for ln in lines]
        bx0, bx1 = min(ln.line.x0 for ln in lines), region.bbox[pages[pi].number][2]
        region.bbox[nxt.number] = (bx0, lines[0].top, bx1, lines[-1].bottom)
        region.rules[nxt.number] = rules_in(nxt, bx0, lines[0].top - s.rules_margin_pt, bx1,
                                            lines[-1].bottom + s.rules_margin_pt, s)
        region.page_heights[nxt.number] = nxt.height
        region.notes.append(Note(NoteCode.CONTINUES_REPEATED if repeated else NoteCode.CONTINUES,
                                 {"page": nxt.number}, page=nxt.number))
        consumed.setdefault(nxt.number, set()).update(ln.index for ln in lines)
        cur, cur_pi, cur_block = nxt, cur_pi + 1, nb
