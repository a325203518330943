"""Safe, evidence-based guidance: what a clinician reading the printed workbook checks for (issue 11)."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from tests.conftest import needs_tool, run_build, write_plan
from tests.pdfcheck import Pdf, active_content, italic_runs
from tests.readability import grade, printed_prose
from workbook.api import example_plan_path
from workbook.plan import load_plan

CRAFT_CITATION = ("Miller, W. R., Meyers, R. J., & Tonigan, J. S. (1999). Engaging the unmotivated in treatment for "
                  "alcohol problems")


def section(pdf: Pdf, title: str) -> str:
    """The text of the pages of the outline entry ``title`` and its sub-entries (up to the page where the next
    entry at its level or above starts, that page included)."""
    entries = pdf.outline
    index = next(i for i, e in enumerate(entries) if e.title == title)
    first = entries[index].page
    later = [e.page for e in entries[index + 1:] if e.level <= entries[index].level]
    last = later[0] if later else len(pdf.pages)
    return " ".join(pdf.pages[first - 1:last])


def test_overdose_safety_naloxone_and_tolerance(blank: Pdf) -> None:
    text = section(blank, "Safety first")
    for fact in ("naloxone", "without a prescription", "tolerance", "overdose", "911"):
        assert fact in text, fact
    assert "Worksheet: Aftercare and relapse plan" in [e.title for e in blank.outline]
    assert "naloxone" in section(blank, "Worksheet: Aftercare and relapse plan").lower()


def test_safety_page_says_when_not_to_meet(blank: Pdf) -> None:
    text = section(blank, "Safety first")
    assert "When not to hold the meeting at all" in text
    assert "1-800-799-7233" in text and "text START to 88788" in text
    assert "child" in text and "Child Protective Services" in text
    assert "988" in text
    assert "After a \"no\": watch and stay in touch" in text or "After a “no”: watch and stay in touch" in text


def test_craft_path_with_its_evidence_and_citation(blank: Pdf) -> None:
    titles = [e.title for e in blank.outline]
    assert titles.index("Before you choose: three ways to help") < titles.index(
        "Step 3: Plan and hold an intervention")
    text = section(blank, "Before you choose: three ways to help")
    for fact in ("Community Reinforcement and Family Training", "64%", "30%", "chose not to hold it",
                 "no surprises"):
        assert fact in text, fact
    assert "trained in CRAFT" in section(blank, "The CRAFT path: skills to practice at home")
    references = section(blank, "References")
    assert CRAFT_CITATION in references
    assert "Journal of Consulting and Clinical Psychology, 67(5), 688" in references


def test_consequences_ask_the_four_safety_questions(blank: Pdf) -> None:
    guide = section(blank, "Step 4: Agree on consequences and keep them")
    for question in ("Is it safe?", "Is it legal?", "Can I keep it?", "How will I say it calmly?",
                     "When safety comes first"):
        assert question in guide, question
    assert "for any reason except one" not in blank.text
    boxes = {w["name"] for w in blank.widgets if w["type"] == "/Btn"}
    assert {"consequence.1.check.safe", "consequence.1.check.legal", "consequence.1.check.keep",
            "consequence.1.check.calm"} <= boxes


def test_leaving_is_free_and_never_prevented(blank: Pdf, example_packets: tuple[Pdf, list[Pdf]]) -> None:
    example, _ = example_packets
    assert "They are free to leave" in blank.text
    assert "No one blocks a door, holds their keys" in blank.text
    for pdf in (blank, example):
        lowered = pdf.text.lower()
        for wrong in ("leave no easy way out", "excuse to leave", "car keys", "has the keys"):
            assert wrong not in lowered, wrong


def test_day_of_sheet_is_the_familys_and_fits_one_page(example_packets: tuple[Pdf, list[Pdf]]) -> None:
    example, _ = example_packets
    entries = example.outline
    index = next(i for i, e in enumerate(entries) if e.title == "Day-of sheet")
    page = entries[index].page
    assert entries[index + 1].page == page + 1, "the day-of sheet runs over one page"
    text = example.printed_pages[page - 1]  # the plan's values are drawn by their fields
    for value in ("Riverside Recovery", "(555) 010-0100", "Saturday 10:00", "Dana Ruiz", "Maria Lopez",
                  "Ana Ruiz", "Luis Lopez", "We are here because we love you", "Riverside has a bed today",
                  "That evening, a call and a text"):
        assert value in text, value
    for branch in ("They say yes:", "\u201cYes, but later\u201d:", "They say no:", "They walk out:",
                   "Stop or postpone:",
                   "postpone if they are drunk or high", "angry or aggressive", "If they walk out: who follows up"):
        assert branch in text, branch


def test_blank_day_of_sheet_fits_one_page(blank: Pdf) -> None:
    entries = blank.outline
    index = next(i for i, e in enumerate(entries) if e.title == "Day-of sheet")
    assert entries[index + 1].page == entries[index].page + 1
    assert "With what message" in blank.pages[entries[index].page - 1]


def test_example_models_aftercare_support_and_roles(example_packets: tuple[Pdf, list[Pdf]]) -> None:
    example, _ = example_packets
    values = example.values
    assert values["support.1.family"] == "I will join the family program on Thursdays."
    assert values["support.2.after"] == "I will drive you to every appointment after you come home."
    assert values["dayof.roles.1.calls911"] == "Luis Lopez"
    assert values["dayof.roles.1.closer"] == "Ana Ruiz"
    assert "talk with the staff first" in values["aftercare.leaves-early"]
    assert "naloxone" in values["aftercare.naloxone"]
    assert "Ana Ruiz: intervention letter" in [e.title for e in example.outline]
    assert "Sam, we have been friends since we were nine." in example.text
    plan = load_plan(example_plan_path())
    assert all(p.letter for p in plan.participants if p.role == "closer")


def test_plan_resources_print_under_our_local_resources(example_packets: tuple[Pdf, list[Pdf]]) -> None:
    example, _ = example_packets
    national = section(example, "Where to get help")
    national = national.split("Our local resources")[0]
    assert "Springfield Al-Anon" not in national
    values = example.values
    assert values["resources.1.name"] == "Springfield Al-Anon"
    assert values["resources.1.phone"] == "(555) 010-0177"
    assert values["resources.2.name"] == "Springfield Nar-Anon"
    assert "resources.4.name" in {w["name"] for w in example.widgets}  # room left to write more


def test_resources_page_is_honest_and_cites_properly(blank: Pdf) -> None:
    text = blank.text
    assert "Nar-Anon" in text and "Al-Anon" in text
    assert "We wrote this list in" in text and "We checked these numbers on" in text
    assert "were checked on" not in text
    assert "(n.d.)" not in text
    assert "Why is it So Hard to Quit Drugs" not in text
    assert "nida.nih.gov/publications/principles-drug-addiction-treatment" in text.replace(" ", "").replace("\n", "")
    glossary = section(blank, "Words you may hear")
    for term in ("In network:", "Level of care:", "Residential:", "Outpatient:", "Discharge:"):
        assert term in glossary, term


def test_odd_wording_is_gone(blank: Pdf, example_packets: tuple[Pdf, list[Pdf]]) -> None:
    example, _ = example_packets
    assert "program we chose today" not in blank.text
    assert "Dear Sam, What I love" not in example.text
    assert "What I love about you, and a memory I treasure (begin with \u201cDear Sam,\u201d)" in example.text


LABELS = {"Reading copy: read this aloud"}  # italic lines that name what follows them, not a page to turn to


def test_every_page_the_guide_points_at_is_in_the_same_document(
        blank: Pdf, example_packets: tuple[Pdf, list[Pdf]]) -> None:
    """A page name set in italics in the prose (outside the references) is a heading of the same PDF, and the
    page its bookmark opens prints that heading: in the blank workbook, the example and each packet (a name
    that a page break cuts in two is read whole)."""
    example, packets = example_packets
    checked = 0
    for pdf in (blank, example, *packets):
        references = pdf.page_of("References")
        headings: dict[str, int] = {}
        for entry in pdf.outline:
            headings.setdefault(entry.title.removeprefix("Worksheet: "), entry.page)
        runs = italic_runs(pdf.path)
        for n, (page, name) in enumerate(runs):
            after = runs[n + 1] if n + 1 < len(runs) else (0, "")
            if name not in headings and after[0] == page + 1 and f"{name} {after[1]}" in headings:
                name = f"{name} {after[1]}"  # a name that the page break cut in two (its second half is checked too)
            elif n and runs[n - 1][0] == page - 1 and f"{runs[n - 1][1]} {name}" in headings:
                continue  # ... that second half
            if page >= references or len(name.split()) < 2 or not name[0].isupper() or name in LABELS:
                continue
            assert name in headings, f"{pdf.path.name}, page {page}, points at '{name}', a page it does not hold"
            assert name in pdf.pages[headings[name] - 1], f"{pdf.path.name}: '{name}' is not on its page"
            checked += 1
    assert checked > 40, checked


def test_packets_never_point_at_pages_they_leave_out(example_packets: tuple[Pdf, list[Pdf]]) -> None:
    example, packets = example_packets
    whole = {e.title for e in example.outline}
    for packet in packets:
        held = {e.title for e in packet.outline}
        for title in whole - held:
            name = title.removeprefix("Worksheet: ")
            if len(name.split()) >= 2 and not name.startswith(("Maria", "Luis", "Ana")):
                assert name not in packet.text, f"{packet.path.name} names '{name}', a page it does not hold"
        lowered = packet.text.lower()
        for pointer in ("next page", "following page", "after a no page"):
            assert pointer not in lowered, f"{packet.path.name}: '{pointer}'"


def guide_prose(pdf: Pdf) -> dict[str, list[str]]:
    """The printed prose of ``pdf`` by part (tests/readability.py: printed_prose)."""
    return printed_prose(pdf.path, [(entry.title, entry.level, entry.page) for entry in pdf.outline])


@needs_tool(shutil.which("pdftotext") is not None, "needs pdftotext (Debian/Ubuntu: apt install poppler-utils)")
def test_guide_reads_at_grade_seven_or_under(blank: Pdf) -> None:
    """Measured on the printed text, part by part, as a family reads it."""
    parts = guide_prose(blank)
    everything = [text for texts in parts.values() for text in texts]
    assert len(everything) > 150 and len(parts) >= 12, {part: len(texts) for part, texts in parts.items()}
    assert "Withdrawal is what the body goes through when a drug it is used to stops." in " ".join(
        parts["Safety first"])  # a paragraph that runs on from one line to the next, read whole
    assert grade(everything) <= 7.0, grade(everything)
    for part, texts in parts.items():
        if sum(len(t.split()) for t in texts) >= 100:
            assert grade(texts) <= 7.0, (part, round(grade(texts), 1))


def test_the_grade_count_tells_easy_from_hard_text() -> None:
    easy = ["The cat sat on the mat. We love you. Please come with us today."]
    hard = ["Pharmacological interventions necessitate comprehensive multidisciplinary evaluation of "
            "physiological dependency characteristics, considering individualized contraindications."]
    assert grade(easy) < 3 < 14 < grade(hard)


def test_new_plan_keys_are_text_not_markup(runner: CliRunner, tmp_path: Path) -> None:
    """The meeting's opening, the walk-out message and the naloxone note print exactly as typed, in their fields."""
    literal = "<b>x</b> **y** {{ z }} & ```"
    plan = write_plan(tmp_path / "plan.yaml", {"loved_one": {"name": "Sam"}, "aftercare": {"naloxone": literal},
                                               "meeting": {"opening": literal, "walk_out": {"message": literal}}},
                      base=False)
    pdf = run_build(runner, tmp_path / "w.pdf", str(plan))
    for field in ("dayof.opening", "dayof.walkout.1.message", "aftercare.naloxone"):
        assert pdf.values[field] == literal, field
    assert active_content(pdf.path) == []


