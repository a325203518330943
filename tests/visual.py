"""Low-resolution renderings of key pages, compared with stored references within a tolerance."""

from __future__ import annotations

from pathlib import Path

import pypdfium2
from PIL import Image, ImageChops

REFERENCES = Path(__file__).parent / "visual"
DPI = 36
MAX_MEAN_DIFFERENCE = 1.5  # grey levels, 0-255, over the whole page
MAX_CHANGED_SHARE = 0.003  # share of pixels that differ by more than CHANGED levels
CHANGED = 48


def render(pdf: Path, page: int) -> Image.Image:
    document = pypdfium2.PdfDocument(str(pdf))
    try:
        bitmap = document[page - 1].render(scale=DPI / 72, grayscale=True)
        return bitmap.to_pil().convert("L")
    finally:
        document.close()


def difference(image: Image.Image, reference: Image.Image) -> tuple[float, float]:
    """(mean grey-level difference, share of clearly changed pixels); a size change is total."""
    if image.size != reference.size:
        return 255.0, 1.0
    diff = ImageChops.difference(image, reference)
    histogram = diff.histogram()
    pixels = image.size[0] * image.size[1]
    mean = sum(level * count for level, count in enumerate(histogram)) / pixels
    changed = sum(histogram[CHANGED + 1:]) / pixels
    return mean, changed


def matches(image: Image.Image, reference: Image.Image) -> bool:
    mean, changed = difference(image, reference)
    return mean <= MAX_MEAN_DIFFERENCE and changed <= MAX_CHANGED_SHARE
