"""The command line: a mistyped option gets the subcommand's usage and the closest option,
argparse's own messages are in the run's language (the help stays English), each `--help`
lists only its own exit codes, and Ctrl-C is exit 130."""
from __future__ import annotations

import os
import signal
import subprocess
from pathlib import Path

import pytest

from conftest import build, cli_command, run_cli, simple_doc
from pipeline.errors import ExitCode

USAGE_OF_RUN = "pipeline run [-h] [--out OUT]"


@pytest.mark.parametrize("lang, said", [
    ("da", "pipeline run: fejl: ukendt tilvalg: --ouput (mente du --out?)"),
    ("en", "pipeline run: error: unknown option: --ouput (did you mean --out?)"),
])
def test_a_mistyped_option_gets_the_subcommands_usage_and_the_closest_option(tmp_path, lang, said):
    proc = run_cli("run", "--ouput", tmp_path / "out", "--lang", lang)
    assert proc.returncode == ExitCode.USAGE
    assert said in proc.stderr
    usage = proc.stderr.splitlines()[0]
    assert usage == ("brug: " if lang == "da" else "usage: ") + USAGE_OF_RUN + " [--lang {da,en}] [-j JOBS]"
    assert not (tmp_path / "out").exists()
    # nothing close: the option alone; nightly's own options are nightly's
    far = run_cli("nightly", "--xyz", "--lang", lang)
    assert far.returncode == ExitCode.USAGE and "pipeline nightly" in far.stderr.splitlines()[0]
    assert far.stderr.rstrip().endswith("--xyz") and "?" not in far.stderr.splitlines()[-1]
    assert "mente du --outbox?" in run_cli("nightly", "--outbx", "d").stderr


@pytest.mark.parametrize("args, da, en", [
    (("run", "-j", "x"), "argumentet -j/--jobs: ugyldig værdi: 'x' (skal være et helt tal)",
     "argument -j/--jobs: invalid value: 'x' (must be a whole number)"),
    (("run", "--timeout", "soon"), "argumentet --timeout: ugyldig værdi: 'soon' (skal være et tal)",
     "argument --timeout: invalid value: 'soon' (must be a number)"),
    (("run", "--timeout"), "argumentet --timeout: kræver en værdi", "argument --timeout: expected one argument"),
    (("run", "--reader", "ocr"), "argumentet --reader: ugyldigt valg: 'ocr' (vælg mellem 'pdfium', 'pdfplumber')",
     "argument --reader: invalid choice: 'ocr' (choose from 'pdfium', 'pdfplumber')"),
    (("inspect",), "pipeline inspect: fejl: disse argumenter mangler: file",
     "pipeline inspect: error: the following arguments are required: file"),
])
def test_argparses_own_messages_are_in_the_runs_language(args, da, en):
    danish = run_cli(*args)  # Danish is the default
    english = run_cli(*args, "--lang=en")
    assert danish.returncode == english.returncode == ExitCode.USAGE
    assert da in danish.stderr and danish.stderr.startswith("brug: "), danish.stderr
    assert en in english.stderr and english.stderr.startswith("usage: "), english.stderr
    abbreviated = run_cli(*args, "--la", "en")  # the abbreviation argparse accepts
    assert en in abbreviated.stderr


def test_the_help_stays_english_in_a_danish_run():
    text = run_cli("run", "--help").stdout
    assert text.startswith("usage: pipeline run") and "options:" in text and "brug" not in text


def _codes(text: str) -> list[int]:
    section = text.split("exit codes:\n", 1)[1]
    return [int(line.split()[0]) for line in section.splitlines() if line[:5].strip().isdigit()]


def test_each_help_lists_only_its_own_exit_codes():
    assert _codes(run_cli("--help").stdout) == [0, 1, 2, 3, 4, 5, 6, 7, 8, 130]
    assert _codes(run_cli("nightly", "--help").stdout) == [0, 1, 2, 3, 4, 5, 6, 7, 8, 130]
    assert _codes(run_cli("run", "--help").stdout) == [0, 1, 2, 3, 4, 5, 8, 130]
    validate = run_cli("validate", "--help").stdout
    assert _codes(validate) == [0, 2, 4, 5, 8, 130] and "nightly" not in validate.split("exit codes:")[1]
    assert _codes(run_cli("inspect", "--help").stdout) == [0, 2, 3, 4, 8, 130]


def test_ctrl_c_is_exit_130_one_line_and_no_reader_left(tmp_path: Path):
    folder = tmp_path / "in"
    build(simple_doc(), folder / "a.pdf")
    build(simple_doc(), folder / "hang.pdf")
    env = dict(os.environ, PIPELINE_FAULT_HANG="hang.pdf", PYTHONUNBUFFERED="1")
    proc = subprocess.Popen(cli_command() + ["run", str(folder), "--out", str(tmp_path / "out"), "--jobs", "2",
                                             "--no-second-reader", "--timeout", "3600"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, start_new_session=True)
    try:
        assert proc.stderr is not None
        first = proc.stderr.readline()  # a.pdf is read; hang.pdf's worker hangs until interrupted
        assert first.startswith("a.pdf: i orden"), first
        os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C on a terminal: the whole foreground group
        _, rest = proc.communicate(timeout=300)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert proc.returncode == ExitCode.INTERRUPTED == 130
    assert rest.strip().splitlines() == ["pipeline: afbrudt"] and "Traceback" not in rest
    with pytest.raises(ProcessLookupError):  # no worker of the run is left in its group
        os.killpg(proc.pid, 0)
    assert not (tmp_path / "out" / "documents.csv").exists()  # nothing half-written looks like a result
