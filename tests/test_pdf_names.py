"""PDF object names never come from the user's text, and every edition is reproducible, the booklet too."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner

from tests.conftest import needs_tool, run_build, write_plan

_PLAN = {"loved_one": {"name": "Sam"}, "participants": [{"name": "Trailer Park"}, {"name": "Obj Endobj Stream"}]}
_WORDS = re.compile(rb"(?i)trailer|endobj stream|obj-endobj")


@pytest.fixture(scope="module")
def trailer_park(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_plan(tmp_path_factory.mktemp("names") / "plan.yaml", _PLAN, base=False)


def _names(path: Path) -> set[str]:
    """Every PDF name used as a dictionary key or value outside stream data (resources, destinations, ...)."""
    found: set[str] = set()
    with pikepdf.open(path) as pdf:
        for obj in pdf.objects:
            stack = [obj]
            while stack:
                item = stack.pop()
                if item is not obj and isinstance(item, pikepdf.Object) and item.is_indirect:
                    continue  # visited as one of pdf.objects
                if isinstance(item, (pikepdf.Dictionary, pikepdf.Stream)):
                    for key in item.keys():
                        found.add(str(key))
                        stack.append(item.get(key))
                elif isinstance(item, pikepdf.Array):
                    stack.extend(item)
                elif isinstance(item, pikepdf.Name):
                    found.add(str(item))
        if "/Names" in pdf.Root and "/Dests" in pdf.Root.Names:
            found |= set(pikepdf.NameTree(pdf.Root.Names.Dests).keys())
        if "/Dests" in pdf.Root:
            found |= set(pdf.Root.Dests.keys())
    return found


@pytest.mark.parametrize("edition", [(), ("--booklet",)], ids=["fillable", "booklet"])
def test_no_pdf_name_comes_from_a_persons_name(runner: CliRunner, tmp_path: Path, trailer_park: Path,
                                               edition: tuple[str, ...]) -> None:
    pdf = run_build(runner, tmp_path / "w.pdf", str(trailer_park), *edition)
    assert "Trailer Park" in pdf.text
    assert _WORDS.search((tmp_path / "w.pdf").read_bytes()) is None
    names = _names(tmp_path / "w.pdf")
    assert len(names) > 20
    assert [name for name in names if re.search(r"(?i)trailer|park|endobj", name)] == []


@needs_tool(shutil.which("gs") is not None, "Ghostscript (gs) is not installed")
def test_ghostscript_renders_every_booklet_page(runner: CliRunner, tmp_path: Path, trailer_park: Path) -> None:
    """CUPS prints through Ghostscript: a page it cannot read is a page lost on paper."""
    out = tmp_path / "w.pdf"
    run_build(runner, out, str(trailer_park), "--booklet")
    with pikepdf.open(out) as pdf:
        sheets = len(pdf.pages)
    result = subprocess.run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-dPDFSTOPONERROR", "-sDEVICE=bbox",
                             str(out)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "error" not in result.stderr.lower() and "couldn't" not in result.stderr.lower(), result.stderr[-2000:]
    assert result.stderr.count("%%HiResBoundingBox") == sheets  # one box per sheet: every one was drawn


@pytest.mark.parametrize("edition", [(), ("--booklet",), ("--duplex", "--layout", "large-print"),
                                     ("--no-fields", "--layout", "a4")],
                         ids=["fillable", "booklet", "duplex", "print-only"])
def test_every_edition_gives_the_same_bytes_twice(runner: CliRunner, tmp_path: Path, built,  # type: ignore[no-untyped-def]
                                                  edition: tuple[str, ...]) -> None:
    """(The first build is the session's own, shared with other tests; reproducible across processes and hash
    seeds: test_hostile_input.py::test_output_is_private_and_reproducible_across_hash_seeds.)"""
    first = built("--example", *edition)
    run_build(runner, tmp_path / "second.pdf", "--example", *edition)
    assert first.path.read_bytes() == (tmp_path / "second.pdf").read_bytes()
