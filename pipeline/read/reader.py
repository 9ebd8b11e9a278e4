"""Stage 1: read a PDF into pages of words, text lines, rules and shaded areas.

Two parsers feed the same building blocks:

* `pdfium` (the default, `pipeline.read.pdfium`): PDFium through pypdfium2, about ten
  times faster than pdfminer's layout parsing;
* `pdfplumber` (`pipeline.read.plumber`): pdfplumber/pdfminer, the reference reader
  (`pipeline run --reader pdfplumber`).

Each parser only delivers *characters* and *painted path pieces* (`pipeline.read.chars`,
the parser contract); everything after that is shared (`pipeline.read.words`): duplicate
characters dropped, characters grouped into words with tolerances relative to the type
size, words into lines, path pieces into rules and shaded areas.  So both readers give
the same words, lines and rules; what can still differ, and by how much, is in
tests/test_readers.py (PDFium places glyphs with its own arithmetic in single precision,
measures fonts whose descriptor gives no descent, and maps some glyphs to Unicode that
pdfminer leaves as `(cid:N)`).

Pages are parsed one at a time and closed before the next is opened: memory holds the
words and rules of the document, never a parser's page objects.

A file that cannot be read raises a typed `InputError` whose `code` is the contract's
error code: the cheap checks before any parser are `pipeline.read.gate`; a document with
no pages or no text layer is found here.  Nothing after this stage touches the PDF
parser's objects.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from types import ModuleType

from pipeline.errors import CorruptPdf, NoTextLayer, TooLarge
from pipeline.isolation import allow_pages
from pipeline.model import DocumentContent, Note, NoteCode, PageContent
from pipeline.read import pdfium as read_pdfium
from pipeline.read import plumber as read_plumber
from pipeline.read.chars import DEFAULT_READER, READERS, safe_text
from pipeline.read.gate import MAX_BYTES, MAX_PAGES, check_file, open_pdfium
from pipeline.read.tree import TreeFacts, tree_facts
from pipeline.read.words import page_content, unreadable_chars

PARSERS: dict[str, ModuleType] = {"pdfium": read_pdfium, "pdfplumber": read_plumber}


# ---------------------------------------------------------------- the stage
def _parser(reader: str) -> ModuleType:
    if reader not in PARSERS:
        raise ValueError(f"unknown reader {reader!r}; choose one of {', '.join(READERS)}")
    return PARSERS[reader]


def iter_pages(path: Path, reader: str = DEFAULT_READER, pages: Iterable[int] | None = None) -> Iterator[PageContent]:
    """Each page's content (or only those numbered in `pages`), parsed and released one page
    at a time (no checks: see `read_document`)."""
    parser = _parser(reader)
    for raw in parser.raw_pages(path, None if pages is None else set(pages)):
        yield page_content(raw)


def read_document(path: Path, name: str | None = None, max_bytes: int = MAX_BYTES,
                  max_pages: int = MAX_PAGES, reader: str = DEFAULT_READER) -> DocumentContent:
    """Read every page's words and rules; raise an `InputError` for a file that cannot be read.

    `reader` is `pdfium` (the default) or `pdfplumber` (the reference); both give the same
    content (see the module's docstring)."""
    parser = _parser(reader)
    check_file(path, max_bytes)
    doc = open_pdfium(path)  # either way: PDFium tells a password from damage, and counts pages
    pages: list[PageContent] = []
    try:
        n_pages = len(doc)  # the root's /Count, which PDFium trusts
        if n_pages > max_pages:
            raise TooLarge(f"the PDF has {n_pages} pages, more than the limit of {max_pages}")
        facts = tree_facts(path, max_pages)  # the page tree's own count decides (`/Count 1` over 50,000 kids)
        if facts.pages is not None and facts.pages > max_pages:
            raise TooLarge(f"the PDF's page tree holds more than {max_pages} pages (its /Count says {n_pages})")
        allow_pages(n_pages)  # in a worker: its time limit grows with the pages (`--timeout-per-page`)
        metadata = parser.metadata_of(doc) if reader == "pdfium" else parser.metadata(path)
        doc.close()
        for raw in parser.raw_pages(path):
            pages.append(page_content(raw))
    except parser.parse_errors() as exc:
        raise CorruptPdf(f"the PDF could not be parsed ({type(exc).__name__}: {exc})") from None
    finally:
        doc.close()
    if pages and not any(p.lines for p in pages):
        raise NoTextLayer(f"no text layer on any of the {len(pages)} page(s): scanned images need OCR first")
    if not pages:
        raise CorruptPdf("the PDF has no pages")
    metadata = {safe_text(str(k)): safe_text(v) if isinstance(v, str) else v for k, v in metadata.items()}
    return DocumentContent(name or path.name, pages, metadata, structure_notes(n_pages, facts) + text_notes(pages))


def structure_notes(declared: int, facts: TreeFacts) -> list[Note]:
    """Notes on what the file's structure says: a page count (/Count) its page tree does not
    bear out, and active content (never run or opened)."""
    notes = []
    if facts.pages is not None and facts.pages != declared:
        notes.append(Note(NoteCode.PAGE_COUNT_DIFFERS, {"declared": declared, "counted": facts.pages}))
    notes += [Note(NoteCode.ACTIVE_CONTENT, {"why": kind}) for kind in facts.active]
    return notes


def text_notes(pages: list[PageContent]) -> list[Note]:
    """A note when some of the text could not be read (code points no file can hold, made
    U+FFFD where they entered: `words.safe_words`): how many, and the first page."""
    counts = [(p.number, unreadable_chars(p.lines)) for p in pages]
    found = [(number, n) for number, n in counts if n]
    if not found:
        return []
    first = found[0][0]
    return [Note(NoteCode.TEXT_REPLACED, {"count": sum(n for _, n in found), "pages": len(found), "page": first},
                 page=first)]
