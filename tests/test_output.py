"""Writing the PDFs, as a user sees it on disk: only regular files are replaced, no-clobber holds under races,
--per-person writes all or nothing and says exactly what it wrote, and no private leftovers even after kill -9."""

from __future__ import annotations

import errno
import os
import signal
import stat
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tests.conftest import assert_clean_exit
from tests.pdfcheck import Pdf
from tests.processes import wait_for_line
from workbook import api, output
from workbook.cli import main

PACKETS = ["01-maria-lopez.pdf", "02-luis-lopez.pdf", "03-ana-ruiz.pdf"]  # the example plan's people
LINUX_UNNAMED = sys.platform.startswith("linux") and hasattr(os, "O_TMPFILE")


def use_temp_files(monkeypatch: pytest.MonkeyPatch, way: str) -> None:
    """Write through unnamed temporary files (Linux) or hidden named ones (elsewhere)."""
    if way == "unnamed" and not LINUX_UNNAMED:
        pytest.skip("unnamed temporary files (O_TMPFILE) are Linux only")
    monkeypatch.setattr(output, "UNNAMED_TEMPORARY_FILES", way == "unnamed")


@pytest.fixture(params=["unnamed", "named"])
def temp_files(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Both ways of writing, one test run each."""
    use_temp_files(monkeypatch, request.param)
    return str(request.param)


def tree(folder: Path) -> list[str]:
    """Every file and folder below ``folder``, hidden ones included, as sorted relative paths."""
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def build(runner: CliRunner, *args: str | Path) -> Any:
    return runner.invoke(main, ["build", *map(str, args)])


def per_person(runner: CliRunner, folder: Path, *extra: str) -> Any:
    """The example plan (three people) with its packets: the main PDF and three packets."""
    return build(runner, "--example", "-o", folder / "main.pdf", "--per-person", folder / "packets", *extra)


def before_linking(monkeypatch: pytest.MonkeyPatch, action: Callable[[str], None]) -> None:
    """Run ``action(target)`` just before each file is linked into place (the last step of a write)."""
    real = os.link

    def link(src: Any, dst: Any, **kwargs: Any) -> None:
        action(str(dst))
        real(src, dst, **kwargs)

    monkeypatch.setattr(os, "link", link)


# Item 4: special files ------------------------------------------------------------------------------------

def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _socket(path: Path) -> None:
    import socket

    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(path))
    sock.close()


def _char_device(path: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("making a device node needs root")
    os.mknod(path, stat.S_IFCHR | 0o600, os.makedev(1, 3))  # a private /dev/null


@pytest.mark.parametrize("force", [[], ["--force"]], ids=["plain", "force"])
@pytest.mark.parametrize("make", [_fifo, _socket, _char_device], ids=["fifo", "socket", "char-device"])
def test_a_special_file_is_never_replaced_even_with_force(runner: CliRunner, tmp_path: Path,
                                                          make: Callable[[Path], None], force: list[str]) -> None:
    node = tmp_path / "w.pdf"
    make(node)
    kind = stat.S_IFMT(node.lstat().st_mode)
    for args in (["build", "-o", str(node), *force], ["init", str(node), *force]):
        result = runner.invoke(main, args)
        assert result.exit_code == 2, result.output
        assert "w.pdf: is not a regular file" in result.output
        assert_clean_exit(result, 2)
        assert stat.S_IFMT(node.lstat().st_mode) == kind  # still the same special file
    assert tree(tmp_path) == ["w.pdf"]


def test_a_file_that_turns_into_a_pipe_while_building_is_not_replaced(runner: CliRunner, tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "w.pdf"
    out.write_bytes(b"old")
    real = api._build_one

    def swap_for_a_pipe(*args: Any) -> bytes:
        data = real(*args)
        out.unlink()
        os.mkfifo(out)
        return data

    monkeypatch.setattr(api, "_build_one", swap_for_a_pipe)
    result = build(runner, "-o", out, "--force")
    assert result.exit_code == 2 and "w.pdf: is not a regular file" in result.output
    assert "nothing was written and no file was changed" in result.output
    assert stat.S_ISFIFO(out.lstat().st_mode) and tree(tmp_path) == ["w.pdf"]


# Item 5: the no-overwrite race --------------------------------------------------------------------------

def test_a_file_that_appears_while_building_is_kept(runner: CliRunner, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "w.pdf"
    real = api._build_one

    def someone_else_writes(*args: Any) -> bytes:
        data = real(*args)
        out.write_bytes(b"someone else's file")
        return data

    monkeypatch.setattr(api, "_build_one", someone_else_writes)
    result = build(runner, "-o", out)
    assert result.exit_code == 2
    assert "w.pdf: appeared while building; use --force" in result.output
    assert out.read_bytes() == b"someone else's file"
    assert tree(tmp_path) == ["w.pdf"]


def test_a_file_that_appears_at_the_last_instant_is_kept(runner: CliRunner, tmp_path: Path, temp_files: str,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """The target is made after every check, just before the file is put in place: the link fails, not the file."""
    out = tmp_path / "w.pdf"

    def made_just_before(target: str) -> None:
        if not out.exists():
            out.write_bytes(b"someone else's file")

    before_linking(monkeypatch, made_just_before)
    result = build(runner, "-o", out)
    assert result.exit_code == 2, result.output
    assert "w.pdf: appeared while building" in result.output
    assert "nothing was written and no file was changed" in result.output
    assert out.read_bytes() == b"someone else's file"
    assert tree(tmp_path) == ["w.pdf"]


def test_force_replaces_a_regular_file_in_both_ways(runner: CliRunner, tmp_path: Path, temp_files: str) -> None:
    out = tmp_path / "w.pdf"
    out.write_bytes(b"old")
    result = build(runner, "-o", out, "--force")
    assert result.exit_code == 0, result.output
    assert "Intervention Workbook" in Pdf(out).pages[0]
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert tree(tmp_path) == ["w.pdf"]


def test_the_longest_file_name_the_system_allows_is_written(runner: CliRunner, tmp_path: Path,
                                                            temp_files: str) -> None:
    """The temporary file's name never grows with the target's: a 255-byte name works both ways."""
    out = tmp_path / ("x" * 251 + ".pdf")
    result = build(runner, "-o", out)
    assert result.exit_code == 0, result.output
    assert tree(tmp_path) == [out.name] and out.read_bytes().startswith(b"%PDF-")


@pytest.mark.skipif(not LINUX_UNNAMED, reason="unnamed temporary files (O_TMPFILE) are Linux only")
def test_a_file_system_without_unnamed_files_gets_a_named_one(runner: CliRunner, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    real = os.open

    def no_tmpfile(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if flags & os.O_TMPFILE == os.O_TMPFILE:
            raise OSError(errno.EOPNOTSUPP, os.strerror(errno.EOPNOTSUPP))
        return real(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", no_tmpfile)
    result = build(runner, "-o", tmp_path / "w.pdf")
    assert result.exit_code == 0, result.output
    assert tree(tmp_path) == ["w.pdf"] and stat.S_IMODE((tmp_path / "w.pdf").stat().st_mode) == 0o600


# Item 6: --per-person, all or nothing, and the truth about it --------------------------------------------

def fail_writing_file(monkeypatch: pytest.MonkeyPatch, number: int, error: BaseException) -> None:
    """Writing the ``number``-th file of the run (counted from 1) fails with ``error``."""
    real = os.write
    files: set[int] = set()

    def write(fd: int, data: Any) -> int:
        files.add(fd)
        if len(files) >= number:
            raise error
        return real(fd, data)

    monkeypatch.setattr(os, "write", write)


@pytest.fixture
def full_disk_on_third_file(monkeypatch: pytest.MonkeyPatch) -> None:
    """The disk fills up while the third file (the second packet) is written."""
    fail_writing_file(monkeypatch, 3, OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)))


def test_a_full_disk_during_per_person_leaves_no_pdf_and_says_so(runner: CliRunner, tmp_path: Path,
                                                                  full_disk_on_third_file: None) -> None:
    result = per_person(runner, tmp_path, "--jobs", "1")
    assert result.exit_code == 2, result.output
    assert f"packets/{PACKETS[1]}: could not be written (No space left on device)" in result.output
    assert "nothing was written and no file was changed" in result.output
    assert tree(tmp_path) == []  # no main PDF, no packet, not even the folder it made


def test_a_full_disk_keeps_existing_files_with_force(runner: CliRunner, tmp_path: Path,
                                                     full_disk_on_third_file: None) -> None:
    (tmp_path / "packets").mkdir()
    for name in ("main.pdf", f"packets/{PACKETS[0]}"):
        (tmp_path / name).write_bytes(b"old")
    result = per_person(runner, tmp_path, "--jobs", "1", "--force")
    assert result.exit_code == 2 and "nothing was written and no file was changed" in result.output
    assert tree(tmp_path) == ["main.pdf", "packets", f"packets/{PACKETS[0]}"]
    assert (tmp_path / "main.pdf").read_bytes() == b"old"


def test_a_real_file_size_limit_leaves_no_pdf(tmp_path: Path) -> None:
    """The kernel refuses the write (RLIMIT_FSIZE, "File too large"), as a full disk would."""
    resource = pytest.importorskip("resource")

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (50_000, 50_000))

    result = subprocess.run([sys.executable, "-m", "workbook", "build", "--example", "-o", "main.pdf",
                             "--per-person", "packets"], cwd=tmp_path, preexec_fn=limit, capture_output=True,
                            text=True, env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}, timeout=600)
    assert result.returncode == 2, result.stderr
    assert "main.pdf: could not be written (File too large)" in result.stderr
    assert "nothing was written" in result.stderr and "Traceback" not in result.stderr
    assert "Laying out" not in result.stderr  # no progress bar when standard error is not a terminal
    assert tree(tmp_path) == []


def test_a_failure_while_putting_files_in_place_lists_exactly_what_was_written(
    runner: CliRunner, tmp_path: Path, temp_files: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_room_for_the_second_packet(target: str) -> None:
        if PACKETS[1] in target:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    before_linking(monkeypatch, no_room_for_the_second_packet)
    result = per_person(runner, tmp_path)
    assert result.exit_code == 2, result.output
    main_pdf, packets = tmp_path / "main.pdf", [tmp_path / "packets" / name for name in PACKETS]
    assert (f"could not be put in place (No space left on device); written: {main_pdf}, {packets[0]}; "
            f"not written: {packets[1]}, {packets[2]}") in result.output
    assert tree(tmp_path) == ["main.pdf", "packets", f"packets/{PACKETS[0]}"]


def test_ctrl_c_while_writing_leaves_nothing(runner: CliRunner, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    fail_writing_file(monkeypatch, 2, KeyboardInterrupt())
    result = per_person(runner, tmp_path, "--jobs", "1")
    assert result.exit_code == 130
    assert "interrupted; nothing was written" in result.output
    assert tree(tmp_path) == []


@pytest.mark.parametrize(("way", "signum"), [("unnamed", signal.SIGINT), ("named", signal.SIGTERM)],
                         ids=["ctrl-c", "sigterm"])
def test_an_interrupt_while_files_are_put_in_place_waits_and_says_what_was_written(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, way: str, signum: int
) -> None:
    use_temp_files(monkeypatch, way)
    before_linking(monkeypatch, lambda target: signal.raise_signal(signum))
    result = per_person(runner, tmp_path)
    assert result.exit_code == 130
    written = ", ".join(str(p) for p in [tmp_path / "main.pdf", *(tmp_path / "packets" / n for n in PACKETS)])
    assert f"interrupted; every file was written: {written}" in result.output
    assert tree(tmp_path) == ["main.pdf", "packets", *(f"packets/{name}" for name in PACKETS)]
    assert all(Pdf(tmp_path / "packets" / name).pages for name in PACKETS)


# Item 10: kill -9 ---------------------------------------------------------------------------------------

_STALL_AFTER_WRITING = """
import os, sys, time
import workbook.output
workbook.output.UNNAMED_TEMPORARY_FILES = {unnamed}
real = os.fsync
def stall(fd):
    real(fd)
    print("written", flush=True)
    time.sleep(120)
os.fsync = stall
from workbook.cli import main
main()
"""


def _killed_while_writing(folder: Path, unnamed: bool) -> list[str]:
    """Build into ``folder``, SIGKILL the process once the PDF is written but not yet in place; what is left."""
    process = subprocess.Popen(
        [sys.executable, "-c", _STALL_AFTER_WRITING.format(unnamed=unnamed), "build", "-o", "w.pdf"],
        cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    try:
        wait_for_line(process, "written")
    finally:
        process.kill()
        process.communicate(timeout=30)
    assert process.returncode == -signal.SIGKILL
    return tree(folder)


@pytest.mark.skipif(not LINUX_UNNAMED, reason="unnamed temporary files (O_TMPFILE) are Linux only")
def test_kill_9_while_writing_leaves_no_part_file_on_linux(tmp_path: Path) -> None:
    assert _killed_while_writing(tmp_path, unnamed=True) == []
    # the test can fail: where there are no unnamed files, the hidden temporary file stays behind
    (tmp_path / "named").mkdir()
    left = _killed_while_writing(tmp_path / "named", unnamed=False)
    assert len(left) == 1 and left[0].startswith(".workbook-") and left[0].endswith(".part")


# Item 9: every path problem is exit 2 with a clear message ----------------------------------------------

def _long_name(tmp_path: Path) -> Path:
    return tmp_path / ("x" * 300 + ".pdf")


def _long_path(tmp_path: Path) -> Path:
    return tmp_path / ("folder/" * 600) / "w.pdf"


def _dangling(tmp_path: Path) -> Path:
    link = tmp_path / "packets"
    link.symlink_to(tmp_path / "gone")
    return link


@pytest.mark.parametrize(("command", "where", "expected"), [
    ("build -o", _long_name, "the name is too long"),
    ("init", _long_name, "the name is too long"),
    ("build -o", _long_path, "the name is too long"),
    ("init", _long_path, "the name is too long"),
    ("build --example -o main.pdf --per-person", _long_name, "the name is too long"),
    ("build --example -o main.pdf --per-person", _dangling, "is a symbolic link to a folder that does not exist"),
])
def test_path_problems_are_clear_errors(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                        command: str, where: Callable[[Path], Path], expected: str) -> None:
    monkeypatch.chdir(tmp_path)
    path = where(tmp_path)
    before = tree(tmp_path)
    result = runner.invoke(main, [*command.split(), str(path)])
    assert result.exit_code == 2, result.output
    assert expected in result.output
    assert "unexpected" not in result.output
    assert_clean_exit(result, 2)
    assert len(result.output) < 400  # a 4 KB path is shortened in the message
    assert tree(tmp_path) == before


@pytest.mark.parametrize("when", ["checked first", "refused by the system"])
def test_per_person_folder_whose_parent_is_not_writable(runner: CliRunner, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch, when: str) -> None:
    """What the system answers a user who may not write in ``locked`` (root may write anywhere, so it is
    injected): the check before any work says so, and so does the write if the folder changed meanwhile."""
    locked = tmp_path / "locked"
    locked.mkdir()
    real = os.access

    def access(path: Any, how: int, **kwargs: Any) -> bool:
        return not (when == "checked first" and Path(path) == locked) and real(path, how, **kwargs)

    def refused(path: Any, mode: int = 0o777) -> None:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))

    monkeypatch.setattr(os, "access", access)
    monkeypatch.setattr(os, "mkdir", refused)
    result = build(runner, "--example", "-o", tmp_path / "main.pdf", "--per-person", locked / "packets")
    assert result.exit_code == 2, result.output
    expected = {"checked first": "locked: folder is not writable, so packets cannot be made in it",
                "refused by the system": "locked/packets: the folder could not be made (Permission denied); "
                                         "nothing was written"}[when]
    assert expected in result.output
    assert_clean_exit(result, 2)
    assert tree(tmp_path) == ["locked"]


# Item 12 (dates), progress, shell completion ------------------------------------------------------------

@pytest.mark.parametrize("epoch", ["1700000000", "not a number"])
def test_source_date_epoch_does_not_change_the_pdf(runner: CliRunner, tmp_path: Path, blank: Pdf,
                                                   epoch: str) -> None:
    out = tmp_path / "w.pdf"
    result = runner.invoke(main, ["build", "-o", str(out)], env={"SOURCE_DATE_EPOCH": epoch})
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == blank.path.read_bytes()
    booklet = tmp_path / "b.pdf"
    result = runner.invoke(main, ["build", "-o", str(booklet), "--booklet"], env={"SOURCE_DATE_EPOCH": epoch})
    assert result.exit_code == 0, result.output
    for pdf in (out, booklet):
        metadata = Pdf(pdf).reader.metadata
        assert metadata is not None
        assert str(metadata["/CreationDate"]) == str(metadata["/ModDate"]) == "D:20000101000000+00'00'"


def _per_person_on_a_terminal(folder: Path) -> tuple[str, str]:
    """Run --per-person with standard error on a pseudo-terminal; (stdout, what the terminal showed). The
    progress display's 2-second delay is set to 0: a fast machine builds the example's packets in less."""
    code = "import sys, workbook.cli as cli; cli._Progress.DELAY = 0; sys.exit(cli.main())"
    command = [sys.executable, "-c", code, "build", "--example", "-o", "main.pdf", "--per-person", "packets"]
    pty = pytest.importorskip("pty")
    parent, child = pty.openpty()
    process = subprocess.Popen(command, cwd=folder, stdout=subprocess.PIPE, stderr=child, text=True)
    os.close(child)
    stdout, _ = process.communicate(timeout=300)
    assert process.returncode == 0
    return stdout, "".join(_read_all(parent))


def _read_all(fd: int) -> Iterator[str]:
    try:
        while chunk := os.read(fd, 4096):
            yield chunk.decode()
    except OSError:  # the terminal closed
        pass
    finally:
        os.close(fd)


def test_per_person_shows_progress_on_a_terminal(tmp_path: Path) -> None:
    """(And none on a pipe: test_a_real_file_size_limit_leaves_no_pdf.)"""
    stdout, terminal = _per_person_on_a_terminal(tmp_path)
    assert "Laying out the PDFs" in terminal and "100%" in terminal
    assert stdout.splitlines() == ["wrote main.pdf", *(f"wrote packets/{name}" for name in PACKETS)]


def test_shell_completion_as_the_docs_show_it(runner: CliRunner) -> None:
    commands = (Path(__file__).parents[1] / "docs" / "commands.md").read_text(encoding="utf-8")
    assert 'eval "$(_WORKBOOK_COMPLETE=bash_source workbook)"' in commands
    result = runner.invoke(main, [], prog_name="workbook", env={"_WORKBOOK_COMPLETE": "bash_source"})
    assert result.exit_code == 0
    assert "_workbook_completion" in result.output and "complete " in result.output
    result = runner.invoke(main, [], prog_name="workbook", env={"_WORKBOOK_COMPLETE": "bash_complete",
                                                                 "COMP_WORDS": "workbook bu", "COMP_CWORD": "1"})
    assert "build" in result.output
