"""The `scale` set of `benchmarks/bench.py`: the run's own memory against the number of documents.

200 and 2,000 small proposals (the five samples of `pdfgen.samples`, linked over and over)
go through `pipeline run` with every default, run inside a child of this module
(`pipeline.cli.main`), which then reads its own peak resident memory: VmHWM in
/proc/self/status, the run's own process (not its workers, nor the child that validates and
writes the reports), reset by exec, unlike `ru_maxrss`.

    python benchmarks/scale.py FOLDER OUT     # one run; prints its figures as JSON
"""
from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCALE_DOCUMENTS = (200, 2000)


def _cpu(who=resource.RUSAGE_SELF) -> float:
    r = resource.getrusage(who)
    return r.ru_utime + r.ru_stime


def _own_peak_mb() -> float:
    """This process's own peak resident memory (VmHWM), in MB."""
    with open("/proc/self/status", encoding="ascii") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmHWM:")) / 1024


def _scale_child(folder: Path, out: Path) -> dict:
    """`pipeline run` over `folder` with every default, in this process; its own peak."""
    from pipeline.cli import main as pipeline_main

    started_cpu, started = _cpu() + _cpu(resource.RUSAGE_CHILDREN), time.perf_counter()
    code = pipeline_main(["run", str(folder), "--out", str(out), "-q"])
    return {"documents": len(list(folder.iterdir())), "exit": code, "wall": time.perf_counter() - started,
            "cpu": _cpu() + _cpu(resource.RUSAGE_CHILDREN) - started_cpu, "main_peak_mb": _own_peak_mb()}


def scale(scratch: Path) -> list[dict]:
    """The run's own peak over 200 and 2,000 small proposals (every default)."""
    sys.path.insert(0, str(ROOT / "tools"))
    from pdfgen.samples import SAMPLES
    from pdfgen.synth import build_pdf

    built = scratch / "scale-samples"
    built.mkdir(exist_ok=True)
    for name, doc in SAMPLES.items():
        build_pdf(doc, built / name)
    rows = []
    for count in SCALE_DOCUMENTS:
        folder = scratch / f"scale-{count}"
        folder.mkdir()
        for i in range(count // len(SAMPLES)):
            for name in SAMPLES:
                os.link(built / name, folder / f"{i:04d}_{name}")
        proc = subprocess.run([sys.executable, __file__, str(folder), str(scratch / f"out-{count}")],
                              capture_output=True, text=True, cwd=ROOT)
        if proc.returncode:
            raise RuntimeError(f"scale {count}: {proc.stderr[-2000:]}")
        row = json.loads(proc.stdout.strip().splitlines()[-1])
        rows.append(row)
        print(f"scale   {count:>5} documents: exit {row['exit']}, {row['cpu']:.1f} s CPU, {row['wall']:.1f} s wall, "
              f"the run's own peak {row['main_peak_mb']:.0f} MB", flush=True)
        shutil.rmtree(folder)
        shutil.rmtree(scratch / f"out-{count}")
    return rows


def scale_text(rows: list[dict]) -> str:
    lines = ["| small proposals, `pipeline run` with every default | CPU s | wall s | exit | the run's own peak MB |",
             "|---|---|---|---|---|"]
    for r in rows:
        lines.append(f"| {r['documents']} | {r['cpu']:.1f} | {r['wall']:.1f} | {r['exit']} | {r['main_peak_mb']:.0f} |")
    text = "\n".join(lines)
    if len(rows) >= 2 and rows[0]["main_peak_mb"]:
        text += (f"\n\nThe run's own peak at {rows[-1]['documents']} documents is "
                 f"{rows[-1]['main_peak_mb'] / rows[0]['main_peak_mb']:.2f}× its peak at {rows[0]['documents']} "
                 f"(VmHWM of the process that runs `pipeline.cli.main`; its workers and the child that validates "
                 f"and writes the reports are not counted).")
    return text


if __name__ == "__main__":
    print(json.dumps(_scale_child(Path(sys.argv[1]), Path(sys.argv[2]))))
