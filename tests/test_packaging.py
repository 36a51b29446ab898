"""The built wheel carries prompts, templates and the default policy, and runs.

Builds the wheel, installs it into a fresh virtual environment and analyses a
fixture from outside the source tree, so nothing is imported from src/.
"""

import json
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
        check=True, capture_output=True, timeout=600,
    )
    (path,) = out.glob("paperlens-*.whl")
    return path


def test_wheel_contains_package_data(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in (
        "paperlens/policy.toml",
        "paperlens/templates/report.html.j2",
        "paperlens/templates/report.md.j2",
        "paperlens/prompts/system.md.j2",
        "paperlens/prompts/extract.md.j2",
        "paperlens/prompts/repair.md.j2",
        "paperlens/prompts/notes.md.j2",
    ):
        assert needed in names, needed


def test_wheel_installs_and_runs_in_a_fresh_venv(wheel, tmp_path):
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    py = env_dir / "bin" / "python"
    subprocess.run([str(py), "-m", "pip", "install", "-q", str(wheel)], check=True, timeout=900,
                   capture_output=True)
    proc = subprocess.run(
        [str(env_dir / "bin" / "paperlens"), "analyze", str(ROOT / "fixtures" / "ico_allocation.pdf"),
         "--backend", "rules", "--json", "-", "--html", str(tmp_path / "r.html")],
        capture_output=True, text=True, cwd=tmp_path, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert result["provenance"]["policy"] == "default"
    assert "<svg" in (tmp_path / "r.html").read_text()
    prompt = subprocess.run(
        [str(py), "-c", "import importlib.resources as r;"
         "print(r.files('paperlens.prompts').joinpath('extract.md.j2').read_text()[:40])"],
        capture_output=True, text=True, cwd=tmp_path, timeout=60,
    )
    assert prompt.returncode == 0 and prompt.stdout.strip()
