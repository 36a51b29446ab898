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


#: stage packages: a module inside one belongs to that stage
_PACKAGES = {"ingest": "ingest", "extract": "extract", "report": "render"}
#: other modules and the pipeline stage they belong to (modules not listed name themselves)
_STAGES = {
    "language": "select", "quarantine": "select", "mentions": "classify", "kind": "classify",
    "ground": "ground", "agree": "ground", "validate": "validate", "validate_base": "validate",
    "validate_thresholds": "validate", "validate_stablecoin": "validate", "figures": "validate",
    "schedule": "validate", "coverage": "grade", "grade": "grade",
}
#: modules and packages that only drive the stages: a crash is attributed to the stage they called
_DRIVERS = {"cli", "pipeline", "check", "bulk", "timelimit", "__main__"}


def _stage(module: str) -> str | None:
    parts = module.split(".")[1:]
    if not parts or parts[0] in _DRIVERS or parts[-1] in _DRIVERS:
        return None
    return _PACKAGES.get(parts[0]) or _STAGES.get(parts[-1], parts[-1])


def stage_of(exc: BaseException, default: str = "cli") -> str:
    """The pipeline stage an unexpected exception escaped from, read off its traceback.

    The first paperlens frame below the drivers (``cli``, ``pipeline``, ``check``,
    ``bulk``) names the stage: ``ingest``, ``select``, ``extract``, ``ground``,
    ``validate``, ``grade``, ``render``...; ``default`` when no stage was running.
    An exception may name its stage itself (a ``stage`` attribute).
    """
    import traceback

    if getattr(exc, "stage", None):
        return str(exc.stage)
    for frame, _ in traceback.walk_tb(exc.__traceback__):
        name = str(frame.f_globals.get("__name__", ""))
        if name.startswith("paperlens.") and (stage := _stage(name)):
            return stage
    return default
