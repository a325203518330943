"""Personalized pages set like a designed book (issue 20), checked on the real PDFs: the day-of sheet is one
page in Letter and A4 and a facing two-page spread (from a left-hand page) in large print and the booklet,
for the blank workbook, the example, a six-person family plan, the stress plan and the longest day-of
sheet a plan may ask for; values too long for it end with a pointer to the page holding them in full."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from tests.conftest import PLANS
from tests.layoutcheck import PageView, page_views
from workbook.api import example_plan_path
from workbook.cli import main
from workbook.layouts import booklet_pages, load_layout

EDITIONS = {
    "letter": (),
    "a4": ("--layout", "a4"),
    "print-only": ("--no-fields",),
    "large-print": ("--layout", "large-print"),
    "large-print-a4": ("--layout", "large-print", "--paper", "a4"),
    "large-print-print-only": ("--layout", "large-print", "--no-fields"),
    "booklet": ("--booklet",),
}
ONE_PAGE = ("letter", "a4", "print-only")
SPREAD = ("large-print", "large-print-a4", "booklet")
SOURCES = {
    "blank": None,
    "example": example_plan_path(),
    "six-people": PLANS / "six-people-mixed-scripts.yaml",
    "stress": PLANS / "stress.yaml",
    "longest": PLANS / "day-of-longest.yaml",
}
SHEET_START = "Bring this page"  # the sheet's introduction
BRANCHES = "What we do if"  # the branches' heading
LAST_ROW = "With what message"  # the head of the sheet's last table
IN_FULL = "long answers in full"


def edition_layout(edition: str):  # type: ignore[no-untyped-def]
    args = dict(zip(EDITIONS[edition][::2], EDITIONS[edition][1::2], strict=False))
    layout = load_layout(args.get("--layout", "letter"), args.get("--paper"))
    return booklet_pages(layout) if edition == "booklet" else layout


@pytest.fixture(scope="module")
def views(built):  # type: ignore[no-untyped-def]
    """Each source's edition built once (through the CLI) and measured once: its pages in reading order."""
    cache: dict[tuple[str, str], list[PageView]] = {}

    def get(source: str, edition: str) -> list[PageView]:
        if (source, edition) not in cache:
            plan = SOURCES[source]
            pdf = built(*((str(plan),) if plan else ()), *EDITIONS[edition])
            layout = edition_layout(edition)
            cache[source, edition] = page_views(pdf.path, (layout.page.margin_top, layout.page.margin_bottom),
                                                halves=edition == "booklet")
        return cache[source, edition]

    return get


def pages_with(pages: list[PageView], words: str) -> list[int]:
    flat = words.lower()
    return [page.number for page in pages if flat in " ".join(page.text.split()).lower()]


def sheet_pages(pages: list[PageView]) -> tuple[int, int, int]:
    """The pages of the sheet's start, its branches and its last table (the walk-out plan)."""
    start = pages_with(pages, SHEET_START)
    assert len(start) == 1, start
    after = [n for n in pages_with(pages, LAST_ROW) if n >= start[0]]
    return start[0], pages_with(pages, BRANCHES)[0], after[0]


@pytest.mark.parametrize("edition", ONE_PAGE)
@pytest.mark.parametrize("source", SOURCES)
def test_day_of_sheet_is_one_page(views, source: str, edition: str) -> None:  # type: ignore[no-untyped-def]
    start, branches, last = sheet_pages(views(source, edition))
    assert start == branches == last, f"the day-of sheet runs over pages {start} to {last}"


@pytest.mark.parametrize("edition", SPREAD)
@pytest.mark.parametrize("source", SOURCES)
def test_day_of_sheet_is_a_facing_spread(views, source: str, edition: str) -> None:  # type: ignore[no-untyped-def]
    start, branches, last = sheet_pages(views(source, edition))
    assert start % 2 == 0, f"the spread starts on page {start}, a right-hand page: it would not face its partner"
    assert branches == last == start + 1, f"who and where on page {start}, what we do if on {branches}-{last}"


@pytest.mark.parametrize("edition", ["print-only", "large-print-print-only", "booklet"])
def test_long_values_point_to_the_page_that_holds_them(views, edition: str) -> None:  # type: ignore[no-untyped-def]
    """The longest sheet shortens values: each ends with "(in full: p. N)", and page N holds the text."""
    pages = views("longest", edition)
    start = sheet_pages(pages)[0]
    sheet = " ".join(p.text for p in pages if p.number in (start, start + 1))
    pointers = {int(n) for n in re.findall(r"in full: p\.\s*(\d+)\)", " ".join(sheet.split()))}
    assert pointers, "nothing was shortened on the longest day-of sheet"
    answers = pages_with(pages, IN_FULL)
    assert answers and answers[0] in pointers
    text = {p.number: " ".join(p.text.split()) for p in pages}
    assert "The chair's opening words" in text[answers[0]].replace("\u2019", "'")
    for target in pointers - {answers[0]}:  # the worksheets where the plan's names and program live
        assert re.search(r"Worksheet: (The program we chose|Team and meeting plan)", text[target]), target


