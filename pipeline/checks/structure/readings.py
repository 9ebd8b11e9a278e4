"""Readings of a table: which rows a stated figure may add (the block above it, its
category, the totals above, a running total, a run of rows, with a few rows subtracted),
judged on the table's figures, and the choice among them."""
from __future__ import annotations

import itertools
from dataclasses import dataclass
from decimal import Decimal

from pipeline.checks import arithmetic as ar
from pipeline.checks.structure.base import category_of_total
from pipeline.checks.structure.hierarchy import levels
from pipeline.model import EntryTag, Kind, ReadingName, Role, Row, Table
from pipeline.tables.vocabulary import says_total

MAX_FLIPS = 3  # subtracted terms tried in a reading
MAX_TERMS_FLIPPED = 14  # terms beyond which no subtraction is searched
MAX_RUN = 16  # the longest run of rows directly above tried as terms


@dataclass
class Reading:
    name: ReadingName
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
        if t is None:  # not so: a printed figure is read (blanks alone are made unknown)
            return None
        vals: list[int] = []
        tol = t[1]
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
        total = sum(sg * v for sg, v in zip(reading.signs, vals, strict=True))
        if abs(target - total) <= tol:
            fit.append(col)
            flipped = [v for v, sg in zip(vals, reading.signs, strict=True) if sg < 0]
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
class Entry:
    row: int
    tag: EntryTag


def _block(entries: list[Entry], across_headings: bool = True, with_subitems: bool = False) -> list[int]:
    """The rows above back to the previous total (across headings, or only to the last one);
    `with_subitems`: rows set apart from the row above by style alone (italic, smaller) that
    their parent does not add, taken as items of their own."""
    out: list[int] = []
    for e in reversed(entries):
        if e.tag in (EntryTag.ITEM, EntryTag.PARENT) or (e.tag == EntryTag.SUBITEM and with_subitems):
            out.append(e.row)
        elif e.tag in (EntryTag.CATTOTAL, EntryTag.SUBITEM) or (e.tag == EntryTag.SECTION and across_headings):
            continue
        else:
            break
    return list(reversed(out))


def block_rows(entries: list[Entry]) -> list[int]:
    """The rows directly above, back to the previous total (across headings)."""
    return _block(entries)


def bands(grid: Grid, table: Table, block: list[int], columns: list[str]) -> list[tuple[int, list[int]]]:
    """A block that is bands, each closed by an unlabelled subtotal (`STY 1 - 5` under grades 1-5,
    then 6-11 and `STY 6 - 11`): (subtotal row, its rows) for each, where every row closing a band
    equals the rows since the band before it in every column it prints, with figures (not zeros)
    meeting, and the bands fill the block.  None found: [].  One pass, the sums kept running."""
    out: list[tuple[int, list[int]]] = []
    start = 0
    acc = {c: [0, 0, 0, False] for c in columns}  # sum, tolerance, terms other than 0, a term unreadable
    for pos, j in enumerate(block):
        if pos - start >= 2 and _closes_band(grid, j, acc):
            out.append((j, block[start:pos]))
            start = pos + 1
            acc = {c: [0, 0, 0, False] for c in columns}
            continue
        for c, a in acc.items():
            cell = grid.cells.get((j, c), (0, 0))
            if cell is None:
                a[3] = True
            else:
                a[0] += cell[0]
                a[1] += cell[1]
                a[2] += cell[0] != 0
    return out if len(out) >= 2 and out[-1][0] == block[-1] else []


def _closes_band(grid: Grid, row: int, acc: dict[str, list]) -> bool:
    """Does `row` equal the running sums in every column it prints (as `judge` rules), with
    figures other than 0 meeting in one at least?"""
    fit = evidence = 0
    for c, (total, tol, nonzero, unknown) in acc.items():
        target = grid.cells.get((row, c))
        if (row, c) not in grid.printed or target is None or unknown:
            continue
        if abs(target[0] - total) > target[1] + tol:
            return False
        fit += 1
        evidence += nonzero >= 2
    return fit >= 1 and evidence >= 1


def _last_closing(entries: list[Entry], block: list[int]) -> Entry | None:
    k = len(entries) - 1
    while k >= 0 and (entries[k].row in block or entries[k].tag in (EntryTag.CATTOTAL, EntryTag.SUBITEM)):
        k -= 1
    return entries[k] if k >= 0 and entries[k].tag in (EntryTag.TOTAL, EntryTag.OPEN) else None


