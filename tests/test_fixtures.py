"""The rules backend against the generated fixtures, field by field.

Every ``fixtures/<case>.facts.json`` lists what the paper states (``expected``:
dotted Tokenomics path -> value and page) and what it does not (``absent``).
Each (case, field) is its own test: the extracted value must match (numbers
with a tolerance, strings case-insensitively, allocation rows matched by
category + percent) and its evidence must be on the stated page and verified
by ``ground``. The facts files themselves are checked against the schema and
against the committed PDFs (which must be what ``make_fixtures.py`` produces).
"""

from __future__ import annotations

import importlib.util
import math
import re
import sys
import typing

import pytest
from conftest import FIXTURES, fixture_cases, load_facts

from paperlens import schema
from paperlens.ingest.document import normalize
from paperlens.schema import Tokenomics

CASES = fixture_cases()
FACTS = {case: load_facts(case) for case in CASES}
VESTING_KEYS = ("tge_unlock_pct", "cliff_months", "vesting_months")
ITEM_KEYS = {  # list fields: which attribute identifies an item
    "utility.uses": "kind", "utility.value_capture": "kind", "controls.admin_powers": "kind",
    "controls.audits": "firm", "disclosure.team": "name", "disclosure.advisors": "name",
    "stablecoin.collateral": "asset", "sale.use_of_proceeds": "label",
}


# ---------------------------------------------------------------- comparison helpers


def _fold(text) -> str:
    return re.sub(r"\s+", " ", str(text)).strip().casefold()


def close(actual, expected) -> bool:
    """Numbers equal within 0.1% (and 1e-6 absolute)."""
    if isinstance(actual, bool) or not isinstance(actual, (int, float)):
        return False
    return math.isclose(float(actual), float(expected), rel_tol=1e-3, abs_tol=1e-6)


def same(actual, expected, match: str = "equal") -> bool:
    """Compare an extracted value with an expected one by type."""
    if isinstance(expected, bool):
        return actual is expected
    if isinstance(expected, (int, float)):
        return close(actual, expected)
    if isinstance(expected, dict):  # Money
        amount = getattr(actual, "amount", None)
        currency = getattr(actual, "currency", None)
        if not close(amount, expected["amount"]):
            return False
        return expected.get("currency") is None or _fold(currency) == _fold(expected["currency"])
    if isinstance(expected, list):
        return isinstance(actual, list) and {_fold(a) for a in actual} == {_fold(e) for e in expected}
    if actual is None:
        return False
    if match == "contains":
        return _fold(expected) in _fold(actual)
    return _fold(actual) == _fold(expected)


def pages_of(exp: dict) -> list[int]:
    page = exp["page"]
    return page if isinstance(page, list) else [page]


def assert_evidence(evidence, exp: dict, what: str) -> None:
    """Evidence exists, is on one of the expected pages, and was verified by ground."""
    assert evidence is not None, f"{what}: no evidence"
    assert evidence.page in pages_of(exp), (
        f"{what}: evidence on page {evidence.page}, expected {exp['page']} ({evidence.quote!r})")
    assert evidence.status == "verified", (
        f"{what}: evidence status {evidence.status} ({evidence.quote!r})")


def resolve(obj, path: str):
    """Follow a dotted path; a missing parent (e.g. ``sale`` is None) gives None."""
    for part in path.split("."):
        if obj is None:
            return None
        obj = getattr(obj, part)
    return obj


# ---------------------------------------------------------------- extraction (once per case)

_EXTRACTED: dict[str, Tokenomics] = {}


@pytest.fixture
def extracted(fixture_docs):
    """Rules extraction + grounding of a fixture, computed once per case."""

    def get(case: str) -> Tokenomics:
        if case not in _EXTRACTED:
            from paperlens.extract.rules import extract_rules
            from paperlens.assess.ground import ground

            doc = fixture_docs[case]
            tokenomics = extract_rules(doc)
            ground(tokenomics, doc)
            _EXTRACTED[case] = tokenomics
        return _EXTRACTED[case]

    return get


# ---------------------------------------------------------------- parametrisation


def _label(item: dict, key: str) -> str:
    return str(item.get(key, "?"))


def _expected_params() -> list:
    params = []
    for case, facts in FACTS.items():
        for path, exp in facts["expected"].items():
            if path == "allocation":
                for row in exp:
                    ident = f"{case}-allocation[{row['category']} {row['percent']:g}]"
                    params.append(pytest.param(case, path, row, id=ident))
                params.append(pytest.param(case, "allocation.count", len(exp),
                                           id=f"{case}-allocation[count]"))
            elif isinstance(exp, list):
                if not exp:
                    params.append(pytest.param(case, path, None, id=f"{case}-{path}[empty]"))
                for item in exp:
                    ident = f"{case}-{path}[{_label(item, ITEM_KEYS[path])}]"
                    params.append(pytest.param(case, path, item, id=ident))
            else:
                params.append(pytest.param(case, path, exp, id=f"{case}-{path}"))
    return params


