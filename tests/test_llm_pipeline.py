"""End to end with the llm backend: ``paperlens analyze --backend llm`` against a scripted server.

The fake server (tests/fakeserver.py) answers like a good model would for
fixtures/ico_allocation.pdf, every quote copied from the PDF's real text, except
one deliberately hallucinated quote behind a graded fact (the hard cap). The
tests run the real CLI (typer's CliRunner, and once ``python -m paperlens`` as a
subprocess) and check the whole pipeline: the result has the rules backend's
shape, provenance says llm, ground (not the model) sets evidence statuses, the
made-up quote is flagged in JSON and HTML, the request was strict structured
output, a second run comes from the cache, and failures are one-line errors.
"""

from __future__ import annotations

import html as htmllib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ev
from fakeserver import (  # noqa: F401  (fixtures)
    LLM_ENV,
    fake_llm,
    good,
    invalid_json,
    llm_env,
    model_answer,
    server_error,
)
from typer.testing import CliRunner

from paperlens.cli import app
from paperlens.extract import llm
from paperlens.extract.llm import llm_schema
from paperlens.schema import (
    AllocationRow,
    Fact,
    Money,
    Person,
    ProceedsRow,
    Result,
    Sale,
    Tokenomics,
    UtilityItem,
    ValueCaptureItem,
    Vesting,
)

ROOT = Path(__file__).resolve().parents[1]
PDF = ROOT / "fixtures" / "ico_allocation.pdf"
FACTS = json.loads((ROOT / "fixtures" / "ico_allocation.facts.json").read_text("utf-8"))

#: the hallucinated quote: the hard cap is real ($20,000,000), this sentence is not in the PDF
FAKE_QUOTE = "The hard cap of the sale is USD 20 million."
FAKE_DATES = "The token sale runs for the whole of March 2025."

runner = CliRunner()
EVIDENCE_BLOCK = re.compile(r'<blockquote class="ev st-([a-z_]+)">(.*?)</blockquote>', re.S)


# ------------------------------------------------------------------ the scripted answer


pytestmark = pytest.mark.usefixtures("llm_env")


