"""Rules backend, terms half: utility, controls, sale, stablecoin, disclosure, summary.

This module holds utility, controls, the summary and the entry point
:func:`fill_terms`; the sale, stablecoin and disclosure sections live in
:mod:`.sale`, :mod:`.stablecoin` and :mod:`.disclosure`, the
shared context and helpers in :mod:`.base`.

Every value comes from one sentence (or line) of the paper and carries it as
evidence, quoted verbatim from ``page.text``. The rules prefer silence to a
guess: a utility counts only when the sentence names the project's own token,
a sale only when the paper describes one, a stablecoin only when the paper's
own opening pages present one.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from paperlens.ingest.document import Document, normalize
from paperlens.numbers import parse_percent
from paperlens.schema import AdminPower, Audit, Evidence, Fact, Tokenomics, UtilityItem, ValueCaptureItem
from paperlens.extract.rules.base import AUDIT_FIRM, DATE, I, Ctx, fact_of, first_match, near, is_negated, own_terms, toc, run_step
from paperlens.extract.rules.disclosure import fill_disclosure
from paperlens.extract.rules.sale import fill_sale
from paperlens.extract.rules.stablecoin import fill_stablecoin
from paperlens.extract.rules.text import (COMPARISON, NOT_TICKERS, QUOTE_LIMIT, Sentence, View, document_sentences,
                                         matching_text, one_of, page_views, quote_length, words)

# ------------------------------------------------------------------ utility

# not another currency: "accept ACM as payment" (not "accept ETH"), "buy ad space with ACM" (not "with USDC")
_OTHER_MONEY = r"ETH|ether|BTC|bitcoins?|fiat|USD|dollars|USDT|USDC"
_NOT_OTHER_MONEY = rf"(?!(?:{_OTHER_MONEY})\b)"
# "... and receive 50% of protocol revenue"
_RECEIVE_PART = (r"\b(?:receive|earn|get|entitled\s+to)s?\s+(?:a\s+)?\d{1,3}(?:\.\d+)?\s*%\s+of\s+(?:the\s+|all\s+)?"
                 r"(?:platform |network |protocol |trading |transaction )?(?:fees|revenues?|profits?)\b")
_UTILITY: list[tuple[str, re.Pattern]] = [
    ("gas_fees", one_of(
        r"\b(?:transaction|network|gas|processing|execution|stability) fees?\b.{0,60}\b"
            r"(?:paid|payed|pay|payable|charged|denominated|settled)\b",
        r"\b(?:pay|pays|paid|payed|payable|charged|denominated)\b.{0,40}\b"
            r"(?:transaction|network|gas|execution|stability) fees?\b",
        r"\b(?:required|needed|necessary) (?:for|to (?:perform|execute|make|run)) (?:any|every|each|all) "
            r"(?:operations?|transactions?)\b",
        r"\bused (?:to pay|for paying|for) (?:the )?(?:transaction |network )?fees\b",
        r"\bas (?:the )?\"?(?:fuel|gas)\b",
        r"\bconsum(?:ed|es|e)\b.{0,30}\b(?:operations?|transactions?|execution|computation)\b",
        r"\b(?:every|each|all|any) transactions?\b.{0,40}\brequires?\b.{0,30}\bfees?\b",
        # "every operation is assigned an individual fee that has to be payed in the core asset"
        r"\b(?:every|each|any) (?:operation|transaction)\b.{0,60}\bfees?\b.{0,40}\b(?:paid|payed|payable|charged)\b",
    )),
    ("payment", one_of(
        # a fee for the platform's services (not the network's gas)
        r"\b(?:trading|exchange|listing|service|platform|usage|subscription|membership) fees?\b.{0,60}\b"
            r"(?:paid|pay|payable|charged|denominated|settled)\b",
        r"\b(?:pay|pays|paid|payable|charged|denominated)\b.{0,40}\b"
            r"(?:trading|exchange|listing|service|platform|subscription|membership) fees?\b",
        r"\b(?:used|use|using|utili[sz]es?|employs?)\b.{0,40}\b"
            r"(?:to pay|for paying|for payments?|as (?:a |the )?(?:means|medium|method|form|unit) of (?:payment"
            r"|exchange|account))",
        r"\b(?:means|way|method|mode) of payment\b",  # "the unique way of payment for providers"
        r"\bpayment (?:mechanism|method|instrument|currency)\b",  # "Be the payment mechanism for the platform"
        r"\bmedium of exchange\b",
        r"\bto pay for\b",
        r"\bpaid (?:in|with|using)\b",
        r"\b(?:use|uses|using|used|spend|spends)\b.{0,25}\bto (?:buy|purchase|tip)\b(?!.{0,25}\btokens?\b)",
        r"\btip\w* (?:\w+ ){0,2}(?:in|with)\b",
        r"\bin-(?:game|app) currency\b",
        r"\bpayments?\b(?! channels?).{0,140}\b(?:in|with|using)\s+(?:the\s+)?"
            r"(?!(?:ETH|ether|BTC|bitcoins?|fiat|USD|dollars)\b)"
            r"(?-i:[A-Z]{2,6}\b|[A-Z]\w+ (?:[Tt]okens?|[Cc]oins?))",
        r"\b(?:pay|paying) (?:for|with)\b",
        r"\b(?:conducted|made|settled|done|priced) (?:exclusively |only )?in\s+"
            r"(?-i:[A-Z]{2,6}\b|[A-Z]\w+ (?:[Tt]okens?|[Cc]oins?))",
        r"\b(?:pay|pays|paying|spend|spends|spending)\s+(?:their\s+|the\s+)?"
            r"(?!(?:ETH|BTC|USD|EUR|USDT|USDC|DAI|BNB|GAS|NEO|EOS|TRX)\b)(?-i:[A-Z]{2,6})\b(?!\s+fees?\b)",
        r"\bpaid for (?:in|with|using)\b",
        r"\b(?:native|main|primary|sole|only|internal|circulating) currency (?:of|for|on|in|within|used)\b",
        # "merchants accept ACM as payment" (not "ACM accepts ETH as payment for the sale")
        r"\baccept(?:s|ed|ing)?\s+" + _NOT_OTHER_MONEY + r".{0,40}\bas (?:a )?"
            r"(?:means of )?payments?\b",
        r"\bsettle\w*\s+(?:\w+\s+)?(?:payments?|purchases?|bills?)\b",
        r"\b(?:purchase|buy)\w*\b.{0,40}?\b(?:with|using)\s+(?:the\s+)?"
            + _NOT_OTHER_MONEY + r"(?-i:[A-Z]{2,6}\b|[A-Z]\w+ (?:[Tt]okens?|[Cc]oins?))",
    )),
    ("staking", one_of(
        r"\bstak(?:ed|ing|ers)\b",
        r"\bstakes?\b(?=\s+(?:their|the|its|some|at\s+least|a\s+minimum|up\s+to|\d|(?-i:[A-Z]{2,6}\b)))",
        r"\b(?:bonded|bonding)\b",
        r"\b(?:deposit|lock)\b.{0,40}\bas (?:a )?(?:security|stake|guarantee)\b",
        r"\bstakes?\s+(?:a certain|a minimum|an amount|a portion)\b",
        # the verb alone in a list item: "- stake for rewards", "stake to earn" (not "at stake for its users")
        r"(?<!\bat )\bstake\b(?=\s+(?:for|to)\s+(?:earn|receive|get|rewards?|yield|secure|validate)\b)",
        r"\b(?-i:ve[A-Z]{2,6})\b",  # vote-escrowed: "lock ACM for up to 4 years to receive veACM"
        r"\bbond\b(?=\s+(?:their|the|its|some|at\s+least|a\s+minimum|\d|(?-i:[A-Z]{2,6}\b)))",  # "must bond ACM"
        r"\bdelegat(?:e|es|ed|ing)\b.{0,40}\bto\s+(?:a\s+|the\s+|their\s+)?(?:validators?|nodes?|stake\s+pools?)\b",
        # a lock for a yield: "lock ACM to earn yield", "gain 5% interest by locking their tokens"
        r"\block(?:s|ed|ing)?\b.{0,40}?\b(?:earn|receive|gain|get)s?\b.{0,20}?\b(?:yield|interest|APY|APR)\b",
        r"\b(?:earn|receive|gain|get)s?\b.{0,20}?\b(?:yield|interest|APY|APR)\b.{0,20}?\bby\s+locking\b",
    )),
    ("governance", one_of(
        r"\bvot(?:e|es|ed|ing)\b",
        r"\bparticipat\w*\s+in\s+(?:the\s+)?(?:\w+\s+)?decision[- ]making\b",
        r"\bgauge\s+(?:votes?|voting|weights?|emissions)\b|\bdirects?\b.{0,20}\bemissions\b",  # veACM steers rewards
        r"\bgovernance\b",
        r"(?<!which )(?<!that )\bgovern\b",  # not rules "which govern how data is stored"
    )),
    ("access", one_of(
        r"\b(?:give|gives|grant|grants|provide|provides|obtain|gain|unlock|unlocks)\b.{0,40}(?<!root )"
            r"(?<!admin )\baccess\b",
        r"\baccess\b.{0,60}\b(?:by|for|through) (?:holding|staking|paying|spending|using)\b",
        r"\bdiscounts?\b",
        r"\b(?:reduced|lower|discounted)\s+(?:trading\s+|transaction\s+|platform\s+|service\s+)?fees\b",
        r"\bmembership\b",
        r"\bpremium (?:features|content|services)\b",
        r"\brequired (?:to|for) (?:use|using|access|participat)",
        r"\b(?:used|use|using|spend|spends|spending|need|needs|needed|require|requires) (?:\w+ ){0,3}to access\b",
        r"\b(?:hold|holds|holding) (?:at least|over|more than|a minimum of) \d",
        r"\bmust hold (?:an? |the )?(?:certain|corresponding|minimum|sufficient)\b",
        r"\bserves? as (?:an? )?(?:access|key|pass)\b",
        r"\bonly\b.{0,20}holders?\b.{0,20}\b(?:can|may|are able to|will be able to) (?:use|access)\b",
    )),
    ("collateral", one_of(
        r"\b(?:as|provide|providing|lock(?:ed)?|post(?:ed)?) collateral\b",
        r"\bcollateral(?:ise|ize)[sd]? (?:by|with)\b",
    )),
    ("revenue_share", one_of(
        r"\b(?:share|portion|percentage|part|cut) of (?:the |all )?(?:\w+'s )?"
            r"(?:platform |network |protocol |trading |transaction )?(?:fees|revenues?|profits?|income|earnings)\b",
        r"\bdividends?\b",
        r"\b(?:profit|revenue)[- ]shar",
        r"\b(?:fees?|revenues?|profits?|income)\b.{0,80}\b(?:distribute[sd]?|paid out|shared)\b.{0,40}\b"
            r"(?:holders|stakers)\b",
        r"\b(?:holders|owners|stakers)\b.{0,20}\b(?:receive|earn|get)s?\b.{0,30}\b(?:revenues?|profits?)\b",
        r"\bshare in (?:the )?(?:\w+ )?(?:revenues?|profits?|fees|earnings)\b",  # "Holders share in the revenue"
        _RECEIVE_PART,
    )),
    ("work", one_of(
        r"\b(?:earn|earns|earned|receive|receives|rewarded|compensated|paid)\b.{0,60}\bfor (?:their )?"
            r"(?:contribut|provid|perform|complet|creat|edit|review|writ|render|comput|work|host|stor|validat"
            r"|answer|curat|serv)",
        r"\bcontributors?\b.{0,50}\b(?:earn|receive|rewarded|compensated)\b",
    )),
    ("burn_to_use", one_of(
        r"\b(?:burn|burned|burnt|destroy|destroyed)\b.{0,60}\b(?:in order to|to|when|whenever|upon|(?:each|every) time)"
            r"\b.{0,20}\b(?:use|access|create|mint|issue|register|publish|post|list|obtain)s?\b",
        r"\b(?:to|in order to)\s+(?:use|access|create|mint|issue|register|publish|post|list|obtain)\b.{0,60}\b"
            r"(?:burn|burns|burned|burnt|destroy|destroys|destroyed)\b",  # "To list a market, a user must burn 100 ACM"
        # what is paid in the token is then burned: "Any tokens exchanged for memberships shall be destroyed"
        r"\b(?:tokens?|coins?|(?-i:[A-Z]{2,6}))\s+(?:\w+\s+){0,2}?(?:exchanged|paid|spent|received)\s+"
            r"(?:for|on|as|by)\b.{0,60}\b(?:burned|burnt|destroyed)\b",
    )),
    ("reward", one_of(
        r"\breward(?:s|ed)?\b",
        r"\bearn(?:s|ed)?\b",
        r"\bincentivi[sz](?:e|es|ed|ing)\b.{0,60}\bwith\b",
        # "Players win ACM tokens", not "a win-win model for ACM users"
        r"(?<![\w-])win\s+(?:(?!for\b)[\w-]+\s+){0,2}(?:tokens?|coins?|(?-i:[A-Z]{2,6}))\b",
    )),
]
_VALUE_CAPTURE: list[tuple[str, re.Pattern]] = [
    ("burn", words(
        r"burn(?:ed|t|s|ing)?",
        r"destroy(?:ed|s)?",
        r"removed from circulation",
    )),
    ("fee_share", one_of(
        r"\b(?:share|portion|percentage|part) of (?:the |all )?(?:\w+'s )?"
            r"(?:platform |network |protocol |trading |transaction )?(?:fees|revenues?|profits?)\b",
        r"\bdividends?\b",
        r"\bfees?\b.{0,40}\b(?:distributed|paid out|shared|go(?:es)?) to\b.{0,30}\b(?:holders|stakers)\b",
        r"\b(?:holders|stakers)\b.{0,20}\b(?:receive|earn|get)s?\b.{0,30}\b"
            r"(?:fees?|fee revenue|revenues?|profits?)\b",
        _RECEIVE_PART,
    )),
    ("buyback", one_of(
        r"\bbuy[- ]?backs?\b",
        r"\bbuy back\b",
        r"\brepurchas",
    )),
]
_LOCK = words(
    r"lock(?:ed|s)?",
    r"bond(?:ed)?",
    r"deposit(?:ed)?",
    r"required",
    r"must",
    r"escrow",
)
_TO_HOLDERS = one_of(r"\b(?:holders|stakers|owners)\b", r"\bdistribut\w*\s+to\b", r"\bpaid\s+out\b")
_UNSOLD = words(
    r"unsold",
    r"unissued",
    r"unallocated",
    r"unclaimed",
    r"remaining tokens",
)
_NO_RIGHTS = one_of(  # a legal disclaimer of what the token does not give
    r"\b(?:do|does|will|shall|would) not (?:\w+ )?(?:carry|confer|give|grant|provide|entitle|represent|have|include)\b"
        r".{0,60}\b(?:rights?|voting|votes?|dividends?|governance|ownership)\b",
    r"\black of (?:\w+ ){0,2}(?:voting|governance|dividend)",
    r"\bno (?:\w+ ){0,2}(?:voting|governance) rights\b",
)
# the token said not to be needed where it is named: "LMN is not needed", "without holding LMN", "no LMN is required"
_DENIED_AFTER = re.compile(r"\s*(?:tokens?\s+)?(?:is|are|will\s+be|would\s+be)?\s*(?:not|never)\s+(?:needed|required|"
                           r"necessary)\b|\s*(?:tokens?\s+)?(?:is|are)n[’']t\s+(?:needed|required|necessary)\b", I)
_DENIED_BEFORE = re.compile(r"\b(?:without|no|(?:do|does|will)(?:\s+not|n[’']t)\s+(?:need|require|have\s+to)|need\s+not)"
                            r"\s+(?:\w+\s+){0,2}$", I)


def _token_denied(ctx: Ctx, norm: str) -> bool:
    """Every mention of the own token in ``norm`` says it is not needed: no use of it is stated there."""
    mentions = list(ctx.own.finditer(norm))
    return bool(mentions) and all(_DENIED_AFTER.match(norm, m.end()) or _DENIED_BEFORE.search(norm[:m.start()])
                                  for m in mentions)


_SALE = words(
    r"pre-?sale",
    r"public sale",
    r"token sale",
    r"crowd ?sale",
    r"ICO",
    r"sale price",
)


def fill_utility(t: Tokenomics, ctx: Ctx) -> None:
    """Utility kinds and value capture, from sentences naming the project's own token."""
    seen: set[str] = set()
    captured: set[str] = set()

    def capture(kind: str, s: Sentence) -> None:
        if kind not in captured:
            captured.add(kind)
            t.utility.value_capture.append(ValueCaptureItem(kind=kind, evidence=s.evidence()))

    previous: Sentence | None = None
    lead: tuple[Sentence, str] | None = None  # "IXT holders will be able to:" and its token, over the list below
    section: tuple[int, str] | None = None  # under a "Token Utility" heading: its page and the token
    symbol = t.identity.symbol.value if isinstance(t.identity.symbol.value, str) else None
    for s in ctx.sentences:
        prev, previous = previous, s
        named = ctx.own.search(s.norm)
        if named and s.norm.rstrip().endswith(":") and _USES_LEAD.search(s.norm):
            lead = (s, named.group())
            continue
        heading = (len(s.norm) < 60 and not s.norm.rstrip().endswith((".", "!", "?", ":"))
                   and not _LIST_ITEM.match(s.text))
        if heading or (section and s.page > section[0] + 1):
            token = named.group() if named else symbol if symbol and ctx.own.fullmatch(symbol) else None
            section = (s.page, token) if heading and token and _UTILITY_HEADING.fullmatch(s.norm.strip()) else None
        if lead and (s.page != lead[0].page or not _LIST_ITEM.match(s.text)):
            lead = None
        if lead and not named:  # each item of the list is a use of the lead's token; a new sentence after the
            item = re.split(r"\n(?=[A-Z])", s.text)[0]  # last item (no full stop between them) is not an item
            s = replace(s, norm=f"{lead[1]} {matching_text(item)}")
        other = COMPARISON.search(s.norm)  # only a leading "such as" is let through: keep what precedes it
        # a heading or a label is short; a short sentence of three words or more is not ("Validators stake ACM.")
        short = len(s.norm) < 25 and not re.fullmatch(r"\S+(?:\s+\S+){2,}[.!]", s.norm.strip())
        if other and other.group().lower() != "such as" or short or toc(s.norm) or _NO_RIGHTS.search(s.norm):
            continue
        if not (named or lead):  # the token is named, or the list's lead named it, or the section is its uses
            resolved = _pronoun_as_token(ctx, s, prev)
            if resolved is None and section and not _other_money(ctx, s.norm):
                resolved = replace(s, norm=f"{section[1]} {s.norm}")  # "Token Utility / Stakers receive 50% of fees."
            if resolved is None:
                _fee_capture(ctx, s, prev, capture)
                continue
            s = resolved
        if _token_denied(ctx, s.norm):
            continue  # "Users pay with ETH or USDC; LMN is not needed."
        before = other.start() if other else None
        for kind, pattern in _UTILITY:
            m = None if kind in seen else near(ctx, s.norm, pattern, before)
            if m is None:
                continue
            if kind == "payment" and re.search(r"\bto (?:buy|purchase)\b", m.group(0), I) and (
                    ctx.own.search(s.norm[m.end(): m.end() + 30]) or re.match(r"\s+(?:back|up)\b", s.norm[m.end():])):
                continue  # "fees are used to buy (back) CRV": the token is what gets bought
            if kind == "payment" and "gas_fees" in seen and re.search(r"\bfees?\b", s.norm, I):
                continue
            if kind == "revenue_share" and _no_one_paid(s.norm):
                continue
            if kind == "access" and _SALE.search(s.norm):
                continue  # "presale buyers get a 20% discount": on buying the token, not on using it
            if kind == "work" and re.search(r"\bpurchas|\bsale\b|\bICO\b|\bcrowd|\badvis|\bbonus", s.norm, I):
                continue
            if (kind == "payment" and "currency" in m.group(0)
                    and _OTHER_CHAIN.search(s.norm[max(0, m.start() - 15): m.end() + 20])):
                continue  # "ETH, the native currency of Ethereum": another chain's coin
            if kind == "collateral" and re.search(r"\b(?:ETH|ether|BTC|bitcoins?|USDC|USDT|DAI|stablecoins?)\b",
                                                  s.norm[max(0, m.start() - 20): m.start()], I):
                continue  # "users lock ETH as collateral": another asset is the collateral
            seen.add(kind)
            t.utility.uses.append(UtilityItem(kind=kind, evidence=s.evidence()))
            if kind == "collateral":
                capture("collateral", s)
            if kind == "staking" and _LOCK.search(s.norm):
                capture("staking", s)
        for kind, pattern in _VALUE_CAPTURE:
            if kind == "fee_share" and _no_one_paid(s.norm):
                continue
            if kind not in captured and near(ctx, s.norm, pattern, before) and not _UNSOLD.search(s.norm):
                capture(kind, s)


