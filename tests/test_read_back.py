"""``workbook read``: a filled workbook back into the plan that builds the same answers."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pikepdf
import pypdf
import pytest
from click.testing import CliRunner

from tests.conftest import assert_clean_exit
from tests.fill import field_values, full_name, pdfium_fill, pypdf_fill, qpdf_redraw, without_appearances
from tests.pdfcheck import Pdf
from workbook.cli import main
from workbook.plan import load_plan

PLANS = Path(__file__).parent / "plans"
EXAMPLE = Path(__file__).parent.parent / "workbook" / "content" / "en" / "example-plan.yaml"

# typed as a family would, in four scripts; the last two have no plan key and go under notes:
TYPED = {
    "title.name": "Sam",
    "team.1.name": "Nguyễn Thị Hồng",
    "team.1.relationship": "chị gái",
    "team.1.role": "chair",
    "team.2.name": "Γιώργος Παπαδόπουλος",
    "team.2.phone": "+30 210 555 0100",
    "team.3.name": "Ольга Иванова",
    "letter.1.love": "Em yêu anh. Nhớ mùa hè ở biển.",
    "letter.1.ask": "Hãy đi Riverside hôm nay.",
    "letter.2.love": "Σε αγαπώ, αδελφέ μου.",
    "letter.3.love": "Я тебя люблю.",
    "consequence.3.will": "Я не дам денег.",
    "support.2.during": "Θα σε επισκέπτομαι κάθε Κυριακή.",
    "meeting.place": "Maria's house, 40 Elm Street",
    "meeting.when": "Saturday, December 5, 9:00 am",
    "chosen.name": "Riverside Recovery",
    "aftercare.naloxone": "In the kitchen drawer at Maria's.",
    "objections.1.said": "I'll stop on my own <b>really</b>",
    "why.notes": "Боится ломки.",
}


def plan_dict(path: Path) -> dict:
    """The plan's values; ``language: en`` is the default, the same as none (an English workbook keeps no
    language field)."""
    plan = load_plan(path)
    english = [dataclasses.replace(p, language="" if p.language == "en" else p.language) for p in plan.participants]
    plan = dataclasses.replace(plan, language="" if plan.language == "en" else plan.language,
                               participants=tuple(english))
    return {k: v for k, v in dataclasses.asdict(plan).items() if k != "texts"}


def read(runner: CliRunner, filled: Path, out: Path, *args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(main, ["read", str(filled), "-o", str(out), *args])


def build(runner: CliRunner, out: Path, *args: str) -> Path:
    result = runner.invoke(main, ["build", "-o", str(out), *args])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def blank_pdf(blank: Pdf) -> Path:
    return blank.path


@pytest.mark.parametrize("plan, args", [
    (EXAMPLE, ()),
    (EXAMPLE, ("--layout", "a4", "--duplex")),
    (PLANS / "stress.yaml", ()),
    (PLANS / "six-people-mixed-scripts.yaml", ("--layout", "large-print")),
], ids=["example", "example-a4-duplex", "stress", "six-people-large-print"])
def test_a_built_workbook_reads_back_to_its_plan(runner: CliRunner, tmp_path: Path, plan: Path,
                                                 args: tuple[str, ...]) -> None:
    pdf = build(runner, tmp_path / "built.pdf", str(plan), *args)
    result = read(runner, pdf, tmp_path / "back.yaml")
    assert result.exit_code == 0, result.output
    assert plan_dict(tmp_path / "back.yaml") == plan_dict(plan)  # every key, every person, letters whole
    assert runner.invoke(main, ["check", str(tmp_path / "back.yaml")]).exit_code == 0


def test_a_packet_reads_back_its_person(runner: CliRunner, tmp_path: Path) -> None:
    build(runner, tmp_path / "all.pdf", "--example", "--per-person", str(tmp_path / "packets"))
    packet = sorted((tmp_path / "packets").glob("*.pdf"))[2]  # Ana Ruiz, the third speaker
    assert read(runner, packet, tmp_path / "back.yaml").exit_code == 0
    back = load_plan(tmp_path / "back.yaml")
    ana = next(p for p in back.participants if p.name == "Ana Ruiz")
    assert ana.letter == load_plan(EXAMPLE).participants[2].letter


def _check_built_from(runner: CliRunner, plan: Path, tmp_path: Path, filled: Path) -> None:
    """The plan read back passes check; the workbook built from it carries each typed value (as the viewer
    stored it: PDFium takes no more keys once a box is full)."""
    assert runner.invoke(main, ["check", str(plan)]).exit_code == 0
    stored = field_values(filled)
    typed = {name: stored[name].replace("\r\n", "\n") for name in TYPED}
    assert all(typed.values())
    values = Pdf(build(runner, tmp_path / "personal.pdf", str(plan))).answers  # a prefilled answer: one field a line
    for name, value in typed.items():
        if name.startswith("letter."):  # the letter prints whole as its reading copy
            person = name.split(".")[1]
            assert value in values[f"letter.{person}.text"], name
        else:
            assert values[name].replace("\r\n", "\n") == value, name


@pytest.fixture(scope="module")
def pypdf_filled(runner: CliRunner, blank_pdf: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The blank filled with TYPED by pypdf, and the plan ``workbook read`` made of it: (filled PDF, plan)."""
    folder = tmp_path_factory.mktemp("pypdf-filled")
    filled = pypdf_fill(blank_pdf, folder / "filled.pdf", TYPED)
    result = read(runner, filled, folder / "plan.yaml")
    assert result.exit_code == 0, result.output
    return filled, folder / "plan.yaml"


