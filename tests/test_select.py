"""Page selection for the LLM prompt: relevance scoring under a token budget."""

from __future__ import annotations

from pathlib import Path

import pytest

from paperlens.ingest import read_pdf
from paperlens.select import (
    PAGE_WRAPPER_TOKENS, estimate_tokens, group_pages, score_page, select_pages,
)
from conftest import make_doc

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "ico_allocation.pdf"
FILLER = ("The protocol uses a gossip layer to propagate blocks between peers and a "
          "deterministic finality gadget to settle forks among validators. ") * 12


@pytest.fixture(scope="module")
def nova():
    return read_pdf(FIXTURE)


def test_token_estimate_counts_cjk_characters_one_each():
    assert estimate_tokens("a" * 400) == 100
    assert estimate_tokens("代币总量为一亿") == 7


def test_everything_is_sent_when_it_fits(nova):
    selection = select_pages(nova, 100_000)
    assert selection.pages == list(range(1, 9))
    assert selection.tokens_sent == selection.tokens_total and selection.complete


def test_tokenomics_pages_outrank_prose(nova):
    scores = {p.number: score_page(p) for p in nova.pages}
    assert max(scores, key=scores.get) in (4, 5, 6)  # allocation, vesting, sale
    assert scores[4] > scores[2] and scores[6] > scores[3]


def test_budget_keeps_best_pages_in_document_order(nova):
    selection = select_pages(nova, 1000)
    assert selection.tokens_sent <= 1000 < selection.tokens_total
    assert selection.pages == sorted(selection.pages)
    assert 4 in selection.pages and 2 not in selection.pages
    assert selection.tokens_sent == sum(selection.tokens[n] for n in selection.pages)


def test_relevant_pages_that_do_not_fit_are_overflow():
    table = "Token allocation: Team 20% 200,000,000; Advisors 5% 50,000,000; Public sale 25%; "
    texts = [FILLER] * 3 + [table * 6, table * 6, table * 6] + [FILLER] * 3
    doc = make_doc(*texts)
    one_page = estimate_tokens(table * 6) + PAGE_WRAPPER_TOKENS
    selection = select_pages(doc, one_page * 2)
    assert len(selection.pages) == 2 and set(selection.pages) <= {4, 5, 6}
    assert len(selection.overflow) == 1 and not selection.complete
    assert all(n not in selection.overflow for n in (1, 2, 3, 7, 8, 9))  # filler is never overflow


def test_relevant_page_and_title_page_beat_filler():
    doc = make_doc(*[FILLER] * 5, "The maximum supply is 21,000,000 tokens. Team 15%.")
    selection = select_pages(doc, estimate_tokens(FILLER) + 60)
    assert selection.pages == [1, 6]  # page 6 first, then the title page fills the rest


def test_groups_are_consecutive_and_under_budget():
    tokens = {1: 400, 2: 400, 3: 400, 5: 900, 8: 5000}
    groups = group_pages([8, 1, 2, 3, 5], tokens, 1000)
    assert groups == [[1, 2], [3], [5], [8]]  # a page over budget gets a group of its own
