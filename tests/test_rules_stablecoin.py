"""The rules backend, stablecoin section: endogenous collateral, redemption wording, fiat reserves.

Unit tests on short synthetic papers, then the real stablecoin papers of the corpus.
"""

from __future__ import annotations

import pytest

from paperlens.extract.rules.terms import fill_terms
from paperlens.assess.ground import ground, iter_evidence
from paperlens.pipeline import analyze_document
from paperlens.schema import Tokenomics

from test_rules_terms import assert_verbatim, terms, terms_named

# ------------------------------------------------------------------ endogenous collateral

DUAL_TOKEN = (
    "Kestrel: a decentralised stablecoin\n\n"
    "Kestrel is a stablecoin network. The stablecoin, the kes, is pegged to the US dollar. "
    "Kestrel uses two tokens: the kes and the Quill token.\n\n"
    "The Quill token is a novel asset whose value comes from the fees of the network it collateralises. "
    "A Quill holder provides the collateral for the system by escrowing quills.\n\n"
    "Quill holders earn fees. Quill holders vote. The Quill supply is fixed. Quill prices float. "
    "Quill staking secures issuance.\n\n"
    "The kes keeps a stable value. The kes is a stable currency. Stablecoins need trust.\n"
)


def test_own_token_providing_the_collateral_is_endogenous():
    t, doc = terms(DUAL_TOKEN)
    sc = t.stablecoin
    assert sc is not None
    endo = [c for c in sc.collateral if c.endogenous]
    assert [c.asset for c in endo] == ["Quill"]
    assert "collateralises" in endo[0].evidence.quote
    assert_verbatim(t, doc)


def test_backed_by_the_native_token():
    t, _ = terms_named("Plover", "Plover: the PUSD stablecoin\n\nPUSD is a stablecoin pegged to the US dollar. "
                                 "PUSD is over-collateralized and backed by the native token of the Plover chain.\n\n"
                                 "PUSD keeps a stable value. PUSD is a stable currency. Stablecoins are useful.\n",
                       symbol="PUSD")
    assert [(c.asset, c.endogenous) for c in t.stablecoin.collateral] == [("native token", True)]


def test_negated_or_unknown_backers_are_not_endogenous():
    paper = DUAL_TOKEN.replace("A Quill holder provides the collateral", "A Quill holder does not provide the "
                               "collateral").replace("the network it collateralises", "the network")
    t, _ = terms(paper)
    assert [c for c in t.stablecoin.collateral if c.endogenous] == []
    # a token the paper never presents as its own is not the issuer's
    t, _ = terms(DUAL_TOKEN.replace("Quill", "Lark").replace("Lark token", "Lark coin")
                 .replace("Lark holders earn fees. Lark holders vote. The Lark supply is fixed. Lark prices float. "
                          "Lark staking secures issuance.", ""))
    assert [c for c in t.stablecoin.collateral if c.endogenous] == []


def test_redemption_paid_in_the_own_token_is_endogenous_and_at_par():
    paper = (
        "Finch: an algorithmic stablecoin\n\nFinch is an algorithmic stablecoin pegged to the US dollar. "
        "The Wren token absorbs volatility.\n\n"
        "When the Finch price is below $1, users can send 1 Finch to the system and receive 1 USD's worth of Wren.\n\n"
        "Wren holders stake. Wren holders vote. Wren supply expands. Wren is burned. Wren is minted. Wren is scarce. Wren is liquid.\n\n"
        "Finch keeps a stable value. Finch is a stable currency. Stablecoins need a peg. The peg holds.\n")
    t, doc = terms(paper)
    sc = t.stablecoin
    assert sc.mechanism.value == "algorithmic"
    assert [(c.asset, c.endogenous) for c in sc.collateral] == [("Wren", True)]
    assert sc.redemption_at_par.value is True
    assert "receive 1 USD" in sc.redemption.value
    assert_verbatim(t, doc)


# ------------------------------------------------------------------ redemption wording


def test_hedged_face_value_is_not_par():
    t, _ = terms(DUAL_TOKEN + "\nAs long as the ratio remains favourable, kes can be redeemed for their face value.\n")
    sc = t.stablecoin
    assert "face value" in sc.redemption.value
    assert sc.redemption_at_par.value is None


