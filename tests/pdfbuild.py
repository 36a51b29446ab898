"""Small hand-made PDFs for the ingest and fuzz tests: text pages, and pathological shapes.

Written byte by byte (objects, cross-reference table, trailer) so that a test
can make exactly the damage it wants: a wrong /Count, a page-tree cycle, a
compression bomb, a stream that cannot be decoded.
"""

from __future__ import annotations

import zlib

FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def pdf_string(text: str) -> bytes:
    """``text`` as a PDF literal string (Latin-1, parentheses and backslashes escaped)."""
    raw = text.encode("latin-1", "replace")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def text_content(text: str, line_chars: int = 90) -> bytes:
    """A content stream showing ``text``, ``line_chars`` characters a line."""
    lines = [text[i:i + line_chars] for i in range(0, len(text), line_chars)] or [""]
    body = b" T*\n".join(pdf_string(line) + b" Tj" for line in lines)
    return b"BT /F1 9 Tf 11 TL 40 800 Td\n" + body + b"\nET"


def stream(data: bytes, compress: bool = False, extra: bytes = b"") -> bytes:
    """A stream object's body (dictionary and data)."""
    if compress:
        data = zlib.compress(data)
        extra += b" /Filter /FlateDecode"
    return b"<< /Length %d%s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def assemble(objects: dict[int, bytes], root: int = 1, trailer: bool = True) -> bytes:
    """A PDF file of numbered objects, with a cross-reference table and a trailer."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + objects[number] + b"\nendobj\n"
    size = max(objects) + 1
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for number in range(1, size):
        out += b"%010d 00000 n \n" % offsets[number] if number in offsets else b"0000000000 65535 f \n"
    if trailer:
        out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, root, xref)
    return bytes(out)


def text_pdf(pages: list[str], count: int | None = None, compress: bool = False,
             contents: list[bytes] | None = None) -> bytes:
    """A PDF with one page per string of ``pages`` (``contents``: raw content streams instead).

    ``count`` overrides the page tree's declared /Count.
    """
    contents = contents if contents is not None else [text_content(t) for t in pages]
    objects = {1: b"<< /Type /Catalog /Pages 2 0 R >>", 3: FONT}
    kids = []
    for i, content in enumerate(contents):
        page, stream_number = 4 + 2 * i, 5 + 2 * i
        kids.append(b"%d 0 R" % page)
        objects[page] = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                         b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % stream_number)
        objects[stream_number] = stream(content, compress)
    declared = len(contents) if count is None else count
    objects[2] = b"<< /Type /Pages /Kids [" + b" ".join(kids) + b"] /Count %d >>" % declared
    return assemble(objects)


def bomb_pdf(megabytes: int = 200) -> bytes:
    """One page whose content stream inflates to ``megabytes`` of zeros (a compression bomb)."""
    squeezer = zlib.compressobj(9)
    chunk = b"\0" * (1 << 20)
    data = b"".join(squeezer.compress(chunk) for _ in range(megabytes)) + squeezer.flush()
    objects = {1: b"<< /Type /Catalog /Pages 2 0 R >>", 3: FONT,
               2: b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
               4: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                  b"/Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R >>",
               5: b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream"}
    return assemble(objects)


def broken_stream_pdf(pages: int = 3) -> bytes:
    """Pages whose content streams claim Flate but hold garbage: they cannot be decoded."""
    garbage = bytes(range(256)) * 4
    objects = {1: b"<< /Type /Catalog /Pages 2 0 R >>", 3: FONT}
    kids = []
    for i in range(pages):
        page, number = 4 + 2 * i, 5 + 2 * i
        kids.append(b"%d 0 R" % page)
        objects[page] = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                         b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % number)
        objects[number] = (b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(garbage)
                           + garbage + b"\nendstream")
    objects[2] = b"<< /Type /Pages /Kids [" + b" ".join(kids) + b"] /Count %d >>" % pages
    return assemble(objects)


def cycle_pdf() -> bytes:
    """A page tree whose intermediate node lists itself (and its parent) as a kid."""
    objects = {1: b"<< /Type /Catalog /Pages 2 0 R >>", 3: FONT,
               2: b"<< /Type /Pages /Kids [6 0 R 4 0 R] /Count 3 >>",
               6: b"<< /Type /Pages /Parent 2 0 R /Kids [6 0 R 2 0 R] /Count 2 >>",
               4: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                  b"/Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R >>",
               5: stream(text_content("The total supply is 1,000,000 tokens. " * 5))}
    return assemble(objects)


def deep_pdf(depth: int = 2000) -> bytes:
    """A page whose resources nest arrays ``depth`` deep."""
    nested = b"[" * depth + b"1" + b"]" * depth
    objects = {1: b"<< /Type /Catalog /Pages 2 0 R >>", 3: FONT,
               2: b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
               4: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Deep " + nested +
                  b" /Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R >>",
               5: stream(text_content("Team 20% vested over 24 months. " * 5))}
    return assemble(objects)
