"""The time a document may take grows with its pages (`--timeout-per-page`): a worker that
has counted its pages (`isolation.allow_pages`) is given `timeout + per_page × pages`, told
to the caller through shared memory; its own alarm and CPU limit move with it."""
from __future__ import annotations

import resource
import select
import signal

from pipeline.isolation import MAX_GRANTED_PAGES, Limits, Worker, allow_pages
from pipeline.read.gate import MAX_PAGES


def _counted(pages: int | None):
    if pages is not None:
        allow_pages(pages)
    return resource.getrlimit(resource.RLIMIT_CPU)[0], signal.getitimer(signal.ITIMER_REAL)[0]


def _finish(worker: Worker):
    while True:
        ready, _, _ = select.select([worker.fd], [], [], 5.0)
        if ready and worker.read_some():
            worker.reap()
            return worker.answer()


def test_a_worker_is_given_time_for_each_page_it_counted():
    limits = Limits(timeout=10, per_page=2)
    worker = Worker(_counted, (30,), limits)
    kind, (cpu, alarm) = _finish(worker)
    assert kind == "ok"
    assert worker.pages == 30 and worker.allowed == 10 + 2 * 30  # what the caller stops it at
    assert cpu == 10 + 2 * 30 + 2  # the worker's own CPU limit moved with the grant
    assert alarm > 10 + 2  # and its alarm: beyond the base limit


def test_without_pages_or_time_per_page_the_base_limit_holds():
    worker = Worker(_counted, (None,), Limits(timeout=10, per_page=2))
    kind, (cpu, alarm) = _finish(worker)
    assert kind == "ok" and worker.pages == 0 and worker.allowed == 10 and cpu == 12 and alarm <= 12
    worker = Worker(_counted, (500,), Limits(timeout=10, per_page=0))
    kind, (cpu, _) = _finish(worker)
    assert kind == "ok" and worker.pages == 0 and worker.allowed == 10 and cpu == 12


def test_the_grant_stops_at_the_readers_page_limit():
    assert MAX_GRANTED_PAGES == MAX_PAGES
    limits = Limits(timeout=10, per_page=1)
    assert limits.seconds(50_000) == 10 + MAX_PAGES
    worker = Worker(_counted, (50_000,), limits)
    kind, (cpu, _) = _finish(worker)
    assert kind == "ok" and worker.pages == MAX_PAGES and cpu == 10 + MAX_PAGES + 2


def test_outside_a_worker_counting_pages_changes_nothing():
    before = resource.getrlimit(resource.RLIMIT_CPU), signal.getitimer(signal.ITIMER_REAL)
    allow_pages(1000)
    assert (resource.getrlimit(resource.RLIMIT_CPU), signal.getitimer(signal.ITIMER_REAL)) == before


def test_the_reader_tells_its_worker_the_pages(tmp_path):
    from conftest import build
    from pdfgen.samples import FAMILIEHUSE
    from pipeline.read.reader import read_document

    build(FAMILIEHUSE, tmp_path / "two.pdf")  # two pages
    worker = Worker(lambda: len(read_document(tmp_path / "two.pdf").pages), (), Limits(timeout=100, per_page=3))
    assert _finish(worker) == ("ok", 2)
    assert worker.pages == 2 and worker.allowed == 100 + 3 * 2
