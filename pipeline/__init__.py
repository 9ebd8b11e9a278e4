"""Budget-proposal checker: read PDFs, rebuild their financial tables, recompute every total.

Stages, one module each, plain data between them (`pipeline.model`):

    read       PDF -> pages of words and rules                 (pipeline.read)
    locate     pages -> table regions, columns, captions        (pipeline.locate)
    rows       regions -> rows, labels, categories              (pipeline.rows)
    numbers    cell text -> Danish numbers, roles               (pipeline.numbers, pipeline.values)
    crosscheck a second reader (camelot) compares every figure  (pipeline.crosscheck)
    structure  rows -> what each total adds                     (pipeline.structure)
    reconcile  totals recomputed with rounding; text vs tables  (pipeline.reconcile, pipeline.narrative)
    validate   Great Expectations over the extracted data       (pipeline.validate)
    report     contract CSVs, HTML, Excel, Parquet              (pipeline.report, report_html, report_xlsx)
    notify     what changed, e-mail, state                      (pipeline.notify, pipeline.state, pipeline.nightly)

`pipeline.process` runs one document through the reading stages, `pipeline.batch` a
folder of them in worker processes, `pipeline.cli` is the command.
"""

__version__ = "0.1.0"
