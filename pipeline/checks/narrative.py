"""Stage 6b: amounts stated in the running text, checked against the tables (kind `narrative`).

Three kinds of statement are read, each only where its meaning is clear:

* a heading that names a table row: `Projektledelse: 4,5 mio. kr. i alt`,
  `Huslejetilskud: 0,9 mio. kr. årligt ved fuld indfasning`, `…: -3,0 mio. kr. i 2028`,
  `…: 1,4 mio. kr. i 2028 stigende til 1,5 mio. kr. fra 2031 og frem`;
* a sentence about the proposal's totals: the (net) effectivisation
  (`Effektiviseringsbidraget (netto) er på 5,7 mio. kr. i 2027 stigende til 10,1 mio. kr. …
  ved fuld indfasning i 2031`) and the investment need (`behov for 21,1 mio. kr. i
  investeringsmidler`);
* a sum stated in the text itself: `udgør 7,1 mio. kr. Heraf … 2,2 mio. kr. …, mens
  4,9 mio. kr. …`.

A statement is compared with its row only when the row is unambiguous: a label that fits
several rows whose verdicts differ is left alone rather than matched to whichever agrees.
The text's rounding counts twice (`4,5 mio.` is ± 0,05 mio. and gets a further 0,05 mio.),
each table figure once.  Savings are compared by size, since prose often drops the minus.
"""
from __future__ import annotations

import bisect
import difflib
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from pipeline.checks.structure import norm_label
from pipeline.model import (
    Addend,
    BBox,
    Cell,
    Check,
    DocumentContent,
    Kind,
    PageContent,
    Proposal,
    Role,
    Row,
    Table,
    TextLine,
)
from pipeline.tables.numbers import parse_amount
from pipeline.tables.vocabulary import (
    GROSS,
    GROSS_ITEM,
    GROSS_ROW,
    INVEST,
    INVEST_ROW,
    NET,
    NET_ROW,
    SUBSET,
    YEAR_DIGITS,
)

AMOUNT = re.compile(
    r"(?P<num>[-\u2212\u2013+]?\s?\d{1,3}(?:\.\d{3})*(?:,\d+)?|[-\u2212\u2013+]?\d+(?:,\d+)?)\s*"
    r"(?P<unit>mia\.\s*kr\.?|mio\.\s*kr\.?|mio\.|mia\.|t\.\s*kr\.?|tkr\.?|kr\.)", re.IGNORECASE)
UNIT_NAMES = {"mia": "mia. kr.", "mio": "mio. kr.", "t": "t. kr.", "tkr": "t. kr.", "kr": "kr."}
FACTORS = {"mia": Decimal(10) ** 9, "mio": Decimal(10) ** 6, "t": Decimal(1000), "tkr": Decimal(1000), "kr": Decimal(1)}
HEADING = re.compile(r"^(?P<label>[^:]{3,200}):\s*(?P<rest>.*\d.*)$")


SENTENCE_END = re.compile(r"(?<=[a-zæøå0-9)])\.\s+(?=[A-ZÆØÅ])")


@dataclass
class Statement:
    page: int
    proposal: int
    text: str


@dataclass
class _Amount:
    value: Decimal  # in kroner
    half: Decimal  # half a unit of its last printed digit, in kroner
    start: int
    end: int
    factor: Decimal = Decimal(1)  # of the unit printed after it
    decimals: int = 0
    unit: str = "kr."  # as printed, normalised ("mio. kr.")


def _amounts(text: str) -> list[_Amount]:
    out = []
    for m in AMOUNT.finditer(text):
        num = m.group("num").replace(" ", "")
        unit = m.group("unit").lower()
        key = "mia" if unit.startswith("mia") else "mio" if unit.startswith("mio") else \
            "t" if unit.startswith(("t.", "tkr")) else "kr"
        amount = parse_amount(num, allow_plain_thousands=(key == "kr"))
        if amount is None or amount.nil:
            continue
        if key == "kr" and amount.decimals:
            continue  # `1,5 kr. i alt`: the unit is missing from the text, not a figure to check
        factor = FACTORS[key]
        out.append(_Amount(amount.value * factor, amount.half_unit * factor, m.start(), m.end(), factor,
                           amount.decimals, UNIT_NAMES[key]))
    return out


