"""Columns: what each holds (money, counts, percentages, years, references), and the
columns that are sums or differences of others along each row (`I alt`, `Afvigelse`)."""
from __future__ import annotations

import itertools
import re

from pipeline.checks import arithmetic as ar
from pipeline.checks.structure.base import Relation
from pipeline.model import Cell, Kind, Note, NoteCode, Role, Row, Table
from pipeline.tables.settings import DEFAULT, ReaderSettings
from pipeline.tables.vocabulary import (
    COUNT_HEADER,
    DIFFERENCE_HEADER,
    PERCENT_CELL,
    PERCENT_HEADER,
    PERIOD,
    RATE_HEADER,
    REFERENCE_HEADER,
    ROW_TOTAL_HEADER,
    YEAR,
    YEAR_IN,
    header_is,
    header_names,
    norm,
    says_total,
)

MONEY, COUNT, PERCENT, YEARS, REFERENCES = "money", "count", "percent", "years", "references"
RATE, RATIO = "rate", "ratio"  # a rate, average or amount per head by its header; one column over another
NOT_ADDITIVE = (PERCENT, RATE, RATIO)
RATIO_SCALES = (1, 10, 100, 1000, 1_000_000)  # a ratio as printed: per unit, per cent, per thousand, the table's unit


def column_kinds(table: Table, s: ReaderSettings = DEFAULT) -> dict[str, str]:
    """money, count (exact), percent or years, from the header and the figures."""
    kinds: dict[str, str] = {}
    for col in table.columns:
        head = f"{col} {table.column_headers.get(col, '')}"
        cells = [r.cells[col] for r in table.rows if col in r.cells and r.cells[col].value is not None]
        suffixed = [c for c in cells if (c.raw.strip().endswith(PERCENT_CELL))]
        if header_is(head, PERCENT_HEADER) or (cells and len(suffixed) * 2 >= len(cells)):
            kinds[col] = PERCENT
        elif header_is(head, RATE_HEADER):
            kinds[col] = RATE
        elif cells and all(YEAR.match(c.raw.strip()) for c in cells):
            kinds[col] = YEARS
        elif header_names(col, REFERENCE_HEADER) and not header_is(head, COUNT_HEADER):
            kinds[col] = REFERENCES  # page numbers of a list of contents
        elif header_is(head, COUNT_HEADER) and \
                all(c.value == c.value.to_integral_value() for c in cells if c.value is not None):
            kinds[col] = COUNT
        else:
            kinds[col] = MONEY
    for col in ratio_columns(table, [c for c in table.columns if kinds[c] in (MONEY, COUNT)], s):
        kinds[col] = RATIO
    return kinds


def ratio_columns(table: Table, columns: list[str], s: ReaderSettings = DEFAULT) -> list[str]:
    """Columns whose every figure is one column before it over another before it, scaled (`kr. pr.
    indbygger` = `Udgift` / `Indbyggere` × 1.000), on every row that prints all three and at
    least `ratio_rows` of them where the figures pin the ratio (the rounding of small operands
    leaves it loose: those rows do not count): a ratio is never a sum, however its header reads.  (Where c = a / b,
    b = a / c too: the ratio is the column printed after both.)"""
    figures = {c: [(r.cells[c].value, float(ar.half_unit(r.cells[c]))) if c in r.cells and r.cells[c].value is not None
                   else None for r in table.rows] for c in columns}
    out: list[str] = []
    for col in columns:
        rows = [i for i, f in enumerate(figures[col]) if f is not None and f[0] != 0]
        if len(rows) < s.ratio_rows:
            continue
        before = columns[:columns.index(col)]
        if any(_is_ratio(figures, col, a, b, k, rows, s) for a in before for b in before if a != b
               for k in RATIO_SCALES):
            out.append(col)
    return out


def _is_ratio(figures: dict, col: str, a: str, b: str, k: int, rows: list[int], s: ReaderSettings) -> bool:
    """Is `col` = k · `a` / `b` within rounding on each of `rows`, pinned so on at least `ratio_rows`?"""
    seen = 0
    for i in rows:
        fa, fb = figures[a][i], figures[b][i]
        if fa is None or fb is None or fb[0] == 0:
            continue
        (c, hc), (x, hx), (y, hy) = figures[col][i], fa, fb
        x, y, c = float(x), float(y), float(c)
        tol = hc + k * (hx / abs(y) + abs(x) * hy / (y * y)) + 1e-9
        if abs(c - k * x / y) > tol:
            return False
        seen += tol <= s.ratio_precision * abs(c)
    return seen >= s.ratio_rows


def not_additive_notes(table: Table, kinds: dict[str, str]) -> list[Note]:
    """A note for each column not added up (rates, ratios, percentages) that prints a figure on
    a row stating a total: that figure is not checked, and why."""
    out: list[Note] = []
    for col in table.columns:
        if kinds.get(col) not in NOT_ADDITIVE:
            continue
        rows = [r for r in table.rows if (r.role == Role.TOTAL or says_total(r.label)) and col in r.cells
                and r.cells[col].value is not None]
        if rows:
            out.append(Note(NoteCode.NOT_ADDITIVE, {"column": col, "why": kinds[col]}, table.id, rows[0].page))
    return out


