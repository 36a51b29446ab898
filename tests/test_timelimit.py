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


def _spin(*args, **kwargs):
    while True:  # a stage that never finishes on its own
        pass


def test_analyze_stops_at_its_timeout(fixtures_dir, monkeypatch):
    """A stage stuck in computation ends the analysis with TimeLimitError (exit 15), not a hang."""
    import paperlens
    import paperlens.pipeline

    monkeypatch.setattr(paperlens.pipeline, "scan_language", _spin)
    started = time.monotonic()
    with pytest.raises(TimeLimitError) as caught:
        paperlens.analyze(fixtures_dir / "defi_governance.pdf", timeout=0.5, use_cache=False)
    assert caught.value.exit_code == 15
    assert time.monotonic() - started < 30  # a hang guard
    assert remaining() is None  # the deadline is gone once analyze returns


def test_analyze_without_timeout_finishes(fixtures_dir):
    import paperlens

    result = paperlens.analyze(fixtures_dir / "defi_governance.pdf", timeout=60, use_cache=False)
    assert result.file.pages >= 1
    assert remaining() is None


def test_cli_analyze_timeout_is_a_one_line_error(fixtures_dir, monkeypatch):
    import paperlens.pipeline
    from typer.testing import CliRunner

    from paperlens.cli import app

    monkeypatch.setattr(paperlens.pipeline, "scan_language", _spin)
    out = CliRunner().invoke(app, ["analyze", str(fixtures_dir / "defi_governance.pdf"), "--timeout", "0.5",
                                   "--no-cache"])
    assert out.exit_code == 15
    assert "time limit" in out.output and "Traceback" not in out.output
