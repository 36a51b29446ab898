"""Rules backend, economics half: identity, supply, emission, allocation, vesting, conflicts.

Everything here reads ``page.text`` through a whitespace-collapsed view
(:class:`_View`) so that tables whose cells pypdf put one per line still read
as rows, while every quote is cut from ``page.text`` itself and is therefore
verbatim (at most 300 characters, always containing the value it supports).

The rules prefer reporting nothing to reporting a guess:

* an allocation is kept only when its percentages add up to 100 (within 0.6
  points) or its amounts add up to a stated supply, and it is neither a
  use-of-proceeds table (budget labels or a "funds raised" heading) nor a worked
  example; when plain text finds none, ``page.layout`` (columns kept apart) is
  tried and each row is re-anchored in ``page.text``;
* supply figures need a supply phrase next to them ("total supply of", "will
  ever be created", "总量为") and a token unit, never a currency or another
  coin's supply; two different values for one figure become a :class:`Conflict`;
* examples, illustrations and placeholders ("for example", "were based on")
  are skipped everywhere.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..ingest import Document, Page
from ..numbers import Number, find_numbers, parse_months, same_value, value_in_text
from ..schema import AllocationRow, Conflict, Evidence, Fact, Money, Tokenomics, Vesting

QUOTE_LIMIT = 300


# ------------------------------------------------------------------ text views


class _View:
    """A page's text with whitespace runs collapsed, mapped back to ``page.text``.

    A run holding a newline becomes ``"\\n"``, any other run a single space.
    """

    def __init__(self, page: Page):
        self.page = page
        text = page.text
        chars: list[str] = []
        index: list[int] = []
        for m in re.finditer(r"\s+|\S+", text):
            token = m.group()
            if token[0].isspace():
                chars.append("\n" if "\n" in token else " ")
                index.append(m.start())
            else:
                chars.extend(token)
                index.extend(range(m.start(), m.end()))
        index.append(len(text))
        self.s = "".join(chars)
        self._index = index
        self.numbers = find_numbers(self.s)
        self.flat = self.s.replace("\n", " ")

    def _slice(self, a: int, b: int) -> str:
        """``page.text`` between collapsed positions ``a`` and ``b``, stripped."""
        end = self._index[b - 1] + 1 if b > 0 else 0
        return self.page.text[self._index[a]:end].strip() if a < b else ""

    def quote(self, start: int, end: int, limit: int = QUOTE_LIMIT) -> str:
        """The line or sentence around ``[start, end)``, a verbatim slice of page.text.

        Trimmed word by word (never into ``[start, end)``) to at most ``limit``
        characters of page.text.
        """
        s = self.s
        a = max(s.rfind("\n", 0, start), _last_sentence_end(s, start)) + 1
        ends = [i for i in (s.find("\n", end), _next_sentence_end(s, end)) if i >= 0]
        b = min(ends) + (1 if ends and s[min(ends)] in ".!?;" else 0) if ends else len(s)
        a, b = min(a, start), max(b, end)
        while len(self._slice(a, b)) > limit and (a < start or b > end):
            if a < start and (start - a >= b - end or b <= end):
                nxt = s.find(" ", a + 1, start)
                a = start if nxt < 0 else nxt + 1
            else:
                prev = s.rfind(" ", end, b - 1)
                b = end if prev < 0 else prev
        return self._slice(a, b)[:limit]

    def sentence(self, pos: int, limit: int = QUOTE_LIMIT) -> tuple[int, int]:
        """Span of the sentence or list item around ``pos`` in the collapsed text."""
        s = self.s
        a = 0
        for m in _SENTENCE_BREAK.finditer(s, max(0, pos - limit), pos):
            a = m.end()
        m = _SENTENCE_BREAK.search(s, pos)
        b = m.start() + (1 if m and s[m.start()] in ".!?;。！？；" else 0) if m else len(s)
        if b - a > limit:
            a, b = max(a, pos - limit // 2), min(b, pos + limit // 2)
        return a, b

    def evidence(self, start: int, end: int) -> Evidence:
        return Evidence(page=self.page.number, quote=self.quote(start, end))

    def span_evidence(self, a: int, b: int) -> Evidence:
        """Evidence quoting the collapsed span ``[a, b)`` (cut to the quote limit)."""
        return Evidence(page=self.page.number, quote=self._slice(a, b)[:QUOTE_LIMIT].strip())

    def sentence_evidence(self, pos: int) -> tuple[str, Evidence]:
        a, b = self.sentence(pos)
        return self.flat[a:b].strip(), self.span_evidence(a, b)


_SENTENCE_BREAK = re.compile(
    r"[.!?;](?=\s+[A-Z(\"'•●○▪*\d])|\n(?=\s*(?:[-–•●○▪◦■*]|\d+[.)]\s))|\n\s*\n"
    r"|(?<=[\d%*])[ \t]*\n(?=[ \t]*[A-Z])|\n(?=[ \t]*\d+(?:\.\d+)?[ \t]*%[ \t]+[A-Z])|[。！？；]")


def _last_sentence_end(s: str, pos: int) -> int:
    m = None
    for m in re.finditer(r"[.!?;](?=\s+[A-Z(\"'•●○▪\d])", s[:pos]):
        pass
    return m.start() if m else -1


def _next_sentence_end(s: str, pos: int) -> int:
    m = re.compile(r"[.!?;](?=\s+[A-Z(\"'•●○▪]|\s*$)").search(s, pos)
    return m.start() if m else -1


def _views(doc: Document) -> list[_View]:
    return [_View(p) for p in doc.pages if p.text.strip()]


# ------------------------------------------------------------------ identity

_NOT_SYMBOLS = {
    "ETH", "BTC", "USD", "EUR", "CHF", "GBP", "CNY", "JPY", "ICO", "IEO", "IDO", "API", "DAO",
    "ERC", "EVM", "TGE", "KYC", "AML", "CEO", "CTO", "COO", "CFO", "POS", "POW", "P2P", "USA",
    "FAQ", "DAPP", "SDK", "URL", "PDF", "GMT", "UTC", "CET", "EST", "PST", "BFT", "DEX", "CEX",
    "NFT", "DEFI", "AMM", "DNS", "IOT", "IPFS", "AI", "ML", "VM", "ID", "OS", "UI", "UX", "QR",
    "SEC", "EU", "UK", "US", "LLC", "INC", "LTD", "GMBH", "AG", "SA", "AS", "IT", "OR", "AND",
    "THE", "FOR", "TOKEN", "TOKENS", "COIN", "NOTE", "RAM", "CPU", "GPU", "SSD", "TCP", "UDP",
    "HTTP", "JSON", "SQL", "PHP", "ABI", "RPC", "DDOS", "DOS", "MVP", "ROI", "KPI", "B2B",
    "B2C", "CRR", "TPS", "PBFT", "DPOS", "SPV", "UTXO", "TX", "SHA", "ECDSA", "RSA", "AES",
    "HD", "OTC", "FX", "GDP", "TBD", "NA", "TVL", "LP", "PC", "TV", "VR", "AR", "SDR", "IMF", "DNA",
    "USDC", "USDT", "DAI", "CENTRE", "ERC20", "ERC223", "BEP20", "TRC20", "TRC10", "NEP5",
    "GHOST", "NEW", "ALL", "WITH", "FROM", "THIS", "THAT", "LOW",
}
_SYMBOL_PATTERNS = [
    # "Golem Network Token (GNT)", "SAN tokens", "ticker: ABC"
    (re.compile(r"\b(?:ticker|symbol)\s*(?:is|:|-|of)?\s*\(?\$?([A-Z][A-Z0-9]{1,5})\b"), 5),
    (re.compile(r"(?:[Tt]oken|[Cc]oin|Crystal|Share|Dollar|Credit)s?\s*\(\s*[\"'“]?"
                r"([a-z]?[A-Z][A-Z0-9]{1,5})[\"'”]?\s*\)"), 4),
    (re.compile(r"\(\s*[\"'“]?([A-Z][A-Z0-9]{1,5})[\"'”]?\s*\)\s*[Tt]okens?\b"), 3),
    (re.compile(r"\b([A-Z][A-Z0-9]{1,5}),?\s+(?:is\s+)?the\s+(?:native\s+)?(?:coin|token)\s+of\b"), 4),
    (re.compile(r"\b([a-z]?[A-Z][A-Z0-9]{1,5})(?:\s+is|,)\s+(?:an?|the)\s+(?:[\w'-]+\s+){0,3}?"
                r"(?:token|coin|stablecoin|cryptocurrency)\b"), 4),
    (re.compile(r"\b[Tt]he\s+([a-z]?[A-Z][A-Z0-9]{1,5})\s+(?:token|coin|stablecoin)\b"), 2),
    (re.compile(r"\b(?:[Ii]ts|[Oo]ur|[Tt]he)\s+(?:native\s+|utility\s+|governance\s+)?token,?\s+"
                r"([a-z]?[A-Z][A-Z0-9]{1,5})\b"), 4),
    (re.compile(r"\bsupply(?:\s+of\s+[a-z]?[A-Z][A-Z0-9]{1,5})?\s*(?:is|:|of)?\s*\d[\d,.]*\s*(?:million|billion)?"
                r"\s+([a-z]?[A-Z][A-Z0-9]{1,5})\b"), 3),
    (re.compile(r"\b([A-Z][A-Z0-9]{1,5})\s+[Tt]okens?\b"), 1),
    (re.compile(r"\b\d[\d,. ]*\s*(?:million|billion|thousand)?\s*([A-Z][A-Z0-9]{1,5})\b(?!\s*[/-])"), 1),
]
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
    (re.compile(r"\binitial exchange offering\b|\bIEO\b", re.I), "ieo"),
    (re.compile(r"\binitial dex offering\b|\bIDO\b"), "ido"),
    (re.compile(r"\bfair launch\b", re.I), "fair_launch"),
    (re.compile(r"\binitial coin offering\b|\bICO\b|\bcrowdsale\b|\bcrowdfunding\b|\btoken sale\b"
                r"|\bcontribution period\b|\btoken generation event\b", re.I), "ico"),
]
_TITLE_STOP = {
    "White", "Paper", "Whitepaper", "WhitePaper", "The", "A", "An", "Of", "For", "And", "On",
    "Protocol", "Network", "Version", "Draft", "Project", "Final", "Full", "Introducing",
    "Decentralized", "Decentralised", "Token", "Tokens", "Coin", "Platform", "System", "Next",
    "Generation", "Whitepaper", "Document", "Crowdfunding", "Crowdsale", "Edition", "Abstract",
    "Introduction", "Contents", "Table", "Page", "In", "To", "With", "Is", "We", "This",
}


def _fill_identity(t: Tokenomics, doc: Document, views: list[_View]) -> None:
    sym = _find_symbol(views)
    if sym:
        first = next((v, m) for v in views for m in [re.search(r"\b" + sym + r"\b", v.s)] if m)
        view, m = first
        t.identity.symbol = Fact(value=sym, evidence=view.evidence(m.start(), m.end()))
        _find_token_name(t, views, sym)
    for view in views:
        for pattern, standard, chain in _STANDARDS:
            m = pattern.search(view.s)
            if m:
                a, b = view.sentence(m.start())
                ev = view.span_evidence(a, b) if b - a <= QUOTE_LIMIT else view.evidence(m.start(), m.end())
                t.identity.standard = Fact(value=standard, evidence=ev)
                if chain.lower() in ev.quote.lower():
                    t.identity.chain = Fact(value=chain, evidence=ev)
                break
        if t.identity.standard.stated:
            break
    for pattern, style in _LAUNCH:
        hits = [(v, m) for v in views for m in pattern.finditer(v.s)]
        strong = [h for h in hits if not re.fullmatch(r"ICO|IEO|IDO", h[1].group())]
        if len(hits) >= 3 or len(strong) >= 2:
            view, m = hits[0]
            t.identity.launch_style = Fact(value=style, evidence=view.evidence(m.start(), m.end()))
            break
    _find_project_name(t, doc, views)


def _find_symbol(views: list[_View]) -> str | None:
    """The ticker the paper defines for its own token, or None when unsure."""
    scores: Counter[str] = Counter()
    strongest: dict[str, int] = {}
    for view in views:
        for pattern, weight in _SYMBOL_PATTERNS:
            for m in pattern.finditer(view.flat):
                sym = m.group(1)
                if sym.upper() in _NOT_SYMBOLS or not sym[0].isalpha() or len(sym) < 3 and not sym.isalpha():
                    continue
                scores[sym] += weight
                strongest[sym] = max(strongest.get(sym, 0), weight)
    if not scores:
        return None
    sym, score = scores.most_common(1)[0]
    mentions = sum(len(re.findall(r"\b" + sym + r"\b", v.flat)) for v in views)
    if mentions < 2 or not (strongest[sym] >= 3 and score >= 4 or score >= 8):
        return None
    return sym


def _find_token_name(t: Tokenomics, views: list[_View], sym: str) -> None:
    pattern = re.compile(r"\b((?:[A-Za-z][\w.-]*\s+){0,3}(?:[A-Za-z]?[A-Z][\w.-]*|tokens?|coins?))"
                         r"\s*\(\s*[\"'“]?" + re.escape(sym) + r"[\"'”]?\s*\)")
    for view in views:
        m = pattern.search(view.flat)
        if m:
            words = m.group(1).split()
            while words and (words[0].islower() and not re.search(r"\d", words[0])
                             or words[0] in ("The", "A", "An", "Our", "Its") or len(words[0]) == 1):
                words.pop(0)
            name = " ".join(words)
            if name and name.upper() != sym:
                start = m.start(1) + m.group(1).find(words[0])
                t.identity.token_name = Fact(value=name, evidence=view.evidence(start, m.end(1)))
            return


_NAME_SUFFIX = re.compile(r"\s+(?:Network\s+)?(?:[Tt]okens?|[Cc]oins?|Crystals|Shares)$")


def _abbreviates(symbol: str, name: str) -> bool:
    """"CND" abbreviates "Cindicator": same first letter, the other letters in order."""
    pattern = "".join(re.escape(c) + ".*?" for c in symbol.lower()[1:])
    return name[:1].lower() == symbol[:1].lower() and re.search(pattern, name[1:].lower()) is not None


def _find_project_name(t: Tokenomics, doc: Document, views: list[_View]) -> None:
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
    body = " ".join(v.flat for v in views)
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
    token_name = t.identity.token_name
    if token_name.stated:
        name = _NAME_SUFFIX.sub("", token_name.value)
        if name and len(name) > 2 and not name.isupper():
            t.identity.project_name = Fact(value=name, evidence=token_name.evidence)
            return
    top = [ln for ln in first.s.split("\n") if re.search(r"[A-Za-z]{3}", ln)][:3]
    title = doc.metadata.get("title") or ""
    head = " ".join(top[:1]) + " " + title
    words = re.findall(r"\b[A-Z][A-Za-z0-9]+\b", " ".join(top) + " " + title)
    near = Counter(re.findall(r"\b([A-Z][a-z]+[A-Za-z0-9]*|[A-Z]{4,})\s+(?:Protocol|Network|Platform|"
                              r"Foundation|[Tt]eam|[Tt]okens?|Labs|DAO|Inc|Ltd|GmbH)\b", body))
    words += [w for w, _ in near.most_common(20)]
    symbol = t.identity.symbol.value
    candidates = [w for w in dict.fromkeys(words) if w not in _TITLE_STOP and len(w) > 2
                  and (not w.isupper() or len(w) >= 4 and w != symbol and w not in _NOT_SYMBOLS)]
    if not candidates:
        return

    def score(word: str) -> float:
        count = len(re.findall(r"\b" + re.escape(word) + r"\b", body))
        common = len(re.findall(r"(?<![\w./@])" + re.escape(word.lower()) + r"(?![\w.])", body))
        if count < 5 or common * 2 >= count:
            return 0
        in_head = re.search(r"\b" + re.escape(word) + r"\b", head)
        return count * (3 if in_head else 1) * (4 if symbol and _abbreviates(symbol, word) else 1)

    best = max(candidates, key=score)
    if score(best) == 0:
        return
    for view in views:
        m = re.search(r"\b" + re.escape(best) + r"\b", view.s)
        if m:
            t.identity.project_name = Fact(value=best, evidence=view.evidence(m.start(), m.end()))
            return


# ------------------------------------------------------------------ supply

_EXAMPLE = re.compile(
    r"\b(?:for example|for instance|e\.g\.|example|assum\w*|hypothetical\w*|illustrat\w*|suppose|"
    r"imagine|were based on|placeholder|tweak|let us say|say we|would be|could be)\b", re.I)
_CURRENCY_AFTER = re.compile(r"^\s*(?:ETH|ether|BTC|bitcoins?|USD|US\$|EUR|CHF|dollars?|euros?)\b", re.I)
_CURRENCY_BEFORE = re.compile(r"(?:[$€£¥]|USD|US\$|EUR|ETH|BTC)\s*$", re.I)
_TOKEN_UNIT = r"(?:[A-Z][A-Z0-9]{1,5}\b|(?:[\w-]+\s+){0,3}?(?:tokens?|coins?)\b)"
_OF_TOKEN = r"(?:\s+of\s+(?:the\s+|all\s+)?(?:[a-z]?[A-Z][A-Z0-9]{1,5}\b|(?:[\w-]+\s+){0,3}?(?:tokens?|coins?)))?"
_TAIL = (r"\s*(?:\([^)]{0,30}\)\s*)?(?:of|is|will\s+be|:|=|-|at|to)?\s*(?:set\s+(?:at|to)\s*)?"
         r"(?:approximately|approx\.|about|≈|~|roughly)?\s*$")
_MAX_LEFT = re.compile(
    r"(?:max(?:imum)?\.?\s+(?:token\s+|coin\s+|total\s+)?supply" + _OF_TOKEN
    + r"|supply" + _OF_TOKEN + r"\s+(?:is\s+|will\s+be\s+)?(?:capped|limited|fixed)"
    r"\s+(?:at|to)|capped\s+at|never\s+exceed|"
    r"maximum\s+(?:number|amount)\s+of\s+(?:\w+\s+){0,2}(?:generated|created|issued|minted)?|"
    r"eventual\s+(?:\(.{0,12}\)\s+)?supply\s+of|will\s+ever\s+be\s+created\s+is|only)" + _TAIL, re.I)
_TOTAL_LEFT = re.compile(
    r"(?:total\s+(?:token\s+|coin\s+)?supply" + _OF_TOKEN
    + r"(?:\s+that\s+will\s+ever\s+be\s+created)?|total\s+(?:amount|number)\s+of\s+(?:\w+\s+){0,3}?"
    r"(?:tokens?|coins?|[A-Z]{2,6}|distribution)|(?:mint(?:ing)?|create|issue|generate)\s+a\s+total\s+of|"
    r"genesis\s+supply|(?:token\s+)?supply" + _OF_TOKEN + r"\s+is\s+initially|a\s+total\s+supply\s+of|"
    r"(?:we|[A-Z]\w+)\s+will\s+(?:issue|create|mint)(?:\s+a\s+total\s+of)?)" + _TAIL, re.I)
_CIRC_LEFT = re.compile(
    r"(?:initial(?:ly)?\s+)?circulating\s+supply(?:\s+(?:at|on|upon)\s+(?:the\s+)?(?:TGE|launch|listing|"
    r"token\s+generation\s+event(?:\s+\(TGE\))?|genesis))?" + _TAIL, re.I)
_GENESIS_RIGHT = re.compile(
    r"^\s*(?:[a-z]?[A-Z][A-Z0-9]{1,5}|tokens|coins)\s+(?:tokens\s+)?(?:will\s+be\s+|are\s+|were\s+|is\s+)?"
    r"(?:created|minted|issued|generated)\s+(?:at|in|on|during)\s+(?:the\s+)?(?:genesis|TGE|launch)", re.I)
_GENESIS_LEFT = re.compile(r"(?:at|on)\s+(?:genesis|launch|TGE),?\s*$|^\s*the\s*$", re.I)
_EVER_RIGHT = re.compile(r"^\s*" + _TOKEN_UNIT + r"\s+(?:will\s+)?(?:ever\s+)?(?:be\s+)?"
                         r"(?:created|minted|issued|exist)\b.{0,20}", re.I)
_UNCAPPED = re.compile(
    r"\bno\s+(?:maximum|max|hard|fixed)\s+(?:token\s+)?(?:supply|cap)\b|\buncapped\b|"
    r"\bno\s+limit\s+on\s+the\s+(?:number|amount)\s+of\s+(?:\w+\s+)?(?:tokens|coins)\b|"
    r"\bunlimited\s+supply\b|\bno\s+(?:supply\s+)?cap\s+on\s+(?:the\s+)?(?:total\s+)?supply\b|"
    r"\bsupply\s+is\s+not\s+(?:capped|fixed|limited)\b", re.I)


_COINS = r"(bitcoin|btc|ethereum|ether|eth|litecoin|ltc|ripple|xrp|dogecoin|monero|zcash|dash|eos|tether|usdt)"
_OTHER_COIN = re.compile(r"\b" + _COINS + r"(?:(?:'s|’s)\s+(?:[\w-]+\s+){0,2}|\s+)supply\b|\bsupply\s+of\s+"
                         r"(?:[\w-]+\s+){0,2}?" + _COINS + r"\b", re.I)
_CJK = re.compile(r"[\u3400-\u9fff]")
_CJK_SUPPLY = re.compile(r"(?:(?P<max>总量上限|上限为?|最多)|总量(?:恒定)?为?|发行总量为?|共)$")


@dataclass
class _Mention:
    field: str
    value: float
    view: _View
    number: Number


def _supply_mentions(views: list[_View], symbol: str | None, project: str | None) -> list[_Mention]:
    found: list[_Mention] = []
    own = " ".join(w for w in (symbol, project) if w).lower()
    for view in views:
        s = view.flat
        for n in view.numbers:
            if n.percent or n.year_like or n.value < 1e4:
                continue
            left = s[max(0, n.start - 90):n.start]
            cut = max(left.rfind(". "), left.rfind("; "), left.rfind("! "))
            left = left[cut + 1:] if cut >= 0 else left
            right = s[n.end:n.end + 60]
            if _CURRENCY_AFTER.match(right) and not (symbol and right.strip().startswith(symbol)):
                continue
            if _CURRENCY_BEFORE.search(left):
                continue
            a, b = view.sentence(n.start)
            if _EXAMPLE.search(s[a:b]):
                continue
            other = _OTHER_COIN.search(left)
            if other and (other.group(1) or other.group(2)).lower() not in own:
                continue  # "Bitcoin's supply is capped at 21 million" in someone else's paper
            field = None
            cjk_left = re.sub(r"\s+", "", left)[-12:]
            if _CJK.search(cjk_left):
                m = _CJK_SUPPLY.search(cjk_left)
                if m:
                    found.append(_Mention("max_supply" if m.group("max") else "total_supply", n.value, view, n))
                continue
            if _MAX_LEFT.search(left):
                field = "max_supply"
                if left.rstrip().lower().endswith("only") and not _EVER_RIGHT.match(right):
                    field = None
            elif _TOTAL_LEFT.search(left):
                field = "total_supply"
            elif _CIRC_LEFT.search(left):
                field = "initial_circulating"
            elif re.search(r"tokens?\s+(?:that\s+)?will\s+ever\s+be\s+created\s+is\s*$", left, re.I):
                field = "max_supply"
            elif _GENESIS_RIGHT.match(right) or (_GENESIS_LEFT.search(left) and re.match(
                    r"^\s*(?:[a-z]?[A-Z][A-Z0-9]{1,5}|tokens)\s+(?:will\s+be\s+|are\s+)?(?:created|minted)",
                    right)):
                field = "total_supply"
            if field is None:
                continue
            unit_ok = re.match(r"^\s*(?:\(|" + _TOKEN_UNIT + r"|[.,;]|\s*$)", right) or re.search(
                r"(?i:tokens?|coins?|supply)|\b[A-Z]{2,6}\b", left)
            if not unit_ok:
                continue
            found.append(_Mention(field, n.value, view, n))
    return found


def _fill_supply(t: Tokenomics, views: list[_View]) -> list[_Mention]:
    mentions = _supply_mentions(views, t.identity.symbol.value, t.identity.project_name.value)
    for field in ("max_supply", "total_supply", "initial_circulating"):
        these = [m for m in mentions if m.field == field]
        if not these:
            continue
        values: dict[float, _Mention] = {}
        for m in these:
            if not any(same_value(m.value, v) for v in values):
                values[m.value] = m
        top = Counter(m.value for m in these).most_common(1)[0][0]
        chosen = values.get(top) or these[0]
        fact = Fact(value=chosen.value, evidence=chosen.view.evidence(chosen.number.start, chosen.number.end))
        setattr(t.supply, field, fact)
        if len(values) > 1:
            t.conflicts.append(Conflict(field=f"supply.{field}", values=[
                Fact(value=m.value, evidence=m.view.evidence(m.number.start, m.number.end))
                for m in values.values()]))
        if field == "initial_circulating":
            _circulating_pct(t, chosen)
    if not t.supply.max_supply.stated:
        for view in views:
            m = _UNCAPPED.search(view.flat)
            if m:
                t.supply.uncapped = Fact(value=True, evidence=view.evidence(m.start(), m.end()))
                break
    return mentions


_CIRC_PCT = re.compile(
    r"(?:at|on|upon)\s+(?:the\s+)?(?:launch|TGE|listing|genesis),?\s+(?P<a>\d+(?:\.\d+)?)\s*%\s+of\s+the\s+"
    r"(?:total\s+|max\w*\s+)?(?:token\s+)?supply\s+(?:is\s+expected\s+to|will|is\s+set\s+to)\s+"
    r"(?:be\s+in\s+)?circulat"
    r"|(?P<b>\d+(?:\.\d+)?)\s*%\s+of\s+the\s+(?:total\s+|max\w*\s+)?(?:token\s+)?supply\s+(?:will\s+be|is)\s+"
    r"(?:in\s+circulation|circulating|unlocked)\s+(?:at|on|upon)\s+(?:the\s+)?(?:launch|TGE|listing|genesis)",
    re.I)


def _fill_circulating_pct(t: Tokenomics, views: list[_View]) -> None:
    if t.supply.initial_circulating_pct.stated:
        return
    for view in views:
        m = _CIRC_PCT.search(view.flat)
        if m:
            start = m.start("a") if m.group("a") else m.start("b")
            a, b = view.sentence(start)
            if not _EXAMPLE.search(view.flat[a:b]):
                value = float(m.group("a") or m.group("b"))
                t.supply.initial_circulating_pct = Fact(value=value, evidence=view.evidence(m.start(), m.end()))
                return


def _circulating_pct(t: Tokenomics, mention: _Mention) -> None:
    view = mention.view
    a, b = view.sentence(mention.number.start)
    for n in view.numbers:
        if a <= n.start < b and n.start > mention.number.end and n.percent and 0 < n.value <= 100:
            t.supply.initial_circulating_pct = Fact(
                value=n.value, evidence=view.evidence(mention.number.start, n.end))
            return


# ------------------------------------------------------------------ emission

_INFLATION = re.compile(
    r"(?:inflation(?:\s+rate)?\s*(?:of|at|is|will\s+be|=|:|starts\s+at|begins\s+at|of\s+up\s+to)?\s*"
    r"(?:approximately|about|~|up\s+to)?\s*"
    r"(?P<a>\d+(?:\.\d+)?)\s*%)"
    r"|(?:(?P<b>\d+(?:\.\d+)?)\s*%\s*(?:annual|yearly|nominal|per\s+(?:year|annum)|a\s+year)?\s*(?:\(\w+\)\s*)?"
    r"inflation)"
    r"|(?:(?:grows?|increases?|inflates?)\s+(?:by\s+|at\s+)?(?:an?\s+)?(?:annual|yearly)\s+rate\s+of\s+"
    r"(?P<d>\d+(?:\.\d+)?)\s*%)"
    r"|(?:(?:increase|grow|inflate)s?\s+(?:the\s+)?(?:total\s+)?(?:token\s+)?supply\s+by\s+"
    r"(?P<c>\d+(?:\.\d+)?)\s*%\s*(?:per\s+(?:year|annum)|annually|each\s+year|a\s+year))",
    re.I)
_FIXED = re.compile(
    r"\bno\s+(?:(?:further|new|additional|more)\s+)?(?:token\s+creation|tokens?\s+(?:will|can)\s+be\s+"
    r"(?:created|minted|issued)|minting|mining)\b|\bfixed\s+(?:total\s+)?supply\b|\bsupply\s+is\s+"
    r"(?:constant|fixed)\b|\bnever\s+be\s+(?:any\s+)?(?:more|additional)\s+(?:tokens?|coins?)\b|"
    r"\bno\s+more\s+(?:tokens?|coins?)\s+(?:will|can)\s+(?:ever\s+)?be\b|will\s+ever\s+be\s+created|"
    r"\bno\s+mint(?:ing)?\s+function\b|\bsupply\s+can\s+never\s+increase\b",
    re.I)
_MINTER = re.compile(
    r"(?P<who>\b(?:[A-Za-z][\w-]*\s+){0,3}?(?:team|foundation|owner|admin\w*|company|contract|DAO|governance|"
    r"multi-?sig\w*|issuer|developers?|board|council|treasury|minter|operators?|we))\s+"
    r"(?:may|can|will\s+be\s+able\s+to|"
    r"is\s+(?:allowed|able|entitled|permitted)\s+to|has\s+the\s+(?:right|ability|power)\s+to|"
    r"retains?\s+the\s+(?:right|ability|power)\s+to)\s+mint\s+(?:new\s+|additional\s+|more\s+)?"
    r"(?:[A-Z]{2,6}\b|tokens?\b|coins?\b)", re.I)
_UNLIMITED = re.compile(r"\bno\s+limit\b|\bunlimited\b|\bat\s+(?:its|their|our)\s+(?:sole\s+)?discretion\b|"
                        r"\bwithout\s+(?:any\s+)?limit|\bany\s+amount\b", re.I)
_FIAT = re.compile(r"\bfiat\b|\bdollars?\b|\bUSD\b|\beuros?\b|\bCPI\b|consumer\s+price|central\s+bank|"
                   r"\becono\w+|\bcountr\w+|\bgovernment", re.I)
_TOKEN_WORDS = re.compile(r"\btokens?\b|\bcoins?\b|\bsupply\b|\bstak\w+|\bblock\s+rewards?\b|\bminted\b", re.I)
_CITATION = re.compile(r"\[[A-Z]{1,4}\d{2}\]|\[\d+\]|\bet al\b|\bpp\.|\bvol\.|\b(?:19|20)\d\d\)?\.\s")
_OTHER_TOKEN = re.compile(r"liquidity\s+tokens?|pool\s+shares?|\bLP\s+tokens?|aTokens?|cTokens?", re.I)
_BURN = re.compile(r"\bburn(?:ed|t|s|ing)?\b(?!\s+man\b)", re.I)
_SCHEDULE = re.compile(r"\bhalving\b|\binflation\s+schedule\b|\bemission\s+schedule\b"
                       r"|\bissuance\s+schedule\b", re.I)


def _fill_emission(t: Tokenomics, views: list[_View]) -> None:
    e = t.emission
    symbol, project = t.identity.symbol.value, t.identity.project_name.value
    own = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in (symbol, project) if w) + r")\b"
                     if symbol or project else r"(?!x)x")
    for view in views:
        for m in _INFLATION.finditer(view.flat):
            value = float(m.group("a") or m.group("b") or m.group("c") or m.group("d"))
            a, b = view.sentence(m.start())
            sentence = view.flat[a:b]
            if _EXAMPLE.search(sentence) or value <= 0 or value > 100:
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
                if (re.search(r"\d\s*%|\bper\s+(?:year|block|epoch)\b|\bannually\b|\beach\s+year\b|\bevery\s+\d",
                              text) and not _EXAMPLE.search(text) and not _CITATION.search(text)):
                    ev = ev if len(ev.quote) <= 200 else view.evidence(m.start(), m.end())
                    e.schedule = Fact(value=ev.quote, evidence=ev)
                    break
        if not e.burn.stated:
            for m in _BURN.finditer(view.flat):
                text, ev = view.sentence_evidence(m.start())
                if _OTHER_TOKEN.search(text):
                    continue
                if ((own.search(text) or re.search(r"\bfees?\b", text, re.I))
                        and re.search(r"tokens?|coins?|fees?|supply|" + own.pattern, text, re.I)
                        and not _EXAMPLE.search(text)
                        and not _CITATION.search(text) and not re.search(r"\b(?:could|might|would)\b", text)
                        and m.group().lower() in ev.quote.lower()):
                    ev = ev if len(ev.quote) <= 200 else view.evidence(m.start(), m.end())
                    e.burn = Fact(value=ev.quote, evidence=ev)
                    break
    for view in views:
        m = _MINTER.search(view.flat)
        if m:
            who = re.sub(r"^(?:only|and|but|so|then|also|the|a|an)\s+", "", m.group("who"), flags=re.I)
            if re.match(r"(?:no\s+one|nobody|none|no)\b", who, re.I) or _EXAMPLE.search(m.group()):
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
                if _EXAMPLE.search(text) or re.search(r"\bnot\b|\bunless\b|\buntil\b", text):
                    continue
                e.type = Fact(value="fixed", evidence=ev)
                if not e.mint_capped.stated:
                    e.mint_capped = Fact(value=True, evidence=ev)
                break


# ------------------------------------------------------------------ allocation

_BULLET = "•●○▪◦■□➢►*"
_CATEGORY_RULES: list[tuple[str, re.Pattern]] = [  # first match wins
    ("public_sale", re.compile(r"\bpublic\b", re.I)),
    ("team", re.compile(r"early\s+contributor|founder|core\s+(?:contributor|team|developer|dev)", re.I)),
    ("private_investors", re.compile(
        r"pre-?\s?sale|private|seed|strategic\s+(?:investor|partner|sale|round)|angel|early\s+"
        r"(?:investor|backer|supporter|bird)|lead\s+donor|initial\s+supporter|pre-?ico|venture|"
        r"investors?(?!\s+relations)", re.I)),
    ("team", re.compile(r"\bteam\b|employee|management|staff", re.I)),
    ("advisors", re.compile(r"advis[oe]r", re.I)),
    ("public_sale", re.compile(
        r"crowd\s?sale|crowd\s?fund|token\s+sale|\bico\b|purchaser|\bsale\b|sold|fundraiser|donors|"
        r"offering|participants|contributors|buyers", re.I)),
    ("reserve", re.compile(r"reserve|foundation|treasury|endowment", re.I)),
    ("community", re.compile(
        r"communit|airdrop|bount|reward|mining|miners|staking|liquidity|incentiv|users|grants?", re.I)),
    ("reserve", re.compile(
        r"company|ecosystem|fund\b|multisig|retained|corporate|organi[sz]ation|gmbh|\binc\b|\bltd\b|"
        r"future\s+development", re.I)),
]
_BUDGET_LABEL = re.compile(
    r"develop|marketing|legal|operat|expens|acquisition|admin|infrastructure|security|contingen|"
    r"hosting|r&d|research|salar|office|business|growth|technology|product|scientific|compliance|"
    r"audit|partnership|portfolio|compensation", re.I)
_BUDGET_CONTEXT = re.compile(
    r"proceeds|funds?\s+(?:raised|collected|will|allocation)|use\s+of\s+funds|budget|spent|spend|"
    r"funding\s+allocation|allocation\s+of\s+(?:the\s+)?funds|raised\s+(?:funds|capital|ether)|"
    r"capital\s+raised|ETH\s+raised|expenditure|hedg", re.I)
_TOKEN_CONTEXT = re.compile(
    r"tokens?\b|coins?\b|supply|token\s+distribution|token\s+allocation|distribution|allocation|"
    r"allocated|genesis|minted|issued", re.I)
_TOKEN_ALLOCATION = re.compile(
    r"(?:token|coin|[A-Z]{2,6})\s+(?:allocation|distribution|split|breakdown)|(?:allocation|distribution)\s+of\s+"
    r"(?:the\s+)?(?:[\w-]+\s+){0,2}?(?:tokens?|coins?|[A-Z]{2,6}\b|supply)|tokens?\s+(?:will\s+be\s+|are\s+|were\s+)?"
    r"(?:allocated|distributed|split)|supply|genesis|minted|allocated\s+as\s+follows", re.I)
_LEFT_VERB = re.compile(
    r"[A-Za-z]\s+(?:constitutes?|allocated|received|receives?|represents?|accounts?\s+for|gets?|takes?|"
    r"retains?|holds?|keeps?)\s*(?:up\s+to\s+|approximately\s+|about\s+)?$", re.I)
_ALLOC_VERB = re.compile(r"aside|reserved|allocated|distributed|held|retained|kept|sold|issued|assigned", re.I)
_TOTAL_LABEL = re.compile(r"^\s*(?:total|sum|overall)\b", re.I)
_LABEL_VERBS = re.compile(
    r"\s*(?:tokens?\s+)?(?:(?:will|shall)\s+be\s+|were\s+|was\s+|is\s+|are\s+)?(?:allocated|received|"
    r"receives?|get|gets|constitutes?|represents?|accounts?\s+for|makes?\s+up|takes?|holds?|"
    r"retains?|keeps?)\b.*$", re.I)
_RIGHT = re.compile(
    r"^\s*(?:\(\s*(?P<amt>[\d][\d,. ]*\d(?:\s*(?:million|billion))?)\s*(?:[A-Z]{2,6}|tokens)?\s*\))?\s*"
    r"(?P<sep>[-–:=]\s*)?"
    r"(?:of\s+(?:the\s+)?(?:total\s+|all\s+|initial\s+)?(?:[\w-]+\s+){0,4}?"
    r"(?:tokens?|coins?|supply|[A-Z]{2,6}\b)(?:\s+(?:created|minted|issued)(?:\s+during\s+the\s+[\w\s]{0,30}"
    r"?(?i:period))?)?\s*,?\s*)?"
    r"(?P<verb>(?:(?:will|shall)\s+(?:go|be\s+\w+)|goes|go|is\s+\w+|are\s+\w+|were\s+\w+|was\s+\w+|"
    r"are,?\s+or\s+will\s+be,?\s+\w+|were,?\s+or\s+will\s+be,?\s+\w+|are\s+being,?\s+or\s+will\s+be,?\s+\w+)"
    r"(?:\s+aside)?(?:\s+(?:and|or)\s+\w+)?\s+)?"
    r"(?:(?:(?:by|for|to|in)\s+(?:the\s+)?(?:a\s+)?)|(?P<bare>(?=[A-Z])))"
    r"(?P<label>[A-Za-z][^.;:%()\n•●○]{1,70})")


_REST_OF_LINE = re.compile(r"^[ ]*(?:\([^)\n]*\))?[ ]*[-–:=]?[ ]*(?:for[ ]+|to[ ]+)?"
                           r"(?!(?:of|in|the|and|or|per|every|each|are|is|was|were|will|after|"
                           r"before|from|on|at)\b)(?P<label>[A-Za-z][^\n;%]{2,80})")
_NOT_ALLOCATION = re.compile(
    r"^\s*of\s+(?:the\s+|their\s+|its\s+|all\s+)?(?:[\w-]+\s+)?(?:fees?|funds|proceeds|revenues?|profits?|"
    r"hash\s*power|hashpower|votes?|stake|collateral|time|transactions?|blocks?|nodes?|validators?|"
    r"users|rolls|the\s+tokens\s+they)\b|^\s*of\s+(?:their|his|her|its|your)\s+|"
    r"^[^.;\n]{0,40}\b(?:expected\s+to\s+circulate|in\s+circulation|circulating)\b", re.I)
_STRONG = re.compile(r"^\s*of\s+(?:all\s+)?(?:the\s+)?(?:total\s+)?(?:[A-Z]{2,6}\b|tokens?\b|coins?\b)", re.I)


@dataclass
class _Row:
    label: str
    percent: float | None
    amount: float | None
    view: _View
    start: int
    end: int
    strong: bool = False  # "20% of the tokens will be allocated to ...": prose that stands alone

    @property
    def key(self) -> tuple[int, int]:
        return (self.view.page.number, self.start)


_CJK_CATEGORIES = [
    ("team", re.compile(r"团队|创始|员工")),
    ("advisors", re.compile(r"顾问")),
    ("private_investors", re.compile(r"早期支持者|私募|天使|种子|投资")),
    ("public_sale", re.compile(r"参与者|公开|众筹|ICO")),
    ("reserve", re.compile(r"基金会|储备|国库")),
    ("community", re.compile(r"社区|奖励|挖矿|空投")),
]


def category_for(label: str) -> str:
    """Map an allocation label as written to the schema's Category bucket."""
    if _CJK.search(label):
        return next((c for c, p in _CJK_CATEGORIES if p.search(label)), "other")
    if re.match(r"\s*advis", label, re.I):
        return "advisors"
    for category, pattern in _CATEGORY_RULES:
        if pattern.search(label):
            return category
    return "other"


