"""The ``llm`` backend: fill the tokenomics schema with any OpenAI-compatible server.

One call with the selected pages when the relevant pages fit the budget;
otherwise map-reduce: notes per group of pages in parallel, then one call that
fills the schema from the notes. Answers use strict structured outputs
(``json_schema``), falling back to JSON mode for servers that reject it.
Invalid answers get one repair re-ask; 429, 5xx, timeouts and connection
errors are retried with exponential backoff and jitter, honouring Retry-After.
Every answer is cached in SQLite (:mod:`paperlens.cache`).

Evidence statuses are never taken from the model: paperlens sets them when it
grounds the quotes (:mod:`paperlens.ground`).
"""

from __future__ import annotations

import email.utils
import hashlib
import json
import logging
import os
import random
import sqlite3
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files

import jinja2
import openai
from openai.lib._pydantic import _ensure_strict_json_schema
from pydantic import BaseModel, ValidationError

from ..cache import Cache, cache_key
from ..errors import ConfigError, LLMError
from ..ingest import Document, Page
from ..quarantine import blanked
from ..schema import SCHEMA_VERSION, Evidence, Fact, Tokenomics, Usage
from ..select import Selection, estimate_tokens, group_pages, page_text, select_pages
from . import Extraction

DEFAULT_MODEL = "gpt-4o-mini"
# model -> (input $ per 1M tokens, output $ per 1M tokens); longest prefix wins.
DEFAULT_PRICES: dict[str, tuple[float, float]] = {
    "gpt-4o-mini": (0.15, 0.60),
    "gpt-4o": (2.50, 10.00),
    "gpt-4.1-nano": (0.10, 0.40),
    "gpt-4.1-mini": (0.40, 1.60),
    "gpt-4.1": (2.00, 8.00),
    "gpt-5-nano": (0.05, 0.40),
    "gpt-5-mini": (0.25, 2.00),
    "gpt-5": (1.25, 10.00),
}


def load_prices(path) -> dict[str, tuple[float, float]]:
    """The default price table with a user TOML file's entries on top.

    The file maps model names (or prefixes) to ``[input, output]`` USD per
    million tokens, e.g. ``"llama3.1:8b" = [0, 0]``.
    """
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
        table = {str(k): (float(v[0]), float(v[1])) for k, v in data.items()}
    except (OSError, ValueError, TypeError, IndexError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"price table {path}: expected model = [input, output] USD per 1M tokens ({exc})") from None
    return {**DEFAULT_PRICES, **table}


TEMPLATES = ("system.md.j2", "extract.md.j2", "notes.md.j2", "repair.md.j2")
MAX_REPAIRS = 1  # re-asks after an answer that is not valid JSON for the schema
MAX_OUTPUT_TOKENS = 8192  # first try; doubled once per truncation up to the cap
MAX_OUTPUT_CAP = 16384  # the output limit of gpt-4o and gpt-4o-mini
NOTES_OUTPUT_TOKENS = (300, 2000)  # per map call: floor, ceiling
MAX_MAP_GROUPS = 8  # map-reduce sends at most this many prompts' worth of pages
BACKOFF_BASE = 0.5  # seconds; attempt n waits base * 2**n plus jitter
BACKOFF_MAX = 30.0
RETRY_AFTER_MAX = 120.0
SCHEMA_NAME = "tokenomics"

log = logging.getLogger(__name__)

# ------------------------------------------------------------------ prompts

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

# ------------------------------------------------------------------ schema


def _strip(node: object, key: str, only: type = object) -> None:
    """Remove ``key`` (when its value is an ``only``) from every schema node."""
    if isinstance(node, dict):
        if key in node and isinstance(node[key], only):
            del node[key]
        for name, value in node.items():
            if name != "properties":
                _strip(value, key, only)
            else:  # property names are data, not keywords
                for sub in value.values():
                    _strip(sub, key, only)
    elif isinstance(node, list):
        for value in node:
            _strip(value, key, only)


@lru_cache(maxsize=1)
def _llm_schema() -> str:
    schema = Tokenomics.model_json_schema()
    evidence = schema["$defs"][Evidence.__name__]
    evidence["properties"].pop("status")  # set by paperlens, not by the model
    evidence["required"] = [k for k in evidence.get("required", []) if k != "status"]
    schema = _ensure_strict_json_schema(schema, path=(), root=schema)
    _strip(schema, "default")
    _strip(schema, "title", str)  # noise for the model, and tokens
    return json.dumps(schema, separators=(",", ":"))


