"""The `pipeline` command.

    pipeline run [INPUT ...] [--out DIR]      check PDF files and folders (default raw/)
    pipeline inspect FILE [--page N] [--debug] draw what was read onto PNGs of the pages
    pipeline validate [OUT_DIR]               validate an output folder's contract files
    pipeline nightly [INPUT ...] [--config F] read what is new, e-mail what changed, exactly once
    pipeline accept FILE --from OUT --reason R --by N   record a run's findings as accepted in a review file

Exit codes: `pipeline.errors.ExitCode`, explained in `text.en.EXIT_CODE_MEANINGS`, which
`--help` prints (and the README's table says the same: a test keeps them equal).

One path from an exception to the exit code: every `PipelineError` carries its code and is
printed as one line; an `OSError` or a database error is the environment (8); anything else
is a bug: one line (the traceback with `-v`), code 4.
"""
from __future__ import annotations

import argparse
import datetime
import difflib
import os
import sqlite3
import sys
import textwrap
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
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
from pipeline.run.batch import default_jobs, precheck
from pipeline.run.discover import Item
from pipeline.run.hints import load_settings, page_selection
from pipeline.run.outputs import current_set, same_run
from pipeline.run.review import chosen, merge
from pipeline.run.runner import RunOptions, RunResult, run
from pipeline.tables.finder import TableFinder
from pipeline.text.en import COMMAND_EXIT_CODES, EXIT_CODE_MEANINGS
from pipeline.text.messages import (
    argparse_text,
    counted,
    document_line,
    error_of,
    error_text,
    progress_format,
    say,
    summary_line,
    table_label,
    validation_line,
)
from pipeline.text.shown import shown


class _Parser(argparse.ArgumentParser):
    """argparse in the run's language (`lang`: argparse's own messages from `text/`, while
    `argparse_in` is active; the help stays English), exit 2 on bad usage."""

    def __init__(self, *args, lang: str = "da", **kwargs):
        super().__init__(*args, **kwargs)
        self.lang = lang

    def error(self, message: str):  # argparse exits 2 on bad usage: keep it, documented as USAGE
        formatter = self._get_formatter()  # the usage as format_usage() writes it, its prefix in the run's language
        formatter.add_usage(self.usage, self._actions, self._mutually_exclusive_groups,
                            prefix=argparse_text("usage_prefix", self.lang))
        self._print_message(formatter.format_help(), sys.stderr)
        self.exit(int(ExitCode.USAGE), argparse_text("error", self.lang) % (self.prog, message) + "\n")


class _CommandParser(_Parser):
    """A subcommand's parser: an option it does not know is its own error (its usage, and the
    closest of its options), not the top-level parser's."""

    def parse_known_args(self, args=None, namespace=None):
        namespace, extras = super().parse_known_args(args, namespace)
        if extras:
            self.error(self.unknown(extras))
        return namespace, extras

    def unknown(self, extras: list[str]) -> str:
        options = [o for action in self._actions for o in action.option_strings if o.startswith("--")]
        said = []
        for extra in extras:
            closest = difflib.get_close_matches(extra.split("=", 1)[0], options, n=1, cutoff=0.6)
            said.append(argparse_text("did you mean", self.lang) % (extra, closest[0]) if closest else extra)
        return argparse_text("unknown option", self.lang) % ", ".join(said)


def _language_of(argv: list[str]) -> str:
    """The run's language, before argparse has read the command line (for argparse's own
    messages): `--lang en`, `--lang=en` or an abbreviation argparse accepts (`--la en`)."""
    for i, arg in enumerate(argv):
        name, _, value = arg.partition("=")
        if len(name) > 3 and "--lang".startswith(name):
            value = value or (argv[i + 1] if i + 1 < len(argv) else "")
            if value in ("da", "en"):
                return value
    return "da"


@contextmanager
def argparse_in(lang: str) -> Iterator[None]:
    """argparse's own messages (built with gettext's `_` and `ngettext`) in `lang` while parsing."""
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    setattr(argparse, "_", lambda text: argparse_text(text, lang))  # noqa: B010
    setattr(argparse, "ngettext", lambda one, many, n: argparse_text(one if n == 1 else many, lang))  # noqa: B010
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


