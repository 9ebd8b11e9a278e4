"""Structure of totals, below the PDF layer: tables built by hand (rows, labels, styles,
figures), no reader involved.  What `structure.table_structure` says a total adds, and when it
refuses to say."""
from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from pipeline.checks.structure import infer, levels, sub_rows, table_structure
from pipeline.model import Cell, Kind, Role, Row, RowStyle, Table
from pipeline.process import with_structure

X0, SIZE = 72.0, 10.0


def row(index: int, label: str, *figures: int | None, role: str = Role.ITEM, x0: float = X0, italic: bool = False,
        bold: bool = False, size: float = SIZE, columns: tuple[str, ...] = ("2027", "2028")) -> Row:
    cells = {}
    for k, (column, figure) in enumerate(zip(columns, figures, strict=True)):
        value = None if figure is None else Decimal(figure)
        cells[column] = Cell(column, "" if figure is None else str(figure), value, 0, 1,
                             (300.0 + 60 * k, 100.0 + 14 * index, 340.0 + 60 * k, 110.0 + 14 * index))
    return Row(index, label, None, role, cells, 1, (x0, 100.0 + 14 * index, 340.0, 110.0 + 14 * index),
               RowStyle(x0=x0, size=size, bold=bold, italic=italic))


def table(*rows: Row, columns: tuple[str, ...] = ("2027", "2028")) -> Table:
    return Table("p1-t1", 0, 1, "Tabel 1. Økonomi", "1.000 kr.", Decimal(1000), None, list(columns), list(rows),
                 {1: (72.0, 90.0, 500.0, 400.0)})


def totals(t: Table) -> dict[int, list[int]]:
    """total row -> the rows it adds"""
    return {r.row: r.terms for r in table_structure(t).relations if r.kind in (Kind.COLUMN_TOTAL, Kind.GRAND_TOTAL)}


def test_a_total_adds_the_items_above_it():
    t = table(row(0, "Løn", 100, 200), row(1, "Drift", 50, 60), row(2, "I alt", 150, 260, role=Role.TOTAL))
    assert totals(t) == {2: [0, 1]}


def test_indented_sub_rows_belong_to_their_parent_and_the_total_adds_parents():
    t = table(row(0, "Personale", 300, 300), row(1, "Pædagoger", 200, 200, x0=X0 + 2 * SIZE),
              row(2, "Medhjælpere", 100, 100, x0=X0 + 2 * SIZE), row(3, "Drift", 50, 50),
              row(4, "I alt", 350, 350, role=Role.TOTAL))
    assert sub_rows(t) == {0: [1, 2]}
    found = totals(t)
    assert found[0] == [1, 2]  # the parent adds its own sub-rows
    assert found[4] == [0, 3]  # the grand total adds the parents, not their sub-rows


def test_italic_rows_their_parent_does_not_add_are_items_when_that_makes_the_total_agree():
    """Ballerup: names of schemes set in italic, some with a plain description after them. The
    rows wholly in italic are not sub-rows of the row above (which does not add them): with them
    the total agrees, and no finding is made from a reading that leaves them out."""
    t = table(row(0, "Forløbsprogrammer (træning)", 1370, None), row(1, "Sygeplejeklinik (åbningstid)", 200, None),
              row(2, "Kompetenceudvikling (rehabilitering)", 250, None),
              row(3, "Aktivt Hverdagsliv", 500, None, italic=True),
              row(4, "Styrket sygeplejeindsats (akutteam)", 400, None),
              row(5, "Styring og opfølgning", 100, None, italic=True),
              row(6, "Tidlig opsporing (redskaber)", 70, None), row(7, "I alt", 2890, None, role=Role.TOTAL))
    assert 2 in sub_rows(t) and 4 in sub_rows(t)  # by style they could be sub-rows ...
    assert totals(t)[7] == [0, 1, 2, 3, 4, 5, 6]  # ... but the total adds them


