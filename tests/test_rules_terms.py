"""The rules backend, terms half: utility, controls, sale, stablecoin, disclosure, summary."""

from __future__ import annotations


import pytest

from paperlens.schema import clean_quote  # quotes are cut verbatim, then cleaned for display
from paperlens.extract.rules.terms import fill_terms
from paperlens.extract.rules.text import QUOTE_LIMIT, document_sentences, page_views, quote_length
from paperlens.ingest.document import Document
from paperlens.schema import Evidence, Fact, Tokenomics
from conftest import make_doc



def terms(*pages: str) -> tuple[Tokenomics, Document]:
    doc = make_doc(*pages)
    t = Tokenomics()
    fill_terms(t, doc)
    return t, doc


def terms_named(name: str, *pages: str, symbol: str | None = None) -> tuple[Tokenomics, Document]:
    """Like :func:`terms`, with the project name (and symbol) the supply half would have found."""
    doc = make_doc(*pages)
    t = Tokenomics()
    t.identity.project_name = Fact(value=name)
    t.identity.symbol = Fact(value=symbol)
    fill_terms(t, doc)
    return t, doc


def evidences(obj) -> list[Evidence]:
    """Every Evidence inside a pydantic model tree."""
    from pydantic import BaseModel

    if isinstance(obj, Evidence):
        return [obj]
    if isinstance(obj, BaseModel):
        return [e for name in type(obj).model_fields for e in evidences(getattr(obj, name))]
    if isinstance(obj, list):
        return [e for item in obj for e in evidences(item)]
    return []


def assert_verbatim(t: Tokenomics, doc: Document) -> None:
    for ev in evidences(t):
        page = doc.page(ev.page)
        assert page is not None, ev
        assert ev.quote in page.text or ev.quote in clean_quote(page.text), ev.quote
        assert quote_length(ev.quote) <= QUOTE_LIMIT


# ------------------------------------------------------------------ sentences


def test_sentences_are_verbatim_and_short():
    doc = make_doc("Intro\n\nThe ABC token is used to pay fees. It is burned on use.\nLong " + "word " * 200)
    sentences = document_sentences(page_views(doc))
    assert [s.norm for s in sentences[:3]] == [
        "Intro", "The ABC token is used to pay fees.", "It is burned on use."]
    for s in sentences:
        assert s.text in doc.pages[0].text
        assert quote_length(s.text) <= QUOTE_LIMIT


def test_word_per_line_pages_keep_sentences_whole():
    words = "GNT tokens are used to pay providers for computation .".split()
    raw = "\n \n".join(words) + "\n \nNext sentence here." + "\n" * 5 + "\n".join(["x"] * 40)
    sentences = document_sentences(page_views(make_doc(raw)))
    assert sentences[0].norm == "GNT tokens are used to pay providers for computation ."


# ------------------------------------------------------------------ utility


UTILITY_PAPER = (
    "The ABC Network Token (ABC) powers the network.\n\n"
    "ABC tokens are used to pay for computation on the network.\n\n"
    "ABC holders can vote on protocol upgrades.\n\n"
    "Validators must stake ABC tokens as a security deposit and are slashed for misbehaviour.\n\n"
    "Transaction fees are paid in ABC and burned.\n\n"
    "Ethereum charges gas fees paid in ether for every transaction.\n"
)


def test_utility_kinds_come_from_sentences_about_the_token():
    t, doc = terms(UTILITY_PAPER)
    kinds = {u.kind for u in t.utility.uses}
    assert {"payment", "governance", "staking", "gas_fees"} <= kinds
    assert {v.kind for v in t.utility.value_capture} >= {"burn", "staking"}
    fees = next(u for u in t.utility.uses if u.kind == "gas_fees")
    assert "ABC" in fees.evidence.quote  # not the sentence about Ethereum gas
    assert len(kinds) == len(t.utility.uses)  # one item per kind
    assert_verbatim(t, doc)


def test_mentioning_another_chains_gas_is_not_a_gas_token():
    t, _ = terms("We build on Ethereum. Ethereum transaction fees are paid in ether as gas.\n\n"
                 "Our software indexes blocks and publishes charts.")
    assert t.utility.uses == []


def test_negated_utility_is_ignored():
    t, _ = terms("The XYZ Token (XYZ) is sold in the sale. XYZ tokens do not give holders voting "
                 "rights. XYZ tokens carry no dividends. XYZ token transfers are free.")
    kinds = {u.kind for u in t.utility.uses}
    assert "governance" not in kinds and "revenue_share" not in kinds


@pytest.mark.parametrize("sentence", [
    "Users pay with ETH or USDC; LMN is not needed.",
    "Users can trade and pay fees on Lumen without holding any LMN.",
    "No LMN is required to use the protocol; fees are paid in ETH.",
    "You do not need LMN to pay fees on the Lumen exchange.",
])
def test_a_token_said_not_to_be_needed_has_no_use_there(sentence):
    intro = "The Lumen Token (LMN) is the native token of Lumen.\n"
    t, _ = terms_named("Lumen", intro, "Token Utility\n" + sentence + "\n", symbol="LMN")
    assert t.utility.uses == []
    t, _ = terms_named("Lumen", intro, "Token Utility\nUsers pay trading fees in LMN.\n", symbol="LMN")
    assert [u.kind for u in t.utility.uses] == ["payment"]


@pytest.mark.parametrize("page, kinds", [
    ("Token utility\nIXT token holders will be able to:\n• Unlock premium features such as detailed statistics\n"
     "• Pay for listings on the marketplace\n• Vote on new features\n", ["access", "payment", "governance"]),
    ("Token utility\nIn short IXT tokens will :\n● Be the payment mechanism for the platform\n"
     "● Give voting rights on the roadmap\nThe team is based in London.\n", ["payment", "governance"]),
    ("Token utility\nThe IXT token will be used to:\n- access premium features\n- pay transaction fees\n"
     "- stake for rewards\n", ["gas_fees", "staking", "access", "reward"]),  # one sentence of dashed items
    ("Risks\nRisks for IXT holders include:\n• Loss of access to the wallet\n• Failure to pay out\n", []),
    ("Token utility\nIXT holders will be able to:\n• Unlock premium features\nOther platforms let users vote and pay.\n",
     ["access"]),  # the list ends where its items do
])
def test_a_list_under_a_lead_in_naming_the_token_states_its_uses(page, kinds):
    t, doc = terms_named("iXledger", "iXledger Whitepaper\nThe IXT token powers iXledger.\n", page, symbol="IXT")
    assert [u.kind for u in t.utility.uses] == kinds
    assert_verbatim(t, doc)


# ------------------------------------------------------------------ controls


def test_audits_admin_powers_and_tax():
    t, doc = terms(
        "The ABC token contract was audited by CertiK in March 2021.\n\n"
        "A second audit of the protocol was performed by Trail of Bits.\n\n"
        "The owner can mint new tokens at any time.\n\n"
        "The contracts are non-upgradeable.\n\n"
        "A sell tax of 12% applies to every transfer.\n")
    firms = {a.firm: a for a in t.controls.audits}
    assert set(firms) == {"CertiK", "Trail of Bits"}
    assert firms["CertiK"].date == "March 2021"
    assert {p.kind for p in t.controls.admin_powers} == {"mintable"}
    assert t.controls.tax_pct.value == 12.0
    assert_verbatim(t, doc)


