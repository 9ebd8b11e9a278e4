"""The realistic generator's tables as small spreadsheets, and the truth that follows from them.

A `Sheet` is built row by row the way a budget officer builds one in Excel: leaf figures
(unrounded, in the table's unit), total rows that add rows above or below them, rows that
add or subtract other rows (`Basisresultat = Basisindtægter - Basisomkostninger`), columns
derived per row (`Afvigelse = Korrigeret budget - Forbrug`, a row total `I alt`, a
percentage or an index that nobody adds). `Sheet.finish()` turns that into cells, each
with

* the formula that computes it (`calc`: what the spreadsheet did), and
* the relations a person checks on the printed page (`checks`: column total, subtotal,
  grand total, row total, difference).

For a clean table the two agree exactly in unrounded figures, so every relation holds on
paper up to rounding. `evaluate()` computes the unrounded figures, rounds each printed
figure on its own (half away from zero, as Excel does) and formats it in the table's
`NumberStyle`. A planted error changes what the spreadsheet did — a formula that misses a
row, a figure typed by hand, a grand total left from an earlier version — never the
relations. `truth()` then judges every relation on the printed figures alone, with the
rule of `../shared/real/README.md`: a total agrees when |stated - sum| <= 1/2 unit of the
last printed digit x (items + 1), or exactly for counts. So the truth is mechanical: what
the PDF shows decides, not what the generator meant.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

AMOUNT, COUNT, PCT, INDEX, TEXT = "amount", "count", "pct", "index", "text"
SUMMABLE = (AMOUNT, COUNT)

# row kinds: how a row looks and whether it is a total
ITEM, SUB, HERAF, SUBTOTAL, TOTAL, GRAND, SECTION, TEXTROW, BLANK = (
    "item", "sub", "heraf", "subtotal", "total", "grand", "section", "text", "blank")

_ids = itertools.count(1)


@dataclass(frozen=True)
class NumberStyle:
    """How figures are printed: `-62 049`, `−5.090`, `(1.500)`, `- 6 279`, `2,5`."""

    thousands: str = "."  # ".", " ", "\u00a0" (no-break), "\u2009" (thin), "\u202f" (narrow no-break), ""
    decimal: str = ","
    minus: str = "-"  # "-", "\u2212" (minus sign), "\u2013" (en dash), "- " (a space after it), "()"
    zero: str = "0"  # how a nil figure is printed: "0", "-", "\u2013"
    group_from: int = 1000  # Swedish tables print -1947 but -62 049: group only from this size

    def format(self, value: Decimal, decimals: int) -> str:
        if value == 0:
            return self.zero if self.zero != "0" else format_plain(Decimal(0), decimals, self.thousands, self.decimal)
        body = format_plain(abs(value), decimals, self.thousands if abs(value) >= self.group_from else "", self.decimal)
        if value > 0:
            return body
        if self.minus == "()":
            return f"({body})"
        return self.minus + body


def format_plain(value: Decimal, decimals: int, thousands: str, decimal_sep: str) -> str:
    text = f"{value:.{decimals}f}"
    whole, _, frac = text.partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return thousands.join(groups) + (decimal_sep + frac if decimals else "")


def quantum(decimals: int) -> Decimal:
    return Decimal(1).scaleb(-decimals)


def round_half_up(value: Decimal, decimals: int) -> Decimal:
    result = value.quantize(quantum(decimals), rounding=ROUND_HALF_UP)
    return result + 0  # no negative zero


@dataclass
class Column:
    header: str  # as printed in the lowest header row (the truth's `column`)
    kind: str = AMOUNT  # amount | count | pct | index | text
    decimals: int = 0
    group: str = ""  # title of a two-level header group above it
    suffix: str = ""  # unit printed in every cell: " kr.", " mio. kr.", " %"
    derive: tuple | None = None  # ("diff", a, b) | ("rowsum", [cols]) | ("ratio", num, den, scale)
    check_derived: bool = True  # a derived amount column whose per-row relation a person checks
    blank_zero: bool = False  # a derived figure that comes out 0 on an item row is left blank
    align: str = "right"


@dataclass
class Check:
    """One relation a person checks: the cell it sits on is the stated figure."""

    kind: str  # column-total | subtotal | grand-total | row-total | difference
    terms: list[tuple[Row, int, int]]  # (row, column index, sign)
    note: str = ""


@dataclass
class Cell:
    leaf: Decimal | None = None  # an entered figure, unrounded, in the table's unit
    calc: list[tuple[Row, int, int]] | None = None  # what the spreadsheet computed
    ratio: tuple | None = None  # ((row, col), (row, col), scale, decimals, offset): num / den * scale + offset
    literal: str | None = None  # printed as is, not a number: "Ej aktuellt", "x"
    checks: list[Check] = field(default_factory=list)
    mark: str = ""  # footnote mark after the figure: "*", " 1)"
    style: NumberStyle | None = None  # this cell printed differently from its table (`- 6 279`, `-1947`)
    override: Decimal | None = None  # planted: the printed value typed over the formula
    stale: Decimal | None = None  # planted: the printed value left from an earlier version
    # results of evaluate() and of drawing
    exact: Decimal | None = None
    value: Decimal | None = None  # the printed figure, in the table's unit
    text: str = ""
    page: int = 0


@dataclass
class Row:
    label: str
    kind: str = ITEM
    cells: list[Cell | None] = field(default_factory=list)
    indent: int = 0
    bold: bool | None = None
    italic: bool | None = None
    small: bool = False
    rule_above: bool | None = None
    rule_below: bool = False
    note_ref: str = ""  # a leading note number column (annual reports): "14,19,20"
    truth_label: str = ""  # the name the truth uses when the printed label is empty
    label_align: str = "left"  # "right": set flush right in the label column (`Sum:`, `Min:` of a spreadsheet)
    decimals: int | None = None  # this row printed with other decimals than its columns (`Årsværk` 12,5 among kroner)
    break_after: bool = False  # the page ends after this row (a `Transport` row at the foot of a page)
    carried: bool = False  # the figures brought from the previous page (`Overført fra forrige side`)
    id: int = field(default_factory=lambda: next(_ids))

    @property
    def name(self) -> str:
        return self.truth_label or self.label

    @property
    def is_bold(self) -> bool:
        return self.bold if self.bold is not None else self.kind in (SUBTOTAL, TOTAL, GRAND, SECTION)

    @property
    def is_italic(self) -> bool:
        return self.italic if self.italic is not None else self.kind == SUB

    def __hash__(self):
        return self.id

    def __eq__(self, other):
        return self is other


@dataclass
class Plant:
    """A deliberate error: what was done, and the cell whose check must then disagree."""

    type: str  # stale-total | wrong-subtotal | wrong-difference | count-off-by-one
    target: tuple[Row, int]
    description: str
    leaf: tuple[Row, int] | None = None  # stale-total: the figure changed after the total was printed
    delta: Decimal = Decimal(0)


@dataclass
class Table:
    title: str  # the truth's `table`
    columns: list[Column]
    rows: list[Row]
    style: NumberStyle = NumberStyle()
    caption: str = ""  # printed above the table: "Tabel 1. Økonomiske konsekvenser"
    unit_line: str = ""  # printed above the header at the left: "Mio. kr."
    stub: str = ""  # header of the label column: "Verksamheter (tkr)", "1.000 kr."
    header: bool = True  # False: no header row at all
    note_column: str = ""  # a leading note-reference column, e.g. "Note"
    footnotes: list[str] = field(default_factory=list)
    look: object = None  # flow.TableLook
    plants: list[Plant] = field(default_factory=list)
    features: list[str] = field(default_factory=list)  # what this table exercises, for the notes
    not_sums: list = field(default_factory=list)  # (row, column, why): printed where a total could stand, no sum

    def cell(self, row: Row, col: int) -> Cell | None:
        return row.cells[col] if col < len(row.cells) else None


def _dec(value) -> Decimal | None:
    if value is None:
        return None
    return value if isinstance(value, Decimal) else Decimal(str(value))


class Sheet:
    """Builds a `Table`: rows in print order, totals declared over rows, derived columns."""

    def __init__(self, title: str, columns: list[Column], style: NumberStyle = NumberStyle(), **table):
        self.table = Table(title=title, columns=columns, rows=[], style=style, **table)
        self._totals: list[tuple[Row, list[tuple[Row, int]], str, str]] = []

    @property
    def columns(self) -> list[Column]:
        return self.table.columns

    def leaf_columns(self) -> list[int]:
        return [i for i, c in enumerate(self.columns) if c.derive is None and c.kind in SUMMABLE]

    def row(self, label: str, values=(), kind: str = ITEM, append: bool = True, marks: dict | None = None, **kw) -> Row:
        """A row of entered figures: one value per leaf column in order (None: blank, str: printed as is)."""
        row = Row(label, kind, [None] * len(self.columns), **kw)
        leaf_cols = [i for i, c in enumerate(self.columns) if c.derive is None]
        for i, v in zip(leaf_cols, values):
            if isinstance(v, str):
                row.cells[i] = Cell(literal=v)
            elif v is not None:
                row.cells[i] = Cell(leaf=_dec(v))
        for i, mark in (marks or {}).items():
            if row.cells[i] is not None:
                row.cells[i].mark = mark
        if append:
            self.table.rows.append(row)
        return row

    def add(self, row: Row) -> Row:
        self.table.rows.append(row)
        return row

    def section(self, label: str, **kw) -> Row:
        return self.row(label, (), SECTION, **kw)

    def blank(self) -> Row:
        return self.row("", (), BLANK)

    def text_row(self, label: str, texts: list[str], **kw) -> Row:
        """A row whose cells are words (`Ej aktuellt`, `x`, `-`) in every column."""
        row = Row(label, TEXTROW, [Cell(literal=t) if t else None for t in texts], **kw)
        self.table.rows.append(row)
        return row

    def total(self, label: str, over: list[Row], check: str = "column-total", kind: str = TOTAL,
              append: bool = True, signs: list[int] | None = None, **kw) -> Row:
        """A row that adds `over` (each with its sign) in every summable column."""
        row = Row(label, kind, [None] * len(self.columns), **kw)
        terms = list(zip(over, signs or [1] * len(over)))
        self._totals.append((row, terms, check, kw.get("truth_label", "")))
        if append:
            self.table.rows.append(row)
        return row

    def exact(self, row: Row, col: int) -> Decimal:
        """The unrounded figure of a row before `finish()`: a leaf, or what a declared total adds."""
        for total, terms, _, _ in self._totals:
            if total is row:
                return sum((s * self.exact(r, col) for r, s in terms), Decimal(0))
        cell = row.cells[col]
        return cell.leaf if cell is not None and cell.leaf is not None else Decimal(0)

    def finish(self) -> Table:
        """Fill every computed cell: totals, then the per-row derived columns, in dependency order."""
        cols = self.columns
        pending = list(self._totals)
        done: set[int] = set()
        order: list[Row] = []
        while pending:
            progressed = False
            for entry in list(pending):
                row, terms, check, _ = entry
                if any(r.id not in done and any(r is t[0] for t in self._totals) for r, _ in terms):
                    continue
                for i, col in enumerate(cols):
                    if col.derive is not None or col.kind not in SUMMABLE:
                        continue
                    present = [(r, i, s) for r, s in terms if r.cells[i] is not None and r.cells[i].literal is None]
                    if not present:
                        continue
                    row.cells[i] = Cell(calc=list(present), checks=[Check(check, list(present))])
                done.add(row.id)
                order.append(row)
                pending.remove(entry)
                progressed = True
            if not progressed:
                raise ValueError("circular totals")
        total_terms = {row.id: (terms, check) for row, terms, check, _ in self._totals}
        # derived columns: plain rows first, then totals in the order they were computed
        for row in [r for r in self.table.rows if r.id not in total_terms] + order:
            self._derive_row(row, total_terms.get(row.id))
        return self.table

    def _derive_row(self, row: Row, as_total) -> None:
        cols = self.columns
        for i, col in enumerate(cols):
            if col.derive is None or row.kind in (SECTION, BLANK, TEXTROW):
                continue
            how = col.derive[0]
            if how == "diff":
                _, a, b = col.derive
                ca, cb = row.cells[a], row.cells[b]
                if (ca is None and cb is None) or (ca is not None and ca.literal) or (cb is not None and cb.literal):
                    continue
                terms = [(row, a, 1), (row, b, -1)]
                kind = "difference"
            elif how == "rowsum":
                terms = [(row, j, 1) for j in col.derive[1] if row.cells[j] is not None and not row.cells[j].literal]
                if not terms:
                    continue
                kind = "row-total"
            elif how in ("ratio", "growth"):  # an index (100 * a / b) or a change in per cent: never added
                _, num, den, scale = col.derive
                if row.cells[num] is None or row.cells[den] is None:
                    continue
                offset = Decimal(-100) if how == "growth" else Decimal(0)
                row.cells[i] = Cell(ratio=((row, num), (row, den), Decimal(scale), col.decimals, offset))
                continue
            elif how == "share":  # a percentage of the table's total row
                _, num, total_row = col.derive
                if row.cells[num] is None or total_row.cells[num] is None:
                    continue
                row.cells[i] = Cell(ratio=((row, num), (total_row, num), Decimal(100), col.decimals, Decimal(0)))
                continue
            else:
                raise ValueError(how)
            checks = [Check(kind, terms)] if col.check_derived else []
            if as_total is not None:
                over, check = as_total
                present = [(r, i, s) for r, s in over if r.cells[i] is not None]
                if present:
                    checks.append(Check(check, present))
            row.cells[i] = Cell(calc=terms, checks=checks)


# ---------------------------------------------------------------- evaluation


def evaluate(table: Table) -> None:
    """Compute every cell's unrounded figure, round what is printed, apply planted errors, format."""
    changed = [p for p in table.plants if p.leaf is not None]
    if changed:
        before = printed_values(table)  # the earlier version, which a stale total still prints
        for plant in changed:
            r, c = plant.leaf
            r.cells[c].leaf += plant.delta
            stale_row = plant.target[0]
            for k, cell in enumerate(stale_row.cells):
                if cell is not None and (stale_row, k) in before:
                    cell.stale = before[(stale_row, k)]
    printed_values(table, store=True)


