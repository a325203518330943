"""The wheel, installed in a fresh virtual environment, builds the workbook from another folder; and the README's
install commands work as written in a fresh virtual environment.

The venvs here never use ``system_site_packages``: that is the base interpreter's site-packages, which is not
where the dependencies are when the suite itself runs in a venv.
"""

from __future__ import annotations

import os
import re
import shutil
import site
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

from tests.conftest import missing_tool
from tests.pdfcheck import Pdf

ROOT = Path(__file__).resolve().parent.parent
NESTED = "WORKBOOK_TEST_IN_FRESH_VENV"  # set when this file runs inside the README-install venv below
_OFFLINE = re.compile(r"NewConnectionError|Network is unreachable|Temporary failure in name resolution|"
                      r"No matching distribution found|Could not find a version that satisfies")


def _bin(env_dir: Path, name: str) -> Path:
    return env_dir / ("Scripts" if os.name == "nt" else "bin") / name


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", NESTED)}


def _running_site_dirs() -> list[str]:
    """Where the interpreter running the tests finds its packages: its venv's site-packages when it runs in a
    venv, else the global ones (and the user's, when Python reads them)."""
    dirs = [sysconfig.get_path("purelib"), sysconfig.get_path("platlib")]
    if site.ENABLE_USER_SITE:
        dirs.append(site.getusersitepackages())
    return [d for d in dict.fromkeys(dirs) if Path(d).is_dir()]


def _fresh_venv(env_dir: Path) -> Path:
    venv.create(env_dir, system_site_packages=False, with_pip=True, clear=True)
    return _bin(env_dir, "python")


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with the wheel installed; its dependencies are the ones the tests run with (a .pth file adds
    those folders after the venv's own, so the wheel's ``workbook`` is the one imported, and nothing is
    downloaded)."""
    work = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(work), str(ROOT)],
                   check=True, capture_output=True, timeout=600)
    wheel = next(work.glob("intervention_workbook-*.whl"))
    env_dir = work / "venv"
    python = _fresh_venv(env_dir)
    subprocess.run([str(python), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)],
                   check=True, capture_output=True, env=_env(), timeout=600)
    own = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                         check=True, capture_output=True, text=True, timeout=600).stdout.strip()
    Path(own, "zz-running-tests-site-packages.pth").write_text("\n".join(_running_site_dirs()) + "\n",
                                                                encoding="utf-8")
    return env_dir


def test_wheel_carries_layouts_fonts_and_content(installed: Path) -> None:
    code = ("import workbook, workbook.resources as r; print(workbook.__file__); "
            "print(r.data_dir('layouts')); print(r.data_dir('fonts'))")
    out = subprocess.run([str(_bin(installed, "python")), "-c", code], capture_output=True, text=True,
                         check=True, cwd="/", env=_env(), timeout=600).stdout.split()
    for path in out:
        assert path.startswith(str(installed)), path
    assert (Path(out[2]) / "OFL.txt").is_file()


def test_installed_command_builds_from_another_folder(installed: Path, tmp_path: Path) -> None:
    result = subprocess.run([str(_bin(installed, "workbook")), "build", "-o", "w.pdf", "--layout", "a4"],
                            cwd=tmp_path, capture_output=True, text=True, env=_env(), timeout=600)
    assert result.returncode == 0, result.stderr
    pdf = Pdf(tmp_path / "w.pdf")
    assert len(pdf.pages) > 30
    assert "Step 5: Offer support" in pdf.text


def _readme_commands() -> list[str]:
    """The two commands at the top of the README, as a newcomer copies them."""
    block = re.search(r"```sh\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S)
    assert block, "the README starts with a sh block"
    lines = [line for line in block.group(1).splitlines() if line.strip()]
    assert len(lines) == 2, lines
    return lines


def _externally_managed_python() -> Path | None:
    """A system Python 3.11+ that refuses installs (PEP 668's EXTERNALLY-MANAGED marker), with venv and ensurepip:
    Debian's /usr/bin/python3 is one."""
    code = ("import sys, sysconfig, pathlib, venv, ensurepip; "
            "print(sys.version_info >= (3, 11) and "
            "pathlib.Path(sysconfig.get_path('stdlib'), 'EXTERNALLY-MANAGED').is_file())")
    for candidate in ("/usr/bin/python3", "/usr/local/bin/python3"):
        if Path(candidate).is_file():
            check = subprocess.run([candidate, "-c", code], capture_output=True, text=True, timeout=60)
            if check.stdout.strip() == "True":
                return Path(candidate)
    return None


@pytest.mark.skipif(os.environ.get(NESTED) == "1", reason="already inside the README-install venv")
def test_readme_commands_work_where_the_system_python_refuses_installs(tmp_path: Path) -> None:
    """The README's two commands, run as written by bash in a copy of the project, with ``python3`` a system
    Python that refuses ``pip install`` (PEP 668): the first writes the blank workbook, the second installs the
    test tools and runs tests (one that builds nothing, chosen through PYTEST_ADDOPTS, so the suite does not run
    itself). The package
    index must be reachable, as it is for a newcomer."""
    python3 = _externally_managed_python()
    if python3 is None:
        missing_tool("needs a system Python 3.11+ that refuses pip installs (PEP 668), as Debian's python3 with "
                     "python3-venv: apt-get install python3 python3-venv")
    refused = subprocess.run([str(python3), "-m", "pip", "install", "--dry-run", "--no-index", "click"],
                             capture_output=True, text=True, timeout=120)
    assert refused.returncode != 0, "this python3 accepts system-wide installs: it proves nothing"
    project = tmp_path / "project"
    shutil.copytree(ROOT, project, ignore=shutil.ignore_patterns(
        ".git", "__pycache__", ".pytest_cache", ".hypothesis", ".mypy_cache", ".ruff_cache", "*.egg-info",
        "build", "dist", ".venv", "venv", "*.pdf"))
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "python3").symlink_to(python3)
    env = {**_env(), "PATH": f"{bin_dir}{os.pathsep}/usr/bin{os.pathsep}/bin", NESTED: "1"}
    env.pop("VIRTUAL_ENV", None)
    build_line, test_line = _readme_commands()
    build = subprocess.run(["bash", "-c", build_line], cwd=project, capture_output=True, text=True, env=env,
                           timeout=900)
    if build.returncode != 0 and _OFFLINE.search(build.stderr):
        missing_tool("the package index cannot be reached: " + build.stderr.strip().splitlines()[-1])
    assert build.returncode == 0, build.stderr[-3000:]
    assert "Step 5: Offer support" in Pdf(project / "intervention-workbook.pdf").text
    tests = subprocess.run(["bash", "-c", test_line], cwd=project, capture_output=True, text=True, timeout=900,
                           env={**env, "PYTEST_ADDOPTS": "-p no:cacheprovider -k grade_count_tells_easy_from_hard"})
    assert tests.returncode == 0, tests.stdout[-3000:] + tests.stderr[-2000:]
    assert re.search(r"\b1 passed\b", tests.stdout), tests.stdout[-2000:]
