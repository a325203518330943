"""Fields recorded during layout + the finished pages -> the PDF's interactive form (written with pikepdf).

Layout records where each field goes (``TextField``, ``CheckBox``); once ReportLab has written the pages,
``add_form`` writes the form as real viewers (PDFium in Chrome, pdf.js in Firefox) and form tools
(pypdf, qpdf) need it:

- a field tree whose partial names hold no period (``letter`` > ``1`` > ``love``, full name ``letter.1.love``);
- one widget per field with its own appearance stream, sized to its box, holding a prefilled value (the page
  itself does not print it, so the value is drawn once and an edit replaces it);
- a field takes only what fits its box in Chrome (DoNotScroll), and in Firefox about that (a /MaxLen
  that only it reads, never below what the box shows);
- an embedded form font (``fonts/WorkbookFormSans-Regular.ttf``, every character of the page font: Latin incl.
  Vietnamese, Greek, Cyrillic) under one name in /DR, in every widget's resources and in every /DA, so a
  viewer draws typed text in those scripts and a tool that redraws a field finds the same font; a character
  it lacks prints as its own empty box (see the encoding above ``_code``);
- multi-line text set so that typed lines sit on and between the printed rules: viewers put 1.35 x the font
  size between lines, so the size is chosen to make a whole number of lines per rule gap;
- checkboxes with a /DA, ZapfDingbats in /DR and both /On and /Off appearances; /Tabs /S on every page.
"""

from __future__ import annotations

import math
import sys
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from workbook.answers import FORM_VERSION
from workbook.resources import data_dir

FORM_FONT_NAME = "WorkbookFormSans-Regular"  # Noto Sans Regular remade by tools/make_form_font.py, renamed (OFL)
FORM_FONT_FILE = f"{FORM_FONT_NAME}.ttf"
FORM_ASCENT, FORM_DESCENT = 1000, -350  # as tools/make_form_font.py sets them (1.35 em between lines)
# The form font's one name, in /DR, in every widget's appearance resources and in every /DA. PDFium (Chrome)
# sets a typed character in the /DA font only if the font's "charset" matches the character's (so not Greek,
# Cyrillic or Vietnamese in an embedded font it takes for Latin: under a name like /NotoSans it drops
# Vietnamese letters, see tests/test_form_matrix.py), unless the name is one it takes for a symbol font
# (CPDF_BAFontMap): then it sets every character in it. pdf.js, MuPDF, poppler, qpdf and pypdf look the name
# up like any other. What a character the font lacks becomes is set by the font's encoding (see
# ``_FormFont``): its own empty box, never another letter. qpdf's redraw (--generate-appearances, after a
# pypdf fill that sets NeedAppearances) writes one byte a character, which this font reads as empty boxes;
# a WinAnsi font under this name for qpdf would give it a second meaning that pdf.js's saves copy (see
# docs/filling-in.md, "Why qpdf cannot redraw a pypdf fill").
FONT_KEY = "/Wingdings"
CHECK_KEY = "/ZaDb"
LINE_FACTOR = 1.35  # baseline to baseline in a multi-line field, in font sizes (pdf.js; PDFium by the font)
DESCENT = 0.35  # pdf.js sets the first baseline 1 + 1.35 - 0.35 = 1 + 1.0 font size below the top
PADDING = 2.0  # left padding of typed text (pdf.js and PDFium)
BORDER = 1.0  # PDFium's border inside a widget with no /MK or /BS, which typed text keeps clear of
MULTILINE = 1 << 12  # a text field's flags (/Ff)
DO_NOT_SCROLL = 1 << 23
READ_ONLY = 1
HIDDEN_WIDGET = 2  # an annotation flag (/F): neither shown nor printed
# Typing: about what prints is stored. A text field is a field with its widget as a kid:
# - the field says DoNotScroll and MaxLen 0 (no limit): PDFium (Chrome) reads both from the field and
#   stops taking text exactly when the box is full (it would read a widget's MaxLen only if the field had none);
# - pdf.js (Firefox) reads a field's flags and /MaxLen from the widget first. It hides its scroll bar for
#   DoNotScroll but keeps taking text, so the widget says only Multiline (a scroll bar shows if text ever runs
#   past the lines) and has a /MaxLen of what fits the box in narrow text (``typing_limit``), so that it never
#   stops anyone while the box has room.
AVERAGE_ADVANCE = 0.55  # em per character of ordinary text in the form font (English 0.48, Russian 0.53,
#                         names 0.55; all capitals 0.59)
NARROW_ADVANCE = 0.45  # em per character of the narrowest ordinary text (English prose, short words)
WRAP_LOSS = 6  # characters a line may lose when a word wraps to the next one (at most half a line)
TICK = ((0.2, 0.5), (0.42, 0.2), (0.85, 0.85))  # a tick's three points, in box sizes
# Empty appearances hold an operator or two: qpdf writes a stream of no bytes with a /FlateDecode filter, which
# MuPDF then reports as damaged.
EMPTY_TEXT, EMPTY_MARK = b"/Tx BMC EMC", b"q Q"
CONTINUED = "\u2026"  # ends the last line a box shows of a value that goes on past it


