"""The pieces of the rules backend's economics half, each on its own: the holder lexicon,
share mentions, the allocation judge, supply candidates and the ticker."""

from __future__ import annotations

import pytest

from paperlens.extract.rules import allocation, supply
from paperlens.extract.rules.holders import category_for, label_kind
from paperlens.extract.rules.text import page_views
from paperlens.extract.rules.shares import page_shares, running_lines
from paperlens.extract.rules.symbol import find_symbol, name_words
from paperlens.assess.ground import ground
from paperlens.schema import Tokenomics
from conftest import make_doc


def shares(text: str):
    return [(s.percent, s.amount, s.label) for s in page_shares(page_views(make_doc(text))[0])]


def blocks(*pages: str, supplies=()):
    views = page_views(make_doc(*pages))
    return allocation.find_blocks(views, list(supplies), running_lines(views))


def rows(*pages: str, supplies=()):
    found = blocks(*pages, supplies=supplies)
    return [(r.percent, r.label) for r in found[0].rows] if found else []


# ------------------------------------------------------------------ holders


@pytest.mark.parametrize("label, kind", [
    ("Team", "holder"), ("Token sale participants", "holder"), ("Foundation reserve", "holder"),
    ("After 1 year", "schedule"), ("Initial release", "schedule"), ("Week 2", "schedule"),
    ("Marketing", "budget"), ("Legal and Accounting", "budget"), ("Research and development", "budget"),
    ("Development fund", "holder"), ("Total", "total"), ("Total supply", "total"),
])
def test_label_kind(label, kind):
    assert label_kind(label) == kind


def test_category_prefers_the_holder_named_first():
    assert category_for("pre-Crowdsale purchasers") == "private_investors"
    assert category_for("Public pre-sale") == "public_sale"
    assert category_for("Advisors and partners") == "advisors"
    assert category_for("Loyalty program members") == "community"
    assert category_for("Backers") == "private_investors"  # who funded the project, as "early backers"
    # a qualifier after the holder is not a holder of its own
    assert category_for("Crowdsale purchasers minus any bonuses applied in the pre-sale") == "public_sale"
    assert category_for("Token sale (including the pre-sale)") == "public_sale"
    assert category_for("Including presale buyers") == "private_investors"  # no holder before it
    assert category_for("Partner sale") == "private_investors"  # an invitation-only round
    assert category_for("Partner round") == "private_investors"


# ------------------------------------------------------------------ shares


def test_prose_clauses_are_cut_at_each_percentage():
    got = shares("Of the total supply, 10% will be allocated to the Foundation. 12% will be allocated to "
                 "advisors, 14% will be sold through the app and 64% will be sold to the public.")
    assert got == [(10, None, "Foundation"), (12, None, "advisors"), (14, None, "app"), (64, None, "public")]


def test_label_left_of_its_figure_stays_on_its_line():
    got = shares("Team 20% Vesting: 4 years\nAdvisors 5% 10% at TGE\n")
    assert (20, None, "Team") in got and (5, None, "Advisors") in got


def test_percent_in_parentheses_names_the_words_before_it():
    got = shares("The tokens go to the donors of the fundraiser (75%), lead donors (5%), and ALL IN BITS, Inc (20%).")
    assert [label for _, _, label in got] == ["donors of the fundraiser", "lead donors", "ALL IN BITS, Inc"]


def test_percent_annotating_an_amount_names_the_words_after_it():
    got = shares("There are 800 million (80%) tokens for sale to the public.")
    assert got[0][0] == 80 and "public" in got[0][2]


def test_lone_figures_take_the_label_above_or_below():
    above = shares("Token distribution\nPublic contributors\n41%\nCore team\n20%\n")
    below = shares("Use of funds\n60%\nDevelopment\n40%\nMarketing\n")
    assert [label for _, _, label in above] == ["Public contributors", "Core team"]
    assert [label for _, _, label in below] == ["Development", "Marketing"]


def test_a_figure_inside_a_rows_parenthesis_is_not_a_row():
    got = shares("B. 18.4% Team members (Vesting: 50% at each 6-month interval)\nC. 9% Advisors\n")
    assert [p for p, _, _ in got] == [18.4, 9]


def test_count_of_a_row_that_states_its_percentage_is_its_amount():
    got = shares("- Funding participants: 900 000 000 (50%);\n")
    assert got == [(50, 900e6, "Funding participants")]


