"""Tests for the report renderers (HTML, Markdown, JSON, terminal), the charts
and the unlock schedule."""

from __future__ import annotations

import json
import os
import re
from html.parser import HTMLParser

import pytest
from conftest import ev
from rich.console import Console
from sample_result import (
    IMG,
    SCRIPT,
    empty_result,
    fact,
    hostile_result,
    large_result,
    sample_result,
)

from paperlens.assess.figures import compute
from paperlens.assess.ground import trusted
from paperlens.assess.schedule import unlock_schedule
from paperlens.report import render, terminal, view
from paperlens.report.charts import donut_svg, fmt_pct, unlock_svg
from paperlens.schema import AllocationRow, Result, Tokenomics, Vesting

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


class TagChecker(HTMLParser):
    """Checks tag balance and collects every start tag with its attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else None}> "
                               f"at {self.getpos()}")
            if tag in self.stack:
                while self.stack.pop() != tag:
                    pass
        else:
            self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


def parse(html: str) -> TagChecker:
    checker = TagChecker()
    checker.feed(html)
    checker.close()
    return checker


@pytest.fixture(scope="module")
def sample_html() -> str:
    return render.render_html(sample_result())


@pytest.fixture(scope="module")
def hostile_html() -> str:
    return render.render_html(hostile_result())


# ------------------------------------------------------------------ HTML


@pytest.mark.parametrize("build", [sample_result, empty_result, hostile_result, large_result])
def test_html_is_well_formed(build):
    html = render.render_html(build())
    assert html.startswith("<!DOCTYPE html>")
    checker = parse(html)
    assert checker.errors == []
    assert checker.stack == []


@pytest.mark.parametrize("build", [sample_result, hostile_result])
def test_html_is_self_contained(build):
    html = render.render_html(build())
    assert not re.search(r"""(src|href|xlink:href)\s*=\s*["']?\s*(https?:|//|javascript:|data:)""",
                         html, re.I)
    assert "<link" not in html.lower()
    assert "<script" not in html.lower()
    assert "@import" not in html and "url(" not in html
    # defence in depth: the page forbids scripts and network loads itself
    assert "content=\"default-src 'none'; style-src 'unsafe-inline';" in html
    for tag, attrs in parse(html).tags:
        assert tag not in {"script", "img", "iframe", "object", "embed", "link"}
        assert "src" not in attrs
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        if "href" in attrs:
            assert attrs["href"].startswith("#"), attrs["href"]


def test_injected_strings_are_escaped(hostile_html):
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in hostile_html
    assert "&lt;img src=x onerror=alert(1)&gt;" in hostile_html
    assert SCRIPT not in hostile_html and IMG not in hostile_html
    # the strings are shown to the reader as text, not dropped
    text = "".join(parse(hostile_html).text)
    assert SCRIPT in text and IMG in text and "javascript:alert(1)" in text


def test_donut_has_one_arc_per_allocation_row(sample_html):
    rows = sample_result().tokenomics.allocation
    assert "<svg" in sample_html
    assert sample_html.count('<path class="slice') == len(rows)
    insiders = [r for r in rows if r.category in ("team", "advisors", "private_investors")]
    assert sample_html.count('<path class="slice insider"') == len(insiders)
    assert 'class="insider-ring"' in sample_html
    assert ">57%</text>" in sample_html  # insider total in the hole


def test_unlock_chart_present(sample_html):
    assert 'class="chart unlock wide"' in sample_html
    assert 'class="chart unlock compact"' in sample_html
    # team, advisors, private investors, public sale, community: one area each, in both drawings
    assert sample_html.count('<polygon class="area"') == 2 * 5
    assert "release terms for <strong>80%</strong> of supply" in sample_html
    assert "Schedule not found in the text" in sample_html
    assert "Ecosystem Fund" in sample_html and "TBD: no time-based release" in sample_html


def test_empty_result_says_not_stated():
    html = render.render_html(empty_result())
    assert "<svg" not in html
    assert "Allocation not found in the text" in html
    assert "Unlock schedule not found in the text" in html
    assert "not assessable" in html
    assert html.count("not found") > 20 and "not stated" not in html


