"""The rules backend's one text layer: each page's :class:`View` and the
:class:`Sentence` objects cut from it.

A :class:`View` reads ``page.text`` with whitespace runs collapsed, so that
tables whose cells pypdf put one per line still read as rows, while every quote
is cut from ``page.text`` itself and is therefore verbatim (at most
:data:`QUOTE_LIMIT` characters, always containing the value it supports).

A view's :attr:`View.sentences` split the same ``page.text`` into sentences (or
line-bounded pieces): each keeps the exact substring it came from (``text``,
usable as an :class:`~paperlens.schema.Evidence` quote) and a folded copy for
matching (``norm``, :func:`paperlens.ingest.document.normalize`). Long
sentences are cut at line breaks (or commas) so every quote stays within
:data:`QUOTE_LIMIT` characters once whitespace is folded (pages extracted one
word per line carry padding that would otherwise cut every sentence in pieces).

:func:`page_views` builds the views of a document once; every section of the
backend reads them (the economics half the collapsed text, the terms half the
sentences).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from paperlens.ingest.document import Document, Page, normalize
from paperlens.numbers import find_numbers
from paperlens.schema import Evidence

QUOTE_LIMIT = 300  # characters of a quote (of page.text for a view's quotes, folded for a sentence)


# ------------------------------------------------------------------ word tables shared by every section


def one_of(*alternatives: str, flags: int = re.I) -> re.Pattern[str]:
    """A pattern matching any of ``alternatives`` (regular expressions, written one per line)."""
    return re.compile("|".join(alternatives), flags)


def words(*alternatives: str, flags: int = re.I) -> re.Pattern[str]:
    """A pattern matching any of ``alternatives`` (regular expressions) as a whole word."""
    return one_of(r"\b(?:" + "|".join(alternatives) + r")\b", flags=flags)


#: examples, illustrations, placeholders and suppositions: every section skips the sentence (or the
#: text before a figure) that holds one. Neither table has "e.g.": a parenthetical "(e.g. ...)"
#: illustrates a detail of a real statement ("post their tokens as collateral with a very long
#: unbonding period (e.g. ...)")
EXAMPLE = words(
    r"for example",
    r"for instance",
    r"example",
    r"assum\w*",
    r"hypothetical\w*",
    r"illustrat\w*",
    r"suppose",
    r"imagine",
    r"were based on",
    r"placeholder",
    r"tweak",
    r"let us say",
    r"let's",
    r"let us",
    r"say we",
    r"would be",
    r"could be",
)

#: a sentence that compares with or lists other things; the terms half skips it (the part before a
#: leading "such as" still counts: what follows lists examples, not the token's own uses)
COMPARISON = words(
    r"for example",
    r"such as",
    r"unlike",
    r"whereas",
    r"in contrast",
)

#: upper-case words that are never the paper's own ticker: currencies and other coins, standards,
#: acronyms of business, law and technology, units, document words and plain English
NOT_TICKERS = frozenset(" ".join((
    "USD EUR GBP CHF CNY JPY KRW SGD HKD AUD CAD RMB",  # fiat currencies
    "BTC ETH LTC XRP USDT USDC DAI PETH WETH SDR",  # other coins and reserve assets
    "ERC ERC20 ERC223 BEP20 TRC10 TRC20 NEP5",  # token standards
    "ICO IEO IDO IPO TGE KYC AML OTC ROI NAV IOU ATM KPI MVP TVL LP AMA FX GDP TAX VAT CRR IMF",  # finance
    "TOKEN TOKENS COIN COINS FIAT FUND SALE PRE TOTAL SUPPLY TEAM FEE FEES GAS CDP CDPS",  # tokenomics words
    "LLC INC LTD GMBH AG SA PTE PLC OU OÜ CEO CTO COO CFO CMO HR PR RD B2B B2C",  # companies and roles
    "USA US UK EU UAE BVI SEC NASA IBM AWS IEEE ISO MIT GPL",  # places, bodies, licences
    "API SDK URL PDF FAQ APP APPS DAPP AI ML VM EVM OS ID UI UX IT PC TV VR AR QR IOT IPFS DNS HTTP JSON",  # tech
    "IP SQL PHP ABI RPC TCP UDP CPU GPU RAM SSD DDOS DOS SHA ECDSA RSA AES HD P2P WEB NET BLOCK CHAIN SMART",
    "DNA RFC",
    "DAO DEX CEX DEFI AMM NFT POS POW POA DPOS PBFT BFT TPS SPV UTXO TX DAG IBC DSN",  # chains and consensus
    "KB MB GB TB PB GHZ MHZ KM KG GMT UTC CET EST PST",  # units and time zones
    "NOTE PART SECTION CHAPTER APPENDIX TABLE FIGURE FIG PPT TBD NA VS ETC DEMO",  # document words
    "THE AND OR OF TO IN ON BY AT AS IS BE WE OUR NO FOR FROM WITH THIS THAT NEW ALL LOW MAX MIN",  # English
    "II III IV VI VII VIII IX XI XII",  # roman numerals
)).split())
#: tickers papers make up for examples ("1 ETH = 1000 ABC"): the symbol finder never takes one for the
#: paper's own (the other sections read them as any other ticker)
EXAMPLE_TICKERS = frozenset("ABC XYZ FOO XXX TKN".split())

CJK = re.compile(r"[\u3400-\u9fff]")
_SPACE = re.compile(r"\s+")
# a cashtag's sign ("$NOVA", not "$5"): read as "NOVA", so that counts, rates, prices and uses in it parse
_TICKER_SIGN = re.compile(r"\$(?=[A-Z][A-Z0-9]{1,9}\b)")
_GAP = re.compile(_SPACE.pattern + "|" + _TICKER_SIGN.pattern)


def matching_text(text: str) -> str:
    """``text`` as the rules match it: :func:`.normalize`, and a ticker's sign dropped ("$NOVA" -> "NOVA")."""
    return _TICKER_SIGN.sub("", normalize(text))


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
        for m in _GAP.finditer(text):  # each whitespace run becomes one character, a ticker's sign none
            parts.append(text[done:m.start()])
            index.extend(range(done, m.start()))
            if m.group() == "$":
                done = m.end()
                continue
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

    @cached_property
    def sentences(self) -> list[Sentence]:
        """The sentences of the page, in reading order, each at most QUOTE_LIMIT chars once folded."""
        return page_sentences(self.page)

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
        for m in _SENTENCE_BREAK.finditer(s, max(0, pos - limit), pos + 64):  # a break's lookahead may pass pos
            if m.start() >= pos:
                break
            a = m.end()
        # a break further than ``limit`` on is cut to ``limit`` below: search no further (linear time)
        m = _SENTENCE_BREAK.search(s, pos, pos + limit + 64)
        b = m.start() + (1 if m and s[m.start()] in ".!?;。！？；" else 0) if m else len(s)
        if b - a > limit:
            a, b = max(a, pos - limit // 2), min(b, pos + limit // 2)
        return a, b

    def next_sentence(self, end: int) -> tuple[int, int] | None:
        """Span of the sentence that starts after ``end`` (the end of another), None at the page's end."""
        rest = self.flat[end:]
        return self.sentence(len(self.flat) - len(rest.lstrip()) + 1) if rest.strip() else None

    def evidence(self, start: int, end: int) -> Evidence:
        return Evidence(page=self.page.number, quote=self.quote(start, end))

    def span_evidence(self, a: int, b: int) -> Evidence:
        """Evidence quoting the collapsed span ``[a, b)`` (cut to the quote limit)."""
        return Evidence(page=self.page.number, quote=self._slice(a, b)[:QUOTE_LIMIT].strip())

    def sentence_evidence(self, pos: int) -> tuple[str, Evidence]:
        a, b = self.sentence(pos)
        return self.flat[a:b].strip(), self.span_evidence(a, b)


#: the unit after a token count on a table row: a ticker, "tokens", "coins" ("Team: 2,000,000,000 HLS")
COUNT_UNIT = r"(?:[A-Z]{2,6}|(?i:tokens?|coins?))"
# before a row's label: "Team: 12-month cliff, ...", "Hard cap: $10M", "Investors – 3m cliff / 12m vesting"
_LABEL_LINE = r"\n(?=[ \t]*[A-Z][\w &/()'-]{0,40}(?::|[ \t][–—-])[ \t])"
# a row ending in a count and its unit: "Foundation: 1,500,000,000 HLS" (one fixed-width look-behind per length)
_COUNT_UNIT = "|".join([r"(?<=\d [A-Z]{%d})" % k for k in range(2, 7)] + [r"(?<=\d tokens)", r"(?<=\d coins)"])
_SENTENCE_BREAK = re.compile(
    r"[.!?;](?=\s+[A-Z(\"'•●○▪*\d])|\n(?=\s*(?:[-–•●○▪◦■*]|\d+[.)]\s))|\n\s*\n"
    r"|(?:(?<=[\d%*)])|" + _COUNT_UNIT + r")[ \t]*\n(?=[ \t]*[A-Z])"
    r"|\n(?=[ \t]*\d+(?:\.\d+)?[ \t]*%[ \t]+[A-Z])|[。！？；]"
    r"|" + _LABEL_LINE
    + r"|\n(?=[ \t]*\d{1,2}(?:\.\d{1,2})+\.?[ \t]+[A-Z])")  # a numbered heading ("4.3 Vesting")


def _last_sentence_end(s: str, pos: int) -> int:
    m = None
    for m in re.finditer(r"[.!?;](?=\s+[A-Z(\"'•●○▪\d])", s[:pos]):
        pass
    return m.start() if m else -1


def _next_sentence_end(s: str, pos: int) -> int:
    m = re.compile(r"[.!?;](?=\s+[A-Z(\"'•●○▪]|\s*$)").search(s, pos)
    return m.start() if m else -1


# ------------------------------------------------------------------ sentences

_ABBREV = re.compile(
    r"(?:\b(?:e\.g|i\.e|etc|vs|cf|Inc|Ltd|Corp|Co|Mr|Mrs|Ms|Dr|Prof|No|Fig|Sec|approx|al|St|Jr|Sr)"
    r"|\b[A-Z])\.$"
)
_END = re.compile(r"[.!?][\"')\]]*(?=\s+[\"'(\[]?[A-Z0-9●•▪■◦○])")
_BREAK = re.compile(r"\n[ \t]*\n|\n(?=[ \t]*[●•▪■◦○\uf0b7])|(?<=[:;])[ \t]*\n|" + _LABEL_LINE)
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
    """Length of a quote once whitespace is folded: what QUOTE_LIMIT limits."""
    return len(normalize(quote))


def _too_long_at(text: str, start: int, end: int) -> int | None:
    """An end ``e <= end`` such that ``text[start:e]`` folds to more than QUOTE_LIMIT, or None when
    all of ``text[start:end]`` fits. Prefixes grow fourfold, so a long span costs linear time."""
    size = 4 * QUOTE_LIMIT
    while True:
        stop = min(end, start + size)
        if quote_length(text[start:stop]) > QUOTE_LIMIT:
            return stop
        if stop == end:
            return None
        size *= 4


def _split_long(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut a span whose folded text exceeds QUOTE_LIMIT at a line break, comma or space."""
    pieces: list[tuple[int, int]] = []
    while (over := _too_long_at(text, start, end)) is not None:
        lo, hi = start + 1, over  # largest prefix whose folded length fits
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if quote_length(text[start:mid]) <= QUOTE_LIMIT:
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
    """The sentences of one page, in reading order, each at most QUOTE_LIMIT chars."""
    out: list[Sentence] = []
    text = page.text
    for a, b in _raw_spans(text):
        for s, e in _split_long(text, *_trim(text, a, b)):
            s, e = _trim(text, s, e)
            if e - s < 3:
                continue
            quote = text[s:e]
            norm = matching_text(quote)
            if sum(c.isalpha() for c in norm) < 2:
                continue
            out.append(Sentence(page.number, s, quote, norm))
    return out


def page_views(doc: Document) -> list[View]:
    """The views of a document's pages with text (built once per extraction by :func:`.rules.extract_rules`)."""
    return [View(p) for p in doc.pages if p.text.strip()]


def document_sentences(views: list[View]) -> list[Sentence]:
    """Every sentence of the document, page by page."""
    return [s for view in views for s in view.sentences]
