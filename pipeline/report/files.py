"""Stage 8: write what a run found.

At the top of the output folder, exactly the four contract files (`../shared/CONTRACT.md`):
`documents.csv`, `cells.csv`, `checks.csv`, `findings.csv`.  Beside them, one folder per document under
`docs/` with each table as CSV and `result.json` with everything found.  Every file is
written to a temporary name and renamed into place, so a reader never sees half a file,
and nothing in them depends on the clock: a rerun over the same input gives the same bytes.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from decimal import Decimal
from pathlib import Path
from typing import Any, TextIO

from pipeline.model import Acceptance, Addend, Check, DocumentResult, Kind, Note, Role, Table
from pipeline.tables.numbers import format_decimal
from pipeline.text.messages import accepted_sentence, check_sentence, error_sentence, note_sentence

DOCUMENT_FIELDS = ["document", "sha256", "pages", "status", "error", "tables", "findings", "checks"]
CELL_FIELDS = ["document", "proposal", "table", "page", "row", "label", "category", "role", "column",
               "raw", "value", "unit", "value_dkk", "x0", "top", "x1", "bottom"]
CHECK_FIELDS = ["document", "proposal", "table", "page", "label", "column", "stated", "recomputed", "difference",
                "tolerance", "unit", "kind", "terms", "agrees"]
FINDING_FIELDS = ["document", "proposal", "table", "page", "label", "column", "stated", "recomputed",
                  "difference", "kind", "message", "review"]


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


FILE_MODE = 0o666 & ~_umask()  # what open() would give: 0644 under the usual umask 022
DIR_MODE = 0o777 & ~_umask()


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # what a spreadsheet may take for a formula
PLAIN_NUMBER = re.compile(r"[-+]?\d[\d.,]*")  # a figure as printed (-8800, -8.800, +1,5): never a formula


def for_spreadsheet(value: object) -> object:
    """A value for a CSV file made to be opened in a spreadsheet (the e-mail's findings):
    text that begins like a formula (`=`, `+`, `-`, `@`, tab, CR) gets a leading apostrophe,
    so it is shown, never evaluated, as report.xlsx shows it; a figure (`-8800`) stays a
    figure.  The contract files are exact data and are never written this way."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def write_atomic(path: Path, data: bytes) -> None:
    """Write `path` under a temporary name in its folder, then rename it into place: a reader
    sees the old file or the new one, never half of one.  The file gets the mode the umask
    gives (0644 under the usual 022), as any file the user writes."""
    with _atomic(path, binary=True) as f:
        f.write(data)


def _csv_bytes(fields: list[str], rows: list[dict]) -> bytes:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=fields, lineterminator="\n", extrasaction="raise")
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
    return buf.getvalue().encode("utf-8")


def _coord(x: float) -> str:
    return f"{x:.2f}"


def document_rows(results: Sequence[DocumentResult]) -> list[dict]:
    return [{
        "document": r.document, "sha256": r.sha256, "pages": "" if r.pages is None else r.pages,
        "status": r.status, "error": r.error, "tables": len(r.tables), "findings": len(r.findings),
        "checks": len(r.checks),
    } for r in results]


def cell_rows(result: DocumentResult) -> list[dict]:
    out = []
    for table in result.tables:
        for row in table.rows:
            for column in table.columns:
                cell = row.cells.get(column)
                if cell is None or cell.value is None:
                    continue
                in_dkk = row.role != Role.OTHER and bool(table.unit_factor)
                dkk = format_decimal(cell.value * table.unit_factor) if in_dkk else ""
                out.append({
                    "document": result.document, "proposal": table.proposal, "table": table.id, "page": cell.page,
                    "row": row.index, "label": row.label, "category": row.category or "", "role": row.role,
                    "column": column, "raw": cell.raw, "value": format_decimal(cell.value), "unit": table.unit,
                    "value_dkk": dkk, "x0": _coord(cell.bbox[0]), "top": _coord(cell.bbox[1]),
                    "x1": _coord(cell.bbox[2]), "bottom": _coord(cell.bbox[3]),
                })
    return out


def _where(c: Check) -> dict:
    return {"document": c.document, "proposal": c.proposal, "table": c.table, "page": c.page, "label": c.label,
            "column": c.column, "stated": format_decimal(c.stated), "recomputed": format_decimal(c.recomputed),
            "difference": format_decimal(c.difference)}


def check_rows(result: DocumentResult) -> list[dict]:
    return [dict(_where(c), tolerance=format_decimal(c.tolerance), unit=c.unit, kind=c.kind, terms=c.terms,
                 agrees="true" if c.agrees else "false") for c in result.checks]


