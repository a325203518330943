"""A plan (or none, for the blank workbook) -> the dict that the content templates read.

Every value is plain text here; escaping happens once, in the templating environment.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from workbook.plan import Plan, Program

RESOURCES_CHECKED_ON = "November 26, 2026"
DEFAULT_PEOPLE = 4


def build_context(plan: Plan | None, people: int, strings: dict[str, str]) -> dict[str, Any]:
    """The template context for a personalized workbook, or a blank one with ``people`` people."""
    if plan is None:
        return _blank(people, strings)
    return _personalized(plan, strings)


def _program(program: Program | None) -> dict[str, str]:
    keys = ("name", "phone", "website", "address", "level_of_care", "insurance", "cost", "admission", "notes")
    values = {key: (getattr(program, key) if program else "") for key in keys}
    values["contact"] = "\n".join(v for v in (values["phone"], values["website"]) if v)
    values["contact_full"] = "\n".join(v for v in (values["phone"], values["website"], values["address"]) if v)
    return values


def _meeting(plan: Plan | None) -> dict[str, str]:
    meeting = plan.meeting if plan else None
    interventionist = ""
    if meeting and meeting.interventionist:
        person = meeting.interventionist
        interventionist = ", ".join(v for v in (person.name, person.phone) if v)
    when = ", ".join(v for v in (meeting.date, meeting.time) if v) if meeting else ""
    order = ""
    if plan and plan.participants:
        order = "\n".join(f"{n}. {p.name}" for n, p in enumerate(plan.participants, start=1))
    return {
        "interventionist": interventionist,
        "when": when,
        "place": meeting.place if meeting else "",
        "sober_plan": meeting.sober_plan if meeting else "",
        "no_excuse": meeting.no_excuse if meeting else "",
        "transport": meeting.transport if meeting else "",
        "bag": meeting.bag if meeting else "",
        "speaking_order": order,
        "rehearsals": meeting.rehearsals if meeting else "",
    }


def _blank(people: int, strings: dict[str, str]) -> dict[str, Any]:
    persons = [
        {
            "number": n,
            "heading": f"Person {n}",
            "name": "",
            "relationship": "",
            "role": "",
            "phone": "",
            "salutation": "",
            "letter": "",
            "consequences": "",
            "support": "",
            "program_name": "the program we chose",
        }
        for n in range(1, people + 1)
    ]
    return {
        "strings": strings,
        "loved_one": "",
        "loved_one_or_they": "our loved one",
        "people": persons,
        "roster": persons + _extra_rows(people, max(6, people)),
        "program": _program(None),
        "compare": [_program(None)] * 3,
        "meeting": _meeting(None),
        "resources": [],
        "checked_on": RESOURCES_CHECKED_ON,
    }


def _extra_rows(start: int, total: int) -> list[dict[str, Any]]:
    return [
        {"number": n, "name": "", "relationship": "", "role": "", "phone": ""}
        for n in range(start + 1, total + 1)
    ]


def _personalized(plan: Plan, strings: dict[str, str]) -> dict[str, Any]:
    name = plan.loved_one.name
    program = _program(plan.program)
    persons = []
    for n, person in enumerate(plan.participants, start=1):
        persons.append(
            {
                "number": n,
                "heading": person.name,
                "name": person.name,
                "relationship": person.relationship,
                "role": person.role,
                "phone": person.phone,
                "salutation": f"Dear {name},",
                "letter": person.letter,
                "consequences": "\n".join(person.consequences),
                "support": "\n".join(person.support),
                "program_name": plan.program.name if plan.program and plan.program.name else "the program",
            }
        )
    compare = [program] + [_program(alt) for alt in plan.alternatives[:2]]
    compare += [_program(None)] * (3 - len(compare))
    return {
        "strings": strings,
        "loved_one": name,
        "loved_one_or_they": name,
        "people": persons,
        "roster": persons + _extra_rows(len(persons), max(6, len(persons))),
        "program": program,
        "compare": compare,
        "meeting": _meeting(plan),
        "resources": [
            {"name": r.name, "phone": r.phone, "url": r.url} for r in plan.resources
        ],
        "checked_on": RESOURCES_CHECKED_ON,
    }
