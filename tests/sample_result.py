"""Hand-built :class:`Result` objects for render tests.

``sample_result()`` is a realistic, fully populated analysis (allocation with
vesting, findings of every severity with evidence, a graded result with
deductions and pillars, provenance). ``empty_result()`` is what a paper that
states nothing yields. ``hostile_result()`` carries script-injection strings in
every free-text field; ``large_result(n)`` has ``n`` allocation rows.
"""

from __future__ import annotations

from conftest import ev

from paperlens.assess.figures import compute
from paperlens.assess.ground import trusted
from paperlens.schema import (
    AdminPower,
    AllocationRow,
    Audit,
    Conflict,
    Deduction,
    Fact,
    FileInfo,
    Finding,
    Grade,
    LanguageHit,
    Money,
    Person,
    PillarScore,
    ProceedsRow,
    Provenance,
    Result,
    Sale,
    Tokenomics,
    Usage,
    UtilityItem,
    ValueCaptureItem,
    Vesting,
)

SCRIPT = "<script>window.__pwned=1</script>"
IMG = "<img src=x onerror=alert(1)>"
JS_URL = "javascript:alert(1)"
INJECTIONS = (SCRIPT, IMG, JS_URL)


def fact(value, page: int | None = None, quote: str | None = None, status: str = "verified"):
    """A stated fact, with evidence when a page is given."""
    return Fact(value=value, evidence=ev(quote, page, status=status) if page else None)


def _row(label, category, percent, page, vesting=None, price=None, amount=None):
    return AllocationRow(
        label=label,
        category=category,
        percent=percent,
        amount=amount if amount is not None else percent * 10_000_000,
        price=price,
        vesting=vesting,
        evidence=ev(f"{label}: {percent:g}%", page),
    )


def allocation_rows() -> list[AllocationRow]:
    """Nine rows adding to 100 %, with every kind of vesting the schedule handles."""
    return [
        _row("Team & Founders", "team", 20, 7,
             Vesting(tge_unlock_pct=0, cliff_months=12, vesting_months=36, shape="linear",
                     frequency="monthly", start="TGE", evidence=ev("12-month cliff, then 36 months linear", 8))),
        _row("Advisors", "advisors", 5, 7,
             Vesting(tge_unlock_pct=0, cliff_months=6, vesting_months=18, shape="linear",
                     evidence=ev("Advisors: 6-month cliff, 18 months linear", 8))),
        _row("Seed Round", "private_investors", 15, 7,
             Vesting(tge_unlock_pct=5, cliff_months=6, vesting_months=18, shape="linear",
                     evidence=ev("Seed: 5% at TGE, 6-month cliff, 18 months linear", 8)),
             price=Money(amount=0.01, currency="USD")),
        _row("Private Sale", "private_investors", 17, 7,
             Vesting(tge_unlock_pct=10, cliff_months=3, vesting_months=12, shape="step",
                     frequency="quarterly", evidence=ev("Private: 10% at TGE, then quarterly", 8)),
             price=Money(amount=0.02, currency="USD")),
        _row("Public Sale (IDO)", "public_sale", 8, 7,
             Vesting(tge_unlock_pct=100, evidence=ev("Public sale: 100% unlocked at TGE", 8)),
             price=Money(amount=0.04, currency="USD")),
        _row("Ecosystem Fund", "reserve", 15, 7, Vesting(tbd=True, evidence=ev("released as needed", 8))),
        _row("Staking Rewards", "community", 10, 7,
             Vesting(tge_unlock_pct=0, cliff_months=0, vesting_months=48, shape="linear",
                     evidence=ev("emitted linearly over 48 months", 9))),
        _row("Liquidity", "community", 5, 7, Vesting(tge_unlock_pct=100)),
        _row("Treasury", "reserve", 5, 7, None),
    ]


