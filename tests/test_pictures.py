"""Report pictures are bounded: one per table, a fixed number per document, bounded
resolution; a document with a great many findings is summarised; the e-mail stays small."""
from __future__ import annotations

import base64
import dataclasses
import email
import io
import mmap
import os
import re
from email import policy

import pytest
from PIL import Image

from conftest import CORPUS, build, run_cli, simple_doc
from pdfgen.synth import SynthRow as R
from pipeline.process import process_document
from pipeline.report import html as report_html
from pipeline.report import pictures

EMAIL_LIMIT = 200_000  # bytes, the nightly e-mail for the shared corpus
PICTURE_LIMIT = 60_000  # bytes, one table's picture


def _images(page: str) -> list[bytes]:
    return [base64.b64decode(m) for m in re.findall(r'src="data:image/png;base64,([^"]+)"', page)]


def _wrong_doc(tables: int):
    rows = [R("Besparelse", [-500, -1000, -1000]), R("Drift", [200, 400, 400]),
            R("Samlet varig ændring", [-300, -700, -600], role="total")]
    doc = simple_doc(rows=rows)
    table = doc.blocks[1]
    blocks = ["Forslaget handler om et nyt team."]
    for i in range(tables):
        blocks += [f"Afsnit {i + 1}.", dataclasses.replace(table, title=f"Tabel {i + 1}. Økonomiske konsekvenser")]
    return dataclasses.replace(doc, blocks=blocks)


def test_one_picture_per_table_at_most_a_few_per_document(tmp_path):
    pdf = tmp_path / "many.pdf"
    build(_wrong_doc(pictures.MAX_PICTURES + 3), pdf)
    result = process_document(pdf, "many.pdf", second_reader=False)
    wrong_tables = {f.table for f in result.findings if f.kind != "narrative"}
    assert len(wrong_tables) == pictures.MAX_PICTURES + 3
    page = report_html.document_page(result, pdf, "da")
    images = _images(page)
    assert len(images) == pictures.MAX_PICTURES
    for png in images:
        picture = Image.open(io.BytesIO(png))
        assert picture.width <= pictures.PICTURE_MAX_WIDTH and len(png) < PICTURE_LIMIT
        assert picture.mode == "P"  # a palette
        colours = {c for _, c in picture.convert("RGB").getcolors(1 << 16)}
        assert pictures.WRONG in colours  # the wrong figure is ringed
    assert "Udsnit vises for de første 6 tabeller med fejl." in page


def test_a_misreading_with_many_findings_is_summarised(tmp_path):
    pdf = tmp_path / "one.pdf"
    build(_wrong_doc(1), pdf)
    result = process_document(pdf, "one.pdf", second_reader=False)
    (finding,) = [f for f in result.findings if f.kind != "narrative"]
    many = [dataclasses.replace(finding, column=f"{2000 + i}") for i in range(pictures.MANY_FINDINGS + 1)]
    result = dataclasses.replace(result, checks=many)
    page = report_html.document_page(result, pdf, "en")
    assert _images(page) == []
    assert f"{pictures.MANY_FINDINGS + 1} findings in the tables — too many to show one by one" in page
    assert page.count('class="finding"') == 0  # not one block per finding
    assert pictures.table_pictures(result, pdf) == {}