def test_consensus_needs_repeated_adoption_not_a_mention():
    adopting = " ".join(["Our chain uses proof of stake to order blocks."] * 3)
    t, _ = terms(adopting)
    assert t.controls.consensus.value == "proof-of-stake (PoS)"
    t, _ = terms("Unlike Bitcoin, which relies on proof of work, we do something else.")
    assert t.controls.consensus.value is None


# ------------------------------------------------------------------ sale

SALE_PAPER = (
    "ABC Token Sale\n\n"
    "The ABC token sale (crowdsale) starts on 1 March 2018 and runs for 30 days.\n\n"
    "During the crowdsale 1 ETH = 1000 ABC.\n\n"
    "The soft cap of the crowdsale is 5,000 ETH and the hard cap is 50,000 ETH.\n\n"
    "We accept contributions in ETH and BTC only.\n\n"
    "If the soft cap is not reached, all contributions will be refunded to the participants.\n\n"
    "All participants of the token sale must complete KYC.\n\n"
    "Citizens and residents of the United States and China are not eligible to participate in the token sale.\n\n"
    "Early contributors to the token sale receive a 20% bonus in the first week.\n\n"
    "Use of funds\n"
    "Development 50%\n"
    "Marketing 30%\n"
    "Legal and operations 20%\n"
)


def test_sale_terms():
    t, doc = terms(SALE_PAPER)
    sale = t.sale
    assert sale is not None
    assert sale.price.value.amount == pytest.approx(0.001) and sale.price.value.currency == "ETH"
    assert (sale.soft_cap.value.amount, sale.soft_cap.value.currency) == (5000, "ETH")
    assert (sale.hard_cap.value.amount, sale.hard_cap.value.currency) == (50000, "ETH")
    assert set(sale.accepted_currencies.value) == {"ETH", "BTC"}
    assert sale.dates.value == "1 March 2018"
    assert "refunded" in sale.refund.value
    assert sale.kyc.value is True
    assert "United States" in sale.excluded_jurisdictions.value
    assert "China" in sale.excluded_jurisdictions.value
    assert "20%" in sale.bonus_tiers.value
    assert [(r.label, r.percent) for r in sale.use_of_proceeds] == [
        ("Development", 50.0), ("Marketing", 30.0), ("Legal and operations", 20.0)]
    assert_verbatim(t, doc)


def test_excluded_countries_written_with_dots():
    t, _ = terms(SALE_PAPER.replace(
        "Citizens and residents of the United States and China are not eligible",
        "Citizens and residents of the U.S. and of Canada are not eligible"))
    assert t.sale.excluded_jurisdictions.value == "U.S., Canada"
    t, _ = terms(SALE_PAPER.replace(
        "Citizens and residents of the United States and China are not eligible",
        "The token sale is not open to U.S. persons and Chinese residents; they are not eligible"))
    assert t.sale.excluded_jurisdictions.value == "U.S."  # the country before its people


@pytest.mark.parametrize("rate, amount, currency", [
    ("1 ETH=100,000 ABC", 0.00001, "ETH"),  # no space around the sign
    ("5,000 ABC/BTC without bonus", 0.0002, "BTC"),
    ("12,000 ABC : 1 ETH", 1 / 12000, "ETH"),
])
def test_exchange_rates_written_without_spaces_or_with_a_slash(rate, amount, currency):
    t, doc = terms(SALE_PAPER.replace("1 ETH = 1000 ABC", rate))
    assert t.sale.price.value.amount == pytest.approx(amount) and t.sale.price.value.currency == currency
    assert_verbatim(t, doc)


def test_fiat_price_and_caps():
    t, _ = terms("The token sale: price per token is $0.10. Token sale hard cap: $15,000,000.\n\n"
                 "The minimum raise for the ICO is $2 million. Tokens are sold in the ICO to "
                 "participants. Minimum contribution per participant is $100.")
    assert (t.sale.price.value.amount, t.sale.price.value.currency) == (0.10, "USD")
    assert t.sale.hard_cap.value.amount == 15_000_000
    assert t.sale.soft_cap.value.amount == 2_000_000


@pytest.mark.parametrize("sentence, amount, currency", [
    ("The cap for the crowdsale is $29 million USD.", 29e6, "USD"),
    ("The maximum hard cap is 8.5 million $.", 8.5e6, "USD"),  # the currency after the amount
    ("Maximum amount: 10,000 BTC.", 10_000, "BTC"),
    # in tokens, spending words about tokens notwithstanding
    ("The hardcap is set to 300 million ABC, including the 50 million ABC allocated to the presale.", 300e6, "ABC"),
    ("Maximum goal to sell ABC tokens: 440 000 000 ABC", 440e6, "ABC"),
    ("The crowdsale ends when 20,000 ETH has been raised.", 20_000, "ETH"),
])
def test_hard_cap_labels(sentence, amount, currency):
    t, doc = terms(SALE_PAPER.replace("The soft cap of the crowdsale is 5,000 ETH and the hard cap is 50,000 ETH.",
                                      "The crowdsale: " + sentence))
    assert (t.sale.hard_cap.value.amount, t.sale.hard_cap.value.currency) == (amount, currency)
    assert_verbatim(t, doc)


def test_a_cap_named_hard_cap_wins_over_other_cap_words():
    t, _ = terms(SALE_PAPER.replace("ABC Token Sale\n\n", "ABC Token Sale\n\nv1.6 changed the security cap of the "
                                                            "crowdsale to 350,000 ETH.\n\n"))
    assert t.sale.hard_cap.value.amount == 50_000


def test_no_sale_without_sale_language():
    t, _ = terms("Bitcoin is a peer-to-peer electronic cash system. Nodes collect transactions into "
                 "blocks and miners are rewarded with new coins. Fees are paid to miners.")
    assert t.sale is None


# ------------------------------------------------------------------ stablecoin

FIAT_COIN = (
    "XUSD: a fiat-backed stablecoin\n\n"
    "XUSD is a stablecoin pegged to the US dollar.\n\n"
    "Each XUSD token is backed one-to-one by US dollar deposits held in reserve at regulated banks, "
    "and the reserves are fully backed by fiat.\n\n"
    "Reserves are held in cash and short-term treasury bills; reserves cover 100% of XUSD in "
    "circulation.\n\n"
    "The reserves are audited monthly by Grant Thornton.\n\n"
    "Holders may redeem XUSD for US dollars at par, one US dollar per token.\n\n"
    "The XUSD stablecoin keeps a stable value for payments.\n\n"
    "XUSD is a stable currency for commerce and a stablecoin for exchanges.\n"
)


def test_fiat_reserve_stablecoin():
    t, doc = terms(FIAT_COIN)
    sc = t.stablecoin
    assert sc is not None
    assert sc.mechanism.value == "fiat_reserve"
    assert sc.peg.value == "USD"
    assert sc.attestation_firm.value == "Grant Thornton"
    assert sc.attestation_frequency.value == "monthly"
    assert sc.reserve_coverage_pct.value == 100.0
    assert sc.redemption_at_par.value is True
    assert_verbatim(t, doc)


