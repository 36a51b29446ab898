"""Ground: quotes located exactly or tolerantly; values checked inside quotes."""

import pytest

from paperlens.assess.ground import Months, appears, ground
from paperlens.schema import AllocationRow, Evidence, Fact, Tokenomics
from conftest import make_doc


DOC = make_doc(
    "Intro page.\nThe NOVA token powers the network.",
    "The total supply is capped at 1,000,000,000 NOVA tokens.\n"
    "Team mem-\nbers receive 20% of all tokens, vested over 36 months.",
)


def fact(value, page, quote):
    return Fact(value=value, evidence=Evidence(page=page, quote=quote))


def test_exact_quote_with_value_is_verified():
    t = Tokenomics()
    t.supply.max_supply = fact(1e9, 2, "capped at 1,000,000,000 NOVA tokens")
    assert ground(t, DOC) == {"verified": 1}
    assert t.supply.max_supply.evidence.status == "verified"


def test_value_written_in_other_units_is_still_verified():
    doc = make_doc("Maximum supply: 1 billion NOVA.")
    t = Tokenomics()
    t.supply.max_supply = fact(1e9, 1, "Maximum supply: 1 billion NOVA.")
    ground(t, doc)
    assert t.supply.max_supply.evidence.status == "verified"


def test_quote_found_but_value_absent():
    t = Tokenomics()
    t.supply.max_supply = fact(2e9, 2, "capped at 1,000,000,000 NOVA tokens")
    ground(t, DOC)
    assert t.supply.max_supply.evidence.status == "value_not_in_quote"


def test_hallucinated_quote_is_not_found():
    t = Tokenomics()
    t.supply.max_supply = fact(1e9, 2, "The maximum supply is one billion tokens forever")
    ground(t, DOC)
    assert t.supply.max_supply.evidence.status == "quote_not_found"


def test_tolerant_of_hyphenation_whitespace_and_case():
    t = Tokenomics()
    t.allocation = [
        AllocationRow(
            label="Team", category="team", percent=20,
            evidence=Evidence(page=2, quote="TEAM MEMBERS receive 20%  of all tokens"),
        )
    ]
    ground(t, DOC)
    assert t.allocation[0].evidence.status == "verified"


def test_wrong_page_is_corrected_not_rejected():
    t = Tokenomics()
    t.identity.symbol = fact("NOVA", 1, "capped at 1,000,000,000 NOVA tokens")
    ground(t, DOC)
    assert t.identity.symbol.evidence.status == "verified"
    assert t.identity.symbol.evidence.page == 2


def test_row_value_must_be_in_quote():
    t = Tokenomics()
    t.allocation = [
        AllocationRow(label="Team", category="team", percent=25,
                      evidence=Evidence(page=2, quote="receive 20% of all tokens"))
    ]
    ground(t, DOC)
    assert t.allocation[0].evidence.status == "value_not_in_quote"


def test_price_written_as_an_exchange_rate_is_verified():
    from paperlens.schema import Money, Sale

    doc = make_doc("During the crowdfunding period 1 ETH = 1,000 GNT.")
    t = Tokenomics(sale=Sale())
    t.sale.price = Fact(value=Money(amount=0.001, currency="ETH"),
                        evidence=Evidence(page=1, quote="1 ETH = 1,000 GNT"))
    ground(t, doc)
    assert t.sale.price.evidence.status == "verified"


def test_vesting_terms_are_checked_against_their_quote():
    from paperlens.schema import Vesting

    doc = make_doc("Team tokens: a 12-month cliff followed by 36 months of linear vesting.\n"
                   "Advisors vest over 24 months in total, with a 6-month cliff.")

    def row(quote, cliff, months):
        return AllocationRow(label="Team", category="team", vesting=Vesting(
            cliff_months=cliff, vesting_months=months, evidence=Evidence(page=1, quote=quote)))

    t = Tokenomics(allocation=[
        row("a 12-month cliff followed by 36 months of linear vesting", 12, 36),
        row("a 12-month cliff followed by 36 months of linear vesting", 48, 36),
        row("Advisors vest over 24 months in total, with a 6-month cliff.", 6, 18),
    ])
    ground(t, doc)
    assert [r.vesting.evidence.status for r in t.allocation] == [
        "verified", "value_not_in_quote", "verified"]


