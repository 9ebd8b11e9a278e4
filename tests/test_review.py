"""A person's review: the review file, `pipeline accept`, `--reviewed`, and copies in a batch.

Below the PDF layer on hand-built results (`review.apply`, `copies.fold_copies`), then end to
end: `pipeline run`, `pipeline accept` and `pipeline nightly` as real subprocesses over PDFs
the tests build."""
from __future__ import annotations

import csv
import dataclasses
import email
import json
import os
import shutil
from decimal import Decimal
from email import policy
from pathlib import Path

import pytest
from mailserver import text_of

from conftest import build, run_cli, simple_doc
from pdfgen.synth import SynthRow
from pipeline.errors import ExitCode, ReviewFileError
from pipeline.model import Check, DocumentResult, Kind, NoteCode, Review, Status, status_of
from pipeline.report.files import finding_rows
from pipeline.report.validate import copy_rows
from pipeline.run import review
from pipeline.run.copies import fold_copies
from pipeline.text.messages import error_of

SHA_A = "a" * 64
SHA_B = "b" * 64


# ---------------------------------------------------------------- below the PDF layer
def finding(column: str, stated: str, recomputed: str, label: str = "Samlet", table: str = "p1-t1",
            kind: Kind = Kind.COLUMN_TOTAL) -> Check:
    return Check(kind=kind, document="plan.pdf", proposal=0, table=table, page=1, row=3, label=label, column=column,
                 stated=Decimal(stated), recomputed=Decimal(recomputed), tolerance=Decimal("0.5"), unit="1.000 kr.")


def result(*checks: Check, sha256: str = SHA_A, document: str = "plan.pdf") -> DocumentResult:
    return DocumentResult(document=document, sha256=sha256, pages=1, status=status_of(list(checks)),
                          checks=list(checks))


def entry(column: str, stated: str, sha256: str = SHA_A, label: str = "Samlet", table: str = "p1-t1",
          kind: str = "") -> review.Entry:
    return review.Entry(sha256=sha256, table=table, label=label, column=column, stated=Decimal(stated),
                        reason="Forklaret i teksten", by="Mette Jensen", date="2026-12-08", kind=kind)


def test_a_review_silences_exactly_the_findings_it_names():
    two = result(finding("2028", "-700", "-600"), finding("2029", "-500", "-600"), finding("2027", "-300", "-300"))
    (one_accepted,) = review.apply([two], [entry("2028", "-700")])
    assert one_accepted.status == Status.FLAGGED  # the other finding is still open
    assert [f.column for f in one_accepted.open_findings] == ["2029"]
    assert [(f.column, f.accepted is not None) for f in one_accepted.findings] == [("2028", True), ("2029", False)]
    assert [r["review"] for r in finding_rows(one_accepted)] == [Review.ACCEPTED, None]
    assert two.checks[0].accepted is None  # a new result: the one given is untouched
    (both,) = review.apply([two], [entry("2028", "-700"), entry("2029", "-500")])
    assert both.status == Status.REVIEWED and not both.open_findings and len(both.findings) == 2


@pytest.mark.parametrize("other", [
    entry("2028", "-700", sha256=SHA_B),  # another document's bytes (the document changed)
    entry("2028", "-701"),  # another figure printed
    entry("2029", "-700"),  # another column
    entry("2028", "-700", label="Samlet varig ændring"),  # another row
    entry("2028", "-700", table="p1-t2"),  # another table
    entry("2028", "-700", kind="grand-total"),  # another kind, when the entry names one
])
def test_an_entry_that_differs_in_any_key_accepts_nothing(other):
    (still,) = review.apply([result(finding("2028", "-700", "-600"))], [other])
    assert still.status == Status.FLAGGED and still.findings[0].accepted is None


def test_ok_unchecked_and_error_documents_are_left_as_they_are():
    ok = result(finding("2028", "-600", "-600"))
    unreadable = DocumentResult(document="x.pdf", sha256=SHA_A, pages=None, status=Status.ERROR, error="corrupt")
    assert review.apply([ok, unreadable], [entry("2028", "-600")]) == [ok, unreadable]


