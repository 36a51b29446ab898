"""Stage validate: deterministic due-diligence rules over the extracted tokenomics.

Each rule is a small function registered with its code and pillar. It reads the
facts (and the language hits), the figures (:mod:`.figures`) and its policy settings, and
returns findings: a design risk ("risk") when the stated design crosses a
threshold, a disclosure gap ("undisclosed") when something that should be
stated is not. A rule that needs facts the paper does not state never fires as
a risk. Messages describe disclosure gaps and design risks, never fraud.
"""

from __future__ import annotations

import operator
import re
from dataclasses import dataclass, field
from typing import Callable, Iterable

from .coverage import graded_facts
from .ground import BAD_STATUSES, trusted
from .figures import compute, has_schedule, lock_months, row_pct, supply_base, team_vesting_rows
from .policy import Policy, RulePolicy
from .schema import (
    INSIDER_CATEGORIES,
    AllocationRow,
    Evidence,
    Fact,
    Figures,
    Finding,
    LanguageHit,
    Mentions,
    Tokenomics,
)

_OPS = {">": operator.gt, ">=": operator.ge, "<": operator.lt, "<=": operator.le}
_ORDER = ("red_line", "high", "warn", "info")


@dataclass
class Ctx:
    """What a rule sees: the verified facts, language hits, the figures and its own settings."""

    t: Tokenomics
    language: list[LanguageHit]
    figures: Figures
    rule: RulePolicy
    code: str
    pillar: str
    mentions: Mentions = field(default_factory=Mentions)

    def mentioned(self, item: str) -> list[int]:
        """Pages where the text mentions ``item`` (:class:`~paperlens.schema.Mentions`): its absence is
        then not established, and a disclosure finding about it does not fire."""
        return getattr(self.mentions, item)

    def hits(self, *kinds: str) -> list[LanguageHit]:
        return [h for h in self.language if h.kind in kinds]

    def finding(
        self,
        severity: str,
        message: str,
        *,
        kind: str = "risk",
        figures: dict | None = None,
        threshold: str | None = None,
        evidence: Iterable[Evidence | None] = (),
    ) -> Finding:
        """A finding of this rule; the policy's ``severity`` wins over the rule's own."""
        return Finding(
            code=self.code,
            pillar=self.pillar,
            severity=self.rule.severity or severity,
            message=message,
            kind=kind,
            figures={k: (round(v, 2) if isinstance(v, float) else v) for k, v in (figures or {}).items()},
            threshold=threshold,
            basis=self.rule.basis,
            source=self.rule.source,
            evidence=_dedupe(evidence),
        )

    def tier(self, value: float, ops: dict[str, str]) -> tuple[str, str] | None:
        """The worst severity whose threshold ``value`` crosses, and the threshold text.

        ``ops`` maps severity to comparison, e.g. ``{"high": ">", "warn": ">"}``; a
        severity the policy adds (say ``red_line = 45``) takes the mildest one's
        comparison; a severity the policy gives no number for is skipped.
        """
        ops = _with_policy_levels(self.rule, ops)
        text = _tier_text(self.rule, ops)
        for sev in _ORDER:
            op = ops.get(sev)
            limit = self.rule.get(sev)
            if op is None or limit is None or isinstance(limit, bool):
                continue
            if _OPS[op](value, limit):
                return sev, text
        return None


def _with_policy_levels(rule: RulePolicy, ops: dict[str, str]) -> dict[str, str]:
    mildest = next(ops[s] for s in reversed(_ORDER) if s in ops)
    extra = {s: mildest for s in _ORDER if s not in ops and isinstance(rule.get(s), (int, float))}
    return {**ops, **extra}


def _tier_text(rule: RulePolicy, ops: dict[str, str]) -> str:
    parts = [
        f"{ops[s]} {_n(rule.get(s))} {s}" for s in reversed(_ORDER) if s in ops and rule.get(s) is not None
    ]
    return ", ".join(parts)


def _n(x: float | None) -> str:
    """A number for a message: no trailing zeros, thousands separated."""
    if x is None:
        return "?"
    x = round(float(x), 2)
    return f"{x:,.0f}" if x == int(x) else f"{x:,.2f}".rstrip("0").rstrip(".")


def _dedupe(evidence: Iterable[Evidence | None]) -> list[Evidence]:
    seen, out = set(), []
    for ev in evidence:
        if ev is None:
            continue
        key = (ev.page, ev.quote)
        if key not in seen:
            seen.add(key)
            out.append(ev)
    return out


def _row_ev(rows: Iterable[AllocationRow]) -> list[Evidence | None]:
    out: list[Evidence | None] = []
    for r in rows:
        out.append(r.evidence)
        if r.vesting is not None:
            out.append(r.vesting.evidence)
    return out


def _facts_ev(*facts: Fact) -> list[Evidence | None]:
    return [f.evidence for f in facts if f.stated]


def _rows_text(rows: Iterable[AllocationRow], base: float | None) -> str:
    parts = []
    for r in rows:
        share = row_pct(r, base)
        parts.append(f"{r.label} ({_n(share)}%)" if share is not None else r.label)
    return ", ".join(parts)


