"""Talking to an OpenAI-compatible server: dialects, faults, retries, what the server is.

* Structured-output dialects, best first: OpenAI's ``json_schema``; ``json_object``
  with a ``schema`` (llama-cpp-python and others turn it into a grammar); plain
  ``json_object`` with the schema in the prompt; no ``response_format`` at all.
  A server that rejects a dialect (whatever the status code, when the error names
  the response format) is asked in the next one, and the choice is remembered
  per server for the rest of the process.
* Faults: 408, 409, 429, 5xx (without such a body), timeouts, connection errors
  and unusable 200 answers are retried with exponential backoff and jitter,
  honouring a sane Retry-After; anything else fails at once. A context-length
  error is its own exception, so the caller can re-plan with smaller prompts.
* Every request waits at most ``min(timeout, time left for the paper)``.
* Every message goes through :func:`paperlens.safetext.redact` with the
  configured key as an exact secret.
"""

from __future__ import annotations

import email.utils
import json
import logging
import math
import random
import re
import threading
import time
from dataclasses import dataclass

import urllib.error
import urllib.request

import openai

from paperlens.errors import ConfigError, LLMError, TimeLimitError, UnusableAnswerError
from paperlens.safetext import printable, redact
from paperlens.settings import OPENAI_URL, LLMSettings, config_path
from paperlens.timelimit import remaining

DIALECTS = ("json_schema", "json_object_schema", "json_object", "prompt")
SCHEMA_IN_PROMPT = ("json_object", "prompt")  # dialects where the prompt carries the schema
BACKOFF_BASE = 0.5  # seconds; attempt n waits base * 2**n plus jitter
BACKOFF_MAX = 30.0
RETRY_AFTER_MAX = 120.0  # a server asking for a longer wait ends the retries
TIMEOUT_RETRIES = 1  # a timed-out request may still be running on a one-slot local server
PROBE_TIMEOUT = 10.0  # GET /props and /v1/models

log = logging.getLogger("paperlens.extract.llm")


@dataclass
class ServerInfo:
    """What was learned about one server in this process."""

    dialect: int = 0  # index into DIALECTS
    n_ctx: int | None = None  # context window in tokens, when known
    probed: bool = False
    models: tuple[str, ...] | None = None


_servers: dict[str, ServerInfo] = {}
_servers_lock = threading.Lock()


def server_info(url: str) -> ServerInfo:
    """The shared record of ``url`` (created on first use)."""
    with _servers_lock:
        return _servers.setdefault(url, ServerInfo())


def forget_servers() -> None:
    """Forget every learned dialect and context window (tests start afresh)."""
    with _servers_lock:
        _servers.clear()


class Rejected(Exception):
    """The server rejected the structured-output dialect of the request (permanent)."""


class ContextExceeded(LLMError):
    """The prompt does not fit the server's context window."""

    def __init__(self, message: str, n_ctx: int | None):
        super().__init__(message)
        self.n_ctx = n_ctx


class _Unusable(ValueError):
    """A 200 answer that is not a chat completion."""


@dataclass
class Reply:
    """A validated chat-completion answer."""

    content: str | None
    finish_reason: str | None
    refusal: str | None
    tokens_in: int | None
    tokens_out: int | None


def parse_reply(text: str) -> Reply:
    """Validate a 200 body; raises :class:`_Unusable` for anything but a chat completion."""
    try:
        data = json.loads(text)
    except ValueError:
        start = " ".join(text[:40].split())
        raise _Unusable(f"not JSON (starts {start!r})") from None
    if not isinstance(data, dict):
        raise _Unusable(f"a JSON {type(data).__name__}, not an object")
    choices = data.get("choices")
    if not isinstance(choices, list) or not choices or not isinstance(choices[0], dict):
        raise _Unusable("no choices")
    message = choices[0].get("message")
    if not isinstance(message, dict):
        raise _Unusable("no message in the first choice")
    content, refusal = message.get("content"), message.get("refusal")
    if content is not None and not isinstance(content, str):
        raise _Unusable(f"message content is a {type(content).__name__}")
    finish = choices[0].get("finish_reason")
    usage = data.get("usage") if isinstance(data.get("usage"), dict) else {}

    def count(name: str) -> int | None:
        value = usage.get(name)
        return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None

    return Reply(content, finish if isinstance(finish, str) else None,
                 refusal if isinstance(refusal, str) and refusal else None,
                 count("prompt_tokens"), count("completion_tokens"))


def retry_after(response) -> float | None:
    """Seconds the server asks to wait, or None when absent or not a sane number."""
    if response is None:
        return None
    headers = response.headers
    candidates = []
    if headers.get("retry-after-ms"):
        candidates.append(("ms", headers["retry-after-ms"]))
    if headers.get("retry-after"):
        candidates.append(("s", headers["retry-after"]))
    for unit, value in candidates:
        try:
            seconds = float(value) / (1000 if unit == "ms" else 1)
        except ValueError:
            if unit == "ms":
                continue
            try:
                seconds = email.utils.parsedate_to_datetime(value).timestamp() - time.time()
            except (TypeError, ValueError, IndexError, OverflowError):
                continue
        if math.isfinite(seconds) and seconds >= 0:
            return seconds
    return None


