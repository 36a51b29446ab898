"""Rules backend, economics half: the vesting terms of each allocation row.

A row's terms come from its own table cell (a release column) when there is
one, otherwise from the vesting sentences around and after the allocation: the
sentence naming the row's label first, then (for insider-like rows) sentences
naming its category's usual words.
"""

from __future__ import annotations

import re

from paperlens.numbers import (STEP_ADVERBS, UNIT_MONTHS, equal_steps, find_months, fractions_as_percents,
                               months_spelled_out, parse_months)
from paperlens.schema import AllocationRow, Evidence, Tokenomics, Vesting
from paperlens.extract.rules.holders import CATEGORIES
from paperlens.extract.rules.text import CJK, COUNT_UNIT, EXAMPLE, View, one_of, words
from paperlens.extract.rules.shares import Share

_BULLET = "•●○▪◦■□➢►*"


_VEST_WORDS = one_of(
    r"\bvest",
    r"\bcliff\b",
    r"\block(?:ed|-up|\s+up|up)\b",
    r"\b(?:months?|years?)[\s-]+lock\b",  # "12-month lock, then 5% per month"
    r"\bunlock",
    r"\brelease",
    r"\bpayouts?\b",
    r"\bstreamed\b",
    r"\b(?:emitted|distributed)\s+over\b",  # "Community incentives are distributed over 5 years"
    r"\b(?:emission|distribution|release)s?\s+(?:period\s+)?(?:will\s+)?(?:last|run|take)s?\b",  # "will last 8 years"
    r"\bto\s+be\s+determined\b",
    r"\bTBD\b",
    r"\bTGE\b",  # "10% at TGE, the rest over 12 months"
    r"\blinear(?:ly)?\b",
    r"\b(?:monthly|quarterly|weekly|daily)\s+(?:\w+\s+){0,2}?over\b",  # "then monthly over 12 months"
    r"\bfrozen\b",
    r"(?:\d\s*%|\b\d/\d{1,2})\s+after\s+(?:the\s+)?(?:first\s+)?\d",  # "1/3 after 6 months, 1/3 after 12 months"
    r"\bnon-?transferable\b",
    r"\b(?:cannot|not)\s+be\s+(?:sold|transferred|traded)\b",
)
_H = r"[\s\-\u2010\u2011\u2013]+"  # hyphens as pypdf extracts them
_DUR = r"(?:(?<!\d)\d{1,6}(?:\.\d{1,4})?|\b[a-z]{1,20}(?:[\-\u2010][a-z]{1,20})?)" + _H + r"(?:months?|years?|days?|weeks?)"
# how tokens are held locked: "locked in a smart contract for 3 months"
_MEANS = r"(?:in|by|into|within|via|through|under)\s+(?:a\s+|an\s+|the\s+)?(?:smart\s+contracts?|escrow|vault|time-?lock)"
_CLIFF = one_of(
    r"(?P<a>" + _DUR + r")" + _H + r"(?:vesting\s+)?cliff",
    r"cliff\s*(?:period\s*)?(?:of\s+|[:=]\s*)?(?P<b>" + _DUR + r")",
    r"(?P<g>" + _DUR + r")" + _H + r"lock(?:-?up|ed)?\b(?!\s+schedule)",  # "a 4-year lockup schedule" is the whole
    r"locked\s+(?:up\s+)?(?:" + _MEANS + r"\s+)?(?:for\s+)?(?:(?:the\s+)?first\s+|a\s+period\s+of\s+)?(?P<c>" + _DUR + r")",
    r"(?:begin|start)s?\s+after\s+(?P<d>" + _DUR + r")",
    r"first\s+(?P<h>" + _DUR + r")\s+(?:is\s+|are\s+|being\s+)?(?:all\s+|fully\s+)?locked",
    r"nothing\s+is\s+released\s+for\s+the\s+first\s+(?P<e>" + _DUR + r")",
    r"(?:prohibits|no)\s+[\w\s]{0,25}?transfers?\s+for\s+(?P<f>" + _DUR + r")",
    r"lock(?:-|\s)?up\s+period\s*(?:of\s+|[:=]\s*)(?P<i>" + _DUR + r")",
    r"(?:non-?transferable|frozen|(?:cannot|not)\s+be\s+(?:sold|transferred|traded))\s+for\s+"
        r"(?:the\s+first\s+|a\s+period\s+of\s+)?(?P<j>" + _DUR + r")",
    # "unlocks 25% after 12 months, the rest monthly", "starting 6 months after TGE"
    r"(?:unlock(?:s|ed|ing)?|releas(?:e|es|ed|ing)|vests?|vesting)\s+(?:\d{1,2}(?:\.\d+)?\s*%\s+)?after\s+(?:the\s+)?"
        r"(?:first\s+(?=\d))?(?P<k>" + _DUR + r")",  # "... after the first 6 months", "... after the first year"
    # "starting 6 months after TGE", "beginning 12 months after listing"
    r"(?:start(?:ing|s)?|begin(?:ning|s)?|commenc(?:ing|es))\s+(?P<l>" + _DUR + r")\s+after\b",
    r"(?<![\d.])\d{1,2}(?:\.\d+)?\s*%\s+after\s+(?:the\s+)?(?:first\s+(?=\d))?(?P<o>" + _DUR + r")",  # "20% after 12 months"
    # "with the first release 6 months after the token sale"
    r"\bfirst\s+(?:release|unlock|tranche|payout)\s+(?:is\s+|will\s+be\s+)?(?P<z>" + _DUR + r")\s+after\b",
    # "with no tokens unlocking in the first year"
    r"\bno\s+tokens?\s+(?:are\s+|will\s+be\s+)?(?:unlock\w*|release\w*|vest\w*)\s+(?:in|during|for|within)\s+"
        r"the\s+(?:first\s+(?=\d))?(?P<n>" + _DUR + r")",
    # "25% at month 12"
    r"(?<![\d.])\d{1,2}(?:\.\d+)?\s*%\s+(?:is\s+|are\s+)?(?:\w+\s+)?(?:at|in|on)\s+month\s+(?P<m>\d{1,2})\b",
)
_DURATION = one_of(
    r"(?:vest\w*|released|distributed|unlock(?:ed|s)?|streamed|emitted|payouts?|(?:the\s+)?(?:rest|remainder))"
        r"(?:\s+(?!lock|frozen)[\w,]+){0,5}?\s+"  # "the remainder will be locked up for one year" is a lock
        r"(?:over|for|during|within)\s+(?:a\s+period\s+of\s+|the\s+(?:next|following)\s+|an?\s+)?"
        r"(?P<a>" + _DUR + r")(?P<total>\s+total)?",
    # "36 months of linear vesting", "a 4-year total vesting period"
    r"(?P<c>" + _DUR + r")\s+(?:of\s+)?(?P<overall>total\s+)?(?:linear\s+|monthly\s+)?vesting",
    r"vesting\s*(?:period\s*)?(?:[:=]\s*|of\s+|(?=\d))(?P<e>" + _DUR + r")",
    r"fully\s+vested\s+(?:in|after|within)\s+(?P<f>" + _DUR + r")",
    # "linear over 48 months", "linear monthly unlock over 24 months"
    r"(?:unlocks?|unlocking|linear(?:ly)?|monthly|quarterly|weekly|daily)(?:\s+\w+){0,2}?\s+over\s+(?:an?\s+)?"
        r"(?P<g>" + _DUR + r")",
    r"(?P<d>" + _DUR + r")\s+(?:of\s+)?(?:(?:daily|weekly|monthly|quarterly)\s+)?linear",  # "24 months of linear unlock"
    r"\blinear(?:ly)?\s*[:=]?\s*(?P<x>" + _DUR + r")",  # a table's "linear: 9 months"
    # "the emission will last 8 years", "the release takes 24 months"
    r"\b(?:emission|distribution|release|vesting|unlock)s?\s+(?:period\s+)?(?:will\s+)?(?:last|run|take)s?\s+"
        r"(?:for\s+)?(?:about\s+|approximately\s+)?(?P<y>" + _DUR + r")",
    # "released in 24 monthly installments"
    r"\bin\s+(?P<n>\d{1,2})\s+(?:equal\s+)?(?P<per>monthly|quarterly)\s+"
        r"(?:instal?lments|tranches|releases|payments|portions)",
)
_TGE = one_of(
    r"(?P<p>\d+(?:\.\d+)?)\s*%\s*(?:of\s+(?:the\s+|their\s+)?\w+\s+)?(?:is\s+|are\s+|will\s+be\s+|being\s+)?"
        r"(?:unlocked|released|available|liquid|unlock)\s+(?:at|on|upon|(?:right\s+)?after)\s+(?:the\s+)?"
        r"(?:TGE|launch|listing|token\s+generation|genesis|(?:token\s+)?sale)",
    r"unlock\s+(?P<q>\d+(?:\.\d+)?)\s*%\s+(?:at|on|upon)\s+(?:the\s+)?(?:TGE|launch|listing|genesis)",
    r"(?P<r>\d+(?:\.\d+)?)\s*%\s*(?:at\s+|on\s+)?(?:the\s+)?(?:TGE|listing)\b",
    r"\b(?:TGE|TGE\s+unlock|unlock\s+at\s+TGE)\s*[:=]?\s*(?P<s>\d+(?:\.\d+)?)\s*%",  # "TGE: 5%; cliff: 6 months"
    r"(?P<t>\d+(?:\.\d+)?)\s*%\s+(?:initial|upfront|immediate)\s+(?:unlock|release)",  # "25% initial unlock"
    r"(?:initial|upfront)\s+(?:unlock|release)\s*(?:of\s+|[:=]\s*)(?P<u>\d+(?:\.\d+)?)\s*%",  # "initial unlock of 10%"
    r"(?P<zero>(?:nothing|no\s+tokens)\s+(?:(?:is|are)\s+)?(?:(?:released|unlocked)\s+)?at\s+(?:the\s+)?"
        r"(?:TGE|launch|genesis))",
    r"(?P<full>fully\s+unlocked(?:\s+at\s+(?:the\s+)?(?:TGE|launch|listing|token\s+generation|genesis))?)",
)
# a lock whose tokens come out in steps during it: "locked up for 2 years, with 1/5 unlocked every 6 months"
_SPREAD = re.compile(r",?\s+with\b[^.;]{0,120}?\b(?:released|unlocked|unlocking|vesting|available)\b[^.;]{0,60}?"
                     r"\b(?:every|each|in\s+batches|monthly|quarterly|annually|yearly|starting)\b", re.I)
