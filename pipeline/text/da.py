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
    "withheld": "{n} genberegnede totaler stemmer, men {bad} er ikke kontrolleret: de to læsere læser et tal "
                "bag den forskelligt (se noterne). Se selv efter.",
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
    NoteCode.READERS_DISAGREE: "Ikke kontrolleret: '{label}', kolonne {column}: vi læser '{ours}', den anden "
                               "læser (camelot) '{theirs}'. En total, der bygger på tallet, stemmer ikke efter "
                               "vores læsning; fundet er holdt tilbage, indtil tallet er afklaret: se selv efter.",
    NoteCode.COLUMNS_UNALIGNED: "Ikke kontrolleret: tabellens kolonner kan ikke bestemmes sikkert ({why}).",
    NoteCode.NOT_CROSSCHECKED_ROTATED: "Tabellen står på en roteret side og er ikke sammenlignet med den "
                                       "anden læser.",
    NoteCode.SECOND_READER_FAILED: "Den anden læser (camelot) kunne ikke læse side {page}: {error}.",
    NoteCode.NOT_SUMMED: "Ikke kontrolleret: totalen '{label}', kolonne {columns}: {why}.",
    NoteCode.NOT_ADDITIVE: "Ikke kontrolleret: kolonnen {column} lægges ikke sammen ({why}), heller ikke "
                           "i tabellens totalrækker.",
    NoteCode.TOO_MANY_FINDINGS: "{n} fund i tabellen {table}: sandsynligvis en fejllæsning. Se tabellen selv.",
    NoteCode.PAGES_CHOSEN: "Kun side {pages} er læst, som det blev bedt om; resten af dokumentet er ikke kontrolleret.",
    NoteCode.COPY_OF: "Samme indhold (de samme bytes) som {document}: læst og rapporteret én gang, dér.",
    NoteCode.PAGE_COUNT_DIFFERS: ("PDF'en angiver {declared} side(r) (/Count), men dens sidetræ rummer {counted}:"
                                  " se efter, at hver side er læst."),
    NoteCode.ACTIVE_CONTENT: ("PDF'en rummer aktivt indhold: {why}. Det er hverken kørt eller åbnet; åbn kun filen"
                              " i et program, du stoler på."),
    NoteCode.TEXT_REPLACED: ("{count} tegn i teksten (på {pages} side(r), første gang side {page})"
                             " kunne ikke læses: PDF'ens skrifttype oversætter dem til ugyldig Unicode."
                             " De vises som �."),
}


WHY = {"javascript": "JavaScript", "launch": "en Launch-handling, der kan starte et program",
       "embedded-files": "indlejrede filer",
       "no-items": "ingen poster over den", "no-category-items": "ingen poster i styringsområdet over den",
       "hierarchy": "tabellen har flere niveauer", "signs": "det er uklart, hvilke poster der trækkes fra",
       "mixed-units": "kolonnerne har forskellige enheder", "percent": "kolonnen er procenter",
       "unlabelled": "rækken har ingen tekst", "text-cells": "en af posterne er tekst, ikke et tal",
       "side-by-side": "to tabeller står side om side", "ambiguous": "flere læsninger er mulige",
       "blank-term": "en af posterne er ikke udfyldt, selv om rækken har tal",
       "not-additive": "kolonnen er procenter, et indeks eller et nøgletal, som ikke lægges sammen",
       "years": "kolonnen er årstal", "references": "kolonnen er henvisninger (side eller note)",
       "no-reading": "ingen læsning af tabellen viser sikkert, hvilke rækker tallet summerer",
       "rate": "dens hoved siger, at den er en sats, et gennemsnit, et nøgletal eller et beløb pr. indbygger",
       "ratio": "hver række er forholdet mellem to af tabellens andre kolonner"}


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
    "internal:writing": "En fejl i programmet, da dokumentets resultater skulle skrives ({error}); fejlsporet står i "
                        "result.json. De andre dokumenter er skrevet. Meld den gerne.",
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
    "unreadable:folder": "Mappen kan ikke læses: {reason}. PDF-filerne i den er ikke kontrolleret.",
}


OS_REASONS = {"EACCES": "adgang nægtet", "EPERM": "handlingen er ikke tilladt", "ENOSPC": "disken er fuld",
              "EDQUOT": "diskkvoten er opbrugt", "EFBIG": "filen er for stor",
              "EROFS": "filsystemet er skrivebeskyttet",
              "ENOENT": "findes ikke", "EIO": "ind- eller uddatafejl", "ENOTDIR": "er ikke en mappe",
              "EISDIR": "er en mappe", "EEXIST": "findes allerede", "ENAMETOOLONG": "navnet er for langt"}