def test_full_reserve_written_in_words_is_a_verified_100_percent():
    from paperlens.schema import Stablecoin

    doc = make_doc("Every token is backed one-to-one by US dollars held in reserve.")
    t = Tokenomics(stablecoin=Stablecoin())
    t.stablecoin.reserve_coverage_pct = fact(100.0, 1, "backed one-to-one by US dollars held in reserve")
    ground(t, doc)
    assert t.stablecoin.reserve_coverage_pct.evidence.status == "verified"
    t.stablecoin.reserve_coverage_pct = fact(90.0, 1, "backed one-to-one by US dollars held in reserve")
    ground(t, doc)
    assert t.stablecoin.reserve_coverage_pct.evidence.status == "value_not_in_quote"


def test_a_name_whose_quote_lacks_it_is_not_verified():
    """A project name whose quote was found but does not hold the name is not trusted (no report title)."""
    from paperlens.assess.ground import trusted

    t = Tokenomics()
    t.identity.project_name = fact("Andromeda", 1, "The NOVA token powers the network.")
    t.identity.token_name = fact("NOVA", 1, "The NOVA token powers the network.")
    assert ground(t, DOC) == {"value_not_in_quote": 1, "verified": 1}
    assert not t.identity.project_name.verified
    assert t.identity.token_name.verified
    assert not trusted(t).identity.project_name.stated
    assert trusted(t).identity.token_name.value == "NOVA"


def test_a_name_must_be_a_whole_word_of_its_quote():
    """"NOV" is in "NOVA" and "AI" in "again", but neither is stated there."""
    t = Tokenomics()
    t.identity.project_name = fact("NOV", 1, "The NOVA token powers the network.")
    t.identity.token_name = fact("work", 1, "The NOVA token powers the network.")
    ground(t, DOC)
    assert t.identity.project_name.evidence.status == "value_not_in_quote"
    assert t.identity.token_name.evidence.status == "value_not_in_quote"


def test_quotes_lose_bullets_and_hyphenation_breaks_and_still_verify():
    """What users see is cleaned where the quote is made; grounding still finds it in the page."""
    doc = make_doc("Token release\n\u2022 Team: 20% of the supply, on a linear sched-\nule over 24 months.\n"
                   "\u25cf Advisors: 5%")
    t = Tokenomics()
    t.allocation = [AllocationRow(label="Team", category="team", percent=20.0, evidence=Evidence(
        page=1, quote="\u2022 Team: 20% of the supply, on a linear sched-\nule over 24 months."))]
    t.supply.max_supply = fact(5.0, 1, "\u25cf Advisors: 5%")
    ground(t, doc)
    row = t.allocation[0].evidence
    assert row.quote == "Team: 20% of the supply, on a linear schedule over 24 months."
    assert row.status == "verified"
    assert t.supply.max_supply.evidence.quote == "Advisors: 5%"
    assert t.supply.max_supply.evidence.status == "verified"


def test_clean_quote_keeps_real_hyphens():
    from paperlens.schema import clean_quote

    assert clean_quote("pre- and post-sale, ERC-20, well-known") == "pre- and post-sale, ERC-20, well-known"
    assert clean_quote("for that- but we") == "for that- but we"  # a dash, not a line break
    assert clean_quote("sched-\nule") == "schedule"


def test_a_name_next_to_cjk_text_is_a_whole_word():
    doc = make_doc("小蚁股,英文antshare,缩写为ANS。")
    t = Tokenomics()
    t.identity.symbol = fact("ANS", 1, "小蚁股,英文antshare,缩写为ANS。")
    ground(t, doc)
    assert t.identity.symbol.evidence.status == "verified"


@pytest.mark.parametrize("quote, months", [
    ("Team tokens unlock 25% every 6 months.", 24),  # the whole release
    ("Team tokens unlock 25% every 6 months.", 18),  # what follows the first step, a cliff
    ("(Vesting: 50% at each 6-month interval)", 6),
    ("Team: 6 months cliff, then 10% per month.", 10),
])
def test_a_release_by_equal_steps_verifies_its_duration(quote, months):
    assert appears(Months(months), quote)
    assert not appears(Months(months + 5), quote)
