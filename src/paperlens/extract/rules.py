"""The ``rules`` backend: deterministic extraction with no network and no key.

Two halves, each filling part of the schema from the page text:
:mod:`.rules_supply` (identity, supply, emission, conflicts; the ticker in
:mod:`.symbol`, allocation rows in :mod:`.shares` and :mod:`.allocation`,
supply candidates in :mod:`.supply`, vesting in :mod:`.rules_vesting`) and
:mod:`.rules_terms` (utility, controls, summary; sale, stablecoin and
disclosure in :mod:`.rules_sale`, :mod:`.rules_stablecoin`,
:mod:`.rules_disclosure`).
"""

from __future__ import annotations

from ..ingest import Document
from ..schema import Tokenomics
from .rules_supply import fill_supply
from .rules_terms import fill_terms


def extract_rules(doc: Document) -> Tokenomics:
    """Extract every fact the rules can find, each with page and verbatim quote."""
    tokenomics = Tokenomics()
    fill_supply(tokenomics, doc)
    fill_terms(tokenomics, doc)
    return tokenomics
