"""Pages that print like a published workbook, checked on the real PDFs of the blank workbook, the example
plan, a six-person family plan in several scripts and a stress plan (long names and web addresses, a
2,000-word letter, 8 consequences, 10 alternatives, 12 people) in every edition: no empty page, no head row
twice on a page, no word cut at a letter, large print large everywhere, nothing near the paper's edge, hardly
a page left mostly empty."""

from __future__ import annotations

import dataclasses
import html
import re
import shutil
from functools import cache

import pytest

from tests.conftest import needs_tool
from tests.editions import SOURCES as ALL_SOURCES
from tests.editions import edition_args, edition_layout
from tests.layoutcheck import broken_words, glyphs, layout_lines, raw_lines
from workbook import blocks as b
from workbook.api import BuildOptions, check_plan, render_blocks
from workbook.layouts import SAFE_EDGE

needs_pdftotext = needs_tool(shutil.which("pdftotext") is not None,
                             "pdftotext is not installed (apt install poppler-utils, or brew install poppler)")
EDITIONS = ("letter", "a4", "large-print", "large-print-a4", "duplex", "booklet")
SOURCES = {name: ALL_SOURCES[name] for name in ("blank", "example", "six-people", "stress")}
CASES = [(source, edition) for source in SOURCES for edition in EDITIONS]


@cache
def source_blocks(source: str) -> list[b.Block]:
    plan = SOURCES[source]
    return render_blocks(BuildOptions(), check_plan(plan) if plan else None)


