"""Finding the files: every entry below a folder whose name ends in `.pdf` gets a row — a
regular file is read; a FIFO, a socket, a dangling link or a link that points out of the
input folder is not opened and gets the error `not-a-file`.  Hidden files and folders are
skipped, links to folders are not followed, and a folder that is a pipeline output folder
(it holds the marker file) is not searched.  A file name that is not valid UTF-8 or holds
control characters is stored escaped (`plan\\xe6.pdf`), so every report and CSV can carry it.
A folder below the input folder that the run may not list gets one row too, named after the
folder (`sub/`), with the error `unreadable`: its PDFs are not left out silently.
"""
from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.errors import UsageError
from pipeline.model import ErrorCode
from pipeline.read.gate import MAX_BYTES, sha256_of

OUTPUT_MARKER = ".pipeline-output"  # a folder holding this file is a pipeline output folder (never searched)

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
            name = f"{name}~{hashlib.sha256(os.fsencode(rel)).hexdigest()[:8]}"
        found[name] = Item(Path(full), name, problem)

    def unlisted(exc: OSError) -> None:
        """A folder below `folder` the run may not list: one `unreadable` row, named after the
        folder (`sub/`), so its PDFs are not left out silently.  The input folder itself is
        refused (`UsageError`, exit 2): nothing in it can be named."""
        where = os.fspath(exc.filename) if exc.filename is not None else root
        if os.path.normpath(where) == os.path.normpath(root):
            raise UsageError(key="input-unreadable", path=root, errno=exc.errno, reason=exc.strerror or str(exc))
        rel = os.path.relpath(where, root).replace(os.sep, "/") + "/"
        reason = exc.strerror or str(exc)
        add(where, rel, (ErrorCode.UNREADABLE, f"the folder cannot be read: {reason}; its PDFs are not checked",
                         {"why": "folder", "errno": exc.errno, "reason": reason}))

    for dirpath, dirnames, filenames in os.walk(root, onerror=unlisted, followlinks=False):
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


def as_item(item: Item | tuple[Path | str, str]) -> Item:
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
