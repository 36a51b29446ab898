"""Rules backend, terms half: utility, controls, sale, stablecoin, disclosure, summary.

Every value comes from one sentence (or line) of the paper and carries it as
evidence, quoted verbatim from ``page.text``. The rules prefer silence to a
guess: a utility counts only when the sentence names the project's own token,
a sale only when the paper describes one, a stablecoin only when the paper's
own opening pages present one.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..ingest import Document, normalize
from ..numbers import find_numbers, parse_percent
from ..schema import (
    AdminPower,
    Audit,
    Collateral,
    Evidence,
    Fact,
    Money,
    Person,
    ProceedsRow,
    Sale,
    Stablecoin,
    Tokenomics,
    UtilityItem,
    ValueCaptureItem,
)
from .sentences import MAX_QUOTE, Sentence, document_sentences, quote_length

I = re.IGNORECASE

# ------------------------------------------------------------------ context


@dataclass
class _Ctx:
    doc: Document
    sentences: list[Sentence]  # without table-of-contents runs
    all_sentences: list[Sentence]
    own: re.Pattern  # names of the project's own token(s)
    names: list[str]  # project / token names, for entity and summary scoring


_EXTERNAL = {
    "ETH", "BTC", "USD", "EUR", "GBP", "CHF", "CNY", "JPY", "KRW", "SGD", "ERC", "API", "ICO",
    "DAO", "POS", "POW", "BFT", "EVM", "NFT", "DEX", "CEO", "CTO", "COO", "CFO", "TGE", "KYC",
    "AML", "USA", "PDF", "URL", "SDK", "APP", "FAQ", "AI", "IT", "UI", "UX", "OS", "ID", "PC",
    "LTC", "XRP", "P2P", "DDOS", "HTTP", "JSON", "SQL", "CPU", "GPU", "RAM", "AWS", "SEC", "IPO",
    "DPOS", "POA", "TPS", "UTXO", "SPV", "IOU", "ROI", "NAV", "OTC", "ATM", "QR", "EU", "UK",
    "II", "III", "IV", "VI", "VII", "VIII", "IX", "XI", "XII", "TOKEN", "TOKENS", "THE",
    "CDP", "CDPS", "PETH", "WETH", "USDT", "USDC", "DAI", "SDR", "IMF", "IBC", "DSN", "DAG", "AMM",
}
_SYMBOL_CONTEXT = re.compile(
    r"\(([A-Z][A-Z0-9]{1,5})\)|\b([A-Z][A-Z0-9]{1,5})\s+(?:tokens?|holders?|coins?)\b"
    r"|\b(?:token|symbol|ticker)\s*:?\s*\"?([A-Z][A-Z0-9]{1,5})\b"
)
_NAMED_TOKEN = re.compile(r"\b((?:[A-Z][a-z]+ ){0,2}[A-Z][a-z]+) (?:Tokens?|Coins?)\b")


def _own_terms(t: Tokenomics, sentences: list[Sentence]) -> tuple[re.Pattern, list[str]]:
    """A pattern matching references to the project's own token, and project names.

    Token names come from the identity facts (when the paper repeats them) and
    from symbols the paper itself introduces ("(GNT)", "SAN tokens").
    """
    text = " ".join(s.norm for s in sentences)
    candidates: Counter[str] = Counter()
    names: list[str] = []
    for fact in (t.identity.symbol, t.identity.token_name):
        if isinstance(fact.value, str) and len(fact.value.strip()) >= 2:
            candidates[fact.value.strip()] += 3
    if isinstance(t.identity.project_name.value, str):
        names.append(t.identity.project_name.value.strip())
    for s in sentences:
        for m in _SYMBOL_CONTEXT.finditer(s.norm):
            sym = next(g for g in m.groups() if g)
            if sym.upper() not in _EXTERNAL and not sym.isdigit():
                candidates[sym] += 1
        for m in _NAMED_TOKEN.finditer(s.norm):
            if m.group(1).split()[0] not in {"The", "Our", "This", "Each", "A", "An", "Smart"}:
                candidates[m.group(0)] += 1
    terms: list[str] = []
    for term, n in candidates.most_common(6):
        uses = len(re.findall(r"\b" + re.escape(term) + r"\b", text))
        if n >= 3 and uses >= 3 and len(terms) < 3:
            terms.append(term)
            if " " in term:
                names.append(term.rsplit(" ", 1)[0])
    # symbols match as written ("COIN" is not "coin"); names and generic phrases in any case
    alternatives = [re.escape(term) if term.isupper() else "(?i:" + re.escape(term) + ")"
                    for term in sorted(terms, key=len, reverse=True)]
    alternatives.append(r"(?i:(?:our|this|its|native|utility|platform|network) tokens?|token ?holders?)")
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")\b"), names


_NEGATION = re.compile(r"\b(?:not|no|never|cannot|neither|nor|without|none)\b|n't\b", I)


def _negated(norm: str, start: int) -> bool:
    """A negation word shortly before position ``start`` (or a "non-" prefix)."""
    return (bool(_NEGATION.search(norm[max(0, start - 40): start]))
            or norm[max(0, start - 4): start].lower() in ("non-", " non"))


def _first(ctx: _Ctx, pattern: re.Pattern,
           where: re.Pattern | None = None) -> tuple[Sentence, re.Match] | None:
    """The first sentence matching ``pattern`` (not negated), and ``where`` when given."""
    for s in ctx.sentences:
        m = pattern.search(s.norm)
        if not m or _negated(s.norm, m.start()):
            continue
        if where is not None and not where.search(s.norm):
            continue
        return s, m
    return None


def _fact(value, s: Sentence) -> Fact:
    return Fact(value=value, evidence=s.evidence())


# ------------------------------------------------------------------ utility

_UTILITY: list[tuple[str, re.Pattern]] = [
    ("gas_fees", re.compile(
        r"\b(?:transaction|network|gas|processing|trading|exchange|listing|service|platform|"
        r"usage|execution|stability) fees?\b.{0,60}\b(?:paid|pay|payable|charged|denominated|settled)\b"
        r"|\b(?:pay|pays|paid|payable|charged|denominated)\b.{0,40}\b(?:transaction|network|gas|"
        r"trading|exchange|listing|service|platform|execution|stability) fees?\b"
        r"|\bused (?:to pay|for paying|for) (?:the )?(?:transaction |network )?fees\b", I)),
    ("payment", re.compile(
        r"\b(?:used|use|using|utili[sz]es?|employs?)\b.{0,40}\b(?:to pay|for paying|for payments?|as (?:a |the )?"
        r"(?:means|medium|method|form|unit) of (?:payment|exchange|account))"
        r"|\bmeans of payment\b|\bmedium of exchange\b|\bto pay for\b|\bpaid (?:in|with|using)\b"
        r"|\b(?:use|uses|using|used|spend|spends)\b.{0,25}\bto (?:buy|purchase|tip)\b(?!.{0,25}\btokens?\b)"
        r"|\btip\w* (?:\w+ ){0,2}(?:in|with)\b|\bin-(?:game|app) currency\b"
        r"|\bpayments?\b(?! channels?).{0,140}\b(?:in|with|using)\s+(?:the\s+)?"
        r"(?!(?:ETH|ether|BTC|bitcoins?|fiat|USD|dollars)\b)(?-i:[A-Z]{2,6}\b|[A-Z]\w+ (?:[Tt]okens?|[Cc]oins?))"
        r"|\bpay (?:for|with)\b"
        r"|\b(?:conducted|made|settled|done|priced) (?:exclusively |only )?in\s+"
        r"(?-i:[A-Z]{2,6}\b|[A-Z]\w+ (?:[Tt]okens?|[Cc]oins?))", I)),
    ("staking", re.compile(
        r"\bstak(?:ed|ing)\b|\bstakes?\b(?=\s+(?:their|the|its|some|(?-i:[A-Z]{2,6}\b)))|\b(?:bonded|bonding)\b"
        r"|\b(?:deposit|lock)\b.{0,40}\bas (?:a )?(?:security|stake|guarantee)\b", I)),
    ("governance", re.compile(
        r"\bvot(?:e|es|ed|ing)\b|\bgovernance\b|\bgovern\b", I)),
    ("access", re.compile(
        r"\b(?:give|gives|grant|grants|provide|provides|obtain|gain|unlock|unlocks)\b.{0,40}(?<!root )(?<!admin )\baccess\b"
        r"|\baccess\b.{0,60}\b(?:by|for|through) (?:holding|staking|paying|spending|using)\b"
        r"|\bdiscounts?\b|\bmembership\b|\bpremium (?:features|content|services)\b"
        r"|\brequired (?:to|for) (?:use|using|access|participat)", I)),
    ("collateral", re.compile(r"\b(?:as|provide|providing|lock(?:ed)?|post(?:ed)?) collateral\b"
                              r"|\bcollateral(?:ise|ize)[sd]? (?:by|with)\b", I)),
    ("revenue_share", re.compile(
        r"\b(?:share|portion|percentage|part|cut) of (?:the |all )?(?:platform |network |trading |"
        r"transaction )?(?:fees|revenues?|profits?|income|earnings)\b|\bdividends?\b"
        r"|\b(?:profit|revenue)[- ]shar", I)),
    ("work", re.compile(
        r"\b(?:earn|earns|earned|receive|receives|rewarded|compensated|paid)\b.{0,60}"
        r"\bfor (?:their )?(?:contribut|provid|perform|complet|creat|edit|review|writ|render|"
        r"comput|work|host|stor|validat|answer|curat)"
        r"|\bcontributors?\b.{0,50}\b(?:earn|receive|rewarded|compensated)\b", I)),
    ("burn_to_use", re.compile(
        r"\b(?:burn|burned|burnt|destroy|destroyed)\b.{0,60}\b(?:in order to|to|when|upon)\b"
        r".{0,20}\b(?:use|access|create|mint|issue|register|publish|post|list|obtain)\b", I)),
    ("reward", re.compile(r"\breward(?:s|ed)?\b|\bearn(?:s|ed)?\b", I)),
]
_VALUE_CAPTURE: list[tuple[str, re.Pattern]] = [
    ("burn", re.compile(r"\b(?:burn(?:ed|t|s|ing)?|destroy(?:ed|s)?|removed from circulation)\b", I)),
    ("fee_share", re.compile(
        r"\b(?:share|portion|percentage|part) of (?:the |all )?(?:platform |network |trading |"
        r"transaction )?(?:fees|revenues?|profits?)\b|\bdividends?\b"
        r"|\bfees?\b.{0,40}\b(?:distributed|paid out|shared|go(?:es)?) to\b.{0,30}\b(?:holders|stakers)\b"
        r"|\b(?:holders|stakers)\b.{0,20}\b(?:receive|earn|get)s?\b.{0,30}\b(?:fees?|fee revenue|revenues?|"
        r"profits?)\b",
        I)),
    ("buyback", re.compile(r"\bbuy[- ]?backs?\b|\bbuy back\b|\brepurchas", I)),
]
_LOCK = re.compile(r"\b(?:lock(?:ed|s)?|bond(?:ed)?|deposit(?:ed)?|required|must|escrow)\b", I)
_EXAMPLE = re.compile(r"\b(?:example|assume|suppose|let's|let us|e\.g\.|imagine|hypothetical)\b", I)
_HYPOTHETICAL = re.compile(r"\b(?:for example|e\.g\.|such as|unlike|whereas|in contrast)\b", I)
_TOC_ENTRY = re.compile(r"\s(\d{1,3})\s+(?:\d+(?:\.\d+)*\.?\s+)?[A-Z][a-z]")


def _toc(norm: str) -> bool:
    """A table-of-contents run: "Title 12 Next title 14 ..." (rising page numbers) or dot leaders."""
    if "....." in norm or ". . . ." in norm:
        return True
    pages = [int(n) for n in _TOC_ENTRY.findall(norm)]
    if len(pages) >= 3 and pages == sorted(pages) and not re.search(r"[%$€]|\bETH\b", norm):
        return True
    words = norm.split()  # a run of headings: nearly every word capitalised
    return len(words) >= 12 and sum(w[:1].isupper() for w in words) > 0.75 * len(words)
_UNSOLD = re.compile(r"\b(?:unsold|unissued|unallocated|unclaimed|remaining tokens)\b", I)
NEAR = 100  # max characters between the token's name and the keyword


def _near(ctx: _Ctx, norm: str, pattern: re.Pattern, before: int | None = None) -> re.Match | None:
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
            if not _NEGATION.search(between) and not _negated(norm, m.start()):
                return m
    return None


def fill_utility(t: Tokenomics, ctx: _Ctx) -> None:
    """Utility kinds and value capture, from sentences naming the project's own token."""
    seen: set[str] = set()
    captured: set[str] = set()

    def capture(kind: str, s: Sentence) -> None:
        if kind not in captured:
            captured.add(kind)
            t.utility.value_capture.append(ValueCaptureItem(kind=kind, evidence=s.evidence()))

    previous: Sentence | None = None
    for s in ctx.sentences:
        prev, previous = previous, s
        if _HYPOTHETICAL.search(s.norm) and not _SUCH_AS.search(s.norm) or len(s.norm) < 25 or _toc(s.norm):
            continue
        if not ctx.own.search(s.norm):
            _fee_capture(ctx, s, prev, capture)
            continue
        hyp = _HYPOTHETICAL.search(s.norm)
        before = hyp.start() if hyp else None  # only "such as" gets here: keep what precedes it
        for kind, pattern in _UTILITY:
            m = None if kind in seen else _near(ctx, s.norm, pattern, before)
            if m is None:
                continue
            if kind == "payment" and re.search(r"\bto (?:buy|purchase)\b", m.group(0), I) and (
                    ctx.own.search(s.norm[m.end(): m.end() + 30]) or re.match(r"\s+(?:back|up)\b", s.norm[m.end():])):
                continue  # "fees are used to buy (back) CRV": the token is what gets bought
            if kind == "payment" and "gas_fees" in seen and re.search(r"\bfees?\b", s.norm, I):
                continue
            if kind == "work" and re.search(r"\bpurchas|\bsale\b|\bICO\b|\bcrowd|\badvis|\bbonus", s.norm, I):
                continue
            seen.add(kind)
            t.utility.uses.append(UtilityItem(kind=kind, evidence=s.evidence()))
            if kind == "collateral":
                capture("collateral", s)
            if kind == "staking" and _LOCK.search(s.norm):
                capture("staking", s)
        for kind, pattern in _VALUE_CAPTURE:
            if kind not in captured and _near(ctx, s.norm, pattern, before) and not _UNSOLD.search(s.norm):
                capture(kind, s)


