"""Re-check a saved result under another policy: no PDF, no LLM.

Validate and grade depend only on ``result.tokenomics`` and ``result.language``,
so a saved ``Result`` JSON can be re-graded with stricter or looser thresholds,
by the same assessment step :func:`paperlens.pipeline.analyze` uses.
"""

from __future__ import annotations

from paperlens.pipeline import assess
from paperlens.policy import Policy
from paperlens.schema import Result


def check_result(result: Result, policy: Policy) -> Result:
    """A copy of ``result`` with figures, findings and grade recomputed under ``policy``."""
    updated = result.model_copy(deep=True)
    updated.kind, updated.figures, updated.findings, updated.grade = assess(
        result.tokenomics, result.language, policy, result.mentions)
    updated.provenance.policy = policy.name
    return updated
