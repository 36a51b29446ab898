"""Month-by-month unlock schedule from each allocation row's vesting terms.

Self-contained and for display only (the report's unlock chart): month 0 is
TGE; a row releases ``tge_unlock_pct`` of itself at TGE, nothing more until the
cliff ends, then the rest over ``vesting_months`` (linear, stepwise by its
frequency, or all at once for shape "cliff"). Rows without usable terms are not
guessed at: they are listed in :attr:`UnlockSchedule.not_stated`.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from .schema import AllocationRow, Category, Tokenomics

MIN_MONTHS = 12
MAX_MONTHS = 120  # ten years: longer tails are cut off and said so

_PERIODS = (
    (r"quarter", 3),
    (r"semi|half|bi-?annual|six", 6),
    (r"annual|year", 12),
    (r"month|week|dai|day|block|continu|second", 1),
)


@dataclass
class RowSchedule:
    """Cumulative unlocked share of total supply (%) per month for one row."""

    label: str
    category: Category
    percent: float
    unlocked: list[float]
    note: str | None = None  # e.g. "after TGE: not stated"


@dataclass
class NotStated:
    """An allocation row whose release schedule the paper does not state."""

    label: str
    category: Category
    percent: float | None
    reason: str


@dataclass
class UnlockSchedule:
    """The circulating supply month by month from TGE, per allocation row."""

    months: int
    rows: list[RowSchedule] = field(default_factory=list)
    not_stated: list[NotStated] = field(default_factory=list)
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
        return self.total()[min(max(month, 0), self.months)]


def _period(frequency: str | None) -> int:
    if not frequency:
        return 1
    text = frequency.lower()
    for pattern, months in _PERIODS:
        if re.search(pattern, text):
            return months
    return 1


def clean(value: float | None) -> float | None:
    """``value`` if it is a finite, non-negative number, else None (treated as not stated)."""
    if value is None or not math.isfinite(value) or value < 0:
        return None
    return float(value)


def row_share(row: AllocationRow, supply: float | None) -> float | None:
    """A row's share of supply in %, from its percent, else its amount over the supply."""
    if row.percent is not None:
        return clean(row.percent)
    amount, supply = clean(row.amount), clean(supply)
    if amount is not None and supply:
        return amount / supply * 100
    return None


def _fraction(m: int, tge: float, cliff: float, vest: float, shape: str | None, period: int) -> float:
    """Unlocked fraction (0..1) of one row at month ``m``."""
    rest = 1.0 - tge
    if shape == "cliff":
        return tge + (rest if m >= cliff + vest else 0.0)
    if vest <= 0:
        return tge + (rest if m >= cliff else 0.0)
    elapsed = m - cliff
    if elapsed <= 0:
        return tge
    if shape == "step":
        elapsed = math.floor(elapsed / period) * period
    return tge + rest * min(1.0, elapsed / vest)


def unlock_schedule(tokenomics: Tokenomics) -> UnlockSchedule:
    """Compute the unlock schedule of every allocation row that states its terms."""
    supply = tokenomics.supply.total_supply.value or tokenomics.supply.max_supply.value
    plans = []
    not_stated: list[NotStated] = []
    horizon = MIN_MONTHS
    for row in tokenomics.allocation:
        pct = row_share(row, supply)
        v = row.vesting
        if pct is None:
            not_stated.append(NotStated(row.label, row.category, None, "share not stated"))
            continue
        if v is None:
            not_stated.append(NotStated(row.label, row.category, pct, "no release terms"))
            continue
        if v.tbd:
            not_stated.append(NotStated(row.label, row.category, pct, "TBD: no time-based release"))
            continue
        tge_pct, cliff_m, vest_m = clean(v.tge_unlock_pct), clean(v.cliff_months), clean(v.vesting_months)
        if tge_pct is None and cliff_m is None and vest_m is None:
            not_stated.append(NotStated(row.label, row.category, pct, "release terms incomplete"))
            continue
        tge = min((tge_pct or 0.0) / 100, 1.0)
        # the end is open unless a duration is stated or the cliff releases everything
        partial = vest_m is None and v.shape != "cliff" and tge < 1.0
        cliff, vest = cliff_m or 0.0, vest_m or 0.0
        if not partial:
            horizon = max(horizon, math.ceil(min(cliff + vest, MAX_MONTHS + 1)))
        plans.append((row, pct, tge, cliff, vest, partial))
        if partial:
            stated = f"a {cliff:g}-month cliff" if cliff_m else f"the TGE unlock ({tge * 100:g}%)"
            not_stated.append(NotStated(row.label, row.category, pct * (1 - tge),
                                        f"only {stated} is stated, not when the rest is released"))
    truncated = horizon > MAX_MONTHS
    months = min(int(math.ceil(horizon / 6) * 6), MAX_MONTHS)
    rows = []
    for row, pct, tge, cliff, vest, partial in plans:
        v = row.vesting
        if partial:
            series = [pct * tge] * (months + 1)
            note = "after TGE: not stated"
        else:
            period = _period(v.frequency)
            series = [pct * _fraction(m, tge, cliff, vest, v.shape, period) for m in range(months + 1)]
            note = None
        rows.append(RowSchedule(row.label, row.category, pct, series, note))
    return UnlockSchedule(months=months, rows=rows, not_stated=not_stated, truncated=truncated)
