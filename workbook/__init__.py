"""intervention-workbook: a printable, fillable workbook for families after a loved one refuses detox.

Public API: :func:`build_workbook`, :class:`BuildOptions`, :func:`load_plan`, :class:`WorkbookError`,
``__version__``. The heavy modules load on first use, so ``workbook --help`` stays fast.

Under ``python -m workbook`` Python puts the current folder first on ``sys.path``; it is taken off here,
before this package imports anything (hence no ``from __future__`` import), so that no module lying in the
folder the command runs from (``typing.py``, ``re.py``, ``yaml.py``...) is imported by the program. Python's
own start-up for ``-m`` imports a few modules before this (``functools``, ``contextlib``...): only
``python -P -m workbook`` (or the ``workbook`` command) keeps those safe too.
"""

import sys

if getattr(sys, "argv", [])[:1] == ["-m"] and not sys.flags.safe_path and sys.path:  # being found by ``python -m``
    import os  # already loaded by Python's start-up: nothing is read from the current folder

    try:
        _here = os.getcwd()
    except OSError:  # the current folder was deleted
        _here = ""
    if sys.path[0] in ("", _here):
        del sys.path[0]

from typing import TYPE_CHECKING, Any  # noqa: E402

from workbook.errors import WorkbookError  # noqa: E402

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
