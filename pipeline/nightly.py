"""`pipeline nightly`: read what is new, report what changed, exactly once.

1. Take the lock (`<out>/nightly.lock`, an OS file lock: a run that was killed holds it no
   more, so a stale lock needs no clean-up).
2. Read only the files that are new or whose bytes changed (`state.sqlite` remembers each
   file's hash and result); store each result as soon as it is ready.
3. Write the contract files and reports for the whole folder, as `pipeline run` would.
4. Compare the folder's findings and unreadable files with what the recipients were last
   told.  Nothing changed: no message.  Otherwise one message with every change since the
   last report the server accepted — so a report that could not be delivered is not lost:
   it goes out with the next one.
5. Record the report as delivered only after the SMTP server accepted it (or it was written
   to the outbox).

A run killed before step 5 sends nothing twice: the next run finds the same changes and
sends them once.  The only window for a duplicate is between the server's acceptance and
the local commit (milliseconds); a report re-sent from that window reuses its Message-ID,
which mail systems use to drop duplicates.
"""
from __future__ import annotations

import fcntl
import os
import time
from contextlib import contextmanager
from email.utils import make_msgid
from pathlib import Path

from .batch import discover, run_documents
from .errors import ExitCode, PipelineError
from .model import DocumentResult
from .notify import finding_identity, MailConfig, DeliveryError, changes, compose, deliver, digest, items_of, test_message
from .read import sha256_of
from .outputs import write_outputs
from .report import write_document
from .state import State

FAULT_PAUSE = "PIPELINE_FAULT_PAUSE_BEFORE_SEND"  # seconds to wait just before sending (fault-injection tests)


class Busy(PipelineError):
    """Another nightly run holds the lock."""


@contextmanager
def locked(path: Path):
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 64, 0).decode(errors="replace").strip()
            raise Busy(f"another nightly run is in progress (lock {path}, pid {holder or '?'})") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        os.close(fd)  # closing releases the lock; the OS releases it too if we are killed


def _crops(results: list[DocumentResult], input_dir: Path, wanted: set[str]) -> dict[str, bytes]:
    """One picture per table with new findings (report_html.table_pictures), given to the
    first of them, so the e-mail shows each table once."""
    from .report_html import table_pictures

    crops: dict[str, bytes] = {}
    for r in results:
        found = [f for f in r.findings if finding_identity(f) in wanted and f.kind != "narrative"]
        for table, png in table_pictures(r, input_dir / r.document, found).items():
            first = next(f for f in found if f.table == table)
            crops[finding_identity(first)] = png
    return crops


def run_nightly(input_dir: Path, out: Path, cfg: MailConfig, *, lang: str = "da", jobs: int = 1,
                timeout: float = 120.0, reports: bool = True, say=print) -> int:
    out.mkdir(parents=True, exist_ok=True)
    with locked(out / "nightly.lock"):
        state = State(out / "state.sqlite")
        try:
            return _run(input_dir, out, cfg, state, lang, jobs, timeout, reports, say)
        finally:
            state.close()


def _run(input_dir, out, cfg, state, lang, jobs, timeout, reports, say) -> int:
    items = discover(input_dir)
    results: dict[str, DocumentResult] = {}
    todo = []
    for path, name in items:
        cached = state.cached(name, sha256_of(path))
        if cached is not None:
            results[name] = cached
        else:
            todo.append((path, name))

    def done(result: DocumentResult) -> None:
        state.store(result)  # at once: a run killed later keeps this document's result
        write_document(out, result, lang)
        results[result.document] = result

    if todo:
        run_documents(todo, jobs=jobs, timeout=timeout, on_done=done)
    state.forget_missing({name for _, name in items})
    everything = [results[name] for _, name in items]
    outcomes = write_outputs(out, input_dir, everything, lang=lang, validate=reports, reports=reports)
    say(f"{len(items)} documents, {len(todo)} read anew, {len(items) - len(todo)} unchanged.")
    if outcomes is not None and not all(o.success for o in outcomes):
        from .validate import failures

        say("Validation (Great Expectations) FAILED: " + "; ".join(failures(outcomes)))

    current = items_of(everything)
    found = changes(current, state.confirmed(), everything, lang)
    if not found:
        say("Nothing new to report.")
        return int(ExitCode.OK)
    pause = float(os.environ.get(FAULT_PAUSE, "0") or 0)
    if pause:
        say("ready to send", flush=True)
        time.sleep(pause)
    key = digest(current)
    pending = state.pending()
    message_id = pending[1] if pending and pending[2] == key else make_msgid(domain=cfg.sender.split("@")[-1] or "localhost")
    wanted = {c.identity for c in found if c.status != "gone"}
    msg = compose(cfg, found, out, input_dir, lang, _crops(everything, input_dir, wanted), message_id)
    delivery = state.start_delivery(message_id, key, len(found))
    try:
        where = deliver(cfg, msg, out / "outbox")
    except DeliveryError as exc:
        state.failed(delivery, str(exc))
        say(f"Report NOT delivered ({exc}); it stays queued and goes out with the next run.")
        return int(ExitCode.UNDELIVERED)
    state.delivered(delivery, where, current)
    say(f"Report with {len(found)} changes delivered ({where}).")
    return int(ExitCode.OK)


def send_test_email(cfg: MailConfig, out: Path, lang: str = "da", say=print) -> int:
    say(f"Settings: {cfg.describe()}")
    try:
        where = deliver(cfg, test_message(cfg, lang), out / "outbox")
    except DeliveryError as exc:
        say(f"Test message NOT delivered: {exc}")
        return int(ExitCode.UNDELIVERED)
    say(f"Test message delivered ({where}).")
    return int(ExitCode.OK)
