"""A PDF of pages (count a multiple of 4) -> a saddle-stitch booklet: two pages per landscape sheet side.

Print the result double-sided, flipping on the short edge; fold the stack in half and staple the fold.
Interactive form fields do not survive imposition, so the booklet is made from the print-only edition.
"""

from __future__ import annotations

import io

from pypdf import PageObject, PdfReader, PdfWriter, Transformation


def booklet_order(pages: int) -> list[tuple[int, int]]:
    """(left, right) page numbers, from 1, for each printed side in order: sheet 1 front, back, sheet 2..."""
    if pages % 4:
        raise ValueError("a booklet needs a multiple of 4 pages")
    sides = []
    for sheet in range(pages // 4):
        sides.append((pages - 2 * sheet, 1 + 2 * sheet))  # front
        sides.append((2 + 2 * sheet, pages - 1 - 2 * sheet))  # back
    return sides


def impose(pdf: bytes) -> bytes:
    """Place each pair of pages side by side on a sheet twice as wide, in booklet order."""
    reader = PdfReader(io.BytesIO(pdf))
    first = reader.pages[0]
    width, height = float(first.mediabox.width), float(first.mediabox.height)
    writer = PdfWriter()
    for left, right in booklet_order(len(reader.pages)):
        sheet = PageObject.create_blank_page(width=2 * width, height=height)
        sheet.merge_transformed_page(reader.pages[left - 1], Transformation())
        sheet.merge_transformed_page(reader.pages[right - 1], Transformation().translate(tx=width, ty=0))
        writer.add_page(sheet)
    writer.add_metadata({k: v for k, v in (reader.metadata or {}).items()})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
