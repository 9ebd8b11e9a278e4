"""Documents read on a Dask distributed cluster: `pipeline run --dask ADDRESS` (or `--dask local`).

The hook for the run orchestration is `runner(address)`: it returns a function with the
signature of `pipeline.run.batch.run_documents` (items, jobs, timeout, second_reader, reader,
on_done → results in input order), so a caller swaps one for the other and nothing else
changes: the same results, the same contract files.

Each document is one task.  On the worker it runs through `pipeline.run.batch.run_documents`
for that one document, so it gets the same isolation as a local run: its own forked
process, stopped after `--timeout` (`timeout`), a crash recorded as `corrupt` or
`internal`, and the rest of the batch read.  Workers need the `pipeline` package (same
version) but not the files: for a remote cluster each PDF's bytes go with its task
(`ship=True`); `--dask local` starts a `LocalCluster` on this machine (one single-threaded
worker process per job) and passes paths.  At most `WINDOW` tasks per worker thread are in
flight at a time, so the client never holds more than that many files in memory.

Dask is an optional extra: `pip install '<distribution>[dask]'`.
"""
from __future__ import annotations

import multiprocessing
import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from pipeline.errors import InputError, UsageError
from pipeline.isolation import DEFAULT_PER_PAGE, DEFAULT_TIMEOUT
from pipeline.model import DocumentResult, ErrorCode
from pipeline.read.chars import DEFAULT_READER
from pipeline.read.gate import MAX_BYTES, check_file
from pipeline.run import batch
from pipeline.run.batch import default_jobs, failed
from pipeline.run.discover import Item
from pipeline.tables.settings import DEFAULT, ReaderSettings

LOCAL = "local"
WINDOW = 2  # tasks in flight per worker thread
CONNECT_TIMEOUT = "30s"


def _read_one(name: str, path: str, data: bytes | None, timeout: float, second_reader: bool,
              reader: str, settings: ReaderSettings = DEFAULT, pages: frozenset[int] | None = None,
              per_page: float = DEFAULT_PER_PAGE) -> DocumentResult:
    """On a worker: one document through the usual local batch (a forked process, timeout)."""
    current = multiprocessing.current_process()
    if current.daemon:
        # Dask starts workers as daemon processes unless `distributed.worker.daemon` is off
        # (`--dask local` turns it off; see the README for `dask worker`), and a daemon may not
        # start the process a document is read in.  The document's process is always joined
        # or killed before this task returns, so none is left behind.
        current._config["daemon"] = False  # type: ignore[attr-defined]

    if data is None:
        return batch.run_documents([(Path(path), name)], jobs=1, timeout=timeout, per_page=per_page,
                                   second_reader=second_reader,
                                   reader=reader, settings=settings, pages=pages)[0]
    with tempfile.TemporaryDirectory(prefix="pipeline-") as tmp:
        local = Path(tmp) / ("document" + Path(path).suffix)
        local.write_bytes(data)
        return batch.run_documents([(local, name)], jobs=1, timeout=timeout, per_page=per_page,
                                   second_reader=second_reader,
                                   reader=reader, settings=settings, pages=pages)[0]


def run_documents(items: Iterable[Item | tuple[Path, str]], *, address: str, jobs: int | None = None,
                  timeout: float = DEFAULT_TIMEOUT, per_page: float = DEFAULT_PER_PAGE, second_reader: bool = True,
                  reader: str = DEFAULT_READER,
                  on_done: Callable[[DocumentResult], None] | None = None,
                  ship: bool | None = None, settings: ReaderSettings = DEFAULT,
                  pages: frozenset[int] | None = None) -> list[DocumentResult]:
    """Process documents on the Dask cluster at `address` (`local`: a LocalCluster of `jobs`
    workers on this machine); results in input order, `on_done` called as each arrives."""
    try:
        from distributed import Client, LocalCluster, as_completed
    except ImportError:
        raise UsageError(key="dask-missing") from None
    pairs: list[tuple[Path, str]] = [(i.path, i.name) if isinstance(i, Item) else (Path(i[0]), i[1]) for i in items]
    cluster = None
    if address == LOCAL:
        import dask

        with dask.config.set({"distributed.worker.daemon": False}):
            cluster = LocalCluster(n_workers=max(1, jobs or default_jobs()), threads_per_worker=1, processes=True,
                                   dashboard_address=None)
        client = Client(cluster)
        ship = False if ship is None else ship
    else:
        try:
            client = Client(address, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError) as exc:
            raise UsageError(key="dask-no-scheduler", address=address, reason=str(exc)) from None
        ship = True if ship is None else ship
    results: dict[str, DocumentResult] = {}

    def finish(result: DocumentResult) -> None:
        if on_done:
            on_done(result)  # handed over, not kept: the caller decides what it holds
        else:
            results[result.document] = result

    try:
        threads = max(1, sum(client.nthreads().values()))
        pending = list(pairs)
        running = as_completed()
        where: dict = {}

        def submit() -> None:
            while pending and running.count() < WINDOW * threads:
                path, name = pending.pop(0)
                data = None
                if ship:
                    try:
                        if path.stat().st_size > MAX_BYTES:  # refused as a local run refuses it, bytes unsent
                            check_file(path)
                        data = path.read_bytes()
                    except InputError as exc:
                        finish(failed(Item(Path(path), name), exc.code, exc.message))
                        continue
                    except OSError as exc:
                        finish(failed(Item(Path(path), name), ErrorCode.CORRUPT,
                                       f"the file could not be read ({exc})"))
                        continue
                future = client.submit(_read_one, name, str(path), data, timeout, second_reader, reader,
                                       settings, pages, per_page,
                                       key=f"pipeline-{os.getpid()}-{len(where)}-{name}", pure=False)
                where[future.key] = (path, name)
                running.add(future)

        submit()
        while running.count():
            future = next(running)
            path, name = where.pop(future.key)
            try:
                finish(future.result())
            except Exception as exc:  # a worker died (even after retries): this document only
                finish(failed(Item(Path(path), name), ErrorCode.INTERNAL,
                               f"the Dask task failed ({type(exc).__name__}: {exc})"))
            future.release()
            submit()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    return [] if on_done else [results[name] for _, name in pairs]


def runner(address: str) -> Callable[..., list[DocumentResult]]:
    """A drop-in for `pipeline.run.batch.run_documents` that runs on the Dask cluster at `address`."""

    def run(items, **options) -> list[DocumentResult]:
        options.pop("memory_mb", None)  # each worker's own limits apply on the cluster
        options.pop("stats", None)
        return run_documents(items, address=address, **options)

    return run
