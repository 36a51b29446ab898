"""The tokenomics schema: what paperlens extracts from a whitepaper.

Every fact carries its evidence (page, verbatim quote, verification status).
``value is None`` means "not stated in the paper", which is distinct from zero.
Every field is required and nullable, so the same models serve as a strict
JSON schema for LLM structured outputs (see ``extract_llm``).
"""

from __future__ import annotations

import re
from typing import Generic, Literal, Optional, TypeVar

from pydantic import BaseModel, ConfigDict, Field, field_validator

SCHEMA_VERSION = "2.0"

T = TypeVar("T")

Status = Literal["verified", "value_not_in_quote", "quote_not_found", "quarantined", "unchecked"]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Evidence(Model):
    """Where a fact comes from: 1-based page number and a verbatim quote."""

    page: int = Field(description="1-based page number in the PDF")
    quote: str = Field(description="verbatim text copied from that page")
    status: Status = Field(
        default="unchecked",
        description="set by paperlens when the quote is checked against the page text",
    )

    @field_validator("quote")
    @classmethod
    def _clean(cls, quote: str) -> str:
        return clean_quote(quote)


# list bullets as PDFs set them (private-use glyphs of symbol fonts included)
_BULLETS = re.compile(r"[ \t]*[\u2022\u25cf\u25aa\u25a0\u25e6\u25cb\u2023\u2043\u27a2\u25ba\u25b6\u2714\u2713"
                      r"\u2756\u25c6\u25c7\u25a1\u2219\ue000-\uf8ff]+[ \t]*")
# a word hyphenated at a line end: "sched-\nule" (not "pre-\nand post-sale"; "that- but" on one
# line is a dash)
_HYPHEN_BREAK = re.compile(r"(?<=[a-z])-[ \t]*\n[ \t]*(?=[a-z])(?!(?:and|or|nor|to|und)\b)")
_HYPHEN_GAP = re.compile(r"-\s")


def clean_quote(quote: str) -> str:
    """A quote as shown to users: list bullets and hyphenation breaks ("sched-\\nule", shown
    as "sched- ule") taken out.

    Only non-alphanumeric characters are removed, so grounding still finds the
    quote in the page text (its loose match compares letters and digits).
    """
    if not _HYPHEN_GAP.search(quote) and not _BULLETS.search(quote):
        return quote
    quote = _HYPHEN_BREAK.sub("", quote)
    lines = [_BULLETS.sub(" ", line).strip() for line in quote.split("\n")]
    return "\n".join(line for line in lines if line)


class Fact(Model, Generic[T]):
    """A single extracted value with its evidence; value None = not stated."""

    value: Optional[T] = None
    evidence: Optional[Evidence] = None

    @property
    def stated(self) -> bool:
        return self.value is not None

    @property
    def verified(self) -> bool:
        return self.evidence is not None and self.evidence.status == "verified"

    def __reduce__(self):
        # A parametrized class (``Fact[float]``, made when pydantic validates a Fact into a
        # ``Fact[float]`` field, e.g. Conflict.values or JSON read back) is no module attribute,
        # so pickle cannot name it: name it by its origin and arguments instead.
        args = type(self).__pydantic_generic_metadata__["args"]
        if not args:
            return super().__reduce__()
        return _rebuild_fact, (args, self.__getstate__())


def _rebuild_fact(args: tuple, state: dict) -> Fact:
    """A pickled ``Fact[...]`` back (see :meth:`Fact.__reduce__`)."""
    cls = Fact[args if len(args) > 1 else args[0]]
    fact = cls.__new__(cls)
    fact.__setstate__(state)
    return fact


class Money(Model):
    amount: float
    currency: Optional[str] = Field(None, description="USD, ETH, BTC, EUR, ...")


LaunchStyle = Literal["ico", "ieo", "ido", "fair_launch", "airdrop", "mining", "private", "other"]
EmissionType = Literal["fixed", "inflationary", "deflationary", "hybrid"]
Category = Literal[
    "team", "advisors", "private_investors", "public_sale", "reserve", "community", "other"
]
INSIDER_CATEGORIES = ("team", "advisors", "private_investors")
UtilityKind = Literal[
    "payment", "gas_fees", "staking", "governance", "access", "collateral",
    "revenue_share", "work", "burn_to_use", "reward", "other",
]
ValueCapture = Literal["burn", "fee_share", "buyback", "collateral", "staking", "other"]
AdminPowerKind = Literal["upgradeable", "pausable", "blacklist", "mintable", "fee_modifiable"]
StableMechanism = Literal["fiat_reserve", "crypto_collateral", "algorithmic", "hybrid"]


