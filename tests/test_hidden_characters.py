"""Characters that act without being seen — format characters (Cf: the right-to-left override
U+202E, zero-width spaces) as control characters (Cc) before them — are shown escaped wherever
names and labels are shown to people: the terminal, report.html, report.xlsx and the e-mail
(issue 19).  The file and its text are built here (tests/fontpdf.py, pdfgen)."""
from __future__ import annotations

import csv

from fontpdf import mapped_glyph
from mailserver import Server, env_for, free_port, text_of

from conftest import run_cli
from pdfgen.samples import FORLOEB
from pdfgen.synth import build_pdf
from pipeline.errors import ExitCode
from pipeline.notify.message import header_text
from pipeline.report.xlsx import clean_text
from pipeline.run.discover import safe_name
from pipeline.text.shown import shown

RLO, ZWSP = "\u202e", "\u200b"
HIDDEN = (RLO, ZWSP)


def test_shown_escapes_what_acts_unseen_and_keeps_the_rest():
    assert shown(RLO + "gnp.exe.pdf") == "\\u202egnp.exe.pdf"
    assert shown("Skole" + ZWSP + "drift\x07") == "Skole\\u200bdrift\\x07"
    assert shown("Anlæg – 2027 «æøå»\n\t") == "Anlæg – 2027 «æøå»\n\t"
    assert shown("\U000e0001tag") == "\\U000e0001tag"
    assert safe_name(RLO + "gnp.exe.pdf") == "\\u202egnp.exe.pdf" and safe_name("bell\x07.pdf") == "bell\\x07.pdf"
    assert clean_text("a" + RLO + "b\x01") == "a\\u202eb\ufffd"
    assert header_text("Budget" + RLO + "\r\nBcc: x") == "Budget\\u202e Bcc: x"


def test_a_name_and_a_text_with_hidden_characters_are_shown_escaped(tmp_path):
    folder, out, port = tmp_path / "in", tmp_path / "out", free_port()
    build_pdf(FORLOEB, folder / (RLO + "gnp.exe.pdf"))  # a document with findings
    build_pdf(FORLOEB, folder / ("plan" + ZWSP + ".pdf"))
    mapped_glyph(folder / "title.pdf", b"202E")  # its title: "Budget <U+202E> 2027"
    with Server(port) as inbox:
        proc = run_cli("nightly", folder, "--out", out, "--no-second-reader", env=env_for(port))
    assert proc.returncode == ExitCode.FINDINGS, proc.stdout + proc.stderr
    with (out / "documents.csv").open(encoding="utf-8", newline="") as f:
        names = {d["document"] for d in csv.DictReader(f)}
    assert names == {"\\u202egnp.exe.pdf", "plan\\u200b.pdf", "title.pdf"}
    terminal = proc.stdout + proc.stderr
    assert "\\u202egnp.exe.pdf" in terminal and not any(h in terminal for h in HIDDEN)
    index = (out / "report.html").read_text(encoding="utf-8")
    assert "\\u202egnp.exe.pdf" in index and "Budget \\u202e 2027" in index
    pages = [p.read_text(encoding="utf-8") for p in (out / "report").glob("*.html")]
    assert not any(h in text for text in [index, *pages] for h in HIDDEN)
    from openpyxl import load_workbook

    book = load_workbook(out / "report.xlsx")
    cells = [str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    assert "\\u202egnp.exe.pdf" in cells and not any(h in c for c in cells for h in HIDDEN)
    (msg,) = inbox.messages
    plain = msg.get_body(preferencelist=("plain",)).get_content()
    html = msg.get_body(preferencelist=("html",)).get_content()
    assert "\\u202egnp.exe.pdf" in plain and "\\u202egnp.exe.pdf" in html
    assert not any(h in text for text in (plain, html, str(msg["Subject"]), text_of(msg)) for h in HIDDEN)
