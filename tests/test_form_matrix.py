"""The form matrix: type every script into one page of fields with the browsers' engines, save, then print it
with every renderer and form tool we can run here, and read back what prints.

Typing: PDFium's form filler (Chrome's engine) key by key and by paste; pdf.js (Firefox's engine) in headless
Chromium key by key and by paste, saved as pdf.js saves. Printing: PDFium, poppler, MuPDF, Ghostscript;
``qpdf --flatten-annotations=all`` with and without ``--generate-appearances``; pypdf fills (auto_regenerate
True and False) flattened by qpdf. Every value in a script the form font has must print exactly; a character
it lacks (Arabic, Devanagari, CJK, emoji) may cost itself (an empty box), never another field or a letter
that was not typed. One page only, so the whole matrix takes about a minute.
"""

from __future__ import annotations

import atexit
import functools
import html
import http.server
import json
import os
import re
import shutil
import subprocess
import threading
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pikepdf
import pypdf
import pypdfium2
import pytest
from PIL import Image

from tests.conftest import needs_tool
from tests.pdfcheck import Pdf
from tests.test_forms import fold, text_in, type_with_pdfium, widgets
from workbook.pdf.forms import FONT_KEY, _form_font

PAGE = 0  # the team and meeting plan's page (from 1) in the blank Letter workbook: found by its fields below
VALUES = {
    "team.1.name": "Maria Lopez-Garcia",  # Latin
    "team.1.role": "Tía Inés, Zoë",  # Latin-1 accents
    "team.2.name": "Nguyễn Thị Hồng",  # Vietnamese
    "team.3.name": "Σοφία Καραγιάννη",  # Greek
    "team.4.name": "Ирина Павлова",  # Cyrillic
    "team.5.name": "فاطمة الزهراء",  # Arabic: no glyphs
    "team.6.name": "प्रिया शर्मा",  # Devanagari: no glyphs
    "meeting.interventionist": "王芳 +1 555 010 0111",  # a CJK name beside what the font has
    "meeting.when": "Saturday 10:00 🙂 at home",  # an emoji
    "meeting.place": "Łódź, ul. Piotrkowska 3",  # Latin beyond Latin-1
}
VIEWERS_HOME = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "pdf-in-viewers"
VIEWER_PAGE = Path(__file__).resolve().parents[2] / "shared" / "tools" / "viewers" / "viewer.html"
HAS_PDFJS = bool((VIEWERS_HOME / "node_modules" / "puppeteer-core").exists() and shutil.which("node")
                 and shutil.which("chromium") and VIEWER_PAGE.exists())
NO_PDFJS = "needs node, chromium and pdf.js (run ../shared/tools/pdf-in-viewers setup once)"
TIMEOUT = 180


def drawable(ch: str) -> bool:
    return ord(ch) in _form_font().glyphs or ch.isspace()


def assert_prints(value: str, printed: str, where: str) -> None:
    """What prints of ``value``: every character the form font has, in order; of the rest at most
    themselves (an empty box, or nothing); no letter that was not typed. (Direction marks and page feeds that
    a tool adds around right-to-left text are not letters.)"""
    printed = "".join(" " if unicodedata.category(ch) in ("Cc", "Cf") else ch for ch in printed)
    kept = fold("".join(ch if drawable(ch) else " " for ch in value))
    got = fold("".join(ch if drawable(ch) else " " for ch in printed))
    assert got == kept, f"{where}: {value!r} printed as {printed!r}"
    strays = {ch for ch in printed if not ch.isspace() and ch not in value and ch != "\ufffd"}
    assert not strays, f"{where}: {value!r} printed letters not typed: {sorted(strays)}"


# --- typing ------------------------------------------------------------------------------------------------


