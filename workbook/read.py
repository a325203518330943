"""A filled workbook (PDF) -> the plan that builds the same answers (``workbook read``).

Every field of a workbook this tool made holds its value under a stable name (``letter.1.love``). The worksheet
blocks that make a field also name the plan keys it carries (:mod:`workbook.answers`), so the fields are
mapped back by rendering the blocks of a workbook of the same shape, never by a list kept here. Fields
without a plan key keep their answers under ``notes:`` (what ``build`` would print there anyway is left out).

Split rules, for a field that holds several plan values (the inverse of :mod:`workbook.context`):
``contact``: line by line, a phone number is the phone, a web address the website, the rest the address;
``phone-last``: "name, phone": the part after the last comma is the phone when it looks like one;
``time-last``: "date, time": the part after the last comma is the time when it looks like one (``9:00 am``);
``url-first``: "web address, then notes": a first line that looks like a web address is the url;
a list key (consequences, support...): one item a line, or the parts between blank lines when it has any;
several fields for one key: the letter's parts join with a blank line between them; for a one-line key the
first field filled wins, and a different answer in another field is kept under ``notes:``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from functools import cache
from pathlib import Path
from typing import Any

from workbook.answers import CHECKED, FORM_VERSION, FieldInfo, block_fields, split_items
from workbook.errors import PlanError, WorkbookError
from workbook.plan import (
    FIELD_NAME,
    MAX_PEOPLE,
    Choice,
    Items,
    LovedOne,
    Participant,
    Plan,
    Program,
    Record,
    Resource,
    Text,
    parse_plan,
)
from workbook.resources import LANGUAGES

MAX_PDF_BYTES = 256 * 1024 * 1024
_PERSON_LANGUAGE = re.compile(r"letter\.\d+\.language")  # a person's pages in another language than the rest
MAX_FIELDS = 20_000
PEOPLE_SHEETS = ("team", "letter", "consequence", "support", "agreement")  # field prefixes numbered per person
_PERSON_NUMBER = re.compile(r"^(?P<sheet>[a-z-]+)\.(?P<n>\d+)\.")
_PROGRAM_NUMBER = re.compile(r"^compare\.[a-z-]+\.p(?P<n>\d+)$")
_RESOURCE_NUMBER = re.compile(r"^resources\.(?P<n>\d+)\.")
_ADDRESS_BREAKS = "/.-?&="  # where the book breaks a web address over lines (pdf.breaking)
_SOFT_HYPHEN = "\u00ad"  # ends a part where the book broke a word at a hyphenation point (pdf.drawing)
_PART = re.compile(r"^(?P<base>.+)-(?P<part>\d+)$")
_PHONE = re.compile(r"^\+?[\d\s().\-/]*\d[\d\s().\-/]*(?:\s*(?:ext\.?|x)\s*\d+)?$", re.IGNORECASE)
_TIME = re.compile(r"\d{1,2}(?::\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.|h)?$|\d{1,2}:\d{2}", re.IGNORECASE)
_WEB = re.compile(r"^(?:https?://|www\.)\S+$|^[^\s@]+\.[a-z]{2,}(?:/\S*)?$", re.IGNORECASE)
_KEEP = {"\n", "\t", "\u200c", "\u200d"}
_DAMAGED = "is damaged and could not be read; use a copy saved again by your PDF viewer, or an earlier copy"
_ENCRYPTED = ("is encrypted (password-protected); open it in the viewer that locked it, save a copy without a "
              "password, and read that copy")


@dataclass
class ReadResult:
    """The plan text read from a filled workbook, and what the user should know about it."""

    text: str
    plan: Plan
    placeholders: list[str] = field(default_factory=list)  # plan paths given a stand-in name
    removed: int = 0  # invisible control characters taken out of the answers
    fields: dict[str, str] = field(default_factory=dict)  # the PDF's fields by name, as read
    renumber: dict[int, int] = field(default_factory=dict)  # a person's number in the PDF -> in the plan


# --- the PDF's fields ------------------------------------------------------------------------------------


def pdf_fields(path: Path) -> dict[str, str]:
    """Every field's value by its full name (a ticked box: ``CHECKED``; continuation parts joined); refuses
    a file that is not a workbook this tool made, a damaged or encrypted one, or a newer form."""
    import io

    import pikepdf

    data = _read_bytes(path)
    if not data.lstrip()[:5] == b"%PDF-":
        raise WorkbookError(f"{path}: is not a PDF; give the workbook PDF that was filled in")
    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            if pdf.get_warnings():  # qpdf had to repair it: what it found may not be what was saved
                raise WorkbookError(f"{path}: {_DAMAGED}")
            form = pdf.Root.get("/AcroForm")
            info: Any = pdf.trailer.get("/Info")
            creator = str(info.get("/Creator", "")) if isinstance(info, pikepdf.Dictionary) else ""
            version = form.get("/WorkbookFormVersion") if isinstance(form, pikepdf.Dictionary) else None
            if version is None and not creator.startswith("intervention-workbook"):
                raise WorkbookError(f"{path}: was not made by the workbook tool; 'workbook read' reads only "
                                    "workbooks made by 'workbook build'")
            if version is not None and int(version) > FORM_VERSION:
                raise WorkbookError(f"{path}: was made by a newer version of the workbook tool (form version "
                                    f"{int(version)}); update it (pip install -U intervention-workbook), then "
                                    "read again")
            if not isinstance(form, pikepdf.Dictionary) or not form.get("/Fields"):
                raise WorkbookError(f"{path}: has no form fields (the print edition, or a flattened copy): "
                                    "there is nothing typed to read; fill in the fillable edition on screen")
            values: dict[str, str] = {}
            for name, value in _walk(list(form.Fields)):
                values[name] = value
                if len(values) > MAX_FIELDS:
                    raise WorkbookError(f"{path}: has more than {MAX_FIELDS:,} form fields; a workbook has far "
                                        "fewer")
    except WorkbookError:
        raise
    except pikepdf.PasswordError:
        raise WorkbookError(f"{path}: {_ENCRYPTED}") from None
    except (pikepdf.PdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError,
            OSError, AssertionError) as exc:
        raise WorkbookError(f"{path}: {_DAMAGED} ({type(exc).__name__})") from None
    return _join_parts(values)


def _read_bytes(path: Path) -> bytes:
    import os
    import stat

    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            raise WorkbookError(f"{path}: is not a regular file; give the path of the filled workbook PDF")
        if info.st_size > MAX_PDF_BYTES:
            raise WorkbookError(f"{path}: is larger than {MAX_PDF_BYTES // 1024 // 1024} MB; a workbook is far "
                                "smaller")
        return path.read_bytes()
    except FileNotFoundError:
        raise WorkbookError(f"{path}: file not found; check the path") from None
    except OSError as exc:
        raise WorkbookError(f"{path}: cannot be read ({exc.strerror or exc})") from None


def _walk(kids: list[Any], parent: str = "", depth: int = 0, inherited: dict[str, Any] | None = None
          ) -> Iterator[tuple[str, str]]:
    """(full name, value) of each terminal field, reading the value (/V), never the appearance."""
    import pikepdf

    if depth > 12:
        raise ValueError("field tree nested too deeply")
    for node in kids:
        if not isinstance(node, pikepdf.Dictionary):
            continue
        partial = str(node.T) if "/T" in node else None
        name = f"{parent}.{partial}" if parent and partial is not None else partial or parent
        known = dict(inherited or {})
        for key in ("/FT", "/V"):
            if key in node:
                known[key] = node[key]
        children = [k for k in node.get("/Kids", []) if isinstance(k, pikepdf.Dictionary) and "/T" in k]
        if children:
            yield from _walk(children, name, depth + 1, known)
            continue
        if not name:
            continue
        value = known.get("/V")
        if str(known.get("/FT", "")) == "/Btn":
            yield name, CHECKED if value is not None and str(value) not in ("/Off", "") else ""
        elif isinstance(value, pikepdf.String):
            yield name, str(value)
        else:
            yield name, ""


def _join_parts(values: dict[str, str]) -> dict[str, str]:
    """``name-2``, ``name-3``... continue ``name`` (a long value split over pages): one value again."""
    out = dict(values)
    for name in sorted(values, key=lambda n: (len(n), n)):
        match = _PART.match(name)
        if match and match["base"] in out and name in out:
            base = match["base"]
            head, tail = out[base], out.pop(name)
            if head.endswith(_SOFT_HYPHEN):  # the book broke a word at a hyphenation point
                out[base] = head[:-1] + tail
                continue
            out[base] = head + _glue(head, tail) + tail
    return out


def _glue(head: str, tail: str) -> str:
    """What joins two parts of a value: nothing where either has the space, or where the book broke a
    word after its hyphen or an address after its punctuation (``riverside.org/`` + ``intake``); else a
    line break (two lines typed one in each part)."""
    if not head or not tail or head[-1].isspace() or tail[0].isspace():
        return ""
    last_word = head.split()[-1]
    if head[-1] == "-" or head[-1] in _ADDRESS_BREAKS and re.search(r"[/?&=@]|\.\w", last_word):
        return ""
    return "\n"


# --- fields -> plan --------------------------------------------------------------------------------------


def clean(text: str) -> tuple[str, int]:
    """A typed value as plan text: line breaks as ``\\n``, control and invisible characters taken out."""
    text = unicodedata.normalize("NFC", re.sub("\r\n|[\r\x85\u2028\u2029]", "\n", text))
    if text.isprintable():
        return text, 0
    kept = "".join(ch for ch in text if ch in _KEEP or unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co", "Cn"))
    return kept, len(text) - len(kept)


@dataclass(frozen=True)
class _Shape:
    people: int
    programs: int
    resources: int


def _shape(values: dict[str, str]) -> _Shape:
    people = programs = resources = 1
    for name in values:
        if (m := _PERSON_NUMBER.match(name)) and m["sheet"] in PEOPLE_SHEETS:
            people = max(people, int(m["n"]))
        elif m := _PROGRAM_NUMBER.match(name):
            programs = max(programs, int(m["n"]))
        elif m := _RESOURCE_NUMBER.match(name):
            resources = max(resources, int(m["n"]))
    return _Shape(min(people, MAX_PEOPLE), min(programs, 11), min(resources, 50))


@cache
def _mapping(shape: _Shape, language: str = "en", mixed: bool = False) -> tuple[FieldInfo, ...]:
    """The fields of a workbook of this shape in ``language``, with the plan keys each carries (from the
    content's blocks); ``mixed``: some person's pages are in another language (a hidden field says which)."""
    from workbook.api import BuildOptions, render_blocks

    other = next(each for each in LANGUAGES if each != language) if mixed else ""
    stand_in = Plan(  # every kind of field a plan can make (a path, skills and languages make hidden ones)
        loved_one=LovedOne("x"), path="craft", program=Program(name="x"), language=language,
        alternatives=tuple(Program(name="x") for _ in range(shape.programs - 1)),
        participants=tuple(Participant(name="x", letter="x", skills=("safety",), language=other)
                           for _ in range(shape.people)),
        resources=tuple(Resource(name="x") for _ in range(shape.resources)),
    )
    return tuple(block_fields(render_blocks(BuildOptions(), stand_in)))


def _spec(path: list[str]) -> Any:
    """The plan's spec (Text, Items or Record) at a dotted path (``participants.2.consequences``)."""
    spec: Any = Record(Plan)
    for part in path:
        if part.isdigit():
            assert isinstance(spec, Items)
            spec = spec.item
        elif part == "programs":
            spec = Items(Record(Program), 11)
        else:
            spec = spec.keys[part]
    return spec


def _split(rule: str, keys: list[str], text: str) -> list[tuple[str, str]]:
    if rule == "contact":
        phone: list[str] = []
        web: list[str] = []
        rest: list[str] = []
        for line in text.split("\n"):
            stripped = line.strip()
            if not stripped:
                continue
            target = phone if not phone and _PHONE.match(stripped) else web if not web and _WEB.match(stripped) \
                else rest
            target.append(stripped if target is not rest else line)
        return [(keys[0], "\n".join(phone)), (keys[1], "\n".join(web)), (keys[2], "\n".join(rest))]
    if rule in ("phone-last", "time-last"):
        head, comma, tail = text.rpartition(",")
        looks = _PHONE if rule == "phone-last" else _TIME
        if comma and looks.match(tail.strip()) and (rule == "phone-last" or re.search(r"\d", tail)):
            return [(keys[0], head.strip()), (keys[1], tail.strip())]
        if rule == "phone-last" and _PHONE.match(text.strip()):
            return [(keys[1], text.strip())]
        if rule == "time-last" and _TIME.match(text.strip()) and ":" in text:
            return [(keys[1], text.strip())]
        return [(keys[0], text.strip())]
    if rule == "url-first":
        first, _, after = text.partition("\n")
        if _WEB.match(first.strip()):
            return [(keys[0], first.strip()), (keys[1], after)]
        return [(keys[1], text)]
    if rule:
        raise ValueError(f"content: unknown split rule {rule!r}")
    return [(keys[0], text)]


class _Collector:
    """Plan values by dotted path, as the fields give them."""

    def __init__(self) -> None:
        self.values: dict[str, Any] = {}

    def add(self, key: str, text: str) -> bool:
        """Store ``text`` at ``key``; False (the answer is kept under ``notes:``) if the key already holds a
        different one-line answer, or the answer is longer than the key allows."""
        if key.startswith("programs.1."):  # the first program compared is the one chosen
            key = "program." + key.removeprefix("programs.1.")
        spec = _spec(key.split("."))
        if isinstance(spec, Choice) or isinstance(spec, Items) and isinstance(spec.item, Choice):
            words = [word for word in re.split(r"[\s,]+", text) if word]
            allowed = spec.words if isinstance(spec, Choice) else spec.item.words
            if not words or any(word not in allowed for word in words):
                return False
            self.values[key] = words[0] if isinstance(spec, Choice) else words
            return True
        if isinstance(spec, Items):
            items = split_items(text)
            if not items:
                return True
            if len(items) > spec.limit or any(len(item) > spec.item.limit for item in items):
                return False
            known = self.values.setdefault(key, [])
            known += [item for item in items if item not in known]
            return True
        assert isinstance(spec, Text)
        text = text.strip("\n") if spec.multiline else text.strip()
        if not text.strip():
            return True
        if len(text) > spec.limit or "\n" in text and not spec.multiline:
            return False
        if spec.multiline:
            text = "\n".join(line.rstrip() for line in text.replace("\t", "    ").split("\n"))
        old = self.values.get(key)
        if old is None:
            self.values[key] = text
            return True
        if old == text or text in old.split("\n\n"):
            return True
        if spec.multiline and len(old) + len(text) + 2 <= spec.limit:
            self.values[key] = f"{old}\n\n{text}"
            return True
        return False


def read_filled(path: Path, plan_name: str = "plan.yaml") -> ReadResult:
    """Read a filled workbook into plan text (YAML) that ``check`` accepts and ``build`` turns into the same
    answers; raise :class:`WorkbookError` when the file cannot be read or its answers make no valid plan."""
    raw = pdf_fields(path)
    removed = 0
    values: dict[str, str] = {}
    for name, value in raw.items():
        values[name], count = clean(value)
        removed += count
    shape = _shape(values)
    language = values.get("title.language", "").strip()  # a workbook not in English says so in a hidden field
    mixed = any(_PERSON_LANGUAGE.fullmatch(name) for name in values)
    mapping = _mapping(shape, language if language in LANGUAGES else "en", mixed)
    collector = _Collector()
    consumed: set[str] = set()
    for info in mapping:
        text = values.get(info.name, "")
        if not info.plan or not text.strip():
            continue
        keys, _, rule = info.plan.partition(":")
        pieces = _split(rule, keys.split(","), text)
        if all(collector.add(key, piece) for key, piece in pieces if piece.strip()):
            consumed.add(info.name)
    people = {int(m["n"]) for name, value in values.items()  # a person with only notes typed is a person too
              if value.strip() and (m := _PERSON_NUMBER.match(name)) and m["sheet"] in PEOPLE_SHEETS}
    data, placeholders, renumber = _assemble(collector.values, people)
    text = plan_yaml(data, placeholders, plan_name)
    plan = _check(path, text)
    notes = _notes(values, consumed, renumber, plan, shape)
    if notes:
        data["notes"] = notes
        text = plan_yaml(data, placeholders, plan_name)
        plan = _check(path, text)
    return ReadResult(text, plan, placeholders, removed, values, renumber)


def _assemble(values: dict[str, Any], people_typed: set[int]) -> tuple[dict[str, Any], list[str], dict[int, int]]:
    """Plan values by path -> the plan's mapping in the order of its keys; people renumbered 1, 2, 3...
    (``renumber``: old number -> new); a person or resource without a name gets a stand-in one."""
    from workbook.templating import load_strings

    strings = load_strings()
    tree: dict[str, Any] = {}
    for key, value in values.items():
        node = tree
        parts = key.split(".")
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value
    placeholders: list[str] = []
    data: dict[str, Any] = {}
    name = tree.get("loved_one", {}).get("name")
    if not name:
        name = strings["stand_in_loved_one"]
        placeholders.append("loved_one.name")
    data["loved_one"] = {"name": name}
    for key in ("path", "language"):
        if key in tree:
            data[key] = tree[key]
    if "program" in tree:
        data["program"] = _ordered(tree["program"], Program)
    programs = tree.get("programs", {})
    alternatives = [_ordered(programs[n], Program) for n in sorted(programs, key=int)]
    if alternatives:
        data["alternatives"] = alternatives
    meeting = tree.get("meeting", {})
    if meeting:
        from workbook.plan import Meeting

        data["meeting"] = _ordered(meeting, Meeting)
    people = tree.get("participants", {})
    for number in people_typed:
        people.setdefault(str(number), {})
    renumber = {int(old): new for new, old in enumerate(sorted(people, key=int), start=1)}
    participants = _named(people, Participant, "participants", strings["stand_in_person"], placeholders)
    if participants:
        data["participants"] = participants
    if "aftercare" in tree:
        from workbook.plan import Aftercare

        data["aftercare"] = _ordered(tree["aftercare"], Aftercare)
    resources = _named(tree.get("resources", {}), Resource, "resources", strings["stand_in_resource"], placeholders)
    if resources:
        data["resources"] = resources
    return data, placeholders, renumber


def _named(entries: dict[str, dict[str, Any]], cls: type, key: str, stand_in: str,
           placeholders: list[str]) -> list[dict[str, Any]]:
    """Numbered entries (by their number in the PDF) as a list in the plan's key order, numbered 1, 2, 3...;
    one without a name gets the stand-in name, and its path is added to ``placeholders``."""
    out: list[dict[str, Any]] = []
    for number, old in enumerate(sorted(entries, key=int), start=1):
        entry = entries[old]
        if not entry.get("name"):
            entry["name"] = stand_in.format(number=number)
            placeholders.append(f"{key}[{number}].name")
        out.append(_ordered(entry, cls))
    return out


def _ordered(values: dict[str, Any], cls: type) -> dict[str, Any]:
    """The keys in the order the plan (and ``init``'s example) gives them."""
    out: dict[str, Any] = {}
    for f in fields(cls):
        if f.name in values:
            value = values[f.name]
            spec = f.metadata.get("spec")
            out[f.name] = _ordered(value, spec.cls) if isinstance(spec, Record) and isinstance(value, dict) else value
    return out


def _check(path: Path, text: str) -> Plan:
    from workbook.pdf.fonts import undrawable

    try:
        return parse_plan(text, str(path), undrawable)
    except PlanError as exc:
        problems = "\n".join(f"  {f'{field}: ' if field else ''}{message}" for field, _, message in exc.problems[:20])
        raise WorkbookError(f"{path}: the answers typed in it do not make a valid plan; change these in the "
                            f"PDF and read it again (nothing was written):\n{problems}") from None


def _renamed(name: str, renumber: dict[int, int]) -> str | None:
    """A per-person field's name for the person's new number (None: a person who is not in the plan)."""
    match = _PERSON_NUMBER.match(name)
    if not match or match["sheet"] not in PEOPLE_SHEETS:
        return name
    new = renumber.get(int(match["n"]))
    if new is None:
        return None if match["sheet"] != "team" else name
    return f"{match['sheet']}.{new}.{name[match.end():]}"


def _notes(values: dict[str, str], consumed: set[str], renumber: dict[int, int], plan: Plan,
           shape: _Shape) -> dict[str, str]:
    """Answers no plan key holds: every field filled otherwise than ``build`` would fill it from the plan."""
    from workbook.api import BuildOptions, render_blocks
    from workbook.templating import load_strings

    options = BuildOptions()
    prefilled = {info.name: info.value for info in block_fields(render_blocks(options, plan))}
    pointer = _pointer(load_strings(plan.language or "en")["shortened"])  # the day-of sheet is in the plan's language
    notes: dict[str, str] = {}
    for name, value in values.items():
        if name in consumed or not value.strip() or not FIELD_NAME.fullmatch(name):
            continue
        renamed = _renamed(name, renumber) or name
        full = prefilled.get(renamed, "")
        if value.strip() == full.strip() or _shortened(value, full, pointer):  # as 'build' fills it
            continue
        notes[renamed] = value.strip("\n")
    return notes


def _pointer(template: str) -> re.Pattern[str]:
    """The end of a value the day-of sheet shortened (``strings.shortened``, "... (in full: p. 12)")."""
    head, _, tail = template.partition("{page}")
    return re.compile(re.escape(head.strip()) + r"\s*\d+" + re.escape(tail) + r"\s*$")


def _shortened(value: str, full: str, pointer: re.Pattern[str]) -> bool:
    """Whether ``value`` is ``full`` as the day-of sheet shortened it: its start, then the pointer."""
    match = pointer.search(value)
    start = " ".join(value[:match.start()].split()) if match else None
    return start is not None and bool(full) and " ".join(full.split()).startswith(start)


# --- the plan file ---------------------------------------------------------------------------------------

HEADER = """\
# An intervention plan read back from a filled workbook by 'workbook read'.
# Check it with:   workbook check {name}      Build it with:   workbook build {name}
# notes: keeps answers typed on worksheets that no other key holds, by form field name; 'build' puts each
# back in its field.
# This file holds private family matters. Keep it somewhere only your team can read.
"""
SECTION_NOTES = {
    "program": "the treatment program you chose (Step 1)",
    "alternatives": "other programs you compared",
    "meeting": "the meeting (Step 3)",
    "participants": "in speaking order",
    "aftercare": 'the family\'s plan for "yes, but...", setbacks and care after discharge',
    "resources": "local help, printed under \"Our local resources\"",
    "notes": "answers typed on worksheets, by form field name",
}


def plan_yaml(data: dict[str, Any], placeholders: list[str], name: str = "plan.yaml") -> str:
    """The plan as commented YAML; every value stays text; several lines as a block (``|``)."""
    import yaml

    class _Dumper(yaml.SafeDumper):
        pass

    def text(dumper: yaml.SafeDumper, value: str) -> Any:
        style = "|" if "\n" in value and not any(line != line.rstrip() for line in value.split("\n")) else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    _Dumper.add_representer(str, text)
    out = [HEADER.format(name=name)]
    if placeholders:
        out.append("# Not filled in, so a stand-in was written; change it: " + ", ".join(placeholders) + "\n")
    for key, value in data.items():
        out.append("\n")
        if key in SECTION_NOTES:
            out.append(f"# {SECTION_NOTES[key]}\n")
        out.append(yaml.dump({key: value}, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100,
                             default_flow_style=False))
    return "".join(out)
