"""The text cache: a PDF's bytes are extracted once, then served from ``<cache>/text``."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from paperlens.ingest import textcache
from paperlens.cli import app
from paperlens.errors import EncryptedPDFError, PaperlensError
from paperlens.ingest.document import read_pdf

from fakeserver import answer, fake_llm, llm_env, model_answer  # noqa: F401  (fixtures)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
PDF = FIXTURES / "ico_allocation.pdf"
BROKEN = FIXTURES / "broken"


@pytest.fixture
def opened(monkeypatch) -> list:
    """Every extraction of a PDF (by either engine) from now on (read_pdf looks it up at call time)."""
    from paperlens.ingest import document as ingest

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


def _packed(entry: dict) -> bytes:
    return gzip.compress(json.dumps(entry).encode())


def _with_page(entry: dict, index: int, value) -> dict:
    pages = [list(p) for p in entry["pages"]]
    pages[0][index] = value
    return {**entry, "pages": pages}


def _with_metadata(entry: dict, **changes) -> dict:
    return {**entry, "metadata": {**entry["metadata"], **changes}}


def _gzip_stream(chunks) -> bytes:
    """gzip of the concatenated ``chunks``, made without holding them all at once."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    return b"".join(packer.compress(c) for c in chunks) + packer.flush()


def _bomb(size: int) -> bytes:
    """A well-formed gzip of a JSON entry whose title is ``size`` spaces (ratio ~1000:1)."""
    return _gzip_stream([b'{"metadata": {"title": "', *([b" " * 2**20] * (size // 2**20)), b'"}}'])


def _forged_size(good: bytes) -> bytes:
    """A bomb whose gzip trailer claims the size of ``good``'s content."""
    return _bomb(8 * 2**20)[:-4] + good[-4:]


# each corruption from what the good entry's bytes and JSON become
CORRUPTIONS = {
    "garbage": lambda good, e: b"not gzip at all",
    "truncated": lambda good, e: good[: len(good) // 2],
    "empty": lambda good, e: b"",
    "trailing_bytes": lambda good, e: good + b"more",
    "not_utf8": lambda good, e: gzip.compress(json.dumps(e).encode().replace(b'"pdfium', b'"\xffpdfium', 1)),
    "a_list": lambda good, e: _packed([e]),
    "extra_key": lambda good, e: _packed({**e, "extra": 1}),
    "missing_key": lambda good, e: _packed({k: v for k, v in e.items() if k != "warnings"}),
    "extra_metadata_key": lambda good, e: _packed(_with_metadata(e, publisher="ACME")),
    "title_not_text": lambda good, e: _packed(_with_metadata(e, title=42)),
    "title_a_list": lambda good, e: _packed(_with_metadata(e, title=["Nova"])),
    "nan_title": lambda good, e: _packed(_with_metadata(e, title=float("nan"))),
    "infinite_page_number": lambda good, e: _packed(_with_page(e, 0, float("inf"))),
    "float_page_number": lambda good, e: _packed(_with_page(e, 0, 1.0)),
    "bool_page_number": lambda good, e: _packed(_with_page(e, 0, True)),
    "page_text_null": lambda good, e: _packed(_with_page(e, 2, None)),
    "layout_a_number": lambda good, e: _packed(_with_page(e, 4, 5)),
    "short_page": lambda good, e: _packed({**e, "pages": [[1, None]]}),
    "pages_out_of_order": lambda good, e: _packed({**e, "pages": e["pages"][::-1]}),
    "no_pages": lambda good, e: _packed({**e, "pages": []}),
    "warnings_not_text": lambda good, e: _packed({**e, "warnings": [None]}),
    "other_hash": lambda good, e: _packed({**e, "sha256": "0" * 64}),
    "deep_json": lambda good, e: gzip.compress(b'{"pages":' + b"[" * 200_000 + b"]" * 200_000 + b"}"),
    "gzip_bomb": lambda good, e: _bomb(100 * 2**20),
    "gzip_bomb_forged_size": lambda good, e: _forged_size(good),
}


def _corrupt(path: Path, how: str) -> None:
    good = path.read_bytes()
    path.write_bytes(CORRUPTIONS[how](good, json.loads(gzip.decompress(good))))


def _warned(doc, entry: Path) -> list[str]:
    return [w for w in doc.warnings if w.startswith("text cache:") and str(entry) in w]


@pytest.mark.parametrize("how", sorted(CORRUPTIONS))
def test_a_corrupted_entry_is_discarded_with_a_warning_and_rewritten(tmp_path, opened, how):
    cache = tmp_path / "cache"
    fresh = read_pdf(PDF, cache_dir=cache)
    [entry] = entries(cache)
    _corrupt(entry, how)

    again = read_pdf(PDF, cache_dir=cache)
    assert not again.from_cache and len(opened) == 2
    [warning] = _warned(again, entry)
    assert "discarded" in warning and "extracted again" in warning
    assert again.warnings == fresh.warnings + [warning]
    assert (again.pages, again.metadata, again.engine) == (fresh.pages, fresh.metadata, fresh.engine)
    third = read_pdf(PDF, cache_dir=cache)  # the rewritten entry serves the next read
    assert third.from_cache and len(opened) == 2 and third == fresh
    assert [p.name for p in (cache / textcache.TEXT_DIR).iterdir()] == [entry.name]  # no temp left


@pytest.mark.parametrize("how", sorted(CORRUPTIONS))
def test_load_deletes_a_corrupted_entry(tmp_path, how):
    cache = tmp_path / "cache"
    doc = read_pdf(PDF, cache_dir=cache)
    version = json.loads(gzip.decompress(entries(cache)[0].read_bytes()))["version"]
    [entry] = entries(cache)
    _corrupt(entry, how)
    said: list[str] = []
    assert textcache.load(doc.sha256, version, cache, said.append) is None
    assert not entry.exists() and len(said) == 1 and str(entry) in said[0]
    assert textcache.load(doc.sha256, version, cache, said.append) is None and len(said) == 1


def test_another_versions_entry_is_a_quiet_miss(tmp_path, opened):
    cache = tmp_path / "cache"
    fresh = read_pdf(PDF, cache_dir=cache)
    [entry] = entries(cache)
    entry.write_bytes(_packed({**json.loads(gzip.decompress(entry.read_bytes())), "version": "ingest-0"}))
    again = read_pdf(PDF, cache_dir=cache)
    assert not again.from_cache and len(opened) == 2 and again == fresh  # no warning either
    assert read_pdf(PDF, cache_dir=cache).from_cache


def test_a_gzip_bomb_is_not_decompressed(tmp_path):
    """The 100 MB bomb is refused after at most MAX_RATIO times its size is inflated.

    zlib's output buffer grows by reallocation, so the peak is up to twice that bound.
    """
    import tracemalloc

    cache = tmp_path / "cache"
    doc = read_pdf(PDF, cache_dir=cache)
    [entry] = entries(cache)
    version = json.loads(gzip.decompress(entry.read_bytes()))["version"]
    entry.write_bytes(_bomb(100 * 2**20))
    bound = textcache.MAX_RATIO * entry.stat().st_size
    assert bound < 40 * 2**20
    said: list[str] = []
    tracemalloc.start()
    try:
        assert textcache.load(doc.sha256, version, cache, said.append) is None
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 2 * bound + 4 * 2**20, f"{peak:,} bytes allocated for a {bound:,} bytes limit"
    assert "decompresses beyond" in said[0]


def test_an_entry_in_place_of_a_fifo_does_not_hang(tmp_path, opened):
    cache = tmp_path / "cache"
    fresh = read_pdf(PDF, cache_dir=cache)
    [entry] = entries(cache)
    entry.unlink()
    os.mkfifo(entry)
    again = read_pdf(PDF, cache_dir=cache)  # a blocking open would wait for a writer forever
    assert "not a regular file" in _warned(again, entry)[0] and again.pages == fresh.pages
    assert read_pdf(PDF, cache_dir=cache) == fresh


def test_an_entry_file_beyond_the_size_bound_is_not_read(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    read_pdf(PDF, cache_dir=cache)
    [entry] = entries(cache)
    monkeypatch.setattr(textcache, "MAX_ENTRY_BYTES", entry.stat().st_size - 1)
    again = read_pdf(PDF, cache_dir=cache)
    assert not again.from_cache and "larger than" in _warned(again, entry)[0]


def test_an_entry_too_large_to_read_back_is_not_stored(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setattr(textcache, "MAX_ENTRY_BYTES", 1000)
    doc = read_pdf(PDF, cache_dir=cache)
    assert entries(cache) == [] and not any("cache" in w for w in doc.warnings)


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
    assert doc.warnings == [f"text cache: {blocker / 'cache' / 'text'} cannot be used (Not a directory); "
                            "the run goes on without it"]


def test_a_file_in_place_of_the_text_folder_warns_and_the_run_goes_on(tmp_path, opened):
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / textcache.TEXT_DIR).write_text("in the way")
    for _ in range(2):
        doc = read_pdf(PDF, cache_dir=cache)
        assert doc.page_count > 0 and not doc.from_cache
        said = [w for w in doc.warnings if w.startswith("text cache:")]
        assert said and all(f"{cache / textcache.TEXT_DIR} cannot be used" in w for w in said)
    assert len(opened) == 2 and (cache / textcache.TEXT_DIR).read_text() == "in the way"


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_cache_folder_warns_and_the_run_goes_on(tmp_path, opened):
    cache = tmp_path / "cache"
    read_pdf(PDF, cache_dir=cache)
    folder = cache / textcache.TEXT_DIR
    folder.chmod(0o555)
    try:
        assert read_pdf(PDF, cache_dir=cache).from_cache  # reading still works
        other = read_pdf(FIXTURES / "defi_governance.pdf", cache_dir=cache)
    finally:
        folder.chmod(0o755)
    assert not other.from_cache and len(opened) == 2
    assert [w for w in other.warnings if "text cache" in w] == [
        f"text cache: {folder} cannot be used (Permission denied); the run goes on without it"]


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
    from paperlens.bulk.run import run_bulk

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
    from paperlens.bulk import batch as batch_module
    from paperlens.bulk.run import run_bulk
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


def test_analyze_command_survives_a_corrupted_entry(tmp_path):
    """The installed ``paperlens analyze`` (rules), run again after each corruption: exit 0, a warning
    naming the entry, the same result; the run after that is served quietly from the cache."""
    command = Path(sys.executable).with_name("paperlens")
    if not command.exists():
        pytest.skip("the paperlens command is not installed next to this Python")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "xdg")}

    def analyze(tag: str) -> tuple[subprocess.CompletedProcess, dict]:
        out = tmp_path / f"{tag}.json"
        proc = subprocess.run([str(command), "analyze", str(PDF), "--backend", "rules",
                               "--json", str(out)], capture_output=True, text=True, env=env,
                              timeout=300)
        assert proc.returncode == 0, proc.stderr
        assert "Traceback" not in proc.stdout + proc.stderr
        return proc, json.loads(out.read_text("utf-8"))

    _, first = analyze("first")
    [entry] = entries(tmp_path / "xdg" / "paperlens")
    for how in ("extra_metadata_key", "title_not_text", "nan_title", "deep_json", "gzip_bomb"):
        _corrupt(entry, how)
        proc, result = analyze(how)
        [warning] = [w for w in result["warnings"] if w.startswith("text cache:")]
        assert str(entry) in warning and "discarded" in warning, how
        assert "warning: text cache:" in proc.stdout, how
        assert result["file"] == first["file"] and result["tokenomics"] == first["tokenomics"], how
        assert result["grade"] == first["grade"], how
    proc, result = analyze("after")
    assert "cache" not in proc.stdout and result["warnings"] == first["warnings"]