def finding_rows(result: DocumentResult, lang: str = "da") -> list[dict]:
    return [dict(_where(f), kind=f.kind, message=check_sentence(f, lang),
                 review=f.accepted.review if f.accepted is not None else None) for f in result.findings]


def acceptance_json(check: Check, lang: str) -> dict:
    """A finding's review, when a person accepted it: {} otherwise."""
    if check.accepted is None:
        return {}
    a = check.accepted
    return {"review": {"decision": str(a.review), "reason": a.reason, "by": a.by, "date": a.date,
                       "text": accepted_sentence(a, lang)}}


def note_json(note: Note, lang: str) -> dict:
    return {"code": note.code, "table": note.table or None, "page": note.page, "params": note.params,
            "text": note_sentence(note, lang)}


def table_json(table: Table, lang: str = "da") -> dict:
    return {
        "id": table.id, "proposal": table.proposal, "page": table.page, "title": table.title,
        "unit": table.unit, "price_base": table.price_base, "columns": table.columns,
        "bbox": {str(p): [round(v, 2) for v in b] for p, b in sorted(table.bbox.items())},
        "ruling": table.ruling,
        "notes": [note_json(n, lang) for n in table.notes],
        "second_reader": table.crosscheck,
        "rows": [{
            "index": row.index, "label": row.label, "category": row.category, "role": row.role, "page": row.page,
            "values": [_num(row.value(c)) for c in table.columns],
            "raw": [row.cells[c].raw if c in row.cells else None for c in table.columns],
        } for row in table.rows],
    }


def _num(value: Decimal | None):
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def check_from_json(d: dict) -> Check:
    """The inverse of `check_json`: a stored check, ready to be put into words in any language."""
    return Check(kind=Kind(d["kind"]), document=d.get("document", ""), proposal=d.get("proposal", 0),
                 table=d["table"], page=d["page"], row=d["row"], label=d["label"], column=d["column"],
                 stated=Decimal(str(d["stated"])), recomputed=Decimal(str(d["recomputed"])),
                 tolerance=Decimal(str(d["tolerance"])), unit=d["unit"], decimals=d.get("decimals", 0),
                 exact=d.get("exact", False), detail=d.get("detail", {}),
                 bbox=tuple(d["bbox"]) if d.get("bbox") else None,
                 accepted=Acceptance(**d["accepted"]) if d.get("accepted") else None,
                 addends=[Addend(a["row"], a["label"], Decimal(str(a["value"])), Decimal(0), a.get("decimals", 0),
                                 a.get("sign", 1), a.get("blank", False)) for a in d.get("addends", [])])


def check_json(c: Check) -> dict:
    """A check as plain JSON: exact figures as strings of their decimal value."""
    return {"kind": str(c.kind), "document": c.document, "proposal": c.proposal, "table": c.table, "page": c.page,
            "row": c.row, "label": c.label, "column": c.column, "stated": format_decimal(c.stated),
            "recomputed": format_decimal(c.recomputed), "tolerance": format_decimal(c.tolerance), "unit": c.unit,
            "decimals": c.decimals, "exact": c.exact, "agrees": c.agrees,
            "addends": [{"row": a.row, "label": a.label, "value": format_decimal(a.value), "sign": a.sign,
                         "decimals": a.decimals, "blank": a.blank} for a in c.addends],
            "bbox": [round(v, 2) for v in c.bbox] if c.bbox else None, "detail": c.detail,
            **({"accepted": {"reason": c.accepted.reason, "by": c.accepted.by, "date": c.accepted.date}}
               if c.accepted is not None else {})}


def _check_json(c: Check) -> dict:
    return {"kind": c.kind, "table": c.table, "page": c.page, "row": c.row, "label": c.label, "column": c.column,
            "stated": _num(c.stated), "recomputed": _num(c.recomputed), "tolerance": _num(c.tolerance),
            "unit": c.unit, "decimals": c.decimals, "exact": c.exact, "agrees": c.agrees,
            "addends": [{"row": a.row, "label": a.label, "value": _num(a.value), "sign": a.sign,
                         "decimals": a.decimals} for a in c.addends],
            "bbox": [round(v, 2) for v in c.bbox] if c.bbox else None, "detail": c.detail}