# a heading over the token's uses: "Token Utility", "3.2 ACM Use Cases", "Utility of the ACM token"
_UTILITY_HEADING = re.compile(r"(?:\d+(?:\.\d+)*\.?\s+)?(?:(?:the\s+)?(?:[\w$]+\s+)?(?:tokens?|coins?)\s+|[\w$]+\s+)?"
                              r"(?:utility|utilities|use\s+cases?|uses|functions?)"
                              r"(?:\s+of\s+(?:the\s+)?[\w$]+(?:\s+(?:tokens?|coins?))?)?", I)
# a sentence that introduces a list of the token's uses: "IXT holders will be able to:", "ACM is used for:"
_USES_LEAD = words(
    r"used?",
    r"utility",
    r"utilities",
    r"able to",
    r"allows?",
    r"enables?",
    r"can",
    r"functions?",
    r"purposes?",
    r"serves?",
    r"roles?",
    r"(?:will|shall|to|for)(?=\s*:\s*$)",  # "In short BQX Tokens will :"
)
_LIST_ITEM = re.compile(r"\s*(?:[\u2022\u25cf\u25aa\u25a0\u25e6\u25cb\u2023\u27a2\u25ba\u2714\u2713*\-–—]|\d{1,2}[.)]\s|"
                        r"[a-h][.)]\s|\(\w\)\s)")
