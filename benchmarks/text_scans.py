"""Time of the text scans on long synthetic pages: it must grow linearly with the page.

    python benchmarks/text_scans.py [--sizes 10000,100000,1000000] [--shapes comma,...]
                                    [--out benchmarks/results/text_scans.md]

One page of ``size`` characters per shape (runs of digits separated by commas,
spaces, dots; "1,000,1,000,..."; one endless digit run; number words; "10% team"
rows), read as ingest would (clean and fold), then each scan timed on its own:
the rules extraction (``extract_rules``), the language scan, the mentions scan,
the quarantine and the garbled-text test. The table gives seconds, and the
growth per tenfold size (10 = linear, 100 = quadratic). The pages skip
ingest's length cap (``MAX_PAGE_CHARS``) so that the scans themselves are timed.
"""

from __future__ import annotations

import argparse
import os
import platform
import time
from pathlib import Path

from paperlens.extract.rules import extract_rules
from paperlens.ingest.document import MAX_PAGE_CHARS, Document, Page, clean_text, normalize
from paperlens.assess.language import scan_language
from paperlens.assess.mentions import scan as scan_mentions
from paperlens.ingest.quality import garbled_reason
from paperlens.assess.quarantine import quarantine

RESULTS = Path(__file__).parent / "results" / "text_scans.md"
PREFIX = "Total supply "
SHAPES = {  # the unit repeated to fill the page
    "comma": "1,",
    "space": "1 ",
    "thousands": "1,000,",
    "dots": "12.",
    "digit_run": "1",
    "space_groups": "1 000 ",
    "words": "three hundred million ",
    "percent_rows": "10% team ",
}
SCANS = ("rules", "language", "mentions", "quarantine", "garbled")


def page_text(shape: str, size: int) -> str:
    """``size`` characters: the prefix, then the shape's unit repeated."""
    unit = SHAPES[shape]
    return (PREFIX + unit * (size // len(unit) + 1))[:size]


def time_scans(text: str) -> dict[str, float]:
    """Seconds each scan takes on a one-page document of ``text``."""
    clean = clean_text(text)  # the page built as ingest builds it, without its length cap
    page = Page(1, text, clean, normalize(clean), None, "pdfium")
    doc = Document(path=Path("synthetic.pdf"), sha256="0" * 64, pages=[page])
    runs = {
        "rules": lambda: extract_rules(doc, []),
        "language": lambda: scan_language(doc),
        "mentions": lambda: scan_mentions(doc),
        "quarantine": lambda: quarantine(doc, scan_language(doc)),
        "garbled": lambda: garbled_reason(doc),
    }
    out = {}
    for name, run in runs.items():
        started = time.perf_counter()
        run()
        out[name] = time.perf_counter() - started
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--shapes", default=",".join(SHAPES))
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    shapes = args.shapes.split(",")

    rows = []
    for shape in shapes:
        times = {}
        for size in sizes:
            times[size] = time_scans(page_text(shape, size))
            print(shape, size, {k: round(v, 3) for k, v in times[size].items()}, flush=True)
        rows.append((shape, times))

    lines = [
        "# Text scans on long synthetic pages",
        "",
        f"`python benchmarks/text_scans.py --sizes {args.sizes}`",
        "",
        f"{platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} CPUs (shared with "
        "other work while measured: take the growth, not the absolute seconds). One page per shape: "
        f"\"{PREFIX}\" then the unit repeated to the size. Seconds per scan; *growth* is the total's "
        "ratio from one size to the next (10 per tenfold = linear, 100 = quadratic). The pages are built "
        f"without ingest's cap (a page's text is cut at {MAX_PAGE_CHARS:,} characters), to time the scans "
        "themselves.",
        "",
        "| shape | unit | size | " + " | ".join(SCANS) + " | total | growth |",
        "|---|---|---|" + "---|" * len(SCANS) + "---|---|",
    ]
    for shape, times in rows:
        previous = None
        for size in sizes:
            total = sum(times[size].values())
            growth = f"{total / previous:.1f}x" if previous else ""
            cells = " | ".join(f"{times[size][s]:.3f}" for s in SCANS)
            lines.append(f"| {shape} | `{SHAPES[shape].strip() or repr(SHAPES[shape])}` | {size:,} | {cells} "
                         f"| {total:.3f} | {growth} |")
            previous = total
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
