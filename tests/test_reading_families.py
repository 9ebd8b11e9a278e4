"""Reading the layouts of issue 17's families below the PDF layer: pages of words built by hand
(tests/handpage.py), tables found by `tables.finder`, rows by `tables.rows`.

Each test holds one rule of geometry that a family needed: a head over the label column is
the label column's (`Udvalg / bevillingsområde`), rules above subtotals set groups apart and
are no row borders, the longest gutter of a two-column page wins, a header set tight is cut
over its columns, a table broken early on its page goes on where the next page opens with its
figures, a carried row is no running header, and one column of figures with no label is a
piece of a chart's axis."""
from __future__ import annotations

from handpage import (
    LABEL_X0,
    RIGHT_EDGES,
    SIZE,
    figure_line,
    hand_doc,
    hand_page,
    header_line,
    right_aligned,
    text_line,
    words_at,
)

from pipeline.model import ColumnKind, PageContent, Rule, TextLine, Word
from pipeline.tables import rows
from pipeline.tables.blocks import text_columns
from pipeline.tables.finder import find_tables, page_lines
from pipeline.tables.proposals import assign_proposals, find_proposals
from pipeline.tables.settings import DEFAULT

PROSE_L = "Forslaget indebærer at driften samles i en enhed"
PROSE_R = "som varetager rengøring og vedligehold for alle"


def at(k: int, top: float = 120.0) -> float:
    return top + 14 * k


def labels_of(page_or_doc) -> list[list[str]]:
    doc = page_or_doc if hasattr(page_or_doc, "pages") else hand_doc(page_or_doc)
    return [[r.label for r in rows.build_rows(region).rows] for region in find_tables(doc)]


# ---------------------------------------------------------------- the label column's own head
def test_a_category_word_over_the_labels_names_the_label_column_not_a_column_of_its_own():
    page = hand_page([header_line(at(0), ["Budget", "Regnskab", "Afvigelse"], label="Udvalg / bevillingsområde"),
                      figure_line(at(1), "Veje og trafik", ["359,5", "339,7", "-11,2"]),
                      figure_line(at(2), "Puljer", ["273,2", "258,7", "10,1"]),
                      figure_line(at(3), "Teknik i alt", ["632,7", "598,4", "-1,1"], bold=True)])
    (region,) = find_tables(hand_doc(page))
    assert not any(c.kind == ColumnKind.CATEGORY for c in region.columns)
    raw = rows.build_rows(region)
    assert [r.label for r in raw.rows] == ["Veje og trafik", "Puljer", "Teknik i alt"]
    assert all(r.category is None for r in raw.rows)


def test_a_styringsomraade_column_right_of_the_labels_is_still_one():
    cat_x0 = LABEL_X0 + 160
    head = TextLine(header_line(at(0), ["2027", "2028", "2029"]).words
                    + [Word("Styringsområde", cat_x0, at(0), cat_x0 + 70, at(0) + SIZE, SIZE, True)])

    def line(k: int, label: str, cat: str, figures: list[str]) -> TextLine:
        ln = figure_line(at(k), label, figures)
        return TextLine(sorted(ln.words + [Word(cat, cat_x0, at(k), cat_x0 + 5 * len(cat), at(k) + SIZE, SIZE)],
                               key=lambda w: w.x0))

    page = hand_page([head, line(1, "Drift", "Service", ["1", "2", "3"]), line(2, "Tilskud", "Anlæg", ["4", "5", "6"])])
    (region,) = find_tables(hand_doc(page))
    assert [c.kind for c in region.columns][0] == ColumnKind.CATEGORY
    assert [r.category for r in rows.build_rows(region).rows] == ["Service", "Anlæg"]


