"""The English sentences: every catalogue `pipeline.text.messages` picks from, in English."""
from __future__ import annotations

from pipeline.errors import ExitCode
from pipeline.model import ErrorCode, Kind, NoteCode, Role, Status

WORDS: dict[str, str] = {
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
}


STATUS_EXPLAINED = {
    Status.OK: "All {n} recomputed totals agree (within rounding).",
    Status.FLAGGED: "{bad} of {n} recomputed totals disagree.",
    Status.UNCHECKED: "No table with a total found: look at it yourself.",
    "withheld": "{n} recomputed totals agree, but {bad} not checked: the two readers read a figure behind it "
                "differently (see the notes). Look at it yourself.",
    Status.ERROR: "The document cannot be read.",
    Status.REVIEWED: "Every disagreement in the document was accepted by a person in the review file.",
}


CHECKS = {
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
}


NOTES: dict[NoteCode, str] = {
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
    NoteCode.READERS_DISAGREE: "Not checked: '{label}', column {column}: we read '{ours}', the second reader "
                               "(camelot) reads '{theirs}'. A total that rests on this figure disagrees as we read "
                               "it; the finding is held back until the figure is settled: look at it yourself.",
    NoteCode.COLUMNS_UNALIGNED: "Not checked: the table's columns cannot be told apart with certainty ({why}).",
    NoteCode.NOT_CROSSCHECKED_ROTATED: "The table is on a rotated page and was not compared with the second reader.",
    NoteCode.SECOND_READER_FAILED: "The second reader (camelot) could not read page {page}: {error}.",
    NoteCode.NOT_SUMMED: "Not checked: the total '{label}', column {columns}: {why}.",
    NoteCode.NOT_ADDITIVE: "Not checked: the column {column} is not added up ({why}), not even in the "
                           "table's total rows.",
    NoteCode.TOO_MANY_FINDINGS: "{n} findings in table {table}: probably a misreading. Look at the table yourself.",
    NoteCode.PAGES_CHOSEN: "Only page(s) {pages} were read, as asked; the rest of the document is not checked.",
    NoteCode.COPY_OF: "The same bytes as {document}: read and reported once, there.",
    NoteCode.PAGE_COUNT_DIFFERS: ("The PDF says it has {declared} page(s) (/Count), but its page tree holds"
                                  " {counted}: check that every page was read."),
    NoteCode.ACTIVE_CONTENT: ("The PDF holds active content: {why}. It was neither run nor opened; open the file"
                              " only in a program you trust."),
    NoteCode.TEXT_REPLACED: ("{count} characters of the text (on {pages} page(s), first on page {page})"
                             " could not be read: the PDF's font maps them to invalid Unicode. They are shown as �."),
}


WHY = {"javascript": "JavaScript", "launch": "a Launch action, which can start a program",
       "embedded-files": "embedded files",
       "no-items": "no items above it", "no-category-items": "no items of its budget area above it",
       "hierarchy": "the table has several levels", "signs": "it is unclear which items are subtracted",
       "mixed-units": "the columns have different units", "percent": "the column holds percentages",
       "unlabelled": "the row has no label", "text-cells": "one of its terms is text, not a figure",
       "side-by-side": "two tables stand side by side", "ambiguous": "several readings are possible",
       "blank-term": "one of its terms is left blank although its row has figures",
       "not-additive": "the column holds percentages, an index or a ratio, which do not add up",
       "years": "the column holds years", "references": "the column holds references (page or note)",
       "no-reading": "no reading of the table tells for certain which rows the figure adds",
       "rate": "its header says it is a rate, an average, a ratio or an amount per inhabitant",
       "ratio": "each row is the ratio of two of the table's other columns"}


ERROR_WORDS_ADDED: dict[str, str] = {ErrorCode.NOT_A_FILE: "not a regular file"}


