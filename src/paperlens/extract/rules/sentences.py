"""Split page text into sentences that can be quoted verbatim as evidence.

A :class:`Sentence` keeps the exact substring of ``page.text`` it came from
(``text``, usable as an :class:`~paperlens.schema.Evidence` quote) and a
whitespace-folded copy for matching (``norm``). Long sentences are cut at line
breaks (or commas) so every quote stays within :data:`MAX_QUOTE` characters
once whitespace is folded (pages extracted one word per line carry padding
that would otherwise cut every sentence in pieces).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from paperlens.ingest.document import Document, Page, normalize
from paperlens.schema import Evidence

MAX_QUOTE = 300

_ABBREV = re.compile(
    r"(?:\b(?:e\.g|i\.e|etc|vs|cf|Inc|Ltd|Corp|Co|Mr|Mrs|Ms|Dr|Prof|No|Fig|Sec|approx|al|St|Jr|Sr)"
    r"|\b[A-Z])\.$"
)
_END = re.compile(r"[.!?][\"')\]]*(?=\s+[\"'(\[]?[A-Z0-9●•▪■◦○])")
_BREAK = re.compile(r"\n[ \t]*\n|\n(?=[ \t]*[●•▪■◦○\uf0b7])|(?<=[:;])[ \t]*\n")
_HEADING = re.compile(r"^(?:\d+(?:\.\d+)*\.?\s+)?(?:[A-Z][\w&'()/-]*|of|and|the|for|to|in|&)"
                      r"(?:\s+(?:[A-Z][\w&'()/-]*|of|and|the|for|to|in|&))*$")


@dataclass(frozen=True)
class Sentence:
    """One sentence (or line-bounded piece) of a page."""

    page: int
    start: int  # offset in page.text
    text: str  # verbatim substring of page.text
    norm: str  # normalised for matching

    def evidence(self) -> Evidence:
        """Evidence pointing at this sentence."""
        return Evidence(page=self.page, quote=self.text)


_NUMBERED_HEADING = re.compile(r"^\d+(?:\.\d+)*\.?\s+[A-Z][\w'-]*(?:\s+[\w&'()/-]+){0,5}$")  # "3. Issuance and redemption"


def _is_heading(line: str) -> bool:
    line = line.strip()
    return (2 < len(line) <= 60 and not line.endswith((".", ",", ";", ":"))
            and bool(_HEADING.match(line) or _NUMBERED_HEADING.match(line)))


def _word_per_line(text: str) -> bool:
    """Pages extracted one word per line, padded with blank lines (seen in real papers)."""
    lines = text.split("\n")
    return len(lines) > 40 and sum(len(line.split()) <= 1 for line in lines) > 0.6 * len(lines)


def _raw_spans(text: str) -> list[tuple[int, int]]:
    """Cut points: sentence ends, blank lines, bullets and heading lines."""
    cuts = {0, len(text)}
    for m in _END.finditer(text):
        if not _ABBREV.search(text[max(0, m.start() - 6): m.start() + 1]):
            cuts.add(m.end())
    if _word_per_line(text):
        for m in re.finditer(r"\n\s*(?=[●•▪■◦○\uf0b7])|(?<=[:;])\s*\n", text):
            cuts.add(m.start())
    else:
        for m in _BREAK.finditer(text):
            cuts.add(m.start())
        offset = 0
        for line in text.split("\n"):
            if _is_heading(line):
                cuts.add(offset)
                cuts.add(offset + len(line))
            offset += len(line) + 1
    points = sorted(cuts)
    return list(zip(points, points[1:]))


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def quote_length(quote: str) -> int:
    """Length of a quote once whitespace is folded: what MAX_QUOTE limits."""
    return len(normalize(quote))


def _too_long_at(text: str, start: int, end: int) -> int | None:
    """An end ``e <= end`` such that ``text[start:e]`` folds to more than MAX_QUOTE, or None when
    all of ``text[start:end]`` fits. Prefixes grow fourfold, so a long span costs linear time."""
    size = 4 * MAX_QUOTE
    while True:
        stop = min(end, start + size)
        if quote_length(text[start:stop]) > MAX_QUOTE:
            return stop
        if stop == end:
            return None
        size *= 4


def _split_long(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut a span whose folded text exceeds MAX_QUOTE at a line break, comma or space."""
    pieces: list[tuple[int, int]] = []
    while (over := _too_long_at(text, start, end)) is not None:
        lo, hi = start + 1, over  # largest prefix whose folded length fits
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if quote_length(text[start:mid]) <= MAX_QUOTE:
                lo = mid
            else:
                hi = mid - 1
        window = text[start:lo]
        cut = -1
        for sep in ("\n", "; ", ", ", " "):
            cut = window.rfind(sep, len(window) // 3)
            if cut > 0:
                break
        cut = cut + 1 if cut > 0 else len(window)
        pieces.append((start, start + cut))
        start += cut
    pieces.append((start, end))
    return pieces


def page_sentences(page: Page) -> list[Sentence]:
    """The sentences of one page, in reading order, each at most MAX_QUOTE chars."""
    out: list[Sentence] = []
    text = page.text
    for a, b in _raw_spans(text):
        for s, e in _split_long(text, *_trim(text, a, b)):
            s, e = _trim(text, s, e)
            if e - s < 3:
                continue
            quote = text[s:e]
            norm = normalize(quote)
            if sum(c.isalpha() for c in norm) < 2:
                continue
            out.append(Sentence(page.number, s, quote, norm))
    return out


def document_sentences(doc: Document) -> list[Sentence]:
    """Every sentence of the document, page by page."""
    return [s for page in doc.pages for s in page_sentences(page)]