def printed_values(table: Table, store: bool = False) -> dict:
    """(row, column) -> the figure printed there; with `store`, also fill each cell's value and text."""
    memo: dict[tuple[int, int], Decimal] = {}
    printed: dict[tuple[Row, int], Decimal] = {}

    def exact(row: Row, col: int) -> Decimal:
        key = (row.id, col)
        if key in memo:
            return memo[key]
        cell = row.cells[col]
        if cell is None or cell.literal is not None:
            value = Decimal(0)
        elif cell.leaf is not None:
            value = cell.leaf
        elif cell.calc is not None:
            value = sum((s * value_of(r, c) for r, c, s in cell.calc), Decimal(0))
        elif cell.ratio is not None:
            (nr, nc), (dr, dc), scale, _, offset = cell.ratio
            den = exact(dr, dc)
            value = Decimal(0) if den == 0 else exact(nr, nc) / den * scale + offset
        else:
            raise ValueError("empty cell")
        memo[key] = value
        return value

    def value_of(row: Row, col: int) -> Decimal:
        """What a formula reading this cell sees: the typed-over figure where one was typed."""
        cell = row.cells[col]
        if cell is not None and cell.stale is not None:
            return cell.stale
        if cell is not None and cell.override is not None:
            return cell.override
        return exact(row, col)

    for row in table.rows:
        for c, cell in enumerate(row.cells):
            if cell is None or cell.literal is not None:
                if cell is not None and store:
                    cell.text, cell.value = cell.literal, None
                continue
            col = table.columns[c]
            decimals = cell.ratio[3] if cell.ratio else row.decimals if row.decimals is not None else col.decimals
            value = round_half_up(exact(row, c), decimals)
            if cell.override is not None:
                value = cell.override
            if cell.stale is not None:
                value = cell.stale
            printed[(row, c)] = value
            if store:
                cell.exact = exact(row, c)
                cell.value = value
                cell.text = (cell.style or table.style).format(value, decimals) + col.suffix + cell.mark
                if col.blank_zero and value == 0 and row.kind not in (SUBTOTAL, TOTAL, GRAND):
                    cell.value, cell.text = None, ""
    return printed