def test_evidence_status_is_marked(sample_html):
    assert 'class="status st-quote_not_found">quote NOT found in the PDF' in sample_html
    assert 'class="status st-value_not_in_quote">quote found, value not in it' in sample_html
    assert 'class="status st-verified">verified' in sample_html


def test_header_grade_and_red_lines(sample_html):
    assert 'class="badge grade-f"' in sample_html
    assert "35 <span" in sample_html and "coverage 82%" in sample_html
    assert 'class="redlines"' in sample_html
    assert "red line GUARANTEED_RETURNS caps the grade at F" in sample_html
    for pillar in ("Integrity", "Vesting", "Disclosure"):
        assert f"{pillar.lower()}</span> <strong>" in sample_html


def test_deductions_explain_the_grade(sample_html):
    result = sample_result()
    assert "−65" in sample_html  # total deducted
    for d in result.grade.deductions:
        assert f'>{d.code}</a>' in sample_html  # each line links to its finding
    ids = re.findall(r'<article class="finding f-\w+" id="(finding-\d+)"', sample_html)
    assert len(ids) == len(result.findings) == len(set(ids))


def test_zero_is_not_not_stated():
    r = empty_result()
    r.tokenomics.emission.annual_inflation_pct = fact(0.0, 2, "no inflation (0%)")
    html = render.render_html(r)
    assert "<td class=\"val\">0%</td>" in html


def test_provenance_shown(sample_html):
    r = sample_result()
    for needle in (r.file.sha256, "gpt-4o-mini", "extract-v3", "1, 3, 6, 7, 8, 9, 12",
                   "18,234", "$0.0041", "2026-11-22T00:00:00+00:00", "page 17 has no text layer"):
        assert needle in sample_html, needle


def test_html_size_bound():
    # Bound: 300 KB for a 20-row paper. The report is mailed around and opened on phones.
    # Fixed cost is ~20 KB (CSS, empty sections); the 9-row sample is ~75 KB and a 20-row
    # one ~90 KB. The worst case below (20 rows, 40 findings, every quote at the 600-char
    # display clip) lands near 200 KB, so 300 KB leaves headroom while catching a runaway
    # (per-month SVG nodes, duplicated sections, unclipped quotes).
    assert len(render.render_html(large_result(20)).encode()) < 150_000
    r = large_result(20)
    long_quote = ("the foundation may release tokens " * 30)[:600]
    r.findings = [f.model_copy(deep=True) for f in r.findings * 5][:40]
    for f in r.findings:
        f.evidence = [ev(long_quote, 7)] * 3
    for row in r.tokenomics.allocation:
        row.evidence = ev(long_quote, 7)
        if row.vesting:
            row.vesting.evidence = ev(long_quote, 8)
    html = render.render_html(r)
    assert html.count('<path class="slice') == 20
    assert len(html.encode()) < 300_000


# ------------------------------------------------------------------ Markdown


def _cells(line: str) -> int:
    return len(re.findall(r"(?<!\\)\|", line)) - 1


def _tables(md: str) -> list[list[str]]:
    tables, current = [], []
    for line in md.splitlines():
        if line.startswith("|"):
            current.append(line)
        elif current:
            tables.append(current)
            current = []
    if current:
        tables.append(current)
    return tables


@pytest.mark.parametrize("build", [sample_result, hostile_result, empty_result])
def test_markdown_tables_well_formed(build):
    md = render.render_markdown(build())
    tables = _tables(md)
    assert len(tables) >= 8
    for table in tables:
        assert len(table) >= 2
        assert re.fullmatch(r"\|(\s*:?-+:?\s*\|)+", table[1]), table[1]
        widths = {_cells(line) for line in table}
        assert len(widths) == 1, table
        for line in table:
            assert line.endswith("|")


def test_markdown_content_and_escaping():
    md = render.render_markdown(hostile_result())
    assert "<script" not in md and "<img" not in md
    assert "&lt;script>window.__pwned=1&lt;/script>" in md
    assert "&lt;img src=x onerror=alert(1)>" in md
    assert "](javascript:" not in md
    assert "x\\|y" in md  # a pipe in a figure name is escaped, not a new cell
    sample = render.render_markdown(sample_result())
    assert sample.startswith("# Nebula Protocol (NBL)")
    assert "**Grade F** · score 35/100" in sample
    assert "| Team & Founders | Team | yes | 20% |" in sample
    assert "| **Total circulating** |" in sample
    assert "quote NOT found in the PDF" in sample
    assert "*Allocation not found in the text" in render.render_markdown(empty_result())