PDFJS_SCRIPT = r"""
import fs from 'fs';
import puppeteer from 'puppeteer-core';
const [port, page, out, mode, valuesFile] = process.argv.slice(2);
const values = JSON.parse(fs.readFileSync(valuesFile, 'utf8'));
const browser = await puppeteer.launch({executablePath: '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox', '--font-render-hinting=none']});
try {
  const tab = await browser.newPage();
  await tab.setViewport({width: 1400, height: 1400});
  await tab.goto(`http://127.0.0.1:${port}/viewer.html?page=${page}`);
  await tab.waitForFunction(() => document.title === 'done', {timeout: 60000});
  for (const [name, value] of Object.entries(values)) {
    const field = await tab.$(`.page[data-page-number="${page}"] [name="${name}"]`);
    if (!field) throw new Error(`no field ${name}`);
    await field.click();
    await tab.keyboard.down('Control'); await tab.keyboard.press('A'); await tab.keyboard.up('Control');
    if (mode === 'paste') await tab.keyboard.sendCharacter(value); else await tab.keyboard.type(value);
    await tab.keyboard.press('Tab');
  }
  await new Promise(r => setTimeout(r, 300));
  const bytes = await tab.evaluate(async () => Array.from(await window.pdfDoc.saveDocument()));
  fs.writeFileSync(out, Buffer.from(bytes));
} finally {
  await browser.close();
}
"""


@functools.cache
def _served() -> tuple[Path, int]:
    """A private web server on 127.0.0.1 for pdf.js: the viewer page and pdf.js (stopped at exit)."""
    root = Path(os.environ.get("TMPDIR", "/tmp")) / f"workbook-matrix-{os.getpid()}"
    root.mkdir(exist_ok=True)
    shutil.copy(VIEWER_PAGE, root / "viewer.html")
    if not (root / "node_modules").exists():
        (root / "node_modules").symlink_to(VIEWERS_HOME / "node_modules")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *args: None  # type: ignore[attr-defined]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    atexit.register(shutil.rmtree, root, True)
    atexit.register(server.shutdown)
    return root, server.server_address[1]


def type_with_pdfjs(source: Path, target: Path, values: dict[str, str], mode: str) -> None:
    """pdf.js's viewer with forms on, as Firefox shows a PDF: click, select all, type (or paste), Tab; save."""
    root, port = _served()
    shutil.copy(source, root / "doc.pdf")
    script = VIEWERS_HOME / f"workbook-matrix-{os.getpid()}.mjs"  # packages resolve beside the script
    script.write_text(PDFJS_SCRIPT, encoding="utf-8")
    spec = root / "values.json"
    spec.write_text(json.dumps(values, ensure_ascii=False), encoding="utf-8")
    try:
        result = subprocess.run(["node", str(script), str(port), str(PAGE), str(target), mode, str(spec)],
                                capture_output=True, text=True, timeout=TIMEOUT)
    finally:
        script.unlink()
    assert result.returncode == 0, result.stderr[-2000:]


TYPISTS: dict[str, Callable[[Path, Path], None]] = {
    "pdfium-keys": lambda s, t: type_with_pdfium(s, t, VALUES),
    "pdfium-paste": lambda s, t: type_with_pdfium(s, t, VALUES, paste=True),
    "pdfjs-keys": lambda s, t: type_with_pdfjs(s, t, VALUES, "keys"),
    "pdfjs-paste": lambda s, t: type_with_pdfjs(s, t, VALUES, "paste"),
}


@pytest.fixture(scope="module", autouse=True)
def _team_page(blank: Pdf) -> None:
    """Find the page by its fields, so that pages added before it do not move the matrix to another page."""
    global PAGE
    PAGE = next(w["page"] for w in widgets(blank.path) if w["name"] == "team.1.name") + 1


@pytest.fixture(scope="module")
def saved(blank: Pdf, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[str], Path]]:
    """The blank workbook typed in and saved by one engine (each made once)."""
    folder = tmp_path_factory.mktemp("matrix")
    made: dict[str, Path] = {}

    def get(typist: str) -> Path:
        if typist not in made:
            made[typist] = folder / f"{typist}.pdf"
            TYPISTS[typist](blank.path, made[typist])
        return made[typist]

    yield get


