"""A plan file (YAML) -> a validated, immutable :class:`Plan`, with every problem reported at once.

YAML never surprises here: every scalar stays the text the user typed (``No``, ``9:30``, ``0123``,
``2026-12-05``), and tags, anchors, aliases, duplicate keys, several documents and deep nesting are refused.
Problems name the field path (people counted from 1: ``participants[2].name``) and the line, never the text.
"""

from __future__ import annotations

import difflib
import os
import re
import stat
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

from workbook.errors import PlanError
from workbook.resources import LANGUAGES

MAX_FILE_BYTES = 1024 * 1024
MAX_DEPTH = 8
SHORT = 120  # names, phone numbers, roles
MEDIUM = 500  # addresses, notes, one consequence
LETTER = 20_000
MAX_PEOPLE = 200
MAX_ALTERNATIVES = 10
MAX_ITEMS = 20  # consequences, support lines
MAX_RESOURCES = 50
MAX_NOTES = 2000  # answers kept under notes: (a workbook of 200 people has about 3,000 fields)
FIELD_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,40}(?:\.[a-z0-9][a-z0-9_-]{0,40}){0,5}")  # e.g. objections.1.said

# libyaml's parser when PyYAML has it (about 10 times faster); both keep every scalar a string
_LOADER = getattr(yaml, "CBaseLoader", yaml.BaseLoader)
_ASCII_TEXT = re.compile(r"[\n\x20-\x7e]*")
_JOINERS = {"\u200c", "\u200d"}  # zero-width (non-)joiners shape some scripts: allowed
_KEY_LIKE = re.compile(r"[A-Za-z_]{1,30}")  # a key that may be a misspelling (a word, not a sentence)
_LINE_BREAKS = re.compile("\r\n|[\r\x85\u2028\u2029]")  # every Unicode line break becomes "\n"
_DIRECTION_CONTROLS = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C)}


# --- the schema: which keys, which types, which limits (kept on the plan's own fields) -----------------


@dataclass(frozen=True)
class Text:
    limit: int = SHORT
    multiline: bool = False
    required: bool = False


@dataclass(frozen=True)
class Record:
    """A mapping whose keys are the fields of ``cls`` that carry a spec (see :func:`plan_key`)."""

    cls: type
    required: bool = False

    @cached_property
    def keys(self) -> dict[str, Any]:
        return {f.name: f.metadata["spec"] for f in fields(self.cls) if "spec" in f.metadata}


@dataclass(frozen=True)
class Choice:
    """One word out of a fixed set (e.g. ``path: craft``)."""

    words: tuple[str, ...]


@dataclass(frozen=True)
class Items:
    item: Any
    limit: int
    text_ok: bool = False  # a single text is taken as a list of one


@dataclass(frozen=True)
class FieldNotes:
    """``notes:``: answers typed on worksheets that no other plan key holds, by form field name
    (``objections.1.said: ...``); ``build`` puts each back in its field, ``read`` writes them."""

    limit: int = MAX_NOTES
    required: bool = False


def plan_key(spec: Any) -> Any:
    """A plan key: its default (blank) and how its value is checked."""
    if isinstance(spec, (Text, Choice)):
        return field(default="", metadata={"spec": spec})
    if isinstance(spec, (Items, FieldNotes)):
        return field(default=(), metadata={"spec": spec})
    if spec.required:
        return field(default_factory=spec.cls, metadata={"spec": spec})
    return field(default=None, metadata={"spec": spec})


# --- the plan -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LovedOne:
    name: str = plan_key(Text(required=True))


@dataclass(frozen=True)
class Program:
    name: str = plan_key(Text())
    phone: str = plan_key(Text())
    website: str = plan_key(Text(MEDIUM))
    address: str = plan_key(Text(MEDIUM, multiline=True))
    level_of_care: str = plan_key(Text(MEDIUM))
    insurance: str = plan_key(Text(MEDIUM))
    cost: str = plan_key(Text(MEDIUM))
    admission: str = plan_key(Text(MEDIUM))
    notes: str = plan_key(Text(MEDIUM * 4, multiline=True))


