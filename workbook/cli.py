"""The ``workbook`` command: Click options -> :mod:`workbook.api` calls; errors -> clean messages and exit codes.

Keep imports here light: ``workbook --help`` must not load ReportLab.
"""

from __future__ import annotations

import os
import re
import signal
import sys
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any, TypeVar

import click

from workbook import __version__
from workbook.errors import WorkbookError, one_line_message, printable, shown
from workbook.resources import LANGUAGES

DEFAULT_PLAN = "plan.yaml"
T = TypeVar("T")


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt  # SIGTERM cleans up like Ctrl-C: no partial file is left


def _run(debug: bool, action: Callable[[], T]) -> T:
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        return action()
    except WorkbookError as exc:
        if debug:
            traceback.print_exc()
        click.echo(f"workbook: error: {printable(str(exc))}", err=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt as exc:  # a WriteInterrupted says what was written by then
        click.echo(f"workbook: interrupted; {printable(getattr(exc, 'outcome', 'nothing was written'))}", err=True)
        sys.exit(130)
    except Exception as exc:  # a bug: one line, no user text; the traceback only on request
        if debug:
            traceback.print_exc()
        if _current_folder_gone():
            click.echo("workbook: error: the current folder no longer exists (deleted or moved); nothing was "
                       "written. Change to a folder that exists (cd), or give absolute paths.", err=True)
            sys.exit(2)
        click.echo(f"workbook: error: unexpected {type(exc).__name__}; nothing was written. "
                   "Run again with --debug to see the details.", err=True)
        sys.exit(1)


def _current_folder_gone() -> bool:
    try:
        os.getcwd()
    except FileNotFoundError:
        return True
    return False


def _report(lines: list[str], done: str = "") -> None:
    """Print what was done on standard output; if that cannot be written (``> /dev/full``, a closed pipe),
    say so in one line on standard error, with ``done``: what was done by then ("the files were written")."""
    try:
        for line in lines:
            click.echo(line)
        sys.stdout.flush()
    except OSError as exc:
        _output_failed(exc, done)


def _output_failed(exc: OSError, done: str) -> None:
    with suppress(OSError):  # nothing more may reach the broken output, not even Python's flush at exit
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    with suppress(OSError):
        click.echo(f"workbook: error: standard output could not be written ({exc.strerror or exc})"
                   f"{'; ' + done if done else ''}", err=True)
    sys.exit(1)


_PLAN_ARG = click.Path(dir_okay=True, path_type=Path)
_PDF_ARG = click.Path(dir_okay=False, allow_dash=True, path_type=Path)


def _pdf_output(output: Path | None, source: Path | None, suffix: str = "") -> Path:
    """``-o`` as given (a note if it does not end in .pdf), or the default name from the source."""
    from workbook.output import check_pdf_name, default_pdf_name

    if output is None:
        return default_pdf_name(source, suffix)
    note = _run(False, lambda: check_pdf_name(output))
    if note:
        _note(note)
    return output


def _note(text: str) -> None:
    click.echo(f"workbook: note: {printable(text)}", err=True)


def _wrote(paths: list[Path]) -> list[str]:
    return [f"wrote {'the PDF to standard output' if str(path) == '-' else shown(path)}" for path in paths]


class _Error(click.ClickException):
    """A Click error shown in our style: ``workbook: error: ...`` on one line, no usage block."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code

    def show(self, file: Any = None) -> None:
        click.echo(f"workbook: error: {self.message}", err=True)


@contextmanager
def _our_click_errors() -> Iterator[None]:
    try:
        yield
    except click.exceptions.NoArgsIsHelpError:  # plain ``workbook``: the overview, as Click shows it
        raise
    except click.ClickException as exc:
        text = re.sub(r"\.?\s*\(?Did you mean ((?:one of: )?.+?)\?\)?$", r" (did you mean \1?)",
                      one_line_message(exc.format_message()))
        text = text[:1].lower() + text[1:].rstrip(".")
        ctx = getattr(exc, "ctx", None)
        if isinstance(exc, click.UsageError):
            text += f"; see '{ctx.command_path if ctx else 'workbook'} --help'"
        raise _Error(text, exc.exit_code) from None


class _Group(click.Group):
    """Click's own errors (``Usage: ... Error: No such option``) are reworded to ours: ``workbook: error:``, on
    one line (control characters as codes, long arguments cut short), with where to find help; exit code 2."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().main(*args, **kwargs)
        except OSError as exc:  # --help or --version on a full device: our commands catch their own
            _output_failed(exc, "")

    def make_context(self, *args: Any, **kwargs: Any) -> click.Context:
        with _our_click_errors():
            return super().make_context(*args, **kwargs)

    def invoke(self, ctx: click.Context) -> Any:
        with _our_click_errors():
            return super().invoke(ctx)


def _note_ignored(with_plan: bool, per_person: bool) -> None:
    """Say so when an option given on the command line has no effect in this combination."""
    ctx = click.get_current_context()

    def given(name: str) -> bool:
        return ctx.get_parameter_source(name) is click.core.ParameterSource.COMMANDLINE

    if with_plan and given("people"):
        _note("--people is ignored with a plan: its participants decide how many letters there are")
    if not per_person and given("jobs"):
        _note("--jobs is ignored without --per-person: one PDF is laid out at a time")


def _complete_layout(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
    """Shell completion for --layout: the built-in names, then .toml files (and folders) matching what is typed."""
    from click.shell_completion import CompletionItem

    from workbook.layouts import builtin_names

    items = [CompletionItem(name) for name in builtin_names() if name.startswith(incomplete.lower())]
    folder, _, start = incomplete.rpartition("/")
    with suppress(OSError):
        for entry in sorted(Path(folder or ".").iterdir()):
            if entry.name.startswith(start) and (entry.suffix == ".toml" or entry.is_dir()):
                text = f"{folder}/{entry.name}" if folder else entry.name
                items.append(CompletionItem(text + ("/" if entry.is_dir() else "")))
    return items


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="workbook")
def main() -> None:
    """Make a printable, fillable intervention workbook for a family whose loved one refused detox.

    \b
    workbook build                      the blank workbook, to fill in on screen or by hand
    workbook init                       write plan.yaml, a commented example plan to edit
    workbook check plan.yaml            validate a plan
    workbook build plan.yaml            the workbook personalized from the plan
    workbook build --example            the workbook of the shipped example plan
    workbook read filled.pdf            a workbook filled in on screen, back into plan.yaml
    workbook flatten filled.pdf         filled-print.pdf: every typed answer drawn whole, to print
    workbook layouts                    list the built-in page layouts

    \b
    Shell completion (bash; zsh and fish in docs/commands.md):
    eval "$(_WORKBOOK_COMPLETE=bash_source workbook)"
    """


@main.command(short_help="Write the workbook PDF: blank, or personalized from PLAN.")
@click.argument("plan", required=False, type=_PLAN_ARG)
@click.option("-o", "--output", type=_PDF_ARG, help="Where to write the PDF; - for standard output (not a "
              "terminal). Default: PLAN's name with .pdf in the current folder (plan.yaml -> plan.pdf), example.pdf "
              "with --example, intervention-workbook.pdf for the blank workbook.")
@click.option("--example", is_flag=True, help="Build the shipped example plan (instead of PLAN).")
@click.option("--per-person", type=click.Path(file_okay=False, path_type=Path), metavar="DIR",
              help="Also write one packet per person into DIR (01-maria-lopez.pdf, ...): the guide, their own "
                   "pages and the shared ones. Needs a plan.")
@click.option("--layout", default="letter", show_default=True, metavar="NAME|FILE", shell_complete=_complete_layout,
              help="A built-in layout (letter, a4, large-print; see 'workbook layouts') or a .toml layout file.")
@click.option("--people", type=int, default=4, show_default=True,
              help="Blank workbook: how many people get their own letter, consequence and support pages (1-200). "
                   "With a plan, its participants decide.")
@click.option("--paper", metavar="letter|a4", help="Paper size, replacing the layout's own "
              "(e.g. --layout large-print --paper a4).")
@click.option("--duplex", is_flag=True, help="Double-sided: every part and each person's pages start on a "
              "right-hand page; a left-over page becomes a notes page.")
@click.option("--booklet", is_flag=True, help="Fold-and-staple booklets: half-size pages, two per landscape "
              "sheet in booklet order, at most 16 sheets per booklet (a longer book becomes several, one "
              "after the other in the file, each with its own back cover). Print double-sided, flip on the "
              "short edge. No form fields.")
@click.option("--no-fields", is_flag=True, help="A print-only edition: ruled lines and boxes, no form fields.")
@click.option("--force", is_flag=True, help="Replace output files that already exist (regular files only: never "
              "a folder, a link, a device or a pipe).")
@click.option("--jobs", type=click.IntRange(1, 64), metavar="N",
              help="With --per-person: how many PDFs to lay out at once (default: one per CPU core).")
@click.option("--language", type=click.Choice(LANGUAGES), metavar="en|es",
              help="The workbook's language: en (English) or es (Spanish). Default: the plan's 'language:', else "
                   "en. A person with their own 'language:' in the plan gets their pages and packet in it.")
@click.option("-q", "--quiet", is_flag=True, help="No progress display and no list of the files written (errors "
              "and notes still show).")
@click.option("--debug", is_flag=True, help="Show the full traceback when something fails.")
def build(plan: Path | None, output: Path | None, example: bool, per_person: Path | None, layout: str,
          paper: str | None, duplex: bool, booklet: bool, people: int, no_fields: bool, force: bool, jobs: int | None,
          language: str | None, quiet: bool, debug: bool) -> None:
    """Write the workbook as a PDF: blank, or personalized from PLAN (a YAML plan file).

    On a terminal, a build that takes more than about 2 seconds shows its progress on standard error: the
    seconds so far for one PDF, a bar of the PDFs laid out with --per-person (none with --quiet, or when
    standard error is not a terminal)."""
    from workbook.api import BuildOptions, build_workbook, example_plan_path

    if example and plan is not None:
        raise click.UsageError("give either PLAN or --example, not both")
    _note_ignored(plan is not None or example, per_person is not None)
    output = _pdf_output(output, Path("example.pdf") if example else plan)
    if example:
        plan = example_plan_path(language or "en")
    options = BuildOptions(output=output, plan=plan, layout=layout, people=people, fields=not no_fields,
                           force=force, per_person=per_person, paper=paper, duplex=duplex, booklet=booklet,
                           jobs=jobs, language=language)
    notes: list[str] = []

    def build_with_progress() -> list[Path]:
        progress = _Progress(shown=not quiet and sys.stderr.isatty())
        try:
            return build_workbook(options, progress=progress, notes=notes)
        finally:  # the progress line ends before any message
            progress.close()

    written = _run(debug, build_with_progress)
    lines = ([] if quiet else _wrote(written)) + notes
    if str(output) == "-":  # standard output holds the PDF: what was done goes to standard error
        if lines:
            click.echo("\n".join(lines), err=True)
    else:
        _report(lines, "the files were written")


class _Progress:
    """Progress on standard error (when ``shown``: a terminal, no --quiet) for a build that takes more than
    ``DELAY`` seconds: the seconds so far while one PDF is laid out, a bar of the PDFs laid out for several."""

    DELAY = 2.0

    def __init__(self, shown: bool) -> None:
        import threading

        self.shown, self.done, self.total, self.seconds = shown, 0, 0, 0
        self.drawn = False
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.thread = threading.Thread(target=self._tick, daemon=True)
        if shown:
            self.thread.start()

    def __call__(self, done: int, total: int) -> None:
        with self.lock:
            self.done, self.total = done, total
            if self.drawn:
                self._draw()

    def _tick(self) -> None:
        import time

        start = time.monotonic()
        if self.stop.wait(self.DELAY):
            return
        while True:
            with self.lock:
                self.seconds = round(time.monotonic() - start)
                self.drawn = True
                self._draw()
            if self.stop.wait(1.0):
                return

    def _draw(self) -> None:
        if self.total > 1:
            width = 30
            filled = width * self.done // self.total
            line = (f"Laying out the PDFs  [{'#' * filled}{'-' * (width - filled)}]  {self.done}/{self.total}  "
                    f"{100 * self.done // self.total}%")
        else:
            line = f"Laying out the workbook... {self.seconds} s"
        sys.stderr.write(f"\r{line}\x1b[K")
        sys.stderr.flush()

    def close(self) -> None:
        if self.shown:
            self.stop.set()
            self.thread.join()
            with self.lock:
                if self.drawn:
                    sys.stderr.write("\n")
                    sys.stderr.flush()


@main.command(short_help="Validate PLAN (default plan.yaml).")
@click.argument("plan", required=False, default=DEFAULT_PLAN, type=_PLAN_ARG)
@click.option("--debug", is_flag=True, help="Show the full traceback when something fails.")
def check(plan: Path, debug: bool) -> None:
    """Validate PLAN (default plan.yaml): print "ok" and a summary (in the plan's language), or every problem at
    once (exit code 2)."""
    from workbook.api import check_plan
    from workbook.templating import load_strings

    checked = _run(debug, lambda: check_plan(plan))
    _report([f"{load_strings(checked.language or 'en')['check_ok']}: {shown(plan)}: {checked.summary()}"])


@main.command(short_help="Write plan.yaml to edit: the example, or your answers (-i).")
@click.argument("path", required=False, default=DEFAULT_PLAN, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--interactive", "-i", is_flag=True, help="Ask for the names, the program and the meeting.")
@click.option("--force", is_flag=True, help="Replace PATH if it already exists (a regular file only).")
@click.option("--language", type=click.Choice(LANGUAGES), default="en", show_default=True, metavar="en|es",
              help="The language of the example plan, or of the questions (-i); es also writes 'language: es' "
                   "into the plan, so the workbook is built in Spanish.")
def init(path: Path, interactive: bool, force: bool, language: str) -> None:
    """Write a plan file to edit (default plan.yaml): a commented example, or your answers.

    The example shows every plan key with a note: loved_one, path, program, alternatives, meeting (with
    driver, calls_911, opening, bargaining and walk_out: who, when, message, for the day-of sheet),
    language (en or es: the whole workbook's), participants (letter, consequences, support, family_program,
    after_discharge, own_support, skills, language: that person's pages and packet),
    aftercare (yes_but_next_week, yes_but_first, leaves_early, return_to_use, continuing_care, medicine,
    release, naloxone),
    resources and notes (answers on other worksheets by form field name, as 'workbook read' writes them).

    \b
    path: craft, invitational or surprise (the family's way to help) orders the guide:
      craft: the CRAFT skills first, then the five steps;
      invitational: the five steps first (Step 3 opens with the invitation), then CRAFT;
      surprise: as invitational, with the invitation after the meeting plan.
      It also sets the day-of sheet's first line. Left out: the ladder (Steps 1
      and 2, then the CRAFT skills, then Steps 3 to 5).
    skills (each person): the CRAFT skill worksheets that person's packet holds, a list of
      safety, triggers, communication, rewards, self_care, invitation. The whole workbook
      always holds all six.
    """
    from workbook.api import example_plan_path
    from workbook.output import check_target, write_atomically

    _run(False, lambda: check_target(path, force))
    if interactive:
        from workbook.plan_writer import plan_text

        text = plan_text(_run(False, lambda: _interview(path, force, language)), path.name)
    else:
        text = example_plan_path(language).read_text(encoding="utf-8")
    _run(False, lambda: write_atomically(path, text.encode("utf-8"), force, mode=0o600))
    name = shown(path)
    _report([f"wrote {name}; edit it, then run: workbook check {name} && workbook build {name}"],
            "the plan was written")


def _interview(path: Path, force: bool, language: str) -> dict[str, Any]:
    """The answers of ``init -i``; on Ctrl-C, offer to keep those given (written only on yes), exit 130."""
    from workbook.interview import Interrupted, Interview, read_line
    from workbook.output import write_atomically
    from workbook.plan_writer import plan_text

    interview = Interview(language=language)
    try:
        return interview.run()
    except Interrupted as stopped:
        click.echo("", err=True)
        outcome = "nothing was written"
        if stopped.answers.get("loved_one", {}).get("name"):
            try:
                keep = read_line(interview.words["ask_keep"].format(path=shown(path))).strip().lower()
            except (EOFError, KeyboardInterrupt):
                keep = ""
            if keep and keep in interview.words["ask_yes"].split():
                write_atomically(path, plan_text(stopped.answers, path.name).encode("utf-8"), force, mode=0o600)
                outcome = f"your answers so far were written to {shown(path)}"
        click.echo(f"workbook: interrupted; {outcome}", err=True)
        sys.exit(130)


_FILLED_ARG = click.Path(dir_okay=False, path_type=Path)


@main.command(short_help="Read a workbook filled in on screen back into a plan file.")
@click.argument("filled", type=_FILLED_ARG, metavar="FILLED.pdf")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=DEFAULT_PLAN,
              show_default=True, help="Where to write the plan file.")
@click.option("--force", is_flag=True, help="Replace the output if it already exists (a regular file only).")
@click.option("--debug", is_flag=True, help="Show the full traceback when something fails.")
def read(filled: Path, output: Path, force: bool, debug: bool) -> None:
    """Read a workbook filled in on screen (any edition, saved by any viewer) into a plan file.

    Names, program, meeting, letters, consequences, support, aftercare, day-of facts and local resources go
    to their plan keys; answers on worksheets without a plan key (objections, notes, the after-a-no log...)
    go under notes:, by field name. Then: workbook check plan.yaml && workbook build plan.yaml --per-person
    DIR. A PDF not made by this tool, a damaged or encrypted one is refused (exit code 2).
    """
    from workbook.api import read_workbook

    result = _run(debug, lambda: read_workbook(filled, output, force))
    shown = printable(str(output))
    click.echo(f"wrote {shown}: {result.plan.summary()}")
    if result.placeholders:
        click.echo(f"  not filled in, so a stand-in was written (change it): {', '.join(result.placeholders)}")
    if result.removed:
        click.echo(f"  {result.removed} invisible control character(s) were left out of the answers")
    click.echo(f"next: workbook check {shown} && workbook build {shown}")


@main.command(short_help="Write a print-ready copy of a filled workbook.")
@click.argument("filled", type=_FILLED_ARG, metavar="FILLED.pdf")
@click.option("-o", "--output", type=_PDF_ARG, help="Where to write the print-ready PDF; - for standard output "
              "(not a terminal). Default: FILLED's name with -print.pdf in the current folder (plan.pdf -> "
              "plan-print.pdf).")
@click.option("--force", is_flag=True, help="Replace the output if it already exists (a regular file only).")
@click.option("--debug", is_flag=True, help="Show the full traceback when something fails.")
def flatten(filled: Path, output: Path | None, force: bool, debug: bool) -> None:
    """Write a print-ready copy of a filled workbook: every typed answer drawn on its lines, whole.

    The form is removed and each value is set by the workbook's own layout (same layout, paper and sides as
    the source): a value longer than its box gets more lines and continues on the next page; a letter
    prints whole. What a viewer hid or clipped on screen is all on paper.
    """
    from workbook.api import flatten_workbook

    target = _pdf_output(output, filled, "-print")
    path, _ = _run(debug, lambda: flatten_workbook(filled, target, force))
    click.echo(_wrote([path])[0], err=str(path) == "-")


@main.command()
def layouts() -> None:
    """List the built-in page layouts."""
    from workbook.layouts import builtin_layouts

    _report([f"{name:<12} {description}" for name, description in _run(False, builtin_layouts).items()])
