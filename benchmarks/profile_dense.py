"""Where our reader spends its time on dense tables: cProfile over a few generated pages.

    python benchmarks/profile_dense.py [--tables 4] [--ruling grid|none|both] [--top 40] [--structure]

Generates dense documents (`pdfgen.dense`, seed 1: document 0 is ruled as a grid, document 1
unruled) with `--tables` tables each (4 tables: 3-4 pages), reads each once outside the
profile (imports and first-call caches) and once under cProfile with our reader on PDFium
and no second reader (`process_document(..., second_reader=False)`, as `reader-pdfium` in
`bench.py`), then prints the functions sorted by cumulative time and by own time.
`--structure` profiles instead the structure microbenchmark's largest table (160 rows × 12
columns, grouped) through `values.type_table` and `structure.infer`.
"""
from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _stats(profile: cProfile.Profile, top: int) -> str:
    out = io.StringIO()
    stats = pstats.Stats(profile, stream=out)
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top)
    return out.getvalue().replace(str(ROOT) + "/", "")


def profile_reader(tables: int, ruling: str, top: int) -> str:
    sys.path.insert(0, str(ROOT / "tools"))
    from pdfgen.dense import make_dense
    from pdfgen.realistic import write
    from pipeline.process import process_document

    indexes = {"grid": [0], "none": [1], "both": [0, 1]}[ruling]
    report = []
    with tempfile.TemporaryDirectory(prefix="profile-dense-") as tmp:
        paths = []
        for index in indexes:
            gen, producer = make_dense(1, index, tables)
            data = write(gen, producer, Path(tmp), f"dense-{index}", {"generator": "pdfgen.dense", "seed": 1,
                                                                        "index": index})
            paths.append((Path(tmp) / f"dense-{index}.pdf", data["source"]["pages"]))
        for path, _ in paths:
            process_document(path, path.name, second_reader=False)  # warm: imports, caches
        profile = cProfile.Profile()
        started = time.process_time()
        profile.enable()
        for path, _ in paths:
            process_document(path, path.name, second_reader=False)
        profile.disable()
        cpu = time.process_time() - started
        pages = sum(p for _, p in paths)
        report.append(f"{len(paths)} document(s), {pages} pages, {cpu:.2f} s CPU under the profiler "
                      f"({pages / cpu:.1f} pages/s; the profiler itself slows it down)")
    report.append(_stats(profile, top))
    return "\n".join(report)


def profile_structure(top: int) -> str:
    sys.path.insert(0, str(ROOT / "tests"))
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from bench import _structure_lines
    from handmade import raw_table

    from pipeline.checks import structure
    from pipeline.tables import values

    raw = raw_table(_structure_lines(160, 12, "grouped", random.Random(1)), [str(2015 + k) for k in range(12)])
    structure.infer([values.type_table(raw, "p1-t1")])  # warm
    profile = cProfile.Profile()
    profile.enable()
    structure.infer([values.type_table(raw, "p1-t1")])
    profile.disable()
    return "160 rows × 12 columns, grouped\n" + _stats(profile, top)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tables", type=int, default=4, help="tables a document (default 4: 3-4 pages)")
    parser.add_argument("--ruling", choices=["grid", "none", "both"], default="both")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--structure", action="store_true", help="profile the structure microbenchmark instead")
    args = parser.parse_args(argv)
    print(profile_structure(args.top) if args.structure else profile_reader(args.tables, args.ruling, args.top))
    return 0


if __name__ == "__main__":
    sys.exit(main())