def shorten(text: object, limit: int = 200) -> str:
    """One printable line of at most ``limit`` characters, for error messages."""
    line = " ".join(printable(text).split())
    return line if len(line) <= limit else line[: limit - 3] + "..."


def error_text(exc: openai.APIStatusError) -> str:
    """The server's own error message, shortened."""
    body = exc.body
    if isinstance(body, dict) and isinstance(body.get("message"), str):
        return shorten(body["message"])
    if isinstance(body, str) and body.strip():
        return shorten(body)
    return shorten(exc.message)


_FORMAT_WORDS = ("response_format", "json_schema", "json_object", "'schema'", "grammar")
_CONTEXT_WORDS = ("context_length_exceeded", "context length", "context window", "context size",
                  "exceed_context_size", "maximum context", "n_ctx")
_N_CTX = (re.compile(r"maximum context length is (\d{2,9})"), re.compile(r"context window of (\d{2,9})"),
          re.compile(r"n_ctx\D{0,5}(\d{2,9})"))


def _body_text(exc: openai.APIStatusError) -> str:
    body = exc.body
    try:
        text = json.dumps(body) if not isinstance(body, str) else body
    except (TypeError, ValueError):
        text = str(body)
    return f"{exc.message} {text}".lower()


def _n_ctx(exc: openai.APIStatusError, text: str) -> int | None:
    body = exc.body
    if isinstance(body, dict) and isinstance(body.get("n_ctx"), int) and body["n_ctx"] > 0:
        return body["n_ctx"]
    for pattern in _N_CTX:
        if match := pattern.search(text):
            return int(match.group(1))
    return None


