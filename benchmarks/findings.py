"""Findings against the truth files: what should have fired and did not, what fired against the truth.

    python benchmarks/findings.py [--pdfs DIR] [--truth DIR] [--engine pdfium|pypdf] [--jobs N]
                                  [--policy FILE] [--out benchmarks/results/findings.md] [slug ...]

Runs ``paperlens.analyze_document`` (rules backend, text cache as usual) on every
PDF of ``--pdfs`` that has a truth file ``<slug>.json`` in ``--truth`` (default:
../shared/corpus) and sorts every finding code it raised on a paper into one of:

* **hit**: the truth's ``red_flags_expected`` names a flag that :data:`FLAG_CODES`
  maps to this code;
* **borderline**: a ``red_flags_borderline`` flag maps to it (firing is not a
  false finding, staying silent is not a miss);
* **refuted**: one of the :data:`REFUTE` rules finds a fact in the truth that
  the finding contradicts (a legal entity against ISSUER_OPAQUE's "no legal
  entity", a use of funds against NO_USE_OF_FUNDS, ...);
* **informational**: fired, neither expected nor refuted.

An expected flag none of whose codes fired is a **miss**. Flags that no paperlens
code covers are listed apart ("no code", not scored). A flag maps to a tuple of
codes, any of which counts; a hit is credited to the code that fired, a miss to
the first code of the tuple.

Only the 50 full truth files (with ``issuer`` or ``red_flags_expected``) record
red flags, and only there does an absent key mean "the paper does not state
it"; on the older files a finding can be refuted by a fact they record, never by
a key they lack.

Then the kind of each paper where the truth implies it, and the grade checks:
the five no-token papers of issue 10 (:data:`NO_TOKEN`) must be N/A; a paper
whose truth has ``stablecoin`` must get a stablecoin section (and no other paper
one); no token paper may get a letter better than C without a verified
allocation and a verified supply (a stablecoin: without a verified mechanism
and a verified backing or redemption).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import accuracy  # noqa: E402  (the run loop and its worker pool are shared)

ROOT = Path(__file__).resolve().parents[1]
CORPUS = accuracy.CORPUS
RESULTS = Path(__file__).parent / "results" / "findings.md"

# ------------------------------------------------------------------ the truth's flags -> finding codes

#: every ``flag`` name used in red_flags_expected / red_flags_borderline -> the codes that say the same
#: (any of them is a hit); () = no paperlens code covers it (listed, not scored)
FLAG_CODES: dict[str, tuple[str, ...]] = {
    "NO_TEAM_VESTING": ("NO_INSIDER_VESTING", "TEAM_VEST_SHORT"),          # no lock for the team
    "no_team_vesting": ("NO_INSIDER_VESTING", "TEAM_VEST_SHORT"),
    "VESTING_UNQUANTIFIED": ("NO_INSIDER_VESTING", "TEAM_VEST_SHORT"),     # frozen, length not stated
    "TEAM_SHARE_HIGH": ("TEAM_HEAVY", "INSIDER_HEAVY"),                    # team share > 25 %
    "team_share_over_25pct": ("TEAM_HEAVY", "INSIDER_HEAVY"),
    "HIGH_INSIDER_SHARE": ("INSIDER_HEAVY", "TEAM_HEAVY"),
    "RETURNS_PROMISED": ("GUARANTEED_RETURNS",),
    "RETURNS_PROJECTION": ("GUARANTEED_RETURNS",),
    "PRICE_APPRECIATION_PROMISED": ("GUARANTEED_RETURNS", "HYPE_LANGUAGE"),  # a promised gain in value
    "PRICE_APPRECIATION_CLAIM": ("GUARANTEED_RETURNS", "HYPE_LANGUAGE"),
    "PRICE_APPRECIATION_LANGUAGE": ("GUARANTEED_RETURNS", "HYPE_LANGUAGE"),
    "value_appreciation_claim": ("GUARANTEED_RETURNS", "HYPE_LANGUAGE"),
    "price_support_promise": ("GUARANTEED_RETURNS", "HYPE_LANGUAGE"),      # promised price floor / rise
    "NO_CAPS": ("NO_CAPS",),
    "INTERNAL_INCONSISTENCY": ("ALLOC_SUM", "SUPPLY_CONFLICT"),            # two values for one share
    "INCONSISTENT_SUPPLY": ("SUPPLY_CONFLICT", "SUPPLY_ORDER"),
    "NO_TOKEN_DISTRIBUTION_DISCLOSED": ("UNCAPPED_NO_SCHEDULE",),          # "neither a max supply nor ..."
    "no_supply_or_distribution_disclosed": ("UNCAPPED_NO_SCHEDULE",),
    "NO_SUPPLY_OR_ALLOCATION": ("UNCAPPED_NO_SCHEDULE",),
    "NO_SUPPLY_OR_DISTRIBUTION_DISCLOSED": ("UNCAPPED_NO_SCHEDULE",),
    "ANONYMOUS_TEAM": ("ISSUER_OPAQUE",),
    "INCONSISTENT_RAISE_TARGET": (),                                       # no code compares raise targets
    "SECURITY_LIKE_PROFIT_SHARE": (),                                      # revenue-share "interest": no code
    "REGULATORY_EVASION": (),                                              # evading supervision: no code
}

#: the papers issue 10 names as describing no token offering (their truth: no sale, allocation or supply)
NO_TOKEN = frozenset({"bitcoin", "uniswap-v2", "avalanche-consensus", "compound", "solana"})
#: codes raised from the paper's wording, which may fire on any paper
LANGUAGE_CODES = frozenset({"GUARANTEED_RETURNS", "HYPE_LANGUAGE", "PROMPT_INJECTION", "UNVERIFIED_EVIDENCE"})
INSIDERS = ("team", "advisors", "private_investors")
_REFUND = re.compile(r"refund|reimburs|return(?:ed)? (?:of |to )?(?:the )?(?:contribut|funds|investors|participants)"
                     r"|retrieve", re.I)
_BONUS = re.compile(r"bonus|discount", re.I)
_VALUE_LINK = re.compile(r"collateral|burn|revenue|fee shar|buy-?back|dividend", re.I)
_LINK_USES = {"revenue_share", "burn_to_use", "collateral"}


full_generation = accuracy.full_generation


# ------------------------------------------------------------------ facts the truth records


def _rows(truth: dict) -> list[dict] | None:
    """Allocation rows with a percent; [] when a full file records none; None when an older file lacks the key."""
    if "allocations" in truth:
        return [r for r in truth["allocations"] if isinstance(r.get("percent"), (int, float))]
    return [] if full_generation(truth) else None


#: insider words in a row label: a mixed row ("founding team, company and foundation", category other by
#: judgement) counts as insider when a rule must not be refuted on a category call
_INSIDER_LABEL = {"team": re.compile(r"\b(team|founders?|founding|core dev|developers?|employees?)", re.I),
                  "advisors": re.compile(r"\badvis", re.I),
                  "private_investors": re.compile(r"\b(investors?|seed|private|early (backers|contributors))", re.I)}


def _is(row: dict, categories: tuple[str, ...]) -> bool:
    """The row is in one of ``categories``, by its truth category or, generously, by its label."""
    return row.get("category") in categories or any(
        _INSIDER_LABEL[c].search(str(row.get("label", ""))) for c in categories if c in _INSIDER_LABEL)


def _share(truth: dict, categories: tuple[str, ...]) -> float | None:
    """The truth's share of ``categories`` (insider categories read generously, see :func:`_is`)."""
    rows = _rows(truth)
    return None if rows is None else sum(r["percent"] for r in rows if _is(r, categories))


