"""The drawing parts of a page: shared layout state, and the custom flowables that handlers place.

Write-in areas are ruled lines for a pen with a multiline form field of the same size over them;
checklist items are a drawn box with a checkbox field over it; page numbers that are only known at the
end (contents entries) are form XObjects that the document defines just before it saves.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from reportlab.lib.colors import Color
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFStream, PDFString
from reportlab.platypus import Flowable, Paragraph

from workbook import blocks as b
from workbook.pdf.fonts import FIELD_FONT, face
from workbook.pdf.inline import markup
from workbook.pdf.styles import Styles

TRANSPARENT = None
FIT_LINES = 3  # a heading, contents entry or printed name longer than this is set in smaller type ...
MIN_FIT_SIZE = 6.0  # ... down to this size (fine print), so that it never grows taller than a page


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
    empty_appearance: Any = None  # the shared blank appearance of text fields, once made
    field_font: str = ""  # the form's resource name for FIELD_FONT, once registered
    field_names: set[str] = field(default_factory=set)  # every field name must be unique
    section: str = ""  # the worksheet (or part) being built: tooltips start with it

    def describe(self, what: str) -> str:
        """A field's tooltip: the worksheet and what goes in the field (screen readers read it out)."""
        return f"{self.section}: {what}" if self.section and what else what or self.section

    def textfield(self, canv: Any, name: str, tooltip: str, x: float, y: float, w: float, h: float,
                  value: str = "", multiline: bool = True) -> None:
        if not self.fields:
            return
        self._claim(name)
        # The widget is written directly, sharing one empty appearance: the field shows nothing until
        # someone types in it (a prefilled value is printed on the page in the embedded font, and held
        # as the field's /V). ReportLab's textfield() makes an appearance stream per field, which was
        # a third of a 100-person build, and its appearance code only knows Latin-1.
        form = canv.acroForm
        if not self.field_font:  # makeFont() writes a new font object on every call: register it once
            _, self.field_font = form.makeFont(FIELD_FONT)  # puts the font in the form's default resources
        font = self.field_font
        left, bottom = canv.absolutePosition(x, y)
        r, g, bl = self.styles.text.rgb()
        widget = {
            "Type": PDFName("Annot"), "Subtype": PDFName("Widget"), "FT": PDFName("Tx"),
            "P": canv._doc.thisPageRef(), "Rect": PDFArray([left, bottom, left + w, bottom + h]),
            "F": 4, "Ff": 4096 if multiline else 0,  # printable; multiline
            "T": PDFString(name), "TU": PDFString(tooltip or name),
            "DA": PDFString(f"/{font} {self.styles.layout.type.field_size:g} Tf {r:.3f} {g:.3f} {bl:.3f} rg"),
            "AP": PDFDictionary({"N": self._empty_appearance(canv)}),
        }
        if value:
            widget["V"] = PDFString(value)
        annotation = PDFDictionary(widget)
        canv._addAnnotation(annotation)
        form.fields.append(form.getRef(annotation))

    def checkbox(self, canv: Any, name: str, tooltip: str, x: float, y: float, size: float,
                 checked: bool) -> None:
        if not self.fields:
            return
        self._claim(name)
        canv.acroForm.checkbox(
            name=name, tooltip=tooltip or name, x=x, y=y, size=size, checked=checked,
            fieldFlags="", relative=True, buttonStyle="check", borderWidth=0,
            fillColor=TRANSPARENT, borderColor=TRANSPARENT, textColor=self.styles.text,
        )

    def _empty_appearance(self, canv: Any) -> Any:
        """One empty form XObject that every text field uses as its normal appearance."""
        if self.empty_appearance is None:
            stream = PDFStream(PDFDictionary({"Type": PDFName("XObject"), "Subtype": PDFName("Form"),
                                              "BBox": PDFArray([0, 0, 1, 1])}), content=b"", filters=[])
            self.empty_appearance = canv._doc.Reference(stream)
        return self.empty_appearance

    def _claim(self, name: str) -> None:
        if name in self.field_names:
            raise ValueError(f"form field name used twice: {name}")
        self.field_names.add(name)


# --- custom flowables ---------------------------------------------------------------------------------


