"""What every extractor returns."""

from __future__ import annotations

from dataclasses import dataclass, field

from paperlens.schema import Tokenomics, Usage


@dataclass
class Extraction:
    """A backend's answer: the facts, and how they were obtained."""

    tokenomics: Tokenomics
    backend: str
    model: str | None = None
    prompt_version: str | None = None
    pages_sent: list[int] = field(default_factory=list)
    usage: Usage = field(default_factory=Usage)
    warnings: list[str] = field(default_factory=list)
    server: str | None = None  # the LLM server, credentials removed
