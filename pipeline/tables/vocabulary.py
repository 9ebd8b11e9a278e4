"""The documents' own words, in one place: Danish first, Swedish and Norwegian beside them.

Words are hints, never the only evidence: a table is found by its geometry (aligned
numeric columns), a total by arithmetic (its terms add up in the other columns), and a
word only decides between readings that the geometry and the arithmetic leave open.
Everything here is matched case-insensitively on a label with footnote marks removed.
"""
from __future__ import annotations

import re

# A row that states a sum: `I alt`, `Samlet …`, `Total`, `Summa …`, `… totalt`, `Netto …`.
TOTAL_START = ("i alt", "ialt", "samlet", "samlede", "total", "totalt", "totale", "sum", "summa", "netto",
               "resultat", "tilsammen", "sammanlagt", "sammenlagt", "totalsum", "i sum")
TOTAL_END = ("i alt", "ialt", "total", "totalt", "i sum", "samlet", "netto", "sum", "summa")
TOTAL_ANYWHERE = ("resultat", "i alt", "total", "totalt", "summa")

# `Heraf` = of which: a subset of the row above (Swedish `varav`, Norwegian `herav`).
HERAF = ("heraf", "deraf", "hvoraf", "varav", "därav", "herav", "hvorav")

# Rows that are not money: payback time in years, staff, the current budget (not a change).
NOT_MONEY_LABEL = ("tilbagebetalingstid", "årsværk", "nuværende budget", "fuldtidsstilling", "antal",
                   "procent", "pct", "andel", "nøgletal", "kapitalprocent", "solvens", "pr. aktie", "årsverk",
                   "årsarbetare", "återbetalningstid", "%")

# Of those, rows that still add like money (staff: `Årsværk i alt` is the sum of the staff rows above it).
ADDITIVE_NOT_MONEY = ("årsværk", "årsverk", "årsarbetare", "fuldtidsstilling", "antal")

# Column headers that say the column is not summable money, or a count (exact, no rounding).
PERCENT_HEADER = ("%", "pct", "procent", "andel", "indeks", "index", "ratio", "relativ")
COUNT_HEADER = ("antal", "stk", "personer", "årsværk", "årsverk", "count", "anzahl")
# Column headers that say the column is a rate, an average or an amount per head: never summed.
RATE_HEADER = ("pr. indbygger", "per indbygger", "pr. indb", "pr. borger", "pr. elev", "pr. barn", "pr. bruger",
               "pr. plads", "pr. person", "per person", "per capita", "per inhabitant", "per head", "per 1,000",
               "per 100,000", "pr. 1.000 indb", "gennemsnit", "gns.", "average", "mean", "median", "rate", "sats",
               "takst", "nøgletal", "ratio", "percentage", "kvote")
# A column of page or note references (a list of contents): never summed.
REFERENCE_HEADER = ("side", "sida", "sidan", "page", "note", "noter", "not", "s.")

# A column that is one column minus another (`Afvigelse` = budget − forbrug, either sign).
DIFFERENCE_HEADER = ("afvigelse", "afv.", "avvikelse", "avvik", "återstår", "difference", "differens", "differanse",
                     "forskel", "mer-/mindreforbrug", "mindreforbrug", "merforbrug", "rest", "ændring",
                     "förändring", "endring", "budgetafvigelse", "budgetavvikelse", "over-/underskud",
                     "afvigelser")

# A column that sums the others along its row.
ROW_TOTAL_HEADER = ("i alt", "ialt", "total", "totalt", "sum", "summa", "samlet", "hovedtal")

# The `Styringsområde` column and its words.
CATEGORY_HEADER = re.compile(r"styrings|bevillings|^råde$", re.IGNORECASE)  # `Styringsom-` / `råde`
CATEGORY_WORDS = {"service": "Service", "overførsler": "Overførsler", "anlæg": "Anlæg",
                  "finansiering": "Finansiering"}
CATEGORY_COLUMN = "Styringsområde"  # the name the column is given
CATEGORY_NAMES = {"service": "Service", "overførsler": "Overførsler", "anlæg": "Anlæg"}  # a cell's category
LABEL_CATEGORY = re.compile(r",\s*(service|overførsler|anlæg)\W*$", re.IGNORECASE)  # `Kompetenceudvikling, service`

