"""The reports people read: HTML with crops, Excel, Parquet, and the validation of the data."""
from __future__ import annotations

import base64
import csv
import json
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest

from pipeline.errors import ExitCode
from pipeline.text.messages import fmt, table_label
from pdfgen.samples import FORLOEB
from pdfgen.synth import SynthDoc, SynthRow as R, SynthTable, build_pdf

from conftest import run_cli


class Collect(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def parse(path: Path) -> list[tuple[str, dict]]:
    p = Collect()
    p.feed(path.read_text(encoding="utf-8"))
    return p.tags


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("in")
    build_pdf(FORLOEB, folder / "forloeb.pdf")
    evil = SynthDoc(title="Forslag <b>fed</b>", blocks=[SynthTable(
        title="Tabel 1. Forslagets samlede økonomiske konsekvenser", columns=["2027", "2028"],
        rows=[R("<script>alert(1)</script> & mere", [-500, -1000]), R("Drift", [200, 400]),
              R("Samlet varig ændring", [-300, -500], role="total")])])
    build_pdf(evil, folder / "evil.pdf")
    (folder / "empty.pdf").write_bytes(b"")
    out = tmp_path_factory.mktemp("out")
    proc = run_cli("run", folder, "--out", out)
    assert proc.returncode == ExitCode.UNREADABLE, proc.stdout + proc.stderr
    return folder, out, proc


def table_findings(out: Path) -> list[dict]:
    with (out / "findings.csv").open(encoding="utf-8") as f:
        return [r for r in csv.DictReader(f) if r["kind"] != "narrative"]


def test_html_report_has_a_picture_per_table_and_a_highlight_for_every_finding(run):
    _, out, proc = run
    index = parse(out / "report.html")
    links = [a["href"] for t, a in index if t == "a" and a.get("href", "").startswith("report/")]
    assert len(set(links)) == 3
    found = table_findings(out)
    assert len(found) == 3  # two in the Forløbsprogram table, one in evil.pdf
    for document in {f["document"] for f in found}:
        page = out / "report" / f"{document}.html"
        tags = parse(page)
        crops = [a for t, a in tags if t == "img" and "crop" in a.get("class", "")]
        wrong = [a for t, a in tags if t == "td" and "wrong" in a.get("class", "")]
        want = sum(1 for f in found if f["document"] == document)
        assert len(wrong) == want
        assert len(crops) == len({f["table"] for f in found if f["document"] == document}) == 1
        for img in crops:
            assert img["src"].startswith("data:image/png;base64,")
            assert base64.b64decode(img["src"].split(",", 1)[1])[:8] == b"\x89PNG\r\n\x1a\n"
    # self-contained: nothing fetched from anywhere
    for page in [out / "report.html", out / "validation.html", *(out / "report").glob("*.html")]:
        for tag, attrs in parse(page):
            for key in ("src", "href"):
                assert not attrs.get(key, "").startswith(("http:", "https:", "//")), (page, tag, attrs)
            assert tag not in ("script", "link")


def test_overview_lists_what_needs_a_person_first_and_every_finding(run):
    """report.html: flagged documents first, then unchecked, unreadable, ok (by name within
    each); below them every finding, one line each with a link to its document's page."""
    import re

    _, out, _ = run
    html = (out / "report.html").read_text(encoding="utf-8")
    table, findings = html.split('<ul class="findings">')
    order = re.findall(r'<tr><td><a href="report/[^"]+">([^<]+)</a>', table)
    assert order == ["evil.pdf", "forloeb.pdf", "empty.pdf"]
    lines = re.findall(r"<li>(.*?)</li>", findings.split("</ul>")[0])
    with (out / "findings.csv").open(encoding="utf-8") as f:
        contract = list(csv.DictReader(f))
    assert len(lines) == len(contract) >= 4
    for row in contract:
        message = row["message"].replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        line = next(li for li in lines if message.replace('"', "&quot;") in li or message in li)
        assert f'href="report/{row["document"]}.html"' in line and f'Side {row["page"]}' in line
    headings = re.findall(r"<th>([^<]+)</th>", table)
    assert "Fund i tabeller" in headings and "Hvorfor den ikke kan læses" in headings and "Fejl" not in headings


def test_report_escapes_document_text(run):
    _, out, _ = run
    text = (out / "report" / "evil.pdf.html").read_text(encoding="utf-8")
    assert "<script" not in text.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; mere" in text
    assert ("script", {}) not in parse(out / "report" / "evil.pdf.html")


def test_workbook_marks_wrong_totals(run):
    from openpyxl import load_workbook

    _, out, _ = run
    wb = load_workbook(out / "report.xlsx")
    assert wb.sheetnames[:3] == ["Fund", "Dokumenter", "Tabeller"]
    findings = list(wb["Fund"].iter_rows(min_row=2, values_only=True))
    assert len(findings) == sum(1 for _ in csv.DictReader((out / "findings.csv").open(encoding="utf-8")))
    index = {(row[1], row[2]): row[0] for row in wb["Tabeller"].iter_rows(min_row=2, values_only=True)}
    assert all(name in wb.sheetnames and wb["Tabeller"].cell(i + 2, 1).hyperlink.location == f"'{name}'!A1"
               for i, name in enumerate(index.values()))
    for sheet in (wb["Fund"], wb["Dokumenter"], wb["Tabeller"]):
        assert sheet.auto_filter.ref and sheet.auto_filter.ref.startswith("A1:")
    for f in table_findings(out):
        sheet = wb[index[(f["document"], table_label(f["table"], "da", capital=True))]]
        assert sheet.title.startswith(table_label(f["table"], "da", capital=True))
        header = [c.value for c in sheet[5]]
        col = header.index(f["column"]) + 1
        row = next(r for r in range(6, sheet.max_row + 1) if sheet.cell(r, 1).value == f["label"])
        cell = sheet.cell(row, col)
        assert cell.value == float(f["stated"])
        assert cell.fill.fgColor.rgb.endswith("FFD7D5")
        assert cell.comment is not None and f"Genberegnet: {fmt(Decimal(f['recomputed']))}" in cell.comment.text
        roles = {sheet.cell(r, 3).value for r in range(6, sheet.max_row + 1)}
        assert "total" in roles and "post" in roles and "item" not in roles  # roles in the run's language
        assert cell.number_format.startswith("[$-406]#,##0")


def test_parquet_copies(run):
    import pandas as pd

    _, out, _ = run
    for name in ("documents", "cells", "findings"):
        frame = pd.read_parquet(out / "parquet" / f"{name}.parquet")
        with (out / f"{name}.csv").open(encoding="utf-8") as f:
            assert len(frame) == sum(1 for _ in csv.DictReader(f))
    cells = pd.read_parquet(out / "parquet" / "cells.parquet")
    assert str(cells["value"].dtype).startswith("float") and (cells["page"] >= 1).all()


def test_validation_runs_offline_and_passes(run):
    folder, out, proc = run
    result = json.loads((out / "validation.json").read_text())
    assert result["success"] is True
    assert {s["suite"] for s in result["suites"]} == {"documents", "cells", "checks", "findings", "totals"}
    assert "Validering (Great Expectations): alle" in proc.stdout
    assert not (folder / "gx").exists() and not (out / "gx").exists() and not Path("gx").exists()


def test_a_broken_cells_file_fails_validation_readably(run, tmp_path):
    import shutil

    _, out, _ = run
    broken = tmp_path / "broken"
    shutil.copytree(out, broken)
    rows = list(csv.DictReader((broken / "cells.csv").open(encoding="utf-8")))
    rows[0]["unit"] = "kroner"
    rows[1]["value"] = "fem"
    rows.append(dict(rows[2]))  # a duplicated cell
    with (broken / "cells.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    proc = run_cli("validate", broken)
    assert proc.returncode == ExitCode.INVALID
    assert "forventninger IKKE opfyldt" in proc.stdout
    assert "cells.unit: column values to be in set ikke opfyldt" in proc.stdout and "kroner" in proc.stdout
    assert "cells.value: column values to match regex ikke opfyldt" in proc.stdout and "fem" in proc.stdout
    assert "compound columns to be unique ikke opfyldt" in proc.stdout
    assert "IKKE BESTÅET" in (broken / "validation.html").read_text(encoding="utf-8")


def test_english_reports(tmp_path):
    build_pdf(FORLOEB, tmp_path / "in" / "f.pdf")
    proc = run_cli("run", tmp_path / "in", "--out", tmp_path / "out", "--lang", "en")
    assert proc.returncode == ExitCode.FINDINGS
    text = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert "Budget proposal check" in text and "1 documents: 0 ok, 1 flagged" in text
    from openpyxl import load_workbook
    assert load_workbook(tmp_path / "out" / "report.xlsx").sheetnames[0] == "Findings"


def test_workbook_text_is_never_a_formula_and_numbers_stay_numbers(tmp_path):
    import zipfile

    from openpyxl import load_workbook

    labels = ['=HYPERLINK("http://x","klik")', "+Tillæg\x07drift", "@Samlet varig ændring"]
    doc = SynthDoc(title="=1+1", blocks=[SynthTable(
        title="Tabel 1. Forslagets samlede økonomiske konsekvenser", columns=["2027", "2028"],
        rows=[R(labels[0], [-500, -1000]), R(labels[1], [200, 400]), R(labels[2], [-300, -500], role="total")])])
    build_pdf(doc, tmp_path / "in" / "-formel.pdf")
    proc = run_cli("run", tmp_path / "in", "--out", tmp_path / "out", "--no-second-reader")
    assert proc.returncode == ExitCode.FINDINGS, proc.stderr
    with zipfile.ZipFile(tmp_path / "out" / "report.xlsx") as z:
        sheets = [z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("xl/worksheets/")]
    assert sheets and not any("<f>" in s or "<f " in s for s in sheets)  # no formula anywhere
    wb = load_workbook(tmp_path / "out" / "report.xlsx")
    table = wb["Forslag 1, tabel 1"]
    cells = {c.value: c for row in table.iter_rows() for c in row if isinstance(c.value, str)}
    # the control character: pdfplumber reads it as U+0000, which is replaced (U+FFFD); PDFium
    # reads the glyph it drew (none) as a space
    control = "+Tillæg\ufffddrift" if "+Tillæg\ufffddrift" in cells else "+Tillæg drift"
    assert not any(ch < " " and ch not in "\n\t" for text in cells for ch in text)
    for text in (labels[0], control, labels[2], "-formel.pdf"):
        assert text in cells, (text, list(cells))
        assert cells[text].data_type == "s" and cells[text].quotePrefix
    figures = [c for row in table.iter_rows(min_row=6) for c in row[3:] if c.value is not None]
    assert figures and all(c.data_type == "n" and isinstance(c.value, (int, float)) for c in figures)
    assert -1000 in [c.value for c in figures]


def test_people_read_proposal_titles_and_tables_counted_from_1(run):
    """report.html, the document pages and the workbook name each finding's proposal by its
    title and number from 1, and a table as `Forslag 1, tabel 1`: never the contract's `p1-t1`,
    which beside a page number reads as page 1.  The contract files keep `p1-t1` and 0."""
    import re

    from openpyxl import load_workbook

    _, out, _ = run
    title = "Forløbsprogram for unge på midlertidigt botilbud"

    def visible(path: Path) -> str:  # the text a reader sees: no tags, no attributes
        return re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8"))

    index, page = visible(out / "report.html"), visible(out / "report" / "forloeb.pdf.html")
    assert f"Forslag 1: {title}" in index
    assert f"Forslag 1: {title}, tabel 1 · Side 1 · Type: samlet total" in page
    assert "Forslag 1, tabel 1: Tabel 1. Forslagets samlede økonomiske konsekvenser" in page
    for text in (index, page):
        assert "p1-t1" not in text and "Forslag 0" not in text
    wb = load_workbook(out / "report.xlsx")
    head, *rows = list(wb["Fund"].iter_rows(values_only=True))
    assert head[:5] == ("Dokument", "Forslag", "Forslagets titel", "Tabel", "Side")
    assert ("forloeb.pdf", 1, title, 1, 1) in [row[:5] for row in rows]
    with (out / "findings.csv").open(encoding="utf-8") as f:
        contract = [r for r in csv.DictReader(f) if r["document"] == "forloeb.pdf" and r["kind"] != "narrative"]
    assert {(r["proposal"], r["table"]) for r in contract} == {("0", "p1-t1")}
