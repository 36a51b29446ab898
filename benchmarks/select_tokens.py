"""Page selection judged against the truth: fact pages kept, page-text tokens sent.

    python benchmarks/select_tokens.py [--budget 12000] [--hold I/K] [--truth DIR] [--pdfs DIR]
                                       [--out benchmarks/results/select_tokens.md]

For every paper of ``--pdfs`` that has a truth file ``<slug>.json`` in ``--truth``
(default: ../shared/corpus), the pages are planned exactly as the llm backend
plans them (:func:`paperlens.extract.llm.plan_pages` on the quarantine-blanked
document, at the backend's default ``max_input_tokens`` unless ``--budget``
says otherwise), and judged against the truth: a fact page is any page a truth
file cites (allocations, evidence, utility, use of funds, vesting, extra, red
flags), except ``visual_only_facts`` (image-only pages: nothing in the text to
send). Reported per paper and in total, and separately for papers over 20
pages: the share of fact pages kept and of page-text tokens sent (map-reduce:
the page text of the map calls; the notes sent to the reduce call come on top).

With ``--out``, whatever the file holds from the line ``<!-- kept across runs -->``
on (figures of earlier code, notes) is kept below the new report.

``--hold I/K`` splits the papers into K folds by a hash of the slug (as
benchmarks/accuracy.py does) and reports fold I beside the rest; missed pages
are listed for the rest only, so that tuning the scorer never looks at the
held-out fold.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import unicodedata
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from paperlens.extract.llm import plan_pages
from paperlens.ingest.document import Document, read_pdf
from paperlens.assess.quarantine import blanked
from paperlens.settings import LLMSettings

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
RESULTS = Path(__file__).resolve().parent / "results" / "select_tokens.md"
DEFAULT_BUDGET = LLMSettings().max_input_tokens  # the default when nothing is configured
LONG = 20  # "papers over 20 pages"
SKIP_KEYS = {"visual_only_facts"}
KEEP = "<!-- kept across runs -->"
CORE_LISTS = ("allocations", "use_of_funds", "vesting")
CORE_FIELDS = {"max_supply", "total_supply", "sale"}


def cited(node) -> Iterator[dict]:
    """Every entry of a truth file that cites a page, except image-only facts."""
    if isinstance(node, dict):
        if isinstance(node.get("page"), int):
            yield node
        for key, value in node.items():
            if key not in SKIP_KEYS:
                yield from cited(value)
    elif isinstance(node, list):
        for value in node:
            yield from cited(value)


def truth_pages(truth: dict) -> set[int]:
    """Every page a truth file cites for a fact, except image-only facts."""
    return {entry["page"] for entry in cited(truth)}


def truth_quotes(truth: dict) -> dict[int, list[str]]:
    """Page -> the quotes a truth file gives on it (image-only facts aside)."""
    quotes: dict[int, list[str]] = {}
    for entry in cited(truth):
        if isinstance(entry.get("quote"), str):
            quotes.setdefault(entry["page"], []).append(entry["quote"])
    return quotes


def letters(text: str) -> str:
    """Letters and digits only, lower case: how a quote is looked for in the passages sent."""
    text = unicodedata.normalize("NFKC", text).replace("\u00ad", "")
    return re.sub(r"[\W_]+", "", text.lower())


def kept_pages(every: set[int], quotes: dict[int, list[str]], sent: set[int],
               excerpts: dict[int, str]) -> set[int]:
    """Fact pages sent whole, or in part with every truth quote of the page in its passages."""
    return {n for n in every & sent
            if n not in excerpts or all(letters(q) in letters(excerpts[n]) for q in quotes.get(n, []))}


def tokenomics_pages(truth: dict) -> set[int]:
    """The pages of the supply, allocation, vesting, use-of-funds and sale facts alone."""
    pages = {row["page"] for key in CORE_LISTS for row in truth.get(key) or []
             if isinstance(row, dict) and isinstance(row.get("page"), int)}
    pages |= {e["page"] for e in truth.get("evidence") or [] if isinstance(e.get("page"), int)
              and str(e.get("field", "")).split(".")[0].split(":")[0] in CORE_FIELDS}
    return pages


def facts_of(truth: dict) -> tuple[set[int], set[int], dict[int, list[str]]]:
    """A truth file's fact pages, tokenomics fact pages and quotes by page."""
    return truth_pages(truth), tokenomics_pages(truth), truth_quotes(truth)


