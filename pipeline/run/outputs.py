"""Everything a run writes for a folder, in one place: `pipeline run` and `pipeline nightly`
write the same files, and the output folder is the run's own.

The output folder
-----------------
* It is marked as ours by a file, `.pipeline-output`.  A run refuses an output folder that
  is, or contains, the input folder, and a folder that holds anything without the marker
  (`OutputFolderError`, exit 2): a run never deletes, renames or moves a file it did not
  create.  A new or empty folder is marked and used.
* Each run writes its whole set — the four contract files, the reports, `docs/`,
  `summary.json` — into a new folder `runs/<run id>/` and then switches the link `current`
  to it with one atomic rename.  The names at the top (`documents.csv`, `report.html`,
  `docs`, …) are links into `current/`, so a reader sees the old set or the new set, never
  a mix, and a run that is killed or runs out of disk leaves the last complete set in place.
  `runs/<run id>/run.json` lists every file of the set with its size (and the contract
  files' sha256): `same_run` checks that the files a reader sees belong to one run.
* The previous set is kept (a reader may still be reading it); older sets are removed, but
  only the files their own run.json lists, resolved inside the set through no link
  (`ownfiles.remove_listed`).
* Only the marker makes a folder ours (never a `runs/` in it); a link where the run keeps a
  file or folder of its own (the marker, `runs/`, the lock of a set) is an error (exit 8).

contract CSVs → (validation) → HTML report, Excel workbook, Parquet copies.
"""
from __future__ import annotations

import csv
import fcntl
import json
import os
import secrets
import shutil
import stat
import time
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TextIO

from pipeline.errors import OutputFolderError
from pipeline.isolation import Limits, call_apart, close_in_workers, forget_in_workers
from pipeline.model import DocumentResult
from pipeline.ownfiles import link_error, open_own, own_folder, read_own, remove_listed
from pipeline.read.gate import sha256_of
from pipeline.report.files import (
    DIR_MODE,
    DOCUMENT_FIELDS,
    FILE_MODE,
    atomic_text,
    write_atomic,
    write_contract,
)
from pipeline.report.html import write_html
from pipeline.report.parquet import write_parquet
from pipeline.report.validate import load_outcomes
from pipeline.report.validate import validate as run_validation
from pipeline.report.xlsx import write_xlsx
from pipeline.run import faults
from pipeline.run.batch import Step
from pipeline.run.discover import OUTPUT_MARKER
from pipeline.text.messages import set_problem

CONTRACT = ("documents.csv", "cells.csv", "checks.csv", "findings.csv")
# What a run writes into its set (and links at the top of the output folder).
SET_NAMES = CONTRACT + ("summary.json", "report.html", "report", "report.xlsx", "parquet", "validation.html",
                        "validation.json", "docs", "run.json")
# What else lives at the top of an output folder of ours.
OWN_NAMES = {OUTPUT_MARKER, "runs", "current", "state.sqlite", "state.sqlite-wal", "state.sqlite-shm",
             "state.sqlite-journal", "nightly.lock", "outbox", "inspect"}
MANIFEST = "run.json"
KEEP_SETS = 2  # the new set and the one before it


def _real(path: Path) -> str:
    return os.path.realpath(os.fspath(path))


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def _legacy(out: Path, entries: list[str]) -> bool:
    """An output folder written by a version of the pipeline before the marker existed: its
    documents.csv (a regular file) has the contract's header and it holds nothing but what that
    version wrote.  `runs/` and `current` came with the marker: a folder holding them without
    the marker is not ours (a user's folder may well have a `runs/`)."""
    if not set(entries) <= (set(SET_NAMES) | OWN_NAMES) - {"runs", "current", OUTPUT_MARKER}:
        return False
    if "documents.csv" not in entries or not stat.S_ISREG(os.lstat(out / "documents.csv").st_mode):
        return False
    try:
        with open(out / "documents.csv", encoding="utf-8") as f:
            return f.readline().rstrip("\n").split(",") == DOCUMENT_FIELDS
    except (OSError, UnicodeDecodeError):
        return False