@dataclass(frozen=True)
class Contact:
    name: str = plan_key(Text())
    phone: str = plan_key(Text())


@dataclass(frozen=True)
class WalkOut:
    """Who follows up if our loved one walks out of the meeting, when, and with what message."""

    who: str = plan_key(Text())
    when: str = plan_key(Text())
    message: str = plan_key(Text(MEDIUM, multiline=True))


@dataclass(frozen=True)
class Meeting:
    date: str = plan_key(Text())
    time: str = plan_key(Text())
    place: str = plan_key(Text(MEDIUM))
    interventionist: Contact | None = plan_key(Record(Contact))
    sober_plan: str = plan_key(Text(MEDIUM, multiline=True))
    no_excuse: str = plan_key(Text(MEDIUM, multiline=True))
    transport: str = plan_key(Text(MEDIUM, multiline=True))
    bag: str = plan_key(Text(MEDIUM, multiline=True))
    rehearsals: str = plan_key(Text(MEDIUM, multiline=True))
    driver: str = plan_key(Text())
    calls_911: str = plan_key(Text())
    opening: str = plan_key(Text(MEDIUM, multiline=True))
    bargaining: str = plan_key(Text(MEDIUM, multiline=True))
    walk_out: WalkOut | None = plan_key(Record(WalkOut))


@dataclass(frozen=True)
class Aftercare:
    """The family's plan for "yes, but...", leaving treatment early, a return to use, continuing care and medicine."""

    yes_but_next_week: str = plan_key(Text(MEDIUM, multiline=True))
    yes_but_first: str = plan_key(Text(MEDIUM, multiline=True))
    leaves_early: str = plan_key(Text(MEDIUM, multiline=True))
    return_to_use: str = plan_key(Text(MEDIUM, multiline=True))
    continuing_care: str = plan_key(Text(MEDIUM, multiline=True))
    medicine: str = plan_key(Text(MEDIUM, multiline=True))  # which medicine, who prescribes it, first visit
    release: str = plan_key(Text(MEDIUM, multiline=True))  # who the program may talk to (release of information)
    naloxone: str = plan_key(Text(MEDIUM, multiline=True))


_NOTE = Text(LETTER, multiline=True)
_SUPPORT_LINES = Items(Text(MEDIUM, multiline=True), MAX_ITEMS, text_ok=True)  # a list, or one line

PATHS = ("craft", "invitational", "surprise")  # the plan's ``path:``; left out, the guide follows the ladder
# The CRAFT skill worksheets, in the guide's order; a person's ``skills:`` picks those their packet holds.
SKILLS = ("safety", "triggers", "communication", "rewards", "self_care", "invitation")


@dataclass(frozen=True)
class Participant:
    name: str = plan_key(Text(required=True))
    relationship: str = plan_key(Text())
    role: str = plan_key(Text())
    phone: str = plan_key(Text())
    letter: str = plan_key(Text(LETTER, multiline=True))
    consequences: tuple[str, ...] = plan_key(Items(Text(MEDIUM, multiline=True), MAX_ITEMS, text_ok=True))
    support: tuple[str, ...] = plan_key(Items(Text(MEDIUM, multiline=True), MAX_ITEMS, text_ok=True))
    family_program: tuple[str, ...] = plan_key(_SUPPORT_LINES)
    after_discharge: tuple[str, ...] = plan_key(_SUPPORT_LINES)
    own_support: tuple[str, ...] = plan_key(_SUPPORT_LINES)
    skills: tuple[str, ...] = plan_key(Items(Choice(SKILLS), len(SKILLS), text_ok=True))
    language: str = plan_key(Choice(LANGUAGES))  # this person's pages and packet; left out: the plan's


@dataclass(frozen=True)
class Resource:
    name: str = plan_key(Text(required=True))
    phone: str = plan_key(Text())
    url: str = plan_key(Text(MEDIUM))
    notes: str = plan_key(Text(MEDIUM))


