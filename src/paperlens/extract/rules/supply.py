"""The token supply: the figure the paper gives for its own token's total or cap.

Every token count of the paper is a candidate (:func:`candidates`); what makes
one the supply is, in order of weight:

* the allocation agrees with it: the rows' counts add up to it, or each row's
  count is its percentage of it (:func:`implied_by`);
* a supply phrase names it, before it ("total supply of", "maximum number of
  tokens generated", a table row "Total Tokens") or after it ("... tokens will
  ever be created"), one pattern per line below;
* its unit is the paper's own token (the symbol, "tokens", "coins"), not a
  currency; it is not a rate ("per day"), another coin's supply, a worked
  example, or the part that is sold ("tokens for sale").

Candidates that name different values with equal standing are kept as a conflict.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from paperlens.numbers import Number
from paperlens.extract.rules.text import CJK, EXAMPLE, View, one_of, words

_I = re.I
_UNIT = r"(?:[\w-]+\s+){0,2}?[\w-]*(?:tokens?|coins?)\b|(?-i:[A-Z][A-Za-z0-9]{1,5})\b"
_OF_UNIT = r"(?:\s+(?:of\s+)?(?:the\s+|all\s+|our\s+)?(?:" + _UNIT + r"))?"

# the cap: nothing beyond it will ever exist
MAX_BEFORE = [
    re.compile(r"max(?:imum|\.)?\s+(?:token\s+|coin\s+|total\s+)?supply" + _OF_UNIT, _I),
    one_of(
        r"(?:hard[\s-]?)?capped\s+(?:at|to)",
        r"(?:hard[\s-]?)?capped\s+(?:total\s+|token\s+)?supply\s+of",  # "a hard-capped supply of 100 million"
        r"(?:supply|issuance)\s+(?:is\s+|will\s+be\s+)?(?:capped|limited|fixed)\s+(?:at|to)",
    ),
    one_of(
        r"never\s+(?:exceed|be\s+more\s+than)",
        r"no\s+more\s+than",
        r"not\s+(?:exceed|be\s+more\s+than)",
        r"at\s+most",
    ),
    one_of(
        r"fixed\s+(?:total\s+)?(?:token\s+)?(?:supply|amount|number)\s+of",
        r"(?:a|the)\s+fixed\s+supply\s+of",
    ),
    re.compile(r"max(?:imum)?\s+(?:number|amount|quantity|volume)\s+of(?:\s+(?:[\w-]+\s+){0,3}?(?:generated|created|issued|"
               r"minted|tokens?|coins?|(?-i:[A-Z][A-Za-z0-9]{1,12})))?(?:\s+(?:is|will\s+be))?", _I),
    re.compile(r"(?:technical\s+|hard\s+)?limit\s+(?:to|on|of)\s+the\s+(?:total\s+)?(?:number|amount|supply)\s+of\s+"
               r"(?:[\w-]+\s+){0,2}?(?:tokens?|coins?)", _I),
    one_of(
        r"eventual\s+(?:\(.{0,12}\)\s+)?supply\s+of",
        r"(?:there\s+(?:will|can)\s+)?only\s+ever\s+be",  # "There will only ever be 21,000,000 ACM"
        r"will\s+ever\s+(?:be\s+)?(?:exist|created|minted|issued)\s+is",
    ),
    re.compile(r"hard\s+cap\s*(?:of\s+)?(?:" + _UNIT + r")?", _I),
]
# the total: what is or will be created, without a word on what comes later
TOTAL_BEFORE = [
    re.compile(r"total\s+(?:token\s+|coin\s+)?supply" + _OF_UNIT, _I),
    re.compile(r"total\s+(?:amount|number|quantity|issuance|emission|volume|size)(?:\s+of\s+(?:[\w-]+\s+){0,3}?"
               r"(?:tokens?|coins?|issue|issuance|distribution|(?-i:[A-Z][A-Za-z0-9]{1,12})))?(?:\s+(?:is|will\s+be))?", _I),
    # "Initial issuance of ACM is", "Issuance of ACM tokens: 21,000,000" (the colon is cut off the phrase)
    re.compile(r"(?:initial\s+)?(?:issuance|emission)\s+of\s+(?:[\w-]+\s+){0,2}?[\w-]+\s*(?:is|will\s+be|[:=]|$)", _I),
    # a fact sheet's label, its colon cut off: "Total supply", "ACM supply", "Supply of ACM", "Token amount"
    re.compile(r"^\s*(?:total\s+)?(?:(?-i:[A-Z]{2,6})\s+|tokens?\s+|coins?\s+)?(?:supply|amount)"
               r"(?:\s+of\s+(?:[\w-]+\s+)?(?:tokens?|coins?|(?-i:[A-Z]{2,6})))?\s*$", _I),
    re.compile(r"^\s*(?:number|amount|quantity)\s+of\s+(?:[\w-]+\s+)?(?:tokens?|coins?|(?-i:[A-Z]{2,6}))\s*$", _I),
    one_of(
        r"total\s+(?:tokens?|coins?|issued|issuance|emission|(?-i:[A-Z]{2,6}))",
        r"tokens?\s+in\s+total",
        r"in\s+total",
    ),
    one_of(
        r"(?:token|coin)\s+supply" + _OF_UNIT,
        r"(?:initial|genesis)\s+(?:token\s+|coin\s+)?supply" + _OF_UNIT,
    ),
    one_of(
        r"(?:mint|create|issue|generate|release)[sd]?\s+(?:a\s+total\s+of|in\s+total)",
        r"a\s+total\s+of",
    ),
    one_of(
        r"(?:will|shall)\s+(?:mint|create|issue|generate)",
        r"(?:we|[A-Z]\w+)\s+(?:issued|minted|created|generated)",
    ),
    re.compile(r"supply" + _OF_UNIT + r"\s*(?:is|will\s+be|[:=\-–—])", _I),
    # the whole that shares divide, the number right after it: "Of the 1 billion KLM tokens, 45% ..."
    re.compile(r"(?:^|[.;:!?]\s|\n)\s*(?:out\s+)?of\s+(?:the|all(?:\s+the)?)(?:\s+total)?\s*$", _I),
    one_of(
        r"总量(?:上限|恒定)?为?",
        r"发行总量为?",
        r"共",
    ),
]
# what circulates at the start: "circulating supply at TGE"
CIRCULATING_BEFORE = [
    re.compile(r"(?:initial(?:ly)?\s+)?circulating\s+supply(?:\s+(?:at|on|upon)\s+(?:the\s+)?(?:TGE|launch|listing|"
               r"token\s+generation\s+event(?:\s+\(TGE\))?|genesis))?", _I),
    re.compile(r"initial\s+circulation|(?:tokens?\s+)?in\s+circulation\s+(?:at|on|upon)\s+(?:the\s+)?"
               r"(?:TGE|launch|listing|genesis)", _I),  # "Initial circulation: 100M ACM"
]
# weaker: "there are 1 billion ... tokens", "consists of"
WEAK_BEFORE = [
    re.compile(r"(?:there\s+(?:are|is|will\s+be)(?:\s+initially)?|consists?\s+of|comprises?)", _I),
]
# after the unit: "1 billion GAT will be created", "... tokens will ever exist"
AFTER = [
    re.compile(r"^\s*(?:" + _UNIT + r")?\s*(?:\([^)]{0,20}\)\s*)?(?:will|shall|are|were|is|was|have\s+been|has\s+been)?\s*"
               r"(?:ever\s+)?(?:be\s+)?(?:created|minted|issued|generated|exist|produced|in\s+existence|in\s+total)\b"
               r"(?!\s+(?:to|for|by|as|in\s+the\s+(?:sale|ico|crowdsale)|during|through)\b)", _I),
    re.compile(r"^\s*(?:" + _UNIT + r")?\s*(?:\(\s*)?(?:total\s+supply|max(?:imum)?\s+supply|in\s+total)\b", _I),
]
# what circulates at the start, said after the count: "At TGE, 200M ACM (20%) will be in circulation",
# "150,000,000 tokens will be circulating at launch"
_LAUNCH = r"(?:at|on|upon)\s+(?:the\s+)?(?:TGE|launch|listing|genesis|token\s+generation)"
CIRCULATING_AFTER = re.compile(
    r"^\s*(?:" + _UNIT + r")?\s*(?:\([^)]{0,40}\)\s*)?(?:will\s+be|shall\s+be|are|is)\s+"
    r"(?:in\s+circulation|circulating)(?P<when>\s+" + _LAUNCH + r")?", _I)
_LAUNCH_BEFORE = re.compile(_LAUNCH + r"\s*,?\s*(?:only\s+|approximately\s+|about\s+)?$", _I)
# an increment, not the whole: "mint up to 32M additional tokens"
_MORE = re.compile(r"\s*(?:[A-Z][A-Z0-9]{1,5}\s+)?(?:additional|extra|more|further|new)\b", _I)
EVER = one_of(
    r"\bever\b",
    r"\bno\s+(?:further|more|additional|new)\b",
    r"\bnever\b",
    r"\bfixed\b",
    r"\bcapped\b",
    r"\bonly\b",
    r"\bnot\s+(?:be\s+)?(?:increase|inflate)",
    r"\bnon-?inflationary\b",
    r"\bhard\s+cap\b",
    r"\bmax(?:imum)?\b",
    r"\bcannot\s+be\s+(?:increased|changed)",
    r"不可增加",
    r"上限",
)
# the sentence after a total that makes it the cap
_NO_MORE = one_of(
    r"\bno\s+(?:further|more|additional|new)\b.{0,40}\b(?:minted|created|issued|generated)\b",
    r"\bnever\b.{0,40}\b(?:minted|created|issued|generated|increased)\b",
    r"\bcannot\s+be\s+(?:increased|changed|minted)\b",
    r"\b(?:supply|amount|number)\s+(?:is|will\s+be)\s+(?:fixed|capped|final)\b",
)
_MONEY = one_of(
    r"(?:[$€£¥]|\b(?:USD|US\$|EUR|CHF|GBP)\s?)$",
    r"^\s?(?:USD|EUR|CHF|GBP|ETH|BTC|ether|bitcoins?|dollars?|euros?|USDT|LTC)\b",
)
_RATE = one_of(
    r"^\s*(?:[\w-]+\s+){0,2}?(?:per|a|each|every)\s+(?:day|week|month|year|annum|block|epoch|hour|second|era)\b",
    r"^\s*(?:[\w-]+\s+){0,2}?(?:daily|annually|yearly|monthly)\b",
)
_SOLD = words(
    r"(?:crowd\s?sale|pre-?sale|ico|token\s+sale)\s+(?:tokens?|coins?|(?-i:[A-Z]{2,6}))",
    r"for\s+sale",
    r"sold",
    r"to\s+be\s+sold",
    r"offered",
    r"available\s+(?:for|in)",
    r"on\s+sale",
    r"sale\s+of",
    r"for\s+the\s+(?:token\s+|public\s+|private\s+)?(?:sale|ico|crowdsale|pre-?sale)",
    r"purchased",
    r"distributed\s+(?:in|during|through)\s+the\s+(?:sale|ico|crowdsale)",
)
# a part handed to someone: "600,000,000 tokens will be divided and distributed across all participants"
_GIVEN = re.compile(r"^\s*(?:" + _UNIT + r")?\s*(?:\([^)]{0,20}\)\s*)?(?:will|shall|are|were|is|was|have\s+been)?\s*(?:be\s+)?"
                    r"(?:[\w]+\s+and\s+)?(?:allocated|reserved|distributed|divided|given|granted|assigned|sent|"
                    r"issued|transferred|paid|set\s+aside)\s+(?:to|for|among|across|between|amongst)\b", _I)
_COINS = r"(?:bitcoin|btc|ethereum|ether|eth|litecoin|ltc|ripple|xrp|dogecoin|monero|zcash|dash|eos|tether|usdt)"
_OTHER_COIN = re.compile(r"\b" + _COINS + r"(?:'s|’s)?\s+(?:[\w-]+\s+){0,2}supply\b|\bsupply\s+of\s+(?:[\w-]+\s+){0,2}?"
                         + _COINS + r"\b", _I)


# a cheap first look: words without which no supply phrase of the tables above can match
_HINT = one_of(
    r"supply",
    r"total",
    r"max",
    r"cap",
    r"limit",
    r"issu",
    r"mint",
    r"creat",
    r"generat",
    r"fixed",
    r"there",
    r"consist",
    r"compris",
    r"never",
    r"more",
    r"most",
    r"exist",
    r"amount",
    r"number",
    r"volume",
    r"size",
    r"emission",
    r"circulat",
    r"总",
    r"共",
    r"^\s*\S*\s*(?:will|shall|are|is|were)\b",
)


@dataclass
class Candidate:
    """A token count that may be the supply, with the reasons it might."""

    value: float
    view: View
    number: Number
    field: str  # "max_supply" or "total_supply"
    phrase: float  # weight of the supply phrase around it (0: none)
    unit: float  # +1 the paper's token right after it, 0 nothing, negative another noun
    sold: bool  # a part (sold, or handed to some holders), not the whole
    reach: int = 0  # where the statement ends when the next sentence makes it a cap ("No more will be minted.")

    @property
    def score(self) -> float:
        return self.phrase + self.unit - (3 if self.sold else 0)


def _context(view: View, n: Number) -> tuple[str, str]:
    """The sentence (or table row) before the number, and what follows it, on one line of prose."""
    s = view.flat
    a, _ = view.sentence(n.start)
    left = s[max(a, n.start - 110):n.start]
    line_start = view.s.rfind("\n", 0, n.start) + 1
    if n.start - line_start < len(left) and re.match(r"\s*[A-Z%]", view.s[line_start:n.start]):
        left = view.s[line_start:n.start]  # a table row: its label only
    return left, s[n.end:n.end + 80]


def _unit(right: str, symbol: str | None) -> float:
    """+1 when the count is in the paper's token ("GAT", "Trustcoins"), 0 when nothing follows it, -1.5 for
    another noun ("55 million workers"): a count of something else."""
    own = re.escape(symbol) + "|" if symbol else ""
    if re.match(r"^\s*(?:\(\s*[\d.,]+\s*(?:million|billion)?\s*\)\s*)?(?:of\s+)?(?:" + own
                + r"(?i:(?:[\w-]+\s+){0,2}?[\w-]*(?:tokens?|coins?|pieces))|[A-Z][A-Z0-9]{1,5}(?![a-z]))\b", right):
        return 1.0
    if re.match(r"^\s*(?:[,.;:)\]]|\(|$|\n|(?:and|which|that|with|in\s+total)\b|"
                + _LAUNCH + r"\b)", right, _I):
        return 0.0  # nothing, or when: "a circulating supply of 25M at launch"
    return -1.5


def candidates(views: list[View], symbol: str | None) -> list[Candidate]:
    """Every token count in the document, with the supply phrase around it (if any)."""
    found = []
    for view in views:
        for n in view.numbers:
            if n.percent or n.year_like or n.value < 1e4:
                continue
            left, right = _context(view, n)
            if not (_HINT.search(left[-120:]) or _HINT.match(right) or _unit(right, symbol) > 0):
                continue  # no supply word before it and no token unit after it: not worth the full test
            if _MONEY.search(view.s[max(0, n.start - 5):n.start]) or _MONEY.match(right) or _RATE.match(right):
                continue
            a, b = view.sentence(n.start)
            if EXAMPLE.search(view.flat[a:b]) or _OTHER_COIN.search(left):
                continue
            phrase, field, named = _phrase(left, right, symbol)
            sentence = view.flat[a:b]
            line_start, line_end = view.s.rfind("\n", 0, n.start) + 1, view.s.find("\n", n.end)
            line = view.s[n.end:line_end if line_end >= 0 else len(view.s)]
            row_end = not re.search(r"[A-Za-z]{3}", re.sub(r"^\s*(?:[A-Z][A-Za-z0-9]{1,5}|(?i:tokens?|coins?))\b", "", line))
            said = view.s[max(a, line_start):n.end + len(line)] if row_end else sentence  # a table row: its own line
            reach = 0
            if phrase and field == "total_supply" and EVER.search(said):
                field = "max_supply"
            elif phrase and field == "total_supply" and (after := view.next_sentence(b)):
                # "A total of 500 million KRC will be created. No further KRC will ever be minted."
                c, d = after
                if _NO_MORE.search(view.flat[c:d]) and not re.search(r"\d", view.flat[c:d]):
                    field, reach = "max_supply", d
            if CJK.search(left[-6:]) and not phrase:
                continue
            unit = _unit(right, symbol)
            if phrase and (row_end or (named and unit == 0)):
                unit = 1.0  # "Total Supply: 1,000,000" (a table row), "the total amount of TRX is 100 billion."
            own_line = re.split(r"\d\s*%", line[:50])[0]  # "1 billion KLM tokens, 45% will be sold": the 45% is sold
            sold = bool(_SOLD.search(left[-60:]) or _SOLD.search(own_line) or (not phrase and _SOLD.search(sentence))
                        or _GIVEN.match(right) or _MORE.match(right))
            found.append(Candidate(n.value, view, n, field, phrase, unit, sold, reach))
    return found


def _phrase(left: str, right: str, symbol: str | None) -> tuple[float, str, bool]:
    """The weight and field of the supply phrase that ends just before the number (or follows it), and
    whether the phrase names the token itself ("total supply of GAT", "total amount of tokens")."""
    if (m := CIRCULATING_AFTER.match(right)) and (m.group("when") or _LAUNCH_BEFORE.search(left)):
        return 5.0, "initial_circulating", True
    tail = re.sub(r"[\s(:=\-–—]*(?:approximately|approx\.|about|circa|around|~|≈)?\s*$", "", left)
    token = re.compile(r"(?i:tokens?|coins?)|\b[A-Z][A-Z0-9]{1,5}\b" + (r"|\b" + re.escape(symbol) + r"\b" if symbol else ""))
    for weight, patterns, name in ((5, CIRCULATING_BEFORE, "initial_circulating"), (5, MAX_BEFORE, "max_supply"),
                                   (4, TOTAL_BEFORE, "total_supply"), (2, WEAK_BEFORE, "total_supply")):
        for pattern in patterns:
            m = None
            for m in pattern.finditer(tail):
                pass
            if m and len(tail) - m.end() <= 45 and not re.search(r"\d", tail[m.end():]):
                if re.search(r"\d\s*%", tail[max(0, m.start() - 25):]) and re.search(
                        r",?\s*(?:which\s+(?:is|equals|amounts\s+to)|i\.e\.|that\s+is|or)\s*$", tail, _I):
                    return 0.0, "total_supply", False  # "50% of the total amount, which is 5 billion": a part of it
                # the phrase names the token, or its sentence's subject does ("The ACM token has a total supply of")
                subject = re.search(r"\b(?:tokens?|coins?)\b" + (r"|\b" + re.escape(symbol) + r"\b" if symbol else ""),
                                    tail[max(0, m.start() - 30):m.start()], _I)
                return float(weight), name, bool(token.search(tail[m.start():]) or subject)
    if any(p.match(right) for p in AFTER):
        return 4.0, "total_supply", True
    return 0.0, "total_supply", False


def implied_supplies(rows: list) -> list[float]:
    """The supply each allocation row implies: its count over its percentage (rows that give both)."""
    return [r.amount / r.percent * 100 for r in rows if r.amount and r.percent]


def implied_by(rows: list) -> float | None:
    """The supply an allocation implies: each row's count over its percentage, when they all agree."""
    implied = implied_supplies(rows)
    if len(implied) >= 2 and max(implied) / min(implied) - 1 < 0.01:
        if len(implied) == len(rows) and abs(sum(r.percent for r in rows) - 100) <= 0.5:
            return float(sum(r.amount for r in rows))  # their sum: exact where the percentages are rounded
        return sum(implied) / len(implied)
    return None


