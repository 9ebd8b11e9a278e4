"""`pipeline nightly`: read what is new, report what changed, exactly once per recipient.

1. Take the lock (`<out>/nightly.lock`, an OS file lock held only by the run's own process:
   workers close it and die with the run, so once the run is gone — even killed with
   SIGKILL — the kernel has released it; a stale lock needs no clean-up).
2. One run (`pipeline.run.runner.run`, the same as `pipeline run`, same options) with the
   state as its cache: only files that are new, whose bytes changed or that a new reader
   version must read again are read; each result is stored as soon as it is ready.
3. For each recipient, compare the folder's findings and unreadable files with what that
   recipient was last told (`state.told`).  Nothing changed: no message.  Otherwise one
   message with every change since the last report that recipient's server accepted — a
   report that could not be delivered is not lost: it goes out with the next run.
   Recipients who were told the same get the same message (normally: everyone, one message).
4. Record each recipient's answer: accepted (it now knows the current state), refused for
   good (5xx: reported, not tried again with this report; the next report with something new
   tries again) or failed for now (tried again with the next run).

A report is always the same message, with the same Message-ID (made from what the recipient
was told and what is now), however often it is tried.  A run killed before step 4 sends
nothing twice except in the window between the server's acceptance and the local record
(milliseconds): the next run sends that report again with the same Message-ID, which mail
systems use to drop the copy.

Exit codes: those of `pipeline run` (0, 1 flagged, 3 unreadable, 5 validation failed) unless
the report did not reach every recipient (6, which takes precedence) or another run holds
the lock (7).  Without an SMTP host the run refuses (2) before reading anything, unless an
outbox was asked for (`MailConfig.outbox`, `--outbox DIR`): the messages are then written
there, and said to be written, not delivered.
"""
from __future__ import annotations

import fcntl
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from functools import partial
from pathlib import Path

from pipeline.errors import Busy, ExitCode, UsageError
from pipeline.isolation import Limits, WorkerFailed, call_isolated, close_in_workers, forget_in_workers
from pipeline.model import DocumentResult, Kind
from pipeline.notify.changes import Change, changes, digest, finding_identity, items_of, report_message_id
from pipeline.notify.config import MailConfig
from pipeline.notify.message import compose, fitted, test_message
from pipeline.notify.smtp import deliver
from pipeline.notify.state import State, reader_version
from pipeline.ownfiles import open_own
from pipeline.report.pictures import table_pictures
from pipeline.run import faults
from pipeline.run.outputs import claim
from pipeline.run.runner import PathArgument, RunOptions, RunResult, gather, read, reviews_of, write_set
from pipeline.text.messages import (
    VALIDATION_WORDS,
    counted,
    picture_failed,
    picture_why,
    settings_line,
    validation_line,
    validation_lines,
)
from pipeline.text.messages import say as line


@contextmanager
def locked(path: Path) -> Iterator[None]:
    fd = open_own(path, os.O_RDWR | os.O_CREAT, 0o644)  # a link there is an error (exit 8), never followed
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 64, 0).decode(errors="replace").strip()
            raise Busy(key="busy", lock=os.fspath(path), pid=holder or "?") from None
        close_in_workers(fd)  # the workers never hold the lock
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        forget_in_workers(fd)
        os.close(fd)  # closing releases the lock; the kernel releases it too if we are killed


def _crops(results: list[DocumentResult], paths: dict[str, Path], wanted: set[str]) -> dict[str, bytes]:
    """One picture per table with new findings (report_html.table_pictures), given to the
    first of them, so the e-mail shows each table once."""
    crops: dict[str, bytes] = {}
    for r in results:
        if r.document not in paths:
            continue
        found = [f for f in r.findings if finding_identity(f) in wanted and f.kind != Kind.NARRATIVE]
        for table, png in table_pictures(r, paths[r.document], found).items():
            first = next(f for f in found if f.table == table)
            crops[finding_identity(first)] = png
    return crops


def validation_remarks(result: RunResult, lang: str) -> list[str]:
    """What the message says first when the validation failed (a contradiction in the output:
    a bug): that it failed, and each rule that was broken, in the run's language."""
    if not result.validation_failed:
        return []
    return [VALIDATION_WORDS[lang]["mail"]] + validation_lines(result.outcomes, lang)[1:]


def draw_pictures(result: RunResult, found: list[Change], limits: Limits) -> tuple[dict[str, bytes], str]:
    """The crops for the message, drawn in a worker with the reader's limits; when that fails,
    none, and why (in the run's language) for the message to say."""
    wanted = {c.identity for c in found if c.status in ("new", "changed") and c.what == "finding"}
    if not wanted:
        return {}, ""
    try:
        return call_isolated(_crops, result.results, result.paths, wanted, limits=limits), ""
    except WorkerFailed as exc:
        lang = result.options.lang
        return {}, picture_failed("mail", picture_why(exc.code, lang, limits.memory_mb, limits.timeout), lang)