def test_a_wrong_total_over_rows_that_may_be_sub_rows_is_not_a_certain_finding():
    # as above with a total that agrees with neither reading: which rows it adds cannot be told
    t = table(row(0, "Forløbsprogrammer (træning)", 1370, None), row(1, "Sygeplejeklinik (åbningstid)", 200, None),
              row(2, "Kompetenceudvikling (rehabilitering)", 250, None),
              row(3, "Aktivt Hverdagsliv", 500, None, italic=True),
              row(4, "Tidlig opsporing (redskaber)", 70, None), row(5, "I alt", 9999, None, role=Role.TOTAL))
    st = table_structure(t)
    assert not [r for r in st.relations if r.row == 5 and r.certain]
    assert any(n.params.get("label") == "I alt" for n in st.notes)  # said, not guessed


def test_an_indented_sub_row_is_never_taken_for_an_item():
    t = table(row(0, "Personale", 300, 300), row(1, "heraf ledere", 40, 40, x0=X0 + 2 * SIZE), row(2, "Drift", 50, 50),
              row(3, "I alt", 350, 350, role=Role.TOTAL))
    assert totals(t)[3] == [0, 2]


def test_a_wrong_flat_total_is_certain():
    t = table(row(0, "Løn", 100, 200), row(1, "Drift", 50, 60), row(2, "I alt", 150, 270, role=Role.TOTAL))
    (relation,) = [r for r in table_structure(t).relations if r.row == 2]
    assert relation.terms == [0, 1] and relation.certain and set(relation.columns) == {"2027", "2028"}


# ---------------------------------------------------------------- the second reader holds findings back
def _check(t: Table, total: int, terms: list[int], column: str = "2027"):
    from pipeline.checks.reconcile import judge
    from pipeline.checks.structure import Relation

    return judge("doc.pdf", t, Relation(Kind.COLUMN_TOTAL, t.id, total, [column], terms, t.id), column, {t.id: t},
                 set())


def test_a_finding_on_a_figure_the_readers_read_differently_is_held_back():
    from pipeline.checks.crosscheck import tables_behind_findings, withhold
    from pipeline.model import NoteCode

    t = table(row(0, "Løn", 100, 200), row(1, "Drift", 50, 60), row(2, "I alt", 160, 260, role=Role.TOTAL))
    wrong, right = _check(t, 2, [0, 1], "2027"), _check(t, 2, [0, 1], "2028")
    assert not wrong.agrees and right.agrees
    assert tables_behind_findings([wrong, right]) == {"p1-t1"} and tables_behind_findings([right]) == set()
    # camelot agrees: the finding stands
    t.crosscheck = {"compared": 6, "agreed": 6, "disagreements": []}
    assert withhold([wrong, right], [t]) == ([wrong, right], [])
    # camelot reads a term of the wrong total differently: held back, and the figure named
    t.crosscheck = {"compared": 6, "agreed": 5, "disagreements": [
        {"page": 1, "row": 1, "label": "Drift", "column": "2027", "ours": "50", "camelot": "60"}]}
    kept, notes = withhold([wrong, right], [t])
    assert kept == [right]
    assert [(n.code, n.params) for n in notes] == [
        (NoteCode.READERS_DISAGREE, {"label": "Drift", "column": "2027", "ours": "50", "theirs": "60"})]
    # a disagreement elsewhere in the table (another column) holds nothing back
    t.crosscheck["disagreements"][0]["column"] = "2028"
    assert withhold([wrong, right], [t]) == ([wrong, right], [])
    # a figure camelot sees in a term's row where we read none holds it back too
    t.crosscheck["disagreements"] = [{"page": 1, "row": None, "label": None, "column": None, "ours": None,
                                      "camelot": "5", "box": [420.0, 100.0, 430.0, 110.0]}]
    kept, notes = withhold([wrong, right], [t])
    assert right in kept and wrong not in kept and notes[0].params["theirs"] == "5"


# ---------------------------------------------------------------- layouts of spreadsheets and statistics
def test_labels_set_flush_right_are_not_indented_sub_rows():
    """`Sum:`, `Min:`, `Maks:` set flush right under left-aligned county names start wherever
    their length puts them: the sum row adds the counties, the statistics below it add nothing."""
    right = X0 + 100.0
    def flush(i, label, *figures, role=Role.ITEM):
        r = row(i, label, *figures, role=role, x0=right - 5.0 * len(label))
        r.style = replace(r.style, x1=right)
        return r
    t = table(row(0, "Viken", 100, 200), row(1, "Agder", 50, 60), row(2, "Nordland", 25, 5),
              flush(3, "Sum:", 175, 265, role=Role.TOTAL), flush(4, "Min:", 25, 5), flush(5, "Maks:", 100, 200))
    assert sub_rows(t) == {}
    assert totals(t) == {3: [0, 1, 2]}


