"""``paperlens bulk --dry-run``: what a run would do, with token and cost estimates, writing nothing.

The papers are read in worker processes as in a run; each one's LLM requests are
estimated there (:func:`paperlens.bulk.workers.ingest_paper` with a token budget).
"""

from __future__ import annotations

from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from paperlens.bulk.archive import Found, Limits, Skipped, discover, release, temp_folder
from paperlens.bulk.ledger import RESULTS, is_done, read_results, record_key
from paperlens.bulk.progress import Reporter
from paperlens.bulk.summary import BulkSummary
from paperlens.bulk.workers import CRASH, ingest_paper, new_pool, stop_pool, text_cache
from paperlens.ingest.document import DEFAULT_ENGINE
from paperlens.policy import Policy
from paperlens.prices import cost_usd
from paperlens.settings import LLMSettings


def plan_bulk(inputs: list[Path], out: Path, backend: str, policy: Policy, workers: int,
              verbose: bool, timeout: float | None, limits: Limits, settings: LLMSettings,
              reporter: Reporter, engine: str = DEFAULT_ENGINE) -> BulkSummary:
    """The plan of a run on ``inputs`` into ``out``, in ``BulkSummary.planned`` (one row per
    entry: analyse, done, duplicate, would fail, skipped), shown by ``reporter``."""
    summary = BulkSummary(out=out)
    previous = {record_key(r): r for r in read_results(out / RESULTS)}
    budget = settings.max_input_tokens
    model = settings.model if backend == "llm" else None
    seen: dict[str, str] = {}
    pending: dict[Future, tuple[dict, Found, ProcessPoolExecutor]] = {}

    def pool() -> ProcessPoolExecutor:
        return new_pool(workers, backend, policy, verbose, timeout, text_cache(settings), engine)

    pools = [pool()]

    def drain() -> None:
        done, _ = wait(list(pending), return_when=FIRST_COMPLETED)
        for future in done:
            row, found, used = pending.pop(future)
            release(found)
            try:
                kind, payload = future.result()
            except BrokenProcessPool:  # a plan only: the papers in flight are marked, not retried
                kind, payload = "error", CRASH
                if used is pools[0]:
                    used.shutdown(wait=False, cancel_futures=True)
                    pools[0] = pool()
            if kind == "error":
                row.update(status="would fail", note=f"{payload['code']}: {payload['message']}")
                continue
            row.update(payload)
            if backend == "llm":
                row["cost_usd"] = cost_usd(model, payload["input_tokens"], payload["output_tokens"],
                                           settings.price_table)
            else:
                row.update(input_tokens=0, output_tokens=0, calls=0, cost_usd=0.0)

    try:
        with temp_folder() as tmp:
            for entry in discover(inputs, Path(tmp), limits):
                if isinstance(entry, Skipped):
                    if entry.code == "not_pdf":
                        summary.ignored += 1
                    else:
                        summary.planned.append({"file": entry.name, "status": "skipped",
                                                "note": f"{entry.code}: {entry.reason}"})
                    continue
                row = {"file": entry.name, "sha256": entry.sha256, "status": "analyse"}
                summary.planned.append(row)
                if entry.sha256 in seen:
                    row.update(status="duplicate", note=f"same content as {seen[entry.sha256]}")
                elif is_done(previous.get("sha:" + entry.sha256), out):
                    row.update(status="done", note="already analysed")
                if row["status"] != "analyse":
                    release(entry)
                    continue
                seen[entry.sha256] = entry.name
                while len(pending) >= 2 * workers:
                    drain()
                pending[pools[0].submit(ingest_paper, entry.path, budget)] = (row, entry, pools[0])
            while pending:
                drain()
    except KeyboardInterrupt:
        stop_pool(pools[0], now=True)
        raise
    finally:
        pools[0].shutdown(wait=True, cancel_futures=True)
    rows = [r for r in summary.planned if r["status"] == "analyse"]
    costs = [r.get("cost_usd") for r in rows]
    summary.cost_usd = sum(c for c in costs if c)
    reporter.plan(summary.planned, model, None in costs)
    return summary
