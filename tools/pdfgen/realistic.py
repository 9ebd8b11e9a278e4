"""Realistic financial documents with exact truth: `python -m pdfgen.realistic OUTDIR --seed N --count M`.

Writes NAME.pdf and NAME.real.json for each document, the JSON in exactly the schema of
`../shared/real/*.real.json`, so `python3 ../shared/tools/score_real.py OUTDIR RUN_OUT`
scores a pipeline run over the set. Everything follows from the seed: the same command
gives the same bytes.

Each document is one of the `RECIPES` (Danish budget proposals, budget follow-ups and
overviews, annual reports with descending years and hierarchies, Ballerup-style memos with
one amount column, lists without a header, Swedish årsbokslut, a Norwegian budget, staff
counts, side-by-side tables, two-column pages, board lists that are not tables), drawn by
one of two producers (reportlab, fpdf2). Document `i` of a set uses recipe `i mod R` and
the producers alternate every R documents, so a set of 2R documents has every recipe from
both. `--booklet` writes booklets instead: a cover in large type, a table of contents,
running headers and footers, then `--proposals` proposals (default 50, about 150 pages),
each starting with the same heading style, on a new page or mid-page, with its own
`Tabel 1`.

Truth (see `sheet.py` for how it is made): every total printed is listed in `totals`
with its page, items and verdict; `findings` lists every total that disagrees, which
happens only where an error was planted (`plants.py`; `--error-rate`: a quarter of the
documents by default, the four error types in turn; 0.08 of a booklet's tables). Conventions beyond the real files' README: an
unlabelled subtotal row is named after the heading of the group it closes; percentages,
indexes and `Heraf` rows that are part of a row (not a sum of rows) are not totals.

A third producer (LibreOffice from .docx) is not implemented; `soffice` is not part of
the project's environment.
"""
from __future__ import annotations

import argparse
import copy
import json
import random
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import layouts as L
from . import vocab as V
from .flow import (
    WHITE,
    Bullets,
    Contents,
    Cover,
    Document,
    Heading,
    NameList,
    PageBreak,
    PageStyle,
    Para,
    SideBySide,
    TableBlock,
    TableLook,
    TwoColumns,
    render,
)
from .pens import SANS, SERIF
from .plants import PLANTS
from .sheet import NumberStyle, Table, evaluate, truth

PRODUCERS = ("reportlab", "fpdf2")
BLUE = (0.0, 0.36, 0.64)
PALE = (0.86, 0.91, 0.97)
TEAL = (0.0, 0.37, 0.33)


@dataclass
class GenDoc:
    document: Document
    tables: list[Table]
    language: str
    recipe: str
    features: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- styles


def _weighted(rng: random.Random, options: list[tuple[object, float]]):
    roll, acc = rng.random() * sum(w for _, w in options), 0.0
    for value, weight in options:
        acc += weight
        if roll < acc:
            return value
    return options[-1][0]


def da_numbers(rng: random.Random, serif: bool = False) -> NumberStyle:
    thousands = _weighted(rng, [(".", 0.72), (" ", 0.08), ("\u00a0", 0.08)] + ([] if serif else [("\u2009", 0.06), ("\u202f", 0.06)]))
    minus = _weighted(rng, [("-", 0.74), ("()", 0.08)] + ([] if serif else [("\u2212", 0.12), ("\u2013", 0.06)]))
    return NumberStyle(thousands=thousands, minus=minus, zero=_weighted(rng, [("0", 0.8), ("-", 0.2)]))


def sv_numbers(rng: random.Random) -> NumberStyle:
    return NumberStyle(thousands=rng.choice([" ", " ", "\u00a0"]), minus="-")


def no_numbers(rng: random.Random) -> NumberStyle:
    return NumberStyle(thousands=rng.choice(["\u2009", " ", "\u00a0"]), minus=rng.choice(["-", "\u2212"]))


def da_look(rng: random.Random, **kw) -> TableLook:
    look = TableLook(font_size=rng.choice([8.0, 8.5, 9.0]),
                     ruling=_weighted(rng, [("horizontal", 0.4), ("grid", 0.25), ("booktabs", 0.15), ("none", 0.2)]),
                     header_fill=rng.choice([None, None, PALE]), valign=rng.choice(["bottom", "bottom", "top"]),
                     repeat_header=rng.random() < 0.5, keep_header_with_rows=rng.random() < 0.8)
    return replace(look, **kw)


def sv_look(rng: random.Random, **kw) -> TableLook:
    look = TableLook(font_size=9.0, ruling="none", header_fill=BLUE, header_color=WHITE,
                     zebra=PALE if rng.random() < 0.7 else None, section_fill=None, total_rules=False,
                     label_share=0.4)
    return replace(look, **kw)


def report_look(rng: random.Random, **kw) -> TableLook:
    look = TableLook(font_size=rng.choice([7.5, 8.0]), ruling="none", total_rules=True, label_share=0.5,
                     bold_header=True, repeat_header=True)
    return replace(look, **kw)


