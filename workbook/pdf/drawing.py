"""The drawing parts of a page: shared layout state, and the custom flowables that handlers place.

Write-in areas are ruled lines for a pen with a multiline form field of the same size over them;
checklist items are a drawn box with a checkbox field over it; page numbers that are only known at the
end (contents entries) are form XObjects that the document defines just before it saves.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from reportlab.lib.colors import Color
from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFStream, PDFString
from reportlab.platypus import Flowable, Paragraph

from workbook import blocks as b
from workbook.pdf.breaking import fit_lines
from workbook.pdf.fonts import FIELD_FONT, face
from workbook.pdf.inline import markup
from workbook.pdf.styles import Styles

TRANSPARENT = None


@dataclass
class PageRecorder:
    """What the layout learns while drawing: where each heading landed, and the current part."""

    pages: dict[str, int] = field(default_factory=dict)
    part: str = ""

    def mark(self, key: str, page: int) -> None:
        self.pages[key] = page


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

    def draw(self) -> None:
        canv = self.canv
        title = b.plain_text(self.heading.text)
        canv.bookmarkHorizontal(self.heading.key, 0, self.height + self.style.fontSize)
        if self.heading.level <= 2:
            canv.addOutlineEntry(title, self.heading.key, level=self.heading.level - 1)
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
        self.value_size = builder.styles.layout.type.body_size
        self.part = part
        self.fewer = 0  # rows taken away so that a worksheet fits its page (see pagination.Worksheet)
        self.gap = builder.styles.layout.space.line_gap

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = self.fixed_width or avail_width
        self.lines = self.given_lines if self.given_lines is not None else self._value_lines()
        self.rows = max(self.min_rows - self.fewer, len(self.lines))  # a long value gets more lines, never clipped
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
        self.value_size = self.builder.styles.layout.type.body_size
        if not self.value:
            return []
        lines, self.value_size = fit_lines(self.value, face(), self.value_size, self.width - 4)
        return lines

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
            canv.setFont(face(), self.value_size)
            canv.setFillColor(styles.text)
            for k, line in enumerate(self.lines):
                canv.drawString(2, (self.rows - 1 - k) * self.gap + self.gap * 0.22, line)
        canv.restoreState()
        tooltip = self.tooltip if self.part == 1 else f"{self.tooltip} (continued, part {self.part})"
        self.builder.textfield(canv, self.name, tooltip, 0, 0, self.width, self.height,
                               value=self.value, multiline=True)


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

    def __init__(self, heading: b.Heading, style: Any) -> None:
        super().__init__()
        self.heading = heading
        self.para = Paragraph(markup(heading.text), style)  # the whole row links, in draw()
        self.style = style

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        _, h = self.para.wrap(avail_width - self.NUMBER_WIDTH, avail_height)
        self.width, self.height = avail_width, h + self.style.spaceBefore
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        self.para.drawOn(canv, 0, 0)
        canv.saveState()
        baseline = self.para.height - self.style.leading + (self.style.leading - self.style.fontSize) * 0.6
        canv.translate(self.width, baseline)
        canv.doForm(page_form_name(self.heading.key))
        canv.restoreState()
        canv.linkRect("", self.heading.key, (0, 0, self.width, self.para.height), relative=1, thickness=0)


def page_form_name(key: str) -> str:
    return f"page-{key}"


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
        return [FiveSteps(self.builder, self.steps[:fit], self.first, stretch=False),
                FiveSteps(self.builder, self.steps[fit:], self.first + fit, stretch=False)]

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        """The picture's size; a little too tall for the room, it is drawn up to a small-type size smaller
        (so that it stays whole under its heading) rather than split."""
        self.scale = 1.0
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
        self.arrow = self.arrow_natural = self.builder.styles.layout.type.body_size * 1.3
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
        self.tooltip = builder.describe(f"person {signer.key}")

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        size = self.builder.styles.layout.type.body_size
        # a long printed name wraps above its line (it is never clipped or drawn past the margin)
        self.name_lines, self.name_size = (fit_lines(self.signer.name, face(), size, self.width * 0.36 - 4)
                                           if self.signer.name else ([], size))
        extra = max(0, len(self.name_lines) - 1) * self.name_size * 1.2
        self.height = self.gap * 1.6 + self.label.leading + 4 + extra
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        styles = self.builder.styles
        strings = self.builder.strings
        gap, lead = self.gap, self.label.leading
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
                canv.setFont(face(), self.name_size)
                canv.setFillColor(styles.text)
                for k, line in enumerate(reversed(self.name_lines)):
                    canv.drawString(x + 2, y + gap * 0.22 + k * self.name_size * 1.2, line)
            canv.restoreState()
            tooltip = f"{self.tooltip}: {label}"
            self.builder.textfield(canv, f"{self.name}.{suffix}", tooltip, x, y, w, gap * 0.95,
                                   value=value, multiline=False)
