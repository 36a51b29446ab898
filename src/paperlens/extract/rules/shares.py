"""Share mentions: every place a page pairs a share (a percent or a token count) with a holder.

A page is read as *items* (a list item, a table row, a line, or a sentence of
prose) and each item as *clauses* cut at its other percentages, so that
"12% to advisors, 14% to users" gives two clauses. Each percentage (or, for
tables that only give counts, each token count) becomes a :class:`Share` whose
label is read from its own clause: after the figure when the item starts with
it or a connector follows it ("50% Token sale", "10% will be allocated to the
Foundation"), before it otherwise ("Team 20%", "lead donors (5%)"), and from
the line above when the figure stands alone ("% of tokens generated to the
team" / "15%"). Nothing here decides which shares form the allocation: that is
:mod:`.allocation`'s job, by what adds up.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cached_property

from paperlens.numbers import Number
from paperlens.extract.rules.holders import TOKEN_WORDS, category_for, label_kind
from paperlens.extract.rules.text import CJK, COUNT_UNIT, EXAMPLE, View, one_of, words

_MARKER = re.compile(
    r"^[ \t]*(?P<m>[•●○▪◦■□➢►✓✔\uf0b7\uf0a7\uf0d8*>]|[-–—](?=\s)|\(?[A-Za-z]\)|[A-Za-z][.)](?=\s)|"
    r"\(?\d{1,2}[.)](?=\s))[ \t]*")
_SENTENCE_END = one_of(
    '[.!?;](?=\\s+[A-Z(\\"\'•●\\d])',
    r"[.!?;]\s*$",
    r"[。！？；]",
    flags=0,
)
_MONEY_BEFORE = re.compile(r"(?:[$€£¥]|\b(?:USD|US\$|EUR|CHF|GBP|SGD)\s?)$", re.I)
_MONEY_AFTER = re.compile(r"^\s?(?:USD|EUR|CHF|GBP|ETH|BTC|ether|bitcoins?|dollars?|euros?|USDT|LTC)\b", re.I)

# phrases that connect a figure to its holder on its right: "to", "will be allocated to", "of the tokens for"
_OF_TOKENS = (r"(?:of\s+(?:the\s+|all\s+|our\s+|its\s+)?(?:(?:total|initial|entire|overall|maximum|max|whole|"
              r"\w+)\s+){0,3}(?:token\s+supply|supply|tokens?|coins?|(?-i:[A-Z][A-Za-z]{1,6}))\b"
              r"(?:\s+(?:supply|tokens?|coins?))?(?:\s+(?:created|minted|issued|generated))?\s*,?\s*)")
_VERB = (r"(?:(?:will|shall|would|could|may|might|can|is|are|was|were|to|has|have|had|be|been|being|get|gets|got|"
         r"goes|go|going|potentially|initially|also|then|eventually|later|further|is\s+to|are\s+to|or)\s*,?\s+)*"
         r"(?:allocated|reserved|distributed|sold|set\s+aside|held|kept|retained|offered|issued|given|granted|"
         r"assigned|locked(?:\s+up)?|dedicated|used|earmarked|split|available|created|minted|generated|sent|"
         r"paid|provided|transferred|awarded|directed|devoted|put|placed|made\s+available|owned|controlled|shared|"
         r"goes|going|go|vested|airdropped|released)"
         r"(?:\s+(?:up|aside|out|away|back|apart))?")
_LEAD = re.compile(
    r"^(?:[\s\-–—:=>|/),.]|\(\s*[^)]{0,40}\)|" + _OF_TOKENS + r"|"
    r"(?:(?-i:[A-Z][A-Za-z0-9]{1,6})\s+)?[\w-]*(?:tokens?|coins?)\b(?=\s+(?:will|shall|are|is|were|was|to|for|"
    r"have|has|go|goes|be|being|get|can|could|may|would)\b)|"
    r"(?:(?-i:[A-Z][A-Za-z0-9]{1,6})\s+)?(?:[\w-]*(?:tokens?|coins?)\b|(?-i:[A-Z]{2,6})\b)\s*[–—:=-]\s+|"
    r"(?-i:[A-Z][A-Za-z]{1,6})\s+(?=(?:will|shall|are|is|were|was)\b)|"
    r"(?:during|in|at|upon|on|from)\s+(?:the\s+)?(?:[\w-]+\s+){1,3}?(?=" + _VERB + r"))*"
    r"(?:" + _VERB + r"\s*)?"
    r"(?:(?:by|from)\s+(?:the\s+)?(?:(?-i:[A-Z])[\w&.-]*\s*){1,4}(?=\s+(?:to|for)\b))?\s*"
    r"(?:(?:to|for|towards|among|between|as|into|through|via|in|with|by|under|on)\s+)?"
    r"(?:(?:the|a|an|our|its|their)\s+)?", re.I)
_CONNECTOR = re.compile(
    r"^\s*(?:[\-–—:=>→]|\(\s*[\d,. ]+(?:million|billion|[A-Za-z]{2,6}|tokens)?\s*\)|"
    r"(?:to|for|towards|among|between|of|will|shall|is|are|was|were|goes|go|be|reserved|allocated|"
    r"distributed|sold|held|set|kept|retained|offered|dedicated|earmarked|locked|given|assigned)\b)", re.I)
_TAIL = re.compile(
    r"\s*(?:[;:]|\.(?:\s|$)|,\s+(?:to|which|who|that|and\s+(?:will|are|is|shall)|with|where|while|"
    r"as|in\s+order|subject|locked|vest|released?|these|this|it|they|plus|including|ie|i\.e\.|e\.g\.)\b|"
    r"\s(?:who|which|that|in\s+order|to\s+(?:be|help|fund|incentivi[sz]e|encourage|support|reward|ensure|"
    r"cover|pay|build|develop|promote|attract|provide|allow|enable|secure|bootstrap|grow|finance|compensate|"
    r"keep|take|continue|facilitate|create|make|expand|establish|conduct|drive|boost)|with\s+(?:a|an|the)?|"
    r"subject\s+to|pursuant|locked|vested|vesting|until|after|during|over\s+(?:a|the)|at\s+(?:a|the)|"
    r"for\s+(?:their|its|the\s+purpose|a\s+period)|because|so\s+that|whereas|unless|if\s|once|"
    r"and\s+(?:will|are|is|shall|can|may)|and\s+the\s+(?:remaining|rest|remainder|balance)|will|shall|are|is|can|may|would|"
    r"(?:distributed|transferred|sent|deposited|held|kept|stored)\s+(?:to|in|into|on|at|by)\s+(?:a|an|the)\b)\b"
    r"|\s[–—]\s|\s\(|\s\[|\s+\d)", re.I)
# verbs that tie a holder to the share it gets ("Advisors receive 5%", "the team holds")
_HOLDS = (r"receive[sd]?|get|gets|got|constitutes?|represents?|accounts?\s+for|makes?\s+up|takes?|holds?|"
          r"retains?|keeps?|owns?|comprises?|allocated|reserved|distributed|allotted")
_TRAIL = re.compile(
    r"(?:\s*(?:[(\[:=\-–—,]|\bup\s+to|\bapprox\w*\.?|\babout|\bcirca|\bca\.|~|≈|\bnearly|\baround|"
    r"\b(?:could|would|may|might|can|potentially|initially|eventually|collectively|jointly|together)\b|"
    r"\b(?:will|shall|is|are|were|was|have|has|had)?\s*(?:" + _HOLDS + r"|is|are|be|of|with|at|by|for|to)\b|"
    r"\btokens?\b|\bcoins?\b|"
    r"\d[\d,.\s]*+(?:million|billion|(?-i:[A-Z]{2,6}))?))+\s*$", re.I)
_CUT_LEFT = re.compile(r"(?:[.;:!?]\s|[•●▪◦■➢►|]|\)\s*,?\s*(?:and\s+)?|,\s+(?:and\s+)?(?!(?:Inc|Ltd|LLC|Co|S\.A|AG|"
                       r"GmbH|Limited|Pte)\b))")
_VERB_TO = re.compile(_VERB + r"\s+(?:[\w-]+\s+){0,2}?(?:to|for|among|between)\s+(?:the\s+)?", re.I)
_TRAIL_REACH = 300
_ROUND_NUMBER = re.compile(r"\b(?:sale|round|phase|stage|tier|batch|series)\s+(\d{1,2}|[IVX]{1,4}|[A-D])"
                           r"[ \t]*[:=\-–—]?[ \t]*$", re.I)
# a line that is only a row's title and a colon, after its list marker (commas join its holders)
_ROW_TITLE = re.compile(r"^(?:%s)?(?P<t>[A-Za-z][^.;:!?()\d\n]{2,60}?)\s*:\s*$" % _MARKER.pattern.lstrip("^"))
# a cell that lists its holders in title case, no colon: "Founders, Employees, Advisors, and Consultants  15%"
_TITLE_WORDS = r"[A-Z][\w&'/+-]*(?:[ \t]+(?:[A-Z][\w&'/+-]*|and|of|the|for|&))*"
_TITLE_LIST = re.compile(r"^(?:%s)?(?P<t>%s(?:,[ \t]+(?:and[ \t]+|&[ \t]+)?%s){1,6})[ \t]*[\-–—]?[ \t]*$"
                         % (_MARKER.pattern.lstrip("^"), _TITLE_WORDS, _TITLE_WORDS))
_TRAIL_SOFT = re.compile(r"[\s(~≈:\-–—]+$")
_VERB_END = re.compile(r"\b(?:" + _HOLDS + r")[\s(~≈]*(?:up\s+to|approx\w*\.?|about|circa|around|nearly)?\s*$",
                       re.I)
_CHART_TITLE = one_of(
    r"\b(?:distribution|allocation|breakdown|use\s+of\s+(?:funds|proceeds)|tokenomics|supply|budget|split|plan"
        r"|structure)\b",
    r":\s*$",
)
# a line ending with these runs on into the next ("... rewards receive" / "35% of the supply")
_RUNS_ON = re.compile(r"\b(?:receive[sd]?|gets?|got|holds?|keeps?|retains?|of|to|the|a|an|and|or|by|for|at|with|in|"
                      r"is|are|was|were|be|been|allocated|reserved|distributed|will|shall|than|about|approximately|"
                      r"around|nearly|up\s+to|from|into|remaining|another|further|additional|only|total)\s*$", re.I)
_QUALIFIER = words(
    r"up\s+to",
    r"approx\w*\.?",
    r"about",
    r"circa",
    r"around",
    r"nearly",
    r"max(?:imum)?\.?",
    r"min(?:imum)?\.?",
)
# a verb that hands a share to someone: the label after it is a holder even when it names nobody we know
_DISTRIBUTED = words(
    r"allocated",
    r"allotted",
    r"distributed",
    r"sold",
    r"reserved",
    r"sharedrop\w*",
    r"airdrop\w*",
    r"given",
    r"granted",
    r"assigned",
    r"awarded",
    r"set\s+aside",
    r"issued\s+to",
    r"offered\s+to",
)
# "60% of all BAR": a share of the paper's token, named by its ticker (not a currency)
_OF_TICKER = re.compile(r"%\s*of\s+(?:all\s+|the\s+|our\s+)?(?!(?:ETH|BTC|USD|EUR|USDT|USDC|LTC|GBP|CHF)\b)"
                        r"(?-i:[A-Z][A-Za-z0-9]{1,5})\b")
_OF_PART = re.compile(
    r"\s*of\s+(?:these|those|this|their|his|her|its(?!\s+(?:[\w-]+\s+){0,2}(?:supply|tokens))|such|each|every|any|"
    r"the\s+(?:unsold|remaining|rest|team'?s?|"
    r"founders'?|company'?s?|reserved?|locked|vested|sold|raised|funds|proceeds|amount|above|said|former|latter|"
    r"team\s+tokens|tokens\s+(?:sold|allocated|reserved|held|locked|purchased|bought))|unsold|remaining)\b", re.I)
_REST = re.compile(r"\b(?:the\s+(?:rest|remainder|remaining|balance)\b|remaining\s+(?:tokens|supply|coins|\w+\s+tokens))",
                   re.I)


@dataclass
class Share:
    """One share of something paired with a label, and what the page shows around it."""

    view: View
    start: int  # span of the clause (label and figure) in ``view.s``, for the quote
    end: int
    fig_start: int  # the figure itself
    fig_end: int
    percent: float | None
    amount: float | None  # a token count in the same clause (or the only figure)
    label: str
    side: str  # "right" or "left" of the figure, "above"/"below" (a legend's line), "rest" (no figure)
    marker: str  # the list marker of the item ("-", "a.", "1.", "(a)", "(1)", "•", "" for none)
    strong: bool  # "of the tokens", "of all BAR": plainly a share of the token supply
    example: bool  # inside a worked example
    of_part: bool = False  # a share of a part ("of these tokens", "of the unsold tokens"), not of the supply
    clause: str = ""  # the clause the figure is in, for the words that tie it to its label
    sub: bool = False  # part of the breakdown of the row above it (set by the allocation judge)
    parts: tuple["Share", ...] = ()  # the rows of its own breakdown (set by the allocation judge)

    @property
    def page(self) -> int:
        return self.view.page.number

    @property
    def via(self) -> str:
        """The clause without its label: the words that tie the figure to its holder ("to be sold
        through", "was achieved by sharedropping")."""
        at = self.clause.find(self.label) if self.label else -1
        if at < 0 or self.side not in ("left", "right"):
            return self.clause.replace(self.label, " ") if self.clause else ""
        if self.side == "left":  # "Reserve 15%, to be sold later": what precedes the label is the row before's
            return self.clause[at + len(self.label):]
        # "..., was achieved by sharedropping 47% to BitShares PTS", "40,000,000 to supporters (i.e. bounties)"
        parts = re.split(r"[,;]\s+", self.clause[:at])
        first = max((i for i, part in enumerate(parts) if re.search(r"\d", part)), default=0)
        aside = re.match(r"\s*\([^()]*\)", self.clause[at + len(self.label):])
        return ", ".join(parts[first:]) + (aside.group() if aside else "")

    @cached_property
    def category(self) -> str:
        """The row's bucket: from its label, else from the words that tie it to its figure ("sold through")."""
        found = category_for(self.label)
        if found == "other" and label_kind(self.label) != "holder":
            found = category_for(self.via)
        return found

    @cached_property
    def kind(self) -> str:
        """What the label names (:func:`.holders.label_kind`); a label that names nobody is a holder's
        when the words tying it to its figure say so ("sharedropping 47% to BitShares PTS")."""
        kind = label_kind(self.label)
        via = self.clause.replace(self.label, " ")  # the whole clause: a prose row ties its holder on either side
        if kind == "unknown" and _DISTRIBUTED.search(via) and label_kind(via) == "holder":
            return "holder"
        return kind


def _marker_kind(text: str) -> str:
    m = _MARKER.match(text)
    if not m:
        return ""
    token = m.group("m")
    if token.startswith("("):  # "(1)", "(a)": a list of its own, often the breakdown of a "1." row
        return "(1)" if token[1].isdigit() else "(a)"
    if token[0].isdigit():
        return "1."
    if token[0].isalpha():
        return "a."
    return "-" if token in "-–—" else "•"


def clean_label(label: str) -> str:
    """A label as a reader would write it: no markers, fillers, figures or trailing clauses."""
    label = re.sub(r"[\ue000-\uf8ff*†‡]", "", label)
    label = re.sub(r"\s+", " ", label).strip(" -–—:=,;|.\t>•●○▪◦■➢►")
    label = _MARKER.sub("", label)
    label = re.sub(r"^(?:the|a|an|and|or|our|its|their)\s+", "", label, flags=re.I)
    label = re.sub(r"\s+(?:and|or|of|to|for|the|in|by|with|as|at|on)\s*$", "", label, flags=re.I)
    label = re.sub(r"\s*\([^)]*$", "", label)  # an unclosed parenthesis
    label = re.sub(r"^\(([^()]*)\)$", r"\1", label)
    return label.strip(" -–—:=,;|.")[:80]


def _right_label(text: str) -> str:
    rest = _LEAD.sub("", text, count=1).split("\t")[0]  # a layout view's column gap ends the cell
    m = _TAIL.search(rest)
    if m and m.start() > 0:
        rest = rest[:m.start()]
    return clean_label(rest)


def _left_label(text: str) -> str:
    text = text.rstrip(" \t").rsplit("\t", 1)[-1]  # the cell just before the figure
    cell = _ROW_TITLE.match(text) or _TITLE_LIST.match(text)
    if cell:  # a row titled by a list of holders: "Founders, team and early investors: 15,000,000"
        return clean_label(cell.group("t"))
    # a cut counts when three letters follow it: when it is at or before the last such run's start
    last_any = max((m.end() - 3 for m in re.finditer(r"[A-Za-z\u3400-\u9fff]{3,}", text)), default=-1)
    last_latin = max((m.end() - 3 for m in re.finditer(r"[A-Za-z]{3,}", text)), default=-1)
    cuts = [m.end() for m in _CUT_LEFT.finditer(text) if m.end() <= last_any]
    cuts += [m.end() for m in _VERB_TO.finditer(text) if m.end() <= last_latin]
    if cuts:
        text = text[max(cuts):]
    numbered = _ROUND_NUMBER.search(text)
    if numbered:  # "Private Sale 1: 5%": the round's number is part of its name
        return clean_label(text[:numbered.end(1)])
    head, tail = text[:-_TRAIL_REACH], text[-_TRAIL_REACH:]  # what trails a label is short: linear time
    return clean_label(head + _TRAIL.sub("", tail))


def _letters(text: str) -> bool:
    return bool(re.search(r"[A-Za-z\u3400-\u9fff]{2}", text))


def _is_money(view: View, n: Number) -> bool:
    s = view.s
    return bool(_MONEY_BEFORE.search(s[max(0, n.start - 5):n.start]) or _MONEY_AFTER.match(s[n.end:n.end + 12]))


_COUNT_ENDS = re.compile(r"\d\s*" + COUNT_UNIT + "$")
_WINDOW = 2000  # characters either side of a figure that its item and clause may span


def _lines(s: str) -> list[tuple[int, int]]:
    """(start, end) of every line of ``s``."""
    starts = [0] + [m.end() for m in re.finditer("\n", s)]
    return [(a, (starts[k + 1] - 1) if k + 1 < len(starts) else len(s)) for k, a in enumerate(starts)]


def _item_bounds(s: str, lines: list[tuple[int, int]], index: int, starts: set[int],
                 furniture: set[int], known: dict[int, bool] | None = None, short: int = 25) -> tuple[int, int]:
    """The item around line ``index``: lines joined until a line starts a new item or a sentence ends.

    ``starts`` are the positions of figures (a line opening with one starts an
    item); ``furniture`` the indices of running headers and footers, which end any item.
    ``known`` keeps the answer per line across calls (each line is read once per page).
    A line shorter than ``short`` (:func:`_short_line`) ends its item: it had room for more.
    """
    known = {} if known is None else known

    def starts_item(k: int) -> bool:
        if k not in known:
            known[k] = _starts_item(k)
        return known[k]

    def _starts_item(k: int) -> bool:
        a, b = lines[k]
        line = s[a:b]
        prev = s[lines[k - 1][0]:lines[k - 1][1]].rstrip() if k else ""
        if k in furniture or k - 1 in furniture or not line.strip() or _MARKER.match(line):
            return True
        if a + len(line) - len(line.lstrip()) in starts:  # a figure opens the line, unless prose runs on into it
            return not _RUNS_ON.search(prev)
        if not prev or prev[-1] in ".:;!?|" or len(prev) < short:
            return True
        # a table row's last cell: "Team 20%", "Helios Labs: 2,000,000,000 HLS"
        return (prev[-1] in "%)" or prev[-1].isdigit() or bool(_COUNT_ENDS.search(prev))) and len(prev) < 60

    first = index
    while first > 0 and not starts_item(first) and index - first < 3:
        first -= 1
    last = index
    while last + 1 < len(lines) and not starts_item(last + 1) and last - index < 3:
        last += 1
    return lines[first][0], lines[last][1]


def _short_line(s: str, lines: list[tuple[int, int]]) -> int:
    """Length under which a line of the page did not wrap: 60 % of a full line (its longest lines but a
    fifth), at least 25 characters."""
    widths = sorted(b - a for a, b in lines if b - a > 0)
    return max(25, int(0.6 * widths[int(0.8 * (len(widths) - 1))])) if widths else 25


def _clause(s: str, ia: int, ib: int, n: Number, others: list[Number],
            other_starts: list[int]) -> tuple[int, int]:
    """The clause of figure ``n`` in its item: from the previous figure or sentence end to the next.

    ``others`` are the page's figures of ``n``'s kind in order, ``other_starts`` their starts.
    """
    i = bisect_left(other_starts, n.start)
    while i > 0 and others[i - 1].end > n.start:  # figures do not overlap; this is a safeguard
        i -= 1
    before = others[i - 1].end if i > 0 and others[i - 1] is not n else -1
    j = bisect_left(other_starts, n.end)
    after = others[j].start if j < len(others) else None
    # sentence ends only matter between the neighbouring figures (plus a little for the lookahead)
    left, right = ia, ib
    for m in _SENTENCE_END.finditer(s, max(ia, before), n.start):
        if not re.match(r"\.\d", s[m.start():m.start() + 2]):
            left = m.end()
    m = _SENTENCE_END.search(s, n.end, ib if after is None else min(ib, after + 64))
    if m and not re.match(r"\.\d", s[m.start():m.start() + 2]):
        right = m.start()
    if left <= before:
        left = before
    if after is not None and after < right:
        right = after
    return left, right


# a row's count and unit just before its share in parentheses: "Team: 150,000,000 ACM (15%)"
_COUNT_OPEN = re.compile(r"[\s:=–—-]*\d[\d,.]{0,20}(?:\s*(?:million|billion|[MBK]\b))?(?:\s*(?:[A-Z]{2,6}|tokens?))?"
                         r"\s*\($")


# all that stands between a row's figure and the next on its line: the unit and a qualifier ("RLC (Max), ")
_SECOND_FIGURE = re.compile(r"\s*(?:[A-Z]{2,6}|tokens?|coins?|million|billion|[MB])?\s*\([^()\d]{1,20}\)\s*[,;/]?\s*",
                            re.I)


# a rate in a row's terms, not its share: "25,000,000 ACM – Pre-sale (25% Bonus)", "(10% discount)"
_RATE_NOTE = re.compile(r"\s*(?:bonus|discount|off\b|APR\b|APY\b)(?=[^()\n]{0,60}\))", re.I)
_UNIT_ENDS_LINE = re.compile(r"[ \t]*" + COUNT_UNIT + r"?[ \t]*\n")


def _choose_side(left: str, right: str, at_start: bool) -> tuple[str | None, str]:
    """Which side of the figure names its holder, and the label read there."""
    label_r, label_l = _right_label(right), _left_label(left)
    in_parens = left.rstrip().endswith("(") and right.lstrip().startswith(")")
    # "Team: 150,000,000 ACM (15%)" ends its row, or its terms follow after a dash ("(15%) - 1 year cliff")
    line_ends = re.match(r"\s*\)[ \t]*(?:[-–—|][^\n]*)?(?:\n|$)", right)
    counted = _COUNT_OPEN.search(left) if in_parens else None
    if counted and not line_ends and not (re.match(r"\s*[:=–—-]", counted.group())
                                          and re.match(r"\s*\)\s*[,;]", right)):
        counted = None  # terms after a comma need the row's colon: "Team: 22,000,000 ORB (22%), vesting ..."
    if (in_parens and re.search(r"\d\s*(?:million|billion|mln\.?|[A-Z]{2,6})?\s*\($", left) and label_r
            and not counted):
        return "right", label_r  # "800 million (80%) tokens for sale to the public"
    head = left[:counted.start()] if counted else ""
    label_c = _left_label(head[head.rfind("\n") + 1:]) if counted else ""  # on the row's own line
    if label_c:
        return "left", label_c  # "Team: 150,000,000 ACM (15%)", "Team: 200M (20%)"
    if in_parens and _letters(left.rstrip()[:-1][-12:]) and label_l:
        return "left", label_l  # "lead donors (5%)"
    if label_l and _VERB_END.search(_TRAIL_SOFT.sub("", left)) and label_kind(label_l) == "holder":
        return "left", label_l  # "the team will receive 20%", "Seed sale tokens constitute 9% of ..."
    lead = right[:len(right) - len(_LEAD.sub("", right, count=1))]
    right_on_next_line = lead.rstrip(" ").endswith("\n") and not re.search(  # "... between the" runs on
        r"\b(?:to|for|by|between|among|amongst|towards|into|the|a|an|our|its|their)\s*$", lead.rstrip(), re.I
    ) or _UNIT_ENDS_LINE.match(right)  # "Helios Labs: 2,000,000,000 HLS" ends its row
    if label_l and right_on_next_line and not at_start:
        return "left", label_l
    if label_l and label_r and label_kind(label_r) == "schedule" and label_kind(label_l) == "holder":
        return "left", label_l  # "Treasury 20% locked for 12 months": the right side is its release
    if (label_l and not at_start and re.match(r"\s*[\-–—|]", right) and label_kind(label_l) == "holder"
            and label_kind(label_r) != "holder"):
        return "left", label_l  # "Team — 15% — locked 12 months": a row's cells, its terms on the right
    if (label_l and clean_label(left[left.rfind("\n") + 1:]) == label_l and label_kind(label_l) == "holder"
            and label_kind(label_r) != "holder"):
        return "left", label_l  # "Team: 20% of the supply, vesting ...": a line's own label, no holder on the right
    if at_start or _CONNECTOR.match(right) or in_parens:
        return ("right", label_r) if label_r else ("left", label_l) if label_l else (None, "")
    if label_r and re.search(r"[,;]\s*(?:and\s+)?$", left) and label_kind(label_r) == "holder":
        return "right", label_r  # a list of "share holder" items: "60% token sale, 20% team, 10% advisors"
    if label_l and (not label_r or label_kind(label_r) != "holder" or label_kind(label_l) == "holder"):
        return "left", label_l
    return ("right", label_r) if label_r else (None, "")


def running_lines(views: list[View]) -> set[str]:
    """Lines printed on many pages (running headers and footers), digits folded: page furniture."""
    seen: dict[str, set[int]] = {}
    for view in views:
        for line in view.s.split("\n"):
            key = _furniture_key(line)
            if len(key) >= 4:
                seen.setdefault(key, set()).add(view.page.number)
    need = max(3, len(views) // 4)
    return {key for key, pages in seen.items() if len(pages) >= need}


def _furniture_key(line: str) -> str:
    return re.sub(r"\d+", "#", line.strip().lower())


# what a release column says of a share ("5% at TGE", "100% unlocked at TGE", "10% vested monthly")
_RELEASE = re.compile(r"\s*(?:(?:is|are|will\s+be)\s+)?(?:at\s+(?:the\s+)?TGE|on\s+TGE|TGE|unlock\w*|vest\w*|"
                      r"released?\b|monthly|quarterly|linear\w*|cliff)", re.I)
_RELEASE_LABEL = re.compile(r"\b(?:TGE|unlock(?:ed)?(?:\s+at\s+TGE)?|initial\s+(?:unlock|release))\s*[:=]\s*$", re.I)
# a count that is the whole the shares divide, not a row's: "Of the 1 billion KLM tokens, 45% ...",
# "20% of the 500,000,000 tokens"
_WHOLE = re.compile(r"\b(?:of|out\s+of)\s+(?:the\s+|all\s+|a\s+total\s+of\s+|total\s+)*$", re.I)


# dot leaders between a label and its figure ("Community ........ 40%"): spacing, not the end of a sentence
_LEADERS = re.compile(r"\.{4,}|(?:\. ){3,}\.?|…{2,}")


def page_shares(view: View, furniture: set[str] = frozenset()) -> list[Share]:
    """Every share mention of one page, in reading order (``furniture``: see :func:`running_lines`)."""
    s = _LEADERS.sub(lambda m: " " * len(m.group()), view.s)  # same offsets, so quotes still come from view.s
    lines = _lines(s)
    line_starts = [a for a, _ in lines]

    def line_of(pos: int) -> int:
        return bisect_right(line_starts, pos) - 1

    skip_lines = {k for k, (a, b) in enumerate(lines) if furniture and _furniture_key(s[a:b]) in furniture}
    columns = _column_legend(view, lines, skip_lines)
    taken = {share.fig_start for share in columns}
    percents = [n for n in view.numbers if n.percent and 0 <= n.value <= 100 and line_of(n.start) not in skip_lines
                and not (_RATE_NOTE.match(s, n.end) and s[:n.start].rstrip().endswith("(")) and n.start not in taken]
    counts = [n for n in view.numbers if not n.percent and n.value >= 1000 and not n.year_like
              and not _is_money(view, n) and line_of(n.start) not in skip_lines]
    starts = {n.start for n in percents + counts}
    percent_starts, count_starts = [n.start for n in percents], [n.start for n in counts]
    item_starts: dict[int, bool] = {}
    short = _short_line(s, lines)
    marker_kinds: dict[int, str | None] = {}
    shares: list[Share] = []
    below_until = -1  # the last line of the label under the previous lone figure
    for n in sorted(percents + counts, key=lambda x: x.start):
        k = line_of(n.start)
        ia, ib = _item_bounds(s, lines, k, starts, skip_lines, item_starts, short)
        ia, ib = max(ia, n.start - _WINDOW), min(ib, n.end + _WINDOW)  # linear on pages of one endless line
        left_bound, right_bound = _clause(s, ia, ib, n, *((percents, percent_starts) if n.percent
                                                          else (counts, count_starts)))
        left, right = s[left_bound:n.start], s[n.end:right_bound]
        same_line = left[left.rfind("\n") + 1:]
        if "\n" in left and _left_label(same_line):
            left = same_line  # a label left of its figure is on the figure's line ("Advisors 5%")
        if left.count("(") > left.count(")") + left.rstrip().endswith("("):
            continue  # inside a parenthesis that annotates the previous row: "(Vesting: 50% at each ...)"
        p = bisect_left(percent_starts, left_bound)
        if not n.percent and p < len(percents) and percents[p].start <= right_bound:
            continue  # the count of a row that states its percentage
        q = bisect_left(percent_starts, n.start)
        if (n.percent and q and percents[q - 1].start >= lines[k][0] and _letters(s[lines[k][0]:percents[q - 1].start])
                and (_RELEASE.match(s[n.end:n.end + 60]) or _RELEASE_LABEL.search(s[max(0, n.start - 30):n.start])
                     or not _letters(s[percents[q - 1].end:n.start]))):
            # a release cell after the row's share: "Ecosystem 35% 5% at TGE ...", "Seed 10% TGE: 5%; ...",
            # "Community 38% 380,000,000 10% 48-month linear" (only figures between the two: one row's cells)
            continue
        if n.percent and CJK.search(right[:12]):
            share = _cjk_share(view, n)
            if share:
                shares.append(share)
            continue
        amount = n.value if not n.percent else None
        amount_end = n.end  # the quote holds the row's count too
        line_a, line_b = lines[k]
        if n.percent:  # the row's count: in its clause and on its line ("Centrality 20% 240,000,000")
            near = counts[bisect_left(count_starts, max(left_bound, line_a)):
                          bisect_left(count_starts, min(right_bound, line_b))]
            # not the whole the shares divide: "Of the 1,000,000,000 ...", "1,000,000,000 ACM are minted: 30% to ..."
            near = [c for c in near if not _WHOLE.search(s[max(0, c.start - 25):c.start])
                    and not (c.end <= n.start and ":" in s[c.end:n.start])]
            amount = near[0].value if len(near) == 1 else None
            amount_end = near[0].end if len(near) == 1 else n.end  # "150,000\n,000": past the line
        head = _QUALIFIER.sub("", s[max(line_a, left_bound):n.start])
        at_start = not _letters(_MARKER.sub("", head)) and not head.rstrip().endswith("(")
        side, label = _choose_side(left, right, at_start)
        if side == "left" and left_bound > line_a and "\n" not in left and _SECOND_FIGURE.fullmatch(left):
            continue  # the row's other figure: "Founders: 15,000,000 RLC (Max), 12,000,000 RLC (Min)"
        if not label and at_start and not _letters(right):  # a figure alone: its label is above or below
            below = below_until == k - 1 or _legend_below(s, lines, k)
            side = "below" if below else "above"
            label, used = _label_line(s, lines, k, 1 if below else -1)
            below_until = used if below else -1
        if not label or not _letters(label) or side is None:
            continue
        clause = s[left_bound:right_bound]
        strong = bool(TOKEN_WORDS.search(clause) or _OF_TICKER.search(clause))
        start, end = n.start, n.end
        if side == "left":
            start = n.start - len(left.lstrip())
        elif side == "right":  # up to the label's last word: what follows on the line may be a release column
            m = re.search(r"\s+".join(map(re.escape, label.split())), s[n.end:right_bound])
            end = n.end + m.end() if m else right_bound - (len(right) - len(right.rstrip()))
        elif side == "above":
            start = max(s.rfind(label.split()[0], max(0, n.start - _WINDOW), n.start), 0)
        else:
            end = s.find(label.split()[-1], n.end, n.end + _WINDOW) + len(label.split()[-1])
        sa, _ = view.sentence(n.start)
        if k not in marker_kinds:
            marker_kinds[k] = _marker_kind(s[line_a:line_b])
        shares.append(Share(view, start, max(end, n.end, amount_end), n.start, n.end, n.value if n.percent else None,
                            amount, label, side, marker_kinds[k], strong,
                            bool(EXAMPLE.search(view.flat[sa:n.start])), bool(_OF_PART.match(right)),
                            re.sub(r"\s+", " ", clause)))
    rest = [_rest_share(view, m) for m in _REST.finditer(s)]
    shares += [r for r in rest if r] + columns
    return sorted(shares, key=lambda x: x.fig_start)


def _label_line(s: str, lines: list[tuple[int, int]], k: int, step: int) -> tuple[str, int]:
    """The short label line(s) next to a figure alone on line ``k``: above (``step`` -1) or below (+1).

    Pie-chart legends and form-like tables print the label on its own line;
    a label broken over lines ("Legal and" / "Accounting") is joined.
    """
    parts: list[str] = []
    j = k + step
    used = k
    while 0 <= j < len(lines) and len(parts) < 3:
        line = s[lines[j][0]:lines[j][1]].strip()
        if not line or re.search(r"\d\s*%", line) or len(line) > 60 or (
                step < 0 and line[-1] in ".;!?"):
            break
        if step < 0:
            parts.insert(0, line)
            joined = re.search(r"^[a-z&,]", parts[0]) is None and not re.search(r"(?:and|&|of|for|to|the|,)$", line)
            used = j
            if joined or line.startswith("%"):
                break
        else:
            if parts and not re.search(r"(?:and|&|of|for|to|the|,)$", parts[-1]) and not re.match(r"[a-z&]", line):
                break
            parts.append(line)
        used = j
        j += step
    text = " ".join(parts)
    text = re.sub(r"^%\s+of\s+(?:the\s+)?(?:tokens|supply)\s+(?:generated|allocated|distributed|issued|created)\s+"
                  r"(?:to|for)\s+", "", text, flags=re.I)
    return clean_label(text), used


_LONE_PERCENT = re.compile(r"\s*(\d{1,3}(?:\.\d{1,4})?)\s*%\s*")
_LEGEND_LABEL = re.compile(r"\s*[A-Za-z][^\d%:.;]{1,40}")


def _column_legend(view: View, lines: list[tuple[int, int]], skip: set[int]) -> list[Share]:
    """A legend printed one column after the other: k short label lines, then k lines that are only a
    percentage (or the figures first), adding up to 100 ("Team / Advisors / Sale / 20% / 10% / 70%").
    Label i goes with figure i; each share quotes the lines from its label to its figure."""
    s = view.s
    kinds = ["skip" if k in skip else "pct" if _LONE_PERCENT.fullmatch(s, a, b) else
             "label" if _LEGEND_LABEL.fullmatch(s, a, b) else "" for k, (a, b) in enumerate(lines)]
    shares, k = [], 0
    while k < len(lines):
        run = k
        while run < len(lines) and kinds[run] == kinds[k] and kinds[k] in ("label", "pct"):
            run += 1
        end = run
        while end < len(lines) and kinds[end] == ("pct" if kinds[k] == "label" else "label"):
            end += 1
        if kinds[k] == "label":  # as many labels as figures, or one more above them: the title
            n = end - run
            labels, figures = range(run - n, run), range(run, run + n)
            fits = run - k in (n, n + 1)
        else:  # as many labels as figures: one more may be a label wrapped onto two lines
            n = run - k
            labels, figures = range(run, run + n), range(k, k + n)
            fits = end - run == n
        if kinds[k] in ("label", "pct") and n >= 2 and fits:
            values = [float(_LONE_PERCENT.fullmatch(s, *lines[j]).group(1)) for j in figures]
            if abs(sum(values) - 100) <= 0.6:
                for i, j, value in zip(labels, figures, values):
                    m = _LONE_PERCENT.fullmatch(s, *lines[j])
                    a, b = lines[i]
                    label = clean_label(s[a:b])
                    shares.append(Share(view, min(a, lines[j][0]), max(b, lines[j][1]), m.start(1), m.end(),
                                        value, None, label, "column", "", False, False,
                                        clause=label))
                k = max(labels[-1], figures[-1]) + 1
                continue
        k = max(run, k + 1)
    return shares


def _legend_below(s: str, lines: list[tuple[int, int]], k: int) -> bool:
    """In a legend of lone figures and short labels, are the labels below their figures?

    Yes when nothing that could be a label is above the first figure: the page
    starts there, a row with a figure ends right above, or the line above is
    the chart's title ("Token distribution", "Use of funds").
    """
    if k == 0 or _has_percent(s, lines, k - 1):
        return True
    return bool(_CHART_TITLE.search(s[lines[k - 1][0]:lines[k - 1][1]]))


def _has_percent(s: str, lines: list[tuple[int, int]], j: int) -> bool:
    """Line ``j`` holds a percentage."""
    return bool(re.search(r"\d\s*%", _QUALIFIER.sub("", s[lines[j][0]:lines[j][1]])))


def _rest_share(view: View, m: re.Match) -> Share | None:
    """"The rest goes to the founding team": a share stated as what the other rows leave."""
    s = view.s
    a, b = view.sentence(m.start())
    after = s[m.end():b]
    label = _right_label(after)
    if not label or label_kind(label) != "holder" or re.match(r"\s*\d", after):
        return None  # no holder, or the share is stated: "the remaining 20% goes to the treasury"
    return Share(view, m.start(), min(b, m.end() + len(after)), m.start(), m.end(), None, None, label, "rest",
                 "", True, bool(EXAMPLE.search(view.flat[a:m.start()])))


_CJK_ROW = re.compile(r"^[^,，。；;]{0,40}?(?:分配给了?|由)(?P<label>[^,，。；;]{2,15}?)(?:持有|[,，。；;])")


def _cjk_share(view: View, n: Number) -> Share | None:
    """A Chinese allocation clause: "约 10% 的...分配给了<label>" or "50% 的...由<label>持有"."""
    s = view.s
    chars = [(i, c) for i, c in enumerate(s[n.end:n.end + 200], n.end) if not c.isspace()]
    compact = "".join(c for _, c in chars)
    m = _CJK_ROW.match(compact)
    if not m:
        return None
    label = m.group("label")
    ico = re.search(r"ICO\d", compact[:m.start("label")])
    if ico:
        label = f"{ico.group()[:3]} {ico.group()[3:]} {label}"
    end = chars[m.end("label") - 1][0] + 1
    return Share(view, n.start, end, n.start, n.end, n.value, None, label, "right", "", True, False)
