"""Sums of printed figures, with the uncertainty their rounding leaves.

Shared by the structure stage (which reading of a table makes its totals agree?) and the
reconcile stage (does this total agree?), so both judge by the same rule: a printed figure
stands for an interval of ± half its last printed digit, and a total agrees when its
interval meets the interval of the sum of its terms (XBRL Calculations 1.1):
|stated − Σ terms| ≤ h(stated) + Σ h(term).  Counts are exact (h = 0).

A blank cell, or a cell that says in words that it has no figure (`Ej aktuellt`, `x`), is
0 with no uncertainty.  A cell with digits that could not be read makes the sum unknown:
`None`, never 0.
"""
from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import TypeGuard

from pipeline.model import Cell
from pipeline.tables.vocabulary import not_applicable

ZERO = Decimal(0)
_HALF = [Decimal(5).scaleb(-(d + 1)) for d in range(40)]  # half a unit of the last of d decimals


def half_unit(cell: Cell | None, exact: bool = False) -> Decimal:
    """Half a unit of the cell's last printed digit (0 for a blank or an exact count)."""
    if exact or cell is None or cell.value is None:
        return ZERO
    d = cell.decimals
    return _HALF[d] if 0 <= d < len(_HALF) else Decimal(5).scaleb(-(d + 1))


def unreadable(cell: Cell | None) -> TypeGuard[Cell]:
    """A cell with digits in it that is not a figure: its value is unknown."""
    return cell is not None and cell.value is None and bool(cell.raw.strip()) and not not_applicable(cell.raw)


def value(cell: Cell | None) -> Decimal:
    return cell.value if cell is not None and cell.value is not None else ZERO


def printed(cell: Cell | None) -> bool:
    return cell is not None and cell.value is not None


def fits(stated: Cell | None, terms: Sequence[tuple[int, Cell | None]], exact: bool = False) -> bool | None:
    """Does `stated` equal Σ sign·term within rounding?  None when there is nothing to judge:
    the stated figure is blank or unreadable, or a term is unreadable."""
    if stated is None or stated.value is None:
        return None
    total, tolerance = ZERO, half_unit(stated, exact)
    for sign, cell in terms:
        if unreadable(cell):
            return None
        total += sign * value(cell)
        tolerance += half_unit(cell, exact)
    return abs(stated.value - total) <= tolerance


def nonzero(cells: Sequence[Cell | None]) -> int:
    """How many of the cells print a figure other than 0."""
    return sum(1 for c in cells if c is not None and c.value is not None and c.value != 0)
