"""Two extractors, one answer: agreed facts, disagreements with both quotes, facts only one found."""

from fakeserver import fake_llm, llm_env  # noqa: F401  (fixtures)

from paperlens.assess.agree import combine
from paperlens.schema import AllocationRow, Evidence, Fact, Money, Sale, Tokenomics


def fact(value, quote="q", status="verified", page=1):
    return Fact(value=value, evidence=Evidence(page=page, quote=quote, status=status))


def row(label, percent, category="team"):
    return AllocationRow(label=label, category=category, percent=percent,
                         evidence=Evidence(page=2, quote=f"{label} {percent}%", status="verified"))


def test_equal_values_are_agreed_and_only_one_found_is_kept():
    llm, rules = Tokenomics(), Tokenomics()
    llm.supply.max_supply = fact(1_000_000_000.0, "1,000,000,000 tokens")
    rules.supply.max_supply = fact(1_000_000_001.0, "1 billion tokens")
    llm.identity.symbol = fact("abc")
    rules.identity.symbol = fact("ABC")
    rules.supply.total_supply = fact(5e8, "500 million circulate")
    merged, agreement = combine(llm, rules)
    assert agreement.agreed == ["identity.symbol", "supply.max_supply"]
    assert agreement.only_rules == ["supply.total_supply"]
    assert merged.supply.total_supply.value == 5e8
    assert merged.supply.total_supply.evidence.quote == "500 million circulate"
    assert agreement.rate == 1.0


def test_a_disagreement_keeps_both_quotes_and_the_verified_value():
    llm, rules = Tokenomics(), Tokenomics()
    llm.supply.total_supply = fact(2e9, "two billion", status="quote_not_found")
    rules.supply.total_supply = fact(1e9, "1,000,000,000 ABC")
    merged, agreement = combine(llm, rules)
    (d,) = agreement.disagreements
    assert (d.field, d.kept, d.llm.value, d.rules.value) == ("supply.total_supply", "rules", 2e9, 1e9)
    assert d.llm.evidence.quote == "two billion" and d.rules.evidence.quote == "1,000,000,000 ABC"
    assert merged.supply.total_supply.value == 1e9
    assert agreement.rate == 0.0


def test_when_both_quotes_verify_the_llm_value_is_kept():
    llm, rules = Tokenomics(), Tokenomics()
    llm.sale = Sale(hard_cap=fact(Money(amount=20e6, currency="USD")))
    rules.sale = Sale(hard_cap=fact(Money(amount=25e6, currency="USD")))
    merged, agreement = combine(llm, rules)
    assert agreement.disagreements[0].kept == "llm"
    assert agreement.disagreements[0].rules.value == "2.5e+07 USD"
    assert merged.sale.hard_cap.value.amount == 20e6


def test_a_section_only_the_rules_found_is_taken_whole():
    llm, rules = Tokenomics(), Tokenomics()
    rules.sale = Sale(price=fact(Money(amount=0.1, currency="USD")))
    merged, agreement = combine(llm, rules)
    assert merged.sale.price.value.amount == 0.1
    assert agreement.only_rules == ["sale.price"]


def test_allocation_rows_are_matched_by_percent():
    llm, rules = Tokenomics(), Tokenomics()
    llm.allocation = [row("Team", 20), row("Sale", 50, "public_sale"), row("Invented", 30, "reserve")]
    rules.allocation = [row("Team and advisors", 20.2), row("Token sale", 50, "public_sale"), row("Other", 10)]
    merged, agreement = combine(llm, rules)
    assert agreement.agreed == ["allocation[Team]", "allocation[Sale]"]
    assert agreement.only_llm == ["allocation[Invented]"]
    assert agreement.only_rules == ["allocation[Other]"]
    assert [r.label for r in merged.allocation] == ["Team", "Sale", "Invented"]


def test_the_rules_allocation_fills_an_empty_llm_allocation():
    llm, rules = Tokenomics(), Tokenomics()
    rules.allocation = [row("Team", 20), row("Sale", 80, "public_sale")]
    merged, agreement = combine(llm, rules)
    assert [r.label for r in merged.allocation] == ["Team", "Sale"]
    assert agreement.only_rules == ["allocation[Team]", "allocation[Sale]"]
    assert agreement.rate is None


