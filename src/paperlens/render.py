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
import sys
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup
from pydantic import BaseModel
from rich import box
from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from . import charts
from .schedule import unlock_schedule
from .schema import INSIDER_CATEGORIES, Evidence, Fact, Finding, Money, Result, Tokenomics

NOT_STATED = "not stated"
SEVERITY_ORDER = ("red_line", "high", "warn", "info")
SEVERITY_LABELS = {"red_line": "red line", "high": "high", "warn": "warn", "info": "info"}
PILLAR_ORDER = ("integrity", "supply", "distribution", "vesting", "utility", "sale", "stablecoin",
                "disclosure")
STATUS_LABELS = {
    "verified": "verified",
    "value_not_in_quote": "quote found, value not in it",
    "quote_not_found": "quote NOT found in the PDF",
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
        return NOT_STATED
    if isinstance(value, bool):
        return "yes" if value else "no"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.4f}".rstrip("0").rstrip(".")


def fmt_value(value: Any) -> str:
    """Human text for any extracted value; ``None`` -> "not stated"."""
    if value is None:
        return NOT_STATED
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)):
        return fmt_number(value)
    if isinstance(value, Money):
        return f"{fmt_number(value.amount)} {value.currency or ''}".strip()
    if isinstance(value, list):
        return ", ".join(fmt_value(v) for v in value) if value else NOT_STATED
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
    """A named figure (finding figures, derived): ``*_pct`` numbers as percentages."""
    if _is_pct(str(name)) and isinstance(value, (int, float)) and not isinstance(value, bool):
        return charts.fmt_pct(value)
    return fmt_value(value)


def _label(name: str) -> str:
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
    return {"field": _label(name), "value": text, "stated": fact.stated, "evidence": fact.evidence}


