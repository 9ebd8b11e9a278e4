"""What changed since a recipient's last report: the folder's findings and unreadable files as
facts (`items_of`), compared with what the recipient was told (`changes`).

An item's identity is a JSON array (`["finding", document, kind, table, row, label, column]`,
`["error", document]`), so no file name or label — whatever characters it holds — can run
into the next field.  A finding's value holds its figures (`check`) and the title its
proposal had (`title`): only the figures decide whether it changed, and a finding that is
gone is named by the title it had when the recipient was told of it."""
from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.model import DocumentResult, Finding, Kind
from pipeline.report.files import check_from_json, check_json
from pipeline.text.messages import accepted_sentence, check_sentence, error_sentence, finding_place, word


@dataclass
class Change:
    """One line of the report: a finding or an unreadable file that is new, changed, gone
    (the document is still there: it was corrected) or removed (the file is no longer there)."""

    status: str  # new | changed | gone | removed | accepted (a person accepted it since: shown apart)
    identity: str
    document: str
    what: str  # finding | error
    text: str
    finding: Finding | None = None
    place: str = ""  # where the finding is, for people: its proposal (from 1, with its title) and table


def _key(*fields: object) -> str:
    return json.dumps(list(fields), ensure_ascii=False, separators=(",", ":"))


def finding_identity(f: Finding) -> str:
    """What makes a finding the same finding from night to night: where it is, not its figures."""
    return _key("finding", f.document, str(f.kind), f.table, f.row, f.label, f.column)


def error_identity(document: str) -> str:
    return _key("error", document)


# The identities of the first layout, fields joined with "|" (state.sqlite of an older version):
# read once when the database is opened (`state.State`), with the kind and row as anchors.
_OLD_FINDING = re.compile(r"finding\|(?P<document>.*?)\|(?P<kind>" + "|".join(re.escape(k) for k in Kind)
                          + r")\|(?P<table>[^|]*)\|(?P<row>-?\d+|None)\|(?P<label>.*)\|(?P<column>[^|]*)", re.DOTALL)


def identity_of_old(identity: str) -> str | None:
    """The identity of the first layout (`finding|doc|kind|table|row|label|column`, `error|doc`)
    in this layout; None when it is not one."""
    if identity.startswith("error|"):
        return error_identity(identity[len("error|"):])
    match = _OLD_FINDING.fullmatch(identity)
    if match is None:
        return None
    row = None if match["row"] == "None" else int(match["row"])
    return _key("finding", match["document"], match["kind"], match["table"], row, match["label"], match["column"])


def _finding_value(f: Finding, title: str | None) -> str:
    return json.dumps({"check": check_json(f), "title": title}, sort_keys=True, ensure_ascii=False)


def _facts(value: str | None) -> object:
    """What decides whether an item changed: a finding's figures (not its proposal's title)."""
    if value is None or not value.startswith("{"):
        return value
    data = json.loads(value)
    return data.get("check", data) if isinstance(data, dict) else data


def _stored(value: str) -> tuple[dict, str | None]:
    """A finding's value: its check as JSON and the title it was told with (values of an older
    layout hold the check alone, and no title)."""
    data = json.loads(value)
    if "check" in data and "title" in data:
        return data["check"], data["title"]
    return data, None


def items_of(results: Sequence[DocumentResult]) -> dict[str, str]:
    """Everything worth telling about the folder, as facts (no sentences): identity -> value."""
    items: dict[str, str] = {}
    for r in results:
        titles = {p.index: p.title for p in r.proposals}
        if r.status == "error":
            items[error_identity(r.document)] = f"{r.error}|{r.message}"
        for f in r.findings:
            items[finding_identity(f)] = _finding_value(f, titles.get(f.proposal))
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
        if now == before or _facts(now) == _facts(before):
            continue
        what, document = json.loads(identity)[:2]
        if now is None:
            status = "gone" if document in present else "removed"
        elif what == "finding" and _stored(now)[0].get("accepted"):
            status = "accepted"
        else:
            status = "new" if before is None else "changed"
        value = now if now is not None else before or ""  # (the identity is in one of the two)
        place = ""
        if what == "finding":
            data, title = _stored(value)
            stored = check_from_json(data)
            text = check_sentence(stored, lang)
            if status == "accepted" and stored.accepted is not None:
                text += " — " + accepted_sentence(stored.accepted, lang)
            # named as it was when found: a finding that is gone by the title it was told with
            named = titles.get(document, {}) if title is None else {stored.proposal: title}
            place = finding_place(stored, named, lang)
        else:  # error|<code>|<the reader's words>: the code's sentence, with the facts of the current result
            code = value.split("|", 1)[0]
            facts = present[document].error_params if document in present and now is not None else {}
            text = f"{word(code, lang)}: {error_sentence(code, facts, lang)}"
        out.append(Change(status, identity, document, what, text, by_identity.get(identity), place))
    return out


def digest(items: dict[str, str]) -> str:
    return hashlib.sha256(json.dumps(sorted(items.items()), ensure_ascii=False).encode()).hexdigest()[:16]


def report_message_id(state_id: str, told_key: str, current_key: str, sender: str) -> str:
    """The same report (from what a recipient was told to what is now) always has the same
    Message-ID, however often it is tried: mail systems drop a copy they have seen."""
    domain = re.sub(r"[^A-Za-z0-9.-]", "", sender.rpartition("@")[2]) or "localhost"
    token = hashlib.sha256(f"{state_id}|{told_key}|{current_key}".encode()).hexdigest()[:32]
    return f"<budgetkontrol.{token}@{domain}>"
