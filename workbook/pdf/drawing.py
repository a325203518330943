"""The drawing parts of a page: shared layout state, and the custom flowables that handlers place.

Write-in areas are ruled lines for a pen with a form field over them; checklist items are a drawn box with a
checkbox field over it (fields are recorded here and written by ``pdf.forms``; a prefilled value or tick is
printed on the page only in the edition without fields, else the field shows it); page numbers that are only
known at the end (contents entries) are form XObjects that the document defines just before it saves.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from reportlab.lib.colors import Color
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable

from workbook import blocks as b
from workbook.pdf.breaking import FIT_LINES, MIN_FIT_SIZE, fit_in_lines, fit_lines, smaller, wrap_text
from workbook.pdf.breaking import PlainParagraph as Paragraph  # lines broken once per width
from workbook.pdf.fonts import face
from workbook.pdf.forms import (
    PADDING,
    TICK,
    CheckBox,
    Field,
    FieldType,
    TextField,
    capacity,
    field_type,
    lines_in,
    rows_for,
)
from workbook.pdf.inline import markup
from workbook.pdf.styles import Styles, make_styles
from workbook.pdf.tagging import artifact, content, form_field, group, keep_line_ends, link_annotation
from workbook.templating import load_strings


def _page_box(canv: Any, x: float, y: float, w: float, h: float) -> tuple[float, float, float, float]:
    """The area (x, y, w, h) of the current drawing position in page coordinates (left, bottom, right, top)."""
    left, bottom = canv.absolutePosition(x, y)
    right, top = canv.absolutePosition(x + w, y + h)
    return left, bottom, right, top


@dataclass
class PageRecorder:
    """What the layout learns while drawing: where each heading landed, and the current part."""

    pages: dict[str, int] = field(default_factory=dict)
    part: str = ""
    names: dict[str, str] = field(default_factory=dict)

    def mark(self, key: str, page: int) -> None:
        self.pages[key] = page

    def pdf_name(self, key: str) -> str:
        """The name of a heading's destination in the PDF: a number in order of use, never the heading's words
        (a heading may hold a person's name, and PDF names sit unencrypted, often uncompressed, in the file)."""
        return self.names.setdefault(key, f"h{len(self.names) + 1}")


@dataclass
class Builder:
    """Everything the handlers share: styles, words, whether to add form fields, the recorder."""

    styles: Styles
    strings: dict[str, str]
    fields: bool
    recorder: PageRecorder
    contents: list[b.Heading] = field(default_factory=list)
    duplex: bool = False
    fillers: int = 0  # notes pages made so far to fill a left-hand page (duplex)
    form: list[Field] = field(default_factory=list)  # the form fields, in reading order (pdf.forms writes them)
    field_names: set[str] = field(default_factory=set)  # every field name must be unique
    section: str = ""  # the worksheet (or part) being built: tooltips start with it
    language: str = "en"  # of the blocks being built (a person's pages may be in another: LanguageMark)

    def speak(self, language: str) -> None:
        """From here on, the words (tooltips, "(continued)") and hyphenation of ``language``."""
        if language != self.language:
            self.language, self.strings = language, load_strings(language)
            self.styles = make_styles(self.styles.layout, language)

    def describe(self, what: str) -> str:
        """A field's tooltip: the worksheet and what goes in the field (screen readers read it out)."""
        return f"{self.section}: {what}" if self.section and what else what or self.section

    @cached_property
    def field_kind(self) -> FieldType:
        """How text is set in this layout's fields (sizes chosen to fit the rule gap)."""
        layout = self.styles.layout
        return field_type(layout.type.field_size, layout.space.line_gap, self.styles.text.rgb())

    def textfield(self, canv: Any, name: str, tooltip: str, x: float, y: float, w: float, h: float,
                  value: str = "", lines: Sequence[str] = (), multiline: bool = True, hidden: bool = False,
                  fill_top: bool = False) -> None:
        """Record a text field over the area (x, y, w, h); ``lines``: the value as the field sets it."""
        if not self.fields:
            return
        self._claim(name)
        form_field(canv, name, tooltip or name)
        self.form.append(TextField(name, tooltip or name, canv.getPageNumber(), _page_box(canv, x, y, w, h),
                                   value, tuple(lines), multiline, hidden, fill_top))

    def checkbox(self, canv: Any, name: str, tooltip: str, x: float, y: float, size: float,
                 checked: bool) -> None:
        if not self.fields:
            return
        self._claim(name)
        form_field(canv, name, tooltip or name)
        self.form.append(CheckBox(name, tooltip or name, canv.getPageNumber(), _page_box(canv, x, y, size, size),
                                  checked))

    def _claim(self, name: str) -> None:
        if name in self.field_names:
            raise ValueError(f"form field name used twice: {name}")
        self.field_names.add(name)


# --- custom flowables ---------------------------------------------------------------------------------


TICK_TEXT = "\u2713"  # what a printed tick reads as (a check mark, in any language)
EDIT_ROOM = 3.0  # ems a prefilled line field keeps free: a few words typed into it still fit (Chrome stops at the box)
LONE_WORD_WIDTH = 0.5  # of a line: the narrowest a heading is set to keep a word from a last line alone


def _line_words(para: Any, index: int) -> list[str]:
    """The words of one laid-out line of a paragraph."""
    line = para.lines[index]
    if para.kind == 0:
        return [part for word in line[1] for part in str(word).split()]  # a no-break space parts words too
    return "".join(getattr(frag, "text", "") for frag in line.words).split()


def _join_last_words(text: b.Inline) -> b.Inline | None:
    """The text with a no-break space between its last two words (None: a single word)."""
    runs = list(text)
    for n in range(len(runs) - 1, -1, -1):
        stripped = runs[n].text.rstrip()
        at = stripped.rfind(" ")
        if at >= 0:
            runs[n] = b.Run(stripped[:at] + "\u00a0" + runs[n].text[at + 1:], runs[n].bold, runs[n].italic)
            return tuple(runs)
    return None


class LanguageSwitch(Flowable):  # type: ignore[misc]
    """Takes no room: where it is drawn, the builder takes the words of ``language`` (a person's pages in
    their own language), for what reads them only when drawn (tooltips, "(continued)")."""

    def __init__(self, builder: Builder, language: str) -> None:
        super().__init__()
        self.builder = builder
        self.language = language

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.builder.speak(self.language)


class HeadingFlowable(Paragraph):
    """A heading that records its page, sets a named destination and adds an outline entry."""

    def __init__(self, heading: b.Heading, style: Any, recorder: PageRecorder, language: str = "") -> None:
        super().__init__(markup(heading.text), style)
        self.heading = heading
        self.recorder = recorder
        # the language of its section (a person's pages may be in another: LanguageMark); tagged as its /Lang
        self.language = getattr(heading, "lang", "") or language
        self.full_style = style

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        width, height = super().wrap(avail_width, avail_height)
        if len(self.blPara.lines) <= FIT_LINES:
            return self._no_lone_last_word(avail_width, avail_height, width, height)
        # a heading holding a long unbreakable name: smaller type, so that it is never taller than a page
        fitted = fit_paragraph(self.heading.text, self.full_style, avail_width, avail_height).style
        Paragraph.__init__(self, markup(self.heading.text), fitted)
        return tuple(super().wrap(avail_width, avail_height))

    def _no_lone_last_word(self, avail_width: float, avail_height: float, width: float,
                           height: float) -> tuple[float, float]:
        """A heading of several lines whose last line is one word is set narrower (down to LONE_WORD_WIDTH
        of the line) until a second word joins it, in as many lines."""
        lines = len(self.blPara.lines)
        if lines < 2 or len(_line_words(self.blPara, -1)) > 1:
            return width, height
        joined = _join_last_words(self.heading.text)  # the last two words as one, if they fit a line so
        if joined is not None:
            Paragraph.__init__(self, markup(joined), self.style)
            tied = super().wrap(avail_width, avail_height)
            if len(self.blPara.lines) == lines and len(_line_words(self.blPara, -1)) > 1:
                return (float(tied[0]), float(tied[1]))
            Paragraph.__init__(self, markup(self.heading.text), self.style)
        for share in (0.95, 0.9, 0.85, 0.8, 0.75, 0.7, 0.65, 0.6, 0.55, LONE_WORD_WIDTH):
            narrow = super().wrap(avail_width * share, avail_height)
            if len(self.blPara.lines) == lines and len(_line_words(self.blPara, -1)) > 1:
                return (float(narrow[0]), float(narrow[1]))
        return tuple(super().wrap(avail_width, avail_height))

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        return []  # a heading is never split: it starts the next page whole

    def draw(self) -> None:
        canv = self.canv
        title = b.plain_text(self.heading.text)
        name = self.recorder.pdf_name(self.heading.key)
        canv.bookmarkHorizontal(name, 0, self.height + self.style.fontSize)
        if self.heading.level <= 2:
            canv.addOutlineEntry(title, name, level=self.heading.level - 1)
        page = canv.getPageNumber()
        self.recorder.mark(self.heading.key, page)
        if self.heading.level == 1:
            self.recorder.part = title
        with content(canv, f"H{self.heading.level}", lang=self.language):
            keep_line_ends(self)
            super().draw()


def field_value_lines(value: str, kind: FieldType, width: float, one_line: bool) -> tuple[list[str], bool]:
    """A prefilled value as its field sets it, and whether in the multi-line type: a ``one_line`` answer in one
    line of the field's type if it fits; else on the rules in the multi-line type, where it may take one line
    after all (its field is then a multi-line field all the same, so that it is set in that smaller type)."""
    if one_line:
        one = wrap_text(value, face(), kind.size, width)
        if len(one) == 1:
            return one, False
    return wrap_text(value, face(), kind.multiline_size, width), True


class RuledLines(Flowable):  # type: ignore[misc]
    """``rows`` writing lines ``gap`` apart with a form field covering them; an optional typed value.

    In a table cell (``fill_top``) the top gap takes as many typed lines as the others, and a cell whose one
    line is too short for the ``capacity`` its column needs (a name, a phone number) gets a multi-line field,
    two typed lines to the gap."""

    def __init__(self, builder: Builder, name: str, tooltip: str, rows: int, value: str = "",
                 width: float | None = None, bottom_line: bool = True, lines: list[str] | None = None,
                 part: int = 1, capacity: int = 0, fill_top: bool = False) -> None:
        super().__init__()
        self.builder = builder
        self.base_name = name
        self.name = name if part == 1 else f"{name}-{part}"
        self.tooltip = tooltip
        self.min_rows = rows
        self.rows = rows
        self.value = value
        self.fixed_width = width
        self.bottom_line = bottom_line
        self.given_lines = lines
        self.lines: list[str] = []
        self.value_rows = 0  # rules the value needs (see _value_lines)
        self.value_size = builder.styles.layout.type.body_size
        self.part = part
        self.fewer = 0  # rows taken away so that a worksheet fits its page (see pagination.Worksheet)
        self.gap = builder.styles.layout.space.line_gap
        self.capacity = capacity
        self.fill_top = fill_top
        self.short_line = False  # one line too short for the capacity: a multi-line field
        self.in_small_type = False  # a multi-line field all the same (its row's other cells have one)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = self.fixed_width or avail_width
        kind = self.builder.field_kind
        self.short_line = bool(self.builder.fields and self.min_rows == 1 and not self.line_fields and (
            self.in_small_type or self.capacity and capacity(self.width, kind.size, 1) < self.capacity))
        # lines given by a split are set in the multi-line type (only an area of several lines splits)
        self.small_type = self.given_lines is not None or self.short_line
        self.lines = self.given_lines if self.given_lines is not None else self._value_lines()
        # a long prefilled value gets more lines, never clipped (as many in either edition: see _value_lines)
        needed = len(self.lines) if self.given_lines is not None else self.value_rows
        self.rows = max(self.min_rows - self.fewer, rows_for(needed, self.per_rule, self.fill_top))
        self.height = self.rows * self.gap
        return self.width, self.height

    @property
    def line_fields(self) -> bool:
        """A value from the plan in the fillable edition, set like a printed answer: at the one-line field
        size (body size), one line on each rule, each rule its own one-line field (``name``, ``name-2``...,
        which ``workbook read`` joins again). Viewers set a multi-line field's lines 1.35 sizes apart, so only
        fields of one line each put body-size text one to a rule, clear of the rules. Table cells too."""
        return bool(self.builder.fields and self.value)

    @property
    def multiline(self) -> bool:
        """A field for more than one line (a one-line answer gets a one-line field)."""
        if self.line_fields:
            return False
        return self.min_rows > 1 or len(self.lines) > 1 or self.small_type

    @property
    def per_rule(self) -> int:
        """Lines of the value per rule gap: one on paper; in a multi-line field, as many as its type fits."""
        return self.builder.field_kind.lines_per_rule if self.builder.fields and self.multiline else 1

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        """Continue a long prefilled value on the next page; the rest gets its own field (``name-2``)."""
        self.wrap(avail_width, avail_height)
        fit = int(avail_height // self.gap)
        if fit < 1 or fit >= self.rows:
            return []
        cut = lines_in(fit, self.per_rule, self.fill_top)
        head, tail = split_value(self.value, self.lines, cut)  # each part's field holds its exact piece
        first = RuledLines(self.builder, self.base_name, self.tooltip, fit, head, self.fixed_width,
                           self.bottom_line, self.lines[:cut], self.part, self.capacity, self.fill_top)
        next_part = self.part + (fit if self.line_fields else 1)  # line fields: one part a rule
        rest = RuledLines(self.builder, self.base_name, self.tooltip, self.rows - fit, tail,
                          self.fixed_width, self.bottom_line, self.lines[cut:], next_part, self.capacity,
                          self.fill_top)
        return [first, rest]

    def _value_lines(self) -> list[str]:
        """The value's lines as this edition sets them: on paper at body size (in a table cell never smaller,
        so that a table keeps one type size: a long word breaks at a hyphenation point instead); in line
        fields at the field size, each line but a table cell's leaving room for a short edit (the field takes
        no more). ``value_rows`` is the larger count of the two, so that the area has the same rows in both
        editions and the fillable and print-only editions have the same pages."""
        body = self.builder.styles.layout.type.body_size
        self.value_size = body
        self.value_rows = 0
        if not self.value:
            return []
        width = self.width - 2 * PADDING
        if self.fill_top:
            printed, size = wrap_text(self.value, face(), body, width), body
        else:
            printed, size = fit_lines(self.value, face(), body, width)
        typing = self.builder.field_kind.size
        room = 0.0 if self.fill_top else EDIT_ROOM * typing  # a table cell's lines are short already
        typed = wrap_text(self.value, face(), typing, width - room)
        self.value_rows = max(len(printed), len(typed))
        if self.line_fields:
            return typed
        self.value_size = size
        return printed

    def draw(self) -> None:
        canv = self.canv
        styles = self.builder.styles
        canv.saveState()
        canv.setStrokeColor(styles.rule)
        canv.setLineWidth(0.6)
        first = 0 if self.bottom_line else 1
        with artifact(canv):
            for k in range(first, self.rows):
                canv.line(0, k * self.gap, self.width, k * self.gap)
        if self.lines and not self.builder.fields:  # with fields, the field shows the value (drawn once)
            canv.setFont(face(), self.value_size)
            canv.setFillColor(styles.text)
            with content(canv, "P"):
                for k, line in enumerate(self.lines):
                    canv.drawString(2, (self.rows - 1 - k) * self.gap + self.gap * 0.22, f"{line} ")
        canv.restoreState()
        if self.line_fields:
            self._draw_line_fields(canv)
            return
        tooltip = (self.tooltip if self.part == 1
                   else self.builder.strings["tooltip_part"].format(tooltip=self.tooltip, part=self.part))
        # a value split over pages: each part's field holds the piece it shows (``name-2`` continues ``name``)
        self.builder.textfield(canv, self.name, tooltip, 0, 0, self.width, self.height,
                               value=self.value, lines=self.lines, multiline=self.multiline,
                               fill_top=self.fill_top)


    def _draw_line_fields(self, canv: Any) -> None:
        """One one-line field on each rule, top down, each holding its exact piece of the value (the pieces
        join back into the value); rules past the value's lines get empty fields to type on."""
        pieces = value_pieces(self.value, self.lines)
        for k in range(self.rows):
            piece = pieces[k] if k < len(pieces) else ""
            part = self.part + k
            name = self.base_name if part == 1 else f"{self.base_name}-{part}"
            tooltip = self.tooltip if part == 1 else self.builder.strings["tooltip_line"].format(
                tooltip=self.tooltip, line=part)
            shown = [self.lines[k]] if piece else []  # a hyphen added at a hyphenation point shows as one
            self.builder.textfield(canv, name, tooltip, 0, (self.rows - 1 - k) * self.gap, self.width, self.gap,
                                   value=piece, lines=shown, multiline=False)


SOFT_HYPHEN = "\u00ad"


def _added_hyphen(flat: str, line: str, at: int) -> bool:
    """Whether ``line`` (of the value ``flat``, from ``at`` on) ends with a hyphen the line breaking added."""
    if not line.endswith("-"):
        return False
    found = flat.find(line[:-1], at)
    return found >= 0 and flat[found + len(line) - 1:found + len(line)] != "-"


def value_pieces(value: str, lines: Sequence[str]) -> list[str]:
    """Each line's exact piece of ``value`` (the break's space or line break stays with the line before). A
    piece that ends inside a word or web address (at a hyphenation point, after a hyphen or a ``/``) ends with
    a soft hyphen, so that ``workbook read`` joins it to the next with nothing between, and drops it."""
    flat = value.replace("\u00a0", " ")  # the lines have plain spaces where the value has no-break ones
    pieces, at = [], 0
    for k, line in enumerate(lines):
        text = line[:-1] if _added_hyphen(flat, line, at) else line
        found = flat.find(text, at) if text else -1
        end = len(value) if k == len(lines) - 1 else found + len(text) if found >= 0 else at
        inside = 0 < end < len(value) and not value[end - 1].isspace() and not value[end].isspace()
        while end < len(value) and value[end].isspace():
            end += 1
        pieces.append(value[at:end] + (SOFT_HYPHEN if inside else ""))
        at = end
    return pieces


def split_value(value: str, lines: Sequence[str], cut: int) -> tuple[str, str]:
    """``value`` wrapped into ``lines`` cut before line ``cut``: the two parts join back into the value (the
    first ends with a soft hyphen where the cut falls inside a word, see ``value_pieces``)."""
    pieces = value_pieces(value, lines[:cut + 1])[:cut]
    head = "".join(piece.removesuffix(SOFT_HYPHEN) for piece in pieces)
    inside = bool(pieces) and pieces[-1].endswith(SOFT_HYPHEN)
    return head + (SOFT_HYPHEN if inside else ""), value[len(head):]


class HiddenValue(Flowable):  # type: ignore[misc]
    """A hidden, read-only field holding a value that the page prints in its own way (a letter's reading
    copy, the loved one's name on the title page), so that ``workbook read`` gets it back as typed."""

    def __init__(self, builder: Builder, name: str, value: str) -> None:
        super().__init__()
        self.builder = builder
        self.name = name
        self.value = value

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.builder.textfield(self.canv, self.name, self.name, 0, 0, 1, 1, value=self.value, hidden=True)


def fit_paragraph(text: b.Inline, style: Any, width: float, height: float, max_lines: int = FIT_LINES) -> Paragraph:
    """A paragraph of ``text`` wrapped to ``width`` in at most ``max_lines`` lines, in smaller type (never below
    MIN_FIT_SIZE) when it needs more: headings and contents rows cannot split, and must fit on a page."""
    fitted, size = style, style.fontSize
    while True:
        para = Paragraph(markup(text), fitted)
        para.wrap(width, height)
        if len(para.blPara.lines) <= max_lines or size <= MIN_FIT_SIZE:
            return para
        size = smaller(size)
        fitted = ParagraphStyle(f"{style.name}-fit", parent=style, fontSize=size,
                                leading=size * style.leading / style.fontSize)


class FillLines(RuledLines):
    """Ruled lines filling the rest of the frame (a notes page)."""

    def __init__(self, builder: Builder, name: str, tooltip: str) -> None:
        super().__init__(builder, name, tooltip, rows=1)

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        return []  # never split: a notes page starts on a fresh page instead

    @property
    def multiline(self) -> bool:
        return True

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.rows = int(avail_height // self.gap)
        self.lines = []
        if self.rows < 4:  # too little room left: start on a fresh page
            return avail_width, avail_height + 1
        self.width = avail_width
        self.height = self.rows * self.gap
        return self.width, self.height


class CheckItemFlowable(Flowable):  # type: ignore[misc]
    """A box to tick and its text; a checkbox field sits on the box."""

    def __init__(self, builder: Builder, name: str, item: b.CheckItem) -> None:
        super().__init__()
        self.builder = builder
        self.name = name
        self.item = item
        self.tooltip = builder.describe(b.plain_text(item.text))
        self.size = builder.styles.layout.space.checkbox_size
        self.para = Paragraph(markup(item.text), builder.styles["body"])

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.indent = self.size * 1.8
        _, h = self.para.wrap(avail_width - self.indent, avail_height)
        self.width, self.height = avail_width, max(h, self.size) + 6
        return self.width, self.height

    list_key: object = None  # the checklist it is an item of (one L element)

    def draw(self) -> None:
        with group(self.canv, "L", self.list_key), group(self.canv, "LI"):
            self._draw()

    def _draw(self) -> None:
        canv = self.canv
        styles = self.builder.styles
        top_line_base = self.height - 3 - styles["body"].leading
        y = top_line_base + styles["body"].leading * 0.2
        if self.item.checked and not self.builder.fields:  # a printed tick: read as a check mark
            with content(canv, "Lbl", actual_text=TICK_TEXT):
                self._box(y)
        else:  # a box to tick (with fields, the checkbox is what a screen reader announces)
            with artifact(canv):
                self._box(y)
        with content(canv, "LBody"):
            keep_line_ends(self.para)
            self.para.drawOn(canv, self.indent, self.height - self.para.height - 3)
        self.builder.checkbox(canv, self.name, self.tooltip, 0, y, self.size,
                              self.item.checked)

    def _box(self, y: float) -> None:
        canv, styles = self.canv, self.builder.styles
        canv.saveState()
        canv.setStrokeColor(styles.text)
        canv.setLineWidth(0.9)
        canv.rect(0, y, self.size, self.size)
        if self.item.checked and not self.builder.fields:  # with fields, the checkbox shows the tick
            canv.setLineWidth(1.6)
            path = canv.beginPath()
            (x0, y0), *rest = TICK
            path.moveTo(self.size * x0, y + self.size * y0)
            for x1, y1 in rest:
                path.lineTo(self.size * x1, y + self.size * y1)
            canv.drawPath(path, stroke=1, fill=0)
        canv.restoreState()


class TocRow(Flowable):  # type: ignore[misc]
    """One contents line: the title links to the heading; dot leaders run from its last line to the page
    number (a form filled in at the end), which sits on that line's baseline; a wrapped title's further
    lines hang indented under its first."""

    NUMBER_WIDTH = 40.0
    HANG = 1.2  # body sizes a wrapped title's further lines are indented by

    def __init__(self, heading: b.Heading, style: Any, recorder: PageRecorder) -> None:
        super().__init__()
        self.heading = heading
        self.recorder = recorder
        hang = style.fontSize * self.HANG
        self.style = self.fit_style = ParagraphStyle(f"{style.name}-hanging", parent=style,
                                                     leftIndent=style.leftIndent + hang, firstLineIndent=-hang)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        # the title (in smaller type past three lines); the whole row links, in draw()
        self.para = fit_paragraph(self.heading.text, self.style, avail_width - self.NUMBER_WIDTH, avail_height)
        self.fit_style = self.para.style
        self.width, self.height = avail_width, self.para.height + self.style.spaceBefore
        return self.width, self.height

    def _last_line_end(self) -> float:
        """Where the title's last line ends, from the row's left."""
        style, lines = self.fit_style, self.para.blPara.lines
        last = lines[-1]
        extra = last.extraSpace if hasattr(last, "extraSpace") else last[0]
        first = len(lines) == 1
        indent = style.leftIndent + (style.firstLineIndent if first else 0)
        room = self.width - self.NUMBER_WIDTH - style.leftIndent - style.rightIndent
        return float(indent + room - (style.firstLineIndent if first else 0) - extra)

    toc_key: object = None  # the contents list it is an entry of (one TOC element)

    def draw(self) -> None:
        """Tagged TOC > TOCI > Link: the title and the page number, with the link annotation."""
        with group(self.canv, "TOC", self.toc_key), group(self.canv, "TOCI"):
            self._draw()

    def _draw(self) -> None:
        canv = self.canv
        with content(canv, "Link", key=self) as link:
            keep_line_ends(self.para)
            self.para.drawOn(canv, 0, 0)
        style = self.fit_style
        lines = len(self.para.blPara.lines)
        baseline = self.para.height - style.fontSize - (lines - 1) * style.leading  # ReportLab's last baseline
        number_room = canv.stringWidth("000", style.fontName, style.fontSize) + style.fontSize * 0.4
        start, stop = self._last_line_end() + style.fontSize * 0.5, self.width - number_room
        canv.saveState()
        if stop - start > style.fontSize:
            canv.setStrokeColor(style.textColor)
            canv.setLineWidth(style.fontSize * 0.09)
            canv.setLineCap(1)  # round: each dash of length 0 is a dot
            canv.setDash([0, style.fontSize * 0.45])
            with artifact(canv):
                canv.line(start, baseline + style.fontSize * 0.05, stop, baseline + style.fontSize * 0.05)
        canv.restoreState()
        canv.saveState()
        canv.translate(self.width, baseline)
        name = self.recorder.pdf_name(self.heading.key)
        with content(canv, "Link", key=self):
            canv.doForm(page_form_name(name))
        canv.restoreState()
        # the annotation's /Contents: what a screen reader says of the link (the heading it goes to)
        canv.linkRect(b.plain_text(self.heading.text), name, (0, 0, self.width, self.para.height), relative=1,
                      thickness=0)
        link_annotation(canv, link)


def page_form_name(pdf_name: str) -> str:
    """The form XObject that draws a heading's page number, by the heading's :meth:`PageRecorder.pdf_name`."""
    return f"page-{pdf_name}"


class FiveSteps(Flowable):  # type: ignore[misc]
    """The five steps at a glance: numbered discs and boxes joined by arrows, drawn with ReportLab."""

    def __init__(self, builder: Builder, steps: tuple[tuple[b.Inline, b.Inline], ...], first: int = 1,
                 stretch: bool = True) -> None:
        super().__init__()
        self.builder = builder
        self.steps = steps
        self.first = first
        self.stretch = stretch  # fill spare room on the page (not the parts of a picture split over pages)
        styles = builder.styles
        self.items = [
            (Paragraph(markup(title), styles["figure_title"]), Paragraph(markup(summary), styles["body"]))
            for title, summary in steps
        ]
        self.disc = styles.layout.type.section_size * 2.6
        self.arrow = styles.layout.type.body_size * 1.3
        self.pad = styles.layout.space.cell_padding * 2
        self.figure_key = object()  # tagged one Figure, its alternative text the steps in order
        self.alt = " ".join(f"{n}. {b.plain_text(title)}: {b.plain_text(summary)}"
                            for n, (title, summary) in enumerate(steps, start=first))

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        """The picture moves to the next page whole; only one taller than a page continues on the next
        one, numbering carried on."""
        self.wrap(avail_width, 10**6)
        frame = self._doctemplateAttr("frame")
        natural = sum(self.natural) + self.arrow_natural * (len(self.natural) - 1)
        if frame is not None and not frame._atTop and natural <= frame._height:
            return []
        used, fit = 0.0, 0
        for height in self.natural:
            used += height + (self.arrow_natural if fit else 0)
            if used > avail_height:
                break
            fit += 1
        if fit == 0 or fit >= len(self.steps):
            return []
        parts = [FiveSteps(self.builder, self.steps[:fit], self.first, stretch=False),
                 FiveSteps(self.builder, self.steps[fit:], self.first + fit, stretch=False)]
        for part in parts:
            part.figure_key, part.alt = self.figure_key, self.alt
        return parts

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        """The picture's size; a little too tall for the room, it is drawn with shorter arrows and tighter
        boxes, then up to a small-type size smaller (so that it stays whole under its heading) rather than
        split."""
        self.scale, self.compact = 1.0, False
        height = self._measure(avail_width, avail_height)
        if height > avail_height:  # shorter arrows and tighter boxes first, then smaller
            self.compact = True
            height = self._measure(avail_width, avail_height)
        type_ = self.builder.styles.layout.type
        if height > avail_height > height * type_.small_size / type_.body_size:
            scale = avail_height / height
            inner = self._measure(avail_width / scale, avail_height / scale)
            if inner * scale <= avail_height:
                self.scale, height = scale, inner * scale
            else:
                height = self._measure(avail_width, avail_height)
        self.width, self.height = avail_width, height
        return self.width, self.height

    def _measure(self, avail_width: float, avail_height: float) -> float:
        """Lay the picture out at this width (unscaled); its height."""
        self.inner_width = avail_width
        compact = getattr(self, "compact", False)
        self.arrow = self.arrow_natural = self.builder.styles.layout.type.body_size * (0.7 if compact else 1.3)
        self.pad = self.builder.styles.layout.space.cell_padding * (1 if compact else 2)
        self.disc = min(self.disc, avail_width * 0.16)  # big type on a narrow page: the text keeps its room
        inner = avail_width - self.disc * 1.4 - 2 * self.pad
        self.boxes = []
        for title, summary in self.items:
            _, th = title.wrap(inner, avail_height)
            _, sh = summary.wrap(inner, avail_height)
            self.boxes.append(max(th + sh + 2 * self.pad, self.disc + 8))
        self.natural = list(self.boxes)
        natural = sum(self.boxes) + self.arrow * (len(self.boxes) - 1)
        frame = self._doctemplateAttr("frame") if getattr(self, "canv", None) else None
        room = min(avail_height, frame._height) if frame is not None else avail_height  # measured as kept
        spare = max(0.0, min(room - natural - 1, natural * 0.6)) if self.stretch else 0.0  # at most a page
        self.boxes = [h + spare * 0.6 / len(self.boxes) for h in self.boxes]
        self.arrow += spare * 0.4 / max(1, len(self.boxes) - 1)
        return float(sum(self.boxes) + self.arrow * (len(self.boxes) - 1))

    def draw(self) -> None:
        box = list(_page_box(self.canv, 0, 0, self.width, self.height))
        with content(self.canv, "Figure", self.figure_key, alt=self.alt,
                     attributes={"BBox": box, "Placement": "/Block"}):
            self._draw()

    def _draw(self) -> None:
        canv = self.canv
        styles = self.builder.styles
        canv.saveState()
        canv.scale(self.scale, self.scale)
        width = self.inner_width
        x_box = self.disc * 1.4
        y = self.height / self.scale
        last = self.first + len(self.items) - 1
        for number, ((title, summary), box_h) in enumerate(zip(self.items, self.boxes, strict=True),
                                                          start=self.first):
            y -= box_h
            canv.saveState()
            canv.setStrokeColor(styles.accent)
            canv.setLineWidth(1.2)
            canv.roundRect(x_box, y, width - x_box, box_h, 6, stroke=1, fill=0)
            canv.setFillColor(styles.accent)
            cy = y + box_h / 2
            canv.circle(self.disc / 2, cy, self.disc / 2, stroke=0, fill=1)
            canv.setFillColor(Color(1, 1, 1))
            canv.setFont(face(bold=True), self.disc * 0.5)
            canv.drawCentredString(self.disc / 2, cy - self.disc * 0.18, str(number))
            canv.restoreState()
            top = y + (box_h + title.height + summary.height) / 2
            title.drawOn(canv, x_box + self.pad, top - title.height)
            summary.drawOn(canv, x_box + self.pad, top - title.height - summary.height)
            if number < last:  # from this box's lower edge to the tip on the next box's upper edge
                self._arrow(canv, x_box + (width - x_box) / 2, y, y - self.arrow)
                y -= self.arrow
        canv.restoreState()

    def _arrow(self, canv: Any, x: float, y_from: float, y_to: float) -> None:
        styles = self.builder.styles
        canv.saveState()
        canv.setStrokeColor(styles.accent)
        canv.setFillColor(styles.accent)
        canv.setLineWidth(2)
        head = min(8.0, (y_from - y_to) / 2)
        canv.line(x, y_from, x, y_to + head)
        path = canv.beginPath()
        path.moveTo(x - head * 0.7, y_to + head)
        path.lineTo(x + head * 0.7, y_to + head)
        path.lineTo(x, y_to)
        path.close()
        canv.drawPath(path, stroke=0, fill=1)
        canv.restoreState()


class SignatureBlock(Flowable):  # type: ignore[misc]
    """Printed name, signature and date lines for one person, with fields on each."""

    def __init__(self, builder: Builder, name: str, signer: b.Signer) -> None:
        super().__init__()
        self.builder = builder
        self.name = name
        self.signer = signer
        self.gap = builder.styles.layout.space.line_gap
        self.label = builder.styles["signature_label"]
        self.tooltip = builder.describe(builder.strings["tooltip_signer"].format(number=signer.key))

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        space = self.width * 0.04
        name_w = sign_w = self.width * 0.36
        date_w = self.width - name_w - sign_w - 2 * space
        # (x, width, label key, field suffix, value): the name, and a signature or date typed on screen (read back)
        self.cells = [(0, name_w, "printed_name", "name", self.signer.name),
                      (name_w + space, sign_w, "signature", "signature", self.signer.signature),
                      (name_w + sign_w + 2 * space, date_w, "date", "date", self.signer.date)]
        self.set = {suffix: _CellText.of(self.builder, value, width) for _, width, _, suffix, value in self.cells}
        extra = max(max(0, len(cell.lines) - 1) * cell.step for cell in self.set.values())
        self.height = self.gap * 1.6 + self.label.leading + 4 + extra
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        styles = self.builder.styles
        gap, lead = self.gap, self.label.leading
        y = lead + 4
        for x, w, label_key, suffix, value in self.cells:
            label = self.builder.strings[label_key]
            cell = self.set[suffix]
            canv.saveState()
            canv.setStrokeColor(styles.text)
            canv.setLineWidth(0.8)
            with artifact(canv):
                canv.line(x, y, x + w, y)
            canv.setFont(self.label.fontName, self.label.fontSize)
            canv.setFillColor(styles.muted)
            with content(canv, "P"):
                canv.drawString(x, y - self.label.fontSize - 2, label)
            if value and not cell.in_field:  # else the field shows the value (drawn once)
                canv.setFont(face(), cell.size)
                canv.setFillColor(styles.text)
                with content(canv, "P"):  # top line first: the order it is read in
                    for k, line in enumerate(cell.lines):
                        canv.drawString(x + 2, y + gap * 0.22 + (len(cell.lines) - 1 - k) * cell.step, f"{line} ")
            canv.restoreState()
            tooltip = f"{self.tooltip}: {label}"
            value = value if cell.in_field else ""
            lines = cell.lines if value else []
            height = gap * 0.95 + (max(0, len(lines) - 1) * cell.step if value else 0)
            self.builder.textfield(canv, f"{self.name}.{suffix}", tooltip, x, y, w, height,
                                   value=value, lines=lines, multiline=bool(lines) and cell.multiline)


@dataclass
class _CellText:
    """A value on a signature line as it is set: in a field, in one line if it fits, else on the field's
    rules; on paper (or a value too long for three lines of a field), wrapped above its line in type that
    fits."""

    lines: list[str]
    size: float
    step: float = 0.0
    multiline: bool = False  # the field's value is set in the smaller multi-line type
    in_field: bool = True  # the field shows the value (else it is printed)

    @classmethod
    def of(cls, builder: Builder, value: str, cell_width: float) -> _CellText:
        size = builder.styles.layout.type.body_size
        if not value:
            return cls([], size, in_field=builder.fields)
        width = cell_width - 2 * PADDING
        if builder.fields:
            lines, multiline = field_value_lines(value, builder.field_kind, width, True)
            if len(lines) <= FIT_LINES:
                return cls(lines, size, builder.field_kind.pitch, multiline)
        lines, size = fit_in_lines(value, face(), size, width)
        return cls(lines, size, size * 1.2, in_field=False)
