"""The nightly check's memory: an SQLite database in the output folder, holding data only.

* `results`   each input file's result as JSON (`pipeline.notify.serial`), keyed on the file's path,
              its sha256 and the reader version: an unchanged file is not read again, and a
              new version of the reading or checking code reads everything again.  Errors that
              depend on the run's limits (`timeout`, `too-large`) and `internal` are never
              stored: the next run tries again, with its own limits.
* `told`      what each recipient has been told: every finding and unreadable file as it
              stood in the last report that recipient's server accepted (identities as
              JSON arrays, `notify.changes`; those of the first layout are converted);
* `attempts`  one row per report and recipient: sending → sent, refused (permanently) or
              failed (for now), with the server's reply;
* `meta`      the database's own random id (part of every report's Message-ID).

The reader version (`reader_version`) is a hash of the source of every module that reads or
checks (all of `pipeline/` but the modules that only write, report and deliver) and of the
versions of the PDF libraries: it changes by itself whenever that code changes.

Every write is its own transaction, so a run killed at any point leaves the database as it
was after the last completed step.
"""
from __future__ import annotations

import hashlib
import json
import os
import secrets
import sqlite3
import urllib.parse
from contextlib import closing
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

from pipeline.errors import SETTINGS_DEPENDENT, EnvironmentFailure
from pipeline.model import DocumentResult
from pipeline.notify.changes import identity_of_old
from pipeline.notify.serial import result_data, result_from_data
from pipeline.ownfiles import open_own

