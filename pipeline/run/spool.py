"""Results kept on disk, not in memory: the main process of a run over thousands of documents
holds each result only while it is used.

`ResultSpool` takes each document's result as it arrives (`add`: pickled to an anonymous
temporary file, deleted by the system when the run ends, however it ends) and keeps in
memory only where each one is.  `in_order(names)` is a read-only sequence of the results in
the order given, each loaded from the file when it is asked for: what the run hands to the
writers (`report/`), which go through the documents one at a time.  A pickle never outlives
the run that wrote it, so no later code ever has to read it.
"""
from __future__ import annotations

import os
import pickle
import tempfile
from collections.abc import Iterator, Sequence
from typing import overload

from pipeline.model import DocumentResult


class ResultSpool:
    """Each document's result, written to disk as it arrives; `in_order` reads them back."""

    def __init__(self) -> None:
        self.file = tempfile.TemporaryFile(prefix="pipeline-results-", buffering=0)  # noqa: SIM115 (lives as long as the spool)
        self.end = 0  # where the next result goes
        self.where: dict[str, tuple[int, int]] = {}  # document -> (offset, length)
        self.kept: dict[str, DocumentResult] = {}  # results the file could not take (its disk full)

    def add(self, result: DocumentResult) -> None:
        """Write `result` to the file; when the file cannot take it (a full temporary disk, a
        file-size limit), keep it in memory instead: the spool saves memory, it is no reason
        for a run to fail (the run's own output folder reports a full disk when written)."""
        data = memoryview(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
        offset, written = self.end, 0
        try:
            while written < len(data):  # positioned writes: no shared file offset (workers are forked)
                written += os.pwrite(self.file.fileno(), data[written:], offset + written)
        except OSError:
            self.kept[result.document] = result
            self.where.pop(result.document, None)
            return
        self.end += len(data)
        self.where[result.document] = (offset, len(data))
        self.kept.pop(result.document, None)

    def __contains__(self, document: object) -> bool:
        return document in self.where or document in self.kept

    def load(self, document: str) -> DocumentResult:
        if document in self.kept:
            return self.kept[document]
        offset, length = self.where[document]
        data = bytearray()
        while len(data) < length:
            chunk = os.pread(self.file.fileno(), length - len(data), offset + len(data))
            if not chunk:
                raise EOFError(f"the spooled result of {document} is cut short")
            data += chunk
        return pickle.loads(data)

    def in_order(self, documents: Sequence[str]) -> SpooledResults:
        return SpooledResults(self, list(documents))


class SpooledResults(Sequence[DocumentResult]):
    """The results of `documents`, in that order, each read from the spool when asked for."""

    def __init__(self, spool: ResultSpool, documents: list[str]):
        self.spool, self.documents = spool, documents

    def __len__(self) -> int:
        return len(self.documents)

    @overload
    def __getitem__(self, index: int) -> DocumentResult: ...

    @overload
    def __getitem__(self, index: slice) -> SpooledResults: ...

    def __getitem__(self, index):
        if isinstance(index, slice):
            return SpooledResults(self.spool, self.documents[index])
        return self.spool.load(self.documents[index])

    def __iter__(self) -> Iterator[DocumentResult]:
        for document in self.documents:
            yield self.spool.load(document)

    def by_document(self) -> SpooledResults:
        """The same results sorted by document name (as the writers order them), none loaded."""
        return SpooledResults(self.spool, sorted(self.documents))

    def __repr__(self) -> str:
        return f"<SpooledResults {len(self)} documents>"
