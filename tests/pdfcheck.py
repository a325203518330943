"""Reading a built PDF the way a user's tools would: text, outline, fields, fonts."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pikepdf
import pypdf


@dataclass
class OutlineEntry:
    title: str
    level: int
    page: int  # 1-based


class Pdf:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.reader = pypdf.PdfReader(str(path))

    @cached_property
    def pages(self) -> list[str]:
        """The text of each page, whitespace folded."""
        return [" ".join((page.extract_text() or "").split()) for page in self.reader.pages]

    @cached_property
    def text(self) -> str:
        return "\n".join(self.pages)

    @cached_property
    def outline(self) -> list[OutlineEntry]:
        entries: list[OutlineEntry] = []

        def walk(items: list, level: int) -> None:  # type: ignore[type-arg]
            for item in items:
                if isinstance(item, list):
                    walk(item, level + 1)
                else:
                    entries.append(OutlineEntry(str(item.title), level,
                                                self.reader.get_destination_page_number(item) + 1))

        walk(self.reader.outline, 0)
        return entries

    @cached_property
    def widgets(self) -> list[dict]:  # type: ignore[type-arg]
        """Every form widget: name, type, page and rectangle."""
        found = []
        for number, page in enumerate(self.reader.pages, start=1):
            for annot in page.get("/Annots") or []:
                annot = annot.get_object()
                if annot.get("/Subtype") != "/Widget":
                    continue
                found.append({
                    "name": str(annot.get("/T")),
                    "type": str(annot.get("/FT")),
                    "tooltip": str(annot.get("/TU", "")),
                    "page": number,
                    "rect": [float(v) for v in annot["/Rect"]],
                    "value": annot.get("/V"),
                })
        return found

    def page_size(self, number: int = 1) -> tuple[float, float]:
        box = self.reader.pages[number - 1].mediabox
        return float(box.width), float(box.height)

    def page_text_fonts(self) -> dict[str, bool]:
        """Each font used by page content (not by form fields): its name -> embedded?"""
        fonts: dict[str, bool] = {}
        with pikepdf.open(self.path) as pdf:
            for page in pdf.pages:
                resources = page.obj.get("/Resources", {})
                for _, font in (resources.get("/Font") or {}).items():
                    descriptor = font.get("/FontDescriptor")
                    if descriptor is None and "/DescendantFonts" in font:
                        descriptor = font.DescendantFonts[0].get("/FontDescriptor")
                    embedded = descriptor is not None and any(
                        key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
                    fonts[str(font.get("/BaseFont"))] = embedded
                for _, xobject in (resources.get("/XObject") or {}).items():
                    for _, font in (xobject.get("/Resources", {}).get("/Font") or {}).items():
                        descriptor = font.get("/FontDescriptor")
                        embedded = descriptor is not None and "/FontFile2" in descriptor
                        fonts[str(font.get("/BaseFont"))] = embedded
        return fonts


def active_content(path: Path) -> list[str]:
    """Links to outside the document, JavaScript, launch actions and images: what plan text must never make."""
    found: list[str] = []
    with pikepdf.open(path) as pdf:
        names = pdf.Root.get("/Names", {})
        if "/JavaScript" in names or "/OpenAction" in pdf.Root:
            found.append("document JavaScript or open action")
        for number, page in enumerate(pdf.pages, start=1):
            for _, xobject in (page.obj.get("/Resources", {}).get("/XObject") or {}).items():
                if xobject.get("/Subtype") == "/Image":
                    found.append(f"image on page {number}")
            for annot in page.obj.get("/Annots") or []:
                action = annot.get("/A")
                if action is not None and action.get("/S") in ("/URI", "/JavaScript", "/Launch", "/GoToR"):
                    found.append(f"{action.get('/S')} action on page {number}")
                if "/AA" in annot:
                    found.append(f"additional actions on page {number}")
    return found


def leaf_objects(path: Path) -> list[tuple[int, int, tuple[float, float, float, float]]]:
    """(page, pdfium object type, (left, bottom, right, top)) of every object drawn on a page.

    A form (the late page numbers) counts by its bounding box; what is inside it has the form's coordinates.
    """
    import pypdfium2

    found = []
    document = pypdfium2.PdfDocument(str(path))
    try:
        for index in range(len(document)):
            page = document[index]
            for obj in page.get_objects(max_depth=0):
                found.append((index + 1, obj.type, tuple(obj.get_bounds())))
    finally:
        document.close()
    return found


def common_font_size(path: Path, page: int) -> float:
    """The font size most characters on a page are set in (the body size on a guide page)."""
    from collections import Counter

    import pypdfium2

    document = pypdfium2.PdfDocument(str(path))
    try:
        textpage = document[page - 1].get_textpage()
        sizes = Counter(round(pypdfium2.raw.FPDFText_GetFontSize(textpage, i), 1)
                        for i in range(textpage.count_chars()))
        return sizes.most_common(1)[0][0]
    finally:
        document.close()


def smallest_font_size(path: Path) -> tuple[float, int]:
    """The smallest size any visible character is set in, and the first page where it is."""
    import pypdfium2

    document = pypdfium2.PdfDocument(str(path))
    try:
        smallest = (1e9, 0)
        for index in range(len(document)):
            textpage = document[index].get_textpage()
            for i in range(textpage.count_chars()):
                if textpage.get_text_range(i, 1).strip():
                    size = round(pypdfium2.raw.FPDFText_GetFontSize(textpage, i), 1)
                    smallest = min(smallest, (size, index + 1))
        return smallest
    finally:
        document.close()