def _number(convert, lang: str):
    """`int` or `float` for argparse, named as its error message names it in `lang` (`et helt tal`)."""

    def number(text: str):
        return convert(text)

    number.__name__ = argparse_text(f"type:{convert.__name__}", lang)
    return number


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
    ("pipeline accept review.toml --from kontrol --reason '…' --by 'Navn'", "accept a run's findings"),
    ("pipeline run forslag/ --out kontrol --reviewed review.toml", "run with the accepted findings"),
]


def exit_code_table(command: str | None = None, width: int = 88) -> str:
    """The exit codes and what they mean, as `--help` prints them: every code for `pipeline
    --help` (`text.en.EXIT_CODE_MEANINGS`), a subcommand's own for its help (`COMMAND_EXIT_CODES`)."""
    meanings = EXIT_CODE_MEANINGS if command is None else COMMAND_EXIT_CODES[command]
    lines = ["exit codes:"]
    for code, meaning in meanings.items():
        lines += textwrap.wrap(meaning.replace("`", ""), width, initial_indent=f"  {int(code):>3}  ",
                               subsequent_indent="       ")
    return "\n".join(lines)


def epilog(command: str | None = None) -> str:
    """Examples and the exit codes (of `command`, or all of them), below the options of
    `pipeline --help`, `run` and `nightly`."""
    column = max(len(example) for example, _ in EXAMPLES if len(example) <= 50) + 3
    lines = ["examples:"]
    for example, what in EXAMPLES:
        if len(example) <= 50:
            lines.append(f"  {example.ljust(column)}{what}")
        else:
            lines += [f"  {example}", f"  {'':{column}}{what}"]
    return "\n".join(lines) + "\n\n" + exit_code_table(command)


def _wrapped(text: str) -> str:
    return textwrap.fill(text, 88)


