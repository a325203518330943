"""The wheel, installed in a fresh virtual environment, builds the workbook from another folder."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from tests.pdfcheck import Pdf

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A venv with the wheel installed (dependencies come from the running interpreter's site-packages)."""
    work = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(work), str(ROOT)],
                   check=True, capture_output=True)
    wheel = next(work.glob("intervention_workbook-*.whl"))
    env_dir = work / "venv"
    venv.create(env_dir, system_site_packages=True, with_pip=True)
    # --ignore-installed: the same version may already be installed in the system site-packages (CI installs
    # the checkout there first); without it pip would call that "already satisfied" and skip the wheel.
    subprocess.run([str(env_dir / "bin" / "python"), "-m", "pip", "install", "-q", "--no-deps", "--ignore-installed",
                    str(wheel)], check=True, capture_output=True)
    return env_dir


def test_wheel_carries_layouts_fonts_and_content(installed: Path) -> None:
    code = "import workbook.resources as r; print(r.data_dir('layouts')); print(r.data_dir('fonts'))"
    out = subprocess.run([str(installed / "bin" / "python"), "-c", code], capture_output=True, text=True,
                         check=True, cwd="/").stdout.split()
    for folder in out:
        assert folder.startswith(str(installed)), folder
    assert (Path(out[1]) / "OFL.txt").is_file()


def test_installed_command_builds_from_another_folder(installed: Path, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    result = subprocess.run([str(installed / "bin" / "workbook"), "build", "-o", "w.pdf", "--layout", "a4"],
                            cwd=tmp_path, capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    pdf = Pdf(tmp_path / "w.pdf")
    assert len(pdf.pages) > 30
    assert "Step 5: Offer support" in pdf.text
