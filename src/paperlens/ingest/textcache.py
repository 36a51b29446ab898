"""A content-addressed cache of ingested documents, so a PDF is extracted once.

One gzipped JSON file per PDF content: ``<cache>/text/<sha256>.json.gz``, under
the same root as the LLM cache (:func:`paperlens.cache.default_cache_dir`, or
``--cache-dir``). Writes go to a temporary file in the same folder and are
renamed into place, so concurrent workers never see half an entry.

An entry is checked strictly when read (:func:`check_entry`: exact keys, types,
page list shape; JSON at most :data:`MAX_DEPTH` deep, no NaN; decompressed size
within what the gzip trailer records and at most :data:`MAX_RATIO` times the file
and :data:`MAX_ENTRY_BYTES`). An entry written by another paperlens version is a
quiet miss, overwritten by the next store; any other unusable entry is deleted
and reported through ``warn`` with its path. The cache never fails a read or a
write: an unusable folder is reported and only means no caching.
"""

from __future__ import annotations

import gzip
import json
import logging
import os
import stat
import tempfile
import zlib
from collections.abc import Callable
from pathlib import Path

from paperlens.cache import default_cache_dir, load_json

TEXT_DIR = "text"
COMPRESS_LEVEL = 5  # text shrinks ~5x; higher levels cost time for little gain
MAX_DEPTH = 3  # entry -> pages -> page
# The corpus' entries decompress 4.4x to 12.5x and to at most 0.5 MB; an entry
# beyond either bound is neither stored nor read (a gzip bomb stops there).
MAX_RATIO = 100
MAX_ENTRY_BYTES = 64 * 2**20
KEYS = {"pages", "metadata", "warnings", "engine", "version", "sha256"}
METADATA_KEYS = {"title", "author", "created", "modified"}

log = logging.getLogger(__name__)

Warn = Callable[[str], None]


def entry_path(sha256: str, cache_dir: str | os.PathLike | None = None) -> Path:
    """Where the entry for content ``sha256`` lives."""
    root = Path(cache_dir) if cache_dir else default_cache_dir()
    return root / TEXT_DIR / f"{sha256}.json.gz"


def _log_warning(text: str) -> None:
    log.warning("%s", text)


def _is_text(value: object, optional: bool = False) -> bool:
    return isinstance(value, str) or (optional and value is None)


def check_entry(entry: object, sha256: str) -> str | None:
    """What is wrong with ``entry`` as the stored document ``sha256``, or None if nothing.

    The shape is :func:`paperlens.ingest.document._to_entry`'s plus ``version`` and ``sha256``.
    """
    if not isinstance(entry, dict):
        return "not a JSON object"
    if set(entry) != KEYS:
        return "not the expected keys"
    if entry["sha256"] != sha256:
        return "written for other content"
    if not _is_text(entry["version"]) or not _is_text(entry["engine"]):
        return "version or engine is not text"
    metadata = entry["metadata"]
    if not isinstance(metadata, dict) or set(metadata) != METADATA_KEYS \
            or not all(_is_text(v, optional=True) for v in metadata.values()):
        return "metadata is not title, author, created and modified as text"
    notes = entry["warnings"]
    if not isinstance(notes, list) or not all(_is_text(w) for w in notes):
        return "warnings are not a list of text"
    pages = entry["pages"]
    if not isinstance(pages, list) or not pages:
        return "no pages"
    for number, page in enumerate(pages, 1):
        if not isinstance(page, list) or len(page) != 6 or type(page[0]) is not int \
                or page[0] != number or not all(_is_text(s) for s in page[1:4]) \
                or not _is_text(page[4], optional=True) or not _is_text(page[5]):
            return f"page {number} is not [{number}, raw, text, norm, layout, engine]"
    return None