@dataclass(frozen=True)
class TextField:
    """A text field over a ruled area. ``box`` is the area on the page (left, bottom, right, top)."""

    name: str
    tooltip: str
    page: int  # from 1
    box: tuple[float, float, float, float]
    value: str = ""
    lines: tuple[str, ...] = ()  # the value broken into lines as it is set in the field
    multiline: bool = False
    hidden: bool = False  # a read-only value kept for ``workbook read`` (e.g. a letter printed as a reading copy)
    fill_top: bool = False  # the area's top is a border (a table cell), not a prompt: its top gap takes lines too


@dataclass(frozen=True)
class CheckBox:
    name: str
    tooltip: str
    page: int
    box: tuple[float, float, float, float]
    checked: bool = False


Field = TextField | CheckBox


@dataclass(frozen=True)
class FieldType:
    """How text is set in fields: one-line size, and the multi-line size that puts typed lines on the rules."""

    size: float  # one-line fields
    multiline_size: float
    lines_per_rule: int
    line_gap: float  # the printed rules' pitch
    colour: tuple[float, float, float]

    @property
    def pitch(self) -> float:
        """Baseline to baseline in a multi-line field (the rule gap / lines per rule)."""
        return self.multiline_size * LINE_FACTOR


def field_type(size: float, line_gap: float, colour: tuple[float, float, float]) -> FieldType:
    """The layout's field size, made smaller if need be so a whole number of typed lines fits a rule gap."""
    per_rule = max(1, math.ceil(line_gap / (LINE_FACTOR * size) - 1e-6))
    return FieldType(size, round(line_gap / per_rule / LINE_FACTOR, 3), per_rule, line_gap, colour)


def widget_rect(field: Field, kind: FieldType) -> tuple[float, float, float, float]:
    """The widget's rectangle. A multi-line field's top is placed so that viewers set its first line just
    above the area's top rule, and each further line just above a rule or halfway between two; its last line
    ends on the area's bottom rule, and the widget goes a border's width lower (PDFium keeps a 1 pt border
    inside the box, and takes no line it cannot show whole)."""
    left, bottom, right, top = field.box
    if isinstance(field, TextField) and field.multiline:
        size = kind.multiline_size
        first_gap = kind.pitch if field.fill_top else kind.line_gap  # down to the first typed line's baseline
        top = top - first_gap + DESCENT * size + 1 + size  # viewers: first baseline 1 + size below the top
        bottom -= BORDER + 0.5
    return left, bottom, right, top


def typed_lines(height: float, kind: FieldType) -> int:
    """How many lines viewers set in a multi-line widget this tall (the first baseline 1 + size below the top,
    then one a pitch; the last may end at the bottom border)."""
    return 1 + int((height - 1 - kind.multiline_size - BORDER) / kind.pitch + 1e-6)


