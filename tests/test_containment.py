"""No code from outside runs: ReportLab's settings and modification hooks in the current folder or HOME are ignored."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.pdfcheck import Pdf

ROOT = Path(__file__).resolve().parent.parent
# each hook file, if run, leaves a file named after itself next to it
_HOOK = "import pathlib; pathlib.Path(__file__ if '__file__' in dir() else {where!r}).with_name('RAN-{name}').touch()\n"
_HOOK_FILES = ("reportlab_settings.py", "reportlab_mods.py", ".reportlab_settings", ".reportlab_mods",
               "yaml.py", "click.py")


def _plant(folder: Path) -> None:
    for name in _HOOK_FILES:
        (folder / name).write_text(_HOOK.format(where=str(folder / name), name=name), encoding="utf-8")


def _ran(*folders: Path) -> list[str]:
    return sorted(path.name for folder in folders for path in folder.glob("RAN-*"))


def _env(home: Path, *path: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return {**env, "HOME": str(home), "PYTHONPATH": os.pathsep.join([*path, str(ROOT)])}


@pytest.fixture
def planted(tmp_path: Path) -> tuple[Path, Path]:
    here, home = tmp_path / "here", tmp_path / "home"
    here.mkdir()
    home.mkdir()
    _plant(here)
    _plant(home)
    return here, home


def test_hook_files_in_the_current_folder_and_home_are_not_run(planted: tuple[Path, Path]) -> None:
    here, home = planted
    result = subprocess.run([sys.executable, "-m", "workbook", "build", "-o", "w.pdf", "--booklet"], cwd=here,
                            env=_env(home), capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    assert _ran(here, home) == []
    assert "Step 5: Offer support" in Pdf(here / "w.pdf").text


def test_reportlab_hooks_are_not_run_even_on_the_module_path(planted: tuple[Path, Path]) -> None:
    """A folder of hooks on sys.path (a library user's own script folder) still runs nothing of ReportLab's."""
    here, home = planted
    code = ("import sys; sys.modules.pop('yaml', None); import workbook.pdf.fonts as f; f.register_fonts(); "
            "from reportlab import rl_config; print(rl_config.invariant)")
    result = subprocess.run([sys.executable, "-c", code], cwd=here, env=_env(home, str(here)),
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    assert [name for name in _ran(here, home) if "reportlab" in name] == []
