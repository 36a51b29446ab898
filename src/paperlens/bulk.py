"""``paperlens bulk``: many whitepapers (files, folders, archives) into reports.

The flow, with in-flight work bounded so memory stays flat however large the
input is:

1. :func:`paperlens.archive.discover` yields PDFs lazily (archive members are
   streamed to temporary files one at a time);
2. worker processes (``workers``) read each PDF, through the text cache
   (:mod:`paperlens.textcache`: bytes read before, e.g. by the ``--batch``
   prefetch, are not extracted again); with the rules backend they run the
   whole analysis, since it is CPU work too;
3. a thread pool (``concurrency``) runs the LLM backend, so at most
   ``concurrency`` papers talk to the server at once, and writes the reports;
4. the main thread appends one line per paper to ``results.jsonl`` (whole line,
   flushed and fsynced) and, at the end, writes ``summary.csv`` and ``index.html``.

Resume: a paper whose sha256 has an ``ok`` line in ``results.jsonl`` and whose
JSON report parses is not redone, nor is one that failed for a reason in the
file itself (damaged, encrypted, ...); other failures (LLM, timeout) are retried. Every file is written atomically, and a torn
last line of ``results.jsonl`` is dropped when the next run starts.
"""

from __future__ import annotations

import faulthandler
import json
import multiprocessing
import os
import re
import signal
import sys
import time
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, ThreadPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Iterator

from .archive import Found, Limits, Skipped, count_pdfs, discover, release
from .errors import ConfigError, PaperlensError
from .extract import resolve_backend
from .prices import cost_usd
from .settings import LLMSettings, settings_for
from .ingest import DEFAULT_ENGINE, ENGINES
from .overview import write_index, write_summary_csv
from .policy import Policy, load_policy
from .progress import Reporter
from .render import atomic_write_text, severity_counts, write_html, write_json

RESULTS = "results.jsonl"
SUMMARY_CSV = "summary.csv"
INDEX_HTML = "index.html"
DEFAULT_TIMEOUT = 600.0  # seconds per paper in a worker process (read + rules analysis)
PERMANENT_ERRORS = ("not_pdf", "damaged", "encrypted", "no_text", "empty")  # not retried on resume
DRY_RUN_OUTPUT_TOKENS = 2000  # rough answer size per LLM call, for estimates


@dataclass
class BulkSummary:
    """What a bulk run did; ``exit_code`` is 0 when nothing failed."""

    out: Path
    ok: int = 0
    cached: int = 0
    duplicate: int = 0
    failed: int = 0
    skipped: int = 0  # rejected archive members, papers left out by the cost budget
    ignored: int = 0  # files that are not PDFs
    cost_usd: float = 0.0
    budget_reached: bool = False
    interrupted: bool = False
    planned: list[dict] = field(default_factory=list)  # dry run: one row per entry

    @property
    def exit_code(self) -> int:
        if self.interrupted:
            return 130
        return 1 if self.failed else 0

    def line(self) -> str:
        """One-line account of the run."""
        parts = [f"{self.ok} analysed", f"{self.cached} already done", f"{self.duplicate} duplicates",
                 f"{self.failed} failed", f"{self.skipped} skipped", f"{self.ignored} not PDF"]
        if self.cost_usd:
            parts.append(f"${self.cost_usd:.4f}")
        if self.budget_reached:
            parts.append("cost budget reached")
        if self.interrupted:
            parts.append("interrupted")
        return ", ".join(parts)


# ------------------------------------------------------------------ ledger


def record_key(record: dict) -> str:
    """Analyses are keyed by content (sha256), everything else by file name."""
    if record.get("status") in ("ok", "failed") and record.get("sha256"):
        return "sha:" + record["sha256"]
    return "file:" + str(record.get("file"))