def result_json(result: DocumentResult, lang: str = "da") -> dict:
    return {
        "document": result.document, "sha256": result.sha256, "pages": result.pages, "status": result.status,
        "error": result.error or None,
        "message": error_sentence(result.error, result.error_params, lang) if result.error else None,
        "reader_message": result.message or None,  # the reader's own words (English), for a technician
        **({"traceback": result.detail} if result.detail else {}),
        "proposals": [{"index": p.index, "title": p.title, "first_page": p.first_page, "last_page": p.last_page}
                      for p in result.proposals],
        "tables": [table_json(t, lang) for t in result.tables],
        "checks": [_check_json(c) for c in result.checks],
        "findings": [dict(_check_json(f), message=check_sentence(f, lang), **acceptance_json(f, lang))
                     for f in result.findings],
        "notes": [note_json(n, lang) for n in result.notes],
    }


MAX_NAME_BYTES = 100  # a folder or file name we make from a document's name (the system allows 255)
MAX_PATH_BYTES = 200  # a document's folder below docs/


def short_name(name: str, whole: str, limit: int = MAX_NAME_BYTES) -> str:
    """`name` when it fits in `limit` bytes, else its start and a hash of `whole` (the full
    document name, so two long names that begin alike stay apart)."""
    if len(name.encode("utf-8")) <= limit:
        return name
    tag = "~" + hashlib.sha256(whole.encode("utf-8", "surrogateescape")).hexdigest()[:12]
    head = name.encode("utf-8")[: limit - len(tag)].decode("utf-8", "ignore")
    return head + tag


def doc_key(document: str) -> str:
    """The document's folder below docs/, relative: its own path, with any name over
    MAX_NAME_BYTES shortened with a hash and the whole kept under MAX_PATH_BYTES."""
    parts = [short_name(p, document) for p in document.split("/") if p not in ("", ".", "..")]
    key = "/".join(parts) or short_name("_", document)
    if len(key.encode("utf-8")) > MAX_PATH_BYTES:
        key = "~long/" + short_name(parts[-1], document, MAX_NAME_BYTES - 13) + "~" + \
            hashlib.sha256(document.encode("utf-8", "surrogateescape")).hexdigest()[:12]
    return key


def doc_folder(out: Path, document: str) -> Path:
    return out / "docs" / doc_key(document)


def write_document(out: Path, result: DocumentResult, lang: str = "da") -> None:
    """The document's own folder in a run's (new) output folder: result.json and one CSV
    per table.  Written under a temporary name and renamed into place."""
    target = doc_folder(out, result.document)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=target.parent, prefix=".staging-"))
    try:
        os.chmod(staging, DIR_MODE)
        write_atomic(staging / "result.json",
                     (json.dumps(result_json(result, lang), ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
        cells = cell_rows(result)
        for table in result.tables:
            rows = [c for c in cells if c["table"] == table.id]
            write_atomic(staging / "tables" / f"{short_name(table.id, table.id)}.csv", _csv_bytes(CELL_FIELDS, rows))
        if target.exists():  # written earlier by this same run (the folder is new for each run)
            shutil.rmtree(target)
        os.replace(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def in_document_order(results: Sequence[DocumentResult]) -> Sequence[DocumentResult]:
    """`results` sorted by document name; results kept on disk (a sequence with
    `by_document`, `run.spool`) are sorted by name without being loaded."""
    by_document = getattr(results, "by_document", None)
    return by_document() if by_document is not None else sorted(results, key=lambda r: r.document)


@contextmanager
def atomic_text(path: Path) -> Iterator[TextIO]:
    """A text file written line by line under a temporary name in its folder and renamed into
    place when done (as `write_atomic`, for a file too large to hold in memory)."""
    with _atomic(path, binary=False) as f:
        yield f


@contextmanager
def _atomic(path: Path, binary: bool) -> Iterator[Any]:
    """A file opened under a temporary name in `path`'s folder, synced and renamed into place
    when the block ends, removed when it fails."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name[:80]}.", suffix=".tmp")
    try:
        with (os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8", newline="")) as f:
            os.fchmod(f.fileno(), FILE_MODE)
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_contract(out: Path, results: Sequence[DocumentResult], lang: str = "da") -> None:
    """The four contract files, one document at a time (each result loaded once, its rows
    written and let go: the run does not hold every row of a large batch)."""
    with ExitStack() as files:
        writers = []
        for name, fields in (("documents.csv", DOCUMENT_FIELDS), ("cells.csv", CELL_FIELDS),
                             ("checks.csv", CHECK_FIELDS), ("findings.csv", FINDING_FIELDS)):
            writer = csv.DictWriter(files.enter_context(atomic_text(out / name)), fieldnames=fields,
                                    lineterminator="\n", extrasaction="raise")
            writer.writeheader()
            writers.append(writer)
        documents, cells, checks, findings = writers
        for r in in_document_order(results):
            documents.writerows(document_rows([r]))
            cells.writerows(cell_rows(r))
            checks.writerows(check_rows(r))
            findings.writerows(finding_rows(r, lang))
