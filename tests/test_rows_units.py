"""The rows stage below the PDF layer: pages of words built by hand (tests/handpage.py), tables
found by `tables.finder`, rows rebuilt by `tables.rows` and typed by `tables.values`, with the
rows, their joined labels, cells, roles and levels asserted."""
from __future__ import annotations

from handpage import LABEL_X0, SIZE, figure_line, hand_doc, hand_page, header_line, text_line

from pipeline.checks.structure import levels
from pipeline.model import RawTable, Table
from pipeline.tables import rows, values
from pipeline.tables.finder import find_tables


def read(body: list, top: float = 100.0) -> tuple[RawTable, Table]:
    """One table: a caption, a header of three years, then `body` (lines from top + 34 down)."""
    page = hand_page([text_line(top, "Tabel 1. Økonomiske konsekvenser", bold=True),
                      header_line(top + 20, ["2027", "2028", "2029"], label="1.000 kr.")] + body)
    (region,) = find_tables(hand_doc(page))
    raw = rows.build_rows(region)
    return raw, values.type_table(raw, "p1-t1")


def at(k: int, top: float = 100.0) -> float:
    return top + 34 + 14 * k


def test_each_line_of_figures_is_a_row_with_its_cells():
    raw, table = read([figure_line(at(0), "Besparelse på drift", ["-500", "-1.000", None]),
                       figure_line(at(1), "Øget indtægt", ["-200", "-400", "-400"])])
    assert [r.label for r in raw.rows] == ["Besparelse på drift", "Øget indtægt"]
    assert [[c.column for c in r.cells] for r in raw.rows] == [["2027", "2028"], ["2027", "2028", "2029"]]
    assert [str(c.value) for c in table.rows[0].cells.values()] == ["-500", "-1000"]


def test_a_hyphen_wrap_is_closed_and_a_real_hyphen_kept():
    raw, _ = read([figure_line(at(0), "Etablering af forløbspro-", ["100", "200", "300"]),
                   text_line(at(1), "gram"),
                   figure_line(at(2), "Styrket kompetence-", ["10", "20", "30"]),
                   text_line(at(3), "og konceptudvikling"),
                   figure_line(at(4), "Drift", ["1", "2", "3"])])
    assert [r.label for r in raw.rows] == ["Etablering af forløbsprogram", "Styrket kompetence- og konceptudvikling",
                                           "Drift"]


def test_figures_on_the_last_line_of_a_wrapped_label():
    """`Udgifter til` ends on a dangling word: the next line, with the figures, is the same row."""
    raw, _ = read([figure_line(at(0), "Besparelse", ["-5", "-5", "-5"]),
                   text_line(at(1), "Udgifter til"),
                   figure_line(at(2), "rengøring af skoler", ["100", "200", "300"])])
    assert [r.label for r in raw.rows] == ["Besparelse", "Udgifter til rengøring af skoler"]
    assert [c.text for c in raw.rows[1].cells] == ["100", "200", "300"]
    assert raw.rows[1].bbox[1] == at(1)  # the row starts at its label's first line


def test_two_lines_of_figures_are_never_one_row():
    raw, _ = read([figure_line(at(0), "Løn og", ["1", "2", "3"]),
                   figure_line(at(1), "drift", ["4", "5", "6"])])
    assert [r.label for r in raw.rows] == ["Løn og", "drift"]


def test_roles_and_levels_from_words_and_indentation():
    indent = LABEL_X0 + 1.5 * SIZE
    _, table = read([figure_line(at(0), "Skoler", ["300", "300", "300"]),
                     figure_line(at(1), "Løn", ["200", "200", "200"], x0=indent),
                     figure_line(at(2), "Drift", ["100", "100", "100"], x0=indent),
                     figure_line(at(3), "Heraf vikarer", ["50", "50", "50"]),
                     figure_line(at(4), "Samlet varig ændring", ["300", "300", "300"], bold=True)])
    assert [r.role for r in table.rows] == ["item", "item", "item", "heraf", "total"]
    level = levels(table)
    assert level[0] == 0 < level[1] == level[2]  # the indented rows a level (or more) below `Skoler`
    assert level[3] == level[4] == 0
    assert table.rows[1].style.x0 == indent and table.rows[4].style.bold
