"""Stage 2, select: which pages of a paper are worth sending to an LLM.

Each page is scored for tokenomics relevance (supply, allocation, vesting,
sale terms, percentages, tables of numbers, ...). The best pages are kept in
document order until the token budget is spent. Relevant pages that did not
fit are listed in :attr:`Selection.overflow`; the LLM backend then switches to
map-reduce over them.

Tokens are estimated without a tokenizer: about four characters per token for
alphabetic scripts, one token per CJK character.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from .ingest import Document, Page

# (pattern, weight): counted once per match, with diminishing returns per term.
_TERMS: list[tuple[str, float]] = [
    (r"token\s*(?:sale|distribution|allocation|economics|generation)|tokenomics", 4),
    (r"(?:total|max(?:imum)?|circulating|initial|fixed|hard[- ]capped)\s+supply", 4),
    (r"allocat\w*|distribution", 3),
    (r"vesting|vested|cliff|unlock\w*|lock[- ]?up|locked", 3),
    (r"crowd\s*sale|pre-?sale|private\s+sale|public\s+sale|\bICO\b|\bIEO\b|\bIDO\b|\bTGE\b", 3),
    (r"soft\s*cap|hard\s*cap|use\s+of\s+(?:proceeds|funds)|per\s+token|exchange\s+rate", 3),
    (r"emission|inflation|block\s+reward|halving|\bmint\w*|\bburn\w*", 2),
    (r"\bteam\b|founders?|advisors?|investors?|foundation|treasury|reserve|ecosystem|airdrop", 1),
    (r"staking|governance|collateral|redemption|redeem|attestation|peg\b", 1),
    (r"legal\s+entity|jurisdiction|incorporated|risk\s+factors?|refund|\bKYC\b", 1),
    (r"总量|发行|分配|代币|锁定|解锁|众筹|团队|基金会|比例|私募|公募", 3),
]
_COMPILED = [(re.compile(p, re.IGNORECASE), w) for p, w in _TERMS]
_PERCENT = re.compile(r"\d\s?%")
_BIG_NUMBER = re.compile(r"\b\d{1,3}(?:[,.\s]\d{3}){2,}\b|\b\d+(?:\.\d+)?\s?(?:million|billion|[MB]\b)",
                         re.IGNORECASE)
_CJK = re.compile(r"[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uff00-\uffef]")

RELEVANT_MIN = 12.0  # a page scoring below this is not worth a map-reduce call
FIRST_PAGE_BONUS = 5.0  # title page: project and token names
PAGE_WRAPPER_TOKENS = 8  # <page number="N"> ... </page> around each page in the prompt


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
    scores: dict[int, float] = field(default_factory=dict)
    tokens: dict[int, int] = field(default_factory=dict)

    @property
    def complete(self) -> bool:
        """True when every relevant page fits in one prompt."""
        return not self.overflow


def select_pages(doc: Document, max_input_tokens: int) -> Selection:
    """Keep the most relevant pages whose text fits in ``max_input_tokens``.

    Pages are taken best first; a page too large for what is left is skipped
    and smaller ones after it may still fit.
    """
    tokens = {p.number: estimate_tokens(page_text(p)) + PAGE_WRAPPER_TOKENS for p in doc.pages}
    scores = {p.number: score_page(p) for p in doc.pages}
    total = sum(tokens.values())
    if total <= max_input_tokens:
        return Selection(sorted(tokens), total, total, [], scores, tokens)
    ranked = sorted(tokens, key=lambda n: (-scores[n], n))
    kept: list[int] = []
    spent = 0
    for number in ranked:  # best first; low scorers still fill what budget is left
        if spent + tokens[number] <= max_input_tokens:
            kept.append(number)
            spent += tokens[number]
    overflow = [n for n in ranked if n not in kept and scores[n] >= RELEVANT_MIN]
    return Selection(sorted(kept), spent, total, sorted(overflow), scores, tokens)


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
