"""The Danish sentences: every catalogue `pipeline.text.messages` picks from, in Danish."""
from __future__ import annotations

from pipeline.model import ErrorCode, Kind, NoteCode, Role, Status

WORDS: dict[str, str] = {
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
}


STATUS_EXPLAINED = {
    Status.OK: "Alle {n} genberegnede totaler stemmer (inden for afrunding).",
    Status.FLAGGED: "{bad} af {n} genberegnede totaler stemmer ikke.",
    Status.UNCHECKED: "Ingen tabel med en total fundet: se selv dokumentet igennem.",
    Status.ERROR: "Dokumentet kan ikke læses.",
    Status.REVIEWED: "Hver uoverensstemmelse i dokumentet er accepteret af en person i gennemgangsfilen.",
}


CHECKS = {
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
}


NOTES: dict[NoteCode, str] = {
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
    NoteCode.PAGES_CHOSEN: "Kun side {pages} er læst, som det blev bedt om; resten af dokumentet er ikke kontrolleret.",
}


WHY = {"no-items": "ingen poster over den", "no-category-items": "ingen poster i styringsområdet over den",
       "hierarchy": "tabellen har flere niveauer", "signs": "det er uklart, hvilke poster der trækkes fra",
       "mixed-units": "kolonnerne har forskellige enheder", "percent": "kolonnen er procenter",
       "unlabelled": "rækken har ingen tekst", "text-cells": "en af posterne er tekst, ikke et tal",
       "side-by-side": "to tabeller står side om side", "ambiguous": "flere læsninger er mulige",
       "blank-term": "en af posterne er ikke udfyldt, selv om rækken har tal"}


ERROR_WORDS_ADDED: dict[str, str] = {ErrorCode.NOT_A_FILE: "ikke en almindelig fil"}


ERROR_SENTENCES: dict[str, str] = {
    ErrorCode.EMPTY: "Filen er tom (0 byte).",
    ErrorCode.NOT_PDF: "Filen er ikke en PDF: den begynder ikke med et PDF-hoved.",
    ErrorCode.CORRUPT: "PDF'en er beskadiget eller afkortet og kan ikke læses.",
    "corrupt:nested": "PDF'ens objekter er indlejret for dybt til at kunne læses.",
    "corrupt:crashed": "Læseren gik ned på filen ({detail}).",
    ErrorCode.ENCRYPTED: "PDF'en er krypteret og kræver en adgangskode.",
    ErrorCode.NO_TEXT_LAYER: "Siderne har ingen tekst: en skannet fil skal først have tekstgenkendelse (OCR).",
    ErrorCode.TIMEOUT: "Læsningen tog for lang tid og blev stoppet.",
    "timeout:seconds": "Læsningen tog mere end {seconds:g} s (--timeout, --timeout-per-page) og blev stoppet.",
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
}


OS_REASONS = {"EACCES": "adgang nægtet", "EPERM": "handlingen er ikke tilladt", "ENOSPC": "disken er fuld",
              "EDQUOT": "diskkvoten er opbrugt", "EFBIG": "filen er for stor",
              "EROFS": "filsystemet er skrivebeskyttet",
              "ENOENT": "findes ikke", "EIO": "ind- eller uddatafejl", "ENOTDIR": "er ikke en mappe",
              "EISDIR": "er en mappe", "EEXIST": "findes allerede", "ENAMETOOLONG": "navnet er for langt"}


TERMINAL: dict[str, str] = {
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
    "api_table": "<Tabel {document} · {label} · side {page} · {rows} × {columns} · {unit} · {title}>",
    "api_table_head": "{document}, {label}, side {page}", "api_no_unit": "uden enhed",
    "api_result": "<Resultat {documents}: {statuses} · {counts}>",
    "api_columns": "{n} kolonne|{n} kolonner", "api_checks": "{n} kontrol|{n} kontroller",
    "api_findings": "{n} fund|{n} fund",
    "inspect_table": "{table}, side {page} ({ruling}): {rows}, {figures}; {title}",
    "rows": "{n} række|{n} rækker", "figures": "{n} tal|{n} tal",
    "ruling:grid": "gitterlinjer", "ruling:horizontal": "vandrette linjer", "ruling:none": "ingen linjer",
    "inspect_none": "ingen økonomisk tabel fundet; brug --page N for at tegne en side alligevel",
    "error": "pipeline: fejl: {text}",
    "internal": "pipeline: intern fejl: {error} ({hint}; meld den gerne)",
    "internal_hint_v": "fejlsporet står ovenfor", "internal_hint": "kør igen med -v for fejlsporet",
    "interrupted": "pipeline: afbrudt",
}


