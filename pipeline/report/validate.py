"""Stage 7: validate what was extracted, with Great Expectations (GX Core 1.x).

Run once per batch over the contract files as written (what users will read), plus one
derived frame: every total row's figures and whether they were recomputed.  The context is
ephemeral (nothing is written to a `gx/` folder) and analytics are off, so it runs offline.
The result goes to `validation.json`, and `validation.html` renders it as a page that needs
nothing from the web.

GX takes seconds to import, so it is imported here and only here.
"""
from __future__ import annotations

import html
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.model import ErrorCode, Kind, Review, Role, Status
from pipeline.report.files import CELL_FIELDS, CHECK_FIELDS, DOCUMENT_FIELDS, FINDING_FIELDS, write_atomic
from pipeline.tables.numbers import UNIT_NAMES
from pipeline.text.messages import VALIDATION_HEAD, VALIDATION_PAGE, VALIDATION_UNEXPECTED, validation_rule

UNITS = sorted(UNIT_NAMES) + [""]
ROLES = [str(r) for r in Role]
KINDS = [str(k) for k in Kind]
STATUSES = [str(s) for s in Status]
ERROR_CODES = [str(e) for e in ErrorCode]
REVIEWS = [""] + [str(r) for r in Review]  # empty: no review
NUMBER = r"^-?\d+(\.\d+)?$"
COORD = r"^-?\d+\.\d{2}$"
INTEGER = r"^\d+$"
MAX_DKK = 10 ** 11  # 100 billion kroner: more than any Danish municipality's whole budget ...
PLAUSIBLE_SPREAD = 1000  # ... or, in a larger document (a bank's annual report), this many times its typical figure
WARNING = "warning"  # an expectation whose failure is worth a look, not a contradiction (never exit 5)


@dataclass
class Outcome:
    """The validation of one frame: each expectation met or not, in words a person reads."""

    suite: str
    rows: int
    results: list[dict] = field(default_factory=list)  # {expectation, column, success, observed, examples}

    @property
    def success(self) -> bool:
        """No contradiction: every expectation met, except those that only warn."""
        return all(r["success"] or r.get("severity") == WARNING for r in self.results)

    @property
    def warnings(self) -> int:
        return sum(1 for r in self.results if not r["success"] and r.get("severity") == WARNING)


def copy_rows(hashes: list[str], statuses: list[str]) -> list[bool]:
    """Which rows of documents.csv are copies: the same sha256 and status as a row above them
    (a copy's checks and findings are its original's rows)."""
    first: dict[str, str] = {}
    out = []
    for digest, status in zip(hashes, statuses, strict=True):
        out.append(bool(digest) and first.get(digest) == status and status != "error")
        first.setdefault(digest, status)
    return out

def _frames(out: Path):
    import pandas as pd

    def read(name: str):
        return pd.read_csv(out / name, dtype=str, keep_default_na=False)

    documents, cells, findings = read("documents.csv"), read("cells.csv"), read("findings.csv")
    checks = read("checks.csv") if (out / "checks.csv").exists() else pd.DataFrame({c: [] for c in CHECK_FIELDS})
    if {"status", "checks", "findings"} <= set(documents.columns):
        n_checks = pd.to_numeric(documents["checks"], errors="coerce").fillna(0)
        n_findings = pd.to_numeric(documents["findings"], errors="coerce").fillna(0)
        copies = copy_rows(list(documents.get("sha256", [""] * len(documents))), list(documents["status"]))
        documents["status_consistent"] = [
            (s == "ok" and c > 0 and f == 0) or (s == "flagged" and f > 0) or (s == "unchecked" and f == 0)
            or (s == "reviewed" and f > 0) or (s == "error" and c == 0 and f == 0) or (copy and c == 0 and f == 0)
            for s, c, f, copy in zip(documents["status"], n_checks, n_findings, copies, strict=True)]
    key = ["document", "table", "page", "label", "column", "stated"]
    if set(key) <= set(checks.columns) and set(key) <= set(findings.columns):
        found = set(map(tuple, findings[key].itertuples(index=False, name=None)))
        keys = checks[key].itertuples(index=False, name=None)
        # strict=False: without an `agrees` column nothing is paired (as before)
        checks["false_has_finding"] = [a != "false" or tuple(k) in found
                                       for a, k in zip(checks.get("agrees", []), keys, strict=False)]
    if "column" in cells:
        cells["year"] = pd.to_numeric(cells["column"].where(cells["column"].str.fullmatch(r"\d{4}")), errors="coerce")
    if "value_dkk" in cells:
        cells["value_dkk_implausible"] = _implausible(cells)
    if {"stated", "recomputed", "difference"} <= set(findings.columns):
        num = lambda c: pd.to_numeric(findings[c], errors="coerce")  # noqa: E731
        findings["difference_adds_up"] = ((num("stated") - num("recomputed") - num("difference")).abs() < 1e-6)
    totals = _totals(out, cells)
    return {"documents": documents, "cells": cells, "checks": checks, "findings": findings, "totals": totals}