TERMINAL: dict[str, str] = {
    "status:ok": "i orden", "status:flagged": "FEJL FUNDET", "status:unchecked": "IKKE KONTROLLERET",
    "status:error": "KAN IKKE LÆSES", "status:reviewed": "GENNEMGÅET",
    "accepted": "accepteret: {reason} ({by}, {date})", "accepted_n": "{n} accepteret|{n} accepteret",
    "copy_line": "{document}: kopi af {original} (samme bytes): rapporteret dér",
    "summary_reviewed": ", {n} gennemgået (hvert fund accepteret)",
    "accept_written": "{added} fund accepteret i {path}; {already} stod der i forvejen.",
    "tables": "{n} tabel|{n} tabeller", "totals": "{n} total genberegnet|{n} totaler genberegnet",
    "findings": "{n} fund i tabeller|{n} fund i tabeller", "narrative": "{n} i teksten|{n} i teksten",
    "second_differs": "camelot læser {n} celle anderledes, se result.json|"
                      "camelot læser {n} celler anderledes, se result.json",
    "unchecked": "ingen total fundet, der kunne genberegnes: se selv dokumentet igennem",
    "withheld": "{n} total holdt tilbage: de to læsere læser et tal forskelligt, se noterne|"
                "{n} totaler holdt tilbage: de to læsere læser et tal forskelligt, se noterne",
    "summary": "{documents} læst ({pages}): {ok} i orden, {flagged} med fejl{reviewed}, {unchecked} ikke kontrolleret "
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
    "nightly_delivered": "Rapport med {changes} leveret ({where}).",
    "nightly_outbox": "Rapport med {changes} lagt i udbakken, IKKE sendt til nogen: {path}",
    "changes": "{n} ændring|{n} ændringer",
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
    "no_smtp": "ingen SMTP-server angivet",
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
    # the progress bar on a terminal (tqdm fills its fields: `messages.progress_format`), and the
    # lines after the last document
    "progress_bar": "{percentage:3.0f} % |{bar}| {n_fmt} af {total_fmt} dokumenter · {elapsed} brugt, "
                    "ca. {remaining} tilbage",
    "progress_unit": "dok.",
    "progress_validate": "Validerer de udtrukne data ({documents}) …",
    "progress_reports": "Skriver rapporterne (HTML, Excel, Parquet) for {documents} …",
}


