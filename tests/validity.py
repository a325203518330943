"""The PDF validity gate: every PDF the suite builds must pass it."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pikepdf
import pypdfium2

from tests.pdfcheck import Pdf


def assert_valid_pdf(path: Path) -> None:
    """Structure (pikepdf, and qpdf --check where installed), embedded page fonts, a second renderer."""
    with pikepdf.open(path) as pdf:
        assert pdf.check_pdf_syntax() == [], f"{path}: pikepdf found problems"
    if shutil.which("qpdf"):
        result = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
        assert result.returncode == 0, f"{path}: qpdf --check: {result.stdout}{result.stderr}"
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
