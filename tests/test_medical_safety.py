"""What keeps a loved one alive around a detox or a refusal, as a clinician checks the printed workbook (issue 16):
medicines, deadly withdrawal, the overdose steps, lethal means, court-ordered treatment, consent, vetting, scope,
insurance, and an example plan that models them."""

from __future__ import annotations

import re

from tests.pdfcheck import Pdf
from tests.test_guidance import section
from workbook.api import example_plan_path
from workbook.plan import load_plan

MEDICINES = ("Buprenorphine", "Methadone", "Naltrexone", "Acamprosate", "Disulfiram")
OVERDOSE_STEPS = ("Call 911.", "Give naloxone.", "Give it anyway", "Help them breathe.", "roll them onto their side",
                  "Give a second dose", "2 to 3 minutes", "Stay with them", "can wear off", "Good Samaritan",
                  "sleep it off")


def _folded(text: str) -> str:
    """Curly quotes as straight ones, so a test can name a phrase as typed."""
    return text.replace("\u201c", '"').replace("\u201d", '"').replace("\u2019", "'")


def _page_after(pdf: Pdf, title: str) -> tuple[str, str]:
    """The outline entry that follows ``title``, and the text of the page it starts on."""
    entries = pdf.outline
    index = next(i for i, e in enumerate(entries) if e.title == title)
    following = entries[index + 1]
    return following.title, pdf.pages[following.page - 1]


def test_medicines_are_named_and_detox_is_only_a_first_step(blank: Pdf) -> None:
    text = section(blank, "Medicines are treatment")
    for name in MEDICINES:
        assert name in text, name
    for fact in ("a first step, not treatment", "video visit", "low tolerance", "Keep the medicines they take now",
                 "Sordo", "Larochelle"):
        assert fact in text, fact
    references = section(blank, "References")
    for source in ("TIP 63", "BMJ, 357", "Annals of Internal Medicine, 169", "Alcohol Withdrawal Management"):
        assert source in references, source


def test_withdrawal_can_kill_and_no_sudden_stop_at_home(blank: Pdf) -> None:
    safety = _folded(section(blank, "Safety first"))
    for fact in ("Withdrawal can be deadly", "seizures", "delirium tremens", "Both can kill",
                 "Never ask for a sudden stop at home", "Call 911 for danger signs", "best time of day"):
        assert fact in safety, fact
    assert "sober, but not in withdrawal: ask the program" in section(blank, "Step 3: Plan and hold an intervention")
    assert "Time set with the program: sober, not in withdrawal" in section(blank, "Getting ready: the checklist")


def test_overdose_steps_on_the_safety_page_and_on_the_day_of_sheets_back(blank: Pdf) -> None:
    safety = _folded(section(blank, "Safety first"))
    title, back = _page_after(blank, "Day-of sheet")
    assert title == "Overdose and alcohol poisoning: what to do"
    back = _folded(back)
    for text in (safety, back):
        for step in OVERDOSE_STEPS:
            assert step in text, step
    assert "back of the day-of sheet" in back
    assert "pinpoints" in safety and "blue or gray" in safety
    assert re.search(r"1\.?\s*Call 911", back) and re.search(r"4\.?\s*Give a second dose", back)
    for harm_reduction in ("Never use alone", "fentanyl test strips", "two doses"):
        assert harm_reduction.lower() in safety.lower(), harm_reduction


def test_guns_and_medicines_are_locked_up(blank: Pdf) -> None:
    safety = section(blank, "Lock up guns and medicines")
    assert "Lock up or remove guns" in safety and "Lock up stored medicines" in safety and "988" in safety
    assert "Guns and stored medicines locked up" in section(blank, "Getting ready: the checklist")
    boxes = {w["name"] for w in blank.widgets if w["type"] == "/Btn"}
    assert "dayof.before.means" in boxes


def test_court_ordered_treatment_is_neutral_and_points_to_state_law(blank: Pdf) -> None:
    text = _folded(section(blank, "Step 4: Agree on consequences and keep them"))
    for fact in ("Can we make them go?", "court to order treatment", "Marchman Act", "Casey's Law", "Section 35",
                 "differ a lot from state to state", "risk of an overdose after release", "check your state's law"):
        assert fact in text, fact


def test_consequences_never_take_a_bed_id_phone_or_medicine(blank: Pdf) -> None:
    text = section(blank, "Step 4: Agree on consequences and keep them")
    assert "starting when you said you would" in text and "starting the same day" not in text
    for fact in ("Never these", "their ID", "their phone", "no changed locks", "legal aid"):
        assert fact in text, fact