# a sentence whose token is a pronoun: "It is used to pay transaction fees", "Validators stake it"
_PRONOUN = re.compile(r"^\W*(?:It|This\s+token|The\s+token)\b|(?<=[a-z] )it\b(?=\s+(?:to|for|as|in|on)\b|\s*[,.;])")


def _other_money(ctx: Ctx, text: str) -> bool:
    """Whether ``text`` names a currency or a ticker other than the project's own ("pay in ETH", "3 MLN")."""
    return (any(not ctx.own.fullmatch(m.group()) and m.group() not in NOT_TICKERS
                for m in re.finditer(r"\b[A-Z][A-Z0-9]{1,5}\b", text))
            or bool(re.search(rf"\b(?:{_OTHER_MONEY}|DAI|dollar|euros?|stable ?coins?)\b", text, I)))


def _pronoun_as_token(ctx: Ctx, s: Sentence, prev: Sentence | None) -> Sentence | None:
    """``s`` with its pronoun read as the token the sentence before is about ("ACM is the native token of
    Acme. It is used to pay fees."), or None."""
    topic = ctx.own.search(prev.norm) if prev is not None and prev.page == s.page else None
    if not topic or topic.start() > len(re.match(r"\W*(?:the\s+)?", prev.norm, I).group()):
        return None  # the sentence before is not about the token
    norm, n = _PRONOUN.subn(topic.group(), s.norm, count=1)
    return replace(s, norm=norm) if n else None


