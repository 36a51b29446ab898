"""Stage 2, select: which pages of a paper are worth sending to an LLM.

Each page is scored for tokenomics relevance (supply, allocation, vesting,
sale terms, percentages, tables of numbers, ...), then ranked within its paper:
pages that talk about the paper's own token (its ticker, what it is used for),
section headings on tokens, sale or distribution, and the neighbours of strong
pages move up; tables of contents and legal boilerplate move down. Dense
tokenomics pages (allocation tables, sale terms) come first, then the title
page, the first page of the team section, the page that introduces the token
and the pages naming the legal entity, then the rest.

A short paper (at most :data:`WHOLE_PAPER_PAGES` pages) that fits the budget is
sent whole; otherwise pages are taken in rank order until the budget is spent,
and a longer paper sends at most :data:`LONG_PAPER_SHARE` of its text, whole
pages taking at most :data:`WHOLE_PAGE_SHARE`. What is left goes to passages of
the other pages: their sentences and table rows that state facts (shares,
amounts, fees, the token and its uses, legal entities), in
:attr:`Selection.excerpts`. Relevant pages that did not fit are listed in
:attr:`Selection.overflow`; the LLM backend then switches to map-reduce over them.

Tokens are estimated without a tokenizer: about four characters per token for
alphabetic scripts, one token per CJK character.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from paperlens.ingest.document import Document, Page

# (pattern, weight): counted once per match, with diminishing returns per term.
_TERMS: list[tuple[str, float]] = [
    (r"token\s*(?:sale|distribution|allocation|economics|generation)|tokenomics", 4),
    (r"(?:total|max(?:imum)?|circulating|initial|fixed|hard[- ]capped)\s+supply", 4),
    (r"allocat\w*|distribution", 3),
    (r"vesting|vested|cliff|unlock\w*|lock[- ]?up|locked", 3),
    (r"crowd\s*sale|pre-?sale|private\s+sale|public\s+sale|\bICO\b|\bIEO\b|\bIDO\b|\bTGE\b", 3),
    (r"soft\s*cap|hard\s*cap|use\s+of\s+(?:proceeds|funds)|per\s+token|exchange\s+rate", 3),
    (r"contribution\s+period|token\s+(?:creation|launch)|\bper\s+(?:ETH|BTC|ether|bitcoin)\b", 3),
    (r"emission|inflation|block\s+reward|halving|\bmint\w*|\bburn\w*", 2),
    (r"\bteam\b|founders?|advisors?|investors?|foundation|treasury|reserve|ecosystem|airdrop", 1),
    (r"staking|governance|collateral|redemption|redeem|attestation|peg\b", 1),
    (r"stable\s*coins?|(?:over-?)?collaterali[sz]\w*|\bpegged\b|target\s+price", 2),
    (r"legal\s+entity|jurisdiction|incorporated|risk\s+factors?|refund|\bKYC\b", 1),
    (r"总量|发行|分配|代币|锁定|解锁|众筹|团队|基金会|比例|私募|公募", 3),
]
_COMPILED = [(re.compile(p, re.IGNORECASE), w) for p, w in _TERMS]
_PERCENT = re.compile(r"\d\s?%")
_BIG_NUMBER = re.compile(r"\b\d{1,3}(?:[,.\s]\d{3}){2,}\b|\b\d+(?:\.\d+)?\s?(?:million|billion|[MB]\b)|"
                         r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|twenty|fifty|hundred)"
                         r"[\s-]+(?:million|billion)\b", re.IGNORECASE)
_CJK = re.compile(r"[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uff00-\uffef]")

RELEVANT_MIN = 12.0  # a page scoring below this is not worth a map-reduce call
STRONG_MIN = 24.0  # a page scoring this (an allocation table, sale terms) is sent before any other
FIRST_PAGE_BONUS = 5.0  # title page: project and token names
PAGE_WRAPPER_TOKENS = 8  # <page number="N"> ... </page> around each page in the prompt
PART_WRAPPER_TOKENS = PAGE_WRAPPER_TOKENS + 5  # <page number="N" part="passages"> ... </page>
WHOLE_PAPER_PAGES = 20  # a paper this short is sent whole when it fits the budget
LONG_PAPER_SHARE = 0.4  # a longer paper sends at most this share of its page-text tokens
WHOLE_PAGE_SHARE = 0.37  # of which whole pages take at most this share; passages of other pages the rest
RANK_MIN = 5.0  # a longer paper never sends a page ranked below this (prose that names nothing)

# The paper's own token: "Status Network Token (SNT)", "LINK tokens", "10,000 SNT".
_TICKER_PATTERNS = [
    re.compile(r"(?i:token|coin)s?\W{0,3}\(\s*[‘'\"“]?\$?([A-Z][A-Z0-9]{1,6})[’'\"”]?\s*\)"),
    re.compile(r"\b([A-Z][A-Z0-9]{1,6})\s+(?i:tokens?|coins?)\b"),
    re.compile(r"\d\s*(?:million|billion|[MBK])?\s+([A-Z][A-Z0-9]{1,6})\b"),
]
_NOT_TICKERS = frozenset(
    "ETH BTC USD EUR CHF GBP SGD USDT ERC ICO IEO IDO TGE API DAO AI ID IT UI PDF FAQ KYC AML SDK SEC "
    "CEO CTO COO CFO NFT DEX P2P USA UK EU GDP LTD INC LLC OR AND THE OF TOKEN TOKENS COIN QR IP IOT IOS "
    "VAT MB GB KB TB AM PM".split())
_TOKEN_WORD = re.compile(r"\btokens?\b|\bcoins?\b", re.IGNORECASE)
_UTILITY = re.compile(
    r"\b(?:used|use|uses|using|pay|pays|paid|paying|payments?|spend|stak\w+|vot\w+|rewards?|rewarded|"
    r"fees?|access|burn\w*|earn\w*|require[sd]?|holders?|utility|incentiv\w+|collateral|bond|purchase\w*|"
    r"buy|governance|govern|in\s+exchange\s+for)\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?]\s|\n")  # sentences and lines alike
_STANDARD = re.compile(r"\bERC[- ]?20\b|\bERC[- ]?223\b|\bNEP-?5\b|\bBEP-?2\b|"
                       r"proof[- ]of[- ](?:stake|work|authority)|consensus", re.IGNORECASE)
_HEADING = re.compile(
    r"^\s*(?:\d+(?:\.\d+)*\.?\s+)?[^\n]{0,40}\b(?:token(?:omics| economics| economy| sale| distribution|"
    r" allocation| model| utility| metrics| supply| issuance)?|tokens|crowd\s*sale|ico|coin|distribution|"
    r"allocation|use of (?:funds|proceeds)|economics|utility|incentives?|governance|legal|company|team)\b"
    r"[^\n]{0,30}$", re.IGNORECASE | re.MULTILINE)
_TEAM = re.compile(r"\b(?:CEO|CTO|COO|CFO|CMO|CIO|CSO|[Cc]o-?[Ff]ounders?|[Ff]ounders?|Head of|"
                   r"Lead Developer|Managing Director|Advisor|Adviser|Partner)\b")
_TEAM_HEADING = re.compile(r"^\s*(?:\d+(?:\.\d+)*\.?\s+|chapter\s+\d+\s+)?(?:the\s+|our\s+|core\s+)?team\b",
                           re.IGNORECASE | re.MULTILINE)
_ENTITY = re.compile(
    r"\b(?:Ltd|LTD|Limited|LIMITED|Inc|INC|LLC|L\.L\.C|GmbH|AG|Pte|PTE|S\.A|B\.V|Stiftung|Corporation|Corp|"
    r"SEZC|OÜ)\b\.?|"
    r"(?i:\b(?:registered|incorporated|organi[sz]ed|domiciled|headquartered)\s+(?:in|under|as|at)\b|"
    r"\bregistered\s+(?:company|office)\b|\blegal\s+entit(?:y|ies)\b|\bnon-?profit\s+(?:foundation|organi[sz]ation)\b|"
    r"\bcompany\s+(?:number|registration|no)\b|\breg(?:istration)?\.?\s+no\b)")
_FOUNDATION = re.compile(r"\bfoundation\b", re.IGNORECASE)
NEIGHBOUR_SHARE = 0.3  # a page gains this share of its stronger neighbour's score
# Weight of each signal in rank_pages, on log2(1 + count): ticker mentions, "token"/"coin" words,
# sentences on what the token is used for, token standards or consensus, token/sale/team headings.
RANK_WEIGHTS = {"ticker": 4.5, "token": 6.0, "use": 4.0, "standard": 1.0, "heading": 2.0}
# Pages that look relevant by their words but seldom hold a fact: tables of contents (every heading,
# with page numbers) and legal boilerplate (disclaimers, risk factors).
_CONTENTS_LINE = re.compile(r"^.{3,}?(?:\.{3,}|…|\s)\s*\d{1,3}\s*$", re.MULTILINE)
_LEGAL = re.compile(r"\bshall\b|liabilit\w+|warrant\w*|indemn\w+|disclaim\w*|prospectus|"
                    r"\bnot\s+(?:constitute|be\s+construed)|securities|\bhereby\b|\bherein\b|"
                    r"risk\s+factors?|no\s+representations?", re.IGNORECASE)


# A line that states a fact: a share or an amount, the token and what it is used for, a fee or a
# reward, a legal entity, a consensus or token standard. Of a page not sent whole, such lines are
# sent with the lines that complete their sentences (:func:`passages`). Weight counted once a line.
_FACT_SIGNALS: list[tuple[re.Pattern, float]] = [
    (_PERCENT, 3),
    (_BIG_NUMBER, 2),
    (re.compile(r"[$€£¥]\s?\d|\d\s?(?:USD|EUR|ETH|BTC|USDT|USDC)\b"), 2),
    (re.compile(r"\b(?:"
                r"fees?|"
                r"commissions?|"
                r"rewards?|"
                r"penalt\w+|"
                r"slash\w*|"
                r"deposits?|"
                r"collateral\w*|"
                r"stak\w+|"
                r"burn\w*|"
                r"bonus\w*|"
                r"interest|"
                r"inflation|"
                r"emission"
                r")\b", re.IGNORECASE), 2),
    (_ENTITY, 3),
    (_STANDARD, 2),
    (_TEAM, 1),
    (re.compile(r"\b(?:[Cc]o-?)?[Ff]ounders?\b|\bCEO\b"), 2),  # who runs the project: "Jane Doe - Founder & CEO"
]
LINE_MIN = 3.0  # a sentence or row scoring this (terms of _TERMS count their weight) is sent
PASSAGE_GAP = "\n[…]\n"  # between two passages of one page; never part of a quote
SHORT_LINE = 45  # a line shorter than this (a heading, a table row) ends its unit
_UNIT_BREAK = re.compile(r"([.!?:;])\s+|\n\s*")
_BULLET = re.compile(r"[-•*–·▪●○◦]|\d{1,2}[.)]\s|[a-z][.)]\s")


def estimate_tokens(text: str) -> int:
    """Rough token count: chars/4 for alphabetic text, one per CJK character."""
    cjk = len(_CJK.findall(text))
    return cjk + math.ceil((len(text) - cjk) / 4)


def page_text(page: Page) -> str:
    """The text of a page as sent to the model (display text, whitespace trimmed)."""
    return re.sub(r"[ \t]+", " ", page.text).strip()


def score_page(page: Page) -> float:
    """Tokenomics relevance of one page (0 = nothing of interest)."""
    text = page.text
    score = 0.0
    for pattern, weight in _COMPILED:
        hits = len(pattern.findall(text))
        if hits:
            score += weight * (1 + math.log2(hits))
    percents = len(_PERCENT.findall(text))
    numbers = len(_BIG_NUMBER.findall(text))
    score += 1.5 * min(percents, 12) + 1.0 * min(numbers, 8)
    if page.layout is not None:  # looks like a table
        score += 3
    if page.number == 1:
        score += FIRST_PAGE_BONUS
    return round(score, 2)


@dataclass
class Selection:
    """Pages chosen for the prompt (1-based, document order) and token counts."""

    pages: list[int]
    tokens_sent: int
    tokens_total: int
    overflow: list[int] = field(default_factory=list)  # relevant pages left out
    scores: dict[int, float] = field(default_factory=dict)  # rank_pages: higher is sent first
    tokens: dict[int, int] = field(default_factory=dict)  # each page's whole text
    excerpts: dict[int, str] = field(default_factory=dict)  # pages sent in part: the passages sent

    @property
    def complete(self) -> bool:
        """True when every relevant page fits in one prompt."""
        return not self.overflow

    def cost(self, number: int) -> int:
        """Tokens page ``number`` costs in a prompt: its excerpt's, or its whole text's."""
        if number in self.excerpts:
            return estimate_tokens(self.excerpts[number]) + PART_WRAPPER_TOKENS
        return self.tokens[number]


def tickers(doc: Document) -> list[str]:
    """The paper's own token symbols, most mentioned first (at most three)."""
    counts: dict[str, int] = {}
    for page in doc.pages:
        for pattern in _TICKER_PATTERNS:
            for symbol in pattern.findall(page.text):
                if symbol not in _NOT_TICKERS and not symbol.isdigit():
                    counts[symbol] = counts.get(symbol, 0) + 1
    ranked = sorted(counts, key=lambda t: (-counts[t], t))
    return [t for t in ranked[:3] if counts[t] >= 2]


