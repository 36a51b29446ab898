"""Is the text layer readable? A PDF can carry text that is not the text shown.

Broken font encodings give text that extracts but means nothing (letters
shifted by a constant, CJK mapped onto unrelated scripts). Such a paper gets a
warning: nothing extracted from it can be trusted, and OCR is the way out.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # ingest uses garbled_text on each page
    from paperlens.ingest.document import Document

_LATIN_WORD = re.compile(r"[A-Za-z]{3,}")
_VOWEL = re.compile(r"[aeiouyAEIOUY]")
_ASCII_LETTER = re.compile(r"[A-Za-z]")
_OTHER = re.compile(r"[^\x00-\x7f]")
# scripts whitepapers are written in (and Greek for formulas)
_EXPECTED = ("LATIN", "CJK", "HIRAGANA", "KATAKANA", "HANGUL", "GREEK", "CYRILLIC", "FULLWIDTH")

MIN_VOWEL_SHARE = 0.85  # real papers in the corpus: 0.96 to 1.0
MAX_STRAY_SHARE = 0.10  # letters from scripts no whitepaper here is written in


def garbled_reason(doc: Document) -> str | None:
    """A one-line warning when the text layer looks garbled, else None."""
    return garbled_text("".join(p.text for p in doc.pages))


def garbled_text(text: str, min_words: int = 200, min_letters: int = 500) -> str | None:
    """Why ``text`` looks garbled, or None; judged only from ``min_words`` Latin words
    (share with a vowel) or ``min_letters`` letters (share from unrelated scripts) on."""
    words = _LATIN_WORD.findall(text)
    if len(words) >= min_words:
        share = sum(1 for w in words if _VOWEL.search(w)) / len(words)
        if share < MIN_VOWEL_SHARE:
            return (
                f"the text layer looks garbled (only {share:.0%} of Latin words have a vowel): "
                "likely a broken font encoding; figures from it cannot be trusted, try OCR "
                "(e.g. `ocrmypdf --force-ocr`)"
            )
    # ASCII letters are Latin: only the others are looked up (this runs on every page)
    others = [c for c in _OTHER.findall(text) if c.isalpha()]
    letters = len(_ASCII_LETTER.findall(text)) + len(others)
    if letters >= min_letters:
        stray = sum(1 for c in others if not unicodedata.name(c, "?").startswith(_EXPECTED))
        if stray / letters > MAX_STRAY_SHARE:
            return (
                f"the text layer looks garbled ({stray / letters:.0%} of letters are from "
                "unrelated scripts): likely a broken font encoding; figures from it cannot be "
                "trusted, try OCR (e.g. `ocrmypdf --force-ocr`)"
            )
    return None
