"""The CLI: commands, outputs, and clear errors with documented exit codes."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from paperlens.cli import app
from paperlens.schema import Result

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
runner = CliRunner()


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


@pytest.mark.parametrize(
    "name, code, words",
    [
        ("not_a_pdf.pdf", 10, "not a PDF"),
        ("truncated.pdf", 11, "damaged"),
        ("encrypted.pdf", 12, "encrypted"),
        ("image_only.pdf", 13, "OCR"),
        ("empty.pdf", 14, "empty"),
    ],
)
def test_bad_files_exit_with_their_code_and_one_line(name, code, words):
    result = run("analyze", FIXTURES / "broken" / name)
    assert result.exit_code == code, result.output
    assert words in result.output
    assert "Traceback" not in result.output


def test_missing_file_is_a_clear_error():
    result = run("analyze", FIXTURES / "does-not-exist.pdf")
    assert result.exit_code != 0
    assert "Traceback" not in result.output


def test_encrypted_pdf_opens_with_password(tmp_path):
    out = tmp_path / "r.json"
    result = run("analyze", FIXTURES / "broken" / "encrypted.pdf", "--password", "secret",
                 "--backend", "rules", "--json", out)
    assert result.exit_code == 0, result.output
    assert Result.model_validate_json(out.read_text()).file.name == "encrypted.pdf"


def test_analyze_writes_every_report(tmp_path):
    html, md, js = tmp_path / "r.html", tmp_path / "r.md", tmp_path / "r.json"
    result = run("analyze", FIXTURES / "ico_allocation.pdf", "--backend", "rules",
                 "--html", html, "--md", md, "--json", js)
    assert result.exit_code == 0, result.output
    saved = Result.model_validate_json(js.read_text())
    assert saved.provenance.backend == "rules"
    assert saved.grade.letter in html.read_text()
    assert saved.file.sha256 in md.read_text()


def test_json_to_stdout_is_pure_json():
    result = run("analyze", FIXTURES / "ico_allocation.pdf", "--backend", "rules", "--json", "-")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["file"]["name"] == "ico_allocation.pdf"


def test_report_and_check_work_from_a_saved_result(tmp_path):
    js = tmp_path / "r.json"
    assert run("analyze", FIXTURES / "ico_allocation.pdf", "-b", "rules", "--json", js, "-q").exit_code == 0
    html = tmp_path / "again.html"
    assert run("report", js, "--html", html).exit_code == 0
    assert "<svg" in html.read_text()
    rechecked = tmp_path / "checked.json"
    assert run("check", js, "--json", rechecked).exit_code == 0
    a = Result.model_validate_json(js.read_text())
    b = Result.model_validate_json(rechecked.read_text())
    assert [f.code for f in a.findings] == [f.code for f in b.findings]
    assert a.grade.score == b.grade.score


def test_report_rejects_a_file_that_is_not_a_result(tmp_path):
    bogus = tmp_path / "x.json"
    bogus.write_text('{"hello": 1}')
    result = run("report", bogus)
    assert result.exit_code == 2
    assert "not a paperlens JSON result" in result.output


def test_extract_prints_numbered_pages():
    result = run("extract", FIXTURES / "ico_allocation.pdf")
    assert result.exit_code == 0
    assert "===== page 1 =====" in result.stdout and "===== page 2 =====" in result.stdout


def test_schema_is_json_schema_of_the_result():
    result = run("schema")
    schema = json.loads(result.stdout)
    assert set(schema["required"]) >= {"file", "provenance", "tokenomics", "grade"}


def test_unknown_backend_is_a_usage_error():
    result = run("analyze", FIXTURES / "ico_allocation.pdf", "--backend", "magic")
    assert result.exit_code == 2
    assert "unknown backend" in result.output


def test_auto_backend_is_rules_without_configuration(tmp_path, monkeypatch):
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "PAPERLENS_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    js = tmp_path / "r.json"
    assert run("analyze", FIXTURES / "ico_allocation.pdf", "--json", js, "-q").exit_code == 0
    assert Result.model_validate_json(js.read_text()).provenance.backend == "rules"


def test_diff_shows_changed_allocation_and_vesting(tmp_path):
    md = tmp_path / "d.md"
    js = tmp_path / "d.json"
    result = run("diff", FIXTURES / "ico_allocation.pdf", FIXTURES / "ico_allocation_v2.pdf",
                 "-b", "rules", "--md", md, "--json", js)
    assert result.exit_code == 1, result.output  # the versions differ
    sections = {c["section"] for c in json.loads(js.read_text())["changes"]}
    assert {"allocation", "vesting"} <= sections
    assert "| allocation |" in md.read_text()


def test_console_script_gives_no_traceback_on_bad_input():
    """The installed entry point, in a real process, on a non-PDF."""
    proc = subprocess.run(
        [sys.executable, "-m", "paperlens", "analyze", str(FIXTURES / "broken" / "not_a_pdf.pdf")],
        capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 10
    assert "Traceback" not in proc.stderr
    assert proc.stderr.strip().count("\n") == 0


def test_check_with_a_stricter_policy_changes_findings_and_grade(tmp_path):
    js = tmp_path / "r.json"
    assert run("analyze", FIXTURES / "ico_allocation.pdf", "-b", "rules", "--json", js, "-q").exit_code == 0
    strict = tmp_path / "strict.toml"
    strict.write_text("[rules.TEAM_HEAVY]\nwarn = 5.0\nhigh = 10.0\n")
    out = tmp_path / "strict.json"
    result = run("check", js, "--policy", strict, "--json", out)
    assert result.exit_code == 0, result.output
    before = Result.model_validate_json(js.read_text())
    after = Result.model_validate_json(out.read_text())
    assert "TEAM_HEAVY" not in {f.code for f in before.findings}
    assert "TEAM_HEAVY" in {f.code for f in after.findings}
    assert after.grade.score < before.grade.score
    assert after.provenance.policy == "strict.toml"


def test_bad_policy_file_is_a_clear_error(tmp_path):
    js = tmp_path / "r.json"
    assert run("analyze", FIXTURES / "ico_allocation.pdf", "-b", "rules", "--json", js, "-q").exit_code == 0
    bad = tmp_path / "bad.toml"
    bad.write_text("[rules.NO_SUCH_RULE]\nwarn = 1\n")
    result = run("check", js, "--policy", bad)
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_bulk_command_processes_a_folder_and_records_a_bad_file(tmp_path):
    import shutil

    papers = tmp_path / "in"
    papers.mkdir()
    shutil.copy(FIXTURES / "ico_allocation.pdf", papers)
    shutil.copy(FIXTURES / "broken" / "truncated.pdf", papers)
    out = tmp_path / "out"
    result = run("bulk", papers, "--out", out, "-b", "rules", "-j", "1", "-q")
    assert result.exit_code == 1, result.output  # one paper failed, the other completed
    lines = [json.loads(x) for x in (out / "results.jsonl").read_text().splitlines()]
    assert sorted(r["status"] for r in lines) == ["failed", "ok"]
    assert (out / "index.html").exists() and (out / "summary.csv").exists()
    again = run("bulk", papers, "--out", out, "-b", "rules", "-j", "1", "-q")
    assert again.exit_code == 1
    assert len((out / "results.jsonl").read_text().splitlines()) == 2
