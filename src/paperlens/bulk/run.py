"""``paperlens bulk``: many whitepapers (files, folders, archives) into reports.

The flow, with in-flight work bounded so memory stays flat however large the
input is:

1. :func:`paperlens.bulk.archive.discover` yields PDFs lazily (archive members are
   streamed to temporary files one at a time);
2. worker processes (``workers``) read each PDF, through the text cache
   (:mod:`paperlens.ingest.textcache`: bytes read before, e.g. by the ``--batch``
   prefetch, are not extracted again); with the rules backend they run the
   whole analysis, since it is CPU work too;
3. a thread pool (``concurrency``) runs the LLM backend, so at most
   ``concurrency`` papers talk to the server at once, and writes the reports;
4. the main thread appends one line per paper to ``results.jsonl`` (whole line,
   fsynced: :mod:`paperlens.bulk.ledger`) and writes ``summary.csv`` and
   ``index.html`` as the run goes (every few seconds, so they exist even after a
   crash) and at the end.

One run owns an output folder at a time (a lock file in it:
:mod:`paperlens.bulk.lock`); a second run on the same ``--out`` stops at once and
names the first. SIGTERM is handled like Ctrl-C: what is done is kept, the
overview is written, temporary folders are removed, and the worker processes are
ended; workers also die with their parent if it is killed outright. A full disk
fails the papers it hits, never the final files that can still be written, and
never with a traceback. Any exception escaping one paper's analysis is recorded
for that paper with its stage and error class.

Resume: a paper whose sha256 has an ``ok`` line in ``results.jsonl`` and whose
JSON report parses is not redone, nor is one that failed for a reason in the
file itself (damaged, encrypted, ...); other failures (LLM, timeout) are retried. Every file is written atomically, and a torn
last line of ``results.jsonl`` is dropped when the next run starts.

``dry_run`` only plans (:mod:`paperlens.bulk.dryrun`).
"""

from __future__ import annotations

import errno
import os
import re
import signal
import sys
import threading
import time
from concurrent.futures import (
    FIRST_COMPLETED,
    Future,
    ProcessPoolExecutor,
    ThreadPoolExecutor,
    wait,
)
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from paperlens.bulk.archive import Found, Limits, Skipped, count_pdfs, discover, release, temp_folder
from paperlens.bulk.dryrun import plan_bulk
from paperlens.bulk.ledger import (
    RESULTS,
    Ledger,
    failed_record,
    is_done,
    is_unreadable,
    ok_record,
)
from paperlens.bulk.lock import OutLock, check_out
from paperlens.bulk.overview import write_index, write_summary_csv
from paperlens.bulk.progress import Reporter
from paperlens.bulk.summary import BulkSummary
from paperlens.bulk.workers import (
    CRASH,
    ingest_paper,
    internal_error,
    new_pool,
    stop_pool,
    text_cache,
)
from paperlens.errors import ConfigError, PaperlensError
from paperlens.extract import resolve_backend
from paperlens.files import atomic_write_text
from paperlens.ingest.document import DEFAULT_ENGINE, ENGINES
from paperlens.policy import Policy, load_policy
from paperlens.report.render import write_html, write_json
from paperlens.safetext import printable
from paperlens.settings import LLMOptions, LLMSettings, check_options, settings_for

if TYPE_CHECKING:
    from typing_extensions import Unpack

SUMMARY_CSV = "summary.csv"
INDEX_HTML = "index.html"
RESERVE = ".paperlens-reserve"  # room kept for the final files, freed just before they are written
RESERVE_BYTES = (64 << 10, 3 << 10)  # fixed part, and per paper (index + CSV + ledger line, twice)
ERRORS_DIR = "errors"  # tracebacks of exceptions that escaped a paper's analysis
OVERVIEW_EVERY = 2.0  # seconds between overview rewrites during a run (at least)
DEFAULT_TIMEOUT = 600.0  # seconds per paper in a worker process (read + rules analysis)


# ------------------------------------------------------------------ records


def slug_for(name: str, sha256: str) -> str:
    """A file-name-safe, stable report name: the PDF's stem and a short hash."""
    stem = re.split(r"[/\\!]", name)[-1]
    stem = re.sub(r"\.pdf$", "", stem, flags=re.IGNORECASE)
    stem = re.sub(r"[^A-Za-z0-9]+", "-", stem).strip("-").lower()[:60] or "paper"
    return f"{stem}-{sha256[:10]}"