def test_a_blank_filled_with_pypdf_builds_each_value(runner: CliRunner, pypdf_filled: tuple[Path, Path],
                                                     tmp_path: Path) -> None:
    filled, plan_path = pypdf_filled
    plan = load_plan(plan_path)
    assert [p.name for p in plan.participants] == [TYPED[f"team.{n}.name"] for n in (1, 2, 3)]
    assert plan.participants[0].letter == f"{TYPED['letter.1.love']}\n\n{TYPED['letter.1.ask']}"
    assert plan.meeting is not None and (plan.meeting.date, plan.meeting.time) == ("Saturday, December 5", "9:00 am")
    assert dict(plan.notes)["objections.1.said"] == TYPED["objections.1.said"]  # literal text, not markup
    _check_built_from(runner, plan_path, tmp_path, filled)


@pytest.mark.parametrize("paste", [False, True], ids=["key-by-key", "paste"])
def test_a_blank_filled_in_pdfium_builds_each_value(runner: CliRunner, blank_pdf: Path, tmp_path: Path,
                                                    paste: bool) -> None:
    filled = pdfium_fill(blank_pdf, tmp_path / "filled.pdf", TYPED, paste=paste, ticks=("why.heated",))
    result = read(runner, filled, tmp_path / "plan.yaml")
    assert result.exit_code == 0, result.output
    assert dict(load_plan(tmp_path / "plan.yaml").notes)["why.heated"] == "yes"
    _check_built_from(runner, tmp_path / "plan.yaml", tmp_path, filled)
    ticked = pypdf.PdfReader(str(tmp_path / "personal.pdf")).get_fields()["why.heated"]
    assert ticked["/V"] == "/On"


def test_a_pasted_multiline_answer_keeps_its_lines_and_items(runner: CliRunner, blank_pdf: Path,
                                                              tmp_path: Path) -> None:
    typed = {"team.1.name": "Maria", "consequence.1.will": "No more money.\nNo more rides.",
             "chosen.contact": "(555) 010-0100\nriverside.example.org\n12 River Road\nSpringfield"}
    filled = pdfium_fill(blank_pdf, tmp_path / "filled.pdf", typed, paste=True)  # PDFium stores \r\n
    assert read(runner, filled, tmp_path / "plan.yaml").exit_code == 0
    plan = load_plan(tmp_path / "plan.yaml")
    assert plan.participants[0].consequences == ("No more money.", "No more rides.")
    assert plan.program is not None
    assert (plan.program.phone, plan.program.website, plan.program.address) == (
        "(555) 010-0100", "riverside.example.org", "12 River Road\nSpringfield")


@pytest.mark.parametrize("resave", [qpdf_redraw, without_appearances], ids=["qpdf", "appearances-removed"])
def test_the_value_is_read_not_the_appearance(runner: CliRunner, pypdf_filled: tuple[Path, Path], tmp_path: Path,
                                              resave) -> None:  # type: ignore[no-untyped-def]
    filled, direct = pypdf_filled
    again = resave(filled, tmp_path / "resaved.pdf")
    assert read(runner, again, tmp_path / "resaved.yaml").exit_code == 0
    assert plan_dict(tmp_path / "resaved.yaml") == plan_dict(direct)


