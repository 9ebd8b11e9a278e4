"""The reader's thresholds, named, in one place (in the spirit of pdfplumber's `TableSettings`).

Distances are in ems where they were written against the type size: multiples of the type size
of the text they are measured on, so the same settings read an 8-point bank report and a
12-point memo.  Distances that the code has always measured in points (PDF units, 1/72 inch)
keep that unit, and their names end in `_pt`: turning them into ems would move a table edge by
a fraction of a point on some page and change what is read, so they keep their exact values.
Line-height and page-fraction settings say so in their comments.  Change them with
`dataclasses.replace(DEFAULT, …)` and pass the result to `finder.find_tables` (or
`finder.TableFinder`); `pipeline inspect --debug` draws what each step found with them.
Nonsense values (negative distances, fractions outside 0–1, counts below one) are refused with
an `InvalidSetting` (a `ValueError`) when the settings are made; `settings_from` makes them from
a mapping (a settings file's keys), refusing a name that is not a setting (`UnknownSetting`).
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from typing import Any

# Settings that are fractions of the page (or of a list): between 0 and 1.
_FRACTIONS = ("page_bottom", "page_top", "floorless_page_end", "prose_width", "gutter_line_start",
              "running_share", "floor_quantile", "axis_evenness", "proposal_start_depth", "title_depth",
              "ratio_precision")


class InvalidSetting(ValueError):
    """A setting's value that cannot be used: `rule` says which rule it breaks (`number`,
    `finite`, `whole`, `negative`, `fraction`)."""

    def __init__(self, name: str, rule: str, value: Any, message: str) -> None:
        super().__init__(message)
        self.name, self.rule, self.value = name, rule, value


class UnknownSetting(ValueError):
    """A name that is not one of `ReaderSettings`' fields."""

    def __init__(self, name: str) -> None:
        super().__init__(f"{name!r} is not a reader setting")
        self.name = name


