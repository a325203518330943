"""A PDF of pages (count a multiple of 4) -> a saddle-stitch booklet: two pages per landscape sheet side.

Print the result double-sided, flipping on the short edge; fold the stack in half and staple the fold.
Interactive form fields do not survive imposition, so the booklet is made from the print-only edition.
"""

from __future__ import annotations

import io


def page_count(pdf: bytes) -> int:
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as document:
        return len(document.pages)


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
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as source, pikepdf.new() as booklet:
        width, height = (float(v) for v in source.pages[0].mediabox[2:4])
        for left, right in booklet_order(len(source.pages)):
            # each page becomes a form XObject drawn at its half of the sheet; the names are fixed here
            # (pikepdf's add_overlay picks random resource names, and the same input must give the same bytes)
            sheet = booklet.add_blank_page(page_size=(2 * width, height))
            forms, drawing = {}, []
            for slot, (index, x) in enumerate(((left, 0.0), (right, width)), start=1):
                forms[f"/Page{slot}"] = booklet.copy_foreign(source.pages[index - 1].as_form_xobject())
                drawing.append(f"q 1 0 0 1 {x:.4f} 0 cm /Page{slot} Do Q")
            sheet.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(forms))
            sheet.Contents = booklet.make_stream("\n".join(drawing).encode("ascii"))
        for key, value in source.docinfo.items():
            booklet.docinfo[key] = value
        booklet.Root.Lang = source.Root.get("/Lang", pikepdf.String("en"))
        out = io.BytesIO()
        booklet.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate, deterministic_id=True)
    return out.getvalue()
