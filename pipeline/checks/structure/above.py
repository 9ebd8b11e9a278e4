"""Totals above their items: `Samlet ændring` first, then its `heraf` lines, each followed by
the items it adds.  The total is judged against the `heraf` lines or against the items under
them, never both; each `heraf` line against its own items.  A disagreement is a finding only
when every reading the layout admits disagrees alike."""
from __future__ import annotations

from pipeline.checks.structure.base import Relation, Structure
from pipeline.checks.structure.hierarchy import has_figures
from pipeline.checks.structure.readings import Grid, Reading, Verdict, judge
from pipeline.model import Kind, Note, NoteCode, ReadingName, Role, Row, Table
from pipeline.tables.vocabulary import says_heraf, says_total


def _heraf(row: Row) -> bool:
    return row.role == Role.HERAF or says_heraf(row.label)


def _opens(row: Row) -> bool:
    return row.role != Role.HERAF and (row.role == Role.TOTAL or says_total(row.label))


def _run_below(table: Table, i: int) -> list[int]:
    """The rows under row `i` up to a heading, a blank line or the next total."""
    out: list[int] = []
    for r in table.rows[i + 1:]:
        if not has_figures(r) or (_opens(r) and not _heraf(r)):
            break
        out.append(r.index)
    return out


def above_blocks(table: Table, kids: dict[int, list[int]], depth: dict[int, int], grid: Grid,
                 columns: list[str]) -> dict[int, list[int]]:
    """Totals with nothing above them to add (the first figures of the table or of a part of it
    under a heading) followed by `heraf` lines: the total -> the rows under it it may add (the
    rows before the first `heraf` line, the `heraf` lines and the items of each)."""
    out: dict[int, list[int]] = {}
    fresh = True  # no figures yet since the start or the last heading
    for r in table.rows:
        if not has_figures(r):
            fresh = fresh or not any(c.raw.strip() for c in r.cells.values())
            continue
        if fresh and _opens(r):
            run = _run_below(table, r.index)
            below = kids.get(r.index, []) if len(kids.get(r.index, [])) >= len(run) else run
            groups = _groups(table, below, depth, grid, columns)
            if groups:
                first = min(groups)
                taken = {i for i in below if i < first} | set(groups) | {i for m in groups.values() for i in m}
                block = []
                for i in below:
                    if i not in taken:
                        break
                    block.append(i)
                out[r.index] = block
        fresh = False
    return out


def _groups(table: Table, below: list[int], depth: dict[int, int], grid: Grid, columns: list[str]
            ) -> dict[int, list[int]]:
    """Each `heraf` line -> the items under it: up to the next `heraf` line; only the rows set
    deeper than it, where any are; under the last line, set like it, the fewest rows it agrees
    with in every column (the rows after them belong to no line), where any are."""
    out: dict[int, list[int]] = {}
    current: int | None = None
    for i in below:
        if _heraf(table.rows[i]):
            current = i
            out[i] = []
        elif current is not None:
            out[current].append(i)
    for h, members in out.items():
        if any(depth.get(i, 0) > depth.get(h, 0) for i in members):
            run = []
            for i in members:
                if depth.get(i, 0) <= depth.get(h, 0):
                    break
                run.append(i)
            out[h] = run
        elif h == max(out) and members:
            head = table.rows[h]
            cols = [c for c in columns if c in head.cells and head.cells[c].value is not None]
            for k in range(1, len(members)):
                reading = Reading(ReadingName.BELOW, members[:k], [1] * k, Kind.COLUMN_TOTAL)
                if cols and _agrees(judge(grid, head, reading, cols)):
                    out[h] = members[:k]
                    break
    return out


def _relation(table: Table, row: Row, reading: Reading, columns: list[str], exact: set[str], certain: bool,
              kind: Kind) -> Relation:
    return Relation(kind, table.id, row.index, columns, list(reading.terms), table.id, signs=list(reading.signs),
                    exact_columns=frozenset(exact), certain=certain)


def _agrees(v: Verdict) -> bool:
    return bool(v.fit) and not v.fail


def total_above(table: Table, grid: Grid, row: Row, below: list[int], depth: dict[int, int], columns: list[str],
                exact: set[str], st: Structure) -> None:
    """The relations of a total above its `heraf` lines and of each `heraf` line, or a note."""
    groups = _groups(table, below, depth, grid, columns)
    grouped = {i for members in groups.values() for i in members}
    items = [i for i in below if not _heraf(table.rows[i])]  # the rows before the first line, and the lines' items
    sound = True  # every `heraf` line agrees with its items
    for h, members in groups.items():
        head = table.rows[h]
        cols = [c for c in columns if c in head.cells and head.cells[c].value is not None]
        if not members or not cols:
            sound = False
            continue
        reading = Reading(ReadingName.BELOW, members, [1] * len(members), Kind.COLUMN_TOTAL)
        v = judge(grid, head, reading, cols)
        flat = len({depth.get(i, 0) for i in members}) <= 1
        if _agrees(v):
            st.relations.append(_relation(table, head, reading, cols, exact, False, Kind.COLUMN_TOTAL))
        elif flat and (v.evidence >= 1 or len(members) >= 2 and len(cols) == 1):
            st.relations.append(_relation(table, head, reading, cols, exact, True, Kind.COLUMN_TOTAL))
            sound = False
        else:
            st.notes.append(Note(NoteCode.TERMS_UNKNOWN, {"label": head.label, "why": "ambiguous"}, table.id,
                                 head.page))
            sound = False
    by_lines = Reading(ReadingName.BELOW, list(groups), [1] * len(groups), Kind.GRAND_TOTAL)
    by_items = Reading(ReadingName.BELOW, items, [1] * len(items), Kind.COLUMN_TOTAL)
    for reading in (by_lines, by_items):
        if reading.terms and _agrees(judge(grid, row, reading, columns)):
            st.relations.append(_relation(table, row, reading, columns, exact, False, reading.kind))
            return
    if sound and len(groups) >= 2 and grouped == set(items):
        # the lines add up to their items, so both readings say the same: the total is wrong
        st.relations.append(_relation(table, row, by_lines, columns, exact, True, Kind.GRAND_TOTAL))
        return
    st.notes.append(Note(NoteCode.TERMS_UNKNOWN, {"label": row.label, "why": "ambiguous"}, table.id, row.page))
