"""Stage validate: deterministic due-diligence rules over the extracted tokenomics.

Each rule reads the facts (and the language hits), the figures
(:mod:`.figures`) and its policy settings, and returns findings: a design risk
("risk") when the stated design crosses a threshold, a disclosure gap
("undisclosed") when something that should be stated is not. A rule that needs
facts the paper does not state never fires as a risk. Messages describe
disclosure gaps and design risks, never fraud.

The threshold rules are data (:mod:`.validate_thresholds`); the rules here and
in :mod:`.validate_stablecoin` are the ones that need logic. Comparisons,
thresholds and severities are the policy's (``policy.toml``), never the code's.
"""

from __future__ import annotations

import re

from paperlens.assess.coverage import graded_facts
from paperlens.assess.figures import compute, has_schedule, lock_months
from paperlens.assess.schedule import row_pct, supply_base
from paperlens.assess.ground import BAD_STATUSES, trusted
from paperlens.policy import SEVERITIES, Policy
from paperlens.schema import INSIDER_CATEGORIES, AllocationRow, Evidence, Figures, Finding, LanguageHit, Mentions, Tokenomics
from paperlens.assess.validate_base import Ctx, Rule, Threshold, dedupe, facts_ev, num, row_ev, rows_text, rule
from paperlens.assess.validate_stablecoin import STABLECOIN_RULES
from paperlens.assess.validate_thresholds import COMMUNITY_AND_SALE, COMMUNITY_ONLY, HIGH_TAX, INSIDER_HEAVY, INSIDER_TGE_UNLOCK, LOW_FLOAT, TEAM_CLIFF_SHORT, TEAM_HEAVY, TEAM_VEST_SHORT, UNLOCK_OVERHANG
from paperlens.wording import counted, plural


# ---------------------------------------------------------------- integrity


@rule("ALLOC_SUM", "integrity")
def alloc_sum(c: Ctx) -> list[Finding]:
    rows, t = c.t.allocation, c.t
    if len(rows) < 2:
        return []
    tol = float(c.rule["tolerance"])
    base = supply_base(t)
    problems, figures = [], {}
    shares = [row_pct(r, base) for r in rows]
    if all(s is not None for s in shares):
        total = sum(shares)
        if abs(total - 100) > tol:
            problems.append(f"the allocation percentages add up to {num(total)}%, not 100%")
            figures["allocation_sum_pct"] = total
    amounts = [r.amount for r in rows]
    supplies = [f.value for f in (t.supply.total_supply, t.supply.max_supply) if f.value]
    if all(a is not None for a in amounts) and supplies:
        total_amount = sum(amounts)
        if all(abs(total_amount - s) / s * 100 > tol for s in supplies):
            problems.append(
                f"the allocated amounts add up to {num(total_amount)} tokens, "
                f"not the stated supply of {num(supplies[0])}"
            )
            figures["allocated_amount"] = total_amount
            figures["stated_supply"] = supplies[0]
    if not problems:
        return []
    return [
        c.finding(
            "; ".join(problems).capitalize() + ".",
            figures=figures,
            threshold=f"off by more than {num(tol)} points",
            evidence=row_ev(rows) + facts_ev(t.supply.total_supply, t.supply.max_supply),
        )
    ]


