"""The rules backend, token sale: price and caps as papers write them, and the traps that are not."""

from __future__ import annotations

import pytest

from paperlens.extract.rules.terms import fill_terms
from paperlens.schema import Tokenomics
from conftest import make_doc
from test_rules_terms import SALE_PAPER, assert_verbatim

CAPS = "The soft cap of the crowdsale is 5,000 ETH and the hard cap is 50,000 ETH."
RATE = "During the crowdsale 1 ETH = 1000 ABC."


def sale_of(text: str):
    doc = make_doc(text)
    t = Tokenomics()
    fill_terms(t, doc)
    assert_verbatim(t, doc)
    return t.sale


@pytest.mark.parametrize("sentence, amount, currency", [
    ("The crowdsale hard cap is $25m.", 25e6, "USD"),  # a lower-case "m" for million
    ("The fundraising goal of the ICO is US$14.5m.", 14.5e6, "USD"),
    ("Hard cap of the crowdsale: EUR 30m.", 30e6, "EUR"),
])
def test_million_written_as_a_lower_case_m(sentence, amount, currency):
    sale = sale_of(SALE_PAPER.replace(CAPS, sentence))
    assert (sale.hard_cap.value.amount, sale.hard_cap.value.currency) == (amount, currency)


def test_a_price_in_bitcoin_spelled_with_a_capital():
    sale = sale_of(SALE_PAPER.replace(RATE, "During the crowdsale ABC is sold at 0.0002 Bitcoin per ABC."))
    assert (sale.price.value.amount, sale.price.value.currency) == (0.0002, "BTC")