def _paragraphs(doc: DocumentContent, tables: list[Table], proposals: list[Proposal]) -> list[Statement]:
    """Running text outside the tables, joined into paragraphs (a bold heading is its own)."""
    out: list[Statement] = []
    boxes: dict[int, list[BBox]] = {}
    for t in tables:
        for number, box in t.bbox.items():
            boxes.setdefault(number, []).append(box)
    for page in doc.pages:
        proposal = next((p.index for p in proposals if p.first_page <= page.number <= p.last_page), 0)
        out += [Statement(page.number, proposal, _joined(lines))
                for lines in _page_paragraphs(page, boxes.get(page.number, []))]
    return out


def _page_paragraphs(page: PageContent, boxes: list[BBox]) -> list[list[TextLine]]:
    """A page's lines outside the table boxes, in paragraphs."""
    out: list[list[TextLine]] = []
    current: list[TextLine] = []
    widths = sorted(ln.x1 for ln in page.lines) or [page.width]
    right_edge = widths[int(len(widths) * 0.9)] if len(widths) > 1 else widths[0]
    left_edge = min((ln.x0 for ln in page.lines), default=0.0)
    for ln in page.lines:
        inside = any(b[0] - 2 <= ln.x0 and ln.x1 <= b[2] + 2 and b[1] - 2 <= ln.top and ln.bottom <= b[3] + 2
                     for b in boxes)
        if inside:
            if current:
                out.append(current)
                current = []
            continue
        if current:
            prev = current[-1]
            gap = ln.top - prev.bottom
            short = prev.x1 < right_edge - 0.12 * (right_edge - left_edge)  # the previous line ended a paragraph
            if gap > (prev.bottom - prev.top) * 0.9 or prev.bold != ln.bold or abs(prev.size - ln.size) > 0.6 \
                    or short:
                out.append(current)
                current = []
        current.append(ln)
    if current:
        out.append(current)
    return out


def _joined(lines: list[TextLine]) -> str:
    """A paragraph's lines as one text, words hyphenated over a line break joined again."""
    text = ""
    for ln in lines:
        t = ln.text.strip()
        if re.search(r"\w-$", text) and t[:1].islower():
            text = text[:-1] + t
        else:
            text = f"{text} {t}".strip()
    return text


def _years_after(text: str) -> list[str] | str | None:
    """What the words after an amount say it covers: 'all' (i alt), 'last' (fuld indfasning),
    a list of years, or None."""
    head = text[:90]
    if re.match(r"^\s*(?:\w+\s+){0,2}i alt\b", head, re.IGNORECASE):
        return "all"
    m = re.match(rf"^\s*(?:årligt\s+)?(?:varigt\s+)?ved fuld indfasning(?:\s+i\s+({YEAR_DIGITS}))?", head,
                 re.IGNORECASE)
    if m:
        return [m.group(1)] if m.group(1) else "last"
    m = re.match(rf"^\s*(årligt\s+)?(?:i|fra)\s+({YEAR_DIGITS})(?:\s*(?:-|og|til)\s*({YEAR_DIGITS}))?", head,
                 re.IGNORECASE)
    if m:
        first = int(m.group(2))
        if not m.group(3):
            return [str(first)]
        if m.group(1):  # `årligt i 2026-2027`: the figure is each year's
            return [str(y) for y in range(first, int(m.group(3)) + 1)]
        return None  # `i 2017-2019` alone: a year each or their sum? left alone
    return None


@lru_cache(maxsize=65536)
def _norm(label: str) -> str:
    text = norm_label(label)
    text = re.sub(r"§\s+", "§", text)
    text = re.sub(r"(\w)-\s+(\w)", r"\1\2", text)
    return text


