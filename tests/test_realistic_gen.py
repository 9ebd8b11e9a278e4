"""Tests of the realistic generator itself (`tools/pdfgen/realistic.py`), not of the reader.

The truth it writes must be right on its own terms and must be what the PDF shows:

* the schema is exactly that of `../shared/real/*.real.json`;
* every item's printed text parses (with a parser written here, not the generator's) to
  the value recorded, the stated text to the stated figure, the items add up to
  `sum_of_items`, and `agrees` is what the rounding rule of the real truth files gives;
* `findings` are exactly the totals that disagree, and every planted error makes its
  total disagree;
* pdfplumber finds every stated figure on the recorded page, with its row's label, and
  every item figure on that page or the pages before it;
* the same seed gives the same bytes, with both producers.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pdfplumber
import pytest

from pdfgen.plants import PLANTS
from pdfgen.realistic import PRODUCERS, RECIPES, error_plan, generate, make_document, write
from pdfgen.sheet import judge

TOP_KEYS = {"file", "source", "language", "unit_note", "expect_error", "totals", "findings", "notes"}
TOTAL_KEYS = {"page", "table", "label", "column", "stated_text", "stated", "items", "sum_of_items", "agrees", "kind",
              "exact", "note"}
FINDING_KEYS = {"page", "table", "label", "column", "kind", "stated", "recomputed", "note"}
KINDS = {"column-total", "subtotal", "grand-total", "row-total", "difference"}
SEED = 7


def parse(text: str, point: bool = False) -> tuple[Decimal, int]:
    """A printed figure as the real truth files read it: (value, decimals printed); `point`:
    the document prints a decimal point (its notes say so), thousands by spaces."""
    t = text.strip()
    t = re.sub(r"(\s\d\)|\*)$", "", t)
    t = re.sub(r"\s*(mio\. kr\.|kr\.|%)$", "", t)
    if t in ("-", "\u2013"):
        return Decimal(0), 0
    negative = False
    if t.startswith("(") and t.endswith(")"):
        negative, t = True, t[1:-1]
    if t[0] in "-\u2212\u2013":
        negative, t = True, t[1:].lstrip()
    if point:
        t = re.sub(r"[ \u00a0\u2009\u202f]", "", t).replace(".", ",")
    t = re.sub(r"[ \u00a0\u2009\u202f.]", "", t)
    assert re.fullmatch(r"\d+(,\d+)?", t), f"not a figure: {text!r}"
    decimals = len(t.split(",")[1]) if "," in t else 0
    value = Decimal(t.replace(",", "."))
    return (-value if negative else value), decimals


def dec(x) -> Decimal:
    return Decimal(str(x))


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ").replace("\u2009", " ").replace("\u202f", " "))


@pytest.fixture(scope="module")
def docset(tmp_path_factory) -> Path:
    """Every recipe, each with both producers, errors planted more often than in a real set."""
    folder = tmp_path_factory.mktemp("realistic")
    plans = [error_plan(SEED + k, len(RECIPES), 0.5) for k in range(len(PRODUCERS))]
    for index, recipe in enumerate(RECIPES):
        for k, producer in enumerate(PRODUCERS):
            gen, _ = make_document(SEED + k, index, producer=producer, prefer=plans[k].get(index))
            write(gen, producer, folder, f"{recipe}-{producer}",
                  {"generator": "test", "seed": SEED + k, "index": index})
    return folder


@pytest.fixture(scope="module")
def truths(docset) -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(docset.glob("*.real.json"))]


def test_schema_is_that_of_the_real_truth(truths):
    assert len(truths) == 2 * len(RECIPES)
    for t in truths:
        assert set(t) == TOP_KEYS, t["file"]
        assert t["language"] in ("da", "sv", "no") and t["expect_error"] is None
        assert t["totals"], f"{t['file']}: no totals"
        for x in t["totals"]:
            assert set(x) == TOTAL_KEYS, (t["file"], x)
            assert x["kind"] in KINDS and isinstance(x["page"], int) and x["page"] >= 1
            assert all(len(item) == 3 for item in x["items"]) and x["items"]
        for f in t["findings"]:
            assert set(f) == FINDING_KEYS, (t["file"], f)


def test_every_total_is_self_consistent_under_the_rounding_rule(truths):
    rounding_only = 0
    for t in truths:
        for x in t["totals"]:
            where = f"{t['file']} p{x['page']} {x['label']!r} {x['column']!r}"
            point = "decimal point" in t["notes"]
            stated, decimals = parse(x["stated_text"], point)
            assert stated == dec(x["stated"]), where
            total = Decimal(0)
            for label, text, value in x["items"]:
                v, _ = parse(text, point)
                expected = -v if label.startswith("minus ") else v
                assert expected == dec(value), f"{where}: item {label!r} {text!r} recorded as {value}"
                total += expected
            assert total == dec(x["sum_of_items"]), where
            if x["exact"]:
                assert decimals == 0
                agrees = stated == total
            else:
                tolerance = Decimal("0.5") * Decimal(1).scaleb(-decimals) * (len(x["items"]) + 1)
                agrees = abs(stated - total) <= tolerance
                rounding_only += agrees and stated != total
            assert x["agrees"] == agrees, where
    assert rounding_only > 0, "no total differs from its items by rounding alone"


def test_the_rounding_rule_at_its_edge():
    """½ unit of the last digit x (items + 1): 0,4 + 0,4 + 0,4 may be printed 1,4 but not 1,5; counts are exact."""
    items = [("a", "0,4", Decimal("0.4"))] * 3
    assert judge(Decimal("1.4"), items, 1, exact=False) == (Decimal("1.2"), True)
    assert judge(Decimal("1.5"), items, 1, exact=False) == (Decimal("1.2"), False)
    assert judge(Decimal("3"), [("a", "1", Decimal(1)), ("b", "1", Decimal(1))], 0, exact=False)[1] is True
    assert judge(Decimal("3"), [("a", "1", Decimal(1)), ("b", "1", Decimal(1))], 0, exact=True)[1] is False


def test_findings_are_exactly_the_disagreeing_totals(truths):
    planted = 0
    for t in truths:
        wrong = [(x["page"], x["label"], x["column"], dec(x["stated"]), dec(x["sum_of_items"]))
                 for x in t["totals"] if not x["agrees"]]
        found = [(f["page"], f["label"], f["column"], dec(f["stated"]), dec(f["recomputed"])) for f in t["findings"]]
        assert sorted(wrong) == sorted(found), t["file"]
        planted += sum(f["note"].startswith("planted:") for f in t["findings"])
        if not t["findings"]:
            assert "No planted errors" in t["notes"]
    assert planted > 0
    notes = " ".join(t["notes"] for t in truths)
    for kind in ("a grand total not updated", "a wrong subtotal", "a wrong difference cell", "a count off by one"):
        assert f"{kind}:" in notes, f"no {kind} planted in the set"


@pytest.mark.parametrize("kind", sorted(PLANTS))
def test_each_planted_error_makes_its_total_disagree(kind, tmp_path):
    recipe = {"stale-total": "proposal", "wrong-subtotal": "followup", "wrong-difference": "sv-investments",
              "count-off-by-one": "headcount"}[kind]
    gen, producer = make_document(SEED, 0, recipe=recipe, plant=kind, producer="fpdf2")
    data = write(gen, producer, tmp_path, "planted", {"generator": "test", "seed": SEED, "index": 0})
    own = [f for f in data["findings"] if f["note"].startswith("planted:")]
    assert len(own) == 1, data["findings"]
    target = [x for x in data["totals"] if x["note"] == own[0]["note"]]
    assert len(target) == 1 and target[0]["agrees"] is False
    if kind == "count-off-by-one":
        assert target[0]["exact"] and abs(target[0]["stated"] - target[0]["sum_of_items"]) == 1


def _pages(pdf_path: Path) -> list[str]:
    with pdfplumber.open(pdf_path) as pdf:
        return [squash(page.extract_text() or "") for page in pdf.pages]


def test_the_pdf_shows_every_total_and_item_on_its_page(docset, truths):
    for t in truths:
        pages = _pages(docset / t["file"])
        assert len(pages) == t["source"]["pages"]
        for x in t["totals"]:
            where = f"{t['file']} p{x['page']} {x['label']!r} {x['column']!r}"
            page = pages[x["page"] - 1]
            assert squash(x["stated_text"]) in page, where
            first_word = x["label"].split()[0]
            nearby = " ".join(pages[max(0, x["page"] - 2): x["page"]])
            assert first_word in nearby, f"{where}: label not on the page"
            # items come before their total, over up to three pages; sub-rows follow their parent
            around = " ".join(pages[max(0, x["page"] - 4): x["page"] + 1])
            for _, text, _ in x["items"]:
                assert squash(text) in around, f"{where}: item {text!r} not printed"


def test_both_producers_draw_the_same_document(docset):
    """The two PDFs of a recipe differ in bytes but show the same words."""
    gen_a, _ = make_document(SEED, 0, recipe="sv-bokslut", producer="reportlab")
    gen_b, _ = make_document(SEED, 0, recipe="sv-bokslut", producer="fpdf2")
    a = write(gen_a, "reportlab", docset, "same-a", {"generator": "test", "seed": SEED, "index": 0})
    b = write(gen_b, "fpdf2", docset, "same-b", {"generator": "test", "seed": SEED, "index": 0})
    assert a["totals"] == b["totals"]
    assert (docset / "same-a.pdf").read_bytes() != (docset / "same-b.pdf").read_bytes()
    assert _pages(docset / "same-a.pdf") == _pages(docset / "same-b.pdf")


def test_booklet_has_cover_contents_and_restarting_table_numbers(tmp_path):
    data = generate(tmp_path, seed=3, count=1, booklet_mode=True, proposals=5)[0]
    pages = _pages(tmp_path / data["file"])
    assert data["source"]["pages"] == len(pages) >= 10
    with pdfplumber.open(tmp_path / data["file"]) as pdf:
        cover_sizes = {round(c["size"]) for c in pdf.pages[0].chars}
    assert max(cover_sizes) >= 24 and not re.search(r"Side \d", pages[0])
    contents = re.findall(r"(Forslag (\d+): .+?) \.+ (\d+)", pages[1])
    assert len(contents) == 5
    for _, number, page in contents:  # each entry points at the page where that proposal starts
        assert f"Forslag {number}:" in pages[int(page) - 1]
    assert sum(p.count("Tabel 1.") for p in pages) == 5
    starts = [i for i, p in enumerate(pages) if re.search(r"Forslag \d+: ", p)]
    assert any(not re.match(r"\S+ Kommune · Budget \d+-\d+ Forslag til budgetændringer Forslag \d+", pages[i])
               for i in starts[1:]), "no proposal starts mid-page"
    for x in data["totals"]:
        assert squash(x["stated_text"]) in pages[x["page"] - 1]


def test_same_seed_same_bytes_through_the_command(tmp_path):
    outs = []
    for run in ("a", "b"):
        out = tmp_path / run
        result = subprocess.run([sys.executable, "-m", "pdfgen.realistic", str(out), "--seed", "11", "--count", "2"],
                                capture_output=True, text=True, timeout=120,
                                env={"PYTHONPATH": str(Path(__file__).resolve().parent.parent / "tools"),
                                     "PATH": "/usr/bin:/bin"})
        assert result.returncode == 0, result.stderr
        assert "2 documents" in result.stdout
        outs.append({p.name: p.read_bytes() for p in sorted(out.iterdir())})
    assert outs[0] == outs[1]
    assert sorted(outs[0]) == ["gen-s11-000.pdf", "gen-s11-000.real.json", "gen-s11-001.pdf", "gen-s11-001.real.json"]


def test_the_recipes_cover_the_layouts_of_issue_9(truths):
    notes = " ".join(t["notes"] for t in truths)
    for feature in ["years descending", "years ascending", "years with words", "word headers",
                    "two-level header", "single amount column", "no header at all",
                    "a table across pages, header repeated",
                    "a table across pages, header not repeated", "two tables side by side", "two-column page",
                    "text cells", "lists of names with years", "space-like thousands", "unit in the cell",
                    "footnote marks", "percentage", "counts", "indented italic sub-rows", "'- heraf' rows",
                    "unlabelled subtotal", "minus items", "difference column", "row total", "totals with no total word",
                    "Swedish total words", "Norwegian total words", "cover page and table of contents"]:
        assert feature in notes, feature
    assert {t["language"] for t in truths} == {"da", "sv", "no"}