def fold_of(slug: str, folds: int) -> int:
    """The fold of a paper: same split as benchmarks/accuracy.py."""
    return int(hashlib.sha1(slug.encode()).hexdigest(), 16) % folds


@dataclass
class Row:
    """One paper planned at one budget."""

    slug: str
    pages: int
    facts: set[int]
    kept: set[int]
    core: set[int]  # tokenomics fact pages (supply, allocation, vesting, use of funds, sale)
    core_kept: set[int]
    full: int
    sent: int
    mode: str
    parts: int = 0  # pages sent in part (passages)


def load(pdfs: Path, truth: Path, slugs: list[str]) -> tuple[dict[str, Document], dict, list[str]]:
    """The papers with a truth file, their (fact, tokenomics fact) pages, one line per unreadable paper."""
    docs, facts, skipped = {}, {}, []
    for path in sorted(truth.glob("*.json")):
        slug = path.stem
        if slugs and slug not in slugs:
            continue
        pdf = pdfs / f"{slug}.pdf"
        if not pdf.exists():
            continue
        try:
            docs[slug] = blanked(read_pdf(pdf))
        except Exception as exc:  # a paper that cannot be read is reported, not fatal
            skipped.append(f"{slug}: {str(exc).splitlines()[0]}")
            continue
        data = json.loads(path.read_text(encoding="utf-8"))
        facts[slug] = facts_of(data)
    return docs, facts, skipped


def plan_all(docs: dict[str, Document], facts: dict, budget: int) -> list[Row]:
    """Every paper planned as the llm backend plans it."""
    rows = []
    for slug, doc in docs.items():
        plan = plan_pages(doc, budget)
        mode = f"map-reduce ({len(plan.groups)})" if plan.map_reduce else "single"
        sent, (every, core, quotes) = set(plan.pages_sent), facts[slug]
        kept = kept_pages(every, quotes, sent, plan.selection.excerpts)
        rows.append(Row(slug, doc.page_count, every, kept, core, core & kept,
                        plan.selection.tokens_total, plan.tokens_sent, mode,
                        len(sent & set(plan.selection.excerpts))))
    return rows


def totals(rows: list[Row]) -> dict:
    """Fact pages kept and tokens sent over ``rows``, with the worst paper's token share."""
    facts = sum(len(r.facts) for r in rows)
    kept = sum(len(r.kept) for r in rows)
    core = sum(len(r.core) for r in rows)
    core_kept = sum(len(r.core_kept) for r in rows)
    full = sum(r.full for r in rows)
    sent = sum(r.sent for r in rows)
    return {"papers": len(rows), "facts": facts, "kept": kept, "full": full, "sent": sent,
            "recall": kept / facts if facts else 1.0, "core": core, "core_kept": core_kept,
            "core_recall": core_kept / core if core else 1.0, "share": sent / full if full else 0.0,
            "worst": max((r.sent / r.full for r in rows if r.full), default=0.0),
            "map": sum(r.mode != "single" for r in rows)}


def _total_row(label: str, rows: list[Row]) -> str:
    t = totals(rows)
    return (f"| {label} | {t['papers']} | {t['kept']}/{t['facts']} ({100 * t['recall']:.1f}%) "
            f"| {t['core_kept']}/{t['core']} ({100 * t['core_recall']:.1f}%) "
            f"| {t['sent']:,} of {t['full']:,} ({100 * t['share']:.1f}%) | {100 * t['worst']:.0f}% | {t['map']} |")


TOTAL_HEAD = ["| papers | n | truth fact pages kept | tokenomics fact pages kept | page-text tokens sent "
              "| worst paper sent | map-reduce |",
              "|---|---:|---:|---:|---|---:|---:|"]


