"""Every plan that ``check`` accepts builds, in every edition and layout: a property test over plans whose text is
wide, unbreakable and at every length limit, on the built-in layouts, the most crowded valid layouts and layouts
drawn within the documented limits."""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, Phase, event, example, given, settings
from hypothesis import strategies as st

from tests.conftest import assert_clean_exit
from tests.validity import assert_valid_pdf
from workbook.cli import main
from workbook.layouts import booklet_pages, load_layout
from workbook.plan import LETTER, Choice, FieldNotes, Items, Plan, Record, Text

# The widest characters the fonts draw (a three-em dash is almost three times as wide as its size), a wide
# letter, and ordinary words: text that cannot be broken between words must still fit.
WIDE = ["\u2e3b", "\u052a", "W"]
_WORDS = st.lists(st.sampled_from(["Sam", "Maria", "call", "the", "Riverside", "(555) 010-0100", "&", "<b>",
                                   "\u00e9t\u00e9", "\u0416\u0438\u0437\u043d\u044c", "\u1f00"]), min_size=1)
EDITIONS = {"fillable": (), "print-only": ("--no-fields",), "duplex": ("--duplex",), "booklet": ("--booklet",)}
# The most crowded layouts the limits allow: the largest type on the smallest page, and the smallest page
# that still folds into a booklet at that type size (half of 12.4 in less 1.2 in of margins is 18 x 20 pt
# wide; 6.55 in less the folded page's header and footer margins leaves the 5 in text height).
_CROWDED = """\
extends = "letter"
[page]
size = [{size}]
margin_top = "0.75in"
margin_bottom = "0.75in"
margin_left = "0.75in"
margin_right = "0.75in"
header_offset = "0.3in"
footer_offset = "0.3in"
[type]
body_size = "20pt"
body_leading = "20pt"
small_size = "16pt"
title_size = "48pt"
part_size = "36pt"
section_size = "28pt"
subsection_size = "24pt"
reading_size = "28pt"
reading_leading = "28pt"
field_size = "20pt"
[space]
paragraph_after = "24pt"
heading_before = "36pt"
heading_after = "24pt"
line_gap = "20mm"
cell_padding = "12pt"
checkbox_size = "24pt"
"""
_NO_PADDING = """\
extends = "letter"
[page]
size = ["529.5pt", "561.4pt"]
margin_top = "56.1pt"
margin_bottom = "83.7pt"
[type]
body_size = "9.5pt"
body_leading = "11.6pt"
[space]
line_gap = "46.9pt"
cell_padding = "2.4pt"  # the least the layout check accepts at this small_size
paragraph_after = "17pt"
heading_before = "1.2pt"
heading_after = "24pt"
"""
CROWDED = {"crowded-small": '"6.5in", "6.5in"', "crowded-booklet": '"6.55in", "12.4in"'}
FOLDS = {"letter", "a4", "large-print", "crowded-booklet"}  # the layouts that fold into a booklet
LAYOUTS = ["letter", "a4", "large-print", *CROWDED]


WIDE_RUN = 2_000  # an unbreakable run this long is many lines even on the widest page


