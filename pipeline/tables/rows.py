"""Stage 3: rebuild the rows of a table as a reader sees them.

Each body line is split into its label words, its `Styringsområde` word and one text per
value column.  Lines are then grouped into rows:

* in a ruled table, the horizontal rules that cross the label column are the row
  borders, so the lines between two rules are one row, wherever the figures sit;
* without rules (or where a band holds several rows), a line joins its neighbour when the
  text says it continues: a hyphen or a dangling word (`og`, `af`, `(`) at the end of a
  line, or a next line that starts in lower case.  Two lines that both carry figures are
  never one row.

Labels are joined the way a reader reads them: `forløbspro-` + `gram` is `forløbsprogram`,
but `kompetence-` + `og` keeps its hyphen.
"""
from __future__ import annotations

import re
from itertools import pairwise

from pipeline.model import (
    BBox,
    Column,
    ColumnKind,
    Note,
    NoteCode,
    RawCell,
    RawRow,
    RawTable,
    RowStyle,
    Rule,
    TableRegion,
    TextLine,
    Word,
)
from pipeline.tables.geometry import column_of, phrases
from pipeline.tables.geometry import slots as column_slots
from pipeline.tables.numbers import is_figure
from pipeline.tables.settings import DEFAULT, ReaderSettings
from pipeline.tables.vocabulary import CATEGORY_NAMES, DANGLING, KEEP_HYPHEN_BEFORE


class _Line:
    """One body line split over the table's columns."""

    def __init__(self, page: int, line: TextLine, region: TableRegion, value_cols: list[Column], slots,
                 s: ReaderSettings = DEFAULT):
        self.page = page
        self.line = line
        category = next((c for c in region.columns if c.kind == ColumnKind.CATEGORY), None)
        markers = [c for c in region.columns if c.kind == ColumnKind.MARKER]
        label_words: list[Word] = []
        cat_words: list[Word] = []
        rest: list[Word] = []
        in_label = True
        for w in line.words:
            if any(m.x0 <= w.x0 <= m.x1 for m in markers):
                continue
            if w.x1 < region.label_x0:
                continue  # a note reference left of the label
            # The label is every word from the left that lies in the label column, and the
            # words that run on from it without a column gap (a heading spanning the table).
            # A figure reaching into the value columns is never part of the label.
            figure = is_figure(w.text)
            edge = s.label_edge_pt
            beyond = w.x0 >= region.label_x1 - edge or (figure and w.x1 > region.label_x1 + edge)
            if in_label and label_words and w.x1 > region.label_x1 + edge and \
                    w.x0 - label_words[-1].x1 > s.cell_gap * max(w.size, s.min_word_size_pt):
                beyond = True  # a text cell of the first column (`Ej aktuellt`), apart from the label
            if in_label and beyond:
                gap = w.x0 - label_words[-1].x1 if label_words else 99.0
                in_label = gap <= max(w.size, s.min_word_size_pt) * s.word_space and not figure
            if in_label:
                label_words.append(w)
            elif category is not None and w.x0 >= category.x0 - 1 and w.x1 <= category.x1 + 1:
                cat_words.append(w)
            else:
                rest.append(w)
        self.label_words = label_words
        self.label = " ".join(w.text for w in label_words)
        self.category = " ".join(w.text for w in cat_words) or None
        self.cells: dict[str, RawCell] = {}
        for phrase in self._split_figures(phrases(rest, None, s), slots):
            i = column_of(phrase[0].x0, phrase[-1].x1, slots)
            if i is None:
                continue
            col = value_cols[i].label
            text = " ".join(w.text for w in phrase)
            box = (phrase[0].x0, min(w.top for w in phrase), phrase[-1].x1, max(w.bottom for w in phrase))
            if col in self.cells:  # two phrases in one column: keep them together
                old = self.cells[col]
                text = old.text + " " + text
                box = (min(old.bbox[0], box[0]), min(old.bbox[1], box[1]),
                       max(old.bbox[2], box[2]), max(old.bbox[3], box[3]))
            self.cells[col] = RawCell(col, text, page, box)
        self.bold = bool(label_words) and all(w.bold for w in label_words)

    @staticmethod
    def _split_figures(found: list[list[Word]], slots) -> list[list[Word]]:
        """Two figures that nearly touch but sit in different columns are two cells."""
        out: list[list[Word]] = []
        for phrase in found:
            columns = {column_of(w.x0, w.x1, slots) for w in phrase}
            if len(phrase) > 1 and len(columns) > 1 and all(is_figure(w.text) for w in phrase):
                out.extend([w] for w in phrase)
            else:
                out.append(phrase)
        return out

    @property
    def has_values(self) -> bool:
        return bool(self.cells) or bool(self.category)

    @property
    def top(self) -> float:
        return self.line.top

    @property
    def bottom(self) -> float:
        return self.line.bottom


