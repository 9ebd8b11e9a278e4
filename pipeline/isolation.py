"""A call in a forked worker process with its own limits, so a hostile input costs at most
its time and memory limit and the caller goes on (used by the batch for each document and
by the reports for each picture; it depends on no stage, so any stage may use it):

* time: the caller stops a worker at its limit: `timeout` seconds, plus `per_page` seconds
  for each page of the document once the worker has counted them (`allow_pages`, told to the
  caller through a word of shared memory), so a long document is not cut off for being long;
  the worker also carries its own alarm (`setitimer`) and CPU limit (`RLIMIT_CPU`), moved
  with the same grant, so it cannot outlive its limit even when the caller is gone;
* memory: `RLIMIT_AS` caps what the worker adds to the address space it was forked with
  (`memory_mb` above its start), so the limit counts what the child allocates, never how
  much the parent happened to hold (a run that has loaded Great Expectations forks its
  picture workers from a far larger process than one that has not); running out is
  `too-large`;
* parent: a worker dies with its parent (`PR_SET_PDEATHSIG`), so killing a run — even with
  SIGKILL — leaves no worker behind and no lock held;
* secrets: a worker parses untrusted PDFs, so it starts without the environment's secrets
  (the SMTP password and any variable named like one, `SECRET_NAMES`): they are removed from
  its environment and their values overwritten where the kernel shows the environment it
  was started with (`/proc/<pid>/environ`).
"""
from __future__ import annotations

import ctypes
import mmap
import os
import pickle
import re
import resource
import select
import signal
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pipeline.model import ErrorCode

DEFAULT_TIMEOUT = 120.0  # seconds per document, whatever its length
DEFAULT_PER_PAGE = 1.0  # seconds more per page of the document
MAX_GRANTED_PAGES = 2000  # the readers' page limit (`read.gate.MAX_PAGES`): no grant beyond it
DEFAULT_MEMORY_MB = 2048  # address space a worker may add to what it was forked with, in MiB
MIN_MEMORY_MB = 256  # below this not even the reader's libraries fit


@dataclass(frozen=True)
class Limits:
    """What one worker may cost."""

    timeout: float = DEFAULT_TIMEOUT
    memory_mb: int = DEFAULT_MEMORY_MB
    per_page: float = 0.0  # seconds more per page (`allow_pages`); 0: `timeout` is the whole limit

    def seconds(self, pages: int = 0) -> float:
        """The time allowed for a document of `pages` pages."""
        return self.timeout + self.per_page * min(max(0, pages), MAX_GRANTED_PAGES)


_INHERITED_FDS: set[int] = set()
_GRANT: tuple[mmap.mmap, Limits, float] | None = None  # in a worker: where to tell its pages, its limits, its start


def allow_pages(pages: int) -> None:
    """In a worker whose limits give time per page: the document has `pages` pages, so its
    limit is `Limits.seconds(pages)`.  The caller reads the count from shared memory; the
    worker's own alarm and CPU limit move with it.  Does nothing outside a worker."""
    if _GRANT is None:
        return
    shared, limits, started = _GRANT
    if not limits.per_page:
        return
    pages = min(max(0, int(pages)), MAX_GRANTED_PAGES)
    shared[:8] = pages.to_bytes(8, "little")
    allowed = limits.seconds(pages)
    cpu = int(allowed) + 2
    try:
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, resource.getrlimit(resource.RLIMIT_CPU)[1]))
    except (ValueError, OSError):
        pass
    signal.setitimer(signal.ITIMER_REAL, max(0.1, started + allowed + 2 - time.monotonic()))


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


# Variables a worker never keeps: the SMTP password and anything named like a secret.
SECRET_NAMES = re.compile(r"PASSWORD|PASSWD|PASSPHRASE|SECRET|TOKEN|CREDENTIAL|PRIVATE|API_?KEY|ACCESS_?KEY|AUTH",
                          re.IGNORECASE)


def forget_secrets() -> list[str]:
    """Remove the secret variables from this process's environment (in a worker, after the
    fork): from `os.environ` and the C library's list, and their values overwritten with
    zero bytes in the block the process was started with.  Returns the names removed."""
    names = sorted(name for name in os.environ if SECRET_NAMES.search(name))
    if not names:
        return []
    wanted = {os.fsencode(name) + b"=" for name in names}
    try:
        environ = ctypes.POINTER(ctypes.c_void_p).in_dll(ctypes.CDLL(None), "environ")
        i = 0
        while environ[i]:
            entry = ctypes.string_at(environ[i])
            key = entry.split(b"=", 1)[0] + b"="
            if key in wanted:
                ctypes.memset(environ[i] + len(key), 0, len(entry) - len(key))
            i += 1
    except (OSError, ValueError, AttributeError):  # no C library list to reach: os.environ below still applies
        pass
    for name in names:
        os.environ.pop(name, None)  # unsetenv: gone for the worker and anything it starts
    return names


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
    cpu, most = int(limits.timeout) + 2, int(limits.seconds(MAX_GRANTED_PAGES)) + 2
    try:
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, most + 1))  # SIGXCPU, then SIGKILL (room for `allow_pages`)
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
        self.shared = mmap.mmap(-1, 8)  # the child's page count (`allow_pages`), 0 until it has counted
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
                forget_secrets()
                _limit_self(limits)
                global _GRANT
                _GRANT = (self.shared, limits, self.started)
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

    @property
    def pages(self) -> int:
        """The pages the child said its document has (`allow_pages`; 0 until then)."""
        return int.from_bytes(self.shared[:8], "little")

    @property
    def allowed(self) -> float:
        """Seconds this worker may run: its limits for the pages it has counted."""
        return self.limits.seconds(self.pages)

    @property
    def deadline(self) -> float:
        return self.started + self.allowed

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
    while True:
        left = worker.deadline - time.monotonic()
        if left <= 0:
            worker.kill()
            raise WorkerFailed(ErrorCode.TIMEOUT, f"took longer than {worker.allowed:g} s")
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
        raise WorkerFailed(ErrorCode.TIMEOUT, f"took longer than {worker.allowed:g} s")
    raise WorkerFailed(ErrorCode.INTERNAL, str(value).splitlines()[0] if value else "crashed")


APART = Limits(timeout=7 * 24 * 3600.0, memory_mb=1 << 20)  # `call_apart`: no limit that a batch's size could reach


def _returning(fn: Callable, args: tuple) -> tuple[str, Any]:
    try:
        return ("value", fn(*args))
    except Exception as exc:  # handed to the caller, who raises it as if the call were its own
        return ("raised", exc)


def call_apart(fn: Callable, *args) -> Any:
    """`fn(*args)` in a forked child, for work whose memory grows with the batch (the
    validation, the workbook): the child's memory is given back when it ends, so the caller
    does not keep the peak.  No limit of time or memory (`APART`) but dying with the caller;
    an exception `fn` raises is raised here (one that cannot be handed over, or a child that
    dies, is a `WorkerFailed`)."""
    worker = Worker(_returning, (fn, args), APART)
    try:
        while True:
            ready, _, _ = select.select([worker.fd], [], [], 1.0)
            if ready and worker.read_some():
                worker.reap()
                break
    except BaseException:  # interrupted: the child does not outlive the call
        worker.kill()
        raise
    kind, value = worker.answer()
    if kind == "ok":
        how, what = value
        if how == "raised":
            raise what
        return what
    if kind == "memory":
        raise MemoryError(f"{getattr(fn, '__name__', fn)} ran out of memory")
    raise WorkerFailed(ErrorCode.INTERNAL, str(value).splitlines()[0] if value else "crashed")
