"""Personalized pages set like a designed book (issue 20), checked on the real PDFs: the day-of sheet is one
page in Letter and A4 and a facing two-page spread (from a left-hand page) in large print and the booklet,
for the blank workbook, the example, a six-person family plan, the stress plan and the longest day-of
sheet a plan may ask for; values too long for it end with a pointer to the page holding them in full."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from tests.conftest import assert_clean_exit, write_layout
from tests.editions import EDITIONS as ALL_EDITIONS
from tests.editions import SOURCES, edition_layout
from tests.layoutcheck import PageView
from workbook.cli import main

EDITIONS = {name: ALL_EDITIONS[name] for name in ("letter", "a4", "print-only", "large-print", "large-print-a4",
                                                  "large-print-print-only", "booklet")}
ONE_PAGE = ("letter", "a4", "print-only")
SPREAD = ("large-print", "large-print-a4", "booklet")
SHEET_START = "Bring the day-of sheet"  # the sheet's introduction
BRANCHES = "What we do if"  # the branches' heading
LAST_ROW = "With what message"  # the head of the sheet's last table
IN_FULL = "long answers in full"


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
    answers = [p.printed for p in pages if p.number in pages_with(pages, IN_FULL)]  # as its footer numbers it
    assert answers and answers[0] in pointers
    text = {p.printed: " ".join(p.text.split()) for p in pages if p.printed}
    assert "The chair's opening words" in text[answers[0]].replace("\u2019", "'")
    for target in pointers - {answers[0]}:  # the worksheets where the plan's names and program live
        assert re.search(r"Worksheet: (The program we chose|Team and meeting plan)", text[target]), target


def test_a_shortened_value_in_a_form_field_points_to_the_page_too(built, views) -> None:  # type: ignore[no-untyped-def]
    """In the fillable edition the field holds the shortened value, pointer and all (one field a line)."""
    pdf = built(str(SOURCES["longest"]), *EDITIONS["letter"])
    values = {name: value for name, value in pdf.answers.items() if name.startswith("dayof.")}
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
    assert problem in result.output
    assert_clean_exit(result, 2)
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


def booklet_sides(path) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """Sheet sides per booklet, from the file's page labels ("Booklet 2, side 5")."""
    from pypdf import PdfReader

    sides: dict[str, int] = {}
    for label in PdfReader(path).page_labels:
        name = label.rsplit(",", 1)[0]
        sides[name] = sides.get(name, 0) + 1
    return sides