# Cells that say "nothing here" in words: blank for arithmetic, never unreadable.
NOT_APPLICABLE = ("ej aktuellt", "ej aktuell", "ikke relevant", "ikke aktuelt", "i.a.", "i.a", "n/a", "na", "x",
                  "-", "–", "—", "ej tillämpligt", "ikke oplyst", "uoplyst", ".", "..", "…", "ikke aktuel",
                  "ikkje aktuelt", "ej relevant", "ikke angivet")

# A caption numbering tables: `Tabel 1.`, `Tabell 2:`, `Table 3`; its number, to see a numbering
# start again (`Tabel 1` after `Tabel 3`: a new proposal).
TABLE_WORD = r"(?:Tabel|Tabell|Table)"
CAPTION = re.compile(rf"^{TABLE_WORD}\s+\d+\s*[.:]?", re.IGNORECASE)
CAPTION_NUMBER = re.compile(rf"^{TABLE_WORD}\s+(\d+)", re.IGNORECASE)

# A page number or a running footer's page mark (the whole line), and a line that carries one
# somewhere (`Budget 2027 3/12`, `Side 4`): compared with its digits masked.
PAGE_WORD = r"(?:side|sid|sida|page)"
PAGE_NUMBER = re.compile(rf"^\s*({PAGE_WORD}\s+\d+(?:\s*(?:af|av|of|\()\s*\d+\)?)?|\d+\s*/\s*\d+|"
                         r"-?\s*\d+\s*-?)\s*$", re.IGNORECASE)
NUMBERED = re.compile(rf"\b\d+\s*/\s*\d+\b|\b{PAGE_WORD}\s+\d+", re.IGNORECASE)

# A bare year (`2027`): a column header or a row's label, not an amount.
YEAR = re.compile(r"^(19|20)\d{2}$")

# A form's title field: `Overskrift …`, `Forslagets titel: …`.
TITLE_FIELD = re.compile(r"^(?:overskrift|forslagets titel|titel|forslag)\s*:?\s+(?P<title>\S.{3,})$",
                         re.IGNORECASE)

# Words that leave a wrapped label open at the end of a line (`Udgifter til` / `rengøring`), and
# the words before which a line-end hyphen is a real one (`kompetence-` `og konceptudvikling`).
DANGLING = {"og", "i", "af", "til", "på", "for", "med", "ved", "om", "fra", "samt", "eller", "en", "et",
            "de", "den", "det", "§", "-", "–", "inkl.", "ifm.", "under", "efter", "mod", "som", "der"}
KEEP_HYPHEN_BEFORE = {"og", "eller", "samt", "til", "&"}

# Trailing words a table cell may carry after its figure: `3 år`, `12 %`, `4,5 pct.`, and a
# money unit printed in the cell itself: `500.000 kr.`, `2,5 mio. kr.`, `12 tkr`.
CELL_SUFFIX = re.compile(r"\s*(?P<suffix>år|mdr\.|måneder|%|pct\.?|procent)$", re.IGNORECASE)
CELL_UNIT = re.compile(r"\s*(?P<unit>mia\.\s*kr\.?|mio\.\s*kr\.?|mnkr\.?|mdkr\.?|t\.\s*kr\.?|tkr\.?|kr\.?|kroner)$",
                       re.IGNORECASE)

# Money units as printed, the name each is reported under and its factor to kroner (the first
# named in a text wins; at one place, the earlier pattern here).
UNIT_PATTERNS: list[tuple[re.Pattern[str], str, int]] = [
    (re.compile(r"\bmia\.?\s*kr\.?", re.I), "mia. kr.", 1_000_000_000),
    (re.compile(r"\bmio\.?\s*kr\.?", re.I), "mio. kr.", 1_000_000),
    (re.compile(r"\b1\.000\s*kr\.?", re.I), "1.000 kr.", 1000),
    (re.compile(r"(?<![\w.])t\.\s*kr\.?", re.I), "t. kr.", 1000),
    (re.compile(r"\btkr\.?", re.I), "t. kr.", 1000),
    (re.compile(r"\bmnkr\.?", re.I), "mio. kr.", 1_000_000),
    (re.compile(r"\bmdkr\.?", re.I), "mia. kr.", 1_000_000_000),
    (re.compile(r"\bkr\.", re.I), "kr.", 1),
    (re.compile(r"\bkroner\b", re.I), "kr.", 1),
    (re.compile(r"\bmia\.", re.I), "mia. kr.", 1_000_000_000),
    (re.compile(r"\bmio\.", re.I), "mio. kr.", 1_000_000),
]

