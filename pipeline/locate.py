"""Stage 2: find the financial tables on the pages, and the proposals in the document.

A financial table is recognised by its header: a run of years printed side by side
(`2026 2027 2028 …`, maybe followed by `I alt`), with figures aligned under them.  Above
the header we look for its caption (`Tabel 1. …`), its unit (`1.000 kr.`, `Beløb i 1.000
kr.`) and its price base (`2027 p/l`, `2026-priser`).  Below it, body lines are taken until
the text stops looking like table rows: a caption, a paragraph running across the value
columns, a wide gap.  A table that runs to the bottom of a page continues on the next
page when that page opens with rows aligned to the same columns.

Text tables (follow-up goals, hearings, approvals with dates) have no year header with
figures under it, so they are never picked up.
"""
from __future__ import annotations

import re
import statistics
from dataclasses import dataclass

from .model import Column, DocumentContent, Note, NoteCode, PageContent, Proposal, Rule, TableRegion, TextLine, Word
from .geometry import column_of, phrases, slots as column_slots
from .numbers import find_price_base, find_unit, parse_cell

YEAR = re.compile(r"^(19|20)\d{2}$")
PAGE_NUMBER = re.compile(r"^\s*(side\s+\d+(?:\s+af\s+\d+)?|\d+\s*/\s*\d+|-?\s*\d+\s*-?)\s*$", re.IGNORECASE)
NUMBERED = re.compile(r"\b\d+\s*/\s*\d+\b|\bside\s+\d+", re.IGNORECASE)  # a page number in a header
CAPTION = re.compile(r"^Tabel\s+\d+\s*[.:]?", re.IGNORECASE)
TOTAL_COLUMN = {"i alt", "total", "i alt*", "sum"}
CATEGORY_HEADER = re.compile(r"styrings|område|råde|bevillings", re.IGNORECASE)
CATEGORY_WORDS = {"service", "overførsler", "anlæg", "finansiering"}


@dataclass
class _Header:
    page: PageContent
    index: int  # index of the year line in page.lines
    columns: list[Column]


def _year_run(line: TextLine) -> tuple[list[Word], list[Word]] | None:
    """The run of years (and an `I alt` after it) in a header line, or None."""
    words = line.words
    best: list[int] = []
    i = 0
    while i < len(words):
        if YEAR.match(words[i].text):
            j = i
            while j + 1 < len(words) and YEAR.match(words[j + 1].text) and int(words[j + 1].text) > int(words[j].text):
                j += 1
            if j - i + 1 > len(best):
                best = list(range(i, j + 1))
            i = j + 1
        else:
            i += 1
    if len(best) < 2:
        return None
    years = [words[k] for k in best]
    tail: list[Word] = []
    rest = words[best[-1] + 1:]
    if len(rest) >= 2 and f"{rest[0].text} {rest[1].text}".lower() in TOTAL_COLUMN:
        tail = [rest[0], rest[1]]
    elif rest and rest[0].text.lower() in TOTAL_COLUMN:
        tail = [rest[0]]
    return years, tail


def _columns_from(years: list[Word], tail: list[Word]) -> list[Column]:
    cols = [Column(w.text, w.x0, w.x1) for w in years]
    if tail:
        label = " ".join(w.text for w in tail)
        cols.append(Column("I alt" if label.lower().startswith("i alt") else label, tail[0].x0, tail[-1].x1))
    return cols


def _is_figure(text: str) -> bool:
    return parse_cell(text) is not None


def _numeric_phrases_in(line: TextLine, zone_x0: float) -> list[list[Word]]:
    return [p for p in phrases([w for w in line.words if w.x0 >= zone_x0 - 1])
            if _is_figure(" ".join(w.text for w in p))]


