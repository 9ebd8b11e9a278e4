"""Stage 4 (applied): turn a table of texts into a typed table.

Every cell is parsed as a Danish figure (`pipeline.tables.numbers`), or with a decimal point where
its column (or else its table) shows one and nothing there reads only the Danish way; every
row gets its role:

* `total`   `Samlet …`, `Samlede …`, `I alt`, `Total …`, `… totalt`
* `heraf`   `Heraf …` (a subset of what is above, never an addend)
* `other`   not money: payback time in years, staff (`årsværk`), `Nuværende budget`
* `section` a heading row with no figures (`Varige ændringer …`)
* `item`    everything else: an addend
"""
from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from pipeline.model import Cell, ColumnKind, Note, NoteCode, RawTable, Role, Row, Table
from pipeline.tables.numbers import DECIMAL_COMMA, decimal_mark_of, find_unit, parse_cell
from pipeline.tables.settings import DEFAULT, ReaderSettings
from pipeline.tables.vocabulary import LABEL_CATEGORY, not_applicable, says_heraf, says_not_money, says_total


def _label_category(label: str, role: str, table_has_categories: bool) -> str | None:
    """A category named at the end of the label (`Kompetenceudvikling, service`).  For a total
    it counts only where the table's rows carry categories at all."""
    m = LABEL_CATEGORY.search(label)
    if not m or (role == Role.TOTAL and not table_has_categories):
        return None
    return m.group(1).capitalize()


def role_of(label: str, cells: list[Cell]) -> Role:
    """The role the words give a row; the structure stage may find a total the words do not name."""
    valued = [c for c in cells if c.value is not None and not c.nil]
    if says_not_money(label) or (valued and all(c.raw.strip().endswith(("år", "%", "pct.")) for c in valued)):
        return Role.OTHER  # a row of years or percentages; a percentage column beside amounts is its column's matter
    if says_heraf(label):
        return Role.HERAF
    if says_total(label):
        return Role.TOTAL
    if not any(c.value is not None or c.raw.strip() for c in cells):
        return Role.SECTION  # a heading: no figures, nothing in the value columns
    return Role.ITEM


def decimal_marks(raw: RawTable, s: ReaderSettings = DEFAULT) -> dict[str, str]:
    """Each column's decimal mark: its own cells' evidence, else the table's, else the comma."""
    texts: dict[str, list[str]] = {}
    for r in raw.rows:
        for rc in r.cells:
            texts.setdefault(rc.column, []).append(rc.text)
    table = decimal_mark_of([t for col in texts.values() for t in col], s.decimal_point_evidence)
    return {col: decimal_mark_of(ts, s.decimal_point_evidence) or table or DECIMAL_COMMA for col, ts in texts.items()}


def type_table(raw: RawTable, table_id: str, s: ReaderSettings = DEFAULT) -> Table:
    region = raw.region
    unit = find_unit(region.unit_text) if region.unit_text else None
    columns = [c.label for c in region.columns if c.kind == ColumnKind.VALUE]
    rows: list[Row] = []
    cell_categories = any(r.category for r in raw.rows)
    marks = decimal_marks(raw, s)
    for i, r in enumerate(raw.rows):
        cells: list[Cell] = []
        for rc in r.cells:
            amount = parse_cell(rc.text, marks[rc.column])
            cells.append(Cell(rc.column, rc.text, amount.value if amount else None,
                              amount.decimals if amount else 0, rc.page, rc.bbox, nil=bool(amount and amount.nil)))
        role = role_of(r.label, cells)
        category = None if role == Role.SECTION else r.category or _label_category(r.label, role, cell_categories)
        rows.append(Row(i, r.label, category, role, {c.column: c for c in cells}, r.page, r.bbox, r.style))
    notes = [replace(n, table=table_id) for n in region.notes]
    for row in rows:
        for c in row.cells.values():
            if c.value is None and c.raw.strip() and not not_applicable(c.raw):
                notes.append(Note(NoteCode.NOT_A_FIGURE, {"text": c.raw, "label": row.label, "column": c.column},
                                  table_id, c.page))
    if unit is None:
        notes.append(Note(NoteCode.NO_UNIT, {}, table_id, region.page))
    return Table(
        id=table_id,
        proposal=region.proposal,
        page=region.page,
        title=region.title,
        unit=unit.text if unit else "",
        unit_factor=unit.factor if unit else Decimal(0),
        price_base=region.price_base,
        columns=columns,
        rows=rows,
        bbox=dict(region.bbox),
        notes=notes,
        ruling=region.ruling,
        page_heights=dict(region.page_heights),
        rotated=region.rotated,
        column_headers={c.label: c.header for c in region.columns if c.kind == ColumnKind.VALUE},
    )
