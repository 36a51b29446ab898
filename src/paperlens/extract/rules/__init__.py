"""The ``rules`` backend: deterministic extraction with no network and no key.

Every section reads the same page views (:mod:`.text`, built once here) and
fills part of the schema; a section that fails costs only its own fields
(:func:`.base.run_step`). The sections, in the order they run (:data:`SECTIONS`):

===================  =================================================================
identity             :mod:`.economics` (the ticker in :mod:`.symbol`)
allocation           :mod:`.allocation` (share mentions :mod:`.shares`, labels :mod:`.holders`)
supply               :mod:`.economics` (candidates in :mod:`.supply`), with conflicts
circulating supply   :mod:`.economics`
emission             :mod:`.economics`
max supply           :mod:`.economics` (a paper's only total, when nothing in it issues more)
vesting              :mod:`.vesting` (when an allocation was found)
utility              :mod:`.terms`
controls             :mod:`.terms`
sale                 :mod:`.sale`
stablecoin           :mod:`.stablecoin`
disclosure           :mod:`.disclosure`
summary              :mod:`.terms`
===================  =================================================================

The first seven are the economics half (:func:`.economics.fill_supply`: the
symbol tells which counts are the token's, the allocation votes for the
supply), the last six the terms half (:data:`.terms.SECTIONS`, read from
sentences naming the project's own token).
"""

from __future__ import annotations

from paperlens.ingest.document import Document
from paperlens.schema import Tokenomics
from paperlens.extract.rules.economics import fill_supply
from paperlens.extract.rules.terms import fill_terms
from paperlens.extract.rules.text import page_views

SECTIONS = ("identity", "allocation", "supply", "circulating supply", "emission", "max supply", "vesting",
            "utility", "controls", "sale", "stablecoin", "disclosure", "summary")


def extract_rules(doc: Document, warnings: list[str] | None = None) -> Tokenomics:
    """Extract every fact the rules can find, each with page and verbatim quote.

    A step that fails (a bug, a page the rules cannot read) is added to
    ``warnings``; its fields stay "not found" and the other steps go on.
    """
    tokenomics = Tokenomics()
    views = page_views(doc)  # each page viewed once: every section reads these
    fill_supply(tokenomics, doc, warnings, views)  # identity ... vesting
    fill_terms(tokenomics, doc, warnings, views)  # utility ... summary
    return tokenomics
