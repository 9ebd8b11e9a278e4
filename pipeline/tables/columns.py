"""Stage 2, step 3 of finding the tables: figures whose boxes overlap from line to line make a
column; a column of bare years (a list of names and birth years) is not money.
"""
from __future__ import annotations

import statistics
from dataclasses import dataclass

from pipeline.model import Word
from pipeline.tables.cells import NUMBER, TEXT, Segment, em_size
from pipeline.tables.numbers import parse_any
from pipeline.tables.settings import DEFAULT, ReaderSettings


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


def is_axis(col: ColumnGuess, s: ReaderSettings = DEFAULT) -> bool:
    """A chart's axis, not a column of a table: five or more figures one after another in
    even steps (`0 500 1.000 1.500 2.000`), evenly spaced down the page."""
    ms = sorted(((m.top, m.amount.value) for m in col.members if m.amount is not None and not m.amount.nil),
                key=lambda m: m[0])  # (top, value)
    run = 1
    for i in range(2, len(ms)):
        (a_top, a), (b_top, b), (c_top, c) = ms[i - 2], ms[i - 1], ms[i]
        same_step = b - a == c - b != 0
        gap1, gap2 = b_top - a_top, c_top - b_top
        even = abs(gap1 - gap2) <= s.axis_evenness * max(gap1, gap2)
        run = run + 1 if same_step and even else 1
        if run >= s.axis_steps:  # five figures: four equal steps
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
            if parts and edge(f) - edge(parts[-1][-1]) <= s.column_slack * s.edge_slack_factor * f.size:
                parts[-1].append(f)
            else:
                parts.append([f])
        if not any(_same_line_twice(p) for p in parts):
            return sorted(parts, key=lambda p: min(f.x0 for f in p))
    return [group]


def overlaps(a0: float, a1: float, b0: float, b1: float, slack: float = 0.0) -> bool:
    return a0 <= b1 + slack and b0 <= a1 + slack


def split_over_columns(cells: list[Segment], columns: list[ColumnGuess], s: ReaderSettings = DEFAULT
                       ) -> list[Segment]:
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
            if w.x0 - prev.x1 >= s.piece_gap * em_size(prev, w, s):
                pieces.append([w])
            else:
                pieces[-1].append(w)
        if len(pieces) < 2:
            out.append(c)
            continue
        homes = [_home(Segment(p), columns, s) for p in pieces]
        if all(h is not None for h in homes) and len(set(homes)) == len(homes):
            out.extend(Segment(p, parse_any(" ".join(w.text for w in p))) for p in pieces)
        else:
            out.append(c)
    return out


def _home(seg: Segment, columns: list[ColumnGuess], s: ReaderSettings) -> int | None:
    """The column a piece of text lines up with, if any."""
    tol = s.home_tolerance * seg.size
    for i, col in enumerate(columns):
        if abs(seg.x1 - col.x1) <= tol or abs(seg.x0 - col.x0) <= tol or \
                abs((seg.x0 + seg.x1) / 2 - (col.x0 + col.x1) / 2) <= tol:
            return i
    return None
