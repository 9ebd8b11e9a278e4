"""Stage 8c: typed Parquet copies of the contract tables, for data users."""
from __future__ import annotations

import io
from pathlib import Path

from pipeline.report.files import write_atomic


def write_parquet(out: Path) -> list[Path]:
    """Typed Parquet copies of the three contract tables, in `parquet/`."""
    import pandas as pd

    written = []
    counts = {"documents.csv": ["pages", "tables", "findings"], "cells.csv": ["proposal", "page", "row"],
              "findings.csv": ["proposal", "page"]}
    measures = {"documents.csv": [], "cells.csv": ["value", "value_dkk", "x0", "top", "x1", "bottom"],
                "findings.csv": ["stated", "recomputed", "difference"]}
    for name in counts:
        frame = pd.read_csv(out / name, dtype=str, keep_default_na=False)
        for c in counts[name]:  # stable types from run to run: whole numbers may be missing
            frame[c] = pd.to_numeric(frame[c].replace("", None), errors="coerce").astype("Int64")
        for c in measures[name]:
            frame[c] = pd.to_numeric(frame[c].replace("", None), errors="coerce").astype("float64")
        buf = io.BytesIO()
        frame.to_parquet(buf, index=False)
        target = out / "parquet" / name.replace(".csv", ".parquet")
        write_atomic(target, buf.getvalue())
        written.append(target)
    return written
