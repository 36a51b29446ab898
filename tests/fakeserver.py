"""A scriptable OpenAI-compatible HTTP server on 127.0.0.1 for tests.

The real ``openai`` client talks to it over HTTP. Each test scripts the
answers with :meth:`FakeLLM.push` (a queue of behaviours, one per request) or
sets :attr:`FakeLLM.default`; every request is recorded in
:attr:`FakeLLM.requests` so tests can assert on the model, the
``response_format`` and the pages in the prompt.

Routes are a table, ``FakeLLM.routes[(method, path)] = handler``; a handler
takes ``(server, request)`` and returns a :class:`Reply`, so other endpoints
(``/v1/files``, ``/v1/batches``) can be added next to chat completions; a
path may contain ``*`` (``/v1/files/*/content``).

Batch API: an uploaded JSONL file is "run" when the batch is created, each line
answered by the same script as realtime calls (recorded in
:attr:`FakeLLM.batch_lines`, not in :attr:`FakeLLM.chat_requests`); 200 answers
go to the output file, others to the error file. The batch reports
``in_progress`` for :attr:`FakeLLM.batch_polls` retrievals, then
:attr:`FakeLLM.batch_final_status`.
"""

from __future__ import annotations

import email.parser
import email.policy
import fnmatch
import json
import re
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


@dataclass
class Reply:
    status: int = 200
    body: dict | str = ""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds to wait before answering


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: dict
    raw: bytes = b""

    @property
    def prompt(self) -> str:
        """All message contents, joined."""
        return "\n".join(str(m.get("content", "")) for m in self.body.get("messages", []))

    @property
    def pages(self) -> list[int]:
        """Page numbers sent as ``<page number="N">`` in the last user message."""
        users = [m for m in self.body.get("messages", []) if m.get("role") == "user"]
        text = str(users[0]["content"]) if users else ""
        return [int(n) for n in re.findall(r'<page number="(\d+)"[^>]*>', text)]

    @property
    def format_type(self) -> str | None:
        fmt = self.body.get("response_format")
        return fmt.get("type") if isinstance(fmt, dict) else None

    @property
    def dialect(self) -> str | None:
        """json_schema, json_object_schema (json_object with a schema), json_object or None."""
        fmt = self.body.get("response_format")
        if not isinstance(fmt, dict):
            return None
        if fmt.get("type") == "json_object" and "schema" in fmt:
            return "json_object_schema"
        return fmt.get("type")


Behaviour = Callable[[Request], Reply]


# ------------------------------------------------------------ behaviours