def da_page(rng: random.Random, **kw) -> PageStyle:
    footer = rng.choice(["Side {n}", "{n}/{N}", "Side {n} af {N}", "{n}"])
    return PageStyle(footer=footer, footer_align=rng.choice(["right", "center"]), **kw)


# ---------------------------------------------------------------- recipes


def _ctx(rng: random.Random, lang="da", serif=False, look=None, style=None, year=None) -> L.Ctx:
    year = year or rng.randint(2019, 2027)
    style = style or (da_numbers(rng, serif) if lang == "da" else sv_numbers(rng) if lang == "sv" else no_numbers(rng))
    return L.Ctx(rng, lang, style, year, look or da_look(rng), serif)


def _prose(rng, ctx, k=(3, 7)) -> Para:
    return Para(V.sentences(rng, ctx.lang, rng.randint(*k), ctx.year))


def recipe_proposal(rng: random.Random) -> GenDoc:
    """A Danish budget proposal (corpus-like), Tabel 1 with sections, subtotals and the overall effect."""
    ctx = _ctx(rng)
    t1 = L.proposal(ctx, years=rng.choice([4, 4, 5, 6]), row_total=rng.random() < 0.35)
    blocks = [Para(f"{rng.choice(V.DA_COMMITTEES)} · Budget {ctx.year}-{ctx.year + 3}", size=9, italic=True),
              Heading("Kort resumé", 2), _prose(rng, ctx), Heading("Økonomi", 2), _prose(rng, ctx),
              TableBlock(t1), _prose(rng, ctx, (2, 4))]
    tables = [t1]
    if rng.random() < 0.5:
        t2 = L.projects(ctx)
        blocks += [Heading("Anlæg", 2), _prose(rng, ctx, (2, 3)), TableBlock(t2)]
        tables.append(t2)
    blocks += [Heading("Konsekvenser", 2), _prose(rng, ctx, (4, 9))]
    title = f"Forslag: {rng.choice(V.DA_ACTIONS)}"
    doc = Document(title, da_page(rng, running_header=f"{rng.choice(V.KOMMUNER)} Kommune",
                                  running_header_right="Budgetforslag"), [Heading(title, 1)] + blocks)
    return GenDoc(doc, tables, "da", "proposal")


def recipe_followup(rng: random.Random) -> GenDoc:
    """Budget follow-up: word headers and Afvigelse, a long table across pages, an overview with words in the years."""
    ctx = _ctx(rng, look=None)
    t1 = L.followup(ctx, groups=rng.randint(3, 5), per_group=(4, 8))
    t1.look = replace(ctx.look, repeat_header=rng.random() < 0.6)
    ctx2 = replace(ctx, look=da_look(rng))
    t2 = L.overview(ctx2)
    blocks = [Heading(f"Budgetopfølgning pr. 30. juni {ctx.year}", 1), _prose(rng, ctx), TableBlock(t1),
              _prose(rng, ctx, (2, 4)), Heading("Bevillingsoversigt", 2), _prose(rng, ctx, (2, 3)), TableBlock(t2)]
    doc = Document("Budgetopfølgning", da_page(rng, running_header="Økonomiudvalget"), blocks)
    return GenDoc(doc, [t1, t2], "da", "followup")


def recipe_overview(rng: random.Random) -> GenDoc:
    """Budget overview: years with words, unlabelled subtotals; an investment overview with text cells."""
    ctx = _ctx(rng)
    t1 = L.overview(ctx, unlabelled=True)
    t2 = L.projects(replace(ctx, look=da_look(rng)))
    blocks = [Heading(f"Budget {ctx.year}-{ctx.year + 3}", 1), Heading("Driftsbevillinger", 2), _prose(rng, ctx),
              TableBlock(t1), Heading("Anlægsbevillinger", 2), _prose(rng, ctx, (2, 4)), TableBlock(t2),
              _prose(rng, ctx, (2, 5))]
    return GenDoc(Document("Budgetoversigt", da_page(rng), blocks), [t1, t2], "da", "overview")


def _report_page(company: str, year: int, number_offset: int = 0) -> PageStyle:
    """An annual report's pages: a rule at the top, `Company / Årsrapport 2020 / side 2` at the foot."""
    return PageStyle(running_header="", header_rule=True, footer=f"{company} / Årsrapport {year} / side {{n}}",
                     footer_align="left", number_offset=number_offset, heading_color=TEAL)


