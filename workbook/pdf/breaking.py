"""Where a line of text may break: between words, in a web address after ``/ . - ? & =``, in a long name
at a hyphen or a dictionary hyphenation point, never inside a phone number, never at an arbitrary letter.

``fit_lines`` wraps a typed value for ruled lines (shrinking the type a little before it would have to
break a word); ``hyphenate`` is the hyphenator the paragraph styles hand to ReportLab; ``Paragraph`` is
ReportLab's, except that a web address longer than a line breaks after its punctuation.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache, partial
from html import escape as html_escape
from html import unescape
from typing import Any

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import paragraph as rl_paragraph

from workbook.pdf.tagging import content, keep_line_ends

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


def escape(text: str) -> str:
    """``&``, ``<`` and ``>`` as entities, as ``xml.sax.saxutils.escape`` does (whose import pulls in urllib,
    http and ssl)."""
    return html_escape(text, quote=False)


KNOWN_BREAKS = "hyphenation.txt"  # in the content folder: the guide's long words and their breaks
_PYPHEN_LANGUAGES = {"en": "en_US", "es": "es"}  # our languages -> pyphen's dictionaries


@cache
def _dictionary(language: str = "en") -> Any:
    try:
        import pyphen
    except ImportError:  # pragma: no cover - a declared dependency; without it long words only shrink
        return None
    return pyphen.Pyphen(lang=_PYPHEN_LANGUAGES[language], left=3, right=3)


def dictionary_breaks(word: str, language: str = "en") -> list[int]:
    """Where the hyphenation dictionary of ``language`` lets ``word`` break (letters before each point; none
    without it)."""
    dictionary = _dictionary(language)
    return list(dictionary.positions(word)) if dictionary is not None else []


@cache
def _known_breaks() -> dict[str, list[int]]:
    """The guide's own long words with their breaks, as tools/make_hyphenation.py wrote them from the dictionary."""
    from workbook.resources import data_dir

    known: dict[str, list[int]] = {}
    with open(data_dir("content") / KNOWN_BREAKS, encoding="utf-8") as handle:
        for line in handle:
            if not line.startswith("#"):
                word, *cuts = line.split()
                known[word] = [int(cut) for cut in cuts]
    return known


def _breaks(word: str, language: str) -> list[int]:
    """``dictionary_breaks``, looked up first among the English guide's own words (the dictionary loads only
    for others)."""
    known = _known_breaks().get(word) if language == "en" else None
    return known if known is not None else dictionary_breaks(word, language)


@cache
def hyphenator(language: str) -> Callable[[str], Iterator[tuple[str, str]]]:
    """The hyphenator a paragraph style hands to ReportLab for running text in ``language``."""
    return hyphenate if language == "en" else partial(hyphenate, language=language)


def hyphenate(word: str, long_word: int = PARAGRAPH_LONG_WORD, language: str = "en") -> Iterator[tuple[str, str]]:
    """(head, tail) pairs, longest head first, where a word may break at a dictionary hyphenation point of
    a part of ``long_word`` letters or more (the dictionary of ``language`` loads only then, and not for the
    English guide's own words: it takes a tenth of a second).
    Not after a hyphen the word has: ReportLab loses that hyphen when it rejoins the parts on one line."""
    if len(word) < min(long_word, LONG_WORD) or not _HYPHENATED.match(word):
        return iter(())
    cuts: set[int] = set()
    offset = 0
    for part in word.split("-"):
        if len(part) >= long_word:
            cuts.update(offset + cut for cut in _breaks(part, language))
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


# What ReportLab's breakLines sets on the paragraph besides the lines it returns.
_LINE_STATE = ("_width_max", "height", "_splitLongWordCount", "_hyphenations")
# Lines already broken, shared between paragraphs of the same markup, style and width (see ``shared_lines``).
_shared: dict[tuple[Any, ...], tuple[Any, tuple[Any, ...]]] | None = None


@contextmanager
def shared_lines() -> Iterator[None]:
    """While on, a paragraph whose markup, style and width were broken into lines before (in this document or
    an earlier one: the guide's paragraphs in every packet) takes those lines instead of breaking them again."""
    global _shared
    previous, _shared = _shared, {}
    try:
        yield
    finally:
        _shared = previous


