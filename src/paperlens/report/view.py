"""The view model of a report: what the templates and the terminal summary show, computed
from a :class:`~paperlens.schema.Result` (:func:`context` is everything the templates take).
"""

from __future__ import annotations

from markupsafe import Markup
from pydantic import BaseModel

from paperlens.assess.figures import compute
from paperlens.assess.ground import trusted
from paperlens.report import charts
from paperlens.report.charts import NOT_FOUND
from paperlens.report.format import (
    BASIS_LABELS,
    SEVERITY_LABELS,
    STATUS_LABELS,
    enum_label,
    field_label,
    fmt_number,
    fmt_value,
    is_pct,
)
from paperlens.schema import (
    INSIDER_CATEGORIES,
    Fact,
    Figures,
    Finding,
    Result,
    Tokenomics,
)

SEVERITY_ORDER = ("red_line", "high", "warn", "info")
PILLAR_ORDER = ("integrity", "supply", "distribution", "vesting", "utility", "sale", "stablecoin",
                "disclosure")


def _fact_row(name: str, fact: Fact) -> dict:
    value = enum_label(name, fact.value)
    text = charts.fmt_pct(value) if is_pct(name) and isinstance(value, (int, float)) else fmt_value(value)
    return {"field": field_label(name), "value": text, "stated": fact.stated, "evidence": fact.evidence}


def _list_rows(name: str, items: list, describe) -> list[dict]:
    if not items:
        return [{"field": field_label(name), "value": NOT_FOUND, "stated": False, "evidence": None}]
    return [
        {"field": field_label(name), "value": describe(item), "stated": True,
         "evidence": getattr(item, "evidence", None)}
        for item in items
    ]


def _describe(item: BaseModel) -> str:
    """One line for a list item (audit, person, admin power, collateral, ...)."""
    data = item.model_dump(exclude={"evidence"})
    head_key = next(iter(data))
    head = fmt_value(enum_label(head_key, data.pop(head_key)))
    rest = []
    for key, val in data.items():
        if val is None:
            continue
        if isinstance(val, bool):
            rest.append(key.replace("_", " ") if val else f"not {key.replace('_', ' ')}")
        elif is_pct(key):
            rest.append(f"{field_label(key).lower()} {charts.fmt_pct(val)}")
        else:
            rest.append(fmt_value(val))
    return f"{head} ({', '.join(rest)})" if rest else head


def _model_rows(model: BaseModel) -> list[dict]:
    rows: list[dict] = []
    for name in type(model).model_fields:
        value = getattr(model, name)
        if isinstance(value, Fact):
            rows.append(_fact_row(name, value))
        elif isinstance(value, list):
            rows.extend(_list_rows(name, value, _describe))
    return rows


def fact_sections(t: Tokenomics) -> list[dict]:
    """Extracted facts as titled tables of rows {field, value, stated, evidence}."""
    sections = [
        ("Identity", _model_rows(t.identity)),
        ("Supply", _model_rows(t.supply)),
        ("Emission", _model_rows(t.emission)),
        ("Utility", _model_rows(t.utility)),
        ("Consensus and controls", _model_rows(t.controls)),
        ("Token sale", _model_rows(t.sale) if t.sale else
         [{"field": "Token sale", "value": "no token sale described", "stated": False, "evidence": None}]),
    ]
    if t.stablecoin is not None:
        sections.append(("Stablecoin", _model_rows(t.stablecoin)))
    sections.append(("Issuer and disclosure", _model_rows(t.disclosure)))
    return [{"title": title, "rows": rows} for title, rows in sections]


def figures_of(result: Result) -> Figures:
    """The result's figures; recomputed from its facts when they do not match them (a result saved
    before figures were stored, or edited by hand)."""
    if len(result.figures.rows) == len(result.tokenomics.allocation):
        return result.figures
    return compute(trusted(result.tokenomics), result.tokenomics)


#: graded facts -> what the text mentions for them (:class:`~paperlens.schema.Mentions`)
MENTIONED_AS = {"supply": ("supply_figure",), "allocation": ("tokenomics_section",), "team_vesting": ("team_vesting",),
                "utility": ("token_use",), "sale_caps": ("hard_cap", "soft_cap"),
                "issuer": ("legal_entity", "jurisdiction", "team_named")}