def rows_for(lines: int, per_rule: int, fill_top: bool = False) -> int:
    """Rule gaps needed for ``lines`` lines set from the top rule down, ``per_rule`` to a gap (and as many in
    the top gap, if ``fill_top``; else one)."""
    if fill_top:
        return -(-lines // per_rule)
    return 1 + -(-(lines - 1) // per_rule) if lines else 0


def lines_in(rows: int, per_rule: int, fill_top: bool = False) -> int:
    """How many lines ``rows`` rule gaps hold (the inverse of ``rows_for``)."""
    if fill_top:
        return per_rule * rows
    return per_rule * (rows - 1) + 1 if rows else 0


def chars_per_line(width: float, size: float) -> int:
    """Characters of ordinary text (names, words) on one line of a field this wide, in this size."""
    return int((width - 2 * PADDING) / (AVERAGE_ADVANCE * size))


def capacity(width: float, size: float, lines: int) -> int:
    """Characters of ordinary text ``lines`` lines of a field hold, less what wrapping words may leave empty
    at the end of a line when there is a next one."""
    per_line = chars_per_line(width, size)
    return lines * per_line - (lines - 1) * min(WRAP_LOSS, per_line // 2)


# --- the form font ----------------------------------------------------------------------------------------

# The form font's encoding: Identity-H (two bytes a character; the only encoding PDFium types in besides the
# CJK standard ones) with each character's code point as its code, and the font's glyph ids equal to code
# points too (tools/make_form_font.py), so that every reader and tool sets a character the same way:
# - PDFium takes a typed character's code from the ToUnicode map (failing that, its code point cut to 16
#   bits); pypdf sets text by glyph id, and a character its font lacks by code point;
# - pdf.js can encode anything typed, as the ToUnicode map names every code (else it drops the field's
#   appearance and sets NeedAppearances on save, and every renderer then redraws every field);
# - a character the font lacks draws the font's empty box (CIDToGIDMap), never another character's glyph;
# - text extraction reads back what was typed.
# An emoji's code is its code point's last 16 bits (U+1F642 is F642, what PDFium sends for it), in the
# private use area and the CJK compatibility ideographs, which then have no code of their own.
SURROGATES = range(0xD800, 0xE000)  # no characters
FAR_FIRST, FAR_LAST = 0x1F000, 0x1FAFF  # the emoji blocks, beyond plane 0
FAR_CODES = range(FAR_FIRST & 0xFFFF, (FAR_LAST & 0xFFFF) + 1)


def _code(cp: int) -> int:
    return cp & 0xFFFF if FAR_FIRST <= cp <= FAR_LAST else cp


@dataclass(frozen=True)
class _FormFont:
    """The form font as a Type0 font (see the encoding above)."""

    glyphs: frozenset[int]  # the code points the font has (each one's glyph id)
    advances: dict[int, int]  # code point -> advance width (1000 units), for those it has
    empty_box: int  # the advance of glyph 0, the empty box every other character draws
    data: bytes
    ascent: int
    descent: int
    bbox: tuple[int, int, int, int]
    cap_height: int
    stem_v: int

    def encode(self, text: str) -> bytes:
        return b"".join(_code(ord(ch)).to_bytes(2, "big") for ch in text)

    def widths(self) -> list[Any]:
        """The /W array: runs of consecutive characters the font has, each with its widths."""
        out: list[Any] = []
        for cp in sorted(self.glyphs):
            if out and out[-2] + len(out[-1]) == cp:
                out[-1].append(self.advances[cp])
            else:
                out += [cp, [self.advances[cp]]]
        return out

    def cid_to_gid(self) -> bytes:
        """The CIDToGIDMap: a character the font has, its glyph; any other, glyph 0 (the empty box)."""
        table = array("H", bytes(0x20000))
        for cid in self.glyphs:
            if cid < 0x10000:
                table[cid] = cid
        if sys.byteorder == "little":
            table.byteswap()  # big-endian, two bytes a code
        return table.tobytes()

    def to_unicode(self) -> bytes:
        """Code -> character for every code: one entry for each character the font has (Ghostscript reads
        those only from single entries), a range for each run of the others."""
        singles = [f"<{cp:04X}> <{cp:04X}>" for cp in sorted(self.glyphs)]
        ranges: list[tuple[int, int]] = []  # (first code, last code) of runs with code = character
        for code in range(0x20, 0x10000):
            if code in self.glyphs or code in SURROGATES or code in FAR_CODES:
                continue
            if ranges and ranges[-1][1] == code - 1 and code & 0xFF:
                ranges[-1] = (ranges[-1][0], code)
            else:
                ranges.append((code, code))
        spans = [f"<{first:04X}> <{last:04X}> <{first:04X}>" for first, last in ranges]
        spans += [f"<{_code(cp):04X}> <{_code(cp) | 0xFF:04X}> <{chr(cp).encode('utf-16-be').hex().upper()}>"
                  for cp in range(FAR_FIRST, FAR_LAST + 1, 0x100)]
        return "\n".join([
            "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
            "/CMapName /Adobe-Identity-UCS def", "/CMapType 2 def",
            "1 begincodespacerange", "<0000> <FFFF>", "endcodespacerange",
            *_sections("bfchar", singles), *_sections("bfrange", spans),
            "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end", "",
        ]).encode("ascii")


def _sections(kind: str, entries: list[str]) -> list[str]:
    body = []
    for start in range(0, len(entries), 100):  # at most 100 to a section
        chunk = entries[start:start + 100]
        body += [f"{len(chunk)} begin{kind}", *chunk, f"end{kind}"]
    return body


@cache
def _form_font() -> _FormFont:
    """The form font's metrics are the regular face's (already read for the page text), but for its ascent
    and descent; its own character map names every character, with an empty glyph for those it lacks."""
    from workbook.pdf.fonts import regular_face

    face = regular_face()
    scale = 1000 / face.unitsPerEm
    glyphs = {cp: gid for cp, gid in face.charToGlyph.items() if 0x20 <= cp < 0xFFFE}
    return _FormFont(
        glyphs=frozenset(glyphs), advances={cp: round(face.hmetrics[gid][0] * scale) for cp, gid in glyphs.items()},
        empty_box=round(face.hmetrics[0][0] * scale), data=(data_dir("fonts") / FORM_FONT_FILE).read_bytes(),
        ascent=FORM_ASCENT, descent=FORM_DESCENT, bbox=tuple(face.bbox), cap_height=face.capHeight,
        stem_v=face.stemV,
    )


@cache
def _font_tables() -> tuple[list[Any], bytes, bytes]:
    """The form font's /W array, CIDToGIDMap and ToUnicode map: the same in every PDF, made once a run."""
    font = _form_font()
    return font.widths(), font.cid_to_gid(), font.to_unicode()


def _font_dictionary(pdf: Any) -> Any:
    """The form font's Type0 dictionary (made once per PDF)."""
    import pikepdf

    font = _form_font()
    widths, cid_to_gid, to_unicode = _font_tables()
    name = pikepdf.Name(f"/{FORM_FONT_NAME}")  # the whole font, no subset tag: typed text may use any glyph
    descriptor = pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.FontDescriptor, FontName=name, Flags=32, FontBBox=list(font.bbox), ItalicAngle=0,
        Ascent=font.ascent, Descent=font.descent, CapHeight=font.cap_height, StemV=font.stem_v,
        FontFile2=pdf.make_stream(font.data),
    ))
    system_info = pikepdf.Dictionary(Registry=pikepdf.String("Adobe"), Ordering=pikepdf.String("Identity"),
                                     Supplement=0)
    cid_font = pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.CIDFontType2, BaseFont=name, CIDSystemInfo=system_info,
        FontDescriptor=descriptor, DW=font.empty_box, W=widths,
        CIDToGIDMap=pdf.make_stream(cid_to_gid),
    )
    return pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type0, BaseFont=name, Encoding=pikepdf.Name("/Identity-H"),
        DescendantFonts=[pdf.make_indirect(cid_font)], ToUnicode=pdf.make_stream(to_unicode),
    ))


