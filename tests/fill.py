"""Filling a workbook's form as the tools families use do: pypdf, PDFium (Chrome's engine: key by key, or by
paste) and qpdf; and reading a PDF's field values back."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pikepdf
import pypdf


def full_name(annot: pikepdf.Dictionary) -> str:
    parts, node = [], annot
    while node is not None:
        if "/T" in node:
            parts.append(str(node.T))
        node = node.get("/Parent")
    return ".".join(reversed(parts))


def field_values(path: Path) -> dict[str, str]:
    """Every field's /V by full name (what is stored, not what is shown)."""
    fields = pypdf.PdfReader(str(path)).get_fields() or {}
    return {name: str(f.get("/V", "")) for name, f in fields.items() if "/V" in f}


def pypdf_fill(source: Path, target: Path, values: dict[str, str]) -> Path:
    """Fill with pypdf as a script would (sets NeedAppearances, as pypdf does on save)."""
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(str(source)))
    for page in writer.pages:
        if "/Annots" in page:
            writer.update_page_form_field_values(page, values, auto_regenerate=False)
    writer.set_need_appearances_writer(True)
    with open(target, "wb") as handle:
        writer.write(handle)
    return target


def pdfium_fill(source: Path, target: Path, values: dict[str, str], paste: bool = False,
                ticks: tuple[str, ...] = ()) -> Path:
    """Type (one key per character) or paste each value with PDFium's form filler, click each box in
    ``ticks``, and save as Chrome's "download with your changes" does."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    where: dict[str, tuple[int, float, float]] = {}
    with pikepdf.open(source) as pdf:
        for index, page in enumerate(pdf.pages):
            for annot in page.obj.get("/Annots", []):
                name = full_name(annot)
                if name in values or name in ticks:
                    x0, y0, x1, y1 = (float(v) for v in annot.Rect)
                    where.setdefault(name, (index, (x0 + x1) / 2, (y0 + y1) / 2))
    assert set(values) | set(ticks) <= set(where), set(values) - set(where)
    doc = pdfium.PdfDocument(str(source))
    doc.init_forms()
    form = doc.formenv.raw
    pages = {}
    for name, (index, x, y) in where.items():
        if index not in pages:
            pages[index] = doc[index]
            raw.FORM_OnAfterLoadPage(pages[index].raw, form)
        page = pages[index]
        raw.FORM_OnLButtonDown(form, page.raw, 0, x, y)
        raw.FORM_OnLButtonUp(form, page.raw, 0, x, y)
        if name in values:
            raw.FORM_SelectAllText(form, page.raw)
            if paste:
                text = values[name] + "\x00"
                buffer = text.encode("utf-16-le")
                raw.FORM_ReplaceSelection(form, page.raw, pdfium.raw.FPDF_WIDESTRING(
                    (pdfium.raw.c_ushort * (len(buffer) // 2)).from_buffer_copy(buffer)))
            else:
                for ch in values[name]:
                    for unit in ch.encode("utf-16-le").hex(" ", 2).split():
                        raw.FORM_OnChar(form, page.raw, int.from_bytes(bytes.fromhex(unit), "little"), 0)
        raw.FORM_ForceToKillFocus(form)
    doc.save(str(target))
    doc.close()
    return target


def qpdf_redraw(source: Path, target: Path) -> Path:
    """qpdf's own save, redrawing the appearances (it does so when NeedAppearances is set)."""
    subprocess.run(["qpdf", "--generate-appearances", str(source), str(target)], check=True, timeout=120)
    return target


def without_appearances(source: Path, target: Path) -> Path:
    """Every widget's appearance removed and NeedAppearances set: only the values are left."""
    with pikepdf.open(source) as pdf:
        for page in pdf.pages:
            for annot in page.obj.get("/Annots", []):
                if "/AP" in annot:
                    del annot["/AP"]
        pdf.Root.AcroForm.NeedAppearances = True
        pdf.save(target)
    return target