def _clean_label(label: str) -> str:
    label = re.sub(r"[\ue000-\uf8ff*]", "", label)  # private-use glyphs (symbol-font bullets)
    label = re.sub(r"\s+", " ", label).strip(" -–—:=,;|\t" + _BULLET)
    label = re.sub(r"^(?:\d+[.)]\s+|[a-z][.)]\s+)", "", label)
    label = re.sub(r"^(?:to\s+)?be\s+", "", label)
    label = re.sub(r"\s+(?:who|which|that|in\s+order|as|with|until|at|on|subject|pursuant|minus|"
                   r"because|so\s+that)\b.*$", "", label)
    label = re.sub(r"\s+(?:and|but)\s+(?:are|is|will|were|was|shall)\b.*$", "", label)
    label = re.sub(r"\s+for\s+(?:their|its|his|her|our)\b.*$", "", label)
    label = re.sub(r"\s*\([^)]*$", "", label)  # an unclosed parenthesis: "supporters (i.e."
    label = re.sub(r"\s+(?:in\s+order\s+)?to\s+(?:help|fund|incentivi[sz]e|encourage|support|reward|ensure|cover|"
                   r"pay|build|develop|promote|attract|be|provide|allow|enable|secure|bootstrap|grow|finance|"
                   r"compensate|keep|take|continue|facilitate|create|make|expand)\b.*$", "", label)
    label = re.sub(r"\s+(?:to|for|and|the|of)\s*$", "", label)
    label = re.sub(r"(?<=\w)\s+(?:distributed|allocated|reserved|held|issued|vested|locked|sent)\b.*$",
                   "", label)
    label = re.sub(r"^(?:the|a|an|and|will\s+go\s+to(?:\s+the)?)\s+", "", label, flags=re.I)
    return label.strip(" -–—:=,;|")[:80]