def join_label(parts: list[str]) -> str:
    """Join the lines of a wrapped label: hyphen-wraps closed, real hyphens kept."""
    out = ""
    for part in (p.strip() for p in parts):
        if not part:
            continue
        if not out:
            out = part
            continue
        m = re.search(r"(\w)-$", out)
        if m:
            first = part.split()[0]
            if first.lower() in KEEP_HYPHEN_BEFORE:
                out = out + " " + part  # "kompetence- og konceptudvikling"
            elif first[:1].islower():
                out = out[:-1] + part  # "forløbspro-" + "gram"
            else:
                out = out + part  # "EU-" + "Kommissionen"
        else:
            out = out + " " + part
    return re.sub(r"\s+", " ", out)


def _continues(a: _Line, b: _Line) -> bool:
    """Does the text say that line `b` continues the label of line `a`?"""
    if not a.label or not b.label:
        return False
    last = a.label.split()[-1]
    first = b.label.split()[0]
    if re.search(r"\w-$", last):
        return True
    if last.lower() in DANGLING and len(a.label.split()) >= 2:  # not a lone fragment such as `-det`
        return True
    if a.label.count("(") > a.label.count(")"):
        return True
    if first[:1].islower():
        return True
    if first.startswith("(") and not b.bold:
        return True
    return False


def _segment(lines: list[_Line], s: ReaderSettings) -> list[list[_Line]]:
    """Group lines into rows using the text's own cues; at most one line of figures per row."""
    groups: list[list[_Line]] = []
    for ln in lines:
        if groups:
            g = groups[-1]
            g_has_values = any(x.has_values for x in g)
            if _continues(g[-1], ln) and not (g_has_values and ln.has_values):
                g.append(ln)
                continue
        groups.append([ln])
    # A label-only group with no cue either way: attach it to the nearer neighbour by gap,
    # but only when that neighbour has figures and it is clearly nearer.
    merged: list[list[_Line]] = []
    i = 0
    while i < len(groups):
        g = groups[i]
        if not any(x.has_values for x in g) and not g[0].bold and (merged or i + 1 < len(groups)):
            prev = merged[-1] if merged else None
            nxt = groups[i + 1] if i + 1 < len(groups) else None
            # gaps are only comparable on one page; the end of a page is no gap
            gap_up = g[0].top - prev[-1].bottom if prev and g[0].page == prev[-1].page else float("inf")
            gap_down = nxt[0].top - g[-1].bottom if nxt and g[-1].page == nxt[0].page else float("inf")
            if prev and any(x.has_values for x in prev) and gap_up + s.row_gap_pt < gap_down and not _starts_row(g):
                prev.extend(g)
                i += 1
                continue
            if nxt and any(x.has_values for x in nxt) and gap_down + s.row_gap_pt < gap_up:
                groups[i + 1] = g + nxt  # the label's first lines, above its figures
                i += 1
                continue
        merged.append(g)
        i += 1
    return merged


def _starts_row(g: list[_Line]) -> bool:
    return g[0].label[:1].isupper() and len(g[0].label.split()) > 1


