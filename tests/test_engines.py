"""The two text engines: same typed errors, the fallbacks to pypdf, the cache key, table layout."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import CORPUS, FIXTURES, broken
from typer.testing import CliRunner

from paperlens.ingest import engines, document as ingest
from paperlens.cli import app
from paperlens.errors import (
    ConfigError,
    DamagedPDFError,
    EmptyFileError,
    EncryptedPDFError,
    NoTextLayerError,
    NotPDFError,
    PaperlensError,
)
from paperlens.ingest.document import read_pdf
from paperlens.ingest.quality import garbled_text

ICO = FIXTURES / "ico_allocation.pdf"
BOTH = pytest.mark.parametrize("engine", ["pdfium", "pypdf"])


def _read(path: Path, engine: str, **kw):
    return read_pdf(path, engine=engine, use_cache=False, **kw)


# ---------------------------------------------------------------- typed errors


@BOTH
@pytest.mark.parametrize(("name", "error"), [
    ("not_a_pdf.pdf", NotPDFError),
    ("truncated.pdf", DamagedPDFError),
    ("encrypted.pdf", EncryptedPDFError),
    ("image_only.pdf", NoTextLayerError),
    ("empty.pdf", EmptyFileError),
])
def test_every_broken_fixture_gives_the_same_typed_error(engine, name, error):
    with pytest.raises(PaperlensError) as info:
        _read(broken(name), engine)
    assert type(info.value) is error
    message = str(info.value)
    assert message.startswith(f"{name}:") and "\n" not in message


@BOTH
def test_a_pdf_without_pages_is_empty(engine, tmp_path):
    import pypdf

    path = tmp_path / "nopages.pdf"
    with open(path, "wb") as fh:
        pypdf.PdfWriter().write(fh)
    with pytest.raises(EmptyFileError, match="no pages"):
        _read(path, engine)


@BOTH
def test_password_right_and_wrong(engine):
    path = broken("encrypted.pdf")
    with pytest.raises(EncryptedPDFError, match="wrong password"):
        _read(path, engine, password="not-the-password")
    doc = _read(path, engine, password="secret")
    plain = _read(ICO, engine)
    assert doc.engine == plain.engine and doc.engine.startswith(engine)
    assert [p.norm for p in doc.pages] == [p.norm for p in plain.pages]


@BOTH
@pytest.mark.parametrize(("name", "code"), [("not_a_pdf.pdf", 10), ("truncated.pdf", 11),
                                            ("encrypted.pdf", 12), ("image_only.pdf", 13),
                                            ("empty.pdf", 14)])
def test_cli_exit_codes_do_not_depend_on_the_engine(engine, name, code):
    result = CliRunner().invoke(app, ["extract", str(broken(name)), "--engine", engine, "--no-cache"])
    assert result.exit_code == code, result.output


def test_an_unknown_engine_is_a_usage_error():
    with pytest.raises(ConfigError, match="unknown text engine"):
        _read(ICO, "poppler")
    result = CliRunner().invoke(app, ["extract", str(ICO), "--engine", "poppler", "--no-cache"])
    assert result.exit_code == 2


# ---------------------------------------------------------------- both engines read the fixtures


@BOTH
def test_pages_record_their_engine_and_the_document_its_version(engine):
    import pypdf
    import pypdfium2

    doc = _read(ICO, engine)
    library = {"pdfium": str(pypdfium2.PYPDFIUM_INFO), "pypdf": pypdf.__version__}[engine]
    assert doc.engine == engines.version(engine) == f"{engine} {library}"
    assert {p.engine for p in doc.pages} == {engine}
    assert doc.metadata["title"] == "Nova Ledger: Instant Merchant Settlement"
    assert doc.metadata["created"].startswith("D:20250115")


def test_pdfium_text_is_cleaned_like_pypdf_text():
    """Same fixture, same words: line ends are "\\n" and the matching text agrees."""
    pdfium, pypdf_doc = _read(ICO, "pdfium"), _read(ICO, "pypdf")
    for ours, theirs in zip(pdfium.pages, pypdf_doc.pages):
        assert "\r" not in ours.raw and "\ufffe" not in ours.raw
        words = lambda page: re.findall(r"\w+", page.norm)  # noqa: E731
        assert words(ours) == words(theirs), ours.number


def test_a_line_end_hyphen_keeps_its_line_break(tmp_path):
    """PDFium drops the line break after a word-breaking hyphen and marks it U+FFFE."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.multi_cell(0, 6, "The treasury receives the liquida-\ntion bonus of every auction. " * 8)
    path = tmp_path / "hyphen.pdf"
    pdf.output(str(path))
    page = _read(path, "pdfium").page(1)
    assert "liquida-\ntion" in page.text and "liquidation bonus" in page.norm