def typists() -> list[Any]:
    return [pytest.param(name, marks=pytest.mark.skipif(name.startswith("pdfjs") and not HAS_PDFJS,
                                                          reason=NO_PDFJS)) for name in TYPISTS]


# --- reading back what prints --------------------------------------------------------------------------------


def fields_on_page(path: Path) -> dict[str, list[float]]:
    return {w["name"]: w["rect"] for w in widgets(path) if w["page"] == PAGE - 1}


def page_height(path: Path) -> float:
    with pikepdf.open(path) as pdf:
        return float(pdf.pages[PAGE - 1].mediabox[3])


def poppler_text(path: Path, rect: list[float]) -> str:
    x0, y0, x1, y1 = rect
    top = page_height(path) - y1
    result = subprocess.run(["pdftotext", "-q", "-f", str(PAGE), "-l", str(PAGE), "-r", "72",
                             "-x", str(int(x0)), "-y", str(int(top)), "-W", str(int(x1 - x0) + 1),
                             "-H", str(int(y1 - y0) + 1), str(path), "-"],
                            capture_output=True, text=True, timeout=TIMEOUT)
    assert result.returncode == 0, result.stderr
    return result.stdout


@functools.cache
def _mupdf_chars(path: Path, stamp: float) -> list[tuple[float, float, str]]:
    result = subprocess.run(["mutool", "draw", "-F", "stext", "-o", "-", str(path), str(PAGE)],
                            capture_output=True, text=True, timeout=TIMEOUT)
    assert result.returncode == 0 and "error" not in result.stderr.lower(), result.stderr
    return [(float(x), float(y), html.unescape(c)) for x, y, c in
            re.findall(r'<char quad="[^"]*" x="([-\d.]+)" y="([-\d.]+)"[^>]*? c="([^"]*)"/>', result.stdout)]


def mupdf_text(path: Path, rect: list[float]) -> str:
    x0, y0, x1, y1 = rect
    height = page_height(path)
    chars = [(y, x, c) for x, y, c in _mupdf_chars(path, path.stat().st_mtime)
             if x0 - 1 <= x <= x1 and y0 - 1 <= height - y <= y1 + 1]
    return "".join(c for _, _, c in sorted(chars, key=lambda t: (round(t[0]), t[1])))


@functools.cache
def _ghostscript_chars(path: Path, stamp: float) -> list[tuple[float, float, str]]:
    result = subprocess.run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=txtwrite", "-dTextFormat=0",
                             f"-dFirstPage={PAGE}", f"-dLastPage={PAGE}", "-sOutputFile=-", str(path)],
                            capture_output=True, text=True, timeout=TIMEOUT)
    assert result.returncode == 0, result.stderr
    return [(float(x), float(y), html.unescape(c)) for x, y, c in
            re.findall(r'<char bbox="([-\d.]+) ([-\d.]+) [-\d.]+ [-\d.]+" c="([^"]*)"/>', result.stdout)]


def ghostscript_text(path: Path, rect: list[float]) -> str:
    x0, y0, x1, y1 = rect
    height = page_height(path)
    return "".join(c for x, y, c in _ghostscript_chars(path, path.stat().st_mtime)
                   if x0 - 1 <= x <= x1 and y0 - 1 <= height - y <= y1 + 1)


