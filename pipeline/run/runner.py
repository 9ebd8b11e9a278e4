"""One run: the orchestration `pipeline run`, `pipeline nightly` and the Python API use.

    result = run([Path("forslag"), Path("ekstra/plan.pdf")], Path("kontrol"), RunOptions(lang="en", jobs=2))
    result.exit_code        # 0 ok, 1 flagged, 3 unreadable, 5 validation failed

Two parts, each one code path:

* reading (`gather` -> `Inputs`, `read` -> `Reading`): check the options and the files and
  folders given → find every document (`discover.discover` in each folder; none is an error
  unless `allow_empty`) → reuse the cached result of each unchanged file (when a cache is
  given: the nightly state) → read the rest in workers with their limits
  (`batch.run_documents`);
* writing (`write_set(out, reading) -> RunResult`): claim the output folder
  (`outputs.claim`) → write each document's folder, the contract files, the validation and
  the reports into a new set (`outputs.OutputSet`, `outputs.write_outputs`) and summary.json
  → switch to the set.

`run` is both, with the output folder claimed before anything is read; `pipeline.check` is
the reading part and `Result.to_folder` the writing part.  Nothing is printed here:
`on_result` is called with each document's result as it is ready.
"""
from __future__ import annotations

import json
import os
import time
import traceback
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Protocol, Union

from pipeline.errors import EmptyInput, EnvironmentFailure, ExitCode, InputMissing, UsageError
from pipeline.isolation import DEFAULT_MEMORY_MB, DEFAULT_PER_PAGE, DEFAULT_TIMEOUT, MIN_MEMORY_MB, Limits
from pipeline.model import DocumentResult, ErrorCode, Status, withheld
from pipeline.process import process_document
from pipeline.read.chars import DEFAULT_READER, READERS, safe_text
from pipeline.report.files import write_atomic, write_document
from pipeline.run import faults, review
from pipeline.run.batch import BatchStats, Step, default_jobs, precheck, run_documents
from pipeline.run.copies import fold_copies, originals, stand_in
from pipeline.run.discover import Item, discover, file_digest, safe_name
from pipeline.run.distributed import runner as dask_runner
from pipeline.run.outputs import OutputSet, claim, write_outputs
from pipeline.run.spool import ResultSpool
from pipeline.tables.settings import DEFAULT, ReaderSettings
from pipeline.text import messages
from pipeline.text.messages import LANGUAGES

PathArgument = Union[str, "os.PathLike[str]"]
"""A file or folder given to a run: a `str` or a `pathlib.Path`."""


@dataclass(frozen=True)
class RunOptions:
    """Everything a run can be told.  Invalid values raise `UsageError` at once."""

    lang: str = "da"  # language of the sentences in the reports
    jobs: int = field(default_factory=default_jobs)  # documents read in parallel
    timeout: float = DEFAULT_TIMEOUT  # seconds per document (and per report page's pictures)
    timeout_per_page: float = DEFAULT_PER_PAGE  # seconds more per page of a document read in a worker
    memory_mb: int = DEFAULT_MEMORY_MB  # address space per worker
    second_reader: bool = True  # compare every figure with camelot
    validate: bool = True  # Great Expectations over the contract files
    reports: bool = True  # HTML, Excel, Parquet
    allow_empty: bool = False  # an input folder without PDFs is not an error
    reader: str = DEFAULT_READER  # pdfium (fast) or pdfplumber (the reference)
    dask: str | None = None  # read on a Dask cluster: its scheduler's address, or "local"
    settings: ReaderSettings = DEFAULT  # the reader's thresholds (`--settings FILE`)
    pages: frozenset[int] | None = None  # read only these pages of each document (numbered from 1)
    reviewed: PathArgument | None = None  # the review file: findings a person accepted (`review`)

    def __post_init__(self):
        if self.lang not in LANGUAGES:
            raise UsageError(key="option-lang", choices=", ".join(LANGUAGES), value=repr(self.lang))
        if isinstance(self.jobs, bool) or not isinstance(self.jobs, int) or self.jobs < 1:
            raise UsageError(key="option-jobs", value=repr(self.jobs))
        if not isinstance(self.timeout, (int, float)) or not self.timeout > 0:
            raise UsageError(key="option-timeout", value=repr(self.timeout))
        if (isinstance(self.timeout_per_page, bool) or not isinstance(self.timeout_per_page, (int, float))
                or not self.timeout_per_page >= 0):
            raise UsageError(key="option-timeout-per-page", value=repr(self.timeout_per_page))
        if self.reader not in READERS:
            raise UsageError(key="option-reader", choices=", ".join(READERS), value=repr(self.reader))
        if isinstance(self.memory_mb, bool) or not isinstance(self.memory_mb, int) or self.memory_mb < MIN_MEMORY_MB:
            raise UsageError(key="option-memory", minimum=MIN_MEMORY_MB, value=repr(self.memory_mb))

    @property
    def limits(self) -> Limits:
        return Limits(float(self.timeout), int(self.memory_mb))

    @property
    def result_settings(self) -> str:
        """The options that change what a document's result is (part of a cached result's key)."""
        key = f"second_reader={int(self.second_reader)}|reader={self.reader}"
        if self.settings != DEFAULT:
            key += "|settings=" + json.dumps(self.settings.changed(), sort_keys=True)
        if self.pages is not None:
            key += "|pages=" + ",".join(map(str, sorted(self.pages)))
        return key


