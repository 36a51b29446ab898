"""The rules backend, token sale: price and caps as papers write them, and the traps that are not."""

from __future__ import annotations

import pytest

from test_rules_terms import SALE_PAPER, assert_verbatim, terms, terms_named

CAPS = "The soft cap of the crowdsale is 5,000 ETH and the hard cap is 50,000 ETH."
RATE = "During the crowdsale 1 ETH = 1000 ABC."


def sale_of(text: str):
    t, doc = terms(text)
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


@pytest.mark.parametrize("sentence, amount, currency", [
    ("The price of the ABC token is 0.002 BTC.", 0.002, "BTC"),
    ("The price for one ABC token has been set at $0.25 USD.", 0.25, "USD"),
    ("ABC tokens are issued at the rate of 0.0005BTC per 1 token.", 0.0005, "BTC"),
    ("ABC will be sold at 0.0002 ETH each.", 0.0002, "ETH"),
    ("Each ABC token costs 0.10 USD.", 0.10, "USD"),
    ("Tokens are priced at $0.08 in the public round and $0.05 in the private round.", 0.08, "USD"),
    ("1 ABC = $0.02 (private sale), 1 ABC = $0.04 (public sale)", 0.04, "USD"),  # the public round's
    ("1 ETH = 2,500 ABC (pre-sale) and 1 ETH = 2,000 ABC (main sale).", 0.0005, "ETH"),  # and of two rates
])
def test_price_stated_for_one_token(sentence, amount, currency):
    sale = sale_of(SALE_PAPER.replace(RATE, "In the crowdsale: " + sentence))
    assert (sale.price.value.amount, sale.price.value.currency) == (amount, currency)


@pytest.mark.parametrize("sentence", [
    "If a project raises 80 ETH and 2000 ABC (assuming 100 ABC = 1 ETH), its creators receive 80 ETH.",
    "For example, if the token price is $2, a buyer of 10 tokens pays $20 in the crowdsale.",
    "Suppose the rate of ABC is 1 ABC for 0.1 ETH during the crowdsale; the reserve pays 0.01 ABC.",
    "The market price of the ABC tokens may fall below $1 after the crowdsale.",
    "Contributions to the crowdsale convert at the ETH price: $300 on the day of purchase.",
    "Listing price: $0.15 on the exchange after the crowdsale.",
])
def test_worked_examples_and_market_prices_are_not_the_sale_price(sentence):
    assert not sale_of(SALE_PAPER.replace(RATE, sentence)).price.stated


def test_a_sum_raised_beside_a_price_label_is_not_a_price():
    sale = sale_of(SALE_PAPER.replace(RATE, "Minimum sale target USD $10,000,000 Token price for this crowdsale"))
    assert not sale.price.stated


def test_label_rows_of_a_sale_summary():
    sale = sale_of(SALE_PAPER.replace(CAPS, "Crowdsale terms\n• Minimum objective amount: 2,000 BTC\n"
                                            "• Maximum amount: 10,000 BTC\n"))
    assert (sale.soft_cap.value.amount, sale.soft_cap.value.currency) == (2_000, "BTC")
    assert (sale.hard_cap.value.amount, sale.hard_cap.value.currency) == (10_000, "BTC")


def test_a_sale_sheet_gives_tokens_for_sale_and_the_sale_period():
    sale = sale_of(SALE_PAPER.replace(
        "The ABC token sale (crowdsale) starts on 1 March 2018 and runs for 30 days.",
        "Token sale details\nTokens for sale: 200,000,000 ABC\nSale period: 15 May 2018 - 15 June 2018"))
    assert sale.tokens_offered.value == 200e6
    assert sale.dates.value == "15 May 2018 - 15 June 2018"


@pytest.mark.parametrize("sentence, soft, hard", [
    ("Softcap: $2M, Hardcap: $15M", 2e6, 15e6),  # two label rows on one line
    ("Funding goal: minimum 1,000 BTC, maximum 6,000 BTC.", 1_000, 6_000),
    ("The token sale is capped at USD 25 million.", None, 25e6),
    ("The minimum funding goal of the sale is 2,000 ETH and the maximum is 20,000 ETH.", 2_000, 20_000),
    ("Soft cap: 1.000 ETH. Hard cap: 10.000 ETH.", 1_000, 10_000),  # thousands as Europeans write them
])
def test_caps_written_as_rows_on_one_line_or_as_a_bound(sentence, soft, hard):
    sale = sale_of(SALE_PAPER.replace(CAPS, sentence))
    assert (sale.soft_cap.value.amount if soft else sale.soft_cap.value) == soft
    assert sale.hard_cap.value.amount == hard


