"""One run over a folder: the orchestration both `pipeline run` and `pipeline nightly` use.

    result = run(Path("forslag"), Path("kontrol"), RunOptions(lang="en", jobs=2))
    result.exit_code        # 0 ok, 1 flagged, 3 unreadable, 5 validation failed

Steps: check the options and folders → claim the output folder (`outputs.claim`) → find
every `*.pdf` entry (`batch.discover`; none is an error unless `allow_empty`) → reuse the
cached result of each unchanged file (when a cache is given: the nightly state) → read the
rest in workers with their limits (`batch.run_documents`) → write the whole set into a new
folder and switch to it (`outputs.OutputSet`).  Nothing is printed here: `on_result` is
called with each document's result as it is ready.
"""
from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Protocol

from . import faults
from .batch import (DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT, MIN_MEMORY_MB, BatchStats, Limits, default_jobs, discover,
                    file_digest, run_documents)
from .errors import EmptyInput, EnvironmentFailure, ExitCode, UsageError
from .messages import LANGUAGES
from .model import DocumentResult, Status
from .outputs import OutputSet, claim, write_outputs
from .report import write_atomic, write_document


@dataclass(frozen=True)
class RunOptions:
    """Everything a run can be told.  Invalid values raise `UsageError` at once."""

    lang: str = "da"  # language of the sentences in the reports
    jobs: int = field(default_factory=default_jobs)  # documents read in parallel
    timeout: float = DEFAULT_TIMEOUT  # seconds per document (and per report page's pictures)
    memory_mb: int = DEFAULT_MEMORY_MB  # address space per worker
    second_reader: bool = True  # compare every figure with camelot
    validate: bool = True  # Great Expectations over the contract files
    reports: bool = True  # HTML, Excel, Parquet
    allow_empty: bool = False  # an input folder without PDFs is not an error

    def __post_init__(self):
        if self.lang not in LANGUAGES:
            raise UsageError(f"--lang must be one of {', '.join(LANGUAGES)}, not {self.lang!r}")
        if isinstance(self.jobs, bool) or not isinstance(self.jobs, int) or self.jobs < 1:
            raise UsageError(f"--jobs must be a whole number of at least 1, not {self.jobs!r}")
        if not isinstance(self.timeout, (int, float)) or not self.timeout > 0:
            raise UsageError(f"--timeout must be a number of seconds above 0, not {self.timeout!r}")
        if isinstance(self.memory_mb, bool) or not isinstance(self.memory_mb, int) or self.memory_mb < MIN_MEMORY_MB:
            raise UsageError(f"--memory-limit must be a whole number of MB, at least {MIN_MEMORY_MB}, not {self.memory_mb!r}")

    @property
    def limits(self) -> Limits:
        return Limits(float(self.timeout), int(self.memory_mb))

    @property
    def result_settings(self) -> str:
        """The options that change what a document's result is (part of a cached result's key)."""
        return f"second_reader={int(self.second_reader)}"


class ResultCache(Protocol):
    """Where a run finds the results of unchanged files (the nightly state)."""

    def cached(self, path: str, sha256: str, reader: str) -> DocumentResult | None: ...

    def store(self, result: DocumentResult, reader: str) -> None: ...

    def forget_missing(self, present: set[str]) -> None: ...


@dataclass
class RunResult:
    """What a run found and wrote; `exit_code` is what the command returns for it."""

    input_dir: Path
    out: Path
    folder: Path  # the run's own set (out/runs/<id>), now out/current
    results: list[DocumentResult]
    options: RunOptions
    outcomes: list | None = None  # validation outcomes (None when not validated)
    read_anew: int = 0
    reused: int = 0
    paths: dict[str, Path] = field(default_factory=dict)  # document -> the file it was read from
    seconds: float = 0.0  # reading (not writing the reports)
    worker_peak_mb: float = 0.0

    def count(self, status: Status) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def pages(self) -> int:
        return sum(r.pages or 0 for r in self.results)

    @property
    def validation_failed(self) -> bool:
        return self.outcomes is not None and not all(o.success for o in self.outcomes)

    @property
    def exit_code(self) -> ExitCode:
        if self.validation_failed:
            return ExitCode.INVALID
        if self.count(Status.ERROR):
            return ExitCode.UNREADABLE
        if self.count(Status.FLAGGED):
            return ExitCode.FINDINGS
        return ExitCode.OK

    @property
    def summary(self) -> dict:
        pages_per_second = self.pages / self.seconds if self.seconds else 0.0
        return {
            "documents": len(self.results), "ok": self.count(Status.OK), "flagged": self.count(Status.FLAGGED),
            "unchecked": self.count(Status.UNCHECKED), "unreadable": self.count(Status.ERROR),
            "pages": self.pages, "read_anew": self.read_anew, "reused": self.reused,
            "seconds": round(self.seconds, 3), "pages_per_second": round(pages_per_second, 2),
            "worker_peak_mb": round(self.worker_peak_mb, 1), "memory_limit_mb": self.options.memory_mb,
            "timeout": self.options.timeout, "exit_code": int(self.exit_code),
        }


