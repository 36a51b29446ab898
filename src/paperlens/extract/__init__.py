"""Stage 3, extract: fill the tokenomics schema from a document.

Two backends behind one interface, each returning an :class:`Extraction`:

* ``rules`` (:mod:`paperlens.extract.rules`): deterministic, offline, the default;
* ``llm`` (:mod:`paperlens.extract.llm`): any OpenAI-compatible server.

``auto`` picks ``llm`` only when paperlens is configured for it (:mod:`paperlens.settings`).
"""

from __future__ import annotations

from paperlens.errors import ConfigError
from paperlens.ingest.document import Document
from paperlens.settings import BACKENDS, LLMSettings, resolve_settings
from paperlens.extract.extraction import Extraction

__all__ = ["Extraction", "extract", "resolve_backend", "BACKENDS"]


def resolve_backend(backend: str, settings: LLMSettings | None = None) -> str:
    """Turn ``auto`` into a concrete backend name.

    ``auto`` follows the configured backend (``PAPERLENS_BACKEND`` or the config
    file), else is ``llm`` only when paperlens itself is configured for an LLM
    (:attr:`LLMSettings.configured`), never because of an unrelated ``OPENAI_API_KEY``.
    """
    if backend not in BACKENDS:
        raise ConfigError(f"unknown backend {backend!r}: choose one of {', '.join(BACKENDS)}")
    if backend != "auto":
        return backend
    settings = settings or resolve_settings()
    if settings.backend != "auto":
        return settings.backend
    return "llm" if settings.configured else "rules"


def extract(doc: Document, backend: str = "auto", settings: LLMSettings | None = None) -> Extraction:
    """Run the chosen backend over ``doc`` (``settings`` configure the llm backend)."""
    settings = settings or resolve_settings()
    backend = resolve_backend(backend, settings)
    if backend == "rules":
        from paperlens.extract.rules import extract_rules

        warnings: list[str] = []
        return Extraction(tokenomics=extract_rules(doc, warnings), backend="rules", warnings=warnings)
    from paperlens.extract.llm import extract_llm

    return extract_llm(doc, settings)