RuleFn = Callable[[Ctx], list[Finding]]
RULES: dict[str, tuple[str, RuleFn]] = {}


def rule(code: str, pillar: str) -> Callable[[RuleFn], RuleFn]:
    """Register a rule function under ``code`` in ``pillar``."""

    def register(fn: RuleFn) -> RuleFn:
        RULES[code] = (pillar, fn)
        return fn

    return register


# ---------------------------------------------------------------- integrity


@rule("ALLOC_SUM", "integrity")
def alloc_sum(c: Ctx) -> list[Finding]:
    rows, t = c.t.allocation, c.t
    if len(rows) < 2:
        return []
    tol = float(c.rule.get("tolerance", 0.5))
    base = supply_base(t)
    problems, figures = [], {}
    shares = [row_pct(r, base) for r in rows]
    if all(s is not None for s in shares):
        total = sum(shares)
        if abs(total - 100) > tol:
            problems.append(f"the allocation percentages add up to {_n(total)}%, not 100%")
            figures["allocation_sum_pct"] = total
    amounts = [r.amount for r in rows]
    supplies = [f.value for f in (t.supply.total_supply, t.supply.max_supply) if f.value]
    if all(a is not None for a in amounts) and supplies:
        total_amount = sum(amounts)
        if all(abs(total_amount - s) / s * 100 > tol for s in supplies):
            problems.append(
                f"the allocated amounts add up to {_n(total_amount)} tokens, "
                f"not the stated supply of {_n(supplies[0])}"
            )
            figures["allocated_amount"] = total_amount
            figures["stated_supply"] = supplies[0]
    if not problems:
        return []
    return [
        c.finding(
            "warn",
            "; ".join(problems).capitalize() + ".",
            figures=figures,
            threshold=f"off by more than {_n(tol)} points",
            evidence=_row_ev(rows) + _facts_ev(t.supply.total_supply, t.supply.max_supply),
        )
    ]


@rule("SUPPLY_ORDER", "integrity")
def supply_order(c: Ctx) -> list[Finding]:
    s = c.t.supply
    circ, total, cap = s.initial_circulating.value, s.total_supply.value, s.max_supply.value
    problems, ev = [], []
    if circ is not None and total is not None and circ > total * (1 + 1e-9):
        problems.append(f"circulating supply at TGE ({_n(circ)}) exceeds total supply ({_n(total)})")
        ev += _facts_ev(s.initial_circulating, s.total_supply)
    if total is not None and cap is not None and total > cap * (1 + 1e-9):
        problems.append(f"total supply ({_n(total)}) exceeds maximum supply ({_n(cap)})")
        ev += _facts_ev(s.total_supply, s.max_supply)
    if circ is not None and total is None and cap is not None and circ > cap * (1 + 1e-9):
        problems.append(f"circulating supply at TGE ({_n(circ)}) exceeds maximum supply ({_n(cap)})")
        ev += _facts_ev(s.initial_circulating, s.max_supply)
    pct = s.initial_circulating_pct.value
    if pct is not None and pct > 100:
        problems.append(f"circulating supply at TGE is stated as {_n(pct)}% of total")
        ev += _facts_ev(s.initial_circulating_pct)
    if not problems:
        return []
    return [
        c.finding(
            "high",
            "Supply figures contradict each other: " + "; ".join(problems) + ".",
            figures={"initial_circulating": circ, "total_supply": total, "max_supply": cap},
            threshold="circulating <= total <= max",
            evidence=ev,
        )
    ]


@rule("SUPPLY_CONFLICT", "integrity")
def supply_conflict(c: Ctx) -> list[Finding]:
    out = []
    for conflict in c.t.conflicts:
        if not conflict.field.startswith("supply."):
            continue
        values = sorted({round(v.value, 6) for v in conflict.values if v.value is not None})
        if len(values) < 2:
            continue
        name = conflict.field.split(".", 1)[1].replace("_", " ")
        out.append(
            c.finding(
                "warn",
                f"The paper states {len(values)} different values for {name}: "
                + ", ".join(_n(v) for v in values) + ".",
                figures={"field": conflict.field, "values": ", ".join(_n(v) for v in values)},
                threshold="any difference",
                evidence=[v.evidence for v in conflict.values],
            )
        )
    return out


@rule("VESTING_OVER", "integrity")
def vesting_over(c: Ctx) -> list[Finding]:
    problems, rows = [], []
    for r in c.t.allocation:
        v = r.vesting
        if v is None:
            continue
        issue = None
        if v.tge_unlock_pct is not None and not 0 <= v.tge_unlock_pct <= 100:
            issue = f"{r.label}: {_n(v.tge_unlock_pct)}% unlocked at TGE"
        elif any(m is not None and m < 0 for m in (v.cliff_months, v.vesting_months)):
            issue = f"{r.label}: negative cliff or vesting period"
        elif v.tge_unlock_pct == 100 and ((v.cliff_months or 0) > 0 or (v.vesting_months or 0) > 0):
            issue = (
                f"{r.label}: 100% unlocked at TGE yet a cliff or vesting of "
                f"{_n((v.cliff_months or 0) + (v.vesting_months or 0))} months is stated"
            )
        if issue:
            problems.append(issue)
            rows.append(r)
    if not problems:
        return []
    return [
        c.finding(
            "warn",
            "Vesting schedules do not add up: " + "; ".join(problems) + ".",
            figures={"rows": len(rows)},
            threshold="TGE unlock + vested share <= 100%",
            evidence=_row_ev(rows),
        )
    ]


