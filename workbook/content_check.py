"""Two content trees (``content/en`` and another language's) -> whether they hold the same worksheets.

The English tree is the reference. Another language must have every template file, every string and, in
each template, the same worksheet blocks in the same order: the same kinds, form field names, plan keys,
tick items, table rows and columns, values and links (a grid's ``more``; it names a heading by its key, so
its target differs). Words may differ; a page break may be added or left out. A difference fails the build
with a message for the developer who made it, so a worksheet added to one language only never reaches a
family.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from pathlib import Path

from workbook.errors import ContentError
from workbook.resources import data_dir

REFERENCE = "en"
_FENCE = re.compile(r"^```(?P<info>[a-z][^\n]*)\n(?P<body>.*?)^```", re.M | re.S)
_LAYOUT_ONLY = {"pagebreak", "recto"}  # page breaks may differ between languages
_SETTINGS = ("field", "plan", "name", "at", "lang")  # the settings that name something; rows= may differ
_ENTRY_HEAD = re.compile(r"^\s*(?P<head>[^:{#\n]*?)\s*:(?:\s|$)")
Signature = tuple[str, ...]


def _fence_signature(info: str, body: str) -> Signature:
    """What must match across languages in one fenced block: its kind, the settings that name fields and plan
    keys, and the key words before each ``name: text`` line (``item safe``, ``column name``, ``value 1.name``)."""
    kind, *pairs = info.split()
    settings = dict(pair.partition("=")[::2] for pair in pairs)
    named = [f"{key}={settings[key]}" for key in _SETTINGS if key in settings]
    named += sorted(key for key in settings if key.startswith("more"))  # a link's target is a heading of its
    # own language (its key, a slug of the translated words): tests/test_languages.py checks where it points
    heads = []
    for line in body.splitlines():
        if line.lstrip().startswith(("{%", "{#")):
            continue
        match = _ENTRY_HEAD.match(line)
        if match:
            words = match.group("head").split()
            heads.append(" ".join(words[:2] if words[:1] in (["row"], ["column"]) else words))
    return (kind, *named, "|", *heads)


@cache
def signatures(language: str) -> dict[str, tuple[Signature, ...]]:
    """Each template of a language's tree -> the signatures of its worksheet blocks, in order."""
    folder = data_dir("content") / language
    out = {}
    for path in sorted(folder.glob("*.md.j2")):
        text = path.read_text(encoding="utf-8")
        out[path.name] = tuple(_fence_signature(m["info"], m["body"]) for m in _FENCE.finditer(text)
                               if m["info"].split()[0] not in _LAYOUT_ONLY)
    return out


def _string_keys(language: str) -> set[str]:
    path = data_dir("content") / language / "strings.toml"
    try:
        with open(path, "rb") as handle:
            return set(tomllib.load(handle))
    except FileNotFoundError:
        return set()


def differences(language: str) -> list[str]:
    """What in ``content/<language>`` does not match the English tree (empty: it matches)."""
    folder = Path("content") / language
    if not (data_dir("content") / language).is_dir():
        return [f"{folder}: the folder is missing"]
    problems = [f"{folder}/strings.toml: lacks the string {key!r} (see content/en/strings.toml)"
                for key in sorted(_string_keys(REFERENCE) - _string_keys(language))]
    if not (data_dir("content") / language / "example-plan.yaml").is_file():
        problems.append(f"{folder}/example-plan.yaml: missing (what 'workbook init --language {language}' writes)")
    reference, other = signatures(REFERENCE), signatures(language)
    for name, blocks in reference.items():
        if name not in other:
            problems.append(f"{folder}/{name}: missing (translate content/en/{name})")
            continue
        if other[name] != blocks:
            problems.append(f"{folder}/{name}: its worksheet blocks differ from content/en/{name}: "
                            f"{_first_difference(blocks, other[name])}")
    problems += [f"{folder}/{name}: has no counterpart in content/en (add it there too, or remove it)"
                 for name in other if name not in reference]
    return problems


def _first_difference(reference: tuple[Signature, ...], other: tuple[Signature, ...]) -> str:
    for number, (want, got) in enumerate(zip(reference, other, strict=False), start=1):
        if want != got:
            return f"block {number} is {' '.join(got)!r} here but {' '.join(want)!r} in English"
    if len(reference) > len(other):
        return f"{len(reference) - len(other)} block(s) missing at the end, from {' '.join(reference[len(other)])!r}"
    return f"{len(other) - len(reference)} block(s) more at the end, from {' '.join(other[len(reference)])!r}"


@cache
def check_language(language: str) -> None:
    """Raise :class:`ContentError` (for the developer: every difference) if the tree of ``language`` does not
    hold the same worksheets as the English one."""
    if language == REFERENCE:
        return
    problems = differences(language)
    if problems:
        raise ContentError(language, problems)
