"""Run the rules backend's economics half over the corpus and print what it found.

    python benchmarks/rules_corpus.py [--corpus ../shared/corpus] [--pickle docs.pkl] [slug ...]

One line per PDF: project, symbol, launch style, max and total supply ("uncapped"
when the paper says so), allocation rows and their sum, conflicts, and how long
extraction took (ingest excluded). ``--pickle`` reuses a
``{filename: Document}`` pickle instead of reading the PDFs again (pypdf is slow).
"""

from __future__ import annotations

import argparse
import csv
import pickle
import time
from pathlib import Path

from paperlens.extract.rules.economics import fill_supply
from paperlens.ingest.document import read_pdf
from paperlens.schema import Tokenomics

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def _fmt(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value / 1e9:g}B" if value >= 1e9 else f"{value / 1e6:g}M" if value >= 1e6 else f"{value:g}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("slugs", nargs="*", help="only these corpus entries")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--pickle", type=Path, help="pickle of {filename: Document}")
    args = parser.parse_args()

    with (args.corpus / "MANIFEST.tsv").open(encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh, delimiter="\t") if r["has_text"] == "yes"]
    cached = pickle.loads(args.pickle.read_bytes()) if args.pickle else {}
    print(f"{'slug':22} {'project':16} {'symbol':7} {'launch':8} {'max':>8} {'total':>8} {'rows':>4} {'sum%':>6} "
          f"{'conf':>4} {'ms':>5}")
    for row in rows:
        slug = row["slug"]
        if args.slugs and slug not in args.slugs:
            continue
        doc = cached.get(f"{slug}.pdf")
        if doc is None or doc.sha256 != row["sha256"]:
            doc = read_pdf(args.corpus / "pdf" / f"{slug}.pdf")
        t = Tokenomics()
        started = time.perf_counter()
        fill_supply(t, doc)
        ms = (time.perf_counter() - started) * 1000
        pct = [r.percent for r in t.allocation if r.percent is not None]
        total = f"{sum(pct):.2f}" if pct else "-"
        cap = "uncapped" if t.supply.uncapped.value and not t.supply.max_supply.stated else _fmt(
            t.supply.max_supply.value)
        print(f"{slug:22} {(t.identity.project_name.value or '-')[:16]:16} {t.identity.symbol.value or '-':7} "
              f"{t.identity.launch_style.value or '-':8} {cap:>8} "
              f"{_fmt(t.supply.total_supply.value):>8} {len(t.allocation):>4} {total:>6} "
              f"{len(t.conflicts):>4} {ms:>5.0f}")


if __name__ == "__main__":
    main()
