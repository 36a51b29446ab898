"""Stage grade: a letter from the findings and the coverage of graded facts, nothing else.

Start from the policy's ``start`` (100); each finding deducts points by severity
(design risks and disclosure gaps have separate point tables); each pillar gets
100 minus its own deductions; a red line caps the letter; below the coverage
floor, or when neither the supply nor the allocation (for a stablecoin, its
mechanism) was found and verified, the paper is "N/A" (not assessable) rather
than graded. A floor of 0 grades every paper.
"""

from __future__ import annotations

from typing import get_args

from paperlens.assess.coverage import graded_facts, key_facts_missing
from paperlens.policy import Policy
from paperlens.schema import Deduction, Finding, Grade, Kind, Pillar, PillarScore, Tokenomics

PILLARS: tuple[str, ...] = get_args(Pillar)
NOT_ASSESSABLE = "N/A"


def coverage(t: Tokenomics) -> tuple[float, dict[str, bool]]:
    """Weighted share of graded facts found and verified (0..1; the key facts weigh most), and the
    per-fact detail."""
    facts = graded_facts(t)
    detail = {f.name: f.found and f.verified for f in facts}
    total = sum(f.weight for f in facts)
    return (sum(f.weight for f in facts if detail[f.name]) / total if total else 0.0), detail


def _applies(pillar: str, t: Tokenomics) -> bool:
    if pillar == "sale":
        return t.sale is not None
    if pillar == "stablecoin":
        return t.stablecoin is not None
    if pillar in ("distribution", "vesting"):
        return bool(t.allocation)
    return True


def _line(d: Deduction) -> str:
    tag = f"{d.pillar}, {d.severity}" + (", not disclosed" if d.kind == "undisclosed" else "")
    return f"-{d.points:g} {d.code} ({tag}): {d.reason}"


def _worse(a: str, b: str, order: list[str]) -> str:
    return a if order.index(a) >= order.index(b) else b


#: graded facts of which at least one must be verified for a paper to be graded
CORE_FACTS = ("supply", "allocation", "stablecoin_mechanism")


def grade(findings: list[Finding], t: Tokenomics, policy: Policy, kind: Kind | None = None) -> Grade:
    """Grade a paper from its findings and the coverage of its graded facts.

    A paper of kind ``no_token`` is not graded; without the verified key facts of
    its kind (:func:`~paperlens.coverage.key_facts_missing`) a letter is at best the
    policy's ``key_facts_cap`` (C by default).
    ``held_back`` says in one line what kept the letter from being higher.
    """
    cov, detail = coverage(t)
    if kind is not None and kind.value == "no_token":
        return Grade(letter=NOT_ASSESSABLE, score=None, assessable=False, coverage=round(cov, 4),
                     coverage_detail=detail, held_back=kind.reason,
                     explanation=[f"not assessable: {kind.reason}"])
    deductions = [
        Deduction(
            code=f.code,
            pillar=f.pillar,
            severity=f.severity,
            points=policy.points_for(f.severity, f.kind),
            reason=f.message,
            kind=f.kind,
        )
        for f in findings
    ]
    deductions = [d for d in deductions if d.points > 0]
    deductions.sort(key=lambda d: (d.kind == "undisclosed", -d.points))
    score = max(0.0, policy.start - sum(d.points for d in deductions))
    pillars = [
        PillarScore(
            pillar=p,
            score=max(0.0, 100.0 - sum(d.points for d in deductions if d.pillar == p)),
        )
        for p in PILLARS
        if _applies(p, t) or any(d.pillar == p for d in deductions)
    ]
    order = [letter for letter, _ in policy.bands]
    letter = policy.letter(score)
    red = [f for f in findings if f.severity == "red_line"]
    cap = None
    if red:
        cap = (
            f"red line ({', '.join(sorted({f.code for f in red}))}): "
            f"grade capped at {policy.red_line_cap} whatever the points"
        )
        letter = _worse(letter, policy.red_line_cap, order)
    explanation = [_line(d) for d in deductions]
    # the economics cannot be judged without the supply or the distribution
    core = [k for k in CORE_FACTS if k in detail]
    no_core = policy.coverage_floor > 0 and bool(core) and not any(detail[k] for k in core)
    assessable = cov >= policy.coverage_floor and not no_core
    if assessable and policy.partial_coverage_cap and cov < policy.partial_coverage:
        capped = _worse(letter, policy.partial_coverage_cap, order)
        if capped != letter:
            letter = capped
            partial = (
                f"partial coverage: only {cov:.0%} of graded facts found and verified "
                f"(below {policy.partial_coverage:.0%}), grade capped at {capped}"
            )
            cap = f"{cap}; {partial}" if cap else partial
    missing = key_facts_missing(detail, kind.value if kind else None)
    held_back = None
    if red:
        held_back = f"a red line ({', '.join(sorted({f.code for f in red}))}) caps the letter at {policy.red_line_cap}"
    key_cap = policy.key_facts_cap
    if assessable and missing and key_cap and _worse(letter, key_cap, order) != letter:
        letter = key_cap
        keys = f"no letter better than {key_cap}: {' and '.join(missing)} not found and verified in the text"
        cap = f"{cap}; {keys}" if cap else keys
        held_back = held_back or keys
    if cap:
        explanation.append(cap)
    if assessable and held_back is None:
        if cap:
            held_back = cap
        elif deductions and letter != order[0]:
            top = max(deductions, key=lambda d: d.points)
            held_back = f"most points lost to {top.code} (-{top.points:g}): {top.reason}"
    if not assessable:
        gaps = ", ".join(k for k, ok in detail.items() if not ok)
        reason = (
            f"neither {' nor '.join(core)} was found and verified" if no_core
            else f"{cov:.0%} of graded facts found and verified, below the {policy.coverage_floor:.0%} floor"
        )
        explanation.append(f"not assessable: {reason} (missing or unverified: {gaps})")
        held_back = f"not assessable: {reason}"
    return Grade(
        letter=letter if assessable else NOT_ASSESSABLE,
        score=round(score, 2) if assessable else None,
        assessable=assessable,
        coverage=round(cov, 4),
        coverage_detail=detail,
        pillars=pillars,
        deductions=deductions,
        cap=cap,
        held_back=held_back,
        explanation=explanation,
    )