def _no_one_paid(text: str) -> bool:
    """A share of fees spent on the token ("a portion of the fees is used to buy back and burn ACM"), paid to no holder."""
    spent = any(pattern.search(text) for kind, pattern in _VALUE_CAPTURE if kind in ("burn", "buyback"))
    return spent and not _TO_HOLDERS.search(text)


_FEE_BURN = one_of(
    r"\bfees?\b[^.;]{0,40}\b(?:is|are|gets?|will be|being)\s+(?:\w+\s+)?(?:burn(?:ed|t)|destroyed)\b",
    r"\bburns?\b[^.;]{0,30}\b(?:of\s+)?(?:the\s+)?(?:transaction |network |protocol )?fees?\b",
)
_FEE_SPLIT = re.compile(r"\bfees?\b[^.;]{0,30}\b(?:is|are)\s+(?:split|shared|distributed)\s+(?:among|between|to)\b"
                        r"[^.;]{0,30}\b(?:holders|stakers|operators|validators|nodes)\b", I)
_OTHER_CHAIN = words(
    r"Ethereum",
    r"Bitcoin",
    r"ETH",
    r"ether",
    r"BTC",
    r"EIP",
    r"Solana",
    r"BNB",
    flags=0,
)


def _fee_capture(ctx: Ctx, s: Sentence, prev: Sentence | None, capture) -> None:
    """Fees burned or split among stakers, in a sentence that does not repeat the token's name.

    A fee burn counts when no other chain is named; a fee split when the sentence
    before (same page) names the token and its fee ("consumers pay a fee in COBL ...").
    """
    if _UNSOLD.search(s.norm) or _OTHER_CHAIN.search(s.norm):
        return
    m = _FEE_BURN.search(s.norm)
    if m and not is_negated(s.norm, m.start()):
        capture("burn", s)
    m = _FEE_SPLIT.search(s.norm)
    if (m and not is_negated(s.norm, m.start()) and prev is not None and prev.page == s.page
            and ctx.own.search(prev.norm) and re.search(r"\bfees?\b", prev.norm, I)):
        capture("fee_share", s)