def _looks_like_header(page: PageContent, index: int, next_page: PageContent | None = None) -> _Header | None:
    line = page.lines[index]
    run = _year_run(line)
    if not run:
        return None
    columns = _columns_from(*run)
    slots = column_slots(columns)
    zone_x0 = slots[0][0]
    # Figures must follow under the years within a few lines...
    for nxt in page.lines[index + 1: index + 12]:
        if nxt.top - line.bottom > 120:
            break
        for p in _numeric_phrases_in(nxt, zone_x0):
            if column_of(p[0].x0, p[-1].x1, slots) is not None:
                return _Header(page, index, columns)
    # ... or, for a header at the foot of a page, on the next page.
    rest = [ln for ln in page.lines[index + 1:] if not PAGE_NUMBER.search(ln.text)]
    if next_page is not None and line.top > page.height * 0.7 and not any(_is_prose(ln, slots) for ln in rest):
        k = _strip_running(next_page, page)
        for ln in next_page.lines[k:k + 12]:
            run_next = _year_run(ln)
            if run_next and [w.text for w in run_next[0]] == [w.text for w in run[0]]:
                continue  # a repeated header
            if _aligned_row(ln, columns, slots):
                return _Header(page, index, columns)
            if _is_prose(ln, slots) or CAPTION.match(ln.text):
                break
    return None


def _header_block(page: PageContent, index: int) -> tuple[list[TextLine], TextLine | None]:
    """Lines above the year line that belong to the header, and the caption line if any."""
    block: list[TextLine] = []
    caption = None
    prev = page.lines[index]
    for k in range(index - 1, max(-1, index - 7), -1):
        line = page.lines[k]
        if CAPTION.match(line.text):
            caption = line
            break
        gap = prev.top - line.bottom
        if gap > max(prev.bottom - prev.top, 8) * 1.6 or len(block) >= 3:
            break
        if len(line.text) > 90:  # a paragraph
            break
        block.insert(0, line)
        prev = line
    if caption is None:
        # a caption may sit a little higher, above a blank line
        top = block[0] if block else page.lines[index]
        for k in range(index - len(block) - 1, max(-1, index - len(block) - 3), -1):
            line = page.lines[k]
            if top.top - line.bottom > 40:
                break
            if CAPTION.match(line.text):
                caption = line
                break
    return block, caption


