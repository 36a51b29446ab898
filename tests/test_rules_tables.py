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

from paperlens.extract.rules import (allocation, base, disclosure, economics, holders, sale, shares, stablecoin, supply,
                                     terms, text, vesting)
from paperlens.extract.rules.holders import category_for

def split(pattern: str) -> list[str] | None:
    """The top-level alternatives of ``pattern`` (``|`` outside groups and character classes), or
    None when a group closes that ``pattern`` did not open."""
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
            if depth < 0:
                return None
        elif c == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
        i += 1
    return parts + [pattern[start:]]


def alternatives(pattern: re.Pattern) -> list[str]:
    """The alternatives of a table built by ``one_of`` or ``words``: an alternative that is itself a
    group of words, ``\\b(?:a|b)\\b`` (or ``\\b(a|b)\\b``, or ending ``(?!\\w)``), is opened into
    ``\\b(?:a)\\b``, ``\\b(?:b)\\b``."""
    out = []
    for alt in split(pattern.pattern):
        inner, tail = None, r"\b"
        for head in (r"\b(?:", r"\b("):
            for tail in (r"\b", r"(?!\w)"):  # "U.S." ends in a dot: (?!\w), not \b
                if alt.startswith(head) and alt.endswith(")" + tail):
                    inner = split(alt[len(head):-1 - len(tail)])
                    break
            if inner:
                break
        out += [r"\b(?:" + a + ")" + tail for a in inner] if inner and len(inner) > 1 else [alt]
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
    assert alternatives(text.one_of(r"\b(?:a|b) c\b(?:d|e)\b")) == [r"\b(?:a|b) c\b(?:d|e)\b"]  # not one group


