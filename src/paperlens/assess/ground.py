"""Stage 4, ground: check every quote against the page text it claims to come from.

Each :class:`~paperlens.schema.Evidence` gets a status:

* ``verified``: the quote is in the PDF and the extracted value appears in it;
* ``value_not_in_quote``: the quote is in the PDF but the value is not in it;
* ``quote_not_found``: the quote is nowhere in the PDF;
* ``quarantined``: the quote is in the PDF only inside a passage addressed to
  an AI (:mod:`paperlens.assess.quarantine`): nothing is taken from it.

Quotes are located exactly first, then tolerant of whitespace, hyphenation,
quotes/dashes and case, in the page text or in a table page's layout text. A quote found on another page than the one claimed
is kept, with its page corrected. Nothing is trusted silently: validators
and the grade read these statuses.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pydantic import BaseModel

from paperlens.ingest.document import Document, normalize
from paperlens.numbers import (STEP_ADVERBS, UNIT_MONTHS, equal_steps, find_months, find_numbers, fractions_as_percents,
                               same_value, value_in_text)
from paperlens.assess.quarantine import Quarantine
from paperlens.schema import AllocationRow, Evidence, Fact, Money, ProceedsRow, Tokenomics, Vesting

# Free-text facts whose value is a description, not a figure to find verbatim.
_DESCRIPTIVE = {
    "summary", "schedule", "burn", "mint_authority", "staking", "governance", "consensus",
    "refund", "dates", "bonus_tiers", "reserve_composition", "redemption",
    "regulatory_statement", "excluded_jurisdictions", "attestation_frequency",
    "launch_style", "type", "mechanism", "peg", "chain", "standard", "address",
}
_ALNUM = re.compile(r"[^0-9a-z]+")
#: statuses of evidence that is not trusted: taken out by :func:`trusted`, reported by UNVERIFIED_EVIDENCE
BAD_STATUSES = ("quote_not_found", "value_not_in_quote", "quarantined")
# how papers write a 100 % reserve without the number
FULL_RESERVE_WORDS = ("one-to-one", "1:1", "one for one", "fully backed", "fully reserved",
                      "fully collateralized", "fully collateralised")


class Months(float):
    """A duration in months: it may be written in days, months or years."""


def _loose(text: str) -> str:
    return _ALNUM.sub("", normalize(text).casefold())


class _Locator:
    """Finds quotes in a document, with per-page folded text computed once."""

    def __init__(self, doc: Document):
        self.doc = doc
        self._folded = [p.norm.casefold() for p in doc.pages]
        self._loose = [_loose(p.text) for p in doc.pages]
        # a table page's layout text (its rows kept on one line) is the same text in another order
        self._layout = [normalize(p.layout).casefold() if p.layout else "" for p in doc.pages]

    def page_of(self, quote: str, page: int) -> int | None:
        """The page holding ``quote``: the claimed one first, then any other."""
        order = [page] + [p.number for p in self.doc.pages if p.number != page]
        folded_q = normalize(quote).casefold()
        loose_q = _loose(quote)
        if not loose_q:
            return None
        for number in order:
            p = self.doc.page(number)
            if p is None:
                continue
            i = number - 1
            if (quote in p.text or folded_q in self._folded[i] or loose_q in self._loose[i]
                    or folded_q in self._layout[i]):
                return number
        return None


def value_checks(obj: BaseModel, name: str = "") -> Iterator[tuple[Evidence, list]]:
    """Yield (evidence, values that must appear in its quote) for every evidence.

    A value may be a tuple of equivalent writings, any of which will do.
    """
    if isinstance(obj, Fact):
        if obj.evidence is not None:
            value = obj.value
            if name == "reserve_coverage_pct" and value == 100:
                values = [(100.0, *FULL_RESERVE_WORDS)]
            elif isinstance(value, Money) and name == "price" and value.amount > 0:
                # a price is often written as an exchange rate: "1 ETH = 1,000 GNT"
                values = [(value.amount, 1 / value.amount)]
            elif isinstance(value, Money):
                values = [value.amount]
            elif isinstance(value, bool) or value is None or name in _DESCRIPTIVE:
                values = []
            elif isinstance(value, list):
                values = [v for v in value if isinstance(v, str)]
            else:
                values = [value]
            yield obj.evidence, values
        return
    evidence = getattr(obj, "evidence", None)
    if isinstance(evidence, Evidence):
        values: list = []
        if isinstance(obj, (AllocationRow, ProceedsRow)):
            values = [v for v in (obj.percent, getattr(obj, "amount", None)) if v is not None]
        elif isinstance(obj, Vesting):
            # zero and 100 % are often implicit ("no cliff", "fully unlocked at TGE")
            if obj.tge_unlock_pct is not None and 0 < obj.tge_unlock_pct < 100:
                values.append(obj.tge_unlock_pct)
            values += [Months(m) for m in (obj.cliff_months, obj.vesting_months) if m]
        yield evidence, values
    for field_name in type(obj).model_fields:
        if field_name == "evidence":
            continue
        child = getattr(obj, field_name)
        children = child if isinstance(child, list) else [child]
        for item in children:
            if isinstance(item, BaseModel) and not isinstance(item, (Evidence, Money)):
                yield from value_checks(item, field_name)


def appears(value, quote: str) -> bool:
    """A value, or any of a tuple of equivalent values, appears in the quote."""
    if isinstance(value, tuple):
        return any(value_in_text(v, quote) for v in value)
    if isinstance(value, Months):
        # stated directly, or as a total less the cliff ("24 months in all, 6-month cliff")
        durations = find_months(quote)
        candidates = durations + [a - b for a in durations for b in durations if a > b]
        return (any(same_value(d, value) for d in candidates)
                or any(same_value(d, value) for d in _stepped(quote, durations)))
    return value_in_text(value, quote) or value_in_text(value, fractions_as_percents(quote))


def _stepped(quote: str, durations: list[float]) -> list[float]:
    """Durations of releases by equal steps the quote states: "25% every 6 months" is 24 months, "10% at TGE,
    then 30% each quarter" 9 (the share released at the start, if any, comes off the whole)."""
    said = re.findall(r"\b(?:per|every|each|a)\s+(month|quarter|year)\b|\b(" + "|".join(STEP_ADVERBS) + r")\b",
                      quote, re.I)
    steps = durations + [UNIT_MONTHS[unit.lower()] if unit else STEP_ADVERBS[adverb.lower()] for unit, adverb in said]
    shares = [n.value for n in find_numbers(fractions_as_percents(quote)) if n.percent and 0 < n.value < 100]
    counts = {equal_steps(share, start) for share in shares for start in [0.0, *shares]} - {None}
    # the whole release, or what follows its first step (a cliff)
    return [step * k for step in steps for count in counts for k in (count, count - 1)]