def test_a_person_left_out_moves_up_with_their_pages(runner: CliRunner, blank_pdf: Path, tmp_path: Path) -> None:
    typed = {"team.1.name": "Maria", "team.3.name": "Ana", "consequence.3.because": "I mean it."}
    filled = pypdf_fill(blank_pdf, tmp_path / "filled.pdf", typed)
    assert read(runner, filled, tmp_path / "plan.yaml").exit_code == 0
    plan = load_plan(tmp_path / "plan.yaml")
    assert [p.name for p in plan.participants] == ["Maria", "Ana"]
    assert dict(plan.notes) == {"consequence.2.because": "I mean it."}  # Ana is the second person now


def test_an_existing_output_is_kept_without_force(runner: CliRunner, blank_pdf: Path, tmp_path: Path) -> None:
    filled = pypdf_fill(blank_pdf, tmp_path / "filled.pdf", {"team.1.name": "Maria"})
    out = tmp_path / "plan.yaml"
    out.write_text("mine\n")
    result = read(runner, filled, out)
    assert result.exit_code == 2 and "--force" in result.output
    assert out.read_text() == "mine\n"
    assert read(runner, filled, out, "--force").exit_code == 0
    assert load_plan(out).participants[0].name == "Maria"
    assert oct(out.stat().st_mode & 0o777) == "0o600"


SECRET = "Grandma's secret diagnosis"