def _tokens(text: str) -> int:
    return max(1, len(text) // 4)


def completion(request: Request, content: str | None, finish_reason: str = "stop",
               refusal: str | None = None) -> Reply:
    """A chat.completion body; usage is len/4 of prompt and answer (deterministic)."""
    usage_in, usage_out = _tokens(request.prompt), _tokens(content or refusal or "")
    return Reply(200, {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": request.body.get("model", "fake"),
        "choices": [{
            "index": 0,
            "finish_reason": finish_reason,
            "message": {"role": "assistant", "content": content, "refusal": refusal},
        }],
        "usage": {"prompt_tokens": usage_in, "completion_tokens": usage_out,
                  "total_tokens": usage_in + usage_out},
    })


def error(status: int, message: str, headers: dict | None = None, param: str | None = None,
          code: str | None = None) -> Reply:
    """An OpenAI-style error body."""
    return Reply(status, {"error": {"message": message, "type": "invalid_request_error",
                                    "param": param, "code": code}}, headers or {})


def answer(content: str) -> Behaviour:
    """Answer with ``content`` as the assistant message (any text)."""
    return lambda request: completion(request, content)


def good(tokenomics_json: str) -> Behaviour:
    """A valid structured answer."""
    return answer(tokenomics_json)


def invalid_json() -> Behaviour:
    return answer('{"identity": {"project_name": {"value": "Nova Ledger", "evidence": ')


def schema_violation() -> Behaviour:
    """Parses as JSON but breaks the schema (a percent that is not a number)."""
    return answer(json.dumps({"identity": {"project_name": {"value": 7, "evidence": None}},
                              "allocation": [{"label": "Team", "category": "founders",
                                              "percent": "a fifth"}]}))


def refusal(text: str = "I can't help with that.") -> Behaviour:
    return lambda request: completion(request, None, refusal=text)


def truncated() -> Behaviour:
    """Cut at max_tokens, which a real server reports as the completion's token count."""
    def behaviour(request: Request) -> Reply:
        reply = completion(request, '{"identity": {"project_name": {"val', finish_reason="length")
        usage = reply.body["usage"]
        usage["completion_tokens"] = int(request.body.get("max_tokens")
                                         or request.body.get("max_completion_tokens") or 1)
        usage["total_tokens"] = usage["prompt_tokens"] + usage["completion_tokens"]
        return reply
    return behaviour


def rate_limited(retry_after: str = "0") -> Behaviour:
    return lambda request: error(429, "Rate limit reached", {"Retry-After": retry_after})


def server_error(status: int = 500) -> Behaviour:
    return lambda request: error(status, "The server had an error processing your request.")


def slow(seconds: float, then: Behaviour) -> Behaviour:
    """Answer like ``then`` but only after ``seconds``."""
    def behaviour(request: Request) -> Reply:
        reply = then(request)
        reply.delay = seconds
        return reply
    return behaviour


def no_json_schema() -> Behaviour:
    """What servers without structured outputs say to ``type: json_schema``."""
    return lambda request: error(
        400, "response_format type 'json_schema' is not supported by this model",
        param="response_format")


def context_exceeded(n_ctx: int, prompt: int, completion: int) -> Reply:
    """llama-cpp-python's answer to a prompt longer than its context window."""
    return error(400, f"This model's maximum context length is {n_ctx} tokens. However, you "
                      f"requested {prompt + completion} tokens ({prompt} in the messages, "
                      f"{completion} in the completion). Please reduce the length of the messages "
                      "or completion.", param="messages", code="context_length_exceeded")


def llama_cpp_python_rejects_json_schema() -> Behaviour:
    """llama-cpp-python 0.3's HTTP 500 to ``response_format: {"type": "json_schema"}``."""
    def behaviour(request: Request) -> Reply:
        return Reply(500, {"error": {"message": "1 validation error for ... response_format.type\n"
                                                "  Input should be 'text' or 'json_object'",
                                     "type": "internal_server_error", "param": None, "code": None}})
    return behaviour


def by_kind(fill: Behaviour, notes: Behaviour) -> Behaviour:
    """Route schema requests to ``fill`` and free-text (map step) requests to ``notes``."""
    return lambda request: (fill if request.format_type else notes)(request)


# ------------------------------------------------------------ the server


class FakeLLM:
    """The server: ``base_url``, a script of behaviours and the recorded requests."""

    def __init__(self) -> None:
        self.requests: list[Request] = []
        self.script: deque[Behaviour] = deque()
        self.default: Behaviour | None = None
        self.rejects: set[str] = set()  # dialects (Request.dialect) answered by self.rejection
        self.rejection: Behaviour = lambda request: no_json_schema()(request)
        self.models = ["test-model"]  # what GET /v1/models lists
        self.n_ctx: int | None = None  # a context window: longer prompts get llama-cpp-python's 400
        self.props: dict | None = None  # GET /props body (llama.cpp's server); None: 404
        self.connections = 0  # TCP connections accepted
        self.routes: dict[tuple[str, str], Callable[[FakeLLM, Request], Reply]] = {
            ("POST", "/v1/chat/completions"): FakeLLM.chat_completions,
            ("GET", "/v1/models"): FakeLLM.list_models,
            ("GET", "/props"): FakeLLM.props,
            ("POST", "/v1/files"): FakeLLM.upload_file,
            ("GET", "/v1/files/*/content"): FakeLLM.file_content,
            ("POST", "/v1/batches"): FakeLLM.create_batch,
            ("GET", "/v1/batches/*"): FakeLLM.retrieve_batch,
        }
        self.files: dict[str, dict] = {}  # id -> {"purpose", "filename", "data": bytes}
        self.batches: dict[str, dict] = {}  # id -> the batch object (plus "_polls")
        self.batch_lines: list[Request] = []  # requests run inside batches
        self.batch_polls = 1
        self.batch_final_status = "completed"
        self._lock = threading.Lock()
        self._httpd = _CountingServer(("127.0.0.1", 0), _handler_for(self))
        self._httpd.on_connection = self.count_connection
        self._httpd.daemon_threads = True
        self._httpd.block_on_close = False
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.05,), daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}/v1"

    def push(self, *behaviours: Behaviour) -> None:
        """Queue behaviours, one per coming request."""
        self.script.extend(behaviours)

    @property
    def json_schema_supported(self) -> bool:
        return "json_schema" not in self.rejects

    @json_schema_supported.setter
    def json_schema_supported(self, value: bool) -> None:
        (self.rejects.discard if value else self.rejects.add)("json_schema")

    @property
    def chat_requests(self) -> list[Request]:
        return [r for r in self.requests if r.path == "/v1/chat/completions"]

    def list_models(self, request: Request) -> Reply:
        return Reply(200, {"object": "list", "data": [
            {"id": m, "object": "model", "owned_by": "me"} for m in self.models]})

    def props(self, request: Request) -> Reply:
        if self.props is None:
            return error(404, "fakeserver: no /props")
        return Reply(200, self.props)

    def chat_completions(self, request: Request) -> Reply:
        if request.dialect in self.rejects:
            return self.rejection(request)
        if self.n_ctx is not None:
            prompt = _tokens(request.prompt)
            wanted = prompt + int(request.body.get("max_tokens") or 0)
            if prompt >= self.n_ctx:  # llama-cpp-python: the prompt alone must fit
                return context_exceeded(self.n_ctx, prompt, wanted - prompt)
        with self._lock:
            behaviour = self.script.popleft() if self.script else self.default
        if behaviour is None:
            return error(400, "fakeserver: no scripted reply left for this request")
        return behaviour(request)

    # --- files and batches
    def upload_file(self, request: Request) -> Reply:
        parts = _multipart(request)
        if "file" not in parts:
            return error(400, "fakeserver: no file part in the upload")
        data, filename = parts["file"]
        file_id = f"file-{len(self.files) + 1}"
        self.files[file_id] = {"purpose": parts.get("purpose", (b"", None))[0].decode(),
                               "filename": filename, "data": data}
        return Reply(200, self._file_object(file_id))

    def _file_object(self, file_id: str) -> dict:
        entry = self.files[file_id]
        return {"id": file_id, "object": "file", "bytes": len(entry["data"]),
                "created_at": int(time.time()), "filename": entry["filename"] or "upload",
                "purpose": entry["purpose"], "status": "processed"}

    def file_content(self, request: Request) -> Reply:
        file_id = request.path.split("/")[3]
        if file_id not in self.files:
            return error(404, f"fakeserver: no file {file_id}")
        return Reply(200, self.files[file_id]["data"].decode())

    def create_batch(self, request: Request) -> Reply:
        file_id = request.body.get("input_file_id")
        if file_id not in self.files:
            return error(400, f"fakeserver: no input file {file_id}")
        output, errors = [], []
        for n, line in enumerate(self.files[file_id]["data"].decode().splitlines()):
            item = json.loads(line)
            line_request = Request(item["method"], item["url"], {}, item["body"])
            with self._lock:
                self.batch_lines.append(line_request)
            reply = self.chat_completions(line_request)
            result = {"id": f"batch_req_{n}", "custom_id": item["custom_id"],
                      "response": {"status_code": reply.status, "request_id": f"req_{n}",
                                   "body": reply.body},
                      "error": None}
            (output if reply.status == 200 else errors).append(json.dumps(result))
        batch_id = f"batch_{len(self.batches) + 1}"
        out_id = self._store_file(output)
        err_id = self._store_file(errors)
        self.batches[batch_id] = {
            "id": batch_id, "object": "batch", "endpoint": request.body.get("endpoint"),
            "completion_window": request.body.get("completion_window"),
            "input_file_id": file_id, "status": "validating", "created_at": int(time.time()),
            "output_file_id": out_id, "error_file_id": err_id, "errors": None,
            "request_counts": {"total": len(output) + len(errors), "completed": len(output),
                               "failed": len(errors)},
            "_polls": 0,
        }
        return Reply(200, self._batch_object(batch_id, final=False))

    def _store_file(self, lines: list[str]) -> str | None:
        if not lines:
            return None
        file_id = f"file-{len(self.files) + 1}"
        self.files[file_id] = {"purpose": "batch_output", "filename": "output.jsonl",
                               "data": "".join(f"{line}\n" for line in lines).encode()}
        return file_id

    def _batch_object(self, batch_id: str, final: bool) -> dict:
        batch = {k: v for k, v in self.batches[batch_id].items() if not k.startswith("_")}
        if not final:  # files appear only when the batch has ended
            batch.update(output_file_id=None, error_file_id=None)
        elif self.batch_final_status in ("failed", "cancelled", "expired"):
            batch.update(output_file_id=None, error_file_id=None, errors={
                "object": "list", "data": [{"code": "fake", "message": "fakeserver: batch "
                                                               + self.batch_final_status}]})
        return batch

    def retrieve_batch(self, request: Request) -> Reply:
        batch_id = request.path.rsplit("/", 1)[1]
        if batch_id not in self.batches:
            return error(404, f"fakeserver: no batch {batch_id}")
        batch = self.batches[batch_id]
        batch["_polls"] += 1
        final = batch["_polls"] > self.batch_polls
        batch["status"] = self.batch_final_status if final else "in_progress"
        return Reply(200, self._batch_object(batch_id, final))

    def handle(self, request: Request) -> Reply:
        with self._lock:
            self.requests.append(request)
        route = self.routes.get((request.method, request.path)) or next(
            (handler for (method, pattern), handler in self.routes.items()
             if method == request.method and "*" in pattern
             and fnmatch.fnmatchcase(request.path, pattern)), None)
        if route is None:
            return error(404, f"fakeserver: no route for {request.method} {request.path}")
        return route(self, request)

    def count_connection(self) -> None:
        with self._lock:
            self.connections += 1

    def start(self) -> FakeLLM:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()


