"""Runs the stages in order: layout, plan, context, templates, blocks, PDF, file. No Click here."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from workbook.context import DEFAULT_PEOPLE, build_context
from workbook.errors import BuildError, WorkbookError
from workbook.layouts import load_layout
from workbook.output import check_target, write_atomically
from workbook.parse import parse
from workbook.resources import data_dir
from workbook.templating import render

MAX_PEOPLE = 200


@dataclass(frozen=True)
class BuildOptions:
    output: Path = Path("intervention-workbook.pdf")
    layout: str = "letter"
    people: int = DEFAULT_PEOPLE
    fields: bool = True
    force: bool = False
    language: str = "en"


@cache
def load_strings(language: str = "en") -> dict[str, str]:
    """The page-furniture words of one language (``content/<lang>/strings.toml``)."""
    with open(data_dir("content") / language / "strings.toml", "rb") as handle:
        return dict(tomllib.load(handle))


def render_blocks(options: BuildOptions) -> list:  # type: ignore[type-arg]
    """The whole workbook as blocks (the stage before PDF layout)."""
    if not 1 <= options.people <= MAX_PEOPLE:
        raise WorkbookError(f"--people: give a number from 1 to {MAX_PEOPLE}")
    strings = load_strings(options.language)
    context = build_context(None, options.people, strings)
    return parse(render("workbook.md.j2", context, options.language))


def build_pdf(options: BuildOptions) -> bytes:
    """Build the workbook and return the PDF bytes (nothing is written)."""
    layout = load_layout(options.layout)
    blocks = render_blocks(options)
    from workbook.pdf.document import render_pdf  # ReportLab only when a build starts

    try:
        return render_pdf(blocks, layout, load_strings(options.language), options.fields, options.language)
    except WorkbookError:
        raise
    except Exception as exc:  # a layout failure: name the stage, never the user's text
        raise BuildError(f"laying out the PDF failed ({type(exc).__name__}); run with --debug for details") from exc


def build_workbook(options: BuildOptions) -> Path:
    """Build the workbook and write it to ``options.output``; return the path written."""
    check_target(options.output, options.force)
    data = build_pdf(options)
    write_atomically(options.output, data, options.force)
    return options.output
