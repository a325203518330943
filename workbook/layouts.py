"""Layout files (TOML in ``layouts/``) -> a validated :class:`Layout` in points. No ReportLab here.

A layout may ``extends = "other"`` (a built-in name or a path) and override only the values it changes.
"""

from __future__ import annotations

import difflib
import re
import stat
import tomllib
from collections.abc import Iterable
from dataclasses import MISSING, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from workbook.errors import LayoutError, problem_lines, shown
from workbook.output import real_path
from workbook.resources import data_dir

_UNITS = {"pt": 1.0, "in": 72.0, "mm": 72.0 / 25.4, "cm": 72.0 / 2.54}
_LENGTH = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(pt|in|mm|cm)\s*$")
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
MIN_MARGIN = 36.0  # 0.5 in: home printers clip less than this
SAFE_EDGE = 0.375 * 72  # no ink this close to the paper's edge, header and footer included


def header_baseline(offset: float, size: float) -> float:
    """How far below the paper's top edge the header's baseline sits: the layout's offset, but low enough that
    capitals and accents of ``size`` stay clear of the edge."""
    return max(offset, SAFE_EDGE + size)


def footer_baseline(offset: float, size: float) -> float:
    """How far above the paper's bottom edge the footer's baseline sits: the layout's offset, but high enough
    that descenders of ``size`` stay clear of the edge."""
    return max(offset, SAFE_EDGE + size * 0.3)
MIN_LINE_GAP = 8.7 * 72.0 / 25.4  # wide-ruled
MAX_FILE_BYTES = 1024 * 1024  # a layout is a short text file, like a plan
MAX_EXTENDS = 16  # parents in an extends chain
DAY_OF_SHEETS = ("page", "spread")
DEFAULT_PAPER_THICKNESS = 0.1 * 72 / 25.4  # 80 g/m2 office paper
PAPER_THICKNESS_LIMITS = (0.0, 0.5 * 72 / 25.4)
MAX_FOOTER = 60  # characters of a layout's own footer text (an agency's name)
# (smallest, largest) in points for the values a layout may set; a page must leave a usable frame
_PAGE_LIMITS = {"size": (4 * 72, 48 * 72), "margin": (MIN_MARGIN, 3 * 72), "offset": (0.3 * 72, 2 * 72)}
_FRAME_MINIMUM = (3.5 * 72, 5 * 72)  # width, height of the text area
_FRAME_EMS = 18  # and the text area is at least this many body-text sizes wide
# A table's narrowest column, at the narrowest text area (a booklet page), is a row number: a digit of the
# table-head type (type.small_size; about 0.57 of it wide) and space.cell_padding on either side. Tables
# are laid out with 6pt of padding a side before their own is applied, so it must be 12pt wide or more.
_DIGIT_EMS = 0.58
_NARROWEST_CELL = 12.0
_TYPE_LIMITS = {"body_size": (8, 20), "body_leading": (8, 32), "small_size": (6, 16), "field_size": (6, 20),
                "title_size": (12, 48), "part_size": (12, 36), "section_size": (10, 28), "subsection_size": (9, 24),
                "reading_size": (10, 28), "reading_leading": (10, 42)}
_SPACE_LIMITS = {"line_gap": (MIN_LINE_GAP - 0.01, 20 * 72 / 25.4), "checkbox_size": (8, 24),
                 "cell_padding": (0, 12), "paragraph_after": (0, 24), "heading_before": (0, 36),
                 "heading_after": (0, 24), "phone_column": (36, 4 * 72), "date_column": (36, 4 * 72)}


@dataclass(frozen=True)
class Page:
    size: tuple[float, float]
    margin_top: float
    margin_bottom: float
    margin_left: float
    margin_right: float
    header_offset: float
    footer_offset: float


@dataclass(frozen=True)
class TypeSizes:
    body_size: float
    body_leading: float
    small_size: float
    title_size: float
    part_size: float
    section_size: float
    subsection_size: float
    reading_size: float
    reading_leading: float
    field_size: float


