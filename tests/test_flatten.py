"""``workbook flatten``: a print-ready copy of a filled workbook in which every typed answer is drawn whole."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner

from tests.fill import pdfium_fill, pypdf_fill
from workbook.cli import main

WORDS = ("morning", "kitchen", "brother", "summer", "laughing", "patience", "holiday", "church", "garden",
         "worried", "promise", "evening", "together", "grandmother", "coast", "river")


def pdf_text(path: Path) -> str:
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                         check=True, timeout=120).stdout
    return " ".join(out.replace("-\n", "").split())  # a word hyphenated at a line end is one word again


@pytest.fixture(scope="module")
def blank_pdf(runner: CliRunner, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("blank") / "blank.pdf"
    assert runner.invoke(main, ["build", "-o", str(out)]).exit_code == 0
    return out


def test_a_long_pasted_letter_prints_whole(runner: CliRunner, blank_pdf: Path, tmp_path: Path) -> None:
    letter = " ".join(WORDS[n % len(WORDS)] if n % 7 else f"{WORDS[n % len(WORDS)]}." for n in range(2000))
    filled = pdfium_fill(blank_pdf, tmp_path / "filled.pdf", {"team.1.name": "Maria", "letter.1.love": letter,
                                                              "objections.1.said": "I'm fine."}, paste=True)
    assert pypdf.PdfReader(str(filled)).get_fields()["letter.1.love"]["/V"] == letter  # Chrome keeps it whole
    result = runner.invoke(main, ["flatten", str(filled), "-o", str(tmp_path / "print.pdf")])
    assert result.exit_code == 0, result.output
    flat = tmp_path / "print.pdf"
    assert "/AcroForm" not in pypdf.PdfReader(str(flat)).trailer["/Root"]  # the form is gone
    text = re.sub(r" Page \d+ of \d+ Intervention Workbook Pages for each person", "", pdf_text(flat))
    assert letter in text  # every word, in order (the running footer and header taken out)
    assert "I'm fine." in text.replace("\u2019", "'")


def test_flatten_keeps_the_edition(runner: CliRunner, tmp_path: Path) -> None:
    source = tmp_path / "a4.pdf"
    assert runner.invoke(main, ["build", "--example", "--layout", "a4", "--duplex", "-o", str(source)]).exit_code == 0
    filled = pypdf_fill(source, tmp_path / "filled.pdf", {"objections.2.answer": "A doctor can help."})
    assert runner.invoke(main, ["flatten", str(filled), "-o", str(tmp_path / "print.pdf")]).exit_code == 0
    flat = pypdf.PdfReader(str(tmp_path / "print.pdf"))
    assert round(float(flat.pages[0].mediabox.width)) == 595  # A4
    assert len(flat.pages) % 2 == 0  # double-sided: parts start on right-hand pages
    text = pdf_text(tmp_path / "print.pdf")
    for typed in ("A doctor can help.", "Riverside Recovery Center", "I will not go out drinking with you any more."):
        assert typed in text


def test_flatten_never_replaces_without_force(runner: CliRunner, blank_pdf: Path, tmp_path: Path) -> None:
    filled = pypdf_fill(blank_pdf, tmp_path / "filled.pdf", {"team.1.name": "Maria"})
    out = tmp_path / "print.pdf"
    out.write_bytes(b"mine")
    result = runner.invoke(main, ["flatten", str(filled), "-o", str(out)])
    assert result.exit_code == 2 and "--force" in result.output
    assert out.read_bytes() == b"mine"
    same = runner.invoke(main, ["flatten", str(filled), "-o", str(filled), "--force"])
    assert same.exit_code == 2 and "filled workbook itself" in same.output


def test_a_packet_flattens_to_that_persons_packet(runner: CliRunner, tmp_path: Path) -> None:
    assert runner.invoke(main, ["build", "--example", "-o", str(tmp_path / "all.pdf"),
                                "--per-person", str(tmp_path / "packets")]).exit_code == 0
    packet = sorted((tmp_path / "packets").glob("*.pdf"))[1]  # Luis Lopez
    assert runner.invoke(main, ["flatten", str(packet), "-o", str(tmp_path / "print.pdf")]).exit_code == 0
    flat = pypdf.PdfReader(str(tmp_path / "print.pdf"))
    assert len(flat.pages) == len(pypdf.PdfReader(str(packet)).pages)
    assert "Pages for Luis Lopez" in " ".join((flat.pages[0].extract_text() or "").split())
    assert "I will drive you to every appointment after you come home." in pdf_text(tmp_path / "print.pdf")


def test_a_typed_signature_and_date_print(runner: CliRunner, blank_pdf: Path, tmp_path: Path) -> None:
    typed = {"team.1.name": "Maria", "agreement.1.signature": "Maria L.", "agreement.1.date": "1 December 2026"}
    filled = pypdf_fill(blank_pdf, tmp_path / "filled.pdf", typed)
    assert runner.invoke(main, ["flatten", str(filled), "-o", str(tmp_path / "print.pdf")]).exit_code == 0
    text = pdf_text(tmp_path / "print.pdf")
    assert "Maria L." in text and "1 December 2026" in text