@pytest.mark.parametrize("sentence", [
    "• Maximum amount per participant: 500 ETH",  # a per-person limit
    "Each buyer can buy a minimum 0.1 ETH and a maximum 50 ETH in the crowdsale.",  # per-person bounds, small
    "For example, with a hard cap of 20,000 ETH and a soft cap of 2,000 ETH, a buyer would receive more.",
    "Development: $2,000,000 of the funds raised in the crowdsale",  # a use-of-proceeds line
    "Of the funds raised in the crowdsale, a maximum of $2,000,000 will be spent on marketing.",  # a budget line
    "The crowdsale budget: a minimum of $500,000 is allocated to legal work.",
])
def test_what_is_not_a_cap(sentence):
    sale = sale_of(SALE_PAPER.replace(CAPS, sentence))
    assert not sale.hard_cap.stated and not sale.soft_cap.stated


def test_mincap_and_maxcap_abbreviations():
    sale = sale_of(SALE_PAPER.replace(CAPS, "Crowdsale terms: Mincap $3 million USD, all funds returned below it. "
                                            "Max cap $30 million USD."))
    assert sale.soft_cap.value.amount == 3e6 and sale.hard_cap.value.amount == 30e6


@pytest.mark.parametrize("sentence, amount, currency", [
    ("ABC tokens will be offered in the crowdsale at 1 ABC for the equivalent of $1 USD.", 1.0, "USD"),
    ("In the crowdsale 1 ABC = 0.0004 ETH.", 0.0004, "ETH"),
])
def test_one_token_for_an_amount(sentence, amount, currency):
    sale = sale_of(SALE_PAPER.replace(RATE, sentence))
    assert (sale.price.value.amount, sale.price.value.currency) == (amount, currency)


@pytest.mark.parametrize("sentence", [
    "The crowdsale awards 1 ABC for every 20 ETH contributed.",  # 20 ETH is no token's price
    "In the first hour 1.15 ABC for $1 USD, a 15% bonus.",  # a bonus tier
])
def test_what_is_not_a_one_token_price(sentence):
    assert not sale_of(SALE_PAPER.replace(RATE, sentence)).price.stated


def test_a_rate_on_a_page_without_sale_words():
    pages = (SALE_PAPER.replace(RATE, ""), "The platform matches freelancers with clients.",
             "Name: ABC\nTicker: ABC\nPricing: 12,000 ABC : 1 ETH")
    t, doc = terms(*pages)
    assert t.sale.price.value.amount == pytest.approx(1 / 12_000) and t.sale.price.evidence.page == 3
    assert_verbatim(t, doc)


def test_a_rate_between_two_currencies_is_not_the_price():
    pages = (SALE_PAPER.replace(RATE, ""), "The platform matches freelancers with clients.",
             "At the time of writing 1 ETH = 300 USD.")
    t, _ = terms(*pages)
    assert not t.sale.price.stated


def test_a_bonus_tier_rate_gives_way_to_the_base_rate():
    sale = sale_of(SALE_PAPER.replace(RATE, "In the first week of the crowdsale 1 ETH = 1,200 ABC, a 20% bonus.\n\n"
                                            "After the first week 1 ETH = 1,000 ABC."))
    assert sale.price.value.amount == pytest.approx(0.001)


def test_a_rate_stated_without_bonus_is_the_base_rate():
    sale = sale_of(SALE_PAPER.replace(RATE, "Crowdsale payment without bonus: 5,000 ABC/BTC (20% more in week 1)."))
    assert sale.price.value.amount == pytest.approx(0.0002)


@pytest.mark.parametrize("sentence", [
    "The soft cap of the crowdsale is 60,000 ETH and the hard cap is 50,000 ETH.",
    "Crowdsale terms\nSoft cap Hard cap\n30,000 ETH 50,000 ETH",  # a header row: both labels read 30,000
])
def test_caps_that_contradict_each_other_are_not_reported(sentence):
    sale = sale_of(SALE_PAPER.replace(CAPS, sentence))
    assert not sale.soft_cap.stated and not sale.hard_cap.stated


@pytest.mark.parametrize("sentence, amount", [
    ("Minimum contribution: 0.1 ETH. Price per token: $0.05 in the crowdsale.", 0.05),
    ("The crowdsale sells ABC at a maximum price of $0.02 per token.", 0.02),
])
def test_the_amount_beside_a_price_label_is_on_the_right_side(sentence, amount):
    sale = sale_of(SALE_PAPER.replace(RATE, sentence))
    assert sale.price.value.amount == pytest.approx(amount)


def test_a_minimum_contribution_before_a_price_label_is_not_the_price():
    sale = sale_of(SALE_PAPER.replace(RATE, "Minimum contribution 0.1 ETH Price per token: see the website"))
    assert not sale.price.stated


