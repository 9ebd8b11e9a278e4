"""Totals down a table: each row that may state a sum, read against the rows above it
(`readings`), and the parents equal to their sub-rows."""
from __future__ import annotations

from pipeline.checks import arithmetic as ar
from pipeline.checks.structure.above import above_blocks, total_above
from pipeline.checks.structure.base import Relation, Structure, category_of_total, norm_label
from pipeline.checks.structure.carry import BARE, carry_direction, carry_reading, through_carries
from pipeline.checks.structure.columns import COUNT, MONEY, column_kinds, column_relations, not_additive_notes
from pipeline.checks.structure.hierarchy import by_style_only, has_figures, levels, sub_rows
from pipeline.checks.structure.readings import Choice, Entry, Grid, Reading, bands, block_rows, choose, judge, readings
from pipeline.model import EntryTag, Kind, Note, NoteCode, ReadingName, Role, Row, Table
from pipeline.tables.settings import DEFAULT, ReaderSettings
from pipeline.tables.vocabulary import NET_WORD, says_additive_count, says_total


def table_structure(table: Table, s: ReaderSettings = DEFAULT) -> Structure:
    kinds = column_kinds(table, s)
    sums = [c for c in table.columns if kinds[c] in (MONEY, COUNT)]
    exact = {c for c in sums if kinds[c] == COUNT}
    st = Structure([], [], {})
    st.notes += not_additive_notes(table, kinds)
    st.relations += column_relations(table, sums, exact)
    _blank_row_totals(table, st)
    walk = _Walk(table, s, sums, exact, st)
    for row in table.rows:
        walk.visit(row)
    return st


def _blank_row_totals(table: Table, st: Structure) -> None:
    """A blank in a row-total column of a row that has figures to total was not worked out:
    unknown, not 0 (`Total utgift` left blank beside five years of figures)."""
    for rel in st.relations:
        if rel.kind != Kind.ROW_TOTAL:
            continue
        col = rel.columns[0]
        for r in table.rows:
            if (col not in r.cells or r.cells[col].value is None) and \
                    any(c in r.cells and r.cells[c].value for c in rel.across):
                st.unknown.add((table.id, r.index, col))


