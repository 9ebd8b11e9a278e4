"""What changed since a recipient's last report: the folder's findings and unreadable files as
facts (`items_of`), compared with what the recipient was told (`changes`)."""
from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.model import DocumentResult, Finding
from pipeline.report.files import check_from_json, check_json
from pipeline.text.messages import check_sentence, error_sentence, finding_place, word


@dataclass
class Change:
    """One line of the report: a finding or an unreadable file that is new, changed, gone
    (the document is still there: it was corrected) or removed (the file is no longer there)."""

    status: str  # new | changed | gone | removed
    identity: str
    document: str
    what: str  # finding | error
    text: str
    finding: Finding | None = None
    place: str = ""  # where the finding is, for people: its proposal (from 1, with its title) and table


def finding_identity(f: Finding) -> str:
    """What makes a finding the same finding from night to night: where it is, not its figures."""
    return f"finding|{f.document}|{f.kind}|{f.table}|{f.row}|{f.label}|{f.column}"


def items_of(results: Sequence[DocumentResult]) -> dict[str, str]:
    """Everything worth telling about the folder, as facts (no sentences): identity -> value."""
    items: dict[str, str] = {}
    for r in results:
        if r.status == "error":
            items[f"error|{r.document}"] = f"{r.error}|{r.message}"
        for f in r.findings:
            items[finding_identity(f)] = json.dumps(check_json(f), sort_keys=True, ensure_ascii=False)
    return items


def changes(current: dict[str, str], confirmed: dict[str, str], results: Sequence[DocumentResult],
            lang: str = "da") -> list[Change]:
    by_identity: dict[str, Finding] = {}
    present = {r.document: r for r in results}
    titles = {r.document: {p.index: p.title for p in r.proposals} for r in results}
    for r in results:
        for f in r.findings:
            by_identity[finding_identity(f)] = f
    out: list[Change] = []
    for identity in sorted(set(current) | set(confirmed)):
        now, before = current.get(identity), confirmed.get(identity)
        if now == before:
            continue
        what, document = identity.split("|")[:2]
        if now is None:
            status = "gone" if document in present else "removed"
        else:
            status = "new" if before is None else "changed"
        value = now if now is not None else before or ""  # (the identity is in one of the two)
        place = ""
        if what == "finding":
            stored = check_from_json(json.loads(value))
            text = check_sentence(stored, lang)
            place = finding_place(stored, titles.get(document, {}), lang)
        else:  # error|<code>|<the reader's words>: the code's sentence, with the facts of the current result
            code = value.split("|", 1)[0]
            facts = present[document].error_params if document in present and now is not None else {}
            text = f"{word(code, lang)}: {error_sentence(code, facts, lang)}"
        out.append(Change(status, identity, document, what, text, by_identity.get(identity), place))
    return out


def digest(items: dict[str, str]) -> str:
    return hashlib.sha256("\n".join(f"{k}={v}" for k, v in sorted(items.items())).encode()).hexdigest()[:16]


def report_message_id(state_id: str, told_key: str, current_key: str, sender: str) -> str:
    """The same report (from what a recipient was told to what is now) always has the same
    Message-ID, however often it is tried: mail systems drop a copy they have seen."""
    domain = re.sub(r"[^A-Za-z0-9.-]", "", sender.rpartition("@")[2]) or "localhost"
    token = hashlib.sha256(f"{state_id}|{told_key}|{current_key}".encode()).hexdigest()[:32]
    return f"<budgetkontrol.{token}@{domain}>"