def test_copies_are_one_document_reported_at_the_first():
    first = result(finding("2028", "-700", "-600"), document="a.pdf")
    copy = result(finding("2028", "-700", "-600"), document="b.pdf")
    other = result(finding("2028", "-600", "-600"), document="c.pdf", sha256=SHA_B)
    empty1 = DocumentResult(document="d.pdf", sha256="e" * 64, pages=None, status=Status.ERROR, error="empty")
    empty2 = DocumentResult(document="e.pdf", sha256="e" * 64, pages=None, status=Status.ERROR, error="empty")
    folded = fold_copies([first, copy, other, empty1, empty2])
    assert folded[0] is first and folded[2] is other and folded[3:] == [empty1, empty2]
    assert folded[1].status == Status.FLAGGED and folded[1].checks == [] and folded[1].tables == []
    assert [(n.code, n.params) for n in folded[1].notes] == [(NoteCode.COPY_OF, {"document": "a.pdf"})]
    # documents.csv: the copy's row (0 checks, 0 findings) is consistent because of its original above it
    assert copy_rows([SHA_A, SHA_A, SHA_B, "e" * 64, "e" * 64],
                     ["flagged", "flagged", "ok", "error", "error"]) == [False, True, False, False, False]


# ---------------------------------------------------------------- the file
GOOD = f"""# accepted after the budget meeting
[[accepted]]
sha256 = "{SHA_A}"
document = "plan.pdf"
table = "p1-t1"
label = "Samlet"
column = "2028"
stated = "-700"
reason = "Forklaret i teksten"
by = "Mette Jensen"
date = 2026-12-08
"""


def test_the_file_reads_back_what_accept_writes(tmp_path):
    (read,) = review.parse(GOOD)
    assert read == dataclasses.replace(entry("2028", "-700"), document="plan.pdf")
    path = tmp_path / "review.toml"
    path.write_text(GOOD, encoding="utf-8")
    odd = review.Entry(sha256=SHA_A, table="", label='Tekst med "citat"\\ og\nlinjeskift', column="",
                       stated=Decimal("21.1"), reason="æøå\ttab", by="N. N.", date="2026-12-09", kind="narrative")
    assert review.merge(path, [entry("2028", "-700"), odd]) == (1, 1)  # the first is there already
    text = path.read_text(encoding="utf-8")
    assert text.startswith(GOOD)  # what the file held stays as written, its comment too
    assert review.load(path)[1] == odd
    assert review.merge(path, [odd]) == (0, 1)


@pytest.mark.parametrize("text, key, words", [
    (GOOD.replace("date = 2026-12-08", "date = 2026-12-08\nreviewer = \"x\""), "review-unknown",
     ["reviewer", "linje 12", "nr. 1"]),
    (GOOD.replace('by = "Mette Jensen"\n', ""), "review-key-missing", ["by", "linje 2"]),
    (GOOD.replace('stated = "-700"', 'stated = "-7OO"'), "review-number", ["stated", "linje 8"]),
    (GOOD.replace(SHA_A, "abc"), "review-sha256", ["sha256", "linje 3"]),
    (GOOD.replace("date = 2026-12-08", 'date = "8/12"'), "review-date", ["date", "linje 11"]),
    (GOOD.replace('reason = "Forklaret i teksten"', 'reason = ""'), "review-empty", ["reason", "linje 9"]),
    (GOOD.replace('column = "2028"', "column = 2028"), "review-text", ["column", "linje 7"]),
    (GOOD.replace('label = "Samlet"', 'label = "Samlet'), "review-toml", ["line 6"]),
    ("[accepted]\nx = 1\n", "review-top", ["accepted"]),
    ('note = "x"\n' + GOOD, "review-top", ["note"]),
])
def test_a_malformed_file_is_an_error_naming_the_line_and_key(text, key, words):
    with pytest.raises(ReviewFileError) as caught:
        review.parse(text, "gennemgang.toml")
    assert caught.value.key == key and caught.value.exit_code == ExitCode.USAGE
    sentence = error_of(caught.value, "da")
    assert "gennemgang.toml" in sentence and all(w in sentence for w in words), sentence
    assert "gennemgang.toml" in error_of(caught.value, "en")


