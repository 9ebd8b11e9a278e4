"""The reader's thresholds, named, in one place (in the spirit of pdfplumber's `TableSettings`).

Distances are in ems: multiples of the type size of the text they are measured on, so
the same settings read an 8-point bank report and a 12-point memo.  Change them with
`dataclasses.replace(DEFAULT, …)` and pass the result to `locate.find_tables`; `pipeline
inspect --debug` draws what each step found with them.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ReaderSettings:
    # ---- cells on a line
    cell_gap: float = 0.85  # words further apart than this (ems) are in different cells
    number_join_gap: float = 0.5  # digit groups at most this far apart form one number (`-62 079`)
    decimal_point_evidence: int = 2  # cells readable only with a decimal point (`12.07`) that make a column one
    # ---- columns of figures
    column_slack: float = 0.3  # figures whose boxes overlap, or come this close (ems), share a column
    min_column_figures: int = 2  # a column needs figures on at least this many lines
    # ---- the extent of a table
    max_line_gap: float = 2.8  # a vertical gap larger than this (line heights) ends a table
    header_gap: float = 2.2  # a header line at most this far (line heights) above the body
    max_header_lines: int = 6  # lines above the body that can make up its header
    max_size_change: float = 1.25  # body lines differing more in type size (points) are footnotes
    min_figure_lines: int = 2  # a table has figures on at least this many lines
    page_bottom: float = 0.72  # a table reaching below this fraction of the page may go on overleaf
    page_top: float = 0.2  # running headers live above this fraction of the page
    page_end_lines: float = 3.0  # a table ending within this many lines of the text's usual bottom may go on
    continuation_lines: int = 60  # lines of label text a continued table may open with
    # ---- rows and hierarchy
    indent_step: float = 0.6  # a label starting this much (ems) to the right is a level deeper
    size_step: float = 0.6  # a label this much (points) smaller is a level deeper
    flush_right_slack: float = 0.15  # labels of different lengths ending this close (ems) are set flush right


DEFAULT = ReaderSettings()