def _log(count: int) -> float:
    return math.log2(1 + count)


def _damping(text: str) -> float:
    """Below 1 for a table of contents or legal boilerplate."""
    lines = text.count("\n") + 1
    if len(_CONTENTS_LINE.findall(text)) >= max(5, 0.4 * lines):
        return 0.2
    return 0.5 if len(_LEGAL.findall(text)) >= 6 else 1.0


def rank_pages(doc: Document, symbols: list[str] | None = None) -> dict[int, float]:
    """Rank score of every page within its paper (higher = sent first).

    The page's own score (:func:`score_page`), plus talk about the paper's
    token (ticker mentions, sentences on what the token is used for), token
    standards and consensus, section headings on tokens, sale or distribution,
    and a share of its stronger neighbour's score. Pages scoring
    :data:`STRONG_MIN` or more rank above all; next come the title page, the
    first page of the team section, the page that introduces the token and
    the two pages that best name a legal entity.
    """
    symbols = tickers(doc) if symbols is None else symbols
    ticker = re.compile(r"\b(?:%s)\b" % "|".join(map(re.escape, symbols))) if symbols else None
    base: dict[int, float] = {}
    own: dict[int, float] = {}
    team: dict[int, int] = {}
    entity: dict[int, int] = {}
    for page in doc.pages:
        text = page.text
        mentions = len(ticker.findall(text)) if ticker else 0
        uses = sum(1 for sentence in _SENTENCE_END.split(text)
                   if (_TOKEN_WORD.search(sentence) or (ticker and ticker.search(sentence)))
                   and _UTILITY.search(sentence))
        w = RANK_WEIGHTS
        base[page.number] = score_page(page)
        own[page.number] = _damping(text) * (
            base[page.number] + w["ticker"] * _log(mentions)
            + w["token"] * _log(len(_TOKEN_WORD.findall(text))) + w["use"] * _log(uses)
            + w["standard"] * _log(len(_STANDARD.findall(text))) + w["heading"] * _log(len(_HEADING.findall(text))))
        team[page.number] = len(_TEAM.findall(text)) + 3 * len(_TEAM_HEADING.findall(text))
        entity[page.number] = 3 * len(_ENTITY.findall(text)) + len(_FOUNDATION.findall(text))
    ranked = {n: round(score + NEIGHBOUR_SHARE * max(own.get(n - 1, 0.0), own.get(n + 1, 0.0)), 2)
              for n, score in own.items()}
    top = max(ranked.values(), default=0.0)
    picks: list[int] = [1] if doc.pages else []  # title page: project, token, authors
    if max(team.values(), default=0) >= 2:  # where the team section starts
        start = max(team, key=lambda n: (team[n], -n))
        while team.get(start - 1, 0) > 0:
            start -= 1
        picks.append(start)
    if symbols:  # where the token is introduced
        named = [page.number for page in doc.pages
                 if any(symbols[0] in pattern.findall(page.text) for pattern in _TICKER_PATTERNS[:2])]
        picks += named[:1]
    picks += [n for n in sorted(entity, key=lambda n: (-entity[n], n))[:2] if entity[n] >= 3]
    picks = list(dict.fromkeys(picks))
    for bonus, number in enumerate(reversed(picks), 1):
        ranked[number] = max(ranked[number], top + bonus)
    for number, score in base.items():  # dense tokenomics pages come before the picks
        if score >= STRONG_MIN:
            ranked[number] = round(ranked[number] + top + len(picks) + 1, 2)
    return ranked


