"""Rules backend, economics half: identity, supply, emission, conflicts, and the
entry point :func:`fill_supply`.

The pieces, each its own module: the ticker (:mod:`.symbol`), share mentions
(:mod:`.shares`) read with the holder lexicon (:mod:`.holders`), the allocation
judged by what adds up (:mod:`.allocation`), supply candidates (:mod:`.supply`),
vesting (:mod:`.vesting`); the text views all of them read are in
:mod:`.text`. Every quote is cut from ``page.text`` and is therefore verbatim.

The order matters: the symbol tells which counts are the token's; counts with a
supply phrase are the targets a count-only allocation may add up to; the
allocation found then votes for the supply it agrees with. Two supply figures of
equal standing become a :class:`Conflict` rather than a silent pick.

The rules prefer reporting nothing to reporting a guess:

* a rate is not a supply ("2 millions CRV per day"); an issuance rule stated
  outright ("0.26x the total amount sold ... per year forever") is an emission
  schedule, and "uncapped" only when the paper says the issuance never ends;
* the token standard must be said of the paper's own token ("C20 is an ERC20
  token"), never of tokens in general ("any ERC20 token", "ERC-20 pairs");
* the launch style needs repeated mentions or one plain statement ("released in
  a currency sale"); "mining" only when coins start as block rewards and no
  sale is mentioned at all;
* examples, illustrations and placeholders ("for example", "were based on",
  :data:`.text.EXAMPLE`) are skipped everywhere.
"""

from __future__ import annotations

import re
from collections import Counter

from paperlens.ingest.document import Document, Page
from paperlens.numbers import same_value
from paperlens.schema import Conflict, Evidence, Fact, Tokenomics
from paperlens.extract.rules import supply
from paperlens.extract.rules.allocation import fill_allocation
from paperlens.extract.rules.shares import running_lines
from paperlens.extract.rules.base import is_negated, run_step
from paperlens.extract.rules.vesting import fill_vesting
from paperlens.extract.rules.symbol import find_symbol, name_words
from paperlens.extract.rules.text import EXAMPLE, NOT_TICKERS, QUOTE_LIMIT, View, one_of, page_views, words


# ------------------------------------------------------------------ identity

_STANDARDS = [
    (re.compile(r"\bERC[- ]?20\b"), "ERC-20", "Ethereum"),
    (re.compile(r"\bERC[- ]?223\b"), "ERC-223", "Ethereum"),
    (re.compile(r"\bERC[- ]?777\b"), "ERC-777", "Ethereum"),
    (re.compile(r"\bTRC[- ]?10\b"), "TRC-10", "TRON"),
    (re.compile(r"\bTRC[- ]?20\b"), "TRC-20", "TRON"),
    (re.compile(r"\bBEP[- ]?20\b"), "BEP-20", "BNB Smart Chain"),
    (re.compile(r"\bNEP[- ]?5\b"), "NEP-5", "NEO"),
    (re.compile(r"\bSPL token\b"), "SPL", "Solana"),
]
_LAUNCH = [
    (one_of(
        r"\binitial exchange offering\b",
        r"\bIEO\b",
    ), "ieo"),
    (one_of(
        r"(?i:\binitial dex offering\b)",
        r"\bIDO\b",  # in capitals: "ido" is a word of other languages
        flags=0,
    ), "ido"),
    (one_of(r"\bfair launch\b"), "fair_launch"),
    (one_of(
        r"\binitial coin offering\b",
        r"\bICO\b",
        r"\bcrowdsale\b",
        r"\bcrowdfunding\b",
        r"\btoken sale\b",
        r"\bcontribution period\b",
        r"\btoken generation event\b",
    ), "ico"),
    (one_of(r"\bair[- ]?drop(?:s|ped|ping)?\b"), "airdrop"),
    (one_of(r"\bprivate\s+(?:token\s+)?(?:sale|placement|round)s?\b"), "private"),
]
# coins that come into being as block rewards, with no sale: "starts a new coin owned by the creator of the block"
_MINED = one_of(
    r"\b(?:starts?|creates?|issues?|mints?|generates?)\s+(?:a\s+)?new\s+coins?\s+(?:owned\s+by|to|for)\s+"
        r"(?:the\s+)?(?:creator\s+of\s+the\s+block|miners?|block\s+(?:creators?|producers?))",
    r"\bnew\s+(?:coins?|tokens?)\s+(?:are|is|will\s+be)\s+(?:only\s+)?"
        r"(?:created|issued|minted|generated|introduced)\s+(?:only\s+)?(?:by|through|via)\s+(?:mining|miners)\b",
    r"\b(?:coins?|tokens?)\s+(?:are|will\s+be)\s+(?:only\s+)?(?:distributed|issued|created)\s+(?:only\s+)?"
        r"(?:through|by|via)\s+mining\b",
)
_SOLD_IN_SALE = re.compile(
    r"\b(?:released|sold|distributed|issued|offered)\s+(?:in|through|via|during|at)\s+(?:a|an|the)\s+(?:public\s+)?"
    r"(?:currency|token|coin|crowd)\s*-?\s*sale\b", re.I)
_SALE = words(
    r"crowd\s?sale",
    r"token\s+sale",
    r"pre-?sale",
    r"public\s+sale",
    r"currency\s+sale",
    r"ICO",
    r"IEO",
    r"IDO",
)
_TITLE_STOP = {
    "White", "Paper", "Whitepaper", "WhitePaper", "The", "A", "An", "Of", "For", "And", "On",
    "Protocol", "Network", "Version", "Draft", "Project", "Final", "Full", "Introducing",
    "Decentralized", "Decentralised", "Token", "Tokens", "Coin", "Platform", "System", "Next",
    "Generation", "Whitepaper", "Document", "Crowdfunding", "Crowdsale", "Edition", "Abstract",
    "Introduction", "Contents", "Table", "Page", "In", "To", "With", "Is", "We", "This",
    "Confidential", "CONFIDENTIAL", "Last", "Revision", "Updated",
    "Ticker", "Symbol", "Name", "Date", "Author", "Authors",  # a fact sheet's labels: "Ticker: ACM"
}