def test_dollar_of_value_is_par_and_examples_are_skipped():
    t, _ = terms(DUAL_TOKEN + "\nFor example, a holder redeems 10 kes for $10 of collateral.\n\n"
                              "Each kes can always be redeemed from the system for $1 of value.\n")
    sc = t.stablecoin
    assert sc.redemption.value == "Each kes can always be redeemed from the system for $1 of value."
    assert sc.redemption_at_par.value is True


def test_settlement_claim_is_a_redemption_but_not_at_par():
    t, _ = terms(DUAL_TOKEN + "\nAfter settlement, each holder can exchange their kes directly for a fixed "
                              "amount of ETH based on the target price.\n")
    sc = t.stablecoin
    assert "exchange their kes" in sc.redemption.value
    assert sc.redemption_at_par.value is None


# ------------------------------------------------------------------ fiat reserves

FIAT = (
    "Heron: fiat-backed tokens\n\nHeron issues HUSD, a stablecoin pegged to the US dollar. "
    "HUSD is a fiat-backed stablecoin.\n\n"
    "Each HUSD issued into circulation is backed in a one-to-one ratio with the equivalent amount of "
    "US dollars held in reserves by Heron Ltd.\n\n"
    "HUSD keeps a stable value. HUSD is a stable currency for payments.\n"
)


def test_reserve_backed_one_to_one_by_fiat_is_its_composition():
    t, doc = terms(FIAT)
    sc = t.stablecoin
    assert sc.mechanism.value == "fiat_reserve"
    assert sc.reserve_composition.value.startswith("Each HUSD issued into circulation is backed")
    # 100% from "one-to-one" only when the ground stage accepts that wording as 100
    assert sc.reserve_coverage_pct.value in (None, 100.0)
    ground(t, doc)
    assert all(e.status == "verified" for e in iter_evidence(t))
    assert_verbatim(t, doc)
    # a possibility is not the reserve
    t, _ = terms(FIAT.replace("is backed in", "could be backed in"))
    assert t.stablecoin.reserve_composition.value is None


# ------------------------------------------------------------------ corpus


def _sc(corpus_docs, slug):
    doc = corpus_docs[slug]
    t = Tokenomics()
    fill_terms(t, doc)
    return doc, t, t.stablecoin


@pytest.mark.corpus
def test_corpus_havven_is_backed_by_its_own_token(corpus_docs):
    doc, t, sc = _sc(corpus_docs, "havven")
    assert sc.mechanism.value == "crypto_collateral"
    assert any(c.asset.lower() == "havven" and c.endogenous for c in sc.collateral)
    assert sc.redemption.stated and sc.redemption_at_par.value is None  # "as long as ..."/"confidence that ..."
    assert sc.min_collateral_ratio_pct.value is None  # the paper gives no figure
    assert_verbatim(t, doc)


@pytest.mark.corpus
def test_corpus_maker_settlement_redemption_and_no_example_ratio(corpus_docs):
    doc, t, sc = _sc(corpus_docs, "maker-dai-2017")
    assert "exchange their Dai and CDPs" in sc.redemption.value
    assert sc.redemption_at_par.value is None
    # 145% appears only in "Example 4: Let's assume ..."
    assert sc.liquidation_ratio_pct.value is None and sc.min_collateral_ratio_pct.value is None
    assert not any(c.endogenous for c in sc.collateral)  # MKR is a backstop, not stated as collateral
    assert_verbatim(t, doc)


@pytest.mark.corpus
def test_corpus_frax_redeems_for_a_dollar_partly_in_fxs(corpus_docs):
    doc, t, sc = _sc(corpus_docs, "frax-v1")
    assert sc.redemption_at_par.value is True and "$1" in sc.redemption.value
    assert any(c.asset == "FXS" and c.endogenous for c in sc.collateral)
    assert_verbatim(t, doc)


@pytest.mark.corpus
def test_corpus_terra_swap_for_luna(corpus_docs):
    doc, t, sc = _sc(corpus_docs, "terra")
    assert sc.redemption_at_par.value is True and "worth of Luna" in sc.redemption.value
    assert [(c.asset, c.endogenous) for c in sc.collateral] == [("Luna", True)]
    assert_verbatim(t, doc)