def _columns(t: Table):
    from pipeline.checks.structure import column_relations
    return column_relations(t, list(t.columns), set())


def test_a_pivot_grand_total_column_is_found_by_arithmetic_over_sparse_cells():
    cols = ("(1)", "(2)", "(3)", "(4)")  # a header that could not be read
    t = table(row(0, "Agder", None, 4, 1, 5, columns=cols), row(1, "Innlandet", 2, None, None, 2, columns=cols),
              row(2, "Nordland", 14, 17, 23, 54, columns=cols), row(3, "Rogaland", 16, 3, 1, 20, columns=cols),
              columns=cols)
    found = {(r.row, r.columns[0]): r for r in _columns(t) if r.kind == Kind.ROW_TOTAL}
    assert set(found) == {(0, "(4)"), (1, "(4)"), (2, "(4)"), (3, "(4)")}
    assert all(r.across == ["(1)", "(2)", "(3)"] for r in found.values())
    assert not any(r.certain for r in found.values())  # no header says so: reported only where it agrees


def test_a_norwegian_difference_column():
    cols = ("Forenklet modell", "MOTIV-beregninger", "Differanse")
    t = table(row(0, "Viken", 1531468, 1524549, 6919, columns=cols), row(1, "Innlandet", 1169194, 1172564, -3370,
              columns=cols), row(2, "Agder", 724823, 724739, 84, columns=cols), columns=cols)
    found = [r for r in _columns(t)]
    assert {r.kind for r in found} == {Kind.DIFFERENCE} and {r.columns[0] for r in found} == {"Differanse"}


def test_a_project_total_beside_printed_years_may_cover_more_years():
    """`Total utgift` beside `Budget 2027 … Plan 2029`: an ongoing project's total includes years
    before 2027, so more than the printed years is not checked (a note); less is a finding.
    A total that names its years (`I alt 2027-2029`) adds exactly those."""
    from pipeline.checks.reconcile import reconcile
    from pipeline.checks.structure import infer
    from pipeline.model import NoteCode

    for head, beyond_is_finding in (("Total utgift", False), ("I alt 2027-2029", True)):
        cols = ("Budget 2027", "Plan 2028", "Plan 2029", head)
        t = table(row(0, "P 6012 Ombyggnad", 400, 100, 0, 4024, columns=cols),
                  row(1, "N Bokbuss", 0, 0, 4500, 3000, columns=cols),
                  row(2, "N Kulturbuss", 0, 3000, 0, 3000, columns=cols),
                  row(3, "N Belysning", 0, 1400, 0, 1400, columns=cols), columns=cols)
        checks, notes = reconcile("doc.pdf", [t], infer([t]))
        wrong = {c.label for c in checks if not c.agrees}
        if beyond_is_finding:
            assert wrong == {"P 6012 Ombyggnad", "N Bokbuss"}
        else:
            assert wrong == {"N Bokbuss"}  # less than the printed years: wrong whatever the span
            assert [n.params["label"] for n in notes if n.code == NoteCode.BEYOND_PRINTED_YEARS] == ["P 6012 Ombyggnad"]


