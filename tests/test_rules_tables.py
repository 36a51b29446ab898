"""The rules backend's word tables, alternative by alternative.

Each table is written one alternative per line; here each alternative has an
example beside it, in the same order. The test cuts the table's pattern back
into its alternatives and checks that alternative *i* alone matches example *i*
(so a table that gains, loses or reorders an alternative without its example
fails), and that the whole table rejects the negative examples.
"""

from __future__ import annotations

import re

import pytest

from paperlens.extract.rules import holders, text
from paperlens.extract.rules.holders import category_for

WORDS = re.compile(r"\\b\(\?:(.*)\)\\b", re.S)


def split(pattern: str) -> list[str]:
    """The top-level alternatives of ``pattern`` (``|`` outside groups and character classes)."""
    parts, depth, in_class, start, i = [], 0, False, 0, 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
            i += pattern[i + 1:i + 2] == "^"
        elif c in "()":
            depth += 1 if c == "(" else -1
        elif c == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
        i += 1
    return parts + [pattern[start:]]


def alternatives(pattern: re.Pattern) -> list[str]:
    """The alternatives of a table built by ``one_of`` or ``words`` (a ``words`` group is opened too)."""
    out = []
    for alt in split(pattern.pattern):
        m = WORDS.fullmatch(alt)
        inner = split(m.group(1)) if m else []
        out += [r"\b(?:" + a + r")\b" for a in inner] if len(inner) > 1 else [alt]
    return out


def check(pattern: re.Pattern, examples: list[str], negatives: list[str]) -> None:
    alts = alternatives(pattern)
    assert len(alts) == len(examples), f"{len(alts)} alternatives, {len(examples)} examples"
    missed = [(alt, ex) for alt, ex in zip(alts, examples, strict=True) if not re.search(alt, ex, pattern.flags)]
    assert not missed, missed
    wrong = [ex for ex in negatives if pattern.search(ex)]
    assert not wrong, wrong


def test_the_splitter_sees_alternatives_inside_words_and_not_inside_groups():
    assert alternatives(text.words("a(?:b|c)", "[|]d")) == [r"\b(?:a(?:b|c))\b", r"\b(?:[|]d)\b"]
    assert alternatives(text.one_of(r"x\|y", "z")) == [r"x\|y", "z"]


# ------------------------------------------------------------------ text.py

TABLES = {
    "EXAMPLE": (text.EXAMPLE, [
        "For example, 100 tokens go to Alice.",
        "For instance, a user buys 10 tokens.",
        "See the example below.",
        "Assuming a price of $1 per token",
        "a hypothetical supply of 1,000,000",
        "The figures illustrate the curve.",
        "Suppose 1,000 tokens are staked.",
        "Imagine a market with 10 traders.",
        "These figures were based on last year's data.",
        "The number is a placeholder.",
        "Parameters may tweak the supply.",
        "Let us say the price doubles.",
        "Let's look at one case.",
        "Let us consider a pool.",
        "say we mint 100 tokens",
        "the reward would be 5%",
        "the supply could be 2 billion",
    ], ["The total supply is 1,000,000,000 tokens.", "Examples.com", "the assembly"]),
    "COMPARISON": (text.COMPARISON, [
        "Other tokens, for example ETH, are accepted.",
        "assets such as gold",
        "Unlike Bitcoin, the token is staked.",
        "whereas ETH is used for gas",
        "In contrast, the token is burned.",
    ], ["The token is used to pay fees.", "such", "an unlikely event"]),
    "BUDGET": (holders.BUDGET, [
        "Business development", "Marketing", "Legal", "Operations", "Expenses", "User acquisition",
        "Administration", "Infrastructure", "Security", "Contingency", "Hosting", "R&D", "Research",
        "Salaries", "Office", "Business", "Growth", "Technology", "Product", "Scientific advisory board",
        "Compliance", "Audits", "Portfolio", "Compensation", "Engineering", "Overhead", "Hiring", "HR",
        "War chest", "Buyouts", "Takeovers", "Licences", "Regulatory", "Sales", "PR", "Events", "Rent",
        "Equipment", "Hardware", "Servers",
    ], ["Team", "Token sale", "Community"]),
    "SCHEDULE_WORDS": (holders.SCHEDULE_WORDS, [
        "after", "before", "within", "until", "from", "during", "in", "by", "on", "at", "of", "the", "first",
        "second", "third", "fourth", "next", "each", "every", "initially", "released", "unlocks", "months",
        "years", "weeks", "days", "hours", "quarters", "phase", "stage", "round", "period", "Q3", "H2", "tier",
        "bonus", "discount", "level", "step", "batch", "price", "power", "end", "start", "launch", "listing",
        "TGE", "vesting", "vested", "locked", "lock-up", "cliff", "anniversary", "1 st", "2 nd", "3 rd", "4 th",
        "12", "%",
    ], []),
    "TOKEN_WORDS": (holders.TOKEN_WORDS, [
        "of the tokens", "of all coins", "of the total supply", "of the tokens minted", "tokens issued",
        "tokens generated", "tokens created",
    ], ["of the funds", "of the tokenomics"]),
    "MONEY_WORDS": (holders.MONEY_WORDS, [
        "of the funds", "of the proceeds", "of the budget", "of the amount raised", "of the funding",
        "will be spent", "spending", "expenditures", "of the capital", "contributions breakdown", "costs",
        "revenues", "profits", "fees", "income",
    ], ["of the tokens", "of the total supply", "refunds"]),
}