def _totals(entries: list[Entry]) -> list[int]:
    return [e.row for e in entries if e.tag in (EntryTag.TOTAL, EntryTag.OPEN)]


def _terms(entries: list[Entry]) -> list[int]:
    return [e.row for e in entries if e.tag in (EntryTag.ITEM, EntryTag.PARENT, EntryTag.TOTAL, EntryTag.OPEN)]


def _telling(grid: Grid, row: Row, reading: Reading, other: Reading, verdict: Verdict) -> int:
    """Columns confirming `reading` (as `judge` counts them) in which it adds something
    different from `other`: where the rows they differ by print figures other than 0."""
    mine = dict(zip(reading.terms, reading.signs, strict=True))
    theirs = dict(zip(other.terms, other.signs, strict=True))
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


def readings(table: Table, row: Row, entries: list[Entry], has_categories: bool, many: bool = True,
             depth: dict[int, int] | None = None) -> list[Reading]:
    """Every reading tried for `row`, simplest first (all terms added).  Runs of rows chosen
    only because they add up (`run`, a run of totals) are tried only where several columns
    can confirm them (`many`)."""
    out: list[Reading] = []
    seen: set[tuple] = set()

    def add(name: ReadingName, terms: list[int], kind: Kind) -> None:
        key = tuple(terms)
        if terms and key not in seen:
            seen.add(key)
            out.append(Reading(name, terms, [1] * len(terms), kind))

    category = category_of_total(row.label)
    if category and has_categories:
        group = [e.row for e in entries if e.tag in (EntryTag.ITEM, EntryTag.PARENT)]
        members = [i for i in group if (table.rows[i].category or "").casefold() == category.casefold()]
        add(ReadingName.CATEGORY, members, Kind.CATEGORY_TOTAL)
    block = _block(entries)
    add(ReadingName.BLOCK, block, Kind.COLUMN_TOTAL)
    add(ReadingName.BLOCKALL, _block(entries, with_subitems=True), Kind.COLUMN_TOTAL)
    totals = _totals(entries)
    if len(totals) >= 2 and not block:
        # the totals of one level first: `Passiver i alt` adds `Egenkapital i alt` and `Gæld i alt`,
        # not `Aktiver i alt` above them, itself a total of totals
        same = _same_level(totals, depth or {})
        if 2 <= len(same) < len(totals):
            add(ReadingName.GRAND, same, Kind.GRAND_TOTAL)
        add(ReadingName.GRAND, totals, Kind.GRAND_TOTAL)
    add(ReadingName.SECTION, _block(entries, across_headings=False), Kind.COLUMN_TOTAL)
    closing = _last_closing(entries, block)
    if closing is not None:
        add(ReadingName.RUNNING, [closing.row] + block, Kind.COLUMN_TOTAL)
    if not many:
        return out
    for k in range(2, min(len(totals), MAX_RUN) + 1):
        add(ReadingName.GRANDRUN, totals[-k:], Kind.GRAND_TOTAL)
    terms = _terms(entries)
    for k in range(2, min(len(terms), MAX_RUN) + 1):
        add(ReadingName.RUN, terms[-k:], Kind.COLUMN_TOTAL)
    return out


def _same_level(totals: list[int], depth: dict[int, int]) -> list[int]:
    """The run of totals at the end of `totals` as deep in totals of totals as the last one
    (`depth`: 1 for a total of items, 2 for a total of those, …)."""
    if not totals:
        return []
    last = depth.get(totals[-1], 1)
    out: list[int] = []
    for t in reversed(totals):
        if depth.get(t, 1) != last:
            break
        out.append(t)
    return list(reversed(out))


def _primary(rs: list[Reading]) -> Reading | None:
    """The reading a person would assume for a labelled total: its category, else the rows
    directly above it, else the totals above it."""
    for name in (ReadingName.CATEGORY, ReadingName.BLOCK, ReadingName.GRAND):
        r = next((x for x in rs if x.name == name), None)
        if r is not None:
            return r
    return None


