"""Blocks -> ReportLab flowables: one handler per block type, and the page-break rules between parts."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from reportlab.platypus import (
    DocIf,
    Flowable,
    KeepInFrame,
    ListFlowable,
    ListItem,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from workbook import blocks as b
from workbook.pdf.drawing import (
    Builder,
    CheckItemFlowable,
    FillLines,
    FiveSteps,
    HeadingFlowable,
    RuledLines,
    SignatureBlock,
    TocRow,
)
from workbook.pdf.fonts import face
from workbook.pdf.inline import escape_markup, markup

# --- block handlers -----------------------------------------------------------------------------------


def heading(builder: Builder, block: b.Heading) -> list[Flowable]:
    style = {1: "part", 2: "section"}.get(block.level, "subsection")
    if block.level <= 2:
        builder.section = b.plain_text(block.text).removeprefix("Worksheet: ")
    return [HeadingFlowable(block, builder.styles[style], builder.recorder)]


def paragraph(builder: Builder, block: b.Paragraph) -> list[Flowable]:
    return [Paragraph(markup(block.runs), builder.styles[block.style])]


def bullet_list(builder: Builder, block: b.BulletList) -> list[Flowable]:
    styles = builder.styles
    style = styles["list"]
    items = [ListItem(Paragraph(markup(item), style)) for item in block.items]
    options: dict[str, Any] = {
        "bulletFontName": face(bold=block.ordered),
        "bulletFontSize": style.fontSize,
        "bulletColor": styles.accent,
        "leftIndent": style.fontSize * 1.6,
        "spaceAfter": styles.layout.space.paragraph_after,
    }
    if block.ordered:
        return [ListFlowable(items, bulletType="1", bulletFormat="%s.", **options)]
    return [ListFlowable(items, bulletType="bullet", start="\u2022", **options)]


def callout(builder: Builder, block: b.Callout) -> list[Flowable]:
    styles = builder.styles
    inner: list[Flowable] = []
    if block.title:
        inner.append(Paragraph(markup(block.title), styles["callout_title"]))
    for part in block.body:
        inner.extend(build([part], builder))
    pad = styles.layout.space.cell_padding * 2
    table = Table([[inner]], colWidths=[styles.layout.frame_width], splitInRow=1)  # may run over pages
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
    return [Spacer(1, 4), table, Spacer(1, styles.layout.space.paragraph_after * 1.5)]


def write_in(builder: Builder, block: b.WriteIn) -> list[Flowable]:
    styles = builder.styles
    parts: list[Flowable] = []
    if block.prompt:  # the prompt style keeps with next: a prompt never leaves its lines
        parts.append(Paragraph(markup(block.prompt), styles["prompt"]))
    parts.append(RuledLines(builder, block.field, builder.describe(b.plain_text(block.prompt)), block.rows,
                            block.value))
    parts.append(Spacer(1, styles.layout.space.paragraph_after * 1.5))
    return parts


def checklist(builder: Builder, block: b.Checklist) -> list[Flowable]:
    items = [CheckItemFlowable(builder, f"{block.field}.{item.key}", item) for item in block.items]
    for item in items[:-1]:  # the doc template keeps a chain of keepWithNext flowables on one page
        item.keepWithNext = 1
    return [*items, Spacer(1, builder.styles.layout.space.paragraph_after)]


def grid(builder: Builder, block: b.Grid) -> list[Flowable]:
    styles = builder.styles
    pad = styles.layout.space.cell_padding
    with_labels = any(row.label for row in block.rows)
    weights = ([block.label_width] if with_labels else []) + [c.width for c in block.columns]
    unit = styles.layout.frame_width / sum(weights)
    widths = [w * unit for w in weights]
    pad = min(pad, min(widths) / 6)  # big type on a small page: narrow columns keep room inside the padding
    head_style = styles["cell_head"]
    header = ([Paragraph("", head_style)] if with_labels else []) + [
        Paragraph(markup(c.label), head_style) for c in block.columns
    ]
    data: list[list[Any]] = [header]
    offset = 1 if with_labels else 0
    for row in block.rows:
        cells: list[Any] = [Paragraph(markup(row.label), head_style)] if with_labels else []
        for i, column in enumerate(block.columns):
            key = f"{row.key}.{column.key}"
            row_label = b.plain_text(row.label) or f"row {row.key}"
            tooltip = builder.describe(" - ".join(t for t in (row_label, b.plain_text(column.label)) if t))
            cells.append(RuledLines(builder, f"{block.field}.{key}", tooltip, row.rows,
                                    block.values.get(key, ""), width=widths[i + offset] - 2 * pad,
                                    bottom_line=False))
        data.append(cells)
    table = Table(data, colWidths=widths, repeatRows=1, splitByRow=1, splitInRow=1)
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), face()),
        ("GRID", (0, 0), (-1, -1), 0.6, styles.rule),
        ("BACKGROUND", (0, 0), (-1, 0), styles.callout_background),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), pad),
        ("RIGHTPADDING", (0, 0), (-1, -1), pad),
        ("TOPPADDING", (0, 0), (-1, 0), pad),
        ("BOTTOMPADDING", (0, 0), (-1, 0), pad),
        ("TOPPADDING", (0, 1), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 1), (-1, -1), 0),
        ("TOPPADDING", (0, 1), (0, -1), pad),
    ]))
    return [table, Spacer(1, styles.layout.space.paragraph_after * 2)]


def signatures(builder: Builder, block: b.Signatures) -> list[Flowable]:
    out: list[Flowable] = []
    for signer in block.signers:
        out.append(SignatureBlock(builder, f"{block.field}.{signer.key}", signer))
    return out


def figure(builder: Builder, block: b.Figure) -> list[Flowable]:
    if block.name != "five-steps":
        raise ValueError(f"content: unknown figure {block.name!r}")
    return [Spacer(1, 6), FiveSteps(builder, block.steps)]


def title_page(builder: Builder, block: b.TitlePage) -> list[Flowable]:
    styles = builder.styles
    layout = styles.layout
    out: list[Flowable] = [
        Spacer(1, layout.frame_height * 0.15),
        Paragraph(markup(block.title), styles["title"]),
        Paragraph(markup(block.subtitle), styles["subtitle"]),
        Spacer(1, layout.frame_height * 0.1),
        Paragraph(markup(block.for_label), styles["section"]),
    ]
    if block.for_name:
        out.append(Paragraph(escape_markup(block.for_name), styles["title"]))
        if block.owner:
            out.append(Paragraph(escape_markup(block.owner), styles["subtitle"]))
    else:
        out.append(RuledLines(builder, "title.name", b.plain_text(block.for_label), 1))
    out += [Spacer(1, layout.frame_height * 0.15), Paragraph(markup(block.note), styles["small"])]
    # one page, whatever the paper: on a small booklet page the whole title page shrinks to fit
    return [KeepInFrame(layout.frame_width, layout.frame_height - 1, out, mode="shrink")]


def contents(builder: Builder, block: b.Contents) -> list[Flowable]:
    styles = builder.styles
    key = "contents"
    out: list[Flowable] = [HeadingFlowable(b.Heading(1, block.title, key), styles["part"], builder.recorder)]
    for entry in builder.contents:
        out.append(TocRow(entry, styles["toc1" if entry.level == 1 else "toc2"], builder.recorder))
    return out


def notes_page(builder: Builder, block: b.NotesPage) -> list[Flowable]:
    title = builder.strings["notes_title"]
    lines = FillLines(builder, block.field, f"{title} {block.field.removeprefix('notes.')}")
    if block.titled:
        return [Paragraph(escape_markup(title), builder.styles["section"]), lines]
    return [lines]


def reading_copy(builder: Builder, block: b.ReadingCopy) -> list[Flowable]:
    style = builder.styles["reading"]
    return [Paragraph(escape_markup(text), style) for text in block.paragraphs]


def page_break(builder: Builder, block: b.PageBreak) -> list[Flowable]:
    """A new page; in the double-sided edition a recto break fills a left-hand page with notes."""
    if not (block.recto and builder.duplex):
        return [PageBreak()]
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
    b.PageBreak: page_break,
}


def build(blocks: Iterable[b.Block], builder: Builder) -> list[Flowable]:
    """Turn blocks into flowables; a part starts a new page (a right-hand one when double-sided), and
    two page breaks in a row make one."""
    out: list[Flowable] = []
    for block in blocks:
        if (isinstance(block, b.Heading) and block.level == 1 or isinstance(block, b.Contents)) and out:
            block_flowables = [*page_break(builder, b.PageBreak(recto=True)), *HANDLERS[type(block)](builder, block)]
        else:
            block_flowables = HANDLERS[type(block)](builder, block)
        for flowable in block_flowables:
            if isinstance(flowable, PageBreak) and (not out or isinstance(out[-1], PageBreak)):
                continue
            out.append(flowable)
    return out