class Identity(Model):
    project_name: Fact[str] = Field(default_factory=Fact)
    token_name: Fact[str] = Field(default_factory=Fact)
    symbol: Fact[str] = Field(default_factory=Fact)
    chain: Fact[str] = Field(default_factory=Fact, description="own chain or host chain")
    standard: Fact[str] = Field(default_factory=Fact, description="native, ERC-20, ...")
    launch_style: Fact[LaunchStyle] = Field(default_factory=Fact)


class Supply(Model):
    max_supply: Fact[float] = Field(default_factory=Fact, description="hard cap in tokens")
    uncapped: Fact[bool] = Field(
        default_factory=Fact, description="true only when the paper says supply has no cap"
    )
    total_supply: Fact[float] = Field(default_factory=Fact)
    initial_circulating: Fact[float] = Field(default_factory=Fact, description="tokens at TGE")
    initial_circulating_pct: Fact[float] = Field(default_factory=Fact, description="% of total at TGE")


class Emission(Model):
    type: Fact[EmissionType] = Field(default_factory=Fact)
    schedule: Fact[str] = Field(default_factory=Fact, description="inflation, block reward, halving")
    annual_inflation_pct: Fact[float] = Field(default_factory=Fact)
    burn: Fact[str] = Field(default_factory=Fact, description="burn mechanism")
    mint_authority: Fact[str] = Field(default_factory=Fact, description="who may mint new tokens")
    mint_capped: Fact[bool] = Field(default_factory=Fact)


class Vesting(Model):
    tge_unlock_pct: Optional[float] = None
    cliff_months: Optional[float] = None
    vesting_months: Optional[float] = Field(None, description="duration after the cliff")
    shape: Optional[Literal["cliff", "linear", "step"]] = None
    frequency: Optional[str] = None
    start: Optional[str] = Field(None, description="TGE, listing, a date")
    tbd: bool = Field(False, description="allocated with no time-based release stated")
    evidence: Optional[Evidence] = None


class AllocationRow(Model):
    label: str = Field(description="the row label as written in the paper")
    category: Category
    percent: Optional[float] = None
    amount: Optional[float] = None
    price: Optional[Money] = None
    vesting: Optional[Vesting] = None
    evidence: Optional[Evidence] = None


class UtilityItem(Model):
    kind: UtilityKind
    evidence: Optional[Evidence] = None


class ValueCaptureItem(Model):
    kind: ValueCapture
    evidence: Optional[Evidence] = None


class Utility(Model):
    uses: list[UtilityItem] = Field(default_factory=list)
    value_capture: list[ValueCaptureItem] = Field(default_factory=list)


class AdminPower(Model):
    kind: AdminPowerKind
    evidence: Optional[Evidence] = None


class Audit(Model):
    firm: str
    date: Optional[str] = None
    scope: Optional[str] = None
    evidence: Optional[Evidence] = None


class Controls(Model):
    consensus: Fact[str] = Field(default_factory=Fact)
    staking: Fact[str] = Field(default_factory=Fact, description="reward source, lock-up, slashing")
    governance: Fact[str] = Field(default_factory=Fact)
    admin_powers: list[AdminPower] = Field(default_factory=list)
    audits: list[Audit] = Field(default_factory=list)
    tax_pct: Fact[float] = Field(default_factory=Fact, description="stated buy/sell tax")


class ProceedsRow(Model):
    label: str
    percent: Optional[float] = None
    evidence: Optional[Evidence] = None


