"""The nightly state is data: results as JSON keyed on the file's hash and the reader version;
errors that depend on the run's limits are not kept; a file that is gone is "removed"."""
from __future__ import annotations

import dataclasses
import json
import os
import shutil
import sqlite3
from pathlib import Path

from mailserver import Server, env_for, free_port, text_of

from conftest import run_cli, run_probed
from pdfgen.samples import FORLOEB, GRUPPETILBUD
from pdfgen.synth import build_pdf
from pipeline.errors import ExitCode
from pipeline.notify.state import reader_version

QUICK = ("--no-reports", "--no-validate", "--no-second-reader", "--jobs", "1")
PACKAGE = Path(__file__).resolve().parent.parent / "pipeline"


def outbox_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("PIPELINE_")}


def nightly(folder: Path, out: Path, env: dict, *args):
    outbox = () if "PIPELINE_SMTP_HOST" in env else ("--outbox", out / "outbox")  # no server: the outbox asked for
    return run_cli("nightly", folder, "--out", out, *outbox, *QUICK, *args, env=env)


def test_results_are_stored_as_json_keyed_on_hash_and_reader_version(tmp_path):
    folder, out = tmp_path / "in", tmp_path / "out"
    build_pdf(FORLOEB, folder / "forloeb.pdf")
    assert nightly(folder, out, outbox_env()).returncode == ExitCode.FINDINGS
    db = sqlite3.connect(out / "state.sqlite")
    ((path, sha256, reader, result),) = db.execute("SELECT path, sha256, reader, result FROM results").fetchall()
    data = json.loads(result)  # plain JSON, not a pickle
    assert (path, data["document"], data["sha256"], data["status"]) == ("forloeb.pdf", "forloeb.pdf", sha256, "flagged")
    assert reader.startswith(reader_version() + "|") and "second_reader=0" in reader
    assert {c["kind"] for c in data["checks"]} >= {"grand-total"}
    second = nightly(folder, out, outbox_env())
    assert "0 læst på ny" in second.stdout
    # a reader of another version (an upgrade) reads the file again
    db.execute("UPDATE results SET reader = 'an older reader|second_reader=0'")
    db.commit()
    third = nightly(folder, out, outbox_env())
    assert "1 læst på ny" in third.stdout and third.returncode == ExitCode.FINDINGS
    # the result read back from JSON gives the same contract files as the one just read
    fourth = tmp_path / "fresh"
    run_cli("run", folder, "--out", fourth, *QUICK)
    for name in ("documents.csv", "cells.csv", "checks.csv", "findings.csv"):
        assert (out / name).read_bytes() == (fourth / name).read_bytes(), name


def test_the_reader_version_changes_with_the_reading_code_only(tmp_path):
    copy = tmp_path / "pipeline"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    base = reader_version(copy)
    assert base == reader_version(PACKAGE)
    for reading in ("locate.py", "reconcile.py", "narrative.py", "read.py", "model.py"):
        changed = tmp_path / f"changed-{reading}"
        shutil.copytree(copy, changed)
        with open(changed / reading, "a", encoding="utf-8") as f:
            f.write("\n# a change\n")
        assert reader_version(changed) != base, reading
    for writing in ("report_html.py", "notify.py", "messages.py", "cli.py"):
        changed = tmp_path / f"changed-{writing}"
        shutil.copytree(copy, changed)
        with open(changed / writing, "a", encoding="utf-8") as f:
            f.write("\n# a change\n")
        assert reader_version(changed) == base, writing


def test_a_timeout_is_not_kept_a_longer_timeout_reads_the_file(tmp_path):
    folder, out = tmp_path / "in", tmp_path / "out"
    build_pdf(GRUPPETILBUD, folder / "gruppetilbud.pdf")
    hang = dict(outbox_env(), PIPELINE_FAULT_HANG="gruppetilbud.pdf")
    first = nightly(folder, out, hang, "--timeout", "2")
    assert first.returncode == ExitCode.UNREADABLE and "KAN IKKE LÆSES (tog for lang tid)" in first.stderr
    again = nightly(folder, out, outbox_env(), "--timeout", "60")
    assert "1 læst på ny" in again.stdout, again.stdout
    assert again.returncode == ExitCode.OK


def test_a_file_that_disappeared_is_removed_not_corrected(tmp_path):
    folder, out, port = tmp_path / "in", tmp_path / "out", free_port()
    build_pdf(FORLOEB, folder / "forloebsprogram.pdf")
    build_pdf(GRUPPETILBUD, folder / "gruppetilbud.pdf")
    with Server(port) as inbox:
        assert nightly(folder, out, env_for(port)).returncode == ExitCode.FINDINGS
        (folder / "forloebsprogram.pdf").unlink()
        assert nightly(folder, out, env_for(port)).returncode == ExitCode.OK
    assert len(inbox.messages) == 2
    body = text_of(inbox.messages[1])
    assert "Fjernet fra mappen siden sidste rapport" in body and "forloebsprogram.pdf" in body
    assert "Rettet" not in body
    assert inbox.messages[1]["Subject"].endswith("0 nye eller ændrede fund, 0 rettet, 4 fjernet")


