"""The ``rules`` backend: deterministic extraction with no network and no key.

Two halves, each filling part of the schema from the page text:
:mod:`.economics` (identity, supply, emission, conflicts; the ticker in
:mod:`.symbol`, allocation rows in :mod:`.shares` and :mod:`.allocation`,
supply candidates in :mod:`.supply`, vesting in :mod:`.vesting`) and
:mod:`.terms` (utility, controls, summary; sale, stablecoin and
disclosure in :mod:`.sale`, :mod:`.stablecoin`,
:mod:`.disclosure`).
"""

from __future__ import annotations

from paperlens.ingest.document import Document
from paperlens.schema import Tokenomics
from paperlens.extract.rules.economics import fill_supply
from paperlens.extract.rules.terms import fill_terms
from paperlens.extract.rules.text import page_views


def extract_rules(doc: Document, warnings: list[str] | None = None) -> Tokenomics:
    """Extract every fact the rules can find, each with page and verbatim quote.

    A step that fails (a bug, a page the rules cannot read) is added to
    ``warnings``; its fields stay "not found" and the other steps go on.
    """
    tokenomics = Tokenomics()
    views = page_views(doc)  # the page views both halves read, built once
    fill_supply(tokenomics, doc, warnings, views)
    fill_terms(tokenomics, doc, warnings, views)
    return tokenomics