class Sale(Model):
    price: Fact[Money] = Field(default_factory=Fact, description="price per token")
    soft_cap: Fact[Money] = Field(default_factory=Fact)
    hard_cap: Fact[Money] = Field(default_factory=Fact)
    raise_target: Fact[Money] = Field(default_factory=Fact)
    tokens_offered: Fact[float] = Field(default_factory=Fact)
    accepted_currencies: Fact[list[str]] = Field(default_factory=Fact)
    dates: Fact[str] = Field(default_factory=Fact)
    bonus_tiers: Fact[str] = Field(default_factory=Fact)
    refund: Fact[str] = Field(default_factory=Fact)
    use_of_proceeds: list[ProceedsRow] = Field(default_factory=list)
    kyc: Fact[bool] = Field(default_factory=Fact)
    excluded_jurisdictions: Fact[str] = Field(default_factory=Fact)


class Collateral(Model):
    asset: str
    endogenous: bool = Field(description="the issuer's own or affiliated token")
    share_pct: Optional[float] = None
    evidence: Optional[Evidence] = None


class Stablecoin(Model):
    peg: Fact[str] = Field(default_factory=Fact)
    mechanism: Fact[StableMechanism] = Field(default_factory=Fact)
    collateral: list[Collateral] = Field(default_factory=list)
    min_collateral_ratio_pct: Fact[float] = Field(default_factory=Fact)
    liquidation_ratio_pct: Fact[float] = Field(default_factory=Fact)
    reserve_composition: Fact[str] = Field(default_factory=Fact)
    reserve_coverage_pct: Fact[float] = Field(default_factory=Fact)
    attestation_firm: Fact[str] = Field(default_factory=Fact)
    attestation_frequency: Fact[str] = Field(default_factory=Fact)
    redemption: Fact[str] = Field(default_factory=Fact)
    redemption_at_par: Fact[bool] = Field(default_factory=Fact)
    yield_to_holders: Fact[bool] = Field(default_factory=Fact)
    issuer_licence: Fact[str] = Field(default_factory=Fact)


class Person(Model):
    name: str
    role: Optional[str] = None
    evidence: Optional[Evidence] = None


class Disclosure(Model):
    legal_entity: Fact[str] = Field(default_factory=Fact)
    jurisdiction: Fact[str] = Field(default_factory=Fact)
    address: Fact[str] = Field(default_factory=Fact)
    team: list[Person] = Field(default_factory=list)
    team_anonymous: Fact[bool] = Field(default_factory=Fact)
    advisors: list[Person] = Field(default_factory=list)
    risk_section: Fact[bool] = Field(default_factory=Fact)
    regulatory_statement: Fact[str] = Field(default_factory=Fact)


class Conflict(Model):
    """The paper states two different values for the same figure."""

    field: str = Field(description="dotted path, e.g. supply.total_supply")
    values: list[Fact[float]]


class Tokenomics(Model):
    """Everything extracted from one whitepaper."""

    identity: Identity = Field(default_factory=Identity)
    supply: Supply = Field(default_factory=Supply)
    emission: Emission = Field(default_factory=Emission)
    allocation: list[AllocationRow] = Field(default_factory=list)
    utility: Utility = Field(default_factory=Utility)
    controls: Controls = Field(default_factory=Controls)
    sale: Optional[Sale] = Field(None, description="null when the paper describes no token sale")
    stablecoin: Optional[Stablecoin] = Field(None, description="null unless the token is a stablecoin")
    disclosure: Disclosure = Field(default_factory=Disclosure)
    conflicts: list[Conflict] = Field(default_factory=list)
    summary: Fact[str] = Field(default_factory=Fact)


# ---------------------------------------------------------------- results

Severity = Literal["info", "warn", "high", "red_line"]
Pillar = Literal[
    "integrity", "supply", "distribution", "vesting", "utility", "sale", "stablecoin", "disclosure"
]


class LanguageHit(Model):
    """A sentence matched by a language rule (guaranteed returns, hype, ...)."""

    kind: Literal[
        "guaranteed_returns", "regulatory_claim", "celebrity", "urgency", "listing_promise",
        "stablecoin_yield", "ai_instruction",
    ]
    evidence: Evidence


class Finding(Model):
    code: str
    pillar: Pillar
    severity: Severity
    message: str
    kind: Literal["risk", "undisclosed"] = Field(
        "risk", description="a design risk, or a disclosure gap (the section is there, the item not found in it)"
    )
    figures: dict[str, float | str | None] = Field(default_factory=dict)
    threshold: Optional[str] = None
    basis: Optional[str] = Field(None, description="W widely used, S one source, R regulator, D ours")
    source: Optional[str] = None
    evidence: list[Evidence] = Field(default_factory=list)