class _CountingServer(ThreadingHTTPServer):
    """Counts every accepted TCP connection, whether or not a request follows."""

    on_connection: Callable[[], None] = staticmethod(lambda: None)

    def process_request(self, request, client_address):
        self.on_connection()
        super().process_request(request, client_address)


def _handler_for(server: FakeLLM) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _serve(self, method: str) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            try:
                body = json.loads(raw) if raw else {}
            except ValueError:
                body = {"_raw": raw.decode("utf-8", "replace")}
            path = self.path.split("?", 1)[0]
            headers = {k.lower(): v for k, v in self.headers.items()}  # lower-case names
            request = Request(method, path, headers, body, raw)
            reply = server.handle(request)
            if reply.delay:
                time.sleep(reply.delay)
            data = reply.body if isinstance(reply.body, str) else json.dumps(reply.body)
            payload = data.encode()
            try:
                self.send_response(reply.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                for key, value in reply.headers.items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(payload)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (timeout test)

        def do_POST(self) -> None:  # noqa: N802
            self._serve("POST")

        def do_GET(self) -> None:  # noqa: N802
            self._serve("GET")

        def log_message(self, *args) -> None:
            pass

    return Handler


def _multipart(request: Request) -> dict[str, tuple[bytes, str | None]]:
    """name -> (content, filename) of a multipart/form-data body."""
    head = f"Content-Type: {request.headers.get('content-type', '')}\r\n\r\n".encode()
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + request.raw)
    parts = {}
    for part in message.iter_parts() if message.is_multipart() else []:
        name = part.get_param("name", header="content-disposition")
        parts[name] = (part.get_payload(decode=True) or b"", part.get_filename())
    return parts


