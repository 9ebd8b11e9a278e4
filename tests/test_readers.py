"""The two readers — PDFium (the default) and pdfplumber (the reference, `--reader pdfplumber`) —
give the same words, lines, rules and shaded areas, and the same contract files.

What may differ, and why (each bounded below, so a new difference fails a test):

* positions along a line: PDFium places glyphs with its own arithmetic (widths in whole
  thousandths of an em for some fonts, single precision), pdfminer with the PDF's exact
  widths; along a long text run the two drift apart by a fraction of a point;
* height of a box: for a font whose descriptor gives no Ascent and Descent, pdfminer sets the
  descent to 0 and PDFium measures the font program;
* text: a glyph pdfminer cannot map to Unicode comes out as "(cid:N)" where PDFium maps it
  through the font program; fonts that give several glyphs one Unicode value (small
  capitals) can come out in another case; PDFium leaves out a few spaces drawn over the
  letters of a word, which pdfminer keeps (and which then part the word).

So the contract files are byte-identical except the box columns of cells.csv, which agree
to `CELL_BOX_TOLERANCE` points.
"""
from __future__ import annotations

import csv
import dataclasses
import difflib
import re
import subprocess
from pathlib import Path

import pytest
from rawpdf import RawPage, write_pdf

from conftest import CORPUS, SHARED, bad_inputs, build, cli_command
from pdfgen.samples import SAMPLES
from pdfgen.synth import build_pdf
from pipeline.errors import InputError
from pipeline.read.reader import iter_pages, read_document

REAL = SHARED / "real"
X_TOLERANCE = 0.2  # × type size: drift along a line (measured at most 0.14 on ../shared/real)
Y_TOLERANCE = 0.25  # × type size: a descent pdfminer takes as 0 (measured at most 0.18)
CLOSE = 0.1  # × type size: most words agree this closely ...
MOSTLY = 0.98  # ... at least this share of them
FAR = 0.5  # × type size: no word is further apart than this, ...
# ... few words (this share) beyond the tolerances above, and few differ in their text other than by "(cid:N)"
RARE = 0.001
RULE_TOLERANCE = 0.05  # points
CELL_BOX_TOLERANCE = 0.1  # points, in cells.csv
# Real documents: a few words' boxes (e.g. 1543229.PDF's "Diabetes", "Forord") differ by up to
# 0.2 pt because PDFium places a glyph by the font program's own metrics where pdfminer uses the
# PDF's /Widths array; the words, figures, rows and every contract value other than the boxes
# are the same.
REAL_CELL_BOX_TOLERANCE = 0.5  # points, in cells.csv


def _pdfs(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix.lower() == ".pdf" and not p.name.startswith("bad_"))


def _words(page):
    return [w for line in page.lines for w in line.words]


def _same_rules(a, b, tolerance=RULE_TOLERANCE) -> bool:
    def box(r) -> tuple:
        return (r.x0, r.top, r.x1, r.bottom)

    return len(a) == len(b) and all(abs(p - q) <= tolerance for r, s in zip(a, b, strict=True)
                                    for p, q in zip(box(r), box(s), strict=True))


def _explained(a: str, b: str) -> bool:
    """Text the readers may give differently (see the module's docstring)."""
    if "(cid:" in a:
        pattern = re.sub(r"\\\(cid:\d+\\\)", ".", re.escape(a))
        return re.fullmatch(pattern, b, re.S) is not None
    return a.casefold() == b.casefold()