# argparse's own messages (its English texts are the keys, as gettext would look them up; the
# `%` fields are argparse's); the help itself stays English
ARGPARSE: dict[str, str] = {
    "unrecognized arguments: %s": "ukendte argumenter: %s",
    "the following arguments are required: %s": "disse argumenter mangler: %s",
    "argument %(argument_name)s: %(message)s": "argumentet %(argument_name)s: %(message)s",
    "invalid choice: %(value)r (choose from %(choices)s)": "ugyldigt valg: %(value)r (vælg mellem %(choices)s)",
    "invalid %(type)s value: %(value)r": "ugyldig værdi: %(value)r (skal være %(type)s)",
    "expected one argument": "kræver en værdi",
    "expected at most one argument": "tager højst én værdi",
    "expected at least one argument": "kræver mindst én værdi",
    "expected %s argument": "kræver %s værdi",
    "expected %s arguments": "kræver %s værdier",
    "ambiguous option: %(option)s could match %(matches)s": "flertydigt tilvalg: %(option)s kan være %(matches)s",
    "not allowed with argument %s": "kan ikke bruges sammen med %s",
    "ignored explicit argument %r": "tager ingen værdi, men fik %r",
    "one of the arguments %s is required": "et af argumenterne %s skal angives",
    "can't open '%(filename)s': %(error)s": "kan ikke åbne '%(filename)s': %(error)s",
    "usage_prefix": "brug: ",  # before the usage printed on an error (the help says "usage: ")
    "type:int": "et helt tal", "type:float": "et tal",
    "unknown option": "ukendt tilvalg: %s",
    "did you mean": "%s (mente du %s?)",
    "error": "%s: fejl: %s",
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
    "input-unreadable": "inputmappen {path} kan ikke læses: {reason}",
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
    "no-delivery": "ingen SMTP-server angivet, så rapporten kan ikke sendes til nogen: angiv indstillingerne med "
                   "--config FIL (smtp.host, mail.to) eller PIPELINE_SMTP_HOST og PIPELINE_MAIL_TO, eller bed om en "
                   "udbakke med --outbox MAPPE (beskederne skrives der og sendes ikke)",
    "busy": "en anden natlig kørsel er i gang (lås {lock}, pid {pid})",
    "own-path-link": "{path} er et link, hvor programmet venter sin egen fil eller mappe: det følges ikke; "
                     "fjern linket",
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
    # the review file and `pipeline accept`
    "review-missing": "gennemgangsfilen {path} findes ikke",
    "review-unreadable": "gennemgangsfilen {path} kan ikke læses: {detail}",
    "review-toml": "gennemgangsfilen {path} er ikke gyldig TOML: {detail}",
    "review-top": "{name} i gennemgangsfilen {path}: filen rummer kun afsnit [[{section}]]",
    "review-unknown": "ukendt nøgle {name} i [[{section}]] nr. {entry} (linje {line}) i {path} (kendte: {known})",
    "review-key-missing": "[[{section}]] nr. {entry} (linje {line}) i {path} mangler {name}",
    "review-text": "{name} i [[{section}]] nr. {entry} (linje {line}) i {path} skal være tekst, ikke {value}",
    "review-sha256": "{name} i [[{section}]] nr. {entry} (linje {line}) i {path} skal være dokumentets sha256 "
                     "(64 hexadecimale tegn), ikke {value}",
    "review-empty": "{name} i [[{section}]] nr. {entry} (linje {line}) i {path} må ikke være tom",
    "review-kind": "{name} i [[{section}]] nr. {entry} (linje {line}) i {path} skal være en af {known}, ikke {value}",
    "review-number": "{name} i [[{section}]] nr. {entry} (linje {line}) i {path} skal være det trykte tal "
                     "(\"-8800\"), ikke {value}",
    "review-date": "{name} i [[{section}]] nr. {entry} (linje {line}) i {path} skal være en dato (2026-12-08), "
                   "ikke {value}",
    "accept-empty": "--{option} må ikke være tom",
    "accept-no-document": "{document} er ikke et dokument i {out}/documents.csv",
    "accept-kind": "--kind {kind} er ikke en slags fund (kendte: {known})",
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
    "accepted_subject": ", {accepted} accepteret",
    "accepted": "Accepteret af en person siden sidste rapport (tæller ikke som fejl)",
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
    "summary_reviewed": "{n} gennemgået (hvert fund accepteret).",
    "accepted_count": "{n} fund accepteret (vist gråt).",
    "title": "Kontrol af budgetforslag",
    "documents": "Dokumenter",
    "document": "Dokument",
    "status": "Status",
    "pages": "Sider",
    "tables": "Tabeller",
    "findings": "Fund i tabeller",
    "narrative": "Fund: tekst mod tabel",
    "error": "Bemærkning",
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
    "added": "Lagt sammen", "subtracted": "Trukket fra",
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
    "added": "Lagt sammen", "subtracted": "Trukket fra",
    "unit": "Enhed",
    "title": "Titel",
    "tables": "Tabeller",
}
# The header rows: the findings sheet, the documents sheet, a table's sheet (before its columns).
WORKBOOK_HEADS: dict[str, list[str]] = {
    "head": ["Dokument", "Forslag", "Forslagets titel", "Tabel", "Side", "Række", "Kolonne", "Opgjort",
             "Genberegnet", "Forskel", "Type", "Forklaring", "Gennemgang"],
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


# ---------------------------------------------------------------- what each validation rule checks
# `suite.column` of an expectation (report/validate.py) -> what it means when it is not met, in
# words a budget officer reads; "schema" for the contract's columns, "*" for any other rule.
VALIDATION_RULES: dict[str, str] = {
    "schema": "{file} har ikke kontraktens kolonner",
    "documents.status_consistent": "et dokuments status passer ikke med dets antal kontroller og fund",
    "documents.document": "samme dokument står to gange i documents.csv",
    "cells.value_dkk_implausible": "beløb, der er usandsynligt store for deres dokument (over 100 mia. kr. og "
                                 "over 1.000 gange dokumentets typiske beløb): se efter, om enheden er læst "
                                 "rigtigt",
    "cells.year": "årstal i kolonneoverskrifter uden for 1990–2100",
    "cells.document,table,row,column": "samme celle er læst to gange",
    "checks.false_has_finding": "en total, der ikke stemmer, mangler i findings.csv",
    "findings.difference_adds_up": "forskellen er ikke det opgjorte minus det genberegnede",
    "totals.unaccounted": "tal i totalrækker, der hverken er genberegnet eller har en bemærkning om hvorfor ikke",
    "*": "{file}, kolonne {column}: værdier, som kontrakten ikke tillader",
}
VALIDATION_WORDS: dict[str, str] = {
    "ok": "Validering: alle {total} regler for de udtrukne data er overholdt.",
    "bad": "Validering FEJLET: {bad} af {total} regler for de udtrukne data er brudt (de udtrukne data "
           "modsiger sig selv eller kontrakten: en fejl i programmet, meld den gerne):",
    "warn": "Validering: {warn} advarsel|Validering: {warn} advarsler",
    "item": "{rule} ({bad} af {rows}{examples})",
    "examples": "; fx {examples}",
    "warning": "advarsel",
    "mail": "Valideringen af de udtrukne data er FEJLET (en fejl i programmet, meld den gerne):",
}


# ---------------------------------------------------------------- a picture that could not be drawn
PICTURE_FAILED: dict[str, str] = {
    "page": "Udsnittet af siden kunne ikke tegnes: {why}. Tallene og fundene nedenfor er de samme.",
    "summary": "Udsnit af siderne mangler for {n} dokument ({documents}): {why}. Se rapportsiderne.|"
               "Udsnit af siderne mangler for {n} dokumenter ({documents}): {why}. Se rapportsiderne.",
    "mail": "Udsnittene af siderne kunne ikke tegnes: {why}. Fundene står nedenfor og i rapporten.",
    "too-large": "tegningen krævede mere hukommelse end grænsen på {memory} MB (--memory-limit)",
    "timeout": "tegningen tog længere end {timeout} s (--timeout)",
    "internal": "en fejl i programmet (meld den gerne)",
}