@pytest.mark.corpus
@pytest.mark.parametrize("slug, start", [("tether", "Each tether issued into circulation will be backed"),
                                         ("centre-usdc", "One unit of tokenized fiat currency is")])
def test_corpus_fiat_reserve_composition(corpus_docs, slug, start):
    doc, t, sc = _sc(corpus_docs, slug)
    assert sc.mechanism.value == "fiat_reserve"
    assert sc.reserve_composition.value.startswith(start)
    assert_verbatim(t, doc)


@pytest.mark.corpus
def test_corpus_nubits_states_no_redemption_or_collateral(corpus_docs):
    _, _, sc = _sc(corpus_docs, "nubits")
    assert sc.mechanism.value == "algorithmic"
    assert not sc.redemption.stated and sc.collateral == []
    assert sc.yield_to_holders.value is True  # interest on parked NuBits


@pytest.mark.corpus
@pytest.mark.parametrize("slug, codes", [
    ("maker-dai-2017", {"CRYPTO_CR_LOW", "NO_PAR_REDEMPTION"}),
    ("havven", {"ENDOGENOUS_COLLATERAL"}),
    ("tether", {"ATTEST_RARE"}),
    ("centre-usdc", {"ATTEST_RARE"}),
    ("terra", {"ENDOGENOUS_COLLATERAL", "ALGORITHMIC_PEG"}),
    ("nubits", {"ALGORITHMIC_PEG", "PAYS_INTEREST", "NO_PAR_REDEMPTION"}),
    ("frax-v1", {"ENDOGENOUS_COLLATERAL", "PAYS_INTEREST"}),
])
def test_corpus_stablecoin_findings(corpus_docs, slug, codes):
    result = analyze_document(corpus_docs[slug], backend="rules")
    found = {f.code for f in result.findings if f.pillar == "stablecoin"}
    assert codes <= found
    assert all(e.status == "verified" for e in iter_evidence(result.tokenomics.stablecoin))
    if slug != "nubits":  # NuBits states no redemption right: liquidity from custodians only
        assert result.grade.coverage_detail.get("redemption") is True


def test_a_fiat_coin_backed_one_for_one_is_a_stablecoin_graded_on_backing_and_redemption():
    from conftest import make_doc

    from paperlens.pipeline import analyze_document

    doc = make_doc("DollarX is a digital dollar. Each DollarX token is fully collateralized one-for-one by USD "
                   "held in bank accounts. DollarX tokens are redeemable one-to-one for US dollars at any time.",
                   "DollarX tokens are backed 1:1 by US dollars held in reserve.")
    result = analyze_document(doc, backend="rules")
    sc = result.tokenomics.stablecoin
    assert sc is not None and sc.mechanism.value == "fiat_reserve" and sc.redemption_at_par.value is True
    assert sc.reserve_coverage_pct.value == 100
    assert result.kind.value == "stablecoin"
    codes = {f.code for f in result.findings}
    assert not codes & {"NO_UTILITY", "UNCAPPED_NO_SCHEDULE", "RESERVE_UNDER"}


def test_redeeming_one_coin_for_one_dollar_is_redemption_at_par():
    t, doc = terms_named("USDX", "USDX Stablecoin\nWhitepaper",
                         "Overview\nUSDX is a stablecoin backed 1:1 by US dollars held in segregated reserve accounts. "
                         "Holders can redeem 1 USDX for 1 USD at any time, with no fee.", symbol="USDX")
    assert t.stablecoin.redemption_at_par.value is True
    assert t.stablecoin.redemption_at_par.evidence.quote == "Holders can redeem 1 USDX for 1 USD at any time, with no fee."
    assert_verbatim(t, doc)


def test_a_reserve_of_cash_and_treasury_bills_is_a_fiat_reserve():
    t, doc = terms_named("zUSD", "zUSD: a fully-reserved dollar stablecoin\nWhitepaper",
                         "zUSD is a stablecoin pegged 1:1 to the US dollar, designed to keep a stable value for payments. "
                         "Each zUSD is backed by cash and short-term US Treasury bills held by regulated custodians. "
                         "zUSD can be redeemed 1:1 for USD by verified customers.", symbol="zUSD")
    assert (t.stablecoin.mechanism.value, t.stablecoin.peg.value) == ("fiat_reserve", "USD")
    assert_verbatim(t, doc)