def nova(fake: str = "hard_cap") -> Tokenomics:
    """What a good model answers for ico_allocation.pdf, values from the facts file,
    quotes copied from the page text (some span a line break, as a model copies them) --
    except the hard cap (or, with ``fake="dates"``, the ungraded sale dates), whose quote
    is made up."""
    spec = FACTS["spec"]
    t = Tokenomics()
    i = t.identity
    i.project_name = Fact(value=spec["project"], evidence=ev("Nova Ledger: Instant Merchant", 1, status="unchecked"))
    i.token_name = Fact(value=spec["token"], evidence=ev("coordinated by the Nova token (NOVA)", 1, status="unchecked"))
    i.symbol = Fact(value=spec["symbol"], evidence=ev("coordinated by the Nova token (NOVA)", 1, status="unchecked"))
    i.chain = Fact(value=spec["chain"], evidence=ev("ERC-20 token deployed on Ethereum.", 1, status="unchecked"))
    i.standard = Fact(value=spec["standard"], evidence=ev("ERC-20 token deployed on Ethereum.", 1, status="unchecked"))
    i.launch_style = Fact(value="ico", evidence=ev("initial coin offering (ICO)", 1, status="unchecked"))
    s = t.supply
    s.max_supply = Fact(value=spec["max_supply"],
                        evidence=ev("The maximum supply of NOVA is 1,000,000,000 tokens.", 4, status="unchecked"))
    s.initial_circulating = Fact(value=spec["circulating"], evidence=ev("The initial circulating supply at TGE will be 315,000,000 NOVA", 4, status="unchecked"))
    s.initial_circulating_pct = Fact(value=spec["circulating_pct"], evidence=ev("which is 31.5% of the maximum supply", 4, status="unchecked"))
    t.emission.type = Fact(value="fixed", evidence=ev("the supply is fixed and can only shrink", 4, status="unchecked"))
    t.emission.mint_capped = Fact(value=True, evidence=ev("no further tokens can be minted after that", 4, status="unchecked"))
    t.emission.burn = Fact(value="half of every settlement fee is burned", evidence=ev("Half of every settlement fee paid in NOVA is burned", 3, status="unchecked"))

    vesting_quotes = {
        "Team & Founders": "Team & Founders: nothing is released at TGE, followed by a 12-month cliff, "
                           "after which the remainder vests linearly in monthly instalments over 36 months.",
        "Advisors": "Advisors: nothing is released at TGE, followed by a 6-month cliff, after which the "
                    "remainder vests linearly in monthly instalments over 18 months.",
        "Private Sale": "Private Sale: 10% of the allocation is released at TGE, followed by a 3-month cliff, "
                        "after which the remainder vests linearly in monthly instalments over 12 months.",
        "Public Sale": "Public Sale: tokens are fully unlocked at the token generation event (TGE).",
        "Ecosystem Fund": "Ecosystem Fund: nothing is released at TGE, and the allocation then vests linearly, "
                          "month by month, over 48 months.",
        "Community Rewards": "Community Rewards: nothing is released at TGE, and the allocation then vests "
                             "linearly, month by month, over 60 months.",
        "Liquidity": "Liquidity: tokens are fully unlocked at the token generation event (TGE).",
    }
    for row in spec["allocation"]:
        amount = spec["max_supply"] * row["percent"] / 100
        vesting = Vesting(
            tge_unlock_pct=row.get("tge_unlock_pct"), cliff_months=row.get("cliff_months"),
            vesting_months=row.get("vesting_months"),
            shape="linear" if row.get("vesting_months") else None,
            frequency="monthly" if row.get("vesting_months") else None, start="TGE",
            evidence=ev(vesting_quotes[row["label"]], 5, status="unchecked"),
        )
        t.allocation.append(AllocationRow(
            label=row["label"], category=row["category"], percent=row["percent"], amount=amount,
            vesting=vesting, evidence=ev(f"{row['label']} {row['percent']}% {amount:,.0f}", 4, status="unchecked")))

    t.utility.uses = [
        UtilityItem(kind="payment", evidence=ev("Merchants and payers use NOVA to pay settlement fees", 3, status="unchecked")),
        UtilityItem(kind="staking", evidence=ev("Node operators must stake NOVA to join the validator set", 3, status="unchecked")),
        UtilityItem(kind="governance", evidence=ev("NOVA holders vote on protocol parameters", 3, status="unchecked")),
    ]
    t.utility.value_capture = [
        ValueCaptureItem(kind="burn", evidence=ev("Half of every settlement fee paid in NOVA is burned", 3, status="unchecked")),
    ]
    t.controls.consensus = Fact(value="Tendermint-style BFT", evidence=ev("Settlement nodes run a Tendermint-style byzantine fault tolerant protocol", 3, status="unchecked"))

    sale = spec["sale"]
    t.sale = Sale(
        price=Fact(value=Money(amount=sale["price"], currency="USD"),
                   evidence=ev("at a price of $0.08 per NOVA", 6, status="unchecked")),
        soft_cap=Fact(value=Money(amount=sale["soft_cap"], currency="USD"),
                      evidence=ev("The sale has a soft cap of $5,000,000", 6, status="unchecked")),
        hard_cap=Fact(value=Money(amount=sale["hard_cap"], currency="USD"),
                      evidence=ev(FAKE_QUOTE if fake == "hard_cap"  # <- the hallucination
                                  else "a hard cap of $20,000,000", 6, status="unchecked")),
        tokens_offered=Fact(value=sale["tokens"], evidence=ev("250,000,000 NOVA are offered in the public sale", 6, status="unchecked")),
        accepted_currencies=Fact(value=sale["currencies"], evidence=ev("Contributions are accepted in ETH, USDC and USDT.", 6, status="unchecked")),
        dates=Fact(value="3 March 2025 to 31 March 2025", evidence=ev(FAKE_DATES if fake == "dates" else
            "The sale opens on 3 March 2025 and closes on 31 March 2025", 6, status="unchecked")),
        refund=Fact(value="full refund if the soft cap is not reached", evidence=ev("all contributions will be refunded in full to the sending address", 6, status="unchecked")),
        kyc=Fact(value=True, evidence=ev("All purchasers must complete KYC verification.", 6, status="unchecked")),
        use_of_proceeds=[ProceedsRow(label=p["label"], percent=p["percent"],
                                     evidence=ev(f"{p['label']} {p['percent']}%", 6, status="unchecked"))
                         for p in spec["proceeds"]],
    )
    d = t.disclosure
    d.legal_entity = Fact(value=spec["entity"], evidence=ev("The token is issued by Nova Ledger Foundation", 7, status="unchecked"))
    d.jurisdiction = Fact(value="Zug, Switzerland", evidence=ev("a foundation incorporated in Zug, Switzerland", 7, status="unchecked"))
    d.team = [Person(name=p["name"], role=p["role"], evidence=ev(f"{p['name']} — {p['role']}.", 7, status="unchecked"))
              for p in spec["team"]]
    d.team_anonymous = Fact(value=False, evidence=ev("6. Team and Advisors", 7, status="unchecked"))
    d.risk_section = Fact(value=True, evidence=ev("8. Risk Factors", 8, status="unchecked"))
    t.summary = Fact(
        value="A settlement layer for merchants; NOVA pays fees, is staked by nodes and governs.",
        evidence=ev("Nova Ledger is a settlement layer for small and medium-sized merchants", 1, status="unchecked"))
    return t