def _category_column(header_lines: list[TextLine], year_line: TextLine, columns, slots,
                     body_lines: list[TextLine]) -> Column | None:
    zone_x0 = slots[0][0]
    words = [w for ln in header_lines + [year_line] for w in ln.words if w.x1 <= zone_x0]
    heads = [w for w in words if CATEGORY_HEADER.search(w.text)]
    if heads:
        x0 = min(w.x0 for w in heads)
        # other header words starting at the same x belong to the same header cell
        return Column("Styringsområde", x0 - 2, zone_x0, kind="category")
    # No header: a column of category words, at one x, apart from the label by a column gap,
    # on most rows with figures.
    value_lines = [ln for ln in body_lines if _numeric_phrases_in(ln, zone_x0)]
    xs = []
    for ln in value_lines:
        for i, w in enumerate(ln.words):
            if i and w.text.lower().strip("*") in CATEGORY_WORDS and w.x1 <= zone_x0 and w.x0 - ln.words[i - 1].x1 > 8:
                xs.append(w.x0)
    if len(xs) >= 2:
        x0 = statistics.median(xs)
        if sum(1 for x in xs if abs(x - x0) < 3) >= max(2, len(value_lines) // 2):
            return Column("Styringsområde", x0 - 2, zone_x0, kind="category")
    return None


def _marker_columns(header_lines: list[TextLine], year_line: TextLine, columns: list[Column]) -> list[Column]:
    """Header words right of the value columns (e.g. `Investeringspuljen (sæt X)`): not values."""
    right = columns[-1].x1
    words = [w for ln in header_lines + [year_line] for w in ln.words if w.x0 > right + 2]
    if not words:
        return []
    x0, x1 = min(w.x0 for w in words), max(w.x1 for w in words)
    text = " ".join(w.text for w in sorted(words, key=lambda w: (round(w.top), w.x0)))
    text = re.sub(r"(\w)- (\w)", r"\1\2", text)
    return [Column(text, x0 - 2, x1 + 40, kind="marker")]


def _is_prose(line: TextLine, value_slots) -> bool:
    """A line that is running text rather than a table row: words that are not figures
    spread over several value columns (a bold heading row may span the table)."""
    value_x0, value_x1 = value_slots[0][0], value_slots[-1][1]
    hit: set[int] = set()
    for w in line.words:
        if w.x1 <= value_x0 or _is_figure(w.text):
            continue
        if w.x0 > value_x1:
            continue
        for i, (left, right) in enumerate(value_slots):
            if w.x0 < right and w.x1 > left:
                hit.add(i)
    if line.bold:
        return False  # a heading row spanning the table; a bold heading after it differs in size or gap
    return len(hit) >= 2


def _rules_in(page: PageContent, x0: float, top: float, x1: float, bottom: float) -> list[Rule]:
    return [r for r in page.rules
            if r.x1 >= x0 - 2 and r.x0 <= x1 + 2 and r.bottom >= top - 2 and r.top <= bottom + 2]


def _body(page: PageContent, start: int, columns, slots, label_x1: float, stop_at: set[int],
          continuation: bool = False, body_size: float | None = None) -> list[int]:
    """Indices of the body lines of a table whose header ends at line `start - 1`."""
    heights = [ln.bottom - ln.top for ln in page.lines[max(0, start - 1): start + 5]] or [10.0]
    line_height = statistics.median(heights)
    if body_size is None:  # the type size of the table's first rows
        sizes = [ln.size for ln in page.lines[start: start + 3]] or [10.0]
        body_size = statistics.median(sizes)
    out: list[int] = []
    prev_bottom = page.lines[start - 1].bottom if start else 0
    for k in range(start, len(page.lines)):
        if k in stop_at:
            break
        line = page.lines[k]
        if CAPTION.match(line.text):
            break
        if line.top - prev_bottom > max(2.6 * line_height, 16) and not (continuation and not out):
            break
        if _is_prose(line, slots) or PAGE_NUMBER.search(line.text):
            break
        if abs(line.size - body_size) > 1.2:
            break  # a footnote or footer in another type size
        out.append(k)
        prev_bottom = line.bottom
    return out


def _strip_running(page: PageContent, previous: PageContent) -> int:
    """How many lines at the top of `page` are running headers: printed on the previous page
    too, at the same height (with another page number, if any), or a bare page number."""
    def key(line: TextLine, mask: bool) -> tuple[str, int]:
        return (re.sub(r"\d+", "#", line.text) if mask else line.text, round(line.top))

    exact = {key(ln, False) for ln in previous.lines}
    masked = {key(ln, True) for ln in previous.lines if NUMBERED.search(ln.text)}
    k = 0
    while k < len(page.lines) and page.lines[k].top < page.height * 0.15:
        line = page.lines[k]
        if _year_run(line):
            break  # a repeated table header is not a running header
        if key(line, False) in exact or key(line, True) in masked or PAGE_NUMBER.search(line.text):
            k += 1
        else:
            break
    return k


def _ruling(rules: list[Rule]) -> str:
    """How Word ruled the table: a full grid, horizontal rules only, or none."""
    horizontal = sum(1 for r in rules if r.horizontal)
    vertical = sum(1 for r in rules if r.vertical)
    if vertical >= 3 and horizontal >= 3:
        return "grid"
    if horizontal >= 3:
        return "horizontal"
    return "none"


def _aligned_row(line: TextLine, columns, slots) -> bool:
    figures = _numeric_phrases_in(line, slots[0][0])
    hits = [p for p in figures if column_of(p[0].x0, p[-1].x1, slots) is not None]
    return len(hits) >= 1 and not _is_prose(line, slots)


def find_tables(doc: DocumentContent) -> list[TableRegion]:
    """Every financial table in the document, in reading order, continuations joined."""
    regions: list[TableRegion] = []
    consumed: dict[int, set[int]] = {}
    pages = doc.pages
    for pi, page in enumerate(pages):
        following = pages[pi + 1] if pi + 1 < len(pages) else None
        headers = [h for k in range(len(page.lines)) if (h := _looks_like_header(page, k, following))]
        header_idx = {h.index for h in headers}
        for h in headers:
            if h.index in consumed.get(page.number, set()):
                continue
            columns = h.columns
            slots = column_slots(columns)
            label_x1 = slots[0][0]  # the label column ends where the first value column begins
            block, caption = _header_block(page, h.index)
            stops = header_idx - {h.index}
            body_idx = _body(page, h.index + 1, columns, slots, label_x1, stops)
            body_lines = [page.lines[k] for k in body_idx]
            year_line = page.lines[h.index]
            category = _category_column(block, year_line, columns, slots, body_lines)
            markers = _marker_columns(block, year_line, columns)
            if category is not None:
                label_x1 = min(label_x1, category.x0)
            header_text = " ".join(ln.text for ln in block + [year_line])
            unit = find_unit(header_text) or (find_unit(caption.text) if caption else None)
            price = find_price_base(header_text) or (find_price_base(caption.text) if caption else None)
            x0 = min([ln.x0 for ln in body_lines + block + [year_line]])
            x1 = max([slots[-1][1]] + [m.x1 for m in markers])
            bottom = max([ln.bottom for ln in body_lines] + [year_line.bottom])
            start_page = page.number
            if caption is None and pi > 0 and (block[0] if block else year_line).top < page.height * 0.2:
                # Word may leave the caption at the foot of the previous page
                tail = [ln for ln in pages[pi - 1].lines if not PAGE_NUMBER.search(ln.text)][-3:]
                caption = next((ln for ln in reversed(tail) if CAPTION.match(ln.text)), None)
                if caption is not None:
                    start_page = pages[pi - 1].number
            top = (caption if caption is not None and start_page == page.number else (block[0] if block else year_line)).top
            region = TableRegion(
                page=start_page,
                title=caption.text.strip() if caption else "",
                unit_text=unit.text if unit else "",
                price_base=price,
                columns=([category] if category else []) + columns + markers,
                label_x1=label_x1,
                body=[(page.number, ln) for ln in body_lines],
                rules={page.number: _rules_in(page, x0, year_line.top, x1, bottom + 3)},
                bbox={page.number: (x0, top, x1, bottom)},
            )
            region.ruling = _ruling(region.rules[page.number])
            region.page_heights[page.number] = page.height
            region.rotated = bool(page.rotation)
            # Continuation on the next page(s).
            last_idx = body_idx[-1] if body_idx else h.index
            cur, cur_pi = page, pi
            while cur_pi + 1 < len(pages):
                rest = cur.lines[last_idx + 1:]
                if any(ln.top < cur.height * 0.75 or CAPTION.match(ln.text) or _year_run(ln) for ln in rest):
                    break  # something follows the table on its page: it ends here
                nxt = pages[cur_pi + 1]
                k = _strip_running(nxt, cur)
                # a repeated header (caption and/or years) is skipped
                repeated = False
                for j in range(k, min(k + 4, len(nxt.lines))):
                    line_j = nxt.lines[j]
                    run = _year_run(line_j)
                    if run and [w.text for w in run[0]] == [c.label for c in columns if YEAR.match(c.label)]:
                        k, repeated = j + 1, True
                        consumed.setdefault(nxt.number, set()).add(j)  # not a new table
                        break
                    if CAPTION.match(line_j.text) or abs(line_j.size - year_line.size) > 1.0 or _is_prose(line_j, slots):
                        break  # a title, caption or text first: whatever follows is another table
                # the page must open with rows aligned to the columns (a wrapped label may come first)
                opening = nxt.lines[k:k + 10]
                first_row = next((j for j, ln in enumerate(opening) if _aligned_row(ln, columns, slots)), None)
                if first_row is None or any(_is_prose(ln, slots) or CAPTION.match(ln.text) or _year_run(ln)
                                            or (ln.x1 > label_x1 and not ln.bold) for ln in opening[:first_row]):
                    break
                nxt_headers = {j for j in range(len(nxt.lines)) if _looks_like_header(nxt, j)}
                sizes = [ln.size for _, ln in region.body[:3]] or [year_line.size]
                more = _body(nxt, k, columns, slots, label_x1, nxt_headers, continuation=True,
                             body_size=statistics.median(sizes))
                if not more:
                    break
                lines = [nxt.lines[j] for j in more]
                region.body += [(nxt.number, ln) for ln in lines]
                bx0, bx1 = min(ln.x0 for ln in lines), x1
                region.bbox[nxt.number] = (bx0, lines[0].top, bx1, lines[-1].bottom)
                region.rules[nxt.number] = _rules_in(nxt, bx0, lines[0].top - 3, bx1, lines[-1].bottom + 3)
                region.page_heights[nxt.number] = nxt.height
                region.notes.append(Note(NoteCode.CONTINUES_REPEATED if repeated else NoteCode.CONTINUES,
                                         {"page": nxt.number}, page=nxt.number))
                consumed.setdefault(nxt.number, set()).update(more)
                last_idx, cur, cur_pi = more[-1], nxt, cur_pi + 1
            regions.append(region)
    return regions


# ---------------------------------------------------------------- proposals
def find_proposals(doc: DocumentContent, regions: list[TableRegion]) -> list[Proposal]:
    """Split a document into proposals: a page that opens with a title in the document's
    largest heading size starts a proposal.  One proposal when there is only one such page."""
    body_sizes = [ln.size for p in doc.pages for ln in p.lines if len(ln.text) > 60]
    body = statistics.median(body_sizes) if body_sizes else 10.0
    starts: list[tuple[int, str]] = []
    title_size = 0.0
    for page in doc.pages:
        for ln in page.lines[:6]:
            if ln.top < page.height * 0.3 and ln.bold and ln.size >= body * 1.45:
                title_size = max(title_size, ln.size)
    if title_size:
        for page in doc.pages:
            head = [ln for ln in page.lines if ln.top < page.height * 0.3 and abs(ln.size - title_size) < 0.6 and ln.bold]
            if head:
                # a title may wrap over several lines of the same size
                starts.append((page.number, " ".join(ln.text for ln in head)))
    # Only a repeated title style (with its own tables) splits a document.
    if len(starts) >= 2:
        pages_with_tables = {r.page for r in regions}
        bounds = [s[0] for s in starts] + [len(doc.pages) + 1]
        proposals = []
        for i, (first, title) in enumerate(starts):
            last = bounds[i + 1] - 1
            if i == 0 and first > 1:
                first = 1
            proposals.append(Proposal(i, title, first, last))
        if all(any(p.first_page <= pg <= p.last_page for pg in pages_with_tables) for p in proposals) or not regions:
            return proposals
    title = _document_title(doc)
    return [Proposal(0, title, 1, len(doc.pages))]


TITLE_FIELD = re.compile(r"^(?:overskrift|forslagets titel|titel|forslag)\s*:?\s+(?P<title>\S.{3,})$", re.IGNORECASE)


def _document_title(doc: DocumentContent) -> str:
    """A form's title field (`Overskrift …`, `Forslagets titel: …`), else the largest type on page 1."""
    lines = [ln for ln in doc.pages[0].lines if ln.top < doc.pages[0].height * 0.4] if doc.pages else []
    if not lines:
        return ""
    for ln in lines:
        m = TITLE_FIELD.match(ln.text)
        if m:
            return m.group("title").strip()
    biggest = max(ln.size for ln in lines)
    return " ".join(ln.text for ln in lines if abs(ln.size - biggest) < 0.6)


def assign_proposals(regions: list[TableRegion], proposals: list[Proposal]) -> None:
    for r in regions:
        for p in proposals:
            if p.first_page <= r.page <= p.last_page:
                r.proposal = p.index
