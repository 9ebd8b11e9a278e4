"""What each total adds up, and which disagreements are real: below the PDF layer.  The
tables are the rows stage's output built by hand (`handmade.raw_table`); the values,
structure and reconcile stages run as in a run.  `test_reconcile.py` keeps the same kinds of
table end to end, drawn as PDFs and read back."""
from __future__ import annotations

from decimal import Decimal

import pytest
from handmade import Line as L
from handmade import judge, raw_table

from pipeline.model import Kind, NoteCode
from pipeline.text.messages import check_sentence

YEARS = ["2027", "2028", "2029"]


def wrong(*raw):
    checks, _, _ = judge(*raw)
    return [(c.kind, c.label, c.column, c.stated, c.recomputed) for c in checks if not c.agrees]


def test_column_total_agrees_and_disagrees():
    t = raw_table([L("Varige ændringer", role="section"), L("Besparelse på køb", [-500, -1000, -1500]),
                   L("Drift af team", [200, 400, 400]), L("Samlet varig ændring", [-300, -600, -1000], "total")], YEARS)
    checks, _, _ = judge(t)
    assert len(checks) == 3 and [c.agrees for c in checks] == [True, True, False]
    (finding,) = [c for c in checks if not c.agrees]
    assert (finding.kind, finding.column, finding.stated, finding.recomputed) == \
        (Kind.COLUMN_TOTAL, "2029", Decimal(-1000), Decimal(-1100))
    assert "Besparelse på køb (-1.500) + Drift af team (400) giver -1.100" in check_sentence(finding)


def test_category_totals_add_only_their_category():
    t = raw_table([L("Besparelse", [-900, -900, -900], category="Service"),
                   L("Drift", [300, 300, 300], category="Service"),
                   L("Huslejetilskud", [100, 100, 100], category="Overførsler"),
                   L("Samlet varig ændring, Service", [-600, -600, -650], "total", "Service"),
                   L("Samlet varig ændring, Overførsler", [100, 100, 100], "total", "Overførsler"),
                   L("Samlet varig ændring", [-500, -500, -500], "total")], YEARS)
    assert wrong(t) == [(Kind.CATEGORY_TOTAL, "Samlet varig ændring, Service", "2029", Decimal(-650), Decimal(-600))]


def test_grand_total_adds_the_stated_section_totals():
    t = raw_table([L("Varige ændringer", role="section"), L("Besparelse", [-1000, -2000, -3000]),
                   L("Samlet varig ændring", [-1000, -2000, -3000], "total"),
                   L("Implementeringsomkostninger", role="section"), L("Projektledelse", [500, 500, None]),
                   L("Samlede implementeringsomkostninger", [500, 500, None], "total"),
                   L("Samlet økonomisk påvirkning", [-500, -1500, -2800], "total")], YEARS)
    assert wrong(t) == [(Kind.GRAND_TOTAL, "Samlet økonomisk påvirkning", "2029", Decimal(-2800), Decimal(-3000))]


def test_a_wrong_subtotal_shows_as_column_and_grand_total():
    t = raw_table([L("Besparelse", [-1000, -2000, -3000]), L("Samlet varig ændring", [-1000, -2100, -3000], "total"),
                   L("Projektledelse", [500, 500, 500]),
                   L("Samlede implementeringsomkostninger", [500, 500, 500], "total"),
                   L("Samlet økonomisk påvirkning", [-500, -1500, -2500], "total")], YEARS)
    assert wrong(t) == [(Kind.COLUMN_TOTAL, "Samlet varig ændring", "2028", Decimal(-2100), Decimal(-2000)),
                        (Kind.GRAND_TOTAL, "Samlet økonomisk påvirkning", "2028", Decimal(-1500), Decimal(-1600))]