# ---------------------------------------------------------------- rules above subtotals
def test_rules_above_the_subtotals_set_groups_apart_and_a_heading_after_a_subtotal_is_its_own_row():
    """A rule above each subtotal leaves the subtotal and the next committee's heading in one
    band, while other bands hold several lines of figures: the rules are no row borders."""
    body = [text_line(at(1), "Social- og Sundhedsudvalget", bold=True),
            figure_line(at(2), "Voksenhandicap", ["164,1", "181,0", "-4,0"]),
            figure_line(at(3), "Ældrepleje", ["349,7", "355,9", "19,9"]),
            figure_line(at(4), "Social- og Sundhedsudvalget", ["513,8", "536,9", "15,9"], bold=True),
            text_line(at(5), "Børne- og Skoleudvalget", bold=True),
            figure_line(at(6), "Folkeskoler", ["359,3", "354,6", "-5,7"]),
            figure_line(at(7), "Dagtilbud", ["639,5", "692,4", "10,8"]),
            figure_line(at(8), "Børne- og Skoleudvalget i alt", ["998,8", "1.047,0", "5,1"], bold=True)]
    width = (LABEL_X0 - 4, RIGHT_EDGES[-1] + 4)
    rules = [Rule(width[0], y, width[1], y) for y in (at(0) + 12, at(4) - 2, at(6) - 2, at(8) - 2, at(9))]
    page = PageContent(1, 595.0, 842.0, [header_line(at(0), ["Budget", "Korrigeret", "Afvigelse"])] + body, rules)
    (labels,) = labels_of(hand_doc(page))
    assert labels == ["Social- og Sundhedsudvalget", "Voksenhandicap", "Ældrepleje", "Social- og Sundhedsudvalget",
                      "Børne- og Skoleudvalget", "Folkeskoler", "Dagtilbud", "Børne- og Skoleudvalget i alt"]


def test_rules_between_every_row_are_row_borders_still():
    """A grid: each band one row, the figures on the first line of a label wrapped in two."""
    lines = [header_line(at(0), ["2027", "2028", "2029"]),
             figure_line(at(1), "Tilbagebetalingstid baseret", ["1", "2", "3"]),
             text_line(at(2), "Totaløkonomi"),
             figure_line(at(3), "Drift", ["4", "5", "6"]),
             figure_line(at(4), "Anlæg", ["7", "8", "9"])]
    width = (LABEL_X0 - 4, RIGHT_EDGES[-1] + 4)
    rules = [Rule(width[0], y, width[1], y) for y in (at(1) - 2, at(3) - 2, at(4) - 2, at(5) - 2)]
    (labels,) = labels_of(hand_doc(PageContent(1, 595.0, 842.0, lines, rules)))
    assert labels == ["Tilbagebetalingstid baseret Totaløkonomi", "Drift", "Anlæg"]


# ---------------------------------------------------------------- a table beside prose
def test_the_longest_gutter_of_a_two_column_page_wins_and_the_table_in_the_left_column_keeps_its_header():
    """Left column: prose, then a narrow table; right column: prose all the way down. One left
    line ends late, so a gutter just left of it holds only above that line; the gutter right
    of it holds all the way down, and it is the one taken."""
    size = 8.0
    short, long_ = "Forslaget indebærer at driften samles i", "Forslaget indebærer at driften samles i en ny enhed"
    short_end = text_line(0, short, size=size).words[-1].x1
    long_end = text_line(0, long_, size=size).words[-1].x1
    edges = (175.0, 215.0, 255.0)
    right_x0 = max(long_end, edges[-1]) + 10  # a gap left of the right column on every line
    assert (short_end + right_x0) / 2 < long_end  # the gap's middle on the other lines: left of the long line's end

    def both(top: float, left: str) -> TextLine:
        return TextLine(text_line(top, left, size=size).words + text_line(top, PROSE_R, x0=right_x0, size=size).words)

    def row(top: float, label: str, figures: list[str]) -> TextLine:
        words = [Word(w.text, w.x0, w.top, w.x1, w.top + size, size)
                 for w in figure_line(top, label, figures, edges=edges).words]
        return TextLine(words + text_line(top, PROSE_R, x0=right_x0, size=size).words)

    lines = [text_line(60, "Forslag: Husleje og drift af lokaler " + PROSE_L + " " + PROSE_R, size=size)]
    lines += [both(at(k, 80), long_ if k == 4 else short) for k in range(9)]
    top = at(9, 80)
    years = [Word(y, edge - 16, top, edge, top + size, size, True)
             for y, edge in zip(("2022", "2023", "2024"), edges, strict=True)]
    lines += [TextLine(years + text_line(top, PROSE_R, x0=right_x0, size=size).words)]
    lines += [row(top + 12, "Hjemmepleje", ["-2.457", "-4.776", "4.930"]),
              row(top + 24, "Aflastning", ["4.706", "1.173", "4.684"]),
              row(top + 36, "Økonomi i alt", ["2.249", "-3.603", "9.614"])]
    lines += [both(top + 48 + 12 * k, short) for k in range(3)]
    page = hand_page(lines)
    cuts = text_columns(page, page_lines(page), DEFAULT)
    left = [a for a in cuts if a[0] == 0.0 and a[1] < page.width]
    assert len(left) == 1 and long_end < left[0][1] < right_x0 and left[0][2] < at(0, 80) \
        and left[0][3] > top + 36  # one gutter, right of the long line, down past the table
    (region,) = find_tables(hand_doc(page))
    assert [c.label for c in region.columns if c.kind == ColumnKind.VALUE] == ["2022", "2023", "2024"]
    assert [r.label for r in rows.build_rows(region).rows] == ["Hjemmepleje", "Aflastning", "Økonomi i alt"]


