"""A file the run may not read (permission denied): error `unreadable` with the system's
reason in the run's language, no traceback, exit code 3, the rest of the batch read.

Tests run as root, where chmod 000 does not stop reading: the command runs as the
unprivileged user `nobody` (setpriv), with the files and the output folder made its own."""
from __future__ import annotations

import csv
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from conftest import build, cli_command, simple_doc
from pipeline.errors import ExitCode

NOBODY = 65534
SETPRIV = shutil.which("setpriv")
pytestmark = pytest.mark.skipif(SETPRIV is None or os.geteuid() != 0,
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