def _fill_identity(t: Tokenomics, doc: Document, views: list[View], furniture: set[str]) -> None:
    body = " ".join(v.flat for v in views)  # the whole text, for the names' counts
    found = find_symbol(views, name_words(views, doc.metadata.get("title"), furniture))
    if found:
        sym, evidence = found
        t.identity.symbol = Fact(value=sym, evidence=evidence)
        _find_token_name(t, views, sym, body)
    for pattern, style in _LAUNCH:
        hits = [(v, m) for v in views for m in pattern.finditer(v.s)]
        strong = [h for h in hits if not re.fullmatch(r"ICO|IEO|IDO", h[1].group())]
        if len(hits) >= 3 or len(strong) >= 2:
            view, m = hits[0]
            if style == "private" and any(re.search(r"\bpublic\s+sale\b", v.flat, re.I) for v in views):
                continue  # private rounds ahead of a public sale: not a private launch
            t.identity.launch_style = Fact(value=style, evidence=_context_evidence(view, m))
            break
    if not t.identity.launch_style.stated:  # one plain statement: "Ether will be released in a currency sale"
        for view in views:
            m = _SOLD_IN_SALE.search(view.flat)
            if m and not EXAMPLE.search(view.flat[slice(*view.sentence(m.start()))]):
                t.identity.launch_style = Fact(value="ico", evidence=view.evidence(m.start(), m.end()))
                break
    if not t.identity.launch_style.stated and not any(_SALE.search(v.flat) for v in views):
        for view in views:
            m = _MINED.search(view.flat)
            if m and not EXAMPLE.search(view.flat[slice(*view.sentence(m.start()))]):
                t.identity.launch_style = Fact(value="mining", evidence=_context_evidence(view, m))
                break
    _find_project_name(t, doc, views, body)
    _find_standard(t, views)


# a fact sheet's line on the paper's own token: "Token standard: ERC-20", "Chain: Arbitrum (ERC-20)"
_SHEET_LINE = re.compile(r"\W*(?:token\s+)?(?:standard|type|chain|network|blockchain)\s*[:：]", re.I)
_STANDARD_NOUN = re.compile(r"[\s\-]*(?:[\w-]+\s+){0,2}?(?:tokens?|standard|contracts?|interface)\b", re.I)


def _context_evidence(view: View, m: re.Match) -> Evidence:
    """The line around a match, or its sentence when the line is a lone word (one word per line)."""
    ev = view.evidence(m.start(), m.end())
    if len(ev.quote.split()) == 1:
        a, b = view.sentence(m.start())
        lines = [ln for ln in view.s[a:b].split("\n") if ln.strip()]
        if (b - a <= QUOTE_LIMIT and a <= m.start() and m.end() <= b and len(lines) >= 5
                and sum(len(ln.split()) == 1 for ln in lines) > 0.6 * len(lines)):
            return view.span_evidence(a, b)
    return ev


def _find_standard(t: Tokenomics, views: list[View]) -> None:
    """The token standard, from a sentence about the paper's own token (not "any ERC20 token")."""
    names = [re.escape(w) for w in (t.identity.token_name.value, t.identity.project_name.value) if w]
    own = [r"\b" + re.escape(t.identity.symbol.value) + r"\b"] if t.identity.symbol.value else []
    own += [r"(?i:\b(?:" + "|".join(names) + r")s?\b)"] if names else []
    own += [r"(?i:\b(?:our|its|this)\s+(?:[\w-]+\s+){0,2}?tokens?\b|\bthe\s+token\s+(?:is|will|contract)\b"
            r"|\bis\s+an?\s+(?:standard\s+)?(?:ERC|TRC|BEP|NEP)[- ]?\d+\s+token\b)"]
    own_ref = re.compile("|".join(own))
    for view in views:
        for pattern, standard, chain in _STANDARDS:
            for m in pattern.finditer(view.s):
                a, b = view.sentence(m.start())
                if not (_STANDARD_NOUN.match(view.s, m.end()) and own_ref.search(view.flat[a:b])
                        or _SHEET_LINE.match(view.flat[a:b])):
                    continue  # "ERC-20 pairs", "any ERC20 token", "ERC20 stablecoins" of other issuers
                ev = view.span_evidence(a, b) if b - a <= QUOTE_LIMIT else view.evidence(m.start(), m.end())
                t.identity.standard = Fact(value=standard, evidence=ev)
                if chain.lower() in ev.quote.lower():
                    t.identity.chain = Fact(value=chain, evidence=ev)
                return


def _common_word(word: str, body: str) -> bool:
    """A word the paper also writes in lower case at least half as often: an ordinary word ("Holders",
    "Foundation", "Cloud"), not a name."""
    proper = len(re.findall(r"\b" + re.escape(word) + r"\b", body))
    common = len(re.findall(r"(?<![\w./@])" + re.escape(word.lower()) + r"(?![\w.])", body))
    return not word.islower() and common * 2 >= max(proper, 1)


_NAME_ROW = re.compile(r"^[ \t•\-]*token\s+name\s*[:：\-–][ \t]*"
                       r"(?P<name>(?-i:[A-Z])[\w.'-]*(?:[ \t]+(?-i:[A-Z])[\w.'-]*){0,3})[ \t]*$", re.I | re.M)


