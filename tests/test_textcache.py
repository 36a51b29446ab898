"""The text cache: a PDF's bytes are extracted once, then served from ``<cache>/text``."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from paperlens import textcache
from paperlens.cli import app
from paperlens.errors import EncryptedPDFError, PaperlensError
from paperlens.ingest import read_pdf

from fakeserver import answer, fake_llm, llm_env, model_answer  # noqa: F401  (fixtures)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
PDF = FIXTURES / "ico_allocation.pdf"
BROKEN = FIXTURES / "broken"


@pytest.fixture
def opened(monkeypatch) -> list:
    """Every extraction of a PDF (by either engine) from now on (read_pdf looks it up at call time)."""
    from paperlens import ingest

    calls: list = []
    real = ingest._extract

    def counting(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(ingest, "_extract", counting)
    return calls


def entries(cache: Path) -> list[Path]:
    return sorted((cache / textcache.TEXT_DIR).glob("*.json.gz"))


def test_second_read_is_served_from_the_cache(tmp_path, opened):
    cache = tmp_path / "cache"
    first = read_pdf(PDF, cache_dir=cache)
    assert len(opened) == 1 and not first.from_cache
    assert [p.name for p in entries(cache)] == [f"{first.sha256}.json.gz"]

    second = read_pdf(PDF, cache_dir=cache)
    assert len(opened) == 1, "the PDF was extracted again though cached"
    assert second.from_cache


def test_cached_document_equals_a_fresh_one_field_by_field(tmp_path):
    cache = tmp_path / "cache"
    read_pdf(PDF, cache_dir=cache)
    cached = read_pdf(PDF, cache_dir=cache)
    fresh = read_pdf(PDF, use_cache=False)
    assert cached.from_cache and not fresh.from_cache
    assert any(p.layout for p in fresh.pages), "want a fixture with layout-mode pages"
    assert any(fresh.metadata.values()), "want a fixture with metadata"
    for name in ("path", "sha256", "metadata", "warnings"):
        assert getattr(cached, name) == getattr(fresh, name), name
    assert len(cached.pages) == len(fresh.pages)
    for ours, theirs in zip(cached.pages, fresh.pages):
        for name in ("number", "raw", "text", "norm", "layout"):
            assert getattr(ours, name) == getattr(theirs, name), (ours.number, name)
    assert cached == fresh


def test_same_bytes_under_another_name_hit_and_keep_the_new_path(tmp_path, opened):
    cache = tmp_path / "cache"
    read_pdf(PDF, cache_dir=cache)
    copy = tmp_path / "renamed copy.pdf"
    shutil.copyfile(PDF, copy)
    doc = read_pdf(copy, cache_dir=cache)
    assert doc.from_cache and len(opened) == 1
    assert doc.path == copy and len(entries(cache)) == 1


def test_a_changed_file_misses(tmp_path, opened):
    cache = tmp_path / "cache"
    path = tmp_path / "paper.pdf"
    shutil.copyfile(PDF, path)
    before = read_pdf(path, cache_dir=cache)
    path.write_bytes(PDF.read_bytes() + b"\n% an incremental update\n")
    after = read_pdf(path, cache_dir=cache)
    assert not after.from_cache and len(opened) == 2
    assert after.sha256 != before.sha256 and len(entries(cache)) == 2


def _corrupt(path: Path, how: str) -> None:
    good = path.read_bytes()
    entry = json.loads(gzip.decompress(good))
    if how == "garbage":
        path.write_bytes(b"not gzip at all")
    elif how == "truncated":
        path.write_bytes(good[: len(good) // 2])
    elif how == "empty":
        path.write_bytes(b"")
    elif how == "bad_pages":
        path.write_bytes(gzip.compress(json.dumps({**entry, "pages": [[1, None]]}).encode()))
    elif how == "old_version":
        path.write_bytes(gzip.compress(json.dumps({**entry, "version": "ingest-0"}).encode()))
    elif how == "other_hash":
        path.write_bytes(gzip.compress(json.dumps({**entry, "sha256": "0" * 64}).encode()))


@pytest.mark.parametrize("how", ["garbage", "truncated", "empty", "bad_pages", "old_version",
                                 "other_hash"])
def test_an_unusable_entry_is_ignored_and_rewritten(tmp_path, opened, how):
    cache = tmp_path / "cache"
    fresh = read_pdf(PDF, cache_dir=cache)
    [entry] = entries(cache)
    _corrupt(entry, how)

    again = read_pdf(PDF, cache_dir=cache)
    assert not again.from_cache and len(opened) == 2
    assert again == fresh
    third = read_pdf(PDF, cache_dir=cache)  # the rewritten entry serves the next read
    assert third.from_cache and len(opened) == 2 and third == fresh
    assert [p.name for p in (cache / textcache.TEXT_DIR).iterdir()] == [entry.name]  # no temp left


def test_use_cache_false_neither_reads_nor_writes(tmp_path, opened):
    cache = tmp_path / "cache"
    read_pdf(PDF, cache_dir=cache, use_cache=False)
    assert not cache.exists()
    read_pdf(PDF, cache_dir=cache)
    doc = read_pdf(PDF, cache_dir=cache, use_cache=False)
    assert not doc.from_cache and len(opened) == 3


@pytest.mark.parametrize("name", ["not_a_pdf.pdf", "truncated.pdf", "encrypted.pdf",
                                  "image_only.pdf", "empty.pdf"])
def test_errors_are_not_cached(tmp_path, name):
    path = BROKEN / name
    if not path.exists():
        pytest.skip(f"{path} not generated (run fixtures/make_fixtures.py)")
    cache = tmp_path / "cache"
    for _ in range(2):  # the second read fails the same way: nothing was stored
        with pytest.raises(PaperlensError):
            read_pdf(path, cache_dir=cache)
    assert entries(cache) == []


def test_text_that_needed_a_password_is_not_cached(tmp_path):
    path = BROKEN / "encrypted.pdf"
    if not path.exists():
        pytest.skip(f"{path} not generated (run fixtures/make_fixtures.py)")
    cache = tmp_path / "cache"
    assert read_pdf(path, password="secret", cache_dir=cache).page_count > 0
    assert entries(cache) == []
    with pytest.raises(EncryptedPDFError):
        read_pdf(path, cache_dir=cache)


def test_an_unusable_cache_folder_only_disables_caching(tmp_path):
    blocker = tmp_path / "a file"
    blocker.write_text("in the way")
    doc = read_pdf(PDF, cache_dir=blocker / "cache")
    assert doc.page_count > 0 and not doc.from_cache


def test_analyze_and_the_cli_follow_the_cache_options(tmp_path):
    from paperlens.pipeline import analyze

    cache = tmp_path / "cache"
    analyze(PDF, backend="rules", cache_dir=cache, use_cache=False)
    assert entries(cache) == []
    analyze(PDF, backend="rules", cache_dir=cache)
    assert len(entries(cache)) == 1

    runner = CliRunner()
    other = tmp_path / "other"
    result = runner.invoke(app, ["extract", str(PDF), "--cache-dir", str(other), "--no-cache"])
    assert result.exit_code == 0 and entries(other) == []
    result = runner.invoke(app, ["extract", str(PDF), "--cache-dir", str(other)])
    assert result.exit_code == 0 and len(entries(other)) == 1
    assert "===== page 1 =====" in result.output


def _tamper_title(entry: Path, title: str) -> None:
    data = json.loads(gzip.decompress(entry.read_bytes()))
    data["metadata"]["title"] = title
    entry.write_bytes(gzip.compress(json.dumps(data).encode()))


def test_bulk_workers_read_through_the_cache(tmp_path):
    """A worker process serves a cached paper: the (tampered) cached title reaches the report."""
    from paperlens.bulk import run_bulk

    cache = tmp_path / "cache"
    read_pdf(PDF, cache_dir=cache)
    [entry] = entries(cache)
    _tamper_title(entry, "Served From The Text Cache")
    out = tmp_path / "out"
    summary = run_bulk([PDF], out, backend="rules", workers=1, quiet=True, timeout=None,
                       cache_dir=cache)
    assert summary.ok == 1
    [report] = out.glob("ico-allocation-*.json")
    assert json.loads(report.read_text("utf-8"))["file"]["title"] == "Served From The Text Cache"


@pytest.mark.usefixtures("llm_env")
def test_batch_prefetch_and_the_bulk_run_share_one_extraction(tmp_path, fake_llm, monkeypatch):
    """Each paper is extracted once, by the prefetch; the bulk run reads those entries back."""
    from paperlens import batch as batch_module
    from paperlens.bulk import run_bulk
    from paperlens.schema import Tokenomics

    fake_llm.default = answer(model_answer(Tokenomics()))
    cache = tmp_path / "cache"
    after_prefetch: dict[str, int] = {}
    real_prefetch = batch_module.prefetch

    def prefetch(*args, **kwargs):
        outcome = real_prefetch(*args, **kwargs)
        after_prefetch.update({p.name: p.stat().st_ino for p in entries(cache)})
        return outcome

    monkeypatch.setattr(batch_module, "prefetch", prefetch)
    papers = [FIXTURES / n for n in ("ico_allocation.pdf", "defi_governance.pdf")]
    summary = run_bulk(papers, tmp_path / "out", backend="llm", base_url=fake_llm.base_url,
                       model="gpt-4o-mini", cache_dir=cache, timeout=None, workers=1, quiet=True,
                       batch=True, batch_poll=0.01)
    assert summary.ok == 2 and fake_llm.chat_requests == []
    assert len(after_prefetch) == 2, "the prefetch did not fill the text cache"
    # an entry rewritten by a second extraction would be a new file (temp + rename)
    assert {p.name: p.stat().st_ino for p in entries(cache)} == after_prefetch