# ---------------------------------------------------------------- truth


def json_number(value: Decimal, decimals: int):
    """A figure as the truth files write it: an int for whole figures, else a float."""
    if decimals == 0 and value == value.to_integral_value():
        return int(value)
    return float(value)


def check_items(table: Table, row: Row, col: int, check: Check) -> list[tuple[str, str, Decimal]]:
    """The printed terms of a check: (label, text, signed value); blanks and words are left out."""
    items = []
    for r, c, sign in check.terms:
        cell = table.cell(r, c)
        if cell is None or cell.value is None:
            continue
        label = r.name if c == col else table.columns[c].header
        if sign < 0:
            label = "minus " + label
        items.append((label, cell.text, sign * cell.value))
    return items


def tolerance(decimals: int, items: int) -> Decimal:
    return Decimal("0.5") * quantum(decimals) * (items + 1)


def judge(stated: Decimal, items: list, decimals: int, exact: bool) -> tuple[Decimal, bool]:
    total = sum((v for _, _, v in items), Decimal(0))
    if exact:
        return total, stated == total
    return total, abs(stated - total) <= tolerance(decimals, len(items))


def truth(table: Table) -> list[dict]:
    """Every printed total of the table with its items and verdict, in the real-truth schema
    (without `page`'s value until the table is drawn)."""
    out = []
    for row in table.rows:
        for c, cell in enumerate(row.cells):
            if cell is None or cell.value is None:
                continue
            for check in cell.checks:
                items = check_items(table, row, c, check)
                if not items:
                    continue
                col = table.columns[c]
                exact = col.kind == COUNT
                decimals = row.decimals if row.decimals is not None else col.decimals
                total, agrees = judge(cell.value, items, decimals, exact)
                out.append({
                    "page": cell.page,
                    "table": table.title,
                    "label": row.name,
                    "column": col.header,
                    "stated_text": cell.text,
                    "stated": json_number(cell.value, decimals),
                    "items": [[label, text, json_number(v, decimals)] for label, text, v in items],
                    "sum_of_items": json_number(total, decimals),
                    "agrees": agrees,
                    "kind": check.kind,
                    "exact": exact,
                    "note": check.note,
                    "_cell": (row, c),
                })
    return out