def render(path: Path, engine: str, out: Path) -> Image.Image:
    """The page as the engine prints it, at 100 dpi."""
    if engine == "pdfium":
        document = pypdfium2.PdfDocument(str(path))
        try:
            document.init_forms()
            document[PAGE - 1].render(scale=100 / 72, may_draw_forms=True).to_pil().save(out)
        finally:
            document.close()
    else:
        command = {
            "poppler": ["pdftoppm", "-q", "-r", "100", "-f", str(PAGE), "-l", str(PAGE), "-png", "-singlefile",
                        str(path), str(out.with_suffix(""))],
            "mupdf": ["mutool", "draw", "-q", "-r", "100", "-o", str(out), str(path), str(PAGE)],
            "ghostscript": ["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=png16m", "-r100",
                            f"-dFirstPage={PAGE}", f"-dLastPage={PAGE}", f"-sOutputFile={out}", str(path)],
        }[engine]
        result = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT)
        assert result.returncode == 0 and "error" not in result.stderr.lower(), result.stderr
    return Image.open(out).convert("L")


def ink_span(image: Image.Image, rect: list[float], height: float) -> int:
    """How wide the printed text in ``rect`` is, in pixels (0 if nothing printed)."""
    x0, y0, x1, y1 = rect
    scale = 100 / 72
    box = (int((x0 + 2) * scale), int((height - y1 + 2) * scale),
           int((x1 - 2) * scale), int((height - y0 - 2) * scale))
    dark = image.crop(box).point(lambda v: 255 if v < 128 else 0).getbbox()
    return dark[2] - dark[0] if dark else 0


def ink(image: Image.Image, rect: list[float], height: float) -> int:
    """Dark pixels inside ``rect`` (less a point at each edge: the table's rules)."""
    x0, y0, x1, y1 = rect
    scale = 100 / 72
    box = (int((x0 + 2) * scale), int((height - y1 + 2) * scale),
           int((x1 - 2) * scale), int((height - y0 - 2) * scale))
    return int(image.crop(box).point(lambda v: 255 if v < 128 else 0).histogram()[255])


READERS: dict[str, Callable[[Path, list[float]], str]] = {
    "pdfium": lambda path, rect: text_in(path, PAGE - 1, rect),
    "poppler": poppler_text,
    "mupdf": mupdf_text,
    "ghostscript": ghostscript_text,
}
MISSING = {"poppler": "pdftotext", "mupdf": "mutool", "ghostscript": "gs"}


def engines() -> list[Any]:
    return [pytest.param(name, marks=pytest.mark.skipif(
        name in MISSING and shutil.which(MISSING[name]) is None, reason=f"needs {MISSING.get(name)}"))
        for name in READERS]


def assert_page_prints(path: Path, engine: str, tmp_path: Path, values: dict[str, str] = VALUES,
                       rects: dict[str, list[float]] | None = None) -> None:
    """Every value prints (text read back in its field's box, and ink there), and no field is lost; a value in
    the form font's scripts prints as wide as PDFium prints it (the same letters, not others)."""
    rects = rects or fields_on_page(path)
    image = render(path, engine, tmp_path / f"{path.stem}-{engine}.png")
    reference = image if engine == "pdfium" else render(path, "pdfium", tmp_path / f"{path.stem}-pdfium.png")
    height = page_height(path)
    for name, value in values.items():
        x0, y0, x1, y1 = rects[name]
        printed = READERS[engine](path, [x0, y0 + 2, x1, y1 - 2])  # a tall accent may reach the next cell
        if engine == "ghostscript" and not all(drawable(ch) for ch in value):
            # Ghostscript's text extraction names a character with no glyph by a guess (its print shows
            # the empty box): only what the font has is read back
            printed = "".join(ch for ch in printed if ch in value or not ch.strip())
        assert_prints(value, printed, f"{engine}, {name}")
        if any(drawable(ch) and not ch.isspace() for ch in value):  # an empty box may print, or nothing
            assert ink(image, rects[name], height) > 20, f"{engine}: nothing printed in {name}"
        if all(drawable(ch) for ch in value):  # the same text as PDFium prints: about as wide
            span, expected = ink_span(image, rects[name], height), ink_span(reference, rects[name], height)
            assert abs(span - expected) <= max(6, 0.1 * expected), (engine, name, span, expected)