class PlainParagraph(rl_paragraph.Paragraph):  # type: ignore[misc]
    """ReportLab's paragraph, whose lines are broken once per width: layout measures a paragraph several times
    (a worksheet, a chain, a table, then the frame) for the same width; and, under ``shared_lines``, once for
    all paragraphs of the same markup and style.

    ReportLab's ``split`` changes the words of the lines it splits, so it gets lines of its own, and a
    paragraph once split breaks its lines afresh on every measure, as ReportLab does. It draws untagged: its
    user marks what it draws (a heading, a ruled area's prompt)."""

    def __init__(self, text: str, style: Any = None, bulletText: Any = None, frags: Any = None,  # noqa: N803
                 **options: Any) -> None:
        super().__init__(text, style, bulletText, frags, **options)
        self.source = text if frags is None else None  # a split-off part keeps the words it was given
        self.laid_out = text  # the markup the paragraph holds now
        self._split_once = False

    def _setup(self, *args: Any) -> None:
        self._broken: tuple[Any, Any, tuple[Any, ...]] | None = None  # (widths, lines, state) of the last break
        super()._setup(*args)

    def breakLines(self, width: Any) -> Any:  # noqa: N802 - ReportLab's name
        if self._split_once:
            return super().breakLines(width)
        widths = tuple(width)
        if self._broken is None or self._broken[0] != widths:
            shareable = _shared is not None and self.source is not None and self.bulletText is None
            shared = (type(self), self.laid_out, self.style, widths) if shareable else None
            found = _shared.get(shared) if shared is not None and _shared is not None else None
            if found is None:
                lines = super().breakLines(width)
                found = (lines, tuple(getattr(self, name, None) for name in _LINE_STATE))
                if shared is not None and _shared is not None:
                    _shared[shared] = found
            self._broken = (widths, *found)
        _, lines, state = self._broken
        for name, value in zip(_LINE_STATE, state, strict=True):
            if value is not None:
                setattr(self, name, value)
        return lines

    def split(self, avail_width: float, avail_height: float) -> list[Any]:
        if not self._split_once:
            self._split_once = True
            if hasattr(self, "blPara"):  # lines of its own, which the split may change
                self.blPara = super().breakLines(self._wrapWidths)
        return list(super().split(avail_width, avail_height))


class Paragraph(PlainParagraph):
    """A paragraph in which a web address longer than a line breaks after ``/ . - ? & =`` (the cut is made
    again for each width the paragraph is laid out in). Drawn, it is tagged as ``role`` (P, H1, LBody...); the
    parts of a paragraph split over pages are one element."""

    role = "P"
    tag_key: object = None

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        style = self.style
        width = avail_width - style.leftIndent - style.rightIndent - max(0.0, style.firstLineIndent)
        if self.source and _ADDRESS.search(self.source):
            text = break_addresses(self.source, style.fontName, style.fontSize, width * SAFE_WIDTH)
            if text != self.laid_out:
                self._setup(text, style, self.bulletText, None, rl_paragraph.cleanBlockQuotedText)
                self.laid_out = text
        return tuple(super().wrap(avail_width, avail_height))

    def split(self, avail_width: float, avail_height: float) -> list[Any]:
        parts = super().split(avail_width, avail_height)
        key = self.tag_key or object()
        for part in parts:
            part.role, part.tag_key = self.role, key
        return list(parts)

    def drawOn(self, canv: Any, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802, N803 - ReportLab's
        with content(canv, self.role, self.tag_key):
            keep_line_ends(self)
            super().drawOn(canv, x, y, _sW)


def tagged(paragraph: Paragraph, role: str) -> Paragraph:
    """The paragraph, tagged as ``role`` (a title as H1, a list item's body as LBody)."""
    paragraph.role = role
    return paragraph


def smaller(size: float) -> float:
    """The next size to try for text that needs more than FIT_LINES lines (never below MIN_FIT_SIZE)."""
    return max(MIN_FIT_SIZE, size * 0.85)