@dataclass(frozen=True)
class Spacing:
    paragraph_after: float
    heading_before: float
    heading_after: float
    line_gap: float
    cell_padding: float
    checkbox_size: float
    phone_column: float = 1.5 * 72  # the narrowest table column for a handwritten phone number
    date_column: float = 1.0 * 72  # ... and for a handwritten date


@dataclass(frozen=True)
class Colours:
    text: str
    accent: str
    rule: str
    muted: str
    callout_background: str


@dataclass(frozen=True)
class Layout:
    name: str
    description: str
    page: Page
    type: TypeSizes
    space: Spacing
    colour: Colours
    footer: str = ""  # the layout's own words at the left of every footer (e.g. an agency's name)
    sources: tuple[Path, ...] = field(default=(), compare=False)  # the files read: never an output
    day_of_sheet: str = "page"  # "page": one page; "spread": two facing pages (large print, a booklet)
    paper_thickness: float = DEFAULT_PAPER_THICKNESS  # one sheet: a booklet's creep compensation

    @property
    def frame_width(self) -> float:
        return self.page.size[0] - self.page.margin_left - self.page.margin_right

    @property
    def frame_height(self) -> float:
        return self.page.size[1] - self.page.margin_top - self.page.margin_bottom


_SECTIONS: dict[str, type] = {"page": Page, "type": TypeSizes, "space": Spacing, "colour": Colours}


def builtin_layouts() -> dict[str, str]:
    """Map each built-in layout's name to its one-line description."""
    return {path.stem: load_layout(path.stem).description for path in sorted(data_dir("layouts").glob("*.toml"))}


PAPER_SIZES = {"letter": ["8.5in", "11in"], "a4": ["210mm", "297mm"]}


def booklet_pages(layout: Layout) -> Layout:
    """The layout for a booklet's pages: half the paper, turned, so two sit side by side on one sheet.

    Type sizes and line spacing stay as they are; margins shrink to fit the smaller page.
    """
    width, height = layout.page.size
    margin, small = 0.6 * 72, layout.type.small_size
    header, footer = header_baseline(0, small), footer_baseline(0, small)
    page = replace(layout.page, size=(height / 2, width), margin_top=max(margin, header + 12),
                   margin_bottom=max(margin, footer + small + 8), margin_left=margin, margin_right=margin,
                   header_offset=header, footer_offset=footer)
    booklet = replace(layout, page=page, day_of_sheet="spread")  # a sheet of A5 faces its partner
    if _frame_problem(booklet.frame_width, booklet.frame_height, layout.type.body_size):
        raise LayoutError(f"--booklet: the pages of layout '{layout.name}' would be too small for its type when "
                          "folded in half; use Letter or A4 paper, or a smaller body_size")
    return booklet


def _frame_problem(width: float, height: float, body_size: float) -> str | None:
    """Why a text area of this size cannot hold the workbook at this body size, if it cannot."""
    need_width = max(_FRAME_MINIMUM[0], _FRAME_EMS * body_size)
    slack = 0.01  # pt: a text area exactly at the limit is enough, whatever the float arithmetic of its lengths
    if width + slack >= need_width and height + slack >= _FRAME_MINIMUM[1]:
        return None
    return (f"the margins leave {_pt(width, 'in')} x {_pt(height, 'in')} for text; at least "
            f"{_pt(need_width, 'in')} x {_pt(_FRAME_MINIMUM[1], 'in')} is needed at this body_size "
            "(smaller margins, a larger page or smaller type)")


def load_layout(name_or_path: str | Path, paper: str | None = None) -> Layout:
    """Load a built-in layout by name (``letter``, ``a4``, ``large-print``) or a layout file by path.

    ``paper`` (``letter`` or ``a4``) replaces the layout's page size and keeps everything else.
    """
    path = _find(name_or_path)
    raw, sources = _read_with_parents(path)
    if paper is not None:
        wanted = paper.strip().lower()
        if wanted not in PAPER_SIZES:
            raise LayoutError(f"--paper: unknown paper {_shown(paper)}{_did_you_mean(wanted, PAPER_SIZES)}: use "
                              f"one of {', '.join(PAPER_SIZES)}")
        raw = _merge(raw, {"page": {"size": PAPER_SIZES[wanted]}})
    return replace(_to_layout(path, raw), sources=sources)