def recipe_annual_income(rng: random.Random) -> GenDoc:
    """Annual report key figures: descending years with an index column, minus items, sector shares."""
    ctx = _ctx(rng, look=report_look(rng), year=rng.randint(2016, 2024))
    ctx.style = replace(ctx.style, minus=rng.choice(["-", "-", "\u2212"]), thousands=".")
    company = rng.choice(["Nordbank", "Vestjysk Andelsbank", "Fjordkredit", "Sjællands Sparekasse"])
    t1 = L.income(ctx, bank=True)
    t2 = L.sectors(replace(ctx, look=report_look(rng)))
    t3 = L.income(replace(ctx, look=report_look(rng)), bank=False, years=2, index=False)
    blocks = [Cover(f"{company}", f"Årsrapport {ctx.year}", [f"CVR-nr. {rng.randint(10000000, 99999999)}"]),
              Contents("Indhold", [("Hovedtal", "h1"), ("Ledelsesberetning", "h2"), ("Noter", "h3")]), PageBreak(),
              Heading(f"{company} i hovedtal", 1, anchor="h1"), TableBlock(t1),
              Para("* Nøgletal er beregnet efter Finanstilsynets definitioner.", size=8),
              Heading("Ledelsesberetning", 1, anchor="h2", new_page=True), _prose(rng, ctx, (6, 10)),
              TableBlock(t3), _prose(rng, ctx, (3, 6)),
              Heading("Noter", 1, anchor="h3"), TableBlock(t2)]
    doc = Document(f"{company} Årsrapport {ctx.year}", _report_page(company, ctx.year, number_offset=2), blocks)
    return GenDoc(doc, [t1, t3, t2], "da", "annual-income", ["cover page and table of contents"])


def recipe_annual_balance(rng: random.Random) -> GenDoc:
    """Annual report balance sheet with note references, a segment note with row totals, two-column text."""
    ctx = _ctx(rng, look=report_look(rng), year=rng.randint(2016, 2024))
    ctx.style = replace(ctx.style, thousands=".", minus="-")
    company = rng.choice(["Nordbank", "Fjordkredit", "Limfjordens Bank"])
    t1 = L.balance(ctx)
    t2 = L.segments(replace(ctx, look=report_look(rng)), municipal=False)
    key = L.small(replace(ctx, look=report_look(rng, label_share=0.5)), "Hoveddata (mio. kr.)",
                  ["Netto renteindtægter", "Netto gebyrindtægter", "Kursreguleringer", "Øvrige indtægter"],
                  descending=True, total="Basisindtægter", lo=100, hi=5000)
    two = TwoColumns([Heading("Beretning", 2), _prose(rng, ctx, (8, 12)), TableBlock(key), _prose(rng, ctx, (10, 16)),
                      Heading("Udsigter", 2), _prose(rng, ctx, (8, 14))])
    blocks = [Heading("Balance", 1), TableBlock(t1), PageBreak(), Heading("Ledelsens beretning", 1), two,
              Heading("Noter", 1), TableBlock(t2), _prose(rng, ctx, (2, 4))]
    doc = Document(f"{company} Årsrapport {ctx.year}", _report_page(company, ctx.year), blocks)
    return GenDoc(doc, [t1, key, t2], "da", "annual-balance", ["two-column page with a table in one text column"])


def recipe_ballerup(rng: random.Random) -> GenDoc:
    """A Ballerup-style memo: one amount column `Afsatte midler i 2013`, `kr.` in the cell, over pages."""
    ctx = _ctx(rng, look=TableLook(font_size=9.0, ruling="grid", valign="top", label_share=0.72,
                                   repeat_header=rng.random() < 0.3, keep_header_with_rows=rng.random() < 0.5),
               year=rng.randint(2010, 2016))
    kommune = rng.choice(V.KOMMUNER)
    t = L.ballerup(ctx, kommune=kommune)
    blocks = [Para(f"{kommune} Kommune", bold=True), Heading("Fordeling af midler til styrket indsats", 1),
              Heading("Beskrivelse", 3), _prose(rng, ctx, (5, 9)),
              Bullets([V.sentences(rng, "da", 1, ctx.year) for _ in range(3)]), _prose(rng, ctx, (3, 6)), TableBlock(t),
              Para("Indstilling: Forvaltningen indstiller, at fordelingen godkendes.")]
    doc = Document("Notat", PageStyle(footer="Side {n}", footer_align="right", body_size=10.5), blocks)
    return GenDoc(doc, [t], "da", "ballerup")


def recipe_plain_list(rng: random.Random) -> GenDoc:
    """An agenda item: a list of amounts with no header (`I alt 2.890.000 kr.`) and a `Beløb` column in mio. kr."""
    ctx = _ctx(rng, look=TableLook(font_size=10.0, ruling="none", label_share=0.65, total_rules=True))
    t1 = L.plain_list(ctx, mio=False)
    t2 = L.plain_list(replace(ctx, look=TableLook(font_size=9.5, ruling="horizontal", label_share=0.6)), mio=True)
    blocks = [Heading(f"Punkt {rng.randint(2, 19)}: Udmøntning af puljen for {ctx.year}", 1), _prose(rng, ctx),
              Para("Midlerne foreslås fordelt således:"), TableBlock(t1), _prose(rng, ctx, (2, 5)),
              Heading("Finansiering", 2), _prose(rng, ctx, (1, 3)), TableBlock(t2), Heading("Beslutning", 2),
              _prose(rng, ctx, (1, 3))]
    return GenDoc(Document("Dagsordenpunkt", da_page(rng), blocks), [t1, t2], "da", "plain-list")


