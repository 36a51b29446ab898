"""Rules backend, economics half: identity, supply, emission, allocation, vesting."""

from __future__ import annotations


import pytest

from paperlens.schema import clean_quote  # quotes are cut verbatim, then cleaned for display
from paperlens.extract.rules.holders import category_for
from paperlens.extract.rules.economics import fill_supply
from paperlens.assess.ground import ground
from paperlens.ingest.document import Document
from paperlens.schema import Tokenomics
from conftest import make_doc


def run(*pages: str) -> tuple[Tokenomics, Document]:
    doc = make_doc(*pages)
    t = Tokenomics()
    fill_supply(t, doc)
    return t, doc


def all_evidence(t: Tokenomics):
    """Every (value, evidence) pair fill_supply can produce."""
    for section in (t.identity, t.supply, t.emission):
        for name in type(section).model_fields:
            fact = getattr(section, name)
            if fact.evidence is not None:
                yield fact.value, fact.evidence
    for row in t.allocation:
        yield row.percent if row.percent is not None else row.amount, row.evidence
        if row.vesting and row.vesting.evidence:
            yield None, row.vesting.evidence
    for conflict in t.conflicts:
        for fact in conflict.values:
            yield fact.value, fact.evidence


def assert_quotes_verbatim(t: Tokenomics, doc: Document) -> None:
    """Every quote is a verbatim slice of its page (its text, or a table page's layout text) and holds
    its value (as ground checks it)."""
    for _, ev in all_evidence(t):
        assert ev is not None
        page = doc.page(ev.page)
        assert page is not None
        assert ev.quote and any(ev.quote in text for text in (page.text, page.layout or "", clean_quote(page.text),
                                                              clean_quote(page.layout or ""))), ev.quote
        assert len(ev.quote) <= 300
    ground(t, doc)
    bad = [(value, ev.quote) for value, ev in all_evidence(t) if ev.status != "verified"]
    assert not bad, bad


# ------------------------------------------------------------------ snippets

TABLE_PAGE = """3. Token Economics
The maximum supply of NOVA is 1,000,000,000 tokens. No further tokens can be minted after the TGE.
Table 1. Token allocation
Allocation Share of supply Tokens (NOVA)
Team & Founders 20% 200,000,000
Advisors 5% 50,000,000
Private Sale 15% 150,000,000
Public Sale 25% 250,000,000
Ecosystem Fund 18% 180,000,000
Community Rewards 12% 120,000,000
Liquidity 5% 50,000,000
Total 100% 1,000,000,000
The initial circulating supply at TGE will be 315,000,000 NOVA, which is 31.5% of the
maximum supply.
"""

VESTING_PAGE = """4. Vesting Schedule
• Team & Founders: nothing is released at TGE, followed by a 12-month cliff, after
which the remainder vests linearly in monthly instalments over 36 months.
• Private Sale: 10% of the allocation is released at TGE, followed by a 3-month cliff,
after which the remainder vests linearly in monthly instalments over 12 months.
• Public Sale: tokens are fully unlocked at the token generation event (TGE).
"""


def test_allocation_table_with_amounts_and_supply():
    t, doc = run("Nova Ledger: Instant Settlement\nThe Nova token (NOVA) is an ERC-20 token on Ethereum.\n"
                 "NOVA pays fees. NOVA is staked.", TABLE_PAGE, VESTING_PAGE)
    rows = {r.label: r for r in t.allocation}
    assert list(rows) == ["Team & Founders", "Advisors", "Private Sale", "Public Sale", "Ecosystem Fund",
                          "Community Rewards", "Liquidity"]
    assert sum(r.percent for r in t.allocation) == pytest.approx(100)
    assert rows["Team & Founders"].category == "team"
    assert rows["Private Sale"].category == "private_investors"
    assert rows["Ecosystem Fund"].category == "community"  # ecosystem incentives, as Tokenomist counts them
    assert rows["Liquidity"].category == "reserve"  # market-making tokens the project holds
    assert rows["Advisors"].amount == 50e6
    assert t.supply.max_supply.value == 1e9
    assert t.supply.initial_circulating.value == 315e6
    assert t.supply.initial_circulating_pct.value == 31.5
    assert t.emission.type.value == "fixed"
    assert t.identity.symbol.value == "NOVA"
    assert t.identity.standard.value == "ERC-20"
    assert t.identity.chain.value == "Ethereum"
    assert t.identity.project_name.value == "Nova Ledger"
    team = rows["Team & Founders"].vesting
    assert (team.tge_unlock_pct, team.cliff_months, team.vesting_months) == (0, 12, 36)
    assert team.shape == "linear" and team.evidence.page == 3
    private = rows["Private Sale"].vesting
    assert (private.tge_unlock_pct, private.cliff_months, private.vesting_months) == (10, 3, 12)
    assert rows["Public Sale"].vesting.tge_unlock_pct == 100
    assert_quotes_verbatim(t, doc)


def test_prose_allocation():
    t, doc = run(
        "The SAN tokens will be distributed as follows.\n"
        "1. Since the product is built by the team, 18% will go to the team to fund development.\n"
        "2. 4% to key advisors and partners.\n"
        "3. 6% goes to the Reward Pool to incentivize network participants.\n"
        "4. 18% goes to the presale participants for their early support.\n"
        "5. 54% goes to the crowdsale participants.\n")
    got = [(r.category, r.percent) for r in t.allocation]
    assert got == [("team", 18), ("advisors", 4), ("community", 6), ("private_investors", 18),
                   ("public_sale", 54)]
    assert_quotes_verbatim(t, doc)


def test_parenthesised_prose_allocation():
    t, _ = run("The initial distribution of atoms will go to the donors of the Fundraiser (75%), lead donors\n"
               "(5%), the Network Foundation (10%), and ALL IN BITS, Inc\n(10%).")
    assert [(r.label, r.percent) for r in t.allocation] == [
        ("donors of the Fundraiser", 75), ("lead donors", 5), ("Network Foundation", 10),
        ("ALL IN BITS, Inc", 10)]


def test_parenthesised_percent_without_space():
    t, _ = run("Genesis allocation of tokens: Team(20%), Investors(30%), Community(50%).")
    assert [(r.label, r.category, r.percent) for r in t.allocation] == [
        ("Team", "team", 20), ("Investors", "private_investors", 30), ("Community", "community", 50)]


def test_inline_list_and_a_stray_percentage_after_the_table():
    t, _ = run("Token distribution: Public offering: 40%, Foundation: 35%, Private offering: 15%, Team: 10%.\n"
               "Holders use XYZ to tip writers and to vote on upgrades; 0.5% of each tip is burned.")
    assert [(r.label, r.percent) for r in t.allocation] == [
        ("Public offering", 40), ("Foundation", 35), ("Private offering", 15), ("Team", 10)]


def test_use_of_proceeds_is_not_an_allocation():
    t, _ = run("Use of proceeds\nThe funds raised will be spent as follows:\n50% Development\n"
               "30% Marketing & Growth\n10% Legal\n10% Operations\n")
    assert t.allocation == []


def test_budget_labels_rejected_even_without_heading():
    t, _ = run("Funding allocation\n55% - budget for scientific work and infrastructure\n"
               "20% - technology validation portfolio\n10% - marketing\n10% - legal support\n"
               "5% - acquisitions and partnerships\n")
    assert t.allocation == []


def test_incomplete_allocation_reports_nothing():
    t, _ = run("Token distribution\nTeam: 20%\nAdvisors: 5%\nPublic sale: 40%\n")
    assert t.allocation == []


def test_fee_split_and_example_are_not_allocations():
    t, _ = run("As an example, for a trade of 10 ETH with a 0.01% fee, the website will get 5% of the fees, "
               "and the remaining 95% of the fees will be burned.")
    assert t.allocation == []


def test_table_split_across_page_break():
    t, _ = run("2. Allocation:\nTotal amount of TRX is 100 billion and will be allocated as follows:\n"
               "Public offering: 40%\nFoundation and the ecosystem: 35%",
               "Private offering: 15%\nPay initial supporter - Peiwo Huanle (Beijing) Technology Co., Ltd.: 10%\n\n"
               "11. Schedule\nThe network launches in 2018.")
    assert [r.percent for r in t.allocation] == [40, 35, 15, 10]
    assert t.allocation[-1].evidence.page == 2
    assert t.supply.total_supply.value == 100e9


def test_amount_only_allocation_matches_stated_supply():
    t, _ = run("The Genesis Contract will be minting a total of 1,000,000,000 AGI Tokens.\n"
               "• 500,000,000 = Distributed to participants of the Token Sale\n"
               "• 300,000,000 = Reserved for the Reward Pool.\n"
               "• 200,000,000 = Distributed to the founders\n"
               "Tokens for founders are subject to a 24 month vesting period with a 6 months vesting cliff.")
    assert [(r.category, r.amount) for r in t.allocation] == [
        ("public_sale", 500e6), ("community", 300e6), ("team", 200e6)]
    assert t.allocation[2].vesting.cliff_months == 6
    assert t.allocation[2].vesting.vesting_months == 24
    assert t.supply.total_supply.value == 1e9


def test_layout_text_used_when_plain_text_interleaves_columns():
    doc = make_doc("Token allocation\nTeam\nAdvisors\nPublic sale\nEcosystem reserve\n20%\n5%\n60%\n15%\n"
                   "All team tokens vest over 24 months.")
    doc.pages[0].layout = ("Token allocation\n  Team                 20%\n  Advisors              5%\n"
                           "  Public sale          60%\n  Ecosystem reserve    15%\n")
    t = Tokenomics()
    fill_supply(t, doc)
    assert [(r.label, r.percent) for r in t.allocation] == [
        ("Team", 20), ("Advisors", 5), ("Public sale", 60), ("Ecosystem reserve", 15)]
    assert t.allocation[0].evidence.quote.startswith("Team")
    assert t.allocation[0].vesting.vesting_months == 24
    assert_quotes_verbatim(t, doc)


def test_a_layout_row_keeps_its_label_cell_and_its_release_cell_apart():
    # the plain text prints each column on its own; the layout keeps a row on one line, cells set apart
    doc = make_doc("Distribution\n% of supply Beneficiary Terms\n50% Locked until the end of the sale\n"
                   "Uniform 12-month vesting\nUniform 24-month vesting\nOperational reserve\n"
                   "Sale participants\nPartner Ltd.\nCore team\nAcme Ltd.\n12.5%\n10%\n27.5%")
    doc.pages[0].layout = (
        "Distribution\n   % of supply      Beneficiary          Terms\n"
        "      50%          Sale participants    Locked until the end of the sale\n"
        "      12.5%        Partner Ltd.         Uniform 12-month vesting\n"
        "      10%          Core team            Uniform 24-month vesting\n"
        "      27.5%        Acme Ltd.            Operational reserve\n")
    doc.pages[0].engine = "pdfium"  # a layout rebuilt from character boxes: wide gaps are column gaps
    t = Tokenomics()
    fill_supply(t, doc)
    assert [(r.label, r.percent) for r in t.allocation] == [
        ("Sale participants", 50), ("Partner Ltd", 12.5), ("Core team", 10), ("Acme Ltd", 27.5)]
    months = [r.vesting.vesting_months if r.vesting else None for r in t.allocation]
    assert months == [None, 12, 24, None]
    quote = t.allocation[2].vesting.evidence.quote  # the row's line in the layout text
    assert quote.startswith("10%") and quote.endswith("Uniform 24-month vesting")
    assert_quotes_verbatim(t, doc)


