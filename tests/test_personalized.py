"""A workbook personalized from a plan: names, program, meeting, letters, prefilled fields, packets."""

from __future__ import annotations

import stat
import unicodedata
from pathlib import Path

from click.testing import CliRunner

from tests.conftest import SIX, run_build
from tests.pdfcheck import Pdf, active_content
from workbook.cli import main
from workbook.plan import load_plan

NAMES = ["Nguyễn Thị Lan", "Łukasz Kowalski", "Zoë O'Brien", "Ιωάννα Παπαδοπούλου", "Дмитрий Иванов",
         "Maria Lopez"]


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def test_every_name_prints_exactly(six: Pdf) -> None:
    text = nfc(six.printed)
    for name in NAMES:
        assert name in text, name
        assert f"{name}: intervention letter" in text
    assert "A plan for Sam" in text


def test_yaml_never_changes_what_was_typed(six: Pdf) -> None:
    values = six.values
    assert values["compare.network.p1"] == "No"
    assert values["compare.cost.p1"] == "0123"
    assert values["compare.admission.p1"] == "2026-12-05"
    assert values["meeting.when"] == "Saturday, December 5, 9:30"
    assert values["meeting.sober"] == "Off"
    for typed in ("No", "0123", "2026-12-05", "9:30", "Off"):
        assert typed in six.printed


def test_markup_in_plan_text_prints_literally(six: Pdf) -> None:
    text = six.printed
    assert "Tom & Jerry <3 Café" in text
    assert "<b>not bold</b> {{ x }} **x**" in text
    assert "<font size=2000>big</font>" in text
    assert active_content(six.path) == []


def test_program_meeting_and_resources_are_filled_in(six: Pdf) -> None:
    text = six.printed
    for value in ("Riverside Recovery Center", "(555) 010-0100", "Lakeview Outpatient", "Dana Ruiz, (555) 010-0142",
                  "Springfield Al-Anon", "springfield-alanon.example.org"):
        assert value in text, value
    values = six.answers  # a prefilled answer in a ruled area is a field per line, joined back here
    assert values["chosen.name"] == "Riverside Recovery Center"
    assert values["compare.name.p2"] == "Lakeview Outpatient"
    assert nfc(values["team.1.name"]) == NAMES[0]
    assert values["team.1.role"] == "chair"
    assert nfc(values["team.4.name"]) == NAMES[3]
    assert nfc(values["agreement.5.name"]) == NAMES[4]
    assert values["consequence.1.will"] == "You can no longer stay at my apartment."
    assert values["consequence.4.will"] == "I will not lend you money."
    assert values["support.1.during"] == "I will visit every Sunday."
    assert nfc(values["meeting.seating"]).startswith(f"1. {NAMES[0]}\n2. {NAMES[1]}")


def test_every_compared_program_and_resource_note_prints(runner: CliRunner, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                         plan_file) -> None:
    plan = plan_file({"loved_one": {"name": "Sam"},
                      "program": {"name": "Chosen Place", "address": "12 River Road", "notes": "Bring ID"},
                      "alternatives": [{"name": f"Other {n}"} for n in range(2, 6)],
                      "resources": [{"name": "Local Group", "notes": "Tuesdays at seven"}]}, base=False)
    pdf = run_build(runner, tmp_path / "w.pdf", str(plan))
    text = pdf.printed
    for value in ("Chosen Place", "Other 2", "Other 3", "Other 4", "Other 5", "More programs compared (4 to 6)",
                  "12 River Road", "Local Group", "Tuesdays at seven"):
        assert value in text, value
    values = pdf.values
    assert values["compare.name.p5"] == "Other 5" and values["compare.notes.p1"] == "Bring ID"
    assert "compare.name.p6" in {w["name"] for w in pdf.widgets}


def test_fields_without_a_value_stay_blank(six: Pdf) -> None:
    by_name = {w["name"]: w for w in six.widgets}
    for name in ("compare.name.p3", "letter.2.love", "consequence.2.will", "meeting.rehearsals", "why.notes"):
        assert by_name[name]["value"] in (None, ""), name


def test_letter_reading_copy_and_salutation(six: Pdf) -> None:
    text = nfc(six.printed)
    assert "Reading copy: read this aloud" in text
    assert "Sam, I remember the day you taught me to fish." in text
    assert "What I love about you, and a memory I treasure (begin with \u201cDear Sam,\u201d)" in text
    assert "accept help at Riverside Recovery Center today" in text


def test_plan_people_decide_the_person_pages(six: Pdf) -> None:
    titles = [nfc(e.title) for e in six.outline]
    assert f"{NAMES[5]}: support plan" in titles
    assert not any(t.startswith("Person ") for t in titles)


def test_example_builds_and_checks(runner: CliRunner, example: Pdf, tmp_path: Path) -> None:
    assert "Maria Lopez" in example.printed
    result = runner.invoke(main, ["build", "--example", str(SIX), "-o", str(tmp_path / "f.pdf")])
    assert result.exit_code == 2 and "not both" in result.output