SCHEMA_VERSION = 3  # 3: identities are JSON arrays
SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS results(
    path TEXT PRIMARY KEY, sha256 TEXT NOT NULL, reader TEXT NOT NULL, result TEXT NOT NULL,
    processed_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS told(recipient TEXT NOT NULL, identity TEXT NOT NULL, value TEXT NOT NULL,
    PRIMARY KEY(recipient, identity));
CREATE TABLE IF NOT EXISTS attempts(
    id INTEGER PRIMARY KEY, message_id TEXT NOT NULL, recipient TEXT NOT NULL, report TEXT NOT NULL,
    created_at TEXT NOT NULL, status TEXT NOT NULL, channel TEXT, code INTEGER, detail TEXT);
"""

# Modules that only write, report, deliver or orchestrate: a change to them does not change
# what a document's result is, so it does not make the nightly check read every file again
# (serial.py is not among them: it decides how a stored result reads back).
NOT_READING = frozenset({
    "__init__.py", "__main__.py", "cli.py", "runner.py", "nightly.py", "notify.py", "state.py",
    "outputs.py", "report.py", "report_html.py", "report_xlsx.py", "validate.py", "messages.py",
    "inspect_pages.py", "faults.py", "api.py",
})
READING_LIBRARIES = ("pdfplumber", "pdfminer.six", "pypdfium2", "camelot-py")


def reader_version(package: Path | None = None) -> str:
    """A hash of the reading and checking code (every module of the package but `NOT_READING`)
    and of the PDF libraries' versions: changes whenever any of them changes."""
    return _reader_version(str(package or Path(__file__).resolve().parent))


@cache
def _reader_version(package: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    h = hashlib.sha256()
    for path in sorted(Path(package).rglob("*.py")):
        rel = path.relative_to(package).as_posix()
        if rel in NOT_READING:
            continue
        h.update(rel.encode() + b"\0" + path.read_bytes() + b"\0")
    for lib in READING_LIBRARIES:
        try:
            h.update(f"{lib}={version(lib)}\0".encode())
        except PackageNotFoundError:
            h.update(f"{lib}=-\0".encode())
    return h.hexdigest()[:16]


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def cacheable(result: DocumentResult) -> bool:
    """A result that holds for the file whatever the run's limits."""
    return not result.error or result.error not in SETTINGS_DEPENDENT


STATE_MODE = 0o600  # the state holds the servers' replies: for the run's user only
COMPANIONS = ("", "-wal", "-shm", "-journal")  # the database and the files SQLite keeps beside it


def _private(path: Path) -> None:
    """The database and its companions exist as regular files of mode 0600 (SQLite gives a
    new -wal/-shm/-journal the database's mode); a link at any of them is an error (exit 8)."""
    for suffix in COMPANIONS:
        name = path.with_name(path.name + suffix)
        flags = os.O_RDWR | (os.O_CREAT if not suffix else 0)
        try:
            fd = open_own(name, flags, STATE_MODE)
        except FileNotFoundError:
            continue
        try:
            os.fchmod(fd, STATE_MODE)
        finally:
            os.close(fd)


class State:
    def __init__(self, path: Path):
        self.path = path
        _private(path)
        uri = "file:" + urllib.parse.quote(os.fspath(path.absolute())) + "?nofollow=1"
        try:
            self.db = sqlite3.connect(uri, uri=True, timeout=30, isolation_level=None)  # explicit transactions
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=FULL")
            self.db.executescript(SCHEMA)
            self._migrate()
            row = self.db.execute("SELECT value FROM meta WHERE key = 'id'").fetchone()
            if row is None:
                self.db.execute("INSERT OR IGNORE INTO meta(key, value) VALUES ('id', ?)", (secrets.token_hex(8),))
                row = self.db.execute("SELECT value FROM meta WHERE key = 'id'").fetchone()
            self.id = row[0]
        except sqlite3.DatabaseError as exc:
            raise EnvironmentFailure(key="state-damaged", path=os.fspath(path), reason=str(exc)) from None

    def _migrate(self) -> None:
        """From the first layout: pickled results are dropped (read again); what the
        recipients were told is kept, for every recipient."""
        tables = {name for (name,) in self.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "files" in tables:
            self.db.execute("DROP TABLE files")
        if "confirmed" in tables:
            with closing(self.db.cursor()) as cur:
                cur.execute("BEGIN IMMEDIATE")
                cur.execute("INSERT OR IGNORE INTO told(recipient, identity, value) "
                            "SELECT '*', identity, value FROM confirmed")
                cur.execute("DROP TABLE confirmed")
                cur.execute("COMMIT")
        if "deliveries" in tables:
            self.db.execute("DROP TABLE deliveries")
        self._migrate_identities()
        self.db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def _migrate_identities(self) -> None:
        """Identities of the first layout (fields joined with "|") become JSON arrays
        (`changes.identity_of_old`); one that cannot be read back is dropped."""
        old = self.db.execute("SELECT recipient, identity, value FROM told WHERE identity NOT LIKE '[%'").fetchall()
        if not old:
            return
        with closing(self.db.cursor()) as cur:
            cur.execute("BEGIN IMMEDIATE")
            for recipient, identity, value in old:
                cur.execute("DELETE FROM told WHERE recipient = ? AND identity = ?", (recipient, identity))
                new = identity_of_old(identity)
                if new is not None:
                    cur.execute("INSERT OR REPLACE INTO told(recipient, identity, value) VALUES (?, ?, ?)",
                                (recipient, new, value))
            cur.execute("COMMIT")

    def close(self) -> None:
        self.db.close()

    # ------------------------------------------------------------ results
    def cached(self, path: str, sha256: str, reader: str) -> DocumentResult | None:
        row = self.db.execute("SELECT result FROM results WHERE path = ? AND sha256 = ? AND reader = ?",
                              (path, sha256, reader)).fetchone()
        if row is None:
            return None
        try:
            return result_from_data(json.loads(row[0]))
        except (ValueError, TypeError, KeyError):  # not what this version stores: read the file again
            return None

    def store(self, result: DocumentResult, reader: str) -> None:
        if not cacheable(result):
            self.db.execute("DELETE FROM results WHERE path = ?", (result.document,))
            return
        self.db.execute("INSERT OR REPLACE INTO results(path, sha256, reader, result, processed_at) "
                        "VALUES (?, ?, ?, ?, ?)",
                        (result.document, result.sha256, reader,
                         json.dumps(result_data(result), ensure_ascii=False, separators=(",", ":")), now()))

    def forget_missing(self, present: set[str]) -> None:
        with closing(self.db.cursor()) as cur:
            cur.execute("BEGIN IMMEDIATE")
            for (path,) in cur.execute("SELECT path FROM results").fetchall():
                if path not in present:
                    cur.execute("DELETE FROM results WHERE path = ?", (path,))
            cur.execute("COMMIT")

    # ------------------------------------------------------------ what each recipient was told
    def told(self, recipient: str) -> dict[str, str]:
        rows = dict(self.db.execute("SELECT identity, value FROM told WHERE recipient = ?", (recipient,)))
        if not rows and not self.db.execute("SELECT 1 FROM attempts WHERE recipient = ? AND status = 'sent'",
                                             (recipient,)).fetchone():
            rows = dict(self.db.execute("SELECT identity, value FROM told WHERE recipient = '*'"))
        return rows

    def start(self, message_id: str, recipient: str, report: str) -> int:
        cur = self.db.execute("INSERT INTO attempts(message_id, recipient, report, created_at, status) "
                              "VALUES (?, ?, ?, ?, 'sending')", (message_id, recipient, report, now()))
        return int(cur.lastrowid or 0)  # (an INSERT always has one)

    def sent(self, attempt: int, recipient: str, channel: str, items: dict[str, str]) -> None:
        """The report reached `recipient`: it now knows `items` (one transaction)."""
        with closing(self.db.cursor()) as cur:
            cur.execute("BEGIN IMMEDIATE")
            cur.execute("DELETE FROM told WHERE recipient = ?", (recipient,))
            cur.executemany("INSERT INTO told(recipient, identity, value) VALUES (?, ?, ?)",
                            [(recipient, k, v) for k, v in sorted(items.items())])
            cur.execute("UPDATE attempts SET status = 'sent', channel = ? WHERE id = ?", (channel, attempt))
            cur.execute("COMMIT")

    def refused(self, attempt: int, code: int | None, reason: str) -> None:
        """The recipient's server refused it for good (5xx): not tried again with this report."""
        self.db.execute("UPDATE attempts SET status = 'refused', code = ?, detail = ? WHERE id = ?",
                        (code, reason[:500], attempt))

    def failed(self, attempt: int, code: int | None, reason: str) -> None:
        self.db.execute("UPDATE attempts SET status = 'failed', code = ?, detail = ? WHERE id = ?",
                        (code, reason[:500], attempt))

    def refusal(self, recipient: str, report: str) -> tuple[int | None, str, str] | None:
        """The permanent refusal of this very report by this recipient's server, if any."""
        return self.db.execute("SELECT code, detail, created_at FROM attempts WHERE recipient = ? AND report = ? "
                               "AND status = 'refused' ORDER BY id DESC LIMIT 1", (recipient, report)).fetchone()

    def attempts(self) -> list[tuple]:
        return self.db.execute("SELECT id, message_id, recipient, report, status, channel, code, detail "
                               "FROM attempts ORDER BY id").fetchall()

