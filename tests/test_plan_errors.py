"""Bad plans get one clear message: exit 2, file, field path and line, no traceback, no private text."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import PLANS, assert_clean_exit
from workbook.cli import main

# fixture -> what the message must say (field path and/or line, and the problem)
CASES = {
    "bad-not-yaml.yaml": ["line 4", "not valid YAML"],
    "bad-empty.yaml": ["the plan is empty", "workbook init"],
    "bad-not-a-mapping.yaml": ["line 1", "top of the plan must be keys"],
    "bad-unknown-key.yaml": ["line 3", "(top level): unknown key", "did you mean 'participants'"],
    "bad-wrong-type.yaml": ["line 6", "participants[2].name: expected text, not a list"],
    "bad-missing-name.yaml": ["loved_one: is required"],
    "bad-duplicate-key.yaml": ["line 3", "loved_one: a key appears twice (first on line 1)"],
    "bad-tag.yaml": ["line 2", "YAML tags"],
    "bad-alias.yaml": ["line 2", "anchors", "line 4", "aliases"],
    "bad-control-character.yaml": ["line 2", "loved_one.name", "U+0007"],
    "bad-direction-control.yaml": ["line 2", "loved_one.name", "direction control", "U+202E"],
    "bad-multiline-name.yaml": ["line 2", "loved_one.name: must be one line"],
    "bad-two-documents.yaml": ["line 3", "one YAML document"],
    "bad-deep-nesting.yaml": ["line 4", "nested too deeply"],
    "bad-glyph.yaml": ["line 2", "loved_one.name", "CJK script", "cannot draw"],
    "bad-line-separator.yaml": ["line 3", "loved_one.name: must be one line"],
    "bad-sentence-as-key.yaml": ["line 5", "participants[1]: unknown key", "known keys here: name,"],
    "bad-null-name.yaml": ["line 2", "loved_one.name: is required"],
    "bad-too-long.yaml": ["line 2", "loved_one.name: is 207 characters", "line 5",
                          "participants[1].letter: is 20,001 characters"],
}


def test_every_bad_fixture_is_covered() -> None:
    assert sorted(p.name for p in PLANS.glob("bad-*.yaml")) == sorted(CASES)


@pytest.mark.parametrize("fixture", sorted(CASES))
def test_check_reports_the_problem(runner: CliRunner, fixture: str) -> None:
    result = runner.invoke(main, ["check", str(PLANS / fixture)])
    assert result.exit_code == 2, result.output
    assert fixture in result.output
    for expected in CASES[fixture]:
        assert expected in result.output, expected
    assert_clean_exit(result, 2)
    assert "SECRET" not in result.output, "the message echoes the plan's text"


@pytest.mark.parametrize("fixture", ["bad-unknown-key.yaml", "bad-glyph.yaml", "bad-not-yaml.yaml"])
def test_build_with_a_bad_plan_keeps_the_old_pdf(runner: CliRunner, tmp_path: Path, fixture: str) -> None:
    out = tmp_path / "w.pdf"
    out.write_bytes(b"%PDF- the old one")
    result = runner.invoke(main, ["build", str(PLANS / fixture), "-o", str(out), "--force"])
    assert result.exit_code == 2
    assert out.read_bytes() == b"%PDF- the old one"
    assert [p.name for p in tmp_path.iterdir()] == ["w.pdf"]


def test_problems_are_reported_together(runner: CliRunner, tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text("particpants: []\nloved_one:\n  nam: x\nmeeting: [1]\nparticipants:\n  - name: [a]\n")
    result = runner.invoke(main, ["check", str(plan)])
    assert result.exit_code == 2
    assert "5 problems" in result.output
    for expected in ("did you mean 'participants'", "loved_one: unknown key; did you mean 'name'",
                     "loved_one.name: is required", "meeting: expected keys", "participants[1].name"):
        assert expected in result.output


def test_font_problems_come_with_the_other_problems(runner: CliRunner, tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text("loved_one:\n  name: \u738b\nparticpants: []\n", encoding="utf-8")
    result = runner.invoke(main, ["check", str(plan)])
    assert result.exit_code == 2
    assert "2 problems" in result.output and "CJK script" in result.output
    assert "did you mean 'participants'" in result.output


def test_empty_sections_are_left_blank(runner: CliRunner, tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text("loved_one:\n  name: Sam\nprogram:\nmeeting: ~\nparticipants:\nresources: null\n")
    result = runner.invoke(main, ["check", str(plan)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("ok")


def test_not_a_regular_file(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["check", str(tmp_path)])
    assert result.exit_code == 2 and "not a regular file" in result.output
    result = runner.invoke(main, ["check", "/dev/zero"])
    assert result.exit_code == 2 and "not a regular file" in result.output
    fifo = tmp_path / "fifo.yaml"
    os.mkfifo(fifo)
    result = runner.invoke(main, ["check", str(fifo)])
    assert result.exit_code == 2 and "not a regular file" in result.output


def test_missing_large_and_binary_files(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["check", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 2 and "file not found" in result.output
    big = tmp_path / "big.yaml"
    big.write_text("loved_one:\n  name: Sam\n" + "#" * (1024 * 1024))
    result = runner.invoke(main, ["check", str(big)])
    assert result.exit_code == 2 and "larger than 1 MiB" in result.output
    binary = tmp_path / "bin.yaml"
    binary.write_bytes(b"loved_one:\n  name: \xff\xfe\n")
    result = runner.invoke(main, ["check", str(binary)])
    assert result.exit_code == 2 and "line 2" in result.output and "not UTF-8" in result.output


def test_null_and_tilde_print_as_typed_except_for_a_required_name() -> None:
    from workbook.plan import parse_plan

    plan = parse_plan("loved_one: {name: Sam}\nparticipants:\n  - {name: Ana, role: null, phone: '~'}\n"
                      "  - {name: Bo, role: ~}\n")
    assert [(p.role, p.phone) for p in plan.participants] == [("null", "~"), ("~", "")]


def test_a_sentence_typed_as_a_key_is_never_repeated(runner: CliRunner, tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text("loved_one: {name: Sam}\nparticipants:\n  - name: Ana\n    letter to SECRET: hi\n"
                    "    SECRET hit me: x\n    SECRET hit me: y\n")
    result = runner.invoke(main, ["check", str(plan)])
    assert result.exit_code == 2 and "3 problems" in result.output
    assert "SECRET" not in result.output and "a key appears twice" in result.output
