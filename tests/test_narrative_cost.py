"""Checking the running text costs time in proportion to the document's length."""
from __future__ import annotations

import dataclasses
import time

from pdfgen.samples import FORLOEB
from pdfgen.synth import SynthDoc, SynthTable, build_pdf
from pipeline.checks import narrative
from pipeline.read.reader import read_document
from pipeline.tables import finder as locate
from pipeline.tables import rows, values
from pipeline.tables.proposals import assign_proposals, find_proposals


def long_proposal(copies: int) -> SynthDoc:
    """One proposal with `copies` times the Forløbsprogram's text and table; every heading is
    its own (`Projektledelse nr. 7: …`) and the tables are numbered on (`Tabel 7.`), as in a
    long real document (a numbering that starts again at `Tabel 1.` opens a new proposal)."""
    blocks = []
    for i in range(copies):
        for block in FORLOEB.blocks:
            if isinstance(block, str):
                block = block.replace("Projektledelse:", f"Projektledelse nr. {i}:").replace(
                    "Kort resumé:", f"Kort resumé {i}:")
            elif isinstance(block, SynthTable) and block.title.startswith("Tabel 1."):
                block = dataclasses.replace(block, title=block.title.replace("Tabel 1.", f"Tabel {i + 1}.", 1))
            blocks.append(block)
    return SynthDoc(title="Et langt forslag", blocks=blocks)


def narrative_seconds(path) -> tuple[float, int, int]:
    doc = read_document(path, path.name)
    regions = locate.find_tables(doc)
    proposals = find_proposals(doc, regions)
    assign_proposals(regions, proposals)
    tables = [values.type_table(rows.build_rows(r), f"p1-t{i + 1}") for i, r in enumerate(regions)]
    best = float("inf")
    for _ in range(3):
        started = time.process_time()
        checks = narrative.check(path.name, doc, tables, proposals)
        best = min(best, time.process_time() - started)
    return best, len(doc.pages), len(checks)


def test_narrative_checking_is_linear_in_the_length(tmp_path):
    short, long = tmp_path / "short.pdf", tmp_path / "long.pdf"
    build_pdf(long_proposal(8), short)
    build_pdf(long_proposal(32), long)
    t_short, pages_short, checks_short = narrative_seconds(short)
    t_long, pages_long, checks_long = narrative_seconds(long)
    assert pages_long >= 3.5 * pages_short
    assert checks_long == checks_short > 0  # the same statements found (the copies repeat them)
    # four times the pages: about four times the time (quadratic would be sixteen)
    assert t_long < 8 * max(t_short, 0.002), (t_short, t_long)