def test_running_headers_are_page_furniture():
    pages = [f"ACME WHITEPAPER v1.0 - DRAFT\nPage {n} text." for n in range(1, 6)]
    assert "acme whitepaper v#.# - draft" in running_lines(page_views(make_doc(*pages)))


# ------------------------------------------------------------------ allocation


def test_rows_that_add_up_form_the_allocation():
    assert rows("Token distribution\nA. 50% Token sale\nB. 30% Team\nC. 20% Reserve\n") == [
        (50, "Token sale"), (30, "Team"), (20, "Reserve")]


def test_sub_breakdown_rows_are_not_rows():
    got = rows("Token distribution\nA. 50% Token sale\nB. 30% Team\nC. 20% Treasury\n- 15% Reserve\n- 5% Grants\n")
    assert [p for p, _ in got] == [50, 30, 20]


def test_a_parenthesised_numbered_list_is_the_breakdown_of_a_numbered_row():
    got = rows("Distribution plan\n1. 50% of all tokens will be distributed at the token sale.\n"
               "(1) 30% of all tokens will be sold in the public round.\n"
               "(2) 20% of all tokens will be reserved for early investors.\n"
               "2. 50% of all tokens will be distributed among founders and the development team.\n"
               "(1) 20% to founders and employees.\n(2) 25% for business development.\n(3) 5% for research.\n")
    assert [p for p, _ in got] == [50, 50]


def test_a_row_and_its_own_breakdown_are_not_an_allocation():
    got = rows("Token allocation\n- Token sale: 50%\n   Public round: 30%\n   Private round: 20%\n"
               "- Team and development: 50%\n   Founders: 20%\n   Business development: 25%\n   Research: 5%\n")
    assert got == [(50, "Token sale"), (50, "Team and development")]  # not 50 + 30 + 20: the sale counted twice


def test_a_row_is_not_left_out_of_its_own_table_for_its_breakdown_on_the_next_page():
    table = ("Token allocation\nBeneficiary % allocation Tokens\nFounding team 20% 20,000,000\n"
             "Partner sale 17% 17,000,000\nCrowdsale 60% 60,000,000\nReferral program 3% 3,000,000\n")
    stages = ("Stage Date Description\nPresale event comprising 10% of ACME tokens generated. Registration required.\n"
              "Public Sale comprising 50% of ACME tokens generated. Registration required.\n")
    assert [p for p, _ in rows(table, stages)] == [20, 17, 60, 3]  # not 20 + 17 + 3 + 10 + 50


def test_a_rows_second_figure_is_not_a_row_and_commas_join_its_holders():
    page = ("Conditions:\n- Max ACM total supply: 87,000,000 ACM\n- Max ACM sold by crowdsale: 60,000,000 ACM\n"
            "- Founders, team and early investors: 15,000,000 ACM (Max), 12,000,000 ACM (Min)\n"
            "- Bounties, R&D, developer and marketing: 6,000,000 ACM (Max), 1,700,000 ACM (Min)\n"
            "- Special contingency reserve: 6,000,000 ACM (Max), 1,700,000 ACM (Min)\n")
    assert [(r.amount, r.label) for r in blocks(page, supplies=[87e6])[0].rows] == [
        (60e6, "Max ACM sold by crowdsale"), (15e6, "Founders, team and early investors"),
        (6e6, "Bounties, R&D, developer and marketing"), (6e6, "Special contingency reserve")]
    assert [s[1] for s in shares(page)] == [87e6, 60e6, 15e6, 6e6, 6e6]  # no (Min) figure is a share


def test_a_bonus_in_a_rows_terms_is_not_its_share():
    page = ("Token allocation plan\nMaximum supply: 200,000,000 ACM\n"
            "- 25,000,000 ACM Tokens – Pre-sale (25% Bonus – 50 ETH minimum buy-in)\n"
            "- 130,000,000 ACM Tokens – Token sale (minimum amount is 0.001 ETH)\n"
            "- 30,000,000 ACM Tokens – Developers and staff\n- 15,000,000 ACM Tokens – Advisory board\n")
    assert [s[:2] for s in shares(page)][1] == (None, 25e6)  # the count, not "25%"
    assert [(r.amount, r.label) for r in blocks(page, supplies=[200e6])[0].rows] == [
        (25e6, "Pre-sale"), (130e6, "Token sale"), (30e6, "Developers and staff"), (15e6, "Advisory board")]


