"""What each total adds up, and which disagreements are real, end to end: tables drawn as PDFs
and read back.  The rules themselves (column, category, grand and net totals, tables across each
other) are tested below the PDF layer, on hand-built rows, in `test_reconcile_rows.py`; here
only what needs the page: sums in the text, and the second reader."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from pipeline.process import process_document
from pdfgen.synth import SynthDoc, SynthRow as R, SynthTable, build_pdf

YEARS = ["2027", "2028", "2029"]


def check(tmp_path: Path, *tables: SynthTable, text: list[str] | None = None):
    path = tmp_path / "doc.pdf"
    build_pdf(SynthDoc(title="Forslag", blocks=list(text or []) + list(tables)), path)
    result = process_document(path, "doc.pdf")
    assert result.status in ("ok", "flagged", "unchecked"), result.message
    return result


def table(rows, **kw) -> SynthTable:
    spec = dict(title="Tabel 1. Forslagets samlede økonomiske konsekvenser", unit="1.000 kr.", price_base="2027 p/l",
                columns=YEARS, rows=rows, ruling="horizontal")
    spec.update(kw)
    return SynthTable(**spec)


def found(result, kind=None):
    return [(f.kind, f.label, f.column, f.stated, f.recomputed) for f in result.findings
            if kind is None or f.kind == kind]


def test_narrative_statements(tmp_path):
    rows = [R("Besparelse på køb af pladser", [-1000, -2000, -3000], "Service"),
            R("Projektledelse", [400, 400, 400], "Service"),
            R("Samlet varig ændring", [-600, -1600, -2600], role="total"),
            R("Implementering", [500, 700, None], "Service"),
            R("Samlede implementeringsomkostninger", [500, 700, None], role="total")]
    text = ["Projektledelse: 1,2 mio. kr. i alt",                      # agrees (1.200)
            "Besparelse på køb af pladser: -3,5 mio. kr. ved fuld indfasning",   # 2029 is -3.000
            "Effektiviseringen på 0,6 mio. kr. i 2027 stigende til 2,6 mio. kr. årligt ved fuld indfasning i 2029.",
            "Der er behov for 1,6 mio. kr. i investeringsmidler.",     # 1.200
            "Merforbruget udgør 7,1 mio. kr. Heraf ligger 2,2 mio. kr. her, mens 4,0 mio. kr. ligger der."]
    result = check(tmp_path, table(rows, category_column=True), text=text)
    narrative = [(f.label, f.column, f.stated, f.recomputed) for f in result.findings if f.kind == "narrative"]
    assert narrative == [
        ("Besparelse på køb af pladser", "2029", Decimal(-3500), Decimal(-3000)),
        ("Samlede implementeringsomkostninger", "", Decimal(1600), Decimal(1200)),
        ("Merforbruget", "", Decimal(7100000), Decimal(6200000)),
    ]
    assert result.status == "flagged"  # a disagreement between the text and a table is a discrepancy too


@pytest.mark.parametrize("ruling", ["grid", "horizontal", "none"])
def test_second_reader_reads_the_tables_behind_a_finding_cell_by_cell(tmp_path, ruling):
    rows = [R("Besparelse på køb af pladser ved et nyt forløbsprogram for unge", [-5090, -10180, -20940]),
            R("Drift", [820, 1640, 3030]),
            R("Samlet varig ændring", [-4270, -8540, -17000], role="total")]  # 2029 is wrong
    agreeing = [R("Husleje", [100, 200, 300]), R("Rengøring", [10, 20, 30]), R("I alt", [110, 220, 330], role="total")]
    result = check(tmp_path, table(rows, ruling=ruling, label_width=110),
                   table(agreeing, ruling=ruling, label_width=110, title="Tabel 2. Udgifter"))
    wrong, right = result.tables
    assert wrong.ruling == ruling
    assert wrong.crosscheck["reader"].startswith("camelot " + ("lattice" if ruling == "grid" else "stream"))
    assert wrong.crosscheck["compared"] == 9 and wrong.crosscheck["agreed"] == 9, wrong.crosscheck
    assert wrong.crosscheck["disagreements"] == []
    assert [(label, column) for _, label, column, _, _ in found(result)] == [("Samlet varig ændring", "2029")]
    # a table no finding rests on is not read again: camelot could change nothing we say
    assert right.crosscheck["skipped"] and right.crosscheck["compared"] == 0


@pytest.mark.parametrize("ruling", ["grid", "none"])
def test_camelot_reads_only_the_pages_behind_findings_and_sees_them_as_in_the_document(tmp_path, ruling):
    """The pages camelot is asked about are copied into a small PDF first (camelot parses the
    whole file for each page it reads): same page boxes, same cells as reading the document."""
    import copy

    import pypdfium2 as pdfium

    from pipeline.checks.crosscheck import compare_tables, crosscheck, pages_alone, tables_behind_findings

    rows = [R("Besparelse på køb af pladser", [-5090, -10180, -20940]), R("Drift", [820, 1640, 3030]),
            R("Samlet varig ændring", [-4270, -8540, -17000], role="total")]  # 2029 is wrong
    path = tmp_path / "long.pdf"
    build_pdf(SynthDoc(title="Forslag", blocks=["Tekst om forslaget. " * 40] * 12 +
                       [table(rows, ruling=ruling, label_width=110)] + ["Mere tekst. " * 40] * 6), path)
    result = process_document(path, path.name, second_reader=False)
    (wrong,) = [t for t in result.tables if t.id in tables_behind_findings(result.checks)]
    pages = sorted(wrong.bbox)
    whole = len(pdfium.PdfDocument(str(path)))
    assert whole > len(pages)  # the document has other pages camelot need not parse
    with pages_alone(path, pages) as where:
        src = pdfium.PdfDocument(str(path))
        for p in pages:
            small, k = where[p]
            assert small != path and k == 1
            one = pdfium.PdfDocument(str(small))
            assert len(one) == 1 and one[0].get_size() == src[p - 1].get_size()
            one.close()
        src.close()
    before = copy.deepcopy(result.tables)
    alone = crosscheck(path, result.tables, only={wrong.id})
    direct = compare_tables(path, {p: (path, p) for p in pages}, result.tables, {wrong.id})
    assert result.tables == before  # the stage returns new tables; the ones it was given are unchanged
    assert [t.crosscheck for t in alone] == [t.crosscheck for t in direct]
    got = next(t for t in alone if t.id == wrong.id).crosscheck
    assert got["compared"] == 9 and got["agreed"] == 9
