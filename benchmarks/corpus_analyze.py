"""`analyze` (rules backend) over every corpus PDF: what was found, grade, seconds.

    python benchmarks/corpus_analyze.py [--out benchmarks/results/corpus_analyze.md]

One row per PDF of ../shared/corpus: max / total supply, allocation rows (and
their sum), findings by severity, grade, coverage and the seconds the whole
pipeline took (ingest included), or the error for an unreadable PDF.
"""

from __future__ import annotations

import argparse
import csv
import platform
import time
from pathlib import Path

from paperlens import analyze
from paperlens.errors import PaperlensError

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def _amount(value: float | None) -> str:
    if value is None:
        return "not found"
    for size, unit in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if value >= size:
            return f"{value / size:.4g}{unit}"
    return f"{value:g}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "results" / "corpus_analyze.md")
    args = parser.parse_args()
    with (CORPUS / "MANIFEST.tsv").open(encoding="utf-8") as fh:
        entries = list(csv.DictReader(fh, delimiter="\t"))

    lines = [
        "# analyze over the corpus (rules backend)",
        "",
        f"{len(entries)} PDFs from ../shared/corpus/pdf; Python {platform.python_version()}, "
        "one process on a shared 2-core machine, text cache off (seconds include PDFium text extraction). "
        "`python benchmarks/corpus_analyze.py`",
        "",
        "| paper | pages | max supply | total supply | allocation rows (sum %) | findings (red/high/warn/info) | grade | coverage | seconds |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    total = 0.0
    for entry in entries:
        path = CORPUS / "pdf" / f"{entry['slug']}.pdf"
        started = time.perf_counter()
        try:
            result = analyze(path, backend="rules", use_cache=False)
        except PaperlensError as exc:
            seconds = time.perf_counter() - started
            total += seconds
            lines.append(f"| {entry['slug']} | {entry['pages']} | error {exc.exit_code}: {type(exc).__name__} | | | | | | {seconds:.1f} |")
            continue
        seconds = time.perf_counter() - started
        total += seconds
        t = result.tokenomics
        rows = t.allocation
        share = result.figures.allocation_sum_pct  # stated %, or amounts over the supply (verified rows)
        alloc = f"{len(rows)} ({share:.4g})" if rows and share is not None else str(len(rows))
        sev = [sum(f.severity == s for f in result.findings) for s in ("red_line", "high", "warn", "info")]
        g = result.grade
        lines.append(
            f"| {entry['slug']} | {entry['pages']} | {_amount(t.supply.max_supply.value)} | "
            f"{_amount(t.supply.total_supply.value)} | {alloc} | {'/'.join(map(str, sev))} | "
            f"{g.letter}{'' if g.score is None else f' ({g.score:g})'} | {g.coverage:.0%} | {seconds:.1f} |"
        )
        print(lines[-1], flush=True)
    lines += ["", f"Total: {total:.0f} s for {sum(int(e['pages']) for e in entries)} pages."]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
