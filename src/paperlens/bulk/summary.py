"""What a bulk run did (:class:`BulkSummary`): counts, cost, how it ended, the dry run's plan."""

from __future__ import annotations

import signal
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class BulkSummary:
    """What a bulk run did; ``exit_code`` is 0 when nothing failed."""

    out: Path
    ok: int = 0
    cached: int = 0
    duplicate: int = 0
    failed: int = 0
    skipped: int = 0  # rejected archive members, papers left out by the cost budget
    ignored: int = 0  # files that are not PDFs
    cost_usd: float = 0.0
    budget_reached: bool = False
    interrupted: bool = False
    stopped_by: int | None = None  # the signal that stopped the run (SIGINT, SIGTERM)
    running: bool = False  # the overview is being written while the run goes on
    write_errors: list[str] = field(default_factory=list)  # final files that could not be written
    planned: list[dict] = field(default_factory=list)  # dry run: one row per entry

    @property
    def exit_code(self) -> int:
        if self.interrupted:
            return 128 + (self.stopped_by or signal.SIGINT)
        return 1 if self.failed or self.write_errors else 0

    def line(self) -> str:
        """One-line account of the run."""
        parts = [f"{self.ok} analysed", f"{self.cached} already done", f"{self.duplicate} duplicates",
                 f"{self.failed} failed", f"{self.skipped} skipped", f"{self.ignored} not PDF"]
        if self.cost_usd:
            parts.append(f"${self.cost_usd:.4f}")
        if self.budget_reached:
            parts.append("cost budget reached")
        if self.interrupted:
            parts.append("stopped by SIGTERM" if self.stopped_by == signal.SIGTERM else "interrupted")
        line = ", ".join(parts)
        if self.write_errors:
            line += "; could not write " + "; ".join(self.write_errors)
        return line
