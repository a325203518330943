"""``python -m workbook`` runs the command line.

Python puts the current folder first on ``sys.path`` under ``-m``; it is taken off so that no module lying
in the folder the command runs from (``yaml.py``, ``reportlab_settings.py``, ...) is ever imported.
"""

import os
import sys

if not sys.flags.safe_path and sys.path and sys.path[0] in ("", os.getcwd()):
    del sys.path[0]

from workbook.cli import main  # noqa: E402

main()
