"""The embedded TrueType family in ``fonts/`` -> fonts registered with ReportLab (once per process)."""

from __future__ import annotations

import unicodedata
from functools import cache
from typing import Any

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from workbook.resources import data_dir

FAMILY = "WorkbookSans"
_FACES = {
    (False, False): ("WorkbookSans", "NotoSans-Regular.ttf"),
    (True, False): ("WorkbookSans-Bold", "NotoSans-Bold.ttf"),
    (False, True): ("WorkbookSans-Italic", "NotoSans-Italic.ttf"),
    (True, True): ("WorkbookSans-BoldItalic", "NotoSans-BoldItalic.ttf"),
}


@cache
def register_fonts() -> str:
    """Register the family (by absolute path) and return its regular face's name."""
    folder = data_dir("fonts")
    for (bold, italic), (name, filename) in _FACES.items():
        pdfmetrics.registerFont(TTFont(name, str((folder / filename).resolve())))
        addMapping(FAMILY, int(bold), int(italic), name)
    return FAMILY


def regular_face() -> Any:
    """The regular face as ReportLab read it (character map, metrics); the form font is made from it."""
    register_fonts()
    return pdfmetrics.getFont(FAMILY).face


def face(bold: bool = False, italic: bool = False) -> str:
    register_fonts()
    return _FACES[(bold, italic)][0]


def undrawable(text: str) -> str | None:
    """What is wrong with ``text`` if the embedded fonts cannot draw some of it (for error messages).

    The message names the kind of writing and a count, never the characters: they may spell a name.
    """
    missing = set(missing_characters(text))
    if not missing:
        return None
    count = sum(1 for ch in text if ch in missing)
    kinds = ", ".join(sorted({_writing(ch) for ch in missing}))
    return (f"has {count} character{'s' if count != 1 else ''} the workbook's fonts cannot draw ({kinds}); "
            "replace or remove them (the fonts draw Latin, Greek and Cyrillic)")


def _writing(ch: str) -> str:
    """The script of a letter (``CJK script``, ``Arabic script``), else the kind of character."""
    category = unicodedata.category(ch)
    if category[0] in "LM":
        word = unicodedata.name(ch, "").split(" ")[0]
        return f"{word if word == 'CJK' else word.title()} script" if word else "letters"
    return {"S": "symbols or emoji", "P": "punctuation", "N": "digits"}.get(category[0], "other characters")


def missing_characters(text: str) -> list[str]:
    """Characters of ``text`` that the regular face cannot draw (they would print as empty boxes)."""
    cmap = regular_face().charToGlyph
    return sorted({ch for ch in text if ch not in "\n\t" and ord(ch) not in cmap})
