"""Colour renderings of key pages, compared with stored references: tuned so that a changed colour or a
removed shading fails (a light grey box on white differs by 13 levels), while rendering noise passes."""

from __future__ import annotations

from pathlib import Path

import pypdfium2
from PIL import Image, ImageChops

REFERENCES = Path(__file__).parent / "visual"
DPI = 50
CHANGED = 8  # levels (0-255, in the colour channel that differs most) that count as a changed pixel
MAX_CHANGED_SHARE = 0.001  # share of changed pixels a page may have: the accent turned red changes 0.35%


def render(pdf: Path, *pages: int) -> Image.Image:
    """The pages (1-based) side by side, in colour, form fields drawn as a viewer shows them: one page, or a
    spread."""
    document = pypdfium2.PdfDocument(str(pdf))
    document.init_forms()
    try:
        images = [document[page - 1].render(scale=DPI / 72).to_pil().convert("RGB") for page in pages]
    finally:
        document.close()
    if len(images) == 1:
        return images[0]
    joined = Image.new("RGB", (sum(i.width for i in images), max(i.height for i in images)), "white")
    x = 0
    for image in images:
        joined.paste(image, (x, 0))
        x += image.width
    return joined


def changed_share(image: Image.Image, reference: Image.Image) -> float:
    """The share of pixels whose colour changed by more than ``CHANGED`` levels; a size change is total."""
    if image.size != reference.size:
        return 1.0
    red, green, blue = ImageChops.difference(image.convert("RGB"), reference.convert("RGB")).split()
    most = ImageChops.lighter(ImageChops.lighter(red, green), blue)
    histogram = most.histogram()
    return sum(histogram[CHANGED + 1:]) / (image.size[0] * image.size[1])


def matches(image: Image.Image, reference: Image.Image) -> bool:
    return changed_share(image, reference) <= MAX_CHANGED_SHARE
