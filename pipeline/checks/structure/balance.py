"""Equalities: the two sides of a balance sheet (`Aktiver i alt` = `Passiver i alt`), in one
table or in two tables of one proposal.  A check like any total: the liabilities side stated,
the assets side its one term."""
from __future__ import annotations

from pipeline.checks.structure.base import Relation
from pipeline.model import Kind, Row, Table
from pipeline.tables.vocabulary import ASSETS_TOTAL, LIABILITIES_TOTAL, norm


def _with_figures(row: Row) -> bool:
    return any(c.value is not None for c in row.cells.values())


def balance(tables: list[Table]) -> list[Relation]:
    """For each proposal whose tables print one assets total and, after it, one liabilities
    total (by their whole labels): the liabilities total equals the assets total, in each
    column both print."""
    out: list[Relation] = []
    for proposal in sorted({t.proposal for t in tables}):
        mine = [t for t in tables if t.proposal == proposal]
        assets = [(t, r) for t in mine for r in t.rows if norm(r.label) in ASSETS_TOTAL and _with_figures(r)]
        sides = [(t, r) for t in mine for r in t.rows if norm(r.label) in LIABILITIES_TOTAL and _with_figures(r)]
        if len(assets) != 1 or len(sides) != 1:
            continue  # none, or several balance sheets (or years) whose pairs cannot be told
        (at, ar), (lt, lr) = assets[0], sides[0]
        if (mine.index(lt), lr.index) <= (mine.index(at), ar.index):
            continue
        columns = [c for c in lt.columns if c in at.columns and c in lr.cells and c in ar.cells
                   and lr.cells[c].value is not None and ar.cells[c].value is not None]
        if columns:
            kind = Kind.COLUMN_TOTAL if lt.id == at.id else Kind.CROSS_TABLE
            out.append(Relation(kind, lt.id, lr.index, columns, [ar.index], at.id))
    return out