# ------------------------------------------------------------------ word tables

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
        "Equipment", "Human cost", "Consultation", "Hardware", "Servers",
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
    "NEGATION": (base.NEGATION, [
        "this is not a security", "no guarantee", "will never be minted", "cannot be sold",
        "neither the team", "nor the foundation", "without a vote", "none of the tokens", "won't be listed",
    ], ["the token is notable", "a nominal fee", "known issues"]),
    "AUDIT_FIRM": (base.AUDIT_FIRM, [
        "audited by CertiK", "Trail of Bits", "OpenZeppelin", "Open Zeppelin", "Quantstamp", "PeckShield",
        "Least Authority", "ConsenSys Diligence", "Consensys Diligence", "Sigma Prime", "Hacken", "SlowMist",
        "Halborn", "Zokyo", "Runtime Verification", "ChainSecurity", "Cure53", "NCC Group", "Kudelski", "Dedaub",
        "Spearbit", "Code4rena", "Chainsulting", "Solidified", "Hosho", "New Alchemy", "Zeppelin Solutions",
        "Coinspect", "Authio", "Sec3", "OtterSec", "Nomoi", "Friedman LLP", "Grant Thornton", "Deloitte",
        "KPMG", "PwC", "PricewaterhouseCoopers", "Ernst & Young", "BDO", "Moore Cayman", "Armanino", "Withum",
    ], ["audited by certik", "a kpmg report", "Hackenbush", "Our own security team"]),
    "LOCK": (terms._LOCK, [
        "tokens are locked", "bonded tokens", "deposited ABC", "ABC is required", "validators must hold",
        "held in escrow",
    ], ["unlocking", "blocked"]),
    "UNSOLD": (terms._UNSOLD, [
        "unsold tokens", "unissued tokens", "unallocated tokens", "unclaimed tokens", "the remaining tokens",
    ], ["sold tokens", "remaining funds"]),
    "PEG": (stablecoin._PEG, [
        "pegged to the dollar", "a peg to USD", "stable relative to the euro", "stable against USD",
        "tethered to gold", "parity with the dollar", "redeemable 1:1", "one-to-one backing",
        "denominated in USD", "remains at $1", "equals one dollar", "each coin is one dollar",
        "targets a price of $1", "to keep its price at $1",
    ], ["a stable network", "pegboard"]),
    "SALE (sale)": (sale._SALE, [
        "the token sale", "the crowdsale", "crowdfunding", "crowd fund", "an initial coin offering",
        "an Initial DEX Offering", "the ICO", "the IDO", "the pre-sale", "the pre-ICO", "the public round", "the contribution period",
        "an ether sale", "the fundraiser", "fund-raising",
    ], ["the token is sold on exchanges", "ICON", "ido"]),
    "EARLY_ROUND": (sale._EARLY_ROUND, [
        "private sale price", "seed round", "strategic investors", "angel round", "pre-sale price", "the pre-ICO",
    ], ["public sale price", "crowdsale"]),
    "SALE (economics)": (economics._SALE, [
        "the crowd sale", "the token sale", "the presale", "the public sale", "a currency sale", "the ICO", "an IEO",
        "an IDO",
    ], ["a private sale", "sales tax"]),
    "UNCAPPED": (economics._UNCAPPED, [
        "there is no maximum supply", "the supply is uncapped", "no limit on the number of new tokens",
        "an unlimited supply", "no cap on the total supply", "the supply is not fixed",
        "a perpetual linear issuance", "0.6 ACME per block forever", "a tail emission of 0.6 ACME",
    ], ["a maximum supply of 21 million", "the cap is fixed", "block rewards halve every 4 years"]),
    "VEST_WORDS": (vesting._VEST_WORDS, [
        "vesting over 2 years", "a 1-year cliff", "locked for 6 months", "a 12-month lock", "unlocked at TGE", "released monthly",
        "payouts", "streamed linearly", "distributed over 5 years", "the emission will last 8 years", "to be determined",
        "TBD", "10% at TGE",
        "the rest linearly",
        "then monthly over 12 months", "frozen for 6 months", "1/3 after 6 months", "non-transferable", "cannot be sold",
    ], ["investors", "clock", "tgel", "can be sold"]),
    "ALLOTTED": (allocation._ALLOTTED, [
        "allocated to the team", "reserved for", "distributed to users", "sold in the sale", "set aside for",
        "retained by the company", "held by the foundation", "kept by the team", "issued to", "given to",
        "granted to", "assigned to", "offered to", "dedicated to", "earmarked for", "for sale",
        "the team receives",
    ], ["the total supply", "allocation"]),
    "ROLE": (disclosure._ROLE, [
        "Jane Doe, CEO", "CTO", "COO", "CFO", "CMO", "CIO", "CSO", "CPO", "Chief Technology Officer",
        "Co-founder", "Founder", "President", "Head of Marketing", "Lead Engineer", "Senior Solidity Developer",
        "Director", "Advisor", "Managing Partner", "Partner", "Product Manager", "Project Manager",
        "Community Manager", "Marketing Manager", "Designer", "Researcher", "Scientist", "Architect", "Chairman",
        "Board Member", "Mathematician", "General Counsel", "Tech Lead",
    ], ["ceo", "the founders' vision", "a partnership"]),
    "REGULATOR": (disclosure._REGULATOR, [
        "filed with the SEC", "FINMA", "the MAS", "the FCA", "CFTC", "FinCEN", "ESMA", "BaFin",
    ], ["sec", "Masters", "SECURITIES"]),
    "COUNTRY": (sale._COUNTRY, [
        "the United States of America", "United States", "residents of the U.S.A.", "USA", "US persons", "China", "PRC",
        "People's Republic of China", "Singapore", "Canada", "South Korea", "Korea", "Japan", "Hong Kong",
        "United Kingdom", "UK", "Cuba", "Iran", "North Korea", "Syria", "Sudan", "Crimea", "New Zealand",
        "Australia", "Switzerland",
    ], ["us", "USDT", "Chinatown"]),
    "FREQUENCY": (stablecoin._FREQUENCY, [
        "published daily", "weekly", "monthly attestations", "quarterly", "audited annually", "real-time",
        "periodically", "regularly", "every month",
    ], ["once", "an annual report"]),
    "EVER": (supply.EVER, [
        "will ever exist", "no further tokens", "will never be minted", "a fixed supply", "capped", "only",
        "will not be increased", "non-inflationary", "a hard cap", "the maximum", "cannot be increased",
        "总量不可增加", "发行上限",
    ], ["a total of 1,000 tokens", "whenever", "evermore"]),
    "DISTRIBUTED": (shares._DISTRIBUTED, [
        "allocated", "allotted", "distributed", "sold", "reserved", "sharedropping", "airdropped", "given",
        "granted", "assigned", "awarded", "set aside", "issued to", "offered to",
    ], ["the total", "issued", "offered"]),
    "HEDGED": (stablecoin._HEDGED, [
        "as long as reserves last", "provided that the bank agrees", "confidence that the peg holds",
        "if or when redeemed", "it should hold", "it would hold", "aims to keep", "intends to hold",
        "hopes to keep", "our goal",
    ], ["The coin is backed 1:1 by dollars.", "shoulder"]),
    "EXCLUDE_VERB": (sale._EXCLUDE_VERB, [
        "are not eligible", "cannot take part", "are excluded", "is prohibited", "are restricted", "are barred",
        "may not participate", "must not buy", "is not open",
    ], ["all residents may participate", "is open to all"]),
    "FIAT": (economics._FIAT, [
        "fiat money", "dollars", "USD", "euros", "the CPI", "consumer price index", "central bank",
        "the economy", "countries", "governments",
    ], ["the token supply grows 2% a year"]),
    "FREQ": (vesting._FREQ, [
        "released monthly", "quarterly", "weekly", "daily", "annually", "every three months",
    ], ["over 24 months", "once"]),
    "TGE": (vesting._TGE, [
        "10% of the tokens are unlocked at TGE", "unlock 5% at listing", "20% at TGE", "TGE: 5%; cliff: 6 months",
        "25% initial unlock", "initial unlock of 10%", "no tokens are unlocked at TGE", "fully unlocked at launch",
    ], ["released over 12 months", "10% of the supply"]),
    "INSIDER_WORDS": (vesting._INSIDER_WORDS, [
        "the team", "founders", "employees", "advisors", "core developers",
    ], ["the community", "investors"]),
    "TOKEN_HEADING": (allocation._TOKEN_HEADING, [
        "Tokenomics", "distribution of the ACME tokens", "ACME will be allocated", "Total supply", "Genesis block",
        "allocated as follows", "distribution plan", "initial distribution", "token allocation", "allocation plan",
    ], ["Use of funds", "Roadmap"]),
    "MONEY_HEADING": (allocation._MONEY_HEADING, [
        "Use of proceeds", "funds raised", "Utilisation of sale proceeds", "Budget", "funding allocation",
        "fund allocation", "expenditures", "spending", "contributions breakdown", "proceeds from the sale",
        "raised capital",
    ], ["Token distribution", "Roadmap"]),
    "SPLIT_HEADING": (allocation._SPLIT_HEADING, ["Protocol fees are split", "revenue split"],
                      ["Token distribution", "fees are paid in ACM"]),
    "ONE_TO_ONE": (stablecoin._ONE_TO_ONE, ["one-for-one", "1:1", "at par"], ["one of the first", "11:15"]),
    "ATTEST": (stablecoin._ATTEST, ["monthly attestations", "audited reserves", "verified by an accountant"],
               ["the reserves are held at a bank"]),
    "PAR": (stablecoin._PAR, [
        "redeemed at par", "1:1", "one-to-one", "one US dollar", "one dollar", "an equivalent amount",
        "at face value", "worth $1 each", "1 SDR's worth of Luna", "redeem 1 USDX for 1 USD",
    ], ["$1.05", "$10", "one hundred dollars", "redeem 1 ACM for 10 USD"]),
    "YIELD": (stablecoin._YIELD, [
        "an interest-bearing coin", "holders earn a variable yield", "the protocol pays interest", "the Dai savings rate",
        "a yield to holders",
    ], ["no interest", "earnings", "holders earn no interest"]),
    "LICENCE": (stablecoin._LICENCE, [
        "a licensed issuer", "an e-money licence", "a license", "a money transmitter", "a money services business",
        "registered as an MSB", "registered with FinCEN", "an e-money institution", "regulated by the NYDFS",
        "supervised by the central bank", "chartered by the state", "a limited-purpose trust company",
        "a trust charter", "authorised by the FCA",
    ], ["an open-source project"]),
    "REDEEM_FOR": (stablecoin._REDEEM_FOR, [
        "redeemed for fiat", "for dollars", "for USD", "for the collateral", "for the underlying assets",
        "at face value", "1 SDR's worth of Luna", "for ETH", "for ether", "for $1",
    ], ["redeemed for governance tokens", "$10"]),
    "AT_PAR": (stablecoin._AT_PAR, [
        "at par", "1:1", "one-to-one", "face value", "for $1", "one dollar's worth", "1 USDX = 1 USD",
    ], ["$1.02", "at a discount"]),
    "REDEEMER": (stablecoin._REDEEMER, [
        "holders", "users", "customers", "anyone", "clients", "redeemers", "arbitrageurs",
    ], ["the issuer", "the bank"]),
    "NO_YIELD": (stablecoin._NO_YIELD, [
        "the coin does not pay interest", "no interest", "a non-interest bearing token",
    ], ["the coin pays interest"]),
    "FULL_RESERVE": (stablecoin._FULL_RESERVE, [
        "fully backed", "backed one-to-one", "1:1 reserves",
    ], ["partially backed", "backed by algorithms"]),
    "REDEEM": (stablecoin._REDEEM, [
        "coins can be redeemed", "redemption", "exchangeable for dollars",
        "holders exchange their Dai and CDPs directly for ETH",
        "users send 1 TerraSDR to the system and receive",
    ], ["the coin is traded", "users send 1 SDR's worth to the system and receive"]),
    "SALE_TERMS": (sale._SALE_TERMS, [
        "a hard cap", "contributions", "the price", "$0.10 per token", "funds raised", "the minimum",
        "the maximum", "a bonus", "participants", "purchasers", "tokens sold", "the exchange rate",
    ], ["the roadmap", "capital"]),
    "RAISE": (sale._RAISE, ["the sale raises", "raising", "the target", "the goal", "our fundraising goal"],
              ["raised", "the targeted users"]),
    "PER_TOKEN": (sale._PER_TOKEN, ["$0.10 per ACME"], ["priceless", "per cent", "the token price"]),
    "PRICE_LABEL": (sale._PRICE_LABEL, [
        "the token price", "the price per token", "Price: $1", "the price of the ACME token is",
        "ACME will be sold at", "ACME tokens will be sold for 0.5 USD each", "each ACME token costs",
    ], ["priceless", "the market price of the tokens", "the trading price of tokens", "the token is sold"]),
    "SALE_EXAMPLE": (sale._EXAMPLE, [
        "for example", "for instance", "in this example", "assuming 100 ACME = 1 ETH", "hypothetically",
        "suppose the rate is", "imagine", "let us say", "let's say", "say we sell",
    ], ["the sample", "we assure"]),
    "OTHER_PRICE": (sale._OTHER_PRICE, ["the ETH ", "the market "], ["the token ", "the ETH price"]),
    "SPENDING": (sale._SPENDING, [
        "will be spent on marketing", "the use of proceeds", "the budget",
    ], ["the hard cap is reached", "used by holders"]),
    "SALE_FIELD": (sale._SALE_FIELD, [
        "soft cap", "purchase methods", "payment method", "contribution", "purchasers", "participants",
        "token sale", "ICO", "presale", "crowdfunding",
    ], ["the whitepaper", "the sales team"]),
    "ACCEPTED": (sale._ACCEPTED, [
        "ETH is accepted", "purchase methods", "contributions in ETH", "payments made in BTC",
        "denominated entirely in USD",
    ], ["the exchange rate"]),
    "REFUND": (sale._REFUND, [
        "contributions are refunded", "funds are returned to the contributors", "reimbursement", "your money back",
        "allow contributors to withdraw",
    ], ["the funds are returned", "return on investment", "users can withdraw their rewards"]),
    "REFUND_CONTEXT": (sale._REFUND_CONTEXT, [
        "the soft cap", "the minimum", "the target", "the sale", "the crowdsale", "contributions", "the ICO",
        "if the sale fails", "is not reached",
    ], ["the wallet", "capital"]),
    "KYC": (sale._KYC, ["KYC", "know-your-customer checks", "identity verification"], ["kyc2", "the customer"]),
    "PROCEEDS_HEAD": (sale._PROCEEDS_HEAD, [
        "Use of proceeds", "allocation of funds", "Budget", "distribution of funds",
        "the funds raised will be used", "raised funds will", "Spending", "Breakdown",
    ], ["Token distribution", "the funds"]),
    "NOT_PROCEEDS": (sale._NOT_PROCEEDS, [
        "team", "founders", "advisors", "investors", "crowdsale", "token sale", "presale", "contributors",
        "participants", "community", "supply", "tokens", "bounty", "airdrop", "rewards", "shareholders", "holders",
        "ICO", "public sale", "private sale",
    ], ["marketing", "development", "legal"]),
    "SALE_STRONG_TERMS": (sale._SALE_STRONG_TERMS, [
        "a soft cap", "the funding target", "the price of", "per token", "contributions", "bonuses",
        "the minimum purchase", "raised", "the exchange rate",
    ], ["the price", "a cap", "the target audience"]),
    "CAP_CONTEXT": (sale._CAP_CONTEXT, [
        "caps", "raised", "the target", "funding", "collected", "crowdsale", "the sale", "goal to sell", "the ICO",
        "the total",
        "contributions received",
    ], ["the supply"]),
    "OTHER_CHAIN": (terms._OTHER_CHAIN, ["Ethereum", "Bitcoin", "ETH", "ether", "BTC", "EIP-1559", "Solana", "BNB"],
                    ["ethereal", "eth"]),
    "ADOPTS": (terms._ADOPTS, [
        "we", "our chain", "it uses", "using", "employs", "adopts", "relies on", "based on", "built on",
        "secured by", "runs on", "the consensus mechanism", "will use", "implements",
    ], ["Proof of Stake", "the users"]),
    "CONSENSUS_WORDS": (terms._CONSENSUS_WORDS, [
        "consensus", "security", "validators", "blocks", "blockchains", "the architecture", "mining", "miners",
        "staking", "agreement", "the ledger", "the chain",
    ], ["the team", "a blockchainy"]),
    "GOVERNANCE": (terms._GOVERNANCE, ["holders vote", "governance", "proposals"], ["the government"]),
    "IMMUTABLE": (terms._IMMUTABLE, [
        "non-upgradeable", "not upgradable", "cannot be upgraded", "immutable contracts",
    ], ["upgradeable contracts"]),
    "AUDIT_WORD": (terms._AUDIT_WORD, ["audited", "a security review", "formal verification"],
                   ["auditorium", "a review"]),
    "SCOPE": (terms._SCOPE, [
        "the smart contracts", "the token contract", "the crowdsale contract", "the protocol", "the codebase",
        "the source code", "the reserves", "bank balances",
    ], ["the team"]),
    "NOT_AUDITOR": (terms._NOT_AUDITOR, [
        "The auditors", "Team", "Foundation", "Community", "Developers", "Contributors", "January", "February",
        "March", "April", "May", "June", "July", "August", "September", "October", "November", "December",
    ], ["Quarrystone Security", "the team"]),
    "ENTITY_STRONG": (disclosure._ENTITY_STRONG, [
        "incorporated", "registered in Zug", "established under", "organized under", "domiciled", "headquartered",
        "the laws of", "the issuing entity", "the jurisdiction of incorporation", "organized as a corporation",
        "this whitepaper has been prepared by",
    ], ["registered users", "established protocols", "articles published by users"]),
    "NO_RIGHTS": (terms._NO_RIGHTS, [
        "ABC tokens do not carry any voting rights", "Lack of voting and liquidation rights",
        "ABC gives no voting rights",
    ], ["ABC holders vote on upgrades", "ABC does not expire", "holders may pay in ABC"]),
    "SALE": (terms._SALE, ["a presale", "the public sale", "the token sale", "the crowdsale", "the ICO", "the sale price"],
             ["the marketplace sells goods"]),
    "ENTITY_SUFFIX": (disclosure._SUFFIX, [
        "Foundation", "AG", "GmbH", "Ltd.", "Limited", "Inc.", "LLC", "Pte. Ltd.", "S.A.", "SEZC", "Stiftung",
        "Corporation", "Corp.", "OÜ", "B.V.", "SA", "S.à r.l.", "SRL", "PLC", "Company", "FOUNDATION", "LIMITED",
        "LTD.", "INC.",
    ], ["limited", "company Token"]),
    "NOT_IN_NAME": (disclosure._NOT_IN_NAME, [
        "NOT", "BUT", "INCLUDING", "WITHOUT", "OR", "IS", "ARE", "ANY", "Not Limited",
    ], ["ACME LIMITED", "Acme Notary Ltd"]),
    "ENTITY_AFTER": (disclosure._ENTITY_AFTER, [
        ' (the "Company")', " (BVI Company No.: 1967270)", ", Reg No. 201716924E",
    ], [" (the Platform)", " (2018)", " is a company"]),
    "SOLD": (supply._SOLD, [
        "crowdsale tokens", "for sale", "sold", "to be sold", "offered", "available for", "on sale", "sale of",
        "for the public sale", "purchased", "distributed during the ICO",
    ], ["distributed to the team", "total supply"]),
    "FIXED": (economics._FIXED, [
        "no new tokens will ever be minted", "a fixed supply", "the supply of ACME is fixed",
        "there will never be any more tokens", "no more coins can ever be", "will ever be created",
        "no mint function", "the supply can never increase",
    ], ["a fixed price", "new tokens will be minted"]),
    "UNLIMITED": (economics._UNLIMITED, [
        "no limit", "unlimited", "at its sole discretion", "without any limit", "any amount",
    ], ["a limit of 1 billion"]),
    "CITATION": (economics._CITATION, [
        "[BH19]", "[12]", "Buterin et al", "pp. 12", "vol. 3", "(Nakamoto, 2008). The",
    ], ["[see below]", "in 2008 the"]),
    "OTHER_TOKEN": (economics._OTHER_TOKEN, [
        "liquidity tokens", "pool shares", "LP tokens", "aTokens", "cTokens",
    ], ["ACME tokens"]),
    "SCHEDULE": (economics._SCHEDULE, [
        "the halving", "rewards halve every 4 years", "the pool emits 10,000 ACM per day",
        "block rewards are 2 ACM per block", "a fixed emission of 10 ACM per block", "the annual emission", "the inflation schedule",
        "inflation starts at 8% and decreases by 15% each year", "the emission schedule", "the issuance schedule",
    ], ["the roadmap", "half of the fees", "block rewards are paid", "inflation decreases over time"]),
    "TOKEN_WORDS (economics)": (economics._TOKEN_WORDS, [
        "tokens", "coins", "supply", "staking", "block rewards", "minted",
    ], ["the users"]),
    "CHART_TITLE": (shares._CHART_TITLE, [
        "Token distribution", "Allocation", "Breakdown", "Use of funds", "Tokenomics", "Supply", "Budget",
        "Split", "Plan", "Structure", "Tokens:",
    ], ["Team", "Roadmap"]),
    "QUALIFIER": (shares._QUALIFIER, [
        "up to", "approx. 20%", "about", "circa", "around", "nearly", "max. 10%", "min. 5%",
    ], ["exactly", "at least"]),
    "TOTAL_WORDS": (allocation._TOTAL_WORDS, ["a total of", "in total", "total supply", "maximum supply"],
                    ["the team", "totally"]),
    "ENTITY_CONTEXT": (disclosure._ENTITY_CONTEXT, [
        "incorporated", "registered", "established", "organised", "founded", "headquartered", "based in",
        "domiciled", "operated by", "issued by", "the issuer", "the company", "a legal entity", "a non-profit",
        "the token sale", "contributors", "governed by", "with its registered office", "the laws of", "sells",
        "the seller",
    ], ["the roadmap"]),
    "MINED": (economics._MINED, [
        "each block creates new coins owned by the creator of the block",
        "new coins are only created through mining",
        "tokens will be distributed only through mining",
    ], ["miners secure the network"]),
    "SENTENCE_END": (shares._SENTENCE_END, ["end. The", "end.", "结束。"], ["e.g. the", "3.5 million"]),
    "HINT": (supply._HINT, [
        "supply", "total", "max", "cap", "limit", "issued", "minted", "created", "generated", "fixed", "there are",
        "consists of", "comprising", "never", "more", "at most", "exist", "amount", "number", "volume", "size",
        "emission", "circulating", "总量", "共计", "ACME will be",
    ], ["price", "the team"]),
    "SUMMARY_VERB": (terms._SUMMARY_VERB, [
        "ACME is a protocol", "they are a team", "aims to", "intends to", "enables", "allows", "provides",
        "we propose", "will be", "is designed", "creates", "is building", "is developing",
    ], ["the token price"]),
    "SUMMARY_BAD": (terms._SUMMARY_BAD, [
        "https://acme.io", "www.acme.io", "[12]", "Nakamoto et al", "Table of Contents", "Copyright 2018", "© 2018",
        "Stanford University", "Alice∗", "alice@acme.io", "see figure 3", "Disclaimer", "Intro.....",
    ], ["ACME is a payment network."]),
    "SUMMARY_NOT": (terms._SUMMARY_NOT, [
        "the offering", "investors", "securities", "promises", "guarantee", "accredited", "not an offer",
        "co-founder", "CEO", "CTO", "was the first", "disclaimer", "risks", "a contract between", "not binding",
        "no representations", "no warranty", "no liability", "solely to receive feedback", "secondary markets",
        "may not come to fruition", "may differ materially", "the agreement", "the terms and conditions",
        "not intended to", "does not constitute", "investment advice",
    ], ["ACME is a payment network."]),
    "CLIFF": (vesting._CLIFF, [
        "a 12-month cliff", "cliff of 6 months", "6 months lock-up", "locked for the first 12 months",
        "starts after 6 months", "the first 6 months are locked", "nothing is released for the first 3 months",
        "no transfers for 1 year", "a lock-up period of 12 months", "cannot be sold for 18 months",
        "25% vesting after the first year", "starting 6 months after TGE", "20% after 12 months",
        "the first release 6 months after the sale", "no tokens unlocking in the first year", "25% at month 12",
    ], ["vesting over 24 months", "a cliff", "the first year is locked", "a lock-up period", "10% after TGE",
        "a 4-year lockup schedule"]),
    "SPREAD": (vesting._SPREAD, [
        ", with 1/5 unlocked every 6 months",
    ], [", then released every month", " with a 6-month cliff"]),
    "ANAPHOR": (vesting._ANAPHOR, [
        "To align incentives, this portion of the tokens is locked",
        "They will vest over 2 years", "The remainder will be locked up",
    ], ["The team tokens vest over 2 years", "Advisors: locked for 6 months"]),
    "PRODUCT_LOCK": (vesting._PRODUCT_LOCK, [
        "staked tokens are locked", "collateral is locked", "deposits are locked", "users lock their tokens",
    ], ["team tokens are locked"]),
    "DURATION": (vesting._DURATION, [
        "vested over 24 months", "36 months of linear vesting", "vesting period: 2 years",
        "fully vested in 3 years", "quarterly over 24 months", "18 months linear", "linear: 9 months",
        "the release takes 24 months", "released in 24 monthly installments",
    ], ["a 12-month cliff", "vesting", "vested in 3 years", "the first unlocking event is within 6 months"]),
    "INFLATION": (economics._INFLATION, [
        "inflation rate of 2%", "a 5% annual inflation", "grows at an annual rate of 3%",
        "increases the total supply by 2% per year", "5% of the supply is minted each year",
        "inflation is set by governance, currently 5% per year", "minted as staking rewards at a rate of 8% per year",
        "staking rewards mint new ACM at an annual rate of 5%", "mint up to 2% of the total supply each year",
    ], ["2% of the supply", "mint 2% of the supply at genesis", "inflation is low", "5% of the supply is minted at genesis"]),
    "STABLE": (stablecoin._STABLE, [
        "a stablecoin", "a stable-coin", "price stability", "a stable digital currency", "prices remain stable",
        "the price is always stable", "pegged to the US dollar", "the peg", "we peg ACME to",
        "a one-to-one reserve ratio", "backed by the corresponding fiat", "backed 1:1 by", "fiat-backed",
        "fully backed one-to-one", "redeemable at par", "1:1 with US dollars", "a digital dollar",
    ], ["a stable network", "the token price may fall"]),
}