# ---------------------------------------------------------------- a header set tight
def test_a_header_set_tight_over_its_columns_is_cut_into_its_labels():
    """`Regnskab 2027 Regnskab 2026 Regnskab 2025`: one cell by the word gaps (under a cell gap),
    starting well left of the first column, its pieces each ending at a column's right edge."""
    edges = (300.0, 370.0, 440.0)  # pieces 62.5 wide: 7.5 apart, under a cell gap (8.5)
    head: list[Word] = []
    for year, edge in zip(("2027", "2026", "2025"), edges, strict=True):
        head += [Word("Regnskab", edge - 62.5, at(0), edge - 22.5, at(0) + SIZE, SIZE, True),
                 Word(year, edge - 20, at(0), edge, at(0) + SIZE, SIZE, True)]
    page = hand_page([TextLine(head),
                      figure_line(at(1), "Veje og trafik", ["84,99", "89,34", "89,86"], edges=edges),
                      figure_line(at(2), "Miljø og natur", ["198,12", "199,30", "206,58"], edges=edges),
                      figure_line(at(3), "I alt", ["283,11", "288,64", "296,44"], edges=edges)])
    (region,) = find_tables(hand_doc(page))
    assert [c.label for c in region.columns if c.kind == ColumnKind.VALUE] == \
        ["Regnskab 2027", "Regnskab 2026", "Regnskab 2025"]


# ---------------------------------------------------------------- over pages
def _list_page(number: int, first: str, k0: int, n: int, header: bool, carried: str | None = None,
               title: str | None = None) -> PageContent:
    lines = [text_line(at(-2), title, bold=True)] if title else []
    lines += [header_line(at(0), ["Budget", "Regnskab"])] if header else []
    if carried is not None:
        lines.append(figure_line(at(1), "Overført fra forrige side", [carried, carried]))
    lines += [figure_line(at(2 + k), f"{first} {k0 + k}", [str(100 + k), str(200 + k)]) for k in range(n)]
    lines.append(text_line(800, f"Side {number}", x0=280))
    return hand_page(lines, number)


def _prose_page(number: int) -> PageContent:
    """A page of running text down to the foot: the document's text usually reaches low."""
    return hand_page([text_line(100 + 20 * k, PROSE_L + " " + PROSE_R) for k in range(33)], number)


def test_a_table_broken_high_on_its_page_goes_on_where_the_next_page_opens_with_its_figures():
    """Page 1 ends with the table a third of the way down; page 2 opens with figures in the
    same columns and no header: one table. Its `Overført fra forrige side` at the same height
    on pages 2 and 3 (`side` and a figure) is a row, not a running header."""
    doc = hand_doc(_list_page(1, "Forening", 0, 4, header=True),
                   _list_page(2, "Forening", 4, 4, header=False, carried="1.000"),
                   _list_page(3, "Forening", 8, 3, header=False, carried="2.000"), _prose_page(4))
    (region,) = find_tables(doc)
    assert sorted(region.bbox) == [1, 2, 3]
    labels = [r.label for r in rows.build_rows(region).rows]
    assert labels.count("Overført fra forrige side") == 2 and len(labels) == 4 + 4 + 3 + 2


