"""Stage 8: write what a run found.

At the top of the output folder, exactly the three contract files (`../shared/CONTRACT.md`):
`documents.csv`, `cells.csv`, `findings.csv`.  Beside them, one folder per document under
`docs/` with each table as CSV and `result.json` with everything found.  Every file is
written to a temporary name and renamed into place, so a reader never sees half a file,
and nothing in them depends on the clock: a rerun over the same input gives the same bytes.
"""
from __future__ import annotations

import csv
import io
import json
import os
import shutil
import tempfile
from decimal import Decimal
from pathlib import Path

from .model import DocumentResult, Table
from .numbers import format_decimal

DOCUMENT_FIELDS = ["document", "sha256", "pages", "status", "error", "tables", "findings"]
CELL_FIELDS = ["document", "proposal", "table", "page", "row", "label", "category", "role", "column",
               "raw", "value", "unit", "value_dkk", "x0", "top", "x1", "bottom"]
FINDING_FIELDS = ["document", "proposal", "table", "page", "label", "column", "stated", "recomputed",
                  "difference", "kind", "message"]


def write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _csv_bytes(fields: list[str], rows: list[dict]) -> bytes:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=fields, lineterminator="\n", extrasaction="raise")
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
    return buf.getvalue().encode("utf-8")


def _coord(x: float) -> str:
    return f"{x:.2f}"


def document_rows(results: list[DocumentResult]) -> list[dict]:
    return [{
        "document": r.document, "sha256": r.sha256, "pages": "" if r.pages is None else r.pages,
        "status": r.status, "error": r.error, "tables": len(r.tables), "findings": len(r.findings),
    } for r in results]


def cell_rows(result: DocumentResult) -> list[dict]:
    out = []
    for table in result.tables:
        for row in table.rows:
            for column in table.columns:
                cell = row.cells.get(column)
                if cell is None or cell.value is None:
                    continue
                dkk = "" if row.role == "other" or not table.unit_factor else format_decimal(cell.value * table.unit_factor)
                out.append({
                    "document": result.document, "proposal": table.proposal, "table": table.id, "page": cell.page,
                    "row": row.index, "label": row.label, "category": row.category or "", "role": row.role,
                    "column": column, "raw": cell.raw, "value": format_decimal(cell.value), "unit": table.unit,
                    "value_dkk": dkk, "x0": _coord(cell.bbox[0]), "top": _coord(cell.bbox[1]),
                    "x1": _coord(cell.bbox[2]), "bottom": _coord(cell.bbox[3]),
                })
    return out


def finding_rows(result: DocumentResult) -> list[dict]:
    return [{
        "document": f.document, "proposal": f.proposal, "table": f.table, "page": f.page, "label": f.label,
        "column": f.column, "stated": format_decimal(f.stated), "recomputed": format_decimal(f.recomputed),
        "difference": format_decimal(f.difference), "kind": f.kind, "message": f.message,
    } for f in result.findings]


def table_json(table: Table) -> dict:
    return {
        "id": table.id, "proposal": table.proposal, "page": table.page, "title": table.title,
        "unit": table.unit, "price_base": table.price_base, "columns": table.columns,
        "bbox": {str(p): [round(v, 2) for v in b] for p, b in sorted(table.bbox.items())},
        "ruling": table.ruling,
        "notes": table.notes,
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


def result_json(result: DocumentResult) -> dict:
    return {
        "document": result.document, "sha256": result.sha256, "pages": result.pages, "status": result.status,
        "error": result.error or None, "message": result.message or None,
        "proposals": [{"index": p.index, "title": p.title, "first_page": p.first_page, "last_page": p.last_page}
                      for p in result.proposals],
        "tables": [table_json(t) for t in result.tables],
        "findings": [dict(row, row=f.row, addends=[{"row": a.row, "label": a.label, "value": _num(a.value)}
                                                   for a in f.addends],
                          bbox=[round(v, 2) for v in f.bbox] if f.bbox else None)
                     for row, f in zip(finding_rows(result), result.findings)],
        "checks": [{"kind": c.kind, "table": c.table, "row": c.row, "column": c.column, "stated": _num(c.stated),
                    "recomputed": _num(c.recomputed), "tolerance": float(c.tolerance), "agrees": c.agrees}
                   for c in result.checks],
        "notes": result.notes,
    }


def doc_folder(out: Path, document: str) -> Path:
    return out / "docs" / document


def write_document(out: Path, result: DocumentResult) -> None:
    """The document's own folder: result.json and one CSV per table, replaced as a whole."""
    target = doc_folder(out, result.document)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}."))
    try:
        (staging / "result.json").write_text(json.dumps(result_json(result), ensure_ascii=False, indent=1) + "\n",
                                             encoding="utf-8")
        cells = cell_rows(result)
        for table in result.tables:
            rows = [c for c in cells if c["table"] == table.id]
            (staging / "tables").mkdir(exist_ok=True)
            (staging / "tables" / f"{table.id}.csv").write_bytes(_csv_bytes(CELL_FIELDS, rows))
        old = None
        if target.exists():
            old = target.with_name(f".{target.name}.old")
            shutil.rmtree(old, ignore_errors=True)
            os.replace(target, old)
        os.replace(staging, target)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def write_contract(out: Path, results: list[DocumentResult]) -> None:
    results = sorted(results, key=lambda r: r.document)
    write_atomic(out / "documents.csv", _csv_bytes(DOCUMENT_FIELDS, document_rows(results)))
    write_atomic(out / "cells.csv", _csv_bytes(CELL_FIELDS, [c for r in results for c in cell_rows(r)]))
    write_atomic(out / "findings.csv", _csv_bytes(FINDING_FIELDS, [f for r in results for f in finding_rows(r)]))


def remove_stale(out: Path, documents: set[str]) -> None:
    """Drop document folders of files that are no longer in the input."""
    root = out / "docs"
    if not root.exists():
        return
    for result in sorted(root.rglob("result.json")):
        name = result.parent.relative_to(root).as_posix()
        if name not in documents:
            shutil.rmtree(result.parent, ignore_errors=True)
