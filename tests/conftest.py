"""Shared pytest fixtures: where the fixtures and the corpus live, and a read-once cache."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest
from fakeserver import LLM_ENV

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "pdf"


def make_doc(*texts: str, title: str | None = None):
    """A Document built from page strings, cleaned and folded as ingest would."""
    from paperlens.ingest.document import Document, Page, clean_text, normalize

    pages = []
    for number, raw in enumerate(texts, 1):
        text = clean_text(raw)
        pages.append(Page(number, raw, text, normalize(text)))
    return Document(path=Path("snippet.pdf"), sha256="0" * 64, pages=pages, metadata={"title": title})


def load_benchmark(name: str):
    """A script of benchmarks/ loaded as module ``name`` (registered in sys.modules: dataclasses look
    their module up)."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def broken(name: str) -> Path:
    """A broken-file fixture (``fixtures/broken/<name>``); skips when it was not generated."""
    path = FIXTURES / "broken" / name
    if not path.exists():
        pytest.skip(f"{path} not generated (run fixtures/make_fixtures.py)")
    return path


def load_facts(case: str) -> dict:
    """The facts file of one generated fixture (``fixtures/<case>.facts.json``)."""
    return json.loads((FIXTURES / f"{case}.facts.json").read_text(encoding="utf-8"))


def fixture_cases() -> list[str]:
    """Names of all generated fixtures that have a facts file, sorted."""
    return sorted(p.name[: -len(".facts.json")] for p in FIXTURES.glob("*.facts.json"))


class FixtureDocs:
    """Lazily read fixture PDFs, each once per session: ``fixture_docs["ico_allocation"]``."""

    def __init__(self, folder: Path):
        self.folder = folder
        self._docs: dict[str, object] = {}

    def path(self, name: str) -> Path:
        name = name if name.endswith(".pdf") else f"{name}.pdf"
        path = self.folder / name
        if not path.exists():
            pytest.skip(f"fixture {name} not generated (run fixtures/make_fixtures.py)")
        return path

    def __getitem__(self, name: str):
        key = name.removesuffix(".pdf")
        if key not in self._docs:
            from paperlens.ingest.document import read_pdf

            self._docs[key] = read_pdf(self.path(key))
        return self._docs[key]


@pytest.fixture(scope="session", autouse=True)
def private_cache_home(tmp_path_factory) -> Path:
    """Point $XDG_CACHE_HOME at a session tmp dir: no test writes into the real ~/.cache.

    Also drop any LLM configuration of the machine, so `--backend auto` means rules
    unless a test configures a server itself.
    """
    home = tmp_path_factory.mktemp("xdg-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(home))
        for name in LLM_ENV:
            patch.delenv(name, raising=False)
        yield home


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    """The folder of generated fixture PDFs and their facts files."""
    return FIXTURES


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    """The shared corpus of real whitepapers; the test is skipped when it is absent."""
    if not CORPUS.is_dir():
        pytest.skip(f"corpus not found at {CORPUS}")
    return CORPUS


@pytest.fixture(scope="session")
def fixture_docs(fixtures_dir: Path) -> FixtureDocs:
    """Session cache of ingested fixture documents, keyed by case name."""
    return FixtureDocs(fixtures_dir)


class CorpusDocs:
    """Real whitepapers from ../shared/corpus, each read once per session: ``corpus_docs["golem"]``."""

    def __init__(self, folder: Path):
        self.folder = folder
        self._docs: dict[str, object] = {}

    def slugs(self) -> list[str]:
        return sorted(p.stem for p in self.folder.glob("*.pdf"))

    def __getitem__(self, slug: str):
        if slug not in self._docs:
            from paperlens.errors import PaperlensError
            from paperlens.ingest.document import read_pdf

            try:
                self._docs[slug] = read_pdf(self.folder / f"{slug}.pdf")
            except PaperlensError as exc:
                self._docs[slug] = exc
        doc = self._docs[slug]
        if isinstance(doc, Exception):
            raise doc
        return doc

    def readable(self) -> list:
        """Every corpus document that has a text layer."""
        from paperlens.errors import PaperlensError

        docs = []
        for slug in self.slugs():
            try:
                docs.append(self[slug])
            except PaperlensError:
                pass
        return docs


@pytest.fixture(scope="session")
def corpus_docs(corpus_dir: Path) -> CorpusDocs:
    """Session cache of ingested corpus documents; skips when the corpus is absent."""
    return CorpusDocs(corpus_dir)


class CorpusResults:
    """``analyze`` (rules backend) of each corpus document, once per session: ``corpus_results["golem"]``."""

    def __init__(self, docs: CorpusDocs):
        self.docs = docs
        self._results: dict[str, object] = {}

    def __getitem__(self, slug: str):
        if slug not in self._results:
            from paperlens.pipeline import analyze_document

            self._results[slug] = analyze_document(self.docs[slug], backend="rules")
        return self._results[slug]


@pytest.fixture(scope="session")
def corpus_results(corpus_docs: CorpusDocs) -> CorpusResults:
    """Session cache of rules-backend results over the corpus; skips when the corpus is absent."""
    return CorpusResults(corpus_docs)


#: test files that take minutes (a wheel built, fuzzing, a real model, a browser); with the corpus tests
#: they are marked ``slow``, so that ``pytest -m "not slow"`` is a quick local run
SLOW_FILES = {"test_packaging.py", "test_fuzz.py", "test_realmodel.py", "test_browser.py"}


def pytest_collection_modifyitems(items):
    for item in items:
        if item.path.name in SLOW_FILES or item.get_closest_marker("corpus"):
            item.add_marker(pytest.mark.slow)


def ev(quote: str = "quoted text", page: int = 1, status: str = "verified"):
    """Evidence for a test: a quote on ``page``, by default already verified (as ground leaves it);
    ``status="unchecked"`` for what a model sends."""
    from paperlens.schema import Evidence

    return Evidence(page=page, quote=quote, status=status)
