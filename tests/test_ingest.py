"""Stage 1, ingest: typed errors for broken files, page numbering, hashes, text cleaning."""

from __future__ import annotations

import hashlib

import pytest
from conftest import broken, load_facts

from paperlens.errors import (
    DamagedPDFError,
    EmptyFileError,
    EncryptedPDFError,
    NoTextLayerError,
    NotPDFError,
    PaperlensError,
)
from paperlens.ingest.document import clean_text, normalize, read_pdf



# ---------------------------------------------------------------- broken files


@pytest.mark.parametrize(
    ("name", "error", "exit_code", "fragments"),
    [
        ("not_a_pdf.pdf", NotPDFError, 10, ["not a PDF", "%PDF"]),
        ("truncated.pdf", DamagedPDFError, 11, ["damaged or truncated"]),
        ("encrypted.pdf", EncryptedPDFError, 12, ["encrypted", "--password"]),
        ("image_only.pdf", NoTextLayerError, 13, ["no text layer", "OCR", "ocrmypdf"]),
        ("empty.pdf", EmptyFileError, 14, ["empty", "0 bytes"]),
    ],
)
def test_broken_file_raises_typed_error(name, error, exit_code, fragments):
    with pytest.raises(error) as info:
        read_pdf(broken(name))
    err = info.value
    assert isinstance(err, PaperlensError)
    assert err.exit_code == exit_code
    message = str(err)
    assert message.startswith(f"{name}:"), message
    assert "\n" not in message, "messages are one line"
    for fragment in fragments:
        assert fragment in message


def test_image_only_reports_page_count():
    with pytest.raises(NoTextLayerError, match=r"\(3 pages, \d+ characters of text\)"):
        read_pdf(broken("image_only.pdf"))


def test_encrypted_opens_with_password(fixture_docs):
    doc = read_pdf(broken("encrypted.pdf"), password="secret")
    plain = fixture_docs["ico_allocation"]
    assert doc.page_count == plain.page_count
    assert [p.norm for p in doc.pages] == [p.norm for p in plain.pages]


def test_encrypted_with_wrong_password():
    with pytest.raises(EncryptedPDFError, match="wrong password") as info:
        read_pdf(broken("encrypted.pdf"), password="not-the-password")
    assert info.value.exit_code == 12


def test_encrypted_uses_aes():
    import pypdf

    reader = pypdf.PdfReader(broken("encrypted.pdf"))
    encrypt = reader.trailer["/Encrypt"].get_object()
    assert encrypt["/V"] >= 4, "expected AES (V4 or V5), got RC4"


def test_directory_and_missing_file_are_not_pdfs(tmp_path):
    with pytest.raises(NotPDFError, match="is a directory") as info:
        read_pdf(tmp_path)
    assert info.value.exit_code == 10
    with pytest.raises(NotPDFError, match="cannot be read"):
        read_pdf(tmp_path / "missing.pdf")


def test_pdf_without_pages_is_empty(tmp_path):
    import pypdf

    path = tmp_path / "nopages.pdf"
    with open(path, "wb") as fh:
        pypdf.PdfWriter().write(fh)
    with pytest.raises(EmptyFileError, match="no pages") as info:
        read_pdf(path)
    assert info.value.exit_code == 14


def test_header_after_junk_is_accepted(tmp_path, fixtures_dir):
    """A few bytes of junk before %PDF- (common from mail gateways) are tolerated."""
    path = tmp_path / "junk.pdf"
    path.write_bytes(b"\r\n\r\n" + (fixtures_dir / "xss.pdf").read_bytes())
    assert read_pdf(path).page_count == 3


# ---------------------------------------------------------------- documents

PAGE_COUNTS = {"ico_allocation": 8, "defi_governance": 6, "two_column": 2, "hostile_text": 3,
               "fiat_stablecoin": 4, "xss": 3}


@pytest.mark.parametrize("case", sorted(PAGE_COUNTS))
def test_pages_are_numbered_from_one(case, fixture_docs):
    import pypdf

    doc = fixture_docs[case]
    assert doc.page_count == PAGE_COUNTS[case]
    assert doc.page_count == len(pypdf.PdfReader(doc.path).pages)
    assert [p.number for p in doc.pages] == list(range(1, doc.page_count + 1))
    assert doc.page(0) is None and doc.page(doc.page_count + 1) is None
    assert doc.page(1) is doc.pages[0]
    for page in doc.pages:
        # each fixture page prints its own number in the footer, as the last line
        assert page.text.strip().splitlines()[-1].strip() == str(page.number)


