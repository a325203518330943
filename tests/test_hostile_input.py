"""Any text, safe output: property tests over plan text, and output that is atomic, private and quiet."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, Phase, event, given, settings
from hypothesis import strategies as st

from tests.conftest import PLANS, SIX, assert_clean_exit, run_build, write_plan
from tests.pdfcheck import Pdf, active_content
from tests.processes import wait_for_line
from tests.validity import assert_valid_pdf
from workbook import output
from workbook.api import BuildOptions, build_workbook, check_plan
from workbook.cli import main
from workbook.errors import OutputError, PlanError

# Latin (with Vietnamese), Greek, Cyrillic, ASCII punctuation (markup of every kind), and some characters
# the fonts cannot draw (CJK, emoji) or the plan refuses (controls, direction marks, soft hyphen).
_DRAWABLE = st.characters(
    codec="utf-8",
    categories=("L", "N", "P", "S", "Zs"),
    include_characters="<>&\"'{}[]*_#`|\\",
).filter(lambda c: ord(c) < 0x0530 or 0x1E00 <= ord(c) < 0x1F00)
_HOSTILE = st.sampled_from(["\x07", "\u202e", "\u00ad", "王", "\U0001f600", "\x00", "\u2066"])
_NAME = st.text(st.one_of(_DRAWABLE, _DRAWABLE, _DRAWABLE, _DRAWABLE, _DRAWABLE, _DRAWABLE, _HOSTILE),
                min_size=1, max_size=24)


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def _write_plan(folder: Path, name: str, letter: str) -> Path:
    return write_plan(folder / "plan.yaml", {"loved_one": {"name": "Sam"},
                                             "participants": [{"name": name, "letter": letter or "x"}]}, base=False)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=_NAME)
def test_any_name_is_accepted_or_gets_the_documented_error(tmp_path_factory: pytest.TempPathFactory,
                                                           name: str) -> None:
    """Check only (fast): a name with characters the plan refuses names the field and line, not the text."""
    plan = _write_plan(tmp_path_factory.mktemp("check"), name, "x")
    try:
        check_plan(plan)
    except PlanError as exc:
        event("refused")
        assert exc.problems, "a PlanError lists its problems"
        for field, line, message in exc.problems:
            assert field.startswith("participants[1]") and line is not None
            # (a name of 1 to 3 characters, such as ")", may be a piece of any message's own words)
            assert len(name.strip()) < 4 or name.strip() not in message
        return
    event("accepted")


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture],
          phases=[Phase.explicit, Phase.reuse, Phase.generate])  # each example builds a PDF: no long shrinking
@given(name=st.text(_DRAWABLE, min_size=1, max_size=24).filter(lambda n: any(c.isalpha() for c in n)),
       letter=st.text(st.one_of(_DRAWABLE, st.just("\n")), max_size=200))
def test_any_drawable_name_renders_and_reads_back(tmp_path_factory: pytest.TempPathFactory, name: str,
                                                  letter: str) -> None:
    """Build (every example): drawable text of any script and any markup prints as typed, and nothing in it
    becomes a link, an image or JavaScript."""
    folder = tmp_path_factory.mktemp("prop")
    out = folder / "w.pdf"
    build_workbook(BuildOptions(output=out, plan=_write_plan(folder, name, letter), people=1))
    assert_valid_pdf(out)
    pdf = Pdf(out)
    expected = _fold(name)
    assert f"{expected}: intervention letter" in _fold(pdf.text)
    if letter.strip():
        assert _fold(letter) in _fold(pdf.text)
    assert active_content(out) == []  # markup-like text never becomes a link, an image or JavaScript


def test_output_is_private_and_reproducible_across_hash_seeds(six: Pdf, tmp_path: Path) -> None:
    """The same plan gives the same bytes in this process and in fresh ones with other hash seeds (an order that
    depends on a set's or a dict's hashing would show here), with the packets too."""
    for seed in ("0", "4242"):
        out = tmp_path / seed
        out.mkdir()
        result = subprocess.run(
            [sys.executable, "-m", "workbook", "build", str(SIX), "-o", str(out / "w.pdf"), "--per-person",
             str(out / "packets")],
            capture_output=True, text=True, timeout=600, cwd=tmp_path,
            env={**os.environ, "PYTHONHASHSEED": seed, "PYTHONDONTWRITEBYTECODE": "1"})
        assert result.returncode == 0, result.stderr
        assert (out / "w.pdf").read_bytes() == six.path.read_bytes(), f"PYTHONHASHSEED={seed}"
    packets = [sorted((tmp_path / seed / "packets").glob("*.pdf")) for seed in ("0", "4242")]
    assert len(packets[0]) == 6
    assert [p.read_bytes() for p in packets[0]] == [p.read_bytes() for p in packets[1]]
    assert stat.S_IMODE(six.path.stat().st_mode) == 0o600
    info = six.reader.metadata
    assert "Sam" not in str(dict(info)) and "Lopez" not in str(dict(info))


def test_nothing_but_the_pdf_is_written(tmp_path: Path) -> None:
    home, temp, out = tmp_path / "home", tmp_path / "tmp", tmp_path / "out"
    for folder in (home, temp, out):
        folder.mkdir()
    env = {**os.environ, "HOME": str(home), "TMPDIR": str(temp), "XDG_CACHE_HOME": str(home / ".cache"),
           "PYTHONDONTWRITEBYTECODE": "1"}
    code = "from workbook.cli import main; main()"
    result = subprocess.run([sys.executable, "-c", code, "build", str(PLANS / "six-people-mixed-scripts.yaml"),
                             "-o", str(out / "w.pdf")], env=env, capture_output=True, text=True, cwd=tmp_path,
                            timeout=600)
    assert result.returncode == 0, result.stderr
    assert list(home.iterdir()) == [] and list(temp.iterdir()) == []
    assert [p.name for p in out.iterdir()] == ["w.pdf"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["home", "out", "tmp"]


def test_a_failed_write_leaves_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "w.pdf"
    out.write_bytes(b"old")

    def full_disk(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(output.os, "fsync", full_disk)
    with pytest.raises(OutputError, match="No space left"):
        output.write_atomically(out, b"new" * 1000, force=True)
    assert out.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["w.pdf"]


_STALL_AFTER_LAYOUT = """
import time
import workbook.api
real = workbook.api._layout_pdf
def stall(*args, **kwargs):
    pdf = real(*args, **kwargs)
    print("laid out", flush=True)
    time.sleep(120)
    return pdf