def _options_parser(lang: str = "da") -> _CommandParser:
    """The options `run` and `nightly` share: one run orchestration, the same options."""
    whole, number = _number(int, lang), _number(float, lang)
    common = _CommandParser(add_help=False)
    common.add_argument("inputs", nargs="*", metavar="INPUT", type=Path, default=[Path("raw")],
                        help="PDF files and folders of PDFs, any mix (default: raw/)")
    common.add_argument("--out", default=Path("extracted"), type=Path,
                        help="output folder, the run's own (default: %(default)s/)")
    common.add_argument("--lang", choices=["da", "en"], default="da",
                        help="language of everything the run writes and prints (default: %(default)s)")
    common.add_argument("-j", "--jobs", type=whole, default=default_jobs(),
                        help="documents read in parallel, at least 1 (default: the number of cores, at most 4; "
                             "here %(default)s)")
    common.add_argument("--timeout", type=number, default=DEFAULT_TIMEOUT,
                        help="seconds allowed per document, whatever its length; a document gets "
                             "--timeout-per-page more for each of its pages (default: %(default)g)")
    common.add_argument("--timeout-per-page", dest="timeout_per_page", type=number, default=DEFAULT_PER_PAGE,
                        metavar="S",
                        help="seconds a document is allowed beyond --timeout for each of its pages (a "
                             "1,000-page PDF: --timeout + 1000 × S), so a long document is not cut off for "
                             "being long; 0: --timeout alone (default: %(default)g)")
    common.add_argument("--memory-limit", dest="memory_mb", type=whole, default=DEFAULT_MEMORY_MB, metavar="MB",
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
    common.add_argument("--reviewed", type=Path, metavar="FILE",
                        help="review file (TOML) of the findings a person accepted: they stay listed but flag "
                             "nothing (default: none; nightly: [review] file in --config)")
    common.add_argument("--dask", metavar="ADDRESS",
                        help="read the documents on a Dask cluster: its scheduler (tcp://host:8786) or `local` "
                             "(default: this machine's processes)")
    return common


def build_parser(lang: str = "da") -> argparse.ArgumentParser:
    """The command line; `lang` is the language of argparse's own messages (the help is English)."""
    verbose = _CommandParser(add_help=False)
    verbose.add_argument("-v", "--verbose", action="store_true",
                         help="print the traceback of an internal error (default: one line)")
    parser = _Parser(prog="pipeline", description="Check the financial tables of budget proposals (PDF).",
                     epilog=epilog(), formatter_class=_Formatter, lang=lang)
    parser.add_argument("--version", action="version", version=f"pipeline {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True, parser_class=_CommandParser)
    common = _options_parser(lang)
    sub.add_parser("run", parents=[common, verbose], formatter_class=_Formatter, epilog=epilog("run"), lang=lang,
                   help="check PDF files and folders and write the contract files and reports",
                   description=_wrapped("Check every PDF given (files, and every *.pdf below the folders given) "
                                        "and write the contract files, the validation and the reports into the "
                                        "output folder."))
    night = sub.add_parser("nightly", parents=[common, verbose], formatter_class=_Formatter, epilog=epilog("nightly"),
                           lang=lang,
                           help="check what is new or changed and e-mail a report of what changed",
                           description=_wrapped("One `pipeline run` that reads only what is new or changed and "
                                                "e-mails what changed since the last report, exactly once."))
    night.add_argument("--config", type=Path, help="TOML file with [mail] and [smtp] settings (default: none; "
                                                   "PIPELINE_MAIL_* and PIPELINE_SMTP_* variables)")
    night.add_argument("--outbox", type=Path, metavar="DIR",
                       help="write the messages as .eml files into DIR instead of sending them (default: none; "
                            "without an SMTP host and without --outbox the run is refused, exit 2)")
    night.add_argument("--send-test-email", action="store_true", help="send a test message with the settings and stop")
    accept = sub.add_parser("accept", parents=[verbose], formatter_class=_Formatter,
                            epilog=exit_code_table("accept"), lang=lang,
                            help="record the findings of a finished run as accepted in a review file",
                            description=_wrapped("Add the findings of the run in --from (all, or those of the "
                                                 "documents and kinds named) to the review file FILE, each with "
                                                 "the reason, the name and the date; what FILE holds stays."))
    accept.add_argument("file", type=Path, metavar="FILE", help="the review file (TOML), made if missing")
    accept.add_argument("--from", dest="source", type=Path, required=True, metavar="OUT",
                        help="the output folder of a finished run")
    accept.add_argument("--reason", required=True, help="why the findings are accepted")
    accept.add_argument("--by", required=True, help="who accepts them")
    accept.add_argument("--document", action="append", default=[], metavar="D",
                        help="only this document's findings, repeatable (default: every document)")
    accept.add_argument("--kind", action="append", default=[], metavar="K",
                        help="only findings of this kind (column-total, narrative, …), repeatable (default: all)")
    accept.add_argument("--date", type=datetime.date.fromisoformat, default=None, metavar="YYYY-MM-DD",
                        help="the date of the decision (default: today)")
    accept.add_argument("--lang", choices=["da", "en"], default="da",
                        help="language of the lines printed (default: %(default)s)")
    check = sub.add_parser("validate", parents=[verbose], formatter_class=_Formatter,
                           epilog=exit_code_table("validate"), lang=lang,
                           help="validate the contract files of an output folder (Great Expectations)")
    check.add_argument("out", type=Path, nargs="?", default=Path("extracted"),
                       help="output folder (default: %(default)s/)")
    check.add_argument("--lang", choices=["da", "en"], default="da",
                       help="language of the lines printed and of validation.html (default: %(default)s)")
    look = sub.add_parser("inspect", parents=[verbose], formatter_class=_Formatter,
                          epilog=exit_code_table("inspect"), lang=lang,
                          help="draw what was read onto PNG pictures of the pages")
    look.add_argument("file", type=Path, help="a PDF")
    look.add_argument("--page", type=_number(int, lang), action="append",
                      help="page to draw, repeatable (default: the pages with tables)")
    look.add_argument("--out", type=Path, default=Path("extracted") / "inspect",
                      help="folder for the PNGs (default: %(default)s/)")
    look.add_argument("--resolution", type=_number(int, lang), default=110, help="dots per inch (default: %(default)s)")
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
                      allow_empty=args.allow_empty, reader=args.reader, dask=args.dask, reviewed=args.reviewed,
                      settings=load_settings(args.settings), pages=page_selection(args.pages))


def command_nightly(args) -> int:
    cfg = replace(load_config(args.config), outbox=args.outbox)
    if args.send_test_email:
        return send_test_email(cfg, args.lang)
    printer = _printer(args, fresh_only=True)
    try:
        return run_nightly(args.inputs, args.out, cfg, options_of(args), on_result=printer, on_step=printer.step)
    finally:
        printer.close()


def command_accept(args) -> int:
    date = (args.date or datetime.date.today()).isoformat()
    entries = chosen(args.source, reason=args.reason, by=args.by, date=date, documents=args.document,
                     kinds=args.kind)
    added, already = merge(args.file, entries)
    print(say("accept_written", args.lang, added=added, already=already, path=args.file))
    return int(ExitCode.OK)


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
    # a file the command may not read is `unreadable` (its reason in the run's language), as in a run
    result = precheck(Item(args.file, args.file.name)) or process_document(args.file, args.file.name,
                                                                             second_reader=False, settings=settings)
    if result.status == Status.ERROR:
        print(shown(document_line(result, args.lang)), file=sys.stderr)
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
                  figures=counted("figures", figures, args.lang), title=shown(table.title)))
    for path in written:
        print(path)
    if not written:
        print(say("inspect_none", args.lang))
    return int(ExitCode.OK)