# ---------------------------------------------------------------- distribution


def _share_rule(c: Ctx, key: str, categories: tuple[str, ...], who: str, ops: dict[str, str]) -> list[Finding]:
    value = getattr(c.figures, key)
    if value is None:
        return []
    hit = c.tier(value, ops)
    if hit is None:
        return []
    severity, threshold = hit
    rows = [r for r in c.t.allocation if r.category in categories]
    limit = c.rule.get(severity)
    word = "above" if next(iter(ops.values())).startswith(">") else "below"
    return [
        c.finding(
            severity,
            f"{who} {_n(value)}% of the supply ({word} {_n(limit)}%).",
            figures={key: value},
            threshold=threshold,
            evidence=_row_ev(rows) if rows else _row_ev(c.t.allocation),
        )
    ]


@rule("TEAM_HEAVY", "distribution")
def team_heavy(c: Ctx) -> list[Finding]:
    return _share_rule(c, "team_pct", ("team",), "The team holds", {"high": ">", "warn": ">"})


@rule("INSIDER_HEAVY", "distribution")
def insider_heavy(c: Ctx) -> list[Finding]:
    return _share_rule(
        c, "insider_pct", INSIDER_CATEGORIES,
        "Insiders (team, advisors, private investors) hold", {"high": ">", "warn": ">"},
    )


@rule("COMMUNITY_THIN", "distribution")
def community_thin(c: Ctx) -> list[Finding]:
    total = c.figures.allocation_sum_pct
    if total is None or total < 90:  # an incomplete table says nothing about what is missing
        return []
    if c.rule.get("include_public_sale", False):
        key, categories, who = "community_and_public_pct", ("community", "public_sale"), "Community and public sale get"
    else:
        key, categories, who = "community_pct", ("community",), "The community bucket gets"
    return _share_rule(c, key, categories, who, {"warn": "<"})


_SINGLE = re.compile(r"\b(wallet|founder|ceo|owner|creator|deployer|dev|0x[0-9a-f]{6,})\b", re.I)


@rule("SINGLE_HOLDER", "distribution")
def single_holder(c: Ctx) -> list[Finding]:
    base = supply_base(c.t)
    out = []
    for r in c.t.allocation:
        share = row_pct(r, base)
        v = r.vesting
        liquid = v is not None and has_schedule(v) and lock_months(v) == 0
        if share is None or not liquid or not _SINGLE.search(r.label):
            continue
        hit = c.tier(share, {"warn": ">="})
        if hit:
            out.append(
                c.finding(
                    hit[0],
                    f"A single named holder, {r.label}, gets {_n(share)}% of the supply unlocked.",
                    figures={"holder_pct": share, "holder": r.label},
                    threshold=hit[1],
                    evidence=_row_ev([r]),
                )
            )
    return out


# ---------------------------------------------------------------- vesting


@rule("NO_INSIDER_VESTING", "vesting")
def no_insider_vesting(c: Ctx) -> list[Finding]:
    def locked_nearby(r: AllocationRow) -> bool:  # the text near the row speaks of locking its holders' tokens
        pages = c.mentioned({"team": "team_vesting", "advisors": "advisors_vesting"}.get(r.category,
                                                                                         "investors_vesting"))
        return r.evidence is not None and any(abs(p - r.evidence.page) <= 2 for p in pages)

    rows = [r for r in c.t.allocation if r.category in INSIDER_CATEGORIES and not has_schedule(r.vesting)]
    tbd = [r for r in rows if r.vesting is not None and r.vesting.tbd]
    rows = [r for r in rows if r in tbd or not locked_nearby(r)]  # not extracted is not "not stated"
    if not rows:
        return []
    note = " (release stated as TBD)" if tbd else ""
    return [
        c.finding(
            "high",
            f"No vesting schedule found in the text for insider allocation(s): "
            f"{_rows_text(rows, supply_base(c.t))}{note}.",
            kind="undisclosed",
            figures={"rows_without_schedule": len(rows)},
            threshold="every team, advisor and investor row has a schedule",
            evidence=_row_ev(rows),
        )
    ]


@rule("TEAM_CLIFF_SHORT", "vesting")
def team_cliff_short(c: Ctx) -> list[Finding]:
    cliff = c.figures.team_cliff_months
    if cliff is None:
        return []
    hit = c.tier(cliff, {"high": "<=", "warn": "<"})
    if hit is None:
        return []
    rows = team_vesting_rows(c.t)
    what = "has no cliff" if cliff == 0 else f"has a cliff of only {_n(cliff)} months"
    return [
        c.finding(
            hit[0],
            f"The team allocation {what} (a one-year cliff is the norm).",
            figures={"team_cliff_months": cliff},
            threshold=hit[1] + " (months)",
            evidence=_row_ev(rows),
        )
    ]


