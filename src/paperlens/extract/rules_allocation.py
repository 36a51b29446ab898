"""Rules backend, economics half: the allocation table (or prose) of the token supply.

An allocation is kept only when its percentages add up to 100 (within 0.6
points) or its amounts add up to a stated supply, and it is neither a
use-of-proceeds table (budget labels or a "funds raised" heading) nor a worked
example; when plain text finds none, ``page.layout`` (columns kept apart) is
tried and each row is re-anchored in ``page.text``. :func:`category_for` maps a
label as written to the schema's category bucket.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..ingest import Document, Page
from ..numbers import Number, find_numbers, same_value, value_in_text
from ..schema import AllocationRow, Money, Tokenomics
from .rules_view import _CJK, _EXAMPLE, _View


_BULLET = "•●○▪◦■□➢►*"
_CATEGORY_RULES: list[tuple[str, re.Pattern]] = [  # first match wins
    ("public_sale", re.compile(r"\bpublic\b", re.I)),
    ("team", re.compile(r"early\s+contributor|founder|core\s+(?:contributor|team|developer|dev)", re.I)),
    ("private_investors", re.compile(
        r"pre-?\s?sale|private|seed|strategic\s+(?:investor|partner|sale|round)|angel|early\s+"
        r"(?:investor|backer|supporter|bird)|lead\s+donor|initial\s+supporter|pre-?ico|venture|"
        r"investors?(?!\s+relations)", re.I)),
    ("team", re.compile(r"\bteam\b|employee|management|staff", re.I)),
    ("advisors", re.compile(r"advis[oe]r", re.I)),
    ("public_sale", re.compile(
        r"crowd\s?sale|crowd\s?fund|token\s+sale|\bico\b|purchaser|\bsale\b|sold|fundraiser|donors|"
        r"offering|participants|contributors|buyers|contribution\s+period", re.I)),
    ("reserve", re.compile(r"reserve|foundation|treasury|endowment", re.I)),
    ("community", re.compile(
        r"communit|airdrop|bount|reward|mining|miners|staking|liquidity|incentiv|users|grants?", re.I)),
    ("reserve", re.compile(
        r"company|ecosystem|fund\b|multisig|retained|corporate|organi[sz]ation|gmbh|\binc\b|\bltd\b|"
        r"future\s+development", re.I)),
]
_BUDGET_LABEL = re.compile(
    r"develop|marketing|legal|operat|expens|acquisition|admin|infrastructure|security|contingen|"
    r"hosting|r&d|research|salar|office|business|growth|technology|product|scientific|compliance|"
    r"audit|partnership|portfolio|compensation", re.I)
_BUDGET_CONTEXT = re.compile(
    r"proceeds|funds?\s+(?:raised|collected|will|allocation)|use\s+of\s+funds|budget|spent|spend|"
    r"funding\s+allocation|allocation\s+of\s+(?:the\s+)?funds|raised\s+(?:funds|capital|ether)|"
    r"capital\s+raised|ETH\s+raised|expenditure|hedg", re.I)
_TOKEN_CONTEXT = re.compile(
    r"tokens?\b|coins?\b|supply|token\s+distribution|token\s+allocation|distribution|allocation|"
    r"allocated|genesis|minted|issued", re.I)
_TOKEN_ALLOCATION = re.compile(
    r"(?:token|coin|[A-Z]{2,6})\s+(?:allocation|distribution|split|breakdown)|(?:allocation|distribution)\s+of\s+"
    r"(?:the\s+)?(?:[\w-]+\s+){0,2}?(?:tokens?|coins?|[A-Z]{2,6}\b|supply)|tokens?\s+(?:will\s+be\s+|are\s+|were\s+)?"
    r"(?:allocated|distributed|split)|supply|genesis|minted|allocated\s+as\s+follows", re.I)
_LEFT_VERB = re.compile(
    r"[A-Za-z]\s+(?:constitutes?|allocated|received|receives?|represents?|accounts?\s+for|gets?|takes?|"
    r"retains?|holds?|keeps?)\s*(?:up\s+to\s+|approximately\s+|about\s+)?$", re.I)
_ALLOC_VERB = re.compile(r"aside|reserved|allocated|distributed|held|retained|kept|sold|issued|assigned", re.I)
_TOTAL_LABEL = re.compile(r"^\s*(?:total|sum|overall)\b", re.I)
_LABEL_VERBS = re.compile(
    r"\s*(?:tokens?\s+)?(?:(?:will|shall)\s+be\s+|were\s+|was\s+|is\s+|are\s+)?(?:allocated|received|"
    r"receives?|get|gets|constitutes?|represents?|accounts?\s+for|makes?\s+up|takes?|holds?|"
    r"retains?|keeps?)\b.*$", re.I)
_RIGHT = re.compile(
    r"^\s*(?:\(\s*(?P<amt>[\d][\d,. ]*\d(?:\s*(?:million|billion))?)\s*(?:[A-Z]{2,6}|tokens)?\s*\))?\s*"
    r"(?P<sep>[-–:=]\s*)?"
    r"(?:of\s+(?:the\s+)?(?:total\s+|all\s+|initial\s+)?(?:[\w-]+\s+){0,4}?"
    r"(?:tokens?|coins?|supply|[A-Z]{2,6}\b)(?:\s+(?:created|minted|issued)(?:\s+during\s+the\s+[\w\s]{0,30}"
    r"?(?i:period))?)?\s*,?\s*)?"
    r"(?P<verb>(?:(?:will|shall)\s+(?:go|be\s+\w+)|goes|go|is\s+\w+|are\s+\w+|were\s+\w+|was\s+\w+|"
    r"are,?\s+or\s+will\s+be,?\s+\w+|were,?\s+or\s+will\s+be,?\s+\w+|are\s+being,?\s+or\s+will\s+be,?\s+\w+)"
    r"(?:\s+aside)?(?:\s+(?:and|or)\s+\w+)?\s+)?"
    r"(?:(?:(?:by|for|to|in)\s+(?:the\s+)?(?:a\s+)?)|(?P<bare>(?=[A-Z])))"
    r"(?P<label>[A-Za-z][^.;:%()\n•●○]{1,70})")


_REST_OF_LINE = re.compile(r"^[ ]*(?:\([^)\n]*\))?[ ]*[-–:=]?[ ]*(?:for[ ]+|to[ ]+)?"
                           r"(?!(?:of|in|the|and|or|per|every|each|are|is|was|were|will|after|"
                           r"before|from|on|at)\b)(?P<label>[A-Za-z][^\n;%]{2,80})")
_NOT_ALLOCATION = re.compile(
    r"^\s*of\s+(?:the\s+|their\s+|its\s+|all\s+)?(?:[\w-]+\s+)?(?:fees?|funds|proceeds|revenues?|profits?|"
    r"hash\s*power|hashpower|votes?|stake|collateral|time|transactions?|blocks?|nodes?|validators?|"
    r"users|rolls|the\s+tokens\s+they)\b|^\s*of\s+(?:their|his|her|its|your)\s+|"
    r"^[^.;\n]{0,40}\b(?:expected\s+to\s+circulate|in\s+circulation|circulating)\b", re.I)
_STRONG = re.compile(r"^\s*of\s+(?:all\s+)?(?:the\s+)?(?:total\s+)?(?:[A-Z]{2,6}\b|tokens?\b|coins?\b)", re.I)


@dataclass
class _Row:
    label: str
    percent: float | None
    amount: float | None
    view: _View
    start: int
    end: int
    strong: bool = False  # "20% of the tokens will be allocated to ...": prose that stands alone

    @property
    def key(self) -> tuple[int, int]:
        return (self.view.page.number, self.start)


_CJK_CATEGORIES = [
    ("team", re.compile(r"团队|创始|员工")),
    ("advisors", re.compile(r"顾问")),
    ("private_investors", re.compile(r"早期支持者|私募|天使|种子|投资")),
    ("public_sale", re.compile(r"参与者|公开|众筹|ICO")),
    ("reserve", re.compile(r"基金会|储备|国库")),
    ("community", re.compile(r"社区|奖励|挖矿|空投")),
]


def category_for(label: str) -> str:
    """Map an allocation label as written to the schema's Category bucket."""
    if _CJK.search(label):
        return next((c for c, p in _CJK_CATEGORIES if p.search(label)), "other")
    if re.match(r"\s*advis", label, re.I):
        return "advisors"
    for category, pattern in _CATEGORY_RULES:
        if pattern.search(label):
            return category
    return "other"


