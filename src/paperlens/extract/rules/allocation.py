"""The allocation of the token supply: the share mentions that add up.

Shares (:mod:`.shares`) are many: vesting steps, bonus tiers, use-of-proceeds
splits and worked examples look just like allocation rows. The allocation is
the run of nearby shares, in reading order, that

* adds up: percentages to 100 (within 0.6 points), or token counts to a
  stated supply;
* names holders (:func:`.holders.label_kind`), not spending items or the steps
  of a schedule;
* divides tokens, not money: the nearest heading or sentence before it speaks
  of tokens, supply or distribution rather than funds, proceeds or budget;
* is one list: rows share a list marker and a side of the figure, and
  sub-breakdowns of a row (a row followed by rows that add up to it, marked
  differently) are not rows;
* agrees with itself: where rows give both a percent and a count, every row
  implies the same supply.

Runs are searched with skips (a vesting figure inside the table is passed
over); each complete run gets a score from these tests and the best one wins.
A second complete allocation with other figures is reported as a conflict.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from paperlens.numbers import value_in_text
from paperlens.schema import AllocationRow, Conflict, Fact, Money, Tokenomics
from paperlens.extract.rules.holders import MONEY_WORDS
from paperlens.extract.rules.text import EXAMPLE, View, one_of, words
from paperlens.extract.rules.shares import Share, page_shares
from paperlens.extract.rules.supply import implied_supplies

TOLERANCE = 0.6  # points: rows of a stated allocation add up to 100 within this
MAX_SKIP = 4  # shares passed over between two rows
MAX_GAP = 900  # characters between two rows on one page
_TOKEN_HEADING = one_of(
    r"token\s*(?:omics|s?\s+(?:distribution|allocation|breakdown|split|supply|issuance|economics))",
    r"(?:distribution|allocation|breakdown|split)\s+of\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?"
        r"(?:tokens?|coins?|supply|(?-i:[A-Z]{2,6})\b)",
    r"(?:tokens?|coins?|(?-i:[A-Z]{2,6}))\s+(?:will|shall)\s+be\s+(?:allocated|distributed|split|divided)",
    r"\bsupply\b",
    r"genesis",
    r"(?:allocated|distributed)\s+as\s+follows",
    r"distribution\s+(?:plan|breakdown|of\s+tokens)",
    r"initial\s+distribution",
    r"token\s+allocation",
    r"allocation\s+plan",
)
_MONEY_HEADING = one_of(
    r"use\s+of\s+(?:funds|proceeds)",
    r"(?:funds?|proceeds|capital|money|contributions?|ETH|BTC|ether)\s+"
        r"(?:raised|collected|received|will\s+be\s+(?:used|spent|allocated|distributed))",
    r"(?:allocation|distribution|breakdown|use|usage|utili[sz]ation|application|spending)\s+of\s+(?:the\s+)?"
        r"(?:raised\s+|(?:token\s+)?sale\s+)?(?:funds|proceeds|capital|money|budget|contributions)",
    r"\bbudget\b",
    r"funding\s+allocation",
    r"fund\s+allocation",
    r"expenditures?",
    r"spending",
    r"contributions\s+breakdown",
    r"proceeds\s+(?:from|of)",
    r"raised\s+(?:funds|capital|amount)",
)
# a split of fees, revenue or rewards: neither the supply nor the money raised ("Protocol fees are split: ...")
_SPLIT_HEADING = one_of(
    r"(?:fees?|revenues?|profits?|income|earnings|(?:block|staking|mining)\s+rewards?)\s+"
        r"(?:are|is|will\s+be|get|gets)\s+(?:split|distributed|shared|divided|allocated)",
    r"(?:fee|revenue|profit)\s+(?:split|distribution|sharing|allocation)",
)
_TOTAL_WORDS = words(
    r"a\s+total\s+of",
    r"in\s+total",
    r"total\s+(?:supply|amount|number)",
    r"max(?:imum)?\s+supply",
)
_ALLOTTED = words(
    r"allocated",
    r"reserved",
    r"distributed",
    r"sold",
    r"set\s+aside",
    r"retained",
    r"held",
    r"kept",
    r"issued",
    r"given",
    r"granted",
    r"assigned",
    r"offered",
    r"dedicated",
    r"earmarked",
    r"for\s+sale",
    r"receive[sd]?",
)


@dataclass
class Block:
    """A complete allocation: its rows in reading order, its score, and the supply its counts add up to."""

    rows: list[Share]
    score: float
    total: float | None = None  # the supply the rows' counts add up to (count-only tables)

    @property
    def percents(self) -> list[float]:
        return [r.percent for r in self.rows if r.percent is not None]


def _quality(share: Share) -> float:
    kind = share.kind
    q = {"holder": 3.0, "unknown": 0.5, "budget": -2.0, "schedule": -8.0, "total": -8.0}[kind]
    if share.strong:
        q += 1
    if len(share.label.split()) > 9:
        q -= 1.5
    if share.example:
        q -= 8
    if share.of_part:
        q -= 4
    return q


def _in_parens(parent: Share, child: Share) -> bool:
    """``child`` is inside a parenthesis opened after ``parent``'s figure on its line: "Ecosystem 40% (of which
    20% liquidity mining, 10% grants ...)"."""
    between = parent.view.s[parent.fig_end:child.start]
    return parent.view is child.view and "\n" not in between and between.count("(") > between.count(")")


