"""Words that agree with a count, for messages and reports: "1 page", "3 pages"."""

from __future__ import annotations


def plural(count: float, noun: str, many: str | None = None) -> str:
    """``noun`` when ``count`` is 1, otherwise ``many`` (default: ``noun`` + "s")."""
    if count == 1:
        return noun
    return noun + "s" if many is None else many


def counted(count: int, noun: str) -> str:
    """The count and the noun that agrees with it: "1 fact", "3 facts"."""
    return f"{count} {plural(count, noun)}"


__all__ = ["counted", "plural"]
