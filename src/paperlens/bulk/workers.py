"""Bulk workers: reading one paper in a child process.

:func:`ingest_paper` runs in a spawned worker (it dies with its parent, and an
alarm bounds a paper stuck in C code); :func:`new_pool` and :func:`stop_pool`
start and end the pool. Shared by the run (:mod:`paperlens.bulk.run`), the dry
run (:mod:`paperlens.bulk.dryrun`) and the OpenAI Batch API path
(:mod:`paperlens.bulk.batch`).
"""

from __future__ import annotations

import ctypes
import faulthandler
import multiprocessing
import os
import signal
import sys
import time
import traceback
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from paperlens.errors import PaperlensError, stage_of
from paperlens.ingest.document import DEFAULT_ENGINE
from paperlens.policy import Policy
from paperlens.safetext import printable, redact
from paperlens.settings import LLMSettings

DRY_RUN_OUTPUT_TOKENS = 2000  # rough answer size per LLM call, for estimates
CRASH = {"code": "crash", "message": "the worker process died while reading this paper (crash, "
                                     "out of memory, or stuck past twice the timeout)"}


def internal_error(exc: BaseException, where: str = "") -> dict:
    """An unexpected exception as an error payload: code ``internal`` with the stage,
    the error class and the traceback (secrets redacted)."""
    stage = stage_of(exc, default="bulk")
    detail = printable(redact(exc))[:300]
    return {"code": "internal",
            "message": f"{where}{stage} stage: {type(exc).__name__}" + (f": {detail}" if detail else ""),
            "stage": stage, "error_class": type(exc).__name__,
            "traceback": redact("".join(traceback.format_exception(exc)))}


class _Timeout(BaseException):
    """Raised by SIGALRM in a worker; BaseException so pypdf's handlers let it through."""


_WORKER: dict = {}


def _die_with_parent(parent: int) -> None:
    """Have the kernel kill this worker when its parent dies, even by SIGKILL (Linux)."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, int(signal.SIGKILL), 0, 0, 0)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent died before the line above took effect
        os._exit(1)


def _init_worker(backend: str, policy: Policy, verbose: bool, timeout: float | None,
                 text_cache: dict, engine: str, parent: int | None = None) -> None:
    if parent is not None:
        _die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    import pypdf  # noqa: F401  - imported before any alarm can interrupt an import
    import pypdfium2  # noqa: F401

    from paperlens import pipeline  # noqa: F401
    _WORKER.update(backend=backend, policy=policy, verbose=verbose, timeout=timeout,
                   text_cache=text_cache, engine=engine, devnull=open(os.devnull, "w"))


def _on_alarm(signum, frame):
    raise _Timeout()


def ingest_paper(path: Path, estimate_tokens: int | None = None):
    """Worker: read one PDF; with the rules backend, analyse it too.

    Returns ``("result", dict)`` (a :class:`Result` dumped to plain values, which
    always pickle), ``("doc", Document)``, ``("estimate", dict)`` or ``("error",
    dict)`` (``code``, ``message``, and for an unexpected exception ``stage``,
    ``error_class``, ``traceback``); never raises.
    """
    from paperlens.ingest.document import read_pdf
    from paperlens.pipeline import analyze_document

    timeout = _WORKER.get("timeout")
    started = time.perf_counter()
    try:  # the alarm may fire anywhere, even before the work starts or while it is disarmed
        try:
            if timeout:
                signal.signal(signal.SIGALRM, _on_alarm)
                signal.setitimer(signal.ITIMER_REAL, timeout)
                # the alarm only interrupts Python code: stuck inside C code (PDFium), the worker
                # is ended a little after twice the timeout, and the parent records a crash
                faulthandler.dump_traceback_later(2 * timeout + 1, exit=True, file=_WORKER["devnull"])
            doc = read_pdf(path, verbose=_WORKER.get("verbose", False),
                           engine=_WORKER.get("engine", DEFAULT_ENGINE), **_WORKER.get("text_cache", {}))
            if estimate_tokens is not None:
                return "estimate", _estimate(doc, estimate_tokens)
            if _WORKER.get("backend") == "rules":
                result = analyze_document(doc, backend="rules", policy=_WORKER["policy"],
                                          started=started)
                return "result", result.model_dump()
            return "doc", doc
        finally:
            if timeout:
                signal.setitimer(signal.ITIMER_REAL, 0)
                faulthandler.cancel_dump_traceback_later()
    except PaperlensError as exc:
        return "error", {"code": exc.code, "message": str(exc)}
    except _Timeout:
        return "error", {"code": "timeout",
                         "message": f"{path.name}: gave up after {timeout:g} s in the worker"}
    except Exception as exc:  # one bad paper must not stop the run
        return "error", internal_error(exc)


def _estimate(doc, max_input_tokens: int) -> dict:
    """The requests the llm backend would send for ``doc``, planned as it plans them
    (:func:`paperlens.extract.llm.plan_pages`, on the document with the passages addressed to
    an AI blanked): one call with the planned pages, or a map call per group of pages and one
    reduce call over their notes. Every request carries the prompt shell (system message and
    template); every answer, notes included, is taken as ``DRY_RUN_OUTPUT_TOKENS``."""
    from paperlens.assess.quarantine import blanked
    from paperlens.extract.llm import plan_pages
    from paperlens.extract.llm.prompts import shell_tokens

    doc = blanked(doc)
    shell = shell_tokens(doc)
    plan = plan_pages(doc, max_input_tokens, shell)
    groups = len(plan.groups)
    calls = groups + 1 if plan.map_reduce else 1
    tokens_in = plan.tokens_sent + shell * calls + DRY_RUN_OUTPUT_TOKENS * groups
    return {"pages": doc.page_count, "tokens_total": plan.selection.tokens_total,
            "input_tokens": tokens_in, "output_tokens": DRY_RUN_OUTPUT_TOKENS * calls, "calls": calls}


def text_cache(settings: LLMSettings) -> dict:
    """The text cache settings (``cache_dir``, ``use_cache``) of a run, as :func:`new_pool` takes them."""
    return {"cache_dir": settings.cache_dir, "use_cache": settings.use_cache}


def new_pool(workers: int, backend: str, policy: Policy, verbose: bool,
              timeout: float | None, text_cache: dict,
              engine: str = DEFAULT_ENGINE) -> ProcessPoolExecutor:
    """Worker processes that read PDFs with ``engine``, through the text cache as
    ``text_cache`` says."""
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_init_worker,
                               initargs=(backend, policy, verbose, timeout, text_cache, engine,
                                         os.getpid()))


def stop_pool(pool: ProcessPoolExecutor, now: bool) -> None:
    """Shut ``pool`` down; ``now`` ends its workers at once (the run was stopped)."""
    if now and hasattr(pool, "terminate_workers"):  # Python 3.14 and later
        pool.terminate_workers()
        return
    # before 3.14 the executor has no public way to end its workers: its process table
    processes = list((getattr(pool, "_processes", None) or {}).values()) if now else []
    for process in processes:
        if process.is_alive():
            process.terminate()
    pool.shutdown(wait=not now, cancel_futures=True)
    for process in processes:
        process.join(timeout=5)