def _skip_cost(share: Share, before: Share, after: Share) -> float:
    """What passing over ``share`` between the run's rows ``before`` and ``after`` costs: a holder row left
    out is a bad sign, and a worse one inside its own table (the rows around it on its page, alike in marker
    and side: "Partner sale 17% / Crowdsale 60% / Referral 3%" read without the crowdsale)."""
    if share.sub or share.kind in ("schedule", "budget", "total") or share.side == "rest":
        return 0.0
    if share.kind != "holder":
        return 0.5
    inside = before.view is share.view is after.view and before.marker == share.marker == after.marker \
        and before.side == share.side == after.side
    return 6.0 if inside else 2.5


def _mark_sub_rows(shares: list[Share]) -> None:
    """A row followed by rows with another list marker, or in a parenthesis after its figure, that add up to
    it: those are its breakdown (:attr:`.Share.parts`), each marked :attr:`.Share.sub`. Shares in such a
    parenthesis are marked :attr:`.Share.sub` whatever they add up to: a note on their row."""
    anchor = None
    for share in shares:
        if anchor is not None and _in_parens(anchor, share):
            share.sub = True  # "Ecosystem 40% (of which 20% liquidity mining, 10% grants ...)"
        else:
            anchor = share
    for i, parent in enumerate(shares):
        if parent.percent is None:
            continue
        total = 0.0
        for j in range(i + 1, min(len(shares), i + 8)):
            child = shares[j]
            if child.percent is None or child.view is not parent.view or (
                    child.marker == parent.marker and not _in_parens(parent, child)):
                break
            total += child.percent
            if j > i + 1 and abs(total - parent.percent) <= 0.05:
                for k in range(i + 1, j + 1):
                    shares[k].sub = True
                parent.parts = tuple(shares[i + 1:j + 1])
                break
            if total > parent.percent:
                break


def _near(a: Share, b: Share) -> bool:
    """``b`` may follow ``a`` in one allocation: same page and close, or just over a page break."""
    if a.view is b.view:
        return 0 <= b.fig_start - a.fig_end <= MAX_GAP
    return b.page == a.page + 1 and len(a.view.s) - a.fig_end <= 700 and b.fig_start <= 900


def _context(first: Share) -> str:
    """What introduces a run: the heading lines in the 400 characters before its first row, the
    sentence that leads into it ("Tokens will be distributed as follows:"), and its own clause."""
    s = first.view.s
    before = s[max(0, first.start - 400):first.start]
    lines = before.split("\n")
    headings = [ln for ln in lines[:-1] if 0 < len(ln.strip()) <= 70 and not ln.rstrip().endswith((".", ";", ","))]
    lead = re.split(r"[.!?]\s", before)[-1]
    return "\n".join(headings + [lead, s[first.start:first.end]])