def _left_label(view: _View, pos: int, same_line: bool = False) -> tuple[str, int] | None:
    s = view.s
    a = s.rfind("\n", 0, pos) + 1 if same_line else max(0, pos - 110)
    window = s[a:pos]
    if same_line:
        if "%" in window and not re.match(r"\)?\s*[,;]", window[window.rindex("%") + 1:]):
            return None  # a second figure on a row ("Seed 10% 1 year lock, then 25% every 6 months")
        cuts = [i for i, c in enumerate(window) if c in ";:%" + _BULLET
                or (c == "." and re.match(r"\.\s+[A-Z]", window[i:]))]
    else:
        cuts = [i for i, c in enumerate(window) if c in ";:.()%" + _BULLET
                or (c == "," and not re.match(r",\s*(?:Inc|Ltd|LLC|Co|S\.A|AG|GmbH)\b", window[i:]))]
    # the last cut that leaves a label ("Participants:\n820 000 000 (82%)" keeps "Participants")
    if cuts and window[cuts[-1]] == ":" and not window[cuts[-1] + 1:].strip():
        cuts.pop()  # "Label: 10%": the colon ends the label
    cuts = [i for i in cuts if re.search(r"[^\W\d_]{3}", window[i + 1:])][-1:] or cuts[-1:]
    if cuts:
        a, window = a + cuts[-1] + 1, window[cuts[-1] + 1:]
    elif not same_line and a > 0:
        skip = re.match(r"\S*\s", window)  # drop the partial first word
        if skip:
            a, window = a + skip.end(), window[skip.end():]
    connector = None
    for connector in re.finditer(r"\b(?:to|for|by|go|goes)\s+(?:the\s+)?", window):
        pass
    if connector and not same_line:
        a, window = a + connector.end(), window[connector.end():]
    window = re.sub(r"[\d][\d,. ]*\d\s*$|\d\s*$", "", window.rstrip())  # an amount column
    window = re.sub(r"(?:\bup\s+to|\bapprox\w*|\babout|~)\s*$", "", window.rstrip(), flags=re.I)
    window = _LABEL_VERBS.sub("", window)
    label = _clean_label(window.replace("\n", " "))
    if len(re.findall(r"[A-Za-z]", label)) < 3:
        return None
    return label, a + (len(window) - len(window.lstrip()))


