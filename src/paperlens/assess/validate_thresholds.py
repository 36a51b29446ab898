"""The threshold rules, as data: each compares one figure with the levels and comparison in ``policy.toml``.

A declaration names the rule's code and pillar, the figure it reads, its
message, the unit shown after the threshold text and where its evidence comes
from (:class:`~paperlens.validate_base.Threshold`). The numbers, the comparison
and any forced severity are the policy's.
"""

from __future__ import annotations

from paperlens.assess.figures import team_vesting_rows
from paperlens.schema import INSIDER_CATEGORIES, AllocationRow, Tokenomics
from paperlens.assess.validate_base import Threshold, all_rows, num, rows_in


def _liquid_insiders(t: Tokenomics) -> list[AllocationRow]:
    return [
        r for r in t.allocation
        if r.category in ("team", "advisors") and r.vesting and (r.vesting.tge_unlock_pct or 0) > 0
    ]


def _cliff_message(cliff: float) -> str:
    what = "has no cliff" if cliff == 0 else f"has a cliff of only {num(cliff)} months"
    return f"The team allocation {what} (a one-year cliff is the norm)."


_SHARE = "{value}% of the supply ({word} {limit}%)."

# ---------------------------------------------------------------- distribution

TEAM_HEAVY = Threshold("TEAM_HEAVY", "distribution", "team_pct", "The team holds " + _SHARE,
                       rows=rows_in("team"))
INSIDER_HEAVY = Threshold("INSIDER_HEAVY", "distribution", "insider_pct",
                          "Insiders (team, advisors, private investors) hold " + _SHARE,
                          rows=rows_in(*INSIDER_CATEGORIES))
#: COMMUNITY_THIN reads one of these two, as the policy's ``include_public_sale`` says
COMMUNITY_AND_SALE = Threshold("COMMUNITY_THIN", "distribution", "community_and_public_pct",
                               "Community and public sale get " + _SHARE, rows=rows_in("community", "public_sale"))
COMMUNITY_ONLY = Threshold("COMMUNITY_THIN", "distribution", "community_pct",
                           "The community bucket gets " + _SHARE, rows=rows_in("community"))

# ---------------------------------------------------------------- vesting

TEAM_CLIFF_SHORT = Threshold("TEAM_CLIFF_SHORT", "vesting", "team_cliff_months", _cliff_message,
                             unit="months", rows=team_vesting_rows)
TEAM_VEST_SHORT = Threshold("TEAM_VEST_SHORT", "vesting", "team_lock_months",
                            "Team tokens are fully unlocked after {value} months (cliff plus vesting); "
                            "3-4 years is the norm.",
                            unit="months", rows=team_vesting_rows)
INSIDER_TGE_UNLOCK = Threshold("INSIDER_TGE_UNLOCK", "vesting", "insider_tge_unlock_pct",
                               "Up to {value}% of team/advisor tokens are liquid at TGE ({labels}).",
                               unit="%", rows=_liquid_insiders)
UNLOCK_OVERHANG = Threshold("UNLOCK_OVERHANG", "vesting", "unlock_12m_pct_of_float",
                            "Tokens unlocking in the first 12 months equal {value}% of the float at TGE.",
                            unit="% of TGE float", rows=all_rows, shown=("float_at_tge_pct",))

# ---------------------------------------------------------------- supply and controls

LOW_FLOAT = Threshold("LOW_FLOAT", "supply", "float_at_tge_pct",
                      "Only {value}% of the supply circulates at TGE; later unlocks can weigh on the price.",
                      unit="% of total", rows=all_rows,
                      facts=("supply.initial_circulating_pct", "supply.initial_circulating", "supply.total_supply"))
HIGH_TAX = Threshold("HIGH_TAX", "supply", "controls.tax_pct",
                     "A {value}% tax is charged on token transfers or trades.",
                     unit="%", facts=("controls.tax_pct",))
