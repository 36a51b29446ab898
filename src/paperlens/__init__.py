"""paperlens: what a crypto whitepaper's token economics really are, with evidence.

Python API (the CLI is a thin layer over it)::

    import paperlens
    result = paperlens.analyze("whitepaper.pdf")          # rules backend offline
    print(result.grade.letter, [f.code for f in result.findings])

    from paperlens.report.render import write_html
    write_html(result, "report.html")

The stages live in their own folders: ``ingest/``, ``select.py``, ``extract/``
(``rules/`` and ``llm/``), ``assess/`` (ground, validate, grade), ``report/`` and
``bulk/``; ``pipeline.py`` runs them in order.
"""

from paperlens.version import __version__

from paperlens.pipeline import analyze, analyze_document  # noqa: E402

__all__ = ["analyze", "analyze_document", "__version__"]
