"""``run_bulk``: mixed inputs, hostile archives, duplicates, failures, resume after SIGKILL."""

from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile
from pathlib import Path

import pytest

from paperlens.bulk.ledger import RESULTS, read_results
from paperlens.bulk.run import run_bulk
from paperlens.schema import Result

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
GOOD = ["ico_allocation.pdf", "defi_governance.pdf", "inflationary_l1.pdf", "two_column.pdf"]


def fixture(name: str) -> Path:
    path = FIXTURES / name
    if not path.exists():
        pytest.skip(f"fixture {name} not generated yet")
    return path


def make_pdf(text: str, pages: int = 1) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("Helvetica", size=10)
    for p in range(pages):
        pdf.add_page()
        pdf.multi_cell(0, 5, f"{text} (page {p + 1}). The total supply is 1,000,000,000 tokens. "
                             "Team 20% vesting over 24 months with a 12 month cliff. " * 10)
    return bytes(pdf.output())


def bulk(inputs, out, **kw):
    kw.setdefault("backend", "rules")
    kw.setdefault("workers", 1)
    kw.setdefault("quiet", True)
    return run_bulk([Path(p) for p in inputs], Path(out), **kw)


def lines(out: Path) -> list[dict]:
    """Every line of results.jsonl, each required to be valid JSON."""
    raw = (out / RESULTS).read_text(encoding="utf-8")
    assert raw.endswith("\n")
    return [json.loads(line) for line in raw.splitlines()]


def assert_complete(out: Path) -> list[dict]:
    """Every output exists and parses; returns the results.jsonl records."""
    records = lines(out)
    for rec in records:
        if rec["status"] == "ok":
            result = Result.model_validate_json((out / rec["json"]).read_text(encoding="utf-8"))
            assert result.file.sha256 == rec["sha256"]
            assert (out / rec["html"]).read_text(encoding="utf-8").rstrip().endswith("</html>")
    index = (out / "index.html").read_text(encoding="utf-8")
    assert index.rstrip().endswith("</html>")
    with open(out / "summary.csv", newline="", encoding="utf-8") as fh:
        assert len(list(csv.DictReader(fh))) == len(records)
    assert not list(out.glob(".*.tmp"))
    return records


def test_mixed_inputs_pdf_folder_zip_targz(tmp_path):
    folder = tmp_path / "folder" / "nested"
    folder.mkdir(parents=True)
    shutil.copy(fixture(GOOD[1]), folder / GOOD[1])
    (folder / "notes.txt").write_text("not a paper")
    with zipfile.ZipFile(tmp_path / "papers.zip", "w") as zf:
        zf.write(fixture(GOOD[2]), "in/zip/" + GOOD[2])
    with tarfile.open(tmp_path / "papers.tar.gz", "w:gz") as tf:
        tf.add(fixture(GOOD[3]), "tar/" + GOOD[3])
    out = tmp_path / "out"
    summary = bulk([fixture(GOOD[0]), tmp_path / "folder", tmp_path / "papers.zip",
                    tmp_path / "papers.tar.gz"], out, workers=2)
    assert summary.exit_code == 0
    assert (summary.ok, summary.failed, summary.ignored) == (4, 0, 1)
    records = assert_complete(out)
    assert {r["status"] for r in records} == {"ok"}
    files = {r["file"] for r in records}
    assert f"{tmp_path / 'papers.zip'}!in/zip/{GOOD[2]}" in files
    assert f"{tmp_path / 'papers.tar.gz'}!tar/{GOOD[3]}" in files
    index = (out / "index.html").read_text()
    for rec in records:
        assert f'href="{rec["html"]}"' in index
        assert rec["grade"] and rec["findings"].keys() == {"red_line", "high", "warn", "info"}
    # the member's report is named after the member, not the temporary copy
    tar_rec = next(r for r in records if r["file"].endswith(GOOD[3]))
    assert tar_rec["html"].startswith("two-column-")
    assert json.loads((out / tar_rec["json"]).read_text())["file"]["name"] == GOOD[3]


def test_hostile_zip_members_rejected_with_reasons_rest_processed(tmp_path):
    archive = tmp_path / "hostile.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.write(fixture(GOOD[0]), "ok/a.pdf")
        zf.write(fixture(GOOD[1]), "ok/b.pdf")
        zf.writestr("../../etc/evil.pdf", make_pdf("evil"))
        link = zipfile.ZipInfo("ok/link.pdf")
        link.create_system = 3
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        zf.writestr(link, "/etc/passwd")
        zf.writestr("bomb.pdf", b"%PDF-1.4\n" + b"\0" * (16 << 20))
    out = tmp_path / "out"
    summary = bulk([archive], out)
    assert summary.exit_code == 0  # rejected members are skipped, not failures
    assert (summary.ok, summary.skipped) == (2, 3)
    records = {r["file"].split("!", 1)[1]: r for r in assert_complete(out)}
    assert records["ok/a.pdf"]["status"] == records["ok/b.pdf"]["status"] == "ok"
    assert records["../../etc/evil.pdf"]["error"]["code"] == "unsafe_path"
    assert records["ok/link.pdf"]["error"]["code"] == "link"
    assert records["bomb.pdf"]["error"]["code"] == "bomb"
    index = (out / "index.html").read_text()
    assert "path traversal" in index and "compression ratio" in index and "symbolic link" in index
    assert not (tmp_path / "etc").exists()