def test_heraf_and_other_rows_are_never_added():
    t = raw_table([L("Nuværende budget", [57000, 58000, 59000]), L("Besparelse", [-900, -900, -900]),
                   L("Drift", [300, 300, 300]), L("Heraf nettoeffektivisering", [-600, -600, -600]),
                   L("Samlet ændring (Netto)", [-600, -600, -600], "total"),
                   L("Tilbagebetalingstid baseret på totaløkonomi", ["3 år", None, None]),
                   L("Ændring i antal årsværk", ["-", "-", "-"])], YEARS)
    checks, _, tables = judge(t)
    assert checks and all(c.agrees for c in checks)
    roles = {r.label: r.role for r in tables[0].rows}
    assert roles["Heraf nettoeffektivisering"] == "heraf"
    assert roles["Nuværende budget"] == roles["Tilbagebetalingstid baseret på totaløkonomi"] == "other"


def test_row_total_column():
    t = raw_table([L("Implementering", [0, 100, 0, 100]), L("Kompetenceudvikling", [None, 800, 600, 1500]),
                   L("Investeringer totalt", [0, 900, 600, 1600], "total")], ["2027", "2028", "2029", "I alt"])
    assert wrong(t) == [(Kind.ROW_TOTAL, "Kompetenceudvikling", "I alt", Decimal(1500), Decimal(1400)),
                        (Kind.ROW_TOTAL, "Investeringer totalt", "I alt", Decimal(1600), Decimal(1500))]


@pytest.mark.parametrize("total, flagged", [
    ("1,3", False),   # 0,4 + 0,4 + 0,4 may be 1,29 unrounded
    ("1,4", False),   # |1,4 - 1,2| = 0,2 = (3 + 1) × 0,05: still rounding
    ("1,1", False),
    ("1,5", True),    # 0,3 off: beyond what rounding explains
    ("1,0", False),   # 0,2 below: the other edge of the same interval
    ("0,9", True),
])
def test_rounding_near_misses_in_mio(total, flagged):
    t = raw_table([L("A", ["0,4", "0,4", "0,4"]), L("B", ["0,4", "0,4", "0,4"]), L("C", ["0,4", "0,4", "0,4"]),
                   L("I alt", [total, "1,2", "1,2"], "total")], YEARS, unit="mio. kr.")
    checks, _, tables = judge(t)
    assert len(checks) == 3
    assert bool(wrong(t)) == flagged
    assert tables[0].rows[0].cells["2027"].value == Decimal("0.4") and tables[0].unit == "mio. kr."


@pytest.mark.parametrize("stated, flagged", [(301, False), (302, True), (299, False), (298, True)])
def test_rounding_of_integers(stated, flagged):
    # two printed items, each ± 0,5, and the total ± 0,5: up to 1,5 apart is rounding
    t = raw_table([L("A", [100, 100, 100]), L("B", [200, 200, 200]), L("Samlet", [stated, 300, 300], "total")], YEARS)
    assert bool(wrong(t)) == flagged


def test_a_total_above_its_items_that_nothing_explains_is_said_not_guessed():
    t = raw_table([L("Samlet økonomisk påvirkning", [100, 200, 300], "total"), L("Besparelse", [100, 200, 300])],
                  YEARS)
    checks, notes, _ = judge(t)
    assert checks == []
    assert any(n.code == NoteCode.TERMS_UNKNOWN and n.params.get("label") == "Samlet økonomisk påvirkning"
               for n in notes)


