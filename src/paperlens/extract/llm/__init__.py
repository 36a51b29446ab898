"""The ``llm`` backend: fill the tokenomics schema with any OpenAI-compatible server.

One call with the selected pages when the relevant pages fit the budget;
otherwise map-reduce: notes per group of pages in parallel, then one call that
fills the schema from the notes. The budget is the configured one, cut to the
server's context window when it is known (llama.cpp's GET /props, or the
number in a context-length error); a context-length error re-plans with
smaller prompts. Answers use the best structured-output dialect the server
accepts (:mod:`.client`), with the strict schema paperlens builds from its own
models (:mod:`.strict`). Invalid answers get one repair re-ask. A map call that
fails for good costs its pages, named in the warnings, not the paper. Every
answer is cached in SQLite (:mod:`paperlens.cache`); costs come from
:mod:`paperlens.prices`.

Evidence statuses are never taken from the model: paperlens sets them when it
grounds the quotes (:mod:`paperlens.assess.ground`).
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from pydantic import ValidationError

from paperlens.cache import Cache, cache_key
from paperlens.errors import LLMError
from paperlens.prices import cost_usd, load_prices
from paperlens.ingest.document import Document
from paperlens.assess.quarantine import blanked
from paperlens.schema import SCHEMA_VERSION, Tokenomics, Usage
from paperlens.select import Selection, estimate_tokens, group_pages, select_pages
from paperlens.settings import DEFAULT_MODEL, LLMSettings, resolve_settings, settings_for
from paperlens.extract.extraction import Extraction
from paperlens.extract.llm.client import DIALECTS, SCHEMA_IN_PROMPT, Client, ContextExceeded, Rejected, Reply, error_text, shorten
from paperlens.extract.llm.prompts import (
    PROMPT_VERSION, json_tokens, notes_extra_tokens, page_items, page_list, render, shell_tokens,
)
from paperlens.extract.llm.strict import SCHEMA_NAME, grammar_schema, llm_schema, parse_answer, schema_json, strict_problems

__all__ = ["extract_llm", "served_model", "plan_pages", "Plan", "single_call", "SingleCall", "request_body",
           "answer_key", "llm_schema", "strict_problems", "parse_answer", "cost_usd",
           "load_prices", "resolve_config", "error_text", "shorten", "validation_problem",
           "PROMPT_VERSION", "SCHEMA_KEY", "DEFAULT_MODEL", "DIALECTS"]

MAX_REPAIRS = 1  # re-asks after an answer that is not valid JSON for the schema
MAX_OUTPUT_TOKENS = 8192  # first try; doubled once per truncation up to the cap
MAX_OUTPUT_CAP = 16384  # the output limit of gpt-4o and gpt-4o-mini
NOTES_OUTPUT_TOKENS = (300, 2000)  # per map call: floor, ceiling
MAX_MAP_GROUPS = 8  # map-reduce sends at most this many prompts' worth of pages
MIN_PAGE_TOKENS = 300  # a prompt with less room for page text than this is not worth sending
BUDGET_FLOOR = 500  # page tokens per prompt at least, unless the server's context is smaller
ANSWER_TOKENS = 1500  # room kept for the answer in a small context (all nulls take about 1,000)
CONTEXT_MARGIN = 0.85  # token counts are estimates: use this share of a known context window
MAX_REPLANS = 3  # re-plans after context-length errors

SCHEMA_KEY = f"{SCHEMA_VERSION}-{__import__('hashlib').sha256(schema_json().encode()).hexdigest()[:12]}"

log = logging.getLogger(__name__)


def response_format(dialect: str = "json_schema") -> dict | None:
    """The ``response_format`` of a schema request in ``dialect`` (None: no response_format)."""
    if dialect == "json_schema":
        return {"type": "json_schema",
                "json_schema": {"name": SCHEMA_NAME, "strict": True, "schema": llm_schema()}}
    if dialect == "json_object_schema":
        return {"type": "json_object", "schema": grammar_schema()}
    if dialect == "json_object":
        return {"type": "json_object"}
    return None


def request_body(model: str, messages: list[dict], max_tokens: int, structured: bool,
                 dialect: str = "json_schema") -> dict:
    """The chat-completions request body (the kwargs of ``chat.completions.create``)."""
    body: dict = {"model": model, "messages": messages}
    if model.startswith(("o1", "o3", "o4", "gpt-5")):  # reasoning models
        body["max_completion_tokens"] = max_tokens
    else:
        body["max_tokens"] = max_tokens
        body["temperature"] = 0
    if structured and (fmt := response_format(dialect)) is not None:
        body["response_format"] = fmt
    return body


def answer_key(sha256: str, model: str, max_input_tokens: int, kind: str, pages: list[int],
               excerpts: dict[int, str] | None = None) -> str:
    """The LLM cache key of one answer (``kind``: extract, notes or reduce); ``excerpts``: the
    passages sent of pages sent in part (:attr:`Selection.excerpts`)."""
    parts = {str(n): excerpts[n] for n in pages if n in excerpts} if excerpts else {}
    return cache_key(pdf=sha256, model=model, prompt=PROMPT_VERSION, schema=SCHEMA_KEY,
                     max_input_tokens=max_input_tokens, kind=kind, pages=pages,
                     **({"excerpts": parts} if parts else {}))


def validation_problem(exc: Exception) -> str:
    """What is wrong with an answer, in one line (JSON or schema errors)."""
    if isinstance(exc, ValidationError):
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        return f"{exc.error_count()} schema error(s), first at {where}: {shorten(first['msg'], 120)}"
    return f"not JSON ({shorten(exc, 120)})"


def _repair_context(exc: Exception) -> dict:
    if isinstance(exc, ValidationError):
        errors = [f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()[:20]]
        return {"problem": "it does not match the schema.", "errors": errors}
    return {"problem": f"it is not valid JSON ({shorten(exc, 160)}).", "errors": []}


# ------------------------------------------------------------------ one extraction


class _Session:
    """One extraction: the client, the cache, usage and warnings."""

    def __init__(self, doc: Document, client: Client, model: str, settings: LLMSettings,
                 cache: Cache | None, max_input_tokens: int):
        self.doc, self.client, self.model, self.settings = doc, client, model, settings
        self.cache = cache
        self.max_input_tokens = max_input_tokens  # part of the cache key
        self.usage = Usage()
        self.hits = 0
        self.excerpts: dict[int, str] = {}  # the plan's pages sent in part
        self.warnings: list[str] = []
        self._lock = threading.Lock()

    def warn(self, text: str) -> None:
        text = self.client.safe(text)
        with self._lock:
            if text not in self.warnings:
                self.warnings.append(text)

    def _account(self, reply: Reply, messages: list[dict]) -> None:
        tokens_in, tokens_out = reply.tokens_in, reply.tokens_out
        if tokens_in is None:  # some local servers send no usage: estimate
            tokens_in = sum(estimate_tokens(str(m["content"])) for m in messages)
        if tokens_out is None:
            tokens_out = estimate_tokens(reply.content or "")
        with self._lock:
            self.usage.calls += 1
            self.usage.input_tokens += tokens_in
            self.usage.output_tokens += tokens_out
            self.usage.cost_usd = cost_usd(self.model, self.usage.input_tokens,
                                           self.usage.output_tokens, self.settings.price_table)

    # --- cache
    def _key(self, kind: str, pages: list[int]) -> str:
        return answer_key(self.doc.sha256, self.model, self.max_input_tokens, kind, pages,
                          self.excerpts)

    def _cached(self, key: str) -> str | None:
        if self.cache is None:
            return None
        try:
            hit = self.cache.get(key)
        except sqlite3.Error as exc:  # the cache's own errors name its file (and the entry)
            self.warn(f"llm: {exc}; asked the server")
            return None
        except (ValueError, TypeError, KeyError, RecursionError) as exc:
            self.warn(f"llm: cache entry {key} in {self.cache.path} not readable "
                      f"({type(exc).__name__}): discarded, asked the server")
            return None
        if hit is None:
            return None
        content = hit.get("content") if isinstance(hit, dict) else None
        if not isinstance(content, str):
            self.warn(f"llm: cache entry {key} in {self.cache.path} unusable: discarded, "
                      "asked the server")
            return None
        return content

    def _store(self, key: str, kind: str, content: str) -> None:
        if self.cache is None:
            return
        try:
            self.cache.put(key, {"content": content}, kind=kind, model=self.model)
        except sqlite3.Error as exc:
            self.warn(f"llm: answer not cached ({exc})")

    def _ask(self, messages: list[dict], max_tokens: int, structured: bool, dialect: str) -> Reply:
        body = request_body(self.model, messages, max_tokens, structured, dialect)
        reply = self.client.chat(body)
        self._account(reply, messages)
        if reply.refusal:
            raise self.client.fail(f"LLM {self.model} at {self.client.server} refused: "
                                   f"{shorten(reply.refusal)}", answer=True)
        if reply.finish_reason == "content_filter":
            raise self.client.fail(f"LLM {self.model} at {self.client.server}: answer blocked "
                                   "by the content filter", answer=True)
        return reply

    # --- the two kinds of request
    def fill(self, prompt: str, kind: str, pages: list[int], max_tokens: int, cap: int) -> Tokenomics:
        """Ask for the schema; repair once; handle dialects, refusal, truncation."""
        key = self._key(kind, pages)
        cached = self._cached(key)
        if cached is not None:
            try:
                tokenomics = parse_answer(cached)
            except (ValueError, ValidationError, RecursionError):
                self.warn(f"llm: cache entry {key} in {self.cache.path} is not a valid answer: "
                          "discarded, asked the server")
            else:
                with self._lock:
                    self.hits += 1
                return tokenomics
        turns: list[dict] = [{"role": "user", "content": prompt}]
        repairs = 0
        while True:
            dialect = self.client.dialect
            system = render("system", schema=schema_json() if dialect in SCHEMA_IN_PROMPT else "")
            messages = [{"role": "system", "content": system}, *turns]
            try:
                reply = self._ask(messages, max_tokens, True, dialect)
            except Rejected as exc:
                if not self.client.next_dialect(dialect):
                    raise self.client.fail(f"LLM server {self.client.server} rejected every "
                                           f"structured-output form ({exc})") from None
                self.warn(f"llm: {self.client.server} rejected response_format {dialect} ({exc}); "
                          f"asked with {self.client.dialect}")
                continue
            if reply.finish_reason == "length":
                if reply.tokens_in and reply.tokens_out and reply.tokens_out < 0.9 * max_tokens:
                    n_ctx = reply.tokens_in + reply.tokens_out  # the context ended it, not max_tokens
                    self.client.learn_context(n_ctx)
                    raise self.client.fail(
                        f"LLM {self.model} at {self.client.server}: answer truncated at the server's "
                        f"context window ({n_ctx} tokens: {reply.tokens_in} prompt + {reply.tokens_out} "
                        "answer); a model that loops fills any context, a larger one may answer", answer=True)
                if max_tokens >= cap:
                    raise self.client.fail(f"LLM {self.model} at {self.client.server}: answer "
                                           f"truncated at {max_tokens} output tokens (finish_reason=length)", answer=True)
                max_tokens = min(cap, max_tokens * 2)
                self.warn(f"llm: answer truncated, asked again with {max_tokens} output tokens")
                continue
            content = reply.content or ""
            try:
                tokenomics = parse_answer(content)
            except (ValueError, ValidationError, RecursionError) as exc:
                if repairs >= MAX_REPAIRS:
                    raise self.client.fail(f"LLM {self.model} at {self.client.server}: answer still "
                                           f"invalid after {repairs} repair(s): "
                                           f"{validation_problem(exc)}", answer=True) from None
                repairs += 1
                self.warn("llm: invalid answer repaired by a re-ask")
                turns += [{"role": "assistant", "content": content},
                          {"role": "user", "content": render("repair", **_repair_context(exc))}]
                continue
            self._store(key, kind, content)
            return tokenomics

    def notes(self, pages: list[int], page_count: int, budget: int, max_tokens: int) -> str:
        """Map step: free-text notes with quotes for one group of pages."""
        key = self._key("notes", pages)
        cached = self._cached(key)
        if cached is not None:
            with self._lock:
                self.hits += 1
            return cached
        prompt = render("notes", name=self.doc.path.name, page_count=page_count,
                        page_list=page_list(pages),
                        pages=page_items(self.doc, pages, budget, self.excerpts))
        messages = [{"role": "system", "content": render("system", schema="")},
                    {"role": "user", "content": prompt}]
        reply = self._ask(messages, max_tokens, False, self.client.dialect)
        if reply.finish_reason == "length":
            self.warn(f"llm: notes for pages {page_list(pages)} were truncated")
        content = (reply.content or "").strip() or "none"
        self._store(key, "notes", content)
        return content


# ------------------------------------------------------------------ planning


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
        return sum(min(self.selection.cost(n), self.budget) for n in self.pages_sent)


def plan_pages(doc: Document, max_input_tokens: int, shell: int | None = None,
               floor: int = BUDGET_FLOOR) -> Plan:
    """Choose the pages to send: the best pages in one prompt, or map-reduce groups.

    ``shell`` is the prompt without pages, in tokens (default: the system and
    extract templates); the page budget is never below ``floor``. Map-reduce is used when relevant pages do not fit one
    prompt; it covers the relevant pages, best first, up to ``MAX_MAP_GROUPS``
    prompts' worth.
    """
    shell = shell_tokens(doc) if shell is None else shell
    budget = max(floor, max_input_tokens - shell)
    selection = select_pages(doc, budget)
    if selection.complete:
        return Plan(selection, budget, selection.pages)
    budget = max(floor, budget - notes_extra_tokens(doc))  # the map step's prompt is longer
    ranked = sorted(set(selection.pages) | set(selection.overflow),
                    key=lambda n: (-selection.scores[n], n))
    kept, spent = [], 0
    for number in ranked:
        cost = min(selection.cost(number), budget)
        if spent + cost <= MAX_MAP_GROUPS * budget:
            kept.append(number)
            spent += cost
    kept.sort()
    costs = {n: selection.cost(n) for n in kept}
    return Plan(selection, budget, kept, group_pages(kept, costs, budget))


@dataclass
class _Fit:
    max_input_tokens: int
    max_output: int  # first try
    cap: int  # after truncations
    shell: int
    floor: int = BUDGET_FLOOR


def _fit(doc: Document, client: Client, max_input_tokens: int) -> _Fit:
    """The budget for ``client``'s server: cut to its context window when known."""
    schema = schema_json()
    schema_tokens = json_tokens(schema)
    shell = shell_tokens(doc, schema if client.dialect in SCHEMA_IN_PROMPT else "")
    n_ctx = client.context_window()
    longest = min(MAX_OUTPUT_CAP, client.settings.max_output_tokens)
    if n_ctx is None:
        return _Fit(max_input_tokens, min(MAX_OUTPUT_TOKENS, longest), longest, shell)
    reserve = min(MAX_OUTPUT_TOKENS, longest, max(ANSWER_TOKENS, n_ctx // 4))
    room = int((n_ctx - reserve) * CONTEXT_MARGIN)
    if room - shell < MIN_PAGE_TOKENS:
        raise client.fail(f"the server's context ({n_ctx} tokens) is too small for paperlens's "
                          f"schema ({schema_tokens} tokens): start it with a larger context, "
                          "e.g. --n_ctx 8192")
    return _Fit(min(max_input_tokens, room), reserve, reserve, shell, MIN_PAGE_TOKENS)


def extract_prompt(doc: Document, plan: Plan) -> str:
    """The extract request's user message for ``plan`` (a single call)."""
    return render("extract", notes=None, name=doc.path.name, page_count=doc.page_count,
                  complete=len(plan.pages_sent) == doc.page_count,
                  page_list=page_list(plan.pages_sent),
                  pages=page_items(doc, plan.pages_sent, plan.budget, plan.selection.excerpts))


def _run(session: _Session, doc: Document, plan: Plan, fit: _Fit) -> tuple[Tokenomics, list[int]]:
    """Send ``plan``; the answer and the pages really read."""
    name, count, total = doc.path.name, doc.page_count, plan.selection.tokens_total
    if not plan.map_reduce:
        tokenomics = session.fill(extract_prompt(doc, plan), "extract", plan.pages_sent,
                                  fit.max_output, fit.cap)
        if len(plan.pages_sent) < count:
            session.warn(f"llm: sent {len(plan.pages_sent)} of {count} pages "
                         f"({plan.tokens_sent} of {total} tokens)")
        return tokenomics, list(plan.pages_sent)
    low, high = NOTES_OUTPUT_TOKENS
    notes_tokens = min(fit.max_output, max(low, min(high, plan.budget // len(plan.groups))))

    def one(group: list[int]) -> str | LLMError:
        try:
            return session.notes(group, count, plan.budget, notes_tokens)
        except ContextExceeded:
            raise
        except LLMError as exc:  # this group's pages are lost, not the paper
            return exc

    with ThreadPoolExecutor(max_workers=max(1, session.settings.concurrency)) as pool:
        results = list(pool.map(one, plan.groups))
    failed = [(g, r) for g, r in zip(plan.groups, results) if isinstance(r, LLMError)]
    if len(failed) == len(plan.groups):
        raise failed[0][1]
    for group, exc in failed:
        session.warn(f"llm: pages {page_list(group)} not read: their map call failed ({exc})")
    read = [(g, r) for g, r in zip(plan.groups, results) if not isinstance(r, LLMError)]
    pages = sorted(n for g, _ in read for n in g)
    prompt = render("extract", name=name, page_count=count, notes=[
        {"pages": page_list(g), "text": t} for g, t in read])
    tokenomics = session.fill(prompt, "reduce", plan.pages_sent, fit.max_output, fit.cap)
    session.warn(f"llm: map-reduce over {len(pages)} of {count} pages "
                 f"({plan.tokens_sent} of {total} tokens) in {len(plan.groups)} groups")
    return tokenomics, pages


def extract_llm(
    doc: Document,
    settings: LLMSettings | None = None,
    *,
    model: str | None = None,
    base_url: str | None = None,
    api_key: str | None = None,
    max_input_tokens: int | None = None,
    timeout: float | None = None,
    max_retries: int | None = None,
    cache_dir=None,
    use_cache: bool = True,
    concurrency: int | None = None,
    prices=None,
) -> Extraction:
    """Extract tokenomics from ``doc`` with an OpenAI-compatible chat-completions server.

    Give ``settings`` (:func:`paperlens.settings.resolve_settings`) or the keyword
    options, which are resolved with the environment and config file. Raises
    :class:`~paperlens.errors.LLMError` when the server fails for good,
    :class:`~paperlens.errors.ConfigError` when nothing is configured.
    """
    settings = settings_for(settings, backend="llm", model=model, base_url=base_url,
                            api_key=api_key, max_input_tokens=max_input_tokens, timeout=timeout,
                            max_retries=max_retries, cache_dir=cache_dir, use_cache=use_cache,
                            concurrency=concurrency, prices=prices)
    settings.require()
    client = Client(settings)
    model_name = client.model()
    cache, problem = None, None
    if settings.use_cache:
        try:
            cache = Cache(settings.cache_dir)
        except (OSError, sqlite3.Error) as exc:
            problem = f"llm: cache disabled ({exc})"
    session = _Session(doc, client, model_name, settings, cache, settings.max_input_tokens)
    if problem:
        session.warn(problem)
    budget = settings.max_input_tokens
    for attempt in range(MAX_REPLANS + 1):
        fit = _fit(doc, client, budget)
        plan = plan_pages(doc, fit.max_input_tokens, fit.shell, fit.floor)
        session.excerpts = plan.selection.excerpts
        try:
            tokenomics, pages = _run(session, doc, plan, fit)
            break
        except ContextExceeded as exc:
            if attempt == MAX_REPLANS or fit.max_input_tokens - fit.shell <= MIN_PAGE_TOKENS:
                n_ctx = client.info.n_ctx
                raise client.fail(f"the server's context{f' ({n_ctx} tokens)' if n_ctx else ''} is "
                                  f"too small for paperlens's prompts ({exc}): start it with a "
                                  "larger context, e.g. --n_ctx 8192") from None
            budget = max(fit.shell + MIN_PAGE_TOKENS, fit.max_input_tokens // 2)
            session.warn(f"llm: {client.server} has a smaller context than the prompt; planned "
                         f"again with {budget} input tokens")
    if session.hits and not session.usage.calls:
        session.warn("llm: answers served from the cache (no request made)")
    elif session.hits:
        session.warn(f"llm: {session.hits} answer(s) from the cache, {session.usage.calls} "
                     "request(s) to the server")
    return Extraction(
        tokenomics=tokenomics,
        backend="llm",
        model=model_name,
        prompt_version=PROMPT_VERSION,
        pages_sent=pages,
        usage=session.usage,
        warnings=session.warnings,
        server=settings.server,
    )


# ------------------------------------------------------------------ batch support


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
                {"role": "user", "content": extract_prompt(doc, plan)}]
    return SingleCall(answer_key(doc.sha256, model, max_input_tokens, "extract", plan.pages_sent,
                                 plan.selection.excerpts),
                      request_body(model, messages, MAX_OUTPUT_TOKENS, structured=True),
                      list(plan.pages_sent))


def served_model(settings: LLMSettings) -> str:
    """The model to use: the configured one, else the one the server lists (ConfigError otherwise)."""
    settings.require()
    return Client(settings).model()


def resolve_config(model: str | None = None, base_url: str | None = None,
                   api_key: str | None = None) -> tuple[str, str | None, str]:
    """(model, base_url, api_key) for the Batch API, resolved like every LLM setting."""
    settings = resolve_settings("llm", model=model, base_url=base_url, api_key=api_key)
    settings.require()
    return Client(settings).model(), settings.base_url, settings.api_key or "paperlens-local"
