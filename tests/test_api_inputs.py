"""What camelot and pdfplumber users reach for, on PDFs the tests build: a PDF as bytes or a
file object, `pages=`, reader settings (`settings=`, `--settings FILE`), `Result.tables` by
document, a table's CSV, workbook, picture and floats, and reprs in the run's language.
The page selection and the settings file are also tested below the PDF layer."""
from __future__ import annotations

import io
import json
from decimal import Decimal
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from PIL import Image

import pipeline
from conftest import build, run_cli, simple_doc
from pdfgen.synth import SynthDoc, SynthRow, SynthTable
from pipeline.errors import SettingsError, UsageError
from pipeline.run.hints import load_settings, page_selection, reader_settings
from pipeline.tables.settings import DEFAULT, InvalidSetting, UnknownSetting, settings_from


def two_pages(path: Path) -> Path:
    """Two proposals' tables, one on each page (the second one's total is wrong)."""
    second = SynthTable(title="Tabel 2. Anlæg", unit="1.000 kr.", columns=["2027", "2028"], rows=[
        SynthRow("Ombygning", [1000, 500]), SynthRow("Inventar", [200, 100]),
        SynthRow("Anlæg i alt", [1200, 700], role="total")])
    doc = simple_doc()
    build(SynthDoc(title=doc.title, blocks=doc.blocks + [("pagebreak",), "Anlæg.", second]), path)
    return path


# ---------------------------------------------------------------- below the PDF layer
def test_page_selection_reads_what_people_write() -> None:
    assert page_selection(None) is None
    assert page_selection("1-3, 7") == frozenset({1, 2, 3, 7})
    assert page_selection(4) == frozenset({4}) and page_selection([2, 5]) == frozenset({2, 5})
    for bad in ("3-1", "0", "x", "", [0], True, ["1"]):
        with pytest.raises(UsageError):
            page_selection(bad)  # type: ignore[arg-type]


def test_settings_are_checked_by_name_and_rule() -> None:
    assert settings_from({}) == DEFAULT and settings_from({"cell_gap": 1.2}).cell_gap == 1.2
    assert settings_from({"cell_gap": 1.2}).changed() == {"cell_gap": 1.2}
    with pytest.raises(UnknownSetting):
        settings_from({"cell_gapp": 1})
    with pytest.raises(InvalidSetting) as bad:
        settings_from({"page_top": 2})
    assert (bad.value.name, bad.value.rule) == ("page_top", "fraction")
    with pytest.raises(SettingsError) as error:
        reader_settings({"cell_gapp": 1}, "x.toml")
    assert error.value.key == "reader-setting-unknown" and error.value.params["known"].startswith("cell_gap")


def test_a_settings_file_top_level_or_in_a_reader_section(tmp_path: Path) -> None:
    (tmp_path / "a.toml").write_text("cell_gap = 1.1\n", encoding="utf-8")
    (tmp_path / "b.toml").write_text("[reader]\nindent_step = 0.8\n", encoding="utf-8")
    (tmp_path / "c.toml").write_text("[reader]\nindent_step = 0.8\n[smtp]\nhost = 'x'\n", encoding="utf-8")
    (tmp_path / "d.toml").write_text("cell_gap = \n", encoding="utf-8")
    assert load_settings(tmp_path / "a.toml").changed() == {"cell_gap": 1.1}
    assert load_settings(tmp_path / "b.toml").changed() == {"indent_step": 0.8}
    for name, key in (("c.toml", "config-section"), ("d.toml", "config-toml"), ("none.toml", "config-missing")):
        with pytest.raises(SettingsError) as error:
            load_settings(tmp_path / name)
        assert error.value.key == key, name


