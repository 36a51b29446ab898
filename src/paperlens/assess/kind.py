"""What kind of paper this is, decided before grading: the rules and the key facts depend on it.

* ``stablecoin``: the paper describes a coin held to a peg (a stablecoin section was found);
* ``token_offering``: it sells its token (a sale section, an ICO/IEO/IDO launch, sale rows);
* ``governance_token``: the token's stated uses are governance (and staking, rewards) only;
* ``network_token``: a protocol or network paper with a native token;
* ``no_token``: no token economics described: no supply, allocation, sale or emission
  figure and no ticker was found in the text. Such a paper is not graded.

Each kind carries its reason and evidence. Kinds are read from the verified facts,
never from what the paper says about itself.
"""

from __future__ import annotations

from paperlens.schema import Evidence, Fact, Kind, Tokenomics

SALE_LAUNCHES = ("ico", "ieo", "ido", "private")
GOVERNANCE_USES = {"governance", "staking", "reward"}


def _ev(*facts: Fact) -> list[Evidence]:
    return [f.evidence for f in facts if f.stated and f.evidence is not None]


def classify(t: Tokenomics) -> Kind:
    """The kind of paper ``t`` (verified facts) describes, with its reason and evidence."""
    s, e = t.supply, t.emission
    if t.stablecoin is not None:
        sc = t.stablecoin
        return Kind(value="stablecoin", reason="the paper describes a coin held to a peg",
                    evidence=_ev(sc.mechanism, sc.peg, sc.redemption))
    economics = [f for f in (s.max_supply, s.total_supply, s.uncapped, e.type, e.schedule, e.annual_inflation_pct)
                 if f.stated]
    if not (economics or t.allocation or t.sale is not None or t.identity.symbol.stated):
        return Kind(value="no_token", reason="no token economics described: no supply, allocation, sale or "
                    "emission figure and no ticker found in the text")
    launch = t.identity.launch_style
    sale_rows = [r for r in t.allocation if r.category == "public_sale"]
    if t.sale is not None or launch.value in SALE_LAUNCHES or sale_rows:
        why = ("a token sale is described" if t.sale is not None else
               f"launched by {launch.value.upper()}" if launch.value in SALE_LAUNCHES else
               "the allocation has a sale row")
        evidence = _ev(launch) + [r.evidence for r in sale_rows[:1] if r.evidence]
        if t.sale is not None:
            evidence += _ev(t.sale.price, t.sale.hard_cap, t.sale.soft_cap, t.sale.dates)
        return Kind(value="token_offering", reason=why, evidence=evidence[:3])
    uses = {u.kind for u in t.utility.uses}
    if "governance" in uses and uses <= GOVERNANCE_USES:
        return Kind(value="governance_token", reason="the token's stated uses are governance only",
                    evidence=[u.evidence for u in t.utility.uses if u.evidence][:2])
    return Kind(value="network_token", reason="a protocol or network paper with a native token",
                evidence=(_ev(t.identity.symbol) + _ev(*economics))[:2])
