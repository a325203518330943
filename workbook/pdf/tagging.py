"""What layout draws -> a tagged PDF: marked content on the pages and the structure tree in reading order.

While ReportLab draws, the flowables say what each piece of a page is (``content``: a heading, a paragraph,
a list label...; ``artifact``: running heads, page numbers, ruled lines, table grids, decorative boxes) and
which element holds what follows (``group``: a list, a table row, a contents entry). A :class:`Tagger`, held
by the canvas, records the elements in the order they are first drawn, which is reading order, and the
marked-content ids (MCIDs) of each page. With the form, in the same pikepdf pass, ``add_structure`` writes
the tree: Document > Part (one per part, opened by its H1) > headings, P, L/LI/Lbl/LBody, Table/TR/TH/TD,
Figure (with /Alt), Form (a widget, by /OBJR), TOC/TOCI/Link; the ParentTree, /StructParents and
/StructParent, /MarkInfo, /Lang, the XMP title and PDF/UA claim, /DisplayDocTitle and /Tabs /S.

A page drawn on a canvas without a tagger (the booklet: imposed sheets cannot keep a reading order) gets no
marks: every hook here does nothing then.

Pitfalls: marked content never nests (content drawn inside an artifact or inside other content stays part
of it); a table split over pages is one Table, its repeated head row an artifact; a paragraph split over
pages is one element (its parts share a key); a line end keeps its space, else a screen reader runs the
last word of a line into the first of the next.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from reportlab.platypus.flowables import LIIndenter, ListFlowable
from reportlab.platypus.tables import TableRenderCB

HEADINGS = ("H1", "H2", "H3", "H4", "H5", "H6")
LANGUAGES = {"en": "en-US", "es": "es-US"}  # a content language -> the /Lang a screen reader is told


def pdf_language(language: str) -> str:
    return LANGUAGES.get(language, language)


@dataclass(eq=False)
class Element:
    """A structure element: its role (/S), parent, kids in order (elements, ``("mc", page, mcid)`` and
    ``("annot", kind, ref)``), and its alternative text, language, attributes (/A) and actual text."""

    role: str
    parent: Element | None
    kids: list[Any] = field(default_factory=list)
    alt: str = ""
    lang: str = ""
    attributes: dict[str, Any] = field(default_factory=dict)
    actual_text: str = ""  # what its content reads as (a drawn tick: a check mark)


class Tagger:
    """The structure recorded while the pages are drawn (see the module's docstring)."""

    def __init__(self, language: str = "en") -> None:
        self.language = pdf_language(language)
        self.root = Element("Document", None)
        self.stack: list[Element] = [self.root]  # the element that holds what is drawn next is the last
        self.keyed: dict[Any, Element] = {}  # elements drawn in pieces (a split paragraph, a table, a list)
        self.marks: dict[int, list[Element]] = {}  # page (from 1) -> the element of each MCID, in order
        self.open = 0  # marked-content sequences open now (content inside one stays part of it)
        self.languages: list[tuple[int, str]] = []  # (heading level, language) of the sections open now

    # --- elements -------------------------------------------------------------------------------------

    def element(self, role: str, key: Any = None, lang: str = "", **attributes: Any) -> Element:
        """The element for ``key`` (made now, under the current holder, if it is new: first drawn, first
        read). An H1 opens a new Part; a heading's ``lang`` holds for its section."""
        if key is not None and key in self.keyed:
            return self.keyed[key]
        if role in HEADINGS:
            level = int(role[1])
            self.languages = [(lvl, code) for lvl, code in self.languages if lvl < level]
            if lang:
                self.languages.append((level, lang))
            if level == 1:
                self.start_part()
        parent = self.stack[-1]
        if parent is self.root:  # content before the first part (the title page): a part of its own
            parent = self.start_part()
        code = pdf_language(self.languages[-1][1]) if self.languages else ""
        element = Element(role, parent, lang=code if code and code != self.language else "", **attributes)
        parent.kids.append(element)
        if key is not None:
            self.keyed[key] = element
        return element

    def start_part(self) -> Element:
        part = Element("Part", self.root)
        self.root.kids.append(part)
        self.stack = [self.root, part]
        return part

    # --- marked content -------------------------------------------------------------------------------

    def begin(self, canv: Any, element: Element) -> None:
        page = canv.getPageNumber()
        mcids = self.marks.setdefault(page, [])
        canv._code.append(f"/{element.role} <</MCID {len(mcids)}>> BDC")
        element.kids.append(("mc", page, len(mcids)))
        mcids.append(element)
        self.open += 1

    def begin_artifact(self, canv: Any, kind: str = "Layout") -> None:
        canv._code.append("/Artifact BMC" if kind == "Layout" else f"/Artifact <</Type /{kind}>> BDC")
        self.open += 1

    def end(self, canv: Any) -> None:
        canv._code.append("EMC")
        self.open -= 1


def tagger_of(canv: Any) -> Tagger | None:
    return getattr(canv, "tagger", None)


@contextmanager
def content(canv: Any, role: str, key: Any = None, **attributes: Any) -> Iterator[Element | None]:
    """What is drawn inside is the content of an element ``role`` (``key``: the same element again)."""
    tagger = tagger_of(canv)
    if tagger is None or tagger.open:
        yield None
        return
    element = tagger.element(role, key, **attributes)
    tagger.begin(canv, element)
    try:
        yield element
    finally:
        tagger.end(canv)


@contextmanager
def artifact(canv: Any, kind: str = "Layout") -> Iterator[None]:
    """What is drawn inside is no content: a running head (kind ``Pagination``), a rule, a grid, a box."""
    tagger = tagger_of(canv)
    if tagger is None or tagger.open:
        yield
        return
    tagger.begin_artifact(canv, kind)
    try:
        yield
    finally:
        tagger.end(canv)


@contextmanager
def group(canv: Any, role: str, key: Any = None, **attributes: Any) -> Iterator[Element | None]:
    """The elements made inside are kids of an element ``role`` (a list, an item, a contents entry)."""
    tagger = tagger_of(canv)
    if tagger is None:
        yield None
        return
    element = tagger.element(role, key, **attributes)
    depth = len(tagger.stack)
    tagger.stack.append(element)
    try:
        yield element
    finally:
        del tagger.stack[depth:]


def form_field(canv: Any, name: str, tooltip: str) -> None:
    """A Form element, here in reading order, holding the widget of the field ``name`` (by /OBJR); its /Alt
    is the field's tooltip, which pdf.js gives the field as its accessible name."""
    tagger = tagger_of(canv)
    if tagger is not None:
        tagger.element("Form", alt=tooltip).kids.append(("annot", "/Widget", name))


def link_annotation(canv: Any, element: Element | None) -> None:
    """The link annotation made next on this page belongs to ``element`` (a Link)."""
    if element is not None:
        element.kids.append(("annot", "/Link", canv.getPageNumber()))


def keep_line_ends(paragraph: Any) -> None:
    """A space at the end of each laid-out line but the last (none after a hyphen): text read in structure
    order then keeps the words of two lines apart. Invisible: no line is justified."""
    broken = getattr(paragraph, "blPara", None)
    lines = getattr(broken, "lines", None)
    # lines may be shared between paragraphs (breaking.shared_lines): marked on the lines, done once
    if broken is None or not lines or getattr(broken, "line_ends_kept", False):
        return
    broken.line_ends_kept = True
    for line in lines[:-1]:
        if paragraph.blPara.kind == 0:
            words = line[1]
            if words and not words[-1].endswith(("-", "\u00ad")):
                words.append("")
        elif line.words and not getattr(line.words[-1], "text", "-").endswith(("-", "\u00ad")):
            line.words[-1] = line.words[-1].clone(text=line.words[-1].text + " ")


# --- tables and lists -----------------------------------------------------------------------------------


class TableTags(TableRenderCB):  # type: ignore[misc]
    """Tags a table as it draws (ReportLab's ``renderCB``; its split parts share this object): backgrounds
    and rules are artifacts; a data table (``role`` Table) has TR rows of TH/TD cells, TH for its first
    ``head_rows`` rows (scope Column) and, with ``row_heads``, its first column (scope Row), and a repeated
    head row on a continued page is an artifact; a layout table (a tip box) is only a ``role`` element, or
    nothing, holding what its cells draw."""

    def __init__(self, role: str | None = "Table", head_rows: int = 1, row_heads: bool = False) -> None:
        self.role = role
        self.head_rows = head_rows
        self.row_heads = row_heads
        self.done = 0  # rows drawn in earlier parts (the head row counted once)
        self.parts = 0
        self.depth: list[int] = []

    def _tagger(self, table: Any) -> Tagger | None:
        return tagger_of(table.canv)

    def startTable(self, table: Any) -> None:  # noqa: N802 - ReportLab's names
        tagger = self._tagger(table)
        self.repeated = int(table.repeatRows) if self.parts and self.role == "Table" else 0
        if tagger is not None and self.role:
            self.depth.append(len(tagger.stack))
            tagger.stack.append(tagger.element(self.role, key=self))

    def startBG(self, table: Any) -> None:  # noqa: N802
        self._artifact(table)

    def endBG(self, table: Any) -> None:  # noqa: N802
        self._end(table)

    def startLines(self, table: Any) -> None:  # noqa: N802
        self._artifact(table)

    def endLines(self, table: Any) -> None:  # noqa: N802
        self._end(table)

    def startRow(self, table: Any, row: int) -> None:  # noqa: N802
        tagger = self._tagger(table)
        self.row: int | None = self.done + row - self.repeated if row >= self.repeated else None
        if tagger is None or self.role != "Table" or self.row is None:
            return
        tagger.stack.append(tagger.element("TR", key=(self, self.row)))

    def startCell(self, table: Any, row: int, column: int, value: Any, style: Any, pos: Any,  # noqa: N802
                  size: Any) -> None:
        tagger = self._tagger(table)
        self.cell_marked = False
        if tagger is None or self.role != "Table":
            return
        if self.row is None:  # a head row repeated on a continued page
            self._artifact(table)
            return
        head = self.row < self.head_rows or self.row_heads and column == 0
        span = getattr(table, "_spanRanges", {}).get((column, row))
        attributes: dict[str, Any] = {}
        if head:
            attributes["Scope"] = "/Column" if self.row < self.head_rows else "/Row"
        if span and span[2] > span[0]:
            attributes["ColSpan"] = span[2] - span[0] + 1
        cell = tagger.element("TH" if head else "TD", key=(self, self.row, column), attributes=attributes)
        tagger.stack.append(cell)
        if getattr(value, "role", None) == "P":  # a cell of one paragraph: its text is the cell's own
            value.role, value.tag_key = cell.role, (self, self.row, column)
        if isinstance(value, str) and value.strip() and not tagger.open:  # text the table itself draws
            tagger.begin(table.canv, cell)
            self.cell_marked = True

    def endCell(self, table: Any) -> None:  # noqa: N802
        tagger = self._tagger(table)
        if tagger is None or self.role != "Table":
            return
        if self.row is None:
            self._end(table)
            return
        if self.cell_marked:
            tagger.end(table.canv)
        tagger.stack.pop()

    def endRow(self, table: Any) -> None:  # noqa: N802
        tagger = self._tagger(table)
        if tagger is not None and self.role == "Table" and self.row is not None:
            tagger.stack.pop()

    def endTable(self, table: Any) -> None:  # noqa: N802
        tagger = self._tagger(table)
        self.done += table._nrows - self.repeated
        self.parts += 1
        if tagger is not None and self.role:
            del tagger.stack[self.depth.pop():]

    def _artifact(self, table: Any) -> None:
        tagger = self._tagger(table)
        self.artifact_open = tagger is not None and not tagger.open
        if tagger is not None and self.artifact_open:
            tagger.begin_artifact(table.canv)

    def _end(self, table: Any) -> None:
        tagger = self._tagger(table)
        if tagger is not None and self.artifact_open:
            tagger.end(table.canv)
            self.artifact_open = False


class TaggedList(ListFlowable):  # type: ignore[misc]
    """ReportLab's list, tagged L > LI > Lbl (the bullet or number) + LBody (the item's paragraph, whose
    role is LBody); its items keep their list when it splits over pages."""

    def _makeLIIndenter(self, flowable: Any, bullet: Any, params: Any = None) -> Any:  # noqa: N802
        item = super()._makeLIIndenter(flowable, bullet, params)
        self._items = getattr(self, "_items", 0) + 1
        return _Item(item, (self, self._items))


class _Item(LIIndenter):  # type: ignore[misc]
    _IndenterAttrs = [*LIIndenter._IndenterAttrs, "_key"]

    def __init__(self, item: LIIndenter, key: tuple[Any, int]) -> None:
        super().__init__(item._flowable, item._leftIndent, item._rightIndent, item._bullet,
                         item.__dict__.get("spaceBefore"), item.__dict__.get("spaceAfter"))
        self._key = key

    def split(self, avail_width: float, avail_height: float) -> list[Any]:
        return [_Item(part, self._key) for part in super().split(avail_width, avail_height)]

    def drawOn(self, canv: Any, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802, N803
        with group(canv, "L", self._key[0]), group(canv, "LI", self._key):
            if self._bullet:
                with content(canv, "Lbl"):
                    self._bullet.drawOn(self, canv, x, y, 0)
            self._flowable.drawOn(canv, x + self._leftIndent, y, max(0, _sW - self._leftIndent - self._rightIndent))


# --- the structure tree ---------------------------------------------------------------------------------


def add_structure(pdf: Any, tagger: Tagger, title: str, widgets: dict[str, Any]) -> None:
    """Write the recorded structure into the finished PDF (open in pikepdf, its form written: ``widgets`` by
    field name)."""
    from pikepdf import Array, Dictionary, Name, String

    pages = [page.obj for page in pdf.pages]
    links: dict[int, list[Any]] = {}
    for number, page in enumerate(pages, start=1):
        for annot in page.get("/Annots", []):
            if annot.get("/Subtype") == "/Link":
                links.setdefault(number, []).append(annot)
    root = pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot))
    made: dict[int, Any] = {}
    shared: dict[Any, Any] = {}  # attribute dictionaries, one object for each distinct one (a scope)
    annotations: list[Any] = []  # the element of each annotation, by its /StructParent less the pages

    def make(element: Element, parent: Any) -> Any:
        node = pdf.make_indirect(Dictionary(S=Name("/" + element.role), P=parent))  # /Type is optional
        made[id(element)] = node
        if element.alt:
            node.Alt = String(element.alt)
        if element.lang:
            node.Lang = String(element.lang)
        if element.actual_text:
            node.ActualText = String(element.actual_text)
        if element.attributes:
            node.A = _attributes(pdf, element.role, element.attributes, shared)
        kids = []
        home = 0  # the page of the element's first marked content (/Pg), whose MCIDs are plain numbers
        for kid in element.kids:
            if isinstance(kid, Element):
                kids.append(make(kid, node))
            elif kid[0] == "mc":
                _, page, mcid = kid
                if not home:
                    home = page
                    node.Pg = pages[page - 1]
                kids.append(mcid if page == home else Dictionary(Type=Name.MCR, Pg=pages[page - 1], MCID=mcid))
            else:
                annot = widgets.get(kid[2]) if kid[1] == "/Widget" else _next_link(links, kid[2])
                if annot is None:
                    continue
                annot.StructParent = len(pages) + len(annotations)
                annotations.append(node)
                kids.append(Dictionary(Type=Name.OBJR, Obj=annot, Pg=annot.P if "/P" in annot else pages[kid[2] - 1]))
        node.K = kids[0] if len(kids) == 1 and isinstance(kids[0], int) else Array(kids)
        return node

    root.K = make(tagger.root, root)
    nums = []
    for number, page in enumerate(pages, start=1):
        page.StructParents = number - 1
        page.Tabs = Name.S  # tab order: the structure's order
        nums += [number - 1, Array([made[id(e)] for e in tagger.marks.get(number, [])])]
    for key, node in enumerate(annotations, start=len(pages)):
        nums += [key, node]
    root.ParentTree = pdf.make_indirect(Dictionary(Nums=Array(nums)))
    root.ParentTreeNextKey = len(pages) + len(annotations)
    catalog = pdf.Root
    catalog.StructTreeRoot = root
    catalog.MarkInfo = Dictionary(Marked=True)
    catalog.Lang = String(tagger.language)
    catalog.ViewerPreferences = Dictionary(DisplayDocTitle=True)
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        meta["dc:title"] = title
        meta["pdfuaid:part"] = "1"


def _next_link(links: dict[int, list[Any]], page: int) -> Any:
    """The first link annotation of the page not yet given to an element (links are made in reading order)."""
    waiting = links.get(page, [])
    return waiting.pop(0) if waiting else None


def _attributes(pdf: Any, role: str, attributes: dict[str, Any], shared: dict[Any, Any]) -> Any:
    """The element's attribute dictionary (/A); a table cell's is shared with every cell like it."""
    from pikepdf import Array, Dictionary, Name

    owner = "/Table" if role in ("TH", "TD") else "/Layout"
    values: dict[str, Any] = {f"/{key}": Name(value) if isinstance(value, str) and value.startswith("/") else
                              Array(value) if isinstance(value, list) else value
                              for key, value in attributes.items()}
    values["/O"] = Name(owner)
    if owner != "/Table":
        return Dictionary(values)
    key = tuple(sorted((k, str(v)) for k, v in attributes.items()))
    if key not in shared:
        shared[key] = pdf.make_indirect(Dictionary(values))
    return shared[key]
