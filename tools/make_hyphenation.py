"""The guide's own long words -> workbook/content/hyphenation.txt: where each may break, as the hyphenation
dictionary (pyphen, en_US) says, so that a build whose long words are all in the file never loads the
dictionary (about a tenth of a second). Run again after the guide gains a long word (a word missing from the
file still breaks right: the dictionary is then loaded). Same input, same bytes.

    python tools/make_hyphenation.py
"""

from __future__ import annotations

import re
from pathlib import Path

from workbook.pdf.breaking import KNOWN_BREAKS, LONG_WORD, dictionary_breaks

CONTENT = Path(__file__).resolve().parent.parent / "workbook" / "content"
_WORD = re.compile(r"[^\W\d_]+")


def guide_words() -> list[str]:
    """Every run of letters of LONG_WORD or more in the English templates, strings and example plan, as written
    (the table is read only for English text: other languages hyphenate with their own dictionary)."""
    words: set[str] = set()
    for path in sorted((CONTENT / "en").rglob("*")):
        if path.is_file() and path.suffix in (".j2", ".toml", ".yaml"):
            words.update(w for w in _WORD.findall(path.read_text(encoding="utf-8")) if len(w) >= LONG_WORD)
    return sorted(words)


def main() -> None:
    lines = [f"{word} {' '.join(map(str, dictionary_breaks(word)))}".rstrip() for word in guide_words()]
    (CONTENT / KNOWN_BREAKS).write_text(
        "# word, then where it may break (letters before each point); made by tools/make_hyphenation.py\n"
        + "".join(f"{line}\n" for line in lines), encoding="utf-8")
    print(f"{len(lines)} words written to {CONTENT / KNOWN_BREAKS}")


if __name__ == "__main__":
    main()