def _num(value) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


_TOP_CATEGORY = (("team", re.compile(r"^\W*(team|founders?|core)", re.I)),
                 ("advisors", re.compile(r"^\W*advis", re.I)),
                 ("private_investors", re.compile(r"^\W*(early|private|investors?|seed|pre-?sale)", re.I)))


def _terms(truth: dict, category: str) -> list[dict] | None:
    """Vesting terms of every truth row of ``category`` (row vesting, else the older files' top-level list);
    None when a row of that category has none."""
    rows = [r for r in truth.get("allocations", []) if _is(r, (category,))]
    if not rows:
        return None
    terms = [r.get("vesting") for r in rows]
    if all(terms):
        return terms
    pattern = dict(_TOP_CATEGORY).get(category)
    top = [v for v in truth.get("vesting") or [] if pattern and pattern.search(str(v.get("category", "")))]
    return top or None


def _scheduled(v: dict) -> bool:
    return any(_num(v.get(k)) is not None for k in ("cliff_months", "vesting_months", "duration_months"))


def _lock(v: dict) -> float:
    """The shortest reading of a team lock: the cliff or the duration, whichever is longer (never their sum)."""
    return max(_num(v.get(k)) or 0 for k in ("cliff_months", "vesting_months", "duration_months"))


def _sale_text(truth: dict) -> str:
    sale = truth.get("sale")
    parts = [json.dumps(sale, ensure_ascii=False)] if sale else []
    extra = truth.get("extra")
    if isinstance(extra, list):
        parts += [f"{e.get('field', '')} {e.get('value', '')}" for e in extra if isinstance(e, dict)]
    elif isinstance(extra, dict):
        parts += [f"{k} {v}" for k, v in extra.items()]
    return " ".join(parts)