class HeadingFlowable(Paragraph):  # type: ignore[misc]
    """A heading that records its page, sets a named destination and adds an outline entry."""

    def __init__(self, heading: b.Heading, style: Any, recorder: PageRecorder) -> None:
        super().__init__(markup(heading.text), style)
        self.heading = heading
        self.recorder = recorder
        self.full_style = style

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        width, height = super().wrap(avail_width, avail_height)
        if len(self.blPara.lines) <= FIT_LINES:
            return width, height
        # a heading holding a long unbreakable name: smaller type, so that it is never taller than a page
        fitted = fit_paragraph(self.heading.text, self.full_style, avail_width, avail_height).style
        Paragraph.__init__(self, markup(self.heading.text), fitted)
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
        super().draw()


class RuledLines(Flowable):  # type: ignore[misc]
    """``rows`` writing lines ``gap`` apart with a form field covering them; an optional typed value."""

    def __init__(self, builder: Builder, name: str, tooltip: str, rows: int, value: str = "",
                 width: float | None = None, bottom_line: bool = True, lines: list[str] | None = None,
                 part: int = 1) -> None:
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
        self.part = part
        self.gap = builder.styles.layout.space.line_gap

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = self.fixed_width or avail_width
        self.lines = self.given_lines if self.given_lines is not None else self._value_lines()
        self.rows = max(self.min_rows, len(self.lines))  # a long prefilled value gets more lines, never clipped
        self.height = self.rows * self.gap
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        """Continue a long prefilled value on the next page; the rest gets its own field (``name-2``)."""
        self.wrap(avail_width, avail_height)
        fit = int(avail_height // self.gap)
        if fit < 1 or fit >= self.rows:
            return []
        first = RuledLines(self.builder, self.base_name, self.tooltip, fit, self.value, self.fixed_width,
                           self.bottom_line, self.lines[:fit], self.part)
        rest = RuledLines(self.builder, self.base_name, self.tooltip, self.rows - fit, "",
                          self.fixed_width, self.bottom_line, self.lines[fit:], self.part + 1)
        return [first, rest]

    def _value_lines(self) -> list[str]:
        if not self.value:
            return []
        size = self.builder.styles.layout.type.body_size
        return wrap_text(self.value, face(), size, self.width - 4)

    def draw(self) -> None:
        canv = self.canv
        styles = self.builder.styles
        canv.saveState()
        canv.setStrokeColor(styles.rule)
        canv.setLineWidth(0.6)
        first = 0 if self.bottom_line else 1
        for k in range(first, self.rows):
            canv.line(0, k * self.gap, self.width, k * self.gap)
        if self.lines:
            canv.setFont(face(), styles.layout.type.body_size)
            canv.setFillColor(styles.text)
            for k, line in enumerate(self.lines):
                canv.drawString(2, (self.rows - 1 - k) * self.gap + self.gap * 0.22, line)
        canv.restoreState()
        tooltip = self.tooltip if self.part == 1 else f"{self.tooltip} (continued, part {self.part})"
        self.builder.textfield(canv, self.name, tooltip, 0, 0, self.width, self.height,
                               value=self.value, multiline=True)


def wrap_text(text: str, font: str, size: float, width: float) -> list[str]:
    """Break text into lines no wider than ``width``; a word longer than a line is broken too."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    def fits(s: str) -> bool:
        return bool(stringWidth(s, font, size) <= width)

    lines: list[str] = []
    for paragraph in text.split("\n"):
        current = ""
        for word in paragraph.split(" "):
            trial = f"{current} {word}" if current else word
            if fits(trial):
                current = trial
                continue
            if current:
                lines.append(current)
            if not fits(word):  # cut an over-long word where each piece fills a line (one pass: it may be long)
                piece, used = "", 0.0
                for ch in word:
                    advance = stringWidth(ch, font, size)
                    if piece and used + advance > width:
                        lines.append(piece)
                        piece, used = "", 0.0
                    piece, used = piece + ch, used + advance
                word = piece
            current = word
        lines.append(current)
    return lines


def fit_lines(text: str, font: str, size: float, width: float, max_lines: int = FIT_LINES) -> tuple[float, list[str]]:
    """``text`` wrapped to ``width`` in at most ``max_lines`` lines, shrinking the type (never below
    MIN_FIT_SIZE) when it needs more: an unbreakable run of the widest characters still fits on a page."""
    lines = wrap_text(text, font, size, width)
    while len(lines) > max_lines and size > MIN_FIT_SIZE:
        size = max(MIN_FIT_SIZE, size * 0.85)
        lines = wrap_text(text, font, size, width)
    return size, lines


def fit_paragraph(text: b.Inline, style: Any, width: float, height: float, max_lines: int = FIT_LINES) -> Paragraph:
    """A paragraph of ``text`` wrapped to ``width`` in at most ``max_lines`` lines, in smaller type (never below
    MIN_FIT_SIZE) when it needs more: headings and contents rows cannot split, and must fit on a page."""
    fitted, size = style, style.fontSize
    while True:
        para = Paragraph(markup(text), fitted)
        para.wrap(width, height)
        if len(para.blPara.lines) <= max_lines or size <= MIN_FIT_SIZE:
            return para
        size = max(MIN_FIT_SIZE, size * 0.85)
        fitted = ParagraphStyle(f"{style.name}-fit", parent=style, fontSize=size,
                                leading=size * style.leading / style.fontSize)


class FillLines(RuledLines):
    """Ruled lines filling the rest of the frame (a notes page)."""

    def __init__(self, builder: Builder, name: str, tooltip: str) -> None:
        super().__init__(builder, name, tooltip, rows=1)

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        return []  # never split: a notes page starts on a fresh page instead

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

    def draw(self) -> None:
        canv = self.canv
        styles = self.builder.styles
        self.para.drawOn(canv, self.indent, self.height - self.para.height - 3)
        top_line_base = self.height - 3 - styles["body"].leading
        y = top_line_base + styles["body"].leading * 0.2
        canv.saveState()
        canv.setStrokeColor(styles.text)
        canv.setLineWidth(0.9)
        canv.rect(0, y, self.size, self.size)
        if self.item.checked:
            canv.setLineWidth(1.6)
            path = canv.beginPath()
            path.moveTo(self.size * 0.2, y + self.size * 0.5)
            path.lineTo(self.size * 0.42, y + self.size * 0.2)
            path.lineTo(self.size * 0.85, y + self.size * 0.85)
            canv.drawPath(path, stroke=1, fill=0)
        canv.restoreState()
        self.builder.checkbox(canv, self.name, self.tooltip, 0, y, self.size,
                              self.item.checked)


class TocRow(Flowable):  # type: ignore[misc]
    """One contents line: the title links to the heading; the page number is a form filled in at the end."""

    NUMBER_WIDTH = 40.0

    def __init__(self, heading: b.Heading, style: Any, recorder: PageRecorder) -> None:
        super().__init__()
        self.heading = heading
        self.recorder = recorder
        self.style = self.fit_style = style

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        # the title (in smaller type past three lines); the whole row links, in draw()
        self.para = fit_paragraph(self.heading.text, self.style, avail_width - self.NUMBER_WIDTH, avail_height)
        self.fit_style = self.para.style
        self.width, self.height = avail_width, self.para.height + self.style.spaceBefore
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        self.para.drawOn(canv, 0, 0)
        canv.saveState()
        style = self.fit_style
        baseline = self.para.height - style.leading + (style.leading - style.fontSize) * 0.6
        canv.translate(self.width, baseline)
        name = self.recorder.pdf_name(self.heading.key)
        canv.doForm(page_form_name(name))
        canv.restoreState()
        canv.linkRect("", name, (0, 0, self.width, self.para.height), relative=1, thickness=0)


def page_form_name(pdf_name: str) -> str:
    """The form XObject that draws a heading's page number, by the heading's :meth:`PageRecorder.pdf_name`."""
    return f"page-{pdf_name}"


class FiveSteps(Flowable):  # type: ignore[misc]
    """The five steps at a glance: numbered discs and boxes joined by arrows, drawn with ReportLab."""

    def __init__(self, builder: Builder, steps: tuple[tuple[b.Inline, b.Inline], ...], first: int = 1) -> None:
        super().__init__()
        self.builder = builder
        self.steps = steps
        self.first = first
        styles = builder.styles
        self.items = [
            (Paragraph(markup(title), styles["figure_title"]), Paragraph(markup(summary), styles["body"]))
            for title, summary in steps
        ]
        self.disc = styles.layout.type.section_size * 2.6
        self.arrow = styles.layout.type.body_size * 1.8
        self.pad = styles.layout.space.cell_padding * 2

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        """On a small page the picture continues on the next one, numbering carried on."""
        self.wrap(avail_width, 10**6)
        used, fit = 0.0, 0
        for height in self.natural:
            used += height + (self.arrow_natural if fit else 0)
            if used > avail_height:
                break
            fit += 1
        if fit == 0 or fit >= len(self.steps):
            return []
        return [FiveSteps(self.builder, self.steps[:fit], self.first),
                FiveSteps(self.builder, self.steps[fit:], self.first + fit)]

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        self.arrow = self.arrow_natural = self.builder.styles.layout.type.body_size * 1.8
        self.disc = min(self.disc, avail_width * 0.16)  # big type on a narrow page: the text keeps its room
        inner = avail_width - self.disc * 1.4 - 2 * self.pad
        self.boxes = []
        for title, summary in self.items:
            _, th = title.wrap(inner, avail_height)
            _, sh = summary.wrap(inner, avail_height)
            self.boxes.append(max(th + sh + 2 * self.pad, self.disc + 8))
        self.natural = list(self.boxes)
        natural = sum(self.boxes) + self.arrow * (len(self.boxes) - 1)
        spare = max(0.0, min(avail_height - natural - 1, natural * 0.6))
        self.boxes = [h + spare * 0.6 / len(self.boxes) for h in self.boxes]
        self.arrow += spare * 0.4 / max(1, len(self.boxes) - 1)
        self.height = sum(self.boxes) + self.arrow * (len(self.boxes) - 1)
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        styles = self.builder.styles
        x_box = self.disc * 1.4
        y = self.height
        last = self.first + len(self.items) - 1
        for number, ((title, summary), box_h) in enumerate(zip(self.items, self.boxes, strict=True),
                                                          start=self.first):
            y -= box_h
            canv.saveState()
            canv.setStrokeColor(styles.accent)
            canv.setLineWidth(1.2)
            canv.roundRect(x_box, y, self.width - x_box, box_h, 6, stroke=1, fill=0)
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
            if number < last:
                self._arrow(canv, self.disc / 2, y, y - self.arrow)
                y -= self.arrow

    def _arrow(self, canv: Any, x: float, y_from: float, y_to: float) -> None:
        styles = self.builder.styles
        canv.saveState()
        canv.setStrokeColor(styles.accent)
        canv.setFillColor(styles.accent)
        canv.setLineWidth(2)
        head = min(8.0, (y_from - y_to) / 2)
        canv.line(x, y_from - 2, x, y_to + head)
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
        self.tooltip = builder.describe(f"person {signer.key}")

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        size = self.builder.styles.layout.type.body_size
        # a long printed name wraps above its line, in smaller type if it needs more than three lines (it is
        # never clipped, drawn past the margin, or made taller than a page)
        self.name_size, self.name_lines = (fit_lines(self.signer.name, face(), size, self.width * 0.36 - 4)
                                           if self.signer.name else (size, []))
        extra = max(0, len(self.name_lines) - 1) * self.name_size * 1.2
        self.height = self.gap * 1.6 + self.label.leading + 4 + extra
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        styles = self.builder.styles
        strings = self.builder.strings
        gap, lead = self.gap, self.label.leading
        size = self.name_size
        space = self.width * 0.04
        name_w, sign_w = self.width * 0.36, self.width * 0.36
        date_w = self.width - name_w - sign_w - 2 * space
        y = lead + 4
        cells = [  # (x, width, label, field suffix, value)
            (0, name_w, strings["printed_name"], "name", self.signer.name),
            (name_w + space, sign_w, strings["signature"], "signature", ""),
            (name_w + sign_w + 2 * space, date_w, strings["date"], "date", ""),
        ]
        for x, w, label, suffix, value in cells:
            canv.saveState()
            canv.setStrokeColor(styles.text)
            canv.setLineWidth(0.8)
            canv.line(x, y, x + w, y)
            canv.setFont(self.label.fontName, self.label.fontSize)
            canv.setFillColor(styles.muted)
            canv.drawString(x, y - self.label.fontSize - 2, label)
            if value:
                canv.setFont(face(), size)
                canv.setFillColor(styles.text)
                for k, line in enumerate(reversed(self.name_lines)):
                    canv.drawString(x + 2, y + gap * 0.22 + k * size * 1.2, line)
            canv.restoreState()
            tooltip = f"{self.tooltip}: {label}"
            self.builder.textfield(canv, f"{self.name}.{suffix}", tooltip, x, y, w, gap * 0.95,
                                   value=value, multiline=False)