@pytest.mark.parametrize("name", TABLES)
def test_each_alternative_matches_its_example(name):
    check(*TABLES[name])


def test_schedule_words_make_a_schedule_step_but_not_a_holder():
    assert holders.label_kind("After 12 months") == "schedule"
    assert holders.label_kind("Week 2") == "schedule"
    assert holders.label_kind("Team") == "holder"


def test_not_tickers_holds_no_project_ticker():
    """Upper-case words only, and none of the corpus papers' own tickers."""
    assert all(w == w.upper() for w in text.NOT_TICKERS | text.EXAMPLE_TICKERS)
    assert not text.NOT_TICKERS & text.EXAMPLE_TICKERS
    assert {"ETH", "BTC", "USD", "ERC20", "ICO", "CEO", "THE", "IV"} <= text.NOT_TICKERS
    assert not {"MKR", "GNT", "BAT", "NBT", "SAN", "CRV", "UTN", "BPT", "CBT", "SPD", "UNI"} & text.NOT_TICKERS


# ------------------------------------------------------------------ holders.CATEGORIES: examples per alternative

#: one label per alternative of each entry, in order; each must land in that entry's category (so an
#: earlier entry that steals it fails too)
CATEGORY_EXAMPLES = [
    ["Advisors"],
    ["Public sale"],
    ["Early contributors", "Founders", "Co-founders", "Core developers"],
    ["Pre-sale", "Private round", "Seed", "Strategic investors"],
    ["Crowdsale"],
    ["Angels", "Early backers", "Lead donor"],
    ["Initial supporters", "Venture capital", "Institutional", "SAFT holders", "Investors"],
    ["Team", "Employees", "Management", "Staff", "Shareholders", "Board of directors"],
    ["Key advisors", "Consultants", "Academic partners"],
    ["Token sale", "ICO", "IEO", "IDO", "TGE"],
    ["Purchasers", "Sale", "Sold", "Sell", "Fundraiser", "Donors", "Offering", "Buyers"],
    ["Participants", "Contributors", "Contribution period"],
    ["Reserve", "Foundation", "Treasury", "Endowment", "War chest"],
    ["Community", "Airdrop", "Air drop", "Sharedrop", "Bounty", "Rewards", "Mining", "Miners", "Staking"],
    ["Liquidity", "Incentives", "Users", "Grants", "Loyalty", "Referral"],
    ["Members", "Customers", "Traders", "Holders", "Forecasters", "Players", "Creators", "Publishers",
     "Merchants", "Validators", "Stakers", "Delegators", "Nodes", "Masternodes", "Developers community"],
    ["Company", "Ecosystem", "Fund", "Multisig", "Retained", "Corporate", "Organisation"],
    ["GmbH", "Inc", "Ltd", "Limited", "Future development", "Issuer"],
    ["Developers", "Development team"],
    ["Partners", "Marketing", "Promotion", "Ambassadors"],
]
CJK_EXAMPLES = [["团队", "创始人", "员工"], ["顾问"], ["早期支持者", "私募", "天使", "种子", "投资人"],
                ["参与者", "公开销售", "众筹", "ICO"], ["基金会", "储备", "国库"], ["社区", "奖励", "挖矿", "空投"]]


@pytest.mark.parametrize("table, examples", [(holders.CATEGORIES, CATEGORY_EXAMPLES),
                                             (holders.CJK_CATEGORIES, CJK_EXAMPLES)], ids=["latin", "cjk"])
def test_each_category_alternative_maps_its_example_to_its_category(table, examples):
    assert len(table) == len(examples)
    for (category, pattern), labels in zip(table, examples, strict=True):
        check(pattern, labels, [])
        stolen = [(label, category_for(label)) for label in labels if category_for(label) != category]
        assert not stolen, (category, stolen)


def test_labels_no_category_names_are_other():
    assert [category_for(label) for label in ("Week 2", "Total", "Miscellaneous")] == ["other"] * 3