def test_other_coins_supply_is_not_ours():
    t, _ = run("Bitcoin's total supply is capped at 21 million coins, while the supply of ether keeps growing.")
    assert not t.supply.max_supply.stated and not t.supply.total_supply.stated


def test_supply_patterns():
    t, _ = run("Only 1 billion ENJ tokens will ever be created.")
    assert t.supply.max_supply.value == 1e9
    t, _ = run("We will create a total supply of 990,000,000,000 BTT.")
    assert t.supply.total_supply.value == 990e9
    t, _ = run("FXS supply is initially set to 100 million tokens at genesis.")
    assert t.supply.total_supply.value == 100e6
    t, _ = run("Maximum Supply (Hard Cap): 86 206 896\nAvailable for Purchase: 75 000 000")
    assert t.supply.max_supply.value == 86206896


def test_money_caps_and_illustrations_are_not_supply():
    t, _ = run("Maximum hard cap = $15,000,000. The hard cap is 820 000 ETH.")
    assert not t.supply.max_supply.stated and not t.supply.total_supply.stated
    t, _ = run("These numbers were based on a supply of 10 billion tokens and we will tweak them.")
    assert not t.supply.total_supply.stated and not t.supply.max_supply.stated


def test_supply_conflict():
    t, _ = run("The total supply of XYZ is 1,000,000,000 tokens.",
               "Later we say the total supply of XYZ is 2,000,000,000 tokens.")
    assert len(t.conflicts) == 1
    conflict = t.conflicts[0]
    assert conflict.field == "supply.total_supply"
    assert sorted(f.value for f in conflict.values) == [1e9, 2e9]
    assert {f.evidence.page for f in conflict.values} == {1, 2}


def test_same_value_written_twice_is_no_conflict():
    t, _ = run("The total supply of XYZ is 1 billion tokens.", "The total supply of XYZ is 1,000,000,000.")
    assert t.conflicts == [] and t.supply.total_supply.value == 1e9


def test_emission_inflation_and_uncapped():
    t, _ = run("SLC is the native token of Solace. Solace has no maximum supply: new SLC are issued every epoch.\n"
               "The annual inflation rate starts at 7% in the first year.\n"
               "To offset inflation, 50% of every transaction fee is burned.")
    assert t.emission.annual_inflation_pct.value == 7
    assert t.emission.type.value == "inflationary"
    assert t.supply.uncapped.value is True
    assert "burned" in t.emission.burn.value


def test_fiat_inflation_is_not_token_inflation():
    t, _ = run("In Venezuela the annual inflation rate reached 800% while the USD saw 2% inflation.")
    assert not t.emission.annual_inflation_pct.stated
    t, _ = run("The supply of LUN grows at an annual rate of 3% of the initial token supply.")
    assert t.emission.annual_inflation_pct.value == 3


def test_sale_round_price_on_allocation_row():
    t, _ = run("Token economics\nNode operator rewards receive 35% of the supply. The core team holds 15%.\n"
               "Seed and strategic investors were allocated 20% at a price of $0.12 per token. The foundation\n"
               "treasury keeps 18%, and the remaining 12% is set aside for community incentives.")
    seed = next(r for r in t.allocation if r.category == "private_investors")
    assert (seed.price.amount, seed.price.currency) == (0.12, "USD")
    assert sum(r.percent for r in t.allocation) == 100


def test_burn_of_another_token_is_not_reported():
    t, _ = run("Uniswap v2 burns the first 1e-15 pool shares that are minted, so liquidity tokens stay priced.")
    assert not t.emission.burn.stated


def test_mint_authority():
    t, _ = run("At launch, 500,000,000 BLZ will be minted. There is no maximum supply of BLZ. The\n"
               "development team may mint additional BLZ at its discretion; there is no limit on the number of\n"
               "tokens that may be minted.")
    assert t.supply.total_supply.value == 500e6
    assert t.supply.uncapped.value is True
    assert t.emission.mint_authority.value == "development team"
    assert t.emission.mint_capped.value is False


def test_chinese_allocation_and_supply():
    t, doc = run("小 蚁 股共 1 亿份, 代表了小 蚁区块链 的所有 权。\n"
                 "约 10% 的小 蚁 股在 2014 年 6 月被分配 给 了小 蚁 的早期支持者, 获 得了 60 万元的 种 子 资 金。\n"
                 "约 40% 的小 蚁 股在 2015 年 10 月完成的 ICO 1 分配 给 了 参与 者。\n"
                 "剩余的 50% 的小 蚁 股由小 蚁团队 持有, 将 在小 蚁 主 网 上 线 后利用小 蚁 智能合 约锁 定 1 年。")
    assert t.supply.total_supply.value == 1e8
    assert [(r.category, r.percent) for r in t.allocation] == [
        ("private_investors", 10), ("public_sale", 40), ("team", 50)]
    assert t.allocation[2].vesting.cliff_months == 12
    assert_quotes_verbatim(t, doc)


def test_vesting_phrases():
    t, _ = run("CND token distribution\n75% - for token sale contributors;\n"
               "15% - for Lunyr founders, employees, and advisors distributed to a time-locked\n"
               "vault that prohibits LUN transfers for 180 days.\n10% - for the bounty campaign;\n")
    team = t.allocation[1]
    assert team.category == "team" and team.vesting.cliff_months == 6


def test_lock_phrasings():
    from paperlens.extract.rules.vesting import _parse_vesting as parse
    assert parse("Founder tokens are locked in a smart contract for 3 months.").cliff_months == 3
    spread = parse("locked up for 2 years, with 20% available at the TGE and 20% unlocked every 6 months")
    assert (spread.cliff_months, spread.vesting_months) == (None, 24)
    spread = parse("locked up for 4 years, with the first 12 months fully locked and the rest released every quarter")
    assert (spread.cliff_months, spread.vesting_months) == (12, 36)  # the cliff is inside the 4 years
    spread = parse("Insiders are subject to a four-year lockup, with no tokens unlocking in the first year. "
                   "After the first year, 1/48th of the tokens unlock monthly.")
    assert (spread.cliff_months, spread.vesting_months) == (12, 36)
    assert parse("locked up for 3 years, with the first year locked and released in batches each year") is None
    assert parse("locked for 6 months, then released every month over a year").cliff_months == 6
    assert parse("Locked up for first 6 months, then released every quarter over 3 years").cliff_months == 6
    whole = parse("Staff tokens will be locked for 6 months after the end of the sale.")
    assert (whole.tge_unlock_pct, whole.cliff_months, whole.shape) == (0, 6, "cliff")
    assert parse("100% of which locked for 24 months").tge_unlock_pct == 0
    assert parse("50% of the tokens are locked for 6 months").tge_unlock_pct is None  # the rest is not said
    assert parse("a 6-month lock-up, then monthly vesting over 18 months").tge_unlock_pct is None
    locked = parse("The remainder will be locked up for one year from the closing date, following which only 20% "
                   "will be released per year.")  # a lock, then five yearly steps: not "released over one year"
    assert (locked.cliff_months, locked.vesting_months) == (12, 60)


@pytest.mark.parametrize("cell, terms", [
    ("TGE 15%, cliff 3 months, linear 9 months", (15, 3, 9)),  # a release table's cells, titles first
    ("TGE: 10%, Cliff: 6 months, Linear: 18 months", (10, 6, 18)),
    ("Vesting 24 months, cliff 6 months", (None, 6, 24)),
    ("Vesting: 4 years, 1-year cliff", (None, 12, 36)),  # the cliff said right after the whole: inside it
    ("5% TGE, 6 month cliff, 24 months linear", (5, 6, 24)),  # the cliff first: then the linear months
])
def test_release_cells_with_their_titles_first(cell, terms):
    from paperlens.extract.rules.vesting import _parse_vesting as parse
    v = parse(cell)
    assert (v.tge_unlock_pct, v.cliff_months, v.vesting_months) == terms


def test_duration_lock_and_step_phrasings():
    from paperlens.extract.rules.vesting import _parse_vesting as parse

    def terms(text):
        v = parse(text)
        return (v.tge_unlock_pct, v.cliff_months, v.vesting_months, v.shape) if v else None

    assert terms("The team tokens will be fully vested in 3 years.")[2] == 36
    assert terms("Team tokens have a vesting period of 24 months.")[2] == 24
    assert terms("Team tokens will vest linearly over a four-year period.") == (None, None, 48, "linear")
    assert terms("12 months cliff, then linear monthly unlock over 24 months") == (None, 12, 24, "linear")
    assert terms("5% TGE, linear over 48 months") == (5, None, 48, "linear")
    assert terms("The allocation has a lock-up period of 12 months.")[1:] == (12, None, "cliff")
    for locked in ("are non-transferable for 12 months", "cannot be sold for 12 months", "will be frozen for 12 months"):
        assert terms(f"Team tokens {locked}.") == (0, 12, None, "cliff")
    # equal steps give the duration: their count times their length, the first step a cliff when nothing
    # comes out at the start
    assert terms("Team tokens unlock 25% every 6 months.") == (None, 6, 18, "step")
    assert terms("The team's tokens will be released in 4 equal parts every 6 months.")[1:] == (6, 18, "step")
    assert terms("Team (Vesting: 50% at each 6-month interval)") == (None, 6, 6, "step")
    assert terms("Team: 6 months cliff, then 10% per month.") == (None, 6, 10, "step")
    assert terms("20% unlocked at TGE, the rest released in 4 equal parts every quarter.") == (20, None, 12, "step")
    assert terms("10% at TGE, then 15% every 3 months.")[2] == 18
    assert terms("Tokens unlock 30% every 6 months.") is None  # 100/30 is no whole number of steps
    assert terms("Team tokens vest 2% per month.")[2] == 50
    assert terms("Team tokens are locked for a year; inflation is 2% per year.")[1:3] == (12, None)  # no release


def test_a_step_length_in_months_is_its_period():
    from paperlens.assess.schedule import _period
    assert [_period(f) for f in ("every 6 months", "monthly", "quarterly", "every six months", "per year")] == [
        6, 1, 3, 6, 12]


def test_a_footnote_mark_names_its_row():
    t, _ = run("Token allocation\n60% Token sale\n25% Core team***\n10% Advisors**\n5% Bounty\n"
               "** Tokens of the advisors will be locked for 90 days.\n"
               "*** Tokens of the developers and staff will be locked for 180 days.\n")
    got = {r.category: r.vesting for r in t.allocation}
    assert got["team"].cliff_months == 6 and got["advisors"].cliff_months == 3
    assert got["public_sale"] is None and got["community"] is None


def test_release_column_phrasings():
    t, _ = run("Token allocation\n"
               "Team 20% Vesting: 4 years with a 1 year cliff\n"
               "Advisors 5% 10% at TGE, then linear vesting over 12 months\n"
               "Seed round 10% 1 year lock, then 25% every 6 months\n"
               "Private sale 15% cliff: 3 months; vesting: 9 months\n"
               "Public sale 20% 100% unlocked at TGE\n"
               "Ecosystem reserve 30% TBD\n")
    got = {r.label: r.vesting for r in t.allocation}
    assert (got["Team"].cliff_months, got["Team"].vesting_months) == (12, 36)
    advisors = got["Advisors"]
    assert (advisors.tge_unlock_pct, advisors.vesting_months, advisors.shape) == (10, 12, "linear")
    assert (got["Seed round"].cliff_months, got["Seed round"].shape) == (12, "step")
    assert (got["Private sale"].cliff_months, got["Private sale"].vesting_months) == (3, 9)
    assert got["Public sale"].tge_unlock_pct == 100
    assert got["Ecosystem reserve"].tbd is True