def _divides(first: Share) -> str | None:
    """What the nearest heading or sentence before the run says it divides: ``"money"`` (funds raised),
    ``"split"`` (fees, revenue or rewards), ``"tokens"``, or None."""
    text = _context(first)
    ends = {kind: max((m.end() for m in pattern.finditer(text)), default=-1)
            for kind, pattern in (("tokens", _TOKEN_HEADING), ("money", _MONEY_HEADING), ("split", _SPLIT_HEADING))}
    kind = max(ends, key=ends.get)
    return kind if ends[kind] >= 0 else None


_GENERIC = {"tokens", "token", "coins", "pool", "fund", "funds", "will", "with", "from", "that", "this", "their",
            "the", "for", "allocated", "reserved", "used", "held", "total", "supply", "portion", "part"}


@lru_cache(maxsize=4096)
def _words(label: str) -> frozenset[str]:
    """The words that name a holder in a label (not "tokens", "pool", "allocated")."""
    return frozenset(w for w in re.findall(r"[a-z]{4,}", label.lower()) if w not in _GENERIC)


def _copies(a: Share, b: Share) -> bool:
    """Two rows with the same share and a word of their labels in common: one table printed twice."""
    same = a.percent == b.percent if a.percent is not None else a.amount == b.amount
    return same and bool(_words(a.label) & _words(b.label))


def _count_copies(rows: list[Share], enough: int = 2) -> int:
    """Pairs of rows that are copies (:func:`_copies`), counted up to ``enough``."""
    copies = 0
    for i, a in enumerate(rows):
        for b in rows[i + 1:]:
            copies += _copies(a, b)
            if copies >= enough:
                return copies
    return copies


def _score(rows: list[Share], chain_score: float) -> float | None:
    labels = [r.label.lower() for r in rows]
    if len(set(labels)) < len(labels) or _count_copies(rows) >= 2:
        return None  # a table and its summary (or a chart legend) joined into one
    if any(r.percent is not None and r.percent >= 99.5 for r in rows):
        return None  # one holder of everything is not a distribution among several
    held = {id(r) for r in rows}
    if any(r.parts and all(id(p) in held for p in r.parts) for r in rows):
        return None  # a row and its own breakdown: its share counted twice ("Sale 50%: public 30%, private 20%")
    kinds = [r.kind for r in rows]
    if kinds.count("budget") * 2 >= len(rows) or kinds.count("holder") * 2 < len(rows):
        return None  # a budget, or rows that name nobody
    first = rows[0]
    score = chain_score - len(rows)  # a row adds to the score only when it looks like a holder's share
    if all(r.percent is not None for r in rows):
        score -= 4 * abs(sum(r.percent for r in rows) - 100)  # an exact total beats one within rounding
    token_rows = sum(r.strong for r in rows) * 2 >= len(rows)  # "of the tokens", "CLR tokens are reserved"
    if not token_rows and any(_divides(r) in ("money", "split") for r in rows):
        return None  # under a heading on funds, fees or rewards, or running on into one
    if _TOKEN_HEADING.search(_context(first)):
        score += 3
    if MONEY_WORDS.search(first.view.s[first.start:first.end]) and not first.strong:
        score -= 2
    markers = {r.marker for r in rows}
    score += 1 if len(markers) == 1 else -1.5 * (len(markers) - 1)
    sides = {r.side for r in rows if r.side != "rest"}
    score += 1 if len(sides) == 1 else -1
    if len(rows) == 2 and not _two_row_table(rows) and not all(
            r.parts or r.strong and r.kind == "holder" and _ALLOTTED.search(r.view.s[r.start:r.end]) for r in rows):
        return None  # two figures that add up to 100 are too common to trust without "tokens ... sold to"
    implied = implied_supplies(rows)
    if len(implied) >= 2:
        spread = max(implied) / min(implied) - 1
        score += 3 if spread < 0.01 else -3
    if len({r.page for r in rows}) > 1:
        score -= 1
    if EXAMPLE.search(first.view.flat[max(0, first.start - 150):first.start]):
        score -= 6
    return score