@dataclass(frozen=True)
class TextValue:
    """Where a text value came from, for checks made later (e.g. which characters the fonts can draw)."""

    path: str
    line: int | None
    text: str


@dataclass(frozen=True)
class Plan:
    loved_one: LovedOne = plan_key(Record(LovedOne, required=True))
    path: str = plan_key(Choice(PATHS))
    language: str = plan_key(Choice(LANGUAGES))  # en (left out) or es: the whole workbook's language
    program: Program | None = plan_key(Record(Program))
    alternatives: tuple[Program, ...] = plan_key(Items(Record(Program), MAX_ALTERNATIVES))
    meeting: Meeting | None = plan_key(Record(Meeting))
    participants: tuple[Participant, ...] = plan_key(Items(Record(Participant), MAX_PEOPLE))
    aftercare: Aftercare | None = plan_key(Record(Aftercare))
    resources: tuple[Resource, ...] = plan_key(Items(Record(Resource), MAX_RESOURCES))
    notes: tuple[tuple[str, str], ...] = plan_key(FieldNotes())
    texts: tuple[TextValue, ...] = field(default=(), repr=False, compare=False)

    def summary(self) -> str:
        """A one-line summary, in the plan's language, that repeats no names (terminal output can be seen or
        logged)."""
        from workbook.templating import load_strings

        words = load_strings(self.language or "en")

        def count(number: int, key: str) -> str:
            return words[f"summary_{key}_one" if number == 1 else f"summary_{key}"].format(count=number)

        parts = [count(len(self.participants), "people")]
        letters = sum(1 for p in self.participants if p.letter)
        if letters:
            parts.append(count(letters, "letters"))
        if self.program and self.program.name:
            parts.append(words["summary_program"])
        if self.meeting and (self.meeting.date or self.meeting.place):
            parts.append(words["summary_meeting"])
        return ", ".join(parts)


_SCHEMA = Record(Plan)


# --- reading ------------------------------------------------------------------------------------------


TextCheck = Callable[[str], str | None]  # one more check of each text value: a problem, or None


def load_plan(path: str | Path, check_text: TextCheck | None = None) -> Plan:
    """Read and validate a plan file; raise :class:`PlanError` listing every problem (``check_text``'s too)."""
    path = Path(path)
    text = _read(path)
    return parse_plan(text, str(path), check_text)


def _read(path: Path) -> str:
    name = str(path)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise PlanError(name, [("", None, "file not found; check the path, or make one with: workbook init")]) from None
    except OSError as exc:
        raise PlanError(name, [("", None, f"cannot be read ({exc.strerror})")]) from None
    if not stat.S_ISREG(info.st_mode):
        raise PlanError(name, [("", None, "is not a regular file; give the path of a .yaml plan file")])
    if info.st_size > MAX_FILE_BYTES:
        raise PlanError(name, [("", None, "is larger than 1 MiB; a plan is a short text file")])
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise PlanError(name, [("", None, f"cannot be read ({exc.strerror})")]) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise PlanError(name, [("", line, "is not UTF-8 text; save the file as UTF-8")]) from None


def parse_plan(text: str, name: str = "plan.yaml", check_text: TextCheck | None = None) -> Plan:
    """Validate plan text (already read) into a :class:`Plan`."""
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    ):
        raise PlanError(name, [("", None, "the plan is empty; start from the example: workbook init")])
    root = _compose(text, name)
    if not isinstance(root, yaml.MappingNode):
        raise PlanError(name, [("", _line(root), "the top of the plan must be keys such as 'loved_one:' "
                                                 "and 'participants:'")])
    checker = _Checker(check_text)
    plan = checker.record(root, _SCHEMA, "")
    if checker.problems:
        raise PlanError(name, checker.problems)
    assert isinstance(plan, Plan)
    return Plan(**{f.name: getattr(plan, f.name) for f in fields(Plan) if f.name != "texts"},
                texts=tuple(checker.texts))


def _line(node: yaml.Node | None) -> int | None:
    return node.start_mark.line + 1 if node is not None else None