def mention_pages(result: Result) -> dict[str, list[int]]:
    """For each graded fact, the pages where the text mentions it (a hint where a miss may be found)."""
    m = result.mentions
    return {fact: sorted({p for item in MENTIONED_AS.get(fact, ()) for p in getattr(m, item)})[:6]
            for fact in result.grade.coverage_detail}


def figures_near_tokenomics(result: Result) -> list[int]:
    """Pages with figures or charts next to the token sections: where a fact a text extractor cannot
    see (a pie chart, a scanned table) may be."""
    m = result.mentions
    near = {p + d for p in m.tokenomics_section + m.sale_section for d in (-1, 0, 1)}
    return sorted(set(m.figures) & near)[:6]


def key_figures(result: Result) -> list[dict]:
    """The headline numbers: supply, float, insiders, emission."""
    s, e = result.tokenomics.supply, result.tokenomics.emission
    symbol = result.tokenomics.identity.symbol.value or ""
    max_text = fmt_value(s.max_supply.value)
    if s.max_supply.value is None and s.uncapped.value:
        max_text = "uncapped"
    elif s.max_supply.value is not None and symbol:
        max_text = f"{max_text} {symbol}"
    circ = fmt_value(s.initial_circulating.value)
    if s.initial_circulating_pct.value is not None:
        pct = charts.fmt_pct(s.initial_circulating_pct.value)
        circ = pct if s.initial_circulating.value is None else f"{circ} ({pct})"
    figures = [
        ("Max supply", max_text, s.max_supply.evidence or s.uncapped.evidence),
        ("Total supply", fmt_value(s.total_supply.value), s.total_supply.evidence),
        ("Circulating at TGE", circ, s.initial_circulating.evidence or s.initial_circulating_pct.evidence),
        ("Insiders", charts.fmt_pct(figures_of(result).insider_pct), None),
        ("Emission", fmt_value(enum_label("type", e.type.value)), e.type.evidence),
        ("Annual inflation", charts.fmt_pct(e.annual_inflation_pct.value), e.annual_inflation_pct.evidence),
    ]
    sale = result.tokenomics.sale
    if sale is not None:
        figures += [
            ("Sale price", fmt_value(sale.price.value), sale.price.evidence),
            ("Hard cap", fmt_value(sale.hard_cap.value), sale.hard_cap.evidence),
        ]
    coin = result.tokenomics.stablecoin
    if coin is not None:
        figures += [
            ("Peg", fmt_value(coin.peg.value), coin.peg.evidence),
            ("Mechanism", fmt_value(enum_label("mechanism", coin.mechanism.value)), coin.mechanism.evidence),
            ("Reserve coverage", charts.fmt_pct(coin.reserve_coverage_pct.value),
             coin.reserve_coverage_pct.evidence),
            ("Attestation", fmt_value(coin.attestation_firm.value), coin.attestation_firm.evidence),
            ("Redemption at par", fmt_value(coin.redemption_at_par.value), coin.redemption_at_par.evidence),
        ]
    return [{"label": label, "value": value, "stated": value != NOT_FOUND, "evidence": ev,
             "unverified": ev is not None and ev.status != "verified"}
            for label, value, ev in figures]


def _sev_rank(severity: str) -> int:
    return SEVERITY_ORDER.index(severity) if severity in SEVERITY_ORDER else len(SEVERITY_ORDER)


def sorted_findings(findings: list[Finding]) -> list[Finding]:
    """Findings by severity (red line first), then pillar, then code."""
    return sorted(findings, key=lambda f: (_sev_rank(f.severity), PILLAR_ORDER.index(f.pillar), f.code))


def findings_by_pillar(findings: list[Finding]) -> list[dict]:
    """Groups {pillar, worst, findings}, the worst pillar first; findings by severity."""
    groups: dict[str, list[Finding]] = {}
    for f in sorted_findings(findings):
        groups.setdefault(f.pillar, []).append(f)
    out = [{"pillar": p, "worst": fs[0].severity, "findings": fs} for p, fs in groups.items()]
    return sorted(out, key=lambda g: (_sev_rank(g["worst"]), PILLAR_ORDER.index(g["pillar"])))


