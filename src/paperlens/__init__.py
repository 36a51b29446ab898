"""paperlens: what a crypto whitepaper's token economics really are, with evidence.

Python API (the CLI is a thin layer over it)::

    import paperlens
    result = paperlens.analyze("whitepaper.pdf")          # rules backend offline
    print(result.grade.letter, [f.code for f in result.findings])
    paperlens.render.write_html(result, "report.html")
"""

__version__ = "0.1.0"

from paperlens.pipeline import analyze, analyze_document  # noqa: E402

__all__ = ["analyze", "analyze_document", "__version__"]
