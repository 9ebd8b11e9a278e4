"""Tests of the dense-table generator (`tools/pdfgen/dense.py`), not of the reader: what
`benchmarks/bench.py`'s `dense` set measures must be what it says it is.

* tables of 30-60 printed rows and 6-12 columns of figures, document 0 ruled as a grid and
  document 1 unruled (pdfplumber sees the grid's lines and no vertical line in the other);
* the truth adds up: every total's items sum to `sum_of_items` and every total agrees (no
  errors are planted), and pdfplumber finds every stated figure on its page;
* the same seed gives the same bytes.
"""
from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pdfplumber
import pytest

from pdfgen.dense import COLUMNS, ROWS, generate, make_dense


def squash(text: str) -> str:
    return re.sub(r"[\s\u00a0\u2009\u202f]+", " ", text)


@pytest.fixture(scope="module")
def dense(tmp_path_factory) -> tuple[Path, list[dict]]:
    folder = tmp_path_factory.mktemp("dense")
    return folder, generate(folder, seed=5, count=2, tables=3)


def test_tables_are_dense_in_both_rulings():
    for index, ruling in ((0, "grid"), (1, "none")):
        gen, _ = make_dense(5, index, tables=3)
        assert len(gen.tables) == 3
        for table in gen.tables:
            assert ROWS[0] <= len(table.rows) <= ROWS[1], len(table.rows)
            assert COLUMNS[0] <= len(table.columns) <= COLUMNS[1], len(table.columns)
            assert table.look.ruling == ruling
            figures = sum(c is not None for r in table.rows for c in r.cells)
            assert figures >= 0.8 * len(table.rows) * len(table.columns) - 10 * len(table.columns)


def test_the_truth_adds_up_and_every_total_agrees(dense):
    _, truths = dense
    for t in truths:
        assert t["totals"] and not t["findings"]
        kinds = {x["kind"] for x in t["totals"]}
        assert kinds & {"subtotal", "column-total"}, kinds
        for x in t["totals"]:
            assert x["agrees"] is True, (t["file"], x["label"], x["column"])
            assert sum(Decimal(str(v)) for _, _, v in x["items"]) == Decimal(str(x["sum_of_items"]))


def test_the_pdf_shows_every_stated_total_on_its_page_and_the_ruling(dense):
    folder, truths = dense
    for t in truths:
        with pdfplumber.open(folder / t["file"]) as pdf:
            assert len(pdf.pages) == t["source"]["pages"]
            texts = [squash(p.extract_text() or "") for p in pdf.pages]
            verticals = [sum(1 for e in p.edges if e["orientation"] == "v") for p in pdf.pages]
        for x in t["totals"]:
            assert squash(x["stated_text"]) in texts[x["page"] - 1], (t["file"], x["page"], x["stated_text"])
        if t["source"]["index"] % 2 == 0:
            assert all(v > 10 for v in verticals), verticals  # a grid: a vertical line beside every column
        else:
            assert not any(verticals), verticals


def test_the_same_seed_gives_the_same_bytes(dense, tmp_path):
    folder, _ = dense
    again = generate(tmp_path, seed=5, count=1, tables=3)
    assert (tmp_path / again[0]["file"]).read_bytes() == (folder / again[0]["file"]).read_bytes()
    assert json.loads((tmp_path / "dense-s5-00.real.json").read_text()) == \
        json.loads((folder / "dense-s5-00.real.json").read_text())
