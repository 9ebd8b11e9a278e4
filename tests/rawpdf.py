"""Write small PDFs operator by operator, for reader tests that need exact control
(horizontal scaling, text rise, rotated pages, offset and inherited MediaBoxes, form
XObjects, spaces drawn as objects of their own, text drawn twice).

Fonts: /F1 Helvetica, /F2 Helvetica-Bold, /F3 Helvetica-Oblique (standard, not embedded).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from hostile import write_pdf as write_objects


@dataclass
class RawPage:
    content: str
    mediabox: list[float] | None = field(default_factory=lambda: [0, 0, 595, 842])  # None: inherited
    rotate: int = 0
    forms: dict[str, tuple[list[float], list[float], str]] = field(default_factory=dict)  # name: bbox, matrix, content


def _array(values) -> bytes:
    return ("[" + " ".join(f"{v:g}" for v in values) + "]").encode()


def write_pdf(path: Path, pages: list[RawPage], inherited_mediabox: list[float] | None = None) -> Path:
    objects: list[bytes | None] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    fonts = {name: add(b"<< /Type /Font /Subtype /Type1 /BaseFont /%s /Encoding /WinAnsiEncoding >>" % base)
             for name, base in ((b"F1", b"Helvetica"), (b"F2", b"Helvetica-Bold"), (b"F3", b"Helvetica-Oblique"))}
    font_dict = b"<< " + b" ".join(b"/%s %d 0 R" % (k, v) for k, v in fonts.items()) + b" >>"
    objects.append(None)
    pages_id = len(objects)
    kids = []
    for page in pages:
        data = page.content.encode("latin-1")
        content = add(b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream")
        xobjects = b""
        for name, (bbox, matrix, body) in page.forms.items():
            body_bytes = body.encode("latin-1")
            head = (b"<< /Type /XObject /Subtype /Form /BBox %s /Matrix %s /Resources << /Font %s >> /Length %d >>\n"
                    b"stream\n" % (_array(bbox), _array(matrix), font_dict, len(body_bytes)))
            form = add(head + body_bytes + b"\nendstream")
            xobjects += b"/%s %d 0 R " % (name.encode(), form)
        box = b"" if page.mediabox is None else b"/MediaBox " + _array(page.mediabox)
        rotate = b"/Rotate %d" % page.rotate if page.rotate else b""
        kids.append(add(b"<< /Type /Page /Parent %d 0 R %s %s /Resources << /Font %s /XObject << %s >> >> "
                        b"/Contents %d 0 R >>" % (pages_id, box, rotate, font_dict, xobjects, content)))
    inherited = b"/MediaBox " + _array(inherited_mediabox) if inherited_mediabox else b""
    objects[pages_id - 1] = b"<< /Type /Pages /Kids [%s] /Count %d %s >>" % (
        b" ".join(b"%d 0 R" % k for k in kids), len(kids), inherited)
    catalog = add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    return write_objects(path, objects, root=catalog)