ERROR_SENTENCES: dict[str, str] = {
    ErrorCode.EMPTY: "The file is empty (0 bytes).",
    ErrorCode.NOT_PDF: "The file is not a PDF: it does not begin with a PDF header.",
    ErrorCode.CORRUPT: "The PDF is damaged or truncated and cannot be read.",
    "corrupt:nested": "The PDF's objects are nested too deeply to be read.",
    "corrupt:crashed": "The reader crashed on this file ({detail}).",
    ErrorCode.ENCRYPTED: "The PDF is encrypted and needs a password to open.",
    ErrorCode.NO_TEXT_LAYER: "The pages hold no text: a scanned file needs OCR first.",
    ErrorCode.TIMEOUT: "Reading took too long and was stopped.",
    "timeout:seconds": "Reading took longer than {seconds:g} s (--timeout, --timeout-per-page) and was stopped.",
    ErrorCode.TOO_LARGE: "The file is too large: over {max_mb} MB or {max_pages} pages.",
    "too-large:bytes": "The file is {mb} MB, more than the limit of {limit_mb} MB.",
    "too-large:memory": "Reading needed more memory than the limit of {memory_mb} MB (--memory-limit) and was "
                        "stopped.",
    "too-large:inflates": "The PDF's content inflates to more than the memory limit of {memory_mb} MB "
                          "(--memory-limit): not read.",
    ErrorCode.INTERNAL: "A bug in the program while reading; the traceback is in result.json. Please report it.",
    "internal:writing": "A bug in the program while the document's results were written ({error}); the traceback "
                        "is in result.json. The other documents are written. Please report it.",
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
    "unreadable:folder": "The folder cannot be read: {reason}. The PDFs in it are not checked.",
}


OS_REASONS = {"EACCES": "permission denied", "EPERM": "operation not permitted", "ENOSPC": "no space left on the disk",
              "EDQUOT": "disk quota exceeded", "EFBIG": "file too large", "EROFS": "read-only file system",
              "ENOENT": "does not exist", "EIO": "input/output error", "ENOTDIR": "not a folder",
              "EISDIR": "is a folder", "EEXIST": "exists already", "ENAMETOOLONG": "name too long"}


TERMINAL: dict[str, str] = {
    "status:ok": "ok", "status:flagged": "FLAGGED", "status:unchecked": "UNCHECKED", "status:error": "UNREADABLE",
    "status:reviewed": "REVIEWED",
    "accepted": "accepted: {reason} ({by}, {date})", "accepted_n": "{n} accepted|{n} accepted",
    "copy_line": "{document}: a copy of {original} (the same bytes): reported there",
    "summary_reviewed": ", {n} reviewed (every finding accepted)",
    "accept_written": "{added} findings accepted in {path}; {already} were there already.",
    "tables": "{n} table|{n} tables", "totals": "{n} total recomputed|{n} totals recomputed",
    "findings": "{n} finding in tables|{n} findings in tables", "narrative": "{n} in the text|{n} in the text",
    "second_differs": "camelot reads {n} cell differently, see result.json|"
                      "camelot reads {n} cells differently, see result.json",
    "unchecked": "no total found that could be recomputed: look at it yourself",
    "withheld": "{n} total held back: the two readers read a figure differently, see the notes|"
                "{n} totals held back: the two readers read a figure differently, see the notes",
    "summary": "{documents} read ({pages}): {ok} ok, {flagged} flagged{reviewed}, {unchecked} unchecked (nothing to "
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
    "nightly_delivered": "Report with {changes} delivered ({where}).",
    "nightly_outbox": "Report with {changes} put in the outbox, NOT sent to anyone: {path}",
    "changes": "{n} change|{n} changes",
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
    "no_smtp": "no SMTP server configured",
    "smtp": "SMTP {host}:{port} ({security}){user}, to {to}", "smtp_user": " as {user}", "nobody": "(nobody)",
    "api_table": "<Table {document} · {label} · page {page} · {rows} × {columns} · {unit} · {title}>",
    "api_table_head": "{document}, {label}, page {page}", "api_no_unit": "no unit",
    "api_result": "<Result {documents}: {statuses} · {counts}>",
    "api_columns": "{n} column|{n} columns", "api_checks": "{n} check|{n} checks",
    "api_findings": "{n} finding|{n} findings",
    "inspect_table": "{table}, page {page} ({ruling}): {rows}, {figures}; {title}",
    "rows": "{n} row|{n} rows", "figures": "{n} figure|{n} figures",
    "ruling:grid": "grid rules", "ruling:horizontal": "horizontal rules", "ruling:none": "no rules",
    "inspect_none": "no financial table found; use --page N to draw a page anyway",
    "error": "pipeline: error: {text}",
    "internal": "pipeline: internal error: {error} ({hint}; please report it)",
    "internal_hint_v": "traceback above", "internal_hint": "run again with -v for the traceback",
    "interrupted": "pipeline: interrupted",
    # the progress bar on a terminal (tqdm fills its fields: `messages.progress_format`), and the
    # lines after the last document
    "progress_bar": "{percentage:3.0f}% |{bar}| {n_fmt} of {total_fmt} documents · {elapsed} elapsed, "
                    "about {remaining} left",
    "progress_unit": "doc",
    "progress_validate": "Validating the extracted data ({documents}) …",
    "progress_reports": "Writing the reports (HTML, Excel, Parquet) for {documents} …",
}


