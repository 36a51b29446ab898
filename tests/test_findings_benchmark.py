"""The findings benchmark's mapping and refutation rules, on made-up truth and result dicts (no corpus needed)."""

from pathlib import Path

import pytest
from conftest import load_benchmark

from paperlens.policy import load_policy
from paperlens.assess.validate import CODES

ROOT = Path(__file__).resolve().parents[1]


fb = load_benchmark("findings")
POLICY = load_policy()
TEAM_WARN = POLICY.rule("TEAM_HEAVY").get("warn")


def finding(code, pillar="sale", message="", **figures):
    return {"code": code, "pillar": pillar, "severity": "warn", "kind": "undisclosed", "message": message,
            "figures": figures, "pages": []}


def paper(*findings, letter="N/A", stablecoin=False, **facts):
    key = dict.fromkeys(("supply", "allocation", "stablecoin_mechanism", "stablecoin_backing", "redemption"), False)
    key.update(facts)
    return {"slug": "x", "findings": list(findings), "letter": letter, "stablecoin_section": stablecoin,
            "key_facts": key, "coverage": 0.5, "assessable": letter != "N/A"}


def truth(**keys):
    return {"slug": "made-up", "issuer": {}, **keys}  # "issuer" makes it a full (dev-set) file


def test_every_mapped_code_is_a_paperlens_code():
    for flag, codes in fb.FLAG_CODES.items():
        for code in codes:
            assert code in CODES, f"{flag} maps to {code}, which validate does not emit"
    for code, _, _ in fb.REFUTE:
        assert code == "*" or code.startswith("pillar:") or code in CODES, code


def test_every_flag_of_the_corpus_is_mapped():
    folder = ROOT.parent / "shared" / "corpus" / "truth"
    if not folder.is_dir():
        pytest.skip("no ../shared/corpus")
    import json

    names = {f["flag"] for p in folder.glob("*.json") for key in ("red_flags_expected", "red_flags_borderline")
             for f in json.loads(p.read_text(encoding="utf-8")).get(key) or []}
    assert names and names <= set(fb.FLAG_CODES), names - set(fb.FLAG_CODES)


def test_hits_misses_and_the_code_they_are_credited_to():
    t = truth(red_flags_expected=[{"flag": "no_team_vesting", "page": 3}, {"flag": "TEAM_SHARE_HIGH", "page": 4},
                                  {"flag": "REGULATORY_EVASION", "page": 5}, {"flag": "MADE_UP_FLAG", "page": 6}])
    s = fb.score_paper(t, paper(finding("INSIDER_HEAVY", "distribution"), finding("NO_RISK_SECTION")), POLICY)
    assert [(m["flag"], m["code"]) for m in s["misses"]] == [("no_team_vesting", "NO_INSIDER_VESTING")]
    assert [(h["flag"], h["code"]) for h in s["hits"]] == [("TEAM_SHARE_HIGH", "INSIDER_HEAVY")]  # the alternative
    assert [n["flag"] for n in s["no_code"]] == ["REGULATORY_EVASION"]
    assert [n["flag"] for n in s["unmapped"]] == ["MADE_UP_FLAG"]
    assert s["info"] == [{"code": "NO_RISK_SECTION"}] and s["refuted"] == []


def test_a_borderline_flag_is_neither_a_miss_nor_refuted():
    # the truth's sale has a hard cap (which would refute NO_CAPS), but NO_CAPS is borderline here
    t = truth(sale={"hard_cap": "$10m"}, red_flags_borderline=[{"flag": "NO_CAPS"}, {"flag": "NO_TEAM_VESTING"}])
    s = fb.score_paper(t, paper(finding("NO_CAPS", message="The token sale is described but no hard cap was found in the text.",
                                        missing="hard cap")), POLICY)
    assert [b["code"] for b in s["borderline"]] == ["NO_CAPS"]
    assert [b["flag"] for b in s["borderline_silent"]] == ["NO_TEAM_VESTING"]
    assert s["misses"] == [] and s["refuted"] == [] and s["info"] == []