def test_md_escape():
    esc = render.md_escape
    assert esc("warn < 20 %, high > 50 %") == "warn < 20 %, high > 50 %"
    assert esc("R&D") == "R&D"
    assert esc("<b>x</b> <!-- c --> <https://e.x>") == "&lt;b>x&lt;/b> &lt;!-- c --> &lt;https://e.x>"
    assert esc("a|b") == "a\\|b"
    assert esc("[x](javascript:alert(1))") == "\\[x\\](javascript:alert(1))"
    assert esc("two\nlines  here") == "two lines here"
    assert esc("*bold* `code`") == "\\*bold\\* \\`code\\`"
    assert esc(None) == ""


# ------------------------------------------------------------------ JSON


@pytest.mark.parametrize("build", [sample_result, empty_result, hostile_result])
def test_json_round_trips(build):
    result = build()
    text = render.render_json(result)
    assert Result.model_validate_json(text) == result
    assert json.loads(text)["grade"]["letter"] == result.grade.letter


# ------------------------------------------------------------------ terminal


@pytest.mark.parametrize("build", [sample_result, empty_result, hostile_result, large_result])
@pytest.mark.parametrize("width", [100, 160])
def test_summary_fits_100_columns(build, width):
    console = Console(width=width, record=True, color_system=None)
    terminal.print_summary(build(), console)
    text = console.export_text()
    lines = text.splitlines()
    assert lines and max(len(line) for line in lines) <= 100


def test_summary_content():
    console = Console(width=100, record=True, color_system=None)
    terminal.print_summary(sample_result(), console)
    text = console.export_text()
    for needle in ("Nebula Protocol (NBL)", " F ", "35/100", "coverage 82%", "1,000,000,000 NBL",
                   "Insiders", "57%", "GUARANTEED_RETURNS", "red line", "Team & Founders",
                   "not found in the text"):
        assert needle in text, needle
    # severity order: the red line comes before the first warn
    assert text.index("GUARANTEED_RETURNS") < text.index("LOW_FLOAT")


def test_summary_does_not_interpret_markup():
    r = sample_result()
    r.tokenomics.allocation[0].label = "[bold red]Team[/bold red]"
    r.findings[0].message = "[link=http://x]click[/link]"
    console = Console(width=100, record=True, color_system=None)
    terminal.print_summary(r, console)
    text = console.export_text()
    assert "[bold red]Team[/bold red]" in text
    assert "[link=http://x]click[/link]" in text


def test_summary_empty_says_not_stated():
    console = Console(width=100, record=True, color_system=None)
    terminal.print_summary(empty_result(), console)
    text = console.export_text()
    assert "Allocation: not found in the text" in text
    assert "not assessable" in text and "N/A" in text


# ------------------------------------------------------------------ writes


def test_write_functions_are_atomic(tmp_path):
    r = sample_result()
    render.write_html(r, tmp_path / "r.html")
    render.write_markdown(r, tmp_path / "r.md")
    render.write_json(r, tmp_path / "sub" / "r.json")
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == ["r.html", "r.json", "r.md"]
    assert (tmp_path / "r.html").read_text(encoding="utf-8") == render.render_html(r)
    assert Result.model_validate_json((tmp_path / "sub" / "r.json").read_text()) == r
    mode = os.stat(tmp_path / "r.html").st_mode & 0o777
    assert mode & 0o044  # readable by others, like a normal file (mkstemp makes 0600)


def test_failed_write_keeps_old_file_and_no_temp(tmp_path):
    target = tmp_path / "report.html"
    target.write_text("old")
    with pytest.raises(TypeError):
        render.atomic_write_text(target, 123)  # type: ignore[arg-type]
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]


def test_dash_writes_to_stdout(capsys, tmp_path):
    render.write_markdown(sample_result(), "-")
    out = capsys.readouterr().out
    assert out.startswith("# Nebula Protocol")
    render.write_json(empty_result(), "-")
    assert Result.model_validate_json(capsys.readouterr().out) == empty_result()


