"""Packet workers (``--per-person --jobs 2``) are tied to the run: a killed worker ends it at once with one
line and nothing written, and no worker outlives a parent killed with ``kill -9``. Bounded in time: each
test gives up after 30 s and kills what it started."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import suppress
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import write_plan

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="only Linux ends the workers when their run dies")

CLI = [sys.executable, "-c", "from workbook.cli import main; main()"]
BOUND = 30.0


def _plan(folder: Path, people: int = 40) -> Path:
    """Enough people that laying out their packets takes a while on two workers."""
    letter = "We love you and we are here for you. " * 60
    participants = [{"name": f"Person {n}", "letter": letter, "consequences": ["I will not lend money."]}
                    for n in range(1, people + 1)]
    return write_plan(folder / "plan.yaml", {"loved_one": {"name": "Sam"}, "participants": participants}, base=False)


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            with suppress(OSError):
                stat = Path(f"/proc/{entry}/stat").read_text()
                if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(int(entry))
    return found


def _alive(pid: int) -> bool:
    """Running (a zombie waiting for its new parent to reap it counts as gone)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


def _wait_for_children(process: subprocess.Popen[str], count: int) -> list[int]:
    deadline = time.monotonic() + BOUND / 2
    while time.monotonic() < deadline:
        children = _children(process.pid)
        if len(children) >= count:
            return children
        if process.poll() is not None:
            break
        time.sleep(0.02)
    pytest.fail(f"the build did not start {count} workers")


@pytest.fixture
def started() -> Iterator[list[Any]]:
    """The runs (Popen) and worker pids this test started; whatever is still alive at the end is killed."""
    items: list[Any] = []
    yield items
    for item in items:
        with suppress(OSError, subprocess.TimeoutExpired):
            if isinstance(item, subprocess.Popen):
                item.kill()
                item.communicate(timeout=5)
            else:
                os.kill(item, signal.SIGKILL)


def _start(tmp_path: Path, started: list[Any]) -> subprocess.Popen[str]:
    plan = _plan(tmp_path)
    process = subprocess.Popen([*CLI, "build", str(plan), "-o", str(tmp_path / "w.pdf"), "--per-person",
                                str(tmp_path / "packets"), "--jobs", "2"], start_new_session=True,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path)
    started.append(process)
    return process


def test_a_killed_worker_ends_the_run_with_one_line_and_nothing_written(tmp_path: Path,
                                                                        started: list[Any]) -> None:
    process = _start(tmp_path, started)
    workers = _wait_for_children(process, 2)
    started.extend(workers)
    os.kill(workers[0], signal.SIGKILL)  # as the out-of-memory killer does
    try:
        out, err = process.communicate(timeout=BOUND)
    except subprocess.TimeoutExpired:
        pytest.fail("the run hung after a worker was killed")
    assert process.returncode == 1
    assert err == "workbook: error: a packet worker stopped unexpectedly; nothing was written\n"
    assert out == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.yaml"]
    assert not [pid for pid in workers if _alive(pid)]


def test_workers_die_with_the_parent(tmp_path: Path, started: list[Any]) -> None:
    process = _start(tmp_path, started)
    workers = _wait_for_children(process, 2)
    started.extend(workers)
    process.kill()
    process.wait(timeout=BOUND)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(_alive(pid) for pid in workers):
        time.sleep(0.05)
    assert not [pid for pid in workers if _alive(pid)], "a worker outlived its parent"
    process.communicate(timeout=BOUND)  # the workers held the pipes open too: these end now


def test_sigterm_stops_the_workers_and_the_run(tmp_path: Path, started: list[Any]) -> None:
    process = _start(tmp_path, started)
    workers = _wait_for_children(process, 2)
    started.extend(workers)
    process.send_signal(signal.SIGTERM)
    try:
        _, err = process.communicate(timeout=BOUND)
    except subprocess.TimeoutExpired:
        pytest.fail("the run hung after SIGTERM")
    assert process.returncode == 130
    assert err == "workbook: interrupted; nothing was written\n"
    assert not [pid for pid in workers if _alive(pid)]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.yaml"]


def test_ctrl_c_stops_the_workers_and_the_run_with_one_line(tmp_path: Path, started: list[Any]) -> None:
    process = _start(tmp_path, started)
    workers = _wait_for_children(process, 2)
    started.extend(workers)
    os.killpg(process.pid, signal.SIGINT)  # as a terminal's Ctrl-C does: the run and its workers
    try:
        _, err = process.communicate(timeout=BOUND)
    except subprocess.TimeoutExpired:
        pytest.fail("the run hung after Ctrl-C")
    assert process.returncode == 130
    assert err == "workbook: interrupted; nothing was written\n"
    assert not [pid for pid in workers if _alive(pid)]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.yaml"]