def default_appearance(size: float, colour: tuple[float, float, float]) -> str:
    """A text field's /DA: the form font, its size, and the colour."""
    return f"{FONT_KEY} {_number(size)} Tf {_colour(colour, 'rg')}"


# --- appearances ------------------------------------------------------------------------------------------


def _number(value: float) -> str:
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _colour(colour: tuple[float, float, float], op: str) -> str:
    return " ".join(_number(c) for c in colour) + f" {op}"


def text_appearance(field: TextField, kind: FieldType, width: float, height: float) -> bytes:
    """The field's normal appearance: its value where viewers would set it (empty when blank)."""
    if not field.lines:
        return EMPTY_TEXT  # nothing to draw: the ruled lines show through
    font = _form_font()
    if field.multiline:
        size, step = kind.multiline_size, kind.pitch
        first = height - 1 - size  # pdf.js: 1 pt padding, then one font size down to the first baseline
    else:
        size, step = kind.size, 0.0
        first = (height - LINE_FACTOR * size) / 2 + DESCENT * size  # centred, as PDFium and Acrobat set it
    out = [f"/Tx BMC q BT {FONT_KEY} {_number(size)} Tf {_colour(kind.colour, 'rg')}".encode(),
           f"1 0 0 1 {_number(PADDING)} {_number(first)} Tm".encode()]
    shown = typed_lines(height, kind) if field.multiline else 1
    for number, line in enumerate(_marked(list(field.lines), shown, (width - 2 * PADDING) * 1000 / size)):
        if number:
            out.append(f"0 {_number(-step)} Td".encode())
        out.append(b"<" + font.encode(line).hex().upper().encode() + b"> Tj")
    out.append(b"ET Q EMC")
    return b"\n".join(out)