@rule("TEAM_VEST_SHORT", "vesting")
def team_vest_short(c: Ctx) -> list[Finding]:
    months = c.figures.team_lock_months
    if months is None:
        return []
    hit = c.tier(months, {"high": "<", "warn": "<"})
    if hit is None:
        return []
    rows = team_vesting_rows(c.t)
    return [
        c.finding(
            hit[0],
            f"Team tokens are fully unlocked after {_n(months)} months (cliff plus vesting); "
            "3-4 years is the norm.",
            figures={"team_lock_months": months},
            threshold=hit[1] + " (months)",
            evidence=_row_ev(rows),
        )
    ]


@rule("INSIDER_TGE_UNLOCK", "vesting")
def insider_tge_unlock(c: Ctx) -> list[Finding]:
    pct = c.figures.insider_tge_unlock_pct
    if pct is None:
        return []
    hit = c.tier(pct, {"high": ">", "warn": ">"})
    if hit is None:
        return []
    rows = [
        r for r in c.t.allocation
        if r.category in ("team", "advisors") and r.vesting and (r.vesting.tge_unlock_pct or 0) > 0
    ]
    return [
        c.finding(
            hit[0],
            f"Up to {_n(pct)}% of team/advisor tokens are liquid at TGE "
            f"({', '.join(r.label for r in rows)}).",
            figures={"insider_tge_unlock_pct": pct},
            threshold=hit[1] + " (%)",
            evidence=_row_ev(rows),
        )
    ]


@rule("UNLOCK_OVERHANG", "vesting")
def unlock_overhang(c: Ctx) -> list[Finding]:
    pct = c.figures.unlock_12m_pct_of_float
    if pct is None:
        return []
    hit = c.tier(pct, {"high": ">", "warn": ">"})
    if hit is None:
        return []
    return [
        c.finding(
            hit[0],
            f"Tokens unlocking in the first 12 months equal {_n(pct)}% of the float at TGE.",
            figures={"unlock_12m_pct_of_float": pct, "float_at_tge_pct": c.figures.float_at_tge_pct},
            threshold=hit[1] + " (% of TGE float)",
            evidence=_row_ev(c.t.allocation),
        )
    ]


# ---------------------------------------------------------------- supply and controls


@rule("LOW_FLOAT", "supply")
def low_float(c: Ctx) -> list[Finding]:
    pct = c.figures.float_at_tge_pct
    if pct is None:
        return []
    hit = c.tier(pct, {"high": "<", "warn": "<"})
    if hit is None:
        return []
    s = c.t.supply
    ev = _facts_ev(s.initial_circulating_pct, s.initial_circulating, s.total_supply) or _row_ev(c.t.allocation)
    return [
        c.finding(
            hit[0],
            f"Only {_n(pct)}% of the supply circulates at TGE; later unlocks can weigh on the price.",
            figures={"float_at_tge_pct": pct},
            threshold=hit[1] + " (% of total)",
            evidence=ev,
        )
    ]


@rule("UNCAPPED_NO_SCHEDULE", "supply")
def uncapped_no_schedule(c: Ctx) -> list[Finding]:
    s, e = c.t.supply, c.t.emission
    if c.t.stablecoin is not None or s.max_supply.stated or s.uncapped.value is False:
        return []  # a stablecoin's supply follows deposits, not a cap
    if e.schedule.stated or e.annual_inflation_pct.stated:
        return []
    if s.uncapped.value is True or e.type.value in ("inflationary", "hybrid"):
        return [
            c.finding(
                "high",
                "Supply has no cap and no emission schedule was found in the text: new issuance is unbounded.",
                figures={"max_supply": None},
                threshold="a cap or an emission schedule",
                evidence=_facts_ev(s.uncapped, e.type),
            )
        ]
    if not s.total_supply.stated and not c.mentioned("supply_figure") and c.mentioned("tokenomics_section"):
        return [
            c.finding(
                "high",
                "Neither a maximum supply nor an emission schedule was found in the text.",
                kind="undisclosed",
                threshold="a cap or an emission schedule",
            )
        ]
    return []


_PROTOCOL_MINT = re.compile(r"\b(protocol|consensus|block|miners?|mining|validators?|algorithm|stakers?)\b", re.I)
_OWNER_MINT = re.compile(r"\b(team|owner|admin|foundation|company|issuer|founders?|multisig|developer)", re.I)