_SUCH_AS = re.compile(r"^(?:(?!\b(?:for example|e\.g\.|unlike|whereas|in contrast)\b).)*\bsuch as\b", I)
_FEE_BURN = re.compile(r"\bfees?\b[^.;]{0,40}\b(?:is|are|gets?|will be|being)\s+(?:\w+\s+)?(?:burn(?:ed|t)|destroyed)\b"
                       r"|\bburns?\b[^.;]{0,30}\b(?:of\s+)?(?:the\s+)?(?:transaction |network |protocol )?fees?\b", I)
_FEE_SPLIT = re.compile(r"\bfees?\b[^.;]{0,30}\b(?:is|are)\s+(?:split|shared|distributed)\s+(?:among|between|to)\b"
                        r"[^.;]{0,30}\b(?:holders|stakers|operators|validators|nodes)\b", I)
_OTHER_CHAIN = re.compile(r"\b(?:Ethereum|Bitcoin|ETH|ether|BTC|EIP|Solana|BNB)\b")


def _fee_capture(ctx: _Ctx, s: Sentence, prev: Sentence | None, capture) -> None:
    """Fees burned or split among stakers, in a sentence that does not repeat the token's name.

    A fee burn counts when no other chain is named; a fee split when the sentence
    before (same page) names the token and its fee ("consumers pay a fee in COBL ...").
    """
    if _UNSOLD.search(s.norm) or _OTHER_CHAIN.search(s.norm):
        return
    m = _FEE_BURN.search(s.norm)
    if m and not _negated(s.norm, m.start()):
        capture("burn", s)
    m = _FEE_SPLIT.search(s.norm)
    if (m and not _negated(s.norm, m.start()) and prev is not None and prev.page == s.page
            and ctx.own.search(prev.norm) and re.search(r"\bfees?\b", prev.norm, I)):
        capture("fee_share", s)


# ------------------------------------------------------------------ controls

_CONSENSUS: list[tuple[str, re.Pattern]] = [
    ("delegated proof-of-stake (DPoS)", re.compile(r"\bdelegated proof[- ]of[- ]stake\b|\bDPoS\b", I)),
    ("proof-of-stake (PoS)", re.compile(r"\b(?i:proof[- ]of[- ]stake)\b|\bPoS\b")),
    ("proof-of-work (PoW)", re.compile(r"\b(?i:proof[- ]of[- ]work)\b|\bPoW\b")),
    ("proof-of-authority (PoA)", re.compile(r"\b(?i:proof[- ]of[- ]authority)\b|\bPoA\b")),
    ("proof-of-history (PoH)", re.compile(r"\bproof[- ]of[- ]history\b", I)),
    ("proof-of-spacetime / proof-of-replication",
     re.compile(r"\bproof[- ]of[- ](?:spacetime|replication)\b", I)),
    ("Byzantine fault tolerance (BFT)",
     re.compile(r"\b(?:Byzantine fault[- ]toleran(?:t|ce)|P?BFT|Tendermint)\b", I)),
    ("Avalanche (metastable sampling)", re.compile(r"\bSnowball\b|\bAvalanche\b")),
]
_ADOPTS = re.compile(
    r"\b(?:we|our|uses?|using|employs?|adopts?|relies on|based on|built on|secured by|runs? on|"
    r"consensus (?:mechanism|algorithm|protocol|engine)|will use|implements?)\b", I)


_CONSENSUS_WORDS = re.compile(r"\b(?:consensus|secur\w*|validat\w*|blocks?|blockchains?|architecture|"
                              r"mining|miners?|stak\w*|"
                              r"agreement|ledger|chain)\b", I)


def _consensus(ctx: _Ctx) -> Fact:
    """The consensus mechanism the paper adopts: named at least 3 times, once as adopted."""
    counts: Counter[str] = Counter()
    best: dict[str, Sentence] = {}
    for s in ctx.sentences:
        for name, pattern in _CONSENSUS:
            if pattern.search(s.norm):
                counts[name] += 1
                if (name not in best and _ADOPTS.search(s.norm) and _CONSENSUS_WORDS.search(s.norm)
                        and not _HYPOTHETICAL.search(s.norm) and "@" not in s.norm):
                    best[name] = s
    for name, n in counts.most_common():
        if n >= 3 and name in best:
            delegated = _CONSENSUS[0][0]
            if name == _CONSENSUS[1][0] and delegated in best:  # "uses delegated proof-of-stake"
                name = delegated
            return _fact(name, best[name])
    return Fact()


_STAKING = re.compile(r"\bstak(?:e|es|ed|ing)\b|\bbond(?:ed|ing)?\b", I)
_STAKING_TRAITS = [
    ("slashing", re.compile(r"\bslash", I)),
    ("lock-up", re.compile(r"\block(?:ed|s|-up| up)?\b|\bunbond|\bbonded\b|\bescrow", I)),
    ("rewards", re.compile(r"\breward|\binterest\b|\bearn", I)),
]


