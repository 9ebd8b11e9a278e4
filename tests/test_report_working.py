"""The reports' working of a wrong sum: each figure as printed (decimals kept), the terms
added under "Lagt sammen" and those subtracted under "Trukket fra"."""
from __future__ import annotations

from decimal import Decimal

from openpyxl import load_workbook
from test_structure import row, table

from pipeline.model import Addend, Check, DocumentResult, Kind, Role, Status
from pipeline.report import html as report_html
from pipeline.report.xlsx import write_xlsx
from pipeline.text.messages import worked_sum


def _wrong() -> Check:
    terms = [Addend(0, "Total projektbudget", Decimal("4.823"), Decimal("0.0005"), decimals=3),
             Addend(1, "Driftsbesparelse", Decimal("1.5"), Decimal("0.05"), decimals=1, sign=-1)]
    return Check(Kind.DIFFERENCE, "a.pdf", 0, "p1-t1", 1, 2, "Netto", "2027", Decimal("4"), Decimal("3.323"),
                 Decimal("0.55"), "mio. kr.", terms, decimals=0)


def test_the_working_shows_each_figure_as_printed_and_names_a_subtraction():
    assert worked_sum(_wrong().addends) == (["Total projektbudget: 4,823"], ["Driftsbesparelse: 1,5"])
    result = DocumentResult("a.pdf", "0" * 64, 1, Status.FLAGGED, checks=[_wrong()])
    page = report_html.document_page(result, report_html.Path("/nonexistent.pdf"), "da", pictures=False)
    assert "Total projektbudget: 4,823" in page and "Total projektbudget: 5<" not in page
    assert "Trukket fra:</div><ul><li>Driftsbesparelse: 1,5</li>" in page
    assert "Lagt sammen:</div><ul><li>Total projektbudget: 4,823</li></ul>" in page
    english = report_html.document_page(result, report_html.Path("/nonexistent.pdf"), "en", pictures=False)
    assert "Rows subtracted:" in english


def test_the_workbook_comment_shows_the_same_working(tmp_path):
    t = table(row(0, "Total projektbudget", 5, 5), row(1, "Driftsbesparelse", 2, 2),
              row(2, "Netto", 4, 3, role=Role.TOTAL))
    result = DocumentResult("a.pdf", "0" * 64, 1, Status.FLAGGED, tables=[t], checks=[_wrong()])
    path = write_xlsx(tmp_path, [result], "da")
    book = load_workbook(path)
    comments = [c.comment.text for ws in book.worksheets for row in ws.iter_rows() for c in row if c.comment]
    assert any("Lagt sammen: Total projektbudget: 4,823" in c and "Trukket fra: Driftsbesparelse: 1,5" in c
               for c in comments), comments


def test_the_workbook_holds_no_trace_of_the_clock(tmp_path):
    """The same results give the same bytes: no date of writing in the workbook (its properties
    and every zip entry carry one fixed time)."""
    import zipfile

    from pipeline.report.xlsx import STEADY_TIME

    result = DocumentResult("a.pdf", "0" * 64, 1, Status.FLAGGED, checks=[_wrong()])
    path = write_xlsx(tmp_path, [result], "da")
    with zipfile.ZipFile(path) as z:
        assert {i.date_time for i in z.infolist()} == {(2000, 1, 1, 0, 0, 0)}
        core = z.read("docProps/core.xml").decode()
    assert core.count(STEADY_TIME) == 2, core
    assert load_workbook(path).properties.modified.year == 2000
