"""A :class:`~workbook.layouts.Layout` -> ReportLab paragraph styles and colours."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from reportlab.lib.colors import Color, HexColor
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle

from workbook.layouts import Layout
from workbook.pdf.breaking import hyphenator
from workbook.pdf.fonts import face


@dataclass(frozen=True)
class Styles:
    layout: Layout
    para: dict[str, ParagraphStyle]
    text: Color
    accent: Color
    rule: Color
    muted: Color
    callout_background: Color

    def __getitem__(self, name: str) -> ParagraphStyle:
        return self.para[name]


@cache
def make_styles(layout: Layout, language: str = "en") -> Styles:
    """The styles of a layout, made once per language: paragraphs of the same style share broken lines
    (``shared_lines``); running text hyphenates with the dictionary of ``language``."""
    t, s = layout.type, layout.space
    text = HexColor(layout.colour.text)
    accent = HexColor(layout.colour.accent)
    muted = HexColor(layout.colour.muted)
    body = ParagraphStyle(
        "body",
        fontName=face(),
        fontSize=t.body_size,
        leading=t.body_leading,
        textColor=text,
        spaceAfter=s.paragraph_after,
        allowWidows=0,
        allowOrphans=0,
        hyphenationLang=hyphenator(language),  # long words only: a name or a long word breaks at a hyphenation point
        embeddedHyphenation=0,  # never after a hyphen it has: ReportLab may drop that hyphen in mixed type
        uriWasteReduce=0.3,  # a web address with a scheme breaks after a slash rather than leave a gap
    )

    def heading(name: str, size: float, colour: Color, before: float, after: float) -> ParagraphStyle:
        return ParagraphStyle(
            name,
            parent=body,
            fontName=face(bold=True),
            fontSize=size,
            leading=size * 1.25,
            textColor=colour,
            spaceBefore=before,
            spaceAfter=after,
            keepWithNext=1,
            hyphenationLang="",  # a heading's words stay whole (a name longer than a line breaks at its hyphen:
            embeddedHyphenation=2,  # 2 tries that on a line of its own, where ReportLab would cut it at a letter)
        )

    small_leading = t.small_size * 1.35
    para = {
        "body": body,
        "list": ParagraphStyle("list", parent=body, spaceAfter=s.paragraph_after / 2),
        "small": ParagraphStyle("small", parent=body, fontSize=t.small_size, leading=small_leading),
        "title": heading("title", t.title_size, accent, 0, s.heading_after * 2),
        "subtitle": ParagraphStyle(
            "subtitle", parent=body, fontSize=t.section_size, leading=t.section_size * 1.35, textColor=muted
        ),
        "part": heading("part", t.part_size, accent, 0, s.heading_after * 2),
        "section": heading("section", t.section_size, accent, s.heading_before * 1.5, s.heading_after),
        "subsection": heading("subsection", t.subsection_size, text, s.heading_before, s.heading_after / 2),
        "prompt": ParagraphStyle("prompt", parent=body, fontName=face(bold=True), spaceAfter=0, keepWithNext=1),
        "cell": ParagraphStyle("cell", parent=body, fontSize=t.small_size + 1, leading=(t.small_size + 1) * 1.3,
                               spaceAfter=0),
        "cell_head": ParagraphStyle("cell_head", parent=body, fontName=face(bold=True),
                                    fontSize=t.small_size, leading=t.small_size * 1.3, spaceAfter=0),
        "callout_title": ParagraphStyle("callout_title", parent=body, fontName=face(bold=True), spaceAfter=2),
        "reading": ParagraphStyle("reading", parent=body, fontSize=t.reading_size, leading=t.reading_leading,
                                  spaceAfter=t.reading_leading / 2, hyphenationLang=""),  # read aloud: whole words
        "toc1": ParagraphStyle("toc1", parent=body, fontName=face(bold=True), spaceBefore=4, spaceAfter=0),
        "toc2": ParagraphStyle("toc2", parent=body, leftIndent=t.body_size * 1.5, spaceAfter=0),
        "figure_title": ParagraphStyle("figure_title", parent=body, fontName=face(bold=True),
                                       fontSize=t.subsection_size, leading=t.subsection_size * 1.3,
                                       textColor=accent, spaceAfter=0),
        "figure_number": ParagraphStyle("figure_number", parent=body, fontName=face(bold=True),
                                        fontSize=t.section_size * 1.4, leading=t.section_size * 1.6,
                                        alignment=TA_CENTER, textColor=HexColor("#ffffff"), spaceAfter=0),
        "signature_label": ParagraphStyle("signature_label", parent=body, fontSize=t.small_size,
                                          leading=small_leading, textColor=muted, spaceAfter=0),
    }
    return Styles(
        layout=layout,
        para=para,
        text=text,
        accent=accent,
        rule=HexColor(layout.colour.rule),
        muted=muted,
        callout_background=HexColor(layout.colour.callout_background),
    )
