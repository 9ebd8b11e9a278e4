"""Stage 1: read a PDF into pages of words, text lines and rules.

Also the gatekeeper: a file that cannot be read raises a typed `InputError` whose
`code` is the contract's error code (empty, not-pdf, corrupt, encrypted, no-text-layer,
too-large).  Nothing after this stage touches the PDF parser's objects.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from .errors import CorruptPdf, EmptyFile, EncryptedPdf, NoTextLayer, NotPdf, TooLarge
from .model import DocumentContent, PageContent, Rule, TextLine, Word

MAX_BYTES = 200 * 1024 * 1024
MAX_PAGES = 2000


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def check_file(path: Path, max_bytes: int = MAX_BYTES) -> None:
    """Cheap checks before any parser sees the file."""
    size = path.stat().st_size
    if size == 0:
        raise EmptyFile("the file is empty (0 bytes)")
    if size > max_bytes:
        raise TooLarge(f"the file is {size / 1e6:.0f} MB, more than the limit of {max_bytes / 1e6:.0f} MB")
    with path.open("rb") as f:
        head = f.read(1024)
    if b"%PDF-" not in head:
        kind = "text" if _looks_like_text(head) else "binary data"
        raise NotPdf(f"not a PDF: the file holds {kind}, not a PDF header")


def _looks_like_text(head: bytes) -> bool:
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _open_check(path: Path) -> int:
    """Open with PDFium, which tells a password apart from damage; return the page count."""
    import pypdfium2 as pdfium

    try:
        doc = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        text = str(exc).lower()
        if "password" in text:
            raise EncryptedPdf("the PDF is encrypted and needs a password to open") from None
        raise CorruptPdf(f"the PDF is damaged or truncated ({exc})") from None
    try:
        return len(doc)
    finally:
        doc.close()


def _is_bold(fontname: str) -> bool:
    name = fontname.lower()
    return "bold" in name or "black" in name or "heavy" in name or name.endswith(",b")


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


def _page_content(page, number: int) -> PageContent:
    raw_words = page.extract_words(keep_blank_chars=False, use_text_flow=False, extra_attrs=["size", "fontname"])
    words = [
        Word(w["text"], float(w["x0"]), float(w["top"]), float(w["x1"]), float(w["bottom"]),
             round(float(w["size"]), 2), _is_bold(w["fontname"]))
        for w in raw_words
        if w["text"].strip()
    ]
    rules: list[Rule] = []
    for obj in list(page.lines) + list(page.rects):
        rule = Rule(float(obj["x0"]), float(obj["top"]), float(obj["x1"]), float(obj["bottom"]))
        if rule.horizontal or rule.vertical:
            rules.append(rule)
        elif obj.get("object_type") == "rect" and obj.get("stroke"):
            # a stroked cell box: its four edges are rules
            x0, top, x1, bottom = rule.x0, rule.top, rule.x1, rule.bottom
            rules += [Rule(x0, top, x1, top), Rule(x0, bottom, x1, bottom),
                      Rule(x0, top, x0, bottom), Rule(x1, top, x1, bottom)]
    # A page with /Rotate is read as displayed: pdfplumber turns its size and characters.
    rotation = int(page.rotation or 0) % 360
    return PageContent(number, float(page.width), float(page.height), group_lines(words), rules, rotation)


def read_document(path: Path, name: str | None = None, max_bytes: int = MAX_BYTES,
                  max_pages: int = MAX_PAGES) -> DocumentContent:
    """Read every page's words and rules; raise an `InputError` for a file that cannot be read."""
    import pdfplumber
    from pdfplumber.utils.exceptions import PdfminerException

    check_file(path, max_bytes)
    n_pages = _open_check(path)
    if n_pages > max_pages:
        raise TooLarge(f"the PDF has {n_pages} pages, more than the limit of {max_pages}")
    pages: list[PageContent] = []
    try:
        with pdfplumber.open(path) as pdf:
            metadata = {k: str(v) for k, v in (pdf.metadata or {}).items() if isinstance(v, (str, int, float))}
            for i, page in enumerate(pdf.pages, start=1):
                pages.append(_page_content(page, i))
                page.close()
    except PdfminerException as exc:
        raise CorruptPdf(f"the PDF could not be parsed ({exc})") from None
    except (ValueError, KeyError, TypeError, AttributeError, IndexError, AssertionError) as exc:
        raise CorruptPdf(f"the PDF could not be parsed ({type(exc).__name__}: {exc})") from None
    if pages and not any(p.lines for p in pages):
        raise NoTextLayer(f"no text layer on any of the {len(pages)} page(s): scanned images need OCR first")
    if not pages:
        raise CorruptPdf("the PDF has no pages")
    return DocumentContent(name or path.name, pages, metadata)