def _flat(table: Table, terms: list[int], reading: Reading, found: frozenset[int] = frozenset()) -> bool:
    """Are the terms one flat list: same indentation and style, no parents among items, or
    all totals (labelled so, or `found` to be sums of the rows above them) for a grand total?"""
    rows = [table.rows[i] for i in terms]
    if reading.name in (ReadingName.GRAND, ReadingName.GRANDRUN):
        return all(says_total(r.label) or r.role == Role.TOTAL or r.index in found for r in rows)
    if reading.name == ReadingName.RUNNING:  # the total above, then a flat list
        return _flat(table, terms[1:], Reading(ReadingName.BLOCK, terms[1:], reading.signs[1:], reading.kind))
    if any(r.role in (Role.HERAF, Role.OTHER) for r in rows):
        return False
    depth = levels(table)
    return len({depth[r.index] for r in rows}) <= 1 and len({r.style.italic for r in rows}) <= 1


@dataclass
class Choice:
    reading: Reading
    verdict: Verdict
    certain: bool


def choose(table: Table, grid: Grid, row: Row, rs: list[Reading], columns: list[str],
           cue_word: bool, cue_style: bool, many_columns: bool, headed: bool = True,
           found: frozenset[int] = frozenset()) -> Choice | None:
    """The reading under which the row's figures agree, or a certain one under which they do
    not; None when neither can be said."""
    judged = [(r, judge(grid, row, r, columns)) for r in rs]
    primary = _primary(rs)
    for r, v in judged:
        if not v.fit or v.fail:
            continue
        if r is primary and (cue_word or cue_style):
            return Choice(r, v, False)
        # picked because it adds up: needs two columns
        chosen_for_fit = r.name in (ReadingName.RUN, ReadingName.GRANDRUN)
        # over the plain reading, only columns where the two readings differ speak for it: a
        # subtotal that leaves out a row is not confirmed by the years where that row is blank
        evidence = v.evidence if primary is None else _telling(grid, row, r, primary, v)
        if (cue_word or cue_style) and evidence >= (2 if chosen_for_fit else 1):
            return Choice(r, v, False)
        if evidence >= 2:
            return Choice(r, v, False)
    # subtractions, where the columns agree on which
    explained_otherwise = False  # some subtraction makes every column agree, if weakly
    if many_columns or cue_word or cue_style:
        subtracted, explained_otherwise = _subtraction(grid, row, judged, columns, cue_word or cue_style)
        if subtracted is not None:
            return subtracted
    # no reading agrees: a finding only where the terms are certain
    if not cue_word or primary is None:
        return None
    return _certain(table, judged, rs, primary, columns, headed, explained_otherwise, found)


def _subtraction(grid: Grid, row: Row, judged: list[tuple[Reading, Verdict]], columns: list[str], cued: bool
                 ) -> tuple[Choice | None, bool]:
    """The first reading with a few rows subtracted that enough columns confirm, and whether
    some subtraction makes two columns or more agree (if weakly)."""
    explained_otherwise = False
    for r, _ in judged:
        if r.name == ReadingName.CATEGORY:
            continue
        for fr, fv in _flipped(r, grid, row, columns):
            # a subtraction that fits one column alone may be chance; across columns it is a reading
            explained_otherwise = explained_otherwise or len(fv.fit) >= 2
            need = 2 if cued else 3  # one column can never confirm a subtraction
            if fv.evidence >= need:
                return Choice(fr, fv, False), explained_otherwise
    return None, explained_otherwise


def _certain(table: Table, judged: list[tuple[Reading, Verdict]], rs: list[Reading], primary: Reading,
             columns: list[str], headed: bool, explained_otherwise: bool, found: frozenset[int] = frozenset()
             ) -> Choice | None:
    """For a row that says it is a total and agrees under no reading: the plain reading, as a
    certain one (a finding), where nothing else could explain its figures."""
    plain = (ReadingName.CATEGORY, ReadingName.BLOCK, ReadingName.GRAND, ReadingName.RUNNING)
    simple = [(r, v) for r, v in judged if r.name in plain]
    if primary.name == ReadingName.CATEGORY:
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
    if not _flat(table, best.terms, best, found):
        return None
    if any(r.name == ReadingName.BLOCKALL for r in rs) and best.name != ReadingName.BLOCKALL:
        return None  # rows set apart by style alone may be items of their own: the terms are not certain
    return Choice(best, bv, True)