def _disk_error(exc: OSError, what: str) -> dict:
    code = "no_space" if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)) else "write"
    return {"code": code, "message": f"could not write {what}: {exc.strerror or exc}"}


# ------------------------------------------------------------------ signals


_STOP: dict = {}  # the signal that stopped the run


def _on_stop(signum, frame):
    _STOP["signal"] = signum
    raise KeyboardInterrupt


class _stop_signals:
    """SIGTERM raises KeyboardInterrupt like Ctrl-C does (main thread only), and the
    signal is remembered for the exit code."""

    def __enter__(self):
        _STOP.clear()
        self.saved = {}
        if threading.current_thread() is threading.main_thread():
            for sig in (signal.SIGINT, signal.SIGTERM):
                self.saved[sig] = signal.signal(sig, _on_stop)
        return self

    def __exit__(self, *exc):
        for sig, handler in self.saved.items():
            signal.signal(sig, handler)


class _signals_held:
    """Ignore Ctrl-C and SIGTERM while a stopped run cleans up (main thread only)."""

    def __enter__(self):
        self.saved = {}
        if threading.current_thread() is threading.main_thread():
            for sig in (signal.SIGINT, signal.SIGTERM):
                self.saved[sig] = signal.signal(sig, signal.SIG_IGN)
        return self

    def __exit__(self, *exc):
        for sig, handler in self.saved.items():
            signal.signal(sig, handler)


