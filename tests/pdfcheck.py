"""Reading a built PDF the way a user's tools would: text, outline, fields, fonts."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

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
    def printed_pages(self) -> list[str]:
        """The text of each page as it prints: each form field's appearance flattened in (PDFium)."""
        return [" ".join(page.split()) for page in flattened_text(self.path)]

    @cached_property
    def printed(self) -> str:
        return "\n".join(self.printed_pages)

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
                    "name": full_name(annot),
                    "type": str(inherited(annot, "/FT")),
                    "tooltip": str(annot.get("/TU", "")),
                    "page": number,
                    "rect": [float(v) for v in annot["/Rect"]],
                    "value": inherited(annot, "/V"),
                })
        return found

    @cached_property
    def values(self) -> dict[str, str]:
        """The value of each filled form field, by field name."""
        return {w["name"]: str(w["value"]) for w in self.widgets if w["value"] is not None}

    @property
    def answers(self) -> dict[str, str]:
        """Each answer whole: a value set on several fields (``name``, then ``name-2``, ``name-3``... for the
        lines of a prefilled answer or the pages of a long one) joined back in order; each part holds its exact
        piece of the value, so they join with nothing between (a soft hyphen ending a part, where the book
        broke a word at a hyphenation point, is dropped)."""
        values = self.values
        parts: dict[str, list[tuple[int, str]]] = {}
        for name in values:
            base, _, number = name.rpartition("-")
            if number.isdigit() and base in values:
                parts.setdefault(base, []).append((int(number), name))
        joined = {name for pieces in parts.values() for _, name in pieces}
        out = {name: value for name, value in values.items() if name not in joined}
        for base, pieces in parts.items():
            whole = [values[base], *(values[name] for _, name in sorted(pieces))]
            out[base] = "".join(piece.removesuffix("\u00ad") for piece in whole)
        return out

    def page_of(self, title: str) -> int:
        """The page (1-based) of the first outline entry titled ``title``."""
        return next(e.page for e in self.outline if e.title == title)

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


def inherited(node: Any, key: str, default: Any = None) -> Any:
    """A field attribute as readers find it: on the widget, else on the nearest parent that has it."""
    while node is not None:
        if key in node:
            return node[key]
        parent = node.get("/Parent")
        node = parent.get_object() if hasattr(parent, "get_object") else parent  # pypdf or pikepdf
    return default


def full_name(field: Any) -> str:
    """A field's full name: the partial names (/T) from the root of the field tree down, joined by periods."""
    parts = []
    node = field
    while node is not None:
        if "/T" in node:
            parts.append(str(node["/T"]))
        parent = node.get("/Parent")
        node = parent.get_object() if hasattr(parent, "get_object") else parent  # pypdf or pikepdf
    return ".".join(reversed(parts))


def unwrap_hyphens(text: str) -> str:
    """PDFium joins a line that ends in a hyphen to the next, marking the hyphen U+FFFE (or U+0002): split it
    again, as printed."""
    return text.replace("\ufffe", "-\n").replace("\x02", "-\n")


def flattened_text(path: Path) -> list[str]:
    """Each page's text after PDFium flattens the form fields into it (what a printout shows)."""
    import io

    import pypdfium2
    import pypdfium2.raw as raw

    document = pypdfium2.PdfDocument(str(path))
    buffer = io.BytesIO()
    try:
        document.init_forms()
        for index in range(len(document)):
            page = document[index]
            raw.FPDFPage_Flatten(page.raw, raw.FLAT_PRINT)
            page.close()
        document.save(buffer)
    finally:
        document.close()
    flat = pypdfium2.PdfDocument(buffer.getvalue())
    texts = []
    try:
        for index in range(len(flat)):
            page = flat[index]
            textpage = page.get_textpage()
            texts.append(textpage.get_text_range())
            textpage.close()
            page.close()
    finally:
        flat.close()
    return texts


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


def drawn_colours(path: Path, page: int) -> set[tuple[str, str]]:
    """The RGB colours a page (1-based) sets, as ("fill" or "stroke", "#rrggbb"), its form XObjects included."""
    found: set[tuple[str, str]] = set()
    kinds = {"rg": "fill", "RG": "stroke"}

    def walk(owner: Any) -> None:
        for operands, operator in pikepdf.parse_content_stream(owner):
            if str(operator) in kinds:
                found.add((kinds[str(operator)], "#" + "".join(f"{round(float(v) * 255):02x}" for v in operands)))

    with pikepdf.open(path) as pdf:
        pdf_page = pdf.pages[page - 1]
        walk(pdf_page)
        for xobject in (pdf_page.Resources.get("/XObject") or {}).values():
            if xobject.get("/Subtype") == "/Form":
                walk(xobject)
    return found


def italic_runs(path: Path) -> list[tuple[int, str]]:
    """Each run of italic text, a line break inside it folded to a space: (page, 1-based; text)."""
    import ctypes

    import pypdfium2

    found: list[tuple[int, str]] = []
    name, flags = ctypes.create_string_buffer(128), ctypes.c_int()
    document = pypdfium2.PdfDocument(str(path))
    try:
        for index in range(len(document)):
            textpage = document[index].get_textpage()
            run = ""
            for i in range(textpage.count_chars()):
                char = chr(pypdfium2.raw.FPDFText_GetUnicode(textpage, i))
                pypdfium2.raw.FPDFText_GetFontInfo(textpage, i, name, len(name), ctypes.byref(flags))
                if b"Italic" in name.value or (run and char in " \r\n"):
                    run += char
                    continue
                if run.strip():
                    found.append((index + 1, " ".join(run.split())))
                run = ""
            if run.strip():
                found.append((index + 1, " ".join(run.split())))
    finally:
        document.close()
    return found