class ResultCache(Protocol):
    """Where a run finds the results of unchanged files (the nightly state)."""

    def cached(self, path: str, sha256: str, reader: str) -> DocumentResult | None: ...

    def store(self, result: DocumentResult, reader: str) -> None: ...

    def forget_missing(self, present: set[str]) -> None: ...


# ---------------------------------------------------------------- reading
@dataclass
class Inputs:
    """What a run is asked to read: the files and folders given, the folder the document
    names are relative to, and every document found in them."""

    paths: list[Path]  # the files and folders given (absolute)
    base: Path  # their common parent: one folder, itself; one file, its folder
    items: list[Item]  # every document, named and sorted as `pipeline run` names them


@dataclass
class Reading:
    """What the reading part of a run found, before anything is written: every document's
    result, in the order of their names (kept on disk as they came, `spool.ResultSpool`, each
    loaded when it is used: the main process does not grow with the number of documents)."""

    inputs: Inputs
    results: Sequence[DocumentResult]
    options: RunOptions
    read_anew: int = 0
    reused: int = 0
    seconds: float = 0.0  # reading (not writing the reports)
    worker_peak_mb: float = 0.0
    reviewed: str = ""  # the review file's fingerprint (`review.fingerprint`), when one was given

    @property
    def base(self) -> Path:
        return self.inputs.base

    @property
    def paths(self) -> dict[str, Path]:
        """document -> the file it was read from."""
        return {item.name: item.path for item in self.inputs.items}


def gather(inputs: PathArgument | Iterable[PathArgument], allow_empty: bool = False) -> Inputs:
    """Resolve the files and folders given (any mix) and find every document in them.

    Names: a folder's `*.pdf` entries (`discover.discover`) by their path relative to the
    common parent of everything given (so one folder's documents are named relative to it),
    a file given by its path relative to that parent (one file: its name; any file name is
    read: it was asked for); each document once, sorted by name.  Raises `InputMissing` for a
    path that does not exist, `UsageError` for no path or one that is neither a file nor a
    folder, `EmptyInput` when no document was found (unless `allow_empty`)."""
    given = [inputs] if isinstance(inputs, (str, os.PathLike)) else list(inputs)
    if not given:
        raise UsageError(key="no-inputs")
    paths: list[Path] = []
    for entry in given:
        path = Path(os.path.abspath(os.path.expanduser(os.fspath(entry))))
        if not path.exists():
            raise InputMissing(key="input-missing", path=os.fspath(entry))
        if not (path.is_file() or path.is_dir()):
            raise UsageError(key="input-odd", path=os.fspath(entry))
        paths.append(path)
    base = Path(os.path.commonpath([str(p if p.is_dir() else p.parent) for p in paths]))
    found: dict[str, Item] = {}
    for path in paths:
        if path.is_file():
            name = safe_name(path.relative_to(base).as_posix())
            found.setdefault(name, Item(path, name))
            continue
        prefix = path.relative_to(base).as_posix()
        for item in discover(path):
            name = item.name if prefix == "." else f"{safe_name(prefix)}/{item.name}"
            found.setdefault(name, Item(item.path, name, item.problem))
    if not found and not allow_empty:
        raise EmptyInput(key="empty-input", paths=", ".join(os.fspath(entry) for entry in given))
    return Inputs(paths, base, [found[name] for name in sorted(found)])


def reviews_of(options: RunOptions) -> list[review.Entry]:
    """The entries of the options' review file (none without one); a malformed file is an error (exit 2)."""
    return review.load(Path(os.fspath(options.reviewed))) if options.reviewed is not None else []