def _find_token_name(t: Tokenomics, views: list[View], sym: str, body: str) -> None:
    """The token's name on a fact sheet's row ("Token name: Zephyr"), or before its ticker: "Golem Network
    Token (GNT)". Not a phrase ending in a name ("Launch of Acme Platform (ACM)" gives "Acme Platform"),
    not only generic words ("TOKEN (ACM)", "Network Tokens (ACM)"), not an ordinary word ("Holders (ACM)"
    under a chart)."""
    for view in views:
        m = _NAME_ROW.search(view.s)
        if m and m.group("name").upper() != sym:
            t.identity.token_name = Fact(value=m.group("name"), evidence=view.evidence(m.start("name"), m.end("name")))
            return
    # the name on the line of its ticker ("Token\nThe Acme Token (ACM)": not "Token The Acme Token")
    pattern = re.compile(r"\b((?:[A-Za-z][\w.-]*[ \t]+){0,3}(?:[A-Za-z]?[A-Z][\w.-]*|tokens?|coins?))"
                         r"\s*\(\s*[\"'“]?" + re.escape(sym) + r"[\"'”]?\s*\)")
    for view in views:
        for m in pattern.finditer(view.s):
            words = m.group(1).split()
            cut = [i for i, w in enumerate(words) if w in ("The", "A", "An", "Our", "Its")
                   or w.isalpha() and w.islower() and not re.fullmatch(r"tokens?|coins?", w) or w[-1] in ".,;:"]
            words = words[cut[-1] + 1:] if cut else words
            while words and len(words[0]) == 1:
                words.pop(0)
            name = " ".join(words)
            if not name or name.upper() == sym:
                return
            if all(w.capitalize() in _TITLE_STOP for w in words) or len(words) == 1 and _common_word(name, body):
                continue  # "TOKEN (NIO)", "Network Tokens (SAN)", "Holders (ATL)": look further on
            start = m.start(1) + m.group(1).find(words[0])
            t.identity.token_name = Fact(value=name, evidence=view.evidence(start, m.end(1)))
            return


_NAME_SUFFIX = re.compile(r"\s+(?:Network\s+)?(?:[Tt]okens?|[Cc]oins?|Crystals|Shares)$")


def _abbreviates(symbol: str, name: str) -> bool:
    """"CND" abbreviates "Cindicator": same first letter, the other letters in order."""
    pattern = "".join(re.escape(c) + ".*?" for c in symbol.lower()[1:])
    return name[:1].lower() == symbol[:1].lower() and re.search(pattern, name[1:].lower()) is not None


# "CENTRE WHITEPAPER" (a running header), "Havven is a decentralised payment network"
_NAMED_PAPER = re.compile(r"\b([A-Z][\w.-]+)[ \t]+(?:WHITE[ \t]?PAPER|White[ \t]?[Pp]aper|Whitepaper)\b")
_DEFINITION = re.compile(
    r"\b([A-Z][A-Za-z0-9]+)\s+(?:is|are)\s+(?:an?|the)\s+(?:[\w-]+\s+){0,4}?(?:network|protocol|platform|system|"
    r"blockchain|stablecoin|ledger|cryptocurrency|currency|token|coin)s?\b")
_NOT_NAMES = {"It", "There", "Here", "He", "She", "They", "That", "What", "Which", "Who", "Each", "Every",
              "Our", "Its", "Their", "One", "Bitcoin", "Ethereum", "Ether"}


def _named_in_text(t: Tokenomics, views: list[View], body: str) -> bool:
    """The name a paper gives itself in a running header or a definition, used twice or more.

    Only tried when neither the title nor the token's name gives the project's name.
    """
    for pattern in (_NAMED_PAPER, _DEFINITION):
        hits = Counter(m.group(1) for m in pattern.finditer(body))
        for word, n in hits.most_common():
            if n < 2 or word in _TITLE_STOP or word in _NOT_NAMES or len(word) < 3:
                continue
            if len(re.findall(r"\b" + re.escape(word) + r"\b", body)) < 5:
                continue
            for view in views:
                m = pattern.search(view.flat)
                while m and m.group(1) != word:
                    m = pattern.search(view.flat, m.end())
                if m:
                    t.identity.project_name = Fact(value=word, evidence=view.evidence(m.start(1), m.end(1)))
                    return True
    return False


def _cased_name(t: Tokenomics, views: list[View], body: str, title: str) -> bool:
    """The project name of a title in capitals, as the text writes it at least three times ("Helios Network" for
    "HELIOS NETWORK"), quoted where the text first does; False when it does not."""
    forms = Counter(m.group() for m in re.finditer(r"\b" + re.escape(title) + r"\b", body, re.I)
                    if not m.group().isupper() and all(w[0].isupper() for w in m.group().split()))
    if not forms or forms.most_common(1)[0][1] < 3:
        return False
    name = forms.most_common(1)[0][0]
    found = next(((v, m) for v in views if (m := re.search(r"\b" + re.escape(name) + r"\b", v.flat))), None)
    if found is None:  # counted across a page break only
        return False
    view, m = found
    t.identity.project_name = Fact(value=name, evidence=view.evidence(m.start(), m.end()))
    return True