def _marked(lines: list[str], shown: int, room: float) -> list[str]:
    """The lines a box shows; if the value goes on past them (or past the box's right edge), the last one
    shown ends in CONTINUED, so that hidden text is never silent. ``room``: the line's width in font units."""
    font = _form_font()

    def width(text: str) -> float:
        return float(sum(font.advances.get(ord(ch), font.empty_box) for ch in text))

    out = lines[:shown]
    for number, line in enumerate(out):
        if number == len(out) - 1 and len(lines) > shown or width(line) > room:
            while line and width(line.rstrip() + CONTINUED) > room:
                line = line[:-1]
            out[number] = line.rstrip() + CONTINUED
    return out


def tick_appearance(size: float, colour: tuple[float, float, float]) -> bytes:
    """A tick drawn as a path (no font needed), the same as the printed edition's."""
    path = " ".join(f"{_number(x * size)} {_number(y * size)} {op}"
                    for (x, y), op in zip(TICK, ("m", "l", "l"), strict=True))
    return f"q {_colour(colour, 'RG')} 1.6 w 1 J 1 j {path} S Q".encode()


def _form_xobject(pdf: Any, content: bytes, width: float, height: float, resources: Any = None) -> Any:
    import pikepdf

    stream = pdf.make_stream(content)
    stream.Subtype = pikepdf.Name.Form
    stream.BBox = [0, 0, _round(width), _round(height)]
    if resources is not None:
        stream.Resources = resources
    return stream


def _round(value: float) -> float:
    return round(value, 3)


# --- the form ---------------------------------------------------------------------------------------------


def add_form(pdf: Any, fields: Sequence[Field], kind: FieldType) -> dict[str, Any]:
    """Write the form for ``fields`` into the finished PDF (open in pikepdf); return each field's widget by
    its full name (nothing if no fields)."""
    if not fields:
        return {}
    import pikepdf

    font = _font_dictionary(pdf)
    zapf = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
                                                 BaseFont=pikepdf.Name.ZapfDingbats))
    text_resources = pdf.make_indirect(pikepdf.Dictionary(Font=pikepdf.Dictionary({FONT_KEY: font})))
    nodes = [_field_and_widget(pdf, field, kind, text_resources) for field in fields]
    roots = _field_tree(pdf, fields, [node for node, _ in nodes])
    widgets = [widget for _, widget in nodes]
    for page in pdf.pages:
        page.obj.Tabs = pikepdf.Name.S  # tab order: the annotations' order, which is reading order
    for field, widget in zip(fields, widgets, strict=True):
        page = pdf.pages[field.page - 1]
        widget.P = page.obj
        if "/Annots" not in page.obj:
            page.obj.Annots = pikepdf.Array()
        page.obj.Annots.append(widget)
    pdf.Root.AcroForm = pdf.make_indirect(pikepdf.Dictionary(
        Fields=roots, DR=pikepdf.Dictionary(Font=pikepdf.Dictionary(
            {FONT_KEY: font, CHECK_KEY: zapf})),
        DA=pikepdf.String(default_appearance(kind.size, kind.colour)),
        WorkbookFormVersion=FORM_VERSION,  # 'workbook read' refuses a form newer than it knows
    ))
    return {field.name: widget for field, widget in zip(fields, widgets, strict=True)}