FUZZY = 0.88  # difflib ratio at which a label names a row


class _LabelIndex:
    """The rows that statements can name in a list of tables (one proposal's), indexed by their
    distinct labels, so that naming a row costs time independent of the document's length:
    exact labels by dictionary, prefixes by bisection, and the fuzzy match (difflib ratio ≥
    FUZZY) only against distinct labels whose length allows that ratio, each with its matcher
    kept (difflib caches what it learns of the second sequence) and first bounded by difflib's
    cheaper upper bounds.  `candidates` gives the same rows, in the same order, as trying each
    table in turn and comparing the label with every row of it."""

    def __init__(self, tables: list[Table]):
        self.tables = tables
        self.rows = [[r for r in t.rows if r.role in (Role.ITEM, Role.TOTAL, Role.HERAF)] for t in tables]
        self.where: dict[str, list[tuple[int, int]]] = {}  # label -> (table position, row position)
        for ti, rows in enumerate(self.rows):
            for ri, r in enumerate(rows):
                self.where.setdefault(_norm(r.label), []).append((ti, ri))
        self.prefixes = sorted(n + " " for n in self.where)
        self.lengths = sorted((len(n), n) for n in self.where)
        self.matchers: dict[str, difflib.SequenceMatcher] = {}

    def _fuzzy(self, key: str) -> list[str]:
        n = len(key)  # 2·min(n, m)/(n + m) ≥ FUZZY bounds the other length m
        low = bisect.bisect_left(self.lengths, (int(n * FUZZY / (2 - FUZZY)) - 1, ""))
        high = bisect.bisect_left(self.lengths, (int(n * (2 - FUZZY) / FUZZY) + 3, ""))
        found = []
        for _, label in self.lengths[low:high]:
            matcher = self.matchers.get(label)
            if matcher is None:
                matcher = self.matchers[label] = difflib.SequenceMatcher(None, "", label)
            matcher.set_seq1(key)  # ratio(key, label), as SequenceMatcher(None, key, label).ratio()
            if matcher.real_quick_ratio() >= FUZZY and matcher.quick_ratio() >= FUZZY and matcher.ratio() >= FUZZY:
                found.append(label)
        return found

    def candidates(self, label: str) -> tuple[int, list[Row]] | None:
        """The first table (its position) with a row `label` names, and those rows; None if none."""
        key = _norm(label)
        per_table: dict[int, dict[str, list[int]]] = {}  # table -> how -> rows

        def note(labels, how):
            for text in labels:
                for ti, ri in self.where.get(text, []):
                    per_table.setdefault(ti, {}).setdefault(how, []).append(ri)

        note([key] if key in self.where else [], "exact")
        if len(key.split()) >= 2:
            start = bisect.bisect_left(self.prefixes, key + " ")
            prefixed = []
            for text in self.prefixes[start:]:
                if not text.startswith(key + " "):
                    break
                prefixed.append(text[:-1])
            note(prefixed, "prefix")
        note(self._fuzzy(key), "fuzzy")
        if not per_table:
            return None
        first = min(per_table)
        for how in ("exact", "prefix", "fuzzy"):
            if how in per_table[first]:
                return first, [self.rows[first][ri] for ri in sorted(set(per_table[first][how]))]
        return None


def _target(row: Row, table: Table, cover) -> tuple[list[str], Decimal, Decimal] | None:
    """The columns, the figure and its uncertainty that a statement about `row` refers to."""
    years = [c for c in table.columns if re.fullmatch(YEAR_DIGITS, c)]
    if cover == "all":
        cols = years
    elif cover == "last":
        cols = years[-1:]
    else:
        cols = [c for c in cover if c in years]
        if len(cols) != len(cover):
            return None
    cells = [row.cells.get(c) for c in cols]
    printed: list[tuple[Cell, Decimal]] = [(c, c.value) for c in cells if c is not None and c.value is not None]
    if not printed:
        return None
    value = sum((v for _, v in printed), Decimal(0))
    half = sum((Decimal(5).scaleb(-(c.decimals + 1)) for c, _ in printed), Decimal(0))
    return cols, value, half


