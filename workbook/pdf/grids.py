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
from reportlab.platypus import Flowable, Table, TableStyle
from reportlab.platypus.doctemplate import FrameBreak

from workbook import blocks as b
from workbook.pdf.breaking import Paragraph  # tagged as it draws (a cell's P), lines broken once per width
from workbook.pdf.drawing import Builder, RuledLines
from workbook.pdf.fonts import face
from workbook.pdf.forms import PADDING, capacity
from workbook.pdf.inline import escape_markup, markup
from workbook.pdf.pagination import Gap, KeptTable
from workbook.pdf.tagging import TableTags

TEXT_EMS = 6.0  # a column for a word or two, in body-text sizes
DETAIL_EMS = 10.0  # a column holding a program's details (the rows are named)
MIN_ROWS = 2  # rows of a split table on either page
REST_SHARE = 0.3  # of a page, the least a continued table fills overleaf (rows move over to make it so)
CARD_LABEL_SHARE = 0.36  # of a card's width, for the row (or column) names
# Characters of ordinary text a cell must take, by its column's (or row's) key: a real name, a phone number
# with an extension, a role in a few words. A cell too narrow for them on one line takes them on two
# (two typed lines to the gap, see ``RuledLines``), and a column is never narrower than that.
CAPACITY = {"name": 30, "who": 30, "interventionist": 30, "phone": 24, "role": 20}
CAPACITY_LINES = 2


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
    return max(kind, _widest_word(builder, [column.label]), _capacity_width(builder, column.key))


def _capacity_width(builder: Builder, key: str) -> float:
    """The narrowest column whose cells take the key's ``CAPACITY`` in CAPACITY_LINES typed lines."""
    needed = CAPACITY.get(key, 0)
    if not needed:
        return 0.0
    size = builder.field_kind.multiline_size
    width = 2 * PADDING + 1.0
    while capacity(width, size, CAPACITY_LINES) < needed:
        width += 1.0
    return width + 2 * builder.styles.layout.space.cell_padding


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
        cells += _level([_cell(builder, block, row, column, key, width, row.rows)
                         for column, key, width in zip(block.columns, keys, cell_widths, strict=True)])
        data.append(cells)
    table = _table(data, widths, row_heads=with_labels)
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


def _level(cells: list[RuledLines]) -> list[RuledLines]:
    """Writing lines level across a row: every cell gets as many as the one whose prefilled value needs the
    most (as the value is set: in a field, or on paper), and the same type (if one cell's field is multi-line,
    all are)."""
    rows = max(cell.wrap(cell.fixed_width or 0, 1e9)[1] / cell.gap for cell in cells)
    small = any(cell.multiline for cell in cells)
    for cell in cells:
        cell.min_rows = round(rows)
        cell.in_small_type = small
    return cells


def _cell(builder: Builder, block: b.Grid, row: b.GridRow, column: b.GridColumn, key: str, width: float,
          rows: int) -> RuledLines:
    row_label = b.plain_text(row.label) or builder.strings["tooltip_row"].format(row=row.key)
    tooltip = builder.describe(" - ".join(t for t in (row_label, b.plain_text(column.label)) if t))
    return RuledLines(builder, f"{block.field}.{key}", tooltip, rows, block.values.get(key, ""),
                      width=width, bottom_line=False, fill_top=True,
                      capacity=CAPACITY.get(column.key) or CAPACITY.get(row.key, 0))


def _table(data: list[list[Any]], widths: list[float], head: int = 1, row_heads: bool = True) -> WriteInTable:
    """The table. Every row keeps the writing lines it declares (a prefilled row too): a table taller than
    the room continues overleaf rather than lose lines. Tagged as a table: its head rows and (``row_heads``)
    first column are header cells."""
    return WriteInTable(data, colWidths=widths, repeatRows=head, splitByRow=1,
                        renderCB=TableTags("Table", head_rows=head, row_heads=row_heads))


def cards(builder: Builder, block: b.Grid) -> list[Flowable]:
    """The grid as cards: one per column when the rows are named (a program's details), else one per row
    (a person, a call); each card is a title and a two-column table of names and writing lines."""
    styles = builder.styles
    frame = styles.layout.frame_width
    pad = styles.layout.space.cell_padding
    head_style = styles["cell_head"]
    names = [row.label for row in block.rows] if _named_rows(block) else [column.label for column in block.columns]
    label_w = max(frame * CARD_LABEL_SHARE, _widest_word(builder, names))  # a row name never breaks in a word
    write_w = frame - label_w - 2 * pad
    out: list[Flowable] = []
    if _named_rows(block):
        groups = [(markup(column.label), [(row, column) for row in block.rows]) for column in block.columns]
    else:  # a single row with no name (the day-of sheet's program) needs no title over its card
        untitled = len(block.rows) == 1 and not block.rows[0].label
        groups = [("" if untitled else markup(row.label) or escape_markup(row.key),
                   [(row, column) for column in block.columns]) for row in block.rows]
    for title, pairs in groups:
        data: list[list[Any]] = [[Paragraph(title, head_style), ""]] if title else []
        for row, column in pairs:
            name = row.label if _named_rows(block) else column.label
            key = f"{row.key}.{column.key}"
            cell = _cell(builder, block, row, column, key, write_w, row.rows)
            data.append([Paragraph(markup(name), head_style), cell])
        head = 1 if title else 0
        card = _table(data, [label_w, frame - label_w], head)
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
