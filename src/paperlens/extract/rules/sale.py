"""Rules backend, token sale: price, caps, tokens offered, currencies, dates, bonus,
refund, KYC, excluded jurisdictions and the use-of-proceeds table.
"""

from __future__ import annotations

import re

from paperlens.ingest.document import normalize
from paperlens.numbers import DOT_THOUSANDS, find_numbers, parse_percent
from paperlens.schema import Evidence, Fact, Money, ProceedsRow, Sale, Tokenomics
from paperlens.extract.rules.base import DATE, I, Ctx, fact_of, first_match, is_negated
from paperlens.extract.rules.allocation import PRICE_TITLES, use_of_proceeds
from paperlens.extract.rules.shares import running_lines
from paperlens.extract.rules.text import NOT_TICKERS, Sentence, matching_text, one_of, words

_SALE = words(
    r"token (?:sale|generation event|offering|distribution event)",
    r"crowd ?sale",
    r"crowdfunding",
    r"crowd ?fund",
    r"initial coin offering",
    r"initial (?:dex|exchange) offering",
    r"ICO",
    r"(?-i:IDO|IEO)",
    r"pre-?sale",
    r"pre-?ICO",
    r"public (?:token )?(?:sale|round)",
    r"contribution period",
    r"(?:ether|currency|coin) sale",
    r"fundraiser",
    r"fund-?raising",
)
_EARLY_ROUND = words(
    r"private",
    r"seed",
    r"strategic",
    r"angel",
    r"pre-?sale",
    r"pre-?ICO",
)
_SALE_TERMS = words(
    r"cap",
    r"contribut\w*",
    r"price",
    r"per token",
    r"raise[ds]?",
    r"minimum",
    r"maximum",
    r"bonus",
    r"participants?",
    r"purchas\w*",
    r"sold",
    r"exchange rate",
)
_NUM = r"(?P<num>\d[\d,. ]{0,40}\d|\d)(?:\s*(?P<mult>million|billion|thousand|[MBKkm]|bn|mln)\b)?"
_MONEY = re.compile(
    r"(?:(?P<pre>US\$|\$|€|USDT|USDC|USD|EUR|CHF|ETH|BTC)\s?" + _NUM.replace("num", "n1").replace("mult", "m1")
    + r")|(?:" + _NUM.replace("num", "n2").replace("mult", "m2")
    + r"\s?(?P<post>(?:USDT|USDC|USD|EUR|CHF|ETH|ether|Ether|BTC|BNB|[Bb]itcoins?|dollars?|US dollars)\b|\$|€))")
_CUR_CODE = {"us$": "USD", "$": "USD", "€": "EUR", "dollar": "USD", "dollars": "USD",
             "us dollars": "USD", "ether": "ETH", "bitcoin": "BTC", "bitcoins": "BTC"}


def _number(text: str) -> float | None:
    """A number as written in a sale sentence ("1 000", "15,000", "2.5 million")."""
    text = re.sub(r"(?<=\d) (?=\d{3}\b)", "", text.strip())
    values = find_numbers(text)
    return values[0].value if values and not values[0].percent else None


def _money(text: str) -> list[tuple[Money, int, int]]:
    """Every currency amount in ``text`` ("$10M", "15,000 ETH", "USD 2 million")."""
    out = []
    for m in _MONEY.finditer(text):
        cur = m.group("pre") or m.group("post")
        number_text = m.group("n1") or m.group("n2")
        mult = m.group("m1") or m.group("m2") or ""
        value = _number(number_text + (" " + mult if len(mult) > 1 else mult))
        if value is None:
            continue
        code = _CUR_CODE.get(cur.lower(), cur.upper())
        out.append((Money(amount=value, currency=code), m.start(), m.end()))
    return out


