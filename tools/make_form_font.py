"""fonts/NotoSans-Regular.ttf -> fonts/NotoSans-Form.ttf: the font form fields type with (run once; needs fontTools).

Every character of the regular face (Latin incl. Vietnamese, Greek, Cyrillic, punctuation), so anything a plan
may hold or a user may type in those scripts has a glyph; hinting and layout tables are dropped (viewers set
field text without shaping) to keep each PDF small. Ascent 1000 and descent -350 make the line height 1.35 em,
the one pdf.js uses, so PDFium spaces typed lines the same way. Same input, same bytes.

    pip install fonttools && python tools/make_form_font.py
"""

from __future__ import annotations

from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

FONTS = Path(__file__).resolve().parent.parent / "fonts"
ASCENT, DESCENT = 1000, -350


def main() -> None:
    font = TTFont(FONTS / "NotoSans-Regular.ttf", recalcTimestamp=False)
    options = subset.Options()
    options.hinting = False
    options.layout_features = []
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "DSIG"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=list(font.getBestCmap()))
    subsetter.subset(font)
    font["hhea"].ascent, font["hhea"].descent, font["hhea"].lineGap = ASCENT, DESCENT, 0
    os2 = font["OS/2"]
    os2.sTypoAscender, os2.sTypoDescender, os2.sTypoLineGap = ASCENT, DESCENT, 0
    font.save(FONTS / "NotoSans-Form.ttf", reorderTables=True)


if __name__ == "__main__":
    main()
