"""Run documents through the stages, each in its own worker process (`pipeline.isolation`).

Each document is read in a forked worker that enforces its own limits (time, memory, death
with the parent: see `pipeline.isolation`), so a hostile file costs at most its time and
memory limit and the batch goes on; a file over the size limit is `too-large` before
anything reads it (it is not even hashed).  The files are found by `pipeline.run.discover`.

A bug in a stage is the error `internal` for that document (the traceback goes to its
result.json and to standard error); a worker that crashes is `corrupt`.
"""
from __future__ import annotations

import os
import re
import select
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.errors import TooLarge
from pipeline.isolation import DEFAULT_MEMORY_MB, DEFAULT_PER_PAGE, DEFAULT_TIMEOUT, Limits, Worker
from pipeline.model import DocumentResult, ErrorCode, Status
from pipeline.process import process_document
from pipeline.read.chars import DEFAULT_READER
from pipeline.read.gate import MAX_BYTES, inflates_beyond
from pipeline.run.discover import Item, as_item, file_digest
from pipeline.tables.settings import DEFAULT, ReaderSettings

# a worker that aborts after its peak resident memory reached this share of the cap ran out of memory
ABORT_NEAR_CAP = 0.5

FAULT_HANG = "PIPELINE_FAULT_HANG"  # a document name whose worker hangs (fault-injection tests)
FAULT_CRASH = "PIPELINE_FAULT_CRASH"  # a document name whose worker hits a bug (fault-injection tests)
FAULT_MEMORY = "PIPELINE_FAULT_MEMORY"  # a document name whose worker allocates without end (fault-injection tests)

# Progress: `on_step(step, documents)` is told when a step of a run begins — "read" (how many
# documents the run has), then "validate" and "reports" after the last document — so the one
# who watches (the command's progress bar) is never left in silence.
Step = Callable[[str, int], None]


@dataclass
class BatchStats:
    documents: int = 0
    flagged: int = 0
    unreadable: int = 0
    pages: int = 0
    seconds: float = 0.0
    worker_peak_mb: float = 0.0  # the most resident memory any worker added to what it was forked with

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0


# ---------------------------------------------------------------- one document in a worker
def _read_one(path: str, name: str, second_reader: bool, reader: str = DEFAULT_READER,
              settings: ReaderSettings = DEFAULT, pages: frozenset[int] | None = None) -> DocumentResult:
    if os.environ.get(FAULT_HANG) == name:
        time.sleep(3600)
    if os.environ.get(FAULT_CRASH) == name:
        raise RuntimeError("injected fault: a bug in a stage")
    if os.environ.get(FAULT_MEMORY) == name:
        hoard = []
        while True:
            hoard.append(bytearray(64 << 20))
    try:
        result = process_document(Path(path), name, second_reader, reader, settings=settings, pages=pages)
    except RecursionError:  # objects nested deeper than any reader follows
        result = failed(Item(Path(path), name), ErrorCode.CORRUPT,
                         "the PDF's objects are nested too deeply to be read", facts={"why": "nested"})
    except OSError as exc:  # permission lost or an I/O error while the file was read
        if exc.filename is not None and os.fspath(exc.filename) != path:
            raise
        result = unreadable(Item(Path(path), name), exc)
    if result.error == ErrorCode.CORRUPT and OUT_OF_MEMORY.search(result.message):
        # a parser that reports a failed allocation as damage: it was the memory limit
        raise MemoryError(result.message)
    return result


OUT_OF_MEMORY = re.compile(r"unable to allocate|cannot allocate|out of memory|MemoryError", re.IGNORECASE)


def failed(item: Item, code: str, message: str, detail: str = "", digest: str | None = None,
            facts: dict[str, Any] | None = None) -> DocumentResult:
    """An `error` result: the code, the English message (kept in result.json) and the facts
    its sentence in the run's language is written from (`messages.error_sentence`)."""
    if digest is None:
        digest = file_digest(item) or ""
    return DocumentResult(item.name, digest, None, Status.ERROR, code, message, detail=detail,
                          error_params=dict(facts or {}))


def unreadable(item: Item, exc: OSError) -> DocumentResult:
    """The `unreadable` result of a file the run may not read (permission denied, an I/O
    error): the errno and the system's reason are its facts."""
    reason = exc.strerror or str(exc)
    return failed(item, ErrorCode.UNREADABLE, f"the file cannot be read: {reason}", digest="",
                   facts={"why": "os", "errno": exc.errno, "reason": reason})


def precheck(item: Item, max_bytes: int = MAX_BYTES) -> DocumentResult | None:
    """The verdict on an entry that no reader needs to open: not a file, too large, or a file
    the run may not read."""
    if item.problem is not None:
        code, why, facts = item.problem
        return failed(item, code, why, digest="", facts=facts)
    try:
        size = os.stat(item.path).st_size
    except OSError as exc:
        return failed(item, ErrorCode.NOT_A_FILE, f"cannot be opened: {exc.strerror}", digest="",
                       facts={"why": "cannot-open", "errno": exc.errno, "reason": exc.strerror or str(exc)})
    if size > max_bytes:
        mb, limit_mb = round(size / 1e6), round(max_bytes / 1e6)
        error = TooLarge(f"the file is {mb} MB, more than the limit of {limit_mb} MB")
        return failed(item, error.code, error.message, digest="",
                      facts={"why": "bytes", "mb": mb, "limit_mb": limit_mb})
    try:
        with open(item.path, "rb") as f:
            f.read(1)
    except OSError as exc:
        return unreadable(item, exc)
    return None


