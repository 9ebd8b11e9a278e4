"""Dense tables for speed measurements, with exact truth: `python -m pdfgen.dense OUTDIR [--count N]`.

Pages of statistics tables full of figures, the kind a statistics office or a budget
appendix prints: 30-60 rows a table, 6-12 columns of figures (years, or years and a row
total `I alt`), small type, one table after another with no prose between them. Each
table is one of

* `regions`: municipalities grouped under their region (a section row), a subtotal
  `Region … i alt` under each group, `Hele landet` adding the subtotals;
* `areas`: budget areas grouped under their committee, `I alt <udvalg>` under each group,
  `I alt` adding them;
* `flat`: one long list of municipalities and a single `I alt` at the foot.

Document `i` is ruled as a grid (`grid`) when `i` is even and unruled (`none`) when odd,
so a set of two or more has both rulings. The producers alternate every two documents.

Truth as `pdfgen.realistic` writes it (`NAME.real.json`, the schema of
`../shared/real/*.real.json`, made by `sheet.truth` from what the PDF prints), so
`score_real.py` can score a run. No errors are planted: every total agrees. Everything
follows from the seed.
"""
from __future__ import annotations

import argparse
import random
import sys
from decimal import Decimal
from pathlib import Path

from . import vocab as V
from .flow import Document, PageStyle, TableBlock, TableLook, plan_table
from .layouts import fig
from .realistic import PRODUCERS, GenDoc, da_numbers, write
from .sheet import GRAND, SUBTOTAL, TOTAL, Column, Sheet, Table, evaluate

RULINGS = ("grid", "none")
SHAPES = ("regions", "areas", "flat")
ROWS = (30, 60)  # printed rows a table (sections and totals included)
COLUMNS = (6, 12)  # columns of figures a table
MARGINS = (48.0, 54.0, 48.0, 54.0)  # a statistics page: narrower margins than a proposal's


def _columns(rng: random.Random, year: int, count: int) -> list[Column]:
    """`count` figure columns: years ending in `year`, the last one a row total half the time."""
    row_total = rng.random() < 0.5
    years = count - 1 if row_total else count
    cols = [Column(str(year - years + 1 + k)) for k in range(years)]
    if row_total:
        cols.append(Column("I alt", derive=("rowsum", list(range(years)))))
    return cols


def _values(rng: random.Random, years: int, top: float) -> list[Decimal]:
    """One row's figures over the years: a level with a drift, a few negative rows."""
    level = fig(rng, top / 50, top)
    sign = -1 if rng.random() < 0.08 else 1
    return [sign * level * (1 + fig(rng, -0.06, 0.06, 4)) for _ in range(years)]


def _groups(rng: random.Random, shape: str, rows: int) -> list[tuple[str, list[str]]]:
    """(group heading, member labels) filling about `rows` printed rows."""
    if shape == "flat":
        names = [k for members in V.DK_REGIONS.values() for k in members]
        return [("", rng.sample(names, min(rows - 1, len(names))))]
    if shape == "regions":
        pool = {f"Region {r}": members for r, members in V.DK_REGIONS.items()}
    else:
        pool = {c: V.DA_AREAS for c in V.DA_COMMITTEES}
    groups: list[tuple[str, list[str]]] = []
    left = rows - 1  # the grand total
    for heading in rng.sample(list(pool), len(pool)):
        if left < 5:
            break
        take = min(left - 2, rng.randint(4, 14), len(pool[heading]))
        groups.append((heading, rng.sample(pool[heading], take)))
        left -= take + 2  # the section row and the subtotal
    return groups


def dense_table(rng: random.Random, number: int, year: int, ruling: str) -> Table:
    """One table of 30-60 printed rows and 6-12 columns of figures."""
    shape = rng.choice(SHAPES)
    rows = rng.randint(*ROWS)
    count = rng.randint(*COLUMNS)
    cols = _columns(rng, year, count)
    years = sum(c.derive is None for c in cols)
    # the widest total must still fit a column: fewer columns, larger figures
    top = 90000.0 if count <= 8 else 9000.0
    what = {"regions": "Nettodriftsudgifter efter kommune", "areas": "Serviceudgifter efter område",
            "flat": "Nettodriftsudgifter efter kommune"}[shape]
    look = TableLook(font_size=rng.choice([6.5, 7.0]), ruling=ruling, padding=1.3, lead=1.2, label_share=0.26,
                     repeat_header=True, total_rules=ruling != "grid", caption_size=9.0)
    sh = Sheet(f"Tabel {number}. {what}, {cols[0].header}-{year} (1.000 kr.)", cols, da_numbers(rng),
               stub="1.000 kr.", look=look)
    sh.table.caption = sh.table.title
    subtotals = []
    for heading, members in _groups(rng, shape, rows):
        if heading:
            sh.section(heading)
        items = [sh.row(label, _values(rng, years, top)) for label in members]
        if heading:
            label = f"{heading} i alt" if shape == "regions" else f"I alt {heading}"
            subtotals.append(sh.total(label, items, "subtotal", SUBTOTAL))
        else:
            sh.total("I alt", items, "column-total", TOTAL)
    if subtotals:
        sh.total("Hele landet" if shape == "regions" else "I alt", subtotals, "grand-total", GRAND)
    table = sh.finish()
    table.features += [f"dense {shape} table", f"{ruling} ruling", f"{len(cols)} figure columns"]
    return table


def make_dense(seed: int, index: int, tables: int = 6) -> tuple[GenDoc, str]:
    """Document `index` of the dense set with `seed`: (what to draw, producer)."""
    rng = random.Random(f"pdfgen.dense:{seed}:{index}")
    ruling = RULINGS[index % len(RULINGS)]
    year = rng.randint(2024, 2027)
    style = PageStyle(body_size=9.0, margins=MARGINS, running_header="Kommunale nøgletal",
                      running_header_right=f"Budget {year}", footer="Side {n}", footer_align="center")
    width = style.size[0] - MARGINS[0] - MARGINS[2]
    made: list[Table] = []
    while len(made) < tables:
        table = dense_table(rng, len(made) + 1, year, ruling)
        evaluate(table)
        try:
            plan_table(table, width, style.family)  # too wide for the page: draw another
        except ValueError:
            continue
        made.append(table)
    doc = Document(f"Kommunale nøgletal {year}", style, [TableBlock(t) for t in made])
    gen = GenDoc(doc, made, "da", "dense", [f"dense tables, {ruling} ruling"])
    return gen, PRODUCERS[(index // 2) % len(PRODUCERS)]


def generate(folder: Path, seed: int = 1, count: int = 4, tables: int = 6) -> list[dict]:
    """Writes dense-{seed}-{i}.pdf and .real.json for i < count; returns the truth of each."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for index in range(count):
        gen, producer = make_dense(seed, index, tables)
        source = {"generator": "pdfgen.dense", "seed": seed, "index": index}
        out.append(write(gen, producer, folder, f"dense-s{seed}-{index:02d}", source))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pdfgen.dense", description=__doc__.split("\n\n")[0])
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--count", type=int, default=4, help="documents (default 4: grid, none, grid, none)")
    parser.add_argument("--tables", type=int, default=6, help="tables a document (default 6)")
    args = parser.parse_args(argv)
    data = generate(args.outdir, args.seed, args.count, args.tables)
    pages = sum(d["source"]["pages"] for d in data)
    totals = sum(len(d["totals"]) for d in data)
    print(f"{len(data)} documents ({pages} pages), {totals} totals in {args.outdir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
