"""The `pipeline` command.

    pipeline run [INPUT_DIR] [--out DIR]      check every PDF below INPUT_DIR (default raw/)
    pipeline inspect FILE [--page N]          draw what was read onto PNGs of the pages
    pipeline validate [OUT_DIR]               validate an output folder's contract files
    pipeline nightly [INPUT_DIR] [--config F] read what is new, e-mail what changed, exactly once

Exit codes (pipeline.errors.ExitCode): 0 every total agrees, 1 discrepancies found,
2 bad usage, 3 some documents could not be read, 4 internal error, 5 the extracted data
failed validation, 6 (nightly) the report could not be delivered and stays queued,
7 (nightly) another nightly run is in progress.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from . import __version__
from .batch import BatchStats, default_jobs, discover, run_documents, DEFAULT_TIMEOUT
from .errors import ExitCode, UsageError
from .model import DocumentResult, Kind, Status
from .outputs import write_outputs
from .read import DEFAULT_READER, READERS
from .report import write_atomic, write_document


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse exits 2 on bad usage: keep it, documented as USAGE
        self.print_usage(sys.stderr)
        self.exit(int(ExitCode.USAGE), f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="pipeline", description="Check the financial tables of budget proposals (PDF).")
    parser.add_argument("--version", action="version", version=f"pipeline {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    run = sub.add_parser("run", help="check every PDF in a folder and write the contract files")
    run.add_argument("input", nargs="?", default="raw", type=Path, help="folder of PDFs (default: raw/)")
    run.add_argument("--out", default="extracted", type=Path, help="output folder (default: extracted/)")
    run.add_argument("--lang", choices=["da", "en"], default="da", help="language of messages (default: da)")
    run.add_argument("--jobs", type=int, default=default_jobs(), help="documents read in parallel")
    run.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, help="seconds allowed per document")
    run.add_argument("--no-second-reader", dest="second_reader", action="store_false",
                     help="skip the cell-by-cell comparison with camelot (faster)")
    run.add_argument("--no-validate", dest="validate", action="store_false",
                     help="skip the Great Expectations validation of the extracted data")
    run.add_argument("--no-reports", dest="reports", action="store_false",
                     help="write only the contract files and per-document results (no HTML, Excel, Parquet)")
    run.add_argument("-q", "--quiet", action="store_true", help="print only the summary and unreadable files")
    run.add_argument("--reader", choices=READERS, default=DEFAULT_READER,
                     help="PDF parser: pdfium (default, fast) or pdfplumber (the reference)")
    run.add_argument("--dask", metavar="ADDRESS",
                     help="read the documents on a Dask cluster: its scheduler (tcp://host:8786) or `local`")
    night = sub.add_parser("nightly", help="check what is new or changed and e-mail a report of what changed")
    night.add_argument("input", nargs="?", default="raw", type=Path, help="folder of PDFs (default: raw/)")
    night.add_argument("--out", default="extracted", type=Path, help="output folder (default: extracted/)")
    night.add_argument("--config", type=Path, help="TOML file with [mail] and [smtp] settings")
    night.add_argument("--lang", choices=["da", "en"], default="da", help="language of the report (default: da)")
    night.add_argument("--jobs", type=int, default=default_jobs(), help="documents read in parallel")
    night.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, help="seconds allowed per document")
    night.add_argument("--send-test-email", action="store_true", help="send a test message with the settings and stop")
    check = sub.add_parser("validate", help="validate the contract files of an output folder (Great Expectations)")
    check.add_argument("out", type=Path, nargs="?", default=Path("extracted"), help="output folder (default: extracted/)")
    look = sub.add_parser("inspect", help="draw what was read onto PNG pictures of the pages")
    look.add_argument("file", type=Path, help="a PDF")
    look.add_argument("--page", type=int, action="append", help="page to draw (repeatable; default: pages with tables)")
    look.add_argument("--out", type=Path, default=Path("extracted") / "inspect", help="folder for the PNGs")
    look.add_argument("--resolution", type=int, default=110, help="dots per inch (default 110)")
    return parser


def _validation_line(outcomes) -> str:
    from .validate import failures

    total = sum(len(o.results) for o in outcomes)
    bad = failures(outcomes)
    if not bad:
        return f"Validation (Great Expectations): all {total} expectations met."
    return (f"Validation (Great Expectations): {len(bad)} of {total} expectations FAILED:\n  "
            + "\n  ".join(bad))


def command_nightly(args) -> int:
    from .nightly import Busy, run_nightly, send_test_email
    from .notify import load_config

    cfg = load_config(args.config)
    if args.send_test_email:
        return send_test_email(cfg, args.out, args.lang)
    if not args.input.is_dir():
        raise UsageError(f"input folder {args.input} does not exist")
    try:
        return run_nightly(args.input, args.out, cfg, lang=args.lang, jobs=args.jobs, timeout=args.timeout)
    except Busy as exc:
        print(f"pipeline: {exc}", file=sys.stderr)
        return int(ExitCode.BUSY)


def command_validate(args) -> int:
    from .validate import validate

    for name in ("documents.csv", "cells.csv", "checks.csv", "findings.csv"):
        if not (args.out / name).is_file():
            raise UsageError(f"{args.out / name} is missing: run `pipeline run` first")
    outcomes = validate(args.out)
    print(_validation_line(outcomes))
    print(f"Details: {args.out / 'validation.html'}")
    return int(ExitCode.OK) if all(o.success for o in outcomes) else int(ExitCode.INVALID)


def command_inspect(args) -> int:
    from .inspect_pages import render
    from .process import process_document

    if not args.file.is_file():
        raise UsageError(f"{args.file} is not a file")
    result = process_document(args.file, args.file.name, second_reader=False)
    if result.status == Status.ERROR:
        print(f"{args.file}: UNREADABLE ({result.error}) {result.message}", file=sys.stderr)
        return int(ExitCode.UNREADABLE)
    written = render(args.file, result, args.out, args.page, args.resolution)
    for table in result.tables:
        print(f"{table.id} page {table.page} ({table.ruling} rules): {len(table.rows)} rows, "
              f"{sum(1 for r in table.rows for c in r.cells.values() if c.value is not None)} figures; {table.title}")
    for path in written:
        print(path)
    if not written:
        print("no financial table found; use --page N to draw a page anyway")
    return int(ExitCode.OK)


def _line(result: DocumentResult) -> str:
    if result.status == Status.ERROR:
        return f"{result.document}: UNREADABLE ({result.error}) {result.message}"
    if result.status == Status.UNCHECKED:
        return (f"{result.document}: UNCHECKED ({len(result.tables)} tables, no total found that could be "
                f"recomputed: look at it yourself)")
    table_findings = sum(1 for f in result.findings if f.kind != Kind.NARRATIVE)
    narrative = len(result.findings) - table_findings
    word = "FLAGGED" if result.status == Status.FLAGGED else "ok"
    extra = f", {narrative} narrative" if narrative else ""
    differ = sum(len(t.crosscheck.get("disagreements", [])) for t in result.tables)
    if differ:
        extra += f"; camelot reads {differ} cells differently, see result.json"
    return (f"{result.document}: {word} ({len(result.tables)} tables, {len(result.checks)} totals recomputed, "
            f"{table_findings} findings{extra})")


def command_run(args) -> int:
    folder: Path = args.input
    if not folder.exists():
        raise UsageError(f"input folder {folder} does not exist")
    if not folder.is_dir():
        raise UsageError(f"{folder} is not a folder")
    items = discover(folder)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    stats = BatchStats(documents=len(items))
    started = time.perf_counter()
    tty = sys.stderr.isatty() and not args.quiet
    bar = None
    if tty:
        from tqdm import tqdm

        bar = tqdm(total=len(items), unit="doc", file=sys.stderr, dynamic_ncols=True)

    def done(result: DocumentResult) -> None:
        write_document(out, result, args.lang)
        message = _line(result)
        if bar is not None:
            bar.update(1)
            if result.status != "ok":
                bar.write(message, file=sys.stderr)
        elif not args.quiet or result.status == "error":
            print(message, file=sys.stderr, flush=True)

    runner = run_documents
    if args.dask:
        from .distributed import runner as dask_runner

        runner = dask_runner(args.dask)
    results = runner(items, jobs=args.jobs, timeout=args.timeout,
                     second_reader=args.second_reader, reader=args.reader, on_done=done)
    if bar is not None:
        bar.close()
    stats.seconds = time.perf_counter() - started
    stats.flagged = sum(1 for r in results if r.status == Status.FLAGGED)
    stats.unreadable = sum(1 for r in results if r.status == Status.ERROR)
    unchecked = sum(1 for r in results if r.status == Status.UNCHECKED)
    stats.pages = sum(r.pages or 0 for r in results)
    summary = {
        "documents": stats.documents, "flagged": stats.flagged, "unreadable": stats.unreadable,
        "ok": stats.documents - stats.flagged - stats.unreadable - unchecked, "unchecked": unchecked,
        "pages": stats.pages,
        "seconds": round(stats.seconds, 3), "pages_per_second": round(stats.pages_per_second, 2),
    }
    outcomes = write_outputs(out, folder, results, lang=args.lang, validate=args.validate, reports=args.reports)
    if outcomes is not None:
        summary["validation"] = _validation_line(outcomes)
    write_atomic(out / "summary.json", (json.dumps(summary, indent=1) + "\n").encode())
    print(f"{stats.documents} documents read ({stats.pages} pages): {summary['ok']} ok, {stats.flagged} flagged, "
          f"{unchecked} unchecked (nothing to recompute: look at them yourself), {stats.unreadable} unreadable; "
          f"{stats.pages_per_second:.1f} pages/s. Results in {out}/")
    if outcomes is not None:
        print(summary["validation"])
        if not all(o.success for o in outcomes):
            return int(ExitCode.INVALID)
    if stats.unreadable:
        return int(ExitCode.UNREADABLE)
    if stats.flagged:
        return int(ExitCode.FINDINGS)
    return int(ExitCode.OK)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "run":
            return command_run(args)
        if args.command == "inspect":
            return command_inspect(args)
        if args.command == "validate":
            return command_validate(args)
        if args.command == "nightly":
            return command_nightly(args)
    except UsageError as exc:
        print(f"pipeline: error: {exc}", file=sys.stderr)
        return int(ExitCode.USAGE)
    except KeyboardInterrupt:
        print("pipeline: interrupted", file=sys.stderr)
        return 130
    return int(ExitCode.USAGE)


if __name__ == "__main__":
    sys.exit(main())