# --- the matrix ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("typist", typists())
def test_a_save_holds_every_value_and_its_appearance(saved, typist: str) -> None:  # type: ignore[no-untyped-def]
    """What the browser stored: each value whole, the form not asking readers to redraw, each field its own
    appearance in the form font only."""
    path = saved(typist)
    found = {w["name"]: w for w in widgets(path)}
    for name, value in VALUES.items():
        if typist == "pdfium-paste":  # PDFium's paste cuts a character beyond plane 0 to 16 bits (the emoji's
            value = "".join(chr(ord(ch) & 0xFFFF) for ch in value)  # code, which still reads back as it)
        assert found[name]["value"] == value, (typist, name)
    with pikepdf.open(path) as pdf:
        assert not pdf.Root.AcroForm.get("/NeedAppearances", False), typist
        form_font = pdf.Root.AcroForm.DR.Font[FONT_KEY]
        for annot in pdf.pages[PAGE - 1].obj.Annots:
            appearance = annot.get("/AP", {}).get("/N")
            if isinstance(appearance, pikepdf.Stream) and b"Tj" in appearance.read_bytes():
                fonts = appearance.Resources.Font
                used = set(re.findall(rb"/([^\s/]+) [\d.]+ Tf", appearance.read_bytes()))
                for key in used:
                    assert fonts["/" + key.decode()].objgen == form_font.objgen, (typist, key)


@pytest.mark.parametrize("engine", engines())
@pytest.mark.parametrize("typist", typists())
def test_every_renderer_prints_what_was_typed(  # type: ignore[no-untyped-def]
        saved, typist: str, engine: str, tmp_path: Path) -> None:
    assert_page_prints(saved(typist), engine, tmp_path)


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="needs qpdf")
@pytest.mark.parametrize("generate", [False, True], ids=["flatten", "generate-appearances"])
@pytest.mark.parametrize("typist", typists())
def test_qpdf_flattens_a_browser_save(  # type: ignore[no-untyped-def]
        saved, typist: str, generate: bool, tmp_path: Path) -> None:
    """qpdf's flattening (the README's recipe, with or without redrawing) keeps every typed value."""
    source = saved(typist)
    flat = tmp_path / "flat.pdf"
    args = ["--generate-appearances"] if generate else []
    result = subprocess.run(["qpdf", *args, "--flatten-annotations=all", str(source), str(flat)],
                            capture_output=True, text=True, timeout=TIMEOUT)
    assert result.returncode == 0, result.stderr
    assert not widgets(flat) or not [w for w in widgets(flat) if w["page"] == PAGE - 1]
    rects = fields_on_page(source)
    for engine in ("pdfium", "poppler"):
        assert_page_prints(flat, engine, tmp_path, rects=rects)


QPDF_ONE_BYTE = pytest.mark.xfail(strict=True, reason=(
    "qpdf redraws every field of a form asking for it (pypdf's default fill) and sets text only one byte a "
    "character, in a WinAnsi or MacRoman font: the form font reads two (it must, for pdf.js to type every "
    "script under the same name), so every value qpdf redraws prints as empty boxes; outside WinAnsi no font "
    "could help (test_qpdf_redraws_only_one_byte_text; docs/filling-in.md, 'Why qpdf cannot redraw')"))