def test_a_total_judged_in_one_column_of_several_is_not_certain():
    """`Sum nedbør som regn` in a regression output: a variable named like a total, with six
    figures; the rows above can be added in one column only (the others hold `#I/T`), where they
    disagree.  Nothing confirms the reading: not a finding."""
    cols = ("Koeff", "SE", "t")
    def cell_row(i, label, *texts, role=Role.ITEM):
        r = row(i, label, *[0] * len(texts), role=role, columns=cols)
        for c, text in zip(cols, texts, strict=True):
            value = None if text.startswith("#") else Decimal(text)
            r.cells[c] = Cell(c, text, value, 4 if value is not None else 0, 1, r.cells[c].bbox)
        return r
    t = table(cell_row(0, "Skjæringspunkt", "0", "#I/T", "#I/T"), cell_row(1, "Km veg", "56.1152", "11.9760", "4.6856"),
              cell_row(2, "Km veg ÅDT", "7.2398", "3.2741", "2.2112"),
              cell_row(3, "Sum nedbør som regn (mm)", "-22.9583", "8.2233", "-2.7919", role=Role.TOTAL), columns=cols)
    st = table_structure(t)
    assert not [r for r in st.relations if r.row == 3 and r.certain]


def test_a_subtotal_that_leaves_out_a_row_is_not_confirmed_by_the_years_where_that_row_is_blank():
    """`Implementering i alt` 2028 prints 2.854 = Rekruttering + Etablering, leaving out `Opstart`
    (2.254), which is blank in the other years.  Those years agree with either reading, so they
    cannot speak for the one that leaves a row out: not called right (nor wrong) on one column."""
    cols = ("2028", "2029", "2030")
    t = table(row(0, "Besparelse", -500, -500, -500, columns=cols),
              row(1, "Varige ændringer i alt", -500, -500, -500, role=Role.TOTAL, columns=cols),
              row(2, "Opstart af tværfagligt team", 2254, None, None, columns=cols),
              row(3, "Rekruttering", 2047, 236, 1686, columns=cols),
              row(4, "Etablering af lokaler", 806, 1248, 2118, columns=cols),
              row(5, "Implementering i alt", 2854, 1484, 3804, role=Role.TOTAL, columns=cols), columns=cols)
    st = table_structure(t)
    assert not [r for r in st.relations if r.row == 5 and r.terms == [3, 4]]  # the reading that hides the error
    assert any(n.params.get("label") == "Implementering i alt" for n in st.notes)  # said, not guessed
    # with the row printed in two years the readings differ twice: leaving it out is then a reading
    t.rows[2].cells["2029"] = Cell("2029", "10", Decimal(10), 0, 1, t.rows[2].cells["2028"].bbox)
    t.rows[5].cells["2029"] = Cell("2029", "1484", Decimal(1484), 0, 1, t.rows[5].cells["2028"].bbox)
    t.rows[3].cells["2030"] = Cell("2030", "1686", Decimal(1686), 0, 1, t.rows[3].cells["2030"].bbox)
    t.rows[2].cells["2030"] = Cell("2030", "20", Decimal(20), 0, 1, t.rows[2].cells["2028"].bbox)
    st = table_structure(t)
    assert [r.terms for r in st.relations if r.row == 5] == [[3, 4]]


def test_the_roles_and_labels_found_come_back_on_new_rows_the_read_table_unchanged():
    """`process.with_structure`: a row of figures equal to the rows above it is a total, an
    unlabelled one is named by its heading; the table the values stage gave is not edited."""
    t = table(row(0, "Egenkapital", None, None, role=Role.SECTION), row(1, "Aktiekapital", 100, 200),
              row(2, "Overført resultat", 50, 60), row(3, "", 150, 260, bold=True),
              row(4, "Gæld", 30, 40), row(5, "Bankgæld", 20, 10))
    before = [(r.role, r.label) for r in t.rows]
    found = infer([t])
    got = with_structure(t, found)
    assert [(r.role, r.label) for r in got.rows][3] == (Role.TOTAL, "Egenkapital")
    assert [(r.role, r.label) for r in got.rows][:3] + [(r.role, r.label) for r in got.rows][4:] == \
        before[:3] + before[4:]
    assert [(r.role, r.label) for r in t.rows] == before  # the read table is not edited
    assert got is not t and all(a is not b for a, b in zip(got.rows, t.rows, strict=True))


