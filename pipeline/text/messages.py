"""The one place where facts become sentences, in Danish or English.

The analysis stages return facts: checks (`model.Check`: what was stated, what its terms
give, which terms) and notes (`model.Note`: a code and its parameters).  Every sentence a
person reads — in findings.csv, report.html, report.xlsx and the nightly e-mail — is
written here, in the language of the run that writes it, so a result computed once can
be reported in either language.
"""
from __future__ import annotations

from decimal import Decimal

from pipeline.model import Addend, Check, ErrorCode, Kind, Note, NoteCode, Role, Status
from pipeline.tables.numbers import format_danish

LANGUAGES = ("da", "en")

WORDS: dict[str, dict[str, str]] = {
    "da": {
        # statuses
        Status.OK: "i orden", Status.FLAGGED: "fejl fundet", Status.UNCHECKED: "ikke kontrolleret",
        Status.ERROR: "kan ikke læses", Status.REVIEWED: "gennemgået",
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
        ErrorCode.INTERNAL: "intern fejl", ErrorCode.UNREADABLE: "kan ikke åbnes",
    },
    "en": {
        Status.OK: "ok", Status.FLAGGED: "flagged", Status.UNCHECKED: "unchecked", Status.ERROR: "unreadable",
        Status.REVIEWED: "reviewed",
        Kind.COLUMN_TOTAL: "column total", Kind.CATEGORY_TOTAL: "budget-area total", Kind.GRAND_TOTAL: "grand total",
        Kind.ROW_TOTAL: "row total", Kind.DIFFERENCE: "difference", Kind.CROSS_TABLE: "across tables",
        Kind.NARRATIVE: "text vs table",
        Role.ITEM: "item", Role.TOTAL: "total", Role.HERAF: "of which", Role.SECTION: "heading",
        Role.OTHER: "not money",
        ErrorCode.EMPTY: "empty file", ErrorCode.NOT_PDF: "not a PDF", ErrorCode.CORRUPT: "damaged",
        ErrorCode.ENCRYPTED: "encrypted", ErrorCode.NO_TEXT_LAYER: "no text (scanned)",
        ErrorCode.TIMEOUT: "took too long", ErrorCode.TOO_LARGE: "too large", ErrorCode.INTERNAL: "internal error",
        ErrorCode.UNREADABLE: "cannot be opened",
    },
}