def sample_tokenomics() -> Tokenomics:
    """A populated extraction for the fictional Nebula Protocol (NBL)."""
    t = Tokenomics()
    t.identity.project_name = fact("Nebula Protocol", 1, "Nebula Protocol Whitepaper v2.1")
    t.identity.token_name = fact("Nebula", 1, "the Nebula token")
    t.identity.symbol = fact("NBL", 3, "ticker NBL")
    t.identity.chain = fact("Ethereum", 3, "deployed on Ethereum")
    t.identity.standard = fact("ERC-20", 3, "an ERC-20 token")
    t.identity.launch_style = fact("ido", 12, "Initial DEX Offering")
    t.supply.max_supply = fact(1_000_000_000.0, 6, "maximum supply of 1,000,000,000 NBL")
    t.supply.total_supply = fact(1_000_000_000.0, 6, "total supply 1,000,000,000")
    t.supply.initial_circulating = fact(142_000_000.0, 6, "142,000,000 NBL circulating at TGE",
                                        "value_not_in_quote")
    t.supply.initial_circulating_pct = fact(14.2, 6, "14.2% of supply at TGE")
    t.emission.type = fact("fixed", 6, "fixed supply")
    t.emission.burn = fact("50% of protocol fees are burned", 10, "50% of protocol fees are burned")
    t.emission.mint_authority = fact("DAO multisig", 10, "only the DAO multisig may mint")
    t.emission.mint_capped = fact(True, 10, "never above the maximum supply")
    t.allocation = allocation_rows()
    t.utility.uses = [UtilityItem(kind="staking", evidence=ev("stake NBL to secure the network", 9)),
                      UtilityItem(kind="governance", evidence=ev("NBL holders vote", 9))]
    t.utility.value_capture = [ValueCaptureItem(kind="burn", evidence=ev("fees are burned", 10))]
    t.controls.consensus = fact("Proof of Stake", 4, "Proof of Stake consensus")
    t.controls.governance = fact("on-chain DAO", 11, "on-chain DAO governance")
    t.controls.admin_powers = [AdminPower(kind="upgradeable", evidence=ev("proxy contracts are upgradeable", 11)),
                               AdminPower(kind="pausable", evidence=ev("the team can pause transfers", 11))]
    t.controls.audits = [Audit(firm="CertiK", date="2024-03", scope="token contract",
                               evidence=ev("audited by CertiK in March 2024", 11))]
    t.sale = Sale(
        price=fact(Money(amount=0.04, currency="USD"), 12, "IDO price $0.04"),
        hard_cap=fact(Money(amount=3_200_000, currency="USD"), 12, "hard cap $3.2M"),
        tokens_offered=fact(80_000_000.0, 12, "80,000,000 NBL offered"),
        accepted_currencies=fact(["USDC", "ETH"], 12, "USDC and ETH accepted"),
        bonus_tiers=fact("10% bonus in the first 48 hours", 12, "10% bonus in the first 48 hours"),
        use_of_proceeds=[ProceedsRow(label="Development", percent=60, evidence=ev("60% development", 13)),
                         ProceedsRow(label="Marketing", percent=40, evidence=ev("40% marketing", 13))],
    )
    t.disclosure.legal_entity = fact("Nebula Labs Ltd.", 14, "Nebula Labs Ltd.")
    t.disclosure.jurisdiction = fact("British Virgin Islands", 14, "incorporated in the BVI", "quote_not_found")
    t.disclosure.team = [Person(name="Ada Chen", role="CEO", evidence=ev("Ada Chen, CEO", 15))]
    t.disclosure.risk_section = fact(False)
    t.conflicts = [Conflict(field="supply.total_supply", values=[
        fact(1_000_000_000.0, 6, "total supply 1,000,000,000"),
        fact(1_200_000_000.0, 16, "1.2 billion NBL in total")])]
    t.summary = fact("Nebula is a proof-of-stake data network; NBL pays fees, secures the chain by "
                     "staking and carries governance votes.")
    return t