@rule("MINT_RETAINED", "supply")
def mint_retained(c: Ctx) -> list[Finding]:
    e = c.t.emission
    powers = [p for p in c.t.controls.admin_powers if p.kind == "mintable"]
    authority = e.mint_authority.value or ""
    by_owner = bool(authority) and (_OWNER_MINT.search(authority) or not _PROTOCOL_MINT.search(authority))
    if e.mint_capped.value is True:
        return []
    if not powers and not (e.mint_capped.value is False and by_owner):
        return []
    who = f" ({authority})" if authority else ""
    return [
        c.finding(
            "high",
            f"An owner or admin{who} may mint new tokens beyond the stated schedule.",
            figures={"mint_authority": authority or None},
            threshold="no discretionary minting",
            evidence=[p.evidence for p in powers] + _facts_ev(e.mint_authority, e.mint_capped),
        )
    ]


@rule("ADMIN_POWERS", "supply")
def admin_powers(c: Ctx) -> list[Finding]:
    by_power = c.rule.get("severity_by_power", {})
    powers = [p for p in c.t.controls.admin_powers if p.kind != "mintable" and p.kind in by_power]
    if not powers:
        return []
    kinds = sorted({p.kind for p in powers})
    severity = min((by_power[k] for k in kinds), key=_ORDER.index)
    return [
        c.finding(
            severity,
            "The token contract keeps admin powers: " + ", ".join(k.replace("_", "-") for k in kinds)
            + "; an operator can change or stop how the token works.",
            figures={"powers": ", ".join(kinds)},
            threshold="any; " + ", ".join(f"{k} {v}" for k, v in by_power.items()),
            evidence=[p.evidence for p in powers],
        )
    ]


@rule("HIGH_TAX", "supply")
def high_tax(c: Ctx) -> list[Finding]:
    tax = c.t.controls.tax_pct
    if tax.value is None:
        return []
    hit = c.tier(tax.value, {"red_line": ">=", "high": ">", "warn": ">="})
    if hit is None:
        return []
    return [
        c.finding(
            hit[0],
            f"A {_n(tax.value)}% tax is charged on token transfers or trades.",
            figures={"tax_pct": tax.value},
            threshold=hit[1] + " (%)",
            evidence=_facts_ev(tax),
        )
    ]


# ---------------------------------------------------------------- utility

_LINK_USES = {"revenue_share", "burn_to_use", "collateral"}


@rule("NO_UTILITY", "utility")
def no_utility(c: Ctx) -> list[Finding]:
    # a stablecoin's use is to hold its peg; the stablecoin rules assess that
    if c.t.utility.uses or c.t.stablecoin is not None or c.mentioned("token_use"):
        return []  # a use mentioned but not extracted is paperlens's gap, not the paper's
    return [
        c.finding(
            "high",
            "No use of the token was found in the text.",
            kind="undisclosed",
            threshold="at least one stated use",
        )
    ]


@rule("NO_VALUE_CAPTURE", "utility")
def no_value_capture(c: Ctx) -> list[Finding]:
    u = c.t.utility
    if not u.uses or u.value_capture or c.t.emission.burn.stated or c.t.stablecoin is not None:
        return []
    if any(x.kind in _LINK_USES for x in u.uses):
        return []
    kinds = sorted({x.kind for x in u.uses})
    return [
        c.finding(
            "warn",
            f"The token has uses ({', '.join(k.replace('_', ' ') for k in kinds)}) but no link from usage to "
            "the token's value (burn, fee share, buy-back, collateral) was found in the text.",
            kind="undisclosed",
            figures={"uses": ", ".join(kinds)},
            threshold="a stated value-capture mechanism",
            evidence=[x.evidence for x in u.uses],
        )
    ]


# ---------------------------------------------------------------- sale and language


@rule("GUARANTEED_RETURNS", "sale")
def guaranteed_returns(c: Ctx) -> list[Finding]:
    hits = c.hits("guaranteed_returns")
    if not hits:
        return []
    return [
        c.finding(
            "red_line",
            f"The paper promises guaranteed or fixed returns ({len(hits)} passage{'' if len(hits) == 1 else 's'}); "
            "regulators' investor alerts list this as a red flag.",
            figures={"passages": len(hits)},
            threshold="any",
            evidence=[h.evidence for h in hits],
        )
    ]


_HYPE = {
    "regulatory_claim": "regulatory approval claims",
    "celebrity": "celebrity backing",
    "urgency": "urgency or time-limited offers",
    "listing_promise": "exchange-listing promises",
    "stablecoin_yield": "promised yield on stablecoins",
}


@rule("HYPE_LANGUAGE", "sale")
def hype_language(c: Ctx) -> list[Finding]:
    kinds = [k for k in _HYPE if k != "stablecoin_yield" or c.t.stablecoin is None]
    hits = c.hits(*kinds)
    if not hits:
        return []
    found = [k for k in kinds if any(h.kind == k for h in hits)]
    return [
        c.finding(
            "warn",
            "Promotional language of the kind regulators warn about: "
            + ", ".join(_HYPE[k] for k in found) + ".",
            figures={k: sum(h.kind == k for h in hits) for k in found},
            threshold="any",
            evidence=[h.evidence for h in hits],
        )
    ]