def _clean_label(label: str) -> str:
    label = re.sub(r"[\ue000-\uf8ff*]", "", label)  # private-use glyphs (symbol-font bullets)
    label = re.sub(r"\s+", " ", label).strip(" -–—:=,;|\t" + _BULLET)
    label = re.sub(r"^(?:\d+[.)]\s+|[a-z][.)]\s+)", "", label)
    label = re.sub(r"^(?:to\s+)?be\s+", "", label)
    label = re.sub(r"\s+(?:who|which|that|in\s+order|as|with|until|at|on|subject|pursuant|minus|"
                   r"because|so\s+that)\b.*$", "", label)
    label = re.sub(r"\s+(?:and|but)\s+(?:are|is|will|were|was|shall)\b.*$", "", label)
    label = re.sub(r"\s+for\s+(?:their|its|his|her|our)\b.*$", "", label)
    label = re.sub(r"\s*\([^)]*$", "", label)  # an unclosed parenthesis: "supporters (i.e."
    label = re.sub(r"\s+(?:in\s+order\s+)?to\s+(?:help|fund|incentivi[sz]e|encourage|support|reward|ensure|cover|"
                   r"pay|build|develop|promote|attract|be|provide|allow|enable|secure|bootstrap|grow|finance|"
                   r"compensate|keep|take|continue|facilitate|create|make|expand)\b.*$", "", label)
    label = re.sub(r"\s+(?:to|for|and|the|of)\s*$", "", label)
    label = re.sub(r"(?<=\w)\s+(?:distributed|allocated|reserved|held|issued|vested|locked|sent)\b.*$",
                   "", label)
    label = re.sub(r"^(?:the|a|an|and|will\s+go\s+to(?:\s+the)?)\s+", "", label, flags=re.I)
    return label.strip(" -–—:=,;|")[:80]