@pytest.mark.parametrize("case", ["ico_allocation", "hostile_text"])
def test_sha256_and_metadata(case, fixture_docs):
    doc = fixture_docs[case]
    assert doc.sha256 == hashlib.sha256(doc.path.read_bytes()).hexdigest()
    assert doc.metadata["title"] == load_facts(case)["spec"]["title"]
    assert doc.metadata["author"] == load_facts(case)["spec"]["project"]
    assert doc.metadata["created"].startswith("D:20250115")
    assert doc.warnings == []


def test_layout_text_only_for_tabular_pages(fixture_docs):
    doc = fixture_docs["ico_allocation"]
    table_page, prose_page = doc.page(4), doc.page(2)
    assert table_page.layout is not None
    assert "Team & Founders" in table_page.layout
    # the layout view keeps the table's columns apart on one line
    row = next(line for line in table_page.layout.splitlines() if "Team & Founders" in line)
    assert "20%" in row and "200,000,000" in row
    assert prose_page.layout is None


def test_two_column_text_keeps_reading_order(fixture_docs):
    norm = fixture_docs["two_column"].page(2).norm
    assert "The total supply of COBL is capped at 250,000,000 tokens" in norm
    assert "Node operator rewards receive 35% of the supply" in norm
    assert norm.index("capped at 250,000,000") < norm.index("At launch 18% of the supply")


# ---------------------------------------------------------------- text cleaning


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("1,\u200b000,\u200b000", "1,000,000"),  # zero-width space inside a number
        ("to\u2060ken\ufeff\u200c\u200d", "token"),  # other invisible characters
        ("non\u00adcustodial", "non-custodial"),  # soft hyphen used as a hyphen
        ("gover\u00ad\nnance", "governance"),  # soft hyphen at a line break
        ("Reserve\u00ad fund", "Reserve fund"),  # soft hyphen before a space: no hyphen at all
        ("Token sale: 70\n%\nTeam: 30%", "Token sale: 70%\nTeam: 30%"),  # a percent sign pushed to the next line
        ("generated 402 400 000\n% of tokens", "generated 402 400 000\n% of tokens"),  # a label that starts with %
        ("\ufb01xed pro\ufb01t \ufb02ow", "fixed profit flow"),  # ligatures
        ("2019\x152021", "2019 - 2021"),  # control character used for a dash
        ("a\x00b\x07c", "a b c"),  # other control characters become spaces
        ("e\x1eciently \x1cnancial O\x1ecer", "efficiently financial Officer"),  # TeX ligature codes
        ("x \x1c 10", "x   10"),  # ... but not outside a word
        ("\u7ea610%\u7684\u5c0f\u8681\u80a1, 1\u4ebf", "\u7ea6 10% \u7684\u5c0f\u8681\u80a1, 1 \u4ebf"),  # numbers apart from CJK
        ("Phase \u2163 \u2116 3", "Phase IV No 3"),  # compatibility characters
        ("\u8c48\uf900", "\u8c48\u8c48"),  # CJK compatibility ideograph U+F900
        ("\uff11\uff10\uff10\uff05", "100%"),  # full-width digits
    ],
)
def test_clean_text(raw, clean):
    assert clean_text(raw) == clean


@pytest.mark.parametrize(
    ("text", "norm"),
    [
        ("hyphen-\nated word", "hyphenated word"),  # hyphenated line break
        ("total of 1,000,\n000 tokens", "total of 1,000,000 tokens"),  # split number
        ("1,000,000,\n  000,000", "1,000,000,000,000"),
        ("\u201cquoted\u201d \u2018x\u2019 a\u2013b c\u2014d \u22121", '"quoted" \'x\' a-b c-d -1'),
        ("  many \t spaces\n\nand lines  ", "many spaces and lines"),
        ("a\u00a0b", "a b"),
    ],
)
def test_normalize(text, norm):
    assert normalize(text) == norm


def test_normalize_keeps_real_hyphens_and_separate_numbers():
    assert normalize("ERC-20 token") == "ERC-20 token"
    assert normalize("Team 20%\n2024 plan") == "Team 20% 2024 plan"
    assert normalize("Year 1\n2 Year") == "Year 1 2 Year"