def _refund(truth: dict) -> str | None:
    m = _REFUND.search(_sale_text(truth))
    return m and f"the truth records refund terms ({m.group(0)!r} in sale/extra)"


def _utility(truth: dict) -> list:
    u = truth.get("utility")
    return u if isinstance(u, list) else ([u] if u else [])


def _value_link(truth: dict) -> str | None:
    for u in _utility(truth):
        value = u.get("value") if isinstance(u, dict) else str(u)
        if (value in _LINK_USES) if isinstance(u, dict) else _VALUE_LINK.search(value):
            return f"the truth records a value-linked use ({value})"
    return None


def _claims(finding: dict, item: str) -> bool:
    """Whether the finding says ``item`` ("legal entity", "hard cap", ...) is missing."""
    text = str((finding.get("figures") or {}).get("missing") or finding.get("message", ""))
    return item in text.lower()


def _issuer(truth: dict, finding: dict) -> str | None:
    issuer = truth.get("issuer") or {}
    wrong = [f"{item} ({issuer[key]!r})" if key != "team_named" else item
             for item, key in (("legal entity", "legal_entity"), ("jurisdiction", "jurisdiction"),
                               ("named team", "team_named"))
             if issuer.get(key) and _claims(finding, item)]
    return wrong and "says no " + ", no ".join(wrong) + ", which the truth's issuer records"


def _caps(truth: dict, finding: dict) -> str | None:
    sale = truth.get("sale") if isinstance(truth.get("sale"), dict) else {}
    wrong = [f"{item} ({sale[key]!r})" for item, key in (("hard cap", "hard_cap"), ("soft cap", "soft_cap"))
             if sale.get(key) and _claims(finding, item)]
    return wrong and "says no " + ", no ".join(wrong) + ", which the truth's sale records"


def _stable(truth: dict) -> dict | None:
    return truth.get("stablecoin") if isinstance(truth.get("stablecoin"), dict) else None


def _collateral(truth: dict) -> str:
    return str((_stable(truth) or {}).get("collateral"))


def _pct(x: float | None) -> str:
    return "?" if x is None else f"{x:g}%"


# ------------------------------------------------------------------ refutation rules


def _no_token(t, f, p):
    return t.get("slug") in NO_TOKEN and f["code"] not in LANGUAGE_CODES and \
        "no-token paper: the truth records no token sale, allocation or supply"


def _no_stablecoin(t, f, p):
    return _stable(t) is None and "the truth does not call this paper a stablecoin"


def _use_of_funds(t, f, p):
    return t.get("use_of_funds") and f"the truth records a use of funds ({len(t['use_of_funds'])} rows)"


def _has_utility(t, f, p):
    return (_utility(t) and f"the truth records {len(_utility(t))} use(s) of the token") or \
        (_stable(t) and "a stablecoin: its use is its peg")


def _capped(t, f, p):
    return (_num(t.get("max_supply")) and f"the truth records max_supply {t['max_supply']:,.0f}") or \
        (_stable(t) and "a stablecoin: its supply follows deposits or collateral")


def _no_bonus(t, f, p):
    return full_generation(t) and not _BONUS.search(_sale_text(t)) and "the truth records no bonus or discount"


def _under(code: str, categories: tuple[str, ...], who: str):
    """A share rule (``>`` warn) refuted when the truth's share is at most the warn threshold."""
    def test(t, f, p):
        share, warn = _share(t, categories), p.rule(code).get("warn")
        return share is not None and warn is not None and share <= warn and \
            f"the truth's {who} share is {_pct(share)} (<= {warn:g}%)"
    return test


def _community(t, f, p):
    rule = p.rule("COMMUNITY_THIN")
    rows = _rows(t)
    cats = ("community", "public_sale") if rule.get("include_public_sale") else ("community",)
    share = _share(t, cats)
    complete = rows is not None and (not rows or sum(r["percent"] for r in rows) >= 90)
    return complete and share >= rule.get("warn") and f"the truth's community share is {_pct(share)}"


def _alloc_sums(t, f, p):
    rows, tol = _rows(t), p.rule("ALLOC_SUM").get("tolerance", 0.5)
    if rows is None:
        return None
    total = sum(r["percent"] for r in rows)
    return (not rows and "the truth records no allocation") or \
        (abs(total - 100) <= tol and f"the truth's {len(rows)} rows add up to {total:g}%")


def _insiders_vested(t, f, p):
    rows = _rows(t)
    if rows is None:
        return None
    cats = [c for c in INSIDERS if any(_is(r, (c,)) for r in rows)]
    if not cats:
        return "the truth records no team, advisor or investor allocation"
    terms = [_terms(t, c) for c in cats]
    return all(ts and all(_scheduled(v) for v in ts) for ts in terms) and \
        "the truth records a vesting schedule for every insider row"