@rule("SUPPLY_ORDER", "integrity")
def supply_order(c: Ctx) -> list[Finding]:
    s = c.t.supply
    circ, total, cap = s.initial_circulating.value, s.total_supply.value, s.max_supply.value
    problems, ev = [], []
    if circ is not None and total is not None and circ > total * (1 + 1e-9):
        problems.append(f"circulating supply at TGE ({num(circ)}) exceeds total supply ({num(total)})")
        ev += facts_ev(s.initial_circulating, s.total_supply)
    if total is not None and cap is not None and total > cap * (1 + 1e-9):
        problems.append(f"total supply ({num(total)}) exceeds maximum supply ({num(cap)})")
        ev += facts_ev(s.total_supply, s.max_supply)
    if circ is not None and total is None and cap is not None and circ > cap * (1 + 1e-9):
        problems.append(f"circulating supply at TGE ({num(circ)}) exceeds maximum supply ({num(cap)})")
        ev += facts_ev(s.initial_circulating, s.max_supply)
    pct = s.initial_circulating_pct.value
    if pct is not None and pct > 100:
        problems.append(f"circulating supply at TGE is stated as {num(pct)}% of total")
        ev += facts_ev(s.initial_circulating_pct)
    if not problems:
        return []
    return [
        c.finding(
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
                f"The paper states {len(values)} different values for {name}: "
                + ", ".join(num(v) for v in values) + ".",
                figures={"field": conflict.field, "values": ", ".join(num(v) for v in values)},
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
            issue = f"{r.label}: {num(v.tge_unlock_pct)}% unlocked at TGE"
        elif any(m is not None and m < 0 for m in (v.cliff_months, v.vesting_months)):
            issue = f"{r.label}: negative cliff or vesting period"
        elif v.tge_unlock_pct == 100 and ((v.cliff_months or 0) > 0 or (v.vesting_months or 0) > 0):
            issue = (
                f"{r.label}: 100% unlocked at TGE yet a cliff or vesting of "
                f"{num((v.cliff_months or 0) + (v.vesting_months or 0))} months is stated"
            )
        if issue:
            problems.append(issue)
            rows.append(r)
    if not problems:
        return []
    return [
        c.finding(
            "Vesting schedules do not add up: " + "; ".join(problems) + ".",
            figures={"rows": len(rows)},
            threshold="TGE unlock + vested share <= 100%",
            evidence=row_ev(rows),
        )
    ]


# ---------------------------------------------------------------- distribution


@rule("COMMUNITY_THIN", "distribution")
def community_thin(c: Ctx) -> list[Finding]:
    total = c.figures.allocation_sum_pct
    if total is None or total < 90:  # an incomplete table says nothing about what is missing
        return []
    return (COMMUNITY_AND_SALE if c.rule["include_public_sale"] else COMMUNITY_ONLY).check(c)


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
        hit = c.tier(share)
        if hit:
            out.append(
                c.finding(
                    f"A single named holder, {r.label}, gets {num(share)}% of the supply unlocked.",
                    severity=hit[0],
                    figures={"holder_pct": share, "holder": r.label},
                    threshold=c.threshold_text(),
                    evidence=row_ev([r]),
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
            f"No vesting schedule found in the text for insider allocation(s): "
            f"{rows_text(rows, supply_base(c.t))}{note}.",
            kind="undisclosed",
            figures={"rows_without_schedule": len(rows)},
            threshold="every team, advisor and investor row has a schedule",
            evidence=row_ev(rows),
        )
    ]


# ---------------------------------------------------------------- supply and controls


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
                "Supply has no cap and no emission schedule was found in the text: new issuance is unbounded.",
                figures={"max_supply": None},
                threshold="a cap or an emission schedule",
                evidence=facts_ev(s.uncapped, e.type),
            )
        ]
    if not s.total_supply.stated and not c.mentioned("supply_figure") and c.mentioned("tokenomics_section"):
        return [
            c.finding(
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
            f"An owner or admin{who} may mint new tokens beyond the stated schedule.",
            figures={"mint_authority": authority or None},
            threshold="no discretionary minting",
            evidence=[p.evidence for p in powers] + facts_ev(e.mint_authority, e.mint_capped),
        )
    ]


@rule("ADMIN_POWERS", "supply")
def admin_powers(c: Ctx) -> list[Finding]:
    by_power = c.rule["severity_by_power"]
    powers = [p for p in c.t.controls.admin_powers if p.kind != "mintable" and p.kind in by_power]
    if not powers:
        return []
    kinds = sorted({p.kind for p in powers})
    return [
        c.finding(
            "The token contract keeps admin powers: " + ", ".join(k.replace("_", "-") for k in kinds)
            + "; an operator can change or stop how the token works.",
            severity=max((by_power[k] for k in kinds), key=SEVERITIES.index),
            figures={"powers": ", ".join(kinds)},
            threshold="any; " + ", ".join(f"{k} {v}" for k, v in by_power.items()),
            evidence=[p.evidence for p in powers],
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
            f"The paper promises guaranteed or fixed returns ({counted(len(hits), 'passage')}); "
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
            f"The token sale is described but no {' and no '.join(missing)} "
            f"{'were' if len(missing) > 1 else 'was'} found in the text.",
            kind="undisclosed",
            figures={"missing": ", ".join(missing)},
            threshold="soft cap and hard cap stated",
            evidence=facts_ev(sale.soft_cap, sale.hard_cap, sale.raise_target),
        )
    ]