# ------------------------------------------------------------------ controls

_CONSENSUS: list[tuple[str, re.Pattern]] = [
    ("delegated proof-of-stake (DPoS)", one_of(
        r"\bdelegated proof[- ]of[- ]stake\b",
        r"\bDPoS\b",
    )),
    ("proof-of-stake (PoS)", one_of(
        r"\b(?i:proof[- ]of[- ]stake)\b",
        r"\bPoS\b",
        flags=0,
    )),
    ("proof-of-work (PoW)", one_of(
        r"\b(?i:proof[- ]of[- ]work)\b",
        r"\bPoW\b",
        flags=0,
    )),
    ("proof-of-authority (PoA)", one_of(
        r"\b(?i:proof[- ]of[- ]authority)\b",
        r"\bPoA\b",
        flags=0,
    )),
    ("proof-of-history (PoH)", one_of(r"\bproof[- ]of[- ]history\b")),
    ("proof-of-spacetime / proof-of-replication", one_of(r"\bproof[- ]of[- ](?:spacetime|replication)\b")),
    ("Byzantine fault tolerance (BFT)", words(
        r"Byzantine fault[- ]toleran(?:t|ce)",
        r"P?BFT",
        r"Tendermint",
    )),
    ("Avalanche (metastable sampling)", one_of(
        r"\bSnowball\b",
        r"\bAvalanche\b",
        flags=0,
    )),
]
_ADOPTS = words(
    r"we",
    r"our",
    r"uses?",
    r"using",
    r"employs?",
    r"adopts?",
    r"relies on",
    r"based on",
    r"built on",
    r"secured by",
    r"runs? on",
    r"consensus (?:mechanism|algorithm|protocol|engine)",
    r"will use",
    r"implements?",
)