def _team_cliff(t, f, p):
    terms, warn = _terms(t, "team"), p.rule("TEAM_CLIFF_SHORT").get("warn")
    cliffs = [_num(v.get("cliff_months")) or 0 for v in terms or []]
    return cliffs and min(cliffs) >= warn and f"the truth's team cliff is {min(cliffs):g} months"


def _team_lock(t, f, p):
    terms, warn = _terms(t, "team"), p.rule("TEAM_VEST_SHORT").get("warn")
    locks = [_lock(v) for v in terms or []]
    return locks and min(locks) >= warn and f"the truth's team lock is at least {min(locks):g} months"


def _not_fiat(t, f, p):
    return _stable(t) and _collateral(t) != "fiat" and f"a fiat-reserve rule on a {_collateral(t)} coin"


def _reserve_full(t, f, p):
    return _not_fiat(t, f, p) or ((_num((_stable(t) or {}).get("min_collateral_ratio")) or 0) >= 1
                                  and "the truth records full (1:1) reserves")


def _not_algorithmic(t, f, p):
    return _stable(t) and _collateral(t) != "algorithmic" and f"the truth's coin is {_collateral(t)}-backed"


def _not_crypto(t, f, p):
    return _collateral(t) in ("fiat", "algorithmic") and f"the truth's coin is {_collateral(t)}"


#: (code, or "*" for any code, or "pillar:<name>"; when it is refuted; test(truth, finding, policy) -> reason)
#: the first rule whose test gives a reason wins; a code the truth expects or lists as borderline is never refuted
Refuter = Callable[[dict, dict, object], object]
REFUTE: list[tuple[str, str, Refuter]] = [
    ("*", "any code but the language ones on a no-token paper of issue 10", _no_token),
    ("pillar:stablecoin", "the truth has no `stablecoin`", _no_stablecoin),
    ("ISSUER_OPAQUE", "it says no legal entity / jurisdiction / named team, and the truth's issuer records it",
     lambda t, f, p: _issuer(t, f)),
    ("NO_USE_OF_FUNDS", "the truth has `use_of_funds`", _use_of_funds),
    ("NO_UTILITY", "the truth has `utility` entries, or `stablecoin`", _has_utility),
    ("NO_VALUE_CAPTURE", "the truth has a revenue_share, burn_to_use or collateral use", lambda t, f, p: _value_link(t)),
    ("NO_CAPS", "it says no hard (soft) cap, and the truth's sale has hard_cap (soft_cap)", lambda t, f, p: _caps(t, f)),
    ("NO_REFUND", "refund or return-of-contributions wording in the truth's sale or extra", lambda t, f, p: _refund(t)),
    ("UNCAPPED_NO_SCHEDULE", "the truth has a numeric max_supply, or `stablecoin`", _capped),
    ("BONUS_TIERS", "a full truth file with no bonus or discount in its sale or extra", _no_bonus),
    ("TEAM_HEAVY", "the truth's team share is at most the policy's warn threshold", _under("TEAM_HEAVY", ("team",), "team")),
    ("INSIDER_HEAVY", "the truth's team + advisors + private investors share is at most warn",
     _under("INSIDER_HEAVY", INSIDERS, "insider")),
    ("COMMUNITY_THIN", "the truth's rows add to >= 90% and community (+ public sale, per policy) reaches warn",
     _community),
    ("ALLOC_SUM", "the truth's rows add to 100 within the tolerance, or a full file records no allocation", _alloc_sums),
    ("NO_INSIDER_VESTING", "the truth has no insider row, or a vesting schedule (months) for every one",
     _insiders_vested),
    ("TEAM_CLIFF_SHORT", "every team vesting term in the truth has a cliff of at least warn", _team_cliff),
    ("TEAM_VEST_SHORT", "every team term locks at least warn months (the longer of cliff and duration)", _team_lock),
    ("RESERVE_UNDER", "the truth's stablecoin is not fiat-backed, or its min_collateral_ratio is >= 1", _reserve_full),
    ("RESERVE_INELIGIBLE", "the truth's stablecoin is not fiat-backed", _not_fiat),
    ("ATTEST_RARE", "the truth's stablecoin is not fiat-backed", _not_fiat),
    ("ALGORITHMIC_PEG", "the truth's stablecoin is not algorithmic", _not_algorithmic),
    ("CRYPTO_CR_LOW", "the truth's stablecoin is fiat-backed or algorithmic", _not_crypto),
]


def refutation(truth: dict, finding: dict, policy) -> str | None:
    """Why the truth contradicts this finding, or None."""
    for code, _, test in REFUTE:
        if code == "*" or code == finding["code"] or code == f"pillar:{finding.get('pillar')}":
            reason = test(truth, finding, policy)
            if reason:
                return str(reason)
    return None