def _read_anew(todo: list[Item], options: RunOptions, done: Callable[[DocumentResult], None], stats: BatchStats,
               in_process: bool) -> None:
    """Read the documents `todo`, each result given to `done` as it is ready: in this process
    when `in_process` and there is one, else in workers (here or on a Dask cluster)."""
    if in_process and len(todo) == 1:
        item = todo[0]
        done(precheck(item) or process_document(item.path, item.name, second_reader=options.second_reader,
                                                reader=options.reader, settings=options.settings,
                                                pages=options.pages))
    elif todo:
        read = run_documents
        if options.dask:
            read = dask_runner(options.dask)
        read(todo, jobs=options.jobs, timeout=options.timeout, per_page=options.timeout_per_page,
             memory_mb=options.memory_mb, second_reader=options.second_reader, reader=options.reader, on_done=done,
             stats=stats, settings=options.settings, pages=options.pages)


def read(inputs: Inputs | PathArgument | Iterable[PathArgument], options: RunOptions | None = None, *,
         cache: ResultCache | None = None, reader: str = "",
         on_result: Callable[[DocumentResult, bool], None] | None = None, in_process: bool = False,
         on_step: Step | None = None, reviews: list[review.Entry] | None = None) -> Reading:
    """Read every document of `inputs` (an `Inputs`, or files and folders as `gather` takes
    them): the reading part of a run, one code path for discovery, limits and workers.

    `cache` (with `reader`, the version of the reading code) supplies the results of unchanged
    files and keeps each new result as soon as it is ready (as read: the review is applied to
    what the run keeps, never to what is cached); `on_result(result, reused)` is called for
    every document, after `on_step("read", documents)` said how many there are.  Results are
    kept on disk as they come (`spool.ResultSpool`), so the run's memory does not grow with
    the batch.  Each document is read in a worker with the options' limits, except with
    `in_process` when exactly one file was given: then it is read in this process (the API's
    single file: a bug in a stage raises here, with its traceback)."""
    options = options or RunOptions()
    if not isinstance(inputs, Inputs):
        inputs = gather(inputs, options.allow_empty)
    items = inputs.items
    if on_step:
        on_step("read", len(items))
    started = time.perf_counter()
    key = f"{reader}|{options.result_settings}"
    results = ResultSpool()
    todo = []
    entries = reviews_of(options) if reviews is None else reviews  # a malformed file stops the run before reading
    digests = {item.name: file_digest(item) for item in items}
    copies = originals(digests)  # a copy (the same bytes as a document before it) is not read again
    for item in items:
        if item.name in copies:
            continue
        digest = digests[item.name]
        cached = cache.cached(item.name, digest, key) if cache is not None and digest else None
        if cached is None:
            todo.append(item)
            continue
        kept = review.reviewed(cached, entries)
        results.add(kept)
        if on_result:
            on_result(kept, True)

    def done(result: DocumentResult) -> None:
        if cache is not None:
            cache.store(result, key)  # at once: a run killed later keeps this document's result
        kept = review.reviewed(result, entries)
        results.add(kept)
        faults.pause("reading")
        if on_result:
            on_result(kept, False)

    stats = BatchStats(documents=len(todo))
    one_file = len(inputs.paths) == 1 and inputs.paths[0].is_file()
    _read_anew(todo, options, done, stats, in_process=in_process and one_file)
    for name, original in copies.items():
        first = results.load(original)
        copy = fold_copies([first, stand_in(first, name)])[1]
        results.add(copy)
        if on_result:
            on_result(copy, False)
    if cache is not None:
        cache.forget_missing({i.name for i in items})
    return Reading(inputs, results.in_order([i.name for i in items]), options, read_anew=len(todo),
                   reused=len(items) - len(todo) - len(copies), seconds=time.perf_counter() - started,
                   worker_peak_mb=stats.worker_peak_mb,
                   reviewed=review.fingerprint(entries) if options.reviewed is not None else "")


