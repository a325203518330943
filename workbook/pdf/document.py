"""Flowables + layout -> the finished PDF bytes: pages, running header, "Page X of Y", outline, metadata.

One layout pass: page numbers that are only known at the end (the total, each contents entry) are
drawn as form XObjects and defined just before the file is saved.
"""

from __future__ import annotations

import io
from typing import Any

from reportlab import rl_config
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, ListFlowable, PageTemplate
from reportlab.platypus.doctemplate import _ktAllow

from workbook import blocks as b
from workbook.compact import compact, save
from workbook.errors import BuildError
from workbook.layouts import footer_baseline, header_baseline
from workbook.pdf.drawing import Builder, PageRecorder, page_form_name
from workbook.pdf.flowables import build
from workbook.pdf.fonts import face
from workbook.pdf.forms import add_form
from workbook.pdf.pagination import KeepWithNext, Worksheet
from workbook.pdf.styles import Styles, make_styles
from workbook.pdf.tagging import Tagger, add_structure, artifact

TOTAL_FORM = "page-total"
# One pikepdf save writes the form and packs the file. False: the reference path of tests (the form saved,
# then the file opened again and packed), which must give the same PDF objects.
SINGLE_SAVE = True
PRODUCER = "intervention-workbook"


class _Canvas(Canvas):  # type: ignore[misc]
    """A canvas that runs callbacks just before it saves (to define the late page-number forms)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["initialFontName"] = face()  # else every page names the unembedded Helvetica
        super().__init__(*args, **kwargs)
        self.before_save: list[Any] = []
        self.tagger: Tagger | None = None  # records the structure as pages are drawn (pdf.tagging)

    def save(self) -> None:
        if len(self._code):
            self.showPage()
        for callback in self.before_save:
            callback(self)
        super().save()


class _Document(BaseDocTemplate):  # type: ignore[misc]
    def __init__(self, buffer: io.BytesIO, styles: Styles, strings: dict[str, str], recorder: PageRecorder,
                 language: str, duplex: bool = False) -> None:
        layout = styles.layout
        page = layout.page
        super().__init__(
            buffer,
            pagesize=page.size,
            leftMargin=page.margin_left,
            rightMargin=page.margin_right,
            topMargin=page.margin_top,
            bottomMargin=page.margin_bottom,
            title=strings["document_title"],
            author="",
            subject="",
            creator=PRODUCER,
            producer=PRODUCER,
            keywords="",
            lang=strings["pdf_language"],
            invariant=1,
            pageCompression=1,
        )
        self.styles = styles
        self.strings = strings
        self.recorder = recorder
        self.last_page = 0
        self.blank_pages: set[int] = set()  # left blank on purpose (pagination.BlankPage): no furniture
        self.continued_heading: Flowable | None = None  # set while a worksheet flows over pages
        self.double_sided = duplex
        self.tagger: Tagger | None = None
        self.keepTogetherClass = KeepWithNext
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([PageTemplate(id="page", frames=[frame], onPageEnd=self._furniture)])

    def beforeDocument(self) -> None:
        self.canv.before_save.append(self._define_page_forms)
        self.canv.tagger = self.tagger
        self.canv.setAuthor("")
        self.canv.setSubject("")

    def afterPage(self) -> None:
        self.last_page = self.page

    def handle_keepWithNext(self, flowables: list[Flowable]) -> None:  # noqa: N802 - ReportLab's name
        """ReportLab's chaining of keep-with-next flowables, which may also end in a list (a heading then
        stays with the first items of the list that follows it) or a worksheet (a part's title stays with
        the section that opens the part)."""
        count = 0
        while count < len(flowables) and flowables[count].getKeepWithNext() and _ktAllow(flowables[count]):
            count += 1
        if not count:
            return
        if count < len(flowables) and (_ktAllow(flowables[count])
                                       or isinstance(flowables[count], (ListFlowable, Worksheet))):
            count += 1
        chain = self.keepTogetherClass(flowables[:count])
        for flowable in chain._content[:-1]:
            flowable.__dict__["keepWithNext"] = 0
        flowables[:count] = [chain]

    def handle_frameBegin(self, resume: int = 0, pageTopFlowables: Any = None) -> None:  # noqa: N802, N803
        """A new page inside a worksheet that flows over pages starts with its heading, "(continued)"."""
        super().handle_frameBegin(resume, pageTopFlowables)
        heading = self.continued_heading
        if heading is not None and heading.wrap(self.frame._width, self.frame._height)[1] <= self.frame._height * 0.2:
            with artifact(self.canv, "Pagination"):  # read once, where the worksheet starts
                self.frame.add(heading, self.canv, trySplit=0)
            self.frame._atTop = 1  # like the running header: what follows still opens the page

    def handle_pageBreak(self, slow: bool | None = None) -> None:  # noqa: N802 - ReportLab's name
        """A page break on a page with nothing on it yet does nothing: never an empty page."""
        if self.frame._atTop and self.page:
            return
        super().handle_pageBreak(slow)

    def _furniture(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        with artifact(canv, "Pagination"):
            self._draw_furniture(canv)

    def _draw_furniture(self, canv: Canvas) -> None:
        """Running header (the part's name) and the "Page X of Y" footer, both clear of the paper's edge;
        none on the title page. Double-sided, the number sits on the outside edge."""
        styles, page = self.styles, self.styles.layout.page
        width, height = page.size
        size = styles.layout.type.small_size
        number = canv.getPageNumber()
        canv.saveState()
        canv.setFont(face(), size)
        canv.setFillColor(styles.muted)
        if number in self.blank_pages:
            canv.restoreState()
            return
        if number == 1:  # the title page: a layout's own words only
            self._footer_words(canv, page.margin_left, width - page.margin_right, False)
            canv.restoreState()
            return
        y = height - header_baseline(page.header_offset, size)
        title, part = self.strings["header_title"], self.recorder.part
        room = width - page.margin_left - page.margin_right
        part_width = canv.stringWidth(part, face(), size)
        if canv.stringWidth(title, face(), size) + size * 2 + part_width <= room:  # else the part's name only
            canv.drawString(page.margin_left, y, title)
        elif part_width > room:  # too long even alone: smaller, never over the edge
            canv.setFont(face(), size * room / part_width)
        canv.drawRightString(width - page.margin_right, y, part)
        canv.setFont(face(), size)
        canv.setStrokeColor(styles.rule)
        canv.setLineWidth(0.5)
        canv.line(page.margin_left, y - 4, width - page.margin_right, y - 4)
        y = footer_baseline(page.footer_offset, size)
        label = self.strings["footer_page"].format(page=number)
        label_width = canv.stringWidth(label, face(), size)
        total_width = canv.stringWidth("000", face(), size)  # the total is known only at the end
        on_left = self.double_sided and number % 2 == 0  # a left-hand page: its outside edge is the left
        if on_left:
            start = page.margin_left
            text_left, text_right = start + label_width + total_width + size * 2, width - page.margin_right
        else:
            start = width - page.margin_right - total_width - label_width
            text_left, text_right = page.margin_left, start - size * 2
        canv.drawString(start, y, label)
        self._footer_words(canv, text_left, text_right, on_left)
        canv.translate(start + label_width, y)
        canv.doForm(TOTAL_FORM)
        canv.restoreState()

    def _footer_words(self, canv: Canvas, left: float, right: float, on_right: bool) -> None:
        """The layout's own words (an agency's name), shrunk if they would reach the page number."""
        words, size, page = self.styles.layout.footer, self.styles.layout.type.small_size, self.styles.layout.page
        if not words:
            return
        y = footer_baseline(page.footer_offset, size)
        canv.setFont(face(), min(size, size * (right - left) / max(1.0, canv.stringWidth(words, face(), size))))
        if on_right:
            canv.drawRightString(right, y, words)
        else:
            canv.drawString(left, y, words)
        canv.setFont(face(), size)

    def _define_page_forms(self, canv: Canvas) -> None:
        size = self.styles.layout.type.small_size
        self._number_form(canv, TOTAL_FORM, str(self.last_page), size, right_aligned=False)
        toc_size = self.styles["toc2"].fontSize
        for key, number in self.recorder.pages.items():
            name = page_form_name(self.recorder.pdf_name(key))
            self._number_form(canv, name, str(number), toc_size, right_aligned=True)

    def _number_form(self, canv: Canvas, name: str, text: str, size: float, right_aligned: bool) -> None:
        width = canv.stringWidth(text, face(), size)
        left = -width if right_aligned else 0
        canv.beginForm(name, lowerx=left, lowery=-size * 0.3, upperx=left + width, uppery=size)
        canv.setFont(face(), size)
        canv.setFillColor(self.styles.muted if not right_aligned else self.styles.text)
        if right_aligned:
            canv.drawRightString(0, 0, text)
        else:
            canv.drawString(0, 0, text)
        canv.endForm()


def write_pdf(flowables: list[Flowable], styles: Styles, strings: dict[str, str], recorder: PageRecorder,
              language: str = "en", duplex: bool = False, tagger: Tagger | None = None) -> bytes:
    """Lay out the flowables and return the PDF's bytes (``tagger``: marking the content as it draws)."""
    rl_config.invariant = 1
    rl_config.useA85 = 0  # binary streams: smaller, and no slow ASCII85 encoding of the fonts
    buffer = io.BytesIO()
    document = _Document(buffer, styles, strings, recorder, language, duplex)
    document.tagger = tagger
    document.build(flowables, canvasmaker=_Canvas)
    return buffer.getvalue()


