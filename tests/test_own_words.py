"""The guide is in our own words: no run of 8+ words shared with the source article."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.pdfcheck import Pdf

TOOL = Path(__file__).resolve().parent.parent.parent / "shared" / "tools" / "seed-overlap"


@pytest.mark.skipif(not TOOL.is_file(), reason="the source-overlap tool (seed-overlap) is not here: it comes with the "
                                              "project's shared tools")
def test_no_sentences_copied_from_the_source(blank: Pdf, example_packets: tuple[Pdf, list[Pdf]]) -> None:
    example, packets = example_packets
    for pdf in (blank, example, packets[0]):  # the blank guide, a personalized workbook and a packet
        result = subprocess.run(["python3", str(TOOL), str(pdf.path)], capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "0 run(s)" in result.stdout, pdf.path.name
