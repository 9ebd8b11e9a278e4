"""`pipeline run` end to end: a real subprocess over a folder of PDFs the tests build."""
from __future__ import annotations

import csv
import json
import os

import pytest
from pathlib import Path

from pipeline.errors import ExitCode
from pipeline.report.files import CELL_FIELDS, DOCUMENT_FIELDS, FINDING_FIELDS

from conftest import build, encrypted_pdf, run_cli, run_probed, simple_doc


def read(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def header(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()[0].split(",")


def test_batch_over_a_folder(sample_folder, tmp_path):
    out = tmp_path / "out"
    proc = run_cli("run", sample_folder, "--out", out)
    assert proc.returncode == ExitCode.UNREADABLE, proc.stderr
    # exactly the contract files, with the contract's columns
    assert header(out / "documents.csv") == DOCUMENT_FIELDS
    assert header(out / "cells.csv") == CELL_FIELDS
    assert header(out / "findings.csv") == FINDING_FIELDS
    docs = {r["document"]: r for r in read(out / "documents.csv")}
    assert set(docs) == {"business_case.pdf", "familiehuse.pdf", "forloebsprogram.pdf", "gruppetilbud.pdf",
                         "handleplan.pdf", "bad/empty.pdf", "bad/notes.pdf", "bad/truncated.pdf",
                         "bad/locked.pdf", "bad/scan.pdf"}
    # every bad input has its own code and the rest of the batch was read
    assert {k: v["error"] for k, v in docs.items() if v["status"] == "error"} == {
        "bad/empty.pdf": "empty", "bad/notes.pdf": "not-pdf", "bad/truncated.pdf": "corrupt",
        "bad/locked.pdf": "encrypted", "bad/scan.pdf": "no-text-layer"}
    assert docs["forloebsprogram.pdf"]["status"] == "flagged"
    assert docs["business_case.pdf"] == dict(docs["business_case.pdf"], status="ok", tables="3", pages="2")
    assert docs["handleplan.pdf"]["tables"] == "0"
    for name in ("gruppetilbud.pdf", "familiehuse.pdf"):
        assert docs[name]["status"] == "ok" and docs[name]["tables"] == "1"
    # the real discrepancy of the seed, and nothing else among the table findings
    table_findings = [f for f in read(out / "findings.csv") if f["kind"] != "narrative"]
    assert [(f["document"], f["label"], f["column"], f["stated"], f["recomputed"], f["kind"]) for f in table_findings] == [
        ("forloebsprogram.pdf", "Samlet økonomisk påvirkning", "2030", "-8800", "-10480", "grand-total"),
        ("forloebsprogram.pdf", "Samlet økonomisk påvirkning", "2031", "-10140", "-11960", "grand-total"),
    ]
    assert "Samlet varig ændring (-10.480) + Samlede implementeringsomkostninger (0) giver -10.480" in table_findings[0]["message"]
    # one clear line per unreadable file on the terminal, and a summary
    for name in ("bad/empty.pdf", "bad/notes.pdf", "bad/truncated.pdf", "bad/locked.pdf", "bad/scan.pdf"):
        assert sum(1 for line in proc.stderr.splitlines() if line.startswith(name + ": KAN IKKE LÆSES")) == 1
    assert "10 dokumenter læst" in proc.stdout and "1 med fejl" in proc.stdout and "5 kan ikke læses" in proc.stdout
    assert "sider/s" in proc.stdout
    # cells: values in the table's unit and in kroner, boxes on the page
    cells = read(out / "cells.csv")
    first = next(c for c in cells if c["document"] == "forloebsprogram.pdf" and c["column"] == "2027"
                 and c["label"] == "Besparelse på køb §107 ved forløbsprogram")
    assert (first["raw"], first["value"], first["unit"], first["value_dkk"], first["role"], first["category"]) == \
        ("-5.090", "-5090", "1.000 kr.", "-5090000", "item", "Service")
    assert float(first["x0"]) < float(first["x1"]) and float(first["top"]) < float(first["bottom"])
    payback = [c for c in cells if c["label"].startswith("Tilbagebetalingstid")]
    assert payback and all(c["role"] == "other" and c["value_dkk"] == "" for c in payback)
    # one folder per document, with its tables and everything found
    result = json.loads((out / "docs" / "forloebsprogram.pdf" / "result.json").read_text(encoding="utf-8"))
    assert result["status"] == "flagged" and len(result["findings"]) >= 2
    assert (out / "docs" / "forloebsprogram.pdf" / "tables" / "p1-t1.csv").exists()
    assert json.loads((out / "docs" / "bad" / "empty.pdf" / "result.json").read_text())["error"] == "empty"


def test_rerun_gives_identical_contract_files(sample_folder, tmp_path):
    out = tmp_path / "out"
    run_cli("run", sample_folder, "--out", out, "--jobs", "2", "--no-reports", "--no-validate")
    first = {name: (out / name).read_bytes() for name in ("documents.csv", "cells.csv", "findings.csv")}
    run_cli("run", sample_folder, "--out", out, "--jobs", "1", "--no-reports", "--no-validate")
    assert {name: (out / name).read_bytes() for name in first} == first


def test_exit_codes(tmp_path):
    clean, flagged = tmp_path / "clean", tmp_path / "flagged"
    build(simple_doc(), clean / "ok.pdf")
    build(simple_doc(), flagged / "ok.pdf")
    from pdfgen.synth import SynthRow
    build(simple_doc(rows=[SynthRow("Besparelse", [-500, -1000, -1000]), SynthRow("Drift", [200, 400, 400]),
                           SynthRow("Samlet varig ændring", [-300, -700, -600], role="total")]), flagged / "wrong.pdf")
    quick = ("--no-reports", "--no-validate")
    assert run_cli("run", clean, "--out", tmp_path / "o1", *quick).returncode == ExitCode.OK
    proc = run_cli("run", flagged, "--out", tmp_path / "o2", *quick)
    assert proc.returncode == ExitCode.FINDINGS
    found = read(tmp_path / "o2" / "findings.csv")
    assert [(f["document"], f["column"], f["stated"], f["recomputed"], f["kind"]) for f in found] == [
        ("wrong.pdf", "2028", "-700", "-600", "column-total")]
    assert run_cli("run", tmp_path / "missing", "--out", tmp_path / "o3").returncode == ExitCode.USAGE
    assert run_cli("run", "--no-such-flag").returncode == ExitCode.USAGE


def test_owner_password_only_opens(tmp_path):
    encrypted_pdf(tmp_path / "owner_only.pdf", user_password="")
    proc = run_cli("run", tmp_path, "--out", tmp_path / "out", "--no-reports", "--no-validate")
    docs = read(tmp_path / "out" / "documents.csv")
    assert docs[0]["status"] == "unchecked", proc.stderr  # opened and read: it has no table to recompute
    assert docs[0]["pages"] == "1"


def test_english_messages(tmp_path):
    from pdfgen.synth import SynthRow
    build(simple_doc(rows=[SynthRow("Besparelse", [-500, -1000, -1000]),
                           SynthRow("Samlet varig ændring", [-500, -900, -1000], role="total")]), tmp_path / "in" / "a.pdf")
    run_cli("run", tmp_path / "in", "--out", tmp_path / "out", "--lang", "en", "--no-reports", "--no-validate")
    (finding,) = read(tmp_path / "out" / "findings.csv")
    assert finding["message"] == "Samlet varig ændring 2028 is stated as -900, but Besparelse (-1.000) gives -1.000 (1.000 kr.)."


def test_inspect_draws_tables_and_marks_wrong_figures(tmp_path):
    from PIL import Image

    from pdfgen.synth import SynthRow
    pdf = tmp_path / "wrong.pdf"
    build(simple_doc(rows=[SynthRow("Besparelse", [-500, -1000, -1000]), SynthRow("Drift", [200, 400, 400]),
                           SynthRow("Samlet varig ændring", [-300, -700, -600], role="total")]), pdf)
    proc = run_cli("inspect", pdf, "--out", tmp_path / "pics")
    assert proc.returncode == 0, proc.stderr
    assert "Forslag 1, tabel 1, side 1 (vandrette linjer): 3 rækker, 9 tal" in proc.stdout
    (png,) = sorted((tmp_path / "pics").glob("*.png"))
    assert png.name == "wrong-page-1.png"
    image = Image.open(png).convert("RGB")
    assert image.width > 800
    colours = {c for _, c in image.getcolors(maxcolors=1 << 20)}
    assert (214, 39, 40) in colours  # the wrong total is marked in red
    assert (31, 119, 180) in colours  # the table outline
    assert (0, 100, 0) not in colours  # no hierarchy drawn without --debug
    # --debug draws the steps too: candidate columns, header lines, value columns, levels and brackets
    proc = run_cli("inspect", pdf, "--out", tmp_path / "debug", "--debug")
    assert proc.returncode == 0, proc.stderr
    colours = {c for _, c in Image.open(tmp_path / "debug" / "wrong-page-1.png").convert("RGB").getcolors(1 << 20)}
    assert {(0, 100, 0), (148, 103, 189), (127, 127, 127)} <= colours  # hierarchy, header lines, candidates


def test_debug_steps_are_the_tables_columns_and_header(tmp_path):
    """The facts `--debug` draws, without a picture: one candidate column per column of figures,
    the header line over them, the value columns kept with their labels."""
    from pdfgen.synth import SynthRow
    from pipeline.tables.finder import TableFinder, find_tables
    from pipeline.read.reader import read_document

    pdf = tmp_path / "steps.pdf"
    build(simple_doc(rows=[SynthRow("Besparelse", [-500, -1000, -1000]), SynthRow("Drift", [200, 400, 400]),
                           SynthRow("Samlet varig ændring", [-300, -600, -600], role="total")]), pdf)
    doc = read_document(pdf)
    finder = TableFinder(doc)
    regions = finder.tables
    assert regions == find_tables(doc)  # the finder keeps its steps and finds what find_tables finds
    steps = finder.steps[1]
    assert len(steps.blocks) == 1
    (region,) = regions
    assert [label for _, label in steps.columns] == [c.label for c in region.columns if c.kind == "value"] == \
        ["2027", "2028", "2029"]
    assert len(steps.candidates) >= len(steps.columns) == 3
    first_row_top = region.body[0][1].top
    assert steps.headers and all(h[3] <= first_row_top + 0.5 for h in steps.headers)  # the header is above the rows


def test_timeout_and_too_large_are_reported_not_fatal(tmp_path):
    from pipeline.errors import TooLarge
    from pipeline.read.reader import read_document
    from pdfgen.samples import FAMILIEHUSE

    build(FAMILIEHUSE, tmp_path / "in" / "long.pdf")  # two pages
    with pytest.raises(TooLarge, match="more than the limit of 1"):
        read_document(tmp_path / "in" / "long.pdf", max_pages=1)
    with pytest.raises(TooLarge, match="MB"):
        read_document(tmp_path / "in" / "long.pdf", max_bytes=1000)
    # the rest of the batch goes on: here an entry no worker reads (a FIFO), so that nothing this
    # test checks depends on how fast the machine is — the only document a worker reads hangs for
    # good, whatever the limit (the rest of a batch beside a timeout: test_hostile, test_state)
    os.mkfifo(tmp_path / "in" / "pipe.pdf")
    env = dict(os.environ, PIPELINE_FAULT_HANG="long.pdf")  # this document's worker never finishes
    proc = run_cli("run", tmp_path / "in", "--out", tmp_path / "out", "--timeout", "2", "--no-reports", "--no-validate",
                   env=env)
    assert proc.returncode == ExitCode.UNREADABLE
    docs = read(tmp_path / "out" / "documents.csv")
    assert [(d["document"], d["status"], d["error"]) for d in docs] == [
        ("long.pdf", "error", "timeout"), ("pipe.pdf", "error", "not-a-file")]
    assert "long.pdf: KAN IKKE LÆSES (tog for lang tid) Læsningen tog mere end 2 s (--timeout, --timeout-per-page)" \
        in proc.stderr


def test_files_and_folders_mixed_are_named_as_the_api_names_them(tmp_path):
    import pipeline

    build(simple_doc(), tmp_path / "a" / "plan.pdf")
    build(simple_doc(), tmp_path / "b" / "team.pdf")
    build(simple_doc(), tmp_path / "b" / "sub" / "drift.pdf")
    (tmp_path / "b" / "notes.PDF").write_text("ikke en pdf", encoding="utf-8")
    quick = ("--no-reports", "--no-validate", "--no-second-reader", "-q")
    cases = [  # what is given -> the names of the documents
        ([tmp_path / "a" / "plan.pdf", tmp_path / "b"], ["a/plan.pdf", "b/notes.PDF", "b/sub/drift.pdf", "b/team.pdf"]),
        ([tmp_path / "b"], ["notes.PDF", "sub/drift.pdf", "team.pdf"]),
        ([tmp_path / "b" / "sub" / "drift.pdf"], ["drift.pdf"]),
        ([tmp_path / "b" / "team.pdf", tmp_path / "b" / "sub"], ["sub/drift.pdf", "team.pdf"]),
    ]
    for i, (given, names) in enumerate(cases):
        proc = run_cli("run", *given, "--out", tmp_path / f"out{i}", *quick)
        assert proc.returncode in (ExitCode.OK, ExitCode.UNREADABLE), proc.stderr
        assert [d["document"] for d in read(tmp_path / f"out{i}" / "documents.csv")] == names
        assert pipeline.check(given, second_reader=False).documents.document.tolist() == names
    # a file given twice, or also found in a folder given, is one document
    twice = run_cli("run", tmp_path / "b", tmp_path / "b" / "team.pdf", tmp_path / "b" / "team.pdf",
                    "--out", tmp_path / "twice", *quick)
    assert [d["document"] for d in read(tmp_path / "twice" / "documents.csv")] == cases[1][1], twice.stderr
    missing = run_cli("run", tmp_path / "a", tmp_path / "nowhere.pdf", "--out", tmp_path / "o", *quick)
    assert missing.returncode == ExitCode.USAGE and "nowhere.pdf" in missing.stderr
    assert not (tmp_path / "o").exists()  # refused before anything was written


def _exit_codes_of_help(text: str) -> dict[int, str]:
    import re

    section = text.split("exit codes:\n", 1)[1]
    codes: dict[int, str] = {}
    for line in section.splitlines():
        head = re.match(r"^ +(\d+)  (.*)$", line)
        if head:
            codes[int(head.group(1))] = head.group(2)
        elif line.startswith("       ") and codes:
            last = max(codes)
            codes[last] += " " + line.strip()
        else:
            break
    return codes


def _exit_codes_of_readme() -> dict[int, str]:
    import re

    from conftest import ROOT

    text = (ROOT / "README.md").read_text(encoding="utf-8").split("## Exit codes", 1)[1]
    rows = re.findall(r"^\| (\d+) \| (.+?) \|$", text.split("\n\n| `error` |")[0], re.M)
    return {int(code): meaning.replace("`", "") for code, meaning in rows}


def test_help_shows_defaults_examples_and_the_exit_codes_of_the_readme():
    import shlex

    from pipeline.cli import EXAMPLES, build_parser

    readme = _exit_codes_of_readme()
    assert sorted(readme) == list(range(9)) + [130]
    assert _exit_codes_of_help(run_cli("--help").stdout) == readme
    for command in ("run", "nightly"):
        proc = run_cli(command, "--help")
        assert proc.returncode == 0, proc.stderr
        text = proc.stdout
        # nightly: every code; run: the same words without the nightly check's own codes
        own = readme if command == "nightly" else {c: m for c, m in readme.items() if c not in (6, 7)}
        assert _exit_codes_of_help(text) == own, command
        assert "-j JOBS, --jobs JOBS" in text and "(default: 120)" in text and "(default: 2048)" in text
        assert "examples:" in text and "pipeline run plan.pdf bilag/ --out kontrol" in text
    parser = build_parser()
    run_parser = parser._subparsers._group_actions[0].choices["run"]  # type: ignore[union-attr]
    for action in run_parser._actions:
        if action.dest != "help":
            assert "default" in (action.help or ""), action.dest  # every option says what happens without it
    for example, _ in EXAMPLES:  # every example is a valid command line
        parser.parse_args(shlex.split(example)[1:])
    assert run_cli("--help").stdout.count("exit codes:") == 1


def test_one_language_per_run_danish_by_default(tmp_path):
    from pdfgen.samples import SAMPLES
    from pdfgen.synth import SynthRow

    folder = tmp_path / "in"
    build(simple_doc(), folder / "ok.pdf")
    build(simple_doc(rows=[SynthRow("Besparelse", [-500, -1000, -1000]), SynthRow("Drift", [200, 400, 400]),
                           SynthRow("Samlet varig ændring", [-300, -700, -600], role="total")]), folder / "wrong.pdf")
    build(SAMPLES["handleplan.pdf"], folder / "notable.pdf")
    (folder / "empty.pdf").write_bytes(b"")
    quick = ("--no-reports", "--no-validate", "--no-second-reader")
    da = run_cli("run", folder, "--out", tmp_path / "da", *quick)
    en = run_cli("run", folder, "--out", tmp_path / "en", *quick, "--lang", "en")
    assert da.returncode == en.returncode == ExitCode.UNREADABLE
    lines = {"da": sorted(da.stderr.splitlines()) + da.stdout.splitlines(),
             "en": sorted(en.stderr.splitlines()) + en.stdout.splitlines()}
    assert lines["da"] == [
        "empty.pdf: KAN IKKE LÆSES (tom fil) Filen er tom (0 byte).",
        "notable.pdf: IKKE KONTROLLERET (0 tabeller, ingen total fundet, der kunne genberegnes: se selv dokumentet "
        "igennem)",
        "ok.pdf: i orden (1 tabel, 3 totaler genberegnet, 0 fund i tabeller)",
        "wrong.pdf: FEJL FUNDET (1 tabel, 3 totaler genberegnet, 1 fund i tabeller)",
        lines["da"][4]]
    assert lines["da"][4].startswith("4 dokumenter læst (3 sider): 1 i orden, 1 med fejl, 1 ikke kontrolleret "
                                     "(intet at genberegne: se dem selv igennem), 1 kan ikke læses; ")
    assert lines["da"][4].endswith(f" sider/s. Resultater i {tmp_path / 'da'}/")
    assert lines["en"] == [
        "empty.pdf: UNREADABLE (empty file) The file is empty (0 bytes).",
        "notable.pdf: UNCHECKED (0 tables, no total found that could be recomputed: look at it yourself)",
        "ok.pdf: ok (1 table, 3 totals recomputed, 0 findings in tables)",
        "wrong.pdf: FLAGGED (1 table, 3 totals recomputed, 1 finding in tables)",
        lines["en"][4]]
    assert lines["en"][4].startswith("4 documents read (3 pages): 1 ok, 1 flagged, 1 unchecked (nothing to "
                                     "recompute: look at them yourself), 1 unreadable; ")
    # errors that stop a run, in the run's language too
    missing = run_cli("run", folder / "nowhere", "--out", tmp_path / "x", *quick)
    assert missing.stderr == f"pipeline: fejl: {folder / 'nowhere'}: filen eller mappen findes ikke\n"
    taken = run_cli("run", folder, "--out", folder, *quick, "--lang", "en")
    assert taken.stderr.startswith(f"pipeline: error: the output folder {folder} is the input folder")
    # and in what the run writes for people: the reason a document cannot be read
    result = json.loads((tmp_path / "da" / "docs" / "empty.pdf" / "result.json").read_text(encoding="utf-8"))
    assert result["message"] == "Filen er tom (0 byte)." and result["reader_message"] == "the file is empty (0 bytes)"


def test_great_expectations_is_imported_only_when_validation_runs(tmp_path):
    import subprocess
    import sys

    build(simple_doc(), tmp_path / "in" / "ok.pdf")
    code = "import sys, pipeline.cli; print('great_expectations' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout == "False\n"
    quick = ("--no-second-reader", "--no-reports", "-q")
    skipped = run_probed("run", tmp_path / "in", "--out", tmp_path / "a", *quick, "--no-validate")
    assert skipped.returncode == ExitCode.OK and "great_expectations loaded: False" in skipped.stderr
    # that the probe sees it when it is loaded: the first nightly run of test_state's reuse test
