"""The dev-set accuracy figures never fall below the floor recorded in benchmarks/results/accuracy.md.

Scores the rules backend's output on every corpus paper with a truth file, with
the matching rules of ``benchmarks/accuracy.py`` (skipped when ../shared/corpus
is absent).
"""

import json
from pathlib import Path

import pytest
from conftest import load_benchmark

ROOT = Path(__file__).resolve().parents[1]
TRUTH = ROOT.parent / "shared" / "corpus" / "truth"


accuracy = load_benchmark("accuracy")


def test_scoring_rules_on_a_made_up_paper():
    truth = {"issuer": {"jurisdiction": "British Virgin Islands (token issuer)"}, "token_symbol": "ABC", "max_supply": 1e9,
             "allocations": [{"label": "Team", "category": "team", "percent": 20, "vesting": {"cliff_months": 12}},
                             {"label": "Sale", "category": "public_sale", "percent": 80}],
             "sale": {"price": "1 ETH = 1,000 ABC", "hard_cap": "US$14.5m"}}
    t = {"identity": {"symbol": {"value": "abc"}},
         "supply": {"max_supply": {"value": 1.002e9}, "total_supply": {"value": None}},
         "allocation": [{"label": "Team", "category": "team", "percent": 20.3, "vesting": {"cliff_months": 6}},
                        {"label": "Sale", "category": "reserve", "percent": 80},
                        {"label": "Proceeds", "category": "other", "percent": 10}],
         "sale": {"price": {"value": {"amount": 0.001, "currency": "ETH"}},
                  "hard_cap": {"value": {"amount": 14_500_000, "currency": "USD"}},
                  "soft_cap": {"value": {"amount": 5, "currency": "ETH"}}},
         "utility": {"uses": []}, "stablecoin": None, "disclosure": {"legal_entity": {"value": None}, "jurisdiction": {"value": "BVI"}}}
    s = accuracy.score_paper(truth, t)
    assert (s["jurisdiction"].tp, s["jurisdiction"].fp) == (1, 0)  # an abbreviation of the place
    assert (s["supply"].tp, s["symbol"].tp) == (1, 1)
    assert (s["allocation"].tp, s["allocation"].fp, s["allocation"].fn) == (2, 1, 0)
    assert (s["category"].tp, s["category"].fp) == (1, 1)
    assert (s["vesting"].tp, s["vesting"].fn, s["vesting"].fp) == (0, 1, 1)
    assert (s["sale_price"].tp, s["hard_cap"].tp, s["soft_cap"].fp) == (1, 1, 1)


@pytest.mark.corpus
def test_dev_set_figures_stay_above_the_floor(corpus_docs, corpus_results):
    if not TRUTH.is_dir():
        pytest.skip("../shared/corpus/truth absent")
    floor = accuracy.read_floor()
    assert floor, "benchmarks/results/accuracy.md has no floor line"
    papers = []
    for path in sorted(TRUTH.glob("*.json")):
        try:
            result = corpus_results[path.stem]
        except Exception:  # a typed error: the scanned paper
            continue
        truth = json.loads(path.read_text(encoding="utf-8"))
        papers.append({"scores": accuracy.score_paper(truth, result.tokenomics.model_dump(mode="json"))})
    figures = accuracy.floor_figures(accuracy.totals(papers))
    fallen = {k: (figures[k], v) for k, v in floor.items() if figures[k] < v - 1e-9}
    assert not fallen, f"below the floor (now, floor): {fallen}"
