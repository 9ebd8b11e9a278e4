"""The one place where facts become sentences, in Danish or English.

The analysis stages return facts: checks (`model.Check`: what was stated, what its terms
give, which terms) and notes (`model.Note`: a code and its parameters).  Every sentence a
person reads — in findings.csv, report.html, report.xlsx and the nightly e-mail — is
written here, in the language of the run that writes it, so a result computed once can
be reported in either language.
"""
from __future__ import annotations

import errno
import re
from decimal import Decimal

from pipeline.model import Addend, Check, ErrorCode, Kind, Note, NoteCode, Status
from pipeline.read.gate import MAX_BYTES, MAX_PAGES
from pipeline.tables.numbers import format_danish
from pipeline.text import da, en

LANGUAGES = ("da", "en")

WORDS: dict[str, dict[str, str]] = {"da": da.WORDS, "en": en.WORDS}

# What a status means, said to the person reading the report.
STATUS_EXPLAINED = {"da": da.STATUS_EXPLAINED, "en": en.STATUS_EXPLAINED}

_CHECKS = {"da": da.CHECKS, "en": en.CHECKS}

NOTES: dict[str, dict[NoteCode, str]] = {"da": da.NOTES, "en": en.NOTES}

WHY = {"da": da.WHY, "en": en.WHY}


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
            return t["text_sum"].format(page=check.page, label=check.label,
                                        stated=fmt(check.stated / factor, decimals),
                                        recomputed=fmt(check.recomputed / factor, decimals),
                                        unit=d.get("text_unit", unit))
        figure = fmt(Decimal(str(d["text_amount"])), int(d.get("text_decimals", 0)))
        amount = f"{figure} {d.get('text_unit', '')}".strip()
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
                                 stated=stated, terms=terms,
                                 other=table_name(check.detail.get("other_table", ""), lang),
                                 recomputed=recomputed, unit=unit)
    return t["sum"].format(label=check.label, column=check.column, stated=stated, terms=terms,
                           recomputed=recomputed, unit=unit)


def page_list(pages) -> str:
    """`1-3, 7`: page numbers as people write them."""
    runs: list[list[int]] = []
    for number in sorted(pages):
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}-{r[-1]}" for r in runs)


def note_sentence(note: Note, lang: str = "da") -> str:
    params = dict(note.params)
    if isinstance(params.get("pages"), list):
        params["pages"] = page_list(params["pages"])
    if "why" in params:
        params["why"] = WHY[lang].get(params["why"], params["why"])
    return NOTES[lang][NoteCode(note.code)].format(**params)


def status_sentence(status: Status, lang: str, checks: int = 0, bad: int = 0) -> str:
    return STATUS_EXPLAINED[lang][status].format(n=checks, bad=bad)


# Words for error codes added after the tables above (appended: the tables above are not edited).
ERROR_WORDS_ADDED: dict[str, dict[str, str]] = {"da": da.ERROR_WORDS_ADDED, "en": en.ERROR_WORDS_ADDED}
for _lang, _words in ERROR_WORDS_ADDED.items():
    WORDS[_lang].update(_words)


# ---------------------------------------------------------------- why a document cannot be read
# The error code is the fact (documents.csv's `error`); `DocumentResult.error_params` holds the
# facts that make the sentence precise when the run knows them (the limit that was reached, the
# kind of entry).  Without them the code's general sentence is used.
ERROR_SENTENCES: dict[str, dict[str, str]] = {"da": da.ERROR_SENTENCES, "en": en.ERROR_SENTENCES}


def error_sentence(code: str, params: dict | None, lang: str) -> str:
    """Why a document cannot be read, from its error code and the facts the run recorded
    (`why` picks the precise sentence; the code's general sentence when a fact is missing)."""
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
_OS_REASONS = {"da": da.OS_REASONS, "en": en.OS_REASONS}


