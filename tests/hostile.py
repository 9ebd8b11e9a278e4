"""Hostile PDFs, built here byte by byte (nothing downloaded): each is a valid-looking PDF
made to cost a reader as much time or memory as it can."""
from __future__ import annotations

import zlib
from pathlib import Path

FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def write_pdf(path: Path, objects: list[bytes], root: int = 1) -> Path:
    """A PDF of `objects` (object i+1 is objects[i]) with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, root, xref)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(bytes(out))
    return path


def stream(data: bytes, extra: bytes = b"", compress: bool = False) -> bytes:
    if compress:
        data = zlib.compress(data, 9)
        extra += b" /Filter /FlateDecode"
    return b"<< /Length %d%s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def one_page(path: Path, content: bytes, compressed: bool = False, media_box: bytes = b"[0 0 595 842]") -> Path:
    """Catalog, pages, one page showing `content` (already compressed when `compressed`)."""
    body = (b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content) + content + b"\nendstream"
            if compressed else stream(content))
    return write_pdf(path, [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox " + media_box + b" /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        FONT,
        body,
    ])


def decompression_bomb(path: Path, megabytes: int = 1500) -> Path:
    """A content stream of 1.5 MB that inflates to `megabytes` MB of spaces.  Made without
    compressing all of it: after a full flush every megabyte compresses to the same bytes, so
    those are repeated, and the stream ends with an empty final block and the Adler-32 sum."""
    start, chunk = b"BT /F1 12 Tf 72 720 Td (Budget 2027) Tj ET\n", b" " * (1 << 20)
    packer = zlib.compressobj(9)
    head = packer.compress(start + chunk) + packer.flush(zlib.Z_FULL_FLUSH)
    middle = packer.compress(chunk) + packer.flush(zlib.Z_FULL_FLUSH)
    checksum = zlib.adler32(start + chunk)
    for _ in range(megabytes - 1):
        checksum = zlib.adler32(chunk, checksum)
    data = head + middle * (megabytes - 1) + b"\x03\x00" + checksum.to_bytes(4, "big")
    return one_page(path, data, compressed=True)


def huge_page_count(path: Path, pages: int = 50_000) -> Path:
    """`pages` pages sharing one small content stream (far above the page limit)."""
    return page_count_below_kids(path, pages, count=pages)


def page_tree_loop(path: Path) -> Path:
    """A page tree whose inner node lists the root among its kids: a loop."""
    return write_pdf(path, [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 2 >>",
        b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R 4 0 R] /Count 2 >>",
        b"<< /Type /Page /Parent 3 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> "
        b"/Contents 6 0 R >>",
        FONT,
        stream(b"BT /F1 12 Tf 72 720 Td (Budget 2027) Tj ET"),
    ])


def deeply_nested(path: Path, depth: int = 200_000) -> Path:
    """A page whose resources hold an array nested `depth` deep."""
    nested = b"[" * depth + b"]" * depth
    return write_pdf(path, [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> "
        b"/Properties << /Deep 6 0 R >> >> /Contents 5 0 R >>",
        FONT,
        stream(b"BT /F1 12 Tf 72 720 Td (Budget 2027) Tj ET /Deep BDC EMC"),
        nested,
    ])


def pathological_content(path: Path, operations: int = 3_000_000) -> Path:
    """One page with millions of tiny text showings (a content stream that takes long to interpret)."""
    ops = b"BT /F1 1 Tf " + b"1 0 Td (x) Tj " * operations + b"ET"
    return one_page(path, zlib.compress(ops, 9), compressed=True)


def huge_media_box(source: Path, path: Path, size: int = 14400 * 20) -> Path:
    """`source` (a PDF from reportlab) with every page's MediaBox made enormous: drawing the
    whole page at the report's resolution would need hundreds of GB."""
    data = source.read_bytes()
    import re

    data = re.sub(rb"/MediaBox\s*\[[^\]]*\]", lambda m: b"/MediaBox [ 0 0 %d %d ]" % (size, size), data)
    # the lengths of the cross-reference offsets change: let the readers rebuild them
    path.write_bytes(data)
    return path


def page_count_below_kids(path: Path, pages: int = 50_000, count: int = 1) -> Path:
    """A page tree whose root says `/Count count` over `pages` kids (PDFium trusts /Count)."""
    kids = b" ".join(b"%d 0 R" % (5 + i) for i in range(pages))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % count,
               FONT,
               stream(b"BT /F1 12 Tf 72 720 Td (Budget 2027) Tj ET")]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
                b"/Contents 4 0 R >>"] * pages
    return write_pdf(path, objects)


ACTIVE = {  # kind: (catalog entries, page entries, extra objects numbered from 6)
    "javascript": (b"/OpenAction << /S /JavaScript /JS (app.alert\\(1\\)) >>", b"", []),
    "launch": (b"", b"/Annots [<< /Type /Annot /Subtype /Link /Rect [72 700 200 730] "
                    b"/A << /S /Launch /F (calc.exe) >> >>]", []),
    "embedded-files": (b"/Names << /EmbeddedFiles << /Names [(payload.exe) 6 0 R] >> >>", b"",
                       [b"<< /Type /Filespec /F (payload.exe) /EF << /F 7 0 R >> >>",
                        stream(b"MZ not really a program", b" /Type /EmbeddedFile")]),
}


def active_content(path: Path, kind: str) -> Path:
    """One page of text with active content of `kind` (ACTIVE): JavaScript run on opening, a
    link that launches a program, an embedded file."""
    catalog, page, extra = ACTIVE[kind]
    return write_pdf(path, [
        b"<< /Type /Catalog /Pages 2 0 R " + catalog + b" >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R " + page + b" >>",
        FONT,
        stream(b"BT /F1 12 Tf 72 720 Td (Budget 2027) Tj ET"),
        *extra,
    ])
