"""Run every PDF of a folder through the stages, each in its own worker process.

Finding the files (`discover`): every entry below the folder whose name ends in `.pdf` gets
a row — a regular file is read; a FIFO, a socket, a dangling link or a link that points out
of the input folder is not opened and gets the error `not-a-file`.  Hidden files and
folders are skipped, links to folders are not followed, and a folder that is a pipeline
output folder (it holds the marker file) is not searched.  A file name that is not valid
UTF-8 or holds control characters is stored escaped (`plan\\xe6.pdf`), so every report and
CSV can carry it.

Each document is read in a forked worker that enforces its own limits, so a hostile file
costs at most its time and memory limit and the batch goes on:

* time: the parent stops a worker at `timeout` (`timeout`); the worker also carries its own
  alarm (`setitimer`) and CPU limit (`RLIMIT_CPU`), so it cannot outlive its limit even when
  the parent is gone;
* memory: `RLIMIT_AS` caps what the worker adds to the address space it was forked with
  (`memory_mb` above its start), so the limit counts what the child allocates, never how
  much the parent happened to hold (a run that has loaded Great Expectations forks its
  picture workers from a far larger process than one that has not); running out is
  `too-large`;
* parent: a worker dies with its parent (`PR_SET_PDEATHSIG`), so killing a run — even with
  SIGKILL — leaves no reader behind and no lock held;
* size: a file over the size limit is `too-large` before anything reads it (it is not even
  hashed).

A bug in a stage is the error `internal` for that document (the traceback goes to its
result.json and to standard error); a worker that crashes is `corrupt`.
"""
from __future__ import annotations

import ctypes
import os
import pickle
import re
import resource
import select
import signal
import stat
import sys
import time
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable

from pipeline.errors import TooLarge
from pipeline.model import DocumentResult, ErrorCode, Status
from pipeline.read.reader import DEFAULT_READER, MAX_BYTES, inflates_beyond, sha256_of

DEFAULT_TIMEOUT = 120.0  # seconds per document
DEFAULT_MEMORY_MB = 2048  # address space a worker may add to what it was forked with, in MiB
ABORT_NEAR_CAP = 0.5  # a worker that aborts after its peak resident memory reached this share of the cap ran out of memory
MIN_MEMORY_MB = 256  # below this not even the reader's libraries fit
OUTPUT_MARKER = ".pipeline-output"  # a folder holding this file is a pipeline output folder (never searched)

FAULT_HANG = "PIPELINE_FAULT_HANG"  # a document name whose worker hangs (fault-injection tests)
FAULT_CRASH = "PIPELINE_FAULT_CRASH"  # a document name whose worker hits a bug (fault-injection tests)
FAULT_MEMORY = "PIPELINE_FAULT_MEMORY"  # a document name whose worker allocates without end (fault-injection tests)


# ---------------------------------------------------------------- finding the files
_CONTROL = {c: f"\\x{c:02x}" for c in list(range(0x20)) + list(range(0x7F, 0xA0))}
_CONTROL.update({0x2028: "\\u2028", 0x2029: "\\u2029"})


def safe_name(name: str) -> str:
    """A file name as it can be stored anywhere (CSV, HTML, Excel, e-mail): bytes that are not
    UTF-8 and control characters escaped (`\\xe6`, `\\x0a`); every other name unchanged."""
    text = os.fsencode(name).decode("utf-8", "backslashreplace")
    return text.translate(_CONTROL)


@dataclass
class Item:
    """One `*.pdf` entry: where it is, the name it is reported under, and why it cannot be
    opened when it is no regular file (an error code, a sentence, and the facts
    `messages.error_sentence` words it from)."""

    path: Path
    name: str
    problem: tuple[str, str, dict[str, Any]] | None = None


def _kind_of(mode: int) -> tuple[str, str]:
    """The kind of a file that is not a regular one: its fact and its English words."""
    if stat.S_ISFIFO(mode):
        return "fifo", "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "socket", "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device", "a device"
    if stat.S_ISDIR(mode):
        return "folder", "a folder"
    return "", "not a regular file"


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def _entry(root_real: str, full: str) -> tuple[str, str, dict[str, Any]] | None:
    """None for a regular file (or a link to one inside the folder), else (code, why, facts)."""
    try:
        st = os.lstat(full)
    except FileNotFoundError:
        return ErrorCode.NOT_A_FILE, "the file disappeared while the folder was read", {"why": "vanished"}
    if stat.S_ISREG(st.st_mode):
        return None
    if stat.S_ISLNK(st.st_mode):
        target = os.path.realpath(full)
        shown = safe_name(os.readlink(full))
        if not os.path.lexists(target) or not os.path.exists(full):
            return (ErrorCode.NOT_A_FILE, f"a link to {shown}, which does not exist",
                    {"why": "dangling-link", "target": shown})
        if not _inside(target, root_real):
            return (ErrorCode.NOT_A_FILE, f"a link out of the input folder (to {shown}): not followed",
                    {"why": "link-out", "target": shown})
        mode = os.stat(full).st_mode
        if stat.S_ISREG(mode):
            return None
        kind, words = _kind_of(mode)
        return (ErrorCode.NOT_A_FILE, f"a link to {words}: not followed",
                {"why": "link-to-folder" if kind == "folder" else "link-to-other"})
    kind, words = _kind_of(st.st_mode)
    return ErrorCode.NOT_A_FILE, f"{words}, not a file: not opened", {"why": kind}


