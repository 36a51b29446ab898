"""Who holds a share: the lexicon that reads an allocation row's label.

One pattern per line, first match wins. :func:`category_for` maps a label as
written to the schema's category bucket; :func:`label_kind` tells a holder
("Team", "Token sale") from what a share of *money* pays for ("Marketing",
"Legal") and from the steps of a release or bonus schedule ("After 1 year",
"Week 2"), which look like allocation rows but are not.
"""

from __future__ import annotations

import re

from paperlens.schema import INSIDER_CATEGORIES
from paperlens.extract.rules.text import CJK, one_of, words

_I = re.I

# the schema's buckets (Tokenomist's six plus advisors); the first pattern that matches wins
CATEGORIES: list[tuple[str, re.Pattern]] = [
    # kept for later: a reserve ("future sales", "future expenses, marketing, additional team members")
    ("reserve", one_of(r"\bfuture\s+(?:token\s+)?(?:sales?|rounds?|fundrais\w*|expenses|needs)")),
    # a purpose, not a holder: "issued to encourage new developers"
    ("community", one_of(r"^\W*(?:encourage|attract|incentivi[sz]e|bootstrap|grow)\b")),
    ("advisors", one_of(r"^\W*advis[oe]r")),
    ("public_sale", one_of(r"\bpublic\b")),
    ("team", one_of(
        r"early\s+contributor",
        r"found(?:er|ing)",
        r"co-?founder",
        r"core\s+(?:contributor|team|developer|dev)",
    )),
    ("private_investors", one_of(
        r"pre-?\s?(?:sale|ico|crowd)",
        r"private",
        r"\bseed\b",
        r"strategic\s+(?:investor|sale|round)",
        r"partner\s+(?:sale|round)",  # an invitation-only round
        r"\bkol\b",  # "KOL round": influencers' discounted round
        r"\bseries\s+[a-d]\b",
    )),
    ("public_sale", one_of(r"\bcrowd[\s-]?(?:sale|fund|contributor)")),
    ("private_investors", one_of(
        r"\bangel",
        r"early\s+(?:investor|backer|supporter|bird|participant)",
        r"\bbackers?\b",
        r"lead\s+donor",
    )),
    ("private_investors", one_of(
        r"initial\s+supporter",
        r"venture",
        r"institutional",
        r"\bsaft\b",
        r"investors?(?!\s+relations)",
    )),
    ("team", one_of(
        r"\bteam\b",
        r"employee",
        r"management",
        r"\bstaff\b",
        r"shareholder",
        r"board\s+of\s+directors",
        r"\blabs\b",  # the developer company: "Protocol Labs", "Helios Labs"
    )),
    ("advisors", one_of(
        r"advis[oe]r",
        r"consultant",
        r"academic",
    )),
    ("community", one_of(r"bount")),  # "token sale bounties": the campaign's helpers, not its buyers
    ("public_sale", one_of(
        r"token\s+(?:sale|swap|generation\s+event)",
        r"\bico\b",
        r"\bieo\b",
        r"\bido\b",
        r"\btge\b",
        r"launch\s?pad",
    )),
    ("public_sale", one_of(
        r"purchaser",
        r"\bsale\b",
        r"\bsold\b",
        r"\bsell\b",
        r"fundraiser",
        r"donors",
        r"offering",
        r"buyers",
    )),
    ("public_sale", one_of(
        r"participants",
        r"contributors",
        r"contribution\s+(?:period|campaign)",
    )),
    ("reserve", one_of(
        r"reserve",
        r"foundation",
        r"treasury",
        r"endowment",
        r"war\s*chest",
    )),
    ("community", one_of(
        r"communit",
        r"airdrop",
        r"air\s+drop",
        r"sharedrop",
        r"bount",
        r"reward",
        r"mining",
        r"miners",
        r"staking",
    )),
    ("community", one_of(
        r"ecosystem",
        r"ecolog",
        r"incentiv",
        r"\busers\b",
        r"grants?\b",
        r"loyalty",
        r"referral",
    )),
    ("community", words(
        r"members",
        r"customers?",
        r"traders",
        r"holders",
        r"forecasters",
        r"players",
        r"creators",
        r"publishers",
        r"merchants?",
        r"validators",
        r"stakers",
        r"delegators",
        r"nodes",
        r"masternodes",
        r"developers\s+community",
    )),
    ("reserve", one_of(
        r"company",
        r"liquidity",
        r"\bfund\b",
        r"multisig",
        r"retained",
        r"corporate",
        r"organi[sz]ation",
    )),
    ("reserve", one_of(
        r"gmbh",
        r"\binc\b",
        r"\bltd\b",
        r"limited",
        r"future\s+(?:development|sale|financing)",
        r"issuer",
    )),
    ("team", one_of(
        r"developers?\b",
        r"development\s+team",
    )),
    ("other", one_of(
        r"partner",
        r"marketing",
        r"promotion",
        r"ambassador",
    )),
]

