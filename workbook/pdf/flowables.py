"""Blocks -> ReportLab flowables: one handler per block type, and the page-break rules between parts."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from reportlab.platypus import (
    DocIf,
    Flowable,
    KeepInFrame,
    ListItem,
    PageBreak,
    TableStyle,
)

from workbook import blocks as b
from workbook.pdf.breaking import Paragraph, tagged
from workbook.pdf.drawing import (
    Builder,
    CheckItemFlowable,
    FillLines,
    FiveSteps,
    HeadingFlowable,
    HiddenValue,
    LanguageSwitch,
    RuledLines,
    SignatureBlock,
    TocRow,
    fit_paragraph,
)
from workbook.pdf.fonts import face
from workbook.pdf.grids import grid
from workbook.pdf.inline import escape_markup, markup
from workbook.pdf.pagination import BlankPage, Gap, KeptTable, Worksheet, keep_with_next
from workbook.pdf.sheets import designed_sheet
from workbook.pdf.tagging import TableTags, TaggedList

# --- block handlers -----------------------------------------------------------------------------------


def heading(builder: Builder, block: b.Heading, page_top: bool = False) -> list[Flowable]:
    """A heading; a sub-heading that opens a page (a worksheet's next page) looks like a worksheet title."""
    style = {1: "part", 2: "section"}.get(block.level, "section" if page_top else "subsection")
    if block.level <= 2:
        builder.section = b.plain_text(block.text).removeprefix(builder.strings["worksheet_prefix"])
    return [HeadingFlowable(block, builder.styles[style], builder.recorder, builder.language)]


def paragraph(builder: Builder, block: b.Paragraph) -> list[Flowable]:
    return [Paragraph(markup(block.runs), builder.styles[block.style])]


def bullet_list(builder: Builder, block: b.BulletList) -> list[Flowable]:
    styles = builder.styles
    style = styles["list"]
    items = [ListItem(tagged(Paragraph(markup(item), style), "LBody")) for item in block.items]
    options: dict[str, Any] = {
        "bulletFontName": face(bold=block.ordered),
        "bulletFontSize": style.fontSize,
        "bulletColor": styles.accent,
        "leftIndent": style.fontSize * 1.6,
        "spaceAfter": styles.layout.space.paragraph_after,
    }
    if block.ordered:
        return [TaggedList(items, bulletType="1", bulletFormat="%s.", **options)]
    return [TaggedList(items, bulletType="bullet", start="\u2022", **options)]


def callout(builder: Builder, block: b.Callout) -> list[Flowable]:
    styles = builder.styles
    inner: list[Flowable] = []
    if block.title:
        inner.append(Paragraph(markup(block.title), styles["callout_title"]))
    for part in block.body:
        inner.extend(HANDLERS[type(part)](builder, part))
    pad = styles.layout.space.cell_padding * 2
    table = KeptTable([[inner]], colWidths=[styles.layout.frame_width], splitInRow=1,  # over pages if it must
                      renderCB=TableTags("Div"))  # the box is decoration; what it holds is read
    table.keep_whole = True  # a tip stays whole
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), face()),  # else the table names the unembedded Helvetica
        # top: else a split where nothing fits yields an empty first part, forever (ReportLab's in-row split)
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, -1), styles.callout_background),
        ("LINEBEFORE", (0, 0), (0, -1), 3, styles.accent, 0),  # butt caps: the bar ends with the box
        ("LEFTPADDING", (0, 0), (-1, -1), pad),
        ("RIGHTPADDING", (0, 0), (-1, -1), pad),
        ("TOPPADDING", (0, 0), (-1, -1), pad),
        ("BOTTOMPADDING", (0, 0), (-1, -1), pad / 2),
    ]))
    return [Gap(1, 4), table, Gap(1, styles.layout.space.paragraph_after * 1.5)]


def write_in(builder: Builder, block: b.WriteIn) -> list[Flowable]:
    styles = builder.styles
    parts: list[Flowable] = []
    if block.prompt:  # the prompt style keeps with next: a prompt never leaves its lines
        parts.append(Paragraph(markup(block.prompt), styles["prompt"]))
    parts.append(RuledLines(builder, block.field, builder.describe(b.plain_text(block.prompt)), block.rows,
                            block.value))
    parts.append(Gap(1, styles.layout.space.paragraph_after * 1.5))
    return parts


def checklist(builder: Builder, block: b.Checklist) -> list[Flowable]:
    items = [CheckItemFlowable(builder, f"{block.field}.{item.key}", item) for item in block.items]
    key = object()  # the items are one list (tagged L)
    for item in items:
        item.list_key = key
    for item in items[:-1]:  # the doc template keeps a chain of keepWithNext flowables on one page
        item.keepWithNext = 1
    return [*items, Gap(1, builder.styles.layout.space.paragraph_after)]


def signatures(builder: Builder, block: b.Signatures) -> list[Flowable]:
    out: list[Flowable] = []
    for signer in block.signers:
        out.append(SignatureBlock(builder, f"{block.field}.{signer.key}", signer))
    return out