def _unit_score(text: str, token: re.Pattern) -> float:
    score = sum(weight for pattern, weight in _COMPILED if pattern.search(text))
    score += sum(weight for pattern, weight in _FACT_SIGNALS if pattern.search(text))
    if token.search(text):
        score += 4 if _UTILITY.search(text) else 2
    return score


def _units(text: str) -> list[tuple[int, int]]:
    """Sentences and table rows of ``text``: (start, end) offsets.

    A line break ends a unit after a full stop, colon or short line (a heading, a
    table row) or before a bullet; any other line break wraps a sentence.
    """
    bounds, start = [], 0
    for m in _UNIT_BREAK.finditer(text):
        before = text[start:m.start()]
        if "\n" in m.group() and not m.group(1) and "\n\n" not in m.group():
            line = before[before.rfind("\n") + 1:]
            if len(line) >= SHORT_LINE and not _BULLET.match(text, m.end()):
                continue  # a wrapped sentence goes on
        if before.strip():
            bounds.append((start, m.start() + len(m.group(1) or "")))
        start = m.end()
    if text[start:].strip():
        bounds.append((start, len(text)))
    return bounds


def _is_label(unit: str) -> bool:
    """A short unit that is no sentence: a table row's label, a heading, "Minimum cap:"."""
    return len(unit) < SHORT_LINE and not unit.rstrip().endswith((".", "!", "?"))