def render_pdf(blocks: list[Any], layout: Any, strings: dict[str, str], fields: bool, language: str = "en",
               duplex: bool = False, facing: bool | None = None, tagged: bool = True, packed: bool = False) -> bytes:
    """Blocks + layout -> PDF bytes (styles, flowables, pages). ``facing`` pages (double-sided, a booklet)
    put their numbers on the outside edge; by default, when ``duplex``. ``tagged``: an accessible PDF
    (:mod:`tagging`), for every edition but the booklet's pages, which are imposed. ``packed``: objects packed
    into object streams (:mod:`workbook.compact`), in the save that writes the form and tags if there is one."""
    styles = make_styles(layout, language)
    recorder = PageRecorder()
    contents = [block for block in blocks if isinstance(block, b.Heading) and block.level <= 2]
    builder = Builder(styles=styles, strings=strings, fields=fields, recorder=recorder, contents=contents,
                      duplex=duplex, language=language)
    tagger = Tagger(language) if tagged else None
    try:
        pdf = write_pdf(build(blocks, builder), styles, strings, recorder, language,
                        duplex if facing is None else facing, tagger)
        return _with_form_and_tags(pdf, builder, tagger, strings["document_title"], packed)
    except Exception as exc:  # name the part (our own words), never the user's text
        where = f"in the part '{recorder.part}'" if recorder.part else "at the start"
        raise BuildError(f"laying out the PDF failed {where} ({type(exc).__name__}); nothing was written. "
                         "Run again with --debug for details.") from exc


def _with_form_and_tags(pdf: bytes, builder: Builder, tagger: Tagger | None, title: str, packed: bool) -> bytes:
    """The laid-out pages with the form fields and the structure tree written in (one pikepdf pass), packed
    into object streams in that pass's save when ``packed`` (else, on the tests' reference path, afterwards)."""
    if not builder.form and tagger is None:
        return compact(pdf) if packed else pdf
    import pikepdf

    one_save = packed and SINGLE_SAVE
    with pikepdf.open(io.BytesIO(pdf)) as document:
        widgets = add_form(document, builder.form, builder.field_kind)
        if tagger is not None:
            add_structure(document, tagger, title, widgets)
        out = save(document, packed=one_save)
    return compact(out) if packed and not one_save else out
