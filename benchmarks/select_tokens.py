"""How many tokens page selection sends, and whether it keeps the pages that matter.

For every paper in ../shared/corpus/pdf, at the default budget of the llm
backend: page-text tokens sent vs the full text, single call or map-reduce,
and how many of the pages holding supply and allocation facts (as found by
the rules backend) were sent. Writes benchmarks/results/select_tokens.md.

    python benchmarks/select_tokens.py [--budget 12000] [--docs corpus_docs.pkl]

``--docs`` reuses a pickle of {name: Document} instead of reading the PDFs.
"""

from __future__ import annotations

import argparse
import pickle
import time
from pathlib import Path

from paperlens.extract.llm import plan_pages
from paperlens.extract.rules import extract_rules
from paperlens.ground import iter_evidence
from paperlens.ingest import Document, read_pdf

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "pdf"
RESULTS = Path(__file__).resolve().parent / "results" / "select_tokens.md"


def fact_pages(doc: Document) -> set[int]:
    """Pages the rules backend cites for supply and allocation facts."""
    t = extract_rules(doc)
    pages = {e.page for e in iter_evidence(t.supply)}
    pages |= {e.page for row in t.allocation for e in iter_evidence(row)}
    return pages


def load(docs_pickle: Path | None) -> tuple[dict[str, Document], list[str]]:
    """The papers, and the one-line reasons for those that could not be read."""
    if docs_pickle:
        return dict(sorted(pickle.load(docs_pickle.open("rb")).items())), []
    docs, skipped = {}, []
    for path in sorted(CORPUS.glob("*.pdf")):
        try:
            docs[path.name] = read_pdf(path)
        except Exception as exc:  # a paper that cannot be read is reported, not fatal
            skipped.append(str(exc))
    return docs, skipped


def sweep(docs: dict[str, Document], facts: dict[str, set[int]], budget: int) -> dict:
    """Totals at one budget."""
    out = {"full": 0, "sent": 0, "kept": 0, "facts": 0, "map": 0, "whole": 0}
    for name, doc in docs.items():
        plan = plan_pages(doc, budget)
        out["full"] += plan.selection.tokens_total
        out["sent"] += plan.tokens_sent
        out["kept"] += len(facts[name] & set(plan.pages_sent))
        out["facts"] += len(facts[name])
        out["map"] += plan.map_reduce
        out["whole"] += len(plan.pages_sent) == doc.page_count
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--budget", type=int, default=12000, help="max_input_tokens")
    parser.add_argument("--docs", type=Path, help="pickle of {name: Document}")
    args = parser.parse_args()

    docs, skipped = load(args.docs)
    facts = {name: fact_pages(doc) for name, doc in docs.items()}
    rows = []
    seconds = 0.0
    for name, doc in docs.items():
        started = time.perf_counter()
        plan = plan_pages(doc, args.budget)
        seconds += time.perf_counter() - started
        kept = facts[name] & set(plan.pages_sent)
        full, sent = plan.selection.tokens_total, plan.tokens_sent
        mode = f"map-reduce ({len(plan.groups)} groups)" if plan.map_reduce else "single"
        missed = ", ".join(map(str, sorted(facts[name] - kept))) or "-"
        rows.append(f"| {name} | {doc.page_count} | {full:,} | {sent:,} | {100 * sent / full:.0f}% "
                    f"| {len(plan.pages_sent)} | {mode} | {len(kept)}/{len(facts[name])} | {missed} |")
    sweeps = []
    for budget in sorted({4000, 8000, 12000, 16000, args.budget}):
        t = sweep(docs, facts, budget)
        sweeps.append(f"| {budget:,} | {t['sent']:,} of {t['full']:,} ({100 * t['sent'] / t['full']:.1f}%) "
                      f"| {t['kept']}/{t['facts']} | {t['whole']} | {t['map']} |")

    lines = [
        "# Page selection: tokens sent vs full text",
        "",
        f"{len(docs)} papers from ../shared/corpus/pdf. Tokens are page-text tokens estimated as "
        "chars/4 (one per CJK character); the budget is `max_input_tokens` minus the prompt "
        "overhead. Fact pages: pages the rules backend (`extract_rules`) cites for supply and "
        "allocation facts. Map-reduce counts the page text of the map calls only (the notes "
        "sent to the reduce call come on top).",
        "",
        "## Totals by budget",
        "",
        "| max_input_tokens | tokens sent | fact pages kept | papers sent whole | map-reduce |",
        "|---:|---|---:|---:|---:|",
        *sweeps,
        "",
        f"## Per paper at max_input_tokens={args.budget:,}",
        "",
        "| paper | pages | full tokens | sent tokens | sent/full | pages sent | mode "
        "| fact pages kept | fact pages missed |",
        "|---|---:|---:|---:|---:|---:|---|---:|---|",
        *rows,
        "",
        f"Planning (scoring + selection) took {seconds:.2f}s for all {len(docs)} papers.",
        "",
        *(f"Skipped: {reason}" for reason in skipped),
    ]
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
