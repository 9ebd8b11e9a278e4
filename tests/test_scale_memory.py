"""The run's own process does not grow with the number of documents: each result goes to
disk as it comes (`run.spool`), the contract files are written one document at a time, and
what grows with the batch (validation, workbook, Parquet) runs in a child that gives its
memory back.  Measured as the peak resident memory (VmHWM) of a fresh `pipeline run`
process — reset by exec, so the test process's own memory does not count, and independent
of the clock — over 30 and over 300 small proposals, every default but the second reader."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import build
from pdfgen.samples import SAMPLES

ROOT = Path(__file__).resolve().parent.parent
PROBE = """
import json, sys
from pipeline.cli import main
code = main(["run", sys.argv[1], "--out", sys.argv[2], "-q", "--no-second-reader", "--jobs", "2"])
peak = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(json.dumps({"exit": code, "peak_kb": peak}))
"""
# what 270 more documents may add to the run's peak: measured 1-2 MB (38-40 MB at 30, 39-41 MB at 300);
# with the results held by the batch, as before the spool, 19 MB (41 MB at 30, 60 MB at 300)
GROWTH_MB = 8


def _peak(folder: Path, out: Path) -> dict:
    proc = subprocess.run([sys.executable, "-c", PROBE, str(folder), str(out)], capture_output=True, text=True,
                          cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT / "tools")), timeout=1800)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


@pytest.mark.slow
def test_the_runs_own_peak_does_not_grow_with_the_documents(tmp_path):
    built = tmp_path / "built"
    for name, doc in SAMPLES.items():
        build(doc, built / name)
    peaks = {}
    for count in (30, 300):
        folder = tmp_path / f"in{count}"
        folder.mkdir()
        for i in range(count // len(SAMPLES)):
            for name in SAMPLES:
                os.link(built / name, folder / f"{i:03d}_{name}")
        found = _peak(folder, tmp_path / f"out{count}")
        assert found["exit"] == 1  # the samples hold a finding: every document was read, validated, reported
        rows = (tmp_path / f"out{count}" / "documents.csv").read_text(encoding="utf-8").splitlines()
        assert len(rows) == count + 1
        peaks[count] = found["peak_kb"] / 1024
    assert peaks[300] - peaks[30] < GROWTH_MB, peaks
