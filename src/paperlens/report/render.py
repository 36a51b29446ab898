"""Render a :class:`Result` as HTML, Markdown, JSON or a terminal summary.

HTML is one self-contained file (inline CSS and SVG, no script, nothing from
the network); every string that came from the PDF or the LLM goes through
Jinja's autoescape or :func:`html.escape`. Markdown carries the same content
with charts as tables and every interpolated value escaped for table cells.
Writes are atomic; a path of ``"-"`` writes to stdout.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup
from pydantic import BaseModel
from rich import box
from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from paperlens.report import charts
from paperlens.report.charts import NOT_FOUND
from paperlens.assess.figures import compute
from paperlens.assess.ground import trusted
from paperlens.files import atomic_write_text
from paperlens.safetext import printable, redact
from paperlens.wording import counted
from paperlens.schema import INSIDER_CATEGORIES, Agreement, Evidence, Fact, Figures, Finding, Money, Result, Tokenomics
SEVERITY_ORDER = ("red_line", "high", "warn", "info")
SEVERITY_LABELS = {"red_line": "red line", "high": "high", "warn": "warn", "info": "info"}
PILLAR_ORDER = ("integrity", "supply", "distribution", "vesting", "utility", "sale", "stablecoin",
                "disclosure")
STATUS_LABELS = {
    "verified": "verified",
    "value_not_in_quote": "quote found, value not in it",
    "quote_not_found": "quote NOT found in the PDF",
    "quarantined": "quotes a passage addressed to an AI: not used",
    "unchecked": "not checked",
}
BASIS_LABELS = {
    "W": "widely used",
    "S": "one source's number",
    "R": "law or regulator",
    "D": "paperlens cut-off",
}
FIELD_LABELS = {
    "tge_unlock_pct": "TGE unlock",
    "initial_circulating_pct": "Initial circulating (% of total)",
    "annual_inflation_pct": "Annual inflation",
    "tax_pct": "Buy/sell tax",
    "kyc": "KYC",
    "min_collateral_ratio_pct": "Minimum collateral ratio",
    "liquidation_ratio_pct": "Liquidation ratio",
    "reserve_coverage_pct": "Reserve coverage",
    "redemption_at_par": "Redemption at par",
    "issuer_licence": "Issuer licence",
}

ENUM_FIELDS = ("launch_style", "type", "mechanism", "kind", "shape")
ENUM_LABELS = {"ico": "ICO", "ieo": "IEO", "ido": "IDO"}
MAX_QUOTE = 600  # characters of an evidence quote shown in reports; the JSON keeps it whole


# ------------------------------------------------------------ formatting


def fmt_number(value: float | int | None) -> str:
    """Thousands separators, up to 4 decimals, trailing zeros trimmed."""
    if value is None:
        return NOT_FOUND
    if isinstance(value, bool):
        return "yes" if value else "no"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.4f}".rstrip("0").rstrip(".")


def fmt_value(value: Any) -> str:
    """Human text for any extracted value; ``None`` -> "not found in the text"."""
    if value is None:
        return NOT_FOUND
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)):
        return fmt_number(value)
    if isinstance(value, Money):
        return f"{fmt_number(value.amount)} {value.currency or ''}".strip()
    if isinstance(value, list):
        return ", ".join(fmt_value(v) for v in value) if value else NOT_FOUND
    return str(value)


def _enum(name: str, value: Any) -> Any:
    """Display form of a schema enum value ("fair_launch" -> "fair launch", "ido" -> "IDO")."""
    if name in ENUM_FIELDS and isinstance(value, str):
        return ENUM_LABELS.get(value, value.replace("_", " "))
    return value


def clip(text: str, limit: int = MAX_QUOTE) -> str:
    """``text`` cut to ``limit`` characters at a word boundary, with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0] if " " in text[limit // 2:limit] else text[:limit]
    return cut.rstrip() + " …"


def fmt_figure(name: str, value: Any) -> str:
    """A named figure (a finding's figures, the result's figures): ``*_pct`` numbers as percentages."""
    if _is_pct(str(name)) and isinstance(value, (int, float)) and not isinstance(value, bool):
        return charts.fmt_pct(value)
    return fmt_value(value)


def field_label(name: str) -> str:
    if name in FIELD_LABELS:
        return FIELD_LABELS[name]
    words = name.replace("_pct", "").replace("_", " ")
    return words[:1].upper() + words[1:]


def _is_pct(name: str) -> bool:
    return name.endswith("_pct")


# ------------------------------------------------------------ view model


def _fact_row(name: str, fact: Fact) -> dict:
    value = _enum(name, fact.value)
    text = charts.fmt_pct(value) if _is_pct(name) and isinstance(value, (int, float)) else fmt_value(value)
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
    head = fmt_value(_enum(head_key, data.pop(head_key)))
    rest = []
    for key, val in data.items():
        if val is None:
            continue
        if isinstance(val, bool):
            rest.append(key.replace("_", " ") if val else f"not {key.replace('_', ' ')}")
        elif _is_pct(key):
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
        ("Emission", fmt_value(_enum("type", e.type.value)), e.type.evidence),
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
            ("Mechanism", fmt_value(_enum("mechanism", coin.mechanism.value)), coin.mechanism.evidence),
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
    if v.tge_unlock_pct is not None:
        parts.append(f"{charts.fmt_pct(v.tge_unlock_pct)} at TGE")
    if v.cliff_months is not None:
        parts.append("no cliff" if v.cliff_months == 0 else f"{fmt_number(v.cliff_months)}-month cliff")
    if v.vesting_months is not None:
        parts.append(f"{fmt_number(v.vesting_months)} months {v.shape or 'vesting'}")
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
        "grade_class": _grade_class(result.grade.letter),
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


def _grade_class(letter: str) -> str:
    letter = (letter or "").strip().upper()[:1]
    return f"grade-{letter.lower()}" if letter in "ABCDEF" and letter else "grade-na"


# ------------------------------------------------------------ environments


@lru_cache(maxsize=1)
def _html_env() -> Environment:
    env = Environment(loader=PackageLoader("paperlens", "templates"), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    _add_filters(env)
    env.filters["cite"] = cite_html
    return env


class _Raw(str):
    """A Markdown fragment that the Markdown environment must not escape."""


_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")


def md_escape(text: Any) -> str:
    """Escape a value for Markdown prose and table cells: raw HTML, pipes, brackets,
    emphasis and newlines. Only a ``<`` that could open a tag, comment or autolink
    (followed by a letter, ``/``, ``!`` or ``?``, per CommonMark) becomes ``&lt;``;
    "R&D", "warn < 20 %" and "> 25 %" stay readable in Notion as in GitHub, and a
    cell never starts a line (no blockquote)."""
    if isinstance(text, _Raw):
        return str(text)
    if text is None:
        return ""
    s = _TAG_START.sub("&lt;", str(text).replace("\\", "\\\\"))
    for a, b in (("|", "\\|"), ("[", "\\["), ("]", "\\]"), ("`", "\\`"), ("*", "\\*")):
        s = s.replace(a, b)
    return " ".join(s.split())


# A web document's URL (http or https only), with the " — " that joins it to its
# citation; a URL never ends on punctuation. A DOI stays in the citation text.
_SOURCE_URL = re.compile(r"\bhttps?://[^\s<>\"'`|]*[^\s<>\"'`|.,;:)](?:\s+[—–]\s+)?", re.I)
_SOURCE_DOI = re.compile(r"\bdoi:\s?(10\.\d{4,9}/[^\s<>\"'`|;,]*[^\s<>\"'`|;,.)])", re.I)
_LINK_ATTRS = 'class="src" rel="noopener noreferrer external" referrerpolicy="no-referrer"'


def source_parts(source: Any) -> tuple[str, list[tuple[str, str]]]:
    """A rule's source as ``(citation, links)`` for the reports: the text with its
    URLs taken out, and ``(url, host)`` for each http(s) URL, in order. Any other
    scheme (``javascript:``, ``data:``) is left in the text and never linked."""
    from urllib.parse import urlsplit

    links: list[tuple[str, str]] = []

    def take(m: re.Match) -> str:
        url = m.group(0).rstrip().rstrip("—–").rstrip()
        host = (urlsplit(url).hostname or "").removeprefix("www.")
        if not host:
            return m.group(0)
        if url not in (u for u, _ in links):
            links.append((url, host))
        return " "

    text = _SOURCE_URL.sub(take, str(source or ""))
    text = re.sub(r"\(\s*\)", "", text)
    text = re.sub(r"\s+([;,)])", r"\1", " ".join(text.split()))
    return text.strip(" ;,·—–-:"), links


def cite_html(source: Any) -> Markup:
    """A rule's source for the HTML report: the citation escaped, a DOI linked to
    doi.org, and each URL as a link named by its host after the citation."""
    from urllib.parse import quote

    text, links = source_parts(source)
    out, pos = Markup(""), 0
    for m in _SOURCE_DOI.finditer(text):
        doi = m.group(1)
        out += Markup.escape(text[pos:m.start()])
        out += Markup(f'<a href="{{}}" {_LINK_ATTRS}>doi:{{}}</a>').format(
            "https://doi.org/" + quote(doi, safe="/:;()._-"), doi)
        pos = m.end()
    out += Markup.escape(text[pos:])
    for url, host in links:
        if out:
            out += Markup(" · ")
        out += Markup(f'<a href="{{}}" title="{{}}" {_LINK_ATTRS}>{{}}</a>').format(url, url, host)
    return out


def cite_md(source: Any) -> _Raw:
    """A rule's source for the Markdown report: the citation escaped, a DOI and each
    URL (named by its host) as Markdown links."""
    from urllib.parse import quote

    def target(url: str) -> str:
        return quote(url, safe="/:;?&=#%~+!$,@._-")

    text, links = source_parts(source)
    out = _SOURCE_DOI.sub(lambda m: f"[doi:{m.group(1)}]({target('https://doi.org/' + m.group(1))})",
                          md_escape(text))
    named = [f"[{md_escape(host)}]({target(url)})" for url, host in links]
    return _Raw(" · ".join([out] + named if out else named))


@lru_cache(maxsize=1)
def _md_env() -> Environment:
    env = Environment(loader=PackageLoader("paperlens", "templates"), autoescape=False,
                      undefined=StrictUndefined, finalize=md_escape, trim_blocks=True,
                      lstrip_blocks=True, keep_trailing_newline=True)
    _add_filters(env)
    env.filters["raw"] = _Raw
    env.filters["md"] = md_escape
    env.filters["cite"] = cite_md
    return env


def _evidence_text(ev: Evidence | None) -> str:
    if ev is None:
        return ""
    return f'p. {ev.page}: "{clip(ev.quote)}" ({STATUS_LABELS.get(ev.status, ev.status)})'


def _add_filters(env: Environment) -> None:
    env.filters.update(
        num=fmt_number,
        value=fmt_value,
        pct=charts.fmt_pct,
        sev=lambda s: SEVERITY_LABELS.get(s, s),
        status=lambda s: STATUS_LABELS.get(s, s),
        pillar=lambda p: p.replace("_", " "),
        evtext=_evidence_text,
        cost=lambda c: NOT_FOUND if c is None else f"${c:,.4f}",
        id=id,
        clip=clip,
        figure=lambda value, name: fmt_figure(name, value),
        counted=counted,
    )


# ------------------------------------------------------------ public API


def render_html(result: Result) -> str:
    """The due-diligence report as one self-contained HTML page."""
    return _html_env().get_template("report.html.j2").render(**context(result))


def render_markdown(result: Result) -> str:
    """The same report as Markdown (GitHub / Notion), charts as tables."""
    return _md_env().get_template("report.md.j2").render(**context(result))


def render_json(result: Result) -> str:
    """The Result as indented JSON (round-trips through ``Result.model_validate_json``)."""
    return result.model_dump_json(indent=2)




def write_html(result: Result, path: str | os.PathLike) -> None:
    """Render and atomically write the HTML report ("-" = stdout)."""
    atomic_write_text(path, render_html(result))


def write_markdown(result: Result, path: str | os.PathLike) -> None:
    """Render and atomically write the Markdown report ("-" = stdout)."""
    atomic_write_text(path, render_markdown(result))


def write_json(result: Result, path: str | os.PathLike) -> None:
    """Atomically write the Result as JSON ("-" = stdout)."""
    atomic_write_text(path, render_json(result) + "\n")


# ------------------------------------------------------------ terminal

SUMMARY_WIDTH = 100
_SEV_STYLES = {"red_line": "bold white on red", "high": "bold red", "warn": "yellow", "info": "cyan"}
_GRADE_STYLES = {"a": "bold white on green", "b": "bold black on bright_green",
                 "c": "bold black on yellow", "d": "bold black on dark_orange",
                 "e": "bold white on red", "f": "bold white on red", "na": "bold white on grey50"}


def agreement_line(a: Agreement) -> str:
    """One line on how far the LLM's facts agree with the rules backend's."""
    head = (f"LLM and rules backend agree on {len(a.agreed)} of {counted(a.both, 'fact')} both found"
            if a.both else "LLM and rules backend found no fact in common")
    tail = f"; {counted(len(a.llm_unverified), 'LLM quote')} not verified" if a.llm_unverified else ""
    return head + tail


def print_summary(result: Result, console: Console | None = None, max_findings: int = 12) -> None:
    """Print a terminal summary at most 100 columns wide: project, grade, coverage,
    key figures, allocation rows and the top findings by severity."""
    console = console or Console()
    width = min(console.width, SUMMARY_WIDTH)
    t, g = result.tokenomics, result.grade
    project = printable(title_of(result))
    symbol = printable(t.identity.symbol.value) if t.identity.symbol.value else None

    head = Text()
    head.append(project, style="bold")
    head.append(f" ({symbol})" if symbol else " (symbol not found in the text)", style="bold" if symbol else "dim")
    head.append("  ")
    head.append(f" {g.letter} ", style=_GRADE_STYLES[_grade_class(g.letter)[6:]])
    score = "score not assessable" if g.score is None else f"{fmt_number(round(g.score, 1))}/100"
    head.append(f"  {score} · coverage {g.coverage:.0%}")
    lines = [head]
    if g.held_back:
        lines.append(Text(("held back: " if g.assessable else "not graded: ") + printable(g.held_back),
                          style="bold red" if g.cap else "bold"))
    if result.kind:
        lines.append(Text(f"paper kind: {result.kind.value.replace('_', ' ')} ({printable(result.kind.reason)})",
                          style="dim"))
    if t.summary.value:
        lines.append(Text(printable(t.summary.value), style="italic"))
    if result.agreement:
        lines.append(Text(agreement_line(result.agreement), style="dim"))
    if g.pillars:
        lines.append(Text("pillars: " + " · ".join(
            f"{p['pillar']} {fmt_number(round(p['score'])) if p['assessed'] else 'not assessed'}"
            for p in pillar_views(result)), style="dim"))
    prov = result.provenance
    lines.append(Text(printable(f"facts by: {prov.backend}" + (
        f" · model {prov.model or 'unknown'} · server {prov.server or 'unknown'}"
        if prov.backend == "llm" else " (offline)")), style="dim"))
    counts = severity_counts(result.findings)
    gaps = sum(f.kind == "undisclosed" for f in result.findings)
    lines.append(Text("findings: " + ", ".join(f"{n} {SEVERITY_LABELS[s]}" for s, n in counts.items())
                      + f" ({counted(len(result.findings) - gaps, 'design risk')}, {counted(gaps, 'disclosure gap')})"))
    console.print(Panel(Group(*lines), title="paperlens", subtitle=Text(printable(result.file.name)),
                        box=box.ROUNDED), width=width)

    figures = Table(box=box.SIMPLE_HEAD, show_header=False, pad_edge=False)
    figures.add_column("figure", style="bold", no_wrap=True)
    figures.add_column("value", overflow="fold")
    for kf in key_figures(result):
        value = printable(kf["value"]) + (" (unverified)" if kf["unverified"] else "")
        figures.add_row(printable(kf["label"]), Text(value, style="" if kf["stated"] and not kf["unverified"] else "dim italic"))
    console.print(figures, width=width)

    alloc = Table(title="Allocation", box=box.SIMPLE_HEAD, title_justify="left", pad_edge=False)
    alloc.add_column("row", overflow="fold", ratio=3)
    alloc.add_column("category", overflow="fold", ratio=2)
    alloc.add_column("share", justify="right", no_wrap=True)
    alloc.add_column("vesting", overflow="fold", ratio=4)
    rows = allocation_rows(result)
    for row in rows:
        style = "" if row["verified"] else "strike dim"
        alloc.add_row(Text(printable(row["label"]), style=style),
                      Text(printable(row["category"]) + (" *" if row["insider"] else "")),
                      Text(printable(row["percent"]) + ("" if row["verified"] else " unverified"), style=style),
                      Text(printable(row["vesting"])))
    if rows:
        figs = figures_of(result)
        alloc.add_row(Text("total (verified rows)", style="bold"), Text(""),
                      Text(charts.fmt_pct(figs.allocation_sum_pct), style="bold"), Text(""))
        console.print(alloc, width=width)
        note = "* insider (team, advisors, private investors)"
        if not all(r["verified"] for r in rows):
            note += "; struck rows: quote not found or value not in it, counted in no total"
        console.print(Text(note, style="dim"), width=width)
    else:
        console.print(Text("Allocation: not found in the text", style="dim italic"), width=width)

    findings = sorted_findings(result.findings)
    table = Table(title="Top findings", box=box.SIMPLE_HEAD, title_justify="left", pad_edge=False)
    table.add_column("severity", no_wrap=True)
    table.add_column("code", overflow="fold", max_width=22)
    table.add_column("message", overflow="fold", ratio=1)
    table.add_column("page", justify="right", no_wrap=True)
    for f in findings[:max_findings]:
        pages = ",".join(str(p) for p in sorted({e.page for e in f.evidence})) or "-"
        table.add_row(Text(SEVERITY_LABELS[f.severity], style=_SEV_STYLES[f.severity]),
                      Text(printable(f.code)), Text(printable(f.message)), Text(pages))
    if findings:
        console.print(table, width=width)
        if len(findings) > max_findings:
            console.print(Text(f"... and {len(findings) - max_findings} more in the full report",
                               style="dim"), width=width)
    else:
        console.print(Text("No findings.", style="dim"), width=width)
    for w in result.warnings:
        console.print(Text(f"warning: {printable(redact(w))}", style="yellow"), width=width)


__all__ = [
    "render_html", "render_markdown", "render_json", "write_html", "write_markdown", "write_json",
    "print_summary", "md_escape",
]