class _Walk:
    """The rows of one table read top to bottom: `entries` are the rows read so far, as the
    totals below them may add them."""

    def __init__(self, table: Table, s: ReaderSettings, sums: list[str], exact: set[str], st: Structure):
        self.table, self.sums, self.exact, self.st = table, sums, exact, st
        self.grid = Grid(table, sums, exact)
        for _, i, col in st.unknown:
            self.grid.cells[(i, col)] = None
        self.kids = sub_rows(table, s)
        self.child_of = {k: p for p, ks in self.kids.items() for k in ks}
        self.depth = levels(table, s)
        # totals above their `heraf` lines -> the rows under them
        self.above = above_blocks(table, self.kids, self.depth, self.grid, sums)
        self.claimed = {i for rows in self.above.values() for i in rows}
        self.loose: set[int] = set()  # sub-rows that may be items (`by_style_only`)
        self.has_categories = any(r.category for r in table.rows if r.role == Role.ITEM)
        with_figures = [r for r in table.rows if has_figures(r)]
        self.all_bold = all(r.style.bold for r in with_figures)
        # rules on every row
        self.ruled = sum(1 for r in with_figures if r.style.rule_above) * 2 > len(with_figures)
        self.entries: list[Entry] = []
        self.category_totals: list[int] = []
        self.net_heraf: list[Row] = []  # `Heraf netto…` rows waiting for the category totals around them
        self.total_depth: dict[int, int] = {}  # a total -> 1 for a total of items, 2 for a total of those, …
        self.found: set[int] = set()  # rows found to be sums of the rows above them (band subtotals)
        self.carried_out: int | None = None  # the last `Transport` row, until a row brings it in
        self.leaves: dict[int, list[int]] = {}  # a carried figure -> the rows it stands for
        self.stands_for: dict[int, tuple[int, list[int]]] = {}  # brought in -> (its Transport row, the rows)

    def visit(self, row: Row) -> None:
        columns = [c for c in self.sums if c in row.cells and row.cells[c].value is not None]
        if row.role == Role.OTHER and not (columns and says_total(row.label) and says_additive_count(row.label)):
            return  # not money; but staff (`Årsværk i alt`) add like money, and are read as totals
        if row.role == Role.HERAF and NET_WORD in norm_label(row.label):
            self.net_heraf.append(row)
            return
        if columns and row.role != Role.HERAF:
            direction = carry_direction(self.table, row)
            if direction is not None and self._carry(row, direction, columns):
                return
        if row.index in self.above and columns:
            total_above(self.table, self.grid, row, self.above[row.index], self.depth, columns, self.exact, self.st)
            self.entries.append(Entry(row.index, EntryTag.TOTAL))
            return
        if row.index in self.claimed:
            return  # added by the total above it
        if row.index in self.child_of:
            if row.index in self.loose:
                self.entries.append(Entry(row.index, EntryTag.SUBITEM))  # perhaps a sub-row, perhaps an item
            return  # a sub-row: judged with its parent
        if not columns:
            self._without_figures(row)
            return
        if row.role == Role.HERAF:
            return
        if row.index in self.kids:
            if _children(self.table, self.grid, row, self.kids[row.index], columns, self.exact, self.st):
                self.entries.append(Entry(row.index, EntryTag.PARENT))
                return
            # sub-rows their parent does not add, set apart by style alone (italic, smaller
            # type: emphasis as often as hierarchy), are also tried as items of their own
            self.loose.update(k for k in self.kids[row.index]
                              if by_style_only(self.table.rows[k], row, self.depth))
        self._read(row, columns)

    def _bands(self, row: Row, columns: list[str]) -> None:
        """A total under bands each closed by a subtotal its label does not name (`STY 1 - 5`):
        where the rows directly above do not add up to it, the rows that are sums of the rows
        before them become subtotals, so the total is judged against them (or the rows they
        add), never against both."""
        block = block_rows(self.entries)
        if len(block) < 4 or not columns:
            return
        plain = judge(self.grid, row, Reading(ReadingName.BLOCK, block, [1] * len(block), Kind.COLUMN_TOTAL), columns)
        if plain.fit and not plain.fail:
            return
        found = bands(self.grid, self.table, block, columns)
        for j, run in found:
            sub = self.table.rows[j]
            cols = [c for c in self.sums if c in sub.cells and sub.cells[c].value is not None]
            self.st.relations.append(Relation(Kind.COLUMN_TOTAL, self.table.id, j, cols, run, self.table.id,
                                              exact_columns=frozenset(self.exact), certain=False))
            if sub.role != Role.TOTAL:
                self.st.roles[(self.table.id, j)] = Role.TOTAL
            self.found.add(j)
            self.entries = [e for e in self.entries if e.row not in run]
            self.entries = [Entry(e.row, EntryTag.TOTAL) if e.row == j else e for e in self.entries]

    def _carry(self, row: Row, direction: str, columns: list[str]) -> bool:
        """A figure carried over a page break (`Transport`, `Overført fra forrige side`): the
        running total, or the row it repeats.  Where it disagrees, another reading of the rows
        above that agrees in every column is taken instead; none agreeing, it is a finding."""
        reading = carry_reading(self.entries, self.carried_out, direction)
        if reading is None:
            if direction == "out":
                return False
            self.entries.append(Entry(row.index, EntryTag.ITEM))  # brought from a table before this one
            return True
        verdict = judge(self.grid, row, reading, columns)
        if not verdict.fit and norm_label(row.label) in BARE:
            return False  # `Transport` at a page's foot that is no running total: a line item so named
        choice = Choice(reading, verdict, True)
        if verdict.fail and not (direction == "in" and self.carried_out is not None):
            rs = readings(self.table, row, self.entries, self.has_categories, many=len(columns) >= 2,
                          depth=self.total_depth)
            other = choose(self.table, self.grid, row, rs, columns, True, True, len(columns) >= 2)
            if other is not None and not other.certain:
                choice = other
        self._take(row, choice, columns)
        leaves = [k for i in reading.terms for k in self.leaves.get(i, [i])]
        if direction == "in":
            # it stands for the rows it carries: later totals add it, and the rows after it
            self.entries = [e for e in self.entries if e.row != row.index]
            self.entries.append(Entry(row.index, EntryTag.ITEM))
            if self.carried_out is not None:
                self.stands_for[row.index] = (self.carried_out, leaves)
            self.carried_out = None
        else:
            self.carried_out = row.index
        self.leaves[row.index] = leaves
        return True

    def _without_figures(self, row: Row) -> None:
        if not any(c.raw.strip() for c in row.cells.values()):
            self.entries.append(Entry(row.index, EntryTag.SECTION))  # a heading
            self.category_totals = []
        elif not any(ar.unreadable(c) for c in row.cells.values()):
            self.entries.append(Entry(row.index, EntryTag.ITEM))  # `Ej aktuellt` in every column: blanks

    def _read(self, row: Row, columns: list[str]) -> None:
        """A row with figures: a total of rows above it, or an item."""
        table = self.table
        # an unlabelled row of figures set apart under items is a subtotal (bold, or ruled off)
        unlabelled = not row.label.strip() and (row.style.bold or row.style.rule_above)
        cue_word = row.role == Role.TOTAL or says_total(row.label) or unlabelled
        cue_style = (row.style.bold and not self.all_bold) or (row.style.rule_above and not self.ruled) or \
            not row.label.strip()
        if cue_word:
            self._bands(row, columns)
        rs = readings(table, row, self.entries, self.has_categories, many=len(columns) >= 2, depth=self.total_depth)
        rs += through_carries(rs, self.stands_for)
        if not cue_word:
            rs = [r for r in rs if len(r.terms) >= 2]  # only a row that says so may total a single row
        headed = bool(table.title) or any(c.strip() and not c.startswith("(") for c in table.columns)
        choice = choose(table, self.grid, row, rs, columns, cue_word, cue_style, len(columns) >= 2, headed,
                        frozenset(self.found)) if rs else None
        if choice is None:
            self._unchosen(row, rs, columns, cue_word)
        else:
            self._take(row, choice, columns)

    def _unchosen(self, row: Row, rs: list[Reading], columns: list[str], cue_word: bool) -> None:
        """No reading makes the row a total: a note where it says it is one, and an entry."""
        table = self.table
        if cue_word and rs:
            self.st.notes.append(Note(NoteCode.TERMS_UNKNOWN, {"label": row.label, "why": "ambiguous"}, table.id,
                                      row.page))
            if any(judge(self.grid, row, r, columns).fit for r in rs):
                self.entries.append(Entry(row.index, EntryTag.OPEN))  # a total, of rows we cannot tell
                self.category_totals = []
            else:
                self.entries.append(Entry(row.index, EntryTag.ITEM))  # adds nothing above it: a line item so named
        elif cue_word and row.role == Role.TOTAL and not any(e.tag != EntryTag.SECTION for e in self.entries):
            # named like a total but with nothing above it to add: said so; it may be a line
            # item so named (`Netto renteindtægter` opening a statement), so later totals may add it
            self.st.notes.append(Note(NoteCode.TERMS_UNKNOWN, {"label": row.label, "why": "no-items"}, table.id,
                                      row.page))
            self.entries.append(Entry(row.index, EntryTag.ITEM))
        else:
            self.entries.append(Entry(row.index, EntryTag.ITEM if row.index not in self.kids else EntryTag.PARENT))

    def _take(self, row: Row, choice: Choice, columns: list[str]) -> None:
        """The row is a total under `choice`: its relation, its role, and the entries it closes."""
        table, st, exact = self.table, self.st, self.exact
        reading = choice.reading
        checked = columns if choice.certain else choice.verdict.fit
        kind = Kind.DIFFERENCE if len(reading.terms) == 2 and reading.flips == 1 else reading.kind
        st.relations.append(Relation(kind, table.id, row.index, checked, list(reading.terms), table.id,
                                     signs=list(reading.signs), exact_columns=frozenset(exact),
                                     certain=choice.certain))
        if row.role != Role.TOTAL:
            st.roles[(table.id, row.index)] = Role.TOTAL
        if not row.label.strip():
            heading = _heading_above(table, min(reading.terms))
            if heading:
                st.labels[(table.id, row.index)] = heading
        if reading.name == ReadingName.CATEGORY:
            self.entries.append(Entry(row.index, EntryTag.CATTOTAL))
            self.category_totals.append(row.index)
            return
        used = set(reading.terms)
        self.total_depth[row.index] = 1 + max((self.total_depth.get(i, 0) for i in used), default=0)
        self.entries = [e for e in self.entries if e.row not in used]
        self.entries.append(Entry(row.index, EntryTag.TOTAL))
        for h in self.net_heraf:
            _net_heraf(table, self.grid, h, self.category_totals, [c for c in self.sums if c in h.cells], exact, st)
        self.category_totals, self.net_heraf = [], []


