"""Rules backend, stablecoin: mechanism, peg, collateral and ratios, reserves and
their attestation, redemption, yield and the issuer's licence.
"""

from __future__ import annotations

import re
from collections import Counter

from paperlens.assess.ground import appears, value_checks
from paperlens.numbers import parse_percent
from paperlens.schema import Collateral, Fact, Stablecoin, Tokenomics
from paperlens.extract.rules.base import AUDIT_FIRM, NEGATION, I, Ctx, fact_of, first_match, is_negated
from paperlens.extract.rules.text import COMPARISON, EXAMPLE, Sentence, one_of, words

_STABLE = one_of(
    r"\bstable ?coins?\b",
    r"\bstable-coins?\b",
    r"\bprice[- ]stab(?:le|ility)\b",
    r"\bstable (?:value|currency|digital currency|cryptocurrency|money)\b",
    r"\bremain stable\b",
    r"\bprice is always stable\b",
    r"\bpegged to (?:the )?(?:US|USD|U\.S\.|one|fiat|\$|dollar|euro|EUR)",
    r"\bthe peg\b",
    r"\bpeg \w+ to\b",
    r"\bone-to-one (?:reserve )?ratio\b",
    r"\bbacked by (?:the )?(?:corresponding )?fiat\b",
    r"\bbacked (?:1:1|one-to-one|one for one) by\b",
    r"\bfiat[- ](?:backed|pegged|collateralized)\b",
    r"\bfully (?:collaterali[sz]ed|backed|reserved)\b[^.]{0,40}\b"
        r"(?:one[- ]for[- ]one|one[- ]to[- ]one|1:1|US dollars?|USD|fiat|cash)",
    r"\bredeemable\b[^.]{0,30}\b(?:one[- ](?:to|for)[- ]one|1:1|at par)\b",
    r"\b(?:one[- ]for[- ]one|one[- ]to[- ]one|1:1)\b[^.]{0,40}\b(?:US dollars?|USD|dollars?|euros?|EUR|fiat)\b",
    r"\bdigital (?:dollar|euro)s?\b",
)
_ONE_TO_ONE = words(
    r"one[- ](?:for|to)[- ]one",
    r"1:1",
    r"at par",
)
_MECHANISM: list[tuple[str, re.Pattern]] = [
    ("hybrid", one_of(
        r"\bfractional(?:[- ]reserve|[- ]algorithmic|ly collateralized)?\b",
        r"\bpartially collateral",
    )),
    ("crypto_collateral", one_of(
        r"\bcollateralized debt positions?\b",
        r"\bCDPs?\b",
        r"\bover-?collateral",
        r"\bcollateral(?:ise|ize)d? (?:by|with) (?:ether|ETH|crypto)",
        r"\bcollateral(?:ise|ize)s? the network\b",
        r"\bcollateral pool\b",
        r"\blocked (?:as|in) collateral\b",
        r"\bcollateralisation ratio\b",
        r"\bcollateralization ratio\b",
        r"\bcollateral ratio\b",
        # "Users mint LUSD by depositing ETH into vaults"
        r"\bdeposit\w*\s+(?:ETH|ether|BTC|bitcoin|crypto\w*|assets?)\s+(?:into|in)\s+(?:a\s+|the\s+|their\s+)?"
            r"(?:vaults?|troves?|CDPs?)\b",
    )),
    ("fiat_reserve", one_of(
        r"\b(?:backed|reserved)\b.{0,60}\b(?:fiat|US dollars?|bank|deposits?|cash|treasur(?:y|ies)|T-bills?"
            r"|money market)\b",
        r"\bfiat (?:reserves?|deposits?|tokens?)\b",
        r"\bfiat[- ]collateralized\b",
        r"\bone-to-one (?:reserve )?ratio\b",
        r"\bproof of reserves\b",
        r"\breal world assets?\b.{0,40}\breserve",
    )),
    ("algorithmic", one_of(
        r"\balgorithmic\b",
        r"\belastic (?:money )?supply\b",
        r"\bseigniorage\b",
        r"\bexpand(?:s|ing)? (?:and|or) contract(?:s|ing)? (?:the )?(?:money )?supply\b",
        r"\badjusts? the supply\b",
        r"\bnon-collateral",
        r"\bcontraction\b",
        r"\bliquidity pools?\b",
        r"\bpark(?:ing)?\b",
    )),
]
_PEG = words(
    r"pegged(?: to)?",
    r"peg(?: to)?",
    r"stable relative to",
    r"stable against",
    r"tethered to",
    r"parity with",
    r"1:1",
    r"one-to-one",
    r"denominated in",
    r"remains at",
    r"equals one",
    r"is one",
    r"target(?:s|ing)? (?:a (?:price|value) of|the value of)?",
    r"(?:keeps?|maintains?|holds?) (?:its|the|a) (?:price|value) (?:at|near|close to)",  # "to keep its price at $1"
)
_PEG_ASSETS = [
    ("USD", one_of(
        r"\bUSD\b",
        r"\bUS [Dd]ollars?\b",
        r"\bU\.S\. dollars?\b",
        r"\$1\b",
        flags=0,
    )),
    ("multi-fiat (SDR basket)", one_of(
        r"\bSDR\b",
        r"\bbasket of (?:fiat )?currencies\b",
        flags=0,
    )),
    ("EUR", one_of(
        r"\bEUR\b",
        r"\beuros?\b",
    )),
    ("fiat", one_of(
        r"\bfiat currency\b",
        r"\bfiat\b",
    )),
]
_EXOGENOUS = [
    ("ETH", one_of(
        r"\bETH\b",
        r"\bether\b",
        r"\bPETH\b",
    )),
    ("BTC", one_of(
        r"\bBTC\b",
        r"\bbitcoin\b",
    )),
    ("USDC", one_of(r"\bUSDC\b", flags=0)),
    ("other stablecoins", one_of(
        r"\bstablecoins? as collateral\b",
        r"\bon-chain stablecoins\b",
    )),
    ("fiat currency", one_of(r"\bfiat currency\b.{0,30}\b(?:deposit|reserve)")),
]
_RATIO = one_of(
    r"\b(?P<which>liquidation ratio|(?:minimum |target )?collateral(?:i[sz]ation)? ratio)\b[^.%]{0,60}?"
        r"(?P<pct>\d{2,4}(?:\.\d+)?)\s?%",
    # "positions are liquidated when their ratio falls below 110%"
    r"\b(?P<liq>liquidat\w+) (?:when|if|once)\b[^.%]{0,50}?\b(?:falls?|drops?|goes) below "
        r"(?P<pct2>\d{2,4}(?:\.\d+)?)\s?%",
    # "vaults below 120% are liquidated"
    r"\bbelow (?P<pct3>\d{2,4}(?:\.\d+)?)\s?%(?: collateral\w*)? (?:are|is|will be|get|gets) (?P<liq2>liquidated)\b",
)
_ATTEST = words(
    r"attest\w*",
    r"audit\w*",
    r"verified by",
)
_FREQUENCY = words(
    r"daily",
    r"weekly",
    r"monthly",
    r"quarterly",
    r"annually",
    r"real[- ]time",
    r"periodic(?:ally)?",
    r"regular(?:ly)?",
    r"every (?:day|month|quarter|year)",
)
_REDEEM = one_of(
    r"\bredeem\w*",
    r"\bredemption\b",
    r"\bexchangeable for\b",
    # "holders ... exchange their Dai and CDPs directly for a fixed amount of ETH"
    r"\bexchange (?:their|your) \w+(?: and \w+)? (?:directly )?for\b",
    # "users can send 1 TerraSDR to the system and receive 1 SDR's worth of Luna"
    r"\b(?:send|return|deposit)s? (?!\S+ \S+ worth\b)(?:\S+ ){1,3}to the "
        r"(?:system|protocol|contract|issuer) and receive\b",
)
_PAR = one_of(
    r"\b(?:at par|1:1|one-to-one|one US dollar|one dollar|equivalent amount|face value)\b",
    r"\$1\b(?![.,]\d)",
    r"\b(?:1|one) (?:USD|US dollar|dollar|SDR|EUR|euro)(?:'s|\u2019s)? worth\b",
    # "redeem 1 USDX for 1 USD"
    r"\b(?:1|one) [A-Za-z]{2,10} (?:for|into|=) (?:1|one) (?:USD|US dollars?|dollars?|EUR|euros?)\b",
)
_YIELD = words(
    r"interest[- ]bearing",
    r"earn (?:an? )?(?:(?!no\b|zero\b|any\b)\w+ )?(?:interest|yield)",  # "earn a variable yield", not "earn no interest"
    r"pays? interest",
    r"savings rate",
    r"yield to holders",
)
_LICENCE = words(
    r"licensed",
    r"licence",
    r"license",
    r"money transmitter",
    r"money services business",
    r"MSB",
    r"FinCEN",
    r"e-money",
    r"regulated by",
    r"supervised by",
    r"chartered (?:by|under)",
    r"(?:limited[- ]purpose|chartered|regulated) trust company",
    r"trust charter",
    r"authori[sz]ed by",
)
# an unlisted accounting firm named as the one that attests: "an accounting firm, Calloway & Finch LLP,"
_FIRM_NAME = (r"(?P<firm>(?:[A-Z][\w'-]*\s+(?:&\s+)?){0,3}[A-Z][\w'-]*\s+(?:LLP|LLC|Ltd\.?|Limited|"
              r"Inc\.?|GmbH|AG|& Co\.?|Partners|Audit|Accountants|Assurance|Security|Labs))")
