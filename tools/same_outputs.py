"""Do two versions of the code write the same contract files? A check for changes that
promise "behaviour unchanged" (a restructuring, a speed-up).

    python tools/same_outputs.py [--ref REV] [--sets raw,corpus,real,generated] [--keep DIR]

Checks out REV (default: HEAD) into a temporary git worktree, then runs `pipeline run`
with every default that shapes the contract files (second reader on; reports and
validation off, as they write nothing in the four files) once with REV's code and once
with the working tree's, over each set:

* `raw`        the sample proposals shipped in raw/
* `corpus`     ../shared/corpus (skipped when absent)
* `real`       ../shared/real (skipped when absent)
* `generated`  two documents of every recipe of `tools/pdfgen/realistic` (both producers)
               and one booklet, made here with the working tree's generator

Prints the SHA-256 of documents.csv, cells.csv, checks.csv and findings.csv for each set
and each side, and exits 1 when any file differs (0 when all are byte-identical). Both
sides run with the same Python (this one) and the same installed libraries; only the
`pipeline` package differs, put first on PYTHONPATH.
"""
from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CONTRACT = ("documents.csv", "cells.csv", "checks.csv", "findings.csv")
SETS = ("raw", "corpus", "real", "generated")


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16] if path.is_file() else "(missing)"


def _generated(folder: Path) -> Path:
    sys.path.insert(0, str(ROOT / "tools"))
    from pdfgen import realistic

    count = 2 * len(realistic.RECIPES)  # every recipe from both producers
    realistic.generate(folder, seed=7, count=count, booklet_mode=False, proposals=0, error_rate=None)
    realistic.generate(folder, seed=7, count=1, booklet_mode=True, proposals=12, error_rate=None)
    return folder


def _run(code: Path, source: Path, out: Path) -> int:
    env = dict(os.environ, PYTHONPATH=str(code) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    proc = subprocess.run([sys.executable, "-m", "pipeline", "run", str(source), "--out", str(out),
                           "--no-reports", "--no-validate", "-q"], env=env, cwd=code,
                          capture_output=True, text=True)
    if proc.returncode not in (0, 1, 3):
        print(proc.stderr, file=sys.stderr)
    return proc.returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ref", default="HEAD", help="the version to compare with (default: HEAD)")
    parser.add_argument("--sets", default=",".join(SETS), help="comma-separated, of " + ", ".join(SETS))
    parser.add_argument("--keep", type=Path, help="keep the runs' output folders here")
    args = parser.parse_args(argv)
    wanted = [s for s in args.sets.split(",") if s]
    unknown = set(wanted) - set(SETS)
    if unknown:
        parser.error("unknown set(s): " + ", ".join(sorted(unknown)))
    work = Path(tempfile.mkdtemp(prefix="same-outputs-"))
    ref = work / "ref"
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(ref), args.ref], check=True)
    differ = False
    try:
        sources = {"raw": ROOT / "raw", "corpus": SHARED / "corpus", "real": SHARED / "real"}
        if "generated" in wanted:
            sources["generated"] = _generated(work / "generated")
        print(f"{'set':<10} {'file':<14} {args.ref[:12]:<17} {'working tree':<17}")
        for name in wanted:
            source = sources[name]
            if not source.is_dir():
                print(f"{name:<10} skipped: {source} is not there")
                continue
            sides = (("ref", ref), ("new", ROOT))
            codes = {side: _run(code, source, work / f"out-{side}" / name) for side, code in sides}
            if codes["ref"] != codes["new"]:
                differ = True
                print(f"{name:<10} exit codes differ: {codes['ref']} vs {codes['new']}")
            for file in CONTRACT:
                a, b = _digest(work / "out-ref" / name / file), _digest(work / "out-new" / name / file)
                differ |= a != b
                print(f"{name:<10} {file:<14} {a:<17} {b:<17} {'same' if a == b else 'DIFFERENT'}")
        if args.keep:
            shutil.copytree(work, args.keep, dirs_exist_ok=True, ignore=shutil.ignore_patterns("ref"))
    finally:
        subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(ref)], check=False)
        shutil.rmtree(work, ignore_errors=True)
    print("byte-identical" if not differ else "the contract files differ")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
