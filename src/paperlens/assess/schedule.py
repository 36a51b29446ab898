"""Month-by-month unlock schedule from each allocation row's vesting terms.

Part of the figures (:mod:`paperlens.assess.figures`), computed from the verified
facts: month 0 is TGE; a row releases ``tge_unlock_pct`` of itself at TGE,
nothing more until the cliff ends, then the rest over ``vesting_months``
(linear, stepwise by its frequency, or all at once for shape "cliff"). Rows
without usable terms are not guessed at: they are listed in
:attr:`~paperlens.schema.Unlock.not_stated`.
"""

from __future__ import annotations

import math
import re

from paperlens.numbers import parse_months
from paperlens.schema import AllocationRow, Tokenomics, Unlock, UnlockGap, UnlockRow

MIN_MONTHS = 12
MAX_MONTHS = 120  # ten years: longer tails are cut off and said so

_PERIODS = (
    (r"quarter", 3),
    (r"semi|half|bi-?annual|six", 6),
    (r"annual|year", 12),
    (r"month|week|dai|day|block|continu|second", 1),
)


def _period(frequency: str | None) -> int:
    if not frequency:
        return 1
    text = frequency.lower()
    months = parse_months(text)  # "every 6 months"
    if months:
        return max(1, round(months))
    for pattern, months in _PERIODS:
        if re.search(pattern, text):
            return months
    return 1


def clean(value: float | None) -> float | None:
    """``value`` if it is a finite, non-negative number, else None (treated as not stated)."""
    if value is None or not math.isfinite(value) or value < 0:
        return None
    return float(value)


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


def _gap(row: AllocationRow, percent: float | None, reason: str) -> UnlockGap:
    return UnlockGap(label=row.label, category=row.category, percent=percent, reason=reason)


def unlock_schedule(tokenomics: Tokenomics) -> Unlock:
    """Compute the unlock schedule of every allocation row that states its terms."""

    supply = supply_base(tokenomics)
    plans = []
    not_stated: list[UnlockGap] = []
    horizon = MIN_MONTHS
    for row in tokenomics.allocation:
        pct = row_pct(row, supply)
        v = row.vesting
        if pct is None:
            not_stated.append(_gap(row, None, "share not found in the text"))
            continue
        if v is None:
            not_stated.append(_gap(row, pct, "no release terms"))
            continue
        if v.tbd:
            not_stated.append(_gap(row, pct, "TBD: no time-based release"))
            continue
        tge_pct, cliff_m, vest_m = clean(v.tge_unlock_pct), clean(v.cliff_months), clean(v.vesting_months)
        if tge_pct is None and cliff_m is None and vest_m is None:
            not_stated.append(_gap(row, pct, "release terms incomplete"))
            continue
        tge = min((tge_pct or 0.0) / 100, 1.0)
        # the end is open unless a duration is stated or the cliff releases everything
        partial = vest_m is None and v.shape != "cliff" and tge < 1.0
        cliff, vest = cliff_m or 0.0, vest_m or 0.0
        if not partial:
            horizon = max(horizon, math.ceil(min(cliff + vest, MAX_MONTHS + 1)))
        elif cliff_m:  # show the whole cliff, and a little after it, even when what follows is unknown
            horizon = max(horizon, math.ceil(min(cliff + 6, MAX_MONTHS + 1)))
        plans.append((row, pct, tge, cliff, vest, partial))
        if partial:
            stated = f"a {cliff:g}-month cliff" if cliff_m else f"the TGE unlock ({tge * 100:g}%)"
            not_stated.append(_gap(row, pct * (1 - tge), f"only {stated} is stated, not when the rest is released"))
    truncated = horizon > MAX_MONTHS
    months = min(int(math.ceil(horizon / 6) * 6), MAX_MONTHS)
    rows = []
    for row, pct, tge, cliff, vest, partial in plans:
        v = row.vesting
        if partial:
            series = [pct * tge] * (months + 1)
            note = "after TGE: not found in the text"
        else:
            period = _period(v.frequency)
            series = [pct * _fraction(m, tge, cliff, vest, v.shape, period) for m in range(months + 1)]
            note = None
        rows.append(UnlockRow(label=row.label, category=row.category, percent=pct, unlocked=series, note=note))
    return Unlock(months=months, rows=rows, not_stated=not_stated, truncated=truncated)


# ------------------------------------------------ the one place a row's share is computed


def supply_base(t: Tokenomics) -> float | None:
    """The supply figure allocation percentages refer to: total, else max supply."""
    for fact in (t.supply.total_supply, t.supply.max_supply):
        if fact.value:
            return float(fact.value)
    return None


def row_pct(row: AllocationRow, base: float | None) -> float | None:
    """A row's share in %: as stated, else its amount over the supply base (None for nonsense numbers)."""
    if row.percent is not None:
        return clean(row.percent)
    amount, base = clean(row.amount), clean(base)
    if amount is not None and base:
        return 100.0 * amount / base
    return None
