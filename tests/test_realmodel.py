"""End to end against a real model server: llama-cpp-python serving SmolLM2-135M-Instruct.

Nothing here is scripted: the real ``openai`` client talks to a real
OpenAI-compatible server that decodes under a grammar built from paperlens's
schema. The tiny model gets most facts wrong; what is checked is that the
schema is accepted, the answers parse, every quote goes through ground (a
wrong quote is marked, never trusted) and nothing crashes. Skipped, with the
install line, where the server or the model is not installed (.ci/run installs
both).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from realmodel import CONFIG, MODEL_ALIAS, llama_server, missing

from paperlens.assess.ground import BAD_STATUSES, iter_evidence
from paperlens.schema import Result

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
CORPUS = ROOT.parent / "shared" / "corpus" / "pdf"

pytestmark = [pytest.mark.realmodel, pytest.mark.skipif(bool(missing()), reason=f"realmodel: {missing()}")]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    log = tmp_path_factory.mktemp("llama") / "server.log"
    with llama_server(n_ctx=8192, log=log) as base:
        yield base




def paperlens(*args: str, env_home: Path, timeout: float = 1800, config: str = CONFIG) -> subprocess.CompletedProcess:
    """The installed CLI, run as a user would, with its caches and config in ``env_home``.

    No per-paper time limit (``--timeout 0``): on a loaded two-core machine this model can take
    ten times its usual minute per paper; the subprocess timeout still bounds a hang.
    """
    args = (*args, "--timeout", "0")
    path = env_home / "config" / "paperlens" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(config, "utf-8")
    env = {"PATH": str(Path(sys.executable).parent), "HOME": str(env_home),
           "XDG_CACHE_HOME": str(env_home / "cache"), "XDG_CONFIG_HOME": str(env_home / "config")}
    return subprocess.run([sys.executable, "-m", "paperlens", *args], capture_output=True, text=True,
                          env=env, timeout=timeout)


def assert_grounded(result: Result) -> None:
    """Every piece of evidence went through ground: it has a status, and a bad one is not trusted."""
    evidence = list(iter_evidence(result.tokenomics))
    assert all(e.status for e in evidence), [e for e in evidence if not e.status]
    for finding in result.findings:
        for e in finding.evidence:
            assert e.status not in BAD_STATUSES or finding.code == "UNVERIFIED_EVIDENCE", finding


def analyze(pdf: Path, server: str, tmp_path: Path) -> Result:
    out = tmp_path / f"{pdf.stem}.json"
    run = paperlens("analyze", str(pdf), "--backend", "llm", "--base-url", server, "--json", str(out),
                    env_home=tmp_path)
    assert run.returncode == 0, run.stderr[-2000:]
    assert "Traceback" not in run.stderr
    result = Result.model_validate_json(out.read_text("utf-8"))
    assert_grounded(result)
    if result.provenance.backend == "rules":  # the model's answer was unusable: said so, rules facts kept
        assert any("the rules backend's alone" in w for w in result.warnings), result.warnings
        return result
    assert result.provenance.backend == "llm"
    assert result.provenance.model == MODEL_ALIAS  # learned from /v1/models: no --model was given
    assert result.provenance.usage.calls >= 1 and result.provenance.usage.output_tokens > 0
    assert result.agreement is not None  # checked against the rules backend
    return result


@pytest.mark.parametrize("name", ["ico_allocation", "fiat_stablecoin"])
def test_a_fixture_is_analysed_by_the_real_model(name, server, tmp_path):
    analyze(FIXTURES / f"{name}.pdf", server, tmp_path)


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus absent")
@pytest.mark.parametrize("name", ["bitcoin", "tether"])
def test_a_real_paper_is_analysed_by_the_real_model(name, server, tmp_path):
    analyze(CORPUS / f"{name}.pdf", server, tmp_path)


def test_bulk_runs_on_the_real_model(server, tmp_path):
    papers = tmp_path / "in"
    papers.mkdir()
    for name in ("ico_allocation", "defi_governance"):
        (papers / f"{name}.pdf").write_bytes((FIXTURES / f"{name}.pdf").read_bytes())
    out = tmp_path / "out"
    run = paperlens("bulk", str(papers), "--out", str(out), "--backend", "llm", "--base-url", server, "-j", "1",
                    env_home=tmp_path)
    assert run.returncode == 0, run.stderr[-2000:]
    records = [json.loads(line) for line in (out / "results.jsonl").read_text("utf-8").splitlines()]
    assert sorted(Path(r["file"]).name for r in records if r.get("status") == "ok") == ["defi_governance.pdf",
                                                                           "ico_allocation.pdf"]


def test_the_default_context_is_reported_not_obscure(tmp_path):
    """llama-cpp-python's default context is 2,048 tokens: paperlens either fits it or says so."""
    with llama_server(n_ctx=None) as base:
        out = tmp_path / "r.json"
        run = paperlens("analyze", str(FIXTURES / "ico_allocation.pdf"), "--backend", "llm", "--base-url", base,
                        "--json", str(out), env_home=tmp_path)
    assert "Traceback" not in run.stderr
    if run.returncode:
        assert run.returncode == 20, run.stderr
        assert "context" in run.stderr and "n_ctx" in run.stderr, run.stderr
    else:
        assert_grounded(Result.model_validate_json(out.read_text("utf-8")))


def test_the_real_models_whole_answer_parses_and_goes_through_ground(tmp_path):
    """Given room (16k context, 8k answer tokens), the 135M model finishes its answer for the
    one-page stablecoin fixture (about 5,900 tokens, two minutes here): the answer parses into
    the schema, every quote is grounded, and what it got wrong is listed against the rules backend."""
    out = tmp_path / "r.json"
    with llama_server(n_ctx=16384) as base:
        run = paperlens("analyze", str(FIXTURES / "fiat_stablecoin.pdf"), "--backend", "llm", "--base-url", base,
                        "--json", str(out), env_home=tmp_path,
                        config="timeout = 1800\nmax_retries = 0\nmax_output_tokens = 8192\n")
    assert run.returncode == 0, run.stderr[-2000:]
    result = Result.model_validate_json(out.read_text("utf-8"))
    assert result.provenance.backend == "llm", result.warnings
    assert result.provenance.usage.output_tokens > 1000
    assert_grounded(result)
    a = result.agreement
    assert a is not None and (a.agreed or a.disagreements or a.only_llm)
    # a tiny model's quotes mostly fail: each one is listed, none is trusted
    assert all(u.llm.evidence is None or u.llm.evidence.status in BAD_STATUSES for u in a.llm_unverified)