_CONSENSUS_WORDS = words(
    r"consensus",
    r"secur\w*",
    r"validat\w*",
    r"blocks?",
    r"blockchains?",
    r"architecture",
    r"mining",
    r"miners?",
    r"stak\w*",
    r"agreement",
    r"ledger",
    r"chain",
)


def _consensus(ctx: Ctx) -> Fact:
    """The consensus mechanism the paper adopts: named at least 3 times, once as adopted."""
    counts: Counter[str] = Counter()
    best: dict[str, Sentence] = {}
    for s in ctx.sentences:
        for name, pattern in _CONSENSUS:
            if pattern.search(s.norm):
                counts[name] += 1
                if (name not in best and _ADOPTS.search(s.norm) and _CONSENSUS_WORDS.search(s.norm)
                        and not COMPARISON.search(s.norm) and "@" not in s.norm):
                    best[name] = s
    for name, n in counts.most_common():
        if n >= 3 and name in best:
            delegated = _CONSENSUS[0][0]
            if name == _CONSENSUS[1][0] and delegated in best:  # "uses delegated proof-of-stake"
                name = delegated
            return fact_of(name, best[name])
    return Fact()


_STAKING = one_of(
    r"\bstak(?:e|es|ed|ing)\b",
    r"\bbond(?:ed|ing)?\b",
)
_STAKING_TRAITS = [
    ("slashing", one_of(r"\bslash")),
    ("lock-up", one_of(
        r"\block(?:ed|s|-up| up)?\b",
        r"\bunbond",
        r"\bbonded\b",
        r"\bescrow",
    )),
    ("rewards", one_of(
        r"\breward",
        r"\binterest\b",
        r"\bearn",
    )),
]


def _staking(ctx: Ctx) -> Fact:
    best: tuple[int, Sentence, list[str]] | None = None
    for s in ctx.sentences:
        if COMPARISON.search(s.norm) or not near(ctx, s.norm, _STAKING):
            continue
        traits = [name for name, p in _STAKING_TRAITS if p.search(s.norm)]
        if traits and (best is None or len(traits) > best[0]):
            best = (len(traits), s, traits)
    if best is None:
        return Fact()
    return fact_of("staking with " + ", ".join(best[2]), best[1])


_GOVERNANCE = one_of(
    r"\bvot(?:e|es|ed|ing)\b",
    r"\bgovern(?:s|ed|ance)?\b",
    r"\bproposals?\b",
)
_GOV_TRAITS = [
    ("on-chain", one_of(r"\bon[- ]chain\b")),
    ("off-chain", one_of(r"\boff[- ]chain\b")),
    ("token-holder voting", one_of(
        r"\bholders?\b",
        r"\bstakeholders?\b",
        r"\bvot",
    )),
    ("delegates", one_of(r"\bdelegat")),
    ("foundation or team control", words(
        r"foundation",
        r"team",
        r"board",
        r"council",
        r"committee",
    )),
]


def _governance(ctx: Ctx) -> Fact:
    """How the token governs: the sentence about it that names the most traits.

    A sentence about governance just before it on the same page ("Governance is
    fully on-chain.") adds its traits and joins the quote when both fit.
    """
    best: tuple[int, list[str], Evidence] | None = None
    previous: Sentence | None = None
    for s in ctx.sentences:
        prev, previous = previous, s
        if COMPARISON.search(s.norm) or not near(ctx, s.norm, _GOVERNANCE):
            continue
        text, evidence = s.norm, s.evidence()
        if prev is not None and prev.page == s.page and _GOVERNANCE.search(prev.norm):
            page_text = ctx.doc.pages[s.page - 1].text
            span = page_text[prev.start: s.start + len(s.text)]
            if quote_length(span) <= QUOTE_LIMIT:
                text, evidence = normalize(span), Evidence(page=s.page, quote=span)
        traits = [name for name, p in _GOV_TRAITS if p.search(text)]
        if traits and (best is None or len(traits) > len(best[1])):
            best = (len(traits), traits, evidence)
    if best is None:
        return Fact()
    return Fact(value="governance: " + ", ".join(best[1]), evidence=best[2])


_ADMIN: list[tuple[str, re.Pattern]] = [
    ("upgradeable", one_of(
        r"\bupgrad(?:e)?able\b",
        r"\bproxy contract\b",
        r"\bcontracts? (?:can|may|will) be (?:upgraded|replaced)\b",
    )),
    ("pausable", one_of(
        r"\bpausable\b",
        r"\b(?:pause|halt|suspend)s? (?:all )?(?:the )?(?:contract|transfers|trading|token)",
        r"\bemergency (?:stop|shutdown)\b",
    )),
    ("blacklist", one_of(
        r"\b(?:blacklist|blocklist)\w* (?:addresses|accounts|wallets|users|holders)\b",
        r"\b(?:blacklist|blocklist)(?:ed|ing)? (?:an? )?(?:address|account|wallet)\b",
        r"\bfreez(?:e|ing) (?:the )?(?:funds|accounts?|tokens|addresses|assets|balances?)\b",
    )),
    ("mintable", one_of(
        r"\b(?:owner|admin|administrator|team|foundation|company|issuer)\b.{0,40}\b"
            r"(?:can|may|is able to|has the (?:right|ability) to) (?:mint|issue|create) (?:new|additional|more)\b",
    )),
    ("fee_modifiable", one_of(
        r"\b(?:owner|admin|administrator|team|foundation|company)\b.{0,40}\b(?:can|may|reserves the right to) "
            r"(?:change|adjust|set|modify|update|raise|increase) (?:the )?(?:\w+ )?fees?\b",
    )),
]

