"""The `pipeline` command.

    pipeline run [INPUT ...] [--out DIR]      check PDF files and folders (default raw/)
    pipeline inspect FILE [--page N] [--debug] draw what was read onto PNGs of the pages
    pipeline validate [OUT_DIR]               validate an output folder's contract files
    pipeline nightly [INPUT ...] [--config F] read what is new, e-mail what changed, exactly once

Exit codes: `pipeline.errors.ExitCode`, explained in `text.en.EXIT_CODE_MEANINGS`, which
`--help` prints (and the README's table says the same: a test keeps them equal).

One path from an exception to the exit code: every `PipelineError` carries its code and is
printed as one line; an `OSError` or a database error is the environment (8); anything else
is a bug: one line (the traceback with `-v`), code 4.
"""
from __future__ import annotations

import argparse
import sqlite3
import sys
import textwrap
import traceback
from pathlib import Path

from pipeline import __version__
from pipeline.debug.inspect import render
from pipeline.errors import ExitCode, PipelineError, UsageError
from pipeline.isolation import DEFAULT_MEMORY_MB, DEFAULT_PER_PAGE, DEFAULT_TIMEOUT
from pipeline.model import DocumentResult, Status
from pipeline.notify.config import load_config
from pipeline.notify.nightly import run_nightly, send_test_email
from pipeline.process import process_document
from pipeline.read.chars import DEFAULT_READER, READERS
from pipeline.read.reader import read_document
from pipeline.report.validate import validate
from pipeline.run.batch import default_jobs
from pipeline.run.hints import load_settings, page_selection
from pipeline.run.outputs import current_set, same_run
from pipeline.run.runner import RunOptions, RunResult, run
from pipeline.tables.finder import TableFinder
from pipeline.text.en import EXIT_CODE_MEANINGS
from pipeline.text.messages import (
    counted,
    document_line,
    error_of,
    error_text,
    say,
    summary_line,
    table_label,
    validation_line,
)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse exits 2 on bad usage: keep it, documented as USAGE
        self.print_usage(sys.stderr)
        self.exit(int(ExitCode.USAGE), f"{self.prog}: error: {message}\n")


class _Formatter(argparse.RawDescriptionHelpFormatter):
    """Help as written: the epilog's tables and examples keep their lines."""


EXAMPLES = [
    ("pipeline run", "check every PDF below raw/ into extracted/"),
    ("pipeline run forslag/ --out kontrol", "a folder (recursively)"),
    ("pipeline run plan.pdf bilag/ --out kontrol", "files and folders, any mix"),
    ("pipeline run forslag/ -j 2 --lang en", "two documents at a time, messages in English"),
    ("pipeline run forslag/ --no-validate --no-reports", "only the contract files and docs/ (fast)"),
    ("pipeline nightly forslag/ --out kontrol --config /etc/budgetkontrol.toml", "the nightly check"),
    ("pipeline validate kontrol", "validate an output folder again"),
]


def exit_code_table(width: int = 88) -> str:
    """The exit codes and what they mean (`text.en.EXIT_CODE_MEANINGS`), as `--help` prints them."""
    lines = ["exit codes:"]
    for code, meaning in EXIT_CODE_MEANINGS.items():
        lines += textwrap.wrap(meaning.replace("`", ""), width, initial_indent=f"  {int(code)}  ",
                               subsequent_indent="     ")
    return "\n".join(lines)


def epilog() -> str:
    """Examples and the exit codes, below the options of `pipeline --help`, `run` and `nightly`."""
    column = max(len(command) for command, _ in EXAMPLES if len(command) <= 50) + 3
    lines = ["examples:"]
    for command, what in EXAMPLES:
        if len(command) <= 50:
            lines.append(f"  {command.ljust(column)}{what}")
        else:
            lines += [f"  {command}", f"  {'':{column}}{what}"]
    return "\n".join(lines) + "\n\n" + exit_code_table()


def _wrapped(text: str) -> str:
    return textwrap.fill(text, 88)