def _bands(lines: list[_Line], rules: dict[int, list[Rule]], x0: float, x1: float, s: ReaderSettings
           ) -> list[tuple[list[_Line], bool]]:
    """Split the lines by the horizontal rules crossing the label column.

    Returns (lines, ruled) pairs: a ruled band is one row (unless it holds several lines of
    figures); an unruled stretch is left to the text's cues."""
    out: list[tuple[list[_Line], bool]] = []
    by_page: dict[int, list[_Line]] = {}
    for ln in lines:
        by_page.setdefault(ln.page, []).append(ln)
    for page, page_lines in by_page.items():
        hs = sorted({round(r.top, 1) for r in rules.get(page, [])
                     if r.horizontal and r.x0 <= x0 + s.ruled_label_start_pt
                     and r.x1 >= min(x1, x0 + s.ruled_label_reach_pt)})
        first, last = page_lines[0], page_lines[-1]
        slack = s.ruling_slack_pt
        above = any(y <= first.top + slack for y in hs)
        below = any(y >= last.bottom - slack for y in hs)
        inner = [y for y in hs if first.top + slack < y < last.bottom - slack]
        if not (above and below) and len(inner) < max(1, len(page_lines) // 4):
            out.append((page_lines, False))  # this page's part is unruled
            continue
        current: list[_Line] = []
        for ln in page_lines:
            mid = (ln.top + ln.bottom) / 2
            if current and any(current[-1].bottom - slack <= y <= mid for y in hs):
                out.append((current, True))
                current = []
            current.append(ln)
        if current:
            out.append((current, True))
    return out


def _bbox(lines: list[_Line]) -> BBox:
    return (min(ln.line.x0 for ln in lines), min(ln.top for ln in lines),
            max(ln.line.x1 for ln in lines), max(ln.bottom for ln in lines))


def normalise_category(text: str | None) -> str | None:
    """The `Styringsområde` cell as a category name (`service` -> `Service`)."""
    if not text:
        return None
    cleaned = text.strip().rstrip("*")
    return CATEGORY_NAMES.get(cleaned.lower(), cleaned)


def build_rows(region: TableRegion, s: ReaderSettings = DEFAULT) -> RawTable:
    value_cols = [c for c in region.columns if c.kind == ColumnKind.VALUE]
    slots = column_slots(value_cols, s)
    lines = [_Line(page, ln, region, value_cols, slots, s) for page, ln in region.body]
    lines = [ln for ln in lines if ln.label or ln.has_values]
    x0 = min((ln.line.x0 for ln in lines), default=0.0)
    groups: list[list[_Line]] = []
    bands = _bands(lines, region.rules, x0, region.label_x1, s)
    # rules are row borders only where no band of the page holds two lines of figures;
    # otherwise they set groups apart (a rule above each subtotal) and the text tells the rows
    grouping = {band[0].page for band, ruled in bands if ruled and sum(1 for ln in band if ln.has_values) > 1}
    for band, ruled in bands:
        if ruled and band[0].page not in grouping and sum(1 for ln in band if ln.has_values) <= 1:
            groups.append(band)  # the rules say this is one row, wherever its figures sit
        else:
            groups.extend(_segment(band, s))
    rows: list[RawRow] = []
    for g in groups:
        label = join_label([ln.label for ln in g])
        cells: dict[str, RawCell] = {}
        category = None
        for ln in g:
            category = category or ln.category
            for col, cell in ln.cells.items():
                had = cells.get(col)
                if had is not None and not is_figure(had.text) and not is_figure(cell.text):
                    # words of one cell wrapped over lines (`Ej` / `aktuellt`): one text
                    box = (min(had.bbox[0], cell.bbox[0]), min(had.bbox[1], cell.bbox[1]),
                           max(had.bbox[2], cell.bbox[2]), max(had.bbox[3], cell.bbox[3]))
                    cells[col] = RawCell(col, f"{had.text} {cell.text}", had.page, box)
                else:
                    cells.setdefault(col, cell)
        ordered = [cells[c.label] for c in value_cols if c.label in cells]
        page = g[0].page
        box = _bbox(g)
        rows.append(RawRow(label, normalise_category(category), ordered, page, box,
                           _style(g, region, rows[-1] if rows else None, value_cols, s)))
    rows = _drop_repeated(rows, region)
    return RawTable(region, rows)


def _style(g: list[_Line], region: TableRegion, above: RawRow | None, value_cols: list[Column],
           s: ReaderSettings) -> RowStyle:
    """Indent, size and weight of the row's label, and whether a rule separates it from the
    row above (rules across the figures: what Word draws above a subtotal)."""
    words = [w for ln in g for w in ln.label_words]
    first_line = next((ln.label_words for ln in g if ln.label_words), [])
    # the label proper is the last cell of its first line: codes before it (`P 6289`, a
    # running number) stand in columns of their own and do not indent it
    first = first_line[0] if first_line else None
    for a, b in pairwise(first_line):
        if b.x0 - a.x1 > s.cell_gap * max(a.size, b.size, s.min_word_size_pt):
            first = b
    figures_x0 = min((c.x0 for c in value_cols), default=region.label_x1)
    rule = False
    if above is not None and above.page == g[0].page:
        lo, hi = above.bbox[3] - s.label_edge_pt, g[0].top + s.label_edge_pt
        rule = any(r.horizontal and lo <= r.top <= hi and r.x1 > figures_x0 for r in region.rules.get(g[0].page, []))
    sizes = sorted(w.size for w in words)
    # a row without a label has no indentation of its own (x0 0: the table's usual start)
    return RowStyle(x0=first.x0 if first is not None else 0.0, x1=first_line[-1].x1 if first_line else 0.0,
                    size=sizes[len(sizes) // 2] if sizes else 0.0,
                    bold=bool(words) and all(w.bold for w in words),
                    italic=bool(words) and all(w.italic for w in words), rule_above=rule)


def _drop_repeated(rows: list[RawRow], region: TableRegion) -> list[RawRow]:
    """A row that a template repeats at the top of the next page is read once."""
    out: list[RawRow] = []
    for row in rows:
        if out and row.page != out[-1].page and row.label == out[-1].label and \
                [c.text for c in row.cells] == [c.text for c in out[-1].cells]:
            region.notes.append(Note(NoteCode.REPEATED_ROW, {"label": row.label, "page": row.page}, page=row.page))
            continue
        out.append(row)
    return out
