"""Safe input discovery for ``paperlens bulk``: PDFs, folders and archives.

:func:`discover` walks the inputs lazily and yields, in a stable order, one
:class:`Found` per PDF (hashed, on disk) or one :class:`Skipped` per entry that
is not analysed (not a PDF, or rejected for safety, with a reason).

Archives (.zip, .tar, .tar.gz/.tgz, .tar.bz2, .tar.xz) are read member by
member and never extracted wholesale: each PDF member is streamed into its own
temporary file (``Found.temporary``; the caller deletes it once read). Members
are rejected when their name is absolute or climbs out with ``..``, when they
are links or devices, encrypted, or when they break the :class:`Limits` on
member count, member size, total uncompressed size or compression ratio (zip
bombs). Sizes are enforced on the bytes actually produced, not only on the
sizes the archive declares.

Only regular files are read: a FIFO, a device or a socket (even named ``*.pdf``)
is skipped without being opened for long, so nothing blocks discovery. In a
folder, a symbolic link whose target lies outside that folder is not followed,
and a file that cannot be read is skipped with the reason.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import stat
import tarfile
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import IO, Callable, Iterator, Union

CHUNK = 1 << 20
ZIP_SUFFIXES = (".zip",)
TAR_SUFFIXES = (".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz")


@dataclass(frozen=True)
class Limits:
    """Per-archive safety limits."""

    max_members: int = 10_000
    max_member_bytes: int = 256 << 20
    max_total_bytes: int = 2 << 30
    max_ratio: float = 100.0
    ratio_floor_bytes: int = 1 << 20  # the ratio is only checked above this size


@dataclass(frozen=True)
class Found:
    """A PDF to analyse. ``name`` is what reports show (``a.zip!dir/x.pdf``)."""

    name: str
    path: Path
    sha256: str
    size: int
    temporary: bool = False


@dataclass(frozen=True)
class Skipped:
    """An entry not analysed: ``code`` is ``not_pdf`` or a rejection reason code."""

    name: str
    code: str
    reason: str


Entry = Union[Found, Skipped]


class _Rejected(Exception):
    def __init__(self, code: str, reason: str):
        super().__init__(reason)
        self.code, self.reason = code, reason


def archive_kind(path: Path) -> str | None:
    """``"zip"``, ``"tar"`` or ``None`` from the file name."""
    name = path.name.lower()
    if name.endswith(ZIP_SUFFIXES):
        return "zip"
    if name.endswith(TAR_SUFFIXES):
        return "tar"
    return None


def unsafe_name(name: str) -> str | None:
    """Why an archive member name is unsafe (absolute, ``..``), or ``None``."""
    norm = name.replace("\\", "/")
    if norm.startswith("/") or re.match(r"^[A-Za-z]:", norm):
        return "absolute path"
    if ".." in norm.split("/"):
        return "path traversal (..)"
    if "\x00" in norm:
        return "NUL byte in name"
    return None


def _is_pdf_name(name: str) -> bool:
    return name.lower().endswith(".pdf")


def open_regular(path: Path) -> IO[bytes]:
    """Open ``path`` for reading only if it is a regular file.

    Opened non-blocking and checked on the open descriptor, so a FIFO or a device
    (``/dev/zero`` behind a symlink) is refused at once instead of blocking or
    streaming forever. Raises :class:`_Rejected` (``special``) or ``OSError``.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise _Rejected("special", f"not a regular file ({_kind_of(mode)}): not read")
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _kind_of(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "special file"


def sha256_file(path: Path) -> tuple[str, int]:
    """SHA-256 hex digest and size of a regular file, read in chunks."""
    digest, size = hashlib.sha256(), 0
    with open_regular(path) as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


TEMP_PREFIX = "paperlens-bulk-"
TEMP_OWNER = "owner.pid"
STALE_AFTER = 600.0  # seconds without a change before a dead run's temp folder is removed


def temp_folder() -> TemporaryDirectory:
    """A temporary folder for archive members, marked with this process id.

    Folders that runs killed with SIGKILL left behind (their process gone, nothing
    written for :data:`STALE_AFTER` seconds, owned by this user) are removed first.
    """
    for old in Path(tempfile.gettempdir()).glob(TEMP_PREFIX + "*"):
        try:
            pid = int((old / TEMP_OWNER).read_text(encoding="ascii"))
            if old.stat().st_uid != os.getuid() or time.time() - old.stat().st_mtime < STALE_AFTER:
                continue
            os.kill(pid, 0)
        except ProcessLookupError:
            shutil.rmtree(old, ignore_errors=True)
        except (OSError, ValueError):  # not ours, no mark, or a live process
            continue
    folder = TemporaryDirectory(prefix=TEMP_PREFIX)
    (Path(folder.name) / TEMP_OWNER).write_text(str(os.getpid()), encoding="ascii")
    return folder


def discover(inputs: list[Path], tmpdir: Path, limits: Limits = Limits()) -> Iterator[Entry]:
    """Yield every PDF (and every skipped entry) under ``inputs``, lazily.

    Archive members are streamed into files under ``tmpdir``. Raises
    ``FileNotFoundError`` for an input that does not exist.
    """
    counter = iter(range(1 << 62))
    for raw in inputs:
        path = Path(raw)
        if not path.exists():
            raise FileNotFoundError(f"{path}: no such file or directory")
        if path.is_dir():
            for file in _walk(path):
                if isinstance(file, Skipped):
                    yield file
                else:
                    yield from _file(file, str(file), False, tmpdir, limits, counter)
        else:
            yield from _file(path, str(path), True, tmpdir, limits, counter)


def _walk(root: Path) -> Iterator[Path | Skipped]:
    """Files under ``root`` in a stable order; folders that cannot be listed and
    symbolic links that lead outside ``root`` come as :class:`Skipped`."""
    errors: list[OSError] = []
    real_root = os.path.realpath(root)
    for dirpath, dirnames, filenames in os.walk(root, onerror=errors.append):
        while errors:
            exc = errors.pop(0)
            yield Skipped(str(exc.filename or dirpath), "unreadable",
                          f"folder cannot be read ({type(exc).__name__}: {exc.strerror})")
        for name in sorted(dirnames):
            if os.path.islink(os.path.join(dirpath, name)):  # os.walk does not follow these
                yield Skipped(os.path.join(dirpath, name), "link",
                              "symbolic link to a folder: not followed")
        dirnames.sort()
        for name in sorted(filenames):
            path = Path(dirpath) / name
            if path.is_symlink() and not _inside(os.path.realpath(path), real_root):
                if _is_pdf_name(name) or archive_kind(path):
                    yield Skipped(str(path), "link", "symbolic link leading outside the input "
                                                     "folder: not followed")
                continue
            yield path
    while errors:  # the root itself could not be listed
        exc = errors.pop(0)
        yield Skipped(str(exc.filename or root), "unreadable",
                      f"folder cannot be read ({type(exc).__name__}: {exc.strerror})")


def _inside(target: str, root: str) -> bool:
    return target == root or target.startswith(root.rstrip(os.sep) + os.sep)


def _file(path: Path, name: str, explicit: bool, tmpdir: Path, limits: Limits,
          counter) -> Iterator[Entry]:
    kind = archive_kind(path)
    if kind is None:
        if explicit or _is_pdf_name(path.name):  # a file named on the command line is tried
            try:
                sha, size = sha256_file(path)
            except _Rejected as exc:
                yield Skipped(name, exc.code, exc.reason)
                return
            except OSError as exc:
                yield Skipped(name, "unreadable", f"cannot be read ({type(exc).__name__}: "
                                                  f"{exc.strerror or exc})")
                return
            yield Found(name=name, path=path, sha256=sha, size=size)
        else:
            yield Skipped(name, "not_pdf", "not a PDF")
        return
    members = _zip_members if kind == "zip" else _tar_members
    try:
        for member_name, opener, rejection in members(path, limits):
            display = f"{name}!{member_name}"
            if rejection is not None:
                yield Skipped(display, *rejection)
            elif not _is_pdf_name(member_name):
                yield Skipped(display, "not_pdf", "not a PDF")
            else:
                yield _copy_member(display, member_name, opener, tmpdir, limits, counter)
    except _Rejected as exc:
        yield Skipped(name, exc.code, exc.reason)
    except (zipfile.BadZipFile, tarfile.TarError, EOFError, OSError) as exc:
        yield Skipped(name, "bad_archive", f"unreadable archive ({type(exc).__name__}: {exc})")


Member = tuple[str, Callable[[], IO[bytes]], "tuple[str, str] | None"]


def _zip_members(path: Path, limits: Limits) -> Iterator[Member]:
    with open_regular(path) as raw, zipfile.ZipFile(raw) as zf:
        infos = [i for i in zf.infolist() if not i.is_dir()]
        if len(infos) > limits.max_members:
            raise _Rejected("too_many_members",
                            f"{len(infos)} members, over the limit of {limits.max_members}")
        total = 0
        for info in infos:
            mode = info.external_attr >> 16 if info.create_system == 3 else 0  # unix modes
            rejection = None
            if (why := unsafe_name(info.filename)) is not None:
                rejection = ("unsafe_path", why)
            elif stat.S_ISLNK(mode):
                rejection = ("link", "symbolic link member")
            elif stat.S_IFMT(mode) not in (0, stat.S_IFREG):
                rejection = ("special", "device or special file member")
            elif info.flag_bits & 0x1:
                rejection = ("encrypted", "encrypted archive member")
            elif _is_pdf_name(info.filename):
                rejection = _size_check(info.file_size, info.compress_size, total, limits)
                if rejection is None:
                    total += info.file_size
            yield info.filename, (lambda info=info: zf.open(info)), rejection


def _tar_members(path: Path, limits: Limits) -> Iterator[Member]:
    stream_total = 0  # every member is decompressed, even the ones skipped
    count = 0
    with open_regular(path) as raw, tarfile.open(fileobj=raw, mode="r|*") as tf:
        compressed = os.fstat(raw.fileno()).st_size
        for info in tf:
            count += 1
            if count > limits.max_members:
                raise _Rejected("too_many_members",
                                f"over {limits.max_members} members: the rest was not read")
            stream_total += info.size
            if stream_total > limits.max_total_bytes or (
                stream_total > limits.ratio_floor_bytes
                and stream_total > limits.max_ratio * max(compressed, 1)
            ):
                raise _Rejected("bomb", f"uncompressed size passes the limits at {info.name!r}: "
                                        "the rest was not read")
            if info.isdir():
                continue
            rejection = None
            if (why := unsafe_name(info.name)) is not None:
                rejection = ("unsafe_path", why)
            elif info.issym() or info.islnk():
                rejection = ("link", "symbolic or hard link member")
            elif not info.isreg():
                rejection = ("special", "device or special file member")
            elif info.size > limits.max_member_bytes:
                rejection = ("too_large", f"{info.size} bytes, over the limit of "
                                          f"{limits.max_member_bytes}")
            yield info.name, (lambda info=info: tf.extractfile(info)), rejection


def _size_check(size: int, packed: int, total: int, limits: Limits) -> tuple[str, str] | None:
    if size > limits.max_member_bytes:
        return "too_large", f"{size} bytes, over the limit of {limits.max_member_bytes}"
    if total + size > limits.max_total_bytes:
        return "too_large", f"archive total would pass {limits.max_total_bytes} bytes"
    if size > limits.ratio_floor_bytes and size > limits.max_ratio * max(packed, 1):
        return "bomb", f"compression ratio {size / max(packed, 1):.0f}:1 over {limits.max_ratio:.0f}:1"
    return None


def _safe_basename(member_name: str) -> str:
    base = member_name.replace("\\", "/").rsplit("/", 1)[-1]
    base = re.sub(r"[^\w.\- ]", "_", base).strip(". ") or "member"
    return base[:150] if base.lower().endswith(".pdf") else base[:146] + ".pdf"


def _copy_member(display, member_name, opener, tmpdir: Path, limits: Limits, counter) -> Entry:
    folder = Path(tmpdir) / f"m{next(counter):07d}"
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / _safe_basename(member_name)
    digest, size = hashlib.sha256(), 0
    try:
        with opener() as src, open(target, "wb") as dst:
            while chunk := src.read(CHUNK):
                size += len(chunk)
                if size > limits.max_member_bytes:
                    raise _Rejected("too_large", f"over {limits.max_member_bytes} bytes when read")
                digest.update(chunk)
                dst.write(chunk)
    except _Rejected as exc:
        _remove(target)
        return Skipped(display, exc.code, exc.reason)
    except (zipfile.BadZipFile, tarfile.TarError, EOFError, OSError, ValueError) as exc:
        _remove(target)
        return Skipped(display, "bad_member", f"member could not be read ({type(exc).__name__})")
    return Found(name=display, path=target, sha256=digest.hexdigest(), size=size, temporary=True)


def _remove(path: Path) -> None:
    try:
        path.unlink()
        path.parent.rmdir()
    except OSError:
        pass


def release(found: Found) -> None:
    """Delete the temporary copy of an archive member (no-op for real files)."""
    if found.temporary:
        _remove(found.path)


def count_pdfs(inputs: list[Path], limits: Limits = Limits()) -> int:
    """How many PDFs :func:`discover` would yield, without copying anything.

    Cheap for folders and zips (central directory); tar archives are read
    through once. Used for the progress bar's total.
    """
    total = 0
    for raw in inputs:
        path = Path(raw)
        files = _walk(path) if path.is_dir() else [path] if path.exists() else []
        for file in files:
            if isinstance(file, Skipped):
                continue
            kind = archive_kind(file)
            if kind is None:
                total += _is_pdf_name(file.name) or not path.is_dir()
                continue
            members = _zip_members if kind == "zip" else _tar_members
            try:
                total += sum(1 for name, _, rej in members(file, limits)
                             if rej is None and _is_pdf_name(name))
            except (_Rejected, zipfile.BadZipFile, tarfile.TarError, EOFError, OSError):
                pass
    return total