def _sv_page(rng: random.Random, year: int) -> PageStyle:
    return PageStyle(family=SERIF, heading_family=SANS, heading_color=BLUE, body_size=11.0,
                     footer="SID {n} ({N})", footer_left=f"{year} ÅRSBOKSLUT {year + 1}-02-01.DOCX",
                     footer_align="right", number_offset=1)


def recipe_sv_bokslut(rng: random.Random) -> GenDoc:
    """Swedish årsbokslut: Ekonomi (rows that are differences), Driftredovisning with Återstår, Bidrag with Antal."""
    ctx = _ctx(rng, lang="sv", serif=True, look=sv_look(rng))
    ctx.style = replace(ctx.style, thousands=rng.choice([" ", "\u00a0"]))
    t1 = L.sv_economy(ctx)
    t2 = L.sv_drift(ctx)
    t3 = L.sv_grants(replace(ctx, look=sv_look(rng, font_size=8.5, label_share=0.3)))
    blocks = [Cover("Kultur- och fritidsnämnden", f"Årsbokslut {ctx.year}", ["Simrishamns kommun"]),
              Heading("Ekonomi", 1), TableBlock(t1), _prose(rng, ctx, (3, 6)), Heading("Fritidsenheten", 3),
              _prose(rng, ctx, (4, 8)), PageBreak(), Heading("Bilaga 1. Ekonomisk översikt över drift och bidrag", 1),
              Heading("Driftredovisning", 2), TableBlock(t2), Heading("Bidrag", 2), TableBlock(t3), _prose(rng, ctx, (2, 4))]
    return GenDoc(Document(f"Årsbokslut {ctx.year}", _sv_page(rng, ctx.year), blocks), [t1, t2, t3], "sv", "sv-bokslut",
                  ["serif (core Times) text"])


def recipe_sv_investments(rng: random.Random) -> GenDoc:
    """Swedish investment report: two-level headers, two difference columns, mnkr with three decimals."""
    ctx = _ctx(rng, lang="sv", serif=True, look=sv_look(rng, font_size=8.5, label_share=0.3))
    ctx.style = replace(ctx.style, thousands=" ")
    t1 = L.sv_investments(ctx)
    t2 = L.sv_drift(replace(ctx, look=sv_look(rng)), convention="Avvikelse")
    blocks = [Heading("Finansiella rapporter", 1), Heading("Investeringsredovisning", 2),
              Heading("Investeringar i detalj per nämnd", 3), TableBlock(t1), _prose(rng, ctx, (3, 6)),
              Heading("Driftredovisning", 2), TableBlock(t2), _prose(rng, ctx, (2, 5))]
    return GenDoc(Document("Investeringsredovisning", _sv_page(rng, ctx.year), blocks), [t1, t2], "sv", "sv-investments")


def recipe_no_budget(rng: random.Random) -> GenDoc:
    """A Norwegian municipal budget: Sum rows, Netto driftsresultat, thin-space thousands, staff counts."""
    ctx = _ctx(rng, lang="no", look=da_look(rng))
    t1 = L.no_budget(ctx)
    t2 = L.headcount(replace(ctx, look=da_look(rng)), lang="no")
    blocks = [Heading(f"Budsjett {ctx.year} og økonomiplan {ctx.year}-{ctx.year + 3}", 1), _prose(rng, ctx),
              TableBlock(t1), _prose(rng, ctx, (2, 4)), Heading("Bemanning", 2), _prose(rng, ctx, (1, 3)), TableBlock(t2)]
    return GenDoc(Document("Budsjett", PageStyle(footer="Side {n}"), blocks), [t1, t2], "no", "no-budget")


def recipe_no_report(rng: random.Random) -> GenDoc:
    """A Norwegian report's spreadsheet exports: decimal point, `Sum:` flush right with statistics
    rows under it, a Differanse column beside per cent."""
    ctx = _ctx(rng, lang="no", look=da_look(rng, ruling=rng.choice(["grid", "none", "horizontal"])))
    ctx.style = NumberStyle(thousands=rng.choice([" ", "\u00a0", ""]), decimal=".", minus="-")
    t1 = L.no_quantities(ctx)
    t2 = L.no_comparison(replace(ctx, look=da_look(rng)))
    blocks = [Heading("Mengder og kostnader per fylke", 1), _prose(rng, ctx), TableBlock(t1), _prose(rng, ctx, (2, 4)),
              Heading("Sammenligning med MOTIV", 2), _prose(rng, ctx, (1, 3)), TableBlock(t2)]
    return GenDoc(Document("Rapport", PageStyle(footer="{n}"), blocks), [t1, t2], "no", "no-report")


