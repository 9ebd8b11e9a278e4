"""Stage 2, step 1 of finding the tables: every text line is cut into cells at gaps wider
than a word space (`settings.cell_gap`); a cell is a figure (`-5.090`, `-62 079`, `500.000 kr.`,
`4,5 %`), a nil dash, a bare year, or text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.model import PageContent, TextLine, Word, WordGroup
from pipeline.tables.numbers import Amount, parse_any
from pipeline.tables.settings import DEFAULT, ReaderSettings
from pipeline.tables.vocabulary import YEAR

NUMBER, NIL, YEAR_CELL, TEXT = "number", "nil", "year", "text"


# ---------------------------------------------------------------- 1. cells
@dataclass
class Segment(WordGroup):
    """A cell of a text line: words no further apart than a word space."""

    words: list[Word]
    amount: Amount | None = None

    @property
    def size(self) -> float:
        return super().size or DEFAULT.segment_size_pt

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


def em_size(a: Word, b: Word, s: ReaderSettings = DEFAULT) -> float:
    return max(a.size, b.size, s.min_em_pt)


def cut_cells(line: TextLine, s: ReaderSettings = DEFAULT) -> list[Segment]:
    """The line's cells, left to right."""
    groups: list[list[Word]] = []
    for w in sorted(line.words, key=lambda w: w.x0):
        if groups and w.x0 - groups[-1][-1].x1 <= s.cell_gap * em_size(groups[-1][-1], w, s):
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
            if w.x0 - runs[-1][-1].x1 <= s.number_join_gap * em_size(runs[-1][-1], w, s):
                runs[-1].append(w)
            else:
                runs.append([w])
        parsed = [parse_any(" ".join(w.text for w in r)) for r in runs]
        if len(runs) > 1 and all(p is not None for p in parsed):
            return [Segment(r, p) for r, p in zip(runs, parsed, strict=True)]
        singles = [parse_any(w.text) for w in words]
        if all(p is not None for p in singles):
            return [Segment([w], p) for w, p in zip(words, singles, strict=True)]
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
        return max(self.line.bottom - self.line.top, DEFAULT.min_line_height_pt)

    @property
    def texts(self) -> list[Segment]:
        return [c for c in self.cells if c.kind == TEXT]


def line_info(page: PageContent, index: int, s: ReaderSettings) -> LineInfo:
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