def _find(name_or_path: str | Path, relative_to: Path | None = None) -> Path:
    text = str(name_or_path)
    if text.endswith(".toml") or "/" in text or "\\" in text:
        path = Path(text)
        if relative_to is not None and not path.is_absolute():
            path = relative_to.parent / path
        if not path.is_file():
            raise LayoutError(f"{shown(path)}: layout file not found")
        return path
    names = builtin_names()
    wanted = text.strip().lower().replace("_", "-").replace(" ", "-")
    if wanted not in names:
        raise LayoutError(f"unknown layout {_shown(text)}{_did_you_mean(wanted, names)}: use one of "
                          f"{', '.join(names)}, or the path of a .toml layout file")
    return data_dir("layouts") / f"{wanted}.toml"


def builtin_names() -> list[str]:
    """The names of the built-in layouts (``letter``, ``a4``, ...), sorted."""
    return sorted(p.stem for p in data_dir("layouts").glob("*.toml"))


def _did_you_mean(wanted: str, names: Iterable[str]) -> str:
    close = difflib.get_close_matches(wanted, list(names), n=1, cutoff=0.5)
    return f" (did you mean {close[0]}?)" if close else ""


def _read_with_parents(path: Path) -> tuple[dict[str, Any], tuple[Path, ...]]:
    """The layout file merged over its ``extends`` chain (a loop, or more than MAX_EXTENDS parents, is refused),
    and the files read."""
    chain: list[dict[str, Any]] = []  # the file first, then each parent
    read: list[Path] = []
    seen: set[Path] = set()
    current = path
    while True:
        if real_path(current) in seen:
            raise LayoutError(f"{shown(current)}: 'extends' makes a loop")
        if len(chain) > MAX_EXTENDS:
            raise LayoutError(f"{shown(path)}: 'extends' goes more than {MAX_EXTENDS} layouts deep; extend a "
                              "built-in layout or a file that does")
        seen.add(real_path(current))
        raw = _read_toml(current)
        chain.append(raw)
        read.append(current)
        parent = raw.pop("extends", None)
        if parent is None:
            break
        if not isinstance(parent, str):
            raise LayoutError(f"{shown(current)}: extends: must be a layout name or a path")
        try:
            current = _find(parent, relative_to=current)
        except LayoutError as exc:
            raise LayoutError(f"{shown(current)}: extends = {_shown(parent)}: {exc}") from None
    merged: dict[str, Any] = {}
    for raw in reversed(chain):
        merged = _merge(merged, raw)
    return merged, tuple(read)


