"""Text from a document or a file name as it is shown to people (terminal, HTML, e-mail,
report.xlsx): characters that act without being seen are escaped, visible, as the file
names' control characters are (`\\x07`).

Escaped: control characters (Unicode category Cc) but tab, line feed and carriage return;
format characters (Cf) — bidi overrides and isolates (U+202E turns `‮gnp.exe.pdf` around),
zero-width spaces and joiners, the byte-order mark, the soft hyphen; the line and paragraph
separators (U+2028, U+2029); and any lone surrogate.  `\\u202e`, `\\x07`, `\\U000e0001`.
"""
from __future__ import annotations

import unicodedata

KEPT = frozenset("\t\n\r")
ESCAPED_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs"})


def escape_char(ch: str) -> str:
    code = ord(ch)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def hidden(ch: str) -> bool:
    """Does the character act without being seen (and so must be shown escaped)?"""
    return ch not in KEPT and unicodedata.category(ch) in ESCAPED_CATEGORIES


def shown(text: str) -> str:
    """`text` with every character that acts without being seen escaped (see the module)."""
    if text.isascii() and text.isprintable():
        return text
    return "".join(escape_char(ch) if hidden(ch) else ch for ch in text)