# A price base: `2026-priser`, `2027 p/l`, `(2017 p/l.)`.
PRICE_BASE = re.compile(r"\b(?P<year>(?:19|20)\d{2})\s*(?:-\s*priser|p/l|pl\b|prisniveau|-?pris- og lønniveau)", re.I)
PRICE_BASE_PAREN = re.compile(r"\((?P<year>(?:19|20)\d{2})\s*p/l\.?\)", re.I)

FOOTNOTE = re.compile(r"[\*\u00b9\u00b2\u00b3\u2070-\u2079\u2020\u2021]+|\s\d\)$")

# A year as printed in a header or a sentence (`2027`).
YEAR_DIGITS = r"(?:19|20)\d{2}"
YEAR = re.compile(rf"^{YEAR_DIGITS}$")  # a text that is a year and nothing else
YEAR_IN = re.compile(rf"(?<!\d){YEAR_DIGITS}(?!\d)")  # a year somewhere in a text
PERIOD = re.compile(rf"(?<!\d)({YEAR_DIGITS})\s*[-–]\s*({YEAR_DIGITS})(?!\d)")  # `2027-2030`: a period of years

# A total's label ending in its category (`Samlet varig ændring, Service`).
CATEGORY_SUFFIX = re.compile(r",\s*(service|overførsler|anlæg)\s*$", re.IGNORECASE)
# Totals of one thing named differently in a proposal's tables (matched on labels as `norm_label` gives them).
TOTAL_SYNONYMS = [
    {"samlet varig ændring", "varige ændringer totalt", "varige ændringer i alt", "samlede varige ændringer"},
    {"samlede implementeringsomkostninger", "investeringer totalt", "investeringer i alt", "samlede investeringer"},
]
# The text around the tables (`checks/narrative.py`): the net effectivisation, the gross one, the
# investment need, and a sum stated in the text (`X udgør 7,1 mio. kr. Heraf …`) ...
NET = re.compile(r"effektiviseringsbidrag\w*\s*(?:\(netto\))?|nettoeffektivisering\w*", re.IGNORECASE)
GROSS = re.compile(r"\b(?:forslagets\s+)?effektivisering(?:en)?\s+(?:på|udgør)\b", re.IGNORECASE)
INVEST = re.compile(r"behov for\s+(?P<a>[\d.,]+\s*mio\.\s*kr\.?)\s+i\s+investeringsmidler|"
                    r"investeringsbehov(?:et)?\s+(?:på|er på|udgør)\s+(?P<b>[\d.,]+\s*mio\.\s*kr\.?)", re.IGNORECASE)
SUBSET = re.compile(r"(?P<subject>[A-ZÆØÅ][\wæøå ]{2,60}?)\s+(?:udgør|er på|er)\s+(?P<total>[\d.,]+\s*mio\.\s*kr\.?)\s*"
                    r"(?:\.|,)?\s*(?:Heraf|heraf|hvoraf)\b(?P<parts>.{0,300})")
# ... and the rows of a proposal's main table they are checked against (labels as `norm_label` gives them).
NET_ROW = (r"nettoeffektivisering",)
GROSS_ROW = (r"^samlet varig ændring$",)
GROSS_ITEM = "effektivisering"  # an item whose label starts so
INVEST_ROW = (r"^samlede implementeringsomkostninger$", r"^investeringer totalt$")

# A `Heraf` row of the net effect split by category (`Heraf nettoeffektivisering`).
NET_WORD = "netto"
# Totals that name nothing: they link no rows across tables.
GENERIC_TOTALS = {"i alt", "ialt", "total", "totalt", "sum", "summa", "i alt i alt"}


def norm(label: str) -> str:
    """A label as compared: footnote marks and hyphen-wraps gone, spaces folded, lower case."""
    text = FOOTNOTE.sub("", label or "")
    text = re.sub(r"(\w)-\s+(\w)", r"\1\2", text)
    return re.sub(r"\s+", " ", text).strip().casefold().rstrip(" :.,")


def _starts(text: str, words) -> bool:
    return any(text == w or text.startswith(w + " ") or text.startswith(w + ",") for w in words)


def _ends(text: str, words) -> bool:
    return any(text == w or text.endswith(" " + w) or text.endswith("," + w) for w in words)


def says_total(label: str) -> bool:
    """Does the label say the row is a sum (`I alt`, `Samlet varig ændring`, `Summa totalt`)?"""
    text = re.sub(r"^\W+", "", norm(label))
    if says_heraf(label):
        return False
    return _starts(text, TOTAL_START) or _ends(text, TOTAL_END) or \
        any(re.search(rf"\b{re.escape(w)}\b", text) for w in TOTAL_ANYWHERE)