def recipe_side_by_side(rng: random.Random) -> GenDoc:
    """Two tables side by side (Udgifter | Indtægter), each with its own total; a segment table with row totals."""
    ctx = _ctx(rng, look=da_look(rng, font_size=8.0, label_share=0.5, ruling=rng.choice(["horizontal", "grid", "none"])))
    left = L.small(ctx, "Udgifter (1.000 kr.)", L.pick(rng, V.DA_AREAS, rng.randint(3, 6)),
                   total=rng.choice(["Udgifter i alt", "I alt"]))
    right = L.small(ctx, "Indtægter (1.000 kr.)", ["Takstbetaling", "Statsrefusion", "Salg af ydelser",
                                                    "Tilskud fra fonde"][:rng.randint(2, 4)],
                    total=rng.choice(["Indtægter i alt", "I alt"]))
    t3 = L.segments(replace(ctx, look=da_look(rng)), municipal=True)
    blocks = [Heading(f"{rng.choice(V.DA_COMMITTEES)}: Budget {ctx.year}", 1), _prose(rng, ctx),
              SideBySide([left, right]), _prose(rng, ctx, (2, 4)), TableBlock(t3), _prose(rng, ctx, (1, 3))]
    return GenDoc(Document("Udvalgsbudget", da_page(rng), blocks), [left, right, t3], "da", "side-by-side",
                  ["two tables side by side"])


def recipe_governance(rng: random.Random) -> GenDoc:
    """Annual report governance: board members with `Født 1961` (not a table), board fees, two-column text."""
    ctx = _ctx(rng, look=report_look(rng), year=rng.randint(2016, 2024))
    ctx.style = replace(ctx.style, thousands=".", minus="-")
    board = []
    for k in range(rng.randint(6, 10)):
        born = rng.randint(1950, 1985)
        board.append([V.person(rng), "Formand" if k == 0 else "Næstformand" if k == 1 else "Medlem",
                      f"Født {born}", f"Indtrådt {rng.randint(min(born + 30, ctx.year), ctx.year)}",
                      f"Udløber {ctx.year + rng.randint(1, 3)}"])
    fees = L.board_fees(ctx)
    key = L.small(replace(ctx, look=report_look(rng, label_share=0.5)), "Aflønning af direktionen (mio. kr.)",
                  ["Fast løn", "Pension", "Variabel løn"], descending=True, total="I alt", lo=0.5, hi=9, decimals=1)
    blocks = [Heading("Bestyrelse og direktion", 1), _prose(rng, ctx, (2, 4)), Heading("Bestyrelsen", 2),
              NameList(board, [0.0, 0.32, 0.5, 0.65, 0.82]), Heading("Direktionen", 2),
              NameList([[V.person(rng), "Administrerende direktør", f"Født {rng.randint(1955, 1980)}"]], [0.0, 0.3, 0.62]),
              Heading("Vederlag", 2), TableBlock(fees), Heading("Selskabsledelse", 1),
              TwoColumns([_prose(rng, ctx, (10, 16)), TableBlock(key), _prose(rng, ctx, (14, 22))])]
    doc = Document("Corporate governance", _report_page("Nordbank", ctx.year), blocks)
    return GenDoc(doc, [fees, key], "da", "governance", ["lists of names with years that are not tables"])


def recipe_headcount(rng: random.Random) -> GenDoc:
    """Staff: counts (exact), Årsværk with a decimal, shares in per cent; a sector table with Pct. columns."""
    ctx = _ctx(rng)
    t1 = L.headcount(ctx)
    t2 = L.sectors(replace(ctx, look=da_look(rng)))
    blocks = [Heading("Personaleoversigt", 1), _prose(rng, ctx), TableBlock(t1), _prose(rng, ctx, (2, 4)),
              Heading("Udlån fordelt på sektorer", 2), TableBlock(t2)]
    return GenDoc(Document("Personaleoversigt", da_page(rng), blocks), [t1, t2], "da", "headcount")


def recipe_spaces(rng: random.Random) -> GenDoc:
    """Danish figures with thin or no-break space thousands, a minus sign, footnote marks `1.732 1)` and `4.966*`."""
    style = NumberStyle(thousands=rng.choice(["\u2009", "\u00a0", "\u202f", " "]), minus=rng.choice(["\u2212", "-", "\u2013"]))
    ctx = _ctx(rng, style=style)
    t1 = L.followup(ctx, groups=2, per_group=(3, 5))
    t2 = L.proposal(replace(ctx, look=da_look(rng)), years=4, row_total=True)
    for t, mark in ((t1, " 1)"), (t2, "*")):
        cells = [c for r in t.rows for c in r.cells if c is not None and (c.leaf is not None or c.calc)]
        for c in rng.sample(cells, min(2, len(cells))):
            c.mark = mark
        t.footnotes.append(("1) " if mark == " 1)" else "* ") + "Inkl. overførsler fra tidligere år.")
        t.features.append(f"footnote marks after figures ({mark.strip()})")
    blocks = [Heading("Regnskab og budget", 1), _prose(rng, ctx), TableBlock(t1), _prose(rng, ctx, (2, 4)), TableBlock(t2)]
    return GenDoc(Document("Regnskab", da_page(rng), blocks), [t1, t2], "da", "spaces",
                  ["space-like thousands separators (thin, no-break)"])


