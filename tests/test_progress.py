"""The progress bar: on a terminal (a real pseudo-terminal here) documents done of the total,
the percentage and the time left, in the run's language, then a line as the validation and
the reports begin (no silence after the last document); nothing of it off a terminal."""
from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import subprocess
import termios
from pathlib import Path

import pytest

from conftest import build, cli_command, run_cli, simple_doc

QUICK = ("--no-second-reader", "--jobs", "1")


def on_terminal(args: list, columns: int | None) -> tuple[str, str, int]:
    """Run the command with standard error on a pseudo-terminal of `columns` (None: one that
    does not say its size, 0 x 0); its standard error as the terminal got it, its output, its code."""
    master, slave = pty.openpty()
    if columns is not None:
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
    proc = subprocess.Popen(cli_command() + [str(a) for a in args], stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=slave)
    os.close(slave)
    got = b""
    while True:
        ready, _, _ = select.select([master], [], [], 1.0)
        if not ready:
            if proc.poll() is not None:
                break
            continue
        try:
            data = os.read(master, 65536)
        except OSError:  # the other end closed: the command has ended
            break
        if not data:
            break
        got += data
    os.close(master)
    out = proc.stdout.read().decode() if proc.stdout else ""
    return got.decode("utf-8", "replace"), out, proc.wait(timeout=600)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    for name in ("a.pdf", "b.pdf", "c.pdf"):
        build(simple_doc(), tmp_path / "in" / name)
    return tmp_path / "in"


def test_a_danish_run_on_a_terminal_shows_done_of_total_percentage_time_left_and_the_last_steps(folder, tmp_path):
    terminal, out, code = on_terminal(["run", folder, "--out", tmp_path / "out", *QUICK], columns=100)
    assert code == 0, terminal + out
    assert "0 af 3 dokumenter" in terminal and "3 af 3 dokumenter" in terminal
    assert "100 % |" in terminal and "tilbage" in terminal and "brugt" in terminal
    assert "doc/s" not in terminal and "documents" not in terminal  # no English unit in a Danish run
    last = terminal.rindex("3 af 3 dokumenter")
    validating = terminal.index("Validerer de udtrukne data (3 dokumenter)")
    writing = terminal.index("Skriver rapporterne (HTML, Excel, Parquet) for 3 dokumenter")
    assert last < validating < writing  # after the last document: a line for each step, no silence
    assert "3 dokumenter læst" in out  # the summary stays on standard output


def test_an_english_run_on_a_terminal_that_does_not_say_its_size_still_shows_the_bar(folder, tmp_path):
    terminal, out, code = on_terminal(["run", folder, "--out", tmp_path / "out", *QUICK, "--lang", "en",
                                       "--no-validate", "--no-reports"], columns=None)
    assert code == 0, terminal + out
    assert "3 of 3 documents" in terminal and "100% |" in terminal and "left" in terminal
    assert "Validating" not in terminal and "Writing the reports" not in terminal  # steps that did not run


def test_off_a_terminal_there_is_no_bar_and_with_quiet_none_on_a_terminal(folder, tmp_path):
    proc = run_cli("run", folder, "--out", tmp_path / "out", *QUICK, "--no-validate", "--no-reports")
    assert proc.returncode == 0, proc.stderr
    assert "\r" not in proc.stderr and "af 3 dokumenter" not in proc.stderr
    assert proc.stderr.count("a.pdf: i orden") == 1  # a plain line per document instead
    terminal, _, code = on_terminal(["run", folder, "--out", tmp_path / "out", *QUICK, "--no-validate",
                                     "--no-reports", "-q"], columns=100)
    assert code == 0 and "af 3 dokumenter" not in terminal