def _hostile(kind: str, blank_pdf: Path, tmp_path: Path) -> Path:
    target = tmp_path / f"{kind}.pdf"
    if kind == "other-tool":
        writer = pypdf.PdfWriter()
        writer.add_blank_page(612, 792)
        writer.add_metadata({"/Creator": SECRET})
        writer.write(target)
    elif kind == "truncated":
        target.write_bytes(blank_pdf.read_bytes()[: blank_pdf.stat().st_size // 2])
    elif kind == "encrypted":
        with pikepdf.open(pypdf_fill(blank_pdf, tmp_path / "f.pdf", {"team.1.name": SECRET})) as pdf:
            pdf.save(target, encryption=pikepdf.Encryption(owner="pw", user="pw", R=6))
    elif kind == "future":
        with pikepdf.open(blank_pdf) as pdf:
            pdf.Root.AcroForm.WorkbookFormVersion = 99
            pdf.save(target)
    elif kind == "not-a-pdf":
        target.write_text(SECRET)
    elif kind == "huge-value":
        pypdf_fill(blank_pdf, target, {"team.1.name": "Maria", "letter.1.love": SECRET + " x" * 600_000})
    elif kind == "print-edition":
        target = build(CliRunner(), target, "--no-fields")
    return target


@pytest.mark.parametrize("kind", ["other-tool", "truncated", "encrypted", "future", "not-a-pdf", "huge-value",
                                  "print-edition"])
@pytest.mark.parametrize("command", ["read", "flatten"])
def test_a_hostile_file_is_refused_clearly(runner: CliRunner, blank_pdf: Path, tmp_path: Path, kind: str,
                                           command: str) -> None:
    source = _hostile(kind, blank_pdf, tmp_path)
    out = tmp_path / ("plan.yaml" if command == "read" else "print.pdf")
    result = runner.invoke(main, [command, str(source), "-o", str(out)])
    assert result.exit_code == 2, result.output
    assert result.output.startswith("workbook: error: ") and str(source) in result.output
    assert SECRET not in result.output
    assert_clean_exit(result, 2)
    assert not out.exists()


def test_control_characters_are_left_out_and_markup_stays_text(runner: CliRunner, blank_pdf: Path,
                                                              tmp_path: Path) -> None:
    typed = {"team.1.name": "Maria\x07\x1b[31m", "meeting.place": '<font size="80">Elm</font> & <b>'}
    filled = pypdf_fill(blank_pdf, tmp_path / "filled.pdf", typed)
    result = read(runner, filled, tmp_path / "plan.yaml")
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output and "control character" in result.output
    plan = load_plan(tmp_path / "plan.yaml")
    assert plan.participants[0].name == "Maria[31m"
    assert plan.meeting is not None and plan.meeting.place == typed["meeting.place"]
    values = field_values(build(runner, tmp_path / "personal.pdf", str(tmp_path / "plan.yaml")))
    assert values["meeting.place"] == typed["meeting.place"]


def test_an_answer_too_long_for_its_key_is_kept_under_notes(runner: CliRunner, blank_pdf: Path,
                                                            tmp_path: Path) -> None:
    long = "I will not pay your phone bill. " * 20  # 640 characters: one consequence holds 500
    filled = pypdf_fill(blank_pdf, tmp_path / "filled.pdf", {"team.1.name": "Maria", "consequence.1.will": long})
    assert read(runner, filled, tmp_path / "plan.yaml").exit_code == 0
    plan = load_plan(tmp_path / "plan.yaml")
    assert plan.participants[0].consequences == ()
    assert dict(plan.notes)["consequence.1.will"] == long.strip()
    values = field_values(build(runner, tmp_path / "personal.pdf", str(tmp_path / "plan.yaml")))
    parts = sorted((n for n in values if n == "consequence.1.will" or n.startswith("consequence.1.will-")),
                   key=lambda n: int(n.rpartition("-")[2]) if "-" in n else 1)  # a field on each rule
    assert "".join(values[n] for n in parts) == long.strip()


def test_a_letter_printed_as_its_reading_copy_is_kept_in_a_hidden_read_only_field(built) -> None:  # type: ignore[no-untyped-def]
    with pikepdf.open(built("--example").path) as pdf:
        for page in pdf.pages:
            for annot in page.obj.get("/Annots", []):
                parent = annot.get("/Parent")
                if parent is not None and str(parent.get("/T")) == "text":
                    assert int(annot.F) == 2  # hidden: neither shown nor printed
                    assert int(parent.Ff) & 1  # read-only
                    assert str(parent.V).startswith("Sam, ")
                    return
    pytest.fail("no letter.N.text field")


VIEWERS = Path(__file__).resolve().parents[2] / "shared" / "tools" / "pdf-in-viewers"


@pytest.mark.skipif(not VIEWERS.exists(), reason="the browser test tool (pdf-in-viewers) is not here: it comes with "
                                                 "the project's shared tools")
def test_a_blank_filled_and_saved_in_pdfjs_builds_each_value(runner: CliRunner, blank_pdf: Path,
                                                             tmp_path: Path) -> None:
    import subprocess

    typed = {"team.1.name": "Nguyễn Thị Hồng", "team.1.role": "chair", "team.2.name": "Ольга Иванова",
             "team.3.name": "Σοφία", "meeting.place": "Maria's house", "meeting.when": "Saturday, 9:00 am"}
    with pikepdf.open(blank_pdf) as pdf:
        page = next(n for n, p in enumerate(pdf.pages, start=1)
                    for a in p.obj.get("/Annots", []) if full_name(a) == "meeting.place")
    filled = tmp_path / "filled.pdf"
    run = subprocess.run([str(VIEWERS), "firefox", str(blank_pdf), str(page), str(tmp_path / "shot.png"),
                          *(f"{k}={v}" for k, v in typed.items()), "--save", str(filled)],
                         capture_output=True, text=True, timeout=600)
    if run.returncode != 0 or not filled.exists():
        pytest.skip(f"pdf.js could not run here: {run.stderr[-200:]}")
    assert read(runner, filled, tmp_path / "plan.yaml").exit_code == 0
    plan = load_plan(tmp_path / "plan.yaml")
    assert [p.name for p in plan.participants] == ["Nguyễn Thị Hồng", "Ольга Иванова", "Σοφία"]
    values = field_values(build(runner, tmp_path / "personal.pdf", str(tmp_path / "plan.yaml")))
    for name, value in typed.items():
        assert values[name] == value, name


def test_a_person_with_only_notes_typed_is_kept(runner: CliRunner, blank_pdf: Path, tmp_path: Path) -> None:
    filled = pypdf_fill(blank_pdf, tmp_path / "filled.pdf", {"team.1.name": "Maria",
                                                             "consequence.4.because": "It keeps us safe."})
    result = read(runner, filled, tmp_path / "plan.yaml")
    assert result.exit_code == 0 and "participants[2].name" in result.output
    plan = load_plan(tmp_path / "plan.yaml")
    assert [p.name for p in plan.participants] == ["Maria", "Person 2"]
    values = field_values(build(runner, tmp_path / "personal.pdf", str(tmp_path / "plan.yaml")))
    assert values["consequence.2.because"] == "It keeps us safe."


def test_a_typed_signature_and_date_come_back_in_their_fields(runner: CliRunner, blank_pdf: Path,
                                                              tmp_path: Path) -> None:
    typed = {"team.1.name": "Maria", "agreement.1.signature": "Maria L.", "agreement.1.date": "1 December 2026"}
    filled = pypdf_fill(blank_pdf, tmp_path / "filled.pdf", typed)
    assert read(runner, filled, tmp_path / "plan.yaml").exit_code == 0
    assert dict(load_plan(tmp_path / "plan.yaml").notes) == {"agreement.1.signature": "Maria L.",
                                                             "agreement.1.date": "1 December 2026"}
    values = field_values(build(runner, tmp_path / "personal.pdf", str(tmp_path / "plan.yaml")))
    assert {name: values[name] for name in typed} == typed