def test_crypto_collateral_ratio_and_examples():
    t, _ = terms(
        "The ZAI Stablecoin is a collateral-backed cryptocurrency whose value is stable relative to "
        "the US Dollar. ZAI is a stablecoin. It is a stable currency. ZAI offers price stability.\n\n"
        "Users lock ether in Collateralized Debt Positions (CDPs) to generate ZAI stablecoins.\n\n"
        "The minimum collateralization ratio is 150%. Each CDP is over-collateralized.\n\n"
        "For example, assume a liquidation ratio of 120%.\n")
    sc = t.stablecoin
    assert sc.mechanism.value == "crypto_collateral"
    assert sc.min_collateral_ratio_pct.value == 150.0
    assert sc.liquidation_ratio_pct.value is None  # only stated in an example
    assert any(c.asset == "ETH" and not c.endogenous for c in sc.collateral)


def test_ordinary_token_is_not_a_stablecoin():
    t, _ = terms(UTILITY_PAPER)
    assert t.stablecoin is None


# ------------------------------------------------------------------ disclosure

DISCLOSURE_PAPER = (
    "ABC Foundation is incorporated in Switzerland and issues the ABC token.\n\n"
    "Our Team\n"
    "Jane Doe, CEO & Co-founder\n"
    "John Smith | CTO\n"
    "Maria Garcia\n"
    "Head of Research\n\n"
    "Advisors\n"
    "Peter Jones, Advisor\n\n"
    "Risk Factors\n"
    "The ABC token is not a security and does not constitute an offer of securities.\n"
)


def test_disclosure():
    t, doc = terms(DISCLOSURE_PAPER)
    d = t.disclosure
    assert d.legal_entity.value == "ABC Foundation"
    assert d.jurisdiction.value == "Switzerland"
    assert [(p.name, p.role) for p in d.team] == [
        ("Jane Doe", "CEO & Co-founder"), ("John Smith", "CTO"), ("Maria Garcia", "Head of Research")]
    assert [p.name for p in d.advisors] == ["Peter Jones"]
    assert d.team_anonymous.value is False
    assert d.risk_section.value is True
    assert "not a security" in d.regulatory_statement.value
    assert_verbatim(t, doc)


def test_no_team_or_risk_section_in_a_plain_paper():
    t, _ = terms(UTILITY_PAPER)
    assert t.disclosure.team == [] and t.disclosure.risk_section.value is None


# ------------------------------------------------------------------ summary


def test_summary_is_a_verbatim_opening_sentence():
    t, doc = terms("Abstract\n\nThe ABC Network is a decentralized marketplace for computing power. "
                   "ABC tokens are used to pay providers for their work.\n\nMore text follows here.")
    assert t.summary.value.startswith("The ABC Network is a decentralized marketplace")
    assert t.summary.evidence.quote in doc.pages[0].text


# ------------------------------------------------------------------ the corpus


class _CorpusTerms:
    """Terms extracted from corpus documents (the shared read-once cache), each once."""

    def __init__(self, docs):
        self.docs = docs
        self._cache: dict[str, tuple[Document, Tokenomics]] = {}

    def __getitem__(self, slug: str) -> tuple[Document, Tokenomics]:
        if slug not in self._cache:
            doc = self.docs[slug]
            t = Tokenomics()
            fill_terms(t, doc)
            self._cache[slug] = (doc, t)
        return self._cache[slug]


@pytest.fixture(scope="session")
def corpus_terms(corpus_docs) -> _CorpusTerms:
    """Terms extracted from corpus PDFs; skipped when the corpus is absent."""
    return _CorpusTerms(corpus_docs)


SLUGS = ["bitcoin", "uniswap-v2", "solana", "polkadot", "golem", "santiment", "lunyr",
         "maker-dai-2017", "tether", "terra", "frax-v1", "nubits", "enjin", "kyber"]


@pytest.mark.corpus
@pytest.mark.parametrize("slug", SLUGS)
def test_corpus_quotes_are_verbatim(corpus_terms, slug):
    doc, t = corpus_terms[slug]
    assert_verbatim(t, doc)


@pytest.mark.corpus
@pytest.mark.parametrize("slug", ["bitcoin", "uniswap-v2", "solana", "polkadot"])
def test_corpus_papers_without_a_sale(corpus_terms, slug):
    _, t = corpus_terms[slug]
    assert t.sale is None
    assert t.stablecoin is None


@pytest.mark.corpus
@pytest.mark.parametrize("slug, soft, hard", [
    ("golem", 150_000, 820_000), ("santiment", 15_000, 45_000), ("lunyr", 25_000, 250_000)])
def test_corpus_sale_caps(corpus_terms, slug, soft, hard):
    _, t = corpus_terms[slug]
    assert t.sale is not None
    assert (t.sale.soft_cap.value.amount, t.sale.soft_cap.value.currency) == (soft, "ETH")
    assert (t.sale.hard_cap.value.amount, t.sale.hard_cap.value.currency) == (hard, "ETH")


@pytest.mark.corpus
def test_corpus_golem_price_from_exchange_rate(corpus_terms):
    _, t = corpus_terms["golem"]
    assert t.sale.price.value.amount == pytest.approx(0.001)
    assert t.sale.price.value.currency == "ETH"


@pytest.mark.corpus
@pytest.mark.parametrize("slug, mechanism", [
    ("maker-dai-2017", "crypto_collateral"), ("tether", "fiat_reserve"), ("frax-v1", "hybrid"),
    ("terra", "algorithmic"), ("nubits", "algorithmic")])
def test_corpus_stablecoin_mechanism(corpus_terms, slug, mechanism):
    _, t = corpus_terms[slug]
    assert t.stablecoin is not None
    assert t.stablecoin.mechanism.value == mechanism
    assert t.stablecoin.peg.value == "USD"


@pytest.mark.corpus
def test_corpus_maker_collateral_is_ether_and_no_sale(corpus_terms):
    _, t = corpus_terms["maker-dai-2017"]
    assert t.sale is None
    assert any(c.asset == "ETH" and not c.endogenous for c in t.stablecoin.collateral)


@pytest.mark.corpus
def test_corpus_kyber_fees_burned(corpus_terms):
    _, t = corpus_terms["kyber"]
    assert "burn" in {v.kind for v in t.utility.value_capture}


@pytest.mark.corpus
@pytest.mark.parametrize("slug", ["santiment", "lunyr"])
def test_corpus_risk_section(corpus_terms, slug):
    _, t = corpus_terms[slug]
    assert t.disclosure.risk_section.value is True


@pytest.mark.corpus
def test_corpus_enjin_team(corpus_terms):
    _, t = corpus_terms["enjin"]
    names = {p.name for p in t.disclosure.team}
    assert {"Maxim Blagov", "Witek Radomski"} <= names


def test_token_allocation_table_is_not_use_of_proceeds():
    t, _ = terms(SALE_PAPER.split("Use of funds")[0]
                 + "Token distribution breakdown\n60% Crowdsale participants\n20% Team\n"
                   "10% Advisors\n10% Development fund\n")
    assert t.sale is not None and t.sale.use_of_proceeds == []


