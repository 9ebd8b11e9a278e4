"""The gatekeeper: a file that cannot be read raises a typed `InputError` whose `code` is the
contract's error code (empty, not-pdf, corrupt, encrypted, too-large) before any parser
reads its pages; the limits of what is read, and the file's sha256.
"""
from __future__ import annotations

import hashlib
import re
import zlib
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.errors import CorruptPdf, EmptyFile, EncryptedPdf, NotPdf, TooLarge

if TYPE_CHECKING:
    import pypdfium2

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


def open_pdfium(path: Path) -> pypdfium2.PdfDocument:
    """Open with PDFium, which tells a password apart from damage (pypdfium2 is imported when
    a file is opened, not when the limits are: the command starts without it)."""
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        text = str(exc).lower()
        if "password" in text:
            raise EncryptedPdf("the PDF is encrypted and needs a password to open") from None
        raise CorruptPdf(f"the PDF is damaged or truncated ({exc})") from None


_STREAM = re.compile(rb"(?<!end)stream\r?\n")


def inflates_beyond(path: Path, limit: int) -> bool:
    """Do the PDF's compressed streams inflate to more than `limit` bytes?  (A decompression
    bomb.)  Each stream is inflated in bounded steps and dropped; it stops at the limit, so
    it costs at most that much work and little memory."""
    try:
        data = Path(path).read_bytes()
    except OSError:
        return False
    total = 0
    for m in _STREAM.finditer(data):
        start = m.end()
        end = data.find(b"endstream", start)
        if end < 0:
            break
        inflater = zlib.decompressobj()
        chunk = data[start:end]
        try:
            while chunk:
                out = inflater.decompress(chunk, 1 << 20)
                total += len(out)
                if total > limit:
                    return True
                chunk = inflater.unconsumed_tail
                if inflater.eof or not out:  # the stream's end (trailing bytes are not data), or no progress
                    break
        except zlib.error:
            continue  # not a Flate stream
    return False

