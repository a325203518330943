"""The workbook is a tagged PDF a screen reader can follow: checked on the built blank, the example, large print
and a person's packet with the `pdfua` checker and a walk of the structure tree (tests/structurecheck.py)."""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pytest

from tests.conftest import needs_tool
from tests.pdfcheck import Pdf, full_name
from tests.structurecheck import Node, Structure
from workbook import blocks as b
from workbook.api import BuildOptions, load_strings, render_blocks
from workbook.layouts import load_layout

EDITIONS = ["blank", "example", "large print", "packet"]


@pytest.fixture(scope="module")
def editions(blank: Pdf, example_packets: tuple[Pdf, list[Pdf]], built) -> dict[str, Pdf]:  # type: ignore[no-untyped-def]
    example, packets = example_packets
    return {"blank": blank, "example": example, "large print": built("--example", "--layout", "large-print"),
            "packet": packets[0]}


@pytest.fixture(scope="module")
def structures(editions: dict[str, Pdf]) -> dict[str, Structure]:
    return {name: Structure(pdf.path) for name, pdf in editions.items()}


@needs_tool(importlib.util.find_spec("pdfua") is not None, "needs the pdfua checker (pip install '.[test]')")
@pytest.mark.parametrize("edition", EDITIONS)
def test_the_pdfua_checker_finds_nothing(editions: dict[str, Pdf], edition: str) -> None:
    run = subprocess.run([sys.executable, "-m", "pdfua", "check", "--format", "json", str(editions[edition].path)],
                         capture_output=True, text=True, timeout=300)
    report = json.loads(run.stdout)
    findings = [f for result in report.get("files", [report]) for f in result.get("findings", [])]
    assert run.returncode == 0 and not findings, findings[:5] or run.stderr


@pytest.mark.parametrize("edition", EDITIONS)
def test_the_document_says_it_is_tagged(editions: dict[str, Pdf], edition: str) -> None:
    with pikepdf.open(editions[edition].path) as pdf:
        root = pdf.Root
        assert root.MarkInfo.Marked is True
        assert str(root.Lang) == "en-US"
        assert root.ViewerPreferences.DisplayDocTitle is True
        meta = pdf.open_metadata()
        assert meta["dc:title"] == str(pdf.docinfo.Title) != ""
        assert meta["pdfuaid:part"] == "1"
        for page in pdf.pages:
            assert page.obj.Tabs == "/S"  # tab order follows the structure
            for font in page.obj.Resources.get("/Font", {}).values():
                assert "/ToUnicode" in font, font.get("/BaseFont")


@pytest.mark.parametrize("edition", EDITIONS)
def test_headings_come_in_order_without_skipped_levels(structures: dict[str, Structure], edition: str) -> None:
    headings = structures[edition].headings()
    assert len(headings) > 5 and headings[0][0] == 1
    for (before, _), (level, text) in zip(headings, headings[1:], strict=False):
        assert level <= before + 1, (before, level, text)
        assert text.strip(), "an empty heading"
    parts = structures[edition].root.kids
    assert all(isinstance(part, Node) and part.role == "Part" for part in parts)
    assert all(part.kids and part.kids[0].role == "H1" for part in parts[1:])  # each part opens with its title


@pytest.mark.parametrize("edition", EDITIONS)
def test_every_table_has_header_cells(structures: dict[str, Structure], edition: str) -> None:
    tables = structures[edition].elements("Table")
    if edition != "packet":
        assert tables
    for table in tables:
        rows = [row for row in table.kids if isinstance(row, Node)]
        assert rows and all(row.role == "TR" for row in rows)
        cells = [cell for row in rows for cell in row.kids if isinstance(cell, Node)]
        heads = [cell for cell in cells if cell.role == "TH"]
        assert heads and all(cell.role in ("TH", "TD") for cell in cells)
        assert all(str(cell.attributes.get("Scope")) in ("/Column", "/Row") for cell in heads)
        widths = {sum(int(c.attributes.get("ColSpan", 1)) for c in row.kids if isinstance(c, Node)) for row in rows}
        assert len(widths) == 1, widths  # a regular grid: every row as wide as the others


def test_a_table_split_over_pages_is_one_table_and_its_repeated_head_an_artifact(
        structures: dict[str, Structure]) -> None:
    """Large print's tables and cards run over pages: each is one Table, its head row read once."""
    structure = structures["large print"]

    def pages(table: Node) -> set[int]:
        out = set()
        for node in table.walk():
            for kid in node.kids:
                if isinstance(kid, tuple):
                    out.add(kid[1] if kid[0] == "mc" else structure.page_index[kid[1].P.objgen])
        return out

    split = [table for table in structure.elements("Table") if len(pages(table)) > 1]
    assert len(split) >= 3
    for table in split:
        rows = [row for row in table.kids if isinstance(row, Node)]
        assert [row for row in rows if all(cell.role == "TH" for cell in row.kids)] == rows[:1]


