"""Pages per second per core and peak memory: our reader beside the PDFium floor and two
other table readers, on the same pages, from one run.

    python benchmarks/bench.py [--sets corpus,real,long] [--readers ...] [--no-dask] [--no-readme]
    make bench

Sets: `corpus` (../shared/corpus, bad inputs left out), `real` (../shared/real), `long` (a
generated 1,000-page PDF, `pdfgen.bigdoc`); a set whose folder is missing is skipped.
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

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
READERS = ["pdfium-floor", "reader-pdfium", "reader-pdfplumber", "pipeline-run", "pdfplumber-tables", "camelot-lattice"]
LABELS = {
    "pdfium-floor": "PDFium floor: every character with its box",
    "reader-pdfium": "our reader on PDFium (no second reader)",
    "reader-pdfplumber": "our reader on pdfplumber (no second reader)",
    "pipeline-run": "`pipeline run`, defaults (camelot cross-check, validation, reports)",
    "pdfplumber-tables": "pdfplumber `extract_tables()`",
    "camelot-lattice": "camelot lattice, defaults",
}
LONG_PAGES = 1000
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
    elif reader == "camelot-lattice":
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
        elif reader == "camelot-lattice":
            tables += len(camelot.read_pdf(str(path), pages="all", flavor="lattice", suppress_stdout=True))
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


def main(argv: list[str]) -> int:
    if argv[:1] == ["--child"]:
        print(json.dumps(_child(argv[1], [Path(a) for a in argv[2:]])))
        return 0
    parser = argparse.ArgumentParser(description="Pages per second per core and peak memory of each reader.")
    parser.add_argument("--sets", default="corpus,real,long")
    parser.add_argument("--readers", default=",".join(READERS))
    parser.add_argument("--no-dask", dest="dask", action="store_false")
    parser.add_argument("--no-readme", dest="readme", action="store_false")
    parser.add_argument("--from-json", type=Path, help="no measuring: the table from an earlier run's bench.json")
    args = parser.parse_args(argv)
    if args.from_json:
        saved = json.loads(args.from_json.read_text())
        text = report(saved["results"], saved.get("dask"))
        print(text)
        if args.readme and refresh_readme(text):
            print("README.md speed table refreshed")
        return 0
    readers = [r for r in args.readers.split(",") if r]
    unknown = set(readers) - set(READERS)
    if unknown:
        parser.error(f"unknown readers: {', '.join(sorted(unknown))}")
    results: dict[str, list[dict]] = {}
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        scratch = Path(tmp)
        for name, files in sets(args.sets.split(","), scratch).items():
            results[name] = []
            for reader in readers:
                row = measure(reader, files)
                results[name].append(row)
                print(f"{name:<7} {reader:<18} {row['pages']:>5} pages {row['cpu']:>8.2f} s CPU "
                      f"{row['pages_per_cpu_second']:>7.1f} pages/s per core {row['peak_mb']:>6.0f} MB peak "
                      f"{row['tables']:>5} tables", flush=True)
        scaling = dask_scaling(scratch) if args.dask else None
    text = report(results, scaling)
    print()
    print(text)
    out = ROOT / "extracted" / "bench.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps({"results": results, "dask": scaling}, indent=1) + "\n")
    print(f"\nwritten to {out.relative_to(ROOT)}")
    if args.readme and refresh_readme(text):
        print("README.md speed table refreshed")
    return 0


def report(results: dict[str, list[dict]], scaling: dict | None) -> str:
    text = table(results)
    for name, rows in results.items():
        by = {r["reader"]: r for r in rows}
        if "pipeline-run" in by and "camelot-lattice" in by and by["pipeline-run"]["cpu"]:
            ratio = by["camelot-lattice"]["cpu"] / by["pipeline-run"]["cpu"]
            text += f"\n{name}: camelot lattice takes {ratio:.1f}× the CPU of `pipeline run`."
    if scaling:
        text += (f"\n\nDask, `pipeline run --dask local`, {scaling['documents']} documents: one worker "
                 f"{scaling['wall_1']:.1f} s, two workers {scaling['wall_2']:.1f} s ({scaling['speedup']:.2f}×), "
                 f"contract files {'identical' if scaling['same_files'] else 'DIFFERENT'}.")
    return text


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
