"""The ledger of a bulk run: ``results.jsonl``, one JSON line per paper or entry.

:class:`Ledger` appends each record whole and fsynced, keeping the last record per
key (:func:`record_key`); :func:`read_results` reads the valid lines back (a torn
last line of a killed run is skipped), and :func:`is_done` and :func:`is_unreadable`
tell which papers a rerun can skip. :func:`ok_record` and :func:`failed_record`
make the lines.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

from paperlens.bulk.archive import Found
from paperlens.files import atomic_write_text
from paperlens.report.view import severity_counts

RESULTS = "results.jsonl"
PERMANENT_ERRORS = ("not_pdf", "damaged", "encrypted", "no_text", "empty")  # not retried on resume


def read_results(path: Path) -> Iterator[dict]:
    """The valid records of a results.jsonl; torn or garbled lines are ignored."""
    try:
        fh = open(path, encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return
    with fh:
        for line in fh:
            if not line.endswith("\n"):
                continue  # torn last line of a killed run
            try:
                record = json.loads(line)
            except ValueError:
                continue
            if isinstance(record, dict) and "file" in record and "status" in record:
                yield record


def is_unreadable(record: dict | None) -> bool:
    """True when ``record`` failed for a reason in the file itself (not a PDF,
    damaged, encrypted, no text, empty): rerunning would fail the same way."""
    return bool(record and record.get("status") == "failed"
                and (record.get("error") or {}).get("code") in PERMANENT_ERRORS)


def is_done(record: dict | None, out: Path) -> bool:
    """True when ``record`` is an ``ok`` analysis whose reports exist and whose JSON parses."""
    if not record or record.get("status") != "ok" or not record.get("json") or not record.get("html"):
        return False
    try:
        data = json.loads((out / record["json"]).read_text(encoding="utf-8"))
        return data["file"]["sha256"] == record["sha256"] and (out / record["html"]).is_file()
    except (OSError, ValueError, KeyError, TypeError):
        return False


def record_key(record: dict) -> str:
    """Analyses are keyed by content (sha256), everything else by file name."""
    if record.get("status") in ("ok", "failed") and record.get("sha256"):
        return "sha:" + record["sha256"]
    return "file:" + str(record.get("file"))


def _line(record: dict) -> str:
    return json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n"


def _append(fd: int, data: bytes) -> None:
    """Write all of ``data`` at the end of ``fd``."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


class Ledger:
    """results.jsonl: the last record per key, appended whole and fsynced.

    A line that cannot be written (full disk) is cut back off, so the file never
    holds a torn line in the middle; the record stays in memory and goes into the
    compacted file at the end if there is room by then.
    """

    def __init__(self, path: Path):
        self.path = path
        self.records: dict[str, dict] = {}
        self.unsaved = 0  # records kept in memory only (their line could not be written)
        for record in read_results(path):
            self._keep(record)
        try:
            self.compact()  # drop torn lines and superseded records before appending
        except OSError:
            _cut_torn_line(path)  # no room to rewrite: at least end on a whole line
        self._fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC, 0o666)

    def add(self, record: dict) -> OSError | None:
        """Keep ``record`` and append it as one line, synced to disk; the error if
        the line could not be written."""
        self._keep(record)
        size = None
        try:
            size = os.fstat(self._fd).st_size
            _append(self._fd, _line(record).encode("utf-8"))
            os.fsync(self._fd)
            return None
        except OSError as exc:
            if size is not None:
                try:
                    os.ftruncate(self._fd, size)
                except OSError:
                    pass
            self.unsaved += 1
            return exc

    def _keep(self, record: dict) -> None:
        # an analysis supersedes an earlier entry for the same file (left out by the budget)
        key = record_key(record)
        if key.startswith("sha:"):
            self.records.pop("file:" + str(record["file"]), None)
        self.records[key] = record

    def compact(self) -> None:
        """Rewrite the file atomically with one line per key."""
        atomic_write_text(self.path, "".join(_line(r) for r in self.records.values()))

    def close(self) -> OSError | None:
        """Stop appending and leave the file compacted; the error if it could not be
        (the appended lines stay valid then)."""
        os.close(self._fd)
        try:
            self.compact()
            self.unsaved = 0
            return None
        except OSError as exc:
            return exc


def _cut_torn_line(path: Path) -> None:
    try:
        data = path.read_bytes()
        cut = data.rfind(b"\n") + 1
        if cut < len(data):
            os.truncate(path, cut)
    except OSError:
        pass


def ok_record(found: Found, result, slug: str) -> dict:
    """The results.jsonl line of a finished analysis."""
    t = result.tokenomics
    insider = result.figures.insider_pct
    counts = severity_counts(result.findings)
    name = t.identity.project_name
    return {
        "file": found.name, "sha256": found.sha256, "status": "ok", "error": None,
        "grade": result.grade.letter, "score": result.grade.score, "cap": result.grade.cap,
        "json": f"{slug}.json", "html": f"{slug}.html",
        # a name is shown as the paper's title only when its quote holds it
        "project": name.value if name.verified else None, "symbol": t.identity.symbol.value,
        "max_supply": t.supply.max_supply.value, "insider_pct": insider, "findings": counts,
        "pages": result.file.pages, "backend": result.provenance.backend,
        "cost_usd": result.provenance.usage.cost_usd, "seconds": result.provenance.seconds,
    }


def failed_record(name: str, sha256: str | None, code: str, message: str,
                  status: str = "failed", stage: str | None = None,
                  error_class: str | None = None, **extra) -> dict:
    """The results.jsonl line of a paper (or entry) that produced no report."""
    error = {"code": code, "message": message}
    if stage:
        error.update(stage=stage, error_class=error_class)
    return {"file": name, "sha256": sha256, "status": status, "error": error, **extra}
