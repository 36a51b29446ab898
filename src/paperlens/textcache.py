"""A content-addressed cache of ingested documents, so a PDF is extracted once.

One gzipped JSON file per PDF content: ``<cache>/text/<sha256>.json.gz``, under
the same root as the LLM cache (:func:`paperlens.cache.default_cache_dir`, or
``--cache-dir``). Each entry carries a version string; an entry whose version or
hash does not match, or that cannot be read or parsed, is a miss and is
overwritten by the next store. Writes go to a temporary file in the same folder
and are renamed into place, so concurrent workers never see half an entry.

The cache never fails a read: an unusable folder only means no caching. What
goes in (and which documents may be stored) is :mod:`paperlens.ingest`'s call.
"""

from __future__ import annotations

import gzip
import json
import logging
import os
import tempfile
import zlib
from pathlib import Path

from .cache import default_cache_dir

TEXT_DIR = "text"
COMPRESS_LEVEL = 5  # text shrinks ~5x; higher levels cost time for little gain

log = logging.getLogger(__name__)


def entry_path(sha256: str, cache_dir: str | os.PathLike | None = None) -> Path:
    """Where the entry for content ``sha256`` lives."""
    root = Path(cache_dir) if cache_dir else default_cache_dir()
    return root / TEXT_DIR / f"{sha256}.json.gz"


def load(sha256: str, version: str, cache_dir: str | os.PathLike | None = None) -> dict | None:
    """The stored entry for ``sha256`` written under ``version``, or None."""
    path = entry_path(sha256, cache_dir)
    try:
        entry = json.loads(gzip.decompress(path.read_bytes()))
    except FileNotFoundError:
        return None
    except (OSError, EOFError, zlib.error, ValueError) as exc:  # torn, corrupt, unreadable
        log.debug("text cache: ignoring %s (%s)", path, exc)
        return None
    if not isinstance(entry, dict) or entry.get("version") != version \
            or entry.get("sha256") != sha256:
        return None
    return entry


def store(sha256: str, version: str, entry: dict,
          cache_dir: str | os.PathLike | None = None) -> bool:
    """Write ``entry`` (JSON-serialisable) for ``sha256`` atomically; False if it could not be."""
    path = entry_path(sha256, cache_dir)
    data = gzip.compress(json.dumps({**entry, "version": version, "sha256": sha256},
                                    separators=(",", ":")).encode(),
                         compresslevel=COMPRESS_LEVEL, mtime=0)
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{sha256[:16]}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
        return True
    except OSError as exc:  # read-only or full disk: carry on without the cache
        log.debug("text cache: cannot write %s (%s)", path, exc)
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        return False
