"""The Python API: check budget proposals from a script or a notebook.

    >>> import pipeline
    >>> result = pipeline.check("raw")           # a PDF, a folder, or a list of them
    >>> result
    <Result 5 documents: 3 ok, 1 flagged, 1 unchecked · 6 tables · 113 checks · 4 findings>
    >>> result.findings[["document", "label", "column", "stated", "recomputed"]]
    >>> result.tables[0].df                      # the table as printed, figures as numbers
    >>> result.to_folder("extracted")            # exactly the files `pipeline run` writes

`check` reads every document (in worker processes, as `pipeline run` does, except a single
file, which is read in this process) and returns a `Result`: the four tables of the output
contract (`docs/contract.md`) as typed pandas DataFrames, and every financial table found
as a `Table` whose `.df` has one row per printed row and one column per printed column.

Types of the DataFrame columns (the same rows and columns as the contract's CSV files):

- text: pandas' nullable `string` dtype; a field that does not apply (empty in the CSV,
  such as `error` of a document that was read) is `<NA>`;
- counts, pages, indexes: nullable `Int64`; coordinates (`x0`, `top`, `x1`, `bottom`):
  nullable `Float64`; `agrees`: nullable `boolean`;
- `status`, `error`, `role`, `kind`: `category`, whose categories are the contract's words;
- money (`value`, `value_dkk`, `stated`, `recomputed`, `difference`, `tolerance`, and every
  figure of a `Table.df`): `object` columns of `decimal.Decimal`, exact as printed
  (`-5.090` is `Decimal('-5090')`, `2,5` is `Decimal('2.5')`), `<NA>` where blank.  Sums
  stay exact (`result.cells.value.sum()` is a Decimal); `.astype("Float64")` gives floats.
"""
from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from enum import StrEnum
from functools import cached_property
from html import escape
from pathlib import Path
from typing import Any, BinaryIO, TypeAlias

import pandas as pd

from pipeline import model
from pipeline.errors import InputMissing, PipelineError, UsageError
from pipeline.model import DocumentResult, ErrorCode, Kind, Review, Role, Status
from pipeline.read.chars import DEFAULT_READER
from pipeline.report import files as report
from pipeline.report.pictures import Pages, crop_png
from pipeline.run import runner
from pipeline.run.discover import safe_name
from pipeline.run.hints import load_settings, page_selection, reader_settings
from pipeline.tables.settings import DEFAULT, ReaderSettings
from pipeline.text.messages import counted, error_of, say, table_label, word

PathInput: TypeAlias = "str | os.PathLike[str]"
"""A path to a PDF or a folder, as a `str` or a `pathlib.Path` (any `os.PathLike`)."""

Source: TypeAlias = "PathInput | Iterable[PathInput] | bytes | bytearray | memoryview | BinaryIO"
"""What `check` reads: a path, several paths, or one PDF's bytes or binary file object."""

SettingsInput: TypeAlias = "ReaderSettings | Mapping[str, Any] | PathInput | None"
"""Reader settings: a `ReaderSettings`, a mapping of the settings to change, or a TOML file."""

LANGUAGES = ("da", "en")


# ---------------------------------------------------------------- the run
# Reading and writing go through the run orchestration (`pipeline.run.runner`): `check` is its
# reading part (`runner.read`), `Result.to_folder` its writing part (`runner.write_set`), so
# the API reads and writes exactly as `pipeline run` does.

def _contract_rows(results: list[DocumentResult], lang: str) -> dict[str, tuple[list[str], list[dict[str, Any]]]]:
    """The rows of the four contract files, from the writers' own row functions."""
    ordered = sorted(results, key=lambda r: r.document)
    return {
        "documents": (report.DOCUMENT_FIELDS, report.document_rows(ordered)),
        "cells": (report.CELL_FIELDS, [c for r in ordered for c in report.cell_rows(r)]),
        "checks": (report.CHECK_FIELDS, [c for r in ordered for c in report.check_rows(r)]),
        "findings": (report.FINDING_FIELDS, [f for r in ordered for f in report.finding_rows(r, lang)]),
    }


