"""Where a typed value breaks over ruled lines and table cells: never inside a word at an arbitrary letter."""

from __future__ import annotations

from pathlib import Path

import pypdfium2
import pytest
from reportlab.platypus import Flowable

from tests.pdfcheck import unwrap_hyphens
from workbook.pdf.breaking import fit_lines, wrap_text
from workbook.pdf.fonts import face


@pytest.mark.parametrize("width", [60, 90, 140])
def test_a_web_address_breaks_only_after_its_punctuation(width: float) -> None:
    url = "https://www.riverside-recovery.example.org/admissions/intake-forms?program=residential&lang=en"
    lines, _ = fit_lines(url, face(), 11, width)
    assert "".join(lines) == url  # nothing added, nothing lost
    assert all(line[-1] in "/.-?&=" for line in lines[:-1]), lines


def test_a_phone_number_stays_on_one_line_and_shrinks_a_little_first() -> None:
    lines, size = fit_lines("Call (555) 010-0111 today", face(), 11, 80)
    assert "(555) 010-0111" in lines and size == 11
    lines, size = fit_lines("(555) 010-0111", face(), 11, 62)
    assert lines == ["(555) 010-0111"] and 11 * 0.75 <= size < 11


def test_a_long_name_breaks_at_its_hyphen_or_a_hyphenation_point() -> None:
    lines, size = fit_lines("Konstantinos Papadopoulos-Konstantinidis", face(), 11, 80)
    assert size == 11
    assert lines == ["Konstantinos", "Papadopoulos-", "Konstantinidis"], lines
    lines, size = fit_lines("Konstantinos Papadopoulos-Konstantinidis", face(), 11, 72)  # a tenth smaller fits
    assert lines == ["Konstantinos", "Papadopoulos-", "Konstantinidis"] and size == pytest.approx(9.9), lines
    lines = wrap_text("Konstantinidis", face(), 11, 50)
    assert lines[0].endswith("-") and lines[0][:-1] + lines[1] == "Konstantinidis", lines
    assert lines[0][:-1] in ("Kon", "Konstan", "Konstanti", "Konstantini"), lines  # pyphen's points


def test_a_word_wider_than_any_line_is_cut_only_as_a_last_resort() -> None:
    lines = wrap_text("abcdefghijklmnopqrstuvwxyz", face(), 11, 40)
    assert "".join(lines).replace("-", "") == "abcdefghijklmnopqrstuvwxyz" and len(lines) > 1



def _printed_lines(paragraph: Flowable, width: float, path: Path) -> list[str]:
    """The paragraph laid out in a text area ``width`` wide, as the PDF's text lines (PDFium)."""
    from reportlab.platypus import SimpleDocTemplate

    SimpleDocTemplate(str(path), pagesize=(width + 72, 1000), leftMargin=36, rightMargin=36, topMargin=36,
                      bottomMargin=36).build([paragraph])
    document = pypdfium2.PdfDocument(str(path))
    try:
        text = document[0].get_textpage().get_text_range()
    finally:
        document.close()
    return [line.strip() for line in unwrap_hyphens(text).splitlines() if line.strip()]


@pytest.mark.parametrize("width", [150, 220, 320])
def test_a_web_address_in_running_text_breaks_only_after_its_punctuation(width: float, tmp_path: Path) -> None:
    """ReportLab cuts a word longer than a line at the letter where the line is full; ours does not."""
    from reportlab.lib.styles import ParagraphStyle

    from workbook.pdf.breaking import Paragraph

    url = "nida.nih.gov/publications/principles-drug-addiction-treatment-research-based-guide-third-edition"
    para = Paragraph(f"<i>A guide</i>. National Institutes of Health. {url} and more &amp; more.",
                     ParagraphStyle("p", fontName=face(), fontSize=11, leading=14))
    lines = _printed_lines(para, width, tmp_path / "p.pdf")
    ends = [line.split()[-1] for line in lines[:-1]]
    starts = [line.split()[0] for line in lines[1:]]
    cut = [(end, start) for end, start in zip(ends, starts, strict=True) if end + start in url]
    assert cut and all(end[-1] in "/.-" for end, _ in cut), lines
    assert url in "".join(w for line in lines for w in line.split() if w in url), lines


def test_a_name_before_a_comma_or_in_brackets_hyphenates_like_a_bare_one() -> None:
    for text in ("Alexandrovskaya,", "(Alexandrovskaya)"):
        lines, _ = fit_lines(f"Anastasia {text} Siobhan", face(), 11, 52)
        cut = next(n for n, line in enumerate(lines) if line.endswith("-"))
        assert lines[cut][:-1] + lines[cut + 1].split()[0] == text, lines
    lines, _ = fit_lines("Papadopoulos-Konstantinidis.", face(), 11, 60)  # a full stop does not make it an address
    assert all(len(line.rstrip("-.")) >= 3 for line in lines) and "".join(lines).count("-") >= 2, lines


def test_the_guides_stored_hyphenation_points_are_the_dictionarys() -> None:
    """The guide's long words break where the hyphenation dictionary says (workbook/content/hyphenation.txt
    spares loading it): a stored point the dictionary does not give would print a wrong hyphen."""
    from workbook.pdf import breaking

    known = breaking._known_breaks()
    assert "interventionists" in known
    for word, cuts in known.items():
        assert cuts == breaking.dictionary_breaks(word), word
        assert len(word) >= breaking.LONG_WORD
