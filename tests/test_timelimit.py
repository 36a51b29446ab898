"""The per-paper time limit interrupts computation and tells stages how long is left."""

import re
import time

import pytest

from paperlens.errors import TimeLimitError
from paperlens.timelimit import remaining, time_limit


def test_a_runaway_regex_is_interrupted():
    started = time.monotonic()
    with pytest.raises(TimeLimitError):
        with time_limit(0.3):
            re.match(r"(a+)+$", "a" * 40 + "b")  # catastrophic backtracking
    assert time.monotonic() - started < 10  # a hang guard, not a speed assertion


def test_remaining_counts_down_and_is_none_outside():
    assert remaining() is None
    with time_limit(5):
        left = remaining()
        assert left is not None and 0 < left <= 5
    assert remaining() is None


def test_no_limit_means_none():
    with time_limit(None):
        assert remaining() is None
