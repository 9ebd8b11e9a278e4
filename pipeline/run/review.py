"""A person's review: the findings a person accepted, kept in a review file beside the work.

The review file is TOML (the format of the nightly settings: people can read it, write it by
hand, put a comment beside an entry, and keep it in version control with a readable diff).
One `[[accepted]]` table per accepted finding:

    [[accepted]]
    sha256 = "3f5c…"                      # the document's bytes: a changed document brings it back
    document = "forloebsprogram.pdf"     # for people: not part of the key (a renamed copy stays accepted)
    table = "p1-t1"                      # the contract's table id ("" for a sum in the text)
    label = "Samlet økonomisk påvirkning"
    column = "2030"
    stated = "-8800"                     # the figure as printed, in the table's unit
    kind = "column-total"                # optional: when given, the finding's kind must be this one
    reason = "Forskellen er forklaret i forslagets tekst"
    by = "Mette Jensen"
    date = 2026-12-08

A finding is accepted when an entry names its document's sha256, its table, row label,
column and stated figure (and its kind, when the entry gives one): exactly the findings the
file names, no other.  Plain data in, plain data out: `load` reads a file into `Entry`s (a
malformed file is a `ReviewFileError`, exit 2, naming the line and key), `apply` returns new
results with the accepted findings marked and a document whose every disagreement is
accepted `reviewed`; `chosen` picks the findings of a finished run's contract files and
`merge` appends them to a review file (what it holds stays as written, comments too).
"""
from __future__ import annotations

import csv
import datetime
import hashlib
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from pipeline.errors import ReviewFileError, UsageError
from pipeline.model import Acceptance, Check, DocumentResult, Kind, Status
from pipeline.tables.numbers import format_decimal

SECTION = "accepted"
REQUIRED = ("sha256", "table", "label", "column", "stated", "reason", "by", "date")
OPTIONAL = ("document", "kind")
KEYS = REQUIRED + OPTIONAL
_SHA256 = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class Entry:
    """One accepted finding of a review file."""

    sha256: str
    table: str
    label: str
    column: str
    stated: Decimal
    reason: str
    by: str
    date: str  # ISO 8601
    document: str = ""
    kind: str = ""  # empty: any kind

    @property
    def key(self) -> tuple[str, str, str, str, Decimal, str]:
        return (self.sha256, self.table, self.label, self.column, self.stated, self.kind)

    def names(self, sha256: str, check: Check) -> bool:
        """Whether this entry accepts `check`, a finding of the document whose bytes hash to `sha256`."""
        return (self.sha256 == sha256 and self.table == check.table and self.label == check.label
                and self.column == check.column and self.stated == check.stated
                and (not self.kind or self.kind == str(check.kind)))

    @property
    def acceptance(self) -> Acceptance:
        return Acceptance(reason=self.reason, by=self.by, date=self.date)


# ---------------------------------------------------------------- reading a review file
def load(path: Path) -> list[Entry]:
    """The entries of the review file `path`; `ReviewFileError` (exit 2) when it is missing or malformed."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ReviewFileError(key="review-missing", path=str(path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ReviewFileError(key="review-unreadable", path=str(path), detail=str(exc)) from None
    return parse(text, str(path))


def _line_of(text: str, entry: int, key: str = "") -> int:
    """The line (from 1) of the `entry`-th `[[accepted]]` header (from 1), or of its `key`."""
    lines = text.splitlines()
    seen, start = 0, 0
    for number, line in enumerate(lines, 1):
        if re.match(r"\s*\[\[\s*accepted\s*\]\]", line):
            seen += 1
            if seen == entry:
                start = number
                break
    if not start or not key:
        return start
    for number in range(start + 1, len(lines) + 1):
        line = lines[number - 1]
        if re.match(r"\s*\[", line):
            break
        if re.match(rf"\s*\"?{re.escape(key)}\"?\s*=", line):
            return number
    return start


def parse(text: str, where: str = "") -> list[Entry]:
    """The entries of a review file's text (`where`: its name, for the errors)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ReviewFileError(key="review-toml", path=where, detail=str(exc)) from None
    for top in data:
        if top != SECTION:
            raise ReviewFileError(key="review-top", path=where, name=top, section=SECTION)
    tables = data.get(SECTION, [])
    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        raise ReviewFileError(key="review-top", path=where, name=SECTION, section=SECTION)
    return [_entry(table, number, text, where) for number, table in enumerate(tables, 1)]


def _entry(table: dict[str, Any], number: int, text: str, where: str) -> Entry:
    facts: dict[str, Any] = {"path": where, "entry": number, "section": SECTION}
    for key in table:
        if key not in KEYS:
            raise ReviewFileError(key="review-unknown", name=key, line=_line_of(text, number, key),
                                  known=", ".join(KEYS), **facts)
    for key in REQUIRED:
        if key not in table:
            raise ReviewFileError(key="review-key-missing", name=key, line=_line_of(text, number), **facts)
    values: dict[str, Any] = {}
    for key in KEYS:
        value = table.get(key, "")
        line = _line_of(text, number, key)
        if key == "stated":
            values[key] = _figure(value, line, facts)
        elif key == "date":
            values[key] = _date(value, line, facts)
        elif not isinstance(value, str):
            raise ReviewFileError(key="review-text", name=key, line=line, value=repr(value), **facts)
        elif key == "sha256" and not _SHA256.fullmatch(value):
            raise ReviewFileError(key="review-sha256", name=key, line=line, value=repr(value), **facts)
        elif key in ("reason", "by") and not value.strip():
            raise ReviewFileError(key="review-empty", name=key, line=line, **facts)
        elif key == "kind" and value and value not in {str(k) for k in Kind}:
            raise ReviewFileError(key="review-kind", name=key, line=line, value=repr(value),
                                  known=", ".join(str(k) for k in Kind), **facts)
        else:
            values[key] = value
    return Entry(**values)


