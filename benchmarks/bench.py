"""Pages per second per core and peak memory: our reader beside the PDFium floor and two
other table readers, on the same pages, from one run.

    python benchmarks/bench.py [--sets corpus,real,long,dense,booklet,structure] [--readers ...]
                               [--no-dask] [--no-readme]
    make bench

Sets: `corpus` (../shared/corpus, bad inputs left out), `real` (../shared/real), `long` (a
generated 1,000-page PDF, `pdfgen.bigdoc`), `dense` (pages of 30-60-row tables with 6-12
columns of figures, ruled as a grid and unruled, `pdfgen.dense`, generated into a temporary
folder); a set whose folder is missing is skipped. The readers run on each of them (on
`dense` by default only the floor, ours, camelot stream and pdfplumber: `DENSE_READERS`).

Two more measurements are not sets of readers:

* `booklet`: the booklet of `pdfgen.bigdoc` at 100 and at 1,000 pages, each through
  `pipeline run` with every default (camelot cross-check, validation, reports, `--timeout`
  and `--jobs` as they are): CPU and wall time per page of each and the ratio of the
  1,000-page booklet's per-page time to the 100-page one's, the exit code and each document's
  status, the peak resident memory of the largest process, and the peak of the whole run
  (the sum over the run's processes, sampled every `SAMPLE_S` seconds; PSS, so pages the
  workers share with the process they were forked from count once). A booklet the defaults
  cut off (`timeout`: the limit is wall-clock, so a loaded machine reaches it sooner) is run
  again with `--timeout 3600` for its time per page; both runs are reported.
* `scale`: 200 and 2,000 small proposals (the five samples of `pdfgen.samples`, linked
  over and over) through `pipeline run` with every default, run inside the measuring child
  (`pipeline.cli.main`), which then reads its own peak resident memory (VmHWM in
  /proc/self/status: the run's own process, not its workers, and reset by exec, unlike
  `ru_maxrss`): the ratio of the peak at 2,000 to the peak at 200, and the CPU and wall time.
* `structure`: below the PDF layer, tables built as rows (`tests/handmade.py`) of
  20/40/80/160 rows × 6/12 columns, grouped (sections, subtotals, a grand total) and flat
  (items and one total), through the values stage (`values.type_table`) and the structure
  stage (`structure.infer`): CPU seconds per table of each, so that the growth with the
  number of cells shows.

Each reader runs once per set in a fresh process; the figures are the CPU time of the
work (user + system, the process's and its children's, imports and interpreter start-up
left out except for `pipeline run`, where the whole command counts) and the peak resident
memory of the process (for `pipeline run`, of its largest worker or child).  Readers:

* `pdfium-floor`     PDFium (pypdfium2): open every page and take every character with its box — the floor
* `reader-pdfium`    our reader on PDFium: words and rules → tables → rows → values → checks (no second reader)
* `reader-pdfplumber` the same on pdfplumber (`--reader pdfplumber`)
* `pipeline-run`     `pipeline run` with its defaults (camelot cross-check, validation, HTML/Excel/Parquet)
                     but `--timeout 3600`
* `pdfplumber-tables` pdfplumber `page.extract_tables()` with its defaults
* `camelot-lattice`  `camelot.read_pdf(flavor="lattice")` with its defaults
* `camelot-stream`   `camelot.read_pdf(flavor="stream")` with its defaults (by default on `dense` only)

Then (unless `--no-dask`) Dask: 100 documents (the samples, 20 copies each) through
`pipeline run --dask local` with one worker and with two, wall time.

Results go to extracted/bench.json and, between the markers in README.md, to its speed
table (unless `--no-readme`).
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import scale  # benchmarks/scale.py: the `scale` set

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
READERS = ["pdfium-floor", "reader-pdfium", "reader-pdfplumber", "pipeline-run", "pdfplumber-tables", "camelot-lattice",
           "camelot-stream"]
DEFAULT_READERS = READERS[:6]  # on corpus, real and long
DENSE_READERS = ["pdfium-floor", "reader-pdfium", "camelot-stream", "pdfplumber-tables"]
LABELS = {
    "pdfium-floor": "PDFium floor: every character with its box",
    "reader-pdfium": "our reader on PDFium (no second reader)",
    "reader-pdfplumber": "our reader on pdfplumber (no second reader)",
    "pipeline-run": "`pipeline run`, defaults (camelot cross-check, validation, reports)",
    "pdfplumber-tables": "pdfplumber `extract_tables()`",
    "camelot-lattice": "camelot lattice, defaults",
    "camelot-stream": "camelot stream, defaults",
}
SETS = ["corpus", "real", "long", "dense", "booklet", "scale", "structure"]
LONG_PAGES = 1000
DENSE_DOCUMENTS, DENSE_TABLES = 8, 6  # 8 documents of 6 tables: about 40 pages, half of them ruled
BOOKLET_PAGES = (100, 1000)
SAMPLE_S = 0.2  # how often the whole run's memory is sampled
STRUCTURE_ROWS, STRUCTURE_COLUMNS = (20, 40, 80, 160), (6, 12)
STRUCTURE_MIN_S = 0.5  # each table shape is repeated until it has taken this much CPU (at least once)
DASK_COPIES = 20  # × 5 samples = 100 documents
README_START, README_END = "<!-- bench:start -->", "<!-- bench:end -->"


def _cpu(who=resource.RUSAGE_SELF) -> float:
    r = resource.getrusage(who)
    return r.ru_utime + r.ru_stime


def _pages(path: Path) -> int:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(path))
    try:
        return len(doc)
    finally:
        doc.close()


# ---------------------------------------------------------------- inside a child process
def _child(reader: str, files: list[Path]) -> dict:
    import warnings

    warnings.simplefilter("ignore")
    pages = sum(_pages(f) for f in files)
    tables = 0
    if reader == "pipeline-run":
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "in"
            folder.mkdir()
            for i, f in enumerate(files):  # linked or copied in: a symlink out of the input folder is not followed
                target = folder / f"{i:03d}_{f.name}"
                try:
                    os.link(f.resolve(), target)
                except OSError:
                    shutil.copyfile(f, target)
            exe = Path(sys.executable).with_name("pipeline")
            started = _cpu(resource.RUSAGE_CHILDREN)
            # the defaults, but for the time limit: a 1,000-page document may take longer than 120 s
            proc = subprocess.run([str(exe), "run", str(folder), "--out", str(Path(tmp) / "out"), "-q",
                                   "--timeout", "3600"],
                                  capture_output=True, text=True, cwd=ROOT)
            cpu = _cpu(resource.RUSAGE_CHILDREN) - started
            if proc.returncode not in (0, 1, 3, 5):
                raise RuntimeError(proc.stderr)
            with (Path(tmp) / "out" / "documents.csv").open(encoding="utf-8") as f:
                import csv

                documents = list(csv.DictReader(f))
            refused = [d["document"] for d in documents if d["error"] in ("not-a-file", "internal", "timeout")]
            if refused:
                raise RuntimeError(f"pipeline run did not read {refused}: the measurement would be wrong")
            tables = sum(int(d["tables"] or 0) for d in documents)
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        return {"reader": reader, "pages": pages, "cpu": cpu, "tables": tables, "peak_mb": peak}
    if reader.startswith("reader-"):
        from pipeline.process import process_document
    elif reader == "pdfplumber-tables":
        import pdfplumber
    elif reader.startswith("camelot-"):
        import camelot
    else:
        import pypdfium2 as pdfium
    started = _cpu()
    for path in files:
        if reader.startswith("reader-"):
            result = process_document(path, path.name, second_reader=False, reader=reader.split("-", 1)[1])
            tables += len(result.tables)
        elif reader == "pdfplumber-tables":
            with pdfplumber.open(path) as pdf:
                for page in pdf.pages:
                    tables += len(page.extract_tables())
                    page.close()
        elif reader.startswith("camelot-"):
            flavor = reader.split("-", 1)[1]
            tables += len(camelot.read_pdf(str(path), pages="all", flavor=flavor, suppress_stdout=True))
        else:
            doc = pdfium.PdfDocument(str(path))
            for i in range(len(doc)):
                page = doc[i]
                text = page.get_textpage()
                for k in range(text.count_chars()):
                    text.get_charbox(k)
                text.close()
                page.close()
            doc.close()
    cpu = _cpu() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"reader": reader, "pages": pages, "cpu": cpu, "tables": tables, "peak_mb": peak}


def _tree_memory(pid: int) -> tuple[float, float]:
    """(sum of PSS, largest RSS) in MB over a process and its descendants, as they are now."""
    import psutil

    try:
        root = psutil.Process(pid)
        procs = [root, *root.children(recursive=True)]
    except psutil.Error:
        return 0.0, 0.0
    pss, rss = 0, 0
    for p in procs:
        try:
            info = p.memory_full_info()
        except psutil.Error:  # ended meanwhile
            continue
        pss += info.pss
        rss = max(rss, info.rss)
    return pss / 2**20, rss / 2**20


def _booklet_child(path: Path, extra: list[str]) -> dict:
    """`pipeline run` over one booklet with every default (but `extra`); CPU and wall, exit code, memory."""
    import csv
    import threading

    pages = _pages(path)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        try:
            os.link(path, folder / path.name)
        except OSError:
            shutil.copyfile(path, folder / path.name)
        exe = Path(sys.executable).with_name("pipeline")
        started_cpu, started = _cpu(resource.RUSAGE_CHILDREN), time.perf_counter()
        proc = subprocess.Popen([str(exe), "run", str(folder), "--out", str(Path(tmp) / "out"), "-q", *extra],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
        peak_pss = 0.0
        done = threading.Event()

        def sample() -> None:
            nonlocal peak_pss
            while not done.wait(SAMPLE_S):
                peak_pss = max(peak_pss, _tree_memory(proc.pid)[0])

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        out, err = proc.communicate()
        done.set()
        sampler.join()
        wall = time.perf_counter() - started
        cpu = _cpu(resource.RUSAGE_CHILDREN) - started_cpu
        documents_csv = Path(tmp) / "out" / "documents.csv"
        documents = list(csv.DictReader(documents_csv.open(encoding="utf-8"))) if documents_csv.exists() else []
    return {"pages": pages, "options": extra, "cpu": cpu, "wall": wall, "exit": proc.returncode,
            "peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, "peak_run_pss_mb": peak_pss,
            "documents": [{k: d[k] for k in ("status", "error", "tables", "findings", "checks")} for d in documents],
            "stderr": err[-500:] if proc.returncode not in (0, 1) else ""}


def measure(reader: str, files: list[Path]) -> dict:
    proc = subprocess.run([sys.executable, __file__, "--child", reader, *map(str, files)],
                          capture_output=True, text=True, cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT / "tools")))
    if proc.returncode:
        raise RuntimeError(f"{reader}: {proc.stderr[-2000:]}")
    row = json.loads(proc.stdout.strip().splitlines()[-1])
    row["pages_per_cpu_second"] = row["pages"] / row["cpu"] if row["cpu"] else 0.0
    return row


# ---------------------------------------------------------------- sets
def sets(names: list[str], scratch: Path) -> dict[str, list[Path]]:
    found: dict[str, list[Path]] = {}
    for name in names:
        if name in ("corpus", "real"):
            folder = SHARED / name
            if folder.is_dir():
                found[name] = sorted(p for p in folder.iterdir() if p.suffix.lower() == ".pdf"
                                     and not p.name.startswith("bad_") and p.stat().st_size)
        elif name == "long":
            sys.path.insert(0, str(ROOT / "tools"))
            from pdfgen.bigdoc import build_long_pdf

            found[name] = [build_long_pdf(scratch / f"long-{LONG_PAGES}.pdf", LONG_PAGES)]
        elif name == "dense":
            sys.path.insert(0, str(ROOT / "tools"))
            from pdfgen.dense import generate

            generate(scratch / "dense", seed=1, count=DENSE_DOCUMENTS, tables=DENSE_TABLES)
            found[name] = sorted((scratch / "dense").glob("*.pdf"))
    return found


def dask_scaling(scratch: Path) -> dict:
    """100 documents through `pipeline run --dask local` with one worker, then two."""
    sys.path.insert(0, str(ROOT / "tools"))
    from pdfgen.samples import SAMPLES
    from pdfgen.synth import build_pdf

    folder = scratch / "hundred"
    folder.mkdir(exist_ok=True)
    for name, doc in SAMPLES.items():
        build_pdf(doc, scratch / name)
        for copy in range(DASK_COPIES):
            shutil.copyfile(scratch / name, folder / f"{copy:02d}_{name}")
    exe = Path(sys.executable).with_name("pipeline")
    walls = {}
    for workers in (1, 2):
        started = time.perf_counter()
        proc = subprocess.run([str(exe), "run", str(folder), "--out", str(scratch / f"dask{workers}"), "--dask", "local",
                               "--jobs", str(workers), "--no-validate", "--no-reports", "-q"],
                              capture_output=True, text=True, cwd=ROOT)
        walls[workers] = time.perf_counter() - started
        if proc.returncode not in (0, 1, 3):
            raise RuntimeError(proc.stderr[-2000:])
    same = all((scratch / "dask1" / n).read_bytes() == (scratch / "dask2" / n).read_bytes()
               for n in ("documents.csv", "cells.csv", "checks.csv", "findings.csv"))
    return {"documents": len(list(folder.iterdir())), "wall_1": walls[1], "wall_2": walls[2],
            "speedup": walls[1] / walls[2], "same_files": same}


# ---------------------------------------------------------------- report
def table(results: dict[str, list[dict]]) -> str:
    names = list(results)
    head = "| reader | " + " | ".join(f"{n}: pages/s per core | {n}: peak MB" for n in names) + " |"
    rule = "|---|" + "---|---|" * len(names)
    lines = [head, rule]
    for reader in READERS:
        cells = []
        for n in names:
            row = next((r for r in results[n] if r["reader"] == reader), None)
            cells += ["–", "–"] if row is None else [f"{row['pages_per_cpu_second']:.1f}", f"{row['peak_mb']:.0f}"]
        if set(cells) == {"–"}:
            continue  # not measured on any set
        lines.append(f"| {LABELS[reader]} | " + " | ".join(cells) + " |")
    pages = ", ".join(f"{n} {results[n][0]['pages']} pages" for n in names if results[n])
    return "\n".join(lines) + f"\n\nPages: {pages}."


def refresh_readme(text: str) -> bool:
    readme = ROOT / "README.md"
    content = readme.read_text(encoding="utf-8")
    if README_START not in content or README_END not in content:
        return False
    before, rest = content.split(README_START, 1)
    _, after = rest.split(README_END, 1)
    readme.write_text(before + README_START + "\n" + text + "\n" + README_END + after, encoding="utf-8")
    return True


def booklet(scratch: Path) -> list[dict]:
    """The booklet at each of `BOOKLET_PAGES` through `pipeline run` with every default, in turn.
    A booklet cut off by the default `--timeout` is run again with `--timeout 3600`, so that its
    time per page is known as well as that the defaults do not read it."""
    sys.path.insert(0, str(ROOT / "tools"))
    from pdfgen.bigdoc import build_long_pdf

    rows = []
    for pages in BOOKLET_PAGES:
        path = build_long_pdf(scratch / "booklet" / f"booklet-{pages}.pdf", pages)
        for extra in ([], ["--timeout", "3600"]):
            proc = subprocess.run([sys.executable, __file__, "--child", "booklet-run", str(path), *extra],
                                  capture_output=True, text=True, cwd=ROOT,
                                  env=dict(os.environ, PYTHONPATH=str(ROOT / "tools")))
            if proc.returncode:
                raise RuntimeError(f"booklet {pages}: {proc.stderr[-2000:]}")
            row = json.loads(proc.stdout.strip().splitlines()[-1])
            row["cpu_per_page"] = row["cpu"] / row["pages"]
            row["wall_per_page"] = row["wall"] / row["pages"]
            rows.append(row)
            print(f"booklet {row['pages']:>5} pages {' '.join(extra) or 'defaults':<14} {row['cpu']:>8.2f} s CPU "
                  f"({1000 * row['cpu_per_page']:.1f} ms/page) {row['wall']:>7.1f} s wall, exit {row['exit']}, "
                  f"{row['peak_mb']:.0f} MB largest process, {row['peak_run_pss_mb']:.0f} MB whole run (PSS), "
                  f"documents {_statuses(row)}", flush=True)
            if not any(d["error"] == "timeout" for d in row["documents"]):
                break
    return rows


def _statuses(row: dict) -> str:
    return ", ".join(f"{d['status']}{'/' + d['error'] if d['error'] else ''} ({d['findings'] or 0} findings)"
                     for d in row["documents"]) or "none written"


# ---------------------------------------------------------------- structure inference, below the PDF layer
def _structure_lines(rows: int, columns: int, shape: str, rng) -> list:
    """`rows` printed rows whose totals add up: grouped (a section row, items, `I alt <group>`
    per group of about eight, then `I alt`) or flat (items, then `I alt`)."""
    from handmade import Line

    names = [f"Område {k + 1}" for k in range(rows)]
    lines, group_totals = [], []

    def figures(values: list[int]) -> list[str | int | None]:
        return [f"{v:,}".replace(",", ".") for v in values]

    items = rows - 1
    groups = max(1, round(items / 10)) if shape == "grouped" else 1
    if shape == "grouped":
        items -= 2 * groups
    sizes = [items // groups + (1 if g < items % groups else 0) for g in range(groups)]
    n = 0
    for g, size in enumerate(sizes):
        if shape == "grouped":
            lines.append(Line(f"Udvalg {g + 1}", []))
        sums = [0] * columns
        for _ in range(size):
            values = [rng.randint(100, 9999) for _ in range(columns)]
            sums = [a + b for a, b in zip(sums, values, strict=True)]
            lines.append(Line(names[n], figures(values)))
            n += 1
        if shape == "grouped":
            lines.append(Line(f"I alt udvalg {g + 1}", figures(sums), "total"))
        group_totals.append(sums)
    grand = [sum(col) for col in zip(*group_totals, strict=True)]
    lines.append(Line("I alt", figures(grand), "total"))
    assert len(lines) == rows, (len(lines), rows)
    return lines


def _structure_child() -> list[dict]:
    import random

    sys.path.insert(0, str(ROOT / "tests"))
    from handmade import raw_table

    from pipeline.checks import structure
    from pipeline.tables import values

    out = []
    for shape in ("grouped", "flat"):
        for columns in STRUCTURE_COLUMNS:
            for rows in STRUCTURE_ROWS:
                rng = random.Random(f"bench.structure:{shape}:{rows}:{columns}")
                names = [str(2015 + k) for k in range(columns)]
                raw = raw_table(_structure_lines(rows, columns, shape, rng), names)
                values_s = structure_s = 0.0
                reps = 0
                relations = 0
                while reps == 0 or values_s + structure_s < STRUCTURE_MIN_S:
                    started = time.process_time()
                    table = values.type_table(raw, "p1-t1")
                    typed = time.process_time()
                    found = structure.infer([table])
                    values_s += typed - started
                    structure_s += time.process_time() - typed
                    relations = len(found.relations)
                    reps += 1
                out.append({"shape": shape, "rows": rows, "columns": columns, "cells": rows * columns, "reps": reps,
                            "values_s": values_s / reps, "structure_s": structure_s / reps, "relations": relations})
    return out


def structure_bench() -> list[dict]:
    proc = subprocess.run([sys.executable, __file__, "--child", "structure"], capture_output=True, text=True, cwd=ROOT)
    if proc.returncode:
        raise RuntimeError(f"structure: {proc.stderr[-2000:]}")
    rows = json.loads(proc.stdout.strip().splitlines()[-1])
    for r in rows:
        print(f"structure {r['shape']:<7} {r['rows']:>4} rows × {r['columns']:>2} columns: values {1000 * r['values_s']:8.2f} ms, "
              f"structure {1000 * r['structure_s']:9.2f} ms per table ({r['reps']} runs, {r['relations']} relations)",
              flush=True)
    return rows


def main(argv: list[str]) -> int:
    if argv[:2] == ["--child", "booklet-run"]:
        print(json.dumps(_booklet_child(Path(argv[2]), argv[3:])))
        return 0
    if argv[:2] == ["--child", "structure"]:
        print(json.dumps(_structure_child()))
        return 0
    if argv[:1] == ["--child"]:
        print(json.dumps(_child(argv[1], [Path(a) for a in argv[2:]])))
        return 0
    parser = argparse.ArgumentParser(description="Pages per second per core and peak memory of each reader.")
    parser.add_argument("--sets", default=",".join(SETS), help=f"of {', '.join(SETS)} (default: all)")
    parser.add_argument("--readers", default=None,
                        help=f"of {', '.join(READERS)} (default: the first six; on dense {', '.join(DENSE_READERS)})")
    parser.add_argument("--no-dask", dest="dask", action="store_false")
    parser.add_argument("--no-readme", dest="readme", action="store_false")
    parser.add_argument("--from-json", type=Path, help="no measuring: the table from an earlier run's bench.json")
    args = parser.parse_args(argv)
    if args.from_json:
        saved = json.loads(args.from_json.read_text())
        text = report(saved["results"], saved.get("dask"), saved.get("booklet"), saved.get("structure"),
                      saved.get("scale"))
        print(text)
        if args.readme and refresh_readme(text):
            print("README.md speed table refreshed")
        return 0
    readers = None if args.readers is None else [r for r in args.readers.split(",") if r]
    unknown = set(readers or []) - set(READERS)
    if unknown:
        parser.error(f"unknown readers: {', '.join(sorted(unknown))}")
    wanted = [n for n in args.sets.split(",") if n]
    if set(wanted) - set(SETS):
        parser.error(f"unknown sets: {', '.join(sorted(set(wanted) - set(SETS)))}")
    results: dict[str, list[dict]] = {}
    booklet_rows = structure_rows = scale_rows = None
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        scratch = Path(tmp)
        for name, files in sets([n for n in wanted if n not in ("booklet", "scale", "structure")], scratch).items():
            results[name] = []
            for reader in readers or (DENSE_READERS if name == "dense" else DEFAULT_READERS):
                row = measure(reader, files)
                results[name].append(row)
                print(f"{name:<7} {reader:<18} {row['pages']:>5} pages {row['cpu']:>8.2f} s CPU "
                      f"{row['pages_per_cpu_second']:>7.1f} pages/s per core {row['peak_mb']:>6.0f} MB peak "
                      f"{row['tables']:>5} tables", flush=True)
        if "booklet" in wanted:
            booklet_rows = booklet(scratch)
        if "scale" in wanted:
            scale_rows = scale.scale(scratch)
        if "structure" in wanted:
            structure_rows = structure_bench()
        scaling = dask_scaling(scratch) if args.dask else None
    text = report(results, scaling, booklet_rows, structure_rows, scale_rows)
    print()
    print(text)
    out = ROOT / "extracted" / "bench.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps({"results": results, "dask": scaling, "booklet": booklet_rows,
                               "structure": structure_rows, "scale": scale_rows}, indent=1) + "\n")
    print(f"\nwritten to {out.relative_to(ROOT)}")
    if args.readme and refresh_readme(text):
        print("README.md speed table refreshed")
    return 0


def report(results: dict[str, list[dict]], scaling: dict | None, booklet_rows: list[dict] | None = None,
           structure_rows: list[dict] | None = None, scale_rows: list[dict] | None = None) -> str:
    text = table(results) if results else ""
    for name, rows in results.items():
        by = {r["reader"]: r for r in rows}
        if "pipeline-run" in by and "camelot-lattice" in by and by["pipeline-run"]["cpu"]:
            ratio = by["camelot-lattice"]["cpu"] / by["pipeline-run"]["cpu"]
            text += f"\n{name}: camelot lattice takes {ratio:.1f}× the CPU of `pipeline run`."
        ours = by.get("reader-pdfium")
        if ours and ours["cpu"]:
            for other in ("camelot-stream", "pdfplumber-tables"):
                if other in by and name == "dense":
                    text += (f"\n{name}: {LABELS[other]} takes {by[other]['cpu'] / ours['cpu']:.2f}× the CPU of "
                             f"our reader on PDFium.")
            if "pdfium-floor" in by and name == "dense" and by["pdfium-floor"]["cpu"]:
                text += f"\n{name}: our reader on PDFium takes {ours['cpu'] / by['pdfium-floor']['cpu']:.1f}× the floor's CPU."
    if booklet_rows:
        text += "\n\n" + booklet_text(booklet_rows)
    if scale_rows:
        text += "\n\n" + scale.scale_text(scale_rows)
    if structure_rows:
        text += "\n\n" + structure_text(structure_rows)
    if scaling:
        text += (f"\n\nDask, `pipeline run --dask local`, {scaling['documents']} documents: one worker "
                 f"{scaling['wall_1']:.1f} s, two workers {scaling['wall_2']:.1f} s ({scaling['speedup']:.2f}×), "
                 f"contract files {'identical' if scaling['same_files'] else 'DIFFERENT'}.")
    return text.lstrip("\n")


def booklet_text(rows: list[dict]) -> str:
    lines = ["| booklet, `pipeline run` with every default | CPU s | ms CPU per page | wall s | exit | documents "
             "| largest process MB | whole run MB (PSS) |", "|---|---|---|---|---|---|---|---|"]
    for r in rows:
        options = f", {' '.join(r.get('options') or [])}" if r.get("options") else ""
        lines.append(f"| {r['pages']} pages{options} | {r['cpu']:.1f} | {1000 * r['cpu_per_page']:.1f} | {r['wall']:.1f} | "
                     f"{r['exit']} | {_statuses(r)} | {r['peak_mb']:.0f} | {r['peak_run_pss_mb']:.0f} |")
    text = "\n".join(lines)
    read = [r for r in rows if not any(d["error"] for d in r["documents"])]  # the runs that read the whole booklet
    if len({r["pages"] for r in read}) >= 2:
        small, large = read[0], read[-1]
        how = "" if not (small.get("options") or large.get("options")) else \
            f" (the {large['pages']}-page run with {' '.join(large['options'])})" if large.get("options") else \
            f" (the {small['pages']}-page run with {' '.join(small['options'])})"
        text += (f"\n\nBooklet: CPU per page at {large['pages']} pages is {large['cpu_per_page'] / small['cpu_per_page']:.2f}× "
                 f"that at {small['pages']} pages (wall per page {large['wall_per_page'] / small['wall_per_page']:.2f}×){how}.")
    cut = [r for r in rows if any(d["error"] for d in r["documents"])]
    for r in cut:
        text += (f"\nThe {r['pages']}-page booklet was not read with {' '.join(r.get('options') or []) or 'the defaults'}: "
                 f"{_statuses(r)}, exit {r['exit']}.")
    return text


def structure_text(rows: list[dict]) -> str:
    """Seconds per table by rows × columns, for each shape, and the growth from one size to the next."""
    lines = ["| structure inference (values + structure stages) | " +
             " | ".join(f"{r} rows" for r in STRUCTURE_ROWS) + " |", "|---|" + "---|" * len(STRUCTURE_ROWS)]
    for shape in ("grouped", "flat"):
        for columns in STRUCTURE_COLUMNS:
            row = [r for r in rows if r["shape"] == shape and r["columns"] == columns]
            row.sort(key=lambda r: r["rows"])
            cells = []
            for k, r in enumerate(row):
                seconds = r["values_s"] + r["structure_s"]
                grew = "" if k == 0 else f" ({seconds / (row[k - 1]['values_s'] + row[k - 1]['structure_s']):.1f}×)"
                cells.append(f"{1000 * seconds:.1f} ms{grew}")
            lines.append(f"| {shape}, {columns} columns: ms per table (× the time at half the rows) | " + " | ".join(cells) + " |")
    return "\n".join(lines) + ("\n\nEach doubling of the rows doubles the cells: linear cost is 2.0× a step.")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