# ---------------------------------------------------------------- writing
@dataclass
class RunResult:
    """What a run found and wrote; `exit_code` is what the command returns for it."""

    input_dir: Path  # the folder the document names are relative to
    out: Path
    folder: Path  # the run's own set (out/runs/<id>), now out/current
    results: Sequence[DocumentResult]
    options: RunOptions
    outcomes: list | None = None  # validation outcomes (None when not validated)
    read_anew: int = 0
    reused: int = 0
    paths: dict[str, Path] = field(default_factory=dict)  # document -> the file it was read from
    seconds: float = 0.0  # reading (not writing the reports)
    worker_peak_mb: float = 0.0
    reports_reused: bool = False  # the validation and reports of the set before were taken over
    pictures_missing: dict[str, str] = field(default_factory=dict)  # document -> why its pictures are not drawn

    def _tally(self) -> tuple[dict[Status, int], int]:
        """How many documents of each status, and their pages, in one pass over the results;
        kept when the results are on disk (`spool.SpooledResults`, read-only), so each is
        loaded once for every question."""
        kept = self.__dict__.get("_tallied")
        if kept is not None and kept[0] is self.results:
            return kept[1], kept[2]
        statuses: dict[Status, int] = {}
        pages = 0
        for r in self.results:
            statuses[r.status] = statuses.get(r.status, 0) + 1
            pages += r.pages or 0
        if not isinstance(self.results, list):
            self.__dict__["_tallied"] = (self.results, statuses, pages)
        return statuses, pages

    def count(self, status: Status) -> int:
        return self._tally()[0].get(status, 0)

    @property
    def pages(self) -> int:
        return self._tally()[1]

    @property
    def validation_failed(self) -> bool:
        return self.outcomes is not None and not all(o.success for o in self.outcomes)

    @property
    def exit_code(self) -> ExitCode:
        if self.validation_failed:
            return ExitCode.INVALID
        if self.count(Status.ERROR):
            return ExitCode.UNREADABLE
        if self.count(Status.FLAGGED) or any(withheld(r) for r in self.results):
            return ExitCode.FINDINGS  # a disagreement held back is not "every total agrees"
        return ExitCode.OK

    @property
    def summary(self) -> dict:
        pages_per_second = self.pages / self.seconds if self.seconds else 0.0
        return {
            "documents": len(self.results), "ok": self.count(Status.OK), "flagged": self.count(Status.FLAGGED),
            "unchecked": self.count(Status.UNCHECKED), "unreadable": self.count(Status.ERROR),
            "reviewed": self.count(Status.REVIEWED),
            "pages": self.pages, "read_anew": self.read_anew, "reused": self.reused,
            "seconds": round(self.seconds, 3), "pages_per_second": round(pages_per_second, 2),
            "worker_peak_mb": round(self.worker_peak_mb, 1), "memory_limit_mb": self.options.memory_mb,
            "timeout": self.options.timeout, "timeout_per_page": self.options.timeout_per_page,
            "exit_code": int(self.exit_code),
        } | ({"pictures_missing": dict(self.pictures_missing)} if self.pictures_missing else {})


def unwritten(reading: Reading, options: RunOptions | None = None) -> RunResult:
    """The result of a reading as `write_set` will report it, before anything is written."""
    return RunResult(reading.base, Path(), Path(), reading.results, options or reading.options,
                     read_anew=reading.read_anew, reused=reading.reused, paths=reading.paths,
                     seconds=reading.seconds, worker_peak_mb=reading.worker_peak_mb)


def validation_line(outcomes, lang: str = "da") -> str:
    """Whether the extracted data met every expectation, in `lang` (`messages.validation_line`)."""
    return messages.validation_line(outcomes, lang)


def made_with(options: RunOptions) -> dict:
    """What a set's validation and reports depend on besides its contract files: the code
    (every module of the package, and the versions of the libraries that read and write) and
    the settings.  Kept in run.json; the nightly check reuses a set's validation and reports
    only when this is the same (`outputs.reusable`)."""
    made = {"code": _code_version(), "lang": options.lang, "validate": options.validate, "reports": options.reports,
            "second_reader": options.second_reader, "reader": options.reader, "timeout": options.timeout,
            "timeout_per_page": options.timeout_per_page, "memory_mb": options.memory_mb}
    if options.settings != DEFAULT:
        made["settings"] = options.settings.changed()
    if options.pages is not None:
        made["pages"] = sorted(options.pages)
    return made


@cache
def _code_version() -> str:
    import hashlib
    from importlib.metadata import PackageNotFoundError, version

    h = hashlib.sha256()
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*.py")):
        h.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    for library in ("pdfplumber", "pdfminer.six", "pypdfium2", "camelot-py", "great-expectations", "pandas",
                    "openpyxl", "pyarrow", "pillow"):
        try:
            h.update(f"{library}={version(library)}\0".encode())
        except PackageNotFoundError:
            h.update(f"{library}=-\0".encode())
    return h.hexdigest()[:16]