@pytest.mark.parametrize("name", TABLES)
def test_each_alternative_matches_its_example(name):
    check(*TABLES[name])


def test_each_not_a_name_word_marks_a_line_that_is_no_person():
    """disclosure._NOT_NAME: every alternative, in a title-cased line, says "not a person's name";
    person names, even ones that contain such a word inside a longer word, pass."""
    words_ = [alt.removeprefix(r"\b(?:").removesuffix(r")\b").replace("?", "")  # "Advisors?" -> "Advisors"
              for alt in alternatives(disclosure._NOT_NAME)]
    assert len(words_) >= 80
    missed = [w for w in words_ if not disclosure._NOT_NAME.search(f"Jane {w}")]
    assert not missed, missed
    names = ["John Smith", "Mary Tokenova", "Theo Grant", "Oury Chen", "Ada Teamer", "Bo Webb", "Lena Gamez"]
    assert [n for n in names if disclosure._NOT_NAME.search(n)] == []


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


# ------------------------------------------------------------------ (kind, pattern) tables

#: per utility kind: one sentence per alternative, and sentences the kind must not match
UTILITY = {
    "gas_fees": ([
        "Transaction fees on the network are paid in ABC.",
        "Users pay all network fees with ABC.", "ABC is required for any transaction on the chain.",
        "ABC is used to pay fees.",
        "Each call consumes ABC as fuel.",
        "ABC is the token consumed in every operation.",
        "Every transaction on the network requires a small fee paid in ABC.",
        "Each operation is assigned an individual fee that has to be payed in ABC.",
    ], ["Fees are low.", "The gas station is closed.", "Each operation is logged by the node."]),
    "payment": ([
        "Trading fees on the exchange are paid in ABC.",
        "Users pay all listing fees with ABC.",
        "ABC is used as the medium of exchange on the platform.",
        "ABC is the unique way of payment for providers.",
        "ABC is the payment mechanism of the platform.",
        "ABC is a medium of exchange.",
        "Holders use ABC to pay for services.",
        "Services are paid in ABC.",
        "Users spend ABC to buy goods.",
        "Readers can tip writers in ABC.",
        "ABC is the in-game currency.",
        "All payments for services are made using ABC.",
        "Users pay with ABC.",
        "All trades are settled exclusively in ABC.",
        "Buyers pay ABC to unlock a course.",
        "Listings are paid for in ABC.",
        "ABC is the native currency of the marketplace.",
        "Merchants accept ABC as payment.",
        "ABC is used to settle payments between users.",
        "Advertisers purchase ad space with ABC.",
    ], ["ABC accepts ETH as payment for the token sale.", "Users buy ABC with ETH.", "Payment channels settle off chain.", "Users spend ETH to buy ABC tokens.", "Users pay ABC fees.", "Users pay USDC to the ABC vault.",
        "The currency in which ABC is sold."]),
    "staking": ([
        "ABC can be staked.", "Validators stake their ABC.", "bonded ABC", "a bonding period",
        "Nodes lock ABC as a security deposit.",
        "Arbiters must stake a certain amount of ABC.", "Holders of ABC stake for rewards.",
        "Lock ABC for 4 years to receive veABC.", "Validators must bond ABC.",
        "Holders can delegate their tokens to validators.", "Users can lock ABC to earn yield.", "Holders gain 5% interest by locking their tokens.",
    ], ["Stakeholders meet yearly.", "We stake a claim.", "a very valuable token", "ABC has much at stake for its users.",
        "Holders can delegate their votes to others."]),
    "governance": (["Holders vote on proposals.", "Holders participate in protocol decision-making.",
                    "veABC sets gauge weights.", "veABC directs emissions.",
                    "ABC is a governance token.",
                    "Holders govern the protocol."],
                   ["The government issues money."]),
    "access": ([
        "Holding ABC gives users access to the platform.",
        "Access to the API is granted by holding ABC.",
        "Holders get discounts.",
        "Holding ABC entitles users to lower trading fees.",
        "ABC grants membership.",
        "ABC unlocks premium features.",
        "ABC is required to use the service.",
        "Users need ABC tokens to access the compute market.",
        "Users who hold at least 1,000 ABC get analytics.",
        "Developers must hold a corresponding amount of ABC.",
        "ABC will serve as access for smart contracts.",
        "Only ABC tokenholders are able to use the app.",
    ], ["Admins have root access.", "Users access the app.", "Operators hold a reserve of ABC.",
        "Validators must hold the keys.", "The API serves as a bridge."]),
    "collateral": (["ABC is posted as collateral.", "Loans are collateralised by ABC."], ["Collateral ratios vary."]),
    "revenue_share": ([
        "Holders receive a share of the platform's fees.", "ABC pays dividends.", "a profit-sharing token",
        "Listing fees are distributed pro rata to ABC holders.", "ABC lets owners receive revenues.", "ABC holders share in the revenue of the platform.",
        "Lock ABC to vote on gauges and receive 50% of protocol revenue.",
    ], ["Share your portfolio.", "Fees are paid by holders.", "20% of the fees go to the treasury."]),
    "work": ([
        "Users earn ABC for contributing data.", "Contributors are rewarded with ABC.",
    ], ["Users earn interest."]),
    "burn_to_use": (["ABC is burned in order to create a listing.", "To list a market, a user must burn 100 ABC.",
                    "ABC paid for memberships is destroyed."],
                    ["ABC is burned.", "ABC tokens used for the bounty program that are not distributed will be burned."]),
    "reward": (["Miners receive rewards.", "Users earn ABC.", "Curators are incentivized with ABC.",
                "Players win ABC tokens."],
               ["Forward the email.", "This incentivizes holders to vote.", "a win-win model"]),
}
VALUE_CAPTURE = {
    "burn": (["Fees are burned.", "Tokens are destroyed.", "ABC is removed from circulation."], ["Burnout."]),
    "fee_share": ([
        "Stakers receive a share of the network fees.",
        "ABC pays dividends.",
        "Fees are distributed to holders.",
        "Holders earn fee revenue.",
        "Lock ABC to vote on gauges and receive 50% of protocol revenue.",
    ], ["Fees are low.", "20% of the fees go to the treasury."]),
    "buyback": (["a buyback program", "the foundation will buy back ABC", "ABC is repurchased"], ["buy ABC"]),
}


