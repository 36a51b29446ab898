"""Figures: every number computed from the facts, computed once, from the verified facts only.

:func:`compute` fills the :class:`~paperlens.schema.Figures` stored on the
result (supply base, each row's share, category and insider shares, float at
TGE, the unlock curve, the team's cliff and lock). Validate, grade, the reports,
the charts and bulk read those figures and never compute their own, so a report
cannot show one total in its table and another in its findings. An unverified
row is listed (its share shown apart) but counted in no total.

Every figure is ``None`` when the facts it needs are not found; nothing is
guessed. Percentages are of the supply base (total supply, else max supply).
"""

from __future__ import annotations

from paperlens.assess.ground import BAD_STATUSES
from paperlens.assess.schedule import row_pct, supply_base, unlock_schedule
from paperlens.schema import INSIDER_CATEGORIES, AllocationRow, Figures, RowFigure, Tokenomics, Vesting

HORIZON_MONTHS = 12.0


def category_pct(t: Tokenomics, categories: tuple[str, ...]) -> float | None:
    """Sum of the shares of rows in ``categories``; None when no row has a share."""
    base = supply_base(t)
    shares = [row_pct(r, base) for r in t.allocation]
    if not any(s is not None for s in shares):
        return None
    return sum(s for r, s in zip(t.allocation, shares) if s is not None and r.category in categories)


def allocation_sum_pct(t: Tokenomics) -> float | None:
    """Sum of all rows' stated or amount-derived percentages."""
    base = supply_base(t)
    shares = [row_pct(r, base) for r in t.allocation]
    known = [s for s in shares if s is not None]
    return sum(known) if known else None


def has_schedule(v: Vesting | None) -> bool:
    """True when the vesting states any time-based release (not TBD, not empty)."""
    if v is None or v.tbd:
        return False
    return any(x is not None for x in (v.tge_unlock_pct, v.cliff_months, v.vesting_months))


def lock_months(v: Vesting) -> float | None:
    """Months until the row is fully unlocked (cliff + vesting); 0 when all unlocks at TGE.

    None when the paper leaves the end open (a cliff with no vesting length, say).
    """
    if v.tge_unlock_pct is not None and v.tge_unlock_pct >= 100:
        return 0.0
    if v.vesting_months is not None:
        return float(v.cliff_months or 0) + float(v.vesting_months)
    if v.cliff_months is not None and v.shape == "cliff":
        return float(v.cliff_months)
    return None


def unlocked_share(v: Vesting, months: float) -> float | None:
    """Fraction (0..1) of a row unlocked ``months`` after TGE; None when unknowable."""
    if not has_schedule(v):
        return None
    tge = min(max(float(v.tge_unlock_pct or 0), 0.0), 100.0) / 100.0
    cliff = float(v.cliff_months or 0)
    end = lock_months(v)
    if tge >= 1.0 or months < cliff:
        progress = 0.0
    elif end is None:
        return None
    elif end <= cliff:
        progress = 1.0
    else:
        progress = min((months - cliff) / (end - cliff), 1.0)
    return tge + (1.0 - tge) * progress


def _team_rows(t: Tokenomics, categories: tuple[str, ...] = ("team",)) -> list[AllocationRow]:
    return [r for r in t.allocation if r.category in categories]


def float_at_tge_pct(t: Tokenomics) -> float | None:
    """Circulating supply at TGE in % of total: as stated, else from the rows' TGE unlocks."""
    s = t.supply
    if s.initial_circulating_pct.value is not None:
        return float(s.initial_circulating_pct.value)
    base = supply_base(t)
    if s.initial_circulating.value is not None and base:
        return 100.0 * s.initial_circulating.value / base
    return _unlocked_by(t, 0.0)


def _unlocked_by(t: Tokenomics, months: float) -> float | None:
    """% of supply unlocked ``months`` after TGE, only when every row's schedule is known."""
    base = supply_base(t)
    total = 0.0
    if not t.allocation:
        return None
    for row in t.allocation:
        share = row_pct(row, base)
        if share is None:
            return None
        if row.category == "public_sale" and row.vesting is None:
            fraction = 1.0  # a public sale is liquid unless a schedule says otherwise
        else:
            fraction = unlocked_share(row.vesting, months) if row.vesting else None
        if fraction is None:
            return None
        total += share * fraction
    return total


