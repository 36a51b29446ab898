"""Progress of a bulk run: a rich bar on a terminal, plain lines otherwise.

The bar shows papers done out of the total with the counts of analysed,
already done (cached), duplicate, failed and skipped entries and an ETA. When
stderr is not a terminal, each finished paper is one plain log line.
``quiet`` silences both.
"""

from __future__ import annotations

import sys

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

_COUNTED = ("ok", "cached", "duplicate", "failed", "skipped")


class Reporter:
    """Receives each finished entry; a context manager around the run."""

    def __init__(self, total: int, quiet: bool = False, console: Console | None = None):
        self.total = total
        self.quiet = quiet
        self.console = console or Console(stderr=True, highlight=False)
        self.counts = dict.fromkeys(_COUNTED, 0)
        self.progress: Progress | None = None
        self._task = None

    @property
    def finished(self) -> int:
        """Entries that count towards the total (every PDF, whatever became of it)."""
        return sum(self.counts.values())

    def _counts_text(self) -> str:
        c = self.counts
        return (f"done {c['ok']}  cached {c['cached']}  dup {c['duplicate']}  "
                f"failed {c['failed']}  skipped {c['skipped']}")

    def __enter__(self) -> "Reporter":
        if not self.quiet and self.console.is_terminal:
            self.progress = Progress(
                TextColumn("[bold]bulk"), BarColumn(), MofNCompleteColumn(),
                TextColumn("{task.fields[counts]}"), TimeElapsedColumn(), TextColumn("eta"),
                TimeRemainingColumn(), console=self.console, transient=False,
            )
            self.progress.start()
            self._task = self.progress.add_task("bulk", total=self.total or None,
                                                counts=self._counts_text())
        return self

    def __exit__(self, *exc) -> None:
        if self.progress is not None:
            self.progress.stop()
            self.progress = None

    def update(self, status: str, record: dict) -> None:
        """Count one finished entry and show it."""
        if status in self.counts:
            self.counts[status] += 1
        if self.finished > self.total:  # entries the pre-count did not see (skipped members)
            self.total = self.finished
        if self.quiet:
            return
        if self.progress is not None:
            self.progress.update(self._task, completed=self.finished, total=self.total,
                                 counts=self._counts_text())
            return
        detail = record.get("grade") or ""
        if record.get("error"):
            detail = f"{record['error']['code']}: {record['error']['message']}"
        print(f"[{self.finished}/{self.total}] {status:<9} {record.get('file')}  {detail}".rstrip(),
              file=sys.stderr, flush=True)

    def done(self, summary) -> None:
        """The closing line (unless quiet)."""
        if not self.quiet:
            self.console.print(f"bulk: {summary.line()} -> {summary.out}", markup=False,
                               soft_wrap=True)

    def plan(self, rows: list[dict], model: str | None, unknown_cost: bool) -> None:
        """Print the dry-run table (to stdout) with token and cost totals."""
        if self.quiet:
            return
        table = Table(title="paperlens bulk --dry-run" + (f" ({model})" if model else ""))
        for col, justify in (("file", "left"), ("status", "left"), ("pages", "right"),
                             ("input tokens", "right"), ("output tokens", "right"),
                             ("cost", "right"), ("note", "left")):
            table.add_column(col, justify=justify, overflow="fold")
        tokens_in = tokens_out = 0
        cost = 0.0
        for row in rows:
            tokens_in += row.get("input_tokens") or 0
            tokens_out += row.get("output_tokens") or 0
            cost += row.get("cost_usd") or 0
            note = row.get("note", "")
            table.add_row(row["file"], row["status"], _n(row.get("pages")), _n(row.get("input_tokens")),
                          _n(row.get("output_tokens")), _usd(row.get("cost_usd")),
                          note if len(note) <= 60 else note[:59] + "…")
        todo = sum(r["status"] == "analyse" for r in rows)
        total_cost = "unknown (no price for this model)" if unknown_cost else f"${cost:,.4f}"
        table.caption = (f"{todo} to analyse; about {tokens_in:,} input and {tokens_out:,} output "
                         f"tokens; estimated cost {total_cost}")
        console = Console(highlight=False)
        if not console.is_terminal:
            console.width = max(console.width, 160)
        console.print(table)


def _n(value) -> str:
    return "" if value is None else f"{value:,}"


def _usd(value) -> str:
    return "" if value is None else f"${value:,.4f}"