def test_a_next_page_that_opens_with_a_header_of_its_own_is_another_table_when_the_first_ended_high():
    """An annual report's notes: each page a table under `Budget Regnskab`, each ending high."""
    doc = hand_doc(_list_page(1, "Note", 0, 4, header=True, title="Note 11 Udlån"),
                   _list_page(2, "Post", 0, 4, header=True, title="Note 12 Indlån"), _prose_page(3))
    assert len(find_tables(doc)) == 2


# ---------------------------------------------------------------- a chart's axis
def test_one_column_of_figures_with_no_label_beside_any_is_no_table():
    """A chart's tick labels split by its legend into short runs: no label, one column."""
    page = hand_page([figure_line(at(0), "", ["1.500"]), figure_line(at(2), "", ["1.200"]),
                      text_line(at(3), "65+-årige", x0=300), figure_line(at(5), "", ["900"]),
                      figure_line(at(7), "", ["600"])])
    assert find_tables(hand_doc(page)) == []


# ---------------------------------------------------------------- headers set flush right
def test_a_first_header_cell_set_flush_right_over_its_column_is_part_of_the_header():
    """`Forbrug tidl.` / `år` over the first column, starting far left of its figures: the two
    lines are its label, not a title above the header."""
    edges = (260.0, 330.0, 400.0)
    head = TextLine(right_aligned(edges[0], at(0), "Forbrug tidl.", bold=True))
    low = TextLine(words_at(LABEL_X0, at(1), "1.000 kr.", bold=True)
                   + figure_line(at(1), "", ["år", "2020", "2021"], bold=True, edges=edges).words)
    page = hand_page([text_line(at(-2), "Tabel 1. Investeringsoversigt", bold=True), head, low,
                      figure_line(at(2), "Energirenovering", ["4 004", "10 298", "817"], edges=edges),
                      figure_line(at(3), "Toiletter", ["354", "2 590", "9 023"], edges=edges)])
    assert head.words[-1].x1 == edges[0] and head.words[0].x0 < edges[0] - 2 * SIZE - 20
    (region,) = find_tables(hand_doc(page))
    assert [c.label for c in region.columns if c.kind == ColumnKind.VALUE] == ["Forbrug tidl. år", "2020", "2021"]


# ---------------------------------------------------------------- proposals
def test_a_table_whose_caption_ends_the_page_before_belongs_to_the_proposal_whose_title_is_there():
    """`Nr. 4` starts low on page 1, its caption and header end that page, its figures open
    page 2: the table is proposal 4's, not the proposal before."""
    def title(top: float, text: str) -> TextLine:
        return text_line(top, text, size=16, bold=True)

    page1 = [title(60, "Forslag 3: Nedlæggelse af buslinje"),
             text_line(100, "Tabel 1. Forslagets økonomiske konsekvenser", bold=True),
             header_line(120, ["2027", "2028", "2029"], label="1.000 kr."),
             figure_line(134, "Drift", ["1", "2", "3"]), figure_line(148, "I alt", ["1", "2", "3"], bold=True),
             text_line(200, PROSE_L + " " + PROSE_R),
             title(700, "Nr. 4: Øget rengøring på skolerne"),
             text_line(740, "Tabel 1. Forslagets økonomiske konsekvenser", bold=True),
             header_line(760, ["2027", "2028", "2029"], label="1.000 kr.")]
    page2 = [figure_line(70, "Rengøring", ["10", "20", "30"]), figure_line(84, "Vikarer", ["5", "5", "5"]),
             figure_line(98, "I alt", ["15", "25", "35"], bold=True), text_line(140, PROSE_L + " " + PROSE_R)]
    doc = hand_doc(hand_page(page1, 1), hand_page(page2, 2))
    regions = find_tables(doc)
    found = find_proposals(doc, regions)
    assert [p.title for p in found] == ["Forslag 3: Nedlæggelse af buslinje", "Nr. 4: Øget rengøring på skolerne"]
    assign_proposals(regions, found)
    assert [(r.page, sorted(r.bbox), r.proposal) for r in regions] == [(1, [1], 0), (1, [2], 1)]
