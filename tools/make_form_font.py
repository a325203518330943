"""fonts/NotoSans-Regular.ttf -> fonts/WorkbookFormSans-Regular.ttf: the font form fields type with (run once;
needs fontTools).

A modified version of Noto Sans under the SIL Open Font License, so it carries its own name ("Workbook Form
Sans", in the file name and in the font's name table), as the OFL asks of modified versions; the copyright and
license entries stay, and fonts/README.md says what was changed.

Every character of the regular face (Latin incl. Vietnamese, Greek, Cyrillic, punctuation), so anything a plan
may hold or a user may type in those scripts has a glyph; hinting and layout tables are dropped (viewers set
field text without shaping) to keep each PDF small. Ascent 1000 and descent -350 make the line height 1.35 em,
the one pdf.js uses, so PDFium spaces typed lines the same way.

Each character's glyph id is its code point (empty glyphs fill the gaps; glyphs that are only parts of others
sit where the UTF-16 surrogates would): the PDF's codes for typed text are code points, and a tool that sets
text by glyph id (pypdf) or by code point (PDFium, pypdf, for a character the font lacks) sets the same code.
The gaps cost next to nothing once compressed in a PDF. The font's own character map names every character
of plane 0 (the empty glyphs too), so that pypdf sets a character the face lacks by its code point, not as a
one-byte "?" in a two-byte font; which characters the face has is the regular face's map. Same input, same
bytes.

    pip install fonttools && python tools/make_form_font.py
"""

from __future__ import annotations

import copy
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont
from fontTools.ttLib.tables._c_m_a_p import CmapSubtable
from fontTools.ttLib.tables._g_l_y_f import Glyph

FONTS = Path(__file__).resolve().parent.parent / "fonts"
ASCENT, DESCENT = 1000, -350
EMOJI = range(0x1F000, 0x1FB00)  # workbook.pdf.forms.FAR_FIRST to FAR_LAST
FAMILY, POSTSCRIPT = "Workbook Form Sans", "WorkbookFormSans-Regular"  # workbook.pdf.forms.FORM_FONT_NAME


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
    glyph_id_is_code_point(font)
    rename(font)
    font.save(FONTS / f"{POSTSCRIPT}.ttf", reorderTables=True)


def rename(font: TTFont) -> None:
    """The modified font's own names (the OFL's condition for a modified version); copyright and license stay,
    the Noto trademark notice goes with the name it was about."""
    version = font["name"].getDebugName(5).split(";")[0]
    names = {
        1: FAMILY, 2: "Regular", 3: f"{version.removeprefix('Version ')};intervention-workbook;{POSTSCRIPT}",
        4: f"{FAMILY} Regular", 5: f"{version}; modified by intervention-workbook (tools/make_form_font.py)",
        6: POSTSCRIPT,
        10: "Noto Sans Regular, modified for the form fields of intervention-workbook: no hinting or layout "
            "tables, ascent 1000 and descent -350, each glyph at the number of its character.",
    }
    table = font["name"]
    table.names = [record for record in table.names if record.nameID not in (*names, 7, 16, 17)]
    for name_id, text in names.items():
        table.setName(text, name_id, 3, 1, 0x409)


def glyph_id_is_code_point(font: TTFont) -> None:
    """Reorder the glyphs so that each character's glyph id is its code point (see the module docstring)."""
    cmap = font.getBestCmap()
    glyf, hmtx = font["glyf"], font["hmtx"]
    mapped = set(cmap.values())
    parts = [name for name in font.getGlyphOrder() if name != ".notdef" and name not in mapped]
    slots = dict(zip(range(0xD800, 0xE000), parts, strict=False))
    order, glyphs, metrics, taken = [], {}, {}, set()
    for cp in range(max(cmap) + 1):
        source = ".notdef" if cp == 0 else slots.get(cp) or cmap.get(cp)
        if source is None:
            name, glyph, metric = f"e{cp:04X}", Glyph(), (0, 0)
            glyph.numberOfContours = 0
        else:
            name = source if source not in taken else f"{source}.{cp:04X}"  # one glyph, two characters
            glyph = glyf[source] if name == source else copy.deepcopy(glyf[source])
            metric = hmtx[source]
            taken.add(source)
        order.append(name)
        glyphs[name], metrics[name] = glyph, metric
    font.setGlyphOrder(order)
    glyf.glyphs, glyf.glyphOrder = glyphs, order
    hmtx.metrics = metrics
    everything = {cp: order[cp] for cp in range(0x20, len(order)) if cp not in range(0xD800, 0xE000)}
    for table in font["cmap"].tables:  # a character the face lacks maps to its empty glyph (see the docstring)
        table.cmap = everything
    emoji = CmapSubtable.newSubtable(12)  # and an emoji to the glyph of its last 16 bits (see pdf/forms.py)
    emoji.platformID, emoji.platEncID, emoji.language = 3, 10, 0
    emoji.cmap = {**everything, **{cp: order[cp & 0xFFFF] for cp in EMOJI}}
    font["cmap"].tables.append(emoji)
    font["post"].formatType = 3.0  # no glyph names


if __name__ == "__main__":
    main()