# ------------------------------------------------------------------ schedule & charts


def _tok(*rows: AllocationRow) -> Tokenomics:
    t = Tokenomics()
    t.allocation = list(rows)
    return t


def test_schedule_cliff_then_linear():
    t = _tok(AllocationRow(label="Team", category="team", percent=20,
                           vesting=Vesting(tge_unlock_pct=0, cliff_months=12, vesting_months=36)))
    s = unlock_schedule(t)
    assert s.months == 48
    assert s.at(0) == 0 and s.at(12) == 0
    assert s.at(30) == pytest.approx(10)
    assert s.at(48) == pytest.approx(20)


def test_schedule_tge_step_tbd_and_partial():
    t = _tok(
        AllocationRow(label="Public", category="public_sale", percent=10, vesting=Vesting(tge_unlock_pct=100)),
        AllocationRow(label="Private", category="private_investors", percent=20,
                      vesting=Vesting(tge_unlock_pct=10, vesting_months=12, shape="step",
                                      frequency="quarterly")),
        AllocationRow(label="Eco", category="reserve", percent=30, vesting=Vesting(tbd=True)),
        AllocationRow(label="Adv", category="advisors", percent=5, vesting=Vesting(tge_unlock_pct=20)),
        AllocationRow(label="Misc", category="other", percent=None),
    )
    s = unlock_schedule(t)
    private = next(r for r in s.rows if r.label == "Private")
    assert private.unlocked[0] == pytest.approx(2)
    assert private.unlocked[2] == pytest.approx(2)  # nothing until the first quarter ends
    assert private.unlocked[3] == pytest.approx(2 + 18 * 3 / 12)
    assert private.unlocked[12] == pytest.approx(20)
    assert s.at(0) == pytest.approx(10 + 2 + 1)
    reasons = {n.label: n.reason for n in s.not_stated}
    assert reasons["Eco"].startswith("TBD")
    assert "only the TGE unlock" in reasons["Adv"]
    assert reasons["Misc"] == "share not found in the text"


def test_schedule_share_from_amount_and_long_tail():
    t = _tok(AllocationRow(label="Miners", category="community", amount=500,
                           vesting=Vesting(cliff_months=0, vesting_months=240)))
    t.supply.max_supply = fact(1000.0)
    s = unlock_schedule(t)
    assert s.truncated and s.months == 120
    assert s.at(120) == pytest.approx(25)


def _figs(*rows: AllocationRow):
    return compute(Tokenomics(allocation=list(rows))).rows


def test_donut_edge_cases():
    whole = _figs(AllocationRow(label="All", category="community", percent=100))
    svg = donut_svg(whole)
    assert svg.count('<path class="slice') == 1 and " A " in svg
    over = _figs(AllocationRow(label="A", category="team", percent=80),
                 AllocationRow(label="B", category="other", percent=40))
    assert ">80%</text>" in donut_svg(over) and 'class="gap"' not in donut_svg(over)
    under = _figs(AllocationRow(label="A", category="team", percent=60))
    assert 'class="gap"' in donut_svg(under)
    assert donut_svg(_figs(AllocationRow(label="A", category="team"))) == ""
    assert unlock_svg(unlock_schedule(Tokenomics())) == ""


def test_chart_labels_are_escaped():
    svg = donut_svg(_figs(AllocationRow(label=SCRIPT, category="team", percent=50)))
    assert SCRIPT not in svg and "&lt;script&gt;" in svg


def test_fmt_pct():
    assert fmt_pct(14.2) == "14.2%"
    assert fmt_pct(20.0) == "20%"
    assert fmt_pct(1 / 3, 1) == "0.3%"
    assert fmt_pct(None) == "not found in the text"


def test_nonsense_numbers_do_not_break_the_report():
    r = sample_result()
    rows = r.tokenomics.allocation
    rows[0].percent = float("nan")
    rows[1].percent = -5
    rows[2].vesting.vesting_months = float("inf")
    rows[3].vesting.cliff_months = 1e12
    r.grade.pillars[0].max = 0
    r.figures = compute(trusted(r.tokenomics), r.tokenomics)
    html = render.render_html(r)
    assert parse(html).errors == []
    svgs = re.findall(r"<svg.*?</svg>", html, re.S)
    assert svgs and not any(re.search(r"\b(nan|inf)\b", s, re.I) for s in svgs)
    assert html.count('<path class="slice') == len(rows) - 2
    s = unlock_schedule(r.tokenomics)
    assert s.months == 120 and s.truncated
    assert render.render_markdown(r)



