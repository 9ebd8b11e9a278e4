"""Reading speed and peak memory: our table reader beside two baselines, on the same pages.

    python benchmarks/bench.py [PDF_FOLDER ...]      (make bench)

Each reader runs in its own fresh process over every page of every PDF given (default:
../shared/corpus when it exists, and raw/), three times; the best wall time counts, and
peak memory is the process's maximum resident set size.  Readers:

* pipeline   our reader: words and rules → tables → rows → typed values (no second reader)
* pipeline+camelot   the same with the camelot cross-check that `pipeline run` does by default
* camelot-lattice   camelot.read_pdf(flavor="lattice") with its default line engine
* pdfplumber   page.extract_tables() with its default settings
"""
from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
READERS = ["pipeline", "pipeline+camelot", "camelot-lattice", "pdfplumber"]


def pdfs(folders: list[Path]) -> list[Path]:
    found = []
    for folder in folders:
        found += sorted(p for p in folder.rglob("*.pdf") if p.stat().st_size and not p.name.startswith("bad_"))
    return found


def _run(reader: str, files: list[str]) -> dict:
    """Inside the child: read every page once, report pages, seconds, tables, peak memory."""
    import warnings

    warnings.simplefilter("ignore")
    import pdfplumber

    pages = tables = 0
    started = time.perf_counter()
    for name in files:
        path = Path(name)
        with pdfplumber.open(path) as pdf:
            n = len(pdf.pages)
            if reader == "pdfplumber":
                for page in pdf.pages:
                    tables += len(page.extract_tables())
                    page.close()
        pages += n
        if reader.startswith("pipeline"):
            from pipeline.process import process_document

            result = process_document(path, path.name, second_reader=reader.endswith("camelot"))
            tables += len(result.tables)
        elif reader == "camelot-lattice":
            import camelot

            tables += len(camelot.read_pdf(str(path), pages="all", flavor="lattice", suppress_stdout=True))
    seconds = time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"reader": reader, "pages": pages, "seconds": seconds, "tables": tables, "peak_mb": peak_kb / 1024}


def measure(reader: str, files: list[Path], repeat: int = 3) -> dict:
    best = None
    for _ in range(repeat):
        out = subprocess.run([sys.executable, __file__, "--child", reader, *map(str, files)],
                             capture_output=True, text=True, check=True, cwd=ROOT)
        run = json.loads(out.stdout.strip().splitlines()[-1])
        if best is None or run["seconds"] < best["seconds"]:
            best = dict(run, peak_mb=max(run["peak_mb"], best["peak_mb"] if best else 0))
    best["pages_per_second"] = best["pages"] / best["seconds"] if best["seconds"] else 0.0
    return best


def main(argv: list[str]) -> int:
    if argv[:1] == ["--child"]:
        print(json.dumps(_run(argv[1], argv[2:])))
        return 0
    folders = [Path(a) for a in argv] or [p for p in (ROOT.parent / "shared" / "corpus", ROOT / "raw") if p.is_dir()]
    files = pdfs(folders)
    print(f"{len(files)} PDFs from {', '.join(map(str, folders))}")
    rows = [measure(reader, files) for reader in READERS]
    print(f"{'reader':<18} {'pages':>6} {'tables':>7} {'seconds':>8} {'pages/s':>8} {'peak MB':>8}")
    for r in rows:
        print(f"{r['reader']:<18} {r['pages']:>6} {r['tables']:>7} {r['seconds']:>8.2f} {r['pages_per_second']:>8.1f} {r['peak_mb']:>8.0f}")
    out = ROOT / "extracted" / "bench.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps({"files": [str(f) for f in files], "results": rows}, indent=1) + "\n")
    print(f"written to {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