def test_the_allocation_with_more_verified_rows_is_kept():
    llm, rules = Tokenomics(), Tokenomics()
    llm.allocation = [row("Team", 5), row("Sale", 50, "public_sale"), row("Reserve", 45, "reserve")]
    for r in llm.allocation[:2]:
        r.evidence.status = "quote_not_found"
    rules.allocation = [row("Team", 15), row("Sale", 40, "public_sale"), row("Reserve", 45, "reserve")]
    merged, agreement = combine(llm, rules)
    assert [r.percent for r in merged.allocation] == [15, 40, 45]  # 3 verified rows against 1
    assert [u.field for u in agreement.llm_unverified] == ["allocation[Team]", "allocation[Sale]"]
    rules.allocation[0].evidence.status = rules.allocation[1].evidence.status = "value_not_in_quote"
    merged, _ = combine(llm, rules)
    assert [r.percent for r in merged.allocation] == [5, 50, 45]  # a tie keeps the LLM's


def test_free_text_is_filled_not_compared():
    llm, rules = Tokenomics(), Tokenomics()
    llm.emission.schedule = fact("halves every four years")
    rules.emission.schedule = fact("block reward halves every 210,000 blocks")
    rules.emission.burn = fact("fees are burned")
    merged, agreement = combine(llm, rules)
    assert merged.emission.schedule.value == "halves every four years"
    assert merged.emission.burn.value == "fees are burned"
    assert agreement.agreed == agreement.only_rules == [] and agreement.disagreements == []


def test_an_llm_quote_that_did_not_verify_is_listed_even_when_replaced():
    llm, rules = Tokenomics(), Tokenomics()
    llm.sale = Sale(hard_cap=fact(Money(amount=20e6, currency="USD"), "made up", status="quote_not_found"))
    rules.sale = Sale(hard_cap=fact(Money(amount=20e6, currency="USD"), "Hard cap: $20,000,000"))
    llm.allocation = [row("Team", 20)]
    llm.allocation[0].evidence.status = "value_not_in_quote"
    llm.identity.symbol = Fact(value="ABC")  # no quote at all
    merged, agreement = combine(llm, rules)
    assert merged.sale.hard_cap.verified and agreement.agreed == ["sale.hard_cap"]
    assert [(u.field, u.llm.evidence and u.llm.evidence.quote) for u in agreement.llm_unverified] == [
        ("identity.symbol", None), ("allocation[Team]", "Team 20%"), ("sale.hard_cap", "made up")]


# ------------------------------------------------------------------ end to end, against a real HTTP server

def test_an_llm_run_is_checked_against_the_rules_backend(fake_llm, llm_env, tmp_path):
    """The model answers with the rules backend's own facts, except a doubled total supply under the
    real quote: the supply is a disagreement (the rules value is used), the rest agrees, and the
    JSON, HTML, Markdown and terminal summary all say so."""
    from pathlib import Path

    from fakeserver import good, model_answer
    from typer.testing import CliRunner

    from paperlens.cli import app
    from paperlens.extract import extract
    from paperlens.ingest.document import read_pdf
    from paperlens.schema import Result

    pdf = Path(__file__).resolve().parents[1] / "fixtures" / "ico_allocation.pdf"
    answer = extract(read_pdf(pdf), backend="rules").tokenomics
    true_total = answer.supply.total_supply.value
    assert true_total
    answer.supply.total_supply.value = true_total * 2
    fake_llm.push(good(model_answer(answer)))
    out = tmp_path / "r"
    run = CliRunner().invoke(app, ["analyze", str(pdf), "--backend", "llm", "--base-url", fake_llm.base_url,
                                   "--model", "m", "--json", f"{out}.json", "--html", f"{out}.html",
                                   "--md", f"{out}.md", "--cache-dir", str(tmp_path / "cache")])
    assert run.exit_code == 0, run.output
    result = Result.model_validate_json(Path(f"{out}.json").read_text("utf-8"))
    a = result.agreement
    [d] = a.disagreements
    assert (d.field, d.kept, d.llm.value, d.rules.value) == ("supply.total_supply", "rules", true_total * 2, true_total)
    assert result.tokenomics.supply.total_supply.value == true_total
    assert len(a.agreed) >= 5 and not a.only_llm and not a.only_rules
    assert 0 < a.rate < 1
    both = len(a.agreed) + 1
    assert f"agree on <strong>{len(a.agreed)} of {both}</strong>" in Path(f"{out}.html").read_text("utf-8")
    assert f"agree on {len(a.agreed)} of {both} facts" in Path(f"{out}.md").read_text("utf-8")
    assert f"agree on {len(a.agreed)} of {both} facts both found" in run.output


def test_a_rules_run_has_no_agreement(tmp_path):
    from pathlib import Path

    import paperlens

    pdf = Path(__file__).resolve().parents[1] / "fixtures" / "ico_allocation.pdf"
    assert paperlens.analyze(pdf, backend="rules").agreement is None