@pytest.mark.parametrize("source", ["blank", "example", "six-people", "stress"])
def test_every_booklet_is_one_a_stapler_can_close(built, views, source: str) -> None:  # type: ignore[no-untyped-def]
    """At most 16 sheets per booklet; each ends with a back cover that carries the emergency numbers."""
    plan = SOURCES[source]
    pdf = built(*((str(plan),) if plan else ()), "--booklet")
    sides = booklet_sides(pdf.path)
    assert all(count % 2 == 0 and count // 2 <= 16 for count in sides.values()), sides
    pages = views(source, "booklet")
    ends, first = [], 0
    for count in sides.values():
        first += 2 * count
        ends.append(first)
    for number, end in enumerate(ends, start=1):
        cover = " ".join(pages[end - 1].text.split())
        for needed in ("911", "988", "1-800-662-4357", "1-800-487-4889", "1-800-799-7233", f"Booklet {number} of"):
            assert needed in cover, (number, needed, cover)


def test_a_long_book_is_several_booklets_cut_where_a_part_or_section_starts(built, views) -> None:  # type: ignore[no-untyped-def]
    pdf = built(str(SOURCES["stress"]), "--booklet")
    sides = list(booklet_sides(pdf.path).values())
    assert len(sides) >= 3, sides
    pages = views("stress", "booklet")
    first = 0
    for count in sides[:-1]:
        first += 2 * count  # the next booklet's first page, in reading order, is pages[first]
        opening = pages[first]
        assert opening.number % 2 == 1
        top = " ".join(opening.text.split()[:3])
        assert max(opening.sizes) >= edition_layout("booklet").type.subsection_size, top


def test_inner_sheets_move_toward_the_fold_by_the_paper_thickness(built, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Creep: sheet k of a booklet (0 outermost) draws its left page k thicknesses to the right and its right
    page k thicknesses to the left; a layout's paper_thickness sets it."""
    import pikepdf

    layout = write_layout(tmp_path / "thick.toml", {"paper_thickness": "0.3mm"})
    pdf = built("--booklet", "--layout", str(layout))
    thickness = 0.3 * 72 / 25.4
    with pikepdf.open(pdf.path) as document:
        for side in (0, 1, 4, 5, 10):
            stream = document.pages[side].Contents.read_bytes().decode()
            offsets = [float(x) for x in re.findall(r"1 0 0 1 ([\d.]+) 0 cm", stream)]
            half = float(document.pages[side].mediabox[2]) / 2
            sheet = side // 2
            assert offsets == pytest.approx([sheet * thickness, half - sheet * thickness], abs=1e-3), (side, offsets)


def test_the_back_of_the_title_page_is_blank_in_duplex(built) -> None:  # type: ignore[no-untyped-def]
    """Double-sided, page 2 (the title page's back) has no ink in its text area and no notes field."""
    from tests.layoutcheck import page_views

    pdf = built(str(SOURCES["six-people"]), "--duplex")
    layout = edition_layout("letter")
    pages = page_views(pdf.path, (layout.page.margin_top, layout.page.margin_bottom))
    assert pages[1].fill == 0 and not pages[1].text.strip(), pages[1].text[:80]
    assert "Contents" in pages[2].text
    assert not [w for w in pdf.widgets if w["page"] == 2]
    assert not pdf.pages[1].strip()  # no header, no page number either


@pytest.mark.parametrize("edition", ["letter", "large-print"])
def test_contents_numbers_sit_on_their_entries_baselines_after_leaders(built, edition: str) -> None:  # type: ignore[no-untyped-def]
    """Each page number's digits stand on the same baseline as the letters of its entry's last line, and
    dot leaders (a dash pattern of dots) lead to them."""
    import pikepdf

    from tests.layoutcheck import glyphs

    pdf = built(str(SOURCES["stress"]), *EDITIONS[edition])
    found = [g for g in glyphs(pdf.path) if g.page == 2]
    right = max(g.box[2] for g in found)
    offsets = []
    for digit in (g for g in found if g.char.isdigit() and g.box[2] > right - 30):
        middle = (digit.box[1] + digit.box[3]) / 2
        row = [g.box[1] for g in found if g.char in "aemnrsuvwxz" and abs((g.box[1] + g.box[3]) / 2 - middle) < 6]
        if row:
            offsets.append(digit.box[1] - min(row))
    assert len(offsets) > 10 and max(abs(o) for o in offsets) < 0.4, offsets
    with pikepdf.open(pdf.path) as document:
        page = document.pages[1]
        page.contents_coalesce()
        stream = page.Contents.read_bytes()
    assert re.search(rb"\[0 [\d.]+\] 0 d", stream), "no dot leaders on the contents page"


@pytest.mark.parametrize("edition", ["letter", "a4", "large-print", "large-print-a4", "booklet"])
@pytest.mark.parametrize("source", ["blank", "six-people"])
def test_the_five_steps_diagram_stays_with_its_heading(views, source: str, edition: str) -> None:  # type: ignore[no-untyped-def]
    pages = views(source, edition)
    opening = pages_with(pages, "Each step builds on the one before it")
    last_step = pages_with(pages, "Stay close during treatment, and plan for aftercare")
    assert opening and opening == last_step, (opening, last_step)


@pytest.mark.parametrize("edition", ["letter", "print-only", "large-print", "large-print-print-only", "booklet"])
@pytest.mark.parametrize("source", FULL_BOOKS)
def test_a_consequence_agreement_is_on_one_page_or_says_it_continues(views, source: str, edition: str) -> None:  # type: ignore[no-untyped-def]
    """From its consequences to its safety ticks and signature, an agreement is on one page, or each page it
    continues on starts with its heading marked "(continued)"."""
    pages = views(source, edition)
    text = {p.number: " ".join(p.text.split()) for p in pages}
    starts = pages_with(pages, "If you choose not to accept help today")
    ends = pages_with(pages, "Signed and dated")
    assert starts and len(starts) == len(ends)
    for start, end in zip(starts, ends, strict=True):
        for number in range(start + 1, end + 1):
            assert "consequence agreement (continued)" in text[number], (start, number, text[number][:100])


def heading_last_lines(path, sizes: set[float]) -> list[str]:  # type: ignore[no-untyped-def]
    """The last line of every heading of two lines or more (glyphs of a heading size, lines one leading
    apart), as text with its spaces."""
    from tests.layoutcheck import glyphs

    groups: dict[tuple[int, float, int], list] = {}  # type: ignore[type-arg]
    for glyph in glyphs(path):
        if glyph.size in sizes:
            half = int((glyph.box[0] + glyph.box[2]) / 2 > glyph.paper[0] / 2) if glyph.paper[0] > glyph.paper[1] else 0
            groups.setdefault((glyph.page, glyph.size, half), []).append(glyph)
    found = []
    for (_, size, _), glyphs_ in groups.items():
        lines: list[list] = []  # type: ignore[type-arg]
        for glyph in sorted(glyphs_, key=lambda g: -(g.box[1] + g.box[3]) / 2):
            middle = (glyph.box[1] + glyph.box[3]) / 2
            if lines and abs(sum((g.box[1] + g.box[3]) / 2 for g in lines[-1]) / len(lines[-1]) - middle) < size * 0.45:
                lines[-1].append(glyph)
            else:
                lines.append([glyph])
        middles = [sum((g.box[1] + g.box[3]) / 2 for g in line) / len(line) for line in lines]
        for n, line in enumerate(lines):
            joined_above = n > 0 and middles[n - 1] - middles[n] < size * 1.6
            joined_below = n + 1 < len(lines) and middles[n] - middles[n + 1] < size * 1.6
            if joined_above and not joined_below:
                line.sort(key=lambda g: g.box[0])
                text = line[0].char
                for before, glyph in zip(line, line[1:], strict=False):
                    text += (" " if glyph.box[0] - before.box[2] > size * 0.18 else "") + glyph.char
                found.append(text)
    return found


@pytest.mark.parametrize("edition", ["letter", "large-print", "large-print-a4", "booklet"])
@pytest.mark.parametrize("source", FULL_BOOKS)
def test_no_heading_ends_with_one_word_alone(built, source: str, edition: str) -> None:  # type: ignore[no-untyped-def]
    pdf = built(str(SOURCES[source]), *EDITIONS[edition])
    sizes = edition_layout(edition).type
    lone = [text for text in heading_last_lines(pdf.path, {round(sizes.section_size, 1), round(sizes.part_size, 1)})
            if len(text.split()) == 1]
    assert not lone, lone