def _two_row_table(rows: list[Share]) -> bool:
    """Two holders' rows on consecutive lines right under a token heading ("Token allocation / Crowdsale 70% /
    Founders 30%")."""
    a, b = rows
    between = a.view.s[a.end:b.start] if a.view is b.view else "\n\n"
    return (all(r.kind == "holder" for r in rows) and between.count("\n") == 1
            and bool(_TOKEN_HEADING.search(a.view.s[max(0, a.start - 80):a.start])))


def _chains(shares: list[Share], value, targets: list[float], tol,
            quality=_quality, unit: int = 100) -> list[tuple[float, list[int], float]]:
    """Runs of shares (with skips) whose values add up to a target: (score, indices, target).

    Sums are kept as integers in 1/``unit`` (hundredths of a point for percentages, whole tokens for counts).
    """
    best: list[dict[int, tuple[float, int | None, int | None]]] = []  # per share: rounded sum -> (score, prev, prev sum)
    found = []
    top = max(targets) * (1 + 0.01)
    for i, share in enumerate(shares):
        states: dict[int, tuple[float, int | None, int | None]] = {}
        v = value(share)
        q = quality(share) - (3 if share.sub else 0)
        if v is not None and q > -5:
            key = round(v * unit)
            states[key] = (q, None, None)
            for j in range(i - 1, max(-1, i - MAX_SKIP - 2), -1):
                if not _near(shares[j], share) or shares[j].kind == "total":
                    break  # too far, or across the sum row that closes a table ("Total: 100%")
                skip = sum(_skip_cost(shares[k], shares[j], share) for k in range(j + 1, i))
                for total, (score, _, _) in best[j].items():
                    new = total + round(v * unit)
                    if new > top * unit:
                        continue
                    candidate = score + q - skip
                    if new not in states or states[new][0] < candidate:
                        states[new] = (candidate, j, total)
        elif share.side == "rest":  # "the rest": whatever the rows before it leave
            for j in range(i - 1, max(-1, i - MAX_SKIP - 2), -1):
                if not _near(shares[j], share) or shares[j].kind == "total":
                    break  # too far, or across the sum row that closes a table ("Total: 100%")
                skip = sum(_skip_cost(shares[k], shares[j], share) for k in range(j + 1, i))
                for total, (score, _, _) in best[j].items():
                    for target in targets:
                        whole = round(target * unit)
                        if 0 < whole - total and (whole not in states or states[whole][0] < score + q - skip):
                            states[whole] = (score + q - skip, j, total)
        if len(states) > 300:
            states = dict(sorted(states.items(), key=lambda kv: -kv[1][0])[:300])
        best.append(states)
        for total, (score, prev, _) in states.items():
            if prev is None or not any(tol(total / unit, target) for target in targets):
                continue
            chain, k, t = [i], i, total
            while True:
                _, back, back_total = best[k][t]
                if back is None:
                    break
                chain.append(back)
                k, t = back, back_total
            target = next(target for target in targets if tol(total / unit, target))
            found.append((score, chain[::-1], target))
    return found