NOVA = model_answer(nova())


def analyze(*args, env: dict | None = None):
    result = runner.invoke(app, ["analyze", *map(str, args)], env=env)
    return result


def llm_args(server, tmp_path: Path, tag: str = "1") -> list:
    return [PDF, "--backend", "llm", "--base-url", server.base_url, "--model", "test-model",
            "--json", tmp_path / f"out{tag}.json", "--html", tmp_path / f"out{tag}.html",
            "--cache-dir", tmp_path / "cache", "--quiet"]


def load(path: Path) -> Result:
    return Result.model_validate_json(path.read_text("utf-8"))


def walk_evidence(node, path=""):
    """(dotted path, evidence dict) for every evidence in a JSON tokenomics."""
    if isinstance(node, dict):
        if set(node) == {"page", "quote", "status"}:
            yield path, node
            return
        for key, value in node.items():
            yield from walk_evidence(value, f"{path}.{key}" if path else key)
    elif isinstance(node, list):
        for n, value in enumerate(node):
            yield from walk_evidence(value, f"{path}[{n}]")


def keys_of(node, depth: int = 2):
    """The key structure of a JSON object down to ``depth`` (lists: keys of their items)."""
    if depth == 0 or not isinstance(node, (dict, list)):
        return type(node).__name__ if node is not None else "null"
    if isinstance(node, list):
        return sorted({json.dumps(keys_of(item, depth - 1), sort_keys=True) for item in node})
    return {k: keys_of(v, depth - 1) for k, v in node.items()}


# ------------------------------------------------------------------ the happy path


@pytest.fixture
def llm_run(fake_llm, tmp_path):
    """One CLI run with the llm backend, server scripted with the Nova answer."""
    fake_llm.push(good(NOVA))
    result = analyze(*llm_args(fake_llm, tmp_path))
    assert result.exit_code == 0, result.output
    return fake_llm, tmp_path


