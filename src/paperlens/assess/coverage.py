"""The graded facts: which facts the grade depends on, and whether each was found and verified.

supply (max or total supply, or stated uncapped; an emission schedule where one is
stated), allocation rows (at least half of the rows' quotes verified), team vesting
(when a team row exists), utility,
sale caps (when there is a sale), issuer identity (legal entity, jurisdiction or
a named team member); for a stablecoin, its mechanism, backing (reserves or
collateral ratio) and redemption terms instead of utility. A stablecoin is not
expected to state a cap or an allocation table, nor a mined or fair-launched coin
an allocation table. Shared by ``grade`` (coverage, weighted by :data:`WEIGHTS`, and
the key facts of :func:`key_facts_missing`) and ``validate`` (UNVERIFIED_EVIDENCE).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from paperlens.assess.figures import has_schedule
from paperlens.schema import Evidence, Fact, Tokenomics



#: how much each graded fact weighs in coverage: the key facts of a paper's kind weigh most
WEIGHTS = {"supply": 3, "allocation": 3, "team_vesting": 3, "sale_caps": 3, "stablecoin_mechanism": 3,
           "stablecoin_backing": 3, "redemption": 3, "emission_schedule": 1, "utility": 1, "issuer": 1}


@dataclass
class GradedFact:
    """One graded fact: found in the paper, its evidence, and whether it is verified."""

    name: str
    found: bool
    evidence: list[Evidence] = field(default_factory=list)
    verified: bool = False

    @property
    def weight(self) -> int:
        return WEIGHTS.get(self.name, 1)


def key_facts_missing(detail: dict[str, bool], kind: str | None) -> list[str]:
    """The key facts of the paper's kind that were not found and verified: allocation and supply (or an
    emission schedule) for a token; mechanism and backing or redemption for a stablecoin."""
    if kind == "stablecoin" or "stablecoin_mechanism" in detail:
        missing = [] if detail.get("stablecoin_mechanism") else ["stablecoin mechanism"]
        if not (detail.get("stablecoin_backing") or detail.get("redemption")):
            missing.append("backing or redemption")
        return missing
    missing = [] if detail.get("allocation") else ["allocation"]
    if not (detail.get("supply") or detail.get("emission_schedule")):
        missing.append("supply")
    return missing


def _ok(ev: Evidence | None) -> bool:
    return ev is not None and ev.status == "verified"


def _facts_fact(name: str, facts: list[Fact]) -> GradedFact:
    stated = [f for f in facts if f.stated]
    evidence = [f.evidence for f in stated if f.evidence]
    return GradedFact(name, bool(stated), evidence, any(_ok(e) for e in evidence))


def graded_facts(t: Tokenomics) -> list[GradedFact]:
    """The facts the grade depends on, in a stable order; only those that apply to this paper."""
    out: list[GradedFact] = []
    # a stablecoin is issued against deposits or collateral: no cap or allocation table to expect
    issued_on_demand = t.stablecoin is not None
    if not issued_on_demand:
        out.append(_facts_fact("supply", [t.supply.max_supply, t.supply.total_supply, t.supply.uncapped]))
        if t.emission.schedule.stated or t.emission.annual_inflation_pct.stated:
            out.append(_facts_fact("emission_schedule", [t.emission.schedule, t.emission.annual_inflation_pct]))
    launch = t.identity.launch_style.value
    if t.allocation or not (issued_on_demand or launch in ("mining", "fair_launch")):
        rows = [r.evidence for r in t.allocation if r.evidence]
        verified = bool(rows) and sum(_ok(e) for e in rows) * 2 >= len(rows)
        out.append(GradedFact("allocation", bool(t.allocation), rows, verified))
    team = [r for r in t.allocation if r.category == "team"]
    if team:
        scheduled = [r for r in team if has_schedule(r.vesting)]
        ev = [r.vesting.evidence or r.evidence for r in scheduled]
        ev = [e for e in ev if e]
        out.append(GradedFact("team_vesting", bool(scheduled), ev, any(_ok(e) for e in ev)))
    if not issued_on_demand:  # a stablecoin's use is its peg
        uses = [u.evidence for u in t.utility.uses if u.evidence]
        out.append(GradedFact("utility", bool(t.utility.uses), uses, any(_ok(e) for e in uses)))
    if t.sale is not None:
        out.append(_facts_fact("sale_caps", [t.sale.soft_cap, t.sale.hard_cap]))
    d = t.disclosure
    issuer = _facts_fact("issuer", [d.legal_entity, d.jurisdiction])
    people = [p.evidence for p in d.team if p.evidence]
    issuer.found = issuer.found or bool(d.team)
    issuer.evidence += people
    issuer.verified = issuer.verified or any(_ok(e) for e in people)
    out.append(issuer)
    if t.stablecoin is not None:
        sc = t.stablecoin
        out.append(_facts_fact("stablecoin_mechanism", [sc.mechanism]))
        if sc.mechanism.value == "fiat_reserve":
            out.append(_facts_fact("stablecoin_backing", [sc.reserve_coverage_pct, sc.reserve_composition]))
        elif sc.mechanism.value == "crypto_collateral":
            out.append(_facts_fact("stablecoin_backing", [sc.min_collateral_ratio_pct, sc.liquidation_ratio_pct]))
        out.append(_facts_fact("redemption", [sc.redemption, sc.redemption_at_par]))
    return out