# a cap's label: the named one ("hard cap") first, then the others ("maximum funding", "goal")
_SOFT = (
    one_of(r"\bsoft[ -]?cap\b"),
    one_of(
        r"\bminimum (?:sale |funding )?(?:cap|target|goal|raise|funding|financing|ether|ETH)\b",
        r"\bminimum (?:total )?contribution target\b",
        r"\bminimum (?:objective )?amount\b",
        r"\bminimum (?:amount )?to be raised\b",  # "The minimum to be raised is 5 million US dollars"
        r"\bminimum of\b",
        r"\bmin(?:imum)? financing\b",
        r"\bmin\.? ?cap\b",
        r"\bminimum (?=US\$|\$|€|\d)",  # "Funding goal: minimum 1,000 BTC, maximum 6,000 BTC"
    ),
)
_HARD = (
    one_of(r"\bhard[ -]?cap\b"),
    one_of(
        r"\bmaximum (?:cap|target|goal|raise|funding|financing|amount|ether|ETH)\b",
        r"\bsecurity cap\b",
        r"\bmaximum of\b",
        r"\bmaximum (?:amount )?to be raised\b",
        r"\bfundraising goal\b",
        r"\bcap (?:for|of) the (?:crowd ?sale|token sale|ICO|sale)\b",
        r"\bmax\.? ?cap\b",
        r"\bmaximum (?=US\$|\$|€|\d)",
        r"\bthe maximum (?:is|will be) (?=US\$|\$|€|\d)",  # "The minimum goal is 2,000 ETH and the maximum is ..."
        r"\bcapped at\b",
        # "the crowdsale ends when 20,000 ETH has been raised"
        r"\b(?:ends?|closes?|stops?|will (?:end|close|stop))(?: early)? (?:when|once|as soon as)\b",
    ),
)
_GOAL = r"(?:fundraising|funding|raise|sale)\s+(?:goal|target)"
# a fact sheet's "Funding target: $10,000,000", "Total raise: $5,000,000", "Raise: $1.2M"
_RAISE_LABEL = re.compile(r"\W*(?:" + _GOAL + r"|(?:total\s+|public\s+|sale\s+)?rais(?:e|ing)(?:\s+amount)?)\s*[:=]", I)
_PER_PERSON = one_of(
    r"\b(?:minimum|maximum) (?:\w+ )?(?:contribution|purchase|investment) (?:per|amount)?",
    r"\bper (?:person|participant|address|contributor|investor)\b",
)
_RAISE = words(
    r"raises?",
    r"raising",
    r"target",
    r"goal",
    r"fundraising goal",
)
_PER_TOKEN = one_of(  # "$0.10 per token", "0.0005 BTC per 1 Token": the amount just before
    r"\bper (?:(?:1|one) )?(?:token|coin|(?-i:(?P<sym>[A-Z][A-Z0-9]{1,5})))\b",
)
_PRICE_LABEL = one_of(  # "token price: $0.10", "the price of the ABC token is 0.01 ETH": the amount follows
    r"\btoken price\b",
    r"\bprice (?:per|of (?:one|1|each)|is)\b",
    r"\bprice\s*:",
    r"(?<!market )(?<!trading )\bprice (?:of|for) (?:the |one |each |a )?(?:(?-i:[A-Z][A-Z0-9]{1,5}) )?tokens?\b",
    r"\b(?:sold|priced|offered|issued) at\b",  # "ACM will be sold at 0.0002 ETH each"
    r"\b(?:sold|offered|issued) for\b(?=.{0,25}?\beach\b)",  # "ACM tokens will be sold for 0.5 USD each"
    r"\b(?:tokens?|coins?|(?-i:[A-Z][A-Z0-9]{1,5})) (?:will )?costs?\b",  # "each ACM token costs 0.10 USD"
)
# a price that is not the token's: "the ETH price: $300", "the market price is $2"
_OTHER_PRICE = one_of(
    r"\b(?:ETH|ether|ethereum|BTC|bitcoin)'?s?\s*$",
    r"\b(?:market|trading|exchange|listing)\s*$",
)
# worked examples and suppositions: "assuming 100 ABC = 1 ETH", "suppose the rate is 1 ABC for 0.1 ETH".
# Narrower than text.EXAMPLE: "Price of 1 CND = $0.01 (fiat price equivalent provided for illustrative
# purposes only ...)" states the real price
_EXAMPLE = words(
    r"for example",
    r"for instance",
    r"example",
    r"assum\w*",
    r"hypothetical\w*",
    r"suppose",
    r"imagine",
    r"let us say",
    r"let's say",
    r"say we",
)
_TOKENS_OFFERED = one_of(  # "250,000,000 NOVA are offered", "300,000 tokens available"
    r"(?P<amt>\d[\d,. ]{0,40}\d(?:\s*(?:million|billion))?)\s+(?:"
        r"(?:[A-Z][\w-]* ){0,3}tokens?\b[^.]{0,60}\b"
        r"(?:offered|available|for sale|sold|distributed (?:in|during|through) the (?:token )?(?:sale|crowdsale|ICO))"
        r"|(?-i:(?P<sym>[A-Z][A-Z0-9]{1,5}))\b[^.]{0,60}?\b(?:are|is|be|being) (?:offered|available|sold)\b)",
    r"\bavailable for purchase\s*:?\s*(?P<amt2>\d[\d,. ]{0,40}\d)",
    # a fact sheet's "Tokens for sale: 200,000,000 ORB", "Number of tokens offered: 40 million"
    r"\btokens?\s+(?:offered|for\s+sale|on\s+sale|available\s+for\s+sale)\s*[:=]\s*"
        r"(?P<amt3>\d[\d,. ]{0,40}\d(?:\s*(?:million|billion))?)",
    # "The public sale offers 150,000,000 NOVA", "the token sale will sell up to 100 million tokens"
    r"\b(?:offers|will\s+(?:offer|sell))\s+(?:up\s+to\s+)?(?P<amt4>\d[\d,. ]{0,40}\d(?:\s*(?:million|billion))?)\s+"
        r"(?:(?!(?-i:ETH|BTC|USD|USDT|USDC|EUR)\b)(?-i:[A-Z][A-Z0-9]{1,5})\b|tokens?\b)",
)
_DATES_LABEL = re.compile(r"\b(?:sale|ico|offering|round)\s+(?:period|dates?)\s*[:=]", I)  # "Sale period: 15 May ..."
_ACCEPTED_CUR = [
    ("ETH", one_of(
        r"\bETH\b",
        r"\bether\b",
    )),
    ("BTC", one_of(
        r"\bBTC\b",
        r"\bbitcoins?\b",
    )),
    ("LTC", one_of(
        r"\bLTC\b",
        r"\blitecoin\b",
    )),
    ("BNB", one_of(r"\bBNB\b", flags=0)),
    ("USDC", one_of(r"\bUSDC\b", flags=0)),
    ("USDT", one_of(
        r"\bUSDT\b",
        r"\btether\b",
    )),
    ("DAI", one_of(r"\bDAI\b", flags=0)),
    ("USD", one_of(
        r"\bUSD\b",
        r"\bUS dollars?\b",
        flags=0,
    )),
    ("EUR", one_of(
        r"\bEUR\b",
        r"\beuros?\b",
    )),
    ("fiat", one_of(r"\bfiat\b")),
]
_SALE_FIELD = words(
    r"cap",
    r"purchase methods?",
    r"payment methods?",
    r"contribut\w*",
    r"purchasers?",
    r"participants?",
    r"(?:token |crowd ?)sale",
    r"ICO",
    r"pre-?sale",
    r"crowdfunding",
)
_ACCEPTED = one_of(
    r"\baccept\w*",
    r"\bpurchase methods?\b",
    r"\bcontribut\w* (?:in|with|using|via)\b",
    r"\b(?:made|paid|payable|settled) (?:in|with|using)\b",
    r"\bdenominated (?:entirely )?in\b",
)
# a fact sheet's label, sale words or not: "Accepted currencies: ETH, BTC", "Payment method: USDT"
_ACCEPTED_LABEL = re.compile(r"^\W*(?:accepted(?:\s+(?:currenc\w+|payments?|tokens|coins))?|(?:payment|purchase)\s+"
                             r"(?:methods?|currenc\w+))\s*[:=]", I)