@pytest.mark.parametrize("legend", [
    "Token allocation\nTeam\nAdvisors\nToken sale\nReserve\n20%\n10%\n50%\n20%\n",  # labels, then figures
    "Token allocation\n20%\n10%\n50%\n20%\nTeam\nAdvisors\nToken sale\nReserve\nThe sale opens in May.",
])
def test_a_legend_printed_one_column_after_the_other_pairs_its_labels_and_figures(legend):
    assert rows(legend) == [(20, "Team"), (10, "Advisors"), (50, "Token sale"), (20, "Reserve")]
    from paperlens.extract.rules import extract_rules
    doc = make_doc(legend)
    t = extract_rules(doc)
    ground(t, doc)
    assert [r.evidence.status for r in t.allocation] == ["verified"] * 4


def test_a_column_legend_needs_one_label_per_figure_and_a_whole():
    assert rows("Token allocation\nTeam\nAdvisors\nToken sale\n20%\n10%\n50%\n") == []  # adds up to 80
    wrapped = "Distribution plan\n50%\n50%\nInitial Token Sale\nfor community initiatives\nbe distributed among\n"
    assert [label for *_, label in shares(wrapped)] != ["Initial Token Sale", "for community initiatives"]


def test_a_count_lost_in_the_rounding_of_the_total_is_not_a_row():
    genesis = ("Genesis allocation\nFoundation 22.5% 225,000,000 HLX\nCore team 18% 180,000,000 HLX\n"
               "Early backers 16.5% 165,000,000 HLX\nCommunity sale 8% 80,000,000 HLX\nEcosystem grants 35% 350,000,000 HLX\n")
    staking = "Staking\nValidators must stake at least 10,000 HLX to join the active set.\n"
    assert [label for _, label in rows(genesis, staking, supplies=[1e9])] == [
        "Foundation", "Core team", "Early backers", "Community sale", "Ecosystem grants"]


def test_count_and_share_rows_with_their_terms_after_a_dash():
    got = rows("Allocation breakdown\nCommunity incentives: 40,000,000 LUM (40%) - emitted over 4 years\n"
               "Treasury: 20,000,000 LUM (20%) - controlled by governance\n"
               "Core team: 18,000,000 LUM (18%) - 1 year cliff, 3 year linear vesting\n"
               "Investors: 15,000,000 LUM (15%) - 6 month cliff, 2 year linear vesting\n"
               "Airdrop: 7,000,000 LUM (7%) - fully unlocked at launch\n")
    assert got == [(40, "Community incentives"), (20, "Treasury"), (18, "Core team"), (15, "Investors"), (7, "Airdrop")]


def test_count_and_share_rows_with_their_terms_after_a_comma():
    got = rows("ORB Distribution\n"
               "• Liquidity mining: 45,000,000 ORB (45%), distributed to lenders and borrowers over four years\n"
               "• Team and future employees: 22,000,000 ORB (22%), vesting over four years with a one-year cliff\n"
               "• Investors: 18,000,000 ORB (18%), vesting over two years\n"
               "• Community treasury: 15,000,000 ORB (15%), controlled by governance\n")
    assert got == [(45, "Liquidity mining"), (22, "Team and future employees"), (18, "Investors"),
                   (15, "Community treasury")]
    # without the row's colon, the words after the share still name the holder
    assert shares("We will create 1,000 million (80%), for sale to the public.")[0][2] == "sale to the public"


def test_a_list_of_share_then_holder_items_in_one_sentence():
    text = ("Token Sale Details\nTokens for sale: 120,000,000 QNT (60%)\nToken distribution: 60% token sale, "
            "20% team (vested over 2 years), 10% advisors, 10% bounty and community.\n")
    assert rows(text) == [(60, "token sale"), (20, "team"), (10, "advisors"), (10, "bounty and community")]
    assert rows("Token distribution\nTeam 20%, Advisors 10%, Token sale 60%, Bounty 10%\n") == [
        (20, "Team"), (10, "Advisors"), (60, "Token sale"), (10, "Bounty")]