def recipe_hierarchy(rng: random.Random) -> GenDoc:
    """A follow-up with many sub-rows, a balance with '- heraf', income with minus items, across pages."""
    ctx = _ctx(rng, look=da_look(rng, repeat_header=False))
    t1 = L.followup(ctx, groups=rng.randint(4, 6), per_group=(5, 8), subrows=True)
    t2 = L.income(replace(ctx, look=report_look(rng)), bank=rng.random() < 0.5, years=2)
    blocks = [Heading("Regnskab", 1), _prose(rng, ctx), TableBlock(t1), _prose(rng, ctx, (2, 4)),
              Heading("Resultatopgørelse", 2), TableBlock(t2)]
    return GenDoc(Document("Regnskab", da_page(rng), blocks), [t1, t2], "da", "hierarchy")


def recipe_long(rng: random.Random) -> GenDoc:
    """Long tables across pages: one without its header repeated, one with, and '(fortsat)'."""
    ctx = _ctx(rng, look=da_look(rng, repeat_header=False, keep_header_with_rows=False))
    t1 = L.overview(ctx, unlabelled=False, committees=(4, 5), areas=(4, 6))
    t2 = L.followup(replace(ctx, look=da_look(rng, repeat_header=True, continued="(fortsat)")), groups=5, per_group=(6, 9))
    blocks = [Heading("Budgetbilag", 1), _prose(rng, ctx, (14, 20)), TableBlock(t1), _prose(rng, ctx, (14, 20)),
              TableBlock(t2), _prose(rng, ctx, (2, 4))]
    return GenDoc(Document("Budgetbilag", da_page(rng), blocks), [t1, t2], "da", "long")


RECIPES = {
    "proposal": recipe_proposal,
    "followup": recipe_followup,
    "overview": recipe_overview,
    "annual-income": recipe_annual_income,
    "annual-balance": recipe_annual_balance,
    "ballerup": recipe_ballerup,
    "plain-list": recipe_plain_list,
    "sv-bokslut": recipe_sv_bokslut,
    "sv-investments": recipe_sv_investments,
    "no-budget": recipe_no_budget,
    "side-by-side": recipe_side_by_side,
    "governance": recipe_governance,
    "headcount": recipe_headcount,
    "spaces": recipe_spaces,
    "hierarchy": recipe_hierarchy,
    "long": recipe_long,
    "no-report": recipe_no_report,
}


# ---------------------------------------------------------------- booklets


# most tables have room for a wrong subtotal, few for a count off by one: weigh the rarer ones up
PLANT_WEIGHTS = {"stale-total": 2.0, "wrong-subtotal": 1.0, "wrong-difference": 2.0, "count-off-by-one": 4.0}

PROPOSAL_KINDS = ["Reduktionsforslag", "Udvidelsesforslag", "Effektiviseringsforslag", "Investeringsforslag"]


def booklet(rng: random.Random, proposals: int = 50, error_rate: float = 0.08) -> GenDoc:
    """Many proposals behind a cover and a table of contents, each with its own `Tabel 1`."""
    kommune = rng.choice(V.KOMMUNER)
    year = rng.randint(2024, 2028)
    ctx = _ctx(rng, year=year)
    heading_color = rng.choice([BLUE, TEAL, (0.55, 0.1, 0.1)])
    titles: list[str] = []
    while len(titles) < proposals:
        title = rng.choice(V.DA_ACTIONS) + ("" if rng.random() < 0.4 else f", {rng.choice(V.DA_AREAS).lower()}")
        if title not in titles:
            titles.append(title)
    blocks: list = [Cover(f"Budgetforslag {year}-{year + 3}", "Forslag til udvidelser og reduktioner",
                          [f"{kommune} Kommune", f"Økonomiudvalget, {rng.choice(V.MONTHS_DA)} {year - 1}"]),
                    Contents("Indholdsfortegnelse", [(f"Forslag {k}: {t}", f"p{k}") for k, t in enumerate(titles, 1)]),
                    PageBreak()]
    tables: list[Table] = []
    for k, title in enumerate(titles, 1):
        ctx.table_no = 0  # every proposal numbers its tables from 1
        ctx.look = da_look(rng, repeat_header=True)
        blocks.append(Heading(f"Forslag {k}: {title}", 1, anchor=f"p{k}", new_page=rng.random() < 0.6,
                              color=heading_color, size=15))
        blocks.append(Para(f"Udvalg: {rng.choice(V.DA_COMMITTEES)}.  Område: {rng.choice(V.DA_AREAS)}.  "
                           f"Type: {rng.choice(PROPOSAL_KINDS)}.", size=9, italic=True))
        blocks += [Heading("Beskrivelse af forslaget", 2), _prose(rng, ctx, (8, 12)), _prose(rng, ctx, (6, 10)),
                   Heading("Baggrund", 2), _prose(rng, ctx, (8, 14)), _prose(rng, ctx, (5, 9)),
                   Heading("Målgruppe", 3), _prose(rng, ctx, (3, 7)),
                   Heading("Forudsætninger", 3),
                   Bullets([V.sentences(rng, "da", 1, year) for _ in range(rng.randint(3, 5))]),
                   Heading("Økonomi", 2), _prose(rng, ctx, (3, 6))]
        t = L.proposal(ctx, years=4, row_total=rng.random() < 0.3)
        blocks.append(TableBlock(t))
        tables.append(t)
        if rng.random() < 0.5:
            extra = rng.choice([L.projects, L.headcount, lambda c: L.overview(c, unlabelled=rng.random() < 0.5)])(ctx)
            blocks += [_prose(rng, ctx, (2, 4)), TableBlock(extra)]
            tables.append(extra)
        blocks += [Heading("Konsekvenser for service og personale", 2), _prose(rng, ctx, (8, 14)), _prose(rng, ctx, (5, 9)),
                   Heading("Implementering og tidsplan", 2), _prose(rng, ctx, (4, 8)),
                   Heading("Sammenhæng til andre forslag", 2), _prose(rng, ctx, (4, 8))]
    page = PageStyle(running_header=f"{kommune} Kommune · Budget {year}-{year + 3}",
                     running_header_right="Forslag til budgetændringer", header_rule=True,
                     footer="Side {n} af {N}", footer_align="center", heading_color=heading_color)
    doc = Document(f"Budgetforslag {year}-{year + 3}", page, blocks)
    for table in tables:
        if rng.random() < error_rate:
            _plant(rng, [table])
    return GenDoc(doc, tables, "da", "booklet", [f"booklet of {proposals} proposals behind a cover and a table of contents",
                                                 "running headers and footers", "Tabel numbering restarting per proposal"])