# "Buy with BNB or USDT": the currencies follow the verb directly
_BUY_WITH = re.compile(r"\b(?:buy|purchase|contribute|participate)[ds]? (?:\w+ )?(?:with|using|in)\s+"
                       r"(?=(?-i:[A-Z]{3,5})\b)", I)
_BONUS = one_of(
    r"\bbonus(?:es)?\b",
    r"\bearly[- ]bird\b",
)
_REFUND = one_of(
    r"\brefund\w*",
    r"\breturned to (?:the )?(?:contributors|participants|purchasers|buyers)",
    r"\breimburs\w*",
    r"\bmoney back\b",
    r"\b(?:contributors|participants|purchasers|buyers|investors)\s+(?:\w+\s+){0,3}?(?:withdraw|reclaim|claim back)\b",
)
_REFUND_CONTEXT = words(
    r"cap",
    r"minimum",
    r"target",
    r"sale",
    r"crowd\w*",
    r"contribut\w*",
    r"ICO",
    r"fails?",
    r"not reached",
)
_KYC = one_of(
    r"\bKYC\b",
    r"\bknow[- ]your[- ](?:customer|client)\b",
    r"\bidentity verification\b",
)
_COUNTRIES = "|".join((
    r"the United States(?: of America)?",
    r"United States",
    r"U\.S\.A?\.?",
    r"USA",
    r"US",
    r"China",
    r"PRC",
    r"People's Republic of China",
    r"Singapore",
    r"Canada",
    r"South Korea",
    r"Korea",
    r"Japan",
    r"Hong Kong",
    r"United Kingdom",
    r"UK",
    r"Cuba",
    r"Iran",
    r"North Korea",
    r"Syria",
    r"Sudan",
    r"Crimea",
    r"New Zealand",
    r"Australia",
    r"Switzerland",
))
_EXCLUDE = re.compile(r"\b(?:citizens?|residents?|persons?|people|investors?|green card holders)\b"
                      r"[^.]{0,80}?\b(?:of|in|from)\s+(?:the\s+)?(?-i:" + _COUNTRIES + r")(?!\w)"
                      r"|(?-i:" + _COUNTRIES + r")\s+(?:citizens|residents|persons|investors)\b", I)  # "U.S. persons"