#: per entry of a (kind, pattern) or (pattern, kind) table: one example per alternative, and negatives
MECHANISM = {
    "hybrid": (["a fractional reserve", "partially collateralized"], ["a fraction"]),
    "crypto_collateral": ([
        "collateralized debt positions", "users open CDPs", "overcollateralized", "collateralized by ether",
        "it collateralises the network", "the collateral pool", "locked as collateral", "the collateralisation ratio",
        "the collateralization ratio", "a collateral ratio", "users mint LUSD by depositing ETH into vaults",
    ], ["collateral", "depositing ETH into an exchange"]),
    "fiat_reserve": ([
        "backed one to one by US dollars", "fiat reserves", "fiat-collateralized", "a one-to-one reserve ratio",
        "proof of reserves", "real world assets held in reserve",
    ], ["fiat money"]),
    "algorithmic": ([
        "an algorithmic stablecoin", "an elastic money supply", "seigniorage shares",
        "expands and contracts the money supply", "adjusts the supply", "non-collateralized",
        "a contraction", "liquidity pools", "parking",
    ], ["the supply is fixed"]),
}
LAUNCH = {
    "ieo": (["an initial exchange offering", "the IEO"], ["an exchange listing"]),
    "ido": (["an initial dex offering", "the IDO"], ["the ido"]),
    "fair_launch": (["a fair launch"], ["a launch"]),
    "ico": ([
        "an initial coin offering", "the ICO", "the crowdsale", "crowdfunding", "the token sale",
        "the contribution period", "the token generation event",
    ], ["the coin offering"]),
    "airdrop": (["an air-drop"], ["a drop"]),
    "private": (["a private token sale"], ["a private key"]),
}
EXOGENOUS = {
    "ETH": (["ETH", "ether", "PETH"], ["Ethereum"]),
    "BTC": (["BTC", "bitcoin"], ["BTCP"]),
    "USDC": (["USDC"], ["usdc"]),
    "other stablecoins": (["stablecoins as collateral", "on-chain stablecoins"], ["stablecoins"]),
    "fiat currency": (["fiat currency held on deposit"], ["fiat currency"]),
}
PEG_ASSETS = {
    "USD": (["USD", "US dollars", "U.S. dollar", "$1"], ["usd", "$10"]),
    "multi-fiat (SDR basket)": (["SDR", "a basket of fiat currencies"], ["sdr"]),
    "EUR": (["EUR", "euros"], ["Europe"]),
    "fiat": (["fiat currency", "fiat"], ["fiats"]),
}
ADMIN = {
    "upgradeable": (["upgradable", "a proxy contract", "contracts can be upgraded"], ["the upgrade"]),
    "pausable": (["pausable", "the owner can pause transfers", "an emergency stop"], ["a pause"]),
    "blacklist": (["blacklist addresses", "a blacklisted address", "freezing the funds"], ["a blacklist"]),
    "mintable": (["the owner can mint new tokens"], ["anyone can mint new tokens"]),
    "fee_modifiable": (["the foundation may change the fees"], ["the fees are fixed"]),
}
GOV_TRAITS = {
    "on-chain": (["on-chain"], ["chain"]),
    "off-chain": (["off chain"], ["chain"]),
    "token-holder voting": (["holders", "stakeholders", "voting"], ["users"]),
    "delegates": (["delegates"], ["agents"]),
    "foundation or team control": (["the foundation", "the team", "the board", "the council", "a committee"],
                                   ["the users"]),
}
STAKING_TRAITS = {
    "slashing": (["slashed"], ["staked"]),
    "lock-up": (["locked", "unbonding", "bonded", "escrow"], ["blocked"]),
    "rewards": (["rewards", "interest", "earn"], ["fees"]),
}