class Deduction(Model):
    code: str
    pillar: Pillar
    severity: Severity
    points: float
    reason: str
    kind: Literal["risk", "undisclosed"] = Field(
        "risk", description="a design risk, or a disclosure gap (smaller weights)"
    )


class PillarScore(Model):
    pillar: Pillar
    score: float
    max: float = 100


class Grade(Model):
    letter: str = Field(description="A..F, or N/A when not assessable")
    score: Optional[float]
    assessable: bool
    coverage: float = Field(description="share of graded facts found and verified, 0..1")
    coverage_detail: dict[str, bool] = Field(default_factory=dict)
    pillars: list[PillarScore] = Field(default_factory=list)
    deductions: list[Deduction] = Field(default_factory=list)
    cap: Optional[str] = Field(None, description="why the grade was capped (red line)")
    held_back: Optional[str] = Field(None, description="in one line, what held the letter back")
    explanation: list[str] = Field(default_factory=list)


class FileInfo(Model):
    name: str
    sha256: str
    pages: int
    title: Optional[str] = None
    author: Optional[str] = None
    created: Optional[str] = None
    modified: Optional[str] = None


class Usage(Model):
    calls: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    cost_usd: Optional[float] = None


class Provenance(Model):
    paperlens_version: str
    backend: str
    model: Optional[str] = None
    server: Optional[str] = None  # the LLM server's URL, credentials removed
    prompt_version: Optional[str] = None
    schema_version: str = SCHEMA_VERSION
    pages_sent: list[int] = Field(default_factory=list)
    usage: Usage = Field(default_factory=Usage)
    policy: str
    created_at: str
    seconds: Optional[float] = None
    text_engine: Optional[str] = None  # the engine that read the PDF's text, e.g. "pdfium 5.15.2"


# ---------------------------------------------------------------- what the text mentions, what kind of paper


class Mentions(Model):
    """Pages on which the text mentions each item, whether or not a value was extracted
    (:mod:`paperlens.assess.mentions`): what makes an absence established rather than a miss."""

    sale_section: list[int] = Field(default_factory=list)
    tokenomics_section: list[int] = Field(default_factory=list)
    hard_cap: list[int] = Field(default_factory=list)
    soft_cap: list[int] = Field(default_factory=list)
    refund: list[int] = Field(default_factory=list)
    use_of_funds: list[int] = Field(default_factory=list)
    legal_entity: list[int] = Field(default_factory=list)
    jurisdiction: list[int] = Field(default_factory=list)
    team_named: list[int] = Field(default_factory=list)
    risk_section: list[int] = Field(default_factory=list)
    team_vesting: list[int] = Field(default_factory=list)
    advisors_vesting: list[int] = Field(default_factory=list)
    investors_vesting: list[int] = Field(default_factory=list)
    token_use: list[int] = Field(default_factory=list)
    supply_figure: list[int] = Field(default_factory=list)
    figures: list[int] = Field(default_factory=list, description="figure captions, charts referred to")


PaperKind = Literal["token_offering", "network_token", "governance_token", "stablecoin", "no_token"]


class Kind(Model):
    """What kind of paper this is (:mod:`paperlens.assess.kind`): the rules and the key facts depend on it."""

    value: PaperKind
    reason: str
    evidence: list[Evidence] = Field(default_factory=list)


# ---------------------------------------------------------------- figures


class RowFigure(Model):
    """One allocation row as the figures count it."""

    label: str
    category: Category
    share_pct: Optional[float] = Field(None, description="stated percent, else its amount over the supply base")
    from_amount: bool = Field(False, description="share computed from the row's token count")
    verified: bool = Field(False, description="the row's quote holds its figure: counted in every total")


class UnlockRow(Model):
    """Cumulative unlocked share of total supply (%) per month for one allocation row."""

    label: str
    category: Category
    percent: float
    unlocked: list[float]
    note: Optional[str] = None


class UnlockGap(Model):
    """A verified allocation row whose release schedule is not drawn, and why."""

    label: str
    category: Category
    percent: Optional[float] = None
    reason: str


