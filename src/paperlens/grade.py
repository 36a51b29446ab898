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

from .coverage import graded_facts
from .policy import Policy
from .schema import Deduction, Finding, Grade, Pillar, PillarScore, Tokenomics

PILLARS: tuple[str, ...] = get_args(Pillar)
NOT_ASSESSABLE = "N/A"


def coverage(t: Tokenomics) -> tuple[float, dict[str, bool]]:
    """Share of graded facts found and verified (0..1), and the per-fact detail."""
    detail = {f.name: f.found and f.verified for f in graded_facts(t)}
    return (sum(detail.values()) / len(detail) if detail else 0.0), detail


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


def grade(findings: list[Finding], t: Tokenomics, policy: Policy) -> Grade:
    """Grade a paper from its findings and the coverage of its graded facts."""
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
    cov, detail = coverage(t)
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
    if cap:
        explanation.append(cap)
    if not assessable:
        missing = ", ".join(k for k, ok in detail.items() if not ok)
        reason = (
            f"neither {' nor '.join(core)} was found and verified" if no_core
            else f"{cov:.0%} of graded facts found and verified, below the {policy.coverage_floor:.0%} floor"
        )
        explanation.append(f"not assessable: {reason} (missing or unverified: {missing})")
    return Grade(
        letter=letter if assessable else NOT_ASSESSABLE,
        score=round(score, 2) if assessable else None,
        assessable=assessable,
        coverage=round(cov, 4),
        coverage_detail=detail,
        pillars=pillars,
        deductions=deductions,
        cap=cap,
        explanation=explanation,
    )