@pytest.mark.parametrize("table, cases", [
    (terms._UTILITY, UTILITY),
    (terms._VALUE_CAPTURE, VALUE_CAPTURE),
    (stablecoin._MECHANISM, MECHANISM),
    ([(kind, p) for p, kind in economics._LAUNCH], LAUNCH),
    (stablecoin._EXOGENOUS, EXOGENOUS),
    (stablecoin._PEG_ASSETS, PEG_ASSETS),
    (terms._ADMIN, ADMIN),
    (terms._GOV_TRAITS, GOV_TRAITS),
    (terms._STAKING_TRAITS, STAKING_TRAITS),
], ids=["utility", "value_capture", "mechanism", "launch", "exogenous", "peg_assets", "admin", "gov_traits",
        "staking_traits"])
def test_each_kind_alternative_matches_its_example(table, cases):
    assert [kind for kind, _ in table] == list(cases)
    for kind, pattern in table:
        check(pattern, *cases[kind])


# ------------------------------------------------------------------ supply phrases: a list of tables

#: per entry of supply's phrase lists, one example per alternative: the words before a supply figure
SUPPLY_PHRASES = {
    "MAX_BEFORE": (supply.MAX_BEFORE, [
        ["maximum supply of ACME"],
        ["hard-capped at", "a hard-capped supply of", "the supply is capped at"],
        ["will never exceed", "no more than", "will not exceed", "at most"],
        ["a fixed total supply of", "a fixed supply of"],
        ["the maximum number of tokens generated is"],
        ["a hard limit on the total number of tokens"],
        ["an eventual supply of", "there will only ever be", "the number of tokens that will ever be created is"],
        ["a hard cap of ACME tokens"],
    ], ["the total supply is"]),
    "TOTAL_BEFORE": (supply.TOTAL_BEFORE, [
        ["total supply of ACME"],
        ["the total amount of tokens is"],
        ["Issuance of ACME tokens"],
        ["Total ACME supply"],
        ["Number of tokens"],
        ["total tokens", "tokens in total", "in total"],
        ["token supply of", "the genesis supply"],
        ["mints a total of", "a total of"],
        ["will create", "Acme minted"],
        ["supply of ACME is"],
        ["Allocation. Out of all the"],
        ["总量为", "发行总量", "共"],
    ], ["the price", "the maximum"]),
}


