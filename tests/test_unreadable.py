"""A file the run may not read (permission denied): error `unreadable` with the system's
reason in the run's language, no traceback, exit code 3, the rest of the batch read.

Tests run as root, where chmod 000 does not stop reading: the command runs as the
unprivileged user `nobody` (setpriv), with the files and the output folder made its own."""
from __future__ import annotations

import csv
import errno
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from conftest import build, cli_command, simple_doc
from pipeline.errors import ExitCode
from pipeline.run.batch import unreadable
from pipeline.run.discover import Item
from pipeline.text.messages import error_sentence

NOBODY = 65534
SETPRIV = shutil.which("setpriv")
as_nobody = pytest.mark.skipif(SETPRIV is None or os.geteuid() != 0,
                               reason="needs root and setpriv to run the command as an unprivileged user")


@pytest.fixture
def place():
    root = Path(tempfile.mkdtemp(prefix="unreadable-"))
    os.chmod(root, 0o755)
    yield root
    shutil.rmtree(root, ignore_errors=True)


def run_as_nobody(*args) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONUNBUFFERED="1", HOME="/tmp")
    cmd = [SETPRIV, f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"] + cli_command()
    return subprocess.run(cmd + [str(a) for a in args], capture_output=True, text=True, timeout=300, env=env)


@pytest.mark.parametrize("lang, reason", [("da", "Filen kan ikke læses: adgang nægtet"),
                                          ("en", "The file cannot be read: permission denied")])
@as_nobody
def test_a_file_the_run_may_not_read_is_unreadable_and_the_rest_is_read(place, lang, reason):
    folder = place / "in"
    build(simple_doc(), folder / "ok.pdf")
    build(simple_doc(), folder / "secret.pdf")
    out = place / "out"
    out.mkdir()
    for p in (folder, folder / "ok.pdf", folder / "secret.pdf", out):
        os.chown(p, NOBODY, NOBODY)
    os.chmod(folder / "secret.pdf", 0)
    proc = run_as_nobody("run", folder, "--out", out, "--no-reports", "--no-validate", "--no-second-reader",
                         "--lang", lang)
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.returncode == ExitCode.UNREADABLE, proc.stderr
    with (out / "documents.csv").open(encoding="utf-8", newline="") as f:
        docs = {r["document"]: r for r in csv.DictReader(f)}
    assert docs["ok.pdf"]["status"] == "ok"
    assert (docs["secret.pdf"]["status"], docs["secret.pdf"]["error"]) == ("error", "unreadable")
    assert reason in proc.stderr + proc.stdout


@as_nobody
def test_inspect_of_a_file_the_command_may_not_read_is_unreadable_not_an_environment_failure(place):
    pdf = place / "secret.pdf"
    build(simple_doc(), pdf)
    os.chown(place, NOBODY, NOBODY)
    os.chown(pdf, NOBODY, NOBODY)
    os.chmod(pdf, 0)
    proc = run_as_nobody("inspect", pdf, "--out", place / "pictures", "--lang", "en")
    assert proc.returncode == ExitCode.UNREADABLE, proc.stderr
    assert "The file cannot be read: permission denied" in proc.stderr and "Traceback" not in proc.stderr


@as_nobody
@pytest.mark.parametrize("lang, words", [("da", "Mappen kan ikke læses: adgang nægtet. PDF-filerne i den er ikke"),
                                         ("en", "The folder cannot be read: permission denied. The PDFs in it")])
def test_a_folder_the_run_may_not_list_is_a_row_not_left_out_silently(place, lang, words):
    folder = place / "in"
    build(simple_doc(), folder / "ok.pdf")
    build(simple_doc(), folder / "closed" / "hidden.pdf")
    out = place / "out"
    out.mkdir()
    for p in (folder, folder / "ok.pdf", folder / "closed", folder / "closed" / "hidden.pdf", out):
        os.chown(p, NOBODY, NOBODY)
    os.chmod(folder / "closed", 0)
    quick = ("--no-reports", "--no-validate", "--no-second-reader", "--lang", lang)
    proc = run_as_nobody("run", folder, "--out", out, *quick)
    assert proc.returncode == ExitCode.UNREADABLE, proc.stderr
    with (out / "documents.csv").open(encoding="utf-8", newline="") as f:
        docs = {r["document"]: r for r in csv.DictReader(f)}
    assert docs["ok.pdf"]["status"] == "ok"
    assert (docs["closed/"]["status"], docs["closed/"]["error"]) == ("error", "unreadable")
    assert words in proc.stderr and "Traceback" not in proc.stderr
    # the input folder itself: refused before anything is read (nothing in it can be named)
    os.chmod(folder, 0)
    refused = run_as_nobody("run", folder, "--out", place / "out2", *quick)
    assert refused.returncode == ExitCode.USAGE, refused.stderr
    assert str(folder) in refused.stderr and "Traceback" not in refused.stderr
    said = "kan ikke læses: adgang nægtet [Permission denied]" if lang == "da" else "cannot be read: Permission denied"
    assert said in refused.stderr


@pytest.mark.parametrize("number, lang, words", [
    (errno.EIO, "da", "Filen kan ikke læses: ind- eller uddatafejl."),
    (errno.EIO, "en", "The file cannot be read: input/output error."),
    (errno.EACCES, "da", "Filen kan ikke læses: adgang nægtet."),
    (errno.ENOLINK, "en", "The file cannot be read: Link has been severed."),  # not one we word: the system's words
])
def test_the_systems_reason_is_put_into_the_runs_language(number, lang, words):
    item = Item(Path("/srv/forslag/plan.pdf"), "plan.pdf")
    result = unreadable(item, OSError(number, os.strerror(number), str(item.path)))
    assert (result.status, result.error) == ("error", "unreadable")
    assert error_sentence(result.error, result.error_params, lang) == words
