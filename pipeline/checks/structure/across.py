"""Relations across a proposal's tables: a row of an earlier table named like a later
table's section, item or total."""
from __future__ import annotations

from pipeline.checks.structure.base import Relation, base_label, norm_label
from pipeline.model import Kind, Role, Table
from pipeline.tables.vocabulary import GENERIC_TOTALS, TOTAL_SYNONYMS, YEAR


def cross_table(earlier: Table, later: Table) -> list[Relation]:
    """Rows of one proposal's numbered tables that the document links by name: a row of an
    earlier table named like a later table's section, item or total.  Generic totals (`I alt`)
    link nothing."""
    if not (earlier.title and later.title):
        return []
    shared = [c for c in earlier.columns if c in later.columns and YEAR.match(c)]
    if not shared:
        return []
    out: list[Relation] = []
    sections: dict[str, list[int]] = {}
    current: str | None = None
    for row in later.rows:
        if row.role == Role.SECTION:
            current = norm_label(row.label)
            sections[current] = []
        elif row.role == Role.ITEM and current is not None:
            sections[current].append(row.index)
        elif row.role == Role.TOTAL:
            current = None
    items = {base_label(r.label): r.index for r in later.rows if r.role == Role.ITEM}
    totals = {base_label(r.label): r.index for r in later.rows if r.role == Role.TOTAL}
    for row in earlier.rows:
        if row.role not in (Role.ITEM, Role.TOTAL):
            continue
        key = norm_label(row.label)
        base = base_label(row.label)
        if base in GENERIC_TOTALS or key in GENERIC_TOTALS:
            continue
        if key in sections and sections[key]:
            out.append(Relation(Kind.CROSS_TABLE, earlier.id, row.index, shared, sections[key], later.id))
        elif base in items and row.role == Role.ITEM:
            out.append(Relation(Kind.CROSS_TABLE, earlier.id, row.index, shared, [items[base]], later.id))
        elif row.role == Role.TOTAL:
            names = next((s for s in TOTAL_SYNONYMS if base in s), {base})
            match = next((totals[n] for n in names if n in totals), None)
            if match is not None:
                out.append(Relation(Kind.CROSS_TABLE, earlier.id, row.index, shared, [match], later.id))
    return out