def test_pipe_table_with_amount_and_vesting_cells():
    t, _ = run("Tokenomics\nTotal supply: 1,000,000,000 ABC\n| Category | Share | Tokens | Vesting |\n"
               "| Team | 15% | 150,000,000 | 12-month cliff, 36 months linear |\n"
               "| Investors | 20% | 200,000,000 | 6-month cliff, 18 months linear |\n"
               "| Ecosystem | 40% | 400,000,000 | 48 months linear |\n"
               "| Public sale | 25% | 250,000,000 | 100% unlocked at TGE |\n")
    assert [(r.label, r.percent, r.amount) for r in t.allocation] == [
        ("Team", 15, 150e6), ("Investors", 20, 200e6), ("Ecosystem", 40, 400e6), ("Public sale", 25, 250e6)]
    team = t.allocation[0].vesting
    assert (team.cliff_months, team.vesting_months, team.shape) == (12, 36, "linear")
    assert t.allocation[3].vesting.tge_unlock_pct == 100


def test_dash_and_percent_first_lists():
    t, _ = run("Token distribution\n• Ecosystem & Community \u2014 30%\n• Team \u2014 20%\n• Investors \u2014 25%\n"
               "• Treasury \u2014 25%\n")
    assert [(r.label, r.category) for r in t.allocation] == [
        ("Ecosystem & Community", "community"), ("Team", "team"), ("Investors", "private_investors"),
        ("Treasury", "reserve")]
    t, _ = run("Token allocation\n15% Team (vested over 4 years)\n5% Advisors\n30% Foundation\n"
               "50% Community rewards\n")
    assert [r.percent for r in t.allocation] == [15, 5, 30, 50]
    assert t.allocation[0].vesting.vesting_months == 48
    assert t.allocation[1].vesting is None  # the team's schedule is not the advisors'


def test_rows_of_label_share_and_terms_between_dashes():
    t, doc = run("Distribution\nSeed \u2014 10% \u2014 5% at TGE, 3-month cliff, then monthly over 12 months\n"
                 "Team \u2014 15% \u2014 locked 12 months, then quarterly over 24 months\n"
                 "Ecosystem \u2014 30% \u2014 monthly over 36 months\n"
                 "Liquidity \u2014 45% \u2014 100% at TGE\n")
    assert [(r.label, r.percent) for r in t.allocation] == [
        ("Seed", 10), ("Team", 15), ("Ecosystem", 30), ("Liquidity", 45)]
    got = [(v.tge_unlock_pct, v.cliff_months, v.vesting_months) for v in (r.vesting for r in t.allocation)]
    assert got == [(5, 3, 12), (None, 12, 24), (None, None, 36), (100, None, None)]
    assert_quotes_verbatim(t, doc)


def test_rows_of_counts_ending_in_their_unit():
    t, doc = run("HLS is the native token of Helios. At genesis, 10,000,000,000 HLS will be minted.\n"
                 "Genesis allocation\nValidators and community: 4,000,000,000 HLS\nHelios Labs: 2,000,000,000 HLS\n"
                 "Investors: 2,500,000,000 HLS\nFoundation: 1,500,000,000 HLS\n"
                 "Tokens held by Helios Labs and investors vest over 4 years with a one-year cliff.\n")
    assert [(r.label, r.category, r.amount) for r in t.allocation] == [
        ("Validators and community", "community", 4e9), ("Helios Labs", "team", 2e9),
        ("Investors", "private_investors", 2.5e9), ("Foundation", "reserve", 1.5e9)]
    got = [r.vesting and (r.vesting.cliff_months, r.vesting.vesting_months) for r in t.allocation]
    assert got == [None, (12, 36), (12, 36), None]  # the foundation's row is not the sentence after it
    assert_quotes_verbatim(t, doc)


@pytest.mark.parametrize("page", [
    "Token allocation\nTeam 20%\nInvestors 15%\nEcosystem 40%\nPublic sale 25%\nVesting schedule\n"
    "Category | TGE unlock | Cliff | Vesting\nTeam | 0% | 12 months | 36 months\nInvestors | 10% | 6 months | 18 months\n"
    "Ecosystem | 5% | none | 48 months\nPublic sale | 100% | - | -\n",
    "Token allocation\nAllocation TGE Cliff Vesting\nTeam 20% 0% 12 months 36 months\n"
    "Investors 15% 10% 6 months 18 months\nEcosystem 40% 5% none 48 months\nPublic sale 25% 100% none none\n",
])
def test_a_release_table_read_by_its_column_titles(page):
    t, doc = run(page)
    got = [(r.label, r.vesting.tge_unlock_pct, r.vesting.cliff_months, r.vesting.vesting_months) for r in t.allocation]
    assert got == [("Team", 0, 12, 36), ("Investors", 10, 6, 18), ("Ecosystem", 5, 0, 48), ("Public sale", 100, 0, 0)]
    assert_quotes_verbatim(t, doc)
    from paperlens.assess.ground import Months, appears
    assert appears(Months(36.0), t.allocation[0].vesting.evidence.quote)


def test_a_release_table_row_that_does_not_fit_its_titles_is_not_read():
    t, _ = run("Token allocation\nTeam 20%\nPublic sale 80%\nVesting schedule\nCategory | TGE unlock | Cliff | Vesting\n"
               "Team | 12 months\n")
    assert t.allocation[0].vesting is None  # one cell for three titles: which is it?
    t, _ = run("Token allocation\nTeam 20%\nPublic sale 80%\nVesting schedule\nCategory | TGE unlock | Cliff | Vesting\n"
               "Team | 12 months | 10% | 36 months\n")
    assert t.allocation[0].vesting is None  # a duration under the TGE title: not these columns


def test_a_price_column_gives_each_round_its_price():
    t, doc = run("Token allocation\nRound | Allocation | Price\nSeed | 5% | $0.01\nPrivate | 10% | $0.02\n"
                 "Public | 5% | $0.04\nTeam | 20% | -\nEcosystem | 40% | -\nTreasury | 20% | -\n")
    assert [r.price and (r.price.amount, r.price.currency) for r in t.allocation] == [
        (0.01, "USD"), (0.02, "USD"), (0.04, "USD"), None, None, None]
    assert_quotes_verbatim(t, doc)
    t, _ = run("Token allocation\nRound | Allocation\nSeed | 5% | $0.01 raised\nTeam | 95%\n")
    assert t.allocation[0].price is None  # no price column


def test_hostile_text_zero_width_and_unicode_hyphen():
    t, doc = run("QLL is an ERC-20 token. The maximum supply of QLL is 1,000,\n000,000 tokens.\n"
                 "Allocation Share\nTeam 20 %\nWriters\u200b' rewards 40 %\nTreasury 25 %\nInvestors 15 %\n"
                 "Team tokens: 12\u2010month cliff, then monthly vesting over 24 months.")
    assert t.supply.max_supply.value == 1e9
    assert [r.percent for r in t.allocation] == [20, 40, 25, 15]
    assert t.allocation[0].vesting.cliff_months == 12
    assert t.allocation[0].vesting.vesting_months == 24
    assert_quotes_verbatim(t, doc)


def test_acronyms_are_not_symbols():
    t, _ = run("The Directed Acyclic Graph (DAG) and the Decentralized Storage Network (DSN) are "
               "described below. DAG DAG DAG DSN DSN DSN.")
    assert t.identity.symbol.value is None


def test_nothing_from_a_paper_without_tokenomics():
    t, _ = run("Bitcoin: A Peer-to-Peer Electronic Cash System\nA purely peer-to-peer version of electronic "
               "cash would allow online payments. The network timestamps transactions. If 51% of CPU "
               "power is honest, 49% of it cannot outpace it.")
    assert t.allocation == [] and not t.supply.max_supply.stated and t.identity.symbol.value is None


def test_mined_coins_are_a_mining_launch():
    t, doc = run("Incentive\nBy convention, the first transaction in a block is a special transaction that "
                 "starts a new coin owned by the creator of the block. Miners add blocks.")
    assert t.identity.launch_style.value == "mining"
    assert_quotes_verbatim(t, doc)


def test_mined_coins_after_a_sale_are_not_a_mining_launch():
    t, _ = run("Tokens are sold in a token sale. Later, each block starts a new coin owned by the creator "
               "of the block.")
    assert t.identity.launch_style.value != "mining"


def test_initial_dex_offering_in_any_case_is_an_ido_launch():
    t, _ = run("The Initial DEX Offering opens in May. The initial DEX offering is on Uniswap. "
               "After the Initial Dex Offering, tokens trade freely.")
    assert t.identity.launch_style.value == "ido"


def test_airdrop_launch():
    t, doc = run("Initial Balance\nXYZ will be airdropped to existing users so they can bootstrap. "
                 "The airdrop runs for a year. Each airdrop is announced.")
    assert t.identity.launch_style.value == "airdrop"
    assert_quotes_verbatim(t, doc)


def test_private_rounds_before_a_public_sale_are_not_a_private_launch():
    t, _ = run("A private sale came first. The private sale sold 5%. A second private round followed. "
               "Then a public sale.")
    assert t.identity.launch_style.value != "private"


def test_recurring_issuance_is_a_schedule_and_uncapped():
    t, doc = run("Currency And Issuance\nThe issuance model will be as follows:\n"
                 "● 0.26x the total amount sold will be allocated to miners per year forever after that point.")
    assert t.emission.schedule.stated and "per year forever" in t.emission.schedule.value
    assert t.emission.type.value == "inflationary"
    assert t.supply.uncapped.value is True and not t.supply.max_supply.stated
    assert_quotes_verbatim(t, doc)


def test_recurring_issuance_of_a_fraction():
    t, _ = run("From genesis onward, 1/3 of the total amount of atoms will be rewarded to bonded validators "
               "and delegators every year.")
    assert t.emission.schedule.stated and t.emission.type.value == "inflationary"
    assert not t.supply.uncapped.stated  # a schedule is not a statement that there is no cap


def test_project_name_from_its_own_definition():
    t, doc = run("A decentralised payment network\nSamuel Brooks, Anton Jurisevic\nAbstract\nQuill solves "
                 "these problems.",
                 "Quill is a decentralised payment network where users transact. Quill is a system with two "
                 "tokens. The quill token is collateral; quill holders earn fees. Quill pays quill holders. "
                 "Quill works.")
    assert t.identity.project_name.value == "Quill"
    assert_quotes_verbatim(t, doc)


def test_project_name_from_a_running_header():
    pages = [f"ACME WHITEPAPER | DOCUMENT VERSION 2.0\nACME connects payments. Page {i}" for i in range(3)]
    t, doc = run("Whitepaper\nDocument Version 2.0\nMay 2018", *pages)
    assert t.identity.project_name.value == "ACME"
    assert_quotes_verbatim(t, doc)


def test_a_daily_inflow_is_not_a_supply():
    t, doc = run("Initial supply of CRV is 1.273 billion tokens, which is 42% of the eventual supply. During the "
                 "first year, the approximate inflow into circulating supply is 2\nmillions CRV per day.")
    assert not t.supply.initial_circulating.stated
    assert t.supply.total_supply.value == 1.273e9
    assert_quotes_verbatim(t, doc)


