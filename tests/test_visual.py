"""Visual regression: key pages of each layout, a prefilled page of the example, a booklet sheet and a duplex
spread look as they did when last approved, in colour (tests/visual.py says how close is close enough).

After an intended change, look at the pages, then refresh the references with:
    pytest tests/test_visual.py --update-visual
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from tests.conftest import run_build
from tests.pdfcheck import Pdf, drawn_colours
from tests.visual import REFERENCES, changed_share, matches, render

LAYOUTS = {"letter": (), "a4": ("--layout", "a4"), "large-print": ("--layout", "large-print")}
PAGES = {  # name -> outline entry whose first page is rendered (None: the title page)
    "title": None,
    "guide": "Step 2: Understand why they said no",
    "comparison": "Worksheet: Treatment program comparison",
    "letter": "Person 1: intervention letter",
    "agreement": "Worksheet: Group agreement",
}
STEP_2 = "Step 2: Understand why they said no"


def page_number(pdf: Pdf, entry: str | None) -> int:
    return 1 if entry is None else pdf.page_of(entry)


def _spread(pdf: Pdf, entry: str) -> tuple[int, int]:
    """The two facing pages of a duplex print that hold the entry's first page (even pages on the left)."""
    page = pdf.page_of(entry)
    return (page - 1, page) if page % 2 else (page, page + 1)


def _sheet_starting(pdf: Pdf, title: str) -> int:
    """The booklet sheet (it has no outline) with a page headed ``title``: not a contents entry (followed by its
    page number) nor a running head (followed by "Page N")."""
    heading = re.compile(re.escape(title) + r" (?!\d|Page \d)")
    return next(number for number, text in enumerate(pdf.pages, start=1) if heading.search(text))


# name -> (the fixture or build arguments, the pages rendered side by side)
EXTRA: dict[str, tuple[str | tuple[str, ...], Callable[[Pdf], tuple[int, ...]]]] = {
    "example-team": ("example", lambda pdf: (pdf.page_of("Worksheet: Team and meeting plan"),)),
    "example-letter": ("example", lambda pdf: (pdf.page_of("Maria Lopez: intervention letter"),)),
    "booklet-sheet": (("--booklet",), lambda pdf: (_sheet_starting(pdf, STEP_2),)),
    "duplex-spread": (("--duplex",), lambda pdf: _spread(pdf, STEP_2)),
}


def _compare(image: Image.Image, reference: Path, update: bool) -> str | None:
    """Store the image as the reference (``--update-visual``), or say how it differs; None when it matches."""
    if update:
        REFERENCES.mkdir(exist_ok=True)
        image.save(reference, optimize=True)
        return None
    if not reference.exists():
        return f"{reference.name}: no reference (run pytest --update-visual, then look at it)"
    with Image.open(reference) as stored:
        if not matches(image, stored):
            return f"{reference.name}: {changed_share(image, stored):.2%} of pixels changed"
    return None


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_key_pages_match_their_references(built, layout: str, request: pytest.FixtureRequest) -> None:  # type: ignore[no-untyped-def]
    pdf = built(*LAYOUTS[layout])
    update = request.config.getoption("--update-visual")
    failures = [_compare(render(pdf.path, page_number(pdf, entry)), REFERENCES / f"{layout}-{name}.png", update)
                for name, entry in PAGES.items()]
    assert not any(failures), "\n".join(f for f in failures if f)


@pytest.mark.parametrize("name", sorted(EXTRA))
def test_prefilled_booklet_and_duplex_pages_match_their_references(built, name: str,  # type: ignore[no-untyped-def]
                                                                   request: pytest.FixtureRequest) -> None:
    source, pages = EXTRA[name]
    pdf = request.getfixturevalue(source) if isinstance(source, str) else built(*source)
    failure = _compare(render(pdf.path, *pages(pdf)), REFERENCES / f"{name}.png",
                       request.config.getoption("--update-visual"))
    assert failure is None, failure


@pytest.mark.parametrize(("change", "pages"), [
    ('[page]\nmargin_left = "24.05mm"\n', ("guide", "comparison")),  # 0.75 in + 5 mm
    ('[colour]\naccent = "#4d4d4d"\n', ("guide", "letter")),  # the accent turned grey
    ('[colour]\ncallout_background = "#ffffff"\n', ("guide", "comparison")),  # the shading removed
])
def test_the_visual_check_catches_a_small_change(runner: CliRunner, tmp_path: Path, change: str,
                                                 pages: tuple[str, ...]) -> None:
    changed = tmp_path / "changed.toml"
    changed.write_text(f'extends = "letter"\n{change}')
    pdf = run_build(runner, tmp_path / "w.pdf", "--layout", str(changed))
    for name in pages:
        image = render(pdf.path, page_number(pdf, PAGES[name]))
        with Image.open(REFERENCES / f"letter-{name}.png") as reference:
            assert not matches(image, reference), name


def test_the_guide_prints_in_the_letter_layouts_colours(blank: Pdf) -> None:
    """The colours of layouts/letter.toml, written down: text, accent (headings, callout bar), muted (header
    and footer), write-in rules, callout shading; any change of one fails here."""
    assert drawn_colours(blank.path, blank.page_of(STEP_2)) == {
        ("fill", "#000000"), ("fill", "#1a1a1a"), ("fill", "#1f4e79"), ("fill", "#4d4d4d"), ("fill", "#f2f2f2"),
        ("stroke", "#1f4e79"), ("stroke", "#7f7f7f")}
