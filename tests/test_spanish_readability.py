"""The Spanish guide reads "bastante fácil" or easier on the INFLESZ scale (issue 22), measured part by part on
the prose the built Spanish PDF prints: each paragraph, list item, callout, figure step and worksheet prompt of
the rendered blocks is found in the text of its part's pages, and the count runs over those pieces."""

from __future__ import annotations

import re

import pytest

from tests.pdfcheck import Pdf
from tests.readability import fernandez_huerta, inflesz, inflesz_grade
from workbook import blocks as b
from workbook.api import BuildOptions, build_workbook, render_blocks
from workbook.parse import parse
from workbook.templating import render

BASTANTE_FACIL = 65.0  # INFLESZ: 65-80 "bastante fácil", 80 up "muy fácil"
FERNANDEZ_HUERTA_BASTANTE_FACIL = 70.0  # Fernández-Huerta: 70-80 "bastante fácil", 80 up "fácil"

# every part of the Spanish guide, by heading (the resources part is lists of services and of works cited)
PARTS = (
    "",  # the title page
    "Cómo usar este cuaderno",
    "Los cinco pasos de un vistazo",
    "La seguridad primero",
    "Sobredosis: qué hacer",
    "Los medicamentos son tratamiento",
    "Antes de elegir: tres maneras de ayudar",
    "Cómo pagar el tratamiento",
    "El camino CRAFT: habilidades para practicar en casa",
    "Hoja de trabajo: Decirlo para que se pueda escuchar",
    "Hoja de trabajo: Un buen momento para invitar al tratamiento",
    "Hoja de trabajo: Premiar los días buenos",
    "Hoja de trabajo: Revisión de seguridad para este camino",
    "Hoja de trabajo: Cuidar de mí",
    "Hoja de trabajo: Lo que pasa antes y después del consumo",
    "Paso 1: Elija primero un programa de tratamiento",
    "Paso 2: Entienda por qué dijo que no",
    "Paso 3: Planee y haga una intervención",
    "Paso 4: Acuerden las consecuencias y cúmplanlas",
    "Paso 5: Ofrezca su apoyo",
    "Páginas de cada persona",
    "El día de la reunión",
)


def _pieces(block: b.Block) -> list[str]:
    """The reading pieces of one block, each ending at least one sentence."""
    if isinstance(block, b.Paragraph):
        return [b.plain_text(block.runs)]
    if isinstance(block, b.BulletList):
        return [b.plain_text(item) for item in block.items]
    if isinstance(block, b.Callout):
        return [b.plain_text(block.title)] + [piece for inner in block.body for piece in _pieces(inner)]
    if isinstance(block, b.Figure):
        return [b.plain_text(part) for step in block.steps for part in step]
    if isinstance(block, b.WriteIn):
        return [b.plain_text(block.prompt)] if block.prompt else []
    if isinstance(block, b.Checklist):
        return [b.plain_text(item.text) for item in block.items]
    if isinstance(block, b.TitlePage):
        return [b.plain_text(block.subtitle), b.plain_text(block.note)]
    return []


def _by_heading(blocks: list[b.Block]) -> tuple[dict[str, list[str]], dict[str, str]]:
    """The pieces under each level 1 and level 2 heading (a part holds its sections' pieces too), and the
    level 1 part each heading belongs to."""
    pieces: dict[str, list[str]] = {"": []}
    part_of: dict[str, str] = {"": ""}
    part = section = ""
    for block in blocks:
        if isinstance(block, b.Heading) and block.level <= 2:
            title = b.plain_text(block.text)
            if block.level == 1:
                part, section = title, ""
            else:
                section = title
            part_of.setdefault(title, part)
            continue
        found = [piece for piece in _pieces(block) if piece.strip()]
        pieces.setdefault(part, []).extend(found)
        if section:
            pieces.setdefault(section, []).extend(found)
    return pieces, part_of


def _folded(text: str) -> str:
    """Text compared without spaces, line breaks or hyphens (a word broken at a line end joins again)."""
    return re.sub(r"[\s\-\u00ad]", "", text)


@pytest.fixture(scope="module")
def spanish(tmp_path_factory: pytest.TempPathFactory) -> Pdf:
    out = tmp_path_factory.mktemp("es") / "es.pdf"
    build_workbook(BuildOptions(output=out, language="es"))
    return Pdf(out)


def _part_text(pdf: Pdf, title: str) -> str:
    """The text of the pages of the level 1 outline entry ``title``, up to the next level 1 entry (the title
    page for "")."""
    if not title:
        return _folded(pdf.pages[0])
    tops = [entry for entry in pdf.outline if entry.level == 0]
    index = next(i for i, entry in enumerate(tops) if entry.title == title)
    last = tops[index + 1].page if index + 1 < len(tops) else len(pdf.pages)
    return _folded(" ".join(pdf.pages[tops[index].page - 1:last]))


def test_every_translated_part_reads_bastante_facil_or_easier(spanish: Pdf) -> None:
    pieces, part_of = _by_heading(render_blocks(BuildOptions(language="es")))
    figures = []
    for title in PARTS:
        printed = _part_text(spanish, part_of[title])
        texts = pieces[title]
        missing = [text for text in texts if _folded(text) not in printed]
        assert not missing, (title, missing[:3])
        score, ease = inflesz(texts), fernandez_huerta(texts)
        figures.append(_figure(title or "Portada", texts))
        assert score >= BASTANTE_FACIL and ease >= FERNANDEZ_HUERTA_BASTANTE_FACIL, figures[-1]
    # the booklet's back cover is printed only with --booklet: measured on its rendered blocks
    cover = _by_heading(parse(render("back-cover.md.j2", {"number": 1, "total": 2, "first": 1, "last": 8}, "es")))
    texts = [text for found in cover[0].values() for text in found]
    figures.append(_figure("Contraportada del cuadernillo", texts))
    assert inflesz(texts) >= BASTANTE_FACIL and fernandez_huerta(texts) >= FERNANDEZ_HUERTA_BASTANTE_FACIL, figures[-1]
    print("\n".join(figures))  # the figures for the report: pytest -s shows them


def _figure(title: str, texts: list[str]) -> str:
    score = inflesz(texts)
    return f"{title}: INFLESZ {score:.1f} ({inflesz_grade(score)}), Fernández-Huerta {fernandez_huerta(texts):.1f}"


def test_the_spanish_count_tells_easy_from_hard_text() -> None:
    easy = ["Te quiero. Ven con nosotros hoy. La cama está lista."]
    hard = ["La farmacoterapia interdisciplinaria necesita una evaluación individualizada de las características "
            "fisiológicas de la dependencia, considerando contraindicaciones específicas y comorbilidades."]
    assert inflesz(easy) > 80 > 40 > inflesz(hard)
    assert fernandez_huerta(easy) > 80 > 40 > fernandez_huerta(hard)


@pytest.mark.parametrize(("word", "count"), [
    ("desintoxicación", 6), ("buprenorfina", 5), ("cuidado", 3), ("guerra", 2), ("día", 2), ("reír", 2),
    ("poeta", 3), ("leer", 2), ("hoy", 1), ("y", 1), ("Paraguay", 3), ("averigüe", 4), ("ahí", 2),
])
def test_spanish_syllables_follow_diphthong_and_hiatus(word: str, count: int) -> None:
    from tests.readability import silabas
    assert silabas(word) == count

