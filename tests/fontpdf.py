"""PDFs whose font maps a glyph to a code point of our choosing through its ToUnicode CMap
(`<44> <D800>`: the letter D drawn, a lone surrogate as its text), written object by object
(tests/hostile.py writes the file)."""
from __future__ import annotations

from pathlib import Path

from hostile import stream, write_pdf


def to_unicode(code: bytes, target: bytes) -> bytes:
    """A ToUnicode CMap mapping the one-byte `code` (hex) to `target` (UTF-16BE, hex)."""
    return (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Odd def "
            b"1 begincodespacerange <00> <FF> endcodespacerange "
            b"1 beginbfchar <" + code + b"> <" + target + b"> endbfchar "
            b"endcmap CMapName currentdict /CMap defineresource pop end end")


def mapped_glyph(path: Path, target: bytes, text: bytes = b"Budget D 2027", code: bytes = b"44") -> Path:
    """One page showing `text` in Helvetica whose ToUnicode maps the byte `code` ("D") to
    `target` (hex UTF-16BE: b"D800", b"DC00", an unpaired b"D83D", a pair b"D83DDE00")."""
    return write_pdf(path, [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding /ToUnicode 6 0 R >>",
        stream(b"BT /F1 12 Tf 72 720 Td (" + text + b") Tj 0 -20 Td (Skole og dagtilbud) Tj ET"),
        stream(to_unicode(code, target)),
    ])
