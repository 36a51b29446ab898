"""The kind of paper, what the text mentions, and grades that claim no more than was found."""

from __future__ import annotations

from conftest import ev, make_doc

from paperlens.assess.kind import classify
from paperlens.assess.mentions import scan
from paperlens.pipeline import analyze_document, assess
from paperlens.policy import load_policy
from paperlens.schema import (
    AllocationRow,
    Fact,
    Mentions,
    Sale,
    Stablecoin,
    Tokenomics,
    UtilityItem,
)

POLICY = load_policy(None)


def fact(value, quote: str = "q") -> Fact:
    return Fact(value=value, evidence=ev(quote))


def test_kinds():
    assert classify(Tokenomics()).value == "no_token"
    assert classify(Tokenomics(stablecoin=Stablecoin(mechanism=fact("fiat_reserve")))).value == "stablecoin"
    assert classify(Tokenomics(sale=Sale(price=fact({"amount": 0.1, "currency": "USD"})))).value == "token_offering"
    t = Tokenomics(utility={"uses": [UtilityItem(kind="governance", evidence=ev("vote"))]})
    t.identity.symbol = fact("GOV")
    assert classify(t).value == "governance_token"
    t.utility.uses.append(UtilityItem(kind="gas_fees", evidence=ev("fees")))
    assert classify(t).value == "network_token"


def test_a_paper_with_no_token_economics_is_not_graded_and_gets_no_boilerplate():
    doc = make_doc("A peer-to-peer electronic cash system. Nodes work on a chain of blocks with proof-of-work.",
                   "We proposed a system for electronic transactions without relying on trust.")
    result = analyze_document(doc, backend="rules")
    assert result.kind.value == "no_token"
    assert result.grade.letter == "N/A" and not result.grade.assessable
    assert result.grade.held_back.startswith("no token economics described")
    assert result.findings == []


def test_mentions_see_what_extraction_may_miss():
    m = scan(make_doc("Token Sale\nThe hard cap is set at 30,000 ETH; contributions are refunded if the minimum goal "
                      "is not reached.",
                      "Use of proceeds\nDevelopment 50%, Marketing 50%.",
                      "Team tokens are locked for one year. Advisors: no vesting."))
    assert m.sale_section == [1] and m.hard_cap == [1] and m.soft_cap == [1] and m.refund == [1]
    assert m.use_of_funds == [2] and m.team_vesting == [3]
    assert m.advisors_vesting == []  # "no vesting" states the absence


def _sale_paper() -> Tokenomics:
    t = Tokenomics(allocation=[AllocationRow(label="Team", category="team", percent=20, evidence=ev("Team 20%", 3)),
                               AllocationRow(label="Sale", category="public_sale", percent=80,
                                             evidence=ev("Sale 80%", 3))],
                   sale=Sale(price=fact({"amount": 0.1, "currency": "USD"})))
    t.supply.total_supply = fact(1e9)
    return t


def test_disclosure_findings_fire_only_where_the_absence_is_established():
    t = _sale_paper()
    codes = lambda m: {f.code for f in assess(t, [], POLICY, m)[2]}  # noqa: E731
    silent = codes(Mentions(sale_section=[2], tokenomics_section=[3]))
    assert {"NO_CAPS", "NO_REFUND", "NO_USE_OF_FUNDS", "NO_INSIDER_VESTING", "ISSUER_OPAQUE"} <= silent
    mentioned = codes(Mentions(sale_section=[2], hard_cap=[2], soft_cap=[2], refund=[2], use_of_funds=[4],
                               team_vesting=[4], legal_entity=[9], jurisdiction=[9], team_named=[9]))
    assert not {"NO_CAPS", "NO_REFUND", "NO_USE_OF_FUNDS", "NO_INSIDER_VESTING", "ISSUER_OPAQUE"} & mentioned
    far = codes(Mentions(team_vesting=[12]))  # vesting words far from the team row say nothing of it
    assert "NO_INSIDER_VESTING" in far


def _sale_paper_without_allocation() -> Tokenomics:
    t = _sale_paper()
    t.allocation = []
    t.sale.hard_cap = fact({"amount": 1e6, "currency": "USD"})
    t.utility.uses = [UtilityItem(kind="gas_fees", evidence=ev("fees"))]
    t.disclosure.legal_entity = fact("Example AG")
    return t


def test_no_letter_better_than_c_without_the_key_facts():
    t = _sale_paper_without_allocation()
    kind, _, findings, g = assess(t, [], POLICY, Mentions())
    assert kind.value == "token_offering" and g.assessable
    assert g.letter in ("C", "D", "E", "F") and "allocation" in g.held_back


def test_the_key_facts_cap_is_the_policys(tmp_path):
    t = _sale_paper_without_allocation()
    strict = tmp_path / "strict.toml"
    strict.write_text('[grade]\nkey_facts_cap = "E"\n')
    _, _, _, g = assess(t, [], load_policy(strict), Mentions())
    assert g.letter in ("E", "F") and "no letter better than E" in g.held_back