def find_blocks(views: list[View], supplies: list[float], furniture: set[str] = frozenset()) -> list[Block]:
    """Every complete allocation in the document, best first (``furniture``: :func:`.shares.running_lines`)."""
    shares = [sh for v in views for sh in page_shares(v, furniture)]
    _mark_sub_rows(shares)
    blocks: list[Block] = []
    pct = [sh for sh in shares if sh.percent is not None or sh.side == "rest"]
    if pct:
        for score, chain, _ in _chains(pct, lambda sh: sh.percent, [100.0],
                                       lambda total, target: abs(total - target) <= TOLERANCE):
            rows = [pct[k] for k in chain]
            final = _score(rows, score)
            if final is not None and final > 0:
                blocks.append(Block(rows, final))
    targets = sorted({t for t in supplies if t})
    counted = [sh for sh in shares if (sh.amount is not None or sh.side == "rest")
               and not _TOTAL_WORDS.search(sh.view.s[sh.start:sh.end])]
    if counted and targets:
        for score, chain, target in _chains(counted, lambda sh: sh.amount, targets,
                                            lambda total, t: abs(total - t) <= 1e-3 * t, unit=1):
            rows = [counted[k] for k in chain]
            if any(r.amount is not None and r.amount >= 0.99 * target for r in rows):
                continue  # the total itself is not one of its parts
            if any(r.amount is not None and r.amount < 1e-3 * target for r in rows):
                continue  # a count lost in the rounding of the total is no row ("must stake at least 10,000 HLX")
            final = _score(rows, score)
            if final is not None and final > 0:
                blocks.append(Block(rows, final, total=target))
    blocks.sort(key=lambda b: -b.score)
    return blocks


def _spending_quality(share: Share) -> float:
    """A row of a use-of-proceeds table: what money pays for (or an unclear label), not a schedule step."""
    return {"budget": 3.0, "unknown": 1.0, "holder": 0.5, "schedule": -8.0, "total": -8.0}[share.kind] - (
        8 if share.example else 0)


def use_of_proceeds(views: list[View], furniture: set[str] = frozenset()) -> list[Share]:
    """The best use-of-proceeds table: percentages adding up to 100 that divide money (the heading speaks
    of funds, proceeds or a budget, or most labels are spending items), not tokens. [] when none."""
    shares = [sh for v in views for sh in page_shares(v, furniture) if sh.percent is not None]
    best: tuple[float, list[Share]] | None = None
    if not shares:
        return []
    for score, chain, _ in _chains(shares, lambda sh: sh.percent, [100.0],
                                   lambda total, target: abs(total - target) <= TOLERANCE, _spending_quality):
        rows = [shares[k] for k in chain]
        labels = [r.label.lower() for r in rows]
        if len(rows) < 3 or len(set(labels)) < len(labels) or sum(r.strong for r in rows) * 2 >= len(rows):
            continue  # a token table ("of the tokens") is not a budget
        budget = sum(r.kind == "budget" for r in rows) * 2 >= len(rows)
        divides = _divides(rows[0])
        if divides == "split" or not (budget or divides == "money"):
            continue  # fees or revenue shared out, or nothing says money is spent
        # rows that name holders ("Team", "Early participants") divide tokens, unless a heading on funds says
        # they are paid: "Use of proceeds / Team 30% / Development 40% / Marketing 20% / Reserve 10%"
        holders = sum(r.kind == "holder" for r in rows)
        if holders * 2 > len(rows) if divides == "money" else holders * 3 >= len(rows):
            continue
        score += 3 if divides == "money" else 0
        if best is None or score > best[0]:
            best = (score, rows)
    return best[1] if best else []


_PRICE = re.compile(
    r"(?:\bprice\s+(?:of|is|:|=)?\s*|\bat\s+)(?P<c1>[$€£])?\s*(?P<amt>\d+(?:\.\d+)?)\s*(?P<c2>USD|EUR|ETH|BTC|"
    r"USDT|USDC|GBP|CHF)?(?=\s+(?:per|each|/)|\s*$|[\s,;.)])(?P<per>\s*(?:per|each|/)\s*\w+)?", re.I)
_CURRENCY_SIGN = {"$": "USD", "€": "EUR", "£": "GBP"}


PRICE_TITLES = re.compile(r"^[^\d\n]*\bprice\b[^\d\n]*$", re.I | re.M)  # a table's titles: "Round | Share | Price"
_CELL_MONEY = re.compile(r"(?P<c1>[$€£])\s*(?P<amt>\d+(?:\.\d+)?)|(?P<amt2>\d+(?:\.\d+)?)\s*"
                         r"(?P<c2>USD|EUR|ETH|BTC|USDT|USDC)\b")


