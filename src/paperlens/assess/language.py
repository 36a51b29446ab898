"""Language rules: regular expressions over every page's text, whatever the backend.

Each rule looks for a kind of sentence regulators warn about (guaranteed
returns, approval claims, celebrity backing, urgency, listing promises, yield on
a stablecoin) or text addressed to an AI reading the paper. A hit's evidence is
the whole matched sentence, a verbatim substring of ``page.text``. Sentences
that deny or disclaim ("there is no guarantee that ...", "will not be listed")
do not fire.
"""

from __future__ import annotations

import re

from paperlens.ingest.document import Document, Page
from paperlens.schema import Evidence, LanguageHit

_F = re.I


def _rx(*alternatives: str) -> re.Pattern[str]:
    """One pattern from alternatives; a space in a pattern matches any run of whitespace."""
    return re.compile("|".join(f"(?:{a})" for a in alternatives).replace(" ", r"\s+"), _F)


_NUM = r"(?<!\d)\d{1,15}(?:[.,]\d{1,15})?\s?%"
_RETURN = r"(?:returns?|profits?|income|yields?|interest|ROI|gains?|dividends?|payouts?)"
_SHORT = r"(?:daily|weekly|monthly|per month|a month|each month|every month|per day|a day|per week|a week)"
_PERIOD = rf"(?:{_SHORT}|per annum|per year|a year|annually|annual|yearly)"
_EXCHANGES = (
    r"(?:Binance|Coinbase|Kraken|Bittrex|Poloniex|Huobi|OKEx|OKX|Bitfinex|Upbit|KuCoin|Bithumb"
    r"|Gemini|Bitstamp|HitBTC|Gate\.io|Bybit)"
)
_STABLES = r"(?:stablecoins?|stable coins?|USDT|USDC|DAI|BUSD|TUSD|UST|USDP)"

RULES: dict[str, re.Pattern[str]] = {
    "guaranteed_returns": _rx(
        rf"guarantee(?:d|s)? (?:an? )?(?:high |fixed |stable |steady |minimum |monthly |annual |daily )*{_RETURN}",
        rf"guarantee(?:d|s)? (?:an? |you )?(?:minimum )?(?:of )?{_NUM} (?:{_PERIOD}|{_RETURN})",
        rf"{_RETURN} (?:is|are) guaranteed",
        rf"risk[- ]free (?:{_RETURN}|investment)",
        rf"fixed (?:return of )?{_NUM} (?:{_RETURN} )?{_PERIOD}",
        rf"fixed {_NUM} {_RETURN}",
        rf"{_NUM} {_SHORT} (?:{_RETURN})",  # "1% daily ROI": a yearly rate alone is no promise
        rf"{_NUM} guaranteed {_PERIOD} {_RETURN}",
        r"(?:double|triple) (?:your|their) (?:money|investment)",
        r"(?:can(?:no|')?t|never) lose (?:money|your (?:money|investment|capital|funds))",
        r"(?:profits?|returns?|earn\w*|income) (?:derived )?from the (?:efforts|work) of (?:others|our team|the team)",
    ),
    "regulatory_claim": _rx(
        r"\b(?:SEC|CFTC|FCA|FINMA|FINRA)[- ](?:approved|compliant|registered|certified|licensed|sanctioned)",
        r"(?:approved|endorsed|certified|sanctioned) by the (?:SEC|CFTC|FCA|FINMA|FINRA|U\.?S\.? government|government)",
        r"registered with the (?:SEC|CFTC|FCA|Securities and Exchange Commission)",
        r"fully (?:regulated|licensed|compliant with (?:all )?(?:applicable )?(?:laws|regulations|securities laws))",
        r"government[- ](?:approved|backed|endorsed|licensed)(?! (?:fiat )?(?:currenc|money))",  # fiat described
    ),
    "celebrity": _rx(
        r"celebrit(?:y|ies)[- ](?:endorse\w*|backe\w*|investors?|partners?|supporters?|ambassadors?)",
        r"(?:endorsed|backed|supported|promoted) by (?:famous|celebrit\w+|well-known celebrit\w+|Hollywood|star)",
        r"(?:Floyd Mayweather|Paris Hilton|DJ Khaled|Jamie Foxx|Steven Seagal|Kim Kardashian|Logan Paul|Snoop Dogg)"
        r" (?:endorse|back|support|invest|promote|join)\w*",
    ),
    "urgency": _rx(
        r"limited[- ]time (?:offer|only|bonus|discount)",
        r"\bact (?:now|fast|quickly)\b",
        r"\bhurry\b",
        r"don'?t miss (?:out|this|the)",
        r"before it'?s too late",
        r"last chance",
        r"\bcountdown\b",
        r"only \d+ (?:hours?|days?) (?:left|remaining)",
        r"(?:bonus|discount)(?:es)? (?:ends?|expires?) (?:soon|in|on|after)",
        r"(?:bonus|discount)[^.\n]{0,50}\b(?:first|within|only) \d+ (?:hours?|days?|weeks?)",
        r"\bfirst \d+ (?:hours?|days?|weeks?)[^.\n]{0,50}\b(?:bonus|discount)",
    ),
    "listing_promise": _rx(
        rf"(?:will|expected to|going to|scheduled to|set to) (?:be|get) (?:listed|traded|tradable|tradeable"
        rf"|available for trading) on (?:[\w.-]+ ){{0,3}}"
        rf"(?:{_EXCHANGES}|exchanges?)",
        rf"(?:guaranteed|confirmed|secured) (?:exchange )?listings?(?: on {_EXCHANGES})?",
        rf"listing on {_EXCHANGES} (?:is )?(?:guaranteed|confirmed|secured)",
    ),
    "stablecoin_yield": _rx(
        rf"(?:earn|receive|get|pays?|paid|yields?|offers?|enjoy)[^.\n]{{0,40}}{_NUM} (?:APY|APR|interest|yield|return)[^.\n]{{0,50}}\b{_STABLES}\b",
        rf"\b{_STABLES}\b[^.\n]{{0,50}}(?:earn|pays?|yields?|offer)\w*[^.\n]{{0,30}}{_NUM} (?:APY|APR|interest|yield|{_PERIOD})",
    ),
    "ai_instruction": _rx(
        r"(?:ignore|disregard|forget) (?:all |any )?(?:the |your )?(?:previous|prior|above|preceding|earlier|other)"
        r" (?:instructions|prompts?|guidelines)",
        r"(?:ignore|disregard|forget) (?:all |any )?your (?:instructions|prompts?|guidelines|rules|system prompt)",
        r"(?:ignore|disregard|forget) (?:all|any) (?:instructions|prompts|guidelines)",
        r"(?:ignore|disregard) (?:the )?system prompt",
        r"\b(?:AI|LLM|language model|assistant|chatbot|GPT)s?\b[^.\n]{0,40}\b(?:reading|analy[sz]ing|reviewing"
        r"|evaluating|summari[sz]ing|processing) this (?:document|paper|whitepaper|white paper|text)",
        r"\b(?:give|assign|output|award|return)s? (?:it |this (?:project|token|paper|whitepaper) )?(?:the |a |an )?"
        r"(?:highest|top|best|maximum|perfect|AAA|(?-i:\"?A\+?\"?)) ?(?:possible )?(?:rating|grade|score)\b",
        r"\boutput (?:a |the )?(?:grade|rating|score) (?:of )?\"?A",
        r"\bas an? (?:AI|artificial intelligence|LLM|large language model|language model)(?: model| assistant)?,? you\b",
        r"\bif you are an? (?:AI|LLM|large language model|language model|AI model|AI assistant)\b",
        r"\b(?:rate|grade|score|rank) this (?:project|token|whitepaper|white paper|paper|offering)"
        r" (?:as )?(?:an? )?(?:\"?A\+?\"?|AAA|\d+ ?/ ?\d+|excellent|highly|top|positive|low[- ]risk)",
        r"\b(?:note|message)s? to (?:the |any |all )?(?:AI|LLM|language model|chatbot)s?\b",
        r"\byou are (?:now )?(?:ChatGPT|an AI|a language model|an LLM|a helpful assistant)\b",
    ),
}