# ---------------------------------------------------------------- end to end
def read(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


QUICK = ("--no-second-reader", "--jobs", "1")
WRONG_ROWS = [SynthRow("Besparelse", [-500, -1000, -1000]), SynthRow("Drift", [200, 400, 400]),
              SynthRow("Samlet varig ændring", [-300, -700, -500], role="total")]  # 2028 and 2029 wrong


@pytest.fixture
def folder(tmp_path):
    f = tmp_path / "in"
    build(simple_doc(rows=WRONG_ROWS), f / "wrong.pdf")
    build(simple_doc(), f / "ok.pdf")
    return f


def test_a_review_round(folder, tmp_path):
    out, reviewed = tmp_path / "out", tmp_path / "gennemgang.toml"
    first = run_cli("run", folder, "--out", out, *QUICK, "--no-validate", "--no-reports")
    assert first.returncode == ExitCode.FINDINGS, first.stderr
    assert [(f["column"], f["review"]) for f in read(out / "findings.csv")] == [("2028", ""), ("2029", "")]

    # one of the two accepted: the other still flags its document
    accept = run_cli("accept", reviewed, "--from", out, "--reason", "Rettet i ændringsforslaget", "--by", "Mette",
                     "--date", "2026-12-08")
    assert accept.returncode == ExitCode.OK, accept.stderr
    assert "2 fund accepteret" in accept.stdout
    entries = review.load(reviewed)
    reviewed.write_text(review.entry_text(next(e for e in entries if e.column == "2028")), encoding="utf-8")
    one = run_cli("run", folder, "--out", out, *QUICK, "--reviewed", reviewed)
    assert one.returncode == ExitCode.FINDINGS, one.stderr
    assert [(f["column"], f["review"]) for f in read(out / "findings.csv")] == [("2028", "accepted"), ("2029", "")]
    assert {d["document"]: d["status"] for d in read(out / "documents.csv")}["wrong.pdf"] == "flagged"

    # both accepted (merged into the file): listed, counted for nothing
    again = run_cli("accept", reviewed, "--from", out, "--reason", "Rettet i ændringsforslaget", "--by", "Mette",
                    "--date", "2026-12-08", "--document", "wrong.pdf", "--kind", "column-total")
    assert "1 fund accepteret" in again.stdout and "1 stod der i forvejen" in again.stdout
    both = run_cli("run", folder, "--out", out, *QUICK, "--reviewed", reviewed)
    assert both.returncode == ExitCode.OK, both.stdout + both.stderr
    assert [f["review"] for f in read(out / "findings.csv")] == ["accepted", "accepted"]
    docs = {d["document"]: d for d in read(out / "documents.csv")}
    assert (docs["wrong.pdf"]["status"], docs["wrong.pdf"]["findings"]) == ("reviewed", "2")
    assert "wrong.pdf: GENNEMGÅET" in both.stderr and "1 gennemgået" in both.stdout
    assert "alle" in both.stdout  # the validation accepts a reviewed document
    accepted = "accepteret: Rettet i ændringsforslaget (Mette, 2026-12-08)"
    page = (out / "report" / "wrong.pdf.html").read_text(encoding="utf-8")
    assert page.count(accepted) == 4  # each finding's block, and the tip of each wrong figure
    overview = (out / "report.html").read_text(encoding="utf-8")
    assert "2 fund accepteret (vist gråt)." in overview and "1 gennemgået (hvert fund accepteret)." in overview
    from openpyxl import load_workbook
    sheet = load_workbook(out / "report.xlsx").worksheets[0]
    assert [row[12] for row in sheet.iter_rows(min_row=2, values_only=True)] == [accepted, accepted]
    result = json.loads((out / "docs" / "wrong.pdf" / "result.json").read_text(encoding="utf-8"))
    assert result["findings"][0]["review"]["text"] == accepted

    # a changed document (new bytes) brings them back
    build(simple_doc(rows=WRONG_ROWS, title="Tabel 1. Forslagets økonomi, ny udgave"), folder / "wrong.pdf")
    changed = run_cli("run", folder, "--out", out, *QUICK, "--reviewed", reviewed, "--no-validate", "--no-reports")
    assert changed.returncode == ExitCode.FINDINGS
    assert [f["review"] for f in read(out / "findings.csv")] == ["", ""]


def test_a_malformed_review_file_stops_the_run_before_anything_is_read(folder, tmp_path):
    bad = tmp_path / "gennemgang.toml"
    bad.write_text(GOOD.replace("date = 2026-12-08", "date = 2026-12-08\nwho = \"x\""), encoding="utf-8")
    proc = run_cli("run", folder, "--out", tmp_path / "out", *QUICK, "--reviewed", bad)
    assert proc.returncode == ExitCode.USAGE
    assert "ukendt nøgle who" in proc.stderr and "linje 12" in proc.stderr and str(bad) in proc.stderr
    assert not (tmp_path / "out").exists()
    missing = run_cli("run", folder, "--out", tmp_path / "out", *QUICK, "--reviewed", tmp_path / "nope.toml")
    assert missing.returncode == ExitCode.USAGE and "findes ikke" in missing.stderr
    wrong = run_cli("accept", bad, "--from", tmp_path / "out", "--reason", "r", "--by", "b")
    assert wrong.returncode == ExitCode.USAGE  # no finished run there


def test_a_copy_is_one_document(folder, tmp_path):
    shutil.copyfile(folder / "wrong.pdf", folder / "wrong_copy.pdf")
    out = tmp_path / "out"
    proc = run_cli("run", folder, "--out", out, *QUICK, "--no-reports")
    assert proc.returncode == ExitCode.FINDINGS
    docs = {d["document"]: d for d in read(out / "documents.csv")}
    assert (docs["wrong_copy.pdf"]["status"], docs["wrong_copy.pdf"]["findings"], docs["wrong_copy.pdf"]["checks"]) \
        == ("flagged", "0", "0")
    assert docs["wrong_copy.pdf"]["sha256"] == docs["wrong.pdf"]["sha256"]
    assert {f["document"] for f in read(out / "findings.csv")} == {"wrong.pdf"}  # once
    assert {c["document"] for c in read(out / "cells.csv")} == {"ok.pdf", "wrong.pdf"}
    notes = json.loads((out / "docs" / "wrong_copy.pdf" / "result.json").read_text(encoding="utf-8"))["notes"]
    assert [n["text"] for n in notes] == ["Samme indhold (de samme bytes) som wrong.pdf: læst og rapporteret én gang, "
                                          "dér."]
    assert "alle" in proc.stdout  # validation: the copy's row is consistent
    assert "wrong_copy.pdf: kopi af wrong.pdf (samme bytes): rapporteret dér" in proc.stderr
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert (summary["documents"], summary["read_anew"]) == (3, 2)  # the copy was not read again


def test_nightly_tells_an_acceptance_once_and_a_copy_never(folder, tmp_path):
    shutil.copyfile(folder / "wrong.pdf", folder / "wrong_copy.pdf")
    out, reviewed = tmp_path / "out", tmp_path / "gennemgang.toml"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIPELINE_")}
    first = run_cli("nightly", folder, "--out", out, *QUICK, "--no-validate", "--outbox", out / "outbox",
                    env=env)
    assert first.returncode == ExitCode.FINDINGS, first.stderr
    (eml,) = list((out / "outbox").glob("*.eml"))
    msg = email.message_from_bytes(eml.read_bytes(), policy=policy.default)
    assert msg["Subject"].endswith("2 nye eller ændrede fund, 0 rettet")  # not 4: the copy is one document
    assert "wrong_copy.pdf" not in text_of(msg)
    run_cli("accept", reviewed, "--from", out, "--reason", "Kendt forskel", "--by", "Mette", "--date", "2026-12-08")
    config = tmp_path / "nightly.toml"
    config.write_text('[review]\nfile = "gennemgang.toml"\n', encoding="utf-8")  # beside the settings file
    second = run_cli("nightly", folder, "--out", out, *QUICK, "--no-validate", "--outbox", out / "outbox",
                     "--config", config, env=env)
    assert second.returncode == ExitCode.OK, second.stdout + second.stderr
    new = [p for p in (out / "outbox").glob("*.eml") if p != eml]
    assert len(new) == 1
    msg = email.message_from_bytes(new[0].read_bytes(), policy=policy.default)
    assert msg["Subject"].endswith("0 nye eller ændrede fund, 0 rettet, 2 accepteret")
    body = text_of(msg)
    assert "Accepteret af en person" in body and body.count("accepteret: Kendt forskel (Mette, 2026-12-08)") >= 2
    third = run_cli("nightly", folder, "--out", out, *QUICK, "--no-validate", "--outbox", out / "outbox",
                     "--config", config, env=env)
    assert third.returncode == ExitCode.OK and len(list((out / "outbox").glob("*.eml"))) == 2  # told once
