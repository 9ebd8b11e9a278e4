"""Running totals carried over a page break: `Transport` at the foot of a page is the sum of
everything above it (the figure carried in from the page before, and the rows since);
`Overført fra forrige side` at the top of the next repeats it.  A carried figure that does not
match the row it repeats is its own finding; a total below it adds the carried figure and the
rows after it, never the rows it stands for."""
from __future__ import annotations

from pipeline.checks.structure.base import Relation
from pipeline.checks.structure.readings import Entry, Reading
from pipeline.model import EntryTag, Kind, ReadingName, Row, Table
from pipeline.tables.vocabulary import norm, says_carry

BARE = ("transport", "overført")  # words a line item may also be named


def carry_direction(table: Table, row: Row) -> str | None:
    """`out` (carried to the next page), `in` (brought from the page before) or None.  The words
    say which; a bare `Transport` or `Overført` (a line item may be so named: the cost of
    transport) counts only where it stands at a page break: the last row of its page, with the
    table going on overleaf (carried out), or the first row of its page (brought in)."""
    d = says_carry(row.label)
    if d is None or norm(row.label) not in BARE:
        return d
    figures = [r for r in table.rows if any(c.value is not None for c in r.cells.values())]
    above = [r for r in figures if r.index < row.index]
    below = [r for r in figures if r.index > row.index]
    if above and above[-1].page < row.page:
        return "in"
    if below and below[0].page > row.page:
        return "out"
    return None


def carry_reading(entries: list[Entry], carried_out: int | None, direction: str) -> Reading | None:
    """What a carried figure equals: the `Transport` row it repeats, or else the running total
    (every row above not already added by a total, the figure brought in included)."""
    if direction == "in" and carried_out is not None:
        terms = [carried_out]
    else:
        terms = [e.row for e in entries if e.tag in (EntryTag.ITEM, EntryTag.PARENT, EntryTag.TOTAL, EntryTag.OPEN)]
    if not terms:
        return None
    return Reading(ReadingName.CARRY, terms, [1] * len(terms), Kind.COLUMN_TOTAL)


def carried_across(earlier: Table, later: Table) -> list[Relation]:
    """A table split at a page break (`Transport` the last row of one table, `Overført fra
    forrige side` the first of the next): the carried figure repeats the other table's row."""
    last = next((r for r in reversed(earlier.rows) if any(c.value is not None for c in r.cells.values())), None)
    first = next((r for r in later.rows if any(c.value is not None for c in r.cells.values())), None)
    if last is None or first is None or says_carry(last.label) != "out" or says_carry(first.label) is None:
        return []
    if first.page <= last.page:
        return []
    columns = [c for c in later.columns if c in earlier.columns and c in first.cells and c in last.cells]
    if not columns:
        return []
    return [Relation(Kind.CROSS_TABLE, later.id, first.index, columns, [last.index], earlier.id)]


def through_carries(rs: list[Reading], stands_for: dict[int, tuple[int, list[int]]]) -> list[Reading]:
    """Readings of a total below a carried figure that do not rest on it: the `Transport` row it
    repeats in its place, or the rows that row adds (so a carried figure that does not match
    is found once, on itself, not again on every total below it)."""
    out: list[Reading] = []
    for r in rs:
        carried = [i for i in r.terms if i in stands_for]
        if not carried:
            continue
        for pick in (0, 1):
            terms: list[int] = []
            for i in r.terms:
                terms += ([stands_for[i][0]] if pick == 0 else stands_for[i][1]) if i in stands_for else [i]
            out.append(Reading(ReadingName.CARRY, terms, [1] * len(terms), r.kind))
    return out