# what a share of money raised pays for (use of proceeds), not who holds tokens
BUDGET = one_of(
    r"develop",
    r"marketing",
    r"legal",
    r"operat",
    r"expens",
    r"acquisition",
    r"admin",
    r"infrastructure",
    r"security",
    r"contingen",
    r"hosting",
    r"r\s?&\s?d",
    r"research",
    r"salar",
    r"office",
    r"business",
    r"growth",
    r"technology",
    r"product",
    r"scientific",
    r"compliance",
    r"audit",
    r"portfolio",
    r"compensation",
    r"engineering",
    r"overhead",
    r"hiring",
    r"\bhr\b",
    r"war\s*chest",
    r"buyouts?",
    r"takeovers?",
    r"licen[cs]",
    r"regulat",
    r"sales\b",
    r"\bpr\b",
    r"events",
    r"rent",
    r"equipment",
    r"\bcosts?\b",  # "Human cost"
    r"consult",
    r"hardware",
    r"servers?",
)

# words of a release, bonus or price schedule: a label made only of these ("After 1 year",
# "Week 2", "Day 6-10", "Initial release") is a step of a schedule, not a holder
SCHEDULE_WORDS = one_of(
    r"\b(?:" + "|".join((
        r"after",
        r"before",
        r"within",
        r"until",
        r"from",
        r"during",
        r"in",
        r"by",
        r"on",
        r"at",
        r"of",
        r"the",
        r"first",
        r"second",
        r"third",
        r"fourth",
        r"next",
        r"each",
        r"every",
        r"initial(?:ly)?",
        r"release[ds]?",
        r"unlock(?:ed|s)?",
        r"months?",
        r"years?",
        r"weeks?",
        r"days?",
        r"hours?",
        r"quarters?",
        r"phase",
        r"stage",
        r"round",
        r"period",
        r"q[1-4]",
        r"h[12]",
        r"tier",
        r"bonus",
        r"discount",
        r"level",
        r"step",
        r"batch",
        r"price",
        r"power",
        r"end",
        r"start",
        r"launch",
        r"listing",
        r"tge",
        r"vesting",
        r"vested",
        r"locked",
        r"lock-?up",
        r"cliff",
        r"anniversary",
        r"st",
        r"nd",
        r"rd",
        r"th",
        r"\d+",
    )) + r")\b",
    r"[\d\W_]+",  # figures and punctuation
)

# words for the token itself: a share "of the tokens", "of the total supply"
TOKEN_WORDS = words(
    r"tokens?",
    r"coins?",
    r"supply",
    r"minted",
    r"issued",
    r"generated",
    r"created",
)

# words for money: a share "of the funds", "of the proceeds", "of the budget"
MONEY_WORDS = words(
    r"funds?",
    r"proceeds",
    r"budget",
    r"raised",
    r"funding",
    r"spent",
    r"spend(?:ing)?",
    r"expenditures?",
    r"capital",
    r"contributions?\s+breakdown",
    r"costs?",
    r"revenues?",
    r"profits?",
    r"fees?",
    r"income",
)

CJK_CATEGORIES = [
    ("team", one_of(
        r"团队",
        r"创始",
        r"员工",
        flags=0,
    )),
    ("advisors", one_of(r"顾问", flags=0)),
    ("private_investors", one_of(
        r"早期支持者",
        r"私募",
        r"天使",
        r"种子",
        r"投资",
        flags=0,
    )),
    ("public_sale", one_of(
        r"参与者",
        r"公开",
        r"众筹",
        r"ICO",
        flags=0,
    )),
    ("reserve", one_of(
        r"基金会",
        r"储备",
        r"国库",
        flags=0,
    )),
    ("community", one_of(
        r"社区",
        r"奖励",
        r"挖矿",
        r"空投",
        flags=0,
    )),
]


# a qualifier after the holder, not a holder of its own: "Crowdsale purchasers minus any bonuses applied in the
# pre-sale", "Token sale (including the pre-sale)"
_QUALIFIER = re.compile(r"\s*[(,]?\s*\b(?:minus|excluding|except|less|net\s+of|including|incl\.?|plus)\b.*", _I | re.S)


def _match(label: str) -> str | None:
    """The first category of the table whose pattern the label holds; of a list of insiders
    ("Team, advisors and early seed investors"), the one named first. A trailing qualifier
    ("minus any bonuses applied in the pre-sale") is not read when a holder comes before it."""
    head = _QUALIFIER.sub("", label)
    if head != label and _match(head):
        label = head
    table = CJK_CATEGORIES if CJK.search(label) else CATEGORIES
    found = [(m.start(), category) for category, pattern in table if (m := pattern.search(label))]
    if not found:
        return None
    if found[0][1] in INSIDER_CATEGORIES:
        return min((x for x in found if x[1] in INSIDER_CATEGORIES), key=lambda x: x[0])[1]
    return found[0][1]


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