def _find_project_name(t: Tokenomics, doc: Document, views: list[View], body: str) -> None:
    if not views:
        return
    first = views[0]
    title = re.compile(r"[ \t]*((?:[A-Z][\w.-]*[ \t]?){1,3}?)[ \t]*:[ \t]*\S")  # "Bitcoin: A Peer-to-Peer ..."
    lines = [m for m in re.finditer(r"[^\n]+", first.s) if re.search(r"[A-Za-z]{3}", m.group())][:2]  # spans
    for line in lines:
        m = title.match(first.s, line.start(), line.end())
        words = m.group(1).split() if m else []
        while words and words[0] in _TITLE_STOP:
            words.pop(0)
        if words and len(" ".join(words)) > 2:
            name = " ".join(words)
            start = m.start(1) + m.group(1).find(name)
            t.identity.project_name = Fact(value=name, evidence=first.evidence(start, start + len(name)))
            return
    if lines:  # a title line that is nothing but a name: "Quill Protocol", "Curve DAO"
        m = re.fullmatch(r"\s*([A-Z][\w.-]*(?:[ \t]+[A-Z][\w.-]*){0,2})\s*", lines[0].group())
        words = m.group(1).split() if m else []
        while words and words[0] in _TITLE_STOP:
            words.pop(0)
        while words and words[-1] in _TITLE_STOP:
            words.pop()
        name = " ".join(words)
        if len(name) > 2 and body.count(name) >= 3:
            start = lines[0].start() + lines[0].group().find(name)
            t.identity.project_name = Fact(value=name, evidence=first.evidence(start, start + len(name)))
            return
        if len(name) > 2 and name.isupper() and _cased_name(t, views, body, name):
            return  # "HELIOS NETWORK" on the title page, "Helios Network" in the text
    token_name = t.identity.token_name
    if token_name.stated:
        name = _NAME_SUFFIX.sub("", token_name.value)
        if name and len(name) > 2 and not name.isupper() and not _common_word(name, body):
            t.identity.project_name = Fact(value=name, evidence=token_name.evidence)
            return
    if _named_in_text(t, views, body):
        return
    top = [ln for ln in first.s.split("\n") if re.search(r"[A-Za-z]{3}", ln)][:3]
    title = doc.metadata.get("title") or ""
    head = " ".join(top[:1]) + " " + title
    words = re.findall(r"\b[A-Z][A-Za-z0-9]+\b", " ".join(top) + " " + title)
    near = Counter(re.findall(r"\b([A-Z][a-z]+[A-Za-z0-9]*|[A-Z]{4,})\s+(?:Protocol|Network|Platform|"
                              r"Foundation|[Tt]eam|[Tt]okens?|Labs|DAO|Inc|Ltd|GmbH)\b", body))
    words += [w for w, _ in near.most_common(20)]
    symbol = t.identity.symbol.value
    if symbol:  # "NuBits" for NBT: a frequent word the ticker abbreviates
        words += [w for w, n in Counter(re.findall(r"\b[A-Z][a-z]+[A-Za-z0-9]*\b", body)).most_common(20)
                  if n >= 5 and _abbreviates(symbol, w)]
    candidates = [w for w in dict.fromkeys(words) if w not in _TITLE_STOP and len(w) > 2
                  and (not w.isupper() or len(w) >= 4 and w != symbol and w not in NOT_TICKERS)]
    if not candidates:
        return

    def score(word: str) -> float:
        count = len(re.findall(r"\b" + re.escape(word) + r"\b", body))
        if count < 5 or _common_word(word, body):
            return 0
        in_head = re.search(r"\b" + re.escape(word) + r"\b", head)
        return count * (3 if in_head else 1) * (4 if symbol and _abbreviates(symbol, word) else 1)

    best = max(candidates, key=score)
    if score(best) == 0:
        return
    if symbol and not _abbreviates(symbol, best):  # "By the Maker Team" on the title page of a paper on MKR
        issuers = [w for w in candidates if score(w) and _abbreviates(symbol, w)
                   and re.search(r"\b" + re.escape(w) + r"\b", first.s)]
        best = max(issuers, key=score) if issuers else best
    for view in views:
        m = re.search(r"\b" + re.escape(best) + r"\b", view.s)
        if m:
            t.identity.project_name = Fact(value=best, evidence=view.evidence(m.start(), m.end()))
            return


# ------------------------------------------------------------------ supply

_UNCAPPED = one_of(
    r"\bno\s+(?:maximum|max|hard|fixed)\s+(?:token\s+)?(?:supply|cap)\b",
    r"\buncapped\b",
    r"\bno\s+limit\s+on\s+the\s+(?:number|amount)\s+of\s+(?:\w+\s+)?(?:tokens|coins)\b",
    r"\bunlimited\s+supply\b",
    r"\bno\s+(?:supply\s+)?cap\s+on\s+(?:the\s+)?(?:total\s+)?supply\b",
    r"\bsupply\s+is\s+not\s+(?:capped|fixed|limited)\b",
    r"\b(?:permanent|perpetual)\s+(?:linear\s+)?(?:supply\s+growth|issuance|inflation)\b",
    r"\b(?:per|every|each)\s+(?:year|block|epoch)\s+forever\b",
    r"\btail\s+emission\b",
)
ACCEPT = 4.5  # the score a supply candidate needs (a supply phrase and the token's unit)


def _fill_supply(t: Tokenomics, views: list[View], found: list, block) -> None:
    """Supply figures from the candidates ``found`` (:func:`.supply.candidates`), the allocation's
    agreement deciding."""
    agreed = [v for v in (block.total if block else None, supply.implied_by(block.rows) if block else None) if v]
    ranked = supply.rank(found, agreed)
    for field in ("max_supply", "total_supply", "initial_circulating"):
        these = [(score, c) for score, c in ranked if c.field == field and score >= ACCEPT]
        if field != "initial_circulating" and any(same_value(c.value, v) for _, c in ranked for v in agreed):
            these = these or [(score, c) for score, c in ranked if c.field == field
                              and any(same_value(c.value, v) for v in agreed)]
        if not these:
            continue
        best_score, best = these[0]
        setattr(t.supply, field, Fact(value=best.value, evidence=best.view.evidence(
            best.number.start, max(best.number.end, best.reach))))
        rivals = [c for score, c in these[1:] if score >= best_score - 0.5 and not same_value(c.value, best.value)]
        if rivals:
            t.conflicts.append(Conflict(field=f"supply.{field}", values=[
                Fact(value=c.value, evidence=c.view.evidence(c.number.start, c.number.end)) for c in [best, *rivals]]))
        if field == "initial_circulating":
            _circulating_pct(t, best)
        if field == "max_supply":
            _total_as_max(t, best)
    if not t.supply.max_supply.stated:
        for view in views:
            m = _UNCAPPED.search(view.flat)
            if m:
                t.supply.uncapped = Fact(value=True, evidence=view.evidence(m.start(), m.end()))
                break


