"""Rows: how they are set (indentation, italic, smaller type, `- heraf`) and which are
sub-rows of the row above them."""
from __future__ import annotations

from pipeline.checks import arithmetic as ar
from pipeline.checks.structure.columns import COUNT, MONEY, column_kinds
from pipeline.model import Role, Row, Table
from pipeline.tables.settings import DEFAULT, ReaderSettings
from pipeline.tables.vocabulary import says_heraf, says_total


def _marked(row: Row) -> bool:
    """A sub-row marker at the start of the label: `- heraf`, `Heraf`, `– of which`."""
    text = row.label.strip()
    return says_heraf(text) or text[:1] in "-–•" and len(text) > 2


def _levels(table: Table, s: ReaderSettings) -> tuple[dict[int, int], float]:
    """Each row's indentation level: steps to the right of the labels' usual start: the
    leftmost start shared by two rows or more (a single row further left, such as a stray
    note number, counts as the usual start; the deepest level may well be the commonest)."""
    xs = [round(r.style.x0) for r in table.rows if r.style.x0]
    shared = [x for x in set(xs) if xs.count(x) >= 2]
    base = min(shared) if shared else (max(set(xs), key=xs.count) if xs else 0)
    sizes = [r.style.size for r in table.rows if r.style.size] or [8.0]
    em = sorted(sizes)[len(sizes) // 2]
    # a label starting further right than any indentation goes (`max_indent`) was placed by
    # something else (a marker beside it): not a level
    levels = {r.index: max(0, round((r.style.x0 - base) / (s.indent_step * em)))
              if r.style.x0 and r.style.x0 - base <= s.max_indent * em else 0 for r in table.rows}
    # labels set flush right (`Sum:`, `Min:`, `Maks:` ending where the label column ends) start
    # wherever their length puts them: that is alignment, not indentation.  A start that many
    # rows share (`indent_stop_rows`) is an indentation stop: two of its labels may end together
    # by chance
    shifted = [r for r in table.rows if levels[r.index] > 0 and r.style.x1
               and xs.count(round(r.style.x0)) < s.indent_stop_rows]
    for r in shifted:
        if any(o is not r and abs(o.style.x1 - r.style.x1) <= s.flush_right_slack * em and
               abs(o.style.x0 - r.style.x0) > s.flush_right_slack * em for o in shifted):
            levels[r.index] = 0
    return levels, em


def levels(table: Table, s: ReaderSettings = DEFAULT) -> dict[int, int]:
    """Each row's indentation level (0 = the labels' usual start), as the hierarchy sees it."""
    return _levels(table, s)[0]


def _deeper(child: Row, parent: Row, levels: dict[int, int], s: ReaderSettings) -> bool:
    """Is `child` set as a sub-row of `parent`: indented further, italic, smaller, or marked?"""
    a, b = parent.style, child.style
    if levels[child.index] > levels[parent.index]:
        return True
    if levels[child.index] < levels[parent.index]:
        return False
    if b.italic and not a.italic:
        return True
    if a.size and b.size and b.size < a.size - s.size_step:
        return True
    return _marked(child) and not _marked(parent)


def by_style_only(child: Row, parent: Row, levels: dict[int, int]) -> bool:
    """Is `child` a sub-row of `parent` only by its type (italic or smaller), not by being
    indented or marked (`- heraf`)?"""
    return levels[child.index] == levels[parent.index] and not _marked(child)


def sub_rows(table: Table, s: ReaderSettings = DEFAULT) -> dict[int, list[int]]:
    """parent row -> its sub-rows directly below it (a parent prints figures)."""
    rows = table.rows
    levels, _ = _levels(table, s)
    kinds = column_kinds(table, s)
    sums = {c for c, k in kinds.items() if k in (MONEY, COUNT)}
    out: dict[int, list[int]] = {}
    i = 0
    while i < len(rows):
        parent = rows[i]
        kids: list[int] = []
        j = i + 1
        if has_figures(parent) and parent.role != Role.HERAF and not _closes(rows, i, levels, sums):
            while j < len(rows) and _deeper(rows[j], parent, levels, s):
                kids.append(j)
                j += 1
        if kids:
            out[i] = kids
            i = j
        else:
            i += 1
    return out


def _closes(rows: list[Row], i: int, levels: dict[int, int], sums: set[str]) -> bool:
    """Does row `i` close the group above it: set less deep than the row of figures directly
    above it, and a total by its words or by arithmetic (the sum of the deeper rows directly
    above it, in every column of amounts it prints)?  The rows below it then start a group of their own."""
    row = rows[i]
    above = rows[i - 1] if i > 0 else None
    if above is None or not has_figures(above) or levels[above.index] <= levels[row.index]:
        return False
    if row.role == Role.TOTAL or says_total(row.label):
        return True
    group = []
    for r in reversed(rows[:i]):
        if levels[r.index] <= levels[row.index] or not has_figures(r):
            break
        group.append(r)
    printed = [c for c, cell in row.cells.items() if cell.value is not None and c in sums]
    return len(group) >= 2 and bool(printed) and \
        all(ar.fits(row.cells[c], [(1, r.cells.get(c)) for r in group]) for c in printed)


def has_figures(row: Row) -> bool:
    return any(c.value is not None for c in row.cells.values())