ERRORS: dict[str, str] = {
    "option-lang": "--lang skal være en af {choices}, ikke {value}",
    "option-jobs": "--jobs skal være et helt tal på mindst 1, ikke {value}",
    "option-timeout": "--timeout skal være et antal sekunder over 0, ikke {value}",
    "option-timeout-per-page": "--timeout-per-page skal være et antal sekunder på 0 eller mere, ikke {value}",
    "option-reader": "--reader skal være en af {choices}, ikke {value}",
    "dask-missing": "--dask kræver Dask: installér ekstraen `dask` (fx pip install '.[dask]')",
    "dask-no-scheduler": "ingen Dask-scheduler svarer på {address} ({reason})",
    "option-memory": "--memory-limit skal være et helt antal MB, mindst {minimum}, ikke {value}",
    "option-pages": "sider skal angives som 1-3,7 (sidetal fra 1), ikke {value}",
    "reader-setting-unknown": "{setting} i {path} er ikke en læseindstilling (nærmeste: {known})",
    "reader-setting-number": "læseindstillingen {setting} i {path} skal være et tal, ikke {value}",
    "reader-setting-finite": "læseindstillingen {setting} i {path} skal være et endeligt tal, ikke {value}",
    "reader-setting-whole": "læseindstillingen {setting} i {path} skal være et helt tal på mindst 1, ikke {value}",
    "reader-setting-negative": "læseindstillingen {setting} i {path} må ikke være negativ, ikke {value}",
    "reader-setting-fraction": "læseindstillingen {setting} i {path} er en brøkdel mellem 0 og 1, ikke {value}",
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
}


SET_PROBLEMS: dict[str, str] = {
    "unlisted": "{name} står ikke i {manifest}",
    "not-written": "{name} er ikke den fil, dens kørsel skrev ({manifest} for kørsel {run})",
    "unreadable": "kontraktfilerne kan ikke læses: {detail}",
    "count-findings": "documents.csv siger, at {document} har {stated} fund; {file} har {rows}",
    "count-checks": "documents.csv siger, at {document} har {stated} genberegnede totaler; {file} har {rows}",
    "stranger": "{file} har rækker for dokumenter, som documents.csv ikke nævner ({document})",
}


TABLE_LABELS = {"table": "forslag {proposal}, tabel {n}", "proposal": "forslag {n}", "titled": "forslag {n}: {title}",
                "table_only": "tabel {n}"}


# ---------------------------------------------------------------- the nightly e-mail (notify/message.py)
# (`csv_name` and `xlsx_name`: the attachments' file names)
MAIL: dict[str, str] = {
    "subject": "{new} nye eller ændrede fund, {gone} rettet",
    "removed_subject": ", {removed} fjernet",
    "intro": "Natlig kontrol af budgetforslagene i {folder}.",
    "new": "Nye fund",
    "changed": "Ændrede fund",
    "gone": "Rettet siden sidste rapport (fundet er væk)",
    "removed": "Fjernet fra mappen siden sidste rapport",
    "unreadable": "Filer der ikke kan læses",
    "fixed_files": "Filer der nu kan læses igen",
    "attached": "Fundene er vedhæftet som CSV og hele rapporten som Excel. Den fulde rapport: {report}",
    "no_pictures": "Billederne af tallene er udeladt, så beskeden kan sendes; de står i rapporten.",
    "no_workbook": "Excel-rapporten er ikke vedhæftet (for stor til e-mail); den ligger i {folder}.",
    "cut": "… og {n} mere (se den fulde rapport).",
    "page": "side",
    "test_subject": "Testbesked fra budgetkontrollen",
    "test_body": "Indstillingerne for e-mail virker: {how}.",
    "csv_name": "fund.csv",
    "xlsx_name": "rapport.xlsx",
}
# The attached findings (for people: proposals and tables counted from 1, the proposal's title).
MAIL_CSV_HEAD: list[str] = ["dokument", "forslag", "forslagets titel", "tabel", "side", "række", "kolonne",
                            "opgjort", "genberegnet", "forskel", "type", "forklaring"]