# ------------------------------------------------------------------ the paper's kind and key facts


def truth_kind(truth: dict) -> str:
    """What the truth implies the paper is: "no token", "stablecoin (<collateral>)" or "token"."""
    if truth.get("slug") in NO_TOKEN:
        return "no token"
    if _stable(truth) is not None:
        return f"stablecoin ({_collateral(truth)})"
    return "token"


def _ok(fact: dict | None) -> bool:
    return bool(fact) and fact.get("value") not in (None, False, [], "") and \
        ((fact.get("evidence") or {}).get("status") == "verified")


def key_facts(t: dict) -> dict[str, bool]:
    """Whether the result's tokenomics (JSON) has a verified supply, allocation, and stablecoin facts."""
    supply = t.get("supply") or {}
    rows = [r for r in t.get("allocation") or [] if r.get("evidence")]
    sc = t.get("stablecoin") or {}
    backing = [sc.get(k) for k in ("reserve_coverage_pct", "reserve_composition", "min_collateral_ratio_pct",
                                   "liquidation_ratio_pct")]
    backing += [{"value": c.get("asset"), "evidence": c.get("evidence")} for c in sc.get("collateral") or []]
    return {
        # the spec: "allocation and supply, or emission schedule, for a token"
        "supply": any(_ok(supply.get(k)) for k in ("max_supply", "total_supply", "uncapped"))
        or any(_ok((t.get("emission") or {}).get(k)) for k in ("schedule", "annual_inflation_pct")),
        "allocation": bool(rows) and 2 * sum((r["evidence"] or {}).get("status") == "verified" for r in rows)
        >= len(t.get("allocation") or []),
        "stablecoin_mechanism": _ok(sc.get("mechanism")),
        "stablecoin_backing": any(_ok(b) for b in backing),
        "redemption": _ok(sc.get("redemption")) or _ok(sc.get("redemption_at_par")),
    }


def kind_violations(truth: dict, paper: dict) -> list[str]:
    """What the paper's letter or sections do against the kind the truth implies."""
    kind, letter, facts = truth_kind(truth), paper["letter"], paper["key_facts"]
    out = []
    good = letter in ("A", "B")
    if kind == "no token" and letter != "N/A":
        out.append(f"no-token paper graded {letter}, not N/A")
    if kind.startswith("stablecoin"):
        if not paper["stablecoin_section"]:
            out.append("stablecoin paper without a stablecoin section")
        if good and not (facts["stablecoin_mechanism"] and (facts["stablecoin_backing"] or facts["redemption"])):
            out.append(f"{letter} without a verified mechanism and backing or redemption")
    elif paper["stablecoin_section"]:
        out.append("a stablecoin section on a paper the truth does not call a stablecoin")
    if kind == "token" and good and not (facts["allocation"] and facts["supply"]):
        missing = " and ".join(k for k in ("allocation", "supply") if not facts[k])
        out.append(f"{letter} without a verified {missing}")
    return out


# ------------------------------------------------------------------ scoring one paper


def score_paper(truth: dict, paper: dict, policy) -> dict:
    """Sort one paper's findings against its truth.

    ``paper["findings"]`` is a list of dicts (code, pillar, severity, kind, message,
    figures, pages). Returns ``hits``/``misses``/``borderline``/``refuted``/``info``
    (lists of dicts), ``no_code`` and ``unmapped`` flags, and ``violations``.
    """
    fired: dict[str, dict] = {}
    for f in paper["findings"]:
        fired.setdefault(f["code"], f)
    out = {"hits": [], "misses": [], "borderline": [], "refuted": [], "info": [], "no_code": [], "unmapped": [],
           "borderline_silent": []}
    wanted: set[str] = set()  # codes the truth asks for (expected or borderline) on this paper
    for key, bucket in (("red_flags_expected", "expected"), ("red_flags_borderline", "borderline")):
        for flag in truth.get(key) or []:
            name = flag.get("flag", "?")
            codes = FLAG_CODES.get(name)  # () when no code covers it, None when not in the table
            item = {"flag": name, "page": flag.get("page"), "why": flag.get("why", ""), "codes": codes or ()}
            if codes is None:
                out["unmapped"].append(item)
                continue
            if not codes:
                out["no_code"].append(dict(item, bucket=bucket))
                continue
            wanted.update(codes)
            hit = next((c for c in codes if c in fired), None)
            if bucket == "borderline":
                out["borderline" if hit else "borderline_silent"].append(dict(item, code=hit or codes[0]))
            elif hit:
                pages = fired[hit].get("pages") or []
                out["hits"].append(dict(item, code=hit, pages=pages))
            else:
                out["misses"].append(dict(item, code=codes[0]))
    credited = {h["code"] for h in out["hits"]} | {b["code"] for b in out["borderline"]}
    for code, f in fired.items():
        if code in credited:
            continue
        reason = None if code in wanted else refutation(truth, f, policy)
        if reason:
            out["refuted"].append({"code": code, "reason": reason, "message": f.get("message", ""),
                                   "severity": f.get("severity")})
        else:
            out["info"].append({"code": code})
    out["violations"] = kind_violations(truth, paper)
    return out