_EXCLUDE_VERB = words(
    r"not (?:be )?(?:eligible|permitted|allowed|able|offered|sold)",
    r"cannot",
    r"excluded",
    r"prohibit\w*",
    r"restrict\w*",
    r"barred",
    r"may not",
    r"must not",
    r"not open",
)
_COUNTRY = re.compile(r"\b(?:" + _COUNTRIES + r")(?!\w)")  # "U.S." ends in a dot
_PROCEEDS_HEAD = words(
    r"use of (?:funds|proceeds|contributions)",
    r"allocation of (?:funds|proceeds)",
    r"budget",
    r"distribution of funds",
    r"(?:funds|proceeds|money|contributions)\b[^.]{0,60}\b(?:will|would) be (?:used|allocated|spent)",
    r"raised funds will",
    r"spending",
    r"breakdown",
)
_ROW_PCT_FIRST = re.compile(
    r"^\W{0,3}(?P<pct>\d{1,2}(?:\.\d+)?)\s?%\s*[-–—:]?\s*(?P<label>[A-Za-z][^%\d]{2,70})$")
_ROW_LABEL_FIRST = re.compile(
    r"^\W{0,3}(?P<label>[A-Za-z][^%\d]{2,70}?)\s*[-–—:.]*\s*(?P<pct>\d{1,2}(?:\.\d+)?)\s?%$")
_NOT_PROCEEDS = words(
    r"team",
    r"founders?",
    r"advisors?",
    r"investors?",
    r"crowdsale",
    r"token sale",
    r"pre-?sale",
    r"contributors",
    r"participants",
    r"community",
    r"supply",
    r"tokens?",
    r"bounty",
    r"airdrop",
    r"rewards?",
    r"shareholders",
    r"holders",
    r"ICO",
    r"public sale",
    r"private sale",
)


_SALE_STRONG_TERMS = words(
    r"(?:soft|hard)[ -]?cap",
    _GOAL,
    r"price (?:of|per)",
    r"per (?:token|coin)",
    r"contributions?",
    r"bonus(?:es)?",
    r"(?:minimum|maximum) (?:purchase|contribution|raise|funding)",
    r"raised?",
    r"exchange rate",
)


def _sale_heading_pages(ctx: Ctx) -> set[int]:
    """The pages with a heading that names a sale ("Public Sale", "IDO Details": a short line without a
    full stop), and the page after each."""
    return {view.page.number + d for view in ctx.views for line in view.s.split("\n")
            if len(line) <= 40 and _SALE.search(line) and not line.rstrip().endswith((".", ",", ";")) for d in (0, 1)}


def _is_sale(ctx: Ctx) -> bool:
    """The paper describes a sale: several sale mentions, some with terms (cap, price, ...), one
    mention with three sentences of terms on its page (a sale section that lists them), a mention
    pricing the paper's own token with one more sentence of terms, two sentences of terms under
    a sale's own heading (a short sale section), or a table of rounds pricing a public one.

    Terms count in the sale sentence itself or, for the specific ones (caps, price,
    contributions, bonus), in a sentence on the same page as a sale mention.
    """
    hits = [s for s in ctx.sentences if _SALE.search(s.norm)]
    with_terms = {id(s) for s in hits if _SALE_TERMS.search(s.norm)}
    pages = {s.page + d for s in hits for d in (0, 1)}  # a sale's page and the next, as in _sale_window
    with_terms |= {id(s) for s in ctx.sentences if s.page in pages and (
        ((_SALE_STRONG_TERMS.search(s.norm) or _PER_TOKEN.search(s.norm) or _PRICE_LABEL.search(s.norm))
         and _money(s.norm)) or _rate(s.norm)
        or (_BONUS.search(s.norm) and parse_percent(s.norm) is not None
            and re.search(r"\b(?:buy\w*|purchas\w*|contribut\w*)\b", s.norm, I)))}
    # a sale mentioned often with some terms, or a sale section that lists its terms ("Token Sale",
    # then "Token price: $0.05", "Hard cap: $10,000,000", "Soft cap: $2,000,000")
    capped = any((_SOFT[0].search(s.norm) or _HARD[0].search(s.norm)) and _money(s.norm)
                 for s in hits)  # "The IDO hard cap is $2,000,000."
    if len(hits) >= 3 and (len(with_terms) >= 2 or capped) or len(with_terms - {id(s) for s in hits}) >= 3:
        return True
    # a mention that prices the paper's own token, and one more sentence of terms: "The IDO will take place
    # on ... at a price of 0.05 USDT per ACME. The total raise is capped at 250,000 USDT."
    priced = [s for s in hits if ctx.own.search(s.norm) and (_PER_TOKEN.search(s.norm) or _PRICE_LABEL.search(s.norm))]
    if len(with_terms) >= 2 and any(_money(s.norm) and not _EXAMPLE.search(s.norm) for s in priced):
        return True
    # a short sale section under its own heading: "Public Sale / Price per token: $0.05. Total raise: $5,000,000."
    headed = _sale_heading_pages(ctx)
    if sum(s.page in headed for s in ctx.sentences if id(s) in with_terms) >= 2:
        return True
    return _price_column(ctx, {view.page.number for view in ctx.views}).stated  # a table of rounds with a public one


