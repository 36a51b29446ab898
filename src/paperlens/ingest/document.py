"""Stage 1, ingest: a PDF file becomes a :class:`Document` of numbered pages.

The file is read and its text extracted exactly once; the pages are kept in the
text cache (:mod:`paperlens.ingest.textcache`, keyed by the file's sha256 and by the
engine and its version), so the same bytes are not extracted again by a later run.

Two text engines (:mod:`paperlens.ingest.engines`): ``pdfium`` (the default, fast) and
``pypdf``. Under ``pdfium``, a file PDFium cannot open is read with pypdf, and so
is each page whose PDFium text is empty or garbled when pypdf's is not; each
page records the engine that produced it. Both engines raise the same typed
errors. Each page keeps three views of its text:

* ``raw``: what the engine returned (line ends as "\\n");
* ``text``: cleaned for display and quoting (NFKC, zero-width characters and
  control characters removed, soft hyphens made real hyphens);
* ``norm``: folded for matching (words hyphenated across lines joined, numbers
  split across lines rejoined, quotes and dashes unified, whitespace collapsed).

``layout`` holds, for pages that look like they hold a table, the text with the
columns kept apart on each line (from PDFium's character boxes, or pypdf's layout
mode), or ``None``.
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
import unicodedata
import warnings
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from paperlens.ingest.engines import ENGINES, PdfiumCannotOpen, PdfiumReader, PypdfReader, version
from paperlens.numbers import SPLIT_NUMBER
from paperlens.errors import (ConfigError, DamagedPDFError, EmptyFileError, NoTextLayerError, NotPDFError,
                              TimeLimitError)

INGEST_VERSION = 8  # bump when a change here changes the pages; it invalidates the text cache
MIN_CHARS_PER_PAGE = 25  # below this on average, the PDF has no usable text layer
DEFAULT_ENGINE = "pdfium"
# a page's text is checked for garbling (broken font encodings) from this much text on
PAGE_MIN_WORDS = 40
PAGE_MIN_LETTERS = 200
# a page's text is cut here: a dense real page holds about 10,000 characters, and the rules read
# each page in linear time, so this bounds the time of a hostile page (one 60 MB text operator)
MAX_PAGE_CHARS = 200_000

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"), None)
_CONTROL_DASH = re.compile(r"[\x13-\x16]")  # seen for en/em dashes in real papers
# ligatures at their TeX (T1) codes, in fonts without a Unicode map: "e\x1eciently", "\x1cnancial"
_CONTROL_LIGATURE = re.compile(r"(?<=[A-Za-z])[\x1b-\x1f]|[\x1b-\x1f](?=[a-z])")
_LIGATURES = dict(zip("\x1b\x1c\x1d\x1e\x1f", ("ff", "fi", "fl", "ffi", "ffl")))
# a number touching a CJK character ("\u7ea610%\u7684", "1\u4ebf") is a word of its own: PDFium sets no
# space there (pypdf mostly did), and matching needs one
_CJK = "\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff"
_CJK_NUMBER = re.compile(rf"(?<=[\d%])(?=[{_CJK}])|(?<=[{_CJK}])(?=\d)")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SOFT_HYPHEN = re.compile(r"\u00ad\s*\n\s*|\u00ad+(?=[ \t])")  # at a line end, or before a space: nothing
# "70\n%": a percent sign alone on the next line (not "402 400 000\n% of tokens generated to the team")
_SPLIT_PERCENT = re.compile(r"(?<=\d)[ \t]*\n[ \t]*%(?=[ \t]*(?:\n|$))")
_HYPHEN_EOL = re.compile(r"(?<=[a-z])-\s*\n\s*(?=[a-z])")
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
                         "\u2013": "-", "\u2014": "-", "\u2212": "-", "\u2010": "-",
                         "\u2011": "-", "\u00a0": " "})
_WS = re.compile(r"\s+")


_FRACTION = re.compile(r"(?<!\d)(\d*)([\u00bc\u00bd\u00be])")  # from a number's first digit: linear
_FRACTIONS = {"\u00bc": 0.25, "\u00bd": 0.5, "\u00be": 0.75}


def _decimal_fraction(match: re.Match) -> str:
    if len(match.group(1)) > 15:  # no figure: left as it is (and int() refuses 4,300 digits)
        return match.group()
    return f"{int(match.group(1) or 0) + _FRACTIONS[match.group(2)]:g}"


def clean_text(raw: str) -> str:
    """Display text: Unicode-normalised, invisible and control characters removed.

    Control codes that stand for ligatures inside a word become their letters; a
    number touching a CJK character is set apart by a space.
    Vulgar fractions become decimals first ("1\u00bd%" -> "1.5%"), since NFKC
    would turn them into "11\u20442%".
    """
    text = _FRACTION.sub(_decimal_fraction, raw)
    text = unicodedata.normalize("NFKC", text).translate(_ZERO_WIDTH)
    text = _SOFT_HYPHEN.sub("", text).replace("\u00ad", "-")
    text = _CONTROL_LIGATURE.sub(lambda m: _LIGATURES[m.group()], text)
    text = _CONTROL_DASH.sub(" - ", text)
    text = _CONTROL.sub(" ", text)
    text = _SPLIT_PERCENT.sub("%", text)
    return _CJK_NUMBER.sub(" ", text)


def normalize(text: str) -> str:
    """Matching text: fold line-break artefacts, quotes, dashes and whitespace."""
    text = _HYPHEN_EOL.sub("", text)
    text = SPLIT_NUMBER.sub("", text)
    text = text.translate(_QUOTES)
    return _WS.sub(" ", text).strip()


@dataclass
class Page:
    number: int  # 1-based
    raw: str
    text: str
    norm: str
    layout: str | None = None
    engine: str | None = None  # "pdfium" or "pypdf": the engine that produced this page


@dataclass
class Document:
    path: Path
    sha256: str
    pages: list[Page]
    metadata: dict[str, str | None] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    engine: str | None = None  # e.g. "pdfium 5.15.2", with any pypdf fallback named
    from_cache: bool = field(default=False, compare=False)  # pages came from the text cache

    @property
    def page_count(self) -> int:
        return len(self.pages)

    def page(self, number: int) -> Page | None:
        if 1 <= number <= len(self.pages):
            return self.pages[number - 1]
        return None


def _looks_tabular(text: str) -> bool:
    """Percentages or long numbers enough for a table, or a table read column by column."""
    return text.count("%") >= 3 or len(re.findall(r"\d[\d,.]{4,}", text)) >= 4 or _labels_then_values(text)


def _labels_then_values(text: str, least: int = 4) -> bool:
    """A run of short label lines (no digits) followed by as many short lines, most of them figures: a
    two-column table whose text layer gives one column and then the other ("Soft cap", "Hard cap", ...,
    "2,500 ETH", "25,000 ETH")."""
    lines = [line.strip() for line in text.split("\n")]
    run = 0
    for i, line in enumerate(lines):
        if 0 < len(line) <= 40 and re.search(r"[A-Za-z]", line) and not re.search(r"\d", line):
            run += 1
            continue
        values = 0  # the short lines that follow the labels, at most one per label
        while values < run and i + values < len(lines) and 0 < len(lines[i + values]) <= 40:
            values += 1
        if values >= least and sum(bool(re.search(r"\d", v)) for v in lines[i:i + values]) * 2 >= values:
            return True
        run = 0
    return False


def read_pdf(path: str | Path, password: str | None = None, verbose: bool = False,
             cache_dir: str | Path | None = None, use_cache: bool = True,
             engine: str = DEFAULT_ENGINE) -> Document:
    """Read a PDF into a Document, or raise a :class:`~paperlens.errors.PaperlensError`.

    ``engine`` is ``"pdfium"`` (default) or ``"pypdf"``. With ``use_cache`` the
    pages come from the text cache (:mod:`paperlens.ingest.textcache`, under ``cache_dir``)
    when these bytes were read before by the same engine, and a fresh read is
    stored there. Files that need a password, and files that fail, are never stored.
    """
    from paperlens.ingest import textcache

    if engine not in ENGINES:
        raise ConfigError(f"unknown text engine {engine!r} (use {' or '.join(ENGINES)})")
    path = Path(path)
    data = _read_bytes(path)
    sha = hashlib.sha256(data).hexdigest()
    if not use_cache:
        return _extract(path, data, sha, password, verbose, engine)[0]
    version = _cache_version(engine)
    problems: list[str] = []  # the text cache's warnings: a discarded entry, an unusable folder
    doc = _from_entry(textcache.load(sha, version, cache_dir, problems.append), path, sha)
    if doc is None:
        doc, needed_password = _extract(path, data, sha, password, verbose, engine)
        if not needed_password:
            textcache.store(sha, version, _to_entry(doc), cache_dir, problems.append)
        doc.warnings += [p for p in dict.fromkeys(problems) if p not in doc.warnings]
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


def _cache_version(engine: str) -> str:
    """Cache entries are valid for one ingest version and one engine at one version.

    The pdfium engine names pypdf's version too: its fallback pages come from pypdf.
    """
    names = [version(engine)] + ([version("pypdf")] if engine == "pdfium" else [])
    return f"ingest-{INGEST_VERSION}/" + "+".join(n.replace(" ", "-") for n in names)


def _to_entry(doc: Document) -> dict:
    return {"pages": [[p.number, p.raw, p.text, p.norm, p.layout, p.engine] for p in doc.pages],
            "metadata": doc.metadata, "warnings": doc.warnings, "engine": doc.engine}


def _from_entry(entry: dict | None, path: Path, sha: str) -> Document | None:
    """The Document a cache entry holds (read from ``path`` now), or None if it is malformed."""
    if entry is None:
        return None
    try:
        pages = [Page(n, raw, text, norm, layout, engine)
                 for n, raw, text, norm, layout, engine in entry["pages"]]
        metadata, notes, engine = dict(entry["metadata"]), list(entry["warnings"]), entry["engine"]
    except (KeyError, TypeError, ValueError):
        return None
    strings = all(isinstance(s, str) for p in pages for s in (p.raw, p.text, p.norm, p.engine)) \
        and all(p.layout is None or isinstance(p.layout, str) for p in pages)
    if not pages or not strings or not isinstance(engine, str) \
            or [p.number for p in pages] != list(range(1, len(pages) + 1)):
        return None
    return Document(path=path, sha256=sha, pages=pages, metadata=metadata, warnings=notes,
                    engine=engine, from_cache=True)


@contextmanager
def _quiet(verbose: bool):
    """Library warnings and pypdf's log noise hidden, unless ``verbose``."""
    logger = logging.getLogger("pypdf")
    old_level = logger.level
    if not verbose:
        logger.setLevel(logging.CRITICAL)
    try:
        with warnings.catch_warnings():
            if not verbose:
                warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(old_level)