_AT_START = re.compile(r"\b(?:available|released|unlocked|liquid)\s+(?:right\s+)?(?:after|at|upon|on)\s+(?:the\s+)?"
                       r"(?:token\s+sale|sale|TGE|launch|listing|genesis|token\s+generation)\b", re.I)
# a lock on a part of the row only: "50% of the tokens locked for 6 months" (not "100% of which")
_PART_LOCKED = re.compile(r"(?<![\d.])(?!100\b)\d{1,2}(?:\.\d+)?\s*%[^.;%]{0,40}?\block", re.I)
# the cliff said right after the whole duration: "over 4 years with a 1-year cliff", "Vesting: 4 years, 1-year cliff"
_WITH_CLIFF = re.compile(r"(?:,?\s+(?:schedule\s+|period\s+|plan\s+)?with\s+(?:a\s+|an\s+)?|,\s+(?:a\s+|an\s+)?)" + _DUR
                         + _H + r"cliff", re.I)
# a release by equal steps, whose count gives the duration: "25% every 6 months", "in 4 equal parts every quarter"
_STEP = (r"(?P<step>(?:every|each|per|a)\s+(?P<n>(?:\d{1,2}|two|three|six|twelve)[\s-]+)?"
         r"(?P<unit>months?|quarters?|years?)|(?P<adverb>" + "|".join(STEP_ADVERBS) + r"))\b"
         r"(?:\s+(?:interval|period))?")  # "each 6-month interval", "then 10% monthly"
