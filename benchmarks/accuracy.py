"""Extraction accuracy, field by field, against hand-recorded truth files.

    python benchmarks/accuracy.py [--pdfs DIR] [--truth DIR] [--engine pdfium|pypdf]
                                  [--hold I/K] [--out benchmarks/results/accuracy.md] [slug ...]

Runs ``paperlens analyze`` (rules backend) on every PDF of ``--pdfs`` that has a
truth file ``<slug>.json`` in ``--truth`` (default: ../shared/corpus) and scores
what it reported, per paper and overall, with the matching rules of the truth
README: supply (headline, max, total), symbol, allocation rows (percent within
0.5 points, each extracted row matched once; then category), vesting (TGE
unlock, cliff, duration on matched rows), sale price, hard and soft cap (an
amount in the truth's text, or the inverse of a rate), utility kinds,
stablecoin mechanism and legal entity. Precision = right / reported, recall =
right / stated in the truth; every miss and every false fact is listed.

Truth files come in two generations: full files (with ``issuer`` or
``red_flags_expected``) where an absent key means "the paper does not state it",
so anything reported there is a false fact; and the older files, scored only on
the keys they have.

``--hold I/K`` splits the papers into K folds by a hash of the slug and reports
fold I (not looked at while tuning) beside the rest, and lists misses only for
the rest: a gap between the two columns is the warning the held-out set gives.

The floor the test suite keeps is the ``floor`` line of the results file.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
RESULTS = Path(__file__).parent / "results" / "accuracy.md"

FIELDS = ("supply", "max_supply", "total_supply", "symbol", "allocation", "category", "vesting",
          "sale_price", "hard_cap", "soft_cap", "utility", "stablecoin", "legal_entity", "jurisdiction")
FLOOR_FIELDS = ("supply", "max_supply", "total_supply", "symbol", "allocation", "vesting", "sale_price", "hard_cap",
                "soft_cap", "utility", "legal_entity", "jurisdiction")
MECHANISMS = {"fiat": "fiat_reserve", "crypto": "crypto_collateral", "hybrid": "hybrid",
              "algorithmic": "algorithmic"}
_ENTITY_NOISE = {"ltd", "limited", "inc", "llc", "gmbh", "ag", "sa", "the", "foundation", "company",
                 "corp", "corporation", "pte", "oü", "ou", "of", "and", "&", "bv", "plc", "co", "network",
                 "international", "technologies", "technology", "holdings", "group", "labs", "sl"}


# ------------------------------------------------------------------ scoring


@dataclass
class Score:
    """Counts for one field: right, reported but wrong or unstated, stated but missed."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    notes: list[str] = field(default_factory=list)

    def add(self, other: "Score") -> None:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn
        self.notes += other.notes

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None


def full_generation(truth: dict) -> bool:
    """Dev-set files record every key: an absent key means the paper does not state it."""
    return "issuer" in truth or "red_flags_expected" in truth


def _close(a: float | None, b: float | None, rel: float = 0.005) -> bool:
    return a is not None and b is not None and abs(a - b) <= rel * max(abs(a), abs(b), 1e-12)


def _fmt(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,}" if isinstance(value, int) else str(value)


_MULT = {"k": 1e3, "thousand": 1e3, "m": 1e6, "mm": 1e6, "mln": 1e6, "million": 1e6, "b": 1e9, "bn": 1e9,
         "billion": 1e9}
_AMOUNT = re.compile(r"(\d[\d,'’ ]*(?:\.\d+)?)\s*(k|thousand|mm|mln|m|million|bn|b|billion)?\b\.?", re.I)


def amounts_in(text: str) -> list[float]:
    """Every amount written in a truth string ("US$14.5m", "1 ETH = 6,000 ENJ", "25’000")."""
    values = []
    for m in _AMOUNT.finditer(text):
        digits = re.sub(r"[,'’ ]", "", m.group(1))
        try:
            value = float(digits)
        except ValueError:
            continue
        values.append(value * _MULT.get((m.group(2) or "").lower(), 1))
    return values


