"""Layout files (TOML in ``layouts/``) -> a validated :class:`Layout` in points. No ReportLab here.

A layout may ``extends = "other"`` (a built-in name or a path) and override only the values it changes.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from workbook.errors import LayoutError
from workbook.resources import data_dir

_UNITS = {"pt": 1.0, "in": 72.0, "mm": 72.0 / 25.4, "cm": 72.0 / 2.54}
_LENGTH = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(pt|in|mm|cm)\s*$")
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
MIN_MARGIN = 36.0  # 0.5 in: home printers clip less than this
MIN_LINE_GAP = 8.7 * 72.0 / 25.4  # wide-ruled


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
    margin = 0.6 * 72
    page = replace(layout.page, size=(height / 2, width), margin_top=margin, margin_bottom=margin,
                   margin_left=margin, margin_right=margin, header_offset=0.35 * 72, footer_offset=0.35 * 72)
    return replace(layout, page=page)


def load_layout(name_or_path: str | Path, paper: str | None = None) -> Layout:
    """Load a built-in layout by name (``letter``, ``a4``, ``large-print``) or a layout file by path.

    ``paper`` (``letter`` or ``a4``) replaces the layout's page size and keeps everything else.
    """
    path = _find(name_or_path)
    raw = _read_with_parents(path, seen=())
    if paper is not None:
        if paper not in PAPER_SIZES:
            raise LayoutError(f"unknown paper {paper!r}: use one of {', '.join(PAPER_SIZES)}")
        raw = _merge(raw, {"page": {"size": PAPER_SIZES[paper]}})
    return _to_layout(path, raw)


def _find(name_or_path: str | Path, relative_to: Path | None = None) -> Path:
    text = str(name_or_path)
    if text.endswith(".toml") or "/" in text or "\\" in text:
        path = Path(text)
        if relative_to is not None and not path.is_absolute():
            path = relative_to.parent / path
        if not path.is_file():
            raise LayoutError(f"{path}: layout file not found")
        return path
    builtin = data_dir("layouts") / f"{text}.toml"
    if not builtin.is_file():
        names = ", ".join(sorted(p.stem for p in data_dir("layouts").glob("*.toml")))
        raise LayoutError(f"unknown layout {text!r}: use one of {names}, or the path of a .toml layout file")
    return builtin


def _read_with_parents(path: Path, seen: tuple[Path, ...]) -> dict[str, Any]:
    if path.resolve() in seen:
        raise LayoutError(f"{path}: 'extends' makes a loop")
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise LayoutError(f"{path}: not a readable TOML layout file ({exc})") from None
    parent = raw.pop("extends", None)
    if parent is None:
        return raw
    if not isinstance(parent, str):
        raise LayoutError(f"{path}: extends: must be a layout name or a path")
    base = _read_with_parents(_find(parent, relative_to=path), seen + (path.resolve(),))
    return _merge(base, raw)


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
    known = {"description", *_SECTIONS}
    for key in raw:
        if key not in known:
            problems.append(f"{key}: unknown key (known: {', '.join(sorted(known))})")
    for section, cls in _SECTIONS.items():
        values = raw.get(section)
        if not isinstance(values, dict):
            problems.append(f"{section}: missing table [{section}]")
            continue
        names = [f.name for f in fields(cls)]
        for key in values:
            if key not in names:
                problems.append(f"{section}.{key}: unknown key")
        parsed: dict[str, Any] = {}
        for name in names:
            where = f"{section}.{name}"
            if name not in values:
                problems.append(f"{where}: missing")
            elif section == "colour":
                parsed[name] = _colour(values[name], where, problems)
            elif name == "size":
                parsed[name] = _size(values[name], where, problems)
            else:
                parsed[name] = _length(values[name], where, problems)
        sections[section] = parsed
    if all(isinstance(raw.get(section), dict) for section in _SECTIONS):
        _check_minimums(sections, problems)
    if problems:
        raise LayoutError(f"{path}: invalid layout\n" + "\n".join(f"  {p}" for p in problems))
    return Layout(
        name=path.stem,
        description=str(raw.get("description", "")),
        **{section: cls(**sections[section]) for section, cls in _SECTIONS.items()},
    )


def _length(value: Any, where: str, problems: list[str]) -> float:
    match = _LENGTH.match(value) if isinstance(value, str) else None
    if not match:
        problems.append(f'{where}: write a length such as "11pt", "9mm" or "0.75in"')
        return 0.0
    return float(match.group(1)) * _UNITS[match.group(2)]


def _size(value: Any, where: str, problems: list[str]) -> tuple[float, float]:
    if not (isinstance(value, list) and len(value) == 2):
        problems.append(f'{where}: write [width, height], e.g. ["210mm", "297mm"]')
        return (0.0, 0.0)
    return (_length(value[0], where, problems), _length(value[1], where, problems))


def _colour(value: Any, where: str, problems: list[str]) -> str:
    if not (isinstance(value, str) and _COLOUR.match(value)):
        problems.append(f'{where}: write a colour as "#rrggbb"')
        return "#000000"
    return value


def _check_minimums(sections: dict[str, Any], problems: list[str]) -> None:
    """Limits that keep the page printable and writable (values that failed to parse are skipped)."""
    page = sections["page"]
    for side in ("margin_top", "margin_bottom", "margin_left", "margin_right"):
        if 0 < page.get(side, MIN_MARGIN) < MIN_MARGIN:
            problems.append(f"page.{side}: at least 0.5in, so home printers do not clip")
    if 0 < sections["space"].get("line_gap", MIN_LINE_GAP) < MIN_LINE_GAP - 0.01:
        problems.append("space.line_gap: at least 8.7mm (wide-ruled), so a hand can write on it")
    width, height = page.get("size", (612, 792))
    if 0 < min(width, height) < 200:
        problems.append("page.size: too small for a workbook page")
