"""Stage 2, the proposals: a document split into proposals (a booklet holds many), and each table
given the proposal it belongs to.
"""
from __future__ import annotations

import statistics

from pipeline.model import DocumentContent, Proposal, TableRegion
from pipeline.tables.blocks import content_floor
from pipeline.tables.settings import DEFAULT, ReaderSettings
from pipeline.tables.vocabulary import CAPTION, CAPTION_NUMBER, TITLE_FIELD


# ---------------------------------------------------------------- proposals
def find_proposals(doc: DocumentContent, regions: list[TableRegion], s: ReaderSettings = DEFAULT) -> list[Proposal]:
    """Split a document into proposals (a booklet holds many).  A proposal starts where its
    title starts, mid-page or not: titles are set in the document's largest heading style
    that is used more than once (a cover page's type, a table of contents and running
    headers do not count), and where no heading style repeats, a table numbering that starts
    again (`Tabel 1` after `Tabel 3`) marks the start.  One proposal otherwise."""
    floor = content_floor(doc.pages, s)
    body_sizes = [ln.size for p in doc.pages for ln in p.lines if len(ln.text) > s.body_line_chars]
    body = statistics.median(body_sizes) if body_sizes else 10.0
    in_tables = {(pg, round(ln.top, 1)) for r in regions for pg, ln in r.body} | \
        {(r.page, round(ln.top, 1)) for r in regions for ln in r.header_lines}
    styles: dict[tuple[float, bool], list[tuple[int, float, str]]] = {}
    for page in doc.pages:
        prev_key = None
        for ln in page.lines:
            large = ln.size >= body + s.heading_size_step_pt or \
                (ln.bold and ln.size >= body + s.bold_heading_size_step_pt)
            heading = large and len(ln.text) <= s.max_heading_chars
            if not heading or floor.is_running(ln) or CAPTION.match(ln.text) or \
                    (page.number, round(ln.top, 1)) in in_tables:
                prev_key = None
                continue
            key = (round(ln.size * 2) / 2, ln.bold)
            marks = styles.setdefault(key, [])
            if prev_key == key and marks and marks[-1][0] == page.number:
                pg, top, text = marks[-1]
                marks[-1] = (pg, top, f"{text} {ln.text}")  # a title wrapped over two lines
            else:
                marks.append((page.number, ln.top, ln.text))
            prev_key = key
    # the title style is the largest heading style (a cover page's own type aside); it must
    # recur to split anything (a document's title used once is just its title)
    cover = len(doc.pages) > 2 and len(doc.pages[0].lines) <= s.cover_lines
    candidates = {k: v for k, v in styles.items() if not (cover and all(m[0] == 1 for m in v))}
    starts: list[tuple[int, float, str]] = []
    if candidates:
        title_style = max(candidates, key=lambda k: (k[0], k[1]))
        if len(candidates[title_style]) >= 2:
            starts = candidates[title_style]
    restarts = _numbering_restarts(regions)
    if len(starts) < 2 and restarts:
        # a recurring heading style whose headings each open one numbering of the tables
        at = [(r.page, _top(r)) for r in restarts]
        for key in sorted(candidates, key=lambda k: (k[0], k[1]), reverse=True):
            marks = candidates[key]
            if len(marks) >= 2 and _each_opens_one(marks, at):
                starts = marks
                break
        else:
            starts = [(r.page, pos[1], r.title) for r, pos in zip(restarts, at, strict=True)]
    if len(starts) >= 2:
        proposals = []
        for i, (first, top, title) in enumerate(starts):
            nxt = starts[i + 1] if i + 1 < len(starts) else None
            last = (nxt[0] if nxt[1] > doc.pages[nxt[0] - 1].height * s.proposal_start_depth else nxt[0] - 1) if nxt \
                else len(doc.pages)
            if i == 0:
                first, top = 1, 0.0  # a cover and contents belong to the first proposal
            proposals.append(Proposal(i, title.strip(), first, max(first, last), top))
        return proposals
    return [Proposal(0, _document_title(doc, s), 1, len(doc.pages))]


def _each_opens_one(marks: list[tuple[int, float, str]], restarts: list[tuple[int, float]]) -> bool:
    """Does exactly one heading come before each restart of the numbering (after the one before)?"""
    if len(marks) != len(restarts):
        return False
    previous = (0, float("-inf"))
    for (page, top, _), start in zip(marks, restarts, strict=True):
        if not previous <= (page, top) <= start:
            return False
        previous = start
    return True


def _numbering_restarts(regions: list[TableRegion]) -> list[TableRegion]:
    """Tables whose caption number starts again (`Tabel 1` after `Tabel 2`): each begins a
    proposal, and so does the first numbered table."""
    out: list[TableRegion] = []
    last = None
    for r in regions:
        m = CAPTION_NUMBER.match(r.title)
        if not m:
            continue
        n = int(m.group(1))
        if last is None or n <= last:
            out.append(r)
        last = n
    return out if len(out) >= 2 else []


def _document_title(doc: DocumentContent, s: ReaderSettings) -> str:
    """A form's title field (`Overskrift …`, `Forslagets titel: …`), else the largest type on page 1."""
    lines = [ln for ln in doc.pages[0].lines if ln.top < doc.pages[0].height * s.title_depth] if doc.pages else []
    if not lines:
        return ""
    for ln in lines:
        m = TITLE_FIELD.match(ln.text)
        if m:
            return m.group("title").strip()
    biggest = max(ln.size for ln in lines)
    return " ".join(ln.text for ln in lines if abs(ln.size - biggest) < s.title_size_tolerance_pt)


def assign_proposals(regions: list[TableRegion], proposals: list[Proposal]) -> None:
    """Each table belongs to the last proposal that starts before it (page, then height)."""
    for r in regions:
        top = _top(r)
        for p in proposals:
            if (p.first_page, p.start_top) <= (r.page, top):
                r.proposal = p.index


def _top(r: TableRegion) -> float:
    """Where a table starts on its first page; one whose caption and header end the page before
    its body (the body is on the next page) starts at the foot of that page."""
    return r.bbox[r.page][1] if r.page in r.bbox else float("inf")
