"""Generative round trip: random budget tables drawn into PDFs, read back, compared cell by cell.

Random Danish labels (long compounds that Word hyphenates, `§107`, footnote stars, real
hyphens such as `børne- og ungehjem`), 2-8 year columns, an `I alt` column, a
`Styringsområde` column, negative figures printed with a hyphen, a minus sign, an en dash
or parentheses, blanks, nil dashes, units `1.000 kr.`, `t. kr.`, `mio. kr.`; figures on the
first, middle or last line of wrapped rows; tables long enough to break across pages; all
three rulings; two PDF producers (reportlab and fpdf2).
"""
from __future__ import annotations

import os
import random
import re
from decimal import Decimal

import pytest

from pipeline.process import process_document
from pdfgen.synth import SynthDoc, SynthRow, SynthTable, build_pdf, printed

WORDS = ("forløbsprogram sagsbehandling botilbudspladser kompetenceudvikling familieplejekonsulenter "
         "myndighedsrådgivere implementering opfølgning anbringelser plejefamilier aflastning "
         "socialpædagogisk støtte drift team indsatser rådgivning vejledning kapacitetsudvidelse "
         "modtagelsen overgangsperioden sagsgennemgang psykiatri supervision projektledelse "
         "huslejetilskud selvhjælpsplatform medarbejderfrikøb udvikling efteruddannelse certificering "
         "ungeområdet voksenområdet peer-indsatser hjemmesiden kommunikationskampagne rekruttering "
         "familiehusene børne- ungehjem").split()
GLUE = "på af til i for ved med om fra".split()
HEADS = ("Besparelse Reduceret Ekstra Støtte Samarbejde Kapacitetsudvidelse Midlertidig Opstart Udvikling "
         "Faglig Årlig Flere Videreførelse Kommunikationskampagne Fremskudt Effektivisering").split()
SECTIONS = ["Varige ændringer (effektiviseringer og drift)", "Implementeringsomkostninger (midler fra investeringspuljen)",
            "Effektiviseringer", "Omkostninger"]
RULINGS = ["grid", "horizontal", "none"]
PRODUCERS = ["reportlab", "fpdf2"]
DOCUMENTS = int(os.environ.get("ROUNDTRIP_DOCUMENTS", "50"))  # 4 tables each; more for a longer hunt
SEED = int(os.environ.get("ROUNDTRIP_SEED", "1000"))
TABLES_PER_DOC = 4


def label(rng: random.Random) -> str:
    words = [rng.choice(HEADS)]
    for _ in range(rng.randint(0, 9)):
        words.append(rng.choice(WORDS + GLUE))
        if words[-1] == "børne-":
            words += ["og", "ungehjem"]
    if rng.random() < 0.15:
        at = rng.randint(1, len(words))
        if not words[at - 1].endswith("-"):
            words.insert(at, "§" + str(rng.randint(10, 199)))
    while words[-1] in GLUE or words[-1] == "børne-":
        words.pop()
    text = " ".join(words)
    return text + ("*" if rng.random() < 0.1 else "")


def value(rng: random.Random, decimals: int):
    roll = rng.random()
    if roll < 0.15:
        return None
    if roll < 0.2:
        return rng.choice(["-", "\u2013"])  # nil
    if decimals:
        return Decimal(rng.randint(-999, 999)).scaleb(-decimals)
    return rng.choice([rng.randint(-99999, 99999), rng.randint(-999, 999), 0])