def sample_findings() -> list[Finding]:
    """Findings of every severity and kind, with figures, thresholds and evidence."""
    return [
        Finding(code="GUARANTEED_RETURNS", pillar="integrity", severity="red_line",
                message="The paper promises guaranteed returns to token holders.",
                basis="R", source="SEC investor alert",
                evidence=[ev("stakers earn a guaranteed 40% APY", 5)]),
        Finding(code="INSIDER_HEAVY", pillar="distribution", severity="warn",
                message="Insiders (team, advisors, private investors) hold 57% of supply.",
                figures={"insider_pct": 57.0}, threshold="warn > 50 %, high > 60 %", basis="W",
                source="Tokenomist benchmark 40-45 %",
                evidence=[ev("Team & Founders: 20%", 7), ev("Seed Round: 15%", 7)]),
        Finding(code="LOW_FLOAT", pillar="supply", severity="warn",
                message="Only 14.2% of supply circulates at TGE.",
                figures={"float_pct": 14.2}, threshold="warn < 20 %, high < 10 %", basis="S",
                evidence=[ev("142,000,000 NBL circulating at TGE", 6, status="value_not_in_quote")]),
        Finding(code="UNLOCK_OVERHANG", pillar="vesting", severity="high",
                message="Unlocks in the first 12 months are 1.9 times the float at TGE.",
                figures={"unlock_12m_pct": 27.1, "float_pct": 14.2, "ratio": 1.91},
                threshold="warn > 25 %, high > 50 %", basis="S",
                evidence=[ev("Private: 10% at TGE, then quarterly", 8)]),
        Finding(code="ADMIN_POWERS", pillar="integrity", severity="warn",
                message="The team can pause transfers and upgrade the contracts.",
                figures={"powers": "upgradeable, pausable"}, basis="W",
                evidence=[ev("the team can pause transfers", 11)]),
        Finding(code="NO_REFUND", pillar="sale", severity="warn", kind="undisclosed",
                message="The sale states no refund terms.", basis="R", source="MiCA Annex I"),
        Finding(code="NO_RISK_SECTION", pillar="disclosure", severity="warn", kind="undisclosed",
                message="The paper has no risk-factor section.", basis="R"),
        Finding(code="UNVERIFIED_EVIDENCE", pillar="integrity", severity="warn",
                message="The jurisdiction quote was not found in the PDF text.",
                figures={"field": "disclosure.jurisdiction"}, basis="D",
                evidence=[ev("incorporated in the BVI", 14, status="quote_not_found")]),
        Finding(code="BONUS_TIERS", pillar="sale", severity="info",
                message="Early buyers receive a time-limited bonus.", basis="S",
                evidence=[ev("10% bonus in the first 48 hours", 12)]),
    ]


def sample_grade() -> Grade:
    """A capped D grade with deductions that add up to the score."""
    deductions = [
        Deduction(code="GUARANTEED_RETURNS", pillar="integrity", severity="red_line", points=30,
                  reason="guaranteed returns promised"),
        Deduction(code="INSIDER_HEAVY", pillar="distribution", severity="warn", points=5,
                  reason="insiders 57% (warn > 50%)"),
        Deduction(code="UNLOCK_OVERHANG", pillar="vesting", severity="high", points=15,
                  reason="12-month unlocks 191% of the TGE float"),
        Deduction(code="LOW_FLOAT", pillar="supply", severity="warn", points=5, reason="float 14.2%"),
        Deduction(code="ADMIN_POWERS", pillar="integrity", severity="warn", points=5,
                  reason="pausable, upgradeable"),
        Deduction(code="NO_REFUND", pillar="sale", severity="warn", points=5, reason="no refund terms"),
    ]
    pillars = [PillarScore(pillar=p, score=s) for p, s in [
        ("integrity", 40), ("supply", 95), ("distribution", 95), ("vesting", 85), ("utility", 100),
        ("sale", 80), ("disclosure", 90)]]
    return Grade(letter="F", score=35.0, assessable=True, coverage=0.82,
                 coverage_detail={"supply.max_supply": True, "allocation": True,
                                  "supply.initial_circulating": False, "vesting.team": True},
                 pillars=pillars, deductions=deductions,
                 cap="red line GUARANTEED_RETURNS caps the grade at F",
                 explanation=["Starts at 100; 65 points deducted.", "A red line caps the grade at F."])