def _money_ok(amount: float, truth_text: str) -> bool:
    """An amount is right when the truth's text states it, or states the rate it inverts."""
    for value in amounts_in(truth_text):
        if value and (_close(amount, value, 0.01) or _close(amount, 1 / value, 0.01)):
            return True
    return False


def _fact(d: dict | None):
    return (d or {}).get("value")


def score_supply(truth: dict, t: dict, full: bool) -> dict[str, Score]:
    scores = {k: Score() for k in ("supply", "max_supply", "total_supply")}
    s = t["supply"]
    got_max, got_total = _fact(s["max_supply"]), _fact(s["total_supply"])
    got = [v for v in (got_max, got_total) if v is not None]
    stated = [truth[k] for k in ("max_supply", "total_supply") if isinstance(truth.get(k), (int, float))]
    head = scores["supply"]
    if stated:
        if any(_close(g, v) for g in got for v in stated):
            head.tp += 1
        else:
            head.fn += 1
            head.notes.append(f"supply: missed {' / '.join(map(_fmt, stated))}"
                              + (f", reported {' / '.join(map(_fmt, got))}" if got else ""))
            if got:
                head.fp += 1
    elif "max_supply" in truth:  # null: ongoing issuance, no cap claimed
        if got_max is None:
            head.tp += 1
        else:
            head.fp += 1
            head.notes.append(f"supply: reported a cap of {_fmt(got_max)}, the paper states no cap")
    elif full and got:
        head.fp += 1
        head.notes.append(f"supply: reported {' / '.join(map(_fmt, got))}, the paper states none")
    for key, value in (("max_supply", got_max), ("total_supply", got_total)):
        score = scores[key]
        if key in truth and truth[key] is not None:
            if _close(value, truth[key]):
                score.tp += 1
            else:
                score.fn += 1
                score.fp += value is not None
                score.notes.append(f"{key}: missed {_fmt(truth[key])}"
                                   + (f", reported {_fmt(value)}" if value is not None else ""))
        elif value is not None and (full or key in truth):
            if key == "total_supply" and "total_supply" not in truth and truth.get("max_supply") and \
                    _close(value, truth["max_supply"]):
                continue  # a paper's only total is recorded as its max supply
            score.fp += 1
            score.notes.append(f"{key}: reported {_fmt(value)}, not stated")
    return scores


def score_symbol(truth: dict, t: dict, full: bool) -> Score:
    score = Score()
    got = _fact(t["identity"]["symbol"])
    want = truth.get("token_symbol")
    if want:
        if got and got.strip().upper() == want.strip().upper():
            score.tp += 1
        else:
            score.fn += 1
            score.fp += bool(got)
            score.notes.append(f"symbol: missed {want}" + (f", reported {got}" if got else ""))
    elif got and full:
        score.fp += 1
        score.notes.append(f"symbol: reported {got}, not stated")
    return score


def match_rows(truth_rows: list[dict], rows: list[dict]) -> list[tuple[dict, dict]]:
    """Pairs (truth row, extracted row) with the same percent within 0.5 points, each used once."""
    pairs, free = [], [r for r in rows if r.get("percent") is not None]
    for want in sorted(truth_rows, key=lambda r: -(r.get("percent") or 0)):
        best = min((r for r in free if abs(r["percent"] - want["percent"]) <= 0.5),
                   key=lambda r: (abs(r["percent"] - want["percent"]), r.get("category") != want["category"]),
                   default=None)
        if best is not None:
            free.remove(best)
            pairs.append((want, best))
    return pairs