_ATTEST_FIRM = re.compile(
    r"(?:\b(?:accounting|audit(?:ing)?|assurance|security) firm,?\s+|\bauditors?,\s+"
    r"|\b(?:attested|audited|examined|reviewed|verified|certified) by\s+(?:the )?)" + _FIRM_NAME)


def _peg(ctx: Ctx) -> Fact:
    """The peg target: preferably the asset named right after "pegged to", "stable relative to"."""
    named: Fact | None = None
    vague: Fact | None = None
    for s in ctx.sentences:
        if COMPARISON.search(s.norm) or re.search(r"\b(?:may|could|might|later)\b", s.norm, I):
            continue
        if not (_STABLE.search(s.norm) or ctx.own.search(s.norm)):
            continue
        for m in _PEG.finditer(s.norm):
            after = s.norm[m.end(): m.end() + 25]
            for asset, p in _PEG_ASSETS:
                if asset != "fiat" and p.search(after):
                    return fact_of(asset, s)
                if asset != "fiat" and named is None and p.search(s.norm):
                    named = fact_of(asset, s)
                if asset == "fiat" and vague is None and p.search(after):
                    vague = fact_of(asset, s)
    return named or vague or Fact()


_SELF_STABLE = re.compile(r"(?:\bis|\bissues?|,)\s+an?\s+(?:[\w-]+\s+){0,3}stable ?coin\b(?![-\w])", I)


