"""Characters into words, words into lines, path pieces into rules and shaded areas.

Shared by both parsers, so both readers give the same words, lines and rules: duplicate
characters dropped, characters grouped into words with tolerances relative to the type
size (`words_from_chars`), words into lines (`group_lines`), shapes into rules and shaded
areas (`rules_and_shades`); `page_content` makes a parser's `RawPage` a `PageContent`.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import replace

from pipeline.model import BBox, PageContent, Rule, TextLine, Word
from pipeline.read.chars import UNREADABLE, Char, RawPage, Shape, font_name, safe_text

# Word building, relative to the type size of the characters compared (pdfplumber's fixed
# 3 pt is 0.3 of 10 pt type).
WORD_GAP = 0.3  # a gap wider than this × size between two letters starts a new word
LINE_SHIFT = 0.3  # letters whose tops differ by more than this × size are on different lines
DUPLICATE_SHIFT = 0.1  # the same letter drawn again within this × size ("fake bold") is dropped
BLANK_SIZE = 0.2  # a blank parts the words of a line when its size is within this × theirs

LIGATURES = {"ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl", "ﬁ": "fi", "ﬂ": "fl", "ﬆ": "st", "ﬅ": "st"}


def is_bold(font: str) -> bool:
    name = font.lower()
    return "bold" in name or "black" in name or "heavy" in name or name.endswith(",b")


def is_italic(font: str) -> bool:
    """From the name, as for bold: "Arial-ItalicMT", "Verdana,Italic", "AkzidenzGroteskBE-MdIt"."""
    name = font.lower()
    if "italic" in name or "oblique" in name or "kursiv" in name:
        return True
    style = re.split(r"[-,]", name)[-1] if re.search(r"[-,]", name) else ""
    return style.endswith("it") or style in ("i", "bi")


# ---------------------------------------------------------------- characters -> words -> lines
def words_from_chars(chars: Iterable[Char]) -> list[Word]:
    """Group characters into words.

    As pdfplumber's `extract_words` with `extra_attrs=["size", "fontname"]` does, a word has
    one font and one size: the characters of each font (subset prefixes aside) and size are
    split into lines (tops within `LINE_SHIFT` × size of each other), each line is sorted left
    to right and cut at a blank of about the same size, at a gap wider than `WORD_GAP` × size and where the text
    steps backwards.  Unlike pdfplumber, the result does not depend on the order the page
    draws its text in, and the tolerances follow the type size instead of a fixed 3 pt.
    The same letter drawn again at (almost) the same place, a common way to fake bold type,
    counts once.
    """
    groups: dict[tuple, list[Char]] = {}
    blanks: list[Char] = []
    names: dict[str, str] = {}
    sizes: dict[float, float] = {}  # size → size to two decimals (a page has few sizes)
    for c in chars:
        text = c[0]
        if not text:
            continue
        if text.isspace():
            blanks.append(c)
            continue
        font = c[6]
        name = names.get(font)
        if name is None:
            name = names[font] = font_name(font)
        size = sizes.get(c[5])
        if size is None:
            size = sizes[c[5]] = round(c[5], 2)
        key = (c[7], size, name)
        group = groups.get(key)
        if group is None:
            groups[key] = [c]
        else:
            group.append(c)
    words: list[Word] = []
    upright_blanks = sorted((b for b in blanks if b.upright), key=lambda b: b.top)
    turned_blanks = sorted((_turn(b) for b in blanks if not b.upright), key=lambda b: b.top)
    for (upright, _, name), group in groups.items():
        style = (name, is_bold(name), is_italic(name))
        if upright:
            _group_to_words(group, upright_blanks, style, words, None)
        else:
            _group_to_words([_turn(c) for c in group], turned_blanks, style, words, _turn)
    return words


def _turn(c: Char) -> Char:
    """Text set vertically, with the axes swapped, so that it reads like a line (and back)."""
    return c._replace(x0=c.top, x1=c.bottom, top=c.x0, bottom=c.x1)


def _group_to_words(group: list[Char], blanks: list[Char], style: tuple, out: list[Word], back) -> None:
    """Words of one font and size: lines, then cuts at blanks, gaps and backward steps."""
    size = max(group[0].size, 1.0)
    line_tol, gap, same = LINE_SHIFT * size, WORD_GAP * size, DUPLICATE_SHIFT * size
    # lines: cluster the tops as pdfplumber does (sorted, each within tolerance of the last)
    cluster: dict[float, int] = {}
    index, last = 0, None
    for v in sorted({c[2] for c in group}):
        if last is not None and v > last + line_tol:
            index += 1
        cluster[v] = index
        last = v
    lines: dict[int, list[Char]] = {}
    for c in group:
        line = lines.get(cluster[c[2]])
        if line is None:
            lines[cluster[c[2]]] = [c]
        else:
            line.append(c)
    tops = [b[2] for b in blanks]
    for line in lines.values():
        line.sort(key=_x0)
        near: list[float] = []
        if blanks:
            low = min(c[2] for c in line) - line_tol
            high = max(c[2] for c in line) + line_tol
            near = sorted(b[1] for b in blanks[bisect_left(tops, low):bisect_right(tops, high)]
                          if abs(b[5] - size) <= BLANK_SIZE * size)
        j, n_near = 0, len(near)
        word = [line[0]]
        for c in line[1:]:
            p = word[-1]
            x0, top = c[1], c[2]
            if c[0] == p[0] and x0 - p[1] <= same and abs(top - p[2]) <= same:
                continue  # drawn twice
            # a blank parts p and c when it starts after p's beginning, not within p's
            # first three quarters (a stray space drawn over a word), and by c's beginning
            lim = p[3] - 0.25 * (p[3] - p[1])
            while j < n_near and (near[j] <= p[1] or near[j] < lim):
                j += 1
            if x0 > p[3] + gap or abs(top - p[2]) > line_tol or (j < n_near and near[j] <= x0):
                out.append(_word(word, style, back))
                word = [c]
            else:
                word.append(c)
        out.append(_word(word, style, back))


def _x0(c: Char) -> float:
    return c[1]


_LIGATURES = str.maketrans(LIGATURES)


def _word(chars: list[Char], style: tuple, back=None) -> Word:
    if back is not None:
        chars = [back(c) for c in chars]
    first = chars[0]
    x0, top, x1, bottom = first[1], first[2], first[3], first[4]
    for c in chars[1:]:
        if c[1] < x0:
            x0 = c[1]
        if c[2] < top:
            top = c[2]
        if c[3] > x1:
            x1 = c[3]
        if c[4] > bottom:
            bottom = c[4]
    name, bold, italic = style
    return Word("".join([c[0] for c in chars]).translate(_LIGATURES), x0, top, x1, bottom,
                round(first[5], 2), bold, italic, name)


def group_lines(words: list[Word], tolerance: float = 0.45) -> list[TextLine]:
    """Words whose vertical middles lie within `tolerance` × height of each other form a line."""
    lines: list[list[Word]] = []
    for word in sorted(words, key=lambda w: ((w.top + w.bottom) / 2, w.x0)):
        mid = (word.top + word.bottom) / 2
        height = max(word.bottom - word.top, 1.0)
        if lines:
            last = lines[-1]
            lmid = sum((w.top + w.bottom) / 2 for w in last) / len(last)
            if abs(mid - lmid) <= tolerance * height:
                last.append(word)
                continue
        lines.append([word])
    return [TextLine(sorted(ws, key=lambda w: w.x0)) for ws in lines]


def rules_and_shades(shapes: Iterable[Shape]) -> tuple[list[Rule], list[BBox]]:
    """Lines and thin rectangles are rules; a stroked box gives its four edges; a filled,
    non-white rectangle that is not a rule is a shaded area (row shading)."""
    rules: list[Rule] = []
    shades: list[BBox] = []
    for s in shapes:
        rule = Rule(s.x0, s.top, s.x1, s.bottom)
        if rule.horizontal or rule.vertical:
            rules.append(rule)
            continue
        if s.kind != "rect":
            continue
        if s.stroke:
            x0, top, x1, bottom = s.x0, s.top, s.x1, s.bottom
            rules += [Rule(x0, top, x1, top), Rule(x0, bottom, x1, bottom),
                      Rule(x0, top, x0, bottom), Rule(x1, top, x1, bottom)]
        if s.fill and s.shaded and s.x1 - s.x0 > 2.0 and s.bottom - s.top > 2.0:
            shades.append((s.x0, s.top, s.x1, s.bottom))
    # in reading order, whatever order the page draws them in (to a tenth of a point, so that
    # rounding errors do not reorder them)
    rules.sort(key=lambda r: (round(r.top, 1), round(r.x0, 1), round(r.bottom, 1), round(r.x1, 1)))
    shades.sort(key=lambda b: (round(b[1], 1), round(b[0], 1), round(b[3], 1), round(b[2], 1)))
    return rules, shades


def safe_words(words: list[Word]) -> list[Word]:
    """The words with their text and font name made safe (`chars.safe_text`): the one place
    text from a PDF enters, whichever parser read it."""
    out = []
    for w in words:
        text, font = safe_text(w.text), safe_text(w.font)
        out.append(w if text is w.text and font is w.font else replace(w, text=text, font=font))
    return out


def unreadable_chars(lines: list[TextLine]) -> int:
    """How many characters of the page's text could not be read (U+FFFD)."""
    return sum(w.text.count(UNREADABLE) for line in lines for w in line.words)


def page_content(raw: RawPage) -> PageContent:
    rules, shades = rules_and_shades(raw.shapes)
    return PageContent(raw.number, raw.width, raw.height, group_lines(safe_words(words_from_chars(raw.chars))),
                       rules, raw.rotation, shades)