def score_allocation(truth: dict, t: dict, full: bool) -> tuple[Score, Score, list[tuple[dict, dict]]]:
    rows, category = Score(), Score()
    if "allocations" not in truth and not full:
        return rows, category, []
    want = [r for r in truth.get("allocations", []) if r.get("percent") is not None]
    supply = _fact(t["supply"]["total_supply"]) or _fact(t["supply"]["max_supply"])
    got = [dict(r, percent=r["amount"] / supply * 100) if r.get("percent") is None and r.get("amount") and supply
           else r for r in t["allocation"]]  # a count-only table: its shares of the reported supply
    pairs = match_rows(want, got)
    rows.tp = len(pairs)
    rows.fn = len(want) - len(pairs)
    rows.fp = len(got) - len(pairs)
    matched_want = [id(w) for w, _ in pairs]
    matched_got = [id(g) for _, g in pairs]
    for w in want:
        if id(w) not in matched_want:
            rows.notes.append(f"allocation: missed {w['percent']:g}% {w.get('label', '')!r} (p{w.get('page')})")
    for g in got:
        if id(g) not in matched_got:
            pct = "?" if g.get("percent") is None else f"{g['percent']:g}"
            page = (g.get("evidence") or {}).get("page")
            rows.notes.append(f"allocation: false row {pct}% {g['label']!r} (p{page})")
    for w, g in pairs:
        if w["category"] == g["category"]:
            category.tp += 1
        else:
            category.fp += 1
            category.fn += 1
            category.notes.append(f"category: {w.get('label', '')!r} is {w['category']}, reported {g['category']}")
    return rows, category, pairs


_VESTING_KEYS = (("tge_unlock_pct", "tge_unlock_pct"), ("cliff_months", "cliff_months"),
                 ("vesting_months", "vesting_months"), ("duration_months", "vesting_months"))


def score_vesting(truth: dict, t: dict, pairs: list[tuple[dict, dict]], full: bool) -> Score:
    """Vesting terms of matched rows (full files), or of the top-level list by category (older files)."""
    from paperlens.extract.rules.holders import category_for

    score = Score()
    items: list[tuple[dict, dict | None, str]] = []  # (truth terms, extracted vesting, row label)
    if full:
        for w, g in pairs:
            items.append((w.get("vesting") or {}, g.get("vesting"), w.get("label", "")))
    else:
        for v in truth.get("vesting", []):
            category = category_for(v.get("category", ""))
            rows = [r for r in t["allocation"] if r["category"] == category and r.get("vesting")]
            items.append((v, rows[0]["vesting"] if rows else None, v.get("category", "")))
    for want, got, label in items:
        got = got or {}
        for truth_key, key in _VESTING_KEYS:
            value = got.get(key)
            if truth_key in want:
                if value is not None and abs(value - want[truth_key]) <= 0.5:
                    score.tp += 1
                else:
                    score.fn += 1
                    score.fp += value is not None
                    score.notes.append(f"vesting: {label!r} {key} {want[truth_key]:g} missed"
                                       + (f", reported {value:g}" if value is not None else ""))
            elif full and not want and value:
                score.fp += 1
                score.notes.append(f"vesting: {label!r} {key} {value:g} reported, not stated")
    return score


def score_sale(truth: dict, t: dict, full: bool) -> dict[str, Score]:
    scores = {}
    sale = t.get("sale") or {}
    want = truth.get("sale") if isinstance(truth.get("sale"), dict) else {}
    for key, name in (("price", "sale_price"), ("hard_cap", "hard_cap"), ("soft_cap", "soft_cap")):
        score = scores[name] = Score()
        got = _fact(sale.get(key))
        amount = got.get("amount") if got else None
        text = want.get(key)
        if text:
            if amount is not None and _money_ok(amount, str(text)):
                score.tp += 1
            else:
                score.fn += 1
                score.fp += amount is not None
                score.notes.append(f"{name}: missed {text!r}" + (f", reported {_fmt(amount)}" if amount else ""))
        elif amount is not None and full:
            score.fp += 1
            score.notes.append(f"{name}: reported {_fmt(amount)} {got.get('currency') or ''}, not stated")
    return scores


def score_utility(truth: dict, t: dict) -> Score:
    score = Score()
    items = [u for u in truth.get("utility", []) if isinstance(u, dict)]
    if not items and not full_generation(truth):
        return score
    want = {u["value"] for u in items}
    got = {u["kind"] for u in t["utility"]["uses"]}
    score.tp, score.fp, score.fn = len(want & got), len(got - want), len(want - got)
    if want - got:
        score.notes.append(f"utility: missed {', '.join(sorted(want - got))}")
    if got - want:
        score.notes.append(f"utility: reported {', '.join(sorted(got - want))}, not stated")
    return score