# ---------------------------------------------------------------- typed frames
def _text(value: Any) -> Any:
    return pd.NA if value is None or value == "" else str(value)


def _integer(value: Any) -> Any:
    return pd.NA if value is None or value == "" else int(value)


def _real(value: Any) -> Any:
    return pd.NA if value is None or value == "" else float(value)


def _decimal(value: Any) -> Any:
    return pd.NA if value is None or value == "" else Decimal(str(value))


def _boolean(value: Any) -> Any:
    if value is None or value == "":
        return pd.NA
    return {"true": True, "false": False}[str(value)]


@dataclass(frozen=True)
class _Type:
    convert: Callable[[Any], Any]  # a field's value (written or read back from the CSV) -> the cell
    dtype: str  # pandas dtype, or "category" with the words of `vocabulary`
    vocabulary: type[StrEnum] | None = None


_TEXT = _Type(_text, "string")
_INT = _Type(_integer, "Int64")
_FLOAT = _Type(_real, "Float64")
_DECIMAL = _Type(_decimal, "object")
_BOOL = _Type(_boolean, "boolean")


def _vocabulary(enum: type[StrEnum]) -> _Type:
    return _Type(_text, "category", enum)


COLUMN_TYPES: dict[str, _Type] = {
    "document": _TEXT, "sha256": _TEXT, "pages": _INT, "status": _vocabulary(Status),
    "error": _vocabulary(ErrorCode), "tables": _INT, "findings": _INT, "checks": _INT,
    "proposal": _INT, "table": _TEXT, "page": _INT, "row": _INT, "label": _TEXT, "category": _TEXT,
    "role": _vocabulary(Role), "column": _TEXT, "raw": _TEXT, "value": _DECIMAL, "unit": _TEXT,
    "value_dkk": _DECIMAL, "x0": _FLOAT, "top": _FLOAT, "x1": _FLOAT, "bottom": _FLOAT,
    "stated": _DECIMAL, "recomputed": _DECIMAL, "difference": _DECIMAL, "tolerance": _DECIMAL,
    "kind": _vocabulary(Kind), "terms": _INT, "agrees": _BOOL, "message": _TEXT,
    "review": _vocabulary(Review),
}
"""The type of every contract column in the DataFrames of a `Result` (see the module docstring)."""


def _series(name: str, values: list[Any]) -> pd.Series:
    kind = COLUMN_TYPES[name]
    data = [kind.convert(v) for v in values]
    if kind.vocabulary is not None:
        words = [str(member) for member in kind.vocabulary]
        extra = sorted({v for v in data if v is not pd.NA} - set(words))  # an unknown word is kept, never lost
        return pd.Series(pd.Categorical(data, categories=words + extra), name=name)
    return pd.Series(data, dtype=kind.dtype, name=name)


def typed_frame(fields: Sequence[str], rows: Sequence[dict[str, Any]]) -> pd.DataFrame:
    """A DataFrame of contract rows (`pipeline.report.files`'s row dicts or the CSV's strings),
    one column per field in order, each of its documented type (`COLUMN_TYPES`)."""
    return pd.DataFrame({name: _series(name, [row[name] for row in rows]) for name in fields})