# ------------------------------------------------------------------ the run


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
        self.next_overview = 0.0
        self.disk_warned = False

    def execute(self, inputs: list[Path], limits: Limits) -> BulkSummary:
        for stale in self.out.glob(".*.tmp"):  # temp files of a killed run's atomic writes
            stale.unlink(missing_ok=True)
        try:
            self.ledger = Ledger(self.out / RESULTS)
        except OSError as exc:
            raise ConfigError(f"{printable(self.out / RESULTS)}: cannot be written "
                              f"({exc.strerror or type(exc).__name__})") from None
        self.summary.running = True
        self.procs = self._new_pool(self.workers)
        self.threads = ThreadPoolExecutor(max_workers=self.concurrency, thread_name_prefix="paperlens")
        interrupted = False
        try:
            self._overview()  # so that the overview exists from the start, even after a crash
            self._reserve(self.reporter.total + len(self.ledger.records))  # earlier runs' records too
            with temp_folder() as tmp, self.reporter:
                for entry in discover(inputs, Path(tmp), limits):
                    self._entry(entry)
                while self.pending:
                    self._drain()
        except KeyboardInterrupt:
            interrupted = self.summary.interrupted = True
            self.summary.stopped_by = _STOP.get("signal") or signal.SIGINT
        finally:
            with _signals_held():  # a second Ctrl-C or SIGTERM must not cut the cleanup short
                for stage, _, pool in list(self.pending.values()):
                    if stage == "alone":
                        stop_pool(pool, now=True)
                stop_pool(self.procs, now=interrupted)
                self.threads.shutdown(wait=not interrupted, cancel_futures=True)
                (self.out / RESERVE).unlink(missing_ok=True)  # its room is for what follows
                if error := self.ledger.close():
                    self._disk_warning(f"{RESULTS} was not compacted ({error.strerror or error}); "
                                       "its appended lines stay valid")
                self.summary.running = False
                self._overview(final=True)
        return self.summary

    def _overview(self, final: bool = False) -> None:
        """Write summary.csv and index.html from the records so far; a file that cannot
        be written is reported (at the end) instead of stopping the run."""
        records = list(self.ledger.records.values())
        started = time.monotonic()
        for name, write in ((SUMMARY_CSV, lambda p: write_summary_csv(records, p)),
                            (INDEX_HTML, lambda p: write_index(records, p, self.summary))):
            try:
                write(self.out / name)
            except OSError as exc:
                if final:
                    self.summary.write_errors.append(f"{name} ({exc.strerror or exc})")
        # rewritten every few seconds at most, and never taking more than ~5% of the run
        self.next_overview = time.monotonic() + max(OVERVIEW_EVERY, 20 * (time.monotonic() - started))

    def _reserve(self, papers: int) -> None:
        """Set room aside for the final results.jsonl, summary.csv and index.html, so
        that a disk filled by the reports still takes them (best effort)."""
        size = RESERVE_BYTES[0] + RESERVE_BYTES[1] * max(papers, 0)
        path = self.out / RESERVE
        try:
            with open(path, "wb") as fh:
                try:
                    os.posix_fallocate(fh.fileno(), 0, size)
                except (AttributeError, OSError) as exc:
                    if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
                        raise
                    block = bytes(64 << 10)  # no fallocate here: write the room out
                    for start in range(0, size, len(block)):
                        fh.write(block[: size - start])
                    fh.flush()
                    os.fsync(fh.fileno())
        except OSError:
            path.unlink(missing_ok=True)  # already full: nothing to set aside

    def _disk_warning(self, message: str) -> None:
        self.reporter.warn(message)

    # -- entries

    def _entry(self, entry: Found | Skipped) -> None:
        if isinstance(entry, Skipped):
            if entry.code == "not_pdf":
                self.summary.ignored += 1
                return
            status = "failed" if entry.code in ("bad_archive", "unreadable") else "skipped"
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
                self.reporter.update("failed", previous, worked=False)
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
                        text_cache(self.settings), self.engine)

    def _drain(self) -> None:
        """Handle what finished. A worker that dies breaks its whole pool: the run goes on
        with a fresh pool, and each paper that was in the broken pool runs again alone, in
        a pool of its own, so only the paper that kills a worker twice is lost."""
        done, _ = wait(list(self.pending), return_when=FIRST_COMPLETED)
        for future in done:
            stage, found, pool = self.pending.pop(future)
            if stage == "finish":
                self._record(future.result(), worked=True)
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
                kind, payload = "error", internal_error(exc, "returning the result: ")
            release(found)
            if kind == "error":
                self._record(self._failure(found, payload), worked=True)
                continue
            self.pending[self.threads.submit(self._finish, kind, payload, found)] = ("finish", found, None)

    def _finish(self, kind: str, payload, found: Found) -> dict:
        """Thread: the LLM analysis (if not done yet) and the two reports."""
        from paperlens.pipeline import analyze_document
        from paperlens.schema import Result

        try:
            if kind == "doc":
                settings = self.settings
                if self.backend == "llm":  # one map call at a time; the LLM stage bounded by --timeout
                    settings = replace(settings, concurrency=1, deadline=(
                        time.monotonic() + self.timeout if self.timeout else None))
                result = analyze_document(payload, backend=self.backend, policy=self.policy, settings=settings)
            else:
                result = Result.model_validate(payload)
            slug = slug_for(found.name, found.sha256)
            for path, write in ((self.out / f"{slug}.json", write_json),
                                (self.out / f"{slug}.html", write_html)):
                try:
                    write(result, path)
                except OSError as exc:  # no half pair of reports is left taking room
                    for stale in (self.out / f"{slug}.json", self.out / f"{slug}.html"):
                        stale.unlink(missing_ok=True)
                    return self._failure(found, _disk_error(exc, path.name))
            return ok_record(found, result, slug)
        except PaperlensError as exc:
            return failed_record(found.name, found.sha256, exc.code, str(exc))
        except Exception as exc:  # one bad paper must not stop the run
            return self._failure(found, internal_error(exc))

    def _failure(self, found: Found, error: dict) -> dict:
        """The failed record of ``found``; a traceback goes to ``errors/<slug>.txt``."""
        extra = {}
        if trace := error.get("traceback"):
            log = f"{ERRORS_DIR}/{slug_for(found.name, found.sha256)}.txt"
            try:
                atomic_write_text(self.out / log, f"{found.name}\n{trace}")
                extra["log"] = log
            except OSError:
                pass
        return failed_record(found.name, found.sha256, error["code"], error["message"],
                             stage=error.get("stage"), error_class=error.get("error_class"), **extra)

    def _record(self, record: dict, worked: bool = False) -> None:
        if (error := self.ledger.add(record)) is not None and not self.disk_warned:
            self.disk_warned = True
            self._disk_warning(f"could not append to {RESULTS} ({error.strerror or error}): "
                               "records are kept in memory and written at the end if there is room")
        status = record["status"]
        setattr(self.summary, status, getattr(self.summary, status) + 1)
        if record.get("cost_usd"):
            self.summary.cost_usd += record["cost_usd"]
        self.reporter.update(status, record, worked=worked)
        if time.monotonic() >= self.next_overview:
            self._overview()



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
    **options: Unpack[LLMOptions],
) -> BulkSummary:
    """Analyse every PDF under ``inputs`` (files, folders, archives) into ``out``.

    Writes ``<slug>.json`` and ``<slug>.html`` per paper, ``results.jsonl``,
    ``summary.csv`` and ``index.html``. ``workers`` processes read PDFs
    (default: CPU count); ``concurrency`` threads run the LLM backend.
    ``max_cost`` (USD) stops starting papers once reached; ``timeout`` (s)
    bounds the worker-side time of one paper. ``dry_run`` writes nothing and
    returns the plan in ``BulkSummary.planned``. The LLM options
    (:class:`~paperlens.settings.LLMOptions`, or ``settings``) are resolved once
    (:func:`paperlens.settings.resolve_settings`) and checked before anything starts. ``batch`` (llm backend) first sends the single-call papers through
    the OpenAI Batch API, polling every ``batch_poll`` s (:mod:`paperlens.bulk.batch`).
    ``engine`` (``"pdfium"`` or ``"pypdf"``) reads the text. A worker that dies
    (a crash in PDFium, say) costs the paper it was reading, not the run.
    Raises :class:`ConfigError` for a missing input or bad option.
    """
    check_options(options)
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
    settings = settings_for(settings, backend=backend, **options)
    backend = resolve_backend(backend, settings)
    if backend == "llm":
        settings.require()  # once, before any paper (and before pricing a dry run)
        if settings.model is None and not dry_run:  # ask the server once, not once per paper
            from paperlens.extract.llm import served_model

            settings = replace(settings, model=served_model(settings))
    if batch and backend != "llm":
        raise ConfigError("bulk: --batch needs the llm backend")
    policy = policy if isinstance(policy, Policy) else load_policy(policy)
    workers = workers or os.cpu_count() or 1
    out = Path(out)
    if dry_run:
        if out.exists() and not out.is_dir():
            raise ConfigError(f"--out {printable(out)}: is a file, not a folder")
        reporter = Reporter(count_pdfs(inputs, limits), quiet=quiet)
        return plan_bulk(inputs, out, backend, policy, workers, verbose, timeout, limits,
                         settings, reporter, engine)
    check_out(out)  # before any paper is read
    with OutLock(out), _stop_signals():
        try:
            reporter = Reporter(count_pdfs(inputs, limits), quiet=quiet)
        except KeyboardInterrupt:  # stopped before anything was done
            stopped = BulkSummary(out=out, interrupted=True, stopped_by=_STOP.get("signal") or signal.SIGINT)
            Reporter(0, quiet=quiet).done(stopped)
            return stopped
        run = _Run(out, backend, policy, workers, concurrency, max_cost, verbose, timeout, reporter,
                   settings, engine)
        if batch:
            from paperlens.bulk.batch import prefetch

            try:
                outcome = prefetch(inputs, out, limits=limits, workers=workers, verbose=verbose,
                                   worker_timeout=timeout, poll_interval=batch_poll, engine=engine,
                                   model=settings.model, base_url=settings.base_url,
                                   api_key=settings.api_key, max_input_tokens=settings.max_input_tokens,
                                   cache_dir=settings.cache_dir, use_cache=settings.use_cache,
                                   max_retries=settings.max_retries, prices=settings.price_table)
            except KeyboardInterrupt:  # the submitted batches are picked up by the next run
                run.summary.interrupted = True
                run.summary.stopped_by = _STOP.get("signal") or signal.SIGINT
                reporter.done(run.summary)
                return run.summary
            run.batch_failed = outcome.failed
            run.summary.cost_usd += outcome.cost_usd or 0.0
        summary = run.execute(inputs, limits)
    reporter.done(summary)
    return summary


__all__ = ["INDEX_HTML", "SUMMARY_CSV", "run_bulk", "slug_for"]


if __name__ == "__main__":  # pragma: no cover - `python -m paperlens.bulk OUT INPUT...` (rules)
    from paperlens.bulk.run import run_bulk as _run_bulk  # worker functions pickle by module name

    sys.exit(_run_bulk(sys.argv[2:], Path(sys.argv[1]), backend="rules").exit_code)