def _implausible(cells):
    """Each amount in kroner that is implausible for its document, named (`plan.pdf p1-t2
    'I alt' 2020: 491.400 mio. kr.`), None for the others: plausible is at most `MAX_DKK`, or
    at most `PLAUSIBLE_SPREAD` times the document's median amount (a bank's balance sheet is
    larger than a municipality's budget; a figure read with the wrong unit stands out of its
    own document).  A blank is plausible."""
    import pandas as pd

    size = pd.to_numeric(cells["value_dkk"].replace("", None), errors="coerce").abs()
    typical = size.where(size > 0).groupby(cells["document"]).transform("median").fillna(0)
    bound = (typical * PLAUSIBLE_SPREAD).clip(lower=MAX_DKK)
    named = (cells["document"] + " " + cells["table"] + " '" + cells["label"] + "' " + cells["column"] + ": "
             + cells["raw"] + " " + cells["unit"]).str.strip()
    return named.where(size > bound, None).tolist()


def _totals(out: Path, cells):
    """Every figure in a total row, and whether the pipeline recomputed it or said why not."""
    import pandas as pd

    checked: set[tuple] = set()
    explained: set[tuple] = set()
    for path in (out / "docs").rglob("result.json") if (out / "docs").exists() else []:
        data = json.loads(path.read_text(encoding="utf-8"))
        for c in data.get("checks", []):
            checked.add((data["document"], c["table"], str(c["row"]), c["column"]))
        for n in data.get("notes", []) + [n for t in data.get("tables", []) for n in t.get("notes", [])]:
            if n.get("table") and n.get("params", {}).get("label") is not None:
                explained.add((data["document"], n["table"], n["params"]["label"]))
    if not {"role", "document", "table", "row", "column"} <= set(cells.columns):
        return pd.DataFrame({"document": [], "unaccounted": []})
    total = cells[cells["role"] == Role.TOTAL][["document", "table", "row", "label", "column"]].copy()
    total["unaccounted"] = [None if (d, t, r, c) in checked or (d, t, lb) in explained else f"{d} {t} '{lb}' {c}"
                            for d, t, r, lb, c in zip(total["document"], total["table"], total["row"], total["label"],
                                                      total["column"], strict=True)]
    return total