def _left_label(view: _View, pos: int, same_line: bool = False) -> tuple[str, int] | None:
    s = view.s
    a = s.rfind("\n", 0, pos) + 1 if same_line else max(0, pos - 110)
    window = s[a:pos]
    if same_line:
        if "%" in window and not re.match(r"\)?\s*[,;]", window[window.rindex("%") + 1:]):
            return None  # a second figure on a row ("Seed 10% 1 year lock, then 25% every 6 months")
        cuts = [i for i, c in enumerate(window) if c in ";:%" + _BULLET
                or (c == "." and re.match(r"\.\s+[A-Z]", window[i:]))]
    else:
        cuts = [i for i, c in enumerate(window) if c in ";:.()%" + _BULLET
                or (c == "," and not re.match(r",\s*(?:Inc|Ltd|LLC|Co|S\.A|AG|GmbH)\b", window[i:]))]
    # the last cut that leaves a label ("Participants:\n820 000 000 (82%)" keeps "Participants")
    if cuts and window[cuts[-1]] == ":" and not window[cuts[-1] + 1:].strip():
        cuts.pop()  # "Label: 10%": the colon ends the label
    cuts = [i for i in cuts if re.search(r"[^\W\d_]{3}", window[i + 1:])][-1:] or cuts[-1:]
    if cuts:
        a, window = a + cuts[-1] + 1, window[cuts[-1] + 1:]
    elif not same_line and a > 0:
        skip = re.match(r"\S*\s", window)  # drop the partial first word
        if skip:
            a, window = a + skip.end(), window[skip.end():]
    connector = None
    for connector in re.finditer(r"\b(?:to|for|by|go|goes)\s+(?:the\s+)?", window):
        pass
    if connector and not same_line:
        a, window = a + connector.end(), window[connector.end():]
    window = re.sub(r"[\d][\d,. ]*\d\s*$|\d\s*$", "", window.rstrip())  # an amount column
    window = re.sub(r"(?:\bup\s+to|\bapprox\w*|\babout|~)\s*$", "", window.rstrip(), flags=re.I)
    window = _LABEL_VERBS.sub("", window)
    label = _clean_label(window.replace("\n", " "))
    if len(re.findall(r"[A-Za-z]", label)) < 3:
        return None
    return label, a + (len(window) - len(window.lstrip()))


