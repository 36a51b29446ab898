"""policy: the shipped default, user overrides merged over it, and bad files rejected."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from paperlens.errors import ConfigError
from paperlens.assess.grade import grade
from paperlens.policy import SEVERITIES, load_policy
from paperlens.schema import AllocationRow, Sale, Tokenomics, Vesting
from paperlens.assess.validate import CODES, validate


def write(tmp_path, text: str, name: str = "strict.toml"):
    path = tmp_path / name
    path.write_text(text)
    return path


def team_paper(team_pct: float) -> Tokenomics:
    return Tokenomics(
        allocation=[
            AllocationRow(label="Team", category="team", percent=team_pct,
                          vesting=Vesting(cliff_months=12, vesting_months=36)),
            AllocationRow(label="Community", category="community", percent=100 - team_pct,
                          vesting=Vesting(tge_unlock_pct=100)),
        ]
    )


def codes(t: Tokenomics, policy) -> dict:
    return {f.code: f for f in validate(t, [], policy)[0]}


def test_default_policy_covers_every_rule_with_basis_and_source():
    p = load_policy(None)
    assert p.name == "default"
    assert set(p.rules) == set(CODES)
    for code, rule in p.rules.items():
        assert rule.enabled, code
        assert rule.basis in {"W", "S", "R", "D"}, code
        assert rule.source, code
        assert rule.severity in (None, *SEVERITIES), code
    assert p.points["info"] == 0 < p.points["warn"] < p.points["high"] < p.points["red_line"]
    for sev in ("warn", "high", "red_line"):
        assert p.undisclosed_points[sev] < p.points[sev]
    assert [b[0] for b in p.bands] == ["A", "B", "C", "D", "E", "F"]
    assert 0 < p.coverage_floor < 1


URL = re.compile(r"https?://[^\s]+")
# the texts an [R] rule may rest on, and where they are published
REGULATOR_TEXT = re.compile(r"\b(MiCA|Reg\. \(EU\) \d{4}/\d+|GENIUS Act|Pub\. L\. \d+|SEC)\b")
OFFICIAL_HOSTS = (".gov", ".europa.eu")
# copies, news write-ups and aggregators the policy used to cite instead of the primary source
COPY_HOSTS = ("vdocuments.", "scribd.com", "docslib.org", "linkedin.com", "mondaq.", "engadget.com",
              "coins.online", "financemagnates.com", "cryptobriefing.com", "dnotesedu.com",
              "finder.com", "prokopievlaw.com", "capybobo.io", "help.defisaver.com")


def test_every_source_is_a_citation_a_reader_can_follow():
    for code, rule in load_policy(None).rules.items():
        citation = URL.sub("", rule.source)
        # a citation beside any URL, so the report has something to print
        assert len(re.sub(r"[\W_]+", "", citation)) >= 15, code
        for url in URL.findall(rule.source):
            host = urlsplit(url).hostname or ""
            assert host and not any(c in host for c in COPY_HOSTS), (code, url)
        for doi in re.findall(r"doi:(\S+)", rule.source):
            assert re.fullmatch(r"10\.\d{4,9}/[-._;()/:A-Za-z0-9]+", doi), (code, doi)


def test_regulator_rules_cite_the_regulator_text_not_a_copy():
    rules = {c: r for c, r in load_policy(None).rules.items() if r.basis == "R"}
    assert len(rules) >= 8
    for code, rule in rules.items():
        # the text itself is named (article or section, statement, alert) ...
        assert REGULATOR_TEXT.search(URL.sub("", rule.source)), code
        # ... and any URL is the regulator's own publication, never a blog or news copy
        for url in URL.findall(rule.source):
            assert (urlsplit(url).hostname or "").endswith(OFFICIAL_HOSTS), (code, url)


def test_stricter_threshold_fires(tmp_path):
    strict = load_policy(write(tmp_path, "[rules.TEAM_HEAVY]\nwarn = 20\n"))
    assert strict.name == "strict.toml"
    assert "TEAM_HEAVY" not in codes(team_paper(22), load_policy(None))
    f = codes(team_paper(22), strict)["TEAM_HEAVY"]
    assert f.severity == "warn" and "> 20 warn" in f.threshold
    # the rest of the rule and the other rules keep their defaults
    assert strict.rule("TEAM_HEAVY")["high"] == 30 and strict.rule("TEAM_HEAVY").basis == "W"
    assert strict.rule("INSIDER_HEAVY")["warn"] == 50


def test_disabled_rule_does_not_fire(tmp_path):
    policy = load_policy(write(tmp_path, "[rules.TEAM_HEAVY]\nenabled = false\n"))
    assert "TEAM_HEAVY" in codes(team_paper(40), load_policy(None))
    assert "TEAM_HEAVY" not in codes(team_paper(40), policy)


def test_severity_override_changes_points(tmp_path):
    t = Tokenomics(sale=Sale())
    default = load_policy(None)
    strict = load_policy(write(tmp_path, '[rules.NO_REFUND]\nseverity = "high"\n'))
    before = {d.code: d.points for d in grade(validate(t, [], default)[0], t, default).deductions}
    after = {d.code: d.points for d in grade(validate(t, [], strict)[0], t, strict).deductions}
    assert before["NO_REFUND"] == default.undisclosed_points["warn"]
    assert after["NO_REFUND"] == strict.undisclosed_points["high"] > before["NO_REFUND"]


def test_severity_override_on_graded_rule(tmp_path):
    policy = load_policy(write(tmp_path, '[rules.TEAM_HEAVY]\nseverity = "red_line"\n'))
    assert codes(team_paper(26), policy)["TEAM_HEAVY"].severity == "red_line"


def test_policy_can_add_a_level_to_a_graded_rule(tmp_path):
    policy = load_policy(write(tmp_path, "[rules.TEAM_HEAVY]\nred_line = 45\n"))
    assert codes(team_paper(44), policy)["TEAM_HEAVY"].severity == "high"
    f = codes(team_paper(46), policy)["TEAM_HEAVY"]
    assert f.severity == "red_line" and "> 45 red_line" in f.threshold


def test_points_and_bands_override(tmp_path):
    policy = load_policy(write(tmp_path, "[grade.points]\nwarn = 9\n[grade.bands]\nA = 95\n"))
    assert policy.points["warn"] == 9 and policy.points["high"] == load_policy(None).points["high"]
    assert policy.letter(94) == "B" and policy.letter(95) == "A"


@pytest.mark.parametrize(
    "text,message",
    [
        ("[rules.NOT_A_RULE]\nwarn = 1\n", "unknown rule"),
        ('[rules.TEAM_HEAVY]\nseverity = "fatal"\n', "expected one of"),
        ("[scoring]\nx = 1\n", "unknown section"),
        ("[rules.TEAM_HEAVY\n", "not valid TOML"),
        ('[grade]\nred_line_cap = "Z"\n', "red_line_cap"),
        ("[grade]\ncoverage_floor = 2\n", "coverage_floor"),
    ],
)
def test_bad_policy_files(tmp_path, text, message):
    with pytest.raises(ConfigError, match=message):
        load_policy(write(tmp_path, text))


def test_missing_policy_file(tmp_path):
    with pytest.raises(ConfigError, match="cannot be read"):
        load_policy(tmp_path / "nope.toml")


@pytest.mark.parametrize(
    "text,message",
    [
        ('[rules.TEAM_HEAVY]\nwarn = "abc"\n', r"strict\.toml: rules\.TEAM_HEAVY\.warn = 'abc' must be a number"),
        ("[rules.TEAM_HEAVY]\nhigh = nan\n", r"rules\.TEAM_HEAVY\.high = nan must be a finite number"),
        ('[rules.TEAM_HEAVY]\nenabled = "no"\n', r"rules\.TEAM_HEAVY\.enabled = 'no' must be true or false"),
        ("[rules.TEAM_HEAVY]\nwran = 5\n", r"rules\.TEAM_HEAVY\.wran is not a setting"),
        ('[grade]\nstart = "x"\n', r"grade\.start = 'x' must be a number"),
        ('[grade.points]\nwarn = "5"\n', r"grade\.points\.warn = '5' must be a number"),
        ("[grade]\nfloor = 1\n", r"grade\.floor is not a setting"),
        ("rules = 5\n", r"rules = 5 must be a table"),
        ("[rules]\nTEAM_HEAVY = 3\n", r"\[rules\.TEAM_HEAVY\] must be a table"),
    ],
)
def test_policy_values_of_the_wrong_type_name_the_key_and_the_file(tmp_path, text, message):
    with pytest.raises(ConfigError, match=message):
        load_policy(write(tmp_path, text))


def test_policy_values_of_the_right_type_still_load(tmp_path):
    policy = load_policy(write(tmp_path, "[rules.TEAM_HEAVY]\nwarn = 12.5\nenabled = true\n"
                                         "[grade]\nstart = 90\n"))
    assert policy.rule("TEAM_HEAVY")["warn"] == 12.5 and policy.start == 90


# ---------------------------------------------------------------- thresholds and comparisons


def test_a_lower_threshold_fires_on_a_smaller_share(tmp_path):
    assert "TEAM_HEAVY" not in codes(team_paper(15), load_policy(None))
    f = codes(team_paper(15), load_policy(write(tmp_path, "[rules.TEAM_HEAVY]\nwarn = 10\n")))["TEAM_HEAVY"]
    assert f.severity == "warn" and f.threshold == "> 10 warn, > 30 high"
    assert f.message == "The team holds 15% of the supply (above 10%)."


def test_the_comparison_is_the_policys(tmp_path):
    assert "TEAM_HEAVY" not in codes(team_paper(25), load_policy(None))
    policy = load_policy(write(tmp_path, '[rules.TEAM_HEAVY]\ncomparison = ">="\n'))
    f = codes(team_paper(25), policy)["TEAM_HEAVY"]
    assert f.severity == "warn" and f.threshold == ">= 25 warn, >= 30 high"
    assert codes(team_paper(30), policy)["TEAM_HEAVY"].severity == "high"


def test_a_comparison_table_merges_by_level(tmp_path):
    tax = lambda pct, policy: codes(Tokenomics(controls={"tax_pct": {"value": pct}}), policy).get("HIGH_TAX")
    default = load_policy(None)
    assert tax(10, default).severity == "warn"
    policy = load_policy(write(tmp_path, '[rules.HIGH_TAX]\ncomparison = { high = ">=" }\n'))
    assert policy.rule("HIGH_TAX").thresholds == (("red_line", ">=", 30), ("high", ">=", 10), ("warn", ">=", 5))
    assert tax(10, policy).severity == "high"
    assert tax(4.9, policy) is None


def test_an_added_level_takes_the_mildest_comparison(tmp_path):
    policy = load_policy(write(tmp_path, "[rules.HIGH_TAX]\ninfo = 1\n[rules.TEAM_CLIFF_SHORT]\nred_line = -1\n"))
    assert policy.rule("HIGH_TAX").thresholds[-1] == ("info", ">=", 1)
    assert policy.rule("TEAM_CLIFF_SHORT").thresholds[0] == ("red_line", "<", -1)


@pytest.mark.parametrize(
    "text,message",
    [
        ('[rules.TEAM_HEAVY]\ncomparison = "=>"\n',
         r"rules\.TEAM_HEAVY\.comparison = '=>'; expected one of >, >=, <, <="),
        ('[rules.HIGH_TAX]\ncomparison = { fatal = ">" }\n', r"rules\.HIGH_TAX\.comparison names 'fatal'"),
        ('[rules.NO_REFUND]\ncomparison = ">"\n', r"rules\.NO_REFUND\.comparison is set but no threshold"),
    ],
)
def test_bad_comparisons(tmp_path, text, message):
    with pytest.raises(ConfigError, match=r"^policy strict\.toml: " + message):
        load_policy(write(tmp_path, text))


def test_a_threshold_without_a_comparison_is_an_error(tmp_path, monkeypatch):
    import paperlens.policy as policy_module

    default = policy_module.DEFAULT_PATH.read_text()
    assert default.count('comparison = ">"       #') == 1  # TEAM_HEAVY's
    monkeypatch.setattr(policy_module, "DEFAULT_PATH",
                        write(tmp_path, re.sub(r'comparison = ">" +#.*\n', "", default), "policy.toml"))
    with pytest.raises(ConfigError, match=r"rules\.TEAM_HEAVY has thresholds but no comparison"):
        load_policy(None)


def test_a_rule_without_severity_is_an_error_not_a_default(tmp_path, monkeypatch):
    import paperlens.policy as policy_module

    default = policy_module.DEFAULT_PATH.read_text()
    block = default.index("[rules.NO_REFUND]")
    cut = default.index('severity = "warn"\n', block)
    monkeypatch.setattr(policy_module, "DEFAULT_PATH",
                        write(tmp_path, default[:cut] + default[cut + len('severity = "warn"\n'):], "policy.toml"))
    with pytest.raises(ConfigError, match=r"rules\.NO_REFUND sets no severity"):
        validate(Tokenomics(sale=Sale()), [], load_policy(None))
