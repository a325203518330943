"""The errors the library raises; the CLI turns each into a clean message and an exit code."""

from __future__ import annotations


class WorkbookError(Exception):
    """Something the user can fix: bad input, a missing layout, an output that exists.

    ``exit_code`` is 2 for bad input (the CLI's convention) and 1 for a failure while building.
    """

    exit_code = 2


class LayoutError(WorkbookError):
    """A layout file is missing or invalid."""


class OutputError(WorkbookError):
    """The output file cannot be written (exists, is a link, folder missing or read-only)."""


class BuildError(WorkbookError):
    """Laying out the PDF failed; the message names the part, never the user's text."""

    exit_code = 1
