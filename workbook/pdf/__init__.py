"""Blocks -> PDF. The only package that imports ReportLab.

ReportLab runs Python found outside the program when it is first imported: ``reportlab_mods`` and
``reportlab_settings`` anywhere on ``sys.path``, else ``~/.reportlab_mods`` and ``~/.reportlab_settings``.
Empty stand-ins registered here, before any ReportLab import, take their place, so nothing of the user's is
run and ReportLab keeps its shipped settings. It also reads every ``RL_*`` environment variable as a setting
(``RL_invariant``, ``RL_spaceShrinkage``...) and asks for the current folder: it is first imported here with
those variables hidden (and a deleted current folder answered), so its settings come only from the program.
"""

from __future__ import annotations

import os
import sys
from types import ModuleType

for _name in ("reportlab_mods", "reportlab_settings"):
    if "reportlab" not in sys.modules:  # too late once ReportLab is imported (someone imported it first)
        sys.modules.setdefault(_name, ModuleType(_name, "an empty stand-in: ReportLab's hook stays unused"))


def _import_reportlab_settings() -> None:
    """Import ``reportlab.rl_config`` (which reads the environment once) with no RL_* variable set."""
    if "reportlab.rl_config" in sys.modules:
        return
    hidden = {name: os.environ.pop(name) for name in list(os.environ) if name.startswith("RL_")}
    getcwd = os.getcwd
    try:
        getcwd()
    except OSError:  # the current folder was deleted: ReportLab only looks for fonts in it
        os.getcwd = lambda: os.sep
    try:
        import reportlab.rl_config  # noqa: F401
    finally:
        os.getcwd = getcwd
        os.environ.update(hidden)


_import_reportlab_settings()
