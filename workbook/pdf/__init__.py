"""Blocks -> PDF. The only package that imports ReportLab.

ReportLab runs Python found outside the program when it is first imported: ``reportlab_mods`` and
``reportlab_settings`` anywhere on ``sys.path``, else ``~/.reportlab_mods`` and ``~/.reportlab_settings``.
Empty stand-ins registered here, before any ReportLab import, take their place, so nothing of the user's is
run and ReportLab keeps its shipped settings.
"""

from __future__ import annotations

import sys
from types import ModuleType

for _name in ("reportlab_mods", "reportlab_settings"):
    if "reportlab" not in sys.modules:  # too late once ReportLab is imported (someone imported it first)
        sys.modules.setdefault(_name, ModuleType(_name, "an empty stand-in: ReportLab's hook stays unused"))