_NEGATION = re.compile(
    r"\b(?:no|not|never|cannot|none|nothing|neither|nor|without|unable|disclaim\w*)\b"
    r"|n't\b|\bwarn\w*|\bbeware\b|\bwary\b|\bfraud\w*|\bscam\w*|\bponzi\b",
    _F,
)
_NEG_IN = re.compile(r"\b(?:no|not|never)\b|n't\b", _F)
# "an arbitrageur can extract risk-free profit" describes a peg mechanism, not a promise
_MECHANISM = re.compile(r"arbitrag\w*", _F)
_NEG_AFTER = re.compile(r"^[^.\n]{0,25}\b(?:not|never|no)\b", _F)
_NEGATABLE = {"guaranteed_returns", "regulatory_claim", "celebrity", "listing_promise", "stablecoin_yield", "urgency"}
_BOUNDARY = re.compile(r"[.!?](?=\s)|\n\s*\n|[•▪●■]")
_MAX_SIDE = 300


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of the sentence around ``text[start:end]``, at most ~300 characters each side."""
    lo = max(0, start - _MAX_SIDE)
    left = lo
    for m in _BOUNDARY.finditer(text, lo, start):
        left = m.end()
    right = min(len(text), end + _MAX_SIDE)
    m = _BOUNDARY.search(text, end, right)
    if m:
        right = m.start() + (1 if text[m.start()] in ".!?" else 0)
    while left < start and text[left].isspace():
        left += 1
    while right > end and text[right - 1].isspace():
        right -= 1
    return left, right


def _denied(kind: str, text: str, left: int, match: re.Match[str]) -> bool:
    if kind not in _NEGATABLE:
        return False
    before = text[max(left, match.start() - 120):match.start()]
    if _NEGATION.search(before) or (kind != "urgency" and _NEG_IN.search(match.group(0))):
        return True
    if kind != "guaranteed_returns":
        return False
    context = text[max(0, left - _MAX_SIDE):match.end() + _MAX_SIDE]  # the paragraph, roughly
    return bool(_NEG_AFTER.search(text[match.end():]) or _MECHANISM.search(context))


def scan_page(page: Page) -> list[LanguageHit]:
    """Every language hit on one page, one per kind and sentence, in reading order."""
    text = page.text
    hits: list[tuple[int, LanguageHit]] = []
    seen: set[tuple[str, int]] = set()
    for kind, pattern in RULES.items():
        for m in pattern.finditer(text):
            left, right = _sentence(text, m.start(), m.end())
            if _denied(kind, text, left, m) or (kind, left) in seen:
                continue
            seen.add((kind, left))
            quote = text[left:right]
            hits.append(
                (left, LanguageHit(kind=kind, evidence=Evidence(page=page.number, quote=quote, status="verified")))
            )
    return [h for _, h in sorted(hits, key=lambda x: x[0])]


def scan_language(doc: Document) -> list[LanguageHit]:
    """Scan every page of ``doc``; deterministic, no network."""
    return [hit for page in doc.pages for hit in scan_page(page)]
