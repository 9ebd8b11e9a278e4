"""Stage 6: recompute every total and judge it, allowing for the rounding of printed figures.

Each printed figure stands for an interval of ± half its last printed digit (`-5.090` in a
`1.000 kr.` table is −5090 ± 0,5; `2,5` in `mio. kr.` is 2,5 ± 0,05).  A total agrees
when its interval meets the interval of the sum of its terms (the rule of XBRL
Calculations 1.1): |stated − Σ terms| ≤ h(stated) + Σ h(term).  Counts (`Antal`) are
exact: no tolerance.  Blank cells are 0 and carry no uncertainty.

A total that cannot be read, or whose terms cannot be read, is never compared: it becomes
a note saying so (`NoteCode.TOTAL_UNREADABLE`).  Returns facts (`Check`, `Note`); the
sentences are written by `pipeline.text.messages`.
"""
from __future__ import annotations

from decimal import Decimal

from pipeline.checks.arithmetic import half_unit, unreadable
from pipeline.checks.structure import Relation, Structure, column_kinds
from pipeline.model import Addend, Cell, Check, Kind, Note, NoteCode, Role, Table
from pipeline.tables.numbers import format_decimal


def judge(document: str, table: Table, rel: Relation, column: str, tables: dict[str, Table],
          unknown: frozenset[tuple[str, int, str]] | set[tuple[str, int, str]] = frozenset()) -> Check | Note | None:
    """Recompute one stated figure from its terms: a `Check`, a `Note` when it cannot be
    done, or None when there is nothing to compare (a blank total)."""
    target = table.rows[rel.row]
    cell = target.cells.get(column)
    exact = column in rel.exact_columns
    addends: list[Addend] = []
    if rel.kind in (Kind.ROW_TOTAL, Kind.DIFFERENCE) and rel.across:
        for col, sign in zip(rel.across, rel.signs or [1] * len(rel.across), strict=True):
            c = target.cells.get(col)
            if unreadable(c):
                return Note(NoteCode.TOTAL_UNREADABLE, {"label": target.label, "column": col, "text": c.raw},
                            table.id, c.page)
            addends.append(_addend(rel.row, col, c, sign, exact))
    else:
        other = tables[rel.terms_table or rel.table]
        for i, sign in zip(rel.terms, rel.signs or [1] * len(rel.terms), strict=True):
            c = other.rows[i].cells.get(column)
            if (other.id, i, column) in unknown:
                return Note(NoteCode.TERMS_UNKNOWN, {"label": target.label, "why": "blank-term"}, table.id, target.page)
            if unreadable(c):
                return Note(NoteCode.TOTAL_UNREADABLE, {"label": other.rows[i].label, "column": column,
                                                        "text": c.raw}, other.id, c.page)
            addends.append(_addend(i, other.rows[i].label, c, sign, exact))
    if cell is None or cell.value is None:
        if unreadable(cell):
            return Note(NoteCode.TOTAL_UNREADABLE, {"label": target.label, "column": column, "text": cell.raw},
                        table.id, cell.page)
        return None  # a blank total is not a statement: never compared as 0
    if not any(not a.blank for a in addends) and cell.value != 0:
        # a figure stated where every term is blank: what it adds is not printed here
        return Note(NoteCode.TERMS_UNKNOWN, {"label": target.label, "why": "no-items"}, table.id, cell.page)
    recomputed = sum((a.sign * a.value for a in addends), Decimal(0))
    tolerance = half_unit(cell, exact) + sum((a.half_unit for a in addends), Decimal(0))
    detail = {"other_table": rel.terms_table} if rel.kind == Kind.CROSS_TABLE else {}
    if rel.open_span and cell.value - recomputed > tolerance and all(a.value >= 0 for a in addends):
        # more than the printed years give, in a column that does not say which years it adds
        return Note(NoteCode.BEYOND_PRINTED_YEARS, {"label": target.label, "column": column,
                                                     "stated": cell.raw, "printed": format_decimal(recomputed)},
                    table.id, cell.page)
    return Check(kind=rel.kind, document=document, proposal=table.proposal, table=table.id, page=cell.page,
                 row=rel.row, label=target.label, column=column, stated=cell.value, recomputed=recomputed,
                 tolerance=tolerance, unit=table.unit, addends=addends, decimals=cell.decimals, bbox=cell.bbox,
                 exact=exact, detail=detail)


def _addend(row: int | None, label: str, c: Cell | None, sign: int, exact: bool) -> Addend:
    """A printed figure as a term; a blank is 0, carries no rounding and is still named."""
    if c is None or c.value is None:
        return Addend(row, label, Decimal(0), half_unit(c, exact), 0, sign, blank=True)
    return Addend(row, label, c.value, half_unit(c, exact), c.decimals, sign, blank=False)


def reconcile(document: str, tables: list[Table], structure: Structure) -> tuple[list[Check], list[Note]]:
    """Every relation the structure stage found, judged column by column."""
    by_id = {t.id: t for t in tables}
    checks: list[Check] = []
    notes: list[Note] = []
    for rel in structure.relations:
        table = by_id[rel.table]
        for column in rel.columns:
            got = judge(document, table, rel, column, by_id, structure.unknown)
            if isinstance(got, Check):
                checks.append(got)
            elif isinstance(got, Note) and got not in notes:
                notes.append(got)
    return checks, notes + structure.notes


# why a column's figures are not summed, by what the column holds (`structure.column_kinds`)
NOT_ADDITIVE = {"percent": "not-additive", "years": "years", "references": "references"}


def unexplained(tables: list[Table], checks: list[Check], notes: list[Note]) -> list[Note]:
    """Every figure printed in a total row is either recomputed or said to be not checked, and
    why: a note for each total row's figures that no check and no note covers — the column
    holds percentages or an index, years or page references (never summed), or no reading of
    the table says which rows the figure adds."""
    checked = {(c.table, c.row, c.column) for c in checks}
    noted = {(n.table, n.params.get("label")) for n in notes if n.table and "label" in n.params}
    out: list[Note] = []
    for table in tables:
        kinds = column_kinds(table)
        for row in table.rows:
            if row.role != Role.TOTAL or (table.id, row.label) in noted:
                continue
            by_why: dict[str, list[str]] = {}
            for column, cell in row.cells.items():
                if cell.value is None or (table.id, row.index, column) in checked:
                    continue
                by_why.setdefault(NOT_ADDITIVE.get(kinds.get(column, ""), "no-reading"), []).append(column)
            for why, columns in by_why.items():
                out.append(Note(NoteCode.NOT_SUMMED, {"label": row.label, "columns": ", ".join(columns), "why": why},
                                table.id, row.page))
    return out
