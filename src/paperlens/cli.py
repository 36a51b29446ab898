"""The ``paperlens`` command line: a thin layer over the Python API."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.markup import escape

from . import __version__
from .errors import PaperlensError

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Read crypto whitepapers (PDF): token economics, red flags and a grade, with evidence.",
)
err = Console(stderr=True, soft_wrap=True, highlight=False)

BackendOpt = typer.Option("auto", "--backend", "-b", help="rules | llm | auto (llm when a key or base URL is set)")
PolicyOpt = typer.Option(None, "--policy", help="TOML file overriding thresholds, severities, rules")
ModelOpt = typer.Option(None, "--model", help="LLM model (default $PAPERLENS_MODEL)")
BaseUrlOpt = typer.Option(None, "--base-url", help="OpenAI-compatible server URL (default $OPENAI_BASE_URL)")
MaxTokensOpt = typer.Option(12000, "--max-input-tokens", help="LLM input budget per paper")
CacheDirOpt = typer.Option(None, "--cache-dir",
                           help="cache folder for LLM answers and extracted PDF text "
                                "(default $XDG_CACHE_HOME/paperlens)")
NoCacheOpt = typer.Option(False, "--no-cache",
                          help="do not read or write the caches (LLM answers, extracted PDF text)")
PricesOpt = typer.Option(None, "--prices", help="TOML price table: model = [input, output] USD per 1M tokens")
VerboseOpt = typer.Option(False, "--verbose", "-v", help="show library warnings (pypdf, HTTP)")
EngineOpt = typer.Option("pdfium", "--engine",
                         help="text engine: pdfium (fast, default) | pypdf; pdfium falls back to "
                              "pypdf for files and pages it cannot read")


def _error(message: str, code: int) -> None:
    """Print a one-line error and exit with ``code``."""
    err.print(f"[bold red]error:[/] {escape(message)}")
    raise typer.Exit(code)


def _fail(exc: PaperlensError) -> None:
    _error(str(exc), exc.exit_code)


def _llm_options(model, base_url, max_input_tokens, cache_dir, no_cache, prices=None) -> dict:
    options = {"max_input_tokens": max_input_tokens, "use_cache": not no_cache}
    if prices:
        from .extract.llm import load_prices

        try:
            options["prices"] = load_prices(prices)
        except PaperlensError as exc:
            _fail(exc)
    if model:
        options["model"] = model
    if base_url:
        options["base_url"] = base_url
    if cache_dir:
        options["cache_dir"] = cache_dir
    return options


def _setup_logging(verbose: bool) -> None:
    logging.basicConfig(level=logging.INFO if verbose else logging.ERROR, format="%(name)s: %(message)s")


def _write_outputs(result, html: Optional[str], md: Optional[str], json_out: Optional[str]) -> None:
    from . import render

    for path, write in ((html, render.write_html), (md, render.write_markdown), (json_out, render.write_json)):
        if path:
            write(result, path)
            if path != "-":
                err.print(f"wrote {path}")


@app.command()
def analyze(
    pdf: Path = typer.Argument(..., help="whitepaper PDF"),
    html: Optional[str] = typer.Option(None, "--html", help="write the HTML report here"),
    md: Optional[str] = typer.Option(None, "--md", help="write the Markdown report here ('-' = stdout)"),
    json_out: Optional[str] = typer.Option(None, "--json", help="write the JSON result here ('-' = stdout)"),
    backend: str = BackendOpt,
    policy: Optional[Path] = PolicyOpt,
    password: Optional[str] = typer.Option(None, "--password", help="password of an encrypted PDF"),
    model: Optional[str] = ModelOpt,
    base_url: Optional[str] = BaseUrlOpt,
    max_input_tokens: int = MaxTokensOpt,
    cache_dir: Optional[Path] = CacheDirOpt,
    no_cache: bool = NoCacheOpt,
    prices: Optional[Path] = PricesOpt,
    engine: str = EngineOpt,
    quiet: bool = typer.Option(False, "--quiet", "-q", help="no terminal summary"),
    timeout: float = typer.Option(600, "--timeout", help="seconds for the whole analysis (0 = none)"),
    verbose: bool = VerboseOpt,
) -> None:
    """Analyse one whitepaper: terminal summary, and reports on request."""
    from .pipeline import analyze as run
    from .render import print_summary

    _setup_logging(verbose)
    try:
        result = run(
            pdf, backend=backend, policy=policy, password=password, verbose=verbose, engine=engine,
            timeout=timeout or None, **_llm_options(model, base_url, max_input_tokens, cache_dir, no_cache, prices),
        )
    except PaperlensError as exc:
        _fail(exc)
    to_stdout = "-" in (md, json_out)
    if not quiet and not to_stdout:
        print_summary(result, Console(width=min(Console().width, 100)))
    _write_outputs(result, html, md, json_out)


@app.command()
def bulk(
    inputs: list[Path] = typer.Argument(..., help="PDFs, folders (recursive), .zip/.tar(.gz/.bz2/.xz) archives"),
    out: Path = typer.Option(..., "--out", "-o", help="output folder (reports, results.jsonl, summary.csv, index.html)"),
    backend: str = BackendOpt,
    policy: Optional[Path] = PolicyOpt,
    workers: Optional[int] = typer.Option(None, "--workers", "-j", help="processes reading PDFs (default: CPU count)"),
    concurrency: int = typer.Option(4, "--concurrency", help="LLM calls in flight at once"),
    max_cost: Optional[float] = typer.Option(None, "--max-cost", help="stop starting papers once LLM cost reaches this (USD)"),
    timeout: float = typer.Option(600, "--timeout", help="seconds per paper (0 = none)"),
    dry_run: bool = typer.Option(False, "--dry-run", help="list what would be processed, with token and cost estimates"),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="no progress output"),
    batch: bool = typer.Option(False, "--batch", help="send the LLM stage through the OpenAI Batch API (half price, slower)"),
    batch_poll: float = typer.Option(30.0, "--batch-poll", help="seconds between Batch API status checks"),
    model: Optional[str] = ModelOpt,
    base_url: Optional[str] = BaseUrlOpt,
    max_input_tokens: int = MaxTokensOpt,
    cache_dir: Optional[Path] = CacheDirOpt,
    no_cache: bool = NoCacheOpt,
    prices: Optional[Path] = PricesOpt,
    engine: str = EngineOpt,
    verbose: bool = VerboseOpt,
) -> None:
    """Analyse folders and archives of whitepapers: a report per paper and one overview.

    Rerunning the same command resumes: finished papers are not redone.
    """
    from .bulk import run_bulk

    _setup_logging(verbose)
    try:
        summary = run_bulk(
            inputs, out, backend=backend, policy=policy, workers=workers, concurrency=concurrency,
            quiet=quiet, dry_run=dry_run, max_cost=max_cost, verbose=verbose, timeout=timeout or None,
            batch=batch, batch_poll=batch_poll, engine=engine,
            **_llm_options(model, base_url, max_input_tokens, cache_dir, no_cache, prices),
        )
    except PaperlensError as exc:
        _fail(exc)
    raise typer.Exit(summary.exit_code)


@app.command()
def report(
    result_json: Path = typer.Argument(..., help="a saved JSON result (analyze --json)"),
    html: Optional[str] = typer.Option(None, "--html"),
    md: Optional[str] = typer.Option(None, "--md"),
) -> None:
    """Render a saved JSON result as HTML or Markdown without re-reading the PDF."""
    result = _load_result(result_json)
    if not (html or md):
        from .render import print_summary

        print_summary(result)
    _write_outputs(result, html, md, None)


def _load_result(path: Path):
    from .schema import Result

    try:
        return Result.model_validate_json(path.read_bytes())
    except (OSError, ValueError) as exc:
        _error(f"{path}: not a paperlens JSON result ({type(exc).__name__})", 2)


@app.command()
def check(
    result_json: Path = typer.Argument(..., help="a saved JSON result"),
    policy: Optional[Path] = PolicyOpt,
    json_out: Optional[str] = typer.Option(None, "--json", help="write the re-checked result here"),
) -> None:
    """Re-run validation and grading on a saved result (no PDF, no LLM)."""
    from .check import check_result
    from .policy import load_policy
    from .render import print_summary

    try:
        result = check_result(_load_result(result_json), load_policy(policy))
    except PaperlensError as exc:
        _fail(exc)
    print_summary(result)
    _write_outputs(result, None, None, json_out)


def _result_of(path: Path, backend: str, policy: Optional[Path]):
    """A saved JSON result as is, or a PDF analysed now."""
    if path.suffix.lower() == ".json":
        return _load_result(path)
    from .pipeline import analyze as run

    try:
        return run(path, backend=backend, policy=policy)
    except PaperlensError as exc:
        _fail(exc)


@app.command()
def diff(
    old: Path = typer.Argument(..., help="older version: a PDF or a saved JSON result"),
    new: Path = typer.Argument(..., help="newer version: a PDF or a saved JSON result"),
    md: Optional[str] = typer.Option(None, "--md", help="write the diff as Markdown ('-' = stdout)"),
    json_out: Optional[str] = typer.Option(None, "--json", help="write the diff as JSON ('-' = stdout)"),
    backend: str = BackendOpt,
    policy: Optional[Path] = PolicyOpt,
) -> None:
    """What changed in the token economics between two versions of a paper."""
    from . import diff as d
    from .render import atomic_write_text

    a, b = _result_of(old, backend, policy), _result_of(new, backend, policy)
    changes = d.diff_results(a, b)
    if "-" not in (md, json_out):
        d.print_diff(a, b, changes)
    for path, text in ((md, d.diff_markdown), (json_out, d.diff_json)):
        if path == "-":
            sys.stdout.write(text(a, b, changes))
        elif path:
            atomic_write_text(path, text(a, b, changes))


@app.command()
def extract(
    pdf: Path = typer.Argument(..., help="whitepaper PDF"),
    password: Optional[str] = typer.Option(None, "--password"),
    layout: bool = typer.Option(False, "--layout", help="show the layout view (table columns apart) where available"),
    cache_dir: Optional[Path] = CacheDirOpt,
    no_cache: bool = NoCacheOpt,
    engine: str = EngineOpt,
    verbose: bool = VerboseOpt,
) -> None:
    """Print the text of each page, as paperlens reads it."""
    from .ingest import read_pdf

    try:
        doc = read_pdf(pdf, password=password, verbose=verbose, cache_dir=cache_dir,
                       use_cache=not no_cache, engine=engine)
    except PaperlensError as exc:
        _fail(exc)
    for page in doc.pages:
        sys.stdout.write(f"===== page {page.number} =====\n")
        sys.stdout.write(((layout and page.layout) or page.text).rstrip() + "\n")


@app.command()
def schema(
    extraction: bool = typer.Option(False, "--extraction", help="only the tokenomics part the extractors fill"),
) -> None:
    """Print the JSON Schema of paperlens' output."""
    from .schema import Result, Tokenomics

    model = Tokenomics if extraction else Result
    sys.stdout.write(json.dumps(model.model_json_schema(), indent=2) + "\n")


@app.command()
def version() -> None:
    """Print the paperlens version."""
    typer.echo(__version__)


def main() -> None:  # pragma: no cover - console entry
    app()
