"""Re-check a saved result under another policy: no PDF, no LLM.

Validate and grade depend only on ``result.tokenomics`` and ``result.language``,
so a saved ``Result`` JSON can be re-graded with stricter or looser thresholds.
"""

from __future__ import annotations

from .grade import grade
from .policy import Policy
from .schema import Result
from .validate import validate


def check_result(result: Result, policy: Policy) -> Result:
    """A copy of ``result`` with findings, derived figures and grade recomputed under ``policy``."""
    findings, derived = validate(result.tokenomics, result.language, policy)
    updated = result.model_copy(deep=True)
    updated.findings = findings
    updated.derived = derived
    updated.grade = grade(findings, result.tokenomics, policy)
    updated.provenance.policy = policy.name
    return updated
