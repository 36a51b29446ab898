"""The output folder of a bulk run: checked before any paper is read (:func:`check_out`),
and held by one run at a time (:class:`OutLock`)."""

from __future__ import annotations

import os
import tempfile
from datetime import datetime, timezone
from pathlib import Path

from paperlens.errors import ConfigError
from paperlens.safetext import printable

LOCK = ".paperlens-bulk.lock"


def check_out(out: Path) -> None:
    """Make sure ``out`` is (or can be made) a folder we can write in, before any
    paper is read. Raises :class:`ConfigError` with a one-line reason."""
    shown = printable(out)
    if out.exists() and not out.is_dir():
        raise ConfigError(f"--out {shown}: is a file, not a folder")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(f"--out {shown}: cannot create the folder "
                          f"({exc.strerror or type(exc).__name__})") from None
    try:
        fd, probe = tempfile.mkstemp(dir=out, prefix=".paperlens-probe-", suffix=".tmp")
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise ConfigError(f"--out {shown}: cannot write in this folder "
                          f"({exc.strerror or type(exc).__name__})") from None


class OutLock:
    """One run per output folder: an exclusive ``flock`` on ``<out>/.paperlens-bulk.lock``,
    held for the run and released by the kernel if the process dies. The file says
    which process holds it (pid, start time) for the message another run shows."""

    def __init__(self, out: Path):
        self.path = out / LOCK
        self.fd: int | None = None

    def __enter__(self) -> OutLock:
        import fcntl

        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o666)
        except OSError as exc:
            raise ConfigError(f"--out {printable(self.path.parent)}: cannot create the lock file "
                              f"({exc.strerror or type(exc).__name__})") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            try:
                holder = printable(os.pread(fd, 200, 0).decode("utf-8", "replace")).strip()
            except OSError:
                holder = ""
            os.close(fd)
            raise ConfigError(f"--out {printable(self.path.parent)} is in use by another paperlens bulk "
                              f"run ({holder or 'process unknown'}): wait for it to finish, or "
                              "use another --out") from None
        self.fd = fd
        started = datetime.now(timezone.utc).isoformat(timespec="seconds")
        try:
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"pid {os.getpid()}, started {started}\n".encode(), 0)
        except OSError:
            pass  # a full disk: the lock holds all the same
        return self

    def __exit__(self, *exc) -> None:
        if self.fd is not None:
            os.close(self.fd)  # releases the lock; the file stays (removing it would race)
            self.fd = None