def test_cross_table_sections_and_totals():
    t1 = raw_table([L("Varige ændringer", role="section"),
                    L("Effektiviseringer", [-1500, -3000, -3000], category="Service"),
                    L("Omkostninger", [500, 1000, 1000], category="Service"),
                    L("Samlet varig ændring", [-1000, -2000, -2000], "total")], YEARS,
                   title="Tabel 1. Forslagets samlede økonomiske konsekvenser")
    t2 = raw_table([L("Effektiviseringer", role="section"),
                    L("Færre købte pladser", [-1000, -2000, -2000]),
                    L("Færre anbringelser", [-500, -1000, -900]),
                    L("Omkostninger", role="section"),
                    L("Flere medarbejdere", [500, 1000, 1000]),
                    L("Varige ændringer totalt, service", [-1000, -2000, -1900], "total")], YEARS,
                   title="Tabel 2. Varige ændringer", top=300.0)
    found = wrong(t1, t2)
    assert [f for f in found if f[0] == Kind.CROSS_TABLE] == [
        (Kind.CROSS_TABLE, "Effektiviseringer", "2029", Decimal(-3000), Decimal(-2900)),
        (Kind.CROSS_TABLE, "Samlet varig ændring", "2029", Decimal(-2000), Decimal(-1900))]
    assert [f for f in found if f[0] == Kind.COLUMN_TOTAL] == []
    # the section's rows and the synonym total are what the earlier rows were checked against
    checks, _, _ = judge(t1, t2)
    cross = [(c.label, c.column, [a.label for a in c.addends]) for c in checks if c.kind == Kind.CROSS_TABLE]
    assert ("Effektiviseringer", "2027", ["Færre købte pladser", "Færre anbringelser"]) in cross
    assert ("Samlet varig ændring", "2027", ["Varige ændringer totalt, service"]) in cross


@pytest.mark.parametrize("net, flagged", [(-500, False), (-650, True)])
def test_net_heraf_is_the_sum_of_the_category_totals(net, flagged):
    t = raw_table([L("Besparelse", [-900, -900, -900], category="Service"),
                   L("Drift", [300, 300, 300], category="Service"),
                   L("Huslejetilskud", [100, 100, 100], category="Overførsler"),
                   L("Samlet varig ændring, Service", [-600, -600, -600], "total", "Service"),
                   L("Heraf nettoeffektivisering", [-500, -500, net], "heraf", "Service"),
                   L("Samlet varig ændring, Overførsler", [100, 100, 100], "total", "Overførsler"),
                   L("Samlet varig ændring", [-500, -500, -500], "total")], YEARS)
    assert wrong(t) == ([(Kind.COLUMN_TOTAL, "Heraf nettoeffektivisering", "2029", Decimal(net), Decimal(-500))]
                        if flagged else [])
    checks, _, _ = judge(t)
    net_checks = [c for c in checks if c.label == "Heraf nettoeffektivisering"]
    assert len(net_checks) == 3  # checked in every year, against both category totals
    assert all([a.label for a in c.addends] == ["Samlet varig ændring, Service", "Samlet varig ændring, Overførsler"]
               for c in net_checks)


# ---------------------------------------------------------------- figures carried over a page break
def carried(lines: list[tuple], columns: list[str]):
    """Rows with the page each is printed on: (label, figures, role, page)."""
    t = raw_table([L(label, figs, role) for label, figs, role, _ in lines], columns)
    for r, (_, _, _, page) in zip(t.rows, lines, strict=True):
        r.page = page
        for c in r.cells:
            c.page = page
    return t


def _long_table(transport_2: int, brought_2: int, total_2: int, transport_word: str = "Transport",
                brought_word: str = "Overført fra forrige side"):
    return carried([("Tilskud A", [100, 200], "item", 1), ("Tilskud B", [50, 60], "item", 1),
                    (transport_word, [150, transport_2], "item", 1),
                    (brought_word, [150, brought_2], "item", 2),
                    ("Tilskud C", [10, 20], "item", 2), ("I alt", [160, total_2], "total", 2)], ["2027", "2028"])


def test_a_carried_figure_is_the_running_total_and_the_total_below_adds_it():
    checks, notes, _ = judge(_long_table(260, 260, 280))
    assert checks and all(c.agrees for c in checks)
    by_label = {(c.label, c.column): [a.label for a in c.addends] for c in checks}
    assert by_label[("Transport", "2028")] == ["Tilskud A", "Tilskud B"]
    assert by_label[("Overført fra forrige side", "2028")] == ["Transport"]
    assert by_label[("I alt", "2028")] == ["Overført fra forrige side", "Tilskud C"]
    assert not [n for n in notes if n.code == NoteCode.TERMS_UNKNOWN]


