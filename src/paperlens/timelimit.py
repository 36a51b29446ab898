"""A time limit for one paper's analysis.

:func:`time_limit` sets a deadline; stages that wait on something outside
(the LLM server) ask :func:`remaining` how long they may still wait. In the
main thread of a POSIX process an alarm also interrupts pure computation, so
a pathological page cannot run forever: :class:`~paperlens.errors.TimeLimitError`
is raised wherever the work is.
"""

from __future__ import annotations

import signal
import threading
import time
from contextlib import contextmanager
from typing import Iterator

from paperlens.errors import TimeLimitError

_deadline: float | None = None
REPEAT = 0.5  # seconds between alarms once the deadline has passed


def remaining() -> float | None:
    """Seconds left before the current deadline, or None when there is none."""
    return None if _deadline is None else max(0.0, _deadline - time.monotonic())


def check() -> None:
    """Raise :class:`TimeLimitError` when the deadline has passed."""
    if _deadline is not None and time.monotonic() >= _deadline:
        raise TimeLimitError("time limit reached")


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Run the body under a limit of ``seconds`` (None or 0: no limit)."""
    global _deadline
    if not seconds or seconds <= 0:
        yield
        return
    outer = _deadline
    _deadline = time.monotonic() + seconds if outer is None else min(outer, time.monotonic() + seconds)
    alarm = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    armed = True
    if alarm:
        def _expired(signum, frame):
            if armed:
                raise TimeLimitError(f"time limit of {seconds:g} s reached")

        previous = signal.signal(signal.SIGALRM, _expired)
        # past the deadline the alarm repeats: code that catches every exception (a page
        # that cannot be read, a failing rules step) gets the error again until it gets through
        signal.setitimer(signal.ITIMER_REAL, max(0.001, _deadline - time.monotonic()), REPEAT)
    try:
        yield
    finally:
        armed = False
        if alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
        _deadline = outer