def test_a_held_back_disagreement_keeps_the_document_from_ok_and_the_run_from_exit_0():
    from pathlib import Path

    from pipeline.checks.crosscheck import withhold
    from pipeline.model import DocumentResult, Status, status_of, withheld
    from pipeline.run.runner import RunOptions, RunResult
    from pipeline.text.messages import document_line, note_sentence, status_sentence

    t = table(row(0, "Løn", 100, 200), row(1, "Drift", 50, 60), row(2, "I alt", 160, 260, role=Role.TOTAL))
    wrong, right = _check(t, 2, [0, 1], "2027"), _check(t, 2, [0, 1], "2028")
    t.crosscheck = {"compared": 6, "agreed": 5, "disagreements": [
        {"page": 1, "row": 1, "label": "Drift", "column": "2027", "ours": "50", "camelot": ""}]}
    kept, notes = withhold([wrong, right], [t])
    assert kept == [right] and notes
    # the one disagreement was held back: what is left agrees, but the document is not ok
    assert status_of(kept) == Status.OK
    assert status_of(kept, withheld=True) == Status.UNCHECKED
    assert status_of([wrong, right], withheld=True) == Status.FLAGGED  # a finding that stands still flags
    held = DocumentResult("a.pdf", "0" * 64, 1, Status.UNCHECKED, tables=[t], checks=kept, notes=notes)
    assert withheld(held) == 1
    assert "holdt tilbage" in document_line(held, "da") and "held back" in document_line(held, "en")
    assert "Ikke kontrolleret" in note_sentence(notes[0], "da")
    assert "not checked" in status_sentence(held.status, "en", len(kept), 0, withheld(held))
    # exit 0 means every total agrees: a held-back disagreement is exit 1, with or without validation
    clean = DocumentResult("b.pdf", "1" * 64, 1, Status.OK, tables=[t], checks=[right])
    assert int(RunResult(Path(), Path(), Path(), [clean], RunOptions()).exit_code) == 0
    assert int(RunResult(Path(), Path(), Path(), [clean, held], RunOptions()).exit_code) == 1


def test_every_figure_of_a_total_row_is_checked_or_said_why_not():
    from pipeline.checks import reconcile
    from pipeline.model import NoteCode
    from pipeline.text.messages import note_sentence

    cols = ("2020", "2019", "Indeks")
    t = table(row(0, "Renter", 100, 90, 111, columns=cols), row(1, "Gebyrer", 50, 60, 83, columns=cols),
              row(2, "I alt", 150, 150, 100, role=Role.TOTAL, columns=cols), columns=cols)
    found = infer([t])
    t = with_structure(t, found)
    checks, notes = reconcile.reconcile("a.pdf", [t], found)
    assert {(c.row, c.column) for c in checks} == {(2, "2020"), (2, "2019")}  # an index is never summed
    extra = reconcile.unexplained([t], checks, notes)
    assert [(n.code, n.params) for n in extra] == [
        (NoteCode.NOT_SUMMED, {"label": "I alt", "columns": "Indeks", "why": "not-additive"})]
    assert "indeks" in note_sentence(extra[0], "da") and "index" in note_sentence(extra[0], "en")
    # a figure that is checked, or a total a note already covers, needs no further note
    assert reconcile.unexplained([t], checks, notes + extra) == []


def test_a_header_word_that_merely_starts_like_a_reference_is_money():
    from pipeline.checks.structure import column_kinds

    cols = ("Noterede priser", "Note")
    t = table(row(0, "Aktier", 10, 3, columns=cols), row(1, "Obligationer", 20, 4, columns=cols),
              row(2, "I alt", 30, 7, role=Role.TOTAL, columns=cols), columns=cols)
    assert column_kinds(t) == {"Noterede priser": "money", "Note": "references"}


def test_levels_count_from_the_leftmost_shared_start_even_when_the_deepest_level_is_commonest():
    """A budget follow-up: committee rows at the margin, budget areas one step in, their items
    two steps in and the commonest.  The areas add their items below them; the committee total
    adds the areas, not their items."""
    step = SIZE
    t = table(row(0, "Kultur- og Fritidsudvalget", 800, 900, x0=X0),
              row(1, "Kultur", 500, 520, x0=X0 + step), row(2, "Husleje", 100, 100, x0=X0 + 2 * step),
              row(3, "Puljer", 150, 160, x0=X0 + 2 * step),
              row(4, "Overførsler fra sidste år", 250, 260, x0=X0 + 2 * step),
              row(5, "Idræt og fritid", 300, 380, x0=X0 + step), row(6, "Tilskud", 100, 180, x0=X0 + 2 * step),
              row(7, "Løn", 200, 200, x0=X0 + 2 * step),
              row(8, "Kultur- og Fritidsudvalget total", 800, 900, x0=X0, role=Role.TOTAL))
    t.rows[0].cells = {}  # a heading
    assert [levels(t)[i] for i in range(9)] == [0, 2, 3, 3, 3, 2, 3, 3, 0]
    assert sub_rows(t) == {1: [2, 3, 4], 5: [6, 7]}
    assert totals(t)[8] == [1, 5]