def run_nightly(inputs: PathArgument | Iterable[PathArgument], out: Path, cfg: MailConfig,
                options: RunOptions | None = None, *, say=print, on_result=None, on_step=None) -> int:
    """The nightly check of `inputs` (files and folders, any mix, named as `pipeline run` names
    them) into the output folder `out`; returns the exit code."""
    options = options or RunOptions()
    if not cfg.delivers:  # a cron line without its settings must not mail no one, silently
        raise UsageError(key="no-delivery")
    if options.reviewed is None and cfg.reviewed:  # `--reviewed` wins over the settings file
        options = replace(options, reviewed=Path(cfg.reviewed))
    found = gather(inputs, options.allow_empty)
    reviews = reviews_of(options)  # a malformed review file stops the run before anything is touched
    claim(out, found.paths)
    with locked(out / "nightly.lock"):
        state = State(out / "state.sqlite")
        try:
            reading = read(found, options, cache=state, reader=reader_version(), on_result=on_result,
                           on_step=on_step, reviews=reviews)
            # nothing changed: no validation, no reports
            result = write_set(out, reading, options, reuse_unchanged=True, on_step=on_step)
            lang = options.lang
            say(line("nightly_read", lang, documents=counted("documents", len(result.results), lang),
                     anew=result.read_anew, reused=result.reused))
            if result.reports_reused:
                say(line("nightly_reused", lang))
            if result.validation_failed:
                say(validation_line(result.outcomes, lang))
            undelivered = _report(result, cfg, state, options, say)
        finally:
            state.close()
    return int(ExitCode.UNDELIVERED) if undelivered else int(result.exit_code)


def _report(result: RunResult, cfg: MailConfig, state: State, options: RunOptions, say) -> bool:
    """Tell each recipient what changed for them; True when someone did not get their report."""
    current = items_of(result.results)
    now_key = digest(current)
    groups: dict[str, tuple[dict[str, str], list[str]]] = {}
    for recipient in cfg.recipients:
        told = state.told(recipient)
        groups.setdefault(digest(told), (told, []))[1].append(recipient)
    undelivered, sent_any = False, False
    pictures: dict[str, bytes] | None = None
    remarks = validation_remarks(result, options.lang)
    for told_key, (told, recipients) in sorted(groups.items()):
        found = changes(current, told, result.results, options.lang)
        if not found:
            continue
        report = f"{told_key}>{now_key}"
        targets = []
        for recipient in recipients:
            refusal = state.refusal(recipient, report)
            if refusal is not None:
                code, detail, when = refusal
                say(line("nightly_refused_before", options.lang, recipient=recipient, detail=detail, when=when))
                continue
            targets.append(recipient)
        if not targets:
            continue
        if pictures is None:
            pictures, unpictured = draw_pictures(result, found, options.limits)
            remarks += [unpictured] if unpictured else []
        message_id = report_message_id(state.id, told_key, now_key, cfg.sender)
        titles = {r.document: {p.index: p.title for p in r.proposals} for r in result.results}
        build = partial(compose, cfg, found, result.out, result.input_dir, options.lang, pictures, message_id,
                        titles=titles, remarks=remarks)
        faults.pause("sending")
        attempts = {r: state.start(message_id, r, report) for r in targets}
        answers = deliver(cfg, partial(fitted, build), targets)
        if any(a.status in ("sent", "written") for a in answers):
            faults.pause("accepted")
        for a in answers:
            if a.status == "written":  # in the outbox, as asked: not delivered to anyone
                state.sent(attempts[a.recipient], a.recipient, f"outbox:{a.channel}", current)
                sent_any = True
                say(line("nightly_outbox", options.lang, changes=counted("changes", len(found), options.lang),
                         path=a.channel))
            elif a.status == "sent":
                state.sent(attempts[a.recipient], a.recipient, a.channel, current)
                sent_any = True
                say(line("nightly_delivered", options.lang, changes=counted("changes", len(found), options.lang),
                         where=f"{a.recipient}, {a.channel}"))
            elif a.status == "refused":
                state.refused(attempts[a.recipient], a.code, a.detail)
                undelivered = True
                say(line("nightly_refused", options.lang, recipient=a.recipient, detail=a.detail))
            else:
                state.failed(attempts[a.recipient], a.code, a.detail)
                undelivered = True
                say(line("nightly_failed", options.lang, recipient=a.recipient, detail=a.detail))
    if not sent_any and not undelivered:
        say(line("nightly_nothing", options.lang))
    return undelivered


def send_test_email(cfg: MailConfig, lang: str = "da", say=print) -> int:
    say(line("test_settings", lang, settings=settings_line(cfg, lang)))
    cfg = replace(cfg, outbox=None)  # a test of the server's settings: never to an outbox
    if not cfg.uses_smtp:
        say(line("test_no_host", lang))
        return int(ExitCode.USAGE)
    answers = deliver(cfg, test_message(cfg, lang))
    for a in answers:
        if a.status == "sent":
            say(line("test_sent", lang, recipient=a.recipient, channel=a.channel))
        else:
            say(line("test_not_sent", lang, recipient=a.recipient, detail=a.detail))
    return int(ExitCode.OK) if all(a.status == "sent" for a in answers) else int(ExitCode.UNDELIVERED)
