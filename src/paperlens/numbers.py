"""Numbers as whitepapers write them: amounts, percentages and durations.

Whitepapers write the same figure many ways ("1 billion", "1,000,000,000",
"1.0B", "1000 million", "10亿"). This module reads them all into floats,
so extractors can parse a value and the ground stage can check that a value
appears in its quote (:func:`value_in_text`).

Amounts are returned in tokens (or currency units) as ``float``; percentages
as the number before the ``%`` (20.0 for "20%"); durations in months.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

__all__ = [
    "Number",
    "find_numbers",
    "parse_amount",
    "parse_percent",
    "parse_months",
    "find_months",
    "value_in_text",
    "same_value",
]

_WORD_VALUES = {
    "zero": 0, "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "half": 0.5,
}
_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_UNITS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_SIMPLE_WORD = (
    r"(?:(?:" + "|".join(_TENS) + r")[- ](?:" + "|".join(_UNITS) + r")"
    r"|" + "|".join(sorted((w for w in _WORD_VALUES if w not in ("a", "an", "half", "hundred")),
                           key=len, reverse=True)) + r")"
)
# "twenty", "thirty-five", "two hundred", "one hundred and fifty", "hundred"
_WORD_NUMBER = (r"(?:(?:(?:" + _SIMPLE_WORD + r")\s+)?hundred(?:\s+(?:and\s+)?" + _SIMPLE_WORD + r")?"
                r"|" + _SIMPLE_WORD + r")")

_MULTIPLIER_WORDS = {
    "thousand": 1e3, "million": 1e6, "mln": 1e6, "mio": 1e6, "mn": 1e6, "mm": 1e6,
    "billion": 1e9, "bln": 1e9, "bn": 1e9, "trillion": 1e12, "tn": 1e12,
}
# Single letters count only when attached to the digits ("21M", "1.5B", "100k").
_MULTIPLIER_LETTERS = {"k": 1e3, "m": 1e6, "b": 1e9, "t": 1e12}
_CJK_MULTIPLIERS = {"万亿": 1e12, "亿": 1e8, "万": 1e4, "千": 1e3}

# A digit run: 1,000,000 | 1.000.000 (two or more dot groups) | 1 000 000 (two or
# more space groups, or one starting with 0) | 2,5 before a multiplier | 1000000.5
_DIGITS = (
    r"\d{1,3}(?:,\d{3})+(?:\.\d+)?"
    r"|\d{1,3}(?:\.\d{3}){2,}(?![\d.]*\d)"
    r"|\d{1,3}(?:[ \u202f\u2009]\d{3}){2,}(?!\d)"
    r"|\d{1,3}[ \u202f\u2009]0\d{2}(?![\d,.]|[ \u202f\u2009]\d)"  # 1 000, 150 000 (a lone "0xx" group)
    r"|\d{1,3},\d{1,2}(?=\s*(?:(?:thousand|million|billion|mln|mio|bln|bn|mn)\b|%))"  # 2,5 million; 71,4%
    r"|\d{1,3}(?:['\u2019`]\d{3})+(?!\d)"  # 25'000 (Swiss)
    r"|\d+(?:\.\d+)?"
    r"|\.\d+"
)
_NUMBER_RE = re.compile(
    r"(?<![\w.,/\\-])"  # not the tail of another number, a word or a fraction
    r"(?:(?P<digits>" + _DIGITS + r")|(?P<word>" + _WORD_NUMBER + r")\b)"
    r"(?:(?P<attached>[kmbtKMBT]{1,2}n?)(?![a-zA-Z])"
    r"|\s*(?P<cjk>万亿|亿|万|千)"
    r"|[ \t]*\n?[ \t]*(?P<mult>thousands?|millions?|billions?|trillions?|mln|mio|bln|bn|mn|tn)\b)?"
    r"(?P<pct>[ \t\u00a0]*(?:%|per\s*cent\b|percent\b|pct\b))?"
    r"(?!\d|/\d|\.\d|,\d)",
    re.IGNORECASE,
)
_EURO = re.compile(r"\d{1,3}(?:\.\d{3}){2,}")
_VERSION_BEFORE = re.compile(r"(?:\bv|\bversion\s*|\bv\.\s*)$", re.IGNORECASE)
# a line break inside a number: "1,000,\n000" or "150,000\n,000" (ingest folds it too)
SPLIT_NUMBER = re.compile(r"(?<=\d[,.])\s*\n\s*(?=\d{3}\b)|(?<=\d)[ \t]*\n[ \t]*(?=,\d{3}\b)")
_WS = re.compile(r"\s+")


@dataclass(frozen=True)
class Number:
    """One number found in a text, with its span and how it was written."""

    value: float
    start: int
    end: int
    percent: bool  # written with %, "percent" or "per cent"
    multiplied: bool  # carried a multiplier (million, bn, M, 亿, ...)
    words: bool  # spelled out ("twenty", "one billion")

    @property
    def year_like(self) -> bool:
        """A bare four-digit integer between 1900 and 2100: almost always a year."""
        return (not self.percent and not self.multiplied and not self.words
                and self.value.is_integer() and 1900 <= self.value <= 2100)


_INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff")


_PLAIN = {"\u00ad": "-", "\u00a0": " "}  # soft hyphen and no-break space, made plain


def _fold_mapped(text: str) -> tuple[str, list[int] | range]:
    """``text`` folded for number matching, and each folded character's index in ``text``.

    Folding: NFKC per character, invisible characters dropped, soft hyphen and
    no-break space made plain, and line breaks inside a number ("1,000,\n000") removed.
    """
    dropped = {i for m in SPLIT_NUMBER.finditer(text) for i in range(m.start(), m.end())}
    if not dropped and (text.isascii() or (unicodedata.is_normalized("NFKC", text)
                                           and not any(c in text for c in _INVISIBLE) and "\u00ad" not in text)):
        return text, range(len(text))  # nothing to fold: the common case, kept fast
    chars: list[str] = []
    index: list[int] = []
    for i, c in enumerate(text):
        if i in dropped or c in _INVISIBLE:
            continue
        folded = c if c < "\x80" else (_PLAIN.get(c) or unicodedata.normalize("NFKC", c))
        chars.append(folded)
        index.extend([i] * len(folded))
    return "".join(chars), index


def _fold(text: str) -> str:
    return _fold_mapped(text)[0]


_FULL = re.compile(r"\d{1,3}(?:[,'\u2019`]\d{3}){2,}")  # 1,000,000 and more, written out


def _digits_value(digits: str) -> float:
    if re.fullmatch(r"\d{1,3},\d{1,2}", digits):
        return float(digits.replace(",", "."))
    if re.search("[,'\u2019`]", digits):
        return float(re.sub("[,'\u2019`]", "", digits))
    if digits.count(".") >= 2:
        return float(digits.replace(".", ""))
    return float(re.sub(r"[ \u202f\u2009]", "", digits))


def _word_value(word: str) -> float:
    parts = [p for p in re.split(r"[-\s]+", word.lower()) if p and p != "and"]
    if "hundred" in parts:
        i = parts.index("hundred")
        head = sum(_WORD_VALUES[p] for p in parts[:i]) or 1
        return float(head * 100 + sum(_WORD_VALUES[p] for p in parts[i + 1:]))
    return float(sum(_WORD_VALUES[p] for p in parts))


def find_numbers(text: str) -> list[Number]:
    """Every number in ``text``, with multipliers applied and percentages marked.

    Spans (``start``, ``end``) index the ``text`` given, even when matching had
    to fold it (zero-width characters, numbers split across lines).
    """
    text, index = _fold_mapped(text)
    found: list[Number] = []
    for m in _NUMBER_RE.finditer(text):
        digits, word = m.group("digits"), m.group("word")
        if digits and _VERSION_BEFORE.search(text[max(0, m.start() - 9):m.start()]):
            continue
        if (digits and not _EURO.fullmatch(digits)
                and re.match(r"\d+\.\d+\.\d", text[m.start():m.end() + 3])):
            continue
        value = _digits_value(digits) if digits else _word_value(word)
        multiplier = None
        if m.group("attached"):
            key = m.group("attached").lower()
            multiplier = _MULTIPLIER_WORDS.get(key) or (
                _MULTIPLIER_LETTERS.get(key) if len(key) == 1 else None)
            if multiplier is None:
                continue  # "12km", "5mb": a unit, not a multiplier
        elif m.group("cjk"):
            multiplier = _CJK_MULTIPLIERS[m.group("cjk")]
        elif m.group("mult") and not (digits and _FULL.fullmatch(digits)):
            # "65,778,844 million": written out in full, the word only repeats the unit
            multiplier = _MULTIPLIER_WORDS[m.group("mult").lower().rstrip("s")]
        percent = bool(m.group("pct"))
        if word and multiplier is None and not percent:
            continue  # a bare word like "one" or "ten" is rarely a figure
        if multiplier:
            value *= multiplier
        start, end = index[m.start()], index[m.end() - 1] + 1
        found.append(Number(value, start, end, percent, multiplier is not None, bool(word)))
    return found


def parse_amount(text: str) -> float | None:
    """The first amount in ``text`` ("1 billion", "21M", "1.000.000", "10亿"), or None.

    Percentages and bare years (1900..2100) are not amounts.
    """
    for number in find_numbers(text):
        if not number.percent and not number.year_like:
            return number.value
    return None


def parse_percent(text: str) -> float | None:
    """The first percentage in ``text`` ("20%", "20 %", "twenty percent"), or None."""
    for number in find_numbers(text):
        if number.percent:
            return number.value
    return None


# "6m cliff", "18M linear": a bare m is a month only before the words of a release (elsewhere it is a million)
_MONTH_ABBREVIATED = r"(?<![\w.])(?P<mn>\d{1,3})\s?(?:m|mos?)\b(?=[\s\-]*(?:cliff|lock|linear|vest))"
_DURATION_RE = re.compile(
    r"(?<![\w.])(?P<n>\d+(?:\.\d+)?|" + _WORD_NUMBER + r"|a|an|half\s+a|first)(?![\w])"  # "the first year"
    r"(?:\s*\(\d+\))?"  # "twelve (12) months"
    r"[\s\-\u2010\u2011\u2013]*(?P<unit>years?|yrs?|months?|mos?|weeks?|days?)\b"
    r"|" + _MONTH_ABBREVIATED +
    r"|(?<![\d.])(?P<cn>\d+(?:\.\d+)?)\s*(?P<cjk>个月|月|年|周|天)",  # 12 个月, 1 年
    re.IGNORECASE,
)
_CJK_UNITS = {"个月": "month", "月": "month", "年": "year", "周": "week", "天": "day"}


def _months(m: re.Match) -> float:
    if m.group("mn"):
        return float(m.group("mn"))
    if m.group("cn"):
        count, unit = float(m.group("cn")), _CJK_UNITS[m.group("cjk")]
    else:
        n = m.group("n").lower()
        count = 0.5 if n.startswith("half") else 1.0 if n == "first" else float(n) if n[0].isdigit() else _word_value(n)
        unit = m.group("unit").lower()
    if unit.startswith(("year", "yr")):
        return count * 12
    if unit.startswith("mo"):
        return count
    if unit.startswith("week"):
        return round(count * 12 / 52, 2)
    if count % 365 == 0:
        return count / 365 * 12
    return round(count / 30, 2)


def months_spelled_out(text: str) -> str:
    """``text`` with each abbreviated month written out ("6m cliff" -> "6 months cliff")."""
    return re.sub(_MONTH_ABBREVIATED, lambda m: m.group("mn") + " months", text, flags=re.IGNORECASE)


# a fraction of a whole: "1/5th being unlocked every 6 months" (not a date, "1/12/2018")
# (and one part in up to 60: "then 1/36 released monthly")
_FRACTION = re.compile(r"(?<![\d/.])(?:(?P<a>[1-9])\s*/\s*(?P<b>[2-9]|1[0-2])|1\s*/\s*(?P<c>1[3-9]|[2-5]\d|60))"
                       r"(?:th|rd|nd|st)?\b(?![/.]\d)")


def fractions_as_percents(text: str) -> str:
    """``text`` with each fraction of a whole written as a percentage ("1/5th" -> "20%")."""
    def percent(m: re.Match) -> str:
        a, b = (int(m.group("a")), int(m.group("b"))) if m.group("a") else (1, int(m.group("c")))
        return f"{100 * a / b:g}%" if a < b else m.group()
    return _FRACTION.sub(percent, text)


#: months in one step of a release by equal steps ("every month", "each quarter", "per year")
UNIT_MONTHS = {"month": 1, "quarter": 3, "year": 12}
#: months in one step said by an adverb ("then 10% monthly")
STEP_ADVERBS = {"monthly": 1, "quarterly": 3, "annually": 12, "yearly": 12}


def equal_steps(share: float, start: float = 0.0) -> int | None:
    """How many equal releases of ``share`` % make up what is left after ``start`` % came out at the
    start ("25% every 6 months": 4), or None when no whole number of them does ("30% every 6 months")."""
    if not 0 < share < 100 - start:
        return None
    steps = (100.0 - start) / share
    return round(steps) if abs(steps - round(steps)) < 0.1 else None


def parse_months(text: str) -> float | None:
    """The first duration in ``text`` in months ("1 year" = 12, "180 days" = 6), or None.

    Frequencies ("quarterly", "monthly") are not durations.
    """
    m = _DURATION_RE.search(_fold(text))
    return _months(m) if m else None


def find_months(text: str) -> list[float]:
    """Every duration in ``text``, in months, in order ("12-month cliff, then 36 months" = [12, 36])."""
    return [_months(m) for m in _DURATION_RE.finditer(_fold(text))]


def same_value(a: float, b: float) -> bool:
    """True when two figures are equal up to float noise."""
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def _fold_string(text: str) -> str:
    text = _fold(text).casefold()
    text = text.translate({0x2018: "'", 0x2019: "'", 0x201C: '"', 0x201D: '"',
                           0x2013: "-", 0x2014: "-", 0x2212: "-"})
    return _WS.sub(" ", text).strip()


#: a number with one dot before three digits, as Europeans write thousands ("10.000 ETH")
DOT_THOUSANDS = re.compile(r"(?<![\w.,])(\d{1,3})\.(\d{3})(?![\d.,])")


def value_in_text(value: float | str | bool, text: str) -> bool:
    """Does ``value`` appear in ``text`` once units are normalised?

    Numbers match any way of writing them (1e9 matches "1 billion",
    "1,000,000,000", "1.0B", "1000 million"; 20.0 matches "20%" and
    "twenty percent"). Strings match case-insensitively with whitespace folded,
    as whole words.
    Booleans cannot be checked against text and return False.
    """
    if isinstance(value, bool):
        return False
    if isinstance(value, str):
        needle = _fold_string(value)
        if not needle:
            return False
        # as a whole word: the name "AI" is not in "again", nor "NEB" in "Nebula"
        # (Latin letters and digits only: "缩写为ANS。" states ANS)
        edge_a = r"(?<![0-9a-z])" if needle[0].isascii() and needle[0].isalnum() else ""
        edge_b = r"(?![0-9a-z])" if needle[-1].isascii() and needle[-1].isalnum() else ""
        return re.search(edge_a + re.escape(needle) + edge_b, _fold_string(text)) is not None
    folded = _WS.sub(" ", _fold(text))
    for number in find_numbers(folded):
        if same_value(number.value, float(value)):
            return True
    # "10.000 ETH" also reads as ten thousand
    return any(same_value(float(m.group(1) + m.group(2)), float(value)) for m in DOT_THOUSANDS.finditer(folded))