def severity_counts(findings: list[Finding]) -> dict[str, int]:
    """How many findings of each severity, red line first."""
    return {s: sum(f.severity == s for f in findings) for s in SEVERITY_ORDER}


def _vesting_text(row) -> str:
    v = row.vesting
    if v is None:
        return NOT_FOUND
    if v.tbd:
        return "TBD (no time-based release)"
    parts = []
    whole = v.tge_unlock_pct == 100  # all of it at TGE: a zero cliff or vesting says nothing more
    if v.tge_unlock_pct is not None:
        parts.append(f"{charts.fmt_pct(v.tge_unlock_pct)} at TGE")
    if v.cliff_months is not None and not (whole and v.cliff_months == 0):
        parts.append("no cliff" if v.cliff_months == 0 else f"{fmt_number(v.cliff_months)}-month cliff")
    if v.vesting_months == 0 and not whole:
        parts.append("no vesting")
    elif v.vesting_months:
        parts.append(f"{fmt_number(v.vesting_months)} months {v.shape or 'vesting'}")
    elif v.shape == "cliff":
        parts.append("all released when the cliff ends")  # not "12-month cliff, cliff"
    elif v.shape:
        parts.append(v.shape)
    if v.frequency:
        parts.append(v.frequency)
    if v.start:
        parts.append(f"from {v.start}")
    return ", ".join(parts) or NOT_FOUND


def allocation_rows(result: Result) -> list[dict]:
    """Allocation rows in paper order with share, amount, price, vesting text and colour.

    ``verified`` is False for a row whose quote does not hold its figure: reports
    show it apart, and no total counts it.
    """
    figs = figures_of(result)
    rows = []
    for r, f in zip(result.tokenomics.allocation, figs.rows):
        rows.append({
            "label": r.label,
            "category": charts.CATEGORY_LABELS[r.category],
            "insider": r.category in INSIDER_CATEGORIES,
            "color": charts.CATEGORY_COLORS[r.category],
            "percent": charts.fmt_pct(f.share_pct) if f.share_pct is not None else NOT_FOUND,
            "derived_pct": f.from_amount,
            "verified": f.verified,
            "amount": fmt_number(r.amount),
            "price": fmt_value(r.price) if r.price else "",
            "vesting": _vesting_text(r),
            "vesting_evidence": r.vesting.evidence if r.vesting else None,
            "evidence": r.evidence,
        })
    return rows


def schedule_table(result: Result) -> dict:
    """The unlock schedule sampled at key months, for tables (Markdown, HTML fallback)."""
    sched = figures_of(result).unlock
    if sched.empty:
        return {"schedule": sched, "months": [], "rows": [], "total": [], "covered": "0%"}
    months = sorted({0, 6, 12, 18, 24, 36, 48, sched.months} & set(range(sched.months + 1)))
    by_cat = sched.by_category()
    rows = [{"category": charts.CATEGORY_LABELS[c],
             "values": [charts.fmt_pct(by_cat[c][m], 1) for m in months]}
            for c in charts.STACK_ORDER[::-1] if c in by_cat]
    total = [charts.fmt_pct(sched.at(m), 1) for m in months]
    covered = sum(r.percent for r in sched.rows) - sum(
        n.percent or 0 for n in sched.not_stated if n.reason.startswith("only the TGE"))
    return {"schedule": sched, "months": months, "rows": rows, "total": total,
            "covered": charts.fmt_pct(covered, 1)}


def verified_name(result: Result) -> str | None:
    """The project's name (else the token's) when grounding verified its quote; None otherwise."""
    ident = result.tokenomics.identity
    for fact in (ident.project_name, ident.token_name):
        if fact.value and fact.evidence is not None and fact.evidence.status == "verified":
            return str(fact.value)
    return None


def title_of(result: Result) -> str:
    """The report's title: the verified project name, otherwise the file name."""
    return verified_name(result) or result.file.name


#: the graded facts (``grade.coverage_detail``) that a pillar's score rests on
PILLAR_FACTS = {
    "supply": ("supply", "emission_schedule"),
    "distribution": ("allocation",),
    "vesting": ("team_vesting",),
    "sale": ("sale_caps",),
    "utility": ("utility",),
    "stablecoin": ("stablecoin_mechanism", "stablecoin_backing", "redemption"),
}