def validation_line(outcomes) -> str:
    from .validate import failures

    total = sum(len(o.results) for o in outcomes)
    bad = failures(outcomes)
    if not bad:
        return f"Validation (Great Expectations): all {total} expectations met."
    return (f"Validation (Great Expectations): {len(bad)} of {total} expectations FAILED:\n  "
            + "\n  ".join(bad))


def check_input(input_dir: Path) -> None:
    if not input_dir.exists():
        raise UsageError(f"input folder {input_dir} does not exist")
    if not input_dir.is_dir():
        raise UsageError(f"{input_dir} is not a folder")


def run(input_dir: Path, out: Path, options: RunOptions | None = None, *, cache: ResultCache | None = None,
        reader: str = "", on_result: Callable[[DocumentResult, bool], None] | None = None) -> RunResult:
    """Check every PDF below `input_dir` and write the set into `out`.

    `cache` (with `reader`, the version of the reading code) supplies the results of unchanged
    files and keeps each new result as soon as it is ready; `on_result(result, reused)` is called
    for every document."""
    options = options or RunOptions()
    input_dir, out = Path(input_dir), Path(out)
    check_input(input_dir)
    claim(out, input_dir)
    items = discover(input_dir)
    if not items and not options.allow_empty:
        raise EmptyInput(f"no PDF in {input_dir}: is the folder empty or not mounted? "
                         f"(--allow-empty accepts an empty folder)")
    started = time.perf_counter()
    key = f"{reader}|{options.result_settings}"
    output = OutputSet(out)
    try:
        results: dict[str, DocumentResult] = {}
        todo = []
        for item in items:
            digest = file_digest(item) if cache is not None else None
            cached = cache.cached(item.name, digest, key) if digest else None
            if cached is None:
                todo.append(item)
                continue
            results[item.name] = cached
            write_document(output.dir, cached, options.lang)
            if on_result:
                on_result(cached, True)

        def done(result: DocumentResult) -> None:
            if cache is not None:
                cache.store(result, key)  # at once: a run killed later keeps this document's result
            write_document(output.dir, result, options.lang)
            results[result.document] = result
            faults.pause("reading")
            if on_result:
                on_result(result, False)

        stats = BatchStats(documents=len(todo))
        if todo:
            run_documents(todo, jobs=options.jobs, timeout=options.timeout, memory_mb=options.memory_mb,
                          second_reader=options.second_reader, on_done=done, stats=stats)
        read_seconds = time.perf_counter() - started
        if cache is not None:
            cache.forget_missing({i.name for i in items})
        everything = [results[i.name] for i in items]
        paths = {i.name: i.path for i in items}
        outcomes = write_outputs(output.dir, input_dir, everything, lang=options.lang, validate=options.validate,
                                 reports=options.reports, paths=paths, limits=options.limits)
        result = RunResult(input_dir, out, output.dir, everything, options, outcomes, read_anew=len(todo),
                           reused=len(items) - len(todo), paths=paths, seconds=read_seconds,
                           worker_peak_mb=stats.worker_peak_mb)
        summary = result.summary
        if outcomes is not None:
            summary["validation"] = validation_line(outcomes)
        write_atomic(output.dir / "summary.json", (json.dumps(summary, indent=1) + "\n").encode())
        result.folder = output.commit()
        faults.pause("written")
        return result
    except OSError as exc:
        output.abandon()
        raise EnvironmentFailure(f"could not write the results in {out}: {exc.strerror or exc}"
                                 + (f" ({exc.filename})" if exc.filename else "")) from None
    except BaseException:
        output.abandon()
        raise