@st.composite
def _text(draw: st.DrawFn, spec: Text) -> str:
    """Text within the limit: one wide character repeated (often exactly to the limit, or a long run for a
    letter: ReportLab re-wraps what is left of a paragraph on every page, so a 20,000-character word costs
    minutes), words (up to the limit), or many one-letter lines."""
    kind = draw(st.sampled_from(["wide", "wide", "words", "lines" if spec.multiline else "words"]))
    if kind == "lines":  # as many short lines as the limit allows: many rows in one table cell
        text = ("W\n" * (min(spec.limit, WIDE_RUN) // 2)).strip()
    elif kind == "wide":
        longest = min(spec.limit, WIDE_RUN)
        size = draw(st.sampled_from([longest, longest, draw(st.integers(1, longest))]))
        text = draw(st.sampled_from(WIDE)) * size
    else:
        words = draw(_WORDS)
        if draw(st.booleans()):  # as many words as the limit allows
            words = (words * (spec.limit // len(" ".join(words)) + 1))
        text = " ".join(words)[: spec.limit].strip() or "x"
    return "W" + text[1:] if spec.required else text  # a name needs a letter


def _value(spec: Any) -> st.SearchStrategy[Any]:
    if isinstance(spec, Text):
        return _text(spec)
    if isinstance(spec, Choice):
        return st.sampled_from(spec.words)
    if isinstance(spec, Record):
        return _record(spec.cls)
    if isinstance(spec, FieldNotes):  # answers kept by field name: a few of the workbook's own fields
        names = st.sampled_from(["objections.1.said", "why.notes", "after-no.2.did", "notes.1", "why.heated"])
        return st.dictionaries(names, _text(Text(LETTER, multiline=True)), min_size=1, max_size=3)
    assert isinstance(spec, Items)
    return st.lists(_value(spec.item), min_size=1, max_size=min(spec.limit, 3))


def _record(cls: type) -> st.SearchStrategy[dict[str, Any]]:
    """Values for some of the record's keys (every required one): straight from the plan's own schema."""
    specs = {f.name: f.metadata["spec"] for f in dataclasses.fields(cls) if "spec" in f.metadata}
    required = {k: _value(s) for k, s in specs.items() if getattr(s, "required", False)}
    optional = {k: _value(s) for k, s in specs.items() if not getattr(s, "required", False)}
    return st.fixed_dictionaries(required, optional=optional)  # type: ignore[arg-type]


@st.composite
def _valid_layout(draw: st.DrawFn, folds: bool = False) -> str:
    """A layout file's text with every value drawn within the documented limits (lengths in points); with
    ``folds``, a page whose half still leaves the documented text area (3.5 x 5 in, 18 body sizes wide) inside
    a folded page's margins (0.6 in at the sides, up to 0.8 in at the top and bottom)."""
    def pt(low: float, high: float) -> float:  # to 0.1 pt, inside the limits after rounding too
        low, high = math.ceil(round(low * 10, 6)) / 10, math.floor(round(high * 10, 6)) / 10
        return min(high, max(low, round(draw(st.floats(low, high)), 1)))

    body = pt(8, 20)
    margin = {side: pt(36, 108) for side in ("top", "bottom", "left", "right")}
    small = pt(6, min(16, (margin["bottom"] - 21.6) / 1.5, (margin["top"] - 29.6) * 2))
    width = round(pt(max(252, 18 * body), 720) + margin["left"] + margin["right"], 1)
    height = round(pt(360, 720) + margin["top"] + margin["bottom"], 1)
    if folds:  # the folded page is (height / 2) wide and (width) high
        width = max(width, round(360 + 2 * 57.6 + 1, 1))
        height = max(height, round(2 * (max(252, 18 * body) + 2 * 43.2) + 1, 1))
    # the least padding the layout check accepts with this head type (a row number's column must lay out)
    least_padding = math.ceil(max(0, (10 - 0.58 * small) / 2) * 10) / 10
    values = {
        "page": {"size": [f"{width}pt", f"{height}pt"], "header_offset": "21.6pt", "footer_offset": "21.6pt",
                 **{f"margin_{side}": f"{value}pt" for side, value in margin.items()}},
        "type": {"body_size": body, "body_leading": pt(body, 32), "small_size": small, "title_size": pt(12, 48),
                 "part_size": pt(12, 36), "section_size": pt(10, 28), "subsection_size": pt(9, 24),
                 "field_size": pt(6, 20)},
        "space": {"line_gap": pt(24.7, 56.6), "cell_padding": pt(least_padding, 12), "checkbox_size": pt(8, 24),
                  "paragraph_after": pt(0, 24), "heading_before": pt(0, 36), "heading_after": pt(0, 24)},
    }
    lines = ['extends = "letter"']
    for section, keys in values.items():
        lines.append(f"[{section}]")
        for key, value in keys.items():
            shown = value if isinstance(value, str | list) else f"{value}pt"
            lines.append(f"{key} = {shown!r}".replace("'", '"'))
    return "\n".join(lines) + "\n"


def _plan_with_few_people() -> st.SearchStrategy[dict[str, Any]]:
    return _record(Plan).map(lambda plan: {**plan, "participants": plan.get("participants", [])[:2]})


def _name_everywhere(text: str) -> dict[str, Any]:
    person = {"name": text, "relationship": text, "role": text, "phone": text, "consequences": [text],
              "support": [text]}
    return {"loved_one": {"name": text}, "participants": [person], "program": {"name": text, "phone": text},
            "alternatives": [{"name": text}], "resources": [{"name": text, "phone": text}],
            "meeting": {"date": text, "time": text, "interventionist": {"name": text, "phone": text}}}


@pytest.fixture(scope="module")
def layout_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("layouts")
    files = {name: name for name in LAYOUTS}
    for name, size in CROWDED.items():
        (folder / f"{name}.toml").write_text(_CROWDED.format(size=size), encoding="utf-8")
        files[name] = str(folder / f"{name}.toml")
    return files


def _build(runner: CliRunner, folder: Path, plan: dict[str, Any], layout: str, edition: str) -> None:
    """``check`` accepts the plan (the strategies draw within its limits), and the build succeeds."""
    path = folder / "plan.yaml"
    path.write_text(yaml.safe_dump(plan, allow_unicode=True, width=10**9), encoding="utf-8")
    checked = runner.invoke(main, ["check", str(path)])
    assert checked.exit_code == 0, checked.output
    out = folder / "w.pdf"
    result = runner.invoke(main, ["build", str(path), "-o", str(out), "--layout", layout, "--force",
                                  *EDITIONS[edition]])
    assert result.exit_code == 0, result.output
    assert_valid_pdf(out)


_BUILD_SETTINGS = settings(max_examples=5, deadline=None,  # 5 drawn examples and the explicit ones: each builds
                           suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                                  HealthCheck.data_too_large],
                           phases=[Phase.explicit, Phase.reuse, Phase.generate])  # each example builds a PDF


def _layout_file(folder: Path, layout: str, layout_files: dict[str, str]) -> str:
    """The file of a named layout, or a drawn layout's text written to a file (it loads: the strategy draws
    within the limits, so a refusal is a failure)."""
    if layout in layout_files:
        event(f"layout: {layout}")
        return layout_files[layout]
    event("layout: drawn")
    (folder / "drawn.toml").write_text(layout, encoding="utf-8")
    load_layout(folder / "drawn.toml")
    return str(folder / "drawn.toml")


@_BUILD_SETTINGS
@given(plan=_plan_with_few_people(), layout=st.one_of(st.sampled_from(LAYOUTS), _valid_layout()),
       edition=st.sampled_from([e for e in EDITIONS if e != "booklet"]))
@example(plan=_name_everywhere("W" * 120), layout="crowded-small", edition="fillable")
@example(plan={"loved_one": {"name": "Sam"}}, layout=_NO_PADDING, edition="print-only")  # a callout split forever
def test_every_plan_check_accepts_builds(runner: CliRunner, tmp_path_factory: pytest.TempPathFactory,
                                         layout_files: dict[str, str], plan: dict[str, Any], layout: str,
                                         edition: str) -> None:
    folder = tmp_path_factory.mktemp("plan")
    event(f"edition: {edition}")
    _build(runner, folder, plan, _layout_file(folder, layout, layout_files), edition)


@_BUILD_SETTINGS
@given(plan=_plan_with_few_people(),
       layout=st.one_of(st.sampled_from(sorted(FOLDS)), _valid_layout(folds=True)))
@example(plan=_name_everywhere("W" + "\u2e3b" * 119), layout="letter")
@example(plan=_name_everywhere("W" + "\u2e3b" * 119), layout="crowded-booklet")
def test_every_plan_check_accepts_builds_as_a_booklet(runner: CliRunner, tmp_path_factory: pytest.TempPathFactory,
                                                      layout_files: dict[str, str], plan: dict[str, Any],
                                                      layout: str) -> None:
    """Every layout whose half page leaves the documented text area folds: none is refused."""
    folder = tmp_path_factory.mktemp("booklet")
    _build(runner, folder, plan, _layout_file(folder, layout, layout_files), "booklet")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(layout=_valid_layout(), folding=_valid_layout(folds=True))
def test_every_drawn_layout_loads_and_a_folding_one_folds(tmp_path_factory: pytest.TempPathFactory, layout: str,
                                                          folding: str) -> None:
    """Check only (fast, many examples): the layouts the build properties draw are accepted, so a refusal there
    is a failure and never a skipped example; the folding ones fold (``--booklet`` accepts them)."""
    folder = tmp_path_factory.mktemp("layouts")
    (folder / "drawn.toml").write_text(layout, encoding="utf-8")
    load_layout(folder / "drawn.toml")
    (folder / "folding.toml").write_text(folding, encoding="utf-8")
    booklet_pages(load_layout(folder / "folding.toml"))


def test_a_text_area_exactly_at_the_limit_is_accepted(tmp_path: Path) -> None:
    """18 x 15.8 pt = 284.4 pt: a page 356.4 pt wide with 0.5 in margins is just wide enough (the sum of its
    lengths in floating point is a hair short: once refused with "3.95in ... at least 3.95in is needed")."""
    layout = tmp_path / "exact.toml"
    layout.write_text('extends = "letter"\n[page]\nsize = ["356.4pt", "504pt"]\nmargin_left = "36pt"\n'
                      'margin_right = "36pt"\n[type]\nbody_size = "15.8pt"\nbody_leading = "16pt"\n', encoding="utf-8")
    assert load_layout(layout).type.body_size == pytest.approx(15.8)


def test_a_layout_too_small_to_fold_is_refused_up_front(runner: CliRunner, tmp_path: Path,
                                                        layout_files: dict[str, str]) -> None:
    result = runner.invoke(main, ["build", "-o", str(tmp_path / "w.pdf"), "--booklet",
                                  "--layout", layout_files["crowded-small"]])
    assert_clean_exit(result, 2)
    assert "too small for its type when folded in half" in result.output
    assert not (tmp_path / "w.pdf").exists()


@pytest.mark.parametrize(("layout", "edition"), [(layout, edition) for layout in LAYOUTS for edition in EDITIONS
                                                  if edition != "booklet" or layout in FOLDS])
def test_the_widest_names_build_in_every_layout_and_edition(runner: CliRunner, tmp_path: Path,
                                                            layout_files: dict[str, str], layout: str,
                                                            edition: str) -> None:
    _build(runner, tmp_path, _name_everywhere("W" + "\u2e3b" * 119), layout_files[layout], edition)