def test_a_cliff_with_no_stated_end_is_not_drawn_as_an_unlock():
    """Only the cliff is known: the chart must not invent when the rest is released."""
    from paperlens.assess.schedule import unlock_schedule
    from paperlens.schema import AllocationRow, Tokenomics, Vesting

    t = Tokenomics(allocation=[
        AllocationRow(label="Team", category="team", percent=20, vesting=Vesting(cliff_months=3)),
        AllocationRow(label="Sale", category="public_sale", percent=80, vesting=Vesting(tge_unlock_pct=100)),
    ])
    schedule = unlock_schedule(t)
    assert schedule.at(12) == 80
    [gap] = schedule.not_stated
    assert gap.label == "Team" and "3-month cliff" in gap.reason
    t.allocation[0].vesting.shape = "cliff"  # "locked for 3 months", then all of it
    assert unlock_schedule(t).at(12) == 100


def test_one_unverified_row_gives_the_same_totals_everywhere():
    """Every format counts the verified rows only, and all show the same total and insider share."""
    import json

    from paperlens.pipeline import assess
    from paperlens.policy import load_policy
    from paperlens.schema import Evidence, FileInfo, Provenance, Result

    def row(label, category, pct, status="verified"):
        return AllocationRow(label=label, category=category, percent=pct,
                             evidence=Evidence(page=3, quote=f"{label}: {pct:g}%", status=status))

    t = Tokenomics(allocation=[row("Team", "team", 30), row("Advisors", "advisors", 10, "value_not_in_quote"),
                               row("Public sale", "public_sale", 60)])
    kind, figures, findings, graded = assess(t, [], load_policy(None))
    result = Result(file=FileInfo(name="one-unverified.pdf", sha256="0" * 64, pages=3),
                    provenance=Provenance(paperlens_version="0", backend="rules", policy="default",
                                          created_at="2026-01-01T00:00:00+00:00"),
                    tokenomics=t, figures=figures, findings=findings, grade=graded)
    assert (figures.allocation_sum_pct, figures.insider_pct) == (90, 30)
    alloc_sum = next(f for f in findings if f.code == "ALLOC_SUM")
    assert "90" in alloc_sum.message

    html = render.render_html(result)
    assert re.search(r"Total \(verified rows\)</td><td class=\"num\">90%", html)
    assert '<text class="hole-value"' in html and ">30%</text>" in html
    assert re.search(r'<div class="k">Insiders</div>\s*<div class="v">30%</div>', html)
    assert "<s>Advisors</s>" in html and "insiders 40%" not in html.lower() and ">40%<" not in html

    md = render.render_markdown(result)
    assert "| **Total (verified rows)** | | | 90% |" in md and "| Insiders | 30% |" in md
    assert "~~Advisors~~" in md

    console = Console(width=100, record=True, color_system=None)
    terminal.print_summary(result, console)
    text = console.export_text()
    assert re.search(r"total \(verified rows\)\s+90%", text) and re.search(r"Insiders\s+30%", text)

    data = json.loads(render.render_json(result))
    assert (data["figures"]["allocation_sum_pct"], data["figures"]["insider_pct"]) == (90, 30)
    assert [r["verified"] for r in data["figures"]["rows"]] == [True, False, True]


# ------------------------------------------------------------------ sources beside thresholds


def _team_heavy_result():
    """The sample result with a TEAM_HEAVY finding raised under the shipped policy."""
    from paperlens.assess.validate import validate
    from paperlens.policy import load_policy

    t = Tokenomics(allocation=[
        AllocationRow(label="Team", category="team", percent=35,
                      vesting=Vesting(cliff_months=12, vesting_months=36)),
        AllocationRow(label="Community", category="community", percent=65,
                      vesting=Vesting(tge_unlock_pct=100)),
    ])
    policy = load_policy(None)
    [f] = [f for f in validate(t, [], policy)[0] if f.code == "TEAM_HEAVY"]
    r = sample_result()
    r.findings.append(f)
    return r, f, policy.rule("TEAM_HEAVY").source


