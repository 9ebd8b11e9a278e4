"""The plain data that flows between the stages.

PDF -> `PageContent` (words, rules) -> `TableRegion` (where a table is, its columns)
-> `RawTable` (rows of label + cell texts) -> `Table` (typed values, roles)
-> `TotalCheck` (what each total should add up to) -> `Finding`.

Coordinates are PDF points with the origin at the top-left of the page (pdfplumber's).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from functools import cached_property
from typing import Any

BBox = tuple[float, float, float, float]  # x0, top, x1, bottom


# ---------------------------------------------------------------- the contract's vocabularies
class Role(StrEnum):
    """What a table row is (the `role` column of cells.csv)."""

    ITEM = "item"  # an addend
    TOTAL = "total"  # a stated sum (subtotals and grand totals included)
    HERAF = "heraf"  # "of which": a subset of the row above, never an addend of a total above it
    SECTION = "section"  # a heading row with no figures
    OTHER = "other"  # not money: payback years, percentages, the current budget


class ColumnKind(StrEnum):
    """What a table column holds (`Column.kind`)."""

    VALUE = "value"  # figures
    CATEGORY = "category"  # the `Styringsområde` of each row
    MARKER = "marker"  # header words right of the figures (`Investeringspuljen (sæt X)`): not values


class Ruling(StrEnum):
    """How a table is ruled (`TableRegion.ruling`, `Table.ruling`)."""

    GRID = "grid"  # a full grid
    HORIZONTAL = "horizontal"  # horizontal rules only
    NONE = "none"


class EntryTag(StrEnum):
    """What a row already read is to the totals below it (the structure stage's running list)."""

    ITEM = "item"  # an addend
    PARENT = "parent"  # a row equal to its sub-rows: an addend, its sub-rows are not
    TOTAL = "total"  # a total found: the next block starts below it
    OPEN = "open"  # a total of rows that could not be told
    SECTION = "section"  # a heading
    CATTOTAL = "cattotal"  # a category total: does not end the block
    SUBITEM = "subitem"  # a sub-row set apart by style alone: perhaps an item of its own


class ReadingName(StrEnum):
    """Which rows a reading of a table takes a stated figure to add (the structure stage)."""

    CATEGORY = "category"  # the rows of its `Styringsområde`
    BLOCK = "block"  # the rows directly above it, back to the previous total
    BLOCKALL = "blockall"  # the same with rows set apart by style alone taken as items
    GRAND = "grand"  # the totals above it
    SECTION = "section"  # the rows above it back to the last heading
    RUNNING = "running"  # the previous total and the rows since
    GRANDRUN = "grandrun"  # a run of the totals directly above
    RUN = "run"  # a run of rows directly above
    CHILDREN = "children"  # its own sub-rows below it
    NETHERAF = "netheraf"  # the category totals around a `Heraf netto…` row


class Kind(StrEnum):
    """What was recomputed (the `kind` column of checks.csv and findings.csv)."""

    COLUMN_TOTAL = "column-total"
    CATEGORY_TOTAL = "category-total"
    GRAND_TOTAL = "grand-total"
    ROW_TOTAL = "row-total"
    DIFFERENCE = "difference"
    CROSS_TABLE = "cross-table"
    NARRATIVE = "narrative"


class Status(StrEnum):
    """A document's verdict (the `status` column of documents.csv)."""

    OK = "ok"  # read, at least one total recomputed, every one agrees
    FLAGGED = "flagged"  # read, at least one discrepancy
    UNCHECKED = "unchecked"  # read, but nothing could be recomputed: a person must look
    REVIEWED = "reviewed"  # read, and every discrepancy was accepted in the review file the run was given
    ERROR = "error"  # could not be read


class Review(StrEnum):
    """A person's decision on a finding (the `review` column of findings.csv; empty: none)."""

    ACCEPTED = "accepted"  # accepted in the review file the run was given


class ErrorCode(StrEnum):
    """Why a document could not be read (the `error` column of documents.csv)."""

    EMPTY = "empty"
    NOT_PDF = "not-pdf"
    CORRUPT = "corrupt"
    ENCRYPTED = "encrypted"
    NO_TEXT_LAYER = "no-text-layer"
    TIMEOUT = "timeout"
    TOO_LARGE = "too-large"
    UNREADABLE = "unreadable"  # the file cannot be read: permission denied, an I/O error
    INTERNAL = "internal"  # a bug in one of our stages: the rest of the batch is read
    NOT_A_FILE = "not-a-file"  # a *.pdf entry that is no regular file: FIFO, dangling link, link out of the folder


class NoteCode(StrEnum):
    """The facts a note can state; `pipeline.text.messages` has a sentence for each."""

    CONTINUES = "continues"  # {page}
    CONTINUES_REPEATED = "continues-repeated"  # {page}
    REPEATED_ROW = "repeated-row"  # {label} {page}
    NOT_A_FIGURE = "not-a-figure"  # {text} {label} {column}
    NO_UNIT = "no-unit"
    TOTAL_UNREADABLE = "total-unreadable"  # {label} {column} {text}: not checked
    TERMS_UNKNOWN = "terms-unknown"  # {label} {why}: not checked
    BEYOND_PRINTED_YEARS = "beyond-printed-years"  # {label} {column} {stated} {printed}: not checked
    NO_READING_AGREES = "no-reading-agrees"  # {label}: not checked
    READERS_DISAGREE = "readers-disagree"  # {label} {column} {ours} {theirs}: finding withheld
    COLUMNS_UNALIGNED = "columns-unaligned"  # {why}: not checked
    NOT_CROSSCHECKED_ROTATED = "not-crosschecked-rotated"
    SECOND_READER_FAILED = "second-reader-failed"  # {page} {error}
    TOO_MANY_FINDINGS = "too-many-findings"  # {n} {table}
    PAGES_CHOSEN = "pages-chosen"  # {pages} (a list): only these pages were read, as asked


@dataclass(frozen=True)
class Note:
    """A fact worth telling a person that is not a finding: something that could not be
    checked and why, a table continued over a page, a figure the readers disagree on.

    `code` names the fact; `params` fill its sentence (`pipeline.text.messages`), in the run's
    language.  Plain JSON values only."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)
    table: str = ""
    page: int | None = None


# ---------------------------------------------------------------- read
@dataclass(frozen=True, slots=True)  # slots: a long document holds hundreds of thousands of words
class Word:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float = 0.0
    bold: bool = False
    italic: bool = False
    font: str = ""  # the font's name without a subset prefix ("Calibri-Bold")

    @property
    def xc(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass(frozen=True, slots=True)
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


class WordGroup:
    """Geometry of a run of words (`words`, left to right): a text line, a cell of one.
    Worked out once per group (its words never change after it is made)."""

    words: list[Word]

    @cached_property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @cached_property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @cached_property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @cached_property
    def x0(self) -> float:
        return min(w.x0 for w in self.words)

    @cached_property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @cached_property
    def size(self) -> float:
        return max(w.size for w in self.words)


@dataclass
class TextLine(WordGroup):
    """Words sharing a baseline, left to right."""

    words: list[Word]

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
    shades: list[BBox] = field(default_factory=list)  # filled, non-white areas larger than a rule (row shading)


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
    kind: ColumnKind = ColumnKind.VALUE
    header: str = ""  # every header word over the column, group labels too ("Nedskrivningsprocent 2020")


@dataclass
class TableRegion:
    """Where one financial table lies: a header and body lines, possibly over several pages."""

    page: int  # where the table starts (caption or first row)
    title: str
    unit_text: str
    price_base: str | None
    columns: list[Column]
    label_x1: float  # right edge of the label column
    body: list[tuple[int, TextLine]]  # (page, line)
    rules: dict[int, list[Rule]]  # page -> rules inside the table's box
    bbox: dict[int, BBox]  # page -> box of the table on that page
    proposal: int = 0
    notes: list[Note] = field(default_factory=list)
    ruling: Ruling = Ruling.NONE
    page_heights: dict[int, float] = field(default_factory=dict)
    rotated: bool = False  # on a page turned by /Rotate
    header_lines: list[TextLine] = field(default_factory=list)  # the header as printed (for inspect)
    band: tuple[float, float] | None = None  # the horizontal part of the page the table lives in
    label_x0: float = 0.0  # where labels start: a column of note references left of it is not label


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
    category: str | None
    cells: list[RawCell]
    page: int
    bbox: BBox
    style: RowStyle = field(default_factory=lambda: RowStyle())


@dataclass(frozen=True)
class RowStyle:
    """How a row's label is set: what tells a sub-row from its parent and a total from items."""

    x0: float = 0.0  # where the label starts
    x1: float = 0.0  # where its first line ends (labels set flush right end together)
    size: float = 0.0  # type size of the label
    bold: bool = False
    italic: bool = False
    rule_above: bool = False  # a horizontal rule between this row and the one above


@dataclass
class RawTable:
    region: TableRegion
    rows: list[RawRow]


@dataclass
class Cell:
    column: str
    raw: str
    value: Decimal | None  # None when the cell is blank or not a number
    decimals: int
    page: int
    bbox: BBox
    nil: bool = False


@dataclass
class Row:
    index: int
    label: str
    category: str | None
    role: Role
    cells: dict[str, Cell]
    page: int
    bbox: BBox
    style: RowStyle = field(default_factory=lambda: RowStyle())

    def value(self, column: str) -> Decimal | None:
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
    price_base: str | None
    columns: list[str]
    rows: list[Row]
    bbox: dict[int, BBox]
    notes: list[Note] = field(default_factory=list)
    ruling: Ruling = Ruling.NONE
    page_heights: dict[int, float] = field(default_factory=dict)
    rotated: bool = False
    crosscheck: dict = field(default_factory=dict)  # what a second reader (camelot) saw
    column_headers: dict[str, str] = field(default_factory=dict)  # column -> all header words over it


@dataclass
class Proposal:
    index: int
    title: str
    first_page: int
    last_page: int
    start_top: float = 0.0  # where on its first page it starts (a proposal may start mid-page)


# ---------------------------------------------------------------- reconcile
@dataclass
class Addend:
    """One term of a recomputed figure: a printed figure, added (`sign` 1) or subtracted (-1)."""

    row: int | None  # row index in its table (None for an amount in the text)
    label: str  # the row's label, or the column's for a row total or a difference
    value: Decimal  # as printed, in the table's unit
    half_unit: Decimal  # half a unit of its last printed digit (0 for an exact count or a blank)
    decimals: int = 0
    sign: int = 1
    blank: bool = False  # a blank cell: named, counted as 0, no rounding


@dataclass
class Check:
    """One figure recomputed from its terms, agreeing or not: a row of checks.csv.

    A check that does not agree is a finding (findings.csv).  Checks are facts; the
    sentences people read are written from them by `pipeline.text.messages`."""

    kind: Kind
    document: str
    proposal: int
    table: str  # empty for a sum stated in the text that names no table
    page: int
    row: int | None
    label: str
    column: str
    stated: Decimal
    recomputed: Decimal
    tolerance: Decimal
    unit: str  # the table's unit as printed ("1.000 kr.", "tkr", "mio. kr."); "kr." for text amounts
    addends: list[Addend] = field(default_factory=list)
    decimals: int = 0  # printed decimals of the stated figure
    bbox: BBox | None = None  # where the stated figure is printed
    exact: bool = False  # a count: no rounding tolerance
    detail: dict[str, Any] = field(default_factory=dict)  # kind-specific facts for the sentence

    @property
    def difference(self) -> Decimal:
        return self.stated - self.recomputed

    @property
    def agrees(self) -> bool:
        return abs(self.difference) <= self.tolerance

    @property
    def terms(self) -> int:
        """How many printed figures were added or subtracted (blanks are named, not counted)."""
        return sum(1 for a in self.addends if not a.blank)


Finding = Check  # a finding is a check that does not agree


@dataclass
class DocumentResult:
    """Everything one document gave: what the reports and the nightly check need."""

    document: str  # path relative to the input folder
    sha256: str
    pages: int | None
    status: Status
    error: str = ""  # an ErrorCode when status is error
    message: str = ""  # what went wrong, for an unreadable document (English, from the reader)
    proposals: list[Proposal] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)  # every figure recomputed
    notes: list[Note] = field(default_factory=list)
    seconds: float = 0.0
    detail: str = ""  # a traceback for an internal error
    error_params: dict[str, Any] = field(default_factory=dict)  # facts for the error's sentence (`messages`)

    @property
    def findings(self) -> list[Check]:
        return [c for c in self.checks if not c.agrees]


def status_of(checks: list[Check]) -> Status:
    """ok when something was recomputed and all of it agrees; flagged on any disagreement
    (in a table or between the text and a table); unchecked when nothing could be recomputed."""
    if any(not c.agrees for c in checks):
        return Status.FLAGGED
    return Status.OK if checks else Status.UNCHECKED
