"""Prefilled answers set like printed answers in the fillable edition too (issue 20, item 4), checked on the
real PDFs: every value that comes from the plan into a ruled answer area sits in one-line fields at the
layout's body size, one line on each rule; and the fillable and print-only editions of one plan have the
same page count, so that page references agree between them. Table cells too: a prefilled cell's value
sits in one-line fields at body size, one to a rule, as on paper."""

from __future__ import annotations

import re

import pikepdf
import pytest

from tests.conftest import PLANS
from workbook.api import example_plan_path
from workbook.layouts import load_layout

PLAN_FILES = {
    "example": example_plan_path(),
    "six-people": PLANS / "six-people-mixed-scripts.yaml",
    "stress": PLANS / "stress.yaml",
}
LAYOUTS = ("letter", "a4", "large-print")
MULTILINE = 1 << 12
_SIZE = re.compile(r"([\d.]+)\s+Tf")


def _pages(pdf_path) -> int:  # type: ignore[no-untyped-def]
    with pikepdf.open(pdf_path) as pdf:
        return len(pdf.pages)


TABLES = ("team.", "compare.", "dayof.", "resources.", "objections.")  # fields in table cells


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("plan", ["example", "six-people", "stress"])
def test_fillable_and_print_only_editions_have_the_same_pages(  # type: ignore[no-untyped-def]
        built, plan: str, layout: str) -> None:
    fillable = built(str(PLAN_FILES[plan]), "--layout", layout)
    print_only = built(str(PLAN_FILES[plan]), "--layout", layout, "--no-fields")
    assert _pages(fillable.path) == _pages(print_only.path)


def _prefilled(pdf_path):  # type: ignore[no-untyped-def]
    """(full name, /DA size, multi-line) of every text field holding a value, hidden ones aside."""
    out = []
    with pikepdf.open(pdf_path) as pdf:
        for page in pdf.pages:
            for widget in page.obj.get("/Annots", []):
                node = widget.get("/Parent", widget)
                if node.get("/FT") != "/Tx" or int(widget.get("/F", 0)) & 2 or not str(node.get("/V", "")):
                    continue
                names, at = [], node
                while at is not None:
                    if "/T" in at:
                        names.append(str(at.T))
                    at = at.get("/Parent")
                size = float(_SIZE.search(str(node.DA)).group(1))
                out.append((".".join(reversed(names)), size, bool(int(widget.get("/Ff", 0)) & MULTILINE)))
    return out


@pytest.mark.parametrize("layout", LAYOUTS)
def test_prefilled_answers_are_one_line_fields_at_body_size(built, layout: str) -> None:  # type: ignore[no-untyped-def]
    body = load_layout(layout).type.body_size
    fields = _prefilled(built(str(PLAN_FILES["example"]), "--layout", layout).path)
    assert len(fields) > 40
    assert sum(name.startswith(TABLES) for name, _, _ in fields) > 20  # table cells among them
    wrong = [(name, size, multi) for name, size, multi in fields if multi or abs(size - body) > 0.01]
    assert not wrong, wrong[:5]
    names = {name for name, _, _ in fields}
    assert {"meeting.sober", "meeting.sober-2"} <= names  # "Meeting time": two lines, a field on each rule