@pytest.fixture(scope="module")
def pypdf_flattened(blank: Pdf, tmp_path_factory: pytest.TempPathFactory) -> Callable[[bool, bool], Path]:
    """The page filled by pypdf (``regenerate``: its auto_regenerate), then run through qpdf
    --flatten-annotations=all (``generate``: with --generate-appearances); each made once."""
    folder = tmp_path_factory.mktemp("pypdf")

    @functools.cache
    def get(regenerate: bool, generate: bool) -> Path:
        writer = pypdf.PdfWriter(clone_from=blank.reader)
        writer.update_page_form_field_values(writer.pages[PAGE - 1], VALUES, auto_regenerate=regenerate)
        filled, flat = folder / f"pypdf-{regenerate}-{generate}.pdf", folder / f"flat-{regenerate}-{generate}.pdf"
        writer.write(filled)
        args = ["--generate-appearances"] if generate else []
        result = subprocess.run(["qpdf", *args, "--flatten-annotations=all", str(filled), str(flat)],
                                capture_output=True, text=True, timeout=TIMEOUT)
        assert result.returncode in (0, 3), result.stderr  # 3: warnings (a form asking to be redrawn stays a form)
        return flat

    return get


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="needs qpdf")
@pytest.mark.parametrize(("regenerate", "generate"), [
    (False, False), (False, True), (True, False), pytest.param(True, True, marks=QPDF_ONE_BYTE)],
    ids=["keep-appearances", "keep-appearances-generate", "auto-regenerate", "auto-regenerate-generate"])
@pytest.mark.parametrize("engine", engines())
def test_pypdf_fill_then_qpdf(  # type: ignore[no-untyped-def]
        blank: Pdf, pypdf_flattened, regenerate: bool, generate: bool, engine: str, tmp_path: Path) -> None:
    """A counselor's script: pypdf fills the page (drawing each value, or asking readers to redraw them), qpdf
    flattens it (redrawing the fields, or not: a form asking readers to redraw it stays a form, which each
    renderer then redraws as it prints)."""
    assert_page_prints(pypdf_flattened(regenerate, generate), engine, tmp_path, rects=fields_on_page(blank.path))


SCRIPT_VALUES = {"team.1.phone": "555 010 0111", "team.2.relationship": "Σύζυγος"}  # filled after a browser


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="needs qpdf")
@pytest.mark.parametrize(("regenerate", "generate"), [(False, False), (False, True), (True, False)],
                         ids=["keep-appearances", "keep-appearances-generate", "auto-regenerate"])
@pytest.mark.parametrize("typist", typists())
def test_pypdf_fill_after_a_browser_save_then_qpdf(  # type: ignore[no-untyped-def]
        saved, typist: str, regenerate: bool, generate: bool, tmp_path: Path) -> None:
    """Typed and saved in a browser, then a script fills two more fields with pypdf and qpdf flattens it: what
    the browser typed and what the script filled all print. (With auto_regenerate=True and
    --generate-appearances nothing can: see test_pypdf_fill_then_qpdf.)"""
    source = saved(typist)
    writer = pypdf.PdfWriter(clone_from=source)
    writer.update_page_form_field_values(writer.pages[PAGE - 1], SCRIPT_VALUES, auto_regenerate=regenerate)
    filled, flat = tmp_path / "pypdf.pdf", tmp_path / "flat.pdf"
    writer.write(filled)
    args = ["--generate-appearances"] if generate else []
    result = subprocess.run(["qpdf", *args, "--flatten-annotations=all", str(filled), str(flat)],
                            capture_output=True, text=True, timeout=TIMEOUT)
    assert result.returncode in (0, 3), result.stderr
    for engine in ("pdfium", "poppler"):
        assert_page_prints(flat, engine, tmp_path, values={**VALUES, **SCRIPT_VALUES}, rects=fields_on_page(source))


@pytest.mark.xfail(strict=True, reason=(
    "pypdf 7.1 wraps a multi-line field's value only when the /DA's size is 0 (auto); at the form's size it "
    "sets the value on one line, and what runs past the box does not print (docs/filling-in.md)"))
def test_pypdf_sets_a_value_longer_than_a_line_whole(blank: Pdf, tmp_path: Path) -> None:
    """A phone number of 24 characters wraps to a second line of its cell in the browsers (and in
    ``workbook flatten``); a pypdf fill prints it whole only if pypdf wraps it too."""
    phone = {"team.1.phone": "+1 (555) 010-0111 ext 22"}
    writer = pypdf.PdfWriter(clone_from=blank.reader)
    writer.update_page_form_field_values(writer.pages[PAGE - 1], phone, auto_regenerate=False)
    filled = tmp_path / "pypdf.pdf"
    writer.write(filled)
    assert_page_prints(filled, "pdfium", tmp_path, values=phone, rects=fields_on_page(blank.path))