_IMMUTABLE = one_of(
    r"\bnon-?upgrad(?:e)?able\b",
    r"\bnot upgrad(?:e)?able\b",
    r"\bcannot be (?:upgraded|changed)\b",
    r"\bimmutable (?:contracts?|code)\b",
)
_AUDIT_WORD = one_of(
    r"\baudit(?:ed|s|ing|or)?\b",
    r"\bsecurity review\b",
    r"\bformal verification\b",
)
_SCOPE = words(
    r"smart contracts?",
    r"token contract",
    r"(?:crowd|token )?sale contract",
    r"protocol",
    r"codebase",
    r"source code",
    r"reserves?",
    r"bank balances?",
)
_TAX = re.compile(r"\b(?:buy|sell|transfer|transaction)(?:/(?:buy|sell))? tax(?:es)?\b", I)


_AUDITED_BY = re.compile(r"\bby\s+(?:the\s+)?((?-i:[A-Z][\w'-]*(?:\.[\w'-]+)*(?:\s+(?:&\s+)?[A-Z][\w'.-]*[\w'-]){0,3}))"
                         r"(?=\s+(?:in|on|and|during|between|before|after|at)\b|\s*[.,;(]|$)")
_NOT_AUDITOR = one_of(
    r"^(?:The|This|Our|We|Us|Its|Their|Independent|External|Internal|Third|An?)\b",
    r"\b(?:Team|Foundation|Community|Developers?|Contributors?|January|February|March|April|May|June|July"
        r"|August|September|October|November|December)\b",
    flags=0,
)


def _mentions(ctx: Ctx, name: str) -> int:
    """How many times ``name`` occurs in the document (as a whole word)."""
    pattern = re.compile(r"\b" + re.escape(name) + r"\b")
    return sum(len(pattern.findall(page.norm)) for page in ctx.doc.pages)


def fill_controls(t: Tokenomics, ctx: Ctx) -> None:
    """Consensus, staking, governance, admin powers, audits and stated buy/sell tax."""
    c = t.controls
    c.consensus = _consensus(ctx)
    c.staking = _staking(ctx)
    c.governance = _governance(ctx)
    for kind, pattern in _ADMIN:
        if kind == "upgradeable" and first_match(ctx, _IMMUTABLE):
            continue
        hit = first_match(ctx, pattern)
        if hit and not COMPARISON.search(hit[0].norm):
            c.admin_powers.append(AdminPower(kind=kind, evidence=hit[0].evidence()))
    firms: set[str] = set()
    own_words = {w.lower() for n in ctx.names for w in n.split()}
    for s in ctx.sentences:
        audit = _AUDIT_WORD.search(s.norm)
        if not audit or COMPARISON.search(s.norm) or is_negated(s.norm, audit.start()):
            continue
        found = list(AUDIT_FIRM.finditer(s.norm))
        if not found:  # a firm not on the list: "audited by Quarrystone Security in May 2024"
            found = [m for m in _AUDITED_BY.finditer(s.norm, audit.start())
                     if m.start() - audit.start() <= 80 and " " in m.group(1)
                     and not _NOT_AUDITOR.search(m.group(1))
                     and not {w.lower().strip(".") for w in m.group(1).split()} & own_words
                     and _mentions(ctx, m.group(1)) <= 5]  # the project itself is named throughout
        for m in found:
            firm = m.group(1)
            if firm in firms:
                continue
            firms.add(firm)
            date = DATE.search(s.norm, m.end(), m.end() + 40) or DATE.search(s.norm)  # "X in May 2024"
            scope = _SCOPE.search(s.norm)
            c.audits.append(Audit(firm=firm, date=date.group(0) if date else None,
                                  scope=scope.group(0) if scope else None, evidence=s.evidence()))
    for s in ctx.sentences:
        m = _TAX.search(s.norm)
        if not m:
            continue
        window = s.norm[max(0, m.start() - 30): m.end() + 30]
        pct = parse_percent(window)
        if pct is not None and 0 <= pct < 100:
            c.tax_pct = fact_of(pct, s)
            break


# ------------------------------------------------------------------ summary

_SUMMARY_VERB = words(
    r"is an?",
    r"are an?",
    r"aims to",
    r"intends to",
    r"enables?",
    r"allows?",
    r"provides?",
    r"we (?:propose|present|introduce|describe|are building|are developing)",
    r"will be",
    r"is designed",
    r"creates?",
    r"is building",
    r"is developing",
)
_SUMMARY_BAD = one_of(
    r"https?://",
    r"www\.",
    r"\[\d+\]",
    r"\bet al\b",
    r"table of contents",
    r"copyright",
    r"©",
    r"\bUniversity\b",
    r"∗",
    r"@",
    r"\bfigure\b",
    r"\bdisclaimer\b",
    r"\.{4,}",
)


