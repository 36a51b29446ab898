"""The LLM settings: one frozen object, resolved in one place.

:func:`resolve_settings` merges, highest first: explicit arguments (command-line
flags or keyword arguments of the Python API), the environment
(``PAPERLENS_BACKEND``, ``PAPERLENS_MODEL``, ``PAPERLENS_BASE_URL``, then
``OPENAI_BASE_URL`` and the API key variable), the user's config file
(``$XDG_CONFIG_HOME/paperlens/config.toml``, else
``~/.config/paperlens/config.toml``) and the defaults. No other module reads
these environment variables.

``auto`` picks the LLM only when paperlens itself is configured for it
(a PAPERLENS_ variable, the config file, or ``--base-url``/``--model``), never
because an unrelated ``OPENAI_API_KEY`` happens to be exported.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, TypedDict
from urllib.parse import urlsplit

from paperlens.errors import ConfigError
from paperlens.prices import load_user_prices
from paperlens.safetext import printable, redact, url_secrets

OPENAI_URL = "https://api.openai.com/v1"
DEFAULT_MODEL = "gpt-4o-mini"  # OpenAI proper only; a local server is asked what it serves
BACKENDS = ("rules", "llm", "auto")
CONFIG_KEYS = ("backend", "model", "base_url", "api_key_env", "max_input_tokens", "max_output_tokens",
               "timeout", "max_retries", "concurrency", "prices")


@dataclass(frozen=True)
class LLMSettings:
    """Everything the llm backend needs; immutable once resolved."""

    backend: str = "auto"  # rules | llm | auto (as configured; see paperlens.extract.resolve_backend)
    model: str | None = None  # None with a base URL: the one model the server serves
    base_url: str | None = None  # None: OpenAI proper
    api_key: str | None = None
    max_input_tokens: int = 12000
    max_output_tokens: int = 16384  # the longest answer asked for (a looping local model stops there)
    timeout: float = 60.0  # seconds per request; the per-paper deadline bounds it too
    max_retries: int = 4
    concurrency: int = 4  # map calls in flight at once
    cache_dir: Path | None = None
    use_cache: bool = True
    prices: tuple[tuple[str, float, float], ...] | None = None  # user table on top of prices.toml
    deadline: float | None = None  # time.monotonic() by which one paper's LLM stage must end (bulk)
    configured: bool = False  # paperlens itself is configured for an LLM
    config_file: Path | None = None  # the file that was read, if any

    def __repr__(self) -> str:  # never the key
        return (f"LLMSettings(backend={self.backend!r}, model={self.model!r}, "
                f"server={self.server!r}, key={'set' if self.api_key else 'none'})")

    @property
    def server(self) -> str:
        """The server URL as shown to the user (credentials removed)."""
        return redact(self.base_url or OPENAI_URL)

    @property
    def secrets(self) -> tuple[str, ...]:
        """Exact values never to show (for :func:`paperlens.safetext.redact`)."""
        return tuple(s for s in (self.api_key,) if s) + url_secrets(self.base_url)

    @property
    def price_table(self) -> dict[str, tuple[float, float]] | None:
        """The user's extra prices as ``{model: (input, output)}``, or None."""
        return None if self.prices is None else {m: (i, o) for m, i, o in self.prices}

    def require(self) -> None:
        """Raise :class:`ConfigError` naming every way to configure the LLM when it cannot run."""
        if self.api_key or self.base_url:
            return
        raise ConfigError(
            "the llm backend is not configured: give --base-url URL (a local OpenAI-compatible "
            "server, with --model NAME when it serves several), or set PAPERLENS_BASE_URL or "
            "OPENAI_BASE_URL (and PAPERLENS_MODEL), or OPENAI_API_KEY for OpenAI, or write "
            f"base_url/model in {config_path()}")


def config_path(environ: Mapping[str, str] | None = None) -> Path:
    """Where the user's config file is looked for."""
    env = os.environ if environ is None else environ
    base = env.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "paperlens" / "config.toml"


def _read_config(path: Path) -> dict:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise ConfigError(f"config file {path}: {printable(exc)}") from None
    unknown = sorted(set(data) - set(CONFIG_KEYS))
    if unknown:
        raise ConfigError(f"config file {path}: unknown key(s) {', '.join(unknown)} "
                          f"(known: {', '.join(CONFIG_KEYS)})")
    return data


def _number(name: str, value: object, kind: type, minimum: float, where: str):
    try:
        if isinstance(value, bool):
            raise ValueError
        number = kind(value)
        if isinstance(number, float) and not math.isfinite(number):
            raise ValueError
    except (TypeError, ValueError):
        raise ConfigError(f"{where}: {name} must be a number, not {printable(value)!r}") from None
    if number < minimum:
        raise ConfigError(f"{where}: {name} must be at least {minimum:g}, not {number:g}")
    return number


