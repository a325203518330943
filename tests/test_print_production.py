"""Print editions, checked in the PDF: page sizes, type sizes, right-hand starts, booklets, nothing off the page."""

from __future__ import annotations

import re

import pytest
from pypdf import PdfReader

from tests.pdfcheck import common_font_size, leaf_objects, smallest_font_size
from workbook.layouts import load_layout

LETTER, A4 = (612, 792), (595.28, 841.89)
MM = 72 / 25.4
# The long words of table heads and card row names (the team, the day-of roles, the program comparison, the
# call log): a column or a card's name column too narrow for one of them cuts it ("Relationshi p").
HEAD_WORDS = ("Relationship", "Confirmed", "Interventionist", "withdrawal", "accredited?", "medicines?",
              "discharge?", "Reference", "Admission", "available", "Naloxone,", "Expected")
NARROW = {"description": "Large print in a 4 in wide text frame, table heads at 16 pt: the narrowest allowed",
          "page": {"margin_left": "2.25in", "margin_right": "2.25in"}, "type": {"small_size": "16pt"}}


def broken_words(text: str) -> list[str]:
    """The head words that the text shows cut in two, by a space or a hyphen and a space."""
    folded = " ".join(text.split())
    cuts = (f"{word[:k]}{mark}{word[k:]}" for word in HEAD_WORDS for k in range(1, len(word)) for mark in (" ", "- "))
    return [cut for cut in cuts if cut in folded]


def test_large_print_sizes(built) -> None:  # type: ignore[no-untyped-def]
    large, a4 = built("--layout", "large-print"), built("--layout", "large-print", "--paper", "a4")
    assert large.page_size() == pytest.approx(LETTER, abs=0.5)
    assert a4.page_size() == pytest.approx(A4, abs=0.5)
    for pdf in (large, a4):
        guide = pdf.page_of("Step 2: Understand why they said no")
        assert common_font_size(pdf.path, guide) >= 14
        size, page = smallest_font_size(pdf.path)  # table heads, captions, header and footer: 12 pt at least
        assert size >= 12, f"{size} pt text on page {page}"
        assert "Name Relationship Role Phone Confirmed" in pdf.text  # the team's heads, each on its own line
        assert not broken_words(pdf.text)
        line = next(w for w in pdf.widgets if w["name"] == "meeting.place")["rect"]
        assert line[3] - line[1] >= 10 * MM
    regular = built()
    assert common_font_size(regular.path, regular.page_of("Step 2: Understand why they said no")) == 11
    assert len(large.pages) > len(regular.pages)


@pytest.mark.parametrize("edition", ["booklet-large-print", "narrow"])
def test_no_word_of_a_table_head_or_card_name_is_broken(built, layout_file, edition: str) -> None:  # type: ignore[no-untyped-def]
    """Where a grid becomes cards (a large-print booklet page, the narrowest text frame a layout may have), a
    card's name column is as wide as its longest word: "Interventionist", "Relationship" stay whole."""
    if edition == "narrow":
        narrow = layout_file(NARROW, extends="large-print", name="narrow.toml")
        pdf, whole = built("--layout", str(narrow)), ("Relationship", "withdrawal")
    else:
        pdf, whole = built("--booklet", "--layout", "large-print"), ("Interventionist",)
    assert not broken_words(pdf.text)
    assert all(word in pdf.text for word in whole)


def test_broken_words_finds_a_cut_head_word() -> None:
    assert broken_words("1 Name Relationshi p Role") == ["Relationshi p"]
    assert broken_words("for withdra- wal") == ["withdra- wal"]
    assert broken_words("Name Relationship Role Phone Confirmed") == []


@pytest.mark.parametrize("args", [(), ("--layout", "a4"), ("--layout", "large-print"),
                                  ("--layout", "large-print", "--paper", "a4"), ("--duplex",)])