def test_two_labels_ending_together_at_an_indentation_stop_are_not_set_flush_right():
    a, b = X0 + SIZE, X0 + 2 * SIZE  # two indentation stops, three rows each
    t = table(row(0, "Udvalg", 300, 300), row(1, "Kultur", 200, 200, x0=a), row(2, "Husleje", 120, 120, x0=b),
              row(3, "Puljer", 80, 80, x0=b), row(4, "Idræt", 100, 100, x0=a), row(5, "Tilskud", 60, 60, x0=b),
              row(6, "Fritid", 0, 0, x0=a), row(7, "Udvalg i alt", 300, 300, role=Role.TOTAL))
    t.rows[1].style = replace(t.rows[1].style, x1=150.0)
    t.rows[3].style = replace(t.rows[3].style, x1=150.5)  # ends where `Kultur` ends, by chance
    assert [levels(t)[i] for i in range(8)] == [0, 2, 3, 3, 2, 3, 2, 0]


def test_a_total_closing_an_indented_group_is_no_parent_of_the_next_group():
    """`Social- og Sundhedsudvalget i alt` at the margin under its indented areas, then the next
    committee's areas, indented too, with no heading between (it was lost): they are not the
    total's sub-rows; the next total adds them."""
    a = X0 + SIZE
    t = table(row(0, "Voksenhandicap", 100, 100, x0=a), row(1, "Ældrepleje", 200, 200, x0=a),
              row(2, "Social- og Sundhedsudvalget i alt", 300, 300, role=Role.TOTAL),
              row(3, "Folkeskoler", 50, 50, x0=a), row(4, "Dagtilbud", 70, 70, x0=a),
              row(5, "Børne- og Skoleudvalget i alt", 130, 120, role=Role.TOTAL))
    assert sub_rows(t) == {}
    assert totals(t)[5] == [3, 4]
    (wrong,) = [r for r in table_structure(t).relations if r.row == 5]
    assert wrong.certain


def test_a_label_placed_far_right_by_a_marker_is_not_indented():
    """Labels whose box starts at a marker far right of the label column (a reading slip):
    no indentation goes that deep, so they are not sub-rows and the total adds them."""
    far = X0 + 30 * SIZE
    t = table(row(0, "Skoleveje", 100, 100), row(1, "Legeplads x", 50, 50, x0=far), row(2, "Lokaler x", 20, 20, x0=far),
              row(3, "Daginstitution", 30, 30), row(4, "Anlæg i alt", 200, 200, role=Role.TOTAL))
    assert sub_rows(t) == {}
    assert totals(t)[4] == [0, 1, 2, 3]


def test_a_row_closing_an_indented_group_by_arithmetic_alone_is_no_parent_of_the_next_group():
    """As above, the total's label run together with the next committee's heading (a reading
    slip): it says no total word, but it is the sum of the rows above it."""
    a = X0 + SIZE
    t = table(row(0, "Voksenhandicap", 100, 100, x0=a), row(1, "Ældrepleje", 200, 200, x0=a),
              row(2, "Social- og Sundhedsudvalget Børne- og Skoleudvalget", 300, 300, bold=True),
              row(3, "Folkeskoler", 50, 50, x0=a), row(4, "Dagtilbud", 70, 70, x0=a),
              row(5, "Børne- og Skoleudvalget i alt", 130, 120, role=Role.TOTAL))
    assert sub_rows(t) == {}
    (wrong,) = [r for r in table_structure(t).relations if r.row == 5]
    assert wrong.terms == [3, 4] and wrong.certain