def _heading_label(view: _View, line_start: int, lone: bool) -> tuple[str, int] | None:
    """A pie-chart or two-line table label: the short line(s) just above a percentage.

    Either "% of tokens generated to X" above any percentage, or a short label
    line above a percentage that stands alone on its line.
    """
    s = view.s
    end = line_start - 1
    if end <= 0:
        return None
    start = s.rfind("\n", 0, end) + 1
    line = s[start:end].strip()
    m = re.match(r"%\s+of\s+(?:the\s+)?tokens\s+(?:generated|allocated|distributed|issued|created)\s+"
                 r"(?:to|for)\s+(?P<label>[^\n]{3,60})$", line)
    if m:
        return _clean_label(m.group("label")), start
    if not lone:
        return None
    while start > 1:
        prev_start = s.rfind("\n", 0, start - 1) + 1
        prev = s[prev_start:start - 1].strip()
        if re.search(r"\b(?:and|&|of|for|the)$", prev) and len(prev) < 40:
            line, start = prev + " " + line, prev_start
        else:
            break
    if not line or len(line) > 45 or re.search(r"\d|[.:;]$", line):
        return None
    label = _clean_label(line)
    if len(re.findall(r"[A-Za-z]", label)) < 3:
        return None
    return label, start


def _percent_rows(view: _View) -> list[_Row]:
    s = view.s
    rows: list[_Row] = []
    for n in view.numbers:
        if not n.percent or n.value < 0 or n.value > 100:
            continue
        line_start = s.rfind("\n", 0, n.start) + 1
        prefix = s[line_start:n.start]
        in_parens = prefix.rstrip().endswith("(")
        at_line_start = not re.search(r"[A-Za-z]", prefix) and not in_parens
        right = s[n.end:n.end + 130]
        if _NOT_ALLOCATION.match(right):
            continue
        if _CJK.search(right[:8]):
            row = _cjk_row(view, n)
            if row:
                rows.append(row)
            continue
        a, b = view.sentence(n.start)
        if _EXAMPLE.search(view.flat[a:n.start]):
            continue
        label = None
        lstart = n.start
        m = None
        strong = False
        if in_parens:
            got = _left_label(view, line_start + len(prefix.rstrip()) - 1)  # up to the "("
            if got:
                label, lstart = got
        else:
            m = _RIGHT.match(right)
            connector = m and (m.group("sep") or m.group("verb") or m.group("bare") is None)
            left_verb = _LEFT_VERB.search(prefix)
            if m and m.group("bare") is not None and "\n" in right[:m.start("label")]:
                m = None
            if m and (at_line_start or connector) and not left_verb:
                label = _clean_label(m.group("label"))
                strong = bool(m.group("verb") and (_STRONG.match(right) or _ALLOC_VERB.search(m.group("verb"))))
            if not label and not at_line_start:
                got = _left_label(view, n.start, same_line=True)
                if got:
                    label, lstart = got
                    strong = bool(left_verb)
            if not label and _LEFT_VERB.search(view.flat[a:n.start]):
                got = _left_label(view, n.start)
                if got:
                    (label, lstart), strong = got, True
            if not label and at_line_start:
                rest = _REST_OF_LINE.match(right)
                label = _clean_label(rest.group("label")) if rest else None
            if not label and at_line_start:
                got = _heading_label(view, line_start, lone=not s[n.end:].split("\n", 1)[0].strip())
                if got:
                    label, lstart = got
        if not label or len(re.findall(r"[A-Za-z]", label)) < 3:
            continue
        amount = None
        line_rest = right.split("\n", 1)[0]
        if lstart < n.start:
            seg = s[lstart:n.end] + re.match(r"[^A-Za-z]*", line_rest).group()  # cells before any text
        else:
            seg = s[n.start:n.end + (right.find("\n") if "\n" in right else len(right))]
        amounts = [x for x in find_numbers(seg) if not x.percent and x.value >= 1e4 and not x.year_like]
        if len(amounts) == 1:
            amount = amounts[0].value
        rows.append(_Row(label, n.value, amount, view, min(lstart, n.start), n.end, strong))
    return rows


_CJK_ROW = re.compile(
    r"^[^,，。；;]{0,40}?(?:分配给了?|由)(?P<label>[^,，。；;]{2,15}?)(?:持有|[,，。；;])")


def _cjk_row(view: _View, n: Number) -> _Row | None:
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
    return _Row(label, n.value, None, view, n.start, end, strong=True)