def test_standard_of_someone_elses_tokens_is_not_ours():
    t, _ = run("Sellers will have the option of setting their prices in ETH or any ERC20 token. It enables "
               "arbitrary ERC20/ERC20 pairs. The market cap of ERC20 stablecoins grows.")
    assert not t.identity.standard.stated and not t.identity.chain.stated


def test_standard_of_our_token():
    t, doc = run("The protocol is governed by holders of MRD, an ERC-20\ngovernance token on Ethereum. "
                 "MRD MRD MRD.")
    assert (t.identity.standard.value, t.identity.chain.value) == ("ERC-20", "Ethereum")
    assert_quotes_verbatim(t, doc)


@pytest.mark.parametrize("label, category", [
    ("Team & Founders", "team"), ("Early contributor distribution", "team"), ("Advisory Team", "advisors"),
    ("Enjin Coin Team and Advisors", "team"), ("Seed sale", "private_investors"),
    ("Public Pre-Sale", "public_sale"), ("Pre-sale purchasers", "private_investors"),
    ("Crowdsale purchasers", "public_sale"),
    ("Community treasury (DAO)", "reserve"), ("Bug Bounty", "community"), ("Miners", "community"),
    ("Long-term endowment", "reserve"), ("Partnership", "other"),
    ("potential Contribution Period v0.2", "public_sale"),
    # a list of insiders is the one named first
    ("Team, advisors and early seed investors", "team"), ("Founders, team and early investors", "team"),
    ("Early investors and team", "private_investors"), ("Advisors, team and partners", "advisors"),
    ("Reserved for future sales", "reserve"), ("Future fundraising rounds", "reserve"),  # kept back, not sold now
])
def test_category_for(label, category):
    assert category_for(label) == category


# ------------------------------------------------------------------ corpus
# ``corpus_docs`` (conftest.py) reads each ../shared/corpus PDF once per session.


def extract(corpus_docs, slug: str) -> Tokenomics:
    t = Tokenomics()
    fill_supply(t, corpus_docs[slug])
    return t


def percents(t: Tokenomics) -> list[float]:
    return [r.percent for r in t.allocation]


@pytest.mark.corpus
def test_corpus_golem(corpus_docs):
    t = extract(corpus_docs, "golem")
    assert t.identity.symbol.value == "GNT"
    assert t.supply.max_supply.value == 1e9
    assert percents(t) == [82, 6, 12]
    assert t.emission.type.value == "fixed"


@pytest.mark.corpus
def test_corpus_tron_split_table(corpus_docs):
    t = extract(corpus_docs, "tron")
    assert t.identity.symbol.value == "TRX"
    assert t.supply.total_supply.value == 100e9
    assert percents(t) == [40, 35, 15, 10]


@pytest.mark.corpus
@pytest.mark.parametrize("slug, expected", [
    ("santiment", [18, 4, 6, 18, 54]),
    ("lunyr", [78, 15, 5, 2]),
    ("cosmos", [75, 5, 10, 10]),
    ("wax", [35, 30, 15, 20]),
    ("cindicator", [75, 20, 3.8, 1, 0.2]),
    ("enjin", [40, 40, 10, 10]),
    ("bittorrent", [6, 2, 9, 10.1, 10, 19, 20, 19.9, 4]),
])
def test_corpus_allocations(corpus_docs, slug, expected):
    assert sorted(percents(extract(corpus_docs, slug))) == sorted(expected)


@pytest.mark.corpus
@pytest.mark.parametrize("slug, name, symbol", [
    ("cindicator", "Cindicator", "CND"), ("ethereum", "Ethereum", None), ("tron", "TRON", "TRX"),
    ("bitcoin", "Bitcoin", None), ("kyber", "KyberNetwork", "KNC"), ("singularitynet", "SingularityNET", "AGI"),
    ("uniswap-v2", "Uniswap", None), ("cosmos", "Cosmos", None), ("havven", "Havven", None),
    ("nubits", "NuBits", "NBT"), ("centre-usdc", "CENTRE", None), ("maker-dai-2017", "Maker", "MKR"),
])
def test_corpus_identity(corpus_docs, slug, name, symbol):
    t = extract(corpus_docs, slug)
    assert (t.identity.project_name.value, t.identity.symbol.value) == (name, symbol)


@pytest.mark.corpus
def test_corpus_crypto20_two_column(corpus_docs):
    t = extract(corpus_docs, "crypto20")
    assert t.supply.max_supply.value == 86206896
    assert percents(t) == [7.5, 0.5, 2.5, 1, 1, 0.5, 87]
    assert t.identity.symbol.value == "C20"
    assert t.allocation[0].vesting.vesting_months == 24  # "The CRYPTO20 team tokens will vest over two years"
    assert t.allocation[-1].vesting is None  # ... is not the ICO participants' schedule


@pytest.mark.corpus
def test_corpus_antshares_chinese(corpus_docs):
    t = extract(corpus_docs, "antshares-cn")
    assert percents(t) == [10, 17, 23, 50]
    assert t.supply.total_supply.value == 1e8


@pytest.mark.corpus
def test_corpus_status_scattered_prose(corpus_docs):
    t = extract(corpus_docs, "status")
    assert sorted(percents(t)) == [10, 20, 29, 41]
    assert t.identity.symbol.value == "SNT"
    team = next(r for r in t.allocation if r.category == "team")
    assert (team.vesting.cliff_months, team.vesting.vesting_months) == (6, 24)


@pytest.mark.corpus
def test_corpus_ethereum_table_first_column(corpus_docs):
    t = extract(corpus_docs, "ethereum")
    assert [(r.category, r.percent) for r in t.allocation] == [
        ("public_sale", 83.5), ("team", 8.26), ("reserve", 8.26), ("community", 0)]


@pytest.mark.corpus
def test_corpus_supply_figures(corpus_docs):
    assert extract(corpus_docs, "wax").supply.max_supply.value == 1.85e9  # not the 10x illustration
    assert extract(corpus_docs, "singularitynet").supply.total_supply.value == 1e9
    assert extract(corpus_docs, "frax-v1").supply.total_supply.value == 100e6
    curve = extract(corpus_docs, "curve-dao")
    assert curve.supply.max_supply.value == pytest.approx(3.03e9)
    assert curve.supply.total_supply.value == pytest.approx(1.273e9)  # "Initial supply of CRV is"
    assert not curve.supply.initial_circulating.stated  # "2 millions CRV per day" is a flow
    assert extract(corpus_docs, "enjin").supply.max_supply.value == 1e9


@pytest.mark.corpus
@pytest.mark.parametrize("slug", ["bitcoin", "solana", "uniswap-v2", "polkadot", "filecoin", "chainlink",
                                  "tezos", "bancor", "status-cn", "avalanche-consensus"])
def test_corpus_negatives(corpus_docs, slug):
    t = extract(corpus_docs, slug)
    assert t.allocation == []
    assert not t.supply.max_supply.stated and not t.supply.total_supply.stated
    assert t.conflicts == []


@pytest.mark.corpus
def test_corpus_launch_styles(corpus_docs):
    assert extract(corpus_docs, "bitcoin").identity.launch_style.value == "mining"
    assert extract(corpus_docs, "bittorrent").identity.launch_style.value == "airdrop"
    assert extract(corpus_docs, "golem").identity.launch_style.value == "ico"
    assert extract(corpus_docs, "ethereum").identity.launch_style.value == "ico"  # "released in a currency sale"


@pytest.mark.corpus
def test_corpus_issuance_rules_without_a_cap(corpus_docs):
    eth = extract(corpus_docs, "ethereum")  # 2014: "0.26x the total amount sold ... per year forever"
    assert eth.supply.uncapped.value is True and eth.emission.schedule.stated
    cosmos = extract(corpus_docs, "cosmos")
    assert cosmos.emission.schedule.stated and not cosmos.supply.uncapped.stated


@pytest.mark.corpus
@pytest.mark.parametrize("slug", ["santiment", "cindicator", "lunyr", "status"])
def test_corpus_sale_without_a_stated_supply(corpus_docs, slug):
    """These papers sell at a rate per ETH and never state a supply figure (only sale caps)."""
    t = extract(corpus_docs, slug)
    assert not t.supply.max_supply.stated and not t.supply.total_supply.stated


@pytest.mark.corpus
def test_corpus_amount_only_allocations_have_a_total(corpus_docs):
    for slug in ("district0x", "singularitynet"):
        t = extract(corpus_docs, slug)
        assert t.supply.total_supply.value == 1e9
        assert sum(r.amount for r in t.allocation) == 1e9 and all(r.percent is None for r in t.allocation)


@pytest.mark.corpus
def test_corpus_quotes_are_verbatim(corpus_docs):
    docs = corpus_docs.readable()
    assert len(docs) >= 30
    for doc in docs:
        t = Tokenomics()
        fill_supply(t, doc)
        assert_quotes_verbatim(t, doc)


def test_a_cliff_followed_by_an_open_ended_range_is_not_an_all_at_once_unlock():
    from paperlens.extract.rules.vesting import _parse_vesting

    v = _parse_vesting("Team token payouts begin after 3 months and take 6 months to 1 year to complete.")
    assert v.cliff_months == 3 and v.shape is None
    assert _parse_vesting("Team tokens are locked for 12 months.").shape == "cliff"


def test_a_release_cell_wrapped_onto_the_next_line():
    t, doc = run("Token distribution\n% of tokens for the founding team\n20%. Locked for\n12 months by smart contract.\n"
                 "% of tokens for advisors and bounties\n5%\n% of tokens for the token sale\n75%\n")
    got = {r.category: r.vesting for r in t.allocation}
    assert got["team"].cliff_months == 12 and "12 months" in got["team"].evidence.quote
    assert got["advisors"] is None  # the lock above its label is the team's
    assert_quotes_verbatim(t, doc)


def test_vesting_in_a_rows_own_paragraph():
    t, doc = run("Token allocation\n30% Core team\nThe core team builds the network. Its tokens will be locked up for\n"
                 "4 years, with the first 12 months all locked and the rest released every quarter.\n"
                 "50% Ecosystem fund\nUsed to grow the network of partners.\n"
                 "20% Public sale\nSold to the public in the token sale.\n")
    got = {r.label: r.vesting for r in t.allocation}
    assert (got["Core team"].cliff_months, got["Core team"].vesting_months) == (12, 36)
    assert got["Ecosystem fund"] is None and got["Public sale"] is None
    assert_quotes_verbatim(t, doc)


def test_these_tokens_after_the_rows_prose():
    t, _ = run("Distribution of the supply\n"
               "• 40% of the tokens will be sold in the public token sale to the contributors.\n"
               "• 30% of the tokens will be reserved for partner incentives in the ecosystem. These tokens\n"
               "will be used to reward partners. These tokens will be locked up for 2 years, with one fifth\n"
               "available at the TGE and one fifth unlocked every 6 months.\n"
               "• 30% of the tokens will be held by the company to pay the staff and the operations of the firm.\n"
               "These tokens will be locked up for 3 years, with a quarter released at launch and a quarter unlocked every year.\n")
    months = [r.vesting.vesting_months if r.vesting else None for r in t.allocation]
    assert months == [None, 24, 36]


