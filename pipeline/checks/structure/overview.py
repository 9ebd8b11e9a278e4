"""A catalogue's overview: a table at the front with one line per proposal that follows, each
line that proposal's own total.  Told by counting and arithmetic, not by words: as many lines
as proposals after it (each with a table in the overview's columns), taken in order, most of
them equal to the last total of their proposal's first table in every column.  Then every line
is checked against its proposal (a line that does not match is a finding)."""
from __future__ import annotations

from pipeline.checks import arithmetic as ar
from pipeline.checks.structure.base import Relation
from pipeline.model import Kind, Role, Row, Table

MIN_LINES = 2  # an overview lists at least this many proposals


def _with_figures(row: Row) -> bool:
    return any(c.value is not None for c in row.cells.values())


def _last_total(table: Table, roles: dict[tuple[str, int], Role]) -> Row | None:
    return next((r for r in reversed(table.rows) if _with_figures(r) and
                 (r.role == Role.TOTAL or roles.get((table.id, r.index)) == Role.TOTAL)), None)


def overview_lines(tables: list[Table], roles: dict[tuple[str, int], Role]) -> list[Relation]:
    """The relations of the first table that is an overview of the proposals after it."""
    for k, overview in enumerate(tables):
        lines = [r for r in overview.rows if r.role == Role.ITEM and _with_figures(r)]
        if len(lines) < MIN_LINES:
            continue
        firsts: list[Table] = []  # each later proposal's first table
        for t in tables[k + 1:]:
            if all(f.proposal != t.proposal for f in firsts):
                firsts.append(t)
        if len(firsts) != len(lines):
            continue
        pairs = []
        for line, t in zip(lines, firsts, strict=True):
            total = _last_total(t, roles)
            if total is None:
                break
            columns = [c for c in overview.columns if c in t.columns and c in line.cells and c in total.cells
                       and line.cells[c].value is not None and total.cells[c].value is not None]
            if not columns:
                break
            pairs.append((line, t, total, columns))
        if len(pairs) != len(lines):
            continue
        agree = sum(1 for line, _, total, columns in pairs
                    if all(ar.fits(line.cells[c], [(1, total.cells[c])]) for c in columns))
        if agree * 2 < len(pairs) or agree < MIN_LINES:
            continue
        return [Relation(Kind.CROSS_TABLE, overview.id, line.index, columns, [total.index], t.id)
                for line, t, total, columns in pairs]
    return []
