"""Who holds a share: the lexicon that reads an allocation row's label.

One pattern per line, first match wins. :func:`category_for` maps a label as
written to the schema's category bucket; :func:`label_kind` tells a holder
("Team", "Token sale") from what a share of *money* pays for ("Marketing",
"Legal") and from the steps of a release or bonus schedule ("After 1 year",
"Week 2"), which look like allocation rows but are not.
"""

from __future__ import annotations

import re

from paperlens.extract.rules.text import CJK

_I = re.I

# the schema's buckets (Tokenomist's six plus advisors); the first pattern that matches wins
CATEGORIES: list[tuple[str, re.Pattern]] = [
    ("advisors", re.compile(r"^\W*advis[oe]r", _I)),
    ("public_sale", re.compile(r"\bpublic\b", _I)),
    ("team", re.compile(r"early\s+contributor|found(?:er|ing)|co-?founder|core\s+(?:contributor|team|developer|dev)", _I)),
    ("private_investors", re.compile(r"pre-?\s?(?:sale|ico|crowd)|private|\bseed\b|strategic\s+(?:investor|sale|round)", _I)),
    ("public_sale", re.compile(r"\bcrowd[\s-]?(?:sale|fund|contributor)", _I)),
    ("private_investors", re.compile(r"\bangel|early\s+(?:investor|backer|supporter|bird|participant)|lead\s+donor", _I)),
    ("private_investors", re.compile(r"initial\s+supporter|venture|institutional|\bsaft\b|investors?(?!\s+relations)", _I)),
    ("team", re.compile(r"\bteam\b|employee|management|\bstaff\b|shareholder|board\s+of\s+directors", _I)),
    ("advisors", re.compile(r"advis[oe]r|consultant|academic", _I)),
    ("public_sale", re.compile(r"token\s+(?:sale|swap|generation\s+event)|\bico\b|\bieo\b|\bido\b|\btge\b", _I)),
    ("public_sale", re.compile(r"purchaser|\bsale\b|\bsold\b|\bsell\b|fundraiser|donors|offering|buyers", _I)),
    ("public_sale", re.compile(r"participants|contributors|contribution\s+(?:period|campaign)", _I)),
    ("reserve", re.compile(r"reserve|foundation|treasury|endowment|war\s*chest", _I)),
    ("community", re.compile(r"communit|airdrop|air\s+drop|sharedrop|bount|reward|mining|miners|staking", _I)),
    ("community", re.compile(r"liquidity|incentiv|\busers\b|grants?\b|loyalty|referral|ecosystem\s+participants", _I)),
    ("community", re.compile(r"\b(?:members|customers|traders|holders|forecasters|players|creators|publishers|"
                             r"merchants|validators|stakers|delegators|nodes|masternodes|developers\s+community)\b", _I)),
    ("reserve", re.compile(r"company|ecosystem|\bfund\b|multisig|retained|corporate|organi[sz]ation", _I)),
    ("reserve", re.compile(r"gmbh|\binc\b|\bltd\b|limited|future\s+(?:development|sale|financing)|issuer", _I)),
    ("team", re.compile(r"developers?\b|development\s+team|contributors", _I)),
    ("other", re.compile(r"partner|marketing|promotion|ambassador", _I)),
]

# what a share of money raised pays for (use of proceeds), not who holds tokens
BUDGET = re.compile(
    r"develop|marketing|legal|operat|expens|acquisition|admin|infrastructure|security|contingen|"
    r"hosting|r\s?&\s?d|research|salar|office|business|growth|technology|product|scientific|"
    r"compliance|audit|portfolio|compensation|engineering|overhead|hiring|\bhr\b|war\s*chest|"
    r"buyouts?|takeovers?|licen[cs]|regulat|sales\b|\bpr\b|events|rent|equipment|hardware|servers?", _I)

# words of a release, bonus or price schedule: a label made only of these ("After 1 year",
# "Week 2", "Day 6-10", "Initial release") is a step of a schedule, not a holder
SCHEDULE_WORDS = re.compile(
    r"\b(?:after|before|within|until|from|during|in|by|on|at|of|the|first|second|third|fourth|next|each|every|"
    r"initial(?:ly)?|release[ds]?|unlock(?:ed|s)?|months?|years?|weeks?|days?|hours?|quarters?|phase|stage|"
    r"round|period|q[1-4]|h[12]|tier|bonus|discount|level|step|batch|price|power|end|start|launch|"
    r"listing|tge|vesting|vested|locked|lock-?up|cliff|anniversary|st|nd|rd|th|\d+)\b|[\d\W_]+", _I)

# words for the token itself: a share "of the tokens", "of the total supply"
TOKEN_WORDS = re.compile(r"\btokens?\b|\bcoins?\b|\bsupply\b|\bminted\b|\bissued\b|\bgenerated\b|\bcreated\b", _I)

# words for money: a share "of the funds", "of the proceeds", "of the budget"
MONEY_WORDS = re.compile(
    r"\bfunds?\b|\bproceeds\b|\bbudget\b|\braised\b|\bfunding\b|\bspent\b|\bspend(?:ing)?\b|\bexpenditures?\b|"
    r"\bcapital\b|\bcontributions?\s+breakdown\b|\bcosts?\b|\brevenues?\b|\bprofits?\b|\bfees?\b|\bincome\b", _I)

CJK_CATEGORIES = [
    ("team", re.compile(r"团队|创始|员工")),
    ("advisors", re.compile(r"顾问")),
    ("private_investors", re.compile(r"早期支持者|私募|天使|种子|投资")),
    ("public_sale", re.compile(r"参与者|公开|众筹|ICO")),
    ("reserve", re.compile(r"基金会|储备|国库")),
    ("community", re.compile(r"社区|奖励|挖矿|空投")),
]


def _match(label: str) -> str | None:
    table = CJK_CATEGORIES if CJK.search(label) else CATEGORIES
    return next((category for category, pattern in table if pattern.search(label)), None)


def category_for(label: str) -> str:
    """Map an allocation label as written to the schema's Category bucket ("other" when unsure)."""
    return _match(label) or "other"


def label_kind(label: str) -> str:
    """``"holder"``, ``"budget"`` (what money pays for), ``"schedule"`` (a release step), ``"total"``
    (the sum row of a table) or ``"unknown"``."""
    if re.match(r"\W*(?:total|sum|overall|in\s+total)\b", label, _I):
        return "total"
    if not SCHEDULE_WORDS.sub("", label).strip():
        return "schedule"
    category = _match(label)
    if BUDGET.search(label) and category in (None, "other", "team", "reserve") and not re.search(
            r"team|found|reserve|treasury|company|communit|partner|staff|employee|developers|\bfund\b", label, _I):
        return "budget"  # "Business development", "Technology development", "Marketing"
    return "unknown" if category is None else "holder"