def figure(builder: Builder, block: b.Figure) -> list[Flowable]:
    if block.name != "five-steps":
        raise ValueError(f"content: unknown figure {block.name!r}")
    return [Gap(1, 6), FiveSteps(builder, block.steps)]


def title_page(builder: Builder, block: b.TitlePage) -> list[Flowable]:
    styles = builder.styles
    layout = styles.layout
    out: list[Flowable] = [
        Gap(1, layout.frame_height * 0.15),
        tagged(Paragraph(markup(block.title), styles["title"]), "H1"),
        Paragraph(markup(block.subtitle), styles["subtitle"]),
        Gap(1, layout.frame_height * 0.1),
        Paragraph(markup(block.for_label), styles["section"]),
    ]
    if block.for_name:
        out.append(Paragraph(escape_markup(block.for_name), styles["title"]))
        if block.owner:
            out.append(Paragraph(escape_markup(block.owner), styles["subtitle"]))
    else:
        out.append(RuledLines(builder, "title.name", b.plain_text(block.for_label), 1))
    out += [Gap(1, layout.frame_height * 0.15), Paragraph(markup(block.note), styles["small"])]
    # one page, whatever the paper: on a small booklet page the whole title page shrinks to fit
    kept = [HiddenValue(builder, "title.name", block.for_name)] if block.for_name else []
    return [*kept, KeepInFrame(layout.frame_width, layout.frame_height - 1, out, mode="shrink")]


def contents(builder: Builder, block: b.Contents) -> list[Flowable]:
    styles = builder.styles
    key = "contents"
    out: list[Flowable] = [HeadingFlowable(b.Heading(1, block.title, key), styles["part"], builder.recorder)]
    toc = object()  # the entries are one contents list (tagged TOC)
    for entry in builder.contents:
        out.append(TocRow(entry, styles["toc1" if entry.level == 1 else "toc2"], builder.recorder))
        out[-1].toc_key = toc
    return [Worksheet(out, whole=False)]  # its last page holds more than a few rows


def notes_page(builder: Builder, block: b.NotesPage) -> list[Flowable]:
    title = builder.strings["notes_title"]
    tooltip = f"{title} {block.field.removeprefix('notes.')}"
    lines = (RuledLines(builder, block.field, tooltip, NOTES_ROWS, block.value) if block.value
             else FillLines(builder, block.field, tooltip))
    if block.titled:
        return [tagged(Paragraph(escape_markup(title), builder.styles["section"]), "H2"), lines]
    return [lines]


def reading_copy(builder: Builder, block: b.ReadingCopy) -> list[Flowable]:
    """A letter printed to be read aloud: flowing over pages, never fewer than READING_LINES of it on one."""
    style = builder.styles["reading"]
    kept = [HiddenValue(builder, block.field, block.value)] if block.field and block.value else []
    paragraphs = [Paragraph(escape_markup(text), style) for text in block.paragraphs]
    return [*kept, Worksheet(paragraphs, whole=False, tail=READING_LINES * style.leading)] if paragraphs else kept


def kept_choice(builder: Builder, block: b.KeptChoice) -> list[Flowable]:
    return [HiddenValue(builder, block.field, block.value)] if block.value else []


def language_mark(builder: Builder, block: b.LanguageMark) -> list[Flowable]:
    """The blocks that follow are in ``block.language``: its words and hyphenation while they are built, and
    again while they are drawn."""
    builder.speak(block.language)
    return [LanguageSwitch(builder, block.language)]


def page_break(builder: Builder, block: b.PageBreak, blank: bool = False) -> list[Flowable]:
    """A new page; in the double-sided edition a recto break fills a left-hand page with notes (``blank``:
    leaves it blank, as the back of the title page)."""
    if not (block.recto and builder.duplex):
        return [PageBreak()]
    if blank:
        filler: list[Flowable] = [BlankPage()]  # something on the page, so that the break is not skipped
    else:
        builder.fillers += 1
        filler = notes_page(builder, b.NotesPage(f"notes.blank-{builder.fillers}", titled=True))
    return [PageBreak(), DocIf("doc.page % 2 == 0", [*filler, PageBreak()])]


HANDLERS: dict[type, Callable[[Builder, Any], list[Flowable]]] = {
    b.Heading: heading,
    b.Paragraph: paragraph,
    b.BulletList: bullet_list,
    b.Callout: callout,
    b.WriteIn: write_in,
    b.Checklist: checklist,
    b.Grid: grid,
    b.Signatures: signatures,
    b.Figure: figure,
    b.TitlePage: title_page,
    b.Contents: contents,
    b.NotesPage: notes_page,
    b.ReadingCopy: reading_copy,
    b.KeptChoice: kept_choice,
    b.PageBreak: page_break,
    b.LanguageMark: language_mark,
}