def test_a_line_that_starts_with_its_holder_keeps_it_when_its_terms_follow_the_share():
    # "of the supply, vesting ..." connects the share to nobody: the holder is the line's own label
    text = ("Allocation\nCore contributors 20% of the supply vest monthly over 48 months with a 12 month cliff.\n"
            "Backers: 15% of the supply, vesting over 24 months.\nCommunity treasury: 65%.\n")
    assert rows(text) == [(20, "Core contributors"), (15, "Backers"), (65, "Community treasury")]
    # a holder that is not the line's own label still gives way: "..., 14% will be allocated to customer acquisition"
    prose = ("Token Distribution\nOf the total supply, 10% will be allocated to the Foundation. 12% will be allocated "
             "to advisors\n& partners, 14% will be allocated to customer acquisition, 64% will be sold to the public.\n")
    assert [label for _, label in rows(prose)] == ["Foundation", "advisors & partners", "customer acquisition",
                                                   "public"]


def test_a_split_of_fees_or_revenue_is_no_allocation():
    assert rows("Fees\nProtocol fees are split: 50% to stakers, 30% to the treasury, 20% burned.\n") == []
    assert rows("Revenue sharing\nThe revenue split is 60% to stakers and liquidity providers, 40% to the treasury "
                "and the team.\n") == []
    assert rows("Rewards\nBlock rewards are distributed: 70% to validators, 20% to delegators, 10% to the community "
                "fund.\n") == []
    # a token allocation after a paragraph on fees is still one
    assert rows("Fees\nProtocol fees are split between stakers and the treasury.\nToken allocation\nCommunity: 60%\n"
                "Team: 20%\nInvestors: 20%\n") == [(60, "Community"), (20, "Team"), (20, "Investors")]


@pytest.mark.parametrize("ecosystem", ["Ecosystem 40% (of which 20% liquidity mining, 10% grants and 10% partnerships)",
                                       "Ecosystem 40% (incl. 20% liquidity mining, 10% grants and 10% partnerships)",
                                       "Ecosystem 40% (20% liquidity mining, 20% grants)"])
def test_a_breakdown_in_parentheses_after_a_rows_share_is_not_rows(ecosystem):
    text = f"Token Allocation\n{ecosystem}\nTeam 20%\nInvestors 25%\nPublic sale 15%\n"
    assert rows(text) == [(40, "Ecosystem"), (20, "Team"), (25, "Investors"), (15, "Public sale")]


def test_row_labels_stop_before_a_count_in_millions_and_a_stated_rest():
    assert rows("Token Allocation\nTeam — 200M ACM (20%)\nInvestors — 150M ACM (15%)\nEcosystem — 450M ACM (45%)\n"
                "Treasury — 200M ACM (20%)\n") == [(20, "Team"), (15, "Investors"), (45, "Ecosystem"), (20, "Treasury")]
    assert rows("Token Allocation\n20% goes to the team, 15% goes to investors, 45% goes to the community and the "
                "remaining 20% goes to the treasury.\n") == [(20, "team"), (15, "investors"), (45, "community"),
                                                               (20, "treasury")]


def test_an_allocation_does_not_run_on_into_a_use_of_proceeds():
    # 60% of tokens and two rows of a budget make 100: no allocation is better than that one
    text = ("Token allocation\nCore contributors: 20%\nBackers: 15%\nPublic sale: 10%\nTreasury: 15%\n"
            "Use of proceeds\nTeam 30%\nDevelopment 40%\nMarketing 20%\nReserve 10%\n")
    assert rows(text) == []


def test_two_rows_under_a_token_heading_are_an_allocation():
    assert rows("Token allocation\nCrowdsale 70%\nFounders 30%\n") == [(70, "Crowdsale"), (30, "Founders")]
    assert rows("Community survey\nCrowdsale 70%\nFounders 30%\n") == []  # no token heading
    assert rows("Token allocation\nCrowdsale 70%\nDetails of the sale follow in section 5.\nFounders 30%\n") == []


def test_use_of_proceeds_is_not_an_allocation():
    assert blocks("Use of funds\nFunds raised will be spent as follows:\n50% Development\n30% Marketing\n"
                  "20% Operations\n") == []


def test_a_release_schedule_is_not_an_allocation():
    assert blocks("Vesting plan\nInitial release: 25%\nAfter 1 year: 25%\nAfter 2 years: 25%\nAfter 3 years: 25%\n") == []