def _suites(gx):
    E = gx.expectations

    def totals() -> list:
        """A recomputed total, checked or found wrong: its kind and its two figures (new objects for
        each suite: an expectation belongs to one suite)."""
        return [E.ExpectColumnValuesToBeInSet(column="kind", value_set=KINDS),
                E.ExpectColumnValuesToMatchRegex(column="stated", regex=NUMBER),
                E.ExpectColumnValuesToMatchRegex(column="recomputed", regex=NUMBER)]

    return {
        "documents": [
            E.ExpectTableColumnsToMatchOrderedList(column_list=DOCUMENT_FIELDS + ["status_consistent"]),
            E.ExpectColumnValuesToBeInSet(column="status", value_set=STATUSES),
            E.ExpectColumnValuesToBeInSet(column="error", value_set=ERROR_CODES + [""]),
            E.ExpectColumnValuesToMatchRegex(column="checks", regex=INTEGER),
            E.ExpectColumnValuesToBeInSet(column="status_consistent", value_set=[True]),
            E.ExpectColumnValuesToMatchRegex(column="sha256", regex=r"^([0-9a-f]{64})?$"),
            E.ExpectColumnValuesToMatchRegex(column="pages", regex=r"^(\d+)?$"),
            E.ExpectColumnValuesToMatchRegex(column="tables", regex=INTEGER),
            E.ExpectColumnValuesToMatchRegex(column="findings", regex=INTEGER),
            E.ExpectColumnValuesToBeUnique(column="document"),
        ],
        "cells": [
            E.ExpectTableColumnsToMatchSet(column_set=CELL_FIELDS + ["year", "value_dkk_implausible"],
                                           exact_match=True),
            E.ExpectColumnValuesToMatchRegex(column="proposal", regex=INTEGER),
            E.ExpectColumnValuesToMatchRegex(column="page", regex=r"^[1-9]\d*$"),
            E.ExpectColumnValuesToMatchRegex(column="row", regex=INTEGER),
            E.ExpectColumnValuesToMatchRegex(column="table", regex=r"^p\d+-t\d+$"),
            E.ExpectColumnValuesToMatchRegex(column="value", regex=NUMBER),
            E.ExpectColumnValuesToMatchRegex(column="value_dkk", regex=r"^(-?\d+(\.\d+)?)?$"),
            E.ExpectColumnValuesToBeInSet(column="unit", value_set=UNITS),
            E.ExpectColumnValuesToBeInSet(column="role", value_set=ROLES),
            E.ExpectColumnValuesToNotBeNull(column="raw"),
            E.ExpectColumnValuesToMatchRegex(column="x0", regex=COORD),
            E.ExpectColumnValuesToMatchRegex(column="top", regex=COORD),
            E.ExpectColumnValuesToMatchRegex(column="x1", regex=COORD),
            E.ExpectColumnValuesToMatchRegex(column="bottom", regex=COORD),
            E.ExpectColumnValuesToBeBetween(column="year", min_value=1990, max_value=2100),
            E.ExpectColumnValuesToBeNull(column="value_dkk_implausible", severity=WARNING),
            E.ExpectCompoundColumnsToBeUnique(column_list=["document", "table", "row", "column"]),
        ],
        "checks": [
            E.ExpectTableColumnsToMatchSet(column_set=CHECK_FIELDS + ["false_has_finding"], exact_match=True),
            *totals(),
            E.ExpectColumnValuesToMatchRegex(column="tolerance", regex=NUMBER),
            E.ExpectColumnValuesToMatchRegex(column="terms", regex=INTEGER),
            E.ExpectColumnValuesToBeInSet(column="agrees", value_set=["true", "false"]),
            E.ExpectColumnValuesToBeInSet(column="false_has_finding", value_set=[True]),
        ],
        "findings": [
            E.ExpectTableColumnsToMatchSet(column_set=FINDING_FIELDS + ["difference_adds_up"], exact_match=True),
            *totals(),
            E.ExpectColumnValuesToMatchRegex(column="difference", regex=NUMBER),
            E.ExpectColumnValuesToBeInSet(column="difference_adds_up", value_set=[True]),
            E.ExpectColumnValuesToMatchRegex(column="message", regex=r"\S"),
            E.ExpectColumnValuesToBeInSet(column="review", value_set=REVIEWS),
        ],
        "totals": [
            E.ExpectColumnValuesToBeNull(column="unaccounted"),
        ],
    }


def _describe(result) -> dict:
    cfg = result.expectation_config
    kwargs = dict(cfg.kwargs)
    kwargs.pop("batch_id", None)
    res = result.result or {}
    examples = res.get("partial_unexpected_list") or []
    if isinstance(examples, list):
        examples = [str(e) for e in examples[:5]]
    observed = res.get("observed_value")
    if observed is None and "unexpected_count" in res:
        observed = VALIDATION_UNEXPECTED.format(bad=res.get("unexpected_count"), total=res.get("element_count"))
    error = None
    info = result.exception_info or {}
    if info.get("raised_exception"):
        error = (info.get("exception_message") or "").splitlines()[0][:300]
    return {"expectation": cfg.type, "column": kwargs.get("column") or kwargs.get("column_list") or "",
            "severity": str(getattr(getattr(cfg, "severity", None), "value", None) or getattr(cfg, "severity", "")
                            or "critical"),
            "kwargs": {k: v for k, v in kwargs.items() if k != "column"}, "success": bool(result.success),
            "observed": observed if isinstance(observed, (int, float, str, list, type(None))) else str(observed),
            "examples": examples, "error": error}


