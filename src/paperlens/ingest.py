"""Stage 1, ingest: a PDF file becomes a :class:`Document` of numbered pages.

The file is read and its text extracted exactly once; the pages are kept in the
text cache (:mod:`paperlens.textcache`, keyed by the file's sha256), so the same
bytes are not extracted again by a later run. Each page keeps three views of its
text:

* ``raw``: what pypdf returned;
* ``text``: cleaned for display and quoting (NFKC, zero-width characters and
  control characters removed, soft hyphens made real hyphens);
* ``norm``: folded for matching (words hyphenated across lines joined, numbers
  split across lines rejoined, quotes and dashes unified, whitespace collapsed).

``layout`` holds pypdf's layout-mode text for pages that look like they hold a
table (columns kept apart), or ``None``.
"""

from __future__ import annotations

import hashlib
import logging
import re
import unicodedata
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from .errors import (
    DamagedPDFError,
    EmptyFileError,
    EncryptedPDFError,
    NoTextLayerError,
    NotPDFError,
)

INGEST_VERSION = 1  # bump when a change here changes the pages; it invalidates the text cache
MIN_CHARS_PER_PAGE = 25  # below this on average, the PDF has no usable text layer

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"), None)
_CONTROL_DASH = re.compile(r"[\x13-\x16]")  # seen for en/em dashes in real papers
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SOFT_HYPHEN_EOL = re.compile(r"\u00ad\s*\n\s*")
_HYPHEN_EOL = re.compile(r"(?<=[a-z])-\s*\n\s*(?=[a-z])")
_SPLIT_NUMBER = re.compile(r"(?<=\d[,.])\s*\n\s*(?=\d{3}\b)")
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
                         "\u2013": "-", "\u2014": "-", "\u2212": "-", "\u2010": "-",
                         "\u2011": "-", "\u00a0": " "})
_WS = re.compile(r"\s+")


_FRACTION = re.compile(r"(\d*)([\u00bc\u00bd\u00be])")
_FRACTIONS = {"\u00bc": 0.25, "\u00bd": 0.5, "\u00be": 0.75}


def _decimal_fraction(match: re.Match) -> str:
    return f"{int(match.group(1) or 0) + _FRACTIONS[match.group(2)]:g}"


def clean_text(raw: str) -> str:
    """Display text: Unicode-normalised, invisible and control characters removed.

    Vulgar fractions become decimals first ("1\u00bd%" -> "1.5%"), since NFKC
    would turn them into "11\u20442%".
    """
    text = _FRACTION.sub(_decimal_fraction, raw)
    text = unicodedata.normalize("NFKC", text).translate(_ZERO_WIDTH)
    text = _SOFT_HYPHEN_EOL.sub("", text).replace("\u00ad", "-")
    text = _CONTROL_DASH.sub(" - ", text)
    text = _CONTROL.sub(" ", text)
    return text


def normalize(text: str) -> str:
    """Matching text: fold line-break artefacts, quotes, dashes and whitespace."""
    text = _HYPHEN_EOL.sub("", text)
    text = _SPLIT_NUMBER.sub("", text)
    text = text.translate(_QUOTES)
    return _WS.sub(" ", text).strip()


@dataclass
class Page:
    number: int  # 1-based
    raw: str
    text: str
    norm: str
    layout: str | None = None


@dataclass
class Document:
    path: Path
    sha256: str
    pages: list[Page]
    metadata: dict[str, str | None] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    from_cache: bool = field(default=False, compare=False)  # pages came from the text cache

    @property
    def page_count(self) -> int:
        return len(self.pages)

    def page(self, number: int) -> Page | None:
        if 1 <= number <= len(self.pages):
            return self.pages[number - 1]
        return None


def _looks_tabular(text: str) -> bool:
    return text.count("%") >= 3 or len(re.findall(r"\d[\d,.]{4,}", text)) >= 4


def _metadata(reader) -> dict[str, str | None]:
    try:
        info = reader.metadata or {}
    except Exception:  # broken info dictionaries are common
        info = {}

    def get(key: str) -> str | None:
        try:
            value = info.get(key)
        except Exception:
            return None
        return str(value).strip() or None if value is not None else None

    return {
        "title": get("/Title"),
        "author": get("/Author"),
        "created": get("/CreationDate"),
        "modified": get("/ModDate"),
    }


def read_pdf(path: str | Path, password: str | None = None, verbose: bool = False,
             cache_dir: str | Path | None = None, use_cache: bool = True) -> Document:
    """Read a PDF into a Document, or raise a :class:`~paperlens.errors.PaperlensError`.

    With ``use_cache`` the pages come from the text cache (:mod:`paperlens.textcache`,
    under ``cache_dir``) when these bytes were read before, and a fresh read is
    stored there. Files that need a password, and files that fail, are never stored.
    """
    from . import textcache

    path = Path(path)
    data = _read_bytes(path)
    sha = hashlib.sha256(data).hexdigest()
    if not use_cache:
        return _extract(path, data, sha, password, verbose)[0]
    version = _cache_version()
    doc = _from_entry(textcache.load(sha, version, cache_dir), path, sha)
    if doc is None:
        doc, needed_password = _extract(path, data, sha, password, verbose)
        if not needed_password:
            textcache.store(sha, version, _to_entry(doc), cache_dir)
    return doc


