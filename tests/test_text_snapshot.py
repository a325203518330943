"""The built guide's words, page by page, as they print: any change of wording (a lost "not", a new sentence,
a moved page break) shows as a diff against tests/snapshots/ and fails until it is accepted.

After an intended change, read the diff, then store the new text with:
    pytest tests/test_text_snapshot.py --update-snapshots
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import pytest

from tests.pdfcheck import Pdf, flattened_text, unwrap_hyphens

SNAPSHOTS = Path(__file__).parent / "snapshots"
MAX_DIFF_LINES = 80


def printed_text(pdf: Pdf) -> str:
    """Each page's printed text (form fields flattened in, as PDFium prints them), one text line a line."""
    out = []
    for number, page in enumerate(flattened_text(pdf.path), start=1):
        out.append(f"=== page {number} ===")
        for line in re.split(r"\r\n|\r|\n", unwrap_hyphens(page)):
            line = " ".join(line.split())
            if line:
                out.append(line)
    return "\n".join(out) + "\n"


@pytest.mark.parametrize("name", ["blank", "example"])
def test_the_printed_text_matches_its_snapshot(name: str, request: pytest.FixtureRequest) -> None:
    text = printed_text(request.getfixturevalue(name))
    snapshot = SNAPSHOTS / f"{name}.txt"
    if request.config.getoption("--update-snapshots"):
        SNAPSHOTS.mkdir(exist_ok=True)
        snapshot.write_text(text, encoding="utf-8")
        return
    assert snapshot.exists(), f"{snapshot}: no snapshot (run pytest --update-snapshots, then read it)"
    stored = snapshot.read_text(encoding="utf-8")
    if text != stored:
        diff = list(difflib.unified_diff(stored.splitlines(), text.splitlines(), f"{snapshot.name} (stored)",
                                         f"{snapshot.name} (built)", lineterm="", n=1))
        shown = "\n".join(diff[:MAX_DIFF_LINES]) + ("\n..." if len(diff) > MAX_DIFF_LINES else "")
        pytest.fail(f"the printed text changed; if intended, run pytest --update-snapshots\n{shown}",
                    pytrace=False)
