"""A filled workbook (PDF) -> a print-ready copy: every answer drawn by our own layout code, the form removed
(``workbook flatten``).

The answers are read back into a plan (:mod:`workbook.read`), and the print edition of the same layout,
paper and sides is built from it: each value is set on its ruled lines in our fonts, a long one gets as many
lines as it needs (continued on the next page, never clipped), and a letter prints whole as its reading copy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from workbook.plan import Plan
from workbook.read import ReadResult

LARGE_PRINT_FIELD_SIZE = 14.0  # large print sets typed text at 14 pt or more; the others at 11
A4_WIDTH = 595.3


@dataclass(frozen=True)
class Edition:
    """What the source PDF was built with, as far as the file tells it."""

    layout: str = "letter"
    paper: str | None = None
    duplex: bool = False
    packet: int | None = None  # a person's packet: their number in the plan read back


def edition(path: Path, result: ReadResult) -> Edition:
    """The layout (from the form's type size), paper (page width), sides (left-hand notes pages) and
    whether this is one person's packet (one person's pages, several people in the plan)."""
    import pikepdf

    with pikepdf.open(path) as pdf:  # read has opened it already: it is a workbook with a form
        width = float(pdf.pages[0].mediabox[2]) - float(pdf.pages[0].mediabox[0])
        size = re.search(r"([\d.]+)\s+Tf", str(pdf.Root.AcroForm.get("/DA", "")))
    large = size is not None and float(size.group(1)) >= LARGE_PRINT_FIELD_SIZE
    a4 = abs(width - A4_WIDTH) < 2
    layout = "large-print" if large else "a4" if a4 else "letter"
    paper = "a4" if large and a4 else None
    duplex = any(name.startswith("notes.blank-") for name in result.fields)
    people = {int(m.group(1)) for name in result.fields if (m := re.match(r"letter\.(\d+)\.", name))}
    packet = None
    if len(people) == 1 and len(result.plan.participants) > 1:
        packet = result.renumber.get(people.pop())
    return Edition(layout, paper, duplex, packet)


def without_stand_ins(result: ReadResult) -> Plan:
    """The plan read back with each stand-in name ("Person 3") blank again: paper shows only what was typed."""
    plan = result.plan
    if "loved_one.name" in result.placeholders:
        plan = replace(plan, loved_one=replace(plan.loved_one, name=""))
    people = [replace(p, name="") if f"participants[{n}].name" in result.placeholders else p
              for n, p in enumerate(plan.participants, start=1)]
    resources = [replace(r, name="") if f"resources[{n}].name" in result.placeholders else r
                 for n, r in enumerate(plan.resources, start=1)]
    return replace(plan, participants=tuple(people), resources=tuple(resources))


def flat_options(source: Path, output: Path, force: bool, result: ReadResult) -> Any:
    from workbook.api import BuildOptions

    found = edition(source, result)
    people = max(1, len({int(m.group(1)) for name in result.fields
                          if (m := re.match(r"letter\.(\d+)\.", name))}))
    return BuildOptions(output=output, layout=found.layout, paper=found.paper, duplex=found.duplex,
                        fields=False, force=force, people=min(people, 200)), found.packet