_COUNTS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "eight": 8, "ten": 10, "twelve": 12}
_RELEASED = r"(?:released|unlocked|vested|distributed|unlocks?|vests?|releases?)"
# a release in steps, each stated: "1/3 after 6 months, 1/3 after 12 months, 1/3 after 18 months"
_STEP_AFTER = re.compile(r"(?<![\d.])(?P<pct>\d{1,2}(?:\.\d+)?)\s*%\s+after\s+(?:the\s+)?(?:first\s+)?"
                         r"(?P<d>" + _DUR + r")", re.I)
# a share released each step, said so by a verb before or after it ("unlock 25% every 6 months", "then 10% per
# month", "25% is released every quarter"), or a count of equal parts
_RATE = re.compile(
    r"(?:(?P<lead>(?:" + _RELEASED + r"(?:\s+at)?|\bthen|\bvesting\s*:)\s+)?(?<![\d.])(?P<pct>\d{1,2}(?:\.\d+)?)\s*%\s*"
    r"(?:of\s+[^.;%\d]{0,40}?\s+)?(?:(?:is|are|will\s+be)\s+)?(?P<verb>" + _RELEASED + r"\s+)?(?:at\s+)?"
    r"|\bin\s+(?P<parts>\d{1,2}|two|three|four|five|six|eight|ten|twelve)\s+equal\s+(?:\w+\s+)?"
    r"(?:parts|portions|instal?lments|tranches|batches|releases)\s+)" + _STEP, re.I)
_CJK_LOCK = re.compile(r"锁\s*定\s*(?P<d>\d+(?:\.\d+)?\s*(?:个月|月|年|周|天))")
_FREQ = one_of(
    r"\b(monthly|quarterly|weekly|daily|annually|every\s+(?:\w+\s+)?(?:months?|weeks?|days?|quarters?|years?))\b",
)
# the usual words of each insider-like category, for vesting sentences that name no row
_CATEGORY_WORDS = {"team": ["team", "founder", "employee", "core dev"],
                   "advisors": ["advisor", "adviser"],
                   "private_investors": ["presale", "pre-sale", "private", "seed", "investor"],
                   "reserve": [r"reserve\b", "foundation", "treasury", "company"]}