def _only_pictures(out: Path, entries: list[str]) -> bool:
    """A folder holding only what `pipeline inspect` writes by default (`inspect/*.png`)."""
    if entries != ["inspect"] or not stat.S_ISDIR(os.lstat(out / "inspect").st_mode):
        return False
    with os.scandir(out / "inspect") as found:
        return all(e.is_file(follow_symlinks=False) and e.name.endswith(".png") for e in found)


def _marked(out: Path) -> bool:
    """The folder carries the run's mark (a regular file; a link there is an error, exit 8)."""
    try:
        st = os.lstat(out / OUTPUT_MARKER)
    except FileNotFoundError:
        return False
    if stat.S_ISLNK(st.st_mode):
        raise link_error(out / OUTPUT_MARKER)
    return stat.S_ISREG(st.st_mode)


def _mark(out: Path) -> None:
    write_atomic(out / OUTPUT_MARKER, (json.dumps({
        "written_by": "pipeline",
        "note": "This folder belongs to the budget-proposal checker: each run replaces its contents. "
                "Keep your own files elsewhere.",
    }, indent=1) + "\n").encode())


def claim(out: Path, inputs: Path | Iterable[Path] | None = None) -> None:
    """Make `out` the run's own folder, or raise `OutputFolderError` (nothing is touched then).
    `inputs`: the files and folders the run reads (the output folder must hold none of them)."""
    if out.exists() and not out.is_dir():
        raise OutputFolderError(key="out-is-file", out=os.fspath(out))
    given = [] if inputs is None else [inputs] if isinstance(inputs, (str, os.PathLike)) else list(inputs)
    for input_path in given:
        real_in, real_out = _real(input_path), _real(out)
        if _inside(real_in, real_out):
            key = ("out-is-input" if real_in == real_out else
                   "out-holds-input-folder" if os.path.isdir(input_path) else "out-holds-input-file")
            raise OutputFolderError(key=key, out=os.fspath(out), input=os.fspath(input_path))
    if not out.exists():
        out.mkdir(parents=True)
        _mark(out)
        return
    if _marked(out):
        return
    entries = sorted(os.listdir(out))
    if not entries or _only_pictures(out, entries):
        _mark(out)
        return
    if _legacy(out, entries):
        _adopt(out, entries)
        return
    raise OutputFolderError(key="out-foreign", out=os.fspath(out), names=entries[:3], more=max(0, len(entries) - 3))


def _adopt(out: Path, entries: list[str]) -> None:
    """Take over a folder of an older version: its set goes to runs/legacy-…/ (nothing deleted)."""
    old = [name for name in entries if name in SET_NAMES]
    if old:
        target = out / "runs" / f"legacy-{time.strftime('%Y%m%dT%H%M%S')}"
        target.mkdir(parents=True, exist_ok=True)
        for name in old:
            os.replace(out / name, target / name)
    _mark(out)


