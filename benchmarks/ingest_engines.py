"""Text engines over the real corpus: pages per second and peak memory, one run.

Over every PDF of ../shared/corpus/pdf, text cache off, each configuration in a
fresh process (so its peak memory is its own), files one after another:

* ``pypdf``: ``read_pdf(engine="pypdf")``, ingest as it was before PDFium (pypdf
  text, plus pypdf's layout mode on table-like pages), one process;
* ``pdfium``: ``read_pdf(engine="pdfium")``, the default (PDFium text, layout from
  character boxes on table-like pages, fallbacks to pypdf included), one process;
* ``pdfium, 2 workers``: the same in two spawned worker processes fed one file at a
  time, as ``paperlens bulk`` does (starting the workers is in the time);
* ``pdftotext`` (poppler-utils), one file at a time, as the reference; skipped when
  ``pdftotext`` is not installed.

Pages/s = pages of the files read / wall seconds of the whole pass (the files that
fail, e.g. the scanned one, cost their time and add no pages; pdftotext has no
notion of failure and counts every page it wrote). Peak memory is ``ru_maxrss``.

Then two measurements for decisions: the time spent building the layout view from
character boxes, and splitting one long paper's pages over two processes (the
longest corpus papers, and one synthetic paper made of many corpus papers).

Writes benchmarks/results/ingest_engines.md.

    python benchmarks/ingest_engines.py
"""

from __future__ import annotations

import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "pdf"
RESULTS = Path(__file__).resolve().parent / "results" / "ingest_engines.md"
MIB = 1024  # ru_maxrss is in KiB on Linux


def _pages_of(path: Path, engine: str) -> int:
    """Worker and one-process step: read one file, return its page count (0 if it fails)."""
    from paperlens.errors import PaperlensError
    from paperlens.ingest.document import read_pdf

    try:
        return read_pdf(path, engine=engine, use_cache=False).page_count
    except PaperlensError:
        return 0


def _cpu() -> float:
    """CPU seconds of this process and of its finished children."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def _warm_up() -> None:
    """Imports done before the clock starts (a worker initializer, and the one-process runs)."""
    import pypdf  # noqa: F401
    import pypdfium2  # noqa: F401

    import paperlens.ingest.document  # noqa: F401
    import paperlens.ingest.quality  # noqa: F401


def run_engine(engine: str, files: list[Path]) -> dict:
    """Child: one engine, one process. Also times the layout step and counts fallbacks."""
    from paperlens.ingest import engines, document as ingest
    from paperlens.errors import PaperlensError

    _warm_up()
    layout = {"seconds": 0.0, "pages": 0}
    real_layout = engines.layout_from_chars

    def timed_layout(textpage, *args):
        started = time.perf_counter()
        try:
            return real_layout(textpage, *args)
        finally:
            layout["seconds"] += time.perf_counter() - started
            layout["pages"] += 1

    engines.layout_from_chars = timed_layout
    tries = [0]  # pages pypdf was asked for by the pdfium engine (empty or garbled in PDFium)
    real_text = engines.PypdfReader.text

    def counted_text(self, index):
        tries[0] += 1
        return real_text(self, index)

    if engine == "pdfium":
        engines.PypdfReader.text = counted_text
    pages = failed = fallback_pages = fallback_files = 0
    cpu, started = _cpu(), time.perf_counter()
    for path in files:
        try:
            doc = ingest.read_pdf(path, engine=engine, use_cache=False)
        except PaperlensError:
            failed += 1
            continue
        pages += doc.page_count
        fallback_pages += sum(p.engine != engine for p in doc.pages)
        fallback_files += "PDFium could not open" in (doc.engine or "")
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "pages": pages, "failed": failed, "cpu_s": _cpu() - cpu,
            "main_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / MIB,
            "layout_s": layout["seconds"], "layout_pages": layout["pages"],
            "fallback_pages": fallback_pages, "fallback_files": fallback_files,
            "pypdf_tries": tries[0]}


def run_passes(files: list[Path], passes: int = 3) -> list[float]:
    """Child: the pdfium engine over the corpus ``passes`` times; resident MiB after each."""
    _warm_up()
    resident = []
    for _ in range(passes):
        for path in files:
            _pages_of(path, "pdfium")
        resident.append(int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20)
    return resident


def run_workers(files: list[Path], workers: int = 2) -> dict:
    """Child: the pdfium engine in ``workers`` spawned processes, one file per task."""
    cpu, started = _cpu(), time.perf_counter()
    with ProcessPoolExecutor(workers, mp_context=get_context("spawn"), initializer=_warm_up) as pool:
        counts = list(pool.map(_pages_of, files, ["pdfium"] * len(files)))
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "pages": sum(counts), "failed": counts.count(0), "cpu_s": _cpu() - cpu,
            "main_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / MIB,
            "worker_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / MIB}


def run_pdftotext(files: list[Path]) -> dict:
    """Child: poppler's pdftotext, one file at a time; pages counted by form feeds."""
    pages = failed = 0
    cpu, started = _cpu(), time.perf_counter()
    for path in files:
        proc = subprocess.run(["pdftotext", "-q", str(path), "-"], capture_output=True, check=False)
        if proc.returncode:
            failed += 1
        else:
            pages += proc.stdout.count(b"\f")
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "pages": pages, "failed": failed, "cpu_s": _cpu() - cpu,
            "main_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / MIB,
            "worker_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / MIB}


