"""Run every PDF of a folder through the stages, each in its own worker process.

A worker that hangs past the time limit is killed (`timeout`); one that crashes is recorded
as `corrupt`; either way the batch goes on and every other document keeps its result.
"""
from __future__ import annotations

import multiprocessing as mp
import os
import sys
import time
import traceback
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Callable, Iterable

from .model import DocumentResult, ErrorCode, Status
from .read import DEFAULT_READER, sha256_of

DEFAULT_TIMEOUT = 120.0


def discover(folder: Path) -> list[tuple[Path, str]]:
    """Every file ending in .pdf below `folder` (recursively), with its name relative to it."""
    found = []
    for path in folder.rglob("*"):
        if path.is_file() and path.suffix.lower() == ".pdf" and not any(p.startswith(".") for p in path.relative_to(folder).parts):
            found.append((path, path.relative_to(folder).as_posix()))
    return sorted(found, key=lambda item: item[1])


@dataclass
class BatchStats:
    documents: int = 0
    flagged: int = 0
    unreadable: int = 0
    pages: int = 0
    seconds: float = 0.0

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0


FAULT_HANG = "PIPELINE_FAULT_HANG"  # a document name whose worker hangs (fault-injection tests)


def _child(conn: Connection, path: str, name: str, second_reader: bool, reader: str) -> None:
    from .process import process_document

    try:
        if os.environ.get(FAULT_HANG) == name:
            time.sleep(3600)
        result = process_document(Path(path), name, second_reader, reader)
        conn.send(("ok", result))
    except BaseException as exc:  # a bug in a stage: report it, never hang the parent
        conn.send(("crash", f"{type(exc).__name__}: {exc}\n{traceback.format_exc()}"))
    finally:
        conn.close()


def _failed(path: Path, name: str, code: str, message: str) -> DocumentResult:
    try:
        digest = sha256_of(path)
    except OSError:
        digest = ""
    return DocumentResult(name, digest, None, Status.ERROR, code, message)


def run_documents(items: Iterable[tuple[Path, str]], *, jobs: int = 1, timeout: float = DEFAULT_TIMEOUT,
                  second_reader: bool = True, reader: str = DEFAULT_READER,
                  on_done: Callable[[DocumentResult], None] | None = None) -> list[DocumentResult]:
    """Process documents in up to `jobs` forked workers; results in input order."""
    items = list(items)
    # Import the heavy readers once, before forking, so each worker starts warm.
    import pdfplumber  # noqa: F401
    import pypdfium2  # noqa: F401

    if second_reader:
        import camelot  # noqa: F401

    from . import process  # noqa: F401

    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
    results: dict[str, DocumentResult] = {}
    pending = list(items)
    running: dict[Connection, tuple[mp.Process, Path, str, float]] = {}

    def finish(result: DocumentResult) -> None:
        results[result.document] = result
        if on_done:
            on_done(result)

    while pending or running:
        while pending and len(running) < max(1, jobs):
            path, name = pending.pop(0)
            parent, child = ctx.Pipe(duplex=False)
            proc = ctx.Process(target=_child, args=(child, str(path), name, second_reader, reader), daemon=True)
            proc.start()
            child.close()
            running[parent] = (proc, path, name, time.monotonic())
        ready = wait(list(running), timeout=0.2)
        for conn in ready:
            proc, path, name, started = running.pop(conn)
            try:
                status, payload = conn.recv()
            except (EOFError, OSError):
                proc.join(5)
                finish(_failed(path, name, ErrorCode.CORRUPT, f"the reader stopped unexpectedly (exit code {proc.exitcode})"))
                continue
            finally:
                conn.close()
            proc.join(5)
            if status == "ok":
                finish(payload)
            else:
                print(payload, file=sys.stderr)
                finish(_failed(path, name, ErrorCode.INTERNAL, "internal error while reading: " + payload.splitlines()[0]))
        now = time.monotonic()
        for conn, (proc, path, name, started) in list(running.items()):
            if now - started > timeout:
                proc.kill()
                proc.join(5)
                conn.close()
                del running[conn]
                finish(_failed(path, name, ErrorCode.TIMEOUT, f"reading took longer than {timeout:.0f} s and was stopped"))
    return [results[name] for _, name in items]


def default_jobs() -> int:
    return max(1, min(4, os.cpu_count() or 1))
