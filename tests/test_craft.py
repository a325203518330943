"""The CRAFT path beside the meeting (issue 17): the ladder page, the six skill worksheets, the invitational
meeting, the plan's ``path:`` and each person's ``skills:``, and the trials cited in full."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import assert_clean_exit, needs_tool, run_build, write_plan
from tests.pdfcheck import Pdf
from workbook.cli import main

LADDER = "Before you choose: three ways to help"
CRAFT = "The CRAFT path: skills to practice at home"
SKILL_SHEETS = {  # plan word -> worksheet title, and a field each one must carry
    "safety": ("Worksheet: Safety check for this path", "craft.safety.signs.hurt"),
    "triggers": ("Worksheet: What happens before and after use", "craft.triggers.people.noticed"),
    "communication": ("Worksheet: Saying it so it can be heard", "craft.communication.3.new"),
    "rewards": ("Worksheet: Rewarding the good days", "craft.rewards.allow"),
    "self_care": ("Worksheet: Looking after myself", "craft.self-care.limits"),
    "invitation": ("Worksheet: A good moment to invite treatment", "craft.invitation.words"),
}
CITATIONS = [  # authors, year, journal with volume, pages: as each trial's own record gives them
    ("Miller, W. R., Meyers, R. J., & Tonigan, J. S. (1999)", "Journal of Consulting and Clinical Psychology, 67(5)",
     "688–697"),
    ("Meyers, R. J., Miller, W. R., Smith, J. E., & Tonigan, J. S. (2002)",
     "Journal of Consulting and Clinical Psychology, 70(5)", "1182–1185"),
    ("Roozen, H. G., de Waart, R., & van der Kroft, P. (2010)", "Addiction, 105", "1729–1738"),
    ("Manuel, J. K., Austin, J. L., Miller, W. R., McCrady, B. S., Tonigan, J. S., Meyers, R. J., Smith, J. E., "
     "& Bogenschutz, M. P. (2012)", "Journal of Substance Abuse Treatment, 43(1)", "129–136"),
]
DAY_OF_WORDS = {
    "ladder": "Bring the day-of sheet. Read it together before the meeting starts.",
    "craft": "If you hold a meeting after trying CRAFT",
    "invitational": "Your loved one knows about today: thank them for coming.",
    "surprise": "with the interventionist who leads it",
}


def _flat(text: str) -> str:
    return " ".join(text.split())


def _top_level(pdf: Pdf) -> list[str]:
    return [e.title for e in pdf.outline if e.level == 0]


def _day_of_page(pdf: Pdf) -> str:
    entry = next(e for e in pdf.outline if e.title == "Day-of sheet")
    return _flat(pdf.pages[entry.page - 1])


@pytest.fixture(scope="module")
def paths(runner: CliRunner, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Pdf]:
    """A small plan built once on each path (and once with no path: the ladder)."""
    folder = tmp_path_factory.mktemp("paths")
    built = {}
    for path in ("ladder", "craft", "invitational", "surprise"):
        chosen = {} if path == "ladder" else {"path": path}
        plan = write_plan(folder / f"{path}.yaml", {"loved_one": {"name": "Sam"}, **chosen,
                                                    "participants": [{"name": "Maria Lopez", "role": "chair"}]},
                          base=False)
        built[path] = run_build(runner, folder / f"{path}.pdf", str(plan))
    return built


def test_blank_outline_has_the_ladder_then_all_six_skill_worksheets(blank: Pdf) -> None:
    top = _top_level(blank)
    assert top.index("Safety first") < top.index(LADDER) < top.index("Step 1: Choose a treatment program first")
    titles = [e.title for e in blank.outline]
    sheets = [title for title, _ in SKILL_SHEETS.values()]
    assert [t for t in titles if t in sheets] == sheets, "the six skill worksheets, in order"
    fields = {w["name"] for w in blank.widgets}
    for title, field in SKILL_SHEETS.values():
        assert field in fields, field
        page = blank.pages[next(e.page for e in blank.outline if e.title == title) - 1]
        assert title in page and "Why this matters." in page and "Example" in page, title


def test_ladder_states_the_numbers_and_their_limits(blank: Pdf) -> None:
    entries = blank.outline
    start = next(i for i, e in enumerate(entries) if e.title == LADDER)
    end = next(e.page for e in entries[start + 1:] if e.level == 0)
    text = _flat(" ".join(blank.pages[entries[start].page - 1:end - 1]))
    for fact in ("64%", "30%", "13%", "7 in 10", "3 in 4", "about 6 in 10", "about 3 in 10", "two in three",
                 "6 in 10", "4 in 10", "too small to be sure", "not whether they got well",
                 "Miller, Meyers and Tonigan (1999)", "(Meyers and others, 2002)", "(Roozen and others, 2010)",
                 "(Manuel and others, 2012)", "1. Learn CRAFT skills", "2. An invitational meeting",
                 "3. A planned surprise meeting"):
        assert fact in text, fact


def test_each_trial_is_cited_in_full(blank: Pdf) -> None:
    start = next(e.page for e in blank.outline if e.title == "References")
    references = _flat(" ".join(blank.pages[start - 1:]))
    for authors, journal, pages in CITATIONS:
        assert f"{authors}." in references, authors
        cited = references.split(authors, 1)[1][:400]
        assert journal in cited and pages in cited, authors


def test_resources_name_where_to_find_craft_help(blank: Pdf) -> None:
    where = _flat(blank.pages[next(e.page for e in blank.outline if e.title == "Where to get help") - 1])
    assert "Finding CRAFT help." in where and "trained in CRAFT" in where
    assert "SMART Recovery Family & Friends" in where and "1-800-662-4357" in where


def test_step_3_offers_the_invitational_meeting(blank: Pdf) -> None:
    titles = [e.title for e in blank.outline]
    step3 = titles.index("Step 3: Plan and hold an intervention")
    assert titles[step3 + 1] == "An invitational meeting: no surprises"
    page = _flat(blank.pages[blank.outline[step3 + 1].page - 1])
    for part in ("Who invites.", "What you say.", "What is not a surprise.", "The same plan."):
        assert part in page, part


def test_the_plans_path_orders_the_guide(paths: dict[str, Pdf]) -> None:
    orders = {path: _top_level(pdf) for path, pdf in paths.items()}
    step1, step2, step3, step5 = ("Step 1: Choose a treatment program first", "Step 2: Understand why they said no",
                                  "Step 3: Plan and hold an intervention", "Step 5: Offer support")
    assert orders["ladder"].index(step2) < orders["ladder"].index(CRAFT) < orders["ladder"].index(step3)
    assert orders["craft"].index(LADDER) + 1 == orders["craft"].index(CRAFT) < orders["craft"].index(step1)
    for path in ("invitational", "surprise"):
        assert orders[path].index(step5) + 1 == orders[path].index(CRAFT), path
    assert len({tuple(order) for order in orders.values()}) == 3  # the two meeting paths differ inside Step 3
    for path, pdf in paths.items():
        titles = [e.title for e in pdf.outline]
        step3_at = titles.index(step3)
        invitation = titles.index("An invitational meeting: no surprises")
        if path == "surprise":
            assert invitation > titles.index("Set the day up to succeed"), "a surprise plan reads it last"
        else:
            assert invitation == step3_at + 1, path
        assert sum(1 for t in titles if t.startswith("Worksheet: ")) == sum(
            1 for t in _titles_of(paths["ladder"]) if t.startswith("Worksheet: ")), "every path keeps every sheet"


def _titles_of(pdf: Pdf) -> list[str]:
    return [e.title for e in pdf.outline]


def test_the_plans_path_sets_the_day_of_wording(paths: dict[str, Pdf]) -> None:
    for path, pdf in paths.items():
        page = _day_of_page(pdf)
        assert DAY_OF_WORDS[path] in page, path
        for other, words in DAY_OF_WORDS.items():
            if other not in (path, "ladder"):  # the ladder's line is where two other paths begin
                assert words not in page, (path, other)
        assert "Day-of sheet" in page


def test_the_example_and_each_packet_hold_the_skills_their_plan_asks_for(
        example_packets: tuple[Pdf, list[Pdf]]) -> None:
    example, packets = example_packets
    every = [title for title, _ in SKILL_SHEETS.values()]
    assert set(every) <= set(_titles_of(example))
    asked = {"01": ["communication", "rewards", "self_care"], "02": ["self_care"], "03": []}  # the example plan
    for packet in packets:
        wanted = asked[packet.path.name[:2]]
        titles = set(_titles_of(packet))
        fields = {w["name"] for w in packet.widgets}
        for skill, (title, field) in SKILL_SHEETS.items():
            assert (title in titles) == (skill in wanted), (packet.path.name, skill)
            assert (field in fields) == (skill in wanted), (packet.path.name, field)
        assert CRAFT in titles and LADDER in titles
        if not wanted:
            assert "Your plan chose no skill worksheets for you." in _flat(packet.text)


def test_a_wrong_path_or_skill_is_a_clear_error(runner: CliRunner, tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text("loved_one: {name: Sam}\npath: crafty\nparticipants:\n"
                    "  - {name: Maria, skills: [rewards, secret plan to hide keys]}\n", encoding="utf-8")
    result = runner.invoke(main, ["check", str(plan)])
    assert result.exit_code == 2
    assert "line 2: path: must be one of: craft, invitational, surprise; did you mean 'craft'?" in result.output
    assert "participants[1].skills[2]: must be one of: safety, triggers" in result.output
    assert "secret plan" not in result.output
    assert_clean_exit(result, 2)


def test_path_and_skills_are_documented(runner: CliRunner) -> None:
    help_text = _flat(runner.invoke(main, ["init", "--help"]).output)
    assert "path" in help_text and "craft, invitational or surprise" in help_text and "skills" in help_text
    readme = _flat(_documentation())
    assert "path: craft" in readme and "skills:" in readme


@needs_tool(shutil.which("pdftotext") is not None, "needs pdftotext (Debian/Ubuntu: apt install poppler-utils)")
@pytest.mark.parametrize("path", ["craft", "invitational", "surprise", "ladder"])
def test_new_parts_read_at_grade_seven_or_under_on_every_path(paths: dict[str, Pdf], path: str) -> None:
    """Measured on the printed text of each path's workbook (ladder: no path chosen)."""
    from tests.readability import grade
    from tests.test_guidance import guide_prose

    parts = guide_prose(paths[path])
    for part in (LADDER, CRAFT, "Step 3: Plan and hold an intervention"):
        assert sum(len(text.split()) for text in parts[part]) >= 100, (path, part)
        assert grade(parts[part]) <= 7.0, (path, part, round(grade(parts[part]), 1))


def _documentation() -> str:
    """The README and the docs/ files it links (issue 21 moved the plan file reference to docs/)."""
    root = Path(__file__).parents[1]
    return "\n".join(path.read_text(encoding="utf-8") for path in [root / "README.md",
                                                                   *sorted((root / "docs").glob("*.md"))])


def _expand(pattern: str) -> set[str]:
    """``a.{b,c}.d`` -> {a.b.d, a.c.d}: the README's way of listing field names."""
    if "{" not in pattern:
        return {pattern}
    head, rest = pattern.split("{", 1)
    options, tail = rest.split("}", 1)
    return {name for option in options.split(",") for name in _expand(head + option + tail)}


def test_skill_field_names_are_the_documented_ones(blank: Pdf) -> None:
    """A filled workbook is read back by field name (``workbook read``): the names are the README's list."""
    readme = _documentation()
    documented = {name for line in readme.splitlines() if line.startswith("- `craft.")
                  for pattern in line.split("`")[1::2] for name in _expand(pattern)}
    assert len(documented) == 9 + 7 + 9 + 4 + 4 + 7
    assert {w["name"] for w in blank.widgets if w["name"].startswith("craft.")} == documented
