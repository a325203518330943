"""``python -m workbook`` runs the command line (the package's ``__init__`` has already taken the current
folder off ``sys.path``; see there)."""

from workbook.cli import main

main()