def _extract(path: Path, data: bytes, sha: str, password: str | None, verbose: bool,
             engine: str) -> tuple[Document, bool]:
    """Extract ``data`` with ``engine``: the Document, and whether a password was needed."""
    with _quiet(verbose):
        if engine == "pypdf":
            return _extract_pypdf(path, data, sha, password)
        try:
            reader = PdfiumReader(path, data, password)
        except PdfiumCannotOpen as exc:  # pypdf reads it, or raises the typed error
            doc, needed_password = _extract_pypdf(path, data, sha, password)
            doc.engine += f" (PDFium could not open the file: {exc})"
            return doc, needed_password
        try:
            return _extract_pdfium(path, data, sha, password, reader), reader.needed_password
        finally:
            reader.close()


def _page(number: int, raw: str, layout: str | None, engine: str, text: str | None = None) -> Page:
    """A page from an engine's ``raw`` text (``text``: its :func:`clean_text`, when already made).

    Text past :data:`MAX_PAGE_CHARS` is cut (:func:`_document` warns).
    """
    if len(raw) > MAX_PAGE_CHARS:
        raw, text = raw[:MAX_PAGE_CHARS], None
        layout = None if layout is None else layout[:MAX_PAGE_CHARS]
    text = clean_text(raw) if text is None else text
    return Page(number, raw, text, normalize(text),
                None if layout is None else clean_text(layout), engine)


