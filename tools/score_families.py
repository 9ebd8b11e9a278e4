#!/usr/bin/env python3
"""Measure the reader on the ten layout families of issue 17 (`tools/pdfgen/families.py`).

usage: .venv/bin/python tools/score_families.py [--count N] [--seed S] [--family F ...] [--work DIR] [--json]

Generates N documents per family (seeded; every other one with a planted error; with
`--calc` also N of each of five families printed through LibreOffice Calc), runs
`pipeline run` over them with the project's own interpreter, and prints one line per
family:

  cells      figures of the truth's `cells` that cells.csv holds (same label and column,
             on the page or the next, the same value): the rule of ../shared/tools/score.py
  totals     printed totals the run recomputed (a checks.csv row on the page or the next,
             the same label and stated figure) and, of those, judged as the truth judges
             them: the rule of ../shared/tools/score_real.py
  errors     planted errors found (findings.csv, same label and stated figure, page or next)
  false      findings that match no planted error; `on not-sums`: how many of them sit on a
             figure the truth declares no sum (Samlet anlægssum, a carried figure, a period
             total, …)

With `--detail`, every miss, wrong verdict and false finding follows its family's line.
Standard library only (the pipeline runs as a subprocess).
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

FOOTNOTE = re.compile(r"[\*\u00b9\u00b2\u00b3\u2070-\u2079]+|\s\d\)$")


def norm_label(text) -> str:
    text = unicodedata.normalize("NFKC", str(text or "")).replace("\u00ad", "")
    text = FOOTNOTE.sub("", text)
    text = re.sub(r"(\w)-\s+(\w)", r"\1\2", text)
    return re.sub(r"\s+", " ", text).strip().casefold().rstrip(" :.")


def norm_col(text) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", str(text or ""))).strip().casefold()


def same_label(a, b) -> bool:
    a, b = norm_label(a), norm_label(b)
    return bool(a) and bool(b) and (a == b or a in b or b in a)


def num(text):
    try:
        return float(text)
    except (TypeError, ValueError):
        return None


def close(a, b) -> bool:
    return a is not None and b is not None and abs(a - b) <= 1e-6 * max(1.0, abs(b))


def near_page(want, got) -> bool:
    g = num(got)
    return g is not None and want <= g <= want + 1


def read_csv(path: Path) -> list[dict]:
    if not path.exists():
        return []
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def by_doc(rows: list[dict]) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for r in rows:
        out.setdefault(Path(r["document"]).name, []).append(r)
    return out


def score_document(truth: dict, cells: list[dict], checks: list[dict], found: list[dict]) -> dict:
    """The figures of one document, and the lines that explain its misses."""
    s = {
        "cells": 0,
        "cells_ok": 0,
        "totals": 0,
        "covered": 0,
        "right": 0,
        "planted": 0,
        "found": 0,
        "reported": 0,
        "false": 0,
        "false_on_not_sums": 0,
        "detail": [],
    }
    name = truth["file"]
    index: dict[tuple[str, str], list[dict]] = {}
    for c in cells:
        index.setdefault((norm_label(c.get("label")), norm_col(c.get("column"))), []).append(c)
    for want in truth.get("cells", []):
        s["cells"] += 1
        near = [
            c
            for c in index.get((norm_label(want["label"]), norm_col(want["column"])), [])
            if num(c.get("page")) is None or near_page(want["page"], c.get("page"))
        ]
        if any(close(num(c.get("value")), float(want["value"])) for c in near):
            s["cells_ok"] += 1
        else:
            got = sorted({c.get("value") for c in near}) or "nothing"
            s["detail"].append(
                f"cell {name} p{want['page']} [{want['label']}] {want['column']} = {want['text']}: got {got}"
            )
    for x in truth.get("totals", []):
        s["totals"] += 1
        cands = [
            c
            for c in checks
            if near_page(x["page"], c.get("page"))
            and close(num(c.get("stated")), float(x["stated"]))
            and same_label(c.get("label"), x["label"])
        ]
        if not cands:
            s["detail"].append(
                f"not checked {name} p{x['page']} [{x['label']}] {x['column']} = {x['stated_text']} ({x['kind']})"
            )
            continue
        s["covered"] += 1
        cands = [c for c in cands if (c.get("kind") == "difference") == (x["kind"] == "difference")] or cands
        cands = [c for c in cands if norm_label(c.get("column")) == norm_label(x["column"])] or cands
        verdicts = {str(c.get("agrees", "")).strip().lower() in ("true", "1", "yes") for c in cands}
        if verdicts == {bool(x["agrees"])}:
            s["right"] += 1
        else:
            s["detail"].append(
                f"wrong verdict {name} p{x['page']} [{x['label']}] {x['column']}: truth "
                f"{'agrees' if x['agrees'] else 'disagrees'}, run {sorted(verdicts)}"
            )
    got = [g for g in found if g.get("kind") != "narrative"]
    used: set[int] = set()
    for f in truth.get("findings", []):
        s["planted"] += 1
        for i, g in enumerate(got):
            if (
                i not in used
                and near_page(f["page"], g.get("page"))
                and close(num(g.get("stated")), float(f["stated"]))
                and same_label(g.get("label"), f["label"])
            ):
                used.add(i)
                s["found"] += 1
                break
        else:
            s["detail"].append(
                f"missed {name} p{f['page']} [{f['label']}] {f['column']}: stated {f['stated']}, "
                f"items give {f['recomputed']} ({f['note']})"
            )
    for i, g in enumerate(got):
        s["reported"] += 1
        if i in used:
            continue
        s["false"] += 1
        on = [
            n
            for n in truth.get("not_sums", [])
            if near_page(n["page"], g.get("page"))
            and close(num(g.get("stated")), float(n["stated"]))
            and same_label(g.get("label"), n["label"])
        ]
        s["false_on_not_sums"] += bool(on)
        s["detail"].append(
            f"false {name} p{g.get('page')} [{g.get('label')}] {g.get('column')}: stated {g.get('stated')} "
            f"recomputed {g.get('recomputed')} ({g.get('kind')}, {g.get('terms', '?')} terms)"
            + (f" — on a not-sum: {on[0]['why']}" if on else "")
        )
    return s


def score_run(truths: list[dict], out: Path) -> dict[str, dict]:
    cells, checks, found = (by_doc(read_csv(out / f)) for f in ("cells.csv", "checks.csv", "findings.csv"))
    families: dict[str, dict] = {}
    for t in truths:
        family = t["source"]["family"] + (" (calc)" if t["source"]["producer"] == "calc" else "")
        s = score_document(t, cells.get(t["file"], []), checks.get(t["file"], []), found.get(t["file"], []))
        acc = families.setdefault(family, {"documents": 0, "detail": []})
        acc["documents"] += 1
        for k, v in s.items():
            if k == "detail":
                acc["detail"] += v
            else:
                acc[k] = acc.get(k, 0) + v
    return families


def pct(a: int, b: int) -> str:
    return f"{100 * a / b:5.1f} %" if b else "    – "


def table(families: dict[str, dict]) -> str:
    lines = [
        f"{'family':<22} {'docs':>4}  {'cells read':>18}  {'totals checked':>16}  {'verdicts':>9}  "
        f"{'errors found':>12}  {'false findings':>22}"
    ]
    total: dict[str, int] = {}
    for s in families.values():
        for k, v in s.items():
            if k != "detail":
                total[k] = total.get(k, 0) + v
    for family, s in list(families.items()) + [("all", total)]:
        cells = f"{s['cells_ok']:>5}/{s['cells']:<5} {pct(s['cells_ok'], s['cells'])}"
        totals = f"{s['covered']:>5}/{s['totals']:<5} {pct(s['covered'], s['totals']):>6}"
        false = f"{s['false']:>4} of {s['reported']:<4} ({s['false_on_not_sums']} on not-sums)"
        lines.append(f"{family:<22} {s['documents']:>4}  {cells}  {totals}  {s['right']:>4}/{s['covered']:<4}  "
                     f"{s['found']:>5}/{s['planted']:<6}  {false}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    from pdfgen import families as F

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=4, help="documents per family (default 4)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--family", action="append", choices=list(F.FAMILIES))
    parser.add_argument(
        "--work", type=Path, default=Path("/tmp/score_families"), help="where the documents and the run go"
    )
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--calc", action="store_true", help="also five families printed through LibreOffice Calc")
    parser.add_argument("--detail", action="store_true", help="list every miss, wrong verdict and false finding")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    docs, out = args.work / "docs", args.work / "out"
    if docs.exists():
        for p in docs.iterdir():
            p.unlink()
    from pdfgen import calc

    if args.calc and not calc.available():
        print("--calc: soffice is not on PATH", file=sys.stderr)
        return 2
    truths = F.generate(docs, args.seed, args.count, args.family, args.calc)
    pipeline = Path(sys.executable).with_name("pipeline")
    cmd = [
        str(pipeline) if pipeline.exists() else sys.executable,
        *([] if pipeline.exists() else ["-m", "pipeline"]),
        "run",
        str(docs),
        "--out",
        str(out),
        "-q",
        "--no-reports",
        "--no-validate",
        "--jobs",
        str(args.jobs),
    ]
    run = subprocess.run(cmd, capture_output=True, text=True)
    if run.returncode not in (0, 1):
        print(run.stdout + run.stderr, file=sys.stderr)
        print(f"pipeline run exited {run.returncode}", file=sys.stderr)
        return 2
    families = score_run(truths, out)
    if args.json:
        print(json.dumps(families, ensure_ascii=False, indent=1))
        return 0
    print(table(families))
    if args.detail:
        for family, s in families.items():
            print(f"\n== {family}")
            for line in s["detail"]:
                print("  " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