def says_additive_count(label: str) -> bool:
    """A row not of money that adds like money: staff (`Årsværk i alt`, `I alt, årsværk`)."""
    text = " ".join(norm(label).split()[:8])
    return any(re.search(rf"(?<!\w){re.escape(w)}", text) for w in ADDITIVE_NOT_MONEY)


def says_heraf(label: str) -> bool:
    text = re.sub(r"^\W+", "", norm(label))
    return _starts(text, HERAF)


def says_not_money(label: str) -> bool:
    """Payback years, staff, percentages, the current budget: a row that is not an amount.
    Only the label's first words count (a long label may describe anything later on)."""
    text = " ".join(norm(label).split()[:8])
    return any(re.search(rf"(?<!\w){re.escape(w)}", text) for w in NOT_MONEY_LABEL)


PERCENT_SUFFIX = ("procent", "%")  # `nedskrivningsprocent`, `kapitalprocent`
PERCENT_CELL = ("%", "pct.", "pct")  # how a figure that is a percentage ends (`4,5 %`, `12 pct.`)


def header_is(header: str, words) -> bool:
    """Does a column header contain one of `words` (as a word or word start)?"""
    text = norm(header)
    if words is PERCENT_HEADER and any(w in text for w in PERCENT_SUFFIX):
        return True
    return any(re.search(rf"(?<![\w]){re.escape(w)}", text) for w in words)


def header_names(header: str, words) -> bool:
    """Does a column header contain one of `words` as a whole word (`Note`, `Side`; not the
    start of `Noterede priser`)?"""
    text = norm(header)
    return any(re.search(rf"(?<![\w]){re.escape(w)}(?![\w])", text) for w in words)


_NA = re.compile("|".join(re.escape(w) for w in sorted(NOT_APPLICABLE, key=len, reverse=True)))


def not_applicable(text: str) -> bool:
    """A cell that says in words that it has no figure (`Ej aktuellt`, `x`, `-`), maybe more
    than once (a cell run together with its neighbours').  Other words (`årligen, løbende`)
    stand for an amount not printed: its value is unknown, not 0."""
    t = norm(text)
    return bool(t) and not _NA.sub(" ", t).strip(" ,;/")


# The two sides of a balance sheet, which must be equal (whole labels).
ASSETS_TOTAL = ("aktiver i alt", "aktiver", "aktiver, i alt", "aktiver ialt", "aktiver total", "summa tillgångar",
                "summa aktiva", "sum aktiva", "sum eiendeler", "eiendeler i alt", "sum eiendeler i alt", "total assets")
LIABILITIES_TOTAL = ("passiver i alt", "passiver", "passiver, i alt", "passiver ialt", "passiver total",
                     "summa eget kapital och skulder", "summa passiva", "sum passiva", "sum egenkapital og gjeld",
                     "sum gjeld og egenkapital", "egenkapital og gæld i alt", "gæld og egenkapital i alt",
                     "total liabilities and equity", "total equity and liabilities")


# A running total carried over a page break: `Transport` at the foot of a page (carried out),
# `Overført fra forrige side` at the top of the next (carried in).  Matched on the whole label.
CARRY_OUT = ("transport", "til overførsel", "overføres til næste side", "transport til næste side",
             "overført til næste side", "transporteres", "carried forward", "a transporter")
CARRY_IN = ("overført fra forrige side", "transport fra forrige side", "overført", "transporteret",
            "fra forrige side", "overført fra side", "brought forward", "transport fra side")


# `Overført fra forrige side`, `Transport fra side 3`; not `Overført fra sidste år` (unspent
# budget brought from last year: a line item).
CARRY_IN_PAGE = re.compile(r"^(?:overført|transport|transporteret|overføres) fra (?:forrige |foregående )?side\b")


def says_carry(label: str) -> str | None:
    """`out` for a figure carried to the next page (`Transport`), `in` for one brought from the
    page before (`Overført fra forrige side`), None for any other label.  `Transport` alone
    may be either: where it stands (first row on its page or not) decides, not this."""
    text = re.sub(r"\s+\d+$", "", norm(label))  # `Transport fra side 3`
    if text in CARRY_OUT or any(text == w or text.startswith(w + " ") for w in CARRY_OUT[1:]):
        return "out"
    if text in CARRY_IN or CARRY_IN_PAGE.match(text):
        return "in"
    return None
