"""``paperlens bulk --batch``: the llm backend's single calls through the OpenAI Batch API.

Before the normal bulk run, :func:`prefetch` reads every paper not done yet (into
the text cache, where the bulk run finds the pages again) and builds the one
chat-completions request the llm backend would send for it
(:func:`paperlens.extract.llm.single_call`; papers that need map-reduce are left
to the realtime path). The requests go up as JSONL (``custom_id`` = the PDF's
sha256), one batch per file, and the batches are polled until they end. Each
answer is checked like a realtime one (:func:`~paperlens.extract.llm.parse_answer`:
JSON, then the pydantic schema) and stored in the LLM cache under the key the
realtime call would use, so the bulk run that follows finds it there and makes
no request; grounding, validation and rendering stay local.

A line that failed, or whose answer does not validate, fails only its paper,
with error code ``batch``: it is not retried in realtime (that would silently
pay the full price), and a rerun retries it. The ids of submitted batches are
kept in ``<out>/batch-pending.json`` until their answers are stored, so a run
stopped while waiting picks the same batches up again instead of paying twice.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import time
from concurrent.futures import FIRST_COMPLETED, Future, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from tempfile import TemporaryDirectory

import openai
from pydantic import ValidationError

from paperlens.bulk.archive import Found, Limits, Skipped, discover, release
from paperlens.cache import Cache
from paperlens.errors import ConfigError, LLMError
from paperlens.extract import llm
from paperlens.files import atomic_write_text

PENDING = "batch-pending.json"
ENDPOINT = "/v1/chat/completions"
ENDED = ("completed", "failed", "expired", "cancelled")
MAX_LINES = 50_000  # OpenAI: requests per batch
MAX_FILE_BYTES = 190 << 20  # OpenAI: 200 MB per input file, with a margin
BATCH_DISCOUNT = 0.5  # Batch API price relative to realtime
REQUEST_TIMEOUT = 120.0  # seconds per Batch/Files API request (uploads can be large)

log = logging.getLogger(__name__)


@dataclass
class BatchOutcome:
    """What :func:`prefetch` did; ``failed`` maps a PDF's sha256 to the reason."""

    batch_ids: list[str] = field(default_factory=list)
    submitted: int = 0  # requests sent in batches by this run
    stored: int = 0  # answers stored in the LLM cache
    realtime: int = 0  # papers left to the realtime path (map-reduce)
    failed: dict[str, str] = field(default_factory=dict)
    input_tokens: int = 0
    output_tokens: int = 0
    cost_usd: float | None = None


def prefetch(inputs: list[Path], out: Path, *, limits: Limits = Limits(), workers: int = 1,
             verbose: bool = False, worker_timeout: float | None = None,
             poll_interval: float = 30.0,
             model: str | None = None, base_url: str | None = None, api_key: str | None = None,
             max_input_tokens: int = 12000, cache_dir=None, use_cache: bool = True,
             max_retries: int = 4, prices: dict | None = None, engine: str = "pdfium",
             **_realtime) -> BatchOutcome:
    """Answer the single-call papers under ``inputs`` through the Batch API into the LLM cache.

    Papers already done in ``out/results.jsonl`` or already cached are skipped.
    Blocks until every batch has ended, polling every ``poll_interval`` seconds.
    Takes the llm backend's options (``_realtime``: those that only matter in realtime).
    ``engine`` reads the text, as the bulk run will (the text cache is per engine).
    Raises :class:`LLMError` when a batch cannot be submitted or followed.
    """
    if not use_cache:
        raise ConfigError("bulk: --batch stores the answers in the LLM cache; do not disable it")
    model, base_url, api_key = llm.resolve_config(model, base_url, api_key)
    client = openai.OpenAI(api_key=api_key, base_url=base_url, max_retries=max_retries,
                           timeout=REQUEST_TIMEOUT)
    cache = Cache(cache_dir)
    outcome = BatchOutcome()
    pending_path = Path(out) / PENDING
    pending = _load_pending(pending_path)
    if pending:  # batches of an interrupted run: collect them before submitting anything new
        log.info("batch: resuming %d pending batch(es)", len(pending))
        _finish(client, pending, pending_path, cache, model, poll_interval, outcome)
    with TemporaryDirectory(prefix="paperlens-batch-") as tmp:
        chunks = _write_requests(inputs, Path(out), Path(tmp), limits, workers, verbose,
                                 worker_timeout, model, max_input_tokens, cache, outcome, engine)
        for path, keys in chunks:
            pending.append({"id": _submit(client, path), "keys": keys})
            atomic_write_text(pending_path, json.dumps(pending))
            outcome.submitted += len(keys)
    if pending:
        _finish(client, pending, pending_path, cache, model, poll_interval, outcome)
    if outcome.input_tokens or outcome.output_tokens:
        cost = llm.cost_usd(model, outcome.input_tokens, outcome.output_tokens, prices)
        outcome.cost_usd = None if cost is None else round(cost * BATCH_DISCOUNT, 9)
    return outcome