_INSIDER_LIKE = tuple(_CATEGORY_WORDS)
_LEAD = re.compile(r"^[\s\-–—|:.,%\d" + _BULLET + r"]+")  # list markers and figures before a label
# a sentence that speaks of the row named just before it: "These tokens are subject to ..."
_ANAPHOR = one_of(
    r"^\W*(?:[^,.]{0,60},\s*)?(?:these|those|such|this|said)\s+(?:\w+\s+)?(?:tokens?|coins?|portion|allocation|pool)\b",
    r"^\W*(?:they|it)\s+(?:will|shall|are|is)\b",
    r"^\W*(?:the\s+)?(?:remainder|rest|remaining\s+(?:tokens|amount|portion))\b",  # "The remainder will be locked ..."
)
# a sentence about part of what the one before names ("Of this allocation, a maximum of 10% ..."): walked over
# back to the sentence naming the row, not read as the row's terms itself (the part is not the whole row)
_OF_THIS = re.compile(r"^\W*of\s+(?:this|these|that|which)\b", re.I)
# locks of the product, not of an allocation: "staked tokens are locked for 7 days"
_PRODUCT_LOCK = words(
    r"stak(?:e|es|ed|ing|ers?)",
    r"collateral",
    r"deposit(?:s|ed)?",
    r"users?",
)
_INSIDER_WORDS = words(
    r"team",
    r"founders?",
    r"employees?",
    r"advis[oe]rs?",
    r"core\s+dev\w*",
)


# the row's token count in the cell after a sentence, ending its line: the sentence is a cell of that row
_ROW_COUNT_NEXT = re.compile(r"\s\d{1,3}(?:,\d{3}){2,}\s*" + COUNT_UNIT + r"?[ \t]*(?:\n|$)")
# a row's unit after its count, no release cell: "Investors: 2,500,000,000 HLS"
_UNIT_CELL = re.compile(r"\s*(?!TBD\b)" + COUNT_UNIT + r"\s*")


def _vesting_sentences(block: list[Share], views: list[View]) -> list[tuple[str, Evidence, View, int, int]]:
    """The sentences around and after the allocation that hold vesting words, with their spans."""
    first, last = block[0], block[-1]
    plain = {v.page.number: v for v in views}
    if first.view is not plain.get(first.page, first.view):  # rows read from a table page's layout text
        windows = [(first.view, 0, len(first.view.flat)), (plain[first.page], 0, len(plain[first.page].flat))]
    else:
        windows = [(first.view, max(0, first.start - 300), len(first.view.flat))]
    following = [v for v in views if v.page.number == last.view.page.number + 1]
    if last.view is not first.view:
        windows.append((last.view, 0, len(last.view.flat)))
    if following:
        windows.append((following[0], 0, min(len(following[0].flat), 3000)))
    sentences: list[tuple[str, Evidence, View, int, int]] = []
    for view, a, b in windows:
        pos = a
        while pos < b:
            m = _VEST_WORDS.search(view.flat, pos, b)
            if not m:
                break
            sa, sb = view.sentence(m.start())
            text, ev = view.flat[sa:sb].strip(), view.span_evidence(sa, sb)
            if not sentences or sentences[-1][0] != text:
                sentences.append((text, ev, view, sa, sb))
            pos = max(sb, m.end())
    return sentences


