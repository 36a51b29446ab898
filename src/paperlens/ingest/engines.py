"""The two text engines of ingest: PDFium (pypdfium2, the default) and pypdf.

Each opens a PDF from its bytes, raising the typed errors of :mod:`paperlens.errors`,
and gives per page the raw text and, on request, a layout view with table columns
kept apart on one line. Cleaning, fallbacks and caching are :mod:`paperlens.ingest.document`'s.

PDFium is about 15 times faster than pypdf on the corpus
(benchmarks/results/ingest_engines.md). Its layout view is built from character
boxes (:func:`layout_from_chars`) instead of pypdf's slow layout mode.
"""

from __future__ import annotations

import io
from pathlib import Path

from paperlens.errors import DamagedPDFError, EmptyFileError, EncryptedPDFError

ENGINES = ("pdfium", "pypdf")

# layout from character boxes, in units of the character's (loose) box height
WORD_GAP = 0.12  # wider than this: a space between words
COLUMN_GAP = 1.0  # wider than this: a column gap, the next character goes to its place on the grid


def version(engine: str) -> str:
    """The engine's name and library version, e.g. ``"pdfium 5.15.2"``."""
    if engine == "pdfium":
        import pypdfium2

        return f"pdfium {pypdfium2.PYPDFIUM_INFO}"
    import pypdf

    return f"pypdf {pypdf.__version__}"


def _encrypted(path: Path, password: str | None) -> EncryptedPDFError:
    hint = "wrong password" if password else "pass --password"
    return EncryptedPDFError(f"{path.name}: the PDF is encrypted ({hint})")


def _damaged(path: Path, exc: BaseException) -> DamagedPDFError:
    return DamagedPDFError(f"{path.name}: damaged or truncated PDF ({type(exc).__name__})")


# ------------------------------------------------------------------ pypdf


class PypdfReader:
    """A PDF opened with pypdf. Raises Damaged, Encrypted or Empty errors."""

    def __init__(self, path: Path, data: bytes, password: str | None):
        import pypdf

        try:
            self.reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        except Exception as exc:
            raise _damaged(path, exc) from None
        # opened with the empty user password, an encrypted file has no secret text
        self.needed_password = self.reader.is_encrypted and bool(password)
        if self.reader.is_encrypted:
            try:
                ok = self.reader.decrypt(password or "")
            except Exception:  # wrong password, unsupported algorithm
                ok = 0
            if not ok:
                raise _encrypted(path, password)
        try:
            self.page_count = len(self.reader.pages)
        except Exception as exc:
            raise _damaged(path, exc) from None
        if self.page_count == 0:
            raise EmptyFileError(f"{path.name}: the PDF has no pages")

    def text(self, index: int) -> str:
        """The text of page ``index`` (0-based); raises when it cannot be extracted."""
        return self.reader.pages[index].extract_text() or ""

    def layout(self, index: int) -> str | None:
        """pypdf's layout-mode text of page ``index`` (slow), or None when it fails."""
        try:
            return self.reader.pages[index].extract_text(extraction_mode="layout")
        except Exception:
            return None

    def metadata(self) -> dict[str, str | None]:
        try:
            info = self.reader.metadata or {}
        except Exception:  # broken info dictionaries are common
            info = {}

        def get(key: str) -> str | None:
            try:
                value = info.get(key)
            except Exception:
                return None
            return str(value).strip() or None if value is not None else None

        return {"title": get("/Title"), "author": get("/Author"),
                "created": get("/CreationDate"), "modified": get("/ModDate")}


# ------------------------------------------------------------------ PDFium


class PdfiumCannotOpen(Exception):
    """PDFium cannot open this file (for a reason other than its password)."""