class Unlock(Model):
    """Circulating supply month by month from TGE (month 0), per verified allocation row."""

    months: int = 0
    rows: list[UnlockRow] = Field(default_factory=list)
    not_stated: list[UnlockGap] = Field(default_factory=list)
    truncated: bool = False

    @property
    def empty(self) -> bool:
        return not self.rows

    def by_category(self) -> dict[str, list[float]]:
        """Unlocked % of supply per month, summed per category (paper order)."""
        out: dict[str, list[float]] = {}
        for row in self.rows:
            series = out.setdefault(row.category, [0.0] * (self.months + 1))
            for m, v in enumerate(row.unlocked):
                series[m] += v
        return out

    def total(self) -> list[float]:
        """Unlocked % of supply per month, all rows."""
        return [sum(r.unlocked[m] for r in self.rows) for m in range(self.months + 1)]

    def at(self, month: int) -> float:
        """Unlocked % of supply at ``month`` (clamped to the horizon)."""
        return self.total()[min(max(month, 0), self.months)] if self.rows else 0.0


class Figures(Model):
    """Every figure computed from the verified facts, once (:mod:`paperlens.assess.figures`).

    Validate, grade, the reports, the charts and bulk read these; none computes
    its own. Shares are % of the supply base; ``None`` = not computable from
    what was found and verified.
    """

    supply_base: Optional[float] = Field(None, description="total supply, else max supply")
    rows: list[RowFigure] = Field(default_factory=list, description="every extracted row, verified or not")
    allocation_sum_pct: Optional[float] = None
    team_pct: Optional[float] = None
    advisors_pct: Optional[float] = None
    private_investors_pct: Optional[float] = None
    insider_pct: Optional[float] = None
    public_sale_pct: Optional[float] = None
    reserve_pct: Optional[float] = None
    community_pct: Optional[float] = None
    community_and_public_pct: Optional[float] = None
    float_at_tge_pct: Optional[float] = None
    fdv_to_mcap_at_tge: Optional[float] = None
    unlock_12m_pct_of_float: Optional[float] = None
    team_cliff_months: Optional[float] = None
    team_lock_months: Optional[float] = None
    insider_tge_unlock_pct: Optional[float] = None
    max_or_total_supply: Optional[float] = None
    unlock: Unlock = Field(default_factory=Unlock)

    def scalars(self) -> dict[str, Optional[float]]:
        """The named figures (not rows, not the unlock curve), for tables."""
        return self.model_dump(exclude={"rows", "unlock"})


class Side(Model):
    """One extractor's value for a fact, as shown, with its evidence."""

    value: float | str | bool | None = None
    evidence: Optional[Evidence] = None


class Disagreement(Model):
    """The LLM and the rules backend found different values for the same fact."""

    field: str = Field(description="dotted path, e.g. supply.total_supply")
    llm: Side
    rules: Side
    kept: Literal["llm", "rules"] = Field(description="the value used: the one whose quote was verified")


class Unverified(Model):
    """A fact the LLM gave without a quote, or under one that ground could not verify."""

    field: str
    llm: Side


class Agreement(Model):
    """How far the LLM's facts agree with the rules backend's (only when the LLM ran)."""

    agreed: list[str] = Field(default_factory=list)
    disagreements: list[Disagreement] = Field(default_factory=list)
    only_llm: list[str] = Field(default_factory=list)
    only_rules: list[str] = Field(default_factory=list)
    llm_unverified: list[Unverified] = Field(default_factory=list)

    @property
    def both(self) -> int:
        """Facts both extractors found: agreed or not."""
        return len(self.agreed) + len(self.disagreements)

    @property
    def rate(self) -> float | None:
        """Agreed facts over facts both found, or None when they found none in common."""
        return len(self.agreed) / self.both if self.both else None


class Result(Model):
    """The full output of one analysis: what the CLI and reports render."""

    file: FileInfo
    provenance: Provenance
    tokenomics: Tokenomics
    language: list[LanguageHit] = Field(default_factory=list)
    mentions: Mentions = Field(default_factory=Mentions)
    kind: Optional[Kind] = None
    figures: Figures = Field(default_factory=Figures)
    findings: list[Finding] = Field(default_factory=list)
    grade: Grade
    warnings: list[str] = Field(default_factory=list)
    agreement: Optional[Agreement] = Field(None, description="LLM against rules backend, when the LLM ran")