class Client:
    """One server, as configured by an :class:`LLMSettings`."""

    def __init__(self, settings: LLMSettings):
        self.settings = settings
        self.server = settings.server
        self.secrets = settings.secrets
        self.info = server_info(settings.base_url or OPENAI_URL)
        self.openai = openai.OpenAI(api_key=settings.api_key or "paperlens-local",
                                    base_url=settings.base_url, timeout=settings.timeout,
                                    max_retries=0)

    # --- messages
    def safe(self, message: str) -> str:
        """``message`` printable and without secrets."""
        return redact(printable(message), self.secrets)

    def fail(self, message: str, answer: bool = False) -> LLMError:
        """A typed error with ``message`` made safe; ``answer``: the server answered, unusably."""
        return (UnusableAnswerError if answer else LLMError)(self.safe(message))

    @property
    def dialect(self) -> str:
        return DIALECTS[self.info.dialect]

    def next_dialect(self, rejected: str) -> bool:
        """Move past ``rejected`` (once per server, whatever thread saw it); False when none left."""
        with _servers_lock:
            current = DIALECTS.index(rejected)
            if current + 1 >= len(DIALECTS):
                return False
            self.info.dialect = max(self.info.dialect, current + 1)
            return True

    def time_left(self) -> float | None:
        """Seconds left for this paper: the per-paper time limit, or the bulk deadline."""
        deadline = self.settings.deadline
        limits = [t for t in (remaining(), None if deadline is None else deadline - time.monotonic())
                  if t is not None]
        return max(0.0, min(limits)) if limits else None

    def request_timeout(self) -> float:
        """``min(timeout, time left for the paper)``; raises when no time is left."""
        left = self.time_left()
        if left is None:
            return self.settings.timeout
        if left <= 0.05:
            raise TimeLimitError("time limit reached while waiting for the LLM server")
        return min(self.settings.timeout, left)

    # --- what the server is
    def model(self) -> str:
        """The configured model, else the one model the server lists at /v1/models."""
        if self.settings.model:
            return self.settings.model
        if self.info.models is None:
            self.info.models = self._list_models()
        models = self.info.models
        if len(models) == 1:
            return models[0]
        if not models:
            raise ConfigError(self.safe(f"no model given and {self.server}/models lists none: "
                                        "give --model or PAPERLENS_MODEL"))
        shown = ", ".join(models[:12]) + (", ..." if len(models) > 12 else "")
        raise ConfigError(self.safe(f"{self.server} serves {len(models)} models ({shown}): "
                                    "choose one with --model or PAPERLENS_MODEL"))

    def _list_models(self) -> tuple[str, ...]:
        try:
            raw = self.openai.models.with_raw_response.list(timeout=min(PROBE_TIMEOUT, self.request_timeout()))
            data = json.loads(raw.http_response.text)
        except openai.APIStatusError as exc:
            raise ConfigError(self.safe(
                f"no model given and {self.server}/models answered HTTP {exc.status_code} "
                f"({error_text(exc)}): give --model or PAPERLENS_MODEL")) from None
        except (openai.APIConnectionError, openai.APITimeoutError) as exc:
            raise self.fail(f"LLM server {self.server} cannot be reached "
                            f"({shorten(exc.__cause__ or exc)})") from None
        except ValueError:
            data = None
        items = data.get("data") if isinstance(data, dict) else None
        if not isinstance(items, list):
            raise ConfigError(self.safe(f"no model given and {self.server}/models sent no model "
                                        "list: give --model or PAPERLENS_MODEL"))
        return tuple(shorten(i["id"], 120) for i in items if isinstance(i, dict) and isinstance(i.get("id"), str))

    def context_window(self) -> int | None:
        """The server's context window: learned from an error, or from llama.cpp's GET /props."""
        if self.info.n_ctx or self.info.probed or not self.settings.base_url:
            return self.info.n_ctx
        self.info.probed = True
        root = re.sub(r"/v1/?$", "", self.settings.base_url)
        headers = {"Authorization": f"Bearer {self.settings.api_key}"} if self.settings.api_key else {}
        request = urllib.request.Request(f"{root}/props", headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=min(PROBE_TIMEOUT, self.request_timeout())) as response:
                data = json.loads(response.read(1_000_000)) if response.status == 200 else None
        except (OSError, ValueError, urllib.error.URLError):
            data = None
        if isinstance(data, dict):
            settings = data.get("default_generation_settings")
            for value in (data.get("n_ctx"), settings.get("n_ctx") if isinstance(settings, dict) else None):
                if isinstance(value, int) and not isinstance(value, bool) and value > 0:
                    self.learn_context(value)
                    break
        return self.info.n_ctx

    def learn_context(self, n_ctx: int) -> None:
        with _servers_lock:
            self.info.n_ctx = n_ctx if not self.info.n_ctx else min(self.info.n_ctx, n_ctx)

    # --- one chat completion, with retries
    def chat(self, body: dict) -> Reply:
        """POST /chat/completions; the validated answer, or a typed error."""
        attempts = self.settings.max_retries + 1
        last = ""
        timeouts = 0
        for attempt in range(attempts):
            delay = min(BACKOFF_MAX, BACKOFF_BASE * 2 ** attempt)
            delay += random.uniform(0, delay)
            timeout = self.request_timeout()
            try:
                raw = self.openai.chat.completions.with_raw_response.create(**body, timeout=timeout)
                return parse_reply(raw.http_response.text)
            except openai.APIStatusError as exc:
                self._permanent(exc, body)
                last = f"HTTP {exc.status_code}"
                waited = retry_after(exc.response)
                if waited is not None:
                    if waited > RETRY_AFTER_MAX:
                        raise self.fail(f"LLM server {self.server} answered HTTP {exc.status_code} and "
                                        f"asks to retry after {waited:.0f}s (over {RETRY_AFTER_MAX:.0f}s)"
                                        if waited < 1e9 else f"LLM server {self.server} answered HTTP "
                                        f"{exc.status_code} and asks to retry after an absurd delay")
                    delay = waited
            except openai.APITimeoutError:
                last = f"timed out after {timeout:.3g}s"
                timeouts += 1
                if timeouts > TIMEOUT_RETRIES and attempt + 1 < attempts:  # a retry would queue behind
                    raise self.fail(f"LLM server {self.server} timed out twice (after {timeout:.3g}s): "
                                    "a model on a CPU may need longer: --request-timeout SECONDS, or timeout "
                                    f"(seconds per request) in {config_path()}") from None
            except openai.APIConnectionError as exc:
                if isinstance(exc.__cause__, TimeLimitError):
                    raise exc.__cause__ from None
                last = f"connection failed ({shorten(exc.__cause__ or exc)})"
            except _Unusable as exc:
                last = f"an unusable answer: {exc}"
            if attempt + 1 < attempts:
                left = self.time_left()
                if left is not None and left <= delay:
                    raise TimeLimitError(self.safe(f"time limit reached while retrying the LLM server ({last})"))
                log.info("%s: %s; retry %d/%d in %.1fs", self.server, last, attempt + 1,
                         attempts - 1, delay)
                time.sleep(delay)
        raise self.fail(f"LLM server {self.server} failed after {attempts} attempts: {last}")

    def _permanent(self, exc: openai.APIStatusError, body: dict) -> None:
        """Raise for an error that retrying will not cure; return for a transient one."""
        status, text = exc.status_code, _body_text(exc)
        quota = isinstance(exc.body, dict) and exc.body.get("code") == "insufficient_quota"
        if status == 429 and not quota:
            return
        context = any(word in text for word in _CONTEXT_WORDS)
        if "response_format" in body and not context and any(word in text for word in _FORMAT_WORDS):
            raise Rejected(self.safe(f"HTTP {status}: {error_text(exc)}"))
        if context and (status < 500 or "context_length_exceeded" in text or "exceed" in text):
            n_ctx = _n_ctx(exc, text)
            if n_ctx:
                self.learn_context(n_ctx)
            raise ContextExceeded(self.safe(f"LLM server {self.server}: the prompt does not fit its "
                                            f"context ({error_text(exc)})"), n_ctx)
        if not quota and (status in (408, 409) or status >= 500):
            return
        hint = ""
        if status == 404 and not self.server.rstrip("/").endswith("/v1"):
            hint = " (does the base URL need /v1?)"
        raise self.fail(f"LLM server {self.server} answered HTTP {status}: {error_text(exc)}{hint}")
