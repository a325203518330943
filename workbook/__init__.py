"""intervention-workbook: a printable, fillable workbook for families after a loved one refuses detox.

Public API: :func:`build_workbook`, :class:`BuildOptions`, :func:`load_plan`, :class:`WorkbookError`,
``__version__``. The heavy modules load on first use, so ``workbook --help`` stays fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from workbook.errors import WorkbookError

if TYPE_CHECKING:
    from workbook.api import BuildOptions, build_workbook
    from workbook.plan import load_plan

__version__ = "0.1.0"

__all__ = ["BuildOptions", "WorkbookError", "__version__", "build_workbook", "load_plan"]


def __getattr__(name: str) -> Any:
    if name in ("BuildOptions", "build_workbook"):
        from workbook import api

        return getattr(api, name)
    if name == "load_plan":
        from workbook.plan import load_plan

        return load_plan
    raise AttributeError(f"module 'workbook' has no attribute {name!r}")