# ---------------------------------------------------------------- one run's set
class OutputSet:
    """The folder a run writes its whole set into; `commit` makes it the current set."""

    def __init__(self, out: Path):
        self.out = out
        self.runs = own_folder(out / "runs")
        for lock in self.runs.glob(".incomplete-*.lock"):  # a run killed before its switch
            _remove_leftover(lock)
        now = time.time()
        self.id = (time.strftime("%Y%m%dT%H%M%S", time.gmtime(now)) + f"{int(now % 1 * 1e6):06d}Z-"
                   + secrets.token_hex(3))  # sorts in time order
        self.dir = self.runs / f".incomplete-{self.id}"
        self.lock = self.runs / f".incomplete-{self.id}.lock"
        self.lock_fd: int | None = open_own(self.lock, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o644)
        fcntl.flock(self.lock_fd, fcntl.LOCK_EX)  # while held, no other run removes this folder
        close_in_workers(self.lock_fd)
        self.dir.mkdir()
        os.chmod(self.dir, DIR_MODE)

    def commit(self, made: dict | None = None) -> Path:
        """Write run.json, move the set to runs/<id>/ and switch `current` to it (atomic).
        `made`: what the set was made with (code, settings), kept in run.json (`reusable`)."""
        staged = self.runs / f".{MANIFEST}.{self.id}"  # beside the set, so that the listing does not see it
        with atomic_text(staged) as f:
            _write_manifest(f, self.id, self.dir, made)
        os.replace(staged, self.dir / MANIFEST)
        final = self.runs / self.id
        os.rename(self.dir, final)
        _fsync_dir(self.runs)
        faults.pause("switching")
        link = self.out / f".current.{self.id}"
        os.symlink(os.path.join("runs", self.id), link)
        os.replace(link, self.out / "current")  # the switch: one rename
        _fsync_dir(self.out)
        self._links(final)
        self._prune(final)
        self.dir = final
        self._unlock()
        return final

    def abandon(self) -> None:
        if self.dir.name.startswith(".incomplete-"):
            shutil.rmtree(self.dir, ignore_errors=True)
        self._unlock()

    def _unlock(self) -> None:
        if self.lock_fd is not None:
            self.lock.unlink(missing_ok=True)
            forget_in_workers(self.lock_fd)
            os.close(self.lock_fd)
            self.lock_fd = None

    def _links(self, final: Path) -> None:
        """The names at the top point into current/ (made once; a name the set lacks is unlinked)."""
        for name in SET_NAMES:
            top = self.out / name
            wanted = os.path.join("current", name)
            if os.path.islink(top):
                if os.readlink(top) == wanted:
                    if not (final / name).exists():
                        os.unlink(top)
                    continue
            elif os.path.lexists(top):
                raise OutputFolderError(key="out-name-taken", path=os.fspath(top))
            if (final / name).exists():
                tmp = self.out / f".{name}.{self.id}.link"
                os.symlink(wanted, tmp)
                os.replace(tmp, top)

    def _prune(self, final: Path) -> None:
        with os.scandir(self.runs) as found:  # a link in runs/ is no set of ours: never entered
            sets = sorted(self.runs / e.name for e in found
                          if e.is_dir(follow_symlinks=False) and not e.name.startswith((".", "legacy-")))
        for old in sets[:-KEEP_SETS]:
            if old != final:
                remove_set(old)


def _json(value, level: int) -> str:
    return json.dumps(value, indent=1, ensure_ascii=False).replace("\n", "\n" + " " * level)


def _write_manifest(f: TextIO, run: str, folder: Path, made: dict | None) -> None:
    """run.json of the set in `folder`, written as each file is found (the text of
    `json.dumps({"run": …, "files": {…}, "made": …}, indent=1)`, none of it held): every file
    with its size, the contract files and summary.json with their sha256."""
    f.write("{\n \"run\": " + _json(run, 1) + ",\n \"files\": {")
    first = True
    for rel, size in _walk_files(folder):
        entry: dict[str, int | str] = {"bytes": size}
        if rel in CONTRACT or rel == "summary.json":
            entry["sha256"] = sha256_of(folder / rel)
        f.write(("\n" if first else ",\n") + "  " + _json(rel, 2) + ": " + _json(entry, 2))
        first = False
    f.write("}" if first else "\n }")
    if made is not None:
        f.write(",\n \"made\": " + _json(made, 1))
    f.write("\n}\n")


def _walk_files(folder: Path, prefix: str = "") -> Iterator[tuple[str, int]]:
    """Each regular file below `folder` (links not followed) as (path relative to it, bytes), in
    the order of `sorted(folder.rglob("*"))`, one folder listed at a time: a set of thousands of
    documents is never held as a list of paths."""
    with os.scandir(folder) as listing:
        entries = sorted(listing, key=lambda e: e.name)
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            yield from _walk_files(Path(entry.path), f"{prefix}{entry.name}/")
        elif entry.is_file(follow_symlinks=False):
            yield f"{prefix}{entry.name}", entry.stat(follow_symlinks=False).st_size