def sample_result() -> Result:
    """A fully populated, realistic Result."""
    return Result(
        file=FileInfo(name="nebula-whitepaper-v2.1.pdf", sha256="ab" * 32, pages=18,
                      title="Nebula Protocol Whitepaper", author="Nebula Labs",
                      created="2024-02-01T10:00:00Z"),
        provenance=Provenance(paperlens_version="0.1.0", backend="llm", model="gpt-4o-mini",
                              prompt_version="extract-v3", pages_sent=[1, 3, 6, 7, 8, 9, 12],
                              usage=Usage(calls=2, input_tokens=18234, output_tokens=2190, cost_usd=0.0041),
                              policy="default", created_at="2026-11-22T00:00:00+00:00", seconds=12.5),
        tokenomics=sample_tokenomics(),
        language=[LanguageHit(kind="guaranteed_returns", evidence=ev("stakers earn a guaranteed 40% APY", 5)),
                  LanguageHit(kind="urgency", evidence=ev("only 48 hours left", 12))],
        figures=compute(trusted(sample_tokenomics()), sample_tokenomics()),
        findings=sample_findings(),
        grade=sample_grade(),
        warnings=["page 17 has no text layer (scanned image?)"],
    )


def empty_result() -> Result:
    """A paper that states nothing: no allocation, no findings, not assessable."""
    return Result(
        file=FileInfo(name="blank.pdf", sha256="00" * 32, pages=1),
        provenance=Provenance(paperlens_version="0.1.0", backend="rules", policy="default",
                              created_at="2026-11-22T00:00:00+00:00"),
        tokenomics=Tokenomics(),
        grade=Grade(letter="N/A", score=None, assessable=False, coverage=0.0),
    )


def hostile_result() -> Result:
    """The sample with script-injection strings in every free-text field."""
    r = sample_result()
    bad = " ".join(INJECTIONS)
    t = r.tokenomics
    t.identity.project_name = fact(f"Evil {SCRIPT}", 1, SCRIPT)
    t.identity.symbol = fact(IMG, 1, IMG)
    t.identity.chain = fact(JS_URL, 2, JS_URL)
    t.summary = fact(bad, 2, bad)
    t.emission.burn = fact(bad, 3, bad)
    for row in t.allocation:
        row.label = f"{row.label} {SCRIPT}"
        if row.evidence:
            row.evidence.quote = bad
    t.allocation[0].label = IMG
    t.allocation[1].label = JS_URL
    t.disclosure.team = [Person(name=IMG, role=JS_URL, evidence=ev(SCRIPT, 3))]
    for f in r.findings:
        f.message = f"{f.message} {bad}"
        f.figures = {SCRIPT: IMG, "x|y": JS_URL}
        f.threshold = IMG
        f.source = JS_URL
        f.evidence.append(ev(bad, 9, status="quote_not_found"))
    for d in r.grade.deductions:
        d.reason = bad
    r.grade.cap = SCRIPT
    r.grade.explanation.append(bad)
    r.file.name = f"{IMG}.pdf"
    r.file.title = SCRIPT
    r.provenance.model = JS_URL
    r.provenance.policy = IMG
    r.warnings.append(bad)
    r.language.append(LanguageHit(kind="ai_instruction", evidence=ev(bad, 4)))
    return r


def large_result(n_rows: int = 20) -> Result:
    """The sample with ``n_rows`` allocation rows (for the size bound)."""
    r = sample_result()
    base = allocation_rows()
    rows = []
    for i in range(n_rows):
        row = base[i % len(base)].model_copy(deep=True)
        row.label = f"{row.label} #{i + 1}"
        row.percent = round(100 / n_rows, 4)
        rows.append(row)
    r.tokenomics.allocation = rows
    return r