def _compare(statement: Statement, amount: _Amount, row: Row, table: Table, cover) -> Check | None:
    """The statement about `row` recomputed from the table: a check, agreeing or not."""
    target = _target(row, table, cover)
    if target is None:
        return None
    cols, value, half = target
    factor = table.unit_factor or Decimal(1)
    stated = abs(amount.value) / factor
    if value < 0:
        stated = -stated
    tolerance = 2 * amount.half / factor + half
    column = cols[0] if len(cols) == 1 and cover != "all" else ""
    decimals = max((row.cells[c].decimals for c in cols if c in row.cells), default=0)
    return Check(kind=Kind.NARRATIVE, document="", proposal=table.proposal, table=table.id, page=statement.page,
                 row=row.index, label=row.label, column=column, stated=stated, recomputed=value,
                 tolerance=tolerance, unit=table.unit, decimals=decimals,
                 detail={"text_amount": str(abs(amount.value) / amount.factor), "text_decimals": amount.decimals,
                         "text_unit": amount.unit, "table_value": str(value)})


def _check_against(statement: Statement, amount: _Amount, rows: list[Row], table: Table, cover) -> Check | None:
    """Compare with the candidate rows: agreeing when any candidate agrees; a disagreement
    only when every candidate disagrees the same way; nothing when the row is ambiguous."""
    verdicts = [v for r in rows if (v := _compare(statement, amount, r, table, cover)) is not None]
    if not verdicts:
        return None
    agreeing = [v for v in verdicts if v.agrees]
    if agreeing:
        return agreeing[0]
    if len({(v.row, v.recomputed) for v in verdicts}) > 1:
        return None
    return verdicts[0]


def _statement_pairs(text: str) -> list[tuple[_Amount, list[str] | str]]:
    """Each amount in `text` with what the words after it say it covers."""
    amounts = _amounts(text)
    pairs: list[tuple[_Amount, list[str] | str]] = []
    for i, a in enumerate(amounts):
        end = amounts[i + 1].start if i + 1 < len(amounts) else len(text)
        cover = _years_after(text[a.end:end])
        if cover is None:
            # `… 5,7 mio. kr. i 2027 stigende til …` is covered above; `stigende til X i YEAR` too
            continue
        pairs.append((a, cover))
    return pairs


def _each(cover):
    """A statement about several years (`årligt i 2026-2027`) is one check per year."""
    if isinstance(cover, list):
        return [[year] for year in cover]
    return [cover]


def _first_sentence(text: str) -> str:
    """Up to the first full stop that ends a sentence (`mio. kr. i` does not)."""
    return SENTENCE_END.split(text, maxsplit=1)[0]


def _total_row(table: Table, *patterns: str) -> Row | None:
    for pattern in patterns:
        for row in table.rows:
            if row.role in (Role.TOTAL, Role.HERAF) and re.search(pattern, _norm(row.label)):
                return row
    return None


def check(document: str, doc: DocumentContent, tables: list[Table], proposals: list[Proposal]) -> list[Check]:
    """Every amount statement in the text that could be compared, agreeing or not."""
    found = _Found(document)
    indexes: dict[int, _LabelIndex] = {}  # proposal -> its tables' labels, built once
    by_proposal: dict[int, list[Table]] = {}
    for t in tables:
        by_proposal.setdefault(t.proposal, []).append(t)
    main_rows: dict[int, _MainRows] = {}  # proposal -> its main table's net, gross, gross items, invest rows
    for st in _paragraphs(doc, tables, proposals):
        own = by_proposal.get(st.proposal, [])
        # 1. a heading naming a row
        m = HEADING.match(st.text)
        if m and own and len(m.group("label").split()) <= 25:
            index = indexes.get(st.proposal)
            if index is None:
                index = indexes[st.proposal] = _LabelIndex(own)
            _heading(st, m.group("label").strip(), m.group("rest"), own, index, found)
        # 2. the proposal's net effectivisation and investment need
        if own:
            if st.proposal not in main_rows:
                main_rows[st.proposal] = _main_rows(own[0])
            _main_statements(st, own[0], main_rows[st.proposal], found)
        # 3. a sum stated in the text: X, of which A and B
        _sums_in_text(document, st, found)
    return found.checks


