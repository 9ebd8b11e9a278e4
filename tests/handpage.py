"""Pages built by hand, below the PDF layer: words with positions and type sizes as a reader
hands them on (`model.PageContent`), for the table finder and the rows stage; no PDF is drawn
and no reader runs.

    page = hand_page([text_line(100, "Tabel 1. Drift"), figure_line(130, "Løn", ["-500", "200"])])
"""
from __future__ import annotations

from pipeline.model import DocumentContent, PageContent, TextLine, Word

SIZE = 10.0  # type size (points)
CHAR = 0.5 * SIZE  # the width of a character
SPACE = 0.25 * SIZE  # a word space: well under a cell gap
LABEL_X0 = 72.0
RIGHT_EDGES = (380.0, 450.0, 520.0)  # where the figures of each value column end (right-aligned)
WIDTH, HEIGHT = 595.0, 842.0


def words_at(x0: float, top: float, text: str, size: float = SIZE, bold: bool = False) -> list[Word]:
    """The words of `text` set from `x0`, one word space apart."""
    out: list[Word] = []
    x = x0
    for piece in text.split():
        w = len(piece) * size / 2
        out.append(Word(piece, x, top, x + w, top + size, size, bold))
        x += w + size / 4
    return out


def right_aligned(x1: float, top: float, text: str, size: float = SIZE, bold: bool = False) -> list[Word]:
    width = sum(len(p) for p in text.split()) * size / 2 + (len(text.split()) - 1) * size / 4
    return words_at(x1 - width, top, text, size, bold)


def text_line(top: float, text: str, x0: float = LABEL_X0, size: float = SIZE, bold: bool = False) -> TextLine:
    return TextLine(words_at(x0, top, text, size, bold))


def figure_line(top: float, label: str, figures: list[str | None], x0: float = LABEL_X0, bold: bool = False,
                edges: tuple[float, ...] = RIGHT_EDGES) -> TextLine:
    """A row: its label from `x0`, each figure ending at its column's right edge (None: blank)."""
    words = words_at(x0, top, label, bold=bold) if label else []
    for edge, text in zip(edges, figures, strict=False):
        if text is not None:
            words += right_aligned(edge, top, text, bold=bold)
    return TextLine(words)


def header_line(top: float, texts: list[str], label: str = "", bold: bool = True) -> TextLine:
    return figure_line(top, label, list(texts), bold=bold)


def hand_page(lines: list[TextLine], number: int = 1) -> PageContent:
    return PageContent(number, WIDTH, HEIGHT, sorted(lines, key=lambda ln: ln.top), [])


def hand_doc(*pages: PageContent) -> DocumentContent:
    return DocumentContent("hand.pdf", list(pages))
