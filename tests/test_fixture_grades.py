"""Every fixture's grade is pinned, and explained line by line in its reports.

The grade is computed from findings only (rules backend here); each deduction
must appear in the HTML and Markdown reports next to its finding.
"""

import html

import pytest

from paperlens.pipeline import analyze_document
from paperlens.report.render import render_html, render_markdown

GRADES = [
    # an algorithmic coin states no reserve and no redemption: without a key fact of its kind, at best C
    ("algorithmic_stablecoin", "C", 79.0, ["ALGORITHMIC_PEG:high", "ISSUER_OPAQUE:warn", "NO_PAR_REDEMPTION:warn"]),
    ("crypto_stablecoin", "A", 95.0, ["CRYPTO_CR_LOW:warn"]),
    ("defi_governance", "A", 95.0, ["ADMIN_POWERS:warn"]),
    ("fiat_stablecoin", "A", 97.0, ["ISSUER_OPAQUE:warn"]),
    ("guaranteed_returns", "E", 25.0, [
        "BONUS_TIERS:info", "GUARANTEED_RETURNS:red_line", "HYPE_LANGUAGE:warn", "ISSUER_OPAQUE:warn",
        "NO_CAPS:warn", "NO_INSIDER_VESTING:high", "NO_REFUND:warn", "NO_RISK_SECTION:warn",
        "NO_USE_OF_FUNDS:warn", "NO_VALUE_CAPTURE:warn", "TEAM_HEAVY:high"]),
    ("hostile_text", "B", 82.0, ["ISSUER_OPAQUE:warn", "LOW_FLOAT:warn", "NO_INSIDER_VESTING:high",
                                  "NO_RISK_SECTION:warn"]),
    ("ico_allocation", "A", 85.0, ["UNLOCK_OVERHANG:high"]),
    ("ico_allocation_v2", "B", 75.0, ["TEAM_CLIFF_SHORT:warn", "TEAM_VEST_SHORT:warn", "UNLOCK_OVERHANG:high"]),
    ("inflationary_l1", "A", 100.0, []),
    ("prompt_injection", "A", 100.0, ["PROMPT_INJECTION:info"]),
    ("prompt_injection_clean", "A", 100.0, []),
    ("two_column", "A", 95.0, ["LOW_FLOAT:warn"]),
    ("uncapped_no_schedule", "E", 36.0, [
        "ISSUER_OPAQUE:warn", "MINT_RETAINED:high", "NO_RISK_SECTION:warn", "NO_VALUE_CAPTURE:warn",
        "TEAM_CLIFF_SHORT:warn", "TEAM_HEAVY:warn", "TEAM_VEST_SHORT:high", "UNCAPPED_NO_SCHEDULE:high"]),
    ("xss", "A", 94.0, ["ISSUER_OPAQUE:warn", "NO_VALUE_CAPTURE:warn"]),
]


@pytest.mark.parametrize("case, letter, score, findings", GRADES, ids=[g[0] for g in GRADES])
def test_fixture_grade_is_pinned_and_explained(fixture_docs, case, letter, score, findings):
    result = analyze_document(fixture_docs[case], backend="rules")
    assert sorted(f"{f.code}:{f.severity}" for f in result.findings) == findings
    assert (result.grade.letter, result.grade.score) == (letter, score)
    # the points add up: 100 minus every deduction (a red line caps the letter, not the points)
    assert score == max(0.0, 100 - sum(d.points for d in result.grade.deductions))
    assert len(result.grade.explanation) >= len([d for d in result.grade.deductions if d.points])
    page, md = html.unescape(render_html(result)), render_markdown(result)
    for line in result.grade.explanation:
        assert line in page, line
        assert line in md, line
    for deduction in result.grade.deductions:
        assert deduction.code in page and deduction.code in md
