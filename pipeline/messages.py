"""The one place where facts become sentences, in Danish or English.

The analysis stages return facts: checks (`model.Check`: what was stated, what its terms
give, which terms) and notes (`model.Note`: a code and its parameters).  Every sentence a
person reads — in findings.csv, report.html, report.xlsx and the nightly e-mail — is
written here, in the language of the run that writes it, so a result computed once can
be reported in either language.
"""
from __future__ import annotations

from decimal import Decimal

from .model import Addend, Check, ErrorCode, Kind, Note, NoteCode, Role, Status
from .numbers import format_danish

LANGUAGES = ("da", "en")

WORDS: dict[str, dict[str, str]] = {
    "da": {
        # statuses
        Status.OK: "i orden", Status.FLAGGED: "fejl fundet", Status.UNCHECKED: "ikke kontrolleret",
        Status.ERROR: "kan ikke læses",
        # kinds
        Kind.COLUMN_TOTAL: "kolonnetotal", Kind.CATEGORY_TOTAL: "total for styringsområde",
        Kind.GRAND_TOTAL: "samlet total", Kind.ROW_TOTAL: "rækketotal", Kind.DIFFERENCE: "difference",
        Kind.CROSS_TABLE: "på tværs af tabeller", Kind.NARRATIVE: "tekst mod tabel",
        # roles
        Role.ITEM: "post", Role.TOTAL: "total", Role.HERAF: "heraf", Role.SECTION: "overskrift",
        Role.OTHER: "ikke beløb",
        # errors
        ErrorCode.EMPTY: "tom fil", ErrorCode.NOT_PDF: "ikke en PDF", ErrorCode.CORRUPT: "beskadiget",
        ErrorCode.ENCRYPTED: "krypteret", ErrorCode.NO_TEXT_LAYER: "ingen tekst (skannet)",
        ErrorCode.TIMEOUT: "tog for lang tid", ErrorCode.TOO_LARGE: "for stor",
        ErrorCode.INTERNAL: "intern fejl",
    },
    "en": {
        Status.OK: "ok", Status.FLAGGED: "flagged", Status.UNCHECKED: "unchecked", Status.ERROR: "unreadable",
        Kind.COLUMN_TOTAL: "column total", Kind.CATEGORY_TOTAL: "budget-area total", Kind.GRAND_TOTAL: "grand total",
        Kind.ROW_TOTAL: "row total", Kind.DIFFERENCE: "difference", Kind.CROSS_TABLE: "across tables",
        Kind.NARRATIVE: "text vs table",
        Role.ITEM: "item", Role.TOTAL: "total", Role.HERAF: "of which", Role.SECTION: "heading",
        Role.OTHER: "not money",
        ErrorCode.EMPTY: "empty file", ErrorCode.NOT_PDF: "not a PDF", ErrorCode.CORRUPT: "damaged",
        ErrorCode.ENCRYPTED: "encrypted", ErrorCode.NO_TEXT_LAYER: "no text (scanned)",
        ErrorCode.TIMEOUT: "took too long", ErrorCode.TOO_LARGE: "too large", ErrorCode.INTERNAL: "internal error",
    },
}

# What a status means, said to the person reading the report.
STATUS_EXPLAINED = {
    "da": {
        Status.OK: "Alle {n} genberegnede totaler stemmer (inden for afrunding).",
        Status.FLAGGED: "{bad} af {n} genberegnede totaler stemmer ikke.",
        Status.UNCHECKED: "Ingen tabel med en total fundet: se selv dokumentet igennem.",
        Status.ERROR: "Dokumentet kan ikke læses.",
    },
    "en": {
        Status.OK: "All {n} recomputed totals agree (within rounding).",
        Status.FLAGGED: "{bad} of {n} recomputed totals disagree.",
        Status.UNCHECKED: "No table with a total found: look at it yourself.",
        Status.ERROR: "The document cannot be read.",
    },
}

_CHECKS = {
    "da": {
        "sum": "{label} {column} er opgjort til {stated}, men {terms} giver {recomputed} ({unit}).",
        "row": "{label}: {column} er opgjort til {stated}, men {terms} giver {recomputed} ({unit}).",
        "difference": "{label}: {column} er opgjort til {stated}, men {terms} giver {recomputed} ({unit}).",
        "cross": "{label} {column} i {table} er {stated}, men {terms} i {other} giver {recomputed} ({unit}).",
        "text_row": "Teksten på side {page} angiver {amount} for {label} ({where}), men {table} giver "
                    "{recomputed} ({unit}).",
        "text_sum": "Teksten på side {page} angiver {label} til {stated}, men delbeløbene giver {recomputed} "
                    "({unit}).",
        "in_total": "i alt",
        "more": "{n} rækker mere",
        "blank": "tom",
        "table": "tabel {n}",
        "count": "antal",
    },
    "en": {
        "sum": "{label} {column} is stated as {stated}, but {terms} gives {recomputed} ({unit}).",
        "row": "{label}: {column} is stated as {stated}, but {terms} gives {recomputed} ({unit}).",
        "difference": "{label}: {column} is stated as {stated}, but {terms} gives {recomputed} ({unit}).",
        "cross": "{label} {column} in {table} is {stated}, but {terms} in {other} gives {recomputed} ({unit}).",
        "text_row": "The text on page {page} states {amount} for {label} ({where}), but {table} gives "
                    "{recomputed} ({unit}).",
        "text_sum": "The text on page {page} states {label} as {stated}, but its parts add up to {recomputed} "
                    "({unit}).",
        "in_total": "in total",
        "more": "{n} more rows",
        "blank": "blank",
        "table": "table {n}",
        "count": "count",
    },
}