def column_relations(table: Table, sums: list[str], exact: set[str]) -> list[Relation]:
    """`I alt` columns (sums of a run of columns) and `Afvigelse` columns (one column minus
    another), found by their header and confirmed row by row.  One equation is one relation:
    `Återstår = Utfall − Budget` is not found again as `Budget = Utfall − Återstår`, so a
    wrong figure is reported once, in the column whose header says it is derived."""
    out: list[Relation] = []
    rows = [r for r in table.rows if r.role in (Role.ITEM, Role.TOTAL, Role.SECTION, Role.HERAF)]
    cued = [c for c in sums if header_is(c, DIFFERENCE_HEADER)] + \
        [c for c in sums if header_is(c, ROW_TOTAL_HEADER) and not YEAR.match(c)
         and not header_is(c, DIFFERENCE_HEADER)]
    equations: list[frozenset[str]] = []
    for col in cued + [c for c in sums if c not in cued]:
        ci = sums.index(col)
        others = [c for c in sums if c != col]
        if len(others) < 2:
            continue
        cue_total = header_is(col, ROW_TOTAL_HEADER) and not YEAR.match(col)
        cue_diff = header_is(col, DIFFERENCE_HEADER)
        # a period total (`2027-2030 i alt`) adds the years it names, wherever they stand
        period = _period_columns(col, sums)
        left = period or sums[:ci]
        cue_total = cue_total or bool(period)
        stated = [(r, c) for r in rows if (c := r.cells.get(col)) is not None and c.value is not None]
        best = _best(_candidates(sums, ci, cue_total, left), stated, col, sums, exact, equations, cue_total, left)
        if best is None:
            continue
        name, across, signs, fit, fail, informative = best
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


_Candidate = tuple[str, list[str], list[int]]  # "sum" | "diff", the columns along the row, their signs


def _period_columns(col: str, sums: list[str]) -> list[str]:
    """The columns of single years a header naming a period (`2027-2030 i alt`) adds: those of
    its years (at least two), or none."""
    span = PERIOD.search(col)
    if not span:
        return []
    first, last = int(span.group(1)), int(span.group(2))
    out = []
    for c in sums:
        years = YEAR_IN.findall(c)
        if c != col and len(years) == 1 and not PERIOD.search(c) and first <= int(years[0]) <= last:
            out.append(c)
    return out if len(out) >= 2 else []


def _candidates(sums: list[str], ci: int, cue_total: bool, left: list[str]) -> list[_Candidate]:
    """What column `sums[ci]` may be: the sum of the columns before it, or of the years it names
    (where its header says total), one column minus another, or the sum of a run of columns
    beside it."""
    candidates: list[_Candidate] = []
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
    return candidates


def _best(candidates: list[_Candidate], stated: list[tuple[Row, Cell]], col: str, sums: list[str],
          exact: set[str], equations: list[frozenset[str]], cue_total: bool, left: list[str]
          ) -> tuple[str, list[str], list[int], list[int], list[int], int] | None:
    """The candidate the most rows agree with (then the most rows where figures, not zeros,
    meet; the primary sum; operands beside the column): its name, columns, signs, the rows
    that fit and fail, and how many of those that fit are informative."""
    ci = sums.index(col)
    best: tuple[tuple[int, int, bool, float], str, list[str], list[int], list[int], list[int], int] | None = None
    for name, across, signs in candidates:
        if frozenset([col, *across]) in equations:
            continue
        fit, fail, informative = _agreement(stated, across, signs, col in exact)
        if not fit and not fail:
            continue
        distance = sum(abs(sums.index(c) - ci) for c in across) / len(across)  # operands beside it first
        primary_sum = cue_total and name == "sum" and across == left
        score = (len(fit), informative, primary_sum, -distance)
        if best is None or score > best[0]:
            best = (score, name, across, signs, fit, fail, informative)
    return None if best is None else best[1:]


def _agreement(stated: list[tuple[Row, Cell]], across: list[str], signs: list[int], exact: bool
               ) -> tuple[list[int], list[int], int]:
    """The rows whose figure equals Σ sign·cell along `across`, those where it does not, and how
    many of the first add two figures or more other than 0."""
    fit: list[int] = []
    fail: list[int] = []
    informative = 0
    for r, target in stated:  # a row whose figure here is blank has nothing to judge
        cells = [r.cells.get(c) for c in across]
        ok = ar.fits(target, list(zip(signs, cells, strict=True)), exact=exact)
        if ok is None:
            continue
        (fit if ok else fail).append(r.index)
        if ok and ar.nonzero(cells) >= 2:
            informative += 1
    return fit, fail, informative


def _bare_total(col: str) -> bool:
    """A header that is a total word and nothing else (a unit in brackets aside): `I alt`, `Total`."""
    return re.sub(r"\(.*?\)", "", norm(col)).strip(" :") in ROW_TOTAL_HEADER


def _names_year(table: Table, col: str) -> bool:
    return bool(YEAR_IN.search(f"{col} {table.column_headers.get(col, '')}"))

