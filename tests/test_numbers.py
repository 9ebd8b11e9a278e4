"""The Danish number parser: round trips, units, and what must not parse as an amount."""
from decimal import Decimal

import pytest
from hypothesis import given, strategies as st

from pipeline.tables.numbers import (DECIMAL_COMMA, DECIMAL_POINT, Amount, decimal_mark_of, find_price_base, find_unit,
                              format_danish, format_decimal, is_figure, parse_amount, parse_any, parse_cell)


@given(st.integers(min_value=-10**12, max_value=10**12), st.integers(min_value=0, max_value=3))
def test_danish_format_round_trips(units, decimals):
    value = Decimal(units).scaleb(-decimals)
    text = format_danish(value, decimals)
    parsed = parse_amount(text)
    assert parsed is not None, text
    assert parsed.value == value
    assert parsed.decimals == decimals


@given(st.integers(min_value=1, max_value=10**9), st.sampled_from(["-", "\u2212", "\u2013", "()"]))
def test_every_way_of_printing_a_minus(units, minus):
    body = format_danish(Decimal(units))
    text = f"({body})" if minus == "()" else minus + body
    assert parse_amount(text).value == -units


@given(st.integers(min_value=0, max_value=10**9), st.sampled_from(["*", "\u00b9", "\u00b2", "**", "\u00b3"]))
def test_footnote_marks_never_change_the_value(units, mark):
    text = format_danish(Decimal(units)) + mark
    assert parse_amount(text).value == units


@pytest.mark.parametrize("text, value, decimals", [
    ("-5.090", Decimal(-5090), 0),
    ("2,5", Decimal("2.5"), 1),
    ("(1.500)", Decimal(-1500), 0),
    ("\u22120,4", Decimal("-0.4"), 1),
    ("\u20131.000", Decimal(-1000), 0),
    ("57.788", Decimal(57788), 0),
    ("1.234.567,89", Decimal("1234567.89"), 2),
    ("0", Decimal(0), 0),
    ("+250", Decimal(250), 0),
    ("4.000*", Decimal(4000), 0),
    ("-5.090\u00b9", Decimal(-5090), 0),
    ("\u00a01.215\u00a0", Decimal(1215), 0),
])
def test_printed_forms(text, value, decimals):
    amount = parse_amount(text)
    assert amount == Amount(value, decimals)


@pytest.mark.parametrize("dash", ["-", "\u2013", "\u2014", "\u2212"])
def test_a_lone_dash_is_nil(dash):
    amount = parse_amount(dash)
    assert amount.nil and amount.value == 0


@pytest.mark.parametrize("text", [
    "3-4000",            # a range
    "13.06.2025",        # a date
    "1.1.2017",          # a date
    "20-02-2026",        # a date
    "4/13",              # a page number
    "Side 1 af 2",       # a page number
    "1.5",               # not Danish: one digit after a thousands dot
    "12.34",
    "1.0000",
    "abc",
    "",
    "--5",
    "(-5)",
    "5,",
    ",5",
    "007",               # a code
    "§107",
    "ISU01",
])
def test_not_amounts(text):
    assert parse_amount(text) is None


@pytest.mark.parametrize("text", ["2026", "2031", "1999", "4000", "12345"])
def test_plain_four_digit_numbers_are_not_amounts_in_running_text(text):
    assert parse_amount(text, allow_plain_thousands=False) is None
    assert parse_amount(text) is not None  # in a table cell they are figures


def test_cell_suffixes():
    assert parse_cell("3 år") == Amount(Decimal(3), 0, suffix="år")
    assert parse_cell("12,5 %").value == Decimal("12.5")
    assert parse_cell("4 pct.").suffix == "pct."
    assert parse_cell("X") is None
    assert parse_cell("år") is None


@pytest.mark.parametrize("text, name, factor", [
    ("Beløb i 1.000 kr.", "1.000 kr.", 1000),
    ("1.000 kr. 2027 p/l", "1.000 kr.", 1000),
    ("t. kr.", "t. kr.", 1000),
    ("780 t. kr. inkl. overhead", "t. kr.", 1000),
    ("mio. kr.", "mio. kr.", 10**6),
    ("Beløb i mio. kr. (2026-priser)", "mio. kr.", 10**6),
    ("mia. kr.", "mia. kr.", 10**9),
    ("kr.", "kr.", 1),
    ("Beløb i kr.", "kr.", 1),
])
def test_units(text, name, factor):
    unit = find_unit(text)
    assert unit.text == name and unit.factor == factor


def test_no_unit():
    assert find_unit("Styringsområde 2026 2027") is None


@pytest.mark.parametrize("text, base", [
    ("2026-priser", "2026 p/l"),
    ("1.000 kr. 2027 p/l", "2027 p/l"),
    ("1.000 kr. (2017 p/l.)", "2017 p/l"),
    ("Beløb i 1.000 kr.", None),
])
def test_price_base(text, base):
    assert find_price_base(text) == base


def test_contract_number_format():
    assert format_decimal(Decimal("-5090")) == "-5090"
    assert format_decimal(Decimal("2.50")) == "2.5"
    assert format_decimal(Decimal("-5090000.000")) == "-5090000"
    assert format_decimal(None) == ""


# ---------------------------------------------------------------- the decimal point
@pytest.mark.parametrize("text, value, decimals", [
    ("12.07", "12.07", 2),
    ("9 368.0", "9368.0", 1),
    ("-80.6446", "-80.6446", 4),
    ("1,272,547", "1272547", 0),        # thousands by comma
    ("13 791 224", "13791224", 0),
    ("93927", "93927", 0),
    ("0.5 %", "0.5", 1),
    ("(1,500.5)", "-1500.5", 1),
])
def test_a_decimal_point_column_reads_its_figures(text, value, decimals):
    amount = parse_cell(text, DECIMAL_POINT)
    assert amount is not None and amount.value == Decimal(value) and amount.decimals == decimals


@pytest.mark.parametrize("texts, mark", [
    (["12.07", "5.47", "1 033"], DECIMAL_POINT),        # two cells read only with a point
    (["11 307", "9 368.0", "2 814.4"], DECIMAL_POINT),
    (["12.07", "2,5"], DECIMAL_COMMA),                  # a cell read only the Danish way decides
    (["-5.090", "1.234"], None),                        # read either way: nothing told
    (["12.07", "1.234"], None),                         # one cell is not enough
    (["2,5", "7,1"], DECIMAL_COMMA),
])
def test_the_decimal_mark_is_what_the_cells_read_only_one_way_say(texts, mark):
    assert decimal_mark_of(texts) == mark


def test_the_danish_reading_is_the_default_and_unchanged():
    assert parse_cell("-5.090") == Amount(Decimal(-5090), 0)
    assert parse_cell("12.07") is None  # not a Danish figure ...
    assert is_figure("12.07")  # ... but a figure where the geometry asks
    assert parse_any("-5.090").value == Decimal(-5090)