def _field_and_widget(pdf: Any, field: Field, kind: FieldType, resources: Any) -> tuple[Any, Any]:
    """The field's node in the field tree and its widget on the page: one dictionary for a checkbox; a text
    field with its widget as a kid (see "Typing" above ``AVERAGE_ADVANCE``)."""
    import pikepdf

    left, bottom, right, top = widget_rect(field, kind)
    width, height = right - left, top - bottom
    widget = pikepdf.Dictionary(
        Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Widget, Rect=[_round(v) for v in (left, bottom, right, top)],
        F=4, TU=pikepdf.String(field.tooltip or field.name),
    )  # no /MK colours: no border or background is drawn; PDFium insets typed text by the default border (1)
    if isinstance(field, CheckBox):
        state = pikepdf.Name.On if field.checked else pikepdf.Name.Off
        widget.FT = pikepdf.Name.Btn
        widget.Ff = 0
        widget.DA = pikepdf.String(f"{CHECK_KEY} 0 Tf {_colour(kind.colour, 'rg')}")
        widget.MK = pikepdf.Dictionary(CA=pikepdf.String("4"))  # the tick in ZapfDingbats
        widget.V = state
        widget.AS = state
        widget.AP = pikepdf.Dictionary(N=pikepdf.Dictionary(
            On=_form_xobject(pdf, tick_appearance(width, kind.colour), width, height),
            Off=_form_xobject(pdf, EMPTY_MARK, width, height),
        ))
        widget = pdf.make_indirect(widget)
        return widget, widget
    size = kind.multiline_size if field.multiline else kind.size
    widget.AP = pikepdf.Dictionary(N=_form_xobject(pdf, text_appearance(field, kind, width, height), width, height,
                                                   resources))
    flags = MULTILINE if field.multiline else 0
    if field.hidden:  # never shown or printed, never typed into: the value is already printed on the page
        widget.F = HIDDEN_WIDGET
        flags |= READ_ONLY
    node = pdf.make_indirect(pikepdf.Dictionary(
        FT=pikepdf.Name.Tx, Ff=flags | DO_NOT_SCROLL, MaxLen=0, TU=widget.TU, Kids=pikepdf.Array(),
        DA=pikepdf.String(default_appearance(size, kind.colour)),
    ))
    if field.value:
        node.V = pikepdf.String(field.value)
    widget.Ff = flags
    widget.MaxLen = typing_limit(field, kind, width, height)
    widget.Parent = node
    widget = pdf.make_indirect(widget)
    node.Kids.append(widget)
    return node, widget


def typing_limit(field: TextField, kind: FieldType, width: float, height: float) -> int:
    """pdf.js's limit (/MaxLen): the most characters of narrow text (English prose) that the field shows as
    pdf.js sets it, so that no one is stopped while the box has room; never less than the value. Wider text
    can run past the box: pdf.js then shows a scroll bar, and the print ends where the box does."""
    size = kind.multiline_size if field.multiline else kind.size
    lines = typed_lines(height, kind) if field.multiline else 1
    per_line = int((width - 2 * PADDING) / (NARROW_ADVANCE * size))
    return max(lines * per_line, len(field.value), 1)


def _field_tree(pdf: Any, fields: Sequence[Field], field_nodes: Sequence[Any]) -> Any:
    """Parents for the dotted names: ``letter.1.love`` is ``love`` under ``1`` under ``letter``."""
    import pikepdf

    roots = pikepdf.Array()
    parents: dict[str, Any] = {}
    terminal_names: set[str] = set()
    for field, field_node in zip(fields, field_nodes, strict=True):
        parts = field.name.split(".")
        if not all(parts):
            raise ValueError(f"form field name has an empty part: {field.name}")
        parent = None
        for depth in range(1, len(parts)):
            key = ".".join(parts[:depth])
            if key in terminal_names:
                raise ValueError(f"form field name is also a group of fields: {key}")
            if key not in parents:
                group = pdf.make_indirect(pikepdf.Dictionary(T=pikepdf.String(parts[depth - 1]), Kids=pikepdf.Array()))
                _attach(group, parent, roots)
                parents[key] = group
            parent = parents[key]
        if field.name in parents:
            raise ValueError(f"form field name is also a group of fields: {field.name}")
        terminal_names.add(field.name)
        field_node.T = pikepdf.String(parts[-1])
        _attach(field_node, parent, roots)
    return roots


def _attach(node: Any, parent: Any, roots: Any) -> None:
    """Put ``node`` under ``parent`` in the field tree, or among the form's top fields if it has none."""
    if parent is None:
        roots.append(node)
    else:
        node.Parent = parent
        parent.Kids.append(node)