def _verdict(item: Item, worker: Worker, limits: Limits) -> DocumentResult:
    kind, value = worker.answer()
    if kind == "ok":
        return value
    if kind == "memory":
        return failed(item, ErrorCode.TOO_LARGE, f"reading needed more memory than the limit of {limits.memory_mb} MB "
                                                  f"(--memory-limit) and was stopped",
                       facts={"why": "memory", "memory_mb": limits.memory_mb})
    if kind == "timeout":
        allowed = worker.allowed
        return failed(item, ErrorCode.TIMEOUT, f"reading took longer than {allowed:g} s and was stopped",
                       facts={"why": "seconds", "seconds": allowed})
    if kind == "crash":
        print(f"{item.name}: internal error while reading:\n{value}", file=sys.stderr)
        first = value.splitlines()[0]
        return failed(item, ErrorCode.INTERNAL, "internal error while reading: " + first, detail=value,
                       facts={"why": "error", "error": first})
    # a native reader (PDFium) that cannot allocate aborts: an abort after the worker had
    # grown to near its cap, or a file whose content inflates beyond the cap, is too large,
    # not damaged
    if value == "signal SIGABRT" and worker.peak_mb >= ABORT_NEAR_CAP * limits.memory_mb:
        return failed(item, ErrorCode.TOO_LARGE, f"reading needed more memory than the limit of {limits.memory_mb} MB "
                                                  f"(--memory-limit) and was stopped",
                       facts={"why": "memory", "memory_mb": limits.memory_mb})
    if inflates_beyond(item.path, limits.memory_mb * 1024 * 1024):
        return failed(item, ErrorCode.TOO_LARGE, f"the PDF's content inflates to more than the memory limit of "
                                                  f"{limits.memory_mb} MB (--memory-limit): not read",
                       facts={"why": "inflates", "memory_mb": limits.memory_mb})
    return failed(item, ErrorCode.CORRUPT, f"the reader crashed on this file ({value})",
                   facts={"why": "crashed", "detail": value})


def run_documents(items: Iterable, *, jobs: int = 1, timeout: float = DEFAULT_TIMEOUT,
                  per_page: float = DEFAULT_PER_PAGE,
                  memory_mb: int = DEFAULT_MEMORY_MB, second_reader: bool = True, reader: str = DEFAULT_READER,
                  on_done: Callable[[DocumentResult], None] | None = None,
                  stats: BatchStats | None = None, settings: ReaderSettings = DEFAULT,
                  pages: frozenset[int] | None = None) -> list[DocumentResult]:
    """Process documents in up to `jobs` forked workers (with the reader `settings`, only
    `pages` when given); results in input order, or, when `on_done` takes each as it is ready,
    none (the batch holds no result it has handed over).  Each may take `timeout` seconds plus
    `per_page` seconds per page (`Limits.seconds`)."""
    items = [as_item(i) for i in items]
    limits = Limits(timeout, memory_mb, per_page)
    # Import the heavy readers once, before forking, so each worker starts warm.
    import pypdfium2  # noqa: F401

    if reader == "pdfplumber":
        import pdfplumber  # noqa: F401

    if second_reader:
        import camelot  # noqa: F401

    results: dict[str, DocumentResult] = {}
    pending = list(items)
    running: dict[int, tuple[Worker, Item]] = {}

    def finish(result: DocumentResult) -> None:
        if on_done:
            on_done(result)  # handed over, not kept: the caller decides what it holds
        else:
            results[result.document] = result

    try:
        while pending or running:
            while pending and len(running) < max(1, jobs):
                item = pending.pop(0)
                early = precheck(item)
                if early is not None:
                    finish(early)
                    continue
                worker = Worker(_read_one, (str(item.path), item.name, second_reader, reader, settings, pages),
                                limits)
                running[worker.fd] = (worker, item)
            if not running:
                continue
            ready, _, _ = select.select(list(running), [], [], 0.2)
            for fd in ready:
                worker, item = running[fd]
                if worker.read_some():
                    del running[fd]
                    worker.reap()
                    if stats is not None:
                        stats.worker_peak_mb = max(stats.worker_peak_mb, worker.peak_mb)
                    finish(_verdict(item, worker, limits))
            now = time.monotonic()
            for fd, (worker, item) in list(running.items()):
                if now > worker.deadline:
                    del running[fd]
                    worker.kill()
                    finish(_verdict(item, worker, limits))
    finally:
        for worker, _ in running.values():  # interrupted: no reader outlives the run
            worker.kill()
    return [] if on_done else [results[i.name] for i in items]


def default_jobs() -> int:
    return max(1, min(4, os.cpu_count() or 1))