def _heading_label(view: _View, line_start: int, lone: bool) -> tuple[str, int] | None:
    """A pie-chart or two-line table label: the short line(s) just above a percentage.

    Either "% of tokens generated to X" above any percentage, or a short label
    line above a percentage that stands alone on its line.
    """
    s = view.s
    end = line_start - 1
    if end <= 0:
        return None
    start = s.rfind("\n", 0, end) + 1
    line = s[start:end].strip()
    m = re.match(r"%\s+of\s+(?:the\s+)?tokens\s+(?:generated|allocated|distributed|issued|created)\s+"
                 r"(?:to|for)\s+(?P<label>[^\n]{3,60})$", line)
    if m:
        return _clean_label(m.group("label")), start
    if not lone:
        return None
    while start > 1:
        prev_start = s.rfind("\n", 0, start - 1) + 1
        prev = s[prev_start:start - 1].strip()
        if re.search(r"\b(?:and|&|of|for|the)$", prev) and len(prev) < 40:
            line, start = prev + " " + line, prev_start
        else:
            break
    if not line or len(line) > 45 or re.search(r"\d|[.:;]$", line):
        return None
    label = _clean_label(line)
    if len(re.findall(r"[A-Za-z]", label)) < 3:
        return None
    return label, start


def _percent_rows(view: _View) -> list[_Row]:
    s = view.s
    rows: list[_Row] = []
    for n in view.numbers:
        if not n.percent or n.value < 0 or n.value > 100:
            continue
        line_start = s.rfind("\n", 0, n.start) + 1
        prefix = s[line_start:n.start]
        in_parens = prefix.rstrip().endswith("(")
        at_line_start = not re.search(r"[A-Za-z]", prefix) and not in_parens
        right = s[n.end:n.end + 130]
        if _NOT_ALLOCATION.match(right):
            continue
        if _CJK.search(right[:8]):
            row = _cjk_row(view, n)
            if row:
                rows.append(row)
            continue
        a, b = view.sentence(n.start)
        if _EXAMPLE.search(view.flat[a:n.start]):
            continue
        label = None
        lstart = n.start
        m = None
        strong = False
        if in_parens:
            got = _left_label(view, line_start + len(prefix.rstrip()) - 1)  # up to the "("
            if got:
                label, lstart = got
        else:
            m = _RIGHT.match(right)
            connector = m and (m.group("sep") or m.group("verb") or m.group("bare") is None)
            left_verb = _LEFT_VERB.search(prefix)
            if m and m.group("bare") is not None and "\n" in right[:m.start("label")]:
                m = None
            if m and (at_line_start or connector) and not left_verb:
                label = _clean_label(m.group("label"))
                strong = bool(m.group("verb") and (_STRONG.match(right) or _ALLOC_VERB.search(m.group("verb"))))
            if not label and not at_line_start:
                got = _left_label(view, n.start, same_line=True)
                if got:
                    label, lstart = got
                    strong = bool(left_verb)
            if not label and _LEFT_VERB.search(view.flat[a:n.start]):
                got = _left_label(view, n.start)
                if got:
                    (label, lstart), strong = got, True
            if not label and at_line_start:
                rest = _REST_OF_LINE.match(right)
                label = _clean_label(rest.group("label")) if rest else None
            if not label and at_line_start:
                got = _heading_label(view, line_start, lone=not s[n.end:].split("\n", 1)[0].strip())
                if got:
                    label, lstart = got
        if not label or len(re.findall(r"[A-Za-z]", label)) < 3:
            continue
        amount = None
        line_rest = right.split("\n", 1)[0]
        if lstart < n.start:
            seg = s[lstart:n.end] + re.match(r"[^A-Za-z]*", line_rest).group()  # cells before any text
        else:
            seg = s[n.start:n.end + (right.find("\n") if "\n" in right else len(right))]
        amounts = [x for x in find_numbers(seg) if not x.percent and x.value >= 1e4 and not x.year_like]
        if len(amounts) == 1:
            amount = amounts[0].value
        rows.append(_Row(label, n.value, amount, view, min(lstart, n.start), n.end, strong))
    return rows


