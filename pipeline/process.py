"""One document through every stage: read → locate → rows → values → structure → reconcile.

Returns a `DocumentResult` (plain data, facts only: no sentences, no language).  A
document that cannot be read comes back with status `error` and its contract code;
nothing here writes files.
"""
from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path

from pipeline.checks import crosscheck, narrative, reconcile, structure
from pipeline.errors import InputError
from pipeline.model import DocumentContent, DocumentResult, Note, NoteCode, Status, Table, status_of
from pipeline.read.chars import DEFAULT_READER
from pipeline.read.gate import sha256_of
from pipeline.read.reader import read_document
from pipeline.tables import finder as locate
from pipeline.tables import rows, values
from pipeline.tables.proposals import assign_proposals, find_proposals
from pipeline.tables.settings import DEFAULT, ReaderSettings


def with_structure(table: Table, found: structure.Structure) -> Table:
    """The table with the roles and labels the structure stage found for its rows (new rows;
    the table given is not changed)."""
    rows = [replace(row, role=found.roles.get((table.id, row.index), row.role),
                    label=found.labels.get((table.id, row.index), row.label)) for row in table.rows]
    return replace(table, rows=rows)


def chosen_pages(doc: DocumentContent, pages: frozenset[int] | None) -> tuple[DocumentContent, list[Note]]:
    """The document with only the pages asked for (all of them when `pages` is None), and the
    note that says so when some were left out."""
    if pages is None or all(p.number in pages for p in doc.pages):
        return doc, []
    kept = [p for p in doc.pages if p.number in pages]
    note = Note(NoteCode.PAGES_CHOSEN, {"pages": [p.number for p in kept]})
    return replace(doc, pages=kept), [note]


def process_document(path: Path, name: str, second_reader: bool = True, reader: str = DEFAULT_READER, *,
                     settings: ReaderSettings = DEFAULT, pages: frozenset[int] | None = None) -> DocumentResult:
    """Every stage for the file `path` (named `name`), with the reader `settings`, reading only
    `pages` (numbered from 1; None: every page) when asked."""
    started = time.perf_counter()
    digest = sha256_of(path)
    try:
        whole = read_document(path, name, reader=reader)
    except InputError as exc:
        return DocumentResult(name, digest, None, Status.ERROR, exc.code, exc.message,
                              seconds=time.perf_counter() - started)
    doc, chosen = chosen_pages(whole, pages)
    regions = locate.find_tables(doc, settings)
    proposals = find_proposals(doc, regions, settings)
    assign_proposals(regions, proposals)
    tables: list[Table] = []
    per_proposal: dict[int, int] = {}
    for region in regions:
        per_proposal[region.proposal] = per_proposal.get(region.proposal, 0) + 1
        table_id = f"p{region.proposal + 1}-t{per_proposal[region.proposal]}"
        tables.append(values.type_table(rows.build_rows(region, settings), table_id, settings))
    found = structure.infer(tables, settings)
    tables = [with_structure(table, found) for table in tables]
    checks, notes = reconcile.reconcile(name, tables, found)
    notes = chosen + notes
    if second_reader:  # only where it can change what we say: the figures behind a finding
        tables = crosscheck.crosscheck(path, tables, only=crosscheck.tables_behind_findings(checks))
        checks, held = crosscheck.withhold(checks, tables)
        notes += held
    checks += narrative.check(name, doc, tables, proposals)
    return DocumentResult(name, digest, len(whole.pages), status_of(checks), proposals=proposals, tables=tables,
                          checks=checks, notes=notes, seconds=time.perf_counter() - started)