@needs_tool(shutil.which("qpdf") is not None, "needs qpdf (apt install qpdf)")
def test_qpdf_redraws_only_one_byte_text(tmp_path: Path) -> None:
    """Why a pypdf fill with auto_regenerate=True cannot go through qpdf --generate-appearances whole, in any
    form: given the font qpdf sets text in best (a WinAnsi font), qpdf writes a '?' in place of every character
    outside WinAnsi before any font is involved. If this ever fails, qpdf has learned other scripts: try
    test_pypdf_fill_then_qpdf's expected failure again."""
    values = {"latin": "Tía Inés, Zoë", "polish": "Łódź", "greek": "Σοφία", "russian": "Ирина",
              "vietnamese": "Nguyễn"}
    source, redrawn = tmp_path / "one-byte.pdf", tmp_path / "redrawn.pdf"
    with pikepdf.new() as pdf:
        pdf.add_blank_page(page_size=(300, 200))
        helvetica = pdf.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica,
            Encoding=pikepdf.Name.WinAnsiEncoding))
        fonts = pikepdf.Dictionary(Helv=helvetica)
        fields = pikepdf.Array()
        for row, (name, value) in enumerate(values.items()):
            blank = pdf.make_stream(b"/Tx BMC EMC", Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Form,
                                    BBox=[0, 0, 200, 20], Resources=pikepdf.Dictionary(Font=fonts))
            fields.append(pdf.make_indirect(pikepdf.Dictionary(
                Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Widget, FT=pikepdf.Name.Tx, T=pikepdf.String(name),
                V=pikepdf.String(value), DA=pikepdf.String("/Helv 10 Tf 0 g"), F=4, P=pdf.pages[0].obj,
                Rect=[10, 10 + 30 * row, 210, 30 + 30 * row], AP=pikepdf.Dictionary(N=blank))))
        pdf.pages[0].obj.Annots = fields
        pdf.Root.AcroForm = pikepdf.Dictionary(Fields=fields, NeedAppearances=True,
                                               DR=pikepdf.Dictionary(Font=fonts))
        pdf.save(source)
    subprocess.run(["qpdf", "--generate-appearances", str(source), str(redrawn)], check=True, timeout=TIMEOUT)
    with pikepdf.open(redrawn) as pdf:
        drawn = {str(annot.T): pikepdf.parse_content_stream(annot.AP.N) for annot in pdf.pages[0].obj.Annots}
    shown = {name: bytes(next(ops for ops, op in drawn[name] if op == pikepdf.Operator("Tj"))[0])
             for name in values}
    assert shown == {"latin": values["latin"].encode("cp1252"), "polish": b"?\xf3d?", "greek": b"?????",
                     "russian": b"?????", "vietnamese": b"Nguy?n"}


@needs_tool(shutil.which("qpdf") is not None, "needs qpdf (apt install qpdf)")
def test_qpdf_losing_a_pypdf_fill_is_plain_to_see(  # type: ignore[no-untyped-def]
        blank: Pdf, pypdf_flattened, tmp_path: Path) -> None:
    """What qpdf --generate-appearances leaves of a pypdf fill with auto_regenerate=True is not silent: every
    field that held a value prints marks (the form font's empty boxes), none prints blank."""
    flat = pypdf_flattened(True, True)
    rects = fields_on_page(blank.path)
    for engine in ("pdfium", "poppler"):
        image = render(flat, engine, tmp_path / f"flat-{engine}.png")
        for name in VALUES:
            assert ink(image, rects[name], page_height(flat)) > 20, (engine, name)


