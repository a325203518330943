"""A plain Flesch-Kincaid grade count (no dependency, no network): words, sentences and syllables.

Syllables are counted the usual rough way: groups of vowels in a word, less a silent final "e", at least
one. Each paragraph or list item ends a sentence even without a full stop.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[A-Za-z]+(?:['\u2019][A-Za-z]+)*")
_SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)")
_VOWELS = re.compile(r"[aeiouy]+")


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


def counts(texts: list[str]) -> tuple[int, int, int]:
    """(words, sentences, syllables) over pieces of prose, each piece ending at least one sentence."""
    words = sentences = syllable_count = 0
    for text in texts:
        found = _WORD.findall(text)
        if not found:
            continue
        words += len(found)
        syllable_count += sum(syllables(w) for w in found)
        text = text.strip()
        ended = len(_SENTENCE_END.findall(text))
        open_end = 0 if re.search(r"[.!?]\W*$", text) else 1  # a list item or heading-like line with no stop
        sentences += max(1, ended + open_end)
    return words, sentences, syllable_count


def grade(texts: list[str]) -> float:
    """Flesch-Kincaid grade level of the pieces taken together."""
    words, sentences, syllable_count = counts(texts)
    return 0.39 * words / sentences + 11.8 * syllable_count / words - 15.59