_RATE = one_of(  # "1 ETH = 1000 GNT", "1 ether will create 1 000 GNT", "44 LUN per Ether", "5,000 RLC/BTC"
    r"\b1\s*(?P<cur>ETH|ether|BTC|bitcoin)\b.{0,40}?"
        r"(?:=\s*|(?:\bcreates?|\breceives?|\bgets?|\bbuys?|\byields?|\bequals?|\bfor)\s+)"
        r"(?P<n>\d[\d,. ]{0,40}\d|\d)\s*(?P<sym>(?-i:[A-Z]{2,6})|tokens?)\b",
    r"(?P<n2>\d[\d,. ]{0,40}\d|\d)\s*(?P<sym2>(?-i:[A-Z]{2,6})|tokens?)\s*(?:per|for|[=:/])\s*(?:1|one|each)?"
        r"\s*(?P<cur2>ETH|ether|BTC|bitcoin)\b",
)
# "1 CND = $0.01", "1 BAR for the equivalent of $1 USD"
_DIRECT = re.compile(r"\b1\s*(?P<sym>[A-Z]{2,6})\s*(?:=|\bfor\b)\s*(?P<money>[^,;]{1,25})")


def _bonus_tier(text: str) -> bool:
    """A bonus with its percent ("1 ETH = 1,200 ABC, a 20% bonus"), not "without bonus"."""
    m = _BONUS.search(text)
    return bool(m and not is_negated(text, m.start()) and parse_percent(text) is not None)


def _rate(text: str) -> re.Match | None:
    """The token's exchange rate against ETH or BTC ("1 ETH = 1000 ABC"), not one between two currencies;
    of several, the public round's ("1 ETH = 2,500 ABC (pre-sale) and 1 ETH = 2,000 ABC (main sale)")."""
    found = [m for m in _RATE.finditer(text) if (m.group("sym") or m.group("sym2")).upper() not in NOT_TICKERS]
    return min(found, key=lambda m: bool(_EARLY_ROUND.search(text[m.end(): m.end() + 15])), default=None)


def _plausible_price(money: Money) -> bool:
    """A token's price, not a sum raised: below 10 ETH/BTC or 1,000 of a fiat currency."""
    return 0 < money.amount < (10 if money.currency in ("ETH", "BTC") else 1_000)


def _price(sale_sentences: list[Sentence]) -> Fact:
    """Price per token: from an exchange rate (inverted), "1 SYM = $x", "$x per token" or "price of
    the SYM token is $x"; never from a worked example."""
    for s in sale_sentences:
        if _EXAMPLE.search(s.norm):
            continue
        m = _rate(s.norm)
        if m:
            n = _number(m.group("n") or m.group("n2"))
            cur = (m.group("cur") or m.group("cur2")).lower()
            if n:
                code = "ETH" if cur.startswith("eth") else "BTC"
                return fact_of(Money(amount=round(1 / n, 12), currency=code), s)
        direct = [(money[0][0], m) for m in _DIRECT.finditer(s.norm) if m.group("sym").upper() not in NOT_TICKERS
                  and (money := _money(m.group("money"))) and _plausible_price(money[0][0])]
        # "1 ACM = $0.02 (private sale), 1 ACM = $0.04 (public sale)": the round named after each price
        direct.sort(key=lambda x: bool(_EARLY_ROUND.search(s.norm[x[1].start("money"): x[1].end() + 15])))
        if direct:
            return fact_of(direct[0][0], s)
        priced = []
        for m in _PER_TOKEN.finditer(s.norm):
            if m.group("sym") and m.group("sym").upper() in NOT_TICKERS:
                continue  # "per ETH" is an exchange rate, handled above
            before = s.norm[max(0, m.start() - 50): m.start()]
            money = _money(before)  # the last amount, ending right before "per token"
            if money and money[-1][2] >= len(before.rstrip()) - 5 and _plausible_price(money[-1][0]):
                clause = re.split(r"[;,.]\s", before)[-1]  # "Seed round: $0.01 per token; Public round: $0.04 ..."
                priced.append((bool(_EARLY_ROUND.search(clause)), len(priced), money[-1][0]))
        if priced:
            return fact_of(min(priced)[2], s)
        m = _PRICE_LABEL.search(s.norm)
        if m and not _OTHER_PRICE.search(s.norm[max(0, m.start() - 20): m.start()]):
            money = _money(s.norm[m.end(): m.end() + 40])
            if money and _plausible_price(money[0][0]):
                return fact_of(money[0][0], s)
    return Fact()