# argparse's own messages (its English texts are the keys, as gettext would look them up; the
# `%` fields are argparse's)
ARGPARSE: dict[str, str] = {
    "unrecognized arguments: %s": "unrecognized arguments: %s",
    "the following arguments are required: %s": "the following arguments are required: %s",
    "argument %(argument_name)s: %(message)s": "argument %(argument_name)s: %(message)s",
    "invalid choice: %(value)r (choose from %(choices)s)": "invalid choice: %(value)r (choose from %(choices)s)",
    "invalid %(type)s value: %(value)r": "invalid value: %(value)r (must be %(type)s)",
    "expected one argument": "expected one argument",
    "expected at most one argument": "expected at most one argument",
    "expected at least one argument": "expected at least one argument",
    "expected %s argument": "expected %s argument",
    "expected %s arguments": "expected %s arguments",
    "ambiguous option: %(option)s could match %(matches)s": "ambiguous option: %(option)s could match %(matches)s",
    "not allowed with argument %s": "not allowed with argument %s",
    "ignored explicit argument %r": "ignored explicit argument %r",
    "one of the arguments %s is required": "one of the arguments %s is required",
    "can't open '%(filename)s': %(error)s": "can't open '%(filename)s': %(error)s",
    "usage_prefix": "usage: ",
    "type:int": "a whole number", "type:float": "a number",
    "unknown option": "unknown option: %s",
    "did you mean": "%s (did you mean %s?)",
    "error": "%s: error: %s",
}


ERRORS: dict[str, str] = {
    "option-lang": "--lang must be one of {choices}, not {value}",
    "option-jobs": "--jobs must be a whole number of at least 1, not {value}",
    "option-timeout": "--timeout must be a number of seconds above 0, not {value}",
    "option-timeout-per-page": "--timeout-per-page must be a number of seconds of 0 or more, not {value}",
    "option-reader": "--reader must be one of {choices}, not {value}",
    "dask-missing": "--dask needs Dask: install the `dask` extra (e.g. pip install '.[dask]')",
    "dask-no-scheduler": "no Dask scheduler answers at {address} ({reason})",
    "option-memory": "--memory-limit must be a whole number of MB, at least {minimum}, not {value}",
    "option-pages": "pages are given as 1-3,7 (page numbers from 1), not {value}",
    "reader-setting-unknown": "{setting} in {path} is not a reader setting (nearest: {known})",
    "reader-setting-number": "the reader setting {setting} in {path} must be a number, not {value}",
    "reader-setting-finite": "the reader setting {setting} in {path} must be a finite number, not {value}",
    "reader-setting-whole": "the reader setting {setting} in {path} must be a whole number of at least 1, not {value}",
    "reader-setting-negative": "the reader setting {setting} in {path} must not be negative, not {value}",
    "reader-setting-fraction": "the reader setting {setting} in {path} is a fraction between 0 and 1, not {value}",
    "no-inputs": "nothing to check: give a PDF, a folder, or several",
    "input-missing": "{path}: no such file or folder",
    "input-odd": "{path} is neither a file nor a folder",
    "input-unreadable": "the input folder {path} cannot be read: {reason}",
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
    "no-delivery": "no SMTP server configured, so the report cannot be sent to anyone: give the settings with "
                   "--config FILE (smtp.host, mail.to) or PIPELINE_SMTP_HOST and PIPELINE_MAIL_TO, or ask for an "
                   "outbox with --outbox DIR (the messages are written there and not sent)",
    "busy": "another nightly run is in progress (lock {lock}, pid {pid})",
    "own-path-link": "{path} is a link where this program expects a file or folder of its own: it is not "
                     "followed; remove the link",
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
    # the review file and `pipeline accept`
    "review-missing": "the review file {path} does not exist",
    "review-unreadable": "the review file {path} cannot be read: {detail}",
    "review-toml": "the review file {path} is not valid TOML: {detail}",
    "review-top": "{name} in the review file {path}: the file holds only [[{section}]] tables",
    "review-unknown": "unknown key {name} in [[{section}]] no. {entry} (line {line}) of {path} (known: {known})",
    "review-key-missing": "[[{section}]] no. {entry} (line {line}) of {path} lacks {name}",
    "review-text": "{name} in [[{section}]] no. {entry} (line {line}) of {path} must be text, not {value}",
    "review-sha256": "{name} in [[{section}]] no. {entry} (line {line}) of {path} must be the document's sha256 "
                     "(64 hexadecimal digits), not {value}",
    "review-empty": "{name} in [[{section}]] no. {entry} (line {line}) of {path} must not be empty",
    "review-kind": "{name} in [[{section}]] no. {entry} (line {line}) of {path} must be one of {known}, not {value}",
    "review-number": "{name} in [[{section}]] no. {entry} (line {line}) of {path} must be the printed figure "
                     "(\"-8800\"), not {value}",
    "review-date": "{name} in [[{section}]] no. {entry} (line {line}) of {path} must be a date (2026-12-08), "
                   "not {value}",
    "accept-empty": "--{option} must not be empty",
    "accept-no-document": "{document} is not a document of {out}/documents.csv",
    "accept-kind": "--kind {kind} is not a kind of finding (known: {known})",
    "no-smtp-host": "not sent: no SMTP host configured (smtp.host in the config file or PIPELINE_SMTP_HOST)",
}


