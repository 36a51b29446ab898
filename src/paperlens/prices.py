"""What LLM calls cost: the price data file (``prices.toml`` beside this module) and the user's table.

A model is priced only when its name is listed, exactly or followed by a dated
snapshot suffix (``gpt-4o-mini-2024-07-18``); any other model's cost is unknown
(None), never a guess from a similar name.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib.resources import files

from paperlens.errors import ConfigError
from paperlens.safetext import printable

_SNAPSHOT = re.compile(r"-\d{4}-\d{2}-\d{2}$")


def _toml():
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib
    return tomllib


@lru_cache(maxsize=1)
def price_data() -> dict[str, dict]:
    """The shipped price entries: ``{model: {input, output, date, source}}``."""
    data = _toml().loads(files("paperlens").joinpath("prices.toml").read_text("utf-8"))
    return dict(data["models"])


def default_prices() -> dict[str, tuple[float, float]]:
    """``{model: (input, output)}`` USD per million tokens, from the data file."""
    return {name: (float(e["input"]), float(e["output"])) for name, e in price_data().items()}


def load_user_prices(path) -> dict[str, tuple[float, float]]:
    """A user's TOML price file: ``"model" = [input, output]`` USD per million tokens."""
    tomllib = _toml()
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
        table = {str(k): (float(v[0]), float(v[1])) for k, v in data.items()}
        if any(p < 0 or p != p for pair in table.values() for p in pair):
            raise ValueError("negative or NaN price")
    except (OSError, ValueError, TypeError, IndexError, KeyError) as exc:
        raise ConfigError(f"price table {path}: expected model = [input, output] USD per 1M "
                          f"tokens ({printable(exc)})") from None
    return table


def load_prices(path) -> dict[str, tuple[float, float]]:
    """The shipped prices with a user file's entries on top."""
    return {**default_prices(), **load_user_prices(path)}


def price_of(model: str, extra: dict[str, tuple[float, float]] | None = None) -> tuple[float, float] | None:
    """(input, output) for ``model``: the user's table first, then the data file; None when unknown."""
    for table in (extra or {}, default_prices()):
        if model in table:
            return table[model]
        base = _SNAPSHOT.sub("", model)
        if base != model and base in table:
            return table[base]
    return None


def cost_usd(model: str | None, input_tokens: int, output_tokens: int,
             prices: dict[str, tuple[float, float]] | None = None) -> float | None:
    """Dollar cost of the tokens, None when the model's price is unknown."""
    price = price_of(model, prices) if model else None
    if price is None:
        return None
    return round((input_tokens * price[0] + output_tokens * price[1]) / 1e6, 9)
