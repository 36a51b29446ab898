"""CLI conventions and one-line errors, checked through the installed ``paperlens`` command."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from paperlens.errors import FetchError

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
PDF = FIXTURES / "ico_allocation.pdf"
BIN = Path(sys.executable).with_name("paperlens")
HANG_GUARD = 180  # seconds: a hang guard, not a performance assertion

pytestmark = pytest.mark.skipif(not BIN.exists(), reason="the paperlens command is not installed")


def cli(*args, stdin: bytes | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    proc = subprocess.run([str(BIN), *map(str, args)], input=stdin, capture_output=True,
                          timeout=HANG_GUARD, env={**os.environ, "COLUMNS": "100", **(env or {})})
    proc.out = proc.stdout.decode("utf-8", "replace")
    proc.err = proc.stderr.decode("utf-8", "replace")
    return proc


def one_line_error(proc) -> str:
    assert "Traceback" not in proc.err, proc.err
    lines = proc.err.strip().splitlines()
    assert len(lines) == 1, proc.err
    assert lines[0].startswith("error: ")
    return lines[0]


# ------------------------------------------------------------ outputs checked before the work


@pytest.mark.parametrize("option", ["--json", "--html", "--md"])
def test_output_in_a_folder_that_cannot_exist_fails_before_the_analysis(option):
    # not_a_pdf.pdf would fail the analysis with exit 10: exit 2 shows the outputs were checked first
    proc = cli("analyze", FIXTURES / "broken" / "not_a_pdf.pdf", option, "/proc/nope/x.out")
    assert proc.returncode == 2
    assert "/proc/nope/x.out" in one_line_error(proc)


def test_output_onto_a_folder_or_under_a_file_is_refused(tmp_path):
    proc = cli("analyze", FIXTURES / "broken" / "not_a_pdf.pdf", "--html", tmp_path)
    assert proc.returncode == 2 and "is a directory" in one_line_error(proc)
    plain = tmp_path / "plain.txt"
    plain.write_text("x")
    proc = cli("analyze", FIXTURES / "broken" / "not_a_pdf.pdf", "--json", plain / "r.json")
    assert proc.returncode == 2 and "not a folder" in one_line_error(proc)
    for command in (["check", tmp_path / "r.json", "--json", tmp_path],
                    ["report", tmp_path / "r.json", "--md", tmp_path],
                    ["diff", PDF, PDF, "--md", tmp_path]):
        proc = cli(*command)
        assert proc.returncode == 2 and "is a directory" in one_line_error(proc), command


@pytest.mark.skipif(os.geteuid() == 0 if hasattr(os, "geteuid") else True, reason="root writes anywhere")
def test_read_only_folder_is_refused(tmp_path):
    locked = tmp_path / "ro"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        proc = cli("analyze", PDF, "-b", "rules", "--json", locked / "r.json")
    finally:
        locked.chmod(0o755)
    assert proc.returncode == 2 and "cannot be written" in one_line_error(proc)


def test_policy_value_of_the_wrong_type_is_one_line(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[rules.TEAM_HEAVY]\nwarn = "abc"\n')
    proc = cli("analyze", PDF, "-b", "rules", "--policy", bad)
    assert proc.returncode == 2
    line = one_line_error(proc)
    assert "bad.toml" in line and "rules.TEAM_HEAVY.warn" in line


def test_unknown_option_is_one_line():
    proc = cli("analyze", PDF, "--no-such-option")
    assert proc.returncode == 2
    assert "--no-such-option" in one_line_error(proc)


# ------------------------------------------------------------ crashes: one line, a log, exit 70

CRASH = """
import sys
import paperlens.assess.ground as ground
def boom(*args, **kwargs):
    raise RuntimeError("boom with Authorization: Bearer sk-secretsecret123")