workbook.api._layout_pdf = stall
from workbook.cli import main
main()
"""


def test_sigterm_leaves_no_partial_file_and_the_old_one_intact(tmp_path: Path) -> None:
    """SIGTERM once the PDF is laid out but not yet written: the CLI's handler stops cleanly (exit 130, a
    message), the old file stays, nothing else is left."""
    out = tmp_path / "w.pdf"
    out.write_bytes(b"old")
    process = subprocess.Popen(
        [sys.executable, "-c", _STALL_AFTER_LAYOUT, "build", "-o", str(out), "--force"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    try:
        wait_for_line(process, "laid out")
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=60)
    finally:
        process.kill()
        process.wait(timeout=30)
    assert process.returncode == 130, (process.returncode, stderr)
    assert stderr == "workbook: interrupted; nothing was written\n"
    assert out.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["w.pdf"]


def test_layout_failure_names_the_part_not_the_text(runner: CliRunner, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from workbook.pdf import flowables

    def broken(builder, block):  # type: ignore[no-untyped-def]
        raise RuntimeError("SECRET boom")

    monkeypatch.setitem(flowables.HANDLERS, flowables.b.Signatures, broken)
    result = runner.invoke(main, ["build", str(PLANS / "six-people-mixed-scripts.yaml"), "-o",
                                  str(tmp_path / "w.pdf")])
    assert result.exit_code == 1
    assert "RuntimeError" in result.output and "--debug" in result.output
    assert "SECRET" not in result.output
    assert_clean_exit(result, 1)
    assert not (tmp_path / "w.pdf").exists()


def test_the_active_content_check_sees_links_and_images(tmp_path: Path) -> None:
    """The check above can fail: unescaped markup does make a live link and an embedded image."""
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    image = tmp_path / "dot.png"
    import base64

    image.write_bytes(base64.b64decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="))
    unsafe = tmp_path / "unsafe.pdf"
    markup = f'<a href="http://example.org">x</a> <img src="{image}" width="5" height="5"/>'
    SimpleDocTemplate(str(unsafe)).build([Paragraph(markup, getSampleStyleSheet()["Normal"])])
    found = active_content(unsafe)
    assert any("URI" in f for f in found) and any("image" in f for f in found)


def test_very_long_values_flow_over_pages_and_stay_inside_the_margins(runner: CliRunner, tmp_path: Path) -> None:
    """Long words wrap, a long letter flows over pages, and a grid cell taller than a page splits."""
    from tests.pdfcheck import leaf_objects

    long_text = ("Medical detox, then residential care, with a description that goes on " * 8)[:500]
    program = {"name": "N" * 120, "phone": "5" * 120, "website": "w" * 500, "level_of_care": long_text,
               "insurance": long_text, "cost": long_text, "admission": long_text}
    plan = {
        "loved_one": {"name": "S" * 120},
        "program": dict(program),  # copies: PyYAML would write one object twice as an alias
        "alternatives": [dict(program), dict(program)],
        "participants": [{"name": "M" * 120, "letter": ("A" * 5000 + " ") * 3 + "\n\n" + "word " * 900,
                          "consequences": [("I will stop paying " * 30)[:500]] * 20, "support": ["x" * 500] * 20}],
        "meeting": {"place": "P" * 500, "sober_plan": "z " * 250},
    }
    path = write_plan(tmp_path / "long.yaml", plan, base=False)
    pdf = run_build(runner, tmp_path / "long.pdf", str(path))
    width, height = pdf.page_size()
    for number, _, (x0, y0, x1, y1) in leaf_objects(pdf.path):
        assert 54 - 4 <= x0 and x1 <= width - 54 + 4, f"page {number}: something runs off the side"
        assert y0 >= 0 and y1 <= height, f"page {number}: something runs off the page"
    values = pdf.values
    assert values["consequence.1.will"].startswith("I will stop paying")
    assert any(name.startswith("consequence.1.will-") for name in values) or any(
        w["name"].startswith("consequence.1.will-") for w in pdf.widgets), "the long value did not continue"
    assert "word word word" in pdf.text


def test_unicode_line_breaks_in_a_letter_are_line_breaks(runner: CliRunner, tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"  # U+2028, U+2029 and U+0085 are line breaks, as "\n" is
    plan.write_text('loved_one: {name: Sam}\nparticipants:\n  - name: Ana\n'
                    '    letter: "First line\\u2028Second line\\u2029\\u2029Third line\\x85\\x85Fourth line"\n')
    assert "First line Second line Third line Fourth line" in run_build(runner, tmp_path / "w.pdf", str(plan)).text
