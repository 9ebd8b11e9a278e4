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

import itertools
import re
from dataclasses import dataclass, field
from decimal import Decimal

from pipeline.checks import arithmetic as ar
from pipeline.model import Kind, Note, NoteCode, Role, Row, Table
from pipeline.tables.settings import DEFAULT, ReaderSettings
from pipeline.tables.vocabulary import (COUNT_HEADER, DIFFERENCE_HEADER, PERCENT_HEADER, REFERENCE_HEADER, ROW_TOTAL_HEADER,
                         header_is, norm, says_heraf, says_total)

CATEGORY_SUFFIX = re.compile(r",\s*(service|overførsler|anlæg)\s*$", re.IGNORECASE)
FOOTNOTE = re.compile(r"[\*\u00b9\u00b2\u00b3\u2070-\u2079]+")
TOTAL_SYNONYMS = [
    {"samlet varig ændring", "varige ændringer totalt", "varige ændringer i alt", "samlede varige ændringer"},
    {"samlede implementeringsomkostninger", "investeringer totalt", "investeringer i alt", "samlede investeringer"},
]
GENERIC_TOTALS = {"i alt", "ialt", "total", "totalt", "sum", "summa", "i alt i alt"}
YEAR = re.compile(r"^(19|20)\d{2}$")
YEAR_IN = re.compile(r"(?<!\d)(19|20)\d{2}(?!\d)")

MONEY, COUNT, PERCENT, YEARS, REFERENCES = "money", "count", "percent", "years", "references"
MAX_FLIPS = 3  # subtracted terms tried in a reading
MAX_TERMS_FLIPPED = 14  # terms beyond which no subtraction is searched
MAX_RUN = 16  # the longest run of rows directly above tried as terms


@dataclass
class Relation:
    """`row` of `table` should equal Σ sign·term in each of `columns` (or along the row)."""

    kind: Kind
    table: str
    row: int
    columns: list[str]  # the columns this relation is checked in
    terms: list[int] = field(default_factory=list)  # rows of `terms_table` to add (same column)
    terms_table: str = ""
    across: list[str] = field(default_factory=list)  # row-total / difference: the columns along the row
    signs: list[int] = field(default_factory=list)  # +1 / -1 per term (empty: all added)
    exact_columns: frozenset = frozenset()  # counts: no rounding tolerance
    certain: bool = True  # a disagreement is a finding (else the relation was kept because it agrees)
    open_span: bool = False  # a row total over year columns whose header names no years: it may cover more


@dataclass
class Structure:
    relations: list[Relation]
    notes: list[Note] = field(default_factory=list)  # totals whose terms could not be told
    roles: dict[tuple[str, int], Role] = field(default_factory=dict)  # rows found to be totals
    labels: dict[tuple[str, int], str] = field(default_factory=dict)  # unlabelled subtotals, named
    unknown: set[tuple[str, int, str]] = field(default_factory=set)  # (table, row, column): blank, not 0


def norm_label(label: str) -> str:
    text = FOOTNOTE.sub("", label or "")
    return re.sub(r"\s+", " ", text).strip().casefold().rstrip(" :")


def base_label(label: str) -> str:
    """The label without a trailing `, service`/`, anlæg`/`, overførsler`."""
    return CATEGORY_SUFFIX.sub("", norm_label(label)).strip()


def category_of_total(label: str) -> str | None:
    m = CATEGORY_SUFFIX.search(norm_label(label))
    return m.group(1).capitalize() if m else None


