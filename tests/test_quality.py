"""Garbled text layers are flagged; ordinary papers, in any script we expect, are not."""


import pytest

from paperlens.ingest.quality import garbled_reason
from conftest import make_doc as doc


ENGLISH = "The total supply of tokens is fixed and the team allocation vests over four years. " * 40


def shift(text: str, by: int) -> str:
    return "".join(chr(ord(c) - by) if c.isalpha() else c for c in text)


def test_plain_english_is_fine():
    assert garbled_reason(doc(ENGLISH)) is None


def test_chinese_is_fine():
    assert garbled_reason(doc("代币总量为十亿枚，团队份额锁定四年。" * 60)) is None


def test_letters_shifted_by_a_broken_font_encoding_are_flagged():
    reason = garbled_reason(doc(shift(ENGLISH, 29)))
    assert reason and "garbled" in reason and "OCR" in reason


def test_letters_from_unrelated_scripts_are_flagged():
    stray = "ጱᐒԻᗑᕶአಁ֢ԅԾ" * 80  # Ethiopic, Canadian syllabics, Kannada, Hebrew points ...
    assert "unrelated scripts" in garbled_reason(doc(stray))


@pytest.mark.corpus
def test_only_the_broken_chinese_paper_of_the_corpus_is_flagged(corpus_docs):
    flagged = [d.path.stem for d in corpus_docs.readable() if garbled_reason(d)]
    assert flagged == ["status-cn"]
