"""No page under a quarter full except by a documented rule (issue 20), on the real PDFs of the blank, the
example, the six-person and the stress plans in every edition but the booklet (whose reading order is not
the file's). The rules that may leave a page short: a part or a person's pages start on a new page (so the
page before one, and a part's opening page, may be short); a letter's reading copy and the resources table
start a page of their own (a short letter or a short list leaves it short); a notes page; the blank back of
the title page. And no page holds fewer than five lines of a letter's reading copy."""

from __future__ import annotations

import pypdf
import pytest

from tests.conftest import write_plan
from tests.editions import edition_args
from tests.layoutcheck import glyphs
from tests.test_book_pages import EDITIONS, SOURCES
from workbook.layouts import load_layout

QUARTER = 0.25
OWN_PAGE = ("Reading copy: read this aloud", "Our local resources")  # start a page of their own
FLAT_EDITIONS = [edition for edition in EDITIONS if edition != "booklet"]
PLANS = [source for source in SOURCES if source != "longest"]


def _starts(path) -> set[int]:  # type: ignore[no-untyped-def]
    """Pages (from 1) where a top-level outline entry (a part, a person's pages) starts."""
    reader = pypdf.PdfReader(path)
    out = set()
    for entry in reader.outline:
        if not isinstance(entry, list):
            out.add(reader.get_destination_page_number(entry) + 1)
    return out


@pytest.mark.parametrize(("source", "edition"), [(source, edition) for source in PLANS for edition in FLAT_EDITIONS])
def test_no_page_is_under_a_quarter_full_but_by_a_rule(  # type: ignore[no-untyped-def]
        built, views, source: str, edition: str) -> None:
    pages = views(source, edition)
    starts = _starts(built(*edition_args(source, edition)).path)
    short = [(page.number, round(page.fill, 2), " ".join(page.text.split())[:60]) for page in pages
             if page.fill < QUARTER
             and page.number not in starts and page.number + 1 not in starts  # a part or person starts
             and not page.text.strip().startswith("Notes")  # a notes page
             and not any(words in " ".join(page.text.split())[:160] for words in OWN_PAGE)
             and not (page.number == 2 and not page.text.strip())]  # the title page's blank back
    assert not short, short


READING_LINES = 5
MEMORY = ("I remember the long summer evenings on the porch, when you told stories until the stars came out "
          "and everyone laughed so hard that the neighbours came over to listen.")


def _reading_lines(path, size: float) -> dict[int, int]:  # type: ignore[no-untyped-def]
    """The lines of reading-copy type (``size``) on each page that has any."""
    centres: dict[int, list[float]] = {}
    for glyph in glyphs(path):
        if glyph.size == size:
            centres.setdefault(glyph.page, []).append((glyph.box[1] + glyph.box[3]) / 2)
    lines = {}
    for page, ys in centres.items():
        ys.sort()
        lines[page] = 1 + sum(1 for low, high in zip(ys, ys[1:], strict=False) if high - low > size * 0.6)
    return lines


@pytest.mark.parametrize(("plan", "layout"), [("long-letter", "letter"), ("stress", "letter"),
                                              ("stress", "large-print")])
def test_no_page_holds_fewer_than_five_lines_of_a_reading_copy(  # type: ignore[no-untyped-def]
        built, tmp_path, plan: str, layout: str) -> None:
    """A letter read aloud flows over pages; its last page holds at least five of its lines (a letter of
    25 short paragraphs ended with three lines alone on a page)."""
    letter = "\n\n".join(f"{n}. {MEMORY}" for n in range(25))
    path = (write_plan(tmp_path / "plan.yaml", {"participants": [
        {"name": "Maria Lopez", "relationship": "sister", "role": "chair", "letter": letter}]})
        if plan == "long-letter" else SOURCES[plan])
    pdf = built(str(path), "--layout", layout)
    lines = _reading_lines(pdf.path, load_layout(layout).type.reading_size)
    flowing = [page for page in lines if page - 1 in lines or page + 1 in lines]  # a copy over several pages
    assert len(flowing) >= 2
    short = {page: lines[page] for page in flowing if lines[page] < READING_LINES}
    assert not short, short
