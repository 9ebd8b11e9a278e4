"""What the structure stage finds: relations (a stated figure and the terms it should equal)
and the labels they are matched on."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.model import Kind, Note, Role
from pipeline.tables.vocabulary import CATEGORY_SUFFIX, FOOTNOTE


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