# ------------------------------------------------------------------ requests


def _write_requests(inputs, out: Path, tmp: Path, limits: Limits, workers: int, verbose: bool,
                    timeout: float | None, model: str, max_input_tokens: int, cache: Cache,
                    outcome: BatchOutcome, engine: str) -> list[tuple[Path, dict[str, str]]]:
    """Read the papers still to do; write their requests as JSONL chunks (path, sha -> key)."""
    from paperlens.bulk.ledger import RESULTS, is_done, is_unreadable, read_results
    from paperlens.bulk.workers import ingest_paper, new_pool, stop_pool

    previous = {r["sha256"]: r for r in read_results(out / RESULTS) if r.get("sha256")}
    chunks: list[tuple[Path, dict[str, str]]] = []
    state = {"fh": None, "bytes": 0}
    seen: set[str] = set(outcome.failed)  # failed in a resumed batch: retried by the next run
    inflight: dict[Future, tuple[Found, object]] = {}
    text_cache = {"cache_dir": cache.directory, "use_cache": True}  # the bulk run reads it back
    pools = [new_pool(workers, "llm", None, verbose, timeout, text_cache, engine)]

    def add(doc) -> None:
        call = llm.single_call(doc, model, max_input_tokens)
        if call is None:
            outcome.realtime += 1
            return
        if _cached(cache, call.key):
            return
        line = json.dumps({"custom_id": doc.sha256, "method": "POST", "url": ENDPOINT,
                           "body": call.body}, ensure_ascii=False, separators=(",", ":")) + "\n"
        size = len(line.encode())
        if state["fh"] is None or len(chunks[-1][1]) >= MAX_LINES \
                or state["bytes"] + size > MAX_FILE_BYTES:
            if state["fh"] is not None:
                state["fh"].close()
            path = tmp / f"requests-{len(chunks) + 1}.jsonl"
            state["fh"], state["bytes"] = open(path, "w", encoding="utf-8"), 0
            chunks.append((path, {}))
        state["fh"].write(line)
        state["bytes"] += size
        chunks[-1][1][doc.sha256] = call.key

    def drain() -> None:
        done, _ = wait(list(inflight), return_when=FIRST_COMPLETED)
        for future in done:
            found, pool = inflight.pop(future)
            release(found)
            try:
                kind, payload = future.result()
            except BrokenProcessPool:  # a worker died on this paper: the bulk run records it
                if pool is pools[0]:
                    pool.shutdown(wait=False, cancel_futures=True)
                    pools[0] = new_pool(workers, "llm", None, verbose, timeout, text_cache, engine)
                continue
            except Exception:  # e.g. a result that could not be sent back
                continue
            if kind == "doc":
                add(payload)  # errors are recorded by the bulk run, which tries the file again

    try:
        for entry in discover(inputs, tmp, limits):
            if isinstance(entry, Skipped):
                continue
            record = previous.get(entry.sha256)
            if entry.sha256 in seen or is_done(record, out) or is_unreadable(record):
                release(entry)
                continue
            seen.add(entry.sha256)
            while len(inflight) >= 2 * workers:
                drain()
            inflight[pools[0].submit(ingest_paper, entry.path)] = (entry, pools[0])
        while inflight:
            drain()
    except KeyboardInterrupt:  # Ctrl-C or SIGTERM: end the workers now, not after their paper
        stop_pool(pools[0], now=True)
        raise
    finally:
        pools[0].shutdown(wait=True, cancel_futures=True)
        if state["fh"] is not None:
            state["fh"].close()
    return chunks


def _cached(cache: Cache, key: str) -> bool:
    try:
        hit = cache.get(key)
        return hit is not None and _valid(hit.get("content", "")) is None
    except sqlite3.Error:
        return False


# ------------------------------------------------------------------ the Batch API


def _api(what: str, client: openai.OpenAI, call):
    try:
        return call()
    except openai.APIStatusError as exc:
        raise LLMError(f"batch: {client.base_url} answered HTTP {exc.status_code} to {what}: "
                       f"{llm.error_text(exc)}") from None
    except openai.OpenAIError as exc:
        raise LLMError(f"batch: {what} at {client.base_url} failed: "
                       f"{type(exc).__name__}: {llm.shorten(str(exc))}") from None