SET_PROBLEMS: dict[str, str] = {
    "unlisted": "{name} is not listed in {manifest}",
    "not-written": "{name} is not the file its run wrote ({manifest} of run {run})",
    "unreadable": "the contract files cannot be read: {detail}",
    "count-findings": "documents.csv says {document} has {stated} findings, {file} has {rows}",
    "count-checks": "documents.csv says {document} has {stated} checks, {file} has {rows}",
    "stranger": "{file} has rows of documents documents.csv does not list ({document})",
}


TABLE_LABELS = {"table": "proposal {proposal}, table {n}", "proposal": "proposal {n}",
                "titled": "proposal {n}: {title}", "table_only": "table {n}"}


# ---------------------------------------------------------------- the nightly e-mail (notify/message.py)
# (`csv_name` and `xlsx_name`: the attachments' file names)
MAIL: dict[str, str] = {
    "subject": "{new} new or changed findings, {gone} fixed",
    "accepted_subject": ", {accepted} accepted",
    "accepted": "Accepted by a person since the last report (no longer counted as errors)",
    "removed_subject": ", {removed} removed",
    "intro": "Nightly check of the budget proposals in {folder}.",
    "new": "New findings",
    "changed": "Changed findings",
    "gone": "Fixed since the last report (the finding is gone)",
    "removed": "Removed from the folder since the last report",
    "unreadable": "Files that cannot be read",
    "fixed_files": "Files that can be read again",
    "attached": "The findings are attached as CSV and the whole report as Excel. The full report: {report}",
    "no_pictures": "The pictures of the figures are left out so that the message can be sent; see the report.",
    "no_workbook": "The Excel report is not attached (too large for e-mail); it is in {folder}.",
    "cut": "… and {n} more (see the full report).",
    "page": "page",
    "test_subject": "Test message from the budget checker",
    "test_body": "The e-mail settings work: {how}.",
    "csv_name": "findings.csv",
    "xlsx_name": "report.xlsx",
}
# The attached findings (for people: proposals and tables counted from 1, the proposal's title).
MAIL_CSV_HEAD: list[str] = ["document", "proposal", "proposal title", "table", "page", "row", "column", "stated",
                            "recomputed", "difference", "kind", "message"]