def fill_vesting(t: Tokenomics, block: list[Share], views: list[View]) -> None:
    """Attach a :class:`Vesting` to each allocation row of ``t`` whose terms the paper states.

    ``block`` holds the rows :func:`.allocation.fill_allocation` kept, in
    the order of ``t.allocation``.
    """
    sentences = _vesting_sentences(block, views)
    leads = [_LEAD.sub("", x[0]) for x in sentences]  # each sentence without its marker or figure
    pages = {block[0].page, block[-1].page, block[-1].page + 1}
    tables = _release_tables([v for v in views if v.page.number in pages])
    for row, source in zip(t.allocation, block):
        if CJK.search(row.label):
            a, b = source.view.sentence(source.start)
            vesting = _parse_vesting(source.view.flat[a:b])
            if vesting is not None:
                vesting.evidence = source.view.span_evidence(a, b)
                row.vesting = vesting
            continue
        vesting = _table_terms(row, tables) if tables else None
        if vesting is not None:  # the row's line of a release table
            row.vesting = vesting
            continue
        view = source.view
        tail = view.s[source.end:].split("\n", 1)[0]
        own_line = view.s[source.start:source.end] + tail  # "18% to investors with 4-year vesting 180,000,000"
        vesting = _parse_vesting(own_line) if _VEST_WORDS.search(view.s, source.start, source.end) else None
        if vesting is not None:
            vesting.evidence = view.evidence(source.start, source.end + len(tail.rstrip()))
            row.vesting = vesting
            continue
        label_left = re.search(r"[A-Za-z]{3}", view.s[source.start:source.end])
        if (label_left and re.search(r"[A-Za-z]{3}", tail) and len(tail) < 80 and not _UNIT_CELL.fullmatch(tail)
                and not re.match(r"\s*(?:[,;(]|(?:of|to|for|in|and|is|are|were|was|will|at|which|with|by|as|from"
                                 r"|that|who|distributed|transferred|sent|deposited|held|kept|stored)\b)", tail)):
            vesting = _parse_vesting(tail)
            if vesting is not None:
                vesting.evidence = view.evidence(source.start, source.end + len(tail.rstrip()))
                row.vesting = vesting
                continue
            if not re.match(r"\. (?=[A-Z])", tail):  # a column gap is a tab: "Acme Ltd.<tab>Reserve"
                continue  # the table has a release column: its cell is the answer
            a, b = _cell(source, block)  # a cell wrapped onto the lines below: "15%. Automatically locked for"
            vesting = _parse_vesting(view.flat[a:b])
            if vesting is not None:
                vesting.evidence = view.span_evidence(a, b)
                row.vesting = vesting
                continue
        own = _own_word(row)
        label = row.label.lower()
        stars = sorted(set(re.findall(r"\*+", row.evidence.quote if row.evidence else "")))
        # a row with one footnote mark ("Staff***") reads the footnote with that mark ("*** Staff tokens ...")
        mark = re.compile(re.escape(stars[0]) + r"(?!\*)" if len(stars) == 1 else r"\*")
        short = re.sub(r"\s*\([^()]*\)", "", label).strip()  # "public sale (ido)": "Public sale tokens are ..."
        ranked = [(x, lead) for x, lead in zip(sentences, leads)
                  if lead.lower().startswith(label) or len(short) > 3 and lead.lower().startswith(short)]
        ranked += [(x, lead) for x, lead in zip(sentences, leads) if _in_paragraph(x, source, block, label)]
        ranked += [(x, lead) for x, lead in zip(sentences, leads) if stars and mark.match(x[0])]
        if row.category in _INSIDER_LIKE:
            usual = re.compile(r"\b(?:" + "|".join(_CATEGORY_WORDS[row.category]) + r")", re.I)
            named = re.compile(r"\b(?:" + "|".join(_CATEGORY_WORDS[row.category] + ([re.escape(own)] if own else []))
                               + r")", re.I)
            ranked += [(x, lead) for x, lead in zip(sentences, leads) if own and own in x[0].lower()
                       and _owned_by(x, source, block, named)]
            ranked += [(x, lead) for x, lead in zip(sentences, leads) if usual.search(x[0])
                       and _owned_by(x, source, block, named)]
        for sentence, rest in ranked:
            rest = rest[len(label):] if rest.lower().startswith(label) else rest
            if row.category not in _INSIDER_LIKE and _INSIDER_WORDS.search(rest):
                continue  # "87% ICO Participants The team tokens will vest over two years": the team's terms
            vesting = _parse_vesting(sentence[0])
            if vesting is not None:
                row.vesting = _read_on(vesting, sentence, block)
                break


_TERMS_GO_ON = 90  # a sentence this short after a row's terms may state more of them ("12-month cliff.")


def _stated(v: Vesting) -> set[str]:
    """The terms ``v`` states; not a TGE share of nothing guessed from a cliff read alone."""
    return {k for k in ("tge_unlock_pct", "cliff_months", "vesting_months") if getattr(v, k) is not None
            and not (k == "tge_unlock_pct" and v.shape == "cliff")}


def _read_on(vesting: Vesting, sentence: tuple[str, Evidence, View, int, int], block: list[Share]) -> Vesting:
    """``vesting`` with what the short sentences right after ``sentence`` add to it, and its evidence: terms
    said one at a time ("Team: 10% at TGE. 12-month cliff. 24-month linear vesting."). A sentence naming a
    holder or a row, or changing a term already read, ends them."""
    _, evidence, view, sa, sb = sentence
    rows = [s.label.lower() for s in block if len(s.label) > 3]
    for _ in range(3):
        after = view.next_sentence(sb)
        if after is None:
            break
        text = view.flat[slice(*after)].strip()
        if (len(text) > _TERMS_GO_ON or EXAMPLE.search(text) or _PRODUCT_LOCK.search(text)
                or any(p.search(text) for _, p in CATEGORIES) or any(r in text.lower() for r in rows)):
            break
        more = _parse_vesting(view.flat[sa:after[1]])
        said = _stated(vesting)
        if more is None or any(getattr(more, k) != getattr(vesting, k) for k in said) or not _stated(more) - said:
            break
        vesting, sb, evidence = more, after[1], view.span_evidence(sa, after[1])
    vesting.evidence = evidence
    return vesting