_PUBLIC_ROW = re.compile(r"^[ \t•\-|]*(?:public|main|crowd ?sale|token sale|(?-i:IDO|IEO|ICO))\b[^\d\n$€£]{0,30}",
                         re.I)


def _price_column(ctx: Ctx, pages: set[int]) -> Fact:
    """The public round's price in a table of rounds under a price title ("Round Price Raise" / "Seed $0.02
    $1,000,000" / "Public (IDO) $0.08 $2,000,000"): the first amount on the public round's row."""
    for view in ctx.views:
        if view.page.number not in pages:
            continue
        for title in PRICE_TITLES.finditer(view.s):  # "Round | Price | Raise"
            rows = view.s[title.end() + 1:].split("\n")[:8]
            at = title.end() + 1
            for line in rows:
                m = _PUBLIC_ROW.match(line)
                money = _money(line[m.end():]) if m else []
                if money and _plausible_price(money[0][0]):
                    return Fact(value=money[0][0], evidence=view.evidence(at, at + len(line)))
                at += len(line) + 1
    return Fact()


_CAP_CONTEXT = words(
    r"caps?",
    r"raised?",
    r"target",
    r"funding",
    r"collect\w*",
    r"crowd\w*",
    r"sale",
    r"goal to sell",
    r"ICO",
    r"total",
    r"contributions (?:received|exceed)",
)


# how proceeds are spent: "a maximum of $2M will be spent on marketing" is a budget line, not a cap
_SPENDING = words(
    r"(?:used|spent|allocated|earmarked|reserved) (?:for|on|to)",
    r"use of (?:funds|proceeds)",
    r"budget\w*",
)


def _big(money: Money) -> bool:
    """Caps are large sums: at least 100 ETH/BTC or 10,000 of a fiat currency."""
    return money.amount >= (100 if money.currency in ("ETH", "BTC") else 10_000)


def _cap_amounts(text: str) -> list[Money]:
    """The amounts of a cap's text; "10.000 ETH" is ten thousand in European notation (no cap is ten ether)."""
    return [Money(amount=money.amount * 1000, currency=money.currency)
            if not _big(money) and DOT_THOUSANDS.search(text[a:b]) else money for money, a, b in _money(text)]


def _cap(sentences: list[Sentence], patterns: tuple[re.Pattern, ...]) -> Fact:
    """The first amount stated right after (or just before) a cap label, the labels tried in order."""
    for pattern in patterns:
        found = _cap_labelled(sentences, pattern)
        if found.stated:
            return found
    return Fact()


def _cap_labelled(sentences: list[Sentence], pattern: re.Pattern) -> Fact:
    for s in sentences:
        if _EXAMPLE.search(s.norm):
            continue
        spending = _SPENDING.search(s.norm)  # money spent, not raised (tokens "allocated to the pre-sale" are not)
        for m in pattern.finditer(s.norm):
            if _PER_PERSON.search(s.norm[max(0, m.start() - 5): m.end() + 25]):
                continue
            if not (_CAP_CONTEXT.search(s.norm) or _label_row(s.norm, m)):
                continue
            after = _cap_amounts(s.norm[m.end(): m.end() + 45])
            before = _cap_amounts(s.norm[max(0, m.start() - 25): m.start()])
            # a label in parentheses after its amount: "$3 million (soft cap) and $15 million (hard cap)"
            noted = s.norm[max(0, m.start() - 2): m.start()].strip().endswith("(")
            for money in [] if spending else before[-1:] + after[:1] if noted else after[:1] + before[-1:]:
                if _big(money):
                    return fact_of(money, s)
            count = _TOKEN_CAP.match(s.norm, m.end())
            if count and count.group("unit").upper() not in NOT_TICKERS:
                value = _number(count.group("n") + " " + (count.group("mult") or ""))
                if value and value >= 100_000:
                    unit = count.group("unit")
                    return fact_of(Money(amount=value, currency=unit if unit.isupper() else "tokens"), s)
    return Fact()


# a cap in tokens, right after its label: "The hardcap is set to 300 million COIN", "Maximum goal to sell ACM
# tokens: 440 000 000 ACM"
_TOKEN_CAP = re.compile(
    r"[^.;\d$€]{0,40}?(?<![\d.,])(?P<n>\d{1,3}(?:[ ,.]\d{3})+|\d+(?:\.\d+)?)\s*(?P<mult>million|billion|mln\.?)?\s*"
    r"(?P<unit>(?-i:[A-Z][A-Z0-9]{1,5})|tokens?)\b(?!\s*(?:per|each|/))", I)


def _label_row(text: str, label: re.Match) -> bool:
    """The label opens a "label: amount" row ("• Maximum amount: 10,000 BTC", "Softcap: $2M, Hardcap: $15M"):
    no other cap word needed."""
    return (re.fullmatch(r"\W{0,3}|.*[,;|]\s*", text[:label.start()]) is not None
            and bool(re.match(r"\s*[:\-–]?\s*(?:is\s+)?(?:US\$|\$|€|[A-Z]{3}\b|\d)", text[label.end():])))