# a cap created whole ("A fixed supply of 1 billion GAT will be created", "The total supply will be one billion
# tokens and will never be increased"), not one reached over time ("21 million will ever be mined")
_CREATED_WHOLE = one_of(
    r"\b(?:created|minted|issued|generated)\b",
    r"\btotal\s+(?:token\s+|coin\s+)?supply\b",
    r"\bsupply\s+(?:is|will\s+be)\s+fixed\b",
    r"\bfixed\s+(?:total\s+)?supply\b",
)
_OVER_TIME = one_of(
    r"\bmin(?:ed|ing|ers?)\b",
    r"\bblock\s+rewards?\b",
    r"\bemi(?:tted|ssion)\b",
    r"\binflation",
    r"\bover\s+(?:time|the\s+(?:next|following)|\d+\s+years)\b",
    r"\bgradually\b",
    r"\bhalving\b",
    r"\bper\s+(?:year|block|annum)\b",
    r"\bwill\s+eventually\b",
)


def _total_as_max(t: Tokenomics, best) -> None:
    """The cap is also the total supply when the paper creates it whole and says nothing of issuing it over
    time there or in the next sentence: the convention of CoinMarketCap and the truth files ("total supply X,
    never increased"), not "capped at 21,000,000. Block rewards halve every 210,000 blocks"."""
    flat = best.view.flat
    a, b = best.view.sentence(best.number.start)
    _, d = best.view.next_sentence(b) or (b, b)
    if (not t.supply.total_supply.stated and _CREATED_WHOLE.search(flat[a:b])
            and not _OVER_TIME.search(flat[a:max(b, d)])):
        t.supply.total_supply = t.supply.max_supply.model_copy(deep=True)


# issuance after the first creation, anywhere in the paper (where _OVER_TIME reads the cap's own sentences)
_LATER_ISSUANCE = one_of(
    r"\binflation(?:ary)?\b",
    r"\bemi(?:tted|ssions?)\b",
    r"\bblock\s+rewards?\b",
    r"\bmining\s+rewards?\b",
    r"\bhalving\b",
    r"\bnewly\s+(?:minted|created|issued)\b",
    r"\bmint(?:ed|ing)?\s+(?:new|additional|more)\b",
    r"\b(?:new|additional|more)\s+tokens?\s+(?:will|can|may|could)\s+be\b",
    r"\b(?:additional|annual|yearly|further)\s+issuance\b",
    r"\bissued\s+(?:each|every|per)\s+year\b",
    r"\bstaking\s+rewards?\b",
)
_FIRST_ONLY = one_of(r"\binitial(?:ly)?\b", r"\bgenesis\b", r"\bat\s+(?:launch|TGE|genesis)\b")  # "initial supply"


def _total_is_max(t: Tokenomics, views: list[View]) -> None:
    """A paper's only total is its cap when it is no initial supply and nothing in the paper issues more
    later (the truth files' and CoinMarketCap's convention)."""
    s, e = t.supply, t.emission
    if s.max_supply.stated or not s.total_supply.stated or s.uncapped.value or e.type.value in (
            "inflationary", "hybrid") or e.schedule.stated or e.annual_inflation_pct.stated:
        return
    if any(c.field == "supply.total_supply" for c in t.conflicts):
        return  # the paper states two totals: which one would be the cap is the open question
    if _FIRST_ONLY.search(s.total_supply.evidence.quote) or _issues_later(views):
        return
    s.max_supply = s.total_supply.model_copy(deep=True)


# what a later-issuance word says nothing of this token's supply in: another chain ("like bitcoin mining
# rewards"), or, for inflation, prices and the economy (:data:`_FIAT`) and no tokens ("expectations of the
# rate of inflation")
_OTHER_CHAIN = words(r"bitcoins?", r"BTC", r"ether(?:eum)?", r"ETH")
_PRICE_TALK = words(r"prices?", r"expectations?")
_SALE_MINT = words(r"token\s+sale", r"crowd\s*sale", r"contributors?", r"purchasers?", r"buyers?")


def _issues_later(views: list[View]) -> bool:
    """Whether the paper issues tokens after their first creation: a later-issuance word not negated ("there
    is no inflation of the number of OAX"), not of another chain, not inflation of prices, and not new tokens
    minted for a sale's buyers ("the sale contract will mint new tokens and allocate them to a contributor")."""
    for view in views:
        for m in _LATER_ISSUANCE.finditer(view.flat):
            a, b = view.sentence(m.start())
            sentence = view.flat[a:b]
            if is_negated(sentence, m.start() - a) or _OTHER_CHAIN.search(sentence):
                continue
            word = m.group().lower()
            if (word.startswith("inflation") and (_FIAT.search(sentence) or _PRICE_TALK.search(sentence))
                    and not _TOKEN_WORDS.search(sentence)):
                continue
            if word.startswith(("mint", "new", "additional", "more")) and _SALE_MINT.search(sentence):
                continue
            return True
    return False


_OF_SUPPLY = r"\s+of\s+(?:the\s+)?(?:total\s+|max\w*\s+)?(?:token\s+)?(?:supply|tokens)\s+"  # "of the total supply"
_CIRC_PCT = one_of(
    r"(?:at|on|upon)\s+(?:the\s+)?(?:launch|TGE|listing|genesis),?\s+(?P<a>(?<!\d)\d{1,15}(?:\.\d{1,15})?)\s*%"
        + _OF_SUPPLY + r"(?:is\s+expected\s+to|will|is\s+set\s+to)\s+(?:be\s+in\s+)?(?:circulat|be\s+unlocked)",
    r"(?P<b>(?<!\d)\d{1,15}(?:\.\d{1,15})?)\s*%" + _OF_SUPPLY
        + r"(?:will\s+be|is|are)\s+(?:in\s+circulation|circulating|unlocked)\s+(?:at|on|upon)\s+(?:the\s+)?"
        r"(?:launch|TGE|listing|genesis)",
    # a label: "Circulating supply at TGE: 12%", "Initial circulating supply: 12% of the total supply"
    # "Tokens in circulation at TGE: 8.5%", "Initial circulation: 10%"
    r"\b(?:initial\s+circulat(?:ing\s+supply|ion)|(?:circulating\s+supply|(?:tokens?\s+)?in\s+circulation)\s+"
        r"(?:at|on|upon)\s+(?:the\s+)?(?:launch|TGE|listing|genesis))\s*(?:\([^)]{0,20}\)\s*)?[:=–-]\s*"
        r"(?P<c>(?<!\d)\d{1,3}(?:\.\d{1,4})?)\s*%",
)