def test_hostile_text_fixture_reads_clean(fixture_docs):
    doc = fixture_docs["hostile_text"]
    page1, page2 = doc.page(1), doc.page(2)
    assert "non-custodial" in page1.text
    assert "The first" in page1.text and "Phase IV" in page1.text and "No 3" in page1.text
    assert "1,000,000,000" in page2.text  # zero-width spaces removed
    assert "tokens, a fixed supply" in page2.text  # word joiner and ligature
    assert "ERC-20" in page2.text  # soft hyphen kept as a hyphen
    assert "150,\n000,000" in page2.text  # display text keeps the break ...
    assert "150,000,000 QLL" in page2.norm  # ... matching text rejoins the number
    assert "on-chain governance" in page2.norm  # soft hyphen at the line end
    assert "12-month cliff" in page2.norm  # non-breaking hyphen folded
    assert "flows back" in page2.norm
    for page in doc.pages:
        for bad in ("\u200b", "\u2060", "\u00ad", "\ufb01", "\ufb02", "\u2163", "\u2116"):
            assert bad not in page.text
    # the raw view still has what pypdf returned
    assert "\u200b" in page2.raw and "\u00ad" in page2.raw


def test_xss_fixture_text_is_verbatim(fixture_docs):
    facts = load_facts("xss")
    text = "\n".join(p.text for p in fixture_docs["xss"].pages)
    for payload in facts["payloads"]:
        assert payload in text
    import pypdf

    page = pypdf.PdfReader(fixture_docs["xss"].path).pages[1]
    uris = [a.get_object()["/A"].get("/URI") for a in page.get("/Annots", [])]
    assert "javascript:alert(1)" in uris  # a live link annotation, not just text


def test_vulgar_fractions_become_decimals_not_bigger_numbers():
    from paperlens.ingest.document import clean_text

    assert clean_text("a fee of 1\u00bd% and \u00bd of it") == "a fee of 1.5% and 0.5 of it"


# ------------------------------------------------------------------ pages lost, text that is not there

from pdfbuild import bomb_pdf, broken_stream_pdf, text_content, text_pdf  # noqa: E402

_TEXT = "The total supply is 1,000,000,000 tokens and the team receives 20% of them. " * 6


@pytest.mark.parametrize("engine", ["pdfium", "pypdf"])
@pytest.mark.parametrize("count", [16, 2])
def test_pages_lost_to_a_wrong_count_are_a_warning(tmp_path, engine, count):
    """A page tree whose /Count disagrees with its pages: whichever the engine trusts, the analysis
    says that pages may be missing."""
    path = tmp_path / "count.pdf"
    path.write_bytes(text_pdf([_TEXT] * 3, count=count))
    doc = read_pdf(path, engine=engine, use_cache=False)
    read = sum(bool(p.norm) for p in doc.pages)
    if read < max(count, 3):
        assert any("could be read" in w and "missing" in w for w in doc.warnings), doc.warnings
    else:
        assert not any("could be read" in w for w in doc.warnings)


@pytest.mark.parametrize("engine", ["pdfium", "pypdf"])
def test_a_whole_document_gives_no_page_warning(tmp_path, engine):
    path = tmp_path / "ok.pdf"
    path.write_bytes(text_pdf([_TEXT] * 3))
    assert read_pdf(path, engine=engine, use_cache=False).warnings == []


@pytest.mark.parametrize("engine", ["pdfium", "pypdf"])
def test_one_text_page_among_blank_ones_is_analysed(tmp_path, engine):
    path = tmp_path / "sparse.pdf"
    path.write_bytes(text_pdf([], contents=[text_content(_TEXT)] + [b""] * 300))
    doc = read_pdf(path, engine=engine, use_cache=False)
    assert doc.page_count == 301 and "total supply" in doc.pages[0].norm
    assert any("only 1 of 301 pages have text" in w for w in doc.warnings)


@pytest.mark.parametrize("engine", ["pdfium", "pypdf"])
def test_a_short_text_page_among_blank_ones_is_not_said_to_give_no_characters(tmp_path, engine):
    path = tmp_path / "short.pdf"
    path.write_bytes(text_pdf([""] * 50 + ["Total supply 1,000,000 tokens."] + [""] * 49))
    with pytest.raises(NoTextLayerError) as caught:
        read_pdf(path, engine=engine, use_cache=False)
    message = str(caught.value)
    assert "(100 pages, 30 characters of text)" in message and "too little" in message
    assert "no characters" not in message and "looks scanned" not in message