def test_finding_source_is_shown_beside_its_threshold():
    from markupsafe import Markup

    r, f, source = _team_heavy_result()
    assert f.source == source and f.threshold and f.basis == "W"
    citation, [(url, host)] = render.source_parts(source)
    assert url.startswith("https://") and url not in citation and "Liquifi" in citation

    html = render.render_html(r)
    cell = re.search(r"<dt>threshold</dt><dd>([^<]*)(<span class=\"prov\">.*?</span>)</dd>",
                     html[html.index(f'<span class="code">{f.code}</span>'):], re.S)
    assert cell and cell.group(1) == f.threshold.replace(">", "&gt;")
    prov = cell.group(2)
    assert 'W</abbr> widely used' in prov
    assert str(Markup.escape(citation)) in prov
    [link] = [attrs for tag, attrs in parse(prov).tags if tag == "a"]
    assert link["href"] == url and "noopener" in link["rel"] and f">{host}</a>" in prov

    md = render.render_markdown(r)
    [line] = [ln for ln in md.splitlines() if ln.startswith(f"  - threshold: {f.threshold}")]
    assert f" — W (widely used); source: {render.md_escape(citation)}" in line
    assert line.endswith(f" · [{host}]({url})")


def test_a_finding_without_threshold_shows_basis_and_source():
    r = sample_result()
    f = next(f for f in r.findings if f.code == "BONUS_TIERS")
    f.source = "de Jong et al., Venture Capital, 2020, doi:10.1080/13691066.2020.1741127"
    html = render.render_html(r)
    assert ('<dt>basis</dt><dd><span class="prov"><abbr class="basis" title="basis: one source&#39;s '
            'number">S</abbr> one source&#39;s number · <cite>de Jong et al., Venture Capital, 2020, '
            '<a href="https://doi.org/10.1080/13691066.2020.1741127"') in html
    md = render.render_markdown(r)
    assert ("  - basis: S (one source's number); source: de Jong et al., Venture Capital, 2020, "
            "[doi:10.1080/13691066.2020.1741127](https://doi.org/10.1080/13691066.2020.1741127)") in md


def test_only_http_urls_in_a_source_become_links():
    source = ('javascript:alert(1) — x; data:text/html,<b>hi</b>; '
              'https://a.example/p?q=1&r=2 — A, “T”, 2024; https://b.example/"onmouseover=alert(1)')
    citation, links = render.source_parts(source)
    assert links == [("https://a.example/p?q=1&r=2", "a.example"), ("https://b.example/", "b.example")]
    assert citation.startswith("javascript:alert(1) — x; data:text/html,<b>hi</b>;")
    html = str(render.cite_html(source))
    tags = parse(html).tags
    assert [a["href"] for t, a in tags if t == "a"] == [u for u, _ in links]
    assert not any(t == "b" or any(n.startswith("on") for n in a) for t, a in tags)
    md = str(render.cite_md(source))
    assert "](javascript:" not in md and "](data:" not in md and "<b>" not in md
    assert render.source_parts(None) == ("", []) and str(render.cite_html("")) == ""


def test_allocation_not_found_points_to_figures_near_the_token_sections():
    from paperlens.schema import Mentions

    r = empty_result()
    r.mentions = Mentions(tokenomics_section=[7], figures=[8, 20])
    html, md = render.render_html(r), render.render_markdown(r)
    assert "Allocation not found in the text" in html and "carry figures (p. 8)" in html
    assert "carry figures: p. 8" in md and "20" not in md.split("carry figures")[1][:12]


# ------------------------------------------------------------ issue 13: terminal, wording, pillars, title


def _summary_text(result) -> str:
    console = Console(width=100, record=True, force_terminal=True, color_system=None)
    terminal.print_summary(result, console)
    return console.export_text()