def test_a_carried_figure_that_does_not_match_its_transport_row_is_its_own_finding():
    # 265 brought in where 260 was carried out; the total below adds what was brought in
    assert wrong(_long_table(260, 265, 285)) == [
        (Kind.COLUMN_TOTAL, "Overført fra forrige side", "2028", Decimal(265), Decimal(260))]


def test_a_wrong_transport_row_is_a_finding_and_a_bare_transport_at_a_page_top_is_brought_in():
    assert wrong(_long_table(270, 270, 290, brought_word="Transport")) == [
        (Kind.COLUMN_TOTAL, "Transport", "2028", Decimal(270), Decimal(260))]


def test_a_table_split_at_the_page_break_carries_across():
    first = carried([("Tilskud A", [100, 200], "item", 1), ("Tilskud B", [50, 60], "item", 1),
                     ("Transport", [150, 260], "item", 1)], ["2027", "2028"])
    second = carried([("Overført fra forrige side", [150, 265], "item", 2), ("Tilskud C", [10, 20], "item", 2),
                      ("Samlet", [160, 285], "total", 2)], ["2027", "2028"])
    checks, _, _ = judge(first, second)
    assert [(c.kind, c.label, c.column, c.stated, c.recomputed) for c in checks if not c.agrees] == [
        (Kind.CROSS_TABLE, "Overført fra forrige side", "2028", Decimal(265), Decimal(260))]
    assert {c.label for c in checks if c.agrees} >= {"Transport", "Samlet"}


def test_a_line_item_named_transport_is_no_carried_figure():
    t = carried([("Løn", [100, 200], "item", 1), ("Transport", [50, 60], "item", 1), ("Materialer", [5, 5], "item", 1),
                 ("I alt", [155, 265], "total", 1)], ["2027", "2028"])
    checks, _, _ = judge(t)
    assert [(c.label, c.agrees) for c in checks] == [("I alt", True), ("I alt", True)]


def test_a_total_below_a_carried_figure_may_add_the_rows_it_stands_for():
    # the carried figure (265) does not match its Transport row (260): found once, on itself;
    # the total below adds the Transport row or the rows it carries (280), and agrees
    assert wrong(_long_table(260, 265, 280)) == [
        (Kind.COLUMN_TOTAL, "Overført fra forrige side", "2028", Decimal(265), Decimal(260))]
    # a wrong Transport row (270 where its rows give 260), brought in as printed: the total
    # below agrees with the rows themselves (280)
    assert wrong(_long_table(270, 270, 280)) == [(Kind.COLUMN_TOTAL, "Transport", "2028", Decimal(270), Decimal(260))]


# ---------------------------------------------------------------- a total above its items
def _above(top: list[int], drift: list[int], anlaeg: list[int], indent: bool = True):
    sub, item = (1, 2) if indent else (0, 0)
    return raw_table([L("Samlet ændring", top, "total"),
                      L("heraf drift", drift, indent=sub), L("Rengøring af skoler", [100, 200], indent=item),
                      L("Vikarer", [-40, 30], indent=item),
                      L("- heraf anlæg", anlaeg, indent=sub), L("Ny skole", [500, 0], indent=item),
                      L("Udgifter", [800, 900]), L("Indtægter", [-300, -400]),
                      L("Netto", [500, 500], "total")], ["2027", "2028"])


@pytest.mark.parametrize("indent", [True, False])
def test_a_total_above_its_heraf_lines_adds_them_and_each_adds_the_items_under_it(indent):
    checks, notes, _ = judge(_above([560, 230], [60, 230], [500, 0], indent))
    assert checks and all(c.agrees for c in checks)
    terms = {(c.label, c.column): [a.label for a in c.addends] for c in checks}
    assert terms[("Samlet ændring", "2027")] == ["heraf drift", "- heraf anlæg"]
    assert terms[("heraf drift", "2028")] == ["Rengøring af skoler", "Vikarer"]
    assert terms[("- heraf anlæg", "2027")] == ["Ny skole"]
    assert terms[("Netto", "2027")] == ["Udgifter", "Indtægter"]
    assert not [n for n in notes if n.code == NoteCode.TERMS_UNKNOWN]