# ---------------------------------------------------------------- columns
def column_kinds(table: Table) -> dict[str, str]:
    """money, count (exact), percent or years, from the header and the figures."""
    kinds: dict[str, str] = {}
    for col in table.columns:
        head = f"{col} {table.column_headers.get(col, '')}"
        cells = [r.cells[col] for r in table.rows if col in r.cells and r.cells[col].value is not None]
        suffixed = [c for c in cells if (c.raw.strip().endswith(("%", "pct.", "pct")))]
        if header_is(head, PERCENT_HEADER) or (cells and len(suffixed) * 2 >= len(cells)):
            kinds[col] = PERCENT
        elif cells and all(YEAR.match(c.raw.strip()) for c in cells):
            kinds[col] = YEARS
        elif header_is(col, REFERENCE_HEADER) and not header_is(head, COUNT_HEADER):
            kinds[col] = REFERENCES  # page numbers of a list of contents
        elif header_is(head, COUNT_HEADER) and all(c.value == c.value.to_integral_value() for c in cells):
            kinds[col] = COUNT
        else:
            kinds[col] = MONEY
    return kinds


# ---------------------------------------------------------------- rows: hierarchy
def _marked(row: Row) -> bool:
    """A sub-row marker at the start of the label: `- heraf`, `Heraf`, `– of which`."""
    text = row.label.strip()
    return says_heraf(text) or text[:1] in "-–•" and len(text) > 2


