"""Shared context of the rules backend's terms half: the document's page views
and their sentences, the project's own token names, and the helpers every
section uses (negation and table-of-contents tests, dates, audit firms); the
example and comparison words and the not-a-ticker list are in :mod:`.text`,
shared with the economics half. :func:`run_step` runs one section of either half.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import dataclass

from paperlens.ingest.document import Document
from paperlens.schema import Fact, Tokenomics
from paperlens.extract.rules.text import NOT_TICKERS, Sentence, View, one_of, words

log = logging.getLogger(__name__)

I = re.IGNORECASE


@dataclass
class Ctx:
    """What every section of the terms half reads: the document, its page views and their sentences."""

    doc: Document
    views: list[View]  # the pages with text, each viewed once (:func:`.text.page_views`)
    sentences: list[Sentence]  # the views' sentences without table-of-contents runs
    all_sentences: list[Sentence]
    own: re.Pattern  # names of the project's own token(s)
    names: list[str]  # project / token names, for entity and summary scoring


_SYMBOL_CONTEXT = one_of(
    r"\(([A-Z][A-Z0-9]{1,5})\)",
    r"\b([A-Z][A-Z0-9]{1,5})\s+(?:tokens?|holders?|coins?)\b",
    r'\b(?:token|symbol|ticker)\s*:?\s*\"?([A-Z][A-Z0-9]{1,5})\b',
    flags=0,
)
_NAMED_TOKEN = re.compile(r"\b((?:[A-Z][a-z]+ ){0,2}[A-Z][a-z]+) (?:Tokens?|Coins?)\b")
# a coin named in one word on the opening pages: "TomoCoin", "UnikoinGold" (not another chain's: "Bitcoin")
_COINED = re.compile(r"\b(?!(?:Bit|Lite|Doge|Name|Peer|Prime|Stable|Alt)[ck]oin)[A-Z][a-z]+[CcKk]oin(?:[A-Z][a-z]+)?\b")


def own_terms(t: Tokenomics, sentences: list[Sentence]) -> tuple[re.Pattern, list[str]]:
    """A pattern matching references to the project's own token, and project names.

    Token names come from the identity facts (when the paper repeats them) and
    from symbols the paper itself introduces ("(GNT)", "SAN tokens").
    """
    text = " ".join(s.norm for s in sentences)
    candidates: Counter[str] = Counter()
    names: list[str] = []
    found: set[str] = set()  # the identity's symbol and name: the paper's own, however seldom repeated
    for fact in (t.identity.symbol, t.identity.token_name):
        if isinstance(fact.value, str) and len(fact.value.strip()) >= 2:
            candidates[fact.value.strip()] += 3
            found.add(fact.value.strip())
    if isinstance(t.identity.project_name.value, str):
        names.append(t.identity.project_name.value.strip())
    for s in sentences:
        for m in _SYMBOL_CONTEXT.finditer(s.norm):
            sym = next(g for g in m.groups() if g)
            if sym.upper() not in NOT_TICKERS and not sym.isdigit():
                candidates[sym] += 1
        for m in _COINED.finditer(s.norm) if s.page <= 3 else ():  # named where the paper presents itself
            candidates[m.group(0)] += 1
        for m in _NAMED_TOKEN.finditer(s.norm):
            if m.group(1).split()[0] not in {"The", "Our", "This", "Each", "A", "An", "Smart"}:
                candidates[m.group(0)] += 1
    terms: list[str] = []
    for term, n in candidates.most_common(6):
        if term not in found and _common_noun(term, text):
            continue  # a kind of token the platform deals in ("Project Tokens", "Bonus Tokens"), not a name
        uses = len(re.findall(r"\b" + re.escape(term) + r"\b", text))
        if n >= 3 and (uses >= 3 or term in found and uses >= 1) and len(terms) < 3:
            terms.append(term)
            if " " in term:
                names.append(term.rsplit(" ", 1)[0])
    # symbols match as written ("COIN" is not "coin"); names and generic phrases in any case
    alternatives = [re.escape(term) if term.isupper() else "(?i:" + re.escape(term) + ")"
                    for term in sorted(terms, key=len, reverse=True)]
    alternatives += [_name_coin(name) for name in dict.fromkeys(names) if len(name) >= 3]
    alternatives.append(r"(?i:(?:our|this|its|native|utility|platform|network) (?:tokens?|coins?)|token ?holders?)"
                        # "The ACM token is used to pay"; not tokens in general ("the tokens used as
                        # collateral"), a name ("the Token Issuer") or a thing ("the token sale")
                        r"|(?i:the|our|this|its) (?:[A-Z][A-Z0-9]{1,6} (?i:tokens?|coins?)|(?i:token|coin))(?! [A-Z])"
                        r"(?! (?i:sales?|generation|issuance|contract|economy|economics|distribution|swap|launch"
                        r"|price|model|standard|holders?|supply)\b)")
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")\b"), names


def _common_noun(term: str, text: str) -> bool:
    """A capitalised "Xxx Tokens" that the paper also writes in lower case ("project tokens"): a kind of
    token, not the name of one."""
    if " " not in term or term.isupper():
        return False
    words = term.lower().split()
    return bool(re.search(r"\b" + r"\s+".join(map(re.escape, words[:-1])) + r"\s+(?i:tokens?|coins?)\b", text))


def _name_coin(name: str) -> str:
    """The project's name with "token" or "coin" ("Monetha tokens", "TomoCoin" of TomoChain, "Waykicoins")."""
    stem = re.sub(r"(?i)\s*(?:chain|network|protocol|platform|project|labs?)$", "", name) or name
    names = "|".join(re.escape(n) for n in sorted({name, stem}, key=len, reverse=True))
    return r"(?i:(?:" + names + r")\s?(?:tokens?|coins?))"