def test_a_shortened_value_in_a_form_field_points_to_the_page_too(built, views) -> None:  # type: ignore[no-untyped-def]
    """In the fillable edition the field holds the shortened value, pointer and all."""
    from pypdf import PdfReader

    pdf = built(str(SOURCES["longest"]), *EDITIONS["letter"])
    values = {name: str(field.get("/V", "")) for name, field in PdfReader(pdf.path).get_fields().items()
              if name.startswith("dayof.")}
    answers = pages_with(views("longest", "letter"), IN_FULL)
    assert f"(in full: p.\u00a0{answers[0]})" in values["dayof.opening"]
    assert values["dayof.roles.1.chair"].startswith("Person1") and "in full: p." in values["dayof.roles.1.chair"]


@pytest.mark.parametrize("source", ["blank", "example", "six-people", "stress"])
def test_a_sheet_that_fits_has_no_page_of_long_answers(views, source: str) -> None:  # type: ignore[no-untyped-def]
    assert not pages_with(views(source, "letter"), IN_FULL)


@pytest.mark.parametrize(("setting", "problem"), [
    ('day_of_sheet = "poster"', "day_of_sheet"),
    ('paper_thickness = "2mm"', "paper_thickness"),
])
def test_a_bad_sheet_or_paper_setting_is_a_clear_error(tmp_path, setting: str, problem: str) -> None:  # type: ignore[no-untyped-def]
    layout = tmp_path / "mine.toml"
    layout.write_text(f'extends = "letter"\n{setting}\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "--layout", str(layout), "-o", str(tmp_path / "w.pdf")])
    assert result.exit_code == 2, result.output
    assert problem in result.output and "Traceback" not in result.output
    assert not (tmp_path / "w.pdf").exists()


FULL_BOOKS = ("six-people", "stress")
BOOK_EDITIONS = ("letter", "a4", "large-print", "large-print-a4", "booklet")


def heading_sizes(edition: str) -> set[float]:
    sizes = edition_layout(edition).type
    return {round(sizes.subsection_size, 1), round(sizes.section_size, 1), round(sizes.part_size, 1)}


@pytest.mark.parametrize("edition", BOOK_EDITIONS)
@pytest.mark.parametrize("source", FULL_BOOKS)
def test_no_page_ends_with_a_heading(built, source: str, edition: str) -> None:  # type: ignore[no-untyped-def]
    """The last line of every page's text area is not a heading (a part title, a section or sub-heading):
    a heading keeps at least its first block. A notes page's title sits over ruled lines (no text)."""
    from tests.layoutcheck import glyphs

    plan = SOURCES[source]
    pdf = built(str(plan), *EDITIONS[edition])
    layout = edition_layout(edition)
    top, bottom = layout.page.margin_top, layout.page.margin_bottom
    pages: dict[tuple[int, int], list] = {}  # type: ignore[type-arg]
    for glyph in glyphs(pdf.path):
        x, y = (glyph.box[0] + glyph.box[2]) / 2, (glyph.box[1] + glyph.box[3]) / 2
        if bottom <= y <= glyph.paper[1] - top:
            half = int(x > glyph.paper[0] / 2) if edition == "booklet" else 0
            pages.setdefault((glyph.page, half), []).append(glyph)
    stranded = []
    for where, found in sorted(pages.items()):
        lowest = min(g.box[1] for g in found)
        line = sorted((g for g in found if abs(g.box[1] - lowest) < 3), key=lambda g: g.box[0])
        text = "".join(g.char for g in line)
        if max(g.size for g in line) in heading_sizes(edition) and text != "Notes":
            stranded.append(f"{where}: {text}")
    assert not stranded, stranded


@pytest.mark.parametrize("edition", ["letter", "a4"])
def test_continued_is_never_broken_into_letters(built, edition: str) -> None:  # type: ignore[no-untyped-def]
    """A continued table's "(continued)" sits in a column wide enough for the whole word (a team of 40
    continues its table, whose first column is a narrow row number)."""
    from tests.layoutcheck import raw_lines

    pdf = built("--people", "40", *EDITIONS[edition])
    assert any("(continued)" in line for page in raw_lines(pdf.path) for line in page)
    broken = [line for page in raw_lines(pdf.path) for line in page if "(co" in line and "(continued)" not in line]
    assert not broken, broken