def _row_price(row: Share) -> Money | None:
    """A sale round's price stated right after its share ("20% at a price of $0.12 per token"), or in a price
    column of its table row ("Seed | 5% | $0.01" under "Round | Allocation | Price")."""
    view = row.view
    _, b = view.sentence(row.fig_end)
    m = _PRICE.search(view.s, row.fig_end, min(b, row.end + 80))
    if m and (m.group("c1") or m.group("c2")) and (m.group("per") or "price" in m.group().lower()):
        amount = m.group("amt")
    elif PRICE_TITLES.search(view.s, max(0, row.fig_start - 600), row.fig_start):
        line_end = view.s.find("\n", row.fig_end)
        m = _CELL_MONEY.search(view.s, row.fig_end, line_end if line_end >= 0 else len(view.s))
        if not m:
            return None
        amount = m.group("amt") or m.group("amt2")
    else:
        return None
    currency = _CURRENCY_SIGN.get(m.group("c1") or "") or (m.group("c2") or "").upper() or None
    return Money(amount=float(amount), currency=currency)


def _conflicts(best: Block, others: list[Block]) -> list[Conflict]:
    """A second complete allocation elsewhere in the paper that gives a holder category another share:
    reported as a conflict, not silently dropped ("35% to the company" on one page, "30%" on the next)."""
    taken = {(r.page, r.fig_start) for r in best.rows}
    found: dict[str, Conflict] = {}
    for other in others:
        if other.score < best.score / 2 or {(r.page, r.fig_start) for r in other.rows} & taken \
                or len(other.rows) != len(best.rows):  # fewer rows: a coarser grouping, not another figure
            continue
        if not any(a.percent == b.percent and _words(a.label) & _words(b.label) for a in best.rows for b in other.rows):
            continue  # nothing in common: another breakdown (of the sale, the reserve), not a restatement
        for cat in {r.category for r in best.rows} - {"other"}:
            mine = [r for r in best.rows if r.category == cat]
            theirs = [r for r in other.rows if r.category == cat]
            if len(mine) == 1 == len(theirs) and None not in (mine[0].percent, theirs[0].percent) \
                    and abs(mine[0].percent - theirs[0].percent) > 0.5 and cat not in found \
                    and _words(mine[0].label) & _words(theirs[0].label):  # the same holder, named alike
                found[cat] = Conflict(field=f"allocation.{cat}", values=[
                    Fact(value=r.percent, evidence=r.view.evidence(r.start, r.end)) for r in (mine[0], theirs[0])])
    return list(found.values())


def fill_allocation(t: Tokenomics, views: list[View], supplies: list[float],
                    layouts: list[View] = (), furniture: set[str] = frozenset()) -> Block | None:
    """Fill ``t.allocation`` from the best complete allocation; return it (None when none adds up).

    ``layouts`` are views of the pages' layout text (columns kept apart), tried
    when the plain text holds no complete allocation (their rows are quoted from
    the layout text, which ground also searches); ``furniture`` are the
    running headers and footers (:func:`.shares.running_lines`).
    """
    blocks = find_blocks(views, supplies, furniture) or (find_blocks(list(layouts), supplies, furniture)[:1]
                                                         if layouts else [])
    if not blocks:
        return None
    best = blocks[0]
    t.conflicts += _conflicts(best, blocks[1:])
    for row in best.rows:
        percent, amount = row.percent, row.amount
        if row.side == "rest" and best.total:
            amount = best.total - sum(r.amount for r in best.rows if r.amount is not None)
        elif row.side == "rest":
            percent = round(100 - sum(best.percents), 2)
        evidence = row.view.evidence(row.start, row.end)
        price = _row_price(row)
        if price is not None and not value_in_text(price.amount, evidence.quote):
            price = None
        t.allocation.append(AllocationRow(label=row.label, category=row.category, percent=percent,
                                          amount=amount, price=price, evidence=evidence))
    return best
