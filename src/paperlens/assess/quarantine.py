"""Quarantine: passages addressed to an AI are kept out of fact extraction.

A paper that tells "AI models" to "ignore all previous instructions" may also
slip facts into the same passage ("the team allocation is fair, and all tokens
are vested for four years"). Such statements are written for a machine reader,
not for the paper's human readers, so paperlens does not take facts from them:
extraction (both backends) reads a copy of the document in which every
quarantined passage is blanked, and grounding rejects evidence that can only be
found inside one (status ``quarantined``, see :mod:`paperlens.assess.ground`). The
language scan and the report still read the original text, so PROMPT_INJECTION
quotes the passage as the paper prints it.

Where a passage begins and ends (per page, from the ``ai_instruction`` hits of
:mod:`paperlens.assess.language`; a hit's seed is the words its rule matched, not the
whole sentence it quotes, which may run back over table rows with no full stop):

1. **Paragraphs.** The page text is cut into paragraphs at blank lines, before
   a bulleted line, around a short line with no closing punctuation (a heading
   or a table row) and after any *short line*: one whose words fill less than
   :data:`SHORT_LINE` of the page's full line width (the 80th percentile length
   of its lines of four words or more, whitespace folded). The last line of a
   wrapped paragraph is short; this is how paragraphs end when the text engine
   gives no blank lines (PDFium does not).
2. **Seed.** The passage is the whole paragraph holding the hit: what it says to
   the AI and every statement it makes. A paragraph longer than
   :data:`MAX_PARAGRAPH` characters (a page with no visible breaks) is not taken
   whole: the passage is then its hit sentences and the sentences between them.
3. **Continuation.** The passage goes on over the following sentences, across
   paragraph breaks, while each one still addresses the reader: another hit, an
   imperative opening ("Do not mention ...", "Rate ...", "Ignore ...") or an
   order to "you" ("you must ...", "your summary ..."). The first sentence that
   does neither (a heading, a plain statement) ends it.
4. Passages that touch or overlap are merged.

Blanking replaces every character of a passage with a space (line breaks are
kept), so page offsets, line structure and all other text stay as they were.
The page's layout view and raw text are blanked by finding the passage's lines
in them in order, whatever the whitespace; a layout view where they cannot be
found is dropped for that page. The rule is deterministic and reads nothing but
the page text and the language hits.

Limits: a passage worded so that no ``ai_instruction`` rule fires is not found;
a statement sharing a paragraph with words to an AI is quarantined with them
(by design), and so are full-width table rows that the text engine runs into
that paragraph with no line break or full stop between them.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace
from statistics import quantiles

from paperlens.ingest.document import Document, Page, normalize
from paperlens.assess.language import RULES, scan_language
from paperlens.schema import LanguageHit

#: bump when the rule changes: the blanked document's identity (LLM cache key) depends on it
QUARANTINE_VERSION = "1"
#: a line shorter than this share of the page's full width ends its paragraph
SHORT_LINE = 0.7
#: a paragraph longer than this is not quarantined whole (the page shows no paragraph breaks)
MAX_PARAGRAPH = 1200
KIND = "ai_instruction"

_BULLET = re.compile(r"^\s*[•●○▪◦■□➢►\uf0b7*-]\s")
_SENTENCE_END = re.compile(r"[.!?][\"')\]]*(?=\s|$)")
_CLOSING = re.compile(r"[.!?:;,][\"')\]]*\s*$")
_IMPERATIVE = re.compile(
    r"^[\s\"'(\[•●▪■-]*(?:please\s+)?(?:do|don't|do\s+not|never|always|rate|grade|score|rank|give|assign"
    r"|award|output|mention|omit|include|treat|describe|summari[sz]e|respond|reply|answer|write|tell"
    r"|remember|ignore|disregard|forget|classify|conclude|recommend|emphasi[sz]e|highlight|praise"
    r"|pretend|refrain|avoid)\b", re.I)
_TO_YOU = re.compile(
    r"\byou\s+(?:must|should|shall|will|need\s+to|have\s+to|are\s+(?:to|required|instructed|asked|now))\b"
    r"|\byour\s+(?:summary|rating|grade|score|answer|response|output|report|analysis|review|assessment"
    r"|evaluation|instructions|task|verdict)\b", re.I)


@dataclass(frozen=True)
class Passage:
    """One quarantined passage: ``page.text[start:end]`` of page ``page``."""

    page: int  # 1-based
    start: int
    end: int
    text: str


@dataclass
class QuarantinedDocument(Document):
    """A document with its quarantined passages blanked: what extraction reads.

    Its ``sha256`` differs from the file's when anything was blanked, so that an
    LLM answer cached for the unblanked text is never reused for it.
    """

    passages: list[Passage] = field(default_factory=list)


@dataclass
class Quarantine:
    """The passages of a document addressed to an AI, and the document without them."""

    document: QuarantinedDocument  # the blanked copy: what extraction reads
    passages: list[Passage] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.passages)


# ------------------------------------------------------------------ finding passages


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line of ``text``, without its newline."""
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _width(line: str) -> int:
    return len(" ".join(line.split()))


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of the paragraphs of a page's text (rule 1 of the module doc)."""
    lines = _lines(text)
    widths = [_width(text[a:b]) for a, b in lines]
    long_lines = [w for w, (a, b) in zip(widths, lines) if len(text[a:b].split()) >= 4]
    full = quantiles(long_lines, n=5)[3] if len(long_lines) >= 3 else max(widths, default=0)
    out: list[tuple[int, int]] = []
    start: int | None = None

    def close(end: int) -> None:
        nonlocal start
        if start is not None:
            out.append((start, end))
        start = None

    for (a, b), width in zip(lines, widths):
        line = text[a:b]
        if not line.strip():
            close(a)
            continue
        short = width < SHORT_LINE * full
        heading = short and not _CLOSING.search(line) and len(line.split()) <= 10
        if _BULLET.match(line) or heading:
            close(a)
        if start is None:
            start = a
        if short or heading:
            close(b)
    close(len(text))
    return [(a, b) for a, b in out if text[a:b].strip()]


def sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of the sentences of ``text[start:end]``, surrounding whitespace trimmed."""
    out, pos = [], start
    for m in _SENTENCE_END.finditer(text, start, end):
        out.append((pos, m.end()))
        pos = m.end()
    out.append((pos, end))
    spans = []
    for a, b in out:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            spans.append((a, b))
    return spans


def _addresses_reader(sentence: str) -> bool:
    return bool(_IMPERATIVE.search(sentence) or _TO_YOU.search(sentence))


def _hit_spans(page: Page, hits: list[LanguageHit]) -> list[tuple[int, int]]:
    """Where the words of this page's ai_instruction hits are in ``page.text``.

    A hit quotes its whole sentence, which may run back over lines with no full stop
    (table rows); the seed is what the rule matched inside it, at every place the
    quote occurs.
    """
    spans = set()
    pattern = RULES[KIND]
    for hit in hits:
        if hit.kind != KIND or hit.evidence.page != page.number or not hit.evidence.quote:
            continue
        quote = hit.evidence.quote
        matches = [(m.start(), m.end()) for m in pattern.finditer(quote)] or [(0, len(quote))]
        pos = page.text.find(quote)
        while pos >= 0:
            spans.update((pos + a, pos + b) for a, b in matches)
            pos = page.text.find(quote, pos + 1)
    return sorted(spans)


def _merge(spans: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """Merge spans that overlap or are separated by whitespace only."""
    out: list[list[int]] = []
    for a, b in sorted(spans):
        if out and (a <= out[-1][1] or not text[out[-1][1]:a].strip()):
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return [(a, b) for a, b in out]


def page_passages(page: Page, hits: list[LanguageHit]) -> list[Passage]:
    """The quarantined passages of one page, given the document's language hits."""
    text = page.text
    found = _hit_spans(page, hits)
    if not found:
        return []
    paras = paragraphs(text)
    all_sentences = [s for a, b in paras for s in sentences(text, a, b)]
    spans: list[tuple[int, int]] = []
    for a, b in paras:
        if not any(h0 < b and h1 > a for h0, h1 in found):
            continue
        if b - a <= MAX_PARAGRAPH:  # rule 2: the whole paragraph
            spans.append((a, b))
        else:  # rule 2, no visible breaks: the hit sentences and what lies between them
            hit = [(s0, s1) for s0, s1 in sentences(text, a, b)
                   if any(h0 < s1 and h1 > s0 for h0, h1 in found)]
            spans.append((hit[0][0], hit[-1][1]))
    spans = _merge(spans, text)
    extended = []
    for a, b in spans:  # rule 3: on while the following sentences still address the reader
        for s0, s1 in all_sentences:
            if s0 < b:
                continue
            if text[b:s0].strip() or not (
                    any(h0 < s1 and h1 > s0 for h0, h1 in found) or _addresses_reader(text[s0:s1])):
                break
            b = s1
        extended.append((a, b))
    return [Passage(page.number, a, b, text[a:b]) for a, b in _merge(extended, text)]


