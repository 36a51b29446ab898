"""A small SQLite cache of LLM answers, safe for concurrent processes.

Entries are keyed by :func:`cache_key` (PDF hash, model, prompt and schema
versions, selection parameters, request kind). The database lives in
``$XDG_CACHE_HOME/paperlens`` or ``~/.cache/paperlens`` unless a directory is
given. WAL journaling and one short transaction per operation let several
processes and threads share it.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import time
from pathlib import Path

DB_NAME = "llm-cache.sqlite3"


def default_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/paperlens``, or ``~/.cache/paperlens``."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "paperlens"


def cache_key(**parts: object) -> str:
    """A stable sha256 over named parts (order-independent, JSON-encoded)."""
    blob = json.dumps(parts, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(blob.encode()).hexdigest()


class Cache:
    """Key -> JSON value store in one SQLite file."""

    def __init__(self, directory: str | Path | None = None):
        self.directory = Path(directory) if directory else default_cache_dir()
        self.directory.mkdir(parents=True, exist_ok=True)
        self.path = self.directory / DB_NAME
        with self._connect() as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute(
                "CREATE TABLE IF NOT EXISTS answers ("
                " key TEXT PRIMARY KEY, kind TEXT, model TEXT, created REAL, value TEXT)"
            )

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        db.execute("PRAGMA busy_timeout=30000")
        return db

    def get(self, key: str) -> dict | None:
        """The stored value for ``key``, or None."""
        db = self._connect()
        try:
            row = db.execute("SELECT value FROM answers WHERE key = ?", (key,)).fetchone()
        finally:
            db.close()
        return json.loads(row[0]) if row else None

    def put(self, key: str, value: dict, kind: str = "", model: str = "") -> None:
        """Store ``value`` (JSON-serialisable) under ``key``, replacing any old entry."""
        db = self._connect()
        try:
            db.execute(
                "INSERT OR REPLACE INTO answers (key, kind, model, created, value)"
                " VALUES (?, ?, ?, ?, ?)",
                (key, kind, model, time.time(), json.dumps(value)),
            )
        finally:
            db.close()

    def __len__(self) -> int:
        db = self._connect()
        try:
            return db.execute("SELECT COUNT(*) FROM answers").fetchone()[0]
        finally:
            db.close()