# a release table's column titles ("Category | TGE unlock | Cliff | Vesting"): what each value column holds
_COLUMNS = [
    ("tge", re.compile(r"\bTGE\b|\binitial\s+(?:unlock|release)\b", re.I)),
    ("cliff", re.compile(r"\bcliff\b|\block[- ]?up\b", re.I)),
    ("vesting", re.compile(r"\bvesting\b|\bduration\b|\brelease\s+period\b", re.I)),
]
# a cell of such a table: a share, a duration, or nothing ("none", "-", "0")
_TABLE_CELL = re.compile(r"(?P<pct>\d{1,3}(?:\.\d+)?)\s*%"
                         r"|(?P<n>\d{1,3}(?:\.\d+)?)[\s-]*(?P<unit>months?|mos?|years?|yrs?)\b"
                         r"|(?P<none>\bnone\b|\bn/?a\b|(?<![\w%])[-–—](?![\w-])|(?<![\w.%])0(?![\w.%]))", re.I)


def _release_tables(views: list[View]) -> list[tuple[View, list[str], int]]:
    """Every release table: its view, its value columns' kinds in order, and where its rows start."""
    found = []
    for view in views:
        pos = 0
        for line in view.s.split("\n"):
            pos += len(line) + 1  # where the next line starts
            if len(line) > 90 or re.search(r"\d", line):
                continue
            kinds = sorted((m.start(), kind) for kind, p in _COLUMNS for m in [p.search(line)] if m)
            if len(kinds) >= 2:
                found.append((view, [kind for _, kind in kinds], pos))
    return found


def _table_terms(row: AllocationRow, tables: list[tuple[View, list[str], int]]) -> Vesting | None:
    """The row's line of a release table ("Team | 0% | 12 months | 36 months"), read by its column titles."""
    line = re.compile(r"^[ \t|•\-]*" + re.escape(row.label) + r"\b(?P<rest>[^\n]*)", re.I | re.M)
    for view, kinds, rows_at in tables:
        m = line.search(view.s, rows_at, rows_at + 1500)
        if not m:
            continue
        cells = list(_TABLE_CELL.finditer(m.group("rest")))
        if len(cells) > len(kinds) and cells[0].group("pct") and float(cells[0].group("pct")) == row.percent:
            cells = cells[1:]  # the row's share, in a table of shares and terms
        if kinds[0] == "tge" and len(cells) > len(kinds) and cells[0].group("pct"):
            # the terms in words under one title: "0% | 12-month cliff, 36-month linear"
            v = _parse_vesting(m.group("rest")[cells[0].end():]) or Vesting()
            v.tge_unlock_pct = float(cells[0].group("pct"))
            v.evidence = view.evidence(m.start("rest") - len(row.label), m.end())
            return v
        if len(cells) != len(kinds) or any(bool(c.group("n")) if k == "tge" else bool(c.group("pct"))
                                            for k, c in zip(kinds, cells)):
            continue  # a share under a duration's title, or the reverse: the columns are not these
        v = Vesting()
        for kind, cell in zip(kinds, cells):
            if kind == "tge":
                v.tge_unlock_pct = float(cell.group("pct") or 0)
            elif cell.group("n"):
                setattr(v, f"{kind}_months", parse_months(cell.group("n") + " " + cell.group("unit")))
            elif cell.group("none"):
                setattr(v, f"{kind}_months", 0.0)
        if v.tge_unlock_pct is None and not v.cliff_months and not v.vesting_months:
            continue
        if v.vesting_months and re.search(r"\blinear(?:ly)?\b", m.group("rest"), re.I):
            v.shape = "linear"
        v.evidence = view.evidence(m.start("rest") - len(row.label), m.end())
        return v
    return None


def _cell(source: Share, block: list[Share]) -> tuple[int, int]:
    """Span of the sentence after the row's figure, cut before the next row of the block."""
    view = source.view
    a = source.end + len(view.flat[source.end:]) - len(view.flat[source.end:].lstrip(" .:-–\n"))
    b = view.sentence(a)[1]
    end = re.search(r"[.;](?=\s)", view.flat[a:b])
    b = a + end.end() if end else b
    for other in block:
        if other.view is view and a <= other.start < b:
            b = other.start
    return a, b


