"""The paper's own ticker: the symbol it defines and then counts its tokens in.

Candidates come from the ways papers introduce a ticker (one pattern per line,
with the weight of what it proves) and from the units of token amounts ("1
billion GAT", "SAN tokens"); the symbol with the most weight wins, if it has at
least one defining mention or many uses. Currencies, standards and common
acronyms are never symbols.
"""

from __future__ import annotations

import re
from collections import Counter

from paperlens.schema import Evidence
from paperlens.extract.rules.text import EXAMPLE_TICKERS, NOT_TICKERS, View

_SYM = r"(?<![A-Za-z0-9])([A-Z][A-Za-z0-9]{1,5}|[A-Z]{2,6}|[a-z][A-Z]{2,5})(?![A-Za-z0-9])"
# (pattern, weight): how plainly the mention defines the ticker
PATTERNS: list[tuple[re.Pattern, float]] = [
    (re.compile(r"(?i:\b(?:ticker|symbol|token\s+code|abbreviation)\b)\s*(?:(?i:is|of|will\s+be)\s*)?[:\-–—=]?\s*"
                r"[\"“(]?\$?" + _SYM), 6),
    (re.compile(r"(?:缩写为|简称)\s*" + _SYM), 6),
    (re.compile(r"(?i:\btoken\s*[:\-–—]\s*)\$?([A-Z]{2,6})(?![A-Za-z0-9\-])"), 4),  # a fact sheet's "Token: ACM"
    (re.compile(r"(?:[Tt]oken|[Cc]oin|Crystal|Share|Dollar|Credit)s?\s*\(\s*[\"'“]?\$?" + _SYM + r"[\"'”]?\s*\)"), 4),
    (re.compile(r"\(\s*[\"'“]?" + _SYM + r"[\"'”]?\s*\)\s*(?:[Tt]okens?|[Cc]oins?)\b"), 3),
    (re.compile(_SYM + r",?\s+(?:is\s+)?the\s+(?:native\s+|utility\s+)?(?:coin|token|currency)\s+of\b"), 4),
    (re.compile(_SYM + r"(?:\s+tokens?)?(?:\s+is|\s+are|\s+will\s+be|,)\s+(?:an?|the)\s+(?:[\w'-]+\s+){0,3}?"
                r"(?:token|coin|stablecoin|cryptocurrency|currency)\b"), 4),
    (re.compile(r"\b(?:[Ii]ts|[Oo]ur|[Tt]he)\s+(?:native\s+|utility\s+|governance\s+|own\s+)?token,?\s+\(?" + _SYM), 4),
    # "The native token of Nova is NOVA"
    (re.compile(r"\b(?:native|utility|governance)\s+token\s+of\s+(?:the\s+)?(?:[\w-]+\s+){1,3}?is\s+(?:called\s+)?\$?"
                + _SYM), 4),
    (re.compile(r"\b[Tt]he\s+" + _SYM + r"\s+(?:token|coin)s?\b"), 3),
    (re.compile(r"(?i:\b(?:total|max(?:imum)?|circulating|initial|fixed)\s+supply\s+of\s+(?:the\s+)?)" + _SYM
                + r"\s+(?:is|will|tokens?|coins?)\b"), 4),
    (re.compile(_SYM + r"\s+[Tt]okens?\b"), 1),
    (re.compile(r"\d\s*(?:(?i:million|billion|thousand|mln\.?|bn))?\s+" + _SYM + r"(?!\s*[/-])"), 1),
]


# a title line that is a name and its ticker: "Acme Protocol (ACM)"
_TITLE_TICKER = re.compile(r"^[ \t]*[A-Z][\w.&'-]*(?:[ \t]+[A-Z][\w.&'-]*){0,3}[ \t]*\(\s*\$?" + _SYM + r"\s*\)"
                           r"(?:[ \t]+(?i:white[ \t]?paper|lite[ \t]?paper|light[ \t]?paper|yellow[ \t]?paper))?[ \t]*$",
                           re.MULTILINE)


def _ok(sym: str) -> bool:
    strong = sum(c.isupper() or c.isdigit() for c in sym)
    return (sym.upper() not in NOT_TICKERS and sym.upper() not in EXAMPLE_TICKERS and strong >= 2
            and not re.fullmatch(r"[IVXL]+", sym)
            and not (sym.endswith("s") and sym[:-1].isupper()))  # "CBTs": a plural


def name_words(views: list[View], title: str | None, furniture: set[str] = frozenset()) -> set[str]:
    """Words of the paper's title, first lines and running headers (``furniture``), upper-cased: the
    project's name, which is a ticker only where the paper says so ("CENTRE", "TRON", "BLOCKv" are names)."""
    head = " ".join([title or ""] + [v.s[:160] for v in views[:1]] + sorted(furniture))
    return {w.upper() for w in re.findall(r"[A-Za-z][A-Za-z0-9]+", head)}


def find_symbol(views: list[View], names: set[str] = frozenset()) -> tuple[str, Evidence] | None:
    """The ticker the paper defines for its own token, with the evidence of its first mention.

    ``names`` (see :func:`name_words`) need a defining mention ("ticker: X",
    "Name Token (X)") to count as the ticker.
    """
    scores: Counter[str] = Counter()
    strongest: dict[str, float] = {}  # the weight of each symbol's most defining mention
    for view in views:
        for pattern, weight in PATTERNS:
            for m in pattern.finditer(view.flat):
                i = next(k for k in range(1, (m.lastindex or 0) + 1) if m.group(k))
                sym = m.group(i)
                mixed = not sym.isupper() and not sym[1:].isdigit()
                if not _ok(sym) or (mixed and weight < 3 and not re.match(r"\s+Tokens?\b", view.flat[m.end(i):])):
                    continue  # a mixed-case word ("POMt") counts only where a ticker is defined
                scores[sym] += weight
                strongest[sym] = max(weight, strongest.get(sym, 0))
    for m in _TITLE_TICKER.finditer(views[0].s[:400] if views else ""):  # "Acme Protocol (ACM)" as the title
        if _ok(m.group(1)):
            scores[m.group(1)] += 4
            strongest[m.group(1)] = max(4, strongest.get(m.group(1), 0))
    text = " ".join(v.flat for v in views)
    ranked = []
    for sym, score in scores.items():
        if sym.upper() in names and strongest[sym] < 4:
            continue
        uses = len(re.findall(r"(?<![A-Za-z0-9])" + re.escape(sym) + r"(?![A-Za-z0-9])", text))  # "$ACM" too
        ranked.append((score + min(uses, 40) / 4, sym, uses))
    if not ranked:
        return None
    score, sym, uses = max(ranked)
    weight = strongest[sym]
    if (uses < 2 and weight < 6) or not (weight >= 3 and score >= 3.5 or score >= 6):
        return None
    for view in views:  # the evidence: its first mention
        m = re.search(r"(?<![A-Za-z0-9])" + re.escape(sym) + r"(?![A-Za-z0-9])", view.s)
        if m:
            return sym, view.evidence(m.start(), m.end())
    return None