# ---------------------------------------------------------------- the API
def test_bytes_and_file_objects_read_as_the_file_does(tmp_path: Path) -> None:
    pdf = two_pages(tmp_path / "forslag.pdf")
    by_path = pipeline.check(pdf, second_reader=False)
    by_bytes = pipeline.check(pdf.read_bytes(), name="forslag.pdf", second_reader=False)
    with open(pdf, "rb") as f:
        by_file = pipeline.check(f, name="forslag.pdf", second_reader=False)
    unnamed = pipeline.check(io.BytesIO(pdf.read_bytes()), second_reader=False)
    for result in (by_bytes, by_file):
        for frame in ("documents", "cells", "checks", "findings"):
            pd.testing.assert_frame_equal(getattr(result, frame), getattr(by_path, frame))
    assert unnamed.documents.document.tolist() == ["document.pdf"]
    assert unnamed.documents.sha256.tolist() == by_path.documents.sha256.tolist()
    written = by_bytes.to_folder(tmp_path / "out", validate=False)  # the PDF is still there for its pictures
    assert (written / "report.html").is_file() and (written / "findings.csv").read_text(encoding="utf-8")
    with pytest.raises(ValueError):
        pipeline.check(pdf, name="x.pdf")  # a name names bytes, not a path
    with pytest.raises(TypeError):
        pipeline.check(io.StringIO("text"))


def test_pages_reads_only_the_pages_asked_for_and_says_so(tmp_path: Path) -> None:
    pdf = two_pages(tmp_path / "forslag.pdf")
    whole = pipeline.check(pdf, second_reader=False, lang="en")
    second = pipeline.check(pdf, pages="2", second_reader=False, lang="en")
    assert sorted(whole.cells.page.unique()) == [1, 2] and sorted(second.cells.page.unique()) == [2]
    assert second.documents.pages.tolist() == [2]  # the file's pages, as in documents.csv
    assert second.findings.label.tolist() == whole.findings.label.tolist() == ["Anlæg i alt"]
    [note] = [n for n in second.document_results[0].notes if n.code == "pages-chosen"]
    assert note.params == {"pages": [2]}
    assert not [n for n in whole.document_results[0].notes if n.code == "pages-chosen"]
    first = pipeline.check(pdf, pages=[1], second_reader=False)
    assert first.findings.empty and first.documents.status.tolist() == ["ok"]


def test_settings_change_the_reading(tmp_path: Path) -> None:
    pdf = two_pages(tmp_path / "forslag.pdf")
    strict = {"min_figure_lines": 9}  # a table needs nine lines of figures: none here has
    assert len(pipeline.check(pdf, second_reader=False).tables) == 2
    assert len(pipeline.check(pdf, settings=strict, second_reader=False).tables) == 0
    (tmp_path / "s.toml").write_text("[reader]\nmin_figure_lines = 9\n", encoding="utf-8")
    assert len(pipeline.check(pdf, settings=tmp_path / "s.toml", second_reader=False).tables) == 0
    with pytest.raises(ValueError, match="cell_gapp"):
        pipeline.check(pdf, settings={"cell_gapp": 1})
    with pytest.raises(ValueError, match="reader"):
        pipeline.check(pdf, reader="tesseract")
    with pytest.raises(ValueError, match="memory"):
        pipeline.check(pdf, memory_limit=1)