@rule("PROMPT_INJECTION", "integrity")
def prompt_injection(c: Ctx) -> list[Finding]:
    hits = c.hits("ai_instruction")
    if not hits:
        return []
    return [
        c.finding(
            "info",
            "The paper contains text addressed to an AI model (e.g. asking for a rating); "
            "it was ignored and changed nothing.",
            figures={"passages": len(hits)},
            threshold="any",
            evidence=[h.evidence for h in hits],
        )
    ]


@rule("NO_CAPS", "sale")
def no_caps(c: Ctx) -> list[Finding]:
    sale = c.t.sale
    if sale is None:
        return []
    missing = [n for n, f, item in (("soft cap", sale.soft_cap, "soft_cap"), ("hard cap", sale.hard_cap, "hard_cap"))
               if not f.stated and not c.mentioned(item)]
    if not missing:
        return []
    return [
        c.finding(
            "warn",
            f"The token sale is described but no {' and no '.join(missing)} "
            f"{'were' if len(missing) > 1 else 'was'} found in the text.",
            kind="undisclosed",
            figures={"missing": ", ".join(missing)},
            threshold="soft cap and hard cap stated",
            evidence=_facts_ev(sale.soft_cap, sale.hard_cap, sale.raise_target),
        )
    ]


@rule("NO_USE_OF_FUNDS", "sale")
def no_use_of_funds(c: Ctx) -> list[Finding]:
    sale = c.t.sale
    if sale is None or sale.use_of_proceeds or c.mentioned("use_of_funds"):
        return []
    return [
        c.finding(
            "warn",
            "The token sale is described but no use of the money raised was found in the text.",
            kind="undisclosed",
            threshold="use of proceeds stated",
        )
    ]


@rule("NO_REFUND", "sale")
def no_refund(c: Ctx) -> list[Finding]:
    sale = c.t.sale
    if sale is None or sale.refund.stated or c.mentioned("refund"):
        return []
    return [
        c.finding(
            "warn",
            "The token sale is described but no refund terms (e.g. if the soft cap is not reached) were found in the text.",
            kind="undisclosed",
            threshold="refund terms stated",
        )
    ]


_BONUS_LABEL = re.compile(r"^\W{0,3}(?:[\w-]{1,20}\s){0,3}?(?:bonus(?:es)?|discounts?|tiers?)\s{0,3}[:\-–—]\s{0,3}", re.I)


@rule("BONUS_TIERS", "sale")
def bonus_tiers(c: Ctx) -> list[Finding]:
    sale = c.t.sale
    if sale is None or not sale.bonus_tiers.stated:
        return []
    # the quoted terms often open with their own label ("Early-bird bonus: ..."): not said twice
    terms = _BONUS_LABEL.sub("", str(sale.bonus_tiers.value), count=1).strip() or str(sale.bonus_tiers.value)
    return [
        c.finding(
            "info",
            f"Early buyers get bonuses or discounts: {terms}",
            figures={"bonus_tiers": sale.bonus_tiers.value},
            threshold="any",
            evidence=_facts_ev(sale.bonus_tiers),
        )
    ]


# ---------------------------------------------------------------- disclosure


@rule("ISSUER_OPAQUE", "disclosure")
def issuer_opaque(c: Ctx) -> list[Finding]:
    d = c.t.disclosure
    missing = []
    if not d.legal_entity.stated and not c.mentioned("legal_entity"):
        missing.append("legal entity")
    if not d.jurisdiction.stated and not c.mentioned("jurisdiction"):
        missing.append("jurisdiction")
    if d.team_anonymous.value is True or (not d.team and not c.mentioned("team_named")):
        missing.append("named team")
    if not missing:
        return []
    return [
        c.finding(
            "warn",
            f"The issuer is not fully identified: no {', no '.join(missing)} found in the text.",
            kind="undisclosed",
            figures={"missing": ", ".join(missing)},
            threshold="legal entity, jurisdiction and named team",
            evidence=_facts_ev(d.team_anonymous),
        )
    ]


@rule("NO_RISK_SECTION", "disclosure")
def no_risk_section(c: Ctx) -> list[Finding]:
    if c.t.disclosure.risk_section.value is True or c.mentioned("risk_section"):
        return []
    return [
        c.finding(
            "warn",
            "No section describing risks to token holders was found in the text.",
            kind="undisclosed",
            threshold="a risk-factor section",
        )
    ]


# ---------------------------------------------------------------- stablecoin

_FIAT_LIKE = ("fiat_reserve",)
_INELIGIBLE = re.compile(
    r"commercial paper|corporate (?:bonds?|debt)|secured loans?|\bloans?\b|\bbitcoins?\b|\bbtc\b|\bether\b"
    r"|\beth\b|crypto[- ]?assets|digital assets|other cryptocurrencies|\bgold\b|precious metals?"
    r"|equit(?:y|ies)|\bstocks?\b|real estate|other investments",
    re.I,
)
_OFTEN = re.compile(r"daily|weekly|monthly|every (?:day|week|month)|each month|real[- ]time|continuous", re.I)
_RARE = re.compile(r"quarter|annual|year|semi|every \d+ months|twice a year", re.I)