# What a status means, said to the person reading the report.
STATUS_EXPLAINED = {
    "da": {
        Status.OK: "Alle {n} genberegnede totaler stemmer (inden for afrunding).",
        Status.FLAGGED: "{bad} af {n} genberegnede totaler stemmer ikke.",
        Status.UNCHECKED: "Ingen tabel med en total fundet: se selv dokumentet igennem.",
        Status.ERROR: "Dokumentet kan ikke læses.",
        Status.REVIEWED: "Hver uoverensstemmelse i dokumentet er accepteret af en person i gennemgangsfilen.",
    },
    "en": {
        Status.OK: "All {n} recomputed totals agree (within rounding).",
        Status.FLAGGED: "{bad} of {n} recomputed totals disagree.",
        Status.UNCHECKED: "No table with a total found: look at it yourself.",
        Status.ERROR: "The document cannot be read.",
        Status.REVIEWED: "Every disagreement in the document was accepted by a person in the review file.",
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
        NoteCode.BEYOND_PRINTED_YEARS: "Ikke kontrolleret: '{label}', kolonne {column}, er {stated}, mere end de "
                                       "trykte år giver ({printed}); kolonnen nævner ikke, hvilke år den dækker, og "
                                       "kan omfatte år før eller efter dem.",
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
        NoteCode.BEYOND_PRINTED_YEARS: "Not checked: '{label}', column {column}, is {stated}, more than the printed "
                                       "years add up to ({printed}); the column does not say which years it covers "
                                       "and may include years before or after them.",
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
    """How a table is named to a person: `forslag 1, tabel 2` (`table_label`), never the
    contract's `p1-t2`, which next to a page number reads as page 1."""
    return table_label(table_id, lang)


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
ERROR_WORDS_ADDED: dict[str, dict[str, str]] = {
    "da": {ErrorCode.NOT_A_FILE: "ikke en almindelig fil"},
    "en": {ErrorCode.NOT_A_FILE: "not a regular file"},
}
for _lang, _words in ERROR_WORDS_ADDED.items():
    WORDS[_lang].update(_words)


# ---------------------------------------------------------------- why a document cannot be read
# The error code is the fact (documents.csv's `error`); `DocumentResult.error_params` holds the
# facts that make the sentence precise when the run knows them (the limit that was reached, the
# kind of entry).  Without them the code's general sentence is used.
ERROR_SENTENCES: dict[str, dict[str, str]] = {
    "da": {
        ErrorCode.EMPTY: "Filen er tom (0 byte).",
        ErrorCode.NOT_PDF: "Filen er ikke en PDF: den begynder ikke med et PDF-hoved.",
        ErrorCode.CORRUPT: "PDF'en er beskadiget eller afkortet og kan ikke læses.",
        "corrupt:nested": "PDF'ens objekter er indlejret for dybt til at kunne læses.",
        "corrupt:crashed": "Læseren gik ned på filen ({detail}).",
        ErrorCode.ENCRYPTED: "PDF'en er krypteret og kræver en adgangskode.",
        ErrorCode.NO_TEXT_LAYER: "Siderne har ingen tekst: en skannet fil skal først have tekstgenkendelse (OCR).",
        ErrorCode.TIMEOUT: "Læsningen tog for lang tid og blev stoppet.",
        "timeout:seconds": "Læsningen tog mere end {seconds:g} s (--timeout) og blev stoppet.",
        ErrorCode.TOO_LARGE: "Filen er for stor: over {max_mb} MB eller {max_pages} sider.",
        "too-large:bytes": "Filen fylder {mb} MB, mere end grænsen på {limit_mb} MB.",
        "too-large:memory": "Læsningen krævede mere hukommelse end grænsen på {memory_mb} MB (--memory-limit) og "
                            "blev stoppet.",
        "too-large:inflates": "PDF'ens indhold fylder udpakket mere end grænsen på {memory_mb} MB (--memory-limit): "
                              "den læses ikke.",
        ErrorCode.INTERNAL: "En fejl i programmet under læsningen; fejlsporet står i result.json. Meld den gerne.",
        "internal:error": "En fejl i programmet under læsningen ({error}); fejlsporet står i result.json. "
                          "Meld den gerne.",
        ErrorCode.NOT_A_FILE: "Ikke en almindelig fil: den åbnes ikke.",
        "not-a-file:fifo": "En navngiven pipe (FIFO), ikke en fil: den åbnes ikke.",
        "not-a-file:socket": "En socket, ikke en fil: den åbnes ikke.",
        "not-a-file:device": "En enhed, ikke en fil: den åbnes ikke.",
        "not-a-file:folder": "En mappe, ikke en fil: den åbnes ikke.",
        "not-a-file:dangling-link": "Et link til {target}, som ikke findes.",
        "not-a-file:link-out": "Et link ud af inputmappen (til {target}): det følges ikke.",
        "not-a-file:link-to-folder": "Et link til en mappe: det følges ikke.",
        "not-a-file:link-to-other": "Et link til noget, der ikke er en almindelig fil: det følges ikke.",
        "not-a-file:vanished": "Filen forsvandt, mens mappen blev gennemgået.",
        "not-a-file:cannot-open": "Filen kan ikke åbnes ({reason}).",
        ErrorCode.UNREADABLE: "Filen kan ikke læses.",
        "unreadable:os": "Filen kan ikke læses: {reason}.",
    },
    "en": {
        ErrorCode.EMPTY: "The file is empty (0 bytes).",
        ErrorCode.NOT_PDF: "The file is not a PDF: it does not begin with a PDF header.",
        ErrorCode.CORRUPT: "The PDF is damaged or truncated and cannot be read.",
        "corrupt:nested": "The PDF's objects are nested too deeply to be read.",
        "corrupt:crashed": "The reader crashed on this file ({detail}).",
        ErrorCode.ENCRYPTED: "The PDF is encrypted and needs a password to open.",
        ErrorCode.NO_TEXT_LAYER: "The pages hold no text: a scanned file needs OCR first.",
        ErrorCode.TIMEOUT: "Reading took too long and was stopped.",
        "timeout:seconds": "Reading took longer than {seconds:g} s (--timeout) and was stopped.",
        ErrorCode.TOO_LARGE: "The file is too large: over {max_mb} MB or {max_pages} pages.",
        "too-large:bytes": "The file is {mb} MB, more than the limit of {limit_mb} MB.",
        "too-large:memory": "Reading needed more memory than the limit of {memory_mb} MB (--memory-limit) and was "
                            "stopped.",
        "too-large:inflates": "The PDF's content inflates to more than the memory limit of {memory_mb} MB "
                              "(--memory-limit): not read.",
        ErrorCode.INTERNAL: "A bug in the program while reading; the traceback is in result.json. Please report it.",
        "internal:error": "A bug in the program while reading ({error}); the traceback is in result.json. "
                          "Please report it.",
        ErrorCode.NOT_A_FILE: "Not a regular file: it is not opened.",
        "not-a-file:fifo": "A named pipe (FIFO), not a file: it is not opened.",
        "not-a-file:socket": "A socket, not a file: it is not opened.",
        "not-a-file:device": "A device, not a file: it is not opened.",
        "not-a-file:folder": "A folder, not a file: it is not opened.",
        "not-a-file:dangling-link": "A link to {target}, which does not exist.",
        "not-a-file:link-out": "A link out of the input folder (to {target}): not followed.",
        "not-a-file:link-to-folder": "A link to a folder: not followed.",
        "not-a-file:link-to-other": "A link to something that is not a regular file: not followed.",
        "not-a-file:vanished": "The file disappeared while the folder was read.",
        "not-a-file:cannot-open": "The file cannot be opened ({reason}).",
        ErrorCode.UNREADABLE: "The file cannot be read.",
        "unreadable:os": "The file cannot be read: {reason}.",
    },
}


def error_sentence(code: str, params: dict | None, lang: str) -> str:
    """Why a document cannot be read, from its error code and the facts the run recorded
    (`why` picks the precise sentence; the code's general sentence when a fact is missing)."""
    from pipeline.read.reader import MAX_BYTES, MAX_PAGES

    table = ERROR_SENTENCES[lang]
    facts = dict(params or {})
    facts.setdefault("max_mb", round(MAX_BYTES / 1e6))
    facts.setdefault("max_pages", MAX_PAGES)
    if code == ErrorCode.UNREADABLE and "reason" in facts:
        facts["reason"] = _os_words(facts.get("errno"), facts["reason"], lang)
    elif "reason" in facts and "errno" in facts:
        facts["reason"] = os_reason(facts["errno"], facts["reason"], lang)
    precise = table.get(f"{code}:{facts.get('why')}")
    if precise is not None:
        try:
            return precise.format(**facts)
        except (KeyError, ValueError):
            pass
    general = table.get(code)
    if general is None:
        return f"{word(code, lang)}."
    return general.format(**facts)


# ---------------------------------------------------------------- the operating system's reasons
_OS_REASONS = {
    "da": {"EACCES": "adgang nægtet", "EPERM": "handlingen er ikke tilladt", "ENOSPC": "disken er fuld",
           "EDQUOT": "diskkvoten er opbrugt", "EFBIG": "filen er for stor", "EROFS": "filsystemet er skrivebeskyttet",
           "ENOENT": "findes ikke", "EIO": "ind- eller uddatafejl", "ENOTDIR": "er ikke en mappe",
           "EISDIR": "er en mappe", "EEXIST": "findes allerede", "ENAMETOOLONG": "navnet er for langt"},
    "en": {"EACCES": "permission denied", "EPERM": "operation not permitted", "ENOSPC": "no space left on the disk",
           "EDQUOT": "disk quota exceeded", "EFBIG": "file too large", "EROFS": "read-only file system",
           "ENOENT": "does not exist", "EIO": "input/output error", "ENOTDIR": "not a folder",
           "EISDIR": "is a folder", "EEXIST": "exists already", "ENAMETOOLONG": "name too long"},
}


def os_reason(errno_number: int | None, text: str, lang: str) -> str:
    """An operating system error in the run's language, with the system's own words beside it
    (`adgang nægtet [Permission denied]`); the system's words alone when the error is not known."""
    import errno

    name = errno.errorcode.get(errno_number or -1, "")
    ours = _OS_REASONS[lang].get(name)
    if ours is None or (lang == "en" and text):
        return text or ours or ""
    return f"{ours} [{text}]" if text else ours


def _os_words(errno_number: int | None, text: str, lang: str) -> str:
    """An operating system error in the run's words alone (`adgang nægtet`); the system's own
    words (strerror) when the error is not one of the known ones."""
    import errno

    return _OS_REASONS[lang].get(errno.errorcode.get(errno_number or -1, ""), "") or text


# ---------------------------------------------------------------- what the command says
# The terminal's lines: one per document, the summary, the validation, the nightly check's
# report, and the errors that stop a run (`errors.PipelineError` raised with a key and facts).
TERMINAL: dict[str, dict[str, str]] = {
    "da": {
        "status:ok": "i orden", "status:flagged": "FEJL FUNDET", "status:unchecked": "IKKE KONTROLLERET",
        "status:error": "KAN IKKE LÆSES",
        "tables": "{n} tabel|{n} tabeller", "totals": "{n} total genberegnet|{n} totaler genberegnet",
        "findings": "{n} fund i tabeller|{n} fund i tabeller", "narrative": "{n} i teksten|{n} i teksten",
        "second_differs": "camelot læser {n} celle anderledes, se result.json|"
                          "camelot læser {n} celler anderledes, se result.json",
        "unchecked": "ingen total fundet, der kunne genberegnes: se selv dokumentet igennem",
        "summary": "{documents} læst ({pages}): {ok} i orden, {flagged} med fejl, {unchecked} ikke kontrolleret "
                   "(intet at genberegne: se dem selv igennem), {unreadable} kan ikke læses; {speed} sider/s. "
                   "Resultater i {out}",
        "documents": "{n} dokument|{n} dokumenter", "pages": "{n} side|{n} sider",
        "valid_ok": "Validering (Great Expectations): alle {total} forventninger opfyldt.",
        "valid_bad": "Validering (Great Expectations): {bad} af {total} forventninger IKKE opfyldt:",
        "valid_item": "{suite}.{column}: {expectation} ikke opfyldt ({detail}{examples})",
        "examples": "; fx {examples}",
        "validate_details": "Detaljer: {path}", "not_one_run": "Kontraktfilerne beskriver ikke én kørsel:",
        "nightly_read": "{documents}: {anew} læst på ny, {reused} uændret.",
        "nightly_nothing": "Intet nyt at rapportere.",
        "nightly_reused": "Intet ændret siden sidste kørsel: valideringen og rapporterne er genbrugt.",
        "nightly_delivered": "Rapport med {changes} leveret ({where}).", "changes": "{n} ændring|{n} ændringer",
        "nightly_refused": "Rapporten er IKKE leveret til {recipient}: afvist for godt ({detail}); prøves ikke igen, "
                           "før der er noget nyt at rapportere.",
        "nightly_failed": "Rapporten er IKKE leveret til {recipient} ({detail}); den bliver i køen og sendes med "
                          "næste kørsel.",
        "nightly_refused_before": "{recipient} har afvist denne rapport for godt ({detail}, {when}): prøves ikke igen, "
                                  "før der er noget nyt at rapportere.",
        "test_settings": "Indstillinger: {settings}",
        "test_no_host": "Testbesked ikke sendt: ingen SMTP-server angivet (sæt smtp.host i indstillingsfilen eller "
                        "PIPELINE_SMTP_HOST).",
        "test_sent": "Testbesked leveret til {recipient} ({channel}).",
        "test_not_sent": "Testbesked IKKE leveret til {recipient}: {detail}",
        "no_smtp": "ingen SMTP-server angivet: beskederne lægges i mappen outbox",
        "smtp": "SMTP {host}:{port} ({security}){user}, til {to}", "smtp_user": " som {user}", "nobody": "(ingen)",
        "inspect_table": "{table}, side {page} ({ruling}): {rows}, {figures}; {title}",
        "rows": "{n} række|{n} rækker", "figures": "{n} tal|{n} tal",
        "ruling:grid": "gitterlinjer", "ruling:horizontal": "vandrette linjer", "ruling:none": "ingen linjer",
        "inspect_none": "ingen økonomisk tabel fundet; brug --page N for at tegne en side alligevel",
        "error": "pipeline: fejl: {text}",
        "internal": "pipeline: intern fejl: {error} ({hint}; meld den gerne)",
        "internal_hint_v": "fejlsporet står ovenfor", "internal_hint": "kør igen med -v for fejlsporet",
        "interrupted": "pipeline: afbrudt",
    },
    "en": {
        "status:ok": "ok", "status:flagged": "FLAGGED", "status:unchecked": "UNCHECKED", "status:error": "UNREADABLE",
        "tables": "{n} table|{n} tables", "totals": "{n} total recomputed|{n} totals recomputed",
        "findings": "{n} finding in tables|{n} findings in tables", "narrative": "{n} in the text|{n} in the text",
        "second_differs": "camelot reads {n} cell differently, see result.json|"
                          "camelot reads {n} cells differently, see result.json",
        "unchecked": "no total found that could be recomputed: look at it yourself",
        "summary": "{documents} read ({pages}): {ok} ok, {flagged} flagged, {unchecked} unchecked (nothing to "
                   "recompute: look at them yourself), {unreadable} unreadable; {speed} pages/s. Results in {out}",
        "documents": "{n} document|{n} documents", "pages": "{n} page|{n} pages",
        "valid_ok": "Validation (Great Expectations): all {total} expectations met.",
        "valid_bad": "Validation (Great Expectations): {bad} of {total} expectations FAILED:",
        "valid_item": "{suite}.{column}: {expectation} failed ({detail}{examples})",
        "examples": "; e.g. {examples}",
        "validate_details": "Details: {path}", "not_one_run": "The contract files do not describe one run:",
        "nightly_read": "{documents}: {anew} read anew, {reused} unchanged.",
        "nightly_nothing": "Nothing new to report.",
        "nightly_reused": "Nothing changed since the last run: the validation and the reports are reused.",
        "nightly_delivered": "Report with {changes} delivered ({where}).", "changes": "{n} change|{n} changes",
        "nightly_refused": "Report NOT delivered to {recipient}: refused for good ({detail}); not tried again until "
                           "there is something new to report.",
        "nightly_failed": "Report NOT delivered to {recipient} ({detail}); it stays queued and goes out with the next "
                          "run.",
        "nightly_refused_before": "{recipient} refused this report for good ({detail}, {when}): not tried again until "
                                  "there is something new to report.",
        "test_settings": "Settings: {settings}",
        "test_no_host": "Test message not sent: no SMTP host configured (set smtp.host in the config file or "
                        "PIPELINE_SMTP_HOST).",
        "test_sent": "Test message delivered to {recipient} ({channel}).",
        "test_not_sent": "Test message NOT delivered to {recipient}: {detail}",
        "no_smtp": "no SMTP server configured: messages go to the outbox folder",
        "smtp": "SMTP {host}:{port} ({security}){user}, to {to}", "smtp_user": " as {user}", "nobody": "(nobody)",
        "inspect_table": "{table}, page {page} ({ruling}): {rows}, {figures}; {title}",
        "rows": "{n} row|{n} rows", "figures": "{n} figure|{n} figures",
        "ruling:grid": "grid rules", "ruling:horizontal": "horizontal rules", "ruling:none": "no rules",
        "inspect_none": "no financial table found; use --page N to draw a page anyway",
        "error": "pipeline: error: {text}",
        "internal": "pipeline: internal error: {error} ({hint}; please report it)",
        "internal_hint_v": "traceback above", "internal_hint": "run again with -v for the traceback",
        "interrupted": "pipeline: interrupted",
    },
}


def say(key: str, lang: str, **params) -> str:
    """A line of the terminal (`TERMINAL`) in the run's language."""
    return TERMINAL[lang][key].format(**params)


def counted(key: str, n: int, lang: str) -> str:
    """`1 tabel`, `3 tabeller`: a count with its word, singular or plural (`TERMINAL`'s `one|many`)."""
    one, many = TERMINAL[lang][key].split("|")
    return (one if n == 1 else many).format(n=n)


def document_line(result, lang: str) -> str:
    """The terminal's line for one document: its status, and what was read and found or why it
    cannot be read."""
    from pipeline.model import Status as _Status

    status = say(f"status:{result.status}", lang)
    if result.status == _Status.ERROR:
        return (f"{result.document}: {status} ({word(result.error, lang)}) "
                f"{error_sentence(result.error, getattr(result, 'error_params', None), lang)}")
    tables = counted("tables", len(result.tables), lang)
    if result.status == _Status.UNCHECKED:
        return f"{result.document}: {status} ({tables}, {say('unchecked', lang)})"
    table_findings = sum(1 for f in result.findings if f.kind != Kind.NARRATIVE)
    narrative = len(result.findings) - table_findings
    parts = [tables, counted("totals", len(result.checks), lang), counted("findings", table_findings, lang)]
    if narrative:
        parts.append(counted("narrative", narrative, lang))
    text = ", ".join(parts)
    differ = sum(len(t.crosscheck.get("disagreements", [])) for t in result.tables)
    if differ:
        text += "; " + counted("second_differs", differ, lang)
    return f"{result.document}: {status} ({text})"


def summary_line(summary: dict, out: str, lang: str) -> str:
    """The run's last line: counts by status, pages, speed, where the results are."""
    speed = f"{summary['pages_per_second']:.1f}"
    if lang == "da":
        speed = speed.replace(".", ",")
    return say("summary", lang, documents=counted("documents", summary["documents"], lang),
               pages=counted("pages", summary["pages"], lang), ok=summary["ok"], flagged=summary["flagged"],
               unchecked=summary["unchecked"], unreadable=summary["unreadable"], speed=speed, out=out)


def validation_lines(outcomes, lang: str) -> list[str]:
    """Whether the extracted data met every expectation; one line per expectation that failed
    (the expectation's name and the observed values are Great Expectations' own)."""
    import re

    total = sum(len(o.results) for o in outcomes)
    failed = []
    for o in outcomes:
        for r in o.results:
            if r["success"]:
                continue
            what = re.sub(r"(?<!^)(?=[A-Z])", " ", r["expectation"].replace("expect_", "")).replace("_", " ")
            examples = say("examples", lang, examples=", ".join(r["examples"])) if r["examples"] else ""
            failed.append(say("valid_item", lang, suite=o.suite, column=r["column"] or "*", expectation=what,
                              detail=r["error"] or r["observed"], examples=examples))
    if not failed:
        return [say("valid_ok", lang, total=total)]
    return [say("valid_bad", lang, bad=len(failed), total=total)] + ["  " + line for line in failed]


def validation_line(outcomes, lang: str) -> str:
    return "\n".join(validation_lines(outcomes, lang))


# ---------------------------------------------------------------- errors that stop a run
ERRORS: dict[str, dict[str, str]] = {
    "da": {
        "option-lang": "--lang skal være en af {choices}, ikke {value}",
        "option-jobs": "--jobs skal være et helt tal på mindst 1, ikke {value}",
        "option-timeout": "--timeout skal være et antal sekunder over 0, ikke {value}",
        "option-reader": "--reader skal være en af {choices}, ikke {value}",
        "dask-missing": "--dask kræver Dask: installér ekstraen `dask` (fx pip install '.[dask]')",
        "dask-no-scheduler": "ingen Dask-scheduler svarer på {address} ({reason})",
        "option-memory": "--memory-limit skal være et helt antal MB, mindst {minimum}, ikke {value}",
        "no-inputs": "intet at kontrollere: angiv en PDF, en mappe eller flere",
        "input-missing": "{path}: filen eller mappen findes ikke",
        "input-odd": "{path} er hverken en fil eller en mappe",
        "empty-input": "ingen PDF i {paths}: er mappen tom eller ikke monteret? (--allow-empty godtager en tom mappe)",
        "write-failed": "resultaterne kunne ikke skrives i {out}: {reason}{where}",
        "out-is-file": "outputmappen {out} er en fil, ikke en mappe",
        "out-is-input": "outputmappen {out} er inputmappen {input}: vælg en mappe for sig til resultaterne",
        "out-holds-input-folder": "outputmappen {out} indeholder inputmappen {input}: vælg en mappe for sig til "
                                  "resultaterne",
        "out-holds-input-file": "outputmappen {out} indeholder inputfilen {input}: vælg en mappe for sig til "
                                "resultaterne",
        "out-foreign": "outputmappen {out} indeholder filer, som dette program ikke har skrevet ({shown}): vælg en "
                       "tom eller ny mappe til resultaterne",
        "and-more": "{names} og {n} mere",
        "out-name-taken": "{path} er ikke en af dette programs filer: flyt den væk",
        "contract-missing": "{path} mangler: kør først `pipeline run`",
        "not-a-file": "{path} er ikke en fil",
        "busy": "en anden natlig kørsel er i gang (lås {lock}, pid {pid})",
        "state-damaged": "tilstandsfilen {path} kan ikke bruges ({reason}): flyt den væk, så begynder næste kørsel "
                         "forfra (den læser da alle filer igen og rapporterer hvert fund endnu en gang)",
        "environment": "miljøet svigtede: {reason}{where}",
        # settings
        "setting-type": "{setting}{in_path} skal være {kinds}, ikke {value}",
        "kind:str": "tekst", "kind:int": "et helt tal", "kind:float": "et tal", "kind:list": "en liste af adresser",
        "or": " eller ", "in_path": " i {path}",
        "setting-number": "{variable} skal være et tal, ikke {value}",
        "config-missing": "indstillingsfilen {path} findes ikke",
        "config-toml": "indstillingsfilen {path} er ikke gyldig TOML: {detail}",
        "config-section": "ukendt afsnit [{section}] i {path} (kendte: {known})",
        "config-not-section": "{section} i {path} skal være et afsnit [{section}]",
        "config-password": "{section}.password i {path}: læg SMTP-adgangskoden i miljøet ({variable}), ikke i "
                           "indstillingsfilen",
        "config-unknown": "ukendt indstilling {setting} i {path} (kendte: {known})",
        "config-addresses": "{setting} i {path} skal være en liste af adresser (tekst)",
        "env-unknown": "ukendt indstilling {variable} i miljøet (kendte: {known})",
        "smtp-security": "smtp.security{in_path} skal være starttls, ssl eller none, ikke {value}",
        "smtp-clear": "smtp.security{in_path} er none, men smtp.username er sat: adgangskoden ville gå ukrypteret "
                      "over netværket; brug starttls eller ssl",
        "smtp-timeout": "smtp.timeout{in_path} skal være mere end 0 sekunder",
        "mail-size": "mail.max_message_bytes{in_path} skal være mindst 20000 byte",
        "smtp-port": "smtp.port{in_path} skal være mellem 1 og 65535, ikke {value}",
        "smtp-ca": "smtp.ca_file{in_path}: {file} findes ikke",
        "no-recipients": "ingen modtagere: sæt mail.to{in_path} eller PIPELINE_MAIL_TO",
        "no-smtp-host": "ikke sendt: ingen SMTP-server angivet (smtp.host i indstillingsfilen eller "
                        "PIPELINE_SMTP_HOST)",
    },
    "en": {
        "option-lang": "--lang must be one of {choices}, not {value}",
        "option-jobs": "--jobs must be a whole number of at least 1, not {value}",
        "option-timeout": "--timeout must be a number of seconds above 0, not {value}",
        "option-reader": "--reader must be one of {choices}, not {value}",
        "dask-missing": "--dask needs Dask: install the `dask` extra (e.g. pip install '.[dask]')",
        "dask-no-scheduler": "no Dask scheduler answers at {address} ({reason})",
        "option-memory": "--memory-limit must be a whole number of MB, at least {minimum}, not {value}",
        "no-inputs": "nothing to check: give a PDF, a folder, or several",
        "input-missing": "{path}: no such file or folder",
        "input-odd": "{path} is neither a file nor a folder",
        "empty-input": "no PDF in {paths}: is the folder empty or not mounted? (--allow-empty accepts an empty folder)",
        "write-failed": "could not write the results in {out}: {reason}{where}",
        "out-is-file": "the output folder {out} is a file, not a folder",
        "out-is-input": "the output folder {out} is the input folder {input}: choose a folder of its own for the "
                        "results",
        "out-holds-input-folder": "the output folder {out} contains the input folder {input}: choose a folder of its "
                                  "own for the results",
        "out-holds-input-file": "the output folder {out} contains the input file {input}: choose a folder of its own "
                                "for the results",
        "out-foreign": "the output folder {out} holds files this program did not write ({shown}): choose an empty or "
                       "new folder for the results",
        "and-more": "{names} and {n} more",
        "out-name-taken": "{path} is not one of this program's files: move it away",
        "contract-missing": "{path} is missing: run `pipeline run` first",
        "not-a-file": "{path} is not a file",
        "busy": "another nightly run is in progress (lock {lock}, pid {pid})",
        "state-damaged": "the state file {path} cannot be used ({reason}): move it away and the next run starts "
                         "afresh (it then reads every file again and reports every finding once more)",
        "environment": "the environment failed: {reason}{where}",
        "setting-type": "{setting}{in_path} must be {kinds}, not {value}",
        "kind:str": "text", "kind:int": "a whole number", "kind:float": "a number", "kind:list": "a list of addresses",
        "or": " or ", "in_path": " in {path}",
        "setting-number": "{variable} must be a number, not {value}",
        "config-missing": "config file {path} does not exist",
        "config-toml": "config file {path} is not valid TOML: {detail}",
        "config-section": "unknown section [{section}] in {path} (known: {known})",
        "config-not-section": "{section} in {path} must be a section [{section}]",
        "config-password": "{section}.password in {path}: put the SMTP password in the environment ({variable}), "
                           "not in the config file",
        "config-unknown": "unknown setting {setting} in {path} (known: {known})",
        "config-addresses": "{setting} in {path} must be a list of addresses (text)",
        "env-unknown": "unknown setting {variable} in the environment (known: {known})",
        "smtp-security": "smtp.security{in_path} must be starttls, ssl or none, not {value}",
        "smtp-clear": "smtp.security{in_path} is none but smtp.username is set: the password would cross the "
                      "network in clear; use starttls or ssl",
        "smtp-timeout": "smtp.timeout{in_path} must be more than 0 seconds",
        "mail-size": "mail.max_message_bytes{in_path} must be at least 20000 bytes",
        "smtp-port": "smtp.port{in_path} must be between 1 and 65535, not {value}",
        "smtp-ca": "smtp.ca_file{in_path}: {file} does not exist",
        "no-recipients": "no recipients: set mail.to{in_path} or PIPELINE_MAIL_TO",
        "no-smtp-host": "not sent: no SMTP host configured (smtp.host in the config file or PIPELINE_SMTP_HOST)",
    },
}


def error_text(key: str, params: dict, lang: str) -> str:
    """The sentence of an error that stops a run (`errors.PipelineError(key=…, **facts)`).

    Facts with a meaning of their own are put into words here: `errno` with `reason` (an
    operating system error), `path` for `in_path` (where a setting was read), `kinds` (the
    types a setting may have), `names` with `more` (a list cut short)."""
    t = ERRORS[lang]
    facts = dict(params)
    if "errno" in facts:
        facts["reason"] = os_reason(facts["errno"], facts.get("reason", ""), lang)
    facts.setdefault("where", "")
    facts["in_path"] = t["in_path"].format(path=facts["path"]) if facts.get("path") else ""
    if "kinds" in facts:
        facts["kinds"] = t["or"].join(t[f"kind:{k}"] for k in facts["kinds"])
    if "names" in facts:
        names = ", ".join(facts["names"])
        facts["shown"] = t["and-more"].format(names=names, n=facts["more"]) if facts.get("more") else names
    return t[key].format(**facts)


def error_of(exc: Exception, lang: str) -> str:
    """An error's sentence in the run's language: its key and facts when it has them, else its text."""
    key = getattr(exc, "key", "")
    if key:
        return error_text(key, getattr(exc, "params", {}), lang)
    return str(exc)


# ---------------------------------------------------------------- `pipeline validate`: one run's files?
SET_PROBLEMS: dict[str, dict[str, str]] = {
    "da": {
        "unlisted": "{name} står ikke i {manifest}",
        "not-written": "{name} er ikke den fil, dens kørsel skrev ({manifest} for kørsel {run})",
        "unreadable": "kontraktfilerne kan ikke læses: {detail}",
        "count-findings": "documents.csv siger, at {document} har {stated} fund; {file} har {rows}",
        "count-checks": "documents.csv siger, at {document} har {stated} genberegnede totaler; {file} har {rows}",
        "stranger": "{file} har rækker for dokumenter, som documents.csv ikke nævner ({document})",
    },
    "en": {
        "unlisted": "{name} is not listed in {manifest}",
        "not-written": "{name} is not the file its run wrote ({manifest} of run {run})",
        "unreadable": "the contract files cannot be read: {detail}",
        "count-findings": "documents.csv says {document} has {stated} findings, {file} has {rows}",
        "count-checks": "documents.csv says {document} has {stated} checks, {file} has {rows}",
        "stranger": "{file} has rows of documents documents.csv does not list ({document})",
    },
}


def set_problem(key: str, lang: str, **facts) -> str:
    """A sign that the contract files a reader sees are not from one run (`outputs.same_run`)."""
    return SET_PROBLEMS[lang][key].format(**facts)


# ---------------------------------------------------------------- tables and proposals as people name them
TABLE_LABELS = {
    "da": {"table": "forslag {proposal}, tabel {n}", "proposal": "forslag {n}", "titled": "forslag {n}: {title}",
           "table_only": "tabel {n}"},
    "en": {"table": "proposal {proposal}, table {n}", "proposal": "proposal {n}", "titled": "proposal {n}: {title}",
           "table_only": "table {n}"},
}


def _capital(text: str, capital: bool) -> str:
    return text[:1].upper() + text[1:] if capital else text


def table_numbers(table_id: str) -> tuple[int, int] | None:
    """The proposal's and the table's numbers, counted from 1, of a contract id (`p1-t2` -> (1, 2))."""
    import re

    match = re.fullmatch(r"p(\d+)-t(\d+)", table_id or "")
    return (int(match[1]), int(match[2])) if match else None


def table_label(table_id: str, lang: str, capital: bool = False) -> str:
    """A table as people name it: `forslag 1, tabel 2` for the contract's `p1-t2` (which, next
    to a page number, reads as page 1); proposals and tables counted from 1."""
    numbers = table_numbers(table_id)
    if numbers is None:
        return _capital(_CHECKS[lang]["table"].format(n=table_id), capital) if table_id else ""
    return _capital(TABLE_LABELS[lang]["table"].format(proposal=numbers[0], n=numbers[1]), capital)


def table_place(proposal: int, table_id: str, titles: dict[int, str], lang: str) -> str:
    """Where a table is, for people: its proposal (from 1, with its title) and its number in it
    (`Forslag 1: Forløbsprogram for unge, tabel 1`); the proposal alone without a table."""
    numbers = table_numbers(table_id)
    where = proposal_label(proposal, titles.get(proposal), lang, capital=True)
    if numbers is None:
        return where
    return f"{where}, {TABLE_LABELS[lang]['table_only'].format(n=numbers[1])}"


def finding_place(finding: Check, titles: dict[int, str], lang: str) -> str:
    """Where a finding is, for people (`table_place`); the proposal alone for a sum in the text."""
    return table_place(finding.proposal, finding.table, titles, lang)


def proposal_label(index: int, title: str | None, lang: str, capital: bool = False) -> str:
    """A proposal as people name it, counted from 1 (`index` is the contract's 0-based
    `proposal`), with its title when it has one: `Forslag 1: Forløbsprogram for unge`."""
    t = TABLE_LABELS[lang]
    text = t["titled"].format(n=index + 1, title=title) if title else t["proposal"].format(n=index + 1)
    return _capital(text, capital)


def settings_line(cfg, lang: str) -> str:
    """The mail settings (`notify.MailConfig`) for the terminal and the test message: never the password."""
    if not cfg.uses_smtp:
        return say("no_smtp", lang)
    user = say("smtp_user", lang, user=cfg.username) if cfg.username else ""
    return say("smtp", lang, host=cfg.host, port=cfg.port, security=cfg.security, user=user,
               to=", ".join(cfg.to) or say("nobody", lang))
