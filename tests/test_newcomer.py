"""A newcomer's first hour (issue 21): output names that do not collide, a plan never replaced by a PDF,
``-o -``, and the CLI's manners (one error style, forgiving options, plain messages)."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from contextlib import suppress
from pathlib import Path

import pytest
from click.testing import CliRunner

from workbook.cli import main

SMALL_PLAN = "loved_one:\n  name: Sam\nparticipants:\n  - name: Ana\n"


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _plan(folder: Path, name: str = "plan.yaml") -> Path:
    path = folder / name
    path.write_text(SMALL_PLAN, encoding="utf-8")
    return path


def test_build_plan_is_named_after_the_plan_and_does_not_collide_with_the_blank(runner: CliRunner,
                                                                                   here: Path) -> None:
    _plan(here, "family.yaml")
    assert runner.invoke(main, ["build", "--people", "1"]).exit_code == 0
    result = runner.invoke(main, ["build", "family.yaml"])
    assert result.exit_code == 0, result.output
    assert "wrote family.pdf" in result.output
    assert sorted(p.name for p in here.iterdir()) == ["family.pdf", "family.yaml", "intervention-workbook.pdf"]
    assert (here / "family.pdf").read_bytes().startswith(b"%PDF-")


def test_build_example_writes_example_pdf(runner: CliRunner, here: Path) -> None:
    result = runner.invoke(main, ["build", "--example"])
    assert result.exit_code == 0, result.output
    assert [p.name for p in here.iterdir()] == ["example.pdf"]


@pytest.mark.parametrize("name", ["plan.yaml", "layout.TOML", "plan.yml"])
def test_a_pdf_never_replaces_a_plan_or_layout_file_even_with_force(runner: CliRunner, here: Path,
                                                                    name: str) -> None:
    target = here / name
    target.write_text("loved_one:\n  name: Sam\n", encoding="utf-8")
    for extra in ([], ["--force"]):
        result = runner.invoke(main, ["build", "-o", name, *extra])
        assert result.exit_code == 2
        assert "never written to a" in result.output and "Traceback" not in result.output
    assert target.read_text(encoding="utf-8") == "loved_one:\n  name: Sam\n"


def test_a_name_without_pdf_gets_a_note(runner: CliRunner, here: Path) -> None:
    result = runner.invoke(main, ["build", "--people", "1", "-o", "myplan"])
    assert result.exit_code == 0
    assert "note: myplan does not end in .pdf" in result.output
    assert (here / "myplan").read_bytes().startswith(b"%PDF-")


def test_dash_writes_the_pdf_to_standard_output(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "workbook", "build", "--people", "1", "-o", "-"], cwd=tmp_path,
                          capture_output=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(b"%PDF-") and done.stdout.rstrip().endswith(b"%%EOF")
    assert b"standard output" in done.stderr
    assert list(tmp_path.iterdir()) == []  # no file named "-"
    subprocess.run([sys.executable, "-m", "workbook", "build", "--people", "1", "-o", "file.pdf"], cwd=tmp_path,
                   capture_output=True, timeout=600, check=True)
    assert (tmp_path / "file.pdf").read_bytes() == done.stdout  # the same PDF, byte for byte


def test_dash_is_refused_on_a_terminal(tmp_path: Path) -> None:
    leader, follower = pty.openpty()
    try:
        done = subprocess.run([sys.executable, "-m", "workbook", "build", "-o", "-"], cwd=tmp_path,
                              stdout=follower, stderr=subprocess.PIPE, timeout=600)
    finally:
        os.close(follower)
        os.close(leader)
    assert done.returncode == 2
    assert b"standard output is a terminal" in done.stderr
    assert list(tmp_path.iterdir()) == []


def test_flatten_is_named_after_the_filled_workbook(runner: CliRunner, here: Path) -> None:
    assert runner.invoke(main, ["build", "--people", "1", "-o", "filled.pdf"]).exit_code == 0
    result = runner.invoke(main, ["flatten", "filled.pdf"])
    assert result.exit_code == 0, result.output
    assert "wrote filled-print.pdf" in result.output
    assert sorted(p.name for p in here.iterdir()) == ["filled-print.pdf", "filled.pdf"]


# --- CLI manners ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("args", "words"), [
    (["build", "--nope"], "no such option '--nope'"),
    (["build", "--people", "x"], "invalid value for '--people'"),
    (["flatten"], "missing argument 'FILLED.pdf'"),
    (["frob"], "no such command 'frob'"),
    (["build", "a.yaml", "--example"], "give either PLAN or --example, not both"),
])
def test_usage_errors_have_our_one_line_style(runner: CliRunner, args: list[str], words: str) -> None:
    result = runner.invoke(main, args)
    assert result.exit_code == 2
    assert result.output.startswith(f"workbook: error: {words}")
    assert "Usage:" not in result.output and "Error:" not in result.output
    assert len(result.output.strip().splitlines()) == 1 and "--help'" in result.output


def test_a_misspelt_option_is_suggested_in_our_style(runner: CliRunner) -> None:
    result = runner.invoke(main, ["build", "--forse"], prog_name="workbook")
    assert result.output.strip() == ("workbook: error: no such option '--forse' (did you mean one of: '--force', "
                                     "'--jobs'?); see 'workbook build --help'")
    assert "(did you mean '--force'?)" in runner.invoke(main, ["build", "--forc"]).output


def test_paper_and_layout_names_ignore_case(runner: CliRunner, here: Path) -> None:
    result = runner.invoke(main, ["build", "--people", "1", "--paper", "A4", "--layout", "Large-Print"])
    assert result.exit_code == 0, result.output
    import pypdf

    width = float(pypdf.PdfReader(here / "intervention-workbook.pdf").pages[0].mediabox.width)
    assert abs(width - 595.3) < 1  # A4


@pytest.mark.parametrize(("args", "words"), [
    (["--layout", "larg-print"], "unknown layout 'larg-print' (did you mean large-print?)"),
    (["--paper", "a5"], "unknown paper 'a5' (did you mean a4?)"),
])
def test_unknown_names_get_did_you_mean(runner: CliRunner, here: Path, args: list[str], words: str) -> None:
    result = runner.invoke(main, ["build", *args])
    assert result.exit_code == 2
    assert words in result.output
    assert list(here.iterdir()) == []


def test_an_ignored_option_gets_a_note(runner: CliRunner, here: Path) -> None:
    _plan(here)
    result = runner.invoke(main, ["build", "plan.yaml", "--people", "3", "--jobs", "2"])
    assert result.exit_code == 0, result.output
    assert "note: --people is ignored with a plan" in result.output
    assert "note: --jobs is ignored without --per-person" in result.output
    quiet = runner.invoke(main, ["build", "plan.yaml", "-o", "again.pdf"])
    assert "note:" not in quiet.output


def test_layout_completion_offers_built_in_names_and_toml_files(tmp_path: Path) -> None:
    (tmp_path / "large-family.toml").write_text("", encoding="utf-8")
    (tmp_path / "larder.txt").write_text("", encoding="utf-8")
    env = {**os.environ, "_WORKBOOK_COMPLETE": "bash_complete", "COMP_WORDS": "workbook build --layout la",
           "COMP_CWORD": "3"}
    code = "from workbook.cli import main; main(prog_name='workbook')"
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True,
                          timeout=600)
    offered = [line.split(",", 1)[1] for line in done.stdout.splitlines()]
    assert offered == ["large-print", "large-family.toml"]


def test_check_defaults_to_plan_yaml(runner: CliRunner, here: Path) -> None:
    missing = runner.invoke(main, ["check"])
    assert missing.exit_code == 2
    assert missing.output.strip() == ("workbook: error: plan.yaml: file not found; check the path, or make one "
                                      "with: workbook init")
    _plan(here)
    result = runner.invoke(main, ["check"])
    assert result.exit_code == 0 and result.output.startswith("ok: plan.yaml:")


def test_a_tab_gets_a_plain_message(runner: CliRunner, here: Path) -> None:
    (here / "plan.yaml").write_text("loved_one:\n\tname: Sam\n", encoding="utf-8")
    result = runner.invoke(main, ["check"])
    assert result.exit_code == 2
    assert "line 2: a tab is used to indent this line; YAML needs spaces" in result.output
    assert "Sam" not in result.output


def test_a_record_written_as_text_says_how_to_write_it(runner: CliRunner, here: Path) -> None:
    (here / "plan.yaml").write_text("loved_one: Sam\n", encoding="utf-8")
    result = runner.invoke(main, ["check"])
    assert result.exit_code == 2
    assert "1 problem in the plan" in result.output
    assert "write 'loved_one:' alone on its line" in result.output and "'  name: ...'" in result.output
    assert "Sam" not in result.output


def test_a_layout_may_spell_color_the_us_way(runner: CliRunner, here: Path) -> None:
    from workbook.resources import data_dir

    text = (data_dir("layouts") / "letter.toml").read_text(encoding="utf-8")
    assert "[colour]" in text
    (here / "us.toml").write_text(text.replace("[colour]", "[color]"), encoding="utf-8")
    result = runner.invoke(main, ["build", "--people", "1", "--layout", "us.toml"])
    assert result.exit_code == 0, result.output
    both = text + "\n[color]\n"
    (here / "both.toml").write_text(both, encoding="utf-8")
    result = runner.invoke(main, ["build", "--people", "1", "--layout", "both.toml", "-o", "b.pdf"])
    assert result.exit_code == 2 and "has both [colour] and [color]" in result.output


# --- init -i ----------------------------------------------------------------------------------------------


def test_init_i_asks_again_for_an_answer_check_would_refuse(runner: CliRunner, here: Path) -> None:
    answers = ["Sam", "9:30", "Ana", "sister", "", "Ben \U0001F389", "Ben", "", "", "", "Hope House", "", "", "", ""]
    result = runner.invoke(main, ["init", "-i"], input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert result.output.count("This answer cannot be used") == 2
    assert "9:30" not in result.output.split("cannot be used")[1]  # the refused answer is not quoted back
    check = runner.invoke(main, ["check"])
    assert check.exit_code == 0, check.output
    assert "2 people" in check.output
    assert "9:30" not in (here / "plan.yaml").read_text(encoding="utf-8")


def test_init_i_ctrl_d_ends_the_people_list(runner: CliRunner, here: Path) -> None:
    result = runner.invoke(main, ["init", "-i"], input="Sam\nAna\nsister\nchair\n")  # then end of input
    assert result.exit_code == 2  # the input ended before the program and meeting questions
    assert "the input ended" in result.output and not (here / "plan.yaml").exists()
    from workbook.interview import Interview

    lines = iter(["Sam", "Ana", "sister", "chair"])

    def read(prompt: str) -> str:
        if prompt.startswith("Person 2"):
            raise EOFError  # Ctrl-D at the next name
        return next(lines, "")

    answers = Interview(read, say=lambda text: None).run()
    assert answers["participants"] == [{"name": "Ana", "relationship": "sister", "role": "chair"}]


def test_init_i_with_standard_input_closed_is_a_clear_error(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "workbook", "init", "-i"], cwd=tmp_path, stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 2
    assert "workbook: error: init -i: the input ended" in done.stderr and "Traceback" not in done.stderr
    assert list(tmp_path.iterdir()) == []


def _interrupt_init(tmp_path: Path, keep: str) -> tuple[int, str]:
    """``init -i`` at a terminal (a pseudo-terminal): two answers, Ctrl-C, then ``keep`` typed at the offer."""
    import select
    import signal
    import time

    leader, follower = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "workbook", "init", "-i"], cwd=tmp_path, stdin=follower,
                               stdout=follower, stderr=follower, start_new_session=False)
    os.close(follower)
    seen = ""

    def wait_for(text: str) -> None:
        nonlocal seen
        deadline = time.monotonic() + 20
        while text not in seen and time.monotonic() < deadline:
            if select.select([leader], [], [], 1)[0]:
                try:
                    seen += os.read(leader, 4096).decode(errors="replace")
                except OSError:  # the process ended and closed the terminal
                    return

    try:
        wait_for("loved one: ")
        os.write(leader, b"Sam\n")
        wait_for("name: ")
        os.write(leader, b"Ana\n")
        wait_for("relationship")
        time.sleep(1)  # the prompt is written just before the read starts: let the read start
        process.send_signal(signal.SIGINT)  # Ctrl-C (the terminal's own would reach only its session)
        wait_for("[y/N] ")
        os.write(leader, keep.encode())
        code = process.wait(timeout=60)
        wait_for("\x00")  # whatever is left to read
    finally:
        if process.poll() is None:
            process.kill()
        os.close(leader)
    return code, seen


def test_init_i_ctrl_c_at_a_terminal_exits_130_and_keeps_the_answers_on_yes(tmp_path: Path) -> None:
    code, seen = _interrupt_init(tmp_path, "y\n")
    assert code == 130, seen
    assert "workbook: interrupted" in seen and "Aborted" not in seen and "Traceback" not in seen
    assert "Keep the answers given so far in plan.yaml?" in seen
    text = (tmp_path / "plan.yaml").read_text(encoding="utf-8")
    assert "name: Sam" in text and "name: Ana" in text
    assert "written to plan.yaml" in seen


@pytest.mark.parametrize("keep", ["n", "", None])
def test_init_i_ctrl_c_writes_nothing_unless_told_yes(runner: CliRunner, here: Path,
                                                       monkeypatch: pytest.MonkeyPatch, keep: str | None) -> None:
    import workbook.interview

    answers = iter(["Sam", "Ana"])

    def read(prompt: str) -> str:
        if "relationship" in prompt:
            raise KeyboardInterrupt
        if prompt.startswith("Keep"):
            if keep is None:
                raise EOFError
            return keep
        return next(answers)

    monkeypatch.setattr(workbook.interview, "read_line", read)
    result = runner.invoke(main, ["init", "-i"])
    assert result.exit_code == 130
    assert "workbook: interrupted; nothing was written" in result.output
    assert list(here.iterdir()) == []


# --- packaging and file systems -----------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["EINVAL", "EPERM", "EOPNOTSUPP", "EXDEV"])
def test_a_file_system_without_hard_links_falls_back_to_rename(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                               code: str) -> None:
    import errno

    from workbook import output

    def no_links(*args: object, **kwargs: object) -> None:
        raise OSError(getattr(errno, code), os.strerror(getattr(errno, code)))

    monkeypatch.setattr(output, "UNNAMED_TEMPORARY_FILES", False)  # as on a FAT or exFAT stick
    monkeypatch.setattr(os, "link", no_links)
    target = tmp_path / "w.pdf"
    assert output.write_files([(target, b"%PDF-1.7 whole")], force=False) == [target]
    assert target.read_bytes() == b"%PDF-1.7 whole"
    assert [p.name for p in tmp_path.iterdir()] == ["w.pdf"]  # no temporary file left


@pytest.mark.parametrize(("platform", "method"), [("linux", "fork"), ("darwin", None), ("win32", None)])
def test_workers_fork_only_on_linux(platform: str, method: str | None) -> None:
    from workbook.workers import start_method

    assert start_method(platform) == method


# --- --per-person --force and stale packets ----------------------------------------------------------------


def test_per_person_force_removes_only_packets_an_earlier_run_wrote(runner: CliRunner, here: Path) -> None:
    (here / "plan.yaml").write_text(SMALL_PLAN + "  - name: Bo\n  - name: Cy\n", encoding="utf-8")
    first = runner.invoke(main, ["build", "plan.yaml", "--per-person", "packets", "--jobs", "1"])
    assert first.exit_code == 0, first.output
    packets = here / "packets"
    assert sorted(p.name for p in packets.glob("*.pdf")) == ["01-ana.pdf", "02-bo.pdf", "03-cy.pdf"]
    (packets / "04-mine.pdf").write_bytes(b"the family's own file, named like a packet")
    (packets / "notes.txt").write_text("ours", encoding="utf-8")
    (here / "plan.yaml").write_text(SMALL_PLAN + "  - name: Bo\n", encoding="utf-8")  # Cy left the team
    kept = runner.invoke(main, ["build", "plan.yaml", "-o", "second.pdf", "--per-person", "packets",
                                "--jobs", "1"])
    assert kept.exit_code == 2  # 01 and 02 exist: nothing written without --force
    again = runner.invoke(main, ["build", "plan.yaml", "--per-person", "packets", "--force", "--jobs", "1"])
    assert again.exit_code == 0, again.output
    assert "removed packets/03-cy.pdf: a packet an earlier run wrote" in again.output
    assert sorted(p.name for p in packets.iterdir()) == [".workbook-packets", "01-ana.pdf", "02-bo.pdf",
                                                          "04-mine.pdf", "notes.txt"]
    assert "03-cy.pdf" not in (packets / ".workbook-packets").read_text(encoding="utf-8")


def test_a_manifest_never_removes_anything_but_a_regular_packet(runner: CliRunner, here: Path) -> None:
    (here / "plan.yaml").write_text(SMALL_PLAN, encoding="utf-8")
    packets = here / "packets"
    packets.mkdir()
    (packets / "keep.txt").write_text("ours", encoding="utf-8")
    (packets / "02-folder.pdf").mkdir()
    (here / "outside.pdf").write_text("ours", encoding="utf-8")
    (packets / "03-link.pdf").symlink_to(here / "outside.pdf")
    (packets / ".workbook-packets").write_text("keep.txt\n../outside.pdf\n02-folder.pdf\n03-link.pdf\n/etc/x\n",
                                               encoding="utf-8")
    result = runner.invoke(main, ["build", "plan.yaml", "--per-person", "packets", "--force", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert "removed" not in result.output
    assert sorted(p.name for p in packets.iterdir()) == [".workbook-packets", "01-ana.pdf", "02-folder.pdf",
                                                          "03-link.pdf", "keep.txt"]
    assert (here / "outside.pdf").read_text(encoding="utf-8") == "ours"


# --- where a character is ---------------------------------------------------------------------------------


LETTER_WITH_EMOJI = ("loved_one:\n  name: Sam\nparticipants:\n  - name: Ana\n    letter: |\n"
                     + "      Dear Sam, this part is private.\n" * 400
                     + "      I love you \U0001F389 so much \u4e2d.\n"
                     + '  - name: "Bo\\u202eb"\n')


def test_character_errors_say_where_in_the_value_and_what_kind_without_quoting(runner: CliRunner,
                                                                                here: Path) -> None:
    (here / "plan.yaml").write_text(LETTER_WITH_EMOJI, encoding="utf-8")
    result = runner.invoke(main, ["check"])
    assert result.exit_code == 2
    lines = result.output.splitlines()
    letter = next(line for line in lines if "participants[1].letter" in line)
    assert "cannot draw (CJK script, symbols or emoji)" in letter
    assert "the first (symbols or emoji) is at line 401, column 12 of the text" in letter
    assert "1F389" not in letter and "4E2D" not in letter
    name = next(line for line in lines if "participants[2].name" in line)
    assert "invisible direction control (U+202E) at character 3" in name
    assert "private" not in result.output and "love" not in result.output and "Bo" not in result.output


def _build_on_a_terminal(folder: Path, *args: str) -> tuple[str, str]:
    """``workbook build`` with standard error on a pseudo-terminal and the progress display's 2-second delay
    set to none (so that a quick build shows it too): (standard output, what the terminal showed)."""
    leader, follower = pty.openpty()
    code = "import sys, workbook.cli as cli; cli._Progress.DELAY = 0; sys.exit(cli.main())"
    process = subprocess.Popen([sys.executable, "-c", code, "build", *args], cwd=folder, stdout=subprocess.PIPE,
                               stderr=follower, text=True)
    os.close(follower)
    stdout, _ = process.communicate(timeout=300)
    shown = b""
    with suppress(OSError):  # the terminal closed
        while chunk := os.read(leader, 4096):
            shown += chunk
    os.close(leader)
    assert process.returncode == 0, shown
    return stdout, shown.decode()


def test_a_single_build_shows_its_seconds_on_a_terminal_and_quiet_shows_nothing(tmp_path: Path) -> None:
    """(The bar of --per-person: test_output.py::test_per_person_shows_progress_on_a_terminal; none on a
    pipe: test_output.py::test_a_real_file_size_limit_leaves_no_pdf.)"""
    stdout, shown = _build_on_a_terminal(tmp_path, "--example")
    assert "Laying out the workbook... " in shown and shown.endswith("\n")
    assert stdout == "wrote example.pdf\n"
    stdout, shown = _build_on_a_terminal(tmp_path, "--example", "-o", "quiet.pdf", "--quiet", "--people", "3")
    assert stdout == "" and "Laying out" not in shown
    assert "--people is ignored" in shown  # notes still show
    assert (tmp_path / "quiet.pdf").stat().st_size > 0


# --- the README for families, docs/ for the rest -----------------------------------------------------------


def test_readme_links_every_docs_page_and_every_link_resolves() -> None:
    import re

    root = Path(__file__).parents[1]
    readme = (root / "README.md").read_text(encoding="utf-8")
    links = set(re.findall(r"\]\((docs/[^)#]+\.md)\)", readme))
    assert links == {f"docs/{page.name}" for page in (root / "docs").glob("*.md")}
    assert all((root / link).is_file() for link in links)
    for section in ("## Privacy and safety", "## Printing it", "## Filling in on screen"):
        assert section in readme
    assert len(readme.encode()) < 11_000  # about 10 KB: what a family reads; the rest is in docs/
    assert "Speed and size" not in readme.split("## More")[0]  # benchmark tables live in docs/benchmarks.md



def test_the_readme_pictures_show_todays_workbook(blank) -> None:  # type: ignore[no-untyped-def]
    """docs/at-a-glance.png and docs/comparison.png are what tools/make_screenshots.py renders from today's
    blank workbook (within the visual references' tolerance): a stale picture fails until remade."""
    import importlib.util

    from PIL import Image

    from tests.visual import changed_share, matches

    root = Path(__file__).parents[1]
    spec = importlib.util.spec_from_file_location("make_screenshots", root / "tools" / "make_screenshots.py")
    assert spec is not None and spec.loader is not None
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    pictures = tool.screenshots(blank.path)
    readme = (root / "README.md").read_text(encoding="utf-8")
    for name, image in pictures.items():
        assert f"(docs/{name})" in readme
        with Image.open(root / "docs" / name) as stored:
            assert matches(image, stored), (f"docs/{name} is stale ({changed_share(image, stored):.2%} of its "
                                            "pixels changed): remake it with  python tools/make_screenshots.py")


# --- licenses: the modified form font has its own name ------------------------------------------------------


def test_the_modified_form_font_has_its_own_name_and_a_note_on_what_changed(blank) -> None:  # type: ignore[no-untyped-def]
    """The OFL lets a modified font be shipped under another name only: the form font embedded in every
    fillable PDF names itself Workbook Form Sans (file, family, full and PostScript names), and fonts/ says
    which file is modified and how."""
    import io

    import pikepdf
    from fontTools.ttLib import TTFont

    with pikepdf.open(blank.path) as pdf:
        type0 = next(font for _, font in pdf.Root.AcroForm.DR.Font.items() if font.get("/Subtype") == "/Type0")
        assert str(type0.BaseFont) == "/WorkbookFormSans-Regular"
        data = type0.DescendantFonts[0].FontDescriptor.FontFile2.read_bytes()
    names = TTFont(io.BytesIO(data))["name"]
    assert [names.getDebugName(i) for i in (1, 4, 6)] == ["Workbook Form Sans", "Workbook Form Sans Regular",
                                                          "WorkbookFormSans-Regular"]
    assert not any("Noto" in (names.getDebugName(i) or "") for i in (1, 3, 4, 6, 16, 17))
    assert "SIL Open Font License" in names.getDebugName(13)  # the license entry stays
    fonts = Path(__file__).parents[1] / "fonts"
    assert sorted(path.name for path in fonts.glob("*.ttf")) == [
        "NotoSans-Bold.ttf", "NotoSans-BoldItalic.ttf", "NotoSans-Italic.ttf", "NotoSans-Regular.ttf",
        "WorkbookFormSans-Regular.ttf"]
    for note in ("OFL.txt", "README.md"):
        assert "WorkbookFormSans-Regular.ttf" in (fonts / note).read_text(encoding="utf-8")


def test_help_points_to_the_page_that_holds_zsh_and_fish_completion(runner: CliRunner) -> None:
    result = runner.invoke(main, ["--help"])
    assert "zsh and fish in docs/commands.md" in " ".join(result.output.split())
    commands = (Path(__file__).parents[1] / "docs" / "commands.md").read_text(encoding="utf-8")
    assert "zsh_source workbook" in commands and "fish_source workbook" in commands
