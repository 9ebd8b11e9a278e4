"""Ten Danish municipal layout families (issue 17): `python -m pdfgen.families OUTDIR --count N`.

Each family is a recipe like those of `realistic.RECIPES` (same tables, truth, planted
errors and two producers), kept in its own registry so that the realistic generator's
sets stay as they are. Wording, fonts, column widths, indentation and the number of rows
vary with the seed, so each recipe is a family, not one template:

* `summary`: a short summary table, `Serviceudgifter / Overførselsudgifter / Anlæg /
  Finansiering / I alt`, `Beløb i 1.000 kr. (2027-priser)`;
* `catalogue`: 10-20 proposals with an overview table at the front, each overview line
  that proposal's own total, and the overview's `I alt`;
* `budget-followup`: landscape budgetopfølgning in mio. kr. with decimals, `Oprindeligt
  budget / Korrigeret budget / (Forbrug pr. …) / Forventet regnskab / Afvigelse`,
  committee → bevillingsområde subtotals → total;
* `investments`: `Samlet anlægssum / Forbrug tidl. år / 2027 … 2030`, area subtotals,
  `Anlæg i alt`; the project total is no sum of the printed years;
* `spreadsheet`: a sheet printed to PDF, gridlines, the header on each page,
  `1 234 567 kr.`, negatives in parentheses, unrounded amounts;
* `total-above`: `Samlet ændring` first, `heraf` lines above their items; `Netto` of
  expenses and income printed with opposite signs;
* `carry`: a table over two or three pages, `Transport` at the foot of a page and
  `Overført fra forrige side` at the top of the next;
* `ten-year`: landscape, 6-7 pt, ten years with period totals (`2027-2030 i alt`);
* `staff`: `Årsværk` rows with one decimal beside money rows, the table in one column of
  a two-column page beside prose;
* `descending`: descending years or `B2027 BO2028 …` headers, mio. kr. with two
  decimals, U+2212 minus.

Truth: `NAME.real.json` in the schema of `../shared/real` (what `score_real.py` reads),
plus two keys the real files do not have:

* `not_sums`: figures printed where a total could stand that are no sum of the rows or
  columns beside them (`Samlet anlægssum` and `Forbrug tidl. år` against the printed years,
  `Afvigelse` on a total row read across, a carried figure, a period total against all the
  years): a finding on one of them is a false alarm, and a scorer can say so;
* `cells`: every figure printed in a table (page, table, label, column, value in the
  table's unit), for a cell score like `../shared/tools/score.py`.

A carried figure (`Overført fra forrige side`) is a total with one item, the `Transport`
row it repeats (kind `subtotal`, note `carry-forward`); a carry-forward that does not
match is its own planted error (`carry-mismatch`).

A third producer, LibreOffice Calc (`calc.py`, `--calc`), prints five families from a
spreadsheet when `soffice` is on PATH.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

from . import layouts as L
from . import vocab as V
from .flow import Document, Heading, PageStyle, Para, TableBlock, TableLook, TwoColumns
from .plants import PLANTS
from .realistic import (
    PALE,
    PRODUCERS,
    GenDoc,
    _ctx,
    _plant,
    _prose,
    build_truth,
    da_look,
    da_page,
)
from .sheet import (
    GRAND,
    ITEM,
    PCT,
    SUBTOTAL,
    TOTAL,
    Column,
    NumberStyle,
    Plant,
    Sheet,
    Table,
    evaluate,
    json_number,
    quantum,
)

LANDSCAPE = (841.89, 595.28)
SUMMARY_ROWS = [
    (["Serviceudgifter", "Service", "Serviceudgifter (drift)"], 1, (500, 60000)),
    (["Overførselsudgifter", "Overførsler", "Indkomstoverførsler"], 1, (200, 30000)),
    (["Anlæg", "Anlægsudgifter", "Anlæg (brutto)"], 1, (100, 25000)),
    (["Finansiering", "Finansiering (låneoptagelse)", "Indtægter og finansiering"], -1, (100, 20000)),
]
BEVILLING = {
    "Børne- og Skoleudvalget": ["Dagtilbud", "Folkeskoler", "Specialundervisning", "Ungdomsskole", "SFO og klubber"],
    "Social- og Sundhedsudvalget": [
        "Ældrepleje",
        "Hjemmepleje",
        "Sundhed og forebyggelse",
        "Voksenhandicap",
        "Socialpsykiatri",
    ],
    "Kultur- og Fritidsudvalget": ["Kultur", "Biblioteker", "Idræt og fritid", "Musikskole"],
    "Teknik- og Miljøudvalget": ["Veje og trafik", "Kollektiv trafik", "Parker og grønne områder", "Miljø og natur"],
    "Beskæftigelsesudvalget": ["Jobcenter", "Kontanthjælp", "Sygedagpenge", "Integration"],
    "Økonomiudvalget": ["Administration", "IT og digitalisering", "Politisk organisation", "Bygningsdrift"],
}
ACTIVITIES = [
    "Løn",
    "Drift og vedligehold",
    "Tilskud",
    "Køb af pladser",
    "Indtægter",
    "Husleje",
    "Kørsel",
    "Aktiviteter",
    "Puljer",
    "Overførsler fra sidste år",
    "Projekter",
    "Materialer",
]
CARRY_WORDS = [
    ("Transport", "Overført fra forrige side"),
    ("Transport", "Transport fra forrige side"),
    ("Til overførsel", "Overført"),
    ("Overføres til næste side", "Overført fra forrige side"),
]
ALL_WORDS = ["I alt", "Samlet", "Total", "Sum"]


def _landscape(rng: random.Random, **kw) -> PageStyle:
    return da_page(rng, size=LANDSCAPE, margins=(rng.choice([40.0, 48.0, 56.0]), 50.0, 44.0, 50.0), **kw)


def _caption(ctx: L.Ctx, text: str) -> str:
    return ctx.caption(text) if ctx.rng.random() < 0.6 else text


def _note(table: Table, row, col: int, why: str) -> None:
    """Declare a printed figure that is no sum of what is beside it."""
    table.not_sums.append((row, col, why))


# ---------------------------------------------------------------- 1. summary


def summary_table(ctx: L.Ctx, years: int | None = None, first: int | None = None) -> Table:
    rng = ctx.rng
    years = years or rng.choice([4, 4, 4, 5])
    y = first or ctx.year
    cols = [Column(rng.choice([str(y + i), f"{y + i}"])) for i in range(years)]
    row_total = rng.random() < 0.35
    if row_total:
        cols.append(Column(rng.choice(["I alt", f"{y}-{y + years - 1}"]), derive=("rowsum", list(range(years)))))
    unit = rng.choice([f"Beløb i 1.000 kr. ({y}-priser)", f"1.000 kr., {y}-pl", f"(1.000 kr. i {y}-priser)"])
    title = rng.choice(["Økonomisk oversigt", "Forslagets samlede økonomi", "Sammenfatning", "Økonomiske konsekvenser"])
    sh = Sheet(_caption(ctx, title), cols, ctx.style, stub=unit if rng.random() < 0.6 else "", look=ctx.look)
    if not sh.table.stub:
        sh.table.unit_line = unit
    sh.table.caption = sh.table.title
    rows = []
    drift = rng.random() < 0.5
    for k, (names, sign, (lo, hi)) in enumerate(SUMMARY_ROWS):
        base = L.fig(rng, lo, hi)
        rows.append(sh.row(rng.choice(names), [sign * base * (1 + L.fig(rng, -0.1, 0.1)) for _ in range(years)]))
        if drift and k == 1:
            sub = sh.total(rng.choice(["Drift i alt", "Driftsudgifter i alt"]), rows[:2], "subtotal", SUBTOTAL)
            rows = [sub]
    sh.total(
        rng.choice(["I alt", "Netto i alt", "Samlet", "I alt netto"]),
        rows,
        "grand-total" if drift else "column-total",
        GRAND if drift else TOTAL,
    )
    t = sh.finish()
    t.features += ["short summary table by styringsområde"]
    return t


def recipe_summary(rng: random.Random) -> GenDoc:
    """A memo with one short summary table (sometimes two: drift and a second view)."""
    ctx = _ctx(rng, look=da_look(rng, label_share=rng.choice([0.35, 0.42, 0.5]), width_share=rng.choice([0.8, 1.0])))
    t1 = summary_table(ctx)
    tables = [t1]
    blocks = [
        Heading(rng.choice(["Budgetforslag", "Sammenfatning", "Økonomisk resumé"]) + f" {ctx.year}", 1),
        _prose(rng, ctx),
        TableBlock(t1),
        _prose(rng, ctx, (2, 5)),
    ]
    if rng.random() < 0.4:
        # the years after the first table's: the same rows, other years (never a copy to compare)
        years = len([c for c in t1.columns if c.derive is None])
        t2 = summary_table(replace(ctx, look=da_look(rng)), first=ctx.year + years)
        tables.append(t2)
        blocks += [Heading("Overslagsår", 2), TableBlock(t2), _prose(rng, ctx, (1, 3))]
    doc = Document("Sammenfatning", da_page(rng, running_header=f"{rng.choice(V.KOMMUNER)} Kommune"), blocks)
    return GenDoc(doc, tables, "da", "summary", ["short summary table"])


# ---------------------------------------------------------------- 2. catalogue


def recipe_catalogue(rng: random.Random) -> GenDoc:
    """An effektiviserings-/budget-/anlægskatalog: an overview of every proposal first, then each proposal."""
    ctx = _ctx(rng, year=rng.randint(2025, 2028))
    kind = rng.choice(["Effektiviseringskatalog", "Budgetkatalog", "Anlægskatalog", "Katalog over reduktionsforslag"])
    n = rng.randint(10, 20)
    years = 4
    titles = L.pick(rng, V.DA_ACTIONS, n)
    proposals: list[Table] = []
    body: list = []
    for k, title in enumerate(titles, 1):
        ctx.table_no = 0
        ctx.look = da_look(rng, repeat_header=True)
        t = L.proposal(ctx, years=years, row_total=False, heraf=False, scale=rng.choice([0.3, 1.0]))
        proposals.append(t)
        body += [
            Heading(f"{rng.choice(['Forslag', 'Nr.', 'Forslag nr.'])} {k}: {title}", 1, new_page=rng.random() < 0.7),
            Para(f"Udvalg: {rng.choice(V.DA_COMMITTEES)}", size=9, italic=True),
            _prose(rng, ctx, (3, 7)),
            TableBlock(t),
            _prose(rng, ctx, (2, 5)),
        ]
    y = ctx.year
    cols = [Column(str(y + i)) for i in range(years)]
    unit = rng.choice([f"1.000 kr., {y}-priser", f"Beløb i 1.000 kr. ({y}-pl)", "1.000 kr."])
    sh = Sheet(
        rng.choice(["Oversigt over forslagene", "Samlet oversigt", "Katalogets forslag"]),
        cols,
        ctx.style,
        stub=unit,
        look=da_look(rng, label_share=rng.choice([0.45, 0.5, 0.55])),
    )
    sh.table.caption = sh.table.title
    numbered = rng.random() < 0.6
    lines = []
    for k, (title, t) in enumerate(zip(titles, proposals, strict=True), 1):
        grand = next(r for r in t.rows if r.kind == GRAND)
        label = f"{k}. {title}" if numbered else title
        line = sh.total(label, [grand], "subtotal", ITEM, bold=False)
        line.carried = True  # repeats another table's total: a one-item equality, like a carry-forward
        lines.append(line)
    sh.total(rng.choice(["I alt", "Katalogets forslag i alt", "Samlet"]), lines, "column-total", GRAND)
    overview = sh.finish()
    overview.features += ["overview of the catalogue's proposals, each line its proposal's total"]
    for k, line in enumerate(lines, 1):
        for cell in line.cells:
            if cell is not None and cell.checks:
                cell.checks[0].note = f"the proposal's own total (Forslag {k})"
    blocks = [
        Heading(f"{kind} {y}-{y + 3}", 1),
        _prose(rng, ctx, (3, 6)),
        TableBlock(overview),
        _prose(rng, ctx, (1, 3)),
    ] + body
    doc = Document(
        kind, da_page(rng, running_header=f"{rng.choice(V.KOMMUNER)} Kommune", running_header_right=kind), blocks
    )
    # the overview is evaluated last: its lines read the proposals' printed totals
    return GenDoc(
        doc,
        proposals + [overview],
        "da",
        "catalogue",
        [f"catalogue of {n} proposals with an overview table at the front"],
    )


# ---------------------------------------------------------------- 3. budget follow-up


def budget_followup(ctx: L.Ctx) -> Table:
    rng = ctx.rng
    decimals = rng.choice([1, 1, 2])
    used = rng.choice(["Forventet regnskab", "Forventet regnskab", "Forventet forbrug"])
    cols = [
        Column("Oprindeligt budget", decimals=decimals),
        Column("Korrigeret budget", decimals=decimals),
        Column(used, decimals=decimals),
    ]
    convention = rng.choice(["korr-forv", "forv-korr"])
    a, b = (1, 2) if convention == "korr-forv" else (2, 1)
    if rng.random() < 0.4:
        cols.insert(2, Column(f"Forbrug pr. {rng.choice(['31.3.', '30.6.', '30.9.'])}", decimals=decimals))
        a, b = (a + (a == 2), b + (b == 2))
    cols.append(
        Column(
            rng.choice(["Afvigelse", "Afvigelse ift. korrigeret budget", "Mer-/mindreforbrug"]),
            decimals=decimals,
            derive=("diff", a, b),
        )
    )
    if rng.random() < 0.4:  # a percentage beside the difference: never added, on a total row a ratio of totals
        cols.append(Column(rng.choice(["Afvigelse i pct.", "Pct.", "Afv. i %"]), kind=PCT, decimals=1,
                           derive=("ratio", len(cols) - 1, 1, 100)))
    unit = "Mio. kr." if rng.random() < 0.7 else "mio. kr."
    sh = Sheet(
        _caption(ctx, f"Budgetopfølgning pr. 30. {rng.choice(['april', 'juni', 'september'])} {ctx.year}"),
        cols,
        ctx.style,
        stub=rng.choice([unit, f"{unit} (netto)", "Udvalg / bevillingsområde"]),
        look=ctx.look,
    )
    if sh.table.stub.startswith("Udvalg"):
        sh.table.unit_line = unit
    sh.table.caption = sh.table.title
    committees = []
    leaf_cols = [i for i, c in enumerate(cols) if c.derive is None]
    for committee in L.pick(rng, list(BEVILLING), rng.randint(2, 4)):
        sh.section(committee)
        areas = []
        for area in L.pick(rng, BEVILLING[committee], rng.randint(2, 3)):
            if rng.random() < 0.5:
                kids = [
                    sh.row(act, _triple(rng, len(leaf_cols)), append=False, indent=2)
                    for act in L.pick(rng, ACTIVITIES, rng.randint(2, 4))
                ]
                sub = sh.total(area, kids, "subtotal", SUBTOTAL, append=False, indent=1, bold=rng.random() < 0.5)
                if rng.random() < 0.5:  # the area's line first, its activities below
                    sh.add(sub)
                    for kid in kids:
                        sh.add(kid)
                else:
                    for kid in kids:
                        sh.add(kid)
                    sh.add(sub)
                    sub.label = f"{area} i alt"
                areas.append(sub)
            else:
                areas.append(sh.row(area, _triple(rng, len(leaf_cols)), indent=1))
        committees.append(
            sh.total(f"{committee} {rng.choice(['i alt', 'total', ''])}".strip(), areas, "subtotal", SUBTOTAL)
        )
    sh.total(
        rng.choice(["I alt", "Serviceudgifter i alt", "Drift i alt", "Kommunen i alt"]),
        committees,
        "grand-total",
        GRAND,
    )
    t = sh.finish()
    t.features += [
        f"landscape budget follow-up in mio. kr. with {decimals} decimals",
        f"difference column ({convention})",
        "committee → bevillingsområde subtotals → total",
    ]
    return t


def _triple(rng: random.Random, n: int) -> list[Decimal]:
    original = L.fig(rng, 0.5, 400)
    corrected = original * (1 + L.fig(rng, -0.06, 0.12))
    forecast = corrected * (1 + L.fig(rng, -0.07, 0.05))
    out = [original, corrected]
    if n == 4:
        out.append(forecast * L.fig(rng, 0.25, 0.75))
    return out + [forecast]


def recipe_budget_followup(rng: random.Random) -> GenDoc:
    ctx = _ctx(
        rng,
        look=da_look(
            rng, font_size=rng.choice([7.5, 8.0, 8.5]), label_share=rng.choice([0.3, 0.35, 0.4]), repeat_header=True
        ),
    )
    t = budget_followup(ctx)
    blocks = [
        Heading(f"Budgetopfølgning {ctx.year}", 1),
        _prose(rng, ctx, (2, 5)),
        TableBlock(t),
        _prose(rng, ctx, (2, 4)),
    ]
    doc = Document(
        "Budgetopfølgning", _landscape(rng, running_header=rng.choice(["Økonomiudvalget", "Byrådet"])), blocks
    )
    return GenDoc(doc, [t], "da", "budget-followup", ["landscape pages"])


# ---------------------------------------------------------------- 4. investments


def investments(ctx: L.Ctx) -> Table:
    rng = ctx.rng
    y = ctx.year
    years = rng.choice([3, 4, 4])
    lead = [
        Column(rng.choice(["Samlet anlægssum", "Samlet anlægsramme", "Anlægssum i alt"])),
        Column(rng.choice(["Forbrug tidl. år", "Forbrug tidligere år", "Afholdt før " + str(y)])),
    ]
    year_cols = [Column(str(y + i)) for i in range(years)]
    # where the project total stands: first, or last where a row total would stand
    last = rng.random() < 0.4
    cols = [lead[1], *year_cols, lead[0]] if last else lead + year_cols
    if rng.random() < 0.4:  # a true row total of the printed years beside it
        first_year = 1 if last else 2
        period = Column(f"I alt {y}-{y + years - 1}", derive=("rowsum", list(range(first_year, first_year + years))))
        cols.insert(len(cols) - 1 if last else len(cols), period)
    whole_at = cols.index(lead[0])
    unit = rng.choice(["1.000 kr.", f"1.000 kr. ({y}-priser)"])
    sh = Sheet(
        _caption(ctx, rng.choice(["Anlægsoversigt", "Investeringsoversigt", f"Anlægsbudget {y}-{y + years - 1}"])),
        cols,
        ctx.style,
        stub=unit,
        look=ctx.look,
    )
    sh.table.caption = sh.table.title
    areas = []
    projects = list(V.DA_PROJECTS)
    rng.shuffle(projects)
    declared = []
    indent = rng.choice([0, 1])  # the projects of one table all alike: an indented row reads as a sub-row
    for area in L.pick(
        rng,
        [
            "Børn og unge",
            "Ældre og sundhed",
            "Kultur og fritid",
            "Veje og trafik",
            "Klima og miljø",
            "Administration og bygninger",
        ],
        rng.randint(2, 4),
    ):
        sh.section(area)
        rows = []
        for _ in range(rng.randint(2, 3)):  # at most 4 x 3 of the 15 projects
            name = projects.pop()
            spent = L.fig(rng, 0, 8000) if rng.random() < 0.6 else Decimal(0)
            start = rng.choice([0, 0, 1])
            yrs = [L.fig(rng, 200, 15000) if start <= i < start + rng.randint(1, years) else None for i in range(years)]
            later = L.fig(rng, 500, 20000)  # years after the printed ones (or a budget not yet spent)
            whole = spent + sum((v for v in yrs if v is not None), Decimal(0)) + later
            values = [spent if spent else None, *yrs, whole] if last else [whole, spent if spent else None, *yrs]
            row = sh.row(name, values, indent=indent)
            rows.append(row)
            declared.append(row)
        areas.append(
            sh.total(f"{area} i alt" if rng.random() < 0.7 else f"I alt {area.lower()}", rows, "subtotal", SUBTOTAL)
        )
    sh.total(rng.choice(["Anlæg i alt", "Anlægsudgifter i alt", "I alt"]), areas, "grand-total", GRAND)
    t = sh.finish()
    for row in declared + areas + [t.rows[-1]]:
        _note(t, row, whole_at, "project total over all years: not the sum of the printed years")
    t.features += ["investment overview: Samlet anlægssum and Forbrug tidl. år are no row sums", "area subtotals"]
    return t


def recipe_investments(rng: random.Random) -> GenDoc:
    landscape = rng.random() < 0.5
    ctx = _ctx(
        rng,
        look=da_look(
            rng,
            label_share=rng.choice([0.3, 0.34]) if landscape else 0.3,
            font_size=rng.choice([7.5, 8.0]) if not landscape else 8.5,
        ),
    )
    t = investments(ctx)
    blocks = [
        Heading(rng.choice(["Anlægsoversigt", "Investeringsoversigt", "Anlægsbevillinger"]), 1),
        _prose(rng, ctx),
        TableBlock(t),
        _prose(rng, ctx, (2, 4)),
    ]
    page = _landscape(rng) if landscape else da_page(rng, margins=(48.0, 60.0, 48.0, 60.0))
    return GenDoc(Document("Anlægsoversigt", page, blocks), [t], "da", "investments")


# ---------------------------------------------------------------- 5. spreadsheet


def spreadsheet(ctx: L.Ctx, groups: int, per: tuple[int, int]) -> Table:
    rng = ctx.rng
    y = ctx.year
    decimals = rng.choice([0, 0, 2])
    header = rng.choice(
        [
            ["Budget " + str(y), "Forbrug", "Rest"],
            [f"Regnskab {y - 1}", f"Budget {y}"],
            [f"Budget {y}", f"Budget {y + 1}", "Ændring"],
        ]
    )
    cols = [Column(h, decimals=decimals, suffix=" kr.") for h in header]
    if header[-1] in ("Rest", "Ændring"):
        cols[-1] = replace(cols[-1], derive=("diff", 0, 1) if header[-1] == "Rest" else ("diff", 1, 0))
    sh = Sheet(
        rng.choice(["Ark1", "Budget", "Driftsbudget"]) + f" {y}",
        cols,
        ctx.style,
        stub=rng.choice(["Konto", "Post", ""]),
        look=ctx.look,
    )
    subs = []
    for area in L.pick(rng, V.DA_AREAS, groups):
        sh.section(area)
        rows = []
        for act in L.pick(rng, ACTIVITIES, rng.randint(*per)):
            sign = -1 if act == "Indtægter" else 1
            v = sign * L.fig(rng, 5000, 4_000_000, extra=2 if decimals == 0 else 4)
            vals = [v, v * (1 + L.fig(rng, -0.2, 0.1))]
            if len([c for c in cols if c.derive is None]) == 3:
                vals.append(v * L.fig(rng, 0.8, 1.1))
            rows.append(sh.row(f"{rng.randint(1000, 9999)} {act}" if rng.random() < 0.3 else act, vals))
        subs.append(
            sh.total(f"Sum {area.lower()}" if rng.random() < 0.5 else f"I alt {area}", rows, "subtotal", SUBTOTAL)
        )
    sh.total(rng.choice(["Total", "I alt", "Sum i alt"]), subs, "grand-total", GRAND)
    t = sh.finish()
    t.features += [
        "spreadsheet printed to PDF: gridlines, header on each page, kr. in every cell",
        f"unrounded amounts ({decimals} decimals)",
    ]
    return t


def recipe_spreadsheet(rng: random.Random) -> GenDoc:
    style = NumberStyle(thousands=rng.choice([" ", "\u00a0", "."]), minus=rng.choice(["()", "()", "-"]))
    look = TableLook(
        font_size=rng.choice([8.0, 9.0, 10.0]),
        ruling="grid",
        repeat_header=True,
        header_fill=rng.choice([None, PALE]),
        label_share=rng.choice([0.28, 0.34, 0.4]),
        total_rules=False,
        valign="bottom",
        padding=rng.choice([2.0, 2.6]),
    )
    ctx = _ctx(rng, style=style, look=look)
    t = spreadsheet(ctx, rng.randint(4, 7), (4, 9))
    page = PageStyle(
        footer=rng.choice(["Side {n}", "{n}"]),
        footer_align="center",
        margins=(36.0, 40.0, 36.0, 40.0),
        running_header=rng.choice(["", "Budget.xlsx"]),
    )
    return GenDoc(
        Document("Budget.xlsx", page, [TableBlock(t)]), [t], "da", "spreadsheet", ["no prose: a printed sheet"]
    )


# ---------------------------------------------------------------- 6. totals above their items


def total_above(ctx: L.Ctx) -> Table:
    rng = ctx.rng
    y = ctx.year
    years = rng.choice([3, 4])
    cols = [Column(str(y + i)) for i in range(years)]
    sh = Sheet(
        _caption(ctx, rng.choice(["Samlet ændring og fordeling", "Budgetændringer", "Forslagets økonomi"])),
        cols,
        ctx.style,
        stub=rng.choice(["1.000 kr.", f"1.000 kr., {y}-pl"]),
        look=ctx.look,
    )
    sh.table.caption = sh.table.title
    top = sh.total(rng.choice(["Samlet ændring", "Samlet ændring i alt", "Ændring i alt"]), [], "grand-total", GRAND)
    herafs = []
    for word in L.pick(rng, ["drift", "anlæg", "service", "overførsler"], rng.randint(2, 3)):
        kids = [
            sh.row(
                a,
                [(-1 if rng.random() < 0.6 else 1) * L.fig(rng, 50, 4000) for _ in range(years)],
                append=False,
                indent=2,
            )
            for a in L.pick(rng, V.DA_ACTIONS, rng.randint(2, 4))
        ]
        h = sh.total(
            f"{rng.choice(['heraf', 'Heraf', '- heraf'])} {word}", kids, "subtotal", SUBTOTAL, indent=1, italic=True
        )
        for kid in kids:
            sh.add(kid)
        herafs.append(h)
    # the top row adds its heraf lines
    sh._totals = [(r, [(h, 1) for h in herafs] if r is top else terms, check, tl) for r, terms, check, tl in sh._totals]
    if rng.random() < 0.7:
        sh.blank()
        out = sh.row(rng.choice(["Udgifter", "Bruttoudgifter"]), [L.fig(rng, 2000, 40000) for _ in range(years)])
        inc = sh.row(
            rng.choice(["Indtægter", "Brugerbetaling og refusion"]), [-L.fig(rng, 500, 15000) for _ in range(years)]
        )
        sh.total(rng.choice(["Netto", "Nettoudgifter", "Netto i alt"]), [out, inc], "column-total", TOTAL)
    t = sh.finish()
    t.features += [
        "total above its items (Samlet ændring, then heraf lines above their items)",
        "Netto of expenses and income with opposite signs",
    ]
    return t


def recipe_total_above(rng: random.Random) -> GenDoc:
    ctx = _ctx(rng, look=da_look(rng, total_rules=rng.random() < 0.5))
    t = total_above(ctx)
    blocks = [
        Heading(f"Forslag: {rng.choice(V.DA_ACTIONS)}", 1),
        _prose(rng, ctx),
        Heading("Økonomi", 2),
        TableBlock(t),
        _prose(rng, ctx, (2, 5)),
    ]
    return GenDoc(Document("Forslag", da_page(rng), blocks), [t], "da", "total-above")


# ---------------------------------------------------------------- 7. carry-forward rows


def carry(ctx: L.Ctx, pages: int) -> Table:
    rng = ctx.rng
    y = ctx.year
    header = rng.choice([[f"Budget {y}"], [f"Budget {y}", f"Regnskab {y - 1}"], [str(y), str(y + 1), str(y + 2)]])
    cols = [Column(h) for h in header]
    sh = Sheet(
        _caption(ctx, rng.choice(["Tilskud til foreninger", "Specifikation af driftsbudgettet", "Puljer og tilskud"])),
        cols,
        ctx.style,
        stub=rng.choice(["Kr.", "1.000 kr.", "Modtager"]),
        look=ctx.look,
    )
    sh.table.caption = sh.table.title
    transport, brought = rng.choice(CARRY_WORDS)
    names = [f"{a} ({b})" for a in V.DA_AREAS for b in ("drift", "tilskud", "pulje")]
    rng.shuffle(names)
    items: list = []
    prev = None
    per_page = rng.randint(26, 33)  # the page is full, the last rows of a page never spill by themselves
    for p in range(pages):
        page_terms = []
        if prev is not None:
            bro = sh.total(brought, [prev], "subtotal", ITEM, bold=rng.random() < 0.5, italic=True)
            bro.carried = True
            page_terms.append(bro)
        for _ in range(per_page if p < pages - 1 else rng.randint(5, per_page)):
            row = sh.row(names.pop(), [L.fig(rng, 10, 900) for _ in cols])
            items.append(row)
            page_terms.append(row)
        if p < pages - 1:
            prev = sh.total(transport, page_terms, "subtotal", SUBTOTAL, break_after=True)
    sh.total(rng.choice(["I alt", "Total", "Samlet"]), items, "column-total", GRAND)
    t = sh.finish()
    for row in t.rows:
        if row.carried:
            for c, cell in enumerate(row.cells):
                if cell is not None:
                    for check in cell.checks:
                        check.note = "carry-forward: the figure brought from the previous page"
                    _note(t, row, c, "carried from the previous page: equals the Transport row above it, not a sum")
    t.features += [f"long table over {pages} pages with '{transport}' / '{brought}' rows"]
    return t


def carry_mismatch(table: Table, rng: random.Random) -> Plant | None:
    """A figure that does not match the row it repeats (a carried figure and its Transport row, a
    catalogue's overview line and its proposal's total): off by at least 3 units (a one-item
    total's tolerance is one unit), so it disagrees; what adds it reads the wrong figure and agrees."""
    options = [(r, c) for r in table.rows if r.carried for c, cell in enumerate(r.cells) if cell is not None]
    if not options:
        return None
    row, c = rng.choice(options)
    from .sheet import printed_values

    value = printed_values(table)[(row, c)]
    wrong = value + rng.choice([-1, 1]) * rng.randint(3, 60) * quantum(table.columns[c].decimals)
    row.cells[c].override = wrong
    (source, _, _) = row.cells[c].checks[0].terms[0]
    what = "an overview line" if source not in table.rows else "a carried figure"
    plant = Plant(
        "carry-mismatch",
        (row, c),
        f"{what} that does not match: '{row.name}' ({table.columns[c].header}) "
        f"printed {table.style.format(wrong, 0)}, '{source.name}' says {table.style.format(value, 0)}",
    )
    table.plants.append(plant)
    return plant


def recipe_carry(rng: random.Random) -> GenDoc:
    ctx = _ctx(rng, look=da_look(rng, repeat_header=rng.random() < 0.6, font_size=rng.choice([8.0, 8.5, 9.0])))
    t = carry(ctx, rng.choice([2, 3, 3]))
    blocks = [
        Heading(rng.choice(["Bilag 2", "Specifikation", "Tilskudsoversigt"]), 1, new_page=False),
        Para(V.sentences(rng, "da", 2, ctx.year)),
        TableBlock(t),
        _prose(rng, ctx, (1, 3)),
    ]
    return GenDoc(Document("Bilag", da_page(rng), blocks), [t], "da", "carry")


# ---------------------------------------------------------------- 8. ten-year plans


def ten_year(ctx: L.Ctx) -> Table:
    rng = ctx.rng
    y = ctx.year
    n = 10
    split = rng.choice([4, 4, 3, 5])
    cols = [Column(str(y + i)) for i in range(n)]
    first = Column(f"{y}-{y + split - 1} i alt", derive=("rowsum", list(range(split))))
    second = Column(f"{y + split}-{y + n - 1} i alt", derive=("rowsum", list(range(split, n))))
    where = rng.choice(["end", "after"])
    if where == "end":
        cols += [first, second]
    else:
        cols = cols[:split] + [first] + cols[split:] + [second]
        first.derive = ("rowsum", list(range(split)))
        second.derive = ("rowsum", list(range(split + 1, n + 1)))
    if rng.random() < 0.4:
        years_idx = [i for i, c in enumerate(cols) if c.derive is None]
        cols.append(Column(f"I alt {y}-{y + n - 1}", derive=("rowsum", years_idx)))
    sh = Sheet(
        _caption(ctx, rng.choice(["Investeringsplan", "10-årig anlægsplan", "Langtidsbudget"]) + f" {y}-{y + n - 1}"),
        cols,
        ctx.style,
        stub=rng.choice(["Mio. kr.", "1.000 kr."]),
        look=ctx.look,
    )
    mio = sh.table.stub == "Mio. kr."
    if mio:
        for c in cols:
            c.decimals = 1
    sh.table.caption = sh.table.title
    years_idx = [i for i, c in enumerate(cols) if c.derive is None]
    projects = list(V.DA_PROJECTS)
    rng.shuffle(projects)
    groups = []
    for area in L.pick(
        rng,
        ["Skoler", "Dagtilbud", "Ældreboliger", "Veje", "Klimatilpasning", "Idræt og kultur", "Administration"],
        rng.randint(2, 4),
    ):
        sh.section(area)
        rows = []
        for proj in [projects.pop() for _ in range(rng.randint(2, 3))]:
            lo, hi = (0.5, 40) if mio else (500, 40000)
            vals = [L.fig(rng, lo, hi) if rng.random() < 0.6 else None for _ in years_idx]
            if all(v is None for v in vals):
                vals[0] = L.fig(rng, lo, hi)
            rows.append(sh.row(proj, vals))
        groups.append(sh.total(f"{area} i alt", rows, "subtotal", SUBTOTAL))
    sh.total(rng.choice(["I alt", "Investeringer i alt", "Samlet"]), groups, "grand-total", GRAND)
    t = sh.finish()
    for row in t.rows:
        for c, col in enumerate(t.columns):
            if col.derive and row.cells[c] is not None:
                _note(
                    t,
                    row,
                    c,
                    f"period total of {col.header.replace(' i alt', '').replace('I alt ', '')}: "
                    "a sum of those years only",
                )
    t.features += [f"ten-year plan with period totals ({where})", "landscape, 6-7 pt"]
    return t


def recipe_ten_year(rng: random.Random) -> GenDoc:
    ctx = _ctx(
        rng,
        look=da_look(
            rng,
            font_size=rng.choice([6.0, 6.5, 7.0]),
            label_share=rng.choice([0.18, 0.2, 0.24]),
            padding=2.0,
            ruling=rng.choice(["horizontal", "none", "grid"]),
        ),
    )
    t = ten_year(ctx)
    blocks = [Heading(t.title.split(". ", 1)[-1], 1), _prose(rng, ctx, (2, 4)), TableBlock(t), _prose(rng, ctx, (1, 3))]
    return GenDoc(
        Document("Langtidsplan", _landscape(rng), blocks), [t], "da", "ten-year", ["landscape pages, 6-7 pt type"]
    )


# ---------------------------------------------------------------- 9. staff beside money


def staff(ctx: L.Ctx) -> Table:
    rng = ctx.rng
    y = ctx.year
    years = rng.choice([2, 3])
    cols = [Column(str(y + i)) for i in range(years)]
    sh = Sheet(
        _caption(ctx, rng.choice(["Økonomi og personale", "Konsekvenser", "Ressourcer"])),
        cols,
        ctx.style,
        stub=rng.choice(["", "1.000 kr. / årsværk"]),
        look=ctx.look,
    )
    sh.table.caption = sh.table.title
    sh.section(rng.choice(["Økonomi (1.000 kr.)", "Udgifter, 1.000 kr."]))
    money = [
        sh.row(a, [(-1 if rng.random() < 0.5 else 1) * L.fig(rng, 100, 5000) for _ in cols])
        for a in L.pick(rng, V.DA_ACTIONS, rng.randint(2, 4))
    ]
    sh.total(rng.choice(["I alt", "Økonomi i alt"]), money, "column-total", TOTAL)
    sh.section(rng.choice(["Personale (årsværk)", "Årsværk"]))
    staff_rows = [
        sh.row(s, [L.fig(rng, -6, 12, extra=3) for _ in cols], decimals=1)
        for s in L.pick(rng, V.DA_STAFF, rng.randint(3, 5))
    ]
    sh.total(rng.choice(["Årsværk i alt", "I alt, årsværk"]), staff_rows, "column-total", TOTAL, decimals=1)
    t = sh.finish()
    t.features += ["Årsværk rows with one decimal beside money rows"]
    return t


def recipe_staff(rng: random.Random) -> GenDoc:
    ctx = _ctx(
        rng,
        look=da_look(
            rng, font_size=rng.choice([7.5, 8.0]), label_share=rng.choice([0.4, 0.45, 0.5]), keep_header_with_rows=True
        ),
    )
    t = staff(ctx)
    two = TwoColumns(
        [
            Heading("Baggrund", 2),
            _prose(rng, ctx, (6, 10)),
            TableBlock(t),
            _prose(rng, ctx, (8, 14)),
            Heading("Konsekvenser for personalet", 2),
            _prose(rng, ctx, (6, 12)),
        ]
    )
    blocks = [
        Heading(f"Forslag: {rng.choice(V.DA_ACTIONS)}", 1),
        Para(V.sentences(rng, "da", 2, ctx.year), italic=True),
        two,
    ]
    return GenDoc(
        Document("Forslag", da_page(rng), blocks),
        [t],
        "da",
        "staff",
        ["two-column page with a table in one text column"],
    )


# ---------------------------------------------------------------- 10. descending years, B/BO headers


def descending(ctx: L.Ctx, kind: str) -> Table:
    rng = ctx.rng
    y = ctx.year
    if kind == "bo":
        heads = [f"B{y}"] + [f"BO{y + i}" for i in range(1, rng.choice([3, 4]))]
    else:
        n = rng.choice([3, 4])
        word = rng.choice(["Regnskab ", "R", ""])
        heads = [f"{word}{y - i}" for i in range(n)]
        if rng.random() < 0.5:
            heads = [f"Budget {y + 1}"] + heads
    cols = [Column(h, decimals=2) for h in heads]
    sh = Sheet(
        _caption(ctx, rng.choice(["Hovedoversigt", "Udgiftsudvikling", "Nettodriftsudgifter"]) + " (mio. kr.)"),
        cols,
        ctx.style,
        stub=rng.choice(["Mio. kr.", "mio. kr.", ""]),
        look=ctx.look,
    )
    sh.table.caption = sh.table.title
    groups = []
    for committee in L.pick(rng, list(BEVILLING), rng.randint(2, 3)):
        sh.section(committee)
        rows = [
            sh.row(a, L.series(rng, 0.5, 300, len(cols), 0.06, negative=rng.random() < 0.15))
            for a in L.pick(rng, BEVILLING[committee], rng.randint(2, 4))
        ]
        groups.append(sh.total(f"{committee} i alt", rows, "subtotal", SUBTOTAL))
    sh.total(rng.choice(["I alt", "Drift i alt", "Netto"]), groups, "grand-total", GRAND)
    t = sh.finish()
    t.features += [
        "descending years" if kind != "bo" else "B/BO year headers",
        "mio. kr. with two decimals, U+2212 minus",
    ]
    return t


def recipe_descending(rng: random.Random) -> GenDoc:
    style = NumberStyle(thousands=".", minus="\u2212", zero=rng.choice(["0", "-"]))
    ctx = _ctx(rng, style=style, look=da_look(rng))
    first = rng.choice(["bo", "desc"])
    t1 = descending(ctx, first)
    tables = [t1]
    blocks = [Heading(rng.choice(["Økonomisk oversigt", "Budget og regnskab"]), 1), _prose(rng, ctx), TableBlock(t1)]
    if rng.random() < 0.6:
        t2 = descending(replace(ctx, look=da_look(rng)), "desc" if first == "bo" else "bo")
        tables.append(t2)
        blocks += [_prose(rng, ctx, (2, 4)), TableBlock(t2)]
    return GenDoc(Document("Oversigt", da_page(rng), blocks), tables, "da", "descending")


FAMILIES = {
    "summary": recipe_summary,
    "catalogue": recipe_catalogue,
    "budget-followup": recipe_budget_followup,
    "investments": recipe_investments,
    "spreadsheet": recipe_spreadsheet,
    "total-above": recipe_total_above,
    "carry": recipe_carry,
    "ten-year": recipe_ten_year,
    "staff": recipe_staff,
    "descending": recipe_descending,
}
FAMILY_PLANTS = dict(PLANTS, **{"carry-mismatch": carry_mismatch})


# ---------------------------------------------------------------- documents, truth, files


def plant_one(rng: random.Random, tables: list[Table]) -> str | None:
    """One error in one of `tables`: where a figure repeats another row (a carry-forward, an
    overview line), half the time a mismatch there, else one of the realistic generator's types."""
    carried = [t for t in tables if any(r.carried for r in t.rows)]
    if carried and rng.random() < 0.5:
        carry_mismatch(rng.choice(carried), rng)
        return "carry-mismatch"
    return _plant(rng, tables)


def make_family(family: str, seed: int, index: int, plant: bool | None = None) -> tuple[GenDoc, str]:
    """Document `index` of `family` with `seed`; producers alternate; `plant` (default: every
    other document, starting with the second) gets one error."""
    rng = random.Random(f"pdfgen.families:{family}:{seed}:{index}")
    gen = FAMILIES[family](rng)
    if (index % 2 == 1) if plant is None else plant:
        plant_one(rng, gen.tables)
    return gen, PRODUCERS[index % len(PRODUCERS)]


def cell_truth(gen: GenDoc) -> list[dict]:
    cells = []
    for table in gen.tables:
        for row in table.rows:
            for c, cell in enumerate(row.cells):
                if cell is None or cell.value is None:
                    continue
                col = table.columns[c]
                decimals = row.decimals if row.decimals is not None else col.decimals
                cells.append(
                    {
                        "page": cell.page,
                        "table": table.title,
                        "label": row.name,
                        "column": col.header,
                        "text": cell.text,
                        "value": json_number(cell.value, decimals),
                    }
                )
    return cells


def not_sums(gen: GenDoc) -> list[dict]:
    """The figures declared no sum, and every figure of a difference column (`Afvigelse`, `Rest`):
    a difference of two columns, not a sum of the columns beside it."""
    out = []
    for table in gen.tables:
        declared = list(table.not_sums)
        for c, col in enumerate(table.columns):
            if col.kind == PCT:
                declared += [(row, c, "a percentage: never added") for row in table.rows if row.cells[c] is not None]
            if col.derive is not None and col.derive[0] == "diff":
                _, a, b = col.derive
                why = f"a difference ({table.columns[a].header} minus {table.columns[b].header}), not a row sum"
                declared += [(row, c, why) for row in table.rows if row.cells[c] is not None]
        for row, c, why in declared:
            cell = row.cells[c]
            if cell is None or cell.value is None:
                continue
            col = table.columns[c]
            decimals = row.decimals if row.decimals is not None else col.decimals
            out.append(
                {
                    "page": cell.page,
                    "table": table.title,
                    "label": row.name,
                    "column": col.header,
                    "stated": json_number(cell.value, decimals),
                    "why": why,
                }
            )
    return out


def write_family(gen: GenDoc, producer: str, folder: Path, stem: str, source: dict) -> dict:
    """Draw `gen` with `producer` (reportlab, fpdf2, or `calc`: LibreOffice Calc) and write its truth."""
    from . import calc
    from .flow import render

    pdf = folder / f"{stem}.pdf"
    if producer == "calc":
        for table in gen.tables:  # what Calc prints in a Danish locale
            table.style = NumberStyle(thousands=".", minus="()" if table.style.minus == "()" else "-")
            evaluate(table)
        look = gen.tables[0].look or TableLook()
        pages = calc.render_calc(gen.tables, pdf, gen.recipe in calc.LANDSCAPE_FAMILIES, look.font_size)
    else:
        for table in gen.tables:
            evaluate(table)
        pages = render(gen.document, pdf, producer)
    source = dict(source, producer=producer, recipe=gen.recipe, pages=pages)
    data = build_truth(gen, pdf.name, source)
    data["notes"] = data["notes"].replace("pdfgen.realistic", "pdfgen.families")
    data["not_sums"] = not_sums(gen)
    data["cells"] = cell_truth(gen)
    tmp = folder / f".{stem}.real.json.tmp"
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    tmp.replace(folder / f"{stem}.real.json")
    return data


def generate(folder: Path, seed: int, count: int, families: list[str] | None = None, calc: bool = False) -> list[dict]:
    """`count` documents of each family (every other one with a planted error); with `calc`,
    also `count` of each of `calc.CALC_FAMILIES` printed through LibreOffice Calc."""
    from . import calc as C

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for family in families or list(FAMILIES):
        for index in range(count):
            gen, producer = make_family(family, seed, index)
            source = {"generator": "pdfgen.families", "seed": seed, "index": index, "family": family}
            out.append(write_family(gen, producer, folder, f"{family}-s{seed}-{index:02d}", source))
        if calc and family in C.CALC_FAMILIES:
            for index in range(count):
                gen, _ = make_family(family, seed, index)
                source = {"generator": "pdfgen.families", "seed": seed, "index": index, "family": family}
                out.append(write_family(gen, "calc", folder, f"{family}-calc-s{seed}-{index:02d}", source))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pdfgen.families", description=__doc__.split("\n\n")[0])
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--count", type=int, default=4, help="documents per family (default 4)")
    parser.add_argument("--family", action="append", choices=list(FAMILIES), help="only these families (repeatable)")
    parser.add_argument("--calc", action="store_true",
                        help="also print five families through LibreOffice Calc (needs soffice on PATH)")
    args = parser.parse_args(argv)
    data = generate(args.outdir, args.seed, args.count, args.family, args.calc)
    print(
        f"{len(data)} documents ({sum(d['source']['pages'] for d in data)} pages), "
        f"{sum(len(d['totals']) for d in data)} totals, {sum(len(d['findings']) for d in data)} findings, "
        f"{sum(len(d['cells']) for d in data)} cells in {args.outdir}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
