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
def scored(tmp_path_factory):
    out = tmp_path_factory.mktemp("corpus_out")
    proc = run_cli("run", CORPUS, "--out", out)
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
