"""The policy: thresholds, severities, points and letter bands for validate and grade.

The default ships as ``policy.toml`` next to this module. A user file uses the
same layout and is merged over the default key by key, so it only needs what
it changes (a threshold, a severity, ``enabled = false``, the points).

A rule with thresholds gives one number per severity (``warn``, ``high``,
``red_line``) and the ``comparison`` that fires it: one of ``> >= < <=`` for
every level, or a table by severity. The rules in :mod:`.validate` state
neither; they read :attr:`RulePolicy.thresholds`.
"""

from __future__ import annotations

import copy
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from paperlens.errors import ConfigError

try:  # Python 3.11+
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python 3.10
    import tomli as tomllib

DEFAULT_PATH = Path(__file__).with_name("policy.toml")
SEVERITIES = ("info", "warn", "high", "red_line")
COMPARISONS = (">", ">=", "<", "<=")
_RULE_META = {"enabled", "severity", "basis", "source", "comparison"}


@dataclass(frozen=True)
class RulePolicy:
    """One rule's settings: on/off, fixed severity, thresholds and where they come from.

    ``thresholds`` are the rule's levels, worst first: (severity, comparison, number).
    """

    code: str
    enabled: bool = True
    severity: str | None = None
    basis: str | None = None
    source: str | None = None
    params: dict[str, Any] = field(default_factory=dict)
    thresholds: tuple[tuple[str, str, float], ...] = ()

    def __getitem__(self, key: str) -> Any:
        return self.params[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self.params.get(key, default)


@dataclass(frozen=True)
class Policy:
    """A loaded policy; ``name`` is "default" or the user file's name."""

    name: str
    rules: dict[str, RulePolicy]
    points: dict[str, float]
    undisclosed_points: dict[str, float]
    bands: list[tuple[str, float]]
    red_line_cap: str
    coverage_floor: float
    start: float = 100.0
    partial_coverage: float = 0.0  # below this coverage the letter is capped ...
    partial_coverage_cap: str | None = None  # ... at this letter
    key_facts_cap: str | None = None  # the best letter without the verified key facts of the paper's kind

    def rule(self, code: str) -> RulePolicy:
        """The settings of rule ``code`` (a disabled stub when the policy does not know it)."""
        return self.rules.get(code) or RulePolicy(code=code, enabled=False)

    def letter(self, score: float) -> str:
        """The letter whose band holds ``score`` (bands are best first)."""
        for letter, low in self.bands:
            if score >= low:
                return letter
        return self.bands[-1][0]

    def points_for(self, severity: str, kind: str = "risk") -> float:
        """Points deducted for one finding of this severity and kind."""
        table = self.undisclosed_points if kind == "undisclosed" else self.points
        return float(table.get(severity, 0))


def _merge(base: dict, override: dict) -> dict:
    out = copy.deepcopy(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def _read(path: Path) -> dict:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except OSError as exc:
        raise ConfigError(f"policy {path}: cannot be read ({exc.strerror})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"policy {path.name}: not valid TOML ({exc})") from None


def _check_severity(where: str, value: Any) -> str:
    if value not in SEVERITIES:
        raise ConfigError(f"policy: {where} = {value!r}; expected one of {', '.join(SEVERITIES)}")
    return value


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, dict):
        return "a table"
    return "a list" if isinstance(value, list) else type(value).__name__


def _check_value(name: str, where: str, value: Any, expected: str) -> None:
    if _kind(value) != expected:
        raise ConfigError(f"policy {name}: {where} = {value!r} must be {expected}")
    if expected == "a number" and not math.isfinite(value):
        raise ConfigError(f"policy {name}: {where} = {value!r} must be a finite number")


def _check_types(user: dict, default: dict, name: str) -> None:
    """Every value of a user file has the type of the default's setting of the same name:
    a clear error naming the key and the file instead of a failure later."""
    for section in ("grade", "rules"):
        if section in user and not isinstance(user[section], dict):
            raise ConfigError(f"policy {name}: {section} = {user[section]!r} must be a table ([{section}])")
    grade_default = default.get("grade", {})
    for key, value in user.get("grade", {}).items():
        if key not in grade_default:
            raise ConfigError(f"policy {name}: grade.{key} is not a setting "
                              f"(known: {', '.join(sorted(grade_default))})")
        expected = _kind(grade_default[key])
        _check_value(name, f"grade.{key}", value, expected)
        if expected == "a table":
            for sub, number in value.items():
                _check_value(name, f"grade.{key}.{sub}", number, "a number")
    settings = {"enabled": "true or false", **{s: "a number" for s in SEVERITIES}}
    for table in default.get("rules", {}).values():
        settings.update({k: _kind(v) for k, v in table.items()})
    for code, table in user.get("rules", {}).items():
        if not isinstance(table, dict):
            continue  # reported by _build
        for key, value in table.items():
            if key not in settings:
                raise ConfigError(f"policy {name}: rules.{code}.{key} is not a setting "
                                  f"(known: {', '.join(sorted(settings))})")
            if key != "comparison":  # a string or a table by level: checked by _thresholds
                _check_value(name, f"rules.{code}.{key}", value, settings[key])


def _thresholds(name: str, code: str, table: dict) -> tuple[tuple[str, str, float], ...]:
    """A rule's levels, worst first; a level without its own comparison takes the mildest one's."""
    numbers = {s: table[s] for s in SEVERITIES if s in table}
    comparison = table.get("comparison")
    where = f"policy {name}: rules.{code}"
    if not numbers:
        if comparison is not None:
            raise ConfigError(f"{where}.comparison is set but no threshold (warn, high, red_line) is")
        return ()
    if comparison is None:
        raise ConfigError(f"{where} has thresholds but no comparison (one of {', '.join(COMPARISONS)})")
    by_level = comparison if isinstance(comparison, dict) else dict.fromkeys(numbers, comparison)
    for sev, op in by_level.items():
        if sev not in SEVERITIES:
            raise ConfigError(f"{where}.comparison names {sev!r}; expected one of {', '.join(SEVERITIES)}")
        if op not in COMPARISONS:
            raise ConfigError(f"{where}.comparison = {op!r}; expected one of {', '.join(COMPARISONS)}")
    if not by_level:
        raise ConfigError(f"{where}.comparison is empty")
    mildest = next(by_level[s] for s in SEVERITIES if s in by_level)
    levels = []
    for sev in reversed(SEVERITIES):
        if sev not in numbers:
            continue
        value = numbers[sev]
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ConfigError(f"{where}.{sev} = {value!r}; expected a number")
        levels.append((sev, by_level.get(sev, mildest), value))
    return tuple(levels)


def _build(data: dict, name: str, known: set[str] | None) -> Policy:
    unknown = set(data) - {"grade", "rules"}
    if unknown:
        raise ConfigError(f"policy {name}: unknown section(s) {', '.join(sorted(unknown))}")
    g = data.get("grade", {})
    rules: dict[str, RulePolicy] = {}
    for code, table in data.get("rules", {}).items():
        if known is not None and code not in known:
            raise ConfigError(f"policy {name}: unknown rule {code}")
        if not isinstance(table, dict):
            raise ConfigError(f"policy {name}: [rules.{code}] must be a table")
        severity = table.get("severity")
        if severity is not None:
            _check_severity(f"rules.{code}.severity", severity)
        for power, sev in table.get("severity_by_power", {}).items():
            _check_severity(f"rules.{code}.severity_by_power.{power}", sev)
        rules[code] = RulePolicy(
            code=code,
            enabled=bool(table.get("enabled", True)),
            severity=severity,
            basis=table.get("basis"),
            source=table.get("source"),
            params={k: v for k, v in table.items() if k not in _RULE_META},
            thresholds=_thresholds(name, code, table),
        )
    points = {s: float(v) for s, v in g.get("points", {}).items()}
    undisclosed = {s: float(v) for s, v in g.get("undisclosed_points", {}).items()}
    for s in list(points) + list(undisclosed):
        _check_severity("grade.points", s)
    bands = sorted(((k, float(v)) for k, v in g.get("bands", {}).items()), key=lambda b: -b[1])
    if not bands:
        raise ConfigError(f"policy {name}: [grade.bands] is empty")
    def letter(key: str, default: str | None = None) -> str | None:
        value = g.get(key, default)
        if value is not None and value not in {b[0] for b in bands}:
            raise ConfigError(f"policy {name}: {key} {value!r} is not a letter in [grade.bands]")
        return value

    cap = letter("red_line_cap", bands[-1][0])
    floor = float(g.get("coverage_floor", 0.0))
    if not 0 <= floor <= 1:
        raise ConfigError(f"policy {name}: coverage_floor must be between 0 and 1")
    partial = float(g.get("partial_coverage", 0.0))
    partial_cap = letter("partial_coverage_cap")
    key_cap = letter("key_facts_cap")
    return Policy(
        name=name,
        rules=rules,
        points=points,
        undisclosed_points=undisclosed,
        bands=bands,
        red_line_cap=cap,
        coverage_floor=floor,
        start=float(g.get("start", 100)),
        partial_coverage=partial,
        partial_coverage_cap=partial_cap,
        key_facts_cap=key_cap,
    )


def load_policy(path: str | Path | None = None) -> Policy:
    """Load the shipped default policy, or a user TOML merged over it.

    Raises :class:`~paperlens.errors.ConfigError` for unreadable files, unknown
    rules or sections, and invalid severities.
    """
    default = _read(DEFAULT_PATH)
    if path is None:
        return _build(default, "default", None)
    path = Path(path)
    user = _read(path)
    if isinstance(user.get("rules"), dict):
        for code, table in user["rules"].items():
            if code in default.get("rules", {}) and not isinstance(table, dict):
                raise ConfigError(f"policy {path.name}: [rules.{code}] must be a table")
    _check_types(user, default, path.name)
    return _build(_merge(default, user), path.name, set(default.get("rules", {})))