def score_stablecoin(truth: dict, t: dict) -> Score:
    score = Score()
    got = _fact(((t.get("stablecoin") or {}).get("mechanism")))
    want = MECHANISMS.get(str((truth.get("stablecoin") or {}).get("collateral")))
    if want:
        if got == want:
            score.tp += 1
        else:
            score.fn += 1
            score.fp += got is not None
            score.notes.append(f"stablecoin: missed {want}" + (f", reported {got}" if got else ""))
    elif got:
        score.fp += 1
        score.notes.append(f"stablecoin: reported {got}, not a stablecoin paper")
    return score


def _entity_words(name: str) -> set[str]:
    return {w for w in re.findall(r"[\w]+", name.lower()) if len(w) >= 3 and w not in _ENTITY_NOISE}


_PLACE_ALIASES = {"BVI": "British Virgin Islands", "Swiss": "Switzerland", "Singaporean": "Singapore",
                  "UK": "United Kingdom"}


def _place_words(name: str) -> set[str]:
    return set(re.findall(r"\w{2,}", f"{name} {_PLACE_ALIASES.get(name, '')}".lower()))


def score_issuer(truth: dict, t: dict, field: str, words) -> Score:
    """An issuer fact (``legal_entity``, ``jurisdiction``): right when ``words`` of it and of the truth's meet
    ("Zug" is not "Switzerland")."""
    score = Score()
    if "issuer" not in truth:
        return score
    got = _fact(t["disclosure"][field])
    want = truth["issuer"].get(field)
    if want:
        if got and (words(got) & words(want)):
            score.tp += 1
        else:
            score.fn += 1
            score.fp += bool(got)
            score.notes.append(f"{field}: missed {want!r}" + (f", reported {got!r}" if got else ""))
    elif got:
        score.fp += 1
        score.notes.append(f"{field}: reported {got!r}, not stated")
    return score


def score_paper(truth: dict, tokenomics: dict) -> dict[str, Score]:
    """Every field's score for one paper; ``tokenomics`` is a Result's tokenomics as JSON."""
    full = full_generation(truth)
    scores = score_supply(truth, tokenomics, full)
    scores["symbol"] = score_symbol(truth, tokenomics, full)
    scores["allocation"], scores["category"], pairs = score_allocation(truth, tokenomics, full)
    scores["vesting"] = score_vesting(truth, tokenomics, pairs, full)
    scores.update(score_sale(truth, tokenomics, full))
    scores["utility"] = score_utility(truth, tokenomics)
    scores["stablecoin"] = score_stablecoin(truth, tokenomics)
    scores["legal_entity"] = score_issuer(truth, tokenomics, "legal_entity", _entity_words)
    scores["jurisdiction"] = score_issuer(truth, tokenomics, "jurisdiction", _place_words)
    return scores


# ------------------------------------------------------------------ running


def fold_of(slug: str, folds: int) -> int:
    return int(hashlib.sha1(slug.encode()).hexdigest(), 16) % folds


def _run_one(job: tuple[str, str, str | None]) -> dict:
    """Worker: analyse one PDF; its tokenomics, timings and any error, as JSON."""
    import paperlens
    from paperlens.errors import PaperlensError
    from paperlens.extract.rules import extract_rules
    from paperlens.ingest.document import read_pdf

    slug, path, engine = job
    options = {"engine": engine} if engine else {}
    out: dict = {"slug": slug}
    try:
        started = time.perf_counter()
        doc = read_pdf(path, **options)
        read = time.perf_counter() - started
        started = time.perf_counter()
        extract_rules(doc)
        extract_s = time.perf_counter() - started
        started = time.perf_counter()
        result = paperlens.analyze_document(doc, backend="rules")
        out.update(pages=doc.page_count, read_s=read, analyze_s=time.perf_counter() - started, extract_s=extract_s,
                   cached=doc.from_cache, tokenomics=result.tokenomics.model_dump(mode="json"),
                   warnings=result.warnings, engine=doc.engine)
    except PaperlensError as exc:
        out["error"] = f"{type(exc).__name__}: {exc}"
    return out


