"""What the text mentions, whether or not a value was extracted from it.

Extraction can miss a figure; a mention is much easier to see. A disclosure
finding ("the sale states no caps") may only fire where its absence is
established: the paper has the section, and the item is not mentioned in it.
Where the item is mentioned but no value was extracted, the gap is paperlens's,
not the paper's: it lowers coverage and the report points to the pages.

One pattern per line; each gives the pages (1-based) where it matches.
Backend-independent: computed from the document in the pipeline.
"""

from __future__ import annotations

import re

from paperlens.ingest.document import Document
from paperlens.schema import Mentions

_I = re.I
_TEAM = r"(?:team|founders?|founding|co-?founders?|employees?|management|staff|core\s+(?:dev\w*|contributors))"
_ADVISORS = r"(?:advis[oe]rs?|advisory|consultants?)"
_INVESTORS = r"(?:investors?|seed|private\s+(?:sale|round|placement)|pre-?sale|backers?|strategic|angels?|SAFT)"
_PLACES = (r"Switzerland|Swiss|Zug|Singapore|Gibraltar|Cayman|British Virgin Islands|BVI|Hong Kong|Estonia|Tallinn|"
           r"Malta|Liechtenstein|Delaware|United States|USA|Israel|United Kingdom|UK|England|London|Ireland|Germany|"
           r"Berlin|Poland|Canada|Cyprus|Seychelles|Panama|Belize|Bermuda|Bahamas|Isle of Man|Jersey|Guernsey|"
           r"Lithuania|Slovenia|Netherlands|Amsterdam|Luxembourg|Japan|Tokyo|Korea|Seoul|Australia|Sydney|Curacao|"
           r"Curaçao|Marshall Islands|Mauritius|Labuan|Dubai|UAE|China|Beijing|Shanghai|France|Paris|Lyon|Russia|"
           r"Moscow|New Zealand|Vancouver|Toronto|Austria|Vienna|Czech|Prague|Latvia|Riga|Bulgaria|Sofia|Romania|"
           r"Ukraine|Kiev|Kyiv|Finland|Sweden|Stockholm|Denmark|Norway|Spain|Italy|Portugal|Lisbon|Taiwan|Thailand|"
           r"Vietnam|Malaysia|Indonesia|Philippines|India|Brazil|Argentina|Mexico|Chile|South Africa|Nigeria|Kenya")
_LOCK = r"(?:vest\w*|lock\w*|cliff|frozen|freez\w*|escrow\w*|release[ds]?|unlock\w*|time[- ]?lock\w*)"

def _locked(holder: str, *others: str) -> re.Pattern:
    """A lock or vesting word in one sentence with ``holder``, no other holder named between them
    ("Investors 15% / Team tokens: 12-month cliff" is the team's cliff, not the investors')."""
    gap = r"(?:(?!\b(?:" + "|".join(others) + r")\b)[^.]){0,160}?"
    return re.compile(r"\b" + holder + r"\b" + gap + r"\b" + _LOCK + r"|\b" + _LOCK + r"\b" + gap + r"\b" + holder
                      + r"\b", _I)