_CJK_ROW = re.compile(
    r"^[^,，。；;]{0,40}?(?:分配给了?|由)(?P<label>[^,，。；;]{2,15}?)(?:持有|[,，。；;])")


def _cjk_row(view: _View, n: Number) -> _Row | None:
    """A Chinese allocation clause: "约 10% 的...分配给了<label>" or "50% 的...由<label>持有"."""
    s = view.s
    chars = [(i, c) for i, c in enumerate(s[n.end:n.end + 200], n.end) if not c.isspace()]
    compact = "".join(c for _, c in chars)
    m = _CJK_ROW.match(compact)
    if not m:
        return None
    label = m.group("label")
    ico = re.search(r"ICO\d", compact[:m.start("label")])
    if ico:
        label = f"{ico.group()[:3]} {ico.group()[3:]} {label}"
    end = chars[m.end("label") - 1][0] + 1
    return _Row(label, n.value, None, view, n.start, end, strong=True)


_AMOUNT_ROW = re.compile(
    r"(?:^|\n|[" + _BULLET + r"]\s*)(?P<amt>\d{1,3}(?:[, ]\d{3}){2,})\s*(?:[A-Z]{2,6}|tokens)?\s*"
    r"[=:\-–]\s*(?P<label>[A-Za-z](?:[^\n.;%]|\.(?=\d)){2,80})")