def run(pdfs: Path, truth_dir: Path, slugs: list[str], engine: str | None, jobs: int,
        worker=_run_one) -> list[dict]:
    """Run ``worker`` on every PDF with a truth file (in ``jobs`` processes); one dict per paper, with its truth."""
    wanted = sorted(p.stem for p in truth_dir.glob("*.json") if (pdfs / f"{p.stem}.pdf").exists())
    wanted = [s for s in wanted if not slugs or s in slugs]
    work = [(s, str(pdfs / f"{s}.pdf"), engine) for s in wanted]
    if jobs > 1:
        with ProcessPoolExecutor(jobs) as pool:
            outputs = list(pool.map(worker, work))
    else:
        outputs = [worker(w) for w in work]
    for out in outputs:
        out["truth"] = json.loads((truth_dir / f"{out['slug']}.json").read_text(encoding="utf-8"))
    return outputs


def totals(papers: list[dict]) -> dict[str, Score]:
    total = {name: Score() for name in FIELDS}
    for paper in papers:
        for name, score in paper["scores"].items():
            total[name].add(score)
    return total


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"


def summary_rows(total: dict[str, Score]) -> list[str]:
    lines = ["| field | right | false | missed | precision | recall |", "|---|---|---|---|---|---|"]
    for name in FIELDS:
        s = total[name]
        lines.append(f"| {name} | {s.tp} | {s.fp} | {s.fn} | {_pct(s.precision)} | {_pct(s.recall)} |")
    return lines


def floor_figures(total: dict[str, Score]) -> dict[str, float]:
    """The figures the test suite keeps from falling: recall and precision of the key fields."""
    figures = {}
    for name in FLOOR_FIELDS:
        s = total[name]
        figures[f"{name}_recall"] = round(s.recall or 0, 3)
        figures[f"{name}_precision"] = round(s.precision or 0, 3)
    return figures


def read_floor(path: Path = RESULTS) -> dict[str, float]:
    """The ``floor`` line of a results file (``<!-- floor: {...} -->``), or {}."""
    if not path.exists():
        return {}
    m = re.search(r"<!-- floor: (\{.*?\}) -->", path.read_text(encoding="utf-8"))
    return json.loads(m.group(1)) if m else {}