# ---------------------------------------------------------------- errors, truth, files


def _plant(rng: random.Random, tables: list[Table], prefer: str | None = None) -> str | None:
    """Plant one error in one of `tables`: the `prefer`red type where the tables have a place
    for it, else a type drawn (by `PLANT_WEIGHTS`) from those they have a place for."""
    # where each type fits, tried on copies so that nothing is changed yet
    fits = {kind: [t for t in tables if PLANTS[kind](copy.deepcopy(t), random.Random(0)) is not None]
            for kind in PLANTS}
    kinds = [kind for kind in PLANTS if fits[kind]]
    if not kinds:
        return None
    kind = prefer if prefer in kinds else _weighted(rng, [(kind, PLANT_WEIGHTS[kind]) for kind in kinds])
    PLANTS[kind](rng.choice(fits[kind]), rng)
    return kind


def error_plan(seed: int, count: int, rate: float) -> dict[int, str]:
    """Which documents of a set get an error, and of which type: round(rate x count) documents,
    first one for each type (the rarest first) among the documents with a place for it, so that
    a set has every type, then others drawn with the seed."""
    fits = {}
    for index in range(count):
        gen, _ = make_document(seed, index)
        fits[index] = [kind for kind in PLANTS
                       if any(PLANTS[kind](copy.deepcopy(t), random.Random(0)) is not None for t in gen.tables)]
    rng = random.Random(f"pdfgen.realistic.plan:{seed}")
    wanted = round(rate * count)
    plan: dict[int, str] = {}
    for kind in sorted(PLANTS, key=lambda k: sum(k in f for f in fits.values())):
        able = [i for i in range(count) if kind in fits[i] and i not in plan]
        if able and len(plan) < wanted:
            plan[rng.choice(able)] = kind
    rest = [i for i in range(count) if i not in plan and fits[i]]
    for index in rng.sample(rest, max(0, min(wanted - len(plan), len(rest)))):
        plan[index] = _weighted(rng, [(kind, PLANT_WEIGHTS[kind]) for kind in fits[index]])
    return plan