def discover(folder: Path) -> list[Item]:
    """Every entry ending in .pdf below `folder` (recursively), sorted by its name relative to it."""
    root = os.fspath(folder)
    root_real = os.path.realpath(root)
    found: dict[str, Item] = {}

    def add(full: str, rel: str, problem) -> None:
        name = safe_name(rel)
        if name in found:  # two raw names escaped alike: keep both, apart
            import hashlib

            name = f"{name}~{hashlib.sha256(os.fsencode(rel)).hexdigest()[:8]}"
        found[name] = Item(Path(full), name, problem)

    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        if dirpath != root and os.path.exists(os.path.join(dirpath, OUTPUT_MARKER)):
            dirnames[:] = []
            continue
        rel_dir = os.path.relpath(dirpath, root)
        keep = []
        for d in dirnames:
            if d.startswith("."):
                continue
            full = os.path.join(dirpath, d)
            if os.path.islink(full):  # never followed; a link named *.pdf still gets its row
                if d.lower().endswith(".pdf"):
                    add(full, os.path.normpath(os.path.join(rel_dir, d)), _entry(root_real, full)
                        or (ErrorCode.NOT_A_FILE, "a link to a folder: not followed", {"why": "link-to-folder"}))
                continue
            keep.append(d)
        dirnames[:] = sorted(keep)
        for f in filenames:
            if f.startswith(".") or not f.lower().endswith(".pdf"):
                continue
            full = os.path.join(dirpath, f)
            rel = os.path.normpath(os.path.join(rel_dir, f)).replace(os.sep, "/")
            add(full, rel, _entry(root_real, full))
    return [found[k] for k in sorted(found)]


def _as_item(item) -> Item:
    if isinstance(item, Item):
        return item
    path, name = item
    return Item(Path(path), name)


def file_digest(item: Item, max_bytes: int = MAX_BYTES) -> str | None:
    """The file's sha256, or None when it is not to be hashed (no regular file, over the size
    limit: a 20 GB file is never read whole just to be refused)."""
    if item.problem is not None:
        return None
    try:
        st = os.stat(item.path)
        if not stat.S_ISREG(st.st_mode) or st.st_size > max_bytes:
            return None
        return sha256_of(item.path)
    except OSError:
        return None


# ---------------------------------------------------------------- workers
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


@dataclass(frozen=True)
class Limits:
    """What one worker may cost."""

    timeout: float = DEFAULT_TIMEOUT
    memory_mb: int = DEFAULT_MEMORY_MB


_INHERITED_FDS: set[int] = set()


def close_in_workers(fd: int) -> None:
    """Close `fd` in every worker forked from now on (e.g. the nightly lock: only the run holds it)."""
    _INHERITED_FDS.add(fd)


def forget_in_workers(fd: int) -> None:
    """`fd` is about to be closed by its owner: workers no longer need to close it."""
    _INHERITED_FDS.discard(fd)


def _die_with_parent(parent: int) -> None:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        PR_SET_PDEATHSIG = 1
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # not Linux: the worker's own alarm still ends it
        pass
    if os.getppid() != parent:  # the parent died before the line above
        os._exit(1)


def _memory_now() -> tuple[int, int]:
    """This process's address space and resident memory in bytes (0, 0 where /proc is not there)."""
    try:
        with open("/proc/self/statm", "rb") as f:
            size, resident = f.read().split()[:2]
        page = os.sysconf("SC_PAGE_SIZE")
        return int(size) * page, int(resident) * page
    except (OSError, ValueError):
        return 0, 0


def _limit_self(limits: Limits) -> None:
    cap = _memory_now()[0] + int(limits.memory_mb) * 1024 * 1024  # what the child adds, not what it inherited
    try:
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    except (ValueError, OSError):
        pass
    cpu = int(limits.timeout) + 2
    try:
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))  # SIGXCPU, then SIGKILL
    except (ValueError, OSError):
        pass
    signal.signal(signal.SIGALRM, signal.SIG_DFL)  # the alarm ends the process, even inside C code
    signal.setitimer(signal.ITIMER_REAL, limits.timeout + 2)


