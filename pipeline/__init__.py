"""Budget-proposal checker: read PDFs, rebuild their financial tables, recompute every total.

Stages, one module each, plain data between them (`pipeline.model`):

    read      PDF -> pages of words and rules            (pipeline.read)
    locate    pages -> table regions, columns, captions  (pipeline.locate)
    rows      regions -> rows, labels, roles             (pipeline.rows)
    numbers   cell text -> Danish numbers                (pipeline.numbers, pipeline.values)
    structure rows -> which rows each total adds         (pipeline.structure)
    reconcile totals recomputed with rounding            (pipeline.reconcile, pipeline.narrative)
    report    contract CSVs, per-document files          (pipeline.report)
"""

__version__ = "0.1.0"