def _fill_circulating_pct(t: Tokenomics, views: list[View]) -> None:
    if t.supply.initial_circulating_pct.stated:
        return
    for view in views:
        m = _CIRC_PCT.search(view.flat)
        if m:
            group = next(g for g in ("a", "b", "c") if m.group(g))
            a, b = view.sentence(m.start(group))
            if not EXAMPLE.search(view.flat[a:b]):
                value = float(m.group(group))
                t.supply.initial_circulating_pct = Fact(value=value, evidence=view.evidence(m.start(), m.end()))
                return


def _circulating_pct(t: Tokenomics, mention: supply.Candidate) -> None:
    view = mention.view
    a, b = view.sentence(mention.number.start)
    for n in view.numbers:
        if a <= n.start < b and n.start > mention.number.end and n.percent and 0 < n.value <= 100:
            t.supply.initial_circulating_pct = Fact(
                value=n.value, evidence=view.evidence(mention.number.start, n.end))
            return


# ------------------------------------------------------------------ emission

_INFLATION = one_of(
    r"(?:inflation(?:\s+rate)?\s*(?:of|at|is|will\s+be|=|:|starts\s+at|begins\s+at"
        r"|of\s+up\s+to)?\s*(?:approximately|about|~|up\s+to)?\s*(?P<a>(?<!\d)\d{1,15}(?:\.\d{1,15})?)\s*%)",
    r"(?:(?P<b>(?<!\d)\d{1,15}(?:\.\d{1,15})?)\s*%\s*(?:annual|yearly|nominal|per\s+(?:year|annum)"
        r"|a\s+year)?\s*(?:\(\w+\)\s*)?inflation)",
    r"(?:(?:grows?|increases?|inflates?)\s+(?:by\s+|at\s+)?(?:an?\s+)?(?:annual"
        r"|yearly)\s+rate\s+of\s+(?P<d>(?<!\d)\d{1,15}(?:\.\d{1,15})?)\s*%)",
    r"(?:(?:increase|grow|inflate)s?\s+(?:the\s+)?(?:total\s+)?(?:token\s+)?supply\s+by\s+(?P<c>(?<!\d)"
        r"\d{1,15}(?:\.\d{1,15})?)\s*%\s*(?:per\s+(?:year|annum)|annually|each\s+year|a\s+year))",
    r"(?:(?P<e>(?<!\d)\d{1,15}(?:\.\d{1,15})?)\s*%\s+of\s+(?:the\s+)?(?:total\s+|circulating\s+)?supply\s+"
        r"(?:is|are|will\s+be)\s+(?:newly\s+)?(?:minted|issued|created|emitted)\s+"
        r"(?:(?:each|every|per|a)\s+(?:year|annum)|annually))",  # "5% of the supply is minted each year"
    # "Inflation is set by governance, currently 5% per year"
    r"(?:inflation\b[^.;%\d]{0,40}?(?P<f>(?<!\d)\d{1,3}(?:\.\d{1,4})?)\s*%\s*(?:per\s+(?:year|annum)|annually|a\s+year"
        r"|each\s+year))",
    # "New ACM is minted as staking rewards at an initial rate of 8% per year", "new ACM are minted at 2% per year"
    r"(?:(?:minted|issued|emitted|created)\b[^.;%\d]{0,50}?\b(?:rate\s+of|at)\s+"
        r"(?P<g>(?<!\d)\d{1,3}(?:\.\d{1,4})?)\s*%\s*"
        r"(?:per\s+(?:year|annum)|annually|a\s+year|each\s+year))",
    # "Staking rewards mint new ACM at an annual rate of 5%"
    r"(?:(?:mint|issu|emit|creat)\w*\b[^.;%\d]{0,50}?\b(?:annual|yearly)\s+(?:inflation\s+)?rate\s+of\s+"
        r"(?P<h>(?<!\d)\d{1,3}(?:\.\d{1,4})?)\s*%)",
    # "The DAO may mint up to 2% of the total supply each year"
    r"(?:\bmint\s+(?:up\s+to\s+|at\s+most\s+)?(?P<i>(?<!\d)\d{1,3}(?:\.\d{1,4})?)\s*%\s+of\s+(?:the\s+)?"
        r"(?:total\s+|circulating\s+)?(?:token\s+)?supply\s+(?:(?:each|every|per|a)\s+(?:year|annum)|annually))",
)
_FIXED = one_of(
    r"\bno\s+(?:(?:further|new|additional|more)\s+)?"
        r"(?:token\s+creation|tokens?\s+(?:will|can)\s+(?:ever\s+)?be\s+(?:created|minted|issued)|minting|mining)\b",
    r"\bfixed\s+(?:total\s+)?supply\b",
    r"\bsupply\s+(?:of\s+(?:the\s+)?[\w$-]+\s+(?:tokens?\s+)?)?is\s+(?:constant|fixed)\b",  # "The supply of ACM is fixed"
    r"\bnever\s+be\s+(?:any\s+)?(?:more|additional)\s+(?:tokens?|coins?)\b",
    r"\bno\s+more\s+(?:tokens?|coins?)\s+(?:will|can)\s+(?:ever\s+)?be\b",
    r"will\s+ever\s+be\s+created",
    r"\bno\s+mint(?:ing)?\s+function\b",
    r"\bsupply\s+can\s+never\s+increase\b",
)
_MINTER = re.compile(
    r"(?P<who>\b(?:[A-Za-z][\w-]*\s+){0,3}?(?:team|foundation|owner|admin\w*|company|contract|DAO|governance|"
    r"multi-?sig\w*|issuer|developers?|board|council|treasury|minter|operators?|we))\s+"
    r"(?:may|can|will\s+be\s+able\s+to|"
    r"is\s+(?:allowed|able|entitled|permitted)\s+to|has\s+the\s+(?:right|ability|power)\s+to|"
    r"(?:retains?|(?:will\s+)?have)\s+the\s+(?:right|ability|power|capability|authority)\s+to)\s+mint\s+(?:new\s+|additional\s+|more\s+)?"
    r"(?:[A-Z]{2,6}\b|tokens?\b|coins?\b)", re.I)