def _levels(table: Table, s: ReaderSettings) -> tuple[dict[int, int], float]:
    """Each row's indentation level: steps to the right of the labels' usual start (rows
    that start further left, such as a stray note number, count as the usual start)."""
    xs = [round(r.style.x0) for r in table.rows if r.style.x0]
    base = max(set(xs), key=xs.count) if xs else 0
    sizes = [r.style.size for r in table.rows if r.style.size] or [8.0]
    em = sorted(sizes)[len(sizes) // 2]
    levels = {r.index: max(0, round((r.style.x0 - base) / (s.indent_step * em))) if r.style.x0 else 0
              for r in table.rows}
    # labels set flush right (`Sum:`, `Min:`, `Maks:` ending where the label column ends) start
    # wherever their length puts them: that is alignment, not indentation
    shifted = [r for r in table.rows if levels[r.index] > 0 and r.style.x1]
    for r in shifted:
        if any(o is not r and abs(o.style.x1 - r.style.x1) <= s.flush_right_slack * em and
               abs(o.style.x0 - r.style.x0) > s.flush_right_slack * em for o in shifted):
            levels[r.index] = 0
    return levels, em


def levels(table: Table, s: ReaderSettings = DEFAULT) -> dict[int, int]:
    """Each row's indentation level (0 = the labels' usual start), as the hierarchy sees it."""
    return _levels(table, s)[0]


def _deeper(child: Row, parent: Row, levels: dict[int, int], s: ReaderSettings) -> bool:
    """Is `child` set as a sub-row of `parent`: indented further, italic, smaller, or marked?"""
    a, b = parent.style, child.style
    if levels[child.index] > levels[parent.index]:
        return True
    if levels[child.index] < levels[parent.index]:
        return False
    if b.italic and not a.italic:
        return True
    if a.size and b.size and b.size < a.size - s.size_step:
        return True
    return _marked(child) and not _marked(parent)


def _by_style_only(child: Row, parent: Row, levels: dict[int, int]) -> bool:
    """Is `child` a sub-row of `parent` only by its type (italic or smaller), not by being
    indented or marked (`- heraf`)?"""
    return levels[child.index] == levels[parent.index] and not _marked(child)


def sub_rows(table: Table, s: ReaderSettings = DEFAULT) -> dict[int, list[int]]:
    """parent row -> its sub-rows directly below it (a parent prints figures)."""
    rows = table.rows
    levels, _ = _levels(table, s)
    out: dict[int, list[int]] = {}
    i = 0
    while i < len(rows):
        parent = rows[i]
        kids: list[int] = []
        j = i + 1
        if _has_figures(parent) and parent.role != Role.HERAF:
            while j < len(rows) and _deeper(rows[j], parent, levels, s):
                kids.append(j)
                j += 1
        if kids:
            out[i] = kids
            i = j
        else:
            i += 1
    return out


def _has_figures(row: Row) -> bool:
    return any(c.value is not None for c in row.cells.values())


# ---------------------------------------------------------------- readings
@dataclass
class Reading:
    name: str  # block | category | grand | running | run | children | netheraf
    terms: list[int]
    signs: list[int]
    kind: Kind

    @property
    def flips(self) -> int:
        return sum(1 for s in self.signs if s < 0)


@dataclass
class Verdict:
    fit: list[str]
    fail: list[str]
    evidence: int  # columns that fit with two or more non-zero terms


class Grid:
    """A table's figures as whole numbers (each column scaled to its finest printed digit),
    with their rounding, so that many readings can be judged quickly and exactly by the
    rule of `pipeline.checks.arithmetic`."""

    def __init__(self, table: Table, columns: list[str], exact: set[str]):
        self.cols = columns
        self.cells: dict[tuple[int, str], tuple[int, int] | None] = {}  # None: unreadable
        self.printed: set[tuple[int, str]] = set()
        for col in columns:
            cells = [(r.index, r.cells.get(col)) for r in table.rows]
            d = max((c.decimals for _, c in cells if c is not None and c.value is not None), default=0)
            scale = Decimal(10) ** (d + 1)
            for i, c in cells:
                if ar.unreadable(c):
                    self.cells[(i, col)] = None
                elif c is None or c.value is None:
                    self.cells[(i, col)] = (0, 0)
                else:
                    half = 0 if col in exact else 5 * 10 ** (d - c.decimals)
                    self.cells[(i, col)] = (int(c.value * scale), half)
                    self.printed.add((i, col))

    def sums(self, row: int, terms: list[int], col: str) -> tuple[int, int, list[int]] | None:
        """(target, tolerance, term values) in the column's units, or None when unknown."""
        if (row, col) not in self.printed:
            return None
        t = self.cells[(row, col)]
        vals, tol = [], t[1]
        for i in terms:
            c = self.cells.get((i, col), (0, 0))
            if c is None:
                return None
            vals.append(c[0])
            tol += c[1]
        return t[0], tol, vals


def judge(grid: Grid, row: Row, reading: Reading, columns: list[str]) -> Verdict:
    fit, fail, evidence = [], [], 0
    for col in columns:
        got = grid.sums(row.index, reading.terms, col)
        if got is None:
            continue
        target, tol, vals = got
        total = sum(sg * v for sg, v in zip(reading.signs, vals))
        if abs(target - total) <= tol:
            fit.append(col)
            flipped = [v for v, sg in zip(vals, reading.signs) if sg < 0]
            nonzero = sum(1 for v in vals if v)
            # a column confirms the reading when figures, not zeros, agree
            if (nonzero >= 2 or (len(vals) == 1 and nonzero == 1)) and (not flipped or any(flipped)):
                evidence += 1
        else:
            fail.append(col)
    return Verdict(fit, fail, evidence)


def _flipped(base: Reading, grid: Grid, row: Row, columns: list[str]) -> list[tuple[Reading, Verdict]]:
    """Readings of `base` with up to MAX_FLIPS terms subtracted that fit every column: the
    subtracted terms must sum to half the surplus, (Σ terms − stated) / 2, in each column."""
    n = len(base.terms)
    if n < 2 or n > MAX_TERMS_FLIPPED:
        return []
    known = []
    for col in columns:
        got = grid.sums(row.index, base.terms, col)
        if got is not None:
            target, tol, vals = got
            known.append((2 * (sum(vals) - target), 2 * tol, [2 * 2 * v for v in vals]))
    if not known:
        return []
    out = []
    for k in range(1, min(MAX_FLIPS, n - 1) + 1):
        for idx in itertools.combinations(range(1, n), k):
            # Σ_flipped 2v must lie within (Σ v − T) ± tol, doubled to stay in whole numbers
            if all(abs(sum(vals[i] for i in idx) - surplus) <= tol2 for surplus, tol2, vals in known):
                signs = [(-1 if i in idx else 1) * base.signs[i] for i in range(n)]
                r = Reading(base.name, base.terms, signs, base.kind)
                out.append((r, judge(grid, row, r, columns)))
        if out:
            break  # fewest subtractions first
    return [(r, v) for r, v in out if v.fit and not v.fail]


@dataclass
class _Entry:
    row: int
    tag: str  # item | parent | total | open | section | cattotal | subitem


def _block(entries: list[_Entry], across_headings: bool = True, with_subitems: bool = False) -> list[int]:
    """The rows above back to the previous total (across headings, or only to the last one);
    `with_subitems`: rows set apart from the row above by style alone (italic, smaller) that
    their parent does not add, taken as items of their own."""
    out: list[int] = []
    for e in reversed(entries):
        if e.tag in ("item", "parent") or (e.tag == "subitem" and with_subitems):
            out.append(e.row)
        elif e.tag in ("cattotal", "subitem") or (e.tag == "section" and across_headings):
            continue
        else:
            break
    return list(reversed(out))


def _last_closing(entries: list[_Entry], block: list[int]) -> _Entry | None:
    k = len(entries) - 1
    while k >= 0 and (entries[k].row in block or entries[k].tag in ("cattotal", "subitem")):
        k -= 1
    return entries[k] if k >= 0 and entries[k].tag in ("total", "open") else None


def _totals(entries: list[_Entry]) -> list[int]:
    return [e.row for e in entries if e.tag in ("total", "open")]


def _terms(entries: list[_Entry]) -> list[int]:
    return [e.row for e in entries if e.tag in ("item", "parent", "total", "open")]


def _telling(grid: Grid, row: Row, reading: Reading, other: Reading, verdict: Verdict) -> int:
    """Columns confirming `reading` (as `judge` counts them) in which it adds something
    different from `other`: where the rows they differ by print figures other than 0."""
    mine = dict(zip(reading.terms, reading.signs))
    theirs = dict(zip(other.terms, other.signs))
    differ = [i for i in set(mine) | set(theirs) if mine.get(i, 0) != theirs.get(i, 0)]
    if not differ:
        return verdict.evidence
    count = 0
    for col in verdict.fit:
        got = grid.sums(row.index, reading.terms, col)
        if got is None:
            continue
        vals = got[2]
        nonzero = sum(1 for v in vals if v)
        confirms = nonzero >= 2 or (len(vals) == 1 and nonzero == 1)
        if confirms and any((grid.cells.get((i, col)) or (0, 0))[0] for i in differ):
            count += 1
    return count


def readings(table: Table, row: Row, entries: list[_Entry], has_categories: bool, many: bool = True
             ) -> list[Reading]:
    """Every reading tried for `row`, simplest first (all terms added).  Runs of rows chosen
    only because they add up (`run`, a run of totals) are tried only where several columns
    can confirm them (`many`)."""
    out: list[Reading] = []
    seen: set[tuple] = set()

    def add(name: str, terms: list[int], kind: Kind) -> None:
        key = tuple(terms)
        if terms and key not in seen:
            seen.add(key)
            out.append(Reading(name, terms, [1] * len(terms), kind))

    category = category_of_total(row.label)
    if category and has_categories:
        group = [e.row for e in entries if e.tag in ("item", "parent")]
        members = [i for i in group if (table.rows[i].category or "").casefold() == category.casefold()]
        add("category", members, Kind.CATEGORY_TOTAL)
    block = _block(entries)
    add("block", block, Kind.COLUMN_TOTAL)
    add("blockall", _block(entries, with_subitems=True), Kind.COLUMN_TOTAL)
    totals = _totals(entries)
    if len(totals) >= 2 and not block:
        add("grand", totals, Kind.GRAND_TOTAL)
    add("section", _block(entries, across_headings=False), Kind.COLUMN_TOTAL)
    closing = _last_closing(entries, block)
    if closing is not None:
        add("running", [closing.row] + block, Kind.COLUMN_TOTAL)
    if not many:
        return out
    for k in range(2, min(len(totals), MAX_RUN) + 1):
        add("grandrun", totals[-k:], Kind.GRAND_TOTAL)
    terms = _terms(entries)
    for k in range(2, min(len(terms), MAX_RUN) + 1):
        add("run", terms[-k:], Kind.COLUMN_TOTAL)
    return out


def _primary(rs: list[Reading]) -> Reading | None:
    """The reading a person would assume for a labelled total: its category, else the rows
    directly above it, else the totals above it."""
    for name in ("category", "block", "grand"):
        r = next((x for x in rs if x.name == name), None)
        if r is not None:
            return r
    return None


def _flat(table: Table, terms: list[int], reading: Reading) -> bool:
    """Are the terms one flat list: same indentation and style, no parents among items, or
    all labelled totals for a grand total?"""
    rows = [table.rows[i] for i in terms]
    if reading.name in ("grand", "grandrun"):
        return all(says_total(r.label) or r.role == Role.TOTAL for r in rows)
    if reading.name == "running":  # the total above, then a flat list
        return _flat(table, terms[1:], Reading("block", terms[1:], reading.signs[1:], reading.kind))
    if any(r.role in (Role.HERAF, Role.OTHER) for r in rows):
        return False
    levels, _ = _levels(table, DEFAULT)
    return len({levels[r.index] for r in rows}) <= 1 and len({r.style.italic for r in rows}) <= 1


@dataclass
class _Choice:
    reading: Reading
    verdict: Verdict
    certain: bool


def choose(table: Table, grid: Grid, row: Row, rs: list[Reading], columns: list[str],
           cue_word: bool, cue_style: bool, many_columns: bool, headed: bool = True) -> _Choice | None:
    """The reading under which the row's figures agree, or a certain one under which they do
    not; None when neither can be said."""
    judged = [(r, judge(grid, row, r, columns)) for r in rs]
    primary = _primary(rs)
    for r, v in judged:
        if not v.fit or v.fail:
            continue
        if r is primary and (cue_word or cue_style):
            return _Choice(r, v, False)
        chosen_for_fit = r.name in ("run", "grandrun")  # picked because it adds up: needs two columns
        # over the plain reading, only columns where the two readings differ speak for it: a
        # subtotal that leaves out a row is not confirmed by the years where that row is blank
        evidence = v.evidence if primary is None else _telling(grid, row, r, primary, v)
        if (cue_word or cue_style) and evidence >= (2 if chosen_for_fit else 1):
            return _Choice(r, v, False)
        if evidence >= 2:
            return _Choice(r, v, False)
    # subtractions, where the columns agree on which
    explained_otherwise = False  # some subtraction makes every column agree, if weakly
    if many_columns or cue_word or cue_style:
        for r, _ in judged:
            if r.name == "category":
                continue
            for fr, fv in _flipped(r, grid, row, columns):
                # a subtraction that fits one column alone may be chance; across columns it is a reading
                explained_otherwise = explained_otherwise or len(fv.fit) >= 2
                need = 2 if (cue_word or cue_style) else 3  # one column can never confirm a subtraction
                if fv.evidence >= need:
                    return _Choice(fr, fv, False)
    # no reading agrees: a finding only where the terms are certain
    if not cue_word or primary is None:
        return None
    simple = [(r, v) for r, v in judged if r.name in ("category", "block", "grand", "running")]
    if primary.name == "category":
        simple = [(r, v) for r, v in simple if r is primary]  # a category total adds its category
    best, bv = max(simple, key=lambda rv: (len(rv[1].fit), rv[1].evidence, rv[0] is primary))
    if not bv.fail:
        return None
    best_other = max((len(v.fit) for r, v in judged if r is not best), default=0)
    if best_other > len(bv.fit) or explained_otherwise:
        return None  # another reading explains as much or more: the terms are not certain
    if len(bv.fit) + len(bv.fail) >= 2 and bv.evidence < (2 if len(best.terms) == 1 else 1):
        # agrees in no column where figures (not zeros) meet: probably not what it adds; a
        # total of a single row must equal it in two columns before it can be called wrong
        return None
    if len(bv.fit) + len(bv.fail) == 1 and (len(best.terms) < 2 or not headed or best is not primary
                                           or len(columns) >= 2):
        # one column: nothing else can confirm the reading; it must be the plain one, add two
        # rows or more, of a table whose header was read (not a fragment: a table's part
        # overleaf, a layout's crumbs), and the row have no other figures that could not be
        # judged (terms unreadable there: `#I/T`)
        return None
    if not _flat(table, best.terms, best):
        return None
    if any(r.name == "blockall" for r in rs) and best.name != "blockall":
        return None  # rows set apart by style alone may be items of their own: the terms are not certain
    return _Choice(best, bv, True)


def table_structure(table: Table, s: ReaderSettings = DEFAULT) -> Structure:
    kinds = column_kinds(table)
    sums = [c for c in table.columns if kinds[c] in (MONEY, COUNT)]
    exact = {c for c in sums if kinds[c] == COUNT}
    st = Structure([], [], {})
    st.relations += column_relations(table, sums, exact)
    # a blank in a row-total column of a row that has figures to total was not worked out:
    # unknown, not 0 (`Total utgift` left blank beside five years of figures)
    for rel in st.relations:
        if rel.kind == Kind.ROW_TOTAL:
            col = rel.columns[0]
            for r in table.rows:
                if (col not in r.cells or r.cells[col].value is None) and \
                        any(c in r.cells and r.cells[c].value for c in rel.across):
                    st.unknown.add((table.id, r.index, col))
    grid = Grid(table, sums, exact)
    for _, i, col in st.unknown:
        grid.cells[(i, col)] = None
    kids = sub_rows(table, s)
    child_of = {k: p for p, ks in kids.items() for k in ks}
    levels, _ = _levels(table, s)
    loose: set[int] = set()  # sub-rows that may be items (`_by_style_only`)
    has_categories = any(r.category for r in table.rows if r.role == Role.ITEM)
    with_figures = [r for r in table.rows if _has_figures(r)]
    all_bold = all(r.style.bold for r in with_figures)
    ruled = sum(1 for r in with_figures if r.style.rule_above) * 2 > len(with_figures)  # rules on every row
    entries: list[_Entry] = []
    category_totals: list[int] = []
    net_heraf: list[Row] = []  # `Heraf netto…` rows waiting for the category totals around them
    for row in table.rows:
        columns = [c for c in sums if c in row.cells and row.cells[c].value is not None]
        if row.role == Role.OTHER:
            continue
        if row.role == Role.HERAF and "netto" in norm_label(row.label):
            net_heraf.append(row)
            continue
        if row.index in child_of:
            if row.index in loose:
                entries.append(_Entry(row.index, "subitem"))  # perhaps a sub-row, perhaps an item
            continue  # a sub-row: judged with its parent
        if not columns:
            if not any(c.raw.strip() for c in row.cells.values()):
                entries.append(_Entry(row.index, "section"))  # a heading
                category_totals = []
            elif not any(ar.unreadable(c) for c in row.cells.values()):
                entries.append(_Entry(row.index, "item"))  # `Ej aktuellt` in every column: blanks
            continue
        if row.role == Role.HERAF:
            continue
        if row.index in kids:
            if _children(table, grid, row, kids[row.index], columns, exact, st):
                entries.append(_Entry(row.index, "parent"))
                continue
            # sub-rows their parent does not add, set apart by style alone (italic, smaller
            # type: emphasis as often as hierarchy), are also tried as items of their own
            loose.update(k for k in kids[row.index] if _by_style_only(table.rows[k], row, levels))
        # an unlabelled row of figures set apart under items is a subtotal (bold, or ruled off)
        unlabelled = not row.label.strip() and (row.style.bold or row.style.rule_above)
        cue_word = row.role == Role.TOTAL or says_total(row.label) or unlabelled
        cue_style = (row.style.bold and not all_bold) or (row.style.rule_above and not ruled) or not row.label.strip()
        rs = readings(table, row, entries, has_categories, many=len(columns) >= 2)
        if not cue_word:
            rs = [r for r in rs if len(r.terms) >= 2]  # only a row that says so may total a single row
        headed = bool(table.title) or any(c.strip() and not c.startswith("(") for c in table.columns)
        choice = choose(table, grid, row, rs, columns, cue_word, cue_style, len(columns) >= 2, headed) if rs else None
        if choice is None:
            if cue_word and rs:
                st.notes.append(Note(NoteCode.TERMS_UNKNOWN, {"label": row.label, "why": "ambiguous"}, table.id,
                                     row.page))
                if any(judge(grid, row, r, columns).fit for r in rs):
                    entries.append(_Entry(row.index, "open"))  # a total, of rows we cannot tell
                    category_totals = []
                else:
                    entries.append(_Entry(row.index, "item"))  # adds nothing above it: a line item so named
            elif cue_word and row.role == Role.TOTAL and not any(e.tag != "section" for e in entries):
                # named like a total but with nothing above it to add: said so; it may be a line
                # item so named (`Netto renteindtægter` opening a statement), so later totals may add it
                st.notes.append(Note(NoteCode.TERMS_UNKNOWN, {"label": row.label, "why": "no-items"}, table.id,
                                     row.page))
                entries.append(_Entry(row.index, "item"))
            else:
                entries.append(_Entry(row.index, "item" if row.index not in kids else "parent"))
            continue
        r = choice.reading
        checked = columns if choice.certain else choice.verdict.fit
        kind = Kind.DIFFERENCE if len(r.terms) == 2 and r.flips == 1 else r.kind
        st.relations.append(Relation(kind, table.id, row.index, checked, list(r.terms), table.id,
                                     signs=list(r.signs), exact_columns=frozenset(exact), certain=choice.certain))
        if row.role != Role.TOTAL:
            st.roles[(table.id, row.index)] = Role.TOTAL
        if not row.label.strip():
            heading = _heading_above(table, min(r.terms))
            if heading:
                st.labels[(table.id, row.index)] = heading
        if r.name == "category":
            entries.append(_Entry(row.index, "cattotal"))
            category_totals.append(row.index)
            continue
        used = set(r.terms)
        entries = [e for e in entries if e.row not in used]
        entries.append(_Entry(row.index, "total"))
        for h in net_heraf:
            _net_heraf(table, grid, h, category_totals, [c for c in sums if c in h.cells], exact, st)
        category_totals, net_heraf = [], []
    return st


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
    reading = Reading("children", kids, [1] * len(kids), Kind.COLUMN_TOTAL)
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
    reading = Reading("netheraf", list(category_totals), [1] * len(category_totals), Kind.COLUMN_TOTAL)
    v = judge(grid, row, reading, columns)
    if v.fit:
        st.relations.append(Relation(Kind.COLUMN_TOTAL, table.id, row.index, v.fit + v.fail, list(category_totals),
                                     table.id, exact_columns=frozenset(exact), certain=True))


# ---------------------------------------------------------------- columns along a row
def column_relations(table: Table, sums: list[str], exact: set[str]) -> list[Relation]:
    """`I alt` columns (sums of a run of columns) and `Afvigelse` columns (one column minus
    another), found by their header and confirmed row by row.  One equation is one relation:
    `Återstår = Utfall − Budget` is not found again as `Budget = Utfall − Återstår`, so a
    wrong figure is reported once, in the column whose header says it is derived."""
    out: list[Relation] = []
    rows = [r for r in table.rows if r.role in (Role.ITEM, Role.TOTAL, Role.SECTION, Role.HERAF)]
    cued = [c for c in sums if header_is(c, DIFFERENCE_HEADER)] + \
        [c for c in sums if header_is(c, ROW_TOTAL_HEADER) and not YEAR.match(c) and not header_is(c, DIFFERENCE_HEADER)]
    equations: list[frozenset] = []
    for col in cued + [c for c in sums if c not in cued]:
        ci = sums.index(col)
        others = [c for c in sums if c != col]
        if len(others) < 2:
            continue
        cue_total = header_is(col, ROW_TOTAL_HEADER) and not YEAR.match(col)
        cue_diff = header_is(col, DIFFERENCE_HEADER)
        candidates: list[tuple[str, list[str], list[int]]] = []
        left = sums[:ci]
        if cue_total and len(left) >= 2:
            candidates.append(("sum", left, [1] * len(left)))  # the primary: every column before it
        for a, b in itertools.combinations(range(len(sums)), 2):
            if ci in (a, b):
                continue
            candidates.append(("diff", [sums[a], sums[b]], [1, -1]))
            candidates.append(("diff", [sums[a], sums[b]], [-1, 1]))
        for k in range(2, len(sums)):  # runs of columns beside it
            for run in (sums[ci - k:ci] if ci - k >= 0 else [], sums[ci + 1:ci + 1 + k]):
                if len(run) == k and not (cue_total and run == left):  # that one is already the primary
                    candidates.append(("sum", run, [1] * len(run)))
        best = None
        stated = [(r, c) for r in rows if (c := r.cells.get(col)) is not None and c.value is not None]
        for name, across, signs in candidates:
            if frozenset([col, *across]) in equations:
                continue
            fit, fail, informative = [], [], 0
            for r, target in stated:  # a row whose figure here is blank has nothing to judge
                cells = [r.cells.get(c) for c in across]
                ok = ar.fits(target, list(zip(signs, cells)), exact=col in exact)
                if ok is None:
                    continue
                (fit if ok else fail).append(r.index)
                if ok and ar.nonzero(cells) >= 2:
                    informative += 1
            if not fit and not fail:
                continue
            distance = sum(abs(sums.index(c) - ci) for c in across) / len(across)  # operands beside it first
            primary_sum = cue_total and name == "sum" and across == left
            score = (len(fit), informative, primary_sum, -distance)
            if best is None or score > best[0]:
                best = (score, name, across, signs, fit, fail, informative)
        if best is None:
            continue
        _, name, across, signs, fit, fail, informative = best
        total = len(fit) + len(fail)
        primary = cue_total and name == "sum" and across == left
        cue = (cue_total and name == "sum") or (cue_diff and name == "diff")
        if cue and (primary or informative >= 2) and len(fit) >= max(1, total // 2):
            certain = informative >= 2 or (primary and len(fit) >= 1 and total >= 2)
        elif not cued and informative >= 3 and len(fit) >= 0.8 * total:
            certain = False  # found by arithmetic alone: reported only where it agrees
        else:
            continue
        equations.append(frozenset([col, *across]))
        kind = Kind.DIFFERENCE if name == "diff" else Kind.ROW_TOTAL
        # `Total utgift` beside `Budget 2027 … Plan 2031`: a project's whole cost may include
        # years before or after those printed; `I alt 2027-2031` says which years it adds,
        # and a bare `I alt` / `Total` beside them adds just those
        open_span = kind == Kind.ROW_TOTAL and not _names_year(table, col) and not _bare_total(col) and \
            all(_names_year(table, c) for c in across)
        for ri in fit + (fail if certain else []):
            out.append(Relation(kind, table.id, ri, [col], across=list(across), signs=list(signs),
                                exact_columns=frozenset(exact), certain=certain, open_span=open_span))
    return out


def _bare_total(col: str) -> bool:
    """A header that is a total word and nothing else (a unit in brackets aside): `I alt`, `Total`."""
    return re.sub(r"\(.*?\)", "", norm(col)).strip(" :") in ROW_TOTAL_HEADER


def _names_year(table: Table, col: str) -> bool:
    return bool(YEAR_IN.search(f"{col} {table.column_headers.get(col, '')}"))


# ---------------------------------------------------------------- across tables
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


def infer(tables: list[Table], s: ReaderSettings = DEFAULT) -> Structure:
    found = Structure([], [], {})
    for t in tables:
        st = table_structure(t, s)
        found.relations += st.relations
        found.notes += st.notes
        found.roles.update(st.roles)
        found.labels.update(st.labels)
        found.unknown |= st.unknown
    for i, earlier in enumerate(tables):
        for later in tables[i + 1:]:
            if later.proposal == earlier.proposal:
                found.relations += cross_table(earlier, later)
    return found