def test_these_tokens_after_a_label_led_description():
    t, _ = run("Allocation\nCore team 15%\nTreasury 25%\nCrowdsale 60%\n\n"
               "Core team - The team comprises the founders and the engineers of the company.\n"
               "These tokens are subject to a three-year vesting schedule.\n"
               "Crowdsale - Tokens sold to the public during the sale.\n")
    got = {r.label: r.vesting for r in t.allocation}
    assert got["Core team"].vesting_months == 36
    assert got["Treasury"] is None and got["Crowdsale"] is None


def test_vesting_not_read_from_another_row_or_a_product_lock():
    t, _ = run("A total of 100,000,000 tokens will be created.\nToken allocation\n"
               "• 60,000,000 tokens will be sold to the token sale participants\n"
               "• 25,000,000 tokens will be reserved for the founding team (vesting over 3 years)\n"
               "• 15,000,000 tokens will be used for marketing and future team members\n")
    got = {r.label: r.vesting for r in t.allocation}
    assert got["founding team"].vesting_months == 36
    assert got["marketing and future team members"] is None  # the vesting follows the founders' figure
    t, _ = run("Token allocation\n20% Validator rewards\nPaid to the validators of the network. Staked tokens are "
               "locked in a smart contract for 3 months.\n30% Ecosystem fund\nGrants for the builders of the network.\n"
               "50% Public sale\nSold in the token sale to the contributors of the network.\n")
    assert [r.vesting for r in t.allocation] == [None, None, None]  # a lock of the product, not of the row


# ------------------------------------------------------------------ styles the corpus rarely shows

VESTING_SECTION = ("4. Tokenomics\n4.1 Supply\nA fixed supply of 250,000,000 QRT will be minted at genesis.\n"
                   "4.2 Allocation\nCategory Share Tokens\nPrivate sale 15% 37,500,000\nPublic sale 25% 62,500,000\n"
                   "Team 18% 45,000,000\nAdvisors 2% 5,000,000\nLiquidity 10% 25,000,000\nEcosystem 30% 75,000,000\n"
                   "4.3 Vesting\nTeam: 12-month cliff, then linear monthly vesting over 24 months.\n"
                   "Private sale: 10% at TGE, rest linearly over 12 months.\n"
                   "Advisors: 6-month cliff, then 18 months linear.\nEcosystem: released over 48 months.\n")


def test_a_vesting_section_of_label_lines_gives_each_row_its_own_terms():
    t, doc = run(VESTING_SECTION)
    terms = {r.label: r.vesting and (r.vesting.tge_unlock_pct, r.vesting.cliff_months, r.vesting.vesting_months)
             for r in t.allocation}
    assert terms == {"Private sale": (10.0, None, 12.0), "Public sale": None, "Team": (None, 12.0, 24.0),
                     "Advisors": (None, 6.0, 18.0), "Liquidity": None, "Ecosystem": (None, None, 48.0)}
    assert [r.vesting.evidence.quote for r in t.allocation if r.label == "Team"] == [
        "Team: 12-month cliff, then linear monthly vesting over 24 months."]
    assert_quotes_verbatim(t, doc)


@pytest.mark.parametrize("dash", ["–", "-"])
def test_label_lines_set_off_by_a_dash_are_rows_of_their_own(dash):
    # without a colon, the two lines read as one sentence and the investors took the team's terms
    t, doc = run("Token Allocation\nTeam: 20%\nInvestors: 15%\nCommunity: 65%\nVesting\n"
                 f"Team {dash} 12 months cliff / 36 months vesting\nInvestors {dash} 3 months cliff / 12 months vesting\n")
    assert [(r.label, r.vesting and (r.vesting.cliff_months, r.vesting.vesting_months)) for r in t.allocation] == [
        ("Team", (12, 36)), ("Investors", (3, 12)), ("Community", None)]
    assert_quotes_verbatim(t, doc)


def test_the_whole_that_prose_shares_divide_is_the_supply_not_a_rows_count():
    t, doc = run("Token Allocation\nOf the 1 billion KLM tokens, 45% will be sold to the public during the token "
                 "sale, 20% will be allocated to the founding team, 5% to advisors, 20% to the foundation reserve "
                 "and 10% to community rewards.")
    assert t.supply.total_supply.value == 1_000_000_000
    assert [(r.percent, r.amount) for r in t.allocation] == [(45, None), (20, None), (5, None), (20, None),
                                                             (10, None)]
    assert_quotes_verbatim(t, doc)
    # the whole before a colon that opens the list is no count of the first row
    t, doc = run("Initial Distribution\nAt genesis, 1,000,000,000 KLM will be minted: 30% to the community treasury, "
                 "25% to the core team, 20% to investors, 15% to the foundation and 10% to an airdrop.")
    assert [(r.percent, r.amount) for r in t.allocation] == [(30, None), (25, None), (20, None), (15, None),
                                                             (10, None)]
    assert_quotes_verbatim(t, doc)


def test_a_ticker_named_like_the_project_is_found_from_its_supply():
    t, _ = run("Zed Network\nWhitepaper v1.0\nMarch 2022",
               "Token Distribution\nThe total supply of ZED is 500,000,000 tokens, distributed as follows:\n"
               "Public sale: 200,000,000 ZED\nTeam: 100,000,000 ZED\nAdvisors: 25,000,000 ZED\n")
    assert t.identity.symbol.value == "ZED"
    assert t.supply.total_supply.value == 500_000_000


def test_tokens_minted_in_addition_are_no_supply():
    t, _ = run("Token Sale\nShould the demand be higher, the smart contract will mint up to 32M additional tokens, "
               "until a total of 65M tokens are sold.")
    assert t.supply.total_supply.value is None and t.supply.max_supply.value is None


def test_rows_of_counts_with_their_share_in_parentheses():
    t, doc = run("Acme Protocol\nWhitepaper\n2023",
                 "Allocation\nTeam: 150,000,000 ACM (15%)\nAdvisors: 50,000,000 ACM (5%)\nSale: 400,000,000 ACM (40%)\n"
                 "Reserve: 400,000,000 ACM (40%)\nThe total supply is 1,000,000,000 ACM.")
    assert [(r.label, r.percent, r.amount) for r in t.allocation] == [
        ("Team", 15, 150_000_000), ("Advisors", 5, 50_000_000), ("Sale", 40, 400_000_000),
        ("Reserve", 40, 400_000_000)]
    assert_quotes_verbatim(t, doc)
    t, doc = run("Token allocation\n• Team: 200M (20%)\n• Investors: 150M (15%)\n• Community: 450M (45%)\n"
                 "• Treasury: 200M (20%)\nTotal supply: 1B ACM")
    assert [(r.label, r.percent, r.amount) for r in t.allocation] == [
        ("Team", 20, 200_000_000), ("Investors", 15, 150_000_000), ("Community", 45, 450_000_000),
        ("Treasury", 20, 200_000_000)]
    assert_quotes_verbatim(t, doc)


def test_a_release_column_beside_the_shares_is_read_as_terms_not_rows():
    t, doc = run("Allocation and vesting\nTeam 20% 12-month cliff, 36-month linear vesting\n"
                 "Investors 15% 6-month cliff, 18-month linear vesting\nEcosystem 35% 5% at TGE, rest over 48 months\n"
                 "Public sale 10% 100% unlocked at TGE\nTreasury 20% locked for 12 months\n")
    assert [(r.label, r.percent, r.vesting and (r.vesting.tge_unlock_pct, r.vesting.cliff_months,
                                                r.vesting.vesting_months)) for r in t.allocation] == [
        ("Team", 20, (None, 12, 36)), ("Investors", 15, (None, 6, 18)), ("Ecosystem", 35, (5, None, 48)),
        ("Public sale", 10, (100, None, None)), ("Treasury", 20, (0, 12, None))]
    assert_quotes_verbatim(t, doc)


@pytest.mark.parametrize("title", ["Acme Protocol (ACM)\nWhitepaper v2.1", "Acme Protocol (ACM) Whitepaper\n"])
def test_a_title_that_gives_the_ticker_defines_it(title):
    t, _ = run(title,
               "Overview\nAcme is a decentralized exchange. ACM is used for governance. ACM holders vote on upgrades.")
    assert t.identity.symbol.value == "ACM"
    assert t.identity.project_name.value == "Acme Protocol"


def test_a_token_name_does_not_take_the_heading_above_it():
    t, _ = run("ACME TOKEN WHITEPAPER\nVersion 1.0",
               "Token\nThe Acme Token (ACM) is an ERC-20 token. The initial supply is 100,000,000 ACM.")
    assert (t.identity.token_name.value, t.identity.project_name.value) == ("Acme Token", "Acme")


@pytest.mark.parametrize("line, name", [
    ("Roadmap\n- Launch of Acme Platform (ACM) MVP in Q1", "Acme Platform"),  # not "Launch of Acme Platform"
    ("6.1 TOKEN (ACM)\nThe token is an ERC-20 token.", None),  # a heading, not a name
    ("staking Acme\nNetwork Tokens (ACM) on the network", None),  # only generic words on its line
    ("Platform Token\nHolders (ACM)\nProperty Token", None),  # a chart label: holders are holders
])
def test_a_token_name_is_a_name(line, name):
    t, _ = run("Acme\nWhitepaper", line + "\nThe ticker is ACM. ACM holders stake ACM. 1,000 ACM buys a listing. The holders of ACM vote. "
               "Token holders and holders of other tokens may join. ACM is used by holders.")
    assert t.identity.symbol.value == "ACM"
    assert t.identity.token_name.value == name


def test_a_confidentiality_label_is_not_the_project_name():
    t, _ = run("CONFIDENTIAL\nMedia in the Trillion Dollar Economy\nWhitepaper",
               "CONFIDENTIAL\nAcmeCoin\nThe AcmeCoin (ACM) is an ERC-20 token. ACM pays for ads.",
               "CONFIDENTIAL\nAcme uses ACM tokens. 100 ACM buy one campaign.")
    assert t.identity.project_name.value == "AcmeCoin"


def test_a_fact_sheet_label_is_not_the_project_name():
    t, _ = run("Token Facts\nTicker: ACM\nTotal supply: 1,000,000,000 ACM\nACM is the token of Acme. Acme pays in ACM.")
    assert t.identity.project_name.value != "Ticker"


def test_a_title_in_capitals_names_the_project_as_the_text_writes_it():
    body = ("Token\nThe HLS token is used to pay fees on Helios Network. The total supply is 1,000,000,000 HLS.\n",
            "About Helios\nHelios Network is built by a team of engineers. Helios Network runs nodes.\n")
    t, doc = run("HELIOS NETWORK\nTechnical Whitepaper\n", *body)
    assert t.identity.project_name.value == "Helios Network"
    assert_quotes_verbatim(t, doc)
    t, _ = run("CONTACT\nTechnical Whitepaper\n", *body, "Support\nTo contact us, use the contact form or contact "
               "the team.\n")
    assert t.identity.project_name.value != "contact"  # the text's own form must be a name
    pages = ["HELIOS NETWORK\nTechnical Whitepaper\nBuilt by Helios", "Network engineers. The HLS token pays fees. Helios",
             "Network nodes. The total supply is 1,000,000,000 HLS. Helios", "Network grants."]
    t, _ = run(*pages)  # the capitalised form only across page breaks: nothing to quote it from
    assert t.identity.project_name.value != "Helios Network" and t.identity.symbol.value == "HLS"  # no step failed