@pytest.mark.parametrize("name", SUPPLY_PHRASES)
def test_each_supply_phrase_matches_its_example(name):
    table, examples, negatives = SUPPLY_PHRASES[name]
    assert len(table) == len(examples)
    for pattern, entry in zip(table, examples, strict=True):
        check(pattern, entry, [])
    assert not [ex for ex in negatives if any(p.search(ex) for p in table)]


# ------------------------------------------------------------------ holders.CATEGORIES: examples per alternative

#: one label per alternative of each entry, in order; each must land in that entry's category (so an
#: earlier entry that steals it fails too)
CATEGORY_EXAMPLES = [
    ["Future token sales"],  # and "future expenses, marketing, additional team members"
    ["encourage new developers"],
    ["Advisors"],
    ["Public sale"],
    ["Early contributors", "Founders", "Co-founders", "Core developers"],
    ["Pre-sale", "Private round", "Seed", "Strategic investors", "Partner sale", "KOL round", "Series A"],
    ["Crowdsale"],
    ["Angels", "Early backers", "Backers", "Lead donor"],
    ["Initial supporters", "Venture capital", "Institutional", "SAFT holders", "Investors"],
    ["Team", "Employees", "Management", "Staff", "Shareholders", "Board of directors", "Protocol Labs"],
    ["Key advisors", "Consultants", "Academic partners"],
    ["Token sale bounties"],
    ["Token sale", "ICO", "IEO", "IDO", "TGE", "Launchpad"],
    ["Purchasers", "Sale", "Sold", "Sell", "Fundraiser", "Donors", "Offering", "Buyers"],
    ["Participants", "Contributors", "Contribution period"],
    ["Reserve", "Foundation", "Treasury", "Endowment", "War chest"],
    ["Community", "Airdrop", "Air drop", "Sharedrop", "Bounty", "Rewards", "Mining", "Miners", "Staking"],
    ["Ecosystem", "Ecological fund", "Incentives", "Users", "Grants", "Loyalty", "Referral"],
    ["Members", "Customers", "Traders", "Holders", "Forecasters", "Players", "Creators", "Publishers",
     "Merchants", "Validators", "Stakers", "Delegators", "Nodes", "Masternodes", "Developers community"],
    ["Company", "Liquidity", "Fund", "Multisig", "Retained", "Corporate", "Organisation"],
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