def report(rows: list[Row], sweeps: dict[int, list[Row]], command: str, budget: int,
           hold: tuple[int, int] | None, seconds: float, skipped: list[str]) -> str:
    long = [r for r in rows if r.pages > LONG]
    short = [r for r in rows if r.pages <= LONG]
    lines = [
        "# Page selection judged against the truth",
        "",
        f"`{command}`",
        "",
        f"{len(rows)} papers with a truth file, planned as the llm backend plans them "
        f"(`plan_pages` on the blanked document) at max_input_tokens={budget:,}. Fact pages: every page a "
        "truth file cites, except image-only facts; tokenomics fact pages: those of the supply, allocation, "
        "vesting, use-of-funds and sale facts alone. A fact page is kept when it is sent whole, or in part "
        "(passages) with every quote the truth file gives on it inside the passages sent (compared on letters "
        "and digits). Tokens: the text sent, chars/4 (one per CJK character).",
        "",
        "## Totals",
        "",
        *TOTAL_HEAD,
        _total_row("all", rows),
        _total_row(f"over {LONG} pages", long),
        _total_row(f"{LONG} pages or fewer", short),
    ]
    if hold:
        i, k = hold
        lines += [_total_row(f"rest (folds other than {i}/{k})", [r for r in rows if fold_of(r.slug, k) != i]),
                  _total_row(f"rest, over {LONG} pages", [r for r in long if fold_of(r.slug, k) != i]),
                  _total_row(f"held-out fold {i}/{k}", [r for r in rows if fold_of(r.slug, k) == i]),
                  _total_row(f"held-out fold {i}/{k}, over {LONG} pages",
                             [r for r in long if fold_of(r.slug, k) == i])]
    lines += ["", "## By budget (max_input_tokens)", "",
              "| budget | truth fact pages kept | tokens sent | over 20 pages: kept | over 20 pages: sent | map-reduce |",
              "|---:|---:|---|---:|---|---:|"]
    for b, swept in sorted(sweeps.items()):
        t, tl = totals(swept), totals([r for r in swept if r.pages > LONG])
        lines.append(f"| {b:,} | {100 * t['recall']:.1f}% | {100 * t['share']:.1f}% | {100 * tl['recall']:.1f}% "
                     f"| {100 * tl['share']:.1f}% | {t['map']} |")
    lines += ["", f"## Per paper at max_input_tokens={budget:,}", "",
              "| paper | pages | fact pages kept | missed | full tokens | sent | sent/full | pages in part | mode |",
              "|---|---:|---:|---|---:|---:|---:|---:|---|"]
    for r in rows:
        held = bool(hold) and fold_of(r.slug, hold[1]) == hold[0]
        missed = "(held out)" if held and r.facts - r.kept else \
            ", ".join(map(str, sorted(r.facts - r.kept))) or "-"
        lines.append(f"| {r.slug}{' (held)' if held else ''} | {r.pages} | {len(r.kept)}/{len(r.facts)} | {missed} "
                     f"| {r.full:,} | {r.sent:,} | {100 * r.sent / r.full:.0f}% | {r.parts} | {r.mode} |")
    lines += ["", f"Planning (scoring + selection) took {seconds:.2f}s for all {len(rows)} papers.", ""]
    lines += [f"Skipped: {reason}" for reason in skipped]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("slugs", nargs="*", help="only these papers")
    parser.add_argument("--budget", type=int, default=DEFAULT_BUDGET, help="max_input_tokens")
    parser.add_argument("--pdfs", type=Path, default=CORPUS / "pdf")
    parser.add_argument("--truth", type=Path, default=CORPUS / "truth")
    parser.add_argument("--hold", help="I/K: report fold I of K apart, and list its misses nowhere")
    parser.add_argument("--out", type=Path, help="write the report here")
    args = parser.parse_args(argv)
    if not args.truth.is_dir():
        sys.exit(f"no truth folder at {args.truth}")
    hold = tuple(map(int, args.hold.split("/"))) if args.hold else None
    docs, facts, skipped = load(args.pdfs, args.truth, args.slugs)
    started = time.perf_counter()
    rows = plan_all(docs, facts, args.budget)
    seconds = time.perf_counter() - started
    sweeps = {b: plan_all(docs, facts, b) for b in sorted({4000, 8000, 12000, 16000, args.budget})}
    command = "python benchmarks/select_tokens.py" + "".join(
        f" {a}" for a in (argv if argv is not None else sys.argv[1:]))
    text = report(rows, sweeps, command, args.budget, hold, seconds, skipped)
    if args.out:
        from paperlens.files import atomic_write_text

        if args.out.exists():  # notes written by hand below the marker survive a rerun
            old = args.out.read_text(encoding="utf-8")
            if KEEP in old:
                text += "\n" + old[old.index(KEEP):]
        atomic_write_text(args.out, text)
        print(f"wrote {args.out}")
    print(text.split("## Per paper")[0] if args.out else text)


if __name__ == "__main__":
    main()
