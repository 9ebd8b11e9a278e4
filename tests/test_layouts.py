"""Layouts beyond the plain portrait page: landscape, rotated pages, several proposals in one PDF."""
from __future__ import annotations

import dataclasses

from pipeline.model import NoteCode
from pipeline.process import process_document
from pdfgen.samples import FORLOEB, GRUPPETILBUD
from pdfgen.synth import SynthDoc, SynthRow as R, SynthTable, build_pdf


def forloeb_cells(result):
    (table,) = result.tables
    return {(row.label, col): cell.value for row in table.rows for col, cell in row.cells.items()}


def test_landscape_and_rotated_pages_read_like_portrait(tmp_path):
    portrait, landscape, rotated = tmp_path / "p.pdf", tmp_path / "l.pdf", tmp_path / "r.pdf"
    build_pdf(FORLOEB, portrait)
    build_pdf(dataclasses.replace(FORLOEB, landscape=True), landscape)
    build_pdf(dataclasses.replace(FORLOEB, rotate=90), rotated)
    want = process_document(portrait, "p.pdf")
    assert len(forloeb_cells(want)) == 72
    for path in (landscape, rotated):
        got = process_document(path, path.name)
        assert forloeb_cells(got) == forloeb_cells(want), path.name
        assert [(f.label, f.column, f.kind) for f in got.findings if f.kind != "narrative"] == [
            ("Samlet økonomisk påvirkning", "2030", "grand-total"), ("Samlet økonomisk påvirkning", "2031", "grand-total")]
    rotated_result = process_document(rotated, "r.pdf")
    assert rotated_result.tables[0].rotated
    assert rotated_result.tables[0].crosscheck.get("skipped")


def test_several_proposals_in_one_pdf(tmp_path):
    def table(first):
        return SynthTable(title="Tabel 1. Forslagets samlede økonomiske konsekvenser", columns=["2027", "2028"],
                          rows=[R("Besparelse", [first, first]), R("Drift", [100, 100]),
                                R("Samlet varig ændring", [first + 100, first + 100], role="total")])
    doc = SynthDoc(title="Forløbsprogram for unge", blocks=[
        "Første forslag.", table(-500),
        ("title", "Styrkelse af Din Sociale Indgang"), "Andet forslag.", table(-700),
        ("title", "Bedre vilkår for plejefamilier"), "Tredje forslag.", table(-900)])
    path = tmp_path / "three.pdf"
    build_pdf(doc, path)
    result = process_document(path, path.name)
    assert [(p.index, p.title, p.first_page, p.last_page) for p in result.proposals] == [
        (0, "Forløbsprogram for unge", 1, 1), (1, "Styrkelse af Din Sociale Indgang", 2, 2),
        (2, "Bedre vilkår for plejefamilier", 3, 3)]
    assert [(t.id, t.proposal, t.page) for t in result.tables] == [("p1-t1", 0, 1), ("p2-t1", 1, 2), ("p3-t1", 2, 3)]
    assert result.findings == []


def test_one_proposal_without_repeated_titles(tmp_path):
    path = tmp_path / "one.pdf"
    build_pdf(GRUPPETILBUD, path)
    result = process_document(path, path.name)
    assert len(result.proposals) == 1 and result.proposals[0].first_page == 1
    assert [t.id for t in result.tables] == ["p1-t1"]


def test_a_row_repeated_at_the_top_of_the_next_page_is_read_once(tmp_path):
    rows = [R("Varige ændringer", role="section")] + [
        R(f"Besparelse nummer {i} på køb af pladser", [-100, -200]) for i in range(1, 40)] + [
        R("Samlet varig ændring", [-3900, -7800], role="total")]
    table = SynthTable(title="Tabel 1. Forslagets samlede økonomiske konsekvenser", columns=["2027", "2028"],
                       rows=rows, ruling="none", repeat_last_row=True)
    path = tmp_path / "repeat.pdf"
    (drawn,) = build_pdf(SynthDoc(title="Forslag", blocks=["Tekst."] * 25 + [table]), path)
    result = process_document(path, path.name)
    (got,) = result.tables
    assert len(got.bbox) >= 2  # the table breaks across pages
    assert [r.label for r in got.rows] == [r[0] for r in drawn.rows]
    assert any(n.code == NoteCode.REPEATED_ROW for n in got.notes)
    assert result.findings == []
