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


class UnusableAnswerError(LLMError):
    """The server answered, but no usable facts came of it (truncated, invalid after repair, refused).

    The pipeline then keeps the rules backend's facts and says so; a server that
    cannot be reached or rejects the request is a plain :class:`LLMError`.
    """


class ConfigError(PaperlensError):
    """Bad usage or configuration (unknown backend, unreadable policy, ...)."""

    exit_code = 2
    code = "config"


class TimeLimitError(PaperlensError):
    """The analysis of one paper ran past its time limit (``--timeout``)."""

    exit_code = 15
    code = "timeout"


class FetchError(PaperlensError):
    """A PDF given as an ``http(s)://`` URL could not be fetched (network, status, size limit)."""

    exit_code = 16
    code = "fetch"


#: paperlens modules and the pipeline stage they belong to (modules not listed name themselves)
_STAGES = {
    "ingest": "ingest", "engines": "ingest", "textcache": "ingest", "quality": "ingest",
    "select": "select", "language": "select", "quarantine": "select", "mentions": "classify",
    "kind": "classify", "extract": "extract", "ground": "ground", "validate": "validate",
    "figures": "validate", "coverage": "grade", "grade": "grade", "render": "render",
    "charts": "render", "schedule": "render", "policy": "policy",
}
#: modules that only drive the stages: a crash is attributed to the stage they called
_DRIVERS = {"cli", "pipeline", "check", "bulk", "batch", "timelimit", "__main__"}


def stage_of(exc: BaseException) -> str:
    """The pipeline stage an unexpected exception escaped from, read off its traceback.

    The first paperlens frame below the drivers (``cli``, ``pipeline``, ``check``,
    ``bulk``) names the stage: ``ingest``, ``select``, ``extract``, ``ground``,
    ``validate``, ``grade``, ``render``...; "cli" when no stage was running.
    """
    import traceback

    modules = []
    for frame, _ in traceback.walk_tb(exc.__traceback__):
        name = str(frame.f_globals.get("__name__", ""))
        if name.startswith("paperlens."):
            modules.append(name.split(".")[1])
    for module in modules:
        if module not in _DRIVERS:
            return _STAGES.get(module, module)
    return "cli"