def _amount_rows(view: _View) -> list[_Row]:
    rows = []
    for m in _AMOUNT_ROW.finditer(view.s):
        amount = find_numbers(m.group("amt"))
        if not amount:
            continue
        label = _clean_label(re.sub(r"^(?:distributed|reserved|allocated|given)\s+(?:to|for)\s+(?:the\s+)?",
                                    "", m.group("label"), flags=re.I))
        if len(label) >= 3:
            rows.append(_Row(label, None, amount[0].value, view, m.start("amt"), m.end("label")))
    return rows


def _runs(rows: list[_Row], max_gap: int = 450) -> list[list[_Row]]:
    runs: list[list[_Row]] = []
    for row in sorted(rows, key=lambda r: r.key):
        if runs:
            prev = runs[-1][-1]
            same_page = prev.view is row.view and row.start - prev.end <= max_gap
            next_page = (row.view.page.number == prev.view.page.number + 1
                         and len(prev.view.s) - prev.end <= max_gap and row.start <= max_gap)
            if (same_page or next_page) and row.start != prev.start:
                runs[-1].append(row)
                continue
        runs.append([row])
    return runs


def _complete_blocks(run: list[_Row], totals: list[float]) -> list[list[_Row]]:
    blocks = []
    for i in range(len(run)):
        total_pct = total_amt = 0.0
        for j in range(i, len(run)):
            row = run[j]
            if row.percent is not None:
                total_pct += row.percent
            if row.amount is not None:
                total_amt += row.amount
            if j - i < 2:
                continue
            block = run[i:j + 1]
            pct_ok = all(r.percent is not None for r in block) and abs(total_pct - 100) <= 0.6
            amt_ok = all(r.amount is not None for r in block) and any(
                abs(total_amt - t) <= 1e-6 * t for t in totals)
            if pct_ok or amt_ok:
                blocks.append(block)
            if total_pct > 101 and all(r.percent is not None for r in block):
                break
    return blocks