# ---------------------------------------------------------------- tables
@dataclass(frozen=True, eq=False, repr=False)
class Table:
    """One financial table as it was read.

    `df` is shaped like the printed table: one row per printed row (index: the row's
    label, in print order; a label can repeat), one column per printed figure column
    (`2027`, `I alt`, …), figures as exact `decimal.Decimal` in the table's `unit`, `<NA>`
    where the cell is blank.  `rows` has the same index and says what each row is:
    its `category` (`Styringsområde`, where the table has one), `role` (`item`, `total`,
    `heraf`, `section`, `other`) and the `page` it is printed on.

    `id` is the contract's table id (`p1-t2`: the `table` column of cells.csv), `label` the
    same as people read it (`proposal 1, table 2`); `proposal` is the 0-based index of the
    proposal in the file, as in cells.csv, `proposal_title` its title.  `source` is the
    reader's own `pipeline.model.Table`.
    """

    document: str
    id: str
    proposal: int
    proposal_title: str | None
    page: int
    title: str
    unit: str
    price_base: str | None
    df: pd.DataFrame
    rows: pd.DataFrame
    source: model.Table
    lang: str = "da"
    pdf: Path | None = None  # the file it was read from (for `picture`)

    @property
    def label(self) -> str:
        """The table as people name it, counted from 1, in the run's language: `forslag 1, tabel 2`
        (`proposal 1, table 2`; its `id` is `p1-t2`)."""
        return table_label(self.id, self.lang)

    def __repr__(self) -> str:
        title = self.title if len(self.title) <= 50 else self.title[:49] + "…"
        height, width = self.df.shape
        return say("api_table", self.lang, document=self.document, label=self.label, page=self.page,
                   rows=counted("rows", height, self.lang), columns=counted("api_columns", width, self.lang),
                   unit=self.unit or say("api_no_unit", self.lang), title=repr(title))

    def _repr_html_(self) -> str:
        """The table under its title, for Jupyter."""
        where = say("api_table_head", self.lang, document=self.document, label=self.label, page=self.page)
        head = (f"<p><b>{escape(self.title)}</b> ({escape(self.unit)}"
                f"{', ' + escape(self.price_base) if self.price_base else ''}) · {escape(where)}</p>")
        return head + str(self.df._repr_html_())  # type: ignore[operator]

    def as_float(self) -> pd.DataFrame:
        """`df` with every figure as a float (`Float64`, `<NA>` where blank): for `mean`, plots
        and statistics, where exact decimals are not needed."""
        return self.df.astype("Float64")

    def to_csv(self, path_or_buf: PathInput | io.TextIOBase | None = None, **options: Any) -> str | None:
        """The table as CSV (`DataFrame.to_csv`: the label first, then one column per printed
        column, figures exact as printed); the text when no path or buffer is given."""
        return self.df.to_csv(path_or_buf, **options)

    def to_excel(self, path: PathInput | io.BufferedIOBase, *, sheet_name: str | None = None,
                 **options: Any) -> None:
        """The table as an Excel workbook (`DataFrame.to_excel`, openpyxl), figures as numbers."""
        sheet = sheet_name or self.id
        self.as_float().to_excel(path, sheet_name=sheet[:31], **options)

    def picture(self, page: int | None = None) -> bytes:
        """A PNG of the table as printed, cut from its page (`page`: one of the pages it is
        printed on; default the first).  Raises `FileNotFoundError` when the PDF it was read
        from is no longer there, `ValueError` for a page the table is not on."""
        if self.pdf is None or not Path(self.pdf).is_file():
            raise FileNotFoundError(f"the PDF of {self.document} is no longer at {self.pdf}")
        boxes = self.source.bbox
        at = min(boxes) if page is None else page
        if at not in boxes:
            raise ValueError(f"{self.label} is printed on page(s) {', '.join(map(str, sorted(boxes)))}, not {page}")
        pages = Pages(Path(self.pdf))
        try:
            return crop_png(pages, at, boxes[at])
        finally:
            pages.close()


def _table(result: DocumentResult, table: model.Table, lang: str = "da", pdf: Path | None = None) -> Table:
    titles = {p.index: p.title for p in result.proposals}
    labels = pd.Index([row.label for row in table.rows], dtype="string", name="label")
    figures = [[_decimal(row.value(column)) for column in table.columns] for row in table.rows]
    df = pd.DataFrame(figures, index=labels, columns=pd.Index(table.columns, dtype="string"), dtype=object)
    rows = pd.DataFrame({
        "category": pd.Series([_text(row.category) for row in table.rows], index=labels, dtype="string"),
        "role": pd.Series(pd.Categorical([str(row.role) for row in table.rows],
                                         categories=[str(r) for r in Role]), index=labels),
        "page": pd.Series([row.page for row in table.rows], index=labels, dtype="Int64"),
    }, index=labels)
    return Table(document=result.document, id=table.id, proposal=table.proposal,
                 proposal_title=titles.get(table.proposal), page=table.page, title=table.title, unit=table.unit,
                 price_base=table.price_base, df=df, rows=rows, source=table, lang=lang, pdf=pdf)