def test_a_grid_with_a_count_column_and_terms_in_words():
    """Shares, counts, a TGE column and a vesting column written in words: the TGE cell is no share of its
    own (38 + 10 + 20 + 17 + 15 also adds up to 100), and each row gets its terms from its own line."""
    t, doc = run("Zephyr Protocol\nLitepaper", "Token Allocation\nCategory Allocation Tokens TGE Unlock Vesting\n"
                 "Community & Ecosystem 38% 380,000,000 10% 48-month linear\n"
                 "Core Contributors 20% 200,000,000 0% 12-month cliff, 36-month linear\n"
                 "Investors 17% 170,000,000 0% 6-month cliff, 18-month linear\n"
                 "Treasury 15% 150,000,000 5% 36-month linear\nLiquidity 5% 50,000,000 100% -\n"
                 "Airdrop 5% 50,000,000 25% 6-month linear\n")
    got = [(r.label, r.percent, r.vesting.tge_unlock_pct, r.vesting.cliff_months, r.vesting.vesting_months)
           for r in t.allocation]
    assert got == [("Community & Ecosystem", 38, 10, None, 48), ("Core Contributors", 20, 0, 12, 36),
                   ("Investors", 17, 0, 6, 18), ("Treasury", 15, 5, None, 36), ("Liquidity", 5, 100, None, 0),
                   ("Airdrop", 5, 25, None, 6)]
    assert t.allocation[1].vesting.shape == "linear"
    assert_quotes_verbatim(t, doc)


def test_a_fact_sheet_names_the_token_and_its_standard():
    t, _ = run("Zephyr Protocol\nLitepaper", "Tokenomics\nToken name: Zephyr\nTicker: ZPH\nChain: Arbitrum (ERC-20)\n"
               "Max supply: 1,000,000,000 ZPH\nZPH holders stake ZPH to vote.")
    assert (t.identity.token_name.value, t.identity.symbol.value, t.identity.standard.value) == ("Zephyr", "ZPH", "ERC-20")
    t, _ = run("Acme\nWhitepaper", "Integrations\nAcme lists any ERC-20 pair. The ticker is ACM. ACM pays fees.")
    assert t.identity.standard.value is None  # other issuers' tokens


def test_vesting_sentences_under_a_numbered_heading_go_to_the_rows_they_name():
    t, doc = run("Orbit Finance\nWhitepaper", "4. The ORB Token\nThe total supply of ORB is capped at 500 million tokens.\n"
                 "4.1 Distribution\n• Ecosystem rewards — 35%\n• Team and advisors — 18%\n• Seed investors — 10%\n"
                 "• Strategic round — 7%\n• Public sale (IDO) — 5%\n• DAO treasury — 20%\n• Liquidity provisioning — 5%\n"
                 "4.2 Vesting\nTeam and advisors tokens are subject to a one-year cliff followed by linear monthly "
                 "vesting over three years.\nSeed investors receive 10% at TGE; the remainder vests linearly over 24 "
                 "months after a 6-month cliff.\nPublic sale tokens are fully unlocked at TGE.\n")
    terms = {r.label: r.vesting and (r.vesting.tge_unlock_pct, r.vesting.cliff_months, r.vesting.vesting_months)
             for r in t.allocation}
    assert terms["Team and advisors"] == (None, 12, 36)
    assert terms["Seed investors"] == (10, 6, 24)
    assert terms["Public sale (IDO)"] == (100, None, None)
    assert terms["Liquidity provisioning"] is None  # the team's terms were read for the last row before
    assert_quotes_verbatim(t, doc)


def test_numbered_rounds_a_total_row_and_a_release_schedule_below():
    """"Private Sale 1" and "Private Sale 2" are two rows (not one label twice); the "Total" row closes the
    table, so the release schedule's "10% at TGE" and "15% at TGE" below it are no rows of it."""
    t, doc = run("Nimbus\nToken paper", "Token distribution:\nPrivate Sale 1: 5.00%\nPrivate Sale 2: 7.50%\n"
                 "Public Sale: 2.50%\nTeam: 15.00%\nAdvisors: 3.00%\nMarketing: 10.00%\nEcosystem Development: 30.00%\n"
                 "Staking Rewards: 17.00%\nLiquidity: 10.00%\nTotal: 100.00%\nRelease schedule\n"
                 "Private Sale 1: 10% at TGE, 3-month cliff, then 10% monthly.\n"
                 "Private Sale 2: 15% at TGE, then linear vesting over 9 months.\n"
                 "Team: 12-month lock, then 5% per month.\n")
    assert [(r.label, r.percent) for r in t.allocation][:3] == [("Private Sale 1", 5), ("Private Sale 2", 7.5),
                                                               ("Public Sale", 2.5)]
    assert len(t.allocation) == 9
    terms = {r.label: r.vesting and (r.vesting.tge_unlock_pct, r.vesting.cliff_months, r.vesting.vesting_months)
             for r in t.allocation}
    assert terms["Private Sale 1"] == (10, 3, 9)  # 90% left at 10% a month: nine steps after the cliff
    assert terms["Private Sale 2"] == (15, None, 9)
    assert terms["Team"] == (None, 12, 20)
    assert_quotes_verbatim(t, doc)


def test_rewards_that_halve_are_an_emission_schedule():
    t, _ = run("Acme Chain (ACM)\nWhitepaper",
               "Monetary policy\nACM has a maximum supply of 21,000,000 coins. Block rewards start at 50 ACM per block "
               "and halve every 210,000 blocks.")
    assert t.emission.schedule.value == "Block rewards start at 50 ACM per block and halve every 210,000 blocks."


@pytest.mark.parametrize("text, schedule, inflation", [
    ("ACM has no maximum supply. Block rewards are 2 ACM per block.", "Block rewards are 2 ACM per block.", None),
    ("Annual emission: 50,000,000 ACM in year 1, 25,000,000 in year 2, then halving every year.",
     "Annual emission: 50,000,000 ACM in year 1, 25,000,000 in year 2, then halving every year.", None),
    ("ACM is inflationary: 5% of the supply is minted each year and given to validators.", None, 5),
    ("The halving of block rewards is a well-known Bitcoin feature.", None, None),  # no rate, no period
    ("ACM has no maximum supply. Staking rewards mint new ACM at an annual rate of 5%.", None, 5),
    # a schedule given as a table of years
    ("ACM has no maximum supply.\nEmission schedule\nYear | New ACM issued\n1 | 50,000,000\n2 | 40,000,000\n",
     "2 | 40,000,000", None),
])
def test_block_rewards_yearly_emissions_and_minted_shares(text, schedule, inflation):
    t, doc = run("Acme Chain (ACM)\nWhitepaper", "Monetary policy\n" + text)
    assert t.emission.annual_inflation_pct.value == inflation
    assert (t.emission.schedule.value or "").endswith(schedule or "") and t.emission.schedule.stated == bool(schedule)
    assert_quotes_verbatim(t, doc)


def test_a_release_column_of_labelled_cells_and_rows_ending_in_a_parenthesis():
    t, doc = run("Allocation table\nCategory % Tokens Vesting\n"
                 "Seed 10% 100,000,000 TGE: 5%; cliff: 6 months; vesting: 18 months\n"
                 "Team 15% 150,000,000 TGE: 0%; cliff: 12 months; vesting: 24 months\n"
                 "Community 75% 750,000,000 TGE: 20%; vesting: 36 months\nTotal 100% 1,000,000,000\n")
    assert [(r.label, r.percent, (r.vesting.tge_unlock_pct, r.vesting.cliff_months, r.vesting.vesting_months))
            for r in t.allocation] == [("Seed", 10, (5, 6, 18)), ("Team", 15, (0, 12, 24)),
                                       ("Community", 75, (20, None, 36))]
    assert_quotes_verbatim(t, doc)
    t, doc = run("Token allocation\nTeam – 20% (vested over 4 years)\nAdvisors – 5% (vested over 2 years)\n"
                 "Community – 50%\nFoundation – 25% (locked for 1 year)\n")
    assert [(r.label, r.vesting and (r.vesting.cliff_months, r.vesting.vesting_months)) for r in t.allocation] == [
        ("Team", (None, 48)), ("Advisors", (None, 24)), ("Community", None), ("Foundation", (12, None))]
    assert_quotes_verbatim(t, doc)


@pytest.mark.parametrize("text, share, schedule", [
    ("Monetary policy\nCirculating supply at TGE: 12% of the total supply.\n"
     "Total supply at genesis: 1,000,000,000 ACM.\nLiquidity mining emits 10,000 ACM per day for 4 years.\n",
     12, "Liquidity mining emits 10,000 ACM per day for 4 years."),  # a label, and an emission rate
    ("Tokenomics\nThe total supply of ACM is 1,000,000,000 tokens. Around 20% of tokens will be circulating "
     "at listing.\n", 20, None),  # a share "of tokens"
    ("Token metrics\nTotal supply: 1,000,000,000 ACM\nTokens in circulation at TGE: 8.5%\n", 8.5, None),
    ("Tokenomics\nTotal supply: 1,000,000,000 ACM. At TGE, 8% of the total supply will be unlocked.\n", 8, None),
])
def test_circulating_share_at_tge_and_an_emission_rate(text, share, schedule):
    t, doc = run("Acme Protocol (ACM)\nWhitepaper 2023", text)
    assert t.supply.initial_circulating_pct.value == share
    if schedule:
        assert t.emission.schedule.value == schedule
    assert_quotes_verbatim(t, doc)


def test_initial_circulation_as_a_count():
    t, doc = run("Acme (ACM) token\n\nACM is the token of Acme. The total supply of ACM is 1,000,000,000.\n\n"
                 "Initial circulation: 100M ACM\n")
    assert t.supply.initial_circulating.value == 1e8
    assert_quotes_verbatim(t, doc)


def test_a_row_whose_count_breaks_across_a_line_quotes_all_of_it():
    t, doc = run("Allocation\nCategory Share Tokens\nTeam 20% 200,000,000\nCommunity 65% 650,000,000\n"
                 "Treasury 15% 150,000\n,000\nTotal supply: 1,000,000,000 ACM\n")
    assert [(r.label, r.amount) for r in t.allocation][-1] == ("Treasury", 150_000_000)
    assert t.allocation[-1].evidence.quote == "Treasury 15% 150,000\n,000"
    assert_quotes_verbatim(t, doc)


def test_rows_with_dot_leaders_between_label_and_share():
    t, doc = run("Token Allocation\nTotal supply: 1,000,000,000 ACM\nCommunity ........ 40%\nTeam .............. 20%\n"
                 "Investors . . . . . 25%\nTreasury .......... 15%\n")
    assert [(r.label, r.percent) for r in t.allocation] == [
        ("Community", 40), ("Team", 20), ("Investors", 25), ("Treasury", 15)]
    assert t.allocation[0].evidence.quote == "Community ........ 40%"
    assert_quotes_verbatim(t, doc)