def _figure(value: Any, line: int, facts: dict) -> Decimal:
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        try:
            figure = Decimal(str(value).strip())
        except InvalidOperation:
            figure = Decimal("NaN")
        if figure.is_finite():
            return figure
    raise ReviewFileError(key="review-number", name="stated", line=line, value=repr(value), **facts)


def _date(value: Any, line: int, facts: dict) -> str:
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value.isoformat()
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value.strip()).isoformat()
        except ValueError:
            pass
    raise ReviewFileError(key="review-date", name="date", line=line, value=repr(value), **facts)


def fingerprint(entries: Iterable[Entry]) -> str:
    """What the reports depend on in a review file (every entry, reasons and names too)."""
    h = hashlib.sha256()
    for e in sorted(entries, key=lambda e: repr(e)):
        h.update(repr(e).encode("utf-8") + b"\0")
    return h.hexdigest()[:16]


# ---------------------------------------------------------------- applying it to a run's results
def reviewed(result: DocumentResult, entries: list[Entry]) -> DocumentResult:
    """`result` with each finding an entry names accepted (a new result; `result` is untouched).
    A flagged document whose every disagreement is accepted is `reviewed`."""
    mine = [e for e in entries if e.sha256 == result.sha256]
    if not mine or result.status != Status.FLAGGED:
        return result
    checks = []
    for check in result.checks:
        entry = None if check.agrees else next((e for e in mine if e.names(result.sha256, check)), None)
        checks.append(replace(check, accepted=entry.acceptance) if entry is not None else check)
    new = replace(result, checks=checks)
    if not new.open_findings:
        new = replace(new, status=Status.REVIEWED)
    return new


def apply(results: list[DocumentResult], entries: list[Entry]) -> list[DocumentResult]:
    """Every result with the findings the review file names accepted (`reviewed`)."""
    if not entries:
        return results
    return [reviewed(r, entries) for r in results]


# ---------------------------------------------------------------- `pipeline accept`
def _rows(path: Path) -> list[dict[str, str]]:
    try:
        with open(path, encoding="utf-8", newline="") as f:
            return list(csv.DictReader(f))
    except FileNotFoundError:
        raise UsageError(key="contract-missing", path=str(path)) from None


def chosen(out: Path, *, reason: str, by: str, date: str, documents: Iterable[str] = (),
           kinds: Iterable[str] = ()) -> list[Entry]:
    """The findings of the finished run in the output folder `out` (its findings.csv and
    documents.csv) as review entries: all, or those of the documents and kinds named."""
    for option, value in (("reason", reason), ("by", by)):
        if not value.strip():
            raise UsageError(key="accept-empty", option=option)
    documents, kinds = set(documents), set(kinds)
    hashes = {row["document"]: row["sha256"] for row in _rows(Path(out) / "documents.csv")}
    for document in sorted(documents - set(hashes)):
        raise UsageError(key="accept-no-document", document=document, out=str(out))
    for kind in sorted(kinds - {str(k) for k in Kind}):
        raise UsageError(key="accept-kind", kind=kind, known=", ".join(str(k) for k in Kind))
    entries = []
    for row in _rows(Path(out) / "findings.csv"):
        if (documents and row["document"] not in documents) or (kinds and row["kind"] not in kinds):
            continue
        entries.append(Entry(sha256=hashes.get(row["document"], ""), table=row["table"], label=row["label"],
                             column=row["column"], stated=Decimal(row["stated"]), reason=reason.strip(),
                             by=by.strip(), date=date, document=row["document"], kind=row["kind"]))
    return [e for e in entries if e.sha256]


def _toml_string(text: str) -> str:
    out = []
    for ch in text:
        if ch in ('"', "\\"):
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def entry_text(entry: Entry) -> str:
    """One entry as the review file holds it."""
    lines = [f"[[{SECTION}]]"]
    for key in ("sha256", "document", "table", "label", "column"):
        lines.append(f"{key} = {_toml_string(getattr(entry, key))}")
    lines.append(f"stated = {_toml_string(format_decimal(entry.stated))}")
    if entry.kind:
        lines.append(f"kind = {_toml_string(entry.kind)}")
    lines += [f"reason = {_toml_string(entry.reason)}", f"by = {_toml_string(entry.by)}", f"date = {entry.date}"]
    return "\n".join(lines) + "\n"


def merge(path: Path, entries: list[Entry]) -> tuple[int, int]:
    """Append to the review file `path` (made if missing) each entry it does not hold yet; the
    file's own text stays as it is.  Returns (added, already there).  The file is checked
    first: a malformed one is not added to."""
    path = Path(path)
    before = path.read_text(encoding="utf-8") if path.exists() else ""
    held = {e.key for e in parse(before, str(path))} if before else set()
    new: list[Entry] = []
    for e in entries:
        if e.key in held or replace(e, kind="").key in held:  # (an entry without a kind accepts any)
            continue
        held.add(e.key)
        new.append(e)
    if new:
        text = before
        if text and not text.endswith("\n"):
            text += "\n"
        text += "".join(("\n" if text or i else "") + entry_text(e) for i, e in enumerate(new))
        parse(text, str(path))  # what is written reads back
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
    return len(new), len(entries) - len(new)
