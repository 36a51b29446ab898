"""Inline SVG charts for the report: allocation donut and unlock schedule.

Pure functions from data to an SVG string. Every label that comes from the
paper is escaped with :func:`html.escape`; numbers are formatted here. No
scripts, no external references: the SVG is safe to inline in the HTML report.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape

from paperlens.schema import INSIDER_CATEGORIES, RowFigure, Unlock

CATEGORY_LABELS = {
    "team": "Team",
    "advisors": "Advisors",
    "private_investors": "Private investors",
    "public_sale": "Public sale",
    "reserve": "Reserve / treasury",
    "community": "Community",
    "other": "Other",
}
# insiders warm, everyone else cool: the split is visible at a glance
CATEGORY_COLORS = {
    "team": "#c2344d",
    "advisors": "#e0702e",
    "private_investors": "#e8a92b",
    "public_sale": "#2f7fb0",
    "reserve": "#56688f",
    "community": "#2f9e64",
    "other": "#9a9a9a",
}
# bottom-to-top stacking order of the unlock chart: insiders on top, the overhang
STACK_ORDER = ("public_sale", "community", "reserve", "other", "private_investors", "advisors", "team")


@dataclass
class Slice:
    """One allocation row as drawn in the donut."""

    label: str
    category: str
    percent: float
    color: str
    insider: bool


NOT_FOUND = "not found in the text"  # what the text does not show; never "not stated": charts, scans may


def fmt_pct(value: float | None, digits: int = 2) -> str:
    """``14.2`` -> ``"14.2%"``; at most ``digits`` decimals, trailing zeros trimmed."""
    if value is None:
        return NOT_FOUND
    if not math.isfinite(value):
        return str(value)
    text = f"{value:.{digits}f}".rstrip("0").rstrip(".") if digits else f"{value:.0f}"
    text = "0" if text == "-0" else text
    return f"{text}%"


def donut_slices(rows: list[RowFigure]) -> list[Slice]:
    """Verified rows with a positive share, insiders first (each group in paper order).

    Unverified rows are left out: the donut draws the same shares the totals count.
    """
    slices = [Slice(r.label, r.category, r.share_pct, CATEGORY_COLORS[r.category], r.category in INSIDER_CATEGORIES)
              for r in rows if r.verified and r.share_pct is not None and r.share_pct > 0]
    return sorted(slices, key=lambda s: not s.insider)


def _point(cx: float, cy: float, r: float, angle: float) -> str:
    return f"{cx + r * math.sin(angle):.2f} {cy - r * math.cos(angle):.2f}"


def _arc_path(cx: float, cy: float, r_out: float, r_in: float, a0: float, a1: float) -> str:
    """Ring segment from angle a0 to a1 (radians, clockwise from 12 o'clock)."""
    if a1 - a0 >= 2 * math.pi - 1e-6:  # a full ring: two half arcs per circle
        mid = a0 + math.pi
        return (
            f"M {_point(cx, cy, r_out, a0)} A {r_out} {r_out} 0 0 1 {_point(cx, cy, r_out, mid)} "
            f"A {r_out} {r_out} 0 0 1 {_point(cx, cy, r_out, a0)} Z "
            f"M {_point(cx, cy, r_in, a0)} A {r_in} {r_in} 0 0 0 {_point(cx, cy, r_in, mid)} "
            f"A {r_in} {r_in} 0 0 0 {_point(cx, cy, r_in, a0)} Z"
        )
    large = 1 if a1 - a0 > math.pi else 0
    return (
        f"M {_point(cx, cy, r_out, a0)} A {r_out} {r_out} 0 {large} 1 {_point(cx, cy, r_out, a1)} "
        f"L {_point(cx, cy, r_in, a1)} A {r_in} {r_in} 0 {large} 0 {_point(cx, cy, r_in, a0)} Z"
    )


def donut_svg(rows: list[RowFigure], insider_pct: float | None = None) -> str:
    """Allocation donut: one ``path.slice`` per verified row with a share, insiders
    pulled out and ringed, percentages on slices of 4 % or more, the insider
    share (the figures' ``insider_pct``) in the hole.

    Returns "" when no verified row has a share (the report then says "not found").
    """
    slices = donut_slices(rows)
    if not slices:
        return ""
    size, cx, cy, r_out, r_in = 300, 150.0, 150.0, 118.0, 70.0
    stated = sum(s.percent for s in slices)
    scale = max(stated, 100.0)
    parts = [
        f'<svg class="chart donut" viewBox="0 0 {size} {size}" width="{size}" height="{size}" '
        f'role="img" aria-labelledby="donut-title" xmlns="http://www.w3.org/2000/svg">',
        '<title id="donut-title">Token allocation by row</title>',
    ]
    angle = 0.0
    insider_start = insider_end = None
    labels = []
    for s in slices:
        a0, a1 = angle, angle + s.percent / scale * 2 * math.pi
        angle = a1
        mid = (a0 + a1) / 2
        shift = ""
        if s.insider:
            insider_start = a0 if insider_start is None else insider_start
            insider_end = a1
            shift = f' transform="translate({5 * math.sin(mid):.2f} {-5 * math.cos(mid):.2f})"'
        cls = "slice insider" if s.insider else "slice"
        parts.append(
            f'<path class="{cls}" d="{_arc_path(cx, cy, r_out, r_in, a0, a1)}" fill="{s.color}" '
            f'stroke="#fff" stroke-width="1.5"{shift}><title>{escape(s.label)}: '
            f"{escape(fmt_pct(s.percent))} ({escape(CATEGORY_LABELS[s.category])})</title></path>"
        )
        if s.percent / scale >= 0.04:
            r_mid = (r_out + r_in) / 2 + (5 if s.insider else 0)
            x, y = _point(cx, cy, r_mid, mid).split()
            labels.append(
                f'<text class="slice-label" x="{x}" y="{y}" text-anchor="middle" '
                f'dominant-baseline="central">{escape(fmt_pct(s.percent))}</text>'
            )
    if stated < 100 - 0.05:
        parts.append(
            f'<path class="gap" d="{_arc_path(cx, cy, r_out, r_in, angle, 2 * math.pi)}" '
            f'fill="#eeeeee" stroke="#bbb" stroke-dasharray="3 3"><title>not allocated in the paper: '
            f"{escape(fmt_pct(100 - stated))}</title></path>"
        )
    if insider_pct is None:
        insider_pct = sum(s.percent for s in slices if s.insider)
    if insider_start is not None:
        r_ring = r_out + 12
        a0, a1 = insider_start, insider_end
        if a1 - a0 >= 2 * math.pi - 1e-6:
            a1 = a0 + 2 * math.pi - 1e-3
        large = 1 if a1 - a0 > math.pi else 0
        parts.append(
            f'<path class="insider-ring" d="M {_point(cx, cy, r_ring, a0)} A {r_ring} {r_ring} 0 '
            f'{large} 1 {_point(cx, cy, r_ring, a1)}" fill="none" stroke="#7a1f2e" '
            f'stroke-width="4" stroke-linecap="round"><title>Insiders: {escape(fmt_pct(insider_pct))}'
            "</title></path>"
        )
    parts.extend(labels)
    parts.append(
        f'<text class="hole-label" x="{cx}" y="{cy - 12}" text-anchor="middle">Insiders</text>'
        f'<text class="hole-value" x="{cx}" y="{cy + 16}" text-anchor="middle">'
        f"{escape(fmt_pct(insider_pct))}</text>"
    )
    parts.append("</svg>")
    return "\n".join(parts)


def _tick_step(months: int) -> int:
    if months <= 24:
        return 3
    if months <= 48:
        return 6
    if months <= 84:
        return 12
    return 24


def unlock_svg(schedule: Unlock, compact: bool = False) -> str:
    """Stacked area chart of circulating supply (% of total) per month from TGE,
    one ``polygon.area`` per category; ``compact`` is a narrower drawing for
    phones (same data, larger type). Returns "" when no row states its terms."""
    if schedule.empty:
        return ""
    width, height = (360, 280) if compact else (640, 320)
    left, right, top, bottom = 44.0, width - 14.0, 16.0, height - 50.0
    months = schedule.months
    series = schedule.by_category()
    total = schedule.total()
    y_max = max(100.0, math.ceil(max(total) / 25) * 25)

    def x(m: float) -> float:
        return left + (right - left) * m / months

    def y(v: float) -> float:
        return bottom - (bottom - top) * v / y_max

    parts = [
        f'<svg class="chart unlock {"compact" if compact else "wide"}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="unlock-title{"-c" if compact else ""}" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="unlock-title{"-c" if compact else ""}">Circulating supply by month after TGE</title>',
    ]
    for v in range(0, int(y_max) + 1, 25):
        parts.append(
            f'<line class="grid" x1="{left}" x2="{right}" y1="{y(v):.1f}" y2="{y(v):.1f}" '
            f'stroke="#e3e3e3"/><text class="tick" x="{left - 6}" y="{y(v):.1f}" '
            f'text-anchor="end" dominant-baseline="central">{v}%</text>'
        )
    step = _tick_step(int(months * 1.5) if compact else months)
    for m in range(0, months + 1, step):
        parts.append(
            f'<text class="tick" x="{x(m):.1f}" y="{bottom + 18}" text-anchor="middle">'
            f'{"TGE" if m == 0 else m}</text>'
        )
    parts.append(
        f'<text class="axis-label" x="{(left + right) / 2}" y="{height - 8}" text-anchor="middle">'
        "months after TGE</text>"
    )
    base = [0.0] * (months + 1)
    for cat in STACK_ORDER:
        if cat not in series:
            continue
        upper = [b + v for b, v in zip(base, series[cat])]
        pts = [f"{x(m):.1f},{y(upper[m]):.1f}" for m in range(months + 1)]
        pts += [f"{x(m):.1f},{y(base[m]):.1f}" for m in range(months, -1, -1)]
        parts.append(
            f'<polygon class="area" data-category="{cat}" points="{" ".join(pts)}" '
            f'fill="{CATEGORY_COLORS[cat]}" fill-opacity="0.85" stroke="{CATEGORY_COLORS[cat]}">'
            f"<title>{escape(CATEGORY_LABELS[cat])}: {escape(fmt_pct(series[cat][-1]))} of supply "
            f"by month {months}</title></polygon>"
        )
        base = upper
    line = " ".join(f"{x(m):.1f},{y(v):.1f}" for m, v in enumerate(total))
    parts.append(f'<polyline class="total" points="{line}" fill="none" stroke="#222" stroke-width="1.5"/>')
    if months >= 12:
        # the label sits right of the marker, or left of it when the marker is the last month
        at_end = months == 12
        label_x, anchor = (x(12) - 4, "end") if at_end else (x(12) + 4, "start")
        parts.append(
            f'<line class="marker" x1="{x(12):.1f}" x2="{x(12):.1f}" y1="{top}" y2="{bottom}" '
            f'stroke="#222" stroke-dasharray="4 3"/><text class="marker-label" x="{label_x:.1f}" '
            f'y="{top + 12}" text-anchor="{anchor}">{"12 m" if compact else "12 months"}: '
            f"{escape(fmt_pct(total[12], 1))}</text>"
        )
    parts.append(
        f'<line class="axis" x1="{left}" x2="{right}" y1="{bottom}" y2="{bottom}" stroke="#555"/>'
        "</svg>"
    )
    return "\n".join(parts)
