"""Budget-proposal checker: read PDFs, rebuild their financial tables, recompute every total.

Stages, one folder each, in the order the data takes; plain data between them
(`pipeline.model`), the errors and their exit codes in `pipeline.errors`:

    read/      PDF -> pages of words, lines and rules          gate, chars, pdfium, plumber,
                                                               words, reader
    tables/    pages -> table regions, columns, captions;     finder, rows, numbers, values,
               rows and labels; Danish numbers, roles          settings, vocabulary, geometry
    checks/    what each total adds; totals recomputed with    structure, arithmetic, reconcile,
               rounding; text vs tables; camelot re-reads      narrative, crosscheck
               the tables behind a finding
    report/    contract CSVs, HTML, Excel, Parquet; Great      files, html, xlsx, validate
               Expectations over what was written
    notify/    what changed, e-mail, the nightly's state       nightly, message, state, serial
    run/       a folder in worker processes, the output set    runner, discover, batch,
                                                               outputs, distributed, faults
    text/      every sentence people read, Danish and English  messages
    debug/     `pipeline inspect`: pictures of what was read   inspect

`pipeline.process` runs one document through the reading stages, `pipeline.run.batch` a
folder of them in worker processes (`pipeline.isolation`), `pipeline.cli` is the command.

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
    from pipeline.api import Result, Table, check


def __getattr__(name: str) -> Any:
    """`pipeline.check`, `pipeline.Result`, `pipeline.Table`: loaded from `pipeline.api` when first used."""
    if name in ("check", "Result", "Table"):
        from pipeline import api

        return getattr(api, name)
    raise AttributeError(f"module 'pipeline' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
