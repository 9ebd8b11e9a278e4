"""Budget-proposal checker: read PDFs, rebuild their financial tables, recompute every total.

Stages, one module each, plain data between them (`pipeline.model`):

    read       PDF -> pages of words and rules                 (pipeline.read)
    locate     pages -> table regions, columns, captions        (pipeline.locate)
    rows       regions -> rows, labels, categories              (pipeline.rows)
    numbers    cell text -> Danish numbers, roles               (pipeline.numbers, pipeline.values)
    structure  rows -> what each total adds                     (pipeline.structure)
    reconcile  totals recomputed with rounding; text vs tables  (pipeline.reconcile, pipeline.narrative)
    crosscheck camelot reads the tables behind a finding again;  (pipeline.crosscheck)
               a finding on a figure it reads differently is held back
    validate   Great Expectations over the extracted data       (pipeline.validate)
    report     contract CSVs, HTML, Excel, Parquet              (pipeline.report, report_html, report_xlsx)
    notify     what changed, e-mail, state                      (pipeline.notify, pipeline.state, pipeline.nightly)

`pipeline.process` runs one document through the reading stages, `pipeline.batch` a
folder of them in worker processes, `pipeline.cli` is the command.

The Python API (`pipeline.api`, documented there and in the README):

    check(path_or_paths, *, lang="da", second_reader=True, jobs=None, timeout=None) -> Result
    Result     .documents .cells .checks .findings (typed DataFrames), .tables, .to_folder(out)
    Table      one financial table: .df shaped like the printed table, and its metadata

They are imported on first use, so the `pipeline` command does not pay for pandas at start.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["Result", "Table", "__version__", "check"]

if TYPE_CHECKING:
    from .api import Result, Table, check


def __getattr__(name: str) -> Any:
    """`pipeline.check`, `pipeline.Result`, `pipeline.Table`: loaded from `pipeline.api` when first used."""
    if name in ("check", "Result", "Table"):
        from . import api

        return getattr(api, name)
    raise AttributeError(f"module 'pipeline' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
