"""What a reader of the printout sees, measured on the real PDF: how full each page is, where every
character sits and how big it is, the text of each page line by line."""

from __future__ import annotations

import dataclasses
import re
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

DPI = 24  # enough to see where ink is


@dataclass(frozen=True)
class PageView:
    number: int  # the page's number in reading order: each booklet's pages (notes, back cover too) after the last
    fill: float  # share of the text area between the first and the last inked row (0: empty)
    text: str  # the text inside the text area (no header, no footer)
    sizes: frozenset[float]  # the type sizes of the characters in the text area
    printed: int | None = None  # the number its footer prints ("Page 12 of 80"), if it has one


def page_views(path: Path, margins: tuple[float, float], halves: bool = False) -> list[PageView]:
    """Every page's fill and text; ``halves``: a booklet, two pages side by side on each sheet.

    ``margins`` (top, bottom) in points bound the text area: header and footer lie outside it.
    """
    import pypdfium2

    top, bottom = margins
    views = []
    document = pypdfium2.PdfDocument(str(path))
    try:
        for index in range(len(document)):
            page = document[index]
            width, height = page.get_size()
            image = page.render(scale=DPI / 72, grayscale=True).to_pil().convert("L")
            textpage = page.get_textpage()
            parts = [(0.0, width / 2), (width / 2, width)] if halves else [(0.0, width)]
            for left, right in parts:
                box = (round(left * DPI / 72), round(top * DPI / 72), round(right * DPI / 72),
                       round((height - bottom) * DPI / 72))
                band = image.crop(box)
                inked = band.point(lambda v: 255 if v < 160 else 0).getbbox()  # (left, top, right, bottom)
                fill = (inked[3] - inked[1]) / band.size[1] if inked else 0.0
                text = textpage.get_text_bounded(left=left, bottom=bottom, right=right, top=height - top)
                sizes = frozenset(
                    round(pypdfium2.raw.FPDFText_GetFontSize(textpage, i), 1) for i in range(textpage.count_chars())
                    if _inside(textpage.get_charbox(i), (left, bottom, right, height - top)))
                footer = textpage.get_text_bounded(left=left, bottom=0, right=right, top=bottom)
                printed = re.search(r"(\d+) of\s*\d+", footer)
                views.append(PageView(len(views) + 1, fill, text, sizes, int(printed.group(1)) if printed else None))
    finally:
        document.close()
    if halves:  # sheets hold pages in fold order: put them back in reading order, booklet after booklet
        from workbook.impose import booklet_order

        order = []
        for first, sides in _booklets(path):
            order += [first + n for pair in booklet_order(2 * sides) for n in pair]
        by_number = dict(zip(order, views, strict=True))
        views = [dataclasses.replace(by_number[n], number=n) for n in sorted(by_number)]
    return views


def _booklets(path: Path) -> list[tuple[int, int]]:
    """(pages before it, sheet sides) of each booklet in a file, from its page labels ("Booklet 2, side 1")."""
    from pypdf import PdfReader

    labels = [label.rsplit(",", 1)[0] for label in PdfReader(path).page_labels]
    booklets: list[tuple[int, int]] = []
    for n, label in enumerate(labels):
        if n and label == labels[n - 1]:
            booklets[-1] = (booklets[-1][0], booklets[-1][1] + 1)
        else:
            booklets.append((2 * n, 1))
    return booklets


def _inside(box: tuple[float, float, float, float], area: tuple[float, float, float, float]) -> bool:
    x0, y0, x1, y1 = box
    return area[0] <= (x0 + x1) / 2 <= area[2] and area[1] <= (y0 + y1) / 2 <= area[3]


@dataclass(frozen=True)
class Glyph:
    page: int
    char: str
    size: float
    box: tuple[float, float, float, float]  # left, bottom, right, top
    paper: tuple[float, float]


def glyphs(path: Path) -> list[Glyph]:
    """Every drawn character with its font size and box (spaces left out)."""
    import pypdfium2

    found = []
    document = pypdfium2.PdfDocument(str(path))
    try:
        for index in range(len(document)):
            page = document[index]
            paper = page.get_size()
            textpage = page.get_textpage()
            for i in range(textpage.count_chars()):
                char = chr(pypdfium2.raw.FPDFText_GetUnicode(textpage, i))
                if char.isspace() or not char.isprintable():
                    continue
                size = pypdfium2.raw.FPDFText_GetFontSize(textpage, i)
                found.append(Glyph(index + 1, char, round(size, 1), tuple(textpage.get_charbox(i)), paper))
    finally:
        document.close()
    return found


def raw_lines(path: Path) -> list[list[str]]:
    """Each page's text lines in drawing order (pdftotext -raw): a table cell's lines stay together."""
    out = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"], check=True,
                         capture_output=True, text=True, timeout=600).stdout
    return [page.replace("\u00a0", " ").splitlines() for page in out.split("\f")[:-1]]


def layout_lines(path: Path) -> list[list[str]]:
    """Each page's text lines as laid out (pdftotext -layout): a table's head row is one line."""
    out = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"], check=True,
                         capture_output=True, text=True, timeout=600).stdout
    return [page.splitlines() for page in out.split("\f")[:-1]]


_URL_BREAK = "/.-?&="


def broken_words(lines: list[str], words: set[str], hyphenation_points: Callable[[str], set[int]]) -> list[str]:
    """Words of ``words`` that a line break cut at a letter: the end of one line and the start of the next
    make a known word that neither half is, and the cut is neither after ``/ . - ? & =`` nor at one of
    the word's hyphenation points (with a hyphen shown)."""
    found = []
    for line, following in zip(lines, lines[1:], strict=False):
        if not line.strip() or not following.strip():
            continue
        tail, head = line.split()[-1], following.split()[0]
        if tail.endswith("-") and tail[:-1] + head in words and tail + head not in words:  # an added hyphen
            lead = len(tail) - len(tail.lstrip("([{'\"\u201c\u2018"))
            if len(tail) - 1 - lead not in hyphenation_points(tail[lead:-1] + head.rstrip(").,;:!?'\"\u201d\u2019")):
                found.append(f"{tail} | {head}")
        elif tail + head in words and (tail not in words or head not in words) and not tail.endswith(tuple(_URL_BREAK)):
            found.append(f"{tail} | {head}")
    return found