def pillar_views(result: Result) -> list[dict]:
    """Pillar sub-scores to show, {pillar, score, max, assessed}: not assessed when the paper
    is not graded (N/A) or none of the pillar's graded facts was found and verified."""
    g = result.grade
    out = []
    for p in sorted(g.pillars, key=lambda p: PILLAR_ORDER.index(p.pillar)):
        keys = [k for k in PILLAR_FACTS.get(p.pillar, ()) if k in g.coverage_detail]
        assessed = g.assessable and (not keys or any(g.coverage_detail[k] for k in keys))
        out.append({"pillar": p.pillar, "score": p.score, "max": p.max, "assessed": assessed})
    return out


def context(result: Result) -> dict:
    """Everything the templates need, computed once from the Result."""
    t = result.tokenomics
    figs = figures_of(result)
    slices = charts.donut_slices(figs.rows)
    sched = schedule_table(result)
    donut = charts.donut_svg(figs.rows, figs.insider_pct)
    unlock = charts.unlock_svg(sched["schedule"])
    unlock_compact = charts.unlock_svg(sched["schedule"], compact=True)
    ordered = [f for g in findings_by_pillar(result.findings) for f in g["findings"]]
    finding_ids = {id(f): f"finding-{i}" for i, f in enumerate(ordered, start=1)}
    anchors: dict[str, str] = {}
    pages_by_code: dict[str, list[int]] = {}
    undisclosed = {f.code for f in ordered if f.kind == "undisclosed"}
    for f in ordered:
        anchors.setdefault(f.code, finding_ids[id(f)])
        pages = pages_by_code.setdefault(f.code, [])
        pages.extend(e.page for e in f.evidence if e.page not in pages)
    stated_sum = figs.allocation_sum_pct or 0.0
    named = verified_name(result)
    if named:
        name_note = None
    elif t.identity.project_name.value or t.identity.token_name.value:
        name_note = "Project name not verified in the text (quote not found, or the name not in it)"
    else:
        name_note = "Project name not found in the text"
    red_lines = [f for f in result.findings if f.severity == "red_line"]
    return {
        "r": result,
        "t": t,
        "project": named or result.file.name,
        "name_note": name_note,
        "symbol": t.identity.symbol.value,
        "grade": result.grade,
        "grade_class": grade_class(result.grade.letter),
        "pillar_scores": pillar_views(result),
        "red_lines": red_lines,
        "counts": severity_counts(result.findings),
        "n_risks": sum(f.kind == "risk" for f in result.findings),
        "n_gaps": sum(f.kind == "undisclosed" for f in result.findings),
        "key_figures": key_figures(result),
        "allocation": allocation_rows(result),
        "slices": slices,
        "figures": figs,
        "mention_pages": mention_pages(result),
        "figure_pages": figures_near_tokenomics(result),
        "allocation_sum": charts.fmt_pct(stated_sum) if slices else None,
        "allocation_off": bool(slices) and abs(stated_sum - 100) > 0.5,
        "unverified_rows": sum(not f.verified for f in figs.rows),
        "donut_svg": Markup(donut),
        "unlock_svg": Markup(unlock),
        "unlock_svg_compact": Markup(unlock_compact),
        "finding_ids": finding_ids,
        "anchors": anchors,
        "pages_by_code": pages_by_code,
        "undisclosed": undisclosed,
        "sched": sched,
        "groups": findings_by_pillar(result.findings),
        "top_findings": sorted_findings(result.findings),
        "facts": fact_sections(t),
        "deducted": sum(d.points for d in result.grade.deductions),
        "SEV": SEVERITY_LABELS,
        "STATUS": STATUS_LABELS,
        "BASIS": BASIS_LABELS,
        "CATEGORY_LABELS": charts.CATEGORY_LABELS,
        "CATEGORY_COLORS": charts.CATEGORY_COLORS,
        "NOT_FOUND": NOT_FOUND,
        "NOT_STATED": NOT_FOUND,
    }



def grade_class(letter: str) -> str:
    """The CSS class of a grade letter: ``grade-a`` ... ``grade-f``, ``grade-na`` otherwise."""
    letter = (letter or "").strip().upper()[:1]
    return f"grade-{letter.lower()}" if letter in "ABCDEF" and letter else "grade-na"