class Worker:
    """One forked child computing `fn(*args)`; its answer comes back pickled through a pipe."""

    def __init__(self, fn: Callable, args: tuple, limits: Limits, tag: Any = None):
        self.limits, self.tag = limits, tag
        self.buffer = bytearray()
        self.started = time.monotonic()
        self.killed_by_parent = False
        parent = os.getpid()
        self.inherited_mb = _memory_now()[1] / (1 << 20)  # the child starts with the parent's resident pages
        read_end, write_end = os.pipe()
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:  # the child
            code = 0
            try:
                os.close(read_end)
                _die_with_parent(parent)
                signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
                signal.signal(signal.SIGTERM, signal.SIG_DFL)
                for fd in _INHERITED_FDS:
                    try:
                        os.close(fd)
                    except OSError:
                        pass
                _limit_self(limits)
                try:
                    answer = ("ok", fn(*args))
                except MemoryError:
                    answer = ("memory", "")
                except BaseException as exc:  # a bug: report it, never hang the parent
                    answer = ("crash", f"{type(exc).__name__}: {exc}\n{traceback.format_exc()}")
                try:
                    data = pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL)
                except MemoryError:
                    data = pickle.dumps(("memory", ""))
                view = memoryview(data)
                while view:
                    view = view[os.write(write_end, view):]
                os.close(write_end)
            except BaseException:
                code = 70
            finally:
                os._exit(code)
        os.close(write_end)
        self.pid, self.fd = pid, read_end
        self.status: int | None = None
        self.peak_mb = 0.0

    def read_some(self) -> bool:
        """Read what the child wrote; True at end of file."""
        try:
            chunk = os.read(self.fd, 1 << 20)
        except BlockingIOError:
            return False
        if chunk:
            self.buffer += chunk
            return False
        return True

    def reap(self) -> None:
        os.close(self.fd)
        _, status, usage = os.wait4(self.pid, 0)
        self.status = status
        self.peak_mb = max(0.0, usage.ru_maxrss / 1024 - self.inherited_mb)

    def kill(self) -> None:
        self.killed_by_parent = True
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.reap()

    def answer(self) -> tuple[str, Any]:
        """("ok", value) | ("memory", "") | ("crash", traceback) | ("died", how) | ("timeout", "")."""
        if self.buffer:
            try:
                return pickle.loads(bytes(self.buffer))
            except Exception:
                pass
        status = self.status or 0
        if os.WIFSIGNALED(status):
            sig = os.WTERMSIG(status)
            if sig in (signal.SIGALRM, signal.SIGXCPU) or (sig == signal.SIGKILL and self.killed_by_parent):
                return ("timeout", "")
            return ("died", f"signal {signal.Signals(sig).name}")
        return ("died", f"exit code {os.WEXITSTATUS(status)}")