def validate(out: Path, lang: str = "da", into: Path | None = None) -> list[Outcome]:
    """Validate the contract files in `out`; write validation.json and validation.html there
    (or into `into`)."""
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    import logging
    import warnings

    logging.getLogger("great_expectations").setLevel(logging.ERROR)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import great_expectations as gx
        from great_expectations.data_context.types.base import ProgressBarsConfig

        context = gx.get_context(mode="ephemeral")
        context.variables.progress_bars = ProgressBarsConfig(globally=False)
        source = context.data_sources.add_pandas("pipeline")
        frames = _frames(out)
        outcomes = []
        for name, expectations in _suites(gx).items():
            frame = frames[name]
            asset = source.add_dataframe_asset(name=name)
            batch = asset.add_batch_definition_whole_dataframe(name).get_batch(batch_parameters={"dataframe": frame})
            suite = context.suites.add(gx.ExpectationSuite(name=name, expectations=expectations))
            result = batch.validate(suite)
            outcomes.append(Outcome(name, len(frame), [_describe(r) for r in result.results]))
    summary = {
        "success": all(o.success for o in outcomes),
        "warnings": sum(o.warnings for o in outcomes),
        "suites": [{"suite": o.suite, "rows": o.rows, "success": o.success, "results": o.results} for o in outcomes],
    }
    into = into or out
    text = json.dumps(summary, ensure_ascii=False, indent=1, default=str) + "\n"
    write_atomic(into / "validation.json", text.encode())
    write_atomic(into / "validation.html", render_html(outcomes, lang).encode("utf-8"))
    return outcomes


def load_outcomes(path: Path) -> list[Outcome]:
    """The outcomes a validation wrote to `path` (validation.json), read back (no Great Expectations needed)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return [Outcome(s["suite"], s["rows"], s["results"]) for s in data["suites"]]


def render_html(outcomes: list[Outcome], lang: str = "da") -> str:
    e = html.escape
    t = VALIDATION_PAGE[lang]
    met = sum(r["success"] for o in outcomes for r in o.results)
    total = sum(len(o.results) for o in outcomes)
    parts = [f"""<!doctype html><html lang="{lang}"><head><meta charset="utf-8">
<title>{e(t['title'])}</title><style>
body{{font-family:system-ui,sans-serif;margin:2em;color:#222}} table{{border-collapse:collapse;margin-bottom:2em}}
td,th{{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top;font-size:14px}}
.ok{{color:#1a7f37}} .bad{{color:#b42318;font-weight:600}} .warn{{color:#9a6700;font-weight:600}}
code{{font-size:12px}}</style></head><body>
<h1>{e(t['title'])}</h1><p>{e(t['met'].format(met=met, total=total))}</p>"""]
    for o in outcomes:
        head = "".join(f"<th>{e(h)}</th>" for h in VALIDATION_HEAD[lang])
        parts.append(f"<h2>{e(o.suite)} ({o.rows} {e(t['rows'])}) — <span class=\"{'ok' if o.success else 'bad'}\">"
                     f"{e(t['passed'] if o.success else t['failed'])}</span></h2><table><tr><th></th>{head}</tr>")
        for r in o.results:
            mark = '<span class="ok">✓</span>' if r["success"] else \
                '<span class="warn">⚠</span>' if r.get("severity") == WARNING else '<span class="bad">✗</span>'
            arguments = json.dumps(r["kwargs"], default=str, ensure_ascii=False)
            rule = "" if r["success"] else f"<strong>{e(validation_rule(o.suite, r, lang))}</strong><br>"
            observed = r["error"] or r["observed"] if r["observed"] is not None else ""
            parts.append(f"<tr><td>{mark}</td><td>{rule}<code>{e(r['expectation'])}</code><br><code>{e(arguments)}</code></td>"
                         f"<td>{e(str(r['column']))}</td><td>{e(str(observed))}</td>"
                         f"<td>{e(', '.join(r['examples']))}</td></tr>")
        parts.append("</table>")
    parts.append("</body></html>\n")
    return "".join(parts)