_TOKEN_ROW = ProceedsRow(label="token allocation row")


def _proceeds_row(line: str, page: int) -> ProceedsRow | None:
    """A "label N%" line; _TOKEN_ROW when the label names token holders (team, sale, ...)."""
    folded = matching_text(line)
    m = _ROW_PCT_FIRST.match(folded) or _ROW_LABEL_FIRST.match(folded)
    if not m:
        return None
    label = m.group("label").strip(" -–—:.;")
    if len(label) < 3:
        return None
    if _NOT_PROCEEDS.search(label):
        return _TOKEN_ROW
    return ProceedsRow(label=label, percent=float(m.group("pct")),
                       evidence=Evidence(page=page, quote=line.strip()))


def _proceeds(ctx: Ctx) -> list[ProceedsRow]:
    """The use-of-funds table: "label  N%" lines after a budget heading, adding up to ~100.

    Rows may continue on the next page and be separated by their descriptions.
    """
    for page in ctx.doc.pages:
        head = _PROCEEDS_HEAD.search(page.norm)
        if not head:
            continue
        start = page.text.rfind("\n", 0, max(0, page.text.find(head.group(0).split()[0]))) + 1
        lines = [(page.number, line) for line in page.text[start:].split("\n")]
        following = ctx.doc.page(page.number + 1)
        if following is not None:
            lines += [(following.number, line) for line in following.text.split("\n")]
        group: list[ProceedsRow] = []
        gap = 0
        for number, line in lines:
            row = _proceeds_row(line, number)
            if row is _TOKEN_ROW:  # a token-allocation row: this is not a use-of-funds table
                group, gap = [], 0
            elif row is not None:
                group.append(row)
                gap = 0
                total = sum(r.percent or 0 for r in group)
                if len(group) >= 3 and 99 <= total <= 100.5:
                    return group
                if total > 100.5:
                    group, gap = [], 0
            elif line.strip():
                gap += 1
                if gap > 20:
                    group, gap = [], 0
    return []


