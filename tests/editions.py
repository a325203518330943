"""The editions and plans the page tests build (test_book_pages, test_page_layout, test_page_fill): the
command-line arguments of each edition, the plan of each source, and the layout an edition is set in. The
``views`` fixture (tests/conftest.py) measures each built edition's pages once per session."""

from __future__ import annotations

from tests.conftest import PLANS
from workbook.api import example_plan_path
from workbook.layouts import Layout, booklet_pages, load_layout

EDITIONS = {
    "letter": (),
    "a4": ("--layout", "a4"),
    "print-only": ("--no-fields",),
    "large-print": ("--layout", "large-print"),
    "large-print-a4": ("--layout", "large-print", "--paper", "a4"),
    "large-print-print-only": ("--layout", "large-print", "--no-fields"),
    "duplex": ("--duplex",),
    "booklet": ("--booklet",),
}
SOURCES = {
    "blank": None,
    "example": example_plan_path(),
    "six-people": PLANS / "six-people-mixed-scripts.yaml",
    "stress": PLANS / "stress.yaml",
    "longest": PLANS / "day-of-longest.yaml",
}


def edition_args(source: str, edition: str) -> tuple[str, ...]:
    """The arguments of ``workbook build`` for a source's edition: ``("plan.yaml", "--layout", "a4")``."""
    plan = SOURCES[source]
    return ((str(plan),) if plan else ()) + EDITIONS[edition]


def edition_layout(edition: str) -> Layout:
    """The layout an edition's pages are set in (a booklet's half-size pages for the booklet)."""
    args = dict(zip(EDITIONS[edition][::2], EDITIONS[edition][1::2], strict=False))
    layout = load_layout(args.get("--layout", "letter"), args.get("--paper"))
    return booklet_pages(layout) if edition == "booklet" else layout
