"""The README's pictures (docs/at-a-glance.png, docs/comparison.png) from today's blank workbook.

Each picture is one page of ``workbook build`` (the blank Letter workbook), found by its outline entry so a page
that moves is still found, rendered in colour at 70 dpi by PDFium (Chrome's PDF engine, from pypdfium2).
tests/test_newcomer.py renders them again and fails when a picture in docs/ no longer matches:

    python tools/make_screenshots.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import pypdf
import pypdfium2
from PIL import Image

DOCS = Path(__file__).resolve().parent.parent / "docs"
DPI = 70
SCREENSHOTS = {"at-a-glance.png": "The five steps at a glance",
               "comparison.png": "Worksheet: Treatment program comparison"}


def page_of(pdf: Path, title: str) -> int:
    """The page (0-based) of the first outline entry titled ``title``."""
    reader = pypdf.PdfReader(pdf)
    entries: list = [*reader.outline]  # type: ignore[type-arg]
    while entries:
        entry = entries.pop(0)
        if isinstance(entry, list):
            entries[:0] = entry
        elif entry.title == title:
            return reader.get_destination_page_number(entry)
    raise LookupError(f"no outline entry {title!r} in {pdf}")


def screenshots(pdf: Path) -> dict[str, Image.Image]:
    """The pictures of docs/, by file name, rendered from the blank workbook ``pdf``."""
    document = pypdfium2.PdfDocument(str(pdf))
    document.init_forms()
    try:
        return {name: document[page_of(pdf, title)].render(scale=DPI / 72, may_draw_forms=True).to_pil()
                .convert("RGB") for name, title in SCREENSHOTS.items()}
    finally:
        document.close()


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        pdf = Path(folder) / "blank.pdf"
        subprocess.run([sys.executable, "-m", "workbook", "build", "-o", str(pdf), "--quiet"], check=True,
                       timeout=600)
        for name, image in screenshots(pdf).items():
            image.save(DOCS / name, optimize=True)
            print(f"wrote docs/{name}")


if __name__ == "__main__":
    main()
