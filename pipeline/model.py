"""The plain data that flows between the stages.

PDF -> `PageContent` (words, rules) -> `TableRegion` (where a table is, its columns)
-> `RawTable` (rows of label + cell texts) -> `Table` (typed values, roles)
-> `TotalCheck` (what each total should add up to) -> `Finding`.

Coordinates are PDF points with the origin at the top-left of the page (pdfplumber's).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Optional

BBox = tuple[float, float, float, float]  # x0, top, x1, bottom


# ---------------------------------------------------------------- read
@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float = 0.0
    bold: bool = False

    @property
    def xc(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass(frozen=True)
class Rule:
    """A straight line or a thin filled rectangle on the page (table ruling)."""

    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def horizontal(self) -> bool:
        return (self.bottom - self.top) <= 2.0 and (self.x1 - self.x0) > 2.0

    @property
    def vertical(self) -> bool:
        return (self.x1 - self.x0) <= 2.0 and (self.bottom - self.top) > 2.0


@dataclass
class TextLine:
    """Words sharing a baseline, left to right."""

    words: list[Word]

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def x0(self) -> float:
        return min(w.x0 for w in self.words)

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @property
    def size(self) -> float:
        return max(w.size for w in self.words)

    @property
    def bold(self) -> bool:
        return all(w.bold for w in self.words)


@dataclass
class PageContent:
    number: int  # 1-based
    width: float
    height: float
    lines: list[TextLine]
    rules: list[Rule]
    rotation: int = 0  # the page's /Rotate; coordinates are as displayed


@dataclass
class DocumentContent:
    path: str
    pages: list[PageContent]
    metadata: dict = field(default_factory=dict)


# ---------------------------------------------------------------- find tables
@dataclass
class Column:
    label: str  # as printed: "2027", "I alt"
    x0: float
    x1: float
    kind: str = "value"  # value | category | marker


@dataclass
class TableRegion:
    """Where one financial table lies: a header and body lines, possibly over several pages."""

    page: int  # where the table starts (caption or first row)
    title: str
    unit_text: str
    price_base: Optional[str]
    columns: list[Column]
    label_x1: float  # right edge of the label column
    body: list[tuple[int, TextLine]]  # (page, line)
    rules: dict[int, list[Rule]]  # page -> rules inside the table's box
    bbox: dict[int, BBox]  # page -> box of the table on that page
    proposal: int = 0
    notes: list[str] = field(default_factory=list)
    ruling: str = "none"  # grid | horizontal | none
    page_heights: dict[int, float] = field(default_factory=dict)
    rotated: bool = False  # on a page turned by /Rotate


# ---------------------------------------------------------------- rows and cells
@dataclass
class RawCell:
    column: str
    text: str
    page: int
    bbox: BBox


@dataclass
class RawRow:
    label: str
    category: Optional[str]
    cells: list[RawCell]
    page: int
    bbox: BBox


@dataclass
class RawTable:
    region: TableRegion
    rows: list[RawRow]


@dataclass
class Cell:
    column: str
    raw: str
    value: Optional[Decimal]  # None when the cell is blank or not a number
    decimals: int
    page: int
    bbox: BBox
    nil: bool = False


@dataclass
class Row:
    index: int
    label: str
    category: Optional[str]
    role: str  # item | total | heraf | section | other
    cells: dict[str, Cell]
    page: int
    bbox: BBox

    def value(self, column: str) -> Optional[Decimal]:
        cell = self.cells.get(column)
        return cell.value if cell else None


@dataclass
class Table:
    id: str
    proposal: int
    page: int
    title: str
    unit: str
    unit_factor: Decimal
    price_base: Optional[str]
    columns: list[str]
    rows: list[Row]
    bbox: dict[int, BBox]
    notes: list[str] = field(default_factory=list)
    ruling: str = "none"
    page_heights: dict[int, float] = field(default_factory=dict)
    rotated: bool = False
    crosscheck: dict = field(default_factory=dict)  # what a second reader (camelot) saw


@dataclass
class Proposal:
    index: int
    title: str
    first_page: int
    last_page: int


# ---------------------------------------------------------------- reconcile
@dataclass
class Addend:
    row: int  # row index in the table (or in the other table for cross-table checks)
    label: str
    value: Decimal
    half_unit: Decimal


@dataclass
class TotalCheck:
    """One recomputed figure, agreeing or not (the reports show them all)."""

    kind: str
    table: str
    row: int
    column: str
    stated: Decimal
    recomputed: Decimal
    tolerance: Decimal
    agrees: bool


@dataclass
class Finding:
    document: str
    proposal: int
    table: str  # empty for a narrative finding that names no table
    page: int
    label: str
    column: str
    stated: Decimal
    recomputed: Decimal
    kind: str  # column-total | category-total | grand-total | row-total | cross-table | narrative
    message: str
    row: Optional[int] = None
    addends: list[Addend] = field(default_factory=list)
    bbox: Optional[BBox] = None

    @property
    def difference(self) -> Decimal:
        return self.stated - self.recomputed


@dataclass
class DocumentResult:
    """Everything one document gave: what the reports and the nightly check need."""

    document: str  # path relative to the input folder
    sha256: str
    pages: Optional[int]
    status: str  # ok | flagged | error
    error: str = ""
    message: str = ""
    proposals: list[Proposal] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    checks: list[TotalCheck] = field(default_factory=list)  # every total recomputed
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0
