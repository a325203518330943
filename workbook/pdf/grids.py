"""Grid blocks -> tables to write in by hand, or cards where the columns would be too narrow for a pen.

A table splits only between rows; a continued table repeats its head row, marked "(continued)", at the
top of the next page. Columns get at least the width a handwritten entry needs (a phone number, a date,
a program's details); when they cannot all have it (a booklet page, large print), the grid reflows to
cards: one per column when the rows are named (one program per card), else one per row. Type never
shrinks to make a table fit. Every write-in cell keeps its field name in either form.
"""

from __future__ import annotations

from typing import Any

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle
from reportlab.platypus.doctemplate import FrameBreak

from workbook import blocks as b
from workbook.pdf.drawing import Builder, RuledLines
from workbook.pdf.fonts import face
from workbook.pdf.inline import escape_markup, markup
from workbook.pdf.pagination import KEEP_SHARE, Gap, KeptTable

TEXT_EMS = 6.0  # a column for a word or two, in body-text sizes
DETAIL_EMS = 10.0  # a column holding a program's details (the rows are named)
MIN_ROWS = 2  # rows of a split table on either page
REST_SHARE = 0.3  # of a page, the least a continued table fills overleaf (rows move over to make it so)
CARD_LABEL_SHARE = 0.36  # of a card's width, for the row (or column) names


class WriteInTable(KeptTable):
    """A table that splits only between rows (inside a row only when one row is taller than a page), and
    marks the repeated head row of its continuation."""

    continued = ""  # the head row's first cell on a continued page (markup)
    continued_column = 0  # ... that cell's column: the first written-in column, never a narrow row-label one
    head_style: Any = None

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        self.splitInRow = 0
        parts = super().split(avail_width, avail_height)
        frame = self._doctemplateAttr("frame")
        if frame is None:
            return list(parts)
        if not parts and frame._atTop:  # a row taller than the page: split in it
            self.splitInRow = 1
            parts = Table.split(self, avail_width, avail_height)
        if len(parts) == 2 and _data_rows(parts[0]) < MIN_ROWS and not frame._atTop:
            return []  # a row alone at the foot of a page: the table starts overleaf
        if len(parts) == 2:  # the continued part: at least MIN_ROWS rows and REST_SHARE of a page
            first, rest = parts[0]._rowHeights[1:], parts[1]._rowHeights
            short = frame._height * REST_SHARE - sum(rest)
            moved, k = 0.0, 0
            while (moved < short or len(rest) - 1 + k < MIN_ROWS) and len(first) - k > MIN_ROWS:
                k += 1
                moved += first[-k]
            if k:
                parts = Table.split(self, avail_width, avail_height - moved + 0.01) or parts
        return self._continue(parts) if len(parts) == 2 else list(parts)

    def split_for_tail(self, avail_width: float, rest: float) -> list[Flowable]:
        """This table cut so that its last rows (at least ``rest`` tall, at least MIN_ROWS) continue on
        the next page: [first, page break, rest]; nothing if the first part would keep too few rows."""
        self.wrap(avail_width, 0xFFFFFF)
        heights = self._rowHeights
        n = len(heights) - MIN_ROWS  # rows (head included) that stay
        while n > 1 + MIN_ROWS and sum(heights[n:]) < rest:
            n -= 1
        if n < 1 + MIN_ROWS or sum(heights[n:]) < rest:
            return []
        parts = Table.split(self, avail_width, sum(heights[:n]) + 0.01)
        return self._continue(parts) if len(parts) == 2 else []

    def _continue(self, parts: list[Table]) -> list[Flowable]:
        """Mark the continued part's head row; the rest starts on the next page."""
        rest = parts[1]
        if self.continued:
            head = list(rest._cellvalues[0])
            head[self.continued_column] = Paragraph(self.continued, self.head_style)
            rest._cellvalues[0] = head
            rest._argH = [None, *rest._argH[1:]]  # measured again: "(continued)" may take another line
        for part in parts:
            part.continued, part.head_style = self.continued, self.head_style
            part.continued_column = self.continued_column
            part.keep_whole = False
        return [parts[0], FrameBreak(), rest]


def _data_rows(table: Table) -> int:
    return len(table._cellvalues) - int(table.repeatRows)


