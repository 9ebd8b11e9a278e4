"""Stage 5: infer, from the layout, what each total adds up.

Rows are read top to bottom; only `item` rows are addends.

1. A total whose label ends in `, Service`, `, Overførsler` or `, Anlæg` is a
   *category total*: the items of that category since the previous plain total (only when
   the table's items carry categories; otherwise it is a plain total).
2. A plain total with new items above it is a *column total*: the items since the
   previous plain total, across section rows.
3. A plain total with no new items above it (`Samlet økonomisk påvirkning`) is a
   *grand total*: the sum of the stated plain totals before it.
4. An `I alt` column is the sum of the row's year cells (*row total*), never a column sum.
5. Across the tables of one proposal, a row of an earlier table is compared with a later
   table: with a section's item sum when its label names that section, with an item of
   the same name (`, service` suffix dropped), or with a total known there by another name
   (`Samlet varig ændring` = `Varige ændringer totalt`).

`heraf` rows are subsets and `other` rows are not money: neither is ever an addend.
A total that the layout cannot explain is reported as `unexplained`, never guessed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .model import Kind, Note, NoteCode, Table

CATEGORY_SUFFIX = re.compile(r",\s*(service|overførsler|anlæg)\s*$", re.IGNORECASE)
FOOTNOTE = re.compile(r"[\*\u00b9\u00b2\u00b3\u2070-\u2079]+")
TOTAL_SYNONYMS = [
    {"samlet varig ændring", "varige ændringer totalt", "varige ændringer i alt", "samlede varige ændringer"},
    {"samlede implementeringsomkostninger", "investeringer totalt", "investeringer i alt", "samlede investeringer"},
]
YEAR = re.compile(r"^(19|20)\d{2}$")


@dataclass
class Relation:
    """`target` should equal the sum of `terms`, column by column (or across, for a row total)."""

    kind: Kind
    table: str
    row: int
    columns: list[str]  # the columns this relation is checked in
    terms: list[int] = field(default_factory=list)  # rows of `terms_table` to add (same column)
    terms_table: str = ""
    across: list[str] = field(default_factory=list)  # row-total / difference: the columns along the row
    signs: list[int] = field(default_factory=list)  # +1 / -1 per term (empty: all added)
    exact: bool = False  # counts: no rounding tolerance
    text_terms_ok: bool = False  # terms that read as text (`Ej aktuellt`) are blanks, not unreadable


@dataclass
class Structure:
    relations: list[Relation]
    notes: list[Note] = field(default_factory=list)  # totals whose terms could not be told


def norm_label(label: str) -> str:
    text = FOOTNOTE.sub("", label or "")
    text = re.sub(r"\s+", " ", text).strip().casefold().rstrip(" :")
    return text


def base_label(label: str) -> str:
    """The label without a trailing `, service`/`, anlæg`/`, overførsler`."""
    return CATEGORY_SUFFIX.sub("", norm_label(label)).strip()


def category_of_total(label: str) -> str | None:
    m = CATEGORY_SUFFIX.search(norm_label(label))
    return m.group(1).capitalize() if m else None


def table_structure(table: Table) -> tuple[list[Relation], list[Note]]:
    relations: list[Relation] = []
    unexplained: list[Note] = []
    year_cols = [c for c in table.columns if YEAR.match(c)]
    sum_cols = [c for c in table.columns if not YEAR.match(c)]  # "I alt" and the like
    has_categories = any(r.category for r in table.rows if r.role == "item")
    items: list[int] = []  # items since the previous plain total
    plain_totals: list[int] = []  # stated plain totals since the previous grand total
    category_totals: list[int] = []  # category totals since the previous plain total
    net_heraf: list[int] = []  # `Heraf netto…` rows waiting for the category totals around them
    for row in table.rows:
        if row.role == "item":
            items.append(row.index)
        elif row.role == "heraf" and "netto" in norm_label(row.label):
            net_heraf.append(row.index)
        elif row.role == "total":
            category = category_of_total(row.label)
            if category and has_categories:
                members = [i for i in items if (table.rows[i].category or "").casefold() == category.casefold()]
                if members:
                    relations.append(Relation(Kind.CATEGORY_TOTAL, table.id, row.index, year_cols, members, table.id))
                    category_totals.append(row.index)
                else:
                    unexplained.append(Note(NoteCode.TERMS_UNKNOWN, {"label": row.label, "why": "no-category-items"},
                                            table.id, row.page))
            elif items:
                relations.append(Relation(Kind.COLUMN_TOTAL, table.id, row.index, year_cols, list(items), table.id))
                # `Heraf nettoeffektivisering` is checkable where the table splits the net
                # effect by category: it is the sum of the category totals
                categories = {category_of_total(table.rows[i].label) for i in category_totals}
                if len(categories) >= 2:
                    for h in net_heraf:
                        relations.append(Relation(Kind.COLUMN_TOTAL, table.id, h, year_cols, list(category_totals), table.id))
                plain_totals.append(row.index)
                items, category_totals, net_heraf = [], [], []
            elif plain_totals:
                relations.append(Relation(Kind.GRAND_TOTAL, table.id, row.index, year_cols, list(plain_totals), table.id))
                plain_totals = [row.index]
            else:
                unexplained.append(Note(NoteCode.TERMS_UNKNOWN, {"label": row.label, "why": "no-items"},
                                        table.id, row.page))
        if sum_cols and row.role in ("item", "total") and year_cols:
            for col in sum_cols:
                if col in row.cells:
                    relations.append(Relation(Kind.ROW_TOTAL, table.id, row.index, [col], across=year_cols))
    return relations, unexplained


def cross_table(earlier: Table, later: Table) -> list[Relation]:
    shared = [c for c in earlier.columns if c in later.columns and YEAR.match(c)]
    if not shared:
        return []
    out: list[Relation] = []
    sections: dict[str, list[int]] = {}
    current: str | None = None
    for row in later.rows:
        if row.role == "section":
            current = norm_label(row.label)
            sections[current] = []
        elif row.role == "item" and current is not None:
            sections[current].append(row.index)
        elif row.role == "total":
            current = None
    items = {base_label(r.label): r.index for r in later.rows if r.role == "item"}
    totals = {base_label(r.label): r.index for r in later.rows if r.role == "total"}
    for row in earlier.rows:
        if row.role not in ("item", "total"):
            continue
        key = norm_label(row.label)
        base = base_label(row.label)
        if key in sections and sections[key]:
            out.append(Relation(Kind.CROSS_TABLE, earlier.id, row.index, shared, sections[key], later.id))
        elif base in items and row.role == "item":
            out.append(Relation(Kind.CROSS_TABLE, earlier.id, row.index, shared, [items[base]], later.id))
        elif row.role == "total":
            names = next((s for s in TOTAL_SYNONYMS if base in s), {base})
            match = next((totals[n] for n in names if n in totals), None)
            if match is not None:
                out.append(Relation(Kind.CROSS_TABLE, earlier.id, row.index, shared, [match], later.id))
    return out


def infer(tables: list[Table]) -> Structure:
    relations: list[Relation] = []
    unexplained: list[Note] = []
    for t in tables:
        rel, unx = table_structure(t)
        relations += rel
        unexplained += unx
    for i, earlier in enumerate(tables):
        for later in tables[i + 1:]:
            if later.proposal == earlier.proposal:
                relations += cross_table(earlier, later)
    return Structure(relations, unexplained)
