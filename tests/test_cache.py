"""The LLM answer cache (SQLite): rows checked on read, a bad row discarded and named, an unusable
database reported, never a traceback; through :class:`Cache` and through the llm backend."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from paperlens.cache import DB_NAME, BadEntryError, Cache, CacheError, load_json
from paperlens.cli import app
from paperlens.errors import PaperlensError
from paperlens.extract.llm import extract_llm
from paperlens.ingest.document import read_pdf
from paperlens.schema import Fact, Tokenomics

from fakeserver import answer, fake_llm, llm_env, model_answer  # noqa: F401  (fixtures)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
PDF = FIXTURES / "ico_allocation.pdf"

# what a corrupted row's value becomes, as an SQL expression and its parameters
CORRUPTIONS = {
    "garbage": ("?", ("}{ not json",)),
    "empty_list": ("?", ("[]",)),
    "blob": ("?", (b'{"content": "a blob"}',)),
    "null": ("NULL", ()),
    "number": ("?", (42,)),
    "not_utf8": ("CAST(? AS TEXT)", (b'{"content": "\xff"}',)),
    "nan": ("?", ('{"content": NaN}',)),
    "content_not_text": ("?", ('{"content": ["x"]}',)),
    "extra_key": ("?", ('{"content": "x", "kind": "extract"}',)),
    "deep_json": ("?", ('{"content": ' + "[" * 200_000 + "]" * 200_000 + "}",)),
}


def corrupt(cache: Cache, key: str, how: str) -> None:
    sql, params = CORRUPTIONS[how]
    with sqlite3.connect(cache.path) as db:
        assert db.execute(f"UPDATE answers SET value = {sql} WHERE key = ?", (*params, key)).rowcount == 1


def keys(cache: Cache) -> list[str]:
    with sqlite3.connect(cache.path) as db:
        return [k for (k,) in db.execute("SELECT key FROM answers ORDER BY key")]


@pytest.mark.parametrize("text, depth", [("5", 1), ("[]", 1), ('{"a": [1]}', 2), ("[[[]]]", 3),
                                         ('[{"a": {"b": 1}}]', 3)])
def test_load_json_bounds_the_depth(text, depth):
    assert load_json(text, depth) == json.loads(text)
    with pytest.raises(ValueError, match=f"nested more than {depth - 1} deep"):
        load_json(text, depth - 1)


@pytest.mark.parametrize("text", ["[NaN]", '{"a": Infinity}', "-Infinity", "[" * 200_000 + "]" * 200_000])
def test_load_json_refuses_what_is_not_finite_or_too_deep(text):
    with pytest.raises(ValueError):
        load_json(text, 3)


def test_put_and_get(tmp_path):
    cache = Cache(tmp_path)
    assert cache.get("k") is None
    cache.put("k", {"content": "answer"}, kind="extract", model="m")
    assert cache.get("k") == {"content": "answer"} and len(cache) == 1


def test_put_refuses_what_get_would_discard(tmp_path):
    cache = Cache(tmp_path)
    for value in ({"content": 1}, {"content": "x", "more": "y"}, {}):
        with pytest.raises(ValueError):
            cache.put("k", value)
    assert len(cache) == 0


@pytest.mark.parametrize("how", sorted(CORRUPTIONS))
def test_a_bad_row_is_deleted_and_named(tmp_path, how):
    cache = Cache(tmp_path)
    cache.put("good", {"content": "kept"})
    cache.put("k", {"content": "answer"})
    corrupt(cache, "k", how)
    with pytest.raises(BadEntryError) as caught:
        cache.get("k")
    assert isinstance(caught.value, sqlite3.Error)  # what the callers catch
    message = str(caught.value)
    assert str(cache.path) in message and "entry k discarded" in message and "\n" not in message
    assert keys(cache) == ["good"]
    assert cache.get("k") is None  # the second read: a plain miss
    cache.put("k", {"content": "answer again"})
    assert cache.get("k") == {"content": "answer again"} and cache.get("good") == {"content": "kept"}


def test_a_file_that_is_not_a_database(tmp_path):
    (tmp_path / DB_NAME).write_bytes(b"this is not SQLite " * 300)
    with pytest.raises(CacheError) as caught:
        Cache(tmp_path)
    assert str(caught.value) == f"LLM cache {tmp_path / DB_NAME}: file is not a database"
    assert isinstance(caught.value, sqlite3.Error) and isinstance(caught.value, PaperlensError)


def test_a_database_damaged_after_opening(tmp_path):
    cache = Cache(tmp_path)
    cache.put("k", {"content": "answer"})
    for suffix in ("", "-wal", "-shm"):
        Path(f"{cache.path}{suffix}").unlink(missing_ok=True)
    cache.path.write_bytes(b"\0garbage" * 1000)
    for call in (lambda: cache.get("k"), lambda: cache.put("k", {"content": "x"}), lambda: len(cache)):
        with pytest.raises(CacheError, match=f"^LLM cache {cache.path}: "):
            call()


def test_a_folder_that_cannot_be_made(tmp_path):
    blocker = tmp_path / "a file"
    blocker.write_text("in the way")
    with pytest.raises(CacheError, match="Not a directory"):
        Cache(blocker / "cache")


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only files")
def test_a_read_only_database(tmp_path):
    cache = Cache(tmp_path)
    cache.put("k", {"content": "answer"})
    cache.path.chmod(0o444)
    try:
        with pytest.raises(CacheError, match="readonly"):
            cache.put("k2", {"content": "x"})
    finally:
        cache.path.chmod(0o644)


# ------------------------------------------------------------------ through the llm backend

pytestmark = pytest.mark.usefixtures("llm_env")


@pytest.fixture(scope="module")
def doc():
    return read_pdf(PDF, use_cache=False)


def nova() -> str:
    t = Tokenomics()
    t.identity.project_name = Fact(value="Nova Ledger")
    return model_answer(t)


def run(doc, server, folder: Path):
    return extract_llm(doc, base_url=server.base_url, cache_dir=folder, timeout=5, max_retries=0)


@pytest.mark.parametrize("how", ["garbage", "empty_list", "blob", "null", "deep_json"])
def test_llm_run_after_a_corrupted_row_asks_again_and_warns(doc, fake_llm, tmp_path, how):
    fake_llm.default = answer(nova())
    first = run(doc, fake_llm, tmp_path)
    asked = len(fake_llm.chat_requests)
    cache = Cache(tmp_path)
    [key] = keys(cache)
    corrupt(cache, key, how)

    second = run(doc, fake_llm, tmp_path)
    assert len(fake_llm.chat_requests) == asked + 1  # asked the server again
    assert second.tokenomics == first.tokenomics
    named = [w for w in second.warnings if str(cache.path) in w]
    assert len(named) == 1 and key in named[0] and "discarded" in named[0]
    third = run(doc, fake_llm, tmp_path)  # the fresh answer was stored again
    assert len(fake_llm.chat_requests) == asked + 1 and third.tokenomics == first.tokenomics
    assert not any(str(cache.path) in w for w in third.warnings)


def test_llm_run_with_a_damaged_database_goes_on_without_it(doc, fake_llm, tmp_path):
    fake_llm.default = answer(nova())
    (tmp_path / DB_NAME).write_bytes(b"this is not SQLite " * 300)
    result = run(doc, fake_llm, tmp_path)
    assert result.tokenomics.identity.project_name.value == "Nova Ledger"
    assert len(fake_llm.chat_requests) == 1
    assert [w for w in result.warnings if str(tmp_path / DB_NAME) in w] == [
        f"llm: cache disabled (LLM cache {tmp_path / DB_NAME}: file is not a database)"]


def test_llm_run_with_an_unopenable_journal_goes_on_without_it(doc, fake_llm, tmp_path):
    """A WAL database whose journal cannot be created (a folder in its place), even for root."""
    fake_llm.default = answer(nova())
    Cache(tmp_path)
    (tmp_path / f"{DB_NAME}-wal").mkdir()
    result = run(doc, fake_llm, tmp_path)
    assert result.tokenomics.identity.project_name.value == "Nova Ledger"
    assert any(f"LLM cache {tmp_path / DB_NAME}: " in w for w in result.warnings), result.warnings


def test_bulk_batch_with_a_damaged_database_is_a_one_line_error(fake_llm, tmp_path):
    """``--batch`` needs the cache: a damaged one stops the run with one line naming the file."""
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / DB_NAME).write_bytes(b"this is not SQLite " * 300)
    result = CliRunner().invoke(app, [
        "bulk", str(PDF), "--out", str(tmp_path / "out"), "--backend", "llm", "--batch",
        "--base-url", fake_llm.base_url, "--model", "gpt-4o-mini",
        "--cache-dir", str(tmp_path / "cache"), "-q"])
    assert result.exit_code != 0 and not isinstance(result.exception, CacheError)
    assert f"{tmp_path / 'cache' / DB_NAME}: file is not a database" in result.output
    assert "Traceback" not in result.output