NEGATION = one_of(
    r"\b(?:" + "|".join((
        r"not",
        r"no",
        r"never",
        r"cannot",
        r"neither",
        r"nor",
        r"without",
        r"none",
    )) + r")\b",
    r"n't\b",
)


def is_negated(norm: str, start: int) -> bool:
    """A negation word shortly before position ``start`` (or a "non-" prefix)."""
    return (bool(NEGATION.search(norm[max(0, start - 40): start]))
            or norm[max(0, start - 4): start].lower() in ("non-", " non"))


def first_match(ctx: Ctx, pattern: re.Pattern,
           where: re.Pattern | None = None) -> tuple[Sentence, re.Match] | None:
    """The first sentence matching ``pattern`` (not negated), and ``where`` when given."""
    for s in ctx.sentences:
        m = pattern.search(s.norm)
        if not m or is_negated(s.norm, m.start()):
            continue
        if where is not None and not where.search(s.norm):
            continue
        return s, m
    return None


def fact_of(value, s: Sentence) -> Fact:
    return Fact(value=value, evidence=s.evidence())


_TOC_ENTRY = re.compile(r"\s(\d{1,3})\s+(?:\d+(?:\.\d+)*\.?\s+)?[A-Z][a-z]")


def toc(norm: str) -> bool:
    """A table-of-contents run: "Title 12 Next title 14 ..." (rising page numbers) or dot leaders."""
    if "....." in norm or ". . . ." in norm:
        return True
    pages = [int(n) for n in _TOC_ENTRY.findall(norm)]
    rising = sum(a <= b for a, b in zip(pages, pages[1:]))  # "1 0" for page 10 breaks the order once
    if ((len(pages) >= 3 and pages == sorted(pages)) or (len(pages) >= 6 and rising >= 0.75 * (len(pages) - 1))) \
            and not re.search(r"[%$€]|\bETH\b", norm):
        return True
    tokens = norm.split()  # a run of headings: nearly every word capitalised, not prose in capitals
    return (len(tokens) >= 12 and sum(w[:1].isupper() for w in tokens) > 0.75 * len(tokens)
            and len(_CAPS_PROSE.findall(norm)) < 3)


