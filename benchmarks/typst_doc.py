"""Anchor: the same kind of pages through Typst (the `typst` PyPI binding, optional `bench` extra).

Usage: python typst_doc.py PEOPLE OUT.pdf
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import typst

TEXT = ("When someone you love has refused help, a plan written down ahead of time keeps everyone calm. "
        "Choose the program first, understand the refusal, write letters, agree on consequences, and offer "
        "support. ") * 3


def source(people: int) -> str:
    parts = ['#set page(paper: "us-letter", margin: 0.75in, footer: context [#h(1fr) Page '
             '#counter(page).display() of #counter(page).final().first()])',
             "#set text(size: 11pt)", "= Workbook", "#outline()", "#pagebreak()"]
    for part in range(6):
        parts += [f"= Step {part}"] + [TEXT] * 8 + ["#pagebreak()"]
    parts.append("#table(columns: 4, [Program], [A], [B], [C], " + ", ".join(["[Row], [], [], []"] * 10) + ")")
    for n in range(1, people + 1):
        for sheet in ("letter", "letter, continued", "consequences", "support"):
            parts += ["#pagebreak()", f"== Person {n}: {sheet}", TEXT,
                      "#for i in range(18) [#v(9mm - 1pt) #line(length: 100%)]"]
    return "\n\n".join(parts)


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "doc.typ"
        path.write_text(source(int(sys.argv[1])))
        typst.compile(str(path), output=sys.argv[2])
