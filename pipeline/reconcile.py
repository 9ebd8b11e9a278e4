"""Stage 6: recompute every total and keep only the disagreements rounding cannot explain.

Each printed figure stands for an interval of ± half its last printed digit (`-5.090` in a
`1.000 kr.` table is −5090 ± 0,5; `2,5` in `mio. kr.` is 2,5 ± 0,05).  A total agrees
when its interval meets the interval of the sum of its terms (the rule of XBRL
Calculations 1.1): |stated − Σ terms| ≤ h(stated) + Σ h(term).  Blank cells are 0 and
carry no uncertainty.
"""
from __future__ import annotations

from decimal import Decimal

from .model import Addend, Cell, Finding, Table, TotalCheck
from .numbers import format_danish
from .structure import Structure

TEXTS = {
    "da": {
        "sentence": "{target} {column} er opgjort til {stated}, men {terms} giver {recomputed}.",
        "row": "{target} i alt er opgjort til {stated}, men {terms} giver {recomputed}.",
        "cross": "{target} {column} i {table} er {stated}, men {terms} i {other} giver {recomputed}.",
        "more": "{n} rækker mere",
        "blank": "tom",
        "unexplained": "{label}: tabellens opbygning forklarer ikke, hvad totalen summerer ({why}).",
    },
    "en": {
        "sentence": "{target} {column} is stated as {stated}, but {terms} gives {recomputed}.",
        "row": "{target} in total is stated as {stated}, but {terms} gives {recomputed}.",
        "cross": "{target} {column} in {table} is {stated}, but {terms} in {other} gives {recomputed}.",
        "more": "{n} more rows",
        "blank": "blank",
        "unexplained": "{label}: the table's layout does not explain what this total adds up ({why}).",
    },
}


def half_unit(cell: Cell | None) -> Decimal:
    if cell is None or cell.value is None:
        return Decimal(0)
    return Decimal(5).scaleb(-(cell.decimals + 1))


def fmt(value: Decimal | None, decimals: int = 0) -> str:
    return format_danish(value, decimals) if value is not None else ""


def _describe(addends: list[Addend], lang: str, limit: int = 8) -> str:
    parts = [f"{a.label} ({fmt(a.value, _decimals(a))})" for a in addends[:limit]]
    if len(addends) > limit:
        parts.append(TEXTS[lang]["more"].format(n=len(addends) - limit))
    return " + ".join(parts) if parts else "0"


def _decimals(a: Addend) -> int:
    return max(0, -int(a.half_unit.as_tuple().exponent) - 1) if a.half_unit else 0


def reconcile(document: str, tables: list[Table], structure: Structure, lang: str = "da"
              ) -> tuple[list[Finding], list[TotalCheck]]:
    by_id = {t.id: t for t in tables}
    findings: list[Finding] = []
    checks: list[TotalCheck] = []
    for rel in structure.relations:
        table = by_id[rel.table]
        target = table.rows[rel.row]
        for column in rel.columns:
            cell = target.cells.get(column)
            addends: list[Addend] = []
            if rel.kind == "row-total":
                for col in rel.across:
                    c = target.cells.get(col)
                    if c is not None and c.value is not None:
                        addends.append(Addend(rel.row, col, c.value, half_unit(c)))
            else:
                other = by_id[rel.terms_table or rel.table]
                for i in rel.terms:
                    c = other.rows[i].cells.get(column)
                    blank = c is None or c.value is None
                    # a blank cell is 0 and carries no rounding; it is still named in the message
                    addends.append(Addend(i, other.rows[i].label, Decimal(0) if blank else c.value, half_unit(c)))
            printed = [a for a in addends if a.half_unit or a.value]
            if cell is None or cell.value is None:
                if not printed:
                    continue
                stated, h_stated = Decimal(0), Decimal(0)  # a blank total where its rows have figures
            else:
                stated, h_stated = cell.value, half_unit(cell)
            recomputed = sum((a.value for a in addends), Decimal(0))
            tolerance = h_stated + sum((a.half_unit for a in addends), Decimal(0))
            agrees = abs(stated - recomputed) <= tolerance
            checks.append(TotalCheck(rel.kind, rel.table, rel.row, column, stated, recomputed, tolerance, agrees))
            if agrees:
                continue
            decimals = cell.decimals if cell else 0
            texts = TEXTS[lang]
            if rel.kind == "row-total":
                message = texts["row"].format(target=target.label, stated=fmt(stated, decimals),
                                              terms=" + ".join(f"{a.label} ({fmt(a.value, _decimals(a))})" for a in addends),
                                              recomputed=fmt(recomputed, decimals))
            elif rel.kind == "cross-table":
                message = texts["cross"].format(target=target.label, column=column, table=table.id,
                                                stated=fmt(stated, decimals), terms=_describe(addends, lang),
                                                other=rel.terms_table, recomputed=fmt(recomputed, decimals))
            else:
                message = texts["sentence"].format(target=target.label, column=column, stated=fmt(stated, decimals),
                                                   terms=_describe(addends, lang), recomputed=fmt(recomputed, decimals))
            findings.append(Finding(
                document=document, proposal=table.proposal, table=table.id,
                page=cell.page if cell else target.page, label=target.label, column=column,
                stated=stated, recomputed=recomputed, kind=rel.kind, message=message,
                row=rel.row, addends=addends, bbox=cell.bbox if cell else target.bbox,
            ))
    return findings, checks


def unexplained_notes(tables: list[Table], structure: Structure, lang: str = "da") -> list[str]:
    by_id = {t.id: t for t in tables}
    return [TEXTS[lang]["unexplained"].format(label=f"{tid} '{by_id[tid].rows[row].label}'", why=why)
            for tid, row, why in structure.unexplained]