def _heading_above(table: Table, first_term: int) -> str:
    """The heading of the group a row closes: the nearest heading row above its first term
    (an unlabelled subtotal is known by it, `Egenkapital`)."""
    for i in range(first_term - 1, -1, -1):
        row = table.rows[i]
        if row.role == Role.SECTION and row.label.strip():
            return row.label.strip()
        if row.role == Role.TOTAL:
            break
    return ""


def _children(table: Table, grid: Grid, row: Row, kids: list[int], columns: list[str], exact: set[str],
              st: Structure) -> bool:
    """A parent equal to its sub-rows in every column (`Udlån` = its `- heraf` rows)."""
    if len(kids) < 2:
        return False
    reading = Reading(ReadingName.CHILDREN, kids, [1] * len(kids), Kind.COLUMN_TOTAL)
    v = judge(grid, row, reading, columns)
    if v.fit and not v.fail and v.evidence >= 1:
        st.relations.append(Relation(Kind.COLUMN_TOTAL, table.id, row.index, v.fit, kids, table.id,
                                     exact_columns=frozenset(exact), certain=False))
        return True
    return False


def _net_heraf(table: Table, grid: Grid, row: Row, category_totals: list[int], columns: list[str], exact: set[str],
               st: Structure) -> None:
    """`Heraf nettoeffektivisering` where the table splits the net effect by category: the
    sum of the category totals (confirmed by the other columns)."""
    categories = {category_of_total(table.rows[i].label) for i in category_totals}
    if len(categories) < 2:
        return
    reading = Reading(ReadingName.NETHERAF, list(category_totals), [1] * len(category_totals), Kind.COLUMN_TOTAL)
    v = judge(grid, row, reading, columns)
    if v.fit:
        st.relations.append(Relation(Kind.COLUMN_TOTAL, table.id, row.index, v.fit + v.fail, list(category_totals),
                                     table.id, exact_columns=frozenset(exact), certain=True))

