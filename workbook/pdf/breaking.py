"""Where a line of text may break: between words, in a web address after ``/ . - ? & =``, in a long name
at a hyphen or a dictionary hyphenation point, never inside a phone number, never at an arbitrary letter.

``fit_lines`` wraps a typed value for ruled lines (shrinking the type a little before it would have to
break a word); ``hyphenate`` is the hyphenator the paragraph styles hand to ReportLab; ``Paragraph`` is
ReportLab's, except that a web address longer than a line breaks after its punctuation.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import cache, partial
from html import unescape
from typing import Any
from xml.sax.saxutils import escape

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import paragraph as rl_paragraph

LONG_WORD = 11  # letters: a name part this long may be hyphenated where it does not fit a line
PARAGRAPH_LONG_WORD = 16  # ... and a word this long in running text (shorter ones move to the next line)
MIN_SCALE = 0.75  # a value that cannot break cleanly is set up to a quarter smaller first
SAFE_WIDTH = 0.95  # of a line: an address is cut measured in the paragraph's plain type, a run may be bold
FIT_LINES = 3  # a heading, contents entry or printed name longer than this is set in smaller type ...
MIN_FIT_SIZE = 6.0  # ... down to this size (fine print), so that it never grows taller than a page
_PHONE = re.compile(r"(?:\+\d{1,3}[ .-]?)?(?:\(\d{2,4}\)|\d{2,4})[ .-]?\d{2,4}(?:[ .-]\d{2,5})+|\d{3}[ .-]\d{4}")
_NBSP = "\u00a0"
_URL_BREAKS = "/.-?&="
_LETTERS = re.compile(r"^[^\W\d_]+$")
_ADDRESS = re.compile(r"[/?&=@]|[.:]\w")  # a sentence's last word with its full stop is no address
_PUNCTUATION = re.compile("([([{'\"\u201c\u2018]*)(.*?)([)\\].,;:!?'\"\u201d\u2019]*)", re.S)  # before, word, after
_HYPHENATED = re.compile(r"^[^\W\d_]+(?:-[^\W\d_]+)*$")
_SEGMENT = re.compile(f"[^{re.escape(_URL_BREAKS)}]*[{re.escape(_URL_BREAKS)}]*")  # text, then its break marks


_PYPHEN_LANGUAGES = {"en": "en_US", "es": "es"}  # our languages -> pyphen's dictionaries


@cache
def _dictionary(language: str = "en") -> Any:
    try:
        import pyphen
    except ImportError:  # pragma: no cover - a declared dependency; without it long words only shrink
        return None
    return pyphen.Pyphen(lang=_PYPHEN_LANGUAGES[language], left=3, right=3)


@cache
def hyphenator(language: str) -> Callable[[str], Iterator[tuple[str, str]]]:
    """The hyphenator a paragraph style hands to ReportLab for running text in ``language``."""
    return hyphenate if language == "en" else partial(hyphenate, language=language)


def hyphenate(word: str, long_word: int = PARAGRAPH_LONG_WORD, language: str = "en") -> Iterator[tuple[str, str]]:
    """(head, tail) pairs, longest head first, where a word may break at a dictionary hyphenation point of
    a part of ``long_word`` letters or more (the dictionary of ``language`` loads only then: it takes a fifth
    of a second). Not after a hyphen the word has: ReportLab loses that hyphen when it rejoins the parts."""
    if len(word) < min(long_word, LONG_WORD) or not _HYPHENATED.match(word):
        return iter(())
    cuts: set[int] = set()
    offset = 0
    for part in word.split("-"):
        if len(part) >= long_word and (dictionary := _dictionary(language)) is not None:
            cuts.update(offset + cut for cut in dictionary.positions(part))
        offset += len(part) + 1
    return iter([(word[:cut], word[cut:]) for cut in sorted(cuts, reverse=True)])


def keep_phones(text: str) -> str:
    """Phone numbers become one unbreakable token (their spaces turn no-break)."""
    return _PHONE.sub(lambda m: m.group(0).replace(" ", _NBSP), text)


Piece = tuple[str, bool]  # text, and whether a hyphen is shown when a line ends after it


def _pieces(token: str, hyphens: bool = True) -> list[Piece]:
    """A token cut at every clean break point: after web-address punctuation or a hyphen, or at a
    dictionary hyphenation point of a long run of letters (shown with a hyphen when broken there)."""
    if _NBSP in token or _PHONE.fullmatch(token):
        return [(token, False)]
    address = _ADDRESS.search(token) is not None  # a web or mail address: never a hyphen added
    pieces: list[Piece] = []
    for part in _SEGMENT.findall(token):
        if not part:
            continue
        stem = part.rstrip(_URL_BREAKS)
        word = _PUNCTUATION.fullmatch(stem)  # a name between quotes or brackets, or before a comma
        name_part = hyphens and not address and word is not None and _LETTERS.match(word.group(2) or "-")
        lead = len(word.group(1)) if word else 0
        cuts = [lead + len(head) for head, _ in hyphenate(word.group(2), LONG_WORD)] if name_part and word else []
        last = 0
        for cut in sorted(cuts):
            pieces.append((stem[last:cut], True))
            last = cut
        pieces.append((part[last:], False))
    return pieces


def _wrap(text: str, font: str, size: float, width: float, force: bool, hyphens: bool = True) -> list[str] | None:
    """Greedy wrap at clean break points; None if some piece is wider than a line (unless ``force``)."""

    def fits(s: str) -> bool:
        return bool(stringWidth(s, font, size) <= width)

    lines: list[str] = []
    for paragraph in keep_phones(text).split("\n"):
        current = ""
        for word in paragraph.split(" "):
            trial = f"{current} {word}" if current else word
            if fits(trial):
                current = trial
                continue
            if fits(word):
                if current:
                    lines.append(current)
                current = word
                continue
            prefix = f"{current} " if current else ""  # a long word: fill lines piece by piece
            chunk, hyphen = "", False
            for piece, breaks in _pieces(word, hyphens):
                if fits(prefix + chunk + piece + ("-" if breaks else "")):
                    chunk, hyphen = chunk + piece, breaks
                    continue
                if prefix or chunk:
                    lines.append((prefix + chunk + ("-" if hyphen else "")).rstrip())
                prefix, chunk, hyphen = "", piece, breaks
                if not fits(piece + ("-" if breaks else "")):
                    if not force:
                        return None
                    if not fits(chunk):  # the last resort, a very narrow column: cut where each line is full
                        *full, chunk = _cut(chunk, font, size, width)
                        lines.extend(full)
            current = prefix + chunk
        lines.append(current)
    return [line.replace(_NBSP, " ") for line in lines]


def _cut(text: str, font: str, size: float, width: float) -> list[str]:
    """``text`` cut into lines each as full as ``width`` allows (at least one character): one pass, as a
    typed run of thousands of characters with no break point must not take seconds."""
    lines, piece, used = [], "", 0.0
    for ch in text:
        advance = stringWidth(ch, font, size)
        if piece and used + advance > width:
            lines.append(piece)
            piece, used = "", 0.0
        piece, used = piece + ch, used + advance
    return [*lines, piece]


def wrap_text(text: str, font: str, size: float, width: float, hyphens: bool = True) -> list[str]:
    """Lines of ``text`` no wider than ``width`` at this size: clean breaks only, unless a piece is wider
    than a line (then it is cut where it must be); ``hyphens=False``: no hyphen added (each line is then a
    piece of the text as it stands)."""
    return _wrap(text, font, size, width, force=True, hyphens=hyphens) or [text]


def fit_lines(text: str, font: str, size: float, width: float) -> tuple[list[str], float]:
    """Lines of ``text`` no wider than ``width`` and the type size to set them in: the given size if the
    text breaks between words, after a web address's punctuation or after a hyphen; else a little smaller
    (names shrink up to a tenth before they hyphenate); else hyphenated at up to a quarter smaller; else
    the given size broken wherever it must."""
    for scale, hyphens in ((1.0, False), (0.9, False), (0.9, True), (0.82, True), (MIN_SCALE, True)):
        lines = _wrap(text, font, size * scale, width, force=False, hyphens=hyphens)
        if lines is not None:
            return lines, size * scale
    return wrap_text(text, font, size, width), size


def fit_in_lines(text: str, font: str, size: float, width: float,
                 max_lines: int = FIT_LINES) -> tuple[list[str], float]:
    """``fit_lines``, then smaller type (never below MIN_FIT_SIZE) while the text needs more than ``max_lines``
    lines: an unbreakable run of the widest characters still fits on a page."""
    lines, size = fit_lines(text, font, size, width)
    while len(lines) > max_lines and size > MIN_FIT_SIZE:
        size = smaller(size)
        lines = wrap_text(text, font, size, width)
    return lines, size


_MARKUP = re.compile(r"(<[^>]*>)")  # a tag, between runs of (escaped) text
_TOKEN = re.compile(r"[^\s<]+")


def break_addresses(text: str, font: str, size: float, width: float) -> str:
    """Paragraph markup in which each web address wider than ``width`` is cut into lines at its clean break
    points (``<br/>`` between them): ReportLab breaks such a word at the letter where a line is full."""

    def cut(match: re.Match[str]) -> str:
        token = unescape(match.group(0))
        if _ADDRESS.search(token) is None or stringWidth(token, font, size) <= width:
            return match.group(0)
        lines = _wrap(token, font, size, width, force=True, hyphens=False) or [token]
        return "<br/>".join(escape(line) for line in lines)

    return "".join(part if part.startswith("<") else _TOKEN.sub(cut, part) for part in _MARKUP.split(text))


class Paragraph(rl_paragraph.Paragraph):  # type: ignore[misc]
    """ReportLab's paragraph; a web address longer than a line breaks after ``/ . - ? & =`` (the cut is made
    again for each width the paragraph is laid out in)."""

    def __init__(self, text: str, style: Any = None, bulletText: Any = None, frags: Any = None,  # noqa: N803
                 **options: Any) -> None:
        super().__init__(text, style, bulletText, frags, **options)
        self.source = text if frags is None else None  # a split-off part keeps the words it was given
        self.laid_out = text  # the markup the paragraph holds now

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        style = self.style
        width = avail_width - style.leftIndent - style.rightIndent - max(0.0, style.firstLineIndent)
        if self.source and _ADDRESS.search(self.source):
            text = break_addresses(self.source, style.fontName, style.fontSize, width * SAFE_WIDTH)
            if text != self.laid_out:
                self._setup(text, style, self.bulletText, None, rl_paragraph.cleanBlockQuotedText)
                self.laid_out = text
        return tuple(super().wrap(avail_width, avail_height))


def smaller(size: float) -> float:
    """The next size to try for text that needs more than FIT_LINES lines (never below MIN_FIT_SIZE)."""
    return max(MIN_FIT_SIZE, size * 0.85)