def renamed_form_font(source: Path, target: Path, name: str) -> None:
    """The workbook with its form font under another name (in /DR, every /DA and every appearance)."""
    with pikepdf.open(source) as pdf:
        form = pdf.Root.AcroForm
        form.DR.Font[name] = form.DR.Font[FONT_KEY]
        del form.DR.Font[FONT_KEY]
        form.DA = pikepdf.String(str(form.DA).replace(FONT_KEY, name))
        for page in pdf.pages:
            for annot in page.obj.get("/Annots", []):
                for node in (annot, annot.get("/Parent")):
                    if node is not None and "/DA" in node:
                        node.DA = pikepdf.String(str(node.DA).replace(FONT_KEY, name))
                normal = annot.get("/AP", {}).get("/N")
                if isinstance(normal, pikepdf.Stream) and "/Resources" in normal:
                    fonts = normal.Resources.Font
                    if FONT_KEY in fonts:
                        fonts[name] = fonts[FONT_KEY]
                        del fonts[FONT_KEY]
                    normal.write(normal.read_bytes().replace(FONT_KEY.encode(), name.encode()))
        pdf.save(target)


def test_pdfium_needs_the_symbol_font_name(blank: Pdf, tmp_path: Path) -> None:
    """Why the form font is named /Wingdings: under a plain name PDFium drops Vietnamese letters as you type
    (it sets only Latin in an embedded font it takes for Latin). If this ever passes as typed, a plain name
    will do."""
    plain = tmp_path / "plain.pdf"
    renamed_form_font(blank.path, plain, "/NotoSans")
    typed = tmp_path / "typed.pdf"
    type_with_pdfium(plain, typed, {"team.2.name": VALUES["team.2.name"]})
    widget = fields_on_page(typed)["team.2.name"]
    assert fold(text_in(typed, PAGE - 1, widget)) == "Nguyn Th Hng"


def test_a_value_longer_than_its_box_is_marked_where_it_stops() -> None:
    """Where our code draws a value (a prefilled field's appearance), text past the box is never silent: the
    last line shown ends in an ellipsis, inside the box."""
    from workbook.pdf.forms import TextField, field_type, text_appearance

    kind = field_type(11, 25.5, (0, 0, 0))
    lines = ("First line of a long answer", "second line", "third line that the box cannot show")
    field = TextField("x", "x", 1, (0, 0, 120, 25.5), " ".join(lines), lines, multiline=True)
    drawn = text_appearance(field, kind, 120, 25.5).decode("latin-1")
    shown = re.findall(r"<([0-9A-F]+)> Tj", drawn)
    texts = [bytes.fromhex(code).decode("utf-16-be") for code in shown]
    assert texts == ["First line of a long answer", "second line\u2026"]
    one = TextField("y", "y", 1, (0, 0, 40, 20), "Bartholomew", ("Bartholomew",))
    (text,) = [bytes.fromhex(code).decode("utf-16-be") for code in
               re.findall(r"<([0-9A-F]+)> Tj", text_appearance(one, kind, 40, 20).decode("latin-1"))]
    assert text.endswith("\u2026") and len(text) < len("Bartholomew")


@pytest.mark.skipif(shutil.which("qpdf") is None or shutil.which("mutool") is None, reason="needs qpdf and mutool")
def test_qpdf_output_opens_in_mupdf_without_damage(blank: Pdf, tmp_path: Path) -> None:
    """qpdf writes a stream of no bytes with a /FlateDecode filter, which MuPDF reports as damaged: no
    appearance is empty."""
    flat = tmp_path / "flat.pdf"
    subprocess.run(["qpdf", "--flatten-annotations=all", str(blank.path), str(flat)], check=True, timeout=TIMEOUT)
    result = subprocess.run(["mutool", "draw", "-q", "-o", os.devnull, str(flat), str(PAGE)],
                            capture_output=True, text=True, timeout=TIMEOUT)
    assert "flate" not in result.stderr and "error" not in result.stderr.lower(), result.stderr