def test_tables_by_document_csv_excel_picture_and_floats(tmp_path: Path) -> None:
    two_pages(tmp_path / "a.pdf")
    build(simple_doc(), tmp_path / "b.pdf")
    (tmp_path / "c.pdf").write_bytes(b"not a pdf")
    result = pipeline.check(tmp_path, second_reader=False, jobs=1)
    assert [t.id for t in result.tables["a.pdf"]] == ["p1-t1", "p1-t2"] and len(result.tables["b.pdf"]) == 1
    assert result.tables["c.pdf"] == [] and result.tables[0] is result.tables["a.pdf"][0]
    with pytest.raises(KeyError):
        result.tables["d.pdf"]
    table = result.tables["a.pdf"][1]
    text = table.to_csv()
    assert text.splitlines() == ["label,2027,2028", "Ombygning,1000,500", "Inventar,200,100", "Anlæg i alt,1200,700"]
    back = pd.read_csv(io.StringIO(text), index_col="label")
    assert back.loc["Inventar", "2028"] == 100
    floats = table.as_float()
    assert str(floats.dtypes.iloc[0]) == "Float64" and floats.mean(numeric_only=True).tolist() == [800.0, 1300 / 3]
    assert table.df.mean(numeric_only=True).empty  # why as_float is there: Decimal columns are objects
    table.to_excel(tmp_path / "t.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "t.xlsx").active
    assert sheet.title == "p1-t2" and [c.value for c in sheet[4]] == ["Anlæg i alt", 1200, 700]
    png = table.picture()
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG" and image.width > 100 and image.height > 30
    with pytest.raises(ValueError):
        table.picture(page=1)
    assert isinstance(table.df.iloc[0, 0], Decimal)


def test_reprs_speak_the_run_language(tmp_path: Path) -> None:
    pdf = two_pages(tmp_path / "forslag.pdf")
    da, en = pipeline.check(pdf, second_reader=False), pipeline.check(pdf, second_reader=False, lang="en")
    assert repr(da) == "<Resultat 1 dokument: 0 i orden, 1 fejl fundet · 2 tabeller · 5 kontroller · 1 fund>"
    assert repr(en) == "<Result 1 document: 0 ok, 1 flagged · 2 tables · 5 checks · 1 finding>"
    assert repr(da.tables[1]).startswith("<Tabel forslag.pdf · forslag 1, tabel 2 · side 2 · 3 rækker × 2 kolonner")
    assert repr(en.tables[1]).startswith("<Table forslag.pdf · proposal 1, table 2 · page 2 · 3 rows × 2 columns")
    assert "side 2" in da.tables[1]._repr_html_() and "page 2" in en.tables[1]._repr_html_()


# ---------------------------------------------------------------- the command
def test_run_with_settings_and_pages(tmp_path: Path) -> None:
    pdf = two_pages(tmp_path / "in" / "forslag.pdf")
    (tmp_path / "bad.toml").write_text("[reader]\ncell_gapp = 1\n", encoding="utf-8")
    (tmp_path / "strict.toml").write_text("min_figure_lines = 9\n", encoding="utf-8")
    bad = run_cli("run", pdf.parent, "--out", tmp_path / "o1", "--settings", tmp_path / "bad.toml", "--no-validate")
    assert bad.returncode == 2 and "cell_gapp" in bad.stderr and "cell_gap" in bad.stderr
    assert not (tmp_path / "o1" / "documents.csv").exists()
    bad_pages = run_cli("run", pdf.parent, "--out", tmp_path / "o1", "--pages", "2-1", "--no-validate")
    assert bad_pages.returncode == 2 and "2-1" in bad_pages.stderr
    strict = run_cli("run", pdf.parent, "--out", tmp_path / "o2", "--settings", tmp_path / "strict.toml",
                     "--no-validate", "--no-reports", "--no-second-reader")
    assert strict.returncode == 0, strict.stderr  # no table found: unchecked, not an error
    assert (tmp_path / "o2" / "cells.csv").read_text(encoding="utf-8").count("\n") == 1
    made = json.loads((tmp_path / "o2" / "run.json").read_text(encoding="utf-8"))["made"]
    assert made["settings"] == {"min_figure_lines": 9}
    first = run_cli("run", pdf.parent, "--out", tmp_path / "o3", "--pages", "1", "--no-validate", "--no-reports",
                    "--no-second-reader")
    assert first.returncode == 0, first.stderr
    result = json.loads((tmp_path / "o3" / "docs" / "forslag.pdf" / "result.json").read_text(encoding="utf-8"))
    [note] = result["notes"]
    assert (note["code"], note["params"], result["pages"]) == ("pages-chosen", {"pages": [1]}, 2)
    assert note["text"].startswith("Kun side 1 er læst")