def test_the_rest_completes_an_allocation():
    found = blocks("82% of the tokens were sold to the public in the token sale. The rest was reserved for the "
                   "founding team and the foundation.")
    assert found and [r.side for r in found[0].rows] == ["right", "rest"]


def test_two_rows_need_plain_allocation_wording():
    assert blocks("Reserve ratio\nBNT holds ETH and GNO, each with a 50% CRR, for a total of a 50% CRR.") == []
    assert rows("80% of the tokens will be sold to the public. 20% of the tokens are reserved for the team.")


def test_a_table_and_its_summary_are_not_joined():
    got = rows("Token distribution\n50% Miners\n25% Foundation\n15% Lab\n10% Bounty\n"
               "Summary\n50% Miners\n25% Foundation\n25% Investors\n")
    assert sorted(p for p, _ in got) in ([10, 15, 25, 50], [25, 25, 50])


def test_a_count_only_table_adds_up_to_a_stated_supply():
    text = ("The contract will mint a total of 1,000,000,000 tokens, allocated as follows:\n"
            "- 600,000,000 = Distributed to sale participants\n- 300,000,000 = Distributed to the team\n"
            "- 100,000,000 = Reserved for the foundation\n")
    found = blocks(text, supplies=[1e9])
    assert found and found[0].total == 1e9 and [r.amount for r in found[0].rows] == [600e6, 300e6, 100e6]
    assert blocks(text, supplies=[2e9]) == []


def test_rest_row_is_verified_by_the_other_rows():
    doc = make_doc("82% of the tokens were sold to the public in the token sale. The rest was reserved for the "
                   "founding team.")
    t = Tokenomics()
    allocation.fill_allocation(t, page_views(doc), [])
    ground(t, doc)
    assert [(r.percent, r.evidence.status) for r in t.allocation] == [(82, "verified"), (18, "verified")]


# ------------------------------------------------------------------ supply


def candidates(text: str, symbol: str | None = None):
    return [(c.value, c.field, c.score) for c in supply.candidates(page_views(make_doc(text)), symbol)]


def test_supply_phrases_and_units():
    assert candidates("A fixed supply of 1 billion GAT will be created.", "GAT")[0][:2] == (1e9, "max_supply")
    assert candidates("Total Supply: 256,000,000 NIO\nHard Cap: $10,000,000")[0][:2] == (256e6, "total_supply")
    assert candidates("The maximum amount of WaykiChaincoin is 210 million pieces.")[0][:2] == (210e6, "max_supply")


def test_a_part_of_the_supply_is_not_the_supply():
    part = candidates("50% of the total amount, which is 5 billion tokens, will be used for private sales.")
    assert all(score < 4 for _, _, score in part)
    given = candidates("A total of 600,000,000 tokens will be divided and distributed across all participants.")
    assert all(score < 4 for _, _, score in given)


def test_placeholders_rates_and_other_coins_are_not_supply():
    assert candidates("There are initially 10 000 000 000 coins, which was merely a placeholder.") == []
    assert not [c for c in candidates("The inflow is 2 million CRV per day.") if c[2] >= 4]
    assert candidates("Bitcoin's total supply is 21,000,000 coins.") == []


def test_allocation_implies_a_supply_when_counts_agree():
    class Row:
        def __init__(self, percent, amount):
            self.percent, self.amount = percent, amount

    assert supply.implied_by([Row(20, 240e6), Row(5, 60e6)]) == pytest.approx(1.2e9)
    assert supply.implied_by([Row(20, 240e6), Row(5, 70e6)]) is None


# ------------------------------------------------------------------ symbol


def symbol(text: str, title: str | None = None):
    views = page_views(make_doc(text))
    found = find_symbol(views, name_words(views, title, running_lines(views)))
    return found[0] if found else None