NOTES: dict[str, dict[NoteCode, str]] = {
    "da": {
        NoteCode.CONTINUES: "Tabellen fortsætter på side {page}.",
        NoteCode.CONTINUES_REPEATED: "Tabellen fortsætter på side {page} efter et gentaget tabelhoved.",
        NoteCode.REPEATED_ROW: "Rækken '{label}' er gentaget øverst på side {page} og er læst én gang.",
        NoteCode.NOT_A_FIGURE: "Cellen '{text}' i rækken '{label}', kolonne {column}, er ikke et tal.",
        NoteCode.NO_UNIT: "Tabellens hoved angiver ingen enhed: tallene er gengivet som trykt, uden beløb i kroner.",
        NoteCode.TOTAL_UNREADABLE: "Ikke kontrolleret: totalen '{label}', kolonne {column}, kan ikke læses "
                                   "('{text}').",
        NoteCode.TERMS_UNKNOWN: "Ikke kontrolleret: det fremgår ikke sikkert, hvilke rækker totalen '{label}' "
                                "summerer ({why}).",
        NoteCode.NO_READING_AGREES: "Ikke kontrolleret: ingen læsning af tabellens opbygning får totalen '{label}' "
                                    "til at stemme, og dens led er ikke entydige.",
        NoteCode.READERS_DISAGREE: "Afventer: '{label}', kolonne {column}: vi læser '{ours}', den anden læser "
                                   "(camelot) '{theirs}'. Fundet er holdt tilbage, indtil tallet er afklaret.",
        NoteCode.COLUMNS_UNALIGNED: "Ikke kontrolleret: tabellens kolonner kan ikke bestemmes sikkert ({why}).",
        NoteCode.NOT_CROSSCHECKED_ROTATED: "Tabellen står på en roteret side og er ikke sammenlignet med den "
                                           "anden læser.",
        NoteCode.SECOND_READER_FAILED: "Den anden læser (camelot) kunne ikke læse side {page}: {error}.",
        NoteCode.TOO_MANY_FINDINGS: "{n} fund i tabellen {table}: sandsynligvis en fejllæsning. Se tabellen selv.",
    },
    "en": {
        NoteCode.CONTINUES: "The table continues on page {page}.",
        NoteCode.CONTINUES_REPEATED: "The table continues on page {page} after a repeated header.",
        NoteCode.REPEATED_ROW: "The row '{label}' is repeated at the top of page {page} and was read once.",
        NoteCode.NOT_A_FIGURE: "The cell '{text}' in row '{label}', column {column}, is not a figure.",
        NoteCode.NO_UNIT: "The table's header names no unit: values kept as printed, no kroner given.",
        NoteCode.TOTAL_UNREADABLE: "Not checked: the total '{label}', column {column}, cannot be read ('{text}').",
        NoteCode.TERMS_UNKNOWN: "Not checked: it is not certain which rows the total '{label}' adds up ({why}).",
        NoteCode.NO_READING_AGREES: "Not checked: no reading of the table's layout makes the total '{label}' agree, "
                                    "and its terms are not certain.",
        NoteCode.READERS_DISAGREE: "Pending: '{label}', column {column}: we read '{ours}', the second reader "
                                   "(camelot) reads '{theirs}'. The finding is held back until the figure is settled.",
        NoteCode.COLUMNS_UNALIGNED: "Not checked: the table's columns cannot be told apart with certainty ({why}).",
        NoteCode.NOT_CROSSCHECKED_ROTATED: "The table is on a rotated page and was not compared with the second reader.",
        NoteCode.SECOND_READER_FAILED: "The second reader (camelot) could not read page {page}: {error}.",
        NoteCode.TOO_MANY_FINDINGS: "{n} findings in table {table}: probably a misreading. Look at the table yourself.",
    },
}

