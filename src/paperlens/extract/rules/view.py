"""Text views shared by the rules backend's economics half (:mod:`.economics`,
:mod:`.shares`, :mod:`.vesting`).

A :class:`View` reads ``page.text`` with whitespace runs collapsed, so that
tables whose cells pypdf put one per line still read as rows, while every quote
is cut from ``page.text`` itself and is therefore verbatim (at most
:data:`QUOTE_LIMIT` characters, always containing the value it supports).
"""

from __future__ import annotations

import re

from paperlens.ingest.document import Document, Page
from paperlens.numbers import find_numbers
from paperlens.schema import Evidence

QUOTE_LIMIT = 300

# examples, illustrations and placeholders are skipped everywhere
EXAMPLE = re.compile(
    r"\b(?:for example|for instance|e\.g\.|example|assum\w*|hypothetical\w*|illustrat\w*|suppose|"
    r"imagine|were based on|placeholder|tweak|let us say|say we|would be|could be)\b", re.I)
CJK = re.compile(r"[\u3400-\u9fff]")
_SPACE = re.compile(r"\s+")


# ------------------------------------------------------------------ text views


class View:
    """A page's text with whitespace runs collapsed, mapped back to ``page.text``.

    A run holding a newline becomes ``"\\n"``, any other run a single space. In a
    layout view (``cells=True``: columns set apart by runs of spaces) a run of three
    or more spaces is a column gap and becomes ``"\\t"``, which ends a label.
    """

    def __init__(self, page: Page, cells: bool = False):
        self.page = page
        text = page.text
        parts: list[str] = []
        index: list[int] = []
        done = 0
        for m in _SPACE.finditer(text):  # each whitespace run becomes one character
            parts.append(text[done:m.start()])
            index.extend(range(done, m.start()))
            gap = "\n" if "\n" in m.group() else "\t" if cells and len(m.group()) >= 3 else " "
            parts.append(gap)
            index.append(m.start())
            done = m.end()
        parts.append(text[done:])
        index.extend(range(done, len(text)))
        index.append(len(text))
        self.s = "".join(parts)
        self._index = index
        self.numbers = find_numbers(self.s)
        self.flat = self.s.replace("\n", " ")

    def _slice(self, a: int, b: int) -> str:
        """``page.text`` between collapsed positions ``a`` and ``b``, stripped."""
        end = self._index[b - 1] + 1 if b > 0 else 0
        return self.page.text[self._index[a]:end].strip() if a < b else ""

    def quote(self, start: int, end: int, limit: int = QUOTE_LIMIT) -> str:
        """The line or sentence around ``[start, end)``, a verbatim slice of page.text.

        Trimmed word by word (never into ``[start, end)``) to at most ``limit``
        characters of page.text.
        """
        s = self.s
        a = max(s.rfind("\n", 0, start), _last_sentence_end(s, start)) + 1
        ends = [i for i in (s.find("\n", end), _next_sentence_end(s, end)) if i >= 0]
        b = min(ends) + (1 if ends and s[min(ends)] in ".!?;" else 0) if ends else len(s)
        a, b = min(a, start), max(b, end)
        while len(self._slice(a, b)) > limit and (a < start or b > end):
            if a < start and (start - a >= b - end or b <= end):
                nxt = s.find(" ", a + 1, start)
                a = start if nxt < 0 else nxt + 1
            else:
                prev = s.rfind(" ", end, b - 1)
                b = end if prev < 0 else prev
        return self._slice(a, b)[:limit]

    def sentence(self, pos: int, limit: int = QUOTE_LIMIT) -> tuple[int, int]:
        """Span of the sentence or list item around ``pos`` in the collapsed text."""
        s = self.s
        a = 0
        for m in _SENTENCE_BREAK.finditer(s, max(0, pos - limit), pos):
            a = m.end()
        # a break further than ``limit`` on is cut to ``limit`` below: search no further (linear time)
        m = _SENTENCE_BREAK.search(s, pos, pos + limit + 64)
        b = m.start() + (1 if m and s[m.start()] in ".!?;。！？；" else 0) if m else len(s)
        if b - a > limit:
            a, b = max(a, pos - limit // 2), min(b, pos + limit // 2)
        return a, b

    def evidence(self, start: int, end: int) -> Evidence:
        return Evidence(page=self.page.number, quote=self.quote(start, end))

    def span_evidence(self, a: int, b: int) -> Evidence:
        """Evidence quoting the collapsed span ``[a, b)`` (cut to the quote limit)."""
        return Evidence(page=self.page.number, quote=self._slice(a, b)[:QUOTE_LIMIT].strip())

    def sentence_evidence(self, pos: int) -> tuple[str, Evidence]:
        a, b = self.sentence(pos)
        return self.flat[a:b].strip(), self.span_evidence(a, b)


_SENTENCE_BREAK = re.compile(
    r"[.!?;](?=\s+[A-Z(\"'•●○▪*\d])|\n(?=\s*(?:[-–•●○▪◦■*]|\d+[.)]\s))|\n\s*\n"
    r"|(?<=[\d%*])[ \t]*\n(?=[ \t]*[A-Z])|\n(?=[ \t]*\d+(?:\.\d+)?[ \t]*%[ \t]+[A-Z])|[。！？；]")


def _last_sentence_end(s: str, pos: int) -> int:
    m = None
    for m in re.finditer(r"[.!?;](?=\s+[A-Z(\"'•●○▪\d])", s[:pos]):
        pass
    return m.start() if m else -1


def _next_sentence_end(s: str, pos: int) -> int:
    m = re.compile(r"[.!?;](?=\s+[A-Z(\"'•●○▪]|\s*$)").search(s, pos)
    return m.start() if m else -1


def page_views(doc: Document) -> list[View]:
    """The views of a document's pages with text (built once per extraction by :func:`.rules.extract_rules`)."""
    return [View(p) for p in doc.pages if p.text.strip()]

