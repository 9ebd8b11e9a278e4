"""The files a run keeps in its output folder (the nightly lock, the state database, the
outbox, the sets under runs/) are opened and removed without following a link: a link where
the run expects a file or folder of its own is an error (`EnvironmentFailure`, exit 8, the
path named), never a way to write, truncate or delete what the link points to.

Removal walks folders by their file descriptors (`openat`, `O_NOFOLLOW`), so no component of
a path — not only its last — can lead out of the folder it was given.
"""
from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from pipeline.errors import EnvironmentFailure

NOFOLLOW = os.O_NOFOLLOW | os.O_CLOEXEC
DIRECTORY = os.O_RDONLY | os.O_DIRECTORY | NOFOLLOW


def link_error(path: Path | str) -> EnvironmentFailure:
    return EnvironmentFailure(key="own-path-link", path=os.fspath(path))


def not_a_link(path: Path) -> None:
    """Raise when `path` is a symbolic link (a missing path is fine: the run makes it)."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return
    if stat.S_ISLNK(st.st_mode):
        raise link_error(path)


def own_folder(path: Path) -> Path:
    """`path` as a folder of the run's own: made when missing; a link there is an error."""
    not_a_link(path)
    path.mkdir(parents=True, exist_ok=True)
    not_a_link(path)  # (made by someone else meanwhile)
    return path


def open_own(path: Path, flags: int, mode: int = 0o644) -> int:
    """`os.open` of a file of the run's own, never through a link at its last component."""
    try:
        return os.open(path, flags | NOFOLLOW, mode)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise link_error(path) from None
        raise


def safe_relative(rel: str) -> tuple[str, ...] | None:
    """The components of a relative path that stays inside its folder (no `..`, not absolute,
    nothing empty), or None."""
    if not rel or "\0" in rel or rel.startswith("/"):
        return None
    parts = PurePosixPath(rel).parts
    if not parts or any(p in ("", ".", "..") for p in parts):
        return None
    return tuple(parts)


def _open_dir_at(parent: int, name: str) -> int | None:
    try:
        return os.open(name, DIRECTORY, dir_fd=parent)
    except OSError:  # missing, a link (ELOOP) or not a folder (ENOTDIR): not ours to enter
        return None


def remove_listed(folder: Path, listed: Iterable[str]) -> None:
    """Delete the regular files `listed` (paths relative to `folder`) and then every folder
    left empty under `folder`; a name that leaves the folder, passes through a link or is not
    a regular file is left alone.  `folder` itself must not be a link."""
    top = os.open(folder, DIRECTORY)
    try:
        for rel in listed:
            parts = safe_relative(rel)
            if parts is not None:
                _remove_file(top, parts)
        _remove_empty_folders(top)
    finally:
        os.close(top)


def _remove_file(top: int, parts: tuple[str, ...]) -> None:
    fds: list[int] = []
    try:
        current = top
        for name in parts[:-1]:
            fd = _open_dir_at(current, name)
            if fd is None:
                return
            fds.append(fd)
            current = fd
        try:
            st = os.lstat(parts[-1], dir_fd=current)
        except OSError:
            return
        if stat.S_ISREG(st.st_mode):
            os.unlink(parts[-1], dir_fd=current)
    finally:
        for fd in fds:
            os.close(fd)


def _remove_empty_folders(parent: int) -> None:
    """Remove the empty folders below the folder open as `parent`, deepest first (links not followed)."""
    for entry in os.scandir(parent):
        if entry.is_dir(follow_symlinks=False):
            fd = _open_dir_at(parent, entry.name)
            if fd is None:
                continue
            try:
                _remove_empty_folders(fd)
            finally:
                os.close(fd)
            try:
                os.rmdir(entry.name, dir_fd=parent)
            except OSError:
                pass  # not empty: something the run did not write stays


def read_own(folder: Path, name: str, limit: int = 64 << 20) -> bytes:
    """The bytes of the regular file `name` in `folder`, not through a link (`OSError` else)."""
    dir_fd = os.open(folder, DIRECTORY)
    try:
        fd = os.open(name, os.O_RDONLY | NOFOLLOW, dir_fd=dir_fd)
    finally:
        os.close(dir_fd)
    with os.fdopen(fd, "rb") as f:
        if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
            raise OSError(errno.EINVAL, "not a regular file", os.fspath(folder / name))
        return f.read(limit)