def _remove_leftover(lock: Path) -> None:
    """Remove the unfinished set of a run that was killed (its lock is free), never another's."""
    try:
        fd = os.open(lock, os.O_RDWR | os.O_CLOEXEC | os.O_NOFOLLOW)
    except OSError:
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return  # a run in progress
    try:
        shutil.rmtree(lock.with_suffix(""), ignore_errors=True)
        lock.unlink(missing_ok=True)
    finally:
        os.close(fd)


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def remove_set(folder: Path) -> bool:
    """Delete an old run's set: only the files its own run.json lists (the run it names is
    this folder's), resolved inside the folder — no `..`, no absolute path, no link followed
    at any step — then the folders left empty.  A file it does not list (put there by someone
    else) stays, and so does its folder; so does a set whose run.json is not its own."""
    try:
        manifest = json.loads(read_own(folder, MANIFEST).decode("utf-8"))
    except (OSError, ValueError):
        return False
    files = manifest.get("files") if isinstance(manifest, dict) else None
    if manifest.get("run") != folder.name or not isinstance(files, dict):
        return False
    try:
        remove_listed(folder, [*files, MANIFEST])
        folder.rmdir()
    except OSError:
        return False
    return True


def current_set(out: Path) -> Path:
    """The folder holding the current set (`out` itself for a folder without sets)."""
    link = out / "current"
    return Path(_real(link)) if link.is_symlink() or link.is_dir() else out


def same_run(out: Path, lang: str = "en") -> list[str]:
    """Problems that show the contract files in `out` do not describe one run: each file must
    be the one its run listed (run.json), and the files must agree with each other (each
    document's counts of findings and checks are its rows in findings.csv and checks.csv).
    In `lang` (`messages.SET_PROBLEMS`)."""
    problems: list[str] = []
    folder = current_set(out)
    manifest_path = folder / MANIFEST
    if manifest_path.is_file():
        files = json.loads(manifest_path.read_text(encoding="utf-8")).get("files", {})
        for name in CONTRACT:
            want = files.get(name, {}).get("sha256")
            if want is None:
                problems.append(set_problem("unlisted", lang, name=name, manifest=MANIFEST))
            elif (out / name).is_file() and sha256_of(out / name) != want:
                problems.append(set_problem("not-written", lang, name=name, manifest=MANIFEST, run=folder.name))
    # without run.json (files copied elsewhere, an older version) only the files' agreement is checked

    def read(name: str) -> list[dict]:
        with open(out / name, encoding="utf-8", newline="") as f:
            return list(csv.DictReader(f))

    try:
        documents, checks, findings, cells = (read("documents.csv"), read("checks.csv"), read("findings.csv"),
                                              read("cells.csv"))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        return problems + [set_problem("unreadable", lang, detail=str(exc))]
    names = {d.get("document") or "" for d in documents}
    for label, rows, column in (("findings.csv", findings, "findings"), ("checks.csv", checks, "checks")):
        counted: dict[str, int] = {}
        for row in rows:
            counted[row.get("document") or ""] = counted.get(row.get("document") or "", 0) + 1
        for doc in documents:
            document = doc.get("document") or ""
            if str(counted.get(document, 0)) != doc.get(column, ""):
                problems.append(set_problem(f"count-{column}", lang, document=document, stated=doc.get(column),
                                            file=label, rows=counted.get(document, 0)))
                break
        strangers = sorted(set(counted) - names)
        if strangers:
            problems.append(set_problem("stranger", lang, file=label, document=strangers[0]))
    strangers = sorted({c.get("document") or "" for c in cells} - names)
    if strangers:
        problems.append(set_problem("stranger", lang, file="cells.csv", document=strangers[0]))
    return problems


# ---------------------------------------------------------------- reusing what nothing changed
VALIDATION = ("validation.json", "validation.html")
REPORTS = ("report.html", "report", "report.xlsx", "parquet")