@dataclass(frozen=True)
class ReaderSettings:
    # ---- cells on a line
    cell_gap: float = 0.85  # words further apart than this (ems) are in different cells
    number_join_gap: float = 0.5  # digit groups at most this far apart form one number (`-62 079`)
    decimal_point_evidence: int = 2  # cells readable only with a decimal point (`12.07`) that make a column one
    min_em_pt: float = 4.0  # the smallest type size (points) a gap is measured against
    segment_size_pt: float = 8.0  # the type size (points) assumed for a cell whose words have none
    min_line_height_pt: float = 1.0  # a text line is at least this tall (points)
    # ---- columns of figures
    column_slack: float = 0.3  # figures whose boxes overlap, or come this close (ems), share a column
    edge_slack_factor: float = 2.0  # figures of one line split by edges: `column_slack` times this (ems)
    min_column_figures: int = 2  # a column needs figures on at least this many lines
    piece_gap: float = 0.4  # pieces of a run-together text cell are at least this far apart (ems)
    home_tolerance: float = 1.0  # a piece lines up with a column within this (ems)
    axis_evenness: float = 0.15  # steps of a chart axis differ by at most this fraction
    axis_steps: int = 4  # equal steps in a row (five figures) that make a chart's axis
    # ---- the extent of a table
    max_line_gap: float = 2.8  # a vertical gap larger than this (line heights) ends a table
    header_gap: float = 2.2  # a header line at most this far (line heights) above the body
    caption_gap: float = 3.0  # a caption at most this many `header_gap`s above the header
    max_header_lines: int = 6  # lines above the body that can make up its header
    title_lines: int = 3  # lines above the header lines that may be title lines
    max_size_change: float = 1.25  # body lines differing more in type size (points) are footnotes
    min_figure_lines: int = 2  # a table has figures on at least this many lines
    young_block_lines: int = 3  # a block with fewer figure lines takes a line with one aligned figure
    page_bottom: float = 0.72  # a table reaching below this fraction of the page may go on overleaf
    page_top: float = 0.2  # running headers live above this fraction of the page
    page_end_lines: float = 3.0  # a table ending within this many lines of the text's usual bottom may go on
    floorless_page_end: float = 0.5  # without a usual bottom: a table ending below this fraction of the page
    continuation_lines: int = 60  # lines of label text a continued table may open with
    repeated_header_lines: int = 8  # lines at the top of the next page searched for a repeated header
    prose_label_depth: float = 4.0  # text starting this far (ems) inside the label column runs across it
    prose_words: int = 3  # ... with at least this many words
    prose_cross_words: int = 6  # a text cell over two columns with this many words is running text
    rule_reach_pt: float = 40.0  # a vertical rule this far (points) beside the figures joins a grid
    rule_join_x_pt: float = 1.0  # rule pieces this close in x (points) are one rule
    rule_join_gap_pt: float = 2.0  # ... and joined across gaps this small (points)
    rule_slack_pt: float = 2.0  # a rule this close (points) to a table's box is the table's
    rules_margin_pt: float = 3.0  # the table's box is searched for rules this far (points) below it
    trailing_gap: float = 0.9  # a label line after the last figures at most this far below (line heights)
    trailing_size_change: float = 0.6  # ... and at most this different in type size (points)
    trailing_lines: int = 4  # ... among the first this many lines after the figures
    running_min_pages: int = 3  # a running header or footer is on at least this many pages
    running_share: float = 0.3  # ... or on this fraction of the pages, if more
    floor_quantile: float = 0.8  # the text's usual bottom: this quantile of the pages' last lines
    # ---- text columns and side-by-side tables
    prose_min_words: int = 4  # running text has at least this many words
    prose_width: float = 0.2  # ... across at least this fraction of the page
    gutter_gap: float = 1.2  # a gap this wide (ems) between cells may hold a gutter
    gutter_line_start: float = 0.3  # a line starting right of this fraction of the page may have a gutter left of it
    gutter_margin: float = 0.6  # ... this far (ems) left of its first cell
    gutter_tried_pt: float = 12.0  # gutters this close (points) to one already tried are the same
    gutter_prose_lines: int = 3  # lines of running text on each side of a gutter
    area_margin_pt: float = 0.01  # the areas cut at a gutter overlap its lines by this much (points)
    side_band_lines: int = 3  # lines with a label between figure columns that make side-by-side tables
    side_band_spread_pt: float = 30.0  # those labels start within this distance (points) of their median
    side_band_margin_pt: float = 2.0  # the cut lies this far (points) left of them
    side_band_label_chars: int = 4  # such a label has at least this many characters
    # ---- header, caption, category and note columns
    header_pad_left: float = 4.0  # the first column's header may start this far (ems) left of it
    header_cell_reach: float = 2.0  # a line's first cell over the columns starts at most this far (ems) left
    flush_header_width: float = 3.0  # a first header cell set flush right over a column: at most this many widths of it
    header_year_slack: float = 0.5  # a header year this close (ems) to a column stands over it
    header_row_gap: float = 0.5  # header lines at most this far apart (line heights) are one header row
    header_label_margin_pt: float = 1.0  # a header cell ending this far (points) left of the columns is over them
    section_reach_pt: float = 2.0  # a section line ends at most this far (points) right of the label column
    max_tentative_lines: int = 2  # label-area lines between header lines kept as header
    title_size_step_pt: float = 0.5  # a title line is this much (points) larger than the body, or bold
    max_title_lines: int = 2  # lines above a table without a header kept as its title
    caption_tail_lines: int = 3  # lines at the foot of the page before searched for the caption
    ruling_min_rules: int = 3  # rules (each way) that make a table ruled
    category_align_pt: float = 3.0  # category words within this distance (points) stand in one column
    category_min_rows: int = 2  # category words on at least this many rows make a column
    marker_gap_pt: float = 2.0  # header words this far (points) right of the columns are a marker column
    inherit_slack_pt: float = 4.0  # columns this close (points) to the table before share its header
    note_ref_max_chars: int = 6  # a note reference left of a label has at most this many characters
    note_ref_share: int = 3  # one figure line in this many has a note reference, at least
    note_ref_margin_pt: float = 0.5  # labels start this far (points) right of where the note column ends
    note_label_spread: float = 2.0  # single labels starting within this many ems of one another
    note_label_align_pt: float = 2.0  # ... their median at most this far (points) right of the leftmost
    note_text_gap: float = 1.5  # text left of a label at least this far (ems) from it is another column
    # ---- rows and hierarchy
    indent_step: float = 0.6  # a label starting this much (ems) to the right is a level deeper
    max_indent: float = 8.0  # ... but one starting further right than this (ems) is not indented: placed by a marker
    size_step: float = 0.6  # a label this much (points) smaller is a level deeper
    flush_right_slack: float = 0.15  # labels of different lengths ending this close (ems) are set flush right
    indent_stop_rows: int = 3  # ... unless this many rows start where they start (an indentation stop)
    word_space: float = 0.45  # words this close (ems) form one phrase (`3 år`, `1.000 kr.`)
    min_word_size_pt: float = 6.0  # the smallest type size (points) a word space or label gap is measured on
    label_edge_pt: float = 1.0  # a word this far (points) into the value columns is beyond the label
    slot_width_pt: float = 40.0  # the x-interval (points) a lone value column owns
    row_gap_pt: float = 2.0  # a label line is nearer one neighbour when its gap is this much (points) smaller
    ruled_label_reach_pt: float = 60.0  # a row rule crosses this much (points) of the label column
    ruled_label_start_pt: float = 4.0  # ... starting at most this far (points) right of the labels
    ruling_slack_pt: float = 2.0  # a rule this close (points) to a line is above or below it
    # ---- columns that do not add (the structure of totals)
    ratio_rows: int = 3  # rows that must all show a column as one column over another, scaled, to make it a ratio
    ratio_precision: float = 0.01  # ... each such row pinning the ratio this closely (a fraction of the figure)
    # ---- proposals
    heading_size_step_pt: float = 1.5  # a heading is this much (points) larger than the body text
    bold_heading_size_step_pt: float = 0.5  # ... or bold and this much larger
    max_heading_chars: int = 160  # a heading has at most this many characters
    body_line_chars: int = 60  # lines longer than this are body text (their size is the body's)
    cover_lines: int = 12  # a first page with at most this many lines is a cover
    proposal_start_depth: float = 0.15  # a proposal starting below this page fraction: the page before is not its
    title_depth: float = 0.4  # a document's title is in this top fraction of page 1
    title_size_tolerance_pt: float = 0.6  # lines this close (points) to the largest type make the title

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise InvalidSetting(f.name, "number", value,
                                     f"ReaderSettings.{f.name} must be a number, not {value!r}")
            if value != value or value in (float("inf"), float("-inf")):
                raise InvalidSetting(f.name, "finite", value, f"ReaderSettings.{f.name} must be finite, not {value!r}")
            if f.type in ("int", int) and (not isinstance(value, int) or value < 1):
                raise InvalidSetting(f.name, "whole", value,
                                     f"ReaderSettings.{f.name} must be a whole number of at least 1, not {value!r}")
            if value < 0:
                raise InvalidSetting(f.name, "negative", value,
                                     f"ReaderSettings.{f.name} must not be negative, not {value!r}")
            if f.name in _FRACTIONS and value > 1:
                raise InvalidSetting(f.name, "fraction", value,
                                     f"ReaderSettings.{f.name} is a fraction between 0 and 1, not {value!r}")

    def changed(self) -> dict[str, float]:
        """The settings that differ from the defaults, by name (what a run records and a cached
        result's key includes)."""
        return {f.name: getattr(self, f.name) for f in fields(self)
                if getattr(self, f.name) != getattr(DEFAULT, f.name)}


DEFAULT = ReaderSettings()


def settings_from(values: Mapping[str, Any], base: ReaderSettings | None = None) -> ReaderSettings:
    """`base` (the defaults) with the settings named in `values` changed; a name that is not a
    setting raises `UnknownSetting`, a value that breaks a setting's rule `InvalidSetting`."""
    known = {f.name for f in fields(ReaderSettings)}
    for name in values:
        if name not in known:
            raise UnknownSetting(str(name))
    return replace(base or DEFAULT, **dict(values))


def known_settings() -> list[str]:
    """The names of every reader setting, in the order of `ReaderSettings`."""
    return [f.name for f in fields(ReaderSettings)]
