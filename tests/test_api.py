"""The Python API as a user would use it: `pipeline.check(...)` on PDFs the tests build and on
the shared corpus, compared with what `pipeline run` writes."""
from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import pipeline
from conftest import CORPUS, ROOT, SHARED, build, run_cli, simple_doc
from pdfgen.samples import SAMPLES
from pipeline.api import typed_frame
from pipeline.report.files import CELL_FIELDS, CHECK_FIELDS, DOCUMENT_FIELDS, FINDING_FIELDS

CONTRACT = {"documents": DOCUMENT_FIELDS, "cells": CELL_FIELDS, "checks": CHECK_FIELDS, "findings": FINDING_FIELDS}

DTYPES = {
    "documents": {"document": "string", "sha256": "string", "pages": "Int64", "status": "category",
                  "error": "category", "tables": "Int64", "findings": "Int64", "checks": "Int64"},
    "cells": {"document": "string", "proposal": "Int64", "table": "string", "page": "Int64", "row": "Int64",
              "label": "string", "category": "string", "role": "category", "column": "string", "raw": "string",
              "value": "object", "unit": "string", "value_dkk": "object", "x0": "Float64", "top": "Float64",
              "x1": "Float64", "bottom": "Float64"},
    "checks": {"document": "string", "proposal": "Int64", "table": "string", "page": "Int64", "label": "string",
               "column": "string", "stated": "object", "recomputed": "object", "difference": "object",
               "tolerance": "object", "unit": "string", "kind": "category", "terms": "Int64", "agrees": "boolean"},
    "findings": {"document": "string", "proposal": "Int64", "table": "string", "page": "Int64", "label": "string",
                 "column": "string", "stated": "object", "recomputed": "object", "difference": "object",
                 "kind": "category", "message": "string", "review": "category"},
}
MONEY = {"value", "value_dkk", "stated", "recomputed", "difference", "tolerance"}


def dtypes(frame: pd.DataFrame) -> dict[str, str]:
    return {str(name): str(dtype) for name, dtype in frame.dtypes.items()}


def assert_typed(result: pipeline.Result) -> None:
    for name, expected in DTYPES.items():
        frame = getattr(result, name)
        assert dtypes(frame) == expected, name
        for column in MONEY & set(frame.columns):
            assert all(isinstance(v, Decimal) or v is pd.NA for v in frame[column]), (name, column)


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def xlsx_parts(data: bytes, tmp: Path) -> dict[str, bytes]:
    """A workbook's parts but its creation time (docProps/core.xml), which differs run to run."""
    path = tmp / "book.xlsx"
    path.write_bytes(data)
    with zipfile.ZipFile(path) as book:
        return {n: book.read(n) for n in book.namelist() if n != "docProps/core.xml"}


MEASURED = ["seconds", "pages_per_second", "worker_peak_mb"]  # clock and memory readings of summary.json