def test_duplicates_analysed_once(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(fixture(GOOD[0]), folder / "first.pdf")
    shutil.copy(fixture(GOOD[0]), folder / "second.pdf")
    with zipfile.ZipFile(tmp_path / "again.zip", "w") as zf:
        zf.write(fixture(GOOD[0]), "third.pdf")
    out = tmp_path / "out"
    summary = bulk([folder, tmp_path / "again.zip"], out)
    assert (summary.ok, summary.duplicate, summary.exit_code) == (1, 2, 0)
    records = assert_complete(out)
    assert len(list(out.glob("*.json"))) == 1
    dups = [r for r in records if r["status"] == "duplicate"]
    assert {r["duplicate_of"] for r in dups} == {str(folder / "first.pdf")}
    assert len({r["sha256"] for r in records}) == 1


def test_failing_paper_among_good_ones(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in GOOD[:2]:
        shutil.copy(fixture(name), folder / name)
    (folder / "truncated.pdf").write_bytes(fixture(GOOD[2]).read_bytes()[:1500])
    (folder / "empty.pdf").write_bytes(b"")
    out = tmp_path / "out"
    summary = bulk([folder], out, workers=2)
    assert summary.exit_code == 1
    assert (summary.ok, summary.failed) == (2, 2)
    records = {Path(r["file"]).name: r for r in assert_complete(out)}
    assert records["truncated.pdf"]["error"]["code"] == "damaged"
    assert records["empty.pdf"]["error"]["code"] == "empty"
    with open(out / "summary.csv", newline="") as fh:
        errors = {Path(row["file"]).name: row["error"] for row in csv.DictReader(fh)}
    assert errors["truncated.pdf"].startswith("damaged:") and errors[GOOD[0]] == ""
    index = (out / "index.html").read_text()
    assert "Failed (2)" in index and "damaged or truncated PDF" in index


def test_worker_timeout_is_a_recorded_failure(tmp_path):
    pdf = tmp_path / "slow.pdf"
    pdf.write_bytes(make_pdf("slow", pages=40))
    out = tmp_path / "out"
    summary = bulk([pdf, fixture(GOOD[0])], out, timeout=0.001)
    assert summary.exit_code == 1
    codes = {Path(r["file"]).name: (r["error"] or {}).get("code") for r in lines(out)}
    assert codes["slow.pdf"] == "timeout"
    # a timeout is not a property of the file: the rerun tries it again
    again = bulk([pdf, fixture(GOOD[0])], out, timeout=None)
    assert again.ok >= 1 and again.ok + again.cached == 2 and again.exit_code == 0
    assert [r["status"] for r in assert_complete(out)] == ["ok", "ok"]


def test_rerun_skips_done_and_damaged_and_drops_torn_line(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in GOOD[:2]:
        shutil.copy(fixture(name), folder / name)
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4 garbage")
    out = tmp_path / "out"
    first = bulk([folder], out)
    assert (first.ok, first.failed) == (2, 1)
    mtimes = {p.name: p.stat().st_mtime_ns for p in out.glob("*.json")}
    with open(out / RESULTS, "a") as fh:
        fh.write('{"file": "torn", "sta')  # a kill -9 in the middle of a line
    second = bulk([folder], out)
    # a damaged file is not read again but still counts as failed
    assert (second.ok, second.cached, second.failed, second.exit_code) == (0, 2, 1, 1)
    assert {p.name: p.stat().st_mtime_ns for p in out.glob("*.json")} == mtimes
    records = assert_complete(out)
    assert len(records) == 3 and all(r["file"] != "torn" for r in records)
    # a report that no longer parses is redone
    victim = next(out.glob("*.json"))
    victim.write_text("{not json")
    third = bulk([folder], out)
    assert (third.ok, third.cached) == (1, 1)
    assert_complete(out)


def test_sigkill_mid_run_then_rerun_gives_complete_outputs(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(12):
        (folder / f"paper{i:02d}.pdf").write_bytes(make_pdf(f"Paper number {i}", pages=30))
    shutil.copy(folder / "paper00.pdf", folder / "copy.pdf")
    out, tmp = tmp_path / "out", tmp_path / "tmp"
    tmp.mkdir()
    env = {**os.environ, "TMPDIR": str(tmp)}
    cmd = [sys.executable, "-m", "paperlens.bulk.run", str(out), str(folder)]
    proc = subprocess.Popen(cmd, start_new_session=True, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, env=env)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if (out / RESULTS).exists() and len(list(read_results(out / RESULTS))) >= 3:
            break
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGKILL)  # the parent and its worker processes
    proc.wait()
    at_kill = list(read_results(out / RESULTS))
    assert 3 <= len(at_kill) < 13, "the run was not killed mid-way"
    done_at_kill = sum(r["status"] == "ok" for r in at_kill)
    # the overview is written as the run goes: it exists, whole, even after kill -9
    assert (out / "index.html").read_text(encoding="utf-8").rstrip().endswith("</html>")
    with open(out / "summary.csv", newline="", encoding="utf-8") as fh:
        assert len(list(csv.DictReader(fh))) <= len(at_kill)

    [left] = tmp.glob("paperlens-bulk-*")  # no handler ran: the temp folder stays behind ...
    os.utime(left, (time.time() - 3600, time.time() - 3600))
    rerun = subprocess.run(cmd, capture_output=True, text=True, timeout=120, env=env)
    assert rerun.returncode == 0, rerun.stderr
    assert not left.exists() and not list(tmp.glob("paperlens-bulk-*"))  # ... until the next run
    records = assert_complete(out)
    assert len(records) == 13
    assert sorted(Path(r["file"]).name for r in records) == sorted(
        [f"paper{i:02d}.pdf" for i in range(12)] + ["copy.pdf"])
    statuses = [r["status"] for r in records]
    assert statuses.count("ok") == 12 and statuses.count("duplicate") == 1
    assert len(list(out.glob("*.json"))) == 12
    assert f"{done_at_kill} already done" in rerun.stderr  # nothing finished was redone


def test_dry_run_writes_nothing_and_lists_the_plan(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(fixture(GOOD[0]), folder / "a.pdf")
    shutil.copy(fixture(GOOD[0]), folder / "a-copy.pdf")
    (folder / "bad.pdf").write_bytes(b"nope")
    out = tmp_path / "out"
    summary = bulk([folder], out, dry_run=True, quiet=False)
    assert not out.exists()
    plan = {Path(r["file"]).name: r for r in summary.planned}
    assert plan["a-copy.pdf"]["status"] == "analyse" and plan["a-copy.pdf"]["pages"] >= 1
    assert plan["a.pdf"]["status"] == "duplicate"
    assert plan["bad.pdf"]["status"] == "would fail"
    assert "1 to analyse" in capsys.readouterr().out


@pytest.mark.parametrize("budget", [12000, 1500])  # one call; map-reduce in two groups
def test_dry_run_estimates_the_requests_the_llm_backend_plans(tmp_path, budget):
    from paperlens.assess.quarantine import blanked
    from paperlens.bulk.workers import DRY_RUN_OUTPUT_TOKENS
    from paperlens.extract.llm import plan_pages
    from paperlens.extract.llm.prompts import shell_tokens
    from paperlens.ingest.document import read_pdf

    pdf = fixture(GOOD[0])
    summary = bulk([pdf], tmp_path / "out", backend="llm", base_url="http://127.0.0.1:9", model="gpt-4o-mini",
                   max_input_tokens=budget, use_cache=False, dry_run=True)
    [row] = summary.planned
    doc = blanked(read_pdf(pdf, use_cache=False))
    shell = shell_tokens(doc)
    plan = plan_pages(doc, budget, shell)
    assert plan.map_reduce == (budget == 1500)
    calls = len(plan.groups) + 1  # the map calls and the reduce call, or the one call
    assert row["calls"] == calls
    # every request carries the shell; the reduce call reads one answer's worth of notes per group
    assert row["input_tokens"] == plan.tokens_sent + shell * calls + DRY_RUN_OUTPUT_TOKENS * len(plan.groups)
    assert row["output_tokens"] == DRY_RUN_OUTPUT_TOKENS * calls


def test_plain_log_lines_when_not_a_tty_and_quiet_silences(tmp_path, capsys):
    out = tmp_path / "out"
    bulk([fixture(GOOD[0])], out, quiet=False)
    err = capsys.readouterr().err
    assert f"[1/1] ok        {fixture(GOOD[0])}" in err
    assert "bulk: 1 analysed" in err
    bulk([fixture(GOOD[0])], out, quiet=True)
    assert capsys.readouterr().err == ""


def test_hostile_member_names_are_escaped_in_the_overview(tmp_path):
    archive = tmp_path / "x.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(fixture(GOOD[0]), "<script>alert(1)</script>.pdf")
        zf.writestr("<img src=x onerror=alert(2)>/../bad.pdf", b"x")
    out = tmp_path / "out"
    bulk([archive], out)
    index = (out / "index.html").read_text()
    assert "<script>alert(1)" not in index and "<img src=x" not in index
    assert "&lt;script&gt;alert(1)&lt;/script&gt;.pdf" in index


# ------------------------------------------------------------------ llm backend (fake server)

from fakeserver import completion, error, fake_llm, llm_env  # noqa: E402,F401  (fixtures)




def empty_answer() -> str:
    from paperlens.schema import Tokenomics

    return json.dumps(Tokenomics().model_dump(mode="json"))


def llm_bulk(inputs, out, server, tmp_path, **kw):
    return bulk(inputs, out, backend="llm", base_url=server.base_url, model="gpt-4o-mini",
                cache_dir=tmp_path / "cache", timeout=None, **kw)


def test_llm_error_on_one_paper_the_others_complete(tmp_path, fake_llm, llm_env):
    fake_llm.default = lambda req: (error(400, "this paper upsets the model")
                                    if "defi_governance" in req.prompt
                                    else completion(req, empty_answer()))
    out = tmp_path / "out"
    summary = llm_bulk([fixture(n) for n in GOOD], out, fake_llm, tmp_path, workers=2)
    assert summary.exit_code == 1 and (summary.ok, summary.failed) == (3, 1)
    records = {Path(r["file"]).name: r for r in assert_complete(out)}
    assert records["defi_governance.pdf"]["error"]["code"] == "llm"
    assert records[GOOD[0]]["backend"] == "llm" and records[GOOD[0]]["cost_usd"] > 0
    assert summary.cost_usd == pytest.approx(sum(r.get("cost_usd") or 0 for r in records.values()))


def test_llm_calls_bounded_by_concurrency(tmp_path, fake_llm, llm_env):
    import threading

    lock, state = threading.Lock(), {"now": 0, "max": 0}

    def counting(req):
        with lock:
            state["now"] += 1
            state["max"] = max(state["max"], state["now"])
        time.sleep(0.25)
        with lock:
            state["now"] -= 1
        return completion(req, empty_answer())

    fake_llm.default = counting
    names = GOOD + ["ico_allocation_v2.pdf", "xss.pdf"]
    summary = llm_bulk([fixture(n) for n in names], tmp_path / "out", fake_llm, tmp_path,
                       workers=2, concurrency=2)
    assert summary.ok == len(names)
    assert state["max"] == 2
    assert len(fake_llm.chat_requests) == len(names)


def test_max_cost_stops_starting_new_papers(tmp_path, fake_llm, llm_env):
    fake_llm.default = lambda req: completion(req, empty_answer())
    names = GOOD + ["ico_allocation_v2.pdf", "xss.pdf", "hostile_text.pdf"]
    out = tmp_path / "out"
    summary = llm_bulk([fixture(n) for n in names], out, fake_llm, tmp_path,
                       workers=1, concurrency=1, max_cost=1e-9)
    assert summary.budget_reached and summary.exit_code == 0
    assert summary.ok >= 1 and summary.skipped >= 1 and summary.ok + summary.skipped == len(names)
    assert len(fake_llm.chat_requests) == summary.ok  # no call for a paper left out
    budget = [r for r in assert_complete(out) if r["status"] == "skipped"]
    assert all(r["error"]["code"] == "budget" for r in budget)
    # a rerun with a bigger budget finishes the rest and redoes nothing
    again = llm_bulk([fixture(n) for n in names], out, fake_llm, tmp_path, max_cost=10)
    assert (again.cached, again.ok, again.skipped) == (summary.ok, summary.skipped, 0)
    assert len(assert_complete(out)) == len(names)


def test_progress_bar_on_a_terminal_shows_counts():
    import io

    from rich.console import Console

    from paperlens.bulk.progress import Reporter

    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=True, width=160)
    with Reporter(total=3, console=console) as reporter:
        reporter.update("ok", {"file": "a.pdf", "grade": "A"})
        reporter.update("cached", {"file": "b.pdf"})
        reporter.update("failed", {"file": "c.pdf", "error": {"code": "damaged", "message": "x"}})
    text = buffer.getvalue()
    assert "3/3" in text and "done 1  cached 1  dup 0  failed 1  skipped 0" in text
    assert "eta" in text


def test_ctrl_c_stops_cleanly_and_the_rerun_finishes(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(10):
        (folder / f"p{i}.pdf").write_bytes(make_pdf(f"Interrupted paper {i}", pages=30))
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "paperlens.bulk.run", str(out), str(folder)]
    proc = subprocess.Popen(cmd, start_new_session=True, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list(read_results(out / RESULTS))) < 2:
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C sends to the whole process group
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "Traceback" not in err
    records = assert_complete(out)  # partial but consistent outputs
    assert 2 <= len(records) < 10
    assert "interrupted" in (out / "index.html").read_text()
    rerun = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert rerun.returncode == 0, rerun.stderr
    assert len(assert_complete(out)) == 10


def test_index_shows_short_names_with_the_full_path_on_hover():
    from paperlens.bulk.overview import render_index, short_name

    assert short_name("/data/papers/2017/golem.pdf") == "golem.pdf"
    assert short_name("in/archive.zip!whitepapers/x.pdf") == "archive.zip!x.pdf"
    page = render_index([{"file": "/data/papers/golem.pdf", "sha256": "a" * 64, "status": "ok",
                          "html": "golem.html", "grade": "B", "score": 80}])
    assert ">golem.pdf</a>" in page and 'title="/data/papers/golem.pdf"' in page


def _with_fault(folder: Path, fault: str) -> None:
    for name in GOOD:
        shutil.copy(fixture(name), folder / name)
    (folder / f"{fault}.pdf").write_bytes(make_pdf(fault))


@pytest.mark.parametrize("workers", [1, 2])
def test_a_worker_that_dies_costs_one_paper(tmp_path, monkeypatch, workers):
    """A crash (e.g. in PDFium) breaks the worker pool; the papers that were in flight
    beside the culprit run again alone, the culprit is recorded, the run goes on."""
    import bulk_faults

    from paperlens.bulk import run as bulk_module

    monkeypatch.setattr(bulk_module, "ingest_paper", bulk_faults.ingest_paper)
    folder = tmp_path / "in"
    folder.mkdir()
    _with_fault(folder, "crash")
    out = tmp_path / "out"
    summary = bulk([folder], out, workers=workers)
    assert (summary.ok, summary.failed, summary.exit_code) == (len(GOOD), 1, 1)
    records = {Path(r["file"]).name: r for r in assert_complete(out)}
    assert records["crash.pdf"]["error"]["code"] == "crash"
    assert all(records[name]["status"] == "ok" for name in GOOD)


def test_a_worker_stuck_in_c_code_costs_one_paper(tmp_path, monkeypatch):
    """A hang the timeout alarm cannot interrupt ends the worker at twice the timeout."""
    import bulk_faults

    from paperlens.bulk import run as bulk_module

    monkeypatch.setattr(bulk_module, "ingest_paper", bulk_faults.ingest_paper)
    folder = tmp_path / "in"
    folder.mkdir()
    _with_fault(folder, "hang")
    out = tmp_path / "out"
    summary = bulk([folder], out, workers=2, timeout=1.0)
    assert (summary.ok, summary.failed) == (len(GOOD), 1)
    records = {Path(r["file"]).name: r for r in assert_complete(out)}
    assert records["hang.pdf"]["error"]["code"] == "crash"


# ------------------------------------------------------------------ one run per --out, signals


PAPERLENS = Path(sys.executable).with_name("paperlens")  # the installed command


def paperlens_cmd(*args) -> list[str]:
    if not PAPERLENS.exists():
        pytest.skip("the paperlens command is not installed in this environment")
    return [str(PAPERLENS), *map(str, args)]


def slow_folder(tmp_path: Path, name: str, n: int, pages: int = 30) -> Path:
    folder = tmp_path / name
    folder.mkdir()
    for i in range(n):
        (folder / f"{name}{i:02d}.pdf").write_bytes(make_pdf(f"{name} paper {i}", pages=pages))
    return folder


def wait_for_records(out: Path, n: int, proc, seconds: float = 180) -> None:
    """Wait until ``proc`` (a bulk run) has written ``n`` records; generous, for loaded machines."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and proc.poll() is None:
        if len(list(read_results(out / RESULTS))) >= n:
            return
        time.sleep(0.02)
    ended = "" if proc.poll() is None else f" (the run ended with exit code {proc.returncode})"
    raise AssertionError(f"fewer than {n} records in {seconds} s{ended}")


def children(pid: int) -> list[int]:
    ps = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True)
    return [int(p) for p in ps.stdout.split()]


def alive(pid: int) -> bool:
    """True while ``pid`` runs (a zombie waiting to be reaped is not alive)."""
    ps = subprocess.run(["ps", "-o", "stat=", "-p", str(pid)], capture_output=True, text=True)
    return bool(ps.stdout.strip()) and not ps.stdout.strip().startswith("Z")


def wait_gone(pids: list[int], seconds: float = 15) -> list[int]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and any(alive(p) for p in pids):
        time.sleep(0.1)
    return [p for p in pids if alive(p)]


def test_a_second_run_on_the_same_out_is_refused_and_nothing_is_lost(tmp_path):
    """Two runs on one --out: the second stops at once, naming the first (pid, start);
    the first keeps every record; run afterwards, the second adds its own."""
    first_in = slow_folder(tmp_path, "first", 32)  # ~16 s: the second run starts well within
    second_in = slow_folder(tmp_path, "second", 3, pages=2)
    out = tmp_path / "out"
    first = subprocess.Popen(paperlens_cmd("bulk", first_in, "--out", out, "-j", "1", "-q",
                                           "--backend", "rules"),
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        wait_for_records(out, 1, first)
        second = subprocess.run(paperlens_cmd("bulk", second_in, "--out", out, "-q",
                                              "--backend", "rules"),
                                capture_output=True, text=True, timeout=60)
        assert second.returncode == 2
        message = second.stderr.strip()
        assert "\n" not in message and "Traceback" not in message
        assert f"in use by another paperlens bulk run (pid {first.pid}, started " in message
        _, err = first.communicate(timeout=120)
    finally:
        if first.poll() is None:
            first.kill()
    assert first.returncode == 0, err
    assert len(assert_complete(out)) == 32
    again = subprocess.run(paperlens_cmd("bulk", second_in, "--out", out, "-q", "--backend", "rules"),
                           capture_output=True, text=True, timeout=120)
    assert again.returncode == 0, again.stderr
    records = assert_complete(out)
    assert sorted(Path(r["file"]).name for r in records) == sorted(
        [f"first{i:02d}.pdf" for i in range(32)] + [f"second{i:02d}.pdf" for i in range(3)])
    assert "first00.pdf" in (out / "index.html").read_text(encoding="utf-8")


def test_sigterm_stops_cleanly_ends_the_workers_and_the_rerun_finishes(tmp_path):
    """What `timeout`, CI and container stops send, to the main process only."""
    folder = slow_folder(tmp_path, "p", 10)
    out, tmp = tmp_path / "out", tmp_path / "tmp"
    tmp.mkdir()
    cmd = paperlens_cmd("bulk", folder, "--out", out, "-j", "2", "--backend", "rules")
    env = {**os.environ, "TMPDIR": str(tmp)}
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
    try:
        wait_for_records(out, 2, proc)
        helpers = children(proc.pid)
        assert helpers, "no worker processes seen"
        assert list(tmp.glob("paperlens-bulk-*"))
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 128 + signal.SIGTERM, err
    assert "Traceback" not in err and "stopped by SIGTERM" in err
    assert wait_gone(helpers) == []  # workers and the resource tracker
    assert not list(tmp.glob("paperlens-bulk-*"))
    records = assert_complete(out)
    assert 2 <= len(records) < 10
    assert "interrupted" in (out / "index.html").read_text(encoding="utf-8")
    rerun = subprocess.run(cmd + ["-q"], capture_output=True, text=True, timeout=180, env=env)
    assert rerun.returncode == 0, rerun.stderr
    assert len(assert_complete(out)) == 10


def test_workers_die_with_a_parent_killed_outright(tmp_path):
    folder = slow_folder(tmp_path, "k", 8)
    out = tmp_path / "out"
    cmd = paperlens_cmd("bulk", folder, "--out", out, "-j", "2", "-q", "--backend", "rules")
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_records(out, 1, proc)
        helpers = children(proc.pid)
        assert helpers, "no worker processes seen"
        proc.kill()  # SIGKILL to the main process alone: no handler runs
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert wait_gone(helpers) == []
    assert (out / "index.html").exists() and (out / "summary.csv").exists()
    rerun = subprocess.run(cmd, capture_output=True, text=True, timeout=180)
    assert rerun.returncode == 0, rerun.stderr  # the lock died with the killed run
    assert len(assert_complete(out)) == 8


# ------------------------------------------------------------------ output folder checks


@pytest.mark.parametrize("case", ["file", "under_a_file", "read_only"])
def test_bad_out_is_one_line_before_any_paper_is_read(tmp_path, case):
    if case == "file":
        out = tmp_path / "taken"
        out.write_text("x")
        expected = "is a file, not a folder"
    elif case == "under_a_file":
        (tmp_path / "plain").write_text("x")
        out = tmp_path / "plain" / "out"
        expected = "cannot create the folder"
    else:
        out = tmp_path / "ro"
        out.mkdir()
        out.chmod(0o555)
        if os.access(out, os.W_OK):
            out.chmod(0o755)
            pytest.skip("running with privileges that write anywhere (root)")
        expected = "cannot write in this folder"
    fifo = tmp_path / "never-read.pdf"
    os.mkfifo(fifo)  # reading it would be refused too, but only after the --out check
    proc = subprocess.run(paperlens_cmd("bulk", fixture(GOOD[0]), "--out", out, "--backend", "rules"),
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    message = proc.stderr.strip()
    assert expected in message and "\n" not in message and "Traceback" not in message


def test_out_checked_before_discovery(tmp_path, monkeypatch):
    from paperlens.bulk import run as bulk_module
    from paperlens.errors import ConfigError

    def not_yet(*args, **kwargs):
        raise AssertionError("inputs read before --out was checked")

    monkeypatch.setattr(bulk_module, "count_pdfs", not_yet)
    monkeypatch.setattr(bulk_module, "discover", not_yet)
    (tmp_path / "taken").write_text("x")
    with pytest.raises(ConfigError, match="is a file, not a folder"):
        bulk([fixture(GOOD[0])], tmp_path / "taken")
    (tmp_path / "plain").write_text("x")
    with pytest.raises(ConfigError, match="cannot create the folder"):
        bulk([fixture(GOOD[0])], tmp_path / "plain" / "sub")


def test_lock_message_names_the_holder(tmp_path):
    from paperlens.bulk.lock import OutLock
    from paperlens.errors import ConfigError

    out = tmp_path / "out"
    out.mkdir()
    with OutLock(out):
        with pytest.raises(ConfigError, match=rf"in use by another paperlens bulk run \(pid {os.getpid()}, "
                                              r"started \d{4}-\d\d-\d\dT"):
            bulk([fixture(GOOD[0])], out)
        assert not (out / RESULTS).exists()
    assert bulk([fixture(GOOD[0])], out).ok == 1  # released


# ------------------------------------------------------------------ full disk


def test_full_disk_fails_papers_not_the_final_files(tmp_path, monkeypatch, capsys):
    """ENOSPC for one paper's report, for one results.jsonl line and for the final
    compaction: the run ends normally with summary.csv and index.html written."""
    import errno

    from paperlens.bulk import ledger
    from paperlens.bulk import run as bulk_module
    from paperlens.report import render

    def full(*args):
        raise OSError(errno.ENOSPC, "No space left on device")

    real_write, real_append = render.atomic_write_text, ledger._append
    appends = {"n": 0}

    def write(path, text):
        name = Path(path).name
        if name.startswith("defi-governance") or name == RESULTS:
            full()
        return real_write(path, text)

    def append(fd, data):
        appends["n"] += 1
        if appends["n"] == 2:
            real_append(fd, data[: len(data) // 2])  # half a line reaches the disk
            full()
        return real_append(fd, data)

    monkeypatch.setattr(render, "atomic_write_text", write)
    monkeypatch.setattr(bulk_module, "atomic_write_text", write)
    monkeypatch.setattr(ledger, "atomic_write_text", write)
    monkeypatch.setattr(ledger, "_append", append)
    out = tmp_path / "out"
    summary = bulk([fixture(n) for n in GOOD], out, quiet=False)
    err = capsys.readouterr().err
    assert (summary.ok, summary.failed) == (3, 1) and summary.write_errors == []
    assert "could not append to results.jsonl" in err and "was not compacted" in err
    assert "Traceback" not in err
    appended = lines(out)  # every line whole, the torn one cut off
    assert len(appended) == 3
    with open(out / "summary.csv", newline="", encoding="utf-8") as fh:
        rows = {Path(r["file"]).name: r for r in csv.DictReader(fh)}
    assert len(rows) == 4  # the record that missed results.jsonl is still in the overview
    assert rows["defi_governance.pdf"]["error"].startswith("no_space: could not write")
    assert "defi_governance.pdf" in (out / "index.html").read_text(encoding="utf-8")
    # with room again, a rerun redoes only the paper that failed
    monkeypatch.undo()
    again = bulk([fixture(n) for n in GOOD], out)
    assert len(assert_complete(out)) == 4 and again.ok >= 1


def test_final_file_that_cannot_be_written_is_reported_not_raised(tmp_path, monkeypatch):
    import errno

    from paperlens.bulk import overview

    real = overview.atomic_write_text

    def write(path, text):
        if Path(path).name == "summary.csv":
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(path, text)

    monkeypatch.setattr(overview, "atomic_write_text", write)
    out = tmp_path / "out"
    summary = bulk([fixture(GOOD[0])], out)
    assert summary.ok == 1 and summary.exit_code == 1
    assert summary.write_errors == ["summary.csv (No space left on device)"]
    assert "could not write summary.csv" in summary.line()
    assert (out / "index.html").exists() and not (out / "summary.csv").exists()


# ------------------------------------------------------------------ escaped exceptions


def test_an_exception_escaping_a_stage_is_recorded_with_stage_and_class(tmp_path, monkeypatch):
    import bulk_faults

    from paperlens.bulk import run as bulk_module

    monkeypatch.setattr(bulk_module, "ingest_paper", bulk_faults.ingest_paper)
    folder = tmp_path / "in"
    folder.mkdir()
    _with_fault(folder, "boom")
    out = tmp_path / "out"
    summary = bulk([folder], out, workers=2)
    assert (summary.ok, summary.failed) == (len(GOOD), 1)  # the run went on
    records = {Path(r["file"]).name: r for r in assert_complete(out)}
    error = records["boom.pdf"]["error"]
    assert (error["code"], error["stage"], error["error_class"]) == ("internal", "ground", "KeyError")
    assert error["message"].startswith("ground stage: KeyError:") and "\n" not in error["message"]
    log = (out / records["boom.pdf"]["log"]).read_text(encoding="utf-8")
    assert "Traceback" in log and "paperlens/assess/ground.py" in log


def test_stage_of_reads_the_traceback():
    from paperlens.errors import stage_of
    from paperlens.numbers import find_numbers

    try:
        find_numbers(12345)
    except Exception as exc:  # noqa: BLE001 - any error will do: its traceback is read
        assert stage_of(exc) == "numbers"
    try:
        raise ValueError("no paperlens frame")
    except ValueError as exc:
        assert stage_of(exc, default="bulk") == "bulk"


# ------------------------------------------------------------------ progress, titles


def test_progress_names_failures_escapes_names_and_eta_counts_only_analysed():
    import io

    from rich.console import Console

    from paperlens.bulk.progress import Reporter

    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=True, width=200)
    hostile = "a.zip!\x1b]0;pwned\x07evil\n[9/9] ok forged.pdf"
    with Reporter(total=10, console=console) as reporter:
        for i in range(5):
            reporter.update("cached", {"file": f"done{i}.pdf"})
        assert reporter.eta() is None  # nothing analysed yet: no guess from skipped papers
        reporter._started = time.monotonic() - 10  # as if the first analysis took 10 s
        reporter.update("failed", {"file": hostile, "error": {"code": "damaged", "message": "bad xref"}},
                        worked=True)
        assert reporter.eta() == pytest.approx(40, abs=2)  # 4 left at 10 s each
    text = buffer.getvalue()
    assert "failed  a.zip!evil [9/9] ok forged.pdf  damaged: bad xref" in text
    assert "\x1b]0;" not in text and "pwned" not in text


def test_plain_progress_lines_strip_escapes(capsys):
    from paperlens.bulk.progress import Reporter

    reporter = Reporter(total=1)
    reporter.update("ok", {"file": "x.zip!\x1b[2J\x1b]0;title\x07a\nb.pdf", "grade": "B"})
    err = capsys.readouterr().err
    assert err == "[1/1] ok        x.zip!a b.pdf  B\n"


def test_unverified_project_name_is_not_a_title(tmp_path):
    from sample_result import sample_result

    from paperlens.bulk.archive import Found
    from paperlens.bulk.ledger import ok_record

    found = Found(name="in/x.pdf", path=tmp_path / "x.pdf", sha256="a" * 64, size=1)
    result = sample_result()
    name = result.tokenomics.identity.project_name
    assert name.verified and ok_record(found, result, "x")["project"] == name.value
    name.evidence.status = "value_not_in_quote"
    assert ok_record(found, result, "x")["project"] is None


# ------------------------------------------------------------------ index.html


def _index_records() -> list[dict]:
    base = {"status": "ok", "findings": {"red_line": 0, "high": 0, "warn": 0, "info": 0}}
    return [
        {**base, "file": "in/papers/very-long-file-name-" + "x" * 80 + ".pdf", "sha256": "1" * 64,
         "grade": "A", "score": 87, "html": "a.html", "json": "a.json", "project": "Alpha",
         "symbol": "ALP", "max_supply": 1e9, "insider_pct": 20.0},
        {**base, "file": "in/b.pdf", "sha256": "2" * 64, "grade": "B", "score": 94, "html": "b.html",
         "cap": "red line: mint without a cap", "findings": {**base["findings"], "red_line": 1}},
        {**base, "file": "in/a2.pdf", "sha256": "3" * 64, "grade": "A", "score": 91, "html": "c.html"},
        {"file": "in/broken.pdf", "sha256": "4" * 64, "status": "failed",
         "error": {"code": "damaged", "message": "the cross-reference table is damaged " * 4}},
    ]


def test_index_has_a_csp_that_allows_only_its_own_script():
    import base64
    import hashlib
    import re

    from paperlens.bulk.overview import render_index

    page = render_index(_index_records())
    csp = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', page).group(1)
    assert "default-src 'none'" in csp and "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
    scripts = re.findall(r"<script>(.*?)</script>", page, flags=re.S)
    assert len(scripts) == 1 and "addEventListener" in scripts[0]
    digest = base64.b64encode(hashlib.sha256(scripts[0].encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in csp
    assert "<script" not in page.replace("<script>" + scripts[0] + "</script>", "")


def test_index_sorts_by_letter_then_score_and_says_why_a_grade_is_capped():
    from paperlens.bulk.overview import render_index, summary_rows

    rows = [r["file"] for r in summary_rows(_index_records()) if r["status"] == "ok"]
    assert rows == ["in/a2.pdf", _index_records()[0]["file"], "in/b.pdf"]  # A 91, A 87, B 94
    page = render_index(_index_records())
    assert "Sorted by grade letter, then score" in page
    assert "capped: red line: mint without a cap" in page


def test_index_in_a_browser_no_sideways_scroll_at_390px_and_sorting_works(tmp_path):
    import shutil as _shutil

    if not (_shutil.which("chromium") or _shutil.which("chromium-browser")):
        pytest.skip("needs chromium on the PATH")
    pytest.importorskip("websocket", reason="needs websocket-client")
    from test_browser import Browser

    from paperlens.bulk.overview import write_index

    path = tmp_path / "index.html"
    write_index(_index_records() * 5, path)
    browser = Browser()
    try:
        browser.open(path, width=390, height=800, mobile=True)
        assert browser.errors() == []  # a CSP violation would be logged as an error
        width = browser.eval("document.documentElement.scrollWidth")
        assert width <= 390, f"the page is {width} px wide at 390 px"
        browser.open(path, width=1200, height=800)
        first = "document.querySelector('#papers tbody tr td').dataset.sort"
        assert browser.eval(first) == "in/a2.pdf"
        browser.eval("document.querySelectorAll('#papers th.sortable')[3].click()")  # Score
        assert browser.eval(first) == _index_records()[0]["file"]  # lowest score first (87)
        assert browser.errors() == []
    finally:
        browser.close()


def test_an_exception_escaping_a_stage_in_the_llm_threads_is_recorded(tmp_path, fake_llm, llm_env,
                                                                      monkeypatch):
    """With the llm backend the analysis runs in the parent's threads: same record."""
    from paperlens.assess import ground

    def broken(*args, **kwargs):
        raise ZeroDivisionError("a bug in the stage")

    monkeypatch.setattr(ground, "_Locator", broken)
    fake_llm.default = lambda req: completion(req, empty_answer())
    out = tmp_path / "out"
    summary = llm_bulk([fixture(n) for n in GOOD[:2]], out, fake_llm, tmp_path, workers=1)
    assert (summary.ok, summary.failed) == (0, 2)  # both recorded, the run went to the end
    for rec in assert_complete(out):
        assert rec["error"]["stage"] == "ground" and rec["error"]["error_class"] == "ZeroDivisionError"
        assert "ZeroDivisionError" in (out / rec["log"]).read_text(encoding="utf-8")


def test_worker_results_always_pickle(monkeypatch):
    """A result holding an instance of a generic class pickle cannot find by name (as
    ``Fact[float]`` made again at run time) still comes back from the worker: results
    travel as plain values and are validated again in the parent."""
    import pickle

    from sample_result import sample_result

    from paperlens.bulk import workers as bulk_module
    from paperlens import pipeline
    from paperlens.schema import Fact, Result

    class Rebuilt(Fact[float]):  # a class pickle cannot import by its name
        pass

    result = sample_result()
    result.tokenomics.supply.max_supply = Rebuilt(value=123.0)
    with pytest.raises((pickle.PicklingError, AttributeError)):
        pickle.dumps(result)
    monkeypatch.setattr(pipeline, "analyze_document", lambda doc, **kw: result)
    monkeypatch.setitem(bulk_module._WORKER, "backend", "rules")
    monkeypatch.setitem(bulk_module._WORKER, "policy", None)
    monkeypatch.setitem(bulk_module._WORKER, "timeout", None)
    kind, payload = bulk_module.ingest_paper(fixture(GOOD[0]))
    assert kind == "result"
    back = Result.model_validate(pickle.loads(pickle.dumps(payload)))
    assert back.tokenomics.supply.max_supply.value == 123.0


def test_a_results_file_that_cannot_be_opened_is_one_line(tmp_path):
    out = tmp_path / "out"
    (out / RESULTS).mkdir(parents=True)  # a folder where the ledger should be
    proc = subprocess.run(paperlens_cmd("bulk", fixture(GOOD[0]), "--out", out, "--backend", "rules"),
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert "results.jsonl: cannot be written" in proc.stderr and "Traceback" not in proc.stderr


def test_sigterm_does_not_wait_for_llm_calls_in_flight(tmp_path, fake_llm, llm_env):
    import threading

    release = threading.Event()

    def never_answers(req):
        release.wait(120)
        return completion(req, empty_answer())

    fake_llm.default = never_answers
    out = tmp_path / "out"
    cmd = paperlens_cmd("bulk", fixture(GOOD[0]), fixture(GOOD[1]), "--out", out, "-j", "1",
                        "--backend", "llm", "--base-url", fake_llm.base_url, "--model", "gpt-4o-mini",
                        "--cache-dir", tmp_path / "cache", "--timeout", "0")
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while not fake_llm.chat_requests and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.05)
        assert fake_llm.chat_requests, "no LLM call was made"
        started = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=30)
        assert time.monotonic() - started < 15
    finally:
        release.set()
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 128 + signal.SIGTERM, err
    assert "Traceback" not in err
    assert (out / "index.html").exists() and (out / "summary.csv").exists()


def _tmpfs(point: Path, options: str):
    """A tmpfs mounted on ``point`` with ``options`` (needs the right to mount; skipped otherwise)."""
    point.mkdir()
    if os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("needs root to mount a small tmpfs")
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(point)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield point
    finally:
        subprocess.run(["umount", str(point)], capture_output=True)


@pytest.fixture
def small_disk(tmp_path):
    """A 400 KB tmpfs mounted in tmp_path."""
    yield from _tmpfs(tmp_path / "small", "size=400k")


@pytest.fixture
def read_only_disk(tmp_path):
    """A read-only tmpfs mounted in tmp_path: read-only for root too (a chmod is not)."""
    yield from _tmpfs(tmp_path / "ro", "ro,size=64k")


def test_a_read_only_file_system_is_one_line_before_any_paper_is_read(read_only_disk):
    for out, expected in ((read_only_disk, "--out {}: cannot write in this folder"),
                          (read_only_disk / "sub", "--out {}: cannot create the folder")):
        proc = subprocess.run(paperlens_cmd("bulk", fixture(GOOD[0]), "--out", out, "--backend", "rules"),
                              capture_output=True, text=True, timeout=60)
        assert proc.returncode == 2 and proc.stderr.count("\n") == 1, proc.stderr
        assert expected.format(out) in proc.stderr and "Read-only file system" in proc.stderr
    target = read_only_disk / "r.json"
    proc = subprocess.run(paperlens_cmd("analyze", fixture(GOOD[0]),
                                        "--json", target, "--backend", "rules"),
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and f"--json {target}: cannot be written" in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr and not proc.stdout  # refused before the analysis


def test_a_really_full_disk_still_gets_every_final_file(tmp_path, small_disk):
    """Reports fill a 400 KB disk: the papers that no longer fit fail with no_space, and
    results.jsonl, summary.csv and index.html are still written whole (room for them
    was set aside at the start)."""
    folder = tmp_path / "in"
    folder.mkdir()
    names = sorted(p.name for p in FIXTURES.glob("*.pdf"))[:12]
    if len(names) < 12:
        pytest.skip("fixtures not generated yet")
    for name in names:
        shutil.copy(FIXTURES / name, folder / name)
    for i in range(6):
        (folder / f"extra{i}.pdf").write_bytes(make_pdf(f"extra paper {i}", pages=30))
    out = small_disk / "out"
    proc = subprocess.run(paperlens_cmd("bulk", folder, "--out", out, "-j", "1", "--backend", "rules"),
                          capture_output=True, text=True, timeout=300)
    assert "Traceback" not in proc.stderr
    records = assert_complete(out)
    assert len(records) == 18
    codes = [(r.get("error") or {}).get("code") for r in records]
    assert codes.count("no_space") >= 1 and codes.count(None) >= 1, codes
    assert not (out / ".paperlens-reserve").exists()
    closing = proc.stderr.strip().splitlines()[-1]
    assert closing.startswith("bulk: ") and "could not write" not in closing  # no final file missed


def test_only_temp_folders_of_dead_runs_left_alone_for_a_while_are_removed(tmp_path, monkeypatch):
    from paperlens.bulk.archive import TEMP_OWNER, temp_folder

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True).stdout.strip()
    old = time.time() - 3600
    folders = {}
    for name, pid, when in (("dead", gone, old), ("live", str(os.getpid()), old),
                            ("recent", gone, time.time()), ("unmarked", None, old)):
        folders[name] = tmp_path / f"paperlens-bulk-{name}"
        folders[name].mkdir()
        if pid:
            (folders[name] / TEMP_OWNER).write_text(pid)
        os.utime(folders[name], (when, when))
    with temp_folder() as new:
        assert (Path(new) / TEMP_OWNER).read_text() == str(os.getpid())
        assert sorted(n for n, f in folders.items() if f.exists()) == ["live", "recent", "unmarked"]