def _strong_blocks(rows: list[_Row]) -> list[tuple[float, list[_Row]]]:
    """Allocation sentences scattered over a few pages ("41% of SNT ... will be allocated to")."""
    strong = sorted((r for r in rows if r.strong), key=lambda r: r.key)
    blocks = []
    for i, first in enumerate(strong):
        chosen: list[_Row] = []
        for row in strong[i:]:
            if row.view.page.number - first.view.page.number > 2:
                break
            if any(same_value(row.percent, c.percent) and category_for(row.label) == category_for(c.label)
                   for c in chosen):
                continue
            chosen.append(row)
            total = sum(c.percent for c in chosen)
            if len(chosen) >= 3 and abs(total - 100) <= 0.6:
                score = _block_score(chosen)
                if score is not None:
                    blocks.append((score, list(chosen)))
                break
            if total > 100.6:
                break
    return blocks


def _block_score(block: list[_Row]) -> float | None:
    labels = [r.label for r in block]
    if sum(bool(_BUDGET_LABEL.search(lb)) for lb in labels) * 2 >= len(labels):
        return None
    if len({lb.lower() for lb in labels}) < len(labels) or any(
            not re.search(r"[A-Za-z]{3}|[\u3400-\u9fff]{2}", lb) for lb in labels):
        return None
    first = block[0]
    before = first.view.flat[max(0, first.start - 350):first.start]
    budget = [m.end() for m in _BUDGET_CONTEXT.finditer(before)]
    token = [m.end() for m in _TOKEN_CONTEXT.finditer(before)]
    allocation = [m.end() for m in _TOKEN_ALLOCATION.finditer(before)]
    if budget and (not allocation or max(budget) > max(allocation)):
        return None  # the nearest heading speaks of funds, not of tokens
    if _EXAMPLE.search(before[-80:]):
        return None
    score = len(block) + (2 if token else 0)
    if all(r.percent is not None for r in block):
        score -= 4 * abs(sum(r.percent for r in block) - 100)
    score += sum(category_for(lb) != "other" for lb in labels)
    score -= 2 * sum(len(lb.split()) > 6 for lb in labels)
    if re.search(r"allocat|distribut|breakdown|split|genesis", before[-200:], re.I):
        score += 2
    if block[-1].view is not first.view:
        score -= 2
    return score


_PRICE = re.compile(
    r"(?:\bprice\s+(?:of|is|:|=)?\s*|\bat\s+)(?P<c1>[$€£])?\s*(?P<amt>\d+(?:\.\d+)?)\s*(?P<c2>USD|EUR|ETH|BTC|"
    r"USDT|USDC|GBP|CHF)?(?=\s+(?:per|each|/)|\s*$|[\s,;.)])(?P<per>\s*(?:per|each|/)\s*\w+)?", re.I)
_CURRENCY_SIGN = {"$": "USD", "€": "EUR", "£": "GBP"}


def _row_price(row: _Row) -> Money | None:
    """A sale round's price stated right after its percentage ("at a price of $0.12 per token")."""
    view = row.view
    _, b = view.sentence(row.end - 1)
    m = _PRICE.search(view.flat, row.end, min(b, row.end + 80))
    if not m or not (m.group("c1") or m.group("c2")) or not (m.group("per") or "price" in m.group().lower()):
        return None
    currency = _CURRENCY_SIGN.get(m.group("c1") or "") or (m.group("c2") or "").upper() or None
    return Money(amount=float(m.group("amt")), currency=currency)


def _best_block(views: list[_View], totals: list[float]) -> list[_Row] | None:
    """The most table-like complete allocation among the views, or None."""
    candidates: list[tuple[float, list[_Row]]] = []
    percent_rows = [r for v in views for r in _percent_rows(v)]
    amount_rows = [r for v in views for r in _amount_rows(v)]
    for rows in (percent_rows, amount_rows):
        rows = [r for r in rows if not _TOTAL_LABEL.match(r.label)]
        for run in _runs(rows):
            for block in _complete_blocks(run, totals):
                score = _block_score(block)
                if score is not None:
                    candidates.append((score, block))
    candidates += _strong_blocks(percent_rows)
    if not candidates:
        return None
    return max(candidates, key=lambda c: (c[0], len(c[1])))[1]


def _anchor(block: list[_Row], views: dict[int, _View]) -> list[_Row] | None:
    """Move rows found in layout text onto page.text; None unless every row is found there.

    A row's new span runs from its label to the nearest occurrence of its value
    in page.text (columns that plain text printed apart stay within one quote).
    """
    anchored = []
    for row in block:
        view = views.get(row.view.page.number)
        if view is None:
            return None
        label = re.compile(r"\b" + r"\s+".join(map(re.escape, row.label.split())))
        value = row.percent if row.percent is not None else row.amount
        spans = [(min(lm.start(), n.start), max(lm.end(), n.end))
                 for lm in label.finditer(view.s) for n in view.numbers
                 if n.percent == (row.percent is not None) and same_value(n.value, value)]
        spans = [sp for sp in spans if sp[1] - sp[0] <= 250]
        if not spans:
            return None
        start, end = min(spans, key=lambda sp: sp[1] - sp[0])
        anchored.append(_Row(row.label, row.percent, row.amount, view, start, end, row.strong))
    return anchored


def _fill_allocation(t: Tokenomics, doc: Document, views: list[_View], mentions: list[_Mention]) -> None:
    totals = [m.value for m in mentions]
    best = _best_block(views, totals)
    if best is None:  # columns pypdf interleaved in plain text may stay apart in layout mode
        layout = [_View(Page(p.number, "", p.layout, "")) for p in doc.pages if p.layout]
        block = _best_block(layout, totals)
        best = _anchor(block, {v.page.number: v for v in views}) if block else None
    if not best:
        return
    for row in best:
        ev = row.view.evidence(row.start, row.end)
        price = _row_price(row)
        if price is not None and not value_in_text(price.amount, ev.quote):
            price = None
        t.allocation.append(AllocationRow(
            label=row.label, category=category_for(row.label), percent=row.percent,
            amount=row.amount, price=price, evidence=ev))
    _fill_vesting(t, best, views)


# ------------------------------------------------------------------ vesting

_VEST_WORDS = re.compile(r"\bvest|\bcliff\b|\block(?:ed|-up|\s+up|up)\b|\bunlock|\brelease|\bpayouts?\b"
                         r"|\bstreamed\b|\bto\s+be\s+determined\b|\bTBD\b", re.I)
_H = r"[\s\-\u2010\u2011\u2013]+"  # hyphens as pypdf extracts them
_DUR = r"(?:\d+(?:\.\d+)?|[a-z]+(?:[\-\u2010][a-z]+)?)" + _H + r"(?:months?|years?|days?|weeks?)"
_CLIFF = re.compile(
    r"(?P<a>" + _DUR + r")" + _H + r"(?:vesting\s+)?cliff"
    r"|cliff\s*(?:period\s*)?(?:of\s+|[:=]\s*)?(?P<b>" + _DUR + r")"
    r"|(?P<g>" + _DUR + r")" + _H + r"lock(?:-?up|ed)?\b"
    r"|locked\s+(?:up\s+)?(?:for\s+)?(?:the\s+first\s+|a\s+period\s+of\s+)?(?P<c>" + _DUR + r")"
    r"|(?:begin|start)s?\s+after\s+(?P<d>" + _DUR + r")"
    r"|nothing\s+is\s+released\s+for\s+the\s+first\s+(?P<e>" + _DUR + r")"
    r"|(?:prohibits|no)\s+[\w\s]{0,25}?transfers?\s+for\s+(?P<f>" + _DUR + r")", re.I)