def _absent_params() -> list:
    return [pytest.param(case, path, id=f"{case}-absent-{path}")
            for case, facts in FACTS.items() for path in facts.get("absent", [])]


# ---------------------------------------------------------------- extraction tests


def check_row(t: Tokenomics, exp: dict) -> None:
    """An allocation row: matched by category + percent, then label, vesting, price, pages."""
    what = f"allocation {exp['category']} {exp['percent']:g}%"
    rows = [r for r in t.allocation if r.category == exp["category"] and close(r.percent, exp["percent"])]
    found = [(r.category, r.percent, r.label) for r in t.allocation]
    assert rows, f"{what}: no such row among {found}"
    if "label" in exp:
        labelled = [r for r in rows if _fold(r.label) == _fold(exp["label"])]
        assert labelled, f"{what}: label {exp['label']!r} not among {[r.label for r in rows]}"
        rows = labelled
    row = rows[0]
    for key in VESTING_KEYS:
        if key in exp:
            assert row.vesting is not None, f"{what}: no vesting extracted"
            assert close(getattr(row.vesting, key), exp[key]), (
                f"{what}: {key} = {getattr(row.vesting, key)}, expected {exp[key]}")
    if exp.get("no_schedule"):
        v = row.vesting
        assert v is None or v.tbd or all(getattr(v, k) is None for k in VESTING_KEYS), (
            f"{what}: the paper states no schedule, got {v}")
    if "price" in exp:
        assert same(row.price, exp["price"]), f"{what}: price {row.price}, expected {exp['price']}"
    assert_evidence(row.evidence, exp, what)
    if "vesting_page" in exp:
        assert row.vesting is not None, f"{what}: no vesting extracted"
        assert_evidence(row.vesting.evidence, {"page": exp["vesting_page"]}, f"{what} vesting")


def check_item(t: Tokenomics, path: str, exp: dict | None) -> None:
    """An item of a list field (utility kinds, team, audits, collateral, proceeds)."""
    items = resolve(t, path)
    parent = resolve(t, path.rsplit(".", 1)[0])
    assert parent is not None, f"{path}: {path.rsplit('.', 1)[0]} not extracted"
    if exp is None:
        assert items == [], f"{path}: expected none, got {items}"
        return
    key = ITEM_KEYS[path]
    if key == "kind":
        matches = [i for i in items if i.kind == exp["kind"]]
    elif key in ("asset", "firm"):
        matches = [i for i in items if _fold(exp[key]) in _fold(getattr(i, key))]
    else:
        matches = [i for i in items if _fold(getattr(i, key)) == _fold(exp[key])]
    if "percent" in exp:
        matches = [i for i in matches if close(i.percent, exp["percent"])]
    if "endogenous" in exp:
        matches = [i for i in matches if i.endogenous is exp["endogenous"]]
    assert matches, f"{path}: {exp} not among {[i.model_dump(exclude={'evidence'}) for i in items]}"
    if "page" in exp:
        ok = [i for i in matches if i.evidence is not None and i.evidence.page in pages_of(exp)]
        assert_evidence((ok or matches)[0].evidence, exp, f"{path} {exp[key]}")


def check_fact(t: Tokenomics, path: str, exp: dict) -> None:
    """A Fact field: value (or just stated) and its evidence."""
    fact = resolve(t, path)
    assert fact is not None, f"{path}: parent section not extracted"
    match = exp.get("match", "equal")
    if match == "stated":
        assert fact.value is not None, f"{path}: not extracted"
    elif "any_of" in exp:
        assert any(same(fact.value, alt, match) for alt in exp["any_of"]), (
            f"{path} = {fact.value!r}, expected one of {exp['any_of']}")
    else:
        assert same(fact.value, exp["value"], match), f"{path} = {fact.value!r}, expected {exp['value']!r}"
    assert_evidence(fact.evidence, exp, path)


@pytest.mark.parametrize(("case", "path", "exp"), _expected_params())
def test_expected(case, path, exp, extracted):
    t = extracted(case)
    if path == "allocation":
        check_row(t, exp)
    elif path == "allocation.count":
        assert len(t.allocation) == exp, (
            f"{len(t.allocation)} allocation rows, expected {exp}: "
            f"{[(r.label, r.percent) for r in t.allocation]}")
    elif path in ITEM_KEYS:
        check_item(t, path, exp)
    else:
        check_fact(t, path, exp)


