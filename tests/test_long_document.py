"""A 1,000-page PDF: read page by page in bounded memory, in time that grows with the pages
(linearly: the ratio of two runs of the same test).  How fast, in pages per second, is measured
by `make bench`, not asserted here: a timed test fails on a busy machine."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from pdfgen.bigdoc import build_long_pdf

# Measured 237 MB.  The peak is the child's own high-water mark (`VmHWM`): `ru_maxrss` survives
# `exec` on Linux and so counted the pytest worker that started the child (504 MB in one CI run).
PEAK_MB = 400  # per worker, for a 1,000-page PDF
LINEAR = 1.5  # 1,000 pages may take at most this many times 4 × the time of 250

MEASURE = """
import json, re, sys, time
from pathlib import Path
from pipeline.process import process_document
started = time.process_time()
result = process_document(Path(sys.argv[1]), "long.pdf", second_reader=False)
peak_kb = int(re.search(r"VmHWM:\\s*(\\d+)", Path("/proc/self/status").read_text())[1])
print(json.dumps({"cpu": time.process_time() - started, "pages": result.pages, "status": result.status,
                  "tables": len(result.tables), "peak_mb": peak_kb / 1024}))
"""


def _measure(path) -> dict:
    proc = subprocess.run([sys.executable, "-c", MEASURE, str(path)], capture_output=True, text=True, check=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


@pytest.mark.slow
def test_a_thousand_pages_in_bounded_memory_and_linear_time(tmp_path):
    short, long = build_long_pdf(tmp_path / "short.pdf", 250), build_long_pdf(tmp_path / "long.pdf", 1000)
    a, b = _measure(short), _measure(long)
    assert (a["pages"], b["pages"]) == (250, 1000)
    assert a["tables"] > 0 and abs(b["tables"] - 4 * a["tables"]) <= 0.01 * b["tables"] and b["status"] == "flagged"
    assert b["peak_mb"] < PEAK_MB, b
    assert b["cpu"] < LINEAR * 4 * a["cpu"], (a, b)