# ---------------------------------------------------------------- report.html (report/html.py)
REPORT_HTML: dict[str, str] = {
    "title": "Kontrol af budgetforslag",
    "documents": "Dokumenter",
    "document": "Dokument",
    "status": "Status",
    "pages": "Sider",
    "tables": "Tabeller",
    "findings": "Fund i tabeller",
    "narrative": "Fund: tekst mod tabel",
    "error": "Hvorfor den ikke kan læses",
    "all_findings": "Fund ({n}), dokumenter med fejl først",
    "ok": "i orden",
    "flagged": "fejl fundet",
    "unreadable": "kan ikke læses",
    "summary": "{n} dokumenter: {ok} i orden, {flagged} med fejl, {unchecked} ikke kontrolleret (ingen total "
               "at genberegne), {err} kan ikke læses.",
    "checks": "Totaler genberegnet",
    "validation": "Validering af de udtrukne data (Great Expectations)",
    "valid_ok": "alle {n} forventninger opfyldt",
    "valid_bad": "{bad} af {n} forventninger ikke opfyldt",
    "back": "Til oversigten",
    "label": "Række",
    "category": "Styringsområde",
    "role": "Rolle",
    "stated": "Opgjort",
    "recomputed": "Genberegnet",
    "difference": "Forskel",
    "added": "Lagt sammen",
    "kind": "Type",
    "page": "Side",
    "no_findings": "Alle totaler stemmer (inden for afrunding).",
    "notes": "Bemærkninger",
    "unit": "Enhed",
    "price": "Prisniveau",
    "table_findings": "Fejl i tabellerne",
    "text_findings": "Beløb i teksten, der ikke stemmer med tabellen",
    "tables_read": "Tabellerne som de er læst",
    "second": "Anden læser (camelot): {agreed} af {compared} tal ens",
    "picture": "Udsnit af siden",
    "no_tables": "Ingen økonomiske tabeller fundet.",
    "checked": "{n} totaler genberegnet",
    "many": "{n} fejl i tabellerne — for mange til at vise én for én: sandsynligvis en fejllæsning. Se "
            "tabellerne selv; alle fejl står i findings.csv.",
    "table": "Tabel",
    "count": "Antal fejl",
    "first": "Første fejl",
    "more_tables": "{n} tabeller mere står i result.json.",
    "more_pictures": "Udsnit vises for de første {n} tabeller med fejl.",
}


# ---------------------------------------------------------------- report.xlsx (report/xlsx.py)
WORKBOOK: dict[str, str] = {
    "findings": "Fund",
    "documents": "Dokumenter",
    "recomputed": "Genberegnet",
    "added": "Lagt sammen",
    "unit": "Enhed",
    "title": "Titel",
    "tables": "Tabeller",
}
# The header rows: the findings sheet, the documents sheet, a table's sheet (before its columns).
WORKBOOK_HEADS: dict[str, list[str]] = {
    "head": ["Dokument", "Forslag", "Forslagets titel", "Tabel", "Side", "Række", "Kolonne", "Opgjort",
             "Genberegnet", "Forskel", "Type", "Forklaring"],
    "dochead": ["Dokument", "Status", "Fejl", "Sider", "Tabeller", "Fund", "Totaler genberegnet", "Forklaring"],
    "tablehead": ["Række", "Styringsområde", "Rolle"],
    "indexhead": ["Ark", "Dokument", "Tabel", "Side", "Titel", "Fund"],
}


# ---------------------------------------------------------------- validation.html (report/validate.py)
VALIDATION_PAGE: dict[str, str] = {
    "title": "Validering af de udtrukne data",
    "met": "Great Expectations: {met} af {total} forventninger opfyldt.",
    "rows": "rækker",
    "passed": "bestået",
    "failed": "IKKE BESTÅET",
}
VALIDATION_HEAD: list[str] = ["forventning", "kolonne", "observeret", "eksempler"]