def test_check_ok_prints_a_summary(runner: CliRunner) -> None:
    result = runner.invoke(main, ["check", str(SIX)])
    assert result.exit_code == 0
    assert result.output.startswith("ok: ")
    assert "6 people, 1 typed letter, a chosen program, a meeting" in result.output
    assert "Sam" not in result.output


def test_per_person_packets(runner: CliRunner, tmp_path: Path) -> None:
    packets = tmp_path / "packets"
    result = runner.invoke(main, ["build", str(SIX), "-o", str(tmp_path / "all.pdf"), "--per-person", str(packets)])
    assert result.exit_code == 0, result.output
    files = sorted(p.name for p in packets.iterdir() if p.name != ".workbook-packets")  # the manifest (issue 21)
    assert len(files) == 6
    assert files[0] == "01-nguyễn-thị-lan.pdf" and files[5] == "06-maria-lopez.pdf"
    first = Pdf(packets / files[0])
    titles = [nfc(e.title) for e in first.outline]
    assert f"{NAMES[0]}: intervention letter" in titles
    assert f"{NAMES[0]}: consequence agreement" in titles and f"{NAMES[0]}: support plan" in titles
    assert not any(NAMES[1] in t for t in titles)
    for shared in ("Worksheet: Team and meeting plan", "Day-of sheet", "Worksheet: Group agreement",
                   "Worksheet: Aftercare and relapse plan", "Before you choose: three ways to help",
                   "Where to get help", *[f"Step {n}" for n in range(1, 6)]):
        assert any(t.startswith(shared) for t in titles), shared
    for family_only in ("Worksheet: Treatment program comparison", "Worksheet: After a no", "Notes"):
        assert family_only not in titles
    assert f"Pages for {NAMES[0]}" in nfc(first.pages[0])
    sixth = Pdf(packets / files[5])
    assert "letter.6.love" in {w["name"] for w in sixth.widgets}
    # a second run needs --force and leaves the packets alone without it
    again = runner.invoke(main, ["build", str(SIX), "-o", str(tmp_path / "new.pdf"), "--per-person", str(packets)])
    assert again.exit_code == 2 and "already exists" in again.output
    assert not (tmp_path / "new.pdf").exists()


def test_per_person_needs_a_plan(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["build", "-o", str(tmp_path / "w.pdf"), "--per-person", str(tmp_path / "p")])
    assert result.exit_code == 2 and "needs a plan" in result.output


def test_init_writes_a_private_commented_plan_that_checks(runner: CliRunner, tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    result = runner.invoke(main, ["init", str(plan)])
    assert result.exit_code == 0, result.output
    text = plan.read_text()
    assert text.startswith("#") and "loved_one:" in text and "participants:" in text
    assert stat.S_IMODE(plan.stat().st_mode) & 0o077 == 0
    assert load_plan(plan).loved_one.name == "Sam"
    plan.write_text("mine")
    result = runner.invoke(main, ["init", str(plan)])
    assert result.exit_code == 2 and "--force" in result.output
    assert plan.read_text() == "mine"
    assert runner.invoke(main, ["init", str(plan), "--force"]).exit_code == 0
    assert "loved_one:" in plan.read_text()


def test_init_interactive(runner: CliRunner, tmp_path: Path) -> None:
    plan = tmp_path / "ours.yaml"
    answers = "\n".join(["Zoë", "Ana", "sister", "chair", "Bo", "", "", "", "Riverside", "", "No", "9:30",
                         "Home", ""]) + "\n"
    result = runner.invoke(main, ["init", "--interactive", str(plan)], input=answers)
    assert result.exit_code == 0, result.output
    loaded = load_plan(plan)
    assert loaded.loved_one.name == "Zoë"
    assert [(p.name, p.relationship, p.role) for p in loaded.participants] == [("Ana", "sister", "chair"),
                                                                             ("Bo", "", "member")]
    assert loaded.program is not None and loaded.program.name == "Riverside"
    assert loaded.meeting is not None and (loaded.meeting.date, loaded.meeting.time) == ("No", "9:30")


def test_the_example_plan_shows_every_plan_key() -> None:
    """`workbook init` writes the example, so it is where every plan key is documented: none may be missing."""
    from dataclasses import fields, is_dataclass

    from workbook.api import example_plan_path

    missing: list[str] = []
    seen: set[type] = set()  # alternatives have the program's keys: shown once is enough

    def walk(values: list[object], path: str) -> None:
        first = values[0]
        if type(first) in seen:
            return
        seen.add(type(first))
        for field in fields(first):  # type: ignore[arg-type]
            if "spec" not in field.metadata:
                continue
            found = [getattr(v, field.name) for v in values]
            where = f"{path}{field.name}"
            items = [x for f in found for x in (f if isinstance(f, tuple) else (f,)) if x]
            if not items:
                missing.append(where)
            elif is_dataclass(items[0]):
                walk(items, where + ".")

    walk([load_plan(example_plan_path())], "")
    assert missing == []