def unlock_12m_pct_of_float(t: Tokenomics) -> float | None:
    """Tokens unlocking in months 1-12 after TGE as % of the TGE float."""
    at_tge = _unlocked_by(t, 0.0)
    by_12 = _unlocked_by(t, HORIZON_MONTHS)
    float_pct = float_at_tge_pct(t)
    if at_tge is None or by_12 is None or not float_pct:
        return None
    return 100.0 * (by_12 - at_tge) / float_pct


def team_vesting_rows(t: Tokenomics) -> list[AllocationRow]:
    """Team rows whose vesting states a schedule."""
    return [r for r in _team_rows(t) if has_schedule(r.vesting)]


def weighted_mean(rows: list[AllocationRow], values: list[float], base: float | None) -> float | None:
    """Mean of ``values`` weighted by each row's share (or amount); plain mean when unknown."""
    if not rows:
        return None
    weights = [row_pct(r, base) for r in rows]
    if any(w is None for w in weights):
        weights = [r.amount for r in rows]
    if any(w is None for w in weights) or not sum(weights):
        weights = [1.0] * len(rows)
    return sum(w * v for w, v in zip(weights, values)) / sum(weights)


def compute(verified: Tokenomics, extracted: Tokenomics | None = None) -> Figures:
    """All figures from the ``verified`` facts (:func:`paperlens.assess.ground.trusted`).

    ``extracted`` (the tokenomics as extracted, with statuses) only adds its
    unverified allocation rows to :attr:`Figures.rows`, flagged, so reports can
    show them apart; they count in no total. Team cliff and lock are
    share-weighted over the team rows that state a schedule, so a tiny row does
    not speak for the whole team.
    """
    t = verified
    base = supply_base(t)
    team = team_vesting_rows(t)
    team_cliff = weighted_mean(team, [float(r.vesting.cliff_months or 0) for r in team], base)
    ended = [r for r in team if lock_months(r.vesting) is not None]
    team_lock = weighted_mean(ended, [lock_months(r.vesting) for r in ended], base)
    insiders_tge = [
        float(r.vesting.tge_unlock_pct)
        for r in _team_rows(t, ("team", "advisors"))
        if r.vesting and r.vesting.tge_unlock_pct is not None
    ]
    float_pct = float_at_tge_pct(t)
    max_or_total = t.supply.max_supply.value or t.supply.total_supply.value
    rows = [RowFigure(label=r.label, category=r.category, share_pct=row_pct(r, base),
                      from_amount=r.percent is None and row_pct(r, base) is not None,
                      verified=not (r.evidence is not None and r.evidence.status in BAD_STATUSES))
            for r in (extracted.allocation if extracted is not None else t.allocation)]
    return Figures(
        supply_base=base,
        rows=rows,
        allocation_sum_pct=allocation_sum_pct(t),
        team_pct=category_pct(t, ("team",)),
        advisors_pct=category_pct(t, ("advisors",)),
        private_investors_pct=category_pct(t, ("private_investors",)),
        insider_pct=category_pct(t, INSIDER_CATEGORIES),
        public_sale_pct=category_pct(t, ("public_sale",)),
        reserve_pct=category_pct(t, ("reserve",)),
        community_pct=category_pct(t, ("community",)),
        community_and_public_pct=category_pct(t, ("community", "public_sale")),
        float_at_tge_pct=float_pct,
        fdv_to_mcap_at_tge=100.0 / float_pct if float_pct else None,
        unlock_12m_pct_of_float=unlock_12m_pct_of_float(t),
        team_cliff_months=team_cliff,
        team_lock_months=team_lock,
        insider_tge_unlock_pct=max(insiders_tge) if insiders_tge else None,
        max_or_total_supply=float(max_or_total) if max_or_total else None,
        unlock=unlock_schedule(t),
    )