def test_a_use_of_proceeds_heading_lets_a_few_rows_name_holders():
    sale = SALE_PAPER.split("Use of funds")[0]
    t, _ = terms(sale + "Use of proceeds\nTeam 30%\nDevelopment 40%\nMarketing 20%\nReserve 10%\n")
    assert [(r.label, r.percent) for r in t.sale.use_of_proceeds] == [
        ("Team", 30), ("Development", 40), ("Marketing", 20), ("Reserve", 10)]
    t, _ = terms(sale + "Profit distribution\nTraders 18%\nPlatform commission 10%\nInvestors 72%\n")
    assert t.sale.use_of_proceeds == []  # a split of profits is not what the money raised pays for


def test_value_capture_buyback_and_fee_share_but_not_unsold_burn():
    t, _ = terms("The QRX Token (QRX) is the platform token. QRX tokens are used to pay for services.\n\n"
                 "Unsold QRX tokens are burned after the sale.\n\n"
                 "QRX holders receive a share of the platform fees every month.\n\n"
                 "The company will buy back QRX tokens from the market every quarter.\n")
    kinds = {v.kind for v in t.utility.value_capture}
    assert kinds == {"fee_share", "buyback"}


def test_table_of_contents_is_not_evidence():
    t, _ = terms("Contents Introduction 3 Token Governance 5 Staking Rewards 7 ABC Token Voting 9\n\n"
                 "The ABC Token (ABC) is an ERC20 token.")
    assert t.utility.uses == []


# ------------------------------------------------------------------ varied wording (short papers)


def test_presale_terms_in_short_sentences():
    t, doc = terms(
        "Presale\n\nThe XYZ presale is live now! XYZ is a BEP-20 token. Price: $0.05 per XYZ.\n"
        "Hard cap: $2,000,000. Buy with BNB or USDT.\n"
        "Early-bird bonus: buy in week 1 and get 15% extra tokens, week 2 gets 5% extra.\n"
        "XYZ will be listed within 30 days of the presale.\n")
    sale = t.sale
    assert sale is not None
    assert (sale.price.value.amount, sale.price.value.currency) == (0.05, "USD")
    assert sale.hard_cap.value.amount == 2_000_000
    assert sale.accepted_currencies.value == ["BNB", "USDT"]
    assert "15%" in sale.bonus_tiers.value
    assert sale.soft_cap.value is None and sale.refund.value is None
    assert_verbatim(t, doc)


def test_tokens_offered_by_symbol_but_not_a_threshold():
    t, _ = terms("Token Sale\n\nABC tokens are distributed in an initial coin offering (ICO).\n\n"
                 "300,000,000 ABC are offered in the public sale at a price of $0.10 per ABC. "
                 "The sale has a soft cap of $1,000,000 and a hard cap of $30,000,000. Contributions are "
                 "accepted in ETH, USDC and USDT. The token sale ends on 1 May 2025.\n")
    assert t.sale.tokens_offered.value == 300_000_000
    assert (t.sale.price.value.amount, t.sale.price.value.currency) == (0.10, "USD")
    assert set(t.sale.accepted_currencies.value) == {"ETH", "USDC", "USDT"}
    t, _ = terms("Token Sale\n\nThe token sale price rises until 50 million ABC are sold. The token sale "
                 "hard cap is $5,000,000. Token sale contributions are accepted in ETH.\n")
    assert t.sale.tokens_offered.value is None


ALGO_COIN = (
    "Abstract\n\nZQD is an algorithmic stablecoin targeting a price of one US dollar. ZQD has no "
    "reserves: an algorithm expands and contracts the supply.\n\n"
    "When ZQD trades above $1.01 new ZQD are minted. The share token ZQS governs the protocol. "
    "ZQS is not accepted as collateral.\n\n"
    "Algorithmic stablecoins have failed before.\n")


def test_short_paper_presenting_its_own_stablecoin():
    t, _ = terms(ALGO_COIN.replace("ZQD is an", "DAI is a"))
    assert t.stablecoin is None  # another project's stablecoin, named in passing
    t, doc = terms_named("Zequi", ALGO_COIN, symbol="ZQD")
    sc = t.stablecoin
    assert sc is not None
    assert sc.peg.value == "USD" and sc.mechanism.value == "algorithmic"
    assert sc.collateral == []  # "not accepted as collateral" is not collateral
    assert_verbatim(t, doc)


def test_fiat_reserve_attestation_yield_and_redemption_wording():
    t, _ = terms_named("Quay Dollar", symbol="QUSD", *(
        "QUSD: a fully reserved US dollar stablecoin\n\nThe QUSD token is a payment stablecoin pegged 1:1 to the US dollar. Every QUSD can "
        "be redeemed for one US dollar. QUSD does not pay interest to holders.\n\n"
        "Reserves are held in cash deposits and US Treasury bills; reserves cover 100% of QUSD.\n\n"
        "An independent accounting firm, Brook & Vale LLP, examines the reserves and publishes a monthly "
        "attestation report on the reserves.\n\n"
        "Customers may redeem QUSD at par, one QUSD for one US dollar, at any time.\n",))
    sc = t.stablecoin
    assert sc.attestation_firm.value == "Brook & Vale LLP"
    assert sc.attestation_frequency.value == "monthly"
    assert sc.yield_to_holders.value is False
    assert "at par" in sc.redemption.value and sc.redemption_at_par.value is True


def test_team_named_in_running_text():
    t, doc = terms(
        "Team\n\nThe protocol was built by Jane Roe (protocol lead), Ann Poe (risk) and Sam Doe (smart "
        "contracts). Development is funded by Roe Labs Ltd., a company registered in the Cayman Islands.\n\n"
        "Core team: Kim Lee, research; Ola Berg, engineering.\n\n"
        "Tom Hill, Chief Executive Officer; Eva Stone, General Counsel.\n\n"
        "Merkle trees were designed by Ralph Merkle in 1979.\n")
    people = {p.name: p.role for p in t.disclosure.team}
    assert set(people) == {"Jane Roe", "Ann Poe", "Sam Doe", "Kim Lee", "Ola Berg", "Tom Hill", "Eva Stone"}
    assert people["Jane Roe"] == "protocol lead" and people["Ola Berg"] == "engineering"
    assert people["Eva Stone"] == "General Counsel"
    assert t.disclosure.legal_entity.value == "Roe Labs Ltd."
    assert t.disclosure.jurisdiction.value == "Cayman Islands"
    assert_verbatim(t, doc)


def test_anonymous_team_and_located_foundation():
    t, _ = terms("Our team is made of gamers who prefer to remain anonymous for privacy reasons.\n\n"
                 "The Zeta Foundation (Singapore) funds development of the Zeta network.\n")
    assert t.disclosure.team_anonymous.value is True
    assert t.disclosure.legal_entity.value == "Zeta Foundation"
    assert t.disclosure.jurisdiction.value == "Singapore"


def test_pseudonymous_core_contributors_are_an_anonymous_team():
    t, doc = terms("The core contributors of Zeta are pseudonymous and prefer to stay so.\n")
    assert t.disclosure.team_anonymous.value is True
    assert_verbatim(t, doc)
    t, _ = terms("Contributors of the crowdsale may remain anonymous below 1 ETH.\n")  # buyers, not the team
    assert t.disclosure.team_anonymous.value is not True


