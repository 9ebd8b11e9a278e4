"""Tables built by hand, below the PDF layer: rows of printed texts as the rows stage hands
them on (`model.RawTable`), typed by the values stage and judged by the structure and
reconcile stages; no PDF is drawn and no reader runs.

    t = raw_table([("Løn", ["100", "200"]), ("I alt", ["150", "260"], "total")], columns=["2027", "2028"])
    checks, notes, tables = judge(t)
"""
from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.checks import reconcile, structure
from pipeline.model import Check, Column, Note, RawCell, RawRow, RawTable, RowStyle, Table, TableRegion
from pipeline.tables import values

X0, SIZE, LINE = 72.0, 10.0, 14.0  # where labels start, the type size, the line pitch (points)
LABEL_X1, COLUMN_X0, COLUMN_W = 290.0, 300.0, 60.0


@dataclass
class Line:
    """One printed row: its label, its cells' texts (None: blank), and how it is set."""

    label: str
    texts: list[str | int | None] = field(default_factory=list)
    role: str = "item"  # drawn bold when "total" (the style a total has in the documents)
    category: str | None = None
    indent: int = 0  # in ems


def raw_table(lines: list[Line], columns: list[str], unit: str = "1.000 kr.", page: int = 1,
              title: str = "Tabel 1. Økonomiske konsekvenser", top: float = 100.0) -> RawTable:
    cols = [Column(c, COLUMN_X0 + COLUMN_W * k, COLUMN_X0 + COLUMN_W * k + 40) for k, c in enumerate(columns)]
    rows = []
    for i, line in enumerate(lines):
        y = top + LINE * i
        cells = [RawCell(c, "" if text is None else str(text), page,
                         (COLUMN_X0 + COLUMN_W * k, y, COLUMN_X0 + COLUMN_W * k + 40, y + SIZE))
                 for k, (c, text) in enumerate(zip(columns, line.texts, strict=False)) if text is not None]
        x0 = X0 + line.indent * SIZE
        rows.append(RawRow(line.label, line.category, cells, page, (x0, y, LABEL_X1, y + SIZE),
                           RowStyle(x0=x0, x1=x0 + 5 * len(line.label), size=SIZE, bold=line.role == "total")))
    bottom = top + LINE * len(lines)
    region = TableRegion(page, title, unit, None, cols, LABEL_X1, [], {},
                         {page: (X0, top - LINE, COLUMN_X0 + COLUMN_W * len(columns), bottom)})
    return RawTable(region, rows)


def judge(*raw: RawTable, document: str = "doc.pdf") -> tuple[list[Check], list[Note], list[Table]]:
    """The checks and notes of the structure and reconcile stages over hand-built tables."""
    tables = [values.type_table(r, f"p1-t{i + 1}") for i, r in enumerate(raw)]
    found = structure.infer(tables)
    checks, notes = reconcile.reconcile(document, tables, found)
    return checks, notes + found.notes, tables
