"""Shared fixtures: one CLI runner, the workbooks built once per test session through the real CLI, and the
one rule for tests that need a system tool (skip, or fail under ``REQUIRE_TOOLS=1`` as ``.ci/run`` sets it)."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn

import pytest
import yaml
from click.testing import CliRunner, Result

from tests.pdfcheck import Pdf
from tests.validity import assert_valid_pdf
from workbook.api import example_plan_path
from workbook.cli import main

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]

PLANS = Path(__file__).parent / "plans"
SIX = PLANS / "six-people-mixed-scripts.yaml"
REQUIRE_TOOLS = os.environ.get("REQUIRE_TOOLS") == "1"


def missing_tool(reason: str) -> NoReturn:
    """A test cannot run without a system tool: skip it, or fail under ``REQUIRE_TOOLS=1`` (set by .ci/run)."""
    if REQUIRE_TOOLS:
        pytest.fail(f"REQUIRE_TOOLS=1, but {reason}", pytrace=False)
    pytest.skip(reason)


def needs_tool(available: bool, reason: str) -> pytest.MarkDecorator:
    """Mark a test that needs a tool: ``@needs_tool(shutil.which("qpdf") is not None, "needs qpdf")``."""
    return pytest.mark.needs_tool(available=available, reason=reason)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "needs_tool(available, reason): skip (or fail under REQUIRE_TOOLS=1) "
                                       "when a system tool is missing")


def pytest_runtest_setup(item: pytest.Item) -> None:
    for mark in item.iter_markers("needs_tool"):
        if not mark.kwargs["available"]:
            missing_tool(mark.kwargs["reason"])


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:  # type: ignore[no-untyped-def]
    if shutil.which("qpdf") is None:  # (here, not in the gate: with pytest-xdist the gate runs in the workers)
        terminalreporter.write_line("validity gate: qpdf is not installed, so no PDF was checked with qpdf --check "
                                    "(REQUIRE_TOOLS=1 makes this a failure)", yellow=True)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-visual", action="store_true",
                     help="store the rendered key pages as the new visual references (tests/visual/)")
    parser.addoption("--update-snapshots", action="store_true",
                     help="store the built guide's text as the new text snapshots (tests/snapshots/)")


def assert_clean_exit(result: Result, code: int) -> None:
    """The CLI stopped with ``code`` through ``sys.exit`` (a message, no traceback), not with an exception
    that CliRunner caught and hid."""
    assert result.exit_code == code, result.output
    assert result.exc_info is not None and result.exc_info[0] is SystemExit, result.exc_info


@pytest.fixture(scope="session")
def runner() -> CliRunner:
    return CliRunner()


def run_build(runner: CliRunner, out: Path, *args: str) -> Pdf:
    """Build through the CLI; every PDF built this way passes the validity gate."""
    result = runner.invoke(main, ["build", "-o", str(out), *args])
    assert result.exit_code == 0, result.output
    assert_valid_pdf(out)
    return Pdf(out)


def _shared_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder for session builds that every pytest-xdist worker of this run shares (their temporary folders
    are siblings), so that a build one worker made is not made again by another."""
    base = tmp_path_factory.getbasetemp()
    shared = os.environ.get("PYTEST_XDIST_WORKER") and fcntl is not None  # (no lock between processes: not shared)
    folder = (base.parent if shared else base) / "built-shared"
    folder.mkdir(exist_ok=True)
    return folder


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` (between processes; none where fcntl is missing, as on Windows)."""
    if fcntl is None:
        yield
        return
    with open(path, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


@pytest.fixture(scope="session")
def built(runner: CliRunner, tmp_path_factory: pytest.TempPathFactory,  # type: ignore[no-untyped-def]
          request: pytest.FixtureRequest):
    """Build a workbook once per distinct argument list: ``built("--layout", "a4")``. The example plan, named
    by its path or by --example, is one build; its Letter workbook is the ``example`` fixture's."""
    cache: dict[tuple[str, ...], Pdf] = {}
    folder = _shared_folder(tmp_path_factory)
    example_path = str(example_plan_path())

    def build(*args: str) -> Pdf:
        args = ("--example", *args[1:]) if args[:1] == (example_path,) else args
        if args == ("--example",):
            return request.getfixturevalue("example")
        if args not in cache:
            out = folder / f"{hashlib.sha256(repr(args).encode()).hexdigest()[:20]}.pdf"
            with _locked(out.with_suffix(".lock")):  # another worker may be building it: wait for it
                if not out.exists():  # the CLI puts a PDF in place only when it is complete
                    run_build(runner, out, *args)
            cache[args] = Pdf(out)
        return cache[args]

    return build


@pytest.fixture(scope="session")
def blank(built) -> Pdf:  # type: ignore[no-untyped-def]
    return built()


@pytest.fixture(scope="session")
def example(example_packets: tuple[Pdf, list[Pdf]]) -> Pdf:
    """The shipped example plan's workbook (built once, with its packets)."""
    return example_packets[0]


@pytest.fixture(scope="session")
def six(built) -> Pdf:  # type: ignore[no-untyped-def]
    """The six-person plan in several scripts (tests/plans/six-people-mixed-scripts.yaml)."""
    return built(str(SIX))


@pytest.fixture(scope="session")
def example_packets(runner: CliRunner, tmp_path_factory: pytest.TempPathFactory) -> tuple[Pdf, list[Pdf]]:
    """The shipped example plan built once, with one packet per person: (whole workbook, packets)."""
    folder = tmp_path_factory.mktemp("example")
    result = runner.invoke(main, ["build", "--example", "-o", str(folder / "example.pdf"),
                                  "--per-person", str(folder / "packets")])
    assert result.exit_code == 0, result.output
    packets = sorted((folder / "packets").glob("*.pdf"))  # not the manifest, .workbook-packets
    for packet in packets:
        assert_valid_pdf(packet)
    return Pdf(folder / "example.pdf"), [Pdf(packet) for packet in packets]


@pytest.fixture(scope="session")
def views(built):  # type: ignore[no-untyped-def]
    """``views(source, edition)`` (names in tests/editions.py): that edition built once through the CLI and its
    pages measured once (fill, text, type sizes), in reading order."""
    from tests.editions import edition_args, edition_layout
    from tests.layoutcheck import PageView, page_views

    cache: dict[tuple[str, str], list[PageView]] = {}

    def get(source: str, edition: str) -> list[PageView]:
        if (source, edition) not in cache:
            pdf = built(*edition_args(source, edition))
            layout = edition_layout(edition)
            cache[source, edition] = page_views(pdf.path, (layout.page.margin_top, layout.page.margin_bottom),
                                                halves=edition == "booklet")
        return cache[source, edition]

    return get


def write_layout(path: Path, values: dict[str, Any], extends: str = "letter") -> Path:
    """A layout file from a dict: ``{"footer": "...", "page": {"margin_left": "1in"}}`` (a dict is a table)."""
    def toml(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False)  # a JSON string, number or list of them is TOML too

    values = {"extends": extends, **values}
    lines = [f"{key} = {toml(value)}" for key, value in values.items() if not isinstance(value, dict)]
    for table, entries in ((k, v) for k, v in values.items() if isinstance(v, dict)):
        lines += [f"[{table}]", *(f"{key} = {toml(value)}" for key, value in entries.items())]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_plan(path: Path, changes: dict[str, Any], base: bool = True) -> Path:
    """A plan file: the shipped example plan (or nothing, ``base=False``) with ``changes`` laid over it, a dict
    into a dict, any other value in place of the example's."""
    def merged(into: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
        return {**into, **{key: merged(into[key], value) if isinstance(value, dict) and isinstance(into.get(key), dict)
                           else value for key, value in over.items()}}

    data = yaml.safe_load(example_plan_path().read_text(encoding="utf-8")) if base else {}
    path.write_text(yaml.safe_dump(merged(data, changes), allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture
def layout_file(tmp_path: Path):  # type: ignore[no-untyped-def]
    """``layout_file(values, extends="letter", name="layout.toml")``: a layout file in the test's folder."""
    def write(values: dict[str, Any], extends: str = "letter", name: str = "layout.toml") -> Path:
        return write_layout(tmp_path / name, values, extends)

    return write


@pytest.fixture
def plan_file(tmp_path: Path):  # type: ignore[no-untyped-def]
    """``plan_file(changes, base=True, name="plan.yaml")``: the example plan with changes, in the test's folder."""
    def write(changes: dict[str, Any], base: bool = True, name: str = "plan.yaml") -> Path:
        return write_plan(tmp_path / name, changes, base)

    return write