@pytest.mark.parametrize("edition", EDITIONS)
def test_every_widget_is_in_one_form_element(structures: dict[str, Structure], edition: str) -> None:
    structure = structures[edition]
    referenced = [kid[1].objgen for form in structure.elements("Form") for kid in form.kids
                  if isinstance(kid, tuple) and kid[0] == "annot"]
    widgets = [a for page in structure.pages for a in page.get("/Annots", []) if a.Subtype == "/Widget"]
    assert widgets
    assert sorted(referenced) == sorted(a.objgen for a in widgets)  # each once, and nothing else
    parent_tree = _parent_tree(structure)
    for page in structure.pages:
        for annot in page.get("/Annots", []):
            assert int(annot.StructParent) in parent_tree, annot.Subtype
    for form in structure.elements("Form"):
        assert form.kids and all(isinstance(kid, tuple) and kid[0] == "annot" for kid in form.kids)


def test_each_field_follows_its_prompt_in_reading_order(structures: dict[str, Structure]) -> None:
    """In the blank, the Form element of each write-in answer comes right after the paragraph that asks for it,
    and every widget's tooltip says what to write (more than its field's name)."""
    prompts = {block.field: _norm(b.plain_text(block.prompt)) for block in render_blocks(BuildOptions())
               if isinstance(block, b.WriteIn) and block.prompt}
    structure = structures["blank"]
    text_before, checked = "", 0
    for node in structure.root.walk():
        if node.role == "Form":
            widget = node.kids[0][1]
            name = full_name(widget)
            tooltip = str(widget.get("/TU") or widget.Parent.get("/TU"))
            assert tooltip.strip() and tooltip != name, name
            if name in prompts:
                assert prompts[name] in _norm(text_before), (name, text_before)
                checked += 1
        elif node.role in ("P", "LBody", "TH", "H1", "H2", "H3") and node.kids:
            text_before = structure.text(node)
    assert checked > 20


@pytest.mark.parametrize("edition", ["blank", "example"])
def test_the_five_steps_figure_has_alternative_text(structures: dict[str, Structure], edition: str) -> None:
    figures = structures[edition].elements("Figure")
    assert len(figures) == 1
    alt = figures[0].alt
    assert all(f"{n}. " in alt for n in range(1, 6)), alt
    assert "BBox" in figures[0].attributes


@pytest.mark.parametrize("edition", EDITIONS)
def test_no_content_is_left_unowned(structures: dict[str, Structure], edition: str) -> None:
    """Every mark on a page is inside an element's marked content or an artifact; every MCID on a page is
    owned by an element and found through the ParentTree; every page has /StructParents."""
    structure = structures[edition]
    owned = structure.owned()
    parent_tree = _parent_tree(structure)
    for number, page in enumerate(structure.pages):
        mcids, loose = structure.marks(number)
        assert not loose, f"page {number + 1}: drawn outside marked content: {loose[:5]}"
        assert sorted(mcids) == list(range(len(mcids)))
        assert set(mcids) == owned.get(number, set()), f"page {number + 1}"
        entry = parent_tree[int(page.StructParents)]
        assert len(entry) == len(mcids)


def _parent_tree(structure: Structure) -> dict[int, pikepdf.Object]:
    nums = structure.pdf.Root.StructTreeRoot.ParentTree.Nums
    return {int(nums[k]): nums[k + 1] for k in range(0, len(nums), 2)}


def test_the_contents_entries_are_links(structures: dict[str, Structure]) -> None:
    structure = structures["blank"]
    links = structure.elements("Link")
    entries = structure.elements("TOCI")
    assert len(links) == len(entries) > 20
    for link in links:
        annots = [kid[1] for kid in link.kids if isinstance(kid, tuple) and kid[0] == "annot"]
        assert len(annots) == 1 and annots[0].Subtype == "/Link"
        assert str(annots[0].Contents).strip()  # what a screen reader says of it
        assert re.search(r"\d$", structure.text(link).strip())  # the title and its page number


# --- reading order against the guide's source ----------------------------------------------------------


def _norm(text: str) -> str:
    """Words in order, spaced once; hyphens dropped (a line may break a word at one)."""
    return " ".join(text.replace("-", "").replace("\u00ad", "").split())