def os_reason(errno_number: int | None, text: str, lang: str) -> str:
    """An operating system error in the run's language, with the system's own words beside it
    (`adgang nægtet [Permission denied]`); the system's words alone when the error is not known."""
    name = errno.errorcode.get(errno_number or -1, "")
    ours = _OS_REASONS[lang].get(name)
    if ours is None or (lang == "en" and text):
        return text or ours or ""
    return f"{ours} [{text}]" if text else ours


def _os_words(errno_number: int | None, text: str, lang: str) -> str:
    """An operating system error in the run's words alone (`adgang nægtet`); the system's own
    words (strerror) when the error is not one of the known ones."""
    return _OS_REASONS[lang].get(errno.errorcode.get(errno_number or -1, ""), "") or text


# ---------------------------------------------------------------- what the command says
# The terminal's lines: one per document, the summary, the validation, the nightly check's
# report, and the errors that stop a run (`errors.PipelineError` raised with a key and facts).
TERMINAL: dict[str, dict[str, str]] = {"da": da.TERMINAL, "en": en.TERMINAL}


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
    status = say(f"status:{result.status}", lang)
    if result.status == Status.ERROR:
        return (f"{result.document}: {status} ({word(result.error, lang)}) "
                f"{error_sentence(result.error, getattr(result, 'error_params', None), lang)}")
    tables = counted("tables", len(result.tables), lang)
    if result.status == Status.UNCHECKED:
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
ERRORS: dict[str, dict[str, str]] = {"da": da.ERRORS, "en": en.ERRORS}


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
SET_PROBLEMS: dict[str, dict[str, str]] = {"da": da.SET_PROBLEMS, "en": en.SET_PROBLEMS}


def set_problem(key: str, lang: str, **facts) -> str:
    """A sign that the contract files a reader sees are not from one run (`outputs.same_run`)."""
    return SET_PROBLEMS[lang][key].format(**facts)


# ---------------------------------------------------------------- tables and proposals as people name them
TABLE_LABELS = {"da": da.TABLE_LABELS, "en": en.TABLE_LABELS}


def _capital(text: str, capital: bool) -> str:
    return text[:1].upper() + text[1:] if capital else text


def table_numbers(table_id: str) -> tuple[int, int] | None:
    """The proposal's and the table's numbers, counted from 1, of a contract id (`p1-t2` -> (1, 2))."""
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


# ---------------------------------------------------------------- the reports' and the e-mail's own words
# The nightly e-mail (`notify.message`): its sentences and the attached findings' header row.
MAIL: dict[str, dict[str, str]] = {"da": da.MAIL, "en": en.MAIL}
MAIL_CSV_HEAD: dict[str, list[str]] = {"da": da.MAIL_CSV_HEAD, "en": en.MAIL_CSV_HEAD}

# report.html and its pages per document (`report.html`).
REPORT_HTML: dict[str, dict[str, str]] = {"da": da.REPORT_HTML, "en": en.REPORT_HTML}

# report.xlsx (`report.xlsx`): sheet names and labels, and the sheets' header rows.
WORKBOOK: dict[str, dict[str, str]] = {"da": da.WORKBOOK, "en": en.WORKBOOK}
WORKBOOK_HEADS: dict[str, dict[str, list[str]]] = {"da": da.WORKBOOK_HEADS, "en": en.WORKBOOK_HEADS}

# validation.html (`report.validate`): its sentences and its tables' header row.
VALIDATION_PAGE: dict[str, dict[str, str]] = {"da": da.VALIDATION_PAGE, "en": en.VALIDATION_PAGE}
VALIDATION_HEAD: dict[str, list[str]] = {"da": da.VALIDATION_HEAD, "en": en.VALIDATION_HEAD}

# What makes a mail server unusable (`notify.smtp`): English in either language, as the server's own words beside it.
SMTP_PROBLEMS: dict[str, str] = en.SMTP_PROBLEMS

# What a failed expectation observed, when Great Expectations says nothing itself (English, as its own words).
VALIDATION_UNEXPECTED: str = en.VALIDATION_UNEXPECTED