WHY = {
    "da": {"no-items": "ingen poster over den", "no-category-items": "ingen poster i styringsområdet over den",
           "hierarchy": "tabellen har flere niveauer", "signs": "det er uklart, hvilke poster der trækkes fra",
           "mixed-units": "kolonnerne har forskellige enheder", "percent": "kolonnen er procenter",
           "unlabelled": "rækken har ingen tekst", "text-cells": "en af posterne er tekst, ikke et tal",
           "side-by-side": "to tabeller står side om side", "ambiguous": "flere læsninger er mulige",
           "blank-term": "en af posterne er ikke udfyldt, selv om rækken har tal"},
    "en": {"no-items": "no items above it", "no-category-items": "no items of its budget area above it",
           "hierarchy": "the table has several levels", "signs": "it is unclear which items are subtracted",
           "mixed-units": "the columns have different units", "percent": "the column holds percentages",
           "unlabelled": "the row has no label", "text-cells": "one of its terms is text, not a figure",
           "side-by-side": "two tables stand side by side", "ambiguous": "several readings are possible",
           "blank-term": "one of its terms is left blank although its row has figures"},
}


def word(value: str, lang: str) -> str:
    """The reader's word for a status, kind, role or error code (`flagged` -> `fejl fundet`)."""
    return WORDS[lang].get(value, str(value))


def fmt(value: Decimal | None, decimals: int = 0) -> str:
    """A figure the way the documents print it: `-5.090`, `2,5`."""
    return format_danish(value, decimals) if value is not None else ""


def _term(a: Addend, first: bool) -> str:
    text = f"{a.label} ({fmt(a.value, a.decimals)})"
    if a.sign < 0:
        return ("−" if first else "− ") + text
    return text if first else "+ " + text


def terms_text(addends: list[Addend], lang: str, limit: int = 8) -> str:
    """`A (1.000) + B (2.000) − C (500)`, at most `limit` terms named."""
    parts = [_term(a, i == 0) for i, a in enumerate(addends[:limit])]
    if len(addends) > limit:
        parts.append("+ " + _CHECKS[lang]["more"].format(n=len(addends) - limit))
    return " ".join(parts) if parts else "0"


def table_name(table_id: str, lang: str) -> str:
    """How a table is named to a person: its id, never a bare page-like `p1`."""
    return _CHECKS[lang]["table"].format(n=table_id) if table_id else ""


def check_sentence(check: Check, lang: str = "da") -> str:
    """One sentence a budget officer understands, naming what was added."""
    t = _CHECKS[lang]
    unit = check.unit or (t["count"] if check.exact else "")
    stated, recomputed = fmt(check.stated, check.decimals), fmt(check.recomputed, check.decimals)
    if check.kind == Kind.NARRATIVE:
        d = check.detail
        if d.get("sum_in_text"):
            factor, decimals = Decimal(str(d.get("text_factor", 1))), int(d.get("text_decimals", 0))
            return t["text_sum"].format(page=check.page, label=check.label, stated=fmt(check.stated / factor, decimals),
                                        recomputed=fmt(check.recomputed / factor, decimals),
                                        unit=d.get("text_unit", unit))
        amount = f"{fmt(Decimal(str(d['text_amount'])), int(d.get('text_decimals', 0)))} {d.get('text_unit', '')}".strip()
        return t["text_row"].format(page=check.page, amount=amount, label=check.label,
                                    where=check.column or t["in_total"], table=table_name(check.table, lang),
                                    recomputed=recomputed, unit=unit)
    terms = terms_text(check.addends, lang)
    if check.kind == Kind.ROW_TOTAL:
        return t["row"].format(label=check.label, column=check.column, stated=stated, terms=terms,
                               recomputed=recomputed, unit=unit)
    if check.kind == Kind.DIFFERENCE:
        return t["difference"].format(label=check.label, column=check.column, stated=stated, terms=terms,
                                      recomputed=recomputed, unit=unit)
    if check.kind == Kind.CROSS_TABLE:
        return t["cross"].format(label=check.label, column=check.column, table=table_name(check.table, lang),
                                 stated=stated, terms=terms, other=table_name(check.detail.get("other_table", ""), lang),
                                 recomputed=recomputed, unit=unit)
    return t["sum"].format(label=check.label, column=check.column, stated=stated, terms=terms,
                           recomputed=recomputed, unit=unit)


def note_sentence(note: Note, lang: str = "da") -> str:
    params = dict(note.params)
    if "why" in params:
        params["why"] = WHY[lang].get(params["why"], params["why"])
    return NOTES[lang][NoteCode(note.code)].format(**params)


def status_sentence(status: Status, lang: str, checks: int = 0, bad: int = 0) -> str:
    return STATUS_EXPLAINED[lang][status].format(n=checks, bad=bad)


# Words for error codes added after the tables above (appended: the tables above are not edited).
ERROR_WORDS_ADDED = {
    "da": {ErrorCode.NOT_A_FILE: "ikke en almindelig fil"},
    "en": {ErrorCode.NOT_A_FILE: "not a regular file"},
}
for _lang, _words in ERROR_WORDS_ADDED.items():
    WORDS[_lang].update(_words)