def test_llm_result_has_the_shape_of_the_rules_result(llm_run):
    server, tmp_path = llm_run
    rules_out = tmp_path / "rules.json"
    result = analyze(PDF, "--backend", "rules", "--json", rules_out, "--quiet")
    assert result.exit_code == 0, result.output
    via_llm = json.loads((tmp_path / "out1.json").read_text("utf-8"))
    via_rules = json.loads(rules_out.read_text("utf-8"))

    assert list(via_llm) == list(via_rules)  # same top-level keys, same order
    for part in ("file", "provenance", "grade"):
        assert set(via_llm[part]) == set(via_rules[part]), part
    assert via_llm["file"] == via_rules["file"]  # same PDF, same file facts
    assert set(via_llm["tokenomics"]) == set(via_rules["tokenomics"])
    assert isinstance(via_llm["findings"], list) and via_llm["findings"]
    assert {k for f in via_llm["findings"] for k in f} == {k for f in via_rules["findings"] for k in f}
    Result.model_validate(via_llm)  # the published schema holds

    llm_result = load(tmp_path / "out1.json")
    prov = llm_result.provenance
    assert prov.backend == "llm" and via_rules["provenance"]["backend"] == "rules"
    assert prov.model == "test-model"
    assert prov.prompt_version == llm.PROMPT_VERSION and prov.prompt_version.startswith("p-")
    assert prov.pages_sent == list(range(1, 9))  # all 8 pages fit the default budget
    assert prov.usage.calls == 1 and prov.usage.input_tokens > 0 and prov.usage.output_tokens > 0
    assert prov.usage.output_tokens == len(NOVA) // 4  # the server's count, not an estimate
    assert llm_result.grade.letter in {"A", "B", "C", "D", "E", "F"} and llm_result.grade.assessable

    # the llm's facts made it through
    assert llm_result.tokenomics.sale is not None
    assert llm_result.tokenomics.sale.soft_cap.value.amount == FACTS["spec"]["sale"]["soft_cap"]
    assert [r.percent for r in llm_result.tokenomics.allocation] == [
        r["percent"] for r in FACTS["spec"]["allocation"]]
    assert "sale_caps" in llm_result.grade.coverage_detail


def test_request_carries_model_strict_schema_and_the_paper_as_data(llm_run):
    server, _ = llm_run
    [request] = server.chat_requests
    assert request.body["model"] == "test-model"
    assert request.body["temperature"] == 0
    fmt = request.body["response_format"]
    assert fmt["type"] == "json_schema"
    assert fmt["json_schema"]["strict"] is True
    assert fmt["json_schema"]["schema"] == llm_schema()
    assert "status" not in fmt["json_schema"]["schema"]["$defs"]["Ev"]["properties"]
    assert request.pages == list(range(1, 9))
    assert "The maximum supply of NOVA is 1,000,000,000 tokens." in request.prompt
    assert request.headers["authorization"].startswith("Bearer ")


def test_evidence_statuses_come_from_ground_not_from_the_model(llm_run):
    _, tmp_path = llm_run
    data = json.loads((tmp_path / "out1.json").read_text("utf-8"))
    statuses = dict(walk_evidence(data["tokenomics"]))
    assert len(statuses) > 40
    # the model sent no statuses at all; every one was set by ground
    assert "status" not in NOVA
    assert all(e["status"] != "unchecked" for e in statuses.values())
    # every quote the model copied from the paper holds its value
    assert {e["status"] for e in statuses.values()} == {"verified"}
    assert statuses["supply.max_supply.evidence"]["page"] == 4
    # the made-up hard-cap quote did not verify: ground marked it and it was set aside; the rules
    # backend found the same hard cap under a real quote, which is the one used
    [set_aside] = data["agreement"]["llm_unverified"]
    assert set_aside["field"] == "sale.hard_cap"
    assert set_aside["llm"]["evidence"] == {"page": set_aside["llm"]["evidence"]["page"], "quote": FAKE_QUOTE,
                                            "status": "quote_not_found"}
    assert statuses["sale.hard_cap.evidence"]["quote"] != FAKE_QUOTE
    assert "sale.hard_cap" in data["agreement"]["agreed"]
    assert "UNVERIFIED_EVIDENCE" not in {f["code"] for f in data["findings"]}


