"""The ``workbook`` command as a user runs it: defaults, options, and clean errors that lose nothing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import assert_clean_exit, run_build
from tests.pdfcheck import Pdf, drawn_colours
from workbook import __version__
from workbook.cli import main


def test_version(runner: CliRunner) -> None:
    result = runner.invoke(main, ["--version"])
    assert result.exit_code == 0
    assert __version__ in result.output


def test_help_lists_commands_and_does_not_load_reportlab() -> None:
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from workbook.cli import main\n"
        "r = CliRunner().invoke(main, ['--help'])\n"
        "b = CliRunner().invoke(main, ['build', '--help'])\n"
        "print(r.exit_code, b.exit_code, 'reportlab' in sys.modules, 'build' in r.output, '--people' in b.output)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=600).stdout
    assert out.split() == ["0", "0", "False", "True", "True"]


def test_build_writes_the_default_file_in_the_current_folder(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main, ["build"])
    assert result.exit_code == 0, result.output
    pdf = tmp_path / "intervention-workbook.pdf"
    assert "Intervention Workbook" in Pdf(pdf).pages[0]
    assert [p.name for p in tmp_path.iterdir()] == ["intervention-workbook.pdf"]


def test_existing_output_is_kept_without_force(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "w.pdf"
    out.write_bytes(b"my own file")
    result = runner.invoke(main, ["build", "-o", str(out)])
    assert result.exit_code == 2
    assert "already exists" in result.output and "--force" in result.output
    assert_clean_exit(result, 2)
    assert out.read_bytes() == b"my own file"
    result = runner.invoke(main, ["build", "-o", str(out), "--force"])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF-")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["w.pdf"]


def test_missing_folder_is_a_clear_error(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["build", "-o", str(tmp_path / "nope" / "w.pdf")])
    assert result.exit_code == 2
    assert "folder does not exist" in result.output
    assert_clean_exit(result, 2)


def test_output_symlink_is_never_written_through(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "precious.txt"
    target.write_text("keep me")
    link = tmp_path / "w.pdf"
    link.symlink_to(target)
    result = runner.invoke(main, ["build", "-o", str(link), "--force"])
    assert result.exit_code == 2
    assert "symbolic link" in result.output
    assert target.read_text() == "keep me"


def test_bad_people_count(runner: CliRunner, tmp_path: Path) -> None:
    for value in ("0", "201"):
        result = runner.invoke(main, ["build", "-o", str(tmp_path / "w.pdf"), "--people", value])
        assert result.exit_code == 2
        assert "--people" in result.output
    assert not (tmp_path / "w.pdf").exists()


def test_unknown_layout_names_the_choices(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["build", "-o", str(tmp_path / "w.pdf"), "--layout", "legal"])
    assert result.exit_code == 2
    assert "unknown layout 'legal'" in result.output and "a4" in result.output and "letter" in result.output
    assert not (tmp_path / "w.pdf").exists()


def test_layout_file_that_extends_a_builtin(runner: CliRunner, tmp_path: Path, layout_file) -> None:  # type: ignore[no-untyped-def]
    custom = layout_file({"description": "Our agency", "colour": {"accent": "#003300"}}, extends="a4")
    pdf = run_build(runner, tmp_path / "w.pdf", "--layout", str(custom))
    assert pdf.page_size() == pytest.approx((595.28, 841.89), abs=0.5)
    assert ("fill", "#003300") in drawn_colours(pdf.path, pdf.page_of("Step 2: Understand why they said no"))


def test_bad_layout_file_names_each_problem(runner: CliRunner, tmp_path: Path, layout_file) -> None:  # type: ignore[no-untyped-def]
    custom = layout_file({"page": {"margin_left": "0.2in", "bleed": "1mm"}, "space": {"line_gap": "5mm"}},
                         name="tight.toml")
    result = runner.invoke(main, ["build", "-o", str(tmp_path / "w.pdf"), "--layout", str(custom)])
    assert result.exit_code == 2
    for expected in ("tight.toml", "page.margin_left", "page.bleed: unknown key", "space.line_gap", "8.7mm"):
        assert expected in result.output
    assert_clean_exit(result, 2)


@pytest.mark.parametrize(("values", "expected"), [
    ({"page": {"margin_left": "0pt"}}, "page.margin_left: at least 0.5in"),
    ({"type": {"body_size": "0pt"}}, "type.body_size: must be from 8pt to 20pt"),
    ({"type": {"body_size": "200pt"}}, "type.body_size: must be from 8pt to 20pt"),
    ({"page": {"margin_left": "3in", "margin_right": "3in"}}, "page: the margins leave 2.5in x 9.4in for text"),
    ({"page": {"size": ["3in", "4in"]}}, "page.size (width): must be from 4in to 48in"),
    ({"page": {"size": ["10000in", "11in"]}}, "page.size (width): must be from 4in to 48in"),
    ({"space": {"cell_padding": "1in"}}, "space.cell_padding: must be from 0pt to 12pt"),
    ({"footer": 3}, "footer: write text in quotes"),
])
def test_layout_values_out_of_range_are_errors(runner: CliRunner, tmp_path: Path, layout_file, values: dict,  # type: ignore[no-untyped-def]
                                                expected: str) -> None:
    custom = layout_file(values, name="odd.toml")
    result = runner.invoke(main, ["build", "-o", str(tmp_path / "w.pdf"), "--layout", str(custom)])
    assert result.exit_code == 2, result.output
    assert "odd.toml" in result.output and expected in result.output
    assert not (tmp_path / "w.pdf").exists()


def test_extending_a_missing_layout_names_the_file(runner: CliRunner, tmp_path: Path, layout_file) -> None:  # type: ignore[no-untyped-def]
    custom = layout_file({}, extends="nosuch", name="mine.toml")
    result = runner.invoke(main, ["build", "-o", str(tmp_path / "w.pdf"), "--layout", str(custom)])
    assert result.exit_code == 2
    assert "mine.toml: extends = 'nosuch': unknown layout 'nosuch'" in result.output


def test_extreme_layouts_that_are_accepted_still_build(runner: CliRunner, tmp_path: Path, layout_file) -> None:  # type: ignore[no-untyped-def]
    """The largest type on the smallest page the limits allow, as a booklet too: no layout failure."""
    small = layout_file({"page": {"size": ["5in", "6.2in"], "margin_left": "0.5in", "margin_right": "0.5in",
                                  "margin_top": "0.6in", "margin_bottom": "0.6in", "header_offset": "0.35in",
                                  "footer_offset": "0.3in"},
                         "space": {"cell_padding": "12pt", "line_gap": "20mm", "checkbox_size": "24pt"}},
                        extends="large-print", name="small.toml")
    big = layout_file({"type": {"body_size": "20pt", "body_leading": "32pt", "reading_size": "28pt",
                                "reading_leading": "42pt", "title_size": "48pt", "part_size": "36pt",
                                "section_size": "28pt", "subsection_size": "24pt", "small_size": "16pt",
                                "field_size": "20pt"},
                       "space": {"cell_padding": "12pt"}}, name="big.toml")
    spacious = layout_file({"space": {"cell_padding": "12pt", "line_gap": "20mm"}}, extends="large-print",
                           name="spacious.toml")
    for layout, extra in ((small, []), (big, ["--duplex"]), (spacious, ["--booklet"])):
        out = tmp_path / f"{layout.stem}{''.join(extra)}.pdf"
        assert "Step 5: Offer support" in run_build(runner, out, "--example", "--layout", str(layout), *extra).text
    result = runner.invoke(main, ["build", "-o", str(tmp_path / "b.pdf"), "--layout", str(big), "--booklet"])
    assert result.exit_code == 2 and "too small for its type when folded" in result.output


def test_a_layout_can_put_its_own_words_in_the_footer(runner: CliRunner, tmp_path: Path, layout_file) -> None:  # type: ignore[no-untyped-def]
    custom = layout_file({"footer": "Riverside Family Program"}, name="agency.toml")
    out = tmp_path / "w.pdf"
    pdf = run_build(runner, out, "--layout", str(custom))
    assert all("Riverside Family Program" in page for page in pdf.pages)
    layout_file({"footer": "\u738b"}, name="agency.toml")
    result = runner.invoke(main, ["build", "-o", str(out), "--layout", str(custom), "--force"])
    assert result.exit_code == 2 and "footer" in result.output
    assert "1 character" in result.output and "CJK script" in result.output and "\u738b" not in result.output


def test_layouts_command_lists_builtins(runner: CliRunner) -> None:
    result = runner.invoke(main, ["layouts"])
    assert result.exit_code == 0
    assert "letter" in result.output and "a4" in result.output and "A4" in result.output


def test_the_pdf_never_replaces_the_plan_or_another_output(runner: CliRunner, tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    assert runner.invoke(main, ["init", str(plan)]).exit_code == 0
    before = plan.read_bytes()
    result = runner.invoke(main, ["build", str(plan), "-o", str(plan), "--force"])
    assert result.exit_code == 2 and "never written to a .yaml file" in result.output
    assert plan.read_bytes() == before
    named_like_a_pdf = tmp_path / "plan.pdf"  # a plan whatever its name: still never replaced
    named_like_a_pdf.write_bytes(before)
    result = runner.invoke(main, ["build", str(named_like_a_pdf), "-o", str(named_like_a_pdf), "--force"])
    assert result.exit_code == 2 and "this is the plan file" in result.output
    named_like_a_pdf.unlink()
    packets = tmp_path / "packets"
    result = runner.invoke(main, ["build", str(plan), "--per-person", str(packets), "-o",
                                  str(packets / "01-maria-lopez.pdf")])
    assert result.exit_code == 2 and "two PDFs of this build" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.yaml"]