def fill_sale(t: Tokenomics, ctx: Ctx) -> None:
    """A Sale, only when the paper describes a token sale / ICO / crowdsale."""
    if not _is_sale(ctx):
        return
    sale = Sale()
    window = _sale_window(ctx)
    # the public price: a tier's rate, and an earlier round's ("Private sale price: $0.02"), come last
    window_public = sorted(window, key=lambda s: bool(_EARLY_ROUND.search(s.norm)))
    base = _price([s for s in window_public if not _bonus_tier(s.norm)])
    sale.price = base if base.stated else _price(window_public)
    if not sale.price.stated:
        sale.price = _price_column(ctx, {s.page for s in window})
    sale.soft_cap = _cap(window, _SOFT)
    sale.hard_cap = _cap(window, _HARD)
    if not sale.soft_cap.stated and not sale.hard_cap.stated:  # a fact sheet set beside prose, labels above values
        rows = _layout_rows(ctx, {s.page for s in window})
        sale.soft_cap, sale.hard_cap = _cap(rows, _SOFT), _cap(rows, _HARD)
    if (sale.soft_cap.stated and sale.hard_cap.stated and sale.soft_cap.value.currency == sale.hard_cap.value.currency
            and sale.soft_cap.value.amount >= sale.hard_cap.value.amount):
        sale.soft_cap, sale.hard_cap = Fact(), Fact()  # one amount read for both, or a soft cap above the hard cap
    if not sale.soft_cap.stated and not sale.hard_cap.stated:
        for s in window:
            m = _RAISE.search(s.norm)
            if m and (_SALE.search(s.norm) or _RAISE_LABEL.match(s.norm)):
                money = [x for x in _money(s.norm) if x[0].amount >= 10_000]
                if len(money) > 1 and _EARLY_ROUND.search(s.norm):
                    continue  # a table of rounds ("Seed | $0.008 | $800,000 / Public | ..."): whose raise is unclear
                if money:
                    sale.raise_target = fact_of(money[0][0], s)
                    break
    for s in window:
        m = _TOKENS_OFFERED.search(s.norm)
        if m and m.group("sym") and (m.group("sym").upper() in NOT_TICKERS or re.search(
                r"\b(?:until|once|if|when|after|unless|before)\b", s.norm[max(0, m.start() - 25): m.start()], I)):
            continue  # "1,000 ETH are sold", "until 50 million COIN are sold": a threshold, not the offer
        if m:
            value = _number(m.group("amt") or m.group("amt2") or m.group("amt3") or m.group("amt4"))
            if value and value >= 1000:
                sale.tokens_offered = fact_of(value, s)
                break
    sale_talk = [s for s in window if _SALE.search(s.norm) or _SALE_FIELD.search(s.norm)]
    for s in window:
        buy = _BUY_WITH.search(s.norm)
        if buy:
            listed = s.norm[buy.end(): buy.end() + 40]
        elif _ACCEPTED_LABEL.match(s.norm) or (_ACCEPTED.search(s.norm) and (_SALE.search(s.norm)
                                                                             or _SALE_FIELD.search(s.norm))):
            listed = s.norm
        else:
            continue
        found = []
        for code, p in _ACCEPTED_CUR:
            m = p.search(listed)
            if m:
                found.append(code if code in s.norm else m.group(0))
        if found:
            sale.accepted_currencies = fact_of(found, s)
            break
    for s in window:
        d = DATE.search(s.norm)
        if d and ((_SALE.search(s.norm) or re.search(r"\bthe sale\b", s.norm, I)) and re.search(
                r"\b(?:start|begin|beginning|launch|open|run|end|ends|close|take place|held|scheduled)", s.norm, I)
                or _DATES_LABEL.search(s.norm)):
            gap = re.match(r"\s*(?:[-–—]|to|until|till|through|and (?:ends?|closes?|runs until) on)?\s*",
                           s.norm[d.end():], I).end()  # "starts on 1 June 2024 and ends on 30 June 2024"
            end = DATE.match(s.norm, d.end() + gap)  # a range: "15 May 2018 - 15 June 2018"
            sale.dates = fact_of(s.norm[d.start():end.end() if end else d.end()], s)
            break
    for s in window:  # bonus terms: a sale sentence, or a tier ("buy in week 1 and get 20% extra")
        if not (s in sale_talk or re.search(r"\b(?:buy\w*|purchas\w*|week|days?|tiers?)\b", s.norm, I)):
            continue
        m = _BONUS.search(s.norm)
        if (m and not is_negated(s.norm, m.start())
                and parse_percent(s.norm[max(0, m.start() - 40): m.end() + 40]) is not None):
            sale.bonus_tiers = fact_of(normalize(s.text), s)
            break
    for s in ctx.sentences:  # "not reached" is the usual condition: no negation check here
        if _REFUND.search(s.norm) and _REFUND_CONTEXT.search(s.norm):
            sale.refund = fact_of(s.norm, s)
            break
    hit = first_match(ctx, _KYC, where=_SALE_FIELD)
    if hit:
        sale.kyc = fact_of(True, hit[0])
    for s in ctx.sentences:
        m = _EXCLUDE.search(s.norm)
        if m and _EXCLUDE_VERB.search(s.norm):
            countries = []
            for c in _COUNTRY.findall(s.norm[m.start():]):
                if c not in countries:
                    countries.append(c)
            sale.excluded_jurisdictions = fact_of(", ".join(countries), s)
            break
    sale.use_of_proceeds = _proceeds(ctx) or _proceeds_table(ctx)
    t.sale = sale


_CELL = re.compile(r"\S(?:[^\n]*?\S)?(?= {3,}|\n|$)")  # a cell of a layout line: column gaps are 3+ spaces


def _layout_rows(ctx: Ctx, pages: set[int]) -> list[Sentence]:
    """"Label  value" cell pairs of table pages' layout text (its rows kept on one line), as sentences: a
    fact sheet beside a column of prose, whose plain text gives all the labels and then all the values
    ("Hard cap" ... "25,000 ETH"). Quoted verbatim from the layout text, which ground also searches."""
    rows = []
    for page in ctx.doc.pages:
        if page.layout is None or page.number not in pages:
            continue
        cells = list(_CELL.finditer(page.layout))
        for label, value in zip(cells, cells[1:]):
            same_line = "\n" not in page.layout[label.end():value.start()]
            if same_line and not re.search(r"\d", label.group()) and re.search(r"\d", value.group()):
                text = page.layout[label.start():value.end()]
                rows.append(Sentence(page.number, label.start(), text, matching_text(text)))
    return rows


def _proceeds_table(ctx: Ctx) -> list[ProceedsRow]:
    """The use-of-proceeds table as the allocation judge reads tables: shares adding up to 100 that
    divide money (:func:`.allocation.use_of_proceeds`)."""
    return [ProceedsRow(label=r.label, percent=r.percent, evidence=r.view.evidence(r.start, r.end))
            for r in use_of_proceeds(ctx.views, running_lines(ctx.views))]


def _sale_window(ctx: Ctx) -> list[Sentence]:
    """Sentences on pages that talk about the sale or state the token's rate (and the page after each)."""
    pages: set[int] = set()
    for s in ctx.sentences:
        if _SALE.search(s.norm) or _rate(s.norm):
            pages.update((s.page, s.page + 1))
    return [s for s in ctx.sentences if s.page in pages]