@pytest.mark.corpus
@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not beside the checkout")
def test_the_nightly_email_for_the_corpus_is_small(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIPELINE_SMTP")}
    env.update(PIPELINE_MAIL_TO="budget@example.org", PIPELINE_MAIL_FROM="kontrol@example.org")
    proc = run_cli("nightly", CORPUS, "--out", tmp_path / "out", "--outbox", tmp_path / "out" / "outbox", env=env)
    (eml,) = (tmp_path / "out" / "outbox").glob("*.eml")
    assert eml.stat().st_size < EMAIL_LIMIT, (eml.stat().st_size, proc.stdout)
    msg = email.message_from_bytes(eml.read_bytes(), policy=policy.default)
    images = [p for p in msg.walk() if p.get_content_type() == "image/png"]
    assert len(images) == 1  # the corpus's two wrong totals are in one table


def test_pictures_do_not_depend_on_how_much_memory_the_parent_holds(tmp_path):
    """The picture worker is forked from the run; its memory limit counts what it allocates.
    Here the parent holds 3 GB of address space (reserved, never touched), more than the
    worker's whole default limit: the picture is still drawn."""
    from pipeline.isolation import Limits

    pdf = tmp_path / "in" / "one.pdf"
    build(_wrong_doc(1), pdf)
    result = process_document(pdf, "one.pdf", second_reader=False)
    reserve = mmap.mmap(-1, 3 << 30)  # anonymous: address space, no memory
    try:
        report_html.write_html(tmp_path / "out", tmp_path / "in", [result], limits=Limits(memory_mb=2048))
    finally:
        reserve.close()
    page = (tmp_path / "out" / "report" / report_html.slug("one.pdf")).read_text(encoding="utf-8")
    assert len(_images(page)) == 1


def test_a_picture_that_cannot_be_drawn_is_said_on_the_page_in_the_summary_and_in_the_email(tmp_path):
    """A real failure: the picture worker is given no time at all (its deadline has passed when
    it starts, so it is stopped: `timeout`; a tiny memory limit is no sure failure, as a forked
    worker may draw within the heap it inherits).  The page is written without its picture and
    says so and why; the run's summary names the document; the e-mail says it too."""

    from pipeline.isolation import Limits
    from pipeline.notify.changes import changes, items_of
    from pipeline.notify.config import MailConfig
    from pipeline.notify.message import compose
    from pipeline.notify.nightly import draw_pictures
    from pipeline.run.runner import RunOptions, RunResult
    from pipeline.text.messages import summary_line

    pdf = tmp_path / "in" / "one.pdf"
    build(_wrong_doc(1), pdf)
    result = process_document(pdf, "one.pdf", second_reader=False)
    tiny = Limits(timeout=1e-9)
    missing = report_html.write_html(tmp_path / "out", tmp_path / "in", [result], limits=tiny)
    assert missing == {"one.pdf": "timeout"}
    page = (tmp_path / "out" / "report" / report_html.slug("one.pdf")).read_text(encoding="utf-8")
    assert _images(page) == [] and "Udsnittet af siden kunne ikke tegnes:" in page
    # with room to draw, the same page has its picture and says nothing of the kind
    assert report_html.write_html(tmp_path / "out2", tmp_path / "in", [result], limits=Limits()) == {}
    page = (tmp_path / "out2" / "report" / report_html.slug("one.pdf")).read_text(encoding="utf-8")
    assert len(_images(page)) == 1 and "kunne ikke tegnes" not in page

    run = RunResult(tmp_path / "in", tmp_path / "out", tmp_path / "out", [result], RunOptions(),
                    paths={"one.pdf": pdf}, pictures_missing=missing)
    line = summary_line(run.summary, "out/", "da")
    assert "Udsnit af siderne mangler for 1 dokument (one.pdf)" in line
    assert "Pictures of the pages are missing for 1 document (one.pdf)" in summary_line(run.summary, "out/", "en")

    found = changes(items_of([result]), {}, [result], "da")
    crops, why = draw_pictures(run, found, tiny)
    assert crops == {} and why.startswith("Udsnittene af siderne kunne ikke tegnes:")
    assert draw_pictures(run, found, Limits())[1] == ""
    cfg = MailConfig(to=["a@example.org"], sender="b@example.org")
    msg = compose(cfg, found, tmp_path / "out", tmp_path / "in", "da", crops, remarks=[why])
    assert why in msg.get_body(("plain",)).get_content()


def test_the_email_states_a_failed_validation(tmp_path):
    from pipeline.notify.config import MailConfig
    from pipeline.notify.message import compose
    from pipeline.notify.nightly import validation_remarks
    from pipeline.report.validate import Outcome
    from pipeline.run.runner import RunOptions, RunResult

    broken = {"expectation": "expect_compound_columns_to_be_unique", "column": ["document", "table", "row", "column"],
              "severity": "critical", "success": False, "observed": "2 of 80 values unexpected",
              "examples": [], "error": None, "kwargs": {}}
    warned = {"expectation": "expect_column_values_to_be_null", "column": "value_dkk_implausible",
              "severity": "warning", "success": False, "observed": "1 of 80 values unexpected",
              "examples": ["a.pdf p1-t1 'I alt' 2027: 5.000.000 mio. kr."], "error": None, "kwargs": {}}
    run = RunResult(tmp_path, tmp_path, tmp_path, [], RunOptions(), outcomes=[Outcome("cells", 80, [broken])])
    remarks = validation_remarks(run, "da")
    assert remarks[0].startswith("Valideringen af de udtrukne data er FEJLET")
    assert "samme celle er læst to gange (2 af 80)" in remarks[1]
    cfg = MailConfig(to=["a@example.org"], sender="b@example.org")
    body = compose(cfg, [], tmp_path, tmp_path, "da", {}, remarks=remarks).get_body(("plain",)).get_content()
    assert remarks[0] in body and "samme celle er læst to gange" in body
    # a warning alone is no failure: nothing to state
    assert validation_remarks(RunResult(tmp_path, tmp_path, tmp_path, [], RunOptions(),
                                        outcomes=[Outcome("cells", 80, [warned])]), "en") == []
