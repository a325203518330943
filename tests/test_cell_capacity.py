"""Table cells sized for real answers: a name of 30 characters, a phone number of 24, a role of 20 typed whole
(two lines where the column is narrow) and printed whole; every row keeps the lines it declares, a prefilled
row too; no typing limit below what a box shows."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest

from tests.pdfcheck import Pdf, full_name, inherited
from tests.test_forms import fold, text_in, type_with_pdfium, widgets
from workbook.layouts import load_layout

ANSWERS = {  # real answers at the lengths the issue asks for
    "team.2.name": "Anna-Maria Lopez-Garcia Okafor",  # 30
    "team.2.phone": "+1 (555) 010-0111 ext 22",  # 24
    "team.2.role": "Chair, opening words",  # 20
    "resources.2.name": "Springfield Family Recovery Hub",  # 31
    "resources.2.phone": "+1 (555) 010-0199 ext 301",  # 25
    "calls.2.who": "Dana at BlueCross, claims desk",  # 30
}
TYPED_PADDING = 2.0  # pt that pdf.js and PDFium leave on either side of typed text
ANSWER_EM = 0.5  # em per character of the answers above in the form font (measured: 0.48 to 0.51)


@pytest.mark.parametrize("layout", [(), ("--layout", "a4")], ids=["letter", "a4"])
def test_real_answers_type_and_print_whole(  # type: ignore[no-untyped-def]
        built, layout: tuple[str, ...], tmp_path: Path) -> None:
    """Typed key by key in PDFium (Chrome), each answer is stored whole and prints whole."""
    pdf = built(*layout)
    typed = tmp_path / "typed.pdf"
    type_with_pdfium(pdf.path, typed, ANSWERS)
    after = {w["name"]: w for w in widgets(typed)}
    for name, value in ANSWERS.items():
        assert after[name]["value"] == value, name
        assert fold(text_in(typed, after[name]["page"], after[name]["rect"])) == value, name


@pytest.mark.parametrize("layout", [(), ("--layout", "a4"), ("--layout", "large-print")],
                         ids=["letter", "a4", "large-print"])
def test_no_typing_limit_below_what_a_box_shows(built, layout: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
    """pdf.js's limit (/MaxLen) is at least what a box shows of ordinary text, and at least the real answers'
    lengths in name, phone and role cells."""
    pdf = built(*layout)
    checked = 0
    with pikepdf.open(pdf.path) as doc:
        for page in doc.pages:
            for annot in page.obj.get("/Annots", []):
                if inherited(annot, "/FT") != "/Tx":
                    continue
                size = float(str(inherited(annot, "/DA")).split(" Tf")[0].split()[-1])
                x0, y0, x1, y1 = (float(v) for v in annot.Rect)
                per_line = int((x1 - x0 - 2 * TYPED_PADDING) / (ANSWER_EM * size))
                multiline = int(inherited(annot, "/Ff", 0)) & 4096
                lines = max(1, int((y1 - y0 - 2) // (1.35 * size))) if multiline else 1
                limit = int(annot.MaxLen)
                assert limit >= per_line * lines, (full_name(annot), limit, per_line, lines)
                if full_name(annot) in ANSWERS:
                    assert limit >= len(ANSWERS[full_name(annot)]), full_name(annot)
                checked += 1
    assert checked > 200


def cell_heights(pdf: Pdf, grid: str) -> dict[str, float]:
    """Each cell's height from its fields' boxes: one field, or a prefilled cell's one field a line (``name``,
    ``name-2``...)."""
    spans: dict[str, tuple[float, float]] = {}
    for w in widgets(pdf.path):
        name = w["name"]
        if not (name.startswith(f"{grid}.") and len(name.split(".")) == 3):  # grid.row.column
            continue
        base, _, part = name.rpartition("-")
        name = base if part.isdigit() else name
        low, high = spans.get(name, (w["rect"][1], w["rect"][3]))
        spans[name] = (min(low, w["rect"][1]), max(high, w["rect"][3]))
    return {name: high - low for name, (low, high) in spans.items()}


@pytest.mark.parametrize("grid", ["calls", "objections", "after-no"])
def test_large_print_rows_have_the_lines_they_declare(built, grid: str) -> None:  # type: ignore[no-untyped-def]
    """Every row of these grids declares the same lines: in large print, every row has them (none loses a line
    so that the table fits a page)."""
    heights = cell_heights(built("--layout", "large-print"), grid)
    assert len(heights) >= 10
    assert max(heights.values()) - min(heights.values()) < 0.01, heights


@pytest.mark.parametrize("layout", [(), ("--layout", "large-print")], ids=["letter", "large-print"])
def test_a_prefilled_row_keeps_its_write_in_lines(  # type: ignore[no-untyped-def]
        built, layout: tuple[str, ...]) -> None:
    """Each cell of the example's program comparison has at least the rule gaps of the same cell left blank
    (a blank cell is one multi-line field, a prefilled one a one-line field on each rule)."""
    gap = load_layout(layout[-1] if layout else "letter").space.line_gap
    blank, example = cell_heights(built(*layout), "compare"), cell_heights(built("--example", *layout), "compare")
    common = blank.keys() & example.keys()
    assert len(common) > 20
    shorter = {name: (example[name], blank[name]) for name in common
               if round(example[name] / gap) < round(blank[name] / gap)}
    assert not shorter
