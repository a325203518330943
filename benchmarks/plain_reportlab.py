"""Anchor: a plain ReportLab platypus document of pages comparable to the workbook's.

Guide text, ruled write-in lines, a table, a contents page (TOC via multiBuild) and "Page X of Y",
with four pages per person. Usage: python plain_reportlab.py PEOPLE OUT.pdf
"""

from __future__ import annotations

import sys

from reportlab.lib.pagesizes import letter
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import inch, mm
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageBreak, PageTemplate, Paragraph, Table
from reportlab.platypus.tableofcontents import TableOfContents

STYLES = getSampleStyleSheet()
TEXT = ("When someone you love has refused help, a plan written down ahead of time keeps everyone calm. "
        "Choose the program first, understand the refusal, write letters, agree on consequences, and offer "
        "support. ") * 3


class Lines(Flowable):
    def __init__(self, rows: int) -> None:
        super().__init__()
        self.rows = rows

    def wrap(self, w: float, h: float) -> tuple[float, float]:
        self.w = w
        return w, self.rows * 9 * mm

    def draw(self) -> None:
        for k in range(self.rows):
            self.canv.line(0, k * 9 * mm, self.w, k * 9 * mm)


class Doc(BaseDocTemplate):
    def __init__(self, path: str) -> None:
        super().__init__(path, pagesize=letter, leftMargin=0.75 * inch, rightMargin=0.75 * inch)
        self.total = "?"
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height)
        self.addPageTemplates([PageTemplate(frames=[frame], onPage=self.footer)])

    def footer(self, canv, doc) -> None:  # type: ignore[no-untyped-def]
        canv.drawRightString(letter[0] - 0.75 * inch, 0.4 * inch, f"Page {canv.getPageNumber()} of {self.total}")

    def afterFlowable(self, flowable: Flowable) -> None:
        if isinstance(flowable, Paragraph) and flowable.style.name.startswith("Heading"):
            level = int(flowable.style.name[-1]) - 1
            self.notify("TOCEntry", (level, flowable.getPlainText(), self.page))

    def handle_documentBegin(self) -> None:
        super().handle_documentBegin()

    def afterPage(self) -> None:
        self.last = self.page

    def multiBuild(self, story, **kw):  # type: ignore[no-untyped-def, override]
        passes = super().multiBuild(story, **kw)
        return passes

    def beforeDocument(self) -> None:
        if getattr(self, "last", None):
            self.total = str(self.last)


def story(people: int) -> list[Flowable]:
    toc = TableOfContents()
    out: list[Flowable] = [Paragraph("Workbook", STYLES["Title"]), toc, PageBreak()]
    for part in range(6):
        out += [Paragraph(f"Step {part}", STYLES["Heading1"])] + [Paragraph(TEXT, STYLES["BodyText"])] * 8
        out.append(PageBreak())
    out.append(Table([["Program", "A", "B", "C"]] + [[f"Row {i}", "", "", ""] for i in range(10)],
                     style=[("GRID", (0, 0), (-1, -1), 0.5, "grey")]))
    for n in range(1, people + 1):
        for sheet in ("letter", "letter, continued", "consequences", "support"):
            out += [PageBreak(), Paragraph(f"Person {n}: {sheet}", STYLES["Heading2"]),
                    Paragraph(TEXT, STYLES["BodyText"]), Lines(18)]
    return out


if __name__ == "__main__":
    Doc(sys.argv[2]).multiBuild(story(int(sys.argv[1])))
