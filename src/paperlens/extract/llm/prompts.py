"""The prompts: the versioned Jinja templates in ``paperlens.prompts`` and the page text sent."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib.resources import files

import jinja2

from paperlens.ingest.document import Document, Page
from paperlens.select import estimate_tokens, page_text

TEMPLATES = ("system.md.j2", "extract.md.j2", "notes.md.j2", "repair.md.j2")

_env = jinja2.Environment(
    undefined=jinja2.StrictUndefined, keep_trailing_newline=False, autoescape=False
)


@lru_cache(maxsize=None)
def _template(name: str) -> jinja2.Template:
    return _env.from_string(files("paperlens.prompts").joinpath(name).read_text("utf-8"))


def render(template: str, /, **context: object) -> str:
    """Render one of the prompt templates (``system``, ``extract``, ``notes``, ``repair``)."""
    return _template(f"{template}.md.j2").render(**context).strip()


def _prompt_version() -> str:
    digest = hashlib.sha256()
    for name in TEMPLATES:
        digest.update(files("paperlens.prompts").joinpath(name).read_bytes())
    return "p-" + digest.hexdigest()[:12]


PROMPT_VERSION = _prompt_version()


def page_items(doc: Document, numbers: list[int], budget: int,
               excerpts: dict[int, str] | None = None) -> list[dict]:
    """The pages as the templates take them: number, text (cut to ``budget`` tokens), and
    whether only passages of the page are sent (``excerpts``: page -> passages)."""
    excerpts = excerpts or {}
    return [{"number": n, "part": n in excerpts,
             "text": page_for_prompt(doc.pages[n - 1], budget, excerpts.get(n))} for n in numbers]


def page_for_prompt(page: Page, budget: int, excerpt: str | None = None) -> str:
    """Page text (or ``excerpt`` of it) as sent: tags that would close our wrapper defused,
    cut to ``budget`` tokens."""
    text = page_text(page) if excerpt is None else excerpt
    for tag in ("</page>", "</document>", "</notes>"):
        text = text.replace(tag, tag.replace("</", "< /"))
    tokens = estimate_tokens(text)
    while tokens > budget:  # one page larger than a whole prompt (CJK is denser: cut until it fits)
        text = text[: int(len(text) * budget / tokens)]
        tokens = estimate_tokens(text)
    return text


def page_list(pages: list[int]) -> str:
    """1,2,3,5,7,8 -> '1-3, 5, 7-8'."""
    runs: list[list[int]] = []
    for n in sorted(pages):
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return ", ".join(f"{r[0]}-{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)


def json_tokens(text: str) -> int:
    """Tokens of JSON text: about three characters per token (SmolLM2 counts 3,058 for the
    8,988-character schema, where the prose estimate of four characters per token says 2,247)."""
    return -(-len(text) // 3)


def _bare(template: str, doc: Document) -> str:
    """The extract or notes prompt of ``doc`` without any page."""
    return render(template, notes=None, name=doc.path.name, page_count=doc.page_count,
                  complete=False, page_list="", pages=[])


def shell_tokens(doc: Document, schema: str = "") -> int:
    """Tokens of the system message and the extract prompt without any page (plus a margin)."""
    return estimate_tokens(render("system", schema="") + _bare("extract", doc)) + json_tokens(schema) + 50


def notes_extra_tokens(doc: Document) -> int:
    """How much longer the map step's notes prompt is than the extract prompt, without pages."""
    return max(0, estimate_tokens(_bare("notes", doc)) - estimate_tokens(_bare("extract", doc)))