def tally(papers: list[dict]) -> dict[str, dict[str, int]]:
    """Per code: expected, fired, hit, missed, refuted, borderline, informational (papers counted once)."""
    table: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(
        ("expected", "fired", "hit", "missed", "refuted", "borderline", "info"), 0))
    for p in papers:
        s = p["score"]
        hit = {h["code"] for h in s["hits"]}
        missed = {m["code"] for m in s["misses"]} - hit
        for code in hit | missed:
            table[code]["expected"] += 1
        for code in hit:
            table[code]["hit"] += 1
        for code in missed:
            table[code]["missed"] += 1
        for code in {f["code"] for f in p["findings"]}:
            table[code]["fired"] += 1
        for code in {b["code"] for b in s["borderline"]} - hit:
            table[code]["borderline"] += 1
        for r in s["refuted"]:
            table[r["code"]]["refuted"] += 1
        for i in s["info"]:
            table[i["code"]]["info"] += 1
    return table


# ------------------------------------------------------------------ running


def _run_one(job: tuple[str, str, str | None]) -> dict:
    """Worker: analyse one PDF; its findings, grade and key facts, as JSON."""
    import paperlens
    from paperlens.errors import PaperlensError
    from paperlens.ingest.document import read_pdf

    slug, path, engine = job
    options = {"engine": engine} if engine else {}
    out: dict = {"slug": slug}
    try:
        started = time.perf_counter()
        doc = read_pdf(path, **options)
        result = paperlens.analyze_document(doc, backend="rules")
        t = result.tokenomics.model_dump(mode="json")
        g = result.grade
        kind = result.kind
        out.update(
            seconds=time.perf_counter() - started, pages=doc.page_count, cached=doc.from_cache,
            engine=doc.engine, letter=g.letter, score=g.score, assessable=g.assessable,
            coverage=g.coverage, coverage_detail=dict(g.coverage_detail or {}),
            stablecoin_section=result.tokenomics.stablecoin is not None, key_facts=key_facts(t),
            result_kind=None if kind is None else kind.value,
            findings=[{"code": f.code, "pillar": f.pillar, "severity": f.severity, "kind": f.kind,
                       "message": f.message, "figures": dict(f.figures or {}),
                       "pages": sorted({e.page for e in f.evidence})} for f in result.findings],
        )
    except PaperlensError as exc:
        out["error"] = f"{type(exc).__name__}: {exc}"
    return out


def run(pdfs: Path, truth_dir: Path, slugs: list[str], engine: str | None, jobs: int) -> list[dict]:
    """Analyse every PDF with a truth file; one dict per paper (truth and output)."""
    return accuracy.run(pdfs, truth_dir, slugs, engine, jobs, worker=_run_one)


# ------------------------------------------------------------------ report


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def summary_line(papers: list[dict]) -> str:
    """One line: the per-code totals (papers counted once per code) and the violations."""
    ok = [p for p in papers if "error" not in p and "score" in p]
    total = {k: sum(row[k] for row in tally(ok).values())
             for k in ("expected", "fired", "hit", "missed", "refuted", "borderline", "info")}
    flags = sum(len(p["score"]["hits"]) + len(p["score"]["misses"]) for p in ok)
    return (f"findings vs truth, {len(ok)} papers: expected {total['expected']} ({flags} truth flags): "
            f"hit {total['hit']}, missed {total['missed']}; fired {total['fired']}: refuted {total['refuted']}, "
            f"borderline {total['borderline']}, not in the truth {total['info']}; "
            f"kind/grade violations {sum(len(p['score']['violations']) for p in ok)}")


def source_state() -> str:
    """The commit the run used, and whether src/ had uncommitted changes (validators change often)."""
    import subprocess

    def git(*args: str) -> str:
        return subprocess.run(["git", "-C", str(ROOT), *args], check=False, capture_output=True, text=True,
                              timeout=30).stdout.strip()

    try:
        commit = git("rev-parse", "--short", "HEAD")
        dirty = git("status", "--porcelain", "--", "src")
    except (OSError, subprocess.SubprocessError):
        return "git not available"
    return f"commit {commit or '?'}" + (", with uncommitted changes under src/" if dirty else "")