# ---------------------------------------------------------------- report.html (report/html.py)
REPORT_HTML: dict[str, str] = {
    "summary_reviewed": "{n} reviewed (every finding accepted).",
    "accepted_count": "{n} findings accepted (shown in grey).",
    "title": "Budget proposal check",
    "documents": "Documents",
    "document": "Document",
    "status": "Status",
    "pages": "Pages",
    "tables": "Tables",
    "findings": "Table findings",
    "narrative": "Findings: text vs table",
    "error": "Remark",
    "all_findings": "Findings ({n}), flagged documents first",
    "ok": "ok",
    "flagged": "flagged",
    "unreadable": "unreadable",
    "summary": "{n} documents: {ok} ok, {flagged} flagged, {unchecked} unchecked (nothing to recompute), {err} "
               "unreadable.",
    "checks": "Totals recomputed",
    "validation": "Validation of the extracted data (Great Expectations)",
    "valid_ok": "all {n} expectations met",
    "valid_bad": "{bad} of {n} expectations not met",
    "back": "Back to the index",
    "label": "Row",
    "category": "Budget area",
    "role": "Role",
    "stated": "Stated",
    "recomputed": "Recomputed",
    "difference": "Difference",
    "added": "Rows added", "subtracted": "Rows subtracted",
    "kind": "Kind",
    "page": "Page",
    "no_findings": "Every total agrees (within rounding).",
    "notes": "Notes",
    "unit": "Unit",
    "price": "Price base",
    "table_findings": "Findings in the tables",
    "text_findings": "Amounts in the text that disagree with the table",
    "tables_read": "The tables as read",
    "second": "Second reader (camelot): {agreed} of {compared} figures the same",
    "picture": "Part of the page",
    "no_tables": "No financial tables found.",
    "checked": "{n} totals recomputed",
    "many": "{n} findings in the tables — too many to show one by one: probably a misreading. Look at the "
            "tables yourself; every finding is in findings.csv.",
    "table": "Table",
    "count": "Findings",
    "first": "First finding",
    "more_tables": "{n} more tables are in result.json.",
    "more_pictures": "Pictures are shown for the first {n} tables with findings.",
}


# ---------------------------------------------------------------- report.xlsx (report/xlsx.py)
WORKBOOK: dict[str, str] = {
    "findings": "Findings",
    "documents": "Documents",
    "recomputed": "Recomputed",
    "added": "Rows added", "subtracted": "Rows subtracted",
    "unit": "Unit",
    "title": "Title",
    "tables": "Tables",
}
# The header rows: the findings sheet, the documents sheet, a table's sheet (before its columns).
WORKBOOK_HEADS: dict[str, list[str]] = {
    "head": ["Document", "Proposal", "Proposal title", "Table", "Page", "Row", "Column", "Stated", "Recomputed",
             "Difference", "Kind", "Message", "Review"],
    "dochead": ["Document", "Status", "Error", "Pages", "Tables", "Findings", "Totals recomputed", "Explanation"],
    "tablehead": ["Row", "Budget area", "Role"],
    "indexhead": ["Sheet", "Document", "Table", "Page", "Title", "Findings"],
}


# ---------------------------------------------------------------- validation.html (report/validate.py)
VALIDATION_PAGE: dict[str, str] = {
    "title": "Validation of the extracted data",
    "met": "Great Expectations: {met} of {total} expectations met.",
    "rows": "rows",
    "passed": "passed",
    "failed": "FAILED",
}
VALIDATION_HEAD: list[str] = ["expectation", "column", "observed", "examples"]


# ---------------------------------------------------------------- a mail server that cannot be used (notify/smtp.py)
# Said in English in either language, beside the server's own words (the delivery's detail, for a technician).
SMTP_PROBLEMS: dict[str, str] = {
    "no-auth": "the server offers no login (AUTH) on this connection",
    "unknown-auth": "the server offers no login this program knows ({mechanisms})",
    "no-starttls": "the server does not offer STARTTLS (smtp.security = \"starttls\"); set security explicitly if it "
                   "must be none",
}

# What a failed expectation observed, when Great Expectations gives no value of its own (English in either
# language, among Great Expectations' own words in validation.json and validation.html).
VALIDATION_UNEXPECTED = "{bad} of {total} values unexpected"


# `--help` is in English only.
EXIT_CODE_MEANINGS: dict[ExitCode, str] = {
    ExitCode.OK: "every document was read and every total agrees",
    ExitCode.FINDINGS: "every document was read; at least one is flagged, or has a disagreement held back until a "
                       "figure the two readers read differently is settled",
    ExitCode.USAGE: "bad usage: unknown option or value out of range, an input file or folder missing or without any "
                    "PDF, output folder not the run's own, invalid settings file, `nightly` with no SMTP host and no "
                    "`--outbox`",
    ExitCode.UNREADABLE: "at least one document could not be read (takes precedence over 1)",
    ExitCode.INTERNAL: "internal error (a bug): one line on standard error, the traceback with `-v`",
    ExitCode.INVALID: "the extracted data failed validation (takes precedence over 1 and 3)",
    ExitCode.UNDELIVERED: "`nightly`: the report did not reach every recipient (takes precedence over 1, 3 and 5)",
    ExitCode.BUSY: "`nightly`: another nightly run is in progress",
    ExitCode.ENVIRONMENT: "the environment failed: the output folder or the state cannot be written or read "
                          "(permission denied, disk full, damaged `state.sqlite`)",
    ExitCode.INTERRUPTED: "interrupted (Ctrl-C): stopped at once, no reader left running; the results of the run "
                          "before stay in place",
}
"""What each exit code means: the table of `pipeline --help` and of the README (a test keeps them equal)."""


