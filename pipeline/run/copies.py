"""Copies in a batch: a document with the same bytes as another is one document.

The first of them (in name order) is read and reported (the others are not even read: the
run hashes every file first, `originals`); each later one keeps its row in
documents.csv, with the first one's status, and is a note that names the first
(`NoteCode.COPY_OF`): its tables, checks and findings are the first one's, listed once — so a
copy never shows up as new findings beside its original (in the nightly e-mail too).  An
unreadable file is not folded (every empty file has the same bytes): each keeps its own error.
Plain data in, plain data out.
"""
from __future__ import annotations

from dataclasses import replace

from pipeline.model import DocumentResult, Note, NoteCode, Status


def copy_of(result: DocumentResult, original: DocumentResult) -> DocumentResult:
    """`result`, a file with the same bytes as `original`, as a copy of it."""
    return DocumentResult(document=result.document, sha256=result.sha256, pages=result.pages,
                          status=original.status, seconds=result.seconds,
                          notes=[Note(str(NoteCode.COPY_OF), {"document": original.document})])


def originals(digests: dict[str, str | None]) -> dict[str, str]:
    """For each document (in the order given) whose bytes hash like an earlier one's: that
    earlier document.  A document without a digest (not hashed) is nobody's copy."""
    first: dict[str, str] = {}
    out = {}
    for name, digest in digests.items():
        if digest:
            original = first.setdefault(digest, name)
            if original != name:
                out[name] = original
    return out


def stand_in(original: DocumentResult, document: str) -> DocumentResult:
    """The result of `document`, a copy not read: its original's, under its own name (folded by
    `fold_copies`; an unreadable original's error is the copy's too)."""
    return replace(original, document=document)


def fold_copies(results: list[DocumentResult]) -> list[DocumentResult]:
    """`results` (in name order) with every later file of the same bytes as an earlier one a copy of it."""
    first: dict[str, DocumentResult] = {}
    out = []
    for result in results:
        if result.status == Status.ERROR or not result.sha256:
            out.append(result)
            continue
        original = first.setdefault(result.sha256, result)
        out.append(result if original is result else copy_of(result, original))
    return out