def compare(path: Path, pages: list[int] | None = None) -> dict:
    """Both readers over a PDF (or some of its pages): what agrees, and every difference
    with its reason.  Raises AssertionError for a difference that is not explained."""
    plumber = list(iter_pages(path, "pdfplumber", pages))
    pdfium = list(iter_pages(path, "pdfium", pages))
    assert len(plumber) == len(pdfium), path.name
    stats = {"words": 0, "close": 0, "far": 0, "cid": 0, "text": 0}
    for a, b in zip(plumber, pdfium, strict=False):
        where = f"{path.name} page {a.number}"
        size_a = (round(a.width, 2), round(a.height, 2), a.rotation)
        assert size_a == (round(b.width, 2), round(b.height, 2), b.rotation), where
        wa, wb = _words(a), _words(b)
        stats["words"] += len(wa)
        key = lambda w: (w.text, w.size, w.bold, w.italic, w.font)  # noqa: E731
        matcher = difflib.SequenceMatcher(None, [key(w) for w in wa], [key(w) for w in wb], autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag != "equal":
                left, right = "".join(w.text for w in wa[i1:i2]), "".join(w.text for w in wb[j1:j2])
                assert _explained(left, right), \
                    f"{where}: {[key(w) for w in wa[i1:i2]]} != {[key(w) for w in wb[j1:j2]]}"
                stats["cid" if "(cid:" in left else "text"] += max(i2 - i1, j2 - j1)
                continue
            for x, y in zip(wa[i1:i2], wb[j1:j2], strict=False):
                dx, dy = max(abs(x.x0 - y.x0), abs(x.x1 - y.x1)), max(abs(x.top - y.top), abs(x.bottom - y.bottom))
                assert max(dx, dy) <= FAR * x.size, (where, x, y)
                stats["far"] += dx > X_TOLERANCE * x.size or dy > Y_TOLERANCE * x.size
                stats["close"] += max(dx, dy) <= CLOSE * x.size
        if not stats["cid"] and not stats["text"]:
            assert [ln.text for ln in a.lines] == [ln.text for ln in b.lines], where
        assert _same_rules(a.rules, b.rules), (where, a.rules, b.rules)
        assert len(a.shades) == len(b.shades) and all(
            abs(p - q) <= RULE_TOLERANCE
            for s, t in zip(a.shades, b.shades, strict=True) for p, q in zip(s, t, strict=True)), where
    words = max(stats["words"], 1)
    assert stats["text"] <= RARE * words and stats["far"] <= RARE * words, (path.name, stats)
    assert stats["close"] >= MOSTLY * (stats["words"] - stats["cid"] - stats["text"]), (path.name, stats)
    return stats


# ---------------------------------------------------------------- PDFs the tests build
EXOTIC = [
    RawPage("\n".join([
        "BT /F1 10 Tf 72 760 Td (Plain 2027) Tj ET",
        "BT /F3 10 Tf 72 740 Td (Kursiv) Tj ET",
        "BT /F2 10 Tf 72 720 Td (Bold 2027) Tj ET BT /F2 10 Tf 72.3 720 Td (Bold 2027) Tj ET",  # faked bold
        # a space as a text object of its own, the gap no wider than a space
        "BT /F1 10 Tf 72 700 Td (Samlet) Tj ET BT /F1 10 Tf 103.12 700 Td ( ) Tj ET "
        "BT /F1 10 Tf 105.9 700 Td (total) Tj ET",
        "BT /F1 10 Tf 80 Tz 72 680 Td (Smal) Tj 100 Tz ET",
        "BT /F1 1 Tf 9 0 0 9 72 660 Tm (Ni) Tj ET",
        "q 2 0 0 2 0 0 cm BT /F1 5 Tf 36 320 Td (Dobbelt) Tj ET Q",
        "BT /F1 10 Tf 72 620 Td 3 Ts (H\xe6vet) Tj 0 Ts ET",
        "0.5 w 72 600 m 300 600 l S",
        "72 560 200 30 re S",
        "0.85 g 72 520 200 20 re f 0 g",
        "1 g 72 490 200 20 re f 0 g",
        "72 470 200 0.5 re f",
        "72 450 m 200 450 l 200 460 l S",
        "q /Fm1 Do Q",
    ]), forms={"Fm1": ([0, 0, 300, 400], [1, 0, 0, 1, 50, 0],
                       "BT /F1 10 Tf 22 330 Td (I formular) Tj ET 22 320 m 222 320 l S")}),
    RawPage("BT /F1 10 Tf 0 1 -1 0 500 72 Tm (Drejet side 2027) Tj ET 490 72 m 490 300 l S", rotate=90),
    RawPage("BT /F1 10 Tf -1 0 0 -1 500 300 Tm (Drejet 180) Tj ET", rotate=180),
    RawPage("BT /F1 10 Tf 0 -1 1 0 100 700 Tm (Drejet 270) Tj ET", rotate=270),
    RawPage("BT /F1 10 Tf 100 720 Td (Forskudt boks) Tj ET 100 700 m 300 700 l S", mediabox=[20, 30, 615, 872]),
    RawPage("BT /F1 10 Tf 100 720 Td (Arvet boks) Tj ET", mediabox=None),
    RawPage("BT /F1 10 Tf 0 1 -1 0 300 400 Tm (Lodret tekst) Tj ET"),
]


@pytest.fixture(scope="module")
def exotic(tmp_path_factory) -> Path:
    return write_pdf(tmp_path_factory.mktemp("raw") / "exotic.pdf", EXOTIC, inherited_mediabox=[0, 0, 595, 842])


@pytest.mark.parametrize("reader", ["pdfium", "pdfplumber"])
def test_what_each_reader_reads(exotic, reader):
    pages = list(iter_pages(exotic, reader))
    words = {(w.text, w.top): w for w in _words(pages[0])}
    texts = [w.text for w in _words(pages[0])]
    assert texts == ["Plain", "2027", "Kursiv", "Bold", "2027", "Samlet", "total", "Smal", "Ni", "Dobbelt", "Hævet",
                     "I", "formular"]
    kursiv = next(w for w in words.values() if w.text == "Kursiv")
    assert (kursiv.italic, kursiv.bold, kursiv.font) == (True, False, "Helvetica-Oblique")
    bold = next(w for w in words.values() if w.text == "Bold")
    assert (bold.bold, bold.italic, bold.font, bold.size) == (True, False, "Helvetica-Bold", 10.0)
    smal = next(w for w in words.values() if w.text == "Smal")
    assert smal.x1 - smal.x0 == pytest.approx(0.8 * 10 * (0.667 + 0.556 + 0.833 + 0.222), abs=0.01)  # 80 % Tz
    ni = next(w for w in words.values() if w.text == "Ni")
    assert ni.size == 9.0 and ni.bottom - ni.top == pytest.approx(9.0)
    dobbelt = next(w for w in words.values() if w.text == "Dobbelt")
    assert dobbelt.size == 10.0 and dobbelt.x0 == pytest.approx(72.0)
    haevet = next(w for w in words.values() if w.text == "Hævet")
    assert haevet.bottom == pytest.approx(842 - 620 - 3 + 2.07, abs=0.01)  # raised 3 pt; Helvetica's descent 0.207
    # rules: a line, a stroked box's four edges, a thin filled rectangle, a line in a form
    # XObject; the grey fill is a shaded area, the white one and the bent line are nothing
    rules = [(round(r.x0, 2), round(r.top, 2), round(r.x1, 2), round(r.bottom, 2)) for r in pages[0].rules]
    assert rules == [(72.0, 242.0, 300.0, 242.0), (72.0, 252.0, 272.0, 252.0), (72.0, 252.0, 72.0, 282.0),
                     (272.0, 252.0, 272.0, 282.0), (72.0, 282.0, 272.0, 282.0), (72.0, 371.5, 272.0, 372.0),
                     (72.0, 522.0, 272.0, 522.0)]
    assert pages[0].shades == [(72.0, 302.0, 272.0, 322.0)]
    # pages turned by /Rotate read as displayed
    assert [(p.rotation, round(p.width), round(p.height)) for p in pages[1:4]] == [(90, 842, 595), (180, 595, 842),
                                                                                 (270, 842, 595)]
    for page in pages[1:4]:
        assert all(w.size == 10.0 for w in _words(page)), page.number
    assert [w.text for w in _words(pages[1])] == ["Drejet", "side", "2027"]
    assert [w.text for w in _words(pages[2])] == ["Drejet", "180"]
    assert [w.text for w in _words(pages[3])] == ["Drejet", "270"]
    assert [(r.x0, r.top, r.x1, r.bottom) for r in pages[1].rules] == [(72.0, 490.0, 300.0, 490.0)]  # x 490 up the page
    # an offset MediaBox as pdfplumber has it; an inherited one; text set vertically keeps its size
    forskudt = _words(pages[4])[0]
    assert (forskudt.text, forskudt.x0, round(forskudt.top, 2)) == ("Forskudt", 100.0, round(842 - 720 - 7.93, 2))
    assert (round(pages[5].width), round(pages[5].height)) == (595, 842)
    assert {w.size for w in _words(pages[6])} == {10.0}


def test_both_readers_agree_on_pdfs_the_tests_build(tmp_path, exotic):
    built = []
    for name, doc in SAMPLES.items():
        built.append(tmp_path / name)
        build(doc, built[-1])
    doc = SAMPLES["forloebsprogram.pdf"]
    for producer in ("fpdf2",):
        built.append(tmp_path / f"forloeb-{producer}.pdf")
        build_pdf(doc, built[-1], producer=producer)
    built.append(tmp_path / "landscape.pdf")
    build(dataclasses.replace(doc, landscape=True), built[-1])
    built.append(tmp_path / "rotated.pdf")
    build(dataclasses.replace(doc, rotate=90), built[-1])
    for path in built + [exotic]:
        stats = compare(path)
        assert stats["cid"] == stats["text"] == 0 and stats["words"] > 0, path.name


@pytest.mark.parametrize("reader", ["pdfium", "pdfplumber"])
def test_error_codes_are_the_same_with_either_reader(tmp_path, reader):
    expected = bad_inputs(tmp_path)
    for name, code in expected.items():
        with pytest.raises(InputError) as caught:
            read_document(tmp_path / name, reader=reader)
        assert caught.value.code == code, (reader, name)


# ---------------------------------------------------------------- the shared corpora
shared = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not beside the checkout")
real = pytest.mark.skipif(not REAL.is_dir(), reason="../shared/real is not beside the checkout")


@pytest.mark.corpus
@shared
@pytest.mark.parametrize("name", [p.name for p in _pdfs(CORPUS)] if CORPUS.is_dir() else [])
def test_readers_agree_on_the_corpus(name):
    compare(CORPUS / name)


@pytest.mark.corpus
@real
@pytest.mark.parametrize("name", [p.name for p in _pdfs(REAL)] if REAL.is_dir() else [])
def test_readers_agree_on_real_documents(name):
    # pdfplumber takes about 0.1 s a page: every page of the short documents, ten of the long
    import pypdfium2

    path = REAL / name
    count = len(pypdfium2.PdfDocument(str(path)))
    compare(path, pages=list(range(1, count + 1, max(1, count // 10))))


def _table(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.mark.corpus
@pytest.mark.parametrize("folder", [pytest.param(CORPUS, marks=shared, id="corpus"),
                                    pytest.param(REAL, marks=[real, pytest.mark.slow], id="real")])
def test_contract_files_are_the_same_with_either_reader(folder, tmp_path):
    outs = {reader: tmp_path / reader for reader in ("pdfium", "pdfplumber")}
    runs = {reader: subprocess.Popen(cli_command() + ["run", str(folder), "--out", str(out), "--reader", reader,
                                                      "--jobs", "2", "--no-second-reader", "--no-validate",
                                                      "--no-reports", "-q"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            for reader, out in outs.items()}  # side by side: pdfplumber takes most of the time
    for reader, proc in runs.items():
        _, err = proc.communicate(timeout=600)
        assert proc.returncode in (0, 1, 3), (reader, err)
    a, b = outs["pdfium"], outs["pdfplumber"]
    for name in ("documents.csv", "checks.csv", "findings.csv"):
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
    cells_a, cells_b = _table(a / "cells.csv"), _table(b / "cells.csv")
    assert len(cells_a) == len(cells_b)
    box = ("x0", "top", "x1", "bottom")
    for x, y in zip(cells_a, cells_b, strict=False):
        assert {k: v for k, v in x.items() if k not in box} == {k: v for k, v in y.items() if k not in box}
        tolerance = REAL_CELL_BOX_TOLERANCE if folder == REAL else CELL_BOX_TOLERANCE
        assert all(abs(float(x[k]) - float(y[k])) <= tolerance for k in box), (x, y)