@rule("NO_USE_OF_FUNDS", "sale")
def no_use_of_funds(c: Ctx) -> list[Finding]:
    sale = c.t.sale
    if sale is None or sale.use_of_proceeds or c.mentioned("use_of_funds"):
        return []
    return [
        c.finding(
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
            f"Early buyers get bonuses or discounts: {terms}",
            figures={"bonus_tiers": sale.bonus_tiers.value},
            threshold="any",
            evidence=facts_ev(sale.bonus_tiers),
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
            f"The issuer is not fully identified: no {', no '.join(missing)} found in the text.",
            kind="undisclosed",
            figures={"missing": ", ".join(missing)},
            threshold="legal entity, jurisdiction and named team",
            evidence=facts_ev(d.team_anonymous),
        )
    ]


@rule("NO_RISK_SECTION", "disclosure")
def no_risk_section(c: Ctx) -> list[Finding]:
    if c.t.disclosure.risk_section.value is True or c.mentioned("risk_section"):
        return []
    return [
        c.finding(
            "No section describing risks to token holders was found in the text.",
            kind="undisclosed",
            threshold="a risk-factor section",
        )
    ]


# ---------------------------------------------------------------- evidence


def _unverified(c: Ctx, findings: list[Finding]) -> list[Finding]:
    pool: list[Evidence] = []
    for fact in graded_facts(c.t):
        pool += fact.evidence
    for f in findings:
        pool += f.evidence
    bad = dedupe(e for e in pool if e.status in BAD_STATUSES)
    if not bad:
        return []
    pages = sorted({e.page for e in bad})
    return [
        c.finding(
            f"{counted(len(bad), 'quote')} behind graded facts could not be matched "
            f"to the cited page ({plural(len(pages), 'page')} {', '.join(map(str, pages))}); "
            f"check {plural(len(bad), 'it', 'them')} by hand.",
            figures={"unverified": len(bad)},
            threshold="every graded fact's quote found on its page with its value",
            evidence=bad,
        )
    ]


#: every rule, in report order; UNVERIFIED_EVIDENCE (:data:`UNVERIFIED`) runs after them over their evidence
RULES: dict[str, Rule | Threshold] = {r.code: r for r in (
    alloc_sum, supply_order, supply_conflict, vesting_over,
    TEAM_HEAVY, INSIDER_HEAVY, community_thin, single_holder,
    no_insider_vesting, TEAM_CLIFF_SHORT, TEAM_VEST_SHORT, INSIDER_TGE_UNLOCK, UNLOCK_OVERHANG,
    LOW_FLOAT, uncapped_no_schedule, mint_retained, admin_powers, HIGH_TAX,
    no_utility, no_value_capture,
    guaranteed_returns, hype_language, prompt_injection, no_caps, no_use_of_funds, no_refund, bonus_tiers,
    issuer_opaque, no_risk_section,
    *STABLECOIN_RULES,
)}

#: the code and pillar of the evidence check, which reads the other rules' findings
UNVERIFIED = ("UNVERIFIED_EVIDENCE", "integrity")

#: every finding code validate can emit, in report order (UNVERIFIED_EVIDENCE runs last)
CODES = (*RULES, UNVERIFIED[0])


#: the rules that still apply to a paper that describes no token economics: what its language says
NO_TOKEN_RULES = ("GUARANTEED_RETURNS", "HYPE_LANGUAGE", "PROMPT_INJECTION")


def validate(
    t: Tokenomics, language: list[LanguageHit], policy: Policy, mentions: Mentions | None = None,
    kind: str | None = None, facts: Tokenomics | None = None,
) -> tuple[list[Finding], Figures]:
    """Run every enabled rule; return the findings and the figures they read.

    The rules see only grounded facts (:func:`paperlens.assess.ground.trusted`): a
    figure whose quote is not in the PDF counts as not found, and
    UNVERIFIED_EVIDENCE reports it; ``facts`` is that copy when the caller has
    made it already. The figures are computed from those facts
    (:func:`paperlens.assess.figures.compute`). ``mentions`` tell where an
    absence is established (a disclosure finding fires only there); a paper of
    ``kind`` "no_token" gets only the language rules (:data:`NO_TOKEN_RULES`).
    """
    facts = facts if facts is not None else trusted(t)
    figures = compute(facts, t)
    mentions = mentions or Mentions()
    findings: list[Finding] = []
    for code, r in RULES.items():
        settings = policy.rule(code)
        if not settings.enabled or (kind == "no_token" and code not in NO_TOKEN_RULES):
            continue
        findings += r.check(Ctx(facts, language, figures, settings, code, r.pillar, mentions))
    code, pillar = UNVERIFIED
    settings = policy.rule(code)
    if settings.enabled:
        findings += _unverified(Ctx(t, language, figures, settings, code, pillar, mentions), findings)
    return findings, figures