def test_entity_located_by_the_kind_of_company_it_is():
    t, doc = terms("The token generation event is conducted by Zeta Foundation, a Cayman Islands foundation "
                   "company.\n")
    assert (t.disclosure.legal_entity.value, t.disclosure.jurisdiction.value) == ("Zeta Foundation", "Cayman Islands")
    assert_verbatim(t, doc)
    t, _ = terms("The Zeta token is issued by Zeta Foundation, a non-profit entity.\n")
    assert not t.disclosure.jurisdiction.stated


@pytest.mark.parametrize("sentence, seat", [
    ("Zeta AG, Baarerstrasse 10, 6300 Zug, Switzerland, issues the Zeta token.", "Zug"),
    ("Zeta Inc. is a Delaware corporation that issues the Zeta token.", "Delaware"),
    ("Zeta Ltd. issues the Zeta token and will not sell it to residents of the United States.", None),
    ("The Zeta token is issued by Zeta Global Limited (BVI Company No.: 1967270).", "BVI"),
    ("Zeta Group SRL is incorporated in Costa Rica and issues the Zeta token.", "Costa Rica"),
])
def test_the_seat_the_entity_sentence_gives(sentence, seat):
    t, doc = terms_named("Zeta", "Zeta whitepaper\n\n" + sentence + "\n")
    assert t.disclosure.legal_entity.stated and t.disclosure.jurisdiction.value == seat
    assert_verbatim(t, doc)


def test_a_body_sited_in_a_place_but_not_another_company_or_the_team():
    t, _ = terms_named("Zeta", "Zeta whitepaper\n\nFounded as a non-profit corporation by the Zeta team in Hong Kong "
                       "in 2017, Zeta Foundation supports the project.\n")
    assert t.disclosure.jurisdiction.value == "Hong Kong"
    t, _ = terms_named("Zeta", "Zeta whitepaper\n\nFrom a research project, Zeta is now a company, whose headquarters "
                       "are in Lyon, France.\n")
    assert t.disclosure.jurisdiction.value == "France"
    t, _ = terms_named("Zeta", "Zeta whitepaper\n\nOmiseGo is based in Thailand and competes with Zeta.\n"
                       "The Zeta team is based in Singapore.\n")
    assert not t.disclosure.jurisdiction.stated


def test_a_restriction_naming_a_country_is_no_seat():
    t, _ = terms("Zeta and its affiliates are not registered with MAS in Singapore as a financial adviser.\n"
                 "You are not a citizen, resident or green card holder of, or domiciled in, the United States.\n")
    assert not t.disclosure.jurisdiction.stated


def test_unlisted_audit_firms_but_not_the_project_itself():
    t, _ = terms("The ABC contracts were audited by Stonewall Security in May 2024 and by Arden Audit "
                 "Partners in August 2024.\n\nThe ABC code was reviewed and audited by ABC.\n")
    assert [a.firm for a in t.controls.audits] == ["Stonewall Security", "Arden Audit Partners"]
    assert [a.date for a in t.controls.audits] == ["May 2024", "August 2024"]


def test_utility_wording_variants():
    t, _ = terms(
        "The Kappa coin (KPA) pays for transaction fees and secures the chain through staking.\n\n"
        "KPA tokens are minted at genesis. KPA tokens are ERC-20 tokens.\n\n"
        "KPA holders vote on protocol parameters such as the fee schedule.\n\n"
        "Players use KPA to buy heroes in the marketplace.\n\n"
        "To offset inflation, 50% of every transaction fee is burned.\n\n"
        "Consumers pay a fee in KPA for every request. The fee is split among the operators that reported.\n")
    assert {"gas_fees", "governance", "payment", "staking"} <= {u.kind for u in t.utility.uses}
    assert {"burn", "fee_share"} <= {v.kind for v in t.utility.value_capture}


def test_buying_the_token_is_not_paying_with_it():
    t, _ = terms("The Rho Token (RHO) is the protocol token. RHO holders vote on upgrades. RHO is an ERC-20.\n\n"
                 "Collected fees are used to buy and burn RHO on the market.\n")
    assert "payment" not in {u.kind for u in t.utility.uses}


def test_summary_can_follow_a_bullet_or_be_short():
    t, _ = terms_named("Omega", "Overview\n\n● Omega is the first decentralized market for computing power.\n\n"
                 "Anyone can create and deploy software to the Omega network by publishing it.\n")
    assert t.summary.value.startswith("● Omega is the first decentralized market")
    t, _ = terms_named("Sigma", "Abstract\n\nWe present Sigma, a generic and self-amending crypto-ledger.\n\nSigma has a seed protocol.")
    assert t.summary.value == "We present Sigma, a generic and self-amending crypto-ledger."


def test_more_sale_and_founder_phrasings():
    t, _ = terms("Token Sale\n\nABC tokens are sold in the ICO. The ICO token price is 0.05 USDT. Contributions "
                 "can be made in ETH or BTC. The ICO soft cap is 1,000 ETH.\n\n"
                 "Founded by Jane Doe and John Roe, the ABC project builds tools.")
    assert (t.sale.price.value.amount, t.sale.price.value.currency) == (0.05, "USDT")
    assert t.sale.accepted_currencies.value == ["ETH", "BTC"]
    assert [p.name for p in t.disclosure.team] == ["Jane Doe", "John Roe"]
    t, _ = terms_named("Apex", "Apex was founded by Max Stone, a serial entrepreneur.\n\n"
                               "The tree was founded by Ann Lee.")
    assert [p.name for p in t.disclosure.team] == ["Max Stone"]


def test_liquidation_threshold_in_prose():
    t, _ = terms_named("Vault", ALGO_COIN.replace("ZQD has no reserves: an algorithm expands and contracts the supply.",
                                                  "Vaults are over-collateralized and are liquidated when their ratio "
                                                  "falls below 115%."), symbol="ZQD")
    assert t.stablecoin.liquidation_ratio_pct.value == 115.0


def test_led_by_and_possessive_names():
    t, _ = terms_named("Acme", "Acme is led by Maria Lopez and Peter Novak. The Acme protocol was developed by "
                               "Acme Labs AG in Zug.\n\nThe Acme protocol was designed by Satoshi Nakamoto's ideas.")
    assert [p.name for p in t.disclosure.team] == ["Maria Lopez", "Peter Novak"]
    assert (t.disclosure.legal_entity.value, t.disclosure.jurisdiction.value) == ("Acme Labs AG", "Zug")


def test_a_heading_run_into_the_next_sentence_is_not_an_entity():
    t, _ = terms_named("Acme", "9.ACME CORE TEAM\nThe Foundation comprises members of the core Acme team, and "
                               "oversees the development of Acme in cooperation with the Qtum Foundation.\n")
    assert not t.disclosure.legal_entity.stated