@rule("RESERVE_UNDER", "stablecoin")
def reserve_under(c: Ctx) -> list[Finding]:
    sc = c.t.stablecoin
    if sc is None or sc.mechanism.value not in _FIAT_LIKE:
        return []
    cov = sc.reserve_coverage_pct
    if cov.value is None:
        return [
            c.finding(
                "high",
                "No statement that reserves cover 100% of the coins issued was found in the text.",
                kind="undisclosed",
                threshold=">= 100% reserves",
                evidence=_facts_ev(sc.mechanism),
            )
        ]
    if cov.value >= 100:
        return []
    return [
        c.finding(
            "high",
            f"Reserves cover only {_n(cov.value)}% of the coins issued.",
            figures={"reserve_coverage_pct": cov.value},
            threshold="< 100%",
            evidence=_facts_ev(cov),
        )
    ]


@rule("RESERVE_INELIGIBLE", "stablecoin")
def reserve_ineligible(c: Ctx) -> list[Finding]:
    sc = c.t.stablecoin
    if sc is None or sc.mechanism.value not in _FIAT_LIKE:
        return []
    texts = [(sc.reserve_composition.value or "", sc.reserve_composition.evidence)]
    texts += [(col.asset, col.evidence) for col in sc.collateral]
    bad = [(m.group(0), ev) for text, ev in texts for m in [_INELIGIBLE.search(text)] if m]
    if not bad:
        return []
    assets = sorted({b[0].lower() for b in bad})
    return [
        c.finding(
            "warn",
            f"Reserves include assets outside cash, deposits and short T-bills: {', '.join(assets)}.",
            figures={"assets": ", ".join(assets)},
            threshold="cash, bank deposits, T-bills, T-bill repo, T-bill money funds only",
            evidence=[b[1] for b in bad],
        )
    ]


@rule("ATTEST_RARE", "stablecoin")
def attest_rare(c: Ctx) -> list[Finding]:
    sc = c.t.stablecoin
    if sc is None or sc.mechanism.value not in _FIAT_LIKE:
        return []
    firm, freq = sc.attestation_firm, sc.attestation_frequency
    problems, kind = [], "undisclosed"
    if not firm.stated:
        problems.append("no attestation firm is named")
    if not freq.stated:
        problems.append("no attestation frequency was found in the text")
    elif _RARE.search(freq.value):
        problems.append(f"reserves are attested less often than monthly ({freq.value})")
        kind = "risk"
    elif not _OFTEN.search(freq.value):
        problems.append(f"the attestation frequency ({freq.value}) is not stated as monthly or more often")
    if not problems:
        return []
    return [
        c.finding(
            "warn",
            "Reserve attestation is weak: " + "; ".join(problems) + ".",
            kind=kind,
            figures={"attestation_firm": firm.value, "attestation_frequency": freq.value},
            threshold="monthly, by a named independent firm",
            evidence=_facts_ev(firm, freq),
        )
    ]


@rule("PAYS_INTEREST", "stablecoin")
def pays_interest(c: Ctx) -> list[Finding]:
    sc = c.t.stablecoin
    if sc is None:
        return []
    hits = c.hits("stablecoin_yield")
    if sc.yield_to_holders.value is not True and not hits:
        return []
    return [
        c.finding(
            "high",
            "Holders of the stablecoin are promised interest or yield, which MiCA and the GENIUS Act "
            "prohibit for issuers.",
            figures={"passages": len(hits)},
            threshold="any",
            evidence=_facts_ev(sc.yield_to_holders) + [h.evidence for h in hits],
        )
    ]


@rule("NO_PAR_REDEMPTION", "stablecoin")
def no_par_redemption(c: Ctx) -> list[Finding]:
    sc = c.t.stablecoin
    if sc is None or sc.redemption_at_par.value is True:
        return []
    if sc.redemption_at_par.value is False:
        return [
            c.finding(
                "warn",
                "Holders cannot redeem the coin at par with the issuer.",
                threshold="redemption at par at any time",
                evidence=_facts_ev(sc.redemption_at_par, sc.redemption),
            )
        ]
    what = "Redemption terms are described but not redemption at par" if sc.redemption.stated else (
        "No right to redeem the coin at par was found in the text"
    )
    return [
        c.finding(
            "warn",
            f"{what}.",
            kind="undisclosed",
            threshold="redemption at par at any time",
            evidence=_facts_ev(sc.redemption),
        )
    ]


@rule("CRYPTO_CR_LOW", "stablecoin")
def crypto_cr_low(c: Ctx) -> list[Finding]:
    sc = c.t.stablecoin
    if sc is None:
        return []
    fact = sc.min_collateral_ratio_pct if sc.min_collateral_ratio_pct.stated else sc.liquidation_ratio_pct
    if fact.value is None:
        if sc.mechanism.value == "crypto_collateral":
            return [
                c.finding(
                    "warn",
                    "The coin is backed by crypto collateral but no minimum collateral ratio was found in the text.",
                    kind="undisclosed",
                    threshold=_tier_text(c.rule, {"high": "<", "warn": "<"}) + " (%)",
                    evidence=_facts_ev(sc.mechanism),
                )
            ]
        return []
    hit = c.tier(fact.value, {"high": "<", "warn": "<"})
    if hit is None:
        return []
    return [
        c.finding(
            hit[0],
            f"The minimum collateral ratio is {_n(fact.value)}%, a thin buffer against a fall "
            "in the collateral's price.",
            figures={"collateral_ratio_pct": fact.value},
            threshold=hit[1] + " (%)",
            evidence=_facts_ev(fact),
        )
    ]


