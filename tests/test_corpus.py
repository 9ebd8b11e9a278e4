"""The shared corpus of real proposals, scored by the shared scorer (skipped without ../shared)."""
from __future__ import annotations

import re
import subprocess
import sys

import pytest

from conftest import CORPUS, SHARED, run_cli

pytestmark = [pytest.mark.corpus,
              pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not beside the checkout")]


@pytest.fixture(scope="module")
def scored(corpus_run):
    out, proc = corpus_run
    assert proc.returncode == 3, proc.stderr  # the corpus has unreadable bad_* inputs on purpose
    score = subprocess.run([sys.executable, str(SHARED / "tools" / "score.py"), str(CORPUS), str(out)],
                           capture_output=True, text=True, check=True)
    return out, score.stdout.strip().splitlines()


def test_no_document_missing_and_bad_inputs_classified(scored):
    _, lines = scored
    last = lines[-1]
    assert "missing docs 0" in last
    assert re.search(r"bad inputs (\d+)/\1 ", last), last


def test_every_cell_read_exactly(scored):
    _, lines = scored
    m = re.search(r"cells (\d+)/(\d+)", lines[-1])
    assert m and m.group(1) == m.group(2), "\n".join(lines)


def test_table_findings_exact(scored):
    _, lines = scored
    m = re.search(r"table findings recall (\d+)/(\d+) precision (\d+)/(\d+)", lines[-1])
    assert m and m.group(1) == m.group(2) and m.group(3) == m.group(4), "\n".join(lines)
    assert not [l for l in lines if l.startswith(("missed finding", "spurious finding")) and "narrative" not in l]


def _truths():
    import json
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(CORPUS.glob("*.truth.json"))]


def test_proposals_and_table_headers_match_the_truth(scored):
    import json
    out, _ = scored
    for truth in _truths():
        if truth.get("expect_error"):
            continue
        result = json.loads((out / "docs" / truth["file"] / "result.json").read_text(encoding="utf-8"))
        assert [(p["title"], p["first_page"], p["last_page"]) for p in result["proposals"]] == \
            [(p["title"], p["first_page"], p["last_page"]) for p in truth["proposals"]], truth["file"]
        assert [(t["id"], t["proposal"], t["page"], t["title"], t["unit"], t["price_base"], t["columns"])
                for t in result["tables"]] == \
            [(t["id"], t["proposal"], t["page"], t["title"], t["unit"], t["price_base"], t["columns"])
             for t in truth["tables"]], truth["file"]
        for got, want in zip(result["tables"], truth["tables"]):
            assert [(r["label"], r["category"], r["role"], r["values"]) for r in got["rows"]] == \
                [(r["label"], r["category"], r["role"], r["values"]) for r in want["rows"]], (truth["file"], got["id"])
            assert got["second_reader"].get("disagreements", []) == []


def test_rerun_is_byte_identical(scored, tmp_path):
    out, _ = scored
    again = tmp_path / "again"
    run_cli("run", CORPUS, "--out", again, "--jobs", "1", "--no-reports", "--no-validate")
    for name in ("documents.csv", "cells.csv", "findings.csv"):
        assert (again / name).read_bytes() == (out / name).read_bytes(), name