def _submit(client: openai.OpenAI, path: Path) -> str:
    """Upload one JSONL file and create its batch; returns the batch id."""
    with open(path, "rb") as fh:
        upload = _api("the file upload", client,
                      lambda: client.files.create(file=(path.name, fh), purpose="batch"))
    batch = _api("the batch creation", client, lambda: client.batches.create(
        input_file_id=upload.id, endpoint=ENDPOINT, completion_window="24h"))
    log.info("batch %s submitted (%s)", batch.id, path.name)
    return batch.id


def _wait(client: openai.OpenAI, batch_id: str, poll_interval: float):
    """Poll until the batch has ended; returns the last Batch object."""
    while True:
        batch = _api(f"retrieving batch {batch_id}", client,
                     lambda: client.batches.retrieve(batch_id))
        if batch.status in ENDED:
            return batch
        counts = batch.request_counts
        log.info("batch %s %s (%s/%s done)", batch_id, batch.status,
                 getattr(counts, "completed", "?"), getattr(counts, "total", "?"))
        time.sleep(poll_interval)


def _finish(client: openai.OpenAI, pending: list[dict], pending_path: Path, cache: Cache,
            model: str, poll_interval: float, outcome: BatchOutcome) -> None:
    """Wait for every pending batch, store its answers, then forget it."""
    while pending:
        entry = pending[0]
        batch = _wait(client, entry["id"], poll_interval)
        _collect(client, batch, entry["keys"], cache, model, outcome)
        outcome.batch_ids.append(batch.id)
        pending.pop(0)
        if pending:
            atomic_write_text(pending_path, json.dumps(pending))
        else:
            pending_path.unlink(missing_ok=True)


def _collect(client: openai.OpenAI, batch, keys: dict[str, str], cache: Cache, model: str,
             outcome: BatchOutcome) -> None:
    """Store each valid answer of an ended batch; every other line fails its paper."""
    answered: set[str] = set()
    for file_id in (batch.output_file_id, batch.error_file_id):
        if not file_id:
            continue
        text = _api(f"downloading {file_id}", client, lambda: client.files.content(file_id).text)
        for raw in text.splitlines():
            try:
                line = json.loads(raw)
                sha = line["custom_id"]
            except (ValueError, KeyError, TypeError):
                continue
            if sha not in keys or sha in answered:
                continue
            answered.add(sha)
            content, problem = _answer(line, outcome)
            if problem is None:
                try:
                    cache.put(keys[sha], {"content": content}, kind="extract", model=model)
                    outcome.stored += 1
                    continue
                except sqlite3.Error as exc:
                    problem = f"answer not cached ({exc})"
            outcome.failed[sha] = f"batch {batch.id}: {problem}"
    reason = batch.status
    errors = getattr(getattr(batch, "errors", None), "data", None) or []
    if errors:
        reason += ": " + "; ".join(llm.shorten(e.message or e.code, 120) for e in errors[:3])
    for sha in keys.keys() - answered:
        outcome.failed[sha] = f"batch {batch.id} {reason}: no answer for this paper"


def _answer(line: dict, outcome: BatchOutcome) -> tuple[str, str | None]:
    """(content, None) for a usable answer line, else ("", why not); adds its usage."""
    response = line.get("response") or {}
    body = response.get("body") if isinstance(response.get("body"), dict) else {}
    usage = body.get("usage") or {}
    outcome.input_tokens += usage.get("prompt_tokens") or 0
    outcome.output_tokens += usage.get("completion_tokens") or 0
    if line.get("error"):
        err = line["error"]
        return "", llm.shorten(f"{err.get('code') or 'error'}: {err.get('message')}")
    status = response.get("status_code")
    if status != 200:
        message = (body.get("error") or {}).get("message") if isinstance(body, dict) else None
        return "", llm.shorten(f"HTTP {status}: {message or 'no message'}")
    choices = body.get("choices") or []
    if not choices:
        return "", "answer with no choices"
    choice = choices[0]
    message = choice.get("message") or {}
    if message.get("refusal"):
        return "", llm.shorten(f"the model refused: {message['refusal']}")
    if choice.get("finish_reason") in ("length", "content_filter"):
        return "", f"answer cut short (finish_reason={choice['finish_reason']})"
    content = message.get("content") or ""
    problem = _valid(content)
    return (content, None) if problem is None else ("", problem)


def _valid(content: str) -> str | None:
    """None when ``content`` parses and fits the schema, else the problem."""
    try:
        llm.parse_answer(content)
    except (ValueError, ValidationError) as exc:
        return f"invalid answer: {llm.validation_problem(exc)}"
    return None


def _load_pending(path: Path) -> list[dict]:
    try:
        pending = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return [p for p in pending if isinstance(p, dict) and "id" in p and "keys" in p] \
        if isinstance(pending, list) else []


__all__ = ["BatchOutcome", "prefetch", "PENDING"]
