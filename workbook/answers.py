"""Blocks <-> form fields: the fields each worksheet block makes, the plan keys each carries, and a plan's
``notes:`` put back into their fields.

``build`` (through the blocks) and ``read`` (:mod:`workbook.read`) get field names from here and from the
content's worksheet blocks only: a block that declares a field also declares the plan keys it carries
(``plan=meeting.place``; several keys and a split rule: ``plan=meeting.date,meeting.time:time-last``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from workbook import blocks as b

FORM_VERSION = 1  # the field names and what they carry: pdf.forms writes it, workbook.read refuses a newer one
CHECKED = "yes"  # how a ticked box reads back under notes:
UNCHECKED_WORDS = {"", "no", "off", "false", "0"}
SIGNATURE_PARTS = ("name", "signature", "date")  # a signature line's fields, and its Signer's attributes


@dataclass(frozen=True)
class FieldInfo:
    """One form field of the workbook: its full name, the plan keys it carries ("" for none: its answer is
    kept under ``notes:``) and the value ``build`` puts in it (a ticked box: ``CHECKED``)."""

    name: str
    plan: str = ""
    value: str = ""
    checkbox: bool = False


def block_fields(blocks: Iterable[b.Block]) -> list[FieldInfo]:
    """Every field the blocks make, in reading order (a long value's continuation fields ``name-2``... are
    parts of ``name`` and not listed)."""
    out: list[FieldInfo] = []
    for block in blocks:
        if isinstance(block, b.WriteIn):
            out.append(FieldInfo(block.field, block.plan, block.value))
        elif isinstance(block, b.Checklist):
            out += [FieldInfo(f"{block.field}.{item.key}", "", CHECKED if item.checked else "", checkbox=True)
                    for item in block.items]
        elif isinstance(block, b.Grid):
            for row in block.rows:
                for column in block.columns:
                    key = f"{row.key}.{column.key}"
                    out.append(FieldInfo(f"{block.field}.{key}", block.plans.get(key, ""), block.values.get(key, "")))
        elif isinstance(block, b.Signatures):
            for signer in block.signers:
                out += [FieldInfo(f"{block.field}.{signer.key}.{part}", "", getattr(signer, part))
                        for part in SIGNATURE_PARTS]
        elif isinstance(block, b.NotesPage):
            out.append(FieldInfo(block.field, "", block.value))
        elif isinstance(block, b.TitlePage):
            out.append(FieldInfo("title.name", block.plan, block.for_name))
        elif isinstance(block, b.KeptChoice) or isinstance(block, b.ReadingCopy) and block.field:
            out.append(FieldInfo(block.field, block.plan, block.value))
    return out


def with_notes(blocks: list[b.Block], notes: Mapping[str, str]) -> list[b.Block]:
    """The blocks with each answer of ``notes:`` in the field of that name (a checkbox is ticked unless its
    note says no); names the workbook does not have are left out."""
    if not notes:
        return blocks
    return [_with_notes(block, notes) for block in blocks]


def _with_notes(block: b.Block, notes: Mapping[str, str]) -> Any:
    if isinstance(block, (b.WriteIn, b.NotesPage)) and block.field in notes:
        return replace(block, value=notes[block.field])
    if isinstance(block, b.Checklist):
        items = tuple(replace(item, checked=notes[name].strip().lower() not in UNCHECKED_WORDS)
                      if (name := f"{block.field}.{item.key}") in notes else item for item in block.items)
        return replace(block, items=items)
    if isinstance(block, b.Grid):
        values = dict(block.values)
        for row in block.rows:
            for column in block.columns:
                key = f"{row.key}.{column.key}"
                if f"{block.field}.{key}" in notes:
                    values[key] = notes[f"{block.field}.{key}"]
        return replace(block, values=values)
    if isinstance(block, b.Signatures):
        signers = tuple(replace(s, **{part: notes[f"{block.field}.{s.key}.{part}"] for part in SIGNATURE_PARTS
                                      if f"{block.field}.{s.key}.{part}" in notes}) for s in block.signers)
        return replace(block, signers=signers)
    return block


# --- how one field holds several plan values, and how ``read`` parts them again ---------------------------


def join_items(items: Iterable[str]) -> str:
    """A list's items in one field: one a line; with a blank line between them if an item has several lines."""
    items = list(items)
    return ("\n\n" if any("\n" in item for item in items) else "\n").join(items)


def split_items(text: str) -> list[str]:
    """A field's text as list items (the inverse of :func:`join_items`): parts between blank lines if it has
    any, else its lines."""
    text = text.strip("\n")
    if not text.strip():
        return []
    if "\n\n" in text:
        parts = [part.strip("\n") for part in text.split("\n\n")]
    else:
        parts = text.split("\n")
    return [part for part in parts if part.strip()]