class _printer:
    """One line per document on standard error, in the run's language; on a terminal a progress
    bar instead (documents done of the total, the percentage, the time left) and a line as the
    validation and the reports begin, so the last document is not followed by silence."""

    def __init__(self, args, fresh_only: bool = False):
        self.quiet, self.fresh_only, self.bar, self.lang = args.quiet, fresh_only, None, args.lang
        self.terminal = sys.stderr.isatty() and not args.quiet

    def step(self, step: str, documents: int) -> None:
        """A step of the run begins (`run.batch.Step`): the bar for reading, a line for the others."""
        if not self.terminal:
            return
        if step == "read":
            from tqdm import tqdm  # only on a terminal: a run in cron or a test never imports it

            tqdm.monitor_interval = 0  # no monitor thread: workers are forked
            try:  # a terminal that does not say its size (0 x 0) gets 80 x 24, not an empty bar
                size = os.get_terminal_size(sys.stderr.fileno())
                sized = size.columns > 0 and size.lines > 0
            except OSError:
                sized = False
            fixed = {} if sized else {"ncols": 80, "nrows": 24}
            self.bar = tqdm(total=documents, unit=say("progress_unit", self.lang), file=sys.stderr,
                            dynamic_ncols=sized, bar_format=progress_format(self.lang), **fixed)
            return
        self.close()
        print(say(f"progress_{step}", self.lang, documents=counted("documents", documents, self.lang)),
              file=sys.stderr, flush=True)

    def __call__(self, result: DocumentResult, reused: bool) -> None:
        message = shown(document_line(result, self.lang))
        if self.bar is not None:
            self.bar.update(1)
            if result.status != Status.OK and not (reused and self.fresh_only):
                self.bar.write(message, file=sys.stderr)
        elif (not self.quiet and not (reused and self.fresh_only)) or (result.status == Status.ERROR and not reused):
            print(message, file=sys.stderr, flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


def command_run(args) -> int:
    printer = _printer(args)
    try:
        result: RunResult = run(args.inputs, args.out, options_of(args), on_result=printer, on_step=printer.step)
    finally:
        printer.close()
    print(summary_line(result.summary, f"{args.out}/", args.lang))
    if result.outcomes is not None:
        print(validation_line(result.outcomes, args.lang))
    return int(result.exit_code)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    lang = _language_of(argv)
    parser = build_parser(lang)
    with argparse_in(lang):
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
        if args.command == "accept":
            return command_accept(args)
        raise AssertionError(f"unknown command {args.command}")  # argparse allows only the commands above
    except PipelineError as exc:
        if verbose:
            traceback.print_exc()
        print(shown(say("error", lang, text=error_of(exc, lang))), file=sys.stderr)
        return int(exc.exit_code)
    except KeyboardInterrupt:
        print(say("interrupted", lang), file=sys.stderr)
        return int(ExitCode.INTERRUPTED)
    except (OSError, sqlite3.Error, MemoryError) as exc:
        if verbose:
            traceback.print_exc()
        filename = getattr(exc, "filename", None)
        what = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
        text = error_text("environment", {"errno": getattr(exc, "errno", None), "reason": what,
                                          "where": f" ({filename})" if filename else ""}, lang)
        print(shown(say("error", lang, text=text)), file=sys.stderr)
        return int(ExitCode.ENVIRONMENT)
    except Exception as exc:  # a bug: one line, the traceback with -v
        if verbose:
            traceback.print_exc()
        print(shown(say("internal", lang, error=f"{type(exc).__name__}: {exc}",
                        hint=say("internal_hint_v" if verbose else "internal_hint", lang))), file=sys.stderr)
        return int(ExitCode.INTERNAL)


if __name__ == "__main__":
    sys.exit(main())