def test_a_second_code_of_an_expected_flag_is_not_refuted():
    # NO_INSIDER_VESTING takes the hit; TEAM_VEST_SHORT, the flag's other code, is not held against the paper
    # even though the truth's team lock alone would refute it
    t = truth(red_flags_expected=[{"flag": "NO_TEAM_VESTING"}],
              allocations=[{"label": "Team", "category": "team", "percent": 20, "vesting": {"cliff_months": 48}}])
    vest_short = finding("TEAM_VEST_SHORT", "vesting")
    assert fb.refutation(t, vest_short, POLICY)
    s = fb.score_paper(t, paper(finding("NO_INSIDER_VESTING", "vesting"), vest_short), POLICY)
    assert [h["code"] for h in s["hits"]] == ["NO_INSIDER_VESTING"]
    assert s["refuted"] == [] and s["info"] == [{"code": "TEAM_VEST_SHORT"}]


def _refuted(t, f):
    return fb.refutation(t, f, POLICY)


def test_issuer_opaque_is_refuted_only_for_what_the_truth_records():
    t = truth(issuer={"legal_entity": "Acme Ltd", "team_named": False})
    says_entity = finding("ISSUER_OPAQUE", "disclosure", missing="legal entity, jurisdiction")
    says_team = finding("ISSUER_OPAQUE", "disclosure", missing="jurisdiction, named team")
    assert "Acme Ltd" in _refuted(t, says_entity)
    assert _refuted(t, says_team) is None
    # an older file without `issuer` never refutes it
    assert _refuted({"slug": "old"}, says_entity) is None


def test_sale_findings_against_recorded_sale_facts():
    t = truth(sale={"hard_cap": "US$14.5m"}, use_of_funds=[{"label": "R&D", "percent": 60}],
              extra=[{"field": "unsold_tokens", "value": "overflow payments refunded"}])
    assert _refuted(t, finding("NO_CAPS", missing="soft cap, hard cap"))
    assert _refuted(t, finding("NO_CAPS", missing="soft cap")) is None  # the truth has no soft cap either
    assert _refuted(t, finding("NO_USE_OF_FUNDS"))
    assert _refuted(t, finding("NO_REFUND"))
    assert _refuted(truth(sale={"hard_cap": "$1m"}), finding("NO_REFUND")) is None
    assert _refuted(truth(), finding("NO_USE_OF_FUNDS")) is None


def test_share_rules_use_the_policy_threshold_and_read_mixed_rows_generously():
    low = truth(allocations=[{"label": "Team", "category": "team", "percent": TEAM_WARN - 5},
                             {"label": "Sale", "category": "public_sale", "percent": 105 - TEAM_WARN}])
    high = truth(allocations=[{"label": "Team", "category": "team", "percent": TEAM_WARN + 5},
                              {"label": "Sale", "category": "public_sale", "percent": 95 - TEAM_WARN}])
    mixed = truth(allocations=[{"label": "Founding team and company", "category": "other", "percent": TEAM_WARN + 5},
                               {"label": "Sale", "category": "public_sale", "percent": 95 - TEAM_WARN}])
    heavy = finding("TEAM_HEAVY", "distribution")
    assert _refuted(low, heavy)
    assert _refuted(high, heavy) is None
    assert _refuted(mixed, heavy) is None  # a category call in the truth does not refute it
    assert _refuted({"slug": "old"}, heavy) is None  # an older file that does not record the allocation
    assert "no allocation" in _refuted(truth(), finding("ALLOC_SUM", "integrity"))


def test_insider_vesting_needs_a_schedule_on_every_insider_row():
    rows = [{"label": "Team", "category": "team", "percent": 20, "vesting": {"cliff_months": 12}},
            {"label": "Advisors", "category": "advisors", "percent": 5}]
    f = finding("NO_INSIDER_VESTING", "vesting")
    assert _refuted(truth(allocations=rows), f) is None
    rows[1]["vesting"] = {"vesting_months": 6}
    assert _refuted(truth(allocations=rows), f)
    words_only = [{"label": "Team", "category": "team", "percent": 20, "vesting": {"text": "No vesting"}}]
    assert _refuted(truth(allocations=words_only), f) is None