def test_a_refund_is_contributors_withdrawing_when_the_soft_cap_is_missed():
    sentence = "In case the soft cap is not reached, the smart contract will allow contributors to withdraw their ETH."
    sale = sale_of(SALE_PAPER.replace(CAPS, "Soft cap: 2,000 ETH. " + sentence))
    assert sale.refund.value == sentence


def test_a_round_table_gives_the_public_price_and_a_capped_ido_is_a_sale():
    sale = sale_of("Distribution\n• Seed investors — 10%\n• Public sale (IDO) — 5%\nPublic sale tokens unlock at TGE.\n"
                   "4.3 Token sale\nRound Price Raise\nSeed $0.02 $1,000,000\nStrategic $0.05 $1,750,000\n"
                   "Public (IDO) $0.08 $2,000,000\nThe IDO hard cap is $2,000,000.")
    assert sale is not None
    assert (sale.price.value.amount, sale.price.value.currency) == (0.08, "USD")  # the public row's, not the seed's
    assert sale.price.evidence.quote == "Public (IDO) $0.08 $2,000,000"
    assert sale.hard_cap.value.amount == 2_000_000


@pytest.mark.parametrize("label", ["Accepted currencies: ETH, BTC", "Payment methods: ETH, BTC",
                                   "Accepted payments: ETH, BTC"])
def test_a_fact_sheets_currency_label_needs_no_sale_words(label):
    sale = sale_of("Quanta Token Sale\n\nToken Sale Details\nToken: QNT (ERC-20)\nTotal tokens: 200,000,000 QNT\n"
                   "Tokens for sale: 120,000,000 QNT (60%)\nPre-sale: 1 QNT = 0.0008 ETH (30% bonus)\n"
                   "Main sale: 1 QNT = 0.001 ETH\nSoft cap: 2,000 ETH\nHard cap: 96,000 ETH\n" + label + "\n"
                   "Sale period: 1 May 2018 - 31 May 2018\nUnsold tokens will be burned.\n")
    assert sale.accepted_currencies.value == ["ETH", "BTC"]


def test_the_public_rounds_price_of_a_sentence_listing_rounds():
    intro = ("Acme Token Sale\nThe Acme token (ACM) powers the Acme network. The token sale will be held in May 2024.\n"
             "The token sale has a soft cap of $1,000,000 and a hard cap of $5,000,000.\n")
    sale = sale_of(intro + "Seed round: $0.01 per token; Private round: $0.02 per token; Public round: $0.04 per token.\n")
    assert sale.price.value.amount == 0.04
    sale = sale_of(intro + "Public round: $0.04 per token, after a seed round at $0.01 per token.\n")
    assert sale.price.value.amount == 0.04


@pytest.mark.parametrize("terms, dates", [
    ("The ACM token sale starts on 1 June 2024 and ends on 30 June 2024. The price is $0.05 per ACM.\nSoft cap: "
     "$1,000,000. Hard cap: $5,000,000.\nParticipants must complete KYC verification before contributing.\n",
     "1 June 2024 and ends on 30 June 2024"),
    ("The crowdsale has a hard cap of 20,000 ETH and a soft cap of 2,000 ETH. 1 ETH = 5,000 ACM. The sale starts on "
     "March 1, 2018 and ends on March 31, 2018.\n", "March 1, 2018 and ends on March 31, 2018"),  # "the sale"
])
def test_sale_dates_from_a_start_and_an_end_in_one_sentence(terms, dates):
    sale = sale_of("Acme Token Sale\nThe Acme token (ACM) powers the Acme network.\nToken Sale\n" + terms)
    assert sale.dates.value == dates


def test_sale_terms_on_the_page_after_the_sale_is_announced():
    t, doc = terms_named("Acme", "Acme Whitepaper\nThe Acme token (ACM) powers the Acme network.\nToken Sale\n"
                         "The ACM token sale opens in May 2024.\n",
                         "Sale terms\nPrice: $0.05 per ACM\nSoft cap: $1,000,000\nHard cap: $5,000,000\n", symbol="ACM")
    assert t.sale is not None and t.sale.hard_cap.value.amount == 5e6 and t.sale.soft_cap.value.amount == 1e6
    assert_verbatim(t, doc)


@pytest.mark.parametrize("label, field", [("Fundraising goal: $10,000,000", "hard_cap"),
                                          ("Funding target: $10,000,000", "raise_target")])
def test_a_fact_sheets_goal_label_is_a_sale_term(label, field):
    t, doc = terms_named("Acme", "Acme Whitepaper\nToken Sale\nThe ACM token sale is the only sale of ACM. Buyers in "
                         "the token sale receive ACM at TGE. The price per token in the sale is $0.05.\n",
                         "Sale terms\n" + label + "\n", symbol="ACM")
    assert getattr(t.sale, field).value.amount == 1e7
    assert_verbatim(t, doc)


