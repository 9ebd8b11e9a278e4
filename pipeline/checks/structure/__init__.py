"""Stage 5: infer what each stated figure adds up, from the layout and the arithmetic.

Words propose, geometry and arithmetic decide.  For every row that may state a sum — its
label says so (`I alt`, `Samlet …`, `Summa …`), it is set apart (bold, a rule above it),
or its figures simply equal a sum of rows above it in every column — readings of the
table are tried, simplest first:

* BLOCK: the rows directly above it, back to a heading or the previous total;
* CATEGORY: the rows of its `Styringsområde` (`Samlet varig ændring, Service`);
* GRAND: the totals above it (`Samlet økonomisk påvirkning`, `Passiver i alt`), never
  their sub-rows;
* RUNNING: the previous total and the rows since (`Resultat før skat` = `Basisresultat` +
  `Beholdningsresultat`), and any run of rows directly above;
* CHILDREN: its own sub-rows below it (indented, italic, smaller or `- heraf`);
* the same with a few rows subtracted (`Netto renteindtægter` = renteindtægter −
  renteudgifter) where several columns agree on which.

A reading is taken when the printed totals agree under it in every column that prints
one — with more evidence asked of readings that are less likely a priori (no word saying
"total", subtractions).  When no reading makes a total agree, it is a finding only when
its terms are certain: the label says it is a total, the rows it adds are one flat list
(or labelled subtotals), that simplest reading agrees in another column and no other
reading explains more.  Otherwise it is a note: not checked, and why.

Columns are read the same way across each row: an `I alt` column (or any column that is
the sum of a run of others on most rows) is a row total; an `Afvigelse`/`Avvikelse`
column (or any that is one column minus another on most rows) is a difference, checked
row by row.  Percentages, indices and years are never summed; counts (`Antal`) are exact.

A row that is a sum of others becomes a total; rows a total or a parent consumed are not
offered again, so a grand total adds subtotals, not their sub-rows.
"""
from __future__ import annotations

from pipeline.checks.structure.across import cross_table
from pipeline.checks.structure.balance import balance
from pipeline.checks.structure.base import Relation, Structure, base_label, category_of_total, norm_label
from pipeline.checks.structure.carry import carried_across
from pipeline.checks.structure.columns import column_kinds, column_relations
from pipeline.checks.structure.hierarchy import levels, sub_rows
from pipeline.checks.structure.overview import overview_lines
from pipeline.checks.structure.rows import table_structure
from pipeline.model import Table
from pipeline.tables.settings import DEFAULT, ReaderSettings

__all__ = ["Relation", "Structure", "base_label", "category_of_total", "column_kinds", "column_relations",
           "cross_table", "infer", "levels", "norm_label", "sub_rows", "table_structure"]


def infer(tables: list[Table], s: ReaderSettings = DEFAULT) -> Structure:
    found = Structure([], [], {})
    for t in tables:
        st = table_structure(t, s)
        found.relations += st.relations
        found.notes += st.notes
        found.roles.update(st.roles)
        found.labels.update(st.labels)
        found.unknown |= st.unknown
    found.relations += balance(tables)
    found.relations += overview_lines(tables, found.roles)
    for earlier, later in zip(tables, tables[1:], strict=False):
        if later.proposal == earlier.proposal:
            found.relations += carried_across(earlier, later)
    for i, earlier in enumerate(tables):
        for later in tables[i + 1:]:
            if later.proposal == earlier.proposal:
                found.relations += cross_table(earlier, later)
    return found
