"""Formatting for the reports: numbers, values, labels and quotes as the reports word them.

A value that is ``None`` reads "not found in the text" (:data:`~paperlens.report.charts.NOT_FOUND`).
"""

from __future__ import annotations

from typing import Any

from paperlens.report import charts
from paperlens.report.charts import NOT_FOUND
from paperlens.schema import Money

SEVERITY_LABELS = {"red_line": "red line", "high": "high", "warn": "warn", "info": "info"}
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


def enum_label(name: str, value: Any) -> Any:
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
    if is_pct(str(name)) and isinstance(value, (int, float)) and not isinstance(value, bool):
        return charts.fmt_pct(value)
    return fmt_value(value)


def field_label(name: str) -> str:
    """A field name as the reports label it ("annual_inflation_pct" -> "Annual inflation")."""
    if name in FIELD_LABELS:
        return FIELD_LABELS[name]
    words = name.replace("_pct", "").replace("_", " ")
    return words[:1].upper() + words[1:]


def is_pct(name: str) -> bool:
    """True for a field or figure name that holds a percentage (``*_pct``)."""
    return name.endswith("_pct")