@pytest.mark.parametrize(("case", "path"), _absent_params())
def test_absent(case, path, extracted):
    value = resolve(extracted(case), path)
    if isinstance(value, schema.Fact):
        assert value.value is None, f"{path}: not in the paper, extracted {value.value!r} ({value.evidence})"
    elif isinstance(value, list):
        assert value == [], f"{path}: not in the paper, extracted {value}"
    else:
        assert value is None, f"{path}: not in the paper, extracted {value!r}"


def _strip_quotes(data):
    if isinstance(data, dict):
        return {k: _strip_quotes(v) for k, v in data.items() if k != "quote"}
    if isinstance(data, list):
        return [_strip_quotes(v) for v in data]
    return data


def test_prompt_injection_changes_no_fact(extracted):
    """Text addressed to AI models changes nothing the rules extract."""
    with_text = extracted("prompt_injection").model_dump()
    without = extracted("prompt_injection_clean").model_dump()
    assert _strip_quotes(with_text) == _strip_quotes(without)


# ---------------------------------------------------------------- the facts files themselves


def _model_of(annotation):
    """The pydantic model inside Optional[...] / list[...], or None for a leaf."""
    for arg in (annotation, *typing.get_args(annotation)):
        if isinstance(arg, type) and issubclass(arg, schema.Model):
            return arg
    return None


def _field_annotation(path: str):
    model, annotation = Tokenomics, None
    for part in path.split("."):
        assert model is not None and part in model.model_fields, f"{path}: no field {part!r}"
        annotation = model.model_fields[part].annotation
        model = _model_of(annotation)
    return annotation


CATEGORIES = set(typing.get_args(schema.Category))


@pytest.mark.parametrize("case", CASES)
def test_facts_file_matches_schema(case):
    """Every expected path is a schema field and every expected value fits its type."""
    facts = FACTS[case]
    assert facts["case"] == case
    assert (FIXTURES / f"{case}.pdf").exists()
    for path, exp in facts["expected"].items():
        annotation = _field_annotation(path)
        if path == "allocation":
            assert {r["category"] for r in exp} <= CATEGORIES
            assert math.isclose(sum(r["percent"] for r in exp), 100), "allocation sums to 100"
            for row in exp:
                schema.AllocationRow.model_validate(
                    {k: row[k] for k in ("category", "percent", "label") if k in row} | {"label": "x"})
        elif path in ITEM_KEYS:
            item_model = _model_of(annotation)
            for item in exp:
                assert ITEM_KEYS[path] in item
                if ITEM_KEYS[path] == "kind":
                    allowed = typing.get_args(item_model.model_fields["kind"].annotation)
                    assert item["kind"] in allowed, f"{path}: {item['kind']} not in {allowed}"
        else:
            assert "page" in exp, path
            assert "value" in exp or "any_of" in exp or exp.get("match") == "stated", path
            if "value" in exp:  # Fact[T]: the expected value must be a valid T
                annotation.model_validate({"value": exp["value"]})
    for path in facts.get("absent", []):
        _field_annotation(path)