_AMOUNT_ROW = re.compile(
    r"(?:^|\n|[" + _BULLET + r"]\s*)(?P<amt>\d{1,3}(?:[, ]\d{3}){2,})\s*(?:[A-Z]{2,6}|tokens)?\s*"
    r"[=:\-–]\s*(?P<label>[A-Za-z](?:[^\n.;%]|\.(?=\d)){2,80})")


def _amount_rows(view: _View) -> list[_Row]:
    rows = []
    for m in _AMOUNT_ROW.finditer(view.s):
        amount = find_numbers(m.group("amt"))
        if not amount:
            continue
        label = _clean_label(re.sub(r"^(?:distributed|reserved|allocated|given)\s+(?:to|for)\s+(?:the\s+)?",
                                    "", m.group("label"), flags=re.I))
        if len(label) >= 3:
            rows.append(_Row(label, None, amount[0].value, view, m.start("amt"), m.end("label")))
    return rows


def _runs(rows: list[_Row], max_gap: int = 450) -> list[list[_Row]]:
    runs: list[list[_Row]] = []
    for row in sorted(rows, key=lambda r: r.key):
        if runs:
            prev = runs[-1][-1]
            same_page = prev.view is row.view and row.start - prev.end <= max_gap
            next_page = (row.view.page.number == prev.view.page.number + 1
                         and len(prev.view.s) - prev.end <= max_gap and row.start <= max_gap)
            if (same_page or next_page) and row.start != prev.start:
                runs[-1].append(row)
                continue
        runs.append([row])
    return runs


def _complete_blocks(run: list[_Row], totals: list[float]) -> list[list[_Row]]:
    blocks = []
    for i in range(len(run)):
        total_pct = total_amt = 0.0
        for j in range(i, len(run)):
            row = run[j]
            if row.percent is not None:
                total_pct += row.percent
            if row.amount is not None:
                total_amt += row.amount
            if j - i < 2:
                continue
            block = run[i:j + 1]
            pct_ok = all(r.percent is not None for r in block) and abs(total_pct - 100) <= 0.6
            amt_ok = all(r.amount is not None for r in block) and any(
                abs(total_amt - t) <= 1e-6 * t for t in totals)
            if pct_ok or amt_ok:
                blocks.append(block)
            if total_pct > 101 and all(r.percent is not None for r in block):
                break
    return blocks


def _strong_blocks(rows: list[_Row]) -> list[tuple[float, list[_Row]]]:
    """Allocation sentences scattered over a few pages ("41% of SNT ... will be allocated to")."""
    strong = sorted((r for r in rows if r.strong), key=lambda r: r.key)
    blocks = []
    for i, first in enumerate(strong):
        chosen: list[_Row] = []
        for row in strong[i:]:
            if row.view.page.number - first.view.page.number > 2:
                break
            if any(same_value(row.percent, c.percent) and category_for(row.label) == category_for(c.label)
                   for c in chosen):
                continue
            chosen.append(row)
            total = sum(c.percent for c in chosen)
            if len(chosen) >= 3 and abs(total - 100) <= 0.6:
                score = _block_score(chosen)
                if score is not None:
                    blocks.append((score, list(chosen)))
                break
            if total > 100.6:
                break
    return blocks


def _block_score(block: list[_Row]) -> float | None:
    labels = [r.label for r in block]
    if sum(bool(_BUDGET_LABEL.search(lb)) for lb in labels) * 2 >= len(labels):
        return None
    if len({lb.lower() for lb in labels}) < len(labels) or any(
            not re.search(r"[A-Za-z]{3}|[\u3400-\u9fff]{2}", lb) for lb in labels):
        return None
    first = block[0]
    before = first.view.flat[max(0, first.start - 350):first.start]
    budget = [m.end() for m in _BUDGET_CONTEXT.finditer(before)]
    token = [m.end() for m in _TOKEN_CONTEXT.finditer(before)]
    allocation = [m.end() for m in _TOKEN_ALLOCATION.finditer(before)]
    if budget and (not allocation or max(budget) > max(allocation)):
        return None  # the nearest heading speaks of funds, not of tokens
    if _EXAMPLE.search(before[-80:]):
        return None
    score = len(block) + (2 if token else 0)
    if all(r.percent is not None for r in block):
        score -= 4 * abs(sum(r.percent for r in block) - 100)
    score += sum(category_for(lb) != "other" for lb in labels)
    score -= 2 * sum(len(lb.split()) > 6 for lb in labels)
    if re.search(r"allocat|distribut|breakdown|split|genesis", before[-200:], re.I):
        score += 2
    if block[-1].view is not first.view:
        score -= 2
    return score


