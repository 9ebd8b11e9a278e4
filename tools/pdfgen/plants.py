"""Deliberate errors for the realistic generator, planted the way they happen in real documents.

* `stale_total`: an item is changed after the table was made; its subtotal is updated, the
  grand total is not (Simrishamn's `Summa investeringsprojekt 15,130` over `15,127`).
* `missed_row`: a subtotal's spreadsheet formula leaves out one of its rows (a SUM range
  that stops a row short); what reads the subtotal agrees with it, the subtotal itself
  does not agree with its rows.
* `wrong_difference`: a difference cell (`Afvigelse`, `Återstår`) typed by hand, off by a
  few units or with two digits swapped.
* `count_off_by_one`: a count total (`Antal`) one off.

Each function changes what the spreadsheet did, never the relations a person checks, and
picks its size so that the target total must disagree under the rounding rule (the
margins are worked out in each docstring). It returns the `Plant`, or None when the
table offers no place for that error. The truth is then judged on the printed figures
alone (`sheet.truth`), so an error that also upsets other totals shows up there too.
"""
from __future__ import annotations

import random
from decimal import Decimal

from .sheet import AMOUNT, COUNT, GRAND, SUBTOTAL, TOTAL, Plant, Table, printed_values, quantum, round_half_up


def _fmt(table: Table, col: int, value: Decimal) -> str:
    c = table.columns[col]
    return table.style.format(value, c.decimals) + c.suffix


def stale_total(table: Table, rng: random.Random) -> Plant | None:
    """A leaf under a subtotal changes by (k + 3 + r) units, k = the grand total's terms. The
    subtotal's printed figure moves by at least k + 2 units, the stale grand total by none,
    so |stated - sum| >= (k + 2) - (k + 1)/2 > (k + 1)/2 units: it disagrees."""
    options = []
    for g in table.rows:
        if g.kind != GRAND:
            continue
        for c, cell in enumerate(g.cells):
            if cell is None or table.columns[c].derive is not None or table.columns[c].kind != AMOUNT:
                continue
            check = next((k for k in cell.checks if k.kind == "grand-total"), None)
            if check is None:
                continue
            for sub, sc, _ in check.terms:
                scell = sub.cells[sc]
                for leaf_row, lc, _ in (scell.calc or []) if scell is not None else []:
                    leaf = leaf_row.cells[lc]
                    if leaf is not None and leaf.leaf is not None:
                        options.append((g, c, sub, leaf_row, len(check.terms)))
    if not options:
        return None
    g, c, sub, leaf_row, k = rng.choice(options)
    col = table.columns[c]
    unit = quantum(col.decimals)
    delta = (k + 3 + rng.randint(0, 40)) * unit * rng.choice([-1, 1])
    leaf = leaf_row.cells[c].leaf
    before, after = round_half_up(leaf, col.decimals), round_half_up(leaf + delta, col.decimals)
    plant = Plant("stale-total", (g, c),
                  f"a grand total not updated: '{leaf_row.name}' ({col.header}) was changed from "
                  f"{_fmt(table, c, before)} to {_fmt(table, c, after)} after the table was made; "
                  f"'{sub.name}' was updated, '{g.name}' was not",
                  leaf=(leaf_row, c), delta=delta)
    table.plants.append(plant)
    return plant


def missed_row(table: Table, rng: random.Random) -> Plant | None:
    """The sum leaves out a row printed as at least n + 3 units (n = the check's items), so
    the subtotal is off by more than n + 2 units less rounding (n + 1)/2: it disagrees."""
    printed = printed_values(table)
    options = []
    for row in table.rows:
        if row.kind not in (SUBTOTAL, TOTAL):
            continue
        for c, cell in enumerate(row.cells):
            col = table.columns[c]
            if cell is None or not cell.calc or col.derive is not None or col.kind != AMOUNT:
                continue
            check = next((k for k in cell.checks if k.kind in ("subtotal", "column-total")), None)
            if check is None or len(cell.calc) < 3 or any(s < 0 for _, _, s in cell.calc):
                continue
            n = len(check.terms)
            for term in cell.calc:
                value = printed.get((term[0], term[1]))
                if value is not None and abs(value) >= (n + 3) * quantum(col.decimals):
                    options.append((row, c, term))
    if not options:
        return None
    row, c, term = rng.choice(options)
    cell = row.cells[c]
    cell.calc = [t for t in cell.calc if t is not term]
    plant = Plant("wrong-subtotal", (row, c),
                  f"a wrong subtotal: the sum in '{row.name}' ({table.columns[c].header}) leaves out "
                  f"'{term[0].name}'")
    table.plants.append(plant)
    return plant


def wrong_difference(table: Table, rng: random.Random) -> Plant | None:
    """A difference cell typed wrong by at least 3 units; its check has 2 items (tolerance
    1.5 units) and the honest figure was within 1 unit of a - b, so it disagrees."""
    printed = printed_values(table)
    options = []
    for row in table.rows:
        if row.kind in (SUBTOTAL, TOTAL, GRAND):
            continue
        for c, cell in enumerate(row.cells):
            col = table.columns[c]
            if cell is None or not col.derive or col.derive[0] != "diff" or not cell.checks:
                continue
            if (row, c) in printed and printed[(row, c)] != 0:
                options.append((row, c))
    if not options:
        return None
    row, c = rng.choice(options)
    col = table.columns[c]
    unit = quantum(col.decimals)
    value = printed[(row, c)]
    digits = str(abs(value.scaleb(col.decimals)).to_integral_value())
    wrong = None
    if len(digits) >= 2 and digits[-1] != digits[-2] and rng.random() < 0.5:
        swapped = Decimal(digits[:-2] + digits[-1] + digits[-2]).scaleb(-col.decimals)
        swapped = swapped if value > 0 else -swapped
        if abs(swapped - value) >= 3 * unit:
            wrong = swapped
    if wrong is None:
        wrong = value + rng.choice([-1, 1]) * rng.randint(3, 12) * unit
    row.cells[c].override = wrong
    plant = Plant("wrong-difference", (row, c),
                  f"a wrong difference cell: '{row.name}' {col.header} printed {_fmt(table, c, wrong)}, "
                  f"the columns give {_fmt(table, c, value)}")
    table.plants.append(plant)
    return plant


def count_off_by_one(table: Table, rng: random.Random) -> Plant | None:
    printed = printed_values(table)
    options = [(row, c) for row in table.rows if row.kind in (TOTAL, SUBTOTAL, GRAND)
               for c, cell in enumerate(row.cells)
               if cell is not None and table.columns[c].kind == COUNT and cell.checks and (row, c) in printed]
    if not options:
        return None
    row, c = rng.choice(options)
    value = printed[(row, c)]
    wrong = value + rng.choice([-1, 1])
    row.cells[c].override = wrong
    plant = Plant("count-off-by-one", (row, c),
                  f"a count off by one: '{row.name}' ({table.columns[c].header}) printed {wrong}, "
                  f"its rows add up to {value}")
    table.plants.append(plant)
    return plant


PLANTS = {
    "stale-total": stale_total,
    "wrong-subtotal": missed_row,
    "wrong-difference": wrong_difference,
    "count-off-by-one": count_off_by_one,
}