_UNLIMITED = one_of(
    r"\bno\s+limit\b",
    r"\bunlimited\b",
    r"\bat\s+(?:its|their|our)\s+(?:sole\s+)?discretion\b",
    r"\bwithout\s+(?:any\s+)?limit",
    r"\bany\s+amount\b",
)
_FIAT = one_of(
    r"\bfiat\b",
    r"\bdollars?\b",
    r"\bUSD\b",
    r"\beuros?\b",
    r"\bCPI\b",
    r"consumer\s+price",
    r"central\s+bank",
    r"\becono\w+",
    r"\bcountr\w+",
    r"\bgovernment",
)
_TOKEN_WORDS = one_of(
    r"\btokens?\b",
    r"\bcoins?\b",
    r"\bsupply\b",
    r"\bstak\w+",
    r"\bblock\s+rewards?\b",
    r"\bminted\b",
)
_CITATION = one_of(
    r"\[[A-Z]{1,4}\d{2}\]",
    r"\[\d+\]",
    r"\bet al\b",
    r"\bpp\.",
    r"\bvol\.",
    r"\b(?:19|20)\d\d\)?\.\s",
    flags=0,
)
_OTHER_TOKEN = one_of(
    r"liquidity\s+tokens?",
    r"pool\s+shares?",
    r"\bLP\s+tokens?",
    r"aTokens?",
    r"cTokens?",
)
_BURN = re.compile(r"\bburn(?:ed|t|s|ing)?\b(?!\s+man\b)", re.I)
_SCHEDULE = one_of(
    r"\bhalving\b",
    r"\bhalv(?:es|ed|e\s+every)\b",  # "block rewards halve every 210,000 blocks"
    # a rate of new tokens: "emits 10,000 ACM per day for 4 years", "mints 2 ACM per block"
    r"\b(?:emit(?:s|ted)?|mint(?:s|ed)?|issue[sd]?)\s+(?:\w+\s+){0,2}?\d[\d,.]{0,20}\s*(?:[A-Z]{2,6}|tokens?|coins?)"
        r"\s+(?:per|every|each)\s+(?:day|block|epoch|week|month|year)\b",
    r"\bblock\s+rewards?\s+(?:is|are|of|will\s+be)\s+\d",  # "block rewards are 2 ACM per block"
    # the same rate as a noun: "a fixed emission of 10 ACM per block", "issuance: 5,000 ACM per day"
    r"\b(?:emission|issuance)\s+(?:rate\s+)?(?:of|is|will\s+be|:)\s+\d[\d,.]{0,20}\s*(?:[A-Z]{2,6}|tokens?|coins?)"
        r"\s+(?:per|every|each)\s+(?:day|block|epoch|week|month|year)\b",
    r"\b(?:annual|yearly)\s+(?:emission|issuance)\b",  # "Annual emission: 50M ACM in year 1, 25M in year 2"
    r"\binflation\s+schedule\b",
    # a rate that falls over time: "Inflation starts at 8% and decreases by 15% each year until ..."
    r"\b(?:inflation|issuance|emissions?)\b[^.;]{0,60}?\b(?:decreas|declin|reduc|decay|drop|fall|taper)\w*\b[^.;]{0,40}?"
        r"\b(?:(?:each|every|per|a)\s+(?:year|annum)|annually|yearly)\b",
    r"\bemission\s+schedule\b",
    r"\bissuance\s+schedule\b",
)
# a table's row of one year's issuance: "1 | 50,000,000", "Year 2: 40,000,000 ACM"
_YEAR_ROW = re.compile(r"^[ \t]*(?:year[ \t]+)?\d{1,2}\b[ \t|:–-]+\d[\d,.]*", re.I | re.M)
# an issuance rule stated outright: "1/3 of the total amount of atoms will be rewarded to bonded
# validators and delegators every year", "0.26x the total amount sold will be allocated to miners per year"
_RECURRING = re.compile(
    r"(?:(?<!\d)\d{1,15}(?:\.\d{1,15})?\s*%|\b\d+/\d+|\b\d*\.\d+\s*x)\s+(?:of\s+)?the\s+total\s+(?:amount|supply|number)\b"
    r"[^.;:]{0,60}?\b(?:allocated|rewarded|issued|minted|created|distributed|paid|given)\s+to\s+[^.;:]{0,60}?"
    r"\b(?:per|every|each)\s+(?:year|annum)\b", re.I)


def _hedged(text: str) -> bool:
    """A negated or conditional sentence ("not", "unless", "if"): no rule of issuance."""
    return bool(re.search(r"\b(?:not|no|never|unless|if)\b", text, re.I))