def report(papers: list[dict], command: str, hold: tuple[int, int] | None, engine: str) -> str:
    ok = [p for p in papers if "error" not in p]
    for p in ok:
        p["scores"] = score_paper(p["truth"], p["tokenomics"])
    total = totals(ok)
    full = [p for p in ok if full_generation(p["truth"])]
    older = [p for p in ok if not full_generation(p["truth"])]
    cold = [p for p in ok if not p["cached"]]
    lines = [
        "# Extraction accuracy against the truth files",
        "",
        f"`{command}`",
        "",
        f"{len(papers)} papers with truth ({len(full)} full files, {len(older)} older files scored on the keys "
        f"they have), text engine {engine}, rules backend; {len(papers) - len(ok)} unreadable "
        "(a typed error, expected for scanned papers).",
        "",
        "## Overall",
        "",
        *summary_rows(total),
        "",
    ]
    if hold:
        i, k = hold
        held = [p for p in ok if fold_of(p["slug"], k) == i]
        rest = [p for p in ok if fold_of(p["slug"], k) != i]
        th, tr = totals(held), totals(rest)
        lines += [f"## Held-out fold {i}/{k} ({len(held)} papers) beside the rest ({len(rest)})", "",
                  "| field | rest P | rest R | held P | held R |", "|---|---|---|---|---|"]
        for name in FIELDS:
            lines.append(f"| {name} | {_pct(tr[name].precision)} | {_pct(tr[name].recall)} | "
                         f"{_pct(th[name].precision)} | {_pct(th[name].recall)} |")
        lines.append("")
    for label, group in (("full files (dev set)", full), ("older files", older)):
        t = totals(group)
        lines += [f"## {label}: {len(group)} papers", "", *summary_rows(t), ""]
    pages = sum(p["pages"] for p in ok)
    read = sum(p["read_s"] for p in cold)
    lines += [
        "## Speed",
        "",
        f"- rules extraction (the extract stage alone): {pages / sum(p['extract_s'] for p in ok):.0f} pages/s "
        f"over {pages} pages",
        f"- every stage after ingest (extract, ground, language, mentions, validate, grade): "
        f"{pages / sum(p['analyze_s'] for p in ok):.0f} pages/s",
        (f"- ingest ({engine}, text cache cold): {sum(p['pages'] for p in cold) / read:.0f} pages/s over "
         f"{sum(p['pages'] for p in cold)} pages" if cold and read else
         "- ingest: every document came from the text cache (run with a cold cache to time it)"),
        "",
        "## Per paper",
        "",
        "| paper | supply | symbol | rows found / truth / reported | category | vesting | sale | utility | entity |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for p in papers:
        if "error" in p:
            lines.append(f"| {p['slug']} | {p['error'][:60]} | | | | | | | |")
            continue
        s = p["scores"]

        def mark(score: Score) -> str:
            if not (score.tp or score.fp or score.fn):
                return "·"
            return "ok" if not (score.fp or score.fn) else f"{score.tp}/{score.tp + score.fn}" + (
                f" +{score.fp}" if score.fp else "")

        a = s["allocation"]
        sale = Score()
        for name in ("sale_price", "hard_cap", "soft_cap"):
            sale.add(s[name])
        lines.append(f"| {p['slug']} | {mark(s['supply'])} | {mark(s['symbol'])} | {a.tp} / {a.tp + a.fn} / "
                     f"{a.tp + a.fp} | {mark(s['category'])} | {mark(s['vesting'])} | {mark(sale)} | "
                     f"{mark(s['utility'])} | {mark(s['legal_entity'])} |")
    shown = [p for p in ok if not hold or fold_of(p["slug"], hold[1]) != hold[0]]
    lines += ["", "## Misses and false facts", "",
              "(papers of the held-out fold are left out of this list)" if hold else "", ""]
    for p in shown:
        notes = [n for name in FIELDS for n in p["scores"][name].notes]
        if notes:
            lines.append(f"- **{p['slug']}**: " + "; ".join(notes))
    figures = floor_figures(total)
    lines += ["", f"<!-- floor: {json.dumps(figures)} -->", ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("slugs", nargs="*", help="only these papers")
    parser.add_argument("--pdfs", type=Path, default=CORPUS / "pdf")
    parser.add_argument("--truth", type=Path, default=CORPUS / "truth")
    parser.add_argument("--engine", help="text engine (default: paperlens's default)")
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1))
    parser.add_argument("--hold", help="I/K: report fold I of K apart, and leave it out of the miss list")
    parser.add_argument("--out", type=Path, help=f"write the report here (the floor is read from {RESULTS.name})")
    args = parser.parse_args(argv)
    if not args.truth.is_dir():
        sys.exit(f"no truth folder at {args.truth}")
    hold = tuple(map(int, args.hold.split("/"))) if args.hold else None
    papers = run(args.pdfs, args.truth, args.slugs, args.engine, args.jobs)
    engines = sorted({p.get("engine", "?") for p in papers if "error" not in p})
    command = "python benchmarks/accuracy.py" + "".join(f" {a}" for a in (argv if argv is not None else sys.argv[1:]))
    text = report(papers, command, hold, ", ".join(engines) or "?")
    if args.out:
        from paperlens.files import atomic_write_text

        atomic_write_text(args.out, text)
        print(f"wrote {args.out}")
    print(text.split("## Per paper")[0])


if __name__ == "__main__":
    main()