def test_a_total_above_that_its_lines_and_their_items_both_contradict_is_a_finding():
    assert wrong(_above([560, 250], [60, 230], [500, 0])) == [
        (Kind.GRAND_TOTAL, "Samlet ændring", "2028", Decimal(250), Decimal(230))]


def test_a_wrong_heraf_line_is_found_once_and_the_total_is_judged_on_the_items():
    # `heraf drift` 2028 says 240 where its items give 230; the total adds the items (230)
    assert wrong(_above([560, 230], [60, 240], [500, 0])) == [
        (Kind.COLUMN_TOTAL, "heraf drift", "2028", Decimal(240), Decimal(230))]


# ---------------------------------------------------------------- staff beside money
def test_staff_rows_add_like_money_beside_the_money_rows():
    t = raw_table([L("Udgifter, 1.000 kr.", role="section"), L("Ny normering", [742, -772]),
                   L("Vikarforbrug", [4282, 2222]), L("Økonomi i alt", [5024, 1450], "total"),
                   L("Årsværk", role="section"), L("Lærere", ["2,0", "1,9"]), L("Pædagogmedhjælpere", ["6,1", "10,6"]),
                   L("Ledere", ["-5,8", "9,8"]), L("I alt, årsværk", ["2,3", "23,3"], "total")], ["2025", "2026"])
    assert wrong(t) == [(Kind.COLUMN_TOTAL, "I alt, årsværk", "2026", Decimal("23.3"), Decimal("22.3"))]
    checks, _, _ = judge(t)
    assert {c.label for c in checks} == {"Økonomi i alt", "I alt, årsværk"}


# ---------------------------------------------------------------- bands closed by subtotals their labels do not name
def _bands(total: int, columns: int = 1):
    lines, sums = [], [0] * columns
    for lo, hi in ((1, 5), (6, 11), (12, 14)):
        band = [[(37 * k * k + 11 * c) % 907 + 50 for c in range(columns)] for k in range(lo, hi + 1)]
        lines += [L(f"Stadie {k}", figs) for k, figs in zip(range(lo, hi + 1), band, strict=True)]
        sub = [sum(f[c] for f in band) for c in range(columns)]
        lines.append(L(f"STY {lo} - {hi}", sub))
        sums = [a + b for a, b in zip(sums, sub, strict=True)]
    lines.append(L("Total", [total] + sums[1:], "total"))
    return raw_table(lines, ["Stage 1", "Stage 2"][:columns]), sums[0]


def test_a_grand_total_under_bands_adds_their_subtotals_not_bands_and_subtotals():
    t, right = _bands(0)
    checks, notes, _ = judge(_bands(right)[0])
    assert checks and all(c.agrees for c in checks)
    (total,) = [c for c in checks if c.label == "Total"]
    assert [a.label for a in total.addends] == ["STY 1 - 5", "STY 6 - 11", "STY 12 - 14"]


def test_a_wrong_grand_total_under_bands_is_one_finding_against_the_subtotals():
    _, right = _bands(0)
    assert wrong(_bands(right + 50)[0]) == [(Kind.GRAND_TOTAL, "Total", "Stage 1", Decimal(right + 50), Decimal(right))]


# ---------------------------------------------------------------- columns that do not add
def _per_head(header: str):
    # Udgift (1.000 kr.), Indbyggere, kr. per inhabitant = 1.000 × Udgift / Indbyggere, rounded
    rows = [("Nord", 52000, 10400), ("Syd", 30500, 6100), ("Øst", 91200, 11400), ("Vest", 12600, 4200)]
    lines = [L(name, [u, n, round(1000 * u / n)]) for name, u, n in rows]
    u, n = sum(r[1] for r in rows), sum(r[2] for r in rows)
    lines.append(L("I alt", [u, n, round(1000 * u / n)], "total"))
    return raw_table(lines, ["Udgift", "Indbyggere", header])