def report(papers: list[dict], command: str, policy, jobs: int, seconds: float) -> str:
    ok = [p for p in papers if "error" not in p]
    for p in ok:
        p["score"] = score_paper(p["truth"], p, policy)
    table = tally(ok)
    full = [p for p in ok if full_generation(p["truth"])]
    engines = ", ".join(sorted({p.get("engine", "?") for p in ok})) or "?"
    pol = lambda code, key: policy.rule(code).get(key)
    lines = [
        "# Findings against the truth files",
        "",
        f"`{command}`",
        "",
        (f"{len(papers)} papers with truth ({len(full)} full files that record red flags, {len(ok) - len(full)} "
        f"older files whose findings can only be refuted or left informational); rules backend, text engine "
        f"{engines}; {len(papers) - len(ok)} unreadable (a typed error). Thresholds from policy "
        f"{policy.name!r}: TEAM_HEAVY warn > {pol('TEAM_HEAVY', 'warn')}%, INSIDER_HEAVY warn > "
        f"{pol('INSIDER_HEAVY', 'warn')}%, COMMUNITY_THIN warn < {pol('COMMUNITY_THIN', 'warn')}%, "
        f"TEAM_CLIFF_SHORT warn < {pol('TEAM_CLIFF_SHORT', 'warn')} months, TEAM_VEST_SHORT warn < "
        f"{pol('TEAM_VEST_SHORT', 'warn')} months."),
        "",
        f"**{summary_line(papers)}**",
        "",
        "## Per code",
        "",
        ("Papers counted once per code. *expected*: a `red_flags_expected` flag maps to the code (a hit is credited "
        "to the code that fired, a miss to the first code of the mapping); *refuted*: fired against a fact the "
        "truth records; *borderline*: fired on a `red_flags_borderline` flag; *not in the truth*: fired, neither "
        "expected nor refuted (informational)."),
        "",
        "| code | expected (truth) | fired | hit | missed | refuted | borderline | fired, not in the truth |",
        "|---|---|---|---|---|---|---|---|",
    ]
    keys = ("expected", "fired", "hit", "missed", "refuted", "borderline", "info")
    for code in sorted(table, key=lambda c: (-table[c]["missed"] - table[c]["refuted"], c)):
        row = table[code]
        lines.append(f"| {code} | " + " | ".join(str(row[k]) for k in keys) + " |")
    lines.append("| **total** | " + " | ".join(f"**{sum(r[k] for r in table.values())}**" for k in keys) + " |")

    lines += ["", "## Misses: expected by the truth, did not fire", ""]
    misses = [(p, m) for p in ok for m in p["score"]["misses"]]
    for p, m in misses:
        fired = ", ".join(sorted({f["code"] for f in p["findings"]})) or "nothing"
        lines.append(f"- **{p['slug']}**: {m['flag']} (p{m['page']}) -> {' or '.join(m['codes'])} did not fire. "
                     f"Truth: {_cell(m['why'])} Fired: {fired}.")
    if not misses:
        lines.append("(none)")

    lines += ["", "## Refuted: fired against what the truth records", ""]
    refuted = [(p, r) for p in ok for r in p["score"]["refuted"]]
    for p, r in refuted:
        lines.append(f"- **{p['slug']}**: {r['code']} ({r['severity']}): {_cell(r['reason'])}. "
                     f"Message: \"{_cell(r['message'])}\"")
    if not refuted:
        lines.append("(none)")

    lines += ["", "## Hits", ""]
    for p in ok:
        for h in p["score"]["hits"]:
            near = h["page"] is None or not h["pages"] or any(abs(x - h["page"]) <= 1 for x in h["pages"])
            where = "" if near else f" (evidence on p{', p'.join(map(str, h['pages']))}, the truth's quote is on " \
                                    f"p{h['page']})"
            lines.append(f"- {p['slug']}: {h['flag']} -> {h['code']}{where}")

    lines += ["", "## Borderline flags (neither a miss nor a false finding)", ""]
    for p in ok:
        for b in p["score"]["borderline"]:
            lines.append(f"- {p['slug']}: {b['flag']} -> {b['code']} fired")
        for b in p["score"]["borderline_silent"]:
            lines.append(f"- {p['slug']}: {b['flag']} -> {' / '.join(b['codes'])} silent")

    lines += ["", "## Truth flags no paperlens code covers (not scored)", ""]
    for p in ok:
        for n in p["score"]["no_code"] + p["score"]["unmapped"]:
            tag = "no code" if "bucket" in n else "NOT IN FLAG_CODES: add it"
            lines.append(f"- {p['slug']}: {n['flag']} ({n.get('bucket', 'expected/borderline')}, {tag}): "
                         f"{_cell(n['why'])}")

    lines += ["", "## Kind and grade", "",
              ("Kind as the truth implies it: *no token* = the five papers of issue 10 (expected N/A); "
              "*stablecoin* = the truth has `stablecoin` (expected: a stablecoin section); *token* = the rest "
              "(no A or B without a verified allocation and a verified supply, as the result's evidence "
              "statuses show: a supply fact verified, at least half the allocation rows verified)."), ""]
    violations = [(p, v) for p in ok for v in p["score"]["violations"]]
    by_kind: dict[str, list[dict]] = defaultdict(list)
    for p in ok:
        by_kind[truth_kind(p["truth"]).split(" (")[0]].append(p)
    lines += ["| kind | papers | letters | violations |", "|---|---|---|---|"]
    for kind, group in sorted(by_kind.items()):
        letters = defaultdict(int)
        for p in group:
            letters[p["letter"]] += 1
        lines.append(f"| {kind} | {len(group)} | " + ", ".join(f"{k} {v}" for k, v in sorted(letters.items()))
                     + f" | {sum(len(p['score']['violations']) for p in group)} |")
    lines += ["", "Violations:", ""]
    lines += [f"- **{p['slug']}** ({truth_kind(p['truth'])}, {p['letter']}, coverage {p['coverage']:.0%}): {v}"
              for p, v in violations] or ["(none)"]

    lines += ["", "## Per paper", "",
              ("| paper | kind | letter | coverage | assessable | key facts verified | findings | missed | "
              "refuted |"), "|---|---|---|---|---|---|---|---|---|"]
    for p in papers:
        if "error" in p:
            lines.append(f"| {p['slug']} | {truth_kind(p['truth'])} | {_cell(p['error'][:70])} | | | | | | |")
            continue
        s, kf = p["score"], p["key_facts"]
        kind = truth_kind(p["truth"]) + (f" (result: {p['result_kind']})" if p.get("result_kind") else "")
        names = ("stablecoin_mechanism", "stablecoin_backing", "redemption") if kind.startswith("stablecoin") \
            else ("allocation", "supply")
        verified = ", ".join(n.replace("stablecoin_", "") for n in names if kf[n]) or "none"
        lines.append(
            f"| {p['slug']} | {kind} | {p['letter']} | {p['coverage']:.0%} | {'yes' if p['assessable'] else 'no'} | "
            f"{verified} | "
            f"{', '.join(sorted({f['code'] for f in p['findings']})) or '-'} | "
            f"{', '.join(m['code'] for m in s['misses']) or '-'} | {', '.join(r['code'] for r in s['refuted']) or '-'} |")

    lines += ["", "## The mapping and the rules", "", "Truth flag -> codes (any of them is a hit):", "",
              "| truth flag | codes |", "|---|---|"]
    lines += [f"| {flag} | {' or '.join(codes) or 'no code'} |" for flag, codes in FLAG_CODES.items()]
    lines += ["", "A finding is refuted (unless the truth expects or lists it as borderline) when:", "",
              "| code | refuted when |", "|---|---|"]
    lines += [f"| {code} | {_cell(what)} |" for code, what, _ in REFUTE]
    lines += ["", "## Machine", "",
              (f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, Python "
              f"{platform.python_version()}; {jobs} worker processes; {seconds:.1f} s wall for {len(papers)} papers "
              f"({sum(1 for p in ok if p.get('cached'))} read from the text cache)."),
              f"paperlens {_version()}, {source_state()}.", ""]
    return "\n".join(lines)


