"""Table families of the realistic generator, modelled on real documents.

Each function builds one finished `sheet.Table` from a `Ctx` (random source, language,
number style, year, base look). Together they cover what issue 9 lists:

| family | modelled on | what it exercises |
|---|---|---|
| `proposal` | Danish budget proposals (shared corpus) | ascending years, sections, subtotals, grand total, a `Heraf` row that is not a sum, optional `I alt` row total |
| `followup` | budgetopfølgning | word headers `Oprindeligt budget / Korrigeret budget / Forbrug / Afvigelse`, a difference column in either sign convention, sub-rows under a parent that is their sum, long tables across pages |
| `overview` | bevillingsoversigt | years with words (`Regnskab 2024`, `Budget 2025`, `B2026`, `BO1`..), unlabelled subtotal rows, grand total |
| `income` | Jyske Bank annual report | descending years `2020 2019`, an index column, items printed positive but subtracted, bold totals with no total word |
| `balance` | Jyske Bank balance sheet | note-reference column, `- heraf` rows, subtotals and grand totals, an unlabelled subtotal, assets = liabilities |
| `segments` | segment note | row totals across segments under a two-level header, `- heraf` sub-rows |
| `sectors` | credit exposure by sector | two-level header `Mio. kr.` / `Fordeling`, `Pct. 2018` shares and a change in per cent (never added) |
| `ballerup` | Ballerup memo (shared/real) | one amount column `Afsatte midler i 2013`, `500.000 kr.` in the cell, numbered headings without amounts, grid, across pages |
| `plain_list` | agenda items | no header at all (`label  500.000 kr.`), or a `Beløb` column in `mio. kr.` |
| `sv_drift`, `sv_economy`, `sv_grants`, `sv_investments` | Simrishamn årsbokslut (shared/real) | space thousands, `- 6 279`, `Återstår` / `Avvikelse` columns, rows that are differences, `Antal` counts, `Ej aktuellt`, blank cells, two-level headers, mnkr with 3 decimals |
| `no_budget` | Norwegian municipal budget | `Regnskap / Budsjett / Endring`, `Sum` rows, `Netto driftsresultat` |
| `no_quantities`, `no_comparison` | a Norwegian consultancy report's spreadsheet exports | decimal point (`12.07`, `9 368.0`), `Sum:` set flush right and followed by `Min:`/`Maks:`/`Middel:`, a `Differanse` column beside a `Differanse (%)` column |
| `headcount` | personaleoversigt | counts (`Antal`, exact), `Årsværk` with a decimal, shares in per cent |
| `board_fees` | annual report note | names as row labels, `mio. kr.` with one decimal |
| `projects` | anlægsoversigt | text cells (`x`, `-`, `Ej aktuelt`) inside a table, row totals |
| `small` | side-by-side and column tables | a narrow two-column table for half a page |
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from decimal import Decimal

from . import vocab as V
from .flow import TableLook
from .sheet import COUNT, GRAND, HERAF, INDEX, ITEM, PCT, SUB, SUBTOTAL, TEXT, TOTAL, Column, NumberStyle, Sheet, Table


@dataclass
class Ctx:
    rng: random.Random
    lang: str = "da"
    style: NumberStyle = NumberStyle()
    year: int = 2026
    look: TableLook = field(default_factory=TableLook)
    serif: bool = False
    table_no: int = 0

    def caption(self, text: str) -> str:
        self.table_no += 1
        return f"Tabel {self.table_no}. {text}"

    def look_but(self, **kw) -> TableLook:
        return replace(self.look, **kw)


def fig(rng: random.Random, lo: float, hi: float, extra: int = 3) -> Decimal:
    """An unrounded figure between lo and hi with `extra` digits beyond the printed ones."""
    scale = 10 ** extra
    return Decimal(rng.randint(int(lo * scale), int(hi * scale))).scaleb(-extra)


def series(rng: random.Random, lo: float, hi: float, n: int, drift: float = 0.08, negative: bool = False) -> list[Decimal]:
    """n figures of the same row in different years or columns: one level, a little drift."""
    base = fig(rng, lo, hi)
    out = [base * (1 + fig(rng, -drift, drift, 4)) for _ in range(n)]
    return [-v for v in out] if negative else out


def pick(rng: random.Random, words: list[str], k: int) -> list[str]:
    return rng.sample(words, min(k, len(words)))


# ---------------------------------------------------------------- Danish municipal


def proposal(ctx: Ctx, years: int = 4, row_total: bool = False, heraf: bool = True, scale: float = 1.0) -> Table:
    """Tabel 1 of a budget proposal: permanent changes, implementation costs, the overall effect."""
    rng = ctx.rng
    cols = [Column(str(ctx.year + i)) for i in range(years)]
    if row_total:
        cols.append(Column("I alt", derive=("rowsum", list(range(years)))))
    sh = Sheet(ctx.caption("Forslagets økonomiske konsekvenser"), cols, ctx.style,
               caption="", stub=f"1.000 kr., {ctx.year}-priser", look=ctx.look)
    sh.table.caption = sh.table.title
    sh.section(rng.choice(["Varige ændringer", "Varige ændringer (effektiviseringer og drift)", "Drift"]))
    items = []
    for label in pick(rng, V.DA_ACTIONS, rng.randint(2, 6)):
        base = fig(rng, 80, 6000) * Decimal(str(scale))
        sign = -1 if rng.random() < 0.6 else 1
        start = rng.choice([0, 0, 1])
        vals = [None if i < start else sign * base * Decimal(min(i + 1, 3)) / 3 + fig(rng, -40, 40) for i in range(years)]
        items.append(sh.row(label, vals))
    s1 = sh.total(rng.choice(["Samlet varig ændring", "Varige ændringer i alt", "I alt, drift"]), items, "subtotal", SUBTOTAL)
    if heraf and rng.random() < 0.6:
        # a "Heraf" row that is part of the row above, not a sum of anything: no relation to check
        part = rng.choice(items)
        sh.row("Heraf nettoeffektivisering", [None if c is None or c.leaf is None else c.leaf * Decimal("0.7")
                                              for c in part.cells[:years]], HERAF, italic=True)
    sh.section(rng.choice(["Implementeringsomkostninger", "Engangsudgifter", "Implementering (midler fra investeringspuljen)"]))
    impl = []
    for label in pick(rng, V.DA_IMPLEMENTATION, rng.randint(1, 4)):
        n = rng.randint(1, years)
        impl.append(sh.row(label, [fig(rng, 50, 2500) * Decimal(str(scale)) if i < n else None for i in range(years)]))
    s2 = sh.total(rng.choice(["Samlede implementeringsomkostninger", "Implementering i alt"]), impl, "subtotal", SUBTOTAL)
    sh.total(rng.choice(["Samlet økonomisk påvirkning", "I alt", "Forslaget i alt", "Netto"]), [s1, s2], "grand-total", GRAND)
    t = sh.finish()
    t.features += ["years ascending", "sections with subtotals", "grand total of subtotals"] + (["row total I alt"] if row_total else [])
    return t


def followup(ctx: Ctx, groups: int = 3, per_group: tuple[int, int] = (3, 7), convention: str | None = None,
             subrows: bool = True) -> Table:
    """Budgetopfølgning with word headers and an Afvigelse column (either sign convention)."""
    rng = ctx.rng
    convention = convention or rng.choice(["korr-forbrug", "forbrug-korr"])
    a, b = (1, 2) if convention == "korr-forbrug" else (2, 1)
    cols = [Column("Oprindeligt budget"), Column("Korrigeret budget"), Column("Forbrug"),
            Column("Afvigelse", derive=("diff", a, b))]
    unit = rng.choice(["1.000 kr.", "t. kr."])
    sh = Sheet(ctx.caption(f"Budgetopfølgning pr. 30. juni {ctx.year} ({unit})"), cols, ctx.style,
               stub=unit, look=ctx.look)
    sh.table.caption = sh.table.title
    subtotals = []
    areas = pick(rng, V.DA_AREAS, groups * per_group[1])
    parents = pick(rng, list(V.DA_PARENTS), len(V.DA_PARENTS))
    for committee in pick(rng, V.DA_COMMITTEES, groups):
        sh.section(committee)
        members = []
        for _ in range(rng.randint(*per_group)):
            if not areas:
                break
            area = areas.pop()
            if subrows and parents and rng.random() < 0.25:
                area = parents.pop()
                kids = []
                for sub in pick(rng, V.DA_PARENTS[area], rng.randint(2, 4)):
                    kids.append(sh.row(sub, _budget_triple(rng), SUB, append=False, indent=1))
                parent = sh.total(area, kids, "subtotal", ITEM, bold=False)
                for kid in kids:
                    sh.add(kid)
                members.append(parent)
            else:
                members.append(sh.row(area, _budget_triple(rng)))
        word = rng.choice(["I alt", "Total", "Sum"])
        subtotals.append(sh.total(f"{word} {committee}", members, "subtotal", SUBTOTAL))
    sh.total(rng.choice(["I alt", "Total", "Samlet", "Udvalgene i alt"]), subtotals, "grand-total", GRAND)
    t = sh.finish()
    t.features += ["word headers", f"difference column Afvigelse ({convention})", "grand total of subtotals"]
    if subrows and any(r.kind == SUB for r in t.rows):
        t.features.append("indented italic sub-rows summed by their parent")
    return t


def _budget_triple(rng: random.Random) -> list[Decimal]:
    original = fig(rng, 500, 120000)
    corrected = original + fig(rng, -0.08, 0.1) * original / 1
    used = corrected * (1 + fig(rng, -0.12, 0.06))
    return [original, corrected, used]


OVERVIEW_HEADERS = {
    "words": lambda y: [f"Regnskab {y - 2}", f"Budget {y - 1}", f"Budget {y}", f"Overslag {y + 1}", f"Overslag {y + 2}"],
    "short": lambda y: [f"R{y - 2}", f"B{y - 1}", f"B{y}", "BO1", "BO2", "BO3"],
    "mixed": lambda y: [f"Regnskab {y - 2}", f"Budget {y - 1}", f"B{y}", "BO1", "BO2", "BO3"],
}


def overview(ctx: Ctx, kind: str | None = None, unlabelled: bool = True, committees: tuple[int, int] = (2, 4),
             areas: tuple[int, int] = (2, 5)) -> Table:
    """Bevillingsoversigt: years with words, committees with (often unlabelled) subtotals."""
    rng = ctx.rng
    kind = kind or rng.choice(list(OVERVIEW_HEADERS))
    cols = [Column(h) for h in OVERVIEW_HEADERS[kind](ctx.year)]
    sh = Sheet(ctx.caption(f"Bevillingsoversigt, nettodriftsudgifter (mio. kr., {ctx.year}-priser)"),
               [replace(c, decimals=1) for c in cols], ctx.style, stub="Mio. kr.", look=ctx.look)
    sh.table.caption = sh.table.title
    subtotals = []
    for committee in pick(rng, V.DA_COMMITTEES, rng.randint(*committees)):
        sh.section(committee)
        members = []
        for area in pick(rng, V.DA_AREAS, rng.randint(*areas)):
            level = fig(rng, 2, 900)
            members.append(sh.row(area, [level * (1 + fig(rng, -0.05, 0.05)) for _ in cols]))
        if unlabelled and rng.random() < 0.7:
            subtotals.append(sh.total("", members, "subtotal", SUBTOTAL, truth_label=committee))
        else:
            subtotals.append(sh.total(f"{committee} i alt", members, "subtotal", SUBTOTAL))
    sh.total(rng.choice(["Kommunen i alt", "Samlet", "Netto", "I alt"]), subtotals, "grand-total", GRAND)
    t = sh.finish()
    t.features += [f"years with words ({kind})", "grand total of subtotals"]
    if any(r.truth_label for r in t.rows):
        t.features.append("unlabelled subtotal rows (truth names them after their group heading)")
    return t


def projects(ctx: Ctx) -> Table:
    """Anlægsoversigt: a marker column of `x`, nil dashes, a row of words, row totals."""
    rng = ctx.rng
    y = ctx.year
    cols = [Column("Igangsat", kind=TEXT), Column(str(y)), Column(str(y + 1)), Column(str(y + 2)),
            Column("I alt", derive=("rowsum", [1, 2, 3]))]
    style = replace(ctx.style, zero=rng.choice(["-", "\u2013"]) if not ctx.serif else "-")
    sh = Sheet(ctx.caption("Anlægsoversigt (1.000 kr.)"), cols, style, stub="1.000 kr.", look=ctx.look)
    sh.table.caption = sh.table.title
    items = []
    for name in pick(rng, V.DA_PROJECTS, rng.randint(4, 8)):
        vals = [fig(rng, 300, 25000) if rng.random() < 0.7 else Decimal(0) for _ in range(3)]
        items.append(sh.row(name, ["x" if rng.random() < 0.5 else None] + vals))
    sh.text_row(rng.choice(V.DA_PROJECTS), ["", "Ej aktuelt", "Ej aktuelt", "Ej aktuelt", ""])
    sh.total("Anlæg i alt", items, "column-total", TOTAL)
    t = sh.finish()
    t.features += ["text cells (x, Ej aktuelt) and nil dashes inside a table", "row total I alt"]
    return t


# ---------------------------------------------------------------- annual reports


BANK_INCOME = ["Netto renteindtægter", "Netto gebyr- og provisionsindtægter", "Kursreguleringer", "Øvrige indtægter",
               "Indtægter fra operationel leasing (netto)"]
BANK_RANGES = [("Netto renteindtægter", 3000, 5600, 0.0), ("Netto gebyr- og provisionsindtægter", 1500, 2500, 0.0),
               ("Kursreguleringer", 20, 900, 0.2), ("Øvrige indtægter", 100, 500, 0.0),
               ("Indtægter fra operationel leasing (netto)", 40, 130, 0.1)]


def _desc_years(ctx: Ctx, n: int) -> list[str]:
    return [str(ctx.year - i) for i in range(n)]


def income(ctx: Ctx, years: int | None = None, index: bool | None = None, bank: bool | None = None) -> Table:
    """An income statement: descending years, costs printed positive and subtracted, no total words."""
    rng = ctx.rng
    years = years or rng.choice([2, 2, 5])
    index = rng.random() < 0.5 if index is None else index
    bank = rng.random() < 0.5 if bank is None else bank
    ys = _desc_years(ctx, years)
    cols = [Column(y) for y in ys]
    if index:
        cols.insert(2 if years > 2 else 2, Column(f"Indeks {ys[0][2:]}/{ys[1][2:]}", kind=INDEX, derive=("ratio", 0, 1, 100)))
    sh = Sheet("Resultatopgørelse (mio. kr.)" if not bank else "Basisresultat og årets resultat (mio. kr.)",
               cols, ctx.style, stub=rng.choice(["Mio. kr.", ""]), look=ctx.look)
    sh.table.caption = rng.choice([sh.table.title, ""])
    n = years

    def row(label, lo, hi, neg=0.0):
        values = series(rng, lo, hi, n, 0.15)
        return sh.row(label, [-v if rng.random() < neg else v for v in values])

    if bank:
        inc = [row(lbl, lo, hi, neg) for lbl, lo, hi, neg in BANK_RANGES[:rng.randint(3, 5)]]
        s1 = sh.total("Basisindtægter", inc, "subtotal", SUBTOTAL)
        cost = row("Basisomkostninger", 3000, 5500)
        s2 = sh.total("Basisresultat før nedskrivninger", [s1, cost], "subtotal", SUBTOTAL, signs=[1, -1])
        imp = row("Nedskrivninger på udlån mv.", 20, 900, 0.3)
        s3 = sh.total("Basisresultat", [s2, imp], "subtotal", SUBTOTAL, signs=[1, -1])
        hold = row("Beholdningsresultat", 5, 150, 0.5)
        s4 = sh.total("Resultat før skat", [s3, hold], "subtotal", SUBTOTAL)
        tax = row("Skat", 300, 900)
        sh.total("Årets resultat", [s4, tax], "subtotal", SUBTOTAL, signs=[1, -1])
        sh.row("Renteudgift af hybrid kernekapital, ført på egenkapital", [fig(rng, 20, 170) for _ in range(n)])
    else:
        rev = row("Nettoomsætning", 8000, 30000)
        prod = row("Produktionsomkostninger", 4000, 7000)
        s1 = sh.total("Bruttoresultat", [rev, prod], "subtotal", SUBTOTAL, signs=[1, -1])
        dist = row("Distributionsomkostninger", 300, 900)
        adm = row("Administrationsomkostninger", 300, 900)
        s2 = sh.total("Resultat af primær drift", [s1, dist, adm], "subtotal", SUBTOTAL, signs=[1, -1, -1])
        fin_in = row("Finansielle indtægter", 5, 200)
        fin_out = row("Finansielle omkostninger", 5, 300)
        s3 = sh.total("Resultat før skat", [s2, fin_in, fin_out], "subtotal", SUBTOTAL, signs=[1, 1, -1])
        tax = row("Skat af årets resultat", 100, 900)
        sh.total("Årets resultat", [s3, tax], "subtotal", SUBTOTAL, signs=[1, -1])
    t = sh.finish()
    t.features += ["years descending", "items printed positive but subtracted (minus items)",
                   "totals with no total word (bold + rule)"] + (["index column (never added)"] if index else [])
    return t


def balance(ctx: Ctx, years: int = 2, note_column: bool | None = None) -> Table:
    """A balance sheet: note references, '- heraf' rows, an unlabelled subtotal, assets = liabilities."""
    rng = ctx.rng
    note_column = rng.random() < 0.6 if note_column is None else note_column
    ys = _desc_years(ctx, years)
    sh = Sheet("Balance (mio. kr.)", [Column(y) for y in ys], ctx.style, stub="Mio. kr.", look=ctx.look,
               note_column="Note" if note_column else "")
    n = years
    notes = iter(["18", "14,19,20", "14,21", "23", "23,24", "26", "29", "30", "31", "32", "33", "34", "35", "36",
                  "37", "38", "39", "40"])

    def row(label, lo, hi, **kw):
        return sh.row(label, series(rng, lo, hi, n), note_ref=next(notes) if note_column else "", **kw)

    sh.section("AKTIVER")
    assets = [row(lbl, lo, hi) for lbl, lo, hi in [
        ("Kassebeholdning og anfordringstilgodehavender hos centralbanker", 5000, 40000),
        ("Tilgodehavender hos kreditinstitutter og centralbanker", 5000, 25000),
        ("Obligationer til dagsværdi", 50000, 80000), ("Aktier mv.", 1000, 3000),
        ("Immaterielle aktiver", 0, 50), ("Materielle aktiver", 3000, 5000), ("Andre aktiver", 20000, 40000)]]
    # Udlån with '- heraf' rows that add up to it
    kids = [sh.row(f"- heraf {lbl}", series(rng, lo, hi, n), HERAF, append=False)
            for lbl, lo, hi in [("realkreditudlån", 200000, 350000), ("bankudlån", 60000, 100000), ("repoudlån", 20000, 55000)]]
    loans = sh.total("Udlån", kids, "subtotal", ITEM, append=False, bold=False)
    assets.insert(2, loans)
    # print order: the first two assets, Udlån, its heraf rows, the rest
    rows = sh.table.rows
    for r in assets:
        if r in rows:
            rows.remove(r)
    rows += assets[:3] + kids + assets[3:]
    sh.total("Aktiver i alt", assets, "column-total", TOTAL, rule_below=True)
    sh.section("PASSIVER")
    sh.section("Forpligtelser", indent=0)
    debts = [row(lbl, lo, hi) for lbl, lo, hi in [
        ("Gæld til kreditinstitutter og centralbanker", 20000, 40000), ("Indlån", 120000, 150000),
        ("Udstedte obligationer til dagsværdi", 300000, 360000), ("Andre forpligtelser", 30000, 50000),
        ("Hensatte forpligtelser", 1000, 2000), ("Efterstillede kapitalindskud", 3000, 6000)]]
    s_debt = sh.total("Forpligtelser i alt", debts, "subtotal", SUBTOTAL)
    sh.section("Egenkapital")
    cap = row("Aktiekapital", 700, 800)
    res = row("Opskrivningshenlæggelser", 150, 250)
    carried = row("Overført overskud", 1, 2)  # balanced below so that assets = liabilities
    label = "" if rng.random() < 0.5 else "Aktionærer i alt"
    owners = sh.total(label, [cap, res, carried], "subtotal", SUBTOTAL, truth_label="Egenkapital" if not label else "",
                      bold=False, rule_above=True)
    hybrid = row("Indehavere af hybrid kernekapital", 3000, 3400)
    s_eq = sh.total("Egenkapital i alt", [owners, hybrid], "subtotal", SUBTOTAL)
    sh.total("Passiver i alt", [s_debt, s_eq], "grand-total", GRAND)
    for i in range(n):  # the balance balances, in unrounded figures, with a plausible equity
        a = sum(sh.exact(r, i) for r in assets)
        target = a * fig(rng, 0.05, 0.07)
        fixed = sum(sh.exact(r, i) for r in [cap, res, hybrid])
        scale = (a - target - fixed) / sum(sh.exact(r, i) for r in debts)
        for r in debts:
            r.cells[i].leaf *= scale
        carried.cells[i].leaf = a - fixed - sum(sh.exact(r, i) for r in debts)
    t = sh.finish()
    t.features += ["years descending", "'- heraf' rows that add up to their parent", "grand total of subtotals"]
    if note_column:
        t.features.append("note-reference column (14,19,20) that is not a figure")
    if not label:
        t.features.append("unlabelled subtotal (truth label: Egenkapital)")
    return t


def segments(ctx: Ctx, municipal: bool | None = None) -> Table:
    """Row totals across segments under a group title; '- heraf' rows under Udlån."""
    rng = ctx.rng
    municipal = rng.random() < 0.5 if municipal is None else municipal
    if municipal:
        names = ["Service", "Overførsler", "Anlæg"]
        title = f"Udvalgets budget {ctx.year} fordelt på styringsområder (1.000 kr.)"
        group = f"Budget {ctx.year}"
    else:
        names = ["Bankaktiviteter", "Realkreditaktiviteter", "Leasingaktiviteter"]
        title = f"Note 2 Segmentregnskab {ctx.year} (mio. kr.)"
        group = str(ctx.year)
    cols = [Column(nm, group=group) for nm in names] + [Column("I alt", group=group, derive=("rowsum", [0, 1, 2]))]
    sh = Sheet(title, cols, ctx.style, stub="1.000 kr." if municipal else "Mio. kr.", look=ctx.look)
    sh.table.caption = title
    if municipal:
        items = []
        for area in pick(rng, V.DA_AREAS, rng.randint(4, 8)):
            vals = [fig(rng, 100, 90000) if rng.random() < 0.8 else None for _ in names]
            vals[0] = vals[0] if any(vals) else fig(rng, 100, 900)
            items.append(sh.row(area, vals))
        sh.total("I alt", items, "column-total", TOTAL)
    else:
        inc = [sh.row(lbl, [fig(rng, lo, hi) / 2 for _ in names]) for lbl, lo, hi, _ in BANK_RANGES[:4]]
        s1 = sh.total("Basisindtægter", inc, "subtotal", SUBTOTAL)
        cost = sh.row("Basisomkostninger", [fig(rng, 800, 2000) for _ in names])
        sh.total("Basisresultat", [s1, cost], "subtotal", SUBTOTAL, signs=[1, -1])
        sh.blank()
        kids = [sh.row(f"- heraf {k}", [fig(rng, 0, 90000) for _ in names], HERAF, append=False)
                for k in ["realkreditudlån", "bankudlån", "repoudlån"]]
        sh.total("Udlån", kids, "subtotal", ITEM, bold=False)
        for kid in kids:
            sh.add(kid)
    t = sh.finish()
    t.features += ["row totals across columns (I alt)", "two-level header (group title over the columns)"]
    return t


def sectors(ctx: Ctx) -> Table:
    """Amounts and shares under two group titles: Pct. columns and a change in per cent are never added."""
    rng = ctx.rng
    y = ctx.year
    cols = [Column(f"Ultimo {y}", group="Mio. kr."), Column(f"Ultimo {y - 1}", group="Mio. kr."),
            Column(f"Pct. {y}", kind=PCT, decimals=1, group="Fordeling", derive=("share", 0, None)),
            Column(f"Pct. {y - 1}", kind=PCT, decimals=1, group="Fordeling", derive=("share", 1, None)),
            Column("Ændring i pct.", kind=PCT, decimals=1, group="Fordeling", derive=("growth", 0, 1, 100))]
    sh = Sheet("Udlån og garantier fordelt på sektorer", cols, ctx.style, stub="", look=ctx.look)
    sh.table.caption = sh.table.title
    trade = []
    public = sh.row("Offentlige myndigheder", series(rng, 1000, 9000, 2, 0.2))
    kids = [sh.row(s, series(rng, 2000, 60000, 2, 0.2), SUB, append=False, indent=1)
            for s in pick(rng, V.DA_SECTORS[1:], rng.randint(3, 6))]
    erhverv = sh.total("Erhverv i alt", kids, "subtotal", ITEM, bold=True, append=False)
    trade = kids
    sh.add(erhverv)
    for k in trade:
        sh.add(k)
    private = sh.row("Private", series(rng, 100000, 300000, 2, 0.2))
    total = sh.total("I alt", [public, erhverv, private], "column-total", TOTAL)
    for c in cols[2:4]:
        c.derive = (c.derive[0], c.derive[1], total)
    t = sh.finish()
    t.features += ["two-level header (Mio. kr. / Fordeling)", "percentage columns and a change in per cent (never added)",
                   "indented italic sub-rows summed by their parent"]
    return t


def board_fees(ctx: Ctx) -> Table:
    rng = ctx.rng
    ys = _desc_years(ctx, 2)
    sh = Sheet("Note 12 Vederlag til bestyrelsen (mio. kr.)", [Column(y, decimals=1) for y in ys], ctx.style,
               stub="Mio. kr.", look=ctx.look)
    sh.table.caption = sh.table.title
    people = []
    for k in range(rng.randint(5, 9)):
        role = " (formand)" if k == 0 else " (næstformand)" if k == 1 else ""
        people.append(sh.row(V.person(rng) + role, [fig(rng, 0.2, 1.2) for _ in ys]))
    sh.total("Bestyrelsen i alt", people, "column-total", TOTAL)
    t = sh.finish()
    t.features += ["names as labels, one decimal (rounding differences)"]
    return t


def headcount(ctx: Ctx, lang: str = "da") -> Table:
    """Counts are exact: no rounding tolerance. Årsværk has a decimal; shares are never added."""
    rng = ctx.rng
    y = ctx.year
    word = "Antal" if lang == "da" else "Antall"
    cols = [Column(f"{word} {y - 2}", kind=COUNT), Column(f"{word} {y - 1}", kind=COUNT), Column(f"{word} {y}", kind=COUNT),
            Column(f"Årsværk {y}" if lang == "da" else f"Årsverk {y}", decimals=1),
            Column("Andel i pct." if lang == "da" else "Andel i prosent", kind=PCT, decimals=1, derive=("share", 3, None))]
    staff = V.DA_STAFF if lang == "da" else ["Barnehagelærere", "Lærere", "Sykepleiere", "Helsefagarbeidere",
                                             "Saksbehandlere", "Ledere", "Lærlinger"]
    sh = Sheet("Personaleoversigt" if lang == "da" else "Bemanning", cols, ctx.style, stub="", look=ctx.look)
    sh.table.caption = ctx.caption(sh.table.title)
    sh.table.title = sh.table.caption
    items = []
    for s in pick(rng, staff, rng.randint(4, 8)):
        n = rng.randint(3, 400)
        items.append(sh.row(s, [n - rng.randint(-9, 9), n - rng.randint(-5, 5), n, Decimal(n) * fig(rng, 0.7, 0.95)]))
    total = sh.total("I alt" if lang == "da" else "Totalt", items, "column-total", TOTAL)
    cols[4].derive = ("share", 3, total)
    t = sh.finish()
    t.features += ["counts (Antal: exact, no tolerance)", "share column in per cent (never added)"]
    return t


def ballerup(ctx: Ctx, year: int | None = None, kommune: str | None = None) -> Table:
    """One amount column, the unit in every cell, numbered headings without amounts, a grid, long rows."""
    rng = ctx.rng
    year = year or ctx.year
    kommune = kommune or rng.choice(V.KOMMUNER)
    col = Column(f"Afsatte midler i {year}", suffix=" kr.")
    sh = Sheet(f"Indsatsområde i {kommune} Kommune | Afsatte midler i {year}", [col],
               replace(ctx.style, thousands="."), stub=f"Indsatsområde i {kommune} Kommune", look=ctx.look)
    items = []
    headings = pick(rng, ["Forløbsprogrammer", "Tværfaglig koordinering og netværk", "Sygeplejeklinik",
                          "Kompetenceudvikling", "Aktivt Hverdagsliv", "Styrket sygeplejeindsats",
                          "Styring og opfølgning", "Tidlig opsporing", "Rehabilitering", "Frivillighed"], rng.randint(4, 8))
    for k, head in enumerate(headings, 1):
        sh.section(f"{k}. {head}")
        if rng.random() < 0.5:
            sh.row(V.sentences(rng, "da", 1, year), [])
        for letter in "abc"[:rng.choice([1, 1, 2])]:
            text = f"{letter}) {rng.choice(V.DA_ACTIONS)} - {V.sentences(rng, 'da', rng.randint(1, 3), year)}"
            items.append(sh.row(text, [Decimal(rng.randint(5, 80) * 10000)]))
    sh.total("I alt", items, "column-total", TOTAL)
    t = sh.finish()
    t.features += ["single amount column with the unit in the cell (500.000 kr.)", "numbered headings without amounts",
                   "long wrapped rows in a grid"]
    return t


def plain_list(ctx: Ctx, mio: bool | None = None) -> Table:
    """No header at all (`label  500.000 kr.`, `I alt 2.890.000 kr.`) or one `Beløb` column in mio. kr."""
    rng = ctx.rng
    mio = rng.random() < 0.4 if mio is None else mio
    if mio:
        col = Column("Beløb", decimals=1, suffix=" mio. kr.")
        sh = Sheet("Finansiering af forslagene", [col], replace(ctx.style, thousands="."), stub="", look=ctx.look)
        items = [sh.row(a, [fig(rng, 0.3, 9.0)]) for a in pick(rng, V.DA_ACTIONS, rng.randint(3, 7))]
        sh.total(rng.choice(["Samlet", "I alt"]), items, "column-total", TOTAL)
    else:
        col = Column("", suffix=" kr.")
        sh = Sheet("Fordeling af midlerne", [col], replace(ctx.style, thousands="."), header=False, look=ctx.look)
        items = [sh.row(a, [Decimal(rng.randint(3, 90) * 10000)]) for a in pick(rng, V.DA_ACTIONS, rng.randint(3, 7))]
        sh.total("I alt", items, "column-total", TOTAL)
    t = sh.finish()
    t.features += ["single column in mio. kr. with the unit in the cell" if mio else "no header at all, kr. in the cell"]
    return t


def small(ctx: Ctx, title: str, labels: list[str], years: int = 2, descending: bool = False, total: str = "I alt",
          lo: float = 100, hi: float = 9000, decimals: int = 0) -> Table:
    """A narrow table for half a page: side by side with another, or in one text column."""
    rng = ctx.rng
    ys = _desc_years(ctx, years) if descending else [str(ctx.year + i) for i in range(years)]
    sh = Sheet(title, [Column(y, decimals=decimals) for y in ys], ctx.style,
               stub="1.000 kr." if not descending else "Mio. kr.", look=ctx.look)
    sh.table.caption = title
    items = [sh.row(lbl, series(rng, lo, hi, len(ys), 0.15)) for lbl in labels]
    sh.total(total, items, "column-total", TOTAL)
    return sh.finish()


# ---------------------------------------------------------------- Swedish


def sv_drift(ctx: Ctx, convention: str | None = None) -> Table:
    """Driftredovisning: Utfall / Budget / Återstår, costs negative, `- 6 279`, `Summa totalt`."""
    rng = ctx.rng
    y = ctx.year
    convention = convention or rng.choice(["Återstår", "Avvikelse"])
    a, b = (0, 1) if convention == "Återstår" else (1, 0)  # Återstår = Utfall - Budget; Avvikelse = Budget - Utfall
    cols = [Column(f"Utfall {y}"), Column(f"Budget {y}"), Column(convention, derive=("diff", a, b))]
    sh = Sheet("Driftredovisning, Verksamheter (tkr)", cols, ctx.style, stub="Verksamheter (tkr)", look=ctx.look,
               footnotes=[f"Driftsredovisning, {y}, per verksamhet"])
    items = []
    for unit in pick(rng, V.SV_UNITS, rng.randint(7, 12)):
        budget = -fig(rng, 100, 25000)
        if unit == "Turistverksamhet":
            budget = -budget
        outcome = budget * (1 + fig(rng, -0.08, 0.08))
        if rng.random() < 0.1:
            items.append(sh.row(unit, [fig(rng, 0.6, 3), None]))
        else:
            items.append(sh.row(unit, [outcome, budget]))
    sh.total(rng.choice(["Summa totalt", "Summa", "Totalt"]), items, "column-total", TOTAL)
    t = sh.finish()
    _odd_print(t, rng)
    t.features += [f"difference column {convention}", "Swedish total words", "space thousands"]
    return t


def _odd_print(t: Table, rng: random.Random) -> None:
    """One or two cells printed differently from the rest, as real documents do: `- 6 279`, `-1947`."""
    negative = [c for r in t.rows for c in r.cells if c is not None and c.leaf is not None and c.leaf <= -1000]
    if negative and rng.random() < 0.85:
        cell = rng.choice(negative)
        cell.style = replace(t.style, minus="- ")
        negative.remove(cell)
    short = [c for c in negative if c.leaf > -9999]
    if short and rng.random() < 0.5:
        rng.choice(short).style = replace(t.style, group_from=10000)


def sv_economy(ctx: Ctx) -> Table:
    """Ekonomi (tkr): rows that are differences of other rows (Budgetavvikelse = Nettokostnader - Budget)."""
    rng = ctx.rng
    y = ctx.year
    sh = Sheet("Ekonomi (tkr)", [Column(str(y - 1)), Column(str(y))], ctx.style, stub="Ekonomi (tkr)", look=ctx.look)
    inc = sh.row("Intäkter", [fig(rng, 5000, 15000) for _ in range(2)])
    cost = sh.row("Kostnader", [-fig(rng, 50000, 80000) for _ in range(2)])
    net = sh.total("Nettokostnader", [inc, cost], "subtotal", SUBTOTAL)
    budget = sh.row("Budget", [sh.exact(inc, i) + sh.exact(cost, i) + fig(rng, -1500, 1500) for i in range(2)])
    sh.total("Budgetavvikelse", [net, budget], "difference", TOTAL, signs=[1, -1])
    sh.blank()
    inv = sh.row("Nettoinvesteringar", [fig(rng, 1000, 8000) for _ in range(2)], bold=True)
    inv_budget = sh.row("Budget", [fig(rng, 2000, 12000) for _ in range(2)])
    sh.total("Budgetavvikelse", [inv, inv_budget], "difference", TOTAL, signs=[1, -1])
    t = sh.finish()
    t.features += ["rows that are differences of rows", "subtotal without a total word"]
    return t


def sv_grants(ctx: Ctx) -> Table:
    """Bidrag: tkr and Antal (counts, exact) side by side; a row of `Ej aktuellt`; a `-400*` mark."""
    rng = ctx.rng
    y = ctx.year
    cols = [Column(f"Bokslut {y - 2}"), Column(f"Bokslut {y - 1}"), Column(f"Bokslut {y}"), Column(f"Budget {y}"),
            Column(f"Antal {y - 2}", kind=COUNT), Column(f"Antal {y - 1}", kind=COUNT), Column(f"Antal {y}", kind=COUNT)]
    sh = Sheet("Bidrag (tkr / Antal)", cols, ctx.style, stub="Bidrag, tkr", look=ctx.look)
    items = []
    names = pick(rng, V.SV_GRANTS, rng.randint(3, 5))
    for k, name in enumerate(names):
        level = fig(rng, 100, 950)
        marks = {3: "*"} if k == len(names) - 1 else {}
        items.append(sh.row(name, [-level * (1 + fig(rng, -0.05, 0.05)) for _ in range(4)] +
                            [rng.randint(3, 40) for _ in range(3)], marks=marks))
    sh.text_row("Kultur- och arrangörsbidrag", ["Ej aktuellt"] * 7)
    sh.total("Totalt", items, "column-total", TOTAL)
    t = sh.finish()
    t.footnotes.append("* Budget för bidraget justerat under året.")
    t.features += ["counts (Antal: exact)", "text cells Ej aktuellt", "footnote mark on a figure (-400*)"]
    return t


def sv_investments(ctx: Ctx) -> Table:
    """Investeringsredovisning (mnkr, 3 decimals): two-level header, two difference columns, blank cells."""
    rng = ctx.rng
    y = ctx.year
    g1, g2 = "Utgifter sedan projektets start", "Varav årets investeringar"
    cols = [Column("Total projektbudget", decimals=3, group=g1), Column("Ack. Utfall", decimals=3, group=g1),
            Column("Avvikelse", decimals=3, group=g1, derive=("diff", 0, 1), blank_zero=True),
            Column(f"Budget {y}", decimals=3, group=g2), Column(f"Utfall {y}", decimals=3, group=g2),
            Column("Budgetavvikelse", decimals=3, group=g2, derive=("diff", 3, 4), blank_zero=True)]
    sh = Sheet("Investeringsredovisning (mnkr), Kultur- och fritidsnämnden", cols, ctx.style,
               stub="Investeringsredovisning (mnkr)", look=ctx.look)
    names = pick(rng, V.SV_PROJECTS, rng.randint(6, 11))
    done_n = rng.randint(1, 3)
    sh.section("Färdigställda projekt")
    done = []
    for name in names[:done_n]:
        b = fig(rng, 0.1, 0.9)
        u = b if rng.random() < 0.3 else b * (1 - fig(rng, 0, 0.3))
        done.append(sh.row(name, [None, None, b, u]))
    s1 = sh.total("Summa färdigställda projekt", done, "subtotal", SUBTOTAL)
    sh.section("Pågående projekt")
    ongoing = []
    for name in names[done_n:]:
        tp = fig(rng, 0.3, 5)
        au = tp * (1 - fig(rng, -0.1, 0.9))
        b = fig(rng, 0.1, min(float(tp), 3))
        u = b * (1 - fig(rng, -0.1, 0.9))
        ongoing.append(sh.row(name, [tp, au, b, u]))
    s2 = sh.total("Summa pågående projekt", ongoing, "subtotal", SUBTOTAL)
    sh.total("Summa investeringsprojekt", [s1, s2], "grand-total", GRAND)
    t = sh.finish()
    t.features += ["two-level header (group titles)", "difference columns Avvikelse and Budgetavvikelse",
                   "mnkr with three decimals", "blank cells", "grand total of subtotals"]
    return t


# ---------------------------------------------------------------- Norwegian


def no_budget(ctx: Ctx) -> Table:
    """Norwegian budget: Sum rows, Brutto and Netto driftsresultat, an Endring column."""
    rng = ctx.rng
    y = ctx.year
    cols = [Column(f"Regnskap {y - 2}"), Column(f"Budsjett {y - 1}"), Column(f"Budsjett {y}"),
            Column("Endring", derive=("diff", 2, 1))]
    sh = Sheet("Økonomisk oversikt drift (1000 kr)", cols, ctx.style, stub="Beløp i 1000 kr", look=ctx.look)
    sh.table.caption = ctx.caption("Økonomisk oversikt drift")
    sh.section("Driftsinntekter")
    inc = [sh.row(s, series(rng, 5000, 400000, 3)) for s in pick(rng, V.NO_INCOME, rng.randint(3, 6))]
    s_inc = sh.total("Sum driftsinntekter", inc, "subtotal", SUBTOTAL)
    sh.section("Driftsutgifter")
    out = [sh.row(s, series(rng, 5000, 300000, 3)) for s in pick(rng, V.NO_COSTS, rng.randint(3, 5))]
    s_out = sh.total("Sum driftsutgifter", out, "subtotal", SUBTOTAL)
    brutto = sh.total("Brutto driftsresultat", [s_inc, s_out], "subtotal", SUBTOTAL, signs=[1, -1])
    sh.section("Finansposter")
    r_in = sh.row("Renteinntekter", series(rng, 500, 9000, 3))
    r_out = sh.row("Renteutgifter", series(rng, 2000, 20000, 3))
    avdrag = sh.row("Avdrag på lån", series(rng, 5000, 30000, 3))
    fin = sh.total("Netto finansutgifter", [r_in, r_out, avdrag], "subtotal", SUBTOTAL, signs=[1, -1, -1])
    sh.total("Netto driftsresultat", [brutto, fin], "grand-total", GRAND)
    t = sh.finish()
    t.features += ["Norwegian total words (Sum, Netto)", "difference column Endring", "items subtracted (minus items)"]
    return t


def no_quantities(ctx: Ctx) -> Table:
    """A spreadsheet exported into a Norwegian report: decimal POINT (`12.07`, `9 368.0`),
    a `Sum:` row set flush right, followed by `Min:`, `Maks:` and `Middel:` rows (not totals)."""
    rng = ctx.rng
    cols = [Column("Feltlengde (km)"), Column("Trafikkarbeid (mill. kjtkm/døgn)", decimals=2),
            Column("Veglengde med ÅDT > 1500 (km)"), Column("Lyspunkt i dagen (antall)", kind=COUNT)]
    sh = Sheet("Mengder for faktorer fra NVDB", cols, ctx.style, stub="Fylke", look=ctx.look)
    items = []
    for name in pick(rng, V.NO_COUNTIES, rng.randint(6, 11)):
        items.append(sh.row(name, [fig(rng, 3000, 14000, 0), fig(rng, 1.5, 13, 0) + Decimal(rng.randint(0, 99)) / 100,
                                   fig(rng, 200, 2500, 0), rng.randint(3000, 40000)]))
    sh.total("Sum:", items, "column-total", TOTAL, label_align="right", bold=False)
    for name, pick_value in (("Min:", min), ("Maks:", max)):
        sh.row(name, [pick_value(r.cells[i].leaf for r in items) for i in range(len(cols))], label_align="right")
    mean = [sum(r.cells[i].leaf for r in items) / len(items) for i in range(len(cols))]
    sh.row("Middel:", [m.quantize(Decimal("0.1")) for m in mean[:3]] + [None], label_align="right")
    t = sh.finish()
    t.features += ["decimal point (a spreadsheet's English locale)", "Sum: set flush right",
                   "Min/Maks/Middel rows after the total (not totals)", "counts (exact)"]
    return t


def no_comparison(ctx: Ctx) -> Table:
    """Two models compared per county: a `Differanse` column (one minus the other) and a
    `Differanse (%)` column (never added); `Sum alle fylker` adds the counties."""
    rng = ctx.rng
    cols = [Column("Forenklet modell (1000 kr)"), Column("MOTIV-beregninger (1000 kr)"),
            Column("Differanse (1000 kr)", derive=("diff", 0, 1)),
            Column("Differanse (%)", kind=PCT, decimals=1, suffix=" %", derive=("ratio", 2, 1, 100))]
    sh = Sheet("Beregningsresultater fra forenklet modell og MOTIV-beregninger", cols, ctx.style, stub="Fylke",
               look=ctx.look)
    items = []
    for name in pick(rng, V.NO_COUNTIES, rng.randint(6, 11)):
        motiv = fig(rng, 200000, 1600000, 0)
        items.append(sh.row(name, [motiv * (1 + fig(rng, -0.12, 0.12, 4)), motiv]))
    sh.total("Sum alle fylker", items, "column-total", TOTAL)
    t = sh.finish()
    t.features += ["Norwegian difference column (Differanse)", "a per-cent column beside amounts (never added)"]
    return t