# ------------------------------------------------------------------ parallel pages


def _page_range(path: Path, start: int, stop: int) -> list:
    """Worker: pages ``start`` to ``stop`` (0-based) of one PDF, as the pdfium engine reads them."""
    from paperlens.ingest.engines import PdfiumReader
    from paperlens.ingest.document import _looks_tabular, _page, clean_text

    reader = PdfiumReader(path, path.read_bytes(), None)
    try:
        return [_page(i + 1, *reader.page(i, lambda raw: _looks_tabular(clean_text(raw))), "pdfium")
                for i in range(start, stop)]
    finally:
        reader.close()


def _split(path: Path, pages: int, pool: ProcessPoolExecutor) -> int:
    half = pages // 2
    parts = [pool.submit(_page_range, path, 0, half), pool.submit(_page_range, path, half, pages)]
    return sum(len(p.result()) for p in parts)


def run_split(paths: list[Path], repeat: int = 3) -> list[dict]:
    """Child: one paper read in this process vs its pages split over two processes;
    each timing the best of ``repeat`` (the cores are shared with other jobs)."""
    from paperlens.ingest.document import read_pdf
    from paperlens.pipeline import analyze_document

    _warm_up()
    rows = []
    for path in paths:
        row: dict = {"file": path.name}
        for _ in range(repeat):
            started = time.perf_counter()
            doc = read_pdf(path, engine="pdfium", use_cache=False)
            _best(row, "one_s", started)
            for method in ("spawn", "fork"):
                started = time.perf_counter()
                with ProcessPoolExecutor(2, mp_context=get_context(method)) as pool:
                    assert _split(path, doc.page_count, pool) == doc.page_count
                    _best(row, f"{method}_cold_s", started)
                    started = time.perf_counter()  # the same pool again: the split alone
                    _split(path, doc.page_count, pool)
                    _best(row, f"{method}_warm_s", started)
        started = time.perf_counter()
        analyze_document(doc, backend="rules")
        row.update(pages=doc.page_count, analysis_s=time.perf_counter() - started)
        rows.append(row)
    return rows


def _best(row: dict, key: str, started: float) -> None:
    row[key] = min(row.get(key, float("inf")), time.perf_counter() - started)


def _plain_pdfium(path: Path) -> int:
    """Pages of a paper PDFium reads whole (no fallback to pypdf), else 0."""
    from paperlens.errors import PaperlensError
    from paperlens.ingest.document import read_pdf

    try:
        doc = read_pdf(path, engine="pdfium", use_cache=False)
    except PaperlensError:
        return 0
    return doc.page_count if all(p.engine == "pdfium" for p in doc.pages) else 0


