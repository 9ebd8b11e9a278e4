"""Text no file can hold (a font whose ToUnicode maps a glyph to a lone surrogate) is made
safe where it enters, with either reader: U+FFFD, counted in a `text-replaced` note; a batch
holding such files beside good ones writes every document (issue 19)."""
from __future__ import annotations

import csv
import dataclasses
import json
from pathlib import Path

import pytest
from fontpdf import mapped_glyph

from conftest import build, run_cli, simple_doc
from pipeline.errors import ExitCode
from pipeline.model import NoteCode
from pipeline.read.chars import safe_text
from pipeline.read.reader import read_document
from pipeline.report.files import write_document
from pipeline.run import runner

LONE = {"d800": b"D800", "dc00": b"DC00", "d83d": b"D83D"}  # a high, a low, an unpaired high of a pair


def _texts(doc) -> list[str]:
    return [w.text for page in doc.pages for line in page.lines for w in line.words]


def test_safe_text_joins_pairs_and_replaces_lone_surrogates():
    assert safe_text("plan") == "plan" and safe_text("Skole æøå") == "Skole æøå"
    assert safe_text("a\ud800b\udc00c") == "a\ufffdb\ufffdc"
    assert safe_text("\ud83d\ude00 \ud83d") == "\U0001f600 \ufffd"


@pytest.mark.parametrize("reader", ["pdfium", "pdfplumber"])
@pytest.mark.parametrize("name", sorted(LONE))
def test_a_lone_surrogate_is_replaced_and_counted(tmp_path, name, reader):
    path = mapped_glyph(tmp_path / f"{name}.pdf", LONE[name])
    doc = read_document(path, reader=reader)
    texts = _texts(doc)
    for text in texts:
        text.encode("utf-8")  # every word can be written
    joined = " ".join(texts)
    assert "\ufffd" in joined and "Budget" in joined and "2027" in joined and "Skole" in joined
    assert [(n.code, n.params["count"], n.page) for n in doc.notes] == [(NoteCode.TEXT_REPLACED, 1, 1)]


@pytest.mark.parametrize("reader", ["pdfium", "pdfplumber"])
def test_a_surrogate_pair_is_one_character_and_no_note(tmp_path, reader):
    doc = read_document(mapped_glyph(tmp_path / "pair.pdf", b"D83DDE00"), reader=reader)
    assert "\U0001f600" in "".join(_texts(doc)) and doc.notes == []


def _rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.mark.parametrize("reader", ["pdfium", "pdfplumber"])
def test_a_batch_with_lone_surrogates_writes_every_document(tmp_path, reader):
    folder = tmp_path / "in"
    build(simple_doc(), folder / "good.pdf")
    for name, target in LONE.items():
        mapped_glyph(folder / f"{name}.pdf", target)
    out = tmp_path / "out"
    proc = run_cli("run", folder, "--out", out, "--reader", reader, "--no-second-reader", "-q", "--lang", "en")
    assert proc.returncode == ExitCode.OK, proc.stderr
    docs = {d["document"]: d["status"] for d in _rows(out / "documents.csv")}
    assert docs == {"good.pdf": "ok", "d800.pdf": "unchecked", "dc00.pdf": "unchecked", "d83d.pdf": "unchecked"}
    for name in LONE:
        result = json.loads((out / "docs" / f"{name}.pdf" / "result.json").read_text(encoding="utf-8"))
        assert [n["code"] for n in result["notes"]] == ["text-replaced"]
        assert "could not be read" in result["notes"][0]["text"]
        page = (out / "report" / f"{name}.pdf.html").read_text(encoding="utf-8")
        assert "could not be read" in page


def test_a_document_whose_results_cannot_be_written_is_its_own_internal_row(tmp_path):
    """Results that no file can hold (text a reader let through: a lone surrogate in a proposal's
    title and a row's label, as PDFium gave it before the text was made safe where it enters)
    cost only their document: it is written as its `internal` error, the others as read."""
    folder = tmp_path / "in"
    build(simple_doc(), folder / "good.pdf")
    build(simple_doc(title="Tabel 1. Økonomi"), folder / "odd.pdf")  # other bytes: not a copy of good.pdf
    reading = runner.read(runner.gather([folder]), runner.RunOptions(second_reader=False, lang="en"),
                          in_process=True)
    odd = next(r for r in reading.results if r.document == "odd.pdf")
    table = odd.tables[0]
    rows = [dataclasses.replace(table.rows[0], label="Budget \ud800")] + table.rows[1:]
    broken = dataclasses.replace(odd, proposals=[dataclasses.replace(p, title="Budget \udc00") for p in odd.proposals],
                                 tables=[dataclasses.replace(table, rows=rows)] + odd.tables[1:])
    reading = dataclasses.replace(reading, results=[broken if r.document == "odd.pdf" else r for r in reading.results])
    with pytest.raises(UnicodeEncodeError):  # the writer really cannot write it
        write_document(tmp_path / "probe", broken, "en")
    result = runner.write_set(tmp_path / "out", reading)
    assert result.exit_code == ExitCode.UNREADABLE
    docs = {d["document"]: (d["status"], d["error"]) for d in _rows(tmp_path / "out" / "documents.csv")}
    assert docs == {"good.pdf": ("ok", ""), "odd.pdf": ("error", "internal")}
    assert {d["document"] for d in _rows(tmp_path / "out" / "cells.csv")} == {"good.pdf"}
    written = json.loads((tmp_path / "out" / "docs" / "odd.pdf" / "result.json").read_text(encoding="utf-8"))
    assert "UnicodeEncodeError" in written["traceback"] and "while the document's results were written" in \
        written["message"]
    good = json.loads((tmp_path / "out" / "docs" / "good.pdf" / "result.json").read_text(encoding="utf-8"))
    assert good["status"] == "ok" and good["tables"]
    assert [r.status for r in result.results if r.document == "odd.pdf"] == ["error"]