def make_document(seed: int, index: int, recipe: str | None = None, producer: str | None = None,
                  plant: str | None = None, prefer: str | None = None) -> tuple[GenDoc, str]:
    """Document `index` of the set with `seed`: (what to draw, producer). `plant` forces one error
    of that type; `prefer` asks for one error, of that type where the document has a place for it."""
    names = list(RECIPES)
    recipe = recipe or names[index % len(names)]
    producer = producer or PRODUCERS[(index // len(names)) % len(PRODUCERS)]
    rng = random.Random(f"pdfgen.realistic:{seed}:{index}")
    gen = RECIPES[recipe](rng)
    if plant is not None:
        if _plant(rng, gen.tables, plant) != plant:
            raise ValueError(f"recipe {recipe} has no place for a {plant} error")
    elif prefer is not None:
        _plant(rng, gen.tables, prefer)
    return gen, producer


def make_booklet(seed: int, index: int, proposals: int = 50, error_rate: float = 0.08) -> tuple[GenDoc, str]:
    rng = random.Random(f"pdfgen.realistic.booklet:{seed}:{index}")
    return booklet(rng, proposals, error_rate), PRODUCERS[index % len(PRODUCERS)]


def build_truth(gen: GenDoc, name: str, source: dict) -> dict:
    """The real-truth JSON of a drawn document; checks that it is consistent (raises if not)."""
    totals, findings = [], []
    features: list[str] = list(gen.features)
    for table in gen.tables:
        pages = {c.page for r in table.rows for c in r.cells if c is not None}
        if len(pages) > 1:
            look = table.look or TableLook()
            table.features.append("a table across pages, header " + ("repeated" if look.repeat_header else "not repeated"))
        for f in table.features:
            if f not in features:
                features.append(f)
        planted = {id(p.target[0].cells[p.target[1]]): p for p in table.plants}
        entries = truth(table)
        failing_targets = set()
        for entry in entries:
            row, col = entry.pop("_cell")
            if entry["page"] < 1:
                raise AssertionError(f"{name}: total {entry['label']!r} was never drawn")
            cell = row.cells[col]
            if not entry["agrees"]:
                if not table.plants:
                    raise AssertionError(f"{name}: {entry['label']!r} {entry['column']} disagrees in a clean table")
                own = planted.get(id(cell))
                if own is not None:
                    failing_targets.add(id(cell))
                    entry["note"] = f"planted: {own.description}"
                else:
                    entry["note"] = "follows from the planted error: " + "; ".join(p.description for p in table.plants)
                findings.append({k: entry[k] for k in ("page", "table", "label", "column", "kind", "stated")} |
                                {"recomputed": entry["sum_of_items"], "note": entry["note"]})
            totals.append(entry)
        for key, p in planted.items():
            if key not in failing_targets:
                raise AssertionError(f"{name}: the planted {p.type} did not make its total disagree")
    plants = [p.description for t in gen.tables for p in t.plants]
    notes = (f"Generated by pdfgen.realistic (recipe {gen.recipe}, producer {source['producer']}, seed {source['seed']}). "
             f"Layouts: {'; '.join(features)}. "
             + (f"Planted errors: {' | '.join(plants)}. " if plants else "No planted errors: every total agrees. ")
             + "Every printed total is listed. Items subtracted are listed as 'minus <label>' with their value negated; "
               "an unlabelled subtotal row is named after the heading of the group it closes; percentages, indexes and "
               "'Heraf' rows that are part of a row are not totals; blank cells and words are not items, a nil dash is 0.")
    units = sorted({t.stub or t.columns[0].suffix.strip() for t in gen.tables} - {""})
    return {"file": name, "source": source, "language": gen.language,
            "unit_note": f"figures in each table's own unit as printed ({', '.join(units)}); counts (Antal) are exact",
            "expect_error": None, "totals": totals, "findings": findings, "notes": notes}


def write(gen: GenDoc, producer: str, folder: Path, stem: str, source: dict) -> dict:
    for table in gen.tables:
        evaluate(table)
    pdf = folder / f"{stem}.pdf"
    pages = render(gen.document, pdf, producer)
    source = dict(source, producer=producer, recipe=gen.recipe, pages=pages)
    data = build_truth(gen, pdf.name, source)
    tmp = folder / f".{stem}.real.json.tmp"
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    tmp.replace(folder / f"{stem}.real.json")
    return data


def generate(folder: Path, seed: int, count: int, booklet_mode: bool = False, proposals: int = 50,
             error_rate: float | None = None) -> list[dict]:
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    plan = {} if booklet_mode else error_plan(seed, count, 0.25 if error_rate is None else error_rate)
    out = []
    for index in range(count):
        source = {"generator": "pdfgen.realistic", "seed": seed, "index": index}
        if booklet_mode:
            gen, producer = make_booklet(seed, index, proposals, 0.08 if error_rate is None else error_rate)
            stem = f"booklet-s{seed}-{index:02d}"
        else:
            gen, producer = make_document(seed, index, prefer=plan.get(index))
            stem = f"gen-s{seed}-{index:03d}"
        out.append(write(gen, producer, folder, stem, source))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pdfgen.realistic", description=__doc__.split("\n\n")[0])
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--count", type=int, default=None, help="documents (default 40; 1 with --booklet)")
    parser.add_argument("--booklet", action="store_true", help="write booklets of many proposals")
    parser.add_argument("--proposals", type=int, default=50, help="proposals per booklet (default 50)")
    parser.add_argument("--error-rate", type=float, default=None,
                        help="share of documents (booklet: of tables) with a planted error (default 0.25; 0.08)")
    args = parser.parse_args(argv)
    count = args.count if args.count is not None else (1 if args.booklet else 40)
    data = generate(args.outdir, args.seed, count, args.booklet, args.proposals, args.error_rate)
    totals = sum(len(d["totals"]) for d in data)
    findings = sum(len(d["findings"]) for d in data)
    pages = sum(d["source"]["pages"] for d in data)
    print(f"{len(data)} documents ({pages} pages), {totals} totals, {findings} findings in {args.outdir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