def _version() -> str:
    import paperlens

    return getattr(paperlens, "__version__", "?")


def main(argv: list[str] | None = None) -> None:
    from paperlens.policy import load_policy

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("slugs", nargs="*", help="only these papers")
    parser.add_argument("--pdfs", type=Path, default=CORPUS / "pdf")
    parser.add_argument("--truth", type=Path, default=CORPUS / "truth")
    parser.add_argument("--engine", help="text engine (default: paperlens's default)")
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1))
    parser.add_argument("--policy", type=Path, help="a policy file merged over the default (thresholds)")
    parser.add_argument("--out", type=Path, help=f"write the report here (e.g. {RESULTS.relative_to(ROOT)})")
    args = parser.parse_args(argv)
    if not args.truth.is_dir():
        sys.exit(f"no truth folder at {args.truth}")
    policy = load_policy(args.policy)
    started = time.perf_counter()
    papers = run(args.pdfs, args.truth, args.slugs, args.engine, args.jobs)
    seconds = time.perf_counter() - started
    command = "python benchmarks/findings.py" + "".join(f" {a}" for a in (argv if argv is not None else sys.argv[1:]))
    text = report(papers, command, policy, args.jobs, seconds)
    if args.out:
        from paperlens.files import atomic_write_text

        atomic_write_text(args.out, text)
        print(f"wrote {args.out}")
    print(text.split("## Misses")[0])  # the summary line is in it


if __name__ == "__main__":
    main()