def _options_parser() -> _Parser:
    """The options `run` and `nightly` share: one run orchestration, the same options."""
    common = _Parser(add_help=False)
    common.add_argument("inputs", nargs="*", metavar="INPUT", type=Path, default=[Path("raw")],
                        help="PDF files and folders of PDFs, any mix (default: raw/)")
    common.add_argument("--out", default=Path("extracted"), type=Path,
                        help="output folder, the run's own (default: %(default)s/)")
    common.add_argument("--lang", choices=["da", "en"], default="da",
                        help="language of everything the run writes and prints (default: %(default)s)")
    common.add_argument("-j", "--jobs", type=int, default=default_jobs(),
                        help="documents read in parallel, at least 1 (default: the number of cores, at most 4; "
                             "here %(default)s)")
    common.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT,
                        help="seconds allowed per document, whatever its length; a document gets "
                             "--timeout-per-page more for each of its pages (default: %(default)g)")
    common.add_argument("--timeout-per-page", dest="timeout_per_page", type=float, default=DEFAULT_PER_PAGE,
                        metavar="S",
                        help="seconds a document is allowed beyond --timeout for each of its pages (a "
                             "1,000-page PDF: --timeout + 1000 × S), so a long document is not cut off for "
                             "being long; 0: --timeout alone (default: %(default)g)")
    common.add_argument("--memory-limit", dest="memory_mb", type=int, default=DEFAULT_MEMORY_MB, metavar="MB",
                        help="MB of address space a worker may add to what it starts with (default: %(default)s)")
    common.add_argument("--no-second-reader", dest="second_reader", action="store_false",
                        help="skip the cell-by-cell comparison with camelot (faster; default: compare)")
    common.add_argument("--no-validate", dest="validate", action="store_false",
                        help="skip the Great Expectations validation of the extracted data (saves its start-up; "
                             "default: validate)")
    common.add_argument("--no-reports", dest="reports", action="store_false",
                        help="write only the contract files and per-document results, no HTML, Excel, Parquet "
                             "(default: write them)")
    common.add_argument("--allow-empty", action="store_true",
                        help="inputs without any PDF are fine (default: an error, exit 2)")
    common.add_argument("-q", "--quiet", action="store_true",
                        help="print only the summary and unreadable files (default: a line per document)")
    common.add_argument("--reader", choices=READERS, default=DEFAULT_READER,
                        help="PDF parser: pdfium (fast) or pdfplumber (the reference) (default: %(default)s)")
    common.add_argument("--settings", type=Path, metavar="FILE",
                        help="TOML file of reader settings to change (names as in ReaderSettings; "
                             "default: none, the built-in settings)")
    common.add_argument("--pages", metavar="PAGES",
                        help="read only these pages of each document, e.g. 1-3,7 (default: every page; "
                             "a note says which were read)")
    common.add_argument("--dask", metavar="ADDRESS",
                        help="read the documents on a Dask cluster: its scheduler (tcp://host:8786) or `local` "
                             "(default: this machine's processes)")
    return common