@rule("ENDOGENOUS_COLLATERAL", "stablecoin")
def endogenous_collateral(c: Ctx) -> list[Finding]:
    sc = c.t.stablecoin
    if sc is None:
        return []
    endo = [col for col in sc.collateral if col.endogenous]
    if not endo:
        return []
    shares = [col.share_pct for col in endo]
    names = ", ".join(col.asset for col in endo)
    if any(s is None for s in shares):
        severity, threshold, share = "warn", _tier_text(c.rule, {"high": ">=", "warn": ">"}) + " (%)", None
        message = f"The issuer's own or affiliated token ({names}) backs the coin; its share was not found in the text."
    else:
        share = float(sum(shares))
        hit = c.tier(share, {"high": ">=", "warn": ">"})
        if hit is None:
            return []
        severity, threshold = hit
        message = f"The issuer's own or affiliated token ({names}) makes up {_n(share)}% of the backing."
    return [
        c.finding(
            severity,
            message + " Its value falls with the coin's own in a run.",
            figures={"endogenous_share_pct": share},
            threshold=threshold,
            evidence=[col.evidence for col in endo],
        )
    ]


@rule("ALGORITHMIC_PEG", "stablecoin")
def algorithmic_peg(c: Ctx) -> list[Finding]:
    sc = c.t.stablecoin
    if sc is None or sc.mechanism.value != "algorithmic":
        return []
    if any(not col.endogenous for col in sc.collateral):
        return []
    return [
        c.finding(
            "high",
            "The peg is held by a supply algorithm alone, with no outside collateral behind the coin.",
            threshold="exogenous collateral",
            evidence=_facts_ev(sc.mechanism) + [col.evidence for col in sc.collateral],
        )
    ]


# ---------------------------------------------------------------- evidence


def _unverified(c: Ctx, findings: list[Finding]) -> list[Finding]:
    pool: list[Evidence] = []
    for fact in graded_facts(c.t):
        pool += fact.evidence
    for f in findings:
        pool += f.evidence
    bad = _dedupe(e for e in pool if e.status in BAD_STATUSES)
    if not bad:
        return []
    pages = sorted({e.page for e in bad})
    return [
        c.finding(
            "warn",
            f"{len(bad)} {'quote' if len(bad) == 1 else 'quotes'} behind graded facts could not be matched "
            f"to the cited page (page{'' if len(pages) == 1 else 's'} {', '.join(map(str, pages))}); "
            f"check {'it' if len(bad) == 1 else 'them'} by hand.",
            figures={"unverified": len(bad)},
            threshold="every graded fact's quote found on its page with its value",
            evidence=bad,
        )
    ]


#: every finding code validate can emit, in report order (UNVERIFIED_EVIDENCE runs last)
CODES = (*RULES, "UNVERIFIED_EVIDENCE")


#: the rules that still apply to a paper that describes no token economics: what its language says
NO_TOKEN_RULES = ("GUARANTEED_RETURNS", "HYPE_LANGUAGE", "PROMPT_INJECTION")


def validate(
    t: Tokenomics, language: list[LanguageHit], policy: Policy, mentions: Mentions | None = None,
    kind: str | None = None, facts: Tokenomics | None = None,
) -> tuple[list[Finding], Figures]:
    """Run every enabled rule; return the findings and the figures they read.

    The rules see only grounded facts (:func:`paperlens.ground.trusted`): a
    figure whose quote is not in the PDF counts as not found, and
    UNVERIFIED_EVIDENCE reports it; ``facts`` is that copy when the caller has
    made it already. The figures are computed from those facts
    (:func:`paperlens.figures.compute`). ``mentions`` tell where an
    absence is established (a disclosure finding fires only there); a paper of
    ``kind`` "no_token" gets only the language rules (:data:`NO_TOKEN_RULES`).
    """
    facts = facts if facts is not None else trusted(t)
    figures = compute(facts, t)
    mentions = mentions or Mentions()
    findings: list[Finding] = []
    for code, (pillar, fn) in RULES.items():
        settings = policy.rule(code)
        if not settings.enabled or (kind == "no_token" and code not in NO_TOKEN_RULES):
            continue
        findings += fn(Ctx(facts, language, figures, settings, code, pillar, mentions))
    settings = policy.rule("UNVERIFIED_EVIDENCE")
    if settings.enabled:
        findings += _unverified(Ctx(t, language, figures, settings, "UNVERIFIED_EVIDENCE", "integrity",
                                    mentions), findings)
    return findings, figures
