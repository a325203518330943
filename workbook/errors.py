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


class PlanError(WorkbookError):
    """A plan file has problems; each names the field path and line, never the user's text."""

    def __init__(self, path: str, problems: list[tuple[str, int | None, str]]) -> None:
        self.path = path
        self.problems = problems
        count = len(problems)
        head = f"{path}: {count} problem{'s' if count != 1 else ''} in the plan"
        lines = [head]
        for field, line, message in problems:
            where = f"line {line}: " if line else ""
            lines.append(f"  {where}{field + ': ' if field else ''}{message}")
        super().__init__("\n".join(lines))


class WriteInterrupted(KeyboardInterrupt):
    """Ctrl-C or SIGTERM while files were written; ``outcome`` says exactly which files were written."""

    def __init__(self, outcome: str) -> None:
        super().__init__(outcome)
        self.outcome = outcome