# ---------------------------------------------------------------- what each validation rule checks
VALIDATION_RULES: dict[str, str] = {
    "schema": "{file} does not have the contract's columns",
    "documents.status_consistent": "a document's status does not match its counts of checks and findings",
    "documents.document": "the same document is listed twice in documents.csv",
    "cells.value_dkk_implausible": "amounts implausibly large for their document (over 100 bn kr. and over 1,000 "
                                 "times the document's typical amount): check that the unit was read right",
    "cells.year": "years in column headers outside 1990–2100",
    "cells.document,table,row,column": "the same cell was read twice",
    "checks.false_has_finding": "a total that disagrees is missing from findings.csv",
    "findings.difference_adds_up": "the difference is not the stated minus the recomputed figure",
    "totals.unaccounted": "figures in total rows neither recomputed nor carrying a note that says why not",
    "*": "{file}, column {column}: values the contract does not allow",
}
VALIDATION_WORDS: dict[str, str] = {
    "ok": "Validation: all {total} rules for the extracted data hold.",
    "bad": "Validation FAILED: {bad} of {total} rules for the extracted data are broken (the extracted data "
           "contradict themselves or the contract: a bug in the program, please report it):",
    "warn": "Validation: {warn} warning|Validation: {warn} warnings",
    "item": "{rule} ({bad} of {rows}{examples})",
    "examples": "; e.g. {examples}",
    "warning": "warning",
    "mail": "The validation of the extracted data FAILED (a bug in the program, please report it):",
}


# ---------------------------------------------------------------- a picture that could not be drawn
PICTURE_FAILED: dict[str, str] = {
    "page": "The picture of the page could not be drawn: {why}. The figures and findings below are the same.",
    "summary": "Pictures of the pages are missing for {n} document ({documents}): {why}. See the report pages.|"
               "Pictures of the pages are missing for {n} documents ({documents}): {why}. See the report pages.",
    "mail": "The pictures of the pages could not be drawn: {why}. The findings are below and in the report.",
    "too-large": "drawing needed more memory than the limit of {memory} MB (--memory-limit)",
    "timeout": "drawing took longer than {timeout} s (--timeout)",
    "internal": "a bug in the program (please report it)",
}

COMMAND_EXIT_CODES: dict[str, dict[ExitCode, str]] = {
    "run": {code: EXIT_CODE_MEANINGS[code] for code in ExitCode
            if code not in (ExitCode.UNDELIVERED, ExitCode.BUSY)},
    "nightly": dict(EXIT_CODE_MEANINGS),
    "validate": {
        ExitCode.OK: "the contract files met every expectation and are the files of one run",
        ExitCode.USAGE: "bad usage: unknown option, a contract file missing from the folder",
        ExitCode.INTERNAL: EXIT_CODE_MEANINGS[ExitCode.INTERNAL],
        ExitCode.INVALID: "the contract files failed validation, or are not the files of one run",
        ExitCode.ENVIRONMENT: "the environment failed: the folder or validation.html cannot be read or written",
        ExitCode.INTERRUPTED: "interrupted (Ctrl-C)",
    },
    "accept": {
        ExitCode.OK: "the findings chosen are in the review file (those it held already stay as they were)",
        ExitCode.USAGE: "bad usage: unknown option, --from is not a finished run, the review file is malformed",
        ExitCode.INTERNAL: EXIT_CODE_MEANINGS[ExitCode.INTERNAL],
        ExitCode.ENVIRONMENT: "the environment failed: the review file cannot be written",
        ExitCode.INTERRUPTED: "interrupted (Ctrl-C)",
    },
    "inspect": {
        ExitCode.OK: "the pictures were drawn",
        ExitCode.USAGE: "bad usage: unknown option or value, the file missing or not a file",
        ExitCode.UNREADABLE: "the PDF cannot be read (the reason is printed)",
        ExitCode.INTERNAL: EXIT_CODE_MEANINGS[ExitCode.INTERNAL],
        ExitCode.ENVIRONMENT: "the environment failed: the pictures cannot be written",
        ExitCode.INTERRUPTED: "interrupted (Ctrl-C)",
    },
}
"""The exit codes each subcommand can return, as its `--help` lists them (`validate` and `inspect`
in their own words; `run` without the nightly check's)."""
