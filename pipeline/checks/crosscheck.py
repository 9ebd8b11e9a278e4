"""A second reader: camelot reads the same table areas, and every figure is compared.

Our reader works from words and rules (pdfplumber); camelot works from its own text
layout (stream) or from the table's ruling (lattice, with the render-free `vector`
engine on ruled tables).  For each figure we read, the camelot cell under its centre must
show the same text; a figure camelot sees in the table's value area where we read none
is reported too.  Disagreements do not change the values — our cells come from their
column's slot and their row's band, so their geometry is consistent by construction —
but they are recorded in the document's JSON, where a person can look.

Camelot is asked only where it can change what we say: the tables a finding rests on
(`tables_behind_findings`), and reads only their pages: each is copied (with PDFium) into a
one-page PDF first, because camelot parses the whole file for every page it is asked about
(a 1,000-page booklet cost seconds per table).  A finding that rests on a figure the two readers read
differently is held back (`withhold`): a note names the figure and both readings.
"""
from __future__ import annotations

import logging
import tempfile
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

from pipeline.model import Check, Kind, Note, NoteCode, Ruling, Table
from pipeline.tables.numbers import clean, parse_cell

log = logging.getLogger(__name__)


def _camelot_cells(path: Path, page: int, area: tuple[float, float, float, float], height: float, flavor: str
                   ) -> list[_CamelotCell]:
    import camelot

    x0, top, x1, bottom = area
    kwargs: dict[str, Any]
    if flavor == "lattice":
        kwargs = dict(flavor="lattice", engine="vector")  # the whole page's grids; cells filtered by position below
    else:
        kwargs = dict(flavor="stream", table_areas=[f"{x0 - 3},{height - top + 3},{x1 + 3},{height - bottom - 3}"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tables = camelot.read_pdf(str(path), pages=str(page), suppress_stdout=True, **kwargs)
    cells: list[_CamelotCell] = []
    for t in tables:
        for row in t.cells:
            for c in row:
                text = clean(c.text)
                if text:
                    cells.append((c.x1, height - c.y2, c.x2, height - c.y1, text))
    return cells


@contextmanager
def pages_alone(path: Path, pages: list[int]) -> Iterator[dict[int, tuple[Path, int]]]:
    """Each page asked for, alone in a temporary one-page PDF (page boxes and rotation kept):
    page -> (file, page number in it); the document itself where it has no other pages, or
    where its pages cannot be copied (camelot then reads it as it is)."""
    import pypdfium2 as pdfium

    with tempfile.TemporaryDirectory(prefix="pipeline-camelot-") as tmp:
        where: dict[int, tuple[Path, int]] = {}
        try:
            src = pdfium.PdfDocument(str(path))
            try:
                if len(src) > 1:
                    for p in pages:
                        one = pdfium.PdfDocument.new()
                        try:
                            one.import_pages(src, [p - 1])
                            target = Path(tmp) / f"page-{p}.pdf"
                            one.save(str(target))
                        finally:
                            one.close()
                        where[p] = (target, 1)
            finally:
                src.close()
        except Exception as exc:  # the pages could not be copied
            log.debug("camelot reads %s itself: %s", path.name, exc)
            where = {}
        yield {p: where.get(p, (path, p)) for p in pages}


def crosscheck(path: Path, tables: list[Table], only: set[str] | None = None) -> list[Table]:
    """The tables again, each with its `crosscheck` filled (the tables given are not changed);
    with `only`, camelot reads only those tables and the others say they were not compared."""
    wanted = sorted({page for t in tables if (only is None or t.id in only) and not t.rotated
                     for page in t.bbox if t.page_heights.get(page) is not None})
    with pages_alone(path, wanted) as where:
        return compare_tables(path, where, tables, only)


def compare_tables(path: Path, where: dict[int, tuple[Path, int]], tables: list[Table], only: set[str] | None
                   ) -> list[Table]:
    """`crosscheck` with camelot reading each page from `where` (page -> file, page in it)."""
    return [replace(table, crosscheck=_compare_table(path, where, table, only)) for table in tables]


_CamelotCell = tuple[float, float, float, float, str]  # x0, top, x1, bottom, text


def _compare_table(path: Path, where: dict[int, tuple[Path, int]], table: Table, only: set[str] | None
                   ) -> dict[str, Any]:
    if only is not None and table.id not in only:
        return {"reader": None, "compared": 0, "agreed": 0, "disagreements": [], "skipped": NOT_COMPARED}
    flavor = "lattice" if table.ruling == Ruling.GRID else "stream"
    if table.rotated:
        return {"reader": None, "compared": 0, "agreed": 0, "disagreements": [],
                "skipped": "the table is on a rotated page"}
    compared = agreed = 0
    disagreements: list[dict[str, Any]] = []
    for page, box in sorted(table.bbox.items()):
        height = table.page_heights.get(page)
        if height is None:
            continue
        try:
            theirs = _camelot_cells(*where.get(page, (path, page)), box, height, flavor)
        except Exception as exc:  # camelot failing is information, not a reason to stop
            disagreements.append({"page": page, "error": f"camelot could not read the area: {exc}"})
            continue
        n, k = _compare_page(table, page, theirs, disagreements)
        compared += n
        agreed += k
    return {"reader": f"camelot {flavor}" + (" (vector)" if flavor == "lattice" else ""),
            "compared": compared, "agreed": agreed, "disagreements": disagreements}


def _compare_page(table: Table, page: int, theirs: list[_CamelotCell], disagreements: list[dict[str, Any]]
                  ) -> tuple[int, int]:
    """Our figures on `page` against camelot's cells: how many were compared and agreed; each
    disagreement, and each figure camelot sees in the value area where we read none, appended."""
    ours = [(row, col, cell) for row in table.rows for col, cell in row.cells.items()
            if cell.page == page and cell.value is not None]
    compared = agreed = 0
    used = set()
    for row, col, cell in ours:
        xc, yc = (cell.bbox[0] + cell.bbox[2]) / 2, (cell.bbox[1] + cell.bbox[3]) / 2
        hit = next((i for i, (a, t, b, btm, _) in enumerate(theirs) if a <= xc <= b and t <= yc <= btm), None)
        compared += 1
        lines = [ln.strip() for ln in theirs[hit][4].split("\n")] if hit is not None else []
        if hit is not None:
            used.add(hit)
        if cell.raw in lines or any((p := parse_cell(ln)) is not None and p.value == cell.value for ln in lines):
            agreed += 1
        else:
            disagreements.append({"page": page, "row": row.index, "label": row.label, "column": col,
                                  "ours": cell.raw, "camelot": theirs[hit][4] if hit is not None else None})
    # figures camelot sees inside the value area where we read none
    if ours:
        left = min(c.bbox[0] for _, _, c in ours) - 4
        tops = [(r.bbox[1], r.bbox[3]) for r in table.rows if r.page == page]
        for i, (a, t, b, btm, text) in enumerate(theirs):
            if i in used or (a + b) / 2 < left:
                continue
            yc = (t + btm) / 2
            if not any(top - 1 <= yc <= bottom + 1 for top, bottom in tops):
                continue
            for line in text.split("\n"):
                if parse_cell(line.strip()) is not None:
                    disagreements.append({"page": page, "row": None, "label": None, "column": None,
                                          "ours": None, "camelot": line.strip(),
                                          "box": [round(a, 1), round(t, 1), round(b, 1), round(btm, 1)]})
    return compared, agreed


# ---------------------------------------------------------------- what a finding rests on
NOT_COMPARED = "no finding rests on this table"  # `crosscheck["skipped"]` of a table camelot was not asked about


def _figures(check: Check) -> set[tuple[str, int | None, str]]:
    """(table, row, column) of every printed figure a check rests on: the stated total and its
    terms (along the row for a row total or a difference, down the column otherwise)."""
    out = {(check.table, check.row, check.column)}
    if check.kind in (Kind.ROW_TOTAL, Kind.DIFFERENCE):
        out |= {(check.table, check.row, a.label) for a in check.addends}
    else:
        terms_table = check.detail.get("other_table") or check.table
        out |= {(terms_table, a.row, check.column) for a in check.addends}
    return out


def tables_behind_findings(checks: list[Check]) -> set[str]:
    """The tables whose figures a finding rests on: the only ones the second reader must read
    (it never changes a value; it can only hold a finding back)."""
    out: set[str] = set()
    for check in checks:
        if check.table and not check.agrees:
            out |= {table for table, _, _ in _figures(check)}
    return out


def _doubts(table: Table) -> dict[tuple[int, str | None], dict]:
    """(row, column) -> what camelot read there, for each figure the readers read differently
    (column None: camelot sees a figure in the row where we read none)."""
    out: dict[tuple[int, str | None], dict] = {}
    for d in table.crosscheck.get("disagreements", []):
        if d.get("row") is not None:
            out[(d["row"], d["column"])] = d
        elif d.get("box"):
            middle = (d["box"][1] + d["box"][3]) / 2
            for row in table.rows:
                if row.page == d.get("page") and row.bbox[1] - 1 <= middle <= row.bbox[3] + 1:
                    out.setdefault((row.index, None), d)
    return out


def withhold(checks: list[Check], tables: list[Table]) -> tuple[list[Check], list[Note]]:
    """A disagreeing check that rests on a figure the two readers read differently is not a
    finding until that figure is settled: it leaves the checks, and a note says which figure
    is in doubt (what we read, what camelot read)."""
    doubts = {t.id: _doubts(t) for t in tables if t.crosscheck.get("disagreements")}
    kept: list[Check] = []
    notes: list[Note] = []
    for check in checks:
        doubt = None
        if not check.agrees:
            for table, row, column in sorted(_figures(check), key=str):
                if row is None:
                    continue
                found = doubts.get(table, {})
                doubt = found.get((row, column)) or found.get((row, None))
                if doubt is not None:
                    break
        if doubt is None:
            kept.append(check)
            continue
        note = Note(NoteCode.READERS_DISAGREE, {"label": doubt.get("label") or check.label,
                                                "column": doubt.get("column") or check.column,
                                                "ours": doubt.get("ours") or "", "theirs": doubt.get("camelot") or ""},
                    check.table, check.page)
        if note not in notes:
            notes.append(note)
    return kept, notes
