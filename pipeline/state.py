"""The nightly check's memory: an SQLite database in the output folder.

* `files`      each input file's path, content hash and its result, so that an unchanged
               file is not read again (a new pipeline version reads everything again);
* `confirmed`  what the recipients have been told: every finding and unreadable file as it
               stood in the last report the mail server (or the outbox) accepted;
* `deliveries` one row per report attempt: queued → sent, or failed with the reason.

Every write is its own transaction, so a run killed at any point leaves the database as
it was after the last completed step.
"""
from __future__ import annotations

import pickle
import sqlite3
from contextlib import closing
from datetime import datetime, timezone
from pathlib import Path

from . import __version__
from .model import DocumentResult

SCHEMA = """
CREATE TABLE IF NOT EXISTS files(
    path TEXT PRIMARY KEY, sha256 TEXT NOT NULL, version TEXT NOT NULL, result BLOB NOT NULL, processed_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS confirmed(identity TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS deliveries(
    id INTEGER PRIMARY KEY, message_id TEXT NOT NULL, digest TEXT NOT NULL, created_at TEXT NOT NULL,
    status TEXT NOT NULL, channel TEXT, items INTEGER NOT NULL, detail TEXT);
"""


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class State:
    def __init__(self, path: Path):
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(path, timeout=30, isolation_level=None)  # explicit transactions
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=FULL")
        self.db.executescript(SCHEMA)

    def close(self) -> None:
        self.db.close()

    # ------------------------------------------------------------ files
    def cached(self, path: str, sha256: str) -> DocumentResult | None:
        row = self.db.execute("SELECT version, result FROM files WHERE path = ? AND sha256 = ?", (path, sha256)).fetchone()
        if row is None or row[0] != __version__:
            return None
        try:
            return pickle.loads(row[1])
        except Exception:  # written by an older layout of the data: read the file again
            return None

    def store(self, result: DocumentResult) -> None:
        self.db.execute("INSERT OR REPLACE INTO files(path, sha256, version, result, processed_at) VALUES (?, ?, ?, ?, ?)",
                        (result.document, result.sha256, __version__, pickle.dumps(result), now()))

    def forget_missing(self, present: set[str]) -> None:
        with closing(self.db.cursor()) as cur:
            cur.execute("BEGIN")
            for (path,) in cur.execute("SELECT path FROM files").fetchall():
                if path not in present:
                    cur.execute("DELETE FROM files WHERE path = ?", (path,))
            cur.execute("COMMIT")

    # ------------------------------------------------------------ what was reported
    def confirmed(self) -> dict[str, str]:
        return dict(self.db.execute("SELECT identity, value FROM confirmed"))

    def pending(self) -> tuple[int, str, str] | None:
        """The last attempt that was started but never finished (the run died while sending)."""
        return self.db.execute("SELECT id, message_id, digest FROM deliveries WHERE status = 'sending' "
                               "ORDER BY id DESC LIMIT 1").fetchone()

    def start_delivery(self, message_id: str, digest: str, items: int) -> int:
        cur = self.db.execute("INSERT INTO deliveries(message_id, digest, created_at, status, items) VALUES (?, ?, ?, 'sending', ?)",
                              (message_id, digest, now(), items))
        return int(cur.lastrowid)

    def delivered(self, delivery: int, channel: str, items: dict[str, str]) -> None:
        """The report was accepted: the recipients now know `items` (one transaction)."""
        with closing(self.db.cursor()) as cur:
            cur.execute("BEGIN IMMEDIATE")
            cur.execute("DELETE FROM confirmed")
            cur.executemany("INSERT INTO confirmed(identity, value) VALUES (?, ?)", sorted(items.items()))
            cur.execute("UPDATE deliveries SET status = 'sent', channel = ? WHERE id = ?", (channel, delivery))
            cur.execute("UPDATE deliveries SET status = 'superseded' WHERE status = 'sending' AND id != ?", (delivery,))
            cur.execute("COMMIT")

    def failed(self, delivery: int, reason: str) -> None:
        self.db.execute("UPDATE deliveries SET status = 'failed', detail = ? WHERE id = ?", (reason[:500], delivery))

    def deliveries(self) -> list[tuple]:
        return self.db.execute("SELECT id, message_id, status, channel, items, detail FROM deliveries ORDER BY id").fetchall()
