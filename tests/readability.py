"""Plain readability counts (no dependency, no network): words, sentences and syllables.

English: the Flesch-Kincaid grade. Syllables are counted the usual rough way: groups of vowels in a word, less
a silent final "e", at least one. Spanish: the Fernández-Huerta ease and the Szigriszt-Pazos perspicuity read
on the INFLESZ scale, with a syllable count from the Spanish rules for diphthongs and hiatus. Each paragraph
or list item ends a sentence even without a full stop. ``printed_prose`` takes the
prose from a built PDF's text, by part, as a reader meets it.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

_WORD = re.compile(r"[A-Za-z]+(?:['\u2019][A-Za-z]+)*")
_SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)")
_VOWELS = re.compile(r"[aeiouy]+")
_WORD_ES = re.compile(r"[A-Za-zÁÉÍÓÚÜÑáéíóúüñ]+")
_SENTENCE_END_ES = re.compile(r"[.!?\u2026]+[\u201d\u00bb)]*(?=\s|$)")  # a question may close its quote: ?”
# "y" is a vowel at the end of a word or before a consonant ("hoy", "muy", "y"), a consonant before a vowel
_VOWELS_ES = re.compile(r"(?:[aeiouáéíóúü]|y(?![aeiouáéíóúü]))+")
_STRONG_ES = set("aeoáéóíú")  # open vowels, and a stressed i or u, which stands apart (hiatus: "día", "reír")


def syllables(word: str) -> int:
    word = word.lower().replace("\u2019", "'").split("'")[0]
    count = len(_VOWELS.findall(word))
    if word.endswith("e") and not word.endswith(("le", "ee", "ye")) and count > 1:
        count -= 1
    if word.endswith("es") and len(word) > 3 and word[-3] not in "csxzgh" and count > 1:
        count -= 1
    if word.endswith("ed") and len(word) > 3 and word[-3] not in "td" and count > 1:
        count -= 1
    return max(1, count)


def silabas(word: str) -> int:
    """Spanish syllables: each group of vowels is one syllable (a diphthong or triphthong: "cuidado",
    "Paraguay"), plus one for each hiatus inside it: two open vowels side by side ("le-er", "po-e-ta") or a
    stressed i or u beside another vowel ("dí-a", "re-ír"); a silent u ("que", "guerra") joins its vowel."""
    count = 0
    for group in _VOWELS_ES.findall(word.lower()):
        count += 1
        for first, second in zip(group, group[1:], strict=False):
            if (first in _STRONG_ES and second in _STRONG_ES) or first == second:
                count += 1
    return max(1, count)


def counts(texts: list[str], language: str = "en") -> tuple[int, int, int]:
    """(words, sentences, syllables) over pieces of prose, each piece ending at least one sentence."""
    word, count, end = ((_WORD_ES, silabas, _SENTENCE_END_ES) if language == "es"
                        else (_WORD, syllables, _SENTENCE_END))
    words = sentences = syllable_count = 0
    for text in texts:
        found = word.findall(text)
        if not found:
            continue
        words += len(found)
        syllable_count += sum(count(w) for w in found)
        text = text.strip()
        ended = len(end.findall(text))
        open_end = 0 if re.search(r"[.!?]\W*$", text) else 1  # a list item or heading-like line with no stop
        sentences += max(1, ended + open_end)
    return words, sentences, syllable_count


def grade(texts: list[str]) -> float:
    """Flesch-Kincaid grade level of the pieces taken together."""
    words, sentences, syllable_count = counts(texts)
    return 0.39 * words / sentences + 11.8 * syllable_count / words - 15.59


NOT_PROSE = {"Contents", "References"}  # outline entries whose text is a list, not prose
_TO_LAST_END = re.compile(r"(.*[.!?][\u201d\u2019\")]*)(?:\s|$)")
_FOOT = re.compile(r"Page \d+ of \d+")


def printed_prose(pdf: Path, outline: list[tuple[str, int, int]]) -> dict[str, list[str]]:
    """The prose of a built workbook as pdftotext reads it, by part (the outline's top-level entries): each
    block of text up to its last full stop, when that holds six words or more (a label, a heading, a table
    cell or a number is not prose). The title page, the running head and foot, the contents and the list of
    references are left out. ``outline``: (title, level, 1-based page) of every entry."""
    titles = {title: level for title, level, _ in outline}
    starts = [(page, title) for title, level, page in outline if level == 0]
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True,
                          timeout=300).stdout
    parts: dict[str, list[str]] = {}
    keep = True
    for number, page in enumerate(text.split("\f")[1:-1], start=2):
        part = max((start for start in starts if start[0] <= number), default=(0, ""))[1]
        lines = page.strip().split("\n")
        content = [i for i, line in enumerate(lines) if line.strip()]
        assert _FOOT.fullmatch(lines[content[-1]].strip()), (number, lines[content[-1]])
        pieces: list[tuple[bool, list[str]]] = [(keep, [])]  # blocks of lines, and whether their section is prose
        for line in (line.strip() for line in lines[content[1] + 1:content[-1]]):  # below the head, above the foot
            if line in titles:
                keep = line not in NOT_PROSE
            if line in titles or line in ("", "\u2022"):
                pieces.append((keep, []))
            else:
                pieces[-1][1].append(line)
        for kept, piece in pieces:
            ended = _TO_LAST_END.match(" ".join(piece))
            if kept and part not in NOT_PROSE and ended and len(ended.group(1).split()) >= 6:
                parts.setdefault(part, []).append(ended.group(1))
    return parts


def fernandez_huerta(texts: list[str]) -> float:
    """Fernández-Huerta reading ease of Spanish pieces (0-100; 70-80 "bastante fácil", 80 up "fácil")."""
    words, sentences, syllable_count = counts(texts, "es")
    return 206.84 - 60 * syllable_count / words - 1.02 * words / sentences


def inflesz(texts: list[str]) -> float:
    """Szigriszt-Pazos perspicuity of Spanish pieces, read on the INFLESZ scale (Barrio-Cantalejo and others,
    2008): under 40 "muy difícil", 40-55 "algo difícil", 55-65 "normal", 65-80 "bastante fácil", 80 up "muy
    fácil"."""
    words, sentences, syllable_count = counts(texts, "es")
    return 206.835 - 62.3 * syllable_count / words - words / sentences


def inflesz_grade(score: float) -> str:
    """The INFLESZ word for a Szigriszt-Pazos score."""
    for floor, name in ((80, "muy fácil"), (65, "bastante fácil"), (55, "normal"), (40, "algo difícil")):
        if score >= floor:
            return name
    return "muy difícil"
