"""``workbook init --interactive``: the questions, each answer checked as ``workbook check`` checks it and asked
again until it can be used. Ctrl-D ends the list of people; Ctrl-C stops with the answers given so far."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

from workbook.errors import PlanError, WorkbookError

ROLES = ("chair", "logistics", "closer", "member")
MAX_PEOPLE = 200


class InputEnded(WorkbookError):
    """Standard input ended (closed, or Ctrl-D) before the questions were answered."""

    def __init__(self) -> None:
        super().__init__("init -i: the input ended (Ctrl-D, or standard input is closed or not a terminal) before "
                         "the questions were answered; nothing was written. Answer at a terminal, or run "
                         "'workbook init' without -i for the example plan to edit")


class Interrupted(KeyboardInterrupt):
    """Ctrl-C during the questions; ``answers`` holds what was answered by then."""

    def __init__(self, answers: dict[str, Any]) -> None:
        super().__init__()
        self.answers = answers


def read_line(prompt: str) -> str:
    """One line typed after ``prompt``; EOFError when the input has ended (or there is none)."""
    if sys.stdin is None or sys.stdin.closed:
        raise EOFError
    try:
        return input(prompt)
    except RuntimeError:  # "lost sys.stdin"
        raise EOFError from None


class Interview:
    """Asks the questions through ``read``, in ``language``; ``answers`` grows as they are answered (kept on
    Ctrl-C). In another language than English, the plan says so (``language:``)."""

    def __init__(self, read: Callable[[str], str] | None = None, say: Callable[[str], None] = print,
                 language: str = "en") -> None:
        from workbook.templating import load_strings

        self.read = read or read_line
        self.say = say
        self.words = load_strings(language)
        self.answers: dict[str, Any] = {"language": language} if language != "en" else {}

    def run(self) -> dict[str, Any]:
        try:
            self._questions()
        except KeyboardInterrupt:
            raise Interrupted(self.answers) from None
        return self.answers

    def _questions(self) -> None:
        a, w = self.answers, self.words
        self.say(w["ask_intro"])
        a["loved_one"] = {}
        self._ask(a["loved_one"], "name", w["ask_loved_one"], "loved_one.name", required=True)
        self.say(w["ask_people_intro"])
        people: list[dict[str, Any]] = []
        a["participants"] = people
        while len(people) < MAX_PEOPLE:
            person: dict[str, str] = {}
            people.append(person)
            number = len(people)
            try:
                name = self._ask(person, "name", w["ask_person_name"].format(number=number),
                                 f"participants[{number}].name")
            except InputEnded:
                name = ""
                self.say("")
            if not name:
                people.pop()
                break
            where = f"participants[{number}]"
            self._ask(person, "relationship", w["ask_relationship"], f"{where}.relationship")
            self._ask(person, "role", w["ask_role"].format(roles=", ".join(ROLES)), f"{where}.role",
                      default="member")
        self.say(w["ask_program_intro"])
        a["program"] = {}
        self._ask(a["program"], "name", w["ask_program_name"], "program.name")
        self._ask(a["program"], "phone", w["ask_program_phone"], "program.phone")
        self.say(w["ask_meeting_intro"])
        a["meeting"] = {}
        for key in ("date", "time", "place"):
            self._ask(a["meeting"], key, w[f"ask_{key}"], f"meeting.{key}")

    def _ask(self, into: dict[str, str], key: str, label: str, path: str, required: bool = False,
             default: str = "") -> str:
        """Ask until the answer is one ``check`` accepts at ``path``; store it in ``into[key]``."""
        while True:
            try:
                value = self.read(f"{label}: ").strip() or default
            except EOFError:
                raise InputEnded() from None
            if not value and required:
                self.say(self.words["ask_needed"])
                continue
            into[key] = value
            problem = answer_problem(self.answers, path) if value else None
            if problem is None:
                return value
            del into[key]
            self.say(self.words["ask_again"].format(problem=problem))


def answer_problem(answers: dict[str, Any], path: str) -> str | None:
    """What ``workbook check`` would say about the answer at ``path`` (``participants[2].name``), or None."""
    from workbook.pdf.fonts import undrawable  # the same font check as check and build
    from workbook.plan import parse_plan
    from workbook.plan_writer import plan_text

    try:
        parse_plan(plan_text(_with_stand_in_name(answers), "plan.yaml"), "plan.yaml", undrawable)
    except PlanError as exc:
        for field, _, message in exc.problems:
            if field == path:
                return message
    return None


def _with_stand_in_name(answers: dict[str, Any]) -> dict[str, Any]:
    """The answers with a stand-in for the one required value not answered yet, so that only the answer
    being checked can fail."""
    if answers.get("loved_one", {}).get("name"):
        return answers
    return {**answers, "loved_one": {"name": "Name"}}