# the small words of a sentence written in capitals ("NEITHER ACME FOUNDATION LIMITED NOR ANY OF ITS ...")
_CAPS_PROSE = re.compile(r"\b(?:THE|OF|AND|OR|NOR|ANY|TO|IN|IS|ARE|BY|FOR|WITH|NOT|ITS|BE|THAT|THIS|AS)\b")


NEAR = 100  # max characters between the token's name and the keyword


def near(ctx: Ctx, norm: str, pattern: re.Pattern, before: int | None = None) -> re.Match | None:
    """A match of ``pattern`` within NEAR characters of the token's name, not negated.

    With ``before``, only matches starting before that offset count (the part of a
    sentence ahead of "such as ...", which lists examples rather than the token's uses).
    """
    owns = [m.span() for m in ctx.own.finditer(norm)]
    for m in pattern.finditer(norm, 0, len(norm) if before is None else before):
        for a, b in owns:
            if b <= m.start() and m.start() - b <= NEAR:
                between = norm[max(0, a - 30): m.start()]
            elif a >= m.end() and a - m.end() <= NEAR:
                between = norm[max(0, m.start() - 30): a]
            elif a < m.end() and b > m.start():
                between = norm[max(0, m.start() - 30): m.start()]
            else:
                continue
            if not NEGATION.search(between) and not is_negated(norm, m.start()):
                return m
    return None


AUDIT_FIRM = re.compile(r"\b(" + "|".join((
    "CertiK",
    "Trail of Bits",
    "OpenZeppelin",
    "Open Zeppelin",
    "Quantstamp",
    "PeckShield",
    "Least Authority",
    "ConsenSys Diligence",
    "Consensys Diligence",
    "Sigma Prime",
    "Hacken",
    "SlowMist",
    "Halborn",
    "Zokyo",
    "Runtime Verification",
    "ChainSecurity",
    "Cure53",
    "NCC Group",
    "Kudelski",
    "Dedaub",
    "Spearbit",
    "Code4rena",
    "Chainsulting",
    "Solidified",
    "Hosho",
    "New Alchemy",
    "Zeppelin Solutions",
    "Coinspect",
    "Authio",
    "Sec3",
    "OtterSec",
    "Nomoi",
    "Friedman LLP",
    "Grant Thornton",
    "Deloitte",
    "KPMG",
    "PwC",
    "PricewaterhouseCoopers",
    "Ernst & Young",
    "BDO",
    "Moore Cayman",
    "Armanino",
    "Withum",
)) + r")\b")  # group 1: the firm

DATE = words(
    r"(?:\d{1,2}(?:st|nd|rd|th)? )?"
        r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
        r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?"
        r"(?: \d{1,2}(?:st|nd|rd|th)?,?)? \d{4}",  # "1 May 2024", "May 1st, 2024", "Sept. 2024"
    r"Q[1-4] \d{4}",
    r"\d{4}-\d{2}-\d{2}",
    r"\d{1,2}[./]\d{1,2}[./]\d{4}",  # "15.01.2018", "15/01/2018"
    flags=0,
)


def run_step(t: Tokenomics, warnings: list[str] | None, name: str, fields: tuple[str, ...], fn, *args):
    """Run one extractor step; if it raises, its ``fields`` of ``t`` are reset to "not found" and a
    warning names it, so one failing step never loses the paper. Returns what ``fn`` returns (or None)."""
    try:
        return fn(*args)
    except Exception as exc:  # noqa: BLE001 - any bug in one step must cost only that step
        log.debug("rules step %s failed", name, exc_info=True)
        for field in fields:
            if field == "vesting":
                for row in t.allocation:
                    row.vesting = None
            else:
                info = type(t).model_fields[field]
                setattr(t, field, info.default_factory() if info.default_factory else info.default)
        if warnings is not None:
            warnings.append(f"rules: the {name} step failed ({type(exc).__name__}: {exc}); "
                            f"{', '.join(fields)} not found in the text")
        return None