def test_utility_stablecoin_and_no_token_rules():
    assert _refuted(truth(utility=[{"value": "payment"}]), finding("NO_UTILITY", "utility"))
    assert _refuted(truth(), finding("NO_UTILITY", "utility")) is None
    assert _refuted(truth(stablecoin={"collateral": "fiat"}), finding("NO_UTILITY", "utility"))
    assert _refuted(truth(), finding("RESERVE_UNDER", "stablecoin"))  # not a stablecoin at all
    fiat = truth(stablecoin={"collateral": "fiat"})
    assert _refuted(fiat, finding("RESERVE_UNDER", "stablecoin")) is None
    assert _refuted(fiat, finding("ALGORITHMIC_PEG", "stablecoin"))
    assert _refuted({"slug": "bitcoin"}, finding("NO_RISK_SECTION", "disclosure"))
    assert _refuted({"slug": "bitcoin"}, finding("GUARANTEED_RETURNS")) is None
    assert _refuted(truth(max_supply=1e9), finding("UNCAPPED_NO_SCHEDULE", "supply"))
    assert _refuted(truth(max_supply=None), finding("UNCAPPED_NO_SCHEDULE", "supply")) is None


def test_kind_and_grade_violations():
    def violations(t, p):
        return fb.kind_violations(t, p)

    assert violations({"slug": "solana"}, paper(letter="B")) == ["no-token paper graded B, not N/A"]
    assert violations({"slug": "solana"}, paper()) == []
    assert violations(truth(), paper(letter="A", allocation=True)) == ["A without a verified supply"]
    assert violations(truth(), paper(letter="A", allocation=True, supply=True)) == []
    assert violations(truth(), paper(letter="C")) == []
    stable = truth(stablecoin={"collateral": "fiat"})
    assert "stablecoin paper without a stablecoin section" in violations(stable, paper())
    assert violations(stable, paper(letter="A", stablecoin=True, stablecoin_mechanism=True, redemption=True)) == []
    assert violations(truth(), paper(stablecoin=True)) == [
        "a stablecoin section on a paper the truth does not call a stablecoin"]


def test_key_facts_read_the_evidence_status():
    ok, bad = {"page": 1, "quote": "q", "status": "verified"}, {"page": 1, "quote": "q", "status": "not_found"}
    t = {"supply": {"max_supply": {"value": 1e9, "evidence": ok}, "total_supply": {"value": None}},
         "allocation": [{"evidence": ok}, {"evidence": bad}, {"evidence": bad}], "stablecoin": None}
    facts = fb.key_facts(t)
    assert facts["supply"] and not facts["allocation"]
    t["allocation"][1]["evidence"] = ok
    t["supply"]["max_supply"]["evidence"] = bad
    facts = fb.key_facts(t)
    assert facts["allocation"] and not facts["supply"]


def test_tally_counts_each_fired_code_once():
    t = truth(red_flags_expected=[{"flag": "RETURNS_PROMISED"}, {"flag": "PRICE_APPRECIATION_CLAIM"}],
              use_of_funds=[{"label": "R&D"}])
    p = paper(finding("GUARANTEED_RETURNS"), finding("NO_USE_OF_FUNDS"), finding("NO_RISK_SECTION"))
    p["truth"], p["score"] = t, fb.score_paper(t, p, POLICY)
    table = fb.tally([p])
    assert table["GUARANTEED_RETURNS"] == {"expected": 1, "fired": 1, "hit": 1, "missed": 0, "refuted": 0,
                                           "borderline": 0, "info": 0}
    assert table["NO_USE_OF_FUNDS"]["refuted"] == 1 and table["NO_RISK_SECTION"]["info"] == 1
    for row in table.values():
        assert row["fired"] == row["hit"] + row["borderline"] + row["refuted"] + row["info"]


TRUTH = ROOT.parent / "shared" / "corpus" / "truth"


@pytest.mark.corpus
@pytest.mark.skipif(not TRUTH.is_dir(), reason="../shared/corpus/truth absent")
@pytest.mark.parametrize("slug", sorted(p.stem for p in TRUTH.glob("*.json")) if TRUTH.is_dir() else [])
def test_no_corpus_paper_is_graded_against_its_kind(slug, corpus_docs, corpus_results):
    """No letter better than C without the key facts of the paper's kind; no-token papers N/A;
    every stablecoin paper has its stablecoin section."""
    import json

    from paperlens.errors import PaperlensError

    try:
        result = corpus_results[slug]
    except PaperlensError:
        pytest.skip(f"{slug} has no text layer")
    paper = {"letter": result.grade.letter, "stablecoin_section": result.tokenomics.stablecoin is not None,
             "key_facts": fb.key_facts(result.tokenomics.model_dump(mode="json"))}
    assert fb.kind_violations(json.loads((TRUTH / f"{slug}.json").read_text(encoding="utf-8")), paper) == []