def test_release_of_information_at_admission(blank: Pdf) -> None:
    privacy = section(blank, "Privacy: ask for a release")
    for fact in ("release of information", "42 CFR Part 2", "Never tell an employer"):
        assert fact in privacy, fact
    fields = {w["name"] for w in blank.widgets}
    assert {"chosen.release", "aftercare.release", "aftercare.medicine", "doors.found"} <= fields
    assert "a release form ready" in section(blank, "Getting ready: the checklist")
    assert "Updates (release)?" in section(blank, "Worksheet: Treatment program comparison")


def test_day_of_sheet_offers_a_smaller_step(blank: Pdf) -> None:
    entry = next(e for e in blank.outline if e.title == "Day-of sheet")
    page = _folded(blank.pages[entry.page - 1])
    assert "No to the program, yes to a smaller step: say yes, and book it now" in page
    assert "other doors" in page and "overdose steps follow it" in page
    assert "another door still open (a doctor, medicine)" in section(blank, "Pages for each person")


def test_vetting_questions_quality_signs_and_red_flags(blank: Pdf) -> None:
    text = _folded(section(blank, "Step 1: Choose a treatment program first"))
    for fact in ("Are you paid by any program you recommend?", "What training, license or certificate",
                 "What is your fee", "red flags", "paid to send callers", "licensed or accredited"):
        assert fact in text, fact
    assert "Red flags we saw" in section(blank, "Worksheet: Treatment program comparison")


def test_under_18_scope_and_insurance_appeals(blank: Pdf) -> None:
    assert "If your loved one is under 18" in section(blank, "How to use this workbook")
    paying = section(blank, "Paying for treatment")
    for fact in ("parity", "appeal", "outside review", "Medicaid", "sliding fee", "SAMHSA Helpline"):
        assert fact in paying, fact
    assert "Denied? Reason, appeal deadline" in section(blank, "Worksheet: Insurance call log")


def test_glossary_and_softened_superlatives(blank: Pdf) -> None:
    glossary = section(blank, "Words you may hear")
    for term in ("Withdrawal:", "Opioid:", "Fentanyl:", "Use disorder:", "Buprenorphine:", "Methadone:",
                 "Naltrexone:", "Acamprosate:", "Release of information:", "Harm reduction:", "Interventionist:"):
        assert term in glossary, term
    text = blank.text
    for wrong in ("highest risk", "one of the strongest reasons", "practise", "fuelled"):
        assert wrong not in text, wrong
    assert "among the most dangerous times" in text


def test_a_packet_carries_the_safety_facts(example_packets: tuple[Pdf, list[Pdf]]) -> None:
    _, packets = example_packets
    packet = packets[1]
    titles = [e.title for e in packet.outline]
    assert "Medicines are treatment" in titles and "Paying for treatment" in titles
    text = _folded(packet.text)
    for fact in (*MEDICINES, "Withdrawal can be deadly", "Give a second dose", "Good Samaritan",
                 "Lock up or remove guns", "Marchman Act", "release of information", "smaller step",
                 "Are you paid by any program you recommend?", "under 18", "appeal"):
        assert fact in text, fact


def test_example_plan_models_medicine_consent_and_safe_consequences(example_packets: tuple[Pdf, list[Pdf]]) -> None:
    plan = load_plan(example_plan_path())
    assert plan.aftercare is not None and plan.meeting is not None
    assert re.search(r"naltrexone|acamprosate|buprenorphine|methadone", plan.aftercare.medicine)
    assert "release" in plan.aftercare.return_to_use and plan.aftercare.release
    assert "nurse" in plan.meeting.sober_plan
    consequences = " ".join(c for p in plan.participants for c in p.consequences).lower()
    assert "keep paying your phone" in consequences
    for cut_off in ("not pay your phone", "take your phone", "change the locks", "move out"):
        assert cut_off not in consequences, cut_off
    plan_text = " ".join(value.text for value in plan.texts).lower()
    for disclosure in ("boss", "employer", "shift is covered", "your manager"):
        assert disclosure not in plan_text, disclosure
    assert plan.meeting.walk_out is not None and "call" in plan.meeting.walk_out.when
    example, _ = example_packets
    values = example.answers
    assert values["aftercare.medicine"] == plan.aftercare.medicine
    assert "nurse" in values["meeting.sober"]
    assert "If today is too much, I will go with you to see a doctor this week." in example.text
