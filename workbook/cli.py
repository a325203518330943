"""The ``workbook`` command: Click options -> :mod:`workbook.api` calls; errors -> clean messages and exit codes.

Keep imports here light: ``workbook --help`` must not load ReportLab.
"""

from __future__ import annotations

import sys
import traceback
from pathlib import Path
from typing import Any

import click

from workbook import __version__
from workbook.errors import WorkbookError

DEFAULT_OUTPUT = "intervention-workbook.pdf"


def _run(debug: bool, action: Any) -> Any:
    try:
        return action()
    except WorkbookError as exc:
        if debug:
            traceback.print_exc()
        click.echo(f"workbook: error: {exc}", err=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        click.echo("workbook: interrupted; nothing was written", err=True)
        sys.exit(130)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="workbook")
def main() -> None:
    """Make a printable, fillable intervention workbook for a family whose loved one refused detox.

    \b
    workbook build                     the blank workbook, for pen and paper
    workbook build -o ~/plan.pdf --layout a4 --people 6
    workbook layouts                   list the built-in page layouts
    """


@main.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=DEFAULT_OUTPUT,
              show_default=True, help="Where to write the PDF.")
@click.option("--layout", default="letter", show_default=True, metavar="NAME|FILE",
              help="A built-in layout (letter, a4; see 'workbook layouts') or the path of a .toml layout file.")
@click.option("--people", type=int, default=4, show_default=True,
              help="How many people get their own letter, consequence and support pages (1-200).")
@click.option("--no-fields", is_flag=True, help="A print-only edition: ruled lines and boxes, no form fields.")
@click.option("--force", is_flag=True, help="Replace the output file if it already exists.")
@click.option("--debug", is_flag=True, help="Show the full traceback when something fails.")
def build(output: Path, layout: str, people: int, no_fields: bool, force: bool, debug: bool) -> None:
    """Write the workbook as a PDF (blank, for pen and paper or filling on screen)."""
    from workbook.api import BuildOptions, build_workbook

    options = BuildOptions(output=output, layout=layout, people=people, fields=not no_fields, force=force)
    written = _run(debug, lambda: build_workbook(options))
    click.echo(f"wrote {written}")


@main.command()
def layouts() -> None:
    """List the built-in page layouts."""
    from workbook.layouts import builtin_layouts

    for name, description in _run(False, builtin_layouts).items():
        click.echo(f"{name:<12} {description}")