def test_ticker_definitions():
    assert symbol("Ticker: NIO\nTotal Supply: 256,000,000 NIO") == "NIO"
    assert symbol("The Golem Network Token (GNT) pays for compute. GNT holders ...") == "GNT"
    assert symbol("小蚁股,英文antshare,缩写为ANS。") == "ANS"
    assert symbol("The Zephyr token ($ZPH) is the native asset. ZPH holders stake ZPH.") == "ZPH"  # a dollar sign
    assert symbol("Token: AUR\nStandard: ERC-20\nTotal supply: 100,000,000 AUR") == "AUR"  # a fact sheet
    assert symbol("Token: ERC-20\nToken - SALE") is None
    # a cashtag, named like the project ("Nova"), and a ticker said after "the native token of ... is"
    assert symbol("Nova Protocol\n\nToken ticker: $NOVA\nTotal supply: 1,000,000,000\n") == "NOVA"
    assert symbol("Nova Protocol\n\n$NOVA is the native token of Nova. $NOVA holders govern Nova.\n") == "NOVA"
    assert symbol("Nova Protocol\n\nThe native token of Nova is NOVA. NOVA holders govern the protocol.\n") == "NOVA"


def test_names_currencies_and_plurals_are_not_tickers():
    assert symbol("CENTRE WHITEPAPER\nCENTRE tokens, CENTRE tokens and CENTRE tokens.") is None
    assert symbol("Pay 10 ETH or 5 ETH tokens, 3 ETH tokens.") is None
    assert symbol("Ticker — CBT. CBTs are ERC-20 tokens; 1,000,000,000 CBT.") == "CBT"


# ------------------------------------------------------------------ a failing step


def test_a_failing_step_costs_only_its_fields(monkeypatch, fixture_docs):
    from paperlens.extract.rules import economics as rules_supply, terms as rules_terms
    from paperlens.pipeline import analyze_document

    def broken(*args):
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(rules_terms, "SECTIONS", tuple((name, broken if name == "sale" else step)
                                                      for name, step in rules_terms.SECTIONS))
    monkeypatch.setattr(rules_supply, "fill_allocation", broken)
    result = analyze_document(fixture_docs["ico_allocation"], backend="rules")
    assert result.tokenomics.allocation == [] and result.tokenomics.sale is None
    assert result.tokenomics.supply.max_supply.stated and result.tokenomics.utility.uses  # the rest went on
    failed = [w for w in result.warnings if "step failed" in w]
    assert len(failed) == 2 and any("allocation not found" in w for w in failed)
    assert any("sale not found" in w for w in failed)


def test_two_allocations_that_disagree_are_reported_as_a_conflict():
    doc = make_doc("Token distribution\n- 35% Company wallet (team and founders)\n- 50% Token sale\n- 15% Vault reserves\n",
                   "Distribution of tokens\n- 30% Company wallet (team and founders)\n- 55% Token sale\n"
                   "- 15% Vault reserves\n")
    t = Tokenomics()
    allocation.fill_allocation(t, page_views(doc), [])
    assert len(t.allocation) == 3
    conflict = next(c for c in t.conflicts if c.field == "allocation.public_sale")
    assert sorted(v.value for v in conflict.values) == [50, 55]


def test_a_row_takes_its_tie_words_from_its_own_side_of_the_figure():
    doc = make_doc("Crowd-funding 30%, sell 3.6 billion of ACM\nMarketing promotion 10%\n\n"
                   "Of the supply, 10% goes to the team, 14% will be allocated to customer acquisition.\n\n"
                   "40,000,000 = Distributed to campaign supporters (i.e. bounties).\n")
    got = {sh.label: sh.category for sh in page_shares(page_views(doc)[0])}
    assert got["Crowd-funding"] == "public_sale"
    assert got["Marketing promotion"] == "other"  # not a sale: "sell" belongs to the row before
    assert got["team"] == "team"  # "goes to the team", not "es to the team"
    assert got["customer acquisition"] == "community"  # not the team of the clause before
    assert got["campaign supporters"] == "community"  # from its aside "(i.e. bounties)"


def test_bounties_and_future_expenses_are_no_sale_and_no_team():
    assert category_for("token sale bounties") == "community"
    assert category_for("future expenses, marketing, additional team members") == "reserve"
    assert category_for("Team and bounty") == "team"


def test_a_label_ends_where_the_tokens_are_sent_and_a_purpose_is_community():
    got = shares("5% for marketing and promotion distributed to the Acme multisig wallet.\n"
                 "2% for Bug Bounty distributed to the Acme multisig wallet.\n")
    assert [label for _, _, label in got] == ["marketing and promotion", "Bug Bounty"]
    assert category_for("marketing and promotion") == "other"  # not the reserve of "multisig"
    assert category_for("encourage new developers") == "community"  # "issued to encourage new developers"
