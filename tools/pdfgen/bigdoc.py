"""A long PDF for speed and memory measurements: the sample proposals, over and over.

    python -m pdfgen.bigdoc OUT.pdf [--pages 1000]

The sample proposals (`pdfgen.samples`, with their tables, one real error, text amounts)
are drawn once with `pdfgen.synth`; their pages are then repeated with PDFium until the
document has the number of pages asked for, so every page is parsed in full and the
document reads like a booklet of many proposals.  Deterministic: the same pages for the
same count.
"""
from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from pdfgen.samples import SAMPLES
from pdfgen.synth import SynthDoc, build_pdf


def booklet_unit(path: Path) -> int:
    """Every sample proposal in one PDF; returns its page count."""
    blocks: list = []
    for doc in SAMPLES.values():
        blocks.append(("h", doc.title))
        blocks.extend(doc.blocks)
    build_pdf(SynthDoc(title="Budgetforslag", blocks=blocks), path)
    import pypdfium2 as pdfium

    unit = pdfium.PdfDocument(str(path))
    try:
        return len(unit)
    finally:
        unit.close()


def build_long_pdf(path: Path, pages: int = 1000) -> Path:
    import pypdfium2 as pdfium

    with tempfile.TemporaryDirectory() as tmp:
        unit_path = Path(tmp) / "unit.pdf"
        unit_pages = booklet_unit(unit_path)
        unit = pdfium.PdfDocument(str(unit_path))
        out = pdfium.PdfDocument.new()
        try:
            while len(out) < pages:
                take = min(unit_pages, pages - len(out))
                out.import_pages(unit, list(range(take)))
            path.parent.mkdir(parents=True, exist_ok=True)
            out.save(str(path))
        finally:
            out.close()
            unit.close()
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--pages", type=int, default=1000)
    args = parser.parse_args(argv)
    build_long_pdf(args.out, args.pages)
    print(f"{args.out}: {args.pages} pages")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
