"""intervention-workbook: a printable, fillable workbook for families after a loved one refuses detox.

Public API: :func:`build_workbook`, :class:`WorkbookError`, ``__version__``.
"""

from workbook.api import BuildOptions, build_workbook
from workbook.errors import WorkbookError

__version__ = "0.1.0"

__all__ = ["BuildOptions", "WorkbookError", "__version__", "build_workbook"]