def _staking(ctx: _Ctx) -> Fact:
    best: tuple[int, Sentence, list[str]] | None = None
    for s in ctx.sentences:
        if _HYPOTHETICAL.search(s.norm) or not _near(ctx, s.norm, _STAKING):
            continue
        traits = [name for name, p in _STAKING_TRAITS if p.search(s.norm)]
        if traits and (best is None or len(traits) > best[0]):
            best = (len(traits), s, traits)
    if best is None:
        return Fact()
    return _fact("staking with " + ", ".join(best[2]), best[1])


_GOVERNANCE = re.compile(r"\bvot(?:e|es|ed|ing)\b|\bgovern(?:s|ed|ance)?\b|\bproposals?\b", I)
_GOV_TRAITS = [
    ("on-chain", re.compile(r"\bon[- ]chain\b", I)),
    ("off-chain", re.compile(r"\boff[- ]chain\b", I)),
    ("token-holder voting", re.compile(r"\bholders?\b|\bstakeholders?\b|\bvot", I)),
    ("delegates", re.compile(r"\bdelegat", I)),
    ("foundation or team control", re.compile(r"\b(?:foundation|team|board|council|committee)\b", I)),
]


def _governance(ctx: _Ctx) -> Fact:
    """How the token governs: the sentence about it that names the most traits.

    A sentence about governance just before it on the same page ("Governance is
    fully on-chain.") adds its traits and joins the quote when both fit.
    """
    best: tuple[int, list[str], Evidence] | None = None
    previous: Sentence | None = None
    for s in ctx.sentences:
        prev, previous = previous, s
        if _HYPOTHETICAL.search(s.norm) or not _near(ctx, s.norm, _GOVERNANCE):
            continue
        text, evidence = s.norm, s.evidence()
        if prev is not None and prev.page == s.page and _GOVERNANCE.search(prev.norm):
            page_text = ctx.doc.pages[s.page - 1].text
            span = page_text[prev.start: s.start + len(s.text)]
            if quote_length(span) <= MAX_QUOTE:
                text, evidence = normalize(span), Evidence(page=s.page, quote=span)
        traits = [name for name, p in _GOV_TRAITS if p.search(text)]
        if traits and (best is None or len(traits) > len(best[1])):
            best = (len(traits), traits, evidence)
    if best is None:
        return Fact()
    return Fact(value="governance: " + ", ".join(best[1]), evidence=best[2])


_ADMIN: list[tuple[str, re.Pattern]] = [
    ("upgradeable", re.compile(r"\bupgrad(?:e)?able\b|\bproxy contract\b"
                               r"|\bcontracts? (?:can|may|will) be (?:upgraded|replaced)\b", I)),
    ("pausable", re.compile(r"\bpausable\b|\b(?:pause|halt|suspend)s? (?:all )?(?:the )?"
                            r"(?:contract|transfers|trading|token)|\bemergency (?:stop|shutdown)\b", I)),
    ("blacklist", re.compile(r"\b(?:blacklist|blocklist)\w* (?:addresses|accounts|wallets|users|holders)\b"
                             r"|\b(?:blacklist|blocklist)(?:ed|ing)? (?:an? )?(?:address|account|wallet)\b"
                             r"|\bfreez(?:e|ing) (?:the )?(?:funds|accounts?|tokens|addresses|assets|"
                             r"balances?)\b",
                             I)),
    ("mintable", re.compile(r"\b(?:owner|admin|administrator|team|foundation|company|issuer)\b.{0,40}"
                            r"\b(?:can|may|is able to|has the (?:right|ability) to) (?:mint|issue|create)"
                            r" (?:new|additional|more)\b", I)),
    ("fee_modifiable", re.compile(r"\b(?:owner|admin|administrator|team|foundation|company)\b.{0,40}"
                                  r"\b(?:can|may|reserves the right to) (?:change|adjust|set|modify|"
                                  r"update|raise|increase) (?:the )?(?:\w+ )?fees?\b", I)),
]

_IMMUTABLE = re.compile(r"\bnon-?upgrad(?:e)?able\b|\bnot upgrad(?:e)?able\b"
                        r"|\bcannot be (?:upgraded|changed)\b"
                        r"|\bimmutable (?:contracts?|code)\b", I)
_AUDITORS = (
    r"CertiK|Trail of Bits|OpenZeppelin|Open Zeppelin|Quantstamp|PeckShield|Least Authority|"
    r"ConsenSys Diligence|Consensys Diligence|Sigma Prime|Hacken|SlowMist|Halborn|Zokyo|Runtime "
    r"Verification|ChainSecurity|Cure53|NCC Group|Kudelski|Dedaub|Spearbit|Code4rena|Chainsulting|"
    r"Solidified|Hosho|New Alchemy|Zeppelin Solutions|Coinspect|Authio|Sec3|OtterSec|Nomoi|"
    r"Friedman LLP|Grant Thornton|Deloitte|KPMG|PwC|PricewaterhouseCoopers|Ernst & Young|BDO|"
    r"Moore Cayman|Armanino|Withum"
)
_AUDIT_FIRM = re.compile(r"\b(" + _AUDITORS + r")\b")
_AUDIT_WORD = re.compile(r"\baudit(?:ed|s|ing|or)?\b|\bsecurity review\b|\bformal verification\b", I)
_DATE = re.compile(
    r"\b(?:(?:\d{1,2}(?:st|nd|rd|th)? )?(?:January|February|March|April|May|June|July|August|"
    r"September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?"
    r"(?: \d{1,2}(?:st|nd|rd|th)?,?)? \d{4}|Q[1-4] \d{4}|\d{4}-\d{2}-\d{2})\b")
_SCOPE = re.compile(r"\b(?:smart contracts?|token contract|(?:crowd|token )?sale contract|"
                    r"protocol|codebase|source code|reserves?|bank balances?)\b", I)
_TAX = re.compile(r"\b(?:buy|sell|transfer|transaction)(?:/(?:buy|sell))? tax(?:es)?\b", I)


_AUDITED_BY = re.compile(r"\bby\s+(?:the\s+)?((?-i:[A-Z][\w'-]*(?:\.[\w'-]+)*(?:\s+(?:&\s+)?[A-Z][\w'.-]*[\w'-]){0,3}))"
                         r"(?=\s+(?:in|on|and|during|between|before|after|at)\b|\s*[.,;(]|$)")
_NOT_AUDITOR = re.compile(r"^(?:The|This|Our|We|Us|Its|Their|Independent|External|Internal|Third|An?)\b"
                          r"|\b(?:Team|Foundation|Community|Developers?|Contributors?|January|February|March|"
                          r"April|May|June|July|August|September|October|November|December)\b")


def _mentions(ctx: _Ctx, name: str) -> int:
    """How many times ``name`` occurs in the document (as a whole word)."""
    pattern = re.compile(r"\b" + re.escape(name) + r"\b")
    return sum(len(pattern.findall(page.norm)) for page in ctx.doc.pages)


def fill_controls(t: Tokenomics, ctx: _Ctx) -> None:
    """Consensus, staking, governance, admin powers, audits and stated buy/sell tax."""
    c = t.controls
    c.consensus = _consensus(ctx)
    c.staking = _staking(ctx)
    c.governance = _governance(ctx)
    for kind, pattern in _ADMIN:
        if kind == "upgradeable" and _first(ctx, _IMMUTABLE):
            continue
        hit = _first(ctx, pattern)
        if hit and not _HYPOTHETICAL.search(hit[0].norm):
            c.admin_powers.append(AdminPower(kind=kind, evidence=hit[0].evidence()))
    firms: set[str] = set()
    own_words = {w.lower() for n in ctx.names for w in n.split()}
    for s in ctx.sentences:
        audit = _AUDIT_WORD.search(s.norm)
        if not audit or _HYPOTHETICAL.search(s.norm) or _negated(s.norm, audit.start()):
            continue
        found = list(_AUDIT_FIRM.finditer(s.norm))
        if not found:  # a firm not on the list: "audited by Quarrystone Security in May 2024"
            found = [m for m in _AUDITED_BY.finditer(s.norm, audit.start())
                     if m.start() - audit.start() <= 80 and not _NOT_AUDITOR.search(m.group(1))
                     and not {w.lower().strip(".") for w in m.group(1).split()} & own_words
                     and _mentions(ctx, m.group(1)) <= 5]  # the project itself is named throughout
        for m in found:
            firm = m.group(1)
            if firm in firms:
                continue
            firms.add(firm)
            date = _DATE.search(s.norm)
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
            c.tax_pct = _fact(pct, s)
            break


# ------------------------------------------------------------------ token sale

_SALE = re.compile(
    r"\b(?:token (?:sale|generation event|offering|distribution event)|crowd ?sale|crowdfunding|"
    r"crowd ?fund|initial coin offering|ICO|pre-?sale|pre-?ICO|contribution period|"
    r"(?:ether|currency|coin) sale|fundraiser|fund-?raising)\b", I)
_SALE_TERMS = re.compile(
    r"\b(?:cap|contribut\w*|price|per token|raise[ds]?|minimum|maximum|bonus|participants?|"
    r"purchas\w*|sold|exchange rate)\b", I)
_NUM = r"(?P<num>\d[\d,. ]*\d|\d)(?:\s*(?P<mult>million|billion|thousand|[MBKk]|bn|mln)\b)?"
_MONEY = re.compile(
    r"(?:(?P<pre>US\$|\$|€|USD|EUR|CHF|ETH|BTC)\s?" + _NUM.replace("num", "n1").replace("mult", "m1")
    + r")|(?:" + _NUM.replace("num", "n2").replace("mult", "m2")
    + r"\s?(?P<post>USD|EUR|CHF|ETH|ether|Ether|BTC|bitcoins?|dollars?|US dollars)\b)")