def _pypdf_page(reader: PypdfReader, index: int) -> tuple[Page, str | None]:
    """Page ``index`` as pypdf reads it (layout mode on table-like pages), and a note if it failed."""
    try:
        raw = reader.text(index)
    except TimeLimitError:  # the paper's time limit, not a page that cannot be read
        raise
    except Exception as exc:
        note = f"page {index + 1}: text could not be extracted ({type(exc).__name__})"
        return _page(index + 1, "", None, "pypdf"), note
    text = clean_text(raw)
    layout = reader.layout(index) if _looks_tabular(text) else None
    return _page(index + 1, raw, layout, "pypdf", text), None


def _extract_pypdf(path: Path, data: bytes, sha: str, password: str | None) -> tuple[Document, bool]:
    reader = PypdfReader(path, data, password)
    pages, notes = [], []
    for i in range(reader.page_count):
        page, note = _pypdf_page(reader, i)
        pages.append(page)
        notes += [note] if note else []
    return (_document(path, sha, pages, reader.metadata(), notes, version("pypdf"), data, password,
                      _declared_pages(reader.reader)), reader.needed_password)


def _unusable(page: Page) -> bool:
    """True when a page's text is empty or looks garbled (a broken font encoding)."""
    from paperlens.ingest.quality import garbled_text

    return not page.norm or garbled_text(page.text, PAGE_MIN_WORDS, PAGE_MIN_LETTERS) is not None


