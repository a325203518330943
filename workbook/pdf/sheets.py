"""A designed sheet (the day-of sheet): its blocks -> flowables that hold it on one page, or on two facing
pages when the layout says ``day_of_sheet = "spread"`` (large print, a booklet's half pages).

To fit its page the sheet first sets its type and spacing smaller (never under a floor: 8 pt table heads,
and large print keeps its 14 pt), on one page with its lists as a two-column block; only then does it
shorten long values, each ending with a pointer to the page that holds it in full: the worksheet that asked
for it (a grid's ``more``), else a page of long answers printed right after the sheet. A form field's type
never shrinks: it is the same on every page of the form.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
from typing import Any

from reportlab.platypus import DocIf, Flowable, PageBreak, Table, TableStyle
from reportlab.platypus.flowables import _Container, _listWrapOn

from workbook import blocks as b
from workbook.layouts import Layout
from workbook.pdf.breaking import Paragraph
from workbook.pdf.drawing import Builder
from workbook.pdf.fonts import face
from workbook.pdf.inline import escape_markup, markup
from workbook.pdf.pagination import Gap, at_top, frame_height
from workbook.pdf.styles import make_styles

SCALE_STEP = 0.05  # type and spacing get this much smaller at each try ...
MIN_SCALE = 0.8  # ... down to this share of the layout's sizes
MIN_SMALL = 8.0  # pt: and never under this for table heads (a layout's smaller size stays as it is)
LARGE_PRINT = 14.0  # pt: a layout whose smallest type is this large never goes under it
BUDGETS = (320, 200, 120, 70, 40, 24, 12, 0)  # characters a shortened value keeps, tried in turn
ELLIPSIS = "\u2026"

Render = Callable[[Builder, b.Block, bool], list[Flowable]]  # (builder, block, at the top of a page)


def scaled_layout(layout: Layout, factor: float) -> Layout:
    """The layout with its type and spacing ``factor`` times as large; a form field's type and the rule gap
    stay (the form sets every field alike, and a pen needs the gap)."""
    kept = {"field_size"}
    sizes = layout.type
    type_sizes = replace(sizes, **{f.name: getattr(sizes, f.name) * factor for f in fields(sizes)
                                   if f.name not in kept})
    space = layout.space
    spacing = replace(space, paragraph_after=space.paragraph_after * factor,
                      heading_before=space.heading_before * factor, heading_after=space.heading_after * factor,
                      cell_padding=space.cell_padding * factor)
    return replace(layout, type=type_sizes, space=spacing)


def scales(layout: Layout) -> list[float]:
    """The sizes a sheet tries, largest first, down to its floor."""
    small = layout.type.small_size
    lowest = LARGE_PRINT if small >= LARGE_PRINT else MIN_SMALL
    floor = min(1.0, max(MIN_SCALE, lowest / small))
    tries = [1.0]
    while tries[-1] - SCALE_STEP > floor + 1e-6:
        tries.append(round(tries[-1] - SCALE_STEP, 4))
    return tries if tries[-1] <= floor + 1e-6 else [*tries, floor]


def shorten(text: str, budget: int, pointer: str) -> str:
    """``text`` cut to about ``budget`` characters at a name or word boundary, then the pointer."""
    if len(text) <= budget:
        return text
    if not budget:
        return pointer.lstrip()
    cut = " ".join(text[:budget].split())
    for mark in (", ", "; ", " "):
        at = cut.rfind(mark)
        if at > budget // 2:
            cut = cut[:at]
            break
    return f"{cut.rstrip(' ,;:.')}{pointer}"


@dataclass
class LongAnswers:
    """The values a sheet shortened, (label, full text) in order; the page after the sheet prints them."""

    by_page: dict[int, list[tuple[str, str]]] = field(default_factory=dict)

    def entries(self) -> list[tuple[str, str]]:
        return [entry for key in sorted(self.by_page) for entry in self.by_page[key]]


class SheetPage(_Container, Flowable):  # type: ignore[misc]
    """One page of a designed sheet: laid out again at smaller sizes, then with shorter values, until it
    fits the page; it starts a page of its own."""

    def __init__(self, blocks: list[b.Block], builder: Builder, render: Render, answers: LongAnswers,
                 number: int, columns: bool, to_answers: int) -> None:
        super().__init__()
        self.blocks = blocks
        self.builder = builder
        self.render = render
        self.answers = answers
        self.number = number  # this page's place in the sheet (the long answers keep the sheet's order)
        self.columns = columns  # lists as a two-column block
        self.to_answers = to_answers  # pages from this one to the page of long answers
        self._content: list[Flowable] = []
        self._builders: dict[float, Builder] = {}
        self._chosen: tuple[Any, ...] | None = None
        self.scale = 1.0

    def _builder(self, scale: float) -> Builder:
        if scale not in self._builders:
            layout = self.builder.styles.layout
            styles = (self.builder.styles if scale == 1.0
                      else make_styles(scaled_layout(layout, scale), self.builder.language))
            self._builders[scale] = replace(self.builder, styles=styles)  # the same form, names and recorder
        return self._builders[scale]

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        room = frame_height(self) or avail_height
        page = self.canv.getPageNumber()
        if self._chosen != (avail_width, room, page):
            self._choose(avail_width, room, page)
            self._chosen = (avail_width, room, page)
        self.width = avail_width
        return self.width, self.height

    def _choose(self, width: float, room: float, page: int) -> None:
        """The largest sizes at which the page fits; failing that, the smallest sizes with the longest values
        shortened one at a time, each to the next of BUDGETS below its length, until it fits (a short value,
        a phone number, is cut only when every longer one is as short); then each cut the fit did not need is
        given back (an answer on rules it has anyway: the cut made nothing shorter), the latest first."""
        budgets: dict[tuple[int, str], int] = {}
        shortened: list[tuple[str, str]] = []

        def measure(scale: float, columns: bool = True) -> tuple[list[Flowable], float]:
            content = self._layout(scale, budgets, page, shortened, columns)
            return content, float(_listWrapOn(content, width, self.canv)[1])

        for scale in scales(self.builder.styles.layout):
            content, height = measure(scale)
            if height <= room:
                break
        while height > room:
            lengths = [(min(len(value), budgets.get(at, len(value))), at) for at, value in self._values()]
            longest = max(((length, at) for length, at in lengths if length > 0), default=None)
            if longest is None:  # taller than a page even shortened (a tiny page, huge type): it flows on,
                content, height = measure(scale, columns=False)  # its lists in one column
                break
            length, at = longest
            budgets[at] = next(budget for budget in BUDGETS if budget < length)
            content, height = measure(scale)
        if budgets and height <= room:
            for at in reversed(list(budgets)):
                kept = budgets.pop(at)
                if measure(scale)[1] > room:
                    budgets[at] = kept
            content, height = measure(scale)  # ``shortened`` as the final cuts leave it
        self._content, self.height, self.scale = content, height, scale
        self.answers.by_page[self.number] = list(shortened)

    def _values(self) -> list[tuple[tuple[int, str], str]]:
        """Each value the sheet prints, by (block, key): a line's (key ""), a grid cell's."""
        out: list[tuple[tuple[int, str], str]] = []
        for n, block in enumerate(self.blocks):
            if isinstance(block, b.WriteIn) and block.value:
                out.append(((n, ""), block.value))
            elif isinstance(block, b.Grid):
                out += [((n, key), value) for key, value in block.values.items() if value]
        return out

    def _layout(self, scale: float, budgets: dict[tuple[int, str], int], page: int,
                shortened: list[tuple[str, str]], columns: bool = True) -> list[Flowable]:
        builder = self._builder(scale)
        shortened.clear()
        out: list[Flowable] = []
        for n, block in enumerate(self.blocks):
            block = self._shorten(block, n, budgets, page, shortened)
            if columns and self.columns and isinstance(block, b.BulletList) and len(block.items) > 1:
                out += two_columns(builder, block, self.render)
            else:
                out += self.render(builder, block, n == 0)
        return out

    def _shorten(self, block: b.Block, n: int, budgets: dict[tuple[int, str], int], page: int,
                 shortened: list[tuple[str, str]]) -> b.Block:
        strings = self.builder.strings
        here = page + self.to_answers
        if isinstance(block, b.WriteIn) and (n, "") in budgets and len(block.value) > budgets[n, ""]:
            shortened.append((b.plain_text(block.prompt), block.value))
            return replace(block, value=shorten(block.value, budgets[n, ""],
                                                strings["shortened"].format(page=here)))
        if isinstance(block, b.Grid):
            labels = {column.key: b.plain_text(column.label) for column in block.columns}
            values = dict(block.values)
            for key, value in block.values.items():
                if (n, key) not in budgets or len(value) <= budgets[n, key]:
                    continue
                column = key.split(".", 1)[-1]
                home = block.more.get(column, block.more.get(""))
                target = self.builder.recorder.pages.get(home) if home else None
                if target is None:
                    target = here
                    shortened.append((labels.get(column, column), value))
                values[key] = shorten(value, budgets[n, key], strings["shortened"].format(page=target))
            return replace(block, values=values)
        return block

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        if not at_top(self):
            return []  # the sheet starts a page
        return list(self._content)  # taller than a page even shortened: it flows on

    def drawOn(self, canv: Any, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802 - ReportLab's name
        _Container.drawOn(self, canv, x, y, _sW=_sW)


def two_columns(builder: Builder, block: b.BulletList, render: Render) -> list[Flowable]:
    """A list as a two-column block, its items shared so that the columns end near the same line."""
    styles = builder.styles
    gutter = styles.layout.type.body_size * 1.5
    width = (styles.layout.frame_width - gutter) / 2
    indent = styles["list"].fontSize * 1.6
    heights = [Paragraph(markup(item), styles["list"]).wrap(width - indent, 1e6)[1] for item in block.items]
    total = sum(heights)
    split = min(range(1, len(heights)), key=lambda k: max(sum(heights[:k]), total - sum(heights[:k])))
    left = render(builder, replace(block, items=block.items[:split]), False)
    right = render(builder, replace(block, items=block.items[split:]), False)
    table = Table([[left, right]], colWidths=[width + gutter, width])
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), face()),  # else the table names the unembedded Helvetica
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (0, 0), gutter),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
    ]))
    return [table, Gap(1, styles.layout.space.paragraph_after * 1.5)]


class LongAnswersPage(Flowable):  # type: ignore[misc]
    """The page after a sheet with the values it shortened, in full; nothing when it shortened none."""

    def __init__(self, builder: Builder, answers: LongAnswers) -> None:
        super().__init__()
        self.builder = builder
        self.answers = answers

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        # with answers to print it never fits, so that the document asks for its pages (split)
        return (avail_width, avail_height + 1) if self.answers.entries() else (0, 0)

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        entries = self.answers.entries()
        if not entries:
            return []
        styles, strings = self.builder.styles, self.builder.strings
        out: list[Flowable] = [PageBreak(), Paragraph(escape_markup(strings["in_full_title"]), styles["section"]),
                               Paragraph(escape_markup(strings["in_full_note"]), styles["body"])]
        for label, text in entries:
            out.append(Paragraph(escape_markup(label), styles["prompt"]))
            out += [Paragraph(escape_markup(line), styles["body"]) for line in text.splitlines() if line.strip()]
        return out

    def draw(self) -> None:
        pass


def designed_sheet(builder: Builder, blocks: list[b.Block], render: Render, filler: list[Flowable]) -> list[Flowable]:
    """The sheet's flowables: one page, or (``day_of_sheet = "spread"``) a left-hand page up to the sheet's
    turn and the right-hand page facing it, ``filler`` (a notes page) first when the sheet would start on a
    right-hand page; then the long answers, if it shortened any."""
    answers = LongAnswers()
    turns = [n for n, block in enumerate(blocks) if isinstance(block, b.SheetMark) and block.at == "turn"]
    if builder.styles.layout.day_of_sheet == "spread" and turns:
        left = blocks[:turns[0]]
        right: list[b.Block] = [x for x in blocks[turns[0] + 1:] if not isinstance(x, b.SheetMark)]
        return [PageBreak(), DocIf("doc.page % 2 == 1", [*filler, PageBreak()]),
                SheetPage(left, builder, render, answers, 1, columns=False, to_answers=2), PageBreak(),
                SheetPage(right, builder, render, answers, 2, columns=False, to_answers=1),
                LongAnswersPage(builder, answers)]
    page: list[b.Block] = [x for x in blocks if not isinstance(x, b.SheetMark)]
    return [PageBreak(), SheetPage(page, builder, render, answers, 1, columns=True, to_answers=1),
            LongAnswersPage(builder, answers)]