def _in_paragraph(sentence: tuple[str, Evidence, View, int, int], source: Share, block: list[Share],
                  label: str) -> bool:
    """Whether ``sentence`` is part of the row's own paragraph: after its figure and before the next row's
    ("25% Founding team ... The CPC will be locked up for 3 years 35% Community"), or, for the last row
    of prose, a "These tokens ..." sentence after it; or a "These tokens ..." sentence after one that
    starts with the row's label ("Founding team - This team comprises ... These tokens ..."), or that names
    the row with its share and no other row, back over up to two more such sentences ("The final 30% ...
    to the company. Of this allocation, ... The remainder will be locked up ...")."""
    text, _, view, sa, sb = sentence
    if EXAMPLE.search(text) or _PRODUCT_LOCK.search(text):
        return False
    if view is source.view and source.fig_start < sa <= source.end + 1000:
        later = [s for s in block if s.view is view and s.fig_start > source.fig_start]
        if not [s for s in later if s.fig_start < sa]:
            named = [s.label.lower() for s in block if s is not source and len(s.label) > 3]
            if any(name in text.lower() and name not in label for name in named):
                return False  # names another row
            if any(s.fig_start >= sb for s in later) or _ROW_COUNT_NEXT.search(view.s[sa:sb + 12]):
                return True  # before the next row, or a cell before the row's own count ("... 122,900,000 RKT")
            row_sentence = view.flat[slice(*view.sentence(source.fig_start))]
            return bool(_ANAPHOR.match(text)) and len(row_sentence.split()) >= 8
    if not _ANAPHOR.match(text) or sa == 0:
        return False
    pa, pb = view.sentence(sa - 1)
    for _ in range(2):  # "Of this allocation, 10% ... . The remainder ...": back to where the chain starts
        before = view.flat[pa:pb].strip()
        if pa == 0 or not (_ANAPHOR.match(before) or _OF_THIS.match(before)):
            break
        pa, pb = view.sentence(pa - 1)
    origin = _LEAD.sub("", view.flat[pa:pb].strip()).lower()
    if [s for s in block if s.view is view and pa <= s.fig_start < pb]:
        return False
    share = re.escape(f"{source.percent:g}") if source.percent is not None else None
    return origin.startswith(label) or (  # "The final 30% of tokens are allocated to the CommerceBlock company."
        share is not None and re.search(rf"\b{re.escape(label)}\b", origin) is not None
        and re.search(rf"(?<![\d.]){share}\s*%", origin) is not None
        and not any(s.label.lower() in origin for s in block if s is not source and len(s.label) > 3))


def _owned_by(sentence: tuple[str, Evidence, View, int, int], source: Share, block: list[Share],
              named: re.Pattern[str]) -> bool:
    """False when the sentence holds rows of the block and its vesting words are another row's:
    they follow that row's figure with no word ``named`` of this row in between ("10M to the team
    (vesting over 2 years)" is not the terms of "additional team members"), or precede every figure."""
    _, _, view, sa, sb = sentence
    held = [s for s in block if s.view is view and sa <= s.fig_start < sb]
    if not held:
        return True
    m = _VEST_WORDS.search(view.flat, sa, sb)
    before = [s for s in held if m and s.fig_start < m.start()]
    if not before:
        return False
    return before[-1] is source or bool(named.search(view.flat, before[-1].end, m.start()))


def _own_word(row: AllocationRow) -> str | None:
    """The term that put the row in its category."""
    for category, pattern in CATEGORIES:
        m = pattern.search(row.label)
        if m and category == row.category:
            return m.group().lower()
    return None


def _count(word: str) -> int:
    return int(word) if word.isdigit() else _COUNTS[word.lower()]


def _step_months(m: re.Match) -> int:
    """The length of one step of a release by equal steps (:data:`_RATE`), in months."""
    if m.group("adverb"):
        return STEP_ADVERBS[m.group("adverb").lower()]
    return UNIT_MONTHS[m.group("unit").lower().rstrip("s")] * _count((m.group("n") or "1").strip(" -"))


def _stepped(m: re.Match, tge: float) -> float | None:
    """Months a release by equal steps takes (:data:`_RATE`): steps times the step's length."""
    step = _step_months(m)
    if m.group("parts"):
        return float(step * _count(m.group("parts")))
    steps = equal_steps(float(m.group("pct")), tge)
    return None if steps is None else float(step * steps)  # "30% every 6 months" is no whole number of steps


def _clause_start(text: str, pos: int) -> int:
    """Where the clause holding ``pos`` starts: after the last comma, semicolon or full stop before it."""
    return max(text.rfind(mark, 0, pos) for mark in (", ", "; ", ". ")) + 1