@pytest.mark.parametrize("section, field, amount", [
    ("Public Sale\nThe public sale will take place on Coinlist. Price per token: $0.05. Total raise: $5,000,000.\n",
     "raise_target", 5e6),
    ("IDO Details\nIDO price: 1 ACM = 0.08 USDT\nRaise: $1.2M\n", "raise_target", 1.2e6),
    ("Token Sale\nThe public sale price is $0.05 per ACM. The token sale raises $5,000,000.\n", "raise_target", 5e6),
    ("Token Sale\nThe crowdsale has a hard cap of 20,000 ETH. 1 ETH = 5,000 ACM.\n", "hard_cap", 2e4),
    ("Token Sale\nThe token sale aims to raise a maximum of 30 million US dollars. Each ACM will be sold at "
     "0.25 USD. The minimum to be raised is 5 million US dollars.\n", "soft_cap", 5e6),
    # no heading: a mention that prices the paper's own token, and one more sentence of terms
    ("The IDO will take place on Polkastarter on March 3, 2022, at a price of 0.05 USDT per ACM. The total raise "
     "is capped at 250,000 USDT.\n", "price", 0.05),
    # a table of rounds: the public round's price
    ("Fundraising Rounds\nRound Price Tokens Raise\nSeed $0.010 50,000,000 $500,000\n"
     "Private $0.020 75,000,000 $1,500,000\nPublic $0.030 20,000,000 $600,000\n", "price", 0.03),
    ("Fundraising\nRound | Price | Tokens | Raise\nSeed | $0.008 | 100,000,000 | $800,000\n"
     "Private | $0.015 | 150,000,000 | $2,250,000\nPublic (IDO) | $0.02 | 20,000,000 | $400,000\n", "price", 0.02),
])
def test_a_short_sale_section_with_two_terms_is_a_sale(section, field, amount):
    # a modern paper's sale section can be two lines: a price and a raise, a cap and a rate
    t, doc = terms_named("Acme", "Acme Whitepaper\nThe Acme token (ACM) powers the Acme network.\n" + section,
                         symbol="ACM")
    assert getattr(t.sale, field).value.amount == amount
    assert_verbatim(t, doc)
    if "Seed" in section:  # each round has its raise: the seed's first one is not the sale's
        assert not t.sale.raise_target.stated


@pytest.mark.parametrize("background", [
    "Unlike projects that held a token sale, ACM is earned by running nodes. Fees are $0.01 per transaction.",
    "Unlike the ICO boom of 2017, Acme distributes ACM only through mining. The oracle reports a price of $2,000 "
    "per ETH. Collateral is valued at $1.00 per DAI.",
    "Many projects raised funds through an initial coin offering. The average ICO price was $0.10 per token and "
    "the median hard cap was $15,000,000.",  # market figures under no sale heading
])
def test_a_sale_mentioned_in_passing_is_no_sale(background):
    t, _ = terms_named("Acme", f"Acme Whitepaper\nThe Acme token (ACM) powers the Acme network.\nBackground\n"
                       f"{background}\n", symbol="ACM")
    assert t.sale is None


def test_a_rate_in_a_ticker_written_with_its_sign():
    sale = sale_of("Acme Token Sale\n$ACM is the native token of the Acme network.\nPublic Sale\nThe public sale "
                   "opens on 1 June 2024. Price: 1 $ACM = $0.05. Hard cap: $7,500,000.\n")
    assert (sale.price.value.amount, sale.price.value.currency) == (0.05, "USD")  # not "1 $": one dollar


@pytest.mark.parametrize("sentence, offered", [
    ("The public sale offers 150,000,000 ACM.", 150e6),
    ("The token sale will sell up to 100 million tokens.", 100e6),
    ("The public sale offers 5,000 ETH in bonuses.", None),  # another currency, not the token
])
def test_tokens_offered_by_the_sale(sentence, offered):
    sale = sale_of("Acme Token Sale\nThe Acme token (ACM) powers the Acme network.\nPublic Sale\n" + sentence +
                   " Price: $0.05 per ACM. Hard cap: $7,500,000.\n")
    assert sale.tokens_offered.value == offered


def test_an_ico_fact_sheet_and_caps_labelled_after_their_amounts():
    sale = sale_of("Acme Token Sale\nACM is the token of the Acme network.\nICO Details\nToken: ACM\nPrice: 0.0005 ETH\n"
                   "ICO start: 15.01.2018\nICO end: 15.02.2018\nAccepted: ETH, BTC, LTC\n"
                   "We aim to raise between $3 million (soft cap) and $15 million (hard cap).\n")
    assert sale.dates.value == "15.01.2018"
    assert sale.accepted_currencies.value == ["ETH", "BTC", "LTC"]
    assert (sale.soft_cap.value.amount, sale.hard_cap.value.amount) == (3e6, 15e6)  # not one amount for both