_CUR_CODE = {"US$": "USD", "$": "USD", "€": "EUR", "dollar": "USD", "dollars": "USD",
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


_SOFT = re.compile(r"\bsoft ?cap\b|\bminimum (?:sale |funding )?(?:cap|target|goal|raise|funding|ether|ETH)\b"
                   r"|\bminimum (?:total )?contribution target\b|\bminimum raise\b|\bminimum of\b", I)
_HARD = re.compile(r"\bhard ?cap\b|\bmaximum (?:cap|target|goal|raise|funding|ether|ETH)\b"
                   r"|\bsecurity cap\b|\bmaximum of\b", I)
_PER_PERSON = re.compile(r"\b(?:minimum|maximum) (?:\w+ )?(?:contribution|purchase|investment) "
                         r"(?:per|amount)?|\bper (?:person|participant|address|contributor|investor)\b", I)
_RAISE = re.compile(r"\b(?:raise|raising|target|goal|fundraising goal)\b", I)
_PER_TOKEN = re.compile(r"\bper (?:token|coin|(?-i:(?P<sym>[A-Z][A-Z0-9]{1,5})))\b|\btoken price\b"
                        r"|\bprice (?:per|of (?:one|1|each)|is)\b|\bprice\s*:", I)
_TOKENS_OFFERED = re.compile(  # "250,000,000 NOVA are offered", "300,000 tokens available"
    r"(?P<amt>\d[\d,. ]*\d(?:\s*(?:million|billion))?)\s+"
    r"(?:(?:[A-Z][\w-]* ){0,3}tokens?\b[^.]{0,60}\b(?:offered|available|for sale|sold|"
    r"distributed (?:in|during|through) the (?:token )?(?:sale|crowdsale|ICO))"
    r"|(?-i:(?P<sym>[A-Z][A-Z0-9]{1,5}))\b[^.]{0,60}?\b(?:are|is|be|being) (?:offered|available|sold)\b)"
    r"|\bavailable for purchase\s*:?\s*(?P<amt2>\d[\d,. ]*\d)", I)
_ACCEPTED_CUR = [
    ("ETH", re.compile(r"\bETH\b|\bether\b", I)), ("BTC", re.compile(r"\bBTC\b|\bbitcoins?\b", I)),
    ("LTC", re.compile(r"\bLTC\b|\blitecoin\b", I)), ("BNB", re.compile(r"\bBNB\b")),
    ("USDC", re.compile(r"\bUSDC\b")), ("USDT", re.compile(r"\bUSDT\b|\btether\b", I)),
    ("DAI", re.compile(r"\bDAI\b")), ("USD", re.compile(r"\bUSD\b|\bUS dollars?\b")),
    ("EUR", re.compile(r"\bEUR\b|\beuros?\b", I)), ("fiat", re.compile(r"\bfiat\b", I)),
]
_SALE_FIELD = re.compile(r"\b(?:cap|purchase methods?|payment methods?|contribut\w*|purchasers?|"
                         r"participants?|"
                         r"(?:token |crowd ?)sale|ICO|pre-?sale|crowdfunding)\b", I)
_ACCEPTED = re.compile(r"\baccept\w*|\bpurchase methods?\b|\bcontribut\w* (?:in|with|using|via)\b"
                       r"|\bdenominated (?:entirely )?in\b", I)
# "Buy with BNB or USDT": the currencies follow the verb directly
_BUY_WITH = re.compile(r"\b(?:buy|purchase|contribute|participate)[ds]? (?:\w+ )?(?:with|using|in)\s+"
                       r"(?=(?-i:[A-Z]{3,5})\b)", I)
_BONUS = re.compile(r"\bbonus(?:es)?\b|\bearly[- ]bird\b", I)
_REFUND = re.compile(r"\brefund\w*|\breturned to (?:the )?(?:contributors|participants|purchasers|buyers)"
                     r"|\breimburs\w*|\bmoney back\b", I)
_REFUND_CONTEXT = re.compile(r"\b(?:cap|minimum|target|sale|crowd\w*|contribut\w*|ICO|fails?|"
                             r"not reached)\b", I)
_KYC = re.compile(r"\bKYC\b|\bknow[- ]your[- ](?:customer|client)\b|\bidentity verification\b", I)
_COUNTRIES = (r"the United States(?: of America)?|United States|U\.S\.A?\.?|USA|US|China|PRC|"
              r"People's Republic of China|Singapore|Canada|South Korea|Korea|Japan|Hong Kong|United Kingdom|UK|Cuba|"
              r"Iran|North Korea|Syria|Sudan|Crimea|New Zealand|Australia|Switzerland")
_EXCLUDE = re.compile(r"\b(?:citizens?|residents?|persons?|people|investors?|green card holders)\b"
                      r"[^.]{0,80}?\b(?:of|in|from)\s+(?:the\s+)?(?-i:" + _COUNTRIES + r")\b", I)
_EXCLUDE_VERB = re.compile(r"\b(?:not (?:be )?(?:eligible|permitted|allowed|able|offered|sold)|cannot|"
                           r"excluded|prohibit\w*|restrict\w*|barred|may not|must not|not open)\b", I)
_COUNTRY = re.compile(r"\b(?:" + _COUNTRIES + r")\b")
_PROCEEDS_HEAD = re.compile(
    r"\b(?:use of (?:funds|proceeds|contributions)|allocation of (?:funds|proceeds)|budget|"
    r"distribution of funds|(?:funds|proceeds|money|contributions)\b[^.]{0,60}\b(?:will|would) be "
    r"(?:used|allocated|spent)|raised funds will|spending|breakdown)\b", I)
_ROW_PCT_FIRST = re.compile(
    r"^\W{0,3}(?P<pct>\d{1,2}(?:\.\d+)?)\s?%\s*[-–—:]?\s*(?P<label>[A-Za-z][^%\d]{2,70})$")
_ROW_LABEL_FIRST = re.compile(
    r"^\W{0,3}(?P<label>[A-Za-z][^%\d]{2,70}?)\s*[-–—:.]*\s*(?P<pct>\d{1,2}(?:\.\d+)?)\s?%$")
_NOT_PROCEEDS = re.compile(r"\b(?:team|founders?|advisors?|investors?|crowdsale|token sale|pre-?sale|"
                           r"contributors|participants|community|supply|tokens?|bounty|airdrop|"
                           r"rewards?|shareholders|holders|ICO|public sale|private sale)\b", I)


_SALE_STRONG_TERMS = re.compile(
    r"\b(?:(?:soft|hard) ?cap|price (?:of|per)|per (?:token|coin)|contributions?|bonus(?:es)?|"
    r"(?:minimum|maximum) (?:purchase|contribution|raise|funding)|raised?|exchange rate)\b", I)


def _is_sale(ctx: _Ctx) -> bool:
    """The paper describes a sale: several sale mentions, some with terms (cap, price, ...).

    Terms count in the sale sentence itself or, for the specific ones (caps, price,
    contributions, bonus), in a sentence on the same page as a sale mention.
    """
    hits = [s for s in ctx.sentences if _SALE.search(s.norm)]
    with_terms = {id(s) for s in hits if _SALE_TERMS.search(s.norm)}
    pages = {s.page for s in hits}
    with_terms |= {id(s) for s in ctx.sentences if s.page in pages and (
        ((_SALE_STRONG_TERMS.search(s.norm) or _PER_TOKEN.search(s.norm)) and _money(s.norm))
        or (_BONUS.search(s.norm) and parse_percent(s.norm) is not None))}
    return len(hits) >= 3 and len(with_terms) >= 2


_RATE = re.compile(  # "1 ETH = 1000 GNT", "1 ether will create 1 000 GNT", "44 LUN per Ether"
    r"\b1\s*(?P<cur>ETH|ether|BTC|bitcoin)\b.{0,40}?(?:=|\bcreates?|\breceives?|\bgets?|\bbuys?|"
    r"\byields?|\bequals?|\bfor)\s+(?P<n>\d[\d,. ]*\d|\d)\s*(?P<sym>(?-i:[A-Z]{2,6})|tokens?)\b"
    r"|(?P<n2>\d[\d,. ]*\d|\d)\s*(?P<sym2>(?-i:[A-Z]{2,6})|tokens?)\s*(?:per|for|=)\s*(?:1|one|each)?\s*"
    r"(?P<cur2>ETH|ether|BTC|bitcoin)\b", I)
_DIRECT = re.compile(r"\b1\s*(?P<sym>[A-Z]{2,6})\s*=\s*(?P<money>[^,;]{1,25})")  # "1 CND = $0.01"


def _price(sale_sentences: list[Sentence]) -> Fact:
    """Price per token: from an exchange rate (inverted), "1 SYM = $x" or "$x per token"."""
    for s in sale_sentences:
        m = _RATE.search(s.norm)
        if m and (m.group("sym") or m.group("sym2")).upper() not in _EXTERNAL:
            n = _number(m.group("n") or m.group("n2"))
            cur = (m.group("cur") or m.group("cur2")).lower()
            if n:
                code = "ETH" if cur.startswith("eth") else "BTC"
                return _fact(Money(amount=round(1 / n, 12), currency=code), s)
        m = _DIRECT.search(s.norm)
        if m and m.group("sym").upper() not in _EXTERNAL:
            money = _money(m.group("money"))
            if money:
                return _fact(money[0][0], s)
        for m in _PER_TOKEN.finditer(s.norm):
            if m.group("sym") and m.group("sym").upper() in _EXTERNAL:
                continue  # "per ETH" is an exchange rate, handled above
            money = _money(s.norm[max(0, m.start() - 50): m.end() + 40])
            if len(money) == 1:
                return _fact(money[0][0], s)
    return Fact()


_CAP_CONTEXT = re.compile(r"\b(?:caps?|raised?|target|funding|collect\w*|crowd\w*|sale|ICO|total|"
                          r"contributions (?:received|exceed))\b", I)


def _big(money: Money) -> bool:
    """Caps are large sums: at least 100 ETH/BTC or 10,000 of a fiat currency."""
    return money.amount >= (100 if money.currency in ("ETH", "BTC") else 10_000)


def _cap(sentences: list[Sentence], pattern: re.Pattern) -> Fact:
    """The first amount stated right after (or just before) a cap label."""
    for s in sentences:
        if not _CAP_CONTEXT.search(s.norm):
            continue
        for m in pattern.finditer(s.norm):
            if _PER_PERSON.search(s.norm[max(0, m.start() - 5): m.end() + 25]):
                continue
            after = [x[0] for x in _money(s.norm[m.end(): m.end() + 45])]
            before = [x[0] for x in _money(s.norm[max(0, m.start() - 25): m.start()])]
            for money in after[:1] + before[-1:]:
                if _big(money):
                    return _fact(money, s)
    return Fact()


_TOKEN_ROW = ProceedsRow(label="token allocation row")


def _proceeds_row(line: str, page: int) -> ProceedsRow | None:
    """A "label N%" line; _TOKEN_ROW when the label names token holders (team, sale, ...)."""
    folded = normalize(line)
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


def _proceeds(ctx: _Ctx) -> list[ProceedsRow]:
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


def fill_sale(t: Tokenomics, ctx: _Ctx) -> None:
    """A Sale, only when the paper describes a token sale / ICO / crowdsale."""
    if not _is_sale(ctx):
        return
    sale = Sale()
    window = _sale_window(ctx)
    sale.price = _price(window)
    sale.soft_cap = _cap(window, _SOFT)
    sale.hard_cap = _cap(window, _HARD)
    if sale.soft_cap.stated and sale.hard_cap.stated and sale.soft_cap.value == sale.hard_cap.value:
        sale.hard_cap = Fact()
    if not sale.soft_cap.stated and not sale.hard_cap.stated:
        for s in window:
            m = _RAISE.search(s.norm)
            if m and _SALE.search(s.norm):
                money = [x for x in _money(s.norm) if x[0].amount >= 10_000]
                if money:
                    sale.raise_target = _fact(money[0][0], s)
                    break
    for s in window:
        m = _TOKENS_OFFERED.search(s.norm)
        if m and m.group("sym") and (m.group("sym").upper() in _EXTERNAL or re.search(
                r"\b(?:until|once|if|when|after|unless|before)\b", s.norm[max(0, m.start() - 25): m.start()], I)):
            continue  # "1,000 ETH are sold", "until 50 million COIN are sold": a threshold, not the offer
        if m:
            value = _number(m.group("amt") or m.group("amt2"))
            if value and value >= 1000:
                sale.tokens_offered = _fact(value, s)
                break
    sale_talk = [s for s in window if _SALE.search(s.norm) or _SALE_FIELD.search(s.norm)]
    for s in window:
        buy = _BUY_WITH.search(s.norm)
        if buy:
            listed = s.norm[buy.end(): buy.end() + 40]
        elif _ACCEPTED.search(s.norm) and (_SALE.search(s.norm) or _SALE_FIELD.search(s.norm)):
            listed = s.norm
        else:
            continue
        found = []
        for code, p in _ACCEPTED_CUR:
            m = p.search(listed)
            if m:
                found.append(code if code in s.norm else m.group(0))
        if found:
            sale.accepted_currencies = _fact(found, s)
            break
    for s in sale_talk:
        d = _DATE.search(s.norm)
        if d and _SALE.search(s.norm) and re.search(
                r"\b(?:start|begin|beginning|launch|open|run|end|ends|close|take place|held|scheduled)",
                s.norm, I):
            sale.dates = _fact(d.group(0), s)
            break
    for s in window:  # bonus terms: a sale sentence, or a tier ("buy in week 1 and get 20% extra")
        if not (s in sale_talk or re.search(r"\b(?:buy\w*|purchas\w*|week|days?|tiers?)\b", s.norm, I)):
            continue
        m = _BONUS.search(s.norm)
        if (m and not _negated(s.norm, m.start())
                and parse_percent(s.norm[max(0, m.start() - 40): m.end() + 40]) is not None):
            sale.bonus_tiers = _fact(normalize(s.text), s)
            break
    for s in ctx.sentences:  # "not reached" is the usual condition: no negation check here
        if _REFUND.search(s.norm) and _REFUND_CONTEXT.search(s.norm):
            sale.refund = _fact(s.norm, s)
            break
    hit = _first(ctx, _KYC, where=_SALE_FIELD)
    if hit:
        sale.kyc = _fact(True, hit[0])
    for s in ctx.sentences:
        m = _EXCLUDE.search(s.norm)
        if m and _EXCLUDE_VERB.search(s.norm):
            countries = []
            for c in _COUNTRY.findall(s.norm[m.start():]):
                if c not in countries:
                    countries.append(c)
            sale.excluded_jurisdictions = _fact(", ".join(countries), s)
            break
    sale.use_of_proceeds = _proceeds(ctx)
    t.sale = sale


def _sale_window(ctx: _Ctx) -> list[Sentence]:
    """Sentences on pages that talk about the sale (and the page after each)."""
    pages: set[int] = set()
    for s in ctx.sentences:
        if _SALE.search(s.norm):
            pages.update((s.page, s.page + 1))
    return [s for s in ctx.sentences if s.page in pages]


# ------------------------------------------------------------------ stablecoin

_STABLE = re.compile(
    r"\bstable ?coins?\b|\bstable-coins?\b|\bprice[- ]stab(?:le|ility)\b|\bstable (?:value|currency|"
    r"digital currency|cryptocurrency|money)\b|\bremain stable\b|\bprice is always stable\b"
    r"|\bpegged to (?:the )?(?:US|USD|U\.S\.|one|fiat|\$|dollar|euro|EUR)|\bthe peg\b|\bpeg \w+ to\b"
    r"|\bone-to-one (?:reserve )?ratio\b|\bbacked by (?:the )?(?:corresponding )?fiat\b"
    r"|\bfiat[- ](?:backed|pegged|collateralized)\b", I)
_MECHANISM: list[tuple[str, re.Pattern]] = [
    ("hybrid", re.compile(r"\bfractional(?:[- ]reserve|[- ]algorithmic|ly collateralized)?\b"
                          r"|\bpartially collateral", I)),
    ("crypto_collateral", re.compile(
        r"\bcollateralized debt positions?\b|\bCDPs?\b|\bover-?collateral|\bcollateral(?:ise|ize)d? "
        r"(?:by|with) (?:ether|ETH|crypto)|\bcollateral(?:ise|ize)s? the network\b|\bcollateral pool\b"
        r"|\blocked (?:as|in) collateral\b|\bcollateralisation ratio\b|\bcollateralization ratio\b", I)),
    ("fiat_reserve", re.compile(
        r"\b(?:backed|reserved)\b.{0,60}\b(?:fiat|US dollars?|bank|deposits?)\b|\bfiat (?:reserves?|"
        r"deposits?|tokens?)\b|\bfiat[- ]collateralized\b|\bone-to-one (?:reserve )?ratio\b"
        r"|\bproof of reserves\b|\breal world assets?\b.{0,40}\breserve", I)),
    ("algorithmic", re.compile(
        r"\balgorithmic\b|\belastic (?:money )?supply\b|\bseigniorage\b|\bexpand(?:s|ing)? (?:and|or) "
        r"contract(?:s|ing)? (?:the )?(?:money )?supply\b|\badjusts? the supply\b|\bnon-collateral"
        r"|\bcontraction\b|\bliquidity pools?\b|\bpark(?:ing)?\b", I)),
]
_PEG = re.compile(r"\b(?:pegged(?: to)?|peg(?: to)?|stable relative to|stable against|tethered to|"
                  r"parity with|"
                  r"1:1|one-to-one|denominated in|remains at|equals one|is one|"
                  r"target(?:s|ing)? (?:a (?:price|value) of|the value of)?)\b", I)
_PEG_ASSETS = [("USD", re.compile(r"\bUSD\b|\bUS [Dd]ollars?\b|\bU\.S\. dollars?\b|\$1\b")),
               ("multi-fiat (SDR basket)", re.compile(r"\bSDR\b|\bbasket of (?:fiat )?currencies\b")),
               ("EUR", re.compile(r"\bEUR\b|\beuros?\b", I)),
               ("fiat", re.compile(r"\bfiat currency\b|\bfiat\b", I))]
_EXOGENOUS = [("ETH", re.compile(r"\bETH\b|\bether\b|\bPETH\b", I)),
              ("BTC", re.compile(r"\bBTC\b|\bbitcoin\b", I)),
              ("USDC", re.compile(r"\bUSDC\b")),
              ("other stablecoins",
               re.compile(r"\bstablecoins? as collateral\b|\bon-chain stablecoins\b", I)),
              ("fiat currency", re.compile(r"\bfiat currency\b.{0,30}\b(?:deposit|reserve)", I))]
_RATIO = re.compile(r"\b(?P<which>liquidation ratio|(?:minimum |target )?collateral(?:i[sz]ation)? ratio)"
                    r"\b[^.%]{0,60}?(?P<pct>\d{2,4}(?:\.\d+)?)\s?%", I)
_ATTEST = re.compile(r"\b(?:attest\w*|audit\w*|verified by)\b", I)
_FREQUENCY = re.compile(r"\b(?:daily|weekly|monthly|quarterly|annually|real[- ]time|periodic(?:ally)?|"
                        r"regular(?:ly)?|every (?:day|month|quarter|year))\b", I)
_REDEEM = re.compile(r"\bredeem\w*|\bredemption\b|\bexchangeable for\b", I)
_PAR = re.compile(r"\b(?:at par|1:1|one-to-one|one US dollar|one dollar|equivalent amount|\$1)\b", I)
_YIELD = re.compile(r"\b(?:interest[- ]bearing|earn (?:interest|yield)|pays? interest|savings rate|"
                    r"yield to holders)\b", I)
_LICENCE = re.compile(r"\b(?:licensed|licence|license|money transmitter|money services business|"
                      r"MSB|FinCEN|e-money|regulated by|supervised by|chartered (?:by|under)|"
                      r"(?:limited-purpose|chartered|regulated) trust company|trust charter|authori[sz]ed by)\b", I)
# an unlisted accounting firm named as the one that attests: "an accounting firm, Calloway & Finch LLP,"
_FIRM_NAME = (r"(?P<firm>(?:[A-Z][\w'-]*\s+(?:&\s+)?){0,3}[A-Z][\w'-]*\s+(?:LLP|LLC|Ltd\.?|Limited|"
              r"Inc\.?|GmbH|AG|& Co\.?|Partners|Audit|Accountants|Assurance|Security|Labs))")
_ATTEST_FIRM = re.compile(
    r"(?:\b(?:accounting|audit(?:ing)?|assurance|security) firm,?\s+"
    r"|\b(?:attested|audited|examined|reviewed|verified|certified) by\s+(?:the )?)" + _FIRM_NAME)


def _peg(ctx: _Ctx) -> Fact:
    """The peg target: preferably the asset named right after "pegged to", "stable relative to"."""
    named: Fact | None = None
    vague: Fact | None = None
    for s in ctx.sentences:
        if _HYPOTHETICAL.search(s.norm) or re.search(r"\b(?:may|could|might|later)\b", s.norm, I):
            continue
        if not (_STABLE.search(s.norm) or ctx.own.search(s.norm)):
            continue
        for m in _PEG.finditer(s.norm):
            after = s.norm[m.end(): m.end() + 25]
            for asset, p in _PEG_ASSETS:
                if asset != "fiat" and p.search(after):
                    return _fact(asset, s)
                if asset != "fiat" and named is None and p.search(s.norm):
                    named = _fact(asset, s)
                if asset == "fiat" and vague is None and p.search(after):
                    vague = _fact(asset, s)
    return named or vague or Fact()


_SELF_STABLE = re.compile(r"(?:\bis|\bissues?|,)\s+an?\s+(?:[\w-]+\s+){0,3}stable ?coin\b(?!s)", I)


def _is_stablecoin(ctx: _Ctx) -> bool:
    """Price stability is the paper's subject: 5+ mentions, one in the first 3 pages, 2+ early."""
    hits = [s for s in ctx.sentences if _STABLE.search(s.norm)]
    opening = [s for s in hits if s.page <= max(3, ctx.doc.page_count // 4)]
    if (len(hits) >= 5 and any(s.page <= 3 for s in hits)
            and (len(opening) >= 2 or any(s.page == 1 for s in opening))):
        return True
    # a short paper that opens by presenting itself as one: "EQD is an algorithmic stablecoin"
    return len(hits) >= 2 and any(
        s.page <= 2 and _SELF_STABLE.search(s.norm) and not _HYPOTHETICAL.search(s.norm) for s in hits)


def fill_stablecoin(t: Tokenomics, ctx: _Ctx) -> None:
    """A Stablecoin, only when the paper presents its own token as price-stable."""
    if not _is_stablecoin(ctx):
        return
    sc = Stablecoin()
    counts: Counter[str] = Counter()
    first: dict[str, Sentence] = {}
    for s in ctx.sentences:
        if _HYPOTHETICAL.search(s.norm) or re.search(r"\b(?:previous|existing|other|such as)\b", s.norm, I):
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
            sc.mechanism = _fact(name, first[name])
    sc.peg = _peg(ctx)
    _collateral(sc, ctx)
    for s in ctx.sentences:
        if _EXAMPLE.search(s.norm):
            continue
        for m in _RATIO.finditer(s.norm):
            pct = float(m.group("pct"))
            if not 100 <= pct <= 1000:
                continue
            if "liquidation" in m.group("which").lower():
                if not sc.liquidation_ratio_pct.stated:
                    sc.liquidation_ratio_pct = _fact(pct, s)
            elif not sc.min_collateral_ratio_pct.stated:
                sc.min_collateral_ratio_pct = _fact(pct, s)
    if sc.liquidation_ratio_pct.stated and not sc.min_collateral_ratio_pct.stated:
        sc.min_collateral_ratio_pct = sc.liquidation_ratio_pct.model_copy(deep=True)
    if sc.mechanism.value == "fiat_reserve":
        _reserve(sc, ctx)
    _redemption(sc, ctx)
    _yield(sc, ctx)
    t.stablecoin = sc


_REDEEM_FOR = re.compile(r"\b(?:fiat|dollars?|USD|collateral|underlying)\b", I)
_AT_PAR = re.compile(r"\b(?:at par|1:1|one-to-one)\b", I)


def _redemption(sc: Stablecoin, ctx: _Ctx) -> None:
    """How holders redeem: the first redemption sentence, preferring one that says "at par"."""
    hits = [s for s in ctx.sentences
            if (m := _REDEEM.search(s.norm)) and not _negated(s.norm, m.start()) and _REDEEM_FOR.search(s.norm)]
    if not hits:
        return
    s = next((h for h in hits if _AT_PAR.search(h.norm)), hits[0])
    sc.redemption = _fact(s.norm, s)
    if _PAR.search(s.norm):
        sc.redemption_at_par = _fact(True, s)


_NO_YIELD = re.compile(r"\b(?:does not|do not|will not|never|doesn't|don't|won't)\s+(?:pay|bear|earn|accrue|"
                       r"offer)\s+(?:any\s+)?(?:interest|yield)\b|\bno (?:interest|yield)\b"
                       r"|\bnon-interest[- ]bearing\b", I)


def _yield(sc: Stablecoin, ctx: _Ctx) -> None:
    """Whether holders earn a yield: True when offered, False when the paper says they do not."""
    hit = _first(ctx, _YIELD)
    if hit:
        sc.yield_to_holders = _fact(True, hit[0])
        return
    for s in ctx.sentences:
        if _NO_YIELD.search(s.norm) and (ctx.own.search(s.norm) or re.search(r"\bholders?\b", s.norm, I)):
            sc.yield_to_holders = _fact(False, s)
            return


def _collateral(sc: Stablecoin, ctx: _Ctx) -> None:
    """Collateral assets; the project's own tokens count as endogenous."""
    seen: set[str] = set()
    for s in ctx.sentences:
        if not re.search(r"\bcollateral\w*|\bbacked by\b", s.norm, I):
            continue
        if _HYPOTHETICAL.search(s.norm) or _EXAMPLE.search(s.norm) or re.search(
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
            if _NEGATION.search(after[:20]):
                continue  # "KST is not accepted as collateral"
            if (re.search(r"\b(?:provides? the collateral|collaterali[sz]es|is (?:used |locked )?as "
                          r"collateral|as collateral)\b", after, I)
                    or re.search(r"\b(?:collaterali[sz]ed (?:by|with)|backed by|collateral of)\W+$",
                                 before, I)):
                seen.add(name.lower())
                sc.collateral.append(Collateral(asset=name, endogenous=True, evidence=s.evidence()))


def _reserve(sc: Stablecoin, ctx: _Ctx) -> None:
    for s in ctx.sentences:
        if re.search(r"\breserves?\b", s.norm, I) and re.search(
                r"\b(?:fiat|cash|deposits?|bank|treasur\w+|bonds?|commercial paper)\b", s.norm, I):
            sc.reserve_composition = _fact(s.norm, s)
            break
    for s in ctx.sentences:
        if re.search(r"\breserve", s.norm, I):
            pct = parse_percent(s.norm)
            if pct is not None and pct >= 50:
                sc.reserve_coverage_pct = _fact(pct, s)
                break
    for s in ctx.sentences:
        m = _ATTEST.search(s.norm)
        if not m or _HYPOTHETICAL.search(s.norm):
            continue
        firm = _AUDIT_FIRM.search(s.norm) or _ATTEST_FIRM.search(s.norm)
        if firm and not sc.attestation_firm.stated:
            sc.attestation_firm = _fact(firm.group(1).strip(), s)
        freq = _FREQUENCY.search(s.norm)
        if (freq and not sc.attestation_frequency.stated
                and re.search(r"\breserve|\bbank|\bbalance", s.norm, I)):
            sc.attestation_frequency = _fact(freq.group(0).lower(), s)
    hit = _first(ctx, _LICENCE, where=re.compile(r"\b(?:we|issuer|members?|company|limited|ltd)\b", I))
    if hit:
        sc.issuer_licence = _fact(hit[0].norm, hit[0])


# ------------------------------------------------------------------ disclosure

_ENTITY = re.compile(
    r"\b((?:[A-Z][A-Za-z0-9&'-]+ ){1,4}(?:Foundation|AG|GmbH|Ltd\.?|Limited|Inc\.?|LLC|Pte\.? Ltd\.?|"
    r"S\.A\.|SEZC|Stiftung|Corporation|Corp\.?|OÜ|B\.V\.|SA|S\.à r\.l\.|Company(?!\s+[A-Z][a-z])))(?![\w])")
_ENTITY_CONTEXT = re.compile(
    r"\b(?:incorporated|registered|established|organi[sz]ed|founded|headquartered|based|domiciled|"
    r"operat(?:es|ed) by|issued by|issuer|company|legal entity|non-?profit|token sale|contribut\w*|"
    r"governed by|(?:with its )?registered office|laws of|sells?|seller)\b", I)
_ENTITY_STRONG = re.compile(r"\b(?:incorporated|registered (?:in|under|office|with)|established (?:in|under)|"
                            r"organi[sz]ed under|domiciled|headquartered|laws of|issuing entity|"
                            r"jurisdiction of (?:issuance|incorporation))\b", I)
_NOT_ENTITY = re.compile(r"^(?:The|This|A|An|Our|All|Each|For|In|By|Of|And|See|Ethereum|Bitcoin|Linux|"
                         r"Apache|Mozilla|Wikimedia|Stellar|Python|Free Software)\b")
_JURISDICTIONS = (
    "Switzerland", "Swiss", "Singapore", "Gibraltar", "Cayman Islands", "British Virgin Islands",
    "Hong Kong", "Estonia", "Malta", "Liechtenstein", "Delaware", "United States", "Israel",
    "United Kingdom", "England and Wales", "Ireland", "Germany", "Poland", "Canada", "Cyprus",
    "Seychelles", "Panama", "Belize", "Bermuda", "Bahamas", "Isle of Man", "Jersey", "Guernsey",
    "Lithuania", "Slovenia", "Netherlands", "Luxembourg", "Japan", "Korea", "Australia", "Zug",
    "Curacao", "Curaçao", "Marshall Islands", "Mauritius", "Labuan", "Dubai", "UAE",
)
_JURIS = re.compile(r"\b(" + "|".join(re.escape(j) for j in _JURISDICTIONS) + r")\b")
_ADDRESS = re.compile(
    r"\b\d{1,4}[A-Za-z]?,? (?:[A-Z][\w'-]+ ){1,3}(?:Street|St\.|Road|Rd\.|Avenue|Ave\.|Boulevard|"
    r"Blvd\.|Lane|Drive|Square|Place|Way)\b[^.\n]{0,60}"
    r"|\b[A-Z][a-zäöü]+(?:strasse|straße|gasse|weg|platz) \d{1,4}[a-z]?,? (?:CH-)?\d{4,5} [A-Z][a-z]+")
_ROLE = re.compile(
    r"\b(?:CEO|CTO|COO|CFO|CMO|CIO|CSO|CPO|Chief [A-Z][a-z]+ (?:O\s?(?:ffi)?cer|Officer|Scientist|"
    r"Architect)|Co-?[Ff]ounder|Founder|President|Head of [A-Z]?[a-z]+|Lead [A-Z]?[a-z]+|"
    r"(?:Senior |Lead |Software |Blockchain |Full[- ]?Stack |Backend |Frontend |Front-end |"
    r"Back-end |Smart Contract |Solidity )?(?:Engineer|Developer)|Director|Advis[oe]r|"
    r"Managing Partner|Partner|Product Manager|Project Manager|Community Manager|Marketing Manager|"
    r"Designer|Researcher|Scientist|Architect|Chairman|Board Member|Mathematician|General Counsel|"
    r"(?:Tech|Marketing|Team|Product|Design|Community|Engineering|Research) Lead)\b")
_NAME = r"(?P<name>[A-Z][a-zà-ÿ'’-]+(?:\s+(?:[A-Z]\.|[A-Z][a-zà-ÿ'’-]+|van|von|de|der|da)){1,3})"
_PERSON_LINE = re.compile(r"^\s*" + _NAME + r"\s*(?:[,|/:(–—-]|\s)\s*(?P<role>.{2,80})$")
_NOT_NAME = re.compile(
    r"\b(?:The|Team|Our|Head|Chief|Token|Tokens|Network|Foundation|Blockchain|Project|Platform|"
    r"Company|Board|Advisors?|Advisory|Founders?|Management|Lead|Senior|Software|Engineer|Developer|"
    r"Director|Officer|Partner|Smart|Contract|Labs?|Inc|Ltd|Group|Capital|Ventures|Fund|Bank|"
    r"University|Institute|Crowdsale|Sale|Core|Key|Business|Development|Community|Marketing|"
    r"Product|Table|Figure|Section|Version|White|Paper|Whitepaper|Executive|Technology|Technical|"
    r"Operating|Financial|Investment|Analytics|Stack|Full|Creative|Designer|Research|Chairman|"
    r"Security|Analyst|Quality|Assurance|Manager|Operations|Strategy|Design|Support|Sales|Legal|"
    r"Data|Growth|Relations|Communications?|Content|Partnerships?|Marketplace|Exchange|Protocol|"
    r"Economics|Science|Mobile|Web|Game|Games|Gaming|Digital|Global)\b")
_ADVISOR_HEAD = re.compile(r"^\s*(?:\d+(?:\.\d+)*\.?\s*)?(?:our |the |key |strategic )?"
                           r"(?:advisors|advisers|advisory board|board of advisors)\b", I)
_TEAM_HEAD = re.compile(r"^\s*(?:\d+(?:\.\d+)*\.?\s*)?(?:[A-Za-z]+ )?(?:team|founders|management|"
                        r"leadership|core team|managers|key developers|developers)\s*$", I)
_RISK_HEAD = re.compile(
    r"^\s*(?:\d+(?:\.\d+)*\.?\s*)?(?:[A-Z]\.\s*)?(?:key |main |potential |important |general )?"
    r"(?:(?:risk factors|risks?)(?: and (?:uncertainties|disclaimers?|challenges|mitigations?|"
    r"limitations|warnings?|disclosures?))?|"
    r"risk disclosures?|risk warnings?|risks? associated with [\w ]{3,40}|"
    r"risks? (?:relating|related) to [\w ]{3,40})\s*:?\s*(?:\.{2,}\s*)?\d{0,3}\s*$", I)
_REGULATORY = re.compile(
    r"\b(?:(?:is|are|shall) not (?:intended to be |considered )?(?:a |an )?securit(?:y|ies)|"
    r"does not constitute (?:an? )?(?:offer|prospectus|solicitation|investment advice)|"
    r"not (?:been )?(?:registered|approved|reviewed) (?:with|by) (?:any|the)\b|"
    r"no regulatory authority|not a prospectus|securities (?:act|laws?)|regulatory (?:approval|status))", I)
_REGULATOR = re.compile(r"\b(?:SEC|FINMA|MAS|FCA|CFTC|FinCEN|ESMA|BaFin)\b")
_INLINE_PERSON = re.compile(_NAME + r"\s*,\s*(?P<role>[^,|]{2,40})")


def _line_people(lines: list[str], i: int) -> tuple[list[tuple[str, str]], int]:
    """People named on line ``i`` (with the line index their quote ends on).

    Three layouts: "Jane Doe, CEO" on one line; "Jane Doe" then "CEO" on the next;
    a by-line naming several people ("By A B, COO, X | C D, CEO, X").
    """
    folded = normalize(lines[i])
    if not 5 <= len(folded) <= 200:
        return [], i
    if len(folded) <= 90:
        person = _person(folded)
        if person:
            return [person], i
        name_only = re.fullmatch(_NAME, folded)
        if name_only and i + 1 < len(lines) and not _NOT_NAME.search(folded):
            nxt = normalize(lines[i + 1])
            role = _ROLE.search(nxt)
            if role and role.start() <= 3 and len(nxt) < 60:
                return [(name_only.group("name"), nxt)], i + 1
    inline = [(re.sub(r"^By\s+", "", m.group("name")), m.group("role").strip())
              for m in _INLINE_PERSON.finditer(folded)
              if not _NOT_NAME.search(m.group("name")) and _ROLE.match(m.group("role").strip())]
    return (inline, i) if len(inline) >= 2 else ([], i)


def _team(t: Tokenomics, ctx: _Ctx) -> None:
    """Named team members and advisors, each with the line(s) naming them."""
    seen: set[str] = set()
    for page in ctx.doc.pages:
        lines = page.text.split("\n")
        offsets = [0]
        for line in lines:
            offsets.append(offsets[-1] + len(line) + 1)
        section = None
        for i, line in enumerate(lines):
            folded = normalize(line)
            if _ADVISOR_HEAD.match(folded) and len(folded) < 40:
                section = "advisors"
                continue
            if _TEAM_HEAD.match(folded):
                section = "team"
                continue
            people, last = _line_people(lines, i)
            quote = page.text[offsets[i]: offsets[last] + len(lines[last])].strip()
            if quote_length(quote) > MAX_QUOTE:
                continue
            for name, role in people:
                if name in seen:
                    continue
                seen.add(name)
                entry = Person(name=name, role=role, evidence=Evidence(page=page.number, quote=quote))
                if re.search(r"\badvis[oe]r", role, I) or section == "advisors" or _elsewhere(role, ctx):
                    t.disclosure.advisors.append(entry)
                else:
                    t.disclosure.team.append(entry)
    for s in ctx.all_sentences:  # a list of names and titles can look like a table of contents
        if _HYPOTHETICAL.search(s.norm):
            continue
        for name, role in _prose_people(s, ctx):
            if name in seen:
                continue
            seen.add(name)
            entry = Person(name=name, role=role, evidence=s.evidence())
            if role and (re.search(r"\badvis[oe]r", role, I) or _elsewhere(role, ctx)):
                t.disclosure.advisors.append(entry)
            else:
                t.disclosure.team.append(entry)


_TEAM_INTRO = re.compile(
    r"\b(?:(?:protocol|network|project|platform|system|software|token|company|product|app|game)\s+"
    r"(?:was|is|has been|were|are)\s+(?:being\s+)?(?:built|developed|designed|created|founded|written|"
    r"led|maintained)\s+by"
    r"|(?:core|founding|management|leadership|our)?\s*(?:team|contributors|founders|developers|"
    r"team members)\s*(?:is|are|includes?|consists of|comprises|:)"
    r"|the team\s*:)\s*:?\s*", I)
_PROSE_PERSON = re.compile(  # "Jane Doe (research)", "Jane Doe, research;" or just "Jane Doe"
    _NAME.replace("\\s+", " ")
    + r"(?:\s*\((?P<role1>[^()]{2,40})\)"
    r"|\s*,\s*(?P<role2>[a-z][\w/-]*(?: (?:[a-z][\w/-]*|and|&)){0,4})(?=\s*(?:;|\.|$)))?")
_PROSE_TITLE = re.compile(r"\s*,\s*(?P<title>[A-Z][\w&/ -]{1,40}?)(?=\s*(?:;|\.|,|$))")  # ", Chief Executive Officer"
_PROSE_SEP = re.compile(r"\s*(?:,|;|&|\band\b)\s*(?:and\s+)?")
_ORG_WORD = re.compile(r"\s*(?:Ltd|Limited|GmbH|AG|Inc|LLC|LLP|Foundation|Labs?|Corp\w*|Company|S\.A)\b")


def _prose_people(s: Sentence, ctx: _Ctx) -> list[tuple[str, str | None]]:
    """People listed in running text: "built by A B (role), C D (role) and E F", "Core team: A B, research; ..."

    A list after an introduction ("was built by", "the core contributors are"), or,
    without one, a list of at least two "Name, Title" items whose titles are roles.
    """
    names = {w.lower() for n in ctx.names for w in n.split()}
    intro = _TEAM_INTRO.search(s.norm)
    pos = intro.end() if intro else 0
    people: list[tuple[str, str | None]] = []
    while True:
        m = _PROSE_PERSON.match(s.norm, pos)
        if not m or _NOT_NAME.search(m.group("name")) or _ORG_WORD.match(s.norm, m.end("name")):
            break
        if any(w.lower() in names for w in m.group("name").split()):
            break
        role, end = m.group("role1") or m.group("role2"), m.end()
        title = None if role else _PROSE_TITLE.match(s.norm, end)
        if title and _ROLE.match(title.group("title")):
            role, end = title.group("title"), title.end()
        if not intro and not (role and _ROLE.search(role)):
            break
        people.append((m.group("name"), role.strip() if role else None))
        sep = _PROSE_SEP.match(s.norm, end)
        if not sep:
            break
        pos = sep.end()
    return people if (intro and people) or len(people) >= 2 else []


def _elsewhere(role: str, ctx: _Ctx) -> bool:
    """A role held at another organisation ("Co-founder at Aragon"): an advisor, not the team."""
    m = re.search(r"\b(?:at|of)\s+(?P<org>[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*)*)", role)
    if not m or not _ROLE.search(role[: m.start()]):
        return False
    org = m.group("org").lower()
    return not any(n.lower().split()[0] in org for n in ctx.names if n)


def _person(line: str) -> tuple[str, str] | None:
    """(name, role) from a line such as "Jane Doe | Co-founder & CEO", or None."""
    m = _PERSON_LINE.match(line)
    if not m:
        return None
    name, rest = m.group("name"), m.group("role")
    if _NOT_NAME.search(name):
        return None
    role = _ROLE.search(rest)
    if not role:
        return None
    if role.start() > 4:  # "Jane Doe, Ethereum Developer": title words before the role word
        separated = line[m.end("name"):].lstrip()[:1] in (",", "|", "-", "–", "—")
        if not separated or not re.fullmatch(r"(?:(?:[A-Z][\w-]*|and|&)\s+){1,4}", rest[: role.start()]):
            return None
    pieces = re.split(r"\s+[-–—]\s+", re.split(r"[.;]\s|,\s(?=[a-z])", rest)[0])
    role_text = pieces[0]
    for piece in pieces[1:]:  # "Co-founder - Lead Developer", not "CEO - As our ..."
        if not (_ROLE.match(piece) and len(piece) < 40):
            break
        role_text += " - " + piece
    return name, role_text.strip(" ,|/:()–—-")[:80]


def _risk_section(doc: Document) -> Fact:
    """A heading line such as "Risk Factors", "RISKS:", "7. Risks and uncertainties"."""
    for page in doc.pages:
        for line in page.text.split("\n"):
            folded = normalize(line)
            if 3 < len(folded) < 70 and _RISK_HEAD.match(folded) and folded.lstrip("0123456789. ")[:1].isupper():
                return Fact(value=True, evidence=Evidence(page=page.number, quote=line.strip()))
    return Fact()


_ANONYMOUS = re.compile(
    r"\b(?:anonymous|pseudonymous) (?:team|founders?|developers?)\b"
    r"|\b(?:our |the )?(?:team|founders?|developers?)\b[^.]{0,80}\b(?:remain|stay|are|is)\s+"
    r"(?:fully |completely )?(?:anonymous|pseudonymous)\b", I)


_LOCATED = re.compile(r"\s*(?:\(|,\s*(?:a \w+ (?:registered|incorporated|based) in )?(?:the )?)"
                      r"(?:[A-Z][a-z]+,\s*)?(" + "|".join(re.escape(j) for j in _JURISDICTIONS) + r")\b")


def fill_disclosure(t: Tokenomics, ctx: _Ctx) -> None:
    """Legal entity, jurisdiction, address, team, advisors, risk section, regulatory note."""
    d = t.disclosure
    names = [n.lower() for n in ctx.names if len(n) >= 3]
    best: tuple[int, str, Sentence] | None = None
    located: tuple[str, Sentence] | None = None
    for s in ctx.sentences:
        for m in _ENTITY.finditer(s.norm):
            entity = re.sub(r"^(?:The|This|Our)\s+", "", m.group(1).strip())
            if _NOT_ENTITY.match(entity) or " " not in entity:
                continue
            where = _LOCATED.match(s.norm, m.end())  # "Solace Foundation (Singapore)"
            context = (2 if _ENTITY_STRONG.search(s.norm) or where
                       else 1 if _ENTITY_CONTEXT.search(s.norm) else 0)
            if entity != m.group(1).strip() and not context:
                continue  # "The Dai Foundation: a team of developers" names a body, not the issuer
            score = (2 if any(n.split()[0] in entity.lower() for n in names) else 0) + context
            if score >= 2 and (best is None or score > best[0]):
                best = (score, entity, s)
                located = (where.group(1), s) if where else None
    if best:
        d.legal_entity = _fact(best[1], best[2])
    if located:
        d.jurisdiction = _fact(*located)
    for s in ctx.sentences if not d.jurisdiction.stated else []:
        for m in _JURIS.finditer(s.norm):
            context = s.norm[max(0, m.start() - 60): m.start()]
            if _ENTITY_STRONG.search(context) or re.search(r"\bbased\W*$", context, I):
                d.jurisdiction = _fact(m.group(1), s)
                break
        if d.jurisdiction.stated:
            break
    for s in ctx.sentences:
        m = _ADDRESS.search(s.norm)
        if m:
            d.address = _fact(m.group(0).strip(" ,"), s)
            break
    _team(t, ctx)
    if len(d.team) >= 2:
        d.team_anonymous = Fact(value=False, evidence=d.team[0].evidence.model_copy())
    else:
        hit = _first(ctx, _ANONYMOUS)
        if hit:
            d.team_anonymous = _fact(True, hit[0])
    d.risk_section = _risk_section(ctx.doc)
    for s in ctx.sentences:
        m = _REGULATORY.search(s.norm) or _REGULATOR.search(s.norm)
        if m and not _HYPOTHETICAL.search(s.norm) and len(s.norm) > 40:
            d.regulatory_statement = _fact(s.norm, s)
            break


# ------------------------------------------------------------------ summary

_SUMMARY_VERB = re.compile(
    r"\b(?:is an?|are an?|aims to|intends to|enables?|allows?|provides?|"
    r"we (?:propose|present|introduce|"
    r"describe|are building|are developing)|will be|is designed|creates?|is building|is developing)\b", I)
_SUMMARY_BAD = re.compile(r"https?://|www\.|\[\d+\]|\bet al\b|table of contents|copyright|©|"
                          r"\bUniversity\b|∗|@|"
                          r"\bfigure\b|\bdisclaimer\b|\.{4,}", I)


_SUMMARY_NOT = re.compile(r"\b(?:offering|investors?|securities|promises?|guarantee|accredited|"
                          r"not an offer|co-?founder|CEO|CTO|was the|disclaimer|risks?)\b", I)


_WE_PRESENT = re.compile(r"\b(?:we (?:present|propose|introduce|describe)|this paper (?:presents|introduces|"
                         r"describes|proposes))\b", I)


def fill_summary(t: Tokenomics, ctx: _Ctx) -> None:
    """One to two verbatim sentences from the opening pages saying what the project does."""
    limit = min(5, max(2, ctx.doc.page_count // 5))
    names = [n.lower() for n in ctx.names if len(n) >= 3]
    scored: list[tuple[float, int, Sentence]] = []
    for i, s in enumerate(ctx.sentences):
        if s.page > limit:
            break
        words = s.norm.split()
        lowered = re.sub(r"^[●•▪■◦○\uf0b7-]\s*", "", s.norm.lower())  # a bullet before "X is a ..."
        opens = any(re.match(r"(?:the )?" + re.escape(n) + r"\b.{0,40}\b(?:is|are|aims|will be)\b", lowered)
                    for n in names)
        short_ok = opens or _WE_PRESENT.search(s.norm)  # "We present Tezos, a self-amending crypto-ledger."
        if (not (10 if not short_ok else 7) <= len(words) <= 50 or _SUMMARY_BAD.search(s.norm)
                or not s.norm.endswith(".")):
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
                and quote_length(page_text[s.start: nxt.start + len(nxt.text)]) <= MAX_QUOTE):
            span = page_text[s.start: nxt.start + len(nxt.text)]
            quote = Evidence(page=s.page, quote=span)
            text = normalize(span)
    t.summary = Fact(value=text, evidence=quote)


# ------------------------------------------------------------------ entry point


def fill_terms(t: Tokenomics, doc: Document) -> None:
    """Fill utility, controls, sale, stablecoin, disclosure and summary of ``t`` from ``doc``."""
    every = document_sentences(doc)
    sentences = [s for s in every if not _toc(s.norm)]
    own, names = _own_terms(t, sentences)
    ctx = _Ctx(doc=doc, sentences=sentences, all_sentences=every, own=own, names=names)
    fill_utility(t, ctx)
    fill_controls(t, ctx)
    fill_sale(t, ctx)
    fill_stablecoin(t, ctx)
    fill_disclosure(t, ctx)
    fill_summary(t, ctx)