def _unpack(data: bytes) -> str:
    """The JSON text in gzip ``data``, or ValueError: torn, trailing bytes, too large, not UTF-8."""
    if len(data) < 18:  # a gzip header and trailer
        raise ValueError("truncated")
    recorded = int.from_bytes(data[-4:], "little")  # the size the writer recorded (mod 2**32)
    limit = min(recorded, MAX_RATIO * len(data), MAX_ENTRY_BYTES)
    stream = zlib.decompressobj(16 + zlib.MAX_WBITS)  # gzip, one member
    try:
        raw = stream.decompress(data, limit + 1)  # never more than the limit plus one byte
    except zlib.error as exc:
        raise ValueError(f"not gzip ({exc})") from None
    if len(raw) > limit:
        raise ValueError(f"decompresses beyond {limit:,} bytes")
    if not stream.eof:
        raise ValueError("truncated")
    if stream.unused_data:
        raise ValueError("bytes after the gzip data")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ValueError("not UTF-8") from None


def load(sha256: str, version: str, cache_dir: str | os.PathLike | None = None,
         warn: Warn | None = None) -> dict | None:
    """The stored entry for ``sha256`` written under ``version``, or None.

    An unusable entry is deleted and ``warn`` (default: the log) told which;
    an unreadable folder is reported the same way.
    """
    warn = warn or _log_warning
    path = entry_path(sha256, cache_dir)
    try:  # non-blocking: a FIFO in the entry's place must not hang the read
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        return None
    except OSError as exc:
        warn(_unusable_folder(path, exc))
        return None
    with os.fdopen(fd, "rb") as fh:
        seen = os.fstat(fh.fileno())
        regular = stat.S_ISREG(seen.st_mode)
        # a file that grows after the fstat is read only up to the bound (and refused)
        data = fh.read(seen.st_size + 1) if regular and seen.st_size <= MAX_ENTRY_BYTES else b""
    try:
        if not regular:
            raise ValueError("not a regular file")
        if seen.st_size > MAX_ENTRY_BYTES or len(data) > seen.st_size:
            raise ValueError(f"larger than {MAX_ENTRY_BYTES:,} bytes" if seen.st_size > MAX_ENTRY_BYTES
                             else "written to while read")
        entry = load_json(_unpack(data), MAX_DEPTH)
    except ValueError as exc:
        problem = str(exc)[:120]
    else:
        if isinstance(entry, dict) and isinstance(entry.get("version"), str) \
                and entry["version"] != version:
            return None  # another paperlens version's entry: the next store replaces it
        problem = check_entry(entry, sha256)
        if problem is None:
            return entry
    _discard(path, seen)
    warn(f"text cache: entry {path} discarded ({problem}); the text was extracted again")
    return None


def _discard(path: Path, seen: os.stat_result) -> None:
    """Delete the entry read as ``seen``, unless another worker has replaced it since."""
    try:
        now = os.stat(path)
        if (now.st_ino, now.st_dev, now.st_mtime_ns) == (seen.st_ino, seen.st_dev, seen.st_mtime_ns):
            path.unlink()
    except OSError as exc:  # gone already, or a read-only folder: the next store overwrites it
        log.debug("text cache: cannot delete %s (%s)", path, exc)


def _unusable_folder(path: Path, exc: OSError) -> str:
    return (f"text cache: {path.parent} cannot be used ({exc.strerror or exc}); "
            "the run goes on without it")


def store(sha256: str, version: str, entry: dict,
          cache_dir: str | os.PathLike | None = None, warn: Warn | None = None) -> bool:
    """Write ``entry`` for ``sha256`` atomically; False if it could not be (``warn`` says why).

    An entry too large or too compressible to be read back is not stored (quietly).
    """
    warn = warn or _log_warning
    path = entry_path(sha256, cache_dir)
    full = {**entry, "version": version, "sha256": sha256}
    problem = check_entry(full, sha256)
    if problem is not None:  # a change in ingest's entry that this module does not know
        log.error("text cache: not storing %s (%s)", sha256, problem)
        return False
    text = json.dumps(full, separators=(",", ":")).encode()
    data = gzip.compress(text, compresslevel=COMPRESS_LEVEL, mtime=0)
    if len(text) > min(MAX_RATIO * len(data), MAX_ENTRY_BYTES):
        log.debug("text cache: not storing %s (%d bytes, %d compressed)", sha256, len(text), len(data))
        return False
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{sha256[:16]}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
        return True
    except OSError as exc:  # read-only or full disk: carry on without the cache
        warn(_unusable_folder(path, exc))
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        return False
