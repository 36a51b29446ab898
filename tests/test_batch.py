"""``run_bulk(batch=True)``: the OpenAI Batch API against the fake server on 127.0.0.1.

The real openai client uploads the JSONL, creates and polls the batch and
downloads its output; the fake answers each line with the scripted behaviours.
"""

from __future__ import annotations

import json
import os
import signal
from pathlib import Path

import pytest

from paperlens.bulk import batch as batch_module
from paperlens.bulk.ledger import RESULTS
from paperlens.bulk.run import run_bulk
from paperlens.cache import Cache
from paperlens.errors import ConfigError
from paperlens.extract.llm import extract_llm, llm_schema, single_call
from paperlens.ingest.document import read_pdf
from paperlens.schema import Result, Tokenomics

from fakeserver import (  # noqa: F401  (fake_llm, llm_env are fixtures)
    llm_env,
    answer, by_kind, completion, error, fake_llm, invalid_json, schema_violation,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
PAPERS = ["ico_allocation.pdf", "defi_governance.pdf", "inflationary_l1.pdf"]




pytestmark = pytest.mark.usefixtures("llm_env")


def empty_answer() -> str:
    return json.dumps(Tokenomics().model_dump(mode="json"))


def named(project: str) -> str:
    """A valid answer that names the project (so each paper's report can be told apart)."""
    data = Tokenomics().model_dump(mode="json")
    data["identity"]["project_name"]["value"] = project
    return json.dumps(data)


def papers(*names: str) -> list[Path]:
    return [FIXTURES / n for n in (names or PAPERS)]


def batch_bulk(inputs, out, server, tmp_path, **kw):
    return run_bulk(inputs, out, backend="llm", base_url=server.base_url, model="gpt-4o-mini",
                    cache_dir=tmp_path / "cache", timeout=None, workers=1, quiet=True,
                    batch=True, batch_poll=0.01, **kw)


def calls(server, method: str, path: str) -> int:
    return sum(1 for r in server.requests if (r.method, r.path) == (method, path))


def records(out: Path) -> dict[str, dict]:
    lines = (out / RESULTS).read_text(encoding="utf-8").splitlines()
    return {Path(r["file"]).name: r for r in map(json.loads, lines)}


def test_one_batch_answers_every_paper_and_a_rerun_asks_nothing(tmp_path, fake_llm):
    fake_llm.default = answer(empty_answer())
    fake_llm.batch_polls = 2  # "in_progress" twice before "completed"
    out = tmp_path / "out"
    summary = batch_bulk(papers(), out, fake_llm, tmp_path)

    assert (summary.ok, summary.failed, summary.exit_code) == (3, 0, 0)
    assert calls(fake_llm, "POST", "/v1/files") == 1
    assert calls(fake_llm, "POST", "/v1/batches") == 1
    assert calls(fake_llm, "GET", "/v1/batches/batch_1") == 3
    assert fake_llm.chat_requests == []  # no realtime call: every answer came from the cache
    upload = fake_llm.files["file-1"]
    assert upload["purpose"] == "batch"
    lines = [json.loads(line) for line in upload["data"].decode().splitlines()]
    shas = {read_pdf(p).sha256 for p in papers()}
    assert {line["custom_id"] for line in lines} == shas
    assert {line["url"] for line in lines} == {"/v1/chat/completions"}
    for line in fake_llm.batch_lines:
        fmt = line.body["response_format"]
        assert fmt["json_schema"]["strict"] is True and fmt["json_schema"]["schema"] == llm_schema()
    assert fake_llm.batches["batch_1"]["completion_window"] == "24h"

    for rec in records(out).values():
        assert rec["status"] == "ok" and rec["backend"] == "llm"
        result = Result.model_validate_json((out / rec["json"]).read_text(encoding="utf-8"))
        assert result.provenance.backend == "llm" and result.provenance.model == "gpt-4o-mini"
        assert any("served from the cache" in w for w in result.warnings)
    assert summary.cost_usd > 0  # the batch's usage, at the batch price
    assert not (out / batch_module.PENDING).exists()

    fake_llm.requests.clear()
    again = batch_bulk(papers(), out, fake_llm, tmp_path)
    assert (again.cached, again.ok, again.failed) == (3, 0, 0)
    assert fake_llm.requests == []  # resume: no upload, no batch, no chat call


def test_realtime_request_is_the_batch_line(tmp_path, fake_llm):
    """The batch line's body and cache key are exactly those of the realtime call."""
    doc = read_pdf(FIXTURES / PAPERS[0])
    fake_llm.default = answer(empty_answer())
    extract_llm(doc, base_url=fake_llm.base_url, model="gpt-4o-mini", cache_dir=tmp_path / "c")
    call = single_call(doc, "gpt-4o-mini")
    assert fake_llm.chat_requests[0].body == call.body
    assert Cache(tmp_path / "c").get(call.key) is not None  # stored under the batch key


def test_a_failed_or_invalid_line_fails_only_its_paper(tmp_path, fake_llm):
    def behaviour(request):
        if "defi_governance" in request.prompt:
            return error(400, "this paper upsets the model")
        if "inflationary_l1" in request.prompt:
            return invalid_json()(request)
        if "two_column" in request.prompt:
            return schema_violation()(request)
        return completion(request, named("Nova Ledger"))

    fake_llm.default = behaviour
    out = tmp_path / "out"
    inputs = papers(*PAPERS, "two_column.pdf")
    summary = batch_bulk(inputs, out, fake_llm, tmp_path)

    assert (summary.ok, summary.failed, summary.exit_code) == (1, 3, 1)
    assert fake_llm.chat_requests == []  # failed lines are not retried in realtime
    recs = records(out)
    assert recs["ico_allocation.pdf"]["status"] == "ok"
    report = json.loads((out / recs["ico_allocation.pdf"]["json"]).read_text(encoding="utf-8"))
    assert report["tokenomics"]["identity"]["project_name"]["value"] == "Nova Ledger"  # its own line
    # the model's quote does not hold that name, but the rules backend's does: a verified title
    [unquoted] = report["agreement"]["llm_unverified"]
    assert unquoted["field"] == "identity.project_name" and unquoted["llm"]["evidence"]["quote"] == ""
    assert recs["ico_allocation.pdf"]["project"] == "Nova Ledger"
    bad, invalid = recs["defi_governance.pdf"], recs["inflationary_l1.pdf"]
    assert bad["status"] == invalid["status"] == "failed"
    assert bad["error"]["code"] == invalid["error"]["code"] == "batch"
    assert "HTTP 400: this paper upsets the model" in bad["error"]["message"]
    assert "invalid answer: not JSON" in invalid["error"]["message"]
    schema = recs["two_column.pdf"]["error"]
    assert schema["code"] == "batch" and "schema error(s), first at identity.project_name" in schema["message"]
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "this paper upsets the model" in index

    # a rerun sends only the failed papers, in a new batch
    fake_llm.default = answer(empty_answer())
    again = batch_bulk(inputs, out, fake_llm, tmp_path)
    assert (again.cached, again.ok, again.failed) == (1, 3, 0)
    assert [b["request_counts"]["total"] for b in fake_llm.batches.values()] == [4, 3]
    assert fake_llm.chat_requests == []


def test_map_reduce_papers_go_realtime(tmp_path, fake_llm):
    fake_llm.default = by_kind(answer(empty_answer()), answer("- nothing relevant"))
    out = tmp_path / "out"
    # with 600 input tokens ico_allocation needs map-reduce; xss fits one call
    summary = batch_bulk(papers("ico_allocation.pdf", "xss.pdf"), out, fake_llm, tmp_path,
                         max_input_tokens=600)
    assert (summary.ok, summary.failed) == (2, 0)
    [line] = fake_llm.batch_lines
    assert "xss" in line.prompt
    assert len(fake_llm.chat_requests) == 4  # three notes, one reduce
    assert all("ico_allocation" in r.prompt for r in fake_llm.chat_requests)


def test_a_batch_that_expires_fails_its_papers(tmp_path, fake_llm):
    fake_llm.default = answer(empty_answer())
    fake_llm.batch_final_status = "expired"
    out = tmp_path / "out"
    summary = batch_bulk(papers(PAPERS[0], PAPERS[1]), out, fake_llm, tmp_path)
    assert (summary.ok, summary.failed) == (0, 2)
    for rec in records(out).values():
        assert rec["error"]["code"] == "batch"
        assert "batch_1 expired: fakeserver: batch expired" in rec["error"]["message"]
    assert fake_llm.chat_requests == []


def test_ctrl_c_while_waiting_then_rerun_picks_up_the_same_batch(tmp_path, fake_llm):
    fake_llm.default = answer(empty_answer())
    fake_llm.batch_polls = 10**6  # never ends on its own
    out = tmp_path / "out"
    retrieve = fake_llm.routes[("GET", "/v1/batches/*")]

    def ctrl_c_on_second_poll(server, request):
        reply = retrieve(server, request)
        if server.batches["batch_1"]["_polls"] == 2:
            os.kill(os.getpid(), signal.SIGINT)  # what Ctrl-C does, while the client waits
        return reply

    fake_llm.routes[("GET", "/v1/batches/*")] = ctrl_c_on_second_poll
    stopped = batch_bulk(papers(), out, fake_llm, tmp_path)
    assert stopped.interrupted and stopped.exit_code == 130 and stopped.ok == 0
    pending = json.loads((out / batch_module.PENDING).read_text())
    assert [p["id"] for p in pending] == ["batch_1"] and len(pending[0]["keys"]) == 3

    fake_llm.routes[("GET", "/v1/batches/*")] = retrieve
    fake_llm.batch_polls = 0
    summary = batch_bulk(papers(), out, fake_llm, tmp_path)
    assert summary.ok == 3
    assert calls(fake_llm, "POST", "/v1/files") == calls(fake_llm, "POST", "/v1/batches") == 1
    assert fake_llm.chat_requests == []
    assert not (out / batch_module.PENDING).exists()


def test_batch_needs_the_llm_backend(tmp_path):
    with pytest.raises(ConfigError, match="--batch needs the llm backend"):
        run_bulk(papers(), tmp_path / "out", backend="rules", batch=True, quiet=True)


def test_server_without_batch_api_is_a_clear_error(tmp_path, fake_llm):
    from paperlens.errors import LLMError

    del fake_llm.routes[("POST", "/v1/files")]
    with pytest.raises(LLMError, match="HTTP 404 to the file upload"):
        batch_bulk(papers(PAPERS[0]), tmp_path / "out", fake_llm, tmp_path)