def _compose(text: str, name: str) -> yaml.Node:
    """Check the event stream for what we refuse, then compose one node tree (all scalars are text)."""
    problems: list[tuple[str, int | None, str]] = []
    depth = documents = 0
    try:
        for event in yaml.parse(text, Loader=_LOADER):
            line = event.start_mark.line + 1 if event.start_mark is not None else None
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents == 2:
                    problems.append(("", line, "a plan is one YAML document; remove the '---' line and "
                                               "everything after it, or split it into two files"))
            elif isinstance(event, yaml.AliasEvent):
                problems.append(("", line, "YAML aliases ('*name') are not allowed; write the value out"))
            elif isinstance(event, (yaml.ScalarEvent, yaml.CollectionStartEvent)):
                if event.anchor is not None:
                    problems.append(("", line, "YAML anchors ('&name') are not allowed; write the value out"))
                if event.tag is not None and not (isinstance(event, yaml.ScalarEvent) and event.tag == "!"):
                    problems.append(("", line, "YAML tags (such as '!!python/...') are not allowed; "
                                               "write plain text"))
                if isinstance(event, yaml.CollectionStartEvent):
                    depth += 1
                    if depth == MAX_DEPTH + 1:
                        problems.append(("", line, "nested too deeply; a plan needs at most a few levels"))
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
        if problems:
            raise PlanError(name, problems)
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        tabbed = _tab_indented(text, mark.line if mark is not None else None)
        if tabbed is not None:
            raise PlanError(name, [("", tabbed, "a tab is used to indent this line; YAML needs spaces: indent "
                                                "with two spaces for each level (set your editor to insert "
                                                "spaces)")]) from None
        what = exc.problem or "the structure could not be read"
        raise PlanError(name, [("", line, f"not valid YAML ({what}); check the indentation and that each "
                                          "key is followed by ': '")]) from None
    except yaml.YAMLError:
        raise PlanError(name, [("", None, "not valid YAML; check the indentation and the quotes")]) from None
    if node is None:
        raise PlanError(name, [("", None, "the plan is empty; start from the example: workbook init")])
    return node


_NOT_KEYS = object()  # a record written as a value ("loved_one: Sam"): already reported


def _tab_indented(text: str, near: int | None) -> int | None:
    """The number of the line (1-based) indented with a tab that broke the YAML: the one the parser stopped on,
    else the first one; None when no line starts with a tab."""
    lines = text.splitlines()
    tabbed = [n for n, line in enumerate(lines) if "\t" in line[: len(line) - len(line.lstrip())]]
    if not tabbed:
        return None
    return (near if near in tabbed else tabbed[0]) + 1


