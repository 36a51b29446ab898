"""Every scan of page text stays linear on long runs of digits, separators and number words.

The quick counterpart of ``benchmarks/text_scans.py`` (which gives the growth per
tenfold size): one 64 KB page per shape, each scan under a generous time limit
(a hang guard, not a speed assertion). A quadratic pattern, such as the symbol
pattern that took 80 s on 32 KB of "1,000,1,000,...", runs far past it.
"""

from pathlib import Path

import pytest

from paperlens.assess.language import scan_language
from paperlens.assess.mentions import scan as scan_mentions
from paperlens.assess.quarantine import quarantine
from paperlens.extract.rules import extract_rules
from paperlens.ingest.document import Document, Page, clean_text, normalize
from paperlens.ingest.quality import garbled_reason
from paperlens.timelimit import time_limit

SIZE = 64 * 1024
GUARD = 30.0  # seconds per scan; linear scans take well under 2 s here
SHAPES = ["1,", "1 ", "1,000,", "12.", "1", "1 000 ", "three hundred million ", "three\nhundred million ",
          "10% team ", "Total supply 1,000,"]


def _doc(unit: str) -> Document:
    text = ("Total supply " + unit * (SIZE // len(unit) + 1))[:SIZE]
    clean = clean_text(text)
    page = Page(1, text, clean, normalize(clean), None, "pdfium")
    return Document(path=Path("long.pdf"), sha256="0" * 64, pages=[page])


@pytest.mark.parametrize("unit", SHAPES)
def test_scans_of_a_long_page_end_within_the_guard(unit):
    doc = _doc(unit)
    scans = {"rules": lambda: extract_rules(doc, []), "language": lambda: scan_language(doc),
             "mentions": lambda: scan_mentions(doc), "quarantine": lambda: quarantine(doc, scan_language(doc)),
             "garbled": lambda: garbled_reason(doc)}
    for name, scan in scans.items():
        with time_limit(GUARD):  # raises TimeLimitError, naming no scan: say which
            try:
                scan()
            except Exception as exc:
                raise AssertionError(f"{name} on {SIZE:,} characters of {unit!r}: {type(exc).__name__}") from exc
