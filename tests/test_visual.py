"""Visual regression: key pages of each layout look as they did when last approved.

After an intended change, look at the pages, then refresh the references with:
    pytest tests/test_visual.py --update-visual
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import run_build
from tests.pdfcheck import Pdf
from tests.visual import REFERENCES, difference, matches, render

LAYOUTS = {"letter": (), "a4": ("--layout", "a4"), "large-print": ("--layout", "large-print")}
PAGES = {  # name -> outline entry whose first page is rendered (None: the title page)
    "title": None,
    "guide": "Step 2: Understand why they said no",
    "comparison": "Worksheet: Treatment program comparison",
    "letter": "Person 1: intervention letter",
    "agreement": "Worksheet: Group agreement",
}


def page_number(pdf: Pdf, entry: str | None) -> int:
    return 1 if entry is None else pdf.page_of(entry)


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_key_pages_match_their_references(built, layout: str, request: pytest.FixtureRequest) -> None:  # type: ignore[no-untyped-def]
    pdf = built(*LAYOUTS[layout])
    update = request.config.getoption("--update-visual")
    failures = []
    for name, entry in PAGES.items():
        image = render(pdf.path, page_number(pdf, entry))
        reference = REFERENCES / f"{layout}-{name}.png"
        if update or not reference.exists():
            if not update:
                failures.append(f"{reference.name}: no reference (run pytest --update-visual, then look at it)")
                continue
            REFERENCES.mkdir(exist_ok=True)
            image.save(reference, optimize=True)
            continue
        from PIL import Image

        if not matches(image, Image.open(reference)):
            mean, changed = difference(image, Image.open(reference))
            failures.append(f"{reference.name}: mean difference {mean:.2f}, {changed:.2%} of pixels changed")
    assert not failures, "\n".join(failures)


def test_the_visual_check_catches_a_5mm_margin_change(runner: CliRunner, tmp_path: Path) -> None:
    from PIL import Image

    wider = tmp_path / "wider.toml"
    wider.write_text('extends = "letter"\n[page]\nmargin_left = "24.05mm"\n')  # 0.75 in + 5 mm
    pdf = run_build(runner, tmp_path / "w.pdf", "--layout", str(wider))
    for name in ("guide", "comparison"):
        image = render(pdf.path, page_number(pdf, PAGES[name]))
        assert not matches(image, Image.open(REFERENCES / f"letter-{name}.png")), name
