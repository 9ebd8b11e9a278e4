"""Results kept on disk as they come (`pipeline.run.spool`): read back equal, in the order
asked for, without loading any to sort them; kept in memory when the disk cannot take them."""
from __future__ import annotations

import resource
import select
import signal

from pipeline.isolation import Limits, Worker
from pipeline.model import DocumentResult, ErrorCode, Status
from pipeline.run.spool import ResultSpool


def _result(name: str, status: Status = Status.OK, pages: int = 1, message: str = "") -> DocumentResult:
    error = ErrorCode.CORRUPT if status == Status.ERROR else ""
    return DocumentResult(name, "0" * 64, pages, status, error, message)


def test_results_come_back_equal_in_the_order_asked_for():
    spool = ResultSpool()
    given = [_result("b.pdf", pages=2), _result("a.pdf", Status.ERROR, message="æøå " * 100), _result("c.pdf")]
    for result in given:
        spool.add(result)
    assert spool.kept == {}  # all on disk
    ordered = spool.in_order(["c.pdf", "a.pdf", "b.pdf"])
    assert len(ordered) == 3 and list(ordered) == [given[2], given[1], given[0]]
    assert ordered[1] == given[1] and list(ordered[1:]) == [given[1], given[0]]
    assert [r.document for r in ordered.by_document()] == ["a.pdf", "b.pdf", "c.pdf"]
    spool.add(_result("a.pdf", pages=7))  # read again: the newer result counts
    assert ordered[1].pages == 7 and "a.pdf" in spool and "d.pdf" not in spool


def _full_disk():
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write beyond the limit fails with EFBIG
    resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))  # a temporary disk that fills up
    spool = ResultSpool()
    small, large = _result("small.pdf"), _result("large.pdf", Status.ERROR, message="x" * 10_000)
    spool.add(small)
    spool.add(large)
    return sorted(spool.kept), list(spool.in_order(["large.pdf", "small.pdf"])) == [large, small]


def test_a_result_the_disk_cannot_take_is_kept_in_memory():
    worker = Worker(_full_disk, (), Limits(timeout=60))  # a process of its own: the limit stays there
    while True:
        ready, _, _ = select.select([worker.fd], [], [], 5.0)
        if ready and worker.read_some():
            worker.reap()
            break
    assert worker.answer() == ("ok", (["large.pdf"], True))
