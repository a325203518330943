"""Reading a tagged PDF the way assistive technology does: the structure tree walked in order (pikepdf), the
text of each element from the marked content it owns, and what on the pages no element owns."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pikepdf

PAINTING = {"Tj", "TJ", "'", '"', "Do", "S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "sh", "BI", "INLINE IMAGE"}


@dataclass
class Node:
    role: str
    kids: list[Any] = field(default_factory=list)  # Node, ("mc", page index, mcid) or ("annot", dictionary)
    alt: str = ""
    lang: str = ""
    actual_text: str = ""
    attributes: dict[str, Any] = field(default_factory=dict)

    def walk(self) -> Any:
        yield self
        for kid in self.kids:
            if isinstance(kid, Node):
                yield from kid.walk()


class Structure:
    """The structure tree of a PDF, its marked content and its text in structure order."""

    def __init__(self, path: Path) -> None:
        self.pdf = pikepdf.open(path)
        self.pages = [page.obj for page in self.pdf.pages]
        self.page_index = {page.objgen: n for n, page in enumerate(self.pages)}
        self.root = self._node(self.pdf.Root.StructTreeRoot.K, None)
        self._texts: dict[int, dict[int, str]] = {}

    def _node(self, obj: Any, page: int | None) -> Node:
        if "/Pg" in obj:
            page = self.page_index[obj.Pg.objgen]
        node = Node(str(obj.S)[1:], alt=str(obj.get("/Alt", "")), lang=str(obj.get("/Lang", "")),
                    actual_text=str(obj.get("/ActualText", "")))
        if "/A" in obj:
            node.attributes = {str(k)[1:]: v for k, v in obj.A.items()}
        kids = obj.get("/K")
        if kids is None:
            return node
        for kid in (kids if isinstance(kids, pikepdf.Array) else [kids]):
            if isinstance(kid, int):
                node.kids.append(("mc", page, int(kid)))
            elif kid.get("/Type") == "/MCR":
                node.kids.append(("mc", self.page_index[kid.Pg.objgen], int(kid.MCID)))
            elif kid.get("/Type") == "/OBJR":
                node.kids.append(("annot", kid.Obj))
            else:
                node.kids.append(self._node(kid, page))
        return node

    def elements(self, role: str | None = None) -> list[Node]:
        return [n for n in self.root.walk() if role is None or n.role == role]

    def headings(self) -> list[tuple[int, str]]:
        return [(int(n.role[1]), self.text(n)) for n in self.root.walk() if re.fullmatch(r"H[1-6]", n.role)]

    # --- marked content on the pages -------------------------------------------------------------------

    def marks(self, page: int) -> tuple[list[int], list[str]]:
        """The MCIDs on a page, and the painting operators drawn outside any marked content."""
        mcids, loose, depth = [], [], 0
        for operands, operator in pikepdf.parse_content_stream(self.pages[page]):
            op = str(operator)
            if op in ("BDC", "BMC"):
                depth += 1
                if op == "BDC" and isinstance(operands[1], pikepdf.Dictionary) and "/MCID" in operands[1]:
                    mcids.append(int(operands[1].MCID))
            elif op == "EMC":
                depth -= 1
            elif op in PAINTING and depth == 0:
                loose.append(op)
        return mcids, loose

    def owned(self) -> dict[int, set[int]]:
        """Page -> the MCIDs that elements of the tree own."""
        out: dict[int, set[int]] = {}
        for node in self.root.walk():
            for kid in node.kids:
                if isinstance(kid, tuple) and kid[0] == "mc":
                    out.setdefault(kid[1], set()).add(kid[2])
        return out

    # --- text in structure order -----------------------------------------------------------------------

    def text(self, node: Node | None = None) -> str:
        """The text of an element (the whole document by default) in structure order; a figure's is its /Alt."""
        node = node or self.root
        if node.alt and node.role == "Figure":
            return node.alt + " "
        if node.actual_text:
            return node.actual_text
        parts = []
        for kid in node.kids:
            if isinstance(kid, Node):
                parts.append(self.text(kid))
            elif kid[0] == "mc":
                parts.append(self.page_texts(kid[1]).get(kid[2], ""))
        return "".join(parts)

    def page_texts(self, page: int) -> dict[int, str]:
        if page not in self._texts:
            self._texts[page] = _marked_text(self.pages[page])
        return self._texts[page]


def _marked_text(page: Any) -> dict[int, str]:
    """MCID -> the text shown inside it (simple fonts, decoded with their ToUnicode maps)."""
    fonts = page.Resources.get("/Font", {})
    maps = {name: _to_unicode(font) for name, font in fonts.items()}
    out: dict[int, str] = {}
    stack: list[int | None] = []
    font = None
    for operands, operator in pikepdf.parse_content_stream(page):
        op = str(operator)
        if op == "BDC":
            props = operands[1]
            stack.append(int(props.MCID) if isinstance(props, pikepdf.Dictionary) and "/MCID" in props else None)
        elif op == "BMC":
            stack.append(None)
        elif op == "EMC":
            stack.pop()
        elif op == "Tf":
            font = maps.get(str(operands[0]), {})
        elif op in ("Tj", "TJ", "'", '"') and stack and stack[-1] is not None:
            strings = operands[-1] if op == "TJ" else [operands[-1]]
            text = "".join(_decode(bytes(s), font or {}) for s in strings if isinstance(s, pikepdf.String))
            out[stack[-1]] = out.get(stack[-1], "") + text
        elif op == "Do" and stack and stack[-1] is not None:  # a page-number form
            xobject = page.Resources.XObject[str(operands[0])]
            inner = _marked_text_of_form(xobject)
            out[stack[-1]] = out.get(stack[-1], "") + inner
    return out


def _marked_text_of_form(xobject: Any) -> str:
    fonts = xobject.get("/Resources", {}).get("/Font", {})
    maps = {name: _to_unicode(font) for name, font in fonts.items()}
    font: dict[int, str] = {}
    text = ""
    for operands, operator in pikepdf.parse_content_stream(xobject):
        if str(operator) == "Tf":
            font = maps.get(str(operands[0]), {})
        elif str(operator) == "Tj":
            text += _decode(bytes(operands[0]), font)
    return text


def _decode(data: bytes, cmap: dict[int, str]) -> str:
    return "".join(cmap.get(byte, chr(byte)) for byte in data)


def _to_unicode(font: Any) -> dict[int, str]:
    if "/ToUnicode" not in font:
        return {}
    cmap: dict[int, str] = {}
    data = font.ToUnicode.read_bytes().decode("latin-1")
    for block in re.findall(r"beginbfchar(.*?)endbfchar", data, re.S):
        for code, uni in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            cmap[int(code, 16)] = bytes.fromhex(uni).decode("utf-16-be")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", data, re.S):
        for first, last, uni in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            start = int(uni, 16)
            for offset, code in enumerate(range(int(first, 16), int(last, 16) + 1)):
                cmap[code] = chr(start + offset)
    return cmap
