"""Stage 4: parse numbers the Danish way.

Danish budget documents print `-5.090` (minus five thousand and ninety), `2,5` (two and a
half), `(1.500)` (minus fifteen hundred), a lone `-` or `–` for nil, and footnote marks
after a figure (`4.000*`, `-5.090¹`).  Units are `kr.`, `1.000 kr.` / `t. kr.` (thousands),
`mio. kr.` and `mia. kr.`.

Everything here is pure: text in, `Amount` out.  A figure keeps its printed precision
(`decimals`) because a printed figure stands for an interval of ± half its last digit,
which the reconciliation stage needs.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from pipeline.tables.vocabulary import CELL_SUFFIX, CELL_UNIT, PRICE_BASE, PRICE_BASE_PAREN, UNIT_PATTERNS

MINUS_SIGNS = "\u2212\u2013\u2014\u2012\ufe63\uff0d-"  # minus, en/em/figure dash, small/full-width, hyphen last
NIL_MARKS = {"-", "\u2013", "\u2014", "\u2212", "\u2012"}
# Footnote marks that may trail a figure (or a label) without being part of it.
FOOTNOTE_CHARS = "*\u00b9\u00b2\u00b3\u2070\u2071\u2074\u2075\u2076\u2077\u2078\u2079\u2020\u2021"
_FOOTNOTE_TAIL = re.compile(f"[{re.escape(FOOTNOTE_CHARS)}]+$")

# A Danish number: groups of three after thousand dots (or after spaces, the Swedish and
# Norwegian way: `-62 079`), or plain digits, then a decimal comma.
_GROUPED = r"\d{1,3}(?:\.\d{3})+|\d{1,3}(?: \d{3})+"
_PLAIN = r"\d+"
_NUMBER = re.compile(
    rf"^(?P<sign>[{re.escape(MINUS_SIGNS)}+])?\s*(?P<int>{_GROUPED}|{_PLAIN})(?:,(?P<frac>\d+))?$"
)
# The same with a decimal POINT, as tables exported from an English-language spreadsheet
# print them (`12.07`, `9 368.0`, `1,272,547`): thousands by comma or space.
_NUMBER_POINT = re.compile(
    rf"^(?P<sign>[{re.escape(MINUS_SIGNS)}+])?\s*(?P<int>\d{{1,3}}(?:,\d{{3}})+|\d{{1,3}}(?: \d{{3}})+|{_PLAIN})"
    rf"(?:\.(?P<frac>\d+))?$"
)
DECIMAL_COMMA, DECIMAL_POINT = ",", "."
_DIGIT = re.compile(r"\d")
# A footnote reference printed after a figure: `1.732 1)`, `4.966 a)`.
_NOTE_REF = re.compile(r"\s+(?:\d|[a-z])\)$")


@dataclass(frozen=True)
class Amount:
    """A parsed figure: its value, how many decimals were printed, and whether it was a nil dash."""

    value: Decimal
    decimals: int = 0
    nil: bool = False
    suffix: str = ""  # år, %, pct. ...: not money
    unit: str = ""  # a money unit printed in the cell (`500.000 kr.`), normalised

    @property
    def half_unit(self) -> Decimal:
        """Half a unit of the last printed digit: the rounding uncertainty of the figure."""
        return Decimal(5).scaleb(-(self.decimals + 1))


def clean(text: str) -> str:
    """Normalise the characters a PDF gives for a figure: NBSP, thin spaces, soft hyphens."""
    text = unicodedata.normalize("NFC", text or "")
    for ch in ("\u00a0", "\u2009", "\u202f", "\u2007"):
        text = text.replace(ch, " ")
    return text.replace("\u00ad", "").strip()


def strip_footnote(text: str) -> tuple[str, str]:
    """Split trailing footnote marks off: `-5.090¹` -> (`-5.090`, `¹`)."""
    m = _FOOTNOTE_TAIL.search(text)
    if not m or m.start() == 0:
        return text, ""
    return text[: m.start()].rstrip(), m.group(0)


def parse_amount(text: str, *, allow_plain_thousands: bool = True, decimal: str = DECIMAL_COMMA) -> Amount | None:
    """Parse one printed figure, or return None when the text is not an amount.

    `allow_plain_thousands=False` rejects unpunctuated numbers of four or more digits
    (`2026`, `4000`): in running text those are years or codes, never kroner amounts.
    `decimal` is the decimal mark: the Danish comma unless a column shows otherwise
    (`decimal_mark_of`).
    """
    text = clean(text)
    if not text:
        return None
    text, _ = strip_footnote(text)
    if text in NIL_MARKS:
        return Amount(Decimal(0), 0, nil=True)
    negative = False
    if text.startswith("(") and text.endswith(")"):
        negative, text = True, text[1:-1].strip()
        if text and text[0] in MINUS_SIGNS + "+":
            return None  # "(-5)" is not a form anyone prints
    m = (_NUMBER_POINT if decimal == DECIMAL_POINT else _NUMBER).match(text)
    if not m:
        return None
    digits, frac = m.group("int"), m.group("frac") or ""
    if not any(sep in digits for sep in ". ,"):
        if len(digits) > 1 and digits.startswith("0"):
            return None  # "007": a code, not an amount
        if len(digits) >= 4 and (not allow_plain_thousands or (negative and not frac)):
            return None  # "(6014)": a project number; an amount that large is printed "(6.014)"
    sign = m.group("sign")
    if sign and sign != "+":
        if negative:
            return None
        negative = True
    value = Decimal(re.sub(r"[. ,]", "", digits) + ("." + frac if frac else ""))
    if negative:
        value = -value
    if value == 0:
        value = Decimal(0).scaleb(-len(frac)) if frac else Decimal(0)
    return Amount(value, len(frac))


@lru_cache(maxsize=1 << 16)
def parse_cell(text: str, decimal: str = DECIMAL_COMMA) -> Amount | None:
    """Parse a table cell: a figure, a nil dash, a figure with a small suffix (`3 år`,
    `12 %`), a figure with its money unit (`500.000 kr.`) or a footnote reference after it
    (`1.732 1)`)."""
    text = clean(text)
    amount = parse_amount(text, decimal=decimal)
    if amount is not None:
        return amount
    if not _DIGIT.search(text):
        return None  # words: no figure with a suffix, a unit or a note after it either
    m = _NOTE_REF.search(text)
    if m and m.start() > 0:
        amount = parse_cell(text[: m.start()], decimal)
        if amount is not None and not amount.nil:
            return amount
    m = CELL_SUFFIX.search(text)
    if m and m.start() > 0:
        amount = parse_amount(text[: m.start()], decimal=decimal)
        if amount is not None and not amount.nil:
            return Amount(amount.value, amount.decimals, suffix=m.group("suffix").lower())
    m = CELL_UNIT.search(text)
    if m and m.start() > 0:
        amount = parse_amount(text[: m.start()], decimal=decimal)
        unit = find_unit(m.group("unit"))
        if amount is not None and not amount.nil and unit is not None:
            return Amount(amount.value, amount.decimals, unit=unit.text)
    return None


def parse_any(text: str) -> Amount | None:
    """A cell read the Danish way, or else with a decimal point: for geometry (where the
    figures stand), not for what they are worth, which their column decides (`decimal_mark_of`)."""
    return parse_cell(text) or parse_cell(text, DECIMAL_POINT)


def is_figure(text: str) -> bool:
    return parse_any(text) is not None


def decimal_mark_of(texts, min_evidence: int = 2) -> str | None:
    """The decimal mark a run of cells (a column, a table) is printed with, from the cells
    that are figures in one convention only: `12.07`, `9 368.0` say point; `2,5`, `1.234,5`
    say comma.  Point only when at least `min_evidence` cells say so and none says
    comma; None when the cells do not tell (`1.234` reads either way)."""
    point = comma = 0
    for t in texts:
        as_comma, as_point = parse_cell(t), parse_cell(t, DECIMAL_POINT)
        if as_point is not None and as_comma is None:
            point += 1
        elif as_comma is not None and as_point is None:
            comma += 1
    if comma:
        return DECIMAL_COMMA
    if point >= min_evidence:
        return DECIMAL_POINT
    return None


# ---------------------------------------------------------------- units
@dataclass(frozen=True)
class Unit:
    """A table's or sentence's money unit: the text as printed and its factor to kroner."""

    text: str
    factor: Decimal


UNIT_NAMES = sorted({name for _, name, _ in UNIT_PATTERNS})


def find_unit(text: str) -> Unit | None:
    """The first money unit named in a piece of text (`Beløb i 1.000 kr.` -> 1.000 kr.)."""
    text = clean(text)
    best: tuple[int, int, Unit] | None = None
    for rank, (pattern, name, factor) in enumerate(UNIT_PATTERNS):
        m = pattern.search(text)
        if m and (best is None or (m.start(), rank) < best[:2]):
            best = (m.start(), rank, Unit(name, Decimal(factor)))
    return best[2] if best else None


def find_price_base(text: str) -> str | None:
    """`2026-priser`, `2027 p/l`, `(2017 p/l.)` -> `2026 p/l` … (normalised)."""
    text = clean(text)
    m = PRICE_BASE_PAREN.search(text) or PRICE_BASE.search(text)
    return f"{m.group('year')} p/l" if m else None


# ---------------------------------------------------------------- output
def format_decimal(value: Decimal | None) -> str:
    """Contract form: `.` as decimal point, no thousands separator, no exponent, no trailing zeros."""
    if value is None:
        return ""
    if value == value.to_integral_value():
        return str(int(value))
    text = format(value.normalize(), "f")
    return text


def format_danish(value: Decimal, decimals: int = 0) -> str:
    """Print a number as a Danish document would: `-5.090`, `2,5`."""
    quantised = value.quantize(Decimal(1).scaleb(-decimals)) if decimals else value.quantize(Decimal(1))
    sign = "-" if quantised < 0 else ""
    whole, _, frac = format(abs(quantised), "f").partition(".")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    out = sign + ".".join(groups)
    return out + ("," + frac if decimals else "")