_SUMMARY_NOT = words(
    r"offering",
    r"investors?",
    r"securities",
    r"promises?",
    r"guarantee",
    r"accredited",
    r"not an offer",
    r"co-?founder",
    r"CEO",
    r"CTO",
    r"was the",
    r"disclaimer",
    r"risks?",
    # legal boilerplate: "It does not create a contract between ...", "makes no binding representations"
    r"contract between",
    r"binding",
    r"representations?",
    r"warrant(?:y|ies|s)?",
    r"liabilit(?:y|ies)",
    r"solely",
    r"secondary markets?",
    r"come to fruition",
    r"materially",
    r"agreement",
    r"terms and conditions",
    r"not intended",
    r"constitutes?",
    r"advice",
)


_WE_PRESENT = words(
    r"we (?:present|propose|introduce|describe)",
    r"this paper (?:presents|introduces|describes|proposes)",
)


def fill_summary(t: Tokenomics, ctx: Ctx) -> None:
    """One to two verbatim sentences from the opening pages saying what the project does."""
    limit = min(5, max(2, ctx.doc.page_count // 5))
    names = [n.lower() for n in ctx.names if len(n) >= 3]
    scored: list[tuple[float, int, Sentence]] = []
    for i, s in enumerate(ctx.sentences):
        if s.page > limit:
            break
        number = re.match(r"\s*\d{1,3}[ \t]*\n\s*", s.text)  # the page number printed above: not the sentence's
        if number:
            s = Sentence(s.page, s.start + number.end(), s.text[number.end():], matching_text(s.text[number.end():]))
        words = s.norm.split()
        lowered = re.sub(r"^[●•▪■◦○\uf0b7-]\s*", "", s.norm.lower())  # a bullet before "X is a ..."
        opens = any(re.match(r"(?:the )?" + re.escape(n) + r"\b.{0,40}\b(?:is|are|aims|will be)\b", lowered)
                    for n in names)
        short_ok = opens or _WE_PRESENT.search(s.norm)  # "We present Tezos, a self-amending crypto-ledger."
        if (not (10 if not short_ok else 7) <= len(words) <= 50 or _SUMMARY_BAD.search(s.norm)
                or not s.norm.endswith(".") or re.match(r"\d+ [a-z]", s.norm)):  # "5 we present": a cut sentence
            continue
        score = 0.0
        if _SUMMARY_VERB.search(s.norm):
            score += 2
        if opens:
            score += 3
            if any(re.match(r"(?:the )?" + re.escape(n) + r"\b.{0,30}?\b(?:is|are|will be) (?:an?|the)\b", lowered)
                   for n in names):
                score += 2  # "Golem is the first decentralized supercomputer": says what the project is
        elif any(n in lowered for n in names):
            score += 2
        if _WE_PRESENT.search(s.norm):
            score += 2
        if ctx.own.search(s.norm):
            score += 1
        if re.search(r"\b(?:decentrali[sz]ed|blockchain|protocol|platform|network|token|"
                     r"cryptocurrency|stablecoin)\b", s.norm, I):
            score += 1
        if _SUMMARY_NOT.search(s.norm):
            score -= 4
        if re.match(r"[○◦▪]", s.norm):
            score -= 1  # a second-level bullet: detail under a point, not the point
        if re.match(r"(?:However|Apart|This|These|Each|Any|If|But|Thus|Therefore|So|Also|In addition|"
                    r"For|As|At|When|While)\b", s.norm):
            score -= 1.5
        score -= 0.1 * s.page
        if score >= 2.5:
            scored.append((score, i, s))
    if not scored:
        return
    score, i, s = max(scored, key=lambda x: (x[0], -x[1]))
    quote, text = s.evidence(), s.norm
    if i + 1 < len(ctx.sentences):
        nxt = ctx.sentences[i + 1]
        page_text = ctx.doc.pages[s.page - 1].text
        if (nxt.page == s.page and ctx.own.search(nxt.norm) and nxt.norm.endswith(".")
                and quote_length(page_text[s.start: nxt.start + len(nxt.text)]) <= QUOTE_LIMIT):
            span = page_text[s.start: nxt.start + len(nxt.text)]
            quote = Evidence(page=s.page, quote=span)
            text = normalize(span)
    t.summary = Fact(value=text, evidence=quote)


# ------------------------------------------------------------------ entry point


def fill_terms(t: Tokenomics, doc: Document, warnings: list[str] | None = None,
               views: list[View] | None = None) -> None:
    """Fill utility, controls, sale, stablecoin, disclosure and summary of ``t`` from ``doc``.

    A section whose step fails is reported in ``warnings`` and left unstated.
    ``views`` are the document's page views (:func:`.text.page_views`), when already built.
    """
    views = page_views(doc) if views is None else views
    every = document_sentences(views)
    sentences = [s for s in every if not toc(s.norm)]
    own, names = own_terms(t, sentences)
    ctx = Ctx(doc=doc, views=views, sentences=sentences, all_sentences=every, own=own, names=names)
    for name, step in SECTIONS:
        run_step(t, warnings, name, (name,), step, t, ctx)


#: the terms half's sections, in the order :func:`fill_terms` runs them (each fills the field it names)
SECTIONS = (
    ("utility", fill_utility),
    ("controls", fill_controls),
    ("sale", fill_sale),
    ("stablecoin", fill_stablecoin),
    ("disclosure", fill_disclosure),
    ("summary", fill_summary),
)