class PdfiumReader:
    """A PDF opened with PDFium. Raises Encrypted for a missing or wrong password and
    :class:`PdfiumCannotOpen` for anything else it cannot open (pypdf may still read it).

    Call :meth:`close` when done: PDFium's memory is not Python's.
    """

    def __init__(self, path: Path, data: bytes, password: str | None):
        import pypdfium2 as pdfium
        import pypdfium2.raw as raw

        # opened with the raw call: PDFium's last error is only this call's when it fails,
        # and a document without pages is not a failure
        self._data = data  # PDFium reads from this buffer until the document is closed
        secret = None if password is None else (password + "\x00").encode("utf-8")
        handle = raw.FPDF_LoadMemDocument64(data, len(data), secret)
        if not handle:
            code = raw.FPDF_GetLastError()
            if code == raw.FPDF_ERR_PASSWORD:
                raise _encrypted(path, password)
            raise PdfiumCannotOpen(pdfium.internal.ErrorToStr.get(code, f"error {code}"))
        self.pdf = pdfium.PdfDocument(handle)
        self.needed_password = raw.FPDF_GetSecurityHandlerRevision(handle) != -1 and bool(password)
        self.page_count = len(self.pdf)
        if self.page_count == 0:
            self.close()
            raise EmptyFileError(f"{path.name}: the PDF has no pages")

    def page(self, index: int, want_layout, max_chars: int | None = None) -> tuple[str, str | None]:
        """Page ``index`` (0-based): its text, and its layout view when ``want_layout(text)``,
        each cut to ``max_chars`` (None: whole); PDFium is asked for no more than it takes,
        so a page of endless text costs no more than a long one.

        Line ends are "\\n"; PDFium's mark for a hyphen that breaks a word at a
        line end (U+FFFE, the line break dropped) becomes "-\\n", as pypdf gives it.
        A rotated page gets no layout view (its character boxes run top to bottom).
        Raises ``PdfiumError`` when the page cannot be loaded.
        """
        page = self.pdf[index]
        try:
            textpage = page.get_textpage()
            try:
                count = textpage.count_chars()
                if max_chars is not None:
                    count = min(count, 2 * max_chars)  # a line end is two characters
                text = textpage.get_text_range(count=count).replace("\r\n", "\n").replace("\r", "\n")
                text = text.replace("\ufffe", "-\n")[:max_chars]
                layout = None
                if want_layout(text) and page.get_rotation() == 0:
                    layout = layout_from_chars(textpage, None if max_chars is None else 2 * max_chars)
                return text, layout
            finally:
                textpage.close()
        finally:
            page.close()

    def metadata(self) -> dict[str, str | None]:
        def get(key: str) -> str | None:
            try:
                return self.pdf.get_metadata_value(key).strip() or None
            except Exception:
                return None

        return {"title": get("Title"), "author": get("Author"),
                "created": get("CreationDate"), "modified": get("ModDate")}

    def close(self) -> None:
        self.pdf.close()


def layout_from_chars(textpage, max_chars: int | None = None) -> str:
    """The page's text with table columns kept apart, from PDFium's character boxes
    (the first ``max_chars`` characters; None: all).

    Characters are grouped into lines by vertical overlap (top of the page first),
    sorted left to right; a small gap becomes a space, a wide one (a column gap)
    a run of spaces up to the character's place on a grid of the page's median
    character width, so the columns of a table line up from row to row.
    """
    import pypdfium2.raw as raw

    box = raw.FS_RECTF()
    chars = []  # (left, right, bottom, top, char)
    count = raw.FPDFText_CountChars(textpage)
    for i in range(count if max_chars is None else min(count, max_chars)):
        char = chr(raw.FPDFText_GetUnicode(textpage, i))
        if char.isspace() or not raw.FPDFText_GetLooseCharBox(textpage, i, box):
            continue  # PDFium's own spaces and line breaks: the gaps decide here
        chars.append((box.left, box.right, box.bottom, box.top, "-" if char == "\ufffe" else char))
    if not chars:
        return ""
    widths = sorted(c[1] - c[0] for c in chars)
    grid = max(widths[len(widths) // 2], 1.0)
    x0 = min(c[0] for c in chars)

    lines: list[list[tuple]] = []
    bottom = top = 0.0
    for char in sorted(chars, key=lambda c: -(c[2] + c[3])):
        mid = (char[2] + char[3]) / 2
        if lines and bottom <= mid <= top and char[2] <= (bottom + top) / 2 <= char[3]:
            lines[-1].append(char)
        else:
            lines.append([char])
            bottom, top = char[2], char[3]

    out = []
    for line in lines:
        line.sort()
        parts: list[str] = []
        length, right = 0, None
        for left, r, b, t, char in line:
            gap = None if right is None else left - right
            if gap is None or gap > COLUMN_GAP * (t - b):
                pad = round((left - x0) / grid) - length
                pad = max(pad, 0 if gap is None else 2)
            else:
                pad = 1 if gap > WORD_GAP * (t - b) else 0
            parts.append(" " * pad + char)
            length += pad + 1
            right = r if right is None else max(right, r)
        out.append("".join(parts).rstrip())
    return "\n".join(out)