def iter_evidence(model: BaseModel) -> Iterator[Evidence]:
    """Every evidence inside ``model`` (a Tokenomics or any part of it)."""
    for evidence, _ in value_checks(model):
        yield evidence


def check_evidence(evidence: Evidence, values: list, locator: _Locator,
                   quarantined: _Locator | None = None) -> None:
    """Set ``evidence.status`` (and correct its page when found elsewhere).

    ``locator`` reads the text outside quarantined passages; ``quarantined``, when
    given, the whole text: a quote found only there is ``quarantined``.
    """
    page = locator.page_of(evidence.quote, evidence.page)
    if page is None:
        page = quarantined.page_of(evidence.quote, evidence.page) if quarantined else None
        if page is None:
            evidence.status = "quote_not_found"
        else:
            evidence.page, evidence.status = page, "quarantined"
        return
    evidence.page = page
    if all(appears(v, evidence.quote) for v in values):
        evidence.status = "verified"
    else:
        evidence.status = "value_not_in_quote"


def _bad(evidence: Evidence | None) -> bool:
    return evidence is not None and evidence.status in BAD_STATUSES


def _drop_unverified(obj: BaseModel) -> None:
    for name in type(obj).model_fields:
        child = getattr(obj, name)
        if isinstance(child, Fact):
            if _bad(child.evidence):
                setattr(obj, name, Fact())
        elif isinstance(child, list):
            kept = [x for x in child if not _bad(getattr(x, "evidence", None))]
            for item in kept:
                if isinstance(item, BaseModel):
                    _drop_unverified(item)
            setattr(obj, name, kept)
        elif isinstance(child, BaseModel) and not isinstance(child, (Evidence, Money)):
            if _bad(getattr(child, "evidence", None)):
                setattr(obj, name, None)
            else:
                _drop_unverified(child)


def trusted(tokenomics: Tokenomics) -> Tokenomics:
    """A copy holding only what grounding did not reject.

    Facts, rows and list items whose quote was not found, whose value is not
    in their quote, or whose quote lies in a quarantined passage are taken out
    (and so count as not stated), so that a fabricated or injected figure can
    never clear or soften a finding. Run after :func:`ground`.
    """
    copy = tokenomics.model_copy(deep=True)
    _drop_unverified(copy)
    return copy


_REST = re.compile(r"\b(?:rest|remainder|remaining|balance)\b", re.I)


def _complements(t: Tokenomics) -> None:
    """A row stated as "the rest" holds what the other rows leave (of 100%, or of a verified supply):
    its figure is verified by the others."""
    rows = t.allocation
    supply = next((f.value for f in (t.supply.total_supply, t.supply.max_supply)
                   if f.value and f.evidence is not None and f.evidence.status == "verified"), None)
    for row in rows:
        ev = row.evidence
        others = [r for r in rows if r is not row]
        if (ev is None or ev.status != "value_not_in_quote" or not _REST.search(ev.quote) or not others
                or not all(r.evidence is not None and r.evidence.status == "verified" for r in others)):
            continue
        if row.percent is not None and None not in (r.percent for r in others):
            left = 100 - sum(r.percent for r in others)
            ok = abs(left - row.percent) < 0.01
        elif row.amount is not None and supply and None not in (r.amount for r in others):
            ok = abs(supply - sum(r.amount for r in others) - row.amount) < 1e-6 * supply
        else:
            ok = False
        if ok:
            ev.status = "verified"


def ground(tokenomics: BaseModel, doc: Document, quarantine: Quarantine | None = None) -> dict[str, int]:
    """Check every evidence in ``tokenomics`` against ``doc``; return counts by status.

    With a ``quarantine`` (of ``doc``), quotes are looked for outside its passages
    first; one found only inside a passage gets the status ``quarantined``.
    """
    if quarantine:
        locator, whole = _Locator(quarantine.document), _Locator(doc)
    else:
        locator, whole = _Locator(doc), None
    for evidence, values in value_checks(tokenomics):
        check_evidence(evidence, values, locator, whole)
    if isinstance(tokenomics, Tokenomics):
        _complements(tokenomics)
    counts: dict[str, int] = {}
    for evidence in iter_evidence(tokenomics):
        counts[evidence.status] = counts.get(evidence.status, 0) + 1
    return counts
