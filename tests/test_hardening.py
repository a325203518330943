"""Hardening, round three (issue 25): planted modules, a layout too narrow for a table, RL_* variables, a link
loop, a deleted current folder, a full standard output, forged lines and escape sequences in messages, keys
repeated back, modifier letters, messages that change between runs, a layout with a byte-order mark, and an
output on a file being read. Each test runs the real command (CliRunner, or a subprocess with a timeout)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from tests.conftest import PLANS, write_layout
from tests.validity import assert_valid_pdf
from workbook.cli import main

TIMEOUT = 120
README = Path(__file__).parent.parent / "README.md"
# standard-library (and dependency) modules the program imports after Python's own start-up
_AFTER_START_UP = ("typing", "re", "__future__", "dataclasses", "pathlib", "signal", "enum", "tomllib",
                   "unicodedata", "difflib", "textwrap", "string", "traceback", "tempfile", "secrets", "json",
                   "hashlib", "copy", "gc", "yaml", "click", "jinja2", "reportlab", "reportlab_settings",
                   "reportlab_mods", "multiprocessing", "concurrent", "ctypes", "errno", "stat", "shutil")
# ... and those Python's start-up for ``-m`` imports before any of the program runs
_START_UP = ("functools", "collections", "contextlib", "warnings", "keyword", "operator", "reprlib")


def _run(args: list[str], cwd: Path, **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=TIMEOUT, **kwargs)  # type: ignore


def _plant(folder: Path, names: tuple[str, ...]) -> Path:
    """A module under each name that leaves a mark in ``marks`` if it is ever run."""
    marks = folder / "marks"
    marks.mkdir()
    for name in names:
        (folder / f"{name}.py").write_text(f"open({str(marks / name)!r}, 'w').close()\n", encoding="utf-8")
    return marks


# --- 3. modules planted in the current folder ---------------------------------------------------------


def test_python_m_workbook_runs_no_module_planted_in_the_current_folder(tmp_path: Path) -> None:
    marks = _plant(tmp_path, _AFTER_START_UP)
    out = tmp_path / "out"
    out.mkdir()
    result = _run([sys.executable, "-m", "workbook", "build", "-o", str(out / "w.pdf")], tmp_path)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in marks.iterdir()) == []
    assert_valid_pdf(out / "w.pdf")


def test_python_p_and_the_command_run_no_planted_module_at_all(tmp_path: Path) -> None:
    marks = _plant(tmp_path, _AFTER_START_UP + _START_UP)
    command = Path(sys.executable).parent / "workbook"
    runs = [[sys.executable, "-P", "-m", "workbook", "--version"],
            [sys.executable, "-P", "-m", "workbook", "build", "-o", str(tmp_path / "marks" / "w.pdf")]]
    if command.exists():
        runs.append([str(command), "--version"])
    for args in runs:
        result = _run(args, tmp_path)
        assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in marks.iterdir()) == ["w.pdf"]


def test_readme_tells_how_to_run_it_safely_with_python_m() -> None:
    privacy = README.read_text(encoding="utf-8").split("## Privacy and safety")[1].split("\n## ")[0]
    assert "`python -P -m workbook`" in privacy
    assert "`python -m workbook` loads no module from the folder it runs in" not in privacy


# --- 4. a layout whose narrowest table column cannot be laid out ----------------------------------------


def _layout(folder: Path, name: str, space: dict[str, str], **sections: dict[str, object]) -> Path:
    lines = ['extends = "letter"', "[space]", *(f'{k} = "{v}"' for k, v in space.items())]
    for section, values in sections.items():
        lines.append(f"[{section}]")
        lines += [f"{k} = {v!r}".replace("'", '"') for k, v in values.items()]
    path = folder / f"{name}.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_layout_too_narrow_for_a_table_is_refused_naming_the_keys(runner: CliRunner, tmp_path: Path) -> None:
    layout = _layout(tmp_path, "narrow", {"cell_padding": "0pt", "phone_column": "0.5in"})
    for extra in (["--booklet"], []):
        result = runner.invoke(main, ["build", "--layout", str(layout), "-o", str(tmp_path / "w.pdf"), *extra])
        assert result.exit_code == 2, result.output
        assert "space.cell_padding" in result.output and "type.small_size" in result.output
        assert "ValueError" not in result.output and not (tmp_path / "w.pdf").exists()


@pytest.mark.parametrize("small, padding", [("6pt", "3.3pt"), ("9pt", "2.5pt")])
def test_every_layout_accepted_lays_out_its_tables_at_the_narrowest_text_area(
        runner: CliRunner, tmp_path: Path, small: str, padding: str) -> None:
    space = {"cell_padding": padding, "phone_column": "0.5in", "date_column": "0.5in"}
    narrow_page = {"size": ["4.5in", "11in"], "margin_left": "0.5in", "margin_right": "0.5in"}
    layouts = [(_layout(tmp_path, "booklet", space, type={"small_size": small}), ["--booklet"]),
               (_layout(tmp_path, "narrow", space, type={"small_size": small}, page=narrow_page), [])]
    for layout, extra in layouts:
        out = tmp_path / f"{layout.stem}.pdf"
        result = runner.invoke(main, ["build", "--layout", str(layout), "-o", str(out), *extra])
        assert result.exit_code == 0, result.output
        assert_valid_pdf(out)


# --- 5, 14, 15. output paths: a link loop, a file being read, a very long path -------------------------


def test_output_on_a_symbolic_link_loop_is_a_clear_error(runner: CliRunner, tmp_path: Path) -> None:
    loop = tmp_path / "loop.pdf"
    loop.symlink_to(loop)
    for force in ([], ["--force"]):
        result = runner.invoke(main, ["build", "-o", str(loop), *force])
        assert result.exit_code == 2, result.output
        assert "is a symbolic link" in result.output and "unexpected" not in result.output


def test_no_output_may_be_a_layout_being_read(runner: CliRunner, tmp_path: Path) -> None:
    parent = write_layout(tmp_path / "base.toml", {})
    child = write_layout(tmp_path / "child.toml", {}, extends="base.toml")
    for target in (child, parent):
        for force in ([], ["--force"]):
            before = target.read_bytes()
            result = runner.invoke(main, ["build", "--layout", str(child), "-o", str(target), *force])
            assert result.exit_code == 2, result.output
            assert "layout file" in result.output
            assert target.read_bytes() == before
    packets = runner.invoke(main, ["build", str(PLANS / "six-people-mixed-scripts.yaml"), "--layout", str(child),
                                   "-o", str(tmp_path / "w.pdf"), "--per-person", str(tmp_path), "--force"])
    assert packets.exit_code == 0, packets.output  # packets beside the layout files, none on them


def test_a_very_long_path_is_shortened_in_the_message(runner: CliRunner, tmp_path: Path) -> None:
    long = "/" + "/".join(["d" * 99] * 50) + "/plan.yaml"
    assert len(long) > 5000
    for args in (["check", long], ["build", long], ["build", "-o", long + ".pdf"]):
        result = runner.invoke(main, args)
        assert result.exit_code == 2, result.output
        assert "d" * 100 not in result.output and len(result.output) < 600


# --- 6. the current folder deleted ----------------------------------------------------------------------


def _in_deleted_folder(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    gone = tmp_path / "gone"
    gone.mkdir(exist_ok=True)
    script = 'cd "$1" && rmdir "$1" && shift && exec "$@"'
    return _run(["sh", "-c", script, "sh", str(gone), sys.executable, *args], tmp_path)


def test_a_deleted_current_folder_with_absolute_paths_works(tmp_path: Path) -> None:
    version = _in_deleted_folder(tmp_path, "-m", "workbook", "--version")
    assert version.returncode == 0 and version.stdout == "workbook, version 0.1.0\n", version.stderr
    out = tmp_path / "w.pdf"
    build = _in_deleted_folder(tmp_path, "-m", "workbook", "build", str(PLANS / "stress.yaml"), "-o", str(out))
    assert build.returncode == 0, build.stderr
    assert_valid_pdf(out)
    check = _in_deleted_folder(tmp_path, "-m", "workbook", "check", str(PLANS / "stress.yaml"))
    assert check.returncode == 0 and check.stdout.startswith("ok: "), check.stderr


def test_a_deleted_current_folder_with_a_relative_path_is_a_clear_error(tmp_path: Path) -> None:
    result = _in_deleted_folder(tmp_path, "-m", "workbook", "build", "-o", "w.pdf")
    assert result.returncode == 2
    assert result.stderr.startswith("workbook: error: the current folder no longer exists")
    assert "unexpected" not in result.stderr and "Traceback" not in result.stderr


# --- 7. ReportLab's RL_* environment variables ----------------------------------------------------------


def test_rl_environment_variables_change_nothing(tmp_path: Path) -> None:
    plan = str(PLANS / "stress.yaml")
    outputs = []
    for number, extra in enumerate([{}, {"RL_spaceShrinkage": "0.5"},  # line breaking, else
                                    {"RL_invariant": "abc", "RL_DEBUG": "1", "RL_useA85": "1"}]):  # a crash
        out = tmp_path / f"w{number}.pdf"
        result = _run([sys.executable, "-P", "-m", "workbook", "build", plan, "-o", str(out)], tmp_path,
                      env={**os.environ, **extra})
        assert result.returncode == 0, result.stderr
        outputs.append(out.read_bytes())
    assert outputs[1] == outputs[0] and outputs[2] == outputs[0]


# --- 8. standard output on a full device ----------------------------------------------------------------


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="this system has no /dev/full (Linux has it)")
@pytest.mark.parametrize("args", [["build"], ["--version"], ["--help"], ["layouts"]])
def test_a_full_standard_output_is_one_line_not_a_traceback(tmp_path: Path, args: list[str]) -> None:
    out = tmp_path / "w.pdf"
    with open("/dev/full", "w") as full:
        result = subprocess.run([sys.executable, "-P", "-m", "workbook", *args, *(["-o", str(out)] if args == [
            "build"] else [])], cwd=tmp_path, stdout=full, stderr=subprocess.PIPE, text=True, timeout=TIMEOUT)
    assert result.returncode == 1
    assert result.stderr.startswith("workbook: error: standard output could not be written (No space left")
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    if args == ["build"]:
        assert "the files were written" in result.stderr
        assert_valid_pdf(out)


# --- 9. forged lines and escape sequences ---------------------------------------------------------------


def test_a_file_name_with_a_line_break_cannot_forge_a_line(runner: CliRunner, tmp_path: Path) -> None:
    name = "a\nworkbook: error: fake.pdf"
    result = runner.invoke(main, ["build", "-o", str(tmp_path / name)])
    assert result.exit_code == 0, result.output
    assert result.output.count("\n") == 1
    assert result.output == f"wrote {tmp_path}/a\\nworkbook: error: fake.pdf\n"
    missing = runner.invoke(main, ["check", str(tmp_path / f"p\nok: {name}")])
    assert missing.exit_code == 2
    assert all(line.startswith(("workbook: error:", "  ")) for line in missing.output.splitlines())


def test_clicks_messages_show_escape_sequences_as_codes(runner: CliRunner, tmp_path: Path) -> None:
    hostile = "x\x1b]0;owned\x07\x1b[2J\nError: forged"
    for args in (["build", "a", "b", hostile], ["build", f"--nope{hostile}"], ["build", "--paper", hostile],
                 ["nope" + hostile], ["build", "--jobs", hostile], ["build", "-o", str(tmp_path)]):
        result = runner.invoke(main, args)
        assert result.exit_code == 2, result.output
        assert "\x1b" not in result.output and "\x07" not in result.output
        assert "\nError: forged" not in result.output
    long = runner.invoke(main, ["build", "a", "b", "c" * 5000])
    assert long.exit_code == 2 and "c" * 101 not in long.output


# --- 10, 11, 12, 13. plans and layouts ------------------------------------------------------------------


def _check(runner: CliRunner, tmp_path: Path, data: object) -> str:
    plan = tmp_path / "plan.yaml"
    plan.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = runner.invoke(main, ["check", str(plan)])
    assert result.exit_code == 2, result.output
    return result.output


def test_a_name_typed_as_a_key_is_not_repeated(runner: CliRunner, tmp_path: Path) -> None:
    output = _check(runner, tmp_path, {"loved_one": {"name": "Sam"}, "meeting": {"dave": "x"}})
    assert "meeting: unknown key; did you mean 'date'?" in output
    assert "dave" not in output


def test_a_name_of_modifier_letters_only_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    output = _check(runner, tmp_path, {"loved_one": {"name": "Sam"},
                                       "participants": [{"name": "\u02c6\u02c7"}]})
    assert "participants[1].name: must contain at least one letter" in output
    ok = tmp_path / "ok.yaml"  # a modifier letter beside real letters is part of a name
    ok.write_text("loved_one:\n  name: Sam\nparticipants:\n  - name: Ma\u02bclik\n", encoding="utf-8")
    assert runner.invoke(main, ["check", str(ok)]).exit_code == 0


def test_a_message_names_the_same_invisible_character_on_every_run(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text("loved_one:\n  name: S\u200ba\u2060m\u200b\n", encoding="utf-8")
    messages = set()
    for seed in range(6):
        result = _run([sys.executable, "-P", "-m", "workbook", "check", str(plan)], tmp_path,
                      env={**os.environ, "PYTHONHASHSEED": str(seed)})
        assert result.returncode == 2
        messages.add(result.stderr)
    assert len(messages) == 1
    assert "U+200B" in messages.pop()  # the first one in the text


def test_a_layout_saved_with_a_byte_order_mark_is_read(runner: CliRunner, tmp_path: Path) -> None:
    layout = tmp_path / "notepad.toml"
    layout.write_bytes(b'\xef\xbb\xbfextends = "a4"\r\n[type]\r\nbody_size = "12pt"\r\n')
    result = runner.invoke(main, ["build", "--layout", str(layout), "-o", str(tmp_path / "w.pdf")])
    assert result.exit_code == 0, result.output
    assert_valid_pdf(tmp_path / "w.pdf")