@pytest.mark.parametrize("text, entity", [
    # a defined term or a company number right after the name, in a legal text
    ('The token is operated by Kestrel Works, Inc. (the "Company"). It is not a security.\n', "Kestrel Works, Inc."),
    ("The website of NORTHWIND LIMITED (the \u201cCompany\u201d) describes the sale.\n", "NORTHWIND LIMITED"),
    ("Tokens for the sale will be issued by Harbor Data Limited (10293847).\n", "Harbor Data Limited"),
    ("Issuance is administered by Quill Pte. Ltd. Reg No. 201900001K, a Singapore company.\n", "Quill Pte. Ltd."),
    # the copyright holder, the author of the paper, the legal forms of other countries
    ("Last revision: May 2018. \u00a9 2018 Larkspur Systems Inc. All rights reserved.\n", "Larkspur Systems Inc."),
    ("This whitepaper has been prepared by Moss Trading Limited for information only.\n", "Moss Trading Limited"),
    ("Rowan Games SRL is incorporated in Romania and complies with local law.\n", "Rowan Games SRL"),
    ("The project is organized as a corporation in Delaware under the name Birch Capital, Inc.\n", "Birch Capital, Inc."),
])
def test_issuer_named_in_a_legal_form(text, entity):
    t, doc = terms(text)
    assert t.disclosure.legal_entity.value == entity
    assert_verbatim(t, doc)


@pytest.mark.parametrize("text", [
    "Our advisor Ann Lee is a partner at Brook & Vale LLP, a law firm. She was CFO of Maple Systems, Inc., a company.\n",
    "The smart contracts were audited by Stonewall Security Ltd. in May 2018.\n",
    "Copyright 2015 Jane Doe. Reprinted with permission.\n",
    "Figure 3: the Acme wallet. Image \u00a9 2017 Stockpix Media Ltd.\n",
    "ACME NETWORK FOUNDATION\n\nThe network is open to everyone.\n",
    "The Acme token runs on the Acme network.\n\n"
    "You agree that any claim, INCLUDING BUT NOT LIMITED to a claim in contract, is governed by the laws of "
    "Singapore.\n",
])
def test_no_issuer_from_a_third_party_or_a_heading(text):
    t, _ = terms_named("Acme", text)
    assert not t.disclosure.legal_entity.stated


def test_an_issuer_name_cut_after_pte_is_joined():
    t, doc = terms("Lumen Pte. Ltd. is incorporated in Singapore and issues the LUM token.\n")
    assert t.disclosure.legal_entity.value == "Lumen Pte. Ltd."
    assert_verbatim(t, doc)


def test_utility_where_the_token_is_what_is_paid_spent_or_used():
    t, doc = terms_named("Lumo",
        "The Lumo token (LMO) powers the Lumo market.\n\n"
        "Buyers pay LMO to unlock a dataset.\n\n"
        "LMO tokens will be used to access the compute resources of the market.\n\n"
        "Every job consumes a small amount of LMO as fuel.\n\n"
        "Curators are incentivised with LMO for every review.\n", symbol="LMO")
    assert {"payment", "access", "gas_fees", "reward"} <= {u.kind for u in t.utility.uses}
    assert_verbatim(t, doc)


def test_no_utility_from_a_rights_disclaimer_or_another_token():
    t, _ = terms_named("Lumo",
        "The Lumo token (LMO) is an ERC-20 token.\n\n"
        "LMO tokens do not carry any voting, management or control rights in the Company.\n\n"
        "Lack of voting rights: LMO holders cannot influence the Company.\n\n"
        "Users pay ETH to the contract to buy LMO tokens in the sale.\n\n"
        "Buyers in the presale receive a 15% discount on LMO tokens.\n\n"
        "LMO tokens are bought with ETH, the native currency of the Ethereum network.\n", symbol="LMO")
    assert {u.kind for u in t.utility.uses} & {"governance", "payment", "access"} == set()


def test_access_by_holding_and_reward_by_winning():
    t, doc = terms_named("Lumo", "The Lumo token (LMO) is the token of the Lumo games.\n\n"
                                 "Players who hold more than 5,000 LMO get early access to new games.\n\n"
                                 "Players win LMO tokens in weekly tournaments.\n", symbol="LMO")
    assert {"access", "reward"} <= {u.kind for u in t.utility.uses}
    assert_verbatim(t, doc)
    t, _ = terms_named("Lumo", "The Lumo token (LMO) is the token of the Lumo games.\n\n"
                               "Lumo is a win-win model for LMO users and studios.\n", symbol="LMO")
    assert "reward" not in {u.kind for u in t.utility.uses}


def test_a_platform_fee_paid_in_the_token_is_a_payment_not_gas():
    t, _ = terms_named("Lumo", "The Lumo token (LMO) is the token of the Lumo exchange.\n\n"
                               "Trading fees on the Lumo exchange are paid in LMO at a discount.\n\n"
                               "LMO is an ERC-20 token.\n", symbol="LMO")
    kinds = {u.kind for u in t.utility.uses}
    assert "payment" in kinds and "gas_fees" not in kinds


def test_revenue_share_and_staking_in_plain_words():
    t, doc = terms_named("Lumo", "The Lumo token (LMO) is the token of the Lumo exchange.\n\n"
                                 "Listing fees are distributed pro rata to LMO holders every month.\n\n"
                                 "Arbiters must stake a certain amount of LMO for each case.\n", symbol="LMO")
    assert {"revenue_share", "staking"} <= {u.kind for u in t.utility.uses}
    assert_verbatim(t, doc)
    t, _ = terms_named("Lumo", "The Lumo token (LMO) is the token of the Lumo exchange.\n\n"
                               "Property fees are distributed to the holders of each property token, unlike LMO.\n\n"
                               "LMO is an ERC-20 token.\n", symbol="LMO")
    assert "revenue_share" not in {u.kind for u in t.utility.uses}


def test_a_minimum_stake_and_fees_that_buy_back_the_token():
    t, doc = terms_named("Lumo", "The Lumo token (LMO) is the token of the Lumo network.\n\n"
                                 "Validators must stake at least 10,000 LMO to join consensus.\n\n"
                                 "A portion of the fees is used to buy back and burn LMO.\n", symbol="LMO")
    assert {u.kind for u in t.utility.uses} == {"staking"}  # a buy-back pays no one: no revenue share
    assert {v.kind for v in t.utility.value_capture} == {"staking", "burn", "buyback"}
    assert_verbatim(t, doc)


# ------------------------------------------------------------------ styles the corpus rarely shows

def test_a_sale_section_that_lists_its_terms_is_a_sale():
    t, doc = terms("Acme Protocol\nWhitepaper\n2023",
                   "Token Sale\nToken price: $0.05\nHard cap: $10,000,000\nSoft cap: $2,000,000\n"
                   "Accepted currencies: ETH, USDT.\n")
    sale = t.sale
    assert sale is not None
    assert (sale.price.value.amount, sale.price.value.currency) == (0.05, "USD")
    assert (sale.hard_cap.value.amount, sale.soft_cap.value.amount) == (10_000_000, 2_000_000)
    assert [e.quote for e in (sale.hard_cap.evidence, sale.soft_cap.evidence)] == [
        "Hard cap: $10,000,000", "Soft cap: $2,000,000"]
    assert_verbatim(t, doc)


def test_one_sale_mention_without_terms_is_no_sale():
    t, _ = terms("Acme Protocol\nWhitepaper\n2023",
                 "History\nThe project held a token sale in 2017. Prices: bread $2, milk $1, eggs $3.\n")
    assert t.sale is None


def test_the_token_named_by_the_paper_without_a_ticker_has_uses():
    t, _ = terms("Acme Protocol\nWhitepaper\n2023",
                 "Token Economics\nThe token is used to pay transaction fees and to vote on governance proposals.")
    assert [u.kind for u in t.utility.uses] == ["gas_fees", "governance"]
    t, _ = terms("Legal\nNothing herein confers on the purchasers any right of a stockholder of the Token Issuer "
                 "or any right to vote for the election of directors.")
    assert t.utility.uses == []