def write_documents(folder: Path, results: Sequence[DocumentResult], lang: str) -> Sequence[DocumentResult]:
    """Each document's own folder in the new set (`report.files.write_document`), and the
    results as they are written.  A document whose results cannot be written (a bug: text no
    file can hold, say) becomes its own `internal` error, with the traceback in its
    result.json, and the rest are written; a failure of the environment (`OSError`: a full
    disk, a folder that may not be written) stops the run as before.  When every document was
    written, `results` itself comes back (results kept on disk stay there)."""
    failed: dict[int, DocumentResult] = {}
    for i, document in enumerate(results):
        try:
            write_document(folder, document, lang)
        except OSError:
            raise
        except Exception as exc:
            failed[i] = unwritable(document, exc)
            write_document(folder, failed[i], lang)
    if not failed:
        return results
    return [failed.get(i, document) for i, document in enumerate(results)]


def unwritable(document: DocumentResult, exc: Exception) -> DocumentResult:
    """The `internal` error of a document whose results could not be written (facts only,
    made safe to write: the exception's text may quote what could not be written)."""
    first = safe_text(f"{type(exc).__name__}: {exc}".splitlines()[0] if str(exc) else type(exc).__name__)
    detail = safe_text("".join(traceback.format_exception(exc)))
    return DocumentResult(document.document, document.sha256, document.pages, Status.ERROR, ErrorCode.INTERNAL,
                          "internal error while writing the results: " + first, seconds=document.seconds,
                          detail=detail, error_params={"why": "writing", "error": first})


def write_set(out: Path, reading: Reading, options: RunOptions | None = None, *,
              reuse_unchanged: bool = False, on_step: Step | None = None) -> RunResult:
    """Write the whole set of `reading` into the output folder `out` and switch to it: the
    one writer of `pipeline run`, `pipeline nightly` and the API's `Result.to_folder`.

    Claims the folder (`outputs.claim`: refused when it is not the run's own or holds an
    input), writes each document's folder, the contract files, the validation and the
    reports (as `options` say; default: the reading's) and summary.json into a new set, and
    switches to it.  With `reuse_unchanged` (the nightly check), when nothing changed since
    the set before — the same contract files, made by the same code with the same settings —
    its validation and reports are taken over instead of made again (summary.json's
    `reports_reused`), so Great Expectations is not even imported.  `on_step(step, documents)`
    is told when the validation ("validate") and the reports ("reports") begin."""
    options = options or reading.options
    out = Path(out)
    claim(out, reading.inputs.paths)
    output = OutputSet(out)
    made = made_with(options)
    if reading.reviewed:  # the reports show each acceptance's reason, name and date
        made["reviewed"] = reading.reviewed
    try:
        reading = replace(reading, results=write_documents(output.dir, reading.results, options.lang))
        outcomes, reused, missing = write_outputs(output.dir, reading.base, reading.results, lang=options.lang,
                                 validate=options.validate, reports=options.reports, paths=reading.paths,
                                 limits=options.limits, made=made, reuse_from=out if reuse_unchanged else None,
                                 on_step=on_step)
        result = unwritten(reading, options)
        result.out, result.folder, result.outcomes, result.reports_reused = out, output.dir, outcomes, reused
        result.pictures_missing = missing
        summary = result.summary
        summary["reports_reused"] = reused
        if outcomes is not None:
            summary["validation"] = validation_line(outcomes, options.lang)
        write_atomic(output.dir / "summary.json", (json.dumps(summary, indent=1) + "\n").encode())
        result.folder = output.commit(made)
        faults.pause("written")
        return result
    except OSError as exc:
        output.abandon()
        raise EnvironmentFailure(key="write-failed", out=os.fspath(out), errno=exc.errno,
                                 reason=exc.strerror or str(exc),
                                 where=f" ({exc.filename})" if exc.filename else "") from None
    except BaseException:
        output.abandon()
        raise


def run(inputs: PathArgument | Iterable[PathArgument], out: Path, options: RunOptions | None = None, *,
        cache: ResultCache | None = None, reader: str = "",
        on_result: Callable[[DocumentResult, bool], None] | None = None, on_step: Step | None = None) -> RunResult:
    """Check every PDF of `inputs` (files and folders, any mix) and write the set into `out`:
    `gather`, `read`, then `write_set`.  Bad inputs and an output folder that is not the run's
    own are refused before anything is read or written."""
    options = options or RunOptions()
    found = gather(inputs, options.allow_empty)
    reviews = reviews_of(options)
    claim(Path(out), found.paths)
    reading = read(found, options, cache=cache, reader=reader, on_result=on_result, on_step=on_step,
                   reviews=reviews)
    return write_set(Path(out), reading, options, on_step=on_step)