def test_terminal_summary_strips_escapes_from_text_that_came_from_the_paper():
    r = sample_result()
    evil = "\x1b]0;owned\x07Nebula\x1b[2J\nforged: line\r"
    r.tokenomics.identity.project_name = fact(evil, 1, evil)
    r.tokenomics.summary = fact("A chain\x1b[31m in red", 1, "A chain")
    r.findings[0].message = "bad\x1b[1A\x1b[2Kmessage"
    r.tokenomics.allocation[0].label = "Team\x07\x1b[5m"
    r.warnings = ["warn\x1b]52;c;ZXZpbA==\x07ing"]
    text = _summary_text(r)
    assert "\x1b" not in text and "\x07" not in text and "\r" not in text
    assert "forged: line" in text and "Nebula" in text  # shown, on the title line, made harmless
    assert "badmessage" in text and "warning: warning" in text


def test_markdown_counts_agree_in_number():
    r = sample_result()
    risks = [f for f in r.findings if f.kind == "risk"]
    r.findings = risks[:1]
    md = render.render_markdown(r)
    assert "1 design risk and 0 disclosure gaps" in md
    assert "1 design risks" not in render.render_html(r)


def test_na_report_shows_no_pillar_scores():
    r = sample_result()
    r.grade = r.grade.model_copy(update={"letter": "N/A", "score": None, "assessable": False})
    html, md, text = render.render_html(r), render.render_markdown(r), _summary_text(r)
    assert 'class="bar' not in html and html.count("not assessed") >= len(r.grade.pillars)
    assert "| Supply | not assessed |" in md or "| supply | not assessed |" in md
    assert "supply not assessed" in text


def test_pillar_whose_key_facts_were_not_found_is_not_assessed():
    r = sample_result()
    detail = dict(r.grade.coverage_detail, supply=False, emission_schedule=False)
    r.grade = r.grade.model_copy(update={"coverage_detail": detail})
    views = {p["pillar"]: p for p in view.pillar_views(r)}
    assert views["supply"]["assessed"] is False
    assert views["distribution"]["assessed"] is True  # allocation found and verified
    assert "supply not assessed" in _summary_text(r)


def test_title_is_the_project_name_only_when_verified():
    r = sample_result()
    assert render.render_markdown(r).startswith("# Nebula Protocol") or "# Nebula Protocol" in render.render_markdown(r)
    r.tokenomics.identity.project_name = fact("Fake Name", 1, "Fake Name", status="value_not_in_quote")
    r.tokenomics.identity.token_name = fact(None)
    html, md = render.render_html(r), render.render_markdown(r)
    assert f"<h1>{r.file.name}" in html and "Fake Name" not in html.split("</h1>")[0]
    assert f"# {render.md_escape(r.file.name)}" in md and "Project name not verified" in md
    assert "Fake Name" not in _summary_text(r).splitlines()[1]


def test_unlock_horizon_covers_a_long_cliff_whose_release_is_not_stated():
    t = Tokenomics(allocation=[
        AllocationRow(label="Team", category="team", percent=20, vesting=Vesting(cliff_months=36)),
        AllocationRow(label="Public", category="public_sale", percent=80, vesting=Vesting(tge_unlock_pct=100)),
    ])
    sched = unlock_schedule(t)
    assert sched.months >= 36
    assert ">36<" in unlock_svg(sched)  # the axis reaches the end of the cliff


def test_a_whole_row_released_at_the_end_of_its_cliff_is_worded_once():
    result = sample_result()
    result.tokenomics.allocation[0].vesting = Vesting(tge_unlock_pct=0, cliff_months=12, shape="cliff",
                                                      evidence=ev("Treasury: locked for 12 months.", 1))
    text = view.allocation_rows(result)[0]["vesting"]
    assert text == "0% at TGE, 12-month cliff, all released when the cliff ends"


def test_a_row_all_unlocked_at_tge_says_no_zero_cliff_or_vesting():
    result = sample_result()
    rows = result.tokenomics.allocation
    rows[0].vesting = Vesting(tge_unlock_pct=100, cliff_months=0, vesting_months=0, evidence=ev("Liquidity 100%", 1))
    rows[1].vesting = Vesting(tge_unlock_pct=5, cliff_months=0, vesting_months=0, evidence=ev("Sale 5% none none", 1))
    texts = [r["vesting"] for r in view.allocation_rows(result)[:2]]
    assert texts == ["100% at TGE", "5% at TGE, no cliff, no vesting"]