class _Checker:
    def __init__(self, check_text: TextCheck | None = None) -> None:
        self.problems: list[tuple[str, int | None, str]] = []
        self.texts: list[TextValue] = []
        self.check_text = check_text

    def problem(self, path: str, node: yaml.Node | None, message: str) -> None:
        self.problems.append((path, _line(node), message))

    def record(self, node: yaml.Node, spec: Record, path: str) -> Any:
        if not isinstance(node, yaml.MappingNode):
            if _is_blank(node):
                return None
            first = next(iter(spec.keys))
            hint = (f"; write '{path.rsplit('.', 1)[-1]}:' alone on its line and the keys on the lines below it, "
                    f"indented by two spaces (e.g. '  {first}: ...')" if isinstance(node, yaml.ScalarNode) else "")
            self.problem(path, node, f"expected keys below it ({', '.join(spec.keys)}), not {_kind(node)}{hint}")
            return _NOT_KEYS
        values: dict[str, Any] = {}
        seen: dict[str, int | None] = {}
        reported: set[str] = set()
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            where = f"{path}.{key}" if path and key else (key or path)
            if key is None:
                self.problem(path, key_node, "a key must be a plain word")
                continue
            if key in seen:  # an unknown key may be private text: then only its parent is named
                shown = where if key in spec.keys else path or "(top level)"
                self.problem(shown, key_node, f"a key appears twice (first on line {seen[key]}); keep one")
                continue
            seen[key] = _line(key_node)
            if key not in spec.keys:
                close = difflib.get_close_matches(key, list(spec.keys), n=1, cutoff=0.6)
                if close and _KEY_LIKE.fullmatch(key):  # a misspelt key, or a name (dave: date?): the line and
                    self.problem(path or "(top level)", key_node,  # the suggestion, never what was typed
                                 f"unknown key; did you mean '{close[0]}'?")
                else:  # anything else typed as a key may be private text: give the line, never the words
                    self.problem(path or "(top level)", key_node, "unknown key (text before ': ' is read as a "
                                 f"key); known keys here: {', '.join(spec.keys)}")
                continue
            values[key] = self.value(value_node, spec.keys[key], where)
            if values[key] is _NOT_KEYS:  # reported once, as such: not again as missing
                values[key] = None
                seen.pop(key)
                reported.add(key)
        for key, sub in spec.keys.items():
            if getattr(sub, "required", False) and not values.get(key) and key not in reported:
                where = f"{path}.{key}" if path else key
                if key not in seen:
                    self.problem(where, node, "is required; add it")
                elif values.get(key) is None and isinstance(sub, Record):
                    self.problem(where, node, "is required; add the keys below it")
        cleaned = {k: v for k, v in values.items() if v is not None}
        return spec.cls(**cleaned)

    def value(self, node: yaml.Node, spec: Any, path: str) -> Any:
        if isinstance(spec, Text):
            return self.text(node, spec, path)
        if isinstance(spec, Choice):
            return self.choice(node, spec, path)
        if isinstance(spec, Record):
            return self.record(node, spec, path)
        if isinstance(spec, FieldNotes):
            return self.notes(node, spec, path)
        return self.items(node, spec, path)

    def notes(self, node: yaml.Node, spec: FieldNotes, path: str) -> tuple[tuple[str, str], ...]:
        if not isinstance(node, yaml.MappingNode):
            if _is_blank(node):
                return ()
            self.problem(path, node, f"expected field names with text (objections.1.said: ...), not {_kind(node)}")
            return ()
        if len(node.value) > spec.limit:
            self.problem(path, node, f"has {len(node.value):,} entries; at most {spec.limit:,} are allowed")
            return ()
        out: dict[str, str] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else ""
            if not FIELD_NAME.fullmatch(key):  # may be private text: give the line, never the words
                self.problem(path, key_node, "each key here is a form field name, such as objections.1.said")
                continue
            if key in out:
                self.problem(f"{path}.{key}", key_node, "a key appears twice; keep one")
                continue
            value = self.text(value_node, _NOTE, f"{path}.{key}")
            if value:
                out[key] = value
        return tuple(out.items())

    def items(self, node: yaml.Node, spec: Items, path: str) -> tuple[Any, ...]:
        if spec.text_ok and isinstance(node, yaml.ScalarNode):
            value = self.value(node, spec.item, f"{path}[1]")
            return (value,) if value else ()
        if not isinstance(node, yaml.SequenceNode):
            if _is_blank(node):
                return ()
            self.problem(path, node, f"expected a list (lines starting with '- '), not {_kind(node)}")
            return ()
        if len(node.value) > spec.limit:
            self.problem(path, node, f"has {len(node.value)} entries; at most {spec.limit} are allowed")
            return ()
        out = []
        for index, item in enumerate(node.value, start=1):
            value = self.value(item, spec.item, f"{path}[{index}]")
            if value is not None and value != "":
                out.append(value)
        return tuple(out)

    def choice(self, node: yaml.Node, spec: Choice, path: str) -> str:
        """One of ``spec.words``; a word not in the set is named back only if it looks like a word."""
        if _is_blank(node):
            return ""
        if not isinstance(node, yaml.ScalarNode):
            self.problem(path, node, f"expected one word ({', '.join(spec.words)}), not {_kind(node)}")
            return ""
        word = node.value.strip().lower().replace("-", "_").replace(" ", "_")
        if word in spec.words:
            return word
        close = difflib.get_close_matches(word, list(spec.words), n=1, cutoff=0.6)
        hint = f"; did you mean '{close[0]}'?" if close and _KEY_LIKE.fullmatch(word) else ""
        self.problem(path, node, f"must be one of: {', '.join(spec.words)}{hint}")
        return ""

    def text(self, node: yaml.Node, spec: Text, path: str) -> str:
        if not isinstance(node, yaml.ScalarNode):
            self.problem(path, node, f"expected text, not {_kind(node)}")
            return ""
        raw = "" if spec.required and _is_blank(node) else node.value  # else ~ and null print as typed
        text = unicodedata.normalize("NFC", _LINE_BREAKS.sub("\n", raw))
        if spec.multiline:
            text = text.replace("\t", "    ").strip("\n")
            text = "\n".join(line.rstrip() for line in text.split("\n"))
        else:
            text = text.strip()
        error = _text_problem(text, spec) or (_font_problem(text, self.check_text) if self.check_text and text
                                              else None)
        if error:
            self.problem(path, node, error)
            return ""
        if spec.required and not text:
            self.problem(path, node, "is required and must not be empty")
        elif spec.required and not any(_is_base_letter(ch) for ch in text):
            self.problem(path, node, "must contain at least one letter (it would print as nothing or as "
                                     "marks only); write the name")
            return ""
        if text:
            self.texts.append(TextValue(path, _line(node), text))
        return text


