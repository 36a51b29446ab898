"""Progress of a bulk run: a rich bar on a terminal, plain lines otherwise.

The bar shows papers done out of the total with the counts of analysed,
already done (cached), duplicate, failed and skipped entries and an ETA; each
failure is named on its own line above the bar. The ETA is computed from the
papers actually analysed (entries already done, duplicates and skipped ones take
no time and would make it look too short). When stderr is not a terminal, each
finished paper is one plain log line. ``quiet`` silences both. Names and messages
go through :func:`paperlens.safetext.printable` (an archive member's name can
hold escape sequences or newlines).
"""

from __future__ import annotations

import sys
import time
from datetime import timedelta

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Column, Table
from rich.text import Text

from paperlens.safetext import printable

_COUNTED = ("ok", "cached", "duplicate", "failed", "skipped")


class _Eta(ProgressColumn):
    """The reporter's own ETA (from analysed papers only)."""

    def __init__(self, reporter: "Reporter"):
        super().__init__(table_column=Column(no_wrap=True))
        self.reporter = reporter

    def render(self, task) -> Text:
        seconds = self.reporter.eta()
        shown = "-:--:--" if seconds is None else str(timedelta(seconds=int(seconds + 0.5)))
        return Text(f"eta {shown}", style="progress.remaining")


class Reporter:
    """Receives each finished entry; a context manager around the run."""

    def __init__(self, total: int, quiet: bool = False, console: Console | None = None):
        self.total = total
        self.quiet = quiet
        self.console = console or Console(stderr=True, highlight=False)
        self.counts = dict.fromkeys(_COUNTED, 0)
        self.progress: Progress | None = None
        self._task = None
        self.worked = 0  # entries that went through an analysis (their time counts for the ETA)
        self.work_seconds = 0.0  # time from the start to the last analysed entry
        self._started = time.monotonic()

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
                TextColumn("[bold]bulk"), BarColumn(), MofNCompleteColumn(table_column=Column(no_wrap=True)),
                TextColumn("{task.fields[counts]}"), TimeElapsedColumn(table_column=Column(no_wrap=True)),
                _Eta(self),
                console=self.console, transient=False,
            )
            self.progress.start()
            self._task = self.progress.add_task("bulk", total=self.total or None,
                                                counts=self._counts_text())
        return self

    def __exit__(self, *exc) -> None:
        if self.progress is not None:
            self.progress.stop()
            self.progress = None

    def eta(self) -> float | None:
        """Seconds left, from the pace of the papers analysed so far (``None`` before
        the first one). Entries finished without an analysis are not counted."""
        left = self.total - self.finished
        if left <= 0:
            return 0.0
        if not self.worked:
            return None
        return self.work_seconds / self.worked * left

    def update(self, status: str, record: dict, worked: bool = False) -> None:
        """Count one finished entry and show it; ``worked`` when it was analysed
        (not already done, duplicate or skipped)."""
        if status in self.counts:
            self.counts[status] += 1
        if worked:
            self.worked += 1
            self.work_seconds = time.monotonic() - self._started
        if self.finished > self.total:  # entries the pre-count did not see (skipped members)
            self.total = self.finished
        if self.quiet:
            return
        detail = record.get("grade") or ""
        if record.get("error"):
            detail = f"{record['error'].get('code')}: {record['error'].get('message')}"
        if self.progress is not None:
            if status == "failed":  # named above the bar, not only counted
                self.progress.console.print(
                    Text(printable(f"failed  {record.get('file')}  {detail}"), style="red"))
            self.progress.update(self._task, completed=self.finished, total=self.total,
                                 counts=self._counts_text())
            return
        line = f"[{self.finished}/{self.total}] {status:<9} {record.get('file')}  {detail}"
        print(printable(line).rstrip(), file=sys.stderr, flush=True)

    def warn(self, message: str) -> None:
        """A warning line (shown even when quiet: something needs attention)."""
        text = printable(f"warning: {message}")
        if self.progress is not None:
            self.progress.console.print(Text(text, style="yellow"))
        else:
            print(text, file=sys.stderr, flush=True)

    def done(self, summary) -> None:
        """The closing line (unless quiet)."""
        if not self.quiet:
            self.console.print(printable(f"bulk: {summary.line()} -> {summary.out}"), markup=False,
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
            note = printable(row.get("note", ""))
            table.add_row(printable(row["file"]), row["status"], _n(row.get("pages")),
                          _n(row.get("input_tokens")),
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