def _fill_emission(t: Tokenomics, views: list[View]) -> None:
    e = t.emission
    symbol, project = t.identity.symbol.value, t.identity.project_name.value
    own = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in (symbol, project) if w) + r")\b"
                     if symbol or project else r"(?!x)x")
    for view in views:
        for m in _INFLATION.finditer(view.flat):
            value = float(next(g for g in (m.group(k) for k in "abcdefghi") if g))
            a, b = view.sentence(m.start())
            sentence = view.flat[a:b]
            if EXAMPLE.search(sentence) or value <= 0 or value > 100:
                continue
            if _FIAT.search(sentence) and not (own.search(sentence) or _TOKEN_WORDS.search(sentence)):
                continue  # inflation of a currency or an economy, not of the token
            ev = view.evidence(m.start(), m.end())
            if not e.annual_inflation_pct.stated:
                e.annual_inflation_pct = Fact(value=value, evidence=ev)
                e.type = Fact(value="inflationary", evidence=ev)
        if not e.schedule.stated:
            for m in _SCHEDULE.finditer(view.flat):
                text, ev = view.sentence_evidence(m.start())
                if EXAMPLE.search(text) or _CITATION.search(text):
                    continue
                if (re.search(r"\d\s*%|\bper\s+(?:year|block|epoch|day|week|month)\b|\bannually\b|\beach\s+year\b"
                              r"|\bevery\s+(?:\d|year|block|epoch)|\byear\s+\d", text)):
                    ev = ev if len(ev.quote) <= 200 else view.evidence(m.start(), m.end())
                    e.schedule = Fact(value=ev.quote, evidence=ev)
                    break
                rows = list(_YEAR_ROW.finditer(view.s, m.end(), m.end() + 300))
                if len(rows) >= 2:  # "Emission schedule / Year | New ACM / 1 | 50,000,000 / 2 | 40,000,000"
                    ev = view.span_evidence(m.start(), rows[1].end())
                    e.schedule = Fact(value=ev.quote, evidence=ev)
                    break
        if not e.schedule.stated:
            for m in _RECURRING.finditer(view.flat):
                text, ev = view.sentence_evidence(m.start())
                if EXAMPLE.search(text) or _CITATION.search(text) or _hedged(text):
                    continue
                ev = ev if len(ev.quote) <= 200 else view.evidence(m.start(), m.end())
                e.schedule = Fact(value=ev.quote, evidence=ev)
                if not e.type.stated:
                    e.type = Fact(value="inflationary", evidence=ev)
                break
        if not e.burn.stated:
            for m in _BURN.finditer(view.flat):
                text, ev = view.sentence_evidence(m.start())
                if _OTHER_TOKEN.search(text):
                    continue
                if ((own.search(text) or re.search(r"\bfees?\b", text, re.I))
                        and re.search(r"tokens?|coins?|fees?|supply|" + own.pattern, text, re.I)
                        and not EXAMPLE.search(text)
                        and not _CITATION.search(text) and not re.search(r"\b(?:could|might|would)\b", text)
                        and m.group().lower() in ev.quote.lower()):
                    ev = ev if len(ev.quote) <= 200 else view.evidence(m.start(), m.end())
                    e.burn = Fact(value=ev.quote, evidence=ev)
                    break
    for view in views:
        m = _MINTER.search(view.flat)
        if m:
            who = re.sub(r"^(?:only|and|but|so|then|also|the|a|an)\s+", "", m.group("who"), flags=re.I)
            if re.match(r"(?:no\s+one|nobody|none|no)\b", who, re.I) or EXAMPLE.search(m.group()):
                continue
            a, b = view.sentence(m.start())
            e.mint_authority = Fact(value=who, evidence=view.evidence(m.start("who"), m.end()))
            following = view.flat[a:min(len(view.flat), b + 200)]
            if _UNLIMITED.search(following):
                ev = view.span_evidence(a, b) if _UNLIMITED.search(view.flat[a:b]) else e.mint_authority.evidence
                e.mint_capped = Fact(value=False, evidence=ev)
            break
    if not e.type.stated:
        for view in views:
            m = _FIXED.search(view.flat)
            if m:
                text, ev = view.sentence_evidence(m.start())
                if EXAMPLE.search(text) or re.search(r"\bnot\b|\bunless\b|\buntil\b", text):
                    continue
                e.type = Fact(value="fixed", evidence=ev)
                if not e.mint_capped.stated:
                    e.mint_capped = Fact(value=True, evidence=ev)
                break


# ------------------------------------------------------------------ entry point


def fill_supply(t: Tokenomics, doc: Document, warnings: list[str] | None = None,
                views: list[View] | None = None) -> None:
    """Fill identity, supply, emission, allocation (with vesting) and conflicts of ``t``.

    Every value carries an :class:`Evidence` whose quote is a verbatim slice of
    ``page.text``. ``views`` are the document's page views (:func:`.text.page_views`),
    when already built. Fields the rules cannot establish are left unstated; a step
    that fails is reported in ``warnings`` and leaves its fields unstated.
    """
    views = page_views(doc) if views is None else views
    furniture = running_lines(views)
    run_step(t, warnings, "identity", ("identity",), _fill_identity, t, doc, views, furniture)
    found = supply.candidates(views, t.identity.symbol.value)
    counts = [c.value for c in found if c.phrase or c.unit > 0]
    # PDFium's layout is rebuilt from character boxes: a wide gap there is a column gap; pypdf's layout
    # mode also pads the words of justified prose
    layouts = [View(Page(p.number, "", p.layout, ""), cells=p.engine == "pdfium") for p in doc.pages if p.layout]
    block = run_step(t, warnings, "allocation", ("allocation",), fill_allocation, t, views, counts, layouts,
                     furniture)
    run_step(t, warnings, "supply", ("supply", "conflicts"), _fill_supply, t, views, found, block)
    run_step(t, warnings, "circulating supply", (), _fill_circulating_pct, t, views)
    run_step(t, warnings, "emission", ("emission",), _fill_emission, t, views)
    run_step(t, warnings, "max supply", (), _total_is_max, t, views)
    if block:
        run_step(t, warnings, "vesting", ("vesting",), fill_vesting, t, block.rows, views)