ground.check_evidence = boom
from paperlens.cli import app
sys.argv = ["paperlens", *sys.argv[1:]]
app(prog_name="paperlens")
"""


def test_an_exception_escaping_a_stage_is_one_line_naming_file_stage_and_class(tmp_path):
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    args = [sys.executable, "-c", CRASH, "analyze", str(PDF), "-b", "rules"]
    proc = subprocess.run(args, capture_output=True, text=True, timeout=HANG_GUARD, env=env)
    assert proc.returncode == 70
    line = one_line_error(type("P", (), {"err": proc.stderr})())
    assert "ico_allocation.pdf" in line and "stage ground" in line and "RuntimeError" in line
    assert "sk-secretsecret123" not in proc.stderr
    logs = list((tmp_path / "cache" / "paperlens" / "logs").glob("crash-*.log"))
    assert len(logs) == 1 and str(logs[0]) in line
    log = logs[0].read_text()
    assert "Traceback" in log and "check_evidence" in log and "sk-secretsecret123" not in log
    debug = subprocess.run(args + ["--debug"], capture_output=True, text=True, timeout=HANG_GUARD, env=env)
    assert debug.returncode == 70 and "Traceback" in debug.stderr


# ------------------------------------------------------------ conventions


def test_version_and_short_help():
    from paperlens import __version__

    proc = cli("--version")
    assert proc.returncode == 0 and __version__ in proc.out
    for args in (["-h"], ["analyze", "-h"], ["bulk", "-h"]):
        proc = cli(*args)
        assert proc.returncode == 0 and "Usage" in proc.out, args


def test_help_texts_are_complete():
    analyze = cli("analyze", "--help").out
    assert "model = [input, output] USD" in " ".join(analyze.replace("│", " ").split())
    assert "<bool>" not in analyze
    report = cli("report", "--help").out
    assert "write the HTML report" in report and "write the Markdown report" in report
    extract = cli("extract", "--help").out
    assert "password of an encrypted PDF" in extract and "<bool>" not in extract


def test_dash_reads_the_pdf_from_stdin(tmp_path):
    out = tmp_path / "r.json"
    proc = cli("analyze", "-", "-b", "rules", "-q", "--json", out, stdin=PDF.read_bytes())
    assert proc.returncode == 0, proc.err
    assert proc.err == ""  # -q: not even "wrote ..."
    data = json.loads(out.read_text())
    assert data["file"]["name"] == "stdin.pdf"
    assert data["file"]["pages"] >= 2


def test_a_directory_points_to_bulk():
    proc = cli("analyze", FIXTURES)
    assert proc.returncode == 2
    assert "is a directory: use paperlens bulk" in one_line_error(proc)


@pytest.fixture(scope="module")
def saved(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("saved") / "r.json"
    assert cli("analyze", PDF, "-b", "rules", "-q", "--json", out).returncode == 0
    return out


def test_check_json_to_stdout_is_only_json_and_check_has_quiet(saved, tmp_path):
    proc = cli("check", saved, "--json", "-")
    assert proc.returncode == 0
    assert json.loads(proc.out)["file"]["name"] == "ico_allocation.pdf"
    quiet = cli("check", saved, "-q", "--json", tmp_path / "c.json")
    assert quiet.returncode == 0 and quiet.out == "" and quiet.err == ""
    assert (tmp_path / "c.json").exists()


def test_diff_exit_code_says_whether_the_versions_differ(saved):
    same = cli("diff", saved, saved)
    assert same.returncode == 0 and "No change" in same.out
    changed = cli("diff", PDF, FIXTURES / "ico_allocation_v2.pdf", "-b", "rules")
    assert changed.returncode == 1, changed.err
    text = changed.out
    assert "cliff 12 months" in text and "absent" in text
    for raw in ("cliff_months=", "True", "False", "not stated", "e+"):
        assert raw not in text, raw


# ------------------------------------------------------------ URLs


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):  # quiet
        pass

    def do_GET(self):
        if self.path == "/paper.pdf":
            body = PDF.read_bytes()
            self.send_response(200)
            self.send_header("Content-Type", "application/pdf")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        elif self.path == "/huge.pdf":
            self.send_response(200)
            self.send_header("Content-Length", str(10 * 2**30))
            self.end_headers()
            self.wfile.write(b"%PDF-1.4\n")
        elif self.path == "/secret.pdf":
            self.server.auth.append(self.headers.get("Authorization"))
            body = f"Incorrect credentials: {self.headers.get('Authorization')}".encode()
            self.send_response(401, f"denied {self.headers.get('Authorization')}")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        else:
            self.send_error(404)


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.auth = []
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def _url(server, path: str, auth: str = "") -> str:
    return f"http://{auth}127.0.0.1:{server.server_address[1]}{path}"


def test_url_is_fetched_and_the_report_names_it(server, tmp_path):
    out = tmp_path / "r.json"
    url = _url(server, "/paper.pdf")
    proc = cli("analyze", url, "-b", "rules", "-q", "--json", out)
    assert proc.returncode == 0, proc.err
    assert json.loads(out.read_text())["file"]["name"] == url


def test_url_errors_are_one_line(server):
    missing = cli("analyze", _url(server, "/missing.pdf"), "-b", "rules")
    assert missing.returncode == FetchError.exit_code
    assert "404" in one_line_error(missing)
    huge = cli("analyze", _url(server, "/huge.pdf"), "-b", "rules")
    assert huge.returncode == FetchError.exit_code
    assert "larger than the" in one_line_error(huge)


def test_url_credentials_are_sent_but_never_shown(server):
    proc = cli("analyze", _url(server, "/secret.pdf", "reader:hunter2@"), "-b", "rules")
    assert proc.returncode == FetchError.exit_code
    line = one_line_error(proc)
    assert "401" in line and "hunter2" not in proc.err and "reader:" not in proc.err
    assert server.auth and server.auth[-1].startswith("Basic ")  # the credentials went as a header
    assert server.auth[-1].split()[1] not in proc.err  # and the server's echo of them is not shown


def test_fetch_gives_up_on_a_server_that_never_answers(tmp_path):
    from paperlens.cli import fetch

    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(1)  # accepts the connection, never answers
    try:
        with pytest.raises(FetchError, match="no answer within 0.5 s"):
            fetch(f"http://127.0.0.1:{silent.getsockname()[1]}/x.pdf", tmp_path / "x.pdf", timeout=0.5)
    finally:
        silent.close()
