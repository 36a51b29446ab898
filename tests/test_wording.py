"""Finding messages say each thing once."""

from paperlens.policy import load_policy
from paperlens.schema import Evidence, Fact, Sale, Tokenomics
from paperlens.assess.validate import validate


def _bonus_message(terms: str) -> str:
    quote = Evidence(page=1, quote=terms, status="verified")
    t = Tokenomics(sale=Sale(bonus_tiers=Fact(value=terms, evidence=quote)))
    findings, _ = validate(t, [], load_policy(None))
    return next(f.message for f in findings if f.code == "BONUS_TIERS")


def test_bonus_tiers_message_does_not_repeat_the_label_of_the_quoted_terms():
    message = _bonus_message("Early-bird bonus: buy in week 1 and get 20% extra tokens.")
    assert message == "Early buyers get bonuses or discounts: buy in week 1 and get 20% extra tokens."
    assert _bonus_message("20% bonus in week 1").endswith(": 20% bonus in week 1")


def test_counts_in_messages_agree_in_number():
    from paperlens.schema import AllocationRow

    one_bad = Tokenomics(allocation=[AllocationRow(
        label="Team", category="team", percent=20,
        evidence=Evidence(page=2, quote="Team 20%", status="quote_not_found"))])
    findings, _ = validate(one_bad, [], load_policy(None))
    messages = " ".join(f.message for f in findings)
    assert "(s)" not in messages
    unverified = [f.message for f in findings if f.code == "UNVERIFIED_EVIDENCE"]
    assert unverified[0].startswith("1 quote behind") and "(page 2); check it by hand" in unverified[0]


def test_plural_and_counted_agree_with_the_count():
    from paperlens.wording import counted, plural

    assert [counted(n, "fact") for n in (0, 1, 2)] == ["0 facts", "1 fact", "2 facts"]
    assert plural(1.0, "month") == "month" and plural(1.5, "month") == "months"
    assert plural(1, "it", "them") == "it" and plural(3, "it", "them") == "them"