class _Found:
    """The checks found so far, each figure stated once (the first statement of it kept)."""

    def __init__(self, document: str):
        self.document = document
        self.checks: list[Check] = []
        self.seen: set[tuple[str, int | None, str, Decimal]] = set()

    def add(self, c: Check | None) -> None:
        if c is None:
            return
        key = (c.table, c.row, c.column, c.stated)
        if key not in self.seen:
            self.seen.add(key)
            c.document = self.document
            self.checks.append(c)


def _heading(st: Statement, label: str, rest: str, own: list[Table], index: _LabelIndex, found: _Found) -> None:
    """A heading naming a row (`Samlet varig ændring: 1,2 mio. kr. årligt`): its amounts against that row."""
    hit = index.candidates(label)  # the first of its tables with a row of that name
    if hit is None:
        return
    t, rows = own[hit[0]], hit[1]
    for amount, cover in _statement_pairs(rest):
        for part in _each(cover):
            found.add(_check_against(st, amount, rows, t, part))


_MainRows = tuple[Row | None, Row | None, list[Row], Row | None]


def _main_rows(main: Table) -> _MainRows:
    """A proposal's main table's net total, gross total, gross items and investment total."""
    return (
        _total_row(main, *NET_ROW) or _total_row(main, *GROSS_ROW),
        _total_row(main, *GROSS_ROW),
        # "effektiviseringen" may mean the net total or the gross effectivisation item
        [r for r in main.rows if r.role == Role.ITEM and _norm(r.label).startswith(GROSS_ITEM)],
        _total_row(main, *INVEST_ROW))


def _main_statements(st: Statement, main: Table, main_rows: _MainRows, found: _Found) -> None:
    """The proposal's net effectivisation, gross effectivisation and investment need, as the text states them."""
    net_row, gross_row, gross_items, invest_row = main_rows
    for pattern, candidates in ((NET, [net_row]), (GROSS, [gross_row, *gross_items])):
        rows = [r for r in candidates if r is not None]
        for hit in pattern.finditer(st.text):
            if not rows:
                continue
            tail = _first_sentence(st.text[hit.end(): hit.end() + 220])
            for amount, cover in _statement_pairs(tail):
                for part in _each(cover):
                    found.add(_check_against(st, amount, rows, main, part))
    for hit in INVEST.finditer(st.text):
        if invest_row is None:
            continue
        amounts = _amounts(hit.group("a") or hit.group("b"))
        if amounts:
            (amount,) = amounts
            found.add(_check_against(st, amount, [invest_row], main, "all"))


def _sums_in_text(document: str, st: Statement, found: _Found) -> None:
    """A sum stated in the text: X, of which A and B."""
    for hit in SUBSET.finditer(st.text):
        total = _amounts(hit.group("total"))
        parts = _amounts(_first_sentence(hit.group("parts")))
        if not total or len(parts) < 2:
            continue
        stated = total[0].value
        recomputed = sum((p.value for p in parts), Decimal(0))
        tolerance = 2 * total[0].half + sum((2 * p.half for p in parts), Decimal(0))
        subject = hit.group("subject").strip()
        found.add(Check(kind=Kind.NARRATIVE, document=document, proposal=st.proposal, table="", page=st.page,
                        row=None, label=subject, column="", stated=stated, recomputed=recomputed,
                        tolerance=tolerance, unit="kr.", addends=[Addend(None, "", p.value, 2 * p.half) for p in parts],
                        detail={"sum_in_text": True, "text_factor": str(total[0].factor),
                                "text_unit": total[0].unit,
                                "text_decimals": max(a.decimals for a in total + parts)}))
