"""Render a :class:`Result` as HTML, Markdown or JSON: the Jinja environments and the writes.

The templates take the view model (:func:`paperlens.report.view.context`); the
terminal summary is :mod:`paperlens.report.terminal`. HTML is one self-contained
file (inline CSS and SVG, no script, nothing from the network); every string that
came from the PDF or the LLM goes through Jinja's autoescape or :func:`html.escape`.
Markdown carries the same content with charts as tables and every interpolated
value escaped for table cells. Writes are atomic; a path of ``"-"`` writes to stdout.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from paperlens.files import atomic_write_text
from paperlens.report import charts
from paperlens.report.charts import NOT_FOUND
from paperlens.report.format import (
    SEVERITY_LABELS,
    STATUS_LABELS,
    clip,
    fmt_figure,
    fmt_number,
    fmt_value,
)
from paperlens.report.view import context
from paperlens.schema import Evidence, Result
from paperlens.wording import counted

# ------------------------------------------------------------ environments


@lru_cache(maxsize=1)
def _html_env() -> Environment:
    env = Environment(loader=PackageLoader("paperlens", "templates"), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    _add_filters(env)
    env.filters["cite"] = cite_html
    return env


class _Raw(str):
    """A Markdown fragment that the Markdown environment must not escape."""


_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")


def md_escape(text: Any) -> str:
    """Escape a value for Markdown prose and table cells: raw HTML, pipes, brackets,
    emphasis and newlines. Only a ``<`` that could open a tag, comment or autolink
    (followed by a letter, ``/``, ``!`` or ``?``, per CommonMark) becomes ``&lt;``;
    "R&D", "warn < 20 %" and "> 25 %" stay readable in Notion as in GitHub, and a
    cell never starts a line (no blockquote)."""
    if isinstance(text, _Raw):
        return str(text)
    if text is None:
        return ""
    s = _TAG_START.sub("&lt;", str(text).replace("\\", "\\\\"))
    for a, b in (("|", "\\|"), ("[", "\\["), ("]", "\\]"), ("`", "\\`"), ("*", "\\*")):
        s = s.replace(a, b)
    return " ".join(s.split())


# A web document's URL (http or https only), with the " — " that joins it to its
# citation; a URL never ends on punctuation. A DOI stays in the citation text.
_SOURCE_URL = re.compile(r"\bhttps?://[^\s<>\"'`|]*[^\s<>\"'`|.,;:)](?:\s+[—–]\s+)?", re.I)
_SOURCE_DOI = re.compile(r"\bdoi:\s?(10\.\d{4,9}/[^\s<>\"'`|;,]*[^\s<>\"'`|;,.)])", re.I)
_LINK_ATTRS = 'class="src" rel="noopener noreferrer external" referrerpolicy="no-referrer"'


def source_parts(source: Any) -> tuple[str, list[tuple[str, str]]]:
    """A rule's source as ``(citation, links)`` for the reports: the text with its
    URLs taken out, and ``(url, host)`` for each http(s) URL, in order. Any other
    scheme (``javascript:``, ``data:``) is left in the text and never linked."""
    from urllib.parse import urlsplit

    links: list[tuple[str, str]] = []

    def take(m: re.Match) -> str:
        url = m.group(0).rstrip().rstrip("—–").rstrip()
        host = (urlsplit(url).hostname or "").removeprefix("www.")
        if not host:
            return m.group(0)
        if url not in (u for u, _ in links):
            links.append((url, host))
        return " "

    text = _SOURCE_URL.sub(take, str(source or ""))
    text = re.sub(r"\(\s*\)", "", text)
    text = re.sub(r"\s+([;,)])", r"\1", " ".join(text.split()))
    return text.strip(" ;,·—–-:"), links


def cite_html(source: Any) -> Markup:
    """A rule's source for the HTML report: the citation escaped, a DOI linked to
    doi.org, and each URL as a link named by its host after the citation."""
    from urllib.parse import quote

    text, links = source_parts(source)
    out, pos = Markup(""), 0
    for m in _SOURCE_DOI.finditer(text):
        doi = m.group(1)
        out += Markup.escape(text[pos:m.start()])
        out += Markup(f'<a href="{{}}" {_LINK_ATTRS}>doi:{{}}</a>').format(
            "https://doi.org/" + quote(doi, safe="/:;()._-"), doi)
        pos = m.end()
    out += Markup.escape(text[pos:])
    for url, host in links:
        if out:
            out += Markup(" · ")
        out += Markup(f'<a href="{{}}" title="{{}}" {_LINK_ATTRS}>{{}}</a>').format(url, url, host)
    return out


def cite_md(source: Any) -> _Raw:
    """A rule's source for the Markdown report: the citation escaped, a DOI and each
    URL (named by its host) as Markdown links."""
    from urllib.parse import quote

    def target(url: str) -> str:
        return quote(url, safe="/:;?&=#%~+!$,@._-")

    text, links = source_parts(source)
    out = _SOURCE_DOI.sub(lambda m: f"[doi:{m.group(1)}]({target('https://doi.org/' + m.group(1))})",
                          md_escape(text))
    named = [f"[{md_escape(host)}]({target(url)})" for url, host in links]
    return _Raw(" · ".join([out] + named if out else named))


@lru_cache(maxsize=1)
def _md_env() -> Environment:
    env = Environment(loader=PackageLoader("paperlens", "templates"), autoescape=False,
                      undefined=StrictUndefined, finalize=md_escape, trim_blocks=True,
                      lstrip_blocks=True, keep_trailing_newline=True)
    _add_filters(env)
    env.filters["raw"] = _Raw
    env.filters["md"] = md_escape
    env.filters["cite"] = cite_md
    return env


def _evidence_text(ev: Evidence | None) -> str:
    if ev is None:
        return ""
    return f'p. {ev.page}: "{clip(ev.quote)}" ({STATUS_LABELS.get(ev.status, ev.status)})'


def _add_filters(env: Environment) -> None:
    env.filters.update(
        num=fmt_number,
        value=fmt_value,
        pct=charts.fmt_pct,
        sev=lambda s: SEVERITY_LABELS.get(s, s),
        status=lambda s: STATUS_LABELS.get(s, s),
        pillar=lambda p: p.replace("_", " "),
        evtext=_evidence_text,
        cost=lambda c: NOT_FOUND if c is None else f"${c:,.4f}",
        id=id,
        clip=clip,
        figure=lambda value, name: fmt_figure(name, value),
        counted=counted,
    )


# ------------------------------------------------------------ public API


def render_html(result: Result) -> str:
    """The due-diligence report as one self-contained HTML page."""
    return _html_env().get_template("report.html.j2").render(**context(result))


def render_markdown(result: Result) -> str:
    """The same report as Markdown (GitHub / Notion), charts as tables."""
    return _md_env().get_template("report.md.j2").render(**context(result))


def render_json(result: Result) -> str:
    """The Result as indented JSON (round-trips through ``Result.model_validate_json``)."""
    return result.model_dump_json(indent=2)


def write_html(result: Result, path: str | os.PathLike) -> None:
    """Render and atomically write the HTML report ("-" = stdout)."""
    atomic_write_text(path, render_html(result))


def write_markdown(result: Result, path: str | os.PathLike) -> None:
    """Render and atomically write the Markdown report ("-" = stdout)."""
    atomic_write_text(path, render_markdown(result))


def write_json(result: Result, path: str | os.PathLike) -> None:
    """Atomically write the Result as JSON ("-" = stdout)."""
    atomic_write_text(path, render_json(result) + "\n")


__all__ = [
    "render_html", "render_markdown", "render_json", "write_html", "write_markdown", "write_json",
    "md_escape",
]