def test_collateral_deposited_into_vaults_a_price_kept_at_a_dollar_and_a_trust_charter():
    t, doc = terms_named("QDAI", "QDAI\n\nQDAI is a decentralized stablecoin soft-pegged to the US Dollar. Users mint QDAI "
                         "by depositing ETH into vaults. QDAI is a stablecoin with price stability.\n", symbol="QDAI")
    assert [(c.asset, c.endogenous) for c in t.stablecoin.collateral] == [("ETH", False)]
    assert_verbatim(t, doc)
    t, _ = terms_named("FUSD", "FUSD\n\nFUSD is an algorithmic stablecoin. The protocol expands and contracts the supply "
                       "of FUSD to keep its price at $1. FUSD is a stablecoin designed for price stability.\n", symbol="FUSD")
    assert t.stablecoin.peg.value == "USD"
    t, _ = terms_named("ZUSD", "ZUSD\n\nZUSD is a fiat-backed stablecoin issued by Zeta Trust Company, a New York limited "
                       "purpose trust company.\nEach ZUSD is backed 1:1 by US dollars held in reserve accounts and "
                       "short-term U.S. Treasury bills.\nZUSD can be redeemed for US dollars at par.\n", symbol="ZUSD")
    assert "limited purpose trust company" in t.stablecoin.issuer_licence.value


def test_a_short_paper_presenting_its_stablecoin_once_with_par_redemption_and_its_issuer():
    t, doc = terms_named("USDX",
                         "USDX Whitepaper\nUSDX is a fiat-backed stablecoin pegged 1:1 to the US dollar, issued by "
                         "Paxum Trust Company, LLC, a New York limited purpose trust company.",
                         "Reserves\nEach USDX is backed by one US dollar held in reserve.\nRedemption\nVerified "
                         "customers can redeem USDX for US dollars at par, with no redemption fee.",
                         symbol="USDX")
    assert t.stablecoin is not None and t.stablecoin.mechanism.value == "fiat_reserve"
    assert t.disclosure.legal_entity.value == "Paxum Trust Company, LLC"
    assert t.disclosure.jurisdiction.value == "New York"
    assert_verbatim(t, doc)


def test_the_issuer_in_a_title_page_byline():
    """A title page reads as a run of headings; its byline still names the issuer, its other names do not."""
    body = ("USDX is a stablecoin pegged 1:1 to the US dollar. Every USDX is backed by one US dollar held in reserve.\n"
            "Holders can redeem USDX for US dollars at par through the issuer.\n")
    t, doc = terms_named("USDX", "USDX: A Fully Reserved Dollar Stablecoin\nIssued by Acme Trust Company, LLC\n", body,
                         symbol="USDX")
    assert t.disclosure.legal_entity.value == "Acme Trust Company, LLC"
    assert_verbatim(t, doc)
    t, _ = terms_named("USDX", "USDX: A Fully Reserved Dollar Stablecoin\nWith Thanks To Acme Trust Company, LLC\n",
                       body, symbol="USDX")
    assert not t.disclosure.legal_entity.stated


def test_one_stablecoin_word_without_a_par_value_is_not_a_stablecoin_paper():
    t, _ = terms_named("Acme", "Acme Whitepaper\nAcme is a stablecoin-friendly exchange for token traders.",
                       "Fees\nTraders pay fees in ACM.", symbol="ACM")
    assert t.stablecoin is None


def test_a_vault_stablecoin_with_its_ratios_and_savings_yield():
    t, doc = terms_named("Lira", "Lira: A Decentralized Stablecoin\n",
                         "Lira (LUSD) is a stablecoin soft-pegged to the US dollar. Users mint LUSD by depositing ETH "
                         "into vaults. Each vault must maintain a minimum collateral ratio of 150%; vaults below 120% are "
                         "liquidated.\nLUSD can always be redeemed for $1 worth of ETH. Holders of LUSD can deposit into "
                         "the Savings Module to earn a variable yield.\n", symbol="LUSD")
    sc = t.stablecoin
    assert sc.mechanism.value == "crypto_collateral"
    assert (sc.min_collateral_ratio_pct.value, sc.liquidation_ratio_pct.value) == (150, 120)
    assert sc.yield_to_holders.value is True
    assert_verbatim(t, doc)