def test_vesting_in_fractions_and_from_the_end_of_the_sale():
    from paperlens.extract.rules.vesting import _parse_vesting as parse
    v = parse("These tokens will be locked up for 2 years, with 1/5th being available after the token sale "
              "and 1/5th being unlocked every 6 months thereafter.")
    assert (v.tge_unlock_pct, v.cliff_months, v.vesting_months) == (20, None, 24)
    assert parse("1/4 of the team tokens vest every 6 months.").vesting_months == 18  # after a 6-month cliff
    assert parse("25% are released after the token sale, the rest over 12 months.").tge_unlock_pct == 25
    assert parse("The team tokens are released on 1/12/2018.") is None  # a date, no fraction
    v = parse("Team: 1-year cliff, then 1/36 released monthly.")  # one part in 36 a month
    assert (v.cliff_months, v.vesting_months) == (12, 36)
    from paperlens.assess.ground import appears
    assert appears(20.0, "with 1/5th being available after the token sale")  # ground reads the fraction too
    assert not appears(20.0, "released on 1/5/2019")


def test_vesting_in_abbreviated_months_and_monthly_steps():
    from paperlens.extract.rules.vesting import _parse_vesting as parse
    v = parse("Seed: 10% TGE, 6m cliff, 18m linear.")
    assert (v.tge_unlock_pct, v.cliff_months, v.vesting_months, v.shape) == (10, 6, 18, "linear")
    v = parse("Private sale: 10% unlocked at listing, then 15% monthly.")
    assert (v.tge_unlock_pct, v.vesting_months, v.frequency) == (10, 6, "monthly")
    assert parse("Private sale: 15% unlocked at listing, then 10% monthly.").vesting_months is None  # 8.5 steps
    from paperlens.assess.ground import Months, appears
    assert appears(Months(6.0), "Private sale: 10% unlocked at listing, then 15% monthly.")
    assert appears(Months(18.0), "Seed: 10% TGE, 6m cliff, 18m linear.")


@pytest.mark.parametrize("sentence, cliff, vesting", [
    ("Team allocation is vested over four years, with 25% vesting after the first year and the remainder "
     "vesting monthly.", 12, 36),
    ("The team's tokens are subject to a four-year vesting schedule with a one-year cliff.", 12, 36),
    ("Team tokens unlock 25% after 12 months, the rest monthly over 24 months.", 12, 24),  # the rest follows
    # the release at the cliff is the first of the equal steps
    ("Team: 20% after 12 months, 20% every 6 months thereafter.", 12, 24),
    ("25% of the tokens will be released after 6 months, and 25% every 6 months thereafter.", 6, 18),
    ("The team's tokens unlock 25% after one year and 25% each year thereafter.", 12, 36),
])
def test_a_cliff_inside_the_whole_period(sentence, cliff, vesting):
    from paperlens.extract.rules.vesting import _parse_vesting as parse
    v = parse(sentence)
    assert (v.cliff_months, v.vesting_months) == (cliff, vesting)
    from paperlens.assess.ground import Months, appears
    assert appears(Months(float(vesting)), sentence) and appears(Months(float(cliff)), sentence)


@pytest.mark.parametrize("sentence, total", [
    ("A fixed supply of 1,000,000,000 ACM tokens will be created for the Acme network.", 1e9),
    ("The total supply will be 1,000,000,000 ACM tokens and will never be increased.", 1e9),
    ("The maximum supply is 1,000,000,000 ACM tokens, all of them mined with block rewards.", None),
])
def test_a_cap_created_whole_is_also_the_total_supply(sentence, total):
    t, doc = run(f"Acme (ACM) token\n\n{sentence}\n")
    assert t.supply.max_supply.value == 1e9
    assert t.supply.total_supply.value == total
    assert_quotes_verbatim(t, doc)


@pytest.mark.parametrize("sentence, total, circulating", [
    ("The ACM token has a total supply of 100M and a circulating supply of 25M at launch.", 1e8, 2.5e7),
    ("ACM has a total supply of 100,000,000 and an initial circulating supply of 25,000,000 at TGE.", 1e8, 2.5e7),
])
def test_a_supply_named_by_its_sentence_subject(sentence, total, circulating):
    t, doc = run(f"Acme (ACM) token\n\nACM is the token of Acme. ACM is used in Acme.\n\n{sentence}\n")
    assert (t.supply.total_supply.value, t.supply.initial_circulating.value) == (total, circulating)
    assert_quotes_verbatim(t, doc)


def test_a_cap_said_as_only_ever_and_inflation_said_as_minted_at():
    t, _ = run("Acme (ACM) token\n\nACM is the token of Acme.\n\nThere will only ever be 21,000,000 ACM.\n")
    assert t.supply.max_supply.value == 21e6
    t, doc = run("Acme (ACM) token\n\nACM is the token of Acme.\n\nACM has a hard-capped supply of 100 million tokens.\n")
    assert t.supply.max_supply.value == 1e8
    assert_quotes_verbatim(t, doc)
    t, _ = run("Acme (ACM) token\n\nInitial supply: 1,000,000,000 ACM; new ACM are minted at 2% per year.\n")
    assert (t.emission.type.value, t.emission.annual_inflation_pct.value) == ("inflationary", 2)
    # a rate as a noun is the schedule of an uncapped supply (UNCAPPED_NO_SCHEDULE does not fire)
    t, doc = run("Acme (ACM) token\n\nACM has an uncapped supply with a fixed emission of 10 ACM per block.\n")
    assert t.supply.uncapped.value is True and "emission of 10 ACM per block" in t.emission.schedule.value
    assert_quotes_verbatim(t, doc)


def test_an_issuance_label_gives_the_total_supply():
    t, doc = run("Acme (ACM) token sale\n\nExpected token sale date: 28.07.2017.\nIssuance of ACM Tokens: 21`000`000 ACM tokens\n")
    assert t.supply.total_supply.value == 21e6
    assert_quotes_verbatim(t, doc)
    t, _ = run("Acme (ACM) token\n\nThe protocol allows the issuance of 5,000,000 new ACM tokens per year.\n")
    assert not t.supply.total_supply.stated


@pytest.mark.parametrize("row", ["Supply of ACM: 1,000,000,000", "ACM supply: 1,000,000,000",
                                 "Number of tokens: 1,000,000,000", "Token amount: 1,000,000,000 ACM"])
def test_fact_sheet_labels_of_the_supply(row):
    t, doc = run(f"Acme (ACM) token sale\n\nToken: ACM\n{row}\nPrice: 0.1 USD\n")
    assert t.supply.total_supply.value == 1e9
    assert_quotes_verbatim(t, doc)


@pytest.mark.parametrize("row", ["Number of investors: 1,000,000", "Token amount for sale: 1,000,000 ACM"])
def test_labels_of_other_counts_are_no_supply(row):
    t, _ = run(f"Acme (ACM) token sale\n\nToken: ACM\n{row}\n")
    assert not t.supply.total_supply.stated


def test_a_total_the_next_sentence_caps_is_the_max_supply():
    t, doc = run("Kora (KRC) token\n\nA total of 500 million KRC will be created. No further KRC will ever be minted.\n")
    assert t.supply.max_supply.value == t.supply.total_supply.value == 5e8
    assert "No further KRC" in t.supply.max_supply.evidence.quote
    assert_quotes_verbatim(t, doc)
    t, _ = run("Kora (KRC) token\n\nA total of 500 million KRC will be created. Of these, 60% will be sold.\n")
    assert "No further" not in t.supply.max_supply.evidence.quote  # the cap is the total (next test), not stated


def test_a_papers_only_total_is_its_cap_unless_it_issues_more_later():
    """The truth files' and CoinMarketCap's convention: "total supply X" and no later issuance makes X the cap."""
    fixed = "Kora (KRC) token\n\nThe total supply is 500,000,000 KRC. Of these, 60% will be sold.\n"
    t, doc = run(fixed)
    assert t.supply.max_supply.value == t.supply.total_supply.value == 5e8
    assert t.supply.max_supply.evidence == t.supply.total_supply.evidence
    assert_quotes_verbatim(t, doc)
    for later in ("Validators earn block rewards.", "The annual inflation is 2%.",
                  "An additional issuance of 5% of the total amount follows each year.",
                  "New tokens may be minted by governance vote.", "Emissions go to liquidity providers.",
                  "Validators earn staking rewards."):
        t, _ = run(fixed, "Staking\n\n" + later + "\n")
        assert t.supply.total_supply.value == 5e8 and not t.supply.max_supply.stated, later
    # words of later issuance that say nothing of this token's: negated, another chain's, prices', a sale's
    for aside in ("As there is no inflation of the number of KRC, burning makes it scarcer.",
                  "We considered longer-term incentives like bitcoin mining rewards, and discounted them.",
                  "Risks include changes in investors' expectations with respect to the rate of inflation.",
                  "The token sale contract will mint new tokens and allocate them to each contributor."):
        t, _ = run(fixed, "Notes\n\n" + aside + "\n")
        assert t.supply.max_supply.value == 5e8, aside
    t, _ = run(fixed, "Notes\n\nKRC is inflationary.\n")
    assert not t.supply.max_supply.stated
    t, _ = run(fixed.replace("The total supply is", "The initial total supply is"))
    assert t.supply.total_supply.value == 5e8 and not t.supply.max_supply.stated
    t, _ = run(fixed, "Summary table\nTotal supply: 600,000,000 KRC\n")  # two totals: a conflict, no cap
    assert t.conflicts and not t.supply.max_supply.stated


def test_a_row_emitted_over_years_vests_over_them():
    t, doc = run("Token allocation\nTeam 20%\nLiquidity mining 30%\nPublic sale 50%\n\n"
                 "Vesting schedule\nTeam: 12-month cliff, then monthly vesting over 36 months.\n"
                 "Liquidity mining: emitted over 3 years to liquidity providers.\n")
    rows = {r.label: r.vesting for r in t.allocation}
    assert rows["Liquidity mining"].vesting_months == 36
    assert_quotes_verbatim(t, doc)


def test_cliffs_said_by_what_comes_after_them_and_counted_instalments():
    from paperlens.extract.rules.vesting import _parse_vesting as parse

    def terms(text):
        v = parse(text)
        return (v.tge_unlock_pct, v.cliff_months, v.vesting_months) if v else None

    assert terms("The team allocation unlocks 25% after 12 months and the rest monthly over the following "
                 "36 months.") == (None, 12, 36)
    assert terms("Advisor tokens unlock in equal monthly installments over 18 months starting 6 months "
                 "after TGE.") == (None, 6, 18)
    assert terms("The team tokens will be released in 24 monthly installments.") == (None, None, 24)
    assert terms("The team tokens will be released in 8 quarterly tranches.") == (None, None, 24)


@pytest.mark.parametrize("sentence, inflation", [
    ("New ACM is minted as staking rewards at an initial rate of 8% per year, decreasing annually.", 8),
    ("ACM has no maximum supply. Inflation is set by governance, currently 5% per year.", 5),
    ("The Acme DAO will have the capability to mint up to 2% of the total supply each year.", 2),
    ("Annual inflation starts at 8% and decreases by 15% each year until it reaches a floor of 1.5%.", 8),
])
def test_inflation_in_more_words(sentence, inflation):
    t, doc = run(f"Acme (ACM) protocol\n\nThe genesis supply is 1,000,000,000 ACM. {sentence}\n")
    assert t.emission.annual_inflation_pct.value == inflation
    if "DAO" in sentence:  # who may mint, said as a capability
        assert t.emission.mint_authority.value == "Acme DAO"
    if "decreases" in sentence:  # a rate that falls over time is the schedule
        assert t.emission.schedule.evidence.quote == sentence
    assert_quotes_verbatim(t, doc)