def _read_bytes(path: Path) -> bytes:
    """The file's bytes, once they look like a PDF."""
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        raise NotPDFError(f"{path.name}: is a directory, not a PDF") from None
    except OSError as exc:
        raise NotPDFError(f"{path.name}: cannot be read ({exc.strerror})") from None
    if not data:
        raise EmptyFileError(f"{path.name}: the file is empty (0 bytes)")
    if b"%PDF-" not in data[:1024]:
        raise NotPDFError(f"{path.name}: not a PDF (no %PDF header)")
    return data


def _cache_version() -> str:
    """Cache entries are valid for one ingest version and one pypdf version."""
    import pypdf

    return f"ingest-{INGEST_VERSION}/pypdf-{pypdf.__version__}"


def _to_entry(doc: Document) -> dict:
    return {"pages": [[p.number, p.raw, p.text, p.norm, p.layout] for p in doc.pages],
            "metadata": doc.metadata, "warnings": doc.warnings}


def _from_entry(entry: dict | None, path: Path, sha: str) -> Document | None:
    """The Document a cache entry holds (read from ``path`` now), or None if it is malformed."""
    if entry is None:
        return None
    try:
        pages = [Page(n, raw, text, norm, layout) for n, raw, text, norm, layout in entry["pages"]]
        metadata, notes = dict(entry["metadata"]), list(entry["warnings"])
    except (KeyError, TypeError, ValueError):
        return None
    strings = all(isinstance(s, str) for p in pages for s in (p.raw, p.text, p.norm)) \
        and all(p.layout is None or isinstance(p.layout, str) for p in pages)
    if not pages or not strings or [p.number for p in pages] != list(range(1, len(pages) + 1)):
        return None
    return Document(path=path, sha256=sha, pages=pages, metadata=metadata, warnings=notes,
                    from_cache=True)


def _extract(path: Path, data: bytes, sha: str, password: str | None,
             verbose: bool) -> tuple[Document, bool]:
    """Parse ``data`` with pypdf: the Document, and whether a password was needed to open it."""
    import io

    import pypdf
    from pypdf.errors import FileNotDecryptedError, PdfReadError

    logger = logging.getLogger("pypdf")
    old_level = logger.level
    if not verbose:
        logger.setLevel(logging.CRITICAL)
    try:
        with warnings.catch_warnings():
            if not verbose:
                warnings.simplefilter("ignore")
            try:
                reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
            except Exception as exc:
                raise DamagedPDFError(
                    f"{path.name}: damaged or truncated PDF ({type(exc).__name__})"
                ) from None
            # opened with the empty user password, an encrypted file has no secret text
            needed_password = reader.is_encrypted and bool(password)
            if reader.is_encrypted:
                try:
                    ok = reader.decrypt(password or "")
                except (FileNotDecryptedError, NotImplementedError, Exception):
                    ok = 0
                if not ok:
                    hint = "wrong password" if password else "pass --password"
                    raise EncryptedPDFError(f"{path.name}: the PDF is encrypted ({hint})")
            try:
                count = len(reader.pages)
            except (PdfReadError, Exception) as exc:
                raise DamagedPDFError(
                    f"{path.name}: damaged or truncated PDF ({type(exc).__name__})"
                ) from None
            if count == 0:
                raise EmptyFileError(f"{path.name}: the PDF has no pages")
            pages: list[Page] = []
            notes: list[str] = []
            for i in range(count):
                try:
                    pdf_page = reader.pages[i]
                    raw = pdf_page.extract_text() or ""
                except Exception as exc:
                    pdf_page, raw = None, ""
                    notes.append(f"page {i + 1}: text could not be extracted ({type(exc).__name__})")
                text = clean_text(raw)
                layout = None
                if pdf_page is not None and _looks_tabular(text):
                    try:
                        layout = clean_text(pdf_page.extract_text(extraction_mode="layout"))
                    except Exception:
                        layout = None
                pages.append(Page(i + 1, raw, text, normalize(text), layout))
            metadata = _metadata(reader)
    finally:
        logger.setLevel(old_level)

    total = sum(len(p.norm) for p in pages)
    if total < MIN_CHARS_PER_PAGE * len(pages):
        raise NoTextLayerError(
            f"{path.name}: no text layer ({count} pages, {total} characters of text); "
            "it looks scanned: run OCR first, e.g. `ocrmypdf in.pdf out.pdf`"
        )
    doc = Document(path=path, sha256=sha, pages=pages, metadata=metadata, warnings=notes)
    return doc, needed_password
