"""What a PDF's object structure says about it, beside its text: how many pages its page tree
really holds (PDFium trusts the root's `/Count`: `/Count 1` over 50,000 kids would read as
one page), and whether it carries active content (JavaScript, Launch actions, embedded
files), which the pipeline never runs or opens but tells the reader about.

The page tree is walked without a parser's page objects (pdfminer's objects, resolved one
at a time), iteratively, with every node visited once (a loop is walked once) and a bound on
the work: it stops once it has counted more pages than the limit.  A file pdfminer cannot
walk gives no facts (`pages` None): PDFium's count stands.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, NamedTuple

ACTIVE_KINDS = ("javascript", "launch", "embedded-files")
NODES_PER_PAGE = 4  # the walk visits at most this many nodes per page it may count (inner nodes, loops)


class TreeFacts(NamedTuple):
    pages: int | None  # leaves of the page tree (up to the limit + 1), None when it could not be walked
    active: tuple[str, ...] = ()  # the kinds of active content found (ACTIVE_KINDS), in that order


def tree_facts(path: Path, limit: int) -> TreeFacts:
    """The pages of the page tree (counted up to `limit` + 1) and the active content of the
    document's catalog and pages.  pdfminer is imported here: only a file that is read needs it."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser

    try:
        with open(path, "rb") as f:
            doc = PDFDocument(PDFParser(f))
            return _walk(doc.catalog, limit)
    except Exception:  # pdfminer fails in many ways on a file PDFium repairs: its count stands
        return TreeFacts(None)


def _walk(catalog: dict, limit: int) -> TreeFacts:
    from pdfminer.pdftypes import PDFObjRef, resolve1

    found: set[str] = set()
    _catalog_actions(catalog, found)
    stack: list[Any] = [catalog.get("Pages")]
    seen: set[int] = set()
    pages = nodes = 0
    budget = NODES_PER_PAGE * (limit + 1) + 100
    while stack and pages <= limit:
        ref = stack.pop()
        if isinstance(ref, PDFObjRef):
            if ref.objid in seen:
                continue
            seen.add(ref.objid)
        nodes += 1
        if nodes > budget:
            return TreeFacts(None, _ordered(found))
        node = resolve1(ref)
        if not isinstance(node, dict):
            continue
        if "Kids" in node:
            kids = resolve1(node["Kids"])
            if isinstance(kids, list):
                stack.extend(reversed(kids))
            continue
        pages += 1
        _page_actions(node, found)
    return TreeFacts(pages, _ordered(found))


def _ordered(found: set[str]) -> tuple[str, ...]:
    return tuple(kind for kind in ACTIVE_KINDS if kind in found)


def _name(value: Any) -> str:
    from pdfminer.pdftypes import resolve1

    value = resolve1(value)
    name = getattr(value, "name", value)
    return name.decode("latin-1") if isinstance(name, bytes) else str(name)


def _action(value: Any, found: set[str]) -> None:
    """An action dictionary: JavaScript or a Launch action (the chain of /Next actions too)."""
    from pdfminer.pdftypes import resolve1

    for _ in range(32):  # a chain of /Next actions, bounded (it may loop)
        action = resolve1(value)
        if not isinstance(action, dict):
            return
        kind = _name(action.get("S"))
        if kind == "JavaScript" or "JS" in action:
            found.add("javascript")
        elif kind == "Launch":
            found.add("launch")
        value = action.get("Next")
        if isinstance(resolve1(value), list):
            for each in resolve1(value)[:32]:
                _action(each, found)
            return


def _additional(value: Any, found: set[str]) -> None:
    """An /AA dictionary: actions on events (opening, closing, …)."""
    from pdfminer.pdftypes import resolve1

    actions = resolve1(value)
    if isinstance(actions, dict):
        for each in list(actions.values())[:32]:
            _action(each, found)


def _catalog_actions(catalog: dict, found: set[str]) -> None:
    from pdfminer.pdftypes import resolve1

    _action(catalog.get("OpenAction"), found)
    _additional(catalog.get("AA"), found)
    names = resolve1(catalog.get("Names"))
    if isinstance(names, dict):
        if names.get("JavaScript") is not None:
            found.add("javascript")
        if names.get("EmbeddedFiles") is not None:
            found.add("embedded-files")


def _page_actions(page: dict, found: set[str]) -> None:
    from pdfminer.pdftypes import resolve1

    _additional(page.get("AA"), found)
    annots = resolve1(page.get("Annots"))
    if not isinstance(annots, list):
        return
    for ref in annots[:1000]:
        annot = resolve1(ref)
        if not isinstance(annot, dict):
            continue
        if _name(annot.get("Subtype")) == "FileAttachment":
            found.add("embedded-files")
        _action(annot.get("A"), found)
        _additional(annot.get("AA"), found)