def test_a_cap_reached_by_block_rewards_is_no_total_supply():
    t, _ = run("Acme (ACM) protocol\n\nThe total supply of ACM is capped at 21,000,000. "
               "Block rewards halve every 210,000 blocks.\n")
    assert t.supply.max_supply.value == 21e6 and not t.supply.total_supply.stated


def test_a_list_item_shorter_than_the_lines_of_its_page_ends_there():
    """A bullet that stops well short of the page's full lines did not wrap: the sentence on the next line is
    no part of its label, and the team's vesting sentence is the team's, not the bounty row's."""
    t, doc = run(
        "4.1 Distribution of tokens\n"
        "A total of 250,000,000 ZEN tokens will be created during the token generation event, and\n"
        "they will be distributed between the contributors, the team and the community as follows:\n"
        "- 60% will be sold to contributors during the token sale\n"
        "- 15% will be allocated to the founders and team\n"
        "- 5% to advisors\n"
        "- 12% will be kept by the Zentra Foundation as a reserve for future development\n"
        "- 8% for the bounty program and community building\n"
        "Team and advisor tokens are subject to a vesting period of 24 months with a 6 month\n"
        "cliff. Tokens reserved for the foundation are locked for one year after the token sale.\n")
    labels = {row.label: row for row in t.allocation}
    assert "bounty program and community building" in labels
    assert labels["bounty program and community building"].category == "community"
    assert labels["bounty program and community building"].vesting is None
    assert labels["founders and team"].vesting.cliff_months == 6
    assert_quotes_verbatim(t, doc)


@pytest.mark.parametrize("sentence, count, pct", [
    ("At genesis, 2,000,000,000 HLS (20% of the total supply) will be in circulation.", 2e9, 20),
    ("At TGE, 1,500,000,000 tokens will be circulating.", 1.5e9, None),
    ("A total of 800,000,000 HLS will be in circulation at launch.", 8e8, None),
])
def test_a_count_said_to_circulate_at_launch_is_the_initial_circulating_supply(sentence, count, pct):
    """The share is the paper's own, when it states one."""
    t, doc = run("Token supply\nThe HLS token has a fixed maximum supply of 10,000,000,000 HLS. " + sentence + "\n")
    assert t.supply.max_supply.value == 1e10
    assert t.supply.initial_circulating.value == count and t.supply.initial_circulating_pct.value == pct
    assert_quotes_verbatim(t, doc)


def test_a_count_in_circulation_at_no_stated_time_is_not_the_initial_float():
    t, _ = run("Token supply\nThe HLS token has a fixed maximum supply of 10,000,000,000 HLS. "
               "By 2030, 6,000,000,000 HLS will be in circulation.\n")
    assert not t.supply.initial_circulating.stated


def test_a_chain_of_sentences_back_to_the_one_naming_the_row_gives_its_terms():
    """'The final 30% ... to the team. Of this allocation, ... . The remainder will be locked ...': the remainder is
    the team's, found by walking back over the sentences that refer to the one before."""
    sheet = "Token allocation\n• Token sale — 50%\n• Reserve — 20%\n• Team — 30%\n"
    prose = ("Allocation details\nThe final 30% of tokens are allocated to the team. Of this allocation, a maximum of "
             "5% will be released at launch to cover costs. The remainder will be locked up for two years, after "
             "which 25% will be released every six months.\n")
    t, doc = run(sheet, prose)
    rows = {r.label: r for r in t.allocation}
    assert rows["Team"].vesting.cliff_months == 24 and rows["Reserve"].vesting is None
    assert "The remainder" in rows["Team"].vesting.evidence.quote
    assert_quotes_verbatim(t, doc)
    t, _ = run(sheet, prose.replace("The final 30% of tokens are allocated to the team.",
                                    "The final 30% of tokens are allocated to the team and the reserve."))
    assert all(r.vesting is None for r in t.allocation)  # the chain starts at a sentence naming two rows


def test_a_vesting_section_of_one_sentence_per_row():
    t, doc = run("Orion Protocol Litepaper\n", "Token Allocation\nCommunity Incentives 40%\nTeam 20%\nInvestors 15%\n"
                 "Treasury 15%\nPublic Sale 10%\n\nVesting\n"
                 "Team tokens are subject to a 1-year cliff and 3-year linear vesting.\n"
                 "Investor tokens: 10% unlocked at TGE, then a 6-month cliff and 12-month linear vesting.\n"
                 "Treasury tokens unlock linearly over 48 months.\nPublic sale tokens are fully unlocked at TGE.\n"
                 "Community incentives are distributed over 5 years.\n")
    terms = {r.label: (r.vesting.tge_unlock_pct, r.vesting.cliff_months, r.vesting.vesting_months) for r in t.allocation}
    assert terms == {"Community Incentives": (None, None, 60), "Team": (None, 12, 36), "Investors": (10, 6, 12),
                     "Treasury": (None, None, 48), "Public Sale": (100, None, None)}
    assert_quotes_verbatim(t, doc)


def test_a_rows_terms_said_one_short_sentence_at_a_time():
    # "Team: 10% at TGE." alone gave the team its TGE share and nothing of the cliff or the vesting after it
    t, doc = run("Token Allocation\nTeam: 20%\nAdvisors: 5%\nInvestors: 15%\nCommunity: 60%\nVesting Schedule\n"
                 "Team: 10% at TGE. 12-month cliff. 24-month linear vesting.\n"
                 "Advisors: No tokens at TGE. 6 month cliff followed by 12 month daily linear unlock.\n"
                 "Investors: 0% at TGE; 25% at month 12; then 6.25% quarterly.\n"
                 "Community: 5% at TGE. Staked tokens are locked for 7 days.\n")
    terms = {r.label: (r.vesting.tge_unlock_pct, r.vesting.cliff_months, r.vesting.vesting_months) for r in t.allocation}
    assert terms == {"Team": (10, 12, 24), "Advisors": (0, 6, 12), "Investors": (0, 12, 36), "Community": (5, None, None)}
    assert [r.vesting.evidence.quote for r in t.allocation][:2] == [
        "Team: 10% at TGE. 12-month cliff. 24-month linear vesting.",
        "Advisors: No tokens at TGE. 6 month cliff followed by 12 month daily linear unlock."]
    assert_quotes_verbatim(t, doc)


def test_a_supply_the_rows_counts_add_up_to():
    # rounded percentages imply 999,976,311, no figure of the paper: the counts' sum is the one it states
    t, doc = run("Acme Chain (ACM) Whitepaper\n", "Token Distribution\n"
                 "At genesis, there will be 1 billion ACM tokens. The distribution is as follows:\n"
                 "Community 51.02% 510,217,360\nCore Contributors 19.00% 190,000,000\n"
                 "Foundation 16.50% 165,000,000\nInvestors 13.48% 134,782,640\n")
    assert t.supply.total_supply.value == 1e9
    assert t.supply.total_supply.evidence.page == 2
    assert_quotes_verbatim(t, doc)


def test_a_cell_listing_its_holders_in_title_case_is_one_label():
    # the commas cut the label to its last holder: "Consultants", an advisors' row
    t, doc = run("NOVA Token\nThe total supply of NOVA is 1,000,000,000.\nAllocation      Percentage      Tokens\n"
                 "Community Rewards      50.00%      500,000,000\nPast Investors      27.73%      277,295,070\n"
                 "Founders, Employees, Advisors, and Consultants      15.27%      152,704,930\n"
                 "Future Employees      7.00%      70,000,000\n")
    assert [(r.label, r.category) for r in t.allocation][1:3] == [
        ("Past Investors", "private_investors"), ("Founders, Employees, Advisors, and Consultants", "team")]
    assert_quotes_verbatim(t, doc)


def test_terms_inside_a_rows_own_line_are_that_rows():
    # the rows are one sentence with no full stop: its vesting words were read for the team alone
    t, doc = run("Token Distribution\n1 billion NOVA have been minted at genesis. The allocation is as follows:\n"
                 "60.00% to community members 600,000,000 NOVA\n"
                 "21.00% to team members and future employees with 4-year vesting 210,000,000 NOVA\n"
                 "18.00% to investors with 2-year vesting 180,000,000 NOVA\n"
                 "1.00% to advisors with a 1-year cliff 10,000,000 NOVA\n")
    terms = {r.label: r.vesting and (r.vesting.cliff_months, r.vesting.vesting_months) for r in t.allocation}
    assert terms == {"community members": None, "team members and future employees": (None, 48),
                     "investors": (None, 24), "advisors": (12, None)}
    assert t.allocation[2].vesting.evidence.quote == "18.00% to investors with 2-year vesting 180,000,000 NOVA"
    assert_quotes_verbatim(t, doc)


@pytest.mark.parametrize("sentence, terms", [
    ("Team tokens are released in 4 equal quarterly installments after a 12-month cliff.", (None, 12, 12)),
    ("Team tokens: 25% initial unlock, then linear over 12 months.", (25, None, 12)),
    ("Team tokens: initial unlock of 10%, followed by 12 months linear vesting.", (10, None, 12)),
    ("The team allocation unlocks in equal monthly tranches over 24 months, beginning 12 months after TGE.",
     (None, 12, 24)),
    ("Team tokens will be locked for 6 months after the TGE and then released at 10% per month.", (None, 6, 10)),
    ("Team tokens have a 1 year cliff and 4 year total vesting period.", (None, 12, 36)),
    ("Team tokens will be fully vested in 3 years with a 1-year cliff.", (None, 12, 24)),
    ("Ecosystem rewards: the emission will last 8 years.", (None, None, 96)),
    ("The team tokens will be vested monthly over 2 years, with the first release 6 months after the token sale.",
     (None, 6, 18)),
    ("Team: 25% at TGE, 25% after 6 months, 25% after 12 months and 25% after 18 months.", (25, 6, 12)),
    ("Team tokens are subject to a 4-year lockup schedule: 1 year cliff followed by monthly unlocks over 3 years.",
     (None, 12, 36)),
    ("Marketing: 10% at TGE, 10% monthly.", (10, None, 9)),
    ("Team tokens vest over 48 months, with 25% unlocking after the first 12 months and the remainder vesting "
     "monthly.", (None, 12, 36)),
])
def test_vesting_as_launch_papers_write_it(sentence, terms):
    from paperlens.extract.rules.vesting import _parse_vesting as parse
    v = parse(sentence)
    assert (v.tge_unlock_pct, v.cliff_months, v.vesting_months) == terms


def test_a_ticker_written_with_its_sign():
    # modern papers write "$NOVA": counts, rows and rates in it read as in "NOVA", quotes keep the sign
    t, doc = run("Nova Protocol Whitepaper\n$NOVA is the native token of the Nova protocol.\nTokenomics\n"
                 "Total supply: 1,000,000,000 $NOVA\nAllocation\nTeam: 150,000,000 $NOVA (15%)\n"
                 "Investors: 200,000,000 $NOVA (20%)\nEcosystem: 500,000,000 $NOVA (50%)\n"
                 "Public sale: 150,000,000 $NOVA (15%)\n")
    assert t.supply.total_supply.value == 1e9
    assert [(r.label, r.percent, r.amount) for r in t.allocation] == [
        ("Team", 15, 1.5e8), ("Investors", 20, 2e8), ("Ecosystem", 50, 5e8), ("Public sale", 15, 1.5e8)]
    assert "$NOVA" in t.supply.total_supply.evidence.quote
    assert_quotes_verbatim(t, doc)
