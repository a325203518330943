"""Child processes in tests: wait for a line the child prints, never longer than a timeout."""

from __future__ import annotations

import selectors
import subprocess
import time


def wait_for_line(process: subprocess.Popen[str], expected: str, timeout: float = 120) -> None:
    """Read the child's stdout until it prints ``expected`` (a whole line); fail after ``timeout`` seconds
    or when the child ends first."""
    assert process.stdout is not None
    deadline = time.monotonic() + timeout
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        while True:
            left = deadline - time.monotonic()
            assert left > 0, f"no line {expected!r} from the child within {timeout} s"
            if not selector.select(left):
                continue
            line = process.stdout.readline()
            assert line, f"the child ended (exit {process.wait(timeout=30)}) before printing {expected!r}"
            if line.rstrip("\n") == expected:
                return