def _read_toml(path: Path) -> dict[str, Any]:
    raw: dict[str, Any] | None
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise LayoutError(f"{shown(path)}: is not a regular file; give the path of a .toml layout file")
        if info.st_size > MAX_FILE_BYTES:
            raise LayoutError(f"{shown(path)}: is larger than 1 MiB; a layout is a short text file")
        with open(path, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            raise LayoutError(f"{shown(path)}: is larger than 1 MiB; a layout is a short text file")
        raw = tomllib.loads(data.decode("utf-8-sig"))  # Notepad starts a UTF-8 file with a byte-order mark
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise LayoutError(f"{shown(path)}: not a readable TOML layout file ({exc})") from None
    except RecursionError:  # arrays or inline tables nested hundreds deep
        raw = None
    if raw is None or _depth(raw) > 3:  # [page] size = ["8.5in", "11in"] is as deep as a layout goes
        raise LayoutError(f"{shown(path)}: nested too deeply; a layout is a few [tables] of values")
    if "color" in raw:  # the US spelling is the same table
        if "colour" in raw:
            raise LayoutError(f"{shown(path)}: has both [colour] and [color]; keep one (they are the same table)")
        raw["colour"] = raw.pop("color")
    return raw


def _depth(value: Any) -> int:
    """How deeply tables and arrays nest in a parsed TOML value (without recursion: it may be very deep)."""
    deepest, stack = 0, [(value, 0)]
    while stack:
        item, depth = stack.pop()
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else None
        if children is not None:
            deepest = max(deepest, depth + 1)
            stack.extend((child, depth + 1) for child in children)
    return deepest


def _shown(text: str) -> str:
    """A value from a layout file as quoted in a message: repr-quoted and cut short."""
    return repr(text if len(text) <= 40 else text[:40] + "...")


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _to_layout(path: Path, raw: dict[str, Any]) -> Layout:
    problems: list[str] = []
    sections: dict[str, Any] = {}
    known = {"description", "footer", "extends", "color", "day_of_sheet", "paper_thickness", *_SECTIONS}
    for key in raw:
        if key not in known:
            problems.append(f"{shown(key)}: unknown key (known: {', '.join(sorted(known))})")
    for section, cls in _SECTIONS.items():
        values = raw.get(section)
        if not isinstance(values, dict):
            problems.append(f"{section}: missing table [{section}]")
            continue
        names = [f.name for f in fields(cls)]
        for key in values:
            if key not in names:
                problems.append(f"{section}.{shown(key)}: unknown key")
        parsed: dict[str, Any] = {}
        optional = {f.name for f in fields(cls) if f.default is not MISSING}
        for name in names:
            where = f"{section}.{name}"
            if name not in values:
                if name not in optional:
                    problems.append(f"{where}: missing")
            elif section == "colour":
                parsed[name] = _colour(values[name], where, problems)
            elif name == "size":
                parsed[name] = _size(values[name], where, problems)
            else:
                parsed[name] = _length(values[name], where, problems)
        sections[section] = {name: value for name, value in parsed.items() if value is not None}
    if all(isinstance(raw.get(section), dict) for section in _SECTIONS):
        _check_limits(sections, problems)
    footer = _footer(raw.get("footer", ""), problems)
    day_of_sheet = raw.get("day_of_sheet", "page")
    if day_of_sheet not in DAY_OF_SHEETS:
        problems.append('day_of_sheet: write "page" (one page) or "spread" (two facing pages)')
    thickness = DEFAULT_PAPER_THICKNESS
    if "paper_thickness" in raw:
        thickness = _length(raw["paper_thickness"], "paper_thickness", problems) or 0.0
        _within(thickness, PAPER_THICKNESS_LIMITS, "paper_thickness", problems, "mm")
    if problems:
        raise LayoutError("\n".join([f"{shown(path)}: invalid layout", *problem_lines(problems)]))
    return Layout(
        name=path.stem,
        description=str(raw.get("description", "")),
        footer=footer,
        day_of_sheet=str(day_of_sheet),
        paper_thickness=thickness,
        **{section: cls(**sections[section]) for section, cls in _SECTIONS.items()},
    )


def _length(value: Any, where: str, problems: list[str]) -> float | None:
    match = _LENGTH.match(value) if isinstance(value, str) else None
    if not match:
        problems.append(f'{where}: write a length such as "11pt", "9mm" or "0.75in"')
        return None
    return float(match.group(1)) * _UNITS[match.group(2)]


def _size(value: Any, where: str, problems: list[str]) -> tuple[float, float] | None:
    if not (isinstance(value, list) and len(value) == 2):
        problems.append(f'{where}: write [width, height], e.g. ["210mm", "297mm"]')
        return None
    width, height = _length(value[0], where, problems), _length(value[1], where, problems)
    return (width, height) if width is not None and height is not None else None


def _colour(value: Any, where: str, problems: list[str]) -> str:
    if not (isinstance(value, str) and _COLOUR.match(value)):
        problems.append(f'{where}: write a colour as "#rrggbb"')
        return "#000000"
    return value


def _footer(value: Any, problems: list[str]) -> str:
    if not isinstance(value, str):
        problems.append('footer: write text in quotes, e.g. footer = "Riverside Family Program"')
        return ""
    text = " ".join(value.split())
    if len(text) > MAX_FOOTER:
        problems.append(f"footer: at most {MAX_FOOTER} characters (it shares the footer with the page number)")
    elif any(not ch.isprintable() for ch in text):
        problems.append("footer: remove the control or invisible characters")
    return text


def _pt(points: float, unit: str = "pt") -> str:
    return f"{points / _UNITS[unit]:.3g}{unit}"


def _within(value: float | None, limits: tuple[float, float], where: str, problems: list[str],
            unit: str = "pt") -> None:
    low, high = limits
    if value is not None and not low <= value <= high:
        problems.append(f"{where}: must be from {_pt(low, unit)} to {_pt(high, unit)}")


def _check_narrowest_cell(padding: float | None, small_size: float | None, problems: list[str]) -> None:
    """The combination of padding and head type that leaves a table's narrowest column too narrow to lay out
    (it crashed the layout, e.g. cell_padding = "0pt" with phone_column = "0.5in" on a booklet page)."""
    if padding is None or small_size is None:
        return
    if _DIGIT_EMS * small_size + 2 * padding + 2 < _NARROWEST_CELL:
        need = (_NARROWEST_CELL - 2 - _DIGIT_EMS * small_size) / 2
        problems.append(f"space.cell_padding: at least {need:.1f}pt with type.small_size = {_pt(small_size)}, so "
                        "that a table's narrowest column (a row number) can be laid out; raise one of the two")


def _check_limits(sections: dict[str, Any], problems: list[str]) -> None:
    """Limits that keep the page printable, readable and writable (values that failed to parse are skipped)."""
    page = sections["page"]
    for side in ("margin_top", "margin_bottom", "margin_left", "margin_right"):
        if page.get(side) is not None and page[side] < MIN_MARGIN:
            problems.append(f"page.{side}: at least 0.5in, so home printers do not clip")
        else:
            _within(page.get(side), _PAGE_LIMITS["margin"], f"page.{side}", problems, "in")
    for offset in ("header_offset", "footer_offset"):
        _within(page.get(offset), _PAGE_LIMITS["offset"], f"page.{offset}", problems, "in")
    small = sections["type"].get("small_size", 9)  # header and footer text must clear the text area
    if page.get("margin_bottom", 0) - page.get("footer_offset", 0) < small * 1.5 - 0.01:
        problems.append("page.footer_offset: leave at least 1.5 times type.small_size between the footer and "
                        "page.margin_bottom")
    if page.get("margin_top", 0) - page.get("header_offset", 0) < small * 0.5 + 8 - 0.01:
        problems.append("page.header_offset: leave room for the header's rule between it and page.margin_top")
    width, height = page.get("size", (612, 792))
    if width and height:
        for what, length in (("width", width), ("height", height)):
            _within(length, _PAGE_LIMITS["size"], f"page.size ({what})", problems, "in")
        frame = _frame_problem(width - page.get("margin_left", 0) - page.get("margin_right", 0),
                               height - page.get("margin_top", 0) - page.get("margin_bottom", 0),
                               sections["type"].get("body_size", 0))
        if frame:
            problems.append(f"page: {frame}")
    for name, value in sections["type"].items():
        _within(value, _TYPE_LIMITS[name], f"type.{name}", problems)
    sizes = sections["type"]
    for size, leading in (("body_size", "body_leading"), ("reading_size", "reading_leading")):
        if sizes.get(size) and sizes.get(leading) and sizes[leading] < sizes[size]:
            problems.append(f"type.{leading}: at least type.{size}, or lines of text overlap")
    space = sections["space"]
    _check_narrowest_cell(space.get("cell_padding"), sizes.get("small_size"), problems)
    if space.get("line_gap") is not None and space["line_gap"] < MIN_LINE_GAP - 0.01:
        problems.append("space.line_gap: at least 8.7mm (wide-ruled), so a hand can write on it")
    for name, value in space.items():
        if name != "line_gap" or value >= MIN_LINE_GAP - 0.01:
            _within(value, _SPACE_LIMITS[name], f"space.{name}", problems, "mm" if name == "line_gap" else "pt")