def _url(value: str, where: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(f"{where}: base URL must be http(s)://host[:port]/..., "
                          f"not {redact(printable(value))!r}")
    return value.rstrip("/")


_FLAGS = {"timeout": "--request-timeout"}  # a setting whose command-line flag has another name


def resolve_settings(
    backend: str | None = None,
    *,
    model: str | None = None,
    base_url: str | None = None,
    api_key: str | None = None,
    max_input_tokens: int | None = None,
    max_output_tokens: int | None = None,
    timeout: float | None = None,
    max_retries: int | None = None,
    concurrency: int | None = None,
    cache_dir: str | os.PathLike | None = None,
    use_cache: bool = True,
    prices: str | os.PathLike | Mapping[str, tuple[float, float]] | None = None,
    environ: Mapping[str, str] | None = None,
) -> LLMSettings:
    """The one place where flags, environment, config file and defaults meet.

    ``prices`` is a TOML price file or a ``{model: (input, output)}`` table.
    Raises :class:`ConfigError` for a bad config file or value.
    """
    env = os.environ if environ is None else environ
    path = config_path(env)
    file = _read_config(path)
    where = f"config file {path}"

    def pick(explicit, env_name: str | None, key: str):
        if explicit is not None:
            return explicit, "flag"
        if env_name and env.get(env_name):
            return env[env_name], "env"
        if key in file:
            return file[key], "file"
        return None, None

    backend_value, backend_from = pick(None if backend in (None, "auto") else backend,
                                       "PAPERLENS_BACKEND", "backend")
    backend_value = str(backend_value or "auto")
    if backend_value not in BACKENDS:
        origin = {"env": "PAPERLENS_BACKEND", "file": where}.get(backend_from, "backend")
        raise ConfigError(f"{origin}: unknown backend {printable(backend_value)!r}: "
                          f"choose one of {', '.join(BACKENDS)}")
    model_value, model_from = pick(model or None, "PAPERLENS_MODEL", "model")
    url_value, url_from = pick(base_url or None, "PAPERLENS_BASE_URL", "base_url")
    if url_value is None and env.get("OPENAI_BASE_URL"):
        url_value, url_from = env["OPENAI_BASE_URL"], "openai"
    if url_value is not None:
        url_value = _url(str(url_value), {"env": "PAPERLENS_BASE_URL", "file": where,
                                          "openai": "OPENAI_BASE_URL"}.get(url_from, "--base-url"))
    key_env = str(file.get("api_key_env") or "OPENAI_API_KEY")
    key = api_key or env.get(key_env) or None
    if model_value is None and url_value is None:
        model_value = DEFAULT_MODEL  # OpenAI proper: the documented default
    numbers = {}
    for name, explicit, kind, minimum, default in (
            ("max_input_tokens", max_input_tokens, int, 100, 12000),
            ("max_output_tokens", max_output_tokens, int, 256, 16384),
            ("timeout", timeout, float, 0.1, 60.0),
            ("max_retries", max_retries, int, 0, 4),
            ("concurrency", concurrency, int, 1, 4)):
        value = explicit if explicit is not None else file.get(name, default)
        numbers[name] = _number(name, value, kind, minimum,
                                _FLAGS.get(name, "--" + name.replace("_", "-")) if explicit is not None else where)
    if prices is None and file.get("prices"):
        prices = Path(str(file["prices"])).expanduser()
    table = None
    if prices is not None:
        mapping = prices if isinstance(prices, Mapping) else load_user_prices(prices)
        table = tuple((str(m), float(i), float(o)) for m, (i, o) in mapping.items())
    configured = any(origin in ("flag", "env", "file") for origin in (model_from, url_from)) \
        or backend_from in ("env", "file")
    return LLMSettings(
        backend=backend_value, model=str(model_value) if model_value else None, base_url=url_value,
        api_key=key, cache_dir=Path(cache_dir) if cache_dir else None, use_cache=use_cache,
        prices=table, configured=configured, config_file=path if file else None, **numbers)


class LLMOptions(TypedDict, total=False):
    """The LLM keyword options of the Python API (:func:`paperlens.analyze`,
    :func:`paperlens.bulk.run.run_bulk`), the keywords of :func:`resolve_settings` they pass on."""

    model: str | None
    base_url: str | None
    api_key: str | None
    max_input_tokens: int | None
    cache_dir: str | os.PathLike | None
    use_cache: bool
    prices: str | os.PathLike | Mapping[str, tuple[float, float]] | None


def check_options(options: Mapping[str, object]) -> None:
    """Raise TypeError for a keyword in ``options`` that is not one of :class:`LLMOptions`,
    as Python does for a function's unknown keyword argument."""
    known = LLMOptions.__annotations__
    unknown = sorted(set(options) - set(known))
    if unknown:
        raise TypeError(f"unexpected keyword argument(s) {', '.join(map(repr, unknown))} "
                        f"(the LLM options are {', '.join(known)})")


def settings_for(settings: LLMSettings | None, **options) -> LLMSettings:
    """``settings`` as given, or resolved from ``options`` (the keywords of
    :func:`resolve_settings`); both at once is a TypeError."""
    if settings is None:
        return resolve_settings(**options)
    given = [k for k, v in options.items()
             if k != "backend" and v is not None and not (k == "use_cache" and v is True)]
    if given:
        raise TypeError(f"give settings or {', '.join(given)}, not both")
    return settings


def known_secrets(environ: Mapping[str, str] | None = None) -> tuple[str, ...]:
    """The configured API key(s), for redacting messages; never raises."""
    env = os.environ if environ is None else environ
    names = {"OPENAI_API_KEY"}
    try:
        names.add(str(_read_config(config_path(env)).get("api_key_env") or "OPENAI_API_KEY"))
    except ConfigError:
        pass
    return tuple(env[n] for n in sorted(names) if env.get(n))
