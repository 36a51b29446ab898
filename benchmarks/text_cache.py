"""``read_pdf`` with and without the text cache, over the real corpus.

Three passes over ../shared/corpus/pdf, one process, one file at a time:

* ``no cache``: ``use_cache=False``, pypdf extraction only (the old behaviour);
* ``cold``: an empty cache folder: extraction plus writing each entry;
* ``warm``: the same folder again: every readable paper is served from the cache.

Files that fail (no text layer, damaged, ...) are never cached, so they cost the
same in every pass; they are counted apart. Writes benchmarks/results/text_cache.md.

    python benchmarks/text_cache.py
"""

from __future__ import annotations

import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "pdf"
RESULTS = Path(__file__).resolve().parent / "results" / "text_cache.md"


def one_pass(files: list[Path], cache: Path, use_cache: bool) -> dict:
    """Read every file once; seconds and pages for the readable ones, and for the failures.

    ``store_seconds`` is the time spent writing cache entries, measured around
    :func:`paperlens.textcache.store` itself (a direct figure, unlike the
    difference of two pypdf passes on a shared machine).
    """
    from paperlens.ingest import textcache
    from paperlens.errors import PaperlensError
    from paperlens.ingest.document import read_pdf

    real_store, store_seconds = textcache.store, [0.0]

    def timed_store(*args, **kwargs):
        started = time.perf_counter()
        try:
            return real_store(*args, **kwargs)
        finally:
            store_seconds[0] += time.perf_counter() - started

    textcache.store = timed_store
    ok = {"seconds": 0.0, "pages": 0, "files": 0, "hits": 0, "per_file_ms": []}
    failed = {"seconds": 0.0, "files": 0}
    for path in files:
        started = time.perf_counter()
        try:
            doc = read_pdf(path, cache_dir=cache, use_cache=use_cache)
        except PaperlensError:
            failed["seconds"] += time.perf_counter() - started
            failed["files"] += 1
            continue
        seconds = time.perf_counter() - started
        ok["seconds"] += seconds
        ok["pages"] += doc.page_count
        ok["files"] += 1
        ok["hits"] += doc.from_cache
        ok["per_file_ms"].append(seconds * 1000)
    textcache.store = real_store
    return {"ok": ok, "failed": failed, "store_seconds": store_seconds[0]}


def row(name: str, figures: dict) -> str:
    ok, failed = figures["ok"], figures["failed"]
    rate = ok["pages"] / ok["seconds"] if ok["seconds"] else float("inf")
    median = statistics.median(ok["per_file_ms"]) if ok["per_file_ms"] else 0.0
    return (f"| {name} | {ok['files']} | {ok['hits']} | {ok['pages']} | {ok['seconds']:.2f} | "
            f"{rate:,.0f} | {median:.1f} | {failed['files']} in {failed['seconds']:.2f} s |")


def main() -> int:
    if not CORPUS.is_dir():
        print(f"corpus not found at {CORPUS}", file=sys.stderr)
        return 1
    import pypdf  # imported once, outside the timings

    files = sorted(CORPUS.glob("*.pdf"))
    with tempfile.TemporaryDirectory(prefix="paperlens-textcache-bench-") as tmp:
        cache = Path(tmp) / "cache"
        passes = {"no cache (pypdf)": one_pass(files, cache, use_cache=False)}
        passes["cold (extract + store)"] = one_pass(files, cache, use_cache=True)
        passes["warm (from cache)"] = one_pass(files, cache, use_cache=True)
        stored = list((cache / "text").glob("*.json.gz"))
        cache_bytes = sum(p.stat().st_size for p in stored)
    pdf_bytes = sum(p.stat().st_size for p in files)
    base = passes["no cache (pypdf)"]["ok"]["seconds"]
    cold = passes["cold (extract + store)"]["ok"]["seconds"]
    warm = passes["warm (from cache)"]["ok"]["seconds"]
    store = passes["cold (extract + store)"]["store_seconds"]

    lines = [
        "# Text cache: cold vs warm `read_pdf`",
        "",
        f"Corpus: {len(files)} PDFs ({pdf_bytes / 2**20:.1f} MiB) in ../shared/corpus/pdf. "
        f"Python {platform.python_version()}, pypdf {pypdf.__version__}, "
        f"{os.cpu_count()} CPUs (shared), one process, files read one after another.",
        "",
        "| pass | readable files | cache hits | pages | seconds | pages/s | median ms/file | failures (not cached) |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
        *(row(name, figures) for name, figures in passes.items()),
        "",
        f"* warm vs pypdf: **{base / warm:,.0f}x** faster on the readable papers "
        f"({base:.2f} s -> {warm:.2f} s).",
        f"* writing the {len(stored)} entries (JSON + gzip + atomic rename) took "
        f"{store:.2f} s, {100 * store / cold:.1f}% of the cold pass; the rest of the gap "
        f"between the first two rows ({base:.2f} s vs {cold:.2f} s) is pypdf run-to-run "
        "noise on shared CPUs.",
        f"* cache on disk: {len(stored)} entries, {cache_bytes / 2**20:.2f} MiB "
        f"({100 * cache_bytes / pdf_bytes:.0f}% of the PDFs' size).",
        "* a warm read still reads and hashes the file (sha256 is the key); failures",
        "  (no text layer, damaged, ...) are extracted again every time.",
        "",
        "Reproduce: `python benchmarks/text_cache.py`.",
        "",
    ]
    text = "\n".join(lines)
    from paperlens.files import atomic_write_text

    atomic_write_text(RESULTS, text)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