def test_hallucinated_quote_behind_an_ungraded_fact_is_marked_but_not_a_finding(fake_llm, tmp_path):
    """UNVERIFIED_EVIDENCE is about graded facts; sale dates are not graded: the quote is
    still marked quote_not_found (and shown so), it just costs no points."""
    fake_llm.push(good(model_answer(nova(fake="dates"))))
    result = analyze(*llm_args(fake_llm, tmp_path))
    assert result.exit_code == 0, result.output
    data = json.loads((tmp_path / "out1.json").read_text("utf-8"))
    statuses = dict(walk_evidence(data["tokenomics"]))
    assert [p for p, e in statuses.items() if e["status"] != "verified"] == ["sale.dates.evidence"]
    assert statuses["sale.dates.evidence"]["status"] == "quote_not_found"
    assert statuses["sale.hard_cap.evidence"]["status"] == "verified"
    assert "UNVERIFIED_EVIDENCE" not in {f["code"] for f in data["findings"]}
    assert data["grade"]["coverage"] == 1.0
    page = (tmp_path / "out1.html").read_text("utf-8")
    assert [status for status, body in EVIDENCE_BLOCK.findall(page)
            if FAKE_DATES in htmllib.unescape(body)] == ["quote_not_found"]


def test_hallucinated_quote_is_visibly_marked_in_the_html(llm_run):
    _, tmp_path = llm_run
    page = (tmp_path / "out1.html").read_text("utf-8")
    blocks = EVIDENCE_BLOCK.findall(page)
    assert blocks
    marked = [(status, body) for status, body in blocks if FAKE_QUOTE in htmllib.unescape(body)]
    assert marked, "the hallucinated quote is not shown in the report"
    for status, body in marked:
        assert status == "quote_not_found"
        assert 'class="status st-quote_not_found"' in body
        assert "NOT found" in body
    real = [s for s, body in blocks if "The sale has a soft cap of $5,000,000" in htmllib.unescape(body)]
    assert real and set(real) == {"verified"}
    assert 'id="agreement"' in page and "LLM quotes that were not verified" in page


def test_second_identical_run_is_served_from_the_cache(llm_run):
    server, tmp_path = llm_run
    before, connections = len(server.chat_requests), server.connections
    assert before == 1
    result = analyze(*llm_args(server, tmp_path, tag="2"))
    assert result.exit_code == 0, result.output
    assert server.connections == connections  # zero new HTTP requests
    first, second = load(tmp_path / "out1.json"), load(tmp_path / "out2.json")
    assert second.provenance.usage.calls == 0
    assert second.tokenomics == first.tokenomics
    assert [f.code for f in second.findings] == [f.code for f in first.findings]
    assert (second.grade.letter, second.grade.score) == (first.grade.letter, first.grade.score)
    assert second.provenance.backend == "llm" and second.provenance.model == "test-model"
    assert any("cache" in w for w in second.warnings)

    # --no-cache asks the server again
    server.push(good(NOVA))
    result = analyze(*llm_args(server, tmp_path, tag="3"), "--no-cache")
    assert result.exit_code == 0, result.output
    assert len(server.chat_requests) == before + 1