def read_results(path: Path) -> Iterator[dict]:
    """The valid records of a results.jsonl; torn or garbled lines are ignored."""
    try:
        fh = open(path, encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return
    with fh:
        for line in fh:
            if not line.endswith("\n"):
                continue  # torn last line of a killed run
            try:
                record = json.loads(line)
            except ValueError:
                continue
            if isinstance(record, dict) and "file" in record and "status" in record:
                yield record


def _line(record: dict) -> str:
    return json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n"


class Ledger:
    """results.jsonl: the last record per key, appended whole and fsynced."""

    def __init__(self, path: Path):
        self.path = path
        self.records: dict[str, dict] = {}
        for record in read_results(path):
            self._keep(record)
        self.compact()  # drop torn lines and superseded records before appending
        self._fh = open(path, "a", encoding="utf-8")

    def add(self, record: dict) -> None:
        """Keep ``record`` and append it as one line, flushed to disk."""
        self._keep(record)
        self._fh.write(_line(record))
        self._fh.flush()
        os.fsync(self._fh.fileno())

    def _keep(self, record: dict) -> None:
        # an analysis supersedes an earlier entry for the same file (left out by the budget)
        key = record_key(record)
        if key.startswith("sha:"):
            self.records.pop("file:" + str(record["file"]), None)
        self.records[key] = record

    def compact(self) -> None:
        """Rewrite the file atomically with one line per key."""
        atomic_write_text(self.path, "".join(_line(r) for r in self.records.values()))

    def close(self) -> None:
        """Stop appending and leave the file compacted."""
        self._fh.close()
        self.compact()


def is_unreadable(record: dict | None) -> bool:
    """True when ``record`` failed for a reason in the file itself (not a PDF,
    damaged, encrypted, no text, empty): rerunning would fail the same way."""
    return bool(record and record.get("status") == "failed"
                and (record.get("error") or {}).get("code") in PERMANENT_ERRORS)


def is_done(record: dict | None, out: Path) -> bool:
    """True when ``record`` is an ``ok`` analysis whose reports exist and whose JSON parses."""
    if not record or record.get("status") != "ok" or not record.get("json") or not record.get("html"):
        return False
    try:
        data = json.loads((out / record["json"]).read_text(encoding="utf-8"))
        return data["file"]["sha256"] == record["sha256"] and (out / record["html"]).is_file()
    except (OSError, ValueError, KeyError, TypeError):
        return False


# ------------------------------------------------------------------ records


def slug_for(name: str, sha256: str) -> str:
    """A file-name-safe, stable report name: the PDF's stem and a short hash."""
    stem = re.split(r"[/\\!]", name)[-1]
    stem = re.sub(r"\.pdf$", "", stem, flags=re.IGNORECASE)
    stem = re.sub(r"[^A-Za-z0-9]+", "-", stem).strip("-").lower()[:60] or "paper"
    return f"{stem}-{sha256[:10]}"


def ok_record(found: Found, result, slug: str) -> dict:
    """The results.jsonl line of a finished analysis."""
    t = result.tokenomics
    insider = result.figures.insider_pct
    counts = severity_counts(result.findings)
    return {
        "file": found.name, "sha256": found.sha256, "status": "ok", "error": None,
        "grade": result.grade.letter, "score": result.grade.score,
        "json": f"{slug}.json", "html": f"{slug}.html",
        "project": t.identity.project_name.value, "symbol": t.identity.symbol.value,
        "max_supply": t.supply.max_supply.value, "insider_pct": insider, "findings": counts,
        "pages": result.file.pages, "backend": result.provenance.backend,
        "cost_usd": result.provenance.usage.cost_usd, "seconds": result.provenance.seconds,
    }


def failed_record(name: str, sha256: str | None, code: str, message: str,
                  status: str = "failed", **extra) -> dict:
    """The results.jsonl line of a paper (or entry) that produced no report."""
    return {"file": name, "sha256": sha256, "status": status,
            "error": {"code": code, "message": message}, **extra}


# ------------------------------------------------------------------ worker processes


class _Timeout(BaseException):
    """Raised by SIGALRM in a worker; BaseException so pypdf's handlers let it through."""


_WORKER: dict = {}


def _init_worker(backend: str, policy: Policy, verbose: bool, timeout: float | None,
                 text_cache: dict, engine: str) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    import pypdf  # noqa: F401  - imported before any alarm can interrupt an import
    import pypdfium2  # noqa: F401

    from . import pipeline  # noqa: F401
    _WORKER.update(backend=backend, policy=policy, verbose=verbose, timeout=timeout,
                   text_cache=text_cache, engine=engine, devnull=open(os.devnull, "w"))


def _on_alarm(signum, frame):
    raise _Timeout()


def ingest_paper(path: Path, estimate_tokens: int | None = None):
    """Worker: read one PDF; with the rules backend, analyse it too.

    Returns ``("result", Result)``, ``("doc", Document)``, ``("estimate", dict)``
    or ``("error", (code, message))``; never raises.
    """
    from .ingest import read_pdf
    from .pipeline import analyze_document

    timeout = _WORKER.get("timeout")
    started = time.perf_counter()
    if timeout:
        signal.signal(signal.SIGALRM, _on_alarm)
        signal.setitimer(signal.ITIMER_REAL, timeout)
        # the alarm only interrupts Python code: stuck inside C code (PDFium), the worker
        # is ended a little after twice the timeout, and the parent records a crash
        faulthandler.dump_traceback_later(2 * timeout + 1, exit=True, file=_WORKER["devnull"])
    try:
        doc = read_pdf(path, verbose=_WORKER.get("verbose", False),
                       engine=_WORKER.get("engine", DEFAULT_ENGINE), **_WORKER.get("text_cache", {}))
        if estimate_tokens is not None:
            return "estimate", _estimate(doc, estimate_tokens)
        if _WORKER.get("backend") == "rules":
            return "result", analyze_document(doc, backend="rules", policy=_WORKER["policy"],
                                              started=started)
        return "doc", doc
    except PaperlensError as exc:
        return "error", (exc.code, str(exc))
    except _Timeout:
        return "error", ("timeout", f"{path.name}: gave up after {timeout:g} s in the worker")
    except Exception as exc:  # one bad paper must not stop the run
        return "error", ("internal", f"{path.name}: {type(exc).__name__}: {exc}")
    finally:
        if timeout:
            signal.setitimer(signal.ITIMER_REAL, 0)
            faulthandler.cancel_dump_traceback_later()


def _estimate(doc, max_input_tokens: int) -> dict:
    from .select import select_pages

    selection = select_pages(doc, max_input_tokens)
    calls, tokens_in = 1, selection.tokens_sent
    if not selection.complete:  # map-reduce: page groups, then one reduce call
        relevant = sum(selection.tokens[n] for n in selection.pages + selection.overflow)
        groups = min(8, -(-relevant // max_input_tokens))
        calls, tokens_in = groups + 1, min(relevant, 8 * max_input_tokens) + DRY_RUN_OUTPUT_TOKENS * groups
    return {"pages": doc.page_count, "tokens_total": selection.tokens_total,
            "input_tokens": tokens_in, "output_tokens": DRY_RUN_OUTPUT_TOKENS * calls, "calls": calls}


def _text_cache(settings: LLMSettings) -> dict:
    """The text cache settings (``cache_dir``, ``use_cache``) of the run."""
    return {"cache_dir": settings.cache_dir, "use_cache": settings.use_cache}


def new_pool(workers: int, backend: str, policy: Policy, verbose: bool,
              timeout: float | None, text_cache: dict,
              engine: str = DEFAULT_ENGINE) -> ProcessPoolExecutor:
    """Worker processes that read PDFs with ``engine``, through the text cache as
    ``text_cache`` says."""
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_init_worker,
                               initargs=(backend, policy, verbose, timeout, text_cache, engine))


# ------------------------------------------------------------------ the run


CRASH = ("crash", "the worker process died while reading this paper (crash, out of memory, "
                  "or stuck past twice the timeout)")


class _Run:
    def __init__(self, out: Path, backend: str, policy: Policy, workers: int, concurrency: int,
                 max_cost: float | None, verbose: bool, timeout: float | None,
                 reporter: Reporter, settings: LLMSettings, engine: str = DEFAULT_ENGINE):
        self.out, self.backend, self.policy = out, backend, policy
        self.workers, self.concurrency = workers, concurrency
        self.max_cost, self.verbose, self.timeout = max_cost, verbose, timeout
        self.reporter, self.settings, self.engine = reporter, settings, engine
        self.summary = BulkSummary(out=out)
        self.seen: dict[str, str] = {}  # sha256 -> the file that stands for it in this run
        self.pending: dict[Future, tuple[str, Found, object]] = {}
        self.batch_failed: dict[str, str] = {}  # sha256 -> why its Batch API answer is unusable
        self.max_inflight = 2 * workers + concurrency

    def execute(self, inputs: list[Path], limits: Limits) -> BulkSummary:
        for stale in self.out.glob(".*.tmp"):  # temp files of a killed run's atomic writes
            stale.unlink(missing_ok=True)
        self.ledger = Ledger(self.out / RESULTS)
        self.procs = self._new_pool(self.workers)
        self.threads = ThreadPoolExecutor(max_workers=self.concurrency, thread_name_prefix="paperlens")
        interrupted = False
        try:
            with TemporaryDirectory(prefix="paperlens-bulk-") as tmp, self.reporter:
                for entry in discover(inputs, Path(tmp), limits):
                    self._entry(entry)
                while self.pending:
                    self._drain()
        except KeyboardInterrupt:
            interrupted = self.summary.interrupted = True
        finally:
            for stage, _, pool in list(self.pending.values()):
                if stage == "alone":
                    pool.shutdown(wait=False, cancel_futures=True)
            self.procs.shutdown(wait=not interrupted, cancel_futures=True)
            self.threads.shutdown(wait=not interrupted, cancel_futures=True)
            self.ledger.close()
            records = list(self.ledger.records.values())
            write_summary_csv(records, self.out / SUMMARY_CSV)
            write_index(records, self.out / INDEX_HTML, self.summary)
        return self.summary

    # -- entries

    def _entry(self, entry: Found | Skipped) -> None:
        if isinstance(entry, Skipped):
            if entry.code == "not_pdf":
                self.summary.ignored += 1
                return
            status = "failed" if entry.code == "bad_archive" else "skipped"
            self._record(failed_record(entry.name, None, entry.code, entry.reason, status=status))
            return
        found: Found | None = entry
        try:
            first = self.seen.get(entry.sha256)
            if first is not None:
                if first != entry.name:
                    self._record(failed_record(entry.name, entry.sha256, "duplicate",
                                               f"same content as {first}", status="duplicate",
                                               duplicate_of=first))
                return
            previous = self.ledger.records.get("sha:" + entry.sha256)
            if is_done(previous, self.out):
                self.seen[entry.sha256] = previous["file"]
                self.summary.cached += 1
                self.reporter.update("cached", previous)
                return
            if is_unreadable(previous):  # the same bytes would fail the same way
                self.seen[entry.sha256] = previous["file"]
                self.summary.failed += 1
                self.reporter.update("failed", previous)
                return
            self.seen[entry.sha256] = entry.name
            if entry.sha256 in self.batch_failed:  # not retried in realtime: a rerun retries it
                self._record(failed_record(entry.name, entry.sha256, "batch",
                                           self.batch_failed[entry.sha256]))
                return
            while len(self.pending) >= self.max_inflight:
                self._drain()
            if self.max_cost is not None and self.summary.cost_usd >= self.max_cost:
                self.summary.budget_reached = True
                self._record(failed_record(entry.name, entry.sha256, "budget",
                                           f"not started: LLM cost reached ${self.max_cost:g}",
                                           status="skipped"))
                return
            future = self.procs.submit(ingest_paper, entry.path)
            self.pending[future] = ("ingest", entry, self.procs)
            found = None  # the temporary copy is released once the worker has read it
        finally:
            if found is not None:
                release(found)

    def _new_pool(self, workers: int) -> ProcessPoolExecutor:
        return new_pool(workers, self.backend, self.policy, self.verbose, self.timeout,
                        _text_cache(self.settings), self.engine)

    def _drain(self) -> None:
        """Handle what finished. A worker that dies breaks its whole pool: the run goes on
        with a fresh pool, and each paper that was in the broken pool runs again alone, in
        a pool of its own, so only the paper that kills a worker twice is lost."""
        done, _ = wait(list(self.pending), return_when=FIRST_COMPLETED)
        for future in done:
            stage, found, pool = self.pending.pop(future)
            if stage == "finish":
                self._record(future.result())
                continue
            if stage == "alone":
                pool.shutdown(wait=False)
            try:
                kind, payload = future.result()
            except BrokenProcessPool:
                if pool is self.procs:
                    self.procs.shutdown(wait=False, cancel_futures=True)
                    self.procs = self._new_pool(self.workers)
                if stage == "ingest":
                    alone = self._new_pool(1)
                    self.pending[alone.submit(ingest_paper, found.path)] = ("alone", found, alone)
                    continue
                kind, payload = "error", CRASH
            except Exception as exc:  # e.g. a result that could not be sent back
                kind, payload = "error", ("internal", f"{type(exc).__name__}: {exc}")
            release(found)
            if kind == "error":
                self._record(failed_record(found.name, found.sha256, *payload))
                continue
            self.pending[self.threads.submit(self._finish, kind, payload, found)] = ("finish", found, None)

    def _finish(self, kind: str, payload, found: Found) -> dict:
        """Thread: the LLM analysis (if not done yet) and the two reports."""
        from .pipeline import analyze_document

        try:
            if kind == "doc":
                settings = self.settings
                if self.backend == "llm":  # one map call at a time; the LLM stage bounded by --timeout
                    settings = replace(settings, concurrency=1, deadline=(
                        time.monotonic() + self.timeout if self.timeout else None))
                result = analyze_document(payload, backend=self.backend, policy=self.policy, settings=settings)
            else:
                result = payload
            slug = slug_for(found.name, found.sha256)
            write_json(result, self.out / f"{slug}.json")
            write_html(result, self.out / f"{slug}.html")
            return ok_record(found, result, slug)
        except PaperlensError as exc:
            return failed_record(found.name, found.sha256, exc.code, str(exc))
        except Exception as exc:  # one bad paper must not stop the run
            return failed_record(found.name, found.sha256, "internal", f"{type(exc).__name__}: {exc}")

    def _record(self, record: dict) -> None:
        self.ledger.add(record)
        status = record["status"]
        setattr(self.summary, status, getattr(self.summary, status) + 1)
        if record.get("cost_usd"):
            self.summary.cost_usd += record["cost_usd"]
        self.reporter.update(status, record)


# ------------------------------------------------------------------ dry run


def _dry_run(inputs: list[Path], out: Path, backend: str, policy: Policy, workers: int,
             verbose: bool, timeout: float | None, limits: Limits, settings: LLMSettings,
             reporter: Reporter, engine: str = DEFAULT_ENGINE) -> BulkSummary:
    summary = BulkSummary(out=out)
    previous = {record_key(r): r for r in read_results(out / RESULTS)}
    budget = settings.max_input_tokens
    model = settings.model if backend == "llm" else None
    seen: dict[str, str] = {}
    pending: dict[Future, tuple[dict, Found, ProcessPoolExecutor]] = {}

    def pool() -> ProcessPoolExecutor:
        return new_pool(workers, backend, policy, verbose, timeout, _text_cache(settings), engine)

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
                row.update(status="would fail", note=f"{payload[0]}: {payload[1]}")
                continue
            row.update(payload)
            if backend == "llm":
                row["cost_usd"] = cost_usd(model, payload["input_tokens"], payload["output_tokens"],
                                           settings.price_table)
            else:
                row.update(input_tokens=0, output_tokens=0, calls=0, cost_usd=0.0)

    try:
        with TemporaryDirectory(prefix="paperlens-bulk-") as tmp:
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
    finally:
        pools[0].shutdown(wait=True, cancel_futures=True)
    rows = [r for r in summary.planned if r["status"] == "analyse"]
    costs = [r.get("cost_usd") for r in rows]
    summary.cost_usd = sum(c for c in costs if c)
    reporter.plan(summary.planned, model, None in costs)
    return summary


# ------------------------------------------------------------------ entry point


def run_bulk(
    inputs: list[Path],
    out: Path,
    *,
    backend: str = "auto",
    policy: Policy | str | Path | None = None,
    workers: int | None = None,
    concurrency: int = 4,
    quiet: bool = False,
    dry_run: bool = False,
    max_cost: float | None = None,
    verbose: bool = False,
    timeout: float | None = DEFAULT_TIMEOUT,
    limits: Limits = Limits(),
    batch: bool = False,
    batch_poll: float = 30.0,
    engine: str = DEFAULT_ENGINE,
    settings: LLMSettings | None = None,
    model: str | None = None,
    base_url: str | None = None,
    api_key: str | None = None,
    max_input_tokens: int | None = None,
    cache_dir: str | Path | None = None,
    use_cache: bool = True,
    prices: str | Path | dict | None = None,
) -> BulkSummary:
    """Analyse every PDF under ``inputs`` (files, folders, archives) into ``out``.

    Writes ``<slug>.json`` and ``<slug>.html`` per paper, ``results.jsonl``,
    ``summary.csv`` and ``index.html``. ``workers`` processes read PDFs
    (default: CPU count); ``concurrency`` threads run the LLM backend.
    ``max_cost`` (USD) stops starting papers once reached; ``timeout`` (s)
    bounds the worker-side time of one paper. ``dry_run`` writes nothing and
    returns the plan in ``BulkSummary.planned``. The LLM options (or ``settings``)
    are resolved once (:func:`paperlens.settings.resolve_settings`) and checked before
    anything starts. ``batch`` (llm backend) first sends the single-call papers through
    the OpenAI Batch API, polling every ``batch_poll`` s (:mod:`paperlens.batch`).
    ``engine`` (``"pdfium"`` or ``"pypdf"``) reads the text. A worker that dies
    (a crash in PDFium, say) costs the paper it was reading, not the run.
    Raises :class:`ConfigError` for a missing input or bad option.
    """
    inputs = [Path(p) for p in inputs]
    if not inputs:
        raise ConfigError("bulk: give at least one PDF, folder or archive")
    for path in inputs:
        if not path.exists():
            raise ConfigError(f"{path}: no such file or directory")
    if concurrency < 1 or (workers is not None and workers < 1):
        raise ConfigError("bulk: --workers and --concurrency must be at least 1")
    if engine not in ENGINES:
        raise ConfigError(f"bulk: unknown text engine {engine!r} (use {' or '.join(ENGINES)})")
    settings = settings_for(settings, backend=backend, model=model, base_url=base_url,
                            api_key=api_key, max_input_tokens=max_input_tokens, cache_dir=cache_dir,
                            use_cache=use_cache, prices=prices)
    backend = resolve_backend(backend, settings)
    if backend == "llm":
        settings.require()  # once, before any paper (and before pricing a dry run)
    if batch and backend != "llm":
        raise ConfigError("bulk: --batch needs the llm backend")
    policy = policy if isinstance(policy, Policy) else load_policy(policy)
    workers = workers or os.cpu_count() or 1
    out = Path(out)
    reporter = Reporter(count_pdfs(inputs, limits), quiet=quiet)
    if dry_run:
        return _dry_run(inputs, out, backend, policy, workers, verbose, timeout, limits,
                        settings, reporter, engine)
    out.mkdir(parents=True, exist_ok=True)
    run = _Run(out, backend, policy, workers, concurrency, max_cost, verbose, timeout, reporter,
               settings, engine)
    if batch:
        from .batch import prefetch

        outcome = prefetch(inputs, out, limits=limits, workers=workers, verbose=verbose,
                           worker_timeout=timeout, poll_interval=batch_poll, engine=engine,
                           model=settings.model, base_url=settings.base_url,
                           api_key=settings.api_key, max_input_tokens=settings.max_input_tokens,
                           cache_dir=settings.cache_dir, use_cache=settings.use_cache,
                           max_retries=settings.max_retries, prices=settings.price_table)
        run.batch_failed = outcome.failed
        run.summary.cost_usd += outcome.cost_usd or 0.0
    summary = run.execute(inputs, limits)
    reporter.done(summary)
    return summary


__all__ = ["BulkSummary", "run_bulk", "read_results", "is_done", "slug_for", "RESULTS",
           "SUMMARY_CSV", "INDEX_HTML"]


if __name__ == "__main__":  # pragma: no cover - `python -m paperlens.bulk OUT INPUT...` (rules)
    from paperlens.bulk import run_bulk as _run_bulk  # worker functions pickle by module name

    sys.exit(_run_bulk(sys.argv[2:], Path(sys.argv[1]), backend="rules").exit_code)