def test_nothing_leaves_the_page_frame(built, args: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
    """Every drawn text and line sits inside the margins; body content never runs into header or footer."""
    pdf = built(*args)
    names = dict(zip(args[::2], args[1::2], strict=False))
    layout = load_layout(names.get("--layout", "letter"), names.get("--paper"))
    page = layout.page
    width, height = page.size
    tol = 4.0  # pdfium pads a stroked path by its line width (the callout bar is 3 pt)
    left, right = page.margin_left - tol, width - page.margin_right + tol
    frame_bottom, frame_top = page.margin_bottom, height - page.margin_top
    for number, _, (x0, y0, x1, y1) in leaf_objects(pdf.path):
        where = f"page {number}: object at ({x0:.0f}, {y0:.0f})-({x1:.0f}, {y1:.0f})"
        assert left <= x0 and x1 <= right, f"{where} is outside the side margins"
        assert page.footer_offset - tol - 4 <= y0 and y1 <= height - page.header_offset + 14, f"{where} off the page"
        assert not (y0 < frame_bottom - tol < y1 - 2 * tol), f"{where} runs into the footer"
        assert not (y0 + 2 * tol < frame_top + tol < y1), f"{where} runs into the header"
    for widget in pdf.widgets:
        x0, y0, x1, y1 = widget["rect"]
        assert left <= x0 and x1 <= right and frame_bottom - tol <= y0 and y1 <= frame_top + tol, widget["name"]


def test_duplex_starts_parts_and_people_on_right_hand_pages(built) -> None:  # type: ignore[no-untyped-def]
    for pdf in (built("--duplex"), built("--duplex", "--layout", "large-print")):
        starts = [e for e in pdf.outline if e.level == 0 or e.title.endswith(": intervention letter")]
        assert len(starts) >= 17
        for entry in starts:
            assert entry.page % 2 == 1, f"{entry.title} starts on page {entry.page}"
        total = len(pdf.pages)
        assert "Page 1 of" not in pdf.pages[0]  # no number on the title page
        assert not pdf.pages[1].strip()  # the back of the title page is blank: no number, no notes
        for number, text in enumerate(pdf.pages[2:], start=3):
            assert f"Page {number} of {total}" in text
            body = text.replace(f"Page {number} of {total}", "").replace("Intervention Workbook", "").strip()
            assert body, f"page {number} is blank"
        fillers = [w for w in pdf.widgets if w["name"].startswith("notes.blank-")]
        assert fillers, "no left-hand page needed filling?"
        for filler in fillers:
            assert "Notes" in pdf.pages[filler["page"] - 1]


def test_booklet_imposes_pages_in_fold_order(built) -> None:  # type: ignore[no-untyped-def]
    for args, sheet in ((("--booklet",), (792, 612)), (("--booklet", "--paper", "a4"), (841.89, 595.28))):
        pdf = built(*args)
        sides = len(pdf.pages)
        pages = 2 * sides
        assert pages % 4 == 0
        for number in range(1, sides + 1):
            assert pdf.page_size(number) == pytest.approx(sheet, abs=0.5)
        # the first booklet's first sheet: its back cover and the title page (no numbers), then the title
        # page's blank back and a notes page; its middle side, two numbered pages in a row (16 sheets at most)
        assert "Page" not in pdf.pages[0] and "In an emergency" in pdf.pages[0]
        assert "Page 2 of" not in pdf.pages[1]
        first = len([label for label in PdfReader(pdf.path).page_labels if label.startswith("Booklet 1,")])
        assert first <= 32
        middle = pdf.pages[first - 1]  # the last side of booklet 1: its innermost sheet, inside
        total = re.search(r"Page \d+ of (\d+)", middle).group(1)  # type: ignore[union-attr]
        assert f"Page {first} of {total}" in middle and f"Page {first + 1} of {total}" in middle
        assert pdf.widgets == []


def test_booklet_with_a_plan_and_large_print(runner, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import PLANS, run_build

    pdf = run_build(runner, tmp_path / "b.pdf", str(PLANS / "six-people-mixed-scripts.yaml"), "--booklet",
                    "--layout", "large-print")
    assert (2 * len(pdf.pages)) % 4 == 0
    assert "Дмитрий Иванов" in pdf.text


def test_booklet_and_duplex_together_is_refused(runner, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from workbook.cli import main

    result = runner.invoke(main, ["build", "--booklet", "--duplex", "-o", str(tmp_path / "w.pdf")])
    assert result.exit_code == 2 and "--booklet" in result.output


def test_layouts_lists_large_print(runner) -> None:  # type: ignore[no-untyped-def]
    from workbook.cli import main

    result = runner.invoke(main, ["layouts"])
    assert "large-print" in result.output and "14 pt" in result.output