def test_sentences_are_written_in_the_language_of_the_run(tmp_path):
    folder, out, port = tmp_path / "in", tmp_path / "out", free_port()
    build_pdf(FORLOEB, folder / "forloebsprogram.pdf")
    with Server(port) as inbox:
        nightly(folder, out, env_for(port))  # Danish; the results are kept as facts
        fixed = dataclasses.replace(FORLOEB, title=FORLOEB.title + " (rettet)")
        build_pdf(fixed, folder / "forloebsprogram.pdf")  # read again: same findings, nothing new
        # a new file of other bytes: its findings are new (a byte copy would be one document, told once)
        build_pdf(dataclasses.replace(FORLOEB, title=FORLOEB.title + " (kopi)"), folder / "kopi.pdf")
        nightly(folder, out, env_for(port), "--lang", "en")
    assert "er opgjort til" in text_of(inbox.messages[0])
    english = text_of(inbox.messages[1])
    assert "kopi.pdf" in english and "is stated as" in english and "er opgjort til" not in english


def test_an_output_folder_of_the_previous_version_is_taken_over(tmp_path):
    """The first layout: plain files at the top, pickled results, one `confirmed` list."""
    folder, new, old, port = tmp_path / "in", tmp_path / "new", tmp_path / "old", free_port()
    build_pdf(FORLOEB, folder / "forloebsprogram.pdf")
    build_pdf(GRUPPETILBUD, folder / "gruppetilbud.pdf")
    with Server(port) as inbox:
        assert nightly(folder, new, env_for(port)).returncode == ExitCode.FINDINGS
    old.mkdir()
    for name in ("documents.csv", "cells.csv", "findings.csv", "summary.json"):
        shutil.copy(new / name, old / name)
    shutil.copytree(new / "docs", old / "docs")
    told = sqlite3.connect(new / "state.sqlite").execute("SELECT identity, value FROM told").fetchall()
    db = sqlite3.connect(old / "state.sqlite")
    db.executescript("""
        CREATE TABLE files(path TEXT PRIMARY KEY, sha256 TEXT NOT NULL, version TEXT NOT NULL, result BLOB NOT NULL,
                           processed_at TEXT NOT NULL);
        CREATE TABLE confirmed(identity TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE deliveries(id INTEGER PRIMARY KEY, message_id TEXT NOT NULL, digest TEXT NOT NULL,
                                created_at TEXT NOT NULL, status TEXT NOT NULL, channel TEXT, items INTEGER NOT NULL,
                                detail TEXT);""")
    db.execute("INSERT INTO files VALUES ('forloebsprogram.pdf', 'x', '0.1.0', ?, 'then')", (b"\x80\x04not a pickle",))
    db.executemany("INSERT INTO confirmed VALUES (?, ?)", told)
    db.commit()
    db.close()
    with Server(port) as inbox:
        proc = nightly(folder, old, env_for(port))
    assert proc.returncode == ExitCode.FINDINGS, proc.stdout + proc.stderr
    assert "2 læst på ny" in proc.stdout and "Intet nyt at rapportere." in proc.stdout
    assert inbox.messages == []  # the recipients were told already: nothing is sent again
    (legacy,) = (old / "runs").glob("legacy-*")
    assert (legacy / "documents.csv").is_file() and (legacy / "docs").is_dir()  # moved aside, not deleted
    assert (old / "documents.csv").is_symlink() and (old / ".pipeline-output").is_file()


def test_nightly_over_files_and_folders_skips_validation_and_reports_when_nothing_changed(tmp_path):
    folder, out = tmp_path / "in", tmp_path / "out"
    build_pdf(FORLOEB, tmp_path / "extra" / "forloeb.pdf")
    build_pdf(GRUPPETILBUD, folder / "gruppetilbud.pdf")
    given = (tmp_path / "extra" / "forloeb.pdf", folder)  # a file and a folder, named as `pipeline run` names them
    quick = ("--no-second-reader", "--jobs", "1")

    def nightly_probed():
        proc = run_probed("nightly", *given, "--out", out, "--outbox", out / "outbox", *quick, env=outbox_env())
        summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
        return proc, summary, {name: (out / name).stat().st_ino for name in ("validation.json", "report.html",
                                                                               "report.xlsx", "documents.csv")}

    first, summary, made = nightly_probed()
    assert first.returncode == ExitCode.FINDINGS, first.stdout + first.stderr
    # validated and reported anew (in a child of the run: Great Expectations is never loaded by the run itself)
    assert summary["reports_reused"] is False and "validation" in summary
    assert "great_expectations loaded: False" in first.stderr
    assert json.loads((out / "docs" / "extra" / "forloeb.pdf" / "result.json").read_text())["document"] == \
        "extra/forloeb.pdf"
    # nothing changed: the validation and the reports of the last set are taken over, not made again
    second, summary, again = nightly_probed()
    assert second.returncode == ExitCode.FINDINGS, second.stdout + second.stderr
    assert "great_expectations loaded: False" in second.stderr and summary["reports_reused"] is True
    assert "Intet ændret siden sidste kørsel" in second.stdout and summary["validation"].startswith("Validering")
    assert {k: again[k] == made[k] for k in made} == {"validation.json": True, "report.html": True,
                                                      "report.xlsx": True, "documents.csv": False}
    # a file changes: validated and reported anew
    build_pdf(dataclasses.replace(GRUPPETILBUD, title=GRUPPETILBUD.title + " (ny)"), folder / "gruppetilbud.pdf")
    third, summary, changed = nightly_probed()
    assert "1 læst på ny" in third.stdout and third.returncode == ExitCode.FINDINGS
    assert "great_expectations loaded: False" in third.stderr and summary["reports_reused"] is False
    assert changed["validation.json"] != again["validation.json"] and changed["report.html"] != again["report.html"]