# ---------------------------------------------------------------- fallbacks


def _unopenable_by_pdfium(tmp_path: Path) -> Path:
    """A real file PDFium rejects and pypdf reads: the trailer's /Root points nowhere
    (pypdf then searches the file for the catalog)."""
    data = re.sub(rb"/Root \d+ 0 R", b"/Root 999 0 R", ICO.read_bytes())
    path = tmp_path / "bad_root.pdf"
    path.write_bytes(data)
    with pytest.raises(engines.PdfiumCannotOpen):
        engines.PdfiumReader(path, data, None)
    return path


def test_a_file_pdfium_cannot_open_is_read_with_pypdf(tmp_path):
    path = _unopenable_by_pdfium(tmp_path)
    doc = _read(path, "pdfium")
    assert doc.engine.startswith(engines.version("pypdf"))
    assert "PDFium could not open the file" in doc.engine
    assert {p.engine for p in doc.pages} == {"pypdf"}
    assert [p.norm for p in doc.pages] == [p.norm for p in _read(path, "pypdf").pages]


def _caesar(text: str) -> str:
    """Letters shifted by a constant, as a broken font encoding gives them."""
    return "".join(chr(ord(c) - 29) if c.isascii() and c.isalpha() else c for c in text)


@pytest.mark.parametrize("bad", ["empty", "garbled"])
def test_an_unusable_pdfium_page_is_taken_from_pypdf(monkeypatch, bad):
    real = engines.PdfiumReader.page

    def page(self, index, want_layout, *args):
        text, layout = real(self, index, want_layout, *args)
        if index == 1:
            text = "" if bad == "empty" else _caesar(text)
            assert bad == "empty" or garbled_text(text, ingest.PAGE_MIN_WORDS, ingest.PAGE_MIN_LETTERS)
        return text, layout

    monkeypatch.setattr(engines.PdfiumReader, "page", page)
    doc = _read(ICO, "pdfium")
    assert [p.engine for p in doc.pages] == ["pdfium", "pypdf"] + ["pdfium"] * 6
    assert doc.page(2).raw == _read(ICO, "pypdf").page(2).raw
    assert doc.engine == f"{engines.version('pdfium')}; {engines.version('pypdf')} on 1 of 8 pages"


def test_an_unusable_page_stays_when_pypdf_does_no_better(monkeypatch):
    real = engines.PdfiumReader.page

    def page(self, index, want_layout, *args):
        text, layout = real(self, index, want_layout, *args)
        return (_caesar(text), layout) if index == 1 else (text, layout)

    monkeypatch.setattr(engines.PdfiumReader, "page", page)
    monkeypatch.setattr(engines.PypdfReader, "text", lambda self, index: "")
    doc = _read(ICO, "pdfium")
    assert {p.engine for p in doc.pages} == {"pdfium"}
    assert doc.engine == engines.version("pdfium")
    assert "WKH" in doc.page(2).text  # "THE" shifted: the garbled page is kept as read


# ---------------------------------------------------------------- cache and provenance


def test_the_cache_key_names_the_engine_and_its_version():
    pdfium, pypdf_key = ingest._cache_version("pdfium"), ingest._cache_version("pypdf")
    assert pdfium != pypdf_key
    assert engines.version("pdfium").replace(" ", "-") in pdfium
    assert engines.version("pypdf").replace(" ", "-") in pypdf_key
    assert "pdfium" not in pypdf_key


def test_switching_engines_never_serves_the_other_engines_text(tmp_path):
    cache = tmp_path / "cache"
    for engine, cached in (("pypdf", False), ("pypdf", True), ("pdfium", False), ("pdfium", True),
                           ("pypdf", False)):
        doc = read_pdf(ICO, engine=engine, cache_dir=cache)
        assert doc.from_cache is cached and doc.engine.startswith(engine), (engine, cached)
        assert {p.engine for p in doc.pages} == {engine}


@BOTH
def test_the_result_names_the_text_engine(engine, tmp_path):
    from paperlens.pipeline import analyze

    result = analyze(ICO, backend="rules", engine=engine, cache_dir=tmp_path)
    assert result.provenance.text_engine == engines.version(engine)


# ---------------------------------------------------------------- tables

ROWS = [("Team and founders", "18.5%", "185,000,000"), ("Advisors", "4%", "40,000,000"),
        ("Private sale", "12.5%", "125,000,000"), ("Public sale", "30%", "300,000,000"),
        ("Ecosystem fund", "25%", "250,000,000"), ("Liquidity", "10%", "100,000,000")]