def test_the_sale_price_is_the_public_rounds():
    t, _ = terms("Acme Protocol (ACM)\nWhitepaper 2023",
                 "Token Sale\nThe ACM token sale has two rounds.\nPrivate sale price: $0.02 per ACM\n"
                 "Public sale price: $0.05 per ACM\nHard cap: 10,000 ETH\nThe public sale is open to whitelisted "
                 "participants. Unsold tokens from the token sale are burned.")
    assert (t.sale.price.value.amount, t.sale.price.evidence.quote) == (0.05, "Public sale price: $0.05 per ACM")


def test_an_ido_is_a_sale():
    t, _ = terms("Acme Protocol (ACM)\nWhitepaper 2023",
                 "Fundraising\nACM will be offered through an IDO on Polkastarter: 10,000,000 ACM at $0.08 per token, "
                 "raising $800,000. The IDO is the only public sale. IDO participants receive 25% at TGE. "
                 "Initial DEX Offering participants must pass KYC.")
    assert t.sale is not None and t.sale.price.value.amount == 0.08


def test_vote_escrow_and_protocol_fee_sharing_are_uses_and_value_capture():
    t, _ = terms_named("Acme", "Acme Protocol (ACM)\nWhitepaper 2023",
                 "Token utility\nACM is the native token of Acme; ACM secures the network.\nHolders can lock ACM for up to 4 years to receive veACM, which carries voting power "
                 "and earns a share of protocol fees.\n", symbol="ACM")
    assert {u.kind for u in t.utility.uses} >= {"staking", "governance", "revenue_share"}
    assert {c.kind for c in t.utility.value_capture} >= {"staking", "fee_share"}
    t, _ = terms_named("Acme", "Acme Protocol (ACM)\nWhitepaper 2023",
                 "Token utility\nACM is the native token of Acme; ACM secures the network.\nProtocol revenue is used to buy back ACM on the open market and distribute it to "
                 "ACM stakers every week.\n", symbol="ACM")
    assert "revenue_share" in {u.kind for u in t.utility.uses}


@pytest.mark.parametrize("name, sentence, kind", [
    ("TomoChain", "TomoCoin will be used as the native payment method to pay for services on the platform.", "payment"),
    ("WaykiChain", "WaykiChain coins are consumed by every transaction as gas.", "gas_fees"),
    ("Monetha", "Holders vote on proposals with their Monetha tokens.", "governance"),
])
def test_the_token_named_after_the_project_is_the_own_token(name, sentence, kind):
    t, doc = terms_named(name, f"{name} is a platform for online commerce.\n\n{sentence}\n")
    assert kind in {u.kind for u in t.utility.uses}
    assert_verbatim(t, doc)
    t, _ = terms_named(name, f"{name} is a platform for online commerce.\n\n"
                             "Bitcoin coins are consumed by every transaction as gas.\n")
    assert not t.utility.uses


@pytest.mark.parametrize("sentence, kind", [
    ("Lumo coins are required for any operation on the Lumo blockchain.", "gas_fees"),
    ("Every transaction fee has to be payed in Lumo tokens.", "gas_fees"),
    ("The coin is a reward to any actor that verifies a claim.", "reward"),
])
def test_gas_and_rewards_in_more_words(sentence, kind):
    t, doc = terms_named("Lumo", f"The Lumo token (LMO) is the coin of the Lumo network.\n\n{sentence}\n", symbol="LMO")
    assert kind in {u.kind for u in t.utility.uses}
    assert_verbatim(t, doc)


def test_a_coin_named_in_one_word_on_the_opening_pages_is_the_own_token():
    intro = "Unikrn presents UnikoinGold.\n\nUnikoinGold is the currency of Unikrn.\n\nUnikoinGold runs on Ethereum.\n"
    t, doc = terms(intro, "Players can earn UnikoinGold by winning tournaments on the platform.\n")
    assert "reward" in {u.kind for u in t.utility.uses}
    assert_verbatim(t, doc)
    example = ("A contract SchellingCoin rewards votes.\n\nSchellingCoin is an example.\n\n"
               "SchellingCoin holders vote on prices.\n")
    t, _ = terms("Lumo is a computer.\n", "Lumo runs programs.\n", "Lumo is fast.\n", example)
    assert not t.utility.uses  # a coin of a worked example later in the paper is not the paper's token


def test_rules_that_govern_a_market_are_no_governance():
    t, _ = terms_named("Lumo", "The Lumo token (LMO) is the token of the Lumo market. LMO is used by miners.\n\n"
                               "LMO miners earn fees in two markets, which govern how data is stored.\n", symbol="LMO")
    assert "governance" not in {u.kind for u in t.utility.uses}


def test_an_issuer_named_in_a_disclaimer_in_capitals():
    t, doc = terms_named("Zeta", "Zeta is a network for data.\n",
                         "NEITHER ZETA FOUNDATION LIMITED (THE FOUNDATION) NOR ANY OF ITS AFFILIATES MAKES ANY "
                         "REPRESENTATION OR WARRANTY AS TO THE ACCURACY OF THIS WHITEPAPER.\n")
    assert t.disclosure.legal_entity.value == "ZETA FOUNDATION LIMITED"
    assert_verbatim(t, doc)


def test_the_project_as_a_company_with_no_legal_form():
    intro = "iZeta whitepaper\n\niZeta insures trips. iZeta pays claims. iZeta is open. iZeta is fast.\n"
    t, doc = terms(intro, "iZeta is a UK registered company based in London.\n")
    assert (t.disclosure.legal_entity.value, t.disclosure.jurisdiction.value) == ("iZeta", "UK")
    assert_verbatim(t, doc)
    t, _ = terms(intro, "Google is a company based in California.\n")  # named once, not the paper's own
    assert not t.disclosure.legal_entity.stated


@pytest.mark.parametrize("sentence, kinds", [
    ("Holders who lock ACM receive veACM, which directs gauge emissions.", {"staking", "governance"}),
    ("Validators must bond ACM to participate in consensus.", {"staking"}),
    ("Node operators are rewarded in ACM for serving data.", {"reward", "work"}),
    ("Users spend ACM to access premium analytics.", {"access"}),
    ("Holding ACM grants reduced trading fees on the exchange.", {"access"}),
    ("ACM serves three purposes: paying for compute, securing the network and voting.", {"payment", "governance"}),
    ("Holders of ACM share in the revenue of the platform.", {"revenue_share"}),
    ("Validators stake ACM.", {"staking"}),  # a short sentence, not a heading
    ("Fees are paid in ACM.", {"payment"}),
    ("All ACM spent on listings is burned.", {"burn_to_use"}),
    ("Stakers earn 12% APY in ACM.", {"staking", "reward"}),
    ("ACM holders can delegate their tokens to validators.", {"staking"}),
    ("Staked ACM earns a share of the platform's revenue.", {"staking", "revenue_share"}),
    ("ACM is burned each time a user mints an NFT.", {"burn_to_use"}),
])
def test_utility_in_defi_wording(sentence, kinds):
    t, doc = terms_named("Acme", "The Acme token (ACM) is the native token of the Acme protocol. ACM is an ERC-20 "
                                 f"token.\n\n{sentence}\n", symbol="ACM")
    assert kinds <= {u.kind for u in t.utility.uses}
    assert_verbatim(t, doc)