def _source_texts(blocks: list[b.Block]) -> list[str]:
    out: list[str] = []
    for block in blocks:
        if isinstance(block, b.Heading):
            out.append(b.plain_text(block.text))
        elif isinstance(block, b.Paragraph):
            out.append(b.plain_text(block.runs))
        elif isinstance(block, b.BulletList):
            out += [b.plain_text(item) for item in block.items]
        elif isinstance(block, b.Callout):
            out += [b.plain_text(block.title)] if block.title else []
            out += _source_texts(list(block.body))
        elif isinstance(block, b.WriteIn) and block.prompt:
            out.append(b.plain_text(block.prompt))
        elif isinstance(block, b.Checklist):
            out += [b.plain_text(item.text) for item in block.items]
    return [text for text in out if text.strip()]


@pytest.mark.parametrize("title", ["Safety first", "Step 2: Understand why they said no"])
def test_text_in_structure_order_is_the_guides_reading_order(structures: dict[str, Structure], title: str) -> None:
    """Each heading, paragraph, list item, tip and prompt of a part, from the guide's source, is found in the
    part's text read in structure order, in the same order and with its words apart (a line end keeps its
    space)."""
    blocks = render_blocks(BuildOptions())
    start = next(n for n, block in enumerate(blocks) if isinstance(block, b.Heading) and block.level == 1
                 and b.plain_text(block.text) == title)
    end = next(n for n, block in enumerate(blocks[start + 1:], start + 1)
               if isinstance(block, b.Heading) and block.level == 1)
    sources = _source_texts(blocks[start:end])
    assert len(sources) > 10
    structure = structures["blank"]
    part = next(p for p in structure.root.kids if p.kids and structure.text(p.kids[0]).strip() == title)
    read = _norm(" ".join(structure.text(kid) if isinstance(kid, Node) else "" for kid in part.kids))
    at = 0
    for source in sources:
        found = read.find(_norm(source), at)
        assert found >= 0, f"not found in order: {source!r}\nafter: {read[at:at + 300]!r}"
        at = found + len(_norm(source))


# --- languages, and the booklet -------------------------------------------------------------------------


@dataclass(frozen=True)
class _SpanishHeading(b.Heading):
    lang: str = "es"


def test_a_section_in_another_language_says_so(tmp_path: Path) -> None:
    """A heading block with a ``lang`` sets /Lang on its section's elements, up to the next heading of its
    level; the rest of the document keeps the document's language."""
    from workbook.pdf.document import render_pdf

    blocks: list[b.Block] = [
        b.Heading(1, (b.Run("Part"),), "part"),
        b.Paragraph((b.Run("English before."),)),
        _SpanishHeading(2, (b.Run("Carta de Ana"),), "letter"),
        b.Paragraph((b.Run("Te quiero."),)),
        b.WriteIn("letter.love", 2, (b.Run("Un recuerdo"),)),
        b.Heading(2, (b.Run("Back in English"),), "after"),
        b.Paragraph((b.Run("English after."),)),
    ]
    path = tmp_path / "lang.pdf"
    path.write_bytes(render_pdf(blocks, load_layout("letter"), load_strings(), fields=True))
    structure = Structure(path)
    langs = {structure.text(n).strip(): n.lang for n in structure.root.walk() if n.role in ("H2", "P")}
    assert langs == {"English before.": "", "Carta de Ana": "es-US", "Te quiero.": "es-US", "Un recuerdo": "es-US",
                     "Back in English": "", "English after.": ""}
    assert [n.lang for n in structure.elements("Form")] == ["es-US"]


def test_the_booklet_is_not_tagged(built) -> None:  # type: ignore[no-untyped-def]
    """Imposed sheets cannot keep a reading order; the README sends assistive technology to the unimposed file."""
    with pikepdf.open(built("--booklet").path) as pdf:
        assert "/StructTreeRoot" not in pdf.Root and "/MarkInfo" not in pdf.Root


# --- what a browser's accessibility tree shows ----------------------------------------------------------

SNAPSHOT_SCRIPT = r"""
import puppeteer from 'puppeteer-core';
const [port, page] = process.argv.slice(2);
const browser = await puppeteer.launch({executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox']});
try {
  const tab = await browser.newPage();
  await tab.setViewport({width: 1400, height: 1400});
  await tab.goto(`http://127.0.0.1:${port}/viewer.html?page=${page}`);
  await tab.waitForFunction(() => document.title === 'done', {timeout: 60000});
  await tab.waitForSelector(`.page[data-page-number="${page}"] [role=heading]`, {timeout: 20000}).catch(() => {});
  const found = [];
  const text = n => n.name || (n.children || []).map(text).join('');  // a heading's name: its words
  const walk = n => { if (!n) return; if (['heading', 'textbox', 'checkbox'].includes(n.role))
    found.push({role: n.role, name: n.role === 'heading' ? text(n) : n.name || '', level: n.level || 0});
    (n.children || []).forEach(walk); };
  walk(await tab.accessibility.snapshot({interestingOnly: false}));
  // Chromium leaves a heading's name empty (it does not follow pdf.js's aria-owns to the words): the words
  // are read from the element the heading owns
  const owned = await tab.evaluate(page => [
    ...document.querySelectorAll(`.page[data-page-number="${page}"] [role=heading]`)].map(h => ({
      level: +h.getAttribute('aria-level'),
      text: (document.getElementById(h.getAttribute('aria-owns')) || {}).textContent || ''})), +page);
  console.log(JSON.stringify({tree: found, headings: owned}));
} finally {
  await browser.close();
}
"""


