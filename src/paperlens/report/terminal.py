"""The terminal summary of a result (rich), at most 100 columns wide."""

from __future__ import annotations

from rich import box
from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from paperlens.report import charts
from paperlens.report.format import SEVERITY_LABELS, fmt_number
from paperlens.report.view import (
    allocation_rows,
    figures_of,
    grade_class,
    key_figures,
    pillar_views,
    severity_counts,
    sorted_findings,
    title_of,
)
from paperlens.safetext import printable, redact
from paperlens.schema import Agreement, Result
from paperlens.wording import counted

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
    head.append(f" {g.letter} ", style=_GRADE_STYLES[grade_class(g.letter)[6:]])
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