class WorkerFailed(Exception):
    """An isolated call did not finish: `code` is timeout, too-large or internal."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code, self.message = code, message


def call_isolated(fn: Callable, *args, limits: Limits = Limits()) -> Any:
    """`fn(*args)` in a forked worker with the same limits as a document's reader; raises
    `WorkerFailed` when it runs out of time or memory or crashes."""
    worker = Worker(fn, args, limits)
    deadline = worker.started + limits.timeout
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            worker.kill()
            raise WorkerFailed(ErrorCode.TIMEOUT, f"took longer than {limits.timeout:g} s")
        ready, _, _ = select.select([worker.fd], [], [], min(left, 1.0))
        if ready and worker.read_some():
            worker.reap()
            break
    kind, value = worker.answer()
    if kind == "ok":
        return value
    if kind == "memory":
        raise WorkerFailed(ErrorCode.TOO_LARGE, f"needed more memory than the limit of {limits.memory_mb} MB")
    if kind == "timeout":
        raise WorkerFailed(ErrorCode.TIMEOUT, f"took longer than {limits.timeout:g} s")
    raise WorkerFailed(ErrorCode.INTERNAL, str(value).splitlines()[0] if value else "crashed")


# ---------------------------------------------------------------- one document in a worker
def _read_one(path: str, name: str, second_reader: bool, reader: str = DEFAULT_READER) -> DocumentResult:
    from pipeline.process import process_document

    if os.environ.get(FAULT_HANG) == name:
        time.sleep(3600)
    if os.environ.get(FAULT_CRASH) == name:
        raise RuntimeError("injected fault: a bug in a stage")
    if os.environ.get(FAULT_MEMORY) == name:
        hoard = []
        while True:
            hoard.append(bytearray(64 << 20))
    try:
        result = process_document(Path(path), name, second_reader, reader)
    except RecursionError:  # objects nested deeper than any reader follows
        result = _failed(Item(Path(path), name), ErrorCode.CORRUPT,
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


def _failed(item: Item, code: str, message: str, detail: str = "", digest: str | None = None,
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
    return _failed(item, ErrorCode.UNREADABLE, f"the file cannot be read: {reason}", digest="",
                   facts={"why": "os", "errno": exc.errno, "reason": reason})


def precheck(item: Item, max_bytes: int = MAX_BYTES) -> DocumentResult | None:
    """The verdict on an entry that no reader needs to open: not a file, too large, or a file
    the run may not read."""
    if item.problem is not None:
        code, why, facts = item.problem
        return _failed(item, code, why, digest="", facts=facts)
    try:
        size = os.stat(item.path).st_size
    except OSError as exc:
        return _failed(item, ErrorCode.NOT_A_FILE, f"cannot be opened: {exc.strerror}", digest="",
                       facts={"why": "cannot-open", "errno": exc.errno, "reason": exc.strerror or str(exc)})
    if size > max_bytes:
        mb, limit_mb = round(size / 1e6), round(max_bytes / 1e6)
        error = TooLarge(f"the file is {mb} MB, more than the limit of {limit_mb} MB")
        return _failed(item, error.code, error.message, digest="", facts={"why": "bytes", "mb": mb, "limit_mb": limit_mb})
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
        return _failed(item, ErrorCode.TOO_LARGE, f"reading needed more memory than the limit of {limits.memory_mb} MB "
                                                  f"(--memory-limit) and was stopped",
                       facts={"why": "memory", "memory_mb": limits.memory_mb})
    if kind == "timeout":
        return _failed(item, ErrorCode.TIMEOUT, f"reading took longer than {limits.timeout:g} s and was stopped",
                       facts={"why": "seconds", "seconds": limits.timeout})
    if kind == "crash":
        print(f"{item.name}: internal error while reading:\n{value}", file=sys.stderr)
        first = value.splitlines()[0]
        return _failed(item, ErrorCode.INTERNAL, "internal error while reading: " + first, detail=value,
                       facts={"why": "error", "error": first})
    # a native reader (PDFium) that cannot allocate aborts: an abort after the worker had
    # grown to near its cap, or a file whose content inflates beyond the cap, is too large,
    # not damaged
    if value == "signal SIGABRT" and worker.peak_mb >= ABORT_NEAR_CAP * limits.memory_mb:
        return _failed(item, ErrorCode.TOO_LARGE, f"reading needed more memory than the limit of {limits.memory_mb} MB "
                                                  f"(--memory-limit) and was stopped",
                       facts={"why": "memory", "memory_mb": limits.memory_mb})
    if inflates_beyond(item.path, limits.memory_mb * 1024 * 1024):
        return _failed(item, ErrorCode.TOO_LARGE, f"the PDF's content inflates to more than the memory limit of "
                                                  f"{limits.memory_mb} MB (--memory-limit): not read",
                       facts={"why": "inflates", "memory_mb": limits.memory_mb})
    return _failed(item, ErrorCode.CORRUPT, f"the reader crashed on this file ({value})",
                   facts={"why": "crashed", "detail": value})


def run_documents(items: Iterable, *, jobs: int = 1, timeout: float = DEFAULT_TIMEOUT,
                  memory_mb: int = DEFAULT_MEMORY_MB, second_reader: bool = True, reader: str = DEFAULT_READER,
                  on_done: Callable[[DocumentResult], None] | None = None,
                  stats: BatchStats | None = None) -> list[DocumentResult]:
    """Process documents in up to `jobs` forked workers; results in input order."""
    items = [_as_item(i) for i in items]
    limits = Limits(timeout, memory_mb)
    # Import the heavy readers once, before forking, so each worker starts warm.
    import pypdfium2  # noqa: F401

    if reader == "pdfplumber":
        import pdfplumber  # noqa: F401

    if second_reader:
        import camelot  # noqa: F401

    from pipeline import process  # noqa: F401

    results: dict[str, DocumentResult] = {}
    pending = list(items)
    running: dict[int, tuple[Worker, Item]] = {}

    def finish(result: DocumentResult) -> None:
        results[result.document] = result
        if on_done:
            on_done(result)

    try:
        while pending or running:
            while pending and len(running) < max(1, jobs):
                item = pending.pop(0)
                early = precheck(item)
                if early is not None:
                    finish(early)
                    continue
                worker = Worker(_read_one, (str(item.path), item.name, second_reader, reader), limits)
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
                if now - worker.started > timeout:
                    del running[fd]
                    worker.kill()
                    finish(_verdict(item, worker, limits))
    finally:
        for worker, _ in running.values():  # interrupted: no reader outlives the run
            worker.kill()
    return [results[i.name] for i in items]


def default_jobs() -> int:
    return max(1, min(4, os.cpu_count() or 1))