@pytest.mark.parametrize("engine", ["pdfium", "pypdf"])
def test_blank_pages_are_no_text_layer(tmp_path, engine):
    path = tmp_path / "blank.pdf"
    path.write_bytes(text_pdf([], contents=[b""] * 4))
    with pytest.raises(NoTextLayerError, match="looks scanned"):
        read_pdf(path, engine=engine, use_cache=False)


@pytest.mark.parametrize("engine", ["pdfium", "pypdf"])
@pytest.mark.parametrize("make", [lambda: bomb_pdf(200), broken_stream_pdf], ids=["bomb", "broken_stream"])
def test_undecodable_content_is_damaged_not_scanned(tmp_path, engine, make):
    from paperlens.errors import DamagedPDFError

    path = tmp_path / "damaged.pdf"
    path.write_bytes(make())
    with pytest.raises(DamagedPDFError) as caught:
        read_pdf(path, engine=engine, use_cache=False)
    message = str(caught.value)
    assert "OCR" not in message and "\n" not in message and message.startswith("damaged.pdf:")


@pytest.mark.parametrize("engine", ["pdfium", "pypdf"])
def test_a_page_of_endless_text_is_cut_with_a_warning(tmp_path, engine):
    from paperlens.ingest.document import MAX_PAGE_CHARS

    path = tmp_path / "endless.pdf"
    path.write_bytes(text_pdf([], contents=[b"BT /F1 9 Tf 40 800 Td\n" + b"(1,000 tokens 20% ) Tj\n" * 30000
                                            + b"ET"]))
    doc = read_pdf(path, engine=engine, use_cache=False)
    assert len(doc.pages[0].raw) <= MAX_PAGE_CHARS
    assert "1,000 tokens" in doc.pages[0].text
    assert any("only the first part" in w for w in doc.warnings)


def test_a_page_of_endless_table_rows_is_cut_before_pdfium_builds_its_layout(tmp_path, monkeypatch):
    """30,000 lines of table-like text (3 MB from an 11 KB file): PDFium's characters are read
    only up to the page cap, for the text and for the layout view (reading them all took 6 s
    and 1 GB here, a 20 MB page 60 s and 8.6 GB)."""
    import pypdfium2.raw as raw
    from paperlens.ingest.document import MAX_PAGE_CHARS

    row = b"(Team 20% 1,000,000 tokens; Advisors 5% 250,000 tokens; Sale 40% 2,000,000; Reserve 35%) Tj 0 -12 Td\n"
    path = tmp_path / "rows.pdf"
    path.write_bytes(text_pdf([], contents=[b"BT /F1 9 Tf 40 800 Td\n" + row * 30000 + b"ET"], compress=True))
    read = [0]
    original = raw.FPDFText_GetUnicode

    def counted(*args):
        read[0] += 1
        return original(*args)

    monkeypatch.setattr(raw, "FPDFText_GetUnicode", counted)
    doc = read_pdf(path, engine="pdfium", use_cache=False)
    page = doc.pages[0]
    assert len(page.raw) == MAX_PAGE_CHARS and page.layout and len(page.layout) <= MAX_PAGE_CHARS
    assert "Advisors 5%" in page.text
    assert any("only the first part" in w for w in doc.warnings)
    assert 0 < read[0] <= 2 * MAX_PAGE_CHARS + 2  # not the page's 3 million characters


def test_a_fraction_after_an_endless_digit_run_is_left_alone():
    from paperlens.ingest.document import clean_text

    assert clean_text("1\u00bd% and \u00bd, 12\u00be") == "1.5% and 0.5, 12.75"
    text = "1" * 5000 + "\u00bd"
    assert clean_text(text) == "1" * 5000 + "1\u20442"  # NFKC of the fraction; no ValueError


@pytest.mark.parametrize("engine", ["pdfium", "pypdf"])
def test_pages_lost_with_no_text_are_damaged_not_scanned(tmp_path, engine):
    """A page tree that declares more pages than can be read, and no text on those read: the pages
    are lost (a damaged PDF), not scanned."""
    from paperlens.errors import DamagedPDFError

    path = tmp_path / "lost.pdf"
    path.write_bytes(text_pdf([], contents=[b""], count=5))
    with pytest.raises(DamagedPDFError, match="of 5 pages could be read"):
        read_pdf(path, engine=engine, use_cache=False)