def passages(page: Page, token: re.Pattern) -> list[tuple[str, float]]:
    """The sentences and rows of ``page_text(page)`` that state facts, with their scores.

    A unit (:func:`_units`) scoring :data:`LINE_MIN` or more (less on a table of contents or
    in legal boilerplate) is a passage, with the label just before it (a table row split into
    "Risk funds" and "30%" keeps both); neighbouring passages are merged, so a table stays
    one passage.
    """
    text = page_text(page)
    damping = _damping(page.text)
    units = _units(text)
    scores = [damping * _unit_score(text[a:b], token) for a, b in units]
    found: list[list] = []
    for i, ((a, b), score) in enumerate(zip(units, scores)):
        if score < LINE_MIN:
            continue
        if i and scores[i - 1] < LINE_MIN and _is_label(text[slice(*units[i - 1])]):
            a = units[i - 1][0]  # the row's label or the heading just before it
        if found and not text[found[-1][1]:a].strip():
            found[-1][1], found[-1][2] = b, found[-1][2] + score
        else:
            found.append([a, b, score])
    return [(text[a:b].strip(), score) for a, b, score in found]


def _excerpts(doc: Document, pages: list[int], room: int, token: re.Pattern) -> dict[int, str]:
    """Passages of ``pages`` within ``room`` tokens, the densest in facts first."""
    found = []
    for number in pages:
        for order, (text, score) in enumerate(passages(doc.pages[number - 1], token)):
            cost = estimate_tokens(text) + estimate_tokens(PASSAGE_GAP)
            found.append((-score / cost, number, order, text, cost))
    chosen: dict[int, list[tuple[int, str]]] = {}
    for _, number, first, text, cost in sorted(found):
        cost += 0 if number in chosen else PART_WRAPPER_TOKENS
        if cost <= room:
            chosen.setdefault(number, []).append((first, text))
            room -= cost
    return {n: PASSAGE_GAP.join(text for _, text in sorted(parts)) for n, parts in sorted(chosen.items())}