def random_table(rng: random.Random, ruling: str, n: int) -> SynthTable:
    years = rng.randint(2, 8)
    start = rng.randint(2016, 2028)
    columns = [str(start + i) for i in range(years)]
    row_total = years <= 6 and rng.random() < 0.3
    if row_total:
        columns.append("I alt")
    unit, decimals = rng.choice([("1.000 kr.", 0), ("t. kr.", 0), ("mio. kr.", 1), ("kr.", 0)])
    category = len(columns) <= 6 and rng.random() < 0.5
    rows: list[SynthRow] = []
    for i in range(rng.randint(2, 28 if rng.random() < 0.2 else 10)):
        if rng.random() < 0.12 and (not rows or rows[-1].role != "section"):
            rows.append(SynthRow(rng.choice(SECTIONS), role="section"))
            continue
        values = [value(rng, decimals) for _ in columns]
        if not any(v not in (None, "-", "\u2013") for v in values):
            values[0] = Decimal(rng.randint(1, 900))
        rows.append(SynthRow(label(rng), values, rng.choice(["Service", "Overførsler", "Anlæg"]) if category else None))
    rows.append(SynthRow("Samlet varig ændring", [value(rng, decimals) or Decimal(1) for _ in columns],
                         "Service" if category else None, "total"))
    width_left = 481 - (60 if category else 0) - 42 * len(columns)
    return SynthTable(
        title=f"Tabel {n}. Forslagets økonomiske konsekvenser", unit=unit,
        price_base=rng.choice([None, f"{start + 1} p/l", f"({start} p/l.)", f"{start}-priser"]),
        columns=columns, rows=rows, ruling=ruling, valign=rng.choice(["top", "middle", "bottom"]),
        category_column=category, decimals=decimals, label_width=max(100.0, min(220.0, width_left - rng.randint(0, 40))),
        minus=rng.choice(["-", "\u2212", "\u2013", "()"]), font_size=8.0 if len(columns) > 6 else rng.choice([8.0, 8.5, 9.0]),
        repeat_header=rng.random() < 0.5,
    )


def expected(drawn):
    rows = []
    for label_text, category, role, cells in drawn.rows:
        rows.append((re.sub(r"\s+", " ", label_text), {c: cell.text for c, cell in cells.items()}))
    return rows


def read_back(table):
    return [(row.label, {c: cell.raw for c, cell in row.cells.items()}) for row in table.rows]


@pytest.mark.parametrize("doc_index", range(DOCUMENTS))
def test_random_tables_read_back_exactly(tmp_path, doc_index):
    rng = random.Random(SEED + doc_index)
    producer = PRODUCERS[doc_index % 2]
    tables = [random_table(rng, RULINGS[(doc_index + k) % 3], k + 1) for k in range(TABLES_PER_DOC)]
    blocks = []
    for t in tables:
        blocks += [("h", "Økonomi"), "Forslaget er beskrevet i teksten herunder, og tabellen viser beløbene.", t]
    path = tmp_path / f"random_{doc_index}.pdf"
    drawn = build_pdf(SynthDoc(title=f"Tilfældigt forslag {doc_index}", blocks=blocks), path, producer=producer)
    result = process_document(path, path.name, second_reader=False)
    assert result.status in ("ok", "flagged"), result.message
    assert len(result.tables) == len(drawn), [t.title for t in result.tables]
    for want, got, spec in zip(drawn, result.tables, tables):
        context = f"seed {SEED + doc_index}, {producer}, {spec.ruling}, valign {spec.valign}, {got.id}"
        assert got.columns == want.columns, context
        assert got.unit == spec.unit.replace("Beløb i ", ""), context
        assert got.title == want.title, context
        assert read_back(got) == expected(want), context
        # every figure's value is the printed text parsed the Danish way
        for row, (_, _, role, cells) in zip(got.rows, want.rows):
            assert row.role == role or (role == "item" and row.role in ("item", "other")), (context, row.label)
            for column, cell in row.cells.items():
                text = cells[column].text
                if text in ("-", "\u2013"):
                    assert cell.value == 0 and cell.nil
                else:
                    sign = -1 if text.startswith(("-", "\u2212", "\u2013", "(")) else 1
                    digits = text.strip("()-\u2212\u2013").replace(".", "").replace(",", ".")
                    assert cell.value == sign * Decimal(digits), (context, text)


def test_the_generator_covers_every_ruling_and_producer():
    combos = {(PRODUCERS[d % 2], RULINGS[(d + k) % 3]) for d in range(DOCUMENTS) for k in range(TABLES_PER_DOC)}
    assert combos == {(p, r) for p in PRODUCERS for r in RULINGS}
    assert DOCUMENTS * TABLES_PER_DOC >= 200
    assert printed(Decimal("-1500"), 0, "()") == "(1.500)"