def reusable(out: Path, new: Path, made: dict) -> Path | None:
    """The current set of `out`, when its validation and reports hold for the new set `new`
    as they are: it was made by the same code with the same settings (`made`, in its
    run.json) and its contract files are, byte for byte, the ones just written into `new` (so
    every document is the same file read the same way).  None otherwise."""
    previous = current_set(out)
    try:
        manifest = json.loads((previous / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if previous == out or manifest.get("made") != made:
        return None
    files = manifest.get("files", {})
    for name in CONTRACT:
        if files.get(name, {}).get("sha256") != sha256_of(new / name):
            return None
    wanted = (VALIDATION if made.get("validate") else ()) + (REPORTS if made.get("reports") else ())
    listed = {rel.split("/")[0] for rel in files}
    if not set(wanted) <= listed:
        return None
    return previous


def reuse(previous: Path, new: Path, names: tuple[str, ...]) -> None:
    """Put the files of `previous` under `names` into the new set `new`, as hard links (a set's
    files are never changed in place, so both sets may share them; a copy where links fail)."""
    files = json.loads((previous / MANIFEST).read_text(encoding="utf-8")).get("files", {})
    for rel in sorted(files):
        if rel.split("/")[0] not in names:
            continue
        source, target = previous / rel, new / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(source, target)
        except OSError:
            shutil.copyfile(source, target)
            os.chmod(target, FILE_MODE)


# ---------------------------------------------------------------- the files of a set
def write_outputs(out: Path, input_dir: Path, results: Sequence[DocumentResult], *, lang: str = "da",
                  validate: bool = True, reports: bool = True, paths: dict[str, Path] | None = None,
                  limits: Limits | None = None, made: dict | None = None,
                  reuse_from: Path | None = None, on_step: Step | None = None
                  ) -> tuple[list | None, bool, dict[str, str]]:
    """Write the set's files into `out` (a run's new folder); return the validation outcomes
    (None when not validated), whether the validation and reports were taken over, and the
    documents whose report pictures could not be drawn, with why (`report.html.write_html`).
    `paths` maps documents to the files they were read from.

    With `made` and `reuse_from` (an output folder: the nightly check), the validation and the
    reports of its current set are taken over instead of made again when they hold for these
    contract files (`reusable`): the outcomes then come from its validation.json.
    `on_step("validate" | "reports", documents)` is called as each of those begins (progress)."""
    write_contract(out, results, lang)
    if made is not None and reuse_from is not None and (validate or reports):
        previous = reusable(reuse_from, out, made)
        if previous is not None:
            reuse(previous, out, (VALIDATION if validate else ()) + (REPORTS if reports else ()))
            if not validate:
                return None, True, {}
            return load_outcomes(out / "validation.json"), True, {}
    if not (validate or reports):
        return None, False, {}
    # in a child: what grows with the batch (Great Expectations' frames, the workbook, the
    # Parquet copies) is given back when it ends, so the run's own process stays flat
    if on_step:  # told here, in the run's own process, where the progress bar is closed
        on_step("validate" if validate else "reports", len(results))
    outcomes, missing = call_apart(validate_and_report, out, input_dir, results, lang, validate, reports, paths,
                                   limits, on_step if validate else None)
    return outcomes, False, missing


def validate_and_report(out: Path, input_dir: Path, results: Sequence[DocumentResult], lang: str, validate: bool,
                        reports: bool, paths: dict[str, Path] | None, limits: Limits | None,
                        on_step: Step | None = None) -> tuple[list | None, dict[str, str]]:
    """The validation (its outcomes, None when not asked for) and the reports of a set whose
    contract files are written, and the documents whose report pictures could not be drawn,
    with why.  `on_step("reports", documents)` is told as the reports begin."""
    outcomes = None
    missing: dict[str, str] = {}
    if validate:  # (its step was told by the caller)
        outcomes = run_validation(out, lang)
    if reports:
        if on_step:
            on_step("reports", len(results))
        missing = write_html(out, input_dir, results, lang, outcomes, paths=paths, limits=limits)
        write_xlsx(out, results, lang)
        write_parquet(out)
    return outcomes, missing

