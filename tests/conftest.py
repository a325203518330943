"""Shared fixtures: one CLI runner, and the workbooks built once per test session through the real CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.pdfcheck import Pdf
from tests.validity import assert_valid_pdf
from workbook.cli import main

PLANS = Path(__file__).parent / "plans"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-visual", action="store_true",
                     help="store the rendered key pages as the new visual references (tests/visual/)")


@pytest.fixture(scope="session")
def runner() -> CliRunner:
    return CliRunner()


def run_build(runner: CliRunner, out: Path, *args: str) -> Pdf:
    """Build through the CLI; every PDF built this way passes the validity gate."""
    result = runner.invoke(main, ["build", "-o", str(out), *args])
    assert result.exit_code == 0, result.output
    assert_valid_pdf(out)
    return Pdf(out)


@pytest.fixture(scope="session")
def built(runner: CliRunner, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """Build a workbook once per distinct argument list: ``built("--layout", "a4")``."""
    cache: dict[tuple[str, ...], Pdf] = {}
    folder = tmp_path_factory.mktemp("built")

    def build(*args: str) -> Pdf:
        if args not in cache:
            cache[args] = run_build(runner, folder / f"w{len(cache)}.pdf", *args)
        return cache[args]

    return build


@pytest.fixture(scope="session")
def blank(built) -> Pdf:  # type: ignore[no-untyped-def]
    return built()


@pytest.fixture(scope="session")
def example_packets(runner: CliRunner, tmp_path_factory: pytest.TempPathFactory) -> tuple[Pdf, list[Pdf]]:
    """The shipped example plan built once, with one packet per person: (whole workbook, packets)."""
    folder = tmp_path_factory.mktemp("example")
    result = runner.invoke(main, ["build", "--example", "-o", str(folder / "example.pdf"),
                                  "--per-person", str(folder / "packets")])
    assert result.exit_code == 0, result.output
    packets = sorted((folder / "packets").iterdir())
    for packet in packets:
        assert_valid_pdf(packet)
    return Pdf(folder / "example.pdf"), [Pdf(packet) for packet in packets]