def _key(value: float) -> str:
    """Equal figures (up to float noise, as :func:`paperlens.numbers.same_value` sees them) share a key."""
    return f"{value:.9g}"


def rank(found: list[Candidate], agreed: list[float]) -> list[tuple[float, Candidate]]:
    """Candidates with a supply phrase or the allocation's agreement, best first, one per value.

    Linear in the number of candidates (a paper of 20,000 pages has as many): figures are
    grouped by :func:`_key`, not compared pairwise."""
    agreed_keys = {_key(v) for v in agreed}
    phrase_sum: dict[str, float] = {}  # the phrase weights of every candidate of one value
    for c in found:
        phrase_sum[_key(c.value)] = phrase_sum.get(_key(c.value), 0.0) + c.phrase
    ranked: list[tuple[float, Candidate]] = []
    for c in found:
        key = _key(c.value)
        score = c.score + (5 if key in agreed_keys else 0) + 0.5 * min(3, phrase_sum[key] - c.phrase)
        if c.phrase or key in agreed_keys:
            ranked.append((score, c))
    ranked.sort(key=lambda x: (-x[0], x[1].view.page.number))
    unique: dict[tuple[str, str], tuple[float, Candidate]] = {}
    for score, c in ranked:
        unique.setdefault((_key(c.value), c.field), (score, c))
    return list(unique.values())