LLM_ENV = ("OPENAI_API_KEY", "OPENAI_BASE_URL", "PAPERLENS_BASE_URL", "PAPERLENS_MODEL",
           "PAPERLENS_BACKEND")


@pytest.fixture
def llm_env(monkeypatch, tmp_path_factory):
    """No LLM configuration leaks in from the machine (environment, config file); nothing
    learned about a server by an earlier test; retries back off fast."""
    from paperlens.extract.llm import client

    monkeypatch.setattr(client, "BACKOFF_BASE", 0.01)
    for name in LLM_ENV:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("config")))
    client.forget_servers()
    yield
    client.forget_servers()


def model_answer(tokenomics) -> str:
    """A Tokenomics as a model sends it: JSON with no ``status`` (the LLM schema has none)."""
    def drop(node):
        if isinstance(node, dict):
            node.pop("status", None)
            for value in node.values():
                drop(value)
        elif isinstance(node, list):
            for value in node:
                drop(value)

    data = tokenomics.model_dump(mode="json")
    drop(data)
    return json.dumps(data)


@pytest.fixture
def fake_llm():
    """A running :class:`FakeLLM`; use ``fake_llm.base_url`` as the client's base URL."""
    server = FakeLLM().start()
    try:
        yield server
    finally:
        server.stop()