class TableList(list[Table]):
    """`Result.tables`: a list of `Table` (in document order, then table order) that can also be
    looked up by document: `result.tables["forslag.pdf"]` is that document's tables (a list,
    empty when it has none; `KeyError` for a name that is not a document of the result)."""

    def __init__(self, tables: Iterable[Table], documents: Iterable[str]) -> None:
        super().__init__(tables)
        self.documents = list(documents)

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            if key not in self.documents:
                raise KeyError(key)
            return [t for t in self if t.document == key]
        return super().__getitem__(key)

    def by_document(self) -> dict[str, list[Table]]:
        """Document -> its tables, for every document of the result."""
        return {name: self[name] for name in self.documents}


# ---------------------------------------------------------------- the result

class Result:
    """What `check` found: the contract tables as typed DataFrames, and every table read.

    Attributes (see the module docstring for the column types):

    - `documents`: one row per input file (documents.csv);
    - `cells`: one row per number read from a financial table (cells.csv);
    - `checks`: one row per total recomputed, agreeing or not (checks.csv);
    - `findings`: one row per disagreement, with its sentence in `lang` (findings.csv);
    - `tables`: a list of `Table`, in document order then table order;
    - `document_results`: the stages' own `pipeline.model.DocumentResult` per document;
    - `summary`: the counts and speed, as in summary.json;
    - `input_dir`: the folder the document names are relative to.

    `to_folder(out)` writes the files `pipeline run` writes.
    """

    def __init__(self, reading: runner.Reading) -> None:
        """Wrap what the run's reading part found (made by `check`, not by hand)."""
        self.reading = reading
        self.document_results = sorted(reading.results, key=lambda r: r.document)
        self.lang = reading.options.lang
        self.input_dir = reading.base
        self.seconds = reading.seconds
        self.kept: list[Any] = []  # what must live as long as the result (the folder of a PDF given as bytes)

    @cached_property
    def _frames(self) -> dict[str, pd.DataFrame]:
        return {name: typed_frame(fields, rows)
                for name, (fields, rows) in _contract_rows(self.document_results, self.lang).items()}

    @property
    def documents(self) -> pd.DataFrame:
        """One row per input file: document, sha256, pages, status, error, tables, findings, checks."""
        return self._frames["documents"]

    @property
    def cells(self) -> pd.DataFrame:
        """One row per number read: where it is, its label, role, column, text as printed, exact value."""
        return self._frames["cells"]

    @property
    def checks(self) -> pd.DataFrame:
        """One row per total recomputed: stated, recomputed, difference, tolerance (exact), agrees."""
        return self._frames["checks"]

    @property
    def findings(self) -> pd.DataFrame:
        """One row per total that disagrees with its items, with a sentence naming them."""
        return self._frames["findings"]

    @cached_property
    def tables(self) -> TableList:
        """Every financial table read, shaped like the printed table (`Table.df`); also looked up
        by document (`result.tables["forslag.pdf"]`)."""
        paths = self.reading.paths
        return TableList((_table(r, t, self.lang, paths.get(r.document)) for r in self.document_results
                          for t in r.tables), (r.document for r in self.document_results))

    @property
    def summary(self) -> dict[str, Any]:
        """Counts of documents by status, pages, documents read, seconds spent reading, the
        limits and the exit code `pipeline run` would return: summary.json's fields (but the
        validation's, which `to_folder` adds when it validates)."""
        summary: dict[str, Any] = runner.unwritten(self.reading).summary
        return summary

    def __repr__(self) -> str:
        s, lang = self.summary, self.lang
        parts = [f"{s['ok']} {word(Status.OK, lang)}", f"{s['flagged']} {word(Status.FLAGGED, lang)}"]
        for status, key in ((Status.REVIEWED, "reviewed"), (Status.UNCHECKED, "unchecked"),
                            (Status.ERROR, "unreadable")):
            parts += [f"{s[key]} {word(status, lang)}"] if s.get(key) else []
        counts = [counted(key, sum(len(getattr(r, name)) for r in self.document_results), lang)
                  for name, key in (("tables", "tables"), ("checks", "api_checks"), ("findings", "api_findings"))]
        return say("api_result", lang, documents=counted("documents", s["documents"], lang),
                   statuses=", ".join(parts), counts=" · ".join(counts))

    def to_folder(self, out: PathInput, *, validate: bool = True, reports: bool = True) -> Path:
        """Write exactly what `pipeline run` writes into the folder `out` and return its path.

        The same writer as `pipeline run` (`pipeline.run.runner.write_set`): the folder becomes the
        run's own (marked; refused with `pipeline.errors.OutputFolderError` when it holds files
        the pipeline did not write or holds an input), and the whole set goes into a new
        `runs/<id>/` that `current` is switched to, with the names at the top linking into it:
        the four contract files (documents.csv, cells.csv, checks.csv, findings.csv),
        `docs/<document>/` (result.json and a CSV per table), summary.json, run.json and,
        unless switched off as with `pipeline run --no-validate --no-reports`, the validation
        (validation.html, validation.json: whether the expectations were met is in
        summary.json's `validation` line) and the reports (report.html, report.xlsx,
        parquet/).  Messages are in the language the result was checked in.
        """
        options = replace(self.reading.options, validate=validate, reports=reports)
        try:
            written = runner.write_set(Path(out), self.reading, options)
        except PipelineError as exc:
            _in_english(exc)
            raise
        return written.out