@pytest.fixture(scope="module")
def table_pdf(tmp_path_factory) -> Path:
    """A table drawn column by column: the content stream holds every label, then every
    share, then every amount, so only the page geometry puts a row back together."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.set_xy(20, 20)
    pdf.cell(0, 8, "Token allocation of the LUMA supply")
    pdf.set_font("Helvetica", size=10)
    for x, width, align, column in ((20, 60, "L", 0), (90, 25, "R", 1), (125, 40, "R", 2)):
        for r, row in enumerate(ROWS):
            pdf.set_xy(x, 35 + 7 * r)
            pdf.cell(width, 6, row[column], align=align)
    pdf.set_xy(20, 90)
    pdf.multi_cell(170, 5, "Shares are of the maximum supply of 1,000,000,000 LUMA. " * 4)
    path = tmp_path_factory.mktemp("table") / "table.pdf"
    pdf.output(str(path))
    return path


@BOTH
def test_layout_keeps_each_table_row_on_one_line(engine, table_pdf):
    page = _read(table_pdf, engine).page(1)
    assert page.layout is not None
    lines = page.layout.splitlines()
    for label, share, amount in ROWS:
        [line] = [line for line in lines if label in line]
        assert re.search(rf"{re.escape(label)}\s{{2,}}{re.escape(share)}\s{{2,}}{re.escape(amount)}$",
                         line.strip()), line
    # the plain text follows the content stream: labels first, no row on one line
    assert not any(share in line and label in line
                   for line in page.text.splitlines() for label, share, _ in ROWS)


def test_pdfium_layout_lines_up_the_columns(table_pdf):
    lines = _read(table_pdf, "pdfium").page(1).layout.splitlines()
    rows = [next(line for line in lines if label in line) for label, _, _ in ROWS]
    assert len({line.index(label) for line, (label, _, _) in zip(rows, ROWS)}) == 1
    # right-aligned amounts end in the same column, give or take a character
    ends = [line.index(amount) + len(amount) for line, (_, _, amount) in zip(rows, ROWS)]
    assert max(ends) - min(ends) <= 1, rows


def test_pdfium_layout_only_for_table_pages():
    doc = _read(ICO, "pdfium")
    assert doc.page(4).layout is not None and doc.page(2).layout is None
    row = next(line for line in doc.page(4).layout.splitlines() if "Team & Founders" in line)
    assert re.search(r"Team & Founders\s{2,}20%\s{2,}200,000,000", row)


# ---------------------------------------------------------------- the corpus

corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus absent")


def _corpus_pdfs() -> list[Path]:
    return sorted(CORPUS.glob("*.pdf")) if CORPUS.is_dir() else []


def _outcome(path: Path, engine: str) -> tuple[str, int | None]:
    try:
        return "ok", _read(path, engine).page_count
    except PaperlensError as exc:
        return exc.code, None


@pytest.mark.corpus
@corpus
@pytest.mark.parametrize("path", _corpus_pdfs(), ids=lambda p: p.stem)
def test_both_engines_agree_on_each_corpus_pdf(path):
    """A result (same page count) or the same typed error under both engines.

    pypdf's full text is slow (minutes over the corpus): it is read in full only where
    PDFium failed; elsewhere pypdf opens the file and counts its pages.
    """
    code, pages = _outcome(path, "pdfium")
    if code != "ok":
        assert _outcome(path, "pypdf") == (code, None)
        return
    data = path.read_bytes()
    assert engines.PypdfReader(path, data, None).page_count == pages


@pytest.mark.corpus
@corpus
@pytest.mark.parametrize("slug", ["bitcoin", "crypto20", "tether"])
def test_both_engines_read_the_same_words(slug):
    """A few papers of different make (LaTeX, two-column with tables, soft hyphens): the
    words PDFium reads are pypdf's words."""
    from collections import Counter

    def words(engine):
        doc = _read(CORPUS / f"{slug}.pdf", engine)
        return Counter(w for p in doc.pages for w in re.findall(r"[^\W_]{3,}", p.norm.lower()))

    pdfium, pypdf_words = words("pdfium"), words("pypdf")
    common = sum((pdfium & pypdf_words).values())
    assert common / sum(pypdf_words.values()) > 0.97 and common / sum(pdfium.values()) > 0.97


@pytest.mark.corpus
@corpus
def test_pdfium_reads_a_paper_whose_pypdf_text_is_garbled():
    from paperlens.ingest.quality import garbled_reason

    path = CORPUS / "nework.pdf"
    if not path.exists():
        pytest.skip("nework.pdf not in the corpus")
    assert garbled_reason(_read(path, "pypdf"))
    doc = _read(path, "pdfium")
    assert garbled_reason(doc) is None and "Incentive platform" in doc.page(1).text
