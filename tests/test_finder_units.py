"""The table finder below the PDF layer: pages of words built by hand (tests/handpage.py), read
by `tables.finder` as a PDF's pages would be, with what it found asserted step by step."""
from __future__ import annotations

import dataclasses

import pytest
from handpage import LABEL_X0, RIGHT_EDGES, figure_line, hand_doc, hand_page, header_line, right_aligned, text_line

from pipeline.model import TextLine
from pipeline.tables.cells import NUMBER, TEXT, YEAR_CELL, cut_cells
from pipeline.tables.columns import find_columns, is_axis
from pipeline.tables.finder import TableFinder, find_tables, page_lines
from pipeline.tables.settings import DEFAULT, ReaderSettings

PROSE = ("Forslaget indebærer at driften af de kommunale ejendomme samles i en enhed "
         "som varetager rengøring og vedligehold for alle forvaltninger")


def budget_page(top: float = 100.0) -> list:
    return [
        text_line(top, "Tabel 1. Økonomiske konsekvenser", bold=True),
        header_line(top + 20, ["2027", "2028", "2029"], label="1.000 kr."),
        figure_line(top + 34, "Besparelse på drift", ["-500", "-1.000", "-1.000"]),
        figure_line(top + 48, "Øget indtægt", ["-200", "-400", "-400"]),
        figure_line(top + 62, "Samlet varig ændring", ["-700", "-1.400", "-1.400"], bold=True),
    ]


def test_cells_are_cut_at_column_gaps_and_digit_groups_join():
    line = figure_line(100, "Besparelse på drift", ["-62 079", "2027", "–"])
    cells = cut_cells(line)
    assert [c.text for c in cells] == ["Besparelse på drift", "-62 079", "2027", "–"]
    assert [c.kind for c in cells] == [TEXT, NUMBER, YEAR_CELL, "nil"]
    # a cell gap narrower than the setting: the words are one cell
    wide = dataclasses.replace(DEFAULT, cell_gap=40.0)
    assert len(cut_cells(line, wide)) < len(cells)


def test_columns_of_figures_under_one_another():
    page = hand_page(budget_page()[2:])  # the body lines
    figures = [f for info in page_lines(page) for f in info.figures]
    columns = find_columns(figures)
    assert len(columns) == 3
    assert [round(c.x1) for c in columns] == [round(x) for x in RIGHT_EDGES]
    assert all(c.money and not is_axis(c) for c in columns)


def test_a_table_found_with_its_header_caption_unit_and_rows():
    page = hand_page(budget_page() + [text_line(260, PROSE[:60]), text_line(274, PROSE[60:])])
    finder = TableFinder(hand_doc(page))
    (region,) = finder.tables
    assert finder.tables == find_tables(hand_doc(page))
    assert [c.label for c in region.columns if c.kind == "value"] == ["2027", "2028", "2029"]
    assert region.title == "Tabel 1. Økonomiske konsekvenser"
    assert region.unit_text == "1.000 kr."
    assert [ln.text.split(" -")[0] for _, ln in region.body] == [
        "Besparelse på drift", "Øget indtægt", "Samlet varig ændring"]
    assert [ln.text for ln in region.header_lines] == ["1.000 kr. 2027 2028 2029"]
    assert region.label_x1 < RIGHT_EDGES[0] - 20 and region.bbox[1][0] == LABEL_X0
    # the running text below is no part of the table
    assert region.bbox[1][3] < 260
    # what the steps did, as kept for `inspect --debug`
    steps = finder.steps[1]
    assert len(steps.blocks) == 1 and len(steps.candidates) == 3
    assert [label for _, label in steps.columns] == ["2027", "2028", "2029"]
    assert len(steps.headers) == 1 and steps.headers[0][3] <= region.body[0][1].top


def test_text_without_figures_is_no_table():
    words = [figure_line(200, "Mål", ["Høj", "Lav", "Høj"]), figure_line(214, "Dato", ["Maj", "Juni", "Juli"])]
    page = hand_page([text_line(100 + 14 * k, PROSE[:70]) for k in range(6)] + words)
    finder = TableFinder(hand_doc(page))
    assert finder.tables == []


def test_a_chart_axis_is_no_table():
    """Five figures in even steps evenly spaced down the page: the tick labels of a chart."""
    ticks = [figure_line(100 + 30 * k, "", [f"{n:,}".replace(",", ".")]) for k, n in enumerate(range(0, 2500, 500))]
    assert find_tables(hand_doc(hand_page(ticks))) == []
    figures = [f for info in page_lines(hand_page(ticks)) for f in info.figures]
    (column,) = find_columns(figures)
    assert is_axis(column)


def test_a_wide_gap_ends_the_table():
    lines = budget_page() + [figure_line(400, "Anden tabel", ["1", "2", "3"]),
                             figure_line(414, "Mere", ["4", "5", "6"])]
    regions = find_tables(hand_doc(hand_page(lines)))
    assert len(regions) == 2
    assert regions[0].bbox[1][3] < 400 <= regions[1].bbox[1][1]
    # with a gap allowed that wide, the two are one table
    loose = dataclasses.replace(DEFAULT, max_line_gap=40.0)
    assert len(find_tables(hand_doc(hand_page(lines)), loose)) == 1


@pytest.mark.parametrize("change", [dict(cell_gap=-0.1), dict(page_top=1.5), dict(max_header_lines=0),
                                    dict(rule_reach_pt=float("nan")), dict(min_figure_lines=2.5),
                                    dict(column_slack="wide")])
def test_nonsense_settings_are_refused(change):
    with pytest.raises(ValueError, match=next(iter(change))):
        ReaderSettings(**change)


def test_default_settings_are_valid_and_named():
    assert ReaderSettings() == DEFAULT
    names = [f.name for f in dataclasses.fields(ReaderSettings)]
    assert len(names) == len(set(names)) >= 60


def test_a_group_label_hyphenated_over_two_lines_heads_its_pair_of_years():
    """`Udlån og` / `garantier` and `Nedskriv-` / `ningsprocent`, each set flush right over a
    pair of year columns (`2020 2019 2020 2019`): one label per pair, the hyphenated word
    joined, never `Nedskriv-2019` beside `ningsprocent 2020`."""
    edges = (300.0, 340.0, 400.0, 440.0)
    top = 100.0
    lines = [text_line(top - 30, "Tabel 3. Udlån fordelt på brancher"),
             TextLine(right_aligned(340.0, top, "Udlån og") + right_aligned(440.0, top, "Nedskriv-")),
             TextLine(right_aligned(340.0, top + 11, "garantier") + right_aligned(440.0, top + 11, "ningsprocent")),
             figure_line(top + 22, "", ["2020", "2019", "2020", "2019"], edges=edges)]
    rows = [("Landbrug", ["7,0", "7,3", "6,0", "9,5"]), ("Handel", ["11,4", "13,4", "2,3", "1,4"]),
            ("Fast ejendom", ["157,6", "152,4", "0,7", "0,5"]), ("I alt", ["176,0", "173,1", "1,1", "1,0"])]
    lines += [figure_line(top + 36 + 14 * i, label, figures, edges=edges) for i, (label, figures) in enumerate(rows)]
    (region,) = find_tables(hand_doc(hand_page(lines)))
    assert [c.label for c in region.columns if c.kind == "value"] == [
        "Udlån og garantier 2020", "Udlån og garantier 2019", "Nedskrivningsprocent 2020", "Nedskrivningsprocent 2019"]