# ---------------------------------------------------------------- check
DEFAULT_NAME = "document.pdf"  # the name of a document given as bytes without one


def _as_settings(settings: SettingsInput) -> ReaderSettings:
    if settings is None:
        return DEFAULT
    if isinstance(settings, ReaderSettings):
        return settings
    if isinstance(settings, Mapping):
        return reader_settings(settings, "settings=")
    if isinstance(settings, (str, os.PathLike)):
        return load_settings(Path(settings))
    raise TypeError(f"settings must be ReaderSettings, a mapping or a TOML file, not {type(settings).__name__}")


def _bytes_of(source: Any) -> bytes | None:
    """The PDF's bytes when `source` is bytes or a binary file object; None for paths."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        return bytes(source)
    if hasattr(source, "read") and not isinstance(source, (str, os.PathLike)):
        data = source.read()
        if not isinstance(data, (bytes, bytearray)):
            raise TypeError("a file object given to check must be opened in binary mode ('rb')")
        return bytes(data)
    return None


def _paths_of(source: Any, name: str | None, keep: list[Any]) -> list[Any]:
    """The files and folders to read: `source`'s paths, or its bytes written under `name` into
    a temporary folder that lives as long as the `Result` (`keep` holds it)."""
    data = _bytes_of(source)
    if data is not None:
        folder = tempfile.TemporaryDirectory(prefix="pipeline-check-")
        keep.append(folder)
        path = Path(folder.name) / safe_name(Path(name or DEFAULT_NAME).name or DEFAULT_NAME)
        path.write_bytes(data)
        return [path]
    if name is not None:
        raise ValueError("name= names a document given as bytes or a file object, not paths")
    entries: list[Any] = [source] if isinstance(source, (str, os.PathLike)) else list(source)
    if not entries:
        raise ValueError("nothing to check: give a PDF, a folder, or a list of them")
    for entry in entries:
        if not isinstance(entry, (str, os.PathLike)):
            raise TypeError(f"expected a path (str or pathlib.Path), bytes or a binary file object, "
                            f"got {type(entry).__name__}: {entry!r}")
    return entries


def check(source: Source, *, name: str | None = None, pages: str | int | Iterable[int] | None = None,
          settings: SettingsInput = None, reader: str = DEFAULT_READER, memory_limit: int | None = None,
          lang: str = "da", second_reader: bool = True, jobs: int | None = None,
          timeout: float | None = None) -> Result:
    """Read budget proposals, recompute every total, and return what was found.

    `source`: a PDF, a folder (every `*.pdf` below it, hidden files and folders skipped,
    as `pipeline run` does), or a list of them, as `str` or `pathlib.Path`; or one PDF's
    bytes or a binary file object (`open(p, "rb")`, `io.BytesIO`), named `name` (default
    `document.pdf`).  A document's name (the `document` column) is its path relative to the
    folder that holds all the inputs: for one folder, relative to that folder (the names
    `pipeline run` gives); for one file, its file name.

    `pages`: read only these pages of each document (`"1-3,7"`, a number, or numbers from 1;
    default every page): a note says which pages were read.  `settings`: the reader's
    thresholds, a `pipeline.tables.settings.ReaderSettings`, a mapping of the settings to
    change (`{"cell_gap": 1.2}`) or a TOML settings file (see `pipeline.run.hints`).
    `reader`: `"pdfium"` (default, fast) or `"pdfplumber"` (the reference).
    `memory_limit`: MB of address space a worker may add (default 2048).

    `lang`: `"da"` (default) or `"en"`, the language of the finding sentences, notes and
    reprs.  `second_reader`: compare every figure behind a finding with camelot (see README,
    "Two readers").  `jobs`: documents read in parallel (default: the number of cores, at
    most 4).  `timeout`: seconds allowed per document read in a worker (default 120).  A
    single file is read in this process, so neither applies to it and a bug in a reading
    stage raises here with its traceback; in a batch it is recorded as the document's
    `internal` error, as `pipeline run` does.

    A file that cannot be read is not an exception: it is a row with status `error` and
    its code (`empty`, `not-pdf`, `corrupt`, `encrypted`, `no-text-layer`, `timeout`,
    `too-large`, `internal`, `not-a-file`, `unreadable`).  A path that does not exist raises
    `FileNotFoundError`; an unknown `lang` or `reader`, `jobs` < 1, `timeout` <= 0, pages or
    settings that cannot be used raise `ValueError` before anything is read.  A folder
    without any PDF gives a `Result` of no documents.
    """
    if lang not in LANGUAGES:
        raise ValueError(f"lang must be one of {', '.join(LANGUAGES)}, not {lang!r}")
    if jobs is not None and (isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1):
        raise ValueError(f"jobs must be a whole number of at least 1, not {jobs!r}")
    if timeout is not None and not timeout > 0:
        raise ValueError(f"timeout must be a positive number of seconds, not {timeout}")
    keep: list[Any] = []
    entries = _paths_of(source, name, keep)
    defaults = runner.RunOptions()
    try:
        options = runner.RunOptions(
            lang=lang, second_reader=second_reader, jobs=defaults.jobs if jobs is None else jobs,
            timeout=defaults.timeout if timeout is None else float(timeout), allow_empty=True, reader=reader,
            memory_mb=defaults.memory_mb if memory_limit is None else memory_limit,
            settings=_as_settings(settings), pages=page_selection(pages))
        found = runner.gather(entries, allow_empty=True)
    except InputMissing as exc:
        raise FileNotFoundError(error_of(exc, "en")) from None
    except UsageError as exc:
        raise ValueError(error_of(exc, "en")) from None
    try:
        result = Result(runner.read(found, options, in_process=True))
    except PipelineError as exc:
        _in_english(exc)
        raise
    result.kept = keep
    return result


def _in_english(error: PipelineError) -> None:
    """An error the API raises says its English sentence (`pipeline.errors` holds keys only)."""
    if error.key:
        error.args = (error_of(error, "en"),)
