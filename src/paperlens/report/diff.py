"""What changed in the token economics between two versions of a whitepaper.

:func:`diff_results` compares; :func:`diff_json` keeps field names and raw values
for programs; :func:`diff_markdown` and :func:`print_diff` word the changes as the
report does (labels, formatted numbers, yes/no, "not found in the text").
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any

from pydantic import BaseModel

from paperlens.report.charts import NOT_FOUND
from paperlens.safetext import printable
from paperlens.schema import AllocationRow, Fact, Result
from paperlens.wording import plural

_SUPPLY = ("max_supply", "uncapped", "total_supply", "initial_circulating", "initial_circulating_pct")
_SALE = ("price", "soft_cap", "hard_cap", "raise_target", "tokens_offered", "refund", "bonus_tiers")
_VESTING = ("tge_unlock_pct", "cliff_months", "vesting_months", "shape", "tbd")


@dataclass
class Change:
    section: str  # supply, allocation, vesting, sale, findings, grade
    item: str
    old: Any
    new: Any


def _plain(value: Any) -> Any:
    if isinstance(value, Fact):
        value = value.value
    return value


def _row_key(row: AllocationRow) -> str:
    return f"{row.category}: {row.label.strip().lower()}"


def _vesting(row: AllocationRow | None) -> dict[str, Any]:
    if row is None or row.vesting is None:
        return {}
    return {k: getattr(row.vesting, k) for k in _VESTING if getattr(row.vesting, k) not in (None, False)}


def diff_results(old: Result, new: Result) -> list[Change]:
    """Changes in supply, allocation, vesting, sale terms, findings and grade."""
    changes: list[Change] = []
    for name in _SUPPLY:
        a, b = _plain(getattr(old.tokenomics.supply, name)), _plain(getattr(new.tokenomics.supply, name))
        if a != b:
            changes.append(Change("supply", name, a, b))

    rows_old = {_row_key(r): r for r in old.tokenomics.allocation}
    rows_new = {_row_key(r): r for r in new.tokenomics.allocation}
    for key in list(rows_old) + [k for k in rows_new if k not in rows_old]:
        a, b = rows_old.get(key), rows_new.get(key)
        pa, pb = (a.percent if a else None), (b.percent if b else None)
        if a is None or b is None or pa != pb or (a.amount != b.amount):
            changes.append(Change("allocation", key, _row_summary(a), _row_summary(b)))
        va, vb = _vesting(a), _vesting(b)
        if va != vb and a is not None and b is not None:
            changes.append(Change("vesting", key, va or None, vb or None))

    sale_old, sale_new = old.tokenomics.sale, new.tokenomics.sale
    if (sale_old is None) != (sale_new is None):
        changes.append(Change("sale", "token sale", sale_old is not None, sale_new is not None))
    elif sale_old is not None and sale_new is not None:
        for name in _SALE:
            a, b = _plain(getattr(sale_old, name)), _plain(getattr(sale_new, name))
            if a != b:
                changes.append(Change("sale", name, a, b))

    codes_old = {f.code: f.severity for f in old.findings}
    codes_new = {f.code: f.severity for f in new.findings}
    for code in sorted(set(codes_old) | set(codes_new)):
        if codes_old.get(code) != codes_new.get(code):
            changes.append(Change("findings", code, codes_old.get(code), codes_new.get(code)))

    if (old.grade.letter, old.grade.score) != (new.grade.letter, new.grade.score):
        changes.append(Change("grade", "grade", _grade(old), _grade(new)))
    return changes


def _row_summary(row: AllocationRow | None) -> str | None:
    if row is None:
        return None
    parts = []
    if row.percent is not None:
        parts.append(f"{row.percent:g}%")
    if row.amount is not None:
        parts.append(f"{row.amount:,.0f} tokens")
    return ", ".join(parts) or "stated without figures"


def _grade(result: Result) -> str:
    score = "" if result.grade.score is None else f" ({result.grade.score:g})"
    return f"{result.grade.letter}{score}"


_VESTING_WORDS = {"tge_unlock_pct": "TGE unlock", "cliff_months": "cliff", "vesting_months": "vesting"}


def _show(change: Change, value: Any) -> str:
    """One side of a change in the report's wording."""
    from paperlens.report.format import SEVERITY_LABELS, fmt_figure, fmt_value

    if value is None:
        # a finding or an allocation row missing from one version is absent; a fact is not found
        return "absent" if change.section in ("findings", "allocation") else NOT_FOUND
    if change.section == "findings":
        return SEVERITY_LABELS.get(value, str(value))
    if isinstance(value, dict):
        parts = []
        for key, v in value.items():
            if key == "tbd":
                parts.append("release to be decided")
            elif key == "shape":
                parts.append(str(v))
            elif key.endswith("_months"):
                parts.append(f"{_VESTING_WORDS[key]} {fmt_value(v)} {plural(v, 'month')}")
            else:
                parts.append(f"{_VESTING_WORDS.get(key, key)} {fmt_figure(key, v)}")
        return ", ".join(parts)
    if isinstance(value, str):
        return value.replace("_", " ") if change.item == "shape" else value
    return fmt_figure(change.item, value)


def _item(change: Change) -> str:
    """The item's label: field names as the report words them, codes and row names as they are."""
    from paperlens.report.format import field_label

    return field_label(change.item) if change.section in ("supply", "sale") else change.item


def _json_default(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    return str(value)


def diff_json(old: Result, new: Result, changes: list[Change]) -> str:
    return json.dumps(
        {"old": old.file.name, "new": new.file.name, "changes": [asdict(c) for c in changes]},
        indent=2, default=_json_default,
    )


def diff_markdown(old: Result, new: Result, changes: list[Change]) -> str:
    from paperlens.report.render import md_escape

    lines = [f"# paperlens diff: {md_escape(old.file.name)} → {md_escape(new.file.name)}", ""]
    if not changes:
        return "\n".join(lines + ["No change in the token economics.", ""])
    lines += ["| section | item | old | new |", "|---|---|---|---|"]
    for c in changes:
        cells = [c.section, _item(c), _show(c, c.old), _show(c, c.new)]
        lines.append("| " + " | ".join(md_escape(x) for x in cells) + " |")
    return "\n".join(lines + [""])


def print_diff(old: Result, new: Result, changes: list[Change], console=None) -> None:
    from rich.console import Console
    from rich.table import Table

    console = console or Console()
    if not changes:
        console.print("No change in the token economics.")
        return
    table = Table(title=printable(f"{old.file.name} → {new.file.name}"), show_lines=False)
    for column in ("section", "item", "old", "new"):
        table.add_column(column, overflow="fold")
    for c in changes:
        table.add_row(*(printable(x) for x in (c.section, _item(c), _show(c, c.old), _show(c, c.new))))
    console.print(table)