def _parse_vesting(text: str) -> Vesting | None:
    """Cliff, duration, TGE unlock, shape and frequency stated in one sentence, or None."""
    # "1/5th being unlocked" reads as "20% being unlocked", "6m cliff" as "6 months cliff"
    text = months_spelled_out(fractions_as_percents(text))
    v = Vesting()
    m = cliff = _CLIFF.search(text)
    spread = None
    if m:
        v.cliff_months = float(m.group("m")) if m.group("m") else parse_months(next(g for g in m.groups() if g))
        first = _CLIFF.search(text, m.end()) if m.group("c") or m.group("g") else None
        inner = first and (first.group("h") or first.group("n"))  # "..., with the first 6 months locked"
        if (m.group("c") or m.group("g")) and (_SPREAD.match(text, m.end())
                                               or inner and (parse_months(inner) or 0) < v.cliff_months):
            # the lock is the whole release period; its cliff is what the clause says of its start
            spread, v.cliff_months = v.cliff_months, None
            if inner:
                v.cliff_months = parse_months(inner)
                spread -= v.cliff_months
            elif not _AT_START.search(text, m.end()):
                spread = None  # "with the first year all locked": no figure for the cliff, no terms
    m = _CJK_LOCK.search(text)
    if m and v.cliff_months is None:
        v.cliff_months = parse_months(m.group("d"))
    m = _DURATION.search(text)
    if m:
        months = (float(m.group("n")) * (3 if m.group("per") == "quarterly" else 1) if m.group("n")
                  else parse_months(next(g for g in (m.group(k) for k in "acdefgxy") if g)))
        # "over 4 years with a 1-year cliff", "vested over four years, with 25% vesting after the first year"
        total = (m.group("total") or m.group("overall") or m.group("f") or _WITH_CLIFF.match(text, m.end())
                 or (cliff and (cliff.group("k") or cliff.group("z")) and cliff.start() > m.start() and m.group("a")
                     and not re.match(r"(?:the\s+)?(?:rest|remainder)", m.group(0), re.I)))
        if months is not None and total and v.cliff_months and months > v.cliff_months:
            months -= v.cliff_months  # "over 4 years with a 1-year cliff": the cliff is inside
        v.vesting_months = months
    elif spread:
        v.vesting_months = spread
    m = tge = _TGE.search(text)
    if m:
        v.tge_unlock_pct = (0.0 if m.group("zero") else 100.0 if m.group("full")
                            else float(next(g for g in (m.group(k) for k in "pqrstu") if g)))
    m = _FREQ.search(text)
    if m:
        v.frequency = m.group(1).lower()
    steps = list(_STEP_AFTER.finditer(text))
    ends = [parse_months(m.group("d")) for m in steps]
    if (len(steps) >= 2 and v.vesting_months is None and None not in ends and ends == sorted(ends)
            and abs(sum(float(m.group("pct")) for m in steps) + (v.tge_unlock_pct or 0.0) - 100) < 1):
        v.cliff_months, v.vesting_months, v.shape = ends[0], ends[-1] - ends[0], "step"
    m = next((m for m in _RATE.finditer(text) if m.group("lead") or m.group("verb") or m.group("parts")
              or re.match(r"\s+thereafter\b", text[m.end():])  # "and 25% every 6 months thereafter"
              or (tge and m.start() >= tge.end())), None)  # "10% at TGE, 10% monthly"
    if m and v.vesting_months is None:
        # the share the cliff itself releases ("25% at month 12, then 6.25% quarterly") is no step
        at_cliff = cliff and cliff.start() < m.start() and re.search(r"(?<![\d.])(\d{1,2}(?:\.\d+)?)\s*%",
                                                                     cliff.group())
        v.vesting_months = _stepped(m, (v.tge_unlock_pct or 0.0) + (float(at_cliff.group(1)) if at_cliff else 0.0))
        v.frequency = v.frequency or m.group("step").lower()
        step = _step_months(m)
        if v.vesting_months and v.cliff_months is None and not v.tge_unlock_pct and step >= 3:
            # nothing comes out before the first step: "25% every 6 months" is a 6-month cliff, then 18 months
            v.cliff_months, v.vesting_months = float(step), v.vesting_months - step
        elif (v.vesting_months and not at_cliff and cliff and v.cliff_months and cliff.start() < m.start()
              and m.group("pct")
              and re.search(r"(?<![\d.])" + re.escape(m.group("pct")) + r"\s*%",
                            text[_clause_start(text, cliff.start()):cliff.end()])):  # "25% after 6 months"
            v.vesting_months -= step  # "25% after 6 months, and 25% every 6 months thereafter": the cliff is a step
    if re.search(r"\blinear(?:ly)?\b|\bevenly\b|\bpro[- ]rata\b|\bstreamed\b", text, re.I):
        v.shape = "linear"
    elif v.frequency and (v.vesting_months or re.search(r"\d\s*%\s*(?:every|each|per)\b", text)):
        v.shape = "step"
    elif v.cliff_months and not v.vesting_months and len(find_months(text)) <= 1:
        # all at once when the cliff ends, only if no other duration is stated
        # ("begin after 3 months and take 6 months to 1 year": the end is open)
        v.shape = "cliff"
        if v.tge_unlock_pct is None and not _PART_LOCKED.search(text):
            v.tge_unlock_pct = 0.0  # the whole row is locked until the cliff ends
    if re.search(r"\bto\s+be\s+determined\b|\bTBD\b", text):
        v.tbd = True
    if v.cliff_months is None and v.vesting_months is None and v.tge_unlock_pct is None and not v.tbd:
        return None
    if re.search(r"\bTGE\b|token\s+generation", text):
        v.start = "TGE"
    elif re.search(r"\bgenesis\b", text, re.I):
        v.start = "genesis"
    return v