def _long_paper(files: list[Path], out: Path, count: int = 24) -> Path:
    """One synthetic long paper: the first ``count`` of ``files``, one after another."""
    import pypdfium2 as pdfium

    long = pdfium.PdfDocument.new()
    for path in files[:count]:
        part = pdfium.PdfDocument(path)
        long.import_pages(part)
        part.close()
    long.save(out)
    long.close()
    return out


# ------------------------------------------------------------------ the report


def _child(mode: str, *args: str) -> object:
    """Run one configuration in a fresh interpreter; its JSON answer."""
    proc = subprocess.run([sys.executable, __file__, "--child", mode, *args],
                          capture_output=True, text=True, check=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> int:
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        mode, rest = sys.argv[2], [Path(a) for a in sys.argv[3:]]
        files = sorted(CORPUS.glob("*.pdf"))
        answer = {"pypdf": lambda: run_engine("pypdf", files),
                  "pdfium": lambda: run_engine("pdfium", files),
                  "workers": lambda: run_workers(files),
                  "pdftotext": lambda: run_pdftotext(files),
                  "passes": lambda: run_passes(files),
                  "split": lambda: run_split(rest)}[mode]()
        print(json.dumps(answer))
        return 0
    if not CORPUS.is_dir():
        print(f"corpus not found at {CORPUS}: nothing to measure", file=sys.stderr)
        return 0
    import pypdf
    import pypdfium2

    files = sorted(CORPUS.glob("*.pdf"))
    runs = {"pypdf": _child("pypdf"), "pdfium": _child("pdfium"), "pdfium, 2 workers": _child("workers")}
    if shutil.which("pdftotext"):
        runs["pdftotext (poppler)"] = _child("pdftotext")
    passes = _child("passes")
    # parallel pages: papers PDFium reads whole, so both sides do the same work
    plain = {p: _plain_pdfium(p) for p in files}
    longest = sorted((p for p in files if plain[p]), key=lambda p: -plain[p])[:3]
    with tempfile.TemporaryDirectory(prefix="paperlens-engines-") as tmp:
        synthetic = _long_paper([p for p in files if plain[p]], Path(tmp) / "synthetic-long.pdf")
        split = _child("split", *map(str, longest + [synthetic]))

    base = runs["pypdf"]["pages"] / runs["pypdf"]["seconds"]
    one, two = runs["pdfium"], runs["pdfium, 2 workers"]
    version = f"pdftotext {_pdftotext_version()}" if shutil.which("pdftotext") else "no pdftotext"
    lines = [
        "# Text engines: pypdf, PDFium, pdftotext",
        "",
        f"Corpus: {len(files)} PDFs ({sum(p.stat().st_size for p in files) / 2**20:.1f} MiB) in "
        f"../shared/corpus/pdf, text cache off, one run each. Python {platform.python_version()}, "
        f"pypdf {pypdf.__version__}, pypdfium2 {pypdfium2.PYPDFIUM_INFO} (PDFium "
        f"{pypdfium2.PDFIUM_INFO.build}), {version}; {os.cpu_count()} CPUs (shared machine).",
        "",
        "| engine | processes | files failed | pages | seconds | pages/s | vs pypdf | CPU s per wall s | peak MiB per process |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for name, run in runs.items():
        rate = run["pages"] / run["seconds"]
        procs = 2 if "workers" in name else 1
        memory = f"{run['main_mib']:.0f}"
        if "worker_mib" in run:
            memory += f" main, {run['worker_mib']:.0f} " + ("largest worker" if procs == 2 else "largest pdftotext")
        lines.append(f"| {name} | {procs} | {run['failed']} | {run['pages']} | {run['seconds']:.2f} | "
                     f"{rate:,.0f} | {rate / base:.1f}x | {run['cpu_s'] / run['seconds']:.2f} | {memory} |")
    lines += [
        "",
        f"* Targets: >= 150 pages/s cold with both cores: **{two['pages'] / two['seconds']:,.0f}**; "
        f">= 8x pypdf on one core: **{one['pages'] / one['seconds'] / base:.1f}x**.",
        f"* Layout view from PDFium character boxes: {one['layout_s']:.2f} s of the one-process "
        f"pdfium pass ({100 * one['layout_s'] / one['seconds']:.0f}%), on the "
        f"{one['layout_pages']} table-like pages.",
        f"* Fallbacks to pypdf in the pdfium pass: {one['fallback_files']} files PDFium could not "
        f"open; {one['pypdf_tries']} pages whose PDFium text was empty or garbled were read by "
        f"pypdf too, {one['fallback_pages']} of them kept from pypdf (the rest: pypdf did no "
        "better, e.g. the scanned paper and the one with a broken font encoding).",
        "* Memory does not grow with the number of papers (every PDFium document, page and text "
        "page is closed): resident MiB after 1, 2 and 3 pdfium passes over the corpus in one "
        f"process: {', '.join(f'{m:.0f}' for m in passes)}.",
        "* \"CPU s per wall s\" is the parallelism obtained: below 2 with two workers means other "
        "jobs on the shared cores took the rest (the workers' start-up, ~0.4 s, is in the time too).",
        "",
        "## Parallel pages: one paper over two processes",
        "",
        "The pdfium engine on one paper in this process, vs its pages split in two halves over a "
        "pool of two processes, started for it (cold: what `paperlens analyze` would pay) or "
        "already running (warm: the split alone); best of three runs each.",
        "",
        "| paper | pages | one process s | spawn, cold s | spawn, warm s | fork, cold s | fork, warm s | rules analysis after ingest s |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in split:
        lines.append(f"| {row['file']} | {row['pages']} | {row['one_s']:.3f} | {row['spawn_cold_s']:.3f} | "
                     f"{row['spawn_warm_s']:.3f} | {row['fork_cold_s']:.3f} | {row['fork_warm_s']:.3f} | "
                     f"{row['analysis_s']:.2f} |")
    real, long = split[0], split[-1]
    best = min(long["spawn_cold_s"], long["fork_cold_s"])
    saved = (long["one_s"] - best) / (long["one_s"] + long["analysis_s"])
    lines += [
        "",
        "## Decisions",
        "",
        f"* **No parallel pages in `analyze`.** The longest corpus paper ({real['file']}, "
        f"{real['pages']} pages) is read in {real['one_s']:.2f} s in one process, in "
        f"{real['spawn_cold_s']:.2f} s split over two processes started for it (spawn), "
        f"{real['fork_cold_s']:.2f} s (fork). The synthetic {long['pages']}-page paper: "
        f"{long['one_s']:.2f} s in one process, {best:.2f} s split at best, and "
        f"{long['analysis_s']:.1f} s of rules analysis after ingest: the split would save "
        f"{100 * saved:.0f}% of that run, for a second code path. Bulk already keeps both cores "
        "busy with one paper per worker.",
        f"* **No child process for a single `analyze`.** Starting one (spawn, as bulk does) costs "
        f"~{real['spawn_cold_s'] - real['spawn_warm_s']:.2f} s, several times PDFium's read of a whole "
        "paper; and a crash there costs the one paper being analysed anyway (the process is the run; "
        "`--engine pypdf` reads such a file). `paperlens bulk`, where one crash must not cost the run, "
        "reads each paper in a worker process: a worker that dies, or is stuck in C code past twice "
        "`--timeout`, costs that paper only (tests/test_bulk.py).",
        "",
        "Reproduce: `python benchmarks/ingest_engines.py` (install `poppler-utils` for the "
        "pdftotext row).",
        "",
    ]
    text = "\n".join(lines)
    from paperlens.files import atomic_write_text

    atomic_write_text(RESULTS, text)
    print(text)
    return 0


def _pdftotext_version() -> str:
    proc = subprocess.run(["pdftotext", "-v"], capture_output=True, text=True, check=False)
    first = (proc.stderr or proc.stdout).splitlines()
    return first[0].split()[-1] if first else "?"


if __name__ == "__main__":
    sys.exit(main())
