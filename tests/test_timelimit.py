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


def _busy(seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass


def test_a_time_limit_swallowed_by_a_handler_is_raised_again():
    """Code that catches every exception (a page that cannot be read, a failing rules step)
    must not end the limit: the alarm repeats until the error gets through."""
    def swallow_then_work():
        try:
            _busy(5)
        except Exception:  # the limit lands here first
            pass
        _busy(5)
        return "finished"

    started = time.monotonic()
    with pytest.raises(TimeLimitError):
        with time_limit(0.3):
            swallow_then_work()
    assert time.monotonic() - started < 4  # not the 5 s the swallowing code would spend


@pytest.mark.parametrize("engine", ["pdfium", "pypdf"])
def test_analyze_stops_even_when_the_limit_lands_in_a_page_read(fixtures_dir, monkeypatch, engine):
    """The limit reached while a page is read (caught there as "the page cannot be loaded",
    then read again by the other engine) still ends the analysis with TimeLimitError."""
    import paperlens
    from paperlens.ingest.engines import PdfiumReader, PypdfReader

    reader = PdfiumReader if engine == "pdfium" else PypdfReader
    method = "page" if engine == "pdfium" else "text"
    original = getattr(reader, method)

    def slow(self, *args):
        _busy(3)  # a page that takes long to read
        return original(self, *args)

    monkeypatch.setattr(reader, method, slow)
    started = time.monotonic()
    with pytest.raises(TimeLimitError):
        paperlens.analyze(fixtures_dir / "defi_governance.pdf", backend="rules", engine=engine, timeout=0.5,
                          use_cache=False)
    assert time.monotonic() - started < 10  # a hang guard