def _is_stablecoin(ctx: Ctx) -> bool:
    """Price stability is the paper's subject: 5+ mentions, one in the first 3 pages, 2+ early."""
    hits = [s for s in ctx.sentences if _STABLE.search(s.norm)]
    opening = [s for s in hits if s.page <= max(3, ctx.doc.page_count // 4)]
    if (len(hits) >= 5 and any(s.page <= 3 for s in hits)
            and (len(opening) >= 2 or any(s.page == 1 for s in opening))):
        return True
    # a short paper that opens by presenting itself as one ("EQD is an algorithmic stablecoin") and says so
    # again, or states a par value ("redeem 1 USDX for 1 USD at par")
    if any(s.page <= 2 and _presents_itself(ctx, s) for s in hits) and (
            len(hits) >= 2 or sum(bool(_ONE_TO_ONE.search(s.norm)) for s in ctx.sentences) >= 2):
        return True
    # a coin backed one-for-one and redeemable at par, said twice or more: "fully collateralized one-for-one by USD"
    return sum(bool(_ONE_TO_ONE.search(s.norm)) for s in hits) >= 2


def _presents_itself(ctx: Ctx, s: Sentence) -> bool:
    """"<own token or project> is a ... stablecoin", not "DAI is a stablecoin" in a lending paper."""
    m = _SELF_STABLE.search(s.norm)
    if not m or COMPARISON.search(s.norm):
        return False
    before = s.norm[: m.start()]
    return bool(ctx.own.search(before)) or any(n and n.lower() in before.lower() for n in ctx.names)


def fill_stablecoin(t: Tokenomics, ctx: Ctx) -> None:
    """A Stablecoin, only when the paper presents its own token as price-stable."""
    if not _is_stablecoin(ctx):
        return
    sc = Stablecoin()
    counts: Counter[str] = Counter()
    first: dict[str, Sentence] = {}
    for s in ctx.sentences:
        if COMPARISON.search(s.norm) or re.search(r"\b(?:previous|existing|other|such as)\b", s.norm, I):
            continue
        for name, pattern in _MECHANISM:
            if pattern.search(s.norm):
                counts[name] += 1
                if len(s.norm) >= 40:
                    first.setdefault(name, s)
    if counts:
        if counts["hybrid"] >= 3:
            name = "hybrid"
        else:
            name = max((n for n in counts if n != "hybrid"), key=lambda n: counts[n], default=None)
        if name and name in first:
            sc.mechanism = fact_of(name, first[name])
    sc.peg = _peg(ctx)
    _collateral(sc, ctx)
    _endogenous(sc, ctx)
    for s in ctx.sentences:
        if EXAMPLE.search(s.norm):
            continue
        for m in _RATIO.finditer(s.norm):
            pct = float(m.group("pct") or m.group("pct2") or m.group("pct3"))
            if not 100 <= pct <= 1000:
                continue
            if m.group("liq") or m.group("liq2") or "liquidation" in m.group("which").lower():
                if not sc.liquidation_ratio_pct.stated:
                    sc.liquidation_ratio_pct = fact_of(pct, s)
            elif not sc.min_collateral_ratio_pct.stated:
                sc.min_collateral_ratio_pct = fact_of(pct, s)
    if sc.liquidation_ratio_pct.stated and not sc.min_collateral_ratio_pct.stated:
        sc.min_collateral_ratio_pct = sc.liquidation_ratio_pct.model_copy(deep=True)
    if sc.mechanism.value == "fiat_reserve":
        _reserve(sc, ctx)
    _redemption(sc, ctx)
    _yield(sc, ctx)
    t.stablecoin = sc


_REDEEM_FOR = one_of(
    r"\b(?:fiat|dollars?|USD|collateral|underlying|face value|worth of|ETH|ether)\b",
    r"\$1\b",
)
_AT_PAR = one_of(
    r"\b(?:at par|1:1|one-to-one|face value)\b",
    r"\$1\b(?![.,]\d)",
    r"\b(?:1|one) (?:USD|US dollar|dollar|SDR|EUR|euro)(?:'s|\u2019s)? worth\b",
    # "redeem 1 USDX for 1 USD"
    r"\b(?:1|one) [A-Za-z]{2,10} (?:for|into|=) (?:1|one) (?:USD|US dollars?|dollars?|EUR|euros?)\b",
)
# a hope or a condition, not a term: "as long as the ratio remains favourable ... can be redeemed"
_HEDGED = words(
    r"as long as",
    r"provided that",
    r"confidence that",
    r"if or when",
    r"should",
    r"would",
    r"aims? to",
    r"intends? to",
    r"hopes? to",
    r"goal",
)
# who redeems: "holders", "users", "customers", ...
_REDEEMER = words(
    r"holders?",
    r"users?",
    r"customers?",
    r"anyone",
    r"clients?",
    r"redeemers?",
    r"arbitrag\w+",
)


def _redemption(sc: Stablecoin, ctx: Ctx) -> None:
    """How holders redeem: the first redemption sentence that states a par redemption, else
    one that says who redeems, else the first; "at par" only when the term is not hedged."""
    hits = [s for s in ctx.sentences
            if (m := _REDEEM.search(s.norm)) and not is_negated(s.norm, m.start()) and _REDEEM_FOR.search(s.norm)
            and not EXAMPLE.search(s.norm)]
    if not hits:
        return
    par = [h for h in hits if _AT_PAR.search(h.norm) and not _HEDGED.search(h.norm)]
    s = next(iter(par), None) or next((h for h in hits if _REDEEMER.search(h.norm)), hits[0])
    sc.redemption = fact_of(s.norm, s)
    if _PAR.search(s.norm) and not _HEDGED.search(s.norm):
        sc.redemption_at_par = fact_of(True, s)


_NO_YIELD = one_of(
    r"\b(?:does not|do not|will not|never|doesn't|don't|won't)\s+(?:pay|bear|earn|accrue|offer)\s+(?:any\s+)?"
        r"(?:interest|yield)\b",
    r"\bno (?:interest|yield)\b",
    r"\bnon-interest[- ]bearing\b",
)


def _yield(sc: Stablecoin, ctx: Ctx) -> None:
    """Whether holders earn a yield: True when offered, False when the paper says they do not."""
    hit = first_match(ctx, _YIELD)
    if hit:
        sc.yield_to_holders = fact_of(True, hit[0])
        return
    for s in ctx.sentences:
        if _NO_YIELD.search(s.norm) and (ctx.own.search(s.norm) or re.search(r"\bholders?\b", s.norm, I)):
            sc.yield_to_holders = fact_of(False, s)
            return


def _collateral(sc: Stablecoin, ctx: Ctx) -> None:
    """Collateral assets; the project's own tokens count as endogenous."""
    seen: set[str] = set()
    for s in ctx.sentences:
        if not re.search(r"\bcollateral\w*|\bbacked by\b|\b(?:ether|ETH|bitcoin|BTC)-backed\b|"
                         r"\bdeposit\w*\b[^.;]{0,40}\b(?:into|in) (?:a |the |their )?(?:vaults?|CDPs?)\b", s.norm, I):
            continue
        if COMPARISON.search(s.norm) or EXAMPLE.search(s.norm) or re.search(
                r"\b(?:previous|existing|other projects|usually|subcategori[sz]ed)\b", s.norm, I):
            continue
        for asset, p in _EXOGENOUS:
            if asset not in seen and p.search(s.norm):
                seen.add(asset)
                sc.collateral.append(Collateral(asset=asset, endogenous=False, evidence=s.evidence()))
        for m in ctx.own.finditer(s.norm):
            name = m.group(0)
            if (name.lower() in seen or re.match(r"(?:our|this|its|native|utility|platform|network|"
                                                  r"token)\b", name, I)
                    or re.search(re.escape(name) + r"\W{0,3}stable ?coin|stable ?coin\W{0,3}\(?"
                                 + re.escape(name), s.norm, I)):
                continue
            after = s.norm[m.end(): m.end() + 30]
            before = s.norm[max(0, m.start() - 30): m.start()]
            if NEGATION.search(after[:20]):
                continue  # "KST is not accepted as collateral"
            if (re.search(r"\b(?:provides? the collateral|collaterali[sz]es|is (?:used |locked )?as "
                          r"collateral|as collateral)\b", after, I)
                    or re.search(r"\b(?:collaterali[sz]ed (?:by|with)|backed by|collateral of)\W+$",
                                 before, I)):
                seen.add(name.lower())
                sc.collateral.append(Collateral(asset=name, endogenous=True, evidence=s.evidence()))


# Sentences naming the token that backs the coin, the name in group "t":
_BACKER = [
    # "A havven holder provides the collateral", "This token provides the collateral for the system"
    re.compile(r"\b(?P<t>[\w-]+)(?: tokens?)?(?: holders?| owners?)? provides? (?:the |all )?collateral\b", I),
    # "The havven token is a novel asset ... the network it collateralises"
    re.compile(r"\b(?P<t>[\w-]+) tokens?\b[^.;]{0,120}?\b(?:it|that|which) collaterali[sz]es\b", I),
    # "pay the owners of the havven token for collateralising the system"
    re.compile(r"\b(?:owners?|holders?) of (?:the )?(?P<t>[\w-]+)(?: tokens?)? for collaterali[sz]ing\b", I),
    # "nomins are collateralised by havvens", "backed by the native token", "secured by staked SNX"
    re.compile(r"\b(?:collaterali[sz]ed|backed|secured) (?:\w+ )?(?:by|with) (?:the |its |their )?(?:escrowed |staked |"
               r"locked |minted )?(?P<t>(?:our|native|platform|network|protocol|governance|share) tokens?|[\w-]+)", I),
    # "redeemable for ... the remaining value in FXS minted from the system", "$0.10 worth of minted FXS",
    # "receive 1 SDR's worth of Luna": what a redeemer is paid in is what backs the coin
    re.compile(r"\b(?:redeem\w*|receiv\w+|returned)\b[^.;]{0,120}?\b(?:worth of|value in|remaining (?:value )?"
               r"(?:in|from)|in the form of) (?:newly )?(?:minted )?(?P<t>[\w-]+)", I),
]
_NOT_A_TOKEN = re.compile(
    r"(?:the|a|an|this|that|its|their|each|every|one|two|all|any|some|which|who|it|they|user|users|system|"
    r"network|protocol|collateral|value|fiat|currency|dollars?|usd|sdr|eur|euros?|cash|assets?|crypto\w*|"
    r"eth|ether|btc|bitcoins?|dai|usdc|usdt|tether|gold|stable ?coins?|debt|reserves?|\d[\d.,]*|\$\S*)", I)
_GENERIC_OWN = re.compile(r"(?:our|native|platform|network|protocol|governance|share) tokens?", I)


def _system_tokens(ctx: Ctx) -> set[str]:
    """Lower-cased names of the project's own tokens: those the rules already know, and names the
    paper itself uses as a token's name ("the havven token", "the mining Luna token") often."""
    text = " ".join(s.norm for s in ctx.sentences)
    names = {m.group(0).lower() for s in ctx.sentences for m in ctx.own.finditer(s.norm)}
    names |= {n.lower() for n in ctx.names if n}
    for word in {m.group(1) for m in re.finditer(r"\b([A-Za-z][\w-]{2,15}) tokens?\b", text)}:
        if _NOT_A_TOKEN.fullmatch(word) or word.lower() in names:
            continue
        if (len(re.findall(r"\b" + re.escape(word) + r"s?\b", text, I)) >= 8
                and re.search(r"\b" + re.escape(word[:1].upper() + word[1:]) + r"\b", text)):
            names.add(word.lower())
    return names


def _endogenous(sc: Stablecoin, ctx: Ctx) -> None:
    """The project's own token as collateral, when the paper says it backs the coin."""
    tokens = _system_tokens(ctx)
    text = " ".join(s.norm for s in ctx.sentences)
    seen = {c.asset.lower() for c in sc.collateral}
    for s in ctx.sentences:
        if COMPARISON.search(s.norm) or EXAMPLE.search(s.norm):
            continue
        for pattern in _BACKER:
            for m in pattern.finditer(s.norm):
                name = m.group("t")
                if name.lower().endswith("s") and name.lower()[:-1] in tokens:
                    name = name[:-1]  # "havvens"
                key = name.lower()
                generic = _GENERIC_OWN.fullmatch(name)
                if key in seen or _NOT_A_TOKEN.fullmatch(name) or not (generic or key in tokens):
                    continue
                if is_negated(s.norm, m.start()) or NEGATION.search(s.norm[m.end(): m.end() + 20]):
                    continue
                if re.search(r"\b" + re.escape(name) + r"\W{0,3}(?:the )?stable ?coins?\b|stable ?coins?,?\W{0,3}"
                             + re.escape(name) + r"\b", text, I):
                    continue  # the coin itself: "the FRAX stablecoin"
                seen.add(key)
                sc.collateral.append(Collateral(asset=name, endogenous=True, evidence=s.evidence()))


_BACKED_BY_FIAT = re.compile(
    r"\bbacked\b[^.;]{0,80}?\b(?:by|with)\s+(?:the |an? )?(?:(?:equal|equivalent) amount of |one unit of )?"
    r"(?:corresponding |underlying |reserved )?(?:fiat|US dollars?|USD|dollars?|cash|euros?)\b", I)


_FULL_RESERVE = one_of(
    r"\b(?:fully|100%) (?:backed|reserved|collaterali[sz]ed)\b",
    r"\bbacked\b[^.;]{0,40}\b(?:one-to-one|1:1|one[- ]for[- ]one)\b",
    r"\b(?:one-to-one|1:1) (?:backed|backing|reserves?)\b",
)


def _checkable(model) -> bool:
    """Every value in ``model`` appears in its own quote as the ground stage checks it.

    "fully backed" states a 100% reserve only if ground accepts it as writing 100; the rules
    never emit a figure that ground would then reject as not in its quote.
    """
    return all(appears(v, ev.quote) for ev, values in value_checks(model) for v in values)


def _reserve(sc: Stablecoin, ctx: Ctx) -> None:
    """Reserve composition and coverage, the attesting firm and how often, the issuer's licence."""
    for s in ctx.sentences:
        if re.search(r"\breserves?\b", s.norm, I) and re.search(  # "reserves are held in cash and T-bills"
                r"\b(?:held|kept|invested|consists?|composed|comprised?|made up)\b.{0,40}"
                r"\b(?:cash|deposits?|banks?|treasur\w+|bonds?|commercial paper|money market)\b", s.norm, I):
            sc.reserve_composition = fact_of(s.norm, s)
            break
    else:  # "each token is backed one-to-one by the corresponding fiat currency held in deposit"
        for s in ctx.sentences:
            if (_BACKED_BY_FIAT.search(s.norm) and re.search(r"\breserve|\bdeposit|\bheld\b", s.norm, I)
                    and not (COMPARISON.search(s.norm) or EXAMPLE.search(s.norm)
                             or re.search(r"\b(?:may|might|could|would|other|existing)\b", s.norm, I))):
                sc.reserve_composition = fact_of(s.norm, s)
                break
    for s in ctx.sentences:
        if re.search(r"\breserve", s.norm, I):
            pct = parse_percent(s.norm)
            if pct is not None and pct >= 50:
                sc.reserve_coverage_pct = fact_of(pct, s)
                break
    else:  # "always fully backed by an equal amount of fiat currency held in reserve"
        for s in ctx.sentences:
            if (_FULL_RESERVE.search(s.norm) and re.search(r"\breserve|\bdeposit|\bfiat\b|\bUSD\b|\bdollars?\b|"
                                                           r"\bbanks?\b|\bcash\b", s.norm, I)
                    and not (COMPARISON.search(s.norm) or EXAMPLE.search(s.norm)
                             or re.search(r"\b(?:may|might|could|would|if|other|existing|previous)\b", s.norm, I))):
                fact = fact_of(100.0, s)
                if _checkable(Stablecoin(reserve_coverage_pct=fact)):
                    sc.reserve_coverage_pct = fact
                    break
    for s in ctx.sentences:
        m = _ATTEST.search(s.norm)
        if not m or COMPARISON.search(s.norm):
            continue
        firm = AUDIT_FIRM.search(s.norm) or _ATTEST_FIRM.search(s.norm)
        if firm and not sc.attestation_firm.stated:
            sc.attestation_firm = fact_of(firm.group(1).strip(), s)
        freq = _FREQUENCY.search(s.norm)
        if (freq and not sc.attestation_frequency.stated
                and re.search(r"\breserve|\bbank|\bbalance", s.norm, I)):
            sc.attestation_frequency = fact_of(freq.group(0).lower(), s)
    issuer = [r"we|issuer|members?|company|limited|ltd"] + [re.escape(n) for n in ctx.names if n]
    hit = first_match(ctx, _LICENCE, where=re.compile(r"\b(?:" + "|".join(issuer) + r")\b", I))
    if hit:
        sc.issuer_licence = fact_of(hit[0].norm, hit[0])