@pytest.mark.parametrize("header, why", [("Kr. pr. indbygger", "rate"), ("Gennemsnit", "rate"), ("(3)", "ratio")])
def test_a_column_of_rates_is_never_summed_and_a_note_says_why(header, why):
    checks, notes, _ = judge(_per_head(header))
    assert checks and all(c.agrees for c in checks)
    assert {c.column for c in checks} == {"Udgift", "Indbyggere"}
    assert {(n.code, n.params["column"], n.params["why"]) for n in notes if n.code == NoteCode.NOT_ADDITIVE} == {
        (NoteCode.NOT_ADDITIVE, header, why)}


def test_a_column_that_is_no_ratio_of_the_columns_before_it_is_summed():
    lines = [L("Nord", [52000, 10400, 5001]), L("Syd", [30500, 6100, 4999]), L("Øst", [91200, 11400, 8001]),
             L("Vest", [12600, 4200, 3000]), L("I alt", [186300, 32100, 21010], "total")]
    assert wrong(raw_table(lines, ["Udgift", "Indbyggere", "(3)"])) == [
        (Kind.COLUMN_TOTAL, "I alt", "(3)", Decimal(21010), Decimal(21001))]


# ---------------------------------------------------------------- one-item totals and equalities: a balance sheet
def _assets(cash: int, columns: list[str]):
    n = len(columns)
    return [L("Aktiver", role="section"), L("Omsætningsaktiver", role="section"),
            L("Likvide beholdninger", [cash] * n), L("Omsætningsaktiver i alt", [cash] * n, "total"),
            L("Aktiver i alt", [cash] * n, "total")]


def _liabilities(equity: int, debt: int, columns: list[str]):
    n = len(columns)
    return [L("Passiver", role="section"), L("Egenkapital primo", [equity - 345] * n), L("Årets resultat", [345] * n),
            L("Egenkapital i alt", [equity] * n, "total"), L("Skyldige omkostninger", [debt] * n),
            L("Gæld i alt", [debt] * n, "total"), L("Passiver i alt", [equity + debt] * n, "total")]


@pytest.mark.parametrize("columns", [["2024"], ["2024", "2023"]])
def test_a_balance_sheet_one_item_totals_and_its_two_sides(columns):
    checks, _, _ = judge(raw_table(_assets(12345, columns) + _liabilities(11345, 1000, columns), columns))
    assert checks and all(c.agrees for c in checks)
    terms = {(c.label, tuple(a.label for a in c.addends)) for c in checks}
    assert terms == {("Omsætningsaktiver i alt", ("Likvide beholdninger",)),
                     ("Aktiver i alt", ("Omsætningsaktiver i alt",)),
                     ("Egenkapital i alt", ("Egenkapital primo", "Årets resultat")),
                     ("Gæld i alt", ("Skyldige omkostninger",)),
                     ("Passiver i alt", ("Egenkapital i alt", "Gæld i alt")),  # not `Aktiver i alt` with them
                     ("Passiver i alt", ("Aktiver i alt",))}  # the two sides are equal


def test_a_balance_sheet_whose_sides_differ_is_a_finding_also_over_two_tables():
    columns = ["2024"]
    one = raw_table(_assets(12345, columns) + _liabilities(11345, 1100, columns), columns)
    assert wrong(one) == [(Kind.COLUMN_TOTAL, "Passiver i alt", "2024", Decimal(12445), Decimal(12345))]
    two = [raw_table(_assets(12345, columns), columns), raw_table(_liabilities(11345, 1100, columns), columns)]
    assert wrong(*two) == [(Kind.CROSS_TABLE, "Passiver i alt", "2024", Decimal(12445), Decimal(12345))]