def _extract_pdfium(path: Path, data: bytes, sha: str, password: str | None,
                    reader: PdfiumReader) -> Document:
    """Pages from PDFium; a page whose text is unusable is taken from pypdf when pypdf's is not."""
    pypdf_reader: list = []  # opened on the first page that needs it; [None] if it cannot open

    def from_pypdf(index: int) -> Page | None:
        if not pypdf_reader:
            try:
                pypdf_reader.append(PypdfReader(path, data, password))
            except TimeLimitError:
                raise
            except Exception:
                pypdf_reader.append(None)
        if pypdf_reader[0] is None:
            return None
        page, _ = _pypdf_page(pypdf_reader[0], index)
        return None if _unusable(page) else page

    cleaned: dict[str, str] = {}  # the page's clean text, made once for the table test and the page

    def tabular(raw: str) -> bool:
        cleaned[raw] = clean_text(raw)
        return _looks_tabular(cleaned[raw])

    pages, notes, unreadable = [], [], 0
    for i in range(reader.page_count):
        try:
            raw, layout = reader.page(i, tabular, MAX_PAGE_CHARS + 1)  # one more: _page sees the cut
            page, failed = _page(i + 1, raw, layout, "pdfium", cleaned.pop(raw, None)), None
        except TimeLimitError:  # the paper's time limit, not a page that cannot be loaded
            raise
        except Exception as exc:  # the page cannot be loaded
            page, failed = _page(i + 1, "", None, "pdfium"), exc
        if _unusable(page):
            page = from_pypdf(i) or page
            if failed is not None and page.engine == "pdfium":
                unreadable += 1
                if unreadable <= 20:
                    notes.append(f"page {i + 1}: text could not be extracted ({type(failed).__name__})")
        pages.append(page)
    label = version("pdfium")
    fallback = sum(p.engine == "pypdf" for p in pages)
    if fallback:
        label += f"; {version('pypdf')} on {fallback} of {len(pages)} pages"
    declared = _declared_pages(pypdf_reader[0].reader) if pypdf_reader and pypdf_reader[0] else None
    if declared is None:
        declared = _declared_pages(_open_pypdf(data, password))
    return _document(path, sha, pages, reader.metadata(), notes, label, data, password, declared, unreadable)


# text-showing operators of a content stream (Tj, TJ, ' and ")
_TEXT_OPERATORS = re.compile(rb"(?:\)|\]|>)\s*(?:Tj|TJ|'|\")")
_SAMPLED_PAGES = 200  # pages whose content streams are read to tell scanned from damaged


def _open_pypdf(data: bytes, password: str | None):
    """A pypdf reader of ``data`` (decrypted when it can be), or None."""
    try:
        import pypdf

        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(password or ""):
            return None
        return reader
    except Exception:
        return None


def _declared_pages(reader) -> int | None:
    """The pages the document holds: the larger of its page tree's /Count and of the pages
    pypdf finds walking the tree (an engine may trust either), or None when neither can be read."""
    counts = []
    try:
        count = reader.trailer["/Root"]["/Pages"]["/Count"]
        if isinstance(count, int) and count >= 0:
            counts.append(int(count))
    except Exception:
        pass
    try:
        counts.append(len(reader.pages))
    except Exception:
        pass
    return max(counts) if counts else None


