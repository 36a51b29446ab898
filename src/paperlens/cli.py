"""The ``paperlens`` command line: a thin layer over the Python API.

Every error is one line on stderr with its own exit code (see the README):
typed errors keep theirs, usage errors exit 2, an output that cannot be written
exits 74, and an unexpected exception exits 70 with its traceback in a log file.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import tempfile
import time
import traceback
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Iterator, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.text import Text
from typer import _click
from typer.core import TyperOption

from paperlens.version import __version__
from paperlens.errors import ConfigError, FetchError, PaperlensError, stage_of
from paperlens.safetext import printable, redact, url_secrets

INTERNAL_ERROR = 70  # sysexits EX_SOFTWARE: a bug, the traceback is in a log file
WRITE_ERROR = 74  # sysexits EX_IOERR: an output could not be written
MAX_FETCH_BYTES = 256 * 2**20  # a PDF fetched from a URL or read from stdin
FETCH_TIMEOUT = 60.0  # seconds without an answer from the server
FETCH_TOTAL = 600.0  # seconds for a whole download

_display_type = TyperOption.display_type_rich


def _no_flag_metavar(self, ctx):
    """On/off flags take no value: show no ``<bool>`` next to them in --help."""
    return None if self.is_flag else _display_type(self, ctx)


TyperOption.display_type_rich = _no_flag_metavar


class _App(typer.Typer):
    """The Typer app, run so that usage errors are one line and crashes are logged (exit 70)."""

    def __call__(self, *args, **kwargs):
        kwargs["standalone_mode"] = False
        try:
            code = super().__call__(*args, **kwargs)
        except _click.exceptions.NoArgsIsHelpError as exc:
            exc.show()
            code = exc.exit_code
        except _click.exceptions.UsageError as exc:
            hint = f" (see '{exc.ctx.command_path} -h')" if exc.ctx is not None else ""
            _say(exc.format_message() + hint)
            code = exc.exit_code
        except _click.exceptions.ClickException as exc:
            _say(exc.format_message())
            code = exc.exit_code
        except typer.Abort:
            _say("interrupted")
            code = 130
        except Exception as exc:  # a bug outside any command: still one line and a log
            code = _crash(exc, None)
        sys.exit(code if isinstance(code, int) else 0)


app = _App(
    add_completion=False,
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
    help="Read crypto whitepapers (PDF): token economics, red flags and a grade, with evidence.",
)
err = Console(stderr=True, soft_wrap=True, highlight=False)
_debug = False

BackendOpt = typer.Option("auto", "--backend", "-b",
                          help="rules | llm | auto (llm only when paperlens is configured for it: "
                               "PAPERLENS_* variables or its config file)")
PolicyOpt = typer.Option(None, "--policy", help="TOML file overriding thresholds, severities, rules")
ModelOpt = typer.Option(None, "--model", help="LLM model (default $PAPERLENS_MODEL, the config file, "
                                               "or the one model the server serves)")
BaseUrlOpt = typer.Option(None, "--base-url", help="OpenAI-compatible server URL (default $PAPERLENS_BASE_URL, "
                                                   "the config file, $OPENAI_BASE_URL)")
MaxTokensOpt = typer.Option(None, "--max-input-tokens",
                            help="LLM input budget per prompt (default 12000, or the config file)")
CacheDirOpt = typer.Option(None, "--cache-dir",
                           help="cache folder for LLM answers and extracted PDF text "
                                "(default $XDG_CACHE_HOME/paperlens)")
NoCacheOpt = typer.Option(False, "--no-cache",
                          help="do not read or write the caches (LLM answers, extracted PDF text)")
PricesOpt = typer.Option(None, "--prices",
                         help=escape("TOML price table: model = [input, output] USD per 1M tokens"))
RequestTimeoutOpt = typer.Option(None, "--request-timeout",
                                 help="seconds per LLM request (default 60, or the config file's timeout)")
VerboseOpt = typer.Option(False, "--verbose", "-v", help="show library warnings (pypdf, HTTP)")
EngineOpt = typer.Option("pdfium", "--engine",
                         help="text engine: pdfium (fast, default) | pypdf; pdfium falls back to "
                              "pypdf for files and pages it cannot read")
DebugOpt = typer.Option(False, "--debug", help="on an internal error, show the traceback here too")
PasswordOpt = typer.Option(None, "--password", help="password of an encrypted PDF")
PdfArg = typer.Argument(..., help="whitepaper PDF, '-' for standard input, or an http(s):// URL")


def _secrets() -> tuple[str | None, ...]:
    from paperlens.settings import known_secrets

    return known_secrets()


def _say(message: str) -> None:
    """Print a one-line error: secrets redacted, control characters stripped."""
    err.print(Text.assemble(("error:", "bold red"), " ", printable(redact(message, _secrets()))))


def _error(message: str, code: int) -> None:
    """Print a one-line error and exit with ``code``."""
    _say(message)
    raise typer.Exit(code)


def _fail(exc: PaperlensError) -> None:
    _error(str(exc), exc.exit_code)


def _log_dir() -> Path:
    from paperlens.cache import default_cache_dir

    return default_cache_dir() / "logs"


def _crash(exc: BaseException, file: str | None) -> int:
    """Report an unexpected exception in one line (file, stage, error class), its traceback
    in a log file (and on screen with ``--debug``); return exit code 70."""
    stage = stage_of(exc)
    text = redact("".join(traceback.format_exception(type(exc), exc, exc.__traceback__)), _secrets())
    log = None
    try:
        folder = _log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        log = folder / f"crash-{datetime.now():%Y%m%d-%H%M%S}-{os.getpid()}.log"
        from paperlens.files import atomic_write_text

        atomic_write_text(log, f"paperlens {__version__}\nfile: {file or '-'}\nstage: {stage}\n\n{text}")
    except OSError:
        log = None
    if _debug or log is None:
        sys.stderr.write(text)
    detail = printable(str(exc))
    detail = f": {detail[:200]}" if detail else ""
    where = f"{file}: " if file else ""
    tail = f"; traceback in {log}" if log else "; no log could be written (traceback above)"
    _say(f"{where}internal error in stage {stage} ({type(exc).__name__}{detail}){tail}")
    return INTERNAL_ERROR


@contextmanager
def _guard(file: str | None = None, debug: bool = False) -> Iterator[None]:
    """Typed errors as their one-line message and exit code; anything else as a crash (exit 70)."""
    global _debug
    _debug = _debug or debug
    try:
        yield
    except PaperlensError as exc:
        _fail(exc)
    except (typer.Exit, typer.Abort, _click.exceptions.ClickException, KeyboardInterrupt, BrokenPipeError):
        raise  # BrokenPipeError: the reader of stdout left (| head); Typer exits quietly
    except Exception as exc:
        raise typer.Exit(_crash(exc, file)) from None


def _version(value: bool) -> None:
    if value:
        typer.echo(f"paperlens {__version__}")
        raise typer.Exit(0)


@app.callback()
def _main(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="print the version and exit"),
    debug: bool = DebugOpt,
) -> None:
    """Read crypto whitepapers (PDF): token economics, red flags and a grade, with evidence."""
    global _debug
    _debug = debug


def _settings(backend, model, base_url, max_input_tokens, cache_dir, no_cache, prices=None,
              request_timeout=None):
    """The LLM settings from the flags, the environment and the config file."""
    from paperlens.settings import resolve_settings

    return resolve_settings(backend, model=model, base_url=base_url, max_input_tokens=max_input_tokens,
                            cache_dir=cache_dir, use_cache=not no_cache, prices=prices,
                            timeout=request_timeout)


def _setup_logging(verbose: bool) -> None:
    logging.basicConfig(level=logging.INFO if verbose else logging.ERROR, format="%(name)s: %(message)s")


def check_output(option: str, path: str | None) -> None:
    """Raise :class:`ConfigError` unless ``path`` can be written (checked before any work).

    ``"-"`` (stdout) and ``None`` pass. The target must not be a folder, and the
    nearest existing folder on its way must take a new file.
    """
    if not path or path == "-":
        return
    target = Path(path)
    try:
        if target.is_dir():
            raise ConfigError(f"{option} {path}: is a directory; give a file name")
        if target.exists() and not target.is_file():
            raise ConfigError(f"{option} {path}: not a regular file")
        folder = target.parent
        while not folder.exists() and folder != folder.parent:
            folder = folder.parent
        if not folder.is_dir():
            raise ConfigError(f"{option} {path}: {folder} is not a folder")
        fd, probe = tempfile.mkstemp(dir=folder, prefix=".paperlens-probe-")
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise ConfigError(f"{option} {path}: cannot be written ({exc.strerror or type(exc).__name__})") from None


def _write_outputs(result, html: Optional[str], md: Optional[str], json_out: Optional[str],
                   quiet: bool = False) -> None:
    from paperlens.report import render

    for path, write in ((html, render.write_html), (md, render.write_markdown), (json_out, render.write_json)):
        if path:
            try:
                write(result, path)
            except OSError as exc:
                _error(f"{path}: cannot be written ({exc.strerror or type(exc).__name__})", WRITE_ERROR)
            if path != "-" and not quiet:
                err.print(Text(f"wrote {printable(path)}"))


def fetch(url: str, dest: Path, limit: int = MAX_FETCH_BYTES, timeout: float = FETCH_TIMEOUT) -> None:
    """Download ``url`` (http or https) into ``dest``, at most ``limit`` bytes.

    Raises :class:`FetchError` with a one-line reason (status, network error,
    no answer within ``timeout`` seconds, too large); credentials in the URL are
    never shown.
    """
    import http.client
    import urllib.error
    import urllib.request

    from urllib.parse import urlsplit, urlunsplit

    shown = redact(url)
    started = time.monotonic()
    headers = {"User-Agent": f"paperlens/{__version__}"}
    secrets = url_secrets(url)
    try:
        parts = urlsplit(url)
        if secrets:  # credentials: never in the request line
            headers["Authorization"] = "Basic " + secrets[0]
            url = urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))
        request = urllib.request.Request(url, headers=headers)
    except ValueError as exc:
        raise FetchError(f"{shown}: not a valid URL ({printable(redact(exc))})") from None
    too_big = f"{shown}: larger than the {limit / 2**20:g} MB limit"
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response, dest.open("wb") as fh:
            length = response.headers.get("Content-Length", "")
            if length.strip().isdigit() and int(length) > limit:
                raise FetchError(f"{too_big} ({int(length):,} bytes)")
            total = 0
            while chunk := response.read(1 << 16):
                total += len(chunk)
                if total > limit:
                    raise FetchError(too_big)
                if time.monotonic() - started > FETCH_TOTAL:
                    raise FetchError(f"{shown}: download not finished within {FETCH_TOTAL:g} s")
                fh.write(chunk)
    except urllib.error.HTTPError as exc:
        # a server may echo the credentials in its reason: they are taken out
        raise FetchError(f"{shown}: the server answered {exc.code} {printable(redact(exc.reason, secrets))}") from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, TimeoutError):
            raise FetchError(f"{shown}: no answer within {timeout:g} s") from None
        reason = redact(getattr(reason, "strerror", None) or reason, secrets)
        raise FetchError(f"{shown}: cannot be fetched ({printable(reason)})") from None
    except TimeoutError:
        raise FetchError(f"{shown}: no answer within {timeout:g} s") from None
    except (OSError, http.client.HTTPException, ValueError) as exc:
        raise FetchError(f"{shown}: cannot be fetched ({type(exc).__name__}: {printable(redact(exc, secrets))})") from None


def _read_stdin(dest: Path, limit: int = MAX_FETCH_BYTES) -> None:
    if sys.stdin is None or sys.stdin.isatty():
        raise ConfigError("'-' reads the PDF from standard input, but standard input is a terminal")
    total = 0
    with dest.open("wb") as fh:
        while chunk := sys.stdin.buffer.read(1 << 16):
            total += len(chunk)
            if total > limit:
                raise ConfigError(f"standard input: larger than the {limit / 2**20:g} MB limit")
            fh.write(chunk)


def _is_url(arg: str) -> bool:
    return arg.lower().startswith(("http://", "https://"))


@contextmanager
def _input(arg: str) -> Iterator[tuple[Path, str | None]]:
    """The PDF named on the command line as a local path, and the name to report it by
    (None: its own file name). ``-`` is read from stdin, a URL is downloaded (both into
    a temporary folder removed afterwards); a folder is refused with a hint."""
    if not arg.strip():
        raise ConfigError("no PDF given: name a file, '-' for standard input, or an http(s):// URL")
    if arg == "-" or _is_url(arg):
        with tempfile.TemporaryDirectory(prefix="paperlens-input-") as tmp:
            if arg == "-":
                path = Path(tmp) / "stdin.pdf"
                _read_stdin(path)
                yield path, None
            else:
                path = Path(tmp) / "download.pdf"
                fetch(arg, path)
                yield path, redact(arg)
        return
    path = Path(arg)
    if path.is_dir():
        raise ConfigError(f"{arg}: is a directory: use paperlens bulk")
    yield path, None


@app.command()
def analyze(
    pdf: str = PdfArg,
    html: Optional[str] = typer.Option(None, "--html", help="write the HTML report here"),
    md: Optional[str] = typer.Option(None, "--md", help="write the Markdown report here ('-' = stdout)"),
    json_out: Optional[str] = typer.Option(None, "--json", help="write the JSON result here ('-' = stdout)"),
    backend: str = BackendOpt,
    policy: Optional[Path] = PolicyOpt,
    password: Optional[str] = PasswordOpt,
    model: Optional[str] = ModelOpt,
    base_url: Optional[str] = BaseUrlOpt,
    max_input_tokens: Optional[int] = MaxTokensOpt,
    cache_dir: Optional[Path] = CacheDirOpt,
    no_cache: bool = NoCacheOpt,
    prices: Optional[Path] = PricesOpt,
    request_timeout: Optional[float] = RequestTimeoutOpt,
    engine: str = EngineOpt,
    quiet: bool = typer.Option(False, "--quiet", "-q", help="nothing on the terminal but errors"),
    timeout: float = typer.Option(600, "--timeout", help="seconds for the whole analysis (0 = none)"),
    verbose: bool = VerboseOpt,
    debug: bool = DebugOpt,
) -> None:
    """Analyse one whitepaper: terminal summary, and reports on request."""
    from paperlens.pipeline import analyze as run
    from paperlens.policy import load_policy
    from paperlens.report.terminal import print_summary

    _setup_logging(verbose)
    with _guard(pdf, debug):
        outputs = (("--html", html), ("--md", md), ("--json", json_out))
        for option, path in outputs:
            check_output(option, path)
        if sum(path == "-" for _, path in outputs) > 1:
            raise ConfigError("only one of --html, --md and --json can write to stdout ('-')")
        loaded = load_policy(policy)
        settings = _settings(backend, model, base_url, max_input_tokens, cache_dir, no_cache, prices,
                             request_timeout)
        with _input(pdf) as (path, name):
            result = run(path, backend=backend, policy=loaded, password=password, verbose=verbose,
                         engine=engine, timeout=timeout or None, settings=settings)
        if name:
            result.file.name = name
        to_stdout = "-" in (md, json_out)
        if not quiet and not to_stdout:
            print_summary(result, Console(width=min(Console().width, 100)))
        _write_outputs(result, html, md, json_out, quiet)


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
    max_input_tokens: Optional[int] = MaxTokensOpt,
    cache_dir: Optional[Path] = CacheDirOpt,
    no_cache: bool = NoCacheOpt,
    prices: Optional[Path] = PricesOpt,
    request_timeout: Optional[float] = RequestTimeoutOpt,
    engine: str = EngineOpt,
    verbose: bool = VerboseOpt,
) -> None:
    """Analyse folders and archives of whitepapers: a report per paper and one overview.

    Rerunning the same command resumes: finished papers are not redone.
    """
    from paperlens.bulk.run import run_bulk

    _setup_logging(verbose)
    try:
        summary = run_bulk(
            inputs, out, backend=backend, policy=policy, workers=workers, concurrency=concurrency,
            quiet=quiet, dry_run=dry_run, max_cost=max_cost, verbose=verbose, timeout=timeout or None,
            batch=batch, batch_poll=batch_poll, engine=engine,
            settings=_settings(backend, model, base_url, max_input_tokens, cache_dir, no_cache, prices,
                             request_timeout),
        )
    except PaperlensError as exc:
        _fail(exc)
    if summary.interrupted:  # all is written: do not wait at exit for LLM calls still in flight
        import os

        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(summary.exit_code)
    raise typer.Exit(summary.exit_code)


@app.command()
def report(
    result_json: Path = typer.Argument(..., help="a saved JSON result (analyze --json)"),
    html: Optional[str] = typer.Option(None, "--html", help="write the HTML report here ('-' = stdout)"),
    md: Optional[str] = typer.Option(None, "--md", help="write the Markdown report here ('-' = stdout)"),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="nothing on the terminal but errors"),
    debug: bool = DebugOpt,
) -> None:
    """Render a saved JSON result as HTML or Markdown without re-reading the PDF."""
    with _guard(str(result_json), debug):
        check_output("--html", html)
        check_output("--md", md)
        result = _load_result(result_json)
        if not (html or md) and not quiet:
            from paperlens.report.terminal import print_summary

            print_summary(result)
        _write_outputs(result, html, md, None, quiet)


def _load_result(path: Path):
    from paperlens.schema import Result

    if path.is_dir():
        _error(f"{path}: is a directory, not a paperlens JSON result", 2)
    try:
        return Result.model_validate_json(path.read_bytes())
    except OSError as exc:
        _error(f"{path}: cannot be read ({exc.strerror or type(exc).__name__})", 2)
    except ValueError as exc:
        _error(f"{path}: not a paperlens JSON result ({type(exc).__name__})", 2)


@app.command()
def check(
    result_json: Path = typer.Argument(..., help="a saved JSON result"),
    policy: Optional[Path] = PolicyOpt,
    json_out: Optional[str] = typer.Option(None, "--json", help="write the re-checked result here ('-' = stdout)"),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="nothing on the terminal but errors"),
    debug: bool = DebugOpt,
) -> None:
    """Re-run validation and grading on a saved result (no PDF, no LLM)."""
    from paperlens.assess.check import check_result
    from paperlens.policy import load_policy
    from paperlens.report.terminal import print_summary

    with _guard(str(result_json), debug):
        check_output("--json", json_out)
        loaded = load_policy(policy)
        result = check_result(_load_result(result_json), loaded)
        if not quiet and json_out != "-":
            print_summary(result)
        _write_outputs(result, None, None, json_out, quiet)


def _result_of(arg: str, backend: str, policy):
    """A saved JSON result as is, or a PDF analysed now."""
    if arg.lower().endswith(".json") and not _is_url(arg):
        return _load_result(Path(arg))
    from paperlens.pipeline import analyze as run

    with _input(arg) as (path, name):
        result = run(path, backend=backend, policy=policy)
    if name:
        result.file.name = name
    return result


@app.command()
def diff(
    old: str = typer.Argument(..., help="older version: a PDF, a URL or a saved JSON result"),
    new: str = typer.Argument(..., help="newer version: a PDF, a URL or a saved JSON result"),
    md: Optional[str] = typer.Option(None, "--md", help="write the diff as Markdown ('-' = stdout)"),
    json_out: Optional[str] = typer.Option(None, "--json", help="write the diff as JSON ('-' = stdout)"),
    backend: str = BackendOpt,
    policy: Optional[Path] = PolicyOpt,
    quiet: bool = typer.Option(False, "--quiet", "-q", help="nothing on the terminal but errors"),
    debug: bool = DebugOpt,
) -> None:
    """What changed in the token economics between two versions of a paper.

    Exits 0 when nothing changed, 1 when the versions differ.
    """
    from paperlens.report import diff as d
    from paperlens.policy import load_policy
    from paperlens.files import atomic_write_text

    with _guard(f"{old}, {new}", debug):
        check_output("--md", md)
        check_output("--json", json_out)
        loaded = load_policy(policy)
        with _guard(old):
            a = _result_of(old, backend, loaded)
        with _guard(new):
            b = _result_of(new, backend, loaded)
        changes = d.diff_results(a, b)
        if "-" not in (md, json_out) and not quiet:
            d.print_diff(a, b, changes)
        for path, text in ((md, d.diff_markdown), (json_out, d.diff_json)):
            if path:
                try:
                    atomic_write_text(path, text(a, b, changes))
                except OSError as exc:
                    _error(f"{path}: cannot be written ({exc.strerror or type(exc).__name__})", WRITE_ERROR)
                if path != "-" and not quiet:
                    err.print(Text(f"wrote {printable(path)}"))
    raise typer.Exit(1 if changes else 0)


@app.command()
def extract(
    pdf: str = PdfArg,
    password: Optional[str] = PasswordOpt,
    layout: bool = typer.Option(False, "--layout", help="show the layout view (table columns apart) where available"),
    cache_dir: Optional[Path] = CacheDirOpt,
    no_cache: bool = NoCacheOpt,
    engine: str = EngineOpt,
    verbose: bool = VerboseOpt,
    debug: bool = DebugOpt,
) -> None:
    """Print the text of each page, as paperlens reads it."""
    from paperlens.ingest.document import read_pdf

    with _guard(pdf, debug), _input(pdf) as (path, _):
        doc = read_pdf(path, password=password, verbose=verbose, cache_dir=cache_dir,
                       use_cache=not no_cache, engine=engine)
        for page in doc.pages:
            sys.stdout.write(f"===== page {page.number} =====\n")
            sys.stdout.write(printable((layout and page.layout) or page.text, newlines=True).rstrip() + "\n")


@app.command()
def schema(
    extraction: bool = typer.Option(False, "--extraction", help="only the tokenomics part the extractors fill"),
) -> None:
    """Print the JSON Schema of paperlens' output."""
    from paperlens.schema import Result, Tokenomics

    model = Tokenomics if extraction else Result
    sys.stdout.write(json.dumps(model.model_json_schema(), indent=2) + "\n")


@app.command()
def version() -> None:
    """Print the paperlens version."""
    typer.echo(__version__)


def main() -> None:  # pragma: no cover - console entry
    app()
