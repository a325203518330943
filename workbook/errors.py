"""The errors the library raises; the CLI turns each into a clean message and an exit code."""

from __future__ import annotations

import re

MAX_LISTED = 50  # problems listed in one message; the rest are counted


def problem_lines(problems: list[str]) -> list[str]:
    """The problems to print, one a line: the first MAX_LISTED, then how many more there are."""
    shown = [f"  {p}" for p in problems[:MAX_LISTED]]
    if len(problems) > MAX_LISTED:
        shown.append(f"  and {len(problems) - MAX_LISTED:,} more (fix these first, then check again)")
    return shown


MAX_SHOWN = 160  # characters of a path or an argument quoted in a message; a longer one is cut in the middle


def one_line(text: str) -> str:
    """Text safe on one terminal line: every control or invisible character, line breaks too, shown as its
    code (``\\n``, ``\\x1b``), so a file name can neither forge a second line nor send an escape sequence."""
    return text if text.isprintable() else "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in text)


def shown(value: object) -> str:
    """A path or an argument as a message quotes it: on one line (:func:`one_line`), and a long one cut in
    the middle (``/home/.../plan.yaml``) so that a 5,000-character path is not printed whole."""
    text = one_line(str(value))
    if len(text) > MAX_SHOWN:
        text = f"{text[:MAX_SHOWN // 2]}...{text[-(MAX_SHOWN // 2 - 10):]}"
    return text


def one_line_message(text: str) -> str:
    """A message that quotes what was typed (Click's "Got unexpected extra argument (...)"): on one line, and
    each long word in it (a path, an argument) cut in the middle like :func:`shown`."""
    return re.sub(rf"\S{{{MAX_SHOWN + 1},}}", lambda match: shown(match.group()), one_line(text))


def printable(text: str) -> str:
    """A message safe for a terminal: every control or invisible character (an escape sequence that would
    set the window title, a direction override) is shown as its code (``\\x1b``), line breaks kept."""
    return "\n".join(one_line(line) for line in text.split("\n"))


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
        if count == 1 and not problems[0][0] and not problems[0][1]:  # the file itself: missing, empty, ...
            super().__init__(f"{shown(path)}: {problems[0][2]}")
            return
        head = f"{shown(path)}: {count} problem{'s' if count != 1 else ''} in the plan"
        listed = [f"{f'line {line}: ' if line else ''}{field + ': ' if field else ''}{message}"
                  for field, line, message in problems]
        super().__init__("\n".join([head, *problem_lines(listed)]))


class WriteInterrupted(KeyboardInterrupt):
    """Ctrl-C or SIGTERM while files were written; ``outcome`` says exactly which files were written."""

    def __init__(self, outcome: str) -> None:
        super().__init__(outcome)
        self.outcome = outcome


class ContentError(WorkbookError):
    """A language's content tree does not match the English one (a developer's mistake, not the user's)."""

    exit_code = 1

    def __init__(self, language: str, problems: list[str]) -> None:
        self.problems = problems
        head = (f"the content in {language!r} does not hold the same worksheets as the English content "
                f"({len(problems)} difference{'s' if len(problems) != 1 else ''}); this is a fault of this "
                "installation, not of your plan. Developers: make the two trees match (tests/test_languages.py)")
        super().__init__("\n".join([head, *problem_lines(problems)]))