SCHEMA_KEY = f"{SCHEMA_VERSION}-{hashlib.sha256(_llm_schema().encode()).hexdigest()[:12]}"


def llm_schema() -> dict:
    """The strict JSON schema sent to the model: Tokenomics without ``Evidence.status``."""
    return json.loads(_llm_schema())


def strict_problems(schema: dict) -> list[str]:
    """Where ``schema`` breaks OpenAI strict-mode rules (empty list = accepted)."""
    problems: list[str] = []

    def walk(node: object, path: str) -> None:
        if isinstance(node, dict):
            if "default" in node:
                problems.append(f"{path}: has a default")
            if "$ref" in node and len(node) > 1:
                problems.append(f"{path}: $ref with sibling keys")
            if node.get("type") == "object" or "properties" in node:
                if node.get("additionalProperties") is not False:
                    problems.append(f"{path}: additionalProperties is not false")
                missing = set(node.get("properties", {})) - set(node.get("required", []))
                if missing:
                    problems.append(f"{path}: not required: {sorted(missing)}")
            for key, value in node.items():
                walk(value, f"{path}/{key}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, f"{path}/{i}")

    walk(schema, "#")
    return problems


def response_format() -> dict:
    """The ``response_format`` for strict structured outputs."""
    return {
        "type": "json_schema",
        "json_schema": {"name": SCHEMA_NAME, "strict": True, "schema": llm_schema()},
    }


def _tidy(node: object) -> None:
    """Statuses back to "unchecked"; no evidence for unstated facts or empty quotes."""
    if isinstance(node, list):
        for item in node:
            _tidy(item)
        return
    if not isinstance(node, BaseModel):
        return
    if isinstance(node, Evidence):
        node.status = "unchecked"
        return
    evidence = getattr(node, "evidence", None)
    if isinstance(evidence, Evidence) and (
        not evidence.quote.strip() or (isinstance(node, Fact) and node.value is None)
    ):
        node.evidence = None
    for name in type(node).model_fields:
        _tidy(getattr(node, name))


def parse_answer(content: str) -> Tokenomics:
    """Parse and validate a model answer; raises ValueError or ValidationError."""
    text = content.strip()
    if text.startswith("```"):  # JSON mode answers sometimes come fenced
        text = text.strip("`").removeprefix("json").strip()
    tokenomics = Tokenomics.model_validate(json.loads(text))
    _tidy(tokenomics)
    return tokenomics


# ------------------------------------------------------------------ accounting


def cost_usd(model: str, input_tokens: int, output_tokens: int,
             prices: dict[str, tuple[float, float]] | None = None) -> float | None:
    """Dollar cost from a price table (longest model-name prefix), None when unknown."""
    table = DEFAULT_PRICES if prices is None else prices
    match = max((name for name in table if model.startswith(name)), key=len, default=None)
    if match is None:
        return None
    price_in, price_out = table[match]
    return round((input_tokens * price_in + output_tokens * price_out) / 1e6, 9)


# ------------------------------------------------------------------ the client


def _retry_after(response) -> float | None:
    if response is None:
        return None
    headers = response.headers
    if headers.get("retry-after-ms"):
        try:
            return float(headers["retry-after-ms"]) / 1000
        except ValueError:
            pass
    value = headers.get("retry-after")
    if not value:
        return None
    try:
        return float(value)
    except ValueError:
        pass
    try:
        return max(0.0, email.utils.parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return None


def _is_schema_rejection(exc: openai.APIStatusError) -> bool:
    text = str(exc).lower()
    return exc.status_code in (400, 422) and ("json_schema" in text or "response_format" in text)


class _Session:
    """One extraction: client, retries, fallback state, cache, usage."""

    def __init__(self, doc: Document, model: str, base_url: str | None, api_key: str,
                 timeout: float, max_retries: int, cache: Cache | None,
                 prices: dict | None, max_input_tokens: int, budget: int):
        self.doc = doc
        self.model = model
        self.server = base_url or "https://api.openai.com/v1"
        self.client = openai.OpenAI(api_key=api_key, base_url=base_url, timeout=timeout,
                                    max_retries=0)
        self.max_retries = max_retries
        self.cache = cache
        self.prices = prices
        self.max_input_tokens = max_input_tokens
        self.budget = budget  # page-text tokens per prompt
        self.json_mode = False
        self.usage = Usage()
        self.warnings: list[str] = []
        self._lock = threading.Lock()

    # --- one HTTP request, with retries
    def _create(self, messages: list[dict], max_tokens: int, structured: bool):
        kwargs = request_body(self.model, messages, max_tokens, structured, self.json_mode)
        last = ""
        for attempt in range(self.max_retries + 1):
            delay = min(BACKOFF_MAX, BACKOFF_BASE * 2 ** attempt)
            delay += random.uniform(0, delay)
            try:
                completion = self.client.chat.completions.create(**kwargs)
            except openai.APIStatusError as exc:
                status = exc.status_code
                if structured and not self.json_mode and _is_schema_rejection(exc):
                    raise  # the caller switches to JSON mode
                quota = isinstance(exc.body, dict) and exc.body.get("code") == "insufficient_quota"
                if quota or (status not in (408, 429) and status < 500):
                    hint = ""
                    if status == 404 and not self.server.rstrip("/").endswith("/v1"):
                        hint = " (does the base URL need /v1?)"
                    raise LLMError(f"LLM server {self.server} answered HTTP {status}: "
                                   f"{error_text(exc)}{hint}") from None
                last = f"HTTP {status}"
                waited = _retry_after(exc.response)
                if waited is not None:
                    if waited > RETRY_AFTER_MAX:
                        raise LLMError(f"LLM server {self.server} answered HTTP {status} and asks "
                                       f"to retry after {waited:.0f}s (over {RETRY_AFTER_MAX:.0f}s)")
                    delay = waited
            except openai.APITimeoutError:
                last = f"timed out after {self.client.timeout}s"
            except openai.APIConnectionError as exc:
                last = f"connection failed ({shorten(str(exc.__cause__ or exc))})"
            except (openai.OpenAIError, ValueError) as exc:  # e.g. a 200 with an HTML body
                raise LLMError(f"LLM server {self.server} sent an unusable response: "
                               f"{type(exc).__name__}: {shorten(str(exc))}") from None
            else:
                if not completion.choices:
                    raise LLMError(f"LLM server {self.server} answered with no choices")
                self._account(completion, messages)
                return completion
            if attempt < self.max_retries:
                log.info("%s: %s; retry %d/%d in %.1fs", self.server, last, attempt + 1,
                         self.max_retries, delay)
                time.sleep(delay)
        raise LLMError(f"LLM server {self.server} failed after {self.max_retries + 1} attempts: {last}")

    def _account(self, completion, messages: list[dict]) -> None:
        usage = completion.usage
        content = completion.choices[0].message.content or ""
        if usage is not None and usage.prompt_tokens is not None:
            tokens_in, tokens_out = usage.prompt_tokens, usage.completion_tokens or 0
        else:  # some local servers send no usage: estimate
            tokens_in = sum(estimate_tokens(str(m["content"])) for m in messages)
            tokens_out = estimate_tokens(content)
        with self._lock:
            self.usage.calls += 1
            self.usage.input_tokens += tokens_in
            self.usage.output_tokens += tokens_out
            self.usage.cost_usd = cost_usd(self.model, self.usage.input_tokens,
                                           self.usage.output_tokens, self.prices)

    def warn(self, text: str) -> None:
        with self._lock:
            if text not in self.warnings:
                self.warnings.append(text)

    # --- cache
    def _key(self, kind: str, pages: list[int]) -> str:
        return answer_key(self.doc.sha256, self.model, self.max_input_tokens, kind, pages)

    def _cached(self, key: str) -> str | None:
        if self.cache is None:
            return None
        try:
            hit = self.cache.get(key)
        except sqlite3.Error as exc:
            self.warn(f"llm: cache not readable ({exc}); asked the server")
            return None
        if hit is None:
            return None
        log.info("cache hit %s", key[:12])
        self.warn("llm: answers served from the cache (no request made)")
        return hit["content"]

    def _store(self, key: str, kind: str, content: str) -> None:
        if self.cache is None:
            return
        try:
            self.cache.put(key, {"content": content}, kind=kind, model=self.model)
        except sqlite3.Error as exc:
            self.warn(f"llm: answer not cached ({exc})")

    # --- the two kinds of request
    def fill(self, prompt: str, kind: str, pages: list[int]) -> Tokenomics:
        """Ask for the schema; repair once; handle fallback, refusal, truncation."""
        key = self._key(kind, pages)
        cached = self._cached(key)
        if cached is not None:
            try:
                return parse_answer(cached)
            except (ValueError, ValidationError):
                pass  # an entry from an incompatible version: ask again
        turns: list[dict] = [{"role": "user", "content": prompt}]
        max_tokens = MAX_OUTPUT_TOKENS
        repairs = 0
        while True:
            system = render("system", schema=_llm_schema() if self.json_mode else "")
            messages = [{"role": "system", "content": system}, *turns]
            try:
                completion = self._create(messages, max_tokens, structured=True)
            except openai.APIStatusError as exc:  # json_schema rejected
                self.json_mode = True
                self.warn(f"llm: {self.server} rejected json_schema (HTTP {exc.status_code}: "
                           f"{error_text(exc)}); used JSON mode with the schema in the prompt")
                continue
            choice = completion.choices[0]
            message = choice.message
            if getattr(message, "refusal", None):
                raise LLMError(f"LLM {self.model} at {self.server} refused: {shorten(message.refusal)}")
            if choice.finish_reason == "length":
                if max_tokens >= MAX_OUTPUT_CAP:
                    raise LLMError(f"LLM {self.model} at {self.server}: answer truncated at "
                                   f"{max_tokens} output tokens (finish_reason=length)")
                max_tokens *= 2
                self.warn(f"llm: answer truncated, asked again with {max_tokens} output tokens")
                continue
            if choice.finish_reason == "content_filter":
                raise LLMError(f"LLM {self.model} at {self.server}: answer blocked by the content filter")
            content = message.content or ""
            try:
                tokenomics = parse_answer(content)
            except (ValueError, ValidationError) as exc:
                if repairs >= MAX_REPAIRS:
                    raise LLMError(f"LLM {self.model} at {self.server}: answer still invalid after "
                                   f"{repairs} repair(s): {validation_problem(exc)}") from None
                repairs += 1
                self.warn("llm: invalid answer repaired by a re-ask")
                turns += [{"role": "assistant", "content": content},
                          {"role": "user", "content": render("repair", **_repair_context(exc))}]
                continue
            self._store(key, kind, content)
            return tokenomics

    def notes(self, pages: list[int], page_count: int, max_tokens: int) -> str:
        """Map step: free-text notes with quotes for one group of pages."""
        key = self._key("notes", pages)
        cached = self._cached(key)
        if cached is not None:
            return cached
        prompt = render("notes", name=self.doc.path.name, page_count=page_count,
                        page_list=_page_list(pages), pages=self.page_items(pages))
        messages = [{"role": "system", "content": render("system", schema="")},
                    {"role": "user", "content": prompt}]
        completion = self._create(messages, max_tokens, structured=False)
        choice = completion.choices[0]
        if getattr(choice.message, "refusal", None):
            raise LLMError(f"LLM {self.model} at {self.server} refused: {shorten(choice.message.refusal)}")
        if choice.finish_reason == "length":
            self.warn(f"llm: notes for pages {_page_list(pages)} were truncated")
        content = (choice.message.content or "").strip() or "none"
        self._store(key, "notes", content)
        return content

    def page_items(self, numbers: list[int]) -> list[dict]:
        return _page_items(self.doc, numbers, self.budget)


def request_body(model: str, messages: list[dict], max_tokens: int, structured: bool,
                 json_mode: bool = False) -> dict:
    """The chat-completions request body (the kwargs of ``chat.completions.create``)."""
    body: dict = {"model": model, "messages": messages}
    if model.startswith(("o1", "o3", "o4", "gpt-5")):  # reasoning models
        body["max_completion_tokens"] = max_tokens
    else:
        body["max_tokens"] = max_tokens
        body["temperature"] = 0
    if structured:
        body["response_format"] = {"type": "json_object"} if json_mode else response_format()
    return body


def answer_key(sha256: str, model: str, max_input_tokens: int, kind: str, pages: list[int]) -> str:
    """The LLM cache key of one answer (``kind``: extract, notes or reduce)."""
    return cache_key(pdf=sha256, model=model, prompt=PROMPT_VERSION, schema=SCHEMA_KEY,
                     max_input_tokens=max_input_tokens, kind=kind, pages=pages)


def _page_items(doc: Document, numbers: list[int], budget: int) -> list[dict]:
    return [{"number": n, "text": _page_for_prompt(doc.pages[n - 1], budget)} for n in numbers]


def _page_for_prompt(page: Page, budget: int) -> str:
    """Page text as sent: tags that would close our wrapper defused, cut to ``budget`` tokens."""
    text = page_text(page)
    for tag in ("</page>", "</document>", "</notes>"):
        text = text.replace(tag, tag.replace("</", "< /"))
    tokens = estimate_tokens(text)
    if tokens > budget:  # one page larger than a whole prompt
        text = text[: int(len(text) * budget / tokens)]
    return text


def shorten(text: object, limit: int = 200) -> str:
    """One line of at most ``limit`` characters, for error messages."""
    line = " ".join(str(text).split())
    return line if len(line) <= limit else line[: limit - 3] + "..."


def error_text(exc: openai.APIStatusError) -> str:
    """The server's own error message, shortened."""
    body = exc.body
    if isinstance(body, dict) and isinstance(body.get("message"), str):
        return shorten(body["message"])
    return shorten(exc.message)


def validation_problem(exc: Exception) -> str:
    """What is wrong with an answer, in one line (JSON or schema errors)."""
    if isinstance(exc, ValidationError):
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        return f"{exc.error_count()} schema error(s), first at {where}: {first['msg']}"
    return f"not JSON ({shorten(exc, 120)})"


def _repair_context(exc: Exception) -> dict:
    if isinstance(exc, ValidationError):
        errors = [f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()[:20]]
        return {"problem": "it does not match the schema.", "errors": errors}
    return {"problem": f"it is not valid JSON ({shorten(exc, 160)}).", "errors": []}


def _page_list(pages: list[int]) -> str:
    """1,2,3,5,7,8 -> '1-3, 5, 7-8'."""
    runs: list[list[int]] = []
    for n in sorted(pages):
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return ", ".join(f"{r[0]}-{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)


# ------------------------------------------------------------------ entry point


def _prompt_overhead(doc: Document) -> int:
    shell = render("extract", notes=None, name=doc.path.name, page_count=doc.page_count,
                   complete=False, page_list="", pages=[])
    return estimate_tokens(render("system", schema="") + shell) + 50


@dataclass
class Plan:
    """What will be sent: the selection, and the map-reduce groups when it does not fit."""

    selection: Selection
    budget: int  # page-text tokens per prompt
    pages_sent: list[int]
    groups: list[list[int]] = field(default_factory=list)  # empty: a single call

    @property
    def map_reduce(self) -> bool:
        return bool(self.groups)

    @property
    def tokens_sent(self) -> int:
        """Page-text tokens over all requests (map-reduce notes not included)."""
        tokens = self.selection.tokens
        return sum(min(tokens[n], self.budget) for n in self.pages_sent)


def plan_pages(doc: Document, max_input_tokens: int) -> Plan:
    """Choose the pages to send: the best pages in one prompt, or map-reduce groups.

    Map-reduce is used when relevant pages do not fit one prompt; it covers the
    relevant pages, best first, up to ``MAX_MAP_GROUPS`` prompts' worth.
    """
    budget = max(500, max_input_tokens - _prompt_overhead(doc))
    selection = select_pages(doc, budget)
    if selection.complete:
        return Plan(selection, budget, selection.pages)
    ranked = sorted(set(selection.pages) | set(selection.overflow),
                    key=lambda n: (-selection.scores[n], n))
    kept, spent = [], 0
    for number in ranked:
        cost = min(selection.tokens[number], budget)
        if spent + cost <= MAX_MAP_GROUPS * budget:
            kept.append(number)
            spent += cost
    kept.sort()
    return Plan(selection, budget, kept, group_pages(kept, selection.tokens, budget))


def resolve_config(model: str | None = None, base_url: str | None = None,
                   api_key: str | None = None) -> tuple[str, str | None, str]:
    """(model, base_url, api_key) from the arguments, else the environment.

    Raises :class:`~paperlens.errors.ConfigError` when neither a key nor a base URL is set.
    """
    model = model or os.environ.get("PAPERLENS_MODEL") or DEFAULT_MODEL
    base_url = (base_url or os.environ.get("PAPERLENS_BASE_URL")
                or os.environ.get("OPENAI_BASE_URL") or None)
    api_key = api_key or os.environ.get("OPENAI_API_KEY")
    if not api_key:
        if not base_url:
            raise ConfigError("the llm backend needs OPENAI_API_KEY, or a base URL "
                              "(PAPERLENS_BASE_URL) for a local server")
        api_key = "paperlens-local"  # local servers accept any key
    return model, base_url, api_key


def _extract_prompt(doc: Document, plan: Plan) -> str:
    return render("extract", notes=None, name=doc.path.name, page_count=doc.page_count,
                  complete=len(plan.pages_sent) == doc.page_count,
                  page_list=_page_list(plan.pages_sent),
                  pages=_page_items(doc, plan.pages_sent, plan.budget))


@dataclass
class SingleCall:
    """The one request :func:`extract_llm` sends for a paper that fits one prompt."""

    key: str  # the LLM cache key its answer is stored under
    body: dict  # the chat-completions request body
    pages: list[int]


def single_call(doc: Document, model: str, max_input_tokens: int = 12000) -> SingleCall | None:
    """The request and cache key of ``doc``'s single call; None when it needs map-reduce."""
    doc = blanked(doc)  # as the pipeline sends it: passages addressed to an AI blanked
    plan = plan_pages(doc, max_input_tokens)
    if plan.map_reduce:
        return None
    messages = [{"role": "system", "content": render("system", schema="")},
                {"role": "user", "content": _extract_prompt(doc, plan)}]
    return SingleCall(answer_key(doc.sha256, model, max_input_tokens, "extract", plan.pages_sent),
                      request_body(model, messages, MAX_OUTPUT_TOKENS, structured=True),
                      list(plan.pages_sent))


def extract_llm(
    doc: Document,
    *,
    model: str | None = None,
    base_url: str | None = None,
    api_key: str | None = None,
    max_input_tokens: int = 12000,
    timeout: float = 60.0,
    max_retries: int = 4,
    cache_dir: str | os.PathLike | None = None,
    use_cache: bool = True,
    concurrency: int = 4,
    prices: dict[str, tuple[float, float]] | None = None,
) -> Extraction:
    """Extract tokenomics from ``doc`` with an OpenAI-compatible chat-completions server.

    Config falls back to ``PAPERLENS_MODEL``, ``PAPERLENS_BASE_URL`` / ``OPENAI_BASE_URL``
    and ``OPENAI_API_KEY``. Raises :class:`~paperlens.errors.LLMError` when the server
    fails for good, :class:`~paperlens.errors.ConfigError` when nothing is configured.
    """
    model, base_url, api_key = resolve_config(model, base_url, api_key)
    plan = plan_pages(doc, max_input_tokens)
    cache, problem = None, None
    if use_cache:
        try:
            cache = Cache(cache_dir)
        except (OSError, sqlite3.Error) as exc:
            problem = f"llm: cache disabled ({exc})"
    session = _Session(doc, model, base_url, api_key, timeout, max_retries, cache, prices,
                       max_input_tokens, plan.budget)
    if problem:
        session.warn(problem)
    name, count, total = doc.path.name, doc.page_count, plan.selection.tokens_total
    if not plan.map_reduce:
        prompt = _extract_prompt(doc, plan)
        tokenomics = session.fill(prompt, "extract", plan.pages_sent)
        if len(plan.pages_sent) < count:
            session.warn(f"llm: sent {len(plan.pages_sent)} of {count} pages "
                          f"({plan.tokens_sent} of {total} tokens)")
    else:
        low, high = NOTES_OUTPUT_TOKENS
        notes_tokens = max(low, min(high, plan.budget // len(plan.groups)))
        with ThreadPoolExecutor(max_workers=max(1, concurrency)) as pool:
            notes = list(pool.map(lambda g: session.notes(g, count, notes_tokens), plan.groups))
        prompt = render("extract", name=name, page_count=count, notes=[
            {"pages": _page_list(g), "text": t} for g, t in zip(plan.groups, notes)])
        tokenomics = session.fill(prompt, "reduce", plan.pages_sent)
        session.warn(f"llm: map-reduce over {len(plan.pages_sent)} of {count} pages "
                      f"({plan.tokens_sent} of {total} tokens) in {len(plan.groups)} groups")
    return Extraction(
        tokenomics=tokenomics,
        backend="llm",
        model=model,
        prompt_version=PROMPT_VERSION,
        pages_sent=list(plan.pages_sent),
        usage=session.usage,
        warnings=session.warnings,
    )