def _minimum(builder: Builder, column: b.GridColumn, named_rows: bool) -> float:
    """Room for a handwritten entry of the column's kind, and for the longest word of its head."""
    space, size = builder.styles.layout.space, builder.styles.layout.type.body_size
    if "phone" in column.key:
        kind = space.phone_column
    elif "date" in column.key:
        kind = space.date_column
    else:
        kind = size * (DETAIL_EMS if named_rows else TEXT_EMS)
    return max(kind, _widest_word(builder, [column.label]))


def column_widths(builder: Builder, block: b.Grid, with_labels: bool) -> list[float] | None:
    """Widths from the columns' weights, each at least its minimum; None if the page is too narrow."""
    frame = builder.styles.layout.frame_width
    named = _named_rows(block)
    weights = ([block.label_width] if with_labels else []) + [c.width for c in block.columns]
    label_min = [_widest_word(builder, [row.label for row in block.rows])] if with_labels else []
    minimums = label_min + [_minimum(builder, c, named) for c in block.columns]
    if sum(minimums) > frame:
        return None
    widths = [w * frame / sum(weights) for w in weights]
    fixed: set[int] = set()
    while True:  # raise columns below their minimum; the others share what is left by weight
        short = [i for i, w in enumerate(widths) if w < minimums[i] - 1e-6 and i not in fixed]
        if not short:
            return widths
        fixed.update(short)
        left = frame - sum(minimums[i] for i in fixed)
        free = sum(weights[i] for i in range(len(widths)) if i not in fixed)
        widths = [minimums[i] if i in fixed else weights[i] * left / free for i in range(len(widths))]


def _named_rows(block: b.Grid) -> bool:
    """Rows with names made of words (a comparison's questions), not numbers or nothing."""
    return any(any(ch.isalpha() for ch in b.plain_text(row.label)) for row in block.rows)


def _widest_word(builder: Builder, labels: list[b.Inline]) -> float:
    """A column as wide as the longest word of its labels in the head style, with padding: a head or a
    row name never breaks inside a word."""
    style = builder.styles["cell_head"]
    words = [w for label in labels for w in b.plain_text(label).split()] or ["0"]
    widest = max(stringWidth(w, style.fontName, style.fontSize) for w in words)
    return float(widest) + 2 * builder.styles.layout.space.cell_padding + 2


def grid(builder: Builder, block: b.Grid) -> list[Flowable]:
    with_labels = any(row.label for row in block.rows)
    widths = column_widths(builder, block, with_labels)
    if widths is None:
        return cards(builder, block)
    styles = builder.styles
    pad = styles.layout.space.cell_padding
    head_style = styles["cell_head"]
    header = ([Paragraph("", head_style)] if with_labels else []) + [
        Paragraph(markup(c.label), head_style) for c in block.columns
    ]
    data: list[list[Any]] = [header]
    offset = 1 if with_labels else 0
    for row in block.rows:
        cells: list[Any] = [Paragraph(markup(row.label), head_style)] if with_labels else []
        keys = [f"{row.key}.{column.key}" for column in block.columns]
        cell_widths = [widths[i + offset] - 2 * pad for i in range(len(block.columns))]
        rows = _level_rows(builder, block, keys, cell_widths, row.rows)
        for column, key, width in zip(block.columns, keys, cell_widths, strict=True):
            cells.append(_cell(builder, block, row, column, key, width, rows))
        data.append(cells)
    table = _fit_page(builder, data, widths, styles.layout.frame_height - 3 * styles["section"].leading)
    table.continued = _continued(builder, block)
    table.continued_column = 1 if with_labels else 0
    table.head_style = head_style
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
        *([("TOPPADDING", (0, 1), (0, -1), pad)] if with_labels else []),  # row labels only: lines stay level
    ]))
    return [table, Gap(1, styles.layout.space.paragraph_after * 2)]


def _continued(builder: Builder, block: b.Grid) -> str:
    """The head of the first written-in column on a continued page: its name, then "(continued)" (never in a
    narrow row-label column, where the word would break at its letters)."""
    word = escape_markup(builder.strings["continued"])
    return f"{markup(block.columns[0].label)} {word}"


def _level_rows(builder: Builder, block: b.Grid, keys: list[str], widths: list[float], rows: int) -> int:
    """Writing lines for every cell of a row: the most any prefilled value needs (as its cell sets it: in a
    field, as many lines per rule as the field's type fits), so lines stay level."""
    needed = []
    for key, width in zip(keys, widths, strict=True):
        if block.values.get(key):
            cell = RuledLines(builder, "", "", rows, block.values[key], width=width)
            needed.append(cell.wrap(width, 0xFFFFFF)[1] / cell.gap)
    return max([rows, *(round(n) for n in needed)])


