"""A small SQLite cache of LLM answers, safe for concurrent processes.

Entries are keyed by :func:`cache_key` (PDF hash, model, prompt and schema
versions, selection parameters, request kind). The database lives in
``$XDG_CACHE_HOME/paperlens`` or ``~/.cache/paperlens`` unless a directory is
given. WAL journaling and one short transaction per operation let several
processes and threads share it.

Each value is a JSON object ``{"content": <the answer text>}``, stored as text.
A row that is not exactly that (garbage, ``[]``, a blob, NULL, deep nesting) is
deleted when read, and :class:`BadEntryError` names the cache file and the key.
Every failure of the database (a folder that cannot be written, a file that is
not a database) is a :class:`CacheError`, a :class:`sqlite3.Error` whose message
names the cache file: callers catch ``sqlite3.Error`` and go on without the cache.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from paperlens.errors import PaperlensError

DB_NAME = "llm-cache.sqlite3"
MAX_DEPTH = 1  # {"content": "..."}: deeper JSON is not an entry of ours


class CacheError(sqlite3.Error, PaperlensError):
    """The LLM cache could not be opened, read or written; the message names its file."""

    code = "cache"


class BadEntryError(CacheError):
    """A stored entry was unusable and has been deleted; asking again is safe."""


def default_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/paperlens``, or ``~/.cache/paperlens``."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "paperlens"


def cache_key(**parts: object) -> str:
    """A stable sha256 over named parts (order-independent, JSON-encoded)."""
    blob = json.dumps(parts, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(blob.encode()).hexdigest()


def _no_constant(name: str) -> None:
    raise ValueError(f"{name} is not a finite number")


def load_json(text: str, max_depth: int) -> object:
    """``text`` parsed as JSON, or ValueError: nesting beyond ``max_depth``, NaN or Infinity.

    The parser itself stops at the interpreter's recursion limit (a 200,000-deep
    document is a RecursionError there, turned into ValueError here).
    """
    try:
        value = json.loads(text, parse_constant=_no_constant)
    except RecursionError:
        raise ValueError(f"JSON nested more than {max_depth} deep") from None
    level, depth = [value], 0
    while level:  # breadth first, one level at a time
        depth += 1
        if depth > max_depth:
            raise ValueError(f"JSON nested more than {max_depth} deep")
        level = [child for node in level if isinstance(node, (list, dict))
                 for child in (node.values() if isinstance(node, dict) else node)
                 if isinstance(child, (list, dict))]
    return value


def _answer(kind: str, value: bytes | None) -> dict:
    """The row value (SQLite type ``kind``) as ``{"content": str}``, or ValueError saying why not."""
    if kind != "text":
        raise ValueError(f"the value is {'NULL' if kind == 'null' else 'a ' + kind}, not text")
    try:
        entry = load_json(value.decode("utf-8"), MAX_DEPTH)
    except UnicodeDecodeError:
        raise ValueError("the value is not valid UTF-8") from None
    except ValueError as exc:
        raise ValueError(f"not usable JSON ({str(exc)[:80]})") from None
    if not isinstance(entry, dict) or set(entry) != {"content"} \
            or not isinstance(entry["content"], str):
        raise ValueError('not a JSON object {"content": text}')
    return entry


def _setup(db: sqlite3.Connection, attempts: int = 60) -> None:
    """WAL mode and the table, retried while another process holds the database.

    Switching the journal mode can fail at once with "database is locked" (SQLite does
    not call the busy handler there), so several processes opening a new cache together
    each wait their turn here instead of failing.
    """
    for attempt in range(attempts):
        try:
            if db.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                db.execute("PRAGMA journal_mode=WAL")
            db.execute(
                "CREATE TABLE IF NOT EXISTS answers ("
                " key TEXT PRIMARY KEY, kind TEXT, model TEXT, created REAL, value TEXT)"
            )
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc) or attempt == attempts - 1:
                raise
            time.sleep(0.05 + 0.01 * attempt)


class Cache:
    """Key -> ``{"content": str}`` store in one SQLite file."""

    def __init__(self, directory: str | Path | None = None):
        """Open (or create) the cache; :class:`CacheError` if it cannot be used."""
        self.directory = Path(directory) if directory else default_cache_dir()
        self.path = self.directory / DB_NAME
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise CacheError(f"LLM cache {self.path}: {exc.strerror or exc}") from None
        with self._connect() as db:
            _setup(db)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        """One connection for one operation; a sqlite error becomes a :class:`CacheError`."""
        db = None
        try:
            db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            db.execute("PRAGMA busy_timeout=30000")
            yield db
        except CacheError:
            raise
        except sqlite3.Error as exc:
            raise CacheError(f"LLM cache {self.path}: {exc}") from None
        finally:
            if db is not None:
                db.close()

    def get(self, key: str) -> dict | None:
        """The stored value for ``key``, or None.

        An unusable row is deleted, then :class:`BadEntryError` says which (the next
        get returns None); :class:`CacheError` if the database cannot be read.
        """
        with self._connect() as db:
            # the bytes as stored, whatever their type: a text that is not UTF-8 is ours to reject
            row = db.execute("SELECT typeof(value), CAST(value AS BLOB) FROM answers"
                             " WHERE key = ?", (key,)).fetchone()
            if row is None:
                return None
            try:
                return _answer(*row)
            except ValueError as exc:
                # only the row read: a good answer stored meanwhile by another process stays
                db.execute("DELETE FROM answers WHERE key = ? AND CAST(value AS BLOB) IS ?",
                           (key, row[1]))
                problem = exc
        raise BadEntryError(f"LLM cache {self.path}: entry {key} discarded ({problem})")

    def put(self, key: str, value: dict, kind: str = "", model: str = "") -> None:
        """Store ``value`` (``{"content": str}``) under ``key``, replacing any old entry."""
        text = json.dumps(value)
        _answer("text", text.encode())  # ValueError now, not a row that every read discards
        with self._connect() as db:
            db.execute(
                "INSERT OR REPLACE INTO answers (key, kind, model, created, value)"
                " VALUES (?, ?, ?, ?, ?)",
                (key, kind, model, time.time(), text),
            )

    def __len__(self) -> int:
        with self._connect() as db:
            return db.execute("SELECT COUNT(*) FROM answers").fetchone()[0]