def manifest(path: Path) -> dict[str, Any]:
    """run.json without what differs from run to run: the run's id, and the sizes and hashes
    of the files that hold clock readings (summary.json, the workbook's creation time)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    files = data["files"]
    for name in ("summary.json", "report.xlsx"):
        if name in files:
            files[name] = "(clock)"
    return {"files": files}


def assert_same_folder(ours: Path, theirs: Path, tmp: Path) -> None:
    """The same output folder as `pipeline run` writes: the same names at the top (the marker,
    `runs/`, `current` and the links into it), and in the current set every file `pipeline run`
    wrote, and no other, with the same bytes; the clock and memory readings aside."""
    top = sorted(os.listdir(theirs))
    assert sorted(os.listdir(ours)) == top
    for name in top:
        assert (ours / name).is_symlink() == (theirs / name).is_symlink(), name
        if (theirs / name).is_symlink() and name != "current":
            assert os.readlink(ours / name) == os.readlink(theirs / name), name
    assert len(list((ours / "runs").iterdir())) == len(list((theirs / "runs").iterdir())) == 1
    mine, cli = files(ours / "current"), files(theirs / "current")
    assert sorted(mine) == sorted(cli)
    for name in cli:
        if name == "summary.json":
            a, b = (json.loads((folder / name).read_text(encoding="utf-8")) for folder in (ours, theirs))
            assert list(a) == list(b)
            # compared as data, not as a frame: a measured reading such as 12.0 or 12.3 must not
            # change the other values' dtype
            assert {k: v for k, v in a.items() if k not in MEASURED} == \
                {k: v for k, v in b.items() if k not in MEASURED}, (a, b)
        elif name == "report.xlsx":
            assert xlsx_parts(mine[name], tmp) == xlsx_parts(cli[name], tmp)
        elif name == "run.json":
            assert manifest(ours / "current" / name) == manifest(theirs / "current" / name)
        else:
            assert mine[name] == cli[name], name


def read_csv_typed(path: Path, fields: list[str]) -> pd.DataFrame:
    with path.open(encoding="utf-8", newline="") as f:
        return typed_frame(fields, list(csv.DictReader(f)))


@pytest.fixture(scope="module")
def checked(sample_folder: Path) -> pipeline.Result:
    return pipeline.check(sample_folder)


def test_a_folder_gives_typed_frames_of_the_contract(checked: pipeline.Result) -> None:
    assert_typed(checked)
    docs = checked.documents.set_index("document")
    assert len(docs) == 10
    assert docs.loc["forloebsprogram.pdf", "status"] == "flagged"
    locked, read = docs.loc["bad/locked.pdf"], docs.loc["business_case.pdf"]
    assert locked["error"] == "encrypted" and locked.isna()["pages"]
    assert read.isna()["error"] and read["pages"] == 2
    assert list(checked.documents["status"].cat.categories) == ["ok", "flagged", "unchecked", "reviewed", "error"]
    # figures as exact numbers, in the table's unit and in kroner
    cell = checked.cells[(checked.cells.document == "forloebsprogram.pdf") & (checked.cells.column == "2027")
                         & (checked.cells.label == "Besparelse på køb §107 ved forløbsprogram")].iloc[0]
    assert (cell["raw"], cell["value"], cell["value_dkk"], cell["role"]) == \
        ("-5.090", Decimal("-5090"), Decimal("-5090000"), "item")
    assert cell["x0"] < cell["x1"]
    payback = checked.cells[checked.cells.label.str.startswith("Tilbagebetalingstid")]
    assert len(payback) and payback.value_dkk.isna().all() and (payback.role == "other").all()
    wrong = checked.findings[checked.findings.kind == "grand-total"]
    assert wrong[["label", "column", "stated", "recomputed", "difference"]].values.tolist() == [
        ["Samlet økonomisk påvirkning", "2030", Decimal("-8800"), Decimal("-10480"), Decimal("1680")],
        ["Samlet økonomisk påvirkning", "2031", Decimal("-10140"), Decimal("-11960"), Decimal("1820")]]
    assert wrong.message.str.contains("er opgjort til").all()  # Danish by default
    assert checked.checks.agrees.sum() == len(checked.checks) - len(checked.findings)
    assert isinstance(checked.cells.value.sum(), Decimal)


def test_frames_hold_what_the_contract_files_hold(checked: pipeline.Result, tmp_path: Path) -> None:
    out = checked.to_folder(tmp_path / "out", validate=False, reports=False)
    for name, fields in CONTRACT.items():
        pd.testing.assert_frame_equal(getattr(checked, name), read_csv_typed(out / f"{name}.csv", fields))


def test_to_folder_writes_what_pipeline_run_writes(checked: pipeline.Result, sample_folder: Path,
                                                   tmp_path: Path) -> None:
    proc = run_cli("run", sample_folder, "--out", tmp_path / "cli", "--no-validate")
    assert proc.returncode == 3, proc.stderr
    checked.to_folder(tmp_path / "api", validate=False)
    assert_same_folder(tmp_path / "api", tmp_path / "cli", tmp_path)


def test_tables_are_shaped_like_the_printed_table(checked: pipeline.Result) -> None:
    [table] = [t for t in checked.tables if t.document == "forloebsprogram.pdf"]
    assert (table.id, table.page, table.proposal, table.unit, table.price_base) == \
        ("p1-t1", 1, 0, "1.000 kr.", "2027 p/l")
    assert table.title == "Tabel 1. Forslagets samlede økonomiske konsekvenser"
    assert table.proposal_title == "Forløbsprogram for unge på midlertidigt botilbud"
    assert list(table.df.columns) == ["2026", "2027", "2028", "2029", "2030", "2031"]
    assert table.df.index[1] == "Besparelse på køb §107 ved forløbsprogram"
    assert list(table.df.iloc[1]) == [pd.NA, Decimal(-5090), Decimal(-10180), Decimal(-20940), Decimal(-23320),
                                      Decimal(-25120)]
    assert table.df.iloc[0].isna().all() and table.rows.role.iloc[0] == "section"
    assert table.rows.loc["Huslejetilskud*", "category"] == "Overførsler"
    # the wrong grand total, recomputed from the frame as a reader would
    items = table.df.loc[["Samlet varig ændring", "Samlede implementeringsomkostninger"], "2030"]
    assert items.dropna().sum() == Decimal(-10480) != table.df.loc["Samlet økonomisk påvirkning", "2030"]
    assert sum(len(t.df) for t in checked.tables) == sum(len(r.rows) for r in
                                                        (t.source for t in checked.tables))
    # in the run's language (Danish by default)
    assert len(repr(table)) < 160 and "· forslag 1, tabel 1 · side 1 ·" in repr(table) and "p1" not in repr(table)
    assert table.label == "forslag 1, tabel 1" and repr(table).startswith("<Tabel forloebsprogram.pdf ·")
    assert table.title in table._repr_html_() and "-10140" in table._repr_html_()


def test_repr_is_short_and_counts_what_was_found(checked: pipeline.Result) -> None:
    text = repr(checked)  # in the run's language (Danish by default)
    assert len(text) < 140, text
    assert re.fullmatch(r"<Resultat 10 dokumenter: 3 i orden, 1 fejl fundet, 1 ikke kontrolleret, 5 kan ikke læses · "
                        r"(\d+) tabeller · (\d+) kontroller · (\d+) fund>", text), text
    counts = f"· {len(checked.tables)} tabeller · {len(checked.checks)} kontroller · {len(checked.findings)} fund>"
    assert counts in text


def test_one_file_as_a_string_path(tmp_path: Path) -> None:
    pdf = tmp_path / "forslag.pdf"
    build(simple_doc(), pdf)
    result = pipeline.check(str(pdf), lang="en", second_reader=False)
    assert repr(result) == "<Result 1 document: 1 ok, 0 flagged · 1 table · 3 checks · 0 findings>"
    assert result.documents.document.tolist() == ["forslag.pdf"] and result.input_dir == tmp_path
    total = result.tables[0].df.iloc[-1]
    assert (total.name, list(total)) == ("Samlet varig ændring", [Decimal(-300), Decimal(-600), Decimal(-600)])


def test_files_and_folders_mixed(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    build(SAMPLES["forloebsprogram.pdf"], tmp_path / "a" / "forloeb.pdf")
    build(simple_doc(), tmp_path / "b" / "team.pdf")
    (tmp_path / "b" / "empty.pdf").write_bytes(b"")
    result = pipeline.check([tmp_path / "a" / "forloeb.pdf", str(tmp_path / "b"), tmp_path / "b" / "team.pdf"],
                            lang="en", second_reader=False, jobs=2)
    docs = result.documents
    assert list(zip(docs.document, docs.status, docs.error.astype("string").fillna(""), strict=True)) == [
        ("a/forloeb.pdf", "flagged", ""), ("b/empty.pdf", "error", "empty"), ("b/team.pdf", "ok", "")]
    assert result.findings.message.str.contains("is stated as").any()
    out = result.to_folder(tmp_path / "out", validate=False)
    page = (out / "report" / "a_forloeb.pdf.html")
    assert page.is_file(), sorted(p.name for p in (out / "report").iterdir())
    assert "data:image/png;base64," in page.read_text(encoding="utf-8")  # the PDF was found for its picture


def test_bad_arguments_are_refused_before_anything_is_read(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="nowhere.pdf"):
        pipeline.check(tmp_path / "nowhere.pdf")
    with pytest.raises(ValueError, match="lang"):
        pipeline.check(tmp_path, lang="de")
    with pytest.raises(ValueError, match="nothing to check"):
        pipeline.check([])
    with pytest.raises(ValueError, match="jobs"):
        pipeline.check(tmp_path, jobs=0)
    with pytest.raises(TypeError, match="int"):
        pipeline.check([tmp_path, 3])  # type: ignore[list-item]


def test_unreadable_only_gives_empty_frames_of_the_same_types(tmp_path: Path) -> None:
    (tmp_path / "empty.pdf").write_bytes(b"")
    result = pipeline.check(tmp_path)
    assert_typed(result)
    assert result.documents.error.tolist() == ["empty"] and result.cells.empty and result.tables == []


def test_the_command_does_not_load_the_api() -> None:
    code = "import sys, pipeline.cli; print('pandas' in sys.modules, callable(pipeline.check), 'pandas' in sys.modules)"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.split() == ["False", "True", "True"]


def test_everything_public_has_a_docstring() -> None:
    import pipeline.api as api

    for obj in (pipeline, api, api.check, api.Result, api.Table, api.typed_frame, api.Result.to_folder,
                api.Result.documents, api.Result.cells, api.Result.checks, api.Result.findings,
                api.Result.tables, api.Result.summary):
        assert (obj.__doc__ or "").strip(), obj


@pytest.mark.corpus
@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not beside the checkout")
def test_corpus_to_folder_equals_pipeline_run(corpus_run: tuple[Path, subprocess.CompletedProcess[str]],
                                              tmp_path: Path) -> None:
    cli, proc = corpus_run  # `pipeline run` over the corpus, validation and reports included
    assert proc.returncode == 3, proc.stderr  # the corpus has unreadable bad_* inputs on purpose
    result = pipeline.check(CORPUS)
    result.to_folder(tmp_path / "api")
    assert_same_folder(tmp_path / "api", cli, tmp_path)
    assert_typed(result)
    assert len(result.tables) == result.documents.tables.sum() > 0


@pytest.mark.skipif(not (SHARED / "CONTRACT.md").is_file(), reason="../shared is not beside the checkout")
def test_docs_contract_is_the_shared_contract() -> None:
    assert (ROOT / "docs" / "contract.md").read_bytes() == (SHARED / "CONTRACT.md").read_bytes()