def _cell(builder: Builder, block: b.Grid, row: b.GridRow, column: b.GridColumn, key: str, width: float,
          rows: int) -> RuledLines:
    row_label = b.plain_text(row.label) or f"row {row.key}"
    tooltip = builder.describe(" - ".join(t for t in (row_label, b.plain_text(column.label)) if t))
    return RuledLines(builder, f"{block.field}.{key}", tooltip, rows, block.values.get(key, ""),
                      width=width, bottom_line=False)


def _fit_page(builder: Builder, data: list[list[Any]], widths: list[float], room: float | None = None,
              head: int = 1) -> WriteInTable:
    """A table a little taller than a page takes writing lines away a row at a time (never a typed value's
    line, never below three fifths of an empty row) until it fits; a card is then read on one page. One
    much taller keeps every line and continues overleaf."""
    layout = builder.styles.layout
    room = room or layout.frame_height
    rows = [[c for c in row if isinstance(c, RuledLines)] for row in data[head:]]
    while True:
        table = WriteInTable(data, colWidths=widths, repeatRows=head, splitByRow=1)
        height = table.wrap(layout.frame_width, room)[1]
        if height <= room - 2 or height > room * 1.25:
            return table
        spare = [cells for cells in rows if cells and all(_can_lose_a_line(c) for c in cells)]
        if not spare:
            return table
        for cell in max(spare, key=lambda cells: cells[0].rows):
            cell.fewer += 1


def _can_lose_a_line(cell: RuledLines) -> bool:
    rows = cell.min_rows - cell.fewer
    return rows > max(1, len(cell.lines), round(cell.min_rows * KEEP_SHARE) if not cell.value else 0)


def cards(builder: Builder, block: b.Grid) -> list[Flowable]:
    """The grid as cards: one per column when the rows are named (a program's details), else one per row
    (a person, a call); each card is a title and a two-column table of names and writing lines."""
    styles = builder.styles
    frame = styles.layout.frame_width
    pad = styles.layout.space.cell_padding
    head_style = styles["cell_head"]
    label_w = frame * CARD_LABEL_SHARE
    write_w = frame - label_w - 2 * pad
    out: list[Flowable] = []
    if _named_rows(block):
        groups = [(markup(column.label), [(row, column) for row in block.rows]) for column in block.columns]
    else:  # a single row with no name (the day-of sheet's program) needs no title over its card
        untitled = len(block.rows) == 1 and not block.rows[0].label
        groups = [("" if untitled else markup(row.label) or escape_markup(row.key),
                   [(row, column) for column in block.columns]) for row in block.rows]
    heading_room = styles.layout.frame_height - 3 * styles["section"].leading  # the first card may sit under one
    for number, (title, pairs) in enumerate(groups):
        data: list[list[Any]] = [[Paragraph(title, head_style), ""]] if title else []
        for row, column in pairs:
            name = row.label if _named_rows(block) else column.label
            key = f"{row.key}.{column.key}"
            rows = _level_rows(builder, block, [key], [write_w], row.rows)
            data.append([Paragraph(markup(name), head_style), _cell(builder, block, row, column, key, write_w, rows)])
        head = 1 if title else 0
        card = _fit_page(builder, data, [label_w, frame - label_w], heading_room if number == 0 else None, head)
        card.continued = f"{title} {escape_markup(builder.strings['continued'])}" if title else ""
        card.head_style = head_style
        title_row = [("SPAN", (0, 0), (-1, 0)), ("BACKGROUND", (0, 0), (-1, 0), styles.callout_background),
                     ("BOTTOMPADDING", (0, 0), (-1, 0), pad)] if title else []
        card.setStyle(TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), face()),
            ("BOX", (0, 0), (-1, -1), 0.8, styles.rule),
            ("LINEBELOW", (0, 0), (-1, -2), 0.6, styles.rule),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), pad),
            ("RIGHTPADDING", (0, 0), (-1, -1), pad),
            ("TOPPADDING", (0, 0), (-1, -1), pad),
            ("BOTTOMPADDING", (0, head), (-1, -1), 0),
            ("TOPPADDING", (1, head), (1, -1), 0),
            *title_row,
        ]))
        card.keep_whole = True
        out += [card, Gap(1, styles.layout.space.paragraph_after * 2)]
    return out