def select_pages(doc: Document, max_input_tokens: int) -> Selection:
    """Keep the best-ranked pages whose text fits in ``max_input_tokens``.

    A paper of at most :data:`WHOLE_PAPER_PAGES` pages that fits is sent whole.
    Otherwise pages are taken in rank order (:func:`rank_pages`); a page too
    large for what is left is skipped and smaller ones after it may still fit.
    A longer paper sends whole pages up to :data:`WHOLE_PAGE_SHARE` of its text
    and never a page ranked below :data:`RANK_MIN`; its overflow is the pages
    within that share that did not fit the budget and score at least
    :data:`RELEVANT_MIN`. What is left of the budget (and, on a longer paper, of
    :data:`LONG_PAPER_SHARE` of its text) goes to the passages of the other pages
    that state facts (:func:`passages`), sent as :attr:`Selection.excerpts`.
    """
    tokens = {p.number: estimate_tokens(page_text(p)) + PAGE_WRAPPER_TOKENS for p in doc.pages}
    symbols = tickers(doc)
    rank = rank_pages(doc, symbols)
    total = sum(tokens.values())
    if total <= max_input_tokens and doc.page_count <= WHOLE_PAPER_PAGES:
        return Selection(sorted(tokens), total, total, [], rank, tokens)
    ranked = sorted(tokens, key=lambda n: (-rank[n], n))
    wanted, room = ranked, max_input_tokens
    if doc.page_count > WHOLE_PAPER_PAGES:
        wanted, share = [], 0
        for number in ranked:
            if rank[number] >= RANK_MIN and share + tokens[number] <= WHOLE_PAGE_SHARE * total:
                wanted.append(number)
                share += tokens[number]
        room = min(room, int(LONG_PAPER_SHARE * total))
    kept: list[int] = []
    spent = 0
    for number in wanted:  # best first; low scorers still fill what budget is left
        if spent + tokens[number] <= room:
            kept.append(number)
            spent += tokens[number]
    overflow = [n for n in wanted if n not in kept and score_page(doc.pages[n - 1]) >= RELEVANT_MIN]
    rest = [n for n in ranked if n not in kept and n not in overflow]
    excerpts = _excerpts(doc, rest, room - spent, own_token(symbols))
    selection = Selection(sorted([*kept, *excerpts]), 0, total, sorted(overflow), rank, tokens, excerpts)
    selection.tokens_sent = sum(selection.cost(n) for n in selection.pages)
    return selection


def own_token(symbols: list[str]) -> re.Pattern:
    """"token"/"coin" and the paper's own ticker ``symbols`` (:func:`tickers`)."""
    return re.compile(f"(?i:{_TOKEN_WORD.pattern})" + "".join(rf"|\b{re.escape(t)}\b" for t in symbols))


def group_pages(pages: list[int], tokens: dict[int, int], max_tokens: int) -> list[list[int]]:
    """Split ``pages`` (document order) into consecutive groups under ``max_tokens``."""
    groups: list[list[int]] = []
    current: list[int] = []
    size = 0
    for number in sorted(pages):
        cost = min(tokens[number], max_tokens)
        if current and size + cost > max_tokens:
            groups.append(current)
            current, size = [], 0
        current.append(number)
        size += cost
    if current:
        groups.append(current)
    return groups