def build_parser() -> argparse.ArgumentParser:
    verbose = _Parser(add_help=False)
    verbose.add_argument("-v", "--verbose", action="store_true",
                         help="print the traceback of an internal error (default: one line)")
    parser = _Parser(prog="pipeline", description="Check the financial tables of budget proposals (PDF).",
                     epilog=epilog(), formatter_class=_Formatter)
    parser.add_argument("--version", action="version", version=f"pipeline {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    common = _options_parser()
    sub.add_parser("run", parents=[common, verbose], formatter_class=_Formatter, epilog=epilog(),
                   help="check PDF files and folders and write the contract files and reports",
                   description=_wrapped("Check every PDF given (files, and every *.pdf below the folders given) "
                                        "and write the contract files, the validation and the reports into the "
                                        "output folder."))
    night = sub.add_parser("nightly", parents=[common, verbose], formatter_class=_Formatter, epilog=epilog(),
                           help="check what is new or changed and e-mail a report of what changed",
                           description=_wrapped("One `pipeline run` that reads only what is new or changed and "
                                                "e-mails what changed since the last report, exactly once."))
    night.add_argument("--config", type=Path, help="TOML file with [mail] and [smtp] settings (default: none; "
                                                   "PIPELINE_MAIL_* and PIPELINE_SMTP_* variables)")
    night.add_argument("--send-test-email", action="store_true", help="send a test message with the settings and stop")
    check = sub.add_parser("validate", parents=[verbose], formatter_class=_Formatter, epilog=exit_code_table(),
                           help="validate the contract files of an output folder (Great Expectations)")
    check.add_argument("out", type=Path, nargs="?", default=Path("extracted"),
                       help="output folder (default: %(default)s/)")
    check.add_argument("--lang", choices=["da", "en"], default="da",
                       help="language of the lines printed and of validation.html (default: %(default)s)")
    look = sub.add_parser("inspect", parents=[verbose], formatter_class=_Formatter,
                          help="draw what was read onto PNG pictures of the pages")
    look.add_argument("file", type=Path, help="a PDF")
    look.add_argument("--page", type=int, action="append",
                      help="page to draw, repeatable (default: the pages with tables)")
    look.add_argument("--out", type=Path, default=Path("extracted") / "inspect",
                      help="folder for the PNGs (default: %(default)s/)")
    look.add_argument("--resolution", type=int, default=110, help="dots per inch (default: %(default)s)")
    look.add_argument("--debug", action="store_true",
                      help="draw each step of finding the tables too: candidate columns, header lines, "
                           "value columns, and each row's level and role with brackets from the rows a total adds")
    look.add_argument("--lang", choices=["da", "en"], default="da",
                      help="language of the lines printed (default: %(default)s)")
    look.add_argument("--settings", type=Path, metavar="FILE",
                      help="TOML file of reader settings to change (as for `pipeline run`)")
    return parser


def options_of(args) -> RunOptions:
    return RunOptions(lang=args.lang, jobs=args.jobs, timeout=args.timeout, memory_mb=args.memory_mb,
                      timeout_per_page=args.timeout_per_page,
                      second_reader=args.second_reader, validate=args.validate, reports=args.reports,
                      allow_empty=args.allow_empty, reader=args.reader, dask=args.dask,
                      settings=load_settings(args.settings), pages=page_selection(args.pages))


def command_nightly(args) -> int:
    cfg = load_config(args.config)
    if args.send_test_email:
        return send_test_email(cfg, args.out, args.lang)
    options = options_of(args)
    return run_nightly(args.inputs, args.out, cfg, options, on_result=_printer(args, fresh_only=True))


def command_validate(args) -> int:
    for name in ("documents.csv", "cells.csv", "checks.csv", "findings.csv"):
        if not (args.out / name).is_file():
            raise UsageError(key="contract-missing", path=str(args.out / name))
    problems = same_run(args.out, args.lang)
    # what a reader sees is validated; the result goes beside the set (or beside plain files)
    into = current_set(args.out) if (args.out / "documents.csv").is_symlink() else args.out
    outcomes = validate(args.out, args.lang, into=into)
    print(validation_line(outcomes, args.lang))
    if problems:
        print(say("not_one_run", args.lang) + "\n  " + "\n  ".join(problems))
    print(say("validate_details", args.lang, path=args.out / "validation.html"))
    return int(ExitCode.OK) if all(o.success for o in outcomes) and not problems else int(ExitCode.INVALID)


def command_inspect(args) -> int:
    if not args.file.is_file():
        raise UsageError(key="not-a-file", path=str(args.file))
    settings = load_settings(args.settings)
    result = process_document(args.file, args.file.name, second_reader=False, settings=settings)
    if result.status == Status.ERROR:
        print(document_line(result, args.lang), file=sys.stderr)
        return int(ExitCode.UNREADABLE)
    steps = None
    if args.debug:
        doc = read_document(args.file, args.file.name)
        steps = TableFinder(doc, settings).steps
    written = render(args.file, result, args.out, args.page, args.resolution, steps=steps)
    for table in result.tables:
        figures = sum(1 for r in table.rows for c in r.cells.values() if c.value is not None)
        print(say("inspect_table", args.lang, table=table_label(table.id, args.lang, capital=True), page=table.page,
                  ruling=say(f"ruling:{table.ruling}", args.lang), rows=counted("rows", len(table.rows), args.lang),
                  figures=counted("figures", figures, args.lang), title=table.title))
    for path in written:
        print(path)
    if not written:
        print(say("inspect_none", args.lang))
    return int(ExitCode.OK)


class _printer:
    """One line per document on standard error (a progress bar on a terminal), in the run's language."""

    def __init__(self, args, fresh_only: bool = False):
        self.quiet, self.fresh_only, self.bar, self.lang = args.quiet, fresh_only, None, args.lang
        if sys.stderr.isatty() and not args.quiet:
            from tqdm import tqdm

            tqdm.monitor_interval = 0  # no monitor thread: workers are forked
            self.bar = tqdm(unit="doc", file=sys.stderr, dynamic_ncols=True)

    def __call__(self, result: DocumentResult, reused: bool) -> None:
        message = document_line(result, self.lang)
        if self.bar is not None:
            self.bar.update(1)
            if result.status != Status.OK and not (reused and self.fresh_only):
                self.bar.write(message, file=sys.stderr)
        elif (not self.quiet and not (reused and self.fresh_only)) or (result.status == Status.ERROR and not reused):
            print(message, file=sys.stderr, flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def command_run(args) -> int:
    printer = _printer(args)
    try:
        result: RunResult = run(args.inputs, args.out, options_of(args), on_result=printer)
    finally:
        printer.close()
    print(summary_line(result.summary, f"{args.out}/", args.lang))
    if result.outcomes is not None:
        print(validation_line(result.outcomes, args.lang))
    return int(result.exit_code)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    verbose = getattr(args, "verbose", False)
    lang = getattr(args, "lang", "da")  # every line the command prints is in the run's language
    try:
        if args.command == "run":
            return command_run(args)
        if args.command == "inspect":
            return command_inspect(args)
        if args.command == "validate":
            return command_validate(args)
        if args.command == "nightly":
            return command_nightly(args)
        raise AssertionError(f"unknown command {args.command}")  # argparse allows only the commands above
    except PipelineError as exc:
        if verbose:
            traceback.print_exc()
        print(say("error", lang, text=error_of(exc, lang)), file=sys.stderr)
        return int(exc.exit_code)
    except KeyboardInterrupt:
        print(say("interrupted", lang), file=sys.stderr)
        return 130
    except (OSError, sqlite3.Error, MemoryError) as exc:
        if verbose:
            traceback.print_exc()
        filename = getattr(exc, "filename", None)
        what = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
        text = error_text("environment", {"errno": getattr(exc, "errno", None), "reason": what,
                                          "where": f" ({filename})" if filename else ""}, lang)
        print(say("error", lang, text=text), file=sys.stderr)
        return int(ExitCode.ENVIRONMENT)
    except Exception as exc:  # a bug: one line, the traceback with -v
        if verbose:
            traceback.print_exc()
        print(say("internal", lang, error=f"{type(exc).__name__}: {exc}",
                  hint=say("internal_hint_v" if verbose else "internal_hint", lang)), file=sys.stderr)
        return int(ExitCode.INTERNAL)


if __name__ == "__main__":
    sys.exit(main())
