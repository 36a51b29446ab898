"""What validate's rules are made of: the context a rule sees, its declaration, and message helpers.

A rule is either a :class:`Threshold` (data: the figure it reads, its message,
where its evidence is) or a small function wrapped by :func:`rule`. Neither
states a comparison, a threshold or a default severity: those live in
``policy.toml`` (:attr:`paperlens.policy.RulePolicy.thresholds` and
``severity``), and the threshold text a finding shows is made from them.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass, field
from typing import Callable, Iterable

from paperlens.errors import ConfigError
from paperlens.assess.schedule import row_pct
from paperlens.policy import RulePolicy
from paperlens.schema import AllocationRow, Evidence, Fact, Figures, Finding, LanguageHit, Mentions, Tokenomics

COMPARE = {">": operator.gt, ">=": operator.ge, "<": operator.lt, "<=": operator.le}


@dataclass
class Ctx:
    """What a rule sees: the verified facts, language hits, the figures and its own settings."""

    t: Tokenomics
    language: list[LanguageHit]
    figures: Figures
    rule: RulePolicy
    code: str
    pillar: str
    mentions: Mentions = field(default_factory=Mentions)

    def mentioned(self, item: str) -> list[int]:
        """Pages where the text mentions ``item`` (:class:`~paperlens.schema.Mentions`): its absence is
        then not established, and a disclosure finding about it does not fire."""
        return getattr(self.mentions, item)

    def hits(self, *kinds: str) -> list[LanguageHit]:
        """The language hits of these kinds."""
        return [h for h in self.language if h.kind in kinds]

    def finding(
        self,
        message: str,
        *,
        severity: str | None = None,
        kind: str = "risk",
        figures: dict | None = None,
        threshold: str | None = None,
        evidence: Iterable[Evidence | None] = (),
    ) -> Finding:
        """A finding of this rule, at the policy's ``severity`` if it sets one, else at ``severity``
        (a level of the rule's thresholds)."""
        severity = self.rule.severity or severity
        if severity is None:
            raise ConfigError(f"policy: rules.{self.code} sets no severity")
        return Finding(
            code=self.code,
            pillar=self.pillar,
            severity=severity,
            message=message,
            kind=kind,
            figures={k: (round(v, 2) if isinstance(v, float) else v) for k, v in (figures or {}).items()},
            threshold=threshold,
            basis=self.rule.basis,
            source=self.rule.source,
            evidence=dedupe(evidence),
        )

    def tier(self, value: float) -> tuple[str, str, float] | None:
        """The worst of the policy's levels that ``value`` crosses: (severity, comparison, threshold)."""
        for severity, op, limit in self.rule.thresholds:
            if COMPARE[op](value, limit):
                return severity, op, limit
        return None

    def threshold_text(self, unit: str = "") -> str:
        """The policy's levels, mildest first, e.g. "> 25 warn, > 30 high (%)"."""
        text = ", ".join(f"{op} {num(limit)} {sev}" for sev, op, limit in reversed(self.rule.thresholds))
        return f"{text} ({unit})" if unit else text

    def mildest(self) -> str | None:
        """The severity of the rule's mildest level (for a figure that is not found in the text)."""
        return self.rule.thresholds[-1][0] if self.rule.thresholds else None


RuleFn = Callable[[Ctx], list[Finding]]


@dataclass(frozen=True)
class Rule:
    """A rule that needs logic: a function of the :class:`Ctx`, under its code and pillar."""

    code: str
    pillar: str
    fn: RuleFn

    def check(self, c: Ctx) -> list[Finding]:
        """The rule's findings."""
        return self.fn(c)


def rule(code: str, pillar: str) -> Callable[[RuleFn], Rule]:
    """Declare a function as the rule ``code`` of ``pillar``."""
    return lambda fn: Rule(code, pillar, fn)


@dataclass(frozen=True)
class Threshold:
    """A rule that compares one figure with the policy's levels and reports the worst one crossed.

    ``figure`` is a :class:`~paperlens.schema.Figures` field, or a dotted path to a
    fact of the verified facts ("controls.tax_pct"); the finding shows it under its
    last name, with the ``shown`` figures beside it. ``message`` is a template
    ({value}, {limit}, {word}: above or below, {labels}: the ``rows``' labels) or a
    function of the value. Evidence: the stated ``facts``' quotes, else the ``rows``'.
    """

    code: str
    pillar: str
    figure: str
    message: str | Callable[[float], str]
    unit: str = ""
    rows: Callable[[Tokenomics], list[AllocationRow]] | None = None
    facts: tuple[str, ...] = ()
    shown: tuple[str, ...] = ()

    def check(self, c: Ctx) -> list[Finding]:
        """One finding at the worst level crossed, or none."""
        value = fact_at(c.t, self.figure).value if "." in self.figure else getattr(c.figures, self.figure)
        if value is None:
            return []
        hit = c.tier(value)
        if hit is None:
            return []
        severity, op, limit = hit
        rows = self.rows(c.t) if self.rows else []
        if callable(self.message):
            message = self.message(value)
        else:
            message = self.message.format(
                value=num(value), limit=num(limit), word="above" if op.startswith(">") else "below",
                labels=", ".join(r.label for r in rows),
            )
        name = self.figure.rsplit(".", 1)[-1]
        return [
            c.finding(
                message,
                severity=severity,
                figures={name: value, **{k: getattr(c.figures, k) for k in self.shown}},
                threshold=c.threshold_text(self.unit),
                evidence=facts_ev(*(fact_at(c.t, f) for f in self.facts)) or row_ev(rows),
            )
        ]


def fact_at(t: Tokenomics, path: str) -> Fact:
    """The fact at a dotted path of the facts, e.g. "supply.total_supply"."""
    target = t
    for name in path.split("."):
        target = getattr(target, name)
    return target


def rows_in(*categories: str) -> Callable[[Tokenomics], list[AllocationRow]]:
    """The allocation rows of these categories (every row when none is)."""
    return lambda t: [r for r in t.allocation if r.category in categories] or t.allocation


def all_rows(t: Tokenomics) -> list[AllocationRow]:
    """Every allocation row."""
    return t.allocation


def num(x: float | None) -> str:
    """A number for a message: no trailing zeros, thousands separated."""
    if x is None:
        return "?"
    x = round(float(x), 2)
    return f"{x:,.0f}" if x == int(x) else f"{x:,.2f}".rstrip("0").rstrip(".")


def dedupe(evidence: Iterable[Evidence | None]) -> list[Evidence]:
    """The evidence without blanks and repeats (same page and quote), in order."""
    seen, out = set(), []
    for ev in evidence:
        if ev is None:
            continue
        key = (ev.page, ev.quote)
        if key not in seen:
            seen.add(key)
            out.append(ev)
    return out


def row_ev(rows: Iterable[AllocationRow]) -> list[Evidence | None]:
    """The quotes of these rows and of their vesting terms."""
    out: list[Evidence | None] = []
    for r in rows:
        out.append(r.evidence)
        if r.vesting is not None:
            out.append(r.vesting.evidence)
    return out


def facts_ev(*facts: Fact) -> list[Evidence | None]:
    """The quotes of the stated facts."""
    return [f.evidence for f in facts if f.stated]


def rows_text(rows: Iterable[AllocationRow], base: float | None) -> str:
    """Row labels with their shares, e.g. "Team (20%), Advisors"."""
    parts = []
    for r in rows:
        share = row_pct(r, base)
        parts.append(f"{r.label} ({num(share)}%)" if share is not None else r.label)
    return ", ".join(parts)
