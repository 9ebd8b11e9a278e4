"""Tables exported from spreadsheets into reports, as in a Norwegian consultancy report: a
decimal POINT (`12.07`, `9 368.0`), `Sum:` set flush right with `Min:`, `Maks:` and `Middel:`
rows under it, a `Differanse` column beside a `Differanse (%)` column.  Drawn by the realistic
generator with both producers (its truth made from the spreadsheet, not from the reader), read
back by the real pipeline: every total recomputed with its printed verdict, and the only
findings are the planted errors."""
from __future__ import annotations

import json
import re
from decimal import Decimal

import pytest

from pdfgen.realistic import PRODUCERS, RECIPES, error_plan, make_document, write
from pipeline.process import process_document

RECIPE = "no-report"


def squash(text: str) -> str:
    return re.sub(r"[\s\u00a0\u2009\u202f-]+", "", text).casefold()


@pytest.mark.parametrize("seed", [3, 4])
@pytest.mark.parametrize("producer", PRODUCERS)
def test_spreadsheet_exports_are_read_and_checked(tmp_path, seed, producer):
    index = list(RECIPES).index(RECIPE)
    gen, _ = make_document(seed, index, producer=producer, prefer=error_plan(seed, len(RECIPES), 0.5).get(index))
    write(gen, producer, tmp_path, "doc", {"generator": "test", "seed": seed, "index": index})
    truth = json.loads((tmp_path / "doc.real.json").read_text(encoding="utf-8"))
    result = process_document(tmp_path / "doc.pdf", "doc.pdf", second_reader=False)
    assert truth["totals"]
    for t in truth["totals"]:
        same = [c for c in result.checks if c.page == t["page"] and squash(t["label"]) in squash(c.label)
                and squash(c.column) == squash(t["column"]) and c.stated == Decimal(str(t["stated"]))]
        assert same, f"not checked: {t['label']} / {t['column']} = {t['stated_text']}"
        if t["agrees"]:  # a total that is also a difference's operand may be judged both ways
            assert any(c.agrees for c in same), (t["label"], t["column"])
        else:
            assert any(not c.agrees for c in same), (t["label"], t["column"])
    wrong = {(t["label"], t["column"]) for t in truth["totals"] if not t["agrees"]}
    for f in result.findings:
        if f.kind == "narrative":
            continue
        assert any(squash(label) in squash(f.label) and squash(col) == squash(f.column) for label, col in wrong), \
            f"false alarm: {f.label} / {f.column}"