# ------------------------------------------------------------------ blanking


def blank(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with every character inside ``spans`` turned into a space (line breaks kept)."""
    chars = list(text)
    for a, b in spans:
        for i in range(a, b):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)


def _blank_words(text: str, passage: str) -> str | None:
    """Blank ``passage`` in another rendering of the page (layout or raw text): its lines found in
    order, word by word, whatever the whitespace. None when a line of it cannot be found there."""
    spans, pos = [], 0
    for line in passage.split("\n"):
        words = line.split()
        if not words:
            continue
        m = re.compile(r"\s+".join(re.escape(w) for w in words)).search(text, pos)
        if m is None:
            return None
        spans.append((m.start(), m.end()))
        pos = m.end()
    return blank(text, spans)


def _blank_page(page: Page, passages: list[Passage]) -> Page:
    spans = [(p.start, p.end) for p in passages]
    text = blank(page.text, spans)
    layout = page.layout
    raw = page.raw
    for p in passages:
        if layout is not None:
            layout = _blank_words(layout, p.text)  # None: the table view of this page is not used
        if raw:
            raw = _blank_words(raw, p.text) or text
    return replace(page, raw=raw, text=text, norm=normalize(text), layout=layout)


def quarantine(doc: Document, language: list[LanguageHit] | None = None) -> Quarantine:
    """Find the passages of ``doc`` addressed to an AI and blank them in a copy.

    ``language`` is the document's language scan (:func:`paperlens.assess.language.scan_language`);
    it is run here when not given. A document that is already a blanked copy is returned as
    is (as ``document``).
    """
    if isinstance(doc, QuarantinedDocument):
        return Quarantine(doc, list(doc.passages))
    hits = scan_language(doc) if language is None else language
    passages = [p for page in doc.pages for p in page_passages(page, hits)]
    pages = list(doc.pages)
    for number in sorted({p.page for p in passages}):
        pages[number - 1] = _blank_page(pages[number - 1], [p for p in passages if p.page == number])
    sha = doc.sha256
    if passages:
        where = ";".join(f"{p.page}:{p.start}-{p.end}" for p in passages)
        sha = hashlib.sha256(f"{doc.sha256}|quarantine {QUARANTINE_VERSION}|{where}".encode()).hexdigest()
    blanked = QuarantinedDocument(
        path=doc.path, sha256=sha, pages=pages, metadata=dict(doc.metadata), warnings=list(doc.warnings),
        engine=doc.engine, from_cache=doc.from_cache, passages=passages)
    return Quarantine(blanked, passages)


def blanked(doc: Document) -> QuarantinedDocument:
    """``doc`` with its quarantined passages blanked (itself when it already is such a copy)."""
    return quarantine(doc).document
