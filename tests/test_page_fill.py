"""No page under a quarter full except by a documented rule (issue 20), on the real PDFs of the blank, the
example, the six-person and the stress plans in every edition but the booklet (whose reading order is not
the file's). The rules that may leave a page short: a part or a person's pages start on a new page (so the
page before one, and a part's opening page, may be short); a letter's reading copy and the resources table
start a page of their own (a short letter or a short list leaves it short); a notes page; the blank back of
the title page."""

from __future__ import annotations

import pypdf
import pytest

from tests.test_book_pages import EDITIONS, SOURCES, views  # noqa: F401 (the fixture)

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
        built, views, source: str, edition: str) -> None:  # noqa: F811 (views: the fixture imported above)
    pages = views(source, edition)
    plan = SOURCES[source]
    starts = _starts(built(*((str(plan),) if plan else ()), *EDITIONS[edition]).path)
    short = [(page.number, round(page.fill, 2), " ".join(page.text.split())[:60]) for page in pages
             if page.fill < QUARTER
             and page.number not in starts and page.number + 1 not in starts  # a part or person starts
             and not page.text.strip().startswith("Notes")  # a notes page
             and not any(words in " ".join(page.text.split())[:160] for words in OWN_PAGE)
             and not (page.number == 2 and not page.text.strip())]  # the title page's blank back
    assert not short, short