def _viewer_folder(tmp_path: Path, pdf: Path) -> Path:
    """pdf.js's viewer as Firefox runs it, with its text layer on (it carries the structure tree)."""
    from tests.test_form_matrix import VIEWER_PAGE, VIEWERS_HOME

    folder = tmp_path / "served"
    folder.mkdir()
    page = VIEWER_PAGE.read_text(encoding="utf-8")
    assert "textLayerMode: 0" in page
    (folder / "viewer.html").write_text(page.replace("textLayerMode: 0", "textLayerMode: 1"), encoding="utf-8")
    (folder / "node_modules").symlink_to(VIEWERS_HOME / "node_modules")
    (folder / "doc.pdf").write_bytes(pdf.read_bytes())
    return folder


def _browser_tree(tmp_path: Path, pdf: Path, page: int) -> dict[str, list[dict[str, object]]]:
    import functools
    import http.server
    import threading

    from tests.test_form_matrix import VIEWERS_HOME

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(_viewer_folder(tmp_path, pdf)))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    script = VIEWERS_HOME / f"workbook-a11y-{tmp_path.name}.mjs"  # packages resolve beside the script
    script.write_text(SNAPSHOT_SCRIPT, encoding="utf-8")
    try:
        run = subprocess.run(["node", str(script), str(server.server_address[1]), str(page)],
                             capture_output=True, text=True, timeout=180)
    finally:
        script.unlink()
        server.shutdown()
        server.server_close()
    assert run.returncode == 0, run.stderr[-2000:]
    return json.loads(run.stdout)  # type: ignore[no-any-return]


def _has_pdfjs() -> bool:
    from tests.test_form_matrix import HAS_PDFJS

    return HAS_PDFJS


@needs_tool(_has_pdfjs(), "needs node, chromium and pdf.js (run ../shared/tools/pdf-in-viewers setup once)")
def test_chromium_shows_the_headings_and_named_fields(blank: Pdf, tmp_path: Path) -> None:
    """Chromium's accessibility tree (puppeteer's snapshot) of the workbook in pdf.js, Firefox's PDF viewer:
    the worksheet's heading at its tagged level (its words: what the heading element owns), and every field
    on the page named by its tooltip.
    (Chromium's own PDF viewer builds its tree from the page's layout, not from the tags, and lists no form
    fields: see docs/accessibility.md.)"""
    title = "Worksheet: Team and meeting plan"
    page = blank.page_of(title)
    shown = _browser_tree(tmp_path, blank.path, page)
    tree = shown["tree"]
    assert [node["level"] for node in tree if node["role"] == "heading"] == [h["level"] for h in shown["headings"]]
    assert {"level": 2, "text": title} in shown["headings"], shown["headings"]
    fields = [node for node in tree if node["role"] in ("textbox", "checkbox")]
    assert len(fields) > 10
    assert all(str(node["name"]).strip() for node in fields), [n for n in fields if not n["name"]][:3]
    assert any(str(node["name"]).startswith("Team and meeting plan: ") for node in fields), fields[:3]


def test_a_printed_tick_reads_as_a_check_mark(tmp_path: Path) -> None:
    """In the print-only edition a ticked item's drawn tick is its list label, read as a check mark; an
    unticked box is decoration (the fillable edition's tick box carries the state instead)."""
    from workbook.pdf.document import render_pdf

    blocks: list[b.Block] = [
        b.Heading(1, (b.Run("Part"),), "part"),
        b.Checklist("ready", (b.CheckItem("bag", (b.Run("Pack a bag"),), checked=True),
                              b.CheckItem("ride", (b.Run("Plan the ride"),)))),
    ]
    path = tmp_path / "ticks.pdf"
    path.write_bytes(render_pdf(blocks, load_layout("letter"), load_strings(), fields=False))
    structure = Structure(path)
    items = structure.elements("LI")
    assert [structure.text(item).strip() for item in items] == ["\u2713Pack a bag", "Plan the ride"]
    assert [kid.role for kid in items[0].kids] == ["Lbl", "LBody"]
