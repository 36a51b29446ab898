"""Integration: `analyze` over every real whitepaper in ../shared/corpus.

Skipped when the corpus is absent. Each readable PDF gives a full result and
an HTML report; each unreadable one a clear, typed error (never a traceback).
"""

import csv
from pathlib import Path

import pytest

from paperlens.errors import PaperlensError
from paperlens.assess.ground import iter_evidence
from paperlens.report.render import render_html

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(not (CORPUS / "MANIFEST.tsv").exists(), reason="../shared/corpus absent"),
]


def manifest() -> list[dict]:
    if not (CORPUS / "MANIFEST.tsv").exists():
        return []
    with open(CORPUS / "MANIFEST.tsv", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


@pytest.mark.parametrize("entry", manifest(), ids=lambda e: e["slug"])
def test_analyze_every_corpus_pdf(entry, corpus_docs, corpus_results, tmp_path):
    if entry["has_text"] != "yes":
        with pytest.raises(PaperlensError) as info:
            corpus_docs[entry["slug"]]
        assert "OCR" in str(info.value) and "\n" not in str(info.value)
        return
    doc = corpus_docs[entry["slug"]]
    assert doc.sha256 == entry["sha256"]
    assert doc.page_count == int(entry["pages"])
    result = corpus_results[entry["slug"]]
    assert result.grade.letter
    # every quote the rules backend produced is a real quote from the PDF
    lost = [e for e in iter_evidence(result.tokenomics) if e.status == "quote_not_found"]
    assert lost == []
    html = render_html(result)
    assert html.lstrip().lower().startswith("<!doctype html") and result.file.name in html
    (tmp_path / "report.html").write_text(html)
