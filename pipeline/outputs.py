"""Everything a run writes for a folder, in one place: `pipeline run` and `pipeline nightly`
write the same files.

contract CSVs → (validation) → HTML report, Excel workbook, Parquet copies.
"""
from __future__ import annotations

from pathlib import Path

from .model import DocumentResult
from .report import remove_stale, write_contract


def write_outputs(out: Path, input_dir: Path, results: list[DocumentResult], *, lang: str = "da",
                  validate: bool = True, reports: bool = True):
    """Write the folder's outputs; return the validation outcomes (None when not validated)."""
    write_contract(out, results, lang)
    remove_stale(out, {r.document for r in results})
    outcomes = None
    if validate:
        from .validate import validate as run_validation

        outcomes = run_validation(out, lang)
    if reports:
        from .report_html import write_html
        from .report_xlsx import write_parquet, write_xlsx

        write_html(out, input_dir, results, lang, outcomes)
        write_xlsx(out, results, lang)
        write_parquet(out)
    return outcomes
