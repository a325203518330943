"""A plan (or none, for the blank workbook) -> the dict that the content templates read.

Every value is plain text here; escaping happens once, in the templating environment.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from workbook.answers import join_items
from workbook.plan import SKILLS
from workbook.templating import load_strings

if TYPE_CHECKING:
    from workbook.plan import Participant, Plan, Program

RESOURCES_WRITTEN = "November 2026"  # when the list of national services was written (not a check)
DEFAULT_PEOPLE = 4
ROSTER_ROWS = 6
LOCAL_RESOURCE_ROWS = 4  # at least this many rows under "Our local resources"
COMPARE_COLUMNS = 3  # programs side by side on one comparison sheet


def build_context(plan: Plan | None, people: int, language: str = "en",
                  packet: int | None = None) -> dict[str, Any]:
    """The template context: personalized from ``plan`` or blank with ``people`` people, in ``language``.

    With ``packet`` (a person's number, from 1) the context is that person's packet: their own pages
    and the shared ones. A person whose plan entry sets ``language:`` gets their own pages in it.
    """
    strings = load_strings(language)
    name = plan.loved_one.name if plan else ""
    participants = plan.participants if plan else ()
    persons = [_person(n, p, plan, p.language or language) for n, p in enumerate(participants, start=1)]
    if not persons:
        persons = [_person(n, None, None, language) for n in range(1, people + 1)]
    extra = [_person(n, None, None, language) for n in range(len(persons) + 1, ROSTER_ROWS + 1)]
    program = plan.program if plan else None
    compared = [_program(program)] + [_program(alt) for alt in (plan.alternatives if plan else ())]
    compared += [_program(None)] * (-len(compared) % COMPARE_COLUMNS)  # whole sheets of three
    return {
        "strings": strings,
        "language": language,
        "path": (plan.path if plan else "") or "ladder",
        "plan_path": plan.path if plan else "",  # as the plan gives it, kept for workbook read
        # the CRAFT skill worksheets this document holds: all of them, or those a person's packet asks for
        "craft_skills": _craft_skills(persons[packet - 1]["skills"] if packet else SKILLS),
        "loved_one": name,
        "loved_one_or_they": name or strings["our_loved_one"],
        "people": [persons[packet - 1]] if packet else persons,
        "packet": packet is not None,
        "packet_owner": persons[packet - 1]["name"] if packet else "",
        "roster": persons + extra,
        "program": _program(program),
        # one comparison sheet per three programs (the chosen one first), numbered on across sheets
        "compare_sheets": [[{"number": start + i + 1, **program} for i, program in
                            enumerate(compared[start:start + COMPARE_COLUMNS])]
                           for start in range(0, len(compared), COMPARE_COLUMNS)],
        "meeting": _meeting(plan),
        "aftercare": _aftercare(plan),
        "local_resources": _local_resources(plan),
        "resources_written": RESOURCES_WRITTEN,
    }


def _person(number: int, person: Participant | None, plan: Plan | None, language: str) -> dict[str, Any]:
    """One person's values; the words code adds (a stand-in heading, "Dear ...,") in their ``language``."""
    strings = load_strings(language)
    program = plan.program.name if plan and plan.program and plan.program.name else ""
    name = person.name if person else ""
    loved_one = plan.loved_one.name if plan else ""
    return {
        "number": number,
        "language": language,
        "heading": name or strings["person_heading"].format(number=number),
        "name": name,
        "relationship": person.relationship if person else "",
        "role": person.role if person else "",
        "phone": person.phone if person else "",
        "salutation": strings["salutation"].format(name=loved_one) if loved_one else "",
        "letter": person.letter if person else "",
        "consequences": join_items(person.consequences) if person else "",
        "support": join_items(person.support) if person else "",
        "family_program": join_items(person.family_program) if person else "",
        "after_discharge": join_items(person.after_discharge) if person else "",
        "own_support": join_items(person.own_support) if person else "",
        "skills": person.skills if person else (),
        "program_name": program or strings["our_program"],
    }


def _craft_skills(wanted: tuple[str, ...]) -> list[str]:
    """The skill worksheets asked for, once each, in the guide's order."""
    return [skill for skill in SKILLS if skill in wanted]


def _program(program: Program | None) -> dict[str, str]:
    keys = ("name", "phone", "website", "address", "level_of_care", "insurance", "cost", "admission", "notes")
    values = {key: (getattr(program, key) if program else "") for key in keys}
    values["contact"] = "\n".join(v for v in (values["phone"], values["website"]) if v)
    values["contact_line"] = ", ".join(v for v in (values["name"], values["phone"]) if v)
    values["contact_full"] = "\n".join(v for v in (values["phone"], values["website"], values["address"]) if v)
    return values


def _meeting(plan: Plan | None) -> dict[str, str]:
    meeting = plan.meeting if plan else None
    keys = ("place", "sober_plan", "no_excuse", "transport", "bag", "rehearsals", "driver", "calls_911",
            "opening", "bargaining")
    values = {key: (getattr(meeting, key) if meeting else "") for key in keys}
    person = meeting.interventionist if meeting else None
    values["interventionist"] = ", ".join(v for v in (person.name, person.phone) if v) if person else ""
    values["when"] = ", ".join(v for v in (meeting.date, meeting.time) if v) if meeting else ""
    walk_out = meeting.walk_out if meeting else None
    for key in ("who", "when", "message"):
        values[f"walk_out_{key}"] = getattr(walk_out, key) if walk_out else ""
    participants = plan.participants if plan else ()
    values["speaking_order"] = "\n".join(f"{n}. {p.name}" for n, p in enumerate(participants, start=1))
    for role in ("chair", "closer"):  # the people given this role, as the day-of sheet names them
        values[role] = ", ".join(p.name for p in participants if p.role.strip().lower() == role)
    return values


def _aftercare(plan: Plan | None) -> dict[str, str]:
    aftercare = plan.aftercare if plan else None
    keys = ("yes_but_next_week", "yes_but_first", "leaves_early", "return_to_use", "continuing_care", "medicine",
            "release", "naloxone")
    return {key: (getattr(aftercare, key) if aftercare else "") for key in keys}


def _local_resources(plan: Plan | None) -> list[dict[str, Any]]:
    """The rows of "Our local resources": the plan's resources first, then blank rows (at least four in all)."""
    rows = [{"name": r.name, "phone": r.phone, "notes": "\n".join(v for v in (r.url, r.notes) if v),
             "lines": 2 if r.url and r.notes else 1} for r in (plan.resources if plan else ())]
    rows += [{"name": "", "phone": "", "notes": "", "lines": 1}] * max(0, LOCAL_RESOURCE_ROWS - len(rows))
    return [{"number": n, **row} for n, row in enumerate(rows, start=1)]
