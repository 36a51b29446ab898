"""The pipeline: ingest -> extract -> ground -> classify -> validate -> grade, one way."""

from __future__ import annotations

import time
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from paperlens.version import __version__
from paperlens.assess.agree import combine
from paperlens.errors import UnusableAnswerError
from paperlens.extract import extract, resolve_backend
from paperlens.assess.ground import ground, trusted
from paperlens.assess.grade import grade
from paperlens.ingest.document import DEFAULT_ENGINE, Document, read_pdf
from paperlens.assess.language import scan_language
from paperlens.policy import Policy, load_policy
from paperlens.ingest.quality import garbled_reason
from paperlens.assess.kind import classify
from paperlens.assess.mentions import scan as scan_mentions
from paperlens.assess.quarantine import quarantine
from paperlens.timelimit import time_limit
from paperlens.schema import FileInfo, Figures, Finding, Grade, Kind, LanguageHit, Mentions, Provenance, Result, Tokenomics
from paperlens.settings import LLMOptions, LLMSettings, check_options, settings_for
from paperlens.assess.validate import validate

if TYPE_CHECKING:
    from typing_extensions import Unpack


def analyze(
    path: str | Path,
    backend: str = "auto",
    policy: Policy | str | Path | None = None,
    password: str | None = None,
    verbose: bool = False,
    engine: str = DEFAULT_ENGINE,
    timeout: float | None = None,
    *,
    settings: LLMSettings | None = None,
    concurrency: int | None = None,
    **options: Unpack[LLMOptions],
) -> Result:
    """Analyse one whitepaper PDF and return the full :class:`Result`.

    Raises a :class:`paperlens.errors.PaperlensError` for unreadable input, and
    :class:`~paperlens.errors.TimeLimitError` when the whole analysis (reading
    included, the LLM's requests too) takes more than ``timeout`` seconds (None or
    0: no limit). ``engine`` reads the text: ``"pdfium"`` (default) or ``"pypdf"``.
    The LLM options (:class:`~paperlens.settings.LLMOptions`, and ``concurrency``: map calls
    in flight) are resolved with the environment and config file
    (:func:`paperlens.settings.resolve_settings`), or given whole as ``settings``;
    ``cache_dir`` and ``use_cache`` govern the text cache too.
    """
    started = time.perf_counter()
    check_options(options)
    settings = settings_for(settings, backend=backend, concurrency=concurrency, **options)
    if resolve_backend(backend, settings) == "llm":
        settings.require()  # before reading the PDF
    with time_limit(timeout):
        doc = read_pdf(path, password=password, verbose=verbose, engine=engine,
                       cache_dir=settings.cache_dir, use_cache=settings.use_cache)
        return analyze_document(doc, backend=backend, policy=policy, started=started, settings=settings)


def assess(tokenomics: Tokenomics, language: list[LanguageHit], policy: Policy,
           mentions: Mentions | None = None) -> tuple[Kind, Figures, list[Finding], Grade]:
    """Classify, validate and grade grounded facts: the paper's kind, the figures, the findings, the grade.

    The one assessment step after ground, shared by :func:`analyze_document` and
    ``paperlens check`` (:func:`paperlens.assess.check.check_result`). ``mentions``
    (:func:`paperlens.assess.mentions.scan`) tell where an absence is established.
    """
    mentions = mentions or Mentions()
    facts = trusted(tokenomics)
    kind = classify(facts)
    findings, figures = validate(tokenomics, language, policy, mentions=mentions, kind=kind.value, facts=facts)
    return kind, figures, findings, grade(findings, tokenomics, policy, kind)


def analyze_document(
    doc: Document,
    backend: str = "auto",
    policy: Policy | str | Path | None = None,
    started: float | None = None,
    *,
    settings: LLMSettings | None = None,
) -> Result:
    """Run every stage after ingest on an already-read document."""
    started = time.perf_counter() if started is None else started
    policy = policy if isinstance(policy, Policy) else load_policy(policy)
    language = scan_language(doc)
    quarantined = quarantine(doc, language)  # text addressed to an AI: no facts from it
    try:
        extraction = extract(quarantined.document, backend=backend, settings=settings)
    except UnusableAnswerError as exc:  # the server answered, but nothing usable: the rules backend's facts
        extraction = extract(quarantined.document, backend="rules")
        extraction.warnings.insert(0, f"{exc}; the facts are the rules backend's alone")
    tokenomics = extraction.tokenomics
    ground(tokenomics, doc, quarantined)
    agreement = None
    if extraction.backend == "llm":  # the rules backend checks the LLM's facts (about a second)
        rules = extract(quarantined.document, backend="rules", settings=settings)
        ground(rules.tokenomics, doc, quarantined)
        tokenomics, agreement = combine(tokenomics, rules.tokenomics)
    mentions = scan_mentions(quarantined.document)
    kind, figures, findings, graded = assess(tokenomics, language, policy, mentions)
    warnings = doc.warnings + extraction.warnings
    if garbled := garbled_reason(doc):
        warnings.append(garbled)
    result = Result(
        file=FileInfo(
            name=doc.path.name,
            sha256=doc.sha256,
            pages=doc.page_count,
            **doc.metadata,
        ),
        provenance=Provenance(
            paperlens_version=__version__,
            backend=extraction.backend,
            model=extraction.model,
            server=extraction.server,
            prompt_version=extraction.prompt_version,
            pages_sent=extraction.pages_sent,
            usage=extraction.usage,
            policy=policy.name,
            created_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
            text_engine=doc.engine,
        ),
        tokenomics=tokenomics,
        language=language,
        mentions=mentions,
        kind=kind,
        figures=figures,
        findings=findings,
        grade=graded,
        warnings=warnings,
        agreement=agreement,
    )
    result.provenance.seconds = round(time.perf_counter() - started, 3)
    return result
