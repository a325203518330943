"""The block vocabulary: plain dataclasses that content parsing produces and PDF layout consumes."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dataclass_field


@dataclass(frozen=True)
class Run:
    """A piece of inline text; ``text`` is plain (never markup)."""

    text: str
    bold: bool = False
    italic: bool = False


Inline = tuple[Run, ...]


def plain_text(runs: Inline) -> str:
    return "".join(run.text for run in runs)


@dataclass(frozen=True)
class Heading:
    """Level 1 is a part (new page, running header), 2 a section, 3 a sub-heading.

    Levels 1 and 2 go into the contents and the PDF outline under ``key``.
    """

    level: int
    text: Inline
    key: str


@dataclass(frozen=True)
class Paragraph:
    runs: Inline
    style: str = "body"


@dataclass(frozen=True)
class BulletList:
    items: tuple[Inline, ...]
    ordered: bool = False


@dataclass(frozen=True)
class Callout:
    """A boxed tip or warning: an optional bold title and a few paragraphs or lists."""

    title: Inline
    body: tuple[Paragraph | BulletList, ...]


@dataclass(frozen=True)
class WriteIn:
    """A prompt and ruled lines for a pen, with a form field of the same size; ``plan`` names the plan keys the
    field carries (see :mod:`workbook.answers`)."""

    field: str
    rows: int
    prompt: Inline = ()
    value: str = ""
    plan: str = ""


@dataclass(frozen=True)
class CheckItem:
    key: str
    text: Inline
    checked: bool = False


@dataclass(frozen=True)
class Checklist:
    field: str
    items: tuple[CheckItem, ...]


@dataclass(frozen=True)
class GridColumn:
    key: str
    label: Inline
    width: float = 1.0


@dataclass(frozen=True)
class GridRow:
    key: str
    label: Inline
    rows: int = 1


@dataclass(frozen=True)
class Grid:
    """A table of write-in cells: field ``{field}.{row}.{column}``; the first column is the row label
    unless every row label is empty. ``plans`` maps a cell (``row.column``) to the plan keys it carries."""

    field: str
    columns: tuple[GridColumn, ...]
    rows: tuple[GridRow, ...]
    values: dict[str, str] = dataclass_field(default_factory=dict)
    label_width: float = 1.0
    plans: dict[str, str] = dataclass_field(default_factory=dict)
    # where the values are in full (a sheet may shorten them): column key ("" for any) -> a heading's key
    more: dict[str, str] = dataclass_field(default_factory=dict)


@dataclass(frozen=True)
class Signer:
    key: str
    name: str = ""
    signature: str = ""  # a signature or date typed on screen, read back under notes: (``workbook read``)
    date: str = ""


@dataclass(frozen=True)
class Signatures:
    field: str
    signers: tuple[Signer, ...]


@dataclass(frozen=True)
class Figure:
    """A drawing made in code; ``steps`` are (title, summary) pairs for the five-step picture."""

    name: str
    steps: tuple[tuple[Inline, Inline], ...] = ()


@dataclass(frozen=True)
class TitlePage:
    title: Inline
    subtitle: Inline
    for_label: Inline
    for_name: str = ""
    owner: str = ""
    note: Inline = ()
    plan: str = ""  # the plan key the name is (the field ``title.name``)


@dataclass(frozen=True)
class Contents:
    title: Inline


@dataclass(frozen=True)
class NotesPage:
    """Ruled lines filling the rest of the page; ``titled`` puts "Notes" above them."""

    field: str
    titled: bool = False
    value: str = ""  # notes typed on screen, read back (``notes:``): printed on the rules, as many as they need


@dataclass(frozen=True)
class KeptChoice:
    """A choice the plan made that the pages show only by their order and content (the path, a person's CRAFT
    skills), kept in a hidden, read-only field so that ``workbook read`` finds it."""

    field: str
    value: str
    plan: str


@dataclass(frozen=True)
class ReadingCopy:
    """A typed letter set in large type, to read aloud; ``field`` (hidden, read-only) keeps the letter as
    typed, so that ``workbook read`` finds it."""

    paragraphs: tuple[str, ...]
    field: str = ""
    value: str = ""
    plan: str = ""


@dataclass(frozen=True)
class SheetMark:
    """A designed, fixed-format sheet (the day-of sheet): ``start`` and ``end`` enclose it; ``turn`` is where
    its right-hand page starts when the layout sets it as a facing two-page spread."""

    at: str


@dataclass(frozen=True)
class PageBreak:
    """A new page; ``recto`` asks for a right-hand (odd) page in the double-sided edition."""

    recto: bool = False


@dataclass(frozen=True)
class LanguageMark:
    """The blocks after this one are in ``language`` (``en``, ``es``) until the next mark: a person's pages in
    their own language inside a workbook in another. Layout takes that language's words and hyphenation;
    a tagged PDF can set /Lang on the span."""

    language: str


Block = (
    Heading | Paragraph | BulletList | Callout | WriteIn | Checklist | Grid | Signatures | Figure
    | TitlePage | Contents | NotesPage | ReadingCopy | KeptChoice | PageBreak | SheetMark
    | LanguageMark
)
