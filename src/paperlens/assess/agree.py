"""Two extractors, one answer: the LLM's facts checked against the rules backend's.

When the LLM backend runs, the rules backend runs too (it costs about a second).
Both results are grounded first, then :func:`combine` merges them:

* a fact both found with the same value is **agreed**;
* a fact they found with different values is a :class:`~paperlens.schema.Disagreement`
  carrying both values and both quotes; the one kept is the one whose quote was
  verified (the LLM's when both or neither were);
* a fact only one found is kept with its own evidence;
* an LLM fact without a quote, or whose quote did not verify, is listed (:attr:`Agreement.llm_unverified`),
  also when the rules backend's verified quote for the same value took its place.

Free-text facts (a schedule, a redemption process) are not compared, only filled
when the LLM left them empty. Allocation rows are matched by percent; the
allocation kept is the one with more rows whose quotes verified (the LLM's on a tie).
"""

from __future__ import annotations

import math
from typing import Any

from pydantic import BaseModel

from paperlens.assess.ground import BAD_STATUSES
from paperlens.schema import Agreement, AllocationRow, Disagreement, Evidence, Fact, Money, Side, Tokenomics, Unverified

#: compared facts, one per line: dotted path -> how values are compared
COMPARED: dict[str, str] = {
    "identity.project_name": "text",
    "identity.token_name": "text",
    "identity.symbol": "text",
    "identity.launch_style": "exact",
    "supply.max_supply": "number",
    "supply.uncapped": "exact",
    "supply.total_supply": "number",
    "supply.initial_circulating": "number",
    "supply.initial_circulating_pct": "number",
    "emission.type": "exact",
    "emission.annual_inflation_pct": "number",
    "emission.mint_capped": "exact",
    "controls.tax_pct": "number",
    "sale.price": "money",
    "sale.soft_cap": "money",
    "sale.hard_cap": "money",
    "sale.raise_target": "money",
    "sale.tokens_offered": "number",
    "sale.kyc": "exact",
    "stablecoin.mechanism": "exact",
    "stablecoin.min_collateral_ratio_pct": "number",
    "stablecoin.liquidation_ratio_pct": "number",
    "stablecoin.reserve_coverage_pct": "number",
    "stablecoin.redemption_at_par": "exact",
    "stablecoin.yield_to_holders": "exact",
    "disclosure.legal_entity": "text",
    "disclosure.jurisdiction": "text",
}

#: relative tolerance for numbers, and absolute tolerance (points) for allocation percents
NUMBER_TOLERANCE = 0.005
PERCENT_POINTS = 0.5


def _same_number(a: float, b: float) -> bool:
    return math.isclose(float(a), float(b), rel_tol=NUMBER_TOLERANCE, abs_tol=1e-9)


def _same(kind: str, a: Any, b: Any) -> bool:
    if kind == "number":
        return _same_number(a, b)
    if kind == "money":
        a, b = Money.model_validate(a), Money.model_validate(b)
        currencies = {(c or "").upper() for c in (a.currency, b.currency)} - {""}
        return _same_number(a.amount, b.amount) and len(currencies) <= 1
    if kind == "text":
        return " ".join(str(a).split()).casefold() == " ".join(str(b).split()).casefold()
    return a == b


def _shown(value: Any) -> float | str | bool | None:
    if isinstance(value, BaseModel):
        money = Money.model_validate(value)
        return f"{money.amount:g} {money.currency or ''}".strip()
    return value


def _side(fact: Fact) -> Side:
    return Side(value=_shown(fact.value), evidence=fact.evidence)


def _unverified(path: str, value: object, evidence: Evidence | None, out: Agreement) -> None:
    if evidence is None or evidence.status in BAD_STATUSES:
        out.llm_unverified.append(Unverified(field=path, llm=Side(value=_shown(value), evidence=evidence)))


def _compare(path: str, kind: str, llm: Fact, rules: Fact, out: Agreement) -> Fact:
    """The fact to keep at ``path``, recording agreement in ``out``."""
    if llm.stated:
        _unverified(path, llm.value, llm.evidence, out)
    if not rules.stated:
        if llm.stated:
            out.only_llm.append(path)
        return llm
    if not llm.stated:
        out.only_rules.append(path)
        return rules
    if _same(kind, llm.value, rules.value):
        out.agreed.append(path)
        return llm if llm.verified or not rules.verified else rules
    keep = "rules" if rules.verified and not llm.verified else "llm"
    out.disagreements.append(Disagreement(field=path, llm=_side(llm), rules=_side(rules), kept=keep))
    return rules if keep == "rules" else llm


def _row_key(row: AllocationRow) -> str:
    return f"allocation[{row.label}]"


def _verified_rows(rows: list[AllocationRow]) -> int:
    return sum(1 for r in rows if r.evidence is not None and r.evidence.status == "verified")


def _combine_rows(llm: list[AllocationRow], rules: list[AllocationRow], out: Agreement) -> list[AllocationRow]:
    """The allocation with more rows whose quotes verified (the LLM's on a tie), rows matched
    by percent: an answer whose rows the page does not bear out never replaces a table that
    it does."""
    unmatched = [r for r in rules if r.percent is not None]
    for row in llm:
        _unverified(_row_key(row), row.percent, row.evidence, out)
        if row.vesting is not None:
            _unverified(_row_key(row) + ".vesting", row.vesting.vesting_months, row.vesting.evidence, out)
        match = next((r for r in unmatched if row.percent is not None
                      and abs(r.percent - row.percent) <= PERCENT_POINTS), None)
        if match is None:
            out.only_llm.append(_row_key(row))
            continue
        unmatched.remove(match)
        out.agreed.append(_row_key(row))
    out.only_rules += [_row_key(r) for r in unmatched]
    return rules if _verified_rows(rules) > _verified_rows(llm) else llm


def _fill(llm: BaseModel, rules: BaseModel, prefix: str, out: Agreement) -> BaseModel:
    """``llm`` with every fact compared or filled from ``rules``, field by field."""
    values = {}
    for name in type(llm).model_fields:
        path = f"{prefix}{name}"
        a, b = getattr(llm, name), getattr(rules, name)
        if path in COMPARED:
            values[name] = _compare(path, COMPARED[path], a, b, out)
        elif path == "allocation":
            values[name] = _combine_rows(a, b, out)
        elif path == "conflicts":
            values[name] = a + b
        elif isinstance(a, Fact):
            values[name] = a if a.stated else b
        elif isinstance(a, BaseModel) and isinstance(b, BaseModel):
            values[name] = _fill(a, b, path + ".", out)
        elif a is None or a == []:
            values[name] = b
            if isinstance(b, BaseModel):  # a whole section only the rules backend found
                _fill(type(b)(), b, path + ".", out)
        else:
            values[name] = a
            if isinstance(a, BaseModel) and b is None:
                _fill(a, type(a)(), path + ".", out)
    return type(llm).model_construct(**values)


def combine(llm: Tokenomics, rules: Tokenomics) -> tuple[Tokenomics, Agreement]:
    """One :class:`Tokenomics` from two grounded extractions, and how far they agree."""
    out = Agreement()
    merged = _fill(llm, rules, "", out)
    return Tokenomics.model_validate(merged.model_dump()), out