def test_subprocess_python_m_paperlens_with_env_configuration(fake_llm, tmp_path):
    """The installed entry point, configured only by the environment (key, base URL, model)."""
    fake_llm.push(good(NOVA))
    out_json, out_html = tmp_path / "p.json", tmp_path / "p.html"
    env = {k: v for k, v in os.environ.items() if k not in LLM_ENV}
    env.update(OPENAI_API_KEY="sk-test-123", OPENAI_BASE_URL=fake_llm.base_url,
               PAPERLENS_MODEL="env-model", XDG_CACHE_HOME=str(tmp_path / "xdg"))
    proc = subprocess.run(
        [sys.executable, "-m", "paperlens", "analyze", str(PDF), "--backend", "llm",
         "--json", str(out_json), "--html", str(out_html)],
        env=env, capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    [request] = fake_llm.chat_requests
    assert request.headers["authorization"] == "Bearer sk-test-123"
    assert request.body["model"] == "env-model"
    result = load(out_json)
    assert result.provenance.backend == "llm" and result.provenance.model == "env-model"
    assert result.provenance.usage.input_tokens > 0
    assert [u.llm.evidence.status for u in result.agreement.llm_unverified] == ["quote_not_found"]
    assert result.tokenomics.sale.hard_cap.verified  # the rules backend's quote for the same value
    assert (tmp_path / "xdg" / "paperlens").is_dir()  # the default cache lives under XDG
    assert "st-quote_not_found" in out_html.read_text("utf-8")
    # the terminal summary shows the grade
    assert re.search(rf"\b{result.grade.letter}\s+{result.grade.score:g}/100", proc.stdout), proc.stdout


# ------------------------------------------------------------------ failures and backend choice


def test_server_always_500_is_a_one_line_error_with_exit_20(fake_llm, tmp_path):
    fake_llm.default = server_error(500)
    result = analyze(*llm_args(fake_llm, tmp_path))
    assert result.exit_code == 20, result.output
    assert "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    assert lines[0].startswith("error: ")
    assert "HTTP 500" in lines[0] and "failed after 5 attempts" in lines[0]
    assert fake_llm.base_url in lines[0]
    assert len(fake_llm.chat_requests) == 5  # 1 try + 4 retries, then give up
    assert not (tmp_path / "out1.json").exists() and not (tmp_path / "out1.html").exists()


def test_an_answer_that_stays_invalid_keeps_the_rules_facts_and_says_so(fake_llm, tmp_path):
    """The server answered, but nothing usable came of it (invalid after the repair): the paper is
    analysed on the rules backend's facts, with a warning naming the LLM's failure; exit 0."""
    fake_llm.default = invalid_json()
    result = analyze(*llm_args(fake_llm, tmp_path))
    assert result.exit_code == 0, result.output
    out = load(tmp_path / "out1.json")
    assert out.provenance.backend == "rules" and out.agreement is None
    assert out.tokenomics.supply.max_supply.verified  # the rules backend's facts
    assert any("still invalid after" in w and "the rules backend's alone" in w for w in out.warnings)
    assert len(fake_llm.chat_requests) == 2  # the answer and one repair, no more


def test_auto_ignores_the_openai_variables_of_other_tools(fake_llm, tmp_path):
    fake_llm.default = good(NOVA)
    out = tmp_path / "auto.json"
    result = analyze(PDF, "--json", out, "--cache-dir", tmp_path / "cache", "--quiet",
                     env={"OPENAI_BASE_URL": fake_llm.base_url, "OPENAI_API_KEY": "sk-other-tool-1234"})
    assert result.exit_code == 0, result.output
    assert fake_llm.connections == 0
    assert load(out).provenance.backend == "rules"


def test_openai_api_key_alone_makes_no_network_request(fake_llm, tmp_path):
    """The installed command with only OPENAI_API_KEY set (and OPENAI_BASE_URL pointing at a
    server that counts TCP connections, so a request could not go unnoticed): offline."""
    fake_llm.default = good(NOVA)
    env = {k: v for k, v in os.environ.items() if k not in LLM_ENV}
    env.update(OPENAI_API_KEY="sk-other-tool-1234", OPENAI_BASE_URL=fake_llm.base_url,
               XDG_CACHE_HOME=str(tmp_path / "xdg"))
    out = tmp_path / "p.json"
    proc = subprocess.run([sys.executable, "-m", "paperlens", "analyze", str(PDF), "--json", str(out)],
                          env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert fake_llm.connections == 0 and fake_llm.requests == []
    assert load(out).provenance.backend == "rules"
    assert "facts by: rules (offline)" in proc.stdout


@pytest.mark.parametrize("how", ["env", "file"])
def test_auto_uses_the_llm_when_paperlens_is_configured(fake_llm, tmp_path, monkeypatch, how):
    fake_llm.push(good(NOVA))
    env = {}
    if how == "env":
        env = {"PAPERLENS_BASE_URL": fake_llm.base_url, "PAPERLENS_MODEL": "test-model"}
    else:
        config = Path(os.environ["XDG_CONFIG_HOME"]) / "paperlens" / "config.toml"
        config.parent.mkdir(parents=True, exist_ok=True)
        config.write_text(f'base_url = "{fake_llm.base_url}"\nmodel = "test-model"\n')
    out = tmp_path / "auto.json"
    result = analyze(PDF, "--json", out, "--cache-dir", tmp_path / "cache", "--quiet", env=env)
    assert result.exit_code == 0, result.output
    assert len(fake_llm.chat_requests) == 1
    saved = load(out)
    assert (saved.provenance.backend, saved.provenance.model) == ("llm", "test-model")
    assert saved.provenance.server == fake_llm.base_url


def test_missing_llm_configuration_names_every_way_to_give_it(tmp_path):
    result = analyze(PDF, "--backend", "llm", "--json", tmp_path / "x.json")
    assert result.exit_code == 2
    [line] = [line for line in result.output.splitlines() if line.strip()]
    for way in ("--base-url", "--model", "PAPERLENS_BASE_URL", "OPENAI_BASE_URL", "OPENAI_API_KEY",
                str(Path(os.environ["XDG_CONFIG_HOME"]) / "paperlens" / "config.toml")):
        assert way in line.replace("\n", ""), way


def test_bad_config_file_is_a_one_line_error(tmp_path):
    config = Path(os.environ["XDG_CONFIG_HOME"]) / "paperlens" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('modle = "x"\n')
    result = analyze(PDF, "--json", tmp_path / "x.json")
    assert result.exit_code == 2 and "unknown key(s) modle" in result.output
    config.write_text('timeout = "soon"\n')
    result = analyze(PDF, "--json", tmp_path / "x.json")
    assert result.exit_code == 2 and "timeout must be a number" in result.output
    assert "Traceback" not in result.output


def test_auto_picks_rules_without_any_llm_configuration(fake_llm, tmp_path):
    out = tmp_path / "auto.json"
    result = analyze(PDF, "--backend", "auto", "--json", out, "--quiet")
    assert result.exit_code == 0, result.output
    assert fake_llm.requests == []
    saved = load(out)
    assert saved.provenance.backend == "rules"
    assert saved.provenance.model is None and saved.provenance.usage.calls == 0


def test_auto_picks_llm_when_base_url_is_given_on_the_command_line(fake_llm, tmp_path):
    """``--base-url`` alone configures the llm backend, as ``--backend``'s help says
    ("llm when a key or base URL is set"); it used to be ignored silently (rules ran)."""
    fake_llm.push(good(NOVA))
    out = tmp_path / "auto.json"
    result = analyze(PDF, "--base-url", fake_llm.base_url, "--json", out,
                     "--cache-dir", tmp_path / "cache", "--quiet")
    assert result.exit_code == 0, result.output
    assert len(fake_llm.chat_requests) == 1
    assert load(out).provenance.backend == "llm"


def test_price_table_from_a_file_prices_a_local_model(fake_llm, tmp_path):
    prices = tmp_path / "prices.toml"
    prices.write_text('"test-model" = [1.0, 2.0]\n')
    fake_llm.push(good(NOVA))
    result = analyze(*llm_args(fake_llm, tmp_path), "--prices", prices)
    assert result.exit_code == 0, result.output
    usage = load(tmp_path / "out1.json").provenance.usage
    assert usage.input_tokens > 0
    assert usage.cost_usd == pytest.approx((usage.input_tokens * 1.0 + usage.output_tokens * 2.0) / 1e6)


def test_unpriced_model_has_no_cost_and_a_bad_price_file_is_a_clear_error(fake_llm, tmp_path):
    fake_llm.push(good(NOVA))
    assert analyze(*llm_args(fake_llm, tmp_path)).exit_code == 0
    assert load(tmp_path / "out1.json").provenance.usage.cost_usd is None
    bad = tmp_path / "bad.toml"
    bad.write_text('"test-model" = "cheap"\n')
    result = analyze(*llm_args(fake_llm, tmp_path, "2"), "--prices", bad)
    assert result.exit_code == 2 and "price table" in result.output


def test_request_timeout_flag_bounds_each_request(fake_llm, tmp_path):
    from fakeserver import slow

    fake_llm.default = slow(2.0, good(NOVA))
    result = analyze(*llm_args(fake_llm, tmp_path), "--request-timeout", "0.3")
    assert result.exit_code == 20, result.output
    assert "timed out twice (after 0.3s)" in result.output and "--request-timeout" in result.output
    assert len(fake_llm.chat_requests) == 2
    bad = analyze(*llm_args(fake_llm, tmp_path), "--request-timeout", "0")
    assert bad.exit_code == 2 and "--request-timeout" in bad.output, bad.output