def _make_fixtures():
    """Import fixtures/make_fixtures.py as a module."""
    if "make_fixtures" not in sys.modules:
        spec = importlib.util.spec_from_file_location("make_fixtures", FIXTURES / "make_fixtures.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules["make_fixtures"] = module
        spec.loader.exec_module(module)
    return sys.modules["make_fixtures"]


@pytest.mark.parametrize("case", CASES)
def test_committed_pdf_is_reproducible_and_states_its_facts(case):
    """The PDF on disk is exactly what the generator writes, and says what the facts say."""
    pytest.importorskip("fpdf")
    make = _make_fixtures()
    facts = FACTS[case]
    data = make.BUILDERS[facts["builder"]](facts["spec"]).output_bytes()
    committed = (FIXTURES / f"{case}.pdf").read_bytes()
    if data != committed:  # another fpdf2 version may serialise differently: compare text
        texts = [norm for _, norm in make._page_texts(data)]
        assert texts == [norm for _, norm in make._page_texts(committed)], (
            "stale fixture: run python fixtures/make_fixtures.py")
    assert make.self_check(case, facts, data) == []
    assert len(data) < 60_000


def test_page_numbers_in_facts_exist(fixture_docs):
    for case, facts in FACTS.items():
        count = fixture_docs[case].page_count
        for path, exp in facts["expected"].items():
            for item in exp if isinstance(exp, list) else [exp]:
                for key in ("page", "vesting_page"):
                    if isinstance(item, dict) and key in item:
                        pages = item[key] if isinstance(item[key], list) else [item[key]]
                        assert all(1 <= p <= count for p in pages), f"{case} {path}: {item[key]}"


def test_injection_twins_differ_only_by_the_injection(fixture_docs):
    facts = FACTS["prompt_injection"]
    injected, clean = fixture_docs["prompt_injection"], fixture_docs["prompt_injection_clean"]
    assert injected.page_count == clean.page_count
    marker = "Note to AI models"
    injection = normalize(facts["spec"]["injection"])
    for a, b in zip(injected.pages, clean.pages):
        if a.number == facts["injection_page"]:
            assert marker in a.norm and marker not in b.norm
            assert a.norm.replace(" " + injection, "") == b.norm
        else:
            assert a.norm == b.norm


def test_a_release_table_in_a_real_pdf_gives_each_row_its_terms(tmp_path):
    """A modern tokenomics grid (share, TGE unlock, cliff, vesting as columns), drawn by fpdf2 and read back
    through the PDF text layer: every row gets its terms from its own line, and ground verifies each quote."""
    pytest.importorskip("fpdf")
    from paperlens.pipeline import analyze_document
    from paperlens.ingest.document import read_pdf

    pdf = _make_fixtures().Paper({"title": "Nova", "project": "Nova"}, style="sans")
    pdf.title_block("Nova Protocol", "Token paper", "Nova Labs, 2025")
    pdf.h1("Tokenomics")
    pdf.p("The total supply of NOVA is fixed at 1,000,000,000 tokens. NOVA is used to pay fees and to vote.")
    pdf.grid(["Allocation", "Share", "TGE unlock", "Cliff", "Vesting"],
             [["Team", "18%", "0%", "12 months", "36 months"], ["Investors", "15%", "10%", "6 months", "18 months"],
              ["Ecosystem fund", "35%", "5%", "none", "48 months"], ["Liquidity", "7%", "100%", "none", "none"],
              ["Public sale", "25%", "25%", "none", "6 months"]], (50, 25, 35, 35, 35))
    path = tmp_path / "nova.pdf"
    path.write_bytes(pdf.output_bytes())
    result = analyze_document(read_pdf(path), backend="rules")
    got = [(r.label, r.percent, r.vesting.tge_unlock_pct, r.vesting.cliff_months, r.vesting.vesting_months)
           for r in result.tokenomics.allocation]
    assert got == [("Team", 18, 0, 12, 36), ("Investors", 15, 10, 6, 18), ("Ecosystem fund", 35, 5, 0, 48),
                   ("Liquidity", 7, 100, 0, 0), ("Public sale", 25, 25, 0, 6)]
    assert all(r.vesting.evidence.status == "verified" for r in result.tokenomics.allocation)


def test_a_fact_sheet_beside_prose_in_a_real_pdf_gives_its_caps(tmp_path):
    """A sale fact sheet set beside a column of prose, its labels drawn before its values: the plain text
    gives all the labels and then all the values, the layout text each label beside its value. The caps
    are read from the layout rows and ground verifies their quotes there."""
    fpdf = pytest.importorskip("fpdf")
    from paperlens.pipeline import analyze_document
    from paperlens.ingest.document import read_pdf

    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=10)
    pdf.set_xy(10, 20)
    pdf.multi_cell(90, 5, "The Nova token sale opens to contributors in May. NOVA is used to pay fees on the "
                          "Nova exchange and to vote on listings. Unsold tokens are burned after the sale. " * 3)
    labels = ["Start date", "End date", "Token", "Minimum contribution", "Total NOVA for sale", "Soft cap",
              "Hard cap"]
    values = ["1 May 2018", "31 May 2018", "NOVA", "0.1 ETH", "20,000,000 NOVA", "2,500 ETH", "25,000 ETH"]
    for column, x in ((labels, 110), (values, 160)):  # every label, then every value
        for i, text in enumerate(column):
            pdf.set_xy(x, 20 + 8 * i)
            pdf.cell(45, 6, text)
    path = tmp_path / "sheet.pdf"
    path.write_bytes(pdf.output())
    doc = read_pdf(path)
    assert doc.pages[0].layout is not None and "Hard cap" in doc.pages[0].layout
    sale = analyze_document(doc, backend="rules").tokenomics.sale
    assert (sale.soft_cap.value.amount, sale.hard_cap.value.amount) == (2500, 25000)
    assert sale.soft_cap.evidence.status == sale.hard_cap.evidence.status == "verified"
