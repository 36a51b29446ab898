"""The overview of a bulk run: ``summary.csv`` and a self-contained ``index.html``.

Both are built from the results.jsonl records alone (no per-paper JSON is
re-read), so they cost nothing however many papers there are, and both are
written atomically. Papers are sorted by grade letter, then score; a capped
grade shows its reason. index.html carries a Content-Security-Policy that allows
only its own sorting script (by hash).
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import re
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined

from paperlens.version import __version__
from paperlens.report.format import fmt_number
from paperlens.files import atomic_write_text
from paperlens.wording import counted

SEVERITIES = ("red_line", "high", "warn", "info")
CSV_COLUMNS = ["file", "status", "project", "symbol", "grade", "score", "cap", "max_supply", "insider_pct",
               *SEVERITIES, "error", "report"]
_SAFE_LINK = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*\.(?:html|json)$")
_CSV_FORMULA = ("=", "+", "-", "@", "\t", "\r")
SEVERITY_LABELS = {"red_line": "Red lines", "high": "High", "warn": "Warn", "info": "Info"}

# Click a header to sort the papers table by that column (click again to reverse).
SORT_SCRIPT = """
document.querySelectorAll("#papers th.sortable").forEach(function (th) {
  th.addEventListener("click", function () {
    var col = Array.prototype.indexOf.call(th.parentNode.children, th);
    var body = document.querySelector("#papers tbody");
    var num = th.dataset.type === "num";
    var dir = th.dataset.dir === "asc" ? -1 : 1;
    th.dataset.dir = dir === 1 ? "asc" : "desc";
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = a.cells[col].dataset.sort, y = b.cells[col].dataset.sort;
      return dir * (num ? parseFloat(x) - parseFloat(y) : x.localeCompare(y));
    });
    rows.forEach(function (r) { body.appendChild(r); });
  });
});
"""
SORT_SCRIPT_HASH = "sha256-" + base64.b64encode(hashlib.sha256(SORT_SCRIPT.encode()).digest()).decode()


def grade_rank(letter: str | None) -> int:
    """Sort key of a grade: A=0 ... F=5, N/A and anything else after."""
    first = (letter or "").strip().upper()[:1]
    if letter and letter.strip().upper() != "N/A" and first in "ABCDEF":
        return "ABCDEF".index(first)
    return 6 if letter else 7


def _csv_cell(value) -> str:
    if value is None:
        return ""
    text = str(value)
    if text.startswith(_CSV_FORMULA):  # no spreadsheet formula injection from a paper's text
        return "'" + text
    return text


def summary_rows(records: list[dict]) -> list[dict]:
    """One flat row per paper: analysed ones first, by grade letter then score
    (highest first), then failed, duplicates, skipped."""
    order = {"ok": 0, "failed": 1, "duplicate": 2, "skipped": 3}
    rows = []
    for rec in sorted(records, key=lambda r: (order.get(r.get("status"), 4),
                                              grade_rank(r.get("grade")),
                                              -_score(r.get("score")),
                                              -((r.get("findings") or {}).get("red_line") or 0),
                                              str(r.get("file")))):
        findings = rec.get("findings") or {}
        error = rec.get("error") or {}
        rows.append({
            "file": rec.get("file"), "status": rec.get("status"), "project": rec.get("project"),
            "symbol": rec.get("symbol"), "grade": rec.get("grade"), "score": rec.get("score"),
            "cap": rec.get("cap"),
            "max_supply": rec.get("max_supply"), "insider_pct": rec.get("insider_pct"),
            **{s: findings.get(s) if rec.get("status") == "ok" else None for s in SEVERITIES},
            "error": f"{error['code']}: {error['message']}" if error else None,
            "report": rec.get("html") if _SAFE_LINK.match(str(rec.get("html") or "")) else None,
            "json": rec.get("json") if _SAFE_LINK.match(str(rec.get("json") or "")) else None,
        })
    return rows


def _score(value) -> float:
    return value if isinstance(value, (int, float)) else -1.0


def summary_csv(records: list[dict]) -> str:
    """The text of summary.csv: file, project, symbol, grade, score, why the grade was
    capped, max supply, insider share, findings by severity, error (a row per record)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in summary_rows(records):
        writer.writerow([_csv_cell(row[c]) for c in CSV_COLUMNS])
    return buffer.getvalue()


def write_summary_csv(records: list[dict], path: Path) -> None:
    """Atomically write :func:`summary_csv` to ``path``."""
    atomic_write_text(path, summary_csv(records))


@lru_cache(maxsize=1)
def _env() -> Environment:
    env = Environment(loader=PackageLoader("paperlens", "templates"), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["num"] = lambda v: "" if v is None else fmt_number(v)
    env.filters["counted"] = counted
    env.filters["pct"] = lambda v: "" if v is None else f"{v:.1f}".rstrip("0").rstrip(".") + "%"
    env.filters["grade_class"] = lambda g: (f"g-{g.strip().lower()[:1]}" if grade_rank(g) < 6
                                            else "g-na")
    return env


def render_index(records: list[dict], summary=None) -> str:
    """The overview page: a table of analysed papers linking to their reports,
    then failures, duplicates and skipped entries with their reasons."""
    rows = summary_rows(records)
    return _env().get_template("index.html.j2").render(
        papers=[r for r in rows if r["status"] == "ok"],
        failed=[r for r in rows if r["status"] == "failed"],
        duplicates=[r for r in rows if r["status"] == "duplicate"],
        skipped=[r for r in rows if r["status"] == "skipped"],
        summary=summary, grade_rank=grade_rank, severities=SEVERITIES, version=__version__,
        severity_labels=SEVERITY_LABELS, script=SORT_SCRIPT, script_hash=SORT_SCRIPT_HASH,
        created=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        short=short_name,
    )


def short_name(file: str) -> str:
    """The last part of an input path ("papers/x/a.pdf" -> "a.pdf", "b.zip!c/d.pdf" -> "b.zip!d.pdf")."""
    archive, sep, member = file.rpartition("!")
    return (Path(archive).name + sep if sep else "") + Path(member).name


def write_index(records: list[dict], path: Path, summary=None) -> None:
    """Render and atomically write index.html."""
    atomic_write_text(path, render_index(records, summary))