def test_a_public_round_is_a_sale():
    t, _ = terms("Acme (ACM)\n\nThe public round sells 4% of the supply. The price in the public round is $0.10 per ACM. "
                 "The public round raises at most $400,000 (hard cap).\n")
    assert t.sale is not None and t.sale.price.value.amount == 0.10


def test_the_identity_symbol_is_the_own_token_however_seldom_repeated():
    t, _ = terms_named("Nova", "Nova Protocol\n\nThe total supply of NOVA is fixed. NOVA is used to pay fees and to vote.\n",
                       symbol="NOVA")
    assert {u.kind for u in t.utility.uses} == {"gas_fees", "governance"}


@pytest.mark.parametrize("sentence, kinds", [
    ("ACM is the native token of the Acme network. It is used to pay transaction fees and to vote on proposals.",
     {"gas_fees", "governance"}),
    ("ACM is the native token of the Acme network. Validators stake it to secure the network.", {"staking"}),
    ("The ACM token is central to Acme. Holders can use it to access premium features.", {"access"}),
    ("Acme is built by a team of engineers with ACM. It is used to pay transaction fees.", set()),  # not about ACM
    ("ACM is the native token of the Acme network.\n\nIt is used to pay transaction fees.", set()),  # another page
])
def test_a_pronoun_standing_for_the_token(sentence, kinds):
    pages = ("Acme Network\n\nThe ACM token (ACM) powers Acme. ACM is an ERC-20 token. A total of 1 billion ACM will "
             "be created.\n\n" + sentence + "\n").split("\n\nIt is", 1)
    pages = [pages[0], "It is" + pages[1]] if len(pages) == 2 else pages
    t, doc = terms_named("Acme", *pages, symbol="ACM")
    assert {u.kind for u in t.utility.uses} == kinds
    assert_verbatim(t, doc)


def test_authors_bios_and_team_leaders_name_the_team():
    t, doc = terms_named("Zeta", "Zeta whitepaper\n\nAuthors: Hugh Madden, David Tee & Liam Bussell\n\n"
                         "Core Team\nBo Wang\nBo obtained his B.S in Information Management in Peking University.\n"
                         "Dan Cearnau, Team Leader and co-founder\n")
    assert [(p.name, p.role) for p in t.disclosure.team] == [
        ("Hugh Madden", "author"), ("David Tee", "author"), ("Liam Bussell", "author"), ("Bo Wang", None),
        ("Dan Cearnau", "Team Leader and co-founder")]
    assert_verbatim(t, doc)
    t, _ = terms_named("Zeta", "Zeta whitepaper\n\nAuthors: The Zeta Team\n\nConsensus Algorithm\n"
                       "Consensus is reached by the validators of the network.\n")
    assert t.disclosure.team == []  # a team, not people; a heading, not a name


def test_sentences_under_a_token_utility_heading_are_the_tokens_uses():
    page = ("Acme Protocol\nACM is the native token of the Acme protocol.\nToken Utility\n"
            "Stakers receive 50% of all protocol fees.\nHolders vote on protocol upgrades.\n"
            "Users pay for storage in ETH.\nMembers who hold 3 MLN join the forum.\nRoadmap\nUsers pay for premium plans.\n")
    t, doc = terms_named("Acme", page, symbol="ACM")
    assert [u.kind for u in t.utility.uses] == ["staking", "revenue_share", "governance"]  # not ETH's or MLN's
    assert_verbatim(t, doc)
    t, _ = terms_named("Acme", page.replace("Token Utility", "Background"), symbol="ACM")
    assert t.utility.uses == []


def test_a_title_page_byline_names_the_team():
    # authors without roles: names set apart by dashes, or each with an e-mail address
    t, doc = terms_named("Zeta", "Zeta Platform\nWhite Paper v0.97\nJulian Svirsky – Neil Mohinani – Denis Donin\n"
                         "KEVIN HOBBS k@zeta.io\nFast Payments – Open Finance\nWe make payments fast and finance open.\n")
    assert [(p.name, p.role) for p in t.disclosure.team] == [
        ("Julian Svirsky", "author"), ("Neil Mohinani", "author"), ("Denis Donin", "author"), ("KEVIN HOBBS", "author")]
    assert_verbatim(t, doc)
    t, _ = terms_named("Zeta", "Zeta Platform\nWhite Paper\n", "Background\nJulian Svirsky – Neil Mohinani\n")
    assert t.disclosure.team == []  # a byline is the title page's


def test_a_kind_of_token_the_paper_also_writes_in_lower_case_is_not_the_own_token():
    page = ("Acme is a crowdfunding platform. The ACME token is used to pay listing fees on the platform. "
            "Every campaign issues its own project tokens to its backers. Project Tokens give backers voting "
            "rights on their project. Project Tokens entitle backers to the rewards of the campaign. "
            "Project Tokens are created for each campaign. ACME holders pay listing fees in ACME.")
    t, _ = terms_named("Acme", page, symbol="ACME")
    kinds = {u.kind for u in t.utility.uses}
    assert "payment" in kinds
    assert not kinds & {"governance", "reward"}  # the project tokens' rights, not ACME's


def test_the_summary_is_not_a_page_number_or_legal_boilerplate():
    t, _ = terms_named("Acme",
                       "Acme Whitepaper\nThis white paper makes no binding representations and does not constitute advice "
                       "or an agreement between Acme and its readers.\n"
                       "3\nAcme is a decentralized exchange that lets anyone trade tokens without a broker.")
    assert t.summary.value == "Acme is a decentralized exchange that lets anyone trade tokens without a broker."
    assert t.summary.evidence.quote.startswith("Acme is")


def test_cashtags_read_as_the_ticker_and_quotes_keep_them():
    t, doc = terms_named("Quanta", "The $QNT token is the native utility token of the Quanta Protocol. $QNT is used to pay "
                         "for compute jobs, and node operators must stake $QNT to receive jobs. $QNT holders vote.",
                         symbol="QNT")
    kinds = {u.kind for u in t.utility.uses}
    assert {"payment", "staking", "governance"} <= kinds
    assert all("$QNT" in u.evidence.quote for u in t.utility.uses)
    assert_verbatim(t, doc)


@pytest.mark.parametrize("sentence, seat", [
    ("The project team will set up a foundation in Singapore to hold the treasury.", "Singapore"),
    ("In 2018 the decision to establish a new company in Switzerland was taken.", "Switzerland"),
    ("Orbis is developed by the Gibraltar-based company that also runs the exchange.", "Gibraltar"),
    ("We partner with a Swiss-based company for custody of the reserves.", None),
    ("Users in Singapore can set up a wallet in minutes.", None),
])
def test_a_body_formed_or_based_in_a_place_is_the_seat(sentence, seat):
    t, doc = terms_named("Orbis", "Orbis Whitepaper\nThe ORB token powers the Orbis network.\n",
                         "Company\n" + sentence + "\n", symbol="ORB")
    assert t.disclosure.jurisdiction.value == seat
    assert_verbatim(t, doc)