def _text_problem(text: str, spec: Text) -> str | None:
    if len(text) > spec.limit:
        return f"is {len(text):,} characters long; the limit here is {spec.limit:,}"
    if not spec.multiline and "\n" in text:
        return "must be one line; remove the line breaks"
    if _ASCII_TEXT.fullmatch(text):  # printable ASCII: nothing more to check
        return None
    for index, ch in enumerate(text):  # the first one: the same message on every run
        kind = _character_kind(ch)
        if kind:
            return f"contains {kind} (U+{ord(ch):04X}) {_position(text, index)}; delete it"
    return None


def _character_kind(ch: str) -> str | None:
    """What kind of character a plan may not hold ``ch`` is, or None if it may hold it."""
    if ch in _DIRECTION_CONTROLS:
        return "an invisible direction control"
    category = unicodedata.category(ch)
    if ch != "\n" and category in ("Cc", "Cs", "Co", "Cn"):
        return "a control or unassigned character"
    if category == "Cf" and ch not in _JOINERS:
        return "an invisible formatting character"
    return None


def _position(text: str, index: int) -> str:
    """Where ``text[index]`` is, in words that quote nothing: ``at line 3, column 14 of the text``."""
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return f"at line {line:,}, column {column:,} of the text" if "\n" in text else f"at character {column:,}"


def _font_problem(text: str, check_text: TextCheck) -> str | None:
    """``check_text``'s problem (the fonts cannot draw some characters) with where the first one is."""
    problem = check_text(text)
    if problem is None:
        return None
    bad = {ch: check_text(ch) for ch in set(text) if not _ASCII_TEXT.fullmatch(ch)}
    first = next((index for index, ch in enumerate(text) if bad.get(ch)), None)
    if first is None:
        return problem
    kind = re.search(r"\(([^)]+)\)", bad[text[first]] or "")  # the kind the check names: "(CJK script)"
    # no code point: one of a name's letters would spell part of the name
    return f"{problem}; the first{f' ({kind.group(1)})' if kind else ''} is {_position(text, first)}"


def _is_base_letter(ch: str) -> bool:
    """A letter that prints as one by itself: not a modifier letter (U+02C6, U+02C7...), which is a mark."""
    category = unicodedata.category(ch)
    return category.startswith("L") and category != "Lm"


def _is_blank(node: yaml.Node) -> bool:
    """An empty value, or a plain ``~`` / ``null``: YAML's ways of leaving something out (libyaml marks a plain
    scalar's style as '', the pure-Python parser as None; a quoted "" is not blank but empty text)."""
    return isinstance(node, yaml.ScalarNode) and not node.style and node.value.strip() in ("", "~", "null")


def _kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "keys"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return "text"


