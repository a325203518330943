"""A PDF of half-size pages -> saddle-stitch booklets that a home stapler can close: two pages per landscape
sheet side, at most MAX_SHEETS sheets per booklet, the booklets one after the other in one file.

A longer book is cut into booklets where a part starts (the guide; the people's pages; the day and the
resources), else where a section starts; each booklet is padded to a multiple of 4 pages with notes pages
and ends with a back cover (the emergency numbers). Inner sheets stand out at the fore-edge once folded
(creep): each sheet's pages move toward the fold by the paper's thickness times the sheets around it.
The file's page labels name each side ("Booklet 2, side 3"). Print double-sided, flipping on the short
edge; take each booklet's sheets, fold them in half together and staple the fold. Interactive form fields
do not survive imposition, so booklets are made from the print-only edition.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

MAX_SHEETS = 16  # sheets of 80 g/m2 paper a home long-reach stapler closes
MAX_PAGES = 4 * MAX_SHEETS


@dataclass(frozen=True)
class Booklet:
    first: int  # the first and last page of the book it holds, from 1
    last: int

    @property
    def pages(self) -> int:
        """Its pages on paper: the book's, notes pages, the back cover (a multiple of 4)."""
        return -(-(self.last - self.first + 2) // 4) * 4

    @property
    def sheets(self) -> int:
        return self.pages // 4


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


def section_starts(pdf: bytes) -> tuple[list[int], list[int]]:
    """The pages (from 1) where the book's parts start and where its sections start (its outline)."""
    import pikepdf

    parts: list[int] = []
    sections: list[int] = []
    with pikepdf.open(io.BytesIO(pdf)) as document:
        numbers = {page.objgen: n for n, page in enumerate(document.pages, start=1)}
        with document.open_outline() as outline:
            for item in outline.root:
                if item.destination is not None and (page := _page_of(item, numbers)):
                    parts.append(page)
                for child in item.children:
                    if child.destination is not None and (page := _page_of(child, numbers)):
                        sections.append(page)
    return sorted(set(parts)), sorted(set(sections))


def _page_of(item, numbers: dict) -> int | None:  # type: ignore[no-untyped-def,type-arg]
    destination = item.destination
    try:
        target = destination[0] if not hasattr(destination, "objgen") else destination
        return numbers.get(target.objgen)
    except (TypeError, IndexError, AttributeError):
        return None


def plan_booklets(pages: int, parts: list[int], sections: list[int]) -> list[Booklet]:
    """Cut pages 1..``pages`` into booklets of at most MAX_SHEETS sheets: each as long as it can be, cut at
    the last part start that fits, else the last section start, else (a section longer than a booklet) at
    the page that fills it. A cut falls on an odd page, so right-hand pages stay right-hand."""
    room = MAX_PAGES - 1  # the back cover takes a page
    booklets = []
    first = 1
    while pages - first + 1 > room:
        limit = first + room  # the first page of the next booklet must be at most this
        for starts in (parts, sections):
            cuts = [p for p in starts if first < p <= limit and p % 2 == 1]
            if cuts:
                cut = max(cuts)
                break
        else:
            cut = limit if limit % 2 == 1 else limit - 1
        booklets.append(Booklet(first, cut - 1))
        first = cut
    booklets.append(Booklet(first, pages))
    return booklets


def impose(pdf: bytes, back_cover: Callable[[int, int, int, int], bytes] | None = None,
           notes: bytes | None = None, thickness: float = 0.0) -> bytes:
    """Place the pages of ``pdf`` on sheets twice as wide, in booklet order, booklet after booklet.

    ``back_cover(number, total, first_sheet, last_sheet)`` makes a booklet's last page (a one-page PDF);
    ``notes`` is the one-page PDF that pads a booklet; ``thickness`` (points) is one sheet of the paper.
    """
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as source, pikepdf.new() as book:
        width, height = (float(v) for v in source.pages[0].mediabox[2:4])
        parts, sections = section_starts(pdf)
        booklets = plan_booklets(len(source.pages), parts, sections)
        extras = []  # opened one-page PDFs, kept open until the book is saved
        labels: list[object] = []
        sheet = 0
        for number, booklet in enumerate(booklets, start=1):
            pages: list[Any] = [source.pages[n - 1] for n in range(booklet.first, booklet.last + 1)]  # None: blank
            padding = booklet.pages - len(pages) - 1
            filler = None
            if notes is not None and padding:
                extras.append(pikepdf.open(io.BytesIO(notes)))
                filler = extras[-1].pages[0]
            pages += [filler] * padding
            cover = None
            if back_cover is not None:
                extras.append(pikepdf.open(io.BytesIO(back_cover(number, len(booklets), sheet + 1,
                                                                 sheet + booklet.sheets))))
                cover = extras[-1].pages[0]
            pages.append(cover)
            labels += [2 * sheet, pikepdf.Dictionary(S=pikepdf.Name.D, P=pikepdf.String(f"Booklet {number}, side "))]
            _impose_booklet(book, pages, width, height, thickness)
            sheet += booklet.sheets
        book.Root.PageLabels = pikepdf.Dictionary(Nums=pikepdf.Array(labels))
        for key, value in source.docinfo.items():
            book.docinfo[key] = value
        book.Root.Lang = source.Root.get("/Lang", pikepdf.String("en"))
        out = io.BytesIO()
        book.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate, deterministic_id=True)
        for extra in extras:
            extra.close()
    return out.getvalue()


def _impose_booklet(book, pages: list, width: float, height: float, thickness: float) -> None:  # type: ignore[no-untyped-def,type-arg]
    """Add one booklet's sheet sides; a sheet's pages move toward the fold by the sheets outside it."""
    import pikepdf

    for side, (left, right) in enumerate(booklet_order(len(pages))):
        creep = (side // 2) * thickness  # sheet 0 is the outermost
        # each page becomes a form XObject drawn at its half of the sheet; the names are fixed here
        # (pikepdf's add_overlay picks random resource names, and the same input must give the same bytes)
        sheet = book.add_blank_page(page_size=(2 * width, height))
        resources, drawing = {}, []
        for slot, (number, x) in enumerate(((left, creep), (right, width - creep)), start=1):
            page = pages[number - 1]
            if page is None:  # a blank half
                continue
            resources[f"/Page{slot}"] = book.copy_foreign(page.as_form_xobject())
            drawing.append(f"q 1 0 0 1 {x:.4f} 0 cm /Page{slot} Do Q")
        sheet.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(resources))
        sheet.Contents = book.make_stream("\n".join(drawing).encode("ascii"))