WORKSHEET_BLOCKS = (b.WriteIn, b.Checklist, b.Grid, b.Signatures, b.Figure)  # the figure: with its heading
FLOWING_BLOCKS = (b.PageBreak, b.NotesPage, b.ReadingCopy, b.KeptChoice, b.Contents, b.TitlePage,
                  b.LanguageMark)  # never in a group
NOTES_ROWS = 12  # the least rules under typed notes (they get more if they need them)
READING_LINES = 5  # the least lines of a reading copy on a page (its end kept together)
MAX_INTRO = 3  # blocks (a heading and two paragraphs) kept with the first thing to write in


def build(blocks: Iterable[b.Block], builder: Builder) -> list[Flowable]:
    """Turn blocks into flowables; a part starts a new page (a right-hand one when double-sided), two
    page breaks in a row make one, and each worksheet (a heading to the next heading or page break, with
    something to write in) is kept together by the page-breaking rules of :mod:`pagination`."""
    out: list[Flowable] = []
    group: list[tuple[b.Block, list[Flowable]]] = []
    previous: b.Block | None = None

    def flush(part_end: bool = False) -> None:
        out.extend(_worksheet(builder, group, part_end))
        group.clear()

    def emit(flowables: list[Flowable]) -> None:
        for flowable in flowables:
            if isinstance(flowable, PageBreak) and (not out or isinstance(out[-1], PageBreak)):
                continue
            out.append(flowable)

    sheet: list[b.Block] | None = None  # the blocks of a designed sheet, while one is open
    for block in blocks:
        if isinstance(block, b.SheetMark) and block.at in ("start", "end"):
            flush(part_end=True)
            if block.at == "end" and sheet is not None:
                emit(_sheet(builder, sheet))
            sheet = [] if block.at == "start" else None
            previous = block
            continue
        if sheet is not None:
            sheet.append(block)
            continue
        starts_part = isinstance(block, b.Heading) and block.level == 1 or isinstance(block, b.Contents)
        if starts_part or isinstance(block, (*FLOWING_BLOCKS, b.Heading)):
            flush(part_end=starts_part or isinstance(block, b.PageBreak))
        if starts_part and out:
            emit(page_break(builder, b.PageBreak(recto=True), blank=isinstance(previous, b.TitlePage)))
        if isinstance(block, b.Heading):  # a part's title, too, starts the group that follows it
            group.append((block, heading(builder, block, page_top=isinstance(previous, b.PageBreak))))
        elif isinstance(block, FLOWING_BLOCKS):
            emit(HANDLERS[type(block)](builder, block))
        else:
            group.append((block, HANDLERS[type(block)](builder, block)))
        previous = block
    flush(part_end=True)
    return out


def _render(builder: Builder, block: b.Block, page_top: bool) -> list[Flowable]:
    if isinstance(block, b.Heading):
        return heading(builder, block, page_top=page_top)
    return HANDLERS[type(block)](builder, block)


def _sheet(builder: Builder, blocks: list[b.Block]) -> list[Flowable]:
    """A designed sheet (:mod:`sheets`); a notes page fills a right-hand page before a facing spread."""
    filler = notes_page(builder, b.NotesPage("notes.before-sheet", titled=True))
    return designed_sheet(builder, blocks, _render, filler)


def _worksheet(builder: Builder, group: list[tuple[b.Block, list[Flowable]]], part_end: bool) -> list[Flowable]:
    """A group's flowables; with something to write in, a heading and its introduction keep with the first
    prompt, and the whole group is one :class:`Worksheet`. The last group before a page break (the end of
    a part, too) keeps its tail together, so a page does not hold only a few lines or a tip box alone."""
    flowables = [f for _, fs in group for f in fs]
    first = next((n for n, (block, _) in enumerate(group) if isinstance(block, WORKSHEET_BLOCKS)), None)
    if first is None:
        return [Worksheet(flowables, whole=False)] if part_end and flowables else flowables
    if first <= MAX_INTRO:
        intro = [f for _, fs in group[:first] for f in fs]
        lead = group[first][1]
        target = next(n for n, f in enumerate(lead) if not isinstance(f, Gap) or n == len(lead) - 1)
        keep_with_next([*intro, *lead[:target + 1]])  # through any space before the first thing to write in
    return [Worksheet(flowables, continued=_continued_heading(builder, group[0][0]))]


def _continued_heading(builder: Builder, block: b.Block) -> Flowable | None:
    """A worksheet's heading marked "(continued)", for the pages it flows onto (a part title: none)."""
    if not isinstance(block, b.Heading) or block.level == 1:
        return None
    if b.plain_text(block.text).rstrip(" ).").endswith(builder.strings["continued"].strip("()")):
        return None  # a heading that says so already (a letter's next page)
    layout = builder.styles.layout
    text = (*block.text, b.Run(f" {builder.strings['continued']}"))
    return fit_paragraph(text, builder.styles["subsection"], layout.frame_width, layout.frame_height, max_lines=2)