def _list_rows(name: str, items: list, describe) -> list[dict]:
    if not items:
        return [{"field": _label(name), "value": NOT_STATED, "stated": False, "evidence": None}]
    return [
        {"field": _label(name), "value": describe(item), "stated": True,
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
            rest.append(f"{_label(key).lower()} {charts.fmt_pct(val)}")
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


def _insider_pct(result: Result) -> float | None:
    if result.derived.get("insider_pct") is not None:
        return result.derived["insider_pct"]
    t = result.tokenomics
    supply = t.supply.total_supply.value or t.supply.max_supply.value
    shares = [(r.category, charts.row_share(r, supply)) for r in t.allocation]
    known = [(c, s) for c, s in shares if s is not None]
    if not known:
        return None
    return sum(s for c, s in known if c in INSIDER_CATEGORIES)


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
        ("Insiders", charts.fmt_pct(_insider_pct(result)), None),
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
    return [{"label": label, "value": value, "stated": value != NOT_STATED, "evidence": ev}
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
        return NOT_STATED
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
    return ", ".join(parts) or NOT_STATED


def allocation_rows(result: Result) -> list[dict]:
    """Allocation rows in paper order with share, amount, price, vesting text and colour."""
    t = result.tokenomics
    supply = t.supply.total_supply.value or t.supply.max_supply.value
    rows = []
    for r in t.allocation:
        share = charts.row_share(r, supply)
        rows.append({
            "label": r.label,
            "category": charts.CATEGORY_LABELS[r.category],
            "insider": r.category in INSIDER_CATEGORIES,
            "color": charts.CATEGORY_COLORS[r.category],
            "percent": charts.fmt_pct(share) if share is not None else NOT_STATED,
            "derived_pct": r.percent is None and share is not None,
            "amount": fmt_number(r.amount),
            "price": fmt_value(r.price) if r.price else "",
            "vesting": _vesting_text(r),
            "vesting_evidence": r.vesting.evidence if r.vesting else None,
            "evidence": r.evidence,
        })
    return rows


def schedule_table(result: Result) -> dict:
    """The unlock schedule sampled at key months, for tables (Markdown, HTML fallback)."""
    sched = unlock_schedule(result.tokenomics)
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


def context(result: Result) -> dict:
    """Everything the templates need, computed once from the Result."""
    t = result.tokenomics
    supply = t.supply.total_supply.value or t.supply.max_supply.value
    slices = charts.donut_slices(t.allocation, supply)
    sched = schedule_table(result)
    donut = charts.donut_svg(t.allocation, supply)
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
    stated_sum = sum(s.percent for s in slices)
    project = t.identity.project_name.value or t.identity.token_name.value or result.file.name
    red_lines = [f for f in result.findings if f.severity == "red_line"]
    return {
        "r": result,
        "t": t,
        "project": project,
        "symbol": t.identity.symbol.value,
        "grade": result.grade,
        "grade_class": _grade_class(result.grade.letter),
        "pillar_scores": sorted(result.grade.pillars, key=lambda p: PILLAR_ORDER.index(p.pillar)),
        "red_lines": red_lines,
        "counts": severity_counts(result.findings),
        "n_risks": sum(f.kind == "risk" for f in result.findings),
        "n_gaps": sum(f.kind == "undisclosed" for f in result.findings),
        "key_figures": key_figures(result),
        "allocation": allocation_rows(result),
        "slices": slices,
        "allocation_sum": charts.fmt_pct(stated_sum) if slices else None,
        "allocation_off": bool(slices) and abs(stated_sum - 100) > 0.5,
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
        "NOT_STATED": NOT_STATED,
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


@lru_cache(maxsize=1)
def _md_env() -> Environment:
    env = Environment(loader=PackageLoader("paperlens", "templates"), autoescape=False,
                      undefined=StrictUndefined, finalize=md_escape, trim_blocks=True,
                      lstrip_blocks=True, keep_trailing_newline=True)
    _add_filters(env)
    env.filters["raw"] = _Raw
    env.filters["md"] = md_escape
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
        cost=lambda c: NOT_STATED if c is None else f"${c:,.4f}",
        id=id,
        clip=clip,
        figure=lambda value, name: fmt_figure(name, value),
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


def atomic_write_text(path: str | os.PathLike, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` atomically: temp file in the same
    directory, fsync, ``os.replace``. ``"-"`` writes to stdout instead."""
    if str(path) == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


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


def print_summary(result: Result, console: Console | None = None, max_findings: int = 12) -> None:
    """Print a terminal summary at most 100 columns wide: project, grade, coverage,
    key figures, allocation rows and the top findings by severity."""
    console = console or Console()
    width = min(console.width, SUMMARY_WIDTH)
    t, g = result.tokenomics, result.grade
    project = t.identity.project_name.value or t.identity.token_name.value or result.file.name
    symbol = t.identity.symbol.value

    head = Text()
    head.append(project, style="bold")
    head.append(f" ({symbol})" if symbol else " (symbol not stated)", style="bold" if symbol else "dim")
    head.append("  ")
    head.append(f" {g.letter} ", style=_GRADE_STYLES[_grade_class(g.letter)[6:]])
    score = "score not assessable" if g.score is None else f"{fmt_number(round(g.score, 1))}/100"
    head.append(f"  {score} · coverage {g.coverage:.0%}")
    lines = [head]
    if g.cap:
        lines.append(Text(f"capped: {g.cap}", style="bold red"))
    if t.summary.value:
        lines.append(Text(t.summary.value, style="italic"))
    if g.pillars:
        pillars = sorted(g.pillars, key=lambda p: PILLAR_ORDER.index(p.pillar))
        lines.append(Text("pillars: " + " · ".join(f"{p.pillar} {fmt_number(round(p.score))}"
                                                   for p in pillars), style="dim"))
    counts = severity_counts(result.findings)
    gaps = sum(f.kind == "undisclosed" for f in result.findings)
    lines.append(Text("findings: " + ", ".join(f"{n} {SEVERITY_LABELS[s]}" for s, n in counts.items())
                      + f" ({len(result.findings) - gaps} design risks, {gaps} disclosure gaps)"))
    console.print(Panel(Group(*lines), title="paperlens", subtitle=Text(result.file.name),
                        box=box.ROUNDED), width=width)

    figures = Table(box=box.SIMPLE_HEAD, show_header=False, pad_edge=False)
    figures.add_column("figure", style="bold", no_wrap=True)
    figures.add_column("value", overflow="fold")
    for kf in key_figures(result):
        figures.add_row(kf["label"], Text(kf["value"], style="" if kf["stated"] else "dim italic"))
    console.print(figures, width=width)

    alloc = Table(title="Allocation", box=box.SIMPLE_HEAD, title_justify="left", pad_edge=False)
    alloc.add_column("row", overflow="fold", ratio=3)
    alloc.add_column("category", overflow="fold", ratio=2)
    alloc.add_column("share", justify="right", no_wrap=True)
    alloc.add_column("vesting", overflow="fold", ratio=4)
    rows = allocation_rows(result)
    for row in rows:
        alloc.add_row(Text(row["label"]), Text(row["category"] + (" *" if row["insider"] else "")),
                      Text(row["percent"]), Text(row["vesting"]))
    if rows:
        console.print(alloc, width=width)
        console.print(Text("* insider (team, advisors, private investors)", style="dim"), width=width)
    else:
        console.print(Text("Allocation: not stated in the paper", style="dim italic"), width=width)

    findings = sorted_findings(result.findings)
    table = Table(title="Top findings", box=box.SIMPLE_HEAD, title_justify="left", pad_edge=False)
    table.add_column("severity", no_wrap=True)
    table.add_column("code", overflow="fold", max_width=22)
    table.add_column("message", overflow="fold", ratio=1)
    table.add_column("page", justify="right", no_wrap=True)
    for f in findings[:max_findings]:
        pages = ",".join(str(p) for p in sorted({e.page for e in f.evidence})) or "-"
        table.add_row(Text(SEVERITY_LABELS[f.severity], style=_SEV_STYLES[f.severity]),
                      Text(f.code), Text(f.message), Text(pages))
    if findings:
        console.print(table, width=width)
        if len(findings) > max_findings:
            console.print(Text(f"... and {len(findings) - max_findings} more in the full report",
                               style="dim"), width=width)
    else:
        console.print(Text("No findings.", style="dim"), width=width)
    for w in result.warnings:
        console.print(Text(f"warning: {w}", style="yellow"), width=width)


__all__ = [
    "render_html", "render_markdown", "render_json", "write_html", "write_markdown", "write_json",
    "print_summary", "atomic_write_text", "md_escape",
]