# ---------------------------------------------------------------- a catalogue's overview of its proposals
def _catalogue(first_line: list[int]):
    years = ["2027", "2028"]
    proposals = [([("Besparelse", [-500, -900]), ("Drift", [100, 100])], "I alt"),
                 ([("Lukning af filial", [-300, -700])], "Samlet varig ændring"),
                 ([("Takster", [-50, -60]), ("Kørsel", [-20, -30]), ("Supervision", [5, 0])], "Netto")]
    tables, totals = [], []
    for k, (items, word) in enumerate(proposals, start=1):
        total = [sum(f[c] for _, f in items) for c in range(2)]
        t = raw_table([L(label, figs) for label, figs in items] + [L(word, total, "total")], years)
        t.region.proposal = k
        tables.append(t)
        totals.append(total)
    totals[0] = first_line
    lines = [L(f"{k}. {name}", total) for k, (name, total) in
             enumerate(zip(("Effektivisering", "Filial", "Takster"), totals, strict=True), start=1)]
    grand = [sum(t[c] for t in totals) for c in range(2)]
    overview = raw_table(lines + [L("I alt", grand, "total")], years, title="Oversigt over forslagene")
    return [overview] + tables


def test_each_overview_line_is_its_proposals_own_total():
    checks, _, tables = judge(*_catalogue([-400, -800]))
    assert checks and all(c.agrees for c in checks)
    crossed = {(c.label, c.column): c.detail["other_table"] for c in checks if c.kind == Kind.CROSS_TABLE}
    assert crossed == {("1. Effektivisering", "2027"): "p1-t2", ("1. Effektivisering", "2028"): "p1-t2",
                       ("2. Filial", "2027"): "p1-t3", ("2. Filial", "2028"): "p1-t3",
                       ("3. Takster", "2027"): "p1-t4", ("3. Takster", "2028"): "p1-t4"}


def test_an_overview_line_that_is_not_its_proposals_total_is_a_finding():
    assert wrong(*_catalogue([-400, -780])) == [
        (Kind.CROSS_TABLE, "1. Effektivisering", "2028", Decimal(-780), Decimal(-800))]


# ---------------------------------------------------------------- period totals
def test_period_totals_add_the_years_they_name_wherever_they_stand():
    cols = ["2027", "2028", "2029", "2030", "2027-2028 i alt", "2029-2030 i alt", "I alt 2027-2030"]
    t = raw_table([L("Ny skole", [10, 20, 30, 40, 30, 70, 100]), L("Cykelsti", [1, 2, 3, 4, 3, 7, 10]),
                   L("Svømmehal", [5, 5, 5, 5, 10, 10, 25])], cols)
    assert wrong(t) == [(Kind.ROW_TOTAL, "Svømmehal", "I alt 2027-2030", Decimal(25), Decimal(20))]
    checks, _, _ = judge(t)
    across = {c.column: [a.label for a in c.addends] for c in checks if c.label == "Ny skole"}
    assert across == {"2027-2028 i alt": ["2027", "2028"], "2029-2030 i alt": ["2029", "2030"],
                      "I alt 2027-2030": ["2027", "2028", "2029", "2030"]}


def test_unspent_budget_brought_from_last_year_is_no_carried_figure():
    t = carried([("Løn", [100, 200], "item", 1), ("Drift", [50, 60], "item", 1),
                 ("Overført fra sidste år", [30, 0], "item", 2), ("I alt", [180, 260], "total", 2)], ["2027", "2028"])
    checks, _, _ = judge(t)
    assert [(c.label, c.agrees, len(c.addends)) for c in checks] == [("I alt", True, 3), ("I alt", True, 3)]


def test_a_line_item_named_transport_at_a_page_foot_is_no_carried_figure():
    t = carried([("Løn", [100, 200], "item", 1), ("Transport", [50, 60], "item", 1), ("Materialer", [5, 5], "item", 2),
                 ("I alt", [155, 265], "total", 2)], ["2027", "2028"])
    checks, _, _ = judge(t)
    assert [(c.label, c.agrees) for c in checks] == [("I alt", True), ("I alt", True)]
