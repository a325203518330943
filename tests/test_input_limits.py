"""Input at and past every limit: clear messages with exit code 2, nothing from the input that a terminal obeys."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import write_layout, write_plan
from workbook.cli import main


def _build(runner: CliRunner, tmp_path: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(main, ["build", "-o", str(tmp_path / "w.pdf"), *args])
    assert not (tmp_path / "w.pdf").exists() or result.exit_code == 0
    return result.exit_code, result.output


@pytest.mark.parametrize("body, expected", [
    ("x = " + "[" * 5000 + "]" * 5000, "nested too deeply"),
    ("x = " + "{a = " * 5000 + "1" + "}" * 5000, "nested too deeply"),
    ("[" + ".".join(["a"] * 5000) + "]\nx = 1", "nested too deeply"),
])
def test_a_deeply_nested_layout_is_refused(runner: CliRunner, tmp_path: Path, body: str, expected: str) -> None:
    layout = tmp_path / "deep.toml"
    layout.write_text(f'extends = "letter"\n{body}\n', encoding="utf-8")
    code, output = _build(runner, tmp_path, "--layout", str(layout))
    assert code == 2 and f"deep.toml: {expected}" in output, output


def test_a_long_extends_chain_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    for n in range(1200):
        parent = f"c{n + 1}.toml" if n < 1199 else "letter"
        write_layout(tmp_path / f"c{n}.toml", {}, extends=parent)
    code, output = _build(runner, tmp_path, "--layout", str(tmp_path / "c0.toml"))
    assert code == 2 and "c0.toml: 'extends' goes more than 16 layouts deep" in output, output
    code, output = _build(runner, tmp_path, "--layout", str(tmp_path / "c1190.toml"))  # ten parents: fine
    assert code == 0, output


def test_a_layout_file_over_1_mib_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    layout = tmp_path / "big.toml"
    layout.write_text('extends = "letter"\n' + "# padding\n" * 110_000, encoding="utf-8")
    code, output = _build(runner, tmp_path, "--layout", str(layout))
    assert code == 2 and "big.toml: is larger than 1 MiB" in output, output


def test_control_characters_from_a_layout_are_never_printed(runner: CliRunner, tmp_path: Path) -> None:
    layout = tmp_path / "title.toml"  # TOML escapes: the key holds a real ESC ... BEL (sets a terminal's title)
    layout.write_text('extends = "letter"\n"\\u001b]0;PWNED\\u0007" = 1\n[page]\n"\\u202eevil" = 2\n',
                      encoding="utf-8")
    code, output = _build(runner, tmp_path, "--layout", str(layout))
    assert code == 2 and "unknown key" in output
    assert "\x1b" not in output and "\x07" not in output and "\u202e" not in output
    assert "\\x1b]0;PWNED\\x07: unknown key" in output and "page.\\u202eevil: unknown key" in output


@pytest.mark.parametrize("name", ["\u034f", "\u200d", "\u0301", "\u200d\u034f\u0301", "- -", "1"])
def test_the_loved_ones_name_needs_a_visible_letter(runner: CliRunner, tmp_path: Path, name: str) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(f'loved_one:\n  name: "{name}"\nparticipants:\n  - name: "{name}"\n', encoding="utf-8")
    result = runner.invoke(main, ["check", str(plan)])
    assert result.exit_code == 2
    assert "line 2: loved_one.name: must contain at least one letter" in result.output
    assert "line 4: participants[1].name: must contain at least one letter" in result.output


def test_the_cannot_draw_message_names_the_script_and_a_count(runner: CliRunner, tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text("loved_one:\n  name: \u738b\u5c0f\u660e\n", encoding="utf-8")
    result = runner.invoke(main, ["check", str(plan)])
    assert result.exit_code == 2
    assert "loved_one.name: has 3 characters the workbook's fonts cannot draw (CJK script)" in result.output
    for ch in "\u738b\u5c0f\u660e":
        assert ch not in result.output and f"{ord(ch):04X}" not in result.output


def test_a_plan_full_of_errors_lists_the_first_50(runner: CliRunner, tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    people = "".join(f"  - name: Person {n}\n    role: [a list]\n" for n in range(180))
    plan.write_text("loved_one:\n  name: Sam\nparticipants:\n" + people, encoding="utf-8")
    result = runner.invoke(main, ["check", str(plan)])
    assert result.exit_code == 2
    lines = result.output.splitlines()
    assert "180 problems in the plan" in lines[0]
    assert len(lines) == 52 and lines[-1].strip().startswith("and 130 more")


def test_a_file_name_with_an_escape_sequence_is_printed_escaped(runner: CliRunner, tmp_path: Path) -> None:
    plan = write_plan(tmp_path / "\x1b]0;PWNED\x07.yaml", {"loved_one": {"name": "Sam"}}, base=False)
    result = runner.invoke(main, ["check", str(plan)])
    assert result.exit_code == 0 and "\\x1b]0;PWNED\\x07.yaml: 0 people" in result.output
    assert "\x1b" not in result.output and "\x07" not in result.output
    result = runner.invoke(main, ["check", str(tmp_path / "\x1b[2J.yaml")])
    assert result.exit_code == 2 and "\x1b" not in result.output and "\\x1b[2J.yaml" in result.output


def test_an_output_name_with_an_escape_sequence_is_printed_escaped(runner: CliRunner, tmp_path: Path) -> None:
    for args in (["build", "-o"], ["init"]):
        target = tmp_path / f"\x1b]0;PWNED\x07{len(args)}{args[0]}.out"
        result = runner.invoke(main, [*args, str(target)])
        assert result.exit_code == 0, result.output
        assert target.is_file()
        assert "\x1b" not in result.output and "\x07" not in result.output
        assert "\\x1b]0;PWNED\\x07" in result.output
