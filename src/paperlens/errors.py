"""Typed errors: each has a one-line message and its own exit code."""

from __future__ import annotations


class PaperlensError(Exception):
    """Base class: ``str(err)`` is the one-line message shown to the user."""

    exit_code = 1
    code = "error"


class NotPDFError(PaperlensError):
    exit_code = 10
    code = "not_pdf"


class DamagedPDFError(PaperlensError):
    exit_code = 11
    code = "damaged"


class EncryptedPDFError(PaperlensError):
    exit_code = 12
    code = "encrypted"


class NoTextLayerError(PaperlensError):
    exit_code = 13
    code = "no_text"


class EmptyFileError(PaperlensError):
    exit_code = 14
    code = "empty"


class LLMError(PaperlensError):
    """The LLM backend failed for good (after retries and repair)."""

    exit_code = 20
    code = "llm"


class ConfigError(PaperlensError):
    """Bad usage or configuration (unknown backend, unreadable policy, ...)."""

    exit_code = 2
    code = "config"


class TimeLimitError(PaperlensError):
    """The analysis of one paper ran past its time limit (``--timeout``)."""

    exit_code = 15
    code = "timeout"
