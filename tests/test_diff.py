"""diff: changes worded as the report words them; JSON keeps raw values."""

import json
from pathlib import Path

from paperlens.report import diff as d
from paperlens.schema import Fact, Money, Result, Sale

SAVED = Path(__file__).resolve().parents[1] / "fixtures"


def _base() -> Result:
    from paperlens.pipeline import analyze

    return analyze(SAVED / "ico_allocation.pdf", backend="rules")


def test_changes_are_worded_for_people_not_programs():
    old = _base()
    new = old.model_copy(deep=True)
    old.tokenomics.supply.max_supply = Fact(value=None)
    new.tokenomics.supply.max_supply = Fact(value=11_000_000_000.0)
    old.tokenomics.supply.uncapped = Fact(value=True)
    new.tokenomics.supply.uncapped = Fact(value=False)
    old.tokenomics.sale = old.tokenomics.sale or Sale()
    new.tokenomics.sale = new.tokenomics.sale or Sale()
    old.tokenomics.sale.hard_cap = Fact(value=Money(amount=12_500_000.0, currency="USD"))
    new.tokenomics.sale.hard_cap = Fact(value=Money(amount=25_000_000.5, currency="USD"))
    new.tokenomics.allocation[0].vesting.cliff_months = 1
    new.findings = new.findings[1:]
    changes = d.diff_results(old, new)
    md = d.diff_markdown(old, new, changes)
    assert "| supply | Max supply | not found in the text | 11,000,000,000 |" in md
    assert "| supply | Uncapped | yes | no |" in md
    assert "| sale | Hard cap | 12,500,000 USD | 25,000,000.5 USD |" in md
    assert "cliff 1 month," in md
    assert f"| findings | {old.findings[0].code} |" in md and "| absent |" in md
    for raw in ("e+", "True", "False", "not stated", "cliff_months", "max_supply"):
        assert raw not in md, raw
    data = json.loads(d.diff_json(old, new, changes))
    caps = [c for c in data["changes"] if c["item"] == "hard_cap"]
    assert caps[0]["new"] == {"amount": 25_000_000.5, "currency": "USD"}


def test_same_paper_has_no_change():
    a = _base()
    assert d.diff_results(a, a.model_copy(deep=True)) == []