_PRICE = re.compile(
    r"(?:\bprice\s+(?:of|is|:|=)?\s*|\bat\s+)(?P<c1>[$€£])?\s*(?P<amt>\d+(?:\.\d+)?)\s*(?P<c2>USD|EUR|ETH|BTC|"
    r"USDT|USDC|GBP|CHF)?(?=\s+(?:per|each|/)|\s*$|[\s,;.)])(?P<per>\s*(?:per|each|/)\s*\w+)?", re.I)
_CURRENCY_SIGN = {"$": "USD", "€": "EUR", "£": "GBP"}


def _row_price(row: _Row) -> Money | None:
    """A sale round's price stated right after its percentage ("at a price of $0.12 per token")."""
    view = row.view
    _, b = view.sentence(row.end - 1)
    m = _PRICE.search(view.flat, row.end, min(b, row.end + 80))
    if not m or not (m.group("c1") or m.group("c2")) or not (m.group("per") or "price" in m.group().lower()):
        return None
    currency = _CURRENCY_SIGN.get(m.group("c1") or "") or (m.group("c2") or "").upper() or None
    return Money(amount=float(m.group("amt")), currency=currency)


def _best_block(views: list[_View], totals: list[float]) -> list[_Row] | None:
    """The most table-like complete allocation among the views, or None."""
    candidates: list[tuple[float, list[_Row]]] = []
    percent_rows = [r for v in views for r in _percent_rows(v)]
    amount_rows = [r for v in views for r in _amount_rows(v)]
    for rows in (percent_rows, amount_rows):
        rows = [r for r in rows if not _TOTAL_LABEL.match(r.label)]
        for run in _runs(rows):
            for block in _complete_blocks(run, totals):
                score = _block_score(block)
                if score is not None:
                    candidates.append((score, block))
    candidates += _strong_blocks(percent_rows)
    if not candidates:
        return None
    return max(candidates, key=lambda c: (c[0], len(c[1])))[1]


def _anchor(block: list[_Row], views: dict[int, _View]) -> list[_Row] | None:
    """Move rows found in layout text onto page.text; None unless every row is found there.

    A row's new span runs from its label to the nearest occurrence of its value
    in page.text (columns that plain text printed apart stay within one quote).
    """
    anchored = []
    for row in block:
        view = views.get(row.view.page.number)
        if view is None:
            return None
        label = re.compile(r"\b" + r"\s+".join(map(re.escape, row.label.split())))
        value = row.percent if row.percent is not None else row.amount
        spans = [(min(lm.start(), n.start), max(lm.end(), n.end))
                 for lm in label.finditer(view.s) for n in view.numbers
                 if n.percent == (row.percent is not None) and same_value(n.value, value)]
        spans = [sp for sp in spans if sp[1] - sp[0] <= 250]
        if not spans:
            return None
        start, end = min(spans, key=lambda sp: sp[1] - sp[0])
        anchored.append(_Row(row.label, row.percent, row.amount, view, start, end, row.strong))
    return anchored


def fill_allocation(t: Tokenomics, doc: Document, views: list[_View], totals: list[float]) -> list[_Row] | None:
    """Fill ``t.allocation`` from the best complete allocation block; return the block's rows.

    ``totals`` are the supply figures found, against which amount-only tables are summed.
    """
    best = _best_block(views, totals)
    if best is None:  # columns pypdf interleaved in plain text may stay apart in layout mode
        layout = [_View(Page(p.number, "", p.layout, "")) for p in doc.pages if p.layout]
        block = _best_block(layout, totals)
        best = _anchor(block, {v.page.number: v for v in views}) if block else None
    if not best:
        return None
    for row in best:
        ev = row.view.evidence(row.start, row.end)
        price = _row_price(row)
        if price is not None and not value_in_text(price.amount, ev.quote):
            price = None
        t.allocation.append(AllocationRow(
            label=row.label, category=category_for(row.label), percent=row.percent,
            amount=row.amount, price=price, evidence=ev))
    return best