_DURATION = re.compile(
    r"(?:vest\w*|released|distributed|unlocked|streamed|payouts?|the\s+rest)(?:\s+[\w,]+){0,5}?\s+"
    r"(?:over|for|during|within)\s+(?:a\s+period\s+of\s+|the\s+(?:next|following)\s+)?"
    r"(?P<a>" + _DUR + r")(?P<total>\s+total)?"
    r"|(?P<c>" + _DUR + r")\s+(?:of\s+)?(?:linear\s+|monthly\s+)?vesting"
    r"|vesting\s*(?:period\s*)?[:=]\s*(?P<e>" + _DUR + r")"
    r"|(?P<d>" + _DUR + r")\s+linear", re.I)
_TGE = re.compile(
    r"(?P<p>\d+(?:\.\d+)?)\s*%\s*(?:of\s+(?:the\s+|their\s+)?\w+\s+)?(?:is\s+|are\s+|will\s+be\s+)?"
    r"(?:unlocked|released|available|liquid|unlock)\s+(?:at|on|upon)\s+(?:the\s+)?"
    r"(?:TGE|launch|listing|token\s+generation|genesis)"
    r"|unlock\s+(?P<q>\d+(?:\.\d+)?)\s*%\s+(?:at|on|upon)\s+(?:the\s+)?(?:TGE|launch|listing|genesis)"
    r"|(?P<r>\d+(?:\.\d+)?)\s*%\s*(?:at\s+|on\s+)?(?:the\s+)?(?:TGE|listing)\b"
    r"|(?P<zero>nothing\s+is\s+(?:released|unlocked)\s+at\s+(?:the\s+)?(?:TGE|launch|genesis))"
    r"|(?P<full>fully\s+unlocked(?:\s+at\s+(?:the\s+)?(?:TGE|launch|listing|token\s+generation|genesis))?)",
    re.I)
_WITH_CLIFF = re.compile(r",?\s+with\s+(?:a\s+|an\s+)?" + _DUR + _H + r"cliff", re.I)
_CJK_LOCK = re.compile(r"锁\s*定\s*(?P<d>\d+(?:\.\d+)?\s*(?:个月|月|年|周|天))")
_FREQ = re.compile(r"\b(monthly|quarterly|weekly|daily|annually|every\s+(?:\w+\s+)?(?:months?|weeks?|"
                   r"days?|quarters?|years?))\b", re.I)
_INSIDER_LIKE = ("team", "advisors", "private_investors", "reserve")


def _vesting_sentences(block: list[_Row], views: list[_View]) -> list[tuple[str, Evidence]]:
    first, last = block[0], block[-1]
    windows = [(first.view, max(0, first.start - 300), len(first.view.flat))]
    following = [v for v in views if v.page.number == last.view.page.number + 1]
    if last.view is not first.view:
        windows.append((last.view, 0, len(last.view.flat)))
    if following:
        windows.append((following[0], 0, min(len(following[0].flat), 3000)))
    sentences: list[tuple[str, Evidence]] = []
    for view, a, b in windows:
        pos = a
        while pos < b:
            m = _VEST_WORDS.search(view.flat, pos, b)
            if not m:
                break
            sa, sb = view.sentence(m.start())
            text, ev = view.flat[sa:sb].strip(), view.span_evidence(sa, sb)
            if not sentences or sentences[-1][0] != text:
                sentences.append((text, ev))
            pos = max(sb, m.end())
    return sentences


def _fill_vesting(t: Tokenomics, block: list[_Row], views: list[_View]) -> None:
    sentences = _vesting_sentences(block, views)
    for row, source in zip(t.allocation, block):
        if _CJK.search(row.label):
            a, b = source.view.sentence(source.start)
            vesting = _parse_vesting(source.view.flat[a:b])
            if vesting is not None:
                vesting.evidence = source.view.span_evidence(a, b)
                row.vesting = vesting
            continue
        tail = source.view.s[source.end:].split("\n", 1)[0]
        label_left = re.search(r"[A-Za-z]{3}", source.view.s[source.start:source.end])
        if (label_left and re.search(r"[A-Za-z]{3}", tail) and len(tail) < 80
                and not re.match(r"\s*(?:[,;(]|(?:of|to|for|in|and|is|are|were|was|will|at|which)\b)", tail)):
            vesting = _parse_vesting(tail)
            if vesting is not None:
                vesting.evidence = row.evidence
                row.vesting = vesting
            continue  # the table has a release column: its cell is the answer
        own, words = _row_words(row)
        label = row.label.lower()
        starred = "*" in (row.evidence.quote if row.evidence else "")
        ranked = [x for x in sentences if re.sub(r"^[\s\-–—|:.,%\d" + _BULLET + r"]+", "", x[0]).lower()
                  .startswith(label)]
        ranked += [x for x in sentences if starred and x[0].startswith("*")]
        if row.category in _INSIDER_LIKE:
            ranked += [x for x in sentences if own and own in x[0].lower()]
            ranked += [x for x in sentences if re.search(r"\b(?:" + "|".join(words) + r")", x[0], re.I)]
        for text, ev in ranked:
            vesting = _parse_vesting(text)
            if vesting is not None:
                vesting.evidence = ev
                row.vesting = vesting
                break


def _row_words(row: AllocationRow) -> tuple[str | None, list[str]]:
    """The term that put the row in its category, and that category's usual words."""
    own = None
    for category, pattern in _CATEGORY_RULES:
        m = pattern.search(row.label)
        if m and category == row.category:
            own = m.group().lower()
            break
    words = {"team": ["team", "founder", "employee", "core dev"],
             "advisors": ["advisor", "adviser"],
             "private_investors": ["presale", "pre-sale", "private", "seed", "investor"],
             "reserve": [r"reserve\b", "foundation", "treasury", "company"]}.get(row.category, [])
    return own, words


def _parse_vesting(text: str) -> Vesting | None:
    """Cliff, duration, TGE unlock, shape and frequency stated in one sentence, or None."""
    v = Vesting()
    m = _CLIFF.search(text)
    if m:
        v.cliff_months = parse_months(next(g for g in m.groups() if g))
    m = _CJK_LOCK.search(text)
    if m and v.cliff_months is None:
        v.cliff_months = parse_months(m.group("d"))
    m = _DURATION.search(text)
    if m:
        months = parse_months(next(g for g in (m.group("a"), m.group("c"), m.group("d"), m.group("e")) if g))
        total = m.group("total") or _WITH_CLIFF.match(text, m.end())
        if months is not None and total and v.cliff_months and months > v.cliff_months:
            months -= v.cliff_months  # "over 4 years with a 1-year cliff": the cliff is inside
        v.vesting_months = months
    m = _TGE.search(text)
    if m:
        v.tge_unlock_pct = (0.0 if m.group("zero") else 100.0 if m.group("full")
                            else float(m.group("p") or m.group("q") or m.group("r")))
    m = _FREQ.search(text)
    if m:
        v.frequency = m.group(1).lower()
    if re.search(r"\blinear(?:ly)?\b|\bevenly\b|\bpro[- ]rata\b|\bstreamed\b", text, re.I):
        v.shape = "linear"
    elif v.frequency and (v.vesting_months or re.search(r"\d\s*%\s*(?:every|each|per)\b", text)):
        v.shape = "step"
    elif v.cliff_months and not v.vesting_months:
        v.shape = "cliff"
    if re.search(r"\bto\s+be\s+determined\b|\bTBD\b", text):
        v.tbd = True
    if v.cliff_months is None and v.vesting_months is None and v.tge_unlock_pct is None and not v.tbd:
        return None
    if re.search(r"\bTGE\b|token\s+generation", text):
        v.start = "TGE"
    elif re.search(r"\bgenesis\b", text, re.I):
        v.start = "genesis"
    return v


# ------------------------------------------------------------------ entry point


def fill_supply(t: Tokenomics, doc: Document) -> None:
    """Fill identity, supply, emission, allocation (with vesting) and conflicts of ``t``.

    Every value carries an :class:`Evidence` whose quote is a verbatim slice of
    ``page.text``. Fields the rules cannot establish are left unstated.
    """
    views = _views(doc)
    _fill_identity(t, doc, views)
    mentions = _fill_supply(t, views)
    _fill_circulating_pct(t, views)
    _fill_emission(t, views)
    _fill_allocation(t, doc, views, mentions)
