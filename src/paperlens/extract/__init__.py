"""Stage 3, extract: fill the tokenomics schema from a document.

Two backends behind one interface, each returning an :class:`Extraction`:

* ``rules`` (:mod:`paperlens.extract.rules`): deterministic, offline, the default;
* ``llm`` (:mod:`paperlens.extract.llm`): any OpenAI-compatible server.

``auto`` picks ``llm`` when an API key or base URL is configured, else ``rules``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from ..ingest import Document
from ..schema import Tokenomics, Usage

BACKENDS = ("rules", "llm", "auto")


@dataclass
class Extraction:
    tokenomics: Tokenomics
    backend: str
    model: str | None = None
    prompt_version: str | None = None
    pages_sent: list[int] = field(default_factory=list)
    usage: Usage = field(default_factory=Usage)
    warnings: list[str] = field(default_factory=list)


def resolve_backend(backend: str, llm_options: dict | None = None) -> str:
    """Turn ``auto`` into a concrete backend name.

    ``auto`` is ``llm`` when a key or base URL is configured: in the environment,
    or given explicitly in ``llm_options`` (``--base-url``, ``api_key=``).
    """
    if backend not in BACKENDS:
        from ..errors import ConfigError

        raise ConfigError(f"unknown backend {backend!r}: choose one of {', '.join(BACKENDS)}")
    if backend != "auto":
        return backend
    options = llm_options or {}
    configured = bool(options.get("base_url") or options.get("api_key")) or any(
        os.environ.get(name)
        for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "PAPERLENS_BASE_URL")
    )
    return "llm" if configured else "rules"


def extract(doc: Document, backend: str = "auto", **llm_options) -> Extraction:
    """Run the chosen backend over ``doc``."""
    backend = resolve_backend(backend, llm_options)
    if backend == "rules":
        from .rules import extract_rules

        warnings: list[str] = []
        return Extraction(tokenomics=extract_rules(doc, warnings), backend="rules", warnings=warnings)
    from .llm import extract_llm

    return extract_llm(doc, **llm_options)