def _content_state(data: bytes, password: str | None, pages: int) -> str:
    """What the page content streams hold: "text" (text operators somewhere), "none" (no text
    operators: scanned or blank), "damaged" (a stream that cannot be decoded: a decompression
    bomb, a broken stream, a reference loop) or "unknown" (pypdf cannot read the file)."""
    reader = _open_pypdf(data, password)
    if reader is None:
        return "unknown"
    step = max(1, pages // _SAMPLED_PAGES)
    damaged = False
    try:
        count = len(reader.pages)
    except Exception:
        return "damaged"
    for index in range(0, min(pages, count), step):
        try:
            page = reader.pages[index]
            contents = page.get("/Contents")
            contents = contents.get_object() if contents is not None else []
            streams = list(contents) if isinstance(contents, list) else [contents]
            xobjects = (page.get("/Resources") or {}).get("/XObject") or {}
            streams += [x for x in xobjects.values() if x.get_object().get("/Subtype") == "/Form"]
            if any(_TEXT_OPERATORS.search(_decoded(x.get_object())) for x in streams):
                return "text"
        except Exception:  # a bomb past pypdf's limits, a broken stream, a reference loop
            damaged = True
    return "damaged" if damaged else "none"


def _decoded(stream) -> bytes:
    """A stream's decoded data; raises when its filters cannot decode it (pypdf only logs that)."""
    data = stream.get_data()
    if not data and stream.get("/Filter") is not None and getattr(stream, "_data", b""):
        raise ValueError("the stream cannot be decoded")
    return data


def _document(path: Path, sha: str, pages: list[Page], metadata: dict, notes: list[str],
              engine: str, data: bytes = b"", password: str | None = None,
              declared: int | None = None, unreadable: int = 0) -> Document:
    """The Document, unless its pages hold too little text.

    A count of pages read (``unreadable`` pages could not be loaded) that differs
    from the one the document declares (``declared``) is a warning. Too little text on every page is an error: no text layer
    (scanned) when the content streams show no text, a damaged PDF when they
    cannot be decoded. A document where a few pages have text is analysed, with
    a warning.
    """
    notes = list(notes)
    cut = [p.number for p in pages if len(p.raw) >= MAX_PAGE_CHARS]
    if cut:
        notes.append(f"{len(cut)} page(s) hold more than {MAX_PAGE_CHARS:,} characters of text (page {cut[0]} "
                     "first): only the first part of each was analysed")
    read = len(pages) - unreadable
    if declared is not None and declared > read or unreadable:
        stated = f"declares {declared} pages" if declared is not None else f"has {len(pages)} pages"
        notes.insert(0, f"the document {stated} but {read} could be read (a damaged page tree or "
                        "pages): some pages may be missing from the analysis")
    total = sum(len(p.norm) for p in pages)
    if total < MIN_CHARS_PER_PAGE * len(pages):
        with_text = sum(len(p.norm) >= PAGE_MIN_LETTERS for p in pages)
        if with_text:
            notes.append(f"only {with_text} of {len(pages)} pages have text; the others are blank or scanned")
        elif read < len(pages) or declared is not None and declared > read:  # lost pages, not scanned ones
            raise DamagedPDFError(f"{path.name}: damaged PDF: {read} of {max(len(pages), declared or 0)} pages "
                                  f"could be read, with {total} characters of text")
        else:
            _raise_no_text(path, data, password, pages, total)
    return Document(path=path, sha256=sha, pages=pages, metadata=metadata, warnings=notes,
                    engine=engine)


def _raise_no_text(path: Path, data: bytes, password: str | None, pages: list[Page], total: int) -> None:
    """Raise the error that says why these pages give no text."""
    state = _content_state(data, password, len(pages)) if data else "none"
    counts = f"{len(pages)} pages, {total} characters of text"
    if state == "damaged":
        raise DamagedPDFError(f"{path.name}: damaged PDF: page content cannot be decoded ({counts})")
    if state == "text":
        raise NoTextLayerError(
            f"{path.name}: no usable text ({counts}): the pages draw text but too little of it could be "
            "extracted (fonts without a Unicode map, or damaged text); run OCR first, e.g. "
            "`ocrmypdf --force-ocr in.pdf out.pdf`")
    raise NoTextLayerError(
        f"{path.name}: no text layer ({counts}); "
        "it looks scanned: run OCR first, e.g. `ocrmypdf in.pdf out.pdf`"
    )
