"""Small geometric helpers shared by the table stages: phrases of words, column slots."""
from __future__ import annotations

import statistics
from itertools import pairwise

from pipeline.model import Column, Word
from pipeline.tables.settings import DEFAULT, ReaderSettings


def phrases(words: list[Word], gap: float | None = None, s: ReaderSettings = DEFAULT) -> list[list[Word]]:
    """Words separated by no more than an ordinary space form one phrase (`3 år`, `1.000 kr.`)."""
    out: list[list[Word]] = []
    for w in sorted(words, key=lambda w: w.x0):
        limit = gap if gap is not None else max(w.size, s.min_word_size_pt) * s.word_space
        if out and w.x0 - out[-1][-1].x1 <= limit:
            out[-1].append(w)
        else:
            out.append([w])
    return out


def slots(columns: list[Column], s: ReaderSettings = DEFAULT) -> list[tuple[float, float]]:
    """The x-interval each value column owns: halfway to its neighbours' centres."""
    centres = [(c.x0 + c.x1) / 2 for c in columns]
    width = statistics.median([b - a for a, b in pairwise(centres)]) if len(centres) > 1 else s.slot_width_pt
    out = []
    for i, c in enumerate(centres):
        left = (centres[i - 1] + c) / 2 if i else c - width / 2
        right = (c + centres[i + 1]) / 2 if i + 1 < len(centres) else c + width / 2
        out.append((left, right))
    return out


def column_of(x0: float, x1: float, column_slots: list[tuple[float, float]]) -> int | None:
    """The value column a phrase belongs to: the slot holding its centre."""
    xc = (x0 + x1) / 2
    for i, (left, right) in enumerate(column_slots):
        if left <= xc < right:
            return i
    return None
