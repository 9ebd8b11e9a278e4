"""What a PDF's structure says beside its text (issue 19): the page tree's own count decides
`too-large` and a /Count it does not bear out is noted; active content (JavaScript, Launch
actions, embedded files) is a note on the document, never run.  Built by tests/hostile.py."""
from __future__ import annotations

import csv
import json

import hostile
import pytest

from conftest import build, run_cli, simple_doc
from pipeline.errors import ExitCode, TooLarge
from pipeline.model import NoteCode
from pipeline.read.reader import read_document

READERS = ["pdfium", "pdfplumber"]


@pytest.mark.parametrize("reader", READERS)
def test_count_one_over_many_kids_is_too_large(tmp_path, reader):
    path = hostile.page_count_below_kids(tmp_path / "pages.pdf", pages=50_000, count=1)
    with pytest.raises(TooLarge):
        read_document(path, reader=reader)


@pytest.mark.parametrize("reader", READERS)
def test_a_count_the_page_tree_does_not_bear_out_is_noted(tmp_path, reader):
    doc = read_document(hostile.page_count_below_kids(tmp_path / "three.pdf", pages=3, count=1), reader=reader)
    notes = [(n.code, n.params) for n in doc.notes]
    assert notes == [(NoteCode.PAGE_COUNT_DIFFERS, {"declared": 1, "counted": 3})]


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("kind", sorted(hostile.ACTIVE))
def test_active_content_is_a_note(tmp_path, kind, reader):
    doc = read_document(hostile.active_content(tmp_path / f"{kind}.pdf", kind), reader=reader)
    assert [(n.code, n.params) for n in doc.notes] == [(NoteCode.ACTIVE_CONTENT, {"why": kind})]
    assert "Budget" in " ".join(w.text for p in doc.pages for line in p.lines for w in line.words)


def test_a_plain_document_has_no_structure_notes(tmp_path):
    build(simple_doc(), tmp_path / "good.pdf")
    assert read_document(tmp_path / "good.pdf").notes == []


def test_the_notes_are_on_the_documents_page(tmp_path):
    folder = tmp_path / "in"
    build(simple_doc(), folder / "good.pdf")
    for kind in hostile.ACTIVE:
        hostile.active_content(folder / f"{kind}.pdf", kind)
    hostile.page_count_below_kids(folder / "three.pdf", pages=3, count=1)
    hostile.page_count_below_kids(folder / "many.pdf", pages=50_000, count=1)
    out = tmp_path / "out"
    proc = run_cli("run", folder, "--out", out, "--no-second-reader", "--no-validate", "-q", "--lang", "en")
    assert proc.returncode == ExitCode.UNREADABLE, proc.stderr
    with (out / "documents.csv").open(encoding="utf-8", newline="") as f:
        docs = {d["document"]: (d["status"], d["error"]) for d in csv.DictReader(f)}
    assert docs["many.pdf"] == ("error", "too-large") and docs["good.pdf"] == ("ok", "")
    for kind, words in (("javascript", "JavaScript"), ("launch", "a Launch action"),
                        ("embedded-files", "embedded files")):
        page = (out / "report" / f"{kind}.pdf.html").read_text(encoding="utf-8")
        assert f"The PDF holds active content: {words}" in page
        result = json.loads((out / "docs" / f"{kind}.pdf" / "result.json").read_text(encoding="utf-8"))
        assert [n["code"] for n in result["notes"]] == ["active-content"]
    page = (out / "report" / "three.pdf.html").read_text(encoding="utf-8")
    assert "The PDF says it has 1 page(s) (/Count), but its page tree holds 3" in page
