"""The PDF validity gate: every PDF the suite builds must pass it."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pypdfium2

from tests.pdfcheck import Pdf


def assert_valid_pdf(path: Path) -> None:
    """Structure (pikepdf, and qpdf --check), embedded page fonts, a second renderer.

    Without qpdf the run says so at its end (tests/conftest.py); with ``REQUIRE_TOOLS=1`` a missing qpdf fails.
    """
    with pikepdf.open(path) as pdf:
        assert pdf.check_pdf_syntax() == [], f"{path}: pikepdf found problems"
    if shutil.which("qpdf"):
        result = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, f"{path}: qpdf --check: {result.stdout}{result.stderr}"
    elif os.environ.get("REQUIRE_TOOLS") == "1":
        raise AssertionError(f"{path}: REQUIRE_TOOLS=1, but qpdf is not installed for the validity gate")
    fonts = Pdf(path).page_text_fonts()
    assert fonts and all(fonts.values()), f"{path}: page text font not embedded: {fonts}"
    document = pypdfium2.PdfDocument(str(path))
    try:
        for index in range(len(document)):
            page = document[index]
            page.render(scale=0.1)
            page.close()
    finally:
        document.close()