def _texts(value: object) -> list[str]:
    """Every piece of text a block holds: runs, values, labels, names."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, b.Run):
        return [value.text]
    if isinstance(value, dict):
        return [t for v in value.values() for t in _texts(v)]
    if isinstance(value, (tuple, list)):
        return [t for v in value for t in _texts(v)]
    if dataclasses.is_dataclass(value):
        return [t for f in dataclasses.fields(value) if f.name not in ("field", "key")
                for t in _texts(getattr(value, f.name))]
    return []


@cache
def source_words(source: str) -> frozenset[str]:
    """The words of the guide and of the plan, as typed (punctuation kept, as it prints)."""
    text = " ".join(_texts(source_blocks(source)))
    return frozenset(html.unescape(text).split())


@cache
def hyphenation_points(word: str) -> set[int]:
    """Where a word may break with a hyphen added: a dictionary hyphenation point of a part of 11 letters
    or more (pyphen's en_US patterns, at least 3 letters either side)."""
    import pyphen

    dictionary = pyphen.Pyphen(lang="en_US", left=3, right=3)
    points, offset = set(), 0
    for part in re.split(r"([/.?&=-])", word):
        if len(part) >= 11 and part.isalpha():
            points.update(offset + p for p in dictionary.positions(part))
        offset += len(part)
    return points


@pytest.mark.parametrize(("source", "edition"), CASES)
def test_every_page_has_body_content(views, source: str, edition: str) -> None:  # type: ignore[no-untyped-def]
    # the back of the title page is blank by rule when pages face (double-sided, a booklet)
    empty = [view.number for view in views(source, edition) if view.fill == 0
             and not (view.number == 2 and edition in ("duplex", "booklet"))]
    assert not empty, f"pages with only a header and a footer: {empty}"


@pytest.mark.parametrize(("source", "edition"), CASES)
def test_hardly_a_page_is_left_mostly_empty(views, source: str, edition: str) -> None:  # type: ignore[no-untyped-def]
    """Fewer than 1 page in 50 is less than a quarter full; part openers, notes pages and a typed letter's
    reading copy may be."""
    layout = edition_layout(edition)
    notes = "Notes"
    pages = views(source, edition)
    sparse = [view for view in pages if view.fill < 0.25
              and layout.type.part_size not in view.sizes  # a part opener
              and layout.type.reading_size not in view.sizes  # a letter read aloud
              and view.text.split() not in ([], [notes])]  # a notes page
    assert len(sparse) * 50 < len(pages), "pages less than a quarter full: " + "; ".join(
        f"{v.number} ({v.fill:.0%}): {' '.join(v.text.split())[:60]}" for v in sparse)


def _head_rows(source: str) -> list[re.Pattern[str]]:
    """A pattern for each table's head row as it prints on one line (its first cell may say "continued")."""
    continued = re.escape("(continued)")
    patterns = []
    for block in source_blocks(source):
        if isinstance(block, b.Grid) and len(block.columns) > 1:
            labels = [re.escape(b.plain_text(c.label).split()[0]) for c in block.columns]
            patterns.append(re.compile(rf"{labels[0]}(?: {continued})?\s+" + r"\s+".join(labels[1:]) + r"\b"))
    return patterns


@needs_pdftotext
@pytest.mark.parametrize(("source", "edition"), CASES)
def test_no_table_head_row_twice_on_a_page(built, source: str, edition: str) -> None:  # type: ignore[no-untyped-def]
    pdf = built(*edition_args(source, edition))
    patterns = _head_rows(source)
    assert patterns
    for number, lines in enumerate(layout_lines(pdf.path), start=1):
        # a booklet sheet holds two pages side by side: a table may continue on the facing page
        middle = max(map(len, lines), default=0) // 2
        halves = [[line[:middle] for line in lines], [line[middle:] for line in lines]] \
            if edition == "booklet" else [lines]
        for half in halves:
            for pattern in patterns:
                count = sum(1 for line in half if pattern.search(line))
                assert count <= 1, f"sheet {number}: the head row {pattern.pattern!r} {count} times"


@needs_pdftotext
@pytest.mark.parametrize(("source", "edition"), CASES)
def test_no_word_is_cut_at_a_letter(built, source: str, edition: str) -> None:  # type: ignore[no-untyped-def]
    """A line ends between words, after a web address's / . - ? & =, after a hyphen, or at a hyphenation
    point with a hyphen shown; a phone number is never on two lines."""
    pdf = built(*edition_args(source, edition))
    words = source_words(source)
    pages = raw_lines(pdf.path)
    cut = [f"page {n}: {c}" for n, lines in enumerate(pages, start=1)
           for c in broken_words(lines, words, hyphenation_points)]
    assert not cut, cut[:10]
    plan = SOURCES[source]
    if plan:
        phones = set(re.findall(r"\(\d{3}\) \d{3}-\d{4}", plan.read_text()))
        assert phones
        lines = [line for page in pages for line in page]
        for phone in phones:
            assert any(phone in line for line in lines), f"{phone} is broken over two lines"


@pytest.mark.parametrize(("source", "edition"), CASES)
def test_no_ink_near_the_paper_edge(built, source: str, edition: str) -> None:  # type: ignore[no-untyped-def]
    """Home printers cannot print within about 0.25 in of the edge: no character comes within 0.375 in."""
    pdf = built(*edition_args(source, edition))
    near = [g for g in glyphs(pdf.path)
            if min(g.box[0], g.box[1], g.paper[0] - g.box[2], g.paper[1] - g.box[3]) < SAFE_EDGE - 0.5]
    assert not near, [f"page {g.page}: {g.char!r} at {tuple(round(v) for v in g.box)}" for g in near[:5]]


@pytest.mark.parametrize("source", SOURCES)
@pytest.mark.parametrize("edition", ["large-print", "large-print-a4"])
def test_large_print_is_large_everywhere(built, views, source: str, edition: str) -> None:  # type: ignore[no-untyped-def]
    """No character under 14 pt anywhere (header, footer, table heads, captions, title page); body 16 pt."""
    pdf = built(*edition_args(source, edition))
    small = [g for g in glyphs(pdf.path) if g.size < 14]
    assert not small, [f"page {g.page}: {g.char!r} at {g.size} pt" for g in small[:5]]
    guide = pdf.page_of("Step 2: Understand why they said no")
    from tests.pdfcheck import common_font_size

    assert common_font_size(pdf.path, guide) == 16
    boxes = [w for w in pdf.widgets if w["type"] == "/Btn"]
    assert boxes and all(w["rect"][2] - w["rect"][0] >= 6 * 72 / 25.4 - 0.01 for w in boxes)


def test_the_stress_plan_is_what_it_says() -> None:
    """Long names and web addresses, a 2,000-word letter, 8 consequences, 10 alternatives, 12 people."""
    plan = check_plan(SOURCES["stress"])
    assert len(plan.participants) == 12 and len(plan.alternatives) == 10
    assert max(len(p.consequences) for p in plan.participants) == 8
    assert max(len(p.letter.split()) for p in plan.participants) >= 2000
    assert any(len(max(p.name.split(), key=len)) >= 25 for p in plan.participants)
    assert plan.program is not None and len(plan.program.website) > 60


def test_page_numbers_sit_on_the_outside_edge(built) -> None:  # type: ignore[no-untyped-def]
    """Double-sided, a left-hand page has its number at the left; in a booklet too (not at the fold)."""
    pdf = built("--duplex")
    width = pdf.page_size()[0]
    found = {g.page: g.box[0] for g in glyphs(pdf.path) if g.char == "P" and g.box[1] < 72 and g.page in (4, 5)}
    assert found[4] < width / 2 < found[5], found  # "Page N of M": left-hand page left, right-hand page right
    booklet = built("--booklet")
    sheet = booklet.page_size()[0]
    sides: dict[int, list[float]] = {}  # the footers' "P" on each sheet side (a notes page or a cover has none)
    for g in glyphs(booklet.path):
        if g.char == "P" and g.box[1] < 72:
            sides.setdefault(g.page, []).append(g.box[0])
    pairs = [sorted(numbers) for numbers in sides.values() if len(numbers) == 2]
    assert pairs
    for numbers in pairs:
        assert numbers[0] < sheet * 0.25 and numbers[-1] > sheet * 0.75, numbers  # both at the sheet's outer edges



def test_our_text_has_typographic_quotes_and_the_plan_prints_as_typed(built) -> None:  # type: ignore[no-untyped-def]
    pdf = built(str(SOURCES["stress"]))
    bag = check_plan(SOURCES["stress"]).meeting.bag  # type: ignore[union-attr]
    assert "'" in bag and bag in pdf.printed  # the plan's straight apostrophe, as typed (drawn by its field)
    guide = pdf.pages[pdf.page_of("Step 2: Understand why they said no") - 1]
    assert "\u2019" in guide or "\u201c" in guide  # curly apostrophes and quotes in the guide
    assert "'" not in guide and '"' not in guide


@pytest.mark.parametrize("edition", ["letter", "a4", "large-print", "large-print-a4"])
def test_each_worksheet_page_stays_one_page(built, edition: str) -> None:  # type: ignore[no-untyped-def]
    """A person's letter worksheet is two pages and each agreement or plan one page: a worksheet a little
    too long for its page takes rows from its writing lines rather than spill a prompt onto a new page.

    In large print the consequence agreement (four writing areas, 13 rows of 13.5 mm, four safety ticks and ten
    lines of 16 pt text) is about a quarter of a page too tall: it would fit only with fewer than three fifths
    of its rows, so it takes two pages there, its safety ticks and signature together on the second. Large
    print's rules are 13.5 mm apart (two typed lines of 14 pt to a gap), so on Letter paper, shorter than A4,
    the letter worksheet takes three pages."""
    outline = built(*edition_args("blank", edition)).outline
    agreement = 2 if edition.startswith("large-print") else 1
    letter = 3 if edition == "large-print" else 2
    spans = {}
    for entry, following in zip(outline, outline[1:], strict=False):
        for kind, pages in ((": intervention letter", letter), (": consequence agreement", agreement)):
            if entry.title.endswith(kind):
                spans[entry.title] = (following.page - entry.page, pages)
    assert len(spans) >= 8
    assert all(span == pages for span, pages in spans.values()), spans