PATTERNS: dict[str, re.Pattern] = {
    "sale_section": re.compile(r"\b(?:token\s+sale|crowd\s?sale|crowd\s?fund\w*|initial\s+coin\s+offering|\bICO\b|"
                               r"pre-?sale|public\s+sale|contribution\s+period|token\s+generation\s+event|"
                               r"token\s+swap|fundrais\w*)", _I),
    "tokenomics_section": re.compile(r"\btoken\s*(?:omics|\s+(?:distribution|allocation|economics|supply|model|"
                                     r"metrics|issuance))\b|\b(?:distribution|allocation)\s+of\s+(?:the\s+)?tokens\b|"
                                     r"\bgenesis\s+(?:allocation|distribution)\b|\btotal\s+supply\b", _I),
    "hard_cap": re.compile(r"\bhard[\s-]?caps?\b|\bmax(?:imum)?\s+(?:cap|raise|amount\s+raised|funding|contributions?)\b|"
                           r"\b(?:funding|fundraising|sale)\s+(?:goal|target)\b|\bcap\s+of\b|\bcapped\s+at\b", _I),
    "soft_cap": re.compile(r"\bsoft[\s-]?caps?\b|\bmin(?:imum)?\s+(?:cap|goal|raise|funding|target|threshold)\b|"
                           r"\bmin[\s-]?cap\b", _I),
    "refund": re.compile(r"\brefund\w*|\breturn(?:ed)?\s+(?:back\s+)?(?:to|of)\s+(?:the\s+|all\s+)?(?:contribut|"
                         r"participant|purchaser|buyer|investor|sender)\w*|\breimburs\w*|\bmoney\s+back\b|"
                         r"\b(?:retrieve|reclaim|withdraw)\w*\s+(?:their|the|your|all)\s+(?:contribution|funds|ether|"
                         r"ETH|money)|\bsent\s+back\b", _I),
    "use_of_funds": re.compile(r"\buse\s+of\s+(?:the\s+)?(?:funds|proceeds|contributions)\b|\busage\s+of\s+funds\b|"
                               r"\ballocation\s+of\s+(?:the\s+)?(?:funds|proceeds)\b|\b(?:funds|proceeds|contributions)\s+"
                               r"(?:raised\s+)?(?:will|shall)\s+be\s+(?:used|spent|allocated|distributed)\b|"
                               r"\bbudget\s+(?:allocation|breakdown|distribution|plan)\b|\bfunding\s+allocation\b", _I),
    "legal_entity": re.compile(r"\b[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){0,4}\s+(?:Ltd\.?|Limited|GmbH|AG|Inc\.?|LLC|"
                               r"S\.A\.|Pte\.?|OÜ|B\.V\.|SRL|S\.R\.L\.|Corp\.?|Corporation|Foundation|SEZC|"
                               r"Company)(?![\w-])|\b(?:company|registration|incorporation|registry|commercial\s+register)\s+"
                               r"(?:no\.?|number|code|#)", 0),
    "team_named": re.compile(r"\b[A-Z][a-z]+(?:\s+[A-Z]\.)?\s+[A-Z][a-z]+(?:-[A-Z][a-z]+)?\b[\s,–—-]{1,4}(?:CEO|CTO|"
                             r"COO|CFO|CMO|CIO|(?:Co-?)?[Ff]ounder|Chief\s+\w+\s+Officer|Head\s+of|Managing\s+Director|"
                             r"Lead\s+\w+|Director|President|Partner)\b|\b(?:CEO|CTO|COO|CFO|(?:Co-?)?[Ff]ounder)"
                             r"[\s,:–—-]{1,4}[A-Z][a-z]+(?:\s+[A-Z]\.)?\s+[A-Z][a-z]+\b", 0),
    "risk_section": re.compile(r"(?im)^[ \t]*(?:[\dIVX]+[.)]?\s*)?(?:\d+(?:\.\d+)*\s+)?(?:key\s+)?risks?"
                               r"(?:\s+(?:factors|and\s+\w+|disclosures?|summary|statement))?\s*:?\s*$|\brisk\s+factors\b"),
    "team_vesting": _locked(_TEAM, _ADVISORS, _INVESTORS),
    "advisors_vesting": _locked(_ADVISORS, _TEAM, _INVESTORS),
    "investors_vesting": _locked(_INVESTORS, _TEAM, _ADVISORS),
    "token_use": re.compile(r"\b(?:tokens?|coins?)\b[^.]{0,120}\b(?:used|use|pay|paid|spend|stake[ds]?|staking|vote|"
                            r"voting|governance|access|fees?|gas|reward\w*|burn\w*|collateral|discount\w*|"
                            r"medium\s+of\s+exchange|currency)\b|\b(?:pay|paid|fees?|stake|staking|vote|access)\b"
                            r"[^.]{0,60}\b(?:in|with|using)\s+(?:the\s+)?(?:[A-Z]{2,6}|tokens?|coins?|ether)\b", _I),
    "figures": re.compile(r"(?im)^[ \t]*(?:figure|fig\.?|chart|diagram|graph|exhibit)\s*\d+|\b(?:see|shown\s+in|"
                          r"illustrated\s+in|depicted\s+in)\s+(?:the\s+)?(?:chart|figure|diagram|graph|pie)\b|"
                          r"\bpie[\s-]?chart\b"),
    "supply_figure": re.compile(r"\b(?:total|max(?:imum)?|fixed|initial|genesis)\s+(?:token\s+|coin\s+)?"
                                r"(?:supply|amount|number|issuance)\b[^.]{0,60}\d|\d[\d,. ]{0,40}\s*(?:million|billion)?\s+"
                                r"(?:[A-Z]{2,6}\s+)?(?:tokens?|coins?)\s+(?:will\s+)?(?:ever\s+)?(?:be\s+)?"
                                r"(?:created|minted|issued|generated)\b", _I),
}


# a mention that denies the item states its absence: "no vesting", "without a lock-up"
_DENIED = re.compile(r"\b(?:no|not|without|never|nor|none)\b[^.]{0,15}$", _I)
_LOCK_WORD = re.compile(r"\b" + _LOCK, _I)


def _mentioned(pattern: re.Pattern, text: str) -> bool:
    """A match that is not denied: the word that names the item (a lock word, or the match's start)
    has no "no", "not", "without" just before it."""
    for m in pattern.finditer(text):
        lock = _LOCK_WORD.search(text, m.start(), m.end())
        at = lock.start() if lock else m.start()
        if not _DENIED.search(text[max(0, at - 30):at]):
            return True
    return False


# a place names the issuer's jurisdiction when an entity or registration word is near it
_PLACE = re.compile(r"\b(?:" + _PLACES + r")\b")
_ENTITY_WORDS = re.compile(r"\b(?:incorporated|registered|based|located|headquartered|domiciled|established|offices?|"
                           r"address|company|foundation|entity|Ltd|Limited|GmbH|AG|Pte|Inc|LLC)\b", _I)


def _jurisdiction(text: str) -> bool:
    return any(_ENTITY_WORDS.search(text, max(0, m.start() - 80), m.end() + 40) for m in _PLACE.finditer(text))


def scan(doc: Document) -> Mentions:
    """The pages on which each item is mentioned (see :data:`PATTERNS`), denials aside."""
    found: dict[str, list[int]] = {name: [] for name in [*PATTERNS, "jurisdiction"]}
    for page in doc.pages:
        for name, pattern in PATTERNS.items():
            if _mentioned(pattern, page.text):
                found[name].append(page.number)
        if _jurisdiction(page.text):
            found["jurisdiction"].append(page.number)
    return Mentions(**found)
